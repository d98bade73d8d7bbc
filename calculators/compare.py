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
# The tornado moves each input over a plausible range, kept inside the field's bounds: rates
# (fields in percent or percentage points) by percentage points, since ±20% of a rate is not
# a plausible change (retention 80% would run from 64% to 96%); money, counts and other
# quantities by a share of their value.
SENSITIVITY_SHARE = 0.20  # money, counts, people, ratios, scores: ±20% of the value
SENSITIVITY_POINTS = 0.05  # rates: ±5 percentage points (retention 80% → 75%…85%)
# Rates whose plausible range is narrower than ±5 points around the usual values.
SENSITIVITY_POINTS_BY_FIELD: dict[str, float] = {
    "business.discount_rate": 0.02,  # 8% → 6%…10%
    "retention_program.retention_uplift": 0.02,  # +5 → +3…+7 points
    "word_of_mouth.complaint_share": 0.02,  # 4% → 2%…6%
}
RATE_UNITS = ("percent", "pp")
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


def sensitivity_range(
    path: str,
    value: float,
    share: float = SENSITIVITY_SHARE,
    points: float = SENSITIVITY_POINTS,
) -> tuple[float, float]:
    """The low and high values the tornado tries for one input, inside the field's bounds.

    rate (unit percent or pp): value ± points  (points from `SENSITIVITY_POINTS_BY_FIELD`
                                               where the field has its own)
    anything else:             value × (1 ± share)
    then clipped to [low bound, high bound]; whole-number fields are rounded.

    Parameters
    ----------
    path : str
        A numeric field of `calculators.scenario.FIELDS`.
    value : float
        The field's value in the scenario (fractions for rates: 0.8 = 80%).
    share : float, optional
        Relative move for non-rates, in (0, 1]. Default 0.20.
    points : float, optional
        Move for rates without their own, in percentage points as a fraction, in (0, 1].
        Default 0.05 (5 points).

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> tuple(round(v, 4) for v in sensitivity_range("business.retention", 0.8))
    (0.75, 0.85)
    >>> tuple(round(v, 4) for v in sensitivity_range("business.retention", 0.97))
    (0.92, 0.99)
    >>> sensitivity_range("business.acquisition_cost", 250.0)
    (200.0, 300.0)
    """
    spec = FIELDS.get(path)
    if spec is None or spec.kind not in ("int", "float"):
        raise ValueError(f"path must be a numeric scenario field, got {path!r}")
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share}")
    if not 0 < points <= 1:
        raise ValueError(f"points must be in (0, 1], got {points}")
    if spec.unit in RATE_UNITS:
        step = SENSITIVITY_POINTS_BY_FIELD.get(path, points)
        ends = (value - step, value + step)
    else:
        ends = (value * (1 - share), value * (1 + share))
    low = spec.low if spec.low is not None else -math.inf
    high = spec.high if spec.high is not None else math.inf
    clipped = [min(max(end, low), high) for end in ends]
    if spec.kind == "int":
        clipped = [float(round(end)) for end in clipped]
    return clipped[0], clipped[1]


def sensitivity(
    scenario: Scenario,
    result: str,
    paths: Iterable[str] | None = None,
    span: float = SENSITIVITY_SHARE,
    points: float = SENSITIVITY_POINTS,
) -> pd.DataFrame:
    """Tornado data: each numeric input moved over `sensitivity_range`, one at a time.

    Rates move by ±`points` percentage points (some fields by their own, narrower points),
    other inputs by ±`span` of their value; every move stays inside the field's bounds.
    Inputs whose moved values are not allowed together with the rest of the scenario are
    moved only as far as allowed (an invalid move counts as no move). Rows are sorted by swing,
    largest first; non-rates at zero (which a relative move cannot shift) and inputs that do
    not move the result are left out.

    Retention 80% → 75%…85%: CLV = 300 / (1.08 − r) runs from 300 / 0.33 to 300 / 0.23, a
    swing of 395.26; the discount rate 8% → 6%…10% gives 300 / 0.26 − 300 / 0.30 = 153.85.

    >>> from calculators.scenario import default_scenario
    >>> inputs = ["business.discount_rate", "business.retention", "business.active_customers"]
    >>> table = sensitivity(default_scenario(), "clv", inputs)
    >>> list(table["path"]), [round(float(v), 2) for v in table["swing"]]
    (['business.retention', 'business.discount_rate'], [395.26, 153.85])
    """
    return _sensitivity(
        scenario, result, tuple(paths) if paths is not None else None, span, points
    ).copy()


@lru_cache(maxsize=256)
def _sensitivity(
    scenario: Scenario, result: str, paths: tuple[str, ...] | None, span: float, points: float
) -> pd.DataFrame:
    if result not in HEADLINES_BY_ID:
        raise ValueError(f"result must be one of {', '.join(HEADLINES_BY_ID)}, got {result!r}")
    if not 0 < span <= 1:
        raise ValueError(f"span must be in (0, 1], got {span}")
    if not 0 < points <= 1:
        raise ValueError(f"points must be in (0, 1], got {points}")
    compute = HEADLINES_BY_ID[result].compute
    base_values = flatten(scenario)
    candidates = paths if paths is not None else FIELDS
    rows = []
    for path in candidates:
        spec = FIELDS[path]
        value = base_values[path]
        if spec.kind not in ("int", "float") or (value == 0 and spec.unit not in RATE_UNITS):
            continue
        ends = []
        for moved_value in sensitivity_range(path, value, span, points):
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
