"""What every chart shares: one explicit template, projector-sized type, the locale's number marks.

Importing Streamlit swaps plotly's default template for placeholder colours, so every figure sets
its own. Charts are built from result objects with no Streamlit here, so they test without a
browser; hover texts are formatted with babel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go

from ui.fmt import Formatter
from ui.i18n import translate

INK = "#111827"
ACCENT = "#0B5CAD"  # the theme's primary colour: "with the programme", "keeping"
WARM = "#C2410C"  # losses, "today", "replacing"
MUTED = "#6B7280"
GOOD = "#15803D"
GRID = "#E5E7EB"
FONT_SIZE = 16

# Built once: plotly deep-copies and re-validates a named template ("plotly_white") on every
# figure, which cost ~10 ms a chart; this small one carries only what our charts use.
TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": [ACCENT, WARM, GOOD, MUTED, "#7C3AED", "#0891B2"],
        "font": {"size": FONT_SIZE, "color": INK},
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "xaxis": {"gridcolor": GRID, "zerolinecolor": MUTED, "linecolor": GRID},
        "yaxis": {"gridcolor": GRID, "zerolinecolor": MUTED, "linecolor": GRID},
    }
)


def base_layout(
    fig: go.Figure, f: Formatter, title: str, *, x_title: str, y_title: str
) -> go.Figure:
    """Apply the shared look: template, title, projector-sized fonts, locale number marks."""
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title, "font": {"size": FONT_SIZE + 4, "color": INK}},
        separators=f.separators,
        # Nested, not xaxis_title_text=: plotly parses each underscore path on every call.
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}},
    )
    return fig


def keyed_layout(fig: go.Figure, f: Formatter, key: str) -> go.Figure:
    """`base_layout` with the title and axis titles of the i18n texts ``{key}.title``, ``.x``
    and ``.y``."""
    t = partial(translate, f.lang)
    return base_layout(fig, f, t(f"{key}.title"), x_title=t(f"{key}.x"), y_title=t(f"{key}.y"))


def value_line(
    x: Sequence[Any],
    y: Sequence[float] | np.ndarray,
    name: str,
    colour: str,
    shown: Sequence[str],
    x_label: str,
    *,
    mode: str = "lines+markers",
    width: int = 4,
    dash: str | None = None,
    **extra: Any,
) -> go.Scatter:
    """A line whose hover reads "name", then "x_label x: value"; `shown` holds the values as
    formatted (by the `Formatter`), one per point."""
    line: dict[str, Any] = {"color": colour, "width": width}
    if dash is not None:
        line["dash"] = dash
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode=mode,
        line=line,
        customdata=list(shown),
        hovertemplate=f"{name}<br>{x_label} %{{x}}: %{{customdata}}<extra></extra>",
        **extra,
    )


def money_axis(fig: go.Figure, f: Formatter, axis: str = "y") -> None:
    """Show an axis in the scenario's currency, the symbol where the locale puts it."""
    prefix, suffix = f.currency_affixes
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickprefix=prefix, ticksuffix=suffix, tickformat=",.0f")


def plotly_config(filename: str) -> dict[str, object]:
    """`st.plotly_chart` config: no plotly logo, PNG downloads named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


Position = Literal["top left", "top right", "bottom left", "bottom right"]


@dataclass(frozen=True)
class Reference:
    """A reference line across a chart: ``axis="y"`` a horizontal line at y = `at`, ``"x"`` a
    vertical one at x = `at`; `line` is plotly's line style; `text` labels it at `position`."""

    axis: Literal["x", "y"]
    at: float
    line: dict[str, Any]
    text: str | None = None
    position: Position = "top left"
    text_colour: str | None = None


def _reference_shapes(ref: Reference) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The layout shape and annotation plotly's add_hline / add_vline make, as plain data."""
    vertical, horizontal = ref.position.split()
    shape: dict[str, Any] = {"type": "line", "line": ref.line}
    note: dict[str, Any] = {}
    if ref.axis == "y":  # across the plot's width, at y
        shape |= {"xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": ref.at, "y1": ref.at}
        note |= {"xref": "x domain", "x": 0 if horizontal == "left" else 1}
        note |= {"xanchor": horizontal, "yref": "y", "y": ref.at}
        note["yanchor"] = "bottom" if vertical == "top" else "top"
    else:  # across the plot's height, at x
        shape |= {"xref": "x", "x0": ref.at, "x1": ref.at, "yref": "y domain", "y0": 0, "y1": 1}
        note |= {"xref": "x", "x": ref.at, "xanchor": "left" if horizontal == "right" else "right"}
        note |= {"yref": "y domain", "y": 1 if vertical == "top" else 0}
        note["yanchor"] = "top" if vertical == "top" else "bottom"
    if ref.text is None:
        return shape, None
    note |= {"text": ref.text, "showarrow": False}
    if ref.text_colour is not None:
        note["font"] = {"color": ref.text_colour}
    return shape, note


def add_references(fig: go.Figure, *references: Reference) -> None:
    """Draw `references` in one layout update, as fig.add_hline / add_vline would draw them.

    Plotly's add_hline and add_vline validate the whole layout for each line, about 10 ms a
    line: on Acquisition vs retention, four in six lines of a rerun's cost. Here the shapes and
    labels are plain data (tests/ui/test_charts_base.py checks them against plotly's own).
    """
    drawn = [_reference_shapes(ref) for ref in references]
    fig.update_layout(
        shapes=[*fig.layout.shapes, *(shape for shape, _ in drawn)],
        annotations=[*fig.layout.annotations, *(note for _, note in drawn if note is not None)],
    )
