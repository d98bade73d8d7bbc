"""Tests for calculators.word_of_mouth: the issue's hand checks, edge cases and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.word_of_mouth import (
    LoyaltyRates,
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
from tests.calculators.rejections import Rejection, each_bad_value, rejections

TARP_SMALL = LoyaltyRates(0.37, 0.46, 0.70, 0.95)
TARP_LARGE = LoyaltyRates(0.09, 0.19, 0.54, 0.82)
invalid_numbers = [float("nan"), float("inf"), -1.0, True, None, "1"]
shares = st.floats(min_value=0.0, max_value=1.0)
counts = st.floats(min_value=0.0, max_value=1e7)


# --- complaint_iceberg --------------------------------------------------------------------------


def test_ten_complaints_at_four_percent_are_250_customers_with_a_problem() -> None:
    assert complaint_iceberg(10, 0.04) == pytest.approx(250)


def test_when_everyone_complains_each_complaint_is_one_customer() -> None:
    assert complaint_iceberg(10, 1.0) == 10
    assert complaint_iceberg(0, 0.04) == 0


def test_a_complaint_share_of_zero_is_an_error_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match=r"complaint_share must be in \(0, 1\], got 0: if nobody"):
        complaint_iceberg(10, 0)


@settings(max_examples=150)
@given(complaints=counts, share=st.floats(min_value=0.001, max_value=1.0))
def test_iceberg_times_complaint_share_gives_back_the_complaints(complaints, share) -> None:
    customers = complaint_iceberg(complaints, share)
    assert customers >= complaints * (1 - 1e-12)
    assert customers * share == pytest.approx(complaints, rel=1e-9, abs=1e-9)


# --- word_of_mouth_reach ------------------------------------------------------------------------


def test_100_unhappy_and_900_happy_at_9_and_5() -> None:
    reach = word_of_mouth_reach(100, 900, tell_negative=9, tell_positive=5)
    assert isinstance(reach, WordOfMouthReach)
    assert reach.negative == pytest.approx(900)
    assert reach.positive == pytest.approx(4500)
    assert reach.net == pytest.approx(3600)
    assert reach.balance_ratio == pytest.approx(1.8)


def test_the_defaults_are_tarps_9_and_5() -> None:
    assert word_of_mouth_reach(100, 900) == word_of_mouth_reach(100, 900, 9, 5)


def test_when_happy_customers_tell_nobody_nothing_balances_an_unhappy_one() -> None:
    reach = word_of_mouth_reach(100, 900, 9, 0)
    assert reach.positive == 0
    assert reach.balance_ratio is None


def test_reach_is_a_frozen_dataclass() -> None:
    reach = word_of_mouth_reach(1, 1)
    with pytest.raises(AttributeError):
        reach.negative = 0.0  # type: ignore[misc]


@settings(max_examples=150)
@given(unhappy=counts, extra=counts, happy=counts, tell=st.floats(min_value=0, max_value=1000))
def test_more_unhappy_customers_never_lower_negative_reach(unhappy, extra, happy, tell) -> None:
    fewer = word_of_mouth_reach(unhappy, happy, tell, 5)
    more = word_of_mouth_reach(unhappy + extra, happy, tell, 5)
    assert more.negative >= fewer.negative
    assert more.positive == fewer.positive


# --- ResolutionMix and LoyaltyRates -------------------------------------------------------------


def test_the_scenario_shares_give_the_three_way_mix() -> None:
    mix = ResolutionMix.from_shares(0.6, 0.3)
    assert mix.unresolved == pytest.approx(0.4)
    assert mix.resolved == pytest.approx(0.42)
    assert mix.resolved_quickly == pytest.approx(0.18)


@pytest.mark.parametrize(("resolved", "quick"), [(0, 0), (0, 1), (1, 0), (1, 1), (0.6, 0.3)])
def test_a_mix_from_two_shares_always_sums_to_one(resolved, quick) -> None:
    mix = ResolutionMix.from_shares(resolved, quick)
    assert mix.unresolved + mix.resolved + mix.resolved_quickly == pytest.approx(1)


@pytest.mark.parametrize("shares", [(0.5, 0.3, 0.1), (0.5, 0.5, 0.5), (0, 0, 0)])
def test_a_mix_that_does_not_sum_to_one_is_an_error_naming_the_shares(shares) -> None:
    with pytest.raises(
        ValueError, match=r"^unresolved \+ resolved \+ resolved_quickly must sum to 1 \(100%\)"
    ):
        ResolutionMix(*shares)


def test_a_mix_off_by_rounding_only_is_accepted() -> None:
    mix = ResolutionMix(0.4, 0.42, 0.18 + 1e-12)
    assert mix.resolved_quickly == pytest.approx(0.18)


# --- problem_outcomes ---------------------------------------------------------------------------


def test_customers_lost_to_problems_by_hand() -> None:
    # 150 with a problem, 4% complain: 144 silent, 6 complain (2.4 / 2.52 / 1.08 by outcome).
    result = problem_outcomes(150, 0.04, ResolutionMix(0.4, 0.42, 0.18), TARP_SMALL)
    assert result.silent == pytest.approx(144)
    assert result.complained == pytest.approx(6)
    assert result.outcomes.unresolved == pytest.approx(2.4)
    assert result.outcomes.resolved == pytest.approx(2.52)
    assert result.outcomes.resolved_quickly == pytest.approx(1.08)
    assert result.left.silent == pytest.approx(144 * 0.63)
    assert result.left.unresolved == pytest.approx(2.4 * 0.54)
    assert result.left.resolved == pytest.approx(2.52 * 0.30)
    assert result.left.resolved_quickly == pytest.approx(1.08 * 0.05)
    assert result.customers_lost == pytest.approx(92.826)
    assert result.unhappy == pytest.approx(146.4)
    assert result.resolved_complainers == pytest.approx(3.6)


def test_customers_lost_follow_the_design_formula() -> None:
    d, c = 1000, 0.2
    mix = ResolutionMix(0.3, 0.5, 0.2)
    expected = d * ((1 - c) * (1 - 0.09) + c * (0.3 * 0.81 + 0.5 * 0.46 + 0.2 * 0.18))
    assert problem_outcomes(d, c, mix, TARP_LARGE).customers_lost == pytest.approx(expected)


def test_when_everyone_complains_nobody_is_silent() -> None:
    result = problem_outcomes(100, 1.0, ResolutionMix(0, 0, 1), TARP_SMALL)
    assert result.silent == 0
    assert result.customers_lost == pytest.approx(5)


def test_when_nobody_complains_everyone_is_silent() -> None:
    result = problem_outcomes(100, 0.0, ResolutionMix(1, 0, 0), TARP_SMALL)
    assert result.complained == 0
    assert result.customers_lost == pytest.approx(63)


@settings(max_examples=150)
@given(
    customers=counts,
    complaint_share=shares,
    resolved=shares,
    quick=shares,
    more_resolved=shares,
    more_quick=shares,
    rates=st.lists(shares, min_size=4, max_size=4),
)
def test_a_better_resolution_mix_never_loses_more_customers(
    customers, complaint_share, resolved, quick, more_resolved, more_quick, rates
) -> None:
    # TARP's ordering: the better the outcome, the more stay (silent is not a complaint outcome).
    silent, unresolved, resolved_rate, quickly = rates[0], *sorted(rates[1:])
    loyalty = LoyaltyRates(silent, unresolved, resolved_rate, quickly)
    # "Better": at least as many complaints resolved, and at least as many resolved quickly.
    target_resolved = resolved + (1 - resolved) * more_resolved
    target_quick = (
        min(1.0, resolved * quick / target_resolved + more_quick) if target_resolved else 0
    )
    today = ResolutionMix.from_shares(resolved, quick)
    better = ResolutionMix.from_shares(target_resolved, target_quick)
    lost_today = problem_outcomes(customers, complaint_share, today, loyalty).customers_lost
    lost_better = problem_outcomes(customers, complaint_share, better, loyalty).customers_lost
    assert lost_better <= lost_today + 1e-9 * max(1.0, customers)


@settings(max_examples=150)
@given(customers=counts, complaint_share=shares, resolved=shares, quick=shares)
def test_everyone_with_a_problem_either_stays_or_leaves(
    customers, complaint_share, resolved, quick
) -> None:
    mix = ResolutionMix.from_shares(resolved, quick)
    result = problem_outcomes(customers, complaint_share, mix, TARP_LARGE)
    total = result.stayed.total + result.left.total
    assert total == pytest.approx(customers, rel=1e-9, abs=1e-9)
    assert 0 <= result.customers_lost <= customers * (1 + 1e-12)


# --- The bound: customers lost to problems are part of the year's lost customers -------------


def test_the_loss_scale_brings_309_lost_down_to_the_50_a_year_loses() -> None:
    # 500 customers with a problem, 4% complain: 480 silent x 63% = 302.4; 20 complainers x
    # (40% x 54% + 42% x 30% + 18% x 5%) = 7.02; 309.42 in all, against 1,000 x 5% = 50.
    raw = problem_outcomes(500, 0.04, ResolutionMix(0.4, 0.42, 0.18), TARP_SMALL)
    assert raw.customers_lost == pytest.approx(309.42)
    assert raw.unbounded_lost == pytest.approx(309.42)
    assert not raw.bounded
    scale = loss_scale(raw.customers_lost, 50)
    assert scale == pytest.approx(50 / 309.42)
    bounded = scale_losses(raw, scale)
    assert bounded.bounded
    assert bounded.customers_lost == pytest.approx(50)
    assert bounded.unbounded_lost == pytest.approx(309.42)
    assert bounded.left.silent == pytest.approx(302.4 * 50 / 309.42)
    assert bounded.complainers_lost == pytest.approx(7.02 * 50 / 309.42)
    # Whoever does not leave stays: each outcome still adds up, and nothing else moves.
    assert bounded.stayed.silent + bounded.left.silent == pytest.approx(480)
    assert bounded.stayed.total == pytest.approx(450)
    assert bounded.outcomes == raw.outcomes
    assert bounded.unhappy == raw.unhappy


def test_no_bound_when_problems_lose_fewer_than_the_year() -> None:
    assert loss_scale(92.826, 200) == 1.0
    assert loss_scale(0, 0) == 1.0
    assert loss_scale(10, 0) == 0.0
    raw = problem_outcomes(150, 0.04, ResolutionMix(0.4, 0.42, 0.18), TARP_SMALL)
    assert scale_losses(raw, 1.0) == raw


@settings(max_examples=150, deadline=None)
@given(
    customers=counts,
    complaint_share=shares,
    resolved=shares,
    quick=shares,
    rates=st.lists(shares, min_size=4, max_size=4),
    year_lost=counts,
)
def test_bounded_losses_never_exceed_the_year(
    customers, complaint_share, resolved, quick, rates, year_lost
) -> None:
    raw = problem_outcomes(
        customers, complaint_share, ResolutionMix.from_shares(resolved, quick), LoyaltyRates(*rates)
    )
    bounded = scale_losses(raw, loss_scale(raw.customers_lost, year_lost))
    assert bounded.customers_lost <= year_lost * (1 + 1e-12) + 1e-9
    assert bounded.customers_lost <= raw.customers_lost
    assert bounded.stayed.total + bounded.left.total == pytest.approx(customers, rel=1e-9, abs=1e-9)
    assert min(getattr(bounded.stayed, n) for n in ("silent", "unresolved")) >= -1e-9


# --- Retelling and prospects --------------------------------------------------------------------


def test_retelling_by_hand() -> None:
    assert retelling_multiplier(2, 0.1, 0) == 1
    assert retelling_multiplier(2, 0.1, 2) == pytest.approx(1.24)
    # k * p = 1: every round reaches as many new people as the first.
    assert retelling_multiplier(2, 0.5, 3) == pytest.approx(4)
    table = retelling_reach(1000, 2, 0.1, 2)
    assert table.index.tolist() == [0, 1, 2]
    assert table["new"].tolist() == pytest.approx([1000, 200, 40])
    assert table["reach"].tolist() == pytest.approx([1000, 1200, 1240])


def test_nobody_retells_when_the_probability_is_zero() -> None:
    assert retelling_multiplier(5, 0, 10) == 1


@settings(max_examples=150)
@given(
    people=st.floats(min_value=0, max_value=100),
    probability=shares,
    rounds=st.integers(min_value=0, max_value=9),
)
def test_more_rounds_never_reach_fewer_people(people, probability, rounds) -> None:
    fewer = retelling_multiplier(people, probability, rounds)
    more = retelling_multiplier(people, probability, rounds + 1)
    assert 1 <= fewer <= more


def test_prospects_by_hand() -> None:
    # 1,000 people told, 10% influenced, 20% of those would have bought: 20 prospects.
    assert prospects(1000, 0.10, 0.20) == pytest.approx(20)
    with pytest.raises(ValueError, match=r"^influenced_share must be in \[0, 1\]"):
        prospects(1000, 1.5, 0.2)


# --- complaint_handling_return ------------------------------------------------------------------


def test_handling_return_by_hand() -> None:
    result = complaint_handling_return(10_000, 8_000, 10, 50)
    assert (result.gain, result.cost, result.net) == (2000, 500, 1500)
    assert result.roi == pytest.approx(3.0)


def test_free_handling_has_no_roi() -> None:
    result = complaint_handling_return(10_000, 8_000, 10, 0)
    assert result.cost == 0
    assert result.roi is None


# --- invalid inputs --------------------------------------------------------------------------


INVALID = [
    *rejections(
        complaint_iceberg,
        {"complaints": 10, "complaint_share": 0.04},
        [
            *each_bad_value(
                ["complaint_share"], [-0.1, 1.01, float("nan"), "4%"], r" be in \(0, 1\]"
            ),
            *each_bad_value(["complaints"], invalid_numbers, " be >= 0"),
        ],
    ),
    *rejections(
        word_of_mouth_reach,
        {"unhappy_customers": 1, "happy_customers": 1, "tell_negative": 9, "tell_positive": 5},
        each_bad_value(
            ["unhappy_customers", "happy_customers", "tell_negative", "tell_positive"],
            invalid_numbers,
            " be >= 0",
        ),
    ),
    *rejections(
        ResolutionMix,
        {"unresolved": 0.5, "resolved": 0.0, "resolved_quickly": 0.5},
        each_bad_value(["resolved"], [-0.1, 1.1, float("nan")], r" be in \[0, 1\]"),
    ),
    *rejections(
        ResolutionMix.from_shares,
        {"resolved_share": 0.5, "quick_share": 0.3},
        each_bad_value(["quick_share"], [-0.1, 1.1, float("nan")], r" be in \[0, 1\]"),
    ),
    *rejections(
        LoyaltyRates,
        {"silent": 0.37, "unresolved": 0.46, "resolved": 0.70, "resolved_quickly": 0.95},
        [({"resolved": 1.7}, r"loyalty\.resolved", r" be in \[0, 1\]")],
    ),
    *rejections(
        loss_scale,
        {"customers_lost": 10, "year_lost": 5},
        each_bad_value(["customers_lost", "year_lost"], invalid_numbers, " be >= 0"),
    ),
    *rejections(
        retelling_multiplier,
        {"retell_people": 2, "retell_probability": 0.1, "rounds": 3},
        each_bad_value(["rounds"], [-1, 1.5, True, "2"], " be an integer >= 0"),
    ),
]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()
