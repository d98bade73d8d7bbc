"""Tests for calculators.acquisition: hand checks (1,000 customers at 80 % retention lose 200 a
year, 60,000 of margin, 50,000 to replace them), edge cases, bad inputs and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.acquisition import (
    ChurnCost,
    break_even_retention_spend,
    cac_payback_years,
    churn_cost,
    cumulative_discounted_margin,
    leaky_bucket,
    ltv_to_cac,
    program_net_gain,
    steady_state_customers,
)
from calculators.clv import customer_lifetime_value
from tests.calculators.rejections import Rejection, each_bad_value, rejections

margins = st.floats(min_value=1.0, max_value=10_000.0)
retentions_below_one = st.floats(min_value=0.0, max_value=0.99)
discount_rates = st.floats(min_value=0.0, max_value=1.0)
invalid_numbers = [float("nan"), float("inf"), -float("inf"), True, None, "1"]


# --- churn_cost -------------------------------------------------------------------------------


def test_churn_cost_by_hand() -> None:
    cost = churn_cost(1000, 0.8, 300, 250)
    assert cost.customers_lost == pytest.approx(200)
    assert cost.margin_lost == pytest.approx(60_000)
    assert cost.replacement_cost == pytest.approx(50_000)
    assert cost.keep_cost_by_rule == pytest.approx(10_000)
    assert cost.program_cost == 0
    assert cost.customers_kept_by_program == 0
    assert cost.own_replace_ratio == pytest.approx(50_000 / 60_000)
    assert cost.rule_replace_cost == pytest.approx(600_000)


def test_churn_cost_with_a_program_by_hand() -> None:
    cost = churn_cost(
        1000,
        0.8,
        300,
        250,
        acquire_to_retain_ratio=2,
        program_cost_per_customer=20,
        retention_uplift=0.05,
        lost_to_replace_ratio=4,
    )
    assert cost.keep_cost_by_rule == pytest.approx(25_000)
    assert cost.program_cost == pytest.approx(20_000)
    assert cost.customers_kept_by_program == pytest.approx(50)
    assert cost.rule_replace_cost == pytest.approx(240_000)


def test_churn_cost_result_is_a_frozen_dataclass() -> None:
    cost = churn_cost(1000, 0.8, 300, 250)
    assert isinstance(cost, ChurnCost)
    with pytest.raises(AttributeError):
        cost.margin_lost = 0.0  # type: ignore[misc]


def test_churn_cost_ratio_is_none_when_no_margin_is_lost() -> None:
    assert churn_cost(1000, 0.8, 0, 250).own_replace_ratio is None
    no_churn = churn_cost(1000, 1.0, 300, 250)
    assert no_churn.customers_lost == 0
    assert no_churn.own_replace_ratio is None
    assert churn_cost(0, 0.8, 300, 250).own_replace_ratio is None


def test_churn_cost_accepts_uplift_up_to_one_minus_retention() -> None:
    assert churn_cost(1000, 0.9, 300, 250, retention_uplift=0.1).customers_kept_by_program == (
        pytest.approx(100)
    )
    with pytest.raises(ValueError, match=r"^retention_uplift must be in \[0, 0\.1\]"):
        churn_cost(1000, 0.9, 300, 250, retention_uplift=0.11)


@settings(max_examples=150)
@given(
    st.floats(min_value=0, max_value=1e7),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=-1e4, max_value=1e4),
    st.floats(min_value=0, max_value=1e4),
    st.floats(min_value=1, max_value=20),
)
def test_churn_cost_parts_are_consistent(
    customers: float, retention: float, margin: float, acquisition_cost: float, ratio: float
) -> None:
    cost = churn_cost(customers, retention, margin, acquisition_cost, acquire_to_retain_ratio=ratio)
    assert cost.customers_lost + customers * retention == pytest.approx(customers)
    assert cost.keep_cost_by_rule * ratio == pytest.approx(cost.replacement_cost)
    assert cost.keep_cost_by_rule <= cost.replacement_cost
    if cost.own_replace_ratio is not None:
        assert cost.own_replace_ratio == pytest.approx(acquisition_cost / margin)


# --- leaky_bucket and steady_state_customers --------------------------------------------------


def test_leaky_bucket_by_hand() -> None:
    bucket = leaky_bucket(1000, 0.8, 150, 10)
    assert isinstance(bucket, pd.DataFrame)
    assert list(bucket.columns) == ["customers"]
    assert bucket.index.name == "year"
    assert list(bucket.index) == list(range(11))
    assert bucket["customers"].iloc[:4].tolist() == pytest.approx([1000, 950, 910, 878])
    assert bucket.loc[0, "customers"] == 1000


def test_steady_state_by_hand() -> None:
    assert steady_state_customers(0.8, 150) == pytest.approx(750)
    assert steady_state_customers(0.0, 150) == 150


def test_leaky_bucket_with_full_retention_grows_linearly() -> None:
    bucket = leaky_bucket(1000, 1.0, 150, 4)
    assert bucket["customers"].tolist() == [1000, 1150, 1300, 1450, 1600]


def test_leaky_bucket_with_zero_retention_holds_only_new_customers() -> None:
    assert leaky_bucket(1000, 0.0, 150, 3)["customers"].tolist() == [1000, 150, 150, 150]


def test_leaky_bucket_with_zero_years_is_the_starting_base() -> None:
    bucket = leaky_bucket(1000, 0.8, 150, 0)
    assert bucket["customers"].tolist() == [1000]


@settings(max_examples=150)
@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=1e5),
    st.integers(min_value=0, max_value=60),
)
def test_leaky_bucket_follows_the_recursion(
    customers: float, retention: float, new_customers: float, years: int
) -> None:
    expected = [customers]
    for _ in range(years):
        expected.append(expected[-1] * retention + new_customers)
    bucket = leaky_bucket(customers, retention, new_customers, years)
    assert bucket["customers"].tolist() == pytest.approx(expected, rel=1e-9, abs=1e-6)


@settings(max_examples=150)
@given(
    st.floats(min_value=0, max_value=1e6),
    retentions_below_one,
    st.floats(min_value=0, max_value=1e5),
)
def test_leaky_bucket_converges_monotonically_to_the_steady_state(
    customers: float, retention: float, new_customers: float
) -> None:
    steady_state = steady_state_customers(retention, new_customers)
    counts = leaky_bucket(customers, retention, new_customers, 3000)["customers"].to_numpy()
    gaps = np.abs(counts - steady_state)
    tolerance = 1e-9 * max(customers, steady_state, 1.0)
    assert np.all(np.diff(gaps) <= tolerance)
    # Never overshoots: every year stays on the starting side of the steady state.
    side = np.sign(customers - steady_state)
    assert np.all((counts - steady_state) * side >= -tolerance)
    assert counts[-1] == pytest.approx(steady_state, rel=1e-9, abs=1e-6)


# --- break_even_retention_spend and program_net_gain ------------------------------------------


def test_break_even_design_check_is_25() -> None:
    assert break_even_retention_spend(100, 0.90, 0.95, 0.10) == pytest.approx(25, abs=1e-9)


def test_break_even_by_hand_without_discounting() -> None:
    # 200 * 0.1 / 0.5; check: 200 / 0.4 - 200 / 0.5 = 100 = 40 / 0.4.
    assert break_even_retention_spend(200, 0.5, 0.6, 0.0) == pytest.approx(40)


def test_break_even_without_uplift_is_zero() -> None:
    assert break_even_retention_spend(100, 0.9, 0.9, 0.1) == 0


def test_net_gain_table_by_hand() -> None:
    table = program_net_gain(100, 0.90, 0.95, 0.10, np.array([0.0, 10.0, 50.0]))
    assert list(table.columns) == ["program_cost", "net_gain"]
    assert table["program_cost"].tolist() == [0.0, 10.0, 50.0]
    # 100 / 0.15 - 100 / 0.2 - s / 0.15
    assert table["net_gain"].tolist() == pytest.approx([500 / 3, 100.0, -500 / 3])


def test_net_gain_accepts_an_empty_list() -> None:
    assert program_net_gain(100, 0.90, 0.95, 0.10, []).empty


@settings(max_examples=150)
@given(
    st.floats(min_value=-1e4, max_value=1e4),
    retentions_below_one,
    retentions_below_one,
    discount_rates,
    st.lists(st.floats(min_value=0, max_value=1e4), max_size=5),
)
def test_net_gain_matches_the_formula_and_is_zero_at_break_even(
    margin: float,
    retention_a: float,
    retention_b: float,
    discount_rate: float,
    costs: list[float],
) -> None:
    before, after = sorted((retention_a, retention_b))
    break_even = break_even_retention_spend(margin, before, after, discount_rate)
    bracket_form = margin * (1 - (1 + discount_rate - after) / (1 + discount_rate - before))
    assert break_even == pytest.approx(bracket_form, rel=1e-9, abs=1e-9)

    table = program_net_gain(margin, before, after, discount_rate, [*costs, max(break_even, 0)])
    expected = [
        margin / (1 + discount_rate - after)
        - margin / (1 + discount_rate - before)
        - cost / (1 + discount_rate - after)
        for cost in table["program_cost"]
    ]
    scale = max(abs(margin), *costs, 1.0) / (1 + discount_rate - after)
    assert table["net_gain"].tolist() == pytest.approx(expected, abs=1e-9 * scale)
    if break_even >= 0:
        assert table["net_gain"].iloc[-1] == 0


@settings(max_examples=100)
@given(margins, retentions_below_one, retentions_below_one, discount_rates)
def test_net_gain_falls_as_program_cost_rises(
    margin: float, retention_a: float, retention_b: float, discount_rate: float
) -> None:
    before, after = sorted((retention_a, retention_b))
    table = program_net_gain(margin, before, after, discount_rate, np.linspace(0, 2 * margin, 9))
    assert np.all(np.diff(table["net_gain"].to_numpy()) <= 0)


# --- cac_payback_years ------------------------------------------------------------------------


def test_payback_by_hand() -> None:
    # Cumulative discounted margins: 90.91, 165.29, 226.15, 275.94, ...
    assert cac_payback_years(100, 0.9, 0.10, 90) == 1
    assert cac_payback_years(100, 0.9, 0.10, 165) == 2
    assert cac_payback_years(100, 0.9, 0.10, 200) == 3
    assert cac_payback_years(100, 1.0, 0.0, 250) == 3


def test_payback_is_zero_without_acquisition_cost() -> None:
    assert cac_payback_years(100, 0.9, 0.10, 0) == 0
    assert cac_payback_years(-100, 0.9, 0.10, 0) == 0


def test_payback_exactly_at_the_cac_counts_despite_rounding() -> None:
    # 110 / 1.1 is 99.99999999999999 in floating point.
    assert cac_payback_years(110, 0.5, 0.10, 100) == 1


def test_payback_is_none_when_never_reached() -> None:
    assert cac_payback_years(100, 0.9, 0.10, 600) is None
    assert cac_payback_years(100, 1.0, 0.0, 250, max_years=2) is None
    assert cac_payback_years(-100, 0.9, 0.10, 50) is None


def test_payback_returns_a_plain_int() -> None:
    assert type(cac_payback_years(100, 0.9, 0.10, 200)) is int


@settings(max_examples=150)
@given(margins, retentions_below_one, discount_rates, st.floats(min_value=0.01, max_value=1e6))
def test_payback_is_none_exactly_when_lifetime_value_is_below_cac(
    margin: float, retention: float, discount_rate: float, acquisition_cost: float
) -> None:
    search = 20_000
    lifetime_value = customer_lifetime_value(margin, retention, discount_rate)
    within_search = customer_lifetime_value(margin, retention, discount_rate, horizon=search)
    # Skip the knife edges, where the answer depends on rounding, and customers so long-lived
    # (retention near 1, no discounting) that the search ends before the value is reached.
    assume(abs(lifetime_value - acquisition_cost) > 1e-6 * acquisition_cost)
    assume(abs(within_search - acquisition_cost) > 1e-6 * acquisition_cost)
    payback = cac_payback_years(margin, retention, discount_rate, acquisition_cost, search)
    assert (payback is None) == (within_search < acquisition_cost)
    if lifetime_value < acquisition_cost:
        assert payback is None


@settings(max_examples=100)
@given(margins, retentions_below_one, discount_rates, st.floats(min_value=0.001, max_value=0.999))
def test_payback_year_is_the_first_year_covering_the_cac(
    margin: float, retention: float, discount_rate: float, share_of_lifetime_value: float
) -> None:
    acquisition_cost = share_of_lifetime_value * customer_lifetime_value(
        margin, retention, discount_rate
    )
    payback = cac_payback_years(margin, retention, discount_rate, acquisition_cost, 5000)
    assert payback is not None
    covered = customer_lifetime_value(margin, retention, discount_rate, horizon=payback)
    assert covered >= acquisition_cost * (1 - 1e-9)
    if payback > 1:
        before = customer_lifetime_value(margin, retention, discount_rate, horizon=payback - 1)
        assert before < acquisition_cost * (1 + 1e-9)


# --- ltv_to_cac -------------------------------------------------------------------------------


def test_ltv_to_cac_by_hand() -> None:
    assert ltv_to_cac(100, 0.9, 0.10, 250) == pytest.approx(2.0)
    assert ltv_to_cac(100, 0.95, 0.10, 200) == pytest.approx(10 / 3)


def test_ltv_to_cac_zero_cost_message_states_the_range() -> None:
    with pytest.raises(ValueError, match=r"^acquisition_cost must be > 0, got 0$"):
        ltv_to_cac(100, 0.9, 0.10, 0)


@settings(max_examples=100)
@given(margins, retentions_below_one, discount_rates, st.floats(min_value=0.01, max_value=1e6))
def test_ltv_to_cac_below_one_means_clv_after_cac_is_negative(
    margin: float, retention: float, discount_rate: float, acquisition_cost: float
) -> None:
    ratio = ltv_to_cac(margin, retention, discount_rate, acquisition_cost)
    net = customer_lifetime_value(margin, retention, discount_rate, acquisition_cost)
    assert net == pytest.approx((ratio - 1) * acquisition_cost, rel=1e-9, abs=1e-9)


# --- invalid inputs -------------------------------------------------------------------------

CHURN = {"active_customers": 1000, "retention": 0.8, "margin": 300, "acquisition_cost": 250}
UPLIFT = {"margin": 100, "retention_before": 0.9, "retention_after": 0.95, "discount_rate": 0.1}
UPLIFT_CASES: list = [
    ({"retention_after": 0.85}, "retention_after"),
    ({"retention_after": 1.0}, "retention_after"),
    ({"retention_before": -0.1}, "retention_before"),
    ({"retention_before": 1.0}, "retention_before"),
    ({"retention_before": float("nan")}, "retention_before"),
    ({"discount_rate": -0.1}, "discount_rate"),
    ({"margin": True}, "margin"),
]
INVALID = [
    *rejections(
        churn_cost,
        CHURN,
        [
            ({"active_customers": -1}, "active_customers"),
            ({"retention": 1.1}, "retention"),
            ({"retention": -0.1}, "retention"),
            ({"acquisition_cost": -250}, "acquisition_cost"),
            ({"acquire_to_retain_ratio": 0.5}, "acquire_to_retain_ratio"),
            ({"program_cost_per_customer": -1}, "program_cost_per_customer"),
            ({"retention_uplift": -0.01}, "retention_uplift"),
            ({"lost_to_replace_ratio": 0.9}, "lost_to_replace_ratio"),
            *each_bad_value(
                [
                    "active_customers",
                    "retention",
                    "margin",
                    "acquisition_cost",
                    "acquire_to_retain_ratio",
                    "program_cost_per_customer",
                    "retention_uplift",
                    "lost_to_replace_ratio",
                ],
                invalid_numbers,
            ),
        ],
    ),
    *rejections(
        leaky_bucket,
        {"customers": 1000, "retention": 0.8, "new_customers_per_year": 150, "years": 10},
        [
            ({"customers": -1}, "customers"),
            ({"customers": float("nan")}, "customers"),
            ({"retention": 1.5}, "retention"),
            ({"retention": True}, "retention"),
            ({"new_customers_per_year": -10}, "new_customers_per_year"),
            ({"new_customers_per_year": float("inf")}, "new_customers_per_year"),
            ({"years": -1}, "years"),
            ({"years": 2.0}, "years"),
            ({"years": True}, "years"),
        ],
    ),
    *rejections(
        steady_state_customers,
        {"retention": 0.8, "new_customers_per_year": 150},
        [
            ({"retention": 1.0}, "retention"),
            ({"retention": -0.2}, "retention"),
            ({"new_customers_per_year": -1}, "new_customers_per_year"),
            ({"new_customers_per_year": float("nan")}, "new_customers_per_year"),
        ],
    ),
    *rejections(break_even_retention_spend, UPLIFT, UPLIFT_CASES),
    *rejections(program_net_gain, {**UPLIFT, "program_costs": [0, 10]}, UPLIFT_CASES),
    *rejections(
        program_net_gain,
        UPLIFT,
        each_bad_value(
            ["program_costs"],
            [[-1.0], [float("nan")], [float("inf")], [[1.0, 2.0]], ["a"], [True], [1, [2, 3]]],
            "",
        ),
    ),
    *rejections(
        cac_payback_years,
        {"margin": 100, "retention": 0.9, "discount_rate": 0.1, "acquisition_cost": 200},
        [
            ({"margin": float("nan")}, "margin"),
            ({"retention": 1.2}, "retention"),
            ({"discount_rate": 1.2}, "discount_rate"),
            ({"acquisition_cost": -1}, "acquisition_cost"),
            ({"max_years": 0}, "max_years"),
            ({"max_years": 10.5}, "max_years"),
            ({"max_years": True}, "max_years"),
        ],
    ),
    *rejections(
        ltv_to_cac,
        {"margin": 100, "retention": 0.9, "discount_rate": 0.1, "acquisition_cost": 250},
        [
            ({"acquisition_cost": 0}, "acquisition_cost"),
            ({"acquisition_cost": -10}, "acquisition_cost"),
            ({"acquisition_cost": float("nan")}, "acquisition_cost"),
            ({"retention": 1.0}, "retention"),
            ({"discount_rate": float("inf")}, "discount_rate"),
            ({"margin": None}, "margin"),
        ],
    ),
]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()


def test_cumulative_discounted_margin_by_hand_and_its_limit() -> None:
    curve = cumulative_discounted_margin(100, 0.9, 0.10, 400)
    assert curve[:3] == pytest.approx([0, 100 / 1.1, 100 / 1.1 + 90 / 1.21])
    # It tends to the lifetime value before acquisition cost, and pays back where
    # cac_payback_years says.
    assert curve[-1] == pytest.approx(customer_lifetime_value(100, 0.9, 0.10))
    assert int(np.argmax(curve >= 200)) == cac_payback_years(100, 0.9, 0.10, 200) == 3
    with pytest.raises(ValueError, match=r"^years must be"):
        cumulative_discounted_margin(100, 0.9, 0.10, 0)
