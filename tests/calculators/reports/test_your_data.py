"""Tests for calculators.reports.your_data: the yearly figures by hand, the unfinished last year,
the first cohort, the sample file's figures and lifetime values, and properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.clv import customer_lifetime_value
from calculators.reports.your_data import analyse_transactions, lifetime_values
from calculators.sbg import sbg_lifetime_value
from calculators.scenario import apply_values, default_scenario
from calculators.transactions import read_transactions
from tests.calculators.sales import sales, transactions, transactions_frame

ROOT = Path(__file__).resolve().parents[3]


def test_yearly_figures_by_hand() -> None:
    frame = sales(
        [
            ("A", "2021-03-01", 100),
            ("B", "2021-06-01", 50),
            ("A", "2022-01-05", 80),
            ("C", "2022-02-05", 20),
            ("A", "2023-03-05", 60),
            ("B", "2023-04-05", 40),  # back after a gap
            ("C", "2023-12-15", 30),
            ("C", "2023-12-16", -10),  # a refund
        ]
    )
    report = analyse_transactions(frame)
    by_year = report.by_year
    assert by_year["active"].tolist() == [2, 2, 3]
    assert by_year["new"].tolist() == [2, 1, 0]
    assert by_year["retained"].tolist() == [0, 1, 2]
    assert by_year["returning"].tolist() == [0, 0, 1]
    assert by_year["retention"].tolist()[1:] == [0.5, 1.0]
    assert by_year["revenue"].tolist() == [150, 100, 120]
    assert by_year["revenue_per_active"].tolist() == [75, 50, 40]
    figures = report.figures
    assert figures.retention == 0.75  # (1 + 2) / (2 + 2)
    assert figures.retention_years == (2021, 2023)
    assert figures.revenue_per_customer == 40.0
    assert figures.active_customers == 3
    assert figures.new_customers_per_year == 1  # 2022: 1, 2023: 0 → 0.5, rounded half up
    assert figures.new_customers_years == (2022, 2023)
    assert report.incomplete_year is None


def test_an_unfinished_last_year_is_left_out_while_two_full_years_remain() -> None:
    rows = [(c, f"{y}-05-01", 10) for y in (2021, 2022, 2023) for c in "ABCD"]
    rows += [("A", "2024-03-01", 10)]  # export made in March 2024
    report = analyse_transactions(sales(rows))
    assert report.years == (2021, 2022, 2023)
    assert (report.incomplete_year, report.left_out_rows) == (2024, 1)
    assert report.figures.retention == 1.0  # nobody lost, rather than 25% in 2024


def test_an_unfinished_last_year_is_kept_when_it_is_needed() -> None:
    report = analyse_transactions(sales([("A", "2023-05-01", 10), ("A", "2024-03-01", 10)]))
    assert report.years == (2023, 2024)
    assert (report.incomplete_year, report.left_out_rows) == (2024, 0)


def test_the_first_cohort_is_left_out_of_tenure_unless_it_was_new() -> None:
    rows = [(c, "2020-05-01", 10) for c in "ABCDEFGH"]  # older customers, loyal
    rows += [(c, f"{y}-05-01", 10) for y in (2021, 2022, 2023) for c in "ABCDEFG"]
    rows += [(c, "2021-06-01", 10) for c in "STUV"]  # new in 2021
    rows += [(c, "2022-06-01", 10) for c in "ST"]
    rows += [("S", "2023-06-01", 10), ("A", "2023-12-20", 10)]  # 2023 is a full year
    default = analyse_transactions(sales(rows))
    assert default.tenure_cohorts == (2021,) and not default.first_cohort_included
    assert default.tenure["measured"].tolist()[:2] == [0.5, 0.5]
    assert default.figures.new_customers_per_year == 1  # (4 + 0 + 0) / 3 over 2021–2023
    new = analyse_transactions(sales(rows), first_cohort_new=True)
    assert new.tenure_cohorts == (2020, 2021) and new.first_cohort_included
    assert new.tenure["measured"].iloc[0] == pytest.approx((7 + 2) / (8 + 4))
    assert new.figures.new_customers_per_year == 1  # the last three years: the same


def test_new_customers_count_the_first_year_only_when_it_was_new() -> None:
    rows = [(c, "2023-05-01", 10) for c in "ABCDEFGH"] + [(c, "2024-12-01", 10) for c in "AXYZW"]
    assert analyse_transactions(sales(rows)).figures.new_customers_per_year == 4
    report = analyse_transactions(sales(rows), first_cohort_new=True)
    assert report.figures.new_customers_per_year == 6  # (8 + 4) / 2
    assert report.figures.new_customers_years == (2023, 2024)


def test_one_year_of_data_has_no_retention_and_no_fit() -> None:
    report = analyse_transactions(sales([("A", "2024-02-01", 10), ("B", "2024-12-20", 5)]))
    assert report.figures.retention is None and report.figures.retention_years is None
    assert not report.fitted
    assert report.figures.values() == {
        "business.revenue_per_customer": 7.5,
        "business.active_customers": 2,
    }
    assert np.isnan(report.tenure["measured"]).all()


def test_nobody_lost_gives_no_fit_and_full_retention_the_scenario_refuses() -> None:
    rows = [(c, f"{y}-05-01", 10) for y in (2021, 2022, 2023) for c in "ABC"]
    report = analyse_transactions(sales(rows), first_cohort_new=True)
    assert report.figures.retention == 1.0
    assert not report.fitted
    scenario, issues = apply_values(default_scenario(), report.figures.values())
    assert [issue.path for issue in issues] == ["business.retention"]
    assert scenario.business.retention == 0.8
    values = lifetime_values(report, 0.3, 0.08)
    assert values.constant is None and values.sbg is None


def test_sample_figures_fit_the_scenario() -> None:
    found = read_transactions((ROOT / "assets" / "sample_transactions.csv").read_bytes())
    report = analyse_transactions(found.frame)
    assert report.incomplete_year == 2025 and report.left_out_rows > 0
    assert report.years == (2019, 2020, 2021, 2022, 2023, 2024)
    assert report.fitted and report.tenure_cohorts == (2020, 2021, 2022, 2023, 2024)
    assert report.figures.retention == pytest.approx(0.788)
    # Retention rises with tenure in the fit, as the sBG model says it must.
    assert np.all(np.diff(report.tenure["fitted"]) > 0)
    scenario, issues = apply_values(default_scenario(), report.figures.values())
    assert issues == []
    assert scenario.business.active_customers == report.figures.active_customers


def test_lifetime_values_match_the_calculators() -> None:
    found = read_transactions((ROOT / "assets" / "sample_transactions.csv").read_bytes())
    report = analyse_transactions(found.frame)
    values = lifetime_values(report, 0.3, 0.08)
    margin = report.figures.revenue_per_customer * 0.3
    assert values.margin == pytest.approx(margin)
    assert values.constant == pytest.approx(
        customer_lifetime_value(margin, report.figures.retention, 0.08)
    )
    assert values.sbg == pytest.approx(sbg_lifetime_value(margin, report.alpha, report.beta, 0.08))
    with pytest.raises(ValueError, match=r"^gross_margin must be in"):
        lifetime_values(report, 1.5, 0.08)


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(transactions, st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rows, random) -> None:
    shuffled = list(rows)
    random.shuffle(shuffled)
    first = analyse_transactions(transactions_frame(rows))
    second = analyse_transactions(transactions_frame(shuffled))
    pd.testing.assert_frame_equal(first.matrix, second.matrix)
    pd.testing.assert_frame_equal(first.by_year, second.by_year, check_exact=False)
    assert first.figures == second.figures


@settings(max_examples=50, deadline=None)
@given(transactions)
def test_survivors_never_increase_and_measured_survival_falls(rows) -> None:
    report = analyse_transactions(transactions_frame(rows))
    survivors = report.survivors.to_numpy()
    for row in survivors:
        seen = row[~np.isnan(row)]
        assert (np.diff(seen) <= 0).all()
    measured = report.survival["measured"].dropna().to_numpy()
    assert measured[0] == 1 and (np.diff(measured) <= 1e-12).all()
    if report.figures.retention is not None:
        assert 0 <= report.figures.retention <= 1
