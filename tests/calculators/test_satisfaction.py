"""Tests for calculators.satisfaction: retention by satisfaction group by hand (30 % rate 5/5,
50 % rate 4/5, 6x, overall 80 %), the groups keeping the overall retention, and the value of
moving customers from 4/5 to 5/5."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators.satisfaction import satisfaction_link, satisfaction_retention
from tests.calculators.rejections import Rejection, rejections

shares = st.floats(min_value=0.0, max_value=1.0)


def test_satisfaction_retention_by_hand() -> None:
    # 30 % rate 5, 50 % rate 4, 6x, overall 80 %: d5 = 0.8 * 0.2 / (0.3 + 0.5 * 6) = 0.04848.
    groups = satisfaction_retention(0.8, 0.3, 0.5, 6)
    assert groups.extremely_satisfied == pytest.approx(1 - 0.16 / 3.3)
    assert groups.satisfied == pytest.approx(1 - 6 * 0.16 / 3.3)
    assert groups.others == 0.8
    assert not groups.capped


@settings(max_examples=150)
@given(st.floats(0.0, 1.0), shares, shares, st.floats(1.0, 100.0))
# Rounding put a rate a hair outside [0, 1] here once.
@example(retention=0.0, extremely=0.001, satisfied=0.5, ratio=2.0)
@example(retention=0.0, extremely=0.0, satisfied=0.4608110340226931, ratio=35.3515625)
def test_satisfaction_groups_keep_the_overall_retention(
    retention: float, extremely: float, satisfied: float, ratio: float
) -> None:
    assume(extremely + satisfied <= 1)
    groups = satisfaction_retention(retention, extremely, satisfied, ratio)
    others = 1 - extremely - satisfied
    average = (
        extremely * groups.extremely_satisfied + satisfied * groups.satisfied + others * retention
    )
    assert average == pytest.approx(retention, abs=1e-9)
    assert -1e-12 <= groups.satisfied <= groups.extremely_satisfied <= 1 + 1e-12
    if not groups.capped and extremely + satisfied > 0:
        assert 1 - groups.satisfied == pytest.approx(
            ratio * (1 - groups.extremely_satisfied), abs=1e-9
        )


def test_satisfaction_with_very_low_retention_caps_the_satisfied_defection() -> None:
    groups = satisfaction_retention(0.0, 0.3, 0.5, 6)
    assert groups.capped
    assert groups.satisfied == 0.0
    assert groups.extremely_satisfied == pytest.approx(0.0)


def test_satisfaction_with_ratio_one_or_nobody_satisfied_is_the_overall_retention() -> None:
    assert satisfaction_retention(0.8, 0.3, 0.5, 1).satisfied == pytest.approx(0.8)
    assert satisfaction_retention(0.8, 0.3, 0.5, 1).extremely_satisfied == pytest.approx(0.8)
    none = satisfaction_retention(0.8, 0.0, 0.0, 6)
    assert (none.extremely_satisfied, none.satisfied) == (0.8, 0.8)


def test_defection_ratio_is_the_repurchase_ratio_unless_capped() -> None:
    assert satisfaction_retention(0.8, 0.3, 0.5, 6).defection_ratio == pytest.approx(6)
    # Capped: the 4/5 customers all leave, the 5/5 ones leave (0.8 - 0.5) / 0.3 = 100 % too.
    capped = satisfaction_retention(0.0, 0.3, 0.5, 6)
    assert capped.capped and capped.defection_ratio == pytest.approx(1)


def test_no_defection_ratio_when_no_delighted_customer_leaves() -> None:
    assert satisfaction_retention(1.0, 0.3, 0.5, 6).defection_ratio is None


INVALID = rejections(
    satisfaction_retention,
    {
        "retention": 0.8,
        "share_extremely_satisfied": 0.3,
        "share_satisfied": 0.5,
        "repurchase_ratio": 6,
    },
    [
        # The two shares together above 100 % are refused on the satisfied one.
        ({"share_extremely_satisfied": 0.6}, "share_satisfied"),
        ({"retention": 1.5}, "retention"),
        ({"repurchase_ratio": 0.5}, "repurchase_ratio"),
    ],
)


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()


def test_satisfaction_link_by_hand() -> None:
    # One year, undiscounted, margin 300: a customer is worth 300 whatever their retention.
    link = satisfaction_link([300], 0.8, 0.0, 0.3, 0.5, 6, 1000, 0.05, horizon=2)
    gap = link.retention.extremely_satisfied - link.retention.satisfied  # 5 * 0.16 / 3.3
    assert gap == pytest.approx(0.8 / 3.3)
    assert link.value_per_customer_moved == pytest.approx(300 * gap)
    assert link.shift == 0.1
    assert link.retention_after_shift == pytest.approx(0.8 + 0.1 * gap)
    assert link.value_of_shift == pytest.approx(1000 * 0.1 * 300 * gap)
    assert link.share_needed == pytest.approx(0.05 * 3.3 / 0.8)  # 20.6 %
    assert link.share_needed_feasible


def test_satisfaction_link_when_too_few_are_satisfied_or_nothing_changes() -> None:
    few = satisfaction_link([300], 0.8, 0.08, 0.3, 0.05, 6, 1000, 0.05, horizon=20)
    assert few.shift == 0.05  # only 5 % rate 4
    assert not few.share_needed_feasible
    equal = satisfaction_link([300], 0.8, 0.08, 0.3, 0.5, 1, 1000, 0.05, horizon=20)
    assert equal.share_needed is None
    assert equal.value_per_customer_moved == pytest.approx(0.0)
