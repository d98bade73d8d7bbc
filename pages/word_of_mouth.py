"""Word of mouth & complaints: the iceberg behind each complaint, who leaves after a problem, how
far the story travels, what it costs and what better complaint handling is worth."""

import streamlit as st

from calculators.word_of_mouth import MAX_PEOPLE_REACHED, word_of_mouth_report
from ui import cards, state, widgets
from ui.charts import word_of_mouth as charts

WOM = "word_of_mouth"
PAGE_FIELDS = (
    f"{WOM}.complaints_per_year",
    f"{WOM}.complaint_share",
    f"{WOM}.problem_share",
    f"{WOM}.problem_size",
    f"{WOM}.resolved_share",
    f"{WOM}.quick_share",
    f"{WOM}.tell_negative",
    f"{WOM}.tell_positive",
)
OUTCOMES = ("silent", "unresolved", "resolved", "resolved_quickly")
LOYALTY_FIELDS = tuple(f"{WOM}.loyalty_{size}.{o}" for size in ("small", "large") for o in OUTCOMES)
RETELL_FIELDS = (f"{WOM}.retell_people", f"{WOM}.retell_probability", f"{WOM}.retell_rounds")
VALUE_FIELDS = (f"{WOM}.influenced_share", f"{WOM}.would_buy_share")
HANDLING_FIELDS = (
    f"{WOM}.target_resolved_share",
    f"{WOM}.target_quick_share",
    f"{WOM}.complaint_handling_cost",
)


state.require_app()
t = state.t
st.title(t("wom.title"))
st.markdown(t("wom.intro"))

with st.container(border=True):
    st.subheader(t("wom.inputs"))
    widgets.field_inputs(PAGE_FIELDS, columns=4)
    with st.expander(t("wom.loyalty_table")):
        widgets.field_inputs(LOYALTY_FIELDS, columns=4)
        size_label = t(f"wom.size.{state.scenario().word_of_mouth.problem_size}")
        st.caption(t("wom.loyalty_table_note", size=size_label))
    scenario = state.scenario()
    business = scenario.business
    f = state.formatter()
    report = word_of_mouth_report(scenario)
    today, better = report.today, report.better
    st.caption(
        t(
            "wom.mix",
            unresolved=f.percent(today.mix.unresolved),
            resolved=f.percent(today.mix.resolved),
            quickly=f.percent(today.mix.resolved_quickly),
        )
    )
    st.caption(
        t(
            "wom.from_overview",
            customers=f.number(business.active_customers),
            clv=f.money(report.clv),
            margin=f.money(business.margin_per_customer),
            retention=f.percent(business.retention),
            discount=f.percent(business.discount_rate),
        )
    )

if report.problem_capped:
    st.warning(
        t(
            "wom.capped",
            complaints=f.number(report.complaints),
            share=f.percent(report.complaint_share),
            iceberg=f.number(report.iceberg),
            customers=f.number(report.active_customers),
        ),
        icon="⚠️",
    )

if report.reach_capped:
    st.info(t("wom.reach_capped", people=f.number(MAX_PEOPLE_REACHED)), icon="ℹ️")

share = f.percent(report.complaint_share)
retelling = (
    t(
        "wom.retelling",
        multiplier=f.number(report.retell_multiplier, 2),
        rounds=report.retell_rounds,
    )
    if report.retell_rounds
    else ""
)
leaving = report.loyalty.leaving
outcomes = today.outcomes

# 1. The complaint iceberg.
st.header(t("wom.iceberg.title"))
cols = st.columns(3)
with cols[0]:
    widgets.headline(
        t("wom.iceberg.silent"),
        charts.count(f, report.silent_per_complaint),
        t(
            "wom.iceberg.silent_how",
            share=share,
            per=charts.count(f, report.problems_per_complaint),
            silent=charts.count(f, report.silent_per_complaint),
        ),
    )
with cols[1]:
    widgets.headline(
        t("wom.iceberg.with_problem"),
        charts.count(f, report.customers_with_problem),
        t(
            "wom.iceberg.with_problem_how",
            complaints=f.number(report.complaints),
            share=share,
            estimate_share=f.percent(scenario.word_of_mouth.problem_share),
            customers=f.number(report.active_customers),
            estimate=charts.count(f, report.estimated_with_problem),
        ),
    )
with cols[2]:
    widgets.headline(
        t("wom.iceberg.lost"),
        charts.count(f, outcomes.customers_lost),
        t(
            "wom.iceberg.lost_how",
            silent=f.percent(leaving.silent),
            unresolved=f.percent(leaving.unresolved),
            resolved=f.percent(leaving.resolved),
            quickly=f.percent(leaving.resolved_quickly),
        ),
    )
widgets.chart("wom", "iceberg", lambda: charts.iceberg_bars(report, f), (scenario, f))
low, high = report.iceberg_range
st.caption(
    t(
        "wom.iceberg.range",
        complaints=f.number(report.complaints),
        low=charts.count(f, low),
        high=charts.count(f, high),
    )
)
left, right = st.columns(2)
with left:
    cards.source_card("complain_4pct")
with right:
    cards.source_card("never_complain_70pct")

# 2. Where the problems lead.
st.header(t("wom.flow.title"))
widgets.chart("wom", "flow", lambda: charts.problem_sankey(report, f), (scenario, f))
st.caption(t("wom.flow.how", size=size_label))
cards.source_card("recovery_95pct")
st.caption(t("wom.flow.folklore"))
left, right = st.columns(2)
with left:
    cards.source_card("leave_68pct")
with right:
    cards.source_card("silent_leavers_90pct")

# 3. How far the story travels.
st.header(t("wom.reach.title"))
reach = today.reach
cols = st.columns(3)
with cols[0]:
    widgets.headline(
        t("wom.reach.negative"),
        charts.count(f, reach.negative),
        t(
            "wom.reach.negative_how",
            unhappy=charts.count(f, today.unhappy),
            tell=charts.count(f, report.tell_negative),
            retelling=retelling,
        ),
    )
with cols[1]:
    widgets.headline(
        t("wom.reach.positive"),
        charts.count(f, reach.positive),
        t(
            "wom.reach.positive_how",
            happy=charts.count(f, today.happy),
            tell=charts.count(f, report.tell_positive),
            retelling=retelling,
        ),
    )
with cols[2]:
    if reach.balance_ratio is None:
        widgets.headline(t("wom.reach.balance"), t("wom.reach.never"), t("wom.reach.never_how"))
    else:
        widgets.headline(
            t("wom.reach.balance"),
            f.number(reach.balance_ratio, 1),
            t(
                "wom.reach.balance_how",
                negative=charts.count(f, report.tell_negative),
                positive=charts.count(f, report.tell_positive),
            ),
        )
widgets.chart("wom", "reach", lambda: charts.reach_butterfly(report, f), (scenario, f))
cards.source_card("tell_9_vs_5")

st.subheader(t("wom.retell.title"))
widgets.field_inputs(RETELL_FIELDS, columns=3)
widgets.chart("wom", "retell", lambda: charts.retelling_lines(report, f), (scenario, f))
retell_values = {
    "people": charts.count(f, scenario.word_of_mouth.retell_people),
    "probability": f.percent(scenario.word_of_mouth.retell_probability),
    "ratio": f.number(report.retell_ratio, 2),
}
if report.retell_rounds:
    st.caption(
        t(
            "wom.retell.how",
            rounds=report.retell_rounds,
            multiplier=f.number(report.retell_multiplier, 2),
            **retell_values,
        )
    )
else:
    st.caption(t("wom.retell.how_none", **retell_values))

# 4. What it costs.
st.header(t("wom.value.title"))
widgets.field_inputs(VALUE_FIELDS, columns=2)
influenced = f.percent(report.influenced_share)
would_buy = f.percent(report.would_buy_share)
cols = st.columns(3)
with cols[0]:
    widgets.headline(
        t("wom.value.at_risk"),
        f.money(today.value_at_risk),
        t(
            "wom.value.at_risk_how",
            lost=charts.count(f, outcomes.customers_lost),
            prospects=charts.count(f, today.prospects_lost),
            clv=f.money(report.clv),
        ),
    )
with cols[1]:
    widgets.headline(
        t("wom.value.prospects_lost"),
        charts.count(f, today.prospects_lost),
        t(
            "wom.value.prospects_lost_how",
            reach=charts.count(f, reach.negative),
            influenced=influenced,
            would_buy=would_buy,
        ),
    )
with cols[2]:
    widgets.headline(
        t("wom.value.prospects_won"),
        charts.count(f, today.prospects_won),
        t(
            "wom.value.prospects_won_how",
            reach=charts.count(f, reach.positive),
            influenced=influenced,
            would_buy=would_buy,
            value=f.money(today.value_prospects_won),
            clv=f.money(report.clv),
        ),
    )

# 5. What better complaint handling is worth.
st.header(t("wom.handling.title"))
widgets.field_inputs(HANDLING_FIELDS, columns=3)
st.caption(
    t(
        "wom.handling.mix",
        unresolved=f.percent(better.mix.unresolved),
        resolved=f.percent(better.mix.resolved),
        quickly=f.percent(better.mix.resolved_quickly),
    )
)
handling = report.handling
cols = st.columns(4)
with cols[0]:
    widgets.headline(
        t("wom.handling.kept"),
        charts.count(f, report.customers_kept),
        t(
            "wom.handling.kept_how",
            today=charts.count(f, outcomes.complainers_lost),
            better=charts.count(f, better.outcomes.complainers_lost),
        ),
    )
with cols[1]:
    widgets.headline(
        t("wom.handling.avoided"),
        charts.count(f, report.mentions_avoided),
        t(
            "wom.handling.avoided_how",
            customers=charts.count(f, report.unhappy_avoided),
            tell=charts.count(f, report.tell_negative),
            retelling=retelling,
        ),
    )
with cols[2]:
    widgets.headline(
        t("wom.handling.net"),
        f.money(handling.net),
        t(
            "wom.handling.net_how",
            gain=f.money(handling.gain),
            cost=f.money(handling.cost),
            complaints=f.number(report.complaints),
            per=f.money(report.cost_per_complaint),
        ),
        delta=t("wom.handling.pays") if handling.net >= 0 else t("wom.handling.does_not_pay"),
    )
with cols[3]:
    if handling.roi is None:
        widgets.headline(
            t("wom.handling.roi"), t("common.not_applicable"), t("wom.handling.roi_free_how")
        )
    else:
        widgets.headline(
            t("wom.handling.roi"), f.percent(handling.roi, 0), t("wom.handling.roi_how")
        )
widgets.chart("wom", "handling", lambda: charts.handling_bars(report, f), (scenario, f))
st.caption(t("wom.handling.note"))
st.caption(t("wom.handling.sixty"))
cards.source_card("first_60s")
