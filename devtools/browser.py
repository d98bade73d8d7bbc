"""The app in a real browser: Debian's Chromium, and the waits and locators the tests need.

Modelled on Streamlit's own e2e suite: after an action, wait until the app is connected and its
script is not running (``data-test-script-state``), then wait on the text you expect. The
browsers that ``playwright install`` downloads are not available here, so Playwright launches
``/usr/bin/chromium``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

CHROMIUM = Path("/usr/bin/chromium")
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
# A page's first render on two slow cores can take a few seconds; expect() waits this long.
EXPECT_TIMEOUT_MS = 15_000
# The handout is built when clicked: plotly.js and nine charts, a few seconds on a slow machine.
DOWNLOAD_TIMEOUT_MS = 30_000


def chromium_launch_args() -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``: Debian's Chromium, headless."""
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@dataclass(frozen=True)
class AppPage:
    """The app in one browser tab: open a page, wait for its run, find a metric or an input."""

    page: Page

    def open(self, url: str) -> None:
        """Go to `url` (a path is taken from the base URL) and wait for the first run to finish."""
        self.page.goto(url)
        self.wait()

    def wait(self) -> None:
        """Wait until the app is connected and its script is not running.

        The state is also "notRunning" before the first run starts, so this alone proves little:
        always wait for the text you expect next.
        """
        for selector in (
            '[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
            '[data-testid="stApp"][data-test-script-state="notRunning"]',
        ):
            self.page.locator(selector).wait_for(state="attached", timeout=EXPECT_TIMEOUT_MS)

    def assert_healthy(self) -> None:
        """No Python exception box and no "Page not found" on screen."""
        expect(self.page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(self.page.get_by_text("Page not found")).to_have_count(0)

    def metric(self, label: str) -> Locator:
        """The value of the headline metric labelled exactly `label` (not the sidebar's copy)."""
        label_locator = self.page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
        metric = self.page.get_by_test_id("stMetric").filter(has=label_locator)
        return metric.get_by_test_id("stMetricValue")

    def chart(self, key: str) -> Locator:
        """The Plotly chart drawn with the element key `key` (``<prefix>_<name>_chart``)."""
        return self.page.locator(f".st-key-{key} .js-plotly-plot")

    def number_input(self, label: str) -> Locator:
        """The number field labelled `label` (exact, so the "Help for …" button does not match)."""
        return self.page.get_by_test_id("stNumberInput").get_by_label(label, exact=True)

    def enter_number(self, label: str, value: str) -> None:
        """Type `value` into the number input labelled `label` and press Enter, which is when
        Streamlit sends it to the server."""
        field = self.number_input(label)
        field.fill(value)
        field.press("Enter")

    def download_handout(
        self, menu: str, download: str, saved: Path, *, appendix: str | None = None
    ) -> Path:
        """In Trainer mode: open the handout menu labelled `menu`, tick the checkbox labelled
        `appendix` if given, click the button labelled `download` and save the file as `saved`."""
        self.page.get_by_role("button", name=menu).click()
        if appendix is not None:
            # Streamlit hides the input itself under its label: click the label's text.
            self.page.get_by_test_id("stPopoverBody").get_by_text(appendix, exact=True).click()
            expect(self.page.get_by_role("checkbox", name=appendix)).to_be_checked()
            self.wait()
        button = self.page.get_by_role("button", name=download)
        with self.page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as download_info:
            button.click()
        download_info.value.save_as(saved)
        return saved
