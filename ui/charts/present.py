"""Charts of Trainer mode that no other page draws: the service recovery table, the 6x defection
bars and the famous figures with their reliability. The other steps reuse the pages' charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import plotly.graph_objects as go

from calculators.clv import defection_rate
from calculators.present import FamousFigure, ServiceRecovery
from calculators.satisfaction import SatisfactionRetention
from ui.charts.base import ACCENT, FONT_SIZE, GOOD, GRID, INK, MUTED, WARM, base_layout
from ui.fmt import Formatter
from ui.i18n import translate

OUTCOMES = ("silent", "unresolved", "resolved", "resolved_quickly")
SIZES = ("small", "large")
# The size not in use is drawn pale: the table stays whole, the scenario's row stands out.
PALE = {"small": "#93C5FD", "large": "#FDBA74"}
STRONG = {"small": ACCENT, "large": WARM}
# Reliability badges: the colours of the source cards' badges (green, orange, red), dark enough
# for white text on a projector.
RELIABILITY_COLOURS = {"measured": GOOD, "secondary": "#B45309", "folklore": "#B91C1C"}
TABLE_HEADER = "#E5E7EB"
# The "your numbers" cell by verdict: green and orange only on the user's own numbers.
VERDICT_COLOURS = {
    "holds": GOOD,
    "differs": WARM,
    "no_verdict": INK,
    "not_checked": MUTED,
    "no_number": MUTED,
}
TABLE_ROW_HEIGHT = 30
TABLE_COLUMN_WIDTHS = (3.8, 1.6, 1.4, 2.0)
TABLE_TITLE_HEIGHT = 45


def recovery_bars(recovery: ServiceRecovery, f: Formatter) -> go.Figure:
    """Grouped bars: share of customers with a problem who stay, by outcome, small vs large."""
    t = partial(translate, f.lang)
    names = [t(f"present.chart.recovery.{outcome}") for outcome in OUTCOMES]
    fig = go.Figure()
    for size in SIZES:
        rates = recovery.small if size == "small" else recovery.large
        values = [getattr(rates, outcome) for outcome in OUTCOMES]
        used = size == recovery.size
        label = t(f"present.chart.recovery.{size}")
        fig.add_trace(
            go.Bar(
                x=names,
                y=values,
                name=label,
                marker_color=STRONG[size] if used else PALE[size],
                text=[f.percent(v, 0) for v in values],
                textposition="outside",
                textfont={"size": FONT_SIZE + 2, "color": INK if used else MUTED},
                cliponaxis=False,
                hovertemplate=f"{label}<br>%{{x}}: %{{text}}<extra></extra>",
            )
        )
    base_layout(
        fig,
        f,
        t("present.chart.recovery.title"),
        x_title="",
        y_title=t("present.chart.recovery.y"),
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15])
    fig.update_layout(barmode="group", bargap=0.25, margin_t=90)
    return fig


def defection_bars(groups: SatisfactionRetention, f: Formatter) -> go.Figure:
    """Bars: the share of customers who leave each year, by rating (5, 4, everyone else)."""
    t = partial(translate, f.lang)
    keys = ("extremely_satisfied", "satisfied", "others")
    leaving = [defection_rate(getattr(groups, key)) for key in keys]
    fig = go.Figure(
        go.Bar(
            x=[t(f"present.chart.defection.{key}") for key in keys],
            y=leaving,
            marker_color=[GOOD, WARM, MUTED],
            text=[f.percent(v) for v in leaving],
            textposition="outside",
            textfont={"size": FONT_SIZE + 4},
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
            width=0.55,
        )
    )
    ratio = groups.defection_ratio
    title = (
        t("present.chart.defection.title_none")
        if ratio is None
        else t("present.chart.defection.title", ratio=f.ratio(ratio))
    )
    base_layout(fig, f, title, x_title="", y_title=t("present.chart.defection.y"))
    top = max(max(leaving), 0.01) * 1.25
    fig.update_yaxes(tickformat=".0%", range=[0, top])
    fig.update_layout(showlegend=False)
    return fig


def figure_values(figure: FamousFigure, values: Sequence[float], f: Formatter) -> str:
    """A famous figure's numbers as people quote them: ``9 vs 5``, ``95% / 82%``, ``1 € → 10 €``."""
    t = partial(translate, f.lang)
    if figure.unit == "profit":
        if len(values) == 2:
            low, high = f.signed_percent(values[0], 0), f.percent(values[1], 0)
            return t("present.figure.profit_range", low=low, high=high)
        return t("present.figure.profit", change=f.signed_percent(values[0]))
    if figure.unit == "people":
        return t("present.figure.people", negative=f.count(values[0]), positive=f.count(values[1]))
    if figure.unit == "replace":
        amount = f.money(values[0], 0 if values[0] == round(values[0]) else 2)
        return t("present.figure.replace", one=f.money(1), amount=amount)
    if figure.unit == "ratio":
        return " / ".join(f.ratio(v) for v in values)
    return " / ".join(f.percent(v) for v in values)


def _quoted(figure: FamousFigure, f: Formatter) -> str:
    if figure.quoted:
        return figure_values(figure, figure.quoted, f)
    return translate(f.lang, f"present.steps.myths.quoted.{figure.source}")


def _yours(figure: FamousFigure, f: Formatter) -> str:
    """The "your numbers" cell: a verdict only on numbers the user entered or measured."""
    key = f"present.steps.myths.{figure.verdict}"
    if figure.verdict in ("not_checked", "no_number"):
        return translate(f.lang, key)
    return translate(f.lang, key, value=figure_values(figure, figure.yours, f))


def famous_figures_table(
    figures: Sequence[FamousFigure],
    titles: Mapping[str, str],
    reliability: Mapping[str, str],
    f: Formatter,
) -> go.Figure:
    """A table: each famous figure, its reliability badge, the figure as quoted and with your
    numbers: a tick or a cross only where the numbers are the user's own, "not checked yet"
    where the scenario holds the default. `titles` and `reliability` come from the source cards."""
    t = partial(translate, f.lang)
    levels = [reliability[figure.source] for figure in figures]
    yours_colours = [VERDICT_COLOURS[figure.verdict] for figure in figures]
    columns = [
        [titles[figure.source] for figure in figures],
        [t(f"reliability.{level}") for level in levels],
        [_quoted(figure, f) for figure in figures],
        [_yours(figure, f) for figure in figures],
    ]
    white = ["white"] * len(figures)
    fig = go.Figure(
        go.Table(
            columnwidth=list(TABLE_COLUMN_WIDTHS),
            header={
                "values": [
                    f"<b>{t(f'present.chart.myths.{key}')}</b>"
                    for key in ("figure", "evidence", "quoted", "yours")
                ],
                "fill_color": TABLE_HEADER,
                "font": {"size": FONT_SIZE - 1, "color": INK},
                "align": "left",
                "height": TABLE_ROW_HEIGHT,
                "line_color": GRID,
            },
            cells={
                "values": columns,
                "fill_color": [
                    white,
                    [RELIABILITY_COLOURS[level] for level in levels],
                    white,
                    white,
                ],
                "font": {
                    "size": FONT_SIZE - 2,
                    "color": [[INK] * len(figures), white, [INK] * len(figures), yours_colours],
                },
                "align": "left",
                "height": TABLE_ROW_HEIGHT,
                "line_color": GRID,
            },
        )
    )
    base_layout(fig, f, t("present.chart.myths.title"), x_title="", y_title="")
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": TABLE_TITLE_HEIGHT, "b": 5},
        height=TABLE_TITLE_HEIGHT + TABLE_ROW_HEIGHT * (len(figures) + 1) + 15,
    )
    return fig
