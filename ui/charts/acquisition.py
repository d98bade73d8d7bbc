"""Charts of the Acquisition-vs-retention page."""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go

from calculators.reports.acquisition import AcquisitionReport
from ui.charts.base import (
    ACCENT,
    GOOD,
    INK,
    MUTED,
    WARM,
    Reference,
    add_references,
    base_layout,
    keyed_layout,
    money_axis,
    value_line,
)
from ui.fmt import Formatter
from ui.i18n import translate


def churn_cost_bars(report: AcquisitionReport, f: Formatter) -> go.Figure:
    """Bars: a year's cost of replacing lost customers vs keeping them (rule, programme)."""
    t = partial(translate, f.lang)
    churn = report.churn
    names = [t("chart.churn.replace"), t("chart.churn.keep_rule"), t("chart.churn.program")]
    values = [churn.replacement_cost, churn.keep_cost_by_rule, churn.program_cost]
    notes = [
        t("chart.churn.replace_note", customers=f.number(churn.customers_lost)),
        t("chart.churn.keep_rule_note", ratio=f.ratio(report.acquire_to_retain_ratio)),
        t("chart.churn.program_note", customers=f.number(churn.customers_kept_by_program)),
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color=[WARM, ACCENT, GOOD],
            text=[f.money(v) for v in values],
            textposition="outside",
            customdata=notes,
            hovertemplate="%{x}<br>%{text}<br>%{customdata}<extra></extra>",
        )
    )
    base_layout(fig, f, t("chart.churn.title"), x_title="", y_title=t("chart.churn.y"))
    money_axis(fig, f)
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(showlegend=False, uniformtext_minsize=12)
    return fig


def leaky_bucket_lines(report: AcquisitionReport, f: Formatter) -> go.Figure:
    """Lines: customers over ten years with today's retention and with the programme."""
    t = partial(translate, f.lang)
    years = report.bucket.index.tolist()
    fig = go.Figure()
    series = (
        ("today", report.retention_before, report.steady_today, WARM, "dash"),
        ("with_program", report.retention_after, report.steady_with_program, ACCENT, "dot"),
    )
    steady_lines = []
    for column, retention, steady, colour, steady_dash in series:
        name = t(f"chart.bucket.{column}", retention=f.percent(retention))
        values = report.bucket[column].tolist()
        shown = [f.number(v) for v in values]
        fig.add_trace(value_line(years, values, name, colour, shown, t("chart.bucket.year")))
        steady_lines.append(
            Reference(
                "y",
                steady,
                {"color": colour, "dash": steady_dash, "width": 2},
                t("chart.bucket.steady", customers=f.number(steady)),
                "top left",
                colour,
            )
        )
    add_references(fig, *steady_lines)
    keyed_layout(fig, f, "chart.bucket")
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f")
    return fig


def break_even_line(report: AcquisitionReport, f: Formatter) -> go.Figure:
    """Net gain per customer against the programme's yearly cost; break-even and own cost marked."""
    t = partial(translate, f.lang)
    costs = report.net_gain["program_cost"].tolist()
    gains = report.net_gain["net_gain"].tolist()
    fig = go.Figure(
        go.Scatter(
            x=costs,
            y=gains,
            name=t("chart.break_even.gain"),
            mode="lines",
            line={"color": ACCENT, "width": 4},
            customdata=[[f.money(c, 2), f.money(g)] for c, g in zip(costs, gains, strict=True)],
            hovertemplate=f"{t('chart.break_even.x')}: %{{customdata[0]}}<br>"
            f"{t('chart.break_even.gain')}: %{{customdata[1]}}<extra></extra>",
        )
    )
    add_references(
        fig,
        Reference("y", 0, {"color": MUTED, "width": 2}),
        Reference(
            "x",
            report.break_even,
            {"color": INK, "dash": "dash", "width": 2},
            t("chart.break_even.marker", amount=f.money(report.break_even, 2)),
            "top right",
        ),
    )
    fig.add_trace(
        go.Scatter(
            x=[report.program_cost],
            y=[report.program_net_gain],
            name=t("chart.break_even.yours"),
            mode="markers",
            marker={"size": 16, "color": GOOD if report.program_net_gain >= 0 else WARM},
            customdata=[[f.money(report.program_cost, 2), f.money(report.program_net_gain)]],
            hovertemplate=f"{t('chart.break_even.yours')}: %{{customdata[0]}}<br>"
            f"{t('chart.break_even.gain')}: %{{customdata[1]}}<extra></extra>",
        )
    )
    keyed_layout(fig, f, "chart.break_even")
    money_axis(fig, f, "x")
    money_axis(fig, f, "y")
    return fig


def payback_lines(report: AcquisitionReport, f: Formatter) -> go.Figure:
    """A new customer's cumulative discounted margin by year, against the acquisition cost,
    with the saas_rules reference lines: LTV:CAC = 3 and a 12-month payback."""
    t = partial(translate, f.lang)
    curve = report.payback_curve["cumulative_margin"]
    years = curve.index.tolist()
    values = curve.tolist()
    fig = go.Figure(
        value_line(
            years,
            values,
            t("chart.payback.cumulative"),
            ACCENT,
            [f.money(v) for v in values],
            t("chart.payback.year"),
        )
    )
    cac = report.acquisition_cost
    target, target_value = report.ltv_to_cac_target, report.ltv_target_value
    add_references(
        fig,
        Reference(
            "y",
            report.clv,
            {"color": ACCENT, "dash": "dot", "width": 2},
            t("chart.payback.clv", amount=f.money(report.clv)),
            "bottom right",
            ACCENT,
        ),
        Reference(
            "y",
            cac,
            {"color": WARM, "width": 3},
            t("chart.payback.cac", amount=f.money(cac)),
            "bottom right",
            WARM,
        ),
        Reference(
            "y",
            target_value,
            {"color": INK, "dash": "dash", "width": 2},
            t("chart.payback.ltv_target", ratio=f.ratio(target), amount=f.money(target_value)),
            "top left",
        ),
        Reference(
            "x",
            report.payback_target_years,
            {"color": MUTED, "dash": "dash", "width": 2},
            t("chart.payback.payback_target"),
            "top right",
        ),
    )
    keyed_layout(fig, f, "chart.payback")
    money_axis(fig, f)
    top = max(max(values), report.clv, target_value, 1.0)
    fig.update_yaxes(range=[min(0.0, min(values)) * 1.1, top * 1.15])
    fig.update_xaxes(dtick=1 if len(years) <= 16 else 2)
    return fig
