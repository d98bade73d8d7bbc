"""Tests for calculators.surveys: the example survey's gaps by hand, both layouts, Italian files,
workbooks and every text the file reader knows, the lines bad cells are named by, every kind of
unusable file, and NPS answer files."""

import io
import math
import statistics
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import surveys, tables
from calculators.servqual import DIMENSIONS, SERVQUAL_ITEMS
from calculators.surveys import (
    MAX_SURVEY_BYTES,
    SurveyError,
    dimension_columns,
    example_survey_csv,
    item_columns,
    read_nps_scores,
    read_survey,
    survey_gaps,
)
from tests.data import spreadsheets as made

WEIGHTS = [1, 3, 2.5, 2, 1.5]
HEADER = ",".join(dimension_columns())


def _issues(data):
    with pytest.raises(SurveyError) as caught:
        read_survey(data)
    return caught.value.issues


def _row(values):
    return ",".join(str(v) for v in values)


def test_the_example_survey_gives_hand_checked_gaps():
    result = survey_gaps(read_survey(example_survey_csv()), WEIGHTS)
    table = result.table
    assert result.respondents == 6 and result.layout == "dimensions"
    # Responsiveness: expected 6, 6, 7, 6, 6, 7 (mean 38/6); perceived 4, 4, 5, 5, 4, 5
    # (27/6); gaps -2, -2, -2, -1, -2, -2 -> mean -11/6.
    assert table.loc["responsiveness", "gap"] == pytest.approx(-11 / 6)
    assert table.loc["responsiveness", "expected"] == pytest.approx(38 / 6)
    assert table.loc["responsiveness", "perceived"] == pytest.approx(27 / 6)
    assert table.loc["responsiveness", "n"] == 6
    assert table.loc["reliability", "gap"] == pytest.approx(-8 / 6)
    assert result.largest == "responsiveness"
    assert result.overall is not None and result.overall.n == 6
    low, high = table.loc["responsiveness", ["low", "high"]]
    assert low < -11 / 6 < high


def test_item_columns_are_averaged_per_dimension_as_in_servqual():
    expected = {item: 7 for item in range(1, 23)}
    perceived = {}
    for value, dimension in enumerate(DIMENSIONS, start=1):
        for item in SERVQUAL_ITEMS[dimension]:
            perceived[item] = value  # tangibles 1, reliability 2, ... empathy 5
    perceived[1] = 3  # tangibles items: 3, 1, 1, 1 -> mean 1.5
    header = item_columns()
    row = [expected[int(c[1:])] if c[0] == "E" else perceived[int(c[1:])] for c in header]
    survey = read_survey(f"id,{','.join(header).lower()}\n17,{_row(row)}\n")
    assert survey.layout == "items"
    assert survey.perceived.iloc[0].tolist() == [1.5, 2, 3, 4, 5]
    assert survey.gaps.iloc[0].tolist() == [-5.5, -5, -4, -3, -2]


def test_semicolons_decimal_commas_blank_cells_and_windows_text_are_read():
    header = ";".join(dimension_columns()).upper() + ";città"
    text = f"{header}\n5,5;4;6;6;6;;6;6;6;6;Milano\n5;5;5;5;5;5;5;5;5;5;Bari\n\n"
    survey = read_survey(text.encode("cp1252"))
    assert survey.respondents == 2
    assert survey.expected.loc[0, "tangibles"] == 5.5
    assert math.isnan(survey.gaps.loc[0, "responsiveness"])
    gaps = survey_gaps(survey, WEIGHTS)
    assert gaps.table.loc["responsiveness", "n"] == 1
    assert gaps.overall is not None and gaps.overall.n == 1


def test_missing_columns_are_listed():
    (issue,) = _issues("tangibles_expected,tangibles_perceived,name\n5,4,x\n")
    assert issue.kind == "missing_columns"
    assert issue.columns == tuple(dimension_columns()[2:])
    (issue,) = _issues(",".join(item_columns()[:-2]) + "\n")
    assert issue.columns == ("P21", "P22")
    (issue,) = _issues("a,b\n1,2\n")
    assert issue.columns == tuple(dimension_columns())


def test_out_of_range_and_text_scores_are_listed_with_their_rows():
    good = [5] * 10
    rows = [good, [5, "abc", *good[2:]], [*good[:9], 8], [*good[:4], 0, *good[5:]], good]
    text = HEADER + "\n" + "\n".join(_row(r) for r in rows) + "\n"
    not_a_number, out_of_range = _issues(text)
    assert not_a_number.kind == "not_a_number"
    assert not_a_number.cells == (("tangibles_perceived", 3, "abc"),)
    assert out_of_range.kind == "out_of_range"
    assert out_of_range.cells == (
        ("empathy_perceived", 4, "8"),
        ("responsiveness_expected", 5, "0"),
    )
    assert out_of_range.count == 2


def test_only_the_first_few_bad_cells_are_listed_with_the_total():
    text = HEADER + "\n" + "\n".join(_row([9] * 10) for _ in range(3)) + "\n"
    (issue,) = _issues(text)
    assert issue.count == 30
    assert len(issue.cells) == 5


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "file_empty"),
        (b"  \n\n", "file_empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file_binary"),
        ("tangibles_expected".encode("utf-16-le"), "file_binary"),  # no BOM: NUL bytes
        (HEADER.encode(), "no_rows"),
        ((HEADER + "\n" + _row([5] * 12) + "\n").encode(), "file_syntax"),
        ((HEADER + '\n"5,5,5\n').encode(), "file_syntax"),
        ((HEADER + "\n" + _row([5] * 8 + ["", ""]) + "\n").encode(), "no_answers"),
        (b"x" * (MAX_SURVEY_BYTES + 1), "file_size"),
    ],
)
def test_unusable_files_get_one_clear_issue(data, kind):
    (issue,) = _issues(data)
    assert issue.kind == kind


def test_a_ragged_row_is_reported_with_its_line():
    text = HEADER + "\n" + _row([5] * 10) + "\n" + _row([5] * 11) + "\n"
    (issue,) = _issues(text)
    assert issue.line == 3


def test_a_dimension_nobody_answered_is_named():
    (issue,) = _issues(HEADER + "\n" + _row([5] * 8 + ["", ""]) + "\n")
    assert issue.columns == ("empathy",)


def test_nps_answers_from_a_named_or_single_column():
    assert read_nps_scores("name,NPS\na,10\nb,\nc,6\n").tolist() == [10, 6]
    assert read_nps_scores("score\n3\n9\n").tolist() == [3, 9]


def test_bad_nps_files_are_reported():
    with pytest.raises(SurveyError) as caught:
        read_nps_scores("nps\n1\n11\n7.5\nx\n")
    kinds = [(i.kind, i.cells) for i in caught.value.issues]
    assert kinds == [
        ("not_a_number", (("nps", 5, "x"),)),
        ("nps_out_of_range", (("nps", 3, "11"), ("nps", 4, "7.5"))),
    ]
    for data, kind in [
        ("a,b\n1,2\n", "missing_columns"),
        ("", "file_empty"),
        ("nps\n\n", "no_rows"),
        ("nps\n,\n", "no_rows"),
    ]:
        with pytest.raises(SurveyError) as caught:
            read_nps_scores(data)
        assert caught.value.issues[0].kind == kind


def test_the_error_lists_every_issue_in_its_message() -> None:
    with pytest.raises(
        SurveyError, match=r"^unusable survey file: not_a_number; nps_out_of_range$"
    ):
        read_nps_scores("nps\n11\nx\n")


# --- every file the reader knows --------------------------------------------------------------

MB = 1024 * 1024
# Three respondents as a spreadsheet holds them: whole and half scores typed as numbers, a
# blank cell (responsiveness perceived) and a score typed as text (empathy perceived).
SHEET_ANSWERS = [
    [5, 4, 7, 5, 6, 4, 6, 6, 5, 5],
    [5.5, 6, 6, 6, 6, None, 6, 5, 6, 4],
    [6, 5, 7, 5, 7, 5, 6, 6, 5, "5"],
]


def _xlsx(rows: dict[int, list[object]]) -> bytes:
    """A workbook of one sheet, as openpyxl writes it: sheet row number → cells (None empty)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Risposte"
    for number, cells in rows.items():
        for column, value in enumerate(cells, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods(rows: dict[int, list[object]]) -> bytes:
    """The same as an .ods, as odfpy writes it (numbers typed as floats, empty rows kept)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Risposte")
    for number in range(1, max(rows) + 1):
        line = TableRow()
        for value in rows.get(number, []):
            if value is None:
                line.addElement(TableCell())
                continue
            if isinstance(value, str):
                cell = TableCell(valuetype="string")
            else:
                cell = TableCell(valuetype="float", value=repr(value))
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _written_means(answers: list[list[object]]) -> dict[tuple[str, str], float]:
    """Each dimension's mean expected and perceived score over the cells written, by hand."""
    means = {}
    for position, column in enumerate(dimension_columns()):
        dimension, kind = column.rsplit("_", 1)
        values = [float(str(row[position])) for row in answers if row[position] is not None]
        means[dimension, kind] = statistics.mean(values)
    return means


def _assert_means(survey: surveys.SurveyResponses, answers: list[list[object]]) -> None:
    for (dimension, kind), mean in _written_means(answers).items():
        frame = survey.expected if kind == "expected" else survey.perceived
        assert frame[dimension].mean() == pytest.approx(mean), (dimension, kind)


@pytest.mark.parametrize("write", [_xlsx, _ods], ids=["xlsx", "ods"])
def test_a_survey_workbook_is_read_with_its_typed_cells(write):
    # A title above the header, a blank row, an empty row between respondents, a text column.
    rows: dict[int, list[object]] = {
        1: ["Sondaggio clienti 2024"],
        3: [*dimension_columns(), "negozio"],
    }
    for number, answers in zip((4, 5, 7), SHEET_ANSWERS, strict=True):
        rows[number] = [*answers, "Forlì"]
    survey = read_survey(write(rows))
    assert survey.layout == "dimensions" and survey.respondents == 3
    _assert_means(survey, SHEET_ANSWERS)
    assert survey.expected["tangibles"].tolist() == [5.0, 5.5, 6.0]
    assert math.isnan(survey.perceived.loc[1, "responsiveness"])


@pytest.mark.parametrize("write", [_xlsx, _ods], ids=["xlsx", "ods"])
def test_bad_cells_of_a_workbook_are_named_by_their_sheet_row(write):
    good: list[object] = [5] * 10
    rows = {
        1: ["Sondaggio clienti 2024"],
        3: list(dimension_columns()),
        4: good,
        6: [5, "n/a", *good[2:]],
        8: [*good[:9], 9],
    }
    not_a_number, out_of_range = _issues(write(rows))
    assert not_a_number.cells == (("tangibles_perceived", 6, "n/a"),)
    assert out_of_range.cells == (("empathy_perceived", 8, "9"),)


@pytest.mark.parametrize("end", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_bad_cells_of_a_text_file_are_named_by_their_line(end):
    good = ";".join(["5"] * 10)
    lines = [
        "",  # 1: a blank line before the header
        ";".join(dimension_columns()) + ";nota",  # 2
        good + ";ok",  # 3
        "",  # 4
        good + ';"prima riga',  # 5: a note over two lines
        'seconda riga"',  # 6
        ";" * 14,  # 7: a row of blank cells, wider than the header
        "5;x;" + ";".join(["5"] * 8),  # 8: a short row, with text in a score
        "0;" + ";".join(["5"] * 9) + ";",  # 9
    ]
    not_a_number, out_of_range = _issues(end.join(lines) + end)
    assert not_a_number.cells == (("tangibles_perceived", 8, "x"),)
    assert out_of_range.cells == (("tangibles_expected", 9, "0"),)


def test_a_ragged_row_after_blank_and_quoted_lines_is_named_by_its_line():
    text = f'\n{HEADER},note\n{_row([5] * 10)},"a\nb"\n\n{_row([5] * 12)}\n'
    (issue,) = _issues(text)
    assert (issue.kind, issue.line) == ("file_syntax", 6)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig", "latin-1"])
def test_text_in_every_encoding_spreadsheets_write_is_read(encoding):
    # As Excel saves "Unicode text" (UTF-16 with a BOM, tabs) or an Italian CSV (cp1252).
    header = "\t".join(dimension_columns()) + "\tcittà"
    rows = [["5,5", 4, 6, 6, 6, 5, 6, 6, 6, 6], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]]
    text = "\r\n".join([header, *("\t".join(map(str, r)) + "\tForlì" for r in rows)]) + "\r\n"
    survey = read_survey(text.encode(encoding))
    assert survey.respondents == 2
    _assert_means(survey, [[float(str(v).replace(",", ".")) for v in r] for r in rows])


def test_an_excel_sep_line_and_pipes_are_read():
    answers = [[5, 4, 7, 5, 6, 4, 6, 6, 5, 5], [6, 5, 7, 5, 7, 5, 6, 6, 5, 4]]
    for separator, first in [(";", "sep=;\n"), ("|", "")]:
        lines = [separator.join(dimension_columns())]
        lines += [separator.join(map(str, row)) for row in answers]
        _assert_means(read_survey(first + "\n".join(lines) + "\n"), answers)
    # The sep= line is the file's line 1: the header is line 2.
    (issue,) = _issues("sep=;\n" + ";".join(dimension_columns()) + "\n5;x;5;5;5;5;5;5;5;5\n")
    assert issue.cells == (("tangibles_perceived", 3, "x"),)


def test_tabs_with_decimal_commas_short_rows_and_wide_blank_rows():
    header = "\t".join(dimension_columns())
    text = f"{header}\n" + "\t".join(["4,5"] + ["5"] * 9) + "\n" + "\t" * 14 + "\n"
    text += "\t".join(["6"] * 8) + "\n"  # no empathy scores: missing answers
    survey = read_survey(text)
    assert survey.respondents == 2
    assert survey.expected["tangibles"].tolist() == [4.5, 6.0]
    assert math.isnan(survey.perceived.loc[1, "empathy"])


def test_nps_answers_from_a_workbook_column():
    named = {1: ["cliente", "NPS"], 2: ["a", 10], 3: ["b", 9.0], 4: ["c", None], 5: ["d", 6]}
    named[6] = ["e", "7"]
    assert read_nps_scores(_xlsx(named)).tolist() == [10, 9, 6, 7]
    assert read_nps_scores(_xlsx({1: [9], 2: [10], 4: [7]})).tolist() == [9, 10, 7]
    assert read_nps_scores(_ods({1: ["nps"], 2: [0], 3: [10.0]})).tolist() == [0, 10]
    with pytest.raises(SurveyError) as caught:
        read_nps_scores(_xlsx({1: ["nps"], 2: [10], 4: [11], 5: [7.5]}))
    (issue,) = caught.value.issues
    assert issue.cells == (("nps", 4, "11"), ("nps", 5, "7.5"))


def test_a_column_of_numbers_without_a_header_is_every_answer():
    assert read_nps_scores("9\n10\n7\n").tolist() == [9, 10, 7]
    assert read_nps_scores(b"\xef\xbb\xbfnps\r\n9\r\n\r\n3\r\n").tolist() == [9, 3]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (made.encrypted_xlsx, "workbook_damaged"),
        (made.docx, "file_binary"),
        (lambda: made.xlsx_zip_bomb(64 * MB), "workbook_too_large"),
    ],
    ids=["password", "a Word document", "zip bomb"],
)
def test_unusable_workbooks_get_one_clear_issue(make, kind):
    for read in (read_survey, read_nps_scores):
        with pytest.raises(SurveyError) as caught:
            read(make())
        assert [issue.kind for issue in caught.value.issues] == [kind]


def test_every_issue_of_the_file_reader_has_a_survey_kind():
    mapping = surveys._TABLE_ISSUES
    assert set(mapping) == set(get_args(tables.TableIssueKind))
    assert set(mapping.values()) <= set(get_args(surveys.SurveyIssueKind))


# --- any text: read or refused, and named by its own lines -------------------------------------

TEXT_PIECES = '5x;,\t\r\n 1"'


def _file_lines(data: str) -> list[str]:
    """The file's lines as a text editor shows them (\\r\\n, \\r and \\n end one each)."""
    lines = data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TEXT_PIECES, max_size=40))
def test_any_text_is_read_or_refused_naming_lines_the_file_has(text):
    data = "nps;note\n" + text
    try:
        read_nps_scores(data)
    except SurveyError as error:
        count = len(_file_lines(data))
        for issue in error.issues:
            assert issue.line is None or 1 <= issue.line <= count
            assert all(2 <= row <= count for _, row, _ in issue.cells)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TEXT_PIECES.replace('"', ""), max_size=40))
def test_without_quotes_a_bad_cell_is_on_the_line_named(text):
    data = "nps;note\n" + text
    try:
        read_nps_scores(data)
    except SurveyError as error:
        lines = _file_lines(data)
        for issue in error.issues:
            for _, row, value in issue.cells:
                if issue.kind == "not_a_number":
                    assert value in lines[row - 1]
