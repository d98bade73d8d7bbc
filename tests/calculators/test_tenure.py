"""Tests for calculators.tenure: Reichheld's margin components by hand, and their values adding
up to the customer's value."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.clv import cohort_value
from calculators.tenure import COMPONENTS, component_values, tenure_margins
from tests.calculators.rejections import Rejection, rejections

retentions = st.floats(min_value=0.0, max_value=0.99)
discount_rates = st.floats(min_value=0.0, max_value=1.0)
horizons = st.integers(min_value=1, max_value=80)


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


# --- tenure_margins --------------------------------------------------------------------------


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


INVALID = rejections(
    tenure_margins,
    {"revenue_per_customer": 1000, "gross_margin": 0.3, "years": 5},
    [
        ({"revenue_per_customer": -1}, "revenue_per_customer"),
        ({"gross_margin": 1.5}, "gross_margin"),
        ({"years": 0}, "years"),
        ({"revenue_growth": -0.1}, "revenue_growth"),
        ({"referral_conversion": 2.0}, "referral_conversion"),
        ({"referral_value": float("nan")}, "referral_value"),
    ],
)


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()


# --- component_values and the value of each component ----------------------------------------


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
        # A raise lost in the last bit of a float (0.9999999999999999 to 1) changes nothing.
        assume(raised[component] - arguments[component] > 1e-9)
        assert value_after > value_before
