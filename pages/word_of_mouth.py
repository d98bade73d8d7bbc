"""Word of mouth & complaints: the iceberg behind each complaint, who leaves after a problem, how
far the story travels, what it costs and what better complaint handling is worth."""

import streamlit as st

from calculators.reports.word_of_mouth import word_of_mouth_report
from calculators.word_of_mouth import MAX_PEOPLE_REACHED
from ui import cache, cards, state, widgets
from ui.charts import word_of_mouth as charts
from ui.widgets import Headline
from ui.word_of_mouth import losses_bound_sentence, lost_how, mix_sentence, retelling_clause

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


widgets.page_intro("wom")
t = state.t

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
    report = cache.report(word_of_mouth_report, scenario)
    today, better = report.today, report.better
    st.caption(mix_sentence("wom.mix", today.mix, f))
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

bound_warning = losses_bound_sentence(report, f)
if bound_warning:
    st.warning(bound_warning, icon="⚠️")

if report.reach_capped:
    st.info(t("wom.reach_capped", people=f.number(MAX_PEOPLE_REACHED)), icon="ℹ️")

share = f.percent(report.complaint_share)
retelling = retelling_clause(report.retell_multiplier, report.retell_rounds, f)
outcomes = today.outcomes
drawn = (scenario, f)

# 1. The complaint iceberg.
st.header(t("wom.iceberg.title"))
widgets.headline_row(
    [
        Headline(
            t("wom.iceberg.silent"),
            f.count(report.silent_per_complaint),
            t(
                "wom.iceberg.silent_how",
                share=share,
                per=f.count(report.problems_per_complaint),
                silent=f.count(report.silent_per_complaint),
            ),
        ),
        Headline(
            t("wom.iceberg.with_problem"),
            f.count(report.customers_with_problem),
            t(
                "wom.iceberg.with_problem_how",
                complaints=f.number(report.complaints),
                share=share,
                estimate_share=f.percent(scenario.word_of_mouth.problem_share),
                customers=f.number(report.active_customers),
                estimate=f.count(report.estimated_with_problem),
            ),
        ),
        Headline(t("wom.iceberg.lost"), f.count(outcomes.customers_lost), lost_how(report, f)),
    ]
)
widgets.chart("wom", "iceberg", lambda: charts.iceberg_bars(report, f), drawn)
low, high = report.iceberg_range
st.caption(
    t(
        "wom.iceberg.range",
        complaints=f.number(report.complaints),
        low=f.count(low),
        high=f.count(high),
    )
)
cards.source_cards("complain_4pct", "never_complain_70pct")

# 2. Where the problems lead.
st.header(t("wom.flow.title"))
widgets.chart("wom", "flow", lambda: charts.problem_sankey(report, f), drawn)
st.caption(t("wom.flow.how", size=size_label))
cards.source_card("recovery_95pct")
st.caption(t("wom.flow.folklore"))
cards.source_cards("leave_68pct", "silent_leavers_90pct")

# 3. How far the story travels.
st.header(t("wom.reach.title"))
reach = today.reach
tell_negative, tell_positive = f.count(report.tell_negative), f.count(report.tell_positive)
balance = (
    Headline(t("wom.reach.balance"), t("wom.reach.never"), t("wom.reach.never_how"))
    if reach.balance_ratio is None
    else Headline(
        t("wom.reach.balance"),
        f.number(reach.balance_ratio, 1),
        t("wom.reach.balance_how", negative=tell_negative, positive=tell_positive),
    )
)
widgets.headline_row(
    [
        Headline(
            t("wom.reach.negative"),
            f.count(reach.negative),
            t(
                "wom.reach.negative_how",
                unhappy=f.count(today.unhappy),
                tell=tell_negative,
                retelling=retelling,
            ),
        ),
        Headline(
            t("wom.reach.positive"),
            f.count(reach.positive),
            t(
                "wom.reach.positive_how",
                happy=f.count(today.happy),
                tell=tell_positive,
                retelling=retelling,
            ),
        ),
        balance,
    ]
)
widgets.chart("wom", "reach", lambda: charts.reach_butterfly(report, f), drawn)
st.caption(t("wom.reach.assumptions", negative=tell_negative, positive=tell_positive))
cards.source_card("tell_9_vs_5")

st.subheader(t("wom.retell.title"))
widgets.field_inputs(RETELL_FIELDS, columns=3)
widgets.chart("wom", "retell", lambda: charts.retelling_lines(report, f), drawn)
retell_values = {
    "people": f.count(scenario.word_of_mouth.retell_people),
    "probability": f.percent(scenario.word_of_mouth.retell_probability),
    "ratio": f.number(report.retell_ratio, 2),
}
if report.retell_rounds:
    st.caption(
        t(
            "wom.retell.how",
            rounds=f.number(report.retell_rounds),
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
widgets.headline_row(
    [
        Headline(
            t("wom.value.at_risk"),
            f.money(today.value_at_risk),
            t(
                "wom.value.at_risk_how",
                lost=f.count(outcomes.customers_lost),
                prospects=f.count(today.prospects_lost),
                clv=f.money(report.clv),
            ),
        ),
        Headline(
            t("wom.value.prospects_lost"),
            f.count(today.prospects_lost),
            t(
                "wom.value.prospects_lost_how",
                reach=f.count(reach.negative),
                influenced=influenced,
                would_buy=would_buy,
            ),
        ),
        Headline(
            t("wom.value.prospects_won"),
            f.count(today.prospects_won),
            t(
                "wom.value.prospects_won_how",
                reach=f.count(reach.positive),
                influenced=influenced,
                would_buy=would_buy,
                value=f.money(today.value_prospects_won),
                clv=f.money(report.clv),
            ),
        ),
    ]
)

# 5. What better complaint handling is worth.
st.header(t("wom.handling.title"))
widgets.field_inputs(HANDLING_FIELDS, columns=3)
st.caption(mix_sentence("wom.handling.mix", better.mix, f))
handling = report.handling
widgets.headline_row(
    [
        Headline(
            t("wom.handling.kept"),
            f.count(report.customers_kept),
            t(
                "wom.handling.kept_how",
                today=f.count(outcomes.complainers_lost),
                better=f.count(better.outcomes.complainers_lost),
            ),
        ),
        Headline(
            t("wom.handling.avoided"),
            f.count(report.mentions_avoided),
            t(
                "wom.handling.avoided_how",
                customers=f.count(report.unhappy_avoided),
                tell=tell_negative,
                retelling=retelling,
            ),
        ),
        Headline(
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
        ),
        Headline(
            t("wom.handling.roi"),
            f.optional(f.percent, handling.roi, 0),
            t("wom.handling.roi_free_how") if handling.roi is None else t("wom.handling.roi_how"),
        ),
    ]
)
widgets.chart("wom", "handling", lambda: charts.handling_bars(report, f), drawn)
st.caption(t("wom.handling.note"))
st.caption(t("wom.handling.sixty"))
cards.source_card("first_60s")
