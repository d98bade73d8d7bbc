"""Many sessions at once against one server, each following its plan and checking every run.

Used by ``benchmarks/load.py`` (30 sessions, timed, memory sampled) and by
``tests/e2e/test_isolation.py`` (5 sessions, no timing). The sessions speak Streamlit's
websocket protocol (``devtools/protocol.py``, which says why not browsers); what they type and
check is in ``devtools/plans.py``. With ``hostile_uploads``, one of the sessions instead uploads
the hostile files of ``devtools/plans.py`` one after another, as long as the others work; and
the others work until every file has been uploaded once: each runs its plan again, as a new
session (the link opened again), as often as it takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from devtools.plans import (
    HOSTILE_FILES,
    LOCALES,
    OVERVIEW,
    UPLOAD_LANG,
    UPLOAD_QUERY,
    UPLOAD_WATCH,
    WATCH,
    HostileFile,
    Plan,
    SessionOutcome,
    check_run,
    foreign_values,
    session_plan,
)
from devtools.protocol import CONNECTION_ERRORS, ERROR_BOX, Observed, Session

T = TypeVar("T")


@dataclass(frozen=True)
class UploadOutcome:
    """One hostile file uploaded: how long until the run that read it ended, and what it showed.

    refused: the page showed an error box (how every reader refuses a file); message: the first
    reason it gives.
    problems: anything else that went wrong (an exception on the page, no end of run...).
    """

    file: str
    description: str
    size: int
    seconds: float
    finished: bool
    refused: bool
    problems: tuple[str, ...]
    message: str = ""


@dataclass(frozen=True)
class LoadResult:
    """What the sessions saw: one `SessionOutcome` per run of a plan (a session runs its plan
    once, or, next to hostile uploads, as many times as the uploads take), in plan order."""

    sessions: tuple[SessionOutcome, ...]
    steps_per_session: int
    checks_per_session: tuple[int, ...]  # one per outcome in `sessions`
    wall_s: float
    uploads: tuple[UploadOutcome, ...] = ()

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
    await start.wait()
    try:
        async with Session.connect(base_url, plan.query, plan.locale, WATCH) as session:
            for number, step in enumerate(plan.steps):
                if number and think_s:
                    await asyncio.sleep(pause.uniform(0, think_s))
                if step.name == "open":
                    run = await session.open(step.page)
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
    except CONNECTION_ERRORS as exc:
        outcome.errors.append(f"session {plan.index}: connection: {exc!r}")
    return outcome


async def drive_uploads(
    base_url: str,
    files: Sequence[HostileFile],
    contents: Mapping[str, bytes],
    think_s: float,
    start: asyncio.Event,
    stop: asyncio.Event,
    passed: asyncio.Event,
) -> list[UploadOutcome]:
    """Upload `files` (built: `contents` by name) in turn, each on its page, until `stop`; set
    `passed` once every file has been uploaded. Between two uploads a pause of up to half the
    others' (someone trying one file after another)."""
    outcomes: list[UploadOutcome] = []
    pause = random.Random(0)
    await start.wait()
    try:
        async with Session.connect(
            base_url, UPLOAD_QUERY, LOCALES[UPLOAD_LANG], UPLOAD_WATCH
        ) as session:
            await session.open(OVERVIEW)
            page = OVERVIEW
            while not stop.is_set():
                for hostile in files:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), pause.uniform(0, think_s / 2))
                    if stop.is_set():
                        break
                    if hostile.page != page:
                        await session.go_to(hostile.page)
                        page = hostile.page
                    data = contents[hostile.name]
                    run = await session.upload_file(page, hostile.uploader, hostile.name, data)
                    shown = [p for p in run.problems if p.startswith(ERROR_BOX)]
                    # The box's title, then one "- " line per reason.
                    lines = shown[-1].splitlines() if shown else []
                    reasons = [line for line in lines if line.startswith("- ")] or lines
                    outcomes.append(
                        UploadOutcome(
                            file=hostile.name,
                            description=hostile.description,
                            size=len(data),
                            seconds=run.seconds,
                            finished=run.finished,
                            refused=bool(shown),
                            problems=tuple(p for p in run.problems if p not in shown),
                            message=reasons[0] if reasons else "",
                        )
                    )
                else:
                    passed.set()  # every file once, without being stopped
    except CONNECTION_ERRORS as exc:
        problem = f"connection: {exc!r}"
        outcomes.append(UploadOutcome("-", "-", 0, 0.0, False, False, (problem,)))
    finally:
        passed.set()  # whatever happened, the others need not wait for more
    return outcomes


async def drive(
    base_url: str, count: int, think_s: float, hostile_uploads: bool = False
) -> LoadResult:
    working = count - 1 if hostile_uploads else count
    plans = [session_plan(index) for index in range(1, working + 1)]
    foreign = foreign_values(plans)
    start, stop, passed = asyncio.Event(), asyncio.Event(), asyncio.Event()
    if not hostile_uploads:
        passed.set()  # nothing to wait for: each session runs its plan once
    # Built before anyone starts (a gigabyte through deflate takes seconds, and would hold up
    # every session of this event loop).
    contents = (
        {hostile.name: hostile.build() for hostile in HOSTILE_FILES} if hostile_uploads else {}
    )

    async def work(plan: Plan) -> list[SessionOutcome]:
        """The plan, then again as a new session for as long as the uploads are not through."""
        outcomes = [await drive_session(base_url, plan, foreign[plan.index], think_s, start)]
        while not passed.is_set():
            outcomes.append(
                await drive_session(base_url, plan, foreign[plan.index], think_s, start)
            )
        return outcomes

    tasks = [asyncio.create_task(work(plan)) for plan in plans]
    uploads = None
    if hostile_uploads:
        uploads = asyncio.create_task(
            drive_uploads(base_url, HOSTILE_FILES, contents, think_s, start, stop, passed)
        )
    started = time.perf_counter()
    start.set()  # everyone opens the link at once
    rounds = await asyncio.gather(*tasks)
    stop.set()
    checks = {plan.index: sum(len(step.expected) for step in plan.steps) for plan in plans}
    outcomes = [outcome for runs in rounds for outcome in runs]
    return LoadResult(
        sessions=tuple(outcomes),
        steps_per_session=len(plans[0].steps) if plans else 0,
        checks_per_session=tuple(checks[outcome.index] for outcome in outcomes),
        wall_s=time.perf_counter() - started,
        uploads=tuple(await uploads) if uploads is not None else (),
    )


def run_sessions(
    base_url: str, count: int, think_s: float = 0.0, hostile_uploads: bool = False
) -> LoadResult:
    """Drive `count` concurrent sessions against the app at `base_url` (``http://host:port``).

    With `hostile_uploads`, one of the `count` uploads hostile files while the others follow
    their plans. Runs in a thread of its own with a fresh event loop, so it works the same from
    a script, a plain test or next to Playwright's sync API.
    """
    return run_in_thread(lambda: drive(base_url, count, think_s, hostile_uploads))


def run_in_thread(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run(main())` in a thread of its own with a fresh event loop: it works the same
    from a script, a plain test or next to Playwright's sync API (whose loop runs in the main
    thread, where `asyncio.run` refuses to start another)."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(main()))
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=target, name="load-sessions")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return result[0]
