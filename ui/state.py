"""Session state: the one scenario, the language and the URL that carries both.

Everything lives in `st.session_state` and is initialised here, once per session, by `init()`:

- ``scenario``: the current, always valid `Scenario`;
- ``lang``: a code of `ui.i18n.LANGS`, from ``?lang=`` or else the browser locale;
- ``field_issues``: ``{path: FieldIssue}`` for inputs the user typed wrong (shown next to the input)
  and values of the link that could not be used (shown once at the top of the page);
- ``entered_fields``: the fields whose value is the user's own: typed into an input, measured on
  Your data or from a survey file and applied, loaded from their scenario file or a shared link.
  A default is the quoted figure and a preset is illustrative: neither is the user's, so Trainer
  mode gives a famous figure a verdict only on these fields.

The URL carries the language and the scenario's non-default values (``?business.retention=0.85``),
so a link reopens the same inputs; values from it are validated like typed ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from calculators.scenario import FIELDS, FieldIssue, Scenario, apply_values, non_default_values
from calculators.scenario import default_scenario as _default_scenario
from ui.fmt import Formatter
from ui.i18n import FALLBACK, LANGS, lang_from_locale, translate

SCENARIO = "scenario"
BASELINE = "scenario_baseline"
LANG = "lang"
ISSUES = "field_issues"
ENTERED = "entered_fields"
LINK_ISSUES = "link_issues"
URL_READ = "url_read"
LANG_PARAM = "lang"


def init() -> None:
    """Set up the session on its first run: language, then the scenario from the link."""
    state = st.session_state
    if URL_READ in state:
        return
    params = st.query_params.to_dict()
    requested = params.get(LANG_PARAM, "")
    state[LANG] = requested if requested in LANGS else lang_from_locale(st.context.locale)
    scenario_params = {key: value for key, value in params.items() if "." in key}
    scenario, issues = apply_values(_default_scenario(), scenario_params)
    state[SCENARIO] = scenario
    state[BASELINE] = scenario
    state[ISSUES] = {}
    refused = {issue.path for issue in issues}
    state[ENTERED] = frozenset(path for path in scenario_params if path in FIELDS) - refused
    state[LINK_ISSUES] = issues
    state[URL_READ] = True


def require_app() -> None:
    """Rerun through app.py if Streamlit ran this page script on its own.

    With a `pages/` folder beside app.py, Streamlit 1.67 starts in its old multipage mode until
    the first `st.navigation` call of the process: a link straight to a page, opened first after
    a server start, runs that page alone, with no session set up. Clearing the flag that
    `st.navigation` itself clears, then rerunning, goes through app.py to the same page.
    """
    if URL_READ not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()


def scenario() -> Scenario:
    """The current scenario (valid by construction)."""
    current: Scenario = st.session_state[SCENARIO]
    return current


def set_scenario(new: Scenario, entered: Iterable[str] = ()) -> None:
    """Replace the whole scenario (preset, file, reset): inputs re-read it, old messages go.

    `entered` are its fields that hold the user's own values (a file of theirs); none for a
    preset or a reset.
    """
    st.session_state[SCENARIO] = new
    st.session_state[BASELINE] = new
    st.session_state[ISSUES] = {}
    st.session_state[ENTERED] = frozenset(entered)


def entered_fields() -> frozenset[str]:
    """The fields whose value the user entered or measured (see the module's docstring)."""
    entered: frozenset[str] = st.session_state.get(ENTERED, frozenset())
    return entered


def mark_entered(paths: Iterable[str]) -> None:
    """Record that the fields `paths` now hold values the user entered or measured."""
    st.session_state[ENTERED] = entered_fields() | frozenset(paths)


def mark_saved() -> None:
    """The current scenario has been saved to a file: no unsaved changes."""
    st.session_state[BASELINE] = scenario()


def has_unsaved_changes() -> bool:
    """True when the scenario differs from the last preset, file, reset or save."""
    return scenario() != st.session_state.get(BASELINE)


def lang() -> str:
    current: str = st.session_state.get(LANG, FALLBACK)
    return current


def set_lang(new: str) -> None:
    if new in LANGS:
        st.session_state[LANG] = new


def t(key: str, **values: Any) -> str:
    """The text for `key` in the session's language."""
    return translate(lang(), key, **values)


def formatter() -> Formatter:
    """Formatting for the session's language and the scenario's currency."""
    return Formatter(lang(), scenario().business.currency)


def field_issue(path: str) -> FieldIssue | None:
    issues: dict[str, FieldIssue] = st.session_state[ISSUES]
    return issues.get(path)


def update_field(path: str, value: Any) -> FieldIssue | None:
    """Validate one new value; apply it if good, remember the problem if not (and return it)."""
    new, issues = apply_values(scenario(), {path: value})
    if issues:
        st.session_state[ISSUES][path] = issues[0]
        return issues[0]
    st.session_state[SCENARIO] = new
    st.session_state[ISSUES].pop(path, None)
    mark_entered([path])
    return None


def link_issues() -> list[FieldIssue]:
    """Values of the opening link that could not be used (defaults kept for them)."""
    issues: list[FieldIssue] = st.session_state.get(LINK_ISSUES, [])
    return issues


def dismiss_link_issues() -> None:
    st.session_state[LINK_ISSUES] = []


def url_value(value: Any) -> str:
    """How a field's value is written in the URL: ``repr`` of floats round-trips exactly."""
    return repr(value) if isinstance(value, float) else str(value)


def share_params() -> dict[str, str]:
    """The query parameters that reproduce this view: the language and non-default values."""
    params = {LANG_PARAM: lang()}
    params.update({path: url_value(v) for path, v in non_default_values(scenario()).items()})
    return params


def sync_url() -> None:
    """Write the language and the scenario's non-default values into the URL.

    Other parameters (a presentation step, say) are left alone; unusable scenario parameters
    of the opening link are removed once reported.
    """
    wanted = share_params()
    current = st.query_params.to_dict()
    for key in current:
        if "." in key and key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if current.get(key) != value:
            st.query_params[key] = value
