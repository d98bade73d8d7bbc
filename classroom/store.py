"""The live classroom's rooms and anonymous answers, in a database through SQLAlchemy 2.x.

SQLite by default: a file in the local data folder (``<repo>/.data/classroom.sqlite3``, or the
folder named by ``RETENTION_LAB_DATA_DIR``), nothing to install. PostgreSQL when a URL is given
(``postgresql+psycopg://user:password@host/database``; a bare ``postgresql://`` or
``postgres://`` is read as psycopg 3's): several app instances then share rooms. This module
never imports Streamlit: the UI reads the URL from ``st.secrets`` and passes it in.

Who may do what is decided by two kinds of secret, each a `secrets.token_urlsafe` string that
only its holder knows and that the database keeps as a SHA-256 hash:

- a `TrainerKey` (room code + trainer secret) reads, closes, exports and deletes its room;
- a `Ticket` (room code + participant secret) writes and reads its holder's one answer, in the
  room it joined and no other.

No method lists rooms or hands a participant anyone else's answer, so a participant session can
neither enumerate rooms nor read the class's answers.

Tables (schema version 1, created by the app on first use; a database with a newer version is
refused, never altered): ``schema_version``; ``rooms`` (code, trainer hash, opened/expires/closed
times, counters of participants and answers); ``participants`` (room, secret hash);
``answers`` (room, participant, number, the answer as JSON text). The store does not interpret
an answer's values: validating them is the pure model's job (``calculators/classroom.py``).

Every call is one short transaction, so one session's write never holds a lock while another
session reruns. A write first takes its room's row lock (``SELECT ... FOR UPDATE`` in
PostgreSQL; ``BEGIN IMMEDIATE``, the database's single write lock, in SQLite), then checks the
caps against the room's counters and updates them in the same transaction: a cap holds however
many sessions write at once, and an answer's number (1, 2, … in order of first answer) is never
given twice. Opening a room takes a database-wide lock instead (an advisory lock in PostgreSQL)
to count the rooms. Reads take no lock: PostgreSQL's MVCC and SQLite's WAL journal let them
run beside a writer.

A room lives `ROOM_LIFETIME` (24 h) from its opening. Once expired it is gone for every call at
once, whether or not it has been purged yet; its rows are deleted on the next `Store.open_room`,
`Store.join` or `Store.purge_expired`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

from sqlalchemy import (
    Column,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Row,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from classroom.codes import CODE_LENGTH, new_code, normalise_code

StoreIssueKind = Literal[
    "no_room",
    "room_closed",
    "room_full",
    "too_many_rooms",
    "not_allowed",
    "answer_too_large",
    "unavailable",
]
STORE_ISSUE_KINDS: tuple[StoreIssueKind, ...] = get_args(StoreIssueKind)

ROOM_LIFETIME = timedelta(hours=24)
# Caps: what one class needs with room to spare, small enough that a flood of rooms or answers
# cannot fill the disk of a free hosting tier (200 rooms × 200 answers × 2 KiB ≈ 80 MB at most).
MAX_OPEN_ROOMS = 200  # rooms that exist in the whole database (closed ones still hold answers)
MAX_PARTICIPANTS_PER_ROOM = 300  # joins: people who reload or switch phones join again
MAX_ANSWERS_PER_ROOM = 200
MAX_ANSWER_BYTES = 2_048  # one answer's values as UTF-8 JSON text

SCHEMA_VERSION = 1
# 32 random bytes: 256 bits, 43 URL-safe characters (`secrets.token_urlsafe`).
SECRET_BYTES = 32
HASH_HEX_CHARS = 64  # SHA-256 as hexadecimal
# A room code clashing with an existing one is drawn again; 31**6 codes against at most a few
# hundred rooms make even a second draw a one-in-millions event, so running out means a bug.
CODE_ATTEMPTS = 20

ROOT = Path(__file__).resolve().parent.parent
# Where the URL of a PostgreSQL database is set: ``[connections.classroom] url = "..."`` in
# ``.streamlit/secrets.toml`` (see `configured_url`).
SECRETS_SECTION = ("connections", "classroom")
SECRETS_KEY = "url"
DATA_DIR_ENV = "RETENTION_LAB_DATA_DIR"
DEFAULT_DATA_DIR = ROOT / ".data"
SQLITE_FILE = "classroom.sqlite3"
# SQLite: a writer waits this long for another's write lock before the call reports
# "unavailable"; each write holds it for a few milliseconds.
SQLITE_BUSY_TIMEOUT_S = 5.0
# SQLite connection settings, on every connection: WAL lets reads run beside the one writer;
# NORMAL syncs at checkpoints rather than every commit, which in WAL mode cannot corrupt the
# file (a power cut may lose the last commits, acceptable for a classroom poll).
SQLITE_PRAGMAS = (
    f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    # A deleted answer is overwritten with zeros in the file, not left in a free page: the
    # page's "deleted" means gone from the disk too.
    "PRAGMA secure_delete = ON",
)
# Switching a new file to WAL needs a moment alone with it and does not wait for that (SQLite
# answers "database is locked" at once, whatever busy_timeout says): connections opened together
# on a fresh file try again this often, for at most SQLITE_BUSY_TIMEOUT_S. The mode then stays
# in the file, so later connections only read it.
SQLITE_WAL_RETRY_S = 0.01
# The connection pool (both back ends): a class of 30 makes short calls, rarely more than a
# handful at the same instant; the rest wait for a free connection up to POOL_TIMEOUT_S.
POOL_SIZE = 5
POOL_MAX_OVERFLOW = 10
POOL_TIMEOUT_S = 30.0
# PostgreSQL: give up on an unreachable server after this long instead of hanging a page, and
# renew connections before a hosted server's idle timeout cuts them.
CONNECT_TIMEOUT_S = 5
POOL_RECYCLE_S = 1_800
# The execution option that makes SQLite's BEGIN take the write lock at once.
_WRITE_OPTION = "classroom_write"

Clock = Callable[[], datetime]


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key for PostgreSQL's advisory locks, from a readable name."""
    digest = hashlib.sha256(f"retention-lab:classroom:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# PostgreSQL advisory locks: creating the schema, and counting the rooms before opening one,
# are serialised database-wide; purges skip when another is already running.
SCHEMA_LOCK_KEY = _advisory_key("schema")
ROOMS_LOCK_KEY = _advisory_key("open_room")
PURGE_LOCK_KEY = _advisory_key("purge")


class StoreError(Exception):
    """Why a call was refused; the UI shows a message for `kind` (its text is for logs).

    >>> error = StoreError("room_closed", "room ABCDEF is closed")
    >>> error.kind, str(error)
    ('room_closed', 'room ABCDEF is closed')
    """

    def __init__(self, kind: StoreIssueKind, message: str) -> None:
        if kind not in STORE_ISSUE_KINDS:
            raise ValueError(f"kind must be one of {STORE_ISSUE_KINDS}, got {kind!r}")
        super().__init__(message)
        self.kind: StoreIssueKind = kind


@dataclass(frozen=True)
class TrainerKey:
    """Who may read, close, export and delete a room: its code and the trainer's secret."""

    code: str
    secret: str


@dataclass(frozen=True)
class Ticket:
    """A participant who joined a room: its code and the participant's secret."""

    code: str
    secret: str


@dataclass(frozen=True)
class RoomStatus:
    """A room as its trainer sees it; times in UTC, timezone-aware."""

    code: str
    opened_at: datetime
    expires_at: datetime
    closed: bool
    answers: int
    participants: int


@dataclass(frozen=True)
class StoredAnswer:
    """One participant's answer: numbered 1, 2, … in the order of first answers (never a secret)."""

    number: int
    values: dict[str, Any]
    updated_at: datetime


@dataclass(frozen=True)
class Limits:
    """The caps a store enforces; the defaults are the module's named constants.

    >>> Limits().answers_per_room == MAX_ANSWERS_PER_ROOM
    True
    """

    open_rooms: int = MAX_OPEN_ROOMS
    participants_per_room: int = MAX_PARTICIPANTS_PER_ROOM
    answers_per_room: int = MAX_ANSWERS_PER_ROOM
    answer_bytes: int = MAX_ANSWER_BYTES

    def __post_init__(self) -> None:
        for name in ("open_rooms", "participants_per_room", "answers_per_room", "answer_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on the way in and out, whatever the back end keeps.

    PostgreSQL keeps ``timestamp with time zone``; SQLite keeps the UTC wall time as ISO text,
    which sorts and compares in time order because every value has the same format and zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored: give its time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Constraint names fixed here rather than left to each back end, so the schema reads the same
# in both and a later version can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
schema_version_table = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
)
rooms_table = Table(
    "rooms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(CODE_LENGTH), nullable=False, unique=True),
    Column("trainer_hash", String(HASH_HEX_CHARS), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
    Column("closed_at", UtcDateTime, nullable=True),
    # Counters kept under the room's row lock: the caps and answer numbers come from them.
    Column("participants", Integer, nullable=False),
    Column("answers", Integer, nullable=False),
)
participants_table = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    Column("secret_hash", String(HASH_HEX_CHARS), nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
    UniqueConstraint("room_id", "secret_hash"),
)
answers_table = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("answer_json", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # One answer per participant, and one participant per number, even if a bug raced.
    UniqueConstraint("room_id", "participant_id"),
    UniqueConstraint("room_id", "number"),
)


def new_secret() -> str:
    """A fresh secret for a trainer key or a ticket: `SECRET_BYTES` random bytes, URL-safe.

    >>> len(new_secret())
    43
    """
    return secrets.token_urlsafe(SECRET_BYTES)


def hash_secret(secret: str) -> str:
    """What the database keeps of a secret: its SHA-256, hexadecimal.

    A secret has 256 random bits, so a plain (unsalted, fast) hash is enough: nobody can search
    that space, and a leaked database gives no working key.

    >>> hash_secret("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def encode_values(values: Mapping[str, Any]) -> str:
    """An answer's values as the compact JSON text the database keeps (keys in given order).

    NaN and infinities are refused (JSON has no such numbers), as is anything JSON cannot hold.

    >>> encode_values({"retention": 0.8, "sector": "retail"})
    '{"retention":0.8,"sector":"retail"}'
    """
    try:
        return json.dumps(dict(values), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"answer values must be plain JSON data: {error}") from error


def data_dir() -> Path:
    """The local data folder: ``$RETENTION_LAB_DATA_DIR`` if set, else ``<repo>/.data``.

    >>> data_dir().name if DATA_DIR_ENV not in os.environ else ".data"
    '.data'
    """
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_DATA_DIR


def default_url() -> str:
    """The SQLite URL of the classroom database in the local data folder.

    >>> default_url().startswith("sqlite:///") and default_url().endswith(SQLITE_FILE)
    True
    """
    return f"sqlite:///{data_dir() / SQLITE_FILE}"


def database_url(url: str | None) -> URL:
    """The SQLAlchemy URL a store connects to: `url`, the default SQLite file when None.

    PostgreSQL URLs without a driver get psycopg 3's (the one installed); other back ends, and
    an in-memory SQLite that each connection would see empty, are refused as "unavailable".

    >>> database_url("postgres://u:pw@db.example.com/lab").render_as_string()
    'postgresql+psycopg://u:***@db.example.com/lab'
    """
    try:
        parsed = make_url(url if url is not None else default_url())
    except ArgumentError as error:
        raise StoreError("unavailable", "the classroom database URL cannot be read") from error
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            "unavailable", f"the classroom database must be SQLite or PostgreSQL, not {backend}"
        )
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise StoreError("unavailable", "the classroom's SQLite database must be a file")
    return parsed


def configured_url(settings: Mapping[str, Any]) -> str | None:
    """The database URL set in Streamlit's secrets (the UI passes ``st.secrets``), or None.

    None (nothing set, or an empty string) means the default SQLite file. In
    ``.streamlit/secrets.toml``, the section Streamlit's own connections use::

        [connections.classroom]
        url = "postgresql://user:password@db.example.com:5432/retention_lab"

    >>> configured_url({"connections": {"classroom": {"url": "postgresql://u@db/lab"}}})
    'postgresql://u@db/lab'
    >>> configured_url({}) is None
    True
    """
    section: Any = settings
    for name in SECRETS_SECTION:
        section = section.get(name) if isinstance(section, Mapping) else None
    url = section.get(SECRETS_KEY) if isinstance(section, Mapping) else None
    if not isinstance(url, str) or not url.strip():
        return None
    return url.strip()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Every new SQLite connection: our own BEGINs (see `_sqlite_begin`), then the pragmas."""
    # sqlite3's own transaction handling would BEGIN only before a write and never IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        _sqlite_use_wal(cursor)
    finally:
        cursor.close()


def _sqlite_use_wal(cursor: Any) -> None:
    """Put the file in WAL mode unless it is already (a file system without WAL keeps its mode)."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(SQLITE_WAL_RETRY_S)


def _sqlite_begin(connection: Connection) -> None:
    """SQLite: a write transaction takes the write lock at BEGIN, a read takes none.

    With a deferred BEGIN, a transaction that reads and then writes may find on its first write
    that another writer committed meanwhile, and fails at once (busy_timeout cannot help);
    ``BEGIN IMMEDIATE`` waits for the lock up front, so the read-check-write is serialised.
    """
    write = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")


def _create_engine(url: URL) -> Engine:
    pool = {
        "pool_size": POOL_SIZE,
        "max_overflow": POOL_MAX_OVERFLOW,
        "pool_timeout": POOL_TIMEOUT_S,
    }
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
            **pool,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_recycle=POOL_RECYCLE_S,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        **pool,
    )


class Store:
    """Rooms and answers of the live classroom in one database (thread-safe; one per process).

    `url`: a SQLAlchemy URL, None for the SQLite file in the local data folder. `now`: the
    clock (UTC, timezone-aware), for tests. `limits`: the caps, the module's constants unless
    given. Every refusal is a `StoreError` whose `kind` the UI translates.

    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = Store(f"sqlite:///{folder.name}/example.sqlite3")
    >>> key = store.open_room()
    >>> ticket = store.join(key.code.lower())
    >>> store.save_answer(ticket, {"retention": 0.80})
    >>> store.save_answer(ticket, {"retention": 0.85})  # a correction replaces the answer
    >>> store.my_answer(ticket)
    {'retention': 0.85}
    >>> [(answer.number, answer.values) for answer in store.answers(key)]
    [(1, {'retention': 0.85})]
    >>> store.close(key)
    >>> try:
    ...     store.join(key.code)
    ... except StoreError as error:
    ...     print(error.kind)
    room_closed
    >>> store.delete(key)
    >>> store.dispose()
    >>> folder.cleanup()
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        now: Clock | None = None,
        limits: Limits | None = None,
    ) -> None:
        self._url = database_url(url)
        self._clock: Clock = now if now is not None else _utc_now
        self.limits = limits if limits is not None else Limits()
        if self._url.get_backend_name() == "sqlite" and self._url.database:
            try:
                Path(self._url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    "unavailable", f"cannot create the classroom's data folder: {error}"
                ) from error
        self._engine = _create_engine(self._url)
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    @property
    def backend(self) -> Literal["sqlite", "postgresql"]:
        """Which database this store writes to."""
        return "sqlite" if self._url.get_backend_name() == "sqlite" else "postgresql"

    @property
    def url(self) -> str:
        """The database URL, password hidden (for logs and benchmark printouts)."""
        return self._url.render_as_string(hide_password=True)

    # ---- trainer ------------------------------------------------------------------------

    def open_room(self) -> TrainerKey:
        """Open a room with a fresh unique code; the key is the only way to manage it.

        Refused with "too_many_rooms" when `Limits.open_rooms` rooms exist (expired ones
        excepted: they are purged first).
        """
        now = self._begin_call()
        self._purge(now)
        secret = new_secret()
        with self._transaction(write=True) as connection:
            self._lock_all_rooms(connection)
            live = connection.scalar(
                select(func.count()).select_from(rooms_table).where(rooms_table.c.expires_at > now)
            )
            if int(live or 0) >= self.limits.open_rooms:
                raise StoreError(
                    "too_many_rooms", f"{self.limits.open_rooms} rooms are open already"
                )
            code = self._unused_code(connection)
            connection.execute(
                insert(rooms_table).values(
                    code=code,
                    trainer_hash=hash_secret(secret),
                    opened_at=now,
                    expires_at=now + ROOM_LIFETIME,
                    closed_at=None,
                    participants=0,
                    answers=0,
                )
            )
        return TrainerKey(code=code, secret=secret)

    def room(self, key: TrainerKey) -> RoomStatus:
        """The room's status for its trainer; "not_allowed" for a wrong secret."""
        now = self._begin_call()
        with self._transaction(write=False) as connection:
            room = self._trainer_room(connection, key, now, lock=False)
        return RoomStatus(
            code=str(room.code),
            opened_at=room.opened_at,
            expires_at=room.expires_at,
            closed=room.closed_at is not None,
            answers=int(room.answers),
            participants=int(room.participants),
        )

    def answers(self, key: TrainerKey) -> list[StoredAnswer]:
        """Every answer in the room, by number, for its trainer (the projector and the export)."""
        now = self._begin_call()
        with self._transaction(write=False) as connection:
            room = self._trainer_room(connection, key, now, lock=False)
            rows = connection.execute(
                select(
                    answers_table.c.number,
                    answers_table.c.answer_json,
                    answers_table.c.updated_at,
                )
                .where(answers_table.c.room_id == room.id)
                .order_by(answers_table.c.number)
            ).all()
        return [
            StoredAnswer(
                number=int(row.number),
                values=json.loads(row.answer_json),
                updated_at=row.updated_at,
            )
            for row in rows
        ]

    def close(self, key: TrainerKey) -> None:
        """Close the room: no more joins or answers; the answers stay readable. Idempotent."""
        now = self._begin_call()
        with self._transaction(write=True) as connection:
            room = self._trainer_room(connection, key, now, lock=True)
            if room.closed_at is None:
                connection.execute(
                    update(rooms_table).where(rooms_table.c.id == room.id).values(closed_at=now)
                )

    def delete(self, key: TrainerKey) -> None:
        """Delete the room, its participants and all its answers, now."""
        now = self._begin_call()
        with self._transaction(write=True) as connection:
            room = self._trainer_room(connection, key, now, lock=True)
            self._delete_rooms(connection, [int(room.id)])

    # ---- participant --------------------------------------------------------------------

    def join(self, code: str) -> Ticket:
        """Join the room with `code` (as typed: `normalise_code` reads it); a ticket to answer.

        An unknown, expired or deleted code, or text that is no code, is "no_room": one error,
        one query, whatever the reason. A closed room is "room_closed"; a room that
        `Limits.participants_per_room` people joined already is "room_full".
        """
        now = self._begin_call()
        self._purge(now)
        normal = normalise_code(code)
        if normal is None:
            raise StoreError("no_room", "no open room with this code")
        secret = new_secret()
        with self._transaction(write=True) as connection:
            room = self._live_room(connection, normal, now, lock=True)
            if room is None:
                raise StoreError("no_room", "no open room with this code")
            if room.closed_at is not None:
                raise StoreError("room_closed", f"room {normal} is closed")
            if int(room.participants) >= self.limits.participants_per_room:
                raise StoreError(
                    "room_full",
                    f"room {normal} has {self.limits.participants_per_room} participants",
                )
            connection.execute(
                insert(participants_table).values(
                    room_id=room.id, secret_hash=hash_secret(secret), joined_at=now
                )
            )
            connection.execute(
                update(rooms_table)
                .where(rooms_table.c.id == room.id)
                .values(participants=rooms_table.c.participants + 1)
            )
        return Ticket(code=normal, secret=secret)

    def save_answer(self, ticket: Ticket, values: Mapping[str, Any]) -> None:
        """Store the ticket holder's answer, or replace it (it keeps its number).

        Refused: "answer_too_large" over `Limits.answer_bytes` of JSON; "no_room" for a room
        that is gone; "not_allowed" for a ticket that did not join this room; "room_closed";
        "room_full" for a new answer when the room holds `Limits.answers_per_room`.
        Raises ValueError for values JSON cannot hold (the model validates them first).
        """
        encoded = encode_values(values)
        size = len(encoded.encode("utf-8"))
        if size > self.limits.answer_bytes:
            raise StoreError(
                "answer_too_large",
                f"the answer takes {size} bytes, more than {self.limits.answer_bytes}",
            )
        now = self._begin_call()
        with self._transaction(write=True) as connection:
            room, participant_id = self._ticket_room(connection, ticket, now, lock=True)
            if room.closed_at is not None:
                raise StoreError("room_closed", f"room {room.code} is closed")
            mine = (answers_table.c.room_id == room.id) & (
                answers_table.c.participant_id == participant_id
            )
            corrected = connection.execute(
                update(answers_table).where(mine).values(answer_json=encoded, updated_at=now)
            ).rowcount
            if corrected:
                return
            if int(room.answers) >= self.limits.answers_per_room:
                raise StoreError(
                    "room_full", f"room {room.code} holds {self.limits.answers_per_room} answers"
                )
            connection.execute(
                insert(answers_table).values(
                    room_id=room.id,
                    participant_id=participant_id,
                    number=int(room.answers) + 1,
                    answer_json=encoded,
                    created_at=now,
                    updated_at=now,
                )
            )
            connection.execute(
                update(rooms_table)
                .where(rooms_table.c.id == room.id)
                .values(answers=rooms_table.c.answers + 1)
            )

    def my_answer(self, ticket: Ticket) -> dict[str, Any] | None:
        """The ticket holder's own answer (None before the first save), never anyone else's."""
        now = self._begin_call()
        with self._transaction(write=False) as connection:
            room, participant_id = self._ticket_room(connection, ticket, now, lock=False)
            stored = connection.scalar(
                select(answers_table.c.answer_json).where(
                    answers_table.c.room_id == room.id,
                    answers_table.c.participant_id == participant_id,
                )
            )
        if stored is None:
            return None
        answer: dict[str, Any] = json.loads(stored)
        return answer

    # ---- housekeeping -------------------------------------------------------------------

    def purge_expired(self, ahead: timedelta = timedelta(0)) -> int:
        """Delete the rooms (and their answers) older than `ROOM_LIFETIME` − `ahead`; how many.

        A purge that runs every `ahead` (the app's timer, `ui.classroom.PURGE_EVERY`) with that
        margin deletes every room before it is `ROOM_LIFETIME` old, never after.
        """
        now = self._begin_call()
        return self._purge(now + ahead)

    def dispose(self) -> None:
        """Close the pool's connections (the store can still be used: it reconnects)."""
        self._engine.dispose()

    # ---- internals ----------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the store's clock must give timezone-aware datetimes")
        return now.astimezone(UTC)

    def _begin_call(self) -> datetime:
        """Every public call: the schema ready (once per store), then the time of the call."""
        if not self._schema_ready:
            with self._schema_lock:
                if not self._schema_ready:
                    self._ensure_schema()
                    self._schema_ready = True
        return self._now()

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        """One short transaction; a database failure becomes StoreError("unavailable")."""
        try:
            with self._engine.connect() as connection:
                if write:
                    connection.execution_options(**{_WRITE_OPTION: True})
                with connection.begin():
                    yield connection
        except SQLAlchemyError as error:
            # The exception's text can hold SQL parameters; the log gets it via __cause__.
            raise StoreError(
                "unavailable", f"the classroom database failed: {type(error).__name__}"
            ) from error

    def _ensure_schema(self) -> None:
        """Create the tables on first use; refuse a database made by a newer version."""
        with self._transaction(write=True) as connection:
            if self.backend == "postgresql":
                # Two app instances starting together: the second waits, then finds the tables.
                connection.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK_KEY)))
            found: int | None = None
            if inspect(connection).has_table(schema_version_table.name):
                found = connection.scalar(select(func.max(schema_version_table.c.version)))
            if found is not None and found != SCHEMA_VERSION:
                newer = found > SCHEMA_VERSION
                raise StoreError(
                    "unavailable",
                    f"the classroom database has schema version {found}, "
                    f"{'newer' if newer else 'older'} than this app's {SCHEMA_VERSION}: "
                    "it is left as it is"
                    + (" (update the app)" if newer else " (no migration known)"),
                )
            metadata.create_all(connection, checkfirst=True)
            if found is None:
                connection.execute(insert(schema_version_table).values(version=SCHEMA_VERSION))

    def _lock_all_rooms(self, connection: Connection) -> None:
        """Serialise the calls that count all rooms (SQLite's BEGIN IMMEDIATE already does)."""
        if self.backend == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(ROOMS_LOCK_KEY)))

    def _unused_code(self, connection: Connection) -> str:
        for _ in range(CODE_ATTEMPTS):
            code = new_code()
            taken = connection.scalar(select(rooms_table.c.id).where(rooms_table.c.code == code))
            if taken is None:
                return code
        raise StoreError("unavailable", f"no free room code in {CODE_ATTEMPTS} draws")

    def _live_room(
        self, connection: Connection, code: str, now: datetime, *, lock: bool
    ) -> Row[Any] | None:
        """The room with `code` unless it expired; with its row locked for a write."""
        query = select(rooms_table).where(
            rooms_table.c.code == code, rooms_table.c.expires_at > now
        )
        if lock:
            query = query.with_for_update()
        return connection.execute(query).first()

    def _trainer_room(
        self, connection: Connection, key: TrainerKey, now: datetime, *, lock: bool
    ) -> Row[Any]:
        code = normalise_code(key.code)
        room = None if code is None else self._live_room(connection, code, now, lock=lock)
        if room is None:
            raise StoreError("no_room", "no open room with this code")
        if not hmac.compare_digest(str(room.trainer_hash), hash_secret(key.secret)):
            raise StoreError("not_allowed", f"this key does not manage room {code}")
        return room

    def _ticket_room(
        self, connection: Connection, ticket: Ticket, now: datetime, *, lock: bool
    ) -> tuple[Row[Any], int]:
        """The ticket's room and participant id; "not_allowed" if it did not join this room.

        The participant is found by the hash of the ticket's secret, in an index: what the
        database compares is a hash, whose leak or timing gives away nothing of the secret.
        """
        code = normalise_code(ticket.code)
        room = None if code is None else self._live_room(connection, code, now, lock=lock)
        if room is None:
            raise StoreError("no_room", "no open room with this code")
        participant_id = connection.scalar(
            select(participants_table.c.id).where(
                participants_table.c.room_id == room.id,
                participants_table.c.secret_hash == hash_secret(ticket.secret),
            )
        )
        if participant_id is None:
            raise StoreError("not_allowed", f"this ticket did not join room {code}")
        return room, int(participant_id)

    def _purge(self, now: datetime) -> int:
        """Delete expired rooms; a cheap read first, so most calls take no write lock."""
        with self._transaction(write=False) as connection:
            expired = connection.scalar(
                select(rooms_table.c.id).where(rooms_table.c.expires_at <= now).limit(1)
            )
        if expired is None:
            return 0
        with self._transaction(write=True) as connection:
            if self.backend == "postgresql":
                running = connection.scalar(select(func.pg_try_advisory_xact_lock(PURGE_LOCK_KEY)))
                if not running:
                    return 0  # another session is purging right now
            # A room a write holds locked at the very moment it expires waits for the next purge.
            room_ids = list(
                connection.scalars(
                    select(rooms_table.c.id)
                    .where(rooms_table.c.expires_at <= now)
                    .with_for_update(skip_locked=True)
                )
            )
            self._delete_rooms(connection, room_ids)
        return len(room_ids)

    @staticmethod
    def _delete_rooms(connection: Connection, room_ids: list[int]) -> None:
        """Delete rooms with their answers and participants, children first (no cascade needed)."""
        if not room_ids:
            return
        connection.execute(delete(answers_table).where(answers_table.c.room_id.in_(room_ids)))
        connection.execute(
            delete(participants_table).where(participants_table.c.room_id.in_(room_ids))
        )
        connection.execute(delete(rooms_table).where(rooms_table.c.id.in_(room_ids)))
