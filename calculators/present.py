"""Trainer mode: the presentation's steps, one idea each, with one live headline number.

The nine steps tell the seeds' story in order (see `STEPS`). Each step reads the report of the
page that explains the idea in full (`reports.acquisition_report`, `word_of_mouth_report`,
`loyalty_report`, `expectations_report`); this module adds only what no page shows:

- the value of the customer base: ``active customers x CLV`` (CLV as on the Overview page,
  ``m / (1 + i - r)``, no acquisition cost: these customers are won already);
- the worth of one complaint solved quickly instead of left unsolved, from the TARP 1986 loyalty
  table (``recovery_95pct``): ``(L_quick - L_unresolved) x CLV`` customers' value kept;
- the famous figures checked against the scenario (`famous_figures`).

Each step also names its "class numbers": the three or four scenario fields that move it, so a
trainer can take them from the room. Pure Python: no Streamlit here.

>>> from calculators.scenario import default_scenario
>>> [presentation_step(default_scenario(), step).headline for step in ("iceberg", "myths")]
[150.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from calculators.expectations import DIMENSIONS, expectations_report
from calculators.loyalty import REPORTED_PROFIT_RANGE, loyalty_report
from calculators.reports import acquisition_report
from calculators.scenario import FIELDS, Scenario
from calculators.word_of_mouth import LoyaltyRates, word_of_mouth_report

STEPS: tuple[str, ...] = (
    "why",
    "acquisition",
    "iceberg",
    "word_of_mouth",
    "recovery",
    "profit",
    "delighted",
    "expectations",
    "myths",
)

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

_UPLIFT_FIELDS = {
    "points": "retention_program.retention_uplift",
    "relative": "retention_program.relative_uplift",
}


@dataclass(frozen=True)
class ServiceRecovery:
    """What solving a complaint quickly is worth, from the TARP loyalty table.

    size: the scenario's problem size (``"small"`` or ``"large"``), whose table applies.
    small, large: share of customers with a problem who stay loyal, by outcome, for each size.
    kept_per_complaint: ``L_quick - L_unresolved`` for the size in use: customers kept by solving
      one complaint quickly rather than leaving it unsolved (negative if the table says so).
    clv: lifetime value of a customer, ``m / (1 + i - r)``.
    value_per_complaint: ``kept_per_complaint x clv`` (money).
    """

    size: str
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
    if size not in ("small", "large"):
        raise ValueError(f"size must be 'small' or 'large', got {size!r}")
    rates = small if size == "small" else large
    kept = round(rates.resolved_quickly - rates.unresolved, 12)
    return ServiceRecovery(
        size=size,
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
    unit: how its numbers read: ``"profit"`` (a relative profit change; `quoted` is the reported
      range), ``"percent"``, ``"ratio"``, ``"people"`` or ``"replace"`` (money to replace 1 of
      margin lost); ``""`` for a figure the app has no number for.
    quoted: the figure as the seeds quote it (the scenario's default where it is one).
    yours: the same figure for this scenario; empty when it cannot be checked.
    differs: True when a value of `yours` is farther than `SAME_WITHIN` from the quoted one
      (for ``profit``: outside the reported range); None when not checked.
    """

    source: str
    unit: str
    quoted: tuple[float, ...] = ()
    yours: tuple[float, ...] = ()
    differs: bool | None = None


def _differs(quoted: tuple[float, ...], yours: tuple[float, ...]) -> bool:
    return any(abs(y - q) > SAME_WITHIN * abs(q) for q, y in zip(quoted, yours, strict=True))


def _compared(source: str, unit: str, paths: tuple[str, ...], scenario: Scenario) -> FamousFigure:
    """A figure whose quoted value is the scenario field's default (carrying its source id)."""
    quoted = tuple(float(FIELDS[path].default) for path in paths)
    yours = tuple(float(_value_of(scenario, path)) for path in paths)
    return FamousFigure(source, unit, quoted, yours, _differs(quoted, yours))


def _value_of(scenario: Scenario, path: str) -> Any:
    node: Any = scenario
    for part in path.split("."):
        node = getattr(node, part)
    return node


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
    wom = "word_of_mouth"
    checked = {
        "retention_profit": FamousFigure(
            "retention_profit",
            "profit",
            (low, high),
            () if change is None else (change,),
            None if change is None else not low <= change <= high,
        ),
        "delighted_6x": _compared("delighted_6x", "ratio", ("loyalty.repurchase_ratio",), scenario),
        "complain_4pct": _compared(
            "complain_4pct", "percent", (f"{wom}.complaint_share",), scenario
        ),
        "tell_9_vs_5": _compared(
            "tell_9_vs_5", "people", (f"{wom}.tell_negative", f"{wom}.tell_positive"), scenario
        ),
        "recovery_95pct": _compared(
            "recovery_95pct",
            "percent",
            (f"{wom}.loyalty_small.resolved_quickly", f"{wom}.loyalty_large.resolved_quickly"),
            scenario,
        ),
        "acquire_5x": _compared(
            "acquire_5x", "ratio", ("acquisition.acquire_to_retain_ratio",), scenario
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
class Step:
    """One step of the presentation.

    id: one of `STEPS`.
    headline: the live number (None where it does not exist, e.g. a relative change from 0).
      Units by step: why, acquisition, recovery, delighted: money; iceberg, word_of_mouth:
      customers or people; profit: a relative change; expectations: scale points (1-7);
      myths: famous figures that differ (out of ``len(checked)``).
    fields: the class numbers, scenario fields (dotted paths) that move this step.
    sources: the source cards behind the step.
    report: the page report the step's sentence and chart read.
    detail: what this module adds for the step (`ServiceRecovery`, the famous figures, the
      dimension of the biggest expectations gap), or None.
    """

    id: str
    headline: float | None
    fields: tuple[str, ...]
    sources: tuple[str, ...]
    report: Any
    detail: Any = None


def customer_base_value(active_customers: float, clv: float) -> float:
    """What today's customers are worth in future margin: ``active customers x CLV``.

    >>> customer_base_value(1000, 1071.43)
    1071430.0
    """
    return active_customers * clv


def _why(scenario: Scenario) -> Step:
    report = acquisition_report(scenario)
    business = scenario.business
    return Step(
        "why",
        customer_base_value(business.active_customers, report.clv),
        (
            "business.active_customers",
            "business.revenue_per_customer",
            "business.gross_margin",
            "business.retention",
        ),
        (),
        report,
    )


def _acquisition(scenario: Scenario) -> Step:
    report = acquisition_report(scenario)
    return Step(
        "acquisition",
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


def _iceberg(scenario: Scenario) -> Step:
    report = word_of_mouth_report(scenario)
    return Step(
        "iceberg",
        report.customers_with_problem,
        (
            "word_of_mouth.complaints_per_year",
            "word_of_mouth.complaint_share",
            "business.active_customers",
        ),
        ("complain_4pct",),
        report,
    )


def _word_of_mouth(scenario: Scenario) -> Step:
    report = word_of_mouth_report(scenario)
    return Step(
        "word_of_mouth",
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


def _recovery(scenario: Scenario) -> Step:
    report = word_of_mouth_report(scenario)
    wom = scenario.word_of_mouth
    table = "loyalty_small" if wom.problem_size == "small" else "loyalty_large"

    def rates(outcome: Any) -> LoyaltyRates:
        return LoyaltyRates(
            outcome.silent, outcome.unresolved, outcome.resolved, outcome.resolved_quickly
        )

    detail = service_recovery(
        rates(wom.loyalty_small), rates(wom.loyalty_large), wom.problem_size, report.clv
    )
    return Step(
        "recovery",
        detail.value_per_complaint,
        (
            "word_of_mouth.problem_size",
            f"word_of_mouth.{table}.resolved_quickly",
            f"word_of_mouth.{table}.unresolved",
            "business.retention",
        ),
        ("recovery_95pct",),
        report,
        detail,
    )


def _profit(scenario: Scenario) -> Step:
    report = loyalty_report(scenario)
    return Step(
        "profit",
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


def _delighted(scenario: Scenario) -> Step:
    report = loyalty_report(scenario)
    return Step(
        "delighted",
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


def _expectations(scenario: Scenario) -> Step:
    report = expectations_report(scenario)
    dimension = report.gaps.largest or DIMENSIONS[0]
    return Step(
        "expectations",
        report.gaps.weighted_customer_gap,
        tuple(
            f"expectations.{dimension}.{part}" for part in ("promised", "delivered", "perceived")
        ),
        ("gap_model",),
        report,
        dimension,
    )


def _myths(scenario: Scenario) -> Step:
    figures = famous_figures(scenario)
    return Step(
        "myths",
        float(sum(figure.differs is True for figure in figures)),
        (
            "acquisition.acquire_to_retain_ratio",
            "word_of_mouth.complaint_share",
            "word_of_mouth.tell_negative",
            "loyalty.repurchase_ratio",
        ),
        FAMOUS_FIGURES,
        acquisition_report(scenario),
        figures,
    )


_BUILDERS = {
    "why": _why,
    "acquisition": _acquisition,
    "iceberg": _iceberg,
    "word_of_mouth": _word_of_mouth,
    "recovery": _recovery,
    "profit": _profit,
    "delighted": _delighted,
    "expectations": _expectations,
    "myths": _myths,
}


@lru_cache(maxsize=512)
def presentation_step(scenario: Scenario, step: str) -> Step:
    """The step `step` (one of `STEPS`) computed from `scenario`.

    Scenarios are frozen and hashable: a rerun with the same figures reuses the step.

    >>> s = presentation_step(Scenario(), "acquisition")
    >>> round(s.headline), s.sources
    (50000, ('acquire_5x', 'replace_1_to_10'))
    """
    if step not in _BUILDERS:
        raise ValueError(f"step must be one of {', '.join(STEPS)}; got {step!r}")
    return _BUILDERS[step](scenario)


def presentation_steps(scenario: Scenario) -> tuple[Step, ...]:
    """Every step of the presentation, in order (what the handout shows).

    >>> [round(s.headline) for s in presentation_steps(Scenario())[:4]]
    [1071429, 50000, 150, 1318]
    """
    return tuple(presentation_step(scenario, step) for step in STEPS)


__all__ = [
    "FAMOUS_FIGURES",
    "SAME_WITHIN",
    "STEPS",
    "FamousFigure",
    "ServiceRecovery",
    "Step",
    "customer_base_value",
    "famous_figures",
    "presentation_step",
    "presentation_steps",
    "service_recovery",
]
