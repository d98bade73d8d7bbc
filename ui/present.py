"""Trainer mode, the Streamlit side: the steps in order, their texts and charts, the step in the
URL, the layout.

`SCREENS` lists each step once: its id, its calculator (`calculators.present`), its texts and its
chart. Adding a step is a builder there, then a texts function and one `Screen` entry here (and
its texts under ``present.steps.<id>`` in the i18n files). `step_view` turns one step into what
the screen and the handout show (title, headline, one sentence, the "how this is computed" line,
sources, class numbers, chart) in one language: no Streamlit call, so the handout builder reuses
it. The rest draws it.

The step is in the URL as ``?step=N`` (1-based), read like every value from a link: anything but
a whole number from 1 to the number of steps opens step 1 (with a note), never an error.
`state.sync_url` leaves the parameter alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

import plotly.graph_objects as go
import streamlit as st

from calculators.clv import defection_rate
from calculators.present import (
    SAME_WITHIN,
    FamousFigure,
    GapFocus,
    ServiceRecovery,
    Step,
    acquisition_step,
    checked_on,
    delighted_step,
    expectations_step,
    iceberg_step,
    myths_step,
    profit_step,
    recovery_step,
    why_step,
    word_of_mouth_step,
)
from calculators.reports.acquisition import AcquisitionReport
from calculators.reports.loyalty import LoyaltyReport
from calculators.reports.word_of_mouth import WordOfMouthReport
from calculators.scenario import Scenario
from ui import cache, cards, plain, state, widgets
from ui import loyalty as loyalty_texts
from ui.charts import acquisition as acquisition_charts
from ui.charts import expectations as expectations_charts
from ui.charts import loyalty as loyalty_charts
from ui.charts import present as present_charts
from ui.charts import word_of_mouth as wom_charts
from ui.fmt import Formatter
from ui.frames import cell
from ui.i18n import translate
from ui.word_of_mouth import retelling_clause

STEP_PARAM = "step"
STEP_STATE = "present.step"
# ``?step=class``: the live class screen (ui/classroom.py), before step 1.
CLASS_STEP = "class"
APPENDIX_KEY = "present.handout.appendix"
PREFIX = "present"
STEP_PATTERN = re.compile(r"[0-9]{1,4}")
# Height of a step's chart on screen: with the headline beside it and the class numbers below,
# a step fits a 1280x720 projector without scrolling.
SCREEN_CHART_HEIGHT = 410
COLUMN_WIDTHS = (5, 7)
# The famous figures table needs the room: a narrower text column on that step.
TABLE_COLUMN_WIDTHS = (4, 8)
NAV_WIDTHS = (5.0, 1.3, 1.6, 0.7, 1.7, 1.3)
# A step with more source cards than this (the famous figures) lists their caveats in a grid
# under the class numbers, `CAVEAT_COLUMNS` to a row; fewer go under the step's sentence.
MAX_SOURCES_LISTED = 2
CAVEAT_COLUMNS = 3
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
.st-key-present_caveats p { font-size: 1.1rem; line-height: 1.3; }
.st-key-present_caveats [data-testid="stCaptionContainer"] p { font-size: 0.82rem; }
.st-key-present_caveats [data-testid="stVerticalBlock"] { gap: 0.2rem; }
.st-key-present_caveats_intro p { font-size: 1.15rem; font-weight: 600; margin: 0; }
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


# --- The steps --------------------------------------------------------------------------------
# One function per step for its headline value, sentence and "how" line (and title or label when
# they carry a number), in the Formatter's language, reading the step's report as its page does;
# `SCREENS` then lists each step once: its id, its calculator, its texts and its chart.

Texts = dict[str, str]
R = TypeVar("R")


def _step_text(lang: str, step: str) -> Callable[..., str]:
    """`translate` for one step: ``t("sentence", ...)`` reads ``present.steps.<step>.sentence``."""

    def t(part: str, **values: Any) -> str:
        return translate(lang, f"present.steps.{step}.{part}", **values)

    return t


def _why(step: Step[AcquisitionReport], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "why")
    business, report = scenario.business, step.report
    value = f.optional(f.money, step.headline)
    return {
        "value": value,
        "sentence": t(
            "sentence",
            customers=f.number(business.active_customers),
            value=value,
            lost=f.number(report.churn.customers_lost),
            churn=f.percent(defection_rate(business.retention)),
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


def _acquisition(step: Step[AcquisitionReport], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "acquisition")
    business, report = scenario.business, step.report
    churn = report.churn
    return {
        "value": f.optional(f.money, step.headline),
        "sentence": t(
            "sentence",
            lost=f.number(churn.customers_lost),
            replacement=f.money(churn.replacement_cost),
            ratio=f.ratio(report.acquire_to_retain_ratio),
            keep=f.money(churn.keep_cost_by_rule),
            own=f.optional(f.money, churn.own_replace_ratio, 2),
            rule=f.money(report.lost_to_replace_ratio),
            one=f.money(1),
        ),
        "how": t(
            "how",
            customers=f.number(business.active_customers),
            churn=f.percent(defection_rate(business.retention)),
            cac=f.money(business.acquisition_cost),
            ratio=f.ratio(report.acquire_to_retain_ratio),
            margin=f.money(business.margin_per_customer),
            one=f.money(1),
        ),
    }


def _iceberg(step: Step[WordOfMouthReport], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "iceberg")
    report = step.report
    share = f.percent(report.complaint_share)
    return {
        "label": t("label", complaints=f.number(report.complaints)),
        "value": f.optional(f.count, step.headline),
        "sentence": t("sentence", share=share, silent=f.count(report.silent_per_complaint)),
        "how": t(
            "how",
            complaints=f.number(report.complaints),
            share=share,
            customers=f.number(report.active_customers),
            estimate_share=f.percent(scenario.word_of_mouth.problem_share),
            estimate=f.count(report.estimated_with_problem),
        ),
    }


def _word_of_mouth(step: Step[WordOfMouthReport], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "word_of_mouth")
    report = step.report
    reach = report.today.reach
    tells = {"negative": f.count(report.tell_negative), "positive": f.count(report.tell_positive)}
    if reach.balance_ratio is None:
        sentence = t("sentence_never", **tells)
    else:
        sentence = t("sentence", balance=f.number(reach.balance_ratio, 1), **tells)
    return {
        "value": f.optional(f.count, step.headline),
        "sentence": sentence,
        "how": t(
            "how",
            unhappy=f.count(report.today.unhappy),
            tell=tells["negative"],
            retelling=retelling_clause(report.retell_multiplier, report.retell_rounds, f),
            happy=f.count(report.today.happy),
            positive=f.count(reach.positive),
        ),
    }


def _recovery(step: Step[ServiceRecovery], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "recovery")
    recovery = step.report
    rates = recovery.rates
    size = translate(f.lang, f"wom.size.{recovery.size}")
    quick, unresolved = f.percent(rates.resolved_quickly), f.percent(rates.unresolved)
    return {
        "value": f.optional(f.money, step.headline),
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


def _profit(step: Step[LoyaltyReport], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "profit")
    report = step.report
    impact = report.impact
    years = impact.firm_years
    return {
        "title": t("title", points=f.points(report.uplift_points)),
        "label": t("label", years=f.number(report.horizon)),
        # The Loyalty page's own wording: a percentage only where the value today is positive.
        "value": loyalty_texts.value_change(impact.per_customer, f),
        "sentence": t(
            "sentence" if report.pays_back else "sentence_no_payback",
            before=f.percent(report.retention_before),
            after=f.percent(report.retention_after),
            clv_before=f.money(impact.per_customer.clv_before),
            clv_after=f.money(impact.per_customer.clv_after),
            cac=f.money(report.acquisition_cost),
            year_one=loyalty_texts.change_text(
                cell(years, 1, "relative_change"), cell(years, 1, "change"), f
            ),
            long_run=loyalty_texts.change_text(
                impact.steady_relative_change, impact.steady_change, f
            ),
        ),
        "how": t(
            "how",
            years=f.number(report.horizon),
            discount=f.percent(report.discount_rate),
            cac=f.money(report.acquisition_cost),
            active=f.number(report.active_customers),
            new=f.number(report.new_customers_per_year),
        ),
    }


def _delighted(step: Step[LoyaltyReport], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "delighted")
    report = step.report
    link = report.satisfaction
    groups = link.retention
    return {
        "value": f.optional(f.money, step.headline),
        "sentence": t(
            "sentence",
            delighted=f.percent(groups.extremely_satisfied),
            satisfied=f.percent(groups.satisfied),
            shift=f.percent(link.shift),
            value=f.money(link.value_of_shift),
        ),
        "how": t(
            "how",
            ratio=f.optional(f.ratio, groups.defection_ratio),
            retention=f.percent(groups.others),
            years=f.number(report.horizon),
            discount=f.percent(report.discount_rate),
            value_delighted=f.money(link.value_extremely_satisfied),
            value_satisfied=f.money(link.value_satisfied),
        ),
    }


def _expectations(step: Step[GapFocus], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "expectations")
    gaps = step.report.gaps
    if gaps.largest is None:
        sentence = t("sentence_none")
    else:
        sentence = t(
            "sentence",
            dimension=expectations_charts.dimension_names(f.lang)[gaps.largest],
            promised=f.score(cell(gaps.table, gaps.largest, "promised")),
            delivered=f.score(cell(gaps.table, gaps.largest, "delivered")),
            perceived=f.score(cell(gaps.table, gaps.largest, "perceived")),
        )
    return {
        "value": translate(f.lang, "exp.points", value=f.optional(f.gap, step.headline)),
        "sentence": sentence,
        "how": t("how"),
    }


def _myths(step: Step[tuple[FamousFigure, ...]], scenario: Scenario, f: Formatter) -> Texts:
    t = _step_text(f.lang, "myths")
    figures = step.report
    # The figures that can get a verdict; the headline counts those the user's numbers checked.
    judged = [figure for figure in figures if figure.check != "none" and figure.benchmark]
    verdicts = [figure.verdict for figure in figures]
    levels = [cards.sources()[figure.source]["reliability"] for figure in figures]
    evidence = {
        "total": f.number(len(figures)),
        "measured": f.number(levels.count("measured")),
        "secondary": f.number(levels.count("secondary")),
        "folklore": f.number(levels.count("folklore")),
    }
    if not step.headline:
        sentence = t("sentence_none", **evidence)
    else:
        sentence = t(
            "sentence",
            holds=f.number(verdicts.count("holds")),
            differs=f.number(verdicts.count("differs")),
            unchecked=f.number(sum(figure.verdict == "not_checked" for figure in judged)),
            **evidence,
        )
    return {
        "value": t("value", count=f.optional(f.number, step.headline), total=f.number(len(judged))),
        "sentence": sentence,
        "how": t(
            "how",
            within=f.percent(SAME_WITHIN, 0),
            none=f.number(verdicts.count("no_number")),
        ),
    }


def _myths_table(figures: tuple[FamousFigure, ...], f: Formatter) -> go.Figure:
    sources = [figure.source for figure in figures]
    titles = {source: cards.card_text(source, f.lang)["title"] for source in sources}
    levels = {source: cards.sources()[source]["reliability"] for source in sources}
    return present_charts.famous_figures_table(figures, titles, levels, f)


@dataclass(frozen=True)
class Screen(Generic[R]):
    """One step of Trainer mode, whole: its id (the i18n texts ``present.steps.<id>.*``), the
    calculator that computes it, its texts, and its chart drawn from the step's report (the
    pages' own chart where one tells the idea, else one of Trainer mode).

    `recheck` is for a step that also reads which fields the user entered or measured (the
    famous figures): `build` computes it once per scenario, `recheck` applies those fields."""

    id: str
    build: Callable[[Scenario], Step[R]]
    texts: Callable[[Step[R], Scenario, Formatter], Texts]
    figure: Callable[[R, Formatter], go.Figure]
    recheck: Callable[[Step[R], frozenset[str]], Step[R]] | None = None


# The presentation, in the story's order.
SCREENS: tuple[Screen[Any], ...] = (
    Screen("why", why_step, _why, acquisition_charts.leaky_bucket_lines),
    Screen("acquisition", acquisition_step, _acquisition, acquisition_charts.churn_cost_bars),
    Screen("iceberg", iceberg_step, _iceberg, wom_charts.iceberg_bars),
    Screen("word_of_mouth", word_of_mouth_step, _word_of_mouth, wom_charts.reach_butterfly),
    Screen("recovery", recovery_step, _recovery, present_charts.recovery_bars),
    Screen("profit", profit_step, _profit, loyalty_charts.uplift_curve_lines),
    Screen(
        "delighted",
        delighted_step,
        _delighted,
        lambda report, f: present_charts.defection_bars(report.satisfaction.retention, f),
    ),
    Screen(
        "expectations",
        expectations_step,
        _expectations,
        lambda focus, f: expectations_charts.gap_bars(focus.gaps, f),
    ),
    Screen("myths", myths_step, _myths, _myths_table, checked_on),
)
STEPS: tuple[str, ...] = tuple(screen.id for screen in SCREENS)
_SCREENS_BY_ID = {screen.id: screen for screen in SCREENS}


def presentation_step(
    scenario: Scenario, step_id: str, entered: frozenset[str] = frozenset()
) -> Step[Any]:
    """The step `step_id` (one of `STEPS`) computed from `scenario` (once per scenario), with
    `entered` the fields whose values the user entered or measured (`state.entered_fields`).

    >>> s = presentation_step(Scenario(), "acquisition")
    >>> round(s.headline), s.sources
    (50000, ('acquire_5x', 'replace_1_to_10'))
    >>> presentation_step(Scenario(), "myths", frozenset({"loyalty.repurchase_ratio"})).headline
    1.0
    """
    if step_id not in _SCREENS_BY_ID:
        raise ValueError(f"step must be one of {', '.join(STEPS)}; got {step_id!r}")
    screen = _SCREENS_BY_ID[step_id]
    step = cache.report(screen.build, scenario)
    return step if screen.recheck is None else screen.recheck(step, entered)


def presentation_steps(
    scenario: Scenario, entered: frozenset[str] = frozenset()
) -> tuple[Step[Any], ...]:
    """Every step of the presentation, in order (what the handout shows).

    >>> [round(s.headline) for s in presentation_steps(Scenario())[:4]]
    [1071429, 50000, 150, 1318]
    """
    return tuple(presentation_step(scenario, step_id, entered) for step_id in STEPS)


def step_view(
    scenario: Scenario, number: int, f: Formatter, entered: frozenset[str] = frozenset()
) -> StepView:
    """Step `number` (1-based) of the presentation for `scenario`, in the Formatter's language;
    `entered`: the fields whose values the user entered or measured (none: no figure checked)."""
    screen = SCREENS[number - 1]
    step = presentation_step(scenario, screen.id, entered)
    texts = screen.texts(step, scenario, f)
    title, label = (
        texts.get(part) or translate(f.lang, f"present.steps.{screen.id}.{part}")
        for part in ("title", "label")
    )
    return StepView(
        number=number,
        id=screen.id,
        title=title,
        label=label,
        value=texts["value"],
        sentence=texts["sentence"],
        how=texts["how"],
        sources=step.sources,
        fields=step.fields,
        chart_file=translate(f.lang, f"{PREFIX}.files.{screen.id}"),
        figure=partial(screen.figure, step.report, f),
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
        number = int(st.session_state.get(STEP_STATE, 1))
    elif asked is None:
        number = 1
        message = state.t(
            "present.bad_step",
            value=plain.quoted(raw),
            count=state.formatter().number(count),
        )
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


def showing_class() -> bool:
    """Whether the link asks for the class screen (``?step=class``)."""
    return st.query_params.get(STEP_PARAM) == CLASS_STEP


def go_to_class() -> None:
    st.query_params[STEP_PARAM] = CLASS_STEP


def class_navigation(count: int) -> None:
    """The class screen's top row: its title, and the way into the story's first step."""
    t = state.t
    title, following = st.columns((7.4, 3.0), vertical_alignment="center")
    with title, st.container(key="present_title"):
        st.title(t("classroom.title"), anchor=False)
    following.button(
        t("classroom.to_story"),
        key="present.next",
        on_click=go_to,
        args=(1,),
        shortcut="PageDown",
        type="primary",
        width="stretch",
        help=t("classroom.to_story_help", count=state.formatter().number(count)),
    )


def style() -> None:
    st.html(CSS)


def navigation(view: StepView, count: int, download: Callable[[bool], str]) -> None:
    """The top row: the step's title, previous / next, "3 / 9", and the handout: a menu with
    its option (`download` gets whether to add the appendix) and the download button."""
    t = state.t
    title, room, previous, indicator, following, handout = st.columns(
        NAV_WIDTHS, vertical_alignment="center"
    )
    with title, st.container(key="present_title"):
        st.title(view.title, anchor=False)
    room.button(
        t("classroom.button"),
        key="present.class",
        on_click=go_to_class,
        icon=":material/groups:",
        width="stretch",
        help=t("classroom.button_help"),
    )
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
        f = state.formatter()
        st.markdown(t("present.indicator", step=f.number(view.number), count=f.number(count)))
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
    # The handout's one option before downloading: every figure in an appendix, or only those
    # that matter (the default keeps the printed copy short).
    with handout.popover(t("present.handout.button"), icon=":material/download:", width="stretch"):
        appendix = st.checkbox(
            t("present.handout.appendix_option"),
            key=APPENDIX_KEY,
            help=t("present.handout.appendix_help"),
        )
        st.download_button(
            t("present.handout.download"),
            data=partial(download, appendix),
            file_name=t("present.handout.file"),
            mime="text/html",
            on_click="ignore",
            key="present.handout",
            help=t("present.handout.help"),
            icon=":material/download:",
            type="primary",
            width="stretch",
        )


def headline(view: StepView) -> None:
    """The live number in very large type, its one sentence, the caveat of each famous figure it
    states (large enough to read from the back of the room), then the small print."""
    with st.container(key="present_headline"):
        st.metric(view.label, view.value)
    with st.container(key="present_sentence"):
        st.markdown(markdown_text(view.sentence))
    if view.sources and len(view.sources) <= MAX_SOURCES_LISTED:
        with st.container(key="present_caveats"):
            for source in view.sources:
                caveat(source)
    with st.container(key="present_small"):
        st.caption(markdown_text(f"{state.t('common.how')} {view.how}"))
        if not view.sources:
            st.caption(state.t("present.steps.why.source"))


def caveat(source: str) -> None:
    """One source card on a slide: its badge, title and caveat in type the room can read, its
    reference in small print (the cards are our own plain text)."""
    text = cards.card_text(source, state.lang())
    st.markdown(markdown_text(f"{cards.badge(source)} **{text['title']}**: {text['caveat']}"))
    st.caption(markdown_text(cards.sources()[source]["reference"]))


def caveat_grid(view: StepView) -> None:
    """For a step that states many famous figures: every card's caveat, in a grid under the
    class numbers (a step with few shows them under its sentence, see `headline`)."""
    if len(view.sources) <= MAX_SOURCES_LISTED:
        return
    with st.container(key="present_caveats"):
        with st.container(key="present_caveats_intro"):
            st.markdown(state.t("present.steps.myths.sources"))
        columns = st.columns(CAVEAT_COLUMNS)
        for index, source in enumerate(view.sources):
            with columns[index % CAVEAT_COLUMNS]:
                caveat(source)


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
