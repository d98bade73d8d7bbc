"""Faults in a real browser: the server restarts mid-session and the user's figures come back.

The browser reconnects by itself; the new server session rebuilds the scenario from the URL,
which carries every changed value.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    HEALTH_TIMEOUT,
    assert_page_healthy,
    enter_number,
    free_port,
    metric_value,
    number_input,
    start_server,
    stop_server,
    wait_for_app,
    wait_until_healthy,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

LOST = "Customers lost per year"


def test_a_server_restart_keeps_the_scenario_through_the_url(page: Page):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        wait_until_healthy(server, url, HEALTH_TIMEOUT)
        page.goto(f"{url}/?lang=en")
        wait_for_app(page)
        enter_number(number_input(page, "Annual retention (%)"), "90")
        enter_number(number_input(page, "Active customers"), "3000")
        expect(metric_value(page, LOST)).to_have_text("300")
        # The URL is written at the end of the run, after the numbers: wait for it.
        expect(page).to_have_url(re.compile(r"business\.active_customers=3000"))

        stop_server(server)
        server = start_server(port)
        wait_until_healthy(server, url, HEALTH_TIMEOUT)

        # Streamlit's client reconnects on its own; the new session reads the URL.
        wait_for_app(page)
        expect(metric_value(page, LOST)).to_have_text("300", timeout=60_000)
        expect(number_input(page, "Annual retention (%)")).to_have_value("90")
        assert_page_healthy(page)
    finally:
        stop_server(server)
