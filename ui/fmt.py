"""Numbers, money and percentages in the active locale, with babel (never `locale.setlocale`).

Italian: ``1.234,56 €``, ``80,5%``; English: ``€1,234.56``, ``80.5%``.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, get_currency_symbol

BABEL_LOCALES = {"it": "it_IT", "en": "en_US"}


def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, "en_US"))


@cache
def _currency_pattern(lang: str, digits: int) -> NumberPattern:
    pattern = copy.copy(_locale(lang).currency_formats["standard"])
    pattern.frac_prec = (digits, digits)
    return pattern


def money(value: float, currency: str, lang: str, digits: int = 0) -> str:
    """`value` as an amount of `currency`, with `digits` decimals.

    >>> money(1234.56, "EUR", "it", digits=2), money(1234.56, "EUR", "en", digits=2)
    ('1.234,56\\xa0€', '€1,234.56')
    """
    if not math.isfinite(value):
        return "—"
    return _currency_pattern(lang, digits).apply(
        value, _locale(lang), currency=currency, currency_digits=False
    )


def number(value: float, lang: str, digits: int = 0) -> str:
    """A plain number with grouping: ``1.234`` (it), ``1,234`` (en).

    >>> number(1234.5, "it", 1), number(1234.5, "en")
    ('1.234,5', '1,234')
    """
    if not math.isfinite(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern, locale=_locale(lang))


def percent(fraction: float, lang: str, digits: int = 1) -> str:
    """A fraction as a percentage: 0.805 → ``80,5%`` (it), ``80.5%`` (en); no ``,0`` on wholes.

    >>> percent(0.805, "it"), percent(0.8, "en"), percent(-0.25, "en")
    ('80,5%', '80%', '-25%')
    """
    if not math.isfinite(fraction):
        return "—"
    value = round(fraction * 100, digits)
    shown = number(value, lang, digits if value != round(value) else 0)
    return f"{shown}%"


def signed_percent(fraction: float, lang: str, digits: int = 1) -> str:
    """A change as a signed percentage: ``+21,7%``."""
    return ("+" if fraction > 0 else "") + percent(fraction, lang, digits)


def points(fraction: float, lang: str, digits: int = 1) -> str:
    """Percentage points: 0.05 → ``+5 pp`` (en) / ``+5 p.p.`` (it)."""
    value = round(fraction * 100, digits)
    shown = number(value, lang, digits if value != round(value) else 0)
    unit = "p.p." if lang == "it" else "pp"
    return f"{'+' if value > 0 else ''}{shown}\u00a0{unit}"


def ratio(value: float, lang: str, digits: int = 1) -> str:
    """A multiple: 5 → ``5×``, 12.5 → ``12,5×`` (it)."""
    if not math.isfinite(value):
        return "—"
    rounded = round(value, digits)
    return number(rounded, lang, digits if rounded != round(rounded) else 0) + "×"


def currency_symbol(currency: str, lang: str) -> str:
    """The symbol babel uses for `currency` in `lang` (``€``, ``$`` or ``USD``, ``CHF``)."""
    return get_currency_symbol(currency, _locale(lang))


def currency_symbol_first(lang: str) -> bool:
    """True where the symbol goes before the number (English), False where after (Italian)."""
    return _locale(lang).currency_formats["standard"].pattern.lstrip().startswith("¤")


@dataclass(frozen=True)
class Formatter:
    """Formatting bound to one language and currency, as pages and charts use it."""

    lang: str
    currency: str = "EUR"

    def money(self, value: float, digits: int = 0) -> str:
        return money(value, self.currency, self.lang, digits)

    def number(self, value: float, digits: int = 0) -> str:
        return number(value, self.lang, digits)

    def percent(self, fraction: float, digits: int = 1) -> str:
        return percent(fraction, self.lang, digits)

    def signed_percent(self, fraction: float, digits: int = 1) -> str:
        return signed_percent(fraction, self.lang, digits)

    def points(self, fraction: float, digits: int = 1) -> str:
        return points(fraction, self.lang, digits)

    def ratio(self, value: float, digits: int = 1) -> str:
        return ratio(value, self.lang, digits)

    def years(self, value: float, digits: int = 1) -> str:
        return number(value, self.lang, digits)

    @property
    def separators(self) -> str:
        """Plotly's ``layout.separators``: decimal mark then thousands mark."""
        return ",." if self.lang == "it" else ".,"

    @property
    def symbol(self) -> str:
        return currency_symbol(self.currency, self.lang)
