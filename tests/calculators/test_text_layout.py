"""Tests for calculators.text_layout: columns separated by runs of spaces, or at fixed widths.

Every expectation is what the test file wrote (`tests.data.text_exports`, or the table a
hypothesis example writes), never a second run of the code under test.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.text_layout import (
    LINE_END,
    Layout,
    detect_layout,
    looks_like_header,
    read_spaces,
    split_fixed,
)
from tests.data.text_exports import Export, cdnow_export, fixed_width_export


def rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """A frame's rows as tuples of text ("" where blank)."""
    return [tuple("" if pd.isna(cell) else cell for cell in row) for row in frame.to_numpy()]


def read(text: str) -> pd.DataFrame:
    """The text read with the layout its first lines show."""
    layout = detect_layout(text)
    assert layout is not None
    if layout.kind == "spaces":
        return read_spaces(text.encode("utf-8"))
    return split_fixed(text, layout.colspecs)


# --- the CDNOW-like export: runs of spaces, no header ------------------------------------------


def test_space_aligned_export_is_read_as_written() -> None:
    export = cdnow_export(blank_line_after=5)
    assert detect_layout(export.text) == Layout("spaces")
    frame = read_spaces(export.data)
    assert rows(frame) == list(export.cells)
    assert frame.index.tolist() == list(export.lines)  # line 6 is the blank one after row 5
    assert 6 not in frame.index and frame.index[5] == 7
    assert all(dtype is np.dtype(object) for dtype in frame.dtypes)


def test_space_aligned_export_has_no_header() -> None:
    export = cdnow_export()
    first, *below = export.cells
    assert not looks_like_header(list(first), [list(row) for row in below])


def test_the_issue_sample_lines() -> None:
    text = "00001 19970101  1   11.77\n00002 19970112  1   12.00\n"
    assert detect_layout(text) == Layout("spaces")
    assert rows(read_spaces(text.encode())) == [
        ("00001", "19970101", "1", "11.77"),
        ("00002", "19970112", "1", "12.00"),
    ]


def test_read_spaces_counts_line_ends_as_the_parser_does() -> None:
    data = b"  a 1\r\nb 2\r\rc 3\nd 4"
    frame = read_spaces(data)
    assert rows(frame) == [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")]
    assert frame.index.tolist() == [1, 2, 4, 5]


def test_read_spaces_keeps_quoted_values_whole_and_fills_short_lines() -> None:
    frame = read_spaces(b'1 "Mario Rossi" 12.50\n2 Bianchi\n')
    assert rows(frame) == [("1", "Mario Rossi", "12.50"), ("2", "Bianchi", "")]
    assert pd.isna(frame.iloc[1, 2])


def test_read_spaces_refuses_a_line_with_more_fields_than_the_first() -> None:
    with pytest.raises(pd.errors.ParserError, match="Expected 2 fields in line 3, saw 3"):
        read_spaces(b"a 1\nb 2\nc 3 x\n")


def test_read_spaces_uses_the_c_parser_without_falling_back() -> None:
    # engine="c" is passed explicitly: pandas raises rather than fall back to Python, and it
    # warns (ParserWarning) when it changes engine itself. Neither happens.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_spaces(cdnow_export().data)


def test_read_spaces_of_nothing_is_empty() -> None:
    assert read_spaces(b"").shape == (0, 0)
    assert read_spaces(b"\n  \n").shape == (0, 0)


def test_spaces_keep_text_as_text() -> None:
    frame = read_spaces(b"00017 NA 1e5 null\n00018 nan inf TRUE\n")
    assert rows(frame) == [("00017", "NA", "1e5", "null"), ("00018", "nan", "inf", "TRUE")]


# --- fixed widths: a header, names with spaces, Italian amounts --------------------------------


@pytest.mark.parametrize("thousands", [" ", "'", "."])
def test_fixed_width_export_is_read_as_written(thousands: str) -> None:
    export = fixed_width_export(thousands=thousands)
    layout = detect_layout(export.text)
    assert layout is not None and layout.kind == "fixed"
    frame = split_fixed(export.text, layout.colspecs)
    assert rows(frame.iloc[:1]) == [export.header]
    assert rows(frame.iloc[1:]) == list(export.cells)
    assert frame.index.tolist() == [1, *export.lines]
    header, *below = rows(frame)
    assert looks_like_header(list(header), [list(row) for row in below])


def test_the_issue_sample_with_a_header() -> None:
    text = (
        "Codice    Cliente              Data        Importo\n"
        "C001      Mario Rossi          01/02/2024   1.234,50\n"
        "C002      Bianchi Srl          15/03/2024     250,00\n"
    )
    layout = detect_layout(text)
    assert layout is not None and layout.kind == "fixed"
    assert rows(split_fixed(text, layout.colspecs)) == [
        ("Codice", "Cliente", "Data", "Importo"),
        ("C001", "Mario Rossi", "01/02/2024", "1.234,50"),
        ("C002", "Bianchi Srl", "15/03/2024", "250,00"),
    ]


def test_names_with_the_same_count_of_words_are_not_split() -> None:
    # Every line has 4 fields on blanks, but the names are aligned values with a space.
    text = (
        "C1   Mario Rossi    1.234,50\n"
        "C22  Luca Bianchi     250,00\n"
        "C3   Ada Verdi           7,00\n"
    )
    assert rows(read(text)) == [
        ("C1", "Mario Rossi", "1.234,50"),
        ("C22", "Luca Bianchi", "250,00"),
        ("C3", "Ada Verdi", "7,00"),
    ]


def test_a_thousands_space_in_the_same_place_on_every_line_does_not_split_amounts() -> None:
    text = "Rossi     1 234,50\nBianchi   2 500,00\nVerdi    19 999,99\n"
    assert rows(read(text)) == [
        ("Rossi", "1 234,50"),
        ("Bianchi", "2 500,00"),
        ("Verdi", "19 999,99"),
    ]


def test_right_aligned_numbers_of_every_width_are_one_column() -> None:
    text = "A        1,00\nB      100,00\nC   100000,00\nD    12345,67\n"
    layout = detect_layout(text)
    assert layout is not None
    assert rows(read(text)) == [
        ("A", "1,00"),
        ("B", "100,00"),
        ("C", "100000,00"),
        ("D", "12345,67"),
    ]


def test_values_longer_further_down_stay_whole() -> None:
    # The layout comes from the first lines; later a longer name grows right into the gap and
    # a larger amount grows left into it.
    head = (
        "C1   Ada Rossi         12,50\nC2   Bo Verdi         250,00\nC3   Al Neri            1,00\n"
    )
    later = "C4   Anna Rossini  12.345,00\n"
    assert len(later) == len(head.splitlines()[0]) + 1  # the amount ends where the others do
    layout = detect_layout(head)
    assert layout is not None and layout.kind == "fixed"
    assert rows(split_fixed(head + later, layout.colspecs))[-1] == (
        "C4",
        "Anna Rossini",
        "12.345,00",
    )


def test_the_last_column_reaches_the_end_of_every_line() -> None:
    layout = detect_layout("C1  Ada Rossi  5\nC22 Bo        12\n")
    assert layout is not None and layout.kind == "fixed"
    assert layout.colspecs[0][0] == 0 and layout.colspecs[-1][1] == LINE_END
    starts = [start for start, _ in layout.colspecs[1:]]
    ends = [end for _, end in layout.colspecs[:-1]]
    assert starts == ends  # contiguous


def test_a_last_line_shorter_than_all_others_is_left_out_of_the_layout() -> None:
    body = (
        "C1   Ada Rossi       12,50\n"
        "C2   Bo Verdi       250,00\n"
        "C3   Al Neri          1,00\n"
        "C4   Ida Bruni        0,50\n"
    )
    assert detect_layout(body + "Totale fatture 264\n") == detect_layout(body)


def test_split_fixed_reads_line_ends_and_non_ascii_text() -> None:
    text = "Niccolò  1\r\nBo       22\r\rÀda      3"
    frame = split_fixed(text, [(0, 9), (9, LINE_END)])
    assert rows(frame) == [("Niccolò", "1"), ("Bo", "22"), ("Àda", "3")]
    assert frame.index.tolist() == [1, 2, 4]
    ascii_frame = split_fixed(text.replace("ò", "o").replace("À", "A"), [(0, 9), (9, LINE_END)])
    assert rows(ascii_frame) == [("Niccolo", "1"), ("Bo", "22"), ("Ada", "3")]


def test_split_fixed_gives_blank_cells_as_missing_text() -> None:
    frame = split_fixed("A   1\nB\n   2\n", [(0, 3), (3, LINE_END)])
    assert rows(frame) == [("A", "1"), ("B", ""), ("", "2")]
    assert frame.isna().to_numpy().tolist() == [[False, False], [False, True], [True, False]]
    assert all(dtype is np.dtype(object) for dtype in frame.dtypes)


def test_split_fixed_of_nothing_is_empty() -> None:
    assert split_fixed("", [(0, 3), (3, LINE_END)]).shape == (0, 2)
    assert split_fixed("\n  \n", [(0, 3), (3, LINE_END)]).shape == (0, 2)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n \n",
        "just one column\nof text, written\nas prose would be\n",
        "Rossi\nBianchi\nVerdi\n",
    ],
)
def test_no_layout_for_a_single_column(text: str) -> None:
    assert detect_layout(text) is None


# --- the header -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "below", "expected"),
    [
        (["Cliente", "Data", "Importo"], [["Rossi", "31/01/2024", "12,50"]], True),
        (["date", "id"], [["2024-01-05", "7"], ["2024-03-01", "7"]], True),
        (["A1", "2024-01-05", "10"], [["B2", "2024-01-06", "12"]], False),
        (["00001", "19970101", "1", "11.77"], [["00002", "19970112", "1", "12.00"]], False),
        # Only text: nothing says the first line is data.
        (["Rossi", "Roma"], [["Bianchi", "Milano"]], True),
        # A typo in the first data line does not make it a header by itself.
        (["C1", "3l/01/2024", "12,50", "4"], [["C2", "01/02/2024", "1,00", "5"]], False),
        # A header with one numeric name over numbers, one word over dates: a header.
        (["Cliente", "Data", "2024"], [["Rossi", "01/02/2024", "12,50"]], True),
        # No line below: a header unless the line holds values.
        (["Cliente", "Data"], [], True),
        (["A1", "2024-01-05"], [], False),
        # Blank cells and ragged rows.
        (["", "Data", "Importo"], [["Rossi", "01/02/2024"], ["Bianchi", "02/02/2024", "3"]], True),
    ],
)
def test_looks_like_header(first: list[str], below: list[list[str]], expected: bool) -> None:
    assert looks_like_header(first, below) is expected


# --- properties -------------------------------------------------------------------------------

WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzàèòABCDEFG"), min_size=1, max_size=8)
CODE = st.integers(0, 99_999).map(lambda n: f"{n:05d}")
NUMBER = st.integers(0, 10**7).map(lambda cents: f"{cents // 100}.{cents % 100:02d}")
DATE = st.dates().map(lambda day: f"{day:%Y%m%d}")


@st.composite
def ragged_tables(draw: st.DrawFn) -> tuple[str, list[tuple[str, ...]]]:
    """Fields without spaces separated by runs of 1-4 blanks, not aligned: codes, dates and
    numbers, with words in no two neighbouring columns (see `detect_layout`)."""
    kinds = draw(
        st.lists(st.sampled_from(["code", "date", "number", "word"]), min_size=2, max_size=6)
    )
    assume(all(not (a == b == "word") for a, b in itertools.pairwise(kinds)))
    strategies = {"code": CODE, "date": DATE, "number": NUMBER, "word": WORD}
    table = draw(
        st.lists(st.tuples(*(strategies[kind] for kind in kinds)), min_size=1, max_size=12)
    )
    lines = []
    for row in table:
        lead = " " * draw(st.integers(0, 2))
        gaps = [" " * draw(st.integers(1, 4)) for _ in row[1:]]
        line = lead + row[0] + "".join(gap + cell for gap, cell in zip(gaps, row[1:], strict=True))
        lines.append(line)
    return "\n".join(lines) + "\n", table


@settings(deadline=None, max_examples=100)
@given(ragged_tables())
def test_any_ragged_table_is_read_back(table: tuple[str, list[tuple[str, ...]]]) -> None:
    text, written = table
    assert rows(read(text)) == written


NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def aligned_tables(draw: st.DrawFn) -> tuple[str, list[tuple[str, ...]]]:
    """Columns padded to their widest value and 2+ blanks apart: names (words with single
    spaces) left-aligned, codes left-aligned, numbers right-aligned; at least one column of
    codes or numbers, as any table of sales has (see `detect_layout`)."""
    kinds = draw(st.lists(st.sampled_from(["code", "name", "number"]), min_size=2, max_size=5))
    assume(set(kinds) != {"name"})
    strategies = {"code": CODE, "name": NAME, "number": NUMBER}
    table = draw(
        st.lists(st.tuples(*(strategies[kind] for kind in kinds)), min_size=2, max_size=12)
    )
    widths = [max(len(row[column]) for row in table) for column in range(len(kinds))]
    gaps = [" " * draw(st.integers(2, 4)) for _ in kinds[1:]]
    lines = []
    for row in table:
        cells = [
            cell.rjust(width) if kind == "number" else cell.ljust(width)
            for cell, kind, width in zip(row, kinds, widths, strict=True)
        ]
        line = cells[0] + "".join(gap + cell for gap, cell in zip(gaps, cells[1:], strict=True))
        lines.append(line.rstrip())
    # A last line shorter than 3+ others may be a total (`detect_layout` leaves it out when
    # it runs over a gap): these tables have none.
    assume(len(lines) <= 3 or len(lines[-1]) >= min(len(line) for line in lines[:-1]))
    # A name column whose inner blanks fall at one place in every line is, as written, two
    # columns: leave those out (the test is about values with spaces at varying places).
    start = 0
    for column, (kind, width) in enumerate(zip(kinds, widths, strict=True)):
        if column:
            start += len(gaps[column - 1])
        if kind == "name":
            for position in range(start, start + width):
                assume(not all(len(line) <= position or line[position] == " " for line in lines))
        start += width
    return "\n".join(lines) + "\n", table


@settings(deadline=None, max_examples=100)
@given(aligned_tables())
def test_any_aligned_table_is_read_back(table: tuple[str, list[tuple[str, ...]]]) -> None:
    text, written = table
    assert rows(read(text)) == written


def test_exports_are_bytes_with_what_they_hold() -> None:
    for export in (cdnow_export(), fixed_width_export()):
        assert isinstance(export, Export) and isinstance(export.data, bytes)
        assert len(export.cells) == len(export.lines) == len(export.sales)
