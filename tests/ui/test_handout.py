"""The handout: one self-contained HTML file, plotly.js once, every step and chart, both languages,
the user's business name escaped, print CSS; the figures that matter on the cover, every figure
in an appendix when asked for, each source card printed once.

How it prints (pages, how full they are) is measured in a real browser:
tests/e2e/test_handout_print.py."""

import datetime as dt
import html
import re
import urllib.parse
from functools import cache

import pytest

from calculators.present import FAMOUS_FIGURES
from calculators.scenario import FIELDS, apply_values, default_scenario
from ui.cards import card_text, sources
from ui.fmt import Formatter
from ui.handout import build_handout, chart_id, first_steps, plotly_js, qr_svg
from ui.i18n import translate
from ui.present import STEPS, is_table, step_view

NBSP = "\u00a0"
HOSTILE_NAME = "<script>alert(1)</script>"
DAY = dt.date(2025, 3, 14)


@cache
def handout(lang: str, name: str = "", *, appendix: bool = False) -> str:
    scenario, issues = apply_values(default_scenario(), {"business.name": name})
    assert issues == []
    return build_handout(scenario, lang, today=DAY, appendix=appendix)


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
    plotted = 0
    for number, view in enumerate(step_views(lang), start=1):
        assert f'id="step-{number}"' in text
        figure = view.figure()
        if is_table(figure):
            continue
        plotted += 1
        assert f'id="{chart_id(view)}"' in text
    assert without_plotly_js(text).count("Plotly.newPlot(") == plotted == len(STEPS) - 1


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_famous_figures_table_is_an_html_table_with_every_figure(lang):
    """On paper a table's rows must grow with their text: no plotly table, which scrolls."""
    text = handout(lang)
    myths = text[text.index('id="step-9"') :]
    view = step_views(lang)[-1]
    assert view.id == "myths"
    assert f"<caption>{html_escaped(view.figure().layout.title.text)}</caption>" in myths
    for source in FAMOUS_FIGURES:
        title = re.escape(html_escaped(card_text(source, lang)["title"]))
        assert re.search(f"<td[^>]*>{title}</td>", myths), source
    assert myths.count("<tr>") == len(FAMOUS_FIGURES) + 1
    # The reliability column keeps its colour.
    assert "background: #15803D" in myths
    assert "<b>" not in myths


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


def labels_listed(text: str) -> set[str]:
    """The fields whose label is in a figures table of `text`."""
    return {
        path
        for path in FIELDS
        if f"<td>{html_escaped(translate('en', f'field.{path}.label'))}</td>" in text
    }


def test_the_cover_lists_the_business_and_what_differs_from_the_defaults():
    scenario, issues = apply_values(
        default_scenario(),
        {"business.retention": 0.9, "expectations.empathy.weight": 0.4, "business.name": "Rossi"},
    )
    assert issues == []
    text = build_handout(scenario, "en", today=DAY)
    business = {path for path in FIELDS if path.startswith("business.")} - {"business.name"}
    assert labels_listed(text) == business | {"expectations.empathy.weight"}
    assert "All other figures: the app&#x27;s defaults, each with its source." in text
    assert 'class="appendix"' not in text


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_default_scenario_lists_its_business_figures_only(lang):
    text = handout(lang)
    section = text[text.index('class="inputs"') : text.index("</section>")]
    assert (
        section.count("<tr")
        == len(
            [path for path in FIELDS if path.startswith("business.") and path != "business.name"]
        )
        + 1
    )  # the section's heading row
    assert html_escaped(translate(lang, "present.handout.others")) in section


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_appendix_lists_every_input_when_asked_for(lang):
    text = handout(lang, appendix=True)
    appendix = text[text.index('class="appendix"') :]
    for path in FIELDS:
        if path == "business.name":
            continue
        assert html_escaped(translate(lang, f"field.{path}.label")) in appendix, path
    assert html_escaped(translate(lang, "present.handout.others_appendix")) in text
    assert 'class="appendix"' not in handout(lang)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_each_source_card_is_printed_once_and_later_steps_say_where(lang):
    text = handout(lang)
    for source in (*FAMOUS_FIGURES, "gap_model"):
        title = html_escaped(card_text(source, lang)["title"])
        assert text.count(f'<div class="card"><h3>{title} ') == 1, source
    views = step_views(lang)
    first = first_steps(views)
    assert first["retention_profit"] == 6
    assert first["never_complain_70pct"] == 9
    myths = text[text.index('id="step-9"') :]
    steps = Formatter(lang).numbers([2, 3, 4, 5, 6, 7])
    note = translate(lang, "present.handout.cards_elsewhere_many", steps=steps)
    assert html_escaped(note) in myths


def test_the_steps_cited_elsewhere_read_as_a_list():
    assert "on the pages of steps 2, 3, 4, 5, 6, and 7." in handout("en")
    assert "nelle pagine dei passi 2, 3, 4, 5, 6 e 7." in handout("it")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_cover_says_what_the_badges_mean(lang):
    text = handout(lang)
    cover = text[: text.index('id="step-1"')]
    for level in ("measured", "secondary", "folklore"):
        assert f'badge-{level}">{translate(lang, f"reliability.{level}")}</span>' in cover
        assert html_escaped(translate(lang, f"present.handout.legend.{level}")) in cover


def test_changed_inputs_are_marked():
    scenario, _ = apply_values(default_scenario(), {"business.retention": 0.9})
    text = build_handout(scenario, "en", today=DAY)
    assert re.search(
        r'<tr class="changed"><td>Annual retention \(%\)</td><td class="value">90%', text
    )


@pytest.mark.parametrize("lang", ["it", "en"])
def test_chart_png_downloads_have_meaningful_names(lang):
    text = handout(lang)
    for view in step_views(lang):
        if not is_table(view.figure()):
            assert f'"filename": "{view.chart_file}"' in text


def test_print_css_breaks_pages_and_hides_the_chart_toolbar():
    text = handout("en")
    assert "@media print" in text
    assert "section.step, section.appendix { break-before: page; }" in text
    assert "size: A4 portrait" in text
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


LINK = "https://retention-lab.streamlit.app/?lang=en&business.retention=0.9"


def test_the_cover_has_the_qr_code_of_the_scenarios_link():
    text = build_handout(default_scenario(), "en", today=DAY, link=LINK)
    cover = text[: text.index('id="step-1"')]
    svg = qr_svg(LINK)
    assert svg is not None and svg.startswith('<svg viewBox="0 0 ')
    assert f'<figure class="qr">{svg}<figcaption>' in cover
    assert "Scan to open these figures in Retention Lab" in cover
    # Paths only: no text, link or script inside, and the link is not printed as text.
    assert set(re.findall(r"<(\w+)", svg)) == {"svg", "path"}
    assert LINK not in without_plotly_js(text)


def test_no_link_no_qr_code():
    assert '<figure class="qr">' not in handout("en")


def test_a_link_too_long_for_a_qr_code_leaves_it_out():
    link = LINK + "&business.name=" + "x" * 5000
    assert qr_svg(link) is None
    text = build_handout(default_scenario(), "en", today=DAY, link=link)
    assert '<figure class="qr">' not in text


def test_a_hostile_name_in_the_link_stays_inside_the_qr_code():
    link = LINK + "&business.name=" + urllib.parse.quote(HOSTILE_NAME)
    svg = qr_svg(link)
    assert svg is not None
    assert "script" not in svg and "alert" not in svg


def test_an_open_class_room_has_its_qr_code_beside_the_scenarios():
    join = "https://retention-lab.streamlit.app/join?room=K7M2PQ&lang=it"
    text = build_handout(default_scenario(), "it", today=DAY, link=LINK, room=("K7M-2PQ", join))
    cover = text[: text.index('id="step-1"')]
    room_svg = qr_svg(join)
    assert room_svg is not None
    assert f'<figure class="qr">{qr_svg(LINK)}<figcaption>' in cover
    assert f'<figure class="qr">{room_svg}<figcaption>' in cover
    assert "Inquadra il codice QR per entrare nella classe: stanza K7M-2PQ" in cover
    assert join not in without_plotly_js(text)  # in the QR code only, as the scenario's link
