"""The handout: the whole presentation for one scenario as one self-contained HTML file.

`build_handout` returns the file as a string: every step's headline, sentence, "how this is
computed" line, class numbers, chart (interactive; plotly.js embedded once, so the file opens
with no internet), the source cards, and every figure of the scenario. Print CSS puts each step on
its own page and hides the chart toolbars, so the browser's "Save as PDF" gives a clean copy.

No Streamlit call here: the page passes this function to `st.download_button`, which runs it
only when the trainer clicks, on another thread. Every text goes through `html.escape`; the
business name (typed by the user, or carried by a link) goes through `plain.text` first, so no
control character reorders the page around it.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import cache
from pathlib import Path
from typing import Any

import plotly.io as pio
import plotly.offline

from calculators.scenario import FIELDS, Scenario, flatten
from ui import cards, plain, widgets
from ui.charts.base import INK, MUTED, plotly_config
from ui.charts.present import RELIABILITY_COLOURS
from ui.fmt import Formatter
from ui.i18n import translate
from ui.present import STEPS, StepView, is_table, step_view

# A4 portrait, 14 mm margins: 182 mm of width, about 688 CSS pixels. Charts get a fixed size
# that fits it, so they print as they look on screen.
CHART_WIDTH = 680
CHART_HEIGHT = 420
CHART_FONT_SIZE = 12
CHART_TITLE_SIZE = 16
TABLE_TOP = 60
TABLE_ROW_ON_PAPER = 32
SECTIONS = (
    "business",
    "retention_program",
    "acquisition",
    "word_of_mouth",
    "loyalty",
    "expectations",
)
CARD_PARTS = ("claim", "measured", "caveat", "default")

CSS_FILE = Path(__file__).resolve().parent.parent / "assets" / "handout.css"


@cache
def css() -> str:
    """The handout's CSS: the file's rules under our colours, as custom properties."""
    colours = {
        "ink": INK,
        "muted": MUTED,
        "measured": RELIABILITY_COLOURS["measured"],
        "secondary": RELIABILITY_COLOURS["secondary"],
        "folklore": RELIABILITY_COLOURS["folklore"],
        "chart-width": f"{CHART_WIDTH}px",
    }
    variables = "; ".join(f"--{name}: {value}" for name, value in colours.items())
    return f":root {{ {variables}; }}\n" + CSS_FILE.read_text(encoding="utf-8")


@cache
def plotly_js() -> str:
    """plotly.js itself (about 5 MB), read once: embedded once in every handout."""
    script: str = plotly.offline.get_plotlyjs()
    return script


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def field_value(path: str, value: Any, f: Formatter) -> str:
    """A scenario field's value as the user reads it, in `f`'s language (not escaped)."""
    spec = FIELDS[path]
    if spec.kind == "choice":
        return translate(f.lang, f"choice.{path}.{value}")
    if spec.kind == "text":
        return plain.text(value) if value else "—"
    return widgets.format_value(spec, value, f)


def chart_id(view: StepView) -> str:
    return f"chart-{view.number}-{view.id}"


def chart_html(view: StepView) -> str:
    """The step's chart as a div and the script that draws it (plotly.js is loaded once)."""
    figure = view.figure()
    # In the app Streamlit's chart theme makes room for tick labels and puts titles on the left;
    # a plain plotly page does neither unless asked.
    # Paper-sized type: the charts' own is sized for a projector.
    figure.update_layout(
        width=CHART_WIDTH,
        title={"x": 0, "xanchor": "left", "xref": "paper", "font": {"size": CHART_TITLE_SIZE}},
        font={"size": CHART_FONT_SIZE},
        legend={"font": {"size": CHART_FONT_SIZE}},
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    if is_table(figure):
        # Paper is narrower than the screen: leave each row room for a second line.
        rows = len(figure.data[0].cells.values[0]) + 1
        figure.update_traces(cells_font_size=CHART_FONT_SIZE, header_font_size=CHART_FONT_SIZE)
        figure.update_layout(height=TABLE_TOP + rows * TABLE_ROW_ON_PAPER)
    elif figure.layout.height is None:
        figure.update_layout(height=CHART_HEIGHT)
    config = {**plotly_config(view.chart_file), "responsive": False}
    html: str = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=chart_id(view),
        config=config,
    )
    return html


def _badge(source: str, lang: str) -> str:
    level = cards.sources()[source]["reliability"]
    return f'<span class="badge badge-{level}">{_e(translate(lang, f"reliability.{level}"))}</span>'


def _card(source: str, lang: str) -> str:
    text = cards.card_text(source, lang)
    parts = "".join(
        f"<p><strong>{_e(translate(lang, f'source.{part}'))}</strong> {_e(text[part])}</p>"
        for part in CARD_PARTS
    )
    reference = _e(cards.sources()[source]["reference"])
    return (
        f'<div class="card"><h3>{_e(text["title"])} {_badge(source, lang)}</h3>'
        f'<p class="reference">{reference}</p>{parts}</div>'
    )


def _class_numbers(view: StepView, values: dict[str, Any], f: Formatter) -> str:
    items = " · ".join(
        f"{_e(translate(f.lang, f'field.{path}.label'))}: "
        f"<strong>{_e(field_value(path, values[path], f))}</strong>"
        for path in view.fields
    )
    heading = _e(translate(f.lang, "present.handout.class_numbers"))
    return f'<p class="class-numbers">{heading} {items}</p>'


def _step(view: StepView, count: int, values: dict[str, Any], f: Formatter) -> str:
    lang = f.lang
    t = translate
    cards_html = "".join(_card(source, lang) for source in view.sources)
    sources = (
        f"<h3>{_e(t(lang, 'present.handout.sources'))}</h3>{cards_html}"
        if view.sources
        else f'<p class="note">{_e(t(lang, "present.steps.why.source"))}</p>'
    )
    kicker = t(lang, "present.handout.step", step=f.number(view.number), count=f.number(count))
    return (
        f'<section class="step" id="step-{view.number}">'
        f'<p class="kicker">{_e(kicker)}</p><h2>{_e(view.title)}</h2>'
        f'<div class="headline"><div class="value">{_e(view.value)}</div>'
        f'<div class="label">{_e(view.label)}</div></div>'
        f'<p class="sentence">{_e(view.sentence)}</p>'
        f'<p class="how"><strong>{_e(t(lang, "common.how"))}</strong> {_e(view.how)}</p>'
        f"{_class_numbers(view, values, f)}"
        f'<div class="chart">{chart_html(view)}</div>'
        f"{sources}</section>"
    )


def _inputs(scenario: Scenario, f: Formatter) -> str:
    values = flatten(scenario)
    rows = []
    for section in SECTIONS:
        title = _e(translate(f.lang, f"present.handout.sections.{section}"))
        rows.append(f'<tr><th class="section" colspan="2">{title}</th></tr>')
        for path, value in values.items():
            if path.split(".")[0] != section:
                continue
            changed = ' class="changed"' if value != FIELDS[path].default else ""
            rows.append(
                f"<tr{changed}>"
                f"<td>{_e(translate(f.lang, f'field.{path}.label'))}</td>"
                f'<td class="value">{_e(field_value(path, value, f))}</td></tr>'
            )
    return (
        f'<section class="inputs"><h2>{_e(translate(f.lang, "present.handout.inputs"))}</h2>'
        f'<p class="note">{_e(translate(f.lang, "present.handout.inputs_note"))}</p>'
        f'<table class="figures">{"".join(rows)}</table></section>'
    )


def build_handout(
    scenario: Scenario,
    lang: str,
    today: dt.date | None = None,
    *,
    entered: frozenset[str] = frozenset(),
) -> str:
    """The handout for `scenario` in `lang` (a code of `ui.i18n.LANGS`), as one HTML file.

    `today` is the date printed on it (default: today); `entered`, the fields whose values the
    user entered or measured (the famous figures are checked on those only).
    """
    f = Formatter(lang, scenario.business.currency)
    count = len(STEPS)
    views = [step_view(scenario, number, f, entered) for number in range(1, count + 1)]
    values = flatten(scenario)
    t = translate
    date = f.long_day(today or dt.date.today())
    name = plain.text(scenario.business.name)
    prepared = f'<p class="for">{_e(t(lang, "present.handout.for", name=name))}</p>' if name else ""
    contents = "".join(
        f'<li><a href="#step-{view.number}">{_e(view.title)}</a></li>' for view in views
    )
    title = t(lang, "present.handout.title")
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(t(lang, 'app.title'))} · {_e(title)}</title>"
        f"<style>{css()}</style>"
        f'<script type="text/javascript">{plotly_js()}</script></head><body>'
        f'<header class="cover"><p class="brand">{_e(t(lang, "app.title"))}</p>'
        f"<h1>{_e(title)}</h1>{prepared}"
        f'<p class="meta">{_e(t(lang, "present.handout.date", date=date))}</p>'
        f"<p>{_e(t(lang, 'present.handout.intro'))}</p>"
        f'<p class="note screen-only">{_e(t(lang, "present.handout.print_hint"))}</p>'
        f'<nav class="toc"><ol>{contents}</ol></nav></header>'
        f"{_inputs(scenario, f)}"
        f"{''.join(_step(view, count, values, f) for view in views)}"
        f'<footer class="note"><p>{_e(t(lang, "present.handout.footer"))}</p></footer>'
        "</body></html>\n"
    )
