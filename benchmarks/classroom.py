"""A live class on one server: a projector and N phones answering at once (issue #15).

    /work/venv/bin/python benchmarks/classroom.py [--participants 30] [--think 5] [--repeat 1]
                                                  [--no-postgres]

For each database back end (SQLite in a temporary data folder; PostgreSQL too when Debian's
server is installed, ``devtools/postgres.py``) and each repeat, a fresh
``streamlit run streamlit_app.py`` (``devtools/server.py``) is driven over Streamlit's websocket
protocol (``devtools/protocol.py``, which says why not browsers):

1. the projector opens the trainer's class screen (``/present?step=class``), clicks "Open a
   room" and reads the room code from the link printed under the QR code;
2. the participants connect at the same moment, each opening the QR link (``/join?room=CODE``,
   no language in it: half the phones have an Italian browser, half an English one); then
   each, pausing up to ``--think`` seconds before every step (the same pauses on every run),
   picks a sector, types its numbers (one in three gives its retention, the others the
   customers it lost, as the radio offers), one rerun per input as a phone sends them, and
   presses Send;
3. meanwhile the projector stays on the screen: its ``st.fragment(run_every=2)`` is rerun on
   the frontend's timer, and the count "Answers received" of each rerun is recorded as it
   arrives, until the count takes in every answer sent (or `DRAIN_S` passes).

Prints per back end (and repeat) a title line, then one line each:

- ``answers stored: N of M``: answers in the database for this room that match a
  participant's own numbers (read directly with SQLAlchemy, read-only), of the M participants
  who pressed Send; the projector's last count is printed beside it;
- ``lost: K``: participants who pressed Send and whose answer is not in the database;
- ``join first open p95: X s``: from the websocket connect to the end of the first run of the
  join page that shows the answer form;
- ``answer to projector p95: Y s``: from the end of a participant's Send run to the arrival of
  the first projector count that includes that answer (an answer numbered n is in every count
  ≥ n; a count that arrived before the Send run ended counts as 0 s);
- ``server memory peak: Z MB``: the kernel's high-water mark of the server process and its
  children (``devtools/memory.py``), or the 50 ms samples' peak if higher;

then indented details (p50 and max, the steps' reruns, the fragment's reruns, problems) and the
targets of issue #15 (all stored, 0 lost, first open p95 ≤ 2 s, answer to projector p95 ≤ 3 s,
≤ 500 MB). The machine's load average is printed before and after each block: the machine is
shared, and a busy one makes every figure worse.

The server is fresh: apart from the projector's two runs, the phones' first runs are the first
of the join page, as for the first class after a server (or a Community Cloud container) starts.

The app finds its database as it would in production: ``RETENTION_LAB_DATA_DIR`` (a temporary
folder) for SQLite, and for PostgreSQL ``[connections.classroom] url`` in a secrets file written
to a temporary folder and given to the server with ``--secrets.files`` (Streamlit's option; it
then reads no other secrets file, so a developer's own ``.streamlit/secrets.toml`` is left out
of both runs). Nothing is written into the repository.

Asserts nothing (exit code 0; a run that fails shows as figures and problems). Bounded:
N ≤ 200 participants, each step given at most ``devtools.protocol.STEP_TIMEOUT_S``; loopback
only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select  # noqa: E402

from calculators.classroom import SECTORS, parse_answer  # noqa: E402
from classroom.store import (  # noqa: E402
    DATA_DIR_ENV,
    SQLITE_FILE,
    answers_table,
    database_url,
    rooms_table,
)
from devtools import postgres  # noqa: E402
from devtools.memory import MemorySampler, peak_rss_mb, tree_rss_mb  # noqa: E402
from devtools.protocol import CONNECTION_ERRORS, Run, Session, Watch  # noqa: E402
from devtools.server import running_app  # noqa: E402
from ui.classroom import ROOM_PARAM, WAYS  # noqa: E402
from ui.i18n import LANGS, translate  # noqa: E402
from ui.state import LANG_PARAM  # noqa: E402

Backend = Literal["SQLite", "PostgreSQL"]

PARTICIPANTS = 30
MAX_PARTICIPANTS = 200
THINK_S = 5.0  # as benchmarks/load.py's classroom: reading a label, typing the next number
MAX_THINK_S = 30.0
REPEAT = 1
MAX_REPEAT = 20
HEALTH_TIMEOUT_S = 60.0
# After the last Send, how long the projector may take to count every answer before we stop
# looking (the fragment reruns every 2 s: this is many reruns).
DRAIN_S = 30.0
POLL_S = 0.05

# Targets of issue #15 on this machine.
FIRST_OPEN_TARGET_S = 2.0
PROJECTOR_TARGET_S = 3.0
MEMORY_TARGET_MB = 500.0
P95 = 0.95
SHOWN_PROBLEMS = 10

# The pages and widgets the benchmark drives (ui/classroom.py, pages/present.py, pages/join.py).
PRESENT_PAGE = "present"
PRESENT_QUERY = "step=class"
JOIN_PAGE = "join"
OPEN_BUTTON = "classroom.open"
SECTOR_KEY = "join.sector"
WAY_KEY = "join.way"
SEND_BUTTON = "join.send"
INPUT_PREFIX = "join."
ANSWERS_METRIC = "classroom.answers"  # i18n key of the projector's count
SENT_NOTICE = "classroom.join.sent"  # i18n key of the success box after Send
PROJECTOR_LANG = "en"
EVEN_LANG, ODD_LANG = "en", "it"  # as benchmarks/load.py's sessions
LOCALES = {"en": "en-US", "it": "it-IT"}
# The room code in the link printed under the QR code (``…/join?room=CODE&lang=..``).
CODE_IN_LINK = re.compile(rf"[?&]{ROOM_PARAM}=([A-Z0-9]+)")

# Participant k's own numbers (k = 1, 2, …), as typed: active customers differ for every k (so a
# stored answer tells whose it is); the rest vary too, none is a field's default.
BASE_CUSTOMERS, CUSTOMERS_STEP = 1000, 37
BASE_LOST, LOST_STEP = 100, 3
BASE_RETENTION_PERCENT, RETENTION_CYCLE = 60, 30
BASE_ACQUISITION_COST, ACQUISITION_COST_STEP = 100, 7
BASE_MARGIN, MARGIN_STEP = 200, 11
BASE_COMPLAIN, COMPLAIN_CYCLE = 1, 20
BASE_TOLD, TOLD_CYCLE = 2, 15
RETENTION_EVERY = 3  # every third participant gives its retention instead of customers lost
PERCENT = 100


@dataclass(frozen=True)
class Participant:
    """What participant `index` types, in the order a phone's user fills the form.

    `typed`: number inputs by answer field, as the inputs show them (retention in %);
    `way`: the radio's choice, an index into `ui.classroom.WAYS`.
    """

    index: int
    lang: str
    sector: int  # index into SECTORS
    way: int
    typed: dict[str, float]

    @staticmethod
    def query(code: str) -> str:
        """The query string of the QR link to room `code` (the phone's browser picks the
        language: `lang` is its locale's)."""
        return urlencode({ROOM_PARAM: code})

    def answer_values(self) -> dict[str, Any]:
        """The answer as the join page hands it to the store (model units: retention 0.63)."""
        values: dict[str, Any] = {"sector": SECTORS[self.sector]}
        for name, shown in self.typed.items():
            values[name] = shown / PERCENT if name == "retention" else shown
        return values


def participant(index: int) -> Participant:
    """Participant `index`'s answer (index ≥ 1); English for even, Italian for odd indices.

    >>> third = participant(3)
    >>> third.lang, WAYS[third.way], third.typed["retention"], third.typed["active_customers"]
    ('it', 'retention', 63, 1111)
    >>> participant(2).typed["lost_customers"]
    106
    """
    gives_retention = index % RETENTION_EVERY == 0
    way = WAYS.index("retention" if gives_retention else "lost_customers")
    typed: dict[str, float] = {"active_customers": BASE_CUSTOMERS + CUSTOMERS_STEP * index}
    if gives_retention:
        typed["retention"] = BASE_RETENTION_PERCENT + index % RETENTION_CYCLE
    else:
        typed["lost_customers"] = BASE_LOST + LOST_STEP * index
    typed |= {
        "acquisition_cost": BASE_ACQUISITION_COST + ACQUISITION_COST_STEP * index,
        "margin_per_customer": BASE_MARGIN + MARGIN_STEP * index,
        "complain_per_100": BASE_COMPLAIN + index % COMPLAIN_CYCLE,
        "people_told": BASE_TOLD + index % TOLD_CYCLE,
    }
    lang = EVEN_LANG if index % 2 == 0 else ODD_LANG
    return Participant(index, lang, index % len(SECTORS), way, typed)


def owner_of(values: dict[str, Any], participants: Sequence[Participant]) -> int | None:
    """Whose answer a stored row is: the participant with its (unique) active customers.

    >>> owner_of({"active_customers": 1074}, [participant(1), participant(2)])
    2
    """
    for each in participants:
        if values.get("active_customers") == each.typed["active_customers"]:
            return each.index
    return None


@dataclass
class ParticipantOutcome:
    """What one phone did and saw; times are ``time.perf_counter()`` of this process."""

    index: int
    first_open_s: float | None = None  # connect → end of the first run showing the form
    step_s: list[float] = field(default_factory=list)  # each input's rerun, request → end
    pressed_at: float | None = None  # Send clicked
    sent_at: float | None = None  # the Send run ended
    send_s: float | None = None
    confirmed: bool = False  # the page said the answer was sent
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Update:
    """One projector count, as it arrived (``perf_counter``), and its fragment run's length."""

    at: float
    count: int
    run_s: float


@dataclass
class ClassRun:
    """Everything one class run gave: the room, the phones, the projector's counts."""

    code: str | None
    participants: list[ParticipantOutcome]
    updates: list[Update]
    projector_problems: list[str]
    wall_s: float


def percentile(samples: Sequence[float], share: float = P95) -> float:
    """The `share` quantile, linear between ranks (``statistics.quantiles``' inclusive method).

    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0])
    4.8
    >>> percentile([2.5])
    2.5
    """
    if len(samples) == 1:
        return samples[0]
    ordered = sorted(samples)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def projector_delays(
    sent_at: dict[int, float], numbers: dict[int, int], updates: Sequence[Update]
) -> tuple[list[float], list[int]]:
    """For each participant whose answer is stored (`numbers`: index → its answer's number,
    1, 2, … in the order the store took them), the time from its Send run's end (`sent_at`)
    to the first count ≥ its number; 0 when such a count came first. Also those never shown.

    >>> updates = [Update(10.0, 1, 0.1), Update(12.0, 3, 0.1)]
    >>> projector_delays({7: 9.5, 8: 10.5, 9: 11.0}, {7: 1, 8: 2, 9: 4}, updates)
    ([0.5, 1.5], [9])
    >>> projector_delays({7: 10.2}, {7: 1}, updates)  # shown before the phone's run ended
    ([0.0], [])
    """
    delays: list[float] = []
    missing: list[int] = []
    for index, number in sorted(numbers.items()):
        if index not in sent_at:
            continue
        shown = next((update.at for update in updates if update.count >= number), None)
        if shown is None:
            missing.append(index)
        else:
            delays.append(max(0.0, shown - sent_at[index]))
    return delays, missing


def match_answers(
    stored: Sequence[tuple[int, dict[str, Any]]], participants: Sequence[Participant]
) -> tuple[dict[int, int], list[str]]:
    """Which participant's answer each stored row is, with its number (index → number), and
    the rows that are nobody's or hold other numbers than the participant typed.

    >>> first, second = participant(1), participant(2)
    >>> stored = [(1, {**first.answer_values(), "people_told": 4}), (2, second.answer_values())]
    >>> match_answers(stored, [first, second])
    ({2: 2}, ["answer 1 is phone 1's but differs from what it typed"])
    """
    numbers: dict[int, int] = {}
    problems: list[str] = []
    for number, values in stored:
        owner = owner_of(values, participants)
        if owner is None:
            problems.append(f"answer {number} is none of the phones'")
            continue
        expected = next(each for each in participants if each.index == owner)
        # What the join page stores for the numbers typed: the model's reading of them.
        if values != parse_answer(expected.answer_values()).to_values():
            problems.append(f"answer {number} is phone {owner}'s but differs from what it typed")
            continue
        numbers[owner] = number
    return numbers, problems


# --- driving the class ----------------------------------------------------------------------


def _run_problems(run: Run, what: str) -> list[str]:
    problems = [f"{what}: {problem}" for problem in run.problems]
    if not run.finished and not problems:
        problems.append(f"{what}: the run did not end")
    return problems


async def drive_participant(
    base_url: str, code: str, plan: Participant, think_s: float, start: asyncio.Event
) -> ParticipantOutcome:
    """One phone: open the QR link, fill the form one input at a time, press Send."""
    outcome = ParticipantOutcome(plan.index)
    pause = random.Random(plan.index)  # the same pauses on every run of the benchmark
    watch = Watch(
        metrics={},
        inputs={f"{INPUT_PREFIX}{name}": name for name in plan.typed},
        url_params=(),
        texts=True,
    )
    query = plan.query(code)
    await start.wait()
    connected = time.perf_counter()
    try:
        async with Session.connect(base_url, query, LOCALES[plan.lang], watch) as phone:
            run = await phone.open(JOIN_PAGE)
            outcome.problems += _run_problems(run, f"phone {plan.index} open")
            if phone.widget_id(SEND_BUTTON) is None:
                outcome.problems.append(f"phone {plan.index}: the first run shows no answer form")
                return outcome
            outcome.first_open_s = time.perf_counter() - connected

            async def step(what: str, action: Awaitable[Run]) -> bool:
                if think_s:
                    await asyncio.sleep(pause.uniform(0, think_s))
                run = await action
                outcome.problems += _run_problems(run, f"phone {plan.index} {what}")
                outcome.step_s.append(run.seconds)
                return run.finished and not run.problems

            if not await step("sector", phone.choose(JOIN_PAGE, SECTOR_KEY, plan.sector)):
                return outcome
            way = WAYS[plan.way]  # the radio starts on the first way
            if way != WAYS[0] and not await step(way, phone.choose(JOIN_PAGE, WAY_KEY, plan.way)):
                return outcome
            for name, value in plan.typed.items():
                if not await step(name, phone.type_number(JOIN_PAGE, name, value)):
                    return outcome
            if think_s:
                await asyncio.sleep(pause.uniform(0, think_s))
            outcome.pressed_at = time.perf_counter()
            run = await phone.click(JOIN_PAGE, SEND_BUTTON)
            outcome.problems += _run_problems(run, f"phone {plan.index} send")
            if run.finished:
                outcome.sent_at = run.started + run.seconds
                outcome.send_s = run.seconds
                outcome.confirmed = translate(plan.lang, SENT_NOTICE) in run.texts
                if not outcome.confirmed:
                    outcome.problems.append(f"phone {plan.index}: no 'sent' notice after Send")
    except CONNECTION_ERRORS as exc:
        outcome.problems.append(f"phone {plan.index}: connection: {exc!r}")
    return outcome


def _count(run: Run) -> int | None:
    """The last "Answers received" count of a projector run (the metric shows a whole number)."""
    counts = [value for (kind, _), value, _ in run.observed if kind == "metric"]
    digits = re.sub(r"\D", "", counts[-1]) if counts else ""
    return int(digits) if digits else None


def _update(run: Run) -> Update | None:
    counts = [(at, value) for (kind, _), value, at in run.observed if kind == "metric"]
    count = _count(run)
    if count is None:
        return None
    return Update(run.started + counts[-1][0], count, run.seconds)


async def drive_class(base_url: str, count: int, think_s: float) -> ClassRun:
    """The projector opens a room; `count` phones join at once and answer; the projector
    watches its count until it holds every answer sent."""
    watch = Watch(
        metrics={translate(lang, ANSWERS_METRIC): "answers" for lang in LANGS},
        inputs={},
        url_params=(),
        texts=True,
    )
    query = f"{PRESENT_QUERY}&{LANG_PARAM}={PROJECTOR_LANG}"
    updates: list[Update] = []
    problems: list[str] = []
    started = time.perf_counter()
    async with Session.connect(base_url, query, LOCALES[PROJECTOR_LANG], watch) as projector:
        run = await projector.open(PRESENT_PAGE)
        problems += _run_problems(run, "projector open")
        run = await projector.click(PRESENT_PAGE, OPEN_BUTTON)
        problems += _run_problems(run, "projector open a room")
        found = [match.group(1) for text in run.texts if (match := CODE_IN_LINK.search(text))]
        if not found:
            problems.append("projector: no room code on the class screen")
            return ClassRun(None, [], [], problems, time.perf_counter() - started)
        code = found[0]
        if not projector.auto_reruns:
            problems.append("projector: the class screen has no timed fragment")

        def on_run(run: Run) -> None:
            problems.extend(_run_problems(run, "projector refresh"))
            update = _update(run)
            if update is not None:
                updates.append(update)

        stop = asyncio.Event()
        watcher = asyncio.create_task(projector.watch_fragments(on_run, stop))
        start = asyncio.Event()
        plans = [participant(index) for index in range(1, count + 1)]
        phones = [
            asyncio.create_task(drive_participant(base_url, code, plan, think_s, start))
            for plan in plans
        ]
        start.set()  # everyone scans the QR code at once
        outcomes = list(await asyncio.gather(*phones))
        sent = sum(outcome.sent_at is not None for outcome in outcomes)
        deadline = time.perf_counter() + DRAIN_S
        while time.perf_counter() < deadline and not watcher.done():
            if updates and updates[-1].count >= sent:
                break
            await asyncio.sleep(POLL_S)
        stop.set()
        try:
            await watcher
        except CONNECTION_ERRORS as exc:
            problems.append(f"projector: connection: {exc!r}")
    return ClassRun(code, outcomes, updates, problems, time.perf_counter() - started)


# --- the database, read directly ------------------------------------------------------------


def stored_answers(url: str, code: str) -> list[tuple[int, dict[str, Any]]]:
    """The room's answers as the database holds them, (number, values), read-only."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        # Read-only, so that the benchmark can never change what the app stored.
        engine = create_engine(f"sqlite:///file:{parsed.database}?mode=ro&uri=true")
    else:
        engine = create_engine(parsed, execution_options={"postgresql_readonly": True})
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(answers_table.c.number, answers_table.c.answer_json)
                .join(rooms_table, rooms_table.c.id == answers_table.c.room_id)
                .where(rooms_table.c.code == code)
                .order_by(answers_table.c.number)
            ).all()
    finally:
        engine.dispose()
    return [(int(row.number), json.loads(row.answer_json)) for row in rows]


# --- one block of figures -------------------------------------------------------------------


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _spread(samples: Sequence[float]) -> str:
    if not samples:
        return "no samples"
    return (
        f"p50 {statistics.median(samples):.2f} s, p95 {percentile(samples):.2f} s,"
        f" max {max(samples):.2f} s (N={len(samples)})"
    )


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(result: ClassRun, url: str, memory_mb: float, started_mb: float) -> None:
    """The five figures of issue #15, one per line, then the details."""
    plans = [participant(index) for index in range(1, len(result.participants) + 1)]
    pressed = [outcome for outcome in result.participants if outcome.pressed_at is not None]
    stored: list[tuple[int, dict[str, Any]]] = []
    read_problem = ""
    if result.code is not None:
        try:
            stored = stored_answers(url, result.code)
        except Exception as error:  # a figure, not a crash: the run is reported as it went
            read_problem = f"reading the database failed: {type(error).__name__}: {error}"
    numbers, mismatched = match_answers(stored, plans)
    ours = [outcome for outcome in pressed if outcome.index in numbers]
    lost = len(pressed) - len(ours)
    first_open = [o.first_open_s for o in result.participants if o.first_open_s is not None]
    sent_at = {o.index: o.sent_at for o in result.participants if o.sent_at is not None}
    delays, never_shown = projector_delays(sent_at, numbers, result.updates)
    shown = result.updates[-1].count if result.updates else 0

    first_p95 = percentile(first_open) if first_open else float("nan")
    delay_p95 = percentile(delays) if delays else float("nan")
    print(f"answers stored: {len(ours)} of {len(pressed)}")
    print(f"lost: {lost}")
    print(f"join first open p95: {first_p95:.2f} s")
    print(f"answer to projector p95: {delay_p95:.2f} s")
    print(f"server memory peak: {memory_mb:.0f} MB")

    print(
        f"  targets: all stored {_verdict(len(ours) == len(pressed) == len(plans))},"
        f" 0 lost {_verdict(lost == 0)},"
        f" first open ≤ {FIRST_OPEN_TARGET_S:g} s {_verdict(first_p95 <= FIRST_OPEN_TARGET_S)},"
        f" answer to projector ≤ {PROJECTOR_TARGET_S:g} s"
        f" {_verdict(delay_p95 <= PROJECTOR_TARGET_S)},"
        f" ≤ {MEMORY_TARGET_MB:.0f} MB {_verdict(memory_mb <= MEMORY_TARGET_MB)}"
    )
    print(
        f"  room {result.code}: {len(plans)} phones, {len(pressed)} pressed Send,"
        f" {sum(o.confirmed for o in pressed)} were told it was sent;"
        f" the database holds {len(stored)} answers, the projector's last count {shown}"
    )
    print(f"  join first open       {_spread(first_open)}")
    print(f"  input → page          {_spread([s for o in result.participants for s in o.step_s])}")
    print(f"  send → page           {_spread([o.send_s for o in pressed if o.send_s is not None])}")
    print(f"  answer to projector   {_spread(delays)}")
    if never_shown:
        print(f"    never counted on the projector: phones {never_shown}")
    refresh = [update.run_s for update in result.updates]
    print(f"  projector refresh     {_spread(refresh)}  (timed request → end of fragment run)")
    gaps = [
        later.at - earlier.at
        for earlier, later in zip(result.updates, result.updates[1:], strict=False)
    ]
    print(f"  between two counts    {_spread(gaps)}")
    print(f"  server memory         {started_mb:.0f} MB at start, peak {memory_mb:.0f} MB")
    print(f"  wall time             {result.wall_s:.1f} s")
    problems = [p for o in result.participants for p in o.problems] + result.projector_problems
    problems += mismatched
    if read_problem:
        problems.append(read_problem)
    print(f"  problems              {len(problems)}")
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"    {problem[:160]}")
    if len(problems) > SHOWN_PROBLEMS:
        print(f"    … and {len(problems) - SHOWN_PROBLEMS} more")


def run_block(
    backend: Backend, url: str, secrets_file: Path, data_dir: Path, count: int, think_s: float
) -> None:
    """Start a fresh server on `url`'s database, drive the class, print the figures."""
    shown_url = database_url(url).render_as_string(hide_password=True)
    print(
        f"{backend} ({shown_url}): {count} participants, think time up to {think_s:g} s"
        f" (load average {load_average()})"
    )
    with running_app(
        health_timeout_s=HEALTH_TIMEOUT_S,
        env={DATA_DIR_ENV: str(data_dir)},
        options=("--secrets.files", str(secrets_file)),
    ) as server:
        process = server.process
        started_mb = tree_rss_mb(process.pid)
        with MemorySampler(process.pid) as sampler:
            result = asyncio.run(drive_class(server.base_url, count, think_s))
        sampled_mb = max(sampler.peak_mb, tree_rss_mb(process.pid))
        memory_mb = max(peak_rss_mb(process.pid), sampled_mb)
        report(result, url, memory_mb, started_mb)
        if process.poll() is not None:
            print(f"  the server exited with code {process.returncode} during the run")
    print(f"  load average after    {load_average()}")


def write_secrets(folder: Path, url: str | None) -> Path:
    """A secrets file for the server: the classroom's database URL, or nothing (SQLite)."""
    path = folder / "secrets.toml"
    # A JSON string is a valid TOML basic string (quotes and backslashes escaped alike).
    body = f"[connections.classroom]\nurl = {json.dumps(url)}\n" if url else ""
    path.write_text(body, encoding="utf-8")
    return path


@contextmanager
def sqlite_class() -> Iterator[tuple[str, Path, Path]]:
    """A fresh data folder: (database URL, secrets file, data folder)."""
    with tempfile.TemporaryDirectory(prefix="classroom-bench-") as folder:
        data_dir = Path(folder)
        yield f"sqlite:///{data_dir / SQLITE_FILE}", write_secrets(data_dir, None), data_dir


@contextmanager
def postgres_class(server_url: str) -> Iterator[tuple[str, Path, Path]]:
    """A fresh database on the PostgreSQL server: (database URL, secrets file, data folder)."""
    with (
        postgres.database(server_url) as url,
        tempfile.TemporaryDirectory(prefix="classroom-bench-") as folder,
    ):
        data_dir = Path(folder)
        yield url, write_secrets(data_dir, url), data_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=PARTICIPANTS, help="phones")
    parser.add_argument(
        "--think",
        type=float,
        default=THINK_S,
        help="random pause before each of a phone's steps, up to this many seconds",
    )
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per back end")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    if not 1 <= args.participants <= MAX_PARTICIPANTS:
        parser.error(f"--participants must be between 1 and {MAX_PARTICIPANTS}")
    if not 0 <= args.think <= MAX_THINK_S:
        parser.error(f"--think must be between 0 and {MAX_THINK_S:g} s")
    if not 1 <= args.repeat <= MAX_REPEAT:
        parser.error(f"--repeat must be between 1 and {MAX_REPEAT}")

    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; a projector and phones over"
        f" Streamlit's websocket protocol, loopback (load average {load_average()})"
    )
    for _ in range(args.repeat):
        print()
        with sqlite_class() as (url, secrets_file, data_dir):
            run_block("SQLite", url, secrets_file, data_dir, args.participants, args.think)
    if args.no_postgres:
        pass
    elif not postgres.available():
        print("\nPostgreSQL: not run (no server installed: Debian's postgresql package)")
    else:
        with postgres.postgres_server() as server_url:
            for _ in range(args.repeat):
                print()
                with postgres_class(server_url) as (url, secrets_file, data_dir):
                    run_block(
                        "PostgreSQL", url, secrets_file, data_dir, args.participants, args.think
                    )
    print(f"\nLoad average after: {load_average()}")


if __name__ == "__main__":
    main()
