"""Comparison tables, sensitivity and the CSV export (with formula injection escaped)."""

import csv
import io
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.compare import (
    HEADLINES,
    differing_inputs,
    escape_cell,
    headline_table,
    headline_values,
    sensitivity,
    sensitivity_range,
    to_csv,
)
from calculators.scenario import default_scenario, scenario_from_values


def test_headline_values_of_the_default_scenario():
    values = headline_values(default_scenario())
    assert values["customers_lost"] == pytest.approx(200)
    assert values["replacement_cost"] == pytest.approx(50_000)
    assert values["clv"] == pytest.approx(300 / 0.28)
    assert values["break_even"] == pytest.approx(300 * 0.05 / 0.28)
    assert values["payback_years"] == 1
    assert set(values) == {h.id for h in HEADLINES}


def test_ltv_to_cac_is_nan_not_an_error_without_acquisition_cost():
    values = headline_values(scenario_from_values({"business.acquisition_cost": 0}))
    assert math.isnan(values["ltv_to_cac"])


def test_only_differing_inputs_are_listed():
    a = default_scenario()
    b = scenario_from_values({"business.retention": 0.9, "business.currency": "CHF"})
    table = differing_inputs({"A": a, "B": b, "A again": a})
    assert list(table.index) == ["business.currency", "business.retention"]
    assert table.loc["business.retention"].tolist() == [0.8, 0.9, 0.8]


def test_headline_table_has_a_column_per_scenario():
    table = headline_table({"A": default_scenario(), "B": scenario_from_values({})})
    assert list(table.columns) == ["A", "B"]
    assert table.loc["clv", "A"] == table.loc["clv", "B"]


def test_sensitivity_moves_retention_by_points_not_by_a_fifth_of_it():
    table = sensitivity(default_scenario(), "clv").set_index("path")
    row = table.loc["business.retention"]
    # 80% ± 5 points (not ±20% relative, 64%…96%): CLV = 300 / (1.08 − r).
    assert (row["low"], row["high"]) == pytest.approx((0.75, 0.85))
    assert row["result_low"] == pytest.approx(300 / 0.33)
    assert row["result_high"] == pytest.approx(300 / 0.23)
    assert row["swing"] == pytest.approx(300 / 0.23 - 300 / 0.33)
    # The discount rate by its own 2 points: 6%…10%.
    discount = table.loc["business.discount_rate"]
    assert (discount["low"], discount["high"]) == pytest.approx((0.06, 0.10))
    assert discount["result_low"] == pytest.approx(300 / 0.26)  # a lower rate, a higher CLV
    assert discount["result_high"] == pytest.approx(300 / 0.30)
    # Money by ±20% of its value: revenue €800…€1,200, margin 240…360 at 30%.
    revenue = table.loc["business.revenue_per_customer"]
    assert (revenue["low"], revenue["high"]) == pytest.approx((800, 1200))
    assert revenue["swing"] == pytest.approx(120 / 0.28)
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    # Inputs that do not enter CLV are not listed.
    assert "business.active_customers" not in set(table.index)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("business.retention", 0.8, (0.75, 0.85)),
        ("business.retention", 0.97, (0.92, 0.99)),  # the field stops at 99%
        ("business.retention", 0.02, (0.0, 0.07)),  # and at 0%
        ("business.gross_margin", 0.3, (0.25, 0.35)),
        ("business.discount_rate", 0.08, (0.06, 0.10)),
        ("retention_program.retention_uplift", 0.05, (0.03, 0.07)),
        ("word_of_mouth.complaint_share", 0.04, (0.02, 0.06)),
        ("word_of_mouth.complaint_share", 0.01, (0.001, 0.03)),  # lowest allowed 0.1%
        ("business.acquisition_cost", 250.0, (200.0, 300.0)),
        ("business.active_customers", 1000, (800.0, 1200.0)),
        ("word_of_mouth.complaints_per_year", 6, (5.0, 7.0)),  # 4.8 and 7.2, whole
        ("word_of_mouth.tell_negative", 9.0, (7.2, 10.8)),
        ("loyalty.repurchase_ratio", 1.1, (1.0, 1.32)),  # the ratio stops at 1
    ],
)
def test_sensitivity_range_by_kind_of_input(path, value, expected):
    assert sensitivity_range(path, value) == pytest.approx(expected)


def test_a_rate_at_zero_is_still_moved_up():
    scenario = scenario_from_values({"loyalty.revenue_growth": 0.0})
    table = sensitivity(scenario, "firm_profit_steady").set_index("path")
    assert (
        table.loc["loyalty.revenue_growth", "low"],
        table.loc["loyalty.revenue_growth", "high"],
    ) == (
        0.0,
        pytest.approx(0.05),
    )


def test_sensitivity_keeps_moves_inside_the_bounds():
    table = sensitivity(scenario_from_values({"business.retention": 0.95}), "clv")
    row = table[table["path"] == "business.retention"].iloc[0]
    assert row["low"] == pytest.approx(0.90)
    assert row["high"] == 0.99


def test_sensitivity_rejects_an_unknown_result_and_span():
    with pytest.raises(ValueError, match="result must be one of"):
        sensitivity(default_scenario(), "happiness")
    with pytest.raises(ValueError, match="span must be in"):
        sensitivity(default_scenario(), "clv", span=0)
    with pytest.raises(ValueError, match="points must be in"):
        sensitivity(default_scenario(), "clv", points=0)
    with pytest.raises(ValueError, match="numeric scenario field"):
        sensitivity_range("business.name", 1.0)


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_like_text_is_escaped(text):
    assert escape_cell(text) == "'" + text


def test_plain_text_and_numbers_are_left_alone():
    assert escape_cell("Studio Rossi") == "Studio Rossi"
    assert escape_cell(-28.5) == -28.5


def test_csv_export_escapes_every_formula_cell():
    text = to_csv([["name", "value"], ['=HYPERLINK("http://evil")', -3], ["ok", 1.5]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "value"], ['\'=HYPERLINK("http://evil")', "-3"], ["ok", "1.5"]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(max_size=15), st.floats(allow_nan=False)), max_size=4)))
def test_no_exported_text_cell_starts_like_a_formula(rows):
    parsed = list(csv.reader(io.StringIO(to_csv(rows)), strict=True))
    for original, row in zip(rows, parsed, strict=False):
        for value, cell in zip(original, row, strict=False):
            if isinstance(value, str):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_headlines_cover_word_of_mouth_and_the_firm_profit():
    from calculators.reports.loyalty import loyalty_report
    from calculators.reports.word_of_mouth import word_of_mouth_report

    scenario = default_scenario()
    values = headline_values(scenario)
    assert values["value_at_risk"] == pytest.approx(
        word_of_mouth_report(scenario).today.value_at_risk
    )
    impact = loyalty_report(scenario).impact
    assert values["firm_profit_steady"] == pytest.approx(impact.steady_before.profit)
    assert values["firm_profit_steady_after"] > values["firm_profit_steady"]


def test_sensitivity_of_firm_profit_ranks_inputs_that_reach_the_firm():
    table = sensitivity(default_scenario(), "firm_profit_steady")
    paths = set(table["path"])
    assert {"business.retention", "business.new_customers_per_year"} <= paths
    # Word-of-mouth inputs do not enter the firm's profit path.
    assert not any(path.startswith("word_of_mouth.") for path in paths)
