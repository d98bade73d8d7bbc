"""Value of a loyal customer: lifetime value, expected lifetime, value of a retention uplift.

Conventions (DESIGN §5): one period is one year; the acquisition cost is paid at t = 0; a new
customer is certainly active in year 1 and active in year t with probability
``S(t) = retention**(t - 1)``; each year's margin arrives at the year's end and is discounted by
``(1 + discount_rate)**t``. Money is per customer (margin: per customer per year); rates are
fractions (0.9 = 90 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from calculators._validate import check_finite, check_integer, check_range

__all__ = [
    "UpliftValue",
    "customer_lifetime_value",
    "expected_lifetime",
    "retention_uplift_value",
]


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
        raise ValueError(
            "retention must be in [0, 1) when horizon is None: with retention = 1 the customer "
            "never leaves and there is no finite CLV; give a horizon (years) to make it finite"
        )

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
    change = clv_after - clv_before
    relative_change = None if clv_before == 0 else change / abs(clv_before)
    return UpliftValue(
        clv_before=clv_before,
        clv_after=clv_after,
        change=change,
        relative_change=relative_change,
    )
