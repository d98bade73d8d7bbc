"""The Acquisition-vs-retention page: the cost of churn, the leaky bucket, the break-even
spend on a retention programme and the payback of the acquisition cost.

Built from `calculators.acquisition`'s models for one scenario; money per customer or per year
as each field says.

>>> from calculators.scenario import default_scenario
>>> report = acquisition_report(default_scenario())
>>> round(report.churn.customers_lost), round(report.churn.replacement_cost)
(200, 50000)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators import acquisition
from calculators.clv import customer_lifetime_value
from calculators.reports._common import finite_or_none
from calculators.scenario import Scenario

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = ["AcquisitionReport", "acquisition_report"]

# The leaky bucket is drawn for this many years.
PROJECTION_YEARS = 10
# The break-even chart spans program costs from 0 to this multiple of the larger of the
# break-even spend and the scenario's own program cost.
BREAK_EVEN_CHART_SPAN = 2.0
BREAK_EVEN_CHART_POINTS = 41
LTV_TO_CAC_TARGET = 3.0  # saas_rules: a rule of thumb, shown as a reference line
PAYBACK_TARGET_YEARS = 1.0  # saas_rules: "payback under 12 months", a reference line too
# The payback chart covers this many years, or up to the payback year when it is later
# (at most PAYBACK_CHART_MAX_YEARS).
PAYBACK_CHART_YEARS = 10
PAYBACK_CHART_MAX_YEARS = 30


@dataclass(frozen=True)
class AcquisitionReport:
    """The Acquisition-vs-retention page's results.

    churn: one year's cost of churn and of keeping customers (see `acquisition.churn_cost`).
    bucket: customers by year 0..10 with today's retention (`today`) and with the programme
      (`with_program`); steady states A / (1 − r).
    break_even: the most the programme may cost per customer per year and still pay.
    net_gain: net gain per customer over a range of programme costs (for the chart).
    program_net_gain: net gain per customer at the scenario's own programme cost.
    payback_years: first year cumulative discounted margin ≥ CAC (None: never within 100 years).
    payback_curve: a new customer's cumulative discounted margin by year 0.. (column
      ``cumulative_margin``, money per customer), for the payback chart.
    acquisition_cost: the CAC the curve is compared with.
    ltv_to_cac_target, payback_target_years: the saas_rules reference lines (LTV:CAC 3 and a
      12-month payback), drawn on the payback chart.
    """

    retention_before: float
    retention_after: float
    acquire_to_retain_ratio: float
    lost_to_replace_ratio: float
    churn: acquisition.ChurnCost
    bucket: pd.DataFrame
    steady_today: float
    steady_with_program: float
    break_even: float
    program_cost: float
    net_gain: pd.DataFrame
    program_net_gain: float
    payback_years: int | None
    clv: float
    ltv_to_cac: float | None
    ltv_to_cac_target: float
    payback_curve: pd.DataFrame
    acquisition_cost: float
    payback_target_years: float

    @property
    def ltv_target_value(self) -> float:
        """The lifetime value the LTV:CAC rule asks for: target x CAC (money per customer).

        >>> from calculators.scenario import default_scenario
        >>> acquisition_report(default_scenario()).ltv_target_value
        750.0
        """
        return self.ltv_to_cac_target * self.acquisition_cost


def acquisition_report(scenario: Scenario) -> AcquisitionReport:
    """The Acquisition-vs-retention page's results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> r = acquisition_report(default_scenario())
    >>> round(r.break_even, 2), r.payback_years, round(r.ltv_to_cac, 2)
    (53.57, 1, 4.29)
    """
    import pandas as pd

    business = scenario.business
    program = scenario.retention_program
    margin = business.margin_per_customer
    before = business.retention
    after = scenario.retention_after_program
    churn = acquisition.churn_cost(
        business.active_customers,
        before,
        margin,
        business.acquisition_cost,
        acquire_to_retain_ratio=scenario.acquisition.acquire_to_retain_ratio,
        program_cost_per_customer=program.cost_per_customer,
        retention_uplift=scenario.effective_uplift,
        lost_to_replace_ratio=scenario.acquisition.lost_to_replace_ratio,
    )
    today = acquisition.leaky_bucket(
        business.active_customers, before, business.new_customers_per_year, PROJECTION_YEARS
    )
    with_program = acquisition.leaky_bucket(
        business.active_customers, after, business.new_customers_per_year, PROJECTION_YEARS
    )
    bucket = pd.DataFrame({"today": today["customers"], "with_program": with_program["customers"]})
    break_even = acquisition.break_even_retention_spend(
        margin, before, after, business.discount_rate
    )
    span = max(break_even, program.cost_per_customer, 1.0) * BREAK_EVEN_CHART_SPAN
    costs = np.linspace(0.0, span, BREAK_EVEN_CHART_POINTS)
    net_gain = acquisition.program_net_gain(margin, before, after, business.discount_rate, costs)
    own = acquisition.program_net_gain(
        margin, before, after, business.discount_rate, [program.cost_per_customer]
    )
    clv = customer_lifetime_value(margin, before, business.discount_rate)
    cac = business.acquisition_cost
    payback = acquisition.cac_payback_years(margin, before, business.discount_rate, cac)
    chart_years = min(max(PAYBACK_CHART_YEARS, (payback or 0) + 1), PAYBACK_CHART_MAX_YEARS)
    curve = acquisition.cumulative_discounted_margin(
        margin, before, business.discount_rate, chart_years
    )
    return AcquisitionReport(
        retention_before=before,
        retention_after=after,
        acquire_to_retain_ratio=scenario.acquisition.acquire_to_retain_ratio,
        lost_to_replace_ratio=scenario.acquisition.lost_to_replace_ratio,
        churn=churn,
        bucket=bucket,
        steady_today=acquisition.steady_state_customers(before, business.new_customers_per_year),
        steady_with_program=acquisition.steady_state_customers(
            after, business.new_customers_per_year
        ),
        break_even=break_even,
        program_cost=program.cost_per_customer,
        net_gain=net_gain,
        program_net_gain=float(own["net_gain"].iloc[0]),
        payback_years=payback,
        clv=clv,
        ltv_to_cac=finite_or_none(
            acquisition.ltv_to_cac(margin, before, business.discount_rate, cac)
        )
        if cac > 0
        else None,
        ltv_to_cac_target=LTV_TO_CAC_TARGET,
        payback_curve=pd.DataFrame(
            {"cumulative_margin": curve},
            index=pd.RangeIndex(0, chart_years + 1, name="year"),
        ),
        acquisition_cost=cac,
        payback_target_years=PAYBACK_TARGET_YEARS,
    )
