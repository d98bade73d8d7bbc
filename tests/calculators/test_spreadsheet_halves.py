"""A big xlsx sheet is parsed in two halves on two threads (calamine releases the GIL); the
result must be exactly the sheet read whole, whatever the cells, and the halves are given up
(the sheet read whole) whenever they would not join.

`SPLIT_MIN_BYTES` is lowered here so that small generated sheets take the halves' path; the
reference is the same file read with halving off (calamine reading the whole sheet at once)
and, for typed values, what openpyxl wrote.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import spreadsheets
from calculators.spreadsheets import read_sheet
from tests.data.spreadsheets import sheet_xml, xlsx_from_sheet_xml

CAPS = {"max_rows": 2_000_000, "max_columns": 500}
NEVER = 10**15


def read(data: bytes, split: bool, monkeypatch: pytest.MonkeyPatch, **options: object) -> object:
    monkeypatch.setattr(spreadsheets, "SPLIT_MIN_BYTES", 1 if split else NEVER)
    return read_sheet(data, **options, **CAPS)  # type: ignore[arg-type]


def both(data: bytes, monkeypatch: pytest.MonkeyPatch, **options: object) -> pd.DataFrame:
    """The sheet read in halves, checked equal (name, names, cells) to the sheet read whole."""
    halves = read(data, True, monkeypatch, **options)
    whole = read(data, False, monkeypatch, **options)
    assert (halves.name, halves.names) == (whole.name, whole.names)  # type: ignore[attr-defined]
    pd.testing.assert_frame_equal(halves.rows, whole.rows)  # type: ignore[attr-defined]
    return halves.rows  # type: ignore[attr-defined, no-any-return]


def halves_of(data: bytes, monkeypatch: pytest.MonkeyPatch) -> spreadsheets._Halves | None:
    monkeypatch.setattr(spreadsheets, "SPLIT_MIN_BYTES", 1)
    return spreadsheets._halves(data, spreadsheets._check_zip(data))


def sheet_rows(part: bytes, name: str) -> list[int]:
    """The row numbers (1-based) holding a value in sheet `name` of a workbook, per openpyxl."""
    sheet = openpyxl.load_workbook(io.BytesIO(part), read_only=True)[name]
    return [row[0].row for row in sheet.iter_rows() if any(c.value is not None for c in row)]


def workbook(sheets: dict[str, dict[tuple[int, int], object]]) -> bytes:
    """An xlsx written by openpyxl: {sheet: {(row, column): value}} (1-based)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, cells in sheets.items():
        sheet = book.create_sheet(name)
        for (row, column), value in sorted(cells.items()):
            sheet.cell(row=row, column=column, value=value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


values = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 2)),
    st.text("abcàè €'\"<>&", min_size=1, max_size=8).filter(lambda text: text.strip() != ""),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.booleans(),
)
cells = st.dictionaries(st.tuples(st.integers(1, 80), st.integers(1, 7)), values, max_size=120)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sales=cells, notes=cells, notes_first=st.booleans())
def test_any_sheet_reads_the_same_in_halves_as_whole(
    sales: dict[tuple[int, int], object],
    notes: dict[tuple[int, int], object],
    notes_first: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheets = {"Note": notes, "Vendite": sales} if notes_first else {"Vendite": sales, "Note": notes}
    data = workbook({name: found for name, found in sheets.items()} | {"Vuoto": {}})
    if not sales and not notes:
        return  # no data: refused alike, checked elsewhere
    halves = halves_of(data, monkeypatch)
    assert halves is not None  # the biggest sheet is cut, and its halves join:
    assert spreadsheets._read_halves(halves, halves.name, **CAPS)[0] == "sheet"
    try:
        both(data, monkeypatch)
    except spreadsheets.SpreadsheetError:
        with pytest.raises(spreadsheets.SpreadsheetError):
            read(data, False, monkeypatch)
    for name in ("Vendite", "Note"):
        if sheets[name]:
            rows = both(data, monkeypatch, sheet=name)
            expected = sorted({row for row, _ in sheets[name]})
            assert list(rows.index) == expected  # openpyxl wrote these rows, in this order


def test_the_cut_falls_between_rows_and_each_half_holds_its_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 400 rows of a customer, a date and an amount: the cut is the first </row> past the middle
    # of the sheet's XML, so each half holds whole rows, in order, and together all of them.
    rows = {
        n: (f"C{n:04d}", dt.date(2024, 1, 1) + dt.timedelta(days=n), n * 1.5) for n in range(1, 401)
    }
    data = workbook(
        {"Vendite": {(r, c + 1): v for r, row in rows.items() for c, v in enumerate(row)}}
    )
    halves = halves_of(data, monkeypatch)
    assert halves is not None and halves.name == "Vendite"
    first, second = sheet_rows(halves.first, "Vendite"), sheet_rows(halves.second, "Vendite")
    assert first + second == list(range(1, 401))
    assert 150 <= len(first) <= 250  # near the middle of the XML, whose rows are alike
    frame = both(data, monkeypatch)
    assert list(frame.loc[400]) == ["C0400", dt.date(2025, 2, 4), 600.0]
    assert len(frame) == 400


def test_rows_out_of_order_across_the_cut_are_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rows 101-200 first, then 1-100: the second half's rows come before the first's, so the
    # halves cannot be laid end to end and the sheet is read whole, to the same cells.
    order = [*range(101, 201), *range(1, 101)]
    xml = sheet_xml({r: {f"A{r}": f"<v>{r}</v>", f"B{r}": "<v>1</v>"} for r in order})
    data = xlsx_from_sheet_xml(xml)
    assert halves_of(data, monkeypatch) is not None  # cut, then given up when joining
    frame = both(data, monkeypatch)
    assert list(frame.index) == list(range(1, 201))
    assert frame[0].tolist() == [float(r) for r in range(1, 201)]


def test_halves_with_different_columns_and_a_gap_at_the_cut_join(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # First rows in columns C..D, later rows in A..F, 50 blank rows between them: the joined
    # sheet starts at column A and keeps the blank rows' numbering.
    top = {r: {f"C{r}": f"<v>{r}</v>", f"D{r}": "<v>2</v>"} for r in range(5, 105)}
    bottom = {r: {f"A{r}": "<v>7</v>", f"F{r}": f"<v>{r}</v>"} for r in range(155, 255)}
    data = xlsx_from_sheet_xml(sheet_xml(top | bottom))
    frame = both(data, monkeypatch)
    assert list(frame.index) == [*range(5, 105), *range(155, 255)]
    assert list(frame.loc[5]) == [None, None, 5.0, 2.0, None, None]
    assert list(frame.loc[254]) == [7.0, None, None, None, None, 254.0]


def test_a_sheet_with_cdata_is_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = {r: {f"A{r}": f"<v>{r}</v>"} for r in range(1, 50)}
    rows[60] = {"A60": "<is><t><![CDATA[</row>]]></t></is>"}
    data = xlsx_from_sheet_xml(
        sheet_xml(rows).replace(b'<c r="A60">', b'<c r="A60" t="inlineStr">')
    )
    assert halves_of(data, monkeypatch) is None
    both(data, monkeypatch)


def test_a_workbook_whose_sheet_part_is_unnamed_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The workbook's relationships do not name the big part: no guess, the sheet is read whole.
    data = xlsx_from_sheet_xml(sheet_xml({r: {f"A{r}": "<v>1</v>"} for r in range(1, 100)}))
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"worksheets/sheet1.xml", b"worksheets/other.xml")
            target.writestr(info.filename, content)
    assert halves_of(output.getvalue(), monkeypatch) is None


def test_small_sheets_are_not_cut() -> None:
    data = xlsx_from_sheet_xml(sheet_xml({r: {f"A{r}": "<v>1</v>"} for r in range(1, 100)}))
    assert spreadsheets._halves(data, spreadsheets._check_zip(data)) is None
