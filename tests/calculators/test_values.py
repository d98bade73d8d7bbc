"""Tests for calculators.values: dates and amounts as owners' software writes them.

Expected values come from what the test files wrote (`tests.data.text_exports`: Python's
`strftime`, integer cents, Excel's documented day count), never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators import values
from calculators.values import (
    COMPACT_YEARS,
    DATE_FORMATS,
    EXCEL_EPOCH,
    EXCEL_SERIAL_RANGE,
    AmountReading,
    amount_reading,
    amount_totals,
    date_alternatives,
    decimal_mark,
    detect_date_format,
    parse_amounts,
    parse_dates,
)
from tests.data.text_exports import (
    STRFTIME,
    ambiguous_dates_export,
    cdnow_export,
    compact_dmy_export,
    excel_serial_export,
    month_first,
    quoted_amounts_export,
    write_amount,
    write_date,
)


def days(texts: list[str], format_id: str) -> list[dt.date | None]:
    """What `parse_dates` read, as dates (None where unreadable)."""
    return [None if pd.isna(day) else day.date() for day in parse_dates(texts, format_id)]


# --- dates: the formats ------------------------------------------------------------------------


def test_every_format_has_a_writer_in_the_test_files() -> None:
    assert set(DATE_FORMATS) == {*STRFTIME, "excel_serial"}


def test_excel_serials_count_days_from_the_documented_anchors() -> None:
    # Microsoft: DATEVALUE("1/1/2024") = 45292; the range ends are 1990-01-01 and 2100-12-31.
    assert days(["45292", "32874", "73415"], "excel_serial") == [
        dt.date(2024, 1, 1),
        dt.date(1990, 1, 1),
        dt.date(2100, 12, 31),
    ]
    first = (dt.date(1990, 1, 1) - EXCEL_EPOCH).days
    last = (dt.date(2100, 12, 31) - EXCEL_EPOCH).days
    assert (first, last) == EXCEL_SERIAL_RANGE


def test_excel_serials_out_of_range_or_not_plain_are_not_dates() -> None:
    texts = ["32873", "73416", "1500", "12,50", "450000", "-45292", "45.292", "4529 2", ""]
    assert days(texts, "excel_serial") == [None] * len(texts)


def test_excel_serial_fraction_is_the_time_of_day() -> None:
    assert (
        days(["45292.75", "45292,5", "45292.999999"], "excel_serial") == [dt.date(2024, 1, 1)] * 3
    )


def test_compact_dates_need_exactly_eight_digits() -> None:
    # pandas alone reads "202411" with %Y%m%d as 2024-01-01.
    assert days(
        ["20240131", "202411", "2024011", "2024-01-31", "20240131 10:22"], "ymd_compact"
    ) == [
        dt.date(2024, 1, 31),
        None,
        None,
        None,
        dt.date(2024, 1, 31),
    ]
    assert days(["31012024", "3101202", "31/01/2024"], "dmy_compact") == [
        dt.date(2024, 1, 31),
        None,
        None,
    ]


def test_the_two_compact_formats_never_read_the_same_text() -> None:
    # Every day of the years accepted, written each way, is unreadable the other way.
    first, last = COMPACT_YEARS
    every_day = pd.date_range(f"{first}-01-01", f"{last}-12-31", freq="D")
    assert parse_dates(every_day.strftime("%Y%m%d"), "dmy_compact").isna().all()
    assert parse_dates(every_day.strftime("%d%m%Y"), "ymd_compact").isna().all()


def test_the_only_texts_both_compact_formats_fit_have_implausible_years() -> None:
    # 12011201 is 1201-12-01 or 12-01-1201: both outside COMPACT_YEARS, so neither reads it.
    assert days(["12011201"], "ymd_compact") == days(["12011201"], "dmy_compact") == [None]
    assert days(["18991231", "21010101"], "ymd_compact") == [None, None]


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
        (["19970101", "19970112"], "ymd_compact"),
        (["20240131 10:22:00"], "ymd_compact"),
        (["31012024", "01022024"], "dmy_compact"),
        (["45292", "45293.5"], "excel_serial"),
        # Amounts and codes are no dates.
        (["11.77", "1500", "12,50"], None),
        (["00001", "00002", "23570"], None),
    ],
)
def test_date_formats_are_detected(texts: list[str], expected: str | None) -> None:
    assert detect_date_format(texts) == expected


def test_detection_looks_past_blanks_at_the_start() -> None:
    texts = [None] * 2500 + ["31/01/2024"]
    assert detect_date_format(texts) == "dmy_slash"


def test_unknown_format_id_is_refused() -> None:
    with pytest.raises(ValueError, match="format_id must be one of"):
        parse_dates(["2024-01-01"], "iso")
    with pytest.raises(ValueError, match="format_id must be one of"):
        date_alternatives(["2024-01-01"], "iso")


LONG_YEARS = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
# Two-digit years: 69-99 are 19xx and 00-68 are 20xx (POSIX strptime, which pandas follows).
SHORT_YEARS = st.dates(dt.date(1969, 1, 1), dt.date(2068, 12, 31))


@settings(deadline=None, max_examples=60)
@given(st.data(), st.sampled_from(sorted(DATE_FORMATS)))
def test_any_date_written_in_a_format_is_read_back(data: st.DataObject, format_id: str) -> None:
    short = format_id.endswith("_short")
    written = data.draw(st.lists(SHORT_YEARS if short else LONG_YEARS, min_size=1, max_size=20))
    texts = [write_date(day, format_id) for day in written]
    assert days(texts, format_id) == written


@settings(deadline=None, max_examples=60)
@given(st.data(), st.sampled_from(sorted(DATE_FORMATS)))
def test_the_format_is_found_when_one_day_is_after_the_12th(
    data: st.DataObject, format_id: str
) -> None:
    short = format_id.endswith("_short")
    written = data.draw(st.lists(SHORT_YEARS if short else LONG_YEARS, min_size=1, max_size=20))
    written.append(dt.date(2024, 1, 25))  # settles day and month
    texts = [write_date(day, format_id) for day in written]
    assert detect_date_format(texts) == format_id
    assert date_alternatives(texts, format_id) == ()


# --- dates: the reading the user may switch ---------------------------------------------------


def test_dates_with_day_and_month_both_twelve_or_less_offer_month_first() -> None:
    export = ambiguous_dates_export()
    texts = [cells[1] for cells in export.cells]
    assert detect_date_format(texts) == "dmy_slash"
    assert date_alternatives(texts, "dmy_slash") == ("mdy_slash",)
    assert date_alternatives(texts, "mdy_slash") == ("dmy_slash",)
    assert days(texts, "dmy_slash") == [sale.day for sale in export.sales]
    assert days(texts, "mdy_slash") == [month_first(sale.day) for sale in export.sales]


def test_a_reading_that_gives_the_same_days_is_no_alternative() -> None:
    assert date_alternatives(["05/05/2024", "12/12/2023"], "dmy_slash") == ()


def test_no_alternative_once_a_day_passes_12_or_when_nothing_is_read() -> None:
    assert date_alternatives(["01/02/2024", "13/02/2024"], "dmy_slash") == ()
    assert date_alternatives(["soon", "later"], "dmy_slash") == ()


def test_alternatives_must_read_as_many_values() -> None:
    # mdy reads 01/02 but not 13/02: one value fewer, so no alternative although a typo
    # ("31/02/2024") makes dmy miss one value too.
    texts = ["01/02/2024", "13/02/2024", "31/02/2024"]
    assert date_alternatives(texts, "dmy_slash") == ()


def test_alternatives_ignore_times_and_repeated_days() -> None:
    texts = ["01/02/2024 10:00", "01/02/2024 11:30", "03/04/2024"]
    assert date_alternatives(texts, "dmy_slash") == ("mdy_slash",)


def test_excel_serial_and_compact_exports_are_read_as_written() -> None:
    excel = excel_serial_export()
    serials = [cells[1] for cells in excel.cells]
    assert serials[0] == "45292"  # 2024-01-01, as Excel counts
    assert detect_date_format(serials) == "excel_serial"
    assert days(serials, "excel_serial") == [sale.day for sale in excel.sales]
    compact = compact_dmy_export()
    texts = [cells[1] for cells in compact.cells]
    assert detect_date_format(texts) == "dmy_compact"
    assert days(texts, "dmy_compact") == [sale.day for sale in compact.sales]
    cdnow = cdnow_export()
    texts = [cells[1] for cells in cdnow.cells]
    assert detect_date_format(texts) == "ymd_compact"
    assert days(texts, "ymd_compact") == [sale.day for sale in cdnow.sales]


# --- amounts: parsing -------------------------------------------------------------------------


def test_decimal_mark_votes() -> None:
    assert decimal_mark(["12,50", "3"]) == ","
    assert decimal_mark(["12.50", "3"], ",") == "."
    assert decimal_mark(["1.234.567,00"]) == ","
    assert decimal_mark(["1,234,567.00"], ",") == "."
    assert decimal_mark(["12"], ",") == "."


def test_decimal_mark_counts_proofs_of_a_thousands_mark() -> None:
    assert decimal_mark(["1.500.000"], ",") == ","
    assert decimal_mark(["1,500,000"], ";") == "."
    assert decimal_mark(["1.234,567"], ",") == ","
    assert decimal_mark(["0,500"], ",") == ","  # 0 thousands 500 is no way to write 500
    assert decimal_mark(["1234.567"], ";") == "."  # four digits before: no thousands mark
    assert decimal_mark(["(12,50)", "12,50-"], ",") == ","


def test_parse_amounts_rejects_text_and_special_numbers() -> None:
    parsed = parse_amounts(["abc", "inf", "1e400", "", "12,5", "nan", None], ",")
    assert np.isnan(parsed.iloc[[0, 1, 2, 3, 5, 6]]).all()
    assert parsed.iloc[4] == 12.5


def test_parse_amounts_needs_a_known_decimal_mark() -> None:
    with pytest.raises(ValueError, match="decimal must be"):
        parse_amounts(["1"], ";")


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("1'234.50", "."),  # Swiss
        ("1’234.50", "."),  # Swiss, typographic apostrophe
        ("1 234,50", ","),
        ("1\u00a0234,50", ","),  # no-break space (French, Italian Excel)
        ("1\u202f234,50", ","),  # narrow no-break space (French since 2017)
        ("1\u2009234,50", ","),  # thin space
        ("€ 1.234,50", ","),
        ("1,234.50 USD", "."),
        ("CHF 1'234.50", "."),
    ],
)
def test_thousands_separators_are_ignored(text: str, decimal: str) -> None:
    assert parse_amounts([text], decimal).iloc[0] == 1234.5


def test_every_unicode_space_is_ignored_as_python_sees_it() -> None:
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    texts = [f"1{space}234,50" for space in spaces]
    assert parse_amounts(texts, ",").tolist() == [1234.5] * len(spaces)


NUMBER_TEXTS = st.text(
    st.sampled_from("0123456789.,-+()'’ €$£EURusdchfGBP\u00a0\u2009\u202f\t\x0b\u3000"), max_size=14
)


@settings(deadline=None, max_examples=300)
@given(st.lists(NUMBER_TEXTS, min_size=1, max_size=5))
def test_the_fast_noise_pattern_removes_what_the_readable_one_does(texts: list[str]) -> None:
    # values._NOISE is what pyarrow runs; values._NUMBER_NOISE is the definition.
    expected = [values._NUMBER_NOISE.sub("", text) for text in texts]
    cleaned = pd.Series(texts, dtype=object).astype(str).str.replace(values._NOISE, "", regex=True)
    assert cleaned.tolist() == expected


@settings(deadline=None, max_examples=300)
@given(NUMBER_TEXTS)
def test_every_first_vote_still_votes(text: str) -> None:
    # What the first votes (_COMMA_DECIMAL, _DOT_DECIMAL) counted, the wider proofs count too.
    clean = values._NUMBER_NOISE.sub("", text)
    core = clean.strip("()+-")
    if values._COMMA_DECIMAL.match(clean):
        assert re.fullmatch(values._PROVES_COMMA, core)
    if values._DOT_DECIMAL.match(clean):
        assert re.fullmatch(values._PROVES_DOT, core)


THOUSANDS = ("", " ", "\u00a0", "\u202f", "\u2009", "'", "’")
amounts_in_cents = st.integers(-(10**11), 10**11)


@settings(deadline=None, max_examples=200)
@given(amounts_in_cents, st.sampled_from([",", "."]), st.sampled_from([*THOUSANDS, "grouping"]))
def test_any_amount_written_in_any_convention_is_read_to_the_cent(
    cents: int, decimal: str, thousands: str
) -> None:
    if thousands == "grouping":
        thousands = "." if decimal == "," else ","
    text = write_amount(cents, decimal=decimal, thousands=thousands)
    parsed = parse_amounts([text], decimal).iloc[0]
    # Both are the double nearest to cents / 100 (true division and float() round correctly).
    assert parsed == cents / 100
    assert round(parsed * 100) == cents


# --- amounts: deciding the decimal mark of a column ------------------------------------------


@pytest.mark.parametrize(
    ("values", "separator", "date_format", "expected"),
    [
        (["12,50", "1.500"], ",", None, (",", False, "votes")),
        (["12.50", "1.500"], ";", "dmy_slash", (".", False, "votes")),
        (["0.500", "1.500"], ";", None, (".", False, "votes")),
        (["1.500.000", "300"], ",", None, (",", False, "grouping")),
        (["1,500,000", "300"], ";", None, (".", False, "grouping")),
        (["1.500", "2.750", "300"], ",", None, (",", True, "three_decimals")),
        (["1.500", "2.750"], ";", None, (",", False, "file_hint_separator")),
        (["1.500", "2.750"], ",", "dmy_slash", (",", False, "file_hint_dates")),
        (["1.500", "2.750"], ",", "dmy_compact", (",", False, "file_hint_dates")),
        (["1,500", "2,750"], ",", "mdy_slash", (".", False, "file_hint_dates")),
        (["€ 1.500", "(2.750)"], "\t", "dmy_dot", (",", False, "file_hint_dates")),
        # The hint disagrees with thousands, or the hints disagree with each other: ask.
        (["1.500"], ",", "mdy_slash", (",", True, "three_decimals")),
        (["1,500"], ";", None, (".", True, "three_decimals")),
        (["1.500"], ";", "mdy_slash", (",", True, "three_decimals")),
        # ISO dates and Excel serials say nothing.
        (["1.500"], ",", "ymd_dash", (",", True, "three_decimals")),
        (["1.500"], ",", "excel_serial", (",", True, "three_decimals")),
        # Whole numbers: any mark reads them alike.
        (["300", "12"], ";", None, (",", False, "file_hint_separator")),
        (["300", "12"], ",", None, (".", False, "default")),
        ([], ",", None, (".", False, "default")),
        # Contradictions: "1.500" next to "2,750", or as many votes each way.
        (["1.500", "2,750"], ",", None, (".", True, "default")),
        (["1.5", "2,5"], ";", None, (",", True, "file_hint_separator")),
    ],
)
def test_amount_reading_decides_on_the_column_then_the_file(
    values: list[str], separator: str, date_format: str | None, expected: tuple[str, bool, str]
) -> None:
    decimal, ambiguous, reason = expected
    assert amount_reading(values, separator=separator, date_format=date_format) == AmountReading(
        decimal,
        ambiguous,
        reason,  # type: ignore[arg-type]
    )


def test_quoted_thousands_with_iso_dates_are_ambiguous_and_both_totals_shown() -> None:
    export = quoted_amounts_export("ymd_dash")
    texts = [cells[2] for cells in export.cells]
    date_format = detect_date_format([cells[1] for cells in export.cells])
    reading = amount_reading(texts, separator=",", date_format=date_format)
    assert reading == AmountReading(",", True, "three_decimals")
    # Independently: "1.500" is 1500 with thousands points, 1.5 as Python reads it.
    thousands = sum(int(text.replace(".", "")) for text in texts)
    as_decimals = sum(float(text) for text in texts)
    assert thousands == sum(sale.cents or 0 for sale in export.sales) / 100
    totals = amount_totals(texts)
    assert totals == {",": pytest.approx(thousands), ".": pytest.approx(as_decimals)}


def test_quoted_thousands_with_day_first_dates_are_thousands() -> None:
    export = quoted_amounts_export("dmy_slash")
    texts = [cells[2] for cells in export.cells]
    date_format = detect_date_format([cells[1] for cells in export.cells])
    assert date_format == "dmy_slash"
    reading = amount_reading(texts, separator=",", date_format=date_format)
    assert reading == AmountReading(",", False, "file_hint_dates")
    cents = [round(value * 100) for value in parse_amounts(texts, reading.decimal)]
    assert cents == [sale.cents for sale in export.sales]


def test_quoted_thousands_with_month_first_dates_stay_ambiguous() -> None:
    # US writers put "," between thousands: "1.500" would be 1.5, against the three digits.
    export = quoted_amounts_export("mdy_slash")
    texts = [cells[2] for cells in export.cells]
    assert amount_reading(texts, separator=",", date_format="mdy_slash").ambiguous


def test_amount_totals_count_typed_numbers_once_and_skip_blanks() -> None:
    values = pd.Series(["1.500", 2.5, None, "x", "300", 7], dtype=object)
    assert amount_totals(values) == {",": 1500 + 2.5 + 300 + 7, ".": 1.5 + 2.5 + 300 + 7}
    assert amount_totals([]) == {",": 0.0, ".": 0.0}


@st.composite
def written_columns(draw: st.DrawFn) -> tuple[list[int], list[str], str]:
    """Amounts in cents written one way: whole ones without decimals (``1.500``), at least one
    with cents; returns the cents, the texts and the decimal mark."""
    decimal = draw(st.sampled_from([",", "."]))
    thousands = draw(st.sampled_from([*THOUSANDS, "grouping"]))
    if thousands == "grouping":
        thousands = "." if decimal == "," else ","
    cents = draw(st.lists(st.integers(0, 10**9), min_size=1, max_size=30))
    with_cents = draw(st.integers(1, 10**9).filter(lambda value: value % 100 != 0))
    cents.append(with_cents)
    texts = []
    for value in cents:
        text = write_amount(value, decimal=decimal, thousands=thousands)
        texts.append(text[:-3] if value % 100 == 0 else text)
    return cents, texts, decimal


@settings(deadline=None, max_examples=150)
@given(
    written_columns(),
    st.sampled_from([";", ",", "\t", ""]),
    st.sampled_from([None, "dmy_slash", "mdy_slash", "ymd_dash"]),
)
def test_a_column_with_cents_is_read_as_written_whatever_the_file_says(
    column: tuple[list[int], list[str], str], separator: str, date_format: str | None
) -> None:
    cents, texts, decimal = column
    reading = amount_reading(texts, separator=separator, date_format=date_format)
    assert (reading.decimal, reading.ambiguous) == (decimal, False)
    parsed = parse_amounts(texts, reading.decimal)
    assert [round(value * 100) for value in parsed] == cents


@settings(deadline=None, max_examples=100)
@given(st.lists(st.integers(1, 999), min_size=1, max_size=10), st.integers(1, 999))
def test_thousands_only_columns_are_thousands_with_a_day_first_hint(
    thousands_part: list[int], hundreds: int
) -> None:
    # "1.500", "12.300": every value in whole thousands-and-units, written the Italian way.
    euros = [value * 1000 + hundreds for value in thousands_part]
    texts = [f"{value // 1000}.{value % 1000:03d}" for value in euros]
    assume(any(value >= 1000 for value in euros))
    reading = amount_reading(texts, separator=",", date_format="dmy_slash")
    assert reading == AmountReading(",", False, "file_hint_dates")
    assert parse_amounts(texts, ",").tolist() == [float(value) for value in euros]
    undecided = amount_reading(texts, separator=",", date_format=None)
    assert undecided.ambiguous
