"""Take the README's screenshots: the Overview in English (``docs/screenshot.png``) and two facing
pages of the printed handout (``docs/handout.png``).

    /work/venv/bin/python scripts/screenshot.py [--out docs/screenshot.png]
                                                [--handout-out docs/handout.png]
                                                [--only overview|handout]

The Overview: starts the app like the browser tests do (own port, headless), opens it in Debian's
Chromium, waits for the numbers and saves the window: sidebar (language, key figures) and the
page's inputs and headline numbers. The page scrolls inside ``stMain``, not the window, so
``full_page`` would add nothing; a tall viewport shows more instead.

The handout: the example scenario's handout in English, printed to an A4 PDF by Chromium as a
trainer would print it (``devtools/handout_pdf.py``), then `FACING_PAGES` drawn by poppler's
``pdftoppm`` and set side by side, as an open booklet shows them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import ViewportSize, sync_playwright  # noqa: E402

from calculators.scenario import default_scenario  # noqa: E402
from devtools.browser import AppPage, chromium_launch_args  # noqa: E402
from devtools.handout_pdf import page_images, print_handout  # noqa: E402
from devtools.server import running_app  # noqa: E402
from ui.handout import build_handout  # noqa: E402

VIEWPORT: ViewportSize = {"width": 1400, "height": 1300}
DEFAULT_OUT = ROOT / "docs" / "screenshot.png"
# Shown once the page has computed its numbers (default example: 200 customers lost).
READY_LABEL = "Customers lost per year"
RENDER_TIMEOUT_MS = 30_000
DEFAULT_HANDOUT_OUT = ROOT / "docs" / "handout.png"
# A left (even) and a right (odd) page: steps 5 and 6, each with its chart and source card.
FACING_PAGES = (6, 7)
HANDOUT_DPI = 80
GUTTER_PX = 16
BACKGROUND = "#9CA3AF"  # the desk around the paper


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


def take_handout_pages(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        handout = Path(folder) / "handout.html"
        handout.write_text(build_handout(default_scenario(), "en"), encoding="utf-8")
        browser = playwright.chromium.launch(**chromium_launch_args())
        try:
            pdf = Path(folder) / "handout.pdf"
            pdf.write_bytes(print_handout(browser, handout))
        finally:
            browser.close()
        first, last = FACING_PAGES
        pages = [
            Image.open(path) for path in page_images(pdf, first, last, Path(folder), HANDOUT_DPI)
        ]
        width = sum(page.width for page in pages) + GUTTER_PX * (len(pages) + 1)
        height = max(page.height for page in pages) + 2 * GUTTER_PX
        spread = Image.new("RGB", (width, height), BACKGROUND)
        left = GUTTER_PX
        for page in pages:
            spread.paste(page, (left, GUTTER_PX))
            left += page.width + GUTTER_PX
        out.parent.mkdir(parents=True, exist_ok=True)
        spread.save(out, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to save the PNG")
    parser.add_argument(
        "--handout-out",
        type=Path,
        default=DEFAULT_HANDOUT_OUT,
        help="where to save the two facing handout pages (PNG)",
    )
    parser.add_argument(
        "--only", choices=("overview", "handout"), help="take one of the two screenshots"
    )
    args = parser.parse_args()
    if args.only != "handout":
        take_screenshot(args.out)
        print(f"saved {args.out}")
    if args.only != "overview":
        take_handout_pages(args.handout_out)
        print(f"saved {args.handout_out}")


if __name__ == "__main__":
    main()
