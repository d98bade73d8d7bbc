"""Tests for calculators.nps: the Net Promoter Score of 10 promoters, 5 passives and 5 detractors
is 25, its standard error and adjusted Wald interval by hand, bad answers, and coverage."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.nps import EXAMPLE_NPS_COUNTS, net_promoter_score, nps_from_counts


def test_ten_promoters_five_passives_five_detractors_give_nps_25():
    answers = [10] * 6 + [9] * 4 + [8] * 2 + [7] * 3 + [6] * 2 + [3] * 2 + [0]
    result = net_promoter_score(answers)
    assert (result.promoters, result.passives, result.detractors, result.n) == (10, 5, 5, 20)
    assert result.nps == 25
    assert result.shares == (0.5, 0.25, 0.25)


def test_standard_error_and_interval_checked_by_hand():
    result = nps_from_counts(EXAMPLE_NPS_COUNTS)
    # SE = 100 sqrt((0.5 + 0.25 - 0.25^2) / 20) = 100 sqrt(0.034375) = 18.540
    assert result.nps == 25
    assert result.standard_error == pytest.approx(18.540, abs=1e-3)
    # Adjusted Wald: n' = 23, p' = 10.75/23, d' = 5.75/23, c = 5/23 = 0.21739;
    # var = (16.5/23 - c^2) / 23 = 0.029136, half width 1.95996 x 0.17069 = 0.33456.
    assert result.ci_low == pytest.approx(-11.716, abs=1e-2)
    assert result.ci_high == pytest.approx(55.195, abs=1e-2)


def test_scores_as_numpy_array_series_and_whole_floats_are_accepted():
    answers = [9, 10, 7, 0]
    expected = net_promoter_score(answers)
    assert net_promoter_score(np.array(answers)) == expected
    assert net_promoter_score(pd.Series(answers, dtype=float)) == expected
    assert net_promoter_score([9.0, 10.0, 7.0, 0.0]) == expected


def test_all_promoters_still_have_an_interval_below_100():
    result = net_promoter_score([10] * 20)
    assert result.nps == 100
    assert result.standard_error == 0
    assert result.ci_high == 100
    assert 60 < result.ci_low < 100  # the plain Wald interval would be 100 to 100


def test_the_interval_is_symmetric_for_mirrored_answers():
    high = nps_from_counts([0, 0, 0, 0, 0, 0, 3, 0, 4, 0, 13])
    low = nps_from_counts([13, 0, 0, 0, 0, 0, 0, 0, 4, 0, 3])
    assert low.nps == -high.nps
    assert low.ci_low == pytest.approx(-high.ci_high)
    assert low.ci_high == pytest.approx(-high.ci_low)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([9, 11, 7.5, "x", 3], r"bad values \(3 of 5\): 11, 7.5, 'x'"),
        ([-1, 5], r"bad values \(1 of 2\): -1"),
        ([float("nan"), 9], r"bad values \(1 of 2\): nan"),
        ([True, 9], r"bad values \(1 of 2\): True"),
        (["9"], r"bad values \(1 of 1\): '9'"),
        (np.array([1.5, 20.0, 3.0]), r"bad values \(2 of 3\): 1.5, 20"),
        (list(range(11, 30)), r"bad values \(19 of 19\): 11, 12, 13, 14, 15$"),
    ],
)
def test_bad_answers_are_named(answers, message):
    with pytest.raises(ValueError, match=message):
        net_promoter_score(answers)


def test_no_answers_and_wrong_shapes_are_refused():
    with pytest.raises(ValueError, match="at least one answer"):
        net_promoter_score([])
    with pytest.raises(ValueError, match="one-dimensional"):
        net_promoter_score(np.ones((2, 2)))
    with pytest.raises(ValueError, match="sequence of whole numbers"):
        net_promoter_score("9")


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([1] * 10, r"11 counts"),
        ([0] * 11, "at least one answer"),
        ([1] * 10 + [-1], r"counts\[10\] must be an integer >= 0, got -1"),
        ([1.5] + [1] * 10, r"counts\[0\] must be an integer >= 0, got 1.5"),
    ],
)
def test_bad_counts_are_refused(counts, message):
    with pytest.raises(ValueError, match=message):
        nps_from_counts(counts)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    promoters=st.sampled_from([0.1, 0.2, 0.35, 0.5, 0.65, 0.8]),
    detractors=st.sampled_from([0.1, 0.2, 0.35, 0.5]),
    n=st.integers(min_value=40, max_value=300),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_the_95_percent_interval_covers_the_true_nps_about_95_percent_of_the_time(
    promoters, detractors, n, seed
):
    # Simulated surveys of n customers from a known population; fixed seeds, so the test is
    # deterministic (hypothesis is derandomized too). With 400 surveys the observed coverage
    # of a true 95 % interval lies in 0.92-0.98 with overwhelming probability.
    passives = 1 - promoters - detractors
    if passives < 0.05:
        return
    rng = np.random.default_rng(seed)
    true_nps = 100 * (promoters - detractors)
    surveys = rng.multinomial(n, [detractors, passives, promoters], size=400)
    covered = 0
    for low, middle, high in surveys:
        counts = [int(low), 0, 0, 0, 0, 0, 0, int(middle), 0, 0, int(high)]
        result = nps_from_counts(counts)
        covered += result.ci_low <= true_nps <= result.ci_high
    assert 0.90 <= covered / 400 <= 0.99


def test_one_answer_of_10_has_an_interval_that_reaches_100():
    # Adjusted Wald: n' = 4, p' = 1.75/4, d' = 0.75/4, c = 0.25, half width
    # 1.96 x sqrt((0.625 - 0.0625) / 4) = 0.735: -48.5 to 98.5, which misses the NPS of 100.
    result = nps_from_counts([0] * 10 + [1])
    assert result.nps == 100
    assert result.ci_low == pytest.approx(-48.5, abs=0.05)
    assert result.ci_high == 100


def test_two_detractors_have_an_interval_that_reaches_minus_100():
    # n' = 5, d' = 2.75/5, p' = 0.75/5, c = -0.4; half width 1.96 x sqrt((0.7 - 0.16) / 5)
    # = 0.644: -100 (clipped) to 24.4, around an NPS of -100: already contains it.
    result = nps_from_counts([2] + [0] * 10)
    assert result.nps == -100
    assert result.ci_low == -100
    assert result.ci_high == pytest.approx(24.4, abs=0.05)


@settings(max_examples=300, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=40), min_size=11, max_size=11))
def test_the_interval_always_contains_the_score_it_describes(counts):
    if sum(counts) == 0:
        counts[10] = 1
    result = nps_from_counts(counts)
    assert -100 <= result.ci_low <= result.nps <= result.ci_high <= 100
    # Also as the page shows them, rounded to whole points.
    assert round(result.ci_low) <= round(result.nps) <= round(result.ci_high)


@pytest.mark.parametrize(("n", "few"), [(1, True), (29, True), (30, False), (500, False)])
def test_fewer_than_30_answers_are_flagged(n, few):
    result = nps_from_counts([0] * 10 + [n])
    assert result.few_answers is few
    assert result.one_answer_swing == pytest.approx(200 / n)
