"""The server's entry point: ``streamlit run streamlit_app.py`` serves `app.py`, warm.

`app.py` is the app (navigation, sidebar, pages); this file only starts it. Served directly
(``streamlit run app.py``, which still works), the first visitor's run imports everything the
first page needs: numpy, the scenario's pydantic models, the two language files parsed by the
pure-Python YAML reader, Streamlit's emoji table. That is about 0.9 s on this machine, and every
session that opened the link at the same moment waits for it behind Python's import lock: a class
joining from its phones, 30 at once, is exactly that moment (issue #15; `benchmarks/load.py`).

Here `st.App` (Streamlit's ASGI app, which ``streamlit run`` detects in this file) runs
`warm_up` in its lifespan, when the server starts and before it answers its health check
(start to healthy: about 1.6 s instead of 0.7 s, `benchmarks/rerun.py`; the bar is 3 s), so no
visitor waits for those imports. It imports modules only: no session, no page run, nothing
cached for a user. Community Cloud's default entry point has this file's name (README, "Deploy").
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

# What the first run of the Overview imports (every session's first page, with the sidebar).
# tests/app/test_first_open.py runs it after `warm_up` and fails if it still imports a module
# of the app or a library. Not the join page's classroom modules (SQLAlchemy, pandas, segno:
# about 0.7 s more before the server answers): phones join a room that the trainer's class
# screen opened, and that screen imports them first.
FIRST_RUN_MODULES = (
    "calculators.present",
    "calculators.reports.overview",
    "streamlit.emojis",
    "ui.cards",
    "ui.sidebar",
    "ui.widgets",
)


def warm_up() -> None:
    """Import what every first run needs, once per server process (~0.8 s, before any visitor)."""
    for name in FIRST_RUN_MODULES:
        importlib.import_module(name)


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    warm_up()
    yield


app = st.App("app.py", lifespan=lifespan)
