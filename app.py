"""Retention Lab: the entry point. Page config, navigation and the shared sidebar live here once."""

import streamlit as st

from ui import sidebar, state, widgets
from ui.nav import JOIN, PAGES, sidebar_state, url_path

state.init()
st.set_page_config(page_title=state.t("app.title"), page_icon="📊", layout="wide")

navigation = st.navigation(
    [
        *(
            st.Page(page.path, title=state.t(page.title_key), icon=page.icon, default=index == 0)
            for index, page in enumerate(PAGES)
        ),
        # Participants of a live class open it from the room's QR code: not in the menu.
        st.Page(
            JOIN.path,
            title=state.t(JOIN.title_key),
            icon=JOIN.icon,
            url_path=url_path(JOIN),
            visibility="hidden",
        ),
    ]
)
# Trainer mode is projected: its page opens with the sidebar collapsed, every other page as usual
# (page config calls add up, and the browser only acts when the state changes).
st.set_page_config(initial_sidebar_state=sidebar_state(navigation.url_path))
# A participant's phone shows the join page alone: no scenario, no key figures to compute.
if navigation.url_path != url_path(JOIN):
    sidebar.render()
    widgets.link_issues_notice()
navigation.run()
state.sync_url()
