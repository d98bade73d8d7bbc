"""Streamlit-side helpers shared by the pages: state, i18n, formatting, charts, source cards."""
