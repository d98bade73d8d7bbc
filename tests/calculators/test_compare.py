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


def test_sensitivity_of_clv_ranks_retention_first():
    table = sensitivity(default_scenario(), "clv")
    assert table["path"].iloc[0] == "business.retention"
    row = table.iloc[0]
    # retention 0.8 moved ±20%: 0.64 → 300/0.44, 0.96 → 300/0.12
    assert (row["low"], row["high"]) == pytest.approx((0.64, 0.96))
    assert row["result_low"] == pytest.approx(300 / 0.44)
    assert row["result_high"] == pytest.approx(2500)
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    # Inputs that do not enter CLV are not listed.
    assert "business.active_customers" not in set(table["path"])


def test_sensitivity_keeps_moves_inside_the_bounds():
    table = sensitivity(scenario_from_values({"business.retention": 0.95}), "clv")
    row = table[table["path"] == "business.retention"].iloc[0]
    assert row["high"] == 0.99


def test_sensitivity_rejects_an_unknown_result_and_span():
    with pytest.raises(ValueError, match="result must be one of"):
        sensitivity(default_scenario(), "happiness")
    with pytest.raises(ValueError, match="span must be in"):
        sensitivity(default_scenario(), "clv", span=0)


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
