"""Charts of the Expectations gap page, built from results without a browser."""

import pytest

from calculators.nps import EXAMPLE_NPS_COUNTS, nps_from_counts
from calculators.reports.expectations import expectations_report
from calculators.scenario import Scenario
from calculators.surveys import example_survey_csv, read_survey, survey_gaps
from ui.charts import expectations as charts
from ui.fmt import Formatter


@pytest.fixture(scope="module")
def gaps():
    return expectations_report(Scenario()).gaps


@pytest.fixture(scope="module")
def survey():
    return survey_gaps(read_survey(example_survey_csv()), [1, 3, 2.5, 2, 1.5])


@pytest.mark.parametrize("lang", ["en", "it"])
def test_every_chart_is_translated_and_uses_our_template(gaps, survey, lang):
    f = Formatter(lang)
    figures = [
        charts.gap_radar(gaps, f),
        charts.gap_bars(gaps, f),
        charts.survey_gap_points(survey, f),
        charts.nps_split(nps_from_counts(EXAMPLE_NPS_COUNTS), f),
    ]
    for fig in figures:
        assert fig.layout.title.text
        assert "exp." not in fig.to_json(), "a raw i18n key is shown"
        assert fig.layout.separators == (".," if lang == "en" else ",.")
        assert fig.layout.template.layout.paper_bgcolor == "white"


def test_radar_draws_three_closed_shapes_in_the_language(gaps):
    fig = charts.gap_radar(gaps, Formatter("it"))
    assert [trace.name for trace in fig.data] == ["Promesso", "Erogato", "Percepito"]
    perceived = fig.data[2]
    assert list(perceived.r) == [5, 5, 4, 5.5, 4.5, 5]
    assert perceived.theta[0] == perceived.theta[-1] == "Aspetti tangibili"


def test_bars_put_the_largest_weighted_gap_on_top(gaps):
    fig = charts.gap_bars(gaps, Formatter("en"))
    rows = list(fig.data[0].y)
    assert rows[-1] == "Responsiveness (25%)"  # plotly draws the last category on top
    assert rows[0] == "Tangibles (10%)"
    assert list(fig.data[2].x)[-1] == 2  # promised 6 - perceived 4


def test_nps_bar_splits_the_answers():
    fig = charts.nps_split(nps_from_counts(EXAMPLE_NPS_COUNTS), Formatter("en"))
    assert [trace.x[0] for trace in fig.data] == [0.25, 0.25, 0.5]
    assert fig.layout.title.text == "NPS 25 (95% interval -12 to 55)"


@pytest.mark.parametrize(
    ("value", "en", "it"),
    [(1.5, "+1.5", "+1,5"), (-0.725, "-0.72", "-0,72"), (0.0, "0", "0"), (2.0, "+2", "+2")],
)
def test_gaps_are_signed_in_the_locale(value, en, it):
    assert Formatter("en").gap(value) == en
    assert Formatter("it").gap(value) == it


def test_scores_show_a_decimal_only_when_needed():
    assert Formatter("en").score(6.0) == "6"
    assert Formatter("it").score(5.5) == "5,5"
