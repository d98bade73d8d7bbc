"""The Scenarios page's pieces: which scenarios can be compared, files brought in, results shown.

A scenario is chosen by an option string: ``current``, ``preset:<id>`` or ``file:<name>``, made
only by `choice_id` so that a misspelt kind fails the type check.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from calculators.compare import (
    HEADLINES_BY_ID,
    SENSITIVITY_POINTS,
    SENSITIVITY_POINTS_BY_FIELD,
    SENSITIVITY_SHARE,
)
from calculators.scenario import FieldIssue, Scenario, ScenarioError, load_scenario
from ui import plain, state, widgets
from ui.fmt import Formatter
from ui.scenario_tools import presets

ChoiceKind = Literal["current", "preset", "file"]

UPLOADS = "compare.uploads"
UPLOADED = "compare.uploaded"
UPLOAD_ISSUES = "compare.upload_issues"


def choice_id(kind: ChoiceKind, name: str = "") -> str:
    """The option that picks a scenario.

    >>> choice_id("current"), choice_id("preset", "retail_shop"), choice_id("file", "mine.yaml")
    ('current', 'preset:retail_shop', 'file:mine.yaml')
    """
    return kind if kind == "current" else f"{kind}:{name}"


def choices() -> tuple[dict[str, str], dict[str, Scenario]]:
    """Every scenario the page can compare, by option: its label, and the scenario itself.

    The current scenario first, then the presets, then the files uploaded on the page.
    """
    t, lang = state.t, state.lang()
    all_presets, _ = presets()
    labels = {choice_id("current"): t("cmp.current")}
    scenarios = {choice_id("current"): state.scenario()}
    for preset_id, preset in all_presets.items():
        labels[choice_id("preset", preset_id)] = preset.name[lang]
        scenarios[choice_id("preset", preset_id)] = preset.scenario
    for name, uploaded in uploaded_scenarios().items():
        # The label is an option, a table header, a chart's name and a CSV header: plain text.
        labels[choice_id("file", name)] = t("cmp.file", name=plain.text(name))
        scenarios[choice_id("file", name)] = uploaded
    return labels, scenarios


def uploaded_scenarios() -> dict[str, Scenario]:
    """Scenario files read on the page in this session, by file name."""
    uploaded: dict[str, Scenario] = st.session_state.get(UPLOADED, {})
    return uploaded


def upload_issues() -> dict[str, list[FieldIssue]]:
    """The problems of the files last uploaded that could not be read, by file name."""
    return st.session_state.get(UPLOAD_ISSUES) or {}


def on_upload() -> None:
    """Read the uploaded scenario files: good ones join the choices, bad ones are reported."""
    uploaded = st.session_state.setdefault(UPLOADED, {})
    problems = {}
    for file in st.session_state.get(UPLOADS) or []:
        try:
            uploaded[file.name] = load_scenario(file.getvalue())
        except ScenarioError as error:
            problems[file.name] = error.issues
    st.session_state[UPLOAD_ISSUES] = problems


def format_result(headline_id: str, value: float, f: Formatter) -> str:
    """A headline result in its unit (see `calculators.compare.HEADLINES`)."""
    return widgets.format_measure(HEADLINES_BY_ID[headline_id].unit, value, f)


def sensitivity_ranges(f: Formatter) -> str:
    """The tornado's ranges in words: rates by points (and the fields with their own), the
    rest by a share of their value (`calculators.compare.sensitivity_range`)."""
    t = state.t
    narrow = ", ".join(
        t("cmp.sensitivity.narrow_item", label=widgets.label(path), points=f.number(step * 100))
        for path, step in SENSITIVITY_POINTS_BY_FIELD.items()
    )
    return t(
        "cmp.sensitivity.ranges",
        points=f.number(SENSITIVITY_POINTS * 100),
        narrow=narrow,
        share=f.percent(SENSITIVITY_SHARE),
    )
