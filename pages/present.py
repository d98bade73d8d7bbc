"""Trainer mode: the story of the seeds on a projector, one idea per screen, with the class's
numbers live, and a handout of the whole scenario to download. Before the story, the class
screen (``?step=class``): a room the participants join from their phones, their numbers live."""

import streamlit as st

from ui import classroom, present, scenario_tools, state
from ui.handout import build_handout

state.require_app()
present.style()
count = len(present.STEPS)
if present.showing_class():
    present.class_navigation(count)
    classroom.class_screen()
else:
    number = present.current_step(count)
    scenario = state.scenario()
    entered = state.entered_fields()
    lang = state.lang()
    f = state.formatter()
    view = present.step_view(scenario, number, f, entered)

    link = scenario_tools.overview_link()  # the handout's QR code: these figures on the Overview
    room = classroom.handout_room()  # and the class room's, while one is open

    # Built only when the trainer clicks: the handout embeds plotly.js (about 5 MB).
    present.navigation(
        view,
        count,
        lambda appendix: build_handout(
            scenario, lang, entered=entered, appendix=appendix, link=link, room=room
        ),
    )
    left, right = st.columns(present.column_widths(view), gap="large")
    with left:
        present.headline(view)
    with right:
        present.chart(view, (scenario, entered, f))
    present.class_numbers(view)
    present.caveat_grid(view)
