"""Tests for calculators.firm: the firm's customers and profit by hand (today's customers plus a
cohort a year), against the sum over cohorts and the leaky bucket, and its steady state."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.clv import cohort_value
from calculators.firm import firm_profit_by_year, firm_profit_path, firm_steady_state
from tests.calculators.rejections import Rejection, rejections

retentions = st.floats(min_value=0.0, max_value=0.99)
margin_lists = st.lists(st.floats(min_value=-1000.0, max_value=10_000.0), min_size=1, max_size=12)
positive_margin_lists = st.lists(
    st.floats(min_value=0.0, max_value=10_000.0), min_size=1, max_size=12
)


# --- firm_profit_path ------------------------------------------------------------------------


def test_firm_profit_year_one_is_new_customers_times_margin_minus_acquisition() -> None:
    path = firm_profit_path(1000, 0.9, [100], 60, 10)
    assert path.loc[1, "customers"] == 1000
    assert path.loc[1, "profit"] == pytest.approx(40_000)


def test_the_owners_firm_starts_from_todays_customers() -> None:
    # The app's defaults: 1,000 customers today at 300 a year, 150 new a year at 250 each,
    # 80 % retention. Year 1: 800 of today's customers stay and 150 arrive, all earning 300.
    path = firm_profit_path(150, 0.8, [300], 250, 10, active_customers=1000, active_margin=300)
    assert path.loc[1, "customers"] == pytest.approx(950)
    assert path.loc[1, "existing"] == pytest.approx(800)
    assert path.loc[1, "profit"] == pytest.approx(950 * 300 - 150 * 250)  # 247,500
    # Year 10: 1,000 × 0.8^10 + 150 × (1 − 0.8^10) / 0.2 = 776.8, not 669 (new customers only).
    assert path.loc[10, "customers"] == pytest.approx(1000 * 0.8**10 + 150 * (1 - 0.8**10) / 0.2)
    assert round(path.loc[10, "customers"]) == 777


def test_todays_customers_earn_their_own_flat_margin() -> None:
    # 100 today at 500 a year, nobody new, half stay: 50 × 500, then 25 × 500.
    path = firm_profit_path(0, 0.5, [100, 200], 60, 2, active_customers=100, active_margin=500)
    assert path["profit"].tolist() == pytest.approx([25_000, 12_500])


def test_firm_profit_path_shape() -> None:
    path = firm_profit_path(1000, 0.9, [100], 60, 7)
    assert list(path.columns) == ["customers", "existing", "profit"]
    assert path.index.tolist() == list(range(1, 8))
    assert path.index.name == "year"


def test_firm_profit_path_with_tenure_margins_by_hand() -> None:
    # Year 2: 1,000 new (tenure 1, margin 100) + 500 from year 1 (tenure 2, margin 200).
    path = firm_profit_path(1000, 0.5, [100, 200], 60, 3)
    assert path.loc[2, "customers"] == pytest.approx(1500)
    assert path.loc[2, "profit"] == pytest.approx(100_000 + 100_000 - 60_000)
    # Year 3: + 250 in tenure 3, still at 200.
    assert path.loc[3, "customers"] == pytest.approx(1750)
    assert path.loc[3, "profit"] == pytest.approx(100_000 + 100_000 + 50_000 - 60_000)


@settings(max_examples=100)
@given(
    st.floats(min_value=0, max_value=10_000),
    st.floats(min_value=0.0, max_value=1.0),
    margin_lists,
    st.floats(min_value=0, max_value=1000),
    st.integers(min_value=1, max_value=50),
)
def test_firm_profit_path_equals_the_sum_over_cohorts(
    new: float, retention: float, margins: list[float], cac: float, years: int
) -> None:
    path = firm_profit_path(new, retention, margins, cac, years)
    for year in {1, years // 2 + 1, years}:
        alive = [new * retention**age for age in range(year)]
        tenure_margin = [margins[min(age + 1, len(margins)) - 1] for age in range(year)]
        profit = sum(a * m for a, m in zip(alive, tenure_margin, strict=True)) - new * cac
        assert path.loc[year, "customers"] == pytest.approx(sum(alive), rel=1e-9, abs=1e-9)
        scale = max(1.0, new * (sum(abs(m) for m in margins) + cac) * year)
        assert path.loc[year, "profit"] == pytest.approx(profit, rel=1e-9, abs=1e-9 * scale)


@settings(max_examples=100)
@given(
    st.floats(min_value=0, max_value=1_000_000),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0, max_value=100_000),
    st.integers(min_value=1, max_value=50),
)
def test_firm_customers_are_the_leaky_bucket(
    active: float, retention: float, new: float, years: int
) -> None:
    path = firm_profit_path(new, retention, [100], 0, years, active_customers=active)
    bucket = [active]
    for _ in range(years):
        bucket.append(bucket[-1] * retention + new)  # N_{y+1} = N_y · r + A
    assert path["customers"].tolist() == pytest.approx(bucket[1:], rel=1e-9, abs=1e-6)


@settings(max_examples=100)
@given(
    st.floats(min_value=0, max_value=10_000),
    st.floats(min_value=0.0, max_value=1.0),
    margin_lists,
    st.floats(min_value=0, max_value=1000),
    st.integers(min_value=1, max_value=30),
    st.floats(min_value=0, max_value=100_000),
    st.floats(min_value=-1000, max_value=10_000),
)
def test_todays_customers_add_their_margin_to_the_new_firm(
    new: float,
    retention: float,
    margins: list[float],
    cac: float,
    years: int,
    active: float,
    active_margin: float,
) -> None:
    from_zero = firm_profit_path(new, retention, margins, cac, years)
    owners = firm_profit_path(
        new, retention, margins, cac, years, active_customers=active, active_margin=active_margin
    )
    for year in range(1, years + 1):
        existing = active * retention**year
        scale = max(1.0, abs(existing * active_margin), new * (sum(map(abs, margins)) + cac) * year)
        assert owners.loc[year, "profit"] == pytest.approx(
            from_zero.loc[year, "profit"] + existing * active_margin, abs=1e-9 * scale
        )


def test_profit_by_year_is_the_path_as_arrays() -> None:
    customers, profit = firm_profit_by_year(1000, 0.5, [100, 200], 60, 3)
    path = firm_profit_path(1000, 0.5, [100, 200], 60, 3)
    assert customers.tolist() == path["customers"].tolist()
    assert profit.tolist() == path["profit"].tolist()


# --- firm_steady_state -----------------------------------------------------------------------


def test_steady_state_by_hand() -> None:
    state = firm_steady_state(1000, 0.9, [100], 60)
    assert state.customers == pytest.approx(10_000)
    assert state.profit == pytest.approx(1000 * (100 / 0.1 - 60))


@settings(max_examples=150)
@given(
    st.floats(min_value=0, max_value=10_000),
    retentions,
    margin_lists,
    st.floats(min_value=0, max_value=1000),
)
def test_steady_state_is_new_customers_times_the_undiscounted_clv(
    new: float, retention: float, margins: list[float], cac: float
) -> None:
    state = firm_steady_state(new, retention, margins, cac)
    undiscounted_clv = cohort_value(margins, retention, 0.0, cac)
    assert state.profit == pytest.approx(new * undiscounted_clv, rel=1e-12, abs=1e-9)
    assert state.customers == pytest.approx(new / (1 - retention))


@settings(max_examples=50)
@given(
    st.floats(min_value=1, max_value=10_000),
    st.floats(min_value=0.0, max_value=0.9),
    positive_margin_lists,
    st.floats(min_value=0, max_value=1000),
)
def test_the_path_converges_to_the_steady_state(
    new: float, retention: float, margins: list[float], cac: float
) -> None:
    last = firm_profit_path(new, retention, margins, cac, 500).iloc[-1]
    state = firm_steady_state(new, retention, margins, cac)
    scale = new * (max(margins) + cac) / (1 - retention)
    assert last["profit"] == pytest.approx(state.profit, abs=1e-9 * scale)
    assert last["customers"] == pytest.approx(state.customers, rel=1e-9)


# --- invalid inputs --------------------------------------------------------------------------


INVALID = [
    *rejections(
        firm_profit_path,
        {
            "new_customers_per_year": 100,
            "retention": 0.8,
            "margins_by_tenure": [100],
            "acquisition_cost": 50,
            "years": 10,
        },
        [
            ({"new_customers_per_year": -1}, "new_customers_per_year"),
            ({"retention": 1.1}, "retention"),
            ({"acquisition_cost": -5}, "acquisition_cost"),
            ({"years": 0}, "years"),
            ({"margins_by_tenure": []}, "margins_by_tenure"),
            ({"active_customers": -1}, "active_customers"),
            ({"active_margin": float("nan")}, "active_margin"),
        ],
    ),
    *rejections(
        firm_steady_state,
        {
            "new_customers_per_year": 100,
            "retention": 0.8,
            "margins_by_tenure": [100],
            "acquisition_cost": 10,
        },
        # The firm never levels off when nobody leaves.
        [({"retention": 1.0}, "retention", r" be in \[0, 1\)")],
    ),
]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
    case.check()
