"""Room codes: six characters a class reads off a projector and types on a phone.

The alphabet is the 26 capital letters and the digits 2-9 without the characters people confuse
when reading or typing them: ``0``/``O`` and ``1``/``I``/``L`` are all left out (31 symbols).
Leaving out *both* sides of each pair, rather than keeping one and mapping the other onto it
(Crockford's base32 keeps 0 and 1), means a code on the screen never shows either of them, so
there is nothing to misread. For the same reason `normalise_code` maps no look-alike: a typed
``O``, ``0``, ``I``, ``L`` or ``1`` cannot come from one of our codes, and mapping it onto another
symbol would only turn a wrong code into a different wrong code; the participant is told at once
that it is not a room code instead.

With 31 symbols and 6 places there are 31**6 = 887,503,681 codes. Each character is drawn with
`secrets.choice` (the operating system's cryptographic generator), independently and uniformly,
so one room's code says nothing about another's, and a guesser facing the database's 200 rooms
at most hits one in 887,503,681 / 200 ≈ 4.4 million tries on average.
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# How a code is printed for people: two groups of three, like a phone number ("ABC-DEF").
GROUP_SIZE = 3
GROUP_SEPARATOR = "-"
# What a participant may put between characters: spaces, and the dashes a phone keyboard's
# autocorrect turns "-" into (hyphen, non-breaking hyphen, figure dash, en and em dash, minus).
SEPARATORS = frozenset("-_.\u2010\u2011\u2012\u2013\u2014\u2212")
# Longer input is not a code someone typed (a pasted paragraph, a hostile link): refused unread.
MAX_INPUT_CHARS = 64

_ALPHABET_SET = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh room code: `CODE_LENGTH` symbols drawn uniformly and independently from `ALPHABET`.

    Uniqueness among the rooms in the database is the store's job (it draws again on a clash).

    >>> code = new_code()
    >>> len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
    True
    """
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The room code in what a participant typed or scanned, or None if it cannot be one.

    Unicode compatibility forms are folded (a full-width ``Ａ`` is ``A``), case is ignored,
    whitespace and dashes anywhere are dropped; what is left must be exactly `CODE_LENGTH`
    symbols of `ALPHABET`. Look-alikes are not mapped (see the module's docstring): ``O``,
    ``0``, ``I``, ``L`` and ``1`` never appear in a code, so input holding them is None.

    >>> normalise_code(" abc-def ")
    'ABCDEF'
    >>> normalise_code("AB3 K7Z")
    'AB3K7Z'
    >>> normalise_code("ABCDE0") is None  # a zero is in no code
    True
    >>> normalise_code("ABCDE") is None  # too short
    True
    """
    if len(text) > MAX_INPUT_CHARS:
        return None
    folded = unicodedata.normalize("NFKC", text).upper()
    kept = "".join(ch for ch in folded if not ch.isspace() and ch not in SEPARATORS)
    if len(kept) != CODE_LENGTH or not set(kept) <= _ALPHABET_SET:
        return None
    return kept


def format_code(code: str) -> str:
    """`code` as it is shown to people: in groups of `GROUP_SIZE` (``normalise_code`` undoes it).

    >>> format_code("ABCDEF")
    'ABC-DEF'
    >>> normalise_code(format_code("ABCDEF"))
    'ABCDEF'
    """
    groups = [code[start : start + GROUP_SIZE] for start in range(0, len(code), GROUP_SIZE)]
    return GROUP_SEPARATOR.join(groups)
