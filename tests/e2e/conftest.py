"""Browser fixtures, once: one Streamlit server per session and Debian's Chromium.

Modelled on Streamlit's own ``e2e_playwright/conftest.py``: the server starts on a free port,
we poll ``/_stcore/health`` until it answers (``devtools/server.py``), and tests wait on the
app's ``data-test-script-state`` and then on the text they expect (``devtools/browser.py``).
The browsers that ``playwright install`` downloads are not available here, so pytest-playwright
is pointed at ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import CHROMIUM, EXPECT_TIMEOUT_MS, AppPage, chromium_launch_args
from devtools.server import running_app


@pytest.fixture(scope="session")
def app_server() -> Iterator[str]:
    """One Streamlit server for the whole session; yields its base URL."""
    with running_app() as server:
        yield server.base_url


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
    return {**browser_type_launch_args, **chromium_launch_args()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A fixed English browser locale, so only ?lang= decides the language.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1400, "height": 900}}


@pytest.fixture
def app(page: Page) -> AppPage:
    """The app in pytest-playwright's `page`: open, wait, find metrics and inputs."""
    return AppPage(page)


@pytest.fixture(autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is an e2e test (``-m "not e2e"`` skips them all)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
