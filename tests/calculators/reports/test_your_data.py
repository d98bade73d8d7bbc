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
from tests.calculators.sales import occasional_buyers, sales, transactions, transactions_frame

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
@given(transactions, st.integers(1, 3))
def test_survivors_never_increase_and_measured_survival_falls(rows, window) -> None:
    report = analyse_transactions(transactions_frame(rows), window=window)
    survivors = report.survivors.to_numpy()
    for row in survivors:
        seen = row[~np.isnan(row)]
        assert (np.diff(seen) <= 0).all()
    measured = report.survival["measured"].dropna().to_numpy()
    assert measured[0] == 1 and (np.diff(measured) <= 1e-12).all()
    if report.figures.retention is not None:
        assert 0 <= report.figures.retention <= 1


# --- the window: "bought again within N years" ---------------------------------------------------


def still_customer(bought: np.ndarray, year: int, window: int) -> np.ndarray:
    """Independently of the app: per customer, bought in `year`, or bought before it and again
    after it at most `window` years apart."""
    years = bought.shape[1]
    result = bought[:, year].copy()
    for before in range(max(0, year - window + 1), year):
        for after in range(year + 1, min(years, before + window + 1)):
            result |= bought[:, before] & bought[:, after]
    return result


def pooled_retention(bought: np.ndarray, window: int, pairs: list[int]) -> float:
    kept = sum(
        (still_customer(bought, y - 1, window) & still_customer(bought, y, window)).sum()
        for y in pairs
    )
    base = sum(still_customer(bought, y - 1, window).sum() for y in pairs)
    return kept / base


def test_occasional_buyers_who_never_leave_look_half_lost_with_one_year() -> None:
    frame, bought = occasional_buyers()
    report = analyse_transactions(frame)
    assert report.window == 1
    # Each customer buys next year with chance 1/2, whatever they did this year.
    assert 0.48 <= report.figures.retention <= 0.52
    assert report.figures.retention_years == (2020, 2023)
    # Pairs 2020→2021, 2021→2022, 2022→2023 (columns 4→5, 5→6, 6→7).
    expected = (bought[:, 5:8] & bought[:, 4:7]).sum() / bought[:, 4:7].sum()
    assert report.figures.retention == round(expected, 3)


def test_a_two_year_window_does_not_count_a_skipped_year_as_lost() -> None:
    frame, bought = occasional_buyers()
    report = analyse_transactions(frame, window=2)
    # From first principles, with b_y the purchase in year y (independent, chance 1/2):
    # customer in y = b_y or (b_{y-1} and b_{y+1}): 1/2 + 1/8 = 5/8;
    # customer in y and y+1 = b_y b_{y+1} + b_y (not b_{y+1}) b_{y+2} + (not b_y) b_{y-1} b_{y+1}
    #                       = 1/4 + 1/8 + 1/8 = 1/2;  retention = (1/2) / (5/8) = 4/5.
    assert report.figures.retention == pytest.approx(0.8, abs=0.02)
    # Years 2017–2022 are known (2016 could follow a purchase before the data, 2023 precede
    # one after it): the last three pairs end in 2020, 2021, 2022.
    assert report.figures.retention_years == (2019, 2022)
    expected = pooled_retention(bought, 2, [4, 5, 6])
    assert report.figures.retention == round(expected, 3)
    assert report.figures.retention > 0.75 > 0.52
    # Three years: by enumeration of the 2^14 purchase patterns around a year, 11/12.
    three = analyse_transactions(frame, window=3)
    assert three.figures.retention == pytest.approx(11 / 12, abs=0.02)
    # Known years 2018–2021: pairs ending in 2019, 2020, 2021.
    assert three.figures.retention_years == (2018, 2021)
    assert three.figures.retention == round(pooled_retention(bought, 3, [3, 4, 5]), 3)


def test_the_window_runs_through_cohorts_figures_and_the_sbg_input() -> None:
    frame, bought = occasional_buyers()
    report = analyse_transactions(frame, window=2)
    first = bought.argmax(axis=1)
    # Cohort 2017 (first purchase in 2017), one year on: bought in 2018, or in 2019 after
    # skipping 2018 (the customer is then a customer in 2018 too).
    cohort = first == 1
    still = bought[cohort, 2] | bought[cohort, 3]
    assert report.matrix.loc[2017, 1] == pytest.approx(still.mean())
    # sBG input: survivors of the 2017 cohort after one year are the same customers.
    assert report.survivors.loc[2017, 1] == still.sum()
    # After two years: the run goes on to 2019 (bought in 2019), or to 2020 over a 2019 gap,
    # from a purchase in 2018 (2018 → 2020 is two years) and not over two empty years.
    b = bought[cohort]
    reach_2 = (b[:, 2] & (b[:, 3] | b[:, 4])) | (~b[:, 2] & b[:, 3])
    assert report.survivors.loc[2017, 2] == reach_2.sum()
    # Measured retention in the first year of tenure: 3/4 from first principles (a purchase
    # in either of the next two years), pooled over the cohorts used.
    assert report.tenure["measured"].iloc[0] == pytest.approx(0.75, abs=0.03)
    # Revenue per customer: 2022's revenue over its customers (buyers and those in a gap).
    customers_2022 = still_customer(bought, 6, 2).sum()
    assert report.figures.revenue_year == 2022
    assert report.figures.revenue_per_customer == round(
        bought[:, 6].sum() * 100 / customers_2022, 2
    )
    # Active customers: not lost at the end of the data, a purchase in 2022 or 2023.
    assert report.figures.active_customers == (bought[:, 6] | bought[:, 7]).sum()
    # The figures the scenario takes are these.
    values = report.figures.values()
    assert values["business.retention"] == report.figures.retention
    assert values["business.active_customers"] == report.figures.active_customers


def test_with_one_year_the_sbg_input_is_buying_every_year() -> None:
    frame, bought = occasional_buyers()
    report = analyse_transactions(frame)
    cohort = bought[bought.argmax(axis=1) == 2]  # first purchase in 2018
    for k in range(0, 6):
        assert report.survivors.loc[2018, k] == cohort[:, 2 : 3 + k].all(axis=1).sum()
    # Homogeneous customers: the fitted retention stays near the measured 1/2.
    assert report.fitted
    assert np.all(np.abs(report.tenure["fitted"].iloc[:5] - 0.5) < 0.05)


@pytest.mark.parametrize("window", [0, 6, 1.5, True])
def test_a_window_outside_one_to_five_years_is_refused(window) -> None:
    frame, _ = occasional_buyers(customers=20)
    with pytest.raises(ValueError, match=r"^window must be"):
        analyse_transactions(frame, window=window)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(0, 3), st.integers(2, 12))
def test_customers_who_buy_every_few_years_are_all_kept_by_a_window_that_wide(
    every, offset, customers
) -> None:
    rows = [
        (f"K{c}", f"{year}-12-20", 10.0)
        for c in range(customers)
        for year in range(2010 + (c + offset) % every, 2025, every)
    ]
    report = analyse_transactions(sales(rows), window=every, first_cohort_new=True)
    if report.figures.retention is not None:
        assert report.figures.retention == 1.0
    assert (report.matrix.to_numpy()[~np.isnan(report.matrix.to_numpy())] == 1.0).all()
    assert not report.fitted  # nobody lost: no finite sBG estimate


def test_the_sample_compares_the_two_lifetime_values() -> None:
    found = read_transactions((ROOT / "assets" / "sample_transactions.csv").read_bytes())
    report = analyse_transactions(found.frame)
    values = lifetime_values(report, 0.3, 0.08)
    # The constant 78.8% pooled over all customers gives more than the sBG curve.
    margin = 344.44 * 0.3
    assert values.constant == pytest.approx(margin / (1.08 - 0.788))
    assert round(values.constant, 2) == 353.88 and round(values.sbg, 2) == 285.97
    assert values.higher == "constant"
    assert values.difference == pytest.approx(values.constant - values.sbg)
    assert values.relative == pytest.approx((values.constant - values.sbg) / values.sbg)


def test_occasional_buyers_with_two_years_value_the_curve_higher() -> None:
    frame, _ = occasional_buyers()
    values = lifetime_values(analyse_transactions(frame, window=2), 0.3, 0.08)
    assert values.higher in {"sbg", "same", "constant"}
    assert values.difference == pytest.approx(values.constant - values.sbg)
