"""The Word-of-mouth page in a real browser: the five charts render, and changing the tell-rate
or the complaints updates the numbers and the Sankey.

Defaults: 6 complaints at 4% = 150 customers with a problem; 146.4 unhappy customers (144 said
nothing, 2.4 complaints not resolved) tell 9 people each = 1,318 people a year.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage

pytestmark = [pytest.mark.timeout(120)]

NBSP = "\u00a0"
CHART_KEYS = ("iceberg", "flow", "reach", "retell", "handling")
TELL_NEGATIVE_EN = "People an unhappy customer tells"
UNHAPPY_REACH_EN = "People the unhappy tell"
BALANCE_EN = "Happy to balance one unhappy"
COMPLAINTS_IT = "Reclami ricevuti all'anno"
WITH_PROBLEM_IT = "Clienti con un problema"


def test_the_five_charts_render(app: AppPage):
    app.open("/word_of_mouth?lang=en")
    expect(app.metric(UNHAPPY_REACH_EN)).to_have_text("1,318")
    for key in CHART_KEYS:
        chart = app.chart(f"wom_{key}_chart")
        expect(chart).to_have_count(1)
        expect(chart.locator("svg.main-svg").first).to_be_visible()
    expect(app.chart("wom_flow_chart")).to_contain_text("Had a problem: 150")
    expect(app.chart("wom_reach_chart")).to_contain_text("Bad word of mouth: 1,318")
    app.assert_healthy()


def test_the_tell_rate_updates_the_numbers_and_the_sankey(page: Page, app: AppPage):
    app.open("/word_of_mouth?lang=en")
    reach = app.metric(UNHAPPY_REACH_EN)
    expect(reach).to_have_text("1,318")
    expect(app.metric(BALANCE_EN)).to_have_text("1.8")
    # During a rerun the old and new chart briefly coexist: look for the one with the new text,
    # then make sure the old one is gone.
    sankey = app.chart("wom_flow_chart")
    expect(sankey.filter(has_text="the unhappy tell 1,318 people")).to_be_visible()

    tell = app.number_input(TELL_NEGATIVE_EN)
    expect(tell).to_have_value("9")
    app.enter_number(TELL_NEGATIVE_EN, "20")
    # 146.4 unhappy customers × 20 people; 20 ÷ 5 happy.
    expect(reach).to_have_text("2,928")
    expect(app.metric(BALANCE_EN)).to_have_text("4.0")
    expect(sankey.filter(has_text="the unhappy tell 2,928 people")).to_be_visible()
    expect(sankey.filter(has_text="the unhappy tell 1,318 people")).to_have_count(0)
    expect(app.chart("wom_reach_chart")).to_contain_text("Bad word of mouth: 2,928")
    expect(page).to_have_url(re.compile(r"[?&]word_of_mouth\.tell_negative=20\.0(&|$)"))
    app.assert_healthy()


def test_more_complaints_grow_the_iceberg_and_the_sankey_in_italian(app: AppPage):
    app.open("/word_of_mouth?lang=it")
    with_problem = app.metric(WITH_PROBLEM_IT)
    expect(with_problem).to_have_text("150")
    sankey = app.chart("wom_flow_chart")
    expect(sankey.filter(has_text="Con un problema: 150")).to_be_visible()

    app.enter_number(COMPLAINTS_IT, "12")
    # 12 complaints ÷ 4% = 300; 288 said nothing.
    expect(with_problem).to_have_text("300")
    expect(sankey.filter(has_text="Con un problema: 300")).to_be_visible()
    expect(sankey).to_contain_text("Non hanno detto nulla: 288")
    expect(app.metric("Valore a rischio all'anno")).to_contain_text(f"{NBSP}€")
    app.assert_healthy()
