"""Tests for calculators.sbg: Fader & Hardie's published fit, curves and values by hand, bad
inputs and properties of the shifted-beta-geometric model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaln

from calculators.clv import customer_lifetime_value
from calculators.sbg import (
    fit_shifted_beta_geometric,
    fit_shifted_beta_geometric_cohorts,
    sbg_lifetime_value,
    sbg_retention,
    sbg_survival,
)
from tests.calculators.rejections import Rejection, rejections

PUBLISHED_SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241]


def expected_survivors(alpha: float, beta: float, start: float, years: int) -> np.ndarray:
    return start * np.exp(betaln(alpha, beta + np.arange(years + 1)) - betaln(alpha, beta))


# --- the shifted-beta-geometric fit ----------------------------------------------------------


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


# --- sBG curves and value --------------------------------------------------------------------


def test_sbg_retention_and_survival_by_hand() -> None:
    assert sbg_retention(1.0, 1.0, 3).tolist() == pytest.approx([1 / 2, 2 / 3, 3 / 4])
    assert sbg_survival(1.0, 1.0, 3).tolist() == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4])


def test_sbg_survival_is_the_beta_function_ratio() -> None:
    alpha, beta = 0.704, 1.182
    expected = np.exp(betaln(alpha, beta + np.arange(11)) - betaln(alpha, beta))
    assert sbg_survival(alpha, beta, 10) == pytest.approx(expected, rel=1e-12)


INVALID = [
    *rejections(
        sbg_retention,
        {"alpha": 1, "beta": 1, "years": 3},
        [
            ({"alpha": 0}, "alpha", " be > 0"),
            ({"beta": -1}, "beta", " be > 0"),
            ({"years": 0}, "years", r" be an integer >= 1"),
        ],
    ),
    *rejections(
        sbg_survival,
        {"alpha": 1, "beta": 1, "years": 3},
        [
            ({"years": 0}, "years", r" be an integer >= 1"),
        ],
    ),
]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()


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


@settings(max_examples=50, deadline=None)
@given(st.floats(0.05, 20), st.floats(0.05, 20), st.integers(2, 30))
def test_sbg_retention_rises_and_survival_falls(alpha, beta, years) -> None:
    retention = sbg_retention(alpha, beta, years)
    survival = sbg_survival(alpha, beta, years)
    assert ((retention > 0) & (retention < 1)).all()
    assert (np.diff(retention) > 0).all()
    assert survival[0] == 1 and (np.diff(survival) < 0).all()
