"""No upload can stall the server (issue #17): every reader's work is bounded, whatever the shape.

The server runs all sessions in one Python process and the readers hold the GIL, so a reader
that is slow on some input freezes every session. The guarantee (a scenario file under the size
cap in ≤ 100 ms of CPU, a data file in ≤ 0.2 s of CPU per MB) is checked here with deterministic
proxies: the pass that runs before YAML is parsed (`yaml_shape`) bounds the parser's work, and
the readers refuse shapes beyond their caps before parsing. Each test also times itself with
`time.process_time()` as a backstop set ten times above the target, so that it only catches a
pathological slowdown on a shared, noisy machine; the real figures are printed by
``benchmarks/hostile_inputs.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.scenario import (
    MAX_SCENARIO_DEPTH,
    MAX_SCENARIO_FILE_BYTES,
    MAX_SCENARIO_TOKENS,
    ScenarioError,
    load_scenario,
)
from calculators.surveys import (
    MAX_SURVEY_BYTES,
    MAX_SURVEY_COLUMNS,
    SurveyError,
    read_nps_scores,
    read_survey,
)
from calculators.transactions import TransactionFileError, read_transactions
from calculators.yaml_shape import yaml_shape

SCENARIO_BACKSTOP_S = 1.0  # 10 x the 100 ms target: a backstop, not the guarantee
BACKSTOP_S_PER_MB = 2.0  # 10 x the 0.2 s/MB target, a file under 1 MB counting as 1 MB
MB = 1024 * 1024

# Pieces of YAML syntax, so that random texts hit every kind of token and their mixtures.
# Every kind of line break, and the byte-order mark (which PyYAML counts as no column).
BREAKS_AND_MARK = ["\r\n", "\r", "\u2028", "\ufeff"]
YAML_PIECES = st.sampled_from(
    [*"[]{},:-?#'\"|>&*!% \n\n\n   ab1.\t\\", "---", "...", "- ", ": ", "  ", *BREAKS_AND_MARK]
)


def _cpu(call: Callable[[], object]) -> float:
    started = time.process_time()
    call()
    return time.process_time() - started


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max([0, *(max(_depth(k), _depth(v)) for k, v in value.items())])
    if isinstance(value, list):
        return 1 + max([0, *(_depth(item) for item in value)])
    return 0


class _CountingLoader(yaml.SafeLoader):
    """PyYAML's own loader, recording how much scanning it did."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.fetches = 0
        self.deepest = 0

    def fetch_more_tokens(self) -> None:
        self.fetches += 1
        super().fetch_more_tokens()
        self.deepest = max(self.deepest, self.flow_level + len(self.indents))


def _parse(text: str) -> tuple[_CountingLoader, object, bool]:
    loader = _CountingLoader(text)
    try:
        return loader, loader.get_single_data(), True
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError):
        return loader, None, False
    finally:
        loader.dispose()


# --- the pass before parsing bounds the parser's work -------------------------------------------


@settings(max_examples=400)
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_the_shape_bounds_what_the_parser_does_on_any_text(text):
    shape = yaml_shape(text)
    if shape.problem in ("alias", "tag"):
        return  # refused before parsing whatever the rest says
    loader, data, parsed = _parse(text)
    # PyYAML's work is about one fetch per token, each costing one step per open flow level:
    # both are bounded by what the pass counted, so refusing on them bounds the parse.
    assert loader.fetches <= shape.tokens + 2  # + the stream's start and end
    assert loader.deepest <= shape.depth
    if parsed:
        assert _depth(data) <= shape.depth


_SCALARS = st.one_of(
    st.integers(), st.text(alphabet="ab :#'\"-[]{},?!&*|>\n", max_size=6), st.none()
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(alphabet="ab :#-[]'\"", min_size=1, max_size=4), inner, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=200)
@given(_DATA, st.sampled_from([None, True, False]), st.integers(2, 5))
def test_the_shape_of_written_yaml_is_its_depth(data, flow_style, indent):
    text = yaml.safe_dump(data, default_flow_style=flow_style, indent=indent, allow_unicode=True)
    shape = yaml_shape(text)
    assert shape.problem is None
    assert _depth(data) <= shape.depth <= _depth(data) + 1


# --- scenario files ------------------------------------------------------------------------------


def _fill(unit: str, size: int) -> str:
    """`unit` repeated to `size` bytes of UTF-8 at most (every piece is at most 3 bytes)."""
    text = (unit * (size // len(unit) + 1))[:size]
    return text if len(text.encode()) <= size else text[: size // 3]


@settings(max_examples=60)
@given(
    st.lists(YAML_PIECES, min_size=1, max_size=12).map("".join),
    st.sampled_from([1, 1000, MAX_SCENARIO_FILE_BYTES]),
)
def test_any_scenario_file_under_the_cap_is_read_or_refused_quickly(unit, size):
    text = _fill(unit, size)

    def read() -> None:
        try:
            load_scenario(text)
        except ScenarioError as error:
            assert error.issues, "a refusal says why"

    assert _cpu(read) < SCENARIO_BACKSTOP_S  # backstop: the bound is the shape checks above


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[" * MAX_SCENARIO_FILE_BYTES, "file_nesting"),
        ("{" * MAX_SCENARIO_FILE_BYTES, "file_nesting"),
        ("{a: " * (MAX_SCENARIO_FILE_BYTES // 4), "file_nesting"),
        ("- " * (MAX_SCENARIO_FILE_BYTES // 2), "file_nesting"),
        ("a: &a [1]\n" + "".join(f"b{n}: [*a, *a]\n" for n in range(4000)), "file_aliases"),
        ("business:\n  name: " + "a " * 32_000, "file_long_text"),
        ('x: "' + "a a\n" * 16_000 + '"', "file_long_text"),
        ("x: [" + "1," * 30_000 + "]", "file_content"),
        ("# " + "x" * 98 + "\n" + "\n" * 60_000, "file_content"),
    ],
    ids=[
        "64 KB of [",
        "64 KB of {",
        "nested flow mappings",
        "nested block sequences",
        "nested anchors",
        "a long single line",
        "long text over many lines",
        "30,000 values",
        "60,000 lines",
    ],
)
def test_hostile_scenario_files_are_refused_before_parsing(monkeypatch, text, kind):
    text = text[:MAX_SCENARIO_FILE_BYTES]
    shape = yaml_shape(text, MAX_SCENARIO_DEPTH, MAX_SCENARIO_TOKENS)
    assert shape.depth <= MAX_SCENARIO_DEPTH + 1  # the pass stops one level past the limit
    assert shape.tokens <= MAX_SCENARIO_TOKENS + 1

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML parser was called")

    monkeypatch.setattr(yaml.SafeLoader, "__init__", never)
    with pytest.raises(ScenarioError) as caught:
        assert _cpu(lambda: load_scenario(text)) < SCENARIO_BACKSTOP_S
    assert [issue.kind for issue in caught.value.issues] == [kind]


# --- data files ----------------------------------------------------------------------------------

HEADER = "cliente;data;importo\n"
VALID_ROW = "C1234;31/01/2024;123,45\n"


def _valid_then(tail: str) -> str:
    return HEADER + VALID_ROW * 5000 + tail  # past the part the separator is guessed from


# The shapes of issue #17, about 2 MB each.
HOSTILE_SHAPES: dict[str, Callable[[int], str]] = {
    "deep quoting": lambda size: '"' * size,
    "deep quoting after valid rows": lambda size: _valid_then('"' * size),
    "one huge line": lambda size: "a" * size,
    "one huge cell after valid rows": lambda size: _valid_then("C9;01/01/2024;" + "1" * size),
    "millions of separators": lambda size: ";" * size,
    "a line of millions of separators after valid rows": lambda size: _valid_then(";" * size),
    "a million columns": lambda size: ";".join(f"c{n}" for n in range(size // 8)) + "\n1;2\n",
    "many quotes": lambda size: HEADER + '"C""1";"31/01/2024";"1""2"\n' * (size // 28),
    "rows of one column": lambda size: "x\n" * (size // 2),
    "one-column rows after valid rows": lambda size: _valid_then("x\n" * (size // 2)),
    "blank lines": lambda size: HEADER + "\n" * size,
    "CR line ends": lambda size: HEADER + "C1;31/01/2024;1\r" * (size // 16),
}
SIZE = 2 * MB


def _within_backstop(read: Callable[[bytes], object], refusal: type, data: bytes) -> None:
    def call() -> None:
        try:
            read(data)
        except refusal as error:
            assert error.issues, "a refusal says why"  # type: ignore[attr-defined]

    budget = BACKSTOP_S_PER_MB * max(len(data) / MB, 1.0)
    assert _cpu(call) < budget  # backstop only: the real figures are in the benchmark


@pytest.mark.parametrize("shape", HOSTILE_SHAPES)
def test_hostile_sales_exports_take_linear_time(shape):
    data = HOSTILE_SHAPES[shape](SIZE).encode()
    _within_backstop(read_transactions, TransactionFileError, data)


@pytest.mark.parametrize("shape", HOSTILE_SHAPES)
@pytest.mark.parametrize("read", [read_survey, read_nps_scores], ids=["survey", "nps"])
def test_hostile_survey_files_take_linear_time(read, shape):
    data = HOSTILE_SHAPES[shape](SIZE).replace(";", ",").encode()[:MAX_SURVEY_BYTES]
    _within_backstop(read, SurveyError, data)


@settings(max_examples=40)
@given(st.text(alphabet=';,"\n\r 1a/', min_size=1, max_size=12), st.sampled_from([1, 300_000]))
def test_any_repeated_pattern_is_read_or_refused_in_linear_time(unit, repeats):
    data = (HEADER + unit * repeats).encode()
    _within_backstop(read_transactions, TransactionFileError, data)
    survey = data.replace(b";", b",")[:MAX_SURVEY_BYTES]
    _within_backstop(read_survey, SurveyError, survey)
    _within_backstop(read_nps_scores, SurveyError, survey)


def test_survey_files_with_more_columns_than_the_limit_are_refused_before_parsing(monkeypatch):
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("pandas was asked to parse the file")

    monkeypatch.setattr(pd, "read_csv", never)
    header = ",".join(f"c{n}" for n in range(MAX_SURVEY_COLUMNS + 1))
    for read in (read_survey, read_nps_scores):
        with pytest.raises(SurveyError) as caught:
            read(f"{header}\n" + "1," * MAX_SURVEY_COLUMNS + "1\n")
        (issue,) = caught.value.issues
        assert (issue.kind, issue.count) == ("too_many_columns", MAX_SURVEY_COLUMNS)


def test_survey_rows_keep_their_line_numbers_around_blank_and_quoted_lines():
    # Blank lines, a row of empty cells longer than the header, a quoted cell over two lines:
    # bad cells are still named by the line a spreadsheet shows.
    text = '\n\nnps,note\n7,\n\n,,,,\n11,"two\nlines"\nx,\n'
    with pytest.raises(SurveyError) as caught:
        read_nps_scores(text)
    cells = {issue.kind: issue.cells for issue in caught.value.issues}
    assert cells == {"not_a_number": (("nps", 9, "x"),), "nps_out_of_range": (("nps", 8, "11"),)}
    for broken, line in [("nps\n7\n\n8,9\n", 4), ('nps\n7\n"8\n9\n', 3)]:
        with pytest.raises(SurveyError) as caught:
            read_nps_scores(broken)
        assert [(i.kind, i.line) for i in caught.value.issues] == [("file_syntax", line)]
