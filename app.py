"""Retention Lab: the entry point. Page config, navigation and the shared sidebar live here once."""

import streamlit as st

from ui import sidebar, state, widgets
from ui.nav import PAGES

state.init()
st.set_page_config(page_title=state.t("app.title"), page_icon="📊", layout="wide")

navigation = st.navigation(
    [
        st.Page(page.path, title=state.t(page.title_key), icon=page.icon, default=index == 0)
        for index, page in enumerate(PAGES)
    ]
)
sidebar.render()
widgets.link_issues_notice()
navigation.run()
state.sync_url()
