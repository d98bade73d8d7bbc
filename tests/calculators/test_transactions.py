"""Tests for calculators.transactions: Italian and English exports, guesses, and bad files."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.transactions import (
    EXAMPLE_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_VALUE_CHARS,
    ColumnMapping,
    TransactionFileError,
    decimal_mark,
    detect_date_format,
    guess_columns,
    parse_amounts,
    read_transactions,
    sniff,
)

ROOT = Path(__file__).resolve().parents[2]
ITALIAN_SAMPLE = ROOT / "assets" / "sample_transactions.csv"
ENGLISH_SAMPLE = ROOT / "tests" / "data" / "sample_transactions_en.csv"


def kinds(error: pytest.ExceptionInfo[TransactionFileError]) -> list[str]:
    return [issue.kind for issue in error.value.issues]


def read(text: str, encoding: str = "utf-8", **kwargs) -> pd.DataFrame:
    return read_transactions(text.encode(encoding), **kwargs).frame


# --- the samples -------------------------------------------------------------------------------


def test_italian_sample_is_an_italian_export() -> None:
    data = ITALIAN_SAMPLE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # cp1252, as Italian Excel saves it
    found = sniff(data)
    assert (found.encoding, found.separator) == ("cp1252", ";")
    assert found.guess == ColumnMapping("Codice cliente", "Data documento", "Totale €")
    assert "Niccolò" in " ".join(found.preview["Cliente"])
    summary = read_transactions(data).summary
    assert (summary.decimal, summary.date_format) == (",", "dmy_slash")
    assert (summary.rows, summary.used_rows, summary.customers) == (3026, 3026, 317)
    assert summary.first_date == dt.date(2019, 1, 1)
    assert summary.last_date == dt.date(2025, 6, 13)
    assert summary.skipped == ()
    assert summary.refunds is not None and summary.refunds.count == 4


def test_italian_and_english_samples_read_the_same_transactions() -> None:
    italian = read_transactions(ITALIAN_SAMPLE.read_bytes())
    english = read_transactions(ENGLISH_SAMPLE.read_bytes())
    assert english.summary.separator == ","
    assert english.summary.date_format == "mdy_slash"
    assert english.summary.decimal == "."
    pd.testing.assert_frame_equal(
        italian.frame.astype({"customer_id": str}), english.frame.astype({"customer_id": str})
    )
    assert italian.frame["amount"].max() > 1000  # thousands marks were read in both formats
    for field in ("rows", "used_rows", "customers", "first_date", "last_date"):
        assert getattr(italian.summary, field) == getattr(english.summary, field), field
    assert italian.summary.refunds.count == english.summary.refunds.count == 4
    assert italian.summary.refunds.value == english.summary.refunds.value


# --- encodings and separators ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_are_recognised(encoding: str, expected: str) -> None:
    text = "Cliente;Data;Importo\nNiccolò Caffè;01/02/2024;12,50\nRossi;03/02/2024;7,00\n"
    found = read_transactions(text.encode(encoding))
    assert found.summary.encoding == expected
    assert list(found.frame["customer_id"]) == ["Niccolò Caffè", "Rossi"]


def test_latin1_bytes_that_cp1252_cannot_decode_fall_back_to_latin1() -> None:
    data = "Cliente;Data;Importo\nA\x81;01/02/2024;1\n".encode("latin-1")
    assert read_transactions(data).summary.encoding == "latin-1"


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_separators_are_recognised(separator: str) -> None:
    rows = ["customer", "date", "amount"], ["A", "2024-01-05", "10"], ["B", "2024-02-05", "7.5"]
    text = "\n".join(separator.join(row) for row in rows) + "\n"
    found = read_transactions(text.encode())
    assert found.summary.separator == separator
    assert found.frame["amount"].tolist() == [10.0, 7.5]


def test_excel_sep_line_is_honoured() -> None:
    frame = read("sep=;\nCliente;Data;Importo\nA;01/02/2024;3,5\n")
    assert frame["amount"].tolist() == [3.5]


def test_decimal_commas_do_not_fool_the_separator() -> None:
    # Split on commas, every line would have two fields; the header has one.
    found = read_transactions(b"cliente;data;importo\nA;01/02/2024;12,50\nB;02/02/2024;3,00\n")
    assert found.summary.separator == ";"
    assert found.frame["amount"].tolist() == [12.5, 3.0]


def test_quoted_english_amounts_with_thousands_commas() -> None:
    frame = read('customer,date,total\n"Rossi, Mario",2024-01-05,"1,234.50"\nB,2024-01-06,7\n')
    assert frame["customer_id"].tolist() == ["Rossi, Mario", "B"]
    assert frame["amount"].tolist() == [1234.5, 7.0]


def test_windows_line_ends_and_blank_lines() -> None:
    frame = read("cliente;data;importo\r\nA;01/02/2024;1\r\n\r\nB;02/02/2024;2\r\n")
    assert frame["customer_id"].tolist() == ["A", "B"]


# --- values -----------------------------------------------------------------------------------


def test_italian_amounts_with_thousands_points_and_currency() -> None:
    text = "cliente;data;importo\nA;01/02/2024;1.234,56\nB;01/02/2024;€ 12,50\nC;01/02/2024;7\n"
    assert read(text)["amount"].tolist() == [1234.56, 12.5, 7.0]


def test_whole_amounts_then_decimals_far_down_are_read_right() -> None:
    # The preview sees whole numbers only; the decimal mark is settled on every value.
    lines = [f"C{i};01/02/2024;{i}" for i in range(300)] + ["X;01/02/2024;1.234,5"]
    frame = read("cliente;data;importo\n" + "\n".join(lines) + "\n")
    assert frame["amount"].iloc[-1] == 1234.5
    assert frame["amount"].iloc[5] == 5.0


def test_decimal_mark_votes() -> None:
    assert decimal_mark(["12,50", "3"]) == ","
    assert decimal_mark(["12.50", "3"], ",") == "."
    assert decimal_mark(["1.234.567,00"]) == ","
    assert decimal_mark(["1,234,567.00"], ",") == "."
    assert decimal_mark(["12"], ",") == "."


def test_parse_amounts_rejects_text_and_special_numbers() -> None:
    parsed = parse_amounts(["abc", "inf", "1e400", "", "12,5", "nan"], ",")
    assert np.isnan(parsed.iloc[[0, 1, 2, 3, 5]]).all()
    assert parsed.iloc[4] == 12.5


def test_parse_amounts_needs_a_known_decimal_mark() -> None:
    with pytest.raises(ValueError, match="decimal must be"):
        parse_amounts(["1"], ";")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["31/01/2024", "01/02/2024"], "dmy_slash"),
        (["01/02/2024"], "dmy_slash"),  # ambiguous: day first
        (["01/31/2024", "02/01/2024"], "mdy_slash"),
        (["2024-01-31", "2024-02-01"], "ymd_dash"),
        (["2024-01-31T10:15:00", "2024-02-01 08:00"], "ymd_dash"),
        (["31.01.2024"], "dmy_dot"),
        (["31-01-2024"], "dmy_dash"),
        (["31/01/24", "01/02/24"], "dmy_slash_short"),
        (["31/01/2024 10:22"], "dmy_slash"),
        (["yesterday", "n/a"], None),
    ],
)
def test_date_formats_are_detected(texts: list[str], expected: str | None) -> None:
    assert detect_date_format(texts) == expected


def test_two_digit_years_are_this_century() -> None:
    frame = read("cliente;data;importo\nA;31/01/24;1\n")
    assert frame["date"].iloc[0] == pd.Timestamp("2024-01-31")


def test_customer_codes_keep_leading_zeros_and_lose_spaces() -> None:
    frame = read(
        "codice cliente;data;importo\n007;01/02/2024;1\n 007 ;02/02/2024;2\n7;03/02/2024;3\n"
    )
    assert frame["customer_id"].tolist() == ["007", "007", "7"]
    assert frame["customer_id"].cat.categories.tolist() == ["007", "7"]


# --- column guesses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["customer_id", "date", "amount"], ("customer_id", "date", "amount")),
        (["Cliente", "Data", "Importo"], ("Cliente", "Data", "Importo")),
        (
            ["Cliente", "Codice cliente", "Data fattura", "Totale"],
            ("Codice cliente", "Data fattura", "Totale"),
        ),
        (["Order date", "Customer", "Total amount"], ("Customer", "Order date", "Total amount")),
        (["Data nascita", "Cliente", "Data", "Imponibile"], ("Cliente", "Data", "Imponibile")),
        (["CUSTOMER ID", "INVOICE DATE", "REVENUE"], ("CUSTOMER ID", "INVOICE DATE", "REVENUE")),
    ],
)
def test_columns_are_guessed_from_their_names(columns: list[str], expected: tuple) -> None:
    preview = pd.DataFrame({column: ["x"] for column in columns})
    assert guess_columns(preview) == ColumnMapping(*expected)


def test_columns_are_guessed_from_their_values_when_names_say_nothing() -> None:
    preview = pd.DataFrame(
        {
            "a": ["12,50", "3,00", "4"],
            "b": ["K1", "K1", "K2"],
            "c": ["01/02/2024", "03/02/2024", "05/02/2024"],
        }
    )
    assert guess_columns(preview, ";") == ColumnMapping("b", "c", "a")


def test_a_role_nothing_matches_stays_unguessed() -> None:
    preview = pd.DataFrame({"cliente": ["A", "B"], "note": ["ok", "no"]})
    assert guess_columns(preview).date is None


# --- skipped rows and refunds -------------------------------------------------------------------


def test_unreadable_dates_are_skipped_counted_and_shown() -> None:
    text = "cliente;data;importo\n" + "".join(f"A{i};0{i}/02/2024;1\n" for i in range(1, 9))
    text += "B;31/02/2024;1\nC;domani;1\nD;;1\n"
    summary = read_transactions(text.encode()).summary
    (issue,) = summary.skipped
    assert (issue.kind, issue.count, issue.column) == ("bad_dates", 3, "data")
    assert issue.examples == ("31/02/2024", "domani")
    assert summary.used_rows == 8


def test_unreadable_amounts_and_missing_customers_are_skipped() -> None:
    text = "cliente;data;importo\nA;01/02/2024;1\nB;01/02/2024;n/d\n;01/02/2024;5\nC;01/02/2024;2\n"
    summary = read_transactions(text.encode()).summary
    found = {issue.kind: issue for issue in summary.skipped}
    assert found["bad_amounts"].count == 1 and found["bad_amounts"].examples == ("n/d",)
    assert found["missing_customer"].count == 1
    assert (summary.rows, summary.used_rows, summary.skipped_rows) == (4, 2, 2)


def test_exact_duplicate_rows_are_counted_once_and_reported() -> None:
    text = (
        "cliente;data;importo\nA;01/02/2024;10\nA;01/02/2024;10\nA;01/02/2024;10\nB;01/02/2024;10\n"
    )
    found = read_transactions(text.encode())
    assert found.frame["customer_id"].tolist() == ["A", "B"]
    (issue,) = found.summary.skipped
    assert (issue.kind, issue.count) == ("duplicates", 2)


def test_equal_sales_with_different_invoice_numbers_are_not_duplicates() -> None:
    text = "cliente;data;fattura;importo\nA;01/02/2024;1;10\nA;01/02/2024;2;10\n"
    found = read_transactions(text.encode())
    assert len(found.frame) == 2 and found.summary.skipped == ()


def test_duplicates_are_found_across_many_other_columns() -> None:
    header = ";".join(["cliente", "data", "importo", *[f"extra_{n}" for n in range(300)]])
    same = ";".join(["A", "01/02/2024", "10", *["x"] * 300])
    other = ";".join(["A", "01/02/2024", "10", *["x"] * 299, "y"])
    found = read_transactions("\n".join([header, same, other, same, other, same]).encode())
    (issue,) = found.summary.skipped
    assert (issue.kind, issue.count, len(found.frame)) == ("duplicates", 3, 2)


def test_dates_and_amounts_longer_than_any_export_writes_are_unreadable() -> None:
    long_date, long_amount = "3" * 5000, "1" * 5000 + "x"
    text = (
        "cliente;data;importo\nA;01/02/2024;10\nB;02/02/2024;12\nC;03/02/2024;9\n"
        f"D;{long_date};5\nE;04/02/2024;{long_amount}\n"
    )
    found = {issue.kind: issue for issue in read_transactions(text.encode()).summary.skipped}
    assert found["bad_dates"].count == 1 and found["bad_amounts"].count == 1
    # Quoted in the issue cut short, as every example is.
    assert found["bad_dates"].examples == ("3" * EXAMPLE_CHARS + "…",)
    assert found["bad_amounts"].examples == ("1" * EXAMPLE_CHARS + "…",)
    assert MAX_VALUE_CHARS < 5000


def test_negative_amounts_are_kept_as_refunds_and_reported() -> None:
    text = "cliente;data;importo\nA;01/02/2024;100\nA;05/02/2024;-30,5\nB;06/02/2024;(4,50)\n"
    found = read_transactions(text.encode())
    assert found.frame["amount"].tolist() == [100.0, -30.5, -4.5]
    refunds = found.summary.refunds
    assert refunds is not None and (refunds.count, refunds.value) == (2, -35.0)


# --- bad files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"  \r\n\n ", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "spreadsheet"),
        # An OLE2 file is tried as an .xls workbook; garbage inside is "unreadable".
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unreadable"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary"),
        (b"%PDF-1.7\n...", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"just one column\nvalue\nvalue\n", "one_column"),
        (b"cliente;data;importo\n", "no_rows"),
        (b"cliente;data;importo\nA;01/02/2024;1\nB;01/02/2024;2;extra;more\n", "bad_line"),
    ],
)
def test_bad_files_are_refused_with_the_reason(data: bytes, kind: str) -> None:
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data)
    assert kinds(error) == [kind]


def test_a_first_row_with_one_field_too_many_is_named_not_shifted() -> None:
    """pandas would take the first column as row names and shift the others one to the left
    (the customer read from the dates); the line is named instead."""
    data = b"cliente;data;importo\nA;2024-01-01;3;99\nB;2024-02-01;4\n"
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data)
    (issue,) = error.value.issues
    assert (issue.kind, issue.value) == ("bad_line", 2)


def test_a_file_over_the_limit_is_refused_with_its_size() -> None:
    data = b"cliente;data;importo\n" + b"A;01/02/2024;1\n" * 100
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data, max_bytes=1000)
    (issue,) = error.value.issues
    assert issue.kind == "too_large"
    assert issue.value == 0.1  # 1,515 bytes, rounded up to 0.1 MB
    assert MAX_FILE_BYTES == 50 * 2**20  # the app's upload limit (.streamlit/config.toml)


def test_more_columns_than_the_limit_are_refused_before_the_file_is_parsed(monkeypatch) -> None:
    header = ";".join(["cliente", "data", "importo", *[f"e{n}" for n in range(MAX_COLUMNS)]])
    row = ";".join(["A", "01/02/2024", "1", *["x"] * MAX_COLUMNS])

    def parse(*args, **kwargs):
        raise AssertionError("pandas was asked to parse the file")

    monkeypatch.setattr(pd, "read_csv", parse)
    for data in [f"{header}\n{row}\n".encode(), b"a;" * 1_000_000]:
        with pytest.raises(TransactionFileError) as error:
            read_transactions(data)
        (issue,) = error.value.issues
        assert (issue.kind, issue.count) == ("too_many_columns", MAX_COLUMNS)
    with pytest.raises(TransactionFileError) as error:
        read_transactions(b";" * 2_000_000)  # a million empty columns: no column at all
    assert kinds(error) == ["one_column"]


def test_the_line_with_too_many_fields_is_named() -> None:
    data = b"cliente;data;importo\nA;01/02/2024;1\nB;01/02/2024;2\nC;01/02/2024;3;4\n"
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data)
    assert error.value.issues[0].value == 4  # line 4 of the file, the header being line 1


def test_a_quote_never_closed_is_named_with_its_line() -> None:
    rows = b"cliente;data;importo\nA;01/02/2024;1\n\nB;01/02/2024;2\n"
    data = rows + b'"C;03/02/2024;3\n' + b"D;04/02/2024;4\n" * 8
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data)
    (issue,) = error.value.issues
    assert (issue.kind, issue.value) == ("unclosed_quote", 5)


def test_missing_columns_are_named_with_names_that_would_work() -> None:
    with pytest.raises(TransactionFileError) as error:
        read_transactions(b"cliente;note\nA;x\nB;y\n")
    issues = {issue.column: issue for issue in error.value.issues}
    # No amount column is a file of visits, not a problem: only the date is missing.
    assert set(issues) == {"date"}
    assert issues["date"].kind == "missing_column"
    assert "date" in issues["date"].examples


def test_a_mapping_must_use_existing_and_different_columns() -> None:
    data = b"cliente;data;importo\nA;01/02/2024;1\n"
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data, ColumnMapping("cliente", "cliente", "prezzo"))
    assert kinds(error) == ["same_column", "unknown_column"]


def test_mostly_unreadable_dates_stop_the_reading_with_examples() -> None:
    data = b"cliente;data;importo\nA;ieri;1\nB;oggi;1\nC;domani;1\nD;01/02/2024;1\n"
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data)
    (issue,) = error.value.issues
    assert (issue.kind, issue.count, issue.value) == ("bad_dates_fatal", 3, 4)
    assert issue.examples == ("ieri", "oggi", "domani")


def test_the_wrong_amount_column_stops_the_reading() -> None:
    data = b"cliente;data;fattura;importo\nA;01/02/2024;2024/001;1\nB;01/02/2024;2024/002;2\n"
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data, ColumnMapping("cliente", "data", "fattura"))
    assert kinds(error) == ["bad_amounts_fatal"]
    assert error.value.issues[0].examples == ("2024/001", "2024/002")


def test_a_date_column_with_no_date_at_all_is_refused_not_a_crash() -> None:
    # Found by tests/fuzz/test_bounded_work.py: an empty column made the date lookup fail.
    for data in [b"cliente;data;importo\nA;;1\nB;;2\n", b"cliente;data;importo\n;"]:
        with pytest.raises(TransactionFileError) as error:
            read_transactions(data)
        assert "bad_dates_fatal" in kinds(error)


def test_no_usable_row_says_why() -> None:
    with pytest.raises(TransactionFileError) as error:
        read_transactions(b"cliente;data;importo\n;01/02/2024;1\n;01/02/2024;2\n")
    assert kinds(error) == ["nothing_left", "missing_customer"]


# --- properties ---------------------------------------------------------------------------------

sales = st.lists(
    st.tuples(
        st.integers(0, 40),
        st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)),
        st.integers(-50_000, 5_000_000),  # cents
    ),
    min_size=1,
    max_size=60,
)


def _italian(rows: list[tuple[int, dt.date, int]]) -> bytes:
    lines = ["Codice cliente;Data;Importo"]
    for customer, day, cents in rows:
        amount = f"{cents / 100:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        lines.append(f"Cliente à{customer};{day:%d/%m/%Y};{amount}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _english(rows: list[tuple[int, dt.date, int]]) -> bytes:
    lines = ["customer_id,date,amount"]
    lines += [f'Cliente à{c},{d:%Y-%m-%d},"{cents / 100:,.2f}"' for c, d, cents in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@settings(max_examples=40, deadline=None)
@given(sales)
def test_any_export_reads_the_same_in_italian_and_english_format(rows) -> None:
    italian = read_transactions(_italian(rows))
    english = read_transactions(_english(rows))
    left = italian.frame.astype({"customer_id": str})
    right = english.frame.astype({"customer_id": str})
    pd.testing.assert_frame_equal(left, right)
    distinct = list(dict.fromkeys(rows))  # exact copies are counted once, first kept
    assert italian.summary.used_rows == len(distinct)
    assert left["customer_id"].tolist() == [f"Cliente à{c}" for c, _, _ in distinct]
    assert left["date"].dt.date.tolist() == [day for _, day, _ in distinct]
    assert left["amount"].tolist() == pytest.approx([cents / 100 for _, _, cents in distinct])


def test_data_must_be_bytes_and_the_limit_a_whole_number() -> None:
    with pytest.raises(ValueError, match=r"^data must be the file.s bytes"):
        read_transactions("cliente;data;importo\n")
    with pytest.raises(ValueError, match=r"^max_bytes must be an integer >= 1"):
        sniff(b"a;b\n1;2\n", max_bytes=0)
    with pytest.raises(ValueError, match=r"^data cannot be read as transactions: empty"):
        read_transactions(b"")


def test_byte_order_marks_are_not_part_of_the_first_column_name() -> None:
    data = codecs.BOM_UTF8 + b"cliente;data;importo\nA;01/02/2024;1\n"
    assert sniff(data).columns[0] == "cliente"


def test_more_lines_than_the_limit_are_refused_before_the_file_is_parsed(monkeypatch) -> None:
    # Millions of short lines read in linear time but take memory by the row: refused up front,
    # before pandas reads more than the preview.
    data = b"cliente;data;importo\n" + b"A;01/02/2024;1\n" * 3000 + b"x\n\n" * (MAX_ROWS // 2)
    real_read_csv = pd.read_csv

    def preview_only(*args, **kwargs):
        assert kwargs.get("nrows"), "pandas was asked to parse the whole file"
        return real_read_csv(*args, **kwargs)

    monkeypatch.setattr(pd, "read_csv", preview_only)
    with pytest.raises(TransactionFileError) as error:
        read_transactions(data)
    (issue,) = error.value.issues
    assert (issue.kind, issue.count) == ("too_many_rows", MAX_ROWS)


def test_a_wide_file_of_unknown_names_is_guessed_from_a_few_likely_columns() -> None:
    """500 columns with names nobody knows: the date and the amount are found by their values
    (the exact checks run on the few columns that look like them), the customer among the
    first columns whose values repeat."""
    width = 500
    names = [f"c{i}" for i in range(width)]
    rows = []
    for k in range(6):
        cells = [f"note {k}"] * width  # different on every row: not a customer
        cells[1] = f"K{k % 3}"  # repeats: the customer
        cells[300] = f"0{k + 1}/02/2024"
        cells[420] = f"{10 + k},50"
        rows.append(";".join(cells))
    data = (";".join(names) + "\n" + "\n".join(rows) + "\n").encode()
    found = sniff(data)
    assert found.guess == ColumnMapping(customer="c1", date="c300", amount="c420")
    frame = read_transactions(data).frame
    assert frame["amount"].tolist() == [10.5 + k for k in range(6)]
