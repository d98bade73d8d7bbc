"""The Loyalty & profit page in a real browser: move the uplift, see the headline and the firm's
profit chart change; every chart renders, in both languages.

Defaults: 80% retention, +5 pp, margins growing with tenure from €300, CAC €250, 150 new
customers a year, 8% discount, 20 years. A new customer's net value is €1,285 today and €1,749 at
85% (€2,488 at 90%); the firm levels off at €522,724 a year at 85% (€1,024,959 at 90%).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage

pytestmark = [pytest.mark.timeout(120)]

NBSP = "\u00a0"
VALUE_EN = "Net value of a new customer"
LONG_RUN_EN = "Long-run profit per year"
UPLIFT_EN = "Retention uplift (percentage points)"
PROFIT_TITLE_EN = "Your firm: yearly profit over 20 years"
CHART_TITLES_EN = (
    "Profit change against the retention uplift",
    PROFIT_TITLE_EN,
    "One new customer's net present value, by component",
    "Share of new customers still buying",
)
CHART_TITLES_IT = (
    "Variazione dell'utile in funzione dell'aumento della fidelizzazione",
    "La tua azienda: utile annuo su 20 anni",
    "Valore attuale netto di un nuovo cliente, voce per voce",
    "Quota di nuovi clienti che comprano ancora",
)


def test_moving_the_uplift_changes_the_headline_and_the_profit_chart(page: Page, app: AppPage):
    app.open("/loyalty_profit?lang=en")
    value = app.metric(VALUE_EN)
    long_run = app.metric(LONG_RUN_EN)
    expect(value).to_have_text("€1,285 → €1,749")
    expect(long_run).to_have_text("€326,248 → €522,724")
    profit_chart = page.locator(".js-plotly-plot").filter(has_text=PROFIT_TITLE_EN)
    expect(profit_chart).to_contain_text("Improved (85%)")
    expect(profit_chart).to_contain_text("long run €522,724")
    uplift = app.number_input(UPLIFT_EN)
    expect(uplift).to_have_value("5")

    app.enter_number(UPLIFT_EN, "10")
    expect(value).to_have_text("€1,285 → €2,488")
    expect(long_run).to_have_text("€326,248 → €1,024,959")
    # During a rerun the old and the new chart briefly coexist: find the new one by its text.
    updated = profit_chart.filter(has_text="Improved (90%)")
    expect(updated).to_be_visible()
    expect(updated).to_contain_text("long run €1,024,959")
    expect(profit_chart.filter(has_text="Improved (85%)")).to_have_count(0)
    expect(page.get_by_text("Retention 80% → 90%: what it is worth")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]retention_program\.retention_uplift=0\.1(&|$)"))
    app.assert_healthy()


@pytest.mark.parametrize(
    ("lang", "titles", "value_label", "value"),
    [
        ("en", CHART_TITLES_EN, VALUE_EN, "€1,285 → €1,749"),
        ("it", CHART_TITLES_IT, "Valore netto di un nuovo cliente", f"1.285{NBSP}€ → 1.749{NBSP}€"),
    ],
)
def test_every_chart_renders_in_both_languages(
    page: Page, app: AppPage, lang, titles, value_label, value
):
    app.open(f"/loyalty_profit?lang={lang}")
    expect(app.metric(value_label)).to_have_text(value)
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(len(titles))
    for title in titles:
        chart = charts.filter(has_text=title)
        expect(chart).to_have_count(1)
        # Plotly drew it: an SVG with plotted traces, not an empty box.
        expect(chart.locator(".main-svg").first).to_be_visible()
        expect(chart.locator(".trace").first).to_be_attached()
    app.assert_healthy()


def test_the_relative_reading_gives_the_same_numbers_at_6_25_percent(page: Page, app: AppPage):
    app.open("/loyalty_profit?lang=en")
    value = app.metric(VALUE_EN)
    expect(value).to_have_text("€1,285 → €1,749")
    page.get_by_test_id("stSelectbox").filter(has_text="Read the uplift as").click()
    page.get_by_role("option", name=re.compile(r"^Relative change")).click()
    expect(app.number_input("Retention uplift (relative, %)")).to_be_visible()
    expect(page.get_by_text("you entered a relative rise of 6.25%", exact=False)).to_be_visible()
    expect(value).to_have_text("€1,285 → €1,749")
    expect(page).to_have_url(re.compile(r"[?&]retention_program\.uplift_mode=relative(&|$)"))
    app.assert_healthy()
