"""Trainer mode, the Streamlit side: each step's texts and chart, the step in the URL, the layout.

`step_view` turns one step of `calculators.present` into what the screen and the handout show
(title, headline, one sentence, the "how this is computed" line, sources, class numbers, chart)
in one language: pure, no Streamlit call, so the handout builder reuses it. The rest draws it.

The step is in the URL as ``?step=N`` (1-based), read like every value from a link: anything but
a whole number from 1 to the number of steps opens step 1 (with a note), never an error.
`state.sync_url` leaves the parameter alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from calculators.present import SAME_WITHIN, STEPS, Step, presentation_step
from calculators.scenario import Scenario
from ui import cards, state, widgets
from ui.charts import acquisition as acquisition_charts
from ui.charts import expectations as expectations_charts
from ui.charts import loyalty as loyalty_charts
from ui.charts import present as present_charts
from ui.charts import word_of_mouth as wom_charts
from ui.fmt import Formatter
from ui.i18n import translate
from ui.nav import PRESENT

STEP_PARAM = "step"
STEP_STATE = "present.step"
PREFIX = "present"
SLUG = Path(PRESENT.file).stem
STEP_PATTERN = re.compile(r"[0-9]{1,4}")
# Height of a step's chart on screen: with the headline beside it and the class numbers below,
# a step fits a 1280x720 projector without scrolling.
SCREEN_CHART_HEIGHT = 410
COLUMN_WIDTHS = (5, 7)
# The famous figures table needs the room: a narrower text column on that step.
TABLE_COLUMN_WIDTHS = (4, 8)
NAV_WIDTHS = (5.8, 1.6, 0.7, 1.7, 1.3)
MAX_SOURCES_LISTED = 2
CLASS_COLUMNS = 4  # the most class numbers a step has

# Our own constant CSS (no user text ever goes in here): projector-sized type for the headline,
# the sentence and the step indicator; less empty space above the content. The selectors are the
# `st-key-…` classes of this page's keyed containers, so nothing else in the app changes.
CSS = """
<style>
.block-container { padding-top: 4rem; padding-bottom: 0.5rem; }
.st-key-present_title h1 { font-size: 1.75rem; padding: 0.1rem 0 0 0; line-height: 1.15; }
.st-key-present_indicator p {
  font-size: 1.6rem; font-weight: 700; text-align: center; margin: 0; white-space: nowrap;
}
.st-key-present_headline [data-testid="stMetricValue"] {
  font-size: clamp(3rem, 6.2vw, 6rem); line-height: 1.05; font-weight: 700;
}
.st-key-present_headline .stMarkdownEllipsis,
.st-key-present_headline .stMarkdownEllipsis p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
}
.st-key-present_headline [data-testid="stMetricLabel"] p {
  font-size: 1.3rem; font-weight: 600; line-height: 1.25;
}
.st-key-present_sentence p { font-size: 1.45rem; line-height: 1.32; }
.st-key-present_small [data-testid="stCaptionContainer"] p {
  font-size: 0.82rem; line-height: 1.3; margin: 0 0 0.2rem 0;
}
.st-key-present_small [data-testid="stVerticalBlock"] { gap: 0.3rem; }
.st-key-present_class { padding-top: 0.5rem; padding-bottom: 0.6rem; }
.st-key-present_class_title p { font-size: 1.05rem; line-height: 1.3; margin: 0; }
</style>
"""


@dataclass(frozen=True)
class StepView:
    """One step as shown: texts in one language, its class numbers and how to draw its chart."""

    number: int
    id: str
    title: str
    label: str
    value: str
    sentence: str
    how: str
    sources: tuple[str, ...]
    fields: tuple[str, ...]
    chart_file: str
    figure: Callable[[], go.Figure]


def step_from_param(raw: Any, count: int) -> int | None:
    """The step a ``?step=`` value asks for, 1..`count`; None for anything else.

    >>> step_from_param("3", 9), step_from_param("0", 9), step_from_param("10", 9)
    (3, None, None)
    >>> step_from_param("2.0", 9), step_from_param("-1", 9), step_from_param(" 2", 9)
    (None, None, None)
    """
    if not isinstance(raw, str) or not STEP_PATTERN.fullmatch(raw):
        return None
    step = int(raw)
    return step if 1 <= step <= count else None


# --- Texts ----------------------------------------------------------------------------------
# One function per step: its headline value, sentence and "how" line (and title or label when
# they carry a number), in the Formatter's language. Each reads the step's report as its page does.

Texts = dict[str, str]


def _step_text(lang: str, step: str) -> Callable[..., str]:
    """`translate` for one step: ``t("sentence", ...)`` reads ``present.steps.<step>.sentence``."""

    def t(part: str, **values: Any) -> str:
        return translate(lang, f"present.steps.{step}.{part}", **values)

    return t


def _relative(f: Formatter, fraction: float | None) -> str:
    if fraction is None or fraction != fraction:
        return translate(f.lang, "common.not_applicable")
    return f.signed_percent(fraction)


def _why(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "why")
    business, report = scenario.business, step.report
    return {
        "value": f.money(step.headline),
        "sentence": t(
            "sentence",
            customers=f.number(business.active_customers),
            value=f.money(step.headline),
            lost=f.number(report.churn.customers_lost),
            churn=f.percent(1 - business.retention),
            margin_lost=f.money(report.churn.margin_lost),
        ),
        "how": t(
            "how",
            clv=f.money(report.clv),
            margin=f.money(business.margin_per_customer),
            discount=f.percent(business.discount_rate),
            retention=f.percent(business.retention),
        ),
    }


def _acquisition(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "acquisition")
    business, report = scenario.business, step.report
    churn = report.churn
    own = churn.own_replace_ratio
    return {
        "value": f.money(step.headline),
        "sentence": t(
            "sentence",
            lost=f.number(churn.customers_lost),
            replacement=f.money(churn.replacement_cost),
            ratio=f.ratio(report.acquire_to_retain_ratio),
            keep=f.money(churn.keep_cost_by_rule),
            own=translate(f.lang, "common.not_applicable") if own is None else f.money(own, 2),
            rule=f.money(report.lost_to_replace_ratio),
            one=f.money(1),
        ),
        "how": t(
            "how",
            customers=f.number(business.active_customers),
            churn=f.percent(1 - business.retention),
            cac=f.money(business.acquisition_cost),
            ratio=f.ratio(report.acquire_to_retain_ratio),
            margin=f.money(business.margin_per_customer),
            one=f.money(1),
        ),
    }


def _iceberg(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "iceberg")
    report = step.report
    share = f.percent(report.complaint_share)
    return {
        "label": t("label", complaints=f.number(report.complaints)),
        "value": wom_charts.count(f, step.headline),
        "sentence": t(
            "sentence", share=share, silent=wom_charts.count(f, report.silent_per_complaint)
        ),
        "how": t(
            "how",
            complaints=f.number(report.complaints),
            share=share,
            customers=f.number(report.active_customers),
            estimate_share=f.percent(scenario.word_of_mouth.problem_share),
            estimate=wom_charts.count(f, report.estimated_with_problem),
        ),
    }


def _word_of_mouth(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "word_of_mouth")
    report = step.report
    reach = report.today.reach
    tells = {
        "negative": wom_charts.count(f, report.tell_negative),
        "positive": wom_charts.count(f, report.tell_positive),
    }
    if reach.balance_ratio is None:
        sentence = t("sentence_never", **tells)
    else:
        sentence = t("sentence", balance=f.number(reach.balance_ratio, 1), **tells)
    retelling = ""
    if report.retell_rounds:
        retelling = translate(
            f.lang,
            "wom.retelling",
            multiplier=f.number(report.retell_multiplier, 2),
            rounds=report.retell_rounds,
        )
    return {
        "value": wom_charts.count(f, step.headline),
        "sentence": sentence,
        "how": t(
            "how",
            unhappy=wom_charts.count(f, report.today.unhappy),
            tell=tells["negative"],
            retelling=retelling,
            happy=wom_charts.count(f, report.today.happy),
            positive=wom_charts.count(f, reach.positive),
        ),
    }


def _recovery(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "recovery")
    recovery = step.detail
    rates = recovery.rates
    size = translate(f.lang, f"wom.size.{recovery.size}")
    quick, unresolved = f.percent(rates.resolved_quickly), f.percent(rates.unresolved)
    return {
        "value": f.money(step.headline),
        "sentence": t(
            "sentence",
            quick=quick,
            size=size,
            unresolved=unresolved,
            silent=f.percent(rates.silent),
        ),
        "how": t(
            "how",
            quick=quick,
            unresolved=unresolved,
            kept=f.number(recovery.kept_per_complaint, 2),
            clv=f.money(recovery.clv),
            size=size,
            cost=f.money(scenario.word_of_mouth.complaint_handling_cost),
        ),
    }


def _profit(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "profit")
    report = step.report
    impact = report.impact
    return {
        "title": t("title", points=f.points(report.uplift_points)),
        "value": _relative(f, step.headline),
        "sentence": t(
            "sentence",
            before=f.percent(report.retention_before),
            after=f.percent(report.retention_after),
            clv_before=f.money(impact.per_customer.clv_before),
            clv_after=f.money(impact.per_customer.clv_after),
            year_one=_relative(f, impact.firm_years.loc[1, "relative_change"]),
            long_run=_relative(f, impact.steady_relative_change),
        ),
        "how": t(
            "how",
            years=report.horizon,
            discount=f.percent(report.discount_rate),
            cac=f.money(report.acquisition_cost),
            new=f.number(report.new_customers_per_year),
        ),
    }


def _delighted(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "delighted")
    report = step.report
    link = report.satisfaction
    groups = link.retention
    leave_5, leave_4 = 1 - groups.extremely_satisfied, 1 - groups.satisfied
    ratio = (
        f.ratio(leave_4 / leave_5) if leave_5 > 0 else translate(f.lang, "common.not_applicable")
    )
    return {
        "value": f.money(step.headline),
        "sentence": t(
            "sentence",
            delighted=f.percent(groups.extremely_satisfied),
            satisfied=f.percent(groups.satisfied),
            shift=f.percent(link.shift),
            value=f.money(link.value_of_shift),
        ),
        "how": t(
            "how",
            ratio=ratio,
            retention=f.percent(groups.others),
            years=report.horizon,
            discount=f.percent(report.discount_rate),
            value_delighted=f.money(link.value_extremely_satisfied),
            value_satisfied=f.money(link.value_satisfied),
        ),
    }


def _expectations(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "expectations")
    gaps = step.report.gaps
    if gaps.largest is None:
        sentence = t("sentence_none")
    else:
        row = gaps.table.loc[gaps.largest]
        sentence = t(
            "sentence",
            dimension=expectations_charts.dimension_names(f.lang)[gaps.largest],
            promised=expectations_charts.score(f, row["promised"]),
            delivered=expectations_charts.score(f, row["delivered"]),
            perceived=expectations_charts.score(f, row["perceived"]),
        )
    return {
        "value": translate(f.lang, "exp.points", value=expectations_charts.gap(f, step.headline)),
        "sentence": sentence,
        "how": t("how"),
    }


def _myths(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "myths")
    figures = step.detail
    checked = sum(figure.differs is not None for figure in figures)
    levels = [cards.sources()[figure.source]["reliability"] for figure in figures]
    return {
        "value": t("value", count=f.number(step.headline), total=checked),
        "sentence": t(
            "sentence",
            total=len(figures),
            measured=levels.count("measured"),
            secondary=levels.count("secondary"),
            folklore=levels.count("folklore"),
        ),
        "how": t("how", within=f.percent(SAME_WITHIN, 0), unchecked=len(figures) - checked),
    }


_TEXTS: dict[str, Callable[[Step, Scenario, Formatter], Texts]] = {
    "why": _why,
    "acquisition": _acquisition,
    "iceberg": _iceberg,
    "word_of_mouth": _word_of_mouth,
    "recovery": _recovery,
    "profit": _profit,
    "delighted": _delighted,
    "expectations": _expectations,
    "myths": _myths,
}


def _texts(step: Step, scenario: Scenario, f: Formatter) -> Texts:
    """Title, label, value, sentence and how line of `step`, in the Formatter's language."""
    texts = _TEXTS[step.id](step, scenario, f)
    for part in ("title", "label"):
        texts.setdefault(part, translate(f.lang, f"present.steps.{step.id}.{part}"))
    return texts


def build_figure(step: Step, f: Formatter) -> go.Figure:
    """The step's chart: the pages' own chart where one tells the idea, else one of Trainer mode."""
    report = step.report
    if step.id == "why":
        return acquisition_charts.leaky_bucket_lines(report, f)
    if step.id == "acquisition":
        return acquisition_charts.churn_cost_bars(report, f)
    if step.id == "iceberg":
        return wom_charts.iceberg_bars(report, f)
    if step.id == "word_of_mouth":
        return wom_charts.reach_butterfly(report, f)
    if step.id == "recovery":
        return present_charts.recovery_bars(step.detail, f)
    if step.id == "profit":
        return loyalty_charts.uplift_curve_lines(report, f)
    if step.id == "delighted":
        return present_charts.defection_bars(report.satisfaction.retention, f)
    if step.id == "expectations":
        return expectations_charts.gap_bars(report.gaps, f)
    sources = cards.sources()
    titles = {source: cards.card_text(source, f.lang)["title"] for source in step.sources}
    levels = {source: sources[source]["reliability"] for source in step.sources}
    return present_charts.famous_figures_table(step.detail, titles, levels, f)


def step_view(scenario: Scenario, number: int, f: Formatter) -> StepView:
    """Step `number` (1-based) of the presentation for `scenario`, in the Formatter's language."""
    step = presentation_step(scenario, STEPS[number - 1])
    texts = _texts(step, scenario, f)
    return StepView(
        number=number,
        id=step.id,
        title=texts["title"],
        label=texts["label"],
        value=texts["value"],
        sentence=texts["sentence"],
        how=texts["how"],
        sources=step.sources,
        fields=step.fields,
        chart_file=translate(f.lang, f"{PREFIX}.files.{step.id}"),
        figure=partial(build_figure, step, f),
    )


# --- Drawing --------------------------------------------------------------------------------


def markdown_text(text: str) -> str:
    """Our texts hold money like ``$1,200``: two dollar signs would start LaTeX in Markdown."""
    return text.replace("$", "\\$")


def current_step(count: int) -> int:
    """The step to show: from ``?step=`` when the link has one, else the session's last step.

    A bad value shows step 1 and says so once; the URL and the session then carry the step.
    """
    raw = st.query_params.get(STEP_PARAM)
    asked = step_from_param(raw, count)
    if raw is None:
        number = st.session_state.get(STEP_STATE, 1)
    elif asked is None:
        number = 1
        message = state.t("present.bad_step", value=widgets.shown_text(raw), count=count)
        st.toast(message, icon="🔗")
    else:
        number = asked
    go_to(number)
    return number


def go_to(number: int) -> None:
    """Show step `number`: remembered in the session and written into the URL."""
    st.session_state[STEP_STATE] = number
    if st.query_params.get(STEP_PARAM) != str(number):
        st.query_params[STEP_PARAM] = str(number)


def style() -> None:
    st.html(CSS)


def navigation(view: StepView, count: int, download: Callable[[], str]) -> None:
    """The top row: the step's title, previous / next, "3 / 9", and the handout download."""
    t = state.t
    title, previous, indicator, following, handout = st.columns(
        NAV_WIDTHS, vertical_alignment="center"
    )
    with title, st.container(key="present_title"):
        st.title(view.title, anchor=False)
    previous.button(
        t("present.previous"),
        key="present.previous",
        on_click=go_to,
        args=(view.number - 1,),
        disabled=view.number <= 1,
        shortcut="PageUp",
        width="stretch",
    )
    with indicator, st.container(key="present_indicator"):
        st.markdown(t("present.indicator", step=view.number, count=count))
    following.button(
        t("present.next"),
        key="present.next",
        on_click=go_to,
        args=(view.number + 1,),
        disabled=view.number >= count,
        shortcut="PageDown",
        type="primary",
        width="stretch",
    )
    handout.download_button(
        t("present.handout.button"),
        data=download,
        file_name=t("present.handout.file"),
        mime="text/html",
        on_click="ignore",
        key="present.handout",
        help=t("present.handout.help"),
        icon=":material/download:",
        width="stretch",
    )


def headline(view: StepView) -> None:
    """The live number in very large type, its one sentence, then the small print."""
    with st.container(key="present_headline"):
        st.metric(view.label, view.value)
    with st.container(key="present_sentence"):
        st.markdown(markdown_text(view.sentence))
    with st.container(key="present_small"):
        st.caption(markdown_text(f"{state.t('common.how')} {view.how}"))
        if not view.sources:
            st.caption(state.t("present.steps.why.source"))
        if len(view.sources) > MAX_SOURCES_LISTED:
            st.caption(state.t("present.steps.myths.sources"))
            return
        for source in view.sources:
            text = cards.card_text(source, state.lang())
            reference = cards.sources()[source]["reference"]
            st.caption(f"{cards.badge(source)} **{text['title']}** · {reference}")


def chart(view: StepView, inputs: Any) -> None:
    """The step's chart, sized for the projector, built once per `inputs`."""

    def build() -> go.Figure:
        figure = view.figure()
        if not is_table(figure):  # a table keeps the height of its rows
            figure.update_layout(height=SCREEN_CHART_HEIGHT)
        return figure

    widgets.chart(PREFIX, view.id, build, inputs)


def is_table(figure: go.Figure) -> bool:
    return bool(figure.data) and figure.data[0].type == "table"


def column_widths(view: StepView) -> tuple[int, int]:
    """Widths of the headline and chart columns."""
    return TABLE_COLUMN_WIDTHS if view.id == "myths" else COLUMN_WIDTHS


def class_numbers(view: StepView) -> None:
    """The inputs that move this step, editable in place: the room's numbers go straight in."""
    with st.container(border=True, key="present_class"):
        with st.container(key="present_class_title"):
            st.markdown(state.t("present.class_numbers"))
        inputs = st.columns(CLASS_COLUMNS, vertical_alignment="bottom")
        for path, column in zip(view.fields, inputs, strict=False):
            widgets.field_input(path, container=column)
