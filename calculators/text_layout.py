"""Text files whose columns are aligned with spaces, as older invoicing systems export them.

Two layouts, both without a separator character:

- ``spaces``: fields separated by runs of blanks, every line with the same number of fields
  (the CDNOW sample: ``00001 19970101  1   11.77``). pandas' C parser reads these with
  ``sep=r"\\s+"`` (`read_spaces`): a million lines in about half a second.
- ``fixed``: columns at fixed character positions whose values may hold single spaces
  (``Mario Rossi``, ``1 234,50``), right-aligned numbers included. The positions come from the
  file's first lines (`detect_layout`: the positions blank in every line) and every line is
  cut there (`split_fixed`, in pyarrow: a million lines in well under a second).

`looks_like_header` tells a header line (names over dates and numbers) from a first line of
data; the file reader (`calculators.tables`) names a header-less file's columns A, B, C… as a
spreadsheet does. No Streamlit here.

>>> head = ("Codice  Cliente      Importo\\n"
...         "C001    Mario Rossi   1.234,50\\n"
...         "C002    Bianchi Srl     250,00\\n")
>>> layout = detect_layout(head)
>>> layout.kind, split_fixed(head, layout.colspecs).iloc[1:].to_numpy().tolist()
('fixed', [['C001', 'Mario Rossi', '1.234,50'], ['C002', 'Bianchi Srl', '250,00']])
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from calculators.values import DATE_FORMATS, parse_amounts, parse_dates

__all__ = [
    "LINE_END",
    "Layout",
    "LayoutKind",
    "detect_layout",
    "looks_like_header",
    "read_spaces",
    "split_fixed",
]

LayoutKind = Literal["spaces", "fixed"]
# The end of the last fixed column: past any line a 50 MB upload can hold, so a value longer in
# later lines than in the sampled ones is kept whole.
LINE_END = 2**31 - 1
# A last line shorter than all the others and running over a gap of 2+ blanks in all of them
# is left out of the fixed layout (a total, a footer) when at least this many lines come first.
FOOTER_AFTER = 3
# Lines of the head the layout is judged on (the work grows with lines × width).
LAYOUT_LINES = 500
# A column takes part in the layout when it has a value in more than this share of the lines
# (a sparse column, such as a note, still becomes a column; but two of them must be filled).
FILLED_SHARE = 0.5
# A column's values are "mostly" dates or numbers above this share. A fixed layout needs one
# such column in its first TYPED_LINES lines: a table of sales or answers has dates or numbers.
TYPED_SHARE = 0.5
TYPED_LINES = 50
# One field of a line split on blanks, as pandas' C parser with sep=r"\s+" splits it: a quoted
# value ("Mario Rossi") is one field.
_FIELD = re.compile(r'"(?:[^"]|"")*"\S*|\S+')
_BLANK = ord(" ")
_HAS_DIGIT = re.compile(r"[0-9]")
# A number with spaces between its thousands: 1 234,50 or -12 345.
_SPACE_GROUPED = re.compile(r"[-+]?[0-9]{1,3}( [0-9]{3})+([.,][0-9]+)?")
_DIGIT_CODES = [ord(digit) for digit in "0123456789"]
# What may stand before and after a group of thousands inside a number.
_BEFORE_GROUP = [_BLANK, ord("-"), ord("+")]
_AFTER_GROUP = [_BLANK, ord(","), ord(".")]


@dataclass(frozen=True)
class Layout:
    """How an aligned text file is split into columns (`detect_layout`).

    kind: ``spaces`` (runs of blanks separate the fields: read with `read_spaces`) or
    ``fixed`` (cut at `colspecs`: read with `split_fixed`).
    colspecs: for ``fixed``, each column's ``(start, end)`` character positions in a line,
    half-open and counted from 0, contiguous from 0 to `LINE_END`: the blanks between two
    columns belong to the one whose values may grow into them (a left-aligned name grows
    right, a right-aligned amount grows left).
    """

    kind: LayoutKind
    colspecs: tuple[tuple[int, int], ...] = ()


def _lines(text: str) -> list[str]:
    """The text's lines (``\\r\\n``, ``\\r`` or ``\\n`` end one), as pandas' parser counts them."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _is_value(cells: Sequence[str]) -> np.ndarray:
    """Whether each cell is a number (either decimal mark) or a date in one of `DATE_FORMATS`.

    Only cells with a digit can be either; each distinct one is parsed once.
    """
    texts = [str(cell).strip() for cell in cells]
    found = np.zeros(len(texts), dtype=bool)
    candidates = sorted({text for text in texts if _HAS_DIGIT.search(text)})
    if not candidates:
        return found
    unique = pd.Index(candidates, dtype=object)
    known = np.zeros(len(unique), dtype=bool)
    for mark in (",", "."):
        known |= parse_amounts(unique, mark).notna().to_numpy()
    for format_id in DATE_FORMATS:
        rest = np.flatnonzero(~known)
        if len(rest) == 0:
            break
        known[rest] = parse_dates(unique[rest], format_id).notna()
    values = {text for text, is_value in zip(candidates, known.tolist(), strict=True) if is_value}
    found[:] = [text in values for text in texts]
    return found


# --- the layout ---------------------------------------------------------------------------


def _grid(lines: list[str]) -> np.ndarray:
    """The lines as a 2-D array of code points, padded with blanks to the longest."""
    width = max(len(line) for line in lines)
    padded = np.array([line.ljust(width) for line in lines], dtype=f"<U{max(width, 1)}")
    return padded.view(np.uint32).reshape(len(lines), max(width, 1))


def _thousands_gaps(grid: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Which one-character gaps are the space inside numbers such as ``1 234,50``.

    Right-aligned amounts put their thousands space at one position (``950,00`` has its pad
    there), so the column would split. A gap is a thousands space when every line with a
    digit next to it and something on both sides has 1-3 digits before it (a blank or a sign
    before them) and exactly three digits after it, then a decimal mark, a blank or the line's
    end. Lines with words on both sides (a header) do not count. Computed for every position
    at once: the work is linear in the grid's size.
    """
    lines, width = grid.shape
    margin = 5  # blank columns around the grid, so that every shift below stays inside it
    padded = np.full((lines, width + 2 * margin), _BLANK, dtype=grid.dtype)
    padded[:, margin : margin + width] = grid

    def at(shift: int) -> np.ndarray:  # the character `shift` places right of each position
        return padded[:, margin + shift : margin + shift + width]

    def digit(shift: int) -> np.ndarray:
        return np.isin(at(shift), _DIGIT_CODES)

    def blank_or(shift: int, codes: list[int]) -> np.ndarray:
        return np.isin(at(shift), codes)

    single = blank & ~np.r_[True, blank[:-1]] & ~np.r_[blank[1:], True]
    filled_sides = (at(-1) != _BLANK) & (at(1) != _BLANK)
    numeric = filled_sides & (digit(-1) | digit(1))
    three_after = digit(1) & digit(2) & digit(3) & blank_or(4, _AFTER_GROUP)
    before = np.zeros_like(numeric)
    run = np.ones_like(numeric)
    for count in (1, 2, 3):
        run &= digit(-count)
        before |= run & blank_or(-count - 1, _BEFORE_GROUP)
    grouped = ~numeric | (three_after & before)
    gaps: np.ndarray = single & numeric.any(axis=0) & grouped.all(axis=0)
    return gaps


def _column_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of character positions not blank in every line.

    A single blank does not split a run when it is the thousands space of right-aligned
    numbers (`_thousands_gaps`), nor when what follows it is filled in at most half the lines
    and, in each of them, continues the text just before the blank: the last words of a few
    long names (``Edilizia Moderna Snc`` and ``Ferramenta Verdi & C.`` both have a blank
    where every shorter name has ended).
    """
    grid = _grid(lines)
    blank = (grid == _BLANK).all(axis=0)
    blank &= ~_thousands_gaps(grid, blank)
    edges = np.diff(np.r_[0, (~blank).astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()
    runs = list(zip(starts, ends, strict=True))
    if not runs:
        return []
    nonblank = grid != _BLANK
    filled = np.logical_or.reduceat(nonblank, [start for start, _ in runs], axis=1)
    merged = [runs[0]]
    for (start, end), run_filled in zip(runs[1:], filled.T[1:], strict=True):
        left_start, left_end = merged[-1]
        if (
            start == left_end + 1
            and run_filled.mean() <= FILLED_SHARE
            and nonblank[run_filled, left_end - 1].all()
        ):
            merged[-1] = (left_start, end)
        else:
            merged.append((start, end))
    return merged


def _alignment(lines: list[str], runs: list[tuple[int, int]]) -> list[str]:
    """Each run's alignment in the lines: ``right`` when its values end at one position and
    start at several (amounts), else ``left``."""
    aligned = []
    for start, end in runs:
        starts, ends = set(), set()
        for line in lines:
            cell = line[start:end]
            if cell.strip():
                starts.add(len(cell) - len(cell.lstrip()))
                ends.add(len(cell.rstrip()))
        aligned.append("right" if len(ends) == 1 and len(starts) > 1 else "left")
    return aligned


def _colspecs(lines: list[str], runs: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Contiguous column spans from the runs: each gap goes to the column that grows into it."""
    # The first line may be a header, aligned its own way: judge alignment on the data.
    data = lines[1:] if len(lines) > 2 else lines
    aligned = _alignment(data, runs)
    bounds = [0]
    for left in range(len(runs) - 1):
        gap_start, gap_end = runs[left][1], runs[left + 1][0]
        right_grows_left = aligned[left + 1] == "right"
        left_grows_right = aligned[left] == "left"
        if not right_grows_left:
            bounds.append(gap_end)
        elif left_grows_right:
            bounds.append(gap_start + (gap_end - gap_start) // 2)
        else:
            bounds.append(gap_start)
    bounds.append(LINE_END)
    return tuple(itertools.pairwise(bounds))


def _has_typed_column(lines: list[str], runs: list[tuple[int, int]]) -> bool:
    """Whether a column holds mostly numbers or dates below the first line (a possible header),
    judged on the first `TYPED_LINES` lines."""
    data = lines[1:TYPED_LINES] if len(lines) > 1 else lines
    cells = [[line[start:end].strip() for line in data] for start, end in runs]
    is_value = _is_value([cell for column in cells for cell in column]).reshape(len(runs), -1)
    filled = np.array([[bool(cell) for cell in column] for column in cells])
    counts = filled.sum(axis=1)
    shares = np.divide(is_value.sum(axis=1), counts, out=np.zeros(len(runs)), where=counts > 0)
    return bool((shares > TYPED_SHARE).any())


def _fixed(lines: list[str]) -> tuple[tuple[int, int], ...] | None:
    """Fixed columns for the lines, or None: fewer than two columns filled in most lines, or
    no column of numbers or dates (lines of prose that share a blank by chance)."""
    sample, runs = lines, _column_runs(lines)
    if len(lines) > FOOTER_AFTER and len(lines[-1]) < min(len(line) for line in lines[:-1]):
        # A last line shorter than all others that runs over a gap of 2+ blanks in all the
        # others is a total ("Totale fatture  264"); a single blank may be a coincidence.
        without = _column_runs(lines[:-1])
        gaps = [(end, start) for (_, end), (start, _) in itertools.pairwise(without)]
        if any(start - end >= 2 and lines[-1][end:start].strip() for end, start in gaps):
            sample, runs = lines[:-1], without
    if len(runs) < 2:
        return None
    filled = [
        sum(bool(line[start:end].strip()) for line in sample) / len(sample) for start, end in runs
    ]
    if sum(share > FILLED_SHARE for share in filled) < 2:
        return None
    if not _has_typed_column(sample, runs):
        return None
    return _colspecs(sample, runs)


def _values_hold_spaces(lines: list[str], colspecs: tuple[tuple[int, int], ...]) -> bool:
    """Whether a fixed column's cells with spaces inside are single values: names (words
    only) or numbers with spaces between thousands (``1 234,50``). A cell mixing words with
    numbers or dates (``Rossi 20240105``) is two ragged fields that lined up by chance."""
    for start, end in colspecs:
        cells = [line[start:end].strip() for line in lines]
        spaced = [cell for cell in cells if len(cell.split()) > 1]
        if not spaced:
            continue
        if all(_SPACE_GROUPED.fullmatch(cell) for cell in spaced):
            return True
        tokens = [token for cell in spaced for token in cell.split()]
        if not _is_value(tokens).any():
            return True
    return False


def detect_layout(head: str) -> Layout | None:
    """How the first lines of a file (no ``; , \\t |`` separator found) split into columns.

    ``spaces`` when every non-blank line splits into the same number (at least 2) of fields on
    runs of blanks (a quoted value is one field). ``fixed`` when the character positions blank
    in every line cut the lines into at least two columns filled in most lines, one of them
    mostly numbers or dates (lines of prose that share a blank by chance are no table); values
    may then hold single spaces. Positions past a line's end count as blank; a single blank
    inside numbers (``1 234,50``) or before the last words of a few long names does not cut;
    a last line shorter than all `FOOTER_AFTER` or more others that runs over a wider gap (a
    total) is left out. Only the first `LAYOUT_LINES` lines are looked at.

    When both fit, ``spaces`` wins unless the fixed columns are fewer and one of them holds
    values with spaces: names (``Mario Rossi`` in every line, the same count of words by
    chance) or ``1 234,50``. So two neighbouring columns of single words, ragged, whose
    boundary lines up in every line by chance are read as one column of names. None when
    neither fits (a single column of text).

    >>> detect_layout("00001 19970101  1   11.77\\n00002 19970112  1   12.00\\n")
    Layout(kind='spaces', colspecs=())
    >>> detect_layout("C1  Ada Rossi   5\\nC2  Bo Bianchi 6\\n").colspecs
    ((0, 4), (4, 15), (15, 2147483647))
    >>> detect_layout("just one column\\nof text\\n") is None
    True
    """
    lines = [line.rstrip() for line in _lines(head) if line.strip()][:LAYOUT_LINES]
    if not lines:
        return None
    counts = {len(_FIELD.findall(line)) for line in lines}
    spaces = len(counts) == 1 and min(counts) >= 2
    fixed = _fixed(lines)
    if spaces:
        if fixed is not None and len(fixed) < min(counts) and _values_hold_spaces(lines, fixed):
            return Layout("fixed", fixed)
        return Layout("spaces")
    if fixed is not None:
        return Layout("fixed", fixed)
    return None


# --- reading --------------------------------------------------------------------------------


def _object_cells(cells: pa.Array) -> np.ndarray:
    """Arrow strings as a numpy object array, blanks (nulls) as NaN as pandas' parser gives
    them. Each distinct text becomes one Python string, shared by its cells: a column of dates
    or codes repeats a few thousand texts, and this is 2-3 times faster than one per cell."""
    encoded = pc.dictionary_encode(cells, null_encoding="encode")
    texts = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    texts[pd.isna(texts)] = np.nan
    values: np.ndarray = texts[encoded.indices.to_numpy(zero_copy_only=False)]
    return values


def split_fixed(text: str, colspecs: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """Every line of `text` cut at `colspecs`, cells stripped; blank lines left out.

    Columns are numbered 0, 1, … (no header handling: the first line is row 0); cells are
    text (object dtype), NaN where blank; the index is each line's number in the file, from 1
    (``\\r\\n``, ``\\r`` and ``\\n`` each end a line). `colspecs` are half-open ``(start,
    end)`` character positions (`Layout.colspecs`). The cutting runs in pyarrow: linear, about
    0.3 s for a million lines of four columns (26 MB).

    >>> text = "C1  Ada Rossi  5\\n\\nC2  Bo        12\\n"
    >>> frame = split_fixed(text, [(0, 4), (4, 14), (14, 99)])
    >>> frame.index.tolist(), frame.to_numpy().tolist()
    ([1, 3], [['C1', 'Ada Rossi', '5'], ['C2', 'Bo', '12']])
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = pc.list_flatten(pc.split_pattern(pa.array([text], pa.large_string()), "\n"))
    if text.endswith("\n"):
        lines = lines.slice(0, len(lines) - 1)  # the end of the last line, not an empty line
    kept = pc.not_equal(pc.utf8_trim_whitespace(lines), "").to_numpy(zero_copy_only=False)
    lines = lines.filter(pa.array(kept))
    # ASCII text (most exports) is cut as bytes, about twice as fast as by characters.
    ascii_text = text.isascii()
    as_bytes = lines.cast(pa.large_binary()) if ascii_text else lines
    blank = pa.scalar(None, pa.large_string())
    columns = {}
    for number, (start, end) in enumerate(colspecs):
        if ascii_text:
            cut = pc.binary_slice(as_bytes, start, end).cast(pa.large_string())
            cells = pc.ascii_trim_whitespace(cut)
        else:
            cells = pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(lines, start, end))
        columns[number] = _object_cells(pc.if_else(pc.equal(cells, ""), blank, cells))
    index = pd.Index(np.flatnonzero(kept) + 1)
    return pd.DataFrame(columns, index=index, dtype=object)


def read_spaces(data: bytes) -> pd.DataFrame:
    """A file whose fields are separated by runs of blanks, read by pandas' C parser.

    The same contract as `split_fixed`: columns 0, 1, …, no header handling, text cells
    (object dtype) with NaN where blank (a line with fewer fields than the first is filled with
    NaN), index = line numbers from 1 (blank lines left out; counted right while no quoted
    value holds a line break). `data` is UTF-8. ``sep=r"\\s+"`` is the one regular expression
    the C parser runs itself (as ``delim_whitespace``), so this stays about 0.5 s for a million
    lines. Leading blanks are skipped; ``"Mario Rossi"`` in quotes is one field.

    Raises pandas' ``ParserError`` ("Expected 4 fields in line 7, saw 5") for a line with more
    fields than the first (`calculators.tables.bad_line` turns it into an issue). Blank data
    gives an empty frame.

    >>> frame = read_spaces(b"00001 19970101  1   11.77\\n\\n00002 19970112  2   12.00\\n")
    >>> frame.index.tolist(), frame.to_numpy().tolist()
    ([1, 3], [['00001', '19970101', '1', '11.77'], ['00002', '19970112', '2', '12.00']])
    """
    if not data.strip():
        return pd.DataFrame(index=pd.RangeIndex(1, 1), dtype=object)
    frame = pd.read_csv(
        io.BytesIO(data),
        sep=r"\s+",
        engine="c",
        header=None,
        dtype=object,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,  # blank lines come back as empty rows: the index counts lines
        quoting=csv.QUOTE_MINIMAL,
        encoding="utf-8",
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    if len(frame.columns):
        frame = frame[frame[0].notna()]  # a line's first field is never blank: a blank line
    return frame


# --- the header -----------------------------------------------------------------------------


def _cell_text(cell: object) -> str:
    """A cell as trimmed text: blank for None and NaN (a parser's missing cell)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return str(cell).strip()


def looks_like_header(first_row: Sequence[str], next_rows: Sequence[Sequence[str]]) -> bool:
    """Whether the first line names the columns, judged on the columns below.

    Cells are text (None or NaN count as blank). A column is typed when most of its non-blank
    cells below are numbers or dates (codes
    such as ``00001`` count as numbers). The first line is a header when, in the typed
    columns, at least as many of its cells are words as are numbers or dates (and at least
    one is a word): ``Data`` over dates, ``Importo`` over amounts. A first line of values
    (``00001 19970101 1 11.77``) is data. With no typed column, or no line below, nothing
    contradicts a header: True, unless the line itself holds a number or a date and no line
    follows.

    >>> looks_like_header(["Cliente", "Data", "Importo"], [["Rossi", "31/01/2024", "12,50"]])
    True
    >>> looks_like_header(["00001", "19970101", "1", "11.77"], [["00002", "19970112", "3", "9"]])
    False
    """
    first = [_cell_text(cell) for cell in first_row]
    rows = [[_cell_text(cell) for cell in row] for row in next_rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return not any(cell for cell in first) or not _is_value([c for c in first if c]).any()
    width = max(len(first), *(len(row) for row in rows))
    grid = [row + [""] * (width - len(row)) for row in [first, *rows]]
    cells = [cell for row in grid for cell in row]
    filled = np.array([bool(cell) for cell in cells]).reshape(len(grid), width)
    is_value = np.zeros(len(cells), dtype=bool)
    where = np.flatnonzero(filled.ravel())
    is_value[where] = _is_value([cells[i] for i in where])
    value = is_value.reshape(len(grid), width)
    below_filled = filled[1:].sum(axis=0)
    share = np.divide(
        value[1:].sum(axis=0), below_filled, where=below_filled > 0, out=np.zeros(width)
    )
    typed = share > TYPED_SHARE
    words = int((typed & filled[0] & ~value[0]).sum())
    numbers = int((typed & value[0]).sum())
    if words == 0 and numbers == 0:
        return True
    return words > 0 and words >= numbers
