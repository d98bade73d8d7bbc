"""The Overview page: what churn costs a year and what a customer is worth.

Money per year unless stated; the customer's value is the flat-margin lifetime value
(`calculators.clv.customer_lifetime_value`) with no acquisition cost subtracted.

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
    clv: value of a newly won customer, m / (1 + i − r) (no CAC subtracted).
    uplift: per-customer value of the programme's uplift r → r + Δ (no CAC subtracted).
    ltv_to_cac: clv / CAC, None when CAC = 0 (or so small the ratio overflows).
    """

    margin_per_customer: float
    customers_lost: float
    margin_lost: float
    replacement_cost: float
    clv: float
    uplift: UpliftValue
    ltv_to_cac: float | None


def overview_report(scenario: Scenario) -> OverviewReport:
    """The Overview page's headline results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> r = overview_report(default_scenario())
    >>> round(r.margin_lost), round(r.clv, 2), round(r.uplift.change, 2)
    (60000, 1071.43, 232.92)
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
        uplift=uplift,
        ltv_to_cac=ratio,
    )
