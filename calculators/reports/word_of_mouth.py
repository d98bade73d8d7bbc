"""The Word-of-mouth page: the complaint iceberg, who leaves after a problem, how far the story
travels, what it costs and what better complaint handling is worth.

Built from `calculators.word_of_mouth`'s models (whose docstring states the conventions) for
one scenario, today's resolution mix against the better one; customers and people per year,
money per year, valued at the flat-margin lifetime value (`calculators.clv`). Customers lost to
problems never exceed the year's lost customers, ``N * (1 - retention)``: today's leavers are
scaled down to that bound when TARP's shares would lose more, and the better mix's by the same
factor (or more, if it still passes the bound), so both compare on one footing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from calculators.clv import customer_lifetime_value
from calculators.scenario import ProblemSize, Scenario
from calculators.word_of_mouth import (
    COMPLAINT_SHARE_RANGE,
    MAX_PEOPLE_REACHED,
    HandlingReturn,
    LoyaltyRates,
    ProblemOutcomes,
    ResolutionMix,
    WordOfMouthReach,
    complaint_handling_return,
    complaint_iceberg,
    loss_scale,
    problem_outcomes,
    prospects,
    retelling_multiplier,
    retelling_reach,
    scale_losses,
    word_of_mouth_reach,
)

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = ["MixResult", "WordOfMouthReport", "word_of_mouth_report"]

# The retelling chart shows at least this many further rounds, to show where the curve goes.
MIN_CHART_ROUNDS = 5


@dataclass(frozen=True)
class MixResult:
    """Everything that depends on one resolution mix (today's or the better one).

    outcomes: where the customers with a problem end up.
    unhappy, happy: customers (see the module's conventions).
    reach: people told per year, further rounds of retelling included, each side capped at
      MAX_PEOPLE_REACHED; negative_scale, positive_scale: the factor the cap applied (1 = none).
    prospects_lost, prospects_won: would-be customers per year.
    value_customers_lost: customers lost to problems x CLV.
    value_prospects_lost: prospects lost x CLV.
    value_at_risk: the sum of the two (money per year).
    value_prospects_won: prospects won x CLV (shown, not netted against the value at risk).
    complainers_customers_value, complainers_prospects_value: the part of value_at_risk due to
      complainers (those who left, and prospects lost to their word of mouth); the silent
      customers' part does not depend on complaint handling.
    """

    mix: ResolutionMix
    outcomes: ProblemOutcomes
    unhappy: float
    happy: float
    reach: WordOfMouthReach
    prospects_lost: float
    prospects_won: float
    value_customers_lost: float
    value_prospects_lost: float
    complainers_customers_value: float
    complainers_prospects_value: float
    clv: float
    negative_scale: float = 1.0
    positive_scale: float = 1.0

    @property
    def reach_capped(self) -> bool:
        """True when the people reached hit MAX_PEOPLE_REACHED on either side."""
        return self.negative_scale < 1 or self.positive_scale < 1

    @property
    def value_at_risk(self) -> float:
        return self.value_customers_lost + self.value_prospects_lost

    @property
    def value_prospects_won(self) -> float:
        """Prospects won x CLV (money per year); not netted against the value at risk."""
        return self.prospects_won * self.clv


@dataclass(frozen=True)
class WordOfMouthReport:
    """The Word-of-mouth page's results (customers and people per year, money per year).

    customers_with_problem: complaints / complaint share, capped at the active customers
      (``problem_capped`` tells when the cap applied; ``iceberg`` is the uncapped figure).
    estimated_with_problem: the owner's own estimate, active customers x problem share.
    retention: the scenario's annual retention (a fraction).
    year_lost: all the customers lost in a year, active customers x (1 - retention): the bound
      on customers lost to problems (``losses_bounded`` tells when it applied today,
      ``better_bounded`` with better handling; ``today.outcomes.unbounded_lost`` is the figure
      before it).
    iceberg_range: customers with a problem at the quoted complaint shares 30% and 4%.
    problems_per_complaint: 1 / complaint share; ``silent_per_complaint`` one less.
    today, better: results with today's and with the better resolution mix.
    reach_groups: people told by group (rows silent, unresolved, resolved, no_problem; columns
      customers, people, side = "negative" or "positive"), retelling included.
    rounds: cumulative people reached by round (columns negative, positive), for the chart.
    reach_capped: people reached hit MAX_PEOPLE_REACHED (today or with better handling).
    retell_ratio: k x p, how many times each round of retelling reaches the round before.
    customers_kept, unhappy_avoided, mentions_avoided: customers lost, unhappy customers and
      negative mentions that better handling saves.
    handling: the return on better handling.
    """

    active_customers: float
    complaints: float
    complaint_share: float
    problems_per_complaint: float
    silent_per_complaint: float
    iceberg: float
    customers_with_problem: float
    problem_capped: bool
    reach_capped: bool
    estimated_with_problem: float
    retention: float
    year_lost: float
    losses_bounded: bool
    better_bounded: bool
    iceberg_range: tuple[float, float]
    customers_without_problem: float
    problem_size: ProblemSize
    loyalty: LoyaltyRates
    tell_negative: float
    tell_positive: float
    retell_rounds: int
    retell_multiplier: float
    influenced_share: float
    would_buy_share: float
    clv: float
    today: MixResult
    better: MixResult
    reach_groups: pd.DataFrame
    rounds: pd.DataFrame
    retell_ratio: float
    customers_kept: float
    unhappy_avoided: float
    mentions_avoided: float
    handling: HandlingReturn
    cost_per_complaint: float


def _mix_result(
    outcomes: ProblemOutcomes,
    mix: ResolutionMix,
    customers_without_problem: float,
    tell_negative: float,
    tell_positive: float,
    multiplier: float,
    influenced_share: float,
    would_buy_share: float,
    clv: float,
) -> MixResult:
    unhappy = outcomes.unhappy
    happy = customers_without_problem + outcomes.resolved_complainers
    first = word_of_mouth_reach(unhappy, happy, tell_negative, tell_positive)
    told = word_of_mouth_reach(
        unhappy, happy, tell_negative * multiplier, tell_positive * multiplier
    )
    negative_scale = _cap_scale(told.negative)
    positive_scale = _cap_scale(told.positive)
    negative = told.negative * negative_scale
    positive = told.positive * positive_scale
    reach = WordOfMouthReach(negative, positive, positive - negative, first.balance_ratio)
    lost = prospects(reach.negative, influenced_share, would_buy_share)
    won = prospects(reach.positive, influenced_share, would_buy_share)
    complainers_reach = outcomes.outcomes.unresolved * tell_negative * multiplier * negative_scale
    complainers_prospects = prospects(complainers_reach, influenced_share, would_buy_share)
    return MixResult(
        mix=mix,
        outcomes=outcomes,
        unhappy=unhappy,
        happy=happy,
        reach=reach,
        prospects_lost=lost,
        prospects_won=won,
        value_customers_lost=outcomes.customers_lost * clv,
        value_prospects_lost=lost * clv,
        complainers_customers_value=outcomes.complainers_lost * clv,
        complainers_prospects_value=complainers_prospects * clv,
        clv=clv,
        negative_scale=negative_scale,
        positive_scale=positive_scale,
    )


def _cap_scale(people: float) -> float:
    """The factor that brings `people` down to MAX_PEOPLE_REACHED (1 when below it)."""
    return 1.0 if people <= MAX_PEOPLE_REACHED else MAX_PEOPLE_REACHED / people


def word_of_mouth_report(scenario: Scenario) -> WordOfMouthReport:
    """The Word-of-mouth page's results for `scenario`.

    Defaults: 6 complaints at 4% = 150 customers with a problem; about 93 of them are lost
    (within the 200 that 80% retention loses in a year); the unhappy ones tell 146.4 x 9 =
    1,317.6 people a year.

    >>> r = word_of_mouth_report(Scenario())
    >>> round(r.customers_with_problem), round(r.today.outcomes.customers_lost, 3)
    (150, 92.826)
    >>> round(r.today.reach.negative, 1), round(r.today.reach.positive, 1)
    (1317.6, 4268.0)
    >>> round(r.today.value_at_risk), round(r.handling.net), round(r.handling.roi, 2)
    (127691, 842, 4.68)

    At 95% retention and 20 complaints, TARP's shares would lose 309 of the 500 customers with
    a problem, but the firm loses only 50 customers a year in all: 50 are counted.

    >>> r = word_of_mouth_report(
    ...     Scenario.model_validate(
    ...         {"business": {"retention": 0.95}, "word_of_mouth": {"complaints_per_year": 20}}
    ...     )
    ... )
    >>> round(r.today.outcomes.unbounded_lost, 2), round(r.today.outcomes.customers_lost, 6)
    (309.42, 50.0)
    """
    import pandas as pd

    business = scenario.business
    wom = scenario.word_of_mouth
    active = float(business.active_customers)
    iceberg = complaint_iceberg(wom.complaints_per_year, wom.complaint_share)
    with_problem = min(iceberg, active)
    without_problem = active - with_problem
    table = wom.loyalty_small if wom.problem_size == "small" else wom.loyalty_large
    loyalty = LoyaltyRates(table.silent, table.unresolved, table.resolved, table.resolved_quickly)
    multiplier = retelling_multiplier(wom.retell_people, wom.retell_probability, wom.retell_rounds)
    clv = customer_lifetime_value(
        business.margin_per_customer, business.retention, business.discount_rate
    )
    # The same N * (1 - r) as the Overview's and the Acquisition page's customers lost.
    year_lost = active * (1.0 - business.retention)
    mix_today = ResolutionMix.from_shares(wom.resolved_share, wom.quick_share)
    mix_better = ResolutionMix.from_shares(wom.target_resolved_share, wom.target_quick_share)
    raw_today = problem_outcomes(with_problem, wom.complaint_share, mix_today, loyalty)
    raw_better = problem_outcomes(with_problem, wom.complaint_share, mix_better, loyalty)
    scale_today = loss_scale(raw_today.customers_lost, year_lost)
    # The better mix keeps today's factor, and is scaled further if it still loses too many.
    scale_better = scale_today * loss_scale(raw_better.customers_lost * scale_today, year_lost)

    def result(outcomes: ProblemOutcomes, mix: ResolutionMix) -> MixResult:
        return _mix_result(
            outcomes,
            mix,
            without_problem,
            wom.tell_negative,
            wom.tell_positive,
            multiplier,
            wom.influenced_share,
            wom.would_buy_share,
            clv,
        )

    today = result(scale_losses(raw_today, scale_today), mix_today)
    better = result(scale_losses(raw_better, scale_better), mix_better)
    handling = complaint_handling_return(
        today.value_at_risk,
        better.value_at_risk,
        wom.complaints_per_year,
        wom.complaint_handling_cost,
    )

    outcomes = today.outcomes.outcomes
    customers = [
        outcomes.silent,
        outcomes.unresolved,
        today.outcomes.resolved_complainers,
        without_problem,
    ]
    tells = [wom.tell_negative] * 2 + [wom.tell_positive] * 2
    scales = [today.negative_scale] * 2 + [today.positive_scale] * 2
    reach_groups = pd.DataFrame(
        {
            "customers": customers,
            "people": [
                c * t * multiplier * k for c, t, k in zip(customers, tells, scales, strict=True)
            ],
            "side": ["negative", "negative", "positive", "positive"],
        },
        index=pd.Index(["silent", "unresolved", "resolved", "no_problem"], name="group"),
    )
    shown_rounds = max(MIN_CHART_ROUNDS, wom.retell_rounds)
    first = word_of_mouth_reach(today.unhappy, today.happy, wom.tell_negative, wom.tell_positive)
    rounds = pd.DataFrame(
        {
            side: retelling_reach(reach, wom.retell_people, wom.retell_probability, shown_rounds)[
                "reach"
            ]
            for side, reach in (("negative", first.negative), ("positive", first.positive))
        }
    ).clip(upper=MAX_PEOPLE_REACHED)
    low_share, high_share = COMPLAINT_SHARE_RANGE
    return WordOfMouthReport(
        active_customers=active,
        complaints=float(wom.complaints_per_year),
        complaint_share=wom.complaint_share,
        problems_per_complaint=1.0 / wom.complaint_share,
        silent_per_complaint=1.0 / wom.complaint_share - 1.0,
        iceberg=iceberg,
        customers_with_problem=with_problem,
        problem_capped=iceberg > active,
        reach_capped=today.reach_capped or better.reach_capped,
        estimated_with_problem=active * wom.problem_share,
        retention=business.retention,
        year_lost=year_lost,
        losses_bounded=today.outcomes.bounded,
        better_bounded=better.outcomes.bounded,
        iceberg_range=(
            complaint_iceberg(wom.complaints_per_year, high_share),
            complaint_iceberg(wom.complaints_per_year, low_share),
        ),
        customers_without_problem=without_problem,
        problem_size=wom.problem_size,
        loyalty=loyalty,
        tell_negative=wom.tell_negative,
        tell_positive=wom.tell_positive,
        retell_rounds=wom.retell_rounds,
        retell_multiplier=multiplier,
        influenced_share=wom.influenced_share,
        would_buy_share=wom.would_buy_share,
        clv=clv,
        today=today,
        better=better,
        reach_groups=reach_groups,
        rounds=rounds,
        retell_ratio=wom.retell_people * wom.retell_probability,
        customers_kept=today.outcomes.customers_lost - better.outcomes.customers_lost,
        unhappy_avoided=today.unhappy - better.unhappy,
        mentions_avoided=today.reach.negative - better.reach.negative,
        handling=handling,
        cost_per_complaint=wom.complaint_handling_cost,
    )
