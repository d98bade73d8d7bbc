"""Overview page in both languages: key numbers editable, headline results live, bad input kept."""

import pytest

from tests.app.conftest import assert_no_raw_keys, metric_deltas, metric_values, texts
from ui.nav import OVERVIEW

NBSP = "\u00a0"
RETENTION = "input.business.retention"


def test_default_headlines_in_english(open_app):
    at = open_app(OVERVIEW, lang="en")
    values = metric_values(at)
    assert values["Customers lost per year"] == "200"
    assert values["Margin that walks out per year"] == "€60,000"
    assert values["Cost of replacing them, per year"] == "€50,000"
    # Flat-margin CLV, no acquisition cost: 300 / 0.23 − 300 / 0.28 = €232.92 (+21.7%).
    assert values["+5\u00a0pp of retention: lifetime value gained per customer"] == "€233"
    assert values["Lifetime value of a customer (CLV)"] == "€1,071"
    assert values["Lifetime value ÷ acquisition cost"] == "4.3×"
    assert_no_raw_keys(at)


def test_default_headlines_in_italian(open_app):
    at = open_app(OVERVIEW, lang="it")
    values = metric_values(at)
    assert at.title[0].value == "Retention Lab"
    assert values["Clienti persi all'anno"] == "200"
    assert values["Margine perso all'anno"] == f"60.000{NBSP}€"
    assert values["Valore del cliente nel tempo (CLV)"] == f"1.071{NBSP}€"
    assert values["CLV ÷ costo di acquisizione"] == "4,3×"
    assert values[f"+5{NBSP}p.p. di fidelizzazione: CLV guadagnato per cliente"] == f"233{NBSP}€"
    assert_no_raw_keys(at)


def test_changing_retention_updates_every_headline_and_the_sidebar(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key=RETENTION).set_value(90.0).run()
    values = metric_values(at)
    assert values["Customers lost per year"] == "100"
    assert values["Cost of replacing them, per year"] == "€25,000"
    # CLV = 300 / (1 + 0.08 − 0.90) = 1,666.67
    assert values["Lifetime value of a customer (CLV)"] == "€1,667"
    assert "Customers lost per year: **100**" in at.sidebar.markdown[0].value
    assert at.query_params["business.retention"] == "0.9"


def test_changing_currency_reformats_money(open_app):
    at = open_app(OVERVIEW, lang="en")
    at.selectbox(key="input.business.currency").set_value("USD").run()
    assert metric_values(at)["Margin that walks out per year"] == "$60,000"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (RETENTION, 150.0, "is out of range. Enter a value between 0% and 99%"),
        ("input.business.active_customers", -5, "is out of range. Enter a value between 0 and"),
        ("input.business.discount_rate", 60.0, "Enter a value between 0% and 50%"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_last_good_value(open_app, key, value, message):
    at = open_app(OVERVIEW, lang="en")
    at.number_input(key=RETENTION).set_value(85.0).run()
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert message in texts(at)
    # The scenario keeps its last valid values: 15% churn of 1,000 customers.
    assert metric_values(at)["Customers lost per year"] == "150"
    assert at.number_input(key=key).value == value


def test_bad_input_message_is_in_italian(open_app):
    at = open_app(OVERVIEW, lang="it")
    at.number_input(key=RETENTION).set_value(150.0).run()
    assert "è fuori dall'intervallo ammesso. Inserisci un valore tra 0% e 99%" in texts(at)
    at.number_input(key=RETENTION).set_value(70.0).run()
    assert "fuori dall'intervallo" not in texts(at)
    assert metric_values(at)["Clienti persi all'anno"] == "300"


def test_extreme_inputs_do_not_crash(open_app):
    at = open_app(OVERVIEW, lang="en")
    for key, value in [
        ("input.business.active_customers", 10_000_000),
        ("input.business.revenue_per_customer", 100_000_000.0),
        ("input.business.gross_margin", 100.0),
        (RETENTION, 99.0),
        ("input.business.discount_rate", 0.0),
        ("input.business.acquisition_cost", 0.0),
    ]:
        at.number_input(key=key).set_value(value).run()
        assert not at.exception, key
    values = metric_values(at)
    assert values["Customers lost per year"] == "100,000"
    assert values["Lifetime value ÷ acquisition cost"] == "n/a"
    at.number_input(key=RETENTION).set_value(0.0).run()
    assert not at.exception
    assert metric_values(at)["Customers lost per year"] == "10,000,000"


def test_famous_figures_show_reliability_badges(open_app):
    at = open_app(OVERVIEW, lang="en")
    shown = texts(at)
    assert ":green-badge[Measured]" in shown
    assert ":red-badge[Folklore]" in shown
    assert "Only 4% of unhappy customers complain" in shown


def test_the_uplift_label_says_which_quantity_it_is(open_app):
    at = open_app(OVERVIEW, lang="en")
    label = "+5\u00a0pp of retention: lifetime value gained per customer"
    assert metric_deltas(at)[label] == "+21.7%"
    shown = texts(at)
    assert "flat margin, before acquisition cost, no time limit" in shown
    assert "the percentage is measured on €1,071" in shown
    assert "another quantity, so another percentage" in shown


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_capped_uplift_shows_the_points_applied(open_app, lang):
    # 97% + 5 points would pass 99%: only 2 points are applied, and the label says so.
    at = open_app(OVERVIEW, lang=lang, **{"business.retention": "0.97"})
    labels = [label for label in metric_values(at) if "pp" in label or "p.p." in label]
    assert len(labels) == 1
    assert "+2" in labels[0] and "+5" not in labels[0]
    assert "99%" in labels[0]
    # 300 / (1.08 − 0.99) − 300 / (1.08 − 0.97) = 3,333.33 − 2,727.27 = €606.
    value = metric_values(at)[labels[0]]
    assert value == ("€606" if lang == "en" else f"606{NBSP}€")
    assert ("only +2" if lang == "en" else "solo +2") in texts(at)
