"""Browser fixtures, once: one Streamlit server per session and Debian's Chromium.

Modelled on Streamlit's own ``e2e_playwright/conftest.py``: the server starts on a free port,
we poll ``/_stcore/health`` until it answers, and tests wait on the app's
``data-test-script-state`` and then on the text they expect. The browsers that
``playwright install`` downloads are not available here, so pytest-playwright is pointed at
``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
HEALTH_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
# A page's first render on two slow cores can take a few seconds; expect() waits this long.
EXPECT_TIMEOUT_MS = 15_000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(port: int) -> list[str]:
    """The command that serves app.py on `port`, as a user would start it (but headless)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def is_healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, timeout: float) -> None:
    """Poll the health endpoint until it answers 200; fail if the server dies or is too slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before healthy")
        if is_healthy(base_url):
            return
        time.sleep(0.1)
    raise TimeoutError(f"streamlit at {base_url} not healthy after {timeout:.0f} s")


def start_server(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        streamlit_command(port),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Terminate, and kill if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    """One Streamlit server for the whole session; yields its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    process = start_server(port)
    try:
        wait_until_healthy(process, base_url, HEALTH_TIMEOUT)
        yield base_url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def base_url(app_server: str) -> str:
    """pytest-base-url's fixture: `page.goto("/...")` goes to our server."""
    return app_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright launches Debian's Chromium instead of a downloaded browser."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A fixed English browser locale, so only ?lang= decides the language.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1400, "height": 900}}


@pytest.fixture(autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is an e2e test (``-m "not e2e"`` skips them all)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def wait_for_app(page: Page) -> None:
    """Wait until the app is connected and its script is not running.

    The state is also "notRunning" before the first run starts, so this alone proves little:
    always wait for the text you expect next.
    """
    for selector in (
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
        '[data-testid="stApp"][data-test-script-state="notRunning"]',
    ):
        page.locator(selector).wait_for(state="attached", timeout=EXPECT_TIMEOUT_MS)


def open_page(page: Page, path: str) -> None:
    """Go to `path` on the app server and wait for the first run to finish."""
    page.goto(path)
    wait_for_app(page)


def assert_page_healthy(page: Page) -> None:
    """No Python exception box and no "Page not found" on screen."""
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def metric_value(page: Page, label: str) -> Locator:
    """The value of the headline metric whose label is exactly `label` (not the sidebar's copy)."""
    label_locator = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=label_locator).get_by_test_id("stMetricValue")


def number_input(page: Page, label: str) -> Locator:
    """The number field labelled `label` (exact, so the "Help for …" button does not match)."""
    return page.get_by_test_id("stNumberInput").get_by_label(label, exact=True)


def enter_number(field: Locator, value: str) -> None:
    """Type a value and press Enter, which is when Streamlit sends it to the server."""
    field.fill(value)
    field.press("Enter")
