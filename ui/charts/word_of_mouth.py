"""Charts of the Word-of-mouth page: the iceberg, the customer flow, reach, retelling, handling."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import plotly.graph_objects as go

from calculators.reports.word_of_mouth import WordOfMouthReport
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

Shape = dict[str, Any]  # a plotly layout shape or annotation, as plain data

WATER = "#DBEAFE"  # below the waterline of the iceberg
LEFT_LINK = "rgba(194, 65, 12, 0.45)"  # WARM, see-through
STAYED_LINK = "rgba(21, 128, 61, 0.40)"  # GOOD, see-through
OTHER_LINK = "rgba(107, 114, 128, 0.25)"  # MUTED, see-through
PROSPECTS = "#FDBA74"  # a lighter WARM: value lost through prospects
HEIGHT = 440
SANKEY_HEIGHT = 520
SANKEY_PAD = 18  # pixels between the nodes of a column
SUBTITLE_TOP_MARGIN = 95
BOTTOM_MARGIN = 10


def _symmetric_ticks(f: Formatter, largest: float) -> tuple[list[float], list[str]]:
    """Tick positions either side of zero, labelled without a minus sign (a butterfly axis)."""
    if largest <= 0:
        return [0.0], ["0"]
    # About two labelled ticks on each side: the smallest 1-2-5 step above largest / 2.5.
    raw = largest / 2.5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks = [k * step for k in range(-3, 4) if abs(k * step) <= largest * 1.05]
    return ticks, [f.number(abs(v)) for v in ticks]


def _band(low: float, high: float, colour: str) -> Shape:
    """A horizontal band from `low` to `high` on the y axis, behind the bars."""
    return {
        "type": "rect",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": low,
        "y1": high,
        "fillcolor": colour,
        "line": {"width": 0},
        "layer": "below",
    }


def iceberg_bars(report: WordOfMouthReport, f: Formatter) -> go.Figure:
    """The iceberg: complainers above the waterline, silent customers with a problem below."""
    t = partial(translate, f.lang)
    outcomes = report.today.outcomes
    names = [t("wom.chart.iceberg.complained"), t("wom.chart.iceberg.silent")]
    values = [outcomes.complained, -outcomes.silent]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=values,
            marker_color=[ACCENT, WARM],
            text=[f.count(abs(v)) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
            width=0.5,
        )
    )
    base_layout(
        fig,
        f,
        t("wom.chart.iceberg.title", silent=f.count(report.silent_per_complaint)),
        x_title="",
        y_title=t("wom.chart.iceberg.y"),
    )
    depth = max(outcomes.silent, outcomes.complained, 1.0) * 1.2
    ticks, labels = _symmetric_ticks(f, depth / 1.2)
    # In the gap between the two bars, so neither bar covers the text.
    notes = [
        {
            "x": 0.5,
            "xref": "paper",
            "y": y,
            "text": t(f"wom.chart.iceberg.{key}"),
            "showarrow": False,
            "xanchor": "center",
            "yanchor": anchor,
            "font": {"color": MUTED},
        }
        for y, key, anchor in ((depth * 0.02, "above", "bottom"), (-depth * 0.02, "below", "top"))
    ]
    # Shapes as plain dicts: plotly's add_hline & co. cost ms each.
    fig.update_layout(
        shapes=[_band(-depth, 0, WATER)],
        annotations=notes,
        yaxis={
            "range": [-depth, max(outcomes.complained * 1.3, depth * 0.25)],
            "tickvals": ticks,
            "ticktext": labels,
        },
        showlegend=False,
        height=HEIGHT,
    )
    add_references(fig, Reference("y", 0, {"color": ACCENT, "width": 3, "dash": "solid"}))
    return fig


def _sankey_positions(report: WordOfMouthReport) -> tuple[list[float], list[float]]:
    """Node centres (fractions of the plot, y from the top) in the order of `problem_sankey`.

    Fixed columns keep the problem branch apart from the (usually far larger) no-problem block,
    so the small complaint bands and their labels do not pile up. Heights follow plotly's scale:
    the tallest column (all customers, one gap) fills the plot.
    """
    today = report.today.outcomes
    outcomes = today.outcomes
    plot_height = SANKEY_HEIGHT - SUBTITLE_TOP_MARGIN - BOTTOM_MARGIN
    pad = SANKEY_PAD / plot_height
    scale = (1 - 2 * pad) / max(report.active_customers, 1e-12)

    def stack(values: list[float], top: float) -> list[float]:
        """Centres of nodes stacked downwards from `top`, one gap apart."""
        centres = []
        for value in values:
            centres.append(top + value * scale / 2)
            top += value * scale + pad
        return centres

    def bottom(values: list[float]) -> float:
        """The top that makes `values` end at the bottom of the plot."""
        return 1 - sum(values) * scale - pad * (len(values) - 1)

    problem = [report.customers_without_problem, report.customers_with_problem]
    told = [today.complained, outcomes.silent]
    handled = [outcomes.resolved_quickly, outcomes.resolved, outcomes.unresolved]
    ends = [today.stayed.total, today.left.total]
    complained_top = bottom(told)
    y = [
        0.5,
        *stack(problem[:1], 0),
        *stack(problem[1:], bottom(problem[1:])),
        *stack(told, complained_top),
        *stack(handled, min(complained_top, bottom(handled))),
        *stack(ends, bottom(ends)),
    ]
    x = [0.001, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 0.999, 0.999]
    # Plotly rejects positions at exactly 0 or 1 for some layouts; keep them just inside.
    return x, [min(max(v, 0.001), 0.999) for v in y]


def problem_sankey(report: WordOfMouthReport, f: Formatter) -> go.Figure:
    """Customer flow: customers → problem or not → complained or silent → outcome → stayed/left."""
    t = partial(translate, f.lang)
    today = report.today.outcomes
    outcomes, stayed, left = today.outcomes, today.stayed, today.left
    nodes = {
        "customers": report.active_customers,
        "no_problem": report.customers_without_problem,
        "problem": report.customers_with_problem,
        "complained": today.complained,
        "silent": outcomes.silent,
        "quickly": outcomes.resolved_quickly,
        "resolved": outcomes.resolved,
        "unresolved": outcomes.unresolved,
        "stayed": stayed.total,
        "left": left.total,
    }
    index = {name: position for position, name in enumerate(nodes)}
    links = [
        ("customers", "no_problem", report.customers_without_problem),
        ("customers", "problem", report.customers_with_problem),
        ("problem", "complained", today.complained),
        ("problem", "silent", outcomes.silent),
        ("complained", "quickly", outcomes.resolved_quickly),
        ("complained", "resolved", outcomes.resolved),
        ("complained", "unresolved", outcomes.unresolved),
        ("silent", "stayed", stayed.silent),
        ("silent", "left", left.silent),
        ("quickly", "stayed", stayed.resolved_quickly),
        ("quickly", "left", left.resolved_quickly),
        ("resolved", "stayed", stayed.resolved),
        ("resolved", "left", left.resolved),
        ("unresolved", "stayed", stayed.unresolved),
        ("unresolved", "left", left.unresolved),
    ]
    labels = [
        t("wom.chart.sankey.node", name=t(f"wom.chart.sankey.{name}"), count=f.count(value))
        for name, value in nodes.items()
    ]
    node_colours = [INK, MUTED, WARM, ACCENT, WARM, GOOD, GOOD, WARM, GOOD, WARM]
    node_x, node_y = _sankey_positions(report)
    link_colours = [
        LEFT_LINK if target == "left" else STAYED_LINK if target == "stayed" else OTHER_LINK
        for _, target, _ in links
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.1f",
            node={
                "label": labels,
                "color": node_colours,
                "x": node_x,
                "y": node_y,
                "pad": SANKEY_PAD,
                "thickness": 18,
                "line": {"width": 0},
                "hovertemplate": "%{label}<extra></extra>",
            },
            link={
                "source": [index[source] for source, _, _ in links],
                "target": [index[target] for _, target, _ in links],
                "value": [value for _, _, value in links],
                "color": link_colours,
                "customdata": [f.count(value) for _, _, value in links],
                "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata}"
                "<extra></extra>",
            },
            textfont={"size": 15, "color": INK},
        )
    )
    base_layout(fig, f, t("wom.chart.sankey.title"), x_title="", y_title="")
    fig.update_layout(
        title_subtitle_text=t(
            "wom.chart.sankey.subtitle",
            lost=f.count(today.customers_lost),
            reach=f.count(report.today.reach.negative),
        ),
        margin_t=SUBTITLE_TOP_MARGIN,
        height=SANKEY_HEIGHT,
    )
    return fig


def reach_butterfly(report: WordOfMouthReport, f: Formatter) -> go.Figure:
    """Diverging bars: people told by each group, bad word of mouth left, good right."""
    t = partial(translate, f.lang)
    groups = report.reach_groups
    fig = go.Figure()
    for side, colour, sign in (("negative", WARM, -1), ("positive", GOOD, 1)):
        rows = groups[groups["side"] == side]
        tell = report.tell_negative if side == "negative" else report.tell_positive
        total = rows["people"].sum()
        fig.add_trace(
            go.Bar(
                y=[t(f"wom.chart.reach.{group}") for group in rows.index],
                x=[sign * people for people in rows["people"]],
                orientation="h",
                name=t(f"wom.chart.reach.{side}", people=f.count(total)),
                marker_color=colour,
                text=[f.count(people) for people in rows["people"]],
                textposition="outside",
                cliponaxis=False,
                customdata=[
                    t("wom.chart.reach.hover", customers=f.count(c), tell=f.count(tell))
                    for c in rows["customers"]
                ],
                hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>",
            )
        )
    base_layout(fig, f, t("wom.chart.reach.title"), x_title=t("wom.chart.reach.x"), y_title="")
    largest = float(groups["people"].max()) if len(groups) else 0.0
    ticks, labels = _symmetric_ticks(f, largest)
    span = max(largest, 1.0) * 1.3
    fig.update_layout(
        xaxis={"range": [-span, span], "tickvals": ticks, "ticktext": labels},
        yaxis={"autorange": "reversed"},
        barmode="relative",
        height=HEIGHT,
        margin_t=90,
    )
    add_references(fig, Reference("x", 0, {"color": INK, "width": 2, "dash": "solid"}))
    return fig


def retelling_lines(report: WordOfMouthReport, f: Formatter) -> go.Figure:
    """Lines: people reached after each further round of retelling, bad and good."""
    t = partial(translate, f.lang)
    rounds = report.rounds.index.tolist()
    fig = go.Figure()
    for side, colour in (("negative", WARM), ("positive", GOOD)):
        name = t(f"wom.chart.retell.{side}")
        values = report.rounds[side].tolist()
        shown = [f.count(v) for v in values]
        fig.add_trace(value_line(rounds, values, name, colour, shown, t("wom.chart.retell.round")))
    keyed_layout(fig, f, "wom.chart.retell")
    add_references(
        fig,
        Reference(
            "x",
            report.retell_rounds,
            {"color": INK, "width": 2, "dash": "dash"},
            t("wom.chart.retell.yours", rounds=f.number(report.retell_rounds)),
            "top right",
        ),
    )
    fig.update_layout(
        xaxis={"dtick": 1},
        yaxis={"rangemode": "tozero", "tickformat": ",.0f"},
        height=HEIGHT,
        margin_t=90,
    )
    return fig


def handling_bars(report: WordOfMouthReport, f: Formatter) -> go.Figure:
    """Stacked bars: what complainers cost today vs with better handling, plus its cost."""
    t = partial(translate, f.lang)
    names = [t("wom.chart.handling.today"), t("wom.chart.handling.better")]
    today, better = report.today, report.better
    parts = (
        (
            "customers",
            WARM,
            [today.complainers_customers_value, better.complainers_customers_value],
        ),
        (
            "prospects",
            PROSPECTS,
            [today.complainers_prospects_value, better.complainers_prospects_value],
        ),
        ("cost", ACCENT, [0.0, report.handling.cost]),
    )
    fig = go.Figure()
    for key, colour, values in parts:
        label = t(f"wom.chart.handling.{key}")
        fig.add_trace(
            go.Bar(
                x=names,
                y=values,
                name=label,
                marker_color=colour,
                customdata=[f.money(v) for v in values],
                hovertemplate=f"%{{x}}<br>{label}: %{{customdata}}<extra></extra>",
            )
        )
    totals = [sum(values[i] for _, _, values in parts) for i in range(2)]
    fig.add_trace(
        go.Scatter(
            x=names,
            y=totals,
            mode="text",
            text=[t("wom.chart.handling.total", value=f.money(v)) for v in totals],
            textposition="top center",
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
        )
    )
    base_layout(
        fig, f, t("wom.chart.handling.title"), x_title="", y_title=t("wom.chart.handling.y")
    )
    money_axis(fig, f)
    handling = report.handling
    fig.update_layout(
        barmode="stack",
        height=HEIGHT,
        margin_t=SUBTITLE_TOP_MARGIN + 30,
        title_subtitle_text=t(
            "wom.chart.handling.subtitle",
            gain=f.money(handling.gain),
            cost=f.money(handling.cost),
            net=f.money(handling.net),
        ),
        legend={"y": 1.02},
        yaxis_range=[0, max(max(totals), 1.0) * 1.2],
    )
    return fig
