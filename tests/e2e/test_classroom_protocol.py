"""A projector and three phones over Streamlit's websocket protocol: the driver of
``benchmarks/classroom.py`` (issue #15) does what a class does, and what it reads is right.

The protocol client's selectors, button clicks, blank number inputs and timed fragment reruns
(``devtools/protocol.py``) are what the benchmark's figures rest on: here three phones (two
Italian, one English; one gives its retention, two the customers they lost) answer with no
pauses, and the answers must be in the database as typed, each phone told it was sent, and the
projector's live count must reach 3. No timing here; the figures come from the benchmark.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from calculators.classroom import parse_answer
from devtools.server import ROOT, running_app
from devtools.sessions import run_in_thread

pytestmark = [pytest.mark.timeout(180)]

PHONES = 3


def _load_benchmark() -> ModuleType:
    # Imported from its path: as a module named "classroom" it would hide the classroom package.
    spec = importlib.util.spec_from_file_location(
        "classroom_benchmark", ROOT / "benchmarks" / "classroom.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


@pytest.fixture(scope="module")
def class_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server of its own on a fresh SQLite file; yields (base URL, database URL)."""
    folder: Path = tmp_path_factory.mktemp("classroom-data")
    secrets = bench.write_secrets(folder, None)
    with running_app(
        env={bench.DATA_DIR_ENV: str(folder)}, options=("--secrets.files", str(secrets))
    ) as server:
        yield server.base_url, f"sqlite:///{folder / bench.SQLITE_FILE}"


def test_three_phones_answer_and_the_projector_counts_them(class_server: tuple[str, str]) -> None:
    base_url, database = class_server

    # In a thread of its own: next to Playwright's sync API the main thread has a running loop.
    result = run_in_thread(lambda: bench.drive_class(base_url, PHONES, 0.0))

    assert result.projector_problems == []
    assert [problem for phone in result.participants for problem in phone.problems] == []
    assert all(phone.confirmed for phone in result.participants)
    assert result.updates[-1].count == PHONES
    stored = bench.stored_answers(database, result.code)
    assert sorted(number for number, _ in stored) == [1, 2, 3]
    # Phone 3 typed 1,000 + 3 × 37 = 1,111 customers and 60 + 3 = 63 % retention.
    third = next(values for _, values in stored if values["active_customers"] == 1111)
    assert third["retention"] == 0.63
    assert "lost_customers" not in third
    # Phone 2 typed 100 + 2 × 3 = 106 customers lost and €100 + 2 × 7 = €114 per new customer.
    second = next(values for _, values in stored if values["active_customers"] == 1074)
    assert (second["lost_customers"], second["acquisition_cost"]) == (106, 114)
    assert {values["sector"] for _, values in stored} == {
        "retail_shop",
        "ecommerce",
        "b2b_saas",
    }


def test_every_planned_answer_passes_the_answer_rules() -> None:
    for index in range(1, bench.MAX_PARTICIPANTS + 1):
        parse_answer(bench.participant(index).answer_values())


def test_percentile_is_the_inclusive_quantile() -> None:
    samples = [0.3, 1.9, 0.7, 2.4, 1.1, 0.9, 3.0, 0.2]
    expected = statistics.quantiles(samples, n=20, method="inclusive")[-1]
    assert bench.percentile(samples) == pytest.approx(expected)


def test_an_answer_counts_from_the_first_projector_count_that_includes_it() -> None:
    updates = [bench.Update(10.0, 1, 0.1), bench.Update(12.0, 2, 0.1), bench.Update(14.0, 3, 0.1)]
    # Answer 2 was sent at 11.5 s and first counted at 12 s; answer 1 was on screen before its
    # phone's page came back; answer 3 was never counted.
    delays, missing = bench.projector_delays(
        {5: 10.4, 6: 11.5, 7: 13.0}, {5: 1, 6: 2, 7: 4}, updates
    )
    assert delays == [0.0, pytest.approx(0.5)]
    assert missing == [7]
