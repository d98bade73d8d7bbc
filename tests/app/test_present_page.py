"""Trainer mode in both languages: every step by the buttons and by ``?step=N``, bad links, the
class numbers moving each step's live number, and the handout button."""

import pytest

from calculators.present import STEPS, presentation_step
from calculators.scenario import FIELDS, default_scenario
from tests.app.conftest import assert_no_raw_keys, metric_values
from ui.fmt import Formatter
from ui.i18n import translate
from ui.nav import PRESENT
from ui.present import step_view
from ui.widgets import to_display, widget_key

NBSP = "\u00a0"
COUNT = len(STEPS)
# The headline of each step with the example figures (the numbers are checked by hand in
# tests/calculators/test_present.py).
DEFAULTS = {
    "en": [
        "€1,071,429",
        "€50,000",
        "150",
        "1,318",
        "€525",
        "+36.1%",
        "€2,969",
        "-1.2 points",
        "1 of 7",
    ],
    "it": [
        f"1.071.429{NBSP}€",
        f"50.000{NBSP}€",
        "150",
        "1.318",
        f"525{NBSP}€",
        "+36,1%",
        f"2.969{NBSP}€",
        "-1,2 punti",
        "1 su 7",
    ],
}


def expected_view(lang: str, number: int):
    return step_view(default_scenario(), number, Formatter(lang))


def shown_step(at) -> int:
    """The step on screen, read from the "3 / 9" indicator."""
    indicator = [m.value for m in at.markdown if " / " in str(m.value) and len(m.value) <= 7]
    assert len(indicator) == 1, indicator
    step, count = indicator[0].split(" / ")
    assert int(count) == COUNT
    return int(step)


def assert_step(at, lang: str, number: int) -> None:
    assert not at.exception, at.exception
    view = expected_view(lang, number)
    assert shown_step(at) == number
    assert at.query_params["step"] == str(number)
    assert at.title[0].value == view.title
    assert metric_values(at) == {view.label: view.value}
    assert view.value == DEFAULTS[lang][number - 1]
    assert any(m.value == view.sentence for m in at.markdown)
    assert len(at.get("plotly_chart")) == 1
    # The class numbers of the step, and no other input of the page.
    shown = {w.key for w in (*at.number_input, *at.selectbox) if w.key.startswith("input.")}
    assert {widget_key(path) for path in view.fields} <= shown
    assert_no_raw_keys(at)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_walk_every_step_with_the_buttons(open_app, lang):
    at = open_app(PRESENT, lang=lang)
    assert at.button(key="present.previous").disabled
    for number in range(1, COUNT + 1):
        assert_step(at, lang, number)
        if number < COUNT:
            at.button(key="present.next").click().run()
    assert at.button(key="present.next").disabled
    for number in range(COUNT - 1, 0, -1):
        at.button(key="present.previous").click().run()
        assert_step(at, lang, number)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_step_opens_from_its_link(open_app, lang):
    for number in range(1, COUNT + 1):
        at = open_app(PRESENT, lang=lang, step=str(number))
        assert_step(at, lang, number)


@pytest.mark.parametrize("raw", ["0", "10", "-1", "2.5", "abc", "", " 3", "1e1", "٣", "99999999"])
def test_a_bad_step_in_the_link_shows_step_one(open_app, raw):
    at = open_app(PRESENT, lang="en", step=raw)
    assert_step(at, "en", 1)
    assert "does not exist" in at.toast[0].value
    # The URL now says step 1; the next run has nothing to report.
    at.run()
    assert_step(at, "en", 1)
    assert len(at.toast) == 0


def test_the_step_survives_a_run_without_it_in_the_url(open_app):
    at = open_app(PRESENT, lang="en", step="4")
    del at.query_params["step"]
    at.run()
    assert_step(at, "en", 4)


def test_other_parameters_are_kept(open_app):
    at = open_app(PRESENT, lang="it", step="3", **{"business.retention": "0.9"})
    at.button(key="present.next").click().run()
    assert at.query_params["step"] == "4"
    assert at.query_params["lang"] == "it"
    assert at.query_params["business.retention"] == "0.9"


def _new_value(path: str, shown: object) -> object:
    """A clearly different value for the input of `path`, in the units the input shows."""
    spec = FIELDS[path]
    if spec.kind == "choice":
        return next(choice for choice in spec.choices if choice != shown)
    if spec.unit == "ratio":
        return shown * 2
    if spec.kind == "int":
        return max(int(shown) // 2, 1) if shown > 1 else 2
    return shown / 2 if shown else to_display(spec, spec.high)


# Class numbers that change the step's sentence and chart but not its headline (see
# tests/calculators/test_present.py), and values that show an effect.
NOT_IN_HEADLINE = {
    ("acquisition", "acquisition.acquire_to_retain_ratio"),
    ("word_of_mouth", "word_of_mouth.tell_positive"),
    ("expectations", "expectations.responsiveness.delivered"),
}
MOVES = {("iceberg", "business.active_customers"): 100}


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("number", range(1, COUNT + 1))
def test_class_numbers_change_the_live_number(open_app, lang, number):
    step = STEPS[number - 1]
    fields = presentation_step(default_scenario(), step).fields
    for path in fields:
        at = open_app(PRESENT, lang=lang, step=str(number))
        before_metric = metric_values(at)
        before_texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
        key = widget_key(path)
        widget = (
            at.selectbox(key=key) if FIELDS[path].kind == "choice" else at.number_input(key=key)
        )
        widget.set_value(MOVES.get((step, path), _new_value(path, widget.value))).run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        assert shown_step(at) == number
        after_metric = metric_values(at)
        if (step, path) in NOT_IN_HEADLINE:
            after_texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
            assert after_texts != before_texts, path
        else:
            assert after_metric != before_metric, path


def test_a_bad_class_number_keeps_the_step_and_says_why(open_app):
    at = open_app(PRESENT, lang="en", step="1")
    at.number_input(key=widget_key("business.retention")).set_value(100.0).run()
    assert not at.exception
    assert "Annual retention (%)" in at.error[0].value
    # The scenario kept its last good value: the headline did not move.
    assert metric_values(at) == {"What your customers are worth": "€1,071,429"}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_handout_button_is_on_every_step(open_app, lang):
    at = open_app(PRESENT, lang=lang)
    for number in range(1, COUNT + 1):
        buttons = [b for b in at.get("download_button") if b.key == "present.handout"]
        assert len(buttons) == 1, number
        assert buttons[0].proto.label == translate(lang, "present.handout.button")
        if number < COUNT:
            at.button(key="present.next").click().run()


def test_present_is_in_the_menu_before_scenarios():
    from ui.nav import PAGES, SCENARIOS

    assert PAGES.index(PRESENT) == PAGES.index(SCENARIOS) - 1
