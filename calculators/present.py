"""Trainer mode: the presentation's steps, one idea each, with one live headline number.

Each step has a typed builder here (`why_step`, `acquisition_step`, ... `myths_step`): from a
scenario it makes the step's headline, its "class numbers" (the three or four scenario fields that
move it, so a trainer can take them from the room), its source cards and the report its sentence
and chart read. The story's order, and how each step is worded and drawn, are in
`ui/present.py` (`SCREENS`), one entry per step.

Each step reads the report of the page that explains the idea in full (`acquisition_report`,
`word_of_mouth_report`, `loyalty_report`, `expectations_report`); this module adds only what no
page shows:

- the value of the customer base: ``active customers x CLV`` (CLV as on the Overview page,
  ``m / (1 + i - r)``, no acquisition cost: these customers are won already);
- the worth of one complaint solved quickly instead of left unsolved, from the TARP 1986 loyalty
  table (``recovery_95pct``): ``(L_quick - L_unresolved) x CLV`` customers' value kept;
- the famous figures checked against the scenario (`famous_figures`).

Pure Python: no Streamlit here.

>>> from calculators.scenario import default_scenario
>>> iceberg_step(default_scenario()).headline, myths_step(default_scenario()).headline
(150.0, 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from calculators.reports.acquisition import AcquisitionReport, acquisition_report
from calculators.reports.expectations import expectations_report
from calculators.reports.loyalty import LoyaltyReport, loyalty_report
from calculators.reports.word_of_mouth import WordOfMouthReport, word_of_mouth_report
from calculators.scenario import (
    FIELDS,
    PROBLEM_SIZES,
    OutcomeLoyalty,
    ProblemSize,
    Scenario,
    UpliftMode,
    flatten,
)
from calculators.servqual import DIMENSIONS, GapAnalysis
from calculators.uplift import REPORTED_PROFIT_RANGE
from calculators.word_of_mouth import LoyaltyRates

R = TypeVar("R")

# A famous figure "holds" for a scenario when the scenario's own value is within this share of
# the quoted one (both ways); farther apart, the step counts it as differing.
SAME_WITHIN = 0.10

# The famous figures of the seed articles, in the order of the Overview page's grid; each is a
# source card id of assets/sources.yaml.
FAMOUS_FIGURES: tuple[str, ...] = (
    "retention_profit",
    "delighted_6x",
    "complain_4pct",
    "tell_9_vs_5",
    "recovery_95pct",
    "acquire_5x",
    "replace_1_to_10",
    "never_complain_70pct",
    "leave_68pct",
    "silent_leavers_90pct",
    "first_60s",
)

_UPLIFT_FIELDS: dict[UpliftMode, str] = {
    "points": "retention_program.retention_uplift",
    "relative": "retention_program.relative_uplift",
}

# How a famous figure's numbers read: a relative profit change (quoted as the reported range),
# a share, a multiple, people told (bad vs good), money to replace 1 of margin lost; "" for a
# figure the app has no number for.
FigureUnit = Literal["profit", "percent", "ratio", "people", "replace", ""]


@dataclass(frozen=True)
class ServiceRecovery:
    """What solving a complaint quickly is worth, from the TARP loyalty table.

    size: the scenario's problem size, whose table applies.
    small, large: share of customers with a problem who stay loyal, by outcome, for each size.
    kept_per_complaint: ``L_quick - L_unresolved`` for the size in use: customers kept by solving
      one complaint quickly rather than leaving it unsolved (negative if the table says so).
    clv: lifetime value of a customer, ``m / (1 + i - r)``.
    value_per_complaint: ``kept_per_complaint x clv`` (money).
    """

    size: ProblemSize
    small: LoyaltyRates
    large: LoyaltyRates
    kept_per_complaint: float
    clv: float
    value_per_complaint: float

    @property
    def rates(self) -> LoyaltyRates:
        """The loyalty rates of the problem size in use."""
        return self.small if self.size == "small" else self.large


def service_recovery(
    small: LoyaltyRates, large: LoyaltyRates, size: str, clv: float
) -> ServiceRecovery:
    """Customers and value kept by solving one complaint quickly instead of leaving it unsolved.

    kept = L_quick - L_unresolved (of the problem size in use);  value = kept x CLV.

    >>> small, large = LoyaltyRates(0.37, 0.46, 0.70, 0.95), LoyaltyRates(0.09, 0.19, 0.54, 0.82)
    >>> r = service_recovery(small, large, "large", 1000.0)
    >>> round(r.kept_per_complaint, 2), round(r.value_per_complaint, 2)
    (0.63, 630.0)
    """
    if size not in PROBLEM_SIZES:
        raise ValueError(f"size must be 'small' or 'large', got {size!r}")
    problem_size: ProblemSize = "small" if size == "small" else "large"
    rates = small if problem_size == "small" else large
    kept = round(rates.resolved_quickly - rates.unresolved, 12)
    return ServiceRecovery(
        size=problem_size,
        small=small,
        large=large,
        kept_per_complaint=kept,
        clv=clv,
        value_per_complaint=kept * clv,
    )


@dataclass(frozen=True)
class FamousFigure:
    """One famous figure as quoted and as it comes out of the scenario.

    source: the source card id.
    unit: how its numbers read (`FigureUnit`).
    quoted: the figure as the seeds quote it (the scenario's default where it is one).
    yours: the same figure for this scenario; empty when it cannot be checked.
    differs: True when a value of `yours` is farther than `SAME_WITHIN` from the quoted one
      (for ``profit``: outside the reported range); None when not checked.
    """

    source: str
    unit: FigureUnit
    quoted: tuple[float, ...] = ()
    yours: tuple[float, ...] = ()
    differs: bool | None = None


def _differs(quoted: tuple[float, ...], yours: tuple[float, ...]) -> bool:
    return any(abs(y - q) > SAME_WITHIN * abs(q) for q, y in zip(quoted, yours, strict=True))


def _compared(
    source: str, unit: FigureUnit, paths: tuple[str, ...], values: dict[str, Any]
) -> FamousFigure:
    """A figure whose quoted value is the scenario field's default (carrying its source id);
    `values` are the scenario's (`flatten`)."""
    quoted = tuple(float(FIELDS[path].default) for path in paths)
    yours = tuple(float(values[path]) for path in paths)
    return FamousFigure(source, unit, quoted, yours, _differs(quoted, yours))


def famous_figures(scenario: Scenario) -> tuple[FamousFigure, ...]:
    """Every famous figure of `FAMOUS_FIGURES`, checked against `scenario` where the app can.

    - retention_profit: the per-customer value change of the scenario's uplift (Loyalty page)
      against Reichheld's reported 25%-95%;
    - replace_1_to_10: what replacing the customers lost costs per 1 of yearly margin they took,
      ``CAC / m``, against the folklore's 10;
    - the others the app has an input for: the scenario's value against the quoted default.

    >>> figures = {f.source: f for f in famous_figures(Scenario())}
    >>> figures["replace_1_to_10"].yours, figures["replace_1_to_10"].differs
    ((0.8333333333333334,), True)
    >>> figures["tell_9_vs_5"].differs, figures["first_60s"].differs
    (False, None)
    """
    loyalty = loyalty_report(scenario)
    churn = acquisition_report(scenario).churn
    change = loyalty.impact.per_customer.relative_change
    low, high = REPORTED_PROFIT_RANGE
    values = flatten(scenario)
    wom = "word_of_mouth"
    checked = {
        "retention_profit": FamousFigure(
            "retention_profit",
            "profit",
            (low, high),
            () if change is None else (change,),
            None if change is None else not low <= change <= high,
        ),
        "delighted_6x": _compared("delighted_6x", "ratio", ("loyalty.repurchase_ratio",), values),
        "complain_4pct": _compared("complain_4pct", "percent", (f"{wom}.complaint_share",), values),
        "tell_9_vs_5": _compared(
            "tell_9_vs_5", "people", (f"{wom}.tell_negative", f"{wom}.tell_positive"), values
        ),
        "recovery_95pct": _compared(
            "recovery_95pct",
            "percent",
            (f"{wom}.loyalty_small.resolved_quickly", f"{wom}.loyalty_large.resolved_quickly"),
            values,
        ),
        "acquire_5x": _compared(
            "acquire_5x", "ratio", ("acquisition.acquire_to_retain_ratio",), values
        ),
    }
    rule = (float(FIELDS["acquisition.lost_to_replace_ratio"].default),)
    own = churn.own_replace_ratio
    checked["replace_1_to_10"] = FamousFigure(
        "replace_1_to_10",
        "replace",
        rule,
        () if own is None else (own,),
        None if own is None else _differs(rule, (own,)),
    )
    return tuple(checked.get(source, FamousFigure(source, "")) for source in FAMOUS_FIGURES)


@dataclass(frozen=True)
class GapFocus:
    """The Expectations page's gaps, and the dimension whose scores the class edits: the one
    with the biggest gap (the first dimension when there is none)."""

    gaps: GapAnalysis
    dimension: str


@dataclass(frozen=True)
class Step(Generic[R]):
    """One step of the presentation, computed from a scenario.

    headline: the live number (None where it does not exist, e.g. a relative change from 0).
      Units by step: why, acquisition, recovery, delighted: money; iceberg, word_of_mouth:
      customers or people; profit: a relative change; expectations: scale points (1-7);
      myths: famous figures that differ (out of those checked).
    fields: the class numbers, scenario fields (dotted paths) that move this step.
    sources: the source cards behind the step.
    report: what the step's sentence and chart read: the page report that explains the idea,
      or what this module adds (`ServiceRecovery`, `GapFocus`, the famous figures).
    """

    headline: float | None
    fields: tuple[str, ...]
    sources: tuple[str, ...]
    report: R


def customer_base_value(active_customers: float, clv: float) -> float:
    """What today's customers are worth in future margin: ``active customers x CLV``.

    >>> customer_base_value(1000, 1071.43)
    1071430.0
    """
    return active_customers * clv


def why_step(scenario: Scenario) -> Step[AcquisitionReport]:
    """Why keep customers: what today's customer base is worth (money)."""
    report = acquisition_report(scenario)
    return Step(
        customer_base_value(scenario.business.active_customers, report.clv),
        (
            "business.active_customers",
            "business.revenue_per_customer",
            "business.gross_margin",
            "business.retention",
        ),
        (),
        report,
    )


def acquisition_step(scenario: Scenario) -> Step[AcquisitionReport]:
    """Acquiring vs keeping: what replacing a year's lost customers costs (money)."""
    report = acquisition_report(scenario)
    return Step(
        report.churn.replacement_cost,
        (
            "business.acquisition_cost",
            "business.retention",
            "business.active_customers",
            "acquisition.acquire_to_retain_ratio",
        ),
        ("acquire_5x", "replace_1_to_10"),
        report,
    )


def iceberg_step(scenario: Scenario) -> Step[WordOfMouthReport]:
    """The complaint iceberg: customers with a problem behind the complaints (customers)."""
    report = word_of_mouth_report(scenario)
    return Step(
        report.customers_with_problem,
        (
            "word_of_mouth.complaints_per_year",
            "word_of_mouth.complaint_share",
            "business.active_customers",
        ),
        ("complain_4pct",),
        report,
    )


def word_of_mouth_step(scenario: Scenario) -> Step[WordOfMouthReport]:
    """Bad news travels: people told by unhappy customers in a year (people)."""
    report = word_of_mouth_report(scenario)
    return Step(
        report.today.reach.negative,
        (
            "word_of_mouth.tell_negative",
            "word_of_mouth.tell_positive",
            "word_of_mouth.complaints_per_year",
            "word_of_mouth.complaint_share",
        ),
        ("tell_9_vs_5",),
        report,
    )


def recovery_step(scenario: Scenario) -> Step[ServiceRecovery]:
    """Service recovery: what one complaint solved quickly is worth (money)."""
    wom = scenario.word_of_mouth
    clv = word_of_mouth_report(scenario).clv

    def rates(outcome: OutcomeLoyalty) -> LoyaltyRates:
        return LoyaltyRates(
            outcome.silent, outcome.unresolved, outcome.resolved, outcome.resolved_quickly
        )

    recovery = service_recovery(
        rates(wom.loyalty_small), rates(wom.loyalty_large), wom.problem_size, clv
    )
    table = f"word_of_mouth.loyalty_{wom.problem_size}"
    return Step(
        recovery.value_per_complaint,
        (
            "word_of_mouth.problem_size",
            f"{table}.resolved_quickly",
            f"{table}.unresolved",
            "business.retention",
        ),
        ("recovery_95pct",),
        recovery,
    )


def profit_step(scenario: Scenario) -> Step[LoyaltyReport]:
    """+5 points of retention: the relative change in one customer's value (a fraction)."""
    report = loyalty_report(scenario)
    return Step(
        report.impact.per_customer.relative_change,
        (
            "business.retention",
            _UPLIFT_FIELDS[scenario.retention_program.uplift_mode],
            "business.discount_rate",
            "business.acquisition_cost",
        ),
        ("retention_profit",),
        report,
    )


def delighted_step(scenario: Scenario) -> Step[LoyaltyReport]:
    """Satisfied is not enough: the value of one customer moved from 4/5 to 5/5 (money)."""
    report = loyalty_report(scenario)
    return Step(
        report.satisfaction.value_per_customer_moved,
        (
            "loyalty.repurchase_ratio",
            "loyalty.share_extremely_satisfied",
            "loyalty.share_satisfied",
            "business.retention",
        ),
        ("delighted_6x",),
        report,
    )


def expectations_step(scenario: Scenario) -> Step[GapFocus]:
    """Expectations: the weighted gap between promised and perceived (scale points)."""
    gaps = expectations_report(scenario).gaps
    dimension = gaps.largest or DIMENSIONS[0]
    return Step(
        gaps.weighted_customer_gap,
        tuple(
            f"expectations.{dimension}.{part}" for part in ("promised", "delivered", "perceived")
        ),
        ("gap_model",),
        GapFocus(gaps, dimension),
    )


def myths_step(scenario: Scenario) -> Step[tuple[FamousFigure, ...]]:
    """The famous figures checked: how many differ for this scenario (a count)."""
    figures = famous_figures(scenario)
    return Step(
        float(sum(figure.differs is True for figure in figures)),
        (
            "acquisition.acquire_to_retain_ratio",
            "word_of_mouth.complaint_share",
            "word_of_mouth.tell_negative",
            "loyalty.repurchase_ratio",
        ),
        FAMOUS_FIGURES,
        figures,
    )


__all__ = [
    "FAMOUS_FIGURES",
    "SAME_WITHIN",
    "FamousFigure",
    "FigureUnit",
    "GapFocus",
    "ServiceRecovery",
    "Step",
    "acquisition_step",
    "customer_base_value",
    "delighted_step",
    "expectations_step",
    "famous_figures",
    "iceberg_step",
    "myths_step",
    "profit_step",
    "recovery_step",
    "service_recovery",
    "why_step",
    "word_of_mouth_step",
]
