"""The live classroom in the UI: the trainer's room, a participant's answer, the class on screen.

The store (`classroom.store`: rooms and anonymous answers in a database) is opened once per
server process (`store`), from the URL in ``.streamlit/secrets.toml`` when one is configured::

    [connections.classroom]
    url = "postgresql://user:password@host:5432/retention_lab"

else a SQLite file in the app's data folder (README, "Live classroom database"). A session
holds at most one trainer key (the room it opened: only that session can read, close, export or
delete the room) and one participant
ticket (the room it joined: it can write and read its own answer, nothing else). Both live in
the session's memory only; nothing of a participant is kept but their numbers.

Every call that reaches the database goes through `_guarded`: a database that is down, locked
too long or refusing reads as a message in the user's language, never as a crash.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlencode, urljoin

import segno
import streamlit as st

from calculators.classroom import (
    ANSWER_FIELD_NAMES,
    ANSWER_FIELDS,
    SECTORS,
    AnswerError,
    AnswerField,
    ClassAnswer,
    Spread,
    class_median_values,
    class_summary,
    parse_answer,
)
from calculators.compare import to_csv
from calculators.scenario import FieldIssue
from classroom.codes import format_code, normalise_code
from classroom.store import (
    RoomStatus,
    Store,
    StoreError,
    Ticket,
    TrainerKey,
    configured_url,
)
from ui import present, scenario_tools, state, widgets
from ui.charts import classroom as class_charts
from ui.charts.base import plotly_config
from ui.fmt import Formatter
from ui.i18n import LANGS

T = TypeVar("T")

TRAINER_KEY = "classroom.trainer_key"
TICKET = "classroom.ticket"
FAILED_JOINS = "classroom.failed_joins"
NOTICE = "classroom.notice"  # the trainer's last outcome: (done?, text)
JOIN_NOTICE = "classroom.join_notice"  # the participant's last problem, if any
ROOM_PARAM = "room"
JOIN_PATH = "join"
# Wrong codes a session may try before it must wait for a new session: with 31⁶ codes and at
# most a few hundred rooms open, guessing one takes millions of tries.
MAX_FAILED_JOINS = 10
# How often the server deletes expired rooms (and deletes them this much early, so that none
# lives past 24 hours, `classroom.store.ROOM_LIFETIME`).
PURGE_EVERY = timedelta(minutes=1)
# The QR code's quiet zone around it (modules).
QR_BORDER = 2


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The classroom store of this server process (one connection pool for every session),
    with a timer that deletes expired rooms even when no one uses the app."""
    opened = Store(_database_url())
    threading.Thread(
        target=_purge_forever, args=(opened,), name="classroom-purge", daemon=True
    ).start()
    return opened


def _purge_forever(opened: Store) -> None:
    """Every `PURGE_EVERY`, delete the rooms that would be 24 hours old before the next round."""
    while True:
        # A database away for now: the next round tries again.
        with contextlib.suppress(Exception):
            opened.purge_expired(ahead=PURGE_EVERY)
        time.sleep(PURGE_EVERY.total_seconds())


def _database_url() -> str | None:
    """The configured database URL (`classroom.store.configured_url`), else None."""
    try:
        return configured_url(st.secrets)
    except Exception:  # no secrets file at all: Streamlit raises rather than returning nothing
        return None


@dataclass(frozen=True)
class Outcome:
    """What a store call gave: its value, or the message to show instead."""

    value: Any = None
    problem: str | None = None


def _guarded(call: Callable[[], T]) -> Outcome:
    """Run `call` on the store; a StoreError (or a database that fails) becomes a message."""
    try:
        return Outcome(value=call())
    except StoreError as error:
        return Outcome(problem=state.t(f"classroom.problem.{error.kind}"))
    except Exception:  # the database itself: unreachable, locked beyond the timeout, full
        return Outcome(problem=state.t("classroom.problem.unavailable"))


# --- links and codes --------------------------------------------------------------------------


def join_link(code: str) -> str | None:
    """The address a participant opens for room `code` (the QR code's content), or None when
    the app does not know its own address (AppTest has none)."""
    base = st.context.url or ""
    if not base.startswith(("http://", "https://")):
        return None
    # Every page's address is one path segment under the app's (ui/nav.py). No language in
    # it: each phone opens the page in its own (its browser's), and can switch it there.
    return f"{urljoin(base, JOIN_PATH)}?{urlencode({ROOM_PARAM: code})}"


def short_link(link: str) -> str:
    """The link as printed under the QR code: without the scheme, for reading it aloud."""
    return link.split("://", 1)[-1]


def qr_png(link: str, width: int) -> bytes:
    """`link` as a QR code, a PNG image black on white at most `width` pixels wide, each module
    a whole number of pixels (shown at its own size: no resampling blurs its edges)."""
    code = segno.make(link, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=QR_BORDER)[0]
    output = io.BytesIO()
    code.save(output, kind="png", scale=max(1, width // modules), border=QR_BORDER)
    return output.getvalue()


# --- the trainer's room -----------------------------------------------------------------------


def trainer_key() -> TrainerKey | None:
    key: TrainerKey | None = st.session_state.get(TRAINER_KEY)
    return key


def open_room() -> None:
    """Open a room for this session's trainer (a button's callback)."""
    outcome = _guarded(lambda: store().open_room())
    if outcome.problem is None:
        st.session_state[TRAINER_KEY] = outcome.value
    _notify(outcome.problem, done=False)


def close_room() -> None:
    key = trainer_key()
    if key is not None:
        _notify(_guarded(lambda: store().close(key)).problem, done=False)


def delete_room() -> None:
    """Delete the room and its answers; the session forgets its key."""
    key = trainer_key()
    if key is None:
        return
    outcome = _guarded(lambda: store().delete(key))
    if outcome.problem is None:
        del st.session_state[TRAINER_KEY]
        _notify(state.t("classroom.deleted"), done=True)
    else:
        _notify(outcome.problem, done=False)


def pop_notice() -> tuple[bool, str] | None:
    notice: tuple[bool, str] | None = st.session_state.pop(NOTICE, None)
    return notice


def _notify(text: str | None, *, done: bool) -> None:
    """Remember what the trainer's last action gave, for the next run to show (None: nothing)."""
    st.session_state[NOTICE] = None if text is None else (done, text)


# --- a participant ----------------------------------------------------------------------------


def ticket() -> Ticket | None:
    found: Ticket | None = st.session_state.get(TICKET)
    return found


def join(typed: str) -> str | None:
    """Join the room whose code the participant typed or scanned; the problem, or None.

    A session keeps its ticket: joining the room it is already in changes nothing, joining
    another replaces it (a participant who scanned the wrong room's code).
    """
    code = normalise_code(typed)
    current = ticket()
    if code is not None and current is not None and current.code == code:
        return None
    failed = int(st.session_state.get(FAILED_JOINS, 0))
    if failed >= MAX_FAILED_JOINS:
        return state.t("classroom.problem.too_many_tries")
    if code is None:
        st.session_state[FAILED_JOINS] = failed + 1
        return state.t("classroom.problem.bad_code")
    outcome = _guarded(lambda: store().join(code))
    if outcome.problem is not None:
        st.session_state[FAILED_JOINS] = failed + 1
        return outcome.problem
    st.session_state[TICKET] = outcome.value
    st.session_state[PREFILLED] = code  # a ticket just made has no answer to read back
    return None


# --- the join page ----------------------------------------------------------------------------

ISSUES = "classroom.issues"
PREFILLED = "classroom.prefilled"
ATTEMPT = "classroom.attempt"
LINK_TRIED = "classroom.link_tried"
SENT = "classroom.sent"
WAY = "join.way"
INPUT_PREFIX = "join."
# The two ways of giving retention: customers lost last year, or retention itself.
WAYS = ("lost_customers", "retention")
# The fields of the form in order, after the sector and the retention question.
BUSINESS_FIELDS: tuple[AnswerField, ...] = (
    "active_customers",
    "acquisition_cost",
    "margin_per_customer",
)
BELIEF_FIELDS: tuple[AnswerField, ...] = ("complain_per_100", "people_told")


def _input_key(name: str) -> str:
    return f"{INPUT_PREFIX}{name}"


def _answer_label(name: str) -> str:
    return state.t(f"classroom.field.{name}.label")


def answer_issue_message(issue: FieldIssue) -> str:
    """The user's-language message for one bad answer value, as the scenario inputs word it."""
    spec = ANSWER_FIELDS.get(issue.path)  # type: ignore[call-overload]
    if spec is None or issue.kind == "unknown":
        return state.t("classroom.problem.unknown_field")
    if issue.kind == "choice" and issue.value is None:
        return state.t("classroom.problem.no_sector")
    return widgets.issue_message(
        issue,
        spec,
        _answer_label(issue.path),
        lambda choice: state.t(f"classroom.sector.{choice}"),
    )


def _attempt_join(code_text: str) -> None:
    """Join once per code the session is given (a rerun must not count as a new try)."""
    previous = st.session_state.get(ATTEMPT)
    if previous is not None and previous[0] == code_text:
        return
    st.session_state[ATTEMPT] = (code_text, join(code_text))


def _join_problem() -> str | None:
    attempt = st.session_state.get(ATTEMPT)
    return None if attempt is None or ticket() is not None else attempt[1]


def _on_code_entered() -> None:
    _attempt_join(str(st.session_state.get("join.code") or ""))


def code_form() -> None:
    """No room yet: the code as the trainer shows it, typed in."""
    t = state.t
    st.text_input(
        t("classroom.join.code"),
        key="join.code",
        max_chars=20,
        placeholder=t("classroom.join.code_placeholder"),
    )
    st.button(
        t("classroom.join.go"),
        on_click=_on_code_entered,
        type="primary",
        width="stretch",
        key="join.go",
    )


def join_from_link() -> None:
    """The room in the link (``?room=CODE``, from the QR code) is joined on the page's first run."""
    raw = st.query_params.get(ROOM_PARAM)
    if raw is None or ticket() is not None or st.session_state.get(LINK_TRIED) == raw:
        return
    st.session_state[LINK_TRIED] = raw  # a code typed after it is not replaced by the link's
    _attempt_join(str(raw))


def _prefill(current: Ticket) -> None:
    """The participant's own answer, if they already sent one, back in the inputs (once)."""
    if st.session_state.get(PREFILLED) == current.code:
        return
    st.session_state[PREFILLED] = current.code
    outcome = _guarded(lambda: store().my_answer(current))
    stored = outcome.value
    if not isinstance(stored, dict):
        return
    try:
        answer = parse_answer(stored)
    except AnswerError:
        return  # an answer the rules no longer accept: the participant types it again
    values = answer.to_values()
    for name in ANSWER_FIELD_NAMES:
        if values.get(name) is not None:
            spec = ANSWER_FIELDS[name]
            st.session_state[_input_key(name)] = widgets.to_display(spec, values[name])
    st.session_state[WAY] = "lost_customers" if answer.lost_customers is not None else "retention"
    st.session_state[SENT] = True


def _form_values() -> dict[str, Any]:
    """What the inputs hold, in model units (retention 80 → 0.8); the other way left out."""
    values: dict[str, Any] = {"sector": st.session_state.get(_input_key("sector"))}
    way = st.session_state.get(WAY, WAYS[0])
    names = [way, *BUSINESS_FIELDS, *BELIEF_FIELDS]
    for name in names:
        shown = st.session_state.get(_input_key(name))
        values[name] = widgets.from_display(ANSWER_FIELDS[name], shown)
    return values


def _send() -> None:
    """The Send button: check every value, then store the answer (replacing an earlier one)."""
    current = ticket()
    if current is None:
        return
    try:
        answer = parse_answer(_form_values())
    except AnswerError as error:
        st.session_state[ISSUES] = {issue.path: issue for issue in error.issues}
        st.session_state[JOIN_NOTICE] = state.t("classroom.join.fix")
        return
    st.session_state[ISSUES] = {}
    outcome = _guarded(lambda: store().save_answer(current, answer.to_values()))
    if outcome.problem is None:
        st.session_state[SENT] = True
        st.session_state[JOIN_NOTICE] = None
    else:
        st.session_state[JOIN_NOTICE] = outcome.problem


def _number(name: AnswerField, where: Any = None) -> None:
    """One number of the answer, blank until typed, with its message under it when bad."""
    where = where or st
    spec = ANSWER_FIELDS[name]
    whole = spec.kind == "int"
    step: float = 1 if whole else float(spec.step or 1)
    where.number_input(
        _answer_label(name),
        value=None,
        # A whole step as an int only for whole fields: an int step with a float format makes
        # Streamlit log a warning with its stack on every run (13% of a join page's run).
        step=int(step) if whole else step,
        format="%d" if whole else ("%.0f" if step == int(step) else "%.1f"),
        key=_input_key(name),
        help=state.t(f"classroom.field.{name}.help"),
        placeholder=state.t("classroom.join.placeholder"),
    )
    issue = st.session_state.get(ISSUES, {}).get(name)
    if issue is not None:
        where.error(answer_issue_message(issue), icon="⚠️")


def answer_form(current: Ticket) -> None:
    """The participant's numbers: sector, customers, retention one way or the other, what a new
    customer costs and earns, and the two beliefs."""
    t = state.t
    _prefill(current)
    issues: dict[str, FieldIssue] = st.session_state.get(ISSUES, {})
    st.selectbox(
        _answer_label("sector"),
        options=SECTORS,
        index=None,
        # Labels resolved now: AppTest calls a format_func outside the run (no language then).
        format_func={sector: t(f"classroom.sector.{sector}") for sector in SECTORS}.__getitem__,
        key=_input_key("sector"),
        placeholder=t("classroom.join.choose"),
    )
    if "sector" in issues:
        st.error(answer_issue_message(issues["sector"]), icon="⚠️")
    _number("active_customers")
    st.radio(
        t("classroom.join.way"),
        options=WAYS,
        format_func={way: t(f"classroom.join.ways.{way}") for way in WAYS}.__getitem__,
        key=WAY,
        horizontal=True,
    )
    _number(st.session_state.get(WAY, WAYS[0]))
    _number("acquisition_cost")
    _number("margin_per_customer")
    st.subheader(t("classroom.join.beliefs"), anchor=False)
    for name in BELIEF_FIELDS:
        _number(name)
    sent = bool(st.session_state.get(SENT))
    st.button(
        t("classroom.join.update" if sent else "classroom.join.send"),
        on_click=_send,
        type="primary",
        width="stretch",
        key="join.send",
    )
    notice = st.session_state.get(JOIN_NOTICE)
    if notice:
        st.error(notice, icon="⚠️")
    elif sent:
        st.success(t("classroom.join.sent"), icon="✅")


def join_page() -> None:
    """The participant's page: join the room, then answer (or correct the answer)."""
    t = state.t
    st.title(t("classroom.join.title"), anchor=False)
    join_from_link()
    current = ticket()
    if current is None:
        st.markdown(t("classroom.join.intro"))
        problem = _join_problem()
        if problem:
            st.error(problem, icon="⚠️")
        code_form()
    else:
        st.markdown(t("classroom.join.in_room", code=format_code(current.code)))
        st.caption(t("classroom.join.privacy"))
        answer_form(current)


# --- the class on the projector ---------------------------------------------------------------

# Seconds between two looks at the room's answers while the class screen is shown.
REFRESH_SECONDS = 2
QR_WIDTH = 320  # pixels on screen: about 9 cm on a 2.5 m projected image, scannable at 10 m
EXPORT_COLUMNS: tuple[str, ...] = ("number", *ANSWER_FIELD_NAMES, "updated_at")

# Our own constant CSS: the room code in projector-sized type (no user text in here).
CSS = """
<style>
.st-key-class_code p { font-size: clamp(2.6rem, 5vw, 4.5rem); font-weight: 800;
  letter-spacing: 0.12em; margin: 0; line-height: 1.1; font-family: monospace; }
.st-key-class_link p { font-size: 1.2rem; margin: 0; overflow-wrap: anywhere; }
</style>
"""


def handout_room() -> tuple[str, str] | None:
    """The open room of this session for the handout's cover: its code as shown and its join
    link; None without a room, or when the app does not know its address."""
    key = trainer_key()
    link = join_link(key.code) if key is not None else None
    return None if key is None or link is None else (format_code(key.code), link)


def share_panel() -> None:
    """The scenario's own link as a QR code: these figures on a participant's phone."""
    link = scenario_tools.overview_link()
    if link is None:
        return
    with st.expander(state.t("classroom.share_title"), icon="🔗"):
        st.image(qr_png(link, QR_WIDTH), output_format="PNG")
        st.caption(state.t("classroom.share_caption"))
        st.text(short_link(link))


def room_answers(key: TrainerKey) -> tuple[RoomStatus | None, list[ClassAnswer], str | None]:
    """The room's status and its answers that pass the rules (the rest left out), or a problem."""
    status = _guarded(lambda: store().room(key))
    if status.problem is not None:
        return None, [], status.problem
    stored = _guarded(lambda: store().answers(key))
    if stored.problem is not None:
        return status.value, [], stored.problem
    answers = []
    for each in stored.value:
        try:
            answers.append(parse_answer(each.values))
        except AnswerError:
            continue  # stored by an older rule, or not by this app: never shown
    return status.value, answers, None


def export_csv(key: TrainerKey) -> str:
    """Every answer of the room as CSV (one row each, formula-like texts escaped)."""
    stored = _guarded(lambda: store().answers(key)).value or []
    rows: list[list[object]] = [list(EXPORT_COLUMNS)]
    for each in stored:
        values = each.values if isinstance(each.values, dict) else {}
        rows.append(
            [
                each.number,
                *(values.get(name, "") for name in ANSWER_FIELD_NAMES),
                each.updated_at.isoformat(timespec="seconds"),
            ]
        )
    return to_csv(rows)


def _use_median(values: dict[str, Any]) -> None:
    """Make the class's median business the scenario (each value checked as typed ones are)."""
    for path, value in values.items():
        state.update_field(path, value)


def room_panel(key: TrainerKey, status: RoomStatus | None) -> None:
    """The room's code, QR code and link in projector size; close, export, delete."""
    t = state.t
    st.html(CSS)
    st.caption(t("classroom.code_label"))
    with st.container(key="class_code"):
        st.markdown(format_code(key.code))
    link = join_link(key.code)
    if link is not None:
        with st.container(key="class_qr"):
            st.image(qr_png(link, QR_WIDTH), output_format="PNG")
        with st.container(key="class_link"):
            st.text(short_link(link))
    if status is not None and status.closed:
        st.info(t("classroom.closed"), icon="🔒")
    elif status is not None:
        st.button(t("classroom.close"), on_click=close_room, key="classroom.close")
    st.download_button(
        t("classroom.export"),
        data=partial(export_csv, key),
        file_name=t("classroom.export_file"),
        mime="text/csv",
        on_click="ignore",
        key="classroom.export",
        icon=":material/download:",
    )
    with st.popover(t("classroom.delete"), icon=":material/delete:"):
        st.markdown(t("classroom.delete_confirm"))
        st.button(
            t("classroom.delete_now"),
            on_click=delete_room,
            type="primary",
            key="classroom.delete_now",
        )


def no_room() -> None:
    """Before a room: what it is, and the button that opens one."""
    t = state.t
    st.markdown(t("classroom.intro"))
    st.button(t("classroom.open"), on_click=open_room, type="primary", key="classroom.open")
    st.caption(t("classroom.privacy"))


@st.fragment(run_every=REFRESH_SECONDS)
def live_class() -> None:
    """The class's numbers, looked at again every `REFRESH_SECONDS` while this screen is shown."""
    key = trainer_key()
    if key is None:
        return
    t = state.t
    f = state.formatter()
    scenario = state.scenario()
    status, answers, problem = room_answers(key)
    if problem is not None:
        st.error(problem, icon="⚠️")
        return
    summary = class_summary(answers, scenario)
    count, clv, lost = st.columns(3)
    count.metric(t("classroom.answers"), f.number(summary.count))
    if summary.count == 0:
        st.info(t("classroom.waiting"), icon="⏳")
        return
    clv.metric(t("classroom.median_clv"), f.money(summary.clv.median or 0))
    lost.metric(t("classroom.margin_lost_total"), f.money(summary.margin_lost.total))
    left, right = st.columns(2)
    charts: tuple[tuple[Any, Spread, str, class_charts.Unit], ...] = (
        (left, summary.retention, "classroom.chart.retention", "percent"),
        (right, summary.clv, "classroom.chart.clv", "money"),
        (left, summary.margin_lost, "classroom.chart.margin_lost", "money"),
        (right, summary.replacement_cost, "classroom.chart.replacement", "money"),
    )
    for column, spread, text, unit in charts:
        # Two short lines, so that a half-width chart on a 1280-pixel projector holds them.
        title = f"{t(text)}<br>{t('classroom.median', value=_shown(spread.median, unit, f))}"
        figure = class_charts.spread_chart(spread, title, unit, f)
        column.plotly_chart(figure, width="stretch", config=plotly_config(text))
    st.subheader(t("classroom.beliefs"), anchor=False)
    beliefs = (
        (left, summary.complaints, "complain_per_100"),
        (right, summary.people_told, "people_told"),
    )
    for column, belief, name in beliefs:
        median = t("classroom.median", value=_shown(belief.answers.median, "number", f))
        compared = t(
            "classroom.belief.compared", over=f.number(belief.over), under=f.number(belief.under)
        )
        reference = t(f"classroom.belief.{name}_reference", value=f.number(belief.reference))
        figure = class_charts.belief_chart(belief, f"{median}<br>{compared}", reference, f)
        with column:
            # The question wraps as text; the chart's title keeps to two short lines.
            st.markdown(f"**{t(f'classroom.belief.{name}')}**")
            st.plotly_chart(figure, width="stretch", config=plotly_config(name))
            if belief.source is not None:
                present.caveat(belief.source)
    values = class_median_values(summary, scenario)
    if st.button(
        t("classroom.use_median", count=f.number(summary.count)),
        type="primary",
        key="classroom.use_median",
        help=t("classroom.use_median_help"),
    ):
        _use_median(values)
        _notify(t("classroom.median_used", count=f.number(summary.count)), done=True)
        st.rerun()
    if status is not None and status.closed:
        st.caption(t("classroom.closed"))


def _shown(value: float | None, unit: class_charts.Unit, f: Formatter) -> str:
    return "—" if value is None else class_charts.value_text(unit, f)(value)


def class_screen() -> None:
    """Trainer mode's class screen: open a room, show its code, the class's numbers live."""
    notice = pop_notice()
    if notice is not None and notice[0]:
        st.success(notice[1], icon="✅")
    elif notice is not None:
        st.error(notice[1], icon="⚠️")
    key = trainer_key()
    if key is None:
        no_room()
        share_panel()
        return
    status = _guarded(lambda: store().room(key))
    if status.problem is not None:
        st.error(status.problem, icon="⚠️")
    left, right = st.columns((4, 8), gap="large")
    with left:
        room_panel(key, status.value)
        share_panel()
    with right:
        live_class()


LANG_SWITCH = "join.lang"


def _on_lang_switch() -> None:
    state.set_lang(st.session_state[LANG_SWITCH])


def language_switch() -> None:
    """The language choice at the top of the join page (a phone shows no sidebar)."""
    st.session_state[LANG_SWITCH] = state.lang()
    st.radio(
        state.t("sidebar.language"),
        options=LANGS,
        format_func={code: state.t(f"lang.{code}") for code in LANGS}.__getitem__,
        key=LANG_SWITCH,
        horizontal=True,
        on_change=_on_lang_switch,
        label_visibility="collapsed",
    )
