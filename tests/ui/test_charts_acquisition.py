"""The Acquisition page's payback chart draws the saas_rules reference lines its card promises."""

import pytest
import yaml

from calculators.reports.acquisition import acquisition_report
from calculators.scenario import apply_values, default_scenario
from ui.charts import acquisition as charts
from ui.fmt import Formatter
from ui.nav import ROOT


def lines(fig):
    """Horizontal (y) and vertical (x) reference lines of a figure."""
    shapes = fig.layout.shapes
    horizontal = sorted(s.y0 for s in shapes if s.y0 == s.y1 and s.xref == "x domain")
    vertical = sorted(s.x0 for s in shapes if s.x0 == s.x1 and s.yref == "y domain")
    return horizontal, vertical


def test_payback_chart_draws_ltv_cac_3_and_a_12_month_payback():
    report = acquisition_report(default_scenario())
    fig = charts.payback_lines(report, Formatter("en"))
    horizontal, vertical = lines(fig)
    # Margin 300, retention 80%, discount 8%, CAC 250: CLV = 300 / 0.28 = 1,071.43.
    assert horizontal == pytest.approx([250, 750, 300 / 0.28])  # CAC, 3 × CAC, CLV
    assert vertical == [1]  # 12 months = the end of year 1
    curve = fig.data[0]
    assert list(curve.x[:3]) == [0, 1, 2]
    # Cumulative discounted margin: 300 / 1.08, then + 300 · 0.8 / 1.08².
    assert curve.y[1] == pytest.approx(300 / 1.08)
    assert curve.y[2] == pytest.approx(300 / 1.08 + 240 / 1.08**2)
    notes = [a.text for a in fig.layout.annotations]
    assert "LTV:CAC = 3×: €750" in notes
    assert "12-month payback" in notes


def test_payback_chart_in_italian_and_with_a_late_payback():
    scenario, issues = apply_values(default_scenario(), {"business.acquisition_cost": 1000.0})
    assert issues == []
    report = acquisition_report(scenario)
    # Year t adds 300 · 0.8^(t−1) / 1.08^t: 999.49 after 9 years, 1,018.14 after 10.
    after_nine = sum(300 * 0.8 ** (k - 1) / 1.08**k for k in range(1, 10))
    assert after_nine < 1000 <= after_nine + 300 * 0.8**9 / 1.08**10
    assert report.payback_years == 10
    fig = charts.payback_lines(report, Formatter("it"))
    horizontal, vertical = lines(fig)
    assert horizontal == pytest.approx([1000, 300 / 0.28, 3000])
    assert vertical == [1]
    assert fig.data[0].x[-1] == 11  # the chart runs one year past the payback
    assert fig.data[0].y[10] == pytest.approx(after_nine + 300 * 0.8**9 / 1.08**10)
    assert "rientro in 12 mesi" in [a.text for a in fig.layout.annotations]


def test_the_saas_rules_card_says_what_the_chart_draws():
    cards = yaml.safe_load((ROOT / "assets" / "sources.yaml").read_text(encoding="utf-8"))
    assert "payback chart" in cards["saas_rules"]["en"]["default"]
    assert "grafico del rientro" in cards["saas_rules"]["it"]["default"]
