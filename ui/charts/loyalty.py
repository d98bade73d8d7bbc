"""Charts of the Loyalty & profit page: the owner's firm's profit path, one customer's value by
component, profit change against the uplift (with the range of Reichheld & Sasser's 1990 chart
shaded as context, not as a target) and survival curves."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
import plotly.graph_objects as go

from calculators.reports.loyalty import LoyaltyReport
from calculators.tenure import COMPONENTS
from ui.charts.base import (
    ACCENT,
    GOOD,
    INK,
    MUTED,
    WARM,
    Position,
    Reference,
    add_references,
    base_layout,
    keyed_layout,
    money_axis,
    value_line,
)
from ui.fmt import Formatter
from ui.i18n import translate

Shape = dict[str, Any]  # a plotly layout shape or annotation, as plain data

# Reichheld & Sasser's 1990 range: amber, apart from the today / improved colours
BAND = "#D97706"
BAND_OPACITY = 0.15
# Markers on lines up to this many years; beyond, they crowd the line.
MAX_MARKED_YEARS = 25
# The uplift chart's y axis always shows the 1990 band with this much room above it.
BAND_HEADROOM = 1.1


def _mode(points: int) -> str:
    return "lines+markers" if points <= MAX_MARKED_YEARS else "lines"


# The 1990 band as a plain layout shape, as `add_references` draws lines: plotly's add_hrect
# costs about 10 ms, a tenth of the page's rerun budget.
def _hband(low: float, high: float, colour: str, text: str) -> tuple[Shape, Shape]:
    shape = {
        "type": "rect",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": low,
        "y1": high,
        "fillcolor": colour,
        "opacity": BAND_OPACITY,
        "line": {"width": 0},
        "layer": "below",
    }
    note = {
        "xref": "paper",
        "x": 0,
        "xanchor": "left",
        "yref": "y",
        "y": high,
        "yanchor": "top",
        "text": text,
        "showarrow": False,
        "font": {"color": INK},
    }
    return shape, note


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    """Years 1..N on the x axis, every year labelled when there are few."""
    fig.update_xaxes(dtick=1 if len(years) <= MAX_MARKED_YEARS else 5, range=[0.5, years[-1] + 0.5])


def profit_path_lines(report: LoyaltyReport, f: Formatter) -> go.Figure:
    """Lines: the owner's firm's yearly profit today vs improved over the horizon, steady states."""
    t = partial(translate, f.lang)
    path = report.impact.firm_path.loc[: report.horizon]
    years = path.index.tolist()
    traces, steady_lines = [], []
    series = (
        ("before", report.retention_before, report.impact.steady_before, WARM, "dash", False),
        ("after", report.retention_after, report.impact.steady_after, ACCENT, "dot", True),
    )
    for key, retention, steady, colour, dash, above in series:
        name = t(f"loy.chart.profit.{key}", retention=f.percent(retention))
        values = path[f"profit_{key}"].tolist()
        shown = [f.money(v) for v in values]
        year = t("loy.chart.profit.year")
        traces.append(value_line(years, values, name, colour, shown, year, mode=_mode(len(years))))
        text = t("loy.chart.profit.steady", amount=f.money(steady.profit))
        line = {"color": colour, "dash": dash, "width": 2}
        position: Position = "top left" if above else "bottom left"
        steady_lines.append(Reference("y", steady.profit, line, text, position, colour))
    fig = go.Figure(traces)
    add_references(fig, *steady_lines)
    base_layout(
        fig,
        f,
        t("loy.chart.profit.title", years=f.number(report.horizon)),
        x_title=t("loy.chart.profit.x"),
        y_title=t("loy.chart.profit.y"),
    )
    money_axis(fig, f)
    _year_axis(fig, years)
    return fig


def value_waterfall(report: LoyaltyReport, f: Formatter) -> go.Figure:
    """Waterfall: one new customer's net present value, component by component, minus CAC."""
    t = partial(translate, f.lang)
    names = [
        *(t(f"loy.chart.waterfall.{name}") for name in COMPONENTS),
        t("loy.chart.waterfall.acquisition"),
        t("loy.chart.waterfall.total"),
    ]
    values = [*report.components.tolist(), -report.acquisition_cost, report.value_today]
    texts = [f.money(value) for value in values]
    fig = go.Figure(
        go.Waterfall(
            x=names,
            y=values,
            measure=["relative"] * (len(values) - 1) + ["total"],
            text=texts,
            textposition="outside",
            customdata=texts,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
            increasing={"marker": {"color": GOOD}},
            decreasing={"marker": {"color": WARM}},
            totals={"marker": {"color": ACCENT}},
            connector={"line": {"color": MUTED, "width": 1}},
        )
    )
    base_layout(
        fig,
        f,
        t("loy.chart.waterfall.title"),
        x_title="",
        y_title=t("loy.chart.waterfall.y"),
    )
    money_axis(fig, f)
    fig.update_layout(showlegend=False)
    # Room above the tallest bar for its label.
    running = np.cumsum(values[:-1])
    top = max(0.0, float(running.max()), report.value_today)
    bottom = min(0.0, float(running.min()), report.value_today)
    span = (top - bottom) or 1.0
    fig.update_yaxes(range=[bottom - 0.1 * span * (bottom < 0), top + 0.15 * span])
    return fig


def uplift_curve_lines(report: LoyaltyReport, f: Formatter) -> go.Figure:
    """Lines: % profit change against the uplift (0-10 points), the 1990 study's range shaded.

    A line has no point where its value today is not positive: no percentage exists there.
    """
    t = partial(translate, f.lang)
    curve = report.curve
    uplift_points = (curve["uplift"] * 100).tolist()
    low, high = report.study_range
    band = _hband(
        low,
        high,
        BAND,
        t("loy.chart.uplift.band", low=f.percent(low, 0), high=f.percent(high, 0)),
    )
    yours = Reference(
        "x",
        report.uplift_points * 100,
        {"color": INK, "dash": "dash", "width": 2},
        t("loy.chart.uplift.yours", points=f.points(report.uplift_points)),
        "bottom right",
        INK,
    )
    series = (
        (
            "per_customer",
            t("loy.chart.uplift.per_customer", years=f.number(report.horizon)),
            ACCENT,
            None,
        ),
        (
            "firm_year",
            t("loy.chart.uplift.firm_year", year=f.number(report.curve_firm_year)),
            MUTED,
            "dash",
        ),
        ("long_run", t("loy.chart.uplift.long_run"), GOOD, "dot"),
    )
    traces = []
    for column, name, colour, dash in series:
        values = curve[column].tolist()
        shown = [
            t("common.not_applicable") if math.isnan(v) else f.signed_percent(v) for v in values
        ]
        traces.append(
            go.Scatter(
                x=uplift_points,
                y=values,
                name=name,
                mode="lines",
                line={"color": colour, "width": 4, "dash": dash},
                customdata=[
                    [f.points(u / 100), s] for u, s in zip(uplift_points, shown, strict=True)
                ],
                hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}}<extra></extra>",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(shapes=[band[0]], annotations=[band[1]])
    add_references(fig, yours)
    keyed_layout(fig, f, "loy.chart.uplift")
    changes = curve[["per_customer", "firm_year", "long_run"]].to_numpy(dtype=float)
    finite = changes[np.isfinite(changes)]
    top = max(high * BAND_HEADROOM, float(finite.max()) if finite.size else 0.0)
    bottom = min(0.0, float(finite.min()) if finite.size else 0.0)
    pad = 0.05 * (top - bottom)
    fig.update_yaxes(tickformat=".0%", range=[bottom - pad, top + pad])
    fig.update_xaxes(dtick=1, range=[0, uplift_points[-1] * 1.02])
    return fig


def survival_lines(report: LoyaltyReport, f: Formatter) -> go.Figure:
    """Lines: share of a new cohort still customers after t years, today vs improved."""
    t = partial(translate, f.lang)
    years = report.survival.index.tolist()
    fig = go.Figure()
    series = (
        ("today", report.retention_before, report.lifetime_before, WARM),
        ("improved", report.retention_after, report.lifetime_after, ACCENT),
    )
    for column, retention, lifetime, colour in series:
        name = t(
            f"loy.chart.survival.{column}",
            retention=f.percent(retention),
            years=f.years(lifetime),
        )
        values = report.survival[column].tolist()
        shown = [f.percent(v) for v in values]
        year = t("loy.chart.survival.year")
        fig.add_trace(value_line(years, values, name, colour, shown, year, mode=_mode(len(years))))
    keyed_layout(fig, f, "loy.chart.survival")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    _year_axis(fig, years)
    return fig
