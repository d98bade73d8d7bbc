"""The Word-of-mouth page in a real browser: the five charts render, and changing the tell-rate
or the complaints updates the numbers and the Sankey.

Defaults: 6 complaints at 4% = 150 customers with a problem; 146.4 unhappy customers (144 said
nothing, 2.4 complaints not resolved) tell 9 people each = 1,318 people a year.
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
CHART_KEYS = ("iceberg", "flow", "reach", "retell", "handling")
TELL_NEGATIVE_EN = "People an unhappy customer tells"
UNHAPPY_REACH_EN = "People the unhappy tell"
BALANCE_EN = "Happy to balance one unhappy"
COMPLAINTS_IT = "Reclami ricevuti all'anno"
WITH_PROBLEM_IT = "Clienti con un problema"


def chart(page: Page, key: str):
    return page.locator(f".st-key-wom_{key}_chart .js-plotly-plot")


def test_the_five_charts_render(page: Page):
    open_page(page, "/word_of_mouth?lang=en")
    expect(metric_value(page, UNHAPPY_REACH_EN)).to_have_text("1,318")
    for key in CHART_KEYS:
        expect(chart(page, key)).to_have_count(1)
        expect(chart(page, key).locator("svg.main-svg").first).to_be_visible()
    expect(chart(page, "flow")).to_contain_text("Had a problem: 150")
    expect(chart(page, "reach")).to_contain_text("Bad word of mouth: 1,318")
    assert_page_healthy(page)


def test_the_tell_rate_updates_the_numbers_and_the_sankey(page: Page):
    open_page(page, "/word_of_mouth?lang=en")
    reach = metric_value(page, UNHAPPY_REACH_EN)
    expect(reach).to_have_text("1,318")
    expect(metric_value(page, BALANCE_EN)).to_have_text("1.8")
    # During a rerun the old and new chart briefly coexist: look for the one with the new text,
    # then make sure the old one is gone.
    sankey = chart(page, "flow")
    expect(sankey.filter(has_text="the unhappy tell 1,318 people")).to_be_visible()

    tell = number_input(page, TELL_NEGATIVE_EN)
    expect(tell).to_have_value("9")
    enter_number(tell, "20")
    # 146.4 unhappy customers × 20 people; 20 ÷ 5 happy.
    expect(reach).to_have_text("2,928")
    expect(metric_value(page, BALANCE_EN)).to_have_text("4.0")
    expect(sankey.filter(has_text="the unhappy tell 2,928 people")).to_be_visible()
    expect(sankey.filter(has_text="the unhappy tell 1,318 people")).to_have_count(0)
    expect(chart(page, "reach")).to_contain_text("Bad word of mouth: 2,928")
    expect(page).to_have_url(re.compile(r"[?&]word_of_mouth\.tell_negative=20\.0(&|$)"))
    assert_page_healthy(page)


def test_more_complaints_grow_the_iceberg_and_the_sankey_in_italian(page: Page):
    open_page(page, "/word_of_mouth?lang=it")
    with_problem = metric_value(page, WITH_PROBLEM_IT)
    expect(with_problem).to_have_text("150")
    sankey = chart(page, "flow")
    expect(sankey.filter(has_text="Con un problema: 150")).to_be_visible()

    enter_number(number_input(page, COMPLAINTS_IT), "12")
    # 12 complaints ÷ 4% = 300; 288 said nothing.
    expect(with_problem).to_have_text("300")
    expect(sankey.filter(has_text="Con un problema: 300")).to_be_visible()
    expect(sankey).to_contain_text("Non hanno detto nulla: 288")
    expect(metric_value(page, "Valore a rischio all'anno")).to_contain_text(f"{NBSP}€")
    assert_page_healthy(page)
