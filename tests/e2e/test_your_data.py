"""Your data in a real browser: upload the sample export, see the cohorts, put the measured
retention into the scenario and see the Overview change.

The sample's measured retention is 78.8% (2021–2024); with the default 1,000 active customers
and €250 to acquire one, the Overview then shows 1,000 × 21.2% = 212 customers lost a year and
212 × €250 = €53,000 to replace them (200 and €50,000 before).
"""

import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage
from devtools.server import running_app

pytestmark = [pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "sample_transactions.csv"
ENGLISH_EXPORT = ROOT / "tests" / "data" / "sample_transactions_en.csv"
OTHER_FIGURES = ("revenue_per_customer", "new_customers_per_year", "active_customers")
# What Streamlit's in-memory upload store holds, as /_stcore/metrics reports it.
UPLOAD_STORE = 'cache_memory_bytes{cache_type="UploadedFileManager",cache=""}'
METRICS_WAIT_S = 20  # the endpoint recomputes memory figures at most every 5 s


def apply_only_the_retention(page: Page, app: AppPage) -> None:
    """Untick every measured figure but the retention, put it into the scenario, see it done."""
    for name in OTHER_FIGURES:
        checkbox = page.locator(f".st-key-data-use-business-{name}")
        checkbox.locator("label").click()
        expect(checkbox.locator("input")).not_to_be_checked()
        app.wait()
    page.locator(".st-key-data-apply button").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Done:")).to_contain_text(
        "your scenario now uses the measured Annual retention (%)."
    )


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
    apply_only_the_retention(page, app)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Annual retention: 78.8%")
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.788(&|$)"))

    page.get_by_test_id("stMain").get_by_role("link", name="Open Overview").click()
    expect(app.metric("Customers lost per year")).to_have_text("212")
    expect(app.metric("Cost of replacing them, per year")).to_have_text("€53,000")
    expect(page).not_to_have_url(re.compile(r"/your_data"))
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.788(&|$)"))
    app.assert_healthy()


@pytest.fixture(scope="module")
def own_server() -> Iterator[str]:
    """A server for this module alone: its upload store holds only the files uploaded here."""
    with running_app() as server:
        yield server.base_url


def upload_store_bytes(base_url: str) -> int:
    """The bytes of the uploaded files the server keeps now, over all sessions (0: none)."""
    url = f"{base_url}/_stcore/metrics?families=cache_memory_bytes"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    for line in text.splitlines():
        if line.startswith(UPLOAD_STORE):
            return int(float(line.rsplit(" ", 1)[1]))
    return 0


def wait_for_upload_store(base_url: str, expected: int) -> None:
    deadline = time.monotonic() + METRICS_WAIT_S
    while (held := upload_store_bytes(base_url)) != expected and time.monotonic() < deadline:
        time.sleep(0.5)
    assert held == expected, f"the server holds {held} bytes of uploads, expected {expected}"


def test_forget_my_file_empties_the_uploader_and_the_servers_upload_store(
    page: Page, app: AppPage, own_server: str
):
    app.open(f"{own_server}/your_data?lang=en")
    privacy = page.get_by_text("Privacy: your file is sent to the server that runs this app")
    expect(privacy).to_contain_text("Streamlit's servers in the United States")
    expect(privacy).to_contain_text("keeps your session 2 minutes longer")  # the default TTL
    expect(page.locator(".st-key-data-upload-forget")).to_have_count(0)  # nothing to forget
    wait_for_upload_store(own_server, 0)

    uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(SAMPLE)
    expect(app.metric("Rows read")).to_have_text("3,026")
    chips = page.get_by_test_id("stMain").get_by_test_id("stFileChip")  # files in the uploader
    expect(chips).to_have_count(1)
    wait_for_upload_store(own_server, SAMPLE.stat().st_size)

    # Another file replaces the first one in the server's memory too.
    uploader.set_input_files(ENGLISH_EXPORT)
    expect(page.get_by_text("Showing sample_transactions_en.csv.")).to_be_visible()
    wait_for_upload_store(own_server, ENGLISH_EXPORT.stat().st_size)

    # A button with help is drawn twice, once hidden (to measure it).
    page.locator(".st-key-data-upload-forget button:visible").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Done:")).to_contain_text(
        "the file and everything read from it are gone from this session."
    )
    expect(page.get_by_text("Upload your sales export, or try the sample")).to_be_visible()
    expect(chips).to_have_count(0)
    wait_for_upload_store(own_server, 0)
    app.assert_healthy()


def sample_as_workbook(path: Path) -> None:
    """The sample export saved as an Excel workbook with typed cells (openpyxl), as an owner
    who opened it in Excel and saved it would have it."""
    from openpyxl import Workbook

    sales = pd.read_csv(SAMPLE, sep=";", decimal=",", thousands=".", encoding="cp1252")
    book = Workbook()
    sheet = book.active
    sheet.title = "Vendite"
    sheet.append(list(sales.columns))
    dates = pd.to_datetime(sales["Data documento"], format="%d/%m/%Y")
    for row, day in zip(sales.itertuples(index=False), dates, strict=True):
        cells = list(row)
        cells[list(sales.columns).index("Data documento")] = day.to_pydatetime()
        sheet.append(cells)
    book.save(path)


def test_upload_an_excel_workbook_see_its_cohorts_and_apply_its_retention(
    page: Page, app: AppPage, tmp_path: Path
):
    workbook = tmp_path / "vendite.xlsx"
    sample_as_workbook(workbook)
    app.open("/your_data?lang=en")
    uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(workbook)
    heatmap = app.chart("data_heatmap_chart")
    expect(heatmap).to_contain_text("Years since the first purchase")
    expect(page.get_by_text("Read from the Excel workbook")).to_be_visible()
    # The same sales as the CSV sample: the same measured retention.
    expect(app.metric("Annual retention (%)")).to_have_text("78.8%")
    app.assert_healthy()
    apply_only_the_retention(page, app)
    expect(page).to_have_url(re.compile(r"[?&]business\.retention=0\.788(&|$)"))
    app.assert_healthy()


def test_upload_a_zip_of_e_invoices_see_its_cohorts_and_apply_its_retention(
    page: Page, app: AppPage, tmp_path: Path
):
    from tests.app.test_your_data_invoices import ARCHIVE, FILES, annual_retention, described
    from ui.fmt import Formatter

    archive = tmp_path / "fatture.zip"
    archive.write_bytes(ARCHIVE)
    sales = described(FILES)
    retention = annual_retention(sales)
    f = Formatter("en")
    app.open("/your_data?lang=en")
    uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(archive)
    heatmap = app.chart("data_heatmap_chart")
    expect(heatmap).to_contain_text("Years since the first purchase")
    expect(page.get_by_text("Read from FatturaPA e-invoices")).to_be_visible()
    expect(page.get_by_text("The signatures of .p7m files are not verified")).to_be_visible()
    expect(app.metric("Customers")).to_have_text(f.number(sales["customer_id"].nunique()))
    expect(app.metric("Rows read")).to_have_text(f.number(len(sales)))
    expect(app.metric("Annual retention (%)")).to_have_text(f.percent(retention))
    app.assert_healthy()

    apply_only_the_retention(page, app)
    escaped = re.escape(f"{retention:g}")
    expect(page).to_have_url(re.compile(rf"[?&]business\.retention={escaped}(&|$)"))
    page.get_by_test_id("stMain").get_by_role("link", name="Open Overview").click()
    lost = 1000 * (1 - retention)  # the default 1,000 active customers
    expect(app.metric("Customers lost per year")).to_have_text(f.number(lost))
    expect(app.metric("Cost of replacing them, per year")).to_have_text(f.money(lost * 250))
    app.assert_healthy()
