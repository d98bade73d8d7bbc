"""Loyalty and profit: what a few points of retention are worth, per customer and for the owner's
firm, and the famous "+5% retention, +25% profit" redone on the owner's own figures."""

import streamlit as st

from calculators.reports.loyalty import loyalty_report
from ui import cache, cards, loyalty, state, widgets
from ui.charts import loyalty as charts
from ui.frames import cell
from ui.widgets import Headline

UPLIFT_FIELDS = {
    "points": "retention_program.retention_uplift",
    "relative": "retention_program.relative_uplift",
}
COMPONENT_FIELDS = (
    "loyalty.revenue_growth",
    "loyalty.cost_saving",
    "loyalty.price_premium",
    "loyalty.referrals_per_year",
    "loyalty.referral_conversion",
)
# Wider columns for the uplift mode's long choices and the uplift's long label.
INPUT_WIDTHS = (1.0, 1.6, 1.4, 1.0)
SATISFACTION_FIELDS = (
    "loyalty.share_extremely_satisfied",
    "loyalty.share_satisfied",
    "loyalty.repurchase_ratio",
)

widgets.page_intro("loy")
t = state.t

with st.container(border=True):
    st.subheader(t("loy.inputs"))
    mode = state.scenario().retention_program.uplift_mode
    paths = (
        "business.retention",
        "retention_program.uplift_mode",
        UPLIFT_FIELDS[mode],
        "loyalty.horizon_years",
    )
    for path, column in zip(paths, st.columns(INPUT_WIDTHS), strict=True):
        widgets.field_input(path, container=column)
    scenario = state.scenario()
    business = scenario.business
    f = state.formatter()
    st.caption(
        t(
            "loy.from_overview",
            margin=f.money(business.margin_per_customer),
            cac=f.money(business.acquisition_cost),
            new=f.number(business.new_customers_per_year),
            discount=f.percent(business.discount_rate),
        )
    )

report = cache.report(loyalty_report, scenario)
impact = report.impact
per_customer = impact.per_customer
horizon = f.number(report.horizon)
drawn = (scenario, f)

if report.capped:
    st.info(t("notice.uplift_capped", max=f.percent(report.retention_after)), icon="ℹ️")

# 1. The headline numbers, per customer and for the whole firm, side by side.
st.header(
    t(
        "loy.headline.title",
        before=f.percent(report.retention_before),
        after=f.percent(report.retention_after),
    )
)
customer_col, firm_col = st.columns(2)
with customer_col:
    st.subheader(t("loy.headline.customer_title"))
    widgets.headline(
        t("loy.headline.value"),
        f.before_after(f.money(per_customer.clv_before), f.money(per_customer.clv_after)),
        t(
            "loy.headline.value_how",
            years=horizon,
            discount=f.percent(report.discount_rate),
            cac=f.money(report.acquisition_cost),
        ),
        delta=loyalty.value_change(per_customer, f),
    )
    if not report.pays_back:
        st.warning(
            t(
                "loy.headline.no_payback",
                cac=f.money(report.acquisition_cost),
                before=f.money(per_customer.clv_before),
                change=f.signed_money(per_customer.change),
            ),
            icon="⚠️",
        )
    widgets.headline(
        t("loy.headline.lifetime"),
        t(
            "loy.headline.lifetime_value",
            before=f.years(report.lifetime_before),
            after=f.years(report.lifetime_after),
        ),
        t("loy.headline.lifetime_how"),
    )
with firm_col:
    st.subheader(t("loy.headline.firm_title"))
    widgets.headline(
        t("loy.headline.year_one"),
        f.before_after(
            f.money(cell(impact.firm_years, 1, "before")),
            f.money(cell(impact.firm_years, 1, "after")),
        ),
        t(
            "loy.headline.year_one_how",
            active=f.number(report.active_customers),
            margin=f.money(report.active_margin),
            new=f.number(report.new_customers_per_year),
            cac=f.money(report.acquisition_cost),
        ),
        delta=loyalty.change_text(
            cell(impact.firm_years, 1, "relative_change"), cell(impact.firm_years, 1, "change"), f
        ),
    )
    widgets.headline(
        t("loy.headline.long_run"),
        f.before_after(f.money(impact.steady_before.profit), f.money(impact.steady_after.profit)),
        t(
            "loy.headline.long_run_how",
            before=f.number(impact.steady_before.customers),
            after=f.number(impact.steady_after.customers),
            new=f.number(report.new_customers_per_year),
            cac=f.money(report.acquisition_cost),
        ),
        delta=loyalty.change_text(impact.steady_relative_change, impact.steady_change, f),
    )

# 2. The famous claim redone on this scenario; the published figures as context, no verdict.
st.header(t("loy.claim.title"))
with st.container(border=True):
    st.markdown(loyalty.claim_sentences(report, f))
    st.markdown(loyalty.claim_context(report, f))
widgets.chart("loy", "uplift", lambda: charts.uplift_curve_lines(report, f), drawn)
st.caption(t("loy.uplift_caption", year=f.number(report.curve_firm_year)))
cards.source_card("retention_profit")

# 3. The whole firm, year by year.
st.header(t("loy.firm.title"))
st.markdown(loyalty.firm_intro(report, f))
st.table(loyalty.firm_table(report, f), hide_index=True)
widgets.chart("loy", "profit", lambda: charts.profit_path_lines(report, f), drawn)

# 4. One customer's value, component by component.
st.header(t("loy.value.title"))
st.markdown(t("loy.value.intro"))
widgets.field_inputs(COMPONENT_FIELDS, columns=3)
widgets.chart("loy", "waterfall", lambda: charts.value_waterfall(report, f), drawn)
st.caption(
    t(
        "loy.value.how",
        retention=f.percent(report.retention_before),
        years=horizon,
        discount=f.percent(report.discount_rate),
        referral=f.money(report.referral_value),
    )
)
widgets.chart("loy", "survival", lambda: charts.survival_lines(report, f), drawn)
st.caption(t("loy.survival_caption"))
cards.source_card("illustrative")

# 5. From satisfied to delighted (the Xerox 6x figure).
st.header(t("loy.satisfaction.title"))
st.markdown(t("loy.satisfaction.intro"))
widgets.field_inputs(SATISFACTION_FIELDS, columns=3)
link = report.satisfaction
groups = link.retention
widgets.headline_row(
    [
        Headline(
            t("loy.satisfaction.retention"),
            f"{f.percent(groups.extremely_satisfied)} · {f.percent(groups.satisfied)}",
            t("loy.satisfaction.retention_how", others=f.percent(groups.others)),
        ),
        Headline(
            t("loy.satisfaction.moved"),
            f.money(link.value_per_customer_moved),
            t(
                "loy.satisfaction.moved_how",
                delighted=f.money(link.value_extremely_satisfied),
                satisfied=f.money(link.value_satisfied),
                years=horizon,
            ),
        ),
        Headline(
            t("loy.satisfaction.shift", share=f.percent(link.shift)),
            f.money(link.value_of_shift),
            t(
                "loy.satisfaction.shift_how",
                before=f.percent(groups.others),
                after=f.percent(link.retention_after_shift),
            ),
        ),
    ]
)
if groups.capped:
    st.caption(t("loy.satisfaction.capped"))
st.markdown(loyalty.share_needed_sentence(report, scenario.loyalty.share_satisfied, f))
st.caption(t("loy.satisfaction.model"))
cards.source_card("delighted_6x")
