"""What every chart shares: one explicit template, projector-sized type, the locale's number marks.

Importing Streamlit swaps plotly's default template for placeholder colours, so every figure sets
its own. Charts are built from result objects with no Streamlit here, so they test without a
browser; hover texts are formatted with babel.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ui.fmt import Formatter

INK = "#111827"
ACCENT = "#0B5CAD"  # the theme's primary colour: "with the programme", "keeping"
WARM = "#C2410C"  # losses, "today", "replacing"
MUTED = "#6B7280"
GOOD = "#15803D"
GRID = "#E5E7EB"
FONT_SIZE = 16


def base_layout(
    fig: go.Figure, f: Formatter, title: str, *, x_title: str, y_title: str
) -> go.Figure:
    """Apply the shared look: template, title, projector-sized fonts, locale number marks."""
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


def money_axis(fig: go.Figure, f: Formatter, axis: str = "y") -> None:
    """Show an axis in the scenario's currency, symbol before (en) or after (it) the number."""
    symbol = f.symbol
    prefix, suffix = (symbol, "") if f.lang == "en" else ("", f"\u00a0{symbol}")
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickprefix=prefix, ticksuffix=suffix, tickformat=",.0f")


def plotly_config(filename: str) -> dict[str, object]:
    """`st.plotly_chart` config: no plotly logo, PNG downloads named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
