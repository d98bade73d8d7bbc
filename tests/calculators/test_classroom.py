"""Tests for calculators.classroom: a participant's answer and its rules, their figures, the class.

Expected figures are computed here from the formulas (DESIGN.md section 5), not with the module's
helpers: customers lost = N (1 - r), margin lost = customers lost x m, replacement cost =
customers lost x CAC, CLV = m / (1 + i - r); quartiles by linear interpolation, checked against
``statistics.quantiles(method="inclusive")``.
"""

from __future__ import annotations

import json
import math
import statistics
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators.classroom import (
    ANSWER_FIELD_NAMES,
    ANSWER_FIELDS,
    MIN_ACTIVE_FOR_LOST,
    SECTORS,
    AnswerError,
    ClassAnswer,
    class_median_values,
    class_summary,
    parse_answer,
    participant_figures,
    spread,
)
from calculators.reports.overview import overview_report
from calculators.scenario import (
    FIELDS,
    MAX_RETENTION,
    FieldIssueKind,
    Scenario,
    apply_values,
    default_scenario,
)
from tests.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]
SAME: dict[str, Any] = {"rel": 1e-9, "abs": 1e-6}
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DISCOUNT = 0.08  # the default scenario's discount rate, used by the hand checks


def values(**changes: Any) -> dict[str, Any]:
    """A valid answer's values (1,000 customers, 200 lost), with `changes`; None removes a key."""
    base: dict[str, Any] = {
        "sector": "retail_shop",
        "active_customers": 1000,
        "lost_customers": 200,
        "acquisition_cost": 250,
        "margin_per_customer": 300,
        "complain_per_100": 20,
        "people_told": 5,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def issues_of(answer_values: Any) -> list[tuple[str, str]]:
    with pytest.raises(AnswerError) as caught:
        parse_answer(answer_values)
    return [(issue.path, issue.kind) for issue in caught.value.issues]


# --- The fields follow the scenario's own rules ---------------------------------------------


def test_answer_fields_take_their_bounds_from_the_scenario_fields() -> None:
    for name, path in [
        ("active_customers", "business.active_customers"),
        ("lost_customers", "business.active_customers"),
        ("retention", "business.retention"),
        ("acquisition_cost", "business.acquisition_cost"),
        ("people_told", "word_of_mouth.tell_negative"),
    ]:
        spec, scenario_spec = ANSWER_FIELDS[name], FIELDS[path]  # type: ignore[index]
        assert (spec.low, spec.high, spec.kind) == (
            scenario_spec.low,
            scenario_spec.high,
            scenario_spec.kind,
        ), name
        assert spec.path == name
    assert ANSWER_FIELDS["retention"].high == MAX_RETENTION
    revenue, gross = FIELDS["business.revenue_per_customer"], FIELDS["business.gross_margin"]
    assert ANSWER_FIELDS["margin_per_customer"].low == 0
    assert ANSWER_FIELDS["margin_per_customer"].high == revenue.high * gross.high  # type: ignore[operator]
    complain = ANSWER_FIELDS["complain_per_100"]
    assert (complain.low, complain.high) == (0, 100)
    assert ANSWER_FIELDS["sector"].choices == SECTORS
    assert set(ANSWER_FIELDS) == set(ANSWER_FIELD_NAMES)


def test_every_preset_sector_is_a_sector() -> None:
    presets = {path.stem for path in (ROOT / "assets" / "presets").glob("*.yaml")}
    assert presets and presets <= set(SECTORS)


def test_a_retention_of_99_percent_is_accepted_and_100_percent_refused_like_the_scenario() -> None:
    assert parse_answer(values(lost_customers=None, retention=0.99)).retention == 0.99
    assert issues_of(values(lost_customers=None, retention=1.0)) == [("retention", "range")]
    _, scenario_issues = apply_values(default_scenario(), {"business.retention": 1.0})
    assert [issue.kind for issue in scenario_issues] == ["range"]


@pytest.mark.parametrize(
    ("field", "bad", "kind"),
    [
        ("active_customers", True, "number"),
        ("active_customers", "12.5", "whole"),
        ("active_customers", 12.5, "whole"),
        ("active_customers", -1, "range"),
        ("active_customers", 10_000_001, "range"),
        ("active_customers", 10**400, "range"),
        ("active_customers", float("nan"), "range"),
        ("active_customers", "lots", "number"),
        ("active_customers", "", "number"),
        ("active_customers", None, "number"),
        ("active_customers", b"12", "number"),
        ("active_customers", [12], "number"),
        ("acquisition_cost", float("inf"), "range"),
        ("acquisition_cost", -float("inf"), "range"),
        ("acquisition_cost", "1e999", "range"),
        ("acquisition_cost", "nan", "number"),
        ("acquisition_cost", "١٢", "number"),  # digits of another script
        ("acquisition_cost", Decimal("NaN"), "range"),
        ("acquisition_cost", Decimal("sNaN"), "range"),
        ("acquisition_cost", Fraction(10**400, 1), "range"),
        ("acquisition_cost", np.bool_(True), "number"),
        ("margin_per_customer", -0.01, "range"),
        ("margin_per_customer", 100_000_000.01, "range"),
        ("complain_per_100", 100.5, "range"),
        ("complain_per_100", False, "number"),
        ("people_told", 1001, "range"),
        ("people_told", {"a": 1}, "number"),
        ("sector", "bakery", "choice"),
        ("sector", None, "choice"),
        ("sector", 3, "choice"),
    ],
)
def test_a_bad_value_is_reported_on_its_field_with_the_scenarios_kind(
    field: str, bad: Any, kind: str
) -> None:
    assert issues_of(values(**{field: bad}) | {field: bad}) == [(field, kind)]


def test_a_refused_value_carries_the_bounds_the_message_shows() -> None:
    with pytest.raises(AnswerError) as caught:
        parse_answer(values(acquisition_cost=-5))
    issue = caught.value.issues[0]
    assert (issue.value, issue.low, issue.high) == (-5, 0, 100_000_000)


def test_numbers_may_come_as_text_and_as_numpy_or_decimal_numbers() -> None:
    answer = parse_answer(
        values(
            active_customers=" 1000 ",
            lost_customers=np.int64(200),
            acquisition_cost=Decimal("250"),
            margin_per_customer="3e2",
            complain_per_100=np.float32(20),
            people_told=Fraction(5),
        )
    )
    assert answer == parse_answer(values())
    assert type(answer.active_customers) is int and type(answer.lost_customers) is int
    assert type(answer.acquisition_cost) is float


def test_customers_lost_above_active_customers_are_out_of_their_range() -> None:
    with pytest.raises(AnswerError) as caught:
        parse_answer(values(active_customers=100, lost_customers=101))
    [issue] = caught.value.issues
    assert (issue.path, issue.kind, issue.low, issue.high) == ("lost_customers", "range", 0, 100)
    assert parse_answer(values(active_customers=100, lost_customers=100)).retention == 0


def test_customers_lost_need_active_customers_a_stated_retention_does_not() -> None:
    with pytest.raises(AnswerError) as caught:
        parse_answer(values(active_customers=0, lost_customers=0))
    [issue] = caught.value.issues
    assert (issue.path, issue.kind, issue.low) == ("active_customers", "range", MIN_ACTIVE_FOR_LOST)
    answer = parse_answer(values(active_customers=0, lost_customers=None, retention=0.7))
    figures = participant_figures(answer, default_scenario())
    assert (figures.customers_lost, figures.margin_lost, figures.replacement_cost) == (0, 0, 0)
    assert figures.clv == pytest.approx(300 / (1 + DISCOUNT - 0.7))


def test_lost_customers_and_retention_are_alternatives() -> None:
    assert issues_of(values(retention=0.8)) == [("lost_customers", "lost_and_retention")]
    # Neither: "enter a number" on the one the form sent (blank), retention otherwise.
    assert issues_of(values(lost_customers=None)) == [("retention", "number")]
    assert issues_of(values(lost_customers="")) == [("lost_customers", "number")]
    assert issues_of(values(lost_customers="", retention=" ")) == [("retention", "number")]
    # A blank alternative beside a given one is not "both".
    assert parse_answer(values(retention="")).lost_customers == 200


def test_unknown_keys_and_a_non_mapping_are_reported_not_dropped() -> None:
    assert issues_of(values(name="Bottega")) == [("name", "unknown")]
    assert issues_of(["not", "a", "mapping"]) == [("", "unknown")]


def test_every_issue_kind_is_a_scenario_issue_kind() -> None:
    kinds = set(get_args(FieldIssueKind))
    assert {"range", "number", "whole", "choice", "unknown", "lost_and_retention"} <= kinds


def test_every_bad_field_is_reported_at_once() -> None:
    bad = values(sector="x", active_customers=-1, acquisition_cost="?", people_told=float("nan"))
    assert issues_of(bad) == [
        ("sector", "choice"),
        ("active_customers", "range"),
        ("acquisition_cost", "number"),
        ("people_told", "range"),
    ]


def test_an_answer_built_directly_is_validated_and_normalised() -> None:
    fields = parse_answer(values()).to_values()
    with pytest.raises(AnswerError):
        ClassAnswer(**{**fields, "active_customers": -1})
    with pytest.raises(AnswerError):
        ClassAnswer(**{**fields, "stated_retention": 0.8})
    answer = ClassAnswer(**{**fields, "active_customers": 1000.0, "people_told": 0.1234567891234})
    assert type(answer.active_customers) is int
    assert answer.people_told == 0.123456789


def test_an_error_is_a_value_error_listing_the_fields() -> None:
    with pytest.raises(ValueError, match=r"^invalid class answer: range \(acquisition_cost\)$"):
        parse_answer(values(acquisition_cost=-1))


# --- Retention from customers lost ---------------------------------------------------------


def test_200_lost_of_1000_is_exactly_the_stated_retention_of_80_percent() -> None:
    from_lost = parse_answer(values(active_customers=1000, lost_customers=200))
    stated = parse_answer(values(active_customers=1000, lost_customers=None, retention=0.8))
    assert from_lost.retention == 0.8 == stated.retention
    scenario = default_scenario()
    assert participant_figures(from_lost, scenario) == participant_figures(stated, scenario)


@PROPERTY
@given(st.integers(1, 10_000_000), st.data())
def test_retention_from_lost_is_the_share_kept(active: int, data: st.DataObject) -> None:
    lost = data.draw(st.integers(0, active))
    answer = parse_answer(values(active_customers=active, lost_customers=lost))
    assert answer.retention == pytest.approx((active - lost) / active, abs=1e-9)
    assert 0 <= answer.retention <= 1


def test_nobody_lost_is_100_percent_retention_with_the_lifetime_valued_at_the_cap() -> None:
    answer = parse_answer(values(active_customers=20, lost_customers=0))
    figures = participant_figures(answer, default_scenario())
    assert figures.retention == 1.0
    assert figures.clv_retention == MAX_RETENTION and figures.clv_capped
    assert (figures.customers_lost, figures.margin_lost, figures.replacement_cost) == (0, 0, 0)
    assert figures.clv == pytest.approx(300 / (1 + DISCOUNT - 0.99))


# --- One participant's figures ---------------------------------------------------------------

# Three participants, checked by hand at the default 8 % discount rate.
CLASS = [
    values(),  # 1,000 customers, 200 lost: r = 0.8; m = 300, CAC = 250
    values(
        sector="b2b_saas",
        active_customers=120,
        lost_customers=None,
        retention=0.9,
        acquisition_cost=900,
        margin_per_customer=2400,
        complain_per_100=2,
        people_told=9,
    ),
    values(
        sector="ecommerce",
        active_customers=5000,
        lost_customers=2500,
        acquisition_cost=40,
        margin_per_customer=60,
        complain_per_100=4,
        people_told=15,
    ),
]
# (retention, customers lost, margin lost, replacement cost, CLV, CLV / CAC)
BY_HAND = [
    (0.8, 200, 200 * 300, 200 * 250, 300 / 0.28, 300 / 0.28 / 250),
    (0.9, 12, 12 * 2400, 12 * 900, 2400 / 0.18, 2400 / 0.18 / 900),
    (0.5, 2500, 2500 * 60, 2500 * 40, 60 / 0.58, 60 / 0.58 / 40),
]


@pytest.mark.parametrize(("answer_values", "expected"), list(zip(CLASS, BY_HAND, strict=True)))
def test_participant_figures_by_hand(
    answer_values: dict[str, Any], expected: tuple[float, ...]
) -> None:
    figures = participant_figures(parse_answer(answer_values), default_scenario())
    retention, lost, margin_lost, replacement, clv, ratio = expected
    assert figures.retention == retention
    assert figures.customers_lost == pytest.approx(lost)
    assert figures.margin_lost == pytest.approx(margin_lost)
    assert figures.replacement_cost == pytest.approx(replacement)
    assert figures.clv == pytest.approx(clv)
    assert figures.ltv_to_cac == pytest.approx(ratio)
    assert not figures.clv_capped


def test_the_rooms_discount_rate_values_the_lifetime() -> None:
    scenario, _ = apply_values(default_scenario(), {"business.discount_rate": 0.2})
    figures = participant_figures(parse_answer(values()), scenario)
    assert figures.clv == pytest.approx(300 / (1 + 0.2 - 0.8))


def test_no_acquisition_cost_has_no_ltv_to_cac_ratio() -> None:
    figures = participant_figures(parse_answer(values(acquisition_cost=0)), default_scenario())
    assert figures.ltv_to_cac is None and figures.replacement_cost == 0


answers_values = st.fixed_dictionaries(
    {
        "sector": st.sampled_from(SECTORS),
        "active_customers": st.integers(1, 10_000_000),
        "acquisition_cost": st.floats(0, 100_000_000),
        "margin_per_customer": st.floats(0, 100_000_000),
        "complain_per_100": st.floats(0, 100),
        "people_told": st.floats(0, 1000),
    }
)


@st.composite
def answers(draw: st.DrawFn) -> ClassAnswer:
    """Valid answers, with customers lost or with a stated retention."""
    drawn: dict[str, Any] = draw(answers_values)
    if draw(st.booleans()):
        drawn["lost_customers"] = draw(st.integers(0, drawn["active_customers"]))
    else:
        drawn["retention"] = draw(st.floats(0, MAX_RETENTION))
    return parse_answer(drawn)


@PROPERTY
@given(answers(), st.floats(0, 0.5))
def test_participant_figures_are_the_overviews_for_the_same_business(
    answer: ClassAnswer, discount_rate: float
) -> None:
    # A scenario whose Overview has this participant's business: revenue = margin at 100 %.
    retention = min(answer.retention, MAX_RETENTION)
    scenario, issues = apply_values(
        default_scenario(),
        {
            "business.active_customers": answer.active_customers,
            "business.retention": retention,
            "business.acquisition_cost": answer.acquisition_cost,
            "business.revenue_per_customer": answer.margin_per_customer,
            "business.gross_margin": 1.0,
            "business.discount_rate": discount_rate,
        },
    )
    assert issues == []
    report = overview_report(scenario)
    figures = participant_figures(answer, scenario)
    assert figures.margin_per_customer == report.margin_per_customer
    assert figures.clv == report.clv
    assert figures.ltv_to_cac == report.ltv_to_cac
    if answer.retention <= MAX_RETENTION:  # above it the Overview cannot hold this business
        assert figures.customers_lost == report.customers_lost
        assert figures.margin_lost == report.margin_lost
        assert figures.replacement_cost == report.replacement_cost


# --- Spreads ---------------------------------------------------------------------------------


def test_spread_of_nothing_invents_nothing() -> None:
    empty = spread([])
    assert empty.values == () and empty.count == 0 and empty.total == 0
    assert (empty.median, empty.lower_quartile, empty.upper_quartile) == (None, None, None)
    assert (empty.minimum, empty.maximum) == (None, None)


def test_spread_of_one_value_is_that_value() -> None:
    one = spread([0.7])
    assert (one.median, one.lower_quartile, one.upper_quartile) == (0.7, 0.7, 0.7)
    assert (one.minimum, one.maximum, one.values) == (0.7, 0.7, (0.7,))


def test_spread_of_an_even_count_by_hand() -> None:
    # Sorted 10, 20, 30, 40: the median halfway between 20 and 30; Q1 at rank 0.75 (between 10
    # and 20), Q3 at rank 2.25 (between 30 and 40).
    four = spread([40, 10, 30, 20])
    assert four.median == 25
    assert four.lower_quartile == pytest.approx(10 + 0.75 * 10)
    assert four.upper_quartile == pytest.approx(30 + 0.25 * 10)
    assert four.values == (40, 10, 30, 20)  # the answers' order, for the chart
    assert four.total == 100


finite = st.floats(-1e12, 1e12, allow_nan=False)


@PROPERTY
@given(st.lists(finite, min_size=2, max_size=40))
def test_quartiles_are_statistics_inclusive_quantiles(data: list[float]) -> None:
    result = spread(data)
    lower, middle, upper = statistics.quantiles(data, n=4, method="inclusive")
    assert result.lower_quartile == pytest.approx(lower, rel=1e-9, abs=1e-3)
    assert result.median == pytest.approx(middle, rel=1e-9, abs=1e-3)
    assert result.median == pytest.approx(statistics.median(data), rel=1e-9, abs=1e-3)
    assert result.upper_quartile == pytest.approx(upper, rel=1e-9, abs=1e-3)


@PROPERTY
@given(st.lists(finite, min_size=1, max_size=40))
def test_the_median_lies_between_the_quartiles_and_within_the_data(data: list[float]) -> None:
    result = spread(data)
    assert result.minimum == min(data) and result.maximum == max(data)
    assert result.minimum <= result.lower_quartile <= result.median  # type: ignore[operator]
    assert result.median <= result.upper_quartile <= result.maximum  # type: ignore[operator]


# --- The class ---------------------------------------------------------------------------------


def test_class_summary_of_three_participants_by_hand() -> None:
    summary = class_summary([parse_answer(v) for v in CLASS], default_scenario())
    assert summary.count == 3
    # Retentions 0.8, 0.9, 0.5: sorted 0.5, 0.8, 0.9; quartiles at ranks 0.5 and 1.5.
    assert summary.retention.values == (0.8, 0.9, 0.5)
    assert summary.retention.median == 0.8
    assert summary.retention.lower_quartile == pytest.approx((0.5 + 0.8) / 2)
    assert summary.retention.upper_quartile == pytest.approx((0.8 + 0.9) / 2)
    assert (summary.retention.minimum, summary.retention.maximum) == (0.5, 0.9)
    assert summary.clv.median == pytest.approx(300 / 0.28)
    assert summary.clv.maximum == pytest.approx(2400 / 0.18)
    assert summary.margin_lost.median == pytest.approx(60_000)
    assert summary.margin_lost.total == pytest.approx(60_000 + 28_800 + 150_000)
    assert summary.replacement_cost.median == pytest.approx(50_000)
    assert summary.replacement_cost.lower_quartile == pytest.approx((10_800 + 50_000) / 2)
    assert summary.ltv_to_cac.median == pytest.approx(300 / 0.28 / 250)
    assert summary.active_customers.median == 1000
    assert summary.acquisition_cost.median == 250
    assert summary.margin_per_customer.median == 300
    assert summary.clv_capped == 0
    assert summary.sectors["retail_shop"] == 1 and summary.sectors["b2b_saas"] == 1
    assert summary.sectors["ecommerce"] == 1 and summary.sectors["hospitality"] == 0
    assert list(summary.sectors) == list(SECTORS)
    # Beliefs: complaints 20, 2, 4 beside TARP's 4 of 100; people told 5, 9, 15 beside 9.
    complaints, told = summary.complaints, summary.people_told
    assert (complaints.reference, complaints.source) == (4, "complain_4pct")
    assert (complaints.answers.median, complaints.over, complaints.under) == (4, 1, 1)
    assert complaints.matching == 1
    assert (told.reference, told.source) == (9, "tell_9_vs_5")
    assert (told.answers.median, told.over, told.under, told.matching) == (9, 1, 1, 1)


def test_the_beliefs_are_compared_with_tarp_not_with_the_rooms_scenario() -> None:
    scenario, _ = apply_values(
        default_scenario(),
        {"word_of_mouth.complaint_share": 0.5, "word_of_mouth.tell_negative": 2},
    )
    summary = class_summary([parse_answer(values())], scenario)
    assert summary.complaints.reference == 4 and summary.people_told.reference == 9


def test_class_summary_of_no_answers_has_no_medians() -> None:
    summary = class_summary([], default_scenario())
    assert summary.count == 0 and summary.figures == ()
    for shown in (summary.retention, summary.clv, summary.margin_lost, summary.margin_per_customer):
        assert shown.values == () and shown.median is None and shown.minimum is None
    assert summary.complaints.answers.median is None
    assert (summary.complaints.over, summary.complaints.under, summary.complaints.matching) == (
        0,
        0,
        0,
    )
    assert set(summary.sectors.values()) == {0}
    assert class_median_values(summary, default_scenario()) == {}


def test_class_summary_of_one_answer_is_that_answer() -> None:
    summary = class_summary([parse_answer(values())], default_scenario())
    assert summary.count == 1
    assert summary.clv.median == summary.clv.lower_quartile == summary.clv.maximum
    assert summary.clv.median == pytest.approx(300 / 0.28)
    assert class_median_values(summary, default_scenario()) == {
        "business.active_customers": 1000,
        "business.retention": 0.8,
        "business.acquisition_cost": 250,
        "business.revenue_per_customer": 1000,  # 300 at the default 30 % gross margin
    }


def test_class_summary_of_an_even_class_takes_the_middle_two() -> None:
    answers_ = [
        parse_answer(values(active_customers=n, lost_customers=None, retention=r))
        for n, r in [(100, 0.6), (300, 0.9), (200, 0.7), (400, 0.8)]
    ]
    summary = class_summary(answers_, default_scenario())
    assert summary.active_customers.median == 250
    assert summary.retention.median == pytest.approx(0.75)
    assert summary.clv.median == pytest.approx((300 / (1.08 - 0.7) + 300 / (1.08 - 0.8)) / 2)
    assert class_median_values(summary, default_scenario())["business.active_customers"] == 250


def test_a_class_that_lost_nobody_is_set_at_the_highest_retention() -> None:
    answers_ = [parse_answer(values(active_customers=50, lost_customers=0))] * 3
    summary = class_summary(answers_, default_scenario())
    assert summary.retention.median == 1.0 and summary.clv_capped == 3
    assert class_median_values(summary, default_scenario())["business.retention"] == MAX_RETENTION


def test_a_zero_gross_margin_becomes_100_percent_with_the_margin_as_revenue() -> None:
    scenario, _ = apply_values(default_scenario(), {"business.gross_margin": 0})
    summary = class_summary([parse_answer(values())], scenario)
    median_values = class_median_values(summary, scenario)
    assert median_values["business.gross_margin"] == 1
    assert median_values["business.revenue_per_customer"] == 300


def test_a_margin_the_gross_margin_cannot_carry_also_becomes_revenue_at_100_percent() -> None:
    # 50 million of margin at a 10 % gross margin would be 500 million of revenue: above its bound.
    scenario, _ = apply_values(default_scenario(), {"business.gross_margin": 0.1})
    summary = class_summary([parse_answer(values(margin_per_customer=5e7))], scenario)
    median_values = class_median_values(summary, scenario)
    assert median_values["business.gross_margin"] == 1
    assert median_values["business.revenue_per_customer"] == 5e7
    assert apply_values(scenario, median_values)[1] == []


@PROPERTY
@given(st.lists(answers(), min_size=1, max_size=12), scenarios())
def test_the_class_median_applied_is_a_valid_scenario_whose_overview_shows_the_medians(
    class_: list[ClassAnswer], scenario: Scenario
) -> None:
    summary = class_summary(class_, scenario)
    median_values = class_median_values(summary, scenario)
    applied, issues = apply_values(scenario, median_values)
    assert issues == []
    report = overview_report(applied)
    margins = [answer.margin_per_customer for answer in class_]
    retentions = [answer.retention for answer in class_]
    assert report.margin_per_customer == pytest.approx(statistics.median(margins), **SAME)
    expected_retention = min(statistics.median(retentions), MAX_RETENTION)
    assert report.retention_before == pytest.approx(expected_retention, **SAME)
    assert applied.business.acquisition_cost == pytest.approx(
        statistics.median(answer.acquisition_cost for answer in class_), **SAME
    )
    active_median = statistics.median(answer.active_customers for answer in class_)
    assert abs(applied.business.active_customers - active_median) <= 0.5
    # The beliefs are not applied, and nothing but the business's four figures moves.
    assert applied.word_of_mouth == scenario.word_of_mouth
    assert applied.business.discount_rate == scenario.business.discount_rate
    assert applied.model_copy(update={"business": scenario.business}) == scenario


# --- Any input: an answer or a FieldIssue, never another exception ----------------------------

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**500), 10**500),
    st.floats(),
    st.text(max_size=20),
    st.from_regex(r"\s*[+-]?\d{0,12}(\.\d{0,12})?([eE][+-]?\d{1,4})?\s*", fullmatch=True),
    st.binary(max_size=8),
    st.decimals(),
    st.fractions(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@PROPERTY
@given(
    answers_values,
    st.dictionaries(st.sampled_from([*ANSWER_FIELD_NAMES, "other_key"]), anything, max_size=4),
)
def test_any_value_gives_an_answer_within_bounds_or_field_issues(
    base: dict[str, Any], changes: dict[str, Any]
) -> None:
    raw = {**base, "retention": 0.8, **changes}
    try:
        answer = parse_answer(raw)
    except AnswerError as error:
        assert error.issues
        assert {issue.kind for issue in error.issues} <= set(get_args(FieldIssueKind))
        reported = {issue.path for issue in error.issues}
        assert reported <= {*ANSWER_FIELD_NAMES, *map(str, changes)}
        return
    for name, value in answer.to_values().items():
        spec = ANSWER_FIELDS[name]  # type: ignore[index]
        if spec.kind != "choice":
            assert spec.low <= value <= spec.high, name
            assert math.isfinite(value) and not isinstance(value, bool)
    if answer.lost_customers is not None:
        assert answer.lost_customers <= answer.active_customers


@PROPERTY
@given(answers())
def test_an_answer_survives_the_stores_json_round_trip(answer: ClassAnswer) -> None:
    assert parse_answer(answer.to_values()) == answer
    stored = json.loads(json.dumps(answer.to_values(), allow_nan=False))
    assert parse_answer(stored) == answer
    assert set(stored) <= set(ANSWER_FIELD_NAMES)
    assert ("lost_customers" in stored) != ("retention" in stored)
