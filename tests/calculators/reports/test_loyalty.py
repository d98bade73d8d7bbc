"""Tests for calculators.reports.loyalty: the Loyalty & profit page's numbers from the default
scenario by hand, the relative uplift, the cap at 99 % and the extremes."""

from __future__ import annotations

import math

import pytest

from calculators.clv import customer_lifetime_value
from calculators.reports.loyalty import loyalty_report
from calculators.scenario import MAX_RETENTION, apply_values, default_scenario
from calculators.tenure import TENURE_YEARS


def with_values(**values):
    scenario, issues = apply_values(default_scenario(), values)
    assert issues == []
    return scenario


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
