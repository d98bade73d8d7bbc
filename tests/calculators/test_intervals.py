"""Tests for calculators.intervals: a mean's t-interval by hand, missing values, and coverage."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.intervals import enclosing, mean_interval


def test_mean_interval_checked_by_hand():
    result = mean_interval([-1, -2, 0, -1])
    # s = sqrt(2/3) = 0.8165, t(0.975, 3) = 3.1824, half width = 3.1824 x 0.8165 / 2 = 1.2992
    assert result.n == 4
    assert result.mean == -1
    assert result.low == pytest.approx(-2.2992, abs=1e-4)
    assert result.high == pytest.approx(0.2992, abs=1e-4)


def test_mean_interval_skips_missing_and_has_no_width_from_one_answer():
    assert mean_interval([2, float("nan"), 4]).n == 2
    single = mean_interval([3.0])
    assert single.mean == 3 and math.isnan(single.low) and math.isnan(single.high)
    constant = mean_interval([2, 2, 2])
    assert (constant.low, constant.high) == (2, 2)
    with pytest.raises(ValueError, match="at least one number"):
        mean_interval([float("nan")])
    with pytest.raises(ValueError, match="finite"):
        mean_interval([1, float("inf")])
    with pytest.raises(ValueError, match=r"confidence must be in \(0, 1\)"):
        mean_interval([1, 2], confidence=1)


@settings(max_examples=20, derandomize=True, deadline=None)
@given(n=st.integers(min_value=3, max_value=60), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_the_t_interval_covers_the_true_mean_about_95_percent_of_the_time(n, seed):
    rng = np.random.default_rng(seed)
    samples = rng.normal(-0.8, 1.3, size=(400, n))
    covered = 0
    for sample in samples:
        result = mean_interval(sample)
        covered += result.low <= -0.8 <= result.high
    assert 0.91 <= covered / 400 <= 0.99


def test_an_interval_that_misses_its_estimate_is_widened_to_it():
    assert enclosing(100.0, -48.5, 98.5) == (-48.5, 100.0)
    assert enclosing(-100.0, -98.5, 48.5) == (-100.0, 48.5)
    assert enclosing(25.0, -11.7, 55.2) == (-11.7, 55.2)


@pytest.mark.parametrize(
    ("estimate", "low", "high", "message"),
    [
        (math.nan, 0.0, 1.0, "estimate must be a finite number"),
        (0.5, -math.inf, 1.0, "low must be a finite number"),
        (0.5, 2.0, 1.0, "low must be <= high"),
    ],
)
def test_enclosing_refuses_bad_intervals(estimate, low, high, message):
    with pytest.raises(ValueError, match=message):
        enclosing(estimate, low, high)


@settings(max_examples=200, deadline=None)
@given(
    estimate=st.floats(min_value=-1e6, max_value=1e6),
    low=st.floats(min_value=-1e6, max_value=1e6),
    width=st.floats(min_value=0, max_value=1e6),
)
def test_the_widened_interval_contains_the_estimate_and_the_original(estimate, low, width):
    high = low + width
    new_low, new_high = enclosing(estimate, low, high)
    assert new_low <= estimate <= new_high
    assert new_low <= low and high <= new_high
