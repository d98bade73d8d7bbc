"""Scenario files: round trip, old versions, and files that must be refused."""

import pytest
from hypothesis import given, settings

import calculators.scenario as scenario_module
from calculators.scenario import (
    MAX_SCENARIO_FILE_BYTES,
    MAX_SCENARIO_LINE_CHARS,
    MAX_SCENARIO_LINES,
    MAX_SCENARIO_TEXT_CHARS,
    MAX_SCENARIO_TOKENS,
    SCENARIO_FILE_VERSION,
    ScenarioError,
    default_scenario,
    dump_scenario,
    load_scenario,
)
from calculators.yaml_shape import yaml_shape
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
        ("[" * 10_000, [("", "file_nesting")]),
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


# --- bounded work: refused before parsing (issue #17) -------------------------------------------


def _issue(text):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(text)
    (issue,) = caught.value.issues
    return issue.kind, issue.value


@pytest.mark.parametrize("bracket", ["[", "{"])
def test_64_kb_of_brackets_are_refused_as_nesting(bracket):
    text = bracket * MAX_SCENARIO_FILE_BYTES
    assert _issue(text) == ("file_nesting", 1)


def test_nesting_deeper_than_the_format_is_refused_with_its_line():
    deep = "business:\n  name: x\nwords:\n  a:\n    b:\n      c:\n        d: 1\n"
    assert _issue(deep) == ("file_nesting", 7)
    # The format's own depth (file, section, group) and a wrong-type value one level deeper
    # are read; the value is reported on its field.
    issues = _kinds("word_of_mouth:\n  loyalty_small:\n    silent: [0.5]\n")
    assert issues == [("word_of_mouth.loyalty_small.silent", "number")]


def test_nested_anchors_are_refused_before_they_are_expanded():
    lines = ["a0: &a0 [x]", *(f"a{n}: &a{n} [*a{n - 1}, [*a{n - 1}]]" for n in range(1, 300))]
    assert _issue("\n".join(lines)) == ("file_aliases", None)


def test_a_long_single_line_is_refused_with_its_line():
    assert _issue("business:\n  name: " + "a" * (MAX_SCENARIO_FILE_BYTES - 30)) == (
        "file_long_text",
        2,
    )
    assert _issue("business:\n  retention: " + "1" * (MAX_SCENARIO_LINE_CHARS + 1)) == (
        "file_long_text",
        2,
    )


def test_a_long_value_over_many_lines_is_refused():
    text = 'business:\n  name: "' + "a a\n" * (MAX_SCENARIO_TEXT_CHARS // 4) + '"\n'
    assert _issue(text)[0] == "file_long_text"


def test_far_more_entries_or_lines_than_a_scenario_are_refused():
    keys = "".join(f"k{n}: {n}\n" for n in range(MAX_SCENARIO_TOKENS))
    assert _issue(keys)[0] == "file_content"
    assert _issue("\n" * (MAX_SCENARIO_LINES + 1)) == ("file_content", MAX_SCENARIO_LINES + 1)


def test_a_full_scenario_is_far_inside_every_limit():
    text = dump_scenario(default_scenario())
    shape = yaml_shape(text)
    assert shape.depth == 3  # file, section, group of fields
    assert shape.tokens * 4 <= MAX_SCENARIO_TOKENS
    assert text.count("\n") * 10 <= MAX_SCENARIO_LINES
    assert max(len(line) for line in text.splitlines()) * 10 <= MAX_SCENARIO_LINE_CHARS


@pytest.mark.parametrize(
    "value",
    ["1" * 400, "1" + ":1" * 600, "-" + "9" * 1500, "0x" + "f" * 1900],
    ids=["400 digits", "base 60", "negative", "hexadecimal"],
)
def test_integers_beyond_a_float_are_refused_on_their_field(value):
    # Read as infinite (the validation compares numbers as floats), so out of range; no crash.
    assert _kinds(f"business:\n  retention: {value}\n") == [("business.retention", "range")]
    assert _kinds(f"business:\n  active_customers: {value}\n") == [
        ("business.active_customers", "range")
    ]


def test_a_tag_on_a_huge_integer_is_refused_as_a_tag():
    assert _issue('x: !!int "' + "1" * 20_000 + '"') == ("file_tag", None)


def test_hostile_files_never_reach_the_parser(monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("the YAML parser was called")

    monkeypatch.setattr(scenario_module._ScenarioLoader, "__init__", parse)
    hostile = [
        "[" * 5000,
        "{a: " * 16_000,
        "- " * 32_000,
        "".join(" " * depth + f"k{depth}:\n" for depth in range(300)),
        "a: &a [1]\nb: *a\n",
        "business:\n  name: " + "a" * 60_000,
        "x: [" + "1," * 30_000 + "]",
    ]
    for text in hostile:
        with pytest.raises(ScenarioError):
            load_scenario(text)
