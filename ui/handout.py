"""The handout: the whole presentation for one scenario as one self-contained HTML file.

`build_handout` returns the file as a string, laid out for A4 paper (a trainer prints one per
participant): a cover with the QR code of the scenario's link (when the app knows its address),
the steps, what the reliability badges mean and the figures that matter (the business figures
and those changed from the defaults; the rest in one line, or all of them in an appendix when
asked for), then one page per step with its headline, sentence, "how this is computed" line,
class numbers, chart (interactive; plotly.js embedded once, so the file opens with no internet)
and source cards. A card is printed once, on the first step that cites it. Print CSS
(assets/handout.css) starts each step on a new page and hides the chart toolbars, so the
browser's "Save as PDF" gives a clean copy; tests/e2e/test_handout_print.py prints every preset
and measures the pages. The QR code is paths only: the link it holds (with the business name,
URL-encoded) is never text on the page.

No Streamlit call here: the page passes this function to `st.download_button`, which runs it
only when the trainer clicks, on another thread. Every text goes through `html.escape`; the
business name (typed by the user, or carried by a link) goes through `plain.text` first, so no
control character reorders the page around it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import plotly.offline
import segno

from calculators.scenario import FIELDS, Scenario, flatten
from ui import cards, plain, widgets
from ui.charts.base import INK, MUTED, plotly_config
from ui.charts.present import RELIABILITY_COLOURS
from ui.fmt import Formatter
from ui.i18n import translate
from ui.present import STEPS, StepView, is_table, step_view

# A4 portrait, 14 mm margins: 182 mm by 269 mm, about 688 by 1017 CSS pixels. Charts get a fixed
# size that fits it, so they print as they look on screen, and low enough that a step's texts,
# chart and source cards share one page.
CHART_WIDTH = 680
CHART_HEIGHT = 440
CHART_FONT_SIZE = 12
CHART_TITLE_SIZE = 16
# A table figure's own markup (ours: bold headers, line breaks) and the colours it may carry.
PLOTLY_TAG = re.compile(r"</?b>")
PLOTLY_BREAK = re.compile(r"<br\s*/?>")
COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|[a-z]+|rgba?\([0-9., ]+\)")
SECTIONS = (
    "business",
    "retention_program",
    "acquisition",
    "word_of_mouth",
    "loyalty",
    "expectations",
)
# On paper a card says what the figure claims, what was measured and the caveat; the app's
# default is on the inputs page.
CARD_PARTS = ("claim", "measured", "caveat")
LEVELS = ("measured", "secondary", "folklore")  # the badges' legend on the cover
BUSINESS = "business"
NAME_FIELD = "business.name"  # printed on the cover, "prepared for"
# The QR code of the scenario's link: medium error correction (a creased or smudged copy still
# scans), a quiet zone of 2 modules (the spec asks 4; white paper around it gives the rest).
QR_ERROR = "m"
QR_BORDER = 2

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
    """The step's chart as a div and the script that draws it (plotly.js is loaded once); a
    table (the famous figures) as an HTML table, whose rows grow with their text on paper."""
    figure = view.figure()
    if is_table(figure):
        return table_html(figure)
    # In the app Streamlit's chart theme makes room for tick labels and puts titles on the left;
    # a plain plotly page does neither unless asked.
    # Paper-sized type: the charts' own is sized for a projector.
    figure.update_layout(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        title={"x": 0, "xanchor": "left", "xref": "paper", "font": {"size": CHART_TITLE_SIZE}},
        font={"size": CHART_FONT_SIZE},
        legend={"font": {"size": CHART_FONT_SIZE}},
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    config = {**plotly_config(view.chart_file), "responsive": False}
    html: str = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=chart_id(view),
        config=config,
    )
    return html


def _table_text(value: Any) -> str:
    """A plotly table cell's text (our own, with plotly's <b> and <br> tags), escaped."""
    text = PLOTLY_BREAK.sub(" ", str(value))
    return _e(PLOTLY_TAG.sub("", text))


def _per_cell(style: Any, column: int, row: int) -> str | None:
    """A plotly table style (one value, one per column, or one per cell) for one cell."""
    if isinstance(style, str) or style is None:
        return style
    value = style[column] if column < len(style) else style[-1]
    if isinstance(value, str) or value is None:
        return value
    return str(value[row]) if row < len(value) else None


def _cell_style(fill: str | None, colour: str | None) -> str:
    rules = []
    if fill and COLOUR.fullmatch(fill):
        rules.append(f"background: {fill}")
    if colour and COLOUR.fullmatch(colour):
        rules.append(f"color: {colour}")
    return f' style="{"; ".join(rules)}"' if rules else ""


def table_html(figure: go.Figure) -> str:
    """A plotly table figure (its title, header and cells with their colours) as HTML."""
    table = figure.data[0]
    columns = [list(column) for column in table.cells.values]
    fill, colour = table.cells.fill.color, table.cells.font.color
    header = "".join(f"<th>{_table_text(value)}</th>" for value in table.header.values)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{_cell_style(_per_cell(fill, c, r), _per_cell(colour, c, r))}>"
            f"{_table_text(column[r])}</td>"
            for c, column in enumerate(columns)
        )
        + "</tr>"
        for r in range(len(columns[0]))
    )
    title = _table_text(figure.layout.title.text or "")
    widths = list(table.columnwidth or [1] * len(columns))
    colgroup = "".join(f'<col style="width: {100 * w / sum(widths):.0f}%">' for w in widths)
    return (
        f'<table class="chart-table"><caption>{title}</caption><colgroup>{colgroup}</colgroup>'
        f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _badge_for(level: str, lang: str) -> str:
    return f'<span class="badge badge-{level}">{_e(translate(lang, f"reliability.{level}"))}</span>'


def _badge(source: str, lang: str) -> str:
    return _badge_for(cards.sources()[source]["reliability"], lang)


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


def first_steps(views: list[StepView]) -> dict[str, int]:
    """The step whose page prints each source card: the first that cites it (a card is printed
    once; a later step that cites it again says on which page it is)."""
    first: dict[str, int] = {}
    for view in views:
        for source in view.sources:
            first.setdefault(source, view.number)
    return first


def _sources(view: StepView, first: dict[str, int], f: Formatter) -> str:
    lang = f.lang
    t = translate
    if not view.sources:
        return f'<p class="note">{_e(t(lang, "present.steps.why.source"))}</p>'
    own = [source for source in view.sources if first[source] == view.number]
    earlier = sorted({first[source] for source in view.sources} - {view.number})
    columns = "one" if len(own) == 1 else "two"
    printed = (
        f'<div class="cards cards-{columns}">{"".join(_card(source, lang) for source in own)}</div>'
        if own
        else ""
    )
    key = "cards_elsewhere" if len(earlier) == 1 else "cards_elsewhere_many"
    elsewhere = (
        f'<p class="note elsewhere">'
        f"{_e(t(lang, f'present.handout.{key}', steps=f.numbers(earlier)))}</p>"
        if earlier
        else ""
    )
    return (
        f'<div class="sources"><h3>{_e(t(lang, "present.handout.sources"))}</h3>'
        f"{printed}{elsewhere}</div>"
    )


def _class_numbers(view: StepView, values: dict[str, Any], f: Formatter) -> str:
    items = " · ".join(
        f"{_e(translate(f.lang, f'field.{path}.label'))}: "
        f"<strong>{_e(field_value(path, values[path], f))}</strong>"
        for path in view.fields
    )
    heading = _e(translate(f.lang, "present.handout.class_numbers"))
    return f'<p class="class-numbers">{heading} {items}</p>'


def _step(
    view: StepView, count: int, values: dict[str, Any], first: dict[str, int], f: Formatter
) -> str:
    lang = f.lang
    t = translate
    kicker = t(lang, "present.handout.step", step=f.number(view.number), count=f.number(count))
    return (
        f'<section class="step" id="step-{view.number}">'
        f'<p class="kicker">{_e(kicker)}</p><h2>{_e(view.title)}</h2>'
        f'<div class="lead"><div class="headline"><div class="value">{_e(view.value)}</div>'
        f'<div class="label">{_e(view.label)}</div></div>'
        f'<p class="sentence">{_e(view.sentence)}</p></div>'
        f'<p class="how"><strong>{_e(t(lang, "common.how"))}</strong> {_e(view.how)}</p>'
        f"{_class_numbers(view, values, f)}"
        f'<div class="chart">{chart_html(view)}</div>'
        f"{_sources(view, first, f)}</section>"
    )


def _row(path: str, value: Any, f: Formatter) -> str:
    changed = ' class="changed"' if value != FIELDS[path].default else ""
    return (
        f"<tr{changed}>"
        f"<td>{_e(translate(f.lang, f'field.{path}.label'))}</td>"
        f'<td class="value">{_e(field_value(path, value, f))}</td></tr>'
    )


def _figures_table(values: dict[str, Any], f: Formatter, *, css_class: str) -> str:
    """`values` (field path → value) in a table, grouped by section as on the pages."""
    rows = []
    for section in SECTIONS:
        paths = [path for path in values if path.split(".")[0] == section]
        if not paths:
            continue
        title = _e(translate(f.lang, f"present.handout.sections.{section}"))
        rows.append(f'<tbody><tr><th class="section" colspan="2">{title}</th></tr>')
        rows.extend(_row(path, values[path], f) for path in paths)
        rows.append("</tbody>")
    return f'<table class="figures {css_class}">{"".join(rows)}</table>'


def figures_that_matter(scenario: Scenario) -> dict[str, Any]:
    """What the inputs page lists: the business figures (but its name, on the cover), then every
    other figure that differs from its default."""
    return {
        path: value
        for path, value in flatten(scenario).items()
        if path != NAME_FIELD and (path.split(".")[0] == BUSINESS or value != FIELDS[path].default)
    }


def _inputs(scenario: Scenario, f: Formatter, *, appendix: bool) -> str:
    t = translate
    others = "present.handout.others_appendix" if appendix else "present.handout.others"
    return (
        f'<section class="inputs"><h2>{_e(t(f.lang, "present.handout.inputs"))}</h2>'
        f'<p class="note">{_e(t(f.lang, "present.handout.inputs_note"))}</p>'
        f"{_figures_table(figures_that_matter(scenario), f, css_class='matter')}"
        f'<p class="others">{_e(t(f.lang, others))}</p></section>'
    )


def _appendix(scenario: Scenario, f: Formatter) -> str:
    values = {path: value for path, value in flatten(scenario).items() if path != NAME_FIELD}
    return (
        f'<section class="appendix"><h2>{_e(translate(f.lang, "present.handout.appendix"))}</h2>'
        f'<p class="note">{_e(translate(f.lang, "present.handout.appendix_note"))}</p>'
        f"{_figures_table(values, f, css_class='all')}</section>"
    )


def qr_svg(link: str) -> str | None:
    """`link` as a QR code, an inline SVG of paths only (no text, no script), or None when the
    link is too long for the largest QR code."""
    try:
        code = segno.make(link, error=QR_ERROR, micro=False)
    except segno.DataOverflowError:
        return None
    svg: str = code.svg_inline(border=QR_BORDER, svgclass="qr", lineclass=None, omitsize=True)
    return svg


def _qr(link: str | None, lang: str) -> str:
    svg = qr_svg(link) if link else None
    if svg is None:
        return ""
    caption = _e(translate(lang, "present.handout.qr"))
    return f'<figure class="qr">{svg}<figcaption>{caption}</figcaption></figure>'


def _room_qr(room: tuple[str, str] | None, lang: str) -> str:
    """The open class room's QR code (`room` = its code as shown, and its join link)."""
    svg = qr_svg(room[1]) if room else None
    if room is None or svg is None:
        return ""
    caption = _e(translate(lang, "present.handout.room_qr", code=room[0]))
    return f'<figure class="qr">{svg}<figcaption>{caption}</figcaption></figure>'


def _legend(lang: str) -> str:
    """What the reliability badges on the source cards mean."""
    items = "".join(
        f"<li>{_badge_for(level, lang)} "
        f"{_e(translate(lang, f'present.handout.legend.{level}'))}</li>"
        for level in LEVELS
    )
    heading = _e(translate(lang, "present.handout.legend.title"))
    return f'<div class="legend"><p><strong>{heading}</strong></p><ul>{items}</ul></div>'


def build_handout(
    scenario: Scenario,
    lang: str,
    today: dt.date | None = None,
    *,
    entered: frozenset[str] = frozenset(),
    appendix: bool = False,
    link: str | None = None,
    room: tuple[str, str] | None = None,
) -> str:
    """The handout for `scenario` in `lang` (a code of `ui.i18n.LANGS`), as one HTML file.

    `today` is the date printed on it (default: today); `entered`, the fields whose values the
    user entered or measured (the famous figures are checked on those only); `appendix`, whether
    to add every figure of the scenario on a page of its own (else the inputs page lists the
    business figures and those changed from the defaults); `link`, the address that reopens this
    scenario in the app, printed on the cover as a QR code (none without it); `room`, an open
    class room's code as shown and its join link, printed beside it as a second QR code.
    """
    f = Formatter(lang, scenario.business.currency)
    count = len(STEPS)
    views = [step_view(scenario, number, f, entered) for number in range(1, count + 1)]
    first = first_steps(views)
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
        f'<header class="cover">{_qr(link, lang)}{_room_qr(room, lang)}'
        f'<p class="brand">{_e(t(lang, "app.title"))}</p>'
        f"<h1>{_e(title)}</h1>{prepared}"
        f'<p class="meta">{_e(t(lang, "present.handout.date", date=date))}</p>'
        f'<p class="intro">{_e(t(lang, "present.handout.intro"))}</p>'
        f'<p class="note screen-only">{_e(t(lang, "present.handout.print_hint"))}</p>'
        f'<div class="overview"><nav class="toc"><ol>{contents}</ol></nav>{_legend(lang)}</div>'
        f"{_inputs(scenario, f, appendix=appendix)}</header>"
        f"{''.join(_step(view, count, values, first, f) for view in views)}"
        f"{_appendix(scenario, f) if appendix else ''}"
        f'<footer class="note"><p>{_e(t(lang, "present.handout.footer"))}</p></footer>'
        "</body></html>\n"
    )
