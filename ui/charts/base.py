"""What every chart shares: one explicit template, projector-sized type, the locale's number marks.

Importing Streamlit swaps plotly's default template for placeholder colours, so every figure sets
its own. Charts are built from result objects with no Streamlit here, so they test without a
browser; hover texts are formatted with babel.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import plotly.graph_objects as go

from ui.fmt import Formatter

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
        xaxis_title_text=x_title,
        yaxis_title_text=y_title,
    )
    return fig


def money_axis(fig: go.Figure, f: Formatter, axis: str = "y") -> None:
    """Show an axis in the scenario's currency, symbol before (en) or after (it) the number."""
    symbol = f.symbol
    prefix, suffix = (symbol, "") if f.lang == "en" else ("", f"\u00a0{symbol}")
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickprefix=prefix, ticksuffix=suffix, tickformat=",.0f")


FIGURE_CACHE_SIZE = 256
_figures: OrderedDict[Hashable, go.Figure] = OrderedDict()
_figures_lock = threading.Lock()


def cached_figure(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure for `key`, built once: plotly figures with many traces take 50-150 ms.

    `key` must capture everything the figure shows (data, language, currency). Sessions share
    the cache; that is safe because `st.plotly_chart` copies a figure and never changes it.
    """
    with _figures_lock:
        if key in _figures:
            _figures.move_to_end(key)
            return _figures[key]
    figure = build()
    with _figures_lock:
        _figures[key] = figure
        while len(_figures) > FIGURE_CACHE_SIZE:
            _figures.popitem(last=False)
    return figure


def plotly_config(filename: str) -> dict[str, object]:
    """`st.plotly_chart` config: no plotly logo, PNG downloads named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
