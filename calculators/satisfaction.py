"""Satisfaction -> loyalty: how much more an "extremely satisfied" customer stays, and its worth.

Xerox found that customers rating it 5 out of 5 were six times as likely to buy again as those
rating it 4 (source ``delighted_6x``). Read as defection (a 4/5 customer is k times as likely to
leave), the overall retention splits into a retention per satisfaction group that keeps the
base's average (`satisfaction_retention`); valuing each group's customers with
`calculators.clv.cohort_value` prices moving customers from 4/5 to 5/5 (`satisfaction_link`).
Rates and shares are fractions; values are money per customer, or for the whole base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from calculators._validate import check_range
from calculators.clv import cohort_value

__all__ = [
    "SATISFACTION_SHIFT",
    "SatisfactionLink",
    "SatisfactionRetention",
    "satisfaction_link",
    "satisfaction_retention",
]

# The satisfaction block moves this share of all customers from "satisfied" (4/5) to "extremely
# satisfied" (5/5), or every satisfied customer if there are fewer.
SATISFACTION_SHIFT = 0.10
# Slack for comparing a computed rate with 1 (0.2 * 6 / 1.2 * ... may land a hair above it).
_RATE_TOLERANCE = 1e-12


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

    @property
    def defection_ratio(self) -> float | None:
        """How many times as likely a 4/5 customer is to leave as a 5/5 one.

        ratio = (1 - satisfied) / (1 - extremely_satisfied): the repurchase ratio entered, or
        less when the 4/5 customers' defection was capped (`capped`). ``None`` when no 5/5
        customer leaves (there is no ratio to show).

        >>> round(satisfaction_retention(0.8, 0.3, 0.5, 6).defection_ratio, 6)
        6.0
        >>> satisfaction_retention(1.0, 0.3, 0.5, 6).defection_ratio is None
        True
        """
        leave_delighted = 1.0 - self.extremely_satisfied
        leave_satisfied = 1.0 - self.satisfied
        return leave_satisfied / leave_delighted if leave_delighted > 0 else None


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
