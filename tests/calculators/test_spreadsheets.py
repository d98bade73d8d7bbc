"""Tests for calculators.spreadsheets: real exports in every format, and hostile files.

Cells are checked against what the generator wrote (tests/data/spreadsheets.py) and, for
xlsx, against openpyxl reading the file back; never against the reader itself. Timing checks
are backstops only (ten times the target of 0.2 s of CPU per MB): the machines are shared.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import time
import zipfile
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import spreadsheets
from calculators.spreadsheets import (
    MAX_CELLS,
    MAX_ZIP_ENTRIES,
    SpreadsheetError,
    read_sheet,
    sheet_names,
    spreadsheet_kind,
)
from tests.data import spreadsheets as made
from tests.data.spreadsheets import (
    HEADER,
    NOTES,
    SALES_XLS,
    SHEET_END,
    SHEET_START,
    sales_cells,
    sheet_xml,
    total_row,
    xlsx_from_sheet_xml,
)

CAPS = {"max_rows": 2_000_000, "max_columns": 500}
MB = 1024 * 1024
ODS = b"application/vnd.oasis.opendocument.spreadsheet"
ODT = b"application/vnd.oasis.opendocument.text"
TARGET_CPU_PER_MB = 0.2
BACKSTOP = 10


def kinds(error: pytest.ExceptionInfo[SpreadsheetError]) -> list[str]:
    return [issue.kind for issue in error.value.issues]


def refused(data: bytes, **caps: int) -> tuple[SpreadsheetError, float]:
    """The error reading `data` raises, and the CPU seconds the refusal took (this process)."""
    started = time.process_time()
    with pytest.raises(SpreadsheetError) as error:
        read_sheet(data, **{**CAPS, **caps})
    return error.value, time.process_time() - started


def backstop(data: bytes) -> float:
    """Ten times the CPU target for a file of this size (a file under 1 MB counts as 1 MB)."""
    return BACKSTOP * TARGET_CPU_PER_MB * max(1.0, len(data) / MB)


def as_written(cells: made.Cells, *, total_cached: bool) -> dict[int, list[object]]:
    """The generator's cells as read_sheet should give them: 3 columns, None when empty."""
    expected = {}
    for row, values in cells.items():
        line = [*values, *[None] * (3 - len(values))]
        if row == total_row(cells) and not total_cached:
            line[2] = None  # a formula with no cached value reads as empty
        expected[row] = line
    return expected


def read_cells(frame: pd.DataFrame) -> dict[int, list[object]]:
    rows = zip(frame.index, frame.to_numpy().tolist(), strict=True)
    return {int(row): list(values) for row, values in rows}


# --- real exports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind", "total_cached"),
    [
        (lambda: made.xlsx_sales(), "xlsx", False),
        (lambda: made.xlsx_sales(cached_total=True), "xlsx", True),
        (lambda: made.ods_sales(), "ods", True),
        (lambda: SALES_XLS.read_bytes(), "xls", False),
    ],
    ids=["xlsx", "xlsx-cached-total", "ods", "xls"],
)
def test_every_cell_reads_as_the_generator_wrote_it(
    make: Callable[[], bytes], kind: str, total_cached: bool
) -> None:
    data = make()
    assert spreadsheet_kind(data) == kind
    found = read_sheet(data, **CAPS)
    assert (found.name, found.names, found.kind) == ("Vendite", ("Vendite", "Note"), kind)
    assert read_cells(found.rows) == as_written(sales_cells(), total_cached=total_cached)
    # Blank rows (2, 6, 11) are dropped and the index is the sheet's row numbers.
    assert found.rows.index.tolist() == [1, 3, 4, 5, 7, 8, 9, 10, 12]
    assert list(found.rows.columns) == [0, 1, 2]
    assert all(dtype == "object" for dtype in found.rows.dtypes)


@pytest.mark.parametrize(
    "make",
    [lambda: made.xlsx_sales(), lambda: made.ods_sales(), lambda: SALES_XLS.read_bytes()],
    ids=["xlsx", "ods", "xls"],
)
def test_dates_are_dates_and_amounts_are_numbers(make: Callable[[], bytes]) -> None:
    found = read_sheet(make(), **CAPS)
    sales = found.rows.loc[4:10]
    assert all(type(day) is dt.date for day in sales[1])
    assert all(type(amount) in (float, int) for amount in sales[2])
    assert sales.loc[8, 2] == -14.25  # the refund


def test_xlsx_cells_match_openpyxl_reading_the_file_back() -> None:
    data = made.xlsx_sales(rows=40, cached_total=True)
    found = read_sheet(data, **CAPS)
    sheet = openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Vendite"]
    back = {
        row[0].row: [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=1, max_col=3)
        if any(cell.value is not None for cell in row)
    }
    for row, values in back.items():
        # openpyxl gives dates as datetimes at midnight; the date cells hold whole days.
        values = [v.date() if isinstance(v, dt.datetime) else v for v in values]
        assert read_cells(found.rows.loc[[row]])[row] == values, row
    assert sorted(back) == found.rows.index.tolist()


def test_the_second_sheet_is_read_by_name() -> None:
    for data in (made.xlsx_sales(), made.ods_sales(), SALES_XLS.read_bytes()):
        notes = read_sheet(data, "Note", **CAPS)
        assert notes.name == "Note"
        assert read_cells(notes.rows) == {1: [NOTES[0]], 2: [NOTES[1]]}


@pytest.mark.parametrize("make", [made.xlsx_sales, made.ods_sales], ids=["xlsx", "ods"])
def test_an_empty_first_sheet_is_skipped(make: Callable[..., bytes]) -> None:
    found = read_sheet(make(first_sheet_empty=True), **CAPS)
    assert found.name == "Vendite"
    assert found.names == ("Copertina", "Vendite", "Note")


def test_a_hidden_sheet_is_read_only_when_asked() -> None:
    data = made.xlsx_sales(first_sheet_empty=True, hidden_first=True)
    assert read_sheet(data, **CAPS).name == "Vendite"
    assert read_sheet(data, "Tabelle", **CAPS).rows.loc[2].tolist() == ["C0001", "Cliente interno"]
    assert sheet_names(data) == ("Tabelle", "Copertina", "Vendite", "Note")


def test_a_sheet_with_two_rows_wins_over_an_earlier_one_with_one() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Riepilogo"
    workbook.active["A1"] = "Totale vendite 2024"
    table = workbook.create_sheet("Vendite")
    table.append(list(HEADER))
    table.append(["C0001", dt.date(2024, 3, 1), 5.5])
    only_one = openpyxl.Workbook()
    only_one.active["C3"] = "soltanto questo"
    found = read_sheet(_saved(workbook), **CAPS)
    assert found.name == "Vendite"
    single = read_sheet(_saved(only_one), **CAPS)
    assert read_cells(single.rows) == {3: ["soltanto questo"]}


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_sheet_names_in_workbook_order() -> None:
    assert sheet_names(made.xlsx_sales(first_sheet_empty=True)) == ("Copertina", "Vendite", "Note")
    assert sheet_names(made.ods_sales()) == ("Vendite", "Note")
    assert sheet_names(SALES_XLS.read_bytes()) == ("Vendite", "Note")


def test_chart_sheets_are_not_sheets() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    workbook.create_chartsheet("Grafico")
    assert sheet_names(_saved(workbook)) == ("Sheet",)


@pytest.mark.parametrize(
    "make",
    [lambda: made.xlsx_sales(), lambda: made.ods_sales(), lambda: SALES_XLS.read_bytes()],
    ids=["xlsx", "ods", "xls"],
)
def test_an_unknown_sheet_is_refused_by_name(make: Callable[[], bytes]) -> None:
    with pytest.raises(SpreadsheetError) as error:
        read_sheet(make(), "Vendite 2023", **CAPS)
    assert kinds(error) == ["unknown_sheet"]
    assert error.value.issues[0].subject == "Vendite 2023"


def test_a_workbook_without_data_is_no_data() -> None:
    empty = openpyxl.Workbook()
    empty.active["B2"].number_format = "0.00"  # formatted, never filled
    error, _ = refused(_saved(empty))
    assert [issue.kind for issue in error.issues] == ["no_data"]
    with pytest.raises(SpreadsheetError) as named:
        read_sheet(made.xlsx_sales(first_sheet_empty=True), "Copertina", **CAPS)
    assert kinds(named) == ["no_data"]
    assert named.value.issues[0].subject == "Copertina"


def test_cell_types_are_kept_as_calamine_reads_them() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    written = [
        "  C0003 ",  # spaces kept
        dt.datetime(2024, 2, 1, 10, 22),
        dt.time(10, 30),
        dt.timedelta(hours=1, minutes=5),
        True,
        3.25,
        "",
    ]
    sheet.append(["testo", "data e ora", "ora", "durata", "flag", "numero", "vuoto"])
    sheet.append(written)
    sheet["D2"].number_format = "[h]:mm:ss"
    found = read_sheet(_saved(workbook), **CAPS)
    row = found.rows.loc[2].tolist()
    assert row == [*written[:-1], None]  # an empty text is an empty cell
    assert [type(value) for value in row[:-1]] == [
        str,
        dt.datetime,
        dt.time,
        dt.timedelta,
        bool,
        float,
    ]


def test_formulas_read_their_cached_value_or_nothing() -> None:
    # Cached results as Excel stores them; the reader must not compute or fetch anything.
    rows = {
        1: {"A1": "<v>2</v>", "B1": "<f>A1*21</f><v>42</v>"},
        2: {
            "A2": '<f>WEBSERVICE("http://127.0.0.1:9/")</f><v>cached</v>',
            "B2": "<f>1/0</f>",
        },
    }
    rows[3] = {"A3": "<f>1/0</f><v>#DIV/0!</v>"}
    xml = sheet_xml(rows).replace(b'<c r="A2">', b'<c r="A2" t="str">')
    xml = xml.replace(b'<c r="A3">', b'<c r="A3" t="e">')
    found = read_sheet(xlsx_from_sheet_xml(xml), **CAPS)
    # An error cached as the result reads as empty, like a result never cached.
    assert read_cells(found.rows) == {1: [2.0, 42.0], 2: ["cached", None]}


def test_trailing_empty_columns_are_dropped_and_columns_start_at_the_first_used() -> None:
    xml = sheet_xml(
        {
            3: {"B3": "<v>1</v>", "C3": "<v>2</v>", "E3": "<is><t></t></is>"},
            4: {"B4": "<v>3</v>"},
        }
    ).replace(b'<c r="E3">', b'<c r="E3" t="inlineStr">')
    found = read_sheet(xlsx_from_sheet_xml(xml), **CAPS)
    assert read_cells(found.rows) == {3: [1.0, 2.0], 4: [3.0, None]}


def test_an_xlsm_is_read_as_an_xlsx() -> None:
    source = zipfile.ZipFile(io.BytesIO(made.xlsx_sales()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(1020))
    data = output.getvalue()
    assert spreadsheet_kind(data) == "xlsx"
    assert read_sheet(data, **CAPS).rows.loc[4].tolist() == list(sales_cells()[4])


def test_an_xlsx_carrying_parts_of_another_format_is_read_in_the_child_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # calamine would try it as an .ods if reading it as an .xlsx failed: not read in process.
    source = zipfile.ZipFile(io.BytesIO(made.xlsx_sales()))
    entries = {info.filename: source.read(info.filename) for info in source.infolist()}
    data = _zip({**entries, "mimetype": b"application/octet-stream"})
    calls = []
    sandboxed = spreadsheets._sandboxed

    def spy(*arguments: object, **keywords: object) -> tuple[object, ...]:
        calls.append(arguments)
        return sandboxed(*arguments, **keywords)  # type: ignore[arg-type]

    monkeypatch.setattr(spreadsheets, "_sandboxed", spy)
    found = read_sheet(data, **CAPS)
    assert read_cells(found.rows) == as_written(sales_cells(), total_cached=False)
    assert len(calls) == 1


# --- recognising the format ---------------------------------------------------------------------


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", None),
        (b"Codice cliente;Data;Importo\n", None),
        (b"%PDF-1.7\n", None),
        (bytes(range(256)), None),
        (made.docx(), None),
        (_zip({"content.xml": b"<x/>", "mimetype": ODT}), None),
        (_zip({"xl/workbook.xml": b"<x/>", "content.xml": b"<x/>", "mimetype": ODS}), None),
        (_zip({"xl/workbook.bin": b"\0"}), None),
        (_zip({"xl/workbook.xml": b"<x/>"}), "xlsx"),
        (made.word_doc(), "xls"),
    ],
    ids=["empty", "csv", "pdf", "binary", "docx", "odt", "both", "xlsb", "bare-xlsx", "doc"],
)
def test_the_format_is_recognised_from_the_bytes(data: bytes, kind: str | None) -> None:
    assert spreadsheet_kind(data) == kind


def test_spreadsheet_kind_never_raises() -> None:
    data = made.xlsx_sales()
    for cut in (2, 4, 30, 200, len(data) // 2, len(data) - 10):
        assert spreadsheet_kind(data[:cut]) in (None, "xlsx")
    assert spreadsheet_kind("not bytes") is None  # type: ignore[arg-type]


# --- caps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [lambda: made.xlsx_sales(), lambda: made.ods_sales(), lambda: SALES_XLS.read_bytes()],
    ids=["xlsx", "ods", "xls"],
)
def test_rows_and_columns_over_the_caps_are_refused(make: Callable[[], bytes]) -> None:
    data = make()
    error, _ = refused(data, max_rows=5)
    assert [(issue.kind, issue.count) for issue in error.issues] == [("too_many_rows", 5)]
    error, _ = refused(data, max_columns=2)
    assert [(issue.kind, issue.count) for issue in error.issues] == [("too_many_columns", 2)]
    # Exactly at the caps: read (12 rows from the title to the total, 3 columns).
    assert read_sheet(data, max_rows=12, max_columns=3).rows.shape == (9, 3)


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    data = made.xlsx_sales()
    with pytest.raises(SpreadsheetError) as error:
        read_sheet(data, max_bytes=1000, **CAPS)
    assert kinds(error) == ["archive_too_large"]
    assert error.value.issues[0].value == pytest.approx(len(data) / MB, abs=0.1)


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"max_rows": 0}, "max_rows"),
        ({"max_columns": 1.5}, "max_columns"),
        ({"max_bytes": -1}, "max_bytes"),
    ],
)
def test_invalid_caps_are_refused_naming_the_parameter(arguments: dict, parameter: str) -> None:
    with pytest.raises(ValueError, match=f"^{parameter} must"):
        read_sheet(made.xlsx_sales(), **{**CAPS, **arguments})


def test_data_must_be_bytes() -> None:
    with pytest.raises(ValueError, match=r"^data must"):
        read_sheet("Vendite.xlsx", **CAPS)  # type: ignore[arg-type]


# --- hostile zips -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return made.xlsx_zip_bomb(1024 * MB)  # 1 GB of sheet XML in about 1 MB


def test_a_zip_bomb_is_refused_from_its_declared_size(zip_bomb: bytes) -> None:
    assert spreadsheet_kind(zip_bomb) == "xlsx"
    error, cpu = refused(zip_bomb)
    assert [issue.kind for issue in error.issues] == ["archive_too_large"]
    assert error.issues[0].value >= 1024
    assert cpu < backstop(zip_bomb)
    with pytest.raises(SpreadsheetError):
        sheet_names(zip_bomb)


def test_a_zip_that_lies_about_its_sizes_is_stopped_while_inflating() -> None:
    bomb = made.xlsx_zip_bomb(200 * MB)
    liar = made.lie_about_sizes(bomb, "xl/worksheets/sheet1.xml", 4096)
    error, cpu = refused(liar)
    assert [issue.kind for issue in error.issues] == ["archive_bad"]
    assert cpu < backstop(liar)


def test_the_expansion_limits_follow_the_file_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ratio: a 2 KB file may expand to the 16 MB floor, not to 20 MB.
    spaces = xlsx_from_sheet_xml([SHEET_START, b" " * (20 * MB), SHEET_END])
    assert len(spaces) < 64 * 1024
    error, _ = refused(spaces)
    assert [issue.kind for issue in error.issues] == ["archive_too_large"]
    # Absolute cap, lowered for the test: 5 MB of real data over a 4 MB cap.
    monkeypatch.setattr(spreadsheets, "MAX_EXPANDED_BYTES", 4 * MB)
    rows = {n: {f"A{n}": f"<v>{n * 1.5}</v>"} for n in range(1, 150_000)}
    error, _ = refused(xlsx_from_sheet_xml(sheet_xml(rows)))
    assert [issue.kind for issue in error.issues] == ["archive_too_large"]


@pytest.mark.parametrize("as_cells", [False, True], ids=["formatted-rows", "formatted-cells"])
def test_a_million_empty_formatted_rows_are_read_quickly(as_cells: bool) -> None:
    data = xlsx_from_sheet_xml(made.empty_formatted_rows(1_000_000, as_cells=as_cells))
    started = time.process_time()
    found = read_sheet(data, **CAPS)
    cpu = time.process_time() - started
    assert read_cells(found.rows) == {1: ["Codice cliente", "Importo"], 2: ["C0001", 3.5]}
    assert cpu < backstop(data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-100],  # cut short: no end of directory
        lambda data: data[:40] + b"\xff" * 200 + data[240:],  # the first entry garbled
        lambda data: data.replace(b"PK\x01\x02", b"PK\x01\x03", 1),  # a broken directory
    ],
    ids=["truncated", "garbled-entry", "broken-directory"],
)
def test_a_corrupt_zip_is_archive_bad(damage: Callable[[bytes], bytes]) -> None:
    error, _ = refused(damage(made.xlsx_sales()))
    assert [issue.kind for issue in error.issues] == ["archive_bad"]


@pytest.mark.parametrize(
    "entries",
    [
        {"xl/workbook.xml": b"<x/>", "../evil.xml": b"<x/>"},
        {"xl/workbook.xml": b"<x/>", "/etc/evil.xml": b"<x/>"},
        {"xl/workbook.xml": b"<x/>", "xl/embeddings/nested.xlsx": _zip({"a.xml": b"<x/>"})},
        {"xl/workbook.xml": b"<x/>", "XL/Workbook.xml": b"<y/>"},
    ],
    ids=["parent-path", "absolute-path", "nested-archive", "same-name-twice"],
)
def test_unsafe_zips_are_archive_bad(entries: dict[str, bytes]) -> None:
    error, _ = refused(_zip(entries))
    assert [issue.kind for issue in error.issues] == ["archive_bad"]


def test_a_zip_with_too_many_entries_is_refused_before_parsing_them() -> None:
    entries = {"xl/workbook.xml": b"<x/>"} | {f"xl/p{n}.xml": b"" for n in range(MAX_ZIP_ENTRIES)}
    data = _zip(entries, zipfile.ZIP_STORED)
    error, cpu = refused(data)
    assert [issue.kind for issue in error.issues] == ["archive_bad"]
    assert cpu < backstop(data)


def test_an_entry_compressed_another_way_is_archive_bad() -> None:
    source = zipfile.ZipFile(io.BytesIO(made.xlsx_sales()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_BZIP2) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    error, _ = refused(output.getvalue())
    assert [issue.kind for issue in error.issues] == ["archive_bad"]


def test_an_encrypted_zip_entry_is_unreadable() -> None:
    data = bytearray(made.xlsx_sales())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + flags] |= 0x01
    error, _ = refused(bytes(data))
    assert [issue.kind for issue in error.issues] == ["unreadable"]


@pytest.mark.parametrize(
    ("make", "kind"),
    [(made.docx, None), (made.word_doc, "xls"), (made.encrypted_xlsx, "xls")],
    ids=["docx", "word-doc", "encrypted-xlsx"],
)
def test_other_office_files_are_unreadable(make: Callable[[], bytes], kind: str | None) -> None:
    data = make()
    assert spreadsheet_kind(data) == kind
    error, _ = refused(data)
    assert [issue.kind for issue in error.issues] == ["unreadable"]


def test_an_ole2_file_with_a_zip_appended_is_archive_bad() -> None:
    error, _ = refused(made.word_doc() + made.xlsx_sales())
    assert [issue.kind for issue in error.issues] == ["archive_bad"]


# --- sheets calamine would lay out as huge grids --------------------------------------------------


def _far(reference: str, row: int) -> bytes:
    return xlsx_from_sheet_xml(sheet_xml({1: {"A1": "<v>1</v>"}, row: {reference: "<v>2</v>"}}))


@pytest.mark.parametrize(
    ("reference", "row", "kind"),
    [
        ("XFD1048576", 1_048_576, "too_many_columns"),  # 550 GB in calamine: abort
        ("Z1048576", 1_048_576, "too_many_rows"),  # 27 million cells
        ("A99999999", 99_999_999, "too_many_rows"),  # beyond any spreadsheet
        ("xfd5", 5, "too_many_columns"),  # calamine reads lower case letters too
        ("A00000002", 2, "too_many_rows"),  # leading zeros: not how any writer counts
    ],
)
def test_a_far_cell_is_refused_before_calamine_sees_it(reference: str, row: int, kind: str) -> None:
    # The test process surviving is the point: calamine would abort it on the allocation.
    data = _far(reference, row)
    error, cpu = refused(data)
    assert [issue.kind for issue in error.issues] == [kind]
    assert cpu < backstop(data)


def test_the_grid_limit_counts_rows_times_columns() -> None:
    cells = MAX_CELLS // 100  # 100 columns: at most this many rows
    error, _ = refused(_far(f"CV{cells + 1}", cells + 1))
    assert [(i.kind, i.count) for i in error.issues] == [("too_many_rows", MAX_CELLS // 100)]
    assert read_sheet(_far(f"CV{cells}", cells), **CAPS).rows.loc[cells].tolist()[-1] == 2.0


def test_a_far_cell_written_another_way_goes_to_the_child_process() -> None:
    # Another attribute before the reference: not the fast scan's form. The child process
    # aborts on calamine's allocation; this process does not.
    xml = (
        SHEET_START
        + (
            b'<row r="1"><c s="0" r="A1"><v>1</v></c></row>'
            b'<row r="1048576"><c s="0" r="XFD1048576"><v>2</v></c></row>'
        )
        + SHEET_END
    )
    error, _ = refused(xlsx_from_sheet_xml(xml))
    assert [issue.kind for issue in error.issues] == ["unreadable"]
    # The same form, near: read (in the child) like any other.
    near = xml.replace(b"1048576", b"3").replace(b"XFD", b"B")
    assert read_cells(read_sheet(xlsx_from_sheet_xml(near), **CAPS).rows) == {
        1: [1.0, None],
        3: [None, 2.0],
    }


def test_cells_out_of_order_are_all_scanned() -> None:
    # Rows written bottom to top, and many cells above the running maximum in one chunk.
    rows = {n: {f"A{n}": "<v>1</v>"} for n in range(2000, 0, -1)}
    rows[1000] = {"A1000": "<v>1</v>", "SZ1000": "<v>2</v>"}  # column 520
    error, _ = refused(xlsx_from_sheet_xml(sheet_xml(rows)))
    assert [issue.kind for issue in error.issues] == ["too_many_columns"]
    # Rows in order, the chunk ending on a small reference: many cells above the maximum.
    ascending_then_small = {n: {f"B{n}": "<v>1</v>"} for n in range(1, 5000)}
    ascending_then_small[4999] = {"B4999": "<v>1</v>", "B1": "<v>3</v>"}
    found = read_sheet(xlsx_from_sheet_xml(sheet_xml(ascending_then_small)), **CAPS)
    assert found.rows.index[-1] == 4999


def test_ragged_rows_are_not_mistaken_for_far_cells() -> None:
    # Every tenth row has a note in column AD (30), after the chunk's last, shorter row.
    rows = {n: {f"A{n}": "<v>1</v>", f"C{n}": "<v>2</v>"} for n in range(1, 3001)}
    for n in range(10, 3001, 10):
        rows[n][f"AD{n}"] = "<is><t>nota</t></is>"
    xml = sheet_xml(rows).replace(b'"><is>', b'" t="inlineStr"><is>')
    found = read_sheet(xlsx_from_sheet_xml(xml), **CAPS)
    assert found.rows.shape == (3000, 30)
    assert found.rows.loc[3000, 29] == "nota"


@pytest.mark.parametrize("shift", [-12, -7, -3, -1, 0, 1, 5])
def test_a_far_cell_across_a_chunk_boundary_is_found(shift: int) -> None:
    # Pad the sheet so that the far cell's tag straddles the 4 MB boundary of the inflater.
    head = SHEET_START + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    far = b'</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    boundary = 4 * MB
    padding = boundary + shift - len(head) - far.index(b'<c r="XFD')
    xml = head + b" " * padding + far + SHEET_END
    error, _ = refused(xlsx_from_sheet_xml(xml))
    assert [issue.kind for issue in error.issues] == ["too_many_columns"]


@pytest.mark.parametrize(("strings", "refused_as"), [(999, None), (1001, "too_many_rows")])
def test_shared_strings_count_towards_the_cell_limit(
    monkeypatch: pytest.MonkeyPatch, strings: int, refused_as: str | None
) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 1000)
    source = zipfile.ZipFile(io.BytesIO(made.xlsx_sales()))
    entries = {info.filename: source.read(info.filename) for info in source.infolist()}
    entries["xl/sharedStrings.xml"] = b"<sst>" + b"<si><t/></si>" * strings + b"</sst>"
    data = _zip(entries)
    if refused_as is None:
        assert read_sheet(data, **CAPS).name == "Vendite"
    else:
        error, _ = refused(data)
        assert [issue.kind for issue in error.issues] == [refused_as]


@pytest.mark.parametrize(
    "make",
    [lambda data: made.xls_far_cell(data), lambda data: made.xls_huge_dimensions(data)],
    ids=["far-cell", "huge-dimensions"],
)
def test_a_hostile_xls_only_fails_the_child_process(make: Callable[[bytes], bytes]) -> None:
    data = make(SALES_XLS.read_bytes())
    error, cpu = refused(data)
    assert [issue.kind for issue in error.issues] == ["unreadable"]
    assert cpu < backstop(data)


def test_an_ods_repeating_a_cell_a_hundred_million_times_only_fails_the_child() -> None:
    data = made.ods_repeated(10_000, 10_000)
    assert spreadsheet_kind(data) == "ods"
    error, cpu = refused(data)
    assert [issue.kind for issue in error.issues] == ["unreadable"]
    assert cpu < backstop(data)
    # Repetitions within reach are expanded: 3 rows × 4 columns of the same value.
    small = read_sheet(made.ods_repeated(3, 4), **CAPS)
    assert read_cells(small.rows) == {row: [1.0] * 4 for row in (1, 2, 3)}


def test_an_xls_cell_moved_within_reach_is_read_where_it_is() -> None:
    data = made.xls_far_cell(SALES_XLS.read_bytes(), row=300, column=200)
    found = read_sheet(data, **CAPS)
    assert found.rows.shape == (10, 202)
    assert found.rows.loc[301, 200] == dt.date(2024, 1, 11)
    assert found.rows.loc[301, 201] == -14.25
    assert found.rows.loc[8].tolist() == ["C0004", *[None] * 201]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["xlsx", "ods", "xls"]),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
)
def test_damaged_workbooks_are_read_or_refused_never_crash(
    kind: str, damage: list[tuple[float, int]]
) -> None:
    data = bytearray(WORKBOOKS[kind])
    for where, value in damage:
        data[int(where * len(data))] = value
    try:
        found = read_sheet(bytes(data), **CAPS)
    except SpreadsheetError as error:
        assert len(error.issues) == 1
    else:
        assert found.name in found.names


WORKBOOKS = {"xlsx": made.xlsx_sales(), "ods": made.ods_sales(), "xls": SALES_XLS.read_bytes()}


# --- properties ---------------------------------------------------------------------------------

_values = st.one_of(
    # openpyxl writes a text starting with "=" as a formula (with no cached value).
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
    ).filter(lambda text: not text.startswith("=")),
    st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 4)),
    st.booleans(),
    st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)),
)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(1, 40), st.integers(1, 8)), _values, min_size=1, max_size=30
    )
)
def test_any_grid_written_by_openpyxl_reads_back_cell_for_cell(grid: dict) -> None:
    workbook = openpyxl.Workbook()
    for (row, column), value in grid.items():
        workbook.active.cell(row, column, value)
    found = read_sheet(_saved(workbook), **CAPS)
    first_column = min(column for _, column in grid)
    last_column = max(column for _, column in grid)
    assert found.rows.index.tolist() == sorted({row for row, _ in grid})
    assert found.rows.shape[1] == last_column - first_column + 1
    for (row, column), value in grid.items():
        assert found.rows.loc[row, column - first_column] == value
    assert found.rows.notna().sum().sum() == len(grid)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 1_048_576),
    st.integers(1, 16_384),
    st.integers(1, 9_999_999),
    st.integers(1, 18_278),
)
def test_the_scan_pattern_finds_exactly_the_cells_beyond_the_maxima(
    max_row: int, max_column: int, row: int, column: int
) -> None:
    pattern = spreadsheets._outliers(max_row, max_column)
    letters = spreadsheets._column_letters(column)
    for tag in (f'<c r="{letters}{row}">', f'<c r="{letters.lower()}{row}" s="1">'):
        beyond = row > max_row or column > max_column
        assert (pattern.search(tag.encode()) is not None) == beyond, (tag, max_row, max_column)


def test_the_scan_pattern_ignores_other_tags() -> None:
    pattern = spreadsheets._outliers(10, 3)
    for tag in (b"<col min='1'/>", b"<cols>", b"<cfRule>", b'<c:chart r="Z99"/>'):
        assert pattern.search(tag) is None
    for tag in (b"<c>", b"<c/>", b'<c s="1" r="A1">', b'<c\nr="A1">'):
        assert pattern.search(tag) is not None  # not the canonical form: looked at


def test_a_random_grid_of_real_size_round_trips() -> None:
    rng = random.Random(3)
    rows = [
        [
            f"C{rng.randrange(999):04d}",
            dt.date(2024, 1, 1) + dt.timedelta(rng.randrange(300)),
            round(rng.uniform(-50, 500), 2),
        ]
        for _ in range(3000)
    ]
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADER))
    for row in rows:
        workbook.active.append(row)
    found = read_sheet(_saved(workbook), **CAPS)
    assert found.rows.loc[2:].to_numpy().tolist() == rows


# --- the cells a small file may ask for ---------------------------------------------------------


def test_a_small_file_may_not_ask_for_millions_of_cells() -> None:
    # 1 KB of .ods repeating a row of 8 cells a million times: the child lays out 8 million
    # cells, then refuses them; this process never makes one a Python object.
    error, _ = refused(made.ods_repeated(1_000_000, 8))
    per_mb = spreadsheets.MAX_CELLS_PER_MB
    assert [(i.kind, i.count) for i in error.issues] == [("too_many_rows", per_mb // 8)]
    # The same within reach is read; so is an .xls with a cell far from the others.
    assert read_sheet(made.ods_repeated(1000, 8), **CAPS).rows.shape == (1000, 8)
    far = made.xls_far_cell(SALES_XLS.read_bytes(), row=20_000, column=20)
    assert read_sheet(far, **CAPS).rows.loc[20_001, 20] == dt.date(2024, 1, 11)


def test_the_cells_allowed_grow_with_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_CELLS_PER_MB", 100)
    # A file under 1 MB counts as 1 MB: 100 cells.
    assert read_sheet(made.ods_repeated(25, 4), **CAPS).rows.shape == (25, 4)
    error, _ = refused(made.ods_repeated(26, 4))
    assert [(i.kind, i.count) for i in error.issues] == [("too_many_rows", 25)]
    # A file of 2 MB and more (a long text deflate cannot shrink): 200 cells. Its cells are
    # written with the style first, so that it is read in the child process too.
    noise = random.Random(4).randbytes(2 * MB).hex()

    def sheet(last: str) -> bytes:
        cells = [f'<c s="0" r="A1" t="inlineStr"><is><t>{noise}</t></is></c>']
        cells += [
            f'<c s="0" r="A{n}"><v>1</v></c><c s="0" r="B{n}"><v>2</v></c>' for n in range(2, 100)
        ]
        cells += [f'<c s="0" r="{last}100"><v>2</v></c>']
        rows = "".join(f'<row r="{n}">{row}</row>' for n, row in enumerate(cells, start=1))
        return xlsx_from_sheet_xml(SHEET_START + rows.encode() + SHEET_END)

    data = sheet("B")
    assert len(data) > 2 * MB
    assert read_sheet(data, **CAPS).rows.shape == (100, 2)
    error, _ = refused(sheet("C"))  # 300 cells
    assert [issue.kind for issue in error.issues] == ["too_many_rows"]
