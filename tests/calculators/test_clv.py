"""Tests for calculators.clv: the lifetime value by hand (100 a year at 10 %: 500 at 90 %
retention, 666.67 at 95 %), edge cases, bad inputs and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.clv import (
    UpliftValue,
    cohort_uplift_value,
    cohort_value,
    customer_lifetime_value,
    expected_lifetime,
    relative_change,
    retention_after_relative_uplift,
    retention_uplift_value,
    survival_curve,
)
from calculators.scenario import MAX_RETENTION
from tests.calculators.rejections import Rejection, each_bad_value, rejections

margins = st.floats(min_value=1.0, max_value=10_000.0)
retentions_below_one = st.floats(min_value=0.0, max_value=0.99)
retentions = retentions_below_one
discount_rates = st.floats(min_value=0.0, max_value=1.0)
margin_lists = st.lists(st.floats(min_value=-1000.0, max_value=10_000.0), min_size=1, max_size=12)
positive_margin_lists = st.lists(
    st.floats(min_value=0.0, max_value=10_000.0), min_size=1, max_size=12
)
horizons = st.integers(min_value=1, max_value=80)
invalid_numbers = [float("nan"), float("inf"), -float("inf"), True, False, None, "0.5"]


def explicit_value(margins, retention, discount_rate, horizon, acquisition_cost=0.0):
    """The definition, term by term: sum_t m_t * r**(t-1) / (1+i)**t - CAC."""
    total = 0.0
    for year in range(1, horizon + 1):
        margin = margins[min(year, len(margins)) - 1]
        total += margin * retention ** (year - 1) / (1 + discount_rate) ** year
    return total - acquisition_cost


# --- customer_lifetime_value: hand checks ----------------------------------------------------


def test_clv_design_check_90_percent_retention_is_500() -> None:
    assert customer_lifetime_value(100, 0.90, 0.10) == pytest.approx(500.0, rel=1e-12)


def test_clv_design_check_95_percent_retention_is_666_67() -> None:
    assert customer_lifetime_value(100, 0.95, 0.10) == pytest.approx(2000 / 3, rel=1e-12)


def test_clv_with_full_retention_and_ten_year_horizon_is_an_annuity() -> None:
    expected = 100 * sum(1.1**-t for t in range(1, 11))
    assert customer_lifetime_value(100, 1.0, 0.10, horizon=10) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(614.4567105704685)


def test_clv_subtracts_acquisition_cost() -> None:
    assert customer_lifetime_value(100, 0.90, 0.10, acquisition_cost=250) == pytest.approx(250.0)
    assert customer_lifetime_value(100, 0.90, 0.10, acquisition_cost=500) == pytest.approx(0.0)


def test_clv_with_zero_retention_is_one_discounted_margin() -> None:
    assert customer_lifetime_value(100, 0.0, 0.10) == pytest.approx(100 / 1.1)
    assert customer_lifetime_value(100, 0.0, 0.10, horizon=5) == pytest.approx(100 / 1.1)


def test_clv_with_zero_discount_rate_is_margin_times_expected_lifetime() -> None:
    assert customer_lifetime_value(100, 0.80, 0.0) == pytest.approx(500.0)


def test_clv_short_horizon_by_hand() -> None:
    # 100 + 50 + 25, undiscounted, retention 50 %.
    assert customer_lifetime_value(100, 0.5, 0.0, horizon=3) == pytest.approx(175.0)
    assert customer_lifetime_value(100, 0.9, 0.10, horizon=1) == pytest.approx(100 / 1.1)


def test_clv_full_retention_no_discount_with_horizon_is_margin_times_years() -> None:
    assert customer_lifetime_value(100, 1.0, 0.0, horizon=7) == 700.0


def test_clv_accepts_a_negative_margin() -> None:
    assert customer_lifetime_value(-100, 0.90, 0.10) == pytest.approx(-500.0)


def test_clv_full_retention_without_horizon_says_a_horizon_makes_it_finite() -> None:
    with pytest.raises(ValueError, match=r"retention.*no finite CLV.*horizon"):
        customer_lifetime_value(100, 1.0, 0.10)


# --- invalid inputs --------------------------------------------------------------------------


INVALID = [
    *rejections(
        customer_lifetime_value,
        {"margin": 100, "retention": 0.9, "discount_rate": 0.1},
        [
            ({"retention": -0.1}, "retention"),
            ({"retention": 1.01}, "retention"),
            ({"discount_rate": -0.01}, "discount_rate"),
            ({"discount_rate": 1.5}, "discount_rate"),
            ({"acquisition_cost": -1.0}, "acquisition_cost"),
            ({"horizon": 0}, "horizon"),
            ({"horizon": -3}, "horizon"),
            ({"horizon": 2.5}, "horizon"),
            ({"horizon": 10.0}, "horizon"),
            ({"horizon": True}, "horizon"),
            *each_bad_value(
                ["margin", "retention", "discount_rate", "acquisition_cost"], invalid_numbers
            ),
        ],
    ),
    *rejections(
        expected_lifetime,
        {},
        each_bad_value(["retention"], [1.0, -0.1, 1.2, *invalid_numbers], r" be in \[0, 1\)"),
    ),
    *rejections(
        retention_uplift_value,
        {"margin": 100, "retention": 0.9, "uplift": 0.05, "discount_rate": 0.1},
        [
            # Reaching full retention is refused naming the uplift.
            ({"retention": 0.9, "uplift": 0.1}, "uplift"),
            ({"retention": 0.7, "uplift": 0.3}, "uplift"),
            ({"retention": 0.9, "uplift": 0.2}, "uplift"),
            ({"retention": 0.0, "uplift": 1.0}, "uplift"),
            ({"retention": 1.0}, "retention"),
            ({"retention": float("nan")}, "retention"),
            ({"uplift": -0.05}, "uplift"),
            ({"uplift": True}, "uplift"),
            ({"discount_rate": 2.0}, "discount_rate"),
            ({"acquisition_cost": -5.0}, "acquisition_cost"),
            ({"margin": float("inf")}, "margin"),
        ],
    ),
    *rejections(
        cohort_value,
        {"margins_by_tenure": [100, 120], "retention": 0.9, "discount_rate": 0.1},
        [
            *each_bad_value(
                ["margins_by_tenure"],
                [
                    [],
                    [[100, 200]],
                    [100, float("nan")],
                    [100, float("inf")],
                    ["100"],
                    [True, False],
                    None,
                ],
                "",
            ),
            ({"retention": 1.2}, "retention"),
            ({"retention": -0.1}, "retention"),
            ({"discount_rate": 1.5}, "discount_rate"),
            ({"acquisition_cost": -1}, "acquisition_cost"),
            ({"horizon": 0}, "horizon"),
            ({"horizon": 2.5}, "horizon"),
        ],
    ),
]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()


def test_clv_error_message_names_parameter_and_range() -> None:
    with pytest.raises(ValueError, match=r"^retention must be in \[0, 1\], got 1.5$"):
        customer_lifetime_value(100, 1.5, 0.10)


def test_clv_accepts_numpy_scalars() -> None:
    value = customer_lifetime_value(np.float64(100), np.float64(0.9), 0.1, horizon=np.int64(3))
    assert isinstance(value, float)


def test_uplift_error_states_the_maximum_allowed() -> None:
    with pytest.raises(ValueError, match=r"below 1 - retention = 0\.1\b"):
        retention_uplift_value(100, 0.9, 0.15, 0.1)


# --- customer_lifetime_value: properties -----------------------------------------------------


@settings(max_examples=150)
@given(margins, retentions_below_one, retentions_below_one, discount_rates)
def test_clv_rises_with_retention(
    margin: float, retention_a: float, retention_b: float, discount_rate: float
) -> None:
    low, high = sorted((retention_a, retention_b))
    assert customer_lifetime_value(margin, low, discount_rate) <= customer_lifetime_value(
        margin, high, discount_rate
    )


@settings(max_examples=150)
@given(margins, retentions_below_one, discount_rates, discount_rates)
def test_clv_falls_with_discount_rate(
    margin: float, retention: float, rate_a: float, rate_b: float
) -> None:
    low, high = sorted((rate_a, rate_b))
    assert customer_lifetime_value(margin, retention, low) >= customer_lifetime_value(
        margin, retention, high
    )


@settings(max_examples=150)
@given(
    margins,
    st.floats(min_value=0.0, max_value=1.0),
    discount_rates,
    st.integers(min_value=1, max_value=200),
)
def test_horizon_clv_equals_the_explicit_sum(
    margin: float, retention: float, discount_rate: float, horizon: int
) -> None:
    year = np.arange(1, horizon + 1)
    explicit = float(np.sum(margin * retention ** (year - 1) / (1 + discount_rate) ** year))
    assert customer_lifetime_value(
        margin, retention, discount_rate, horizon=horizon
    ) == pytest.approx(explicit, rel=1e-9)


@settings(max_examples=150)
@given(margins, retentions_below_one, discount_rates, st.integers(min_value=1, max_value=300))
def test_horizon_clv_increases_with_horizon_up_to_the_closed_form(
    margin: float, retention: float, discount_rate: float, horizon: int
) -> None:
    shorter = customer_lifetime_value(margin, retention, discount_rate, horizon=horizon)
    longer = customer_lifetime_value(margin, retention, discount_rate, horizon=horizon + 1)
    closed_form = customer_lifetime_value(margin, retention, discount_rate)
    assert shorter <= longer <= closed_form * (1 + 1e-12)


@settings(max_examples=100)
@given(margins, retentions_below_one, discount_rates)
def test_horizon_clv_converges_to_the_closed_form(
    margin: float, retention: float, discount_rate: float
) -> None:
    # The gap after H years is closed_form * (r / (1 + i))**H, below 0.99**5000 here.
    long_run = customer_lifetime_value(margin, retention, discount_rate, horizon=5000)
    closed_form = customer_lifetime_value(margin, retention, discount_rate)
    assert long_run == pytest.approx(closed_form, rel=1e-9)


# --- expected_lifetime and survival_curve ----------------------------------------------------


def test_expected_lifetime_by_hand() -> None:
    assert expected_lifetime(0.0) == 1.0
    assert expected_lifetime(0.75) == 4.0
    assert expected_lifetime(0.8) == pytest.approx(5.0)


@settings(max_examples=100)
@given(retentions_below_one)
def test_expected_lifetime_is_undiscounted_clv_of_a_unit_margin(retention: float) -> None:
    assert expected_lifetime(retention) == pytest.approx(customer_lifetime_value(1, retention, 0))


def test_survival_curve_by_hand() -> None:
    assert survival_curve(0.8, 4).tolist() == pytest.approx([1, 0.8, 0.64, 0.512])
    assert survival_curve(0.0, 3).tolist() == [1.0, 0.0, 0.0]


# --- retention_uplift_value ------------------------------------------------------------------


def test_uplift_design_check_five_points_is_a_third_more() -> None:
    value = retention_uplift_value(100, 0.90, 0.05, 0.10)
    assert value.clv_before == pytest.approx(500.0)
    assert value.clv_after == pytest.approx(2000 / 3)
    assert value.change == pytest.approx(500 / 3)
    assert value.relative_change == pytest.approx(1 / 3)


def test_uplift_result_is_a_frozen_dataclass() -> None:
    value = retention_uplift_value(100, 0.80, 0.05, 0.0)
    assert isinstance(value, UpliftValue)
    with pytest.raises(AttributeError):
        value.change = 0.0  # type: ignore[misc]


def test_uplift_has_no_relative_change_when_the_customer_does_not_pay_back() -> None:
    # Before: 100 / 0.5 - 300 = -100; after: 100 / 0.25 - 300 = 100. A change of +200 in money,
    # but no percentage of a negative base (it used to read "+200 %").
    value = retention_uplift_value(100, 0.5, 0.25, 0.0, acquisition_cost=300)
    assert value.clv_before == pytest.approx(-100.0)
    assert value.clv_after == pytest.approx(100.0)
    assert value.change == pytest.approx(200.0)
    assert value.relative_change is None


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (500.0, 600.0, 0.2),
        (200.0, 100.0, -0.5),
        (1e-9, 2e-9, 1.0),
        (0.0, 5.0, None),
        (-131.0, 94.0, None),
        (-100.0, -50.0, None),
        (float("nan"), 1.0, None),
    ],
)
def test_relative_change_only_on_a_positive_base(before, after, expected) -> None:
    change = relative_change(before, after)
    if expected is None:
        assert change is None
    else:
        assert change == pytest.approx(expected)


def test_uplift_relative_change_is_none_when_clv_before_is_zero() -> None:
    value = retention_uplift_value(50, 0.5, 0.25, 0.0, acquisition_cost=100)
    assert value.clv_before == 0.0
    assert value.change == pytest.approx(100.0)
    assert value.relative_change is None


def test_uplift_of_zero_changes_nothing() -> None:
    value = retention_uplift_value(100, 0.9, 0.0, 0.1)
    assert value.change == 0.0
    assert value.relative_change == 0.0


@settings(max_examples=150)
@given(
    margins,
    retentions_below_one,
    st.floats(min_value=0.0, max_value=0.5),
    discount_rates,
    st.floats(min_value=0.0, max_value=1000.0),
)
def test_uplift_value_matches_two_clvs_and_never_lowers_clv(
    margin: float, retention: float, uplift: float, discount_rate: float, acquisition_cost: float
) -> None:
    assume(retention + uplift < 1)
    value = retention_uplift_value(margin, retention, uplift, discount_rate, acquisition_cost)
    assert value.clv_before == customer_lifetime_value(
        margin, retention, discount_rate, acquisition_cost
    )
    assert value.clv_after == customer_lifetime_value(
        margin, retention + uplift, discount_rate, acquisition_cost
    )
    assert value.change >= 0
    if value.relative_change is not None:
        assert math.isfinite(value.relative_change)
        assert value.relative_change >= 0


def test_relative_uplift_of_6_25_percent_is_5_points_from_80() -> None:
    assert retention_after_relative_uplift(0.8, 0.0625) == (0.85, False)


def test_relative_uplift_is_capped_like_the_points_one() -> None:
    assert retention_after_relative_uplift(0.95, 0.10) == (MAX_RETENTION, True)
    assert retention_after_relative_uplift(0.9, 0.1) == (MAX_RETENTION, False)  # exactly 0.99


# --- cohort_value: margins that depend on tenure ---------------------------------------------


def test_flat_margin_100_at_10_percent_90_retention_is_500() -> None:
    assert cohort_value([100], 0.90, 0.10) == pytest.approx(500.0, rel=1e-12)


def test_flat_margin_100_at_10_percent_95_retention_is_666_67() -> None:
    assert cohort_value([100], 0.95, 0.10) == pytest.approx(2000 / 3, rel=1e-12)


def test_five_points_more_retention_is_a_third_more_per_customer() -> None:
    value = cohort_uplift_value([100], 0.90, 0.95, 0.10)
    assert value.clv_before == pytest.approx(500.0)
    assert value.clv_after == pytest.approx(666.67, abs=0.005)
    assert value.relative_change == pytest.approx(1 / 3)
    assert round(value.relative_change * 100, 1) == 33.3


@settings(max_examples=150)
@given(st.floats(min_value=-10_000, max_value=10_000), retentions, discount_rates)
def test_one_margin_is_the_flat_customer_lifetime_value(
    margin: float, retention: float, discount_rate: float
) -> None:
    assert cohort_value([margin], retention, discount_rate) == pytest.approx(
        customer_lifetime_value(margin, retention, discount_rate), rel=1e-9, abs=1e-9
    )


@settings(max_examples=150)
@given(
    st.floats(min_value=0, max_value=10_000),
    st.floats(min_value=0.0, max_value=1.0),
    discount_rates,
    horizons,
    st.floats(min_value=0, max_value=1000),
)
def test_one_margin_with_a_horizon_is_the_flat_customer_lifetime_value(
    margin: float, retention: float, discount_rate: float, horizon: int, cac: float
) -> None:
    assert cohort_value([margin], retention, discount_rate, cac, horizon) == pytest.approx(
        customer_lifetime_value(margin, retention, discount_rate, cac, horizon),
        rel=1e-9,
        abs=1e-9,
    )


def test_a_finite_horizon_makes_full_retention_valid() -> None:
    # 100 in year 1, then 200 a year; nobody leaves; three years at 10 %.
    expected = 100 / 1.1 + 200 / 1.1**2 + 200 / 1.1**3
    assert cohort_value([100, 200], 1.0, 0.10, horizon=3) == pytest.approx(expected)
    assert cohort_value([100], 1.0, 0.0, horizon=7) == pytest.approx(700.0)


def test_full_retention_without_horizon_says_a_horizon_makes_it_finite() -> None:
    with pytest.raises(ValueError, match=r"^retention must be in \[0, 1\).*give a horizon"):
        cohort_value([100, 200], 1.0, 0.10)


def test_margins_after_the_list_continue_at_the_last_one() -> None:
    # Two years listed, four counted, undiscounted, everyone stays: 100 + 200 + 200 + 200.
    assert cohort_value([100, 200], 1.0, 0.0, horizon=4) == pytest.approx(700.0)
    # No horizon: 100/1.1 + tail of 200 from year 2 = 100/1.1 + (0.5/1.1) * 200/(1.1 - 0.5).
    tail = 0.5 / 1.1 * 200 / 0.6
    assert cohort_value([100, 200], 0.5, 0.10) == pytest.approx(100 / 1.1 + tail)


def test_a_horizon_shorter_than_the_list_ignores_the_later_margins() -> None:
    assert cohort_value([100, 200, 10_000], 1.0, 0.0, horizon=2) == pytest.approx(300.0)


def test_cohort_value_subtracts_the_acquisition_cost() -> None:
    assert cohort_value([100], 0.9, 0.10, acquisition_cost=250) == pytest.approx(250.0)


@settings(max_examples=150)
@given(margin_lists, st.floats(min_value=0.0, max_value=1.0), discount_rates, horizons)
def test_cohort_value_equals_the_explicit_sum(
    margins: list[float], retention: float, discount_rate: float, horizon: int
) -> None:
    expected = explicit_value(margins, retention, discount_rate, horizon)
    scale = max(1.0, sum(abs(m) for m in margins))
    assert cohort_value(margins, retention, discount_rate, horizon=horizon) == pytest.approx(
        expected, rel=1e-9, abs=1e-9 * scale
    )


@settings(max_examples=100)
@given(margin_lists, st.floats(min_value=0.0, max_value=0.95), st.floats(0.01, 1.0))
def test_cohort_value_without_horizon_is_the_limit_of_long_horizons(
    margins: list[float], retention: float, discount_rate: float
) -> None:
    # The gap after 2,000 years is below (0.95 / 1.01)**2000: nothing left.
    scale = max(1.0, sum(abs(m) for m in margins))
    assert cohort_value(margins, retention, discount_rate) == pytest.approx(
        cohort_value(margins, retention, discount_rate, horizon=2000), rel=1e-9, abs=1e-9 * scale
    )


@settings(max_examples=150)
@given(positive_margin_lists, retentions, retentions, discount_rates, horizons)
def test_cohort_value_rises_with_retention(
    margins: list[float], retention_a: float, retention_b: float, discount_rate: float, horizon
) -> None:
    low, high = sorted((retention_a, retention_b))
    for years in (horizon, None):
        assert cohort_value(margins, low, discount_rate, horizon=years) <= cohort_value(
            margins, high, discount_rate, horizon=years
        ) * (1 + 1e-12)


@settings(max_examples=150)
@given(positive_margin_lists, retentions, discount_rates, discount_rates)
def test_cohort_value_falls_with_the_discount_rate(
    margins: list[float], retention: float, rate_a: float, rate_b: float
) -> None:
    low, high = sorted((rate_a, rate_b))
    assert cohort_value(margins, retention, low) * (1 + 1e-12) >= cohort_value(
        margins, retention, high
    )
