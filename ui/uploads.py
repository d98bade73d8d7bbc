"""Uploaded files: what the app reads from them is kept in the user's session only.

Each upload slot (the survey file, the NPS file, the sales export) holds the results of one file,
keyed by the file's id: what was read, the analyses and the figures drawn from it, each under the
question asked (``"survey"``, a column mapping, a chart and its language). A new file in the slot
drops the old one's results. Nothing read from a customer's file goes into a cache another session
could reach (see `ui.cache`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

STATE = "uploads"
# Results kept per file: a few column mappings, each with its figures in both languages.
MAX_RESULTS = 32

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
    """Drop what the session keeps of the file in `slot` (the user removed it)."""
    st.session_state.setdefault(STATE, {}).pop(slot, None)
