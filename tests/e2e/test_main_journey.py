"""The main journeys in a real browser: read the numbers, switch language, change an input,
type a bad value, open a bad link and a shared link.

Defaults: 1,000 customers, 80% retention, €250 to acquire one, €300 margin each, so
200 customers lost a year and €50,000 to replace them (200 × €250).
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
    wait_for_app,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

NBSP = "\u00a0"  # babel puts a no-break space between an Italian amount and its symbol
RETENTION_EN = "Annual retention (%)"
RETENTION_IT = "Fidelizzazione annua (%)"
LOST_EN = "Customers lost per year"
LOST_IT = "Clienti persi all'anno"
REPLACE_OVERVIEW_EN = "Cost of replacing them, per year"
REPLACE_OVERVIEW_IT = "Costo per sostituirli, all'anno"
REPLACE_ACQ_EN = "Replacing the customers lost"


def test_overview_numbers_then_switch_to_italian(page: Page):
    open_page(page, "/?lang=en")
    expect(metric_value(page, LOST_EN)).to_have_text("200")
    expect(metric_value(page, REPLACE_OVERVIEW_EN)).to_have_text("€50,000")
    assert_page_healthy(page)

    page.get_by_test_id("stSidebar").get_by_text("Italiano", exact=True).click()
    wait_for_app(page)
    expect(metric_value(page, LOST_IT)).to_have_text("200")
    expect(metric_value(page, REPLACE_OVERVIEW_IT)).to_have_text(f"50.000{NBSP}€")
    expect(page.get_by_test_id("stSidebar").get_by_text("Lingua", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=it(&|$)"))
    assert_page_healthy(page)


def test_retention_change_updates_numbers_chart_and_url(page: Page):
    open_page(page, "/acquisition_vs_retention?lang=en")
    replacement = metric_value(page, REPLACE_ACQ_EN)
    expect(replacement).to_have_text("€50,000")
    # Plotly draws the legend as SVG text; during a rerun the old and new chart briefly coexist,
    # so look for the chart that has the expected legend, then make sure the old one is gone.
    bucket_chart = page.locator(".st-key-acq_bucket_chart .js-plotly-plot")
    expect(bucket_chart.filter(has_text="Today (80% retention)")).to_be_visible()
    retention = number_input(page, RETENTION_EN)
    expect(retention).to_have_value("80")

    enter_number(retention, "85")
    # 1,000 × 15% = 150 lost × €250 = €37,500.
    expect(replacement).to_have_text("€37,500")
    updated = bucket_chart.filter(has_text="Today (85% retention)")
    expect(updated).to_be_visible()
    expect(updated).to_contain_text("With the programme (90%)")
    expect(bucket_chart.filter(has_text="Today (80% retention)")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.85(&|$)"))
    assert_page_healthy(page)


def test_out_of_range_retention_shows_a_message_and_keeps_the_last_good_numbers(page: Page):
    open_page(page, "/acquisition_vs_retention?lang=en")
    retention = number_input(page, RETENTION_EN)
    replacement = metric_value(page, REPLACE_ACQ_EN)
    enter_number(retention, "85")
    expect(replacement).to_have_text("€37,500")

    enter_number(retention, "150")
    # The message sits in the input's own column, under it.
    column = page.get_by_test_id("stColumn").filter(has=retention)
    message = column.get_by_test_id("stAlert").filter(has_text="is out of range")
    expect(message).to_be_visible()
    expect(message).to_contain_text(RETENTION_EN)
    expect(message).to_contain_text("150%")
    expect(retention).to_have_value("150")  # what the user typed stays on screen
    expect(replacement).to_have_text("€37,500")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Annual retention: 85%")
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.85(&|$)"))
    assert_page_healthy(page)


def test_bad_link_values_are_listed_and_defaults_kept(page: Page):
    bad_values = "business.retention=abc&business.active_customers=-5"
    open_page(page, f"/acquisition_vs_retention?lang=en&{bad_values}")
    warning = page.get_by_test_id("stAlert").filter(has_text="Some values in the link")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(re.compile(r"Annual retention \(%\): abc is not a number"))
    expect(warning).to_contain_text(re.compile(r"Active customers: -5 is out of range"))
    expect(metric_value(page, REPLACE_ACQ_EN)).to_have_text("€50,000")
    expect(number_input(page, RETENTION_EN)).to_have_value("80")
    # The unusable values are dropped from the address, so a copied link is clean.
    expect(page).not_to_have_url(re.compile(r"abc|active_customers"))
    assert_page_healthy(page)


def test_a_shared_link_reopens_the_same_figures(page: Page, new_context):
    open_page(page, "/?lang=it")
    retention = number_input(page, RETENTION_IT)
    expect(retention).to_have_value("80")
    enter_number(retention, "90")
    expect(metric_value(page, LOST_IT)).to_have_text("100")
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.9(&|$)"))
    assert_page_healthy(page)

    # Someone else opens the link: a new browser context shares no session or storage.
    other = new_context().new_page()
    open_page(other, "/?lang=it&business.retention=0.9")
    expect(number_input(other, RETENTION_IT)).to_have_value("90")
    # 1,000 × 10% = 100 lost; 100 × €250 = €25,000.
    expect(metric_value(other, LOST_IT)).to_have_text("100")
    expect(metric_value(other, REPLACE_OVERVIEW_IT)).to_have_text(f"25.000{NBSP}€")
    assert_page_healthy(other)


def test_page_links_lead_to_the_acquisition_page(page: Page):
    open_page(page, "/?lang=en")
    expect(metric_value(page, LOST_EN)).to_have_text("200")
    page.get_by_test_id("stSidebarNav").get_by_text("Acquisition vs retention").click()
    expect(metric_value(page, REPLACE_ACQ_EN)).to_have_text("€50,000")
    expect(page).to_have_url(re.compile(r"/acquisition_vs_retention\?"))
    assert_page_healthy(page)
