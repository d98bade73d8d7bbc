"""Acquisition vs retention: what churn costs each year next to what keeping customers costs."""

import streamlit as st

from calculators.reports import acquisition_report
from ui import cards, state, widgets
from ui.charts import acquisition as charts

PAGE_FIELDS = (
    "business.retention",
    "business.acquisition_cost",
    "retention_program.cost_per_customer",
    "retention_program.retention_uplift",
    "acquisition.acquire_to_retain_ratio",
    "acquisition.lost_to_replace_ratio",
)

state.require_app()
t = state.t
st.title(t("acq.title"))
st.markdown(t("acq.intro"))

with st.container(border=True):
    st.subheader(t("acq.inputs"))
    widgets.field_inputs(PAGE_FIELDS, columns=3)
    scenario = state.scenario()
    business = scenario.business
    f = state.formatter()
    st.caption(
        t(
            "acq.from_overview",
            customers=f.number(business.active_customers),
            margin=f.money(business.margin_per_customer),
            new=f.number(business.new_customers_per_year),
            discount=f.percent(business.discount_rate),
        )
    )

if scenario.uplift_capped:
    st.info(t("notice.uplift_capped", max=f.percent(scenario.retention_after_program)), icon="ℹ️")

report = acquisition_report(scenario)
churn = report.churn

# 1. A year of churn: replacing vs keeping.
st.header(t("acq.year.title"))
cols = [*st.columns(2), *st.columns(2)]
with cols[0]:
    widgets.headline(
        t("acq.year.replacement"),
        f.money(churn.replacement_cost),
        t(
            "acq.year.replacement_how",
            lost=f.number(churn.customers_lost),
            cac=f.money(business.acquisition_cost),
        ),
    )
with cols[1]:
    widgets.headline(
        t("acq.year.keep_rule", ratio=f.ratio(report.acquire_to_retain_ratio)),
        f.money(churn.keep_cost_by_rule),
        t("acq.year.keep_rule_how", ratio=f.ratio(report.acquire_to_retain_ratio)),
    )
with cols[2]:
    widgets.headline(
        t("acq.year.margin_lost"),
        f.money(churn.margin_lost),
        t("acq.year.margin_lost_how", margin=f.money(business.margin_per_customer)),
    )
with cols[3]:
    widgets.headline(
        t("acq.year.own_ratio"),
        f.ratio(churn.own_replace_ratio, 2)
        if churn.own_replace_ratio is not None
        else t("common.not_applicable"),
        t(
            "acq.year.own_ratio_how",
            rule=f.ratio(report.lost_to_replace_ratio),
            rule_total=f.money(churn.rule_replace_cost),
        ),
    )
widgets.chart("acq", "churn", lambda: charts.churn_cost_bars(report, f), (scenario, f))
left, right = st.columns(2)
with left:
    cards.source_card("acquire_5x")
with right:
    cards.source_card("replace_1_to_10")

# 2. The leaky bucket.
st.header(t("acq.bucket.title"))
final_year = report.bucket.index[-1]
cols = st.columns(3)
with cols[0]:
    widgets.headline(
        t("acq.bucket.today", year=final_year),
        f.number(report.bucket["today"].iloc[-1]),
        t(
            "acq.bucket.how",
            retention=f.percent(report.retention_before),
            new=f.number(business.new_customers_per_year),
        ),
    )
with cols[1]:
    widgets.headline(
        t("acq.bucket.with_program", year=final_year),
        f.number(report.bucket["with_program"].iloc[-1]),
        t(
            "acq.bucket.how",
            retention=f.percent(report.retention_after),
            new=f.number(business.new_customers_per_year),
        ),
    )
with cols[2]:
    widgets.headline(
        t("acq.bucket.steady"),
        f"{f.number(report.steady_today)} → {f.number(report.steady_with_program)}",
        t("acq.bucket.steady_how"),
    )
widgets.chart("acq", "bucket", lambda: charts.leaky_bucket_lines(report, f), (scenario, f))

# 3. Break-even programme spend.
st.header(t("acq.break_even.title"))
cols = st.columns(3)
with cols[0]:
    widgets.headline(
        t("acq.break_even.label"),
        f.money(report.break_even, 2),
        t(
            "acq.break_even.how",
            before=f.percent(report.retention_before),
            after=f.percent(report.retention_after),
        ),
    )
with cols[1]:
    widgets.headline(
        t("acq.break_even.yours"),
        f.money(report.program_cost, 2),
        t("acq.break_even.yours_how"),
    )
with cols[2]:
    pays = report.program_net_gain >= 0
    widgets.headline(
        t("acq.break_even.net_gain"),
        f.money(report.program_net_gain),
        t("acq.break_even.net_gain_how"),
        delta=t("acq.break_even.pays") if pays else t("acq.break_even.does_not_pay"),
    )
widgets.chart("acq", "break_even", lambda: charts.break_even_line(report, f), (scenario, f))
cards.source_card("retention_profit")

# 4. Payback and LTV:CAC.
st.header(t("acq.saas.title"))
cols = st.columns(2)
with cols[0]:
    widgets.headline(
        t("acq.saas.payback"),
        t("acq.saas.years", years=report.payback_years)
        if report.payback_years is not None
        else t("acq.saas.never"),
        t("acq.saas.payback_how"),
    )
with cols[1]:
    widgets.headline(
        t("acq.saas.ltv_cac"),
        f.ratio(report.ltv_to_cac) if report.ltv_to_cac is not None else t("common.not_applicable"),
        t(
            "acq.saas.ltv_cac_how",
            clv=f.money(report.clv),
            target=f.ratio(report.ltv_to_cac_target),
        ),
    )
cards.source_card("saas_rules")
