"""Reading the spreadsheets owners export: ``.xlsx``/``.xlsm``, ``.xls`` and ``.ods``.

Shop and accounting software exports Excel workbooks as often as CSV. This module turns one
sheet of such a workbook into a table of typed cells (text, numbers, dates, booleans, times),
read with `python-calamine` (a Rust reader: it never runs macros and never evaluates a formula,
it reads the value the writing program cached). The kind of file is recognised from its bytes,
never from its name (`spreadsheet_kind`).

An upload is untrusted, and calamine reads some small files into huge memory: it lays every
sheet out as a dense grid, so a 2 KB workbook with a cell in ``A1`` and one in ``XFD1048576``
asks for 550 GB and **aborts the process** (upstream tafia/calamine#693, open; calamine 0.37
in python-calamine 0.9.1). Whatever would take the server down is therefore checked first:

1. Zip files (``.xlsx``, ``.ods``): the central directory (number of entries, names, declared
   sizes against `MAX_EXPANDED_BYTES` and `MAX_EXPANSION_RATIO`), then every entry is inflated
   here, in bounded chunks, to check that it holds no more than its header declares (a zip
   bomb can lie, and calamine's zip reader inflates what an entry holds, not what it declares;
   calamine is then given the original bytes, every entry of which was measured here). While
   inflating an ``.xlsx``, `_CellScan` finds the largest row and column any cell refers to and
   counts cells and shared strings, so that the grid calamine will build is known to fit
   (`MAX_CELLS`) before calamine sees the file.
2. When the sheet XML is in the form every real writer uses (``<c r="B7" ...>``; see
   `_CellScan`) the workbook is read in this process, fast. Otherwise, and for every ``.xls``
   (OLE2, whose own structure calamine trusts: sector chains, declared counts) and ``.ods``
   (repeated rows and columns are expanded), calamine runs in a child process with a memory
   and CPU limit (`_sandboxed`): a hostile file can only make that child fail.
3. The sheet's height and width are checked against the caller's caps before any cell becomes
   a Python object; then the cells are converted with the garbage collector paused (it would
   otherwise traverse the million row lists it is being handed, three times the cost).
4. A sheet of more than `SPLIT_MIN_BYTES` of XML read in this process is cut in two at a row
   boundary, each half in a copy of the workbook, and the halves are parsed at the same time
   (calamine releases the GIL; `_halves`). Each half holds part of the tags already scanned,
   so it is bounded as the whole is; halves that do not join end to end (rows out of order)
   are given up and the sheet is read whole.

Cost (benchmarks/spreadsheets.py, 2 cores): a million rows of customer, date and amount (21 MB
of xlsx) read whole in 3.6 s of CPU and 540 MB at peak: 0.7 s checking and scanning the zip,
2.5 to 2.8 s in calamine's parse (which releases the GIL: other sessions run meanwhile), 0.25 s
making the cells Python objects, 0.15 s the DataFrame. In halves, the parse takes 1.3 to 1.6 s
of wall time when the second core is free (0.3 s more to cut and copy the sheet), and the peak
is 840 MB. Hostile files are refused in milliseconds, or fail in the child process in 0.1 to
0.5 s.

Problems raise `SpreadsheetError` with one `SpreadsheetIssue` (``kind`` for the page to
translate). No Streamlit here.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as archive:
...     archive.writestr("word/document.xml", "<w:document/>")
>>> spreadsheet_kind(buffer.getvalue()) is None  # a zip, but not a workbook
True
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import gc
import inspect
import io
import itertools
import json
import math
import pickle
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from calculators._validate import check_integer
from calculators.issues import InputError

__all__ = [
    "MAX_CELLS",
    "MAX_CELLS_PER_MB",
    "MAX_EXPANDED_BYTES",
    "MAX_EXPANSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_ZIP_ENTRIES",
    "Sheet",
    "SpreadsheetError",
    "SpreadsheetIssue",
    "SpreadsheetIssueKind",
    "SpreadsheetKind",
    "read_sheet",
    "sheet_names",
    "spreadsheet_kind",
]

MB = 1024 * 1024
# The app's upload limit: `server.maxUploadSize = 50` (MB) in .streamlit/config.toml.
MAX_FILE_MB = 50
MAX_FILE_BYTES = MAX_FILE_MB * MB
# Entries in a zip. Exports have 10 to 40 (one per sheet, plus styles, strings, relations);
# a workbook with a hundred sheets and images has a few hundred.
MAX_ZIP_ENTRIES = 10_000
# The central directory is parsed by `zipfile` in Python: refused above this size before it is
# parsed (10,000 entries with 100-character names take 1.5 MB).
MAX_CENTRAL_DIRECTORY_BYTES = 4 * MB
# What the entries of a zip may expand to, all together: at most MAX_EXPANSION_RATIO times the
# file's size plus EXPANSION_FLOOR_BYTES, and never more than MAX_EXPANDED_BYTES. Measured
# (benchmarks/spreadsheets.py, tests/data/spreadsheets.py): a million rows of customer code,
# date and amount are 21.4 MB expanding 7.0 times as openpyxl writes them (150 MB of sheet
# XML), 22.1 MB expanding 6.1 times as Excel does (shared strings); LibreOffice's .ods repeats
# each value as text and expands 21 times (a million rows: 21.7 MB, 453 MB of XML, under the
# cap, read in 8 s, 5 of them in the child process); a million empty rows with a fill or a
# number format expand 16 to 17 times (2.4 MB). A 50 MB export of data expands to 300-400 MB.
# Zip bombs expand about 1,000 times (1 GB of spaces: 1.0 MB). The floor lets small files
# full of styles pass.
MAX_EXPANSION_RATIO = 30
EXPANSION_FLOOR_BYTES = 16 * MB
MAX_EXPANDED_BYTES = 512 * MB
# Cells in the grid calamine lays out for one sheet (rows × columns from A1 to the last cell),
# cells with a value, and shared strings. Each cell costs about 100 bytes on the way to the
# DataFrame (64 in calamine's two grids, 24 to 60 as a Python object, 8 in its row list):
# measured, 8 million numbers (1,000,000 rows × 8, a 50 MB xlsx) peak at 830 MB. A 50 MB export
# holds 6 to 8 million cells, so this is also what the upload limit lets through.
MAX_CELLS = 8_000_000
# Cells a sheet read in the child process (`_sandboxed`: .xls, .ods) may have per MB of the
# upload (a file under 1 MB counts as 1 MB, as in the CPU target of issue #17: 0.2 s per MB).
# Unpickling the child's cells, the DataFrame and the typing cost 0.3 to 0.4 µs a cell in the
# server's process, and an .ods repeats rows and cells as often as it says: 1 KB repeating a row
# of 8 cells a million times was 8 million cells, 2 s of CPU and 500 MB here. Real exports hold
# 140,000 to 180,000 cells per MB. Counted in the child on the grid calamine built (empty and
# formatted-only cells left out), so that nothing comes back; never more than `MAX_CELLS`. (An
# xlsx read in this process has its cells with a value bounded by its XML, 22 bytes a cell at
# least, whose size the expansion limits bound; its empty cells by `MAX_CELLS`.)
MAX_CELLS_PER_MB = 500_000
# A sheet's XML from which reading it in two halves pays (`_halves`): below, copying the parts
# costs about what it saves.
SPLIT_MIN_BYTES = 24 * MB
# Largest row and column a cell may name: Excel's own limits (1,048,576 rows, XFD).
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
# The child process that reads the files calamine cannot be shielded from in this process
# (`_sandboxed`): address space, and CPU seconds allowed (a base plus so much per MB). Measured:
# a million-row .ods (21.7 MB) peaks at 570 MB in the child and reads with 1 GB; an .ods
# repeating one cell 10,000 × 10,000 times dies at the limit after 0.5 s (1.9 s with 1.5 GB).
SANDBOX_MEMORY_BYTES = 1024 * MB
SANDBOX_CPU_SECONDS = 10
SANDBOX_CPU_SECONDS_PER_MB = 1.0

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Entries whose content is itself an archive (an embedded workbook or document, a nested zip).
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
# Inflating: compressed bytes fed at a time, and most bytes produced per call.
_INPUT_CHUNK = 1 * MB
_OUTPUT_CHUNK = 4 * MB

SpreadsheetKind = Literal["xlsx", "xls", "ods"]

SpreadsheetIssueKind = Literal[
    "archive_too_large",
    "archive_bad",
    "unreadable",
    "no_data",
    "too_many_rows",
    "too_many_columns",
    "unknown_sheet",
]


@dataclass(frozen=True)
class SpreadsheetIssue:
    """Why a spreadsheet cannot be read, for the page to translate by `kind`.

    kind: ``archive_too_large`` (the file, or what its zip expands to, is over the limit;
    `value` = that size in MB, rounded up to 0.1), ``archive_bad`` (a corrupt zip, one that lies
    about its sizes, with too many entries, unsafe names or an archive inside), ``unreadable``
    (not a workbook calamine can read: password-protected, a Word document, damaged),
    ``no_data`` (no sheet has a cell with a value), ``too_many_rows`` and ``too_many_columns``
    (`count` = the most allowed), ``unknown_sheet`` (`sheet` = the name asked for).
    `sheet` is the sheet concerned, when there is one.
    """

    kind: SpreadsheetIssueKind
    count: int = 0
    value: float | None = None
    sheet: str = ""

    @property
    def subject(self) -> str:
        """The sheet the issue is about; empty for the whole file."""
        return self.sheet


class SpreadsheetError(InputError[SpreadsheetIssue]):
    """A file that cannot be read as a spreadsheet; `issues` says why."""

    summary = "file cannot be read as a spreadsheet"


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook, as cells.

    name: the sheet read; names: every worksheet of the workbook, in its order (chart sheets
    left out); kind: the file's format.
    rows: one row per non-empty row of the sheet, ``object`` dtype, columns labelled 0 .. n-1
    from the first column holding a value (trailing empty columns dropped), index = the row
    numbers the user sees in the spreadsheet (1-based). A cell is ``None`` when empty, else
    ``str`` (as written, spaces kept), ``float`` (``int`` from some ``.xls``), ``bool``,
    ``datetime.date``, ``datetime.datetime``, ``datetime.time`` or ``datetime.timedelta``
    (durations), as calamine reads it (a number in a date format beyond year 9999 stays a
    float). A formula is its cached result (empty if the writing program cached none); an
    error value (``#DIV/0!``) reads as empty.
    """

    name: str
    names: tuple[str, ...]
    kind: SpreadsheetKind
    rows: pd.DataFrame = field(repr=False, compare=False)


# --- recognising the format -------------------------------------------------------------------


def spreadsheet_kind(data: bytes) -> SpreadsheetKind | None:
    """The spreadsheet format of a file, from its bytes; None for anything else.

    ``"xls"`` for an OLE2 compound file (Excel 97-2003; a Word ``.doc`` has the same magic
    number and is refused later, as unreadable); ``"xlsx"`` for a zip holding
    ``xl/workbook.xml`` (``.xlsx`` and ``.xlsm``); ``"ods"`` for a zip holding ``content.xml``
    and a ``mimetype`` entry saying OpenDocument spreadsheet. A zip holding both, a binary
    ``.xlsb`` or anything unreadable is None. Only the zip's directory and its ``mimetype``
    entry are read.

    >>> spreadsheet_kind(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(504))
    'xls'
    >>> spreadsheet_kind(b"Codice cliente;Data;Importo\\n") is None
    True
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        return None
    head = bytes(data[:4])
    if head == _OLE2_MAGIC:
        return "xls"
    if head != _ZIP_MAGIC:
        return None
    try:
        archive = _open_zip(bytes(data))
    except SpreadsheetError:
        return None
    return _zip_kind(archive)


def _zip_kind(archive: zipfile.ZipFile) -> SpreadsheetKind | None:
    names = {info.filename.lower() for info in archive.infolist()}
    xlsx = "xl/workbook.xml" in names
    xlsb = "xl/workbook.bin" in names or "xl/_rels/workbook.bin.rels" in names
    ods = "content.xml" in names and "mimetype" in names and _mimetype(archive) == _ODS_MIMETYPE
    if xlsb or (xlsx and ods):
        return None
    if xlsx:
        return "xlsx"
    return "ods" if ods else None


def _mimetype(archive: zipfile.ZipFile) -> bytes:
    info = next(i for i in archive.infolist() if i.filename.lower() == "mimetype")
    try:
        with archive.open(info) as entry:
            return entry.read(len(_ODS_MIMETYPE) + 1).strip()  # a bounded read: never a bomb
    except Exception:  # a damaged entry: not an ods
        return b""


# --- the zip container --------------------------------------------------------------------------


def _bad(kind: SpreadsheetIssueKind = "archive_bad", **details: Any) -> SpreadsheetError:
    return SpreadsheetError([SpreadsheetIssue(kind, **details)])


def _mb(size: int) -> float:
    """Bytes as MB rounded up to 0.1, so that a size just over a limit never reads as equal."""
    return math.ceil(size / MB * 10) / 10


def _central_directory(data: bytes) -> tuple[int, int]:
    """Entries and size of the central directory, as the end-of-directory record declares.

    Read here so that a directory of a million entries is refused before `zipfile` parses it.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65_535))
    if end < 0 or end + 22 > len(data):
        raise _bad()
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if entries == 0xFFFF or size == 0xFFFF_FFFF:  # ZIP64: the real figures are elsewhere
        locator = end - 20
        if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            raise _bad()
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
            raise _bad()
        entries, size = struct.unpack_from("<QQ", data, record + 32)
    return entries, size


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """The zip's directory, refused when too big, corrupt, or naming unsafe paths."""
    entries, size = _central_directory(data)
    if entries > MAX_ZIP_ENTRIES or size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _bad()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises many kinds on a damaged directory (found by fuzzing)
        raise _bad() from None
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _bad()
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            raise _bad()
        # calamine finds parts case-insensitively: two names differing by case are ambiguous.
        if name.lower() in seen:
            raise _bad()
        seen.add(name.lower())
    return archive


def _entry_chunks(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The entry's content, inflated here from the raw bytes in chunks of at most 4 MB.

    Raises archive_bad when the content is not the size the directory declares: calamine is
    given the original bytes, and its zip reader would inflate whatever the entry holds (it
    checks sizes and CRC only on reaching the end, and a sheet is read up to ``</sheetData>``).
    The CRC is not checked here: it guards against accidents, not against a crafted file, and
    computing it costs a quarter of the inflating.
    """
    if info.flag_bits & 0x1:
        raise _bad("unreadable")  # an encrypted (password-protected) zip
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != _ZIP_MAGIC:
        raise _bad()
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    start = info.header_offset + 30 + name_length + extra_length
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise _bad()
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = (
            bytes(raw[offset : offset + _OUTPUT_CHUNK])
            for offset in range(0, len(raw), _OUTPUT_CHUNK)
        )
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _inflate(raw)
    else:
        raise _bad()  # calamine reads stored and deflated entries only
    for piece in pieces:
        produced += len(piece)
        if produced > info.file_size:
            raise _bad()  # more than declared: stop now, whatever it would expand to
        yield piece
    if produced != info.file_size:
        raise _bad()


def _inflate(raw: memoryview) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    offset = 0
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                piece = inflater.decompress(inflater.unconsumed_tail, _OUTPUT_CHUNK)
            elif offset < len(raw):
                piece = inflater.decompress(raw[offset : offset + _INPUT_CHUNK], _OUTPUT_CHUNK)
                offset += _INPUT_CHUNK
            else:
                raise _bad()  # the deflate stream ends before its end
            if piece:
                yield piece
    except zlib.error:
        raise _bad() from None


@dataclass
class _ZipReport:
    """What inflating every entry found (for an xlsx, with the cell scan)."""

    kind: SpreadsheetKind
    expanded: int = 0
    in_process: bool = True
    max_row: int = 0
    max_column: int = 0
    cells: int = 0
    strings: int = 0
    # The biggest sheet's entry, sheet name and inflated content, when `_halves` may cut it.
    biggest: tuple[str, str, list[bytes]] | None = field(default=None, repr=False)


def _check_zip(data: bytes) -> _ZipReport:
    archive = _open_zip(data)
    kind = _zip_kind(archive)
    if kind is None:
        raise _bad("unreadable")
    infos = archive.infolist()
    declared = sum(info.file_size for info in infos)
    limit = min(MAX_EXPANDED_BYTES, MAX_EXPANSION_RATIO * len(data) + EXPANSION_FLOOR_BYTES)
    if declared > limit:
        raise _bad("archive_too_large", value=_mb(declared))
    report = _ZipReport(kind)
    names = {info.filename.lower() for info in infos}
    # calamine tries xlsx, then xlsb, then ods on any zip: parts of another format mean the
    # file may not be read as the xlsx scanned here, so it goes to the child process.
    report.in_process = kind == "xlsx" and "mimetype" not in names
    # The biggest sheet's content is kept when it is worth reading in halves (`_halves`).
    biggest: zipfile.ZipInfo | None = None
    sheets: dict[str, str] = {}
    if report.in_process and any(info.file_size >= SPLIT_MIN_BYTES for info in infos):
        sheets = _sheet_entries(data, archive)
        named = [info for info in infos if info.filename.lower() in sheets]
        biggest = max(named, key=lambda info: info.file_size, default=None)
    for info in infos:
        scan = _CellScan(info.file_size) if report.in_process else None
        kept: list[bytes] | None = None
        if scan is not None and info is biggest and info.file_size >= SPLIT_MIN_BYTES:
            kept = []
        first = True
        for piece in _entry_chunks(data, info):
            if first and piece.startswith(_ARCHIVE_MAGIC):
                raise _bad()
            first = False
            if scan is not None:
                scan.feed(piece)
            if kept is not None:
                kept.append(piece)
        if kept is not None:
            report.biggest = (info.filename, sheets[info.filename.lower()], kept)
        report.expanded += info.file_size
        if scan is not None:
            scan.feed(b"", final=True)
            report.in_process = scan.canonical
            report.max_row = max(report.max_row, scan.max_row)
            report.max_column = max(report.max_column, scan.max_column)
            report.cells = max(report.cells, scan.cells)
            report.strings = max(report.strings, scan.strings)
    return report


# --- what an xlsx sheet will ask of calamine ----------------------------------------------------

_TAIL = 4096  # a tag starting in the last bytes of a chunk is left for the next one
_MIN_CELL_BYTES = len(b'<c r="A1"><v>1</v></c>')
_MIN_STRING_BYTES = len(b"<si/>")
_MAX_OUTLIERS = 32  # cells above the running maxima in one chunk before taking them all
# A cell reference as every writer puts it, first in the tag: <c r="AB12" ...>.
_REFERENCE = re.compile(rb' r="([A-Za-z]+)([0-9]+)"')
_REFERENCES = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')
_LAST_REFERENCE = b'<c r="'
# Cell or shared-string tags with a namespace prefix (<x:c ...>): calamine reads them by their
# local name, the fast scan does not (nor text that looks like one: it only costs speed).
_PREFIXED = re.compile(rb":(?:c|si)[\s/>]")


def _column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"AB"`` → 28 (calamine reads lower case letters the same)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _at_most(text: str, alphabet: str, both_cases: bool) -> str:
    """A regex for strings over `alphabet` of `text`'s length or shorter that sort ≤ `text`.

    Equal lengths compare as numbers do when strings are compared character by character.
    """

    def one(char: str) -> str:
        return f"[{char}{char.lower()}]" if both_cases else char

    def up_to(char: str) -> str:  # the characters before `char`
        low = alphabet[0]
        high = alphabet[alphabet.index(char) - 1]
        return f"[{low}-{high}{low.lower()}-{high.lower()}]" if both_cases else f"[{low}-{high}]"

    every = f"[{alphabet[0]}-{alphabet[-1]}{alphabet[0].lower()}-{alphabet[-1].lower()}]"
    every = every if both_cases else f"[{alphabet[0]}-{alphabet[-1]}]"
    choices = ["".join(one(char) for char in text)]
    for position, char in enumerate(text):
        if char != alphabet[0]:
            rest = len(text) - position - 1
            tail = f"{every}{{{rest}}}" if rest else ""
            choices.append("".join(one(c) for c in text[:position]) + up_to(char) + tail)
    if len(text) > 1:
        choices.append(f"{every}{{1,{len(text) - 1}}}")
    return "(?:" + "|".join(choices) + ")"


@lru_cache(maxsize=256)
def _outliers(max_row: int, max_column: int) -> re.Pattern[bytes]:
    """Cell tags that are not ``<c r="REF"`` with REF within the maxima so far.

    One search of a chunk finds nothing in a sheet whose largest cell is already known (the
    search stops at each ``<c`` and looks ahead; about 2 ns a byte).
    """
    if max_row < 1 or max_column < 1:
        return re.compile(rb"<c[\s/>]")
    within = (
        _at_most(_column_letters(max_column), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", True)
        + _at_most(str(max_row), "0123456789", False)
        + '"'
    )
    return re.compile(b'<c(?! r="' + within.encode() + rb")[\s/>]")


class _CellScan:
    """Upper bounds on what calamine will build from one zip entry read as a worksheet.

    calamine reads cells only after a ``sheetData`` tag, at the position their ``r`` attribute
    names (a cell without one follows the previous cell). The scan follows the form every
    writer uses (Excel, LibreOffice, Google Sheets, openpyxl, xlsxwriter): each cell tag is
    ``<c r="REF"``, the reference first. It keeps the largest row and column referred to, and
    bounds the cells with a value (``</c``) and the shared strings (``<si``) calamine will
    keep: from the entry's `size` when it is too small to hold `MAX_CELLS` of them (a valued
    cell takes 22 bytes at least, ``<c r="A1"><v>1</v></c>``, a string 5, ``<si/>``), else by
    counting them (0.1 s for 150 MB). A cell tag in any other form (another attribute first, no
    reference, a namespace prefix) makes the entry non-canonical: the workbook is then read in
    the child process. Cell text never looks like a tag (``<`` is written ``&lt;``); calamine
    does not read UTF-16 markup at all (measured: such a sheet reads as empty), so the bytes
    are scanned as they are.
    """

    def __init__(self, size: int) -> None:
        self.active = False  # a sheetData tag was seen
        self.canonical = True
        self.max_row = 0
        self.max_column = 0
        self._count_cells = size // _MIN_CELL_BYTES > MAX_CELLS
        self._count_strings = size // _MIN_STRING_BYTES > MAX_CELLS
        self.cells = 0 if self._count_cells else size // _MIN_CELL_BYTES
        self.strings = 0 if self._count_strings else size // _MIN_STRING_BYTES
        self._carry = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        """Scan `chunk`, the next bytes of the entry (``final`` for the last call)."""
        buffer = self._carry + chunk if self._carry else chunk
        cut = len(buffer)
        if not final:
            # Keep a tag that starts near the end for the next chunk, so no reference is cut.
            found = buffer.rfind(b"<", max(0, len(buffer) - _TAIL))
            cut = found if found >= 0 else cut
        self._carry = buffer[cut:]
        if self._count_strings:
            self.strings += buffer.count(b"<si", 0, cut)
        start = 0
        if not self.active:
            start = buffer.find(b"sheetData", 0, cut)
            if start < 0:
                return
            self.active = True
        if not self.canonical:
            return
        if self._count_cells:
            self.cells += buffer.count(b"</c", start, cut)
        if _PREFIXED.search(buffer, start, cut):
            self.canonical = False
            return
        self._references(buffer, start, cut)

    def _references(self, buffer: bytes, start: int, cut: int) -> None:
        # Start from the chunk's last reference: in a sheet written top to bottom it is the
        # largest row, and the search then finds only the few cells beyond it.
        last = buffer.rfind(_LAST_REFERENCE, start, cut)
        if last >= 0:
            self._note(_REFERENCE.match(buffer, last + 2, cut))
        position, outliers = start, 0
        while self.canonical and self.max_row <= EXCEL_ROWS and self.max_column <= EXCEL_COLUMNS:
            found = _outliers(self.max_row, self.max_column).search(buffer, position, cut)
            if found is None:
                return
            reference = _REFERENCE.match(buffer, found.start() + 2, cut)
            if reference is None:
                self.canonical = False  # a cell tag in another form
                return
            outliers += 1
            if outliers == _MAX_OUTLIERS:
                # Many cells past the maxima (rows out of order, or ragged ones): take the
                # maxima of the rest of the chunk at once (12 ms for 4 MB), then search on for
                # tags in another form.
                for letters, digits in set(_REFERENCES.findall(buffer, found.start(), cut)):
                    self._note_parts(letters, digits)
                continue
            self._note(reference)
            position = reference.end()

    def _note(self, reference: re.Match[bytes] | None) -> None:
        if reference is not None:
            self._note_parts(*reference.groups())

    def _note_parts(self, letters: bytes, digits: bytes) -> None:
        if len(letters) > 3 or len(digits) > 7:
            # Beyond any spreadsheet (and beyond calamine's 32-bit arithmetic): refused.
            if len(letters) > 3:
                self.max_column = EXCEL_COLUMNS + 1
            if len(digits) > 7:
                self.max_row = EXCEL_ROWS + 1
            return
        self.max_row = max(self.max_row, int(digits))
        self.max_column = max(self.max_column, _column_number(letters))


def _grid_issue(report: _ZipReport, max_rows: int, max_columns: int) -> SpreadsheetIssue | None:
    """Refuse, from the scan alone, a sheet calamine could not lay out within `MAX_CELLS`."""
    rows, columns = report.max_row, report.max_column
    if columns > min(max_columns, EXCEL_COLUMNS):
        return SpreadsheetIssue("too_many_columns", count=max_columns)
    if rows > min(max_rows, EXCEL_ROWS):
        return SpreadsheetIssue("too_many_rows", count=max_rows)
    if rows * columns > MAX_CELLS or report.cells > MAX_CELLS or report.strings > MAX_CELLS:
        return SpreadsheetIssue("too_many_rows", count=min(max_rows, MAX_CELLS // max(columns, 1)))
    return None


# --- calamine ---------------------------------------------------------------------------------
# The functions from here to `_calamine_read` are also the program of the child process
# (`_SANDBOX_SCRIPT`, built from their source): they use only the standard library and
# python_calamine, and return plain values.


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (restored after, if it was on).

    Converting a sheet creates one list per row: with the collector on, every 700 new lists
    start a collection that walks all of them, and the full ones grow with the sheet (measured:
    a million rows take 0.8 s with it, 0.3 s without). The lists hold no cycles, and are freed
    inside the block (`_calamine_read` flattens them), so that no collection walks them after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pick_sheet(
    candidates: Sequence[tuple[str, bool]], shape: Callable[[str], tuple[int, int]]
) -> str | None:
    """The first sheet that can hold a table (two rows or more, two columns or more), else
    the first with two non-empty rows, else the first with one; None if none.

    `candidates` are (name, visible) in workbook order: visible sheets are looked at first, the
    hidden ones only when no visible sheet has data. `shape(name)` is the number of rows and
    columns from the sheet's first non-empty cell to its last, read only as far as needed. A
    sheet of notes in one column ("Esportato dal gestionale") before the sales is passed over.
    """
    for visible in (True, False):
        first_tall = first_any = None
        for name, shown in candidates:
            if shown != visible:
                continue
            rows, columns = shape(name)
            if rows >= 2 and columns >= 2:
                return name
            if rows >= 2 and first_tall is None:
                first_tall = name
            if rows >= 1 and first_any is None:
                first_any = name
        if first_tall is not None or first_any is not None:
            return first_tall or first_any
    return None


def _shape_problem(
    height: int, width: int, max_rows: int, max_columns: int, max_cells: int
) -> tuple[str, int] | None:
    """(issue kind, limit) when a sheet of `height` × `width` cells is over a cap, else None."""
    if width > max_columns:
        return "too_many_columns", max_columns
    if height > max_rows:
        return "too_many_rows", max_rows
    if height * width > max_cells:
        return "too_many_rows", max_cells // max(width, 1)
    return None


def _calamine_read(
    data: bytes,
    sheet: str | None,
    max_rows: int,
    max_columns: int,
    max_cells: int,
    want_rows: bool,
    sheets: Callable[[Any, str], Any] | None = None,
) -> tuple[Any, ...]:
    """Read the workbook with calamine; a plain tuple, so that it can come from the child.

    ``("names", names)`` when `want_rows` is false; ``("sheet", names, name, first_row,
    first_column, width, cells)`` with `cells` calamine's rows one after another in a single
    list (empty cells as ``""``), `width` cells a row; or ``("error", kind, count, sheet)``.
    One flat list rather than a list a row: a million row lists cost 0.3 s to turn into an
    array, and a garbage collection that walks them all once the collector is back on.
    `sheets(workbook, name)` reads a sheet instead of ``workbook.get_sheet_by_name(name)``.
    """
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        candidates = [
            (meta.name, meta.visible == SheetVisibleEnum.Visible)
            for meta in workbook.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        ]
        names = [name for name, _ in candidates]
        if not want_rows:
            return ("names", names)
        if sheet is not None and sheet not in names:
            return ("error", "unknown_sheet", 0, sheet)
        parsed: dict[str, Any] = {}

        def get(name: str) -> Any:
            return workbook.get_sheet_by_name(name) if sheets is None else sheets(workbook, name)

        def shape(name: str) -> tuple[int, int]:
            parsed[name] = get(name)
            return parsed[name].height, parsed[name].width

        chosen = sheet if sheet is not None else _pick_sheet(candidates, shape)
        if chosen is None:
            return ("error", "no_data", 0, "")
        found = parsed[chosen] if chosen in parsed else get(chosen)
        parsed.clear()
        problem = _shape_problem(found.height, found.width, max_rows, max_columns, max_cells)
        if problem is not None:
            return ("error", problem[0], problem[1], chosen)
        if found.start is None:
            return ("error", "no_data", 0, chosen)
        first_row, first_column = found.start
        with _paused_gc():
            rows = found.to_python(skip_empty_area=True)
            del found  # calamine's own copy of the cells
            widths = set(map(len, rows))
            if len(widths) > 1:  # rows of different lengths: never from calamine
                return ("error", "unreadable", 0, "")
            width = widths.pop() if widths else 0
            cells = list(itertools.chain.from_iterable(rows))
            del rows  # the row lists go while the collector is off: it never walks them
        return ("sheet", names, chosen, first_row + 1, first_column + 1, width, cells)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        # calamine's errors, and its Rust panics (pyo3's PanicException is a BaseException).
        return ("error", "unreadable", 0, "")


# --- a big sheet read in two halves -----------------------------------------------------------
# calamine parses a sheet's XML on one core (2.6 s for a million rows) and releases the GIL
# while it does: a big sheet cut in two at a row boundary, each half in a workbook of its own,
# parses in about half the time on two cores. Only for a sheet the scan has already bounded
# (in process, canonical): each half holds a part of the same tags, so it is bounded as well.

# Parts that map sheet names to entries (small: a few KB; larger ones are not looked into).
_WORKBOOK_PART = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_MAX_MAP_BYTES = 1 * MB
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_DATA_OPEN = re.compile(rb"<sheetData\s*>")


@dataclass(frozen=True)
class _Halves:
    """The workbook twice, the sheet `name` holding its first rows in `first`, the rest in
    `second`; every other part as it was (stored, not deflated: nothing to inflate again)."""

    name: str
    first: bytes
    second: bytes


def _small_part(data: bytes, archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_MAP_BYTES:
        return None
    part = b"".join(_entry_chunks(data, info))
    return None if b"<!DOCTYPE" in part or b"<!ENTITY" in part else part


def _sheet_entries(data: bytes, archive: zipfile.ZipFile) -> dict[str, str]:
    """Entry name (lower case) → sheet name, from the workbook's parts; empty when unsure.

    As calamine finds them: ``<sheet name=… r:id=…>`` in xl/workbook.xml, the relationship of
    that id in xl/_rels/workbook.xml.rels, its target relative to ``xl/`` (or absolute).
    """
    workbook = _small_part(data, archive, _WORKBOOK_PART)
    relations = _small_part(data, archive, _WORKBOOK_RELS)
    if workbook is None or relations is None:
        return {}
    try:
        sheets = ElementTree.fromstring(workbook)
        links = ElementTree.fromstring(relations)
    except ElementTree.ParseError:
        return {}
    targets = {
        link.get("Id"): link.get("Target", "")
        for link in links
        if link.tag.endswith("}Relationship") or link.tag == "Relationship"
    }
    entries: dict[str, str] = {}
    for element in sheets.iter():
        if not element.tag.endswith("}sheet"):
            continue
        name, target = element.get("name"), targets.get(element.get(f"{{{_RELATIONSHIPS_NS}}}id"))
        if name is None or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path.lower() in entries:
            return {}  # two sheets on one part: not a workbook to be clever with
        entries[path.lower()] = name
    return entries


def _halves(data: bytes, report: _ZipReport) -> _Halves | None:
    """The workbook with its biggest sheet cut in two at a row boundary, or None (nothing worth
    cutting, or anything unusual: the sheet is then read whole, as always)."""
    if report.biggest is None or not report.in_process:
        return None
    entry, name, chunks = report.biggest
    report.biggest = None  # its memory goes with this function's
    archive = zipfile.ZipFile(io.BytesIO(data))  # already checked by `_check_zip`
    xml = b"".join(chunks)
    del chunks[:]
    opening = _SHEET_DATA_OPEN.search(xml)
    closing = xml.rfind(b"</sheetData>")
    # CDATA could hold "</row>" as text: such a sheet is read whole.
    if opening is None or closing < opening.end() or b"<![CDATA[" in xml:
        return None
    start = opening.end()
    cut = xml.find(b"</row>", (start + closing) // 2, closing)
    if cut < 0:
        return None
    cut += len(b"</row>")
    view = memoryview(xml)
    parts = []
    for pieces in ((view[:cut], view[closing:]), (view[:start], view[cut:])):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as half:
            for info in archive.infolist():
                if info.filename == entry:
                    with half.open(info.filename, "w", force_zip64=True) as output:
                        for piece in pieces:
                            output.write(piece)
                else:
                    half.writestr(info.filename, b"".join(_entry_chunks(data, info)))
        parts.append(buffer.getvalue())
    return _Halves(name, parts[0], parts[1])


class _JoinedSheet:
    """The two halves of a sheet as one, with what `_calamine_read` asks of a CalamineSheet.

    Positions are calamine's, 0-based (row, column). The halves join when every row of the
    second comes after every row of the first, as a sheet written top to bottom has them;
    otherwise (rows out of order across the cut) this raises, and the sheet is read whole.
    """

    def __init__(self, first: CalamineSheet, second: CalamineSheet) -> None:
        # (sheet, first cell, last cell) of each half with a cell.
        self._parts: list[tuple[CalamineSheet, tuple[int, int], tuple[int, int]]] = [
            (part, part.start, part.end)
            for part in (first, second)
            if part.start is not None and part.end is not None
        ]
        if len(self._parts) == 2 and self._parts[0][2][0] >= self._parts[1][1][0]:
            raise _HalvesOverlap
        self.start: tuple[int, int] | None = None
        self.height = self.width = self._column = 0
        if self._parts:
            self._column = min(start[1] for _, start, _ in self._parts)
            self.start = (self._parts[0][1][0], self._column)
            self.height = self._parts[-1][2][0] - self._parts[0][1][0] + 1
            self.width = max(end[1] for _, _, end in self._parts) - self._column + 1

    def to_python(self, skip_empty_area: bool = True) -> list[list[Any]]:
        rows: list[list[Any]] = []
        next_row = 0
        for part, start, end in self._parts:
            if rows:  # blank rows between the halves' cells
                rows.extend([""] * self.width for _ in range(start[0] - next_row))
            block = part.to_python(skip_empty_area=True)
            before = start[1] - self._column
            after = self.width - before - (end[1] - start[1] + 1)
            if before or after:
                block = [[""] * before + row + [""] * after for row in block]
            rows.extend(block)
            next_row = end[0] + 1
        return rows


class _HalvesOverlap(Exception):
    """The halves' rows interleave: the sheet is read whole."""


def _read_halves(
    halves: _Halves, sheet: str | None, max_rows: int, max_columns: int
) -> tuple[Any, ...]:
    """`_calamine_read` of the first half's workbook, the cut sheet joined with its second
    half, parsed meanwhile on another thread."""

    def parse_second() -> CalamineSheet:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(halves.second))
        return workbook.get_sheet_by_name(halves.name)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        second = pool.submit(parse_second)

        def sheets(workbook: CalamineWorkbook, name: str) -> Any:
            found = workbook.get_sheet_by_name(name)
            return _JoinedSheet(found, second.result()) if name == halves.name else found

        return _calamine_read(
            halves.first, sheet, max_rows, max_columns, MAX_CELLS, want_rows=True, sheets=sheets
        )


# --- the child process ------------------------------------------------------------------------

_SANDBOX_PRELUDE = """
from __future__ import annotations
import gc, io, itertools, json, pickle, sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum
"""
_SANDBOX_MAIN = """
def _main() -> None:
    options = json.loads(sys.argv[1])
    try:
        import resource
    except ImportError:  # not on Windows: no limits there (the app is served from Linux)
        resource = None
    if resource is not None:
        memory, cpu = options["memory"], options["cpu"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    data = sys.stdin.buffer.read()
    result = _calamine_read(
        data, options["sheet"], options["max_rows"], options["max_columns"],
        options["max_cells"], options["want_rows"],
    )
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


_main()
"""
_SANDBOX_SCRIPT = (
    _SANDBOX_PRELUDE
    + "\n\n".join(
        inspect.getsource(function)
        for function in (_paused_gc, _pick_sheet, _shape_problem, _calamine_read)
    )
    + _SANDBOX_MAIN
)


class _CellUnpickler(pickle.Unpickler):
    """Unpickles the child's answer: plain values and the four datetime types, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in ("date", "datetime", "time", "timedelta"):
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _sandboxed(
    data: bytes, sheet: str | None, max_rows: int, max_columns: int, want_rows: bool
) -> tuple[Any, ...]:
    """`_calamine_read` in a child Python process with a memory and a CPU-time limit.

    calamine aborts the process on an allocation it cannot make, and some files make it loop
    or allocate without bound: a child with `SANDBOX_MEMORY_BYTES` of address space and
    `SANDBOX_CPU_SECONDS` (+ per MB) can only fail, and the failure reads as unreadable. The
    child imports python_calamine only (20 ms to start); the cells come back pickled.
    """
    cpu = int(SANDBOX_CPU_SECONDS + SANDBOX_CPU_SECONDS_PER_MB * len(data) / MB)
    options = {
        "sheet": sheet,
        "max_rows": max_rows,
        "max_columns": max_columns,
        "max_cells": _cell_budget(len(data)),
        "want_rows": want_rows,
        "memory": SANDBOX_MEMORY_BYTES,
        "cpu": cpu,
    }
    command = [sys.executable, "-I", "-c", _SANDBOX_SCRIPT, json.dumps(options)]
    try:
        child = subprocess.run(
            command, input=data, capture_output=True, timeout=2 * cpu + 5, check=False
        )
    except (subprocess.TimeoutExpired, OSError):
        return ("error", "unreadable", 0, "")
    if child.returncode != 0 or not child.stdout:
        return ("error", "unreadable", 0, "")
    try:
        result = _CellUnpickler(io.BytesIO(child.stdout)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return ("error", "unreadable", 0, "")
    return result if isinstance(result, tuple) and result else ("error", "unreadable", 0, "")


# --- reading ----------------------------------------------------------------------------------


def _cell_budget(size: int) -> int:
    """The most cells a sheet read in the child from `size` bytes may have (`MAX_CELLS_PER_MB`)."""
    return min(MAX_CELLS, math.floor(MAX_CELLS_PER_MB * max(1.0, size / MB)))


def _prepare(data: bytes, max_bytes: int) -> tuple[bytes, SpreadsheetKind, _ZipReport | None]:
    """The bytes, their format and (for a zip) the checks of its entries; raises if refused."""
    max_bytes = check_integer("max_bytes", max_bytes, 1)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValueError(f"data must be the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > max_bytes:
        raise _bad("archive_too_large", value=_mb(len(data)))
    kind = spreadsheet_kind(data)
    if kind is None:
        if data.startswith(_ZIP_MAGIC):
            _open_zip(data)  # a corrupt zip is archive_bad; a sound one is not a workbook
        raise _bad("unreadable")
    if kind == "xls":
        # calamine tries every format on any file: an OLE2 file that is also a zip (a zip
        # appended to it) could be read as the zip, which was not checked.
        try:
            polyglot = zipfile.is_zipfile(io.BytesIO(data))
        except Exception:
            polyglot = True
        if polyglot:
            raise _bad()
        return data, kind, None
    return data, kind, _check_zip(data)


def sheet_names(data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, ...]:
    """The names of the worksheets of a workbook, in its order (chart sheets left out).

    Raises `SpreadsheetError` as `read_sheet` does for the file itself (not for a sheet). Costs
    about as much as checking the file (`read_sheet` returns the names too: call this only to
    list them without reading a sheet).

    >>> from tests.data.spreadsheets import xlsx_sales
    >>> sheet_names(xlsx_sales(rows=3))
    ('Vendite', 'Note')
    """
    data, kind, _ = _prepare(data, max_bytes)
    if kind == "xlsx":
        # Opening an xlsx reads its lists of sheets, styles and strings, not the sheets.
        result = _calamine_read(data, None, 0, 0, 0, want_rows=False)
    else:
        result = _sandboxed(data, None, 0, 0, want_rows=False)
    if result[0] != "names":
        raise _bad(_issue_kind(result[1]), count=result[2], sheet=result[3])
    return tuple(result[1])


def read_sheet(
    data: bytes,
    sheet: str | None = None,
    *,
    max_rows: int,
    max_columns: int,
    max_bytes: int = MAX_FILE_BYTES,
) -> Sheet:
    """Read one sheet of an ``.xlsx``/``.xlsm``, ``.xls`` or ``.ods`` file as cells.

    `sheet` None picks the first visible sheet with at least two non-empty rows, else the first
    with one (hidden sheets only when no visible sheet has data). Rows are counted from the
    sheet's first to its last non-empty row, blank rows between them included; columns from
    the first to the last holding a value (for an xlsx, the scan counts both from A1).

    Parameters
    ----------
    data : bytes
        The file as uploaded; its format is recognised from the bytes (`spreadsheet_kind`).
    sheet : str, optional
        The sheet to read; None picks one as above.
    max_rows, max_columns : int
        The largest sheet accepted (transactions use 2,000,000 and 500). Also never more than
        `MAX_CELLS` cells (an .xls or .ods: `MAX_CELLS_PER_MB` per MB of the file, one under
        1 MB counting as 1 MB), nor than Excel's 1,048,576 rows by 16,384 columns.
    max_bytes : int, optional
        The largest file accepted (bytes); default `MAX_FILE_BYTES` (50 MB).

    Returns
    -------
    Sheet
        The sheet's name, every sheet's name, the format and the cells (see `Sheet`).

    Raises
    ------
    SpreadsheetError
        With one issue: ``archive_too_large``, ``archive_bad``, ``unreadable``, ``no_data``,
        ``too_many_rows``, ``too_many_columns`` or ``unknown_sheet`` (see `SpreadsheetIssue`).

    Examples
    --------
    >>> from tests.data.spreadsheets import xlsx_sales
    >>> found = read_sheet(xlsx_sales(rows=2), max_rows=100, max_columns=10)
    >>> found.name, found.names, found.kind
    ('Vendite', ('Vendite', 'Note'), 'xlsx')
    >>> found.rows.loc[3].tolist()  # the header, under a title and a blank row
    ['Codice cliente', 'Data documento', 'Importo']
    >>> found.rows.loc[4].tolist()
    ['C0001', datetime.date(2024, 1, 2), 10.5]
    """
    max_rows = check_integer("max_rows", max_rows, 1)
    max_columns = check_integer("max_columns", max_columns, 1)
    if sheet is not None and not isinstance(sheet, str):
        raise ValueError(f"sheet must be a sheet name or None, got {sheet!r}")
    data, kind, report = _prepare(data, max_bytes)
    if report is not None and report.in_process:
        issue = _grid_issue(report, max_rows, max_columns)
        if issue is not None:
            raise SpreadsheetError([issue])
        halves = _halves(data, report)
        result = None
        if halves is not None:
            result = _read_halves(halves, sheet, max_rows, max_columns)
            del halves
            if result[0] == "error" and result[1] == "unreadable":
                result = None  # the halves did not join (or a half failed): read it whole
        if result is None:
            result = _calamine_read(data, sheet, max_rows, max_columns, MAX_CELLS, want_rows=True)
    else:
        result = _sandboxed(data, sheet, max_rows, max_columns, want_rows=True)
    if result[0] != "sheet":
        raise _bad(_issue_kind(result[1]), count=result[2], sheet=result[3])
    if len(result) != 7:
        raise _bad("unreadable")
    _, names, name, first_row, _first_column, width, cells = result
    del result
    # The child's answer is checked as any input is (it read a hostile file, after all).
    well_formed = (
        isinstance(name, str)
        and isinstance(names, list)
        and all(isinstance(each, str) for each in names)
        and isinstance(first_row, int)
        and isinstance(width, int)
        and isinstance(cells, list)
        and 0 <= width <= max_columns
        and (len(cells) % width == 0 and len(cells) // width <= max_rows if width else not cells)
    )
    if not well_formed:
        raise _bad("unreadable")
    frame = _frame(cells, width, first_row)
    del cells
    if frame.empty:
        raise _bad("no_data", sheet=name)
    return Sheet(name=name, names=tuple(names), kind=kind, rows=frame)


_ISSUE_KINDS: tuple[SpreadsheetIssueKind, ...] = get_args(SpreadsheetIssueKind)


def _issue_kind(kind: object) -> SpreadsheetIssueKind:
    for known in _ISSUE_KINDS:
        if kind == known:
            return known
    return "unreadable"


def _frame(flat: list[Any], width: int, first_row: int) -> pd.DataFrame:
    """calamine's cells (`width` a row, one list) as the `Sheet.rows` DataFrame: blanks → None,
    empty rows dropped."""
    if not flat or width < 1:
        return pd.DataFrame(dtype=object)
    # fromiter copies the references (30 ms for 3 million cells; np.array looks into each one).
    cells = np.fromiter(flat, dtype=object, count=len(flat)).reshape(-1, width)
    # calamine gives an empty cell as "" (and an empty text the same way): both are None.
    empty = cells == ""
    cells[empty] = None
    kept = ~empty.all(axis=1)
    used = np.flatnonzero(~empty.all(axis=0))
    width = int(used[-1]) + 1 if len(used) else 0
    if not kept.all() or width < cells.shape[1]:
        cells = cells[kept, :width]
    index = pd.Index(first_row + np.flatnonzero(kept), dtype="int64")
    return pd.DataFrame(cells, index=index, columns=pd.RangeIndex(width), dtype=object, copy=False)
