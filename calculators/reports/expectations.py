"""The Expectations gap page: the scenario's gaps, and what closing the perception gap is worth.

The gaps follow `calculators.servqual`; the what-if moves a stated share of satisfied customers
to extremely satisfied and values it with the Loyalty page's satisfaction -> loyalty link
(`calculators.satisfaction`, margins from `calculators.reports.loyalty`). Survey files and the
Net Promoter Score, which the page also shows, are `calculators.surveys` and `calculators.nps`.
"""

from __future__ import annotations

from dataclasses import dataclass

from calculators.reports.loyalty import loyalty_report
from calculators.satisfaction import SatisfactionLink, satisfaction_link
from calculators.scenario import Expectations, Scenario
from calculators.servqual import DIMENSIONS, GapAnalysis, gap_analysis

__all__ = ["ExpectationsReport", "PerceptionWhatIf", "expectations_report", "perception_what_if"]


def _expectations_gaps(expectations: Expectations) -> GapAnalysis:
    dimensions = [getattr(expectations, name) for name in DIMENSIONS]
    return gap_analysis(
        [d.promised for d in dimensions],
        [d.delivered for d in dimensions],
        [d.perceived for d in dimensions],
        [d.weight for d in dimensions],
    )


@dataclass(frozen=True)
class PerceptionWhatIf:
    """What closing the perception gap would be worth, under a stated assumption.

    Attributes
    ----------
    applies : bool
        True when customers perceive less than you deliver on at least one dimension (there is
        a perception gap to close).
    assumption : float
        The share of "satisfied" (4/5) customers who would become "extremely satisfied" (5/5)
        once the gap is closed (``expectations.satisfied_to_delighted``): an input, not a fact.
    share_satisfied : float
        Share of all customers rating 4/5 today (``loyalty.share_satisfied``).
    moved_share : float
        Share of all customers moved, ``assumption x share_satisfied``.
    customers_moved : float
        ``active_customers x moved_share``.
    retention_before, retention_after : float
        Overall annual retention today and once they are moved (see
        `calculators.satisfaction.satisfaction_link`).
    value : float
        Value of moving them: customers moved x (value of a 5/5 customer - value of a 4/5 one),
        over the loyalty horizon, discounted (money).
    link : calculators.satisfaction.SatisfactionLink
        The Loyalty page's satisfaction -> loyalty link, computed with this shift.
    """

    applies: bool
    assumption: float
    share_satisfied: float
    moved_share: float
    customers_moved: float
    retention_before: float
    retention_after: float
    value: float
    link: SatisfactionLink


def perception_what_if(scenario: Scenario, gaps: GapAnalysis | None = None) -> PerceptionWhatIf:
    """Closing the perception gap moves a stated share of satisfied customers to delighted.

    moved share      = satisfied_to_delighted x share_satisfied        (of all customers)
    retention after  = retention + moved share x (r5 - r4)
    value            = active customers x moved share x (value at r5 - value at r4)

    with r5, r4 the retention of extremely satisfied and satisfied customers and their values
    from the Loyalty page's `calculators.satisfaction.satisfaction_link` (Xerox 6x, read as
    defection; margins growing with tenure over the loyalty horizon, discounted).

    Examples
    --------
    >>> from calculators.scenario import default_scenario
    >>> what_if = perception_what_if(default_scenario())
    >>> what_if.applies, round(what_if.moved_share, 3), round(what_if.retention_after, 4)
    (True, 0.1, 0.8242)
    """
    gaps = gaps if gaps is not None else _expectations_gaps(scenario.expectations)
    business = scenario.business
    satisfaction = scenario.loyalty
    assumption = scenario.expectations.satisfied_to_delighted
    moved = assumption * satisfaction.share_satisfied
    report = loyalty_report(scenario)
    link = satisfaction_link(
        report.margins["total"].to_numpy(),
        business.retention,
        business.discount_rate,
        satisfaction.share_extremely_satisfied,
        satisfaction.share_satisfied,
        satisfaction.repurchase_ratio,
        business.active_customers,
        report.uplift_points,
        report.horizon,
        shift=moved,
    )
    return PerceptionWhatIf(
        applies=bool((gaps.table["perception_gap"] > 0).any()),
        assumption=assumption,
        share_satisfied=satisfaction.share_satisfied,
        moved_share=link.shift,
        customers_moved=business.active_customers * link.shift,
        retention_before=business.retention,
        retention_after=link.retention_after_shift,
        value=link.value_of_shift,
        link=link,
    )


@dataclass(frozen=True)
class ExpectationsReport:
    """What the Expectations gap page shows from the scenario: the gaps and the what-if."""

    gaps: GapAnalysis
    what_if: PerceptionWhatIf


def expectations_report(scenario: Scenario) -> ExpectationsReport:
    """The Expectations gap page's results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> report = expectations_report(default_scenario())
    >>> report.gaps.largest, round(report.gaps.weighted_customer_gap, 2)
    ('responsiveness', -1.2)
    """
    gaps = _expectations_gaps(scenario.expectations)
    return ExpectationsReport(gaps=gaps, what_if=perception_what_if(scenario, gaps))
