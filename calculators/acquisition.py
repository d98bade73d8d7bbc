"""Acquisition versus retention: churn cost, leaky bucket, break-even retention spend, payback.

Conventions (those of `calculators.clv`): one period is one year; the acquisition cost (CAC) is
paid at t = 0; a new customer is certainly active in year 1 and active in year t with probability
``S(t) = retention**(t - 1)``; margins arrive at each year's end, discounted by
``(1 + discount_rate)**t``. Money is per customer unless a name says otherwise (margin: per
customer per year); rates are fractions (0.8 = 80 %).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators._validate import check_finite, check_integer, check_range
from calculators.clv import customer_lifetime_value

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = [
    "ChurnCost",
    "break_even_retention_spend",
    "cac_payback_years",
    "churn_cost",
    "cumulative_discounted_margin",
    "leaky_bucket",
    "ltv_to_cac",
    "program_net_gain",
    "steady_state_customers",
]

# Relative slack when comparing a cumulative float sum with the CAC, so that e.g. 110 / 1.1 =
# 99.99999999999999 still pays back a CAC of 100 in year 1.
_PAYBACK_RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ChurnCost:
    """What one year of churn costs a customer base.

    Attributes
    ----------
    customers_lost : float
        Customers who leave during the year, ``N * (1 - retention)``.
    margin_lost : float
        Annual margin those customers took with them (money per year).
    replacement_cost : float
        What acquiring the same number of new customers costs (money).
    keep_cost_by_rule : float
        What keeping them would have cost if acquiring costs ``acquire_to_retain_ratio`` times as
        much as retaining (money).
    program_cost : float
        Yearly cost of the retention program over the whole base (money per year).
    customers_kept_by_program : float
        Customers the program keeps, ``N * retention_uplift``.
    own_replace_ratio : float or None
        Money spent to replace per unit of annual margin lost, from the user's own figures;
        ``None`` when no margin is lost.
    rule_replace_cost : float
        Replacement cost the "1 lost needs ``lost_to_replace_ratio`` to replace" rule of thumb
        would give (money).
    """

    customers_lost: float
    margin_lost: float
    replacement_cost: float
    keep_cost_by_rule: float
    program_cost: float
    customers_kept_by_program: float
    own_replace_ratio: float | None
    rule_replace_cost: float


def churn_cost(
    active_customers: float,
    retention: float,
    margin: float,
    acquisition_cost: float,
    acquire_to_retain_ratio: float = 5.0,
    program_cost_per_customer: float = 0.0,
    retention_uplift: float = 0.0,
    lost_to_replace_ratio: float = 10.0,
) -> ChurnCost:
    """One year of churn in money: margin lost, cost to replace, cost to keep.

    customers_lost            = N * (1 - r)
    margin_lost               = customers_lost * margin
    replacement_cost          = customers_lost * CAC
    keep_cost_by_rule         = customers_lost * CAC / acquire_to_retain_ratio
    program_cost              = N * program_cost_per_customer
    customers_kept_by_program = N * retention_uplift
    own_replace_ratio         = replacement_cost / margin_lost
    rule_replace_cost         = margin_lost * lost_to_replace_ratio

    Parameters
    ----------
    active_customers : float
        Customers at the start of the year, N (>= 0).
    retention : float
        Annual retention r, a fraction in [0, 1].
    margin : float
        Margin per customer per year (money), any finite number.
    acquisition_cost : float
        Cost of acquiring one customer, CAC (money, >= 0).
    acquire_to_retain_ratio : float, optional
        How many times acquiring costs more than retaining (>= 1). Default 5, the folklore "5x".
    program_cost_per_customer : float, optional
        Retention program cost per active customer per year (money, >= 0). Default 0.
    retention_uplift : float, optional
        Retention points the program adds, as a fraction in [0, 1 - retention]. Default 0.
    lost_to_replace_ratio : float, optional
        Money needed to replace one unit of lost margin in the rule of thumb (>= 1). Default 10.

    Returns
    -------
    ChurnCost

    Examples
    --------
    1,000 customers, 80 % retention, 300 margin, 250 CAC:

    >>> cost = churn_cost(1000, 0.8, 300, 250)
    >>> round(cost.customers_lost), round(cost.margin_lost), round(cost.replacement_cost)
    (200, 60000, 50000)
    >>> round(cost.keep_cost_by_rule), round(cost.own_replace_ratio, 3)
    (10000, 0.833)
    """
    active_customers = check_range("active_customers", active_customers, 0, None)
    retention = check_range("retention", retention, 0, 1)
    margin = check_finite("margin", margin)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    acquire_to_retain_ratio = check_range(
        "acquire_to_retain_ratio", acquire_to_retain_ratio, 1, None
    )
    program_cost_per_customer = check_range(
        "program_cost_per_customer", program_cost_per_customer, 0, None
    )
    retention_uplift = check_range("retention_uplift", retention_uplift, 0, 1)
    lost_to_replace_ratio = check_range("lost_to_replace_ratio", lost_to_replace_ratio, 1, None)
    # Compare the sum rather than uplift with 1 - r: 1 - 0.9 rounds below 0.1.
    if retention + retention_uplift > 1:
        raise ValueError(
            f"retention_uplift must be in [0, {1 - retention:.10g}] (1 - retention), "
            f"got {retention_uplift:.10g}"
        )

    customers_lost = active_customers * (1.0 - retention)
    margin_lost = customers_lost * margin
    replacement_cost = customers_lost * acquisition_cost
    # replacement_cost / margin_lost simplifies to CAC / margin; dividing the inputs avoids
    # rounding (or underflow) in the two products.
    no_margin_lost = customers_lost == 0 or margin == 0
    own_ratio = None if no_margin_lost else acquisition_cost / margin
    if own_ratio is not None and not math.isfinite(own_ratio):
        own_ratio = None  # a margin so small the ratio overflows: shown as "n/a"
    return ChurnCost(
        customers_lost=customers_lost,
        margin_lost=margin_lost,
        replacement_cost=replacement_cost,
        keep_cost_by_rule=replacement_cost / acquire_to_retain_ratio,
        program_cost=active_customers * program_cost_per_customer,
        customers_kept_by_program=active_customers * retention_uplift,
        own_replace_ratio=own_ratio,
        rule_replace_cost=margin_lost * lost_to_replace_ratio,
    )


def leaky_bucket(
    customers: float, retention: float, new_customers_per_year: float, years: int
) -> pd.DataFrame:
    """Customer base year by year when a share leaks out and new customers pour in.

    N_0 = customers,  N_{y+1} = N_y * r + A
    closed form: N_y = r**y * N_0 + A * (1 - r**y) / (1 - r)   (N_y = N_0 + A * y when r = 1)

    Parameters
    ----------
    customers : float
        Customers at year 0, N_0 (>= 0).
    retention : float
        Annual retention r, a fraction in [0, 1].
    new_customers_per_year : float
        New customers acquired each year, A (>= 0).
    years : int
        Last year shown (integer >= 0).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` = 0..years, column ``customers`` (float).

    Examples
    --------
    >>> bucket = leaky_bucket(1000, 0.8, 150, 10)
    >>> [round(n, 1) for n in bucket["customers"].iloc[:4]]
    [1000.0, 950.0, 910.0, 878.0]
    """
    import pandas as pd

    customers = check_range("customers", customers, 0, None)
    retention = check_range("retention", retention, 0, 1)
    new_customers_per_year = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    years = check_integer("years", years, 0)

    year = np.arange(years + 1)
    if retention == 1:
        counts = customers + new_customers_per_year * year
    else:
        survival = retention ** year.astype(float)  # 0.0 ** 0 == 1, so r = 0 works too
        inflow_kept = new_customers_per_year * (1.0 - survival) / (1.0 - retention)
        counts = survival * customers + inflow_kept
    return pd.DataFrame({"customers": counts}, index=pd.Index(year, name="year"))


def steady_state_customers(retention: float, new_customers_per_year: float) -> float:
    """Size the leaky bucket settles at: inflow equals outflow.

    N* = A / (1 - r)

    Parameters
    ----------
    retention : float
        Annual retention r, a fraction in [0, 1).
    new_customers_per_year : float
        New customers acquired each year, A (>= 0).

    Returns
    -------
    float
        Customers in the steady state.

    Examples
    --------
    >>> round(steady_state_customers(0.8, 150), 6)
    750.0
    """
    retention = check_range("retention", retention, 0, 1, high_open=True)
    new_customers_per_year = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    return new_customers_per_year / (1.0 - retention)


def break_even_retention_spend(
    margin: float, retention_before: float, retention_after: float, discount_rate: float
) -> float:
    """Most a retention program may cost per customer per year and still pay for r0 -> r1.

    s* = m * [1 - (1 + i - r1) / (1 + i - r0)] = m * (r1 - r0) / (1 + i - r0)

    The program costs ``s`` at each year's end while the customer is active, so its present value
    per customer is ``s / (1 + i - r1)``; ``s*`` makes it equal to the CLV gained,
    ``m / (1 + i - r1) - m / (1 + i - r0)``.

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    retention_before, retention_after : float
        Annual retention without (r0) and with (r1) the program, fractions with 0 <= r0 <= r1 < 1.
    discount_rate : float
        Annual discount rate i, a fraction in [0, 1].

    Returns
    -------
    float
        Break-even program cost, money per customer per year.

    Examples
    --------
    >>> round(break_even_retention_spend(100, 0.90, 0.95, 0.10), 9)
    25.0
    """
    margin, retention_before, retention_after, discount_rate = _check_uplift_inputs(
        margin, retention_before, retention_after, discount_rate
    )
    # Algebraically the bracket form; written this way nothing cancels when r0, r1 are near 1.
    uplift = retention_after - retention_before
    return margin * uplift / ((1.0 - retention_before) + discount_rate)


def program_net_gain(
    margin: float,
    retention_before: float,
    retention_after: float,
    discount_rate: float,
    program_costs: Sequence[float] | np.ndarray,
) -> pd.DataFrame:
    """Net present gain per customer of a retention program, for each candidate program cost.

    net_gain(s) = m / (1 + i - r1) - m / (1 + i - r0) - s / (1 + i - r1)
                = (s* - s) / (1 + i - r1)

    with ``s*`` from :func:`break_even_retention_spend`, so the gain is exactly 0 at ``s = s*``.

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    retention_before, retention_after : float
        Annual retention without (r0) and with (r1) the program, fractions with 0 <= r0 <= r1 < 1.
    discount_rate : float
        Annual discount rate i, a fraction in [0, 1].
    program_costs : sequence of float or numpy.ndarray
        Program costs s to evaluate, money per customer per year (1-D, each finite and >= 0).

    Returns
    -------
    pandas.DataFrame
        Columns ``program_cost`` and ``net_gain`` (money per customer, present value at t = 0).

    Examples
    --------
    The break-even cost is 25 per customer per year; a free program is worth 166.67 per customer.

    >>> break_even = break_even_retention_spend(100, 0.90, 0.95, 0.10)
    >>> table = program_net_gain(100, 0.90, 0.95, 0.10, [0, break_even, 50])
    >>> [round(g, 2) for g in table["net_gain"]]
    [166.67, 0.0, -166.67]
    """
    import pandas as pd

    margin, retention_before, retention_after, discount_rate = _check_uplift_inputs(
        margin, retention_before, retention_after, discount_rate
    )
    try:
        costs = np.asarray(program_costs)
    except (TypeError, ValueError) as error:  # ragged input
        raise ValueError(f"program_costs must be a 1-D sequence of numbers >= 0: {error}") from None
    if costs.ndim != 1 or not (
        np.issubdtype(costs.dtype, np.integer) or np.issubdtype(costs.dtype, np.floating)
    ):
        raise ValueError(
            f"program_costs must be a 1-D sequence of numbers >= 0, got shape {costs.shape} "
            f"of {costs.dtype}"
        )
    costs = costs.astype(float)
    if not np.all(np.isfinite(costs)) or np.any(costs < 0):
        raise ValueError(f"program_costs must all be finite and >= 0, got {costs.tolist()}")

    break_even = break_even_retention_spend(
        margin, retention_before, retention_after, discount_rate
    )
    net_gain = (break_even - costs) / ((1.0 - retention_after) + discount_rate)
    return pd.DataFrame({"program_cost": costs, "net_gain": net_gain})


def cac_payback_years(
    margin: float,
    retention: float,
    discount_rate: float,
    acquisition_cost: float,
    max_years: int = 100,
) -> int | None:
    """First year in which a new customer's cumulative discounted margin covers the CAC.

    payback = min { t >= 1 : sum_{k=1..t} m * r**(k-1) / (1 + i)**k >= CAC }

    0 when CAC is 0; ``None`` when the CAC is not recovered within ``max_years`` (always the case
    when the lifetime value before CAC is below the CAC).

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    retention : float
        Annual retention r, a fraction in [0, 1].
    discount_rate : float
        Annual discount rate i, a fraction in [0, 1].
    acquisition_cost : float
        Acquisition cost paid at t = 0 (money, >= 0).
    max_years : int, optional
        Last year searched (integer >= 1). Default 100.

    Returns
    -------
    int or None
        Payback year, 0, or ``None``.

    Notes
    -----
    The comparison allows a relative slack of 1e-9 of the CAC for floating-point rounding.

    Examples
    --------
    Margins of 100 at 90 % retention and 10 % discount: 90.91, 165.29, 226.15, ... cumulated.

    >>> cac_payback_years(100, 0.9, 0.10, 200)
    3
    >>> cac_payback_years(100, 0.9, 0.10, 600) is None
    True
    """
    margin = check_finite("margin", margin)
    retention = check_range("retention", retention, 0, 1)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    max_years = check_integer("max_years", max_years, 1)
    if acquisition_cost == 0:
        return 0

    cumulative = cumulative_discounted_margin(margin, retention, discount_rate, max_years)[1:]
    covered = cumulative >= acquisition_cost * (1.0 - _PAYBACK_RELATIVE_TOLERANCE)
    if not covered.any():
        return None
    return int(np.argmax(covered)) + 1


def cumulative_discounted_margin(
    margin: float, retention: float, discount_rate: float, years: int
) -> np.ndarray:
    """A new customer's discounted margin added up year by year, t = 0..`years`.

    cumulative(t) = sum_{k=1..t} margin * retention**(k-1) / (1 + discount_rate)**k,
    cumulative(0) = 0

    The acquisition cost is paid back in the first year t with cumulative(t) >= CAC
    (`cac_payback_years`); as t grows, cumulative(t) tends to the lifetime value before CAC,
    m / (1 + i - r) (`calculators.clv.customer_lifetime_value`).

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    retention : float
        Annual retention r, a fraction in [0, 1].
    discount_rate : float
        Annual discount rate i, a fraction in [0, 1].
    years : int
        The last year (integer >= 1).

    Returns
    -------
    numpy.ndarray
        ``years + 1`` amounts of money per customer, from 0 at t = 0.

    Examples
    --------
    >>> cumulative_discounted_margin(100, 0.9, 0.10, 3).round(2).tolist()
    [0.0, 90.91, 165.29, 226.15]
    """
    margin = check_finite("margin", margin)
    retention = check_range("retention", retention, 0, 1)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    years = check_integer("years", years, 1)
    year = np.arange(1, years + 1, dtype=float)
    # m * r**(k-1) / (1+i)**k written with q = r / (1+i) <= 1: nothing overflows in long runs.
    ratio = retention / (1.0 + discount_rate)
    yearly = margin / (1.0 + discount_rate) * ratio ** (year - 1.0)
    cumulative: np.ndarray = np.r_[0.0, np.cumsum(yearly)]
    return cumulative


def ltv_to_cac(
    margin: float, retention: float, discount_rate: float, acquisition_cost: float
) -> float:
    """Lifetime value before acquisition cost, per unit of acquisition cost.

    LTV:CAC = [m / (1 + i - r)] / CAC

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    retention : float
        Annual retention r, a fraction in [0, 1).
    discount_rate : float
        Annual discount rate i, a fraction in [0, 1].
    acquisition_cost : float
        Acquisition cost per customer (money, > 0).

    Returns
    -------
    float
        The ratio (dimensionless); 3 or more is the usual target, a rule of thumb, not a law.

    Examples
    --------
    >>> round(ltv_to_cac(100, 0.9, 0.10, 250), 6)
    2.0
    """
    margin = check_finite("margin", margin)
    retention = check_range("retention", retention, 0, 1, high_open=True)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None, low_open=True)
    return customer_lifetime_value(margin, retention, discount_rate) / acquisition_cost


def _check_uplift_inputs(
    margin: float, retention_before: float, retention_after: float, discount_rate: float
) -> tuple[float, float, float, float]:
    """Validate the inputs shared by the break-even calculators (0 <= r0 <= r1 < 1)."""
    margin = check_finite("margin", margin)
    retention_before = check_range("retention_before", retention_before, 0, 1, high_open=True)
    retention_after = check_range("retention_after", retention_after, 0, 1, high_open=True)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    if retention_after < retention_before:
        raise ValueError(
            f"retention_after must be in [{retention_before:.10g}, 1) (at least retention_before), "
            f"got {retention_after:.10g}"
        )
    return margin, retention_before, retention_after, discount_rate
