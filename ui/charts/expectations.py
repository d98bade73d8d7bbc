"""Charts of the Expectations gap page: the radar, the gap bars, survey gaps and the NPS split."""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go

from calculators.nps import NetPromoterScore
from calculators.servqual import DIMENSIONS, SCALE, GapAnalysis
from calculators.surveys import SurveyGaps
from ui.charts.base import (
    ACCENT,
    FONT_SIZE,
    GOOD,
    GRID,
    INK,
    MUTED,
    WARM,
    Reference,
    add_references,
    base_layout,
)
from ui.fmt import Formatter
from ui.i18n import translate

PROMISED = INK
PASSIVE = "#D1D5DB"  # a light MUTED: passives sit between the two groups that matter
HEIGHT = 460
BAR_PADDING = 0.15  # share of the bars' span left free on each side for the value labels
NPS_HEIGHT = 230


def dimension_names(lang: str) -> dict[str, str]:
    """Each SERVQUAL dimension's name in `lang`."""
    return {d: translate(lang, f"exp.dimension.{d}") for d in DIMENSIONS}


def gap_radar(gaps: GapAnalysis, f: Formatter) -> go.Figure:
    """Radar: promised, delivered and perceived per dimension on the 1-7 scale."""
    t = partial(translate, f.lang)
    names = dimension_names(f.lang)
    table = gaps.table
    theta = [names[d] for d in table.index]
    fig = go.Figure()
    series = (
        ("promised", PROMISED, "dash", "none"),
        ("delivered", ACCENT, "solid", "none"),
        ("perceived", WARM, "solid", "toself"),
    )
    for column, colour, dash, fill in series:
        values = table[column].tolist()
        name = t(f"exp.chart.radar.{column}")
        fig.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*theta, theta[0]],
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": dash},
                marker={"size": 8},
                fill=fill,
                fillcolor="rgba(194, 65, 12, 0.12)",
                customdata=[f.score(v) for v in [*values, values[0]]],
                hovertemplate=f"{name}<br>%{{theta}}: %{{customdata}}<extra></extra>",
            )
        )
    base_layout(fig, f, t("exp.chart.radar.title"), x_title="", y_title="")
    low, high = SCALE
    fig.update_layout(
        height=HEIGHT,
        polar={
            # The scale's ticks run between the first two dimensions, clear of their names.
            "radialaxis": {
                "range": [low, high],
                "dtick": 1,
                "gridcolor": GRID,
                "tickfont": {"size": FONT_SIZE - 4, "color": MUTED},
                "angle": 90 - 180 / len(table),
                "tickangle": 0,
            },
            "angularaxis": {
                "gridcolor": GRID,
                "direction": "clockwise",
                "rotation": 90,
                "tickfont": {"size": FONT_SIZE, "color": INK},
            },
            "bgcolor": "white",
        },
        legend={"y": -0.12, "yanchor": "top"},
        margin={"l": 90, "r": 90, "t": 70, "b": 40},
    )
    return fig


def _bar_range(table: pd.DataFrame) -> list[float]:
    """The x range of the gap bars: every stack and marker, with room for the labels."""
    parts = table[["promise_gap", "perception_gap"]]
    right = max(parts.clip(lower=0).sum(axis=1).max(), table["shortfall"].max(), 0.0)
    left = min(parts.clip(upper=0).sum(axis=1).min(), table["shortfall"].min(), 0.0)
    pad = BAR_PADDING * max(right - left, 1.0)
    return [left - pad, right + pad]


def gap_bars(gaps: GapAnalysis, f: Formatter) -> go.Figure:
    """Horizontal bars: promise gap + perception gap per dimension, largest weighted gap on top.

    Together the two bars of a dimension reach promised - perceived, the customer's shortfall;
    a negative bar is a dimension where you do better than that step requires.
    """
    t = partial(translate, f.lang)
    names = dimension_names(f.lang)
    # Plotly draws the first category at the bottom: reverse so the largest is on top.
    table = gaps.by_weighted_size.iloc[::-1]
    rows = [
        t("exp.chart.bars.row", dimension=names[d], weight=f.percent(w))
        for d, w in zip(table.index, table["weight"], strict=True)
    ]
    hover = [
        t(
            "exp.chart.bars.hover",
            promised=f.score(p),
            delivered=f.score(d),
            perceived=f.score(q),
        )
        for p, d, q in zip(table["promised"], table["delivered"], table["perceived"], strict=True)
    ]
    fig = go.Figure()
    for column, colour in (("promise_gap", ACCENT), ("perception_gap", WARM)):
        values = table[column].tolist()
        name = t(f"exp.chart.bars.{column}")
        fig.add_trace(
            go.Bar(
                x=values,
                y=rows,
                orientation="h",
                name=name,
                marker_color=colour,
                text=[f.gap(v) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                customdata=hover,
                hovertemplate=f"%{{y}}<br>{name}: %{{text}}<br>%{{customdata}}<extra></extra>",
            )
        )
    shortfall = table["shortfall"].tolist()
    fig.add_trace(
        go.Scatter(
            x=shortfall,
            y=rows,
            mode="markers+text",
            name=t("exp.chart.bars.total"),
            marker={"symbol": "diamond", "size": 14, "color": INK},
            text=[f.gap(v) for v in shortfall],
            textposition="middle right",
            hovertemplate=f"%{{y}}<br>{t('exp.chart.bars.total')}: %{{text}}<extra></extra>",
        )
    )
    base_layout(fig, f, t("exp.chart.bars.title"), x_title=t("exp.chart.bars.x"), y_title="")
    fig.update_xaxes(range=_bar_range(table), zeroline=True, zerolinewidth=2)
    fig.update_layout(
        barmode="relative",
        height=HEIGHT,
        legend={"y": -0.22, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        uniformtext={"minsize": 12, "mode": "hide"},
    )
    return fig


def survey_gap_points(survey: SurveyGaps, f: Formatter) -> go.Figure:
    """Dots with error bars: each dimension's mean measured gap with its 95 % interval."""
    t = partial(translate, f.lang)
    names = dimension_names(f.lang)
    table = survey.table.iloc[::-1]
    rows = [names[d] for d in table.index]
    means = table["gap"].tolist()
    lows = table["low"].fillna(table["gap"])
    highs = table["high"].fillna(table["gap"])
    notes = [
        t("exp.chart.survey.hover", n=f.number(n), low=f.gap(lo), high=f.gap(hi))
        for n, lo, hi in zip(table["n"], lows, highs, strict=True)
    ]
    fig = go.Figure(
        go.Scatter(
            x=means,
            y=rows,
            mode="markers",
            name=t("exp.chart.survey.mean"),
            marker={"size": 16, "color": [WARM if m < 0 else GOOD for m in means]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (highs - table["gap"]).tolist(),
                "arrayminus": (table["gap"] - lows).tolist(),
                "color": MUTED,
                "thickness": 3,
                "width": 8,
            },
            customdata=[[f.gap(m), note] for m, note in zip(means, notes, strict=True)],
            hovertemplate="%{y}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    base_layout(fig, f, t("exp.chart.survey.title"), x_title=t("exp.chart.survey.x"), y_title="")
    add_references(fig, Reference("x", 0, {"color": INK, "width": 2}))
    fig.update_layout(height=360, showlegend=False)
    return fig


def nps_split(result: NetPromoterScore, f: Formatter) -> go.Figure:
    """One stacked bar: detractors, passives and promoters as shares of the answers."""
    t = partial(translate, f.lang)
    fig = go.Figure()
    promoters, passives, detractors = result.shares
    groups = (
        ("detractors", result.detractors, detractors, WARM, "white"),
        ("passives", result.passives, passives, PASSIVE, INK),
        ("promoters", result.promoters, promoters, GOOD, "white"),
    )
    for group, count, share, colour, text_colour in groups:
        name = t(f"exp.chart.nps.{group}")
        fig.add_trace(
            go.Bar(
                x=[share],
                y=[""],
                orientation="h",
                name=name,
                marker_color=colour,
                text=[f"{name} {f.percent(share)}"],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": text_colour},
                customdata=[[f.percent(share), f.number(count)]],
                hovertemplate=f"{name}: %{{customdata[0]}} (%{{customdata[1]}})<extra></extra>",
            )
        )
    title = t(
        "exp.chart.nps.title",
        nps=f.number(result.nps),
        low=f.number(result.ci_low),
        high=f.number(result.ci_high),
    )
    base_layout(fig, f, title, x_title="", y_title="")
    fig.update_xaxes(range=[0, 1], tickformat=".0%", showgrid=False)
    fig.update_layout(
        barmode="stack",
        height=NPS_HEIGHT,
        showlegend=False,
        uniformtext={"minsize": 12, "mode": "hide"},
        margin={"l": 10, "r": 10, "t": 60, "b": 30},
    )
    return fig
