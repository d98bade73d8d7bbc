"""Tests for calculators.loyalty: hand checks from DESIGN §5, edge cases and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.loyalty import (
    UpliftValue,
    customer_lifetime_value,
    expected_lifetime,
    retention_uplift_value,
)

margins = st.floats(min_value=1.0, max_value=10_000.0)
retentions_below_one = st.floats(min_value=0.0, max_value=0.99)
discount_rates = st.floats(min_value=0.0, max_value=1.0)
invalid_numbers = [float("nan"), float("inf"), -float("inf"), True, False, None, "0.5"]


# --- customer_lifetime_value: hand checks -----------------------------------------------------


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


# --- customer_lifetime_value: invalid inputs --------------------------------------------------


def test_clv_error_message_names_parameter_and_range() -> None:
    with pytest.raises(ValueError, match=r"^retention must be in \[0, 1\], got 1.5$"):
        customer_lifetime_value(100, 1.5, 0.10)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
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
    ],
)
def test_clv_rejects_out_of_range_inputs(kwargs: dict[str, object], parameter: str) -> None:
    arguments: dict[str, object] = {"margin": 100, "retention": 0.9, "discount_rate": 0.1}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{parameter} must be"):
        customer_lifetime_value(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("parameter", ["margin", "retention", "discount_rate", "acquisition_cost"])
@pytest.mark.parametrize("bad", invalid_numbers)
def test_clv_rejects_nan_inf_bool_and_non_numbers(parameter: str, bad: object) -> None:
    arguments: dict[str, object] = {"margin": 100, "retention": 0.9, "discount_rate": 0.1}
    arguments[parameter] = bad
    with pytest.raises(ValueError, match=rf"^{parameter} must be"):
        customer_lifetime_value(**arguments)  # type: ignore[arg-type]


def test_clv_accepts_numpy_scalars() -> None:
    value = customer_lifetime_value(np.float64(100), np.float64(0.9), 0.1, horizon=np.int64(3))
    assert isinstance(value, float)


# --- customer_lifetime_value: properties ------------------------------------------------------


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


# --- expected_lifetime ------------------------------------------------------------------------


def test_expected_lifetime_by_hand() -> None:
    assert expected_lifetime(0.0) == 1.0
    assert expected_lifetime(0.75) == 4.0
    assert expected_lifetime(0.8) == pytest.approx(5.0)


@pytest.mark.parametrize("bad", [1.0, -0.1, 1.2, *invalid_numbers])
def test_expected_lifetime_rejects_retention_outside_zero_one(bad: object) -> None:
    with pytest.raises(ValueError, match=r"^retention must be in \[0, 1\)"):
        expected_lifetime(bad)  # type: ignore[arg-type]


@settings(max_examples=100)
@given(retentions_below_one)
def test_expected_lifetime_is_undiscounted_clv_of_a_unit_margin(retention: float) -> None:
    assert expected_lifetime(retention) == pytest.approx(customer_lifetime_value(1, retention, 0))


# --- retention_uplift_value -------------------------------------------------------------------


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


def test_uplift_relative_change_uses_absolute_value_of_negative_clv() -> None:
    # Before: 100 / 0.5 - 300 = -100; after: 100 / 0.25 - 300 = 100.
    value = retention_uplift_value(100, 0.5, 0.25, 0.0, acquisition_cost=300)
    assert value.clv_before == pytest.approx(-100.0)
    assert value.clv_after == pytest.approx(100.0)
    assert value.relative_change == pytest.approx(2.0)


def test_uplift_relative_change_is_none_when_clv_before_is_zero() -> None:
    value = retention_uplift_value(50, 0.5, 0.25, 0.0, acquisition_cost=100)
    assert value.clv_before == 0.0
    assert value.change == pytest.approx(100.0)
    assert value.relative_change is None


def test_uplift_of_zero_changes_nothing() -> None:
    value = retention_uplift_value(100, 0.9, 0.0, 0.1)
    assert value.change == 0.0
    assert value.relative_change == 0.0


@pytest.mark.parametrize(("retention", "uplift"), [(0.9, 0.1), (0.7, 0.3), (0.9, 0.2), (0.0, 1.0)])
def test_uplift_reaching_full_retention_is_rejected_naming_uplift(
    retention: float, uplift: float
) -> None:
    with pytest.raises(ValueError, match=r"^uplift must be"):
        retention_uplift_value(100, retention, uplift, 0.1)


def test_uplift_error_states_the_maximum_allowed() -> None:
    with pytest.raises(ValueError, match=r"below 1 - retention = 0\.1\b"):
        retention_uplift_value(100, 0.9, 0.15, 0.1)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"retention": 1.0}, "retention"),
        ({"retention": float("nan")}, "retention"),
        ({"uplift": -0.05}, "uplift"),
        ({"uplift": True}, "uplift"),
        ({"discount_rate": 2.0}, "discount_rate"),
        ({"acquisition_cost": -5.0}, "acquisition_cost"),
        ({"margin": float("inf")}, "margin"),
    ],
)
def test_uplift_rejects_invalid_inputs(kwargs: dict[str, object], parameter: str) -> None:
    arguments: dict[str, object] = {
        "margin": 100,
        "retention": 0.9,
        "uplift": 0.05,
        "discount_rate": 0.1,
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{parameter} must be"):
        retention_uplift_value(**arguments)  # type: ignore[arg-type]


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
