"""The live classroom through AppTest, in both languages: a trainer opens a room on the class
screen, participants join it by the QR code's link (their own sessions, the same server store),
answer (a bad value first), and the class screen shows their numbers; the class median then
becomes the scenario. Medians are checked against `statistics.median` of what was typed."""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from calculators.clv import customer_lifetime_value
from classroom.codes import format_code
from tests.app.conftest import assert_no_raw_keys, chart_titles, metric_values, texts
from ui.classroom import TICKET, TRAINER_KEY, WAY, export_csv
from ui.fmt import Formatter
from ui.i18n import translate
from ui.nav import JOIN, PRESENT

OpenApp = Callable[..., AppTest]


def open_room(open_app: OpenApp, lang: str = "en") -> tuple[AppTest, str]:
    """A trainer's session on the class screen with a room opened; the room's code."""
    at = open_app(PRESENT, step="class", lang=lang)
    at.button(key="classroom.open").click().run()
    assert not at.exception, at.exception
    key = at.session_state[TRAINER_KEY]
    return at, key.code


def fill(at: AppTest, values: dict[str, float | str], way: str = "retention") -> AppTest:
    """Type the answer into the join page's inputs (retention in percent) and send it."""
    if "sector" in values:
        at.selectbox(key="join.sector").set_value(values["sector"])
    at.radio(key=WAY).set_value(way).run()
    for name, value in values.items():
        if name != "sector":
            at.number_input(key=f"join.{name}").set_value(value)
    at.button(key="join.send").click().run()
    assert not at.exception, at.exception
    return at


ANSWERS = (
    {"sector": "retail_shop", "active_customers": 1000, "retention": 80.0,
     "acquisition_cost": 250.0, "margin_per_customer": 300.0, "complain_per_100": 20.0,
     "people_told": 5.0},
    {"sector": "ecommerce", "active_customers": 400, "retention": 60.0,
     "acquisition_cost": 40.0, "margin_per_customer": 90.0, "complain_per_100": 10.0,
     "people_told": 12.0},
    {"sector": "b2b_saas", "active_customers": 120, "retention": 90.0,
     "acquisition_cost": 1200.0, "margin_per_customer": 2400.0, "complain_per_100": 50.0,
     "people_told": 3.0},
)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_class_answers_and_the_projector_shows_its_medians(open_app: OpenApp, lang: str) -> None:
    trainer, code = open_room(open_app, lang)
    assert format_code(code) in texts(trainer)
    for answer in ANSWERS:
        phone = open_app(JOIN, room=code, lang=lang)
        assert phone.session_state[TICKET].code == code
        fill(phone, answer)
        assert phone.success, texts(phone)
    trainer.run()
    assert not trainer.exception, trainer.exception
    f = Formatter(lang, "EUR")
    shown = metric_values(trainer)
    assert shown[translate(lang, "classroom.answers")] == f.number(3)
    # The median CLV: each participant's m / (1 + 8% - r), the Overview's formula, computed here.
    clvs = [
        customer_lifetime_value(a["margin_per_customer"], a["retention"] / 100, 0.08)
        for a in ANSWERS
    ]
    assert shown[translate(lang, "classroom.median_clv")] == f.money(statistics.median(clvs))
    lost = sum(
        a["active_customers"] * (1 - a["retention"] / 100) * a["margin_per_customer"]
        for a in ANSWERS
    )
    assert shown[translate(lang, "classroom.margin_lost_total")] == f.money(lost)
    titles = chart_titles(trainer)
    median = translate(lang, "classroom.median", value=f.percent(0.8))
    assert f"{translate(lang, 'classroom.chart.retention')}<br>{median}" in titles
    assert_no_raw_keys(trainer)

    trainer.button(key="classroom.use_median").click().run()
    assert not trainer.exception, trainer.exception
    business = trainer.session_state["scenario"].business
    assert business.active_customers == 400
    assert business.retention == pytest.approx(0.8)
    assert business.acquisition_cost == pytest.approx(250.0)
    # Margin 300 (the median of 300, 90, 2,400) at the scenario's 30% gross margin.
    assert business.revenue_per_customer * business.gross_margin == pytest.approx(300.0)


def test_a_bad_value_is_named_under_its_input_and_nothing_is_stored(open_app: OpenApp) -> None:
    trainer, code = open_room(open_app)
    phone = open_app(JOIN, room=code, lang="en")
    bad = dict(ANSWERS[0], retention=150.0)
    fill(phone, bad)
    errors = [error.value for error in phone.error]
    assert any("Annual retention (%)" in error and "150%" in error for error in errors), errors
    trainer.run()
    assert metric_values(trainer)["Answers received"] == "0"
    fill(phone, dict(ANSWERS[0], retention=85.0))
    assert not [error.value for error in phone.error if "retention" in error.value.lower()]
    trainer.run()
    assert metric_values(trainer)["Answers received"] == "1"


def test_lost_customers_above_active_customers_is_refused(open_app: OpenApp) -> None:
    _, code = open_room(open_app)
    phone = open_app(JOIN, room=code, lang="en")
    answer = {k: v for k, v in ANSWERS[0].items() if k != "retention"}
    fill(phone, dict(answer, lost_customers=1500), way="lost_customers")
    errors = " ".join(error.value for error in phone.error)
    assert "Customers lost last year" in errors and "1,500" in errors and "1,000" in errors


def test_a_participant_corrects_the_answer_and_it_stays_one(open_app: OpenApp) -> None:
    trainer, code = open_room(open_app)
    phone = open_app(JOIN, room=code, lang="en")
    fill(phone, ANSWERS[0])
    fill(phone, dict(ANSWERS[0], active_customers=2000))
    trainer.run()
    assert metric_values(trainer)["Answers received"] == "1"
    business_lost = 2000 * 0.2 * 300
    assert metric_values(trainer)["Margin that walks out per year, whole class"] == "€120,000"
    assert business_lost == 120_000


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_wrong_code_says_so_in_the_users_language(open_app: OpenApp, lang: str) -> None:
    phone = open_app(JOIN, room="ZZZZZZ", lang=lang)
    assert translate(lang, "classroom.problem.no_room") in [e.value for e in phone.error]
    assert TICKET not in phone.session_state
    phone.text_input(key="join.code").set_value("not a code")
    phone.button(key="join.go").click().run()
    assert translate(lang, "classroom.problem.bad_code") in [e.value for e in phone.error]
    assert_no_raw_keys(phone)


def test_a_closed_room_takes_no_answer(open_app: OpenApp) -> None:
    trainer, code = open_room(open_app)
    phone = open_app(JOIN, room=code, lang="en")
    trainer.button(key="classroom.close").click().run()
    fill(phone, ANSWERS[0])
    assert translate("en", "classroom.problem.room_closed") in [e.value for e in phone.error]
    late = open_app(JOIN, room=code, lang="en")
    assert translate("en", "classroom.problem.room_closed") in [e.value for e in late.error]


def test_the_trainer_exports_the_answers_and_deletes_the_room(open_app: OpenApp) -> None:
    trainer, code = open_room(open_app)
    for answer in ANSWERS[:2]:
        fill(open_app(JOIN, room=code, lang="en"), answer)
    key = trainer.session_state[TRAINER_KEY]
    rows = list(csv.reader(io.StringIO(export_csv(key))))
    assert rows[0][:3] == ["number", "sector", "active_customers"]
    assert [row[:3] for row in rows[1:]] == [
        ["1", "retail_shop", "1000"],
        ["2", "ecommerce", "400"],
    ]
    retention = rows[0].index("retention")
    assert [float(row[retention]) for row in rows[1:]] == [0.8, 0.6]
    trainer.button(key="classroom.delete_now").click().run()
    assert not trainer.exception, trainer.exception
    assert TRAINER_KEY not in trainer.session_state
    assert translate("en", "classroom.deleted") in [s.value for s in trainer.success]
    assert trainer.button(key="classroom.open")  # back to "Open a room"
    late = open_app(JOIN, room=code, lang="en")
    assert translate("en", "classroom.problem.no_room") in [e.value for e in late.error]
