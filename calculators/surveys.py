"""Survey files: customers' expectation and perception scores, and their 0-10 NPS answers.

A survey file has one row per respondent with expectation and perception scores (1-7) per
SERVQUAL dimension or per SERVQUAL item (`read_survey`); its gaps are means over respondents
with 95 % t-intervals (`survey_gaps`, conventions of `calculators.servqual`). An NPS file is one
column of 0-10 answers (`read_nps_scores`, scored by `calculators.nps`). Whatever makes a file
unusable raises `SurveyError`, listing every `SurveyIssue` found; pages translate each kind.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast

import numpy as np
import pandas as pd

from calculators._validate import check_range
from calculators.intervals import CONFIDENCE, MeanInterval, mean_interval
from calculators.issues import MAX_LISTED, InputError
from calculators.servqual import (
    DIMENSIONS,
    SCALE,
    SERVQUAL_ITEMS,
    largest_positive,
    normalised_weights,
)

__all__ = [
    "MAX_SURVEY_BYTES",
    "MAX_SURVEY_COLUMNS",
    "SurveyError",
    "SurveyGaps",
    "SurveyIssue",
    "SurveyIssueKind",
    "SurveyLayout",
    "SurveyResponses",
    "dimension_columns",
    "example_survey_csv",
    "item_columns",
    "read_nps_scores",
    "read_survey",
    "survey_gaps",
]

# A survey of tens of thousands of respondents is far below this; more is not a survey.
MAX_SURVEY_BYTES = 5 * 1024 * 1024
# Columns read at most: the 44 SERVQUAL items and a few more. pandas spends about 0.2 ms of CPU
# per column of a file whatever its length, and no upload may take more than 0.2 s of CPU per
# MB, whatever its shape (issue #17): a file of a million columns is refused before parsing.
MAX_SURVEY_COLUMNS = 500
_TEXT = re.compile(r"\S")
_NPS_COLUMN = "nps"
_SCORE_KINDS = ("expected", "perceived")
_ITEM_PREFIXES = {"expected": "e", "perceived": "p"}
_DELIMITERS = (",", ";", "\t")
# A survey with a score per dimension, or the 22 SERVQUAL items.
SurveyLayout = Literal["dimensions", "items"]


SurveyIssueKind = Literal[
    "file_size",
    "file_empty",
    "file_binary",
    "file_encoding",
    "file_syntax",
    "too_many_columns",
    "missing_columns",
    "no_rows",
    "no_answers",
    "not_a_number",
    "out_of_range",
    "nps_out_of_range",
]


@dataclass(frozen=True)
class SurveyIssue:
    """One problem of a survey file; pages translate `kind`.

    kind: ``file_size`` (above `MAX_SURVEY_BYTES`), ``file_empty``, ``file_binary`` (not text),
    ``file_encoding`` (neither UTF-8 nor Windows-1252), ``file_syntax`` (rows with a different
    number of fields, or a quote never closed; `line` says where), ``too_many_columns`` (more
    than `MAX_SURVEY_COLUMNS`; `count` = that limit), ``missing_columns`` (`columns` lists them),
    ``no_rows`` (a header and no answers), ``no_answers`` (a dimension nobody answered, in
    `columns`), ``not_a_number`` (text in a score), ``out_of_range`` (scores outside 1-7),
    ``nps_out_of_range`` (NPS answers that are not whole numbers from 0 to 10). For bad cells,
    `cells` holds the first few as (column, row, value), the row being the file's line (the
    header is row 1, as in a spreadsheet), and `count` how many there are in all.
    """

    kind: SurveyIssueKind
    columns: tuple[str, ...] = ()
    cells: tuple[tuple[str, int, str], ...] = ()
    count: int = 0
    line: int | None = None

    @property
    def subject(self) -> str:
        """The columns (or the line) the issue is about; empty for the whole file."""
        if self.columns:
            return ", ".join(self.columns)
        return f"line {self.line}" if self.line is not None else ""


class SurveyError(InputError[SurveyIssue]):
    """Every problem found in a survey file; `issues` lists them."""

    summary = "unusable survey file"


def dimension_columns() -> list[str]:
    """The columns of a survey with one score per dimension: ``tangibles_expected``, ...

    >>> dimension_columns()[:3]
    ['tangibles_expected', 'tangibles_perceived', 'reliability_expected']
    """
    return [f"{d}_{kind}" for d in DIMENSIONS for kind in _SCORE_KINDS]


def item_columns() -> list[str]:
    """The columns of a survey with the 22 SERVQUAL items: ``E1``..``E22``, ``P1``..``P22``.

    >>> item_columns()[0], item_columns()[21], item_columns()[22]
    ('E1', 'E22', 'P1')
    """
    items = [item for d in DIMENSIONS for item in SERVQUAL_ITEMS[d]]
    return [f"{_ITEM_PREFIXES[kind].upper()}{item}" for kind in _SCORE_KINDS for item in items]


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_SURVEY_BYTES:
        raise SurveyError([SurveyIssue("file_size", count=len(data))])
    if not data.strip():
        raise SurveyError([SurveyIssue("file_empty")])
    if b"\x00" in data:
        raise SurveyError([SurveyIssue("file_binary")])
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV in cp1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SurveyError([SurveyIssue("file_encoding")])


def _delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon (Italian Excel) or tab."""
    first = _TEXT.search(text)
    header = "" if first is None else text[first.start() : _line_end(text, first.start())]
    counts = {sep: header.count(sep) for sep in _DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


@cache
def _blank_rows(sep: str) -> re.Pattern[str]:
    """Lines of only spaces and delimiters: a spreadsheet's empty rows."""
    return re.compile(rf"\n[ \t\f\v\xa0{re.escape(sep)}]+(?=\n|\Z)")


def _segments(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Where the CSV records of `text` end: for each stretch of text between two line breaks
    outside quotes (an empty line is one too), the line (from 1) it ends on, and whether it
    holds any text (empty ones are not records).

    The line breaks outside quotes are those after an even number of quotes: exact for quoting
    as spreadsheets write it. Vectorised over the UTF-8 bytes (both characters are ASCII).
    """
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    breaks = np.flatnonzero(data == ord("\n"))
    if '"' in text:
        outside = np.searchsorted(np.flatnonzero(data == ord('"')), breaks) % 2 == 0
        lines = np.flatnonzero(outside) + 1
        ends = breaks[outside]
    else:
        lines = np.arange(1, len(breaks) + 1)
        ends = breaks
    starts = np.concatenate(([0], ends[:-1] + 1))
    filled = ends > starts
    if len(data) > (ends[-1] + 1 if len(ends) else 0):  # text after the last line break
        lines = np.append(lines, len(breaks) + 1)
        filled = np.append(filled, True)
    return lines, filled


def _syntax_error(error: pd.errors.ParserError, text: str, skipped: int) -> SurveyError:
    """pandas' "Expected 3 fields in line 7" or "EOF inside string starting at row 4" as the
    issue naming the file's line. pandas counts records and empty lines, from 1 for "line" and
    from 0 for "row" (where a quote opened: its first line is named)."""
    found = re.search(r"line (\d+)|row (\d+)", str(error))
    line = None
    if found is not None:
        lines, _ = _segments(text)
        if found.group(1) is not None:
            line = skipped + int(lines[min(int(found.group(1)), len(lines)) - 1])
        else:
            row = min(int(found.group(2)), len(lines))
            line = skipped + (int(lines[row - 1]) if row else 0) + 1
    return SurveyError([SurveyIssue("file_syntax", line=line)])


def _read_table(data: bytes | str) -> tuple[pd.DataFrame, str]:
    """The file as a table of strings indexed by line number; column names stripped and
    lower-cased; its delimiter. Short rows are padded with blanks (missing answers); rows of
    blank cells are left out.

    Read by pandas' C parser, in time linear in the size of the file whatever its shape (about
    40 ms per MB); more than `MAX_SURVEY_COLUMNS` columns are refused before parsing.
    """
    # One kind of line end: as the csv module counts lines, "\r\n", "\r" and "\n" end one each.
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    sep = _delimiter(text)
    # Rows of blanks are emptied (keeping their line ends, so lines keep their numbers): a row of
    # empty cells longer than the header is not a broken row.
    text = _blank_rows(sep).sub("\n", "\n" + text)[1:]
    first = _TEXT.search(text)
    if first is None:
        raise SurveyError([SurveyIssue("file_empty")])
    start = text.rfind("\n", 0, first.start()) + 1
    skipped = text.count("\n", 0, start)
    if text.count(sep, start, _line_end(text, start)) >= MAX_SURVEY_COLUMNS:
        raise SurveyError([SurveyIssue("too_many_columns", count=MAX_SURVEY_COLUMNS)])
    body = text[start:]
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            sep=sep,
            header=None,
            dtype=object,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
        )
    except pd.errors.ParserError as error:
        raise _syntax_error(error, body, skipped) from None
    except pd.errors.EmptyDataError:
        raise SurveyError([SurveyIssue("file_empty")]) from None
    cells = frame.to_numpy(dtype=object)
    segment_lines, segment_filled = _segments(body)
    lines = skipped + segment_lines[segment_filled][: len(cells)]
    if len(lines) < len(cells):  # a quote inside a cell threw the count off: number on
        last = int(lines[-1]) if len(lines) else skipped
        lines = np.append(lines, last + np.arange(1, len(cells) - len(lines) + 1))
    filled = np.zeros(len(cells), dtype=bool)
    for column in range(cells.shape[1]):
        filled |= cells[:, column] != ""  # a row of quoted empty cells is blank too
    filled[0] = False
    header = [str(cell).strip().lower() for cell in cells[0]]
    table = pd.DataFrame(
        cells[filled], columns=header, index=pd.Index(lines[filled], name="line"), dtype=object
    )
    return table.loc[:, ~table.columns.duplicated()], sep


def _numbers(
    table: pd.DataFrame, columns: Sequence[str], sep: str
) -> tuple[pd.DataFrame, list[tuple[str, int, str]], int]:
    """Columns as floats (blank = NaN) and the cells that are not numbers (first few, count).

    Each distinct text is read once (a survey's cells take few values), so the time is linear
    in the number of cells with a small constant.
    """
    parsed = {}
    bad_cells: list[tuple[str, int, str]] = []
    bad_count = 0
    for column in columns:
        codes, uniques = pd.factorize(table[column].to_numpy(dtype=object))
        raw = pd.Series(uniques, dtype=object).astype(str).str.strip()
        blank = raw == ""
        text = raw.str.replace(",", ".", regex=False) if sep != "," else raw
        number = pd.to_numeric(text.where(~blank), errors="coerce").astype(float).to_numpy()
        bad_text = (~blank).to_numpy() & np.isnan(number)
        bad = bad_text[codes] if len(codes) else np.zeros(0, dtype=bool)
        if bad.any():
            bad_count += int(bad.sum())
            for row in np.flatnonzero(bad)[:MAX_LISTED]:
                bad_cells.append((column, int(table.index[row]), str(raw.iloc[codes[row]])))
        parsed[column] = number[codes] if len(codes) else np.zeros(0)
    bad_cells.sort(key=lambda cell: (cell[1], columns.index(cell[0])))
    return pd.DataFrame(parsed, index=table.index), bad_cells[:MAX_LISTED], bad_count


def _cells_outside(
    values: pd.DataFrame, inside: pd.DataFrame, columns: Sequence[str]
) -> tuple[list[tuple[str, int, str]], int]:
    outside = values.notna() & ~inside
    cells = [
        (column, int(index), f"{cast(float, values.at[index, column]):g}")
        for index in outside.index[outside.any(axis=1)][:MAX_LISTED]
        for column in columns
        if outside.at[index, column]
    ]
    return cells[:MAX_LISTED], int(outside.to_numpy().sum())


@dataclass(frozen=True)
class SurveyResponses:
    """Answers of a survey file, one row per respondent and one column per dimension.

    Attributes
    ----------
    layout : {"dimensions", "items"}
        ``"dimensions"`` (a score per dimension) or ``"items"`` (the 22 SERVQUAL items,
        averaged per dimension for each respondent).
    expected, perceived : pandas.DataFrame
        Scores 1-7 (NaN where a respondent did not answer), columns `DIMENSIONS`.
    """

    layout: SurveyLayout
    expected: pd.DataFrame
    perceived: pd.DataFrame

    @property
    def respondents(self) -> int:
        """Rows in the file (respondents, whether or not they answered everything)."""
        return len(self.expected)

    @property
    def gaps(self) -> pd.DataFrame:
        """Perceived - expected per respondent and dimension (the SERVQUAL score)."""
        return self.perceived - self.expected


def read_survey(data: bytes | str) -> SurveyResponses:
    """Read a CSV of survey answers: one row per respondent, scores on the 1-7 scale.

    Two layouts are accepted (column names in any case; other columns are ignored):

    - one score per dimension: ``tangibles_expected``, ``tangibles_perceived``, ... for the
      five dimensions (`dimension_columns`);
    - the 22 SERVQUAL items: ``E1``..``E22`` (expectations) and ``P1``..``P22``
      (perceptions), items 1-4 tangibles, 5-9 reliability, 10-13 responsiveness, 14-17
      assurance, 18-22 empathy (Parasuraman et al. 1988); a respondent's dimension score is
      the mean of the items they answered.

    Comma-, semicolon- or tab-separated; with semicolons or tabs a decimal comma is read
    (``5,5``). A blank cell is a missing answer.

    Raises
    ------
    SurveyError
        Listing every problem: too large, empty, binary, not text, rows with a different
        number of fields, missing columns, no rows, text or scores outside 1-7 (the first few
        bad cells with their rows), a dimension nobody answered.

    Examples
    --------
    >>> survey = read_survey(example_survey_csv())
    >>> survey.layout, survey.respondents
    ('dimensions', 6)
    >>> try:
    ...     read_survey("tangibles_expected,tangibles_perceived\\n5,4\\n")
    ... except SurveyError as error:
    ...     print(error.issues[0].kind, error.issues[0].columns[:2])
    missing_columns ('reliability_expected', 'reliability_perceived')
    """
    table, sep = _read_table(data)
    present = set(table.columns)
    by_dimension = [c.lower() for c in dimension_columns()]
    by_item = [c.lower() for c in item_columns()]
    layout: SurveyLayout
    if present & set(by_dimension) or not present & set(by_item):
        layout, required = "dimensions", by_dimension
    else:
        layout, required = "items", by_item
    missing = [c for c in required if c not in present]
    if missing:
        shown = dimension_columns() if layout == "dimensions" else item_columns()
        raise SurveyError(
            [
                SurveyIssue(
                    "missing_columns", columns=tuple(shown[required.index(c)] for c in missing)
                )
            ]
        )
    if table.empty:
        raise SurveyError([SurveyIssue("no_rows")])

    values, text_cells, text_count = _numbers(table, required, sep)
    issues = []
    if text_count:
        issues.append(SurveyIssue("not_a_number", cells=tuple(text_cells), count=text_count))
    low, high = SCALE
    inside = (values >= low) & (values <= high)
    outside_cells, outside_count = _cells_outside(values, inside, required)
    if outside_count:
        issues.append(SurveyIssue("out_of_range", cells=tuple(outside_cells), count=outside_count))
    if issues:
        raise SurveyError(issues)

    scores = {}
    for kind in _SCORE_KINDS:
        if layout == "dimensions":
            frame = {d: values[f"{d}_{kind}"] for d in DIMENSIONS}
        else:
            prefix = _ITEM_PREFIXES[kind]
            frame = {
                d: values[[f"{prefix}{i}" for i in SERVQUAL_ITEMS[d]]].mean(axis=1)
                for d in DIMENSIONS
            }
        scores[kind] = pd.DataFrame(frame).reset_index(drop=True)
    responses = SurveyResponses(layout, scores["expected"], scores["perceived"])
    unanswered = [d for d in DIMENSIONS if responses.gaps[d].notna().sum() == 0]
    if unanswered:
        raise SurveyError([SurveyIssue("no_answers", columns=tuple(unanswered))])
    return responses


@dataclass(frozen=True)
class SurveyGaps:
    """Mean answers and gaps of a survey, per dimension and overall.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per dimension: ``n`` (respondents who gave both scores), ``expected``,
        ``perceived`` (means), ``gap`` (mean of perceived - expected), ``low``, ``high`` (its
        95 % t-interval; NaN with a single respondent).
    overall : MeanInterval or None
        The weighted gap ``sum_d w_d x gap_d`` of each respondent who answered every dimension
        (weights normalised), averaged with its t-interval; None if nobody answered them all.
    respondents : int
        Rows in the file.
    layout : {"dimensions", "items"}
        As in `SurveyResponses`.
    largest : str or None
        The dimension with the largest weighted shortfall (weight x -gap), None when customers
        perceive at least what they expect everywhere.
    """

    table: pd.DataFrame
    overall: MeanInterval | None
    respondents: int
    layout: SurveyLayout
    largest: str | None = None


def survey_gaps(
    responses: SurveyResponses, weights: Sequence[float], confidence: float = CONFIDENCE
) -> SurveyGaps:
    """Mean gap (perceived - expected) per dimension with its t-interval, and weighted overall.

    gap_d = mean over respondents of (perceived_d - expected_d), interval
    gap_d -/+ t_{(1 + confidence)/2, n - 1} * s_d / sqrt(n); overall = the same for each
    respondent's ``sum_d w_d * gap_d`` with normalised weights (equal if all are 0).

    Examples
    --------
    >>> result = survey_gaps(read_survey(example_survey_csv()), [1, 3, 2.5, 2, 1.5])
    >>> round(float(result.table.loc["responsiveness", "gap"]), 2), result.largest
    (-1.83, 'responsiveness')
    """
    if len(weights) != len(DIMENSIONS):
        raise ValueError(
            f"weights must have one weight per dimension ({len(DIMENSIONS)}), got {len(weights)}"
        )
    raw = [
        check_range(f"weights[{d}]", w, 0, None) for d, w in zip(DIMENSIONS, weights, strict=True)
    ]
    normalised = np.full(len(raw), 1 / len(raw)) if math.fsum(raw) == 0 else normalised_weights(raw)
    gaps = responses.gaps
    rows = {}
    for dimension in DIMENSIONS:
        answered = gaps[dimension].notna()
        interval = mean_interval(gaps[dimension].to_numpy(), confidence)
        rows[dimension] = {
            "n": interval.n,
            "expected": float(responses.expected.loc[answered, dimension].mean()),
            "perceived": float(responses.perceived.loc[answered, dimension].mean()),
            "gap": interval.mean,
            "low": interval.low,
            "high": interval.high,
        }
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("dimension")
    table["n"] = table["n"].astype(int)
    complete = gaps.dropna()
    overall = mean_interval(complete.to_numpy() @ normalised, confidence) if len(complete) else None
    shortfall = -table["gap"] * normalised
    return SurveyGaps(
        table=table,
        overall=overall,
        respondents=responses.respondents,
        layout=responses.layout,
        largest=largest_positive(shortfall),
    )


def read_nps_scores(data: bytes | str) -> np.ndarray:
    """The 0-10 answers of an uploaded column: the column named ``nps`` or a file's only column.

    Blank cells (no answer) are skipped; with semicolons or tabs a decimal comma is read.

    Raises
    ------
    SurveyError
        File problems as in `read_survey`; ``missing_columns`` (``nps``) when the file has
        several columns and none is called nps; ``no_rows`` without any answer;
        ``not_a_number`` / ``nps_out_of_range`` listing the first few bad cells.

    Examples
    --------
    >>> read_nps_scores("nps\\n10\\n9\\n\\n6\\n").tolist()
    [10, 9, 6]
    """
    table, sep = _read_table(data)
    if _NPS_COLUMN in table.columns:
        column = _NPS_COLUMN
    elif len(table.columns) == 1:
        column = table.columns[0]
    else:
        raise SurveyError([SurveyIssue("missing_columns", columns=(_NPS_COLUMN,))])
    values, text_cells, text_count = _numbers(table, [column], sep)
    issues = []
    if text_count:
        issues.append(SurveyIssue("not_a_number", cells=tuple(text_cells), count=text_count))
    answers = values[column]
    whole = (answers == answers.round()) & (answers >= 0) & (answers <= 10)
    outside_cells, outside_count = _cells_outside(values, whole.to_frame(column), [column])
    if outside_count:
        issues.append(
            SurveyIssue("nps_out_of_range", cells=tuple(outside_cells), count=outside_count)
        )
    if issues:
        raise SurveyError(issues)
    answered = answers.dropna()
    if answered.empty:
        raise SurveyError([SurveyIssue("no_rows")])
    return answered.to_numpy().astype(int)


def example_survey_csv() -> str:
    """A small illustrative survey in the one-score-per-dimension layout (6 respondents).

    Made up to show the file format, not data about anyone.

    >>> example_survey_csv().splitlines()[0].split(",")[:2]
    ['tangibles_expected', 'tangibles_perceived']
    """
    rows = [
        (5, 5, 7, 5, 6, 4, 6, 6, 5, 5),
        (5, 6, 6, 6, 6, 4, 6, 5, 6, 4),
        (6, 5, 7, 5, 7, 5, 6, 6, 5, 5),
        (4, 5, 6, 5, 6, 5, 5, 6, 5, 4),
        (5, 5, 7, 6, 6, 4, 6, 5, 6, 5),
        (5, 4, 7, 5, 7, 5, 6, 6, 5, 4),
    ]
    lines = [",".join(dimension_columns())]
    lines += [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"
