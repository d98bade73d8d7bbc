"""Sidebar scenario tools: presets (asking before replacing changes), save, load, share link."""

from calculators.scenario import default_scenario, dump_scenario, scenario_from_values
from tests.app.conftest import metric_values
from ui.nav import OVERVIEW

PRESET = "scenario_tools.preset"
LOST = "Customers lost per year"


def _load_preset(at, preset_id):
    at.sidebar.selectbox(key=PRESET).set_value(preset_id).run()
    at.sidebar.button(key="scenario_tools.load").click().run()


def test_a_preset_replaces_the_example_figures(open_app):
    at = open_app(OVERVIEW, lang="en")
    _load_preset(at, "professional_practice")
    # 180 clients × (1 − 0.88) = 21.6 → 22
    assert metric_values(at)[LOST] == "22"
    assert at.number_input(key="input.business.active_customers").value == 180
    assert "Preset loaded: Professional practice" in at.sidebar.success[0].value
    assert at.query_params["business.active_customers"] == "180"


def test_a_preset_asks_before_replacing_unsaved_changes(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key="input.business.active_customers").set_value(5000).run()
    _load_preset(at, "retail_shop")
    assert "changes you have not saved" in at.sidebar.warning[0].value
    assert metric_values(at)[LOST] == "1,000"  # still 5,000 × 20%
    at.sidebar.button(key="scenario_tools.cancel").click().run()
    assert metric_values(at)[LOST] == "1,000"
    assert not at.sidebar.warning
    _load_preset(at, "retail_shop")
    at.sidebar.button(key="scenario_tools.confirm").click().run()
    # 2,500 × (1 − 0.60) = 1,000 too; the input shows the preset's customers.
    assert at.number_input(key="input.business.active_customers").value == 2500


def test_loading_a_file_replaces_the_scenario(open_app):
    at = open_app(OVERVIEW, lang="it")
    text = dump_scenario(scenario_from_values({"business.retention": 0.9}))
    at.sidebar.file_uploader[0].set_value(("mio.yaml", text.encode(), "text/yaml")).run()
    assert metric_values(at)["Clienti persi all'anno"] == "100"
    assert "Scenario caricato dal file `mio.yaml`" in at.sidebar.success[0].value


def test_a_bad_file_lists_its_problems_and_keeps_the_scenario(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key="input.business.retention").set_value(70.0).run()
    bad = b"business:\n  retention: 1.7\n  colour: red\n"
    at.sidebar.file_uploader[0].set_value(("bad.yaml", bad, "text/yaml")).run()
    shown = at.sidebar.error[0].value
    assert "your figures are unchanged" in shown
    assert "Annual retention (%): 170% is out of range" in shown
    assert "`business.colour` is not a setting" in shown
    assert metric_values(at)[LOST] == "300"


def test_a_file_with_python_tags_is_refused_in_italian(open_app):
    at = open_app(OVERVIEW, lang="it")
    evil = b'!!python/object/apply:os.system ["echo owned"]\n'
    at.sidebar.file_uploader[0].set_value(("evil.yaml", evil, "text/yaml")).run()
    assert "tag YAML" in at.sidebar.error[0].value
    assert metric_values(at)["Clienti persi all'anno"] == "200"


def test_saving_offers_the_whole_scenario_as_yaml(open_app):
    at = open_app(OVERVIEW, lang="en")
    button = at.sidebar.get("download_button")[0]
    assert button.proto.label == "Save scenario (YAML)"
    assert dump_scenario(default_scenario()).startswith("# Retention Lab scenario")


def test_the_share_link_carries_language_and_changed_values(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key="input.business.retention").set_value(90.0).run()
    link = at.sidebar.code[0].value
    assert link.endswith("?lang=en&business.retention=0.9")
