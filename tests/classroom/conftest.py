"""The classroom store's fixtures: every store test runs against SQLite and against PostgreSQL.

SQLite gets a fresh file in the test's temporary folder. PostgreSQL is a real server of our own
(``devtools/postgres.py``: Debian's ``postgresql`` package, a throwaway cluster on a free port),
started once per test session, with a fresh empty database per test. Without the package the
PostgreSQL half is skipped locally and fails in CI (the ``CI`` variable set), as the browser
tests do without Chromium: CI must never pass by skipping the server it is meant to test.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from classroom.store import Limits, Store
from devtools import postgres

BACKENDS = ("sqlite", "postgresql")
# The tests' clock starts on a Monday morning of a course (any fixed UTC time would do).
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand; the store reads it through `now` (thread-safe)."""

    def __init__(self, start: datetime = START) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, step: timedelta) -> datetime:
        with self._lock:
            self._now += step
            return self._now


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """One PostgreSQL server for the whole session; yields its first database's URL."""
    if not postgres.available():
        message = (
            f"no PostgreSQL server in {postgres.POSTGRES_ROOT}/*/bin: install Debian's "
            "postgresql to run the store's PostgreSQL tests"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres.postgres_server() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh, empty database of each back end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('classroom') / 'classroom.sqlite3'}"
        return
    server_url: str = request.getfixturevalue("postgres_server_url")
    with postgres.database(server_url) as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock()


MakeStore = Callable[..., Store]


@pytest.fixture
def make_store(store_url: str, clock: Clock) -> Iterator[MakeStore]:
    """Stores on the test's database (several = several app instances), disposed after."""
    made: list[Store] = []

    def make(limits: Limits | None = None, url: str | None = None) -> Store:
        store = Store(url or store_url, now=clock.now, limits=limits)
        made.append(store)
        return store

    yield make
    for store in made:
        store.dispose()


@pytest.fixture
def store(make_store: MakeStore) -> Store:
    """A store with the default caps on a fresh database, its clock the test's `clock`."""
    return make_store()
