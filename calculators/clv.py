"""Customer lifetime value: what one customer is worth, and what a retention uplift adds to it.

Conventions shared by the calculators: one period is one year; the acquisition cost is paid at
t = 0; a new customer is certainly active in year 1 and active in year t with probability
``S(t) = retention**(t - 1)``; each year's margin arrives at the year's end and is discounted by
``(1 + discount_rate)**t``. Money is per customer (margin: per customer per year); rates are
fractions (0.9 = 90 %); an uplift in points is a fraction of one (0.05 = +5 pp).

- a flat margin: `customer_lifetime_value`, `expected_lifetime`, `survival_curve`;
- margins that change with tenure (`calculators.tenure` builds them): `cohort_value`;
- a higher retention, per customer: `retention_uplift_value` (flat margin, uplift in points),
  `cohort_uplift_value` (margins by tenure, any two retentions) and
  `retention_after_relative_uplift` (an uplift read as a relative change).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from calculators._validate import check_finite, check_finite_array, check_integer, check_range
from calculators.scenario import MAX_RETENTION

__all__ = [
    "UpliftValue",
    "cohort_uplift_value",
    "cohort_value",
    "customer_lifetime_value",
    "defection_rate",
    "expected_lifetime",
    "relative_change",
    "retention_after_relative_uplift",
    "retention_uplift_value",
    "survival_curve",
]

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
    if denominator < 1e-9:
        # The closed form divides two numbers near 0 (subnormal ones lose their digits): sum
        # the H discounted margins explicitly, m * r**(t-1) / (1+i)**t for t = 1..H.
        years = np.arange(1, horizon + 1)
        terms = retention ** (years - 1.0) / (1.0 + discount_rate) ** years
        return margin * float(np.sum(terms)) - acquisition_cost
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


def defection_rate(retention: float) -> float:
    """Share of customers lost each year (churn): ``1 - retention``.

    Rounded to 12 decimals so that ``1 - 0.8`` reads 0.2, not 0.19999999999999996.

    Parameters
    ----------
    retention : float
        Annual retention, a fraction in [0, 1].

    Examples
    --------
    >>> defection_rate(0.8), defection_rate(1.0)
    (0.2, 0.0)
    """
    retention = check_range("retention", retention, 0, 1)
    return round(1.0 - retention, 12)


def survival_curve(retention: float, years: int) -> np.ndarray:
    """Share of a new cohort still customers in year 1..years: ``S(t) = retention**(t-1)``.

    >>> survival_curve(0.5, 3).tolist()
    [1.0, 0.5, 0.25]
    """
    retention = check_range("retention", retention, 0, 1)
    years = check_integer("years", years, 1)
    return retention ** np.arange(years, dtype=float)


# --- a higher retention, per customer ----------------------------------------------------------


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
        ``change / clv_before`` as a fraction (0.333 = +33.3 %); ``None`` when ``clv_before``
        is 0 or negative (the customer does not pay back): no percentage exists on such a base,
        only the ``change``.
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
    relative_change = change / CLV(retention), only when CLV(retention) > 0 (else None)
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


def relative_change(before: float, after: float) -> float | None:
    """``(after - before) / before`` as a fraction; ``None`` unless ``before`` is positive.

    A percentage change is only meaningful on a positive base: from -131 to +94 is not "+171 %",
    and from 0 to anything has no percentage. Where the base is 0, negative or not a number the
    change exists only as an amount (``after - before``), and callers show that instead.

    >>> relative_change(500, 600), relative_change(-100, 100), relative_change(0, 5)
    (0.2, None, None)
    """
    if not before > 0:  # also catches NaN
        return None
    return (after - before) / before


def _uplift_value(clv_before: float, clv_after: float) -> UpliftValue:
    return UpliftValue(
        clv_before=clv_before,
        clv_after=clv_after,
        change=clv_after - clv_before,
        relative_change=relative_change(clv_before, clv_after),
    )


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


# --- margins that depend on tenure ------------------------------------------------------------


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
    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
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
    relative_change = (clv_after - clv_before) / clv_before, only when clv_before > 0 (else None)

    Examples
    --------
    >>> value = cohort_uplift_value([100], 0.90, 0.95, 0.10)
    >>> round(value.clv_before, 2), round(value.clv_after, 2), round(value.relative_change, 3)
    (500.0, 666.67, 0.333)
    """
    margins = check_finite_array("margins_by_tenure", margins_by_tenure)
    return _uplift_value(
        cohort_value(margins, retention_before, discount_rate, acquisition_cost, horizon),
        cohort_value(margins, retention_after, discount_rate, acquisition_cost, horizon),
    )
