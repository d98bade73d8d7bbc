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
    # Year 1 of the owner's firm: 1,000 × 0.8 of today's customers + 150 new, all at 300,
    # minus 150 × 250 of acquisition (was 7,500 when today's customers were left out).
    assert report.impact.firm_years.loc[1, "before"] == pytest.approx(
        800 * 300 + 150 * 300 - 37_500
    )
    assert report.impact.firm_years.loc[1, "after"] == pytest.approx(850 * 300 + 150 * 300 - 37_500)
    assert report.impact.firm_years.loc[1, "relative_change"] == pytest.approx(15_000 / 247_500)
    # Year 3: 1,000 × 0.8³ × 300 of today's customers, plus the new ones,
    # 150 × (300 + 0.8 × 351.25 + 0.64 × 396.25) − 150 × 250.
    assert report.impact.firm_years.loc[3, "before"] == pytest.approx(512 * 300 + 87_690)
    # Customers, year 10: the leaky bucket, 1,000 × 0.8^10 + 150 × (1 − 0.8^10) / 0.2 ≈ 777.
    customers = report.impact.firm_path["customers_before"]
    assert customers.loc[10] == pytest.approx(1000 * 0.8**10 + 150 * (1 - 0.8**10) / 0.2)
    assert (report.active_customers, report.active_margin) == (1000, 300)
    # Long run, undiscounted, with growing margins (sums of r^k, k r^k): 150 × (300 / 0.2
    # + 45 × 0.8 / 0.04 + 6.25 × 0.8 / 0.2 − 250) = 326,250, less a hair for the growth that
    # stops after 50 years of tenure.
    assert report.impact.steady_before.profit == pytest.approx(326_250, rel=1e-4)
    assert report.impact.per_customer.relative_change == pytest.approx(0.3608, abs=1e-4)
    assert report.pays_back
    assert report.study_range == (0.25, 0.85)
    assert report.quoted_range == (0.25, 0.95)
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
    assert not report.pays_back
    assert report.curve["per_customer"].isna().all()


FLAT = {
    "loyalty.revenue_growth": 0.0,
    "loyalty.cost_saving": 0.0,
    "loyalty.price_premium": 0.0,
    "loyalty.referrals_per_year": 0.0,
}


def flat_value(retention: float, cac: float) -> float:
    """Net value of a new customer, flat margin 300, 20 years at 8 %, by the geometric sum."""
    return sum(300 * retention ** (t - 1) / 1.08**t for t in range(1, 21)) - cac


@pytest.mark.parametrize("cac", [1100, 1200])
def test_a_customer_who_does_not_pay_back_has_no_percentage_change(cac: int) -> None:
    # The issue's example: flat margins, CAC 1,200: −131 → +94 used to read "+171 %".
    report = loyalty_report(with_values(**FLAT, **{"business.acquisition_cost": cac}))
    value = report.impact.per_customer
    assert value.clv_before == pytest.approx(flat_value(0.8, cac))
    assert value.clv_before < 0
    assert value.change == pytest.approx(flat_value(0.85, cac) - flat_value(0.8, cac))
    assert value.relative_change is None
    assert not report.pays_back
    assert math.isnan(report.curve.loc[10, "per_customer"])


@pytest.mark.parametrize("cac", [0, 250, 800])
def test_a_customer_who_pays_back_has_the_change_measured_on_the_net_value(cac: int) -> None:
    report = loyalty_report(with_values(**FLAT, **{"business.acquisition_cost": cac}))
    before, after = flat_value(0.8, cac), flat_value(0.85, cac)
    assert report.impact.per_customer.relative_change == pytest.approx((after - before) / before)
    # Before the acquisition cost the same uplift is worth the CAC 0 change, whatever the CAC.
    gross = (flat_value(0.85, 0) - flat_value(0.8, 0)) / flat_value(0.8, 0)
    assert report.per_customer_gross.relative_change == pytest.approx(gross)
