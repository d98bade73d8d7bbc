"""The Italian article helper on a table of numbers, checked against how each is read aloud."""

from __future__ import annotations

import pytest

from ui import i18n
from ui.i18n import translate
from ui.italian import article, number_sound

# (preposition, formatted number, expected): the spoken name is in the comment.
CASES = [
    ("il", "5%", "il 5%"),  # cinque
    ("il", "8%", "l'8%"),  # otto
    ("il", "1%", "l'1%"),  # uno
    ("il", "1,5%", "l'1,5%"),  # uno virgola cinque
    ("il", "11%", "l'11%"),  # undici
    ("il", "18%", "il 18%"),  # diciotto
    ("il", "0,5%", "lo 0,5%"),  # zero virgola cinque
    ("al", "85%", "all'85%"),  # ottantacinque
    ("al", "80%", "all'80%"),  # ottanta
    ("al", "20%", "al 20%"),  # venti
    ("al", "97%", "al 97%"),  # novantasette
    ("dal", "80%", "dall'80%"),
    ("dal", "20%", "dal 20%"),
    ("del", "11%", "dell'11%"),
    ("del", "4%", "del 4%"),
    ("nel", "8", "nell'8"),
    ("sul", "81%", "sull'81%"),
    ("del", "800", "dell'800"),  # ottocento
    ("del", "100", "del 100"),  # cento
    ("del", "1.000 €", "del 1.000 €"),  # mille
    ("del", "8.000 €", "dell'8.000 €"),  # ottomila
    ("del", "11.000 €", "dell'11.000 €"),  # undicimila
    ("del", "21.000 €", "del 21.000 €"),  # ventunomila
    ("del", "1.000.000 €", "dell'1.000.000 €"),  # un milione
    ("del", "2.000.000 €", "del 2.000.000 €"),  # due milioni
    ("del", "8.500.000 €", "dell'8.500.000 €"),  # otto milioni
    ("al", "-8%", "al -8%"),  # meno otto
    ("al", "+8 p.p.", "al +8 p.p."),  # più otto
    ("i", "5 anni", "i 5 anni"),
    ("i", "8 anni", "gli 8 anni"),
    ("nei", "11 anni", "negli 11 anni"),
    ("alla", "8ª", "all'8ª"),
    ("il", "—", "il —"),
    ("il", "1 dic 2026", "il 1 dic 2026"),  # il primo dicembre
    ("al", "8 dic 2026", "all'8 dic 2026"),  # all'otto dicembre
    ("il", "11 gennaio 2027", "l'11 gennaio 2027"),
]


@pytest.mark.parametrize(("word", "number", "expected"), CASES)
def test_article_before_number(word: str, number: str, expected: str) -> None:
    assert article(word, number) == expected


@pytest.mark.parametrize(
    ("n", "elides"),
    [
        *[(1, True), (8, True), (11, True), (80, True), (88, True), (89, True), (90, False)],
        *[(81, True), (800, True), (801, True), (180, False), (108, False), (1_000, False)],
        *[(8_000, True), (80_000, True), (18_000, False), (1_000_000_000, True)],
    ],
)
def test_number_sound(n: int, elides: bool) -> None:
    assert (number_sound(n) == "vowel") is elides


def test_translate_fills_a_template_with_the_right_preposition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = {
        "it": {"k": "passa {before:dal} {after:al}, {n} clienti"},
        "en": {"k": "from {before} to {after}, {n} customers"},
    }
    monkeypatch.setattr(i18n, "catalog", lambda lang: texts[lang])
    assert (
        translate("it", "k", before="80%", after="85%", n=3) == "passa dall'80% all'85%, 3 clienti"
    )
    assert translate("it", "k", before="20%", after="25%", n=3) == "passa dal 20% al 25%, 3 clienti"
    assert translate("en", "k", before="80%", after="85%", n=3) == "from 80% to 85%, 3 customers"
