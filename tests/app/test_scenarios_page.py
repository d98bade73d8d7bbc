"""Scenarios page in both languages: comparison tables, uploaded files, sensitivity."""

import pytest

from calculators.scenario import dump_scenario, scenario_from_values
from tests.app.conftest import assert_no_raw_keys, chart_specs, chart_titles
from ui.nav import SCENARIOS

NBSP = "\u00a0"


def _results(at):
    return at.dataframe[0].value


@pytest.mark.parametrize("lang", ["en", "it"])
def test_default_comparison_shows_current_and_two_presets(open_app, lang):
    at = open_app(SCENARIOS, lang=lang)
    table = _results(at)
    assert len(table.columns) == 3
    current = table.columns[0]
    if lang == "en":
        assert current == "Your current figures"
        assert table.loc["Cost of replacing them per year", current] == "€50,000"
    else:
        assert current == "I tuoi numeri attuali"
        assert (
            table.loc["Costo per sostituire i clienti persi, all'anno", current] == f"50.000{NBSP}€"
        )
    assert len(at.get("plotly_chart")) == 2  # side by side + tornado
    assert_no_raw_keys(at)


def test_choosing_scenarios_changes_the_columns(open_app):
    at = open_app(SCENARIOS, lang="en")
    at.multiselect(key="compare.selected").set_value(
        ["current", "preset:professional_practice"]
    ).run()
    table = _results(at)
    assert list(table.columns) == [
        "Your current figures",
        "Professional practice (accountant, lawyer)",
    ]
    assert table.loc["Customers lost per year"].tolist() == ["200", "22"]
    inputs = at.dataframe[1].value
    assert inputs.loc["Active customers"].tolist() == ["1,000", "180"]


def test_an_uploaded_file_joins_the_comparison(open_app):
    at = open_app(SCENARIOS, lang="en")
    mine = dump_scenario(scenario_from_values({"business.active_customers": 4000}))
    at.file_uploader(key="compare.uploads").set_value(
        [("mine.yaml", mine.encode(), "text/yaml")]
    ).run()
    at.multiselect(key="compare.selected").set_value(["current", "file:mine.yaml"]).run()
    table = _results(at)
    assert table.loc["Customers lost per year", "File: mine.yaml"] == "800"


def test_a_bad_uploaded_file_is_reported_and_left_out(open_app):
    at = open_app(SCENARIOS, lang="en")
    at.file_uploader(key="compare.uploads").set_value(
        [("bad.yaml", b"business:\n  retention: 7\n", "text/yaml")]
    ).run()
    assert "`bad.yaml` could not be used" in at.error[0].value
    assert "file:bad.yaml" not in at.multiselect(key="compare.selected").options


def test_no_scenario_chosen_says_so(open_app):
    at = open_app(SCENARIOS, lang="en")
    at.multiselect(key="compare.selected").set_value([]).run()
    assert not at.exception
    assert "Choose at least one scenario" in at.info[0].value


def test_sensitivity_follows_the_chosen_result(open_app):
    at = open_app(SCENARIOS, lang="en")
    labels = chart_specs(at)[1]["data"][0]["y"]
    # Largest swing at the top: revenue ±20% moves CLV by 120 / 0.28 = 428.57, retention
    # ±5 points by 300 / 0.23 − 300 / 0.33 = 395.26.
    assert labels[-1] == "Revenue per customer per year (€1,000 → €800…€1,200)"
    assert labels[-2] == "Annual retention (%) (80% → 75%…85%)"
    assert "Discount rate (% per year) (8% → 6%…10%)" in labels
    at.selectbox(key="compare.sensitivity_result").set_value("replacement_cost").run()
    assert "Sensitivity of Cost of replacing them per year" in chart_titles(at)[1]
    spec = at.get("plotly_chart")[1].proto.spec
    assert "Cost to acquire a new customer" in spec


def test_the_comparison_follows_the_current_scenario(open_app):
    at = open_app(SCENARIOS, lang="en", **{"business.retention": "0.9"})
    assert _results(at).loc["Customers lost per year", "Your current figures"] == "100"


def test_the_tornado_can_rank_inputs_for_firm_profit_and_value_at_risk(open_app):
    at = open_app(SCENARIOS, lang="it")
    for result in ("firm_profit_steady", "value_at_risk"):
        at.selectbox(key="compare.sensitivity_result").set_value(result).run()
        assert not at.exception
        assert chart_titles(at)[1].startswith("Sensibilità di: ")


@pytest.mark.parametrize(
    ("lang", "ranges"),
    [
        ("en", "rates ± 5 percentage points (Discount rate (% per year) ± 2"),
        ("it", "tassi: 5 punti percentuali in più e in meno ("),
    ],
)
def test_the_tornado_says_which_ranges_it_used(open_app, lang, ranges):
    at = open_app(SCENARIOS, lang=lang)
    caption = next(c.value for c in at.caption if ranges in c.value)
    share = "± 20% of their value" if lang == "en" else "il 20% del loro valore in più e in meno"
    assert share in caption
    note = " ".join(a["text"] for a in chart_specs(at)[1]["layout"]["annotations"])
    assert ("Ranges: rates ± 5" if lang == "en" else "Intervalli: tassi: 5 punti") in note
