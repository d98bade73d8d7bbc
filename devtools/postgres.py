"""A throwaway PostgreSQL server for the tests and the benchmarks, as pytest-postgresql starts one.

Debian's ``postgresql`` package puts the server's programs in ``/usr/lib/postgresql/<major>/bin``
(not on PATH). We ``initdb`` a cluster into a temporary folder, ``pg_ctl start`` it on a free TCP
port of 127.0.0.1 (its Unix socket in the same folder, so nothing of the machine's own clusters in
``/var/run/postgresql`` is touched), create a database and hand out its SQLAlchemy URL; on exit
the server is stopped and the folder removed. ``initdb`` refuses to run as root, so under root
the server's commands run as the ``postgres`` user (Debian's package creates it) through
``runuser``, in a folder that user owns. Authentication is ``trust``: the server listens on the
loopback interface only and lives as long as the test session.

    with postgres_server() as url:          # postgresql+psycopg://postgres@127.0.0.1:PORT/...
        with database(url) as test_url:     # a fresh, empty database on the same server
            ...

``python -m devtools.postgres`` starts one and prints its URL until Ctrl-C (for the benchmarks
or a look with ``psql``).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from devtools.server import HOST, free_port

POSTGRES_ROOT = Path("/usr/lib/postgresql")
# The programs a cluster of our own needs; Debian's client-only package lacks the first two.
PROGRAMS = ("initdb", "pg_ctl", "postgres")
# The operating-system user the server runs as when we are root (initdb refuses root).
SERVER_USER = "postgres"
# The database superuser initdb creates; with trust authentication it needs no password.
SUPERUSER = "postgres"
DATABASE = "retention_lab"
DRIVER = "postgresql+psycopg"
# How long pg_ctl waits for the server to accept connections, or to stop, before giving up.
START_TIMEOUT_S = 30
STOP_TIMEOUT_S = 30
# Another process may take the free port between our look and the server's bind: try again.
START_ATTEMPTS = 3
# Speed over durability: the cluster is thrown away at the end, so a crash can lose nothing
# that matters (the same settings pytest-postgresql's users and PostgreSQL's docs suggest).
SERVER_SETTINGS = {
    "listen_addresses": HOST,
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}
LOG_TAIL_CHARS = 2_000


def bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<major>/bin`` that holds a server, or None.

    >>> found = bin_dir()
    >>> found is None or (found / "initdb").exists()
    True
    """
    found: list[tuple[int, Path]] = []
    for candidate in POSTGRES_ROOT.glob("*/bin"):
        major = candidate.parent.name
        if major.isdigit() and all(os.access(candidate / name, os.X_OK) for name in PROGRAMS):
            found.append((int(major), candidate))
    return max(found)[1] if found else None


def available() -> bool:
    """True when a PostgreSQL server can be started here (Debian's ``postgresql`` installed).

    As root the server also needs the ``postgres`` user to run as.

    >>> isinstance(available(), bool)
    True
    """
    if bin_dir() is None:
        return False
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return False
    return True


def server_url(port: int, database_name: str = DATABASE) -> str:
    """The SQLAlchemy URL of `database_name` on our server at `port` (psycopg 3 driver).

    >>> server_url(54321)
    'postgresql+psycopg://postgres@127.0.0.1:54321/retention_lab'
    """
    return f"{DRIVER}://{SUPERUSER}@{HOST}:{port}/{database_name}"


def as_server_user(command: list[str]) -> list[str]:
    """`command` run as the server's user: unchanged unless we are root.

    >>> cmd = as_server_user(["initdb", "-D", "data"])
    >>> cmd[-3:]
    ['initdb', '-D', 'data']
    """
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


def _run(command: list[str], folder: Path) -> None:
    """Run a server command in `folder` (the server's user may not enter our working folder)."""
    result = subprocess.run(
        as_server_user(command), cwd=folder, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-LOG_TAIL_CHARS:]
        raise RuntimeError(f"{Path(command[0]).name} failed ({result.returncode}):\n{output}")


def _log_tail(log: Path) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL_CHARS:]
    except OSError:
        return "(no server log)"


def _make_folder() -> Path:
    """A fresh temporary folder the server's user owns (it keeps the cluster and the socket)."""
    folder = Path(tempfile.mkdtemp(prefix="retention-lab-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        os.chown(folder, user.pw_uid, user.pw_gid)
    return folder


def _start(programs: Path, data: Path, folder: Path, log: Path) -> int:
    """Start the cluster in `data` on a free port; return the port."""
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        settings = " ".join(f"-c {name}={value}" for name, value in SERVER_SETTINGS.items())
        options = f"-p {port} -k {folder} {settings}"
        command = [str(programs / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options]
        try:
            _run([*command, "-w", "-t", str(START_TIMEOUT_S), "start"], folder)
            return port
        except RuntimeError as error:
            if attempt == START_ATTEMPTS:
                raise RuntimeError(f"{error}\nserver log:\n{_log_tail(log)}") from error
    raise AssertionError("unreachable")  # the loop returns or raises


def _stop(programs: Path, data: Path, folder: Path) -> None:
    """Stop the server: fast shutdown (ends the sessions), immediate if that is refused."""
    command = [str(programs / "pg_ctl"), "-D", str(data), "-w", "-t", str(STOP_TIMEOUT_S)]
    try:
        _run([*command, "-m", "fast", "stop"], folder)
    except RuntimeError:
        _run([*command, "-m", "immediate", "stop"], folder)


def create_database(url: str, name: str) -> str:
    """Create the empty database `name` on the server of `url`; return its URL.

    `name` is ours (letters, digits, underscores), so it is quoted, not escaped.
    """
    if not name.replace("_", "").isalnum():
        raise ValueError(f"database name {name!r}: letters, digits and underscores only")
    _outside_a_transaction(url, f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, name: str) -> None:
    """Drop the database `name` on the server of `url`, ending any session still in it."""
    _outside_a_transaction(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _outside_a_transaction(url: str, statement: str) -> None:
    """Run `statement` on the server of `url` in autocommit mode (PostgreSQL creates and drops
    databases only outside a transaction)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@contextmanager
def database(url: str) -> Iterator[str]:
    """A fresh empty database on the server of `url` while the block runs; dropped after."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    fresh = create_database(url, name)
    try:
        yield fresh
    finally:
        drop_database(url, name)


@contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server of our own while the block runs; yields a database's SQLAlchemy URL.

    Raises RuntimeError when the server's programs are missing (see `available`) or it fails
    to start (with the end of its log).
    """
    programs = bin_dir()
    if programs is None or not available():
        raise RuntimeError(
            f"no PostgreSQL server in {POSTGRES_ROOT}/*/bin (install Debian's postgresql)"
        )
    folder = _make_folder()
    data, log = folder / "data", folder / "server.log"
    started = False
    try:
        _run(
            [
                str(programs / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            folder,
        )
        port = _start(programs, data, folder, log)
        started = True
        admin_url = server_url(port, "postgres")
        yield create_database(admin_url, DATABASE)
    finally:
        try:
            if started:
                _stop(programs, data, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Start a server, print its URL, keep it until Ctrl-C."""
    started = time.monotonic()
    with postgres_server() as url:
        print(f"{url}  (started in {time.monotonic() - started:.1f} s; Ctrl-C stops it)")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
