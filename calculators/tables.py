"""The one file reader: every table a user uploads (sales exports, surveys, NPS answers) comes in
through here, whatever software wrote it.

What is recognised, from the bytes (never from the file name):

- **Spreadsheets:** ``.xlsx``/``.xlsm``, ``.xls`` and ``.ods`` (`calculators.spreadsheets`, with
  python-calamine: cells keep their types, dates as dates and numbers as numbers; formulas are
  never evaluated; zip bombs are refused before anything is expanded). The first sheet with data
  is read unless another one is asked for.
- **Separated text:** ``;``, ``,``, tab or ``|`` between fields (an Excel ``sep=;`` first line is
  honoured), in UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 or latin-1.
- **Aligned text** from older systems (`calculators.text_layout`): fields separated by runs of
  spaces, or cut at fixed widths where values hold single spaces ("Mario Rossi").

The header is the first line (or a sheet's first row with two or more cells, so a title above
it is skipped) when it reads as names over values; a file that starts with data (``00001
19970101 1 11.77``) gets the spreadsheet's column names A, B, C… Asked for (``lines``, as the
survey readers do), rows are named by the file's line or the sheet's row, as the user can find
them, and rows of blank cells are left out whatever their width. Every problem that stops the
reading raises `TableError` with the `TableIssue` found; the readers of each kind of file
(`calculators.transactions`, `calculators.surveys`) say it in their own words. The work is
linear in the file's size: every cap (bytes, lines, columns, a workbook's expanded size) is
checked before the parsing it protects.

>>> found = sniff_table("Cliente;Data;Importo\\nNiccolò;31/01/2023;1.234,50\\n".encode("cp1252"))
>>> found.kind, found.layout, found.encoding, found.separator, found.columns
('text', 'separated', 'cp1252', ';', ('Cliente', 'Data', 'Importo'))
>>> read_table(b"00001 19970101  1   11.77\\n00002 19970112  2   12.00\\n").to_dict("list")
{'A': ['00001', '00002'], 'B': ['19970101', '19970112'], 'C': ['1', '2'], 'D': ['11.77', '12.00']}
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from calculators import spreadsheets, text_layout
from calculators._validate import check_integer
from calculators.issues import InputError

__all__ = [
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_ROWS",
    "PREVIEW_ROWS",
    "SEPARATORS",
    "TableError",
    "TableFormat",
    "TableIssue",
    "TableIssueKind",
    "cell_text",
    "column_letters",
    "decode",
    "read_table",
    "sniff_table",
]

# The app's upload limit: `server.maxUploadSize = 50` (MB) in .streamlit/config.toml.
MAX_FILE_MB = spreadsheets.MAX_FILE_MB
MAX_FILE_BYTES = spreadsheets.MAX_FILE_BYTES
SEPARATORS: tuple[str, ...] = (";", ",", "\t", "|")
# How much of a text file the separator, layout and header guesses look at.
SNIFF_BYTES = 64 * 1024
SNIFF_LINES = 50
PREVIEW_ROWS = 200
# A separator is accepted when at least this share of the first lines split into as many
# fields as the header (one broken line in a short file must not hide the separator: the
# parser then names that line).
SEPARATOR_CONSISTENCY = 0.5
# Control characters (other than tab, CR, LF, form feed) allowed in text before it is binary.
MAX_CONTROL_SHARE = 0.01
# Default caps (the callers pass their own): pandas spends about 0.2 ms of CPU per column
# whatever the file's length, so a file of a million one-character columns is refused before it
# is parsed (issue #17); lines cost memory whatever their length.
MAX_COLUMNS = 500
MAX_ROWS = 2_000_000

# Magic numbers of binary files people upload by mistake (zip and OLE2 are tried as workbooks).
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf")

TableKind = Literal["text", "xlsx", "xls", "ods"]
Layout = Literal["separated", "spaces", "fixed", "sheet"]

TableIssueKind = Literal[
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
    "archive_too_large",
    "archive_bad",
    "unreadable",
    "unknown_sheet",
]


@dataclass(frozen=True)
class TableIssue:
    """Why a file cannot be read as a table; readers translate `kind` into their own issues.

    kind: ``too_large`` (`value` = size in MB, rounded up to 0.1), ``empty`` (nothing but blanks,
    or a workbook with no data), ``spreadsheet`` (a zip or Office file that is no workbook, e.g.
    a Word document), ``binary`` (an image, a PDF, or text with control characters),
    ``one_column`` (no separator or alignment splits the lines), ``too_many_columns`` and
    ``too_many_rows`` (`count` = the cap), ``no_rows`` (a header and nothing else), ``bad_line``
    (`value` = the line with more fields than the header), ``unclosed_quote`` (`value` = the
    line where a quote opens that never closes), ``archive_too_large`` (a workbook that would
    expand past its limit, `value` = its expanded size in MB), ``archive_bad`` (a damaged zip,
    or one with too many parts), ``unreadable`` (a workbook the spreadsheet reader refuses, e.g.
    password-protected), ``unknown_sheet`` (`column` = the sheet asked for).
    """

    kind: TableIssueKind
    count: int = 0
    value: float | None = None
    column: str = ""

    @property
    def subject(self) -> str:
        """The sheet the issue is about, or empty for the whole file."""
        return self.column


class TableError(InputError[TableIssue]):
    """A file that cannot be read as a table; `issues` says why."""

    summary = "file cannot be read as a table"


@dataclass(frozen=True)
class TableFormat:
    """How a file is written, its columns and first rows (`sniff_table`).

    kind: ``text``, ``xlsx`` (xlsm too), ``xls`` or ``ods``.
    layout: ``separated`` (by `separator`), ``spaces`` (runs of blanks), ``fixed`` (cut at
    `colspecs`, character positions) or ``sheet``.
    encoding: the text's encoding (empty for workbooks). has_sep_line: Excel's ``sep=;`` line.
    header: whether the first line (row) names the columns; without one they are A, B, C…
    header_line: the line (or sheet row) of the header, or the one before the first data row.
    preview: the first rows (up to `PREVIEW_ROWS`), cells as `read_table` gives them.
    sheet, sheets: the sheet read and every sheet of the workbook.
    rows: a workbook's whole sheet (read once: `read_table` uses it), None for text.
    lines: whether rows are indexed by the file's line numbers and rows of blank cells left
    out (`sniff_table`'s option, followed by `read_table`).
    """

    kind: TableKind
    layout: Layout
    columns: tuple[str, ...]
    preview: pd.DataFrame = field(repr=False, compare=False)
    encoding: str = ""
    separator: str = ""
    colspecs: tuple[tuple[int, int], ...] = ()
    has_sep_line: bool = False
    header: bool = True
    header_line: int = 1
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    rows: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    lines: bool = False


# --- bytes and text --------------------------------------------------------------------------


def _too_large(size: int) -> TableError:
    # Rounded up to 0.1 MB, so that a file just over the limit never reads as equal to it.
    return TableError([TableIssue("too_large", value=math.ceil(size / (1024 * 1024) * 10) / 10)])


def _check_bytes(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise _too_large(len(data))
    if not data or data.isspace():  # isspace stops at the first other byte: no copy
        raise TableError([TableIssue("empty")])
    if data.startswith(_BINARY_MAGIC):
        raise TableError([TableIssue("binary")])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    head = text[:SNIFF_BYTES]
    if "\x00" in head:
        return True
    controls = len(_CONTROL.findall(head))
    return controls > MAX_CONTROL_SHARE * max(len(head), 1)


def decode(data: bytes) -> tuple[str, str]:
    """The file as text and the name of its encoding.

    UTF-16 and UTF-8 are recognised by their byte-order mark; without one, strict UTF-8 is tried
    first (it rarely decodes anything else by accident), then Windows' cp1252 (Italian Excel),
    then latin-1, which decodes any byte.

    >>> decode("Città".encode("cp1252")), decode(codecs.BOM_UTF8 + b"a;b")
    (('Città', 'cp1252'), ('a;b', 'utf-8-sig'))
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TableError([TableIssue("binary")]) from None
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


def bad_line(error: pd.errors.ParserError, offset: int = 0) -> TableError:
    """The parser's "Expected 3 fields in line 7, saw 4", or "EOF inside string starting at row
    6" (a quote never closed: rows counted from 0, as lines if no value holds a line break), as
    an issue naming the file's line; `offset` lines come before what the parser read.

    >>> bad_line(pd.errors.ParserError("Expected 3 fields in line 7, saw 4"), 1).issues
    [TableIssue(kind='bad_line', count=0, value=8.0, column='')]
    """
    message = str(error)
    match = re.search(r"line (\d+)", message)
    if match:
        return TableError([TableIssue("bad_line", value=float(match.group(1)) + offset)])
    match = re.search(r"EOF inside string starting at row (\d+)", message)
    if match:
        line = float(match.group(1)) + 1 + offset
        return TableError([TableIssue("unclosed_quote", value=line)])
    return TableError([TableIssue("bad_line")])


def _utf8(data: bytes, text: str, encoding: str) -> bytes:
    """The file as UTF-8 bytes, the form pandas' C parser reads fastest (no Python codec)."""
    if encoding == "utf-8":
        return data
    if encoding == "utf-8-sig":
        return data[len(codecs.BOM_UTF8) :]
    return text.encode("utf-8")


def _count_lines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def column_letters(count: int) -> tuple[str, ...]:
    """Spreadsheet column names for a file without a header: A, B, … Z, AA, AB, …

    >>> column_letters(3), column_letters(28)[-2:]
    (('A', 'B', 'C'), ('AA', 'AB'))
    """
    letters = string.ascii_uppercase
    names = []
    for index in range(count):
        name = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = letters[rest] + name
        names.append(name)
    return tuple(names)


def _names(cells: list[object]) -> tuple[str, ...]:
    """Column names from a header's cells: trimmed, a blank one named by its letter, a repeated
    one numbered (``Data``, ``Data.1``) as pandas does."""
    letters = column_letters(len(cells))
    names: list[str] = []
    seen: dict[str, int] = {}
    for cell, letter in zip(cells, letters, strict=True):
        name = "" if cell is None else str(cell).strip()
        name = name or letter
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    return tuple(names)


def cell_text(value: object) -> str:
    """A cell as the text a CSV export would hold: blank for None or NaN, whole numbers
    without ".0", dates in ISO form.

    >>> [cell_text(v) for v in (None, 1001.0, 12.5, dt.date(2024, 1, 31), "A1")]
    ['', '1001', '12.5', '2024-01-31', 'A1']
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return "" if math.isnan(value) else repr(value)
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- text files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    text: str
    encoding: str
    utf8: bytes


def _text(data: bytes) -> _Text:
    text, encoding = decode(data)
    if _looks_binary(text):
        raise TableError([TableIssue("binary")])
    if text.isspace():
        raise TableError([TableIssue("empty")])
    return _Text(text, encoding, _utf8(data, text, encoding))


def _read_separated(
    source: bytes | str,
    separator: str,
    *,
    header: bool,
    skip: int,
    nrows: int | None = None,
    numbers: Mapping[str, str] | None = None,
    columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Separated text read by pandas' C parser: every column text, except those in `numbers`
    (name → decimal mark) that it reads whole as numbers (else they come back as text)."""
    numbers = {name: mark for name, mark in (numbers or {}).items() if mark != separator}
    marks = set(numbers.values())
    decimal = marks.pop() if len(marks) == 1 else "."
    dtypes: dict[str | int, type] | type = object
    if numbers and columns:
        dtypes = {name: object for name in columns if name not in numbers}
    stream = io.BytesIO(source) if isinstance(source, bytes) else io.StringIO(source)
    try:
        frame = pd.read_csv(
            stream,
            sep=separator,
            header=0 if header else None,
            names=list(columns) or None,
            dtype=dtypes,
            decimal=decimal,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            skiprows=skip or None,
            nrows=nrows,
            encoding="utf-8" if isinstance(source, bytes) else None,
        )
    except pd.errors.ParserError as error:
        raise bad_line(error, skip) from None
    except pd.errors.EmptyDataError:
        raise TableError([TableIssue("empty")]) from None
    except ValueError:
        raise TableError([TableIssue("one_column")]) from None
    if not isinstance(frame.index, pd.RangeIndex):
        # The first data line has one field more than the header: pandas would silently take
        # its first column as row names and shift every other column one to the left.
        raise TableError([TableIssue("bad_line", value=float(skip + (2 if header else 1)))])
    return frame


def _first_rows(head: str, separator: str, skip: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=separator, quotechar='"')
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) >= SNIFF_LINES:
                break
    except csv.Error:
        pass
    return rows


def _header_separator(head: str) -> str:
    """The separator the header line holds most of, a comma if none: a file of one column is
    still separated text, so that a row with more fields than the header is named by its line.

    >>> _header_separator("nps\\n7\\n"), _header_separator("\\nnps;\\n7\\n")
    (',', ';')
    """
    header = next((line for line in head.splitlines() if line.strip()), "")
    counts = {separator: header.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=counts.__getitem__)
    return best if counts[best] else ","


# --- separated text, rows named by their lines -------------------------------------------------


_LEADING_BREAKS = re.compile(rb"\n*")


@functools.cache
def _blank_rows(separator: str) -> re.Pattern[bytes]:
    """Lines of nothing but blanks and separators: a spreadsheet's empty rows, however wide."""
    return re.compile(rb"\n[ \t\f\v" + re.escape(separator.encode()) + rb"]+(?=\n|\Z)")


@dataclass(frozen=True)
class _Records:
    """The records of separated text: each stretch between two line breaks outside quotes (an
    empty line is one too), with the line (from 1) it starts on (`first`) and ends on (`last`),
    and whether it holds any text (`filled`); `end` is the byte after the last such break."""

    first: np.ndarray
    last: np.ndarray
    filled: np.ndarray
    end: int


def _records(data: bytes) -> _Records:
    """Where the records of `data` (UTF-8, line ends ``\\n``) are, without a loop over them.

    A line break is outside quotes when an even number of quotes comes before it: exact for
    quoting as spreadsheets write it (a quote opens a field, ``""`` is a quote inside one).
    Both characters are ASCII, so the UTF-8 bytes are searched directly.

    >>> found = _records(b'a,b\\n\\n"x\\ny",1\\n2,3')
    >>> found.first.tolist(), found.last.tolist(), found.filled.tolist()
    ([1, 2, 3, 5], [1, 2, 4, 5], [True, False, True, True])
    """
    codes = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(codes == ord("\n"))
    quotes = np.flatnonzero(codes == ord('"'))
    if quotes.size:
        outside = np.searchsorted(quotes, breaks) % 2 == 0
        last = np.flatnonzero(outside) + 1
        ends = breaks[outside]
    else:
        last = np.arange(1, breaks.size + 1)
        ends = breaks
    starts = np.concatenate(([0], ends[:-1] + 1))
    filled = ends > starts
    end = int(ends[-1]) + 1 if ends.size else 0
    if len(data) > end:  # the last record has no line break after it (or one inside quotes)
        last = np.append(last, breaks.size + (0 if data.endswith(b"\n") else 1))
        filled = np.append(filled, True)
    first = np.concatenate(([1], last[:-1] + 1))
    return _Records(first=first, last=last, filled=filled, end=end)


def _row_lines(records: _Records, data: bytes, rows: int, *, complete: bool) -> np.ndarray:
    """The line each of the parser's `rows` (blank lines skipped) ends on; `complete` when the
    parser read the whole of `data`, so that both counts must agree."""
    lines: np.ndarray = records.last[records.filled]
    if lines.size == rows or (not complete and lines.size > rows):
        return lines[:rows]
    # A quote inside an unquoted value (5" screen) throws the count of quotes off: with no value
    # over two lines, the parser's rows are the lines that hold text.
    codes = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(codes == ord("\n"))
    starts = np.concatenate(([0], breaks + 1))
    ends = np.append(breaks, len(data))
    physical = np.flatnonzero(ends > starts) + 1
    if physical.size == rows:
        return physical
    # Else (stray quotes and values over several lines) number on from the last line known,
    # never past the file's last line: approximate after the first stray quote.
    lines = lines[:rows]
    last = int(lines[-1]) if lines.size else 0
    numbered = np.concatenate((lines, last + np.arange(1, rows - lines.size + 1)))
    clamped: np.ndarray = np.minimum(numbered, int(physical[-1]) if physical.size else 1)
    return clamped


def _line_error(error: pd.errors.ParserError, records: _Records, offset: int) -> TableError:
    """pandas' "Expected 3 fields in line 7" (records counted from 1, empty lines included) or
    "EOF inside string starting at row 6" (from 0) as the issue naming the file's line: the
    line where the record ends, or where the quote that never closes opens."""
    message = str(error)
    match = re.search(r"line (\d+)", message)
    if match and records.last.size:
        record = min(int(match.group(1)), records.last.size) - 1
        return TableError([TableIssue("bad_line", value=float(records.last[record] + offset))])
    match = re.search(r"EOF inside string starting at row (\d+)", message)
    if match and records.first.size:
        record = min(int(match.group(1)), records.first.size - 1)
        line = float(records.first[record] + offset)
        return TableError([TableIssue("unclosed_quote", value=line)])
    return bad_line(error, offset)


def _header_names(cells: list[object]) -> tuple[str, ...]:
    return _names([cell if isinstance(cell, str) else None for cell in cells])


def _read_lines(
    data: bytes,
    separator: str,
    *,
    header: bool,
    has_sep_line: bool,
    nrows: int | None = None,
    partial: bool = False,
) -> tuple[pd.DataFrame, int]:
    """Separated text (UTF-8 from the file's first line) as `read_table` gives it for a format
    with ``lines``, and the line of the header (the line before the first row without one).

    Cells are text (NaN where blank); the index (``line``) is the line each row ends on, as a
    text editor counts them (``\\r\\n``, ``\\r`` and ``\\n`` end one line each); rows of blank cells
    are left out, even when they hold more separators than the header has fields. The header
    is read as a row, so that a row with more fields than the header is a `bad_line` (pandas
    would otherwise take a long first row's extra field as an index). `partial`: `data` is the
    head of a longer file, cut anywhere: only its complete records are read. `nrows` caps the
    rows parsed (the header's included). Linear in the size: pandas' C parser, one regular
    expression for the blank rows and vectorised searches for the line breaks.

    >>> frame, header_line = _read_lines(b"\\na;b\\n1;2\\n;;;;\\n3;\\n", ";", header=True,
    ...                                  has_sep_line=False)
    >>> header_line, frame.index.tolist(), frame.to_numpy().tolist()
    (2, [3, 5], [['1', '2'], ['3', nan]])
    """
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    offset = 0
    if has_sep_line:
        leading = _LEADING_BREAKS.match(data)
        start = leading.end() if leading else 0
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        offset = data.count(b"\n", 0, end)
        data = data[end:]
    # Blank rows are emptied, keeping their line breaks: lines keep their numbers.
    data = _blank_rows(separator).sub(b"\n", b"\n" + data)[1:]
    records = _records(data)
    if partial and records.end:
        data = data[: records.end]
        records = _records(data)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=separator,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            nrows=nrows,
            encoding="utf-8",
            engine="c",
        )
    except pd.errors.ParserError as error:
        raise _line_error(error, records, offset) from None
    except pd.errors.EmptyDataError:
        raise TableError([TableIssue("empty")]) from None
    except ValueError:
        raise TableError([TableIssue("one_column")]) from None
    complete = nrows is None or len(frame) < nrows
    lines = _row_lines(records, data, len(frame), complete=complete) + offset
    if b'""' in data:  # a row of quoted empty cells ("";"") is blank too
        kept = np.flatnonzero(frame.notna().to_numpy().any(axis=1))
    else:  # every line left holds text: no row is blank (and no need to look at every cell)
        kept = np.arange(len(frame))
    if kept.size == 0:
        raise TableError([TableIssue("empty")])
    if header:
        names = _header_names(frame.iloc[int(kept[0])].tolist())
        header_line = int(lines[kept[0]])
        kept = kept[1:]
    else:
        names = column_letters(frame.shape[1])
        header_line = int(lines[kept[0]]) - 1
    body = frame.iloc[kept]
    body.columns = list(names)
    body.index = pd.Index(lines[kept], name="line")
    return body, header_line


def _sniff_text(
    data: bytes,
    *,
    max_columns: int,
    max_rows: int,
    one_column: bool,
    lines: bool,
    allow_no_rows: bool,
) -> TableFormat:
    found = _text(data)
    text = found.text
    head, has_sep_line, declared = _head_lines(text)
    separator = declared if declared else _separator(head)
    if _count_lines(text) > max_rows + 1:  # a header's line too
        raise TableError([TableIssue("too_many_rows", count=max_rows)])
    if separator is None:
        try:
            return _sniff_aligned(
                found, head, max_columns=max_columns, lines=lines, allow_no_rows=allow_no_rows
            )
        except TableError as error:
            if not one_column or [i.kind for i in error.issues] != ["one_column"]:
                raise
        separator = _header_separator(head)
    first = _first_rows(head, separator, 0)
    if first and len(first[0]) > max_columns:
        raise TableError([TableIssue("too_many_columns", count=max_columns)])
    if not first:
        raise TableError([TableIssue("empty")])
    header = text_layout.looks_like_header(first[0], first[1:])
    skip = 1 if has_sep_line else 0
    width = max(len(row) for row in first)
    columns = _names(list(first[0])) if header else column_letters(width)
    if len(columns) < 2 and not one_column:
        raise TableError([TableIssue("one_column")])
    header_line = 1 + skip
    if lines:
        # From the file's first line (blank lines and the sep= line counted), the rows' lines.
        preview, header_line = _read_lines(
            text[:SNIFF_BYTES].encode("utf-8"),
            separator,
            header=header,
            has_sep_line=has_sep_line,
            nrows=PREVIEW_ROWS + header,
            partial=len(text) > SNIFF_BYTES,
        )
    else:
        preview = _read_separated(
            head, separator, header=header, skip=0, nrows=PREVIEW_ROWS, columns=columns
        )
    if preview.empty and not allow_no_rows:
        raise TableError([TableIssue("no_rows")])
    return TableFormat(
        kind="text",
        layout="separated",
        columns=tuple(str(column) for column in preview.columns),
        preview=preview.fillna("").astype(str),
        encoding=found.encoding,
        separator=separator,
        has_sep_line=has_sep_line,
        header=header,
        header_line=header_line,
        lines=lines,
    )


def _aligned_frame(text: str, layout: text_layout.Layout) -> pd.DataFrame:
    if layout.kind == "spaces":
        try:
            return text_layout.read_spaces(text.encode("utf-8"))
        except pd.errors.ParserError as error:
            raise bad_line(error) from None
    return text_layout.split_fixed(text, layout.colspecs)


def _with_header(cells: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Cells of an aligned file or a sheet with their header, if the first row is one."""
    if cells.empty:
        raise TableError([TableIssue("empty")])
    first = cells.iloc[0].tolist()
    below = [row.tolist() for _, row in cells.iloc[1:SNIFF_LINES].iterrows()]
    texts = [cell_text(cell) for cell in first]
    header = bool(below) and text_layout.looks_like_header(
        texts, [[cell_text(c) for c in row] for row in below]
    )
    if header:
        body = cells.iloc[1:]
        body.columns = list(_names(first))
    else:
        body = cells.copy()
        body.columns = list(column_letters(cells.shape[1]))
    return body, header


def _sniff_aligned(
    found: _Text, head: str, *, max_columns: int, lines: bool, allow_no_rows: bool
) -> TableFormat:
    layout = text_layout.detect_layout(head)
    if layout is None:
        raise TableError([TableIssue("one_column")])
    if layout.kind == "fixed" and len(layout.colspecs) > max_columns:
        raise TableError([TableIssue("too_many_columns", count=max_columns)])
    sample = _aligned_frame(head, layout)
    if sample.shape[1] > max_columns:
        raise TableError([TableIssue("too_many_columns", count=max_columns)])
    if sample.shape[1] < 2:
        raise TableError([TableIssue("one_column")])
    body, header = _with_header(sample)
    if body.empty and not allow_no_rows:
        raise TableError([TableIssue("no_rows")])
    first_line = int(sample.index[0]) if len(sample.index) else 1
    return TableFormat(
        kind="text",
        layout=layout.kind,
        columns=tuple(str(column) for column in body.columns),
        preview=body.head(PREVIEW_ROWS).fillna("").astype(str),
        encoding=found.encoding,
        colspecs=layout.colspecs,
        header=header,
        header_line=first_line if header else first_line - 1,
        lines=lines,
    )


# --- workbooks -------------------------------------------------------------------------------


def _table_issue(error: spreadsheets.SpreadsheetError) -> TableError:
    issues = []
    for issue in error.issues:
        kind: TableIssueKind
        kind = "empty" if issue.kind == "no_data" else issue.kind
        issues.append(TableIssue(kind, count=issue.count, value=issue.value, column=issue.subject))
    return TableError(issues)


def _sniff_workbook(
    data: bytes,
    kind: spreadsheets.SpreadsheetKind,
    sheet: str | None,
    *,
    max_columns: int,
    max_rows: int,
    one_column: bool = False,
    lines: bool = False,
    allow_no_rows: bool = False,
) -> TableFormat:
    try:
        found = spreadsheets.read_sheet(data, sheet, max_rows=max_rows, max_columns=max_columns)
    except spreadsheets.SpreadsheetError as error:
        raise _table_issue(error) from None
    cells = found.rows
    # A title above the table ("Vendite 2024" in A1) is not its header: the header is the
    # first row with two or more cells (in a sheet of one column, its first row).
    # Looked for in the first rows, then (none there) in the whole sheet: counting the cells of
    # a million rows takes 0.1 s.
    head = cells.iloc[:SNIFF_LINES].notna().sum(axis=1).to_numpy()
    wide = np.flatnonzero(head >= 2)
    if wide.size == 0 and len(cells) > len(head):
        filled = cells.notna().sum(axis=1).to_numpy()
        wide = np.flatnonzero(filled >= 2)
    else:
        filled = head
    if wide.size == 0 and one_column:
        wide = np.flatnonzero(filled >= 1)
    if wide.size == 0:
        raise TableError([TableIssue("one_column")])
    cells = cells.iloc[int(wide[0]) :]
    body, header = _with_header(cells)
    if body.shape[1] < 2 and not one_column:
        raise TableError([TableIssue("one_column")])
    if body.empty and not allow_no_rows:
        raise TableError([TableIssue("no_rows")])
    first_row = int(cells.index[0])
    return TableFormat(
        kind=found.kind,
        layout="sheet",
        columns=tuple(str(column) for column in body.columns),
        preview=body.head(PREVIEW_ROWS),
        header=header,
        header_line=first_row if header else first_row - 1,
        sheet=found.name,
        sheets=found.names,
        rows=body,
        lines=lines,
    )


# --- the reader ------------------------------------------------------------------------------


def sniff_table(
    data: bytes,
    *,
    sheet: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_columns: int = MAX_COLUMNS,
    max_rows: int = MAX_ROWS,
    one_column: bool = False,
    lines: bool = False,
    allow_no_rows: bool = False,
) -> TableFormat:
    """Recognise a file's kind and layout, and read its header and first rows.

    Workbooks are read whole here (a sheet cannot be read in part) and kept in the result, so
    `read_table` does not read them again; text files only have their first 64 KB read.

    Parameters
    ----------
    data : bytes
        The file as uploaded.
    sheet : str, optional
        The workbook's sheet to read; default the first with data. Ignored for text.
    max_bytes, max_columns, max_rows : int, optional
        Caps: the largest file (bytes; default 50 MB), the most columns and lines under the
        header (defaults `MAX_COLUMNS` and `MAX_ROWS`).
    one_column : bool, optional
        Accept a file of a single column (a list of answers); default False, where no
        separator or alignment found is the ``one_column`` issue (as is a sheet with no row
        of two cells). Such a text file is read as separated by the separator its header line
        holds most of, a comma if none: a row with more fields than the header is a
        ``bad_line``.
    lines : bool, optional
        Read the file as a person names its rows (`read_table` follows the format): index =
        the line each row ends on, as a text editor counts them (the header is line 1 in a
        file that starts with it; blank lines, the ``sep=`` line and every line of a quoted
        value holding line breaks count), or the sheet's row number; rows of blank cells are
        left out, even ones with more separators than the header has fields; a row with
        more fields than the header is a ``bad_line`` (`value` = its line), including the
        first one. `numbers` cannot be asked for then. Default False: separated text is
        indexed by position (for the sales exports).
    allow_no_rows : bool, optional
        A header with nothing under it is a table of no rows (for a caller that names the
        columns it lacks first); default False, where it is the ``no_rows`` issue.

    Raises
    ------
    TableError
        With the `TableIssue` that stops the reading.

    Examples
    --------
    >>> found = sniff_table(b"date,id\\n2024-01-05,A\\n2024-02-01,B\\n")
    >>> found.separator, found.columns, found.preview["id"].tolist()
    (',', ('date', 'id'), ['A', 'B'])
    >>> answers = b"\\nnps\\n7\\n\\n,,,\\n8\\n"  # a blank line, a row of blank cells
    >>> found = sniff_table(answers, one_column=True, lines=True)
    >>> found.header_line, read_table(answers, found)["nps"].to_dict()
    (2, {3: '7', 6: '8'})
    """
    max_bytes = check_integer("max_bytes", max_bytes, 1)
    max_columns = check_integer("max_columns", max_columns, 1)
    max_rows = check_integer("max_rows", max_rows, 1)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"data must be the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    _check_bytes(data, max_bytes)
    if data.startswith((_ZIP_MAGIC, _OLE2_MAGIC)):
        kind = spreadsheets.spreadsheet_kind(data)
        if kind is None:
            raise TableError([TableIssue("spreadsheet")])
        return _sniff_workbook(
            data,
            kind,
            sheet,
            max_columns=max_columns,
            max_rows=max_rows,
            one_column=one_column,
            lines=lines,
            allow_no_rows=allow_no_rows,
        )
    return _sniff_text(
        data,
        max_columns=max_columns,
        max_rows=max_rows,
        one_column=one_column,
        lines=lines,
        allow_no_rows=allow_no_rows,
    )


def read_table(
    data: bytes,
    table_format: TableFormat | None = None,
    *,
    numbers: Mapping[str, str] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> pd.DataFrame:
    """Every row of a file as a table, one column per `table_format.columns`.

    Text cells are strings (NaN where blank); a workbook's cells keep their types (str,
    float, int, bool, datetime, date…; None where empty). Blank lines and empty rows are left
    out. The index is the sheet's row numbers for a workbook and the line numbers for aligned
    text (as the user sees them), positions for separated text unless the format was sniffed
    with ``lines`` (then line numbers too, see `sniff_table`). `numbers` (column → decimal
    mark) asks the text parser to read those columns as floats when every value is a plain
    number with that mark; a column it cannot read whole
    comes back as text, for the caller's own parsing.

    Parameters
    ----------
    data : bytes
        The file, as given to `sniff_table`.
    table_format : TableFormat, optional
        What `sniff_table` returned for `data` (it is sniffed again when None).
    numbers : mapping of str to str, optional
        Columns to read as numbers, with their decimal mark (``","`` or ``"."``).
    max_bytes : int, optional
        As for `sniff_table`.

    Returns
    -------
    pandas.DataFrame
        One row per line (row) of data, in the file's order.

    Examples
    --------
    >>> read_table(b"id;amount\\nA;12,50\\nB;3\\n", numbers={"amount": ","})["amount"].tolist()
    [12.5, 3.0]
    """
    if table_format is None:
        table_format = sniff_table(data, max_bytes=max_bytes)
    if table_format.rows is not None:
        return table_format.rows
    if table_format.lines and numbers:
        raise ValueError("numbers must be empty for a format read by lines (see sniff_table)")
    found = _text(bytes(data))
    if table_format.layout == "separated" and table_format.lines:
        frame, _ = _read_lines(
            found.utf8,
            table_format.separator,
            header=table_format.header,
            has_sep_line=table_format.has_sep_line,
        )
        return frame
    if table_format.layout == "separated":
        skip = 1 if table_format.has_sep_line else 0
        return _read_separated(
            found.utf8,
            table_format.separator,
            header=table_format.header,
            skip=skip,
            numbers=numbers,
            columns=table_format.columns,
        )
    layout = text_layout.Layout(table_format.layout, table_format.colspecs)  # type: ignore[arg-type]
    cells = _aligned_frame(found.text, layout)
    if table_format.header:
        cells = cells.iloc[1:]
    width = len(table_format.columns)
    cells = cells.iloc[:, :width]
    cells.columns = list(table_format.columns[: cells.shape[1]])
    return cells
