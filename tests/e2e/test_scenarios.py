"""Scenarios in a real browser: a share link reproduces the view, a saved file brings it back,
and the comparison page draws its table, side-by-side chart and tornado."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from devtools.browser import AppPage

pytestmark = [pytest.mark.timeout(180)]

LOST = "Customers lost per year"
REPLACE = "Cost of replacing them, per year"
CLV = "Lifetime value of a customer (CLV)"


def _set_three_inputs(app: AppPage) -> None:
    app.enter_number("Active customers", "2000")
    expect(app.metric(LOST)).to_have_text("400")
    app.enter_number("Annual retention (%)", "90")
    expect(app.metric(LOST)).to_have_text("200")
    app.enter_number("Cost to acquire a new customer", "300")
    # 2,000 × 10% = 200 lost × €300.
    expect(app.metric(REPLACE)).to_have_text("€60,000")


def test_the_share_link_opens_the_same_numbers_in_a_new_browser(
    page: Page, app: AppPage, browser: Browser
):
    app.open("/?lang=en")
    _set_three_inputs(app)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Scenario: presets, save, load, share").click()
    link = sidebar.get_by_test_id("stCode").inner_text().strip()
    assert "business.active_customers=2000" in link
    assert "business.retention=0.9" in link
    assert "business.acquisition_cost=300.0" in link

    fresh = browser.new_context(locale="it-IT", viewport={"width": 1400, "height": 900})
    try:
        other = AppPage(fresh.new_page())
        other.open(link)
        expect(other.metric(LOST)).to_have_text("200")
        expect(other.metric(REPLACE)).to_have_text("€60,000")
        expect(other.metric(CLV)).to_have_text("€1,667")
        expect(other.number_input("Annual retention (%)")).to_have_value("90")
        other.assert_healthy()
    finally:
        fresh.close()


def test_a_saved_file_brings_the_numbers_back(page: Page, app: AppPage, tmp_path):
    app.open("/?lang=en")
    _set_three_inputs(app)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Scenario: presets, save, load, share").click()
    with page.expect_download() as download_info:
        sidebar.get_by_role("button", name="Save scenario (YAML)").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").startswith("# Retention Lab scenario")

    app.enter_number("Annual retention (%)", "70")
    expect(app.metric(LOST)).to_have_text("600")

    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(saved))
    expect(app.metric(LOST)).to_have_text("200")
    expect(app.metric(REPLACE)).to_have_text("€60,000")
    expect(sidebar.get_by_text(re.compile(r"Scenario loaded from"))).to_be_visible()
    app.assert_healthy()


def test_the_comparison_page_draws_table_chart_and_tornado(page: Page, app: AppPage):
    app.open("/scenarios?lang=en")
    expect(page.get_by_role("heading", name="Compare scenarios")).to_be_visible()
    charts = app.chart("cmp_chart_chart")
    expect(charts).to_contain_text("Headline results side by side")
    expect(charts).to_contain_text("Your current figures")
    tornado = app.chart("cmp_tornado_chart")
    expect(tornado).to_contain_text("Sensitivity of Lifetime value of a customer")
    expect(tornado).to_contain_text("Annual retention (%)")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    app.assert_healthy()
