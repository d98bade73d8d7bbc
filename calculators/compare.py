"""Compare scenarios side by side and find which inputs move a result most (sensitivity).

Every page's headline results are registered once in `HEADLINES`: an id, its unit, and a
function of the scenario. Comparison tables, the tornado chart and the CSV export all read it.

>>> from calculators.scenario import default_scenario
>>> values = headline_values(default_scenario())
>>> round(values["customers_lost"]), round(values["clv"], 2)
(200, 1071.43)
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from calculators.reports.acquisition import acquisition_report
from calculators.reports.loyalty import loyalty_report
from calculators.reports.overview import overview_report
from calculators.reports.word_of_mouth import word_of_mouth_report
from calculators.scenario import (
    FIELDS,
    Scenario,
    apply_values,
    flatten,
)

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SENSITIVITY_SPAN = 0.20  # each input moved ±20 % of its value, kept inside its bounds
MAX_COMPARED = 4


@dataclass(frozen=True)
class Headline:
    """One headline result: its id (an i18n key suffix), unit and how to compute it."""

    id: str
    unit: str  # "money", "count", "ratio", "years"
    compute: Callable[[Scenario], float]


def _ltv_to_cac(scenario: Scenario) -> float:
    ratio = overview_report(scenario).ltv_to_cac
    return math.nan if ratio is None else ratio


def _payback(scenario: Scenario) -> float:
    years = acquisition_report(scenario).payback_years
    return math.nan if years is None else float(years)


HEADLINES: tuple[Headline, ...] = (
    Headline("customers_lost", "count", lambda s: overview_report(s).customers_lost),
    Headline("margin_lost", "money", lambda s: overview_report(s).margin_lost),
    Headline("replacement_cost", "money", lambda s: overview_report(s).replacement_cost),
    Headline("clv", "money", lambda s: overview_report(s).clv),
    Headline("uplift_value", "money", lambda s: overview_report(s).uplift.change),
    Headline("ltv_to_cac", "ratio", _ltv_to_cac),
    Headline("break_even", "money", lambda s: acquisition_report(s).break_even),
    Headline("program_net_gain", "money", lambda s: acquisition_report(s).program_net_gain),
    Headline("payback_years", "years", _payback),
    # Word of mouth: customers and prospects lost to problems, valued at CLV, per year.
    Headline("value_at_risk", "money", lambda s: word_of_mouth_report(s).today.value_at_risk),
    # Loyalty: the whole firm's yearly profit in the long run, today and with the programme.
    Headline(
        "firm_profit_steady", "money", lambda s: loyalty_report(s).impact.steady_before.profit
    ),
    Headline(
        "firm_profit_steady_after", "money", lambda s: loyalty_report(s).impact.steady_after.profit
    ),
)
HEADLINES_BY_ID = {headline.id: headline for headline in HEADLINES}


def headline_values(scenario: Scenario) -> dict[str, float]:
    """Every headline result of `scenario` by id (NaN where a result does not exist)."""
    return dict(_headline_values(scenario))


@lru_cache(maxsize=1024)
def _headline_values(scenario: Scenario) -> tuple[tuple[str, float], ...]:
    # Scenarios are frozen and hashable; the comparison and the tornado ask for the same
    # scenarios on every rerun.
    return tuple((headline.id, float(headline.compute(scenario))) for headline in HEADLINES)


def differing_inputs(scenarios: Mapping[str, Scenario]) -> pd.DataFrame:
    """The inputs whose values differ between `scenarios`: rows = field paths, columns = names.

    >>> from calculators.scenario import default_scenario
    >>> other = apply_values(default_scenario(), {"business.retention": 0.9})[0]
    >>> differing_inputs({"a": default_scenario(), "b": other}).to_dict("index")
    {'business.retention': {'a': 0.8, 'b': 0.9}}
    """
    flat = {name: flatten(scenario) for name, scenario in scenarios.items()}
    paths = [p for p in FIELDS if len({repr(values[p]) for values in flat.values()}) > 1]
    return pd.DataFrame(
        {name: [values[p] for p in paths] for name, values in flat.items()},
        index=pd.Index(paths, name="input"),
        dtype=object,
    )


def headline_table(scenarios: Mapping[str, Scenario]) -> pd.DataFrame:
    """Every headline result for each scenario: rows = headline ids, columns = names."""
    return pd.DataFrame(
        {name: headline_values(scenario) for name, scenario in scenarios.items()},
        index=pd.Index([h.id for h in HEADLINES], name="result"),
    )


@dataclass(frozen=True)
class SensitivityRow:
    """What moving one input over [low, high] does to a result (base = the result unmoved)."""

    path: str
    low: float
    high: float
    result_low: float
    result_high: float
    swing: float  # |result_high − result_low|


def _moved(value: float, factor: float, path: str) -> float:
    spec = FIELDS[path]
    moved = value * factor
    low = spec.low if spec.low is not None else -math.inf
    high = spec.high if spec.high is not None else math.inf
    moved = min(max(moved, low), high)
    return round(moved) if spec.kind == "int" else moved


def sensitivity(
    scenario: Scenario,
    result: str,
    paths: Iterable[str] | None = None,
    span: float = SENSITIVITY_SPAN,
) -> pd.DataFrame:
    """Tornado data: each numeric input moved by ±`span` (relative), kept inside its bounds.

    Inputs whose moved values are not allowed together with the rest of the scenario are
    moved only as far as allowed (an invalid move counts as no move). Rows are sorted by swing,
    largest first; inputs at zero (which a relative move cannot shift) and inputs that do not
    move the result are left out.

    >>> from calculators.scenario import default_scenario
    >>> inputs = ["business.discount_rate", "business.retention", "business.active_customers"]
    >>> table = sensitivity(default_scenario(), "clv", inputs)
    >>> list(table["path"]), round(float(table["swing"].iloc[0]), 2)
    (['business.retention', 'business.discount_rate'], 1818.18)
    """
    return _sensitivity(scenario, result, tuple(paths) if paths is not None else None, span).copy()


@lru_cache(maxsize=256)
def _sensitivity(
    scenario: Scenario, result: str, paths: tuple[str, ...] | None, span: float
) -> pd.DataFrame:
    if result not in HEADLINES_BY_ID:
        raise ValueError(f"result must be one of {', '.join(HEADLINES_BY_ID)}, got {result!r}")
    if not 0 < span <= 1:
        raise ValueError(f"span must be in (0, 1], got {span}")
    compute = HEADLINES_BY_ID[result].compute
    base_values = flatten(scenario)
    candidates = paths if paths is not None else FIELDS
    rows = []
    for path in candidates:
        spec = FIELDS[path]
        value = base_values[path]
        if spec.kind not in ("int", "float") or value == 0:
            continue
        ends = []
        for factor in (1 - span, 1 + span):
            moved_value = _moved(value, factor, path)
            moved, issues = apply_values(scenario, {path: moved_value})
            ends.append((moved_value if not issues else value, float(compute(moved))))
        (low, result_low), (high, result_high) = ends
        swing = abs(result_high - result_low)
        if math.isfinite(swing) and swing > 1e-9:
            rows.append(SensitivityRow(path, low, high, result_low, result_high, swing))
    table = pd.DataFrame([row.__dict__ for row in rows])
    if table.empty:
        return pd.DataFrame(columns=list(SensitivityRow.__dataclass_fields__))
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def escape_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would run as a formula (prefix it with ``'``).

    Numbers are left alone: ``-28`` is a number, not a formula.

    >>> escape_cell('=HYPERLINK("http://x")'), escape_cell(-28), escape_cell("Studio")
    ('\\'=HYPERLINK("http://x")', -28, 'Studio')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(rows: Sequence[Sequence[object]]) -> str:
    """Rows as CSV text with every formula-like text cell escaped.

    >>> to_csv([["name", "value"], ["=1+1", 2]])
    "name,value\\r\\n'=1+1,2\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()
