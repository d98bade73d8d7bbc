"""Uploaded files: what the app reads from them is kept in the user's session only, until forgotten.

Each upload slot (the survey file, the NPS file, the sales export) holds the results of one file,
keyed by the file's id: what was read, the analyses and the figures drawn from it, each under the
question asked (``"survey"``, a column mapping, a chart and its language). A new file in the slot
drops the old one's results. Nothing read from a customer's file goes into a cache another session
could reach (see `ui.cache`).

Where a file's bytes are, and for how long (docs/reliability.md, "What is kept, where, how long"):

- Streamlit keeps each uploaded file in memory (`MemoryUploadedFileManager`, per session) and
  hands it to the uploader widget as an `UploadedFile`; nothing is written to disk.
- "Forget my file" (`forget_file`) drops, at once, the slot's results, the file in the uploader
  (the widget gets a new key, so Streamlit drops the old widget and its `UploadedFile`) and
  Streamlit's own copy of the file.
- Otherwise everything goes with the session: Streamlit keeps a closed tab's session
  `server.disconnectedSessionTTL` seconds for a reconnection (`privacy_note` reads it at run
  time), then discards it, and its uploaded files with it.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from ui import state

STATE = "uploads"
GENERATIONS = "uploads.generations"  # uploader key → times its file was forgotten
FORGOTTEN = "uploads.forgotten"  # slots whose file was just forgotten: confirmed once
# Results kept per file: a few column mappings, each with its figures in both languages.
MAX_RESULTS = 32
SESSION_TTL_OPTION = "server.disconnectedSessionTTL"

T = TypeVar("T")


@dataclass(frozen=True)
class Upload:
    """One file in one upload slot of the session."""

    slot: str
    file_id: str

    def kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` for this file, computed once and kept in the session under `key`."""
        slots: dict[str, tuple[str, OrderedDict[Hashable, Any]]] = st.session_state.setdefault(
            STATE, {}
        )
        held = slots.get(self.slot)
        if held is None or held[0] != self.file_id:
            if held is not None:
                _drop_from_streamlit(held[0])  # the file this one replaces
            held = (self.file_id, OrderedDict())
            slots[self.slot] = held
        results = held[1]
        if key in results:
            results.move_to_end(key)
        else:
            results[key] = compute()
            while len(results) > MAX_RESULTS:
                results.popitem(last=False)
        result: T = results[key]
        return result


def forget(slot: str) -> None:
    """Drop what the session keeps of the file in `slot`, and Streamlit's copy of that file."""
    held = st.session_state.setdefault(STATE, {}).pop(slot, None)
    if held is not None:
        _drop_from_streamlit(held[0])


def _drop_from_streamlit(file_id: str) -> None:
    # Streamlit keeps an uploaded file in its upload manager until the browser deletes it (the ×
    # in the uploader) or the session ends; a widget that is no longer drawn leaves it there.
    # st.chat_input removes its files the same way once read.
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)


def widget_key(key: str) -> str:
    """The key of the uploader `key` now: `key` itself, then a new one after each forgotten file
    (Streamlit drops a widget, and the file it holds, when its key is no longer drawn)."""
    generation = st.session_state.get(GENERATIONS, {}).get(key, 0)
    return key if generation == 0 else f"{key}.{generation}"


def uploaded(key: str) -> UploadedFile | None:
    """The file in the uploader `key`, if any."""
    value = st.session_state.get(widget_key(key))
    return value if isinstance(value, UploadedFile) else None


def forget_file(slot: str, key: str, *file_ids: str, confirm: bool = True) -> None:
    """Forget the file of `slot` at once (a callback): its kept results, the file in the uploader
    `key` and Streamlit's copy of it (and of the files `file_ids` the caller kept). With
    `confirm`, the next `privacy_note` says it is done."""
    held = st.session_state.get(widget_key(key))
    files = held if isinstance(held, list) else [held]  # one file, or accept_multiple_files
    in_uploader = [file.file_id for file in files if isinstance(file, UploadedFile)]
    for file_id in (*file_ids, *in_uploader):
        _drop_from_streamlit(file_id)
    forget(slot)
    st.session_state.pop(widget_key(key), None)
    generations: dict[str, int] = st.session_state.setdefault(GENERATIONS, {})
    generations[key] = generations.get(key, 0) + 1
    if confirm:
        st.session_state.setdefault(FORGOTTEN, set()).add(slot)


def session_minutes() -> int:
    """The minutes, rounded up, that Streamlit keeps a closed tab's session (at least 1)."""
    seconds = float(st.get_option(SESSION_TTL_OPTION))
    return max(1, math.ceil(seconds / 60))


def privacy_text(kind: Literal["data", "scenario"] = "data") -> str:
    """Where an uploaded file goes and how long it stays, in the user's language: a file of
    customer data (with "Forget my file" beside it) or a scenario file."""
    t, f = state.t, state.formatter()
    minutes = session_minutes()
    unit = "upload.minutes_one" if minutes == 1 else "upload.minutes_other"
    key = "upload.privacy" if kind == "data" else "upload.privacy_scenario"
    return t(key, duration=t(unit, minutes=f.number(minutes)))


def privacy_note(
    slot: str,
    key: str,
    *,
    has_file: bool,
    on_forget: Callable[[], None] | None = None,
    kept_note: str = "",
) -> None:
    """Under an uploader: where the file goes and how long it stays; "Forget my file" when there
    is one (`on_forget`, or `forget_file(slot, key)`); once a file is forgotten, that it is gone,
    then `kept_note` (what the user chose to keep from it)."""
    t = state.t
    st.caption(privacy_text())
    if has_file:
        st.button(
            t("upload.forget"),
            key=f"{key}.forget",
            icon="🗑️",
            help=t("upload.forget_help"),
            on_click=on_forget if on_forget is not None else forget_file,
            args=() if on_forget is not None else (slot, key),
        )
    forgotten: set[str] = st.session_state.get(FORGOTTEN, set())
    if slot in forgotten:
        forgotten.discard(slot)
        st.success(" ".join(filter(None, (t("upload.forgotten"), kept_note))), icon="🗑️")
