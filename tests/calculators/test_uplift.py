"""Tests for calculators.uplift: an uplift per customer and for the firm by hand (90 % -> 95 %:
a third more per customer, 940,000 -> 1,940,000 a year in the long run), the owner's firm from
today's customers, the curve against the uplift, and the published ranges (context only)."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import calculators.uplift as uplift
from calculators.clv import cohort_value
from calculators.scenario import MAX_RETENTION
from calculators.uplift import (
    MILESTONE_YEARS,
    QUOTED_PROFIT_RANGE,
    STUDY_PROFIT_RANGE,
    uplift_curve,
    uplift_impact,
)

retentions = st.floats(min_value=0.0, max_value=0.99)
discount_rates = st.floats(min_value=0.0, max_value=1.0)
positive_margin_lists = st.lists(
    st.floats(min_value=0.0, max_value=10_000.0), min_size=1, max_size=12
)


def test_uplift_impact_per_customer_and_firm_by_hand() -> None:
    impact = uplift_impact([100], 0.90, 0.95, 0.10, 60, 1000)
    assert impact.per_customer.clv_before == pytest.approx(500 - 60)
    assert impact.per_customer.clv_after == pytest.approx(2000 / 3 - 60)
    assert impact.firm_years.index.tolist() == list(MILESTONE_YEARS)
    assert list(impact.firm_years.columns) == ["before", "after", "change", "relative_change"]
    # A new firm from zero (no customers today): in year 1 every customer is new, so retention
    # cannot change anything yet.
    assert impact.firm_years.loc[1].tolist() == pytest.approx([40_000, 40_000, 0, 0])
    # Year 3: 1,000 × (1 + 0.9 + 0.81) × 100 − 60,000 vs 1,000 × (1 + 0.95 + 0.9025) × 100 − ….
    assert impact.firm_years.loc[3, "before"] == pytest.approx(211_000)
    assert impact.firm_years.loc[3, "after"] == pytest.approx(225_250)
    assert impact.steady_before.profit == pytest.approx(940_000)
    assert impact.steady_after.profit == pytest.approx(1_940_000)
    assert impact.steady_relative_change == pytest.approx(1_000_000 / 940_000)
    assert len(impact.firm_path) == 10


def test_uplift_impact_of_a_firm_with_customers_today_shows_in_year_one() -> None:
    # 10,000 customers today at 100 each, 1,000 new a year at 60 each, 90 % -> 95 %.
    impact = uplift_impact(
        [100], 0.90, 0.95, 0.10, 60, 1000, active_customers=10_000, active_margin=100
    )
    # Year 1: (9,000 + 1,000) × 100 − 60,000 against (9,500 + 1,000) × 100 − 60,000.
    assert impact.firm_years.loc[1, "before"] == pytest.approx(940_000)
    assert impact.firm_years.loc[1, "after"] == pytest.approx(990_000)
    assert impact.firm_years.loc[1, "change"] == pytest.approx(50_000)
    assert impact.firm_years.loc[1, "relative_change"] == pytest.approx(50_000 / 940_000)
    assert impact.firm_path.loc[1, "customers_before"] == pytest.approx(10_000)
    assert impact.firm_path.loc[1, "customers_after"] == pytest.approx(10_500)
    # The long run does not depend on where the firm started.
    assert impact.steady_before.profit == pytest.approx(940_000)
    assert impact.steady_after.profit == pytest.approx(1_940_000)
    assert impact.steady_change == pytest.approx(1_000_000)


def test_uplift_impact_path_covers_the_longer_of_years_and_milestones() -> None:
    assert len(uplift_impact([100], 0.8, 0.85, 0.1, 0, 10, years=3).firm_path) == 10
    assert len(uplift_impact([100], 0.8, 0.85, 0.1, 0, 10, years=50).firm_path) == 50


def test_uplift_impact_relative_change_is_nan_where_profit_before_is_zero() -> None:
    # Margin 100 = CAC 100: year-1 profit is 0 before and after.
    impact = uplift_impact([100], 0.8, 0.85, 0.1, 100, 10)
    assert impact.firm_years.loc[1, "before"] == 0
    assert math.isnan(impact.firm_years.loc[1, "relative_change"])


def test_uplift_impact_has_no_percentage_of_a_loss() -> None:
    # Margin 100, CAC 300, a new firm: year 1 loses 10 × 200 = 2,000 either way; year 3 loses
    # 10 × (100 × 2.44 − 300) = −560 before, 10 × (100 × 2.5725 − 300) = −427.5 after.
    impact = uplift_impact([100], 0.8, 0.85, 0.1, 300, 10)
    assert impact.firm_years.loc[3, "before"] == pytest.approx(-560)
    assert impact.firm_years.loc[3, "change"] == pytest.approx(132.5)
    assert math.isnan(impact.firm_years.loc[3, "relative_change"])
    # Per customer: 100 / 0.3 − 300 = 33.3 > 0, so a percentage exists; the steady state,
    # 10 × (100 / 0.2 − 300) = 2,000, is positive too.
    assert impact.per_customer.relative_change is not None
    assert impact.steady_relative_change == pytest.approx((10 * (100 / 0.15 - 300)) / 2000 - 1)
    loss = uplift_impact([100], 0.5, 0.6, 0.1, 300, 10)
    # 100 / 0.6 − 300 < 0 per customer and 10 × (100 / 0.5 − 300) < 0 in the long run.
    assert loss.per_customer.relative_change is None
    assert loss.steady_relative_change is None


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


def test_uplift_curve_counts_todays_customers_in_the_firm_year() -> None:
    # 1,000 customers today at 100, nobody new: year 5 is 1,000 × r^5 × 100, so the change at
    # +5 points from 80 % is 0.85^5 / 0.8^5 − 1.
    curve = uplift_curve(
        [100],
        0.80,
        0.08,
        0,
        0,
        uplifts=[0.05],
        active_customers=1000,
        active_margin=100,
    )
    assert curve.loc[0, "firm_year"] == pytest.approx((0.85 / 0.8) ** 5 - 1)


@settings(max_examples=50)
@given(positive_margin_lists, retentions, discount_rates, st.floats(0, 1000))
def test_uplift_curve_never_falls_with_the_uplift(
    margins: list[float], retention: float, discount_rate: float, cac: float
) -> None:
    assume(cohort_value(margins, retention, discount_rate, cac, 20) > 1e-6)
    curve = uplift_curve(margins, retention, discount_rate, cac, 100, horizon=20)
    assert (np.diff(curve["per_customer"]) >= -1e-9).all()


def test_the_published_ranges_are_the_1990_chart_and_the_later_bain_range() -> None:
    # Reichheld & Sasser 1990: 25 % (credit insurance) to 85 % (bank branches); "25 % to 95 %"
    # is Bain's later formulation (source retention_profit).
    assert STUDY_PROFIT_RANGE == (0.25, 0.85)
    assert QUOTED_PROFIT_RANGE == (0.25, 0.95)


def test_no_verdict_against_the_ranges_is_offered() -> None:
    # The ranges are context, never a benchmark the owner's number "passes".
    assert not hasattr(uplift, "reported_range_position")
    assert not hasattr(uplift, "RangePosition")
