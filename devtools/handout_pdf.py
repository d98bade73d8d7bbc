"""The handout on paper: printed to PDF by Chromium, measured with poppler's ``pdftotext``.

What the browser tests and ``scripts/screenshot.py`` share. A trainer prints the downloaded
HTML file from the browser; `print_handout` does the same (``page.pdf``, A4, the handout's own
``@page`` rules) once every chart is drawn. `page_coverage` says how much of each printed page
holds text, so a test can tell a full page from one a stray card spilled onto.

Coverage of a page: the share of its printable height (the page minus the handout's 14 mm top
and bottom margins) that lies within text, where text is every line ``pdftotext -bbox-layout``
finds (the charts' titles, ticks and labels are text in the PDF too) and a gap between two lines
shorter than `MAX_GAP_PT` counts as covered: paragraph spacing, or a chart's plot area between
its tick labels. A page whose text ends halfway down covers about 0.5.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, expect

PDFTOTEXT = "pdftotext"
PDFTOPPM = "pdftoppm"
MM_TO_PT = 72 / 25.4
PAGE_MARGIN_PT = 14 * MM_TO_PT  # assets/handout.css: @page { margin: 14mm }
# A gap between text lines shorter than this is part of the covered height (an inch: more than
# paragraph spacing and the distance between a chart's tick labels, less than a third of a card).
MAX_GAP_PT = 72.0
DRAW_TIMEOUT_MS = 30_000
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')


@dataclass(frozen=True)
class PrintedPage:
    number: int  # 1-based
    coverage: float  # share of the printable height covered by text, 0..1
    text: str  # the page's text in reading order (a block's lines together), as pdftotext reads it


def has_poppler() -> bool:
    return shutil.which(PDFTOTEXT) is not None and shutil.which(PDFTOPPM) is not None


def print_handout(browser: Browser, handout: Path) -> bytes:
    """The handout file printed to an A4 PDF in a fresh browser context, once every chart is
    drawn (the file is self-contained: nothing else is loaded)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(handout.as_uri())
        # pio.to_html's divs are "plotly-graph-div"; plotly.js adds "js-plotly-plot" once drawn.
        charts = page.locator(".plotly-graph-div").count()
        drawn = page.locator(".js-plotly-plot svg.main-svg")
        expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=DRAW_TIMEOUT_MS)
        if charts:
            expect(drawn.first).to_be_attached(timeout=DRAW_TIMEOUT_MS)
        page.evaluate("document.fonts.ready")
        pdf: bytes = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        return pdf
    finally:
        context.close()


def _covered(lines: list[tuple[float, float]], top: float, bottom: float) -> float:
    """Length of [top, bottom] within the lines, gaps shorter than `MAX_GAP_PT` included."""
    spans = sorted((max(y0, top), min(y1, bottom)) for y0, y1 in lines if y1 > top and y0 < bottom)
    covered = 0.0
    start = end = None
    for y0, y1 in spans:
        if start is None or end is None:
            start, end = y0, y1
        elif y0 - end <= MAX_GAP_PT:
            end = max(end, y1)
        else:
            covered += end - start
            start, end = y0, y1
    if start is not None and end is not None:
        covered += end - start
    return covered


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """Every page of `pdf` with its text coverage (see the module's docstring) and text."""
    boxes = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = []
    for number, match in enumerate(_PAGE.finditer(boxes), start=1):
        height = float(match.group(2))
        lines = [(float(y0), float(y1)) for y0, y1 in _LINE.findall(match.group(3))]
        top, bottom = PAGE_MARGIN_PT, height - PAGE_MARGIN_PT
        text = subprocess.run(
            [PDFTOTEXT, "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append(PrintedPage(number, _covered(lines, top, bottom) / (bottom - top), text))
    return pages


def page_images(pdf: Path, first: int, last: int, folder: Path, dpi: int) -> list[Path]:
    """Pages `first`..`last` of `pdf` as PNG files in `folder` (poppler's ``pdftoppm``)."""
    prefix = folder / "page"
    subprocess.run(
        [PDFTOPPM, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), prefix],
        check=True,
    )
    return sorted(folder.glob("page-*.png"))
