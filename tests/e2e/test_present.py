"""Trainer mode in a real browser: every step by the buttons, a reload on ``?step=5``, the sidebar
collapsed, a class number moving the headline, and the handout: downloaded, opened with the
network blocked (every chart drawn, no request leaving the machine) and printed to PDF: a cover
and one A4 page per step."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from devtools.browser import AppPage
from ui.handout import qr_svg
from ui.i18n import translate
from ui.present import STEPS

pytestmark = [pytest.mark.timeout(180)]

COUNT = len(STEPS)
# A PDF page object, not the /Pages tree: Chromium writes them uncompressed.
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
DRAW_TIMEOUT_MS = 30_000


# The title of each step, as tests/app/test_present_page.py checks them with the example figures.
TITLES = {
    "en": [
        "Why retention matters",
        "Winning customers or keeping them",
        "The complaint iceberg",
        "Word of mouth: 9 against 5",
        "Service recovery: 95% and 82%",
        "What +5\u00a0pp of retention are worth",
        "Delighted or just satisfied: 6×",
        "The expectations gap",
        "Myth or evidence?",
    ],
    "it": [
        "Perché trattenere i clienti",
        "Conquistare clienti o tenerli",
        "L'iceberg dei reclami",
        "Passaparola: 9 contro 5",
        "Recuperare il cliente: 95% e 82%",
        "+5\u00a0p.p. di fidelizzazione: il valore",
        "Entusiasti o solo soddisfatti: 6 volte",
        "Il divario di aspettative",
        "Leggenda o dato?",
    ],
}


def step_title(page: Page):
    return page.locator(".st-key-present_title h1")


def indicator(page: Page):
    return page.locator(".st-key-present_indicator")


def headline(page: Page):
    return page.locator('.st-key-present_headline [data-testid="stMetricValue"]')


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_step_with_the_buttons(page: Page, app: AppPage, lang: str):
    app.open(f"/present?lang={lang}")
    following = page.get_by_role("button", name=re.compile("Next|Avanti"))
    previous = page.get_by_role("button", name=re.compile("Previous|Indietro"))
    expect(previous).to_be_disabled()
    for number, title in enumerate(TITLES[lang], start=1):
        expect(indicator(page)).to_have_text(f"{number} / {COUNT}")
        expect(step_title(page)).to_have_text(title)
        expect(page).to_have_url(re.compile(rf"[?&]step={number}(&|$)"))
        expect(page.locator(".js-plotly-plot")).to_have_count(1)
        app.assert_healthy()
        if number < COUNT:
            following.click()
    expect(following).to_be_disabled()
    previous.click()
    expect(indicator(page)).to_have_text(f"{COUNT - 1} / {COUNT}")


def test_reload_on_step_five_lands_on_step_five(page: Page, app: AppPage):
    app.open("/present?lang=en&step=5")
    expect(indicator(page)).to_have_text(f"5 / {COUNT}")
    expect(step_title(page)).to_have_text(TITLES["en"][4])
    page.get_by_role("button", name=re.compile("Next")).click()
    expect(indicator(page)).to_have_text(f"6 / {COUNT}")
    expect(page).to_have_url(re.compile(r"[?&]step=6(&|$)"))
    page.reload()
    expect(indicator(page)).to_have_text(f"6 / {COUNT}")
    expect(step_title(page)).to_have_text(TITLES["en"][5])


def test_a_bad_step_opens_step_one(page: Page, app: AppPage):
    app.open("/present?lang=en&step=banana")
    expect(indicator(page)).to_have_text(f"1 / {COUNT}")
    expect(page).to_have_url(re.compile(r"[?&]step=1(&|$)"))
    app.assert_healthy()


def test_the_sidebar_is_collapsed_in_trainer_mode_only(page: Page, app: AppPage):
    sidebar = page.get_by_test_id("stSidebar")
    app.open("/?lang=en")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    # Into Trainer mode from the menu, in the same session: the sidebar folds away.
    sidebar.get_by_role("link", name="Trainer mode").click()
    expect(indicator(page)).to_have_text(f"1 / {COUNT}")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    # Opened straight from a link, Trainer mode starts collapsed too.
    app.open("/present?lang=en")
    expect(indicator(page)).to_have_text(f"1 / {COUNT}")
    expect(sidebar).to_have_attribute("data-collapsed", "true")


def test_a_class_number_moves_the_headline(page: Page, app: AppPage):
    app.open("/present?lang=en&step=3")
    expect(headline(page)).to_have_text("150")
    field = app.number_input("Complaints received per year")
    field.fill("12")
    field.press("Enter")
    expect(headline(page)).to_have_text("300")
    expect(indicator(page)).to_have_text(f"3 / {COUNT}")


def download_handout(app: AppPage, folder: Path, lang: str) -> Path:
    page = app.page
    app.open(f"/present?lang={lang}&step=2")
    expect(indicator(page)).to_have_text(f"2 / {COUNT}")
    return app.download_handout(
        translate(lang, "present.handout.button"),
        translate(lang, "present.handout.download"),
        folder / translate(lang, "present.handout.file"),
    )


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_handout_opens_offline_with_every_chart_and_prints(
    app: AppPage, browser: Browser, base_url: str, tmp_path: Path, lang: str
):
    saved = download_handout(app, tmp_path, lang)
    expected = {"it": "retention-lab_dispensa.html", "en": "retention-lab_handout.html"}
    assert saved.name == expected[lang]
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in text
    # The cover's QR code opens these figures (the example's: none changed) on the Overview.
    qr = qr_svg(f"{base_url}/?lang={lang}")
    assert qr is not None and qr in text

    # A fresh browser with the network cut: only the file itself may load.
    context = browser.new_context()
    leaving: list[str] = []

    def only_local(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            leaving.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    try:
        offline = context.new_page()
        errors: list[str] = []
        offline.on("pageerror", lambda error: errors.append(str(error)))
        offline.goto(saved.as_uri())
        plots = offline.locator(".js-plotly-plot")
        # Every step's chart, but the famous figures' table: an HTML table on paper.
        expect(plots).to_have_count(COUNT - 1, timeout=DRAW_TIMEOUT_MS)
        for index in range(COUNT - 1):
            expect(plots.nth(index).locator("svg.main-svg").first).to_be_attached()
        expect(offline.locator("table.chart-table")).to_have_count(1)
        expect(offline.locator(".step")).to_have_count(COUNT)
        for title in TITLES[lang]:
            expect(offline.get_by_role("heading", name=title, exact=True)).to_be_visible()
        assert errors == []
        assert leaving == []

        pdf = offline.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        pages = len(PDF_PAGE.findall(pdf))
        # The cover, then one page per step (tests/e2e/test_handout_print.py measures them).
        assert pages == COUNT + 1
        assert leaving == []
    finally:
        context.close()


def test_the_handout_with_its_appendix_when_ticked(app: AppPage, tmp_path: Path):
    app.open("/present?lang=en&step=1&business.retention=0.9")
    expect(indicator(app.page)).to_have_text(f"1 / {COUNT}")
    saved = app.download_handout(
        translate("en", "present.handout.button"),
        translate("en", "present.handout.download"),
        tmp_path / "with-appendix.html",
        appendix=translate("en", "present.handout.appendix_option"),
    )
    text = saved.read_text(encoding="utf-8")
    assert 'class="appendix"' in text
    qr = qr_svg(f"{app.page.url.split('/present')[0]}/?lang=en&business.retention=0.9")
    assert qr is not None and qr in text
    # The class's own figure, in bold on the cover and in the appendix.
    assert text.count('<tr class="changed"><td>Annual retention (%)</td>') == 2
