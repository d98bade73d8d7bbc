"""Scenario files and presets: round trip, old versions, and files that must be refused."""

from pathlib import Path

import pytest
from hypothesis import given, settings

from calculators.presets import PRESETS_DIR, load_presets, read_preset
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


def test_every_shipped_preset_loads_and_is_named_in_both_languages():
    presets, problems = load_presets()
    assert problems == []
    assert {p.id for p in presets} >= {
        "professional_practice",
        "retail_shop",
        "ecommerce",
        "b2b_saas",
        "industrial_distribution",
    }
    for preset in presets:
        assert preset.name["it"] and preset.name["en"]
        assert preset.scenario != default_scenario()


def test_a_corrupt_preset_is_skipped_and_the_others_still_load(tmp_path: Path):
    for path in PRESETS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "broken.yaml").write_text("name: [unclosed", encoding="utf-8")
    (tmp_path / "out_of_range.yaml").write_text(
        "name: {it: a, en: b}\ndescription: {it: a, en: b}\n"
        "scenario:\n  business:\n    retention: 3\n",
        encoding="utf-8",
    )
    presets, problems = load_presets(tmp_path)
    assert len(presets) == len(list(PRESETS_DIR.glob("*.yaml")))
    assert sorted(problem.id for problem in problems) == ["broken", "out_of_range"]


def test_a_preset_without_both_names_is_refused(tmp_path: Path):
    path = tmp_path / "half.yaml"
    path.write_text("name: {it: solo}\ndescription: {it: a, en: b}\nscenario: {}\n")
    with pytest.raises(ValueError, match="name must give a text"):
        read_preset(path)
