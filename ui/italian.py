"""Italian articles and articulated prepositions before a number: "l'8%", "all'85%", "il 5%".

Italian elides the article before a word that starts with a vowel, and a number is read as a
word: "otto", "undici", "ottanta", "ottocento", "un milione" start with a vowel ("l'8%",
"dell'11%", "all'80%"), "cinque", "venti", "mille" do not ("il 5%", "al 20%", "il 1.000"), and
"zero" takes "lo" ("lo 0,5%"). `article` applies this rule to a formatted number; the i18n
files use it through a format spec on any value passed to `ui.i18n.translate`:
``"passa {before:dal} {after:al}"`` reads "passa dall'80% all'85%" or "passa dal 20% al 25%".

>>> article("al", "85%"), article("il", "5%"), article("dal", "0,5%"), article("i", "8 anni")
("all'85%", 'il 5%', 'dallo 0,5%', 'gli 8 anni')
"""

from __future__ import annotations

import re
from typing import Literal

# Each article or articulated preposition in its three forms: before a consonant, before a
# vowel (elided, or "gli" in the plural) and before "z" (zero).
_FORMS: dict[str, tuple[str, str, str]] = {
    "il": ("il ", "l'", "lo "),
    "lo": ("il ", "l'", "lo "),
    "la": ("la ", "l'", "la "),
    "i": ("i ", "gli ", "gli "),
    "gli": ("i ", "gli ", "gli "),
    "le": ("le ", "le ", "le "),
    "un": ("un ", "un ", "uno "),
    "al": ("al ", "all'", "allo "),
    "dal": ("dal ", "dall'", "dallo "),
    "del": ("del ", "dell'", "dello "),
    "nel": ("nel ", "nell'", "nello "),
    "sul": ("sul ", "sull'", "sullo "),
    "col": ("col ", "coll'", "collo "),
    "alla": ("alla ", "all'", "alla "),
    "dalla": ("dalla ", "dall'", "dalla "),
    "della": ("della ", "dell'", "della "),
    "nella": ("nella ", "nell'", "nella "),
    "sulla": ("sulla ", "sull'", "sulla "),
    "ai": ("ai ", "agli ", "agli "),
    "dai": ("dai ", "dagli ", "dagli "),
    "dei": ("dei ", "degli ", "degli "),
    "nei": ("nei ", "negli ", "negli "),
    "sui": ("sui ", "sugli ", "sugli "),
    "alle": ("alle ", "alle ", "alle "),
    "dalle": ("dalle ", "dalle ", "dalle "),
    "delle": ("delle ", "delle ", "delle "),
    "nelle": ("nelle ", "nelle ", "nelle "),
    "sulle": ("sulle ", "sulle ", "sulle "),
}
ARTICLES: frozenset[str] = frozenset(_FORMS)

Sound = Literal["consonant", "vowel", "zero"]

# The integer part of a formatted number: optional sign or currency before it, then digits with
# Italian ("1.234") or English ("1,234") grouping, or a narrow/no-break space.
_NUMBER = re.compile(r"^[^\d]*?(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+)")
_SIGNED = re.compile(r"^\s*[-−+]")
# A date's first day reads "primo" ("il 1° dicembre"), never "uno": a 1 followed by a month.
_FIRST_OF_MONTH = re.compile(
    r"^\s*1\s+(gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic)", re.IGNORECASE
)


def _below_thousand(n: int) -> Sound:
    """How the Italian name of 1..999 starts: "otto", "undici", "ottanta", "ottocento" elide."""
    hundreds, rest = divmod(n, 100)
    if hundreds:
        return "vowel" if hundreds == 8 else "consonant"  # ottocento; cento, duecento…
    if rest in (1, 8, 11) or 80 <= rest <= 89:  # uno, otto, undici, ottanta…
        return "vowel"
    return "consonant"


def number_sound(n: int) -> Sound:
    """How the Italian name of the whole number `n` (>= 0) starts.

    >>> [number_sound(n) for n in (0, 1, 5, 8, 11, 18, 80, 100, 800, 1000, 8000, 1_000_000)]
    ['zero', 'vowel', 'consonant', 'vowel', 'vowel', 'consonant', 'vowel', 'consonant', \
'vowel', 'consonant', 'vowel', 'vowel']
    """
    if n == 0:
        return "zero"
    for scale in (10**12, 10**9, 10**6):  # bilioni, miliardi, milioni: "un milione" elides
        if n >= scale:
            leading = n // scale
            return "vowel" if leading == 1 else number_sound(leading)
    if n >= 1000:
        leading = n // 1000
        return "consonant" if leading == 1 else _below_thousand(leading)  # mille; ottomila
    return _below_thousand(n)


def text_sound(text: str) -> Sound:
    """How a formatted number (``"85%"``, ``"1.500 €"``, ``"0,5"``) is read aloud first.

    A sign reads "più"/"meno", the first of a month "primo", and anything that does not start
    with a number is treated as a word starting with a consonant.

    >>> text_sound("85%"), text_sound("1.500 €"), text_sound("0,5%"), text_sound("-8%")
    ('vowel', 'consonant', 'zero', 'consonant')
    >>> text_sound("1 dic 2026"), text_sound("8 dic 2026"), text_sound("11 gennaio 2027")
    ('consonant', 'vowel', 'vowel')
    """
    if _SIGNED.match(text) or _FIRST_OF_MONTH.match(text):
        return "consonant"
    match = _NUMBER.match(text)
    if match is None or not text.lstrip()[:1].isdigit():
        return "consonant"
    digits = re.sub(r"\D", "", match.group(1))
    return number_sound(int(digits))


def article(word: str, number_text: str) -> str:
    """`number_text` preceded by the article or preposition `word` in its right form.

    `word` is the form before a consonant ("il", "al", "dal", "del", "nel", "sul", "i", "ai"…);
    the result elides it ("l'", "all'"), or uses "lo"/"gli", as the number is read.

    >>> article("il", "8%"), article("al", "20%"), article("del", "11,5%"), article("nei", "8 anni")
    ("l'8%", 'al 20%', "dell'11,5%", 'negli 8 anni')
    """
    consonant, vowel, zero = _FORMS[word]
    sound = text_sound(number_text)
    prefix = {"consonant": consonant, "vowel": vowel, "zero": zero}[sound]
    return f"{prefix}{number_text}"


class Spoken(str):
    """A value for a template: ``format(value, "al")`` puts the preposition before it.

    >>> "passa {a:dal} {b:al}".format(a=Spoken("80%"), b=Spoken("85%"))
    "passa dall'80% all'85%"
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if spec in _FORMS:
            return article(spec, str(self))
        if spec == "volte":
            return times(str(self))
        return str.__format__(str(self), spec)


def times(multiple: str) -> str:
    """A multiple formatted as ``"5×"`` in words, for a sentence: ``"5 volte"``.

    Italian prose says "costa 5 volte tanto", not "costa 5× tanto" (docs/glossary.md); a
    template writes ``"{ratio:volte}"``. Anything that is not a multiple ("n.d.") is kept.

    >>> times("5×"), times("1×"), times("12,5×"), times("n.d.")
    ('5 volte', '1 volta', '12,5 volte', 'n.d.')
    """
    number = multiple.strip()
    if not number.endswith("×"):
        return multiple
    number = number[:-1].strip()
    return f"{number} {'volta' if number == '1' else 'volte'}"
