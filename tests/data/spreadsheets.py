"""Workbooks for the spreadsheet tests, as bytes, deterministic; and the committed ``sales.xls``.

    /work/venv/bin/python tests/data/spreadsheets.py   # rewrites tests/data/sales.xls (needs xlwt)

A sales sheet as an Italian shop's software exports it (`sales_cells`): a title line, a blank
row, the header (``Codice cliente``, ``Data documento``, ``Importo``), typed rows (real date
cells, float amounts) with a blank row in the middle, and a total row holding a formula. A
second sheet, ``Note``, holds text; one variant puts an empty ``Copertina`` sheet first. The same
cells are written as ``.xlsx`` (openpyxl), ``.ods`` (odfpy) and ``.xls`` (xlwt, once: the file
is committed), so that every format is checked against what was written (`sales_cells`), not
against the reader.

Hostile files are built here too, in memory: a zip bomb streamed into the zip without writing
gigabytes (`xlsx_zip_bomb`), sheets from raw XML (`xlsx_from_sheet_xml`), a million empty
formatted rows, minimal OLE2 files (`ole2`: a Word document, an encrypted workbook) and
``.xls`` files patched to ask calamine for huge grids (`xls_far_cell`, `xls_huge_dimensions`).

For benchmarks/spreadsheets.py, big exports written to a path: as openpyxl streams them
(`xlsx_write_only`), as Excel writes them, with shared strings (`xlsx_shared_strings`), and as
LibreOffice writes an ``.ods`` (`ods_export`); the same seeded sales in each.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

SALES_XLS = Path(__file__).resolve().parent / "sales.xls"
TITLE = "Esportazione vendite - Ferramenta Rossi"
HEADER = ("Codice cliente", "Data documento", "Importo")
NOTES = ("Esportato dal gestionale", "Importi in euro, IVA inclusa")
FIRST_DATE = dt.date(2024, 1, 2)
HEADER_ROW = 3  # a title, a blank row, then the header
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
TOTAL_LABEL = "Totale"

Cells = dict[int, tuple[object, ...]]


def sales_rows(rows: int) -> list[tuple[str, dt.date, float]]:
    """`rows` sales: customer C0001..C0005 in turn, a date every 3 days, amounts in quarters.

    Amounts are multiples of 0.25 (exact in binary and in any decimal text), one refund.
    """
    sales = []
    for n in range(rows):
        amount = 10.5 + 1.25 * n
        if n == 3:
            amount = -amount  # a credit note
        sales.append((f"C{n % 5 + 1:04d}", FIRST_DATE + dt.timedelta(days=3 * n), amount))
    return sales


def sales_cells(rows: int = 6) -> Cells:
    """The Vendite sheet as written: sheet row number (1-based) → cell values, None = empty.

    Rows missing from the dict are empty. The data starts under the header; a blank row follows
    the second sale; the last row is ``Totale`` with the sum of the amounts (a formula).
    """
    cells: Cells = {1: (TITLE,), HEADER_ROW: HEADER}
    row = HEADER_ROW + 1
    for n, sale in enumerate(sales_rows(rows)):
        cells[row] = sale
        row += 1
        if n == 1:
            row += 1  # a blank row in the middle
    cells[row + 1] = (TOTAL_LABEL, None, sum(amount for _, _, amount in sales_rows(rows)))
    return cells


def total_row(cells: Cells) -> int:
    return max(cells)


def _amount_rows(cells: Cells) -> tuple[int, int]:
    data = [row for row, values in cells.items() if row > HEADER_ROW and len(values) == 3]
    return min(data), max(row for row in data if cells[row][0] != TOTAL_LABEL)


# --- xlsx (openpyxl) ----------------------------------------------------------------------


def xlsx_sales(
    rows: int = 6,
    *,
    first_sheet_empty: bool = False,
    cached_total: bool = False,
    hidden_first: bool = False,
) -> bytes:
    """The sales workbook as .xlsx written by openpyxl.

    openpyxl writes formulas without a cached value (as a program that never calculated it):
    the total cell reads as empty. With `cached_total`, the total is cached in the file as
    Excel does (``<f>SUM(...)</f><v>total</v>``). `hidden_first` adds a hidden sheet with data
    before the others; `first_sheet_empty` an empty visible one.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    workbook.remove(workbook.active)
    if hidden_first:
        hidden = workbook.create_sheet("Tabelle")
        hidden.append(["Codice", "Descrizione"])
        hidden.append(["C0001", "Cliente interno"])
        hidden.sheet_state = "hidden"
    if first_sheet_empty:
        cover = workbook.create_sheet("Copertina")
        cover["B2"].fill = PatternFill("solid", fgColor="DDEEFF")  # formatted, no value
    sheet = workbook.create_sheet("Vendite")
    cells = sales_cells(rows)
    first, last = _amount_rows(cells)
    for row, values in cells.items():
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            if row == total_row(cells) and column == 3:
                sheet.cell(row, column, f"=SUM(C{first}:C{last})")
            else:
                sheet.cell(row, column, value)
    sheet["A1"].font = Font(bold=True)
    sheet.column_dimensions["B"].width = 14
    notes = workbook.create_sheet("Note")
    for row, text in enumerate(NOTES, start=1):
        notes.cell(row, 1, text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if cached_total:
        total = cells[total_row(cells)][2]
        data = _replace_in_entry(
            data,
            _sheet_part(data, "Vendite"),
            b"<f>SUM(",
            lambda xml: xml.replace(b"</f><v />", f"</f><v>{total!r}</v>".encode(), 1),
        )
    return data


def _sheet_part(data: bytes, name: str) -> str:
    """The zip entry of sheet `name` in an openpyxl workbook (sheetN.xml, in order)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    names = [part.split('"')[0] for part in workbook.split('<sheet name="')[1:]]
    return f"xl/worksheets/sheet{names.index(name) + 1}.xml"


def _replace_in_entry(
    data: bytes, entry: str, must_contain: bytes, change: Callable[[bytes], bytes]
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == entry:
                assert must_contain in content, (entry, must_contain)
                content = change(content)
            target.writestr(info.filename, content)
    return output.getvalue()


def xlsx_write_only(path: Path, rows: int, seed: int = 6) -> None:
    """A big export for the benchmark: `rows` of customer code, date, float amount (openpyxl
    write-only mode, as a program streaming its export; a million rows take about 40 s)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Vendite")
    sheet.append(list(HEADER))
    for sale in _sales_stream(rows, seed):
        sheet.append(list(sale))
    workbook.save(path)


def _sales_stream(rows: int, seed: int) -> Iterator[tuple[str, dt.date, float]]:
    import random

    rng = random.Random(seed)
    for _ in range(rows):
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        yield f"C{rng.randrange(100_000):05d}", day, round(rng.gammavariate(2, 40), 2)


def xlsx_shared_strings(path: Path, rows: int, seed: int = 6) -> None:
    """A big export as Excel writes it (for the benchmark): texts in a shared strings table,
    dates as serial numbers with a date style, ``spans`` on every row; raw XML, seconds to write.
    """
    codes: dict[str, int] = {}
    epoch = dt.date(1899, 12, 30).toordinal()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.replace(
                "</Relationships>",
                '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            ),
        )
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START)
            header = "".join(
                f'<c r="{column}1" t="s"><v>{n}</v></c>' for n, column in enumerate("ABC")
            )
            sheet.write(f'<row r="1" spans="1:3">{header}</row>'.encode())
            for name in HEADER:
                codes[name] = len(codes)
            batch = []
            for row, (code, day, amount) in enumerate(_sales_stream(rows, seed), start=2):
                index = codes.setdefault(code, len(codes))
                batch.append(
                    f'<row r="{row}" spans="1:3"><c r="A{row}" t="s"><v>{index}</v></c>'
                    f'<c r="B{row}" s="1"><v>{day.toordinal() - epoch}</v></c>'
                    f'<c r="C{row}"><v>{amount!r}</v></c></row>'
                )
                if len(batch) == 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write("".join(batch).encode() + SHEET_END)
        strings = "".join(f"<si><t>{text}</t></si>" for text in codes)
        archive.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{3 * rows + 3}" uniqueCount="{len(codes)}">{strings}</sst>',
        )


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
    'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
    '"text/xml"/></manifest:manifest>'
)


def ods_export(path: Path, rows: int, seed: int = 6) -> None:
    """A big export as LibreOffice writes it (for the benchmark): every cell with its value
    and its text, the million empty rows after the data as one repeated row; raw XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        with archive.open("content.xml", "w") as content:
            content.write(
                b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
                b'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:'
                b'names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:'
                b'opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:'
                b'experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body>'
                b'<office:spreadsheet><table:table table:name="Vendite">'
                b'<table:table-column table:number-columns-repeated="3"/>'
            )
            texts = "".join(
                '<table:table-cell office:value-type="string" calcext:value-type="string">'
                f"<text:p>{name}</text:p></table:table-cell>"
                for name in HEADER
            )
            batch = [f'<table:table-row table:style-name="ro1">{texts}</table:table-row>']
            for code, day, amount in _sales_stream(rows, seed):
                batch.append(
                    '<table:table-row table:style-name="ro1"><table:table-cell office:value-type'
                    f'="string" calcext:value-type="string"><text:p>{code}</text:p>'
                    '</table:table-cell><table:table-cell table:style-name="ce1" office:'
                    f'value-type="date" office:date-value="{day.isoformat()}" calcext:value-'
                    f'type="date"><text:p>{day:%d/%m/%Y}</text:p></table:table-cell><table:'
                    f'table-cell office:value-type="float" office:value="{amount!r}" calcext:'
                    f'value-type="float"><text:p>{str(amount).replace(".", ",")}</text:p>'
                    "</table:table-cell></table:table-row>"
                )
                if len(batch) == 10_000:
                    content.write("".join(batch).encode())
                    batch = []
            batch.append(
                f'<table:table-row table:style-name="ro1" table:number-rows-repeated='
                f'"{1_048_576 - rows - 1}"><table:table-cell table:number-columns-repeated='
                '"1024"/></table:table-row>'
            )
            content.write(
                "".join(batch).encode()
                + b"</table:table></office:spreadsheet></office:body></office:document-content>"
            )


# --- ods (odfpy) --------------------------------------------------------------------------


def ods_sales(rows: int = 6, *, first_sheet_empty: bool = False) -> bytes:
    """The sales workbook as .ods written by odfpy; the total's formula has its value cached,
    as LibreOffice writes it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()

    def cell(value: object, formula: str | None = None) -> TableCell:
        if value is None:
            return TableCell()
        if isinstance(value, str):
            made = TableCell(valuetype="string")
        elif isinstance(value, dt.date):
            made = TableCell(valuetype="date", datevalue=value.isoformat())
        else:
            made = TableCell(valuetype="float", value=repr(value))
        if formula is not None:
            made.setAttribute("formula", formula)
        made.addElement(P(text=str(value)))
        return made

    if first_sheet_empty:
        cover = Table(name="Copertina")
        cover.addElement(TableColumn())
        cover.addElement(TableRow())
        document.spreadsheet.addElement(cover)
    table = Table(name="Vendite")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    cells = sales_cells(rows)
    first, last = _amount_rows(cells)
    for row in range(1, total_row(cells) + 1):
        line = TableRow()
        for column, value in enumerate(cells.get(row, ()), start=1):
            formula = None
            if row == total_row(cells) and column == 3:
                formula = f"of:=SUM([.C{first}:.C{last}])"
            line.addElement(cell(value, formula))
        table.addElement(line)
    document.spreadsheet.addElement(table)
    notes = Table(name="Note")
    for text in NOTES:
        line = TableRow()
        line.addElement(cell(text))
        notes.addElement(line)
    document.spreadsheet.addElement(notes)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


# --- xls (xlwt, once) -------------------------------------------------------------------------


def xls_sales(rows: int = 6) -> bytes:
    """The sales workbook as .xls written by xlwt (only where xlwt is installed: the committed
    tests/data/sales.xls is this with the default rows). xlwt caches no formula result."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Vendite")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    cells = sales_cells(rows)
    first, last = _amount_rows(cells)
    for row, values in cells.items():
        for column, value in enumerate(values):
            if value is None:
                continue
            if row == total_row(cells) and column == 2:
                sheet.write(row - 1, column, xlwt.Formula(f"SUM(C{first}:C{last})"))
            elif isinstance(value, dt.date):
                sheet.write(row - 1, column, value, date_style)
            else:
                sheet.write(row - 1, column, value)
    notes = workbook.add_sheet("Note")
    for row, text in enumerate(NOTES):
        notes.write(row, 0, text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_far_cell(data: bytes, row: int = 0xFFFF, column: int = 0xFFFD) -> bytes:
    """`data` (tests/data/sales.xls) with the refund's date and amount (sheet row 8, columns B
    and C) moved to row `row`, columns `column` and `column` + 1 (0-based).

    BIFF8 keeps a cell's row and column in 16 bits each, and calamine lays every sheet out as a
    grid when it opens the file: one far cell asks it for 65,536 × 65,536 cells (137 GB). xlwt
    writes the pair as one MULRK record (row, first column, 2 × (format, value), last column),
    found by its header and position and patched in place.
    """
    at = data.find(b"\xbd\x00\x12\x00" + struct.pack("<HH", 7, 1))
    if at < 0:
        raise ValueError("no MULRK record for B8:C8")
    patched = bytearray(data)
    struct.pack_into("<HH", patched, at + 4, row, column)
    struct.pack_into("<H", patched, at + 4 + 18 - 2, column + 1)
    return bytes(patched)


def xls_huge_dimensions(data: bytes) -> bytes:
    """`data` (an .xls) whose first sheet declares 4 billion rows × 256 columns in its
    DIMENSIONS record (calamine reserves room for that many cells before reading any)."""
    at = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes: rows u32 ×2, columns u16 ×2
    if at < 0:
        raise ValueError("no DIMENSIONS record")
    return data[: at + 4] + struct.pack("<IIHH", 0, 0xFFFFFFFF, 0, 0xFF) + data[at + 16 :]


# --- minimal packages and OLE2 files for hostile cases ------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Vendite" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)
# Style 1 has a fill and a date format: what "format the whole column" leaves on empty rows.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor '
    'rgb="FFFFFF00"/></patternFill></fill></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/><xf numFmtId="14" fontId="0" fillId="2" borderId="0" xfId="0" '
    'applyNumberFormat="1" applyFill="1"/></cellXfs></styleSheet>'
)
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def xlsx_from_sheet_xml(
    sheet: bytes | Iterable[bytes], *, compresslevel: int = 6, zip64: bool = False
) -> bytes:
    """A minimal .xlsx (one sheet, ``Vendite``) whose sheet XML is `sheet` (or its pieces,
    streamed into the zip: gigabytes of XML never sit in memory)."""
    pieces = [sheet] if isinstance(sheet, bytes) else sheet
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as entry:
            for piece in pieces:
                entry.write(piece)
    return output.getvalue()


def sheet_xml(rows: dict[int, dict[str, str]]) -> bytes:
    """Sheet XML from {row: {reference: inner XML of the cell}}, e.g. {1: {"A1": "<v>1</v>"}}."""
    parts = [SHEET_START]
    for row, cells in rows.items():
        parts.append(b'<row r="%d">' % row)
        for reference, inner in cells.items():
            parts.append(f'<c r="{reference}">{inner}</c>'.encode())
        parts.append(b"</row>")
    parts.append(SHEET_END)
    return b"".join(parts)


def xlsx_zip_bomb(expanded: int, *, chunk: int = 8 * 1024 * 1024) -> bytes:
    """A valid-looking .xlsx whose sheet XML is `expanded` bytes, mostly one run of spaces
    (deflate at level 9 packs it about 1,000 to 1). Streamed: nothing of that size in memory."""

    def pieces() -> Iterator[bytes]:
        yield SHEET_START + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Codice'
        left = expanded - 2 * len(SHEET_START)
        spaces = b" " * chunk
        while left > 0:
            yield spaces[: min(chunk, left)]
            left -= chunk
        yield b"</t></is></c></row>" + SHEET_END

    return xlsx_from_sheet_xml(pieces(), compresslevel=9, zip64=True)


def lie_about_sizes(data: bytes, entry: str, declared: int) -> bytes:
    """`data` with `entry`'s uncompressed size declared as `declared` (local header and central
    directory; a 32-bit entry), its CRC left as it was: a zip that lies about what it holds."""
    patched = bytearray(data)
    name = entry.encode()
    local = 0
    while True:
        local = data.index(b"PK\x03\x04", local)
        (length,) = struct.unpack_from("<H", data, local + 26)
        if data[local + 30 : local + 30 + length] == name:
            struct.pack_into("<I", patched, local + 22, declared)
            break
        local += 4
    central = data.index(b"PK\x01\x02")
    while True:
        central = data.index(b"PK\x01\x02", central)
        (length,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + length] == name:
            struct.pack_into("<I", patched, central + 24, declared)
            return bytes(patched)
        central += 4


def empty_formatted_rows(rows: int, *, as_cells: bool = False) -> Iterator[bytes]:
    """Sheet XML: a header, one sale, then `rows` empty rows carrying a fill and a number
    format (Excel's ``<row s="1" customFormat="1"/>``, or with `as_cells` three styled empty
    cells per row, as openpyxl writes formatted cells without values)."""
    yield SHEET_START + (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Codice cliente</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Importo</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>C0001</t></is></c><c r="B2"><v>3.5</v></c>'
        b"</row>"
    )
    batch = []
    for row in range(3, rows + 3):
        if as_cells:
            batch.append(
                b'<row r="%d"><c r="A%d" s="1"/><c r="B%d" s="1"/><c r="C%d" s="1"/></row>'
                % (row, row, row, row)
            )
        else:
            batch.append(b'<row r="%d" s="1" customFormat="1"/>' % row)
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + SHEET_END


def ods_repeated(rows: int, columns: int) -> bytes:
    """A tiny .ods whose one cell is repeated `columns` times in a row repeated `rows` times:
    calamine expands the repetitions (10,000 × 10,000 asks it for 100 million cells)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
        'xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table '
        f'table:name="Vendite"><table:table-row table:number-rows-repeated="{rows}"><table:'
        f'table-cell table:number-columns-repeated="{columns}" office:value-type="float" '
        'office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", content)
    return output.getvalue()


def docx() -> bytes:
    """A minimal Word .docx: a zip, but not a workbook."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.replace("xl/", "word/"))
        archive.writestr("_rels/.rels", _ROOT_RELS.replace("xl/workbook.xml", "word/document.xml"))
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Preventivo</w:t></w:r></w:p></w:body></w:document>",
        )
    return output.getvalue()


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding `streams`.

    Each stream is padded to 4,096 bytes at least, so that none lives in the mini stream.
    Enough for calamine (and file-type sniffers) to see a Word document (``WordDocument``)
    or an encrypted OOXML package (``EncryptionInfo`` + ``EncryptedPackage``).
    """
    sector = 512
    contents = [content.ljust(4096, b"\0") for content in streams.values()]
    counts = [-(-len(content) // sector) for content in contents]
    entries = 1 + len(streams)
    directory_sectors = -(-entries * 128 // sector)
    data_sectors = sum(counts)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + directory_sectors + data_sectors:
        fat_sectors += 1
    free, end_of_chain, fat_mark = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    fat = [fat_mark] * fat_sectors
    first_directory = len(fat)
    fat += [len(fat) + n + 1 for n in range(directory_sectors - 1)] + [end_of_chain]
    starts = []
    for count in counts:
        starts.append(len(fat))
        fat += [len(fat) + n + 1 for n in range(count - 1)] + [end_of_chain]
    fat += [free] * (fat_sectors * 128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)  # 1 = black
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + bytes(16 + 4 + 16)  # class id, state bits, times
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, end_of_chain, 0, 1 if streams else 0xFFFFFFFF, 0xFFFFFFFF)
    for n, (name, content) in enumerate(zip(streams, contents, strict=True)):
        right = n + 2 if n + 2 <= len(streams) else 0xFFFFFFFF
        directory += entry(name, 2, starts[n], len(content), 0xFFFFFFFF, right)
    directory = directory.ljust(directory_sectors * sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII", 0, fat_sectors, first_directory, 0, 4096, end_of_chain, 0, end_of_chain, 0
        )
        + struct.pack("<109I", *(list(range(fat_sectors)) + [free] * (109 - fat_sectors)))
    )
    body = (
        struct.pack(f"<{len(fat)}I", *fat)
        + directory
        + b"".join(
            content.ljust(count * sector, b"\0")
            for content, count in zip(contents, counts, strict=True)
        )
    )
    return header + body


def word_doc() -> bytes:
    """An OLE2 file as Word 97-2003 writes one (a WordDocument stream): same magic as .xls."""
    return ole2({"WordDocument": b"\xec\xa5\xc1\x00" + bytes(508), "1Table": bytes(512)})


def encrypted_xlsx() -> bytes:
    """What Excel saves for a password-protected .xlsx: an OLE2 file with the encrypted zip."""
    info = struct.pack("<HHI", 4, 4, 0x40) + "Microsoft Enhanced RSA and AES".encode("utf-16-le")
    return ole2({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 1234) + bytes(64)})


# --- the hostile workbooks of the benchmarks and the load test ----------------------------------


class HostileWorkbook(NamedTuple):
    """A file built to hurt a workbook reader: the name it is uploaded as, what it is, and how
    to build it (some take seconds: a gigabyte streamed through deflate)."""

    name: str
    description: str
    build: Callable[[], bytes]


def hostile_workbooks() -> tuple[HostileWorkbook, ...]:
    """Workbooks (and files posing as one) built to make a reader slow, big or crash: zip bombs,
    far cells, a million formatted empty rows, repetitions an .ods expands, patched .xls files,
    damaged and foreign files. Read by benchmarks/spreadsheets.py (CPU per MB, fresh process
    each), benchmarks/hostile_inputs.py (through `read_transactions`) and uploaded by the
    hostile session of benchmarks/load.py (devtools/plans.py)."""

    def far(reference: str) -> bytes:
        row = int("".join(filter(str.isdigit, reference)))
        return xlsx_from_sheet_xml(sheet_xml({1: {"A1": "<v>1</v>"}, row: {reference: "<v>2</v>"}}))

    def far_other_form() -> bytes:  # another attribute before the reference: not scanned
        return xlsx_from_sheet_xml(
            SHEET_START
            + b'<row r="1"><c s="0" r="A1"><v>1</v></c></row>'
            + b'<row r="1048576"><c s="0" r="XFD1048576"><v>2</v></c></row>'
            + SHEET_END
        )

    def tiny_cells() -> bytes:
        rows = (b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 1_048_577))
        return xlsx_from_sheet_xml([SHEET_START, b"".join(rows), SHEET_END], compresslevel=9)

    mb = 1024 * 1024
    sheet = "xl/worksheets/sheet1.xml"
    return (
        HostileWorkbook(
            "bomb.xlsx", "zip bomb: 1 GB of sheet XML", lambda: xlsx_zip_bomb(1024 * mb)
        ),
        HostileWorkbook(
            "bomb-liar.xlsx",
            "zip bomb declaring 4 KB for 200 MB",
            lambda: lie_about_sizes(xlsx_zip_bomb(200 * mb), sheet, 4096),
        ),
        HostileWorkbook(
            "formatted-rows.xlsx",
            "a million empty formatted rows",
            lambda: xlsx_from_sheet_xml(empty_formatted_rows(1_000_000)),
        ),
        HostileWorkbook(
            "formatted-cells.xlsx",
            "a million rows of 3 formatted empty cells",
            lambda: xlsx_from_sheet_xml(empty_formatted_rows(1_000_000, as_cells=True)),
        ),
        HostileWorkbook("tiny-cells.xlsx", "1,048,576 rows of one tiny cell", tiny_cells),
        HostileWorkbook("far-cell.xlsx", "cells in A1 and XFD1048576", lambda: far("XFD1048576")),
        HostileWorkbook("far-cell-z.xlsx", "cells in A1 and Z1048576", lambda: far("Z1048576")),
        HostileWorkbook("far-cell-g.xlsx", "cells in A1 and G1048576", lambda: far("G1048576")),
        HostileWorkbook(
            "far-cell-other.xlsx", "A1 and XFD1048576, another form (child)", far_other_form
        ),
        HostileWorkbook(
            "repeated-cells.ods",
            "a cell repeated 10,000 × 10,000 (child)",
            lambda: ods_repeated(10_000, 10_000),
        ),
        HostileWorkbook(
            "repeated-rows.ods",
            "8 cells repeated in 1,000,000 rows (child)",
            lambda: ods_repeated(1_000_000, 8),
        ),
        HostileWorkbook(
            "far-cell.xls",
            "cell at row 65536, column 65534 (child)",
            lambda: xls_far_cell(SALES_XLS.read_bytes()),
        ),
        HostileWorkbook(
            "huge.xls",
            "declaring 4 billion rows (child)",
            lambda: xls_huge_dimensions(SALES_XLS.read_bytes()),
        ),
        HostileWorkbook("truncated.xlsx", "corrupt zip (truncated)", lambda: xlsx_sales()[:-100]),
        HostileWorkbook("word.xlsx", "a Word .docx renamed .xlsx", docx),
        HostileWorkbook("word.xls", "a Word .doc renamed .xls (OLE2)", word_doc),
        HostileWorkbook("encrypted.xlsx", "password-protected .xlsx (OLE2)", encrypted_xlsx),
    )


if __name__ == "__main__":
    try:
        import xlwt  # noqa: F401  (only to write the committed fixture, never a requirement)
    except ImportError:
        raise SystemExit("xlwt is missing: pip install xlwt==1.3.0, then run this again") from None
    SALES_XLS.write_bytes(xls_sales())
    print(f"wrote {SALES_XLS} ({SALES_XLS.stat().st_size:,} bytes)")
