"""Source cards: what each famous figure really is, shown next to the number it backs.

The cards are data in `assets/sources.yaml` (both languages); reliability is a coloured badge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from ui import state
from ui.assets import load_yaml

SOURCES_FILE = Path(__file__).resolve().parent.parent / "assets" / "sources.yaml"
BADGE_COLOURS = {
    "measured": "green",
    "secondary": "orange",
    "folklore": "red",
    "illustrative": "gray",
}


def _read_sources() -> dict[str, dict[str, Any]]:
    with open(SOURCES_FILE, encoding="utf-8") as handle:
        cards: dict[str, dict[str, Any]] = load_yaml(handle.read())
    return cards


# Read at import, as `ui.i18n` reads the texts: the first runs of sessions that open the app
# together wait for one read instead of each parsing the file.
_SOURCES = _read_sources()


def sources() -> dict[str, dict[str, Any]]:
    """Every source card by id, as read from `assets/sources.yaml` (once per process)."""
    return _SOURCES


def card_text(source_id: str, lang: str) -> dict[str, str]:
    """One card's texts in `lang` (title, claim, measured, caveat, default)."""
    texts: dict[str, str] = sources()[source_id][lang]
    return texts


def badge(source_id: str) -> str:
    """The reliability badge as Streamlit Markdown: ``:green-badge[Measured]``."""
    reliability = sources()[source_id]["reliability"]
    return f":{BADGE_COLOURS[reliability]}-badge[{state.t(f'reliability.{reliability}')}]"


def source_card(source_id: str, *, expanded: bool = False) -> None:
    """A collapsible card: title and badge, then claim, what was measured, caveat, our default."""
    text = card_text(source_id, state.lang())
    with st.expander(f"📚 {text['title']}", expanded=expanded):
        st.markdown(f"{badge(source_id)} &nbsp; {sources()[source_id]['reference']}")
        for part in ("claim", "measured", "caveat", "default"):
            st.markdown(f"**{state.t(f'source.{part}')}** {text[part]}")


def source_cards(*source_ids: str) -> None:
    """Source cards side by side, one column each."""
    for column, source_id in zip(st.columns(len(source_ids)), source_ids, strict=True):
        with column:
            source_card(source_id)


def figure_card(source_id: str) -> None:
    """A compact card for a grid of famous figures: title, badge, claim, caveat."""
    text = card_text(source_id, state.lang())
    caveat = f"{state.t('source.caveat')} {text['caveat']}"
    with st.container(border=True):
        # One element, not three: the Overview draws eleven of these on every session's first run,
        # and each element is one more message for the server to send while a class joins.
        st.markdown(
            f"**{text['title']}**  \n{badge(source_id)}\n\n{text['claim']}\n\n"
            f":small[:gray[{caveat}]]"
        )
