"""The Loyalty & profit page in a real browser: move the uplift, see the headline and the firm's
profit chart change; every chart renders, in both languages.

Defaults: 80% retention, +5 pp, margins growing with tenure from €300, CAC €250, 150 new
customers a year, 8% discount, 20 years. A new customer's net value is €1,285 today and €1,749 at
85% (€2,488 at 90%); the firm levels off at €522,724 a year at 85% (€1,024,959 at 90%).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    assert_page_healthy,
    enter_number,
    metric_value,
    number_input,
    open_page,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

NBSP = "\u00a0"
VALUE_EN = "Net value of a new customer"
LONG_RUN_EN = "Long-run profit per year"
UPLIFT_EN = "Retention uplift (percentage points)"
PROFIT_TITLE_EN = "Whole firm: yearly profit over 20 years"
CHART_TITLES_EN = (
    "Profit change against the retention uplift",
    PROFIT_TITLE_EN,
    "One new customer's net present value, by component",
    "Share of new customers still buying",
)
CHART_TITLES_IT = (
    "Variazione del profitto secondo l'aumento di fidelizzazione",
    "Intera azienda: utile annuo su 20 anni",
    "Valore attuale netto di un nuovo cliente, voce per voce",
    "Quota di nuovi clienti che comprano ancora",
)


def test_moving_the_uplift_changes_the_headline_and_the_profit_chart(page: Page):
    open_page(page, "/loyalty_profit?lang=en")
    value = metric_value(page, VALUE_EN)
    long_run = metric_value(page, LONG_RUN_EN)
    expect(value).to_have_text("€1,285 → €1,749")
    expect(long_run).to_have_text("€326,248 → €522,724")
    profit_chart = page.locator(".js-plotly-plot").filter(has_text=PROFIT_TITLE_EN)
    expect(profit_chart).to_contain_text("Improved (85%)")
    expect(profit_chart).to_contain_text("long run €522,724")
    uplift = number_input(page, UPLIFT_EN)
    expect(uplift).to_have_value("5")

    enter_number(uplift, "10")
    expect(value).to_have_text("€1,285 → €2,488")
    expect(long_run).to_have_text("€326,248 → €1,024,959")
    # During a rerun the old and the new chart briefly coexist: find the new one by its text.
    updated = profit_chart.filter(has_text="Improved (90%)")
    expect(updated).to_be_visible()
    expect(updated).to_contain_text("long run €1,024,959")
    expect(profit_chart.filter(has_text="Improved (85%)")).to_have_count(0)
    expect(page.get_by_text("Retention 80% → 90%: what it is worth")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]retention_program\.retention_uplift=0\.1(&|$)"))
    assert_page_healthy(page)


@pytest.mark.parametrize(
    ("lang", "titles", "value_label", "value"),
    [
        ("en", CHART_TITLES_EN, VALUE_EN, "€1,285 → €1,749"),
        ("it", CHART_TITLES_IT, "Valore netto di un nuovo cliente", f"1.285{NBSP}€ → 1.749{NBSP}€"),
    ],
)
def test_every_chart_renders_in_both_languages(page: Page, lang, titles, value_label, value):
    open_page(page, f"/loyalty_profit?lang={lang}")
    expect(metric_value(page, value_label)).to_have_text(value)
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(len(titles))
    for title in titles:
        chart = charts.filter(has_text=title)
        expect(chart).to_have_count(1)
        # Plotly drew it: an SVG with plotted traces, not an empty box.
        expect(chart.locator(".main-svg").first).to_be_visible()
        expect(chart.locator(".trace").first).to_be_attached()
    assert_page_healthy(page)


def test_the_relative_reading_gives_the_same_numbers_at_6_25_percent(page: Page):
    open_page(page, "/loyalty_profit?lang=en")
    value = metric_value(page, VALUE_EN)
    expect(value).to_have_text("€1,285 → €1,749")
    page.get_by_test_id("stSelectbox").filter(has_text="Read the uplift as").click()
    page.get_by_role("option", name=re.compile(r"^Relative change")).click()
    expect(number_input(page, "Retention uplift (relative, %)")).to_be_visible()
    expect(page.get_by_text("you entered a relative rise of 6.25%", exact=False)).to_be_visible()
    expect(value).to_have_text("€1,285 → €1,749")
    expect(page).to_have_url(re.compile(r"[?&]retention_program\.uplift_mode=relative(&|$)"))
    assert_page_healthy(page)
