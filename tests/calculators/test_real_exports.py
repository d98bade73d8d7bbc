"""The files owners really have, read end to end by `read_transactions` (issue #14).

Each file is made in the repo (tests/data/spreadsheets.py, tests/data/text_exports.py) together
with what was written into it; the rows read are compared with that, through a plain pandas
frame built from the written values, never with another run of the reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from calculators.reports.your_data import analyse_transactions
from calculators.transactions import read_transactions
from tests.data import spreadsheets as books
from tests.data import text_exports as exports

XLS_FIXTURE = Path(__file__).resolve().parents[1] / "data" / "sales.xls"


def expected_frame(rows: list[tuple[str, dt.date, float | None]]) -> pd.DataFrame:
    """What the reader should give, built from the written values alone."""
    return pd.DataFrame(
        {
            "customer_id": [customer for customer, _, _ in rows],
            "date": pd.to_datetime([day for _, day, _ in rows]).astype("datetime64[s]"),
            "amount": [np.nan if amount is None else amount for _, _, amount in rows],
        }
    )


def as_plain(frame: pd.DataFrame) -> pd.DataFrame:
    plain = frame.copy()
    plain["customer_id"] = plain["customer_id"].astype(str)
    plain["date"] = plain["date"].astype("datetime64[s]")
    return plain.reset_index(drop=True)


def export_rows(export: exports.Export) -> list[tuple[str, dt.date, float | None]]:
    return [
        (sale.customer, sale.day, None if sale.cents is None else sale.cents / 100)
        for sale in export.sales
    ]


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("xlsx", lambda: books.xlsx_sales(8)),
        ("ods", lambda: books.ods_sales(8)),
        ("xls", XLS_FIXTURE.read_bytes),
    ],
)
def test_workbooks_are_read_with_their_typed_dates_and_amounts(kind, make) -> None:
    data = make()
    found = read_transactions(data)
    written = [(c, d, a) for c, d, a in books.sales_rows(len(found.frame))]
    assert found.summary.kind == kind
    assert found.summary.sheet == "Vendite"
    assert found.summary.date_format is None  # every date a date cell
    pd.testing.assert_frame_equal(as_plain(found.frame), expected_frame(written))
    # The total row under the table has no date: skipped and reported, not read as a sale.
    assert "bad_dates" in [issue.kind for issue in found.summary.skipped]
    assert found.summary.refunds is not None and found.summary.refunds.count == 1


def test_a_workbook_whose_first_sheet_is_empty_reads_the_first_with_data() -> None:
    found = read_transactions(books.xlsx_sales(6, first_sheet_empty=True))
    assert found.summary.sheet == "Vendite"
    assert found.summary.used_rows == 6


def test_a_space_aligned_export_without_header_and_compact_dates() -> None:
    export = exports.cdnow_export(40)
    found = read_transactions(export.data)
    assert found.summary.layout == "spaces"
    assert found.summary.date_format == "ymd_compact"
    expected = expected_frame(export_rows(export))
    pd.testing.assert_frame_equal(as_plain(found.frame), expected)


def test_a_fixed_width_export_with_names_holding_spaces() -> None:
    export = exports.fixed_width_export()
    found = read_transactions(export.data)
    assert found.frame.columns.tolist() == ["customer_id", "date", "amount"]
    assert found.summary.layout == "fixed"
    pd.testing.assert_frame_equal(as_plain(found.frame), expected_frame(export_rows(export)))


def test_a_visit_log_has_customers_and_dates_and_no_revenue() -> None:
    export = exports.visit_log()
    found = read_transactions(export.data)
    assert not found.summary.has_amounts
    written = export_rows(export)
    pd.testing.assert_frame_equal(as_plain(found.frame), expected_frame(written))
    report = analyse_transactions(found.frame)
    assert not report.has_amounts
    assert report.figures.revenue_per_customer is None
    customers = {customer for customer, _, _ in written}
    assert found.summary.customers == len(customers)


def test_ambiguous_days_and_months_are_read_day_first_and_the_other_reading_offered() -> None:
    export = exports.ambiguous_dates_export()
    found = read_transactions(export.data)
    assert found.summary.date_format == "dmy_slash"
    assert found.summary.date_alternatives == ("mdy_slash",)
    pd.testing.assert_frame_equal(as_plain(found.frame), expected_frame(export_rows(export)))
    other = read_transactions(export.data, date_format="mdy_slash")
    swapped = [(c, exports.month_first(d), a) for c, d, a in export_rows(export)]
    pd.testing.assert_frame_equal(as_plain(other.frame), expected_frame(swapped))
    assert other.summary.date_alternatives == ("dmy_slash",)


def test_quoted_amounts_like_1500_are_asked_about_when_nothing_settles_them() -> None:
    export = exports.quoted_amounts_export("ymd_dash")
    found = read_transactions(export.data)
    assert found.summary.decimal_ambiguous
    totals = dict(found.summary.decimal_totals)
    cents = sum(sale.cents or 0 for sale in export.sales)
    assert totals[","] == pytest.approx(cents / 100)  # the thousands reading: what was written
    # The decimal reading: Python's float reads "1.500" as 1.5.
    assert totals["."] == pytest.approx(sum(float(row[-1]) for row in export.cells))
    chosen = read_transactions(export.data, decimal=",")
    assert not chosen.summary.decimal_ambiguous
    pd.testing.assert_frame_equal(as_plain(chosen.frame), expected_frame(export_rows(export)))


def test_quoted_amounts_with_day_first_dates_are_read_as_thousands() -> None:
    export = exports.quoted_amounts_export("dmy_slash")
    found = read_transactions(export.data)
    assert not found.summary.decimal_ambiguous
    pd.testing.assert_frame_equal(as_plain(found.frame), expected_frame(export_rows(export)))


@pytest.mark.parametrize(
    ("make", "format_id"),
    [(exports.excel_serial_export, "excel_serial"), (exports.compact_dmy_export, "dmy_compact")],
)
def test_excel_serial_and_compact_day_first_dates(make, format_id) -> None:
    export = make()
    found = read_transactions(export.data)
    assert found.summary.date_format == format_id
    pd.testing.assert_frame_equal(as_plain(found.frame), expected_frame(export_rows(export)))
