"""Charts of the Loyalty & profit page, built without a browser: data, labels in both languages."""

import json

import plotly.graph_objects as go
import pytest

from calculators.reports.loyalty import loyalty_report
from calculators.scenario import apply_values, default_scenario
from ui.charts import loyalty as charts
from ui.fmt import Formatter

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def report():
    return loyalty_report(default_scenario())


def spec(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)


def test_profit_path_today_vs_improved_with_steady_states(report):
    fig = charts.profit_path_lines(report, Formatter("en"))
    assert [trace.name for trace in fig.data] == ["Today (80% retention)", "Improved (85%)"]
    assert list(fig.data[0].x) == list(range(1, 21))
    # Year 1: (800 of today's customers + 150 new) × €300 − 150 × €250.
    assert fig.data[0].y[0] == pytest.approx(950 * 300 - 150 * 250)
    assert fig.data[0].customdata[0] == "€247,500"
    lines = [shape for shape in fig.layout.shapes if shape.type == "line"]
    assert [line.y0 for line in lines] == pytest.approx(
        [report.impact.steady_before.profit, report.impact.steady_after.profit]
    )
    texts = [annotation.text for annotation in fig.layout.annotations]
    assert texts == ["long run €326,248", "long run €522,724"]
    assert fig.layout.title.text == "Your firm: yearly profit over 20 years"
    assert fig.layout.template.layout.paper_bgcolor is not None  # an explicit template


def test_profit_path_follows_the_horizon():
    scenario, _ = apply_values(default_scenario(), {"loyalty.horizon_years": 50})
    fig = charts.profit_path_lines(loyalty_report(scenario), Formatter("en"))
    assert list(fig.data[0].x) == list(range(1, 51))
    assert fig.data[0].mode == "lines"


def test_waterfall_steps_add_up_to_the_net_value(report):
    fig = charts.value_waterfall(report, Formatter("en"))
    bars = fig.data[0]
    assert list(bars.x) == [
        "Base margin",
        "Revenue growth",
        "Cost savings",
        "Referrals",
        "Price premium",
        "Acquisition cost",
        "Net value",
    ]
    assert list(bars.measure) == ["relative"] * 6 + ["total"]
    assert sum(bars.y[:-1]) == pytest.approx(report.value_today)
    assert bars.y[5] == -250
    assert bars.text[-1] == "€1,285"


def test_uplift_chart_shades_the_1990_chart_as_context(report):
    fig = charts.uplift_curve_lines(report, Formatter("en"))
    band = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert len(band) == 1
    # Reichheld & Sasser's 1990 chart runs from 25% to 85% (the 95% is Bain's later range).
    assert (band[0].y0, band[0].y1) == (0.25, 0.85)
    texts = [annotation.text for annotation in fig.layout.annotations]
    assert "Reichheld & Sasser 1990, per customer: 25%–85% (context)" in texts
    assert "your uplift +5\u00a0pp" in texts
    assert [trace.name for trace in fig.data] == [
        "Per customer (net value, 20 years)",
        "Your firm, year 5",
        "Your firm, long run",
    ]
    assert fig.data[0].x[0] == 0 and fig.data[0].x[-1] == pytest.approx(10)
    # At +5 points the per-customer line shows the headline change.
    assert fig.data[0].y[10] == pytest.approx(report.impact.per_customer.relative_change)
    assert fig.data[0].customdata[10][1] == "+36.1%"
    assert fig.layout.yaxis.range[1] >= 0.85


def test_survival_curves_start_at_one_and_show_the_average_lifetime(report):
    fig = charts.survival_lines(report, Formatter("en"))
    today, improved = fig.data
    assert today.name == "Today (80%: 5.0 years on average)"
    assert improved.name == "Improved (85%: 6.7 years on average)"
    assert today.y[0] == improved.y[0] == 1.0
    assert today.y[2] == pytest.approx(0.64)


@pytest.mark.parametrize(
    "build",
    [
        charts.profit_path_lines,
        charts.value_waterfall,
        charts.uplift_curve_lines,
        charts.survival_lines,
    ],
)
def test_every_chart_is_in_italian_with_italian_number_marks(report, build):
    fig = build(report, Formatter("it"))
    assert fig.layout.separators == ",."
    shown = spec(fig)
    for english in ("Today", "Improved", "Your firm", "Net value", "Year", "years"):
        assert english not in shown


def test_italian_texts(report):
    fig = charts.uplift_curve_lines(report, Formatter("it"))
    texts = [annotation.text for annotation in fig.layout.annotations]
    assert "Reichheld e Sasser 1990, per cliente: 25%–85% (contesto)" in texts
    waterfall = charts.value_waterfall(report, Formatter("it"))
    assert waterfall.data[0].text[-1] == f"1.285{NBSP}€"
    assert waterfall.layout.yaxis.ticksuffix == f"{NBSP}€"
