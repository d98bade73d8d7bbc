"""Survey files: customers' expectation and perception scores, and their 0-10 NPS answers.

A survey file has one row per respondent with expectation and perception scores (1-7) per
SERVQUAL dimension or per SERVQUAL item (`read_survey`); its gaps are means over respondents
with 95 % t-intervals (`survey_gaps`, conventions of `calculators.servqual`). An NPS file is one
column of 0-10 answers (`read_nps_scores`, scored by `calculators.nps`). Files come in through
`calculators.tables`, the reader of every upload: a workbook (xlsx, xls, ods) or text, whatever
its separator, encoding or alignment. Whatever makes a file unusable raises `SurveyError`,
listing every `SurveyIssue` found; pages translate each kind.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from calculators import tables
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
    "MAX_SURVEY_ROWS",
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
# Every line takes a byte at least, so the size cap bounds a text file's lines; a workbook's
# sheet is bounded by Excel's 1,048,576 rows and by the workbook reader's cap on cells.
MAX_SURVEY_ROWS = MAX_SURVEY_BYTES
_NPS_COLUMN = "nps"
_SCORE_KINDS = ("expected", "perceived")
_ITEM_PREFIXES = {"expected": "e", "perceived": "p"}
# A survey with a score per dimension, or the 22 SERVQUAL items.
SurveyLayout = Literal["dimensions", "items"]


SurveyIssueKind = Literal[
    "file_size",
    "file_empty",
    "file_binary",
    "file_encoding",
    "file_syntax",
    "workbook_damaged",
    "workbook_too_large",
    "too_many_columns",
    "too_many_rows",
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

    kind: ``file_size`` (above `MAX_SURVEY_BYTES`; `count` = the file's bytes), ``file_empty``,
    ``file_binary`` (neither a workbook nor text: an image, a PDF, a .docx),
    ``file_encoding`` (kept for pages and links that name it; no longer raised, as every text
    is read, in latin-1 at worst), ``file_syntax`` (a row with more fields than the header, or
    a quote never closed; `line` says where), ``workbook_damaged`` (a workbook that cannot be
    opened: damaged, protected by a password, or an older Office file of another kind, as a
    .doc looks like a .xls), ``workbook_too_large`` (a workbook that
    would expand past what the server allows: a zip bomb, or damaged), ``too_many_columns``
    (more than `MAX_SURVEY_COLUMNS`; `count` = that limit), ``too_many_rows`` (a sheet with
    more cells than the workbook reader lays out; `count` = the rows allowed at its width),
    ``missing_columns`` (`columns` lists them),
    ``no_rows`` (a header and no answers), ``no_answers`` (a dimension nobody answered, in
    `columns`), ``not_a_number`` (text in a score), ``out_of_range`` (scores outside 1-7),
    ``nps_out_of_range`` (NPS answers that are not whole numbers from 0 to 10). For bad cells,
    `cells` holds the first few as (column, row, value), the row being the file's line (the
    header is row 1 of a file that starts with it, as in a spreadsheet; blank lines count; a
    value over several lines is named by its last) or a workbook's sheet row, and `count` how
    many there are in all.
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


# The file reader's issues as a survey's: the reader is asked for one column files too, so
# ``one_column`` (no table at all) can only mean a file that is not a table.
_TABLE_ISSUES: Mapping[tables.TableIssueKind, SurveyIssueKind] = {
    "too_large": "file_size",
    "empty": "file_empty",
    "spreadsheet": "file_binary",
    "binary": "file_binary",
    "one_column": "file_binary",
    "too_many_columns": "too_many_columns",
    "too_many_rows": "too_many_rows",
    "no_rows": "no_rows",
    "bad_line": "file_syntax",
    "unclosed_quote": "file_syntax",
    "archive_too_large": "workbook_too_large",
    "archive_bad": "workbook_damaged",
    "unreadable": "workbook_damaged",
    "unknown_sheet": "workbook_damaged",
}


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


def _survey_issue(issue: tables.TableIssue, size: int) -> SurveyIssue:
    """The file reader's issue in this reader's words (`SurveyIssue`)."""
    kind = _TABLE_ISSUES[issue.kind]
    if kind == "file_size":
        return SurveyIssue(kind, count=size)
    if kind == "file_syntax":
        return SurveyIssue(kind, line=None if issue.value is None else int(issue.value))
    if kind in ("too_many_columns", "too_many_rows"):
        return SurveyIssue(kind, count=issue.count)
    return SurveyIssue(kind)


def _read_table(data: bytes | str) -> tuple[pd.DataFrame, str]:
    """The file as a table indexed by the line (or sheet row) of each row, by `tables`, the
    reader of every upload; column names stripped and lower-cased (the first of two names
    that then match is kept); and its separator (empty for a workbook or aligned text).

    A file of a single column is read too (`read_nps_scores`; for `read_survey`, it lacks
    columns). Short rows are padded with blanks (missing answers); rows of blank cells are
    left out. Text is read by pandas' C parser, in time linear in the size of the file whatever
    its shape; more than `MAX_SURVEY_COLUMNS` columns are refused before parsing.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        found = tables.sniff_table(
            data,
            max_bytes=MAX_SURVEY_BYTES,
            max_columns=MAX_SURVEY_COLUMNS,
            max_rows=MAX_SURVEY_ROWS,
            one_column=True,
            lines=True,
            allow_no_rows=True,
        )
        table = tables.read_table(data, found)
    except tables.TableError as error:
        raise SurveyError([_survey_issue(issue, len(data)) for issue in error.issues]) from None
    names = pd.Index([str(name).strip().lower() for name in table.columns])
    table = table.set_axis(names, axis="columns")
    return table.loc[:, ~names.duplicated()], found.separator


def _numbers(
    table: pd.DataFrame, columns: Sequence[str], sep: str
) -> tuple[pd.DataFrame, list[tuple[str, int, str]], int]:
    """Columns as floats (blank = NaN) and the cells that are not numbers (first few, count).

    A workbook's typed cells are read as the text a CSV export would hold (5.0 is 5, a date
    is not a number). Each distinct value is read once (a survey's cells take few values), so
    the time is linear in the number of cells with a small constant.
    """
    parsed = {}
    bad_cells: list[tuple[str, int, str]] = []
    bad_count = 0
    for column in columns:
        codes, uniques = pd.factorize(table[column].to_numpy(dtype=object))
        values = np.asarray(uniques, dtype=object)
        if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
            values = np.array([tables.cell_text(value) for value in values], dtype=object)
        # Blank cells (code -1) pick the blank put last.
        raw = pd.Series(np.append(values, ""), dtype=object).str.strip()
        blank = raw == ""
        text = raw.str.replace(",", ".", regex=False) if sep != "," else raw
        number = pd.to_numeric(text.where(~blank), errors="coerce").astype(float).to_numpy()
        bad = ((~blank).to_numpy() & np.isnan(number))[codes]
        if bad.any():
            bad_count += int(bad.sum())
            for row in np.flatnonzero(bad)[:MAX_LISTED]:
                bad_cells.append((column, int(table.index[row]), str(raw.iloc[codes[row]])))
        parsed[column] = number[codes]
    bad_cells.sort(key=lambda cell: (cell[1], columns.index(cell[0])))
    return pd.DataFrame(parsed, index=table.index), bad_cells[:MAX_LISTED], bad_count


def _cells_outside(
    values: pd.DataFrame, inside: pd.DataFrame, columns: Sequence[str]
) -> tuple[list[tuple[str, int, str]], int]:
    """The first few cells of `columns` with a value not `inside` (column, row, value), and how
    many there are. By position: two rows may carry the same line number."""
    numbers = values[list(columns)].to_numpy(dtype=float)
    outside = ~np.isnan(numbers) & ~inside[list(columns)].to_numpy(dtype=bool)
    cells = [
        (column, int(values.index[row]), f"{numbers[row, place]:g}")
        for row in np.flatnonzero(outside.any(axis=1))[:MAX_LISTED]
        for place, column in enumerate(columns)
        if outside[row, place]
    ]
    return cells[:MAX_LISTED], int(outside.sum())


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
    """Read a file of survey answers: one row per respondent, scores on the 1-7 scale.

    Two layouts are accepted (column names in any case; other columns are ignored):

    - one score per dimension: ``tangibles_expected``, ``tangibles_perceived``, ... for the
      five dimensions (`dimension_columns`);
    - the 22 SERVQUAL items: ``E1``..``E22`` (expectations) and ``P1``..``P22``
      (perceptions), items 1-4 tangibles, 5-9 reliability, 10-13 responsiveness, 14-17
      assurance, 18-22 empathy (Parasuraman et al. 1988); a respondent's dimension score is
      the mean of the items they answered.

    The file is a workbook (``.xlsx``, ``.xls``, ``.ods``: the first sheet with data, numbers
    typed or written as text) or text separated by commas, semicolons, tabs or ``|`` (or
    aligned in columns), in UTF-8, UTF-16 or Windows' cp1252 (`calculators.tables`); unless
    commas separate the fields, a decimal comma is read (``5,5``). A blank cell is a missing
    answer; a short row is padded with blanks; rows of blank cells are skipped. Bad cells are
    named by the file's line (the header is row 1 of a file that starts with it, blank lines
    count, a value over two lines ends on the second) or by the sheet's row.

    Raises
    ------
    SurveyError
        Listing every problem: too large, empty, not a table, a damaged workbook, a row with
        more fields than the header, missing columns, no rows, text or scores outside 1-7 (the
        first few bad cells with their rows), a dimension nobody answered.

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

    Read as `read_survey` reads a file (a workbook or text, a column with or without a header:
    without one it is column ``A``); blank cells (no answer) are skipped.

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
    >>> read_nps_scores("9\\n10\\n7\\n").tolist()  # no header: every line is an answer
    [9, 10, 7]
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
