"""Charts of the Word-of-mouth page, built from the report without a browser."""

from __future__ import annotations

import pytest

from calculators.reports.word_of_mouth import word_of_mouth_report
from calculators.scenario import Scenario, scenario_from_values
from ui.charts import word_of_mouth as charts
from ui.fmt import Formatter

NBSP = "\u00a0"
CHARTS = (
    charts.iceberg_bars,
    charts.problem_sankey,
    charts.reach_butterfly,
    charts.retelling_lines,
    charts.handling_bars,
)


@pytest.fixture(scope="module")
def report():
    return word_of_mouth_report(Scenario())


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("lang", ["en", "it"])
def test_every_chart_is_translated_and_uses_our_template(report, chart, lang):
    fig = chart(report, Formatter(lang))
    assert fig.layout.title.text
    assert "wom." not in fig.to_json(), "a raw i18n key is shown"
    assert fig.layout.separators == (".," if lang == "en" else ",.")
    assert fig.layout.template.layout.paper_bgcolor == "white"


def test_count_shows_a_decimal_only_for_small_fractions():
    f = Formatter("en")
    assert f.count(2.4) == "2.4"
    assert f.count(24.000000000000004) == "24"
    assert f.count(1317.6) == "1,318"
    assert f.count(3) == "3"
    assert Formatter("it").count(2.4) == "2,4"


def test_iceberg_has_complaints_above_and_silent_customers_below(report):
    fig = charts.iceberg_bars(report, Formatter("en"))
    bar = fig.data[0]
    assert list(bar.x) == ["Complained", "Said nothing"]
    assert list(bar.y) == pytest.approx([6, -144])
    assert list(bar.text) == ["6", "144"]
    assert fig.layout.title.text == "For each complaint, 24 more said nothing"
    assert all(not label.startswith("-") for label in fig.layout.yaxis.ticktext)


def test_sankey_follows_the_customers_in_both_languages(report):
    fig = charts.problem_sankey(report, Formatter("en"))
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    for expected in (
        "Customers: 1,000",
        "No problem: 850",
        "Had a problem: 150",
        "Complained: 6",
        "Said nothing: 144",
        "Resolved quickly: 1.1",
        "Resolved: 2.5",
        "Not resolved: 2.4",
        "Stayed: 57",
        "Left: 93",
    ):
        assert expected in labels
    # Every customer with a problem ends up stayed or left.
    stayed, left = labels.index("Stayed: 57"), labels.index("Left: 93")
    into_end = sum(
        value
        for target, value in zip(sankey.link.target, sankey.link.value, strict=True)
        if target in (stayed, left)
    )
    assert into_end == pytest.approx(150)
    assert fig.layout.title.subtitle.text == (
        "93 customers lost to problems; the unhappy tell 1,318 people"
    )
    italian = charts.problem_sankey(report, Formatter("it")).data[0]
    assert "Clienti: 1.000" in italian.node.label
    assert "Andati via: 93" in italian.node.label


def test_sankey_subtitle_follows_the_tell_rate():
    report = word_of_mouth_report(scenario_from_values({"word_of_mouth.tell_negative": 20}))
    fig = charts.problem_sankey(report, Formatter("en"))
    # 146.4 unhappy customers x 20 people.
    assert "the unhappy tell 2,928 people" in fig.layout.title.subtitle.text


def test_butterfly_puts_bad_word_of_mouth_left_and_good_right(report):
    fig = charts.reach_butterfly(report, Formatter("en"))
    negative, positive = fig.data
    assert negative.name == "Bad word of mouth: 1,318"
    assert positive.name == "Good word of mouth: 4,268"
    assert list(negative.y) == ["Said nothing", "Complaint not resolved"]
    assert list(negative.x) == pytest.approx([-1296, -21.6])
    assert list(positive.x) == pytest.approx([18, 4250])
    assert list(fig.layout.xaxis.ticktext) == ["4,000", "2,000", "0", "2,000", "4,000"]


def test_retelling_lines_mark_the_chosen_rounds():
    report = word_of_mouth_report(scenario_from_values({"word_of_mouth.retell_rounds": 7}))
    fig = charts.retelling_lines(report, Formatter("en"))
    negative, positive = fig.data
    assert list(negative.x) == list(range(8))
    assert negative.y[0] == pytest.approx(1317.6)
    assert negative.y[1] == pytest.approx(1317.6 * 1.2)
    assert positive.y[0] == pytest.approx(4268)
    assert fig.layout.shapes[0].x0 == 7
    assert fig.layout.annotations[0].text == "your setting: 7"


def test_handling_bars_compare_today_with_better_handling(report):
    fig = charts.handling_bars(report, Formatter("en"))
    customers, prospects, cost, totals = fig.data
    assert list(customers.x) == ["Today", "Better handling"]
    assert list(cost.y) == pytest.approx([0, 180])
    # Prospects lost to the unresolved complainers' stories: 2.4 (then 1.2) x 9 x 10% x 20% x CLV.
    clv = 300 / 0.28
    assert list(prospects.y) == pytest.approx([0.432 * clv, 0.216 * clv])
    assert list(totals.text) == ["total €2,719", "total €1,877"]
    assert fig.layout.title.subtitle.text == "€1,022 less at risk for €180 a year: net €842"
    assert fig.layout.barmode == "stack"


@pytest.mark.parametrize(
    "values",
    [
        {"word_of_mouth.complaints_per_year": 0},
        {"business.active_customers": 0},
        {"word_of_mouth.tell_positive": 0, "word_of_mouth.tell_negative": 0},
        {
            "word_of_mouth.complaints_per_year": 10_000_000,
            "word_of_mouth.complaint_share": 0.001,
            "word_of_mouth.retell_people": 100,
            "word_of_mouth.retell_probability": 1,
            "word_of_mouth.retell_rounds": 10,
        },
    ],
)
def test_charts_survive_empty_and_extreme_scenarios(values):
    report = word_of_mouth_report(scenario_from_values(values))
    for chart in CHARTS:
        assert chart(report, Formatter("it")).to_json()
