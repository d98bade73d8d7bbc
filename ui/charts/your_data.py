"""Charts of the "Your data" page: cohorts, retention by tenure, survival, revenue, customers.

Every figure takes the `CohortReport` (or a part of it) and a `Formatter`, and returns a plotly
figure with the shared look; texts come from the i18n files, numbers from babel.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import plotly.graph_objects as go

from calculators.reports.your_data import CohortReport
from ui.charts.base import ACCENT, GOOD, GRID, MUTED, WARM, keyed_layout, money_axis, value_line
from ui.fmt import Formatter
from ui.i18n import translate

# Light to dark blue, ending in the theme's accent: dark cells are cohorts that stay.
HEATMAP_SCALE = [[0.0, "#F3F7FB"], [0.5, "#7FB0DD"], [1.0, ACCENT]]
# Legends list measured, fitted, constant in this order on both tenure charts.
LEGEND_RANK = {"measured": 1, "fitted": 2, "constant": 3}


def chart_keys(report: CohortReport) -> str:
    """Where the chart texts are: by year, quarter or month (axis titles name the period)."""
    return "data.chart" if report.period == "year" else f"data.chart_{report.period}"


def cohort_heatmap(report: CohortReport, f: Formatter) -> go.Figure:
    """Heatmap: share of each cohort (rows) buying again N years after the first purchase."""
    t = partial(translate, f.lang)
    c = chart_keys(report)
    matrix = report.matrix
    sizes = report.by_year["new"].reindex(matrix.index).to_numpy()
    shares = matrix.to_numpy()
    cohorts = [f.period(cohort) for cohort in matrix.index]
    offsets = [int(k) for k in matrix.columns]
    labels = [["" if np.isnan(v) else f.percent(v, 0) for v in row] for row in shares]
    hover = [
        [
            ""
            if np.isnan(value)
            else t(
                f"{c}.heatmap.hover",
                cohort=cohort,
                years=f.number(offset),
                share=f.percent(value),
                customers=f.number(size),
            )
            for offset, value in zip(offsets, row, strict=True)
        ]
        for cohort, size, row in zip(cohorts, sizes, shares, strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=shares,
            x=offsets,
            y=cohorts,
            text=labels,
            texttemplate="%{text}",
            textfont={"size": 15},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=HEATMAP_SCALE,
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={"tickformat": ".0%", "thickness": 14, "len": 0.9},
        )
    )
    keyed_layout(fig, f, f"{c}.heatmap")
    if report.window > 1:  # not only buyers: customers between two purchases too
        fig.update_layout(title_text=t(f"{c}.heatmap.title_window", years=report.window))
    fig.update_xaxes(dtick=1, side="top", showgrid=False, title_standoff=6)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False)
    fig.update_layout(height=max(320, 70 + 48 * len(cohorts)), margin={"t": 110})
    return fig


def tenure_retention(report: CohortReport, f: Formatter) -> go.Figure:
    """Retention by year as a customer: measured (bars), fitted sBG (line), constant (dashed)."""
    t = partial(translate, f.lang)
    c = chart_keys(report)
    tenure = report.tenure
    years = tenure.index.tolist()
    fig = go.Figure()
    measured = tenure["measured"].to_numpy()
    at_risk = tenure["at_risk"].to_numpy()
    shown = ~np.isnan(measured)
    fig.add_trace(
        go.Bar(
            x=np.array(years)[shown],
            y=measured[shown],
            name=t(f"{c}.tenure.measured"),
            marker_color=MUTED,
            text=[f.percent(v, 0) for v in measured[shown]],
            # Inside the bar's foot: above it the label would sit on the fitted line.
            textposition="inside",
            insidetextanchor="start",
            textangle=0,
            textfont={"color": "white", "size": 13},
            customdata=[t(f"{c}.tenure.at_risk", customers=f.number(n)) for n in at_risk[shown]],
            hovertemplate=f"{t(f'{c}.tenure.x')} %{{x}}: %{{text}}<br>%{{customdata}}"
            "<extra></extra>",
        )
    )
    if report.fitted:
        fitted = tenure["fitted"].to_numpy()
        fig.add_trace(
            go.Scatter(
                x=years,
                y=fitted,
                name=t(f"{c}.tenure.fitted"),
                mode="lines+markers",
                line={"color": ACCENT, "width": 4},
                customdata=[f.percent(v) for v in fitted],
                hovertemplate=f"{t('data.chart.tenure.fitted')}, {t(f'{c}.tenure.x')} "
                "%{x}: %{customdata}<extra></extra>",
            )
        )
    if report.figures.retention is not None:
        # Per period: the yearly retention's P-th root for quarters and months.
        rate = float(tenure["constant"].iloc[0])
        name = t(f"{c}.tenure.constant", retention=f.percent(rate))
        fig.add_trace(
            go.Scatter(
                x=years,
                y=tenure["constant"].to_numpy(),
                name=name,
                mode="lines",
                line={"color": WARM, "width": 3, "dash": "dash"},
                hovertemplate=f"{name}<extra></extra>",
            )
        )
    keyed_layout(fig, f, f"{c}.tenure")
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(range=[0, 1.08], tickformat=".0%")
    fig.update_layout(margin={"t": 110}, bargap=0.15)
    return fig


def survival_curves(report: CohortReport, f: Formatter) -> go.Figure:
    """Share of a new cohort still buying after t years: measured, fitted sBG, constant."""
    t = partial(translate, f.lang)
    c = chart_keys(report)
    survival = report.survival
    years = survival.index.tolist()
    fig = go.Figure()
    # Measured last, so its markers sit on top of the fitted line they follow.
    series = [
        ("fitted", ACCENT, "solid", "lines"),
        ("constant", WARM, "dash", "lines"),
        ("measured", MUTED, "solid", "lines+markers"),
    ]
    for column, colour, dash, mode in series:
        values = survival[column].to_numpy()
        if np.isnan(values).all():
            continue
        name = t(
            f"{c}.survival.{column}",
            retention=f.percent(float(np.nan_to_num(report.tenure["constant"].iloc[0]))),
        )
        fig.add_trace(
            value_line(
                years,
                values,
                name,
                colour,
                [f.percent(v) for v in values],
                t(f"{c}.survival.x"),
                mode=mode,
                width=4 if column == "fitted" else 3,
                dash=dash,
                legendrank=LEGEND_RANK[column],
                marker={"size": 9},
            )
        )
    keyed_layout(fig, f, f"{c}.survival")
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_layout(margin={"t": 110})
    return fig


def revenue_per_customer(report: CohortReport, f: Formatter) -> go.Figure:
    """Bars: net revenue per active customer in each calendar year."""
    t = partial(translate, f.lang)
    c = chart_keys(report)
    by_year = report.by_year
    values = by_year["revenue_per_active"].to_numpy()
    notes = [
        t(
            f"{c}.revenue.note",
            revenue=f.money(revenue),
            customers=f.number(active),
        )
        for revenue, active in zip(by_year["revenue"], by_year["active"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=[f.period(period) for period in by_year.index],
            y=values,
            marker_color=ACCENT,
            text=[f.money(v) for v in values],
            textposition="outside",
            customdata=notes,
            hovertemplate="%{x}: %{text}<br>%{customdata}<extra></extra>",
        )
    )
    keyed_layout(fig, f, f"{c}.revenue")
    money_axis(fig, f)
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    fig.update_yaxes(range=[min(0.0, float(np.nanmin(values)) * 1.15), max(top, 0) * 1.15 or 1])
    fig.update_layout(showlegend=False, uniformtext_minsize=12)
    return fig


def customers_per_year(report: CohortReport, f: Formatter) -> go.Figure:
    """Grouped bars: customers who came back from the year before, and new ones, each year."""
    t = partial(translate, f.lang)
    c = chart_keys(report)
    by_year = report.by_year
    years = [f.period(period) for period in by_year.index]
    fig = go.Figure()
    # Stacked: retained + returning + new = the year's active customers, labelled on top.
    for column, colour in (("retained", ACCENT), ("returning", GOOD), ("new", WARM)):
        values = by_year[column]
        if not values.any():
            continue  # e.g. nobody came back after a gap: no empty legend entry
        name = t(f"{c}.customers.{column}")
        fig.add_trace(
            go.Bar(
                x=years,
                y=values.to_numpy(),
                name=name,
                marker_color=colour,
                customdata=[f.number(v) for v in values],
                hovertemplate=f"{name}, %{{x}}: %{{customdata}}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=by_year["active"].to_numpy(),
            mode="text",
            text=[f.number(v) for v in by_year["active"]],
            textposition="top center",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    keyed_layout(fig, f, f"{c}.customers")
    top = float(by_year["active"].max()) if len(by_year) else 1.0
    fig.update_yaxes(range=[0, top * 1.15 or 1], tickformat=",.0f", gridcolor=GRID)
    fig.update_layout(barmode="stack", margin={"t": 110})
    return fig


def retention_by_period(report: CohortReport, f: Formatter, *, revenue: bool = True) -> go.Figure:
    """Lines: customer retention and, with amounts (and `revenue`: False while their decimal
    mark is not settled), revenue retention from each period to the next
    (`CohortReport.by_year`), as percentages."""
    t = partial(translate, f.lang)
    c = chart_keys(report)
    by_year = report.by_year
    periods = [f.period(period) for period in by_year.index]
    series = [("retention", ACCENT, "solid")]
    if report.has_amounts and revenue:
        series.append(("revenue_retention", GOOD, "dash"))
    fig = go.Figure()
    for column, colour, dash in series:
        values = by_year[column].to_numpy(dtype=float)
        name = t(f"{c}.retention.{column}", years=report.window)
        fig.add_trace(
            value_line(
                periods,
                values,
                name,
                colour,
                ["" if np.isnan(v) else f.percent(v) for v in values],
                t(f"{c}.retention.x"),
                mode="lines+markers",
                width=3,
                dash=dash,
                marker={"size": 8},
                connectgaps=False,
            )
        )
    keyed_layout(fig, f, f"{c}.retention")
    shown = by_year[[column for column, _, _ in series]].to_numpy(dtype=float)
    top = float(np.nanmax(shown)) if np.isfinite(shown).any() else 1.0
    fig.update_yaxes(range=[0, max(1.05, top * 1.08)], tickformat=".0%")
    fig.update_xaxes(type="category")
    fig.update_layout(margin={"t": 110})
    return fig


def page_figures(report: CohortReport, f: Formatter) -> dict[str, go.Figure]:
    """Every chart of the page by name (heatmap, customers, retention, tenure, survival,
    revenue)."""
    return {
        "heatmap": cohort_heatmap(report, f),
        "customers": customers_per_year(report, f),
        "retention": retention_by_period(report, f),
        "tenure": tenure_retention(report, f),
        "survival": survival_curves(report, f),
        "revenue": revenue_per_customer(report, f),
    }
