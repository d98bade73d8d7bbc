"""Hypothesis strategies shared by the property and fuzz tests."""

from hypothesis import strategies as st

from calculators.scenario import FIELDS, FieldSpec, Scenario, apply_values, default_scenario

# These two must fit together (their sum ≤ 100%); drawn together below.
SATISFACTION = ("loyalty.share_extremely_satisfied", "loyalty.share_satisfied")
# A name may hold any character but controls, line separators and bidi controls
# (`calculators.scenario.HIDDEN_CHARACTERS`).
NAME_CHARACTERS = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"),
    exclude_characters="\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def field_value(spec: FieldSpec) -> st.SearchStrategy:
    """Any value the field accepts."""
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "text":
        return st.text(NAME_CHARACTERS, max_size=spec.max_length or 10)
    if spec.kind == "int":
        return st.integers(int(spec.low), int(spec.high))
    return st.floats(spec.low, spec.high, allow_nan=False, allow_infinity=False)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Valid scenarios: any subset of fields set to any allowed value, the rest at defaults."""
    paths = [path for path in FIELDS if path not in SATISFACTION]
    values = draw(st.fixed_dictionaries({}, optional={p: field_value(FIELDS[p]) for p in paths}))
    delighted = draw(st.floats(0, 1))
    values[SATISFACTION[0]] = delighted
    values[SATISFACTION[1]] = draw(st.floats(0, 1 - delighted))
    scenario, issues = apply_values(default_scenario(), values)
    assert issues == [], issues
    return scenario
