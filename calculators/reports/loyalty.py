"""The Loyalty & profit page: the value of a loyal customer and of keeping more of them.

From one scenario: margins growing with tenure split into Reichheld's components
(`calculators.tenure`), what the programme's uplift is worth per customer and for the owner's
firm (`calculators.uplift`), survival and expected lifetime (`calculators.clv`), and the
satisfaction -> loyalty link (`calculators.satisfaction`).

The firm is the owner's: today's active customers plus the new customers of every year, the
same customer count as the Acquisition page's leaky bucket. Today's customers earn today's
margin per customer (revenue x gross margin) every year: their tenure is unknown, so no loyalty
effect is counted for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators.clv import (
    UpliftValue,
    cohort_uplift_value,
    defection_rate,
    expected_lifetime,
    survival_curve,
)
from calculators.satisfaction import SatisfactionLink, satisfaction_link
from calculators.scenario import Scenario, UpliftMode
from calculators.tenure import TENURE_YEARS, component_values, tenure_margins
from calculators.uplift import (
    QUOTED_PROFIT_RANGE,
    STUDY_PROFIT_RANGE,
    UPLIFT_CURVE_FIRM_YEAR,
    UpliftImpact,
    uplift_curve,
    uplift_impact,
)

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = ["LoyaltyReport", "loyalty_report"]


@dataclass(frozen=True)
class LoyaltyReport:
    """Everything the Loyalty & profit page shows, from one scenario.

    Per customer means the net present value of one new customer over the horizon, margins
    growing with tenure, minus the acquisition cost; its percentage change is measured on that
    net value and exists only when it is positive (the customer pays back). The whole firm means
    the undiscounted profit of the owner's firm (`calculators.firm.firm_profit_path`): today's
    ``active_customers`` earning ``active_margin`` each, flat, plus the scenario's new customers
    every year from year 1, with margins growing with tenure, minus the acquisition spend.

    Attributes
    ----------
    uplift_mode : {"points", "relative"}
        How the scenario reads the uplift: points added, or a relative change.
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
    discount_rate : float
        The scenario's annual discount rate, for the per-customer values.
    acquisition_cost : float
        Cost of acquiring one customer (money), subtracted from each per-customer value.
    new_customers_per_year : float
        Customers the firm acquires each year (the firm's path and steady state).
    active_customers : float
        The firm's customers today (year 0 of the firm's path).
    active_margin : float
        What each of today's customers earns a year in the firm's path: today's margin per
        customer, revenue x gross margin, flat (their tenure is unknown).
    referral_value : float
        What one referred customer is worth to the firm: the acquisition cost they save
        (see `calculators.tenure.tenure_margins`).
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
    per_customer_gross : UpliftValue
        Per customer over the horizon, discounted, before the acquisition cost: the percentage
        change of the net value grows with the acquisition cost, this one does not.
    pays_back : bool
        True when a new customer's net value today (``impact.per_customer.clv_before``) is
        positive: only then is a percentage change shown.
    study_range : tuple of float
        The range of Reichheld & Sasser's 1990 chart, +25 % to +85 % of per-customer net present
        value in nine service industries (`calculators.uplift.STUDY_PROFIT_RANGE`): context,
        not a benchmark.
    quoted_range : tuple of float
        "25 % to 95 %", the later Bain formulation (`calculators.uplift.QUOTED_PROFIT_RANGE`).
    curve : pandas.DataFrame
        `calculators.uplift.uplift_curve` from 0 to 10 points.
    curve_firm_year : int
        The year of the firm's path the curve compares.
    survival : pandas.DataFrame
        Year 1..horizon: share of a cohort still customers, ``today`` and ``improved``.
    lifetime_before, lifetime_after : float
        Expected lifetime in years, ``1 / (1 - retention)``.
    satisfaction : SatisfactionLink
        The satisfaction -> loyalty link.
    """

    uplift_mode: UpliftMode
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
    active_customers: float
    active_margin: float
    referral_value: float
    margins: pd.DataFrame
    components: pd.Series
    value_today: float
    impact: UpliftImpact
    per_customer_unlimited: UpliftValue
    per_customer_undiscounted: UpliftValue
    per_customer_gross: UpliftValue
    pays_back: bool
    study_range: tuple[float, float]
    quoted_range: tuple[float, float]
    curve: pd.DataFrame
    curve_firm_year: int
    survival: pd.DataFrame
    lifetime_before: float
    lifetime_after: float
    satisfaction: SatisfactionLink

    @property
    def acquisition_spend(self) -> float:
        """What the firm spends a year on new customers: new customers x CAC (money per year).

        >>> from calculators.scenario import default_scenario
        >>> loyalty_report(default_scenario()).acquisition_spend
        37500.0
        """
        return self.new_customers_per_year * self.acquisition_cost


def loyalty_report(scenario: Scenario) -> LoyaltyReport:
    """The Loyalty & profit page's results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> r = loyalty_report(default_scenario())
    >>> r.retention_after, round(r.impact.per_customer.relative_change, 3)
    (0.85, 0.361)

    The owner's firm in year 1: 1,000 x 80 % = 800 of today's customers and 150 new ones earn
    300 each, minus 150 x 250 of acquisition: 247,500; with 85 % retention 850 stay: 262,500.

    >>> impact = r.impact
    >>> impact.firm_years.loc[1, ["before", "after"]].round().tolist()
    [247500.0, 262500.0]
    >>> round(float(impact.firm_years.loc[1, "relative_change"]), 4)
    0.0606
    >>> round(impact.firm_path.loc[10, "customers_before"])
    777
    >>> round(impact.steady_relative_change, 3)
    0.602
    """
    import pandas as pd

    business = scenario.business
    program = scenario.retention_program
    loyalty = scenario.loyalty
    before = business.retention
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
    active = business.active_customers
    # Today's customers: tenure unknown, so today's margin per customer, flat (see the module).
    active_margin = business.margin_per_customer
    impact = uplift_impact(
        total,
        before,
        after,
        discount,
        cac,
        new,
        horizon,
        years=horizon,
        active_customers=active,
        active_margin=active_margin,
    )
    years = np.arange(1, horizon + 1)
    return LoyaltyReport(
        uplift_mode=program.uplift_mode,
        relative_uplift=program.relative_uplift,
        retention_before=before,
        retention_after=after,
        defection_before=defection_rate(before),
        defection_after=defection_rate(after),
        uplift_points=scenario.effective_uplift,
        capped=capped,
        horizon=horizon,
        discount_rate=discount,
        acquisition_cost=cac,
        new_customers_per_year=new,
        active_customers=active,
        active_margin=active_margin,
        referral_value=referral_value,
        margins=margins,
        components=components,
        value_today=float(components.sum()) - cac,
        impact=impact,
        per_customer_unlimited=cohort_uplift_value(total, before, after, discount, cac),
        per_customer_undiscounted=cohort_uplift_value(total, before, after, 0.0, cac, horizon),
        per_customer_gross=cohort_uplift_value(total, before, after, discount, 0.0, horizon),
        pays_back=impact.per_customer.clv_before > 0,
        study_range=STUDY_PROFIT_RANGE,
        quoted_range=QUOTED_PROFIT_RANGE,
        curve=uplift_curve(
            total,
            before,
            discount,
            cac,
            new,
            horizon,
            active_customers=active,
            active_margin=active_margin,
        ),
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
