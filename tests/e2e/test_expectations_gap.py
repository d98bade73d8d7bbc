"""The Expectations gap page in a real browser: the radar and the bars render, and moving a
slider changes the sentence naming the biggest gap.

Defaults: responsiveness is promised 6 and perceived 4 (weight 25%), the largest weighted gap
(0.25 x 2 = 0.5); reliability is promised 6.5 and perceived 5 (weight 30%, 0.3 x 1.5 = 0.45).
Perceived reliability 3 makes reliability the largest (0.3 x 3.5 = 1.05).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from devtools.browser import AppPage

pytestmark = [pytest.mark.timeout(120)]

BIGGEST_EN = "Your biggest gap: Responsiveness — you promise 6, customers perceive 4."
BIGGEST_AFTER = "Your biggest gap: Reliability — you promise 6.5, customers perceive 3."
BIGGEST_IT = (
    "Il tuo divario più grande: Capacità di risposta — prometti 6, i clienti percepiscono 4."
)
# Streamlit turns the key's dots into dashes in the element's class; the thumb is a range input.
SLIDER = '.st-key-input-expectations-reliability-perceived input[type="range"]'


def alert_text(page: Page, containing: str):
    """The Markdown of the alert box that contains `containing` (without its icon)."""
    alert = page.get_by_test_id("stAlert").filter(has_text=containing)
    return alert.get_by_test_id("stMarkdownContainer")


def test_radar_and_bars_render_and_a_slider_moves_the_biggest_gap(page: Page, app: AppPage):
    app.open("/expectations_gap?lang=en")
    sentence = alert_text(page, "Your biggest gap")
    expect(sentence).to_have_text(BIGGEST_EN)

    radar = app.chart("exp_radar_chart")
    expect(radar.filter(has_text="Promised, delivered, perceived")).to_be_visible()
    expect(radar.locator(".scatterlayer .trace")).to_have_count(3)  # promised, delivered, perceived
    bars = app.chart("exp_bars_chart")
    expect(bars.filter(has_text="Responsiveness (25%)")).to_be_visible()
    points = bars.locator(".barlayer .point")
    expect(points).to_have_count(10)  # promise and perception gap of five dimensions
    expect(points.last).to_be_visible()  # responsiveness's perception gap, on top

    slider = page.locator(SLIDER)
    expect(slider).to_have_value("5")
    slider.focus()
    for _ in range(4):  # step 0.5: 5 -> 3
        slider.press("ArrowLeft")
    expect(slider).to_have_value("3")
    expect(sentence).to_have_text(BIGGEST_AFTER)
    expect(page).to_have_url(re.compile(r"[?&]expectations\.reliability\.perceived=3\.0(&|$)"))
    # The bars follow: reliability now on top with a 3.5-point shortfall.
    expect(bars.filter(has_text="+3.5")).to_be_visible()
    app.assert_healthy()


def test_the_page_in_italian_names_the_gap_in_italian(page: Page, app: AppPage):
    app.open("/expectations_gap?lang=it")
    expect(alert_text(page, "divario più grande")).to_have_text(BIGGEST_IT)
    expect(app.chart("exp_radar_chart").filter(has_text="Capacità di risposta")).to_be_visible()
    expect(
        app.chart("exp_bars_chart").filter(has_text="Capacità di risposta (25%)")
    ).to_be_visible()
    app.wait()
    app.assert_healthy()
