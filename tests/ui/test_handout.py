"""The handout: one self-contained HTML file, plotly.js once, every step and chart, both languages,
the user's business name escaped, print CSS."""

import datetime as dt
import html
import re
from functools import cache

import pytest

from calculators.present import FAMOUS_FIGURES
from calculators.scenario import FIELDS, apply_values, default_scenario
from ui.cards import card_text, sources
from ui.fmt import Formatter
from ui.handout import build_handout, chart_id, plotly_js
from ui.i18n import translate
from ui.present import STEPS, step_view

NBSP = "\u00a0"
HOSTILE_NAME = "<script>alert(1)</script>"
DAY = dt.date(2025, 3, 14)


@cache
def handout(lang: str, name: str = "") -> str:
    scenario, issues = apply_values(default_scenario(), {"business.name": name})
    assert issues == []
    return build_handout(scenario, lang, today=DAY)


def without_plotly_js(text: str) -> str:
    return text.replace(plotly_js(), "")


def html_escaped(text: str) -> str:
    return html.escape(text, quote=True)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_one_complete_html_file_in_the_language(lang):
    text = handout(lang)
    assert text.startswith("<!DOCTYPE html>")
    assert text.rstrip().endswith("</html>")
    assert f'<html lang="{lang}">' in text
    assert text.count("<body>") == 1


@pytest.mark.parametrize("lang", ["it", "en"])
def test_plotly_js_is_embedded_exactly_once(lang):
    text = handout(lang)
    assert text.count(plotly_js()) == 1
    # The bundle's own banner, so a second copy would be counted even if it differed.
    banner = re.search(r"plotly\.js v\d+\.\d+\.\d+", plotly_js()).group(0)
    assert text.count(banner) == 1


@pytest.mark.parametrize("lang", ["it", "en"])
def test_nothing_is_loaded_from_the_network(lang):
    rest = without_plotly_js(handout(lang))
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", rest) == []
    assert "@import" not in rest
    assert "cdn.plot.ly" not in rest


def step_views(lang: str) -> list:
    """Each step of Trainer mode as the page shows it, with the example figures."""
    f = Formatter(lang)
    return [step_view(default_scenario(), number, f) for number in range(1, len(STEPS) + 1)]


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_step_has_its_chart_div_and_drawing_script(lang):
    text = handout(lang)
    for number, view in enumerate(step_views(lang), start=1):
        assert f'id="{chart_id(view)}"' in text
        assert f'id="step-{number}"' in text
    assert without_plotly_js(text).count("Plotly.newPlot(") == len(STEPS)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_headline_sentence_how_line_and_title_is_there(lang):
    text = handout(lang)
    for view in step_views(lang):
        for part in (view.title, view.value, view.label, view.sentence, view.how):
            assert html_escaped(part) in text, (view.id, part)


def test_headline_numbers_in_each_language():
    assert f"1.071.429{NBSP}€" in handout("it")
    assert "€1,071,429" in handout("en")
    assert "Passo 1 di 9" in handout("it")
    assert "Step 1 of 9" in handout("en")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_source_card_with_its_badge(lang):
    text = handout(lang)
    for source in (*FAMOUS_FIGURES, "gap_model"):
        card = card_text(source, lang)
        assert html_escaped(card["title"]) in text
        assert html_escaped(card["caveat"]) in text
        level = sources()[source]["reliability"]
        assert f'badge-{level}">{translate(lang, f"reliability.{level}")}' in text


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_input_of_the_scenario_is_listed(lang):
    text = handout(lang)
    for path in FIELDS:
        assert html_escaped(translate(lang, f"field.{path}.label")) in text, path


def test_changed_inputs_are_marked():
    scenario, _ = apply_values(default_scenario(), {"business.retention": 0.9})
    text = build_handout(scenario, "en", today=DAY)
    assert re.search(
        r'<tr class="changed"><td>Annual retention \(%\)</td><td class="value">90%', text
    )


@pytest.mark.parametrize("lang", ["it", "en"])
def test_chart_png_downloads_have_meaningful_names(lang):
    text = handout(lang)
    for step in STEPS:
        name = translate(lang, f"present.files.{step}")
        assert f'"filename": "{name}"' in text


def test_print_css_breaks_pages_and_hides_the_chart_toolbar():
    text = handout("en")
    assert "@media print" in text
    assert "break-before: page" in text
    assert ".modebar" in text
    assert "@page" in text


@pytest.mark.parametrize("lang", ["it", "en"])
def test_business_name_is_escaped(lang):
    text = handout(lang, HOSTILE_NAME)
    assert HOSTILE_NAME not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "alert(1)</script>" not in without_plotly_js(text)


def test_names_with_quotes_and_ampersands_are_escaped():
    text = handout("en", 'Rossi & "Figli" <b>')
    assert "Prepared for Rossi &amp; &quot;Figli&quot; &lt;b&gt;" in text


def test_no_business_name_no_prepared_for_line():
    assert "Prepared for" not in handout("en")


def test_the_date_is_in_the_language():
    assert "14 marzo 2025" in handout("it")
    assert "March 14, 2025" in handout("en")


def test_currency_of_the_scenario():
    scenario, _ = apply_values(default_scenario(), {"business.currency": "USD"})
    text = build_handout(scenario, "en", today=DAY)
    assert "$1,071,429" in text
