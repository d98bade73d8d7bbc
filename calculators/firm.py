"""The whole firm: customers and profit year by year when it acquires a cohort every year.

The firm acquires the same number of new customers at the start of every year from year 1; each
cohort keeps ``retention`` of its customers a year and earns the margin of its tenure year
(`calculators.tenure`). Profit is undiscounted, in money of each year: margins of every customer
alive minus that year's acquisition spend (`firm_profit_path`); in the long run the path levels
off at new customers times the undiscounted lifetime value (`firm_steady_state`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from calculators._validate import check_finite_array, check_integer, check_range
from calculators.clv import cohort_value, expected_lifetime, survival_curve

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
) -> pd.DataFrame:
    """The whole firm's customers and profit year by year, acquiring one cohort a year.

    A cohort of ``A = new_customers_per_year`` customers is acquired at the start of every year
    from year 1 and is fully active in its first year; the cohort acquired k years earlier has
    ``A * retention**k`` customers, in their tenure year k + 1. In year y:

        customers_y = A * sum_{k=0..y-1} retention**k
        profit_y    = A * sum_{k=0..y-1} retention**k * m_{k+1} - A * acquisition_cost

    Profit is undiscounted (money of that year): the margins of every customer alive minus that
    year's acquisition spend. Customers the firm had before year 1 are not counted.

    Parameters
    ----------
    new_customers_per_year : float
        Customers acquired at the start of each year (>= 0).
    retention : float
        Annual retention, a fraction in [0, 1].
    margins_by_tenure : sequence of float or numpy.ndarray
        Margin per customer in tenure year 1, 2, ...; the last continues (see `cohort_value`).
    acquisition_cost : float
        Cost of acquiring one customer (money, >= 0).
    years : int
        Years projected (integer >= 1).

    Returns
    -------
    pandas.DataFrame
        Indexed by year 1..years (``year``), columns ``customers`` (active during that year) and
        ``profit`` (money per year).

    Examples
    --------
    >>> path = firm_profit_path(1000, 0.9, [100], 60, 3)
    >>> [round(v) for v in path["customers"]], [round(v) for v in path["profit"]]
    ([1000, 1900, 2710], [40000, 130000, 211000])
    """
    customers, profit = firm_profit_by_year(
        new_customers_per_year, retention, margins_by_tenure, acquisition_cost, years
    )
    return pd.DataFrame(
        {"customers": customers, "profit": profit},
        index=pd.RangeIndex(1, len(customers) + 1, name="year"),
    )


def firm_profit_by_year(
    new_customers_per_year: float,
    retention: float,
    margins_by_tenure: Sequence[float] | np.ndarray,
    acquisition_cost: float,
    years: int,
) -> tuple[np.ndarray, np.ndarray]:
    """`firm_profit_path`'s two columns as arrays: customers and profit in year 1..years.

    customers_y = A * sum_{k=0..y-1} retention**k
    profit_y    = A * sum_{k=0..y-1} retention**k * m_{k+1} - A * acquisition_cost

    The same inputs and formula as `firm_profit_path`, without building a DataFrame: for
    callers that run it for many retentions (`calculators.uplift.uplift_curve`).

    Examples
    --------
    >>> customers, profit = firm_profit_by_year(1000, 0.9, [100], 60, 3)
    >>> customers.round().tolist(), profit.round().tolist()
    ([1000.0, 1900.0, 2710.0], [40000.0, 130000.0, 211000.0])
    """
    new = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    retention = check_range("retention", retention, 0, 1)
    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    years = check_integer("years", years, 1)

    alive_per_new = survival_curve(retention, years)  # the cohort of age k: S(k + 1)
    customers = new * np.cumsum(alive_per_new)
    margins_alive = new * np.cumsum(alive_per_new * _margins_for_years(margins, years))
    return customers, margins_alive - new * acquisition_cost


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
