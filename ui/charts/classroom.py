"""Charts of the live classroom: how a figure spreads over the class, and the class's beliefs
beside the famous figure. Every participant is a point; the box spans the middle half."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import plotly.graph_objects as go

from calculators.classroom import BeliefSummary, Spread
from ui.charts.base import ACCENT, FONT_SIZE, INK, WARM, base_layout, money_axis
from ui.fmt import Formatter

Unit = Literal["percent", "money", "number"]
SPREAD_HEIGHT = 190
POINT_SIZE = 13
PALE_ACCENT = "rgba(11, 92, 173, 0.15)"


def value_text(unit: Unit, f: Formatter) -> Callable[[float], str]:
    """How a value of `unit` is written on the class screen (hovers, titles, metrics)."""
    if unit == "percent":
        return lambda value: f.percent(value)
    if unit == "money":
        return lambda value: f.money(value)
    return lambda value: f.number(value, 0 if value == int(value) else 1)


def _points(values: tuple[float, ...], shown: Callable[[float], str], name: str) -> go.Box:
    """Every participant's value as a point (hover: the value as the page writes it), the box
    from the lower to the upper quartile, the line at the median."""
    return go.Box(
        x=list(values),
        name=name,
        boxpoints="all",
        jitter=0.5,
        pointpos=0,
        marker={"size": POINT_SIZE, "color": ACCENT, "opacity": 0.75},
        line={"color": ACCENT, "width": 2},
        fillcolor=PALE_ACCENT,
        quartilemethod="linear",  # the quartiles of `calculators.classroom.spread`
        hoveron="points",
        customdata=[shown(value) for value in values],
        hovertemplate="%{customdata}<extra></extra>",
        orientation="h",
        showlegend=False,
    )


def _axis(fig: go.Figure, unit: Unit, f: Formatter) -> None:
    if unit == "money":
        money_axis(fig, f, "x")
    elif unit == "percent":
        fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(showticklabels=False)


def spread_chart(spread: Spread, title: str, unit: Unit, f: Formatter) -> go.Figure:
    """One figure over the class: a point per participant, the box of the middle half; the
    title carries the median as the page writes it."""
    shown = value_text(unit, f)
    fig = go.Figure(_points(spread.values, shown, title))
    base_layout(fig, f, title, x_title="", y_title="")
    _axis(fig, unit, f)
    fig.update_layout(
        height=SPREAD_HEIGHT,
        margin={"t": 60, "b": 10, "l": 10, "r": 10},
        # Two lines (the figure, then its median) that fit half a 1280-pixel projector.
        title={"font": {"size": FONT_SIZE, "color": INK}},
    )
    return fig


def belief_chart(
    belief: BeliefSummary, title: str, reference_label: str, f: Formatter
) -> go.Figure:
    """The class's answers to a belief question, and the famous figure as a line across."""
    shown = value_text("number", f)
    fig = go.Figure(_points(belief.answers.values, shown, title))
    fig.add_vline(
        x=belief.reference,
        line={"color": WARM, "width": 4, "dash": "dash"},
        annotation={
            "text": reference_label,
            "font": {"size": FONT_SIZE, "color": WARM},
            "yanchor": "bottom",
        },
        annotation_position="top",
    )
    base_layout(fig, f, title, x_title="", y_title="")
    _axis(fig, "number", f)
    fig.update_layout(
        height=SPREAD_HEIGHT + 20,
        margin={"t": 80, "b": 10, "l": 10, "r": 10},
        title={"font": {"size": FONT_SIZE, "color": INK}},
    )
    return fig
