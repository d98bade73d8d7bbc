"""Faults in a real browser: the server restarts mid-session and the user's figures come back.

The browser reconnects by itself; the new server session rebuilds the scenario from the URL,
which carries every changed value.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage
from devtools.server import free_port, running_app

pytestmark = [pytest.mark.timeout(180)]

LOST = "Customers lost per year"


def test_a_server_restart_keeps_the_scenario_through_the_url(page: Page, app: AppPage):
    port = free_port()  # the restarted server comes back where the browser left it
    with running_app(port) as server:
        app.open(f"{server.base_url}/?lang=en")
        app.enter_number("Annual retention (%)", "90")
        app.enter_number("Active customers", "3000")
        expect(app.metric(LOST)).to_have_text("300")
        # The URL is written at the end of the run, after the numbers: wait for it.
        expect(page).to_have_url(re.compile(r"business\.active_customers=3000"))

    with running_app(port):
        # Streamlit's client reconnects on its own; the new session reads the URL.
        app.wait()
        expect(app.metric(LOST)).to_have_text("300", timeout=60_000)
        expect(app.number_input("Annual retention (%)")).to_have_value("90")
        app.assert_healthy()
