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

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    HEALTH_TIMEOUT,
    free_port,
    metric_value,
    start_server,
    stop_server,
    wait_for_app,
    wait_until_healthy,
)

VIEWPORT = {"width": 1400, "height": 1300}
DEFAULT_OUT = ROOT / "docs" / "screenshot.png"
# Shown once the page has computed its numbers (default example: 200 customers lost).
READY_LABEL = "Customers lost per year"
RENDER_TIMEOUT_MS = 30_000


def take_screenshot(out: Path) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        wait_until_healthy(server, base_url, HEALTH_TIMEOUT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=VIEWPORT, locale="en-US", device_scale_factor=1)
                page.goto(f"{base_url}/?lang=en")
                wait_for_app(page)
                metric_value(page, READY_LABEL).wait_for(timeout=RENDER_TIMEOUT_MS)
                # Let fonts and the last layout pass settle before the picture.
                page.evaluate("document.fonts.ready")
                page.wait_for_timeout(500)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
            finally:
                browser.close()
    finally:
        stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to save the PNG")
    args = parser.parse_args()
    take_screenshot(args.out)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
