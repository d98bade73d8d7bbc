"""Tests for the loyalty-and-profit part of calculators.loyalty: margins by tenure, the firm's
profit path, the impact of an uplift, satisfaction -> loyalty, and the page's report."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators.loyalty import (
    COMPONENTS,
    MILESTONE_YEARS,
    REPORTED_PROFIT_RANGE,
    TENURE_YEARS,
    cohort_uplift_value,
    cohort_value,
    component_values,
    customer_lifetime_value,
    firm_profit_path,
    firm_steady_state,
    loyalty_report,
    reported_range_position,
    retention_after_relative_uplift,
    satisfaction_link,
    satisfaction_retention,
    survival_curve,
    tenure_margins,
    uplift_curve,
    uplift_impact,
)
from calculators.scenario import MAX_RETENTION, apply_values, default_scenario

retentions = st.floats(min_value=0.0, max_value=0.99)
discount_rates = st.floats(min_value=0.0, max_value=1.0)
margin_lists = st.lists(st.floats(min_value=-1000.0, max_value=10_000.0), min_size=1, max_size=12)
positive_margin_lists = st.lists(
    st.floats(min_value=0.0, max_value=10_000.0), min_size=1, max_size=12
)
horizons = st.integers(min_value=1, max_value=80)
shares = st.floats(min_value=0.0, max_value=1.0)


def explicit_value(margins, retention, discount_rate, horizon, acquisition_cost=0.0):
    """The definition, term by term: sum_t m_t * r**(t-1) / (1+i)**t - CAC."""
    total = 0.0
    for year in range(1, horizon + 1):
        margin = margins[min(year, len(margins)) - 1]
        total += margin * retention ** (year - 1) / (1 + discount_rate) ** year
    return total - acquisition_cost


def with_values(**values):
    scenario, issues = apply_values(default_scenario(), values)
    assert issues == []
    return scenario


# --- cohort_value: the checks of the issue ------------------------------------------------------


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


@pytest.mark.parametrize(
    "bad",
    [[], [[100, 200]], [100, float("nan")], [100, float("inf")], ["100"], [True, False], None],
)
def test_cohort_value_rejects_bad_margins_naming_them(bad: object) -> None:
    with pytest.raises(ValueError, match=r"^margins_by_tenure must"):
        cohort_value(bad, 0.9, 0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"retention": 1.2}, "retention"),
        ({"retention": -0.1}, "retention"),
        ({"discount_rate": 1.5}, "discount_rate"),
        ({"acquisition_cost": -1}, "acquisition_cost"),
        ({"horizon": 0}, "horizon"),
        ({"horizon": 2.5}, "horizon"),
    ],
)
def test_cohort_value_rejects_out_of_range_inputs(kwargs: dict, parameter: str) -> None:
    arguments = {"margins_by_tenure": [100, 120], "retention": 0.9, "discount_rate": 0.1}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{parameter} must be"):
        cohort_value(**arguments)


# --- CLV rises with retention and each component, falls with the discount rate ------------------


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


COMPONENT_RANGES = {
    "revenue_growth": (0.0, 1.0),
    "cost_saving": (0.0, 1.0),
    "price_premium": (0.0, 1.0),
    "referrals_per_year": (0.0, 100.0),
    "referral_conversion": (0.0, 1.0),
    "referral_value": (0.0, 10_000.0),
}
component_arguments = st.fixed_dictionaries(
    {name: st.floats(low, high) for name, (low, high) in COMPONENT_RANGES.items()}
)


@settings(max_examples=150)
@given(
    component_arguments,
    st.sampled_from(sorted(COMPONENT_RANGES)),
    st.floats(min_value=0.001, max_value=1.0),
    retentions,
    discount_rates,
    horizons,
)
def test_cohort_value_rises_with_each_component(
    arguments: dict, component: str, more: float, retention: float, discount_rate: float, horizon
) -> None:
    raised = {**arguments, component: arguments[component] + more}
    if component == "referral_conversion":
        raised[component] = min(1.0, raised[component])
    before = tenure_margins(1000, 0.3, 20, **arguments)["total"]
    after = tenure_margins(1000, 0.3, 20, **raised)["total"]
    value_before = cohort_value(before, retention, discount_rate, horizon=horizon)
    value_after = cohort_value(after, retention, discount_rate, horizon=horizon)
    assert value_after >= value_before * (1 - 1e-12)
    # Strictly, whenever the component reaches a year the customer can live to (year 2 on).
    multiplies = {
        "referrals_per_year": ("referral_conversion", "referral_value"),
        "referral_conversion": ("referrals_per_year", "referral_value"),
        "referral_value": ("referrals_per_year", "referral_conversion"),
    }
    others = multiplies.get(component, ())
    if horizon >= 2 and retention > 0.01 and all(arguments[o] > 0.01 for o in others):
        assume(raised[component] > arguments[component])
        assert value_after > value_before


# --- tenure_margins and component_values --------------------------------------------------------


def test_tenure_margins_by_hand() -> None:
    table = tenure_margins(
        1000,
        0.3,
        3,
        revenue_growth=0.05,
        cost_saving=0.02,
        price_premium=0.01,
        referrals_per_year=0.1,
        referral_conversion=0.25,
        referral_value=250,
    )
    assert list(table.columns) == [*COMPONENTS, "total"]
    assert table.index.tolist() == [1, 2, 3]
    assert table.index.name == "tenure"
    # Year 3: growth 1000 * 5% * 2 * 30% = 30; saving 1000 * 2% * 2 = 40; premium 20;
    # referrals 0.1 * 25% * 250 = 6.25 (none in year 1).
    assert table.loc[3].tolist() == pytest.approx([300, 30, 40, 6.25, 20, 396.25])
    assert table.loc[1].tolist() == pytest.approx([300, 0, 0, 0, 0, 300])
    assert table["total"].tolist() == pytest.approx([300.0, 351.25, 396.25])


def test_tenure_margins_with_no_components_is_the_flat_base_margin() -> None:
    table = tenure_margins(1000, 0.3, 5)
    assert table["total"].tolist() == [300.0] * 5


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"revenue_per_customer": -1}, "revenue_per_customer"),
        ({"gross_margin": 1.5}, "gross_margin"),
        ({"years": 0}, "years"),
        ({"revenue_growth": -0.1}, "revenue_growth"),
        ({"referral_conversion": 2.0}, "referral_conversion"),
        ({"referral_value": float("nan")}, "referral_value"),
    ],
)
def test_tenure_margins_rejects_bad_inputs(kwargs: dict, parameter: str) -> None:
    arguments = {"revenue_per_customer": 1000, "gross_margin": 0.3, "years": 5}
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{parameter} must be"):
        tenure_margins(**arguments)


@settings(max_examples=100)
@given(component_arguments, retentions, discount_rates, horizons)
def test_components_add_up_to_the_value_of_the_total(
    arguments: dict, retention: float, discount_rate: float, horizon: int
) -> None:
    table = tenure_margins(1000, 0.3, 30, **arguments)
    parts = component_values(table, retention, discount_rate, horizon)
    assert list(parts.index) == list(COMPONENTS)
    total = cohort_value(table["total"], retention, discount_rate, horizon=horizon)
    assert parts.sum() == pytest.approx(total, rel=1e-9)


def test_component_values_need_the_component_columns() -> None:
    with pytest.raises(ValueError, match=r"^margins must have the columns"):
        component_values(pd.DataFrame({"total": [1.0]}), 0.5, 0.1)


def test_survival_curve_by_hand() -> None:
    assert survival_curve(0.8, 4).tolist() == pytest.approx([1, 0.8, 0.64, 0.512])
    assert survival_curve(0.0, 3).tolist() == [1.0, 0.0, 0.0]


# --- firm_profit_path and the steady state ------------------------------------------------------


def test_firm_profit_year_one_is_new_customers_times_margin_minus_acquisition() -> None:
    path = firm_profit_path(1000, 0.9, [100], 60, 10)
    assert path.loc[1, "customers"] == 1000
    assert path.loc[1, "profit"] == pytest.approx(40_000)


def test_firm_profit_path_shape() -> None:
    path = firm_profit_path(1000, 0.9, [100], 60, 7)
    assert list(path.columns) == ["customers", "profit"]
    assert path.index.tolist() == list(range(1, 8))
    assert path.index.name == "year"


def test_firm_profit_path_with_tenure_margins_by_hand() -> None:
    # Year 2: 1,000 new (tenure 1, margin 100) + 500 from year 1 (tenure 2, margin 200).
    path = firm_profit_path(1000, 0.5, [100, 200], 60, 3)
    assert path.loc[2, "customers"] == pytest.approx(1500)
    assert path.loc[2, "profit"] == pytest.approx(100_000 + 100_000 - 60_000)
    # Year 3: + 250 in tenure 3, still at 200.
    assert path.loc[3, "customers"] == pytest.approx(1750)
    assert path.loc[3, "profit"] == pytest.approx(100_000 + 100_000 + 50_000 - 60_000)


@settings(max_examples=100)
@given(
    st.floats(min_value=0, max_value=10_000),
    st.floats(min_value=0.0, max_value=1.0),
    margin_lists,
    st.floats(min_value=0, max_value=1000),
    st.integers(min_value=1, max_value=50),
)
def test_firm_profit_path_equals_the_sum_over_cohorts(
    new: float, retention: float, margins: list[float], cac: float, years: int
) -> None:
    path = firm_profit_path(new, retention, margins, cac, years)
    for year in {1, years // 2 + 1, years}:
        alive = [new * retention**age for age in range(year)]
        tenure_margin = [margins[min(age + 1, len(margins)) - 1] for age in range(year)]
        profit = sum(a * m for a, m in zip(alive, tenure_margin, strict=True)) - new * cac
        assert path.loc[year, "customers"] == pytest.approx(sum(alive), rel=1e-9, abs=1e-9)
        scale = max(1.0, new * (sum(abs(m) for m in margins) + cac) * year)
        assert path.loc[year, "profit"] == pytest.approx(profit, rel=1e-9, abs=1e-9 * scale)


def test_steady_state_by_hand() -> None:
    state = firm_steady_state(1000, 0.9, [100], 60)
    assert state.customers == pytest.approx(10_000)
    assert state.profit == pytest.approx(1000 * (100 / 0.1 - 60))


@settings(max_examples=150)
@given(
    st.floats(min_value=0, max_value=10_000),
    retentions,
    margin_lists,
    st.floats(min_value=0, max_value=1000),
)
def test_steady_state_is_new_customers_times_the_undiscounted_clv(
    new: float, retention: float, margins: list[float], cac: float
) -> None:
    state = firm_steady_state(new, retention, margins, cac)
    undiscounted_clv = cohort_value(margins, retention, 0.0, cac)
    assert state.profit == pytest.approx(new * undiscounted_clv, rel=1e-12, abs=1e-9)
    assert state.customers == pytest.approx(new / (1 - retention))


@settings(max_examples=50)
@given(
    st.floats(min_value=1, max_value=10_000),
    st.floats(min_value=0.0, max_value=0.9),
    positive_margin_lists,
    st.floats(min_value=0, max_value=1000),
)
def test_the_path_converges_to_the_steady_state(
    new: float, retention: float, margins: list[float], cac: float
) -> None:
    last = firm_profit_path(new, retention, margins, cac, 500).iloc[-1]
    state = firm_steady_state(new, retention, margins, cac)
    scale = new * (max(margins) + cac) / (1 - retention)
    assert last["profit"] == pytest.approx(state.profit, abs=1e-9 * scale)
    assert last["customers"] == pytest.approx(state.customers, rel=1e-9)


def test_steady_state_needs_retention_below_one() -> None:
    with pytest.raises(ValueError, match=r"^retention must be in \[0, 1\)"):
        firm_steady_state(100, 1.0, [100], 10)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"new_customers_per_year": -1}, "new_customers_per_year"),
        ({"retention": 1.1}, "retention"),
        ({"acquisition_cost": -5}, "acquisition_cost"),
        ({"years": 0}, "years"),
        ({"margins_by_tenure": []}, "margins_by_tenure"),
    ],
)
def test_firm_profit_path_rejects_bad_inputs(kwargs: dict, parameter: str) -> None:
    arguments = {
        "new_customers_per_year": 100,
        "retention": 0.8,
        "margins_by_tenure": [100],
        "acquisition_cost": 50,
        "years": 10,
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{parameter} must"):
        firm_profit_path(**arguments)


# --- the impact of an uplift --------------------------------------------------------------------


def test_relative_uplift_of_6_25_percent_is_5_points_from_80() -> None:
    assert retention_after_relative_uplift(0.8, 0.0625) == (0.85, False)


def test_relative_uplift_is_capped_like_the_points_one() -> None:
    assert retention_after_relative_uplift(0.95, 0.10) == (MAX_RETENTION, True)
    assert retention_after_relative_uplift(0.9, 0.1) == (MAX_RETENTION, False)  # exactly 0.99


def test_uplift_impact_per_customer_and_firm_by_hand() -> None:
    impact = uplift_impact([100], 0.90, 0.95, 0.10, 60, 1000)
    assert impact.per_customer.clv_before == pytest.approx(500 - 60)
    assert impact.per_customer.clv_after == pytest.approx(2000 / 3 - 60)
    assert impact.firm_years.index.tolist() == list(MILESTONE_YEARS)
    assert list(impact.firm_years.columns) == ["before", "after", "change", "relative_change"]
    # Year 1: every customer is new, so retention cannot change anything yet.
    assert impact.firm_years.loc[1].tolist() == pytest.approx([40_000, 40_000, 0, 0])
    # Year 3: 1,000 × (1 + 0.9 + 0.81) × 100 − 60,000 vs 1,000 × (1 + 0.95 + 0.9025) × 100 − ….
    assert impact.firm_years.loc[3, "before"] == pytest.approx(211_000)
    assert impact.firm_years.loc[3, "after"] == pytest.approx(225_250)
    assert impact.steady_before.profit == pytest.approx(940_000)
    assert impact.steady_after.profit == pytest.approx(1_940_000)
    assert impact.steady_relative_change == pytest.approx(1_000_000 / 940_000)
    assert len(impact.firm_path) == 10


def test_uplift_impact_path_covers_the_longer_of_years_and_milestones() -> None:
    assert len(uplift_impact([100], 0.8, 0.85, 0.1, 0, 10, years=3).firm_path) == 10
    assert len(uplift_impact([100], 0.8, 0.85, 0.1, 0, 10, years=50).firm_path) == 50


def test_uplift_impact_relative_change_is_nan_where_profit_before_is_zero() -> None:
    # Margin 100 = CAC 100: year-1 profit is 0 before and after.
    impact = uplift_impact([100], 0.8, 0.85, 0.1, 100, 10)
    assert impact.firm_years.loc[1, "before"] == 0
    assert math.isnan(impact.firm_years.loc[1, "relative_change"])


def test_uplift_result_is_frozen() -> None:
    impact = uplift_impact([100], 0.8, 0.85, 0.1, 0, 10)
    with pytest.raises(FrozenInstanceError):
        impact.retention_after = 0.9  # type: ignore[misc]


def test_uplift_curve_starts_at_zero_and_is_flat_after_the_cap() -> None:
    curve = uplift_curve([100], 0.95, 0.10, 0, 1000)
    assert curve["uplift"].tolist() == pytest.approx(np.linspace(0, 0.1, 21).tolist())
    assert curve.loc[0, ["per_customer", "firm_year", "long_run"]].tolist() == [0.0, 0.0, 0.0]
    capped = curve[curve["uplift"] >= 0.04 - 1e-12]
    assert (capped["retention_after"] == MAX_RETENTION).all()
    assert capped["per_customer"].nunique() == 1


def test_uplift_curve_at_five_points_matches_the_impact() -> None:
    curve = uplift_curve([100, 150], 0.80, 0.08, 50, 100, horizon=20, uplifts=[0.05])
    impact = uplift_impact([100, 150], 0.80, 0.85, 0.08, 50, 100, horizon=20, years=5)
    assert curve.loc[0, "per_customer"] == pytest.approx(impact.per_customer.relative_change)
    assert curve.loc[0, "firm_year"] == pytest.approx(impact.firm_years.loc[5, "relative_change"])
    assert curve.loc[0, "long_run"] == pytest.approx(impact.steady_relative_change)


@settings(max_examples=50)
@given(positive_margin_lists, retentions, discount_rates, st.floats(0, 1000))
def test_uplift_curve_never_falls_with_the_uplift(
    margins: list[float], retention: float, discount_rate: float, cac: float
) -> None:
    assume(cohort_value(margins, retention, discount_rate, cac, 20) > 1e-6)
    curve = uplift_curve(margins, retention, discount_rate, cac, 100, horizon=20)
    assert (np.diff(curve["per_customer"]) >= -1e-9).all()


@pytest.mark.parametrize(
    ("change", "position"),
    [
        (0.0, "below"),
        (0.2499, "below"),
        (0.25, "within"),
        (0.95, "within"),
        (0.9501, "above"),
        (None, "undefined"),
        (float("nan"), "undefined"),
    ],
)
def test_position_against_reichhelds_reported_range(change, position) -> None:
    assert REPORTED_PROFIT_RANGE == (0.25, 0.95)
    assert reported_range_position(change) == position


# --- satisfaction -> loyalty --------------------------------------------------------------------


def test_satisfaction_retention_by_hand() -> None:
    # 30 % rate 5, 50 % rate 4, 6x, overall 80 %: d5 = 0.8 * 0.2 / (0.3 + 0.5 * 6) = 0.04848.
    groups = satisfaction_retention(0.8, 0.3, 0.5, 6)
    assert groups.extremely_satisfied == pytest.approx(1 - 0.16 / 3.3)
    assert groups.satisfied == pytest.approx(1 - 6 * 0.16 / 3.3)
    assert groups.others == 0.8
    assert not groups.capped


@settings(max_examples=150)
@given(st.floats(0.0, 1.0), shares, shares, st.floats(1.0, 100.0))
# Rounding put a rate a hair outside [0, 1] here once.
@example(retention=0.0, extremely=0.001, satisfied=0.5, ratio=2.0)
@example(retention=0.0, extremely=0.0, satisfied=0.4608110340226931, ratio=35.3515625)
def test_satisfaction_groups_keep_the_overall_retention(
    retention: float, extremely: float, satisfied: float, ratio: float
) -> None:
    assume(extremely + satisfied <= 1)
    groups = satisfaction_retention(retention, extremely, satisfied, ratio)
    others = 1 - extremely - satisfied
    average = (
        extremely * groups.extremely_satisfied + satisfied * groups.satisfied + others * retention
    )
    assert average == pytest.approx(retention, abs=1e-9)
    assert -1e-12 <= groups.satisfied <= groups.extremely_satisfied <= 1 + 1e-12
    if not groups.capped and extremely + satisfied > 0:
        assert 1 - groups.satisfied == pytest.approx(
            ratio * (1 - groups.extremely_satisfied), abs=1e-9
        )


def test_satisfaction_with_very_low_retention_caps_the_satisfied_defection() -> None:
    groups = satisfaction_retention(0.0, 0.3, 0.5, 6)
    assert groups.capped
    assert groups.satisfied == 0.0
    assert groups.extremely_satisfied == pytest.approx(0.0)


def test_satisfaction_with_ratio_one_or_nobody_satisfied_is_the_overall_retention() -> None:
    assert satisfaction_retention(0.8, 0.3, 0.5, 1).satisfied == pytest.approx(0.8)
    assert satisfaction_retention(0.8, 0.3, 0.5, 1).extremely_satisfied == pytest.approx(0.8)
    none = satisfaction_retention(0.8, 0.0, 0.0, 6)
    assert (none.extremely_satisfied, none.satisfied) == (0.8, 0.8)


def test_satisfaction_shares_above_one_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"^share_satisfied must be"):
        satisfaction_retention(0.8, 0.6, 0.5, 6)


def test_satisfaction_link_by_hand() -> None:
    # One year, undiscounted, margin 300: a customer is worth 300 whatever their retention.
    link = satisfaction_link([300], 0.8, 0.0, 0.3, 0.5, 6, 1000, 0.05, horizon=2)
    gap = link.retention.extremely_satisfied - link.retention.satisfied  # 5 * 0.16 / 3.3
    assert gap == pytest.approx(0.8 / 3.3)
    assert link.value_per_customer_moved == pytest.approx(300 * gap)
    assert link.shift == 0.1
    assert link.retention_after_shift == pytest.approx(0.8 + 0.1 * gap)
    assert link.value_of_shift == pytest.approx(1000 * 0.1 * 300 * gap)
    assert link.share_needed == pytest.approx(0.05 * 3.3 / 0.8)  # 20.6 %
    assert link.share_needed_feasible


def test_satisfaction_link_when_too_few_are_satisfied_or_nothing_changes() -> None:
    few = satisfaction_link([300], 0.8, 0.08, 0.3, 0.05, 6, 1000, 0.05, horizon=20)
    assert few.shift == 0.05  # only 5 % rate 4
    assert not few.share_needed_feasible
    equal = satisfaction_link([300], 0.8, 0.08, 0.3, 0.5, 1, 1000, 0.05, horizon=20)
    assert equal.share_needed is None
    assert equal.value_per_customer_moved == pytest.approx(0.0)


# --- the page's report --------------------------------------------------------------------------


def test_report_default_numbers() -> None:
    report = loyalty_report(default_scenario())
    assert (report.retention_before, report.retention_after) == (0.8, 0.85)
    assert report.uplift_points == 0.05
    assert not report.capped
    assert (report.defection_before, report.defection_after) == (0.2, 0.15)
    # Year 1 of the firm: 150 × (300 − 250).
    assert report.impact.firm_years.loc[1, "before"] == pytest.approx(7_500)
    # Year 3: 150 × (300 + 0.8 × 351.25 + 0.64 × 396.25) − 150 × 250.
    assert report.impact.firm_years.loc[3, "before"] == pytest.approx(87_690)
    # Long run, undiscounted, with growing margins (sums of r^k, k r^k): 150 × (300 / 0.2
    # + 45 × 0.8 / 0.04 + 6.25 × 0.8 / 0.2 − 250) = 326,250, less a hair for the growth that
    # stops after 50 years of tenure.
    assert report.impact.steady_before.profit == pytest.approx(326_250, rel=1e-4)
    assert report.impact.per_customer.relative_change == pytest.approx(0.3608, abs=1e-4)
    assert report.claim_position == "within"
    assert report.value_today == pytest.approx(report.impact.per_customer.clv_before)
    assert report.components["referrals"] > 0
    assert len(report.margins) == TENURE_YEARS
    assert report.survival.index.tolist() == list(range(1, 21))
    assert len(report.impact.firm_path) == 20


def test_report_base_component_is_the_flat_clv_over_the_horizon() -> None:
    report = loyalty_report(default_scenario())
    assert report.components["base"] == pytest.approx(
        customer_lifetime_value(300, 0.8, 0.08, horizon=20)
    )


def test_report_relative_mode_at_6_25_percent_equals_five_points() -> None:
    points = loyalty_report(default_scenario())
    relative = loyalty_report(with_values(**{"retention_program.uplift_mode": "relative"}))
    assert relative.uplift_mode == "relative"
    assert relative.retention_after == points.retention_after
    assert relative.impact.per_customer == points.impact.per_customer


@pytest.mark.parametrize("mode", ["points", "relative"])
def test_report_caps_retention_at_99_percent_and_says_so(mode: str) -> None:
    report = loyalty_report(
        with_values(**{"business.retention": 0.97, "retention_program.uplift_mode": mode})
    )
    assert report.retention_after == MAX_RETENTION
    assert report.capped
    assert report.uplift_points == pytest.approx(0.02)


def test_report_with_fifty_years_and_extremes_stays_finite() -> None:
    report = loyalty_report(
        with_values(
            **{
                "business.retention": 0.99,
                "business.revenue_per_customer": 100_000_000,
                "business.discount_rate": 0.0,
                "loyalty.horizon_years": 50,
                "loyalty.revenue_growth": 1.0,
                "loyalty.repurchase_ratio": 100,
                "loyalty.share_extremely_satisfied": 1.0,
                "loyalty.share_satisfied": 0.0,
            }
        )
    )
    assert report.uplift_points == 0
    assert report.impact.per_customer.relative_change == 0
    numbers = [report.value_today, report.impact.steady_after.profit, *report.curve.stack()]
    assert all(math.isfinite(value) for value in numbers)


def test_report_with_nothing_to_earn_has_no_relative_change() -> None:
    report = loyalty_report(
        with_values(
            **{
                "business.gross_margin": 0.0,
                "business.acquisition_cost": 0.0,
                "loyalty.revenue_growth": 0.0,
                "loyalty.cost_saving": 0.0,
                "loyalty.price_premium": 0.0,
            }
        )
    )
    assert report.impact.per_customer.relative_change is None
    assert report.claim_position == "undefined"
    assert report.curve["per_customer"].isna().all()
