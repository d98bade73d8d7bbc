"""The scenario model: defaults, bounds, sources; outside values validated like typed ones."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.scenario import (
    DECIMALS,
    FIELDS,
    MAX_RETENTION,
    Scenario,
    ScenarioError,
    apply_values,
    default_scenario,
    flatten,
    non_default_values,
    scenario_from_values,
)
from tests.strategies import NAME_CHARACTERS


def test_defaults_follow_design():
    s = default_scenario()
    assert s.business.currency == "EUR"
    assert s.business.active_customers == 1000
    assert s.business.margin_per_customer == pytest.approx(300)
    assert s.retention_program.retention_uplift == 0.05
    assert s.acquisition.acquire_to_retain_ratio == 5
    assert s.word_of_mouth.complaint_share == 0.04
    assert (s.word_of_mouth.tell_negative, s.word_of_mouth.tell_positive) == (9, 5)
    assert s.word_of_mouth.loyalty_large.resolved_quickly == 0.82
    assert s.loyalty.repurchase_ratio == 6
    assert s.retention_after_program == 0.85


def test_every_numeric_field_has_bounds_a_unit_and_a_default_inside_them():
    for path, spec in FIELDS.items():
        assert spec.unit, path
        if spec.kind in ("int", "float"):
            assert spec.low is not None and spec.high is not None, path
            assert spec.low <= spec.default <= spec.high, path


def test_famous_defaults_carry_their_source():
    assert FIELDS["acquisition.acquire_to_retain_ratio"].source == "acquire_5x"
    assert FIELDS["acquisition.lost_to_replace_ratio"].source == "replace_1_to_10"
    assert FIELDS["word_of_mouth.complaint_share"].source == "complain_4pct"
    assert FIELDS["word_of_mouth.tell_negative"].source == "tell_9_vs_5"
    assert FIELDS["loyalty.repurchase_ratio"].source == "delighted_6x"


@pytest.mark.parametrize(
    ("path", "value", "kind"),
    [
        ("business.retention", 1.5, "range"),
        ("business.retention", "150%", "number"),
        ("business.retention", math.nan, "range"),
        ("business.retention", "inf", "range"),
        ("business.active_customers", -3, "range"),
        ("business.active_customers", "12.5", "whole"),
        ("business.active_customers", "", "number"),
        ("business.currency", "JPY", "choice"),
        ("business.name", "x" * 81, "text"),
        ("business.nope", 1, "unknown"),
        ("loyalty.share_extremely_satisfied", 0.6, "satisfaction_shares"),
    ],
)
def test_bad_values_are_reported_and_not_applied(path, value, kind):
    before = default_scenario()
    after, issues = apply_values(before, {path: value})
    assert after == before
    assert [(issue.path, issue.kind) for issue in issues] == [(path, kind)]


def test_good_values_apply_and_bad_ones_do_not_block_them():
    after, issues = apply_values(
        default_scenario(),
        {
            "business.retention": "0.9",
            "business.active_customers": "-1",
            "business.currency": "CHF",
        },
    )
    assert after.business.retention == 0.9
    assert after.business.currency == "CHF"
    assert after.business.active_customers == 1000
    assert [issue.path for issue in issues] == ["business.active_customers"]


def test_values_that_only_fit_together_are_both_applied():
    # 0.6 + 0.5 > 1 alone; with satisfied lowered to 0.3 in the same batch they fit.
    after, issues = apply_values(
        default_scenario(),
        {"loyalty.share_extremely_satisfied": 0.6, "loyalty.share_satisfied": 0.3},
    )
    assert issues == []
    assert after.loyalty.share_extremely_satisfied == 0.6


def test_programme_uplift_is_capped_at_the_maximum_retention():
    s = scenario_from_values({"business.retention": 0.97})
    assert s.retention_after_program == MAX_RETENTION
    assert s.uplift_capped


def test_scenario_error_lists_every_bad_field():
    with pytest.raises(ScenarioError) as caught:
        scenario_from_values({"business.retention": 2, "business.discount_rate": -1})
    assert [issue.path for issue in caught.value.issues] == [
        "business.retention",
        "business.discount_rate",
    ]
    assert isinstance(caught.value, ValueError)


def test_issue_carries_the_allowed_range():
    _, issues = apply_values(default_scenario(), {"business.discount_rate": 0.9})
    assert (issues[0].low, issues[0].high) == (0, 0.5)


def _valid_values():
    def value_for(spec):
        if spec.kind == "choice":
            return st.sampled_from(spec.choices)
        if spec.kind == "text":
            return st.text(NAME_CHARACTERS, max_size=spec.max_length or 10)
        if spec.kind == "int":
            return st.integers(int(spec.low), int(spec.high))
        return st.floats(spec.low, spec.high, allow_nan=False)

    paths = [p for p in FIELDS if not p.startswith("loyalty.share_")]
    return st.fixed_dictionaries({}, optional={p: value_for(FIELDS[p]) for p in paths})


@settings(max_examples=100, deadline=None)
@given(_valid_values())
def test_any_values_in_range_make_a_valid_scenario_that_flattens_back(values):
    s, issues = apply_values(default_scenario(), values)
    assert issues == []
    flat = flatten(s)
    for path, value in values.items():
        # Decimal inputs are kept to DECIMALS places.
        assert flat[path] == (round(value, DECIMALS) if isinstance(value, float) else value)
    assert set(non_default_values(s)) <= set(values)
    assert Scenario.model_validate(s.model_dump()) == s


def test_decimal_inputs_are_kept_to_nine_places():
    s = scenario_from_values(
        {"business.acquisition_cost": 2.2e-308, "business.retention": 0.1234567891234}
    )
    assert s.business.acquisition_cost == 0.0
    assert s.business.retention == 0.123456789


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.one_of(st.text(max_size=20), st.floats(), st.none()))
def test_anything_from_outside_gives_a_scenario_or_an_issue_never_an_exception(path, value):
    s, issues = apply_values(default_scenario(), {path: value})
    assert isinstance(s, Scenario)
    assert len(issues) <= 1
    if not issues:
        assert s.retention_after_program <= MAX_RETENTION
