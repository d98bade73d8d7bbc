"""Tests for calculators.reports.word_of_mouth: the page's numbers from the default scenario by
hand (6 complaints at 4 % = 150 customers with a problem, about 93 lost), caps and extremes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.reports.word_of_mouth import word_of_mouth_report
from calculators.scenario import Scenario, scenario_from_values
from calculators.word_of_mouth import COMPLAINT_SHARE_RANGE, MAX_PEOPLE_REACHED, LoyaltyRates

TARP_LARGE = LoyaltyRates(0.09, 0.19, 0.54, 0.82)


def test_report_with_the_default_scenario() -> None:
    report = word_of_mouth_report(Scenario())
    # 6 complaints at 4%: 150 with a problem, 25 per complaint, 24 of them silent.
    assert report.customers_with_problem == pytest.approx(150)
    assert report.estimated_with_problem == pytest.approx(150)  # 1,000 x 15%
    assert not report.problem_capped
    assert report.problems_per_complaint == pytest.approx(25)
    assert report.silent_per_complaint == pytest.approx(24)
    assert report.iceberg_range == pytest.approx((20, 150))  # at 30% and at 4%
    today = report.today
    assert today.outcomes.customers_lost == pytest.approx(92.826)
    assert today.unhappy == pytest.approx(146.4)  # 144 silent + 2.4 unresolved
    assert today.happy == pytest.approx(853.6)  # 850 without a problem + 3.6 resolved
    assert today.reach.negative == pytest.approx(1317.6)
    assert today.reach.positive == pytest.approx(4268)
    assert today.reach.balance_ratio == pytest.approx(1.8)
    assert today.prospects_lost == pytest.approx(26.352)
    assert today.prospects_won == pytest.approx(85.36)
    clv = 300 / (1 + 0.08 - 0.8)
    assert report.clv == pytest.approx(clv)
    assert today.value_at_risk == pytest.approx((92.826 + 26.352) * clv)
    # Better handling (80% resolved, 60% of them quickly): 1,368 instead of 2,106 complainers lost.
    assert report.better.outcomes.customers_lost == pytest.approx(92.088)
    assert report.customers_kept == pytest.approx(0.738)
    assert report.mentions_avoided == pytest.approx(10.8)
    assert report.handling.gain == pytest.approx((0.738 + 0.216) * clv)
    assert report.handling.cost == pytest.approx(180)
    assert report.handling.roi == pytest.approx(((0.954 * clv) - 180) / 180)
    # The complainers' part is all that better handling changes.
    part_today = today.complainers_customers_value + today.complainers_prospects_value
    part_better = (
        report.better.complainers_customers_value + report.better.complainers_prospects_value
    )
    assert part_today - part_better == pytest.approx(report.handling.gain)


def test_ordinary_reach_is_not_capped() -> None:
    assert not word_of_mouth_report(Scenario()).reach_capped


def test_report_reach_groups_add_up_to_the_reach() -> None:
    report = word_of_mouth_report(scenario_from_values({"word_of_mouth.retell_rounds": 3}))
    groups = report.reach_groups
    negative = groups.loc[groups["side"] == "negative", "people"].sum()
    positive = groups.loc[groups["side"] == "positive", "people"].sum()
    assert negative == pytest.approx(report.today.reach.negative)
    assert positive == pytest.approx(report.today.reach.positive)
    assert groups["customers"].sum() == pytest.approx(1000)
    # Three further rounds at k x p = 0.2: x 1.248; the chart shows at least five rounds.
    assert report.retell_multiplier == pytest.approx(1.248)
    assert report.rounds.index.tolist() == [0, 1, 2, 3, 4, 5]
    assert report.rounds["negative"].iloc[3] == pytest.approx(report.today.reach.negative)


def test_report_uses_the_large_problem_table_when_chosen() -> None:
    report = word_of_mouth_report(scenario_from_values({"word_of_mouth.problem_size": "large"}))
    assert report.loyalty == TARP_LARGE
    assert report.today.outcomes.left.silent == pytest.approx(144 * 0.91)


def test_more_complaints_than_customers_can_have_are_capped_visibly() -> None:
    report = word_of_mouth_report(scenario_from_values({"word_of_mouth.complaints_per_year": 100}))
    assert report.iceberg == pytest.approx(2500)
    assert report.problem_capped
    assert report.customers_with_problem == 1000
    assert report.customers_without_problem == 0


def test_no_complaints_means_no_customer_counted_with_a_problem() -> None:
    report = word_of_mouth_report(scenario_from_values({"word_of_mouth.complaints_per_year": 0}))
    assert report.customers_with_problem == 0
    assert report.today.value_customers_lost == 0
    assert report.today.reach.positive == pytest.approx(5000)


def test_report_at_the_extremes_stays_finite() -> None:
    extreme = scenario_from_values(
        {
            "business.active_customers": 10_000_000,
            "business.retention": 0.99,
            "business.discount_rate": 0,
            "business.revenue_per_customer": 100_000_000,
            "business.gross_margin": 1,
            "word_of_mouth.complaint_share": 0.001,
            "word_of_mouth.complaints_per_year": 10_000_000,
            "word_of_mouth.tell_negative": 1000,
            "word_of_mouth.tell_positive": 0,
            "word_of_mouth.retell_people": 100,
            "word_of_mouth.retell_probability": 1,
            "word_of_mouth.retell_rounds": 10,
            "word_of_mouth.complaint_handling_cost": 0,
        }
    )
    report = word_of_mouth_report(extreme)
    assert report.problem_capped
    # 10 million unhappy customers x 1,000 x about 1e20 for ten rounds: capped at 8 billion.
    assert report.reach_capped
    assert report.today.reach.negative == pytest.approx(MAX_PEOPLE_REACHED)
    groups = report.reach_groups
    negative = groups.loc[groups["side"] == "negative", "people"].sum()
    assert negative == pytest.approx(MAX_PEOPLE_REACHED)
    assert report.rounds["negative"].max() == pytest.approx(MAX_PEOPLE_REACHED)
    assert report.today.reach.balance_ratio is None
    assert report.handling.roi is None
    values = [report.today.value_at_risk, report.today.reach.negative, report.handling.gain]
    assert all(v == v and abs(v) < float("inf") for v in values)


def test_complaint_share_range_is_the_two_quoted_figures() -> None:
    assert COMPLAINT_SHARE_RANGE == (0.04, 0.30)


@settings(max_examples=60, deadline=None)
@given(
    tell=st.integers(min_value=0, max_value=999),
    complaints=st.integers(min_value=0, max_value=100),
)
def test_a_higher_tell_rate_never_lowers_the_value_at_risk(tell, complaints) -> None:
    def at_risk(tell_negative: int) -> float:
        values = {
            "word_of_mouth.tell_negative": tell_negative,
            "word_of_mouth.complaints_per_year": complaints,
        }
        return word_of_mouth_report(scenario_from_values(values)).today.value_at_risk

    assert at_risk(tell + 1) >= at_risk(tell)


# --- Customers lost to problems are part of the year's lost customers -------------------------


def test_at_95_percent_retention_20_complaints_lose_50_not_309() -> None:
    report = word_of_mouth_report(
        scenario_from_values({"business.retention": 0.95, "word_of_mouth.complaints_per_year": 20})
    )
    # 20 / 4% = 500 with a problem; TARP small-problem shares would lose 480 x 63% + 20 x
    # (40% x 54% + 42% x 30% + 18% x 5%) = 302.4 + 7.02 = 309.42, but 1,000 x 5% = 50 leave in
    # a whole year: 50 are counted, every outcome's leavers scaled by 50 / 309.42.
    scale = 50 / 309.42
    assert report.year_lost == pytest.approx(50)
    assert report.losses_bounded
    today = report.today
    assert today.outcomes.unbounded_lost == pytest.approx(309.42)
    assert today.outcomes.customers_lost == pytest.approx(50)
    assert today.outcomes.loss_scale == pytest.approx(scale)
    clv = 300 / (1 + 0.08 - 0.95)
    assert report.clv == pytest.approx(clv)
    assert today.value_customers_lost == pytest.approx(50 * clv)
    # Reach and prospects are not losses: 480 silent + 8 unresolved unhappy, x 9, x 10% x 20%.
    assert today.unhappy == pytest.approx(488)
    assert today.value_prospects_lost == pytest.approx(488 * 9 * 0.1 * 0.2 * clv)
    # Better handling (80% resolved, 60% of them quickly): complainers lose 20 x (20% x 54% +
    # 32% x 30% + 48% x 5%) = 4.56 instead of 7.02, scaled by the same factor.
    assert report.better.outcomes.customers_lost == pytest.approx((302.4 + 4.56) * scale)
    assert report.customers_kept == pytest.approx((7.02 - 4.56) * scale)
    assert report.handling.gain == pytest.approx(
        (7.02 - 4.56) * scale * clv + 20 * (0.4 - 0.2) * 9 * 0.1 * 0.2 * clv
    )


def test_defaults_are_within_the_year_and_not_bounded() -> None:
    report = word_of_mouth_report(Scenario())
    assert report.year_lost == pytest.approx(200)
    assert not report.losses_bounded and not report.better_bounded
    assert report.today.outcomes.loss_scale == 1


def test_at_the_highest_retention_problems_lose_at_most_the_years_ten() -> None:
    # Retention is at most 99% in the scenario; at 99% 1,000 customers lose 10 a year.
    report = word_of_mouth_report(
        scenario_from_values({"business.retention": 0.99, "word_of_mouth.complaints_per_year": 40})
    )
    assert report.today.outcomes.customers_lost == pytest.approx(10)
    assert report.today.outcomes.unbounded_lost > 10


_SHARE = st.floats(min_value=0, max_value=1, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {
            "business.active_customers": st.integers(min_value=0, max_value=10_000_000),
            "business.retention": st.floats(min_value=0, max_value=0.99),
            "word_of_mouth.complaints_per_year": st.integers(min_value=0, max_value=10_000_000),
            "word_of_mouth.complaint_share": st.floats(min_value=0.001, max_value=1),
            "word_of_mouth.problem_size": st.sampled_from(["small", "large"]),
            "word_of_mouth.resolved_share": _SHARE,
            "word_of_mouth.quick_share": _SHARE,
            "word_of_mouth.target_resolved_share": _SHARE,
            "word_of_mouth.target_quick_share": _SHARE,
            **{
                f"word_of_mouth.loyalty_{size}.{outcome}": _SHARE
                for size in ("small", "large")
                for outcome in ("silent", "unresolved", "resolved", "resolved_quickly")
            },
        }
    )
)
def test_customers_lost_to_problems_never_exceed_the_years_lost_customers(values) -> None:
    scenario = scenario_from_values(values)
    report = word_of_mouth_report(scenario)
    business = scenario.business
    year_lost = business.active_customers * (1 - business.retention)
    bound = year_lost * (1 + 1e-12) + 1e-9
    for result in (report.today, report.better):
        outcomes = result.outcomes
        assert outcomes.customers_lost <= bound
        assert outcomes.complainers_lost <= bound
        # Whatever the page shows from it uses the bounded count.
        assert result.value_customers_lost == pytest.approx(outcomes.customers_lost * report.clv)
        assert outcomes.stayed.total + outcomes.left.total == pytest.approx(
            report.customers_with_problem, rel=1e-9, abs=1e-6
        )
    assert report.losses_bounded == (report.today.outcomes.unbounded_lost > year_lost * (1 + 1e-12))
