"""Money, numbers and percentages in each locale: it-IT `1.234,56 €`, en `€1,234.56`."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.fmt import Formatter, money, number, percent, points, ratio

NBSP = "\u00a0"


def test_money_in_italian_and_english():
    assert money(1234.56, "EUR", "it", digits=2) == f"1.234,56{NBSP}€"
    assert money(1234.56, "EUR", "en", digits=2) == "€1,234.56"


@pytest.mark.parametrize(
    ("currency", "english", "italian"),
    [
        ("USD", "$50,000", f"50.000{NBSP}USD"),
        ("GBP", "£50,000", f"50.000{NBSP}£"),
        # English puts the ISO code straight before the digits (CLDR's ¤ pattern, no spacing).
        ("CHF", "CHF50,000", f"50.000{NBSP}CHF"),
    ],
)
def test_money_in_other_currencies(currency, english, italian):
    assert money(50000, currency, "en") == english
    assert money(50000, currency, "it") == italian


def test_money_rounds_to_whole_units_by_default():
    assert money(53.57, "EUR", "en") == "€54"
    assert money(-1500, "EUR", "it") == f"-1.500{NBSP}€"


def test_numbers_and_percentages():
    assert number(1234567.8, "it") == "1.234.568"
    assert number(1234567.8, "en", 1) == "1,234,567.8"
    assert percent(0.805, "it") == "80,5%"
    assert percent(0.8, "en") == "80%"
    assert points(0.05, "en") == f"+5{NBSP}pp"
    assert points(0.05, "it") == f"+5{NBSP}p.p."
    assert ratio(5, "en") == "5×"
    assert ratio(12.5, "it") == "12,5×"


def test_non_finite_values_show_a_dash_not_nan():
    assert money(math.inf, "EUR", "en") == "—"
    assert percent(math.nan, "it") == "—"


def test_formatter_carries_language_and_currency():
    f = Formatter("it", "EUR")
    assert f.money(60000) == f"60.000{NBSP}€"
    assert f.separators == ",."
    assert Formatter("en").separators == ".,"


@settings(max_examples=200, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["it", "en"]),
    st.sampled_from(["EUR", "USD", "GBP", "CHF"]),
)
def test_any_finite_number_formats_without_error(value, lang, currency):
    f = Formatter(lang, currency)
    for shown in (f.money(value), f.money(value, 2), f.number(value), f.percent(value)):
        assert shown and "nan" not in shown.lower()
    assert f.ratio(value) and f.points(value)


def test_huge_numbers_switch_to_scientific_form():
    assert money(1e30, "EUR", "en") == f"1E30{NBSP}€"
    assert number(2.5e26, "it") == "2,5E26"


def test_a_list_of_numbers_reads_as_words_in_each_language():
    assert Formatter("it").numbers([2, 3, 1000]) == "2, 3 e 1.000"
    assert Formatter("en").numbers([2, 3, 1000]) == "2, 3, and 1,000"
    assert Formatter("en").numbers([2]) == "2"
