"""The owner's firm: customers and profit year by year, from today's customers and the new ones.

The firm starts from ``N0 = active_customers`` customers today (year 0) and acquires the same
number ``A`` of new customers at the start of every year from year 1. Everyone keeps
``retention`` a year, so the customer count is the leaky bucket of
`calculators.acquisition.leaky_bucket` (year y: ``N0 * r**y + A * sum_{k<y} r**k``).

Margins. A new customer earns the margin of their tenure year (`calculators.tenure`). Today's
customers have a tenure the app does not know; the stated assumption is that each of them earns
``active_margin`` a year, flat (the app passes today's margin per customer, revenue x gross
margin: no growth, savings, referrals or premium are counted for them, which is cautious).

Profit is undiscounted, in money of each year: the margins of every customer alive minus that
year's acquisition spend (`firm_profit_path`). Today's customers leave over the years, so in the
long run the path levels off at new customers times the undiscounted lifetime value
(`firm_steady_state`), whatever the firm started from. With ``active_customers = 0`` the same
functions describe a new firm starting from zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators._validate import check_finite, check_finite_array, check_integer, check_range
from calculators.clv import cohort_value, expected_lifetime, survival_curve

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = ["SteadyState", "firm_profit_by_year", "firm_profit_path", "firm_steady_state"]


def _margins_for_years(margins: np.ndarray, years: int) -> np.ndarray:
    """Margins for tenure years 1..years: the list, then its last margin repeated."""
    if years <= margins.size:
        return margins[:years]
    return np.concatenate([margins, np.full(years - margins.size, margins[-1])])


def firm_profit_path(
    new_customers_per_year: float,
    retention: float,
    margins_by_tenure: Sequence[float] | np.ndarray,
    acquisition_cost: float,
    years: int,
    *,
    active_customers: float = 0.0,
    active_margin: float = 0.0,
) -> pd.DataFrame:
    """The firm's customers and profit year by year: today's customers plus a cohort a year.

    With ``N0 = active_customers`` today (year 0) and a cohort of ``A = new_customers_per_year``
    acquired at the start of every year from year 1 (fully active in its first year; the cohort
    acquired k years earlier has ``A * retention**k`` customers, in their tenure year k + 1),
    in year y = 1, 2, ...:

        existing_y  = N0 * retention**y
        customers_y = existing_y + A * sum_{k=0..y-1} retention**k
        profit_y    = existing_y * active_margin
                      + A * sum_{k=0..y-1} retention**k * m_{k+1} - A * acquisition_cost

    ``customers_y`` is the leaky bucket's ``N_y`` (`calculators.acquisition.leaky_bucket`).
    Profit is undiscounted (money of that year). Today's customers earn ``active_margin`` each,
    flat: their tenure is unknown, so no loyalty effect is counted for them.

    Parameters
    ----------
    new_customers_per_year : float
        Customers acquired at the start of each year, A (>= 0).
    retention : float
        Annual retention, a fraction in [0, 1].
    margins_by_tenure : sequence of float or numpy.ndarray
        Margin per new customer in tenure year 1, 2, ...; the last continues (see `cohort_value`).
    acquisition_cost : float
        Cost of acquiring one customer (money, >= 0).
    years : int
        Years projected (integer >= 1).
    active_customers : float, optional
        Customers today, N0 (>= 0). Default 0: a new firm starting from zero.
    active_margin : float, optional
        Margin per year of each of today's customers (money, any finite number). Default 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by year 1..years (``year``), columns ``customers`` (active during that year),
        ``existing`` (of them, today's customers still there) and ``profit`` (money per year).

    Examples
    --------
    1,000 customers today earning 100 each, 1,000 new a year at 60 each, 90 % retention.
    Year 1: 900 + 1,000 customers; 1,900 x 100 - 60,000 = 130,000.

    >>> path = firm_profit_path(1000, 0.9, [100], 60, 3, active_customers=1000, active_margin=100)
    >>> [round(v) for v in path["customers"]], [round(v) for v in path["profit"]]
    ([1900, 2710, 3439], [130000, 211000, 283900])

    The same firm starting from zero:

    >>> path = firm_profit_path(1000, 0.9, [100], 60, 3)
    >>> [round(v) for v in path["customers"]], [round(v) for v in path["profit"]]
    ([1000, 1900, 2710], [40000, 130000, 211000])
    """
    import pandas as pd

    customers, existing, profit = _firm_by_year(
        new_customers_per_year,
        retention,
        margins_by_tenure,
        acquisition_cost,
        years,
        active_customers,
        active_margin,
    )
    return pd.DataFrame(
        {"customers": customers, "existing": existing, "profit": profit},
        index=pd.RangeIndex(1, len(customers) + 1, name="year"),
    )


def firm_profit_by_year(
    new_customers_per_year: float,
    retention: float,
    margins_by_tenure: Sequence[float] | np.ndarray,
    acquisition_cost: float,
    years: int,
    *,
    active_customers: float = 0.0,
    active_margin: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """`firm_profit_path`'s customers and profit as arrays, for year 1..years.

    customers_y = N0 * retention**y + A * sum_{k=0..y-1} retention**k
    profit_y    = N0 * retention**y * active_margin
                  + A * sum_{k=0..y-1} retention**k * m_{k+1} - A * acquisition_cost

    The same inputs and formula as `firm_profit_path`, without building a DataFrame: for
    callers that run it for many retentions (`calculators.uplift.uplift_curve`).

    Examples
    --------
    >>> customers, profit = firm_profit_by_year(
    ...     1000, 0.9, [100], 60, 3, active_customers=1000, active_margin=100
    ... )
    >>> customers.round().tolist(), profit.round().tolist()
    ([1900.0, 2710.0, 3439.0], [130000.0, 211000.0, 283900.0])
    """
    customers, _, profit = _firm_by_year(
        new_customers_per_year,
        retention,
        margins_by_tenure,
        acquisition_cost,
        years,
        active_customers,
        active_margin,
    )
    return customers, profit


def _firm_by_year(
    new_customers_per_year: float,
    retention: float,
    margins_by_tenure: Sequence[float] | np.ndarray,
    acquisition_cost: float,
    years: int,
    active_customers: float,
    active_margin: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Customers, today's customers still there, and profit in year 1..years (validated)."""
    new = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    retention = check_range("retention", retention, 0, 1)
    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    years = check_integer("years", years, 1)
    active = check_range("active_customers", active_customers, 0, None)
    active_margin = check_finite("active_margin", active_margin)

    alive_per_new = survival_curve(retention, years)  # the cohort of age k: S(k + 1) = r**k
    existing = active * retention * alive_per_new  # N0 * r**y for y = 1..years
    customers = existing + new * np.cumsum(alive_per_new)
    margins_alive = new * np.cumsum(alive_per_new * _margins_for_years(margins, years))
    profit = existing * active_margin + margins_alive - new * acquisition_cost
    return customers, existing, profit


@dataclass(frozen=True)
class SteadyState:
    """Where the firm's path levels off when it keeps acquiring the same cohort every year.

    Attributes
    ----------
    customers : float
        Active customers, ``A / (1 - retention)``.
    profit : float
        Profit per year (undiscounted), ``A * (undiscounted CLV - acquisition cost)``.
    """

    customers: float
    profit: float


def firm_steady_state(
    new_customers_per_year: float,
    retention: float,
    margins_by_tenure: Sequence[float] | np.ndarray,
    acquisition_cost: float,
) -> SteadyState:
    """The limit of `firm_profit_path` as the years go to infinity.

    customers = A / (1 - retention)
    profit    = A * sum_{t>=1} m_t * retention**(t-1) - A * acquisition_cost
              = A * cohort_value(margins, retention, 0, acquisition_cost)

    Each year the firm earns what one cohort earns over its whole life, undiscounted: the steady
    state is new customers times the undiscounted lifetime value net of acquisition cost.
    Today's customers (``active_customers`` of `firm_profit_path`) leave over the years, so the
    long run is the same whatever the firm starts from.

    Parameters
    ----------
    new_customers_per_year : float
        Customers acquired each year (>= 0).
    retention : float
        Annual retention, a fraction in [0, 1): at 1 the firm never levels off.
    margins_by_tenure : sequence of float or numpy.ndarray
        As in `cohort_value`.
    acquisition_cost : float
        Cost of acquiring one customer (money, >= 0).

    Returns
    -------
    SteadyState

    Examples
    --------
    >>> state = firm_steady_state(1000, 0.9, [100], 60)
    >>> round(state.customers), round(state.profit)
    (10000, 940000)
    """
    new = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    lifetime = expected_lifetime(retention)
    value = cohort_value(margins_by_tenure, retention, 0.0, acquisition_cost)
    return SteadyState(customers=new * lifetime, profit=new * value)
