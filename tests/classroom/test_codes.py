"""Room codes: the alphabet, the reading of what participants type, and the randomness."""

from __future__ import annotations

import itertools
import string
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from classroom.codes import (
    ALPHABET,
    CODE_LENGTH,
    MAX_INPUT_CHARS,
    format_code,
    new_code,
    normalise_code,
)

LOOK_ALIKES = "0O1IL"
# Statistical checks of random draws fail by bad luck with this probability (per check): small
# enough never to be seen, large enough to catch a generator that favours some symbols.
FALSE_ALARM = 1e-6
DRAWS_PER_SYMBOL = 300  # expected count of each symbol in each place: chi-square wants ≥ 5

codes_from_alphabet = st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)


def test_alphabet_is_letters_and_digits_without_look_alikes() -> None:
    expected = set(string.ascii_uppercase + string.digits) - set(LOOK_ALIKES)
    assert set(ALPHABET) == expected
    assert len(ALPHABET) == len(expected) == 31  # 26 + 10 - 5
    assert len(set(ALPHABET)) == len(ALPHABET)  # no symbol twice (it would be drawn twice as often)


def test_a_new_code_is_six_symbols_of_the_alphabet() -> None:
    for _ in range(100):
        code = new_code()
        assert len(code) == CODE_LENGTH == 6
        assert set(code) <= set(ALPHABET)
        assert normalise_code(code) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ABCDEF", "ABCDEF"),
        ("abcdef", "ABCDEF"),
        ("  aBc-DeF\n", "ABCDEF"),
        ("abc def", "ABCDEF"),
        ("a b c d e f", "ABCDEF"),
        ("ABC\u2013DEF", "ABCDEF"),  # the en dash a phone's autocorrect makes of "-"
        ("ABC\u00a0DEF", "ABCDEF"),  # a non-breaking space pasted from a document
        ("\uff21\uff22\uff23\uff24\uff25\uff26", "ABCDEF"),  # full-width ＡＢＣＤＥＦ
        ("x7k-29m", "X7K29M"),
        ("ABC_DEF", "ABCDEF"),
    ],
)
def test_normalise_reads_a_code_as_typed(typed: str, code: str) -> None:
    assert normalise_code(typed) == code


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCDE",  # five symbols
        "ABCDEFG",  # seven
        "ABCDE0",  # zero: in no code
        "ABCDEO",  # letter O
        "ABCDE1",
        "ABCDEI",
        "ABCDEL",
        "abcdel",  # a lower-case l is still an L
        "ABCDÉF",
        "ABC/DEF",
        "ABC?DEF",
        "https://example.com/join?room=ABCDEF",
        "A" * (MAX_INPUT_CHARS + 1),
        " " * (MAX_INPUT_CHARS + 1) + "ABCDEF",
    ],
)
def test_normalise_refuses_what_cannot_be_a_code(typed: str) -> None:
    assert normalise_code(typed) is None


@given(
    code=codes_from_alphabet,
    lower=st.lists(st.booleans(), min_size=CODE_LENGTH, max_size=CODE_LENGTH),
    gaps=st.lists(st.sampled_from(["", " ", "-", "  ", "\u2013", "\t"]), min_size=CODE_LENGTH),
)
def test_any_spelling_of_a_code_reads_back_as_the_code(
    code: str, lower: list[bool], gaps: list[str]
) -> None:
    typed = "".join(
        gap + (symbol.lower() if low else symbol)
        for symbol, low, gap in zip(code, lower, gaps, strict=False)
    )
    assert normalise_code(typed) == code


@given(st.text(max_size=2 * MAX_INPUT_CHARS))
def test_normalise_gives_a_code_or_none(text: str) -> None:
    result = normalise_code(text)
    if result is not None:
        assert len(result) == CODE_LENGTH
        assert set(result) <= set(ALPHABET)
        assert normalise_code(result) == result


@given(codes_from_alphabet)
def test_the_shown_form_reads_back(code: str) -> None:
    shown = format_code(code)
    assert shown == f"{code[:3]}-{code[3:]}"
    assert normalise_code(shown) == code


def test_each_symbol_is_equally_likely_in_each_place() -> None:
    draws = len(ALPHABET) * DRAWS_PER_SYMBOL
    codes = [new_code() for _ in range(draws)]
    for place in range(CODE_LENGTH):
        counts = Counter(code[place] for code in codes)
        observed = [counts[symbol] for symbol in ALPHABET]  # 0 for a symbol never drawn
        assert sum(observed) == draws
        # Pearson's chi-square against the uniform expectation (DRAWS_PER_SYMBOL each).
        assert stats.chisquare(observed).pvalue > FALSE_ALARM, (place, counts)


def test_a_code_says_nothing_about_the_next() -> None:
    # If draws were independent, a place holds the same symbol in two consecutive codes with
    # probability 1/31; a generator that stepped or repeated would match far more (or less).
    draws = len(ALPHABET) * DRAWS_PER_SYMBOL
    codes = [new_code() for _ in range(draws)]
    pairs = list(itertools.pairwise(codes))
    matches = sum(a == b for first, second in pairs for a, b in zip(first, second, strict=True))
    trials = len(pairs) * CODE_LENGTH
    assert stats.binomtest(matches, trials, 1 / len(ALPHABET)).pvalue > FALSE_ALARM


def test_codes_rarely_repeat() -> None:
    # 2,000 draws from 31**6 codes: about 2000**2 / (2 * 31**6) = 0.0023 repeated pairs
    # expected, and two or more happen about once in 400,000 runs (the store still checks).
    draws = 2_000
    codes = [new_code() for _ in range(draws)]
    assert len(set(codes)) >= draws - 1
