"""Reading a sales export: encodings, separators, decimal commas, dates and column names.

Owners export transactions (invoices, orders, visits) from whatever software they use. Italian
exports typically come as ``;``-separated text in Windows' ``cp1252`` encoding, with decimal
commas (``1.234,56``) and ``dd/mm/yyyy`` dates; English ones as ``,``-separated UTF-8 with
``1,234.56`` and ISO or US dates. This module reads either as it comes:

1. `sniff` decodes the bytes (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252, else
   latin-1), refuses empty, binary and oversized files, finds the separator (``;``, ``,``, tab
   or ``|``; an Excel ``sep=;`` first line is honoured) and guesses which column holds the
   customer, the date and the amount (`guess_columns`).
2. `read_transactions` reads every row with pandas' C parser, the mapped columns typed: the
   amount with the file's decimal mark, the date in the one format that reads most of the
   column's distinct values (day first before month first). Rows that cannot be used are
   skipped and reported, never silently dropped: no customer, a date or an amount that cannot
   be read (with a few examples), exact copies of another row. Negative amounts are kept as
   refunds and reported.

Problems that stop the reading raise `TransactionFileError` with every `ReadIssue` found; the
page translates each ``kind``. No Streamlit here.

>>> data = "Cliente;Data;Importo\\nRossi;31/01/2023;1.234,50\\nBianchi;02/02/2023;-20,00\\n"
>>> found = read_transactions(data.encode("cp1252"))
>>> found.frame["amount"].tolist(), found.summary.date_format, found.summary.refunds.count
([1234.5, -20.0], 'dmy_slash', 1)
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from calculators._validate import check_integer
from calculators.issues import InputError

__all__ = [
    "DATE_FORMATS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_ROWS",
    "ColumnMapping",
    "FileFormat",
    "ReadIssue",
    "ReadIssueKind",
    "ReadSummary",
    "TransactionFileError",
    "Transactions",
    "decimal_mark",
    "detect_date_format",
    "guess_columns",
    "parse_amounts",
    "read_transactions",
    "sniff",
]

# The app's upload limit: `server.maxUploadSize = 50` (MB) in .streamlit/config.toml. A million
# transactions are about 24 MB, so this leaves room for exports with a few more columns.
MAX_FILE_MB = 50
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
SEPARATORS: tuple[str, ...] = (";", ",", "\t", "|")
# Date formats tried, in order of preference when several read every value equally well
# (01/02/2024 is 1 February first: the app's users are mostly Italian). Ids name them in the UI.
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
}
# How much of the file the separator and column guesses look at.
SNIFF_BYTES = 64 * 1024
SNIFF_LINES = 50
PREVIEW_ROWS = 200
# Distinct date texts tried against every format before choosing one (then all are parsed).
DATE_SAMPLE = 2000
EXAMPLES = 3
# More than this share of unreadable dates means the wrong column or format, not a few typos.
MAX_BAD_DATE_SHARE = 0.5
# A separator is accepted when at least this share of the first lines split into as many
# fields as the header (one broken line in a short file must not hide the separator: the
# parser then names that line).
SEPARATOR_CONSISTENCY = 0.5
# Control characters (other than tab, CR, LF, form feed) allowed in text before it is binary.
MAX_CONTROL_SHARE = 0.01
# Columns read at most. Exports have tens; pandas spends about 0.2 ms of CPU per column reading a
# file, whatever its length, and no upload may take more than 0.2 s of CPU per MB, whatever its
# shape (issue #17): a file of a million one-character columns is refused before it is parsed.
MAX_COLUMNS = 500
# Lines read at most (blank ones included). Reading takes memory per row whatever the row's
# length (about 60 bytes a row of three columns, arrays of codes included): 25 million
# two-character lines, 50 MB, would take 1.5 GB. Twice the million transactions (24 MB) that
# benchmarks/your_data.py reads; the 50 MB upload limit allows about two million real ones.
MAX_ROWS = 2_000_000
# A date or an amount longer than this is unreadable without being parsed (the longest ones
# exports write, "2024-01-31T10:22:00.000000+01:00" or "-1.234.567.890,00 EUR", are under 40).
MAX_VALUE_CHARS = 100
# Examples quoted in an issue are cut to this many characters.
EXAMPLE_CHARS = 60

# Magic numbers of files people upload by mistake. Zip (xlsx, ods, docx) and OLE2 (xls, doc)
# are spreadsheets more often than not: the message says how to save them as CSV.
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf")

# Column names that say what a column holds, normalised (lower case, no accents, words split
# by single spaces). Earlier names win: a customer *code* beats a customer *name*.
CUSTOMER_NAMES: tuple[str, ...] = (
    "customer id",
    "customer code",
    "customer number",
    "client id",
    "client code",
    "codice cliente",
    "cod cliente",
    "id cliente",
    "codice",
    "customer",
    "client",
    "cliente",
    "account",
    "partita iva",
    "codice fiscale",
    "email",
    "e mail",
    "customer name",
    "client name",
    "nome cliente",
    "ragione sociale",
    "nominativo",
    "buyer",
    "acquirente",
)
DATE_NAMES: tuple[str, ...] = (
    "date",
    "data",
    "invoice date",
    "order date",
    "sale date",
    "transaction date",
    "purchase date",
    "data documento",
    "data fattura",
    "data ordine",
    "data vendita",
    "data acquisto",
    "data emissione",
    "giorno",
    "day",
    "created at",
    "timestamp",
)
AMOUNT_NAMES: tuple[str, ...] = (
    "amount",
    "importo",
    "totale",
    "total",
    "importo totale",
    "totale documento",
    "totale fattura",
    "total amount",
    "imponibile",
    "net amount",
    "value",
    "valore",
    "revenue",
    "ricavo",
    "ricavi",
    "fatturato",
    "sales",
    "vendite",
    "incasso",
    "price",
    "prezzo",
    "spesa",
)
# Words that make a column a worse match even when it contains a known name ("data nascita").
_NOT_TRANSACTION = ("nascita", "birth", "scadenza", "due", "iscrizione", "signup")


ReadIssueKind = Literal[
    # Stopping the reading:
    "too_large",
    "empty",
    "spreadsheet",
    "binary",
    "one_column",
    "too_many_columns",
    "too_many_rows",
    "no_rows",
    "bad_line",
    "unclosed_quote",
    "missing_column",
    "same_column",
    "unknown_column",
    "bad_dates_fatal",
    "bad_amounts_fatal",
    "nothing_left",
    # Rows skipped or noted:
    "missing_customer",
    "bad_dates",
    "bad_amounts",
    "duplicates",
    "refunds",
]


@dataclass(frozen=True)
class ReadIssue:
    """One problem with a transactions file, for the page to translate by `kind`.

    kind (stopping the reading): ``too_large`` (`value` = size in MB, rounded up to 0.1), ``empty``,
    ``spreadsheet`` (an Excel or zip file), ``binary``, ``one_column`` (no separator found),
    ``too_many_columns`` (more than `MAX_COLUMNS` in the header; `count` = `MAX_COLUMNS`),
    ``too_many_rows`` (more than `MAX_ROWS` lines under the header; `count` = `MAX_ROWS`),
    ``no_rows`` (a header and nothing else), ``bad_line`` (`value` = line number with too many
    fields), ``unclosed_quote`` (`value` = the line where a quote opens that never closes),
    ``missing_column`` (`column` = which role: customer, date or amount; `examples` = names
    that would be recognised), ``same_column`` (`column` = the column used twice),
    ``unknown_column`` (`column` = a mapped name the file does not have), ``bad_dates_fatal``
    and ``bad_amounts_fatal`` (most values unreadable; `value` = rows in the file),
    ``nothing_left`` (no usable row).
    kind (rows skipped or noted): ``missing_customer``, ``bad_dates``, ``bad_amounts``,
    ``duplicates``, ``refunds`` (`value` = their total, negative).
    `count` is the number of rows concerned, `examples` a few of the values as they are in the
    file (cut to `EXAMPLE_CHARS`), `column` the file's column name where one applies.
    """

    kind: ReadIssueKind
    count: int = 0
    examples: tuple[str, ...] = ()
    column: str = ""
    value: float | None = None

    @property
    def subject(self) -> str:
        """The column (or role) the issue is about; empty for the whole file."""
        return self.column


class TransactionFileError(InputError[ReadIssue]):
    """A file that cannot be read as transactions; `issues` says every reason found."""

    summary = "data cannot be read as transactions"


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of the file holds each of the three things the analysis needs.

    ``None`` means no column was found (or chosen) for that role.
    """

    customer: str | None
    date: str | None
    amount: str | None

    def roles(self) -> dict[str, str | None]:
        """``{"customer": ..., "date": ..., "amount": ...}`` in that order."""
        return {"customer": self.customer, "date": self.date, "amount": self.amount}


@dataclass(frozen=True)
class FileFormat:
    """What `sniff` found: how the text is encoded and split, its columns and the guesses.

    preview: the first rows as text, for the guesses and for the user to see.
    has_sep_line: True when the file starts with Excel's ``sep=;`` line (skipped).
    """

    encoding: str
    separator: str
    columns: tuple[str, ...]
    guess: ColumnMapping
    preview: pd.DataFrame = field(repr=False, compare=False)
    has_sep_line: bool = False


@dataclass(frozen=True)
class ReadSummary:
    """What was read: rows in the file and used, customers, dates, and what was skipped.

    rows: data rows in the file (header and blank lines excluded).
    used_rows: rows kept for the analysis (refunds included).
    skipped: one `ReadIssue` per reason rows were left out (a row with two problems counts in
    both, so `skipped_rows` is the number of rows actually left out).
    refunds: the negative amounts kept as refunds, or None when there are none.
    """

    rows: int
    used_rows: int
    customers: int
    first_date: dt.date
    last_date: dt.date
    encoding: str
    separator: str
    decimal: str
    date_format: str | None
    skipped: tuple[ReadIssue, ...] = ()
    refunds: ReadIssue | None = None

    @property
    def skipped_rows(self) -> int:
        """Rows of the file not used: ``rows - used_rows``."""
        return self.rows - self.used_rows


@dataclass(frozen=True)
class Transactions:
    """The usable rows and the summary of the reading.

    frame: one row per transaction, columns ``customer_id`` (categorical, the file's text with
    spaces trimmed), ``date`` (``datetime64``, day precision) and ``amount`` (float, negative
    for refunds), in the file's order.
    """

    frame: pd.DataFrame = field(repr=False)
    summary: ReadSummary


# --- decoding and sniffing ------------------------------------------------------------------


def _check_bytes(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        # Rounded up to 0.1 MB, so that a file just over the limit never reads as equal to it.
        size_mb = math.ceil(len(data) / (1024 * 1024) * 10) / 10
        raise TransactionFileError([ReadIssue("too_large", value=size_mb)])
    if not data or data.isspace():  # isspace stops at the first other byte: no copy
        raise TransactionFileError([ReadIssue("empty")])
    head = data[:SNIFF_BYTES]
    if head.startswith(_SPREADSHEET_MAGIC):
        raise TransactionFileError([ReadIssue("spreadsheet")])
    if head.startswith(_BINARY_MAGIC):
        raise TransactionFileError([ReadIssue("binary")])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    head = text[:SNIFF_BYTES]
    if "\x00" in head:
        return True
    controls = len(_CONTROL.findall(head))
    return controls > MAX_CONTROL_SHARE * max(len(head), 1)


def _decode(data: bytes) -> tuple[str, str]:
    """The file as text and the name of its encoding.

    UTF-16 and UTF-8 are recognised by their byte-order mark; without one, strict UTF-8 is tried
    first (it rarely decodes anything else by accident), then Windows' cp1252 (Italian Excel),
    then latin-1, which decodes any byte.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TransactionFileError([ReadIssue("binary")]) from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _head_lines(text: str) -> tuple[str, bool, str | None]:
    """The first lines (complete ones only), whether a ``sep=`` line starts the file, its sep."""
    head = text[:SNIFF_BYTES]
    if len(text) > SNIFF_BYTES and "\n" in head:
        head = head[: head.rindex("\n") + 1]  # the last line may be cut in the middle
    head = head.lstrip("\r\n")
    first, _, rest = head.partition("\n")
    match = re.fullmatch(r"\s*sep=(.)\s*", first)
    if match:
        return rest, True, match.group(1)
    return head, False, None


def _field_counts(head: str, separator: str) -> list[int]:
    # newline="" lets the csv module see lone "\r" line ends (old Mac exports) as line ends.
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=separator, quotechar='"')
    counts = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                counts.append(len(row))
            if len(counts) >= SNIFF_LINES:
                break
    except csv.Error:
        pass  # a malformed line: judge the separator on the lines read so far
    return counts


def _separator(head: str) -> str | None:
    """The separator that splits the header into most fields, consistently on the next lines."""
    best, best_fields = None, 1
    for separator in SEPARATORS:
        counts = _field_counts(head, separator)
        if not counts:
            continue
        header = counts[0]
        rows = counts[1:] or counts
        consistent = sum(count == header for count in rows) / len(rows)
        if header > best_fields and consistent >= SEPARATOR_CONSISTENCY:
            best, best_fields = separator, header
    return best


@lru_cache(maxsize=4096)
def _normalise(name: str) -> str:
    """``"Codice  Cliente"`` → ``"codice cliente"``; ``"Città"`` → ``"citta"``."""
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def _name_score(name: str, known: tuple[str, ...]) -> float:
    """How well a column name matches a role: exact names best, then names containing one."""
    normal = _normalise(name)
    if not normal:
        return 0.0
    words = set(normal.split())
    if words & set(_NOT_TRANSACTION):
        return 0.0
    for rank, candidate in enumerate(known):
        if normal == candidate:
            return 3.0 - rank / len(known)
    for rank, candidate in enumerate(known):
        # The substring test first: the regular expression runs for few of the candidates.
        if candidate in normal and _word(candidate).search(normal):
            return 2.0 - rank / len(known)
    return 0.0


@cache
def _word(candidate: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(candidate)}\b")


def _share_dates(values: pd.Series) -> float:
    texts = values.dropna().astype(str).str.strip()
    texts = texts[texts != ""]
    if texts.empty:
        return 0.0
    found = detect_date_format(texts.unique()[:DATE_SAMPLE])
    if found is None:
        return 0.0
    parsed = _parse_dates(texts.unique(), found)
    return float(np.mean(parsed.notna()))


def _share_numbers(values: pd.Series, separator: str) -> float:
    texts = values.dropna().astype(str).str.strip()
    texts = texts[texts != ""]
    if texts.empty:
        return 0.0
    mark = decimal_mark(texts, separator)
    return float(parse_amounts(texts, mark).notna().mean())


def guess_columns(preview: pd.DataFrame, separator: str = ";") -> ColumnMapping:
    """Guess the customer, date and amount columns from their names, then from their values.

    A name match wins (``Codice cliente``, ``customer_id``, ``data``, ``importo``, ``totale``...;
    see `CUSTOMER_NAMES`, `DATE_NAMES`, `AMOUNT_NAMES`). A role no name matches goes to a column
    whose values are mostly dates (date) or numbers (amount); the customer falls back to the
    first column left whose values repeat. Each column is used once at most.

    >>> frame = pd.DataFrame({"Codice cliente": ["A1"], "Data doc.": ["01/02/2024"],
    ...                       "Totale €": ["12,50"]})
    >>> guess_columns(frame)
    ColumnMapping(customer='Codice cliente', date='Data doc.', amount='Totale €')
    >>> guess_columns(pd.DataFrame({"x": ["A", "A"], "y": ["2024-01-05", "2024-02-01"],
    ...                             "z": ["3.5", "4"]}), ",")
    ColumnMapping(customer='x', date='y', amount='z')
    """
    columns = [str(column) for column in preview.columns]
    chosen: dict[str, str | None] = {}
    used: set[str] = set()
    for role, known in (
        ("customer", CUSTOMER_NAMES),
        ("date", DATE_NAMES),
        ("amount", AMOUNT_NAMES),
    ):
        scored = [(_name_score(column, known), column) for column in columns if column not in used]
        scored = [item for item in scored if item[0] > 0]
        if scored:
            best = max(scored, key=lambda item: item[0])[1]
            chosen[role] = best
            used.add(best)
        else:
            chosen[role] = None
    if chosen["date"] is None:
        chosen["date"] = _by_content(preview, columns, used, _share_dates)
    if chosen["amount"] is None:
        chosen["amount"] = _by_content(
            preview, columns, used, lambda values: _share_numbers(values, separator)
        )
    if chosen["customer"] is None:
        for column in columns:
            values = preview[column].dropna()
            if column not in used and len(values) and values.nunique() < len(values):
                chosen["customer"] = column
                break
        else:
            rest = [column for column in columns if column not in used]
            chosen["customer"] = rest[0] if rest else None
    return ColumnMapping(**chosen)


def _by_content(
    preview: pd.DataFrame,
    columns: list[str],
    used: set[str],
    share: Callable[[pd.Series], float],
) -> str | None:
    best, best_share = None, 0.8  # most values must fit
    for column in columns:
        if column in used:
            continue
        value = share(preview[column])
        if value > best_share:
            best, best_share = column, value
    if best is not None:
        used.add(best)
    return best


def _bad_line(error: pd.errors.ParserError, has_sep_line: bool) -> TransactionFileError:
    """The parser's "Expected 3 fields in line 7, saw 4", or "EOF inside string starting at row
    6" (a quote never closed: rows counted from 0, as lines if no value holds a line break), as
    an issue naming the file's line."""
    offset = 1 if has_sep_line else 0
    message = str(error)
    match = re.search(r"line (\d+)", message)
    if match:
        return TransactionFileError([ReadIssue("bad_line", value=float(match.group(1)) + offset)])
    match = re.search(r"EOF inside string starting at row (\d+)", message)
    if match:
        line = float(match.group(1)) + 1 + offset
        return TransactionFileError([ReadIssue("unclosed_quote", value=line)])
    return TransactionFileError([ReadIssue("bad_line")])


def _utf8(data: bytes, text: str, encoding: str) -> bytes:
    """The file as UTF-8 bytes, the form pandas' C parser reads fastest (no Python codec)."""
    if encoding == "utf-8":
        return data
    if encoding == "utf-8-sig":
        return data[len(codecs.BOM_UTF8) :]
    return text.encode("utf-8")


def _sniff(data: bytes, max_bytes: int) -> tuple[FileFormat, bytes]:
    """What `sniff` returns, and the file as UTF-8 bytes for the full read."""
    max_bytes = check_integer("max_bytes", max_bytes, 1)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"data must be the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    _check_bytes(data, max_bytes)
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise TransactionFileError([ReadIssue("binary")])
    if text.isspace():
        raise TransactionFileError([ReadIssue("empty")])
    head, has_sep_line, declared = _head_lines(text)
    separator = declared if declared else _separator(head)
    if separator is None:
        raise TransactionFileError([ReadIssue("one_column")])
    header_fields = _field_counts(head, separator)[:1]
    if header_fields and header_fields[0] > MAX_COLUMNS:
        raise TransactionFileError([ReadIssue("too_many_columns", count=MAX_COLUMNS)])
    try:
        preview = pd.read_csv(
            io.StringIO(head),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            nrows=PREVIEW_ROWS,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as error:
        raise _bad_line(error, has_sep_line) from None
    except ValueError:
        raise TransactionFileError([ReadIssue("one_column")]) from None
    if len(preview.columns) < 2:
        raise TransactionFileError([ReadIssue("one_column")])
    if preview.empty:
        raise TransactionFileError([ReadIssue("no_rows")])
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > MAX_ROWS + 1:  # the header's line too
        raise TransactionFileError([ReadIssue("too_many_rows", count=MAX_ROWS)])
    columns = tuple(str(column) for column in preview.columns)
    file_format = FileFormat(
        encoding=encoding,
        separator=separator,
        columns=columns,
        guess=guess_columns(preview, separator),
        preview=preview,
        has_sep_line=has_sep_line,
    )
    return file_format, _utf8(data, text, encoding)


def sniff(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> FileFormat:
    """Decode a file, find its separator and columns, and guess the column mapping.

    Raises `TransactionFileError` for a file over `max_bytes`, an empty file, a spreadsheet or
    other binary file, a file with a single column or more than `MAX_COLUMNS`, a header with
    no rows, or more than `MAX_ROWS` lines.

    Parameters
    ----------
    data : bytes
        The file as uploaded.
    max_bytes : int, optional
        The largest file accepted (bytes); default `MAX_FILE_BYTES` (50 MB).

    Examples
    --------
    >>> found = sniff("Cliente;Data;Importo\\nNiccolò;01/02/2024;12,50\\n".encode("cp1252"))
    >>> found.encoding, found.separator, found.columns
    ('cp1252', ';', ('Cliente', 'Data', 'Importo'))
    """
    return _sniff(data, max_bytes)[0]


# --- values ---------------------------------------------------------------------------------

_COMMA_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d*),(\d{1,2}|\d{4,})$")
_DOT_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d*)\.(\d{1,2}|\d{4,})$")
# What may surround a number in an export: currency signs and codes, spaces, apostrophes (Swiss
# thousands). Removed before parsing.
_NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f'’€$£]|EUR|USD|GBP|CHF", re.IGNORECASE)


def decimal_mark(values: pd.Series | np.ndarray | list[str], separator: str = ";") -> str:
    """The decimal mark of a column of amounts as text: ``","`` or ``"."``.

    Values with one or two (or four and more) digits after a mark vote for it (``12,50`` for the
    comma, ``12.50`` for the point); ``1.234`` is a thousands mark or a decimal and does not
    vote. With no vote, a ``;``-separated file is taken as Italian (comma), others as English.

    >>> decimal_mark(["12,50", "1.234,00", "7"]), decimal_mark(["12.50", "1,234.00"], ",")
    (',', '.')
    >>> decimal_mark(["1.234", "300"], ";"), decimal_mark(["1,234"], ",")
    (',', '.')
    """
    texts = pd.Series(values, dtype=object).dropna().astype(str)
    texts = texts.str.replace(_NUMBER_NOISE, "", regex=True)
    comma = int(texts.str.match(_COMMA_DECIMAL).sum())
    dot = int(texts.str.match(_DOT_DECIMAL).sum())
    if comma != dot:
        return "," if comma > dot else "."
    return "," if separator == ";" else "."


def parse_amounts(values: pd.Series | np.ndarray | list[str], decimal: str) -> pd.Series:
    """Amounts written as text → floats; NaN where the text is not a number.

    Currency signs, spaces and apostrophes are ignored; the other mark than `decimal` is taken
    as a thousands separator. A trailing minus (``12,50-``) and brackets (``(12,50)``), as some
    accounting exports write refunds, are negative.

    >>> parse_amounts(["1.234,56", "€ 12,50", "(3,00)", "4,5-", "n/d"], ",").tolist()
    [1234.56, 12.5, -3.0, -4.5, nan]
    >>> parse_amounts(["1,234.56", "$7"], ".").tolist()
    [1234.56, 7.0]
    """
    if decimal not in (",", "."):
        raise ValueError(f"decimal must be ',' or '.', got {decimal!r}")
    thousands = "." if decimal == "," else ","
    texts = pd.Series(values, dtype=object).astype(str).str.replace(_NUMBER_NOISE, "", regex=True)
    negative = texts.str.match(r"^\(.*\)$") | texts.str.endswith("-")
    texts = texts.str.strip("()").str.rstrip("-")
    texts = texts.str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False)
    # Only plain decimal numbers: to_numeric would also take "inf", "1e400" or "0x10".
    plain = texts.str.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)")
    numbers = pd.to_numeric(texts.where(plain), errors="coerce").astype(float)
    return numbers.where(~negative, -numbers.abs())


def _date_part(texts: pd.Index) -> pd.Index:
    """Dates without a time: ``2024-01-31T10:00:00`` and ``31/01/2024 10:00`` → the day."""
    return texts.str.strip().str.split(r"[ T]", n=1, regex=True).str[0]


def _parse_dates(texts: np.ndarray | pd.Index, format_id: str) -> pd.DatetimeIndex:
    parsed = pd.to_datetime(
        _date_part(pd.Index(texts, dtype=object).astype(str)),
        format=DATE_FORMATS[format_id],
        errors="coerce",
    )
    return pd.DatetimeIndex(parsed)


def detect_date_format(texts: np.ndarray | list[str] | pd.Index) -> str | None:
    """The id in `DATE_FORMATS` that reads most of `texts` (distinct date texts); None if none.

    Ties go to the earlier format, so ``01/02/2024`` alone is read day first; a ``13/02``
    anywhere settles it, and so does a ``02/13`` for month first. A time after the date is
    ignored.

    >>> detect_date_format(["01/02/2024", "13/02/2024"]), detect_date_format(["02/13/2024"])
    ('dmy_slash', 'mdy_slash')
    >>> detect_date_format(["2024-01-31 10:22:00", "2024-02-01"]), detect_date_format(["soon"])
    ('ymd_dash', None)
    """
    sample = pd.Index(texts, dtype=object).dropna().astype(str)[:DATE_SAMPLE]
    best, best_count = None, 0
    for format_id in DATE_FORMATS:
        count = int(np.count_nonzero(_parse_dates(sample, format_id).notna()))
        if count > best_count:
            best, best_count = format_id, count
        if best_count == len(sample):
            break  # reads everything: a later format could only tie, and ties go to earlier
    return best


# --- reading --------------------------------------------------------------------------------


def _examples(values: pd.Index | np.ndarray) -> tuple[str, ...]:
    shown = (str(value) for value in list(values[:EXAMPLES]))
    return tuple(
        text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS] + "…" for text in shown
    )


def _check_mapping(mapping: ColumnMapping, columns: tuple[str, ...]) -> None:
    issues = []
    seen: dict[str, str] = {}
    for role, column in mapping.roles().items():
        if column is None:
            known = {"customer": CUSTOMER_NAMES, "date": DATE_NAMES, "amount": AMOUNT_NAMES}[role]
            issues.append(ReadIssue("missing_column", column=role, examples=known[:3]))
        elif column not in columns:
            issues.append(ReadIssue("unknown_column", column=column))
        elif column in seen:
            issues.append(ReadIssue("same_column", column=column))
        else:
            seen[column] = role
    if issues:
        raise TransactionFileError(issues)


def _read_frame(
    utf8: bytes, file_format: FileFormat, mapping: ColumnMapping, decimal: str
) -> pd.DataFrame:
    # The amount is left to the C parser's number reading with `decimal` and no thousands mark:
    # a column it reads whole is unambiguous (whole numbers or `decimal` decimals); anything
    # else ("1.234,50", "€ 12") comes back as text and goes through `parse_amounts`.
    source = io.BytesIO(utf8)
    numeric_amount = decimal != file_format.separator
    text_columns = {
        column: object
        for column in file_format.columns
        if column != mapping.amount or not numeric_amount
    }
    try:
        return pd.read_csv(
            source,
            sep=file_format.separator,
            dtype=text_columns,
            decimal=decimal if numeric_amount else ".",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            skiprows=1 if file_format.has_sep_line else None,
            encoding="utf-8",
        )
    except pd.errors.ParserError as error:
        raise _bad_line(error, file_format.has_sep_line) from None


def _customers(raw: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (-1 = no customer) and the distinct customer texts, spaces trimmed."""
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
    if len(uniques) == 0:
        return np.full(len(raw), -1, dtype=np.int64), pd.Index([], dtype=object)
    trimmed = pd.Series(uniques, dtype=object).astype(str).str.strip().to_numpy(dtype=object)
    # Trimming can make two texts equal (" A1" and "A1"): factorize again over the trimmed ones.
    recoded, names = pd.factorize(trimmed)
    recoded = np.where(trimmed == "", -1, recoded)
    codes = np.where(codes >= 0, recoded[np.maximum(codes, 0)], -1)
    return codes, pd.Index(names, dtype=object)


def _dates(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, str | None, pd.Index]:
    """Dates (datetime64, NaT where unreadable), text codes, format id, unreadable texts."""
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
    texts = pd.Index(uniques, dtype=object).astype(str)
    short = np.asarray(texts.str.len() <= MAX_VALUE_CHARS)
    format_id = detect_date_format(texts[short])
    days = np.full(len(texts), np.datetime64("NaT"), "datetime64[D]")
    if format_id is not None:
        days[short] = _parse_dates(texts[short], format_id).to_numpy(dtype="datetime64[D]")
    # Blank cells have code -1, which picks the NaT put last (and works with no text at all).
    values = np.append(days, np.datetime64("NaT"))[codes]
    return values.astype("datetime64[D]"), codes, format_id, texts[np.isnat(days)]


def _amounts(raw: pd.Series, decimal: str, separator: str) -> tuple[np.ndarray, pd.Index, str]:
    """Amounts as floats (NaN where unreadable), the unreadable texts, and the decimal mark."""
    if pd.api.types.is_float_dtype(raw.dtype) or pd.api.types.is_integer_dtype(raw.dtype):
        # The C parser read every value as a number; infinities it accepts are not amounts.
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isinf(values)
        values = np.where(bad, np.nan, values)
        return values, pd.Index(raw[bad].astype(str).unique(), dtype=object), decimal
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
    texts = pd.Index(uniques, dtype=object).astype(str)
    short = np.asarray(texts.str.len() <= MAX_VALUE_CHARS)
    # Decided again on every distinct value: the first rows may all have been whole numbers.
    decimal = decimal_mark(texts[short], separator)
    parsed = np.full(len(texts), np.nan)
    parsed[short] = parse_amounts(texts[short], decimal).to_numpy()
    values = np.append(parsed, np.nan)[codes]  # blank cells (code -1) pick the NaN put last
    return values, texts[np.isnan(parsed)], decimal


def _combined_codes(columns: list[np.ndarray]) -> np.ndarray:
    """One int64 per distinct combination of the columns' codes (each in 0 .. n - 1).

    key = (…(c_1 · n_2 + c_2) · n_3 + c_3…); when the product of the sizes would pass 2**62 the
    key so far is renumbered densely first (at most one code per row), so it never overflows.
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    size = 1
    for codes in columns:
        count = int(codes.max()) + 1 if len(codes) else 1
        if size * count >= 2**62:
            key, uniques = pd.factorize(key)
            size = len(uniques)
        key = key * count + codes
        size *= count
    return key


def _duplicates(
    frame: pd.DataFrame, mapping: ColumnMapping, keys: list[np.ndarray], keep: np.ndarray
) -> np.ndarray:
    """Rows (among `keep`) that repeat an earlier kept row in every column of the file.

    `keys` holds, for the mapped columns, integer codes already computed (equal texts, equal
    codes); the other columns are factorised here. Hashing one integer per row is much faster
    than hashing a million rows of texts.
    """
    repeated = np.zeros(len(frame), dtype=bool)
    if not keep.any():
        return repeated
    mapped_key = _combined_codes([codes[keep] for codes in keys])
    # Only rows whose customer, date and amount repeat can repeat in every column: the other
    # columns are compared on those alone (few, in most exports; cheap with a thousand columns).
    candidates = pd.Series(mapped_key).duplicated(keep=False).to_numpy()
    if not candidates.any():
        return repeated
    rows = np.flatnonzero(keep)[candidates]
    mapped = {mapping.customer, mapping.date, mapping.amount}
    others = [n for n, column in enumerate(frame.columns) if column not in mapped]
    block = frame.iloc[rows, others].to_numpy(dtype=object)
    # One factorisation for every cell (per column would cost a call per column); blanks get
    # -1: shift so every code is >= 0.
    cells = pd.factorize(block.ravel(order="F"))[0].reshape(block.shape, order="F") + 1
    columns = [pd.factorize(mapped_key[candidates])[0], *cells.T]
    repeated[rows] = pd.Series(_combined_codes(columns)).duplicated().to_numpy()
    return repeated


def read_transactions(
    data: bytes, mapping: ColumnMapping | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Transactions:
    """Read a transactions file: one row per sale, with a customer, a date and an amount.

    Every column is read; the mapped ones are typed. Rows are left out, and reported, when the
    customer is blank, the date or the amount cannot be read, or the row repeats an earlier one
    in every column (an export that doubled it; with an invoice number column, two equal sales
    stay apart). Negative amounts are kept as refunds and reported.

    Parameters
    ----------
    data : bytes
        The file as uploaded: CSV-like text, any of `SEPARATORS`, UTF-8/UTF-16/cp1252/latin-1.
    mapping : ColumnMapping, optional
        Which column is which; ``None`` uses `guess_columns`.
    max_bytes : int, optional
        The largest file accepted (bytes); default `MAX_FILE_BYTES` (50 MB).

    Returns
    -------
    Transactions
        The usable rows (``customer_id``, ``date``, ``amount``) and the `ReadSummary`.

    Raises
    ------
    TransactionFileError
        For the problems `sniff` finds, a mapping with a role missing, a column used twice or a
        column the file does not have, a line with more fields than the header, most dates or
        amounts unreadable, or no usable row at all.

    Examples
    --------
    >>> text = "customer,date,amount\\nA,2023-01-05,10\\nA,2023-01-05,10\\nB,someday,5\\n"
    >>> found = read_transactions(text.encode())
    >>> found.summary.rows, found.summary.used_rows, [i.kind for i in found.summary.skipped]
    (3, 1, ['bad_dates', 'duplicates'])
    """
    file_format, utf8 = _sniff(data, max_bytes)
    mapping = mapping or file_format.guess
    _check_mapping(mapping, file_format.columns)
    assert mapping.customer and mapping.date and mapping.amount  # checked above
    decimal = decimal_mark(file_format.preview[mapping.amount], file_format.separator)
    frame = _read_frame(utf8, file_format, mapping, decimal)
    rows = len(frame)
    if rows == 0:
        raise TransactionFileError([ReadIssue("no_rows")])

    customers, names = _customers(frame[mapping.customer])
    dates, date_codes, date_format, bad_date_texts = _dates(frame[mapping.date])
    amounts, bad_amount_texts, decimal = _amounts(
        frame[mapping.amount], decimal, file_format.separator
    )

    no_customer = customers < 0
    bad_date = np.isnat(dates)  # unreadable or blank
    bad_amount = np.isnan(amounts)
    date_problems = int(bad_date.sum())
    fatal = []
    if date_problems > MAX_BAD_DATE_SHARE * rows:
        fatal.append(
            ReadIssue(
                "bad_dates_fatal",
                count=date_problems,
                examples=_examples(bad_date_texts),
                column=mapping.date,
                value=float(rows),
            )
        )
    if int(bad_amount.sum()) > MAX_BAD_DATE_SHARE * rows:
        fatal.append(
            ReadIssue(
                "bad_amounts_fatal",
                count=int(bad_amount.sum()),
                examples=_examples(bad_amount_texts),
                column=mapping.amount,
                value=float(rows),
            )
        )
    if fatal:
        raise TransactionFileError(fatal)

    keep = ~(no_customer | bad_date | bad_amount)
    amount_codes = pd.factorize(amounts)[0]
    keys = [customers.astype(np.int64), date_codes.astype(np.int64), amount_codes]
    duplicate = _duplicates(frame, mapping, keys, keep)
    keep &= ~duplicate
    reasons: tuple[tuple[ReadIssueKind, np.ndarray, tuple[str, ...], str], ...] = (
        ("missing_customer", no_customer, (), mapping.customer),
        ("bad_dates", bad_date, _examples(bad_date_texts), mapping.date),
        ("bad_amounts", bad_amount, _examples(bad_amount_texts), mapping.amount),
        ("duplicates", duplicate, (), ""),
    )
    skipped = [
        ReadIssue(kind, count=int(mask.sum()), examples=examples, column=column)
        for kind, mask, examples, column in reasons
        if mask.any()
    ]
    used = int(keep.sum())
    if used == 0:
        raise TransactionFileError([ReadIssue("nothing_left"), *skipped])

    used_codes = customers[keep]
    present = np.flatnonzero(np.bincount(used_codes, minlength=len(names)))
    # Renumber the customers that remain, so the categories hold no customer without a row.
    renumber = np.full(len(names), -1, dtype=np.int64)
    renumber[present] = np.arange(len(present))
    customer_id = pd.Categorical.from_codes(renumber[used_codes], categories=names[present])
    used_dates = dates[keep]
    used_amounts = amounts[keep]
    refunds = used_amounts < 0
    refund_issue = (
        ReadIssue(
            "refunds",
            count=int(refunds.sum()),
            column=mapping.amount,
            value=float(used_amounts[refunds].sum()),
        )
        if refunds.any()
        else None
    )
    result = pd.DataFrame({"customer_id": customer_id, "date": used_dates, "amount": used_amounts})
    summary = ReadSummary(
        rows=rows,
        used_rows=used,
        customers=len(present),
        first_date=pd.Timestamp(used_dates.min()).date(),
        last_date=pd.Timestamp(used_dates.max()).date(),
        encoding=file_format.encoding,
        separator=file_format.separator,
        decimal=decimal,
        date_format=date_format,
        skipped=tuple(skipped),
        refunds=refund_issue,
    )
    return Transactions(frame=result, summary=summary)
