"""Tests for calculators.cohorts: cohorts by hand, the published sBG fit, and properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaln

from calculators.cohorts import (
    analyse_transactions,
    cohort_retention,
    fit_shifted_beta_geometric,
    fit_shifted_beta_geometric_cohorts,
    lifetime_values,
    sbg_lifetime_value,
    sbg_retention,
    sbg_survival,
)
from calculators.loyalty import customer_lifetime_value
from calculators.scenario import apply_values, default_scenario
from calculators.transactions import read_transactions

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED_SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241]


def sales(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """A transactions frame from (customer, ISO date, amount) rows."""
    customers, dates, amounts = zip(*rows, strict=True)
    return pd.DataFrame(
        {"customer_id": list(customers), "date": pd.to_datetime(list(dates)), "amount": amounts}
    )


def expected_survivors(alpha: float, beta: float, start: float, years: int) -> np.ndarray:
    return start * np.exp(betaln(alpha, beta + np.arange(years + 1)) - betaln(alpha, beta))


# --- the shifted-beta-geometric fit -----------------------------------------------------------


def test_published_fit_of_fader_and_hardie() -> None:
    alpha, beta = fit_shifted_beta_geometric(PUBLISHED_SURVIVORS)
    assert (round(alpha, 2), round(beta, 2)) == (0.70, 1.18)
    assert alpha == pytest.approx(0.704, abs=5e-4)
    assert beta == pytest.approx(1.182, abs=5e-4)


def test_fit_recovers_the_parameters_of_exact_survivors() -> None:
    survivors = expected_survivors(1.5, 3.0, 10_000, 8)
    alpha, beta = fit_shifted_beta_geometric(survivors)
    assert (alpha, beta) == pytest.approx((1.5, 3.0), rel=1e-3)


def test_joint_fit_recovers_the_parameters_from_cohorts_of_different_lengths() -> None:
    # Younger cohorts are seen for fewer years: their last count is right-censored.
    cohorts = [
        expected_survivors(0.8, 2.5, size, years) for size, years in ((900, 6), (700, 3), (500, 1))
    ]
    alpha, beta = fit_shifted_beta_geometric_cohorts(cohorts)
    assert (alpha, beta) == pytest.approx((0.8, 2.5), rel=1e-3)


def test_one_cohort_joint_fit_is_the_single_fit() -> None:
    single = fit_shifted_beta_geometric(PUBLISHED_SURVIVORS)
    assert fit_shifted_beta_geometric_cohorts([PUBLISHED_SURVIVORS]) == pytest.approx(single)


def test_fit_does_not_depend_on_the_scale_of_the_counts() -> None:
    small = fit_shifted_beta_geometric(PUBLISHED_SURVIVORS)
    large = fit_shifted_beta_geometric([count * 1000 for count in PUBLISHED_SURVIVORS])
    assert large == pytest.approx(small, rel=1e-5)


def test_treating_the_last_year_as_censored_matters() -> None:
    # Ignoring censoring would read the 241 still there as never leaving or all leaving.
    alpha, beta = fit_shifted_beta_geometric(PUBLISHED_SURVIVORS)
    fitted = expected_survivors(alpha, beta, 1000, 7)
    assert fitted[-1] == pytest.approx(241, rel=0.03)


@pytest.mark.parametrize(
    ("survivors", "message"),
    [
        ([1000], "at least 2"),
        ([], "at least 2"),
        ([[1000, 500]], "1-D"),
        ([1000, float("nan")], "finite"),
        ([0, 0], "start above 0"),
        ([1000, -5], "below 0"),
        ([1000, 600, 700], r"survivors\[2\] = 700 > survivors\[1\] = 600"),
        ([1000, 1000, 1000], "at least one customer lost"),
        ("1000", "at least 2"),
    ],
)
def test_fit_rejects_bad_survivors_naming_the_parameter(survivors, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        fit_shifted_beta_geometric(survivors)
    assert str(error.value).startswith("survivors")


def test_joint_fit_names_the_bad_cohort() -> None:
    with pytest.raises(ValueError, match=r"cohorts\[1\] must not increase"):
        fit_shifted_beta_geometric_cohorts([[10, 5], [10, 12]])
    with pytest.raises(ValueError, match="at least one survivor list"):
        fit_shifted_beta_geometric_cohorts([])


def test_everybody_lost_in_the_first_year_still_fits() -> None:
    alpha, beta = fit_shifted_beta_geometric([100, 0])
    assert sbg_retention(alpha, beta, 1)[0] < 0.01


# --- sBG curves and value -----------------------------------------------------------------------


def test_sbg_retention_and_survival_by_hand() -> None:
    assert sbg_retention(1.0, 1.0, 3).tolist() == pytest.approx([1 / 2, 2 / 3, 3 / 4])
    assert sbg_survival(1.0, 1.0, 3).tolist() == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4])


def test_sbg_survival_is_the_beta_function_ratio() -> None:
    alpha, beta = 0.704, 1.182
    expected = np.exp(betaln(alpha, beta + np.arange(11)) - betaln(alpha, beta))
    assert sbg_survival(alpha, beta, 10) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("name", "args"), [("alpha", (0, 1, 3)), ("beta", (1, -1, 3))])
def test_sbg_parameters_must_be_positive(name: str, args: tuple) -> None:
    with pytest.raises(ValueError, match=f"^{name} must be > 0"):
        sbg_retention(*args)
    with pytest.raises(ValueError, match=r"^years must be an integer >= 1"):
        sbg_survival(1, 1, 0)


@pytest.mark.parametrize(
    ("alpha", "beta", "discount"), [(0.704, 1.182, 0.1), (3, 1, 0.08), (2, 9, 0.01)]
)
def test_sbg_lifetime_value_closed_form_is_the_long_sum(alpha, beta, discount) -> None:
    closed = sbg_lifetime_value(100, alpha, beta, discount)
    summed = sbg_lifetime_value(100, alpha, beta, discount, horizon=5000)
    assert closed == pytest.approx(summed, rel=1e-8)


def test_sbg_lifetime_value_without_heterogeneity_is_the_constant_clv() -> None:
    # alpha, beta -> infinity with beta / (alpha + beta) = r: every customer has retention r.
    scale, retention = 1e7, 0.8
    value = sbg_lifetime_value(100, scale * (1 - retention), scale * retention, 0.10)
    assert value == pytest.approx(customer_lifetime_value(100, retention, 0.10), rel=1e-5)


def test_sbg_lifetime_value_short_horizon_by_hand() -> None:
    # Year 1 certain; year 2 with S(1) = beta / (alpha + beta) = 0.5; 10 % discount, CAC 20.
    value = sbg_lifetime_value(100, 1, 1, 0.10, acquisition_cost=20, horizon=2)
    assert value == pytest.approx(100 / 1.1 + 50 / 1.1**2 - 20)


def test_sbg_lifetime_value_needs_a_horizon_when_nothing_converges() -> None:
    with pytest.raises(ValueError, match="alpha must be > 1 when discount_rate is 0"):
        sbg_lifetime_value(100, 0.7, 1.2, 0.0)
    assert sbg_lifetime_value(100, 2, 1, 0.0) == pytest.approx(100 * (2 + 1 - 1) / (2 - 1))


# --- cohort_retention ---------------------------------------------------------------------------


def test_cohort_retention_by_hand() -> None:
    frame = sales(
        [
            ("A", "2021-03-01", 10),
            ("B", "2021-06-01", 10),
            ("C", "2021-07-01", 10),
            ("D", "2021-08-01", 10),
            ("A", "2022-01-05", 10),
            ("B", "2022-02-05", 10),
            ("A", "2023-03-05", 10),
            ("C", "2023-04-05", 10),  # back after a year away
            ("E", "2022-04-05", 10),
            ("E", "2023-04-06", 10),
        ]
    )
    matrix = cohort_retention(frame)
    assert matrix.index.tolist() == [2021, 2022]
    assert matrix.columns.tolist() == [0, 1, 2]
    assert matrix.loc[2021].tolist() == [1.0, 0.5, 0.5]
    assert matrix.loc[2022, 0:1].tolist() == [1.0, 1.0]
    assert np.isnan(matrix.loc[2022, 2])  # not observed yet, not zero
    assert matrix.index.name == "cohort" and matrix.columns.name == "years_since_first"


def test_refunds_are_not_purchases() -> None:
    frame = sales([("A", "2022-03-01", 10), ("A", "2023-01-05", -10), ("B", "2023-02-01", -5)])
    matrix = cohort_retention(frame)
    assert matrix.index.tolist() == [2022]  # B only had a refund: no cohort
    assert matrix.loc[2022, 1] == 0.0


def test_a_year_with_no_new_customer_has_no_row() -> None:
    frame = sales([("A", "2020-03-01", 1), ("A", "2021-03-01", 1), ("B", "2022-03-01", 1)])
    assert cohort_retention(frame).index.tolist() == [2020, 2022]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2024-01-01"])}), "missing"),
        (pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]}), "datetime64"),
        (
            pd.DataFrame(
                {"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]), "amount": ["x"]}
            ),
            "numeric",
        ),
        (
            pd.DataFrame(
                {"customer_id": [None], "date": pd.to_datetime(["2024-01-01"]), "amount": [1.0]}
            ),
            "customer_id and a date",
        ),
        (
            pd.DataFrame(
                {"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]), "amount": [np.inf]}
            ),
            "finite",
        ),
        (
            pd.DataFrame(
                {"customer_id": [1], "date": pd.to_datetime(["2024-01-01"]), "amount": [-1.0]}
            ),
            "at least one purchase",
        ),
        ([1, 2], "DataFrame"),
    ],
)
def test_cohort_retention_rejects_bad_input(frame, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        cohort_retention(frame)
    assert str(error.value).startswith("transactions")


# --- analyse_transactions -------------------------------------------------------------------------


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


# --- properties ---------------------------------------------------------------------------------

transactions = st.lists(
    st.tuples(
        st.integers(0, 25),
        st.dates(pd.Timestamp("2018-01-01").date(), pd.Timestamp("2024-12-31").date()),
        st.floats(-100, 1000, allow_nan=False),
    ),
    min_size=1,
    max_size=80,
).filter(lambda rows: any(amount >= 0 for _, _, amount in rows))


def _frame(rows) -> pd.DataFrame:
    return sales([(f"K{c}", day.isoformat(), amount) for c, day, amount in rows])


@settings(max_examples=100, deadline=None)
@given(transactions)
def test_retention_shares_are_fractions_and_year_zero_is_one(rows) -> None:
    matrix = cohort_retention(_frame(rows))
    values = matrix.to_numpy()
    observed = values[~np.isnan(values)]
    assert ((observed >= 0) & (observed <= 1)).all()
    assert (matrix[0] == 1).all()


@settings(max_examples=30, deadline=None)
@given(transactions, st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rows, random) -> None:
    shuffled = list(rows)
    random.shuffle(shuffled)
    first = analyse_transactions(_frame(rows))
    second = analyse_transactions(_frame(shuffled))
    pd.testing.assert_frame_equal(first.matrix, second.matrix)
    pd.testing.assert_frame_equal(first.by_year, second.by_year, check_exact=False)
    assert first.figures == second.figures


@settings(max_examples=50, deadline=None)
@given(transactions)
def test_renaming_customers_and_repeating_purchases_keep_the_matrix(rows) -> None:
    frame = _frame(rows)
    renamed = frame.assign(customer_id=frame["customer_id"].map(lambda c: f"new-{c}"))
    doubled = pd.concat([frame, frame[frame["amount"] >= 0]], ignore_index=True)
    pd.testing.assert_frame_equal(cohort_retention(frame), cohort_retention(renamed))
    pd.testing.assert_frame_equal(cohort_retention(frame), cohort_retention(doubled))


@settings(max_examples=50, deadline=None)
@given(transactions)
def test_survivors_never_increase_and_measured_survival_falls(rows) -> None:
    report = analyse_transactions(_frame(rows))
    survivors = report.survivors.to_numpy()
    for row in survivors:
        seen = row[~np.isnan(row)]
        assert (np.diff(seen) <= 0).all()
    measured = report.survival["measured"].dropna().to_numpy()
    assert measured[0] == 1 and (np.diff(measured) <= 1e-12).all()
    if report.figures.retention is not None:
        assert 0 <= report.figures.retention <= 1


@settings(max_examples=50, deadline=None)
@given(st.floats(0.05, 20), st.floats(0.05, 20), st.integers(2, 30))
def test_sbg_retention_rises_and_survival_falls(alpha, beta, years) -> None:
    retention = sbg_retention(alpha, beta, years)
    survival = sbg_survival(alpha, beta, years)
    assert ((retention > 0) & (retention < 1)).all()
    assert (np.diff(retention) > 0).all()
    assert survival[0] == 1 and (np.diff(survival) < 0).all()
