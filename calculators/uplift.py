"""What a retention uplift is worth: per customer and for the owner's whole firm.

Per customer is the net present value of one new customer (`calculators.clv.cohort_value`, after
the acquisition cost); the whole firm is the undiscounted profit of the owner's firm, today's
customers plus the same cohort of new ones every year (`calculators.firm`), compared in a few
milestone years and in the long run. The uplift is given as the two retentions, before and
after: in points (``retention + 0.05``) or relative
(`calculators.clv.retention_after_relative_uplift`). Relative changes are fractions
(0.36 = +36 %) and exist only where the value before is positive
(`calculators.clv.relative_change`): elsewhere only the change in money is given.

The famous claim's figures (`STUDY_PROFIT_RANGE`, `QUOTED_PROFIT_RANGE`) are context for the
reader, not a benchmark: they were measured on other firms' per-customer value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators._validate import check_finite_array, check_integer, check_range
from calculators.clv import UpliftValue, cohort_uplift_value, cohort_value, relative_change
from calculators.firm import SteadyState, firm_profit_by_year, firm_profit_path, firm_steady_state
from calculators.scenario import MAX_RETENTION

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = [
    "MILESTONE_YEARS",
    "QUOTED_PROFIT_RANGE",
    "STUDY_PROFIT_RANGE",
    "UPLIFT_CURVE_FIRM_YEAR",
    "UpliftImpact",
    "uplift_curve",
    "uplift_impact",
]

# Source retention_profit. Reichheld & Sasser's 1990 HBR chart ("Zero Defections", nine service
# industries) runs from +25% to +85% of the net present value of a customer for 5 points less
# defection. Context on the Loyalty page, never a benchmark the owner's number "passes".
STUDY_PROFIT_RANGE: tuple[float, float] = (0.25, 0.85)
# "25% to 95%": a later Bain formulation of the same claim, quoted e.g. by HBR in 2014 (Gallo);
# it is the range the seed articles and the famous-figures table quote.
QUOTED_PROFIT_RANGE: tuple[float, float] = (0.25, 0.95)
# The years of the firm's profit path compared before and after, next to the steady state.
MILESTONE_YEARS: tuple[int, ...] = (1, 3, 5, 10)
# The "% change vs uplift" chart: uplifts from 0 to 10 points in half-point steps.
UPLIFT_CURVE_MAX = 0.10
UPLIFT_CURVE_STEPS = 21
# The year of the firm's path that chart shows next to the per-customer and long-run changes.
UPLIFT_CURVE_FIRM_YEAR = 5


@dataclass(frozen=True)
class UpliftImpact:
    """What a change of retention is worth per customer and for the whole firm.

    Attributes
    ----------
    retention_before, retention_after : float
        Annual retention without and with the uplift.
    per_customer : UpliftValue
        Net present value of one new customer (after acquisition cost), before and after; its
        relative change is ``None`` when the value before is not positive.
    firm_path : pandas.DataFrame
        Year 1..N: ``customers_before``, ``profit_before``, ``customers_after``,
        ``profit_after`` (the owner's firm, undiscounted; see `firm_profit_path`).
    firm_years : pandas.DataFrame
        The milestone years (index ``year``): profit ``before``, ``after``, ``change`` and
        ``relative_change`` (NaN where the profit before is not positive).
    steady_before, steady_after : SteadyState
        The long run without and with the uplift.
    steady_change : float
        ``steady_after.profit - steady_before.profit`` (money per year).
    steady_relative_change : float or None
        Relative change of the steady-state profit; ``None`` when it is not positive before.
    """

    retention_before: float
    retention_after: float
    per_customer: UpliftValue
    firm_path: pd.DataFrame
    firm_years: pd.DataFrame
    steady_before: SteadyState
    steady_after: SteadyState
    steady_change: float
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
    *,
    active_customers: float = 0.0,
    active_margin: float = 0.0,
) -> UpliftImpact:
    """A retention uplift per customer (net present value) and for the firm (profit by year).

    per customer: cohort_value at retention_before and retention_after, after acquisition cost,
                  discounted, over ``horizon`` years (all years if None);
    firm:         firm_profit_path at both retentions (undiscounted profit of each year, today's
                  ``active_customers`` earning ``active_margin`` flat plus the new cohorts) over
                  max(years, max(milestones)) years, and firm_steady_state at both;
    relative change = (after - before) / before, only where before > 0.

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
    active_customers : float, optional
        The firm's customers today (>= 0). Default 0: a new firm starting from zero.
    active_margin : float, optional
        Margin per year of each of today's customers (money). Default 0.

    Returns
    -------
    UpliftImpact

    Examples
    --------
    Flat margin 100, 10 % discount, 90 % -> 95 %: a third more per customer.

    >>> impact = uplift_impact([100], 0.90, 0.95, 0.10, 0, 1000)
    >>> round(impact.per_customer.relative_change, 3)
    0.333

    A firm with 10,000 customers today earning 100 each, 1,000 new a year at 60 each. Year 1:
    (9,000 + 1,000) x 100 - 60,000 = 940,000 before, (9,500 + 1,000) x 100 - 60,000 = 990,000
    after (+5.3 %); in the long run 940,000 -> 1,940,000 a year.

    >>> impact = uplift_impact(
    ...     [100], 0.90, 0.95, 0.10, 60, 1000, active_customers=10_000, active_margin=100
    ... )
    >>> impact.firm_years.loc[1, ["before", "after"]].round().tolist()
    [940000.0, 990000.0]
    >>> round(float(impact.firm_years.loc[1, "relative_change"]), 3)
    0.053
    >>> round(impact.steady_before.profit), round(impact.steady_after.profit)
    (940000, 1940000)
    """
    import pandas as pd

    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    marks = [check_integer("milestones", year, 1) for year in milestones]
    length = max(check_integer("years", years, 1), *marks)
    per_customer = cohort_uplift_value(
        margins, retention_before, retention_after, discount_rate, acquisition_cost, horizon
    )
    existing = {"active_customers": active_customers, "active_margin": active_margin}
    before = firm_profit_path(
        new_customers_per_year, retention_before, margins, acquisition_cost, length, **existing
    )
    after = firm_profit_path(
        new_customers_per_year, retention_after, margins, acquisition_cost, length, **existing
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
        steady_change=steady_after.profit - steady_before.profit,
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
    *,
    active_customers: float = 0.0,
    active_margin: float = 0.0,
) -> pd.DataFrame:
    """Relative change of profit against the retention uplift in percentage points.

    For each uplift u: retention_after = min(retention + u, max_retention) and
    per_customer = relative change of the net present value per customer (`cohort_uplift_value`),
    firm_year    = relative change of the firm's profit in year ``firm_year``,
    long_run     = relative change of the firm's steady-state profit;
    each (after - before) / before, and NaN where the value before is not positive.

    Parameters
    ----------
    margins_by_tenure, retention, discount_rate, acquisition_cost, new_customers_per_year, horizon
        As in `uplift_impact`.
    active_customers, active_margin
        The firm's customers today and their margin, as in `uplift_impact`.
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
    import pandas as pd

    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    retention = check_range("retention", retention, 0, 1, high_open=True)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    new = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    firm_year = check_integer("firm_year", firm_year, 1)
    active = check_range("active_customers", active_customers, 0, None)
    if uplifts is None:
        uplifts = np.linspace(0.0, UPLIFT_CURVE_MAX, UPLIFT_CURVE_STEPS)
    points = np.asarray(uplifts, dtype=float)
    if points.ndim != 1 or not np.all(np.isfinite(points)) or np.any(points < 0):
        raise ValueError(f"uplifts must be a 1-D sequence of numbers >= 0, got {points.tolist()}")
    # The same cap and rounding as Scenario.retention_after_program, for every uplift at once.
    after = np.minimum(np.round(retention + points, 12), max_retention)

    # Scalars and arrays, not `uplift_impact`'s DataFrames: this runs on every page rerun.
    def firm(retention_now: float) -> tuple[float, float]:
        profit = firm_profit_by_year(
            new,
            retention_now,
            margins,
            acquisition_cost,
            firm_year,
            active_customers=active,
            active_margin=active_margin,
        )[1][-1]
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
