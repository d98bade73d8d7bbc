"""Reference lines drawn as plain layout data are what plotly's own add_hline / add_vline draw."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
import pytest

from ui.charts.base import Reference, add_references

POSITIONS = ("top left", "top right", "bottom left", "bottom right")


def _layout(fig: go.Figure) -> tuple[list[dict], list[dict]]:
    layout = fig.to_plotly_json()["layout"]
    return layout.get("shapes", []), layout.get("annotations", [])


def _base() -> go.Figure:
    return go.Figure(go.Scatter(x=[0, 10], y=[0, 5]))


@pytest.mark.parametrize(
    ("axis", "position", "text", "colour"),
    list(itertools.product(("x", "y"), POSITIONS, ("Break-even: €12.50", None), ("#C2410C", None))),
)
def test_a_reference_line_is_plotlys_own(axis, position, text, colour) -> None:
    line = {"color": "#111827", "dash": "dash", "width": 2}
    theirs = _base()
    label = {} if text is None else {"annotation_text": text, "annotation_position": position}
    if text is not None and colour is not None:
        label["annotation_font_color"] = colour
    add = theirs.add_hline if axis == "y" else theirs.add_vline
    add(3.5, line=line, **label)

    ours = _base()
    add_references(ours, Reference(axis, 3.5, line, text, position, colour))
    assert _layout(ours) == _layout(theirs)


def test_references_add_to_the_shapes_and_labels_already_there() -> None:
    line = {"color": "#6B7280", "width": 2}
    theirs = _base()
    theirs.add_annotation(text="kept", x=1, y=1, showarrow=False)
    theirs.add_hline(0, line=line)
    theirs.add_vline(2, line=line, annotation_text="two", annotation_position="top right")
    theirs.add_hline(4, line=line, annotation_text="four", annotation_position="bottom right")

    ours = _base()
    ours.add_annotation(text="kept", x=1, y=1, showarrow=False)
    add_references(
        ours,
        Reference("y", 0, line),
        Reference("x", 2, line, "two", "top right"),
        Reference("y", 4, line, "four", "bottom right"),
    )
    shapes, notes = _layout(ours)
    assert (shapes, notes) == _layout(theirs)
    assert [note["text"] for note in notes] == ["kept", "two", "four"]
