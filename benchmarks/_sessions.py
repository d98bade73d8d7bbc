"""Many concurrent app sessions over Streamlit's own websocket protocol, each checking its numbers.

Used by ``benchmarks/load.py`` (30 sessions, timed, memory sampled) and by
``tests/e2e/test_isolation.py`` (5 sessions, no timing).

Why the websocket protocol and not browser contexts: on this 2-core machine, 30 Chromium
contexts would each run the React frontend and Plotly on the same two cores as the server, so the
figures would measure the browsers rather than the server (in a classroom the 30 browsers run on
30 laptops). This client speaks what the frontend speaks on ``/_stcore/stream``: it sends
``BackMsg.rerun_script`` with a ``ClientState`` (query string, page, widget states, browser
context) and reads the ``ForwardMsg`` stream (``new_session``, ``navigation``, deltas with the
elements, ``page_info_changed`` for the URL, ``script_finished``). The server therefore does
exactly the work a browser causes: one session per connection, the widget's ``on_change``
callback, the full script run, every element serialised and sent. What it does not cover is
drawing in a browser, which the browser tests in ``tests/e2e`` cover.

Like the frontend, a session keeps the last value of every number input it was sent and sends
them all with each rerun, the changed one with its new value. Selectors and text inputs it never
touches are left out; the server keeps their values (as it does for any widget missing from a
rerun request).

Session k = 1, 2, … (English for even k, Italian for odd k) does six steps, waiting for each
run to finish, as a person would:

0. opens the app at ``/?lang=..``: Overview with the defaults;
1. types active customers 1000 + 37·k on Overview;
2. types retention 60 + (k mod 20) % on Overview;
3. goes to Acquisition vs retention (the menu link: a rerun with that page's hash and, as the
   frontend does on a page switch, no query string and none of the old page's inputs);
4. types acquisition cost 100 + 7·k there;
5. goes back to Overview.

None of these values is a default (1000, 80 %, 250), so every step changes something.

After every step it checks what it was sent against the numbers the calculators give for its
own inputs, formatted as the page formats them: the metrics "Customers lost per year" and "Cost
of replacing them, per year" (Overview) and "Replacing the customers lost" (Acquisition), the
values the inputs show, and the scenario values in its URL. A value that is wrong is cross-talk
when it is one that another session, and never this one, should see; any other wrong value,
a missing metric, a Python exception or error box on the page, a timeout or a dropped
connection is an error.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from google.protobuf.message import DecodeError
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Subprotocol

from calculators.reports import acquisition_report, overview_report
from calculators.scenario import FIELDS, Scenario, apply_values, default_scenario, flatten
from ui.fmt import Formatter
from ui.i18n import LANGS, translate
from ui.state import LANG_PARAM, url_value
from ui.widgets import from_display, to_display, widget_key

OVERVIEW = ""  # the default page's URL path
ACQUISITION = "acquisition_vs_retention"
LOCALES = {"en": "en-US", "it": "it-IT"}
STEP_TIMEOUT_S = 60.0  # one run, however busy the server; beyond it the step is an error
CONNECT_TIMEOUT_S = 30.0

# What a session reads back. Metrics by their i18n key (the label is looked up per language).
LOST = "overview.lost.label"
REPLACEMENT_OVERVIEW = "overview.replacement.label"
REPLACEMENT_ACQUISITION = "acq.year.replacement"
METRICS = {OVERVIEW: (LOST, REPLACEMENT_OVERVIEW), ACQUISITION: (REPLACEMENT_ACQUISITION,)}
CUSTOMERS = "business.active_customers"
RETENTION = "business.retention"
ACQUISITION_COST = "business.acquisition_cost"
FIELDS_SHOWN = {
    OVERVIEW: (CUSTOMERS, RETENTION, ACQUISITION_COST),
    ACQUISITION: (RETENTION, ACQUISITION_COST),
}
URL_FIELDS = (CUSTOMERS, RETENTION, ACQUISITION_COST)
ABSENT = "(absent)"

# Session k's own inputs (k = 1, 2, …): the customer count and the acquisition cost differ for
# every k, retention repeats every 20 sessions; none equals its default (1000, 80 %, 250).
BASE_CUSTOMERS, CUSTOMERS_STEP = 1000, 37
BASE_RETENTION_PERCENT, RETENTION_CYCLE = 60, 20
BASE_ACQUISITION_COST, ACQUISITION_COST_STEP = 100, 7

# An observation: ("metric", "<lang>:<i18n key>"), ("input", field path) or ("url", field path).
Observed = tuple[str, str]


@dataclass(frozen=True)
class Step:
    """One thing a session does, and what it must see once the run it causes has finished."""

    name: str
    page: str  # the page shown after the step (URL path)
    field: str | None  # the input typed into, None for opening or changing page
    typed: float | None  # the value typed, as the input shows it (percent for retention)
    expected: Mapping[Observed, str]
    timed: Observed | None  # the result whose arrival times the step


@dataclass(frozen=True)
class Plan:
    index: int
    lang: str
    steps: tuple[Step, ...]

    def values(self) -> set[tuple[Observed, str]]:
        return {(seen, value) for step in self.steps for seen, value in step.expected.items()}


@dataclass
class SessionOutcome:
    index: int
    steps_done: int = 0
    checks_passed: int = 0
    errors: list[str] = field(default_factory=list)
    cross_talk: list[str] = field(default_factory=list)
    input_to_result_s: list[float] = field(default_factory=list)
    page_switch_s: list[float] = field(default_factory=list)
    first_page_s: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class LoadResult:
    sessions: tuple[SessionOutcome, ...]
    steps_per_session: int
    checks_per_session: tuple[int, ...]
    wall_s: float

    @property
    def errors(self) -> list[str]:
        return [error for outcome in self.sessions for error in outcome.errors]

    @property
    def cross_talk(self) -> list[str]:
        return [seen for outcome in self.sessions for seen in outcome.cross_talk]

    @property
    def completed(self) -> int:
        return sum(outcome.steps_done == self.steps_per_session for outcome in self.sessions)

    def samples(self, kind: str) -> list[float]:
        return [value for outcome in self.sessions for value in getattr(outcome, kind)]


# --- What each session should see -----------------------------------------------------------


def session_inputs(index: int) -> dict[str, float]:
    """Session `index`'s own values (index ≥ 1), as typed into the inputs (retention in %)."""
    return {
        CUSTOMERS: BASE_CUSTOMERS + CUSTOMERS_STEP * index,
        RETENTION: BASE_RETENTION_PERCENT + index % RETENTION_CYCLE,
        ACQUISITION_COST: BASE_ACQUISITION_COST + ACQUISITION_COST_STEP * index,
    }


def session_lang(index: int) -> str:
    return ("en", "it")[index % 2]


def _typed(scenario: Scenario, path: str, shown: float) -> Scenario:
    """The scenario after typing `shown` into the input of `path`, converted as the app does."""
    new, issues = apply_values(scenario, {path: from_display(FIELDS[path], shown)})
    if issues:
        raise ValueError(f"session input {path}={shown} rejected: {issues[0].kind}")
    return new


def input_text(value: float) -> str:
    """A number input's value in a form that compares equal however it was sent (1037 = 1037.0)."""
    return f"{float(value):.9g}"


def expected_on(page: str, scenario: Scenario, lang: str) -> dict[Observed, str]:
    """The checked results, input values and URL values of `page` showing `scenario` in `lang`."""
    f = Formatter(lang, scenario.business.currency)
    seen: dict[Observed, str] = {}
    if page == OVERVIEW:
        report = overview_report(scenario)
        seen["metric", f"{lang}:{LOST}"] = f.number(report.customers_lost)
        seen["metric", f"{lang}:{REPLACEMENT_OVERVIEW}"] = f.money(report.replacement_cost)
    else:
        churn = acquisition_report(scenario).churn
        seen["metric", f"{lang}:{REPLACEMENT_ACQUISITION}"] = f.money(churn.replacement_cost)
    values = flatten(scenario)
    defaults = flatten(default_scenario())
    for path in FIELDS_SHOWN[page]:
        seen["input", path] = input_text(to_display(FIELDS[path], values[path]))
    for path in URL_FIELDS:
        changed = values[path] != defaults[path]
        seen["url", path] = url_value(values[path]) if changed else ABSENT
    seen["url", LANG_PARAM] = lang
    return seen


def session_plan(index: int) -> Plan:
    """The steps of session `index` and what each must show, from the calculators."""
    lang = session_lang(index)
    typed = session_inputs(index)
    scenario = default_scenario()
    steps = [Step("open", OVERVIEW, None, None, expected_on(OVERVIEW, scenario, lang), None)]
    lost = ("metric", f"{lang}:{LOST}")
    replacement = ("metric", f"{lang}:{REPLACEMENT_ACQUISITION}")
    for name, page, path, timed in (
        ("customers", OVERVIEW, CUSTOMERS, lost),
        ("retention", OVERVIEW, RETENTION, lost),
        ("to acquisition", ACQUISITION, None, None),
        ("acquisition cost", ACQUISITION, ACQUISITION_COST, replacement),
        ("to overview", OVERVIEW, None, None),
    ):
        if path is not None:
            scenario = _typed(scenario, path, typed[path])
        value = None if path is None else typed[path]
        steps.append(Step(name, page, path, value, expected_on(page, scenario, lang), timed))
    return Plan(index, lang, tuple(steps))


def foreign_values(plans: list[Plan]) -> dict[int, dict[Observed, set[str]]]:
    """For each session: the values other sessions should see and it never should."""
    own = {plan.index: plan.values() for plan in plans}
    everyone: dict[Observed, set[str]] = defaultdict(set)
    for values in own.values():
        for seen, value in values:
            everyone[seen].add(value)
    return {
        index: {
            seen: {value for value in values if (seen, value) not in own[index]}
            for seen, values in everyone.items()
        }
        for index in own
    }


# --- One session over the websocket ---------------------------------------------------------


@dataclass
class Run:
    """What one script run sent: observations in arrival order, problems on the page."""

    started: float
    observed: list[tuple[Observed, str, float]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    finished: bool = False
    seconds: float = 0.0  # from the request to the end of the run


def _metric_keys() -> dict[str, str]:
    """``{label as shown: "<lang>:<i18n key>"}`` for the checked metrics, in both languages."""
    keys = [key for page_keys in METRICS.values() for key in page_keys]
    return {translate(lang, key): f"{lang}:{key}" for lang in LANGS for key in keys}


METRIC_KEYS = _metric_keys()
INPUT_PATHS = {widget_key(path): path for path in FIELDS}


def _field_of(widget_id: str) -> str | None:
    """The scenario field of an input, from its widget id (``$$ID-<hash>-input.<path>``)."""
    for key, path in INPUT_PATHS.items():
        if widget_id.endswith(f"-{key}"):
            return path
    return None


class Session:
    """One user's tab: a websocket, the URL's query string, the inputs' last values."""

    def __init__(self, connection: ClientConnection, base_url: str, lang: str) -> None:
        self.connection = connection
        self.base_url = base_url
        self.lang = lang
        self.query = urlencode({LANG_PARAM: lang})
        self.page_hashes: dict[str, str] = {}  # URL path -> page script hash, from `navigation`
        self.main_script_hash = ""
        # As the frontend keeps them: widget id -> (last state, hash of the script that drew it).
        self.inputs: dict[str, tuple[WidgetState, str]] = {}

    def _rerun(self, page: str, *, keep_page_inputs: bool) -> BackMsg:
        """The request the frontend sends; on a page switch it drops the old page's inputs."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.context_info.locale = LOCALES[self.lang]
        state.context_info.timezone = "UTC"
        query = f"?{self.query}" if self.query else ""
        state.context_info.url = f"{self.base_url}/{page}{query}"
        if page in self.page_hashes:
            state.page_script_hash = self.page_hashes[page]
        else:
            state.page_name = page
        state.widget_states.widgets.extend(
            widget
            for widget, script_hash in self.inputs.values()
            if keep_page_inputs or script_hash == self.main_script_hash
        )
        return msg

    async def open(self) -> Run:
        return await self._run(self._rerun(OVERVIEW, keep_page_inputs=True))

    async def go_to(self, page: str) -> Run:
        """Click the page in the menu: the frontend starts the new page with no query string."""
        self.query = ""
        return await self._run(self._rerun(page, keep_page_inputs=False))

    async def type_number(self, page: str, path: str, value: float) -> Run:
        """Type `value` into the input of `path` and press Enter."""
        widget_id = next((wid for wid in self.inputs if _field_of(wid) == path), None)
        if widget_id is None:
            run = Run(started=time.perf_counter())
            run.problems.append(f"no input for {path} on the page")
            return run
        # The frontend sends every number, integer inputs too, as a double.
        typed = WidgetState(id=widget_id, double_value=float(value))
        self.inputs[widget_id] = (typed, self.inputs[widget_id][1])
        return await self._run(self._rerun(page, keep_page_inputs=True))

    async def _run(self, msg: BackMsg) -> Run:
        run = Run(started=time.perf_counter())
        await self.connection.send(msg.SerializeToString())
        seen_inputs: dict[str, tuple[WidgetState, str]] = {}
        try:
            async with asyncio.timeout(STEP_TIMEOUT_S):
                while not run.finished:
                    data = await self.connection.recv()
                    self._read(data, run, seen_inputs)
        except TimeoutError:
            run.problems.append(f"no end of run within {STEP_TIMEOUT_S:.0f} s")
        if run.finished:
            # The frontend forgets the inputs a finished run did not draw.
            self.inputs = seen_inputs
        return run

    def _read(
        self, data: bytes | str, run: Run, seen_inputs: dict[str, tuple[WidgetState, str]]
    ) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(data if isinstance(data, bytes) else data.encode())
        now = time.perf_counter() - run.started
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            self._read_element(element, msg.metadata.active_script_hash, run, seen_inputs, now)
        elif kind == "new_session":
            self.main_script_hash = msg.new_session.main_script_hash
        elif kind == "navigation":
            for page in msg.navigation.app_pages:
                self.page_hashes[page.url_pathname] = page.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            run.problems.append("page not found")
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run.problems.append("script compile error")
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                run.finished = True
                run.seconds = now
                for path, value in self.url_values().items():
                    run.observed.append((("url", path), value, now))

    def _read_element(
        self,
        element: Element,
        script_hash: str,
        run: Run,
        seen_inputs: dict[str, tuple[WidgetState, str]],
        now: float,
    ) -> None:
        kind = element.WhichOneof("type")
        if kind == "metric" and element.metric.label in METRIC_KEYS:
            observed = ("metric", METRIC_KEYS[element.metric.label])
            run.observed.append((observed, element.metric.body, now))
        elif kind == "number_input":
            number = element.number_input
            # As the frontend: a value the server sets wins, else the input keeps what it
            # shows (what the user typed), else it starts at its default.
            if number.set_value and number.HasField("value"):
                value = number.value
            elif number.id in self.inputs:
                value = self.inputs[number.id][0].double_value
            else:
                value = number.default
            seen_inputs[number.id] = (WidgetState(id=number.id, double_value=value), script_hash)
            path = _field_of(number.id)
            if path is not None:
                run.observed.append((("input", path), input_text(value), now))
        elif kind == "exception":
            run.problems.append(f"exception on the page: {element.exception.message}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            run.problems.append(f"error message on the page: {element.alert.body}")

    def url_values(self) -> dict[str, str]:
        params = dict(parse_qsl(self.query, keep_blank_values=True))
        return {path: params.get(path, ABSENT) for path in (*URL_FIELDS, LANG_PARAM)}


def check_run(
    run: Run, step: Step, foreign: Mapping[Observed, set[str]], outcome: SessionOutcome
) -> None:
    """Compare what a run showed with the step's expectations; record errors and cross-talk."""
    where = f"session {outcome.index} step {step.name!r}"
    outcome.errors.extend(f"{where}: {problem}" for problem in run.problems)
    for seen, value, _ in run.observed:
        if value in foreign.get(seen, ()):
            outcome.cross_talk.append(f"{where}: {seen[0]} {seen[1]} showed {value!r}")
    for seen, want in step.expected.items():
        shown = [value for key, value, _ in run.observed if key == seen]
        if not shown:
            outcome.errors.append(f"{where}: {seen[0]} {seen[1]} not shown")
        elif all(value == want for value in shown):
            outcome.checks_passed += 1
        else:
            wrong = [value for value in shown if value != want and value not in foreign[seen]]
            if wrong:
                outcome.errors.append(f"{where}: {seen[0]} {seen[1]} {wrong!r}, want {want!r}")
    if step.timed is not None:
        # Timed to the arrival of the result, if the run showed only the right value for it.
        shown = [(value, t) for key, value, t in run.observed if key == step.timed]
        if shown and all(value == step.expected[step.timed] for value, _ in shown):
            outcome.input_to_result_s.append(shown[0][1])


async def drive_session(
    base_url: str,
    plan: Plan,
    foreign: Mapping[Observed, set[str]],
    think_s: float,
    start: asyncio.Event,
) -> SessionOutcome:
    """Run one session's plan; never raises (a failure is an error in the outcome)."""
    outcome = SessionOutcome(plan.index)
    pause = random.Random(plan.index)  # the same pauses on every run of the benchmark
    stream = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
    await start.wait()
    try:
        async with connect(
            stream,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            proxy=None,  # loopback only, whatever the environment says
            open_timeout=CONNECT_TIMEOUT_S,
            ping_interval=None,
        ) as connection:
            session = Session(connection, base_url, plan.lang)
            for number, step in enumerate(plan.steps):
                if number and think_s:
                    await asyncio.sleep(pause.uniform(0, think_s))
                if step.name == "open":
                    run = await session.open()
                elif step.field is None:
                    run = await session.go_to(step.page)
                else:
                    run = await session.type_number(step.page, step.field, step.typed or 0.0)
                check_run(run, step, foreign, outcome)
                if not run.finished:
                    break
                outcome.steps_done += 1
                if step.name == "open":
                    outcome.first_page_s.append(run.seconds)
                elif step.field is None:
                    outcome.page_switch_s.append(run.seconds)
    except (OSError, WebSocketException, TimeoutError, DecodeError) as exc:
        outcome.errors.append(f"session {plan.index}: connection: {exc!r}")
    return outcome


async def drive(base_url: str, count: int, think_s: float) -> LoadResult:
    plans = [session_plan(index) for index in range(1, count + 1)]
    foreign = foreign_values(plans)
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(drive_session(base_url, plan, foreign[plan.index], think_s, start))
        for plan in plans
    ]
    started = time.perf_counter()
    start.set()  # everyone opens the link at once
    outcomes = await asyncio.gather(*tasks)
    return LoadResult(
        sessions=tuple(outcomes),
        steps_per_session=len(plans[0].steps) if plans else 0,
        checks_per_session=tuple(sum(len(step.expected) for step in plan.steps) for plan in plans),
        wall_s=time.perf_counter() - started,
    )


def run_sessions(base_url: str, count: int, think_s: float = 0.0) -> LoadResult:
    """Drive `count` concurrent sessions against the app at `base_url` (``http://host:port``).

    Runs in a thread of its own with a fresh event loop, so it works the same from a script, a
    plain test or next to Playwright's sync API.
    """
    result: list[LoadResult] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(drive(base_url, count, think_s)))
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=target, name="load-sessions")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return result[0]


# --- Server memory, from /proc ---------------------------------------------------------------


def _status_kb(pid: int, field_name: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(f"{field_name}:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> Iterator[int]:
    """Children of every thread of `pid` (a child belongs to the thread that started it)."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children", encoding="ascii") as handle:
                yield from (int(child) for child in handle.read().split())
        except OSError:
            continue


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(_children(current))
    return tree


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants now, in MB."""
    return sum(_status_kb(member, "VmRSS") for member in process_tree(pid)) / 1024


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of resident memory of `pid` and its descendants, in MB."""
    return sum(_status_kb(member, "VmHWM") for member in process_tree(pid)) / 1024


class MemorySampler:
    """Samples the RSS of a process tree every `interval_s` in a thread; keeps the peak."""

    def __init__(self, pid: int, interval_s: float = 0.05) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="rss-sampler", daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self.samples += 1
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


__all__ = [
    "LoadResult",
    "MemorySampler",
    "SessionOutcome",
    "peak_rss_mb",
    "run_sessions",
    "session_plan",
    "tree_rss_mb",
]
