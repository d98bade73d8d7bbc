"""What a retention uplift is worth: per customer, for the whole firm, and against the claims.

Per customer is the net present value of one new customer (`calculators.clv.cohort_value`, after
the acquisition cost); the whole firm is the undiscounted profit of a firm acquiring the same
cohort every year (`calculators.firm`), compared in a few milestone years and in the long run.
The uplift is given as the two retentions, before and after: in points
(``retention + 0.05``) or relative (`calculators.clv.retention_after_relative_uplift`).
Relative changes are fractions (0.36 = +36 %) and do not exist where the value before is 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from calculators._validate import check_finite_array, check_integer, check_range
from calculators.clv import UpliftValue, cohort_uplift_value, cohort_value, relative_change
from calculators.firm import SteadyState, firm_profit_by_year, firm_profit_path, firm_steady_state
from calculators.scenario import MAX_RETENTION

__all__ = [
    "MILESTONE_YEARS",
    "REPORTED_PROFIT_RANGE",
    "UPLIFT_CURVE_FIRM_YEAR",
    "RangePosition",
    "UpliftImpact",
    "reported_range_position",
    "uplift_curve",
    "uplift_impact",
]

# The profit rises Bain reports for 5 points less defection (source retention_profit: Reichheld &
# Sasser 1990, "25% to 95%" in HBR 2014 citing Bain). Shown as a reference band, not a target.
REPORTED_PROFIT_RANGE: tuple[float, float] = (0.25, 0.95)
# The years of the firm's profit path compared before and after, next to the steady state.
MILESTONE_YEARS: tuple[int, ...] = (1, 3, 5, 10)
# The "% change vs uplift" chart: uplifts from 0 to 10 points in half-point steps.
UPLIFT_CURVE_MAX = 0.10
UPLIFT_CURVE_STEPS = 21
# The year of the firm's path that chart shows next to the per-customer and long-run changes.
UPLIFT_CURVE_FIRM_YEAR = 5
# Where a relative change falls against `REPORTED_PROFIT_RANGE`.
RangePosition = Literal["below", "within", "above", "undefined"]


@dataclass(frozen=True)
class UpliftImpact:
    """What a change of retention is worth per customer and for the whole firm.

    Attributes
    ----------
    retention_before, retention_after : float
        Annual retention without and with the uplift.
    per_customer : UpliftValue
        Net present value of one new customer (after acquisition cost), before and after.
    firm_path : pandas.DataFrame
        Year 1..N: ``customers_before``, ``profit_before``, ``customers_after``,
        ``profit_after`` (undiscounted; see `firm_profit_path`).
    firm_years : pandas.DataFrame
        The milestone years (index ``year``): profit ``before``, ``after``, ``change`` and
        ``relative_change`` (NaN where the profit before is 0).
    steady_before, steady_after : SteadyState
        The long run without and with the uplift.
    steady_relative_change : float or None
        Relative change of the steady-state profit; ``None`` when it is 0 before.
    """

    retention_before: float
    retention_after: float
    per_customer: UpliftValue
    firm_path: pd.DataFrame
    firm_years: pd.DataFrame
    steady_before: SteadyState
    steady_after: SteadyState
    steady_relative_change: float | None


def uplift_impact(
    margins_by_tenure: Sequence[float] | np.ndarray,
    retention_before: float,
    retention_after: float,
    discount_rate: float,
    acquisition_cost: float,
    new_customers_per_year: float,
    horizon: int | None = None,
    years: int = 10,
    milestones: Sequence[int] = MILESTONE_YEARS,
) -> UpliftImpact:
    """A retention uplift per customer (net present value) and for the firm (profit by year).

    per customer: cohort_value at retention_before and retention_after, after acquisition cost,
                  discounted, over ``horizon`` years (all years if None);
    firm:         firm_profit_path at both retentions (undiscounted profit of each year) over
                  max(years, max(milestones)) years, and firm_steady_state at both.

    Give the uplift in percentage points (``retention_after = retention + 0.05``) or relative
    (`retention_after_relative_uplift`); this function only sees the two retentions.

    Parameters
    ----------
    margins_by_tenure : sequence of float or numpy.ndarray
        Margin per customer by tenure year (see `cohort_value`).
    retention_before, retention_after : float
        Annual retention without and with the uplift, fractions in [0, 1).
    discount_rate : float
        Annual discount rate for the per-customer value, a fraction in [0, 1].
    acquisition_cost : float
        Cost of acquiring one customer (money, >= 0).
    new_customers_per_year : float
        Customers the firm acquires each year (>= 0).
    horizon : int or None, optional
        Years counted in the per-customer value; ``None`` for all.
    years : int, optional
        Length of the firm's path (at least the last milestone). Default 10.
    milestones : sequence of int, optional
        Years of the path compared in ``firm_years``. Default `MILESTONE_YEARS`.

    Returns
    -------
    UpliftImpact

    Examples
    --------
    Flat margin 100, 10 % discount, 90 % -> 95 %: a third more per customer; 1,000 new customers a
    year at 60 each: the same profit in year 1, and 940,000 -> 1,940,000 a year in the long run.

    >>> impact = uplift_impact([100], 0.90, 0.95, 0.10, 0, 1000)
    >>> round(impact.per_customer.relative_change, 3)
    0.333
    >>> impact = uplift_impact([100], 0.90, 0.95, 0.10, 60, 1000)
    >>> float(impact.firm_years.loc[1, "relative_change"])
    0.0
    >>> round(impact.steady_before.profit), round(impact.steady_after.profit)
    (940000, 1940000)
    """
    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    marks = [check_integer("milestones", year, 1) for year in milestones]
    length = max(check_integer("years", years, 1), *marks)
    per_customer = cohort_uplift_value(
        margins, retention_before, retention_after, discount_rate, acquisition_cost, horizon
    )
    before = firm_profit_path(
        new_customers_per_year, retention_before, margins, acquisition_cost, length
    )
    after = firm_profit_path(
        new_customers_per_year, retention_after, margins, acquisition_cost, length
    )
    path = pd.DataFrame(
        {
            "customers_before": before["customers"],
            "profit_before": before["profit"],
            "customers_after": after["customers"],
            "profit_after": after["profit"],
        }
    )
    profit_before = before["profit"].loc[marks].to_numpy()
    profit_after = after["profit"].loc[marks].to_numpy()
    firm_years = pd.DataFrame(
        {
            "before": profit_before,
            "after": profit_after,
            "change": profit_after - profit_before,
            "relative_change": [
                np.nan if (change := relative_change(b, a)) is None else change
                for b, a in zip(profit_before, profit_after, strict=True)
            ],
        },
        index=pd.Index(marks, name="year"),
    )
    steady_before = firm_steady_state(
        new_customers_per_year, retention_before, margins, acquisition_cost
    )
    steady_after = firm_steady_state(
        new_customers_per_year, retention_after, margins, acquisition_cost
    )
    return UpliftImpact(
        retention_before=retention_before,
        retention_after=retention_after,
        per_customer=per_customer,
        firm_path=path,
        firm_years=firm_years,
        steady_before=steady_before,
        steady_after=steady_after,
        steady_relative_change=relative_change(steady_before.profit, steady_after.profit),
    )


def uplift_curve(
    margins_by_tenure: Sequence[float] | np.ndarray,
    retention: float,
    discount_rate: float,
    acquisition_cost: float,
    new_customers_per_year: float,
    horizon: int | None = None,
    uplifts: Sequence[float] | np.ndarray | None = None,
    firm_year: int = UPLIFT_CURVE_FIRM_YEAR,
    max_retention: float = MAX_RETENTION,
) -> pd.DataFrame:
    """Relative change of profit against the retention uplift in percentage points.

    For each uplift u: retention_after = min(retention + u, max_retention) and
    per_customer = relative change of the net present value per customer (`cohort_uplift_value`),
    firm_year    = relative change of the firm's profit in year ``firm_year``,
    long_run     = relative change of the firm's steady-state profit.
    Undefined changes (a value of 0 before) are NaN.

    Parameters
    ----------
    margins_by_tenure, retention, discount_rate, acquisition_cost, new_customers_per_year, horizon
        As in `uplift_impact`.
    uplifts : sequence of float or numpy.ndarray, optional
        Uplifts in points as fractions (0.05 = +5 pp); default 0 to 10 points, half-point steps.
    firm_year : int, optional
        Year of the firm's path compared. Default 5.
    max_retention : float, optional
        Cap on the raised retention. Default `MAX_RETENTION`.

    Returns
    -------
    pandas.DataFrame
        Columns ``uplift``, ``retention_after``, ``per_customer``, ``firm_year``, ``long_run``.

    Examples
    --------
    >>> curve = uplift_curve([100], 0.90, 0.10, 0, 1000, uplifts=[0.0, 0.05])
    >>> [round(v, 3) for v in curve["per_customer"]]
    [0.0, 0.333]
    """
    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    retention = check_range("retention", retention, 0, 1, high_open=True)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    new = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    firm_year = check_integer("firm_year", firm_year, 1)
    if uplifts is None:
        uplifts = np.linspace(0.0, UPLIFT_CURVE_MAX, UPLIFT_CURVE_STEPS)
    points = np.asarray(uplifts, dtype=float)
    if points.ndim != 1 or not np.all(np.isfinite(points)) or np.any(points < 0):
        raise ValueError(f"uplifts must be a 1-D sequence of numbers >= 0, got {points.tolist()}")
    # The same cap and rounding as Scenario.retention_after_program, for every uplift at once.
    after = np.minimum(np.round(retention + points, 12), max_retention)

    # Scalars and arrays, not `uplift_impact`'s DataFrames: this runs on every page rerun.
    def firm(retention_now: float) -> tuple[float, float]:
        profit = firm_profit_by_year(new, retention_now, margins, acquisition_cost, firm_year)[1][
            -1
        ]
        return float(profit), firm_steady_state(
            new, retention_now, margins, acquisition_cost
        ).profit

    value_before = cohort_value(margins, retention, discount_rate, acquisition_cost, horizon)
    year_before, steady_before = firm(retention)
    rows = []
    for retention_after in after.tolist():
        value_after = cohort_value(
            margins, retention_after, discount_rate, acquisition_cost, horizon
        )
        year_after, steady_after = firm(retention_after)
        rows.append(
            [
                relative_change(value_before, value_after),
                relative_change(year_before, year_after),
                relative_change(steady_before, steady_after),
            ]
        )
    changes = np.array(rows, dtype=float)  # None becomes NaN
    return pd.DataFrame(
        {
            "uplift": points,
            "retention_after": after,
            "per_customer": changes[:, 0],
            "firm_year": changes[:, 1],
            "long_run": changes[:, 2],
        }
    )


def reported_range_position(
    relative_change: float | None, reported_range: tuple[float, float] = REPORTED_PROFIT_RANGE
) -> RangePosition:
    """Where a relative profit change falls against Reichheld's reported 25-95 % range.

    >>> reported_range_position(0.36), reported_range_position(0.1), reported_range_position(None)
    ('within', 'below', 'undefined')
    """
    if relative_change is None or not math.isfinite(relative_change):
        return "undefined"
    low, high = reported_range
    if relative_change < low:
        return "below"
    return "within" if relative_change <= high else "above"
