"""The app's server for browser tests, benchmarks and scripts: started as a user would start it.

Modelled on Streamlit's own ``e2e_playwright/conftest.py``: ``streamlit run streamlit_app.py``
(the deployed entry point: `app.py` served by `st.App`, its first-run imports done at start)
headless on a free port, then ``/_stcore/health`` is polled until it answers 200.

    with running_app() as server:
        page.goto(f"{server.base_url}/?lang=en")

A benchmark can give the server more environment variables and Streamlit options, e.g. its own
secrets file (``options=("--secrets.files", path)``: Streamlit then reads no other).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
HOST = "127.0.0.1"  # loopback only


@dataclass(frozen=True)
class AppServer:
    process: subprocess.Popen[bytes]
    base_url: str  # ``http://127.0.0.1:<port>``


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def streamlit_command(port: int, options: Sequence[str] = ()) -> list[str]:
    """The command that serves app.py on `port`, as a user would start it (but headless);
    `options`: more command-line options (``--section.option value`` pairs).

    >>> streamlit_command(8501, ("--secrets.files", "/tmp/s.toml"))[-2:]
    ['--secrets.files', '/tmp/s.toml']
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *options,
    ]


def is_healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=1) as response:
            status: int = response.status
            return status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, timeout_s: float) -> None:
    """Poll the health endpoint until it answers 200; fail if the server dies or is too slow."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before healthy")
        if is_healthy(base_url):
            return
        time.sleep(0.1)
    raise TimeoutError(f"streamlit at {base_url} not healthy after {timeout_s:.0f} s")


def start_server(
    port: int, env: Mapping[str, str] | None = None, options: Sequence[str] = ()
) -> subprocess.Popen[bytes]:
    """Start the server; `env` is added to the environment it inherits."""
    # The server inherits the environment, so a STREAMLIT_* option can be tried without a config.
    return subprocess.Popen(
        streamlit_command(port, options),
        cwd=ROOT,
        env=None if env is None else {**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Terminate, and kill if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_app(
    port: int | None = None,
    health_timeout_s: float = HEALTH_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
    options: Sequence[str] = (),
) -> Iterator[AppServer]:
    """Serve app.py on `port` (a free one if None) while the block runs; healthy on entry.

    `env`: variables added to the server's environment; `options`: more command-line options.
    """
    port = free_port() if port is None else port
    server = AppServer(start_server(port, env, options), f"http://{HOST}:{port}")
    try:
        wait_until_healthy(server.process, server.base_url, health_timeout_s)
        yield server
    finally:
        stop_server(server.process)
