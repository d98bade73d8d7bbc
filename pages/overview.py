"""Overview: the owner's key numbers, what churn costs them, and the famous figures checked."""

import streamlit as st

from calculators.clv import defection_rate
from calculators.present import FAMOUS_FIGURES
from calculators.reports.overview import overview_report
from ui import cache, cards, state, widgets
from ui.nav import ACQUISITION, LOYALTY
from ui.widgets import Headline

widgets.page_intro("overview")
t = state.t

with st.container(border=True):
    st.subheader(t("overview.inputs"))
    widgets.field_inputs(widgets.section_fields("business"), columns=3)

scenario = state.scenario()
business = scenario.business
report = cache.report(overview_report, scenario)
f = state.formatter()
uplift = report.uplift

st.subheader(t("overview.results"))
widgets.headline_row(
    [
        Headline(
            t("overview.lost.label"),
            f.number(report.customers_lost),
            t(
                "overview.lost.how",
                customers=f.number(business.active_customers),
                churn=f.percent(defection_rate(business.retention)),
            ),
            link=ACQUISITION,
        ),
        Headline(
            t("overview.margin_lost.label"),
            f.money(report.margin_lost),
            t(
                "overview.margin_lost.how",
                margin=f.money(report.margin_per_customer),
                revenue=f.money(business.revenue_per_customer),
                gross=f.percent(business.gross_margin),
            ),
            link=ACQUISITION,
        ),
        Headline(
            t("overview.replacement.label"),
            f.money(report.replacement_cost),
            t("overview.replacement.how", cac=f.money(business.acquisition_cost)),
            link=ACQUISITION,
        ),
        Headline(
            t(
                "overview.uplift.label_capped" if report.uplift_capped else "overview.uplift.label",
                points=f.points(report.uplift_points),
                max=f.percent(report.retention_after),
            ),
            f.money(uplift.change),
            t(
                "overview.uplift.how_capped" if report.uplift_capped else "overview.uplift.how",
                before=f.money(uplift.clv_before),
                after=f.money(uplift.clv_after),
                retention=f.percent(report.retention_before),
                retention_after=f.percent(report.retention_after),
                asked=f.points(scenario.retention_program.retention_uplift),
                points=f.points(report.uplift_points),
            ),
            delta=widgets.change_delta(uplift.relative_change, f),
            link=LOYALTY,
        ),
        Headline(
            t("overview.clv.label"),
            f.money(report.clv),
            t(
                "overview.clv.how",
                margin=f.money(report.margin_per_customer),
                discount=f.percent(business.discount_rate),
                retention=f.percent(business.retention),
            ),
            link=LOYALTY,
        ),
        Headline(
            t("overview.ltv_cac.label"),
            f.optional(f.ratio, report.ltv_to_cac),
            t("overview.ltv_cac.how"),
            link=ACQUISITION,
        ),
    ],
    per_row=3,
)

st.subheader(t("overview.famous"))
st.caption(t("overview.famous_intro"))
columns = st.columns(3)
for index, source_id in enumerate(FAMOUS_FIGURES):
    with columns[index % 3]:
        cards.figure_card(source_id)
