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

An archive of FatturaPA e-invoices (a zip of ``.xml`` and ``.xml.p7m`` files, or one such file)
is recognised from its bytes before anything else and read by `calculators.fatturapa`: one row
per invoice body, credit notes as refunds; `ReadSummary.invoices` then says what the archive
held (sellers, files skipped and why, documents left out).

Problems that stop the reading raise `TransactionFileError` with every `ReadIssue` found; the
page translates each ``kind``. No Streamlit here.

>>> data = "Cliente;Data;Importo\\nRossi;31/01/2023;1.234,50\\nBianchi;02/02/2023;-20,00\\n"
>>> found = read_transactions(data.encode("cp1252"))
>>> found.frame["amount"].tolist(), found.summary.date_format, found.summary.refunds.count
([1234.5, -20.0], 'dmy_slash', 1)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from calculators import tables
from calculators._validate import check_integer
from calculators.fatturapa import (
    ArchiveIssue,
    FatturaPAError,
    InvoiceArchive,
    Seller,
    SkippedFile,
    is_fatturapa,
    read_invoices,
)
from calculators.issues import InputError
from calculators.tables import TableError, TableFormat, TableIssueKind, read_table, sniff_table
from calculators.values import (
    DATE_FORMATS,
    DATE_SAMPLE,
    AmountReading,
    amount_reading,
    amount_totals,
    date_alternatives,
    decimal_mark,
    detect_date_format,
    parse_amounts,
    parse_dates,
)

__all__ = [
    "DATE_FORMATS",
    "INVOICE_COLUMNS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_ROWS",
    "ColumnMapping",
    "FileFormat",
    "InvoiceFacts",
    "ReadIssue",
    "ReadIssueKind",
    "ReadSummary",
    "TransactionFileError",
    "Transactions",
    "decimal_mark",
    "detect_date_format",
    "guess_columns",
    "is_fatturapa",
    "parse_amounts",
    "read_transactions",
    "sniff",
]

# The app's upload limit: `server.maxUploadSize = 50` (MB) in .streamlit/config.toml. A million
# transactions are about 24 MB, so this leaves room for exports with a few more columns.
MAX_FILE_MB = tables.MAX_FILE_MB
MAX_FILE_BYTES = tables.MAX_FILE_BYTES
SEPARATORS = tables.SEPARATORS
PREVIEW_ROWS = tables.PREVIEW_ROWS
EXAMPLES = 3
# More than this share of unreadable dates means the wrong column or format, not a few typos.
MAX_BAD_DATE_SHARE = 0.5
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
# The columns of an archive of e-invoices, as `read_transactions` returns them.
INVOICE_COLUMNS = ("customer_id", "date", "amount")

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
    # Stopping the reading: the file reader's kinds, then the mapping's and the values'.
    TableIssueKind,
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
    # An archive of e-invoices (`calculators.fatturapa`): stopping the reading, then noted.
    "invoices_archive_bad",
    "invoices_archive_too_large",
    "invoices_too_many_files",
    "invoices_too_much_markup",
    "invoices_none",
    "invoices_no_sales",
    "invoices_unknown_seller",
    "invoices_excluded",
    "invoices_duplicates",
    "invoices_bad_bodies",
]


@dataclass(frozen=True)
class ReadIssue:
    """One problem with a transactions file, for the page to translate by `kind`.

    kind (stopping the reading): ``too_large`` (`value` = size in MB, rounded up to 0.1), ``empty``,
    ``spreadsheet`` (a zip or Office file that is no workbook), ``binary``, ``one_column``
    (no separator found),
    ``too_many_columns`` (more than `MAX_COLUMNS` in the header; `count` = `MAX_COLUMNS`),
    ``too_many_rows`` (more than `MAX_ROWS` lines under the header; `count` = `MAX_ROWS`),
    ``no_rows`` (a header and nothing else), ``bad_line`` (`value` = line number with too many
    fields), ``unclosed_quote`` (`value` = the line where a quote opens that never closes),
    ``archive_too_large`` (a workbook that would expand past its limit; `value` = MB),
    ``archive_bad`` (a damaged workbook), ``unreadable`` (a workbook the reader refuses, e.g.
    with a password), ``unknown_sheet`` (`column` = the sheet asked for),
    ``missing_column`` (`column` = which role: customer or date; `examples` = names
    that would be recognised), ``same_column`` (`column` = the column used twice),
    ``unknown_column`` (`column` = a mapped name the file does not have), ``bad_dates_fatal``
    and ``bad_amounts_fatal`` (most values unreadable; `value` = rows in the file),
    ``nothing_left`` (no usable row).
    kind (rows skipped or noted): ``missing_customer``, ``bad_dates``, ``bad_amounts``,
    ``duplicates``, ``refunds`` (`value` = their total, negative).
    kind (an archive of e-invoices, stopping): ``invoices_archive_bad`` (a damaged zip),
    ``invoices_archive_too_large`` (`value` = MB its entries declare),
    ``invoices_too_many_files`` (`count` = the limit), ``invoices_too_much_markup``,
    ``invoices_none`` (no invoice could be read: `TransactionFileError.invoices` lists the
    files skipped), ``invoices_no_sales`` (`column` = the seller's id: none of its documents
    is a sale), ``invoices_unknown_seller`` (`column` = the seller asked for); ``too_large``
    and ``empty`` as for any file. Noted: ``invoices_excluded`` (documents that are not sales,
    `examples` = their types, e.g. ``TD17``), ``invoices_duplicates`` (the same invoice met
    twice, counted once), ``invoices_bad_bodies`` (no readable customer, date or amount).
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


@dataclass(frozen=True)
class InvoiceFacts:
    """What an archive of e-invoices held, for the page (`calculators.fatturapa`).

    sellers: every seller found, most invoices first; seller: the one whose sales were read
    (None when none could be). files: files read as invoices; bodies: the seller's invoice
    bodies (the summary's `rows`); skipped: the files left out, with why (plain text for the
    page); excluded: (document type, bodies) that are not sales; duplicates: bodies met twice
    and counted once; bad_bodies: bodies without a readable customer, date or amount;
    currencies: (currency, bodies) of sales not in euro; customer_labels: customer id →
    "name (shortened id)".
    """

    sellers: tuple[Seller, ...] = ()
    seller: Seller | None = None
    files: int = 0
    bodies: int = 0
    skipped: tuple[SkippedFile, ...] = ()
    excluded: tuple[tuple[str, int], ...] = ()
    duplicates: int = 0
    bad_bodies: int = 0
    currencies: tuple[tuple[str, int], ...] = ()
    customer_labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


class TransactionFileError(InputError[ReadIssue]):
    """A file that cannot be read as transactions; `issues` says every reason found.

    `invoices`: for an archive of e-invoices, what it held (files skipped, sellers found).
    """

    summary = "data cannot be read as transactions"

    def __init__(self, issues: list[ReadIssue], invoices: InvoiceFacts | None = None) -> None:
        super().__init__(issues)
        self.invoices = invoices


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
    """What `sniff` found: the file's kind, layout and columns (`table`), and the guesses.

    The properties repeat `table`'s fields the pages show: `kind` (``text``, ``xlsx``, ``xls``,
    ``ods``, ``fatturapa``), `encoding` and `separator` (text), `sheet` and `sheets`
    (workbooks), `columns` and `preview` (the first rows as the file has them).
    invoices: an archive of e-invoices, whose columns are fixed (`INVOICE_COLUMNS`): there
    is nothing to map, and `table` is an empty stand-in.
    """

    table: TableFormat
    guess: ColumnMapping
    invoices: bool = False

    @property
    def kind(self) -> str:
        return "fatturapa" if self.invoices else self.table.kind

    @property
    def encoding(self) -> str:
        return self.table.encoding

    @property
    def separator(self) -> str:
        return self.table.separator

    @property
    def columns(self) -> tuple[str, ...]:
        return self.table.columns

    @property
    def preview(self) -> pd.DataFrame:
        return self.table.preview

    @property
    def sheet(self) -> str:
        return self.table.sheet

    @property
    def sheets(self) -> tuple[str, ...]:
        return self.table.sheets


@dataclass(frozen=True)
class ReadSummary:
    """What was read: rows in the file and used, customers, dates, and what was skipped.

    rows: data rows in the file (header and blank lines excluded).
    used_rows: rows kept for the analysis (refunds included).
    skipped: one `ReadIssue` per reason rows were left out (a row with two problems counts in
    both, so `skipped_rows` is the number of rows actually left out).
    refunds: the negative amounts kept as refunds, or None when there are none.
    encoding, separator (text files; empty for workbooks), kind (``text``, ``xlsx``, ``xls``,
    ``ods``), layout (``separated``, ``spaces``, ``fixed``, ``sheet``), sheet (workbooks).
    decimal: the decimal mark of amounts written as text; date_format: the `DATE_FORMATS` id
    of dates written as text (None when every date was a workbook date).
    has_amounts: False for a file read without an amount column (amounts are NaN).
    date_alternatives: other formats that read the dates equally well (day and month both
    12 or less everywhere): the reading used is a choice the page lets the user change.
    decimal_ambiguous: nothing in the column or the file settles whether ``1.500`` is 1,500
    or 1.5; decimal_totals: the used rows' total with each mark, ``((",", t1), (".", t2))``.
    invoices: for an archive of e-invoices (kind ``fatturapa``, layout ``invoices``), what
    it held; rows are then its seller's invoice bodies.
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
    kind: str = "text"
    layout: str = "separated"
    sheet: str = ""
    has_amounts: bool = True
    date_alternatives: tuple[str, ...] = ()
    decimal_ambiguous: bool = False
    decimal_totals: tuple[tuple[str, float], ...] = ()
    invoices: InvoiceFacts | None = None

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


# --- sniffing -------------------------------------------------------------------------------


def _read_issues(error: TableError) -> TransactionFileError:
    """The file reader's issues as this reader's (the kinds are the same)."""
    return TransactionFileError(
        [
            ReadIssue(issue.kind, count=issue.count, value=issue.value, column=issue.column)
            for issue in error.issues
        ]
    )


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
    parsed = parse_dates(texts.unique(), found)
    return float(np.mean(parsed.notna()))


def _share_numbers(values: pd.Series, separator: str) -> float:
    texts = values.dropna().astype(str).str.strip()
    texts = texts[texts != ""]
    if texts.empty:
        return 0.0
    mark = decimal_mark(texts, separator)
    return float(parse_amounts(texts, mark).notna().mean())


_DECIMALS = re.compile(r"\d[.,]\d{1,2}(?:\D|$)")
# What a date or an amount may look like, for `_likely`'s first look (the exact readings are
# `calculators.values`'): digits with separators (a time may follow), 5 to 8 digits (Excel
# serials, compact dates); digits with marks, a sign, a currency.
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T].*)?|\d{5,8}(?:\.0+)?")
_NUMBER_LIKE = re.compile(
    r"[-+(]?\s*(?:[€$£]|EUR)?\s*[-+]?\d[\d.,' \u00a0\u2019]*\s*(?:[€$£]|EUR)?\s*\)?",
    re.IGNORECASE,
)
# Most values of a column must fit a date or an amount for it to be guessed as one.
CONTENT_SHARE = 0.8
# Columns given the exact date and amount checks, and looked at for the customer.
CONTENT_CANDIDATES = 3
CUSTOMER_CANDIDATES = 12


def _has_decimals(values: pd.Series) -> bool:
    """Whether some value looks like an amount with cents (``11.77``, ``1.234,50``)."""
    texts = values.dropna().astype(str).str.strip()
    return bool(texts.str.contains(_DECIMALS).any())


def _repeats(values: pd.Series) -> bool:
    """Whether some value appears twice (customers buy again; invoice numbers do not)."""
    present = values.dropna()
    return 0 < present.nunique() < len(present)


def _zero_padded(values: pd.Series) -> bool:
    """Whether the values are codes written with leading zeros: digits only, all of one
    length, some starting with 0 (``00017``, ``18234``)."""
    texts = values.dropna().astype(str).str.strip()
    if texts.empty or not texts.str.fullmatch(r"\d+").all():
        return False
    return texts.str.len().nunique() == 1 and bool(texts.str.startswith("0").any())


def guess_columns(preview: pd.DataFrame, separator: str = ";") -> ColumnMapping:
    """Guess the customer, date and amount columns from their names, then from their values.

    A name match wins (``Codice cliente``, ``customer_id``, ``data``, ``importo``, ``totale``...;
    see `CUSTOMER_NAMES`, `DATE_NAMES`, `AMOUNT_NAMES`). A role no name matches goes to a column
    whose values are mostly dates (date); then the customer to the first column left whose
    values repeat and have no decimals (codes, names), then the amount to a column of numbers,
    those with decimals first. No amount column found means a file without amounts (visits,
    appointments). Each column is used once at most.

    >>> frame = pd.DataFrame({"Codice cliente": ["A1"], "Data doc.": ["01/02/2024"],
    ...                       "Totale €": ["12,50"]})
    >>> guess_columns(frame)
    ColumnMapping(customer='Codice cliente', date='Data doc.', amount='Totale €')
    >>> guess_columns(pd.DataFrame({"x": ["A", "A"], "y": ["2024-01-05", "2024-02-01"],
    ...                             "z": ["3.5", "4"]}), ",")
    ColumnMapping(customer='x', date='y', amount='z')
    >>> guess_columns(pd.DataFrame({"date": ["2024-01-05", "2024-02-01"], "id": ["7", "7"]}))
    ColumnMapping(customer='id', date='date', amount=None)
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
        free = [column for column in columns if column not in used]
        chosen["date"] = _by_content(
            preview, _likely(preview, free, _DATE_LIKE), used, _share_dates
        )
    if chosen["customer"] is None:
        # Codes written with leading zeros first, then text whose values repeat, then any
        # column whose values repeat and have no decimals; else the first column left. Among
        # the first columns left only: the customer comes early in any export.
        rest = [column for column in columns if column not in used][:CUSTOMER_CANDIDATES]
        no_decimals = [column for column in rest if not _has_decimals(preview[column])]
        padded = [column for column in no_decimals if _zero_padded(preview[column])]
        repeating = [column for column in no_decimals if _repeats(preview[column])]
        texts = [column for column in repeating if _share_numbers(preview[column], ";") < 0.5]
        pick = padded or texts or repeating or no_decimals or rest
        chosen["customer"] = pick[0] if pick else None
        if chosen["customer"] is not None:
            used.add(chosen["customer"])
    if chosen["amount"] is None:
        # Numbers, those with decimals first (a quantity column holds whole numbers); a column
        # of zero-padded codes is no amount.
        free = [column for column in columns if column not in used]
        candidates = [
            column
            for column in _likely(preview, free, _NUMBER_LIKE)
            if not _zero_padded(preview[column])
        ]
        with_decimals = [column for column in candidates if _has_decimals(preview[column])]
        chosen["amount"] = _by_content(
            preview, with_decimals or candidates, used, lambda v: _share_numbers(v, separator)
        )
    return ColumnMapping(**chosen)


def _likely(preview: pd.DataFrame, columns: list[str], pattern: re.Pattern[str]) -> list[str]:
    """The columns (at most `CONTENT_CANDIDATES`, most fitting first, then in file order) whose
    non-blank values mostly match `pattern`: a cheap first look, one regular expression per
    cell, so that the exact checks (tens of milliseconds a column) run on a few columns only,
    whatever the file's width (issue #17: 500 columns of anything must not take seconds)."""
    shares = []
    for position, column in enumerate(columns):
        texts = [text for text in map(str.strip, map(tables.cell_text, preview[column])) if text]
        if texts:
            share = sum(1 for text in texts if pattern.fullmatch(text)) / len(texts)
            if share > CONTENT_SHARE:
                shares.append((-share, position, column))
    return [column for _, _, column in sorted(shares)[:CONTENT_CANDIDATES]]


def _by_content(
    preview: pd.DataFrame,
    columns: list[str],
    used: set[str],
    share: Callable[[pd.Series], float],
) -> str | None:
    best, best_share = None, CONTENT_SHARE  # most values must fit
    for column in columns:
        if column in used:
            continue
        value = share(preview[column])
        if value > best_share:
            best, best_share = column, value
    if best is not None:
        used.add(best)
    return best


def _sniff(data: bytes, max_bytes: int, sheet: str | None = None) -> FileFormat:
    """What `sniff` returns."""
    max_bytes = check_integer("max_bytes", max_bytes, 1)
    # Before the table reader: a zip of invoices is no workbook, and must not be refused as one.
    if _invoices(data, max_bytes):
        return FileFormat(
            table=TableFormat(
                kind="text",
                layout="separated",
                columns=INVOICE_COLUMNS,
                preview=pd.DataFrame(columns=list(INVOICE_COLUMNS)),
            ),
            guess=ColumnMapping(*INVOICE_COLUMNS),
            invoices=True,
        )
    try:
        table = sniff_table(
            data, sheet=sheet, max_bytes=max_bytes, max_columns=MAX_COLUMNS, max_rows=MAX_ROWS
        )
    except TableError as error:
        raise _read_issues(error) from None
    return FileFormat(
        table=table, guess=guess_columns(_as_text_frame(table.preview), table.separator)
    )


def sniff(data: bytes, max_bytes: int = MAX_FILE_BYTES, *, sheet: str | None = None) -> FileFormat:
    """Decode a file, find its separator and columns, and guess the column mapping.

    An archive of e-invoices (`is_fatturapa`) is only recognised here: the result has
    ``invoices=True`` and nothing to map; `read_transactions` reads it.

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
    return _sniff(data, max_bytes, sheet)


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
            if role == "amount":
                continue  # no amount column: a log of visits or appointments
            known = {"customer": CUSTOMER_NAMES, "date": DATE_NAMES}[role]
            issues.append(ReadIssue("missing_column", column=role, examples=known[:3]))
        elif column not in columns:
            issues.append(ReadIssue("unknown_column", column=column))
        elif column in seen:
            issues.append(ReadIssue("same_column", column=column))
        else:
            seen[column] = role
    if issues:
        raise TransactionFileError(issues)


def _as_text(raw: pd.Series) -> pd.Series:
    """A column as text (blank cells as None); text columns are returned as they are."""
    values = raw.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return raw  # text, blanks as None or NaN
    codes, uniques = pd.factorize(values)
    texts = np.array([tables.cell_text(value) for value in uniques] + [None], dtype=object)
    texts[texts == ""] = None
    return pd.Series(texts[codes], index=raw.index, dtype=object)


def _as_text_frame(preview: pd.DataFrame) -> pd.DataFrame:
    """A workbook's first rows as text, for the column guesses (text files come as text)."""
    return pd.DataFrame({column: _as_text(preview[column]) for column in preview.columns})


def _customers(raw: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (-1 = no customer) and the distinct customer texts, spaces trimmed."""
    codes, uniques = pd.factorize(_as_text(raw).to_numpy(dtype=object))
    if len(uniques) == 0:
        return np.full(len(raw), -1, dtype=np.int64), pd.Index([], dtype=object)
    trimmed = pd.Series(uniques, dtype=object).astype(str).str.strip().to_numpy(dtype=object)
    # Trimming can make two texts equal (" A1" and "A1"): factorize again over the trimmed ones.
    recoded, names = pd.factorize(trimmed)
    recoded = np.where(trimmed == "", -1, recoded)
    codes = np.where(codes >= 0, recoded[np.maximum(codes, 0)], -1)
    return codes, pd.Index(names, dtype=object)


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _typed_dates(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """A workbook's date cells as days (NaT elsewhere), and the other cells as text to parse."""
    values = raw.to_numpy(dtype=object)
    days = np.full(len(values), np.datetime64("NaT"), "datetime64[D]")
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return days, raw  # text (a text file's column): nothing typed
    if kind in ("date", "datetime"):
        # Every cell a date (datetime.date or datetime) or blank, as a workbook's date column
        # is: the day from each date's ordinal, 0.1 µs a date (a test per cell and pandas'
        # conversion of the objects take ten times longer).
        typed = pd.notna(values)
        ordinals = np.fromiter(
            map(dt.date.toordinal, values[typed]), dtype=np.int64, count=int(typed.sum())
        )
        days[typed] = (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")
    else:
        typed = np.fromiter((isinstance(v, dt.date) for v in values), dtype=bool, count=len(values))
        if typed.any():
            days[typed] = pd.to_datetime(values[typed].tolist()).to_numpy(dtype="datetime64[D]")
    others = values.copy()
    others[typed] = None
    return days, _as_text(pd.Series(others, index=raw.index))


def _dates(
    raw: pd.Series, format_id: str | None = None
) -> tuple[np.ndarray, np.ndarray, str | None, pd.Index, tuple[str, ...]]:
    """Dates (datetime64, NaT where unreadable), codes (equal dates, equal codes), the text
    format used (`format_id` when given), the unreadable texts, and the other formats that read
    the texts equally well (an ambiguous day and month)."""
    typed_days, rest = _typed_dates(raw)
    codes, uniques = pd.factorize(rest.to_numpy(dtype=object))
    texts = pd.Index(uniques, dtype=object).astype(str)
    short = np.asarray(texts.str.len() <= MAX_VALUE_CHARS)
    found = detect_date_format(texts[short])
    chosen = format_id if format_id in DATE_FORMATS else found
    others: tuple[str, ...] = ()
    if found is not None:
        others = tuple(other for other in date_alternatives(texts[short], found) if other != chosen)
        if chosen != found:
            others = (found, *others)
    days = np.full(len(texts), np.datetime64("NaT"), "datetime64[D]")
    if chosen is not None:
        days[short] = parse_dates(texts[short], chosen).to_numpy(dtype="datetime64[D]")
    # Blank cells have code -1, which picks the NaT put last (and works with no text at all).
    values = np.append(days, np.datetime64("NaT"))[codes].astype("datetime64[D]")
    values = np.where(np.isnat(typed_days), values, typed_days)
    day_codes = pd.factorize(values)[0]
    return values, day_codes, chosen, texts[np.isnat(days)], others


@dataclass(frozen=True)
class _Amounts:
    values: np.ndarray
    bad_texts: pd.Index
    decimal: str
    reading: AmountReading | None


def _amounts(
    raw: pd.Series, decimal: str | None, separator: str, date_format: str | None
) -> _Amounts:
    """Amounts as floats (NaN where unreadable), the unreadable texts, the decimal mark, and
    how it was decided (None when every value was a number already)."""
    if pd.api.types.is_float_dtype(raw.dtype) or pd.api.types.is_integer_dtype(raw.dtype):
        # The parser read every value as a number; infinities it accepts are not amounts.
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isinf(values)
        values = np.where(bad, np.nan, values)
        bad_texts = pd.Index(raw[bad].astype(str).unique(), dtype=object)
        return _Amounts(values, bad_texts, decimal or ".", None)
    cells = raw.to_numpy(dtype=object)
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind in ("string", "empty"):
        typed = np.zeros(len(cells), dtype=bool)
    elif kind in ("floating", "integer", "mixed-integer-float"):
        # Every cell a number or blank (a workbook's number column): no test per cell.
        typed = pd.notna(cells)  # NaN cells: not typed, and NaN all the same
    else:
        typed = np.fromiter(
            (isinstance(v, int | float) and not isinstance(v, bool) for v in cells),
            dtype=bool,
            count=len(cells),
        )
    numbers = np.full(len(cells), np.nan)
    if typed.any():
        numbers[typed] = cells[typed].astype(float)
        numbers[~np.isfinite(numbers)] = np.nan
    others = cells.copy()
    others[typed] = None
    rest = _as_text(pd.Series(others))
    codes, uniques = pd.factorize(rest.to_numpy(dtype=object))
    texts = pd.Index(uniques, dtype=object).astype(str)
    short = np.asarray(texts.str.len() <= MAX_VALUE_CHARS)
    # Decided on every distinct value: the first rows may all have been whole numbers.
    reading = amount_reading(texts[short], separator=separator, date_format=date_format)
    mark = decimal if decimal in (",", ".") else reading.decimal
    parsed = np.full(len(texts), np.nan)
    parsed[short] = parse_amounts(texts[short], mark).to_numpy()
    values = np.append(parsed, np.nan)[codes]  # blank cells (code -1) pick the NaN put last
    values = np.where(typed, numbers, values)
    if not len(texts):  # every amount a number cell: no decimal mark was read
        return _Amounts(values, texts, decimal or "", None)
    return _Amounts(values, texts[np.isnan(parsed)], mark, reading)


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
    data: bytes,
    mapping: ColumnMapping | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    *,
    sheet: str | None = None,
    date_format: str | None = None,
    decimal: str | None = None,
    file_format: FileFormat | None = None,
    seller: str | None = None,
) -> Transactions:
    """Read a transactions file: one row per sale (or visit), with a customer, a date and,
    when the file has one, an amount.

    The file is a workbook (xlsx, xlsm, xls, ods) or text (separated, or aligned in columns),
    recognised from its bytes (`calculators.tables`), or an archive of FatturaPA e-invoices
    (a zip of ``.xml`` / ``.xml.p7m`` files, or one of them; `calculators.fatturapa`),
    recognised first: one row per invoice body of `seller`, the taxable amount VAT excluded,
    credit notes as refunds; `mapping`, `sheet`, `date_format` and `decimal` do not apply.
    Every column of a table is read; the mapped ones are
    typed: a workbook's date and number cells as they are, text through the date formats and
    the decimal mark that read the whole column. Rows are left out, and reported, when the
    customer is blank, the date or the amount cannot be read, or the row repeats an earlier
    one in every column (an export that doubled it; with an invoice number column, two equal
    sales stay apart). Negative amounts are kept as refunds and reported.

    Parameters
    ----------
    data : bytes
        The file as uploaded (at most `max_bytes`).
    mapping : ColumnMapping, optional
        Which column is which; ``None`` uses `guess_columns`. ``amount=None`` reads a file
        with no amounts (visits, appointments): the frame's ``amount`` column is then NaN.
    max_bytes : int, optional
        The largest file accepted (bytes); default `MAX_FILE_BYTES` (50 MB).
    sheet : str, optional
        A workbook's sheet; default the first with data.
    date_format : str, optional
        A key of `DATE_FORMATS` that overrides the format found (the page's "read day and
        month the other way"); default the one that reads most dates.
    decimal : {",", "."}, optional
        The decimal mark of text amounts, overriding the one decided from the column.
    file_format : FileFormat, optional
        What `sniff` returned for `data` (a workbook is then not read twice).
    seller : str, optional
        For an archive of e-invoices, the seller's id (``IT01234567890``) whose sales to read;
        default the seller with the most invoices.

    Returns
    -------
    Transactions
        The usable rows (``customer_id``, ``date``, ``amount``) and the `ReadSummary`.

    Raises
    ------
    TransactionFileError
        For the problems `sniff` finds, a mapping without a customer or a date, a column used
        twice or a column the file does not have, a line with more fields than the header,
        most dates or amounts unreadable, or no usable row at all.

    Examples
    --------
    >>> text = "customer,date,amount\\nA,2023-01-05,10\\nA,2023-01-05,10\\nB,someday,5\\n"
    >>> found = read_transactions(text.encode())
    >>> found.summary.rows, found.summary.used_rows, [i.kind for i in found.summary.skipped]
    (3, 1, ['bad_dates', 'duplicates'])
    >>> visits = read_transactions(b"date,id\\n2024-01-05,7\\n2024-03-01,7\\n")
    >>> summary = visits.summary
    >>> summary.customers, summary.has_amounts, bool(visits.frame["amount"].isna().all())
    (1, False, True)
    """
    if (file_format is not None and file_format.invoices) or (
        file_format is None and _invoices(data, max_bytes)
    ):
        return _read_invoices(data, max_bytes, seller)
    if file_format is None or (sheet is not None and sheet != file_format.sheet):
        file_format = _sniff(data, max_bytes, sheet)
    mapping = mapping or file_format.guess
    _check_mapping(mapping, file_format.columns)
    assert mapping.customer and mapping.date  # checked above
    table = file_format.table
    numbers: dict[str, str] = {}
    if mapping.amount is not None and table.kind == "text":
        # The parser reads the column as numbers only with a mark the first rows prove: "1.500"
        # alone is decided on the whole column, which stays text so that the other reading's
        # total can still be shown once the user has chosen one.
        first = amount_reading(file_format.preview[mapping.amount], separator=table.separator)
        if first.reason in ("votes", "grouping"):
            numbers[mapping.amount] = decimal or first.decimal
    try:
        frame = read_table(data, table, numbers=numbers)
    except TableError as error:
        raise _read_issues(error) from None
    rows = len(frame)
    if rows == 0:
        raise TransactionFileError([ReadIssue("no_rows")])

    customers, names = _customers(frame[mapping.customer])
    dates, date_codes, date_format, bad_date_texts, date_others = _dates(
        frame[mapping.date], date_format
    )
    if mapping.amount is not None:
        raw_amounts = frame[mapping.amount]
        # The mark the parser read the column with, when it read it whole as numbers.
        parsed_with = (
            numbers.get(mapping.amount) if pd.api.types.is_numeric_dtype(raw_amounts) else None
        )
        found_amounts = _amounts(raw_amounts, decimal or parsed_with, table.separator, date_format)
    else:
        found_amounts = _Amounts(np.full(rows, np.nan), pd.Index([]), "", None)
    amounts = found_amounts.values
    has_amounts = mapping.amount is not None

    no_customer = customers < 0
    bad_date = np.isnat(dates)  # unreadable or blank
    bad_amount = np.isnan(amounts) if has_amounts else np.zeros(rows, dtype=bool)
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
                examples=_examples(found_amounts.bad_texts),
                column=mapping.amount or "",
                value=float(rows),
            )
        )
    if fatal:
        raise TransactionFileError(fatal)

    keep = ~(no_customer | bad_date | bad_amount)
    amount_codes = pd.factorize(amounts)[0] if has_amounts else np.zeros(rows, dtype=np.int64)
    keys = [customers.astype(np.int64), date_codes.astype(np.int64), amount_codes]
    duplicate = _duplicates(frame, mapping, keys, keep)
    keep &= ~duplicate
    reasons: tuple[tuple[ReadIssueKind, np.ndarray, tuple[str, ...], str], ...] = (
        ("missing_customer", no_customer, (), mapping.customer),
        ("bad_dates", bad_date, _examples(bad_date_texts), mapping.date),
        ("bad_amounts", bad_amount, _examples(found_amounts.bad_texts), mapping.amount or ""),
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
            column=mapping.amount or "",
            value=float(used_amounts[refunds].sum()),
        )
        if refunds.any()
        else None
    )
    reading = found_amounts.reading
    totals: tuple[tuple[str, float], ...] = ()
    if reading is not None and reading.ambiguous and mapping.amount is not None:
        totals = tuple(amount_totals(frame[mapping.amount][keep]).items())
    result = pd.DataFrame({"customer_id": customer_id, "date": used_dates, "amount": used_amounts})
    summary = ReadSummary(
        rows=rows,
        used_rows=used,
        customers=len(present),
        first_date=pd.Timestamp(used_dates.min()).date(),
        last_date=pd.Timestamp(used_dates.max()).date(),
        encoding=table.encoding,
        separator=table.separator,
        decimal=found_amounts.decimal,
        date_format=date_format,
        skipped=tuple(skipped),
        refunds=refund_issue,
        kind=table.kind,
        layout=table.layout,
        sheet=table.sheet,
        has_amounts=has_amounts,
        date_alternatives=date_others,
        decimal_ambiguous=bool(reading is not None and reading.ambiguous and decimal is None),
        decimal_totals=totals,
    )
    return Transactions(frame=result, summary=summary)


# --- e-invoices -----------------------------------------------------------------------------

# The archive's problems as this reader's kinds: the table reader's messages speak of
# workbooks and sales exports, an archive of invoices needs its own.
_ARCHIVE_KINDS: dict[str, ReadIssueKind] = {
    "too_large": "too_large",
    "empty": "empty",
    "archive_bad": "invoices_archive_bad",
    "archive_too_large": "invoices_archive_too_large",
    "too_many_files": "invoices_too_many_files",
    "too_much_markup": "invoices_too_much_markup",
    "no_invoices": "invoices_none",
    "no_sales": "invoices_no_sales",
    "unknown_seller": "invoices_unknown_seller",
}


def _invoices(data: bytes, max_bytes: int) -> bool:
    """Whether `data` is e-invoices (anything else, wrong types included, is left to the table
    reader and its checks)."""
    return isinstance(data, bytes) and len(data) <= max_bytes and is_fatturapa(data)


def _archive_issue(issue: ArchiveIssue) -> ReadIssue:
    kind = _ARCHIVE_KINDS[issue.kind]
    if kind == "invoices_too_many_files":
        return ReadIssue(kind, count=int(issue.value or 0))
    return ReadIssue(kind, column=issue.subject, value=issue.value)


def _invoice_facts(archive: InvoiceArchive) -> InvoiceFacts:
    return InvoiceFacts(
        sellers=archive.sellers,
        seller=archive.seller,
        files=archive.files,
        bodies=archive.bodies,
        skipped=archive.skipped,
        excluded=archive.excluded,
        duplicates=archive.duplicates,
        bad_bodies=archive.bad_bodies,
        currencies=archive.currencies,
        customer_labels=archive.customer_labels,
    )


def _read_invoices(data: bytes, max_bytes: int, seller: str | None) -> Transactions:
    """An archive of e-invoices as transactions: its seller's sales, and what it held."""
    try:
        archive = read_invoices(data, max_bytes=max_bytes, seller=seller)
    except FatturaPAError as error:
        facts = InvoiceFacts(sellers=error.sellers, skipped=error.skipped)
        raise TransactionFileError(
            [_archive_issue(issue) for issue in error.issues], facts
        ) from None
    invoices = archive.frame
    amounts = invoices["amount"].to_numpy(dtype=float)
    refunds = amounts < 0
    refund_issue = (
        ReadIssue("refunds", count=int(refunds.sum()), value=float(amounts[refunds].sum()))
        if refunds.any()
        else None
    )
    noted: list[ReadIssue] = []
    excluded = sum(count for _, count in archive.excluded)
    if excluded:
        types = tuple(document_type for document_type, _ in archive.excluded)
        noted.append(ReadIssue("invoices_excluded", count=excluded, examples=types))
    if archive.bad_bodies:
        noted.append(ReadIssue("invoices_bad_bodies", count=archive.bad_bodies))
    if archive.duplicates:
        noted.append(ReadIssue("invoices_duplicates", count=archive.duplicates))
    customer_id = invoices["customer_id"].cat.remove_unused_categories()
    frame = pd.DataFrame({"customer_id": customer_id, "date": invoices["date"], "amount": amounts})
    dates = frame["date"]
    summary = ReadSummary(
        rows=archive.bodies,
        used_rows=len(frame),
        customers=len(customer_id.cat.categories),
        first_date=dates.min().date(),
        last_date=dates.max().date(),
        encoding="",
        separator="",
        decimal=".",
        date_format=None,
        skipped=tuple(noted),
        refunds=refund_issue,
        kind="fatturapa",
        layout="invoices",
        invoices=_invoice_facts(archive),
    )
    return Transactions(frame=frame, summary=summary)
