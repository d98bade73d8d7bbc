"""The classroom store against SQLite and a real PostgreSQL server (see conftest.py).

Each test runs once per back end on a fresh database. Row counts and stored text are read with
a separate SQLAlchemy engine, straight from the tables, not through the store under test.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine, MetaData, create_engine, select, text

import classroom.store as store_module
from classroom.codes import CODE_LENGTH, format_code, normalise_code
from classroom.store import (
    CODE_ATTEMPTS,
    MAX_ANSWER_BYTES,
    MAX_ANSWERS_PER_ROOM,
    MAX_OPEN_ROOMS,
    MAX_PARTICIPANTS_PER_ROOM,
    ROOM_LIFETIME,
    SCHEMA_VERSION,
    Limits,
    Store,
    StoreError,
    StoreIssueKind,
    Ticket,
    TrainerKey,
    configured_url,
)
from tests.classroom.conftest import START, Clock, MakeStore

TABLES = ("schema_version", "rooms", "participants", "answers")
CLASS_SIZE = 30
THREADS = 20
Result = TypeVar("Result")


@pytest.fixture
def db(store_url: str) -> Iterator[Engine]:
    """A second engine on the store's database, to look at the tables directly."""
    engine = create_engine(store_url)
    yield engine
    engine.dispose()


def count_rows(db: Engine, table: str) -> int:
    with db.connect() as connection:
        return int(connection.scalar(text(f"SELECT COUNT(*) FROM {table}")) or 0)


def refused(kind: StoreIssueKind) -> pytest.RaisesExc[StoreError]:
    """`pytest.raises` for a StoreError of this kind."""
    return pytest.raises(StoreError, check=lambda error: error.kind == kind)


def at_once(calls: list[Callable[[], Result]]) -> list[Result | StoreError]:
    """Run the calls in as many threads, released together; a StoreError is a result."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Result]) -> Result | StoreError:
        barrier.wait()
        try:
            return call()
        except StoreError as error:
            return error

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def kinds(results: list[Any]) -> Counter[str]:
    return Counter(result.kind if isinstance(result, StoreError) else "ok" for result in results)


# ---- a room's life ----------------------------------------------------------------------


def test_open_room_gives_a_fresh_empty_open_room(store: Store) -> None:
    key = store.open_room()
    assert normalise_code(key.code) == key.code
    assert len(key.code) == CODE_LENGTH
    status = store.room(key)
    assert status.code == key.code
    assert status.opened_at == START
    assert status.expires_at == START + timedelta(hours=24)
    assert status.opened_at.tzinfo is UTC and status.expires_at.tzinfo is UTC
    assert (status.closed, status.answers, status.participants) == (False, 0, 0)
    assert store.answers(key) == []


def test_two_rooms_have_different_codes_and_secrets(store: Store) -> None:
    first, second = store.open_room(), store.open_room()
    assert first.code != second.code
    assert first.secret != second.secret


def test_join_reads_the_code_as_a_participant_types_it(store: Store) -> None:
    key = store.open_room()
    ticket = store.join(f"  {format_code(key.code).lower()} ")
    assert ticket.code == key.code
    assert ticket.secret != key.secret
    assert store.room(key).participants == 1
    assert store.my_answer(ticket) is None


@pytest.mark.parametrize("code", ["", "ABCDE", "ABCDE0", "not a code at all"])
def test_join_with_text_that_is_no_code_finds_no_room(store: Store, code: str) -> None:
    store.open_room()
    with refused("no_room"):
        store.join(code)


def test_join_with_an_unknown_code_finds_no_room(store: Store) -> None:
    key = store.open_room()
    unknown = next(c for c in ("ABCDEF", "GHJKMN") if c != key.code)  # valid, but no room's
    with refused("no_room"):
        store.join(unknown)


def test_answers_are_numbered_in_order_of_first_answer(store: Store, clock: Clock) -> None:
    key = store.open_room()
    anna, bruno, carla = store.join(key.code), store.join(key.code), store.join(key.code)
    store.save_answer(bruno, {"retention": 0.8})
    clock.advance(timedelta(minutes=1))
    store.save_answer(anna, {"retention": 0.7})
    clock.advance(timedelta(minutes=1))
    store.save_answer(carla, {"retention": 0.9})
    answers = store.answers(key)
    assert [(a.number, a.values) for a in answers] == [
        (1, {"retention": 0.8}),
        (2, {"retention": 0.7}),
        (3, {"retention": 0.9}),
    ]
    assert [a.updated_at for a in answers] == [
        START,
        START + timedelta(minutes=1),
        START + timedelta(minutes=2),
    ]
    status = store.room(key)
    assert (status.answers, status.participants) == (3, 3)


def test_a_correction_replaces_the_answer_and_keeps_its_number(
    store: Store, clock: Clock, db: Engine
) -> None:
    key = store.open_room()
    anna, bruno = store.join(key.code), store.join(key.code)
    store.save_answer(anna, {"retention": 0.7, "sector": "retail"})
    store.save_answer(bruno, {"retention": 0.8})
    corrected_at = clock.advance(timedelta(minutes=3))
    store.save_answer(anna, {"retention": 0.75})
    answers = store.answers(key)
    assert [(a.number, a.values) for a in answers] == [
        (1, {"retention": 0.75}),
        (2, {"retention": 0.8}),
    ]
    assert answers[0].updated_at == corrected_at
    assert answers[1].updated_at == START
    assert store.room(key).answers == 2
    assert count_rows(db, "answers") == 2


def test_my_answer_is_the_tickets_own_and_no_one_elses(store: Store) -> None:
    key = store.open_room()
    anna, bruno = store.join(key.code), store.join(key.code)
    store.save_answer(anna, {"retention": 0.7})
    assert store.my_answer(anna) == {"retention": 0.7}
    assert store.my_answer(bruno) is None
    store.save_answer(bruno, {"retention": 0.9})
    assert store.my_answer(anna) == {"retention": 0.7}
    assert store.my_answer(bruno) == {"retention": 0.9}


def test_values_come_back_as_they_were_given(store: Store) -> None:
    key = store.open_room()
    ticket = store.join(key.code)
    values = {
        "sector": "ristorazione è caffè",
        "active_customers": 1_200,
        "retention": 0.815,
        "beliefs": {"complain_of_100": 4, "tell": 9},
        "flags": [True, False, None],
    }
    store.save_answer(ticket, values)
    assert store.my_answer(ticket) == values
    assert store.answers(key)[0].values == values


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), object()])
def test_values_json_cannot_hold_are_refused_before_the_database(
    store: Store, db: Engine, bad: object
) -> None:
    key = store.open_room()
    ticket = store.join(key.code)
    with pytest.raises(ValueError, match="plain JSON"):
        store.save_answer(ticket, {"retention": bad})
    assert count_rows(db, "answers") == 0


def test_a_closed_room_takes_no_joins_or_answers_but_keeps_them(store: Store) -> None:
    key = store.open_room()
    anna, bruno = store.join(key.code), store.join(key.code)
    store.save_answer(anna, {"retention": 0.7})
    store.close(key)
    store.close(key)  # closing twice is harmless
    assert store.room(key).closed
    with refused("room_closed"):
        store.join(key.code)
    with refused("room_closed"):
        store.save_answer(anna, {"retention": 0.9})  # no correction either
    with refused("room_closed"):
        store.save_answer(bruno, {"retention": 0.9})
    assert store.my_answer(anna) == {"retention": 0.7}
    assert [(a.number, a.values) for a in store.answers(key)] == [(1, {"retention": 0.7})]
    assert store.room(key).participants == 2


# ---- expiry, purge, delete ----------------------------------------------------------------


def test_a_room_lives_24_hours_then_is_gone_before_any_purge(
    store: Store, clock: Clock, db: Engine
) -> None:
    key = store.open_room()
    ticket = store.join(key.code)
    store.save_answer(ticket, {"retention": 0.7})
    clock.advance(ROOM_LIFETIME - timedelta(microseconds=1))
    store.save_answer(ticket, {"retention": 0.75})  # the last microsecond still counts
    assert store.room(key).answers == 1
    clock.advance(timedelta(microseconds=1))  # exactly 24 h after opening
    for call in (
        lambda: store.save_answer(ticket, {"retention": 0.8}),
        lambda: store.my_answer(ticket),
        lambda: store.room(key),
        lambda: store.answers(key),
        lambda: store.close(key),
        lambda: store.delete(key),
    ):
        with refused("no_room"):
            call()
    # Gone for every call, though still in the tables: none of these purges.
    assert count_rows(db, "rooms") == 1
    assert count_rows(db, "answers") == 1
    with refused("no_room"):
        store.join(key.code)  # joining purges first, and then finds no room
    assert count_rows(db, "rooms") == 0
    assert count_rows(db, "answers") == 0


def test_purge_expired_deletes_only_expired_rooms_with_their_answers(
    store: Store, clock: Clock, db: Engine
) -> None:
    old = store.open_room()
    store.save_answer(store.join(old.code), {"retention": 0.7})
    clock.advance(timedelta(hours=20))
    young = store.open_room()
    store.save_answer(store.join(young.code), {"retention": 0.9})
    clock.advance(timedelta(hours=4))  # old: 24 h, young: 4 h
    assert store.purge_expired() == 1
    assert store.purge_expired() == 0
    assert count_rows(db, "rooms") == 1
    assert count_rows(db, "participants") == 1
    assert count_rows(db, "answers") == 1
    assert [a.values for a in store.answers(young)] == [{"retention": 0.9}]


@pytest.mark.parametrize("call", ["open_room", "join"])
def test_opening_and_joining_purge_expired_rooms(
    store: Store, clock: Clock, db: Engine, call: str
) -> None:
    expiring = store.open_room()
    store.save_answer(store.join(expiring.code), {"retention": 0.7})
    clock.advance(timedelta(hours=1))
    live = store.open_room()
    clock.advance(ROOM_LIFETIME - timedelta(hours=1))
    assert count_rows(db, "rooms") == 2
    if call == "open_room":
        store.open_room()
        assert count_rows(db, "rooms") == 2  # the expired one went, a new one came
    else:
        store.join(live.code)
        assert count_rows(db, "rooms") == 1
    assert count_rows(db, "answers") == 0
    with refused("no_room"):
        store.room(expiring)


def test_delete_removes_the_room_and_all_its_answers(store: Store, db: Engine) -> None:
    gone, kept = store.open_room(), store.open_room()
    tickets = [store.join(gone.code) for _ in range(3)]
    for number, ticket in enumerate(tickets):
        store.save_answer(ticket, {"n": number})
    store.save_answer(store.join(kept.code), {"n": 99})
    store.delete(gone)
    assert count_rows(db, "rooms") == 1
    assert count_rows(db, "participants") == 1
    assert count_rows(db, "answers") == 1
    for call in (
        lambda: store.room(gone),
        lambda: store.join(gone.code),
        lambda: store.my_answer(tickets[0]),
        lambda: store.save_answer(tickets[0], {"n": 0}),
        lambda: store.delete(gone),
    ):
        with refused("no_room"):
            call()
    assert [a.values for a in store.answers(kept)] == [{"n": 99}]


# ---- caps ---------------------------------------------------------------------------------


def test_the_default_caps_are_the_named_constants() -> None:
    assert Limits() == Limits(
        open_rooms=MAX_OPEN_ROOMS,
        participants_per_room=MAX_PARTICIPANTS_PER_ROOM,
        answers_per_room=MAX_ANSWERS_PER_ROOM,
        answer_bytes=MAX_ANSWER_BYTES,
    )
    assert (MAX_OPEN_ROOMS, MAX_PARTICIPANTS_PER_ROOM, MAX_ANSWERS_PER_ROOM) == (200, 300, 200)
    assert MAX_ANSWER_BYTES == 2_048
    assert timedelta(hours=24) == ROOM_LIFETIME


def test_rooms_cap_counts_existing_rooms_not_deleted_or_expired_ones(
    make_store: MakeStore, clock: Clock
) -> None:
    store = make_store(Limits(open_rooms=3))
    first, second, _third = store.open_room(), store.open_room(), store.open_room()
    store.close(second)  # a closed room still holds its answers: it still counts
    with refused("too_many_rooms"):
        store.open_room()
    store.delete(first)
    store.open_room()
    with refused("too_many_rooms"):
        store.open_room()
    clock.advance(ROOM_LIFETIME)
    for _ in range(3):
        store.open_room()


def test_the_default_rooms_cap_is_200(make_store: MakeStore) -> None:
    store = make_store()
    keys = [store.open_room() for _ in range(200)]
    assert len({key.code for key in keys}) == 200
    with refused("too_many_rooms"):
        store.open_room()


def test_participants_cap(make_store: MakeStore) -> None:
    store = make_store(Limits(participants_per_room=2))
    key, other = store.open_room(), store.open_room()
    store.join(key.code)
    store.join(key.code)
    with refused("room_full"):
        store.join(key.code)
    store.join(other.code)  # the cap is per room
    assert store.room(key).participants == 2


def test_answers_cap_refuses_new_answers_but_not_corrections(make_store: MakeStore) -> None:
    store = make_store(Limits(answers_per_room=2))
    key = store.open_room()
    anna, bruno, carla = store.join(key.code), store.join(key.code), store.join(key.code)
    store.save_answer(anna, {"n": 1})
    store.save_answer(bruno, {"n": 2})
    with refused("room_full"):
        store.save_answer(carla, {"n": 3})
    store.save_answer(anna, {"n": 10})  # a correction adds no answer
    assert [(a.number, a.values) for a in store.answers(key)] == [(1, {"n": 10}), (2, {"n": 2})]
    assert store.my_answer(carla) is None


def test_answer_size_cap_is_on_the_utf8_json_text(store: Store, db: Engine) -> None:
    key = store.open_room()
    ticket = store.join(key.code)
    # '{"note":""}' is 11 bytes; each "x" adds 1 byte and each "é" 2 (UTF-8).
    envelope = len('{"note":""}')
    store.save_answer(ticket, {"note": "x" * (MAX_ANSWER_BYTES - envelope)})
    with refused("answer_too_large"):
        store.save_answer(ticket, {"note": "x" * (MAX_ANSWER_BYTES - envelope + 1)})
    half = (MAX_ANSWER_BYTES - envelope) // 2  # 1018 é = 2036 bytes + 11 = 2047
    store.save_answer(ticket, {"note": "é" * half})
    with refused("answer_too_large"):
        store.save_answer(ticket, {"note": "é" * (half + 1)})  # 2049 bytes
    assert store.my_answer(ticket) == {"note": "é" * half}
    with db.connect() as connection:
        stored = connection.scalar(text("SELECT answer_json FROM answers"))
    assert len(stored.encode("utf-8")) == envelope + 2 * half


# ---- who may do what ------------------------------------------------------------------------


def test_a_ticket_cannot_write_or_read_in_another_room(store: Store) -> None:
    joined, other = store.open_room(), store.open_room()
    ticket = store.join(joined.code)
    store.save_answer(store.join(other.code), {"n": 1})
    trespassing = Ticket(code=other.code, secret=ticket.secret)
    with refused("not_allowed"):
        store.save_answer(trespassing, {"n": 666})
    with refused("not_allowed"):
        store.my_answer(trespassing)
    assert [a.values for a in store.answers(other)] == [{"n": 1}]
    assert store.room(other).answers == 1


def test_a_forged_ticket_is_not_allowed(store: Store) -> None:
    key = store.open_room()
    real = store.join(key.code)
    store.save_answer(real, {"n": 1})
    for secret in ("", "x" * 43, real.secret[:-1] + ("A" if real.secret[-1] != "A" else "B")):
        forged = Ticket(code=key.code, secret=secret)
        with refused("not_allowed"):
            store.save_answer(forged, {"n": 2})
        with refused("not_allowed"):
            store.my_answer(forged)
    assert store.my_answer(real) == {"n": 1}


def test_a_wrong_trainer_secret_is_not_allowed(store: Store) -> None:
    key = store.open_room()
    store.save_answer(store.join(key.code), {"n": 1})
    ticket = store.join(key.code)
    for secret in ("", "guess", key.secret.upper(), ticket.secret):  # a ticket is no key
        wrong = TrainerKey(code=key.code, secret=secret)
        for call in (store.room, store.answers, store.close, store.delete):
            with refused("not_allowed"):
                call(wrong)
    status = store.room(key)
    assert (status.closed, status.answers, status.participants) == (False, 1, 2)


def test_a_trainer_key_manages_its_own_room_only(store: Store) -> None:
    mine, theirs = store.open_room(), store.open_room()
    store.save_answer(store.join(theirs.code), {"n": 1})
    crossed = TrainerKey(code=theirs.code, secret=mine.secret)
    for call in (store.room, store.answers, store.close, store.delete):
        with refused("not_allowed"):
            call(crossed)
    assert not store.room(theirs).closed
    assert len(store.answers(theirs)) == 1


def test_secrets_are_stored_only_as_sha256_hashes(store: Store, db: Engine) -> None:
    key = store.open_room()
    tickets = [store.join(key.code) for _ in range(3)]
    store.save_answer(tickets[0], {"n": 1})
    everything: list[str] = []
    tables = MetaData()
    tables.reflect(db)
    with db.connect() as connection:
        for table in tables.sorted_tables:
            for row in connection.execute(select(table)):
                everything.extend(str(cell) for cell in row)
    dump = "\n".join(everything)
    for secret in [key.secret, *(ticket.secret for ticket in tickets)]:
        assert secret not in dump
        assert hashlib.sha256(secret.encode()).hexdigest() in everything
    with db.connect() as connection:
        assert connection.scalar(text("SELECT trainer_hash FROM rooms")) == (
            hashlib.sha256(key.secret.encode()).hexdigest()
        )


# ---- several sessions and instances at once --------------------------------------------------


def test_two_app_instances_share_rooms(make_store: MakeStore) -> None:
    trainer_side, participant_side = make_store(), make_store()
    key = trainer_side.open_room()
    ticket = participant_side.join(key.code)
    participant_side.save_answer(ticket, {"retention": 0.8})
    assert [a.values for a in trainer_side.answers(key)] == [{"retention": 0.8}]
    trainer_side.close(key)
    with refused("room_closed"):
        participant_side.save_answer(ticket, {"retention": 0.9})


def test_thirty_participants_answering_and_correcting_at_once_lose_nothing(
    store: Store, db: Engine
) -> None:
    key = store.open_room()
    joined = at_once([lambda: store.join(key.code) for _ in range(CLASS_SIZE)])
    tickets = [ticket for ticket in joined if isinstance(ticket, Ticket)]
    assert len(tickets) == CLASS_SIZE

    def answer_then_correct(person: int, ticket: Ticket) -> None:
        store.save_answer(ticket, {"person": person, "retention": 0.5})
        store.save_answer(ticket, {"person": person, "retention": 0.5 + person / 100})

    results = at_once(
        [partial(answer_then_correct, person, ticket) for person, ticket in enumerate(tickets)]
    )
    assert kinds(results) == {"ok": CLASS_SIZE}
    answers = store.answers(key)
    assert sorted(a.number for a in answers) == list(range(1, CLASS_SIZE + 1))
    assert sorted((a.values["person"], a.values["retention"]) for a in answers) == [
        (person, 0.5 + person / 100) for person in range(CLASS_SIZE)
    ]
    status = store.room(key)
    assert (status.answers, status.participants) == (CLASS_SIZE, CLASS_SIZE)
    assert count_rows(db, "answers") == CLASS_SIZE
    for person, ticket in enumerate(tickets):
        assert store.my_answer(ticket) == {"person": person, "retention": 0.5 + person / 100}


def test_the_same_ticket_saving_twice_at_once_keeps_one_answer(store: Store, db: Engine) -> None:
    key = store.open_room()
    ticket = store.join(key.code)
    results = at_once([partial(store.save_answer, ticket, {"n": n}) for n in range(THREADS)])
    assert kinds(results) == {"ok": THREADS}
    answers = store.answers(key)
    assert len(answers) == 1 and answers[0].number == 1
    assert answers[0].values["n"] in range(THREADS)
    assert count_rows(db, "answers") == 1


def test_answers_cap_holds_under_concurrent_writers(make_store: MakeStore, db: Engine) -> None:
    cap = 10
    store = make_store(Limits(answers_per_room=cap))
    key = store.open_room()
    tickets = [store.join(key.code) for _ in range(THREADS)]
    results = at_once([partial(store.save_answer, ticket, {"n": 1}) for ticket in tickets])
    assert kinds(results) == {"ok": cap, "room_full": THREADS - cap}
    assert [a.number for a in store.answers(key)] == list(range(1, cap + 1))
    assert store.room(key).answers == cap
    assert count_rows(db, "answers") == cap


def test_participants_cap_holds_under_concurrent_joins(make_store: MakeStore, db: Engine) -> None:
    cap = 10
    store = make_store(Limits(participants_per_room=cap))
    key = store.open_room()
    results = at_once([lambda: store.join(key.code) for _ in range(THREADS)])
    assert kinds(results) == {"ok": cap, "room_full": THREADS - cap}
    assert store.room(key).participants == cap
    assert count_rows(db, "participants") == cap


def test_rooms_cap_holds_under_concurrent_openings(make_store: MakeStore, db: Engine) -> None:
    cap = 5
    # Two instances, as behind a load balancer: the cap is the database's, not a process's.
    stores = [make_store(Limits(open_rooms=cap)), make_store(Limits(open_rooms=cap))]
    results = at_once([stores[n % 2].open_room for n in range(THREADS)])
    assert kinds(results) == {"ok": cap, "too_many_rooms": THREADS - cap}
    codes = {result.code for result in results if isinstance(result, TrainerKey)}
    assert len(codes) == cap
    assert count_rows(db, "rooms") == cap


def test_a_code_clash_is_drawn_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = store.open_room().code
    fresh = next(c for c in ("NEWSUN", "HAPPY2") if c != taken)
    draws = iter([taken, taken, fresh])
    monkeypatch.setattr(store_module, "new_code", lambda: next(draws))
    assert store.open_room().code == fresh


def test_a_code_that_keeps_clashing_is_unavailable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = store.open_room().code
    drawn: list[str] = []

    def always_taken() -> str:
        drawn.append(taken)
        return taken

    monkeypatch.setattr(store_module, "new_code", always_taken)
    with refused("unavailable"):
        store.open_room()
    assert len(drawn) == CODE_ATTEMPTS


# ---- the schema ----------------------------------------------------------------------------------


def test_first_use_creates_the_schema_at_version_1(store: Store, db: Engine) -> None:
    tables = MetaData()
    tables.reflect(db)
    assert set(tables.tables) == set()  # nothing before the first call
    store.purge_expired()
    tables.reflect(db)
    assert set(tables.tables) == set(TABLES)
    with db.connect() as connection:
        assert connection.scalars(text("SELECT version FROM schema_version")).all() == [1]
    assert SCHEMA_VERSION == 1


def test_a_second_instance_uses_the_existing_schema(make_store: MakeStore, db: Engine) -> None:
    key = make_store().open_room()
    assert make_store().room(key).code == key.code
    with db.connect() as connection:
        assert connection.scalars(text("SELECT version FROM schema_version")).all() == [1]


def test_a_database_from_a_newer_version_is_refused_and_left_alone(
    make_store: MakeStore, db: Engine
) -> None:
    key = make_store().open_room()
    with db.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = 2"))
    before = MetaData()
    before.reflect(db)
    newer = make_store()
    for call in (newer.open_room, newer.purge_expired, lambda: newer.room(key)):
        with pytest.raises(StoreError, match="version 2, newer") as refusal:
            call()
        assert refusal.value.kind == "unavailable"
    after = MetaData()
    after.reflect(db)
    assert sorted(after.tables) == sorted(before.tables)
    with db.connect() as connection:
        assert connection.scalars(text("SELECT version FROM schema_version")).all() == [2]
    assert count_rows(db, "rooms") == 1


def test_an_empty_newer_database_gets_no_tables(make_store: MakeStore, db: Engine) -> None:
    with db.begin() as connection:
        connection.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)"))
        connection.execute(text("INSERT INTO schema_version (version) VALUES (7)"))
    with refused("unavailable"):
        make_store().open_room()
    tables = MetaData()
    tables.reflect(db)
    assert set(tables.tables) == {"schema_version"}


# ---- configuration -------------------------------------------------------------------------------


def test_sqlite_connections_use_wal_and_wait_for_the_write_lock(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'classroom.sqlite3'}")
    try:
        store.purge_expired()
        # The store's own pool: these settings belong to each connection.
        with store._engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == 5_000
            assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.dispose()


def test_the_default_database_is_a_file_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "here"
    monkeypatch.setenv("RETENTION_LAB_DATA_DIR", str(folder))
    store = Store()
    try:
        assert store.backend == "sqlite"
        key = store.open_room()
        assert (folder / "classroom.sqlite3").is_file()
        assert store.room(key).code == key.code
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "mysql://user@localhost/lab",
        "sqlite://",
        "sqlite:///:memory:",
        "this is not a url",
    ],
)
def test_an_unusable_url_is_unavailable(url: str) -> None:
    with refused("unavailable"):
        Store(url)


def test_a_postgres_url_gets_the_psycopg_driver_and_hides_its_password() -> None:
    store = Store("postgres://trainer:s3cret@db.example.com:5432/lab")
    assert store.backend == "postgresql"
    assert store.url == "postgresql+psycopg://trainer:***@db.example.com:5432/lab"
    store.dispose()


def test_an_unreachable_server_is_unavailable() -> None:
    # Port 1 on the loopback: nobody listens, the connection is refused at once.
    store = Store("postgresql://postgres@127.0.0.1:1/lab")
    try:
        with refused("unavailable"):
            store.open_room()
    finally:
        store.dispose()


def test_every_kind_is_one_of_the_declared_ones() -> None:
    with pytest.raises(ValueError, match="kind"):
        StoreError("gone", "not a kind")  # type: ignore[arg-type]
    assert set(store_module.STORE_ISSUE_KINDS) == {
        "no_room",
        "room_closed",
        "room_full",
        "too_many_rooms",
        "not_allowed",
        "answer_too_large",
        "unavailable",
    }


@pytest.mark.parametrize(
    ("settings", "url"),
    [
        ({}, None),
        ({"connections": {}}, None),
        ({"connections": {"classroom": {"url": ""}}}, None),
        ({"connections": {"classroom": {"url": "  "}}}, None),
        ({"connections": {"classroom": {"url": 5432}}}, None),
        ({"connections": {"classroom": "postgresql://u@db/lab"}}, None),
        (
            {"connections": {"classroom": {"url": " postgresql://u@db/lab\n"}}},
            "postgresql://u@db/lab",
        ),
        ({"connections": {"other": {"url": "postgresql://u@db/lab"}}}, None),
    ],
)
def test_the_url_is_read_from_the_classroom_connection_in_the_secrets(
    settings: dict[str, Any], url: str | None
) -> None:
    assert configured_url(settings) == url


def test_a_purge_ahead_deletes_the_rooms_that_would_expire_before_the_next_one(
    store: Store, clock: Clock, db: Engine
) -> None:
    # The app purges every minute with a minute's margin: a room 23 h 59 min 30 s old goes now,
    # so none is still there at 24 h; one 23 h 57 min 30 s old stays for the next round.
    old = store.open_room()
    store.save_answer(store.join(old.code), {"retention": 0.7})
    clock.advance(timedelta(minutes=2))
    young = store.open_room()
    clock.advance(ROOM_LIFETIME - timedelta(minutes=2, seconds=30))
    assert store.purge_expired(ahead=timedelta(minutes=1)) == 1
    with refused("no_room"):
        store.room(old)
    assert store.room(young).code == young.code
    assert count_rows(db, "rooms") == 1
    assert count_rows(db, "answers") == 0
