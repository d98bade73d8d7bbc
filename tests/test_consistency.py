"""One scenario, the same numbers everywhere: every figure shown on more than one page, Trainer
step or the handout is the same number wherever it appears.

Two layers. The property tests draw random valid scenarios and compare the reports the pages,
the Trainer steps and the handout read (the handout is built from `ui.present.step_view`, so its
texts are compared as formatted strings). The AppTest checks open the real pages for a few
scenarios and compare what is on screen: a label shown on two pages carries the same value, and
the figures one page repeats from another (customers in year 10, where the base levels off, the
cost of replacing lost customers) read the same.

Expected values are computed here from the formulas (DESIGN.md section 5), not by the code
under test: the leaky bucket ``N_y = N_{y-1} * r + A`` from ``N_0`` = today's customers, and the
owner's firm's year-1 profit ``(N_0 * r + A) * m - A * CAC``.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings

from calculators.present import (
    acquisition_step,
    profit_step,
    recovery_step,
    why_step,
)
from calculators.reports.acquisition import PROJECTION_YEARS, acquisition_report
from calculators.reports.loyalty import loyalty_report
from calculators.reports.overview import overview_report
from calculators.reports.word_of_mouth import word_of_mouth_report
from calculators.scenario import Scenario, apply_values, default_scenario
from tests.app.conftest import metric_deltas, metric_values, open_app_test, texts
from tests.strategies import scenarios
from ui import loyalty as loyalty_texts
from ui.fmt import Formatter
from ui.nav import ACQUISITION, LOYALTY, OVERVIEW, PRESENT
from ui.present import STEPS, step_view

SAME = {"rel": 1e-9, "abs": 1e-6}
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bucket_by_hand(customers: float, retention: float, new: float, years: int) -> list[float]:
    """Customers in year 1..years: N_y = N_{y-1} * r + A from N_0 = today's customers."""
    counts, current = [], customers
    for _ in range(years):
        current = current * retention + new
        counts.append(current)
    return counts


# --- the owner's firm: one customer count -----------------------------------------------------


@PROPERTY
@given(scenarios())
def test_customers_by_year_are_the_leaky_bucket_on_both_pages(scenario: Scenario) -> None:
    business = scenario.business
    bucket = acquisition_report(scenario).bucket
    firm = loyalty_report(scenario).impact.firm_path
    expected = bucket_by_hand(
        business.active_customers,
        business.retention,
        business.new_customers_per_year,
        PROJECTION_YEARS,
    )
    years = list(range(1, PROJECTION_YEARS + 1))
    assert bucket["today"].loc[years].tolist() == pytest.approx(expected, **SAME)
    assert firm["customers_before"].loc[years].tolist() == pytest.approx(expected, **SAME)
    assert firm["customers_after"].loc[years].tolist() == pytest.approx(
        bucket["with_program"].loc[years].tolist(), **SAME
    )


@PROPERTY
@given(scenarios())
def test_the_steady_state_is_the_same_on_both_pages(scenario: Scenario) -> None:
    business = scenario.business
    acquisition = acquisition_report(scenario)
    impact = loyalty_report(scenario).impact
    expected = business.new_customers_per_year / (1 - business.retention)
    assert acquisition.steady_today == pytest.approx(expected, **SAME)
    assert impact.steady_before.customers == pytest.approx(expected, **SAME)
    assert impact.steady_after.customers == pytest.approx(acquisition.steady_with_program, **SAME)


@PROPERTY
@given(scenarios())
def test_year_one_profit_counts_todays_customers(scenario: Scenario) -> None:
    business = scenario.business
    report = loyalty_report(scenario)
    margin = business.revenue_per_customer * business.gross_margin
    new, cac = business.new_customers_per_year, business.acquisition_cost

    def year_one(retention: float) -> float:
        # Today's customers still there and the new ones all earn the first-year margin.
        return (business.active_customers * retention + new) * margin - new * cac

    years = report.impact.firm_years
    scale = max(1.0, (business.active_customers + new) * (margin + cac))
    assert years.loc[1, "before"] == pytest.approx(
        year_one(business.retention), rel=1e-9, abs=1e-9 * scale
    )
    assert years.loc[1, "after"] == pytest.approx(
        year_one(report.retention_after), rel=1e-9, abs=1e-9 * scale
    )
    before = years.loc[1, "before"]
    if before > 0:
        assert years.loc[1, "relative_change"] == pytest.approx(
            (years.loc[1, "after"] - before) / before, rel=1e-9, abs=1e-12
        )
    else:
        assert math.isnan(years.loc[1, "relative_change"])


def test_year_one_profit_and_year_ten_customers_at_the_defaults() -> None:
    report = loyalty_report(default_scenario())
    # 1,000 × 80% + 150 customers at €300, minus 150 × €250: not €7,500 (new customers only).
    assert report.impact.firm_years.loc[1, "before"] == pytest.approx(247_500)
    assert report.impact.firm_years.loc[1, "relative_change"] > 0
    # 1,000 × 0.8^10 + 150 × (1 − 0.8^10) / 0.2 = 776.8 on both pages, not 669.
    customers = report.impact.firm_path.loc[10, "customers_before"]
    assert round(customers) == 777
    assert customers == pytest.approx(
        acquisition_report(default_scenario()).bucket.loc[10, "today"]
    )


# --- churn, CLV and the customer base ---------------------------------------------------------


@PROPERTY
@given(scenarios())
def test_churn_figures_are_the_same_on_overview_acquisition_and_trainer(
    scenario: Scenario,
) -> None:
    business = scenario.business
    lost = business.active_customers * (1 - business.retention)
    replacement = lost * business.acquisition_cost
    overview = overview_report(scenario)
    churn = acquisition_report(scenario).churn
    step = acquisition_step(scenario)
    for value in (overview.customers_lost, churn.customers_lost, step.report.churn.customers_lost):
        assert value == pytest.approx(lost, **SAME)
    for value in (overview.replacement_cost, churn.replacement_cost, step.headline):
        assert value == pytest.approx(replacement, rel=1e-9, abs=1e-6 * max(1.0, replacement))
    assert overview.margin_lost == pytest.approx(churn.margin_lost, **SAME)


@PROPERTY
@given(scenarios())
def test_the_flat_clv_is_the_same_wherever_it_is_shown(scenario: Scenario) -> None:
    business = scenario.business
    margin = business.revenue_per_customer * business.gross_margin
    clv = margin / (1 + business.discount_rate - business.retention)
    shown = {
        "overview": overview_report(scenario).clv,
        "acquisition": acquisition_report(scenario).clv,
        "word_of_mouth": word_of_mouth_report(scenario).clv,
        "why step": why_step(scenario).report.clv,
        "recovery step": recovery_step(scenario).report.clv,
    }
    for where, value in shown.items():
        assert value == pytest.approx(clv, rel=1e-9, abs=1e-9), where
    assert why_step(scenario).headline == pytest.approx(
        business.active_customers * clv, rel=1e-9, abs=1e-6
    )
    # The owner's firm's existing customers earn the Overview's margin per customer.
    assert loyalty_report(scenario).active_margin == pytest.approx(
        overview_report(scenario).margin_per_customer, **SAME
    )


# --- what the uplift is worth per customer: Loyalty page, Trainer step, handout ---------------


@PROPERTY
@given(scenarios())
def test_the_uplift_per_customer_is_the_same_on_page_step_and_handout(scenario: Scenario) -> None:
    report = loyalty_report(scenario)
    step = profit_step(scenario)
    value = report.impact.per_customer
    assert step.report.impact.per_customer == value
    assert step.headline == value.relative_change
    # A percentage only on a positive base, wherever it is shown.
    if value.clv_before > 0:
        expected = (value.clv_after - value.clv_before) / value.clv_before
        assert value.relative_change == pytest.approx(expected, rel=1e-9, abs=1e-12)
    else:
        assert value.relative_change is None
    number = STEPS.index("profit") + 1
    for lang in ("en", "it"):
        f = Formatter(lang, scenario.business.currency)
        view = step_view(scenario, number, f)  # what the Trainer screen and the handout show
        assert view.value == loyalty_texts.value_change(value, f)  # the page's headline delta
        assert f.money(value.clv_before) in view.sentence
        assert f.money(value.clv_after) in view.sentence
        if value.relative_change is None:
            assert "%" not in view.value


def test_a_relative_uplift_reaches_every_page() -> None:
    scenario, issues = apply_values(
        default_scenario(),
        {
            "retention_program.uplift_mode": "relative",
            "retention_program.relative_uplift": 0.10,
        },
    )
    assert issues == []
    loyalty = loyalty_report(scenario)
    assert loyalty.retention_after == pytest.approx(0.88)
    assert acquisition_report(scenario).retention_after == pytest.approx(loyalty.retention_after)
    assert overview_report(scenario).retention_after == pytest.approx(loyalty.retention_after)


# --- on screen: the real pages ----------------------------------------------------------------

SCENARIOS_ON_SCREEN = [
    {},
    {
        "business.active_customers": "2500",
        "business.retention": "0.9",
        "business.new_customers_per_year": "400",
        "business.acquisition_cost": "600",
        "business.revenue_per_customer": "1800",
    },
]


def pages_shown(lang: str, params: dict[str, str]) -> dict[str, tuple[dict[str, str], str]]:
    """Each page's metrics ``{label: value}`` and its texts, for one scenario."""
    shown = {}
    for page in (OVERVIEW, ACQUISITION, LOYALTY):
        at = open_app_test(page, lang=lang, **params)
        assert not at.exception, at.exception
        shown[page.path] = (metric_values(at), texts(at))
    return shown


@pytest.mark.parametrize("params", SCENARIOS_ON_SCREEN)
@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_label_shown_on_two_pages_has_the_same_value(lang: str, params: dict[str, str]) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for page, (metrics, _) in pages_shown(lang, params).items():
        for label, value in metrics.items():
            if label in seen:
                assert value == seen[label][1], (label, seen[label][0], page)
            seen[label] = (page, value)


@pytest.mark.parametrize("params", SCENARIOS_ON_SCREEN)
def test_the_loyalty_page_repeats_the_acquisition_pages_customers(params: dict[str, str]) -> None:
    shown = pages_shown("en", params)
    acquisition, _ = shown[ACQUISITION.path]
    _, loyalty = shown[LOYALTY.path]
    year_ten, levels_off = (
        acquisition["Year 10, today's retention"],
        acquisition["Where it levels off"],
    )
    assert f"{year_ten} customers in year 10" in loyalty
    assert f"with {levels_off} customers" in loyalty


def test_the_default_year_ten_customers_read_777_on_both_pages() -> None:
    shown = pages_shown("en", {})
    assert shown[ACQUISITION.path][0]["Year 10, today's retention"] == "777"
    assert "777 customers in year 10" in shown[LOYALTY.path][1]


@pytest.mark.parametrize("params", SCENARIOS_ON_SCREEN)
def test_trainer_steps_show_the_pages_headlines(params: dict[str, str]) -> None:
    acquisition = metric_values(open_app_test(ACQUISITION, lang="en", **params))
    loyalty_at = open_app_test(LOYALTY, lang="en", **params)
    replacing = acquisition["Replacing the customers lost"]
    step = open_app_test(PRESENT, lang="en", step=str(STEPS.index("acquisition") + 1), **params)
    assert not step.exception
    assert replacing in metric_values(step).values()
    profit = open_app_test(PRESENT, lang="en", step=str(STEPS.index("profit") + 1), **params)
    assert not profit.exception
    page_delta = metric_deltas(loyalty_at)["Net value of a new customer"]
    assert page_delta in metric_values(profit).values()
