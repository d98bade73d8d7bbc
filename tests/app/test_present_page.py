"""Trainer mode in both languages: every step by the buttons and by ``?step=N``, bad links, the
class numbers moving each step's live number, and the handout button."""

from typing import NamedTuple

import pytest

from calculators.scenario import FIELDS, default_scenario
from tests.app.conftest import assert_no_raw_keys, metric_values
from ui.i18n import translate
from ui.nav import PRESENT
from ui.present import STEPS, presentation_step
from ui.widgets import to_display, widget_key

NBSP = "\u00a0"
COUNT = len(STEPS)


class Shown(NamedTuple):
    """What a step shows with the example figures."""

    title: str
    label: str  # of the step's one metric
    value: str  # the metric's value
    sentence: str


# Each step with the example figures. The numbers are checked by hand in
# tests/calculators/test_present.py: 1,000 customers × €1,071.43 = €1,071,429; 200 lost × €250 =
# €50,000 (€10,000 to keep them at 5× less); 6 complaints ÷ 4% = 150; 146.4 unhappy × 9 = 1,318;
# €1,285 → €1,749 is +36.1%; 10% of 1,000 customers × €2,969 = €296,902.
SHOWN = {
    "en": [
        Shown(
            "Why retention matters",
            "What your customers are worth",
            "€1,071,429",
            (
                "Your 1,000 customers are an asset worth €1,071,429 in future margin, yet "
                "each year 200 of them (20%) leave and take €60,000 of margin a year with "
                "them."
            ),
        ),
        Shown(
            "Winning customers or keeping them",
            "Replacing the customers you lose, per year",
            "€50,000",
            (
                "Replacing the 200 customers you lose costs €50,000 a year, 5× what keeping"
                " them would (€10,000); each €1 of margin lost takes €0.83 to replace, not "
                "the folklore's €10."
            ),
        ),
        Shown(
            "The complaint iceberg",
            "Customers with a problem behind your 6 complaints a year",
            "150",
            (
                "Only 4% of customers with a problem complain: for every complaint you "
                "hear, 24 customers stay silent."
            ),
        ),
        Shown(
            "Word of mouth: 9 against 5",
            "People who hear bad things about you, per year",
            "1,318",
            (
                "An unhappy customer tells 9 people and a happy one 5: it takes 1.8 happy "
                "customers to make up for each unhappy one."
            ),
        ),
        Shown(
            "Service recovery: 95% and 82%",
            "Worth of one complaint solved quickly",
            "€525",
            (
                "When a complaint is solved quickly 95% of customers stay (small problems),"
                " against 46% when it is left unsolved and 37% when they never complain."
            ),
        ),
        Shown(
            f"What +5{NBSP}pp of retention are worth",
            "Value of a new customer",
            "+36.1%",
            (
                "Retention 80% → 85% lifts the value of a new customer from €1,285 to "
                "€1,749; the whole firm's profit moves 0% in year 1 and +60.2% in the long "
                "run."
            ),
        ),
        Shown(
            "Delighted or just satisfied: 6×",
            "Worth of moving one customer from 4 to 5 out of 5",
            "€2,969",
            (
                "Customers who rate you 5 out of 5 stay 95.2% a year, those who rate you 4 "
                "only 70.9%: moving 10% of your customers from 4 to 5 is worth €296,902."
            ),
        ),
        Shown(
            "The expectations gap",
            "What customers perceive against what you promise",
            "-1.2 points",
            (
                "Your biggest gap is Responsiveness: you promise 6, deliver 5, and "
                "customers perceive 4."
            ),
        ),
        Shown(
            "Myth or evidence?",
            "Famous figures that do not hold for your numbers",
            "1 of 7",
            (
                "Of 11 famous figures, 5 were measured, 2 come from secondary sources and 4"
                " are folklore: put your own number in place of each."
            ),
        ),
    ],
    "it": [
        Shown(
            "Perché trattenere i clienti",
            "Quanto valgono i tuoi clienti",
            f"1.071.429{NBSP}€",
            (
                f"I tuoi 1.000 clienti sono un patrimonio da 1.071.429{NBSP}€ di margine futuro, "
                f"eppure ogni anno 200 di loro (20%) se ne vanno e portano via 60.000{NBSP}€ di "
                "margine all'anno."
            ),
        ),
        Shown(
            "Conquistare clienti o tenerli",
            "Sostituire i clienti che perdi, all'anno",
            f"50.000{NBSP}€",
            (
                f"Sostituire i 200 clienti che perdi costa 50.000{NBSP}€ all'anno, 5× quanto "
                f"tenerli (10.000{NBSP}€); ogni 1{NBSP}€ di margine perso richiede 0,83{NBSP}€ per "
                f"sostituirlo, non i 10{NBSP}€ della leggenda."
            ),
        ),
        Shown(
            "L'iceberg dei reclami",
            "Clienti con un problema dietro i tuoi 6 reclami all'anno",
            "150",
            (
                "Solo 4% dei clienti con un problema reclama: per ogni reclamo che senti, "
                "24 clienti restano in silenzio."
            ),
        ),
        Shown(
            "Passaparola: 9 contro 5",
            "Persone che sentono parlare male di te, all'anno",
            "1.318",
            (
                "Un cliente scontento lo racconta a 9 persone, uno contento a 5: servono "
                "1,8 clienti contenti per compensarne uno scontento."
            ),
        ),
        Shown(
            "Recuperare il cliente: 95% e 82%",
            "Quanto vale un reclamo risolto in fretta",
            f"525{NBSP}€",
            (
                "Quando un reclamo è risolto in fretta resta 95% dei clienti (problemi "
                "piccoli), contro 46% se resta irrisolto e 37% fra chi non reclama affatto."
            ),
        ),
        Shown(
            f"+5{NBSP}p.p. di fidelizzazione: il valore",
            "Valore di un nuovo cliente",
            "+36,1%",
            (
                "Portando la fidelizzazione da 80% a 85%, il valore di un nuovo cliente "
                f"passa da 1.285{NBSP}€ a 1.749{NBSP}€; l'utile dell'intera azienda cambia di 0% "
                "nell'anno 1 e di +60,2% a regime."
            ),
        ),
        Shown(
            "Entusiasti o solo soddisfatti: 6 volte",
            "Quanto vale portare un cliente da 4 a 5 su 5",
            f"2.969{NBSP}€",
            (
                "Ogni anno resta 95,2% dei clienti che ti danno 5 su 5, ma solo 70,9% di "
                "quelli che ti danno 4: portare 10% dei tuoi clienti da 4 a 5 vale "
                f"296.902{NBSP}€."
            ),
        ),
        Shown(
            "Il divario di aspettative",
            "Cosa percepiscono i clienti rispetto a cosa prometti",
            "-1,2 punti",
            (
                "Il tuo divario più grande è Capacità di risposta: prometti 6, consegni 5 e"
                " i clienti percepiscono 4."
            ),
        ),
        Shown(
            "Leggenda o dato?",
            "Numeri famosi che non valgono per i tuoi numeri",
            "1 su 7",
            (
                "Su 11 numeri famosi, 5 sono stati misurati, 2 vengono da fonti secondarie "
                "e 4 sono leggende: metti il tuo numero al posto di ciascuno."
            ),
        ),
    ],
}


def shown_step(at) -> int:
    """The step on screen, read from the "3 / 9" indicator."""
    indicator = [m.value for m in at.markdown if " / " in str(m.value) and len(m.value) <= 7]
    assert len(indicator) == 1, indicator
    step, count = indicator[0].split(" / ")
    assert int(count) == COUNT
    return int(step)


def assert_step(at, lang: str, number: int) -> None:
    assert not at.exception, at.exception
    expected = SHOWN[lang][number - 1]
    assert shown_step(at) == number
    assert at.query_params["step"] == str(number)
    assert at.title[0].value == expected.title
    assert metric_values(at) == {expected.label: expected.value}
    assert expected.sentence in [m.value for m in at.markdown]
    assert len(at.get("plotly_chart")) == 1
    # The class numbers of the step are among the inputs on screen.
    fields = presentation_step(default_scenario(), STEPS[number - 1]).fields
    shown = {w.key for w in (*at.number_input, *at.selectbox) if w.key.startswith("input.")}
    assert {widget_key(path) for path in fields} <= shown
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
