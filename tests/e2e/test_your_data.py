"""Your data in a real browser: upload the sample export, see the cohorts, put the measured
retention into the scenario and see the Overview change.

The sample's measured retention is 78.8% (2021–2024); with the default 1,000 active customers
and €250 to acquire one, the Overview then shows 1,000 × 21.2% = 212 customers lost a year and
212 × €250 = €53,000 to replace them (200 and €50,000 before).
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage

pytestmark = [pytest.mark.timeout(120)]

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "sample_transactions.csv"
OTHER_FIGURES = ("revenue_per_customer", "new_customers_per_year", "active_customers")


def test_upload_the_sample_apply_its_retention_and_see_the_overview_change(
    page: Page, app: AppPage
):
    app.open("/your_data?lang=en")
    expect(page.get_by_text("Upload your sales export, or try the sample")).to_be_visible()
    app.assert_healthy()

    uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(SAMPLE)
    heatmap = app.chart("data_heatmap_chart")
    expect(heatmap).to_contain_text("Share of each cohort buying again")
    expect(heatmap).to_contain_text("Years since the first purchase")
    expect(heatmap).to_contain_text("100%")
    expect(app.metric("Rows read")).to_have_text("3,026")
    expect(app.metric("Annual retention (%)")).to_have_text("78.8%")
    app.assert_healthy()

    # Only the retention goes into the scenario.
    for name in OTHER_FIGURES:
        checkbox = page.locator(f".st-key-data-use-business-{name}")
        checkbox.locator("label").click()
        expect(checkbox.locator("input")).not_to_be_checked()
        app.wait()
    page.locator(".st-key-data-apply button").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Done:")).to_contain_text(
        "your scenario now uses the measured Annual retention (%)."
    )
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Annual retention: 78.8%")
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.788(&|$)"))

    page.get_by_test_id("stMain").get_by_role("link", name="Open Overview").click()
    expect(app.metric("Customers lost per year")).to_have_text("212")
    expect(app.metric("Cost of replacing them, per year")).to_have_text("€53,000")
    expect(page).not_to_have_url(re.compile(r"/your_data"))
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.788(&|$)"))
    app.assert_healthy()
