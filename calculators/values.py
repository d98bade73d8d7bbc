"""Dates and amounts written as text, the way owners' software writes them.

A sales export holds its dates and amounts as text whose conventions the file never states:
``01/02/2024`` is 1 February in Italy and 2 January in the US; ``1.500`` is one and a half or
fifteen hundred. This module reads whole columns at once and decides from every distinct value,
then from the file's other hints, and says when nothing settles it (so that the page asks
instead of guessing silently):

- dates: `DATE_FORMATS` (ids the page names), `detect_date_format` (the format that reads most
  values; day first on a tie), `date_alternatives` (other formats that read the values equally
  well: day and month both 12 or less everywhere), `parse_dates`;
- amounts: `decimal_mark` (a quick vote on a few values), `amount_reading` (the whole column and
  the file's hints: which mark is the decimal, and whether that is still a guess),
  `amount_totals` (the column's total under each reading, for the page to ask), and
  `parse_amounts`.

Everything works on the distinct texts of a column with pandas' vectorised string methods;
patterns are written so that pandas runs them in pyarrow (no ``\\s``, no ``\\u`` escapes),
which keeps a column of a million values well under a second. No Streamlit here.

>>> detect_date_format(["20240131", "20240201"]), detect_date_format(["45292", "45293"])
('ymd_compact', 'excel_serial')
>>> amount_reading(["1.500", "2.750", "300"], separator=",", date_format="dmy_slash")
AmountReading(decimal=',', ambiguous=False, reason='file_hint_dates')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple, TypeAlias

import numpy as np
import pandas as pd

__all__ = [
    "COMPACT_YEARS",
    "DATE_FORMATS",
    "DATE_SAMPLE",
    "EXCEL_EPOCH",
    "EXCEL_SERIAL_RANGE",
    "AmountReading",
    "AmountReason",
    "amount_reading",
    "amount_totals",
    "date_alternatives",
    "decimal_mark",
    "detect_date_format",
    "parse_amounts",
    "parse_dates",
]

TextValues: TypeAlias = "pd.Series | pd.Index | np.ndarray | list[str] | tuple[str, ...]"

# --- dates ----------------------------------------------------------------------------------

# Date formats tried, in order of preference when several read every value equally well
# (01/02/2024 is 1 February first: the app's users are mostly Italian). Ids name them in the UI.
# Every value is a `strptime` format except ``excel_serial``'s: Excel's day count (days since
# `EXCEL_EPOCH`, as a sheet saved as text writes a date cell formatted as a number).
DATE_FORMATS: dict[str, str] = {
    "dmy_slash": "%d/%m/%Y",
    "ymd_dash": "%Y-%m-%d",
    "dmy_dash": "%d-%m-%Y",
    "dmy_dot": "%d.%m.%Y",
    "ymd_slash": "%Y/%m/%d",
    "mdy_slash": "%m/%d/%Y",
    "dmy_slash_short": "%d/%m/%y",
    "dmy_dash_short": "%d-%m-%y",
    "mdy_slash_short": "%m/%d/%y",
    "ymd_compact": "%Y%m%d",
    "dmy_compact": "%d%m%Y",
    "excel_serial": "days since 1899-12-30",
}
# Distinct date texts tried against every format before choosing one (then all are parsed).
DATE_SAMPLE = 2000
# Excel's (Windows, "1900 date system") day 0: serial 1 is 1900-01-01 and, because Excel keeps
# Lotus 1-2-3's 29 February 1900, every serial from 61 on is days since 1899-12-30.
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials read as dates: 1990-01-01 (32874) to 2100-12-31 (73415). A whole number outside this
# range is an amount, a quantity or a code, never a sale's date.
EXCEL_SERIAL_RANGE = (32874, 73415)
# Years an 8-digit date (20240131, 31012024) may have: an 8-digit code or amount is rarely a
# valid date in this range, and the two compact formats never both read one (the month of
# YYYYMMDD is the century of DDMMYYYY, 01..12, i.e. years 100..1299).
COMPACT_YEARS = (1900, 2100)
_COMPACT = ("ymd_compact", "dmy_compact")
# Which way round day and month go, for the amounts' hint: Italian writers put the day first
# and "." between thousands; US ones the month first and "," between thousands.
_DAY_FIRST = (
    "dmy_slash",
    "dmy_dash",
    "dmy_dot",
    "dmy_slash_short",
    "dmy_dash_short",
    "dmy_compact",
)
_MONTH_FIRST = ("mdy_slash", "mdy_slash_short")


def _date_part(texts: pd.Index) -> pd.Index:
    """Dates without a time: ``2024-01-31T10:00:00`` and ``31/01/2024 10:00`` → the day."""
    # Everything from the first space or "T" on goes (a replace runs in pyarrow; a split does
    # not, and is seven times slower on a million timestamps).
    return texts.str.strip().str.replace(r"(?s)[ T].*", "", regex=True)


def _check_format(format_id: str) -> None:
    if format_id not in DATE_FORMATS:
        known = ", ".join(DATE_FORMATS)
        raise ValueError(f"format_id must be one of {known}; got {format_id!r}")


def _excel_dates(parts: pd.Index) -> pd.DatetimeIndex:
    """Excel serials (``45292``, ``45292.5``, ``45292,5``) → their day; NaT out of range."""
    serial = parts.str.fullmatch(r"[0-9]{5}([.,][0-9]+)?", na=False)
    texts = pd.Series(parts.where(serial)).str.replace(",", ".", regex=False)
    days = np.floor(pd.to_numeric(texts, errors="coerce").to_numpy(dtype=float))
    first, last = EXCEL_SERIAL_RANGE
    days[(days < first) | (days > last)] = np.nan
    return pd.DatetimeIndex(pd.Timestamp(EXCEL_EPOCH) + pd.to_timedelta(days, unit="D"))


def _parse_parts(parts: pd.Index, format_id: str) -> pd.DatetimeIndex:
    """`parts` (date texts without times) read with one format; NaT where it does not fit."""
    if format_id == "excel_serial":
        return _excel_dates(parts)
    if format_id in _COMPACT:
        # pandas reads "202411" with %Y%m%d as 2024-01-01: only 8 digits are a compact date.
        parts = parts.where(parts.str.fullmatch(r"[0-9]{8}", na=False))
    parsed = pd.DatetimeIndex(
        pd.to_datetime(parts, format=DATE_FORMATS[format_id], errors="coerce")
    )
    if format_id in _COMPACT:
        first, last = COMPACT_YEARS
        return pd.DatetimeIndex(parsed.where((parsed.year >= first) & (parsed.year <= last)))
    return parsed


def parse_dates(texts: TextValues, format_id: str) -> pd.DatetimeIndex:
    """Dates written as text → a `DatetimeIndex` (same length and order); NaT where unreadable.

    `format_id` is a key of `DATE_FORMATS`. A time after the date (``2024-01-31 10:22``,
    ``2024-01-31T10:22:00``) is ignored, so every value is a day. Compact dates must have
    exactly 8 digits and a year in `COMPACT_YEARS`; Excel serials (whole or fractional days
    since `EXCEL_EPOCH`, the fraction being the time) must fall in `EXCEL_SERIAL_RANGE`, so an
    amount or a code is not taken for a date.

    >>> def iso(days): return days.strftime("%Y-%m-%d").tolist()
    >>> iso(parse_dates(["31/01/2024 10:22", "31/02/2024", None], "dmy_slash"))
    ['2024-01-31', nan, nan]
    >>> iso(parse_dates(["45292", "45292.75", "1500", "202401"], "excel_serial"))
    ['2024-01-01', '2024-01-01', nan, nan]
    >>> iso(parse_dates(["31012024", "2024-01-31"], "dmy_compact"))
    ['2024-01-31', nan]
    """
    _check_format(format_id)
    parts = _date_part(pd.Index(texts, dtype=object).astype(str))
    # Parse each distinct day once: a column of timestamps has far fewer days than values.
    codes, uniques = pd.factorize(parts)
    parsed = _parse_parts(pd.Index(uniques), format_id)
    days = np.append(parsed.to_numpy(dtype="datetime64[us]"), np.datetime64("NaT", "us"))
    return pd.DatetimeIndex(days[codes])  # a missing text (code -1) picks the NaT put last


def detect_date_format(texts: TextValues) -> str | None:
    """The id in `DATE_FORMATS` that reads most of `texts` (distinct date texts); None if none.

    Ties go to the earlier format, so ``01/02/2024`` alone is read day first; a ``13/02``
    anywhere settles it, and so does a ``02/13`` for month first. A time after the date is
    ignored. Only the first `DATE_SAMPLE` texts are tried.

    >>> detect_date_format(["01/02/2024", "13/02/2024"]), detect_date_format(["02/13/2024"])
    ('dmy_slash', 'mdy_slash')
    >>> detect_date_format(["2024-01-31 10:22:00", "2024-02-01"]), detect_date_format(["soon"])
    ('ymd_dash', None)
    >>> detect_date_format(["19970101", "19970112"]), detect_date_format(["45292", "45293"])
    ('ymd_compact', 'excel_serial')
    """
    given = pd.Index(texts, dtype=object)
    sample = given[:DATE_SAMPLE].dropna()
    if len(sample) < DATE_SAMPLE < len(given):
        sample = given.dropna()[:DATE_SAMPLE]  # blanks among the first: look further
    sample = sample.astype(str)
    best, best_count = None, 0
    for format_id in DATE_FORMATS:
        count = int(np.count_nonzero(parse_dates(sample, format_id).notna()))
        if count > best_count:
            best, best_count = format_id, count
        if best_count == len(sample):
            break  # reads everything: a later format could only tie, and ties go to earlier
    return best


def date_alternatives(texts: TextValues, chosen: str) -> tuple[str, ...]:
    """The other formats that read exactly as many of `texts` as `chosen`, giving other days.

    These are the readings the page offers when the file cannot tell: every day and month 12
    or less reads ``dmy_slash`` and ``mdy_slash`` alike (``01/02/2024``, ``03/04/2024``). A
    format that reads the same days (``05/05/2024`` either way round) is no alternative.
    Every distinct day in `texts` is tried (not a sample); `DATE_FORMATS` order; empty when
    `chosen` reads nothing.

    >>> date_alternatives(["01/02/2024", "03/04/2024"], "dmy_slash")
    ('mdy_slash',)
    >>> date_alternatives(["01/02/2024", "13/04/2024"], "dmy_slash"), date_alternatives(
    ...     ["05/05/2024"], "dmy_slash")
    ((), ())
    """
    _check_format(chosen)
    texts_index = pd.Index(texts, dtype=object).dropna().astype(str)
    parts = pd.Index(pd.unique(_date_part(texts_index)))
    read = _parse_parts(parts, chosen).to_numpy(dtype="datetime64[D]")
    count = int(np.count_nonzero(~np.isnat(read)))
    if count == 0:
        return ()
    found = []
    for format_id in DATE_FORMATS:
        if format_id == chosen:
            continue
        other = _parse_parts(parts, format_id).to_numpy(dtype="datetime64[D]")
        if int(np.count_nonzero(~np.isnat(other))) != count:
            continue
        same = (np.isnat(other) == np.isnat(read)).all() and (
            other[~np.isnat(other)] == read[~np.isnat(read)]
        ).all()
        if not same:
            found.append(format_id)
    return tuple(found)


# --- amounts --------------------------------------------------------------------------------

# The votes as first written (one or two, or four and more, digits after the mark); the
# `_PROVES_*` patterns below extend them, and the tests check that they do.
_COMMA_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d*),(\d{1,2}|\d{4,})$")
_DOT_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d*)\.(\d{1,2}|\d{4,})$")
# What may surround a number in an export: currency signs and codes, spaces, apostrophes (Swiss
# thousands). Removed before parsing.
_NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f'’€$£]|EUR|USD|GBP|CHF", re.IGNORECASE)
# `_NUMBER_NOISE` (the readable definition, checked against this one by the tests) as
# pyarrow's RE2 runs it (pandas falls back to Python's re, ten times slower,
# for ``\s``, ``\u`` escapes and flags): the characters Python calls whitespace, written out
# (no-break, thin and narrow no-break spaces included), and the codes in either case.
_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_NOISE = f"[{_SPACES}'’€$£]|[Ee][Uu][Rr]|[Uu][Ss][Dd]|[Gg][Bb][Pp]|[Cc][Hh][Ff]"
# The shapes of a number after noise and signs are gone ("1.234,56"), by what they prove.
# The comma is the decimal mark: 1-2 or 4+ digits after it ("12,50", "0,1234"), a dot
# grouping before it ("1.234,567"), or 3 digits after it that cannot be thousands ("0,500",
# "1234,500", ",500").
_PROVES_COMMA = (
    r"[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[0-9]*,([0-9]{1,2}|[0-9]{4,})|(0|[0-9]{4,})?,[0-9]{3}"
)
_PROVES_DOT = (
    r"[0-9]{1,3}(,[0-9]{3})+\.[0-9]+|[0-9]*\.([0-9]{1,2}|[0-9]{4,})|(0|[0-9]{4,})?\.[0-9]{3}"
)
# Several marks of one kind are thousands marks ("1.500.000"), so the other is the decimal.
_DOTS_GROUP = r"[0-9]{1,3}(\.[0-9]{3}){2,}"
_COMMAS_GROUP = r"[0-9]{1,3}(,[0-9]{3}){2,}"
# One mark with exactly three digits after it: "1.500" is 1,500 or 1.5.
_THREE_AFTER_DOT = r"[1-9][0-9]{0,2}\.[0-9]{3}"
_THREE_AFTER_COMMA = r"[1-9][0-9]{0,2},[0-9]{3}"

AmountReason = Literal[
    "votes", "grouping", "three_decimals", "file_hint_separator", "file_hint_dates", "default"
]


@dataclass(frozen=True)
class AmountReading:
    """How a column of amounts written as text is read (`amount_reading`).

    decimal: the decimal mark, ``","`` or ``"."`` (the other is the thousands mark).
    ambiguous: True when neither the values nor the file settle it: the page shows the total
    under each reading (`amount_totals`) and asks.
    reason: what decided `decimal`: ``votes`` (amounts with cents: ``12,50``, ``1.234,56``),
    ``grouping`` (several marks of one kind: ``1.500.000``), ``three_decimals`` (only
    ``1.500``-like values: taken as thousands, but ambiguous), ``file_hint_separator`` (a ``;``
    file: Italian Excel), ``file_hint_dates`` (day-first dates: Italian; month-first:
    English), ``default`` (nothing: ``"."``).
    """

    decimal: str
    ambiguous: bool
    reason: AmountReason


class _Tally(NamedTuple):
    comma: int  # values that prove the comma is the decimal mark
    dot: int
    comma_by_grouping: int  # of which proved by several dots ("1.500.000")
    dot_by_grouping: int
    three_after_dot: int  # "1.500"
    three_after_comma: int  # "1,500"


def _clean(values: TextValues) -> pd.Series:
    """Texts without currency, spaces and apostrophes (NaN stays NaN), as pyarrow strings."""
    texts = pd.Series(values, dtype=object).astype(str)
    return texts.str.replace(_NOISE, "", regex=True)


def _tally(clean: pd.Series) -> _Tally:
    """How many of `clean` (cleaned texts, duplicates counted) show each shape."""
    core = clean.dropna().str.strip("()+-")  # signs, brackets and a trailing minus

    def count(pattern: str) -> int:
        return int(core.str.fullmatch(pattern, na=False).sum())

    comma_grouping, dot_grouping = count(_DOTS_GROUP), count(_COMMAS_GROUP)
    return _Tally(
        comma=count(_PROVES_COMMA) + comma_grouping,
        dot=count(_PROVES_DOT) + dot_grouping,
        comma_by_grouping=comma_grouping,
        dot_by_grouping=dot_grouping,
        three_after_dot=count(_THREE_AFTER_DOT),
        three_after_comma=count(_THREE_AFTER_COMMA),
    )


def decimal_mark(values: TextValues, separator: str = ";") -> str:
    """The decimal mark of a column of amounts as text: ``","`` or ``"."``.

    Values with one or two (or four and more) digits after a mark vote for it (``12,50`` for the
    comma, ``12.50`` for the point); so do values where the other mark groups thousands
    (``1.234,567``, ``1.500.000`` for the comma) or where three digits after the mark cannot be
    thousands (``0,500``, ``1234,500``). ``1.234`` is a thousands mark or a decimal and does not
    vote. With no vote (or a tie), a ``;``-separated file is taken as Italian (comma), others
    as English. Every value counts, repeated ones too; `amount_reading` decides on a whole
    column.

    >>> decimal_mark(["12,50", "1.234,00", "7"]), decimal_mark(["12.50", "1,234.00"], ",")
    (',', '.')
    >>> decimal_mark(["1.234", "300"], ";"), decimal_mark(["1,234"], ",")
    (',', '.')
    >>> decimal_mark(["1,500,000"], ";"), decimal_mark(["1'234.50"], ";")
    ('.', '.')
    """
    tally = _tally(_clean(values))
    if tally.comma != tally.dot:
        return "," if tally.comma > tally.dot else "."
    return "," if separator == ";" else "."


def _file_hint(separator: str, date_format: str | None) -> tuple[str, AmountReason] | None:
    """The decimal mark the file's other conventions suggest, or None (none, or they disagree).

    Day-first dates mean Italian conventions (``,`` decimal), month-first English (``.``); a
    ``;`` separator is Italian Excel's. ISO dates, Excel serials and other separators say
    nothing.
    """
    hints: list[tuple[str, AmountReason]] = []
    if date_format in _DAY_FIRST:
        hints.append((",", "file_hint_dates"))
    elif date_format in _MONTH_FIRST:
        hints.append((".", "file_hint_dates"))
    if separator == ";":
        hints.append((",", "file_hint_separator"))
    if not hints or len({mark for mark, _ in hints}) > 1:
        return None
    return hints[0]


def amount_reading(
    values: TextValues, *, separator: str, date_format: str | None = None
) -> AmountReading:
    """Decide the decimal mark of a whole column of amounts, and whether that is a guess.

    Decided on every distinct value, in this order:

    1. votes: values that prove a mark is the decimal (see `decimal_mark`: ``12,50``,
       ``1.234,56``, ``0,500``; ``1.500.000`` proves ``,`` by ``grouping``); the mark with more
       distinct values wins;
    2. if nothing votes and the only values with a mark have exactly three digits after it
       (``1.500``, ``2.750``, ``300``): money with three decimals is rare, so the mark is taken
       as thousands (decimal = the other mark), but that is ``ambiguous`` unless a file hint
       agrees: day-first dates or a ``;`` separator (Italian: ``.`` groups thousands),
       month-first dates (English: ``,`` groups thousands);
    3. no value has a mark (whole numbers): the hint's mark, else ``"."``; never ambiguous;
    4. contradictory values (as many votes each way, or ``1.500`` next to ``2,750``): the
       hint's mark, else ``"."``, and ambiguous.

    `separator` is the file's field separator (``""`` for a workbook or aligned text);
    `date_format` the `DATE_FORMATS` id its dates were read with (None if typed or unknown).

    >>> amount_reading(["1.500", "2.750", "300"], separator=",")
    AmountReading(decimal=',', ambiguous=True, reason='three_decimals')
    >>> amount_reading(["1.500", "2.750"], separator=";").reason
    'file_hint_separator'
    >>> amount_reading(["1.500", "12.50"], separator=";")
    AmountReading(decimal='.', ambiguous=False, reason='votes')
    >>> amount_reading(["1.500.000", "300"], separator=",")
    AmountReading(decimal=',', ambiguous=False, reason='grouping')
    """
    clean = _clean(values).dropna()
    clean = pd.Series(clean.unique())
    tally = _tally(clean[clean != ""])
    if tally.comma != tally.dot:
        decimal = "," if tally.comma > tally.dot else "."
        by_grouping = tally.comma_by_grouping if decimal == "," else tally.dot_by_grouping
        by_votes = (tally.comma if decimal == "," else tally.dot) > by_grouping
        return AmountReading(decimal, False, "votes" if by_votes else "grouping")
    hint = _file_hint(separator, date_format)
    three_dot, three_comma = tally.three_after_dot > 0, tally.three_after_comma > 0
    if tally.comma == 0 and three_dot != three_comma:
        thousands_reading = "," if three_dot else "."  # the mark seen groups thousands
        if hint is not None and hint[0] == thousands_reading:
            return AmountReading(thousands_reading, False, hint[1])
        return AmountReading(thousands_reading, True, "three_decimals")
    ambiguous = tally.comma > 0 or (three_dot and three_comma)
    if hint is not None:
        return AmountReading(hint[0], ambiguous, hint[1])
    return AmountReading(".", ambiguous, "default")


def parse_amounts(values: TextValues, decimal: str) -> pd.Series:
    """Amounts written as text → floats; NaN where the text is not a number.

    Currency signs, spaces (no-break and thin ones too) and apostrophes (Swiss ``1'234.50``)
    are ignored; the other mark than `decimal` is taken as a thousands separator. A trailing
    minus (``12,50-``) and brackets (``(12,50)``), as some accounting exports write refunds,
    are negative.

    >>> parse_amounts(["1.234,56", "€ 12,50", "(3,00)", "4,5-", "n/d"], ",").tolist()
    [1234.56, 12.5, -3.0, -4.5, nan]
    >>> parse_amounts(["1,234.56", "$7", "1'234.50", "1 234.50"], ".").tolist()
    [1234.56, 7.0, 1234.5, 1234.5]
    """
    if decimal not in (",", "."):
        raise ValueError(f"decimal must be ',' or '.', got {decimal!r}")
    thousands = "." if decimal == "," else ","
    texts = _clean(values)
    negative = texts.str.match(r"^\(.*\)$", na=False) | texts.str.endswith("-", na=False)
    texts = texts.str.strip("()").str.rstrip("-")
    texts = texts.str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False)
    # Only plain decimal numbers: to_numeric would also take "inf", "1e400" or "0x10".
    plain = texts.str.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)", na=False)
    numbers = pd.to_numeric(texts.where(plain), errors="coerce").astype(float)
    return numbers.where(~negative, -numbers.abs())


def amount_totals(values: TextValues) -> dict[str, float]:
    """The column's total read with each decimal mark: ``{",": total, ".": total}``.

    For the page to show both readings when `amount_reading` is ambiguous. Texts are read with
    `parse_amounts`; numbers already typed (a workbook's cells) count as they are in both;
    blanks and unreadable values count as nothing. Units are the file's (its currency).

    >>> amount_totals(["1.500", "2.750", "300", None])
    {',': 4550.0, '.': 304.25}
    """
    raw = pd.Series(values, dtype=object)
    cells = raw.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        typed = np.zeros(len(cells), dtype=bool)
    else:
        typed = np.fromiter(
            (isinstance(v, int | float) and not isinstance(v, bool) for v in cells),
            dtype=bool,
            count=len(cells),
        )
    typed_total = float(np.nansum(cells[typed].astype(float))) if typed.any() else 0.0
    texts = cells.copy()
    texts[typed] = None
    codes, uniques = pd.factorize(texts)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    totals = {}
    for mark in (",", "."):
        parsed = parse_amounts(pd.Index(uniques, dtype=object), mark).to_numpy(dtype=float)
        totals[mark] = typed_total + float(np.nansum(counts * parsed))
    return totals
