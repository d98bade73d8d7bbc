"""Word-of-mouth page in both languages: numbers by hand, charts, inputs, extreme and bad values.

Defaults: 1,000 customers, €300 margin, 80% retention, 8% discount (CLV €1,071.43); 6 complaints
a year at 4% who complain = 150 customers with a problem (144 silent, 6 complained: 40% not
resolved, 42% resolved, 18% resolved quickly); TARP 1986 small-problem loyalty.
"""

import pytest

from tests.app.conftest import (
    assert_no_raw_keys,
    chart_specs,
    metric_deltas,
    metric_values,
    texts,
)
from ui.nav import WORD_OF_MOUTH

NBSP = "\u00a0"
KEY = "input.word_of_mouth."


def sankey_subtitle(at) -> str:
    specs = chart_specs(at)
    sankey = next(s for s in specs if s["data"][0]["type"] == "sankey")
    return sankey["layout"]["title"]["subtitle"]["text"]


def test_default_numbers_in_english(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    values = metric_values(at)
    assert values["Silent for each complaint"] == "24"
    assert values["Customers with a problem"] == "150"
    # 144 x 63% + 2.4 x 54% + 2.52 x 30% + 1.08 x 5% = 92.826
    assert values["Customers lost to problems"] == "93"
    # 146.4 unhappy (144 silent + 2.4 unresolved) x 9; 853.6 happy (850 + 3.6 resolved) x 5.
    assert values["People the unhappy tell"] == "1,318"
    assert values["People the happy tell"] == "4,268"
    assert values["Happy to balance one unhappy"] == "1.8"
    # (92.826 + 26.352 prospects) x €1,071.43
    assert values["Value at risk per year"] == "€127,691"
    assert values["Prospects lost per year"] == "26"
    assert values["Prospects won per year"] == "85"
    assert values["Customers kept per year"] == "0.7"
    assert values["Bad mentions avoided"] == "11"
    assert values["Net gain per year"] == "€842"
    assert values["Return on handling"] == "468%"
    shown = texts(at)
    assert "Complaints today: not resolved 40% · resolved 42% · resolved quickly 18%." in shown
    assert "Better handling: not resolved 20% · resolved 32% · resolved quickly 48%." in shown
    assert "Your own estimate, 15% of 1,000 customers, gives 150." in shown
    assert "would mean 20 customers with a problem; at 4% (TARP), 150." in shown
    assert len(at.get("plotly_chart")) == 5
    assert sankey_subtitle(at) == "93 customers lost to problems; the unhappy tell 1,318 people"
    assert_no_raw_keys(at)


def test_default_numbers_in_italian(open_app):
    at = open_app(WORD_OF_MOUTH, lang="it")
    values = metric_values(at)
    assert values["Silenziosi per ogni reclamo"] == "24"
    assert values["Clienti con un problema"] == "150"
    assert values["Persone a cui lo dicono gli scontenti"] == "1.318"
    assert values["Persone a cui lo dicono i contenti"] == "4.268"
    assert values["Contenti per bilanciare uno scontento"] == "1,8"
    assert values["Valore a rischio all'anno"] == f"127.691{NBSP}€"
    assert values["Clienti trattenuti all'anno"] == "0,7"
    assert values["Guadagno netto all'anno"] == f"842{NBSP}€"
    assert "Reclami oggi: non risolti 40% · risolti 42% · risolti rapidamente 18%." in texts(at)
    assert sankey_subtitle(at) == (
        "93 clienti persi per i problemi; gli scontenti lo dicono a 1.318 persone"
    )
    assert_no_raw_keys(at)


def test_the_tell_rate_drives_the_numbers_and_the_sankey(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    at.number_input(key=f"{KEY}tell_negative").set_value(20.0).run()
    values = metric_values(at)
    # 146.4 x 20 = 2,928 people; balance 20 / 5 = 4.
    assert values["People the unhappy tell"] == "2,928"
    assert values["Happy to balance one unhappy"] == "4.0"
    assert "the unhappy tell 2,928 people" in sankey_subtitle(at)
    assert at.query_params.get("word_of_mouth.tell_negative") == "20.0"


def test_large_problems_use_the_large_row_of_the_tarp_table(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    at.selectbox(key=f"{KEY}problem_size").set_value("large").run()
    # 144 x 91% + 2.4 x 81% + 2.52 x 46% + 1.08 x 18% = 134.34
    assert metric_values(at)["Customers lost to problems"] == "134"
    assert "did not complain 91%" not in texts(at)
    assert "said nothing 91%, not resolved 81%, resolved 46%, resolved quickly 18%" in texts(at)


def test_the_loyalty_table_is_editable(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    at.number_input(key=f"{KEY}loyalty_small.silent").set_value(50.0).run()
    # 144 x 50% + 2.106 = 74.1
    assert metric_values(at)["Customers lost to problems"] == "74"


def test_further_rounds_of_retelling_raise_the_reach(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    at.number_input(key=f"{KEY}retell_rounds").set_value(2).run()
    # 1,317.6 x (1 + 0.2 + 0.04) = 1,633.8
    assert metric_values(at)["People the unhappy tell"] == "1,634"
    assert "× 1.24 for 2 further rounds of retelling" in texts(at)


def test_better_handling_that_changes_nothing_does_not_pay(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    at.number_input(key=f"{KEY}target_resolved_share").set_value(60.0).run()
    at.number_input(key=f"{KEY}target_quick_share").set_value(30.0).run()
    values = metric_values(at)
    assert values["Customers kept per year"] == "0"
    assert values["Net gain per year"] == "-€180"
    assert values["Return on handling"] == "-100%"
    assert metric_deltas(at)["Net gain per year"] == "costs more than it earns"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_complaint_share_of_zero_gets_a_message_and_keeps_the_numbers(open_app, lang):
    at = open_app(WORD_OF_MOUTH, lang=lang)
    at.number_input(key=f"{KEY}complaint_share").set_value(0.0).run()
    assert not at.exception
    message = at.error[0].value
    label = (
        "Of those, share who complain (%)" if lang == "en" else "Di questi, quota che reclama (%)"
    )
    assert label in message
    assert "0,1%" in message if lang == "it" else "0.1%" in message
    with_problem = "Customers with a problem" if lang == "en" else "Clienti con un problema"
    assert metric_values(at)[with_problem] == "150"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_extreme_inputs_from_a_link(open_app, lang):
    at = open_app(
        WORD_OF_MOUTH,
        lang=lang,
        **{
            "business.active_customers": "10000000",
            "business.retention": "0.99",
            "business.discount_rate": "0",
            "word_of_mouth.complaints_per_year": "10000000",
            "word_of_mouth.complaint_share": "0.001",
            "word_of_mouth.tell_negative": "1000",
            "word_of_mouth.tell_positive": "0",
            "word_of_mouth.retell_people": "100",
            "word_of_mouth.retell_probability": "1",
            "word_of_mouth.retell_rounds": "10",
            "word_of_mouth.complaint_handling_cost": "0",
        },
    )
    assert not at.exception
    values = metric_values(at)
    english = lang == "en"
    # 10,000,000 complaints at 0.1% would be 10 billion customers: capped at the 10 million.
    assert values["Customers with a problem" if english else "Clienti con un problema"] == (
        "10,000,000" if english else "10.000.000"
    )
    assert (
        "more than your 10,000,000 active customers" in at.warning[0].value
        if english
        else ("più dei tuoi 10.000.000 clienti attivi" in at.warning[0].value)
    )
    unhappy = "People the unhappy tell" if english else "Persone a cui lo dicono gli scontenti"
    assert values[unhappy] == ("8,000,000,000" if english else "8.000.000.000")
    assert ("about the world's population" if english else "circa la popolazione mondiale") in (
        at.info[0].value
    )
    balance = "Happy to balance one unhappy" if english else "Contenti per bilanciare uno scontento"
    assert values[balance] == ("none do" if english else "nessun numero")
    roi = "Return on handling" if english else "Ritorno della gestione dei reclami"
    assert values[roi] == ("n/a" if english else "n.d.")
    assert len(at.get("plotly_chart")) == 5
    assert_no_raw_keys(at)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_no_complaints_and_no_customers_do_not_break_the_page(open_app, lang):
    at = open_app(
        WORD_OF_MOUTH,
        lang=lang,
        **{"business.active_customers": "0", "word_of_mouth.complaints_per_year": "0"},
    )
    assert not at.exception
    assert len(at.get("plotly_chart")) == 5
    assert_no_raw_keys(at)


BOUND_CASE = {"business.retention": "0.95", "word_of_mouth.complaints_per_year": "20"}


def test_customers_lost_to_problems_are_bounded_by_the_year_in_english(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en", **BOUND_CASE)
    values = metric_values(at)
    # 500 with a problem; TARP's shares would lose 302.4 + 7.02 = 309.42, but 1,000 x 5% = 50
    # leave in a whole year.
    assert values["Customers with a problem"] == "500"
    assert values["Customers lost to problems"] == "50"
    # (50 + 488 unhappy x 9 x 10% x 20% = 87.84 prospects) x 300 / (1.08 - 0.95) = €318,092
    assert values["Value at risk per year"] == "€318,092"
    warning = " ".join(w.value for w in at.warning)
    assert "would lose 309 of them: more than the 50 customers you lose in a whole year" in warning
    assert "1,000 customers at 95% retention" in warning
    assert "scaled to 16.2% of TARP's" in warning  # 50 / 309.42
    assert "would give 309; capped at the 50 customers you lose in a year." in texts(at)
    assert sankey_subtitle(at).startswith("50 customers lost to problems")


def test_customers_lost_to_problems_are_bounded_by_the_year_in_italian(open_app):
    at = open_app(WORD_OF_MOUTH, lang="it", **BOUND_CASE)
    assert metric_values(at)["Clienti persi per i problemi"] == "50"
    warning = " ".join(w.value for w in at.warning)
    assert "ne farebbero perdere 309: più dei 50 clienti che perdi in tutto un anno" in warning
    assert "con una fidelizzazione del 95%" in warning
    assert "ridotta al 16,2% di quella TARP" in warning
    assert sankey_subtitle(at).startswith("50 clienti persi per i problemi")


def test_no_bound_warning_when_problems_fit_within_the_year(open_app):
    at = open_app(WORD_OF_MOUTH, lang="en")
    assert "you lose in a whole year" not in " ".join(w.value for w in at.warning)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "en",
            (
                "here an unhappy customer's 9 is applied also to customers who never complained",
                "reach is counted per year",
            ),
        ),
        (
            "it",
            (
                "qui le 9 persone di uno scontento valgono anche per chi non ha mai reclamato",
                "il passaparola è contato per anno",
            ),
        ),
    ],
)
def test_the_reach_states_its_two_assumptions(open_app, lang, phrases):
    shown = texts(open_app(WORD_OF_MOUTH, lang=lang))
    assert all(phrase in shown for phrase in phrases)
