"""Many sessions at once against one server, each following its plan and checking every run.

Used by ``benchmarks/load.py`` (30 sessions, timed, memory sampled) and by
``tests/e2e/test_isolation.py`` (5 sessions, no timing). The sessions speak Streamlit's
websocket protocol (``devtools/protocol.py``, which says why not browsers); what they type and
check is in ``devtools/plans.py``.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from devtools.plans import WATCH, Plan, SessionOutcome, check_run, foreign_values, session_plan
from devtools.protocol import CONNECTION_ERRORS, Observed, Session


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
