"""Tests for an archive of FatturaPA e-invoices read through `read_transactions` (issue #18).

Rows, customers and amounts are checked against the generator's description of the invoices
(`tests.data.fatturapa.expected_rows`), never against the XML or the reader; cohorts against the
independent count of tests/calculators/test_cohort_periods.py (pandas periods, Python sets).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from calculators.cohorts import cohort_retention
from calculators.reports.your_data import analyse_transactions
from calculators.transactions import (
    INVOICE_COLUMNS,
    TransactionFileError,
    read_transactions,
    sniff,
)
from tests.calculators.test_cohort_periods import FREQUENCIES, Independent, same
from tests.data import fatturapa as data

FILES = data.Population(customers=60).invoices(400)
ARCHIVE = data.archive(FILES)


def expected_frame(files: list[data.InvoiceFile]) -> pd.DataFrame:
    """The sales as the generator describes them, in archive order."""
    rows = data.expected_rows(files)
    return pd.DataFrame(
        {
            "customer_id": [customer for customer, *_ in rows],
            "date": pd.to_datetime([date for _, date, *_ in rows]),
            "amount": [float(amount) for *_, amount, _ in rows],
        }
    )


def test_an_invoice_archive_is_recognised_by_sniff_with_nothing_to_map() -> None:
    found = sniff(ARCHIVE)
    assert found.invoices and found.kind == "fatturapa"
    assert found.columns == INVOICE_COLUMNS


def test_rows_customers_and_amounts_match_the_invoices_described() -> None:
    found = read_transactions(ARCHIVE)
    expected = expected_frame(FILES)
    frame = found.frame
    assert frame.columns.tolist() == ["customer_id", "date", "amount"]
    assert frame["customer_id"].astype(str).tolist() == expected["customer_id"].tolist()
    assert frame["date"].tolist() == expected["date"].tolist()
    np.testing.assert_allclose(frame["amount"], expected["amount"], rtol=0, atol=1e-9)
    summary = found.summary
    assert (summary.kind, summary.layout, summary.has_amounts) == ("fatturapa", "invoices", True)
    assert summary.rows == summary.used_rows == len(expected)
    assert summary.customers == expected["customer_id"].nunique()
    assert summary.first_date == expected["date"].min().date()
    assert summary.last_date == expected["date"].max().date()
    credit_notes = expected[expected["amount"] < 0]
    assert summary.refunds is not None
    assert summary.refunds.count == len(credit_notes)
    assert summary.refunds.value == pytest.approx(credit_notes["amount"].sum())
    assert summary.skipped == ()
    facts = summary.invoices
    assert facts is not None and facts.files == len(FILES) and facts.skipped == ()
    assert facts.seller is not None and facts.seller.id == data.SELLER.expected_id
    buyers = {file.buyer.expected_id: file.buyer for file in FILES}
    assert set(facts.customer_labels) == set(buyers)
    person = next(b for b in buyers.values() if b.tax_code is not None)
    label = facts.customer_labels[person.expected_id]
    assert label.startswith(person.expected_name) and person.expected_id not in label


@pytest.mark.parametrize(("period", "window"), [("year", 1), ("quarter", 2), ("month", 3)])
def test_cohorts_of_an_archive_match_an_independent_count(period: str, window: int) -> None:
    found = read_transactions(ARCHIVE).frame
    expected = Independent(expected_frame(FILES), period)
    matrix = cohort_retention(found, window=window, period=period)
    assert [str(name) for name in matrix.index] == list(expected.matrix(window))
    for cohort, row in zip(matrix.to_numpy(), expected.matrix(window).values(), strict=True):
        same(cohort, row)
    report = analyse_transactions(found, window=window, period=period)
    assert report.period == period and report.has_amounts
    # The report leaves out an incomplete last period (the data end on 27 December 2024).
    described = expected_frame(FILES)
    if report.left_out_rows:
        start = pd.Period(report.incomplete_period, FREQUENCIES[period]).start_time
        described = described[described["date"] < start]
        assert report.left_out_rows == (expected_frame(FILES)["date"] >= start).sum()
    analysed = Independent(described, period)
    retention = report.by_year["retention"]
    assert [str(name) for name in retention.index] == analysed.labels
    same(retention.to_numpy(), analysed.retention(window))


def test_the_seller_chosen_gives_its_own_sales() -> None:
    files = data.Population(customers=30, sellers=(data.SELLER, data.OTHER_SELLER)).invoices(80)
    archive = data.archive(files)
    default = read_transactions(archive)
    other = read_transactions(archive, seller=data.OTHER_SELLER.expected_id)
    facts = other.summary.invoices
    assert facts is not None and facts.seller is not None
    assert facts.seller.id == data.OTHER_SELLER.expected_id
    assert {seller.id for seller in facts.sellers} == {
        data.SELLER.expected_id,
        data.OTHER_SELLER.expected_id,
    }
    own = [file for file in files if file.seller == data.OTHER_SELLER]
    expected = expected_frame(own)
    assert other.frame["customer_id"].astype(str).tolist() == expected["customer_id"].tolist()
    assert other.summary.customers == expected["customer_id"].nunique()
    assert default.summary.rows + other.summary.rows == len(data.expected_rows(files))


def test_skipped_files_and_left_out_documents_are_reported() -> None:
    good = FILES[:5]
    entries = [(data.file_name(file), data.invoice_xml(file)) for file in good]
    entries += [
        ("IT01234567890_broken.xml", data.corrupt_invoice(data.invoice_xml(FILES[6]))),
        ("../../etc/evil.xml", data.invoice_xml(FILES[7])),
        ("IT01234567890_00001 (1).xml", data.invoice_xml(good[0])),  # downloaded twice
    ]
    self_invoice = data.InvoiceFile(
        seller=data.SELLER,
        buyer=data.COMPANY,
        bodies=(data.Body(dt.date(2024, 5, 1), "A1", ((Decimal(22), Decimal(10)),), "TD17"),),
        sequence=999,
    )
    entries.append((data.file_name(self_invoice), data.invoice_xml(self_invoice)))
    found = read_transactions(data.zip_with_entries(entries))
    facts = found.summary.invoices
    assert facts is not None
    assert {(s.file, s.kind) for s in facts.skipped} == {
        ("IT01234567890_broken.xml", "corrupt"),
        ("../../etc/evil.xml", "unsafe_path"),
    }
    assert facts.duplicates == 1 and facts.excluded == (("TD17", 1),)
    kinds = {issue.kind: issue for issue in found.summary.skipped}
    assert kinds["invoices_excluded"].count == 1
    assert kinds["invoices_excluded"].examples == ("TD17",)
    assert kinds["invoices_duplicates"].count == 1
    assert found.summary.used_rows == len(data.expected_rows(good))
    assert found.summary.skipped_rows == 2


def test_a_zip_bomb_of_invoices_is_refused_with_an_invoice_message() -> None:
    with pytest.raises(TransactionFileError) as caught:
        read_transactions(data.zip_bomb(64))
    assert [issue.kind for issue in caught.value.issues] == ["invoices_archive_too_large"]


def test_an_archive_without_invoices_lists_the_files_skipped() -> None:
    archive = data.zip_with_entries(
        [
            ("IT01234567890_00001.xml", data.corrupt_invoice(data.invoice_xml(FILES[0]))),
            ("IT01234567890_00002.xml", data.invoice_xml(FILES[1])[:40]),
        ]
    )
    with pytest.raises(TransactionFileError) as caught:
        read_transactions(archive)
    assert [issue.kind for issue in caught.value.issues] == ["invoices_none"]
    assert caught.value.invoices is not None
    assert {s.kind for s in caught.value.invoices.skipped} == {"corrupt"}


def test_an_unknown_seller_is_named() -> None:
    with pytest.raises(TransactionFileError) as caught:
        read_transactions(ARCHIVE, seller="IT99999999999")
    issue = caught.value.issues[0]
    assert (issue.kind, issue.subject) == ("invoices_unknown_seller", "IT99999999999")


def test_a_single_invoice_file_is_read() -> None:
    found = read_transactions(data.invoice_xml(FILES[0]))
    assert found.summary.kind == "fatturapa"
    assert found.frame["customer_id"].astype(str).tolist() == [FILES[0].buyer.expected_id] * len(
        FILES[0].bodies
    )
