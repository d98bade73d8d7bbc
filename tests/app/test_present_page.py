"""Trainer mode in both languages: every step by the buttons and by ``?step=N``, bad links, the
class numbers moving each step's live number, and the handout button."""

from typing import NamedTuple

import pytest

from calculators.scenario import FIELDS, default_scenario, dump_scenario, scenario_from_values
from tests.app.conftest import assert_no_raw_keys, chart_specs, metric_values
from ui.cards import card_text
from ui.fmt import Formatter
from ui.i18n import translate
from ui.nav import PRESENT, YOUR_DATA
from ui.present import APPENDIX_KEY, STEPS, markdown_text, presentation_step
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
            "Change in a new customer's net value (20 years, after acquisition cost)",
            "+36.1%",
            (
                # Year 1 of the owner's firm: €247,500 → €262,500 (today's customers count).
                "Retention 80% → 85% lifts the net value of a new customer from €1,285 to "
                "€1,749; your firm's profit moves +6.1% in year 1 and +60.2% in the long "
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
        # Nothing entered yet: none of the 6 figures the app can judge is checked.
        Shown(
            "Myth or evidence?",
            "Famous figures checked on your own numbers",
            "0 of 6",
            (
                "Of 11 famous figures, 5 were measured, 2 come from secondary sources and 4"
                " are folklore. None is checked yet: a default is the quoted figure, not "
                "evidence. Enter the class's own numbers below and see which hold."
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
                f"Sostituire i 200 clienti che perdi costa 50.000{NBSP}€ all'anno, 5 volte quanto "
                f"costerebbe tenerli (10.000{NBSP}€). Per sostituire ogni 1{NBSP}€ di margine "
                f"perso servono 0,83{NBSP}€, non i 10{NBSP}€ della leggenda."
            ),
        ),
        Shown(
            "L'iceberg dei reclami",
            "Clienti con un problema dietro i tuoi 6 reclami all'anno",
            "150",
            (
                "Solo il 4% dei clienti con un problema reclama: per ogni reclamo che senti, "
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
                "Quando un reclamo è risolto in fretta resta il 95% dei clienti (problemi "
                "piccoli), contro il 46% se resta irrisolto e il 37% fra chi non reclama "
                "affatto."
            ),
        ),
        Shown(
            f"+5{NBSP}p.p. di fidelizzazione: il valore",
            (
                "Variazione del valore netto di un nuovo cliente "
                "(20 anni, dopo il costo di acquisizione)"
            ),
            "+36,1%",
            (
                "Portando la fidelizzazione dall'80% all'85%, il valore netto di un nuovo cliente "
                f"passa da 1.285{NBSP}€ a 1.749{NBSP}€; l'utile della tua azienda varia: +6,1% "
                "nell'anno 1, +60,2% a regime."
            ),
        ),
        Shown(
            "Entusiasti o solo soddisfatti: 6 volte",
            "Quanto vale portare un cliente da 4 a 5 su 5",
            f"2.969{NBSP}€",
            (
                "Ogni anno resta il 95,2% dei clienti che ti danno 5 su 5, ma solo il 70,9% di "
                "quelli che ti danno 4: portare il 10% dei tuoi clienti da 4 a 5 vale "
                f"296.902{NBSP}€."
            ),
        ),
        Shown(
            "Il divario di aspettative",
            "Cosa percepiscono i clienti rispetto a cosa prometti",
            "-1,2 punti",
            (
                "Il tuo divario più grande è Capacità di risposta: prometti 6, offri 5 e"
                " i clienti percepiscono 4."
            ),
        ),
        Shown(
            "Leggenda o dato?",
            "Numeri famosi verificati sui tuoi dati",
            "0 su 6",
            (
                "Su 11 numeri famosi, 5 sono stati misurati, 2 vengono da fonti secondarie "
                "e 4 sono leggende. Nessuno è ancora verificato: un valore predefinito è il "
                "numero citato, non una prova. Inserisci qui sotto i numeri della classe e "
                "guarda quali reggono."
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
def test_the_handout_menu_is_on_every_step(open_app, lang):
    at = open_app(PRESENT, lang=lang)
    for number in range(1, COUNT + 1):
        label = translate(lang, "present.handout.button")
        menus = [p for p in at.get("popover") if p.proto.popover.label == label]
        assert len(menus) == 1, number
        buttons = [b for b in at.get("download_button") if b.key == "present.handout"]
        assert len(buttons) == 1, number
        assert buttons[0].proto.label == translate(lang, "present.handout.download")
        # The appendix is the trainer's choice, off unless asked for.
        appendix = at.checkbox(key=APPENDIX_KEY)
        assert appendix.label == translate(lang, "present.handout.appendix_option")
        assert appendix.value is False
        if number < COUNT:
            at.button(key="present.next").click().run()


def test_the_appendix_choice_is_kept_from_step_to_step(open_app):
    at = open_app(PRESENT, lang="en")
    at.checkbox(key=APPENDIX_KEY).check().run()
    at.button(key="present.next").click().run()
    assert not at.exception
    assert shown_step(at) == 2
    assert at.checkbox(key=APPENDIX_KEY).value is True


def test_present_is_in_the_menu_before_scenarios():
    from ui.nav import PAGES, SCENARIOS

    assert PAGES.index(PRESENT) == PAGES.index(SCENARIOS) - 1


# --- Legend or fact: verdicts only on the user's own numbers ------------------------------------

MYTHS = str(STEPS.index("myths") + 1)
NOT_CHECKED = {"en": "not checked yet", "it": "non ancora verificato"}
NO_NUMBER = {"en": "not in the app", "it": "non presente nell'app"}
MYTHS_LABEL = {
    "en": "Famous figures checked on your own numbers",
    "it": "Numeri famosi verificati sui tuoi dati",
}
# The famous figures in the table's order: 7 the app has a number for (the first is Reichheld's
# +5 points, shown with no verdict), then 4 it has none for.
ROW = {"retention_profit": 0, "delighted_6x": 1, "complain_4pct": 2, "tell_9_vs_5": 3}
WITH_A_NUMBER, WITHOUT = 7, 4


def your_numbers(at) -> list[str]:
    """The "your numbers" column of the famous figures table."""
    (table,) = chart_specs(at)
    return table["data"][0]["cells"]["values"][3]


def verdict_marks(at) -> list[str]:
    """Every tick or cross on screen: in the table and in the texts."""
    shown = [*your_numbers(at), *(m.value for m in at.markdown), *(c.value for c in at.caption)]
    return [text for text in shown if "✓" in text or "✗" in text]


@pytest.mark.parametrize("lang", ["it", "en"])
def test_myths_give_no_verdict_on_untouched_defaults(open_app, lang):
    at = open_app(PRESENT, lang=lang, step=MYTHS)
    assert your_numbers(at) == [NOT_CHECKED[lang]] * WITH_A_NUMBER + [NO_NUMBER[lang]] * WITHOUT
    assert verdict_marks(at) == []
    assert metric_values(at) == {MYTHS_LABEL[lang]: "0 of 6" if lang == "en" else "0 su 6"}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_class_number_typed_on_the_step_gets_a_verdict(open_app, lang):
    at = open_app(PRESENT, lang=lang, step=MYTHS)
    at.number_input(key=widget_key("word_of_mouth.tell_negative")).set_value(3.0).run()
    assert not at.exception, at.exception
    cells = your_numbers(at)
    # 3 people against the quoted 9: more than 10% off.
    against = "against" if lang == "en" else "contro"
    assert cells[ROW["tell_9_vs_5"]] == f"✗ 3 {against} 5"
    assert metric_values(at) == {MYTHS_LABEL[lang]: "1 of 6" if lang == "en" else "1 su 6"}
    # 6.5× against the quoted 6×: within 10%, it holds.
    at.number_input(key=widget_key("loyalty.repurchase_ratio")).set_value(6.5).run()
    cells = your_numbers(at)
    assert cells[ROW["delighted_6x"]] == ("✓ 6.5×" if lang == "en" else "✓ 6,5×")
    assert cells.count(NOT_CHECKED[lang]) == WITH_A_NUMBER - 2
    expected = {
        "en": "On your own numbers, close to the quoted figure: 1; far from it: 1; "
        "not checked yet: 4.",
        "it": "Sui tuoi dati, vicini al numero citato: 1; lontani: 1; non ancora verificati: 4.",
    }
    assert any(m.value.endswith(expected[lang]) for m in at.markdown)


def test_a_preset_gives_no_verdict(open_app):
    at = open_app(PRESENT, lang="en", step=MYTHS)
    # The SaaS preset's 25% who complain is far from the quoted 4%, but it is illustrative.
    at.sidebar.selectbox(key="scenario_tools.preset").set_value("b2b_saas").run()
    at.sidebar.button(key="scenario_tools.load").click().run()
    assert not at.exception, at.exception
    assert at.query_params["word_of_mouth.complaint_share"] == "0.25"
    assert verdict_marks(at) == []
    assert your_numbers(at)[ROW["complain_4pct"]] == NOT_CHECKED["en"]
    assert metric_values(at) == {MYTHS_LABEL["en"]: "0 of 6"}


def test_a_preset_forgets_the_numbers_typed_before(open_app):
    at = open_app(PRESENT, lang="en", step=MYTHS)
    at.number_input(key=widget_key("word_of_mouth.tell_negative")).set_value(3.0).run()
    assert verdict_marks(at) != []
    at.sidebar.selectbox(key="scenario_tools.preset").set_value("retail_shop").run()
    at.sidebar.button(key="scenario_tools.load").click().run()
    at.sidebar.button(key="scenario_tools.confirm").click().run()
    assert verdict_marks(at) == []


def test_a_shared_link_checks_the_values_it_carries(open_app):
    at = open_app(PRESENT, lang="en", step=MYTHS, **{"word_of_mouth.tell_negative": "3"})
    assert your_numbers(at)[ROW["tell_9_vs_5"]] == "✗ 3 against 5"
    assert your_numbers(at)[ROW["complain_4pct"]] == NOT_CHECKED["en"]


def test_the_users_own_file_checks_the_values_it_changes(open_app):
    at = open_app(PRESENT, lang="it", step=MYTHS)
    mine = scenario_from_values({"loyalty.repurchase_ratio": 2.0})
    text = dump_scenario(mine).encode()
    at.sidebar.file_uploader[0].set_value(("mio.yaml", text, "text/yaml")).run()
    assert not at.exception, at.exception
    cells = your_numbers(at)
    assert cells[ROW["delighted_6x"]] == "✗ 2×"
    # The file also holds every default (4% who complain): still the quoted figure, no verdict.
    assert cells[ROW["complain_4pct"]] == NOT_CHECKED["it"]


# --- Projected slides carry their caveat -----------------------------------------------------


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_step_shows_the_caveat_of_each_figure_it_states(open_app, lang):
    at = open_app(PRESENT, lang=lang)
    stated = 0
    for number, step in enumerate(STEPS, start=1):
        assert shown_step(at) == number
        texts = [m.value for m in at.markdown]
        for source in presentation_step(default_scenario(), step).sources:
            caveat = markdown_text(card_text(source, lang)["caveat"])
            assert any(caveat in text for text in texts), (step, source)
            stated += 1
        # On the slide itself, not folded away.
        assert not at.main.expander, step
        if number < COUNT:
            at.button(key="present.next").click().run()
    # Eight steps state famous figures: one card each, two for acquisition, all 11 for myths.
    assert stated == 6 + 2 + 11


def test_figures_measured_on_your_data_are_checked(open_app):
    # Margin and acquisition cost from the owner's link; retention and revenue measured on the
    # sample sales file and applied: "1 lost takes 10 to replace" is now on their numbers.
    link = {"business.gross_margin": "0.4", "business.acquisition_cost": "300"}
    at = open_app(YOUR_DATA, lang="en", **link)
    at.button(key="data.sample").click().run()
    at.button(key="data.apply").click().run()
    assert not at.exception, at.exception
    revenue = at.session_state["scenario"].business.revenue_per_customer
    assert revenue != FIELDS["business.revenue_per_customer"].default  # measured, applied
    at.switch_page(PRESENT.path)
    at.query_params["step"] = MYTHS
    at.run()
    assert not at.exception, at.exception
    own = 300 / (revenue * 0.4)  # acquisition cost ÷ margin per customer
    cells = your_numbers(at)
    assert cells[6].startswith("✗" if abs(own - 10) > 1 else "✓"), cells[6]
    assert cells[6].endswith(Formatter("en").money(own, 2))
    # Reichheld's +5 points: the owner's own change in value, with no verdict.
    assert cells[ROW["retention_profit"]].endswith(", no verdict")
