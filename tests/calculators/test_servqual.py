"""Tests for calculators.servqual: the expectations gap checked by hand, weights and bad scores.

The default scenario, by dimension (promised / delivered / perceived, weight):
tangibles 5 / 5 / 5 (1), reliability 6.5 / 5.5 / 5 (3), responsiveness 6 / 5 / 4 (2.5),
assurance 6 / 5.5 / 5.5 (2), empathy 5.5 / 5 / 4.5 (1.5). Weights sum to 10, so normalised
0.10, 0.30, 0.25, 0.20, 0.15.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.servqual import DIMENSIONS, gap_analysis, normalised_weights

PROMISED = [5, 6.5, 6, 6, 5.5]
DELIVERED = [5, 5.5, 5, 5.5, 5]
PERCEIVED = [5, 5, 4, 5.5, 4.5]
WEIGHTS = [1, 3, 2.5, 2, 1.5]


def test_gaps_per_dimension_are_checked_by_hand():
    table = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS).table
    assert table["promise_gap"].tolist() == [0, 1, 1, 0.5, 0.5]
    assert table["perception_gap"].tolist() == [0, 0.5, 1, 0, 0.5]
    assert table["customer_gap"].tolist() == [0, -1.5, -2, -0.5, -1]
    assert table["weight"].tolist() == pytest.approx([0.10, 0.30, 0.25, 0.20, 0.15])
    assert list(table.index) == list(DIMENSIONS)


def test_weighted_gaps_use_weights_normalised_to_one():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS)
    # 0.3 x 1 + 0.25 x 1 + 0.2 x 0.5 + 0.15 x 0.5 = 0.725
    assert gaps.weighted_promise_gap == pytest.approx(0.725)
    # 0.3 x 0.5 + 0.25 x 1 + 0.15 x 0.5 = 0.475
    assert gaps.weighted_perception_gap == pytest.approx(0.475)
    assert gaps.weighted_customer_gap == pytest.approx(-1.2)
    assert not gaps.equal_weights


def test_the_biggest_gap_is_responsiveness_promise_6_perceive_4():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS)
    # Weighted shortfalls: 0, 0.45, 0.5, 0.1, 0.15.
    assert gaps.largest == "responsiveness"
    row = gaps.table.loc["responsiveness"]
    assert (row["promised"], row["perceived"]) == (6, 4)
    # The rules: reliability has the largest weighted promise gap (0.3 x 1 > 0.25 x 1),
    # responsiveness the largest weighted perception gap (0.25 x 1 > 0.3 x 0.5).
    assert gaps.largest_promise_gap == "reliability"
    assert gaps.largest_perception_gap == "responsiveness"


def test_bars_are_sorted_by_weighted_size():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS)
    assert list(gaps.by_weighted_size.index) == [
        "responsiveness",
        "reliability",
        "empathy",
        "assurance",
        "tangibles",
    ]


def test_a_heavy_weight_can_make_a_smaller_gap_the_biggest():
    weights = [1, 1, 1, 1, 10]  # empathy: shortfall 1 x 10/14 beats responsiveness 2 x 1/14
    assert gap_analysis(PROMISED, DELIVERED, PERCEIVED, weights).largest == "empathy"


def test_no_shortfall_means_no_biggest_gap():
    gaps = gap_analysis([4] * 5, [5] * 5, [6] * 5, WEIGHTS)
    assert gaps.largest is None
    assert gaps.largest_promise_gap is None
    assert gaps.largest_perception_gap is None
    assert gaps.weighted_customer_gap == pytest.approx(2)


def test_all_weights_zero_count_the_dimensions_equally_and_say_so():
    gaps = gap_analysis(PROMISED, DELIVERED, PERCEIVED, [0] * 5)
    assert gaps.equal_weights
    assert gaps.table["weight"].tolist() == pytest.approx([0.2] * 5)
    assert gaps.weighted_customer_gap == pytest.approx(-5 / 5)


def test_normalised_weights_refuse_all_zero_and_negative():
    assert normalised_weights([2, 2]).tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="weights must not all be 0"):
        normalised_weights([0, 0, 0])
    with pytest.raises(ValueError, match=r"weights\[1\] must be >= 0, got -1"):
        normalised_weights([1, -1])
    with pytest.raises(ValueError, match="at least one weight"):
        normalised_weights([])


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        (
            "perceived",
            [5, 0.5, 4, 5.5, 4.5],
            r"perceived\[reliability\] must be in \[1, 7\], got 0.5",
        ),
        ("promised", [5, 6.5, 8, 6, 5.5], r"promised\[responsiveness\] must be in \[1, 7\], got 8"),
        ("delivered", [5, 5.5, float("nan"), 5.5, 5], r"delivered\[responsiveness\] must be in"),
    ],
)
def test_scores_outside_the_scale_are_refused_by_name(column, values, message):
    scores = {"promised": PROMISED, "delivered": DELIVERED, "perceived": PERCEIVED, column: values}
    with pytest.raises(ValueError, match=message):
        gap_analysis(scores["promised"], scores["delivered"], scores["perceived"], WEIGHTS)


def test_lengths_must_match_the_dimensions():
    with pytest.raises(
        ValueError, match=r"perceived must have one score per dimension \(5\), got 4"
    ):
        gap_analysis(PROMISED, DELIVERED, PERCEIVED[:4], WEIGHTS)
    with pytest.raises(ValueError, match=r"weights must have one weight per dimension"):
        gap_analysis(PROMISED, DELIVERED, PERCEIVED, WEIGHTS[:2])


scores = st.floats(min_value=1, max_value=7)
five_scores = st.lists(scores, min_size=5, max_size=5)
five_weights = st.lists(st.floats(min_value=0, max_value=10), min_size=5, max_size=5)


@settings(max_examples=100)
@given(five_scores, five_scores, five_scores, five_weights, st.floats(min_value=0.1, max_value=10))
def test_customer_gap_is_minus_promise_plus_perception_and_scale_free(
    promised, delivered, perceived, weights, factor
):
    gaps = gap_analysis(promised, delivered, perceived, weights)
    table = gaps.table
    assert np.allclose(table["customer_gap"], -(table["promise_gap"] + table["perception_gap"]))
    assert math.isclose(
        gaps.weighted_customer_gap,
        -(gaps.weighted_promise_gap + gaps.weighted_perception_gap),
        abs_tol=1e-9,
    )
    assert table["weight"].sum() == pytest.approx(1)
    scaled = gap_analysis(promised, delivered, perceived, [w * factor for w in weights])
    assert scaled.weighted_customer_gap == pytest.approx(gaps.weighted_customer_gap, abs=1e-9)
