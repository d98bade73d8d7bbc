"""Take the README's screenshot: the Overview in English, saved as ``docs/screenshot.png``.

    /work/venv/bin/python scripts/screenshot.py [--out docs/screenshot.png]

Starts the app like the browser tests do (own port, headless), opens it in Debian's Chromium,
waits for the numbers and saves the window: sidebar (language, key figures) and the page's
inputs and headline numbers. The page scrolls inside ``stMain``, not the window, so
``full_page`` would add nothing; a tall viewport shows more instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import ViewportSize, sync_playwright  # noqa: E402

from devtools.browser import AppPage, chromium_launch_args  # noqa: E402
from devtools.server import running_app  # noqa: E402

VIEWPORT: ViewportSize = {"width": 1400, "height": 1300}
DEFAULT_OUT = ROOT / "docs" / "screenshot.png"
# Shown once the page has computed its numbers (default example: 200 customers lost).
READY_LABEL = "Customers lost per year"
RENDER_TIMEOUT_MS = 30_000


def take_screenshot(out: Path) -> None:
    with running_app() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_args())
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="en-US", device_scale_factor=1)
            app = AppPage(page)
            app.open(f"{server.base_url}/?lang=en")
            app.metric(READY_LABEL).wait_for(timeout=RENDER_TIMEOUT_MS)
            # Let fonts and the last layout pass settle before the picture.
            page.evaluate("document.fonts.ready")
            page.wait_for_timeout(500)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to save the PNG")
    args = parser.parse_args()
    take_screenshot(args.out)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
