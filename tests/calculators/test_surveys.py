"""Tests for calculators.surveys: the example survey's gaps by hand, both layouts, Italian files,
every kind of unusable file, and NPS answer files."""

import math

import pytest

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
        ("tangibles_expected".encode("utf-16"), "file_binary"),
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
