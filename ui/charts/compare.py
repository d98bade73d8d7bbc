"""Charts of the Scenarios page: headline results side by side, and the sensitivity tornado."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui import plain
from ui.charts.base import (
    ACCENT,
    FONT_SIZE,
    INK,
    TEMPLATE,
    WARM,
    Reference,
    add_references,
    base_layout,
)
from ui.fmt import Formatter

COLUMNS = 3
NOTE_WIDTH = 110  # characters per line of the note under the tornado


def headline_bars(
    table: pd.DataFrame,
    titles: Mapping[str, str],
    formats: Mapping[str, Callable[[float], str]],
    f: Formatter,
    title: str,
) -> go.Figure:
    """One small bar chart per headline result, a bar per scenario, values printed on the bars.

    `table`: rows = headline ids, columns = scenario names (as from `compare.headline_table`);
    a name may be a file's, the user's own, so it is drawn through `plain.plotly`.
    """
    ids = list(table.index)
    rows = math.ceil(len(ids) / COLUMNS)
    fig = make_subplots(
        rows=rows,
        cols=COLUMNS,
        subplot_titles=[titles[i] for i in ids],
        vertical_spacing=0.12,
        horizontal_spacing=0.06,
    )
    colours = TEMPLATE.layout.colorway
    for index, name in enumerate(table.columns):
        shown_name = plain.plotly(name)
        for position, headline in enumerate(ids):
            value = float(table.loc[headline, name])
            fig.add_trace(
                go.Bar(
                    x=[shown_name],
                    y=[value if math.isfinite(value) else 0],
                    text=[formats[headline](value)],
                    textposition="auto",
                    name=shown_name,
                    legendgroup=shown_name,
                    showlegend=position == 0,
                    marker_color=colours[index % len(colours)],
                    hovertemplate="%{x}: %{text}<extra></extra>",
                ),
                row=position // COLUMNS + 1,
                col=position % COLUMNS + 1,
            )
    base_layout(fig, f, title, x_title="", y_title="")
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    fig.update_annotations(font={"size": FONT_SIZE - 2, "color": INK})
    fig.update_layout(
        height=280 * rows + 120,
        margin={"t": 90, "b": 60},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "xanchor": "left", "x": 0},
    )
    return fig


def tornado(
    table: pd.DataFrame,
    labels: Sequence[str],
    base: float,
    format_result: Callable[[float], str],
    f: Formatter,
    *,
    title: str,
    x_title: str,
    low_name: str,
    high_name: str,
    note: str = "",
) -> go.Figure:
    """Horizontal bars from the base result to the result with each input lowered and raised.

    `table` as from `compare.sensitivity` (largest swing first, shown at the top); `note`, the
    ranges the inputs were moved over, is printed under the chart so that a downloaded image
    says it too.
    """
    ordered = table.iloc[::-1]
    shown_labels = list(labels)[::-1]
    fig = go.Figure()
    for column, name, colour in (
        ("result_low", low_name, WARM),
        ("result_high", high_name, ACCENT),
    ):
        results = [float(v) for v in ordered[column]]
        fig.add_trace(
            go.Bar(
                y=shown_labels,
                x=[r - base for r in results],
                base=base,
                orientation="h",
                name=name,
                marker_color=colour,
                customdata=[format_result(r) for r in results],
                hovertemplate="%{y}<br>" + name + ": %{customdata}<extra></extra>",
            )
        )
    add_references(fig, Reference("x", base, {"color": INK, "width": 2}))
    base_layout(fig, f, title, x_title=x_title, y_title="")
    fig.update_layout(barmode="overlay", height=max(320, 48 * len(shown_labels) + 140))
    fig.update_xaxes(tickformat=",.0f")
    if note:
        lines = textwrap.wrap(note, NOTE_WIDTH)
        fig.add_annotation(
            text="<br>".join(plain.plotly(line) for line in lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-76,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": FONT_SIZE - 4, "color": INK},
        )
        fig.update_layout(margin={"b": 110 + 20 * len(lines)})
    return fig
