"""The main journeys in a real browser: read the numbers, switch language, change an input,
type a bad value, open a bad link and a shared link.

Defaults: 1,000 customers, 80% retention, €250 to acquire one, €300 margin each, so
200 customers lost a year and €50,000 to replace them (200 × €250).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage

pytestmark = [pytest.mark.timeout(120)]

NBSP = "\u00a0"  # babel puts a no-break space between an Italian amount and its symbol
RETENTION_EN = "Annual retention (%)"
RETENTION_IT = "Fidelizzazione annua (%)"
LOST_EN = "Customers lost per year"
LOST_IT = "Clienti persi all'anno"
REPLACE_OVERVIEW_EN = "Cost of replacing them, per year"
REPLACE_OVERVIEW_IT = "Costo per sostituire i clienti persi, all'anno"
REPLACE_ACQ_EN = "Replacing the customers lost"


def test_overview_numbers_then_switch_to_italian(page: Page, app: AppPage):
    app.open("/?lang=en")
    expect(app.metric(LOST_EN)).to_have_text("200")
    expect(app.metric(REPLACE_OVERVIEW_EN)).to_have_text("€50,000")
    app.assert_healthy()

    page.get_by_test_id("stSidebar").get_by_text("Italiano", exact=True).click()
    app.wait()
    expect(app.metric(LOST_IT)).to_have_text("200")
    expect(app.metric(REPLACE_OVERVIEW_IT)).to_have_text(f"50.000{NBSP}€")
    expect(page.get_by_test_id("stSidebar").get_by_text("Lingua", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=it(&|$)"))
    app.assert_healthy()


def test_retention_change_updates_numbers_chart_and_url(page: Page, app: AppPage):
    app.open("/acquisition_vs_retention?lang=en")
    replacement = app.metric(REPLACE_ACQ_EN)
    expect(replacement).to_have_text("€50,000")
    # Plotly draws the legend as SVG text; during a rerun the old and new chart briefly coexist,
    # so look for the chart that has the expected legend, then make sure the old one is gone.
    bucket_chart = app.chart("acq_bucket_chart")
    expect(bucket_chart.filter(has_text="Today (80% retention)")).to_be_visible()
    retention = app.number_input(RETENTION_EN)
    expect(retention).to_have_value("80")

    app.enter_number(RETENTION_EN, "85")
    # 1,000 × 15% = 150 lost × €250 = €37,500.
    expect(replacement).to_have_text("€37,500")
    updated = bucket_chart.filter(has_text="Today (85% retention)")
    expect(updated).to_be_visible()
    expect(updated).to_contain_text("With the programme (90%)")
    expect(bucket_chart.filter(has_text="Today (80% retention)")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.85(&|$)"))
    app.assert_healthy()


def test_out_of_range_retention_shows_a_message_and_keeps_the_last_good_numbers(
    page: Page, app: AppPage
):
    app.open("/acquisition_vs_retention?lang=en")
    retention = app.number_input(RETENTION_EN)
    replacement = app.metric(REPLACE_ACQ_EN)
    app.enter_number(RETENTION_EN, "85")
    expect(replacement).to_have_text("€37,500")

    app.enter_number(RETENTION_EN, "150")
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
    app.assert_healthy()


def test_bad_link_values_are_listed_and_defaults_kept(page: Page, app: AppPage):
    bad_values = "business.retention=abc&business.active_customers=-5"
    app.open(f"/acquisition_vs_retention?lang=en&{bad_values}")
    warning = page.get_by_test_id("stAlert").filter(has_text="Some values in the link")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(re.compile(r"Annual retention \(%\): abc is not a number"))
    expect(warning).to_contain_text(re.compile(r"Active customers: -5 is out of range"))
    expect(app.metric(REPLACE_ACQ_EN)).to_have_text("€50,000")
    expect(app.number_input(RETENTION_EN)).to_have_value("80")
    # The unusable values are dropped from the address, so a copied link is clean.
    expect(page).not_to_have_url(re.compile(r"abc|active_customers"))
    app.assert_healthy()


def test_a_shared_link_reopens_the_same_figures(page: Page, app: AppPage, new_context):
    app.open("/?lang=it")
    retention = app.number_input(RETENTION_IT)
    expect(retention).to_have_value("80")
    app.enter_number(RETENTION_IT, "90")
    expect(app.metric(LOST_IT)).to_have_text("100")
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.9(&|$)"))
    app.assert_healthy()

    # Someone else opens the link: a new browser context shares no session or storage.
    other = AppPage(new_context().new_page())
    other.open("/?lang=it&business.retention=0.9")
    expect(other.number_input(RETENTION_IT)).to_have_value("90")
    # 1,000 × 10% = 100 lost; 100 × €250 = €25,000.
    expect(other.metric(LOST_IT)).to_have_text("100")
    expect(other.metric(REPLACE_OVERVIEW_IT)).to_have_text(f"25.000{NBSP}€")
    other.assert_healthy()


def test_page_links_lead_to_the_acquisition_page(page: Page, app: AppPage):
    app.open("/?lang=en")
    expect(app.metric(LOST_EN)).to_have_text("200")
    page.get_by_test_id("stSidebarNav").get_by_text("Acquisition vs retention").click()
    expect(app.metric(REPLACE_ACQ_EN)).to_have_text("€50,000")
    expect(page).to_have_url(re.compile(r"/acquisition_vs_retention\?"))
    app.assert_healthy()
