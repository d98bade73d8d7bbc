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
- the famous figures computed from the scenario and checked on the numbers the user entered or
  measured, never on a default (`famous_figures`, `checked_on`).

Pure Python: no Streamlit here.

>>> from calculators.scenario import default_scenario
>>> iceberg_step(default_scenario()).headline, myths_step(default_scenario()).headline
(150.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
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
from calculators.uplift import QUOTED_PROFIT_RANGE
from calculators.word_of_mouth import LoyaltyRates

R = TypeVar("R")

# A famous figure "holds" for the user's own number when it is within this share of the quoted
# one (both ways); farther apart, the step counts it as differing.
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


# How a famous figure is checked against the user's numbers. Never against a default: a default
# is the quoted figure, not evidence, and a preset's values are illustrative.
# - "each": each value of `yours` is the scenario field at the same place in `inputs`, compared
#   with the quoted value once the user has entered or measured that field;
# - "all": `yours` is computed from every field of `inputs`, compared once the user has entered
#   or measured all of them;
# - "none": the app has no number for the figure.
FigureCheck = Literal["each", "all", "none"]

# What the myths step says of a figure: close to the quoted one (within `SAME_WITHIN`), far from
# it, the user's number shown without a verdict (a figure that is no benchmark to pass), not
# checked yet (the scenario holds a default or an example), or no number in the app.
Verdict = Literal["holds", "differs", "no_verdict", "not_checked", "no_number"]
VERDICTS_ON_YOUR_NUMBERS: tuple[Verdict, ...] = ("holds", "differs")


@dataclass(frozen=True)
class FamousFigure:
    """One famous figure as quoted and as it comes out of the scenario.

    source: the source card id.
    unit: how its numbers read (`FigureUnit`).
    quoted: the figure as the seeds quote it (the scenario's default where it is one).
    yours: the same figure computed from the scenario (empty where it cannot be); it is the
      user's own only where `verdict` says the figure was checked.
    inputs: the scenario fields `yours` is read or computed from.
    check: how the figure is checked on the user's numbers (`FigureCheck`).
    benchmark: False for a figure that is no benchmark to pass (Reichheld's range): the user's
      number is shown, with no verdict.
    verdict: what the myths step says (`Verdict`), from `check_figure`.
    """

    source: str
    unit: FigureUnit
    quoted: tuple[float, ...] = ()
    yours: tuple[float, ...] = ()
    inputs: tuple[str, ...] = ()
    check: FigureCheck = "none"
    benchmark: bool = True
    verdict: Verdict = "no_number"


def _differs(quoted: tuple[float, ...], yours: tuple[float, ...]) -> bool:
    return any(abs(y - q) > SAME_WITHIN * abs(q) for q, y in zip(quoted, yours, strict=True))


def check_figure(figure: FamousFigure, entered: Collection[str]) -> FamousFigure:
    """`figure` with its verdict on the fields the user entered or measured (`entered`).

    A figure the user has given no number for is "not_checked", whatever the scenario holds:
    the default is the quoted figure itself. With ``check="each"`` only the values the user gave
    are compared; with ``check="all"`` every input must be theirs.

    >>> tell = FamousFigure("tell_9_vs_5", "people", (9.0, 5.0), (3.0, 5.0),
    ...                     ("word_of_mouth.tell_negative", "word_of_mouth.tell_positive"), "each")
    >>> check_figure(tell, set()).verdict
    'not_checked'
    >>> check_figure(tell, {"word_of_mouth.tell_negative"}).verdict
    'differs'
    >>> check_figure(tell, {"word_of_mouth.tell_positive"}).verdict
    'holds'
    """
    if figure.check == "none":
        return replace(figure, verdict="no_number")
    if figure.check == "each":
        pairs = [
            (quoted, yours)
            for path, quoted, yours in zip(figure.inputs, figure.quoted, figure.yours, strict=True)
            if path in entered
        ]
        checked = bool(pairs)
    else:
        pairs = list(zip(figure.quoted, figure.yours, strict=False))
        checked = bool(figure.yours) and all(path in entered for path in figure.inputs)
    verdict: Verdict
    if not checked:
        verdict = "not_checked"
    elif not figure.benchmark:
        verdict = "no_verdict"
    else:
        quoted, yours = zip(*pairs, strict=True)
        verdict = "differs" if _differs(quoted, yours) else "holds"
    return replace(figure, verdict=verdict)


def _compared(
    source: str, unit: FigureUnit, paths: tuple[str, ...], values: dict[str, Any]
) -> FamousFigure:
    """A figure whose quoted value is the scenario field's default (carrying its source id);
    `values` are the scenario's (`flatten`)."""
    quoted = tuple(float(FIELDS[path].default) for path in paths)
    yours = tuple(float(values[path]) for path in paths)
    return FamousFigure(source, unit, quoted, yours, paths, "each")


def famous_figures(
    scenario: Scenario, entered: Collection[str] = frozenset()
) -> tuple[FamousFigure, ...]:
    """Every famous figure of `FAMOUS_FIGURES`, computed from `scenario` where the app can, and
    checked on the fields the user entered or measured (`entered`, dotted paths; see
    `check_figure`): with nothing entered, no figure has a verdict.

    - retention_profit: the per-customer value change of the scenario's uplift (Loyalty page),
      shown next to Reichheld's reported range but never judged against it: the range is what
      a few firms found, not a benchmark to pass;
    - replace_1_to_10: what replacing the customers lost costs per 1 of yearly margin they took,
      ``CAC / m``, against the folklore's 10, once acquisition cost and margin are the user's;
    - the others the app has an input for: the user's value against the quoted default.

    >>> figures = {f.source: f for f in famous_figures(Scenario())}
    >>> figures["tell_9_vs_5"].verdict, figures["first_60s"].verdict
    ('not_checked', 'no_number')
    >>> mine = {"business.acquisition_cost", "business.revenue_per_customer",
    ...         "business.gross_margin"}
    >>> replace_rule = {f.source: f for f in famous_figures(Scenario(), mine)}["replace_1_to_10"]
    >>> replace_rule.yours, replace_rule.verdict
    ((0.8333333333333334,), 'differs')
    """
    loyalty = loyalty_report(scenario)
    churn = acquisition_report(scenario).churn
    change = loyalty.impact.per_customer.relative_change
    values = flatten(scenario)
    wom = "word_of_mouth"
    business = ("business.revenue_per_customer", "business.gross_margin")
    computed = {
        "retention_profit": FamousFigure(
            "retention_profit",
            "profit",
            QUOTED_PROFIT_RANGE,
            () if change is None else (change,),
            ("business.retention", *business, "business.acquisition_cost"),
            "all",
            benchmark=False,
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
        "replace_1_to_10": FamousFigure(
            "replace_1_to_10",
            "replace",
            (float(FIELDS["acquisition.lost_to_replace_ratio"].default),),
            () if churn.own_replace_ratio is None else (churn.own_replace_ratio,),
            ("business.acquisition_cost", *business),
            "all",
        ),
    }
    return tuple(
        check_figure(computed.get(source, FamousFigure(source, "")), entered)
        for source in FAMOUS_FIGURES
    )


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
      myths: famous figures checked on the user's own numbers (out of those the app can judge).
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
    """+5 points of retention: the relative change in a new customer's net value (a fraction).

    The net value is after the acquisition cost (Loyalty page). None when it is not positive
    today (the customer does not pay back): no percentage exists, and the step shows the change
    in money instead (``report.impact.per_customer.change``).
    """
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


def checked_on(
    step: Step[tuple[FamousFigure, ...]], entered: Collection[str]
) -> Step[tuple[FamousFigure, ...]]:
    """The myths step `step` checked again on the fields the user entered or measured
    (`entered`): its figures' verdicts and its headline, how many were checked.

    >>> step = checked_on(myths_step(Scenario()), {"word_of_mouth.tell_negative"})
    >>> step.headline, [f.verdict for f in step.report if f.source == "tell_9_vs_5"]
    (1.0, ['holds'])
    """
    figures = tuple(check_figure(figure, entered) for figure in step.report)
    checked = sum(figure.verdict in VERDICTS_ON_YOUR_NUMBERS for figure in figures)
    return Step(float(checked), step.fields, step.sources, figures)


def myths_step(
    scenario: Scenario, entered: Collection[str] = frozenset()
) -> Step[tuple[FamousFigure, ...]]:
    """Legend or fact: how many famous figures are checked on the user's own numbers (a count
    out of those the app can judge); with nothing entered or measured (`entered`), none is.

    >>> myths_step(Scenario()).headline
    0.0
    """
    return checked_on(
        Step(
            0.0,
            (
                "acquisition.acquire_to_retain_ratio",
                "word_of_mouth.complaint_share",
                "word_of_mouth.tell_negative",
                "loyalty.repurchase_ratio",
            ),
            FAMOUS_FIGURES,
            famous_figures(scenario),
        ),
        entered,
    )


__all__ = [
    "FAMOUS_FIGURES",
    "SAME_WITHIN",
    "VERDICTS_ON_YOUR_NUMBERS",
    "FamousFigure",
    "FigureCheck",
    "FigureUnit",
    "GapFocus",
    "ServiceRecovery",
    "Step",
    "Verdict",
    "acquisition_step",
    "check_figure",
    "checked_on",
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
