"""The handout on paper (issue #16): printed to an A4 PDF by Chromium, as a trainer prints it
from the browser, for the example scenario and every preset in both languages.

Each is a cover (title, the QR code of the scenario's link, the steps, the badges, the figures
that matter) and then one page per step: page N + 1 is step N, so a step that overflows, or a
source card pushed onto a page of its own, fails. No page is mostly empty: text covers at least
`MIN_COVERAGE` of every page's printable height (`devtools.handout_pdf.printed_pages` says how
that is measured; the emptiest pages, measured when this test was written, cover 0.63). The
appendix, when asked for, adds at most `MAX_APPENDIX_PAGES`.

The handout is built with `build_handout`, the function the Trainer mode's download button calls
(tests/e2e/test_present.py downloads it through the app and prints it too).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser

from calculators.scenario import Scenario, default_scenario, non_default_values
from devtools.handout_pdf import PrintedPage, has_poppler, print_handout, printed_pages
from ui.handout import build_handout
from ui.i18n import translate
from ui.present import STEPS
from ui.presets import load_presets
from ui.state import url_value

pytestmark = [pytest.mark.timeout(180)]

COUNT = len(STEPS)
PAGES = 1 + COUNT  # the cover, then one page per step
MAX_PAGES_DEFAULT = 12  # the bound for the example scenario without the appendix
MAX_APPENDIX_PAGES = 2
# A page whose text covers less than this share of its printable height is "mostly empty".
MIN_COVERAGE = 0.5
DAY = dt.date(2026, 12, 3)
APP_URL = "https://retention-lab.streamlit.app/"


def scenarios() -> dict[str, Scenario]:
    presets, problems = load_presets()
    assert problems == []
    return {"default": default_scenario(), **{p.id: p.scenario for p in presets}}


SCENARIOS = scenarios()


@pytest.fixture(scope="module", autouse=True)
def _poppler() -> None:
    if not has_poppler():
        message = "pdftotext/pdftoppm not found: install Debian's poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def share_link(scenario: Scenario, lang: str) -> str:
    """The scenario's link as the app writes it (`ui.state.share_params`), on the cover as a QR
    code: the longer the link, the larger the code."""
    params = {"lang": lang}
    params.update({path: url_value(v) for path, v in non_default_values(scenario).items()})
    return f"{APP_URL}?{urlencode(params)}"


def printed(
    browser: Browser, folder: Path, scenario: Scenario, lang: str, *, appendix: bool = False
) -> list[PrintedPage]:
    handout = folder / f"handout-{lang}.html"
    link = share_link(scenario, lang)
    handout.write_text(
        build_handout(scenario, lang, today=DAY, appendix=appendix, link=link), encoding="utf-8"
    )
    pdf = folder / f"handout-{lang}.pdf"
    pdf.write_bytes(print_handout(browser, handout))
    return printed_pages(pdf)


def kicker(lang: str, number: int) -> str:
    # The kicker is upper case on paper (CSS text-transform), so compare folded.
    return translate(lang, "present.handout.step", step=str(number), count=str(COUNT)).casefold()


def assert_cover_then_one_page_per_step(pages: list[PrintedPage], lang: str) -> None:
    cover = " ".join(pages[0].text.split())
    assert translate(lang, "present.handout.title") in cover
    assert translate(lang, "present.handout.qr") in cover
    assert translate(lang, "present.handout.inputs") in cover
    for number in range(1, COUNT + 1):
        text = " ".join(pages[number].text.split()).casefold()
        assert kicker(lang, number) in text, f"step {number} does not start page {number + 1}"
        others = [n for n in range(1, COUNT + 1) if n != number]
        assert not any(kicker(lang, n) in text for n in others), f"page {number + 1}"


def assert_no_page_mostly_empty(pages: list[PrintedPage]) -> None:
    emptiest = min(pages, key=lambda page: page.coverage)
    assert emptiest.coverage >= MIN_COVERAGE, (
        f"page {emptiest.number} of {len(pages)}: text covers {emptiest.coverage:.0%} of it"
    )


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_one_page_per_step_and_no_page_mostly_empty(
    browser: Browser, tmp_path: Path, name: str, lang: str
):
    pages = printed(browser, tmp_path, SCENARIOS[name], lang)
    assert len(pages) == PAGES, [f"{page.coverage:.2f}" for page in pages]
    assert len(pages) <= MAX_PAGES_DEFAULT
    assert_cover_then_one_page_per_step(pages, lang)
    assert_no_page_mostly_empty(pages)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_appendix_adds_a_page_or_two_with_every_figure(
    browser: Browser, tmp_path: Path, lang: str
):
    pages = printed(browser, tmp_path, default_scenario(), lang, appendix=True)
    assert PAGES < len(pages) <= PAGES + MAX_APPENDIX_PAGES
    assert_cover_then_one_page_per_step(pages, lang)
    assert_no_page_mostly_empty(pages)
    appendix = " ".join(" ".join(page.text.split()) for page in pages[PAGES:])
    assert translate(lang, "present.handout.appendix") in appendix
    # The last SERVQUAL weight, deep in the scenario: the list runs to its end.
    assert translate(lang, "field.expectations.empathy.weight.label") in appendix
