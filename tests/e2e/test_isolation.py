"""Sessions at the same time each see their own numbers, never another's (issue #9, Load).

Five sessions talk to one server at once over Streamlit's websocket protocol, the driver of
``benchmarks/load.py`` (``devtools/sessions.py``; the steps and checks in ``devtools/plans.py``):
each types its own customers and retention on Overview and its own acquisition cost on
Acquisition vs retention, half of them in Italian, and checks every result, input and URL value
against the calculators. No timing here; the figures come from the benchmark.
"""

import pytest

from devtools.plans import SessionOutcome, check_run, foreign_values, session_plan
from devtools.protocol import Run
from devtools.sessions import run_sessions

pytestmark = [pytest.mark.timeout(180)]

SESSIONS = 5


def test_concurrent_sessions_each_see_only_their_own_numbers(app_server: str):
    result = run_sessions(app_server, SESSIONS)

    assert result.errors == []
    assert result.cross_talk == []
    assert result.completed == SESSIONS
    assert [outcome.checks_passed for outcome in result.sessions] == list(result.checks_per_session)


def test_session_plans_expect_the_numbers_a_user_would_compute():
    # Session 3 (Italian): 1,000 + 3 × 37 = 1,111 customers at 60 + 3 = 63% retention lose
    # 1,111 × 37% = 411.07 a year; at €100 + 3 × 7 = €121 each, replacing them costs €49,739.
    plan = session_plan(3)
    final = plan.steps[-1].expected

    assert plan.lang == "it"
    assert final["metric", "it:overview.lost.label"] == "411"
    assert final["metric", "it:overview.replacement.label"] == "49.739\u00a0€"
    assert final["input", "business.active_customers"] == "1111"
    assert final["input", "business.retention"] == "63"
    assert final["url", "business.retention"] == "0.63"


def _run_showing(values: dict) -> Run:
    run = Run(started=0.0, finished=True)
    run.observed.extend((seen, value, 0.1) for seen, value in values.items())
    return run


def test_another_sessions_numbers_count_as_cross_talk():
    # Sessions 2 and 4 are both English, so their labels match and only the numbers differ.
    plans = {index: session_plan(index) for index in (2, 3, 4)}
    foreign = foreign_values(list(plans.values()))
    step = plans[2].steps[1]  # session 2 has typed its customer count on Overview
    outcome = SessionOutcome(2)

    check_run(_run_showing(dict(plans[4].steps[1].expected)), step, foreign[2], outcome)

    assert outcome.errors == []
    assert any("overview.lost.label" in seen for seen in outcome.cross_talk)
    assert any("url business.active_customers" in seen for seen in outcome.cross_talk)


def test_a_stale_number_of_its_own_is_an_error_not_cross_talk():
    plans = {index: session_plan(index) for index in (2, 3, 4)}
    foreign = foreign_values(list(plans.values()))
    before, after = plans[2].steps[1], plans[2].steps[2]  # retention typed after customers
    outcome = SessionOutcome(2)

    check_run(_run_showing(dict(before.expected)), after, foreign[2], outcome)

    assert outcome.cross_talk == []
    assert any("overview.lost.label" in error for error in outcome.errors)
