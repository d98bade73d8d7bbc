"""The classroom's charts: every participant a point at their value, hovers and axes as the
page writes numbers, the famous figure as a line across the beliefs."""

from __future__ import annotations

import pytest

from calculators.classroom import BeliefSummary, spread
from ui.charts.classroom import belief_chart, spread_chart
from ui.fmt import Formatter


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", ["80%", "60.5%", "90%"]), ("it", ["80%", "60,5%", "90%"])]
)
def test_each_participant_is_a_point_with_its_value_as_the_page_writes_it(
    lang: str, shown: list[str]
) -> None:
    fig = spread_chart(spread([0.8, 0.605, 0.9]), "Retention", "percent", Formatter(lang, "EUR"))
    (box,) = fig.data
    assert list(box.x) == [0.8, 0.605, 0.9]
    assert box.boxpoints == "all" and box.hoveron == "points"
    assert list(box.customdata) == shown
    assert box.quartilemethod == "linear"  # the quartiles calculators.classroom.spread gives
    assert fig.layout.xaxis.tickformat == ".0%"
    assert fig.layout.separators == (".," if lang == "en" else ",.")


def test_money_spreads_carry_the_currency_on_the_axis() -> None:
    fig = spread_chart(spread([1071.43, 172.41]), "CLV", "money", Formatter("en", "EUR"))
    assert list(fig.data[0].customdata) == ["€1,071", "€172"]
    assert fig.layout.xaxis.tickprefix == "€"


def test_a_belief_chart_draws_the_famous_figure_across_the_answers() -> None:
    answers = [20.0, 10.0, 50.0]
    belief = BeliefSummary(
        answers=spread(answers), reference=4.0, source="complain_4pct", over=3, under=0
    )
    fig = belief_chart(belief, "Of 100 unhappy customers…", "TARP: 4", Formatter("en", "EUR"))
    assert list(fig.data[0].x) == answers
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == 4.0
    assert fig.layout.annotations[0].text == "TARP: 4"
