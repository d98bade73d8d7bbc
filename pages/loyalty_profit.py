"""Loyalty and profit: what a few points of retention are worth, per customer and for the firm,
and when the famous "+5% retention, +25% profit" holds for the owner's own figures."""

import math
from collections.abc import Hashable

import streamlit as st

from calculators.loyalty import loyalty_report
from calculators.scenario import Scenario
from ui import cards, state, widgets
from ui.charts import loyalty as charts

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


def chart_inputs(scenario: Scenario) -> Hashable:
    """What the charts are drawn from: everything but the satisfaction inputs, which no chart
    shows (changing those rebuilds no figure)."""
    loyalty = scenario.loyalty
    return (
        scenario.business,
        scenario.retention_program,
        loyalty.revenue_growth,
        loyalty.cost_saving,
        loyalty.price_premium,
        loyalty.referrals_per_year,
        loyalty.referral_conversion,
        loyalty.horizon_years,
    )


state.require_app()
t = state.t
st.title(t("loy.title"))
st.markdown(t("loy.intro"))

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

report = loyalty_report(scenario)
shown = chart_inputs(scenario)
impact = report.impact
per_customer = impact.per_customer
horizon = report.horizon


def exists(fraction: float | None) -> bool:
    """A relative change exists unless the value before was 0 (None, or NaN in a table)."""
    return fraction is not None and not math.isnan(fraction)


def change(fraction: float | None) -> str:
    """A relative change as shown: signed percentage, or "n/a" where none exists."""
    return f.signed_percent(fraction) if exists(fraction) else t("common.not_applicable")


def delta(fraction: float | None) -> str | None:
    """A headline's delta: the relative change, or no delta at all where none exists."""
    return f.signed_percent(fraction) if exists(fraction) else None


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
        f"{f.money(per_customer.clv_before)} → {f.money(per_customer.clv_after)}",
        t(
            "loy.headline.value_how",
            years=horizon,
            discount=f.percent(report.discount_rate),
            cac=f.money(report.acquisition_cost),
        ),
        delta=delta(per_customer.relative_change),
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
    first_year = impact.firm_years.loc[1]
    widgets.headline(
        t("loy.headline.year_one"),
        f"{f.money(first_year['before'])} → {f.money(first_year['after'])}",
        t("loy.headline.year_one_how", new=f.number(report.new_customers_per_year)),
        delta=delta(first_year["relative_change"]),
    )
    widgets.headline(
        t("loy.headline.long_run"),
        f"{f.money(impact.steady_before.profit)} → {f.money(impact.steady_after.profit)}",
        t(
            "loy.headline.long_run_how",
            before=f.number(impact.steady_before.customers),
            after=f.number(impact.steady_after.customers),
        ),
        delta=delta(impact.steady_relative_change),
    )

# 2. When does the famous claim hold? Computed for this scenario.
st.header(t("loy.claim.title"))
with st.container(border=True):
    if report.uplift_mode == "relative":
        meaning = t(
            "loy.claim.meaning_relative",
            relative=f.percent(report.relative_uplift, 2),
            before=f.percent(report.retention_before),
            after=f.percent(report.retention_after),
            points=f.points(report.uplift_points),
        )
    else:
        meaning = t(
            "loy.claim.meaning_points",
            points=f.points(report.uplift_points),
            before=f.percent(report.retention_before),
            after=f.percent(report.retention_after),
        )
    low, high = report.reported_range
    firm_years = impact.firm_years["relative_change"]
    sentences = [
        meaning
        + " "
        + t(
            "loy.claim.defection",
            before=f.percent(report.defection_before),
            after=f.percent(report.defection_after),
        ),
        t(
            f"loy.claim.per_customer.{report.claim_position}",
            years=horizon,
            discount=f.percent(report.discount_rate),
            change=change(per_customer.relative_change),
            low=f.percent(low, 0),
            high=f.percent(high, 0),
        ),
        t(
            "loy.claim.firm",
            year_one=change(firm_years.loc[1]),
            year_three=change(firm_years.loc[3]),
            year_ten=change(firm_years.loc[10]),
        ),
        t("loy.claim.long_run", change=change(impact.steady_relative_change)),
        t(
            "loy.claim.horizon",
            years=horizon,
            change=change(per_customer.relative_change),
            unlimited=change(report.per_customer_unlimited.relative_change),
        ),
        t(
            "loy.claim.discount",
            discount=f.percent(report.discount_rate),
            change=change(per_customer.relative_change),
            undiscounted=change(report.per_customer_undiscounted.relative_change),
        ),
    ]
    st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
    st.markdown(t(f"loy.claim.verdict.{report.claim_position}"))
widgets.chart("loy", "uplift", lambda: charts.uplift_curve_lines(report, f), (shown, f))
st.caption(t("loy.uplift_caption", year=report.curve_firm_year))
cards.source_card("retention_profit")

# 3. The whole firm, year by year.
st.header(t("loy.firm.title"))
st.markdown(t("loy.firm.intro", new=f.number(report.new_customers_per_year)))
rows = [
    (t("loy.firm.year", year=year), values["before"], values["after"], values["relative_change"])
    for year, values in impact.firm_years.iterrows()
]
rows.append(
    (
        t("loy.firm.long_run"),
        impact.steady_before.profit,
        impact.steady_after.profit,
        impact.steady_relative_change,
    )
)
st.table(
    {
        t("loy.firm.when"): [row[0] for row in rows],
        t("loy.firm.today", retention=f.percent(report.retention_before)): [
            f.money(row[1]) for row in rows
        ],
        t("loy.firm.improved", retention=f.percent(report.retention_after)): [
            f.money(row[2]) for row in rows
        ],
        t("loy.firm.change"): [change(row[3]) for row in rows],
    },
    hide_index=True,
)
widgets.chart("loy", "profit", lambda: charts.profit_path_lines(report, f), (shown, f))

# 4. One customer's value, component by component.
st.header(t("loy.value.title"))
st.markdown(t("loy.value.intro"))
widgets.field_inputs(COMPONENT_FIELDS, columns=3)
widgets.chart("loy", "waterfall", lambda: charts.value_waterfall(report, f), (shown, f))
st.caption(
    t(
        "loy.value.how",
        retention=f.percent(report.retention_before),
        years=horizon,
        discount=f.percent(report.discount_rate),
        referral=f.money(report.referral_value),
    )
)
widgets.chart("loy", "survival", lambda: charts.survival_lines(report, f), (shown, f))
st.caption(t("loy.survival_caption"))

# 5. From satisfied to delighted (the Xerox 6x figure).
st.header(t("loy.satisfaction.title"))
st.markdown(t("loy.satisfaction.intro"))
widgets.field_inputs(SATISFACTION_FIELDS, columns=3)
link = report.satisfaction
groups = link.retention
cols = st.columns(3)
with cols[0]:
    widgets.headline(
        t("loy.satisfaction.retention"),
        f"{f.percent(groups.extremely_satisfied)} · {f.percent(groups.satisfied)}",
        t("loy.satisfaction.retention_how", others=f.percent(groups.others)),
    )
with cols[1]:
    widgets.headline(
        t("loy.satisfaction.moved"),
        f.money(link.value_per_customer_moved),
        t(
            "loy.satisfaction.moved_how",
            delighted=f.money(link.value_extremely_satisfied),
            satisfied=f.money(link.value_satisfied),
            years=horizon,
        ),
    )
with cols[2]:
    widgets.headline(
        t("loy.satisfaction.shift", share=f.percent(link.shift)),
        f.money(link.value_of_shift),
        t(
            "loy.satisfaction.shift_how",
            before=f.percent(groups.others),
            after=f.percent(link.retention_after_shift),
        ),
    )
if groups.capped:
    st.caption(t("loy.satisfaction.capped"))
if link.share_needed is None:
    st.markdown(t("loy.satisfaction.needed_none"))
elif link.share_needed_feasible:
    st.markdown(
        t(
            "loy.satisfaction.needed",
            points=f.points(report.uplift_points),
            share=f.percent(link.share_needed),
        )
    )
else:
    st.markdown(
        t(
            "loy.satisfaction.needed_too_many",
            points=f.points(report.uplift_points),
            share=f.percent(link.share_needed),
            satisfied=f.percent(scenario.loyalty.share_satisfied),
        )
    )
st.caption(t("loy.satisfaction.model"))
cards.source_card("delighted_6x")
