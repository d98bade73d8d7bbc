"""The app shell: language from the browser or the link, the switch, the sidebar, navigation."""

import pytest

from tests.app.conftest import metric_values
from ui.nav import ACQUISITION, OVERVIEW, PAGES


@pytest.mark.parametrize(
    ("locale", "lang", "lost_label"),
    [("it-IT", "it", "Clienti persi all'anno"), ("en-GB", "en", "Customers lost per year")],
)
def test_language_defaults_to_the_browser_locale(open_app, locale, lang, lost_label):
    at = open_app(locale=locale)
    assert at.sidebar.radio[0].value == lang
    assert at.query_params["lang"] == lang
    assert lost_label in metric_values(at)


def test_lang_in_the_link_wins_over_the_browser(open_app):
    at = open_app(locale="en-US", lang="it")
    assert "Clienti persi all'anno" in metric_values(at)


def test_unknown_lang_in_the_link_falls_back_to_the_browser(open_app):
    at = open_app(locale="it-IT", lang="xx")
    assert at.query_params["lang"] == "it"


def test_switching_language_keeps_the_scenario(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key="input.business.retention").set_value(90.0).run()
    at.sidebar.radio[0].set_value("it").run()
    assert metric_values(at)["Clienti persi all'anno"] == "100"
    assert at.query_params["lang"] == "it"
    assert at.sidebar.radio[0].label == "Lingua"


def test_figures_entered_on_the_overview_are_used_on_every_page(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key="input.business.active_customers").set_value(2000).run()
    at.switch_page(ACQUISITION.path).run()
    assert metric_values(at)["Replacing the customers lost"] == "€100,000"
    assert "Active customers: **2,000**" in at.sidebar.markdown[0].value


def test_reset_restores_the_example_figures(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key="input.business.retention").set_value(150.0).run()
    at.number_input(key="input.business.active_customers").set_value(3000).run()
    at.sidebar.button(key="sidebar.reset").click().run()
    assert metric_values(at)["Customers lost per year"] == "200"
    assert at.number_input(key="input.business.retention").value == 80.0
    assert not at.error
    assert "business.active_customers" not in at.query_params


@pytest.mark.parametrize("page_info", PAGES, ids=lambda page_info: page_info.file)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_page_runs_in_both_languages(open_app, page_info, lang):
    at = open_app(page_info, lang=lang)
    assert not at.exception
    assert at.title, "each page has a title"
