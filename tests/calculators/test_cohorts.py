"""Tests for calculators.cohorts: the cohort matrix by hand, refunds, bad frames and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from calculators.cohorts import (
    activity_by_year,
    cohort_retention,
    customer_activity,
    survivor_matrix,
)
from tests.calculators.sales import sales, transactions, transactions_frame


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
        # No date (a frame without amounts is fine: visits, `test_cohort_periods.py`).
        (pd.DataFrame({"customer_id": [1], "amount": [1.0]}), "missing"),
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


def test_activity_by_year_counts_the_retained_and_the_returning() -> None:
    frame = sales(
        [
            ("A", "2021-03-01", 10),
            ("B", "2021-06-01", 10),
            ("A", "2022-01-05", 10),
            ("A", "2023-01-05", 10),
            ("B", "2023-02-05", 10),
            ("C", "2023-03-05", -5),
        ]
    )
    by_year = activity_by_year(customer_activity(frame))
    assert by_year["active"].tolist() == [2, 1, 2]
    assert by_year["retained"].tolist() == [0, 1, 1]
    assert by_year["returning"].tolist() == [0, 0, 1]  # B, back after a year away
    assert by_year["revenue"].tolist() == [20, 10, 15]  # C's refund lowers 2023


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(transactions)
def test_retention_shares_are_fractions_and_year_zero_is_one(rows) -> None:
    matrix = cohort_retention(transactions_frame(rows))
    values = matrix.to_numpy()
    observed = values[~np.isnan(values)]
    assert ((observed >= 0) & (observed <= 1)).all()
    assert (matrix[0] == 1).all()


@settings(max_examples=50, deadline=None)
@given(transactions)
def test_renaming_customers_and_repeating_purchases_keep_the_matrix(rows) -> None:
    frame = transactions_frame(rows)
    renamed = frame.assign(customer_id=frame["customer_id"].map(lambda c: f"new-{c}"))
    doubled = pd.concat([frame, frame[frame["amount"] >= 0]], ignore_index=True)
    pd.testing.assert_frame_equal(cohort_retention(frame), cohort_retention(renamed))
    pd.testing.assert_frame_equal(cohort_retention(frame), cohort_retention(doubled))


def test_a_window_keeps_a_customer_who_skips_a_year() -> None:
    frame = sales(
        [
            ("A", "2020-03-01", 10),
            ("B", "2020-04-01", 10),
            ("A", "2022-03-01", 10),  # A skips 2021
            ("B", "2021-04-01", 10),
            ("A", "2023-03-01", 10),
            ("B", "2024-04-01", 10),  # B skips 2022 and 2023
            ("A", "2024-03-01", 10),
        ]
    )
    one = cohort_retention(frame)
    assert one.loc[2020].tolist() == [1.0, 0.5, 0.5, 0.5, 1.0]
    two = cohort_retention(frame, window=2)
    # With 2 years A is a customer in 2021; B, 3 years without buying, is lost in 2022–2023.
    # 2024 is not known (a customer between 2023 and 2025 could still come back).
    assert two.loc[2020].tolist()[:4] == [1.0, 1.0, 0.5, 0.5]
    assert np.isnan(two.loc[2020, 4])
    activity = customer_activity(frame)
    by_year = activity_by_year(activity, window=2)
    assert by_year["customers"].tolist()[1:4] == [2, 1, 1]
    assert by_year["retention"].tolist()[2:4] == [0.5, 1.0]
    # Survivors (the sBG input): B's run ends in 2021 (tenure 1); A's goes on over the 2021 gap.
    assert survivor_matrix(activity, window=2)[0].tolist()[:3] == [2, 2, 1]
    assert survivor_matrix(activity)[0].tolist() == [2, 1, 0, 0, 0]  # 1 year: A lost in 2021


def test_a_window_below_one_is_refused() -> None:
    frame = sales([("A", "2020-03-01", 10)])
    with pytest.raises(ValueError, match=r"^window must be a whole number"):
        cohort_retention(frame, window=0)
