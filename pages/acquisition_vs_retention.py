"""Acquisition vs retention: what churn costs each year next to what keeping customers costs."""

import streamlit as st

from calculators.reports.acquisition import acquisition_report
from ui import cache, cards, state, widgets
from ui.charts import acquisition as charts
from ui.widgets import Headline

PAGE_FIELDS = (
    "business.retention",
    "business.acquisition_cost",
    "retention_program.cost_per_customer",
    "retention_program.retention_uplift",
    "acquisition.acquire_to_retain_ratio",
    "acquisition.lost_to_replace_ratio",
)

widgets.page_intro("acq")
t = state.t

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

report = cache.report(acquisition_report, scenario)
churn = report.churn
drawn = (scenario, f)

# 1. A year of churn: replacing vs keeping.
st.header(t("acq.year.title"))
acquire_to_retain = f.ratio(report.acquire_to_retain_ratio)
widgets.headline_row(
    [
        Headline(
            t("acq.year.replacement"),
            f.money(churn.replacement_cost),
            t(
                "acq.year.replacement_how",
                lost=f.number(churn.customers_lost),
                cac=f.money(business.acquisition_cost),
            ),
        ),
        Headline(
            t("acq.year.keep_rule", ratio=acquire_to_retain),
            f.money(churn.keep_cost_by_rule),
            t("acq.year.keep_rule_how", ratio=acquire_to_retain),
        ),
        Headline(
            t("acq.year.margin_lost"),
            f.money(churn.margin_lost),
            t("acq.year.margin_lost_how", margin=f.money(business.margin_per_customer)),
        ),
        Headline(
            t("acq.year.own_ratio"),
            f.optional(f.ratio, churn.own_replace_ratio, 2),
            t(
                "acq.year.own_ratio_how",
                rule=f.ratio(report.lost_to_replace_ratio),
                rule_total=f.money(churn.rule_replace_cost),
            ),
        ),
    ],
    per_row=2,
)
widgets.chart("acq", "churn", lambda: charts.churn_cost_bars(report, f), drawn)
cards.source_cards("acquire_5x", "replace_1_to_10")

# 2. The leaky bucket.
st.header(t("acq.bucket.title"))
final_year = report.bucket.index[-1]
new_customers = f.number(business.new_customers_per_year)
after_ten_years = [
    Headline(
        t(f"acq.bucket.{column}", year=final_year),
        f.number(report.bucket[column].iloc[-1]),
        t("acq.bucket.how", retention=f.percent(retention), new=new_customers),
    )
    for column, retention in (
        ("today", report.retention_before),
        ("with_program", report.retention_after),
    )
]
steady = Headline(
    t("acq.bucket.steady"),
    f.before_after(f.number(report.steady_today), f.number(report.steady_with_program)),
    t("acq.bucket.steady_how"),
)
widgets.headline_row([*after_ten_years, steady])
widgets.chart("acq", "bucket", lambda: charts.leaky_bucket_lines(report, f), drawn)

# 3. Break-even programme spend.
st.header(t("acq.break_even.title"))
pays = report.program_net_gain >= 0
widgets.headline_row(
    [
        Headline(
            t("acq.break_even.label"),
            f.money(report.break_even, 2),
            t(
                "acq.break_even.how",
                before=f.percent(report.retention_before),
                after=f.percent(report.retention_after),
            ),
        ),
        Headline(
            t("acq.break_even.yours"),
            f.money(report.program_cost, 2),
            t("acq.break_even.yours_how"),
        ),
        Headline(
            t("acq.break_even.net_gain"),
            f.money(report.program_net_gain),
            t("acq.break_even.net_gain_how"),
            delta=t("acq.break_even.pays") if pays else t("acq.break_even.does_not_pay"),
        ),
    ]
)
widgets.chart("acq", "break_even", lambda: charts.break_even_line(report, f), drawn)
cards.source_card("retention_profit")

# 4. Payback and LTV:CAC.
st.header(t("acq.saas.title"))
widgets.headline_row(
    [
        Headline(
            t("acq.saas.payback"),
            t("acq.saas.years", years=f.number(report.payback_years))
            if report.payback_years is not None
            else t("acq.saas.never"),
            t("acq.saas.payback_how"),
        ),
        Headline(
            t("acq.saas.ltv_cac"),
            f.optional(f.ratio, report.ltv_to_cac),
            t(
                "acq.saas.ltv_cac_how",
                clv=f.money(report.clv),
                target=f.ratio(report.ltv_to_cac_target),
            ),
        ),
    ]
)
widgets.chart("acq", "payback", lambda: charts.payback_lines(report, f), drawn)
cards.source_card("saas_rules")
