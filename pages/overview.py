"""Overview: the owner's key numbers, what churn costs them, and the famous figures checked."""

import streamlit as st

from calculators.present import FAMOUS_FIGURES
from calculators.reports import overview_report
from ui import cards, state, widgets
from ui.nav import ACQUISITION, LOYALTY

BUSINESS_FIELDS = (
    "business.name",
    "business.currency",
    "business.active_customers",
    "business.revenue_per_customer",
    "business.gross_margin",
    "business.new_customers_per_year",
    "business.acquisition_cost",
    "business.retention",
    "business.discount_rate",
)

state.require_app()
t = state.t
st.title(t("overview.title"))
st.markdown(t("overview.intro"))

with st.container(border=True):
    st.subheader(t("overview.inputs"))
    widgets.field_inputs(BUSINESS_FIELDS, columns=3)

scenario = state.scenario()
business = scenario.business
report = overview_report(scenario)
f = state.formatter()

st.subheader(t("overview.results"))
first, second, third = st.columns(3)
with first:
    widgets.headline(
        t("overview.lost.label"),
        f.number(report.customers_lost),
        t(
            "overview.lost.how",
            customers=f.number(business.active_customers),
            churn=f.percent(1 - business.retention),
        ),
        link=ACQUISITION,
    )
with second:
    widgets.headline(
        t("overview.margin_lost.label"),
        f.money(report.margin_lost),
        t(
            "overview.margin_lost.how",
            margin=f.money(report.margin_per_customer),
            revenue=f.money(business.revenue_per_customer),
            gross=f.percent(business.gross_margin),
        ),
        link=ACQUISITION,
    )
with third:
    widgets.headline(
        t("overview.replacement.label"),
        f.money(report.replacement_cost),
        t("overview.replacement.how", cac=f.money(business.acquisition_cost)),
        link=ACQUISITION,
    )

fourth, fifth, sixth = st.columns(3)
uplift = report.uplift
with fourth:
    widgets.headline(
        t("overview.uplift.label", points=f.points(scenario.retention_program.retention_uplift)),
        f.money(uplift.change),
        t(
            "overview.uplift.how",
            before=f.money(uplift.clv_before),
            after=f.money(uplift.clv_after),
            retention=f.percent(business.retention),
            retention_after=f.percent(scenario.retention_after_program),
        ),
        delta=None if uplift.relative_change is None else f.signed_percent(uplift.relative_change),
        link=LOYALTY,
    )
with fifth:
    widgets.headline(
        t("overview.clv.label"),
        f.money(report.clv),
        t(
            "overview.clv.how",
            margin=f.money(report.margin_per_customer),
            discount=f.percent(business.discount_rate),
            retention=f.percent(business.retention),
        ),
        link=LOYALTY,
    )
with sixth:
    widgets.headline(
        t("overview.ltv_cac.label"),
        f.ratio(report.ltv_to_cac) if report.ltv_to_cac is not None else t("common.not_applicable"),
        t("overview.ltv_cac.how"),
        link=ACQUISITION,
    )

st.subheader(t("overview.famous"))
st.caption(t("overview.famous_intro"))
columns = st.columns(3)
for index, source_id in enumerate(FAMOUS_FIGURES):
    with columns[index % 3]:
        cards.figure_card(source_id)
