"""Word of mouth and complaints: the complaint iceberg, who leaves after a problem, how far the
story travels, what it costs and what better complaint handling is worth.

Conventions, stated once here and in the page's "how this is computed" lines:

- One period is one year; counts are customers (or people) per year; rates are fractions.
- **Customers with a problem** come from the complaint iceberg, ``complaints / complaint_share``
  (capped at the active customers in the page's report, `calculators.reports.word_of_mouth`).
- The complainers' **resolution mix** is three shares that sum to 1: not resolved, resolved (but
  not quickly) and resolved quickly. The scenario stores it as two independent shares
  (`ResolutionMix.from_shares`).
- Who stays after a problem follows TARP's 1986 loyalty table (``recovery_95pct``), by outcome:
  did not complain, complained and not resolved, resolved, resolved quickly.
- **Customers lost to problems are part of the year's lost customers**, ``N * (1 - retention)``,
  never more: when TARP's leaving shares would lose more, every outcome's leavers are scaled by
  the same factor (`loss_scale`, `scale_losses`) and the page says so. The scenario's retention
  is the owner's measured figure; the loyalty table is a 1986 US average.
- **Unhappy customers** are customers with a problem that was not put right: those who said
  nothing and those whose complaint was not resolved, whether they left or stayed.
  **Happy customers** are customers without a problem plus complainers whose complaint was
  resolved. Unhappy ones tell ``tell_negative`` people a year, happy ones ``tell_positive``.
  Two assumptions, stated on the page: TARP measured the 9 and the 5 among customers who had
  complained, and the 9 is applied here to customers who never complained too; and reach is
  counted for one year (this year's unhappy customers, every happy customer once a year).
- Every person reached is counted as a different person (no overlap between tellers); the
  page's report caps the people reached at `MAX_PEOPLE_REACHED` (about the world's population),
  which only matters when retelling grows round after round (k x p above 1).
- Money is valued with the scenario's lifetime value of a customer,
  ``CLV = margin / (1 + discount_rate - retention)`` (no acquisition cost: a customer lost
  is a CLV lost, and a prospect won by word of mouth costs nothing to acquire).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators._validate import check_integer, check_range

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = [
    "COMPLAINT_SHARE_RANGE",
    "MAX_PEOPLE_REACHED",
    "HandlingReturn",
    "LoyaltyRates",
    "OutcomeCounts",
    "ProblemOutcomes",
    "ResolutionMix",
    "WordOfMouthReach",
    "complaint_handling_return",
    "complaint_iceberg",
    "loss_scale",
    "problem_outcomes",
    "prospects",
    "retelling_multiplier",
    "retelling_reach",
    "scale_losses",
    "word_of_mouth_reach",
]

# The quoted range of the share who complain: 4% (complain_4pct, TARP) to 30% (the other side of
# "70% never complain", never_complain_70pct).
COMPLAINT_SHARE_RANGE: tuple[float, float] = (0.04, 0.30)
# The sum of the three resolution shares may miss 1 by this much (floating-point rounding).
MIX_TOLERANCE = 1e-9
# Nobody can tell more people than there are: with k x p above 1 each round of retelling reaches
# more people than the one before and the sum grows without end, so the report caps the people
# reached at about the world's population (8 billion, UN 2022) and says so.
MAX_PEOPLE_REACHED = 8e9


# --- The complaint iceberg --------------------------------------------------------------------


def complaint_iceberg(complaints: float, complaint_share: float) -> float:
    """Customers who had a problem, from the complaints received and the share who complain.

    customers_with_problem = complaints / complaint_share

    Parameters
    ----------
    complaints : float
        Complaints received in a year (>= 0), one per complaining customer.
    complaint_share : float
        Share of customers with a problem who complain, a fraction in (0, 1].
        1 means everyone with a problem complains.

    Returns
    -------
    float
        Customers with a problem in the year.

    Raises
    ------
    ValueError
        If complaints is negative, or complaint_share is not in (0, 1] (at 0 nobody complains,
        and complaints tell nothing about how many had a problem).

    Examples
    --------
    At 4% (TARP), each complaint stands for 25 customers with a problem:

    >>> round(complaint_iceberg(10, 0.04), 9)
    250.0
    >>> complaint_iceberg(10, 1.0)
    10.0
    """
    complaints = check_range("complaints", complaints, 0, None)
    if complaint_share == 0:
        raise ValueError(
            "complaint_share must be in (0, 1], got 0: if nobody complains, the complaints "
            "received say nothing about how many customers had a problem"
        )
    complaint_share = check_range("complaint_share", complaint_share, 0, 1, low_open=True)
    return complaints / complaint_share


# --- Who stays after a problem ----------------------------------------------------------------


def _check_shares(names: tuple[str, ...], values: tuple[float, ...]) -> tuple[float, ...]:
    checked = tuple(check_range(n, v, 0, 1) for n, v in zip(names, values, strict=True))
    total = sum(checked)
    if abs(total - 1.0) > MIX_TOLERANCE:
        raise ValueError(
            f"{' + '.join(names)} must sum to 1 (100%), got {total:.10g}: "
            "shares of the complaints must add up to all of them"
        )
    return checked


@dataclass(frozen=True)
class ResolutionMix:
    """What happens to complaints: shares (fractions) that sum to 1.

    Attributes
    ----------
    unresolved : float
        Share of complaints not resolved.
    resolved : float
        Share resolved, but not quickly.
    resolved_quickly : float
        Share resolved quickly.

    Raises
    ------
    ValueError
        If a share is outside [0, 1] or the three do not sum to 1 (within 1e-9).

    Examples
    --------
    >>> ResolutionMix(0.4, 0.42, 0.18).resolved_quickly
    0.18
    >>> ResolutionMix(0.5, 0.3, 0.1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ValueError: unresolved + resolved + resolved_quickly must sum to 1 (100%), got 0.9: ...
    """

    unresolved: float
    resolved: float
    resolved_quickly: float

    def __post_init__(self) -> None:
        names = ("unresolved", "resolved", "resolved_quickly")
        checked = _check_shares(names, (self.unresolved, self.resolved, self.resolved_quickly))
        for name, value in zip(names, checked, strict=True):
            object.__setattr__(self, name, value)

    @classmethod
    def from_shares(cls, resolved_share: float, quick_share: float) -> ResolutionMix:
        """The mix from two independent shares, as the scenario stores it.

        unresolved       = 1 - resolved_share
        resolved_quickly = resolved_share * quick_share
        resolved         = resolved_share - resolved_quickly

        ``resolved_share`` is the share of complaints resolved at all (quickly or not);
        ``quick_share`` the share of those resolved quickly. Both are fractions in [0, 1].

        >>> mix = ResolutionMix.from_shares(0.6, 0.3)
        >>> round(mix.unresolved, 9), round(mix.resolved, 9), round(mix.resolved_quickly, 9)
        (0.4, 0.42, 0.18)
        """
        resolved_share = check_range("resolved_share", resolved_share, 0, 1)
        quick_share = check_range("quick_share", quick_share, 0, 1)
        quickly = resolved_share * quick_share
        return cls(1.0 - resolved_share, resolved_share - quickly, quickly)


@dataclass(frozen=True)
class LoyaltyRates:
    """Share of customers with a problem who stay loyal, by outcome (fractions in [0, 1]).

    TARP 1986 (``recovery_95pct``): problem under $5: 0.37, 0.46, 0.70, 0.95; over $100:
    0.09, 0.19, 0.54, 0.82 (silent, unresolved, resolved, resolved quickly).

    >>> LoyaltyRates(0.37, 0.46, 0.70, 0.95).resolved_quickly
    0.95
    """

    silent: float
    unresolved: float
    resolved: float
    resolved_quickly: float

    def __post_init__(self) -> None:
        for name in ("silent", "unresolved", "resolved", "resolved_quickly"):
            object.__setattr__(
                self, name, check_range(f"loyalty.{name}", getattr(self, name), 0, 1)
            )

    @property
    def leaving(self) -> LoyaltyRates:
        """The share who leave after each outcome, 1 - L.

        >>> round(LoyaltyRates(0.37, 0.46, 0.70, 0.95).leaving.silent, 9)
        0.63
        """
        return LoyaltyRates(
            1.0 - self.silent,
            1.0 - self.unresolved,
            1.0 - self.resolved,
            1.0 - self.resolved_quickly,
        )


@dataclass(frozen=True)
class OutcomeCounts:
    """Customers by what happened to their problem (customers per year)."""

    silent: float
    unresolved: float
    resolved: float
    resolved_quickly: float

    @property
    def total(self) -> float:
        return self.silent + self.unresolved + self.resolved + self.resolved_quickly


# `OutcomeCounts`'s fields, which are also `LoyaltyRates`'s: one outcome each.
_OUTCOMES = ("silent", "unresolved", "resolved", "resolved_quickly")


@dataclass(frozen=True)
class ProblemOutcomes:
    """Where a year's customers with a problem end up.

    Attributes
    ----------
    customers_with_problem : float
        D, customers with a problem.
    complained : float
        D * c, customers who complained (``silent`` is ``outcomes.silent``).
    outcomes : OutcomeCounts
        Customers by outcome: silent, complained and unresolved, resolved, resolved quickly.
    stayed, left : OutcomeCounts
        Of each outcome, those who stayed loyal and those who left.
    unbounded_lost : float
        Customers the loyalty rates alone would lose, before any bound (`scale_losses`).
    loss_scale : float
        The factor every outcome's leavers were scaled by to stay within the year's lost
        customers: 1 when no bound applied, 0 when the owner loses nobody in a year.
    """

    customers_with_problem: float
    complained: float
    outcomes: OutcomeCounts
    stayed: OutcomeCounts
    left: OutcomeCounts
    unbounded_lost: float
    loss_scale: float = 1.0

    @property
    def bounded(self) -> bool:
        """True when the leavers were scaled down to fit within the year's lost customers."""
        return self.loss_scale < 1

    @property
    def silent(self) -> float:
        """Customers with a problem who did not complain."""
        return self.outcomes.silent

    @property
    def customers_lost(self) -> float:
        """Customers lost to problems: every outcome's leavers."""
        return self.left.total

    @property
    def complainers_lost(self) -> float:
        """Customers who complained and then left, whatever happened to the complaint."""
        return self.left.unresolved + self.left.resolved + self.left.resolved_quickly

    @property
    def unhappy(self) -> float:
        """Problem not put right: silent plus complained and not resolved (stayed or left)."""
        return self.outcomes.silent + self.outcomes.unresolved

    @property
    def resolved_complainers(self) -> float:
        """Complainers whose complaint was resolved, quickly or not."""
        return self.outcomes.resolved + self.outcomes.resolved_quickly


def problem_outcomes(
    customers_with_problem: float,
    complaint_share: float,
    mix: ResolutionMix,
    loyalty: LoyaltyRates,
) -> ProblemOutcomes:
    """Customers with a problem split by outcome, and how many of each stay or leave.

    silent     = D * (1 - c);  complained = D * c
    outcome_o  = complained * share_o          (o: unresolved, resolved, resolved quickly)
    stayed_o   = outcome_o * L_o;  left_o = outcome_o * (1 - L_o)
    lost       = D * [(1 - c) * (1 - L_silent) + c * sum_o share_o * (1 - L_o)]

    Parameters
    ----------
    customers_with_problem : float
        D, customers with a problem in a year (>= 0).
    complaint_share : float
        c, share of them who complain, a fraction in [0, 1].
    mix : ResolutionMix
        What happens to the complaints (shares summing to 1).
    loyalty : LoyaltyRates
        L, share who stay loyal after each outcome.

    Returns
    -------
    ProblemOutcomes

    Examples
    --------
    150 customers with a problem, 4% complain, 40% / 42% / 18% of complaints not resolved /
    resolved / resolved quickly, TARP's small-problem loyalty: 144 * 0.63 + 6 * (0.4 * 0.54 +
    0.42 * 0.30 + 0.18 * 0.05) = 90.72 + 2.106 customers lost.

    >>> result = problem_outcomes(
    ...     150, 0.04, ResolutionMix(0.4, 0.42, 0.18), LoyaltyRates(0.37, 0.46, 0.70, 0.95)
    ... )
    >>> round(result.silent, 6), round(result.complained, 6), round(result.customers_lost, 6)
    (144.0, 6.0, 92.826)
    """
    customers_with_problem = check_range("customers_with_problem", customers_with_problem, 0, None)
    complaint_share = check_range("complaint_share", complaint_share, 0, 1)
    complained = customers_with_problem * complaint_share
    outcomes = OutcomeCounts(
        silent=customers_with_problem - complained,
        unresolved=complained * mix.unresolved,
        resolved=complained * mix.resolved,
        resolved_quickly=complained * mix.resolved_quickly,
    )
    stayed = OutcomeCounts(*(getattr(outcomes, n) * getattr(loyalty, n) for n in _OUTCOMES))
    left = OutcomeCounts(*(getattr(outcomes, n) * (1.0 - getattr(loyalty, n)) for n in _OUTCOMES))
    return ProblemOutcomes(
        customers_with_problem=customers_with_problem,
        complained=complained,
        outcomes=outcomes,
        stayed=stayed,
        left=left,
        unbounded_lost=left.total,
    )


def loss_scale(customers_lost: float, year_lost: float) -> float:
    """The factor that keeps customers lost to problems within all the customers lost in a year.

    scale = min(1, year_lost / customers_lost)        (1 when nobody is lost to problems)

    A customer lost to a problem is one of the year's lost customers, ``N * (1 - retention)``,
    so the problems cannot cost more customers than that: at 95 % retention, 1,000 customers
    lose 50 a year, and TARP's leaving shares applied to 500 customers with a problem (309 lost)
    must be scaled by 50 / 309.

    Parameters
    ----------
    customers_lost : float
        Customers lost to problems before the bound (customers per year, >= 0).
    year_lost : float
        All the customers lost in the year, ``N * (1 - retention)`` (customers per year, >= 0).

    Returns
    -------
    float
        A fraction in [0, 1].

    Examples
    --------
    >>> round(loss_scale(309.42, 50), 6), loss_scale(92.826, 200), loss_scale(0, 0)
    (0.161593, 1.0, 1.0)
    """
    customers_lost = check_range("customers_lost", customers_lost, 0, None)
    year_lost = check_range("year_lost", year_lost, 0, None)
    if customers_lost <= year_lost:
        return 1.0
    return year_lost / customers_lost


def scale_losses(outcomes: ProblemOutcomes, scale: float) -> ProblemOutcomes:
    """The same outcomes with every outcome's leavers scaled by `scale`; the rest stay.

    left_o'   = left_o * scale
    stayed_o' = outcome_o - left_o'

    Parameters
    ----------
    outcomes : ProblemOutcomes
        From `problem_outcomes`.
    scale : float
        A fraction in [0, 1], usually from `loss_scale`.

    Returns
    -------
    ProblemOutcomes
        With ``loss_scale = scale`` and the leavers before scaling in ``unbounded_lost``.

    Examples
    --------
    >>> raw = problem_outcomes(
    ...     500, 0.04, ResolutionMix(0.4, 0.42, 0.18), LoyaltyRates(0.37, 0.46, 0.70, 0.95)
    ... )
    >>> round(raw.customers_lost, 2)
    309.42
    >>> bounded = scale_losses(raw, loss_scale(raw.customers_lost, 50))
    >>> round(bounded.customers_lost, 9), round(bounded.unbounded_lost, 2), bounded.bounded
    (50.0, 309.42, True)
    """
    scale = check_range("scale", scale, 0, 1)
    if scale == 1:
        return outcomes
    left = OutcomeCounts(*(getattr(outcomes.left, n) * scale for n in _OUTCOMES))
    stayed = OutcomeCounts(*(getattr(outcomes.outcomes, n) - getattr(left, n) for n in _OUTCOMES))
    return ProblemOutcomes(
        customers_with_problem=outcomes.customers_with_problem,
        complained=outcomes.complained,
        outcomes=outcomes.outcomes,
        stayed=stayed,
        left=left,
        unbounded_lost=outcomes.unbounded_lost,
        loss_scale=scale * outcomes.loss_scale,
    )


# --- Word of mouth ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WordOfMouthReach:
    """People told per year, and how many happy customers balance one unhappy one.

    Attributes
    ----------
    negative, positive : float
        People told something bad / good (people per year).
    net : float
        ``positive - negative``.
    balance_ratio : float or None
        ``tell_negative / tell_positive``: happy customers needed to balance one unhappy one;
        ``None`` when happy customers tell nobody (nothing balances).
    """

    negative: float
    positive: float
    net: float
    balance_ratio: float | None


def word_of_mouth_reach(
    unhappy_customers: float,
    happy_customers: float,
    tell_negative: float = 9,
    tell_positive: float = 5,
) -> WordOfMouthReach:
    """How many people unhappy and happy customers tell, in a year.

    negative      = unhappy_customers * tell_negative
    positive      = happy_customers * tell_positive
    net           = positive - negative
    balance_ratio = tell_negative / tell_positive

    Parameters
    ----------
    unhappy_customers, happy_customers : float
        Customers (>= 0).
    tell_negative, tell_positive : float, optional
        People each tells (>= 0). Defaults 9 and 5 (TARP for Coca-Cola, ``tell_9_vs_5``;
        TARP's "5" were complainers satisfied with how the complaint was handled).

    Returns
    -------
    WordOfMouthReach

    Examples
    --------
    >>> reach = word_of_mouth_reach(100, 900)
    >>> reach.negative, reach.positive, reach.net, reach.balance_ratio
    (900.0, 4500.0, 3600.0, 1.8)
    """
    unhappy_customers = check_range("unhappy_customers", unhappy_customers, 0, None)
    happy_customers = check_range("happy_customers", happy_customers, 0, None)
    tell_negative = check_range("tell_negative", tell_negative, 0, None)
    tell_positive = check_range("tell_positive", tell_positive, 0, None)
    negative = unhappy_customers * tell_negative
    positive = happy_customers * tell_positive
    return WordOfMouthReach(
        negative=negative,
        positive=positive,
        net=positive - negative,
        balance_ratio=_ratio_or_none(tell_negative, tell_positive),
    )


def _ratio_or_none(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when it does not exist (0 or an overflowing divisor)."""
    if denominator <= 0:
        return None
    ratio = numerator / denominator
    return ratio if math.isfinite(ratio) else None


def _check_retelling(
    retell_people: float, retell_probability: float, rounds: int
) -> tuple[float, int]:
    retell_people = check_range("retell_people", retell_people, 0, None)
    retell_probability = check_range("retell_probability", retell_probability, 0, 1)
    rounds = check_integer("rounds", rounds, 0)
    return retell_people * retell_probability, rounds


def retelling_multiplier(retell_people: float, retell_probability: float, rounds: int) -> float:
    """People reached per person first told, counting further rounds of retelling.

    multiplier = sum_{j=0..rounds} (k * p)**j

    Each listener retells to ``k = retell_people`` others with probability
    ``p = retell_probability``, so each round reaches ``k * p`` times the one before; round 0 is
    the first telling. Overlaps (someone hearing it twice) are not removed.

    Parameters
    ----------
    retell_people : float
        k, people each listener retells to (>= 0).
    retell_probability : float
        p, chance that a listener retells it, a fraction in [0, 1].
    rounds : int
        Further rounds counted (integer >= 0); 0 = the first telling only.

    Returns
    -------
    float
        The multiplier (>= 1).

    Examples
    --------
    k = 2, p = 10%: 1 + 0.2 + 0.04 = 1.24 after two further rounds.

    >>> round(retelling_multiplier(2, 0.1, 2), 9)
    1.24
    >>> retelling_multiplier(2, 0.1, 0)
    1.0
    """
    ratio, rounds = _check_retelling(retell_people, retell_probability, rounds)
    # fsum is exactly rounded, so one more round can never come out smaller by rounding.
    return math.fsum(ratio**round_ for round_ in range(rounds + 1))


def retelling_reach(
    first_reach: float, retell_people: float, retell_probability: float, rounds: int
) -> pd.DataFrame:
    """People reached round by round when listeners retell the story.

    new(j)   = first_reach * (k * p)**j
    reach(j) = sum_{i=0..j} new(i)

    Parameters
    ----------
    first_reach : float
        People told directly (round 0), >= 0.
    retell_people, retell_probability, rounds
        As in :func:`retelling_multiplier`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``round`` 0..rounds; columns ``new`` (people first reached in that round) and
        ``reach`` (people reached so far).

    Examples
    --------
    >>> table = retelling_reach(1000, 2, 0.1, 2)
    >>> [round(v, 6) for v in table["reach"]]
    [1000.0, 1200.0, 1240.0]
    """
    import pandas as pd

    first_reach = check_range("first_reach", first_reach, 0, None)
    ratio, rounds = _check_retelling(retell_people, retell_probability, rounds)
    new = first_reach * ratio ** np.arange(rounds + 1, dtype=float)
    table = pd.DataFrame({"new": new, "reach": np.cumsum(new)})
    table.index.name = "round"
    return table


def prospects(reach: float, influenced_share: float, would_buy_share: float) -> float:
    """Prospects lost (negative reach) or won (positive reach) through word of mouth.

    prospects = reach * influenced_share * would_buy_share

    Parameters
    ----------
    reach : float
        People told (>= 0).
    influenced_share : float
        Share of them whose choice the story changes, a fraction in [0, 1].
    would_buy_share : float
        Share of those influenced who would otherwise have bought (or now buy), in [0, 1].

    Returns
    -------
    float
        Prospects (would-be customers) per year.

    Examples
    --------
    >>> round(prospects(1000, 0.10, 0.20), 9)
    20.0
    """
    reach = check_range("reach", reach, 0, None)
    influenced_share = check_range("influenced_share", influenced_share, 0, 1)
    would_buy_share = check_range("would_buy_share", would_buy_share, 0, 1)
    return reach * influenced_share * would_buy_share


# --- Complaint handling -----------------------------------------------------------------------


@dataclass(frozen=True)
class HandlingReturn:
    """The yearly return on better complaint handling (money per year).

    gain: value at risk today minus value at risk with better handling.
    cost: complaints * cost of handling one complaint.
    net: gain - cost.
    roi: net / cost (0.5 = 50%); ``None`` when handling costs nothing.
    """

    gain: float
    cost: float
    net: float
    roi: float | None


def complaint_handling_return(
    value_at_risk_today: float,
    value_at_risk_better: float,
    complaints: float,
    cost_per_complaint: float,
) -> HandlingReturn:
    """Return on handling complaints better.

    gain = value_at_risk_today - value_at_risk_better
    cost = complaints * cost_per_complaint
    net  = gain - cost;  roi = net / cost

    Parameters
    ----------
    value_at_risk_today, value_at_risk_better : float
        Value at risk per year with today's and with the better resolution mix (money, >= 0).
    complaints : float
        Complaints per year (>= 0).
    cost_per_complaint : float
        What handling one complaint well costs (money, >= 0).

    Returns
    -------
    HandlingReturn

    Examples
    --------
    >>> r = complaint_handling_return(127_690, 126_668, 6, 30)
    >>> r.gain, r.cost, r.net, round(r.roi, 3)
    (1022.0, 180.0, 842.0, 4.678)
    """
    value_at_risk_today = check_range("value_at_risk_today", value_at_risk_today, 0, None)
    value_at_risk_better = check_range("value_at_risk_better", value_at_risk_better, 0, None)
    complaints = check_range("complaints", complaints, 0, None)
    cost_per_complaint = check_range("cost_per_complaint", cost_per_complaint, 0, None)
    gain = value_at_risk_today - value_at_risk_better
    cost = complaints * cost_per_complaint
    net = gain - cost
    return HandlingReturn(gain=gain, cost=cost, net=net, roi=net / cost if cost > 0 else None)
