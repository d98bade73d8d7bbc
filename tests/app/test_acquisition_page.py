"""Acquisition vs retention page in both languages: numbers by hand, charts, inputs, URL values."""

import pytest

from tests.app.conftest import assert_no_raw_keys, metric_deltas, metric_values, texts
from ui.nav import ACQUISITION

NBSP = "\u00a0"


def test_default_numbers_in_english(open_app):
    at = open_app(ACQUISITION, lang="en")
    values = metric_values(at)
    # 1,000 customers, 80% retention, CAC €250, margin €300, programme €20 for +5 pp.
    assert values["Replacing the customers lost"] == "€50,000"
    assert values["Keeping them, by the 5× rule"] == "€10,000"
    assert values["Margin lost per year"] == "€60,000"
    assert values["Replacement cost ÷ margin lost"] == "0.83×"
    assert values["Year 10, today's retention"] == "777"
    assert values["Where it levels off"] == "750 → 1,000"
    # s* = 300 · [1 − (1.08 − 0.85) / (1.08 − 0.80)] = 53.57
    assert values["Break-even programme cost"] == "€53.57"
    assert values["Acquisition cost paid back in"] == "year 1"
    assert values["Lifetime value ÷ acquisition cost"] == "4.3×"
    # churn, leaky bucket, break-even and the payback chart with the saas_rules lines
    assert len(at.get("plotly_chart")) == 4
    assert_no_raw_keys(at)


def test_default_numbers_in_italian(open_app):
    at = open_app(ACQUISITION, lang="it")
    values = metric_values(at)
    assert values["Sostituire i clienti persi"] == f"50.000{NBSP}€"
    assert values["Costo di pareggio del programma"] == f"53,57{NBSP}€"
    assert values["Rientro del costo di acquisizione"] == "anno 1"
    assert_no_raw_keys(at)


def test_inputs_on_this_page_drive_the_numbers(open_app):
    at = open_app(ACQUISITION, lang="en")
    at.number_input(key="input.business.acquisition_cost").set_value(500.0).run()
    at.number_input(key="input.acquisition.acquire_to_retain_ratio").set_value(10.0).run()
    values = metric_values(at)
    assert values["Replacing the customers lost"] == "€100,000"
    assert values["Keeping them, by the 10× rule"] == "€10,000"
    at.number_input(key="input.retention_program.cost_per_customer").set_value(60.0).run()
    values = metric_values(at)
    assert values["Your programme's cost"] == "€60.00"
    # 53.57 < 60: the programme costs more than it earns. Gain = (53.57 − 60) / 0.23 = −27.95
    assert values["Net gain per customer won"] == "-€28"
    assert metric_deltas(at)["Net gain per customer won"] == "costs more than it earns"


def test_the_chart_follows_the_inputs(open_app):
    at = open_app(ACQUISITION, lang="en")
    at.number_input(key="input.business.retention").set_value(85.0).run()
    bucket = at.get("plotly_chart")[1].proto.spec
    assert "Today (85% retention)" in bucket
    assert "With the programme (90%)" in bucket


def test_retention_near_the_top_caps_the_programme_with_a_note(open_app):
    at = open_app(ACQUISITION, lang="en")
    at.number_input(key="input.business.retention").set_value(97.0).run()
    assert not at.exception
    assert "the programme is computed at 99%" in at.info[0].value
    assert metric_values(at)["Replacing the customers lost"] == "€7,500"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_values_from_the_link_are_used_and_bad_ones_reported(open_app, lang):
    at = open_app(
        ACQUISITION,
        lang=lang,
        **{
            "business.retention": "0.9",
            "business.active_customers": "-5",
            "business.acquisition_cost": "abc",
            "no.such": "1",
        },
    )
    assert not at.exception
    shown = texts(at)
    assert "`-5`" in shown and "`abc`" in shown and "`no.such`" in shown
    replaced = metric_values(at)[
        "Replacing the customers lost" if lang == "en" else "Sostituire i clienti persi"
    ]
    # 1,000 customers (default kept) × 10% churn × €250 (default kept).
    assert replaced == ("€25,000" if lang == "en" else f"25.000{NBSP}€")
    # The bad values leave the URL once reported; the good one stays.
    assert at.query_params.get("business.retention") == "0.9"
    assert "business.active_customers" not in at.query_params
