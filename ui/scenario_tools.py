"""The sidebar's scenario tools: presets, save to a file, load a file, share a link.

A preset or a file replaces the scenario only when it is valid, and a preset asks first when the
current scenario has changes that were not saved; a bad file leaves the scenario untouched and
lists every problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal
from urllib.parse import urlencode, urljoin

import streamlit as st

from calculators.scenario import ScenarioError, dump_scenario, load_scenario, non_default_values
from ui import cache, plain, state, uploads
from ui.presets import Preset, load_presets
from ui.widgets import issues_error

PRESET_WIDGET = "scenario_tools.preset"
UPLOAD_WIDGET = "scenario_tools.upload"
PENDING = "scenario_tools.pending_preset"
UPLOAD_ISSUES = "scenario_tools.upload_issues"
NOTICE = "scenario_tools.notice"
FILE_TYPES = ["yaml", "yml"]


@dataclass(frozen=True)
class Loaded:
    """What just replaced the scenario, said once above the tools: a preset or a file, by name."""

    source: Literal["preset", "file"]
    name: str

    @property
    def message_key(self) -> str:
        return f"scn.{self.source}_loaded"

    @property
    def shown_name(self) -> str:
        """The name as the message shows it: a file's (the user's own) quoted as plain text."""
        return plain.quoted(self.name) if self.source == "file" else self.name


def _read_presets() -> tuple[dict[str, Preset], tuple[str, ...]]:
    found, problems = load_presets()
    return {preset.id: preset for preset in found}, tuple(problem.id for problem in problems)


# Read at import, as `ui.i18n` reads the texts: the sidebar of every first run needs them, and
# sessions that open the app together then wait for one read instead of each reading them.
_PRESETS = _read_presets()


def presets() -> tuple[dict[str, Preset], tuple[str, ...]]:
    """The shipped presets by id, and the ids of preset files that could not be read."""
    return _PRESETS


def _apply_preset(preset_id: str) -> None:
    preset = presets()[0][preset_id]
    state.set_scenario(preset.scenario)
    st.session_state[PENDING] = None
    st.session_state[NOTICE] = Loaded("preset", preset.name[state.lang()])


def _on_load_preset() -> None:
    preset_id = st.session_state.get(PRESET_WIDGET)
    if not preset_id:
        return
    if state.has_unsaved_changes():
        st.session_state[PENDING] = preset_id
    else:
        _apply_preset(preset_id)


def _on_confirm() -> None:
    if st.session_state.get(PENDING):
        _apply_preset(st.session_state[PENDING])


def _on_cancel() -> None:
    st.session_state[PENDING] = None


def _on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_WIDGET)
    st.session_state[UPLOAD_ISSUES] = []
    if uploaded is None:
        return
    try:
        loaded = load_scenario(uploaded.getvalue())
    except ScenarioError as error:
        st.session_state[UPLOAD_ISSUES] = error.issues
        return
    # The user's own file: its values are theirs. A saved file holds every field, and one still
    # at its default cannot be told from a default left untouched: only the others count.
    state.set_scenario(loaded, entered=non_default_values(loaded))
    st.session_state[NOTICE] = Loaded("file", uploaded.name)


def _file_name() -> str:
    return f"retention-lab-{plain.file_name(state.scenario().business.name, 'scenario')}.yaml"


def share_link() -> str:
    """The address that reopens this page with this scenario and language."""
    base = st.context.url or ""
    return f"{base}?{urlencode(state.share_params())}"


def overview_link() -> str | None:
    """The address that opens the Overview with this scenario and language (the handout's QR
    code), or None when the app does not know its own address (AppTest has none)."""
    base = st.context.url or ""
    if not base.startswith(("http://", "https://")):
        return None
    # Every page's address is one path segment under the app's (ui/nav.py): "./" is the Overview.
    return f"{urljoin(base, './')}?{urlencode(state.share_params())}"


def render() -> None:
    """The scenario tools, inside an expander of the sidebar."""
    t = state.t
    all_presets, broken = presets()
    with st.expander(t("scn.tools"), icon="🗂️"):
        notice: Loaded | None = st.session_state.pop(NOTICE, None)
        if notice is not None:
            st.success(t(notice.message_key, name=notice.shown_name), icon="✅")

        # Labels are resolved now: a format_func that read the session later (AppTest calls it
        # outside the script run) would see no language.
        labels = {"": t("scn.choose_preset")}
        labels.update({pid: preset.name[state.lang()] for pid, preset in all_presets.items()})
        st.selectbox(
            t("scn.preset"), options=list(labels), format_func=labels.__getitem__, key=PRESET_WIDGET
        )
        chosen = st.session_state.get(PRESET_WIDGET)
        if chosen:
            st.caption(all_presets[chosen].description[state.lang()])
        st.button(
            t("scn.load_preset"),
            on_click=_on_load_preset,
            disabled=not chosen,
            key="scenario_tools.load",
        )
        if broken:
            st.warning(t("scn.preset_skipped", names=", ".join(broken)), icon="⚠️")
        if st.session_state.get(PENDING):
            st.warning(t("scn.confirm_replace"), icon="⚠️")
            yes, no = st.columns(2)
            yes.button(
                t("scn.replace"), on_click=_on_confirm, key="scenario_tools.confirm", type="primary"
            )
            no.button(t("scn.cancel"), on_click=_on_cancel, key="scenario_tools.cancel")

        st.divider()
        st.download_button(
            t("scn.save"),
            # Every page's sidebar draws this button: the file's text is written when it is
            # clicked (Streamlit calls `data` then), for the scenario of this run, and once per
            # scenario, as a report is; not on every run of every session, nor held per session.
            data=partial(cache.report, dump_scenario, state.scenario()),
            file_name=_file_name(),
            mime="text/yaml",
            on_click=state.mark_saved,
            key="scenario_tools.save",
            icon="💾",
        )
        st.file_uploader(
            t("scn.load"),
            type=FILE_TYPES,
            key=UPLOAD_WIDGET,
            on_change=_on_upload,
            help=t("scn.load_help"),
        )
        st.caption(uploads.privacy_text("scenario"))
        issues = st.session_state.get(UPLOAD_ISSUES) or []
        if issues:
            issues_error(t("scn.load_failed"), issues)

        st.divider()
        st.caption(t("scn.share"))
        st.code(share_link(), language=None, wrap_lines=True)
