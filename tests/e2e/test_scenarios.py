"""Scenarios in a real browser: a share link reproduces the view, a saved file brings it back,
and the comparison page draws its table, side-by-side chart and tornado."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    assert_page_healthy,
    enter_number,
    metric_value,
    number_input,
    open_page,
    wait_for_app,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

LOST = "Customers lost per year"
REPLACE = "Cost of replacing them, per year"
CLV = "Lifetime value of a customer (CLV)"


def _set_three_inputs(page: Page) -> None:
    enter_number(number_input(page, "Active customers"), "2000")
    expect(metric_value(page, LOST)).to_have_text("400")
    enter_number(number_input(page, "Annual retention (%)"), "90")
    expect(metric_value(page, LOST)).to_have_text("200")
    enter_number(number_input(page, "Cost to acquire a new customer"), "300")
    # 2,000 × 10% = 200 lost × €300.
    expect(metric_value(page, REPLACE)).to_have_text("€60,000")


def test_the_share_link_opens_the_same_numbers_in_a_new_browser(page: Page, browser: Browser):
    open_page(page, "/?lang=en")
    _set_three_inputs(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Scenario: presets, save, load, share").click()
    link = sidebar.get_by_test_id("stCode").inner_text().strip()
    assert "business.active_customers=2000" in link
    assert "business.retention=0.9" in link
    assert "business.acquisition_cost=300.0" in link

    fresh = browser.new_context(locale="it-IT", viewport={"width": 1400, "height": 900})
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_app(other)
        expect(metric_value(other, LOST)).to_have_text("200")
        expect(metric_value(other, REPLACE)).to_have_text("€60,000")
        expect(metric_value(other, CLV)).to_have_text("€1,667")
        expect(number_input(other, "Annual retention (%)")).to_have_value("90")
        assert_page_healthy(other)
    finally:
        fresh.close()


def test_a_saved_file_brings_the_numbers_back(page: Page, tmp_path):
    open_page(page, "/?lang=en")
    _set_three_inputs(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Scenario: presets, save, load, share").click()
    with page.expect_download() as download_info:
        sidebar.get_by_role("button", name="Save scenario (YAML)").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").startswith("# Retention Lab scenario")

    enter_number(number_input(page, "Annual retention (%)"), "70")
    expect(metric_value(page, LOST)).to_have_text("600")

    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(saved))
    expect(metric_value(page, LOST)).to_have_text("200")
    expect(metric_value(page, REPLACE)).to_have_text("€60,000")
    expect(sidebar.get_by_text(re.compile(r"Scenario loaded from"))).to_be_visible()
    assert_page_healthy(page)


def test_the_comparison_page_draws_table_chart_and_tornado(page: Page):
    open_page(page, "/scenarios?lang=en")
    expect(page.get_by_role("heading", name="Compare scenarios")).to_be_visible()
    charts = page.locator(".st-key-compare_chart .js-plotly-plot")
    expect(charts).to_contain_text("Headline results side by side")
    expect(charts).to_contain_text("Your current figures")
    tornado = page.locator(".st-key-compare_tornado .js-plotly-plot")
    expect(tornado).to_contain_text("Sensitivity of Lifetime value of a customer")
    expect(tornado).to_contain_text("Annual retention (%)")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert_page_healthy(page)
