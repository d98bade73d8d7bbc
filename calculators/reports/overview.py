"""The Overview page: what churn costs a year and what a customer is worth.

Money per year unless stated; the customer's value is the flat-margin lifetime value
(`calculators.clv.customer_lifetime_value`) with no acquisition cost subtracted and no horizon.
The programme's uplift is valued the same way here, so its percentage differs from the Loyalty
page's, which counts margins growing with tenure over the horizon, net of acquisition cost: the
page labels say which quantity each is.

>>> from calculators.scenario import default_scenario
>>> report = overview_report(default_scenario())
>>> round(report.customers_lost), round(report.replacement_cost)
(200, 50000)
"""

from __future__ import annotations

from dataclasses import dataclass

from calculators import acquisition
from calculators.clv import UpliftValue, customer_lifetime_value, retention_uplift_value
from calculators.reports._common import finite_or_none
from calculators.scenario import Scenario

__all__ = ["OverviewReport", "overview_report"]


@dataclass(frozen=True)
class OverviewReport:
    """The headline results of the Overview page (money per year unless stated).

    customers_lost: customers lost per year, N·(1 − r).
    margin_lost: margin that walks out per year, customers_lost · m.
    replacement_cost: acquisition spend to replace them per year, customers_lost · CAC.
    clv: value of a newly won customer, m / (1 + i − r) (no CAC subtracted, no horizon).
    retention_before, retention_after: annual retention today and with the programme (capped).
    uplift_points: the points actually applied, retention_after − retention_before (less than
      the programme's uplift when capped).
    uplift_capped: True when retention + uplift would pass `MAX_RETENTION` and was capped.
    uplift: flat-margin CLV (no CAC, no horizon) at retention_before and retention_after; its
      relative change is None when the CLV before is not positive.
    ltv_to_cac: clv / CAC, None when CAC = 0 (or so small the ratio overflows).
    """

    margin_per_customer: float
    customers_lost: float
    margin_lost: float
    replacement_cost: float
    clv: float
    retention_before: float
    retention_after: float
    uplift_points: float
    uplift_capped: bool
    uplift: UpliftValue
    ltv_to_cac: float | None


def overview_report(scenario: Scenario) -> OverviewReport:
    """The Overview page's headline results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> r = overview_report(default_scenario())
    >>> round(r.margin_lost), round(r.clv, 2), round(r.uplift.change, 2)
    (60000, 1071.43, 232.92)

    At 97 % retention the +5 points are capped at 99 %: +2 points are applied.

    >>> from calculators.scenario import apply_values
    >>> capped = overview_report(apply_values(default_scenario(), {"business.retention": 0.97})[0])
    >>> round(capped.uplift_points, 12), capped.uplift_capped
    (0.02, True)
    """
    business = scenario.business
    margin = business.margin_per_customer
    churn = acquisition.churn_cost(
        business.active_customers, business.retention, margin, business.acquisition_cost
    )
    clv = customer_lifetime_value(margin, business.retention, business.discount_rate)
    uplift = retention_uplift_value(
        margin,
        business.retention,
        scenario.effective_uplift,
        business.discount_rate,
    )
    cac = business.acquisition_cost
    ratio = finite_or_none(clv / cac) if cac > 0 else None
    return OverviewReport(
        margin_per_customer=margin,
        customers_lost=churn.customers_lost,
        margin_lost=churn.margin_lost,
        replacement_cost=churn.replacement_cost,
        clv=clv,
        retention_before=business.retention,
        retention_after=scenario.retention_after_program,
        uplift_points=scenario.effective_uplift,
        uplift_capped=scenario.uplift_capped,
        uplift=uplift,
        ltv_to_cac=ratio,
    )
