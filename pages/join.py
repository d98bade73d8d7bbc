"""Join a class room from a phone: the room's code (in the QR code's link), then a few numbers
about the participant's own business, anonymous. Hidden from the menu: participants come by link."""

import streamlit as st

from ui import classroom, state

state.require_app()
st.set_page_config(layout="centered", initial_sidebar_state="collapsed")
classroom.language_switch()
classroom.join_page()
