"""Value of a loyal customer: lifetime value, Reichheld's loyalty effect, the firm's profit path.

Conventions (DESIGN §5): one period is one year; the acquisition cost is paid at t = 0; a new
customer is certainly active in year 1 and active in year t with probability
``S(t) = retention**(t - 1)``; each year's margin arrives at the year's end and is discounted by
``(1 + discount_rate)**t``. Money is per customer (margin: per customer per year); rates are
fractions (0.9 = 90 %).

Beyond the flat-margin lifetime value, the Loyalty & profit page (`loyalty_report`) uses:

- margins that grow with tenure, split into Reichheld's components (`tenure_margins`) and valued
  with `cohort_value`;
- the whole firm's customers and profit year by year (`firm_profit_path`, undiscounted) and in the
  long run (`firm_steady_state`);
- the impact of a retention uplift per customer and for the firm (`uplift_impact`), also against
  uplifts from 0 to 10 points (`uplift_curve`);
- the satisfaction -> loyalty link of the Xerox 6x figure (`satisfaction_retention`,
  `satisfaction_link`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from calculators._validate import check_finite, check_integer, check_range
from calculators.scenario import FIELDS, MAX_RETENTION, Scenario

__all__ = [
    "COMPONENTS",
    "MILESTONE_YEARS",
    "REPORTED_PROFIT_RANGE",
    "SATISFACTION_SHIFT",
    "LoyaltyReport",
    "SatisfactionLink",
    "SatisfactionRetention",
    "SteadyState",
    "UpliftImpact",
    "UpliftValue",
    "cohort_uplift_value",
    "cohort_value",
    "component_values",
    "customer_lifetime_value",
    "expected_lifetime",
    "firm_profit_path",
    "firm_steady_state",
    "loyalty_report",
    "reported_range_position",
    "retention_after_relative_uplift",
    "retention_uplift_value",
    "satisfaction_link",
    "satisfaction_retention",
    "survival_curve",
    "tenure_margins",
    "uplift_curve",
    "uplift_impact",
]

# The profit rises Bain reports for 5 points less defection (source retention_profit: Reichheld &
# Sasser 1990, "25% to 95%" in HBR 2014 citing Bain). Shown as a reference band, not a target.
REPORTED_PROFIT_RANGE: tuple[float, float] = (0.25, 0.95)
# The years of the firm's profit path compared before/after (DESIGN §5), next to the steady state.
MILESTONE_YEARS: tuple[int, ...] = (1, 3, 5, 10)
# The "% change vs uplift" chart: uplifts from 0 to 10 points in half-point steps.
UPLIFT_CURVE_MAX = 0.10
UPLIFT_CURVE_STEPS = 21
# The year of the firm's path that chart shows next to the per-customer and long-run changes.
UPLIFT_CURVE_FIRM_YEAR = 5
# The satisfaction block moves this share of all customers from "satisfied" (4/5) to "extremely
# satisfied" (5/5), or every satisfied customer if there are fewer.
SATISFACTION_SHIFT = 0.10
# Reichheld's components of a loyal customer's margin, in the order of his chart.
COMPONENTS: tuple[str, ...] = (
    "base",
    "revenue_growth",
    "cost_saving",
    "referrals",
    "price_premium",
)
# Margins are tabulated for this many years of tenure (the longest horizon the scenario allows);
# after that the last margin continues, so the long-run figures do not depend on the horizon.
TENURE_YEARS = int(FIELDS["loyalty.horizon_years"].high or 50)

# Slack for comparing a computed rate with 1 (0.2 * 6 / 1.2 * ... may land a hair above it).
_RATE_TOLERANCE = 1e-12

_NO_FINITE_CLV = (
    "retention must be in [0, 1) when horizon is None: with retention = 1 the customer "
    "never leaves and there is no finite CLV; give a horizon (years) to make it finite"
)


def customer_lifetime_value(
    margin: float,
    retention: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    horizon: int | None = None,
) -> float:
    """Net present value of one newly acquired customer.

    CLV = sum_{t=1..H} margin * retention**(t-1) / (1 + discount_rate)**t - acquisition_cost

    The customer is certainly active in year 1; margins arrive at each year's end.
    With no horizon and retention < 1 this is
    ``margin / (1 + discount_rate - retention) - acquisition_cost``.

    Parameters
    ----------
    margin : float
        Margin per customer per year (money). Any finite number; a loss-making customer is negative.
    retention : float
        Annual retention, a fraction in [0, 1]. 1 (nobody ever leaves) needs a horizon.
    discount_rate : float
        Annual discount rate, a fraction in [0, 1].
    acquisition_cost : float, optional
        Cost of acquiring the customer, paid at t = 0 (money, >= 0). Default 0.
    horizon : int or None, optional
        Number of years counted (integer >= 1). ``None`` sums over all years.

    Returns
    -------
    float
        CLV in money per customer, at t = 0.

    Raises
    ------
    ValueError
        If an input is out of range, or retention is 1 with no horizon (no finite CLV).

    Notes
    -----
    The finite sum is evaluated in closed form as a geometric series with ratio
    ``q = retention / (1 + discount_rate)``:
    ``margin * (1 - q**H) / (1 + discount_rate - retention)``, or ``margin * H`` when
    retention = 1 and discount_rate = 0.

    Examples
    --------
    >>> round(customer_lifetime_value(100, 0.9, 0.10), 2)
    500.0
    >>> round(customer_lifetime_value(100, 0.95, 0.10), 2)
    666.67
    >>> round(customer_lifetime_value(100, 0.9, 0.10, acquisition_cost=250), 2)
    250.0

    Nobody leaves, ten years counted: 100 * sum_{t=1..10} 1.1**-t.

    >>> round(customer_lifetime_value(100, 1.0, 0.10, horizon=10), 2)
    614.46
    """
    margin = check_finite("margin", margin)
    retention = check_range("retention", retention, 0, 1)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    if horizon is not None:
        horizon = check_integer("horizon", horizon, 1)
    elif retention == 1:
        raise ValueError(_NO_FINITE_CLV)

    # 1 + i - r, written (1 - r) + i: both terms are >= 0 and 1 - r is exact for r near 1, so
    # nothing cancels. It is > 0 except when r = 1 and i = 0 (only reachable with a horizon).
    denominator = (1.0 - retention) + discount_rate
    if horizon is None:
        return margin / denominator - acquisition_cost
    if denominator == 0:
        return margin * horizon - acquisition_cost
    if retention == 0:
        return margin / (1.0 + discount_rate) - acquisition_cost
    # 1 - q**H with q = r / (1 + i), via expm1 and log1p to keep precision when q is close to 1.
    log_ratio = math.log(retention) - math.log1p(discount_rate)
    share_of_perpetuity = -math.expm1(horizon * log_ratio)
    return margin * share_of_perpetuity / denominator - acquisition_cost


def expected_lifetime(retention: float) -> float:
    """Expected (undiscounted) number of years a new customer stays.

    lifetime = 1 / (1 - retention)

    Year 1 is certain and year t is reached with probability ``retention**(t-1)``, so the
    expected count of active years is the geometric sum ``1 / (1 - retention)``.

    Parameters
    ----------
    retention : float
        Annual retention, a fraction in [0, 1).

    Returns
    -------
    float
        Expected lifetime in years (>= 1).

    Examples
    --------
    >>> round(expected_lifetime(0.8), 10)
    5.0
    >>> expected_lifetime(0.0)
    1.0
    """
    retention = check_range("retention", retention, 0, 1, high_open=True)
    return 1.0 / (1.0 - retention)


@dataclass(frozen=True)
class UpliftValue:
    """CLV per customer before and after a retention uplift.

    Attributes
    ----------
    clv_before, clv_after : float
        CLV at the current and at the raised retention (money per customer).
    change : float
        ``clv_after - clv_before`` (money per customer).
    relative_change : float or None
        ``change / |clv_before|`` as a fraction (0.333 = +33.3 %); ``None`` when ``clv_before``
        is 0, where no relative change exists.
    """

    clv_before: float
    clv_after: float
    change: float
    relative_change: float | None


def retention_uplift_value(
    margin: float,
    retention: float,
    uplift: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
) -> UpliftValue:
    """Per-customer CLV gained by raising retention by ``uplift`` percentage points.

    change = CLV(retention + uplift) - CLV(retention)
    relative_change = change / |CLV(retention)|
    with ``CLV(r) = margin / (1 + discount_rate - r) - acquisition_cost`` (no horizon).

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    retention : float
        Current annual retention, a fraction in [0, 1).
    uplift : float
        Increase in retention in percentage points as a fraction (0.05 = +5 pp, 80 % -> 85 %);
        in [0, 1) and ``retention + uplift`` must stay below 1.
    discount_rate : float
        Annual discount rate, a fraction in [0, 1].
    acquisition_cost : float, optional
        Acquisition cost paid at t = 0 (money, >= 0), subtracted from both CLVs. Default 0.

    Returns
    -------
    UpliftValue
        CLV before and after, the change and the relative change.

    Examples
    --------
    The classic check: 90 % -> 95 % at a 10 % discount rate is worth a third more per customer.

    >>> value = retention_uplift_value(100, 0.90, 0.05, 0.10)
    >>> round(value.clv_before, 2), round(value.clv_after, 2), round(value.relative_change, 3)
    (500.0, 666.67, 0.333)
    """
    margin = check_finite("margin", margin)
    retention = check_range("retention", retention, 0, 1, high_open=True)
    uplift = check_range("uplift", uplift, 0, 1, high_open=True)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    retention_after = retention + uplift
    if retention_after >= 1:
        raise ValueError(
            f"uplift must be below 1 - retention = {1 - retention:.10g} so that retention + uplift "
            f"stays below 1, got {uplift:.10g}"
        )

    clv_before = customer_lifetime_value(margin, retention, discount_rate, acquisition_cost)
    clv_after = customer_lifetime_value(margin, retention_after, discount_rate, acquisition_cost)
    return _uplift_value(clv_before, clv_after)


def _relative_change(before: float, after: float) -> float | None:
    """``(after - before) / |before|``; ``None`` when ``before`` is 0 (no relative change)."""
    return None if before == 0 else (after - before) / abs(before)


def _uplift_value(clv_before: float, clv_after: float) -> UpliftValue:
    return UpliftValue(
        clv_before=clv_before,
        clv_after=clv_after,
        change=clv_after - clv_before,
        relative_change=_relative_change(clv_before, clv_after),
    )


# --- margins that depend on tenure --------------------------------------------------------------


def _check_margins(margins_by_tenure: Sequence[float] | np.ndarray) -> np.ndarray:
    """Margins by year of tenure as a float array: 1-D, at least one, every one finite."""
    try:
        margins = np.asarray(margins_by_tenure)
    except (TypeError, ValueError) as error:  # ragged input
        raise ValueError(
            f"margins_by_tenure must be a non-empty 1-D sequence of finite numbers: {error}"
        ) from None
    numeric = np.issubdtype(margins.dtype, np.integer) or np.issubdtype(margins.dtype, np.floating)
    if margins.ndim != 1 or margins.size == 0 or not numeric:
        raise ValueError(
            "margins_by_tenure must be a non-empty 1-D sequence of finite numbers, got shape "
            f"{margins.shape} of {margins.dtype}"
        )
    margins = margins.astype(float)
    if not np.all(np.isfinite(margins)):
        raise ValueError(f"margins_by_tenure must all be finite, got {margins.tolist()}")
    return margins


def _margins_for_years(margins: np.ndarray, years: int) -> np.ndarray:
    """Margins for tenure years 1..years: the list, then its last margin repeated."""
    if years <= margins.size:
        return margins[:years]
    return np.concatenate([margins, np.full(years - margins.size, margins[-1])])


def cohort_value(
    margins_by_tenure: Sequence[float] | np.ndarray,
    retention: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    horizon: int | None = None,
) -> float:
    """Net present value of one new customer whose margin depends on their year of tenure.

    CLV = sum_{t=1..H} m_t * retention**(t-1) / (1 + discount_rate)**t - acquisition_cost

    with ``m_t = margins_by_tenure[t-1]``; after the list ends its last margin continues, so
    ``cohort_value([m], r, i)`` equals ``customer_lifetime_value(m, r, i)``. Same conventions as
    `customer_lifetime_value`: certainly active in year 1, margins at each year's end, the
    acquisition cost at t = 0. The years after the list, n = len(margins_by_tenure), are a flat
    lifetime value started n years later, evaluated in closed form:

        tail = q**n * customer_lifetime_value(m_n, r, i, H - n),  q = r / (1 + i)

    Parameters
    ----------
    margins_by_tenure : sequence of float or numpy.ndarray
        Margin per customer in tenure year 1, 2, ... (money per year), non-empty, each finite.
    retention : float
        Annual retention, a fraction in [0, 1]. 1 needs a horizon.
    discount_rate : float
        Annual discount rate, a fraction in [0, 1].
    acquisition_cost : float, optional
        Paid at t = 0 (money, >= 0). Default 0.
    horizon : int or None, optional
        Years counted (integer >= 1); ``None`` sums over all years.

    Returns
    -------
    float
        CLV in money per customer, at t = 0.

    Raises
    ------
    ValueError
        If an input is out of range, or retention is 1 with no horizon (no finite CLV).

    Examples
    --------
    >>> round(cohort_value([100], 0.9, 0.10), 2)
    500.0

    100 in year 1 and 200 from year 2, half the customers stay, 10 % discount, two years:
    100 / 1.1 + 200 * 0.5 / 1.1**2.

    >>> round(cohort_value([100, 200], 0.5, 0.10, horizon=2), 2)
    173.55
    """
    margins = _check_margins(margins_by_tenure)
    retention = check_range("retention", retention, 0, 1)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    if horizon is not None:
        horizon = check_integer("horizon", horizon, 1)
    elif retention == 1:
        raise ValueError(_NO_FINITE_CLV)

    listed = margins.size if horizon is None else min(margins.size, horizon)
    # S(t) / (1+i)**t = q**(t-1) / (1+i) with q = r / (1+i) <= 1: nothing overflows.
    ratio = retention / (1.0 + discount_rate)
    weights = ratio ** np.arange(listed) / (1.0 + discount_rate)
    head = float(margins[:listed] @ weights)
    remaining = None if horizon is None else horizon - listed
    if remaining == 0:
        return head - acquisition_cost
    tail = ratio**listed * customer_lifetime_value(
        margins[-1], retention, discount_rate, horizon=remaining
    )
    return head + tail - acquisition_cost


def tenure_margins(
    revenue_per_customer: float,
    gross_margin: float,
    years: int,
    *,
    revenue_growth: float = 0.0,
    cost_saving: float = 0.0,
    price_premium: float = 0.0,
    referrals_per_year: float = 0.0,
    referral_conversion: float = 0.0,
    referral_value: float = 0.0,
) -> pd.DataFrame:
    """A customer's yearly margin by year of tenure, split into Reichheld's components.

    With R the revenue of a customer's first year, g the gross margin and n = t - 1 the years of
    tenure already completed in tenure year t:

        base           = R * g                        the margin of a new customer
        revenue_growth = R * revenue_growth * n * g   they buy more; extra sales earn g
        cost_saving    = R * cost_saving * n          cheaper to serve; the saving is margin
        price_premium  = R * price_premium * n        they pay more for the same; all margin
        referrals      = referrals_per_year * referral_conversion * referral_value, from t = 2
        total          = the sum of the five

    Growth, saving and premium are fractions of year-1 revenue per completed year of tenure, so
    they rise in a straight line. Referrals start in the second year: a customer recommends you
    once they have come back. ``referral_value`` is what one referred customer is worth to the
    firm; the app uses the acquisition cost the referral saves (that customer did not have to be
    bought), which needs no lifetime value of its own and so no recursion.

    Parameters
    ----------
    revenue_per_customer : float
        Revenue of a customer in their first year (money, >= 0).
    gross_margin : float
        Gross margin, a fraction in [0, 1].
    years : int
        Tenure years tabulated (integer >= 1); `cohort_value` continues the last one.
    revenue_growth, cost_saving, price_premium : float, optional
        Fractions of year-1 revenue gained per year of tenure (>= 0). Default 0.
    referrals_per_year : float, optional
        People a returning customer recommends you to each year (>= 0). Default 0.
    referral_conversion : float, optional
        Share of them who become customers, a fraction in [0, 1]. Default 0.
    referral_value : float, optional
        Value of one referred customer who buys (money, >= 0). Default 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by tenure year 1..years (``tenure``), columns `COMPONENTS` and ``total``
        (money per customer per year).

    Examples
    --------
    >>> table = tenure_margins(1000, 0.3, 3, revenue_growth=0.05, cost_saving=0.02,
    ...     price_premium=0.01, referrals_per_year=0.1, referral_conversion=0.25,
    ...     referral_value=250)
    >>> table["total"].tolist()
    [300.0, 351.25, 396.25]
    """
    revenue = check_range("revenue_per_customer", revenue_per_customer, 0, None)
    gross_margin = check_range("gross_margin", gross_margin, 0, 1)
    years = check_integer("years", years, 1)
    revenue_growth = check_range("revenue_growth", revenue_growth, 0, None)
    cost_saving = check_range("cost_saving", cost_saving, 0, None)
    price_premium = check_range("price_premium", price_premium, 0, None)
    referrals_per_year = check_range("referrals_per_year", referrals_per_year, 0, None)
    referral_conversion = check_range("referral_conversion", referral_conversion, 0, 1)
    referral_value = check_range("referral_value", referral_value, 0, None)

    completed = np.arange(years, dtype=float)  # n = t - 1
    table = pd.DataFrame(
        {
            "base": np.full(years, revenue * gross_margin),
            "revenue_growth": revenue * revenue_growth * gross_margin * completed,
            "cost_saving": revenue * cost_saving * completed,
            "referrals": np.where(
                completed >= 1, referrals_per_year * referral_conversion * referral_value, 0.0
            ),
            "price_premium": revenue * price_premium * completed,
        },
        index=pd.RangeIndex(1, years + 1, name="tenure"),
    )
    table["total"] = table[list(COMPONENTS)].sum(axis=1)
    return table


def component_values(
    margins: pd.DataFrame,
    retention: float,
    discount_rate: float,
    horizon: int | None = None,
) -> pd.Series:
    """Net present value of each margin component for one new customer (no acquisition cost).

    value_c = cohort_value(margins[c], retention, discount_rate, horizon=horizon)

    `cohort_value` is linear in the margins, so the components add up to the value of ``total``.

    Parameters
    ----------
    margins : pandas.DataFrame
        A `tenure_margins` table (columns `COMPONENTS`).
    retention, discount_rate : float
        As in `cohort_value`.
    horizon : int or None, optional
        As in `cohort_value`.

    Returns
    -------
    pandas.Series
        Indexed by `COMPONENTS` (money per customer, at t = 0).

    Examples
    --------
    >>> table = tenure_margins(1000, 0.3, 2, cost_saving=0.1)
    >>> [round(v, 2) for v in component_values(table, 0.5, 0.0, horizon=2)]
    [450.0, 0.0, 50.0, 0.0, 0.0]
    """
    missing = [name for name in COMPONENTS if name not in margins.columns]
    if missing:
        raise ValueError(f"margins must have the columns {list(COMPONENTS)}; missing {missing}")
    return pd.Series(
        {
            name: cohort_value(margins[name].to_numpy(), retention, discount_rate, 0.0, horizon)
            for name in COMPONENTS
        }
    )


def survival_curve(retention: float, years: int) -> np.ndarray:
    """Share of a new cohort still customers in year 1..years: ``S(t) = retention**(t-1)``.

    >>> survival_curve(0.5, 3).tolist()
    [1.0, 0.5, 0.25]
    """
    retention = check_range("retention", retention, 0, 1)
    years = check_integer("years", years, 1)
    return retention ** np.arange(years, dtype=float)


# --- the whole firm -----------------------------------------------------------------------------


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
    new = check_range("new_customers_per_year", new_customers_per_year, 0, None)
    retention = check_range("retention", retention, 0, 1)
    margins = _check_margins(margins_by_tenure)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    years = check_integer("years", years, 1)

    customers, profit = _firm_arrays(new, retention, margins, acquisition_cost, years)
    return pd.DataFrame(
        {"customers": customers, "profit": profit},
        index=pd.RangeIndex(1, years + 1, name="year"),
    )


def _firm_arrays(
    new: float, retention: float, margins: np.ndarray, acquisition_cost: float, years: int
) -> tuple[np.ndarray, np.ndarray]:
    """`firm_profit_path`'s two columns as arrays, for validated inputs (no DataFrame)."""
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


# --- the impact of a retention uplift -----------------------------------------------------------


def retention_after_relative_uplift(
    retention: float, relative_uplift: float, max_retention: float = MAX_RETENTION
) -> tuple[float, bool]:
    """Retention raised by a relative change, capped: ``min(retention * (1 + relative), max)``.

    The percentage-point reading is `Scenario.retention_after_program`, with the same cap
    (`MAX_RETENTION`) and the same rounding to 12 decimals (0.8 * 1.0625 is 0.85).

    Returns
    -------
    tuple of (float, bool)
        The retention after the uplift and whether the cap was applied.

    Examples
    --------
    >>> retention_after_relative_uplift(0.8, 0.0625)
    (0.85, False)
    >>> retention_after_relative_uplift(0.95, 0.10)
    (0.99, True)
    """
    retention = check_range("retention", retention, 0, 1)
    relative_uplift = check_range("relative_uplift", relative_uplift, 0, None)
    max_retention = check_range("max_retention", max_retention, 0, 1)
    after = round(retention * (1.0 + relative_uplift), 12)
    return min(after, max_retention), after > max_retention


def cohort_uplift_value(
    margins_by_tenure: Sequence[float] | np.ndarray,
    retention_before: float,
    retention_after: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    horizon: int | None = None,
) -> UpliftValue:
    """Per-customer value before and after a change of retention, with margins by tenure.

    clv_before = cohort_value(margins, retention_before, ...); clv_after likewise;
    relative_change = (clv_after - clv_before) / |clv_before|

    Examples
    --------
    >>> value = cohort_uplift_value([100], 0.90, 0.95, 0.10)
    >>> round(value.clv_before, 2), round(value.clv_after, 2), round(value.relative_change, 3)
    (500.0, 666.67, 0.333)
    """
    margins = _check_margins(margins_by_tenure)
    return _uplift_value(
        cohort_value(margins, retention_before, discount_rate, acquisition_cost, horizon),
        cohort_value(margins, retention_after, discount_rate, acquisition_cost, horizon),
    )


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
    margins = _check_margins(margins_by_tenure)
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
                np.nan if (change := _relative_change(b, a)) is None else change
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
        steady_relative_change=_relative_change(steady_before.profit, steady_after.profit),
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
    margins = _check_margins(margins_by_tenure)
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
        profit = _firm_arrays(new, retention_now, margins, acquisition_cost, firm_year)[1][-1]
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
                _relative_change(value_before, value_after),
                _relative_change(year_before, year_after),
                _relative_change(steady_before, steady_after),
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
) -> Literal["below", "within", "above", "undefined"]:
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


# --- satisfaction -> loyalty --------------------------------------------------------------------


@dataclass(frozen=True)
class SatisfactionRetention:
    """Annual retention of customers by satisfaction, consistent with the overall retention.

    Attributes
    ----------
    extremely_satisfied : float
        Retention of customers who rate you 5 out of 5.
    satisfied : float
        Retention of customers who rate you 4 out of 5.
    others : float
        Retention of everyone else (1-3 out of 5): the overall retention.
    capped : bool
        True when the 4/5 customers' defection would pass 100 % and was capped there (the
        ratio then falls short of the one entered).
    """

    extremely_satisfied: float
    satisfied: float
    others: float
    capped: bool


def satisfaction_retention(
    retention: float,
    share_extremely_satisfied: float,
    share_satisfied: float,
    repurchase_ratio: float,
) -> SatisfactionRetention:
    """Retention of "extremely satisfied" (5/5) and "satisfied" (4/5) customers.

    The Xerox figure (source delighted_6x) is that 5/5 customers were k = 6 times as likely to
    repurchase as 4/5 ones. Read as a ratio of probabilities to stay it cannot hold once retention
    is above 1/k, so we read it as defection: a 4/5 customer is k times as likely to leave,
    ``d4 = k * d5``. The two groups (shares e and s) together defect at the overall rate
    D = 1 - retention, and so does everyone else, so the base as a whole keeps its retention:

        e * d5 + s * d4 = (e + s) * D   =>   d5 = (e + s) * D / (e + s * k),   d4 = k * d5

    When d4 would pass 1 (very low retention) it is capped at 1 and d5 = ((e + s) * D - s) / e.
    With no satisfied customers at all (e + s = 0) both groups get the overall retention.

    Parameters
    ----------
    retention : float
        Overall annual retention, a fraction in [0, 1].
    share_extremely_satisfied, share_satisfied : float
        Shares of customers rating 5/5 and 4/5, fractions with a sum of at most 1.
    repurchase_ratio : float
        k >= 1.

    Returns
    -------
    SatisfactionRetention

    Examples
    --------
    >>> link = satisfaction_retention(0.8, 0.3, 0.5, 6)
    >>> round(link.extremely_satisfied, 4), round(link.satisfied, 4), link.others
    (0.9515, 0.7091, 0.8)
    """
    retention = check_range("retention", retention, 0, 1)
    extremely = check_range("share_extremely_satisfied", share_extremely_satisfied, 0, 1)
    satisfied = check_range("share_satisfied", share_satisfied, 0, 1)
    ratio = check_range("repurchase_ratio", repurchase_ratio, 1, None)
    group = extremely + satisfied
    if group > 1 + 1e-9:
        raise ValueError(
            "share_satisfied must be in [0, 1 - share_extremely_satisfied] (the two shares "
            f"together at most 100%), got {satisfied:.10g} with {extremely:.10g}"
        )
    defection = 1.0 - retention
    if group == 0:
        return SatisfactionRetention(retention, retention, retention, capped=False)
    defection_delighted = group * defection / (extremely + satisfied * ratio)
    defection_satisfied = ratio * defection_delighted
    # Only possible with extremely > 0: with e = 0, d4 = D <= 1 (up to rounding).
    capped = defection_satisfied > 1 + _RATE_TOLERANCE and extremely > 0
    if capped:
        defection_satisfied = 1.0
        defection_delighted = (group * defection - satisfied) / extremely
    # Rounding must not push a rate out of [0, 1].
    defection_satisfied = min(defection_satisfied, 1.0)
    defection_delighted = min(max(defection_delighted, 0.0), 1.0)
    return SatisfactionRetention(
        extremely_satisfied=1.0 - defection_delighted,
        satisfied=1.0 - defection_satisfied,
        others=retention,
        capped=capped,
    )


@dataclass(frozen=True)
class SatisfactionLink:
    """What moving customers from "satisfied" (4/5) to "extremely satisfied" (5/5) is worth.

    Attributes
    ----------
    retention : SatisfactionRetention
        Retention of each group.
    value_extremely_satisfied, value_satisfied : float
        Net present value of one customer at each group's retention (margins by tenure, no
        acquisition cost: they are customers already, valued from their first tenure year).
    value_per_customer_moved : float
        ``value_extremely_satisfied - value_satisfied``.
    shift : float
        Share of all customers moved: `SATISFACTION_SHIFT`, or the satisfied share if smaller.
    retention_after_shift : float
        Overall retention once they are moved: ``retention + shift * (r5 - r4)``.
    value_of_shift : float
        ``active_customers * shift * value_per_customer_moved`` (money).
    share_needed : float or None
        Share of all customers to move to gain ``uplift`` points of overall retention,
        ``uplift / (r5 - r4)``; ``None`` when both groups keep customers equally.
    share_needed_feasible : bool
        True when there are that many satisfied customers to move.
    """

    retention: SatisfactionRetention
    value_extremely_satisfied: float
    value_satisfied: float
    value_per_customer_moved: float
    shift: float
    retention_after_shift: float
    value_of_shift: float
    share_needed: float | None
    share_needed_feasible: bool


def satisfaction_link(
    margins_by_tenure: Sequence[float] | np.ndarray,
    retention: float,
    discount_rate: float,
    share_extremely_satisfied: float,
    share_satisfied: float,
    repurchase_ratio: float,
    active_customers: float,
    uplift: float,
    horizon: int | None = None,
    shift: float = SATISFACTION_SHIFT,
) -> SatisfactionLink:
    """Retention by satisfaction and the value of turning satisfied customers into delighted ones.

    r5, r4 from `satisfaction_retention`; each group valued with `cohort_value` at its retention.
    Moving a share x of all customers from 4/5 to 5/5 raises overall retention by x * (r5 - r4),
    and is worth ``active_customers * x * (value at r5 - value at r4)``. A moved customer is
    assumed to keep the 5/5 retention from then on.

    Examples
    --------
    >>> link = satisfaction_link([300], 0.8, 0.0, 0.3, 0.5, 6, 1000, 0.05, horizon=1)
    >>> round(link.retention_after_shift, 4), round(link.share_needed, 3)
    (0.8242, 0.206)
    """
    groups = satisfaction_retention(
        retention, share_extremely_satisfied, share_satisfied, repurchase_ratio
    )
    customers = check_range("active_customers", active_customers, 0, None)
    uplift = check_range("uplift", uplift, 0, 1)
    shift = min(check_range("shift", shift, 0, 1), share_satisfied)
    value_delighted = cohort_value(
        margins_by_tenure, groups.extremely_satisfied, discount_rate, horizon=horizon
    )
    value_satisfied = cohort_value(
        margins_by_tenure, groups.satisfied, discount_rate, horizon=horizon
    )
    gap = groups.extremely_satisfied - groups.satisfied
    share_needed = uplift / gap if gap > 0 else None
    moved_value = value_delighted - value_satisfied
    return SatisfactionLink(
        retention=groups,
        value_extremely_satisfied=value_delighted,
        value_satisfied=value_satisfied,
        value_per_customer_moved=moved_value,
        shift=shift,
        retention_after_shift=groups.others + shift * gap,
        value_of_shift=customers * shift * moved_value,
        share_needed=share_needed,
        share_needed_feasible=share_needed is not None and share_needed <= share_satisfied + 1e-12,
    )


# --- the Loyalty & profit page ------------------------------------------------------------------


@dataclass(frozen=True)
class LoyaltyReport:
    """Everything the Loyalty & profit page shows, from one scenario.

    Per customer means the net present value of one new customer over the horizon, margins
    growing with tenure, minus the acquisition cost; the whole firm means the undiscounted profit
    of a firm acquiring the scenario's new customers every year from year 1 (`firm_profit_path`).

    Attributes
    ----------
    uplift_mode : str
        ``"points"`` or ``"relative"``, as the scenario reads the uplift.
    relative_uplift : float
        The relative uplift entered (used when the mode is ``"relative"``).
    retention_before, retention_after : float
        Annual retention today and with the uplift (capped at `MAX_RETENTION`).
    defection_before, defection_after : float
        ``1 - retention``: the share of customers lost each year, today and with the uplift.
    uplift_points : float
        ``retention_after - retention_before``: the uplift in points, after any cap.
    capped : bool
        True when the uplift was cut to respect `MAX_RETENTION`.
    horizon : int
        Years counted per customer and drawn for the firm.
    margins : pandas.DataFrame
        `tenure_margins` for `TENURE_YEARS` years (the last continues).
    components : pandas.Series
        Net present value of each component for one new customer at today's retention.
    value_today : float
        Sum of the components minus the acquisition cost (= ``impact.per_customer.clv_before``).
    impact : UpliftImpact
        Per customer (over the horizon) and for the firm.
    per_customer_unlimited : UpliftValue
        Per customer with no horizon.
    per_customer_undiscounted : UpliftValue
        Per customer over the horizon with no discounting.
    claim_position : str
        Where the per-customer change falls against `REPORTED_PROFIT_RANGE`.
    curve : pandas.DataFrame
        `uplift_curve` from 0 to 10 points; ``curve_firm_year`` is its firm year.
    survival : pandas.DataFrame
        Year 1..horizon: share of a cohort still customers, ``today`` and ``improved``.
    lifetime_before, lifetime_after : float
        Expected lifetime in years, ``1 / (1 - retention)``.
    satisfaction : SatisfactionLink
        The satisfaction -> loyalty link.
    """

    uplift_mode: str
    relative_uplift: float
    retention_before: float
    retention_after: float
    defection_before: float
    defection_after: float
    uplift_points: float
    capped: bool
    horizon: int
    discount_rate: float
    acquisition_cost: float
    new_customers_per_year: float
    referral_value: float
    margins: pd.DataFrame
    components: pd.Series
    value_today: float
    impact: UpliftImpact
    per_customer_unlimited: UpliftValue
    per_customer_undiscounted: UpliftValue
    claim_position: str
    reported_range: tuple[float, float]
    curve: pd.DataFrame
    curve_firm_year: int
    survival: pd.DataFrame
    lifetime_before: float
    lifetime_after: float
    satisfaction: SatisfactionLink


def loyalty_report(scenario: Scenario) -> LoyaltyReport:
    """The Loyalty & profit page's results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> r = loyalty_report(default_scenario())
    >>> r.retention_after, round(r.impact.per_customer.relative_change, 3)
    (0.85, 0.361)
    >>> impact = r.impact
    >>> float(impact.firm_years.loc[1, "relative_change"]), round(impact.steady_relative_change, 3)
    (0.0, 0.602)
    """
    business = scenario.business
    program = scenario.retention_program
    loyalty = scenario.loyalty
    before = business.retention
    if program.uplift_mode == "relative":
        after, capped = retention_after_relative_uplift(before, program.relative_uplift)
    else:
        after, capped = scenario.retention_after_program, scenario.uplift_capped
    horizon = loyalty.horizon_years
    discount = business.discount_rate
    cac = business.acquisition_cost
    new = business.new_customers_per_year
    # A referred customer is worth the acquisition cost they save (see `tenure_margins`).
    referral_value = cac
    margins = tenure_margins(
        business.revenue_per_customer,
        business.gross_margin,
        TENURE_YEARS,
        revenue_growth=loyalty.revenue_growth,
        cost_saving=loyalty.cost_saving,
        price_premium=loyalty.price_premium,
        referrals_per_year=loyalty.referrals_per_year,
        referral_conversion=loyalty.referral_conversion,
        referral_value=referral_value,
    )
    total = margins["total"].to_numpy()
    components = component_values(margins, before, discount, horizon)
    impact = uplift_impact(total, before, after, discount, cac, new, horizon, years=horizon)
    years = np.arange(1, horizon + 1)
    return LoyaltyReport(
        uplift_mode=program.uplift_mode,
        relative_uplift=program.relative_uplift,
        retention_before=before,
        retention_after=after,
        defection_before=round(1.0 - before, 12),
        defection_after=round(1.0 - after, 12),
        uplift_points=round(after - before, 12),
        capped=capped,
        horizon=horizon,
        discount_rate=discount,
        acquisition_cost=cac,
        new_customers_per_year=new,
        referral_value=referral_value,
        margins=margins,
        components=components,
        value_today=float(components.sum()) - cac,
        impact=impact,
        per_customer_unlimited=cohort_uplift_value(total, before, after, discount, cac),
        per_customer_undiscounted=cohort_uplift_value(total, before, after, 0.0, cac, horizon),
        claim_position=reported_range_position(impact.per_customer.relative_change),
        reported_range=REPORTED_PROFIT_RANGE,
        curve=uplift_curve(total, before, discount, cac, new, horizon),
        curve_firm_year=UPLIFT_CURVE_FIRM_YEAR,
        survival=pd.DataFrame(
            {
                "today": survival_curve(before, horizon),
                "improved": survival_curve(after, horizon),
            },
            index=pd.Index(years, name="year"),
        ),
        lifetime_before=expected_lifetime(before),
        lifetime_after=expected_lifetime(after),
        satisfaction=satisfaction_link(
            total,
            before,
            discount,
            loyalty.share_extremely_satisfied,
            loyalty.share_satisfied,
            loyalty.repurchase_ratio,
            business.active_customers,
            round(after - before, 12),
            horizon,
        ),
    )
