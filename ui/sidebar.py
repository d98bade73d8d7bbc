"""The sidebar every page shares: language switch and the scenario's key figures."""

from __future__ import annotations

import streamlit as st

from calculators.reports.overview import overview_report
from calculators.scenario import default_scenario
from ui import cache, plain, scenario_tools, state
from ui.i18n import LANGS

LANG_WIDGET = "sidebar.lang"


def _on_lang_change() -> None:
    state.set_lang(st.session_state[LANG_WIDGET])


def _reset() -> None:
    state.set_scenario(default_scenario())


def render() -> None:
    t = state.t
    with st.sidebar:
        st.session_state[LANG_WIDGET] = state.lang()
        st.radio(
            t("sidebar.language"),
            options=LANGS,
            format_func={code: t(f"lang.{code}") for code in LANGS}.__getitem__,
            key=LANG_WIDGET,
            horizontal=True,
            on_change=_on_lang_change,
        )
        scenario = state.scenario()
        business = scenario.business
        f = state.formatter()
        report = cache.report(overview_report, scenario)
        st.subheader(t("sidebar.key_figures"))
        if business.name:
            # Typed by the user or carried by a link: shown as text, never as Markdown.
            st.text(plain.text(business.name))
        st.markdown(
            "\n".join(
                [
                    f"- {t('sidebar.customers')}: **{f.number(business.active_customers)}**",
                    f"- {t('sidebar.retention')}: **{f.percent(business.retention)}**",
                    f"- {t('sidebar.margin')}: **{f.money(report.margin_per_customer)}**",
                    f"- {t('sidebar.clv')}: **{f.money(report.clv)}**",
                    f"- {t('sidebar.lost')}: **{f.number(report.customers_lost)}**",
                ]
            )
        )
        st.caption(t("sidebar.edit_hint"))
        st.button(t("sidebar.reset"), on_click=_reset, key="sidebar.reset")
        scenario_tools.render()
