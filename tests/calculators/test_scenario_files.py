"""Scenario files: round trip, old versions, and files that must be refused."""

import pytest
from hypothesis import given, settings

from calculators.scenario import (
    MAX_SCENARIO_FILE_BYTES,
    SCENARIO_FILE_VERSION,
    ScenarioError,
    default_scenario,
    dump_scenario,
    load_scenario,
)
from tests.strategies import scenarios


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_dump_then_load_gives_the_same_scenario(scenario):
    assert load_scenario(dump_scenario(scenario)) == scenario


def test_dump_is_readable_yaml_with_units():
    text = dump_scenario(default_scenario())
    assert text.startswith("# Retention Lab scenario")
    assert f"version: {SCENARIO_FILE_VERSION}" in text
    assert "  active_customers: 1000  # whole number; 0 to 10,000,000" in text
    assert "  currency: EUR  # EUR | USD | GBP | CHF" in text


def test_a_file_without_version_loads_as_version_one():
    assert load_scenario("business:\n  retention: 0.7\n").business.retention == 0.7


def test_a_partial_file_keeps_the_other_defaults():
    scenario = load_scenario("word_of_mouth:\n  tell_negative: 12\n")
    assert scenario.word_of_mouth.tell_negative == 12
    assert scenario.business == default_scenario().business


def _kinds(text):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(text)
    return [(issue.path, issue.kind) for issue in caught.value.issues]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('!!python/object/apply:os.system ["echo owned"]', [("", "file_tag")]),
        ("business: !!python/name:os.system {}", [("", "file_tag")]),
        ("a: &x [1, 2]\nb: [*x, *x]\n", [("", "file_aliases")]),
        ("[" * 10_000, [("", "file_syntax")]),
        ("business: [unclosed", [("", "file_syntax")]),
        ("- just\n- a list\n", [("", "file_structure")]),
        ("version: 99\n", [("", "file_version")]),
        ("version: zero\n", [("", "file_structure")]),
        ("", [("", "file_structure")]),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_reason(text, expected):
    assert _kinds(text) == expected


def test_a_billion_laughs_file_is_refused_without_expanding_it():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    assert _kinds("\n".join(lines)) == [("", "file_aliases")]


def test_a_file_over_the_size_limit_is_refused():
    big = "# padding\n" * (MAX_SCENARIO_FILE_BYTES // 10 + 1)
    assert _kinds(big) == [("", "file_size")]
    with pytest.raises(ScenarioError):
        load_scenario(b"x" * (10 * 1024 * 1024))


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(b"business:\n  name: \xff\xfe\n")
    assert caught.value.issues[0].kind == "file_encoding"


def test_every_bad_field_is_listed_with_its_range():
    issues = _kinds(
        "business:\n  retention: 1.5\n  active_customers: -1\n  colour: red\nextra: 1\n"
    )
    assert sorted(issues) == [
        ("business.active_customers", "range"),
        ("business.colour", "unknown"),
        ("business.retention", "range"),
        ("extra", "unknown"),
    ]
