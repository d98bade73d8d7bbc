"""Plotly figures built from result objects; no Streamlit here, so they test without a browser.

Every figure uses one explicit template (importing Streamlit swaps plotly's default for
placeholder colours), large type for projectors, the locale's decimal and thousands marks, and
hover texts formatted with babel.
"""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go

from calculators.reports import AcquisitionReport
from ui.fmt import Formatter
from ui.i18n import translate

INK = "#111827"
ACCENT = "#0B5CAD"  # the theme's primary colour: "with the programme", "keeping"
WARM = "#C2410C"  # losses, "today", "replacing"
MUTED = "#6B7280"
GOOD = "#15803D"
GRID = "#E5E7EB"
FONT_SIZE = 16


def _base(fig: go.Figure, f: Formatter, title: str, *, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "font": {"size": FONT_SIZE + 4, "color": INK}},
        font={"size": FONT_SIZE, "color": INK},
        separators=f.separators,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        hoverlabel={"font_size": FONT_SIZE},
    )
    fig.update_xaxes(title_text=x_title, gridcolor=GRID, zerolinecolor=MUTED)
    fig.update_yaxes(title_text=y_title, gridcolor=GRID, zerolinecolor=MUTED)
    return fig


def _money_axis(fig: go.Figure, f: Formatter, axis: str = "y") -> None:
    symbol = f.symbol
    prefix, suffix = (symbol, "") if f.lang == "en" else ("", f"\u00a0{symbol}")
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickprefix=prefix, ticksuffix=suffix, tickformat=",.0f")


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
    _base(fig, f, t("chart.churn.title"), x_title="", y_title=t("chart.churn.y"))
    _money_axis(fig, f)
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
    for column, retention, steady, colour, steady_dash in series:
        name = t(f"chart.bucket.{column}", retention=f.percent(retention))
        values = report.bucket[column].tolist()
        fig.add_trace(
            go.Scatter(
                x=years,
                y=values,
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 4},
                customdata=[f.number(v) for v in values],
                hovertemplate=f"{name}<br>{t('chart.bucket.year')} %{{x}}: %{{customdata}}"
                "<extra></extra>",
            )
        )
        fig.add_hline(
            y=steady,
            line={"color": colour, "dash": steady_dash, "width": 2},
            annotation_text=t("chart.bucket.steady", customers=f.number(steady)),
            annotation_position="top left",
            annotation_font_color=colour,
        )
    _base(fig, f, t("chart.bucket.title"), x_title=t("chart.bucket.x"), y_title=t("chart.bucket.y"))
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
    fig.add_hline(y=0, line={"color": MUTED, "width": 2})
    fig.add_vline(
        x=report.break_even,
        line={"color": INK, "dash": "dash", "width": 2},
        annotation_text=t("chart.break_even.marker", amount=f.money(report.break_even, 2)),
        annotation_position="top right",
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
    _base(
        fig,
        f,
        t("chart.break_even.title"),
        x_title=t("chart.break_even.x"),
        y_title=t("chart.break_even.y"),
    )
    _money_axis(fig, f, "x")
    _money_axis(fig, f, "y")
    return fig


def plotly_config(filename: str) -> dict[str, object]:
    """`st.plotly_chart` config: no plotly logo, PNG downloads named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
