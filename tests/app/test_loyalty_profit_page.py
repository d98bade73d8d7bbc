"""Loyalty & profit page in both languages: numbers by hand, the claim box, charts, extremes.

Defaults: revenue €1,000 × 30% = €300 margin, CAC €250, 1,000 customers today, 150 new customers
a year, 80% retention, 8% discount, +5 pp; margins grow with tenure by 5% revenue (× 30%) + 2% +
1% of revenue a year, plus 0.1 × 25% × €250 of referrals from year 2: €300, €351.25, €396.25, …
Today's customers earn today's €300 margin, flat.
"""

import re

import pytest

from tests.app.conftest import assert_no_raw_keys, metric_deltas, metric_values, texts
from ui.nav import LOYALTY, OVERVIEW

NBSP = "\u00a0"
UPLIFT = "input.retention_program.retention_uplift"
MODE = "input.retention_program.uplift_mode"
VALUE_EN = "Net value of a new customer"
YEAR_ONE_EN = "Your firm's profit in year 1"
LONG_RUN_EN = "Long-run profit per year"
VALUE_IT = "Valore netto di un nuovo cliente"
SIGNED_PERCENT = re.compile(r"[+−-]\d[\d.,]*%")


def test_default_numbers_in_english(open_app):
    at = open_app(LOYALTY, lang="en")
    values = metric_values(at)
    assert at.title[0].value == "Loyalty and profit"
    assert at.header[0].value == "Retention 80% → 85%: what it is worth"
    # Per customer: NPV over 20 years at 8%, minus €250.
    assert values[VALUE_EN] == "€1,285 → €1,749"
    assert metric_deltas(at)[VALUE_EN] == "+36.1%"
    assert values["Expected time as a customer"] == "5.0 → 6.7 years"
    # The owner's firm, year 1: (1,000 × 80% + 150) × €300 − 150 × €250 = €247,500; with 85%
    # retention 850 of today's customers stay: €262,500, +15,000 / 247,500 = +6.1%.
    assert values[YEAR_ONE_EN] == "€247,500 → €262,500"
    assert metric_deltas(at)[YEAR_ONE_EN] == "+6.1%"
    # Long run: 150 × (300/0.2 + 45 × 0.8/0.04 + 6.25 × 0.8/0.2 − 250) ≈ €326,250.
    assert values[LONG_RUN_EN] == "€326,248 → €522,724"
    assert metric_deltas(at)[LONG_RUN_EN] == "+60.2%"
    # Satisfaction: d5 = 0.8 × 0.2 / (0.3 + 0.5 × 6) = 4.85% → 95.2%; d4 = 6 × d5 → 70.9%.
    assert values["Retention: rating 5 · rating 4"] == "95.2% · 70.9%"
    assert len(at.get("plotly_chart")) == 4
    assert_no_raw_keys(at)


def test_the_claim_box_is_computed_for_the_scenario(open_app):
    at = open_app(LOYALTY, lang="en")
    shown = texts(at)
    assert "your uplift of +5\u00a0pp takes retention from 80% to 85%" in shown
    assert "Defection falls from 20% to 15%" in shown
    assert "after the €250 acquisition cost): +36.1%" in shown
    assert "The percentage is measured on this net value, €1,285 today" in shown
    # Year 3: 1,000 × 0.8³ × 300 + 150 × (300 + 0.8 × 351.25 + 0.64 × 396.25 − 250) = €241,290.
    assert "profit changes by +6.1% in year 1, +15.8% in year 3 and +35.2% in year 10" in shown
    assert "+60.2% profit per year" in shown
    # The published ranges are context, with their true origin, and no verdict.
    assert "Reichheld and Sasser's 1990 chart" in shown
    assert "rising by 25% to 85%" in shown
    assert '"25% to 95%" is a later Bain formulation' in shown
    for verdict in ("within Reichheld", "above Reichheld", "below Reichheld", "claim holds"):
        assert verdict not in shown
    assert "you would move 20.6% of all your customers from 4 to 5" in shown


def test_the_firm_table_by_year(open_app):
    at = open_app(LOYALTY, lang="en")
    table = at.table[0].value
    assert list(table.columns) == ["When", "Today (80%)", "Improved (85%)", "Change", "Change %"]
    assert table["When"].tolist() == ["Year 1", "Year 3", "Year 5", "Year 10", "Long run"]
    # Year 3: 512 of today's customers × 300, plus the new ones,
    # 150 × (300 + 0.8 × 351.25 + 0.64 × 396.25) − 150 × 250 = €87,690.
    assert table["Today (80%)"].tolist()[:2] == ["€247,500", "€241,290"]
    assert table["Change"].tolist()[0] == "+€15,000"
    assert table["Change %"].tolist()[0] == "+6.1%"


def test_the_firm_is_the_owners_with_the_acquisition_pages_customers(open_app):
    at = open_app(LOYALTY, lang="en")
    shown = texts(at)
    assert "the 1,000 customers you have today, each earning €300 a year" in shown
    # 1,000 × 0.8^10 + 150 × (1 − 0.8^10) / 0.2 = 776.8: the leaky bucket of the other page.
    assert "777 customers in year 10" in shown
    assert "Customers you have today are not counted" not in shown


def test_default_numbers_in_italian(open_app):
    at = open_app(LOYALTY, lang="it")
    values = metric_values(at)
    assert at.title[0].value == "Fedeltà e profitto"
    assert values[VALUE_IT] == f"1.285{NBSP}€ → 1.749{NBSP}€"
    assert metric_deltas(at)[VALUE_IT] == "+36,1%"
    assert values["Utile della tua azienda nell'anno 1"] == f"247.500{NBSP}€ → 262.500{NBSP}€"
    assert values["Utile annuo a regime"] == f"326.248{NBSP}€ → 522.724{NBSP}€"
    assert values["Durata attesa come cliente"] == "5,0 → 6,7 anni"
    shown = texts(at)
    assert "dal 25% all'85%" in shown
    assert "formulazione successiva di Bain" in shown
    assert "dentro l'intervallo" not in shown
    assert at.table[0].value["Quando"].tolist()[-1] == "A regime"
    assert_no_raw_keys(at)


def test_moving_the_uplift_changes_the_headline_and_the_chart(open_app):
    at = open_app(LOYALTY, lang="en")
    at.number_input(key=UPLIFT).set_value(10.0).run()
    assert at.header[0].value == "Retention 80% → 90%: what it is worth"
    values = metric_values(at)
    assert values[VALUE_EN] == "€1,285 → €2,488"
    assert metric_deltas(at)[VALUE_EN] == "+93.6%"
    # 900 of today's customers stay: (900 + 150) × €300 − €37,500.
    assert values[YEAR_ONE_EN] == "€247,500 → €277,500"
    profit_chart = at.get("plotly_chart")[1].proto.spec
    assert "Improved (90%)" in profit_chart
    assert at.query_params["retention_program.retention_uplift"] == "0.1"


def test_the_relative_reading_of_the_uplift(open_app):
    at = open_app(LOYALTY, lang="en")
    at.selectbox(key=MODE).set_value("relative").run()
    # 80% × (1 + 6.25%) = 85%: the same numbers as +5 points.
    assert at.number_input(key="input.retention_program.relative_uplift").value == 6.25
    assert metric_values(at)[VALUE_EN] == "€1,285 → €1,749"
    assert "you entered a relative rise of 6.25%" in texts(at)
    at.number_input(key="input.retention_program.relative_uplift").set_value(12.5).run()
    assert at.header[0].value == "Retention 80% → 90%: what it is worth"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_retention_near_the_top_is_capped_with_a_note(open_app, lang):
    at = open_app(
        LOYALTY,
        lang=lang,
        **{"business.retention": "0.97", "retention_program.uplift_mode": "relative"},
    )
    assert not at.exception
    assert "99%" in at.info[0].value
    assert "97% → 99%" in at.header[0].value
    assert_no_raw_keys(at)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_extreme_inputs_at_the_top_of_every_range(open_app, lang):
    at = open_app(
        LOYALTY,
        lang=lang,
        **{
            "business.retention": "0.99",
            "business.revenue_per_customer": "100000000",
            "business.acquisition_cost": "100000000",
            "business.new_customers_per_year": "10000000",
            "business.discount_rate": "0.5",
            "retention_program.retention_uplift": "0.5",
            "loyalty.horizon_years": "50",
            "loyalty.revenue_growth": "1",
            "loyalty.cost_saving": "1",
            "loyalty.price_premium": "1",
            "loyalty.referrals_per_year": "100",
            "loyalty.referral_conversion": "1",
            "loyalty.share_extremely_satisfied": "1",
            "loyalty.share_satisfied": "0",
            "loyalty.repurchase_ratio": "100",
        },
    )
    assert not at.exception
    assert not at.warning  # every value of the link was used
    shown = " ".join([*metric_values(at).values(), texts(at)])
    for bad in ("nan", "inf", "None"):
        assert bad not in shown.split()
    assert len(at.get("plotly_chart")) == 4
    assert "50" in at.get("plotly_chart")[1].proto.spec
    assert_no_raw_keys(at)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_extreme_inputs_at_the_bottom_of_every_range(open_app, lang):
    at = open_app(
        LOYALTY,
        lang=lang,
        **{
            "business.retention": "0",
            "business.gross_margin": "0",
            "business.acquisition_cost": "0",
            "business.new_customers_per_year": "0",
            "business.discount_rate": "0",
            "loyalty.horizon_years": "1",
            "loyalty.revenue_growth": "0",
            "loyalty.cost_saving": "0",
            "loyalty.price_premium": "0",
            "loyalty.referrals_per_year": "0",
            "loyalty.share_extremely_satisfied": "0",
            "loyalty.share_satisfied": "0",
            "loyalty.repurchase_ratio": "1",
        },
    )
    assert not at.exception
    values = metric_values(at)
    value = values[VALUE_EN if lang == "en" else VALUE_IT]
    assert value == ("€0 → €0" if lang == "en" else f"0{NBSP}€ → 0{NBSP}€")
    # Nothing to earn: no percentage change exists, so only the (zero) change in money is shown.
    delta = metric_deltas(at)[VALUE_EN if lang == "en" else VALUE_IT]
    assert delta == ("€0" if lang == "en" else f"0{NBSP}€")
    assert "%" not in delta
    assert len(at.get("plotly_chart")) == 4
    assert_no_raw_keys(at)


def test_overview_links_its_loyalty_numbers_here(open_app):
    at = open_app(OVERVIEW, lang="en")
    links = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    assert links.count(("Open Loyalty & profit", "loyalty_profit")) == 2


def test_the_page_is_in_the_menu_in_both_languages(open_app):
    at = open_app(LOYALTY, lang="it")
    assert at.title[0].value == "Fedeltà e profitto"
    at.sidebar.radio[0].set_value("en").run()
    assert at.title[0].value == "Loyalty and profit"
    assert metric_values(at)[VALUE_EN] == "€1,285 → €1,749"


def test_satisfaction_inputs_drive_the_satisfaction_numbers_only(open_app):
    at = open_app(LOYALTY, lang="en")
    profit_chart = at.get("plotly_chart")[1].proto.spec
    at.number_input(key="input.loyalty.share_extremely_satisfied").set_value(40.0).run()
    # d5 = 0.9 × 0.2 / (0.4 + 0.5 × 6) = 5.29% → 94.7%; d4 = 6 × d5 = 31.8% → 68.2%.
    assert metric_values(at)["Retention: rating 5 · rating 4"] == "94.7% · 68.2%"
    assert metric_values(at)[VALUE_EN] == "€1,285 → €1,749"
    assert at.get("plotly_chart")[1].proto.spec == profit_chart


FLAT_LOYALTY = {
    "loyalty.revenue_growth": "0",
    "loyalty.cost_saving": "0",
    "loyalty.price_premium": "0",
    "loyalty.referrals_per_year": "0",
}


def flat_value(retention: float, cac: float) -> float:
    """Net value of a new customer, €300 flat for 20 years at 8%, minus the acquisition cost."""
    return sum(300 * retention ** (t - 1) / 1.08**t for t in range(1, 21)) - cac


@pytest.mark.parametrize("cac", [1100, 1200])
@pytest.mark.parametrize("lang", ["en", "it"])
def test_no_percentage_and_no_verdict_when_a_new_customer_does_not_pay_back(open_app, lang, cac):
    # The example: flat margins, CAC €1,200: −€131 → +€94 used to read "+171%, above".
    at = open_app(LOYALTY, lang=lang, **FLAT_LOYALTY, **{"business.acquisition_cost": str(cac)})
    before, after = flat_value(0.8, cac), flat_value(0.85, cac)
    assert before < 0 < after
    label = VALUE_EN if lang == "en" else VALUE_IT
    delta = metric_deltas(at)[label]
    assert "%" not in delta
    change = round(after - before)  # €225 either way: the acquisition cost cancels out
    assert delta == (f"+€{change}" if lang == "en" else f"+{change}{NBSP}€")
    warning = at.warning[0].value
    assert ("does not pay back" if lang == "en" else "non ripaga") in warning
    shown = texts(at)
    sentence = next(line for line in shown.splitlines() if line.startswith("- **Per"))
    loss = f"-€{-round(before)}" if lang == "en" else f"-{-round(before)}{NBSP}€"
    assert loss in sentence
    assert not SIGNED_PERCENT.search(sentence)  # no percentage of a loss
    for verdict in ("within", "above Reichheld", "below", "dentro", "sopra l'", "sotto l'"):
        assert verdict not in shown
    assert_no_raw_keys(at)


def test_the_long_run_line_says_what_it_computes(open_app):
    at = open_app(LOYALTY, lang="en")
    shown = texts(at)
    # 150 × (undiscounted margins over a stay − €250): the steady state the metric shows.
    assert (
        "150 new customers a year × (one customer's undiscounted margins over their stay − €250"
        in shown
    )
    assert metric_values(at)[LONG_RUN_EN].startswith("€326,248")
