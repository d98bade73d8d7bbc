"""Numbers, money and percentages in the active locale, with babel (never `locale.setlocale`).

Italian: ``1.234,56 €``, ``80,5%``; English: ``€1,234.56``, ``80.5%``.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import NumberPattern, format_decimal, format_scientific, get_currency_symbol

BABEL_LOCALES = {"it": "it_IT", "en": "en_US"}
# Beyond this babel's decimal arithmetic overflows; such numbers are shown in scientific form.
LARGEST_PLAIN = 1e24


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
    if abs(value) >= LARGEST_PLAIN:
        return f"{scientific(value, lang)}\u00a0{currency_symbol(currency, lang)}"
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
    if abs(value) >= LARGEST_PLAIN:
        return scientific(value, lang)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(value, digits), format=pattern, locale=_locale(lang))


def scientific(value: float, lang: str) -> str:
    """A huge number in scientific form: ``1,2E30`` (it), ``1.2E30`` (en).

    >>> scientific(1.23e30, "it"), money(1e30, "EUR", "en")
    ('1,23E30', '1E30\xa0€')
    """
    return format_scientific(value, format="0.##E0", locale=_locale(lang))


def percent(fraction: float, lang: str, digits: int = 1) -> str:
    """A fraction as a percentage: 0.805 → ``80,5%`` (it), ``80.5%`` (en); no ``,0`` on wholes.

    >>> percent(0.805, "it"), percent(0.8, "en"), percent(-0.25, "en")
    ('80,5%', '80%', '-25%')
    """
    if not math.isfinite(fraction):
        return "—"
    return f"{_trimmed(fraction * 100, lang, digits)}%"


def signed_percent(fraction: float, lang: str, digits: int = 1) -> str:
    """A change as a signed percentage: ``+21,7%``."""
    return ("+" if fraction > 0 else "") + percent(fraction, lang, digits)


def points(fraction: float, lang: str, digits: int = 1) -> str:
    """Percentage points: 0.05 → ``+5 pp`` (en) / ``+5 p.p.`` (it)."""
    if not math.isfinite(fraction):
        return "—"
    unit = "p.p." if lang == "it" else "pp"
    return f"{'+' if fraction > 0 else ''}{_trimmed(fraction * 100, lang, digits)}\u00a0{unit}"


def ratio(value: float, lang: str, digits: int = 1) -> str:
    """A multiple: 5 → ``5×``, 12.5 → ``12,5×`` (it)."""
    if not math.isfinite(value):
        return "—"
    return _trimmed(value, lang, digits) + "×"


def _trimmed(value: float, lang: str, digits: int) -> str:
    # `digits` decimals, none when the rounded value is whole: 80% and 80,5%, not 80,0%.
    if not math.isfinite(value) or abs(value) >= LARGEST_PLAIN:
        return scientific(value, lang) if math.isfinite(value) else "—"
    rounded = round(value, digits)
    return number(rounded, lang, digits if rounded != round(rounded) else 0)


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

    def day(self, day: dt.date) -> str:
        """A date: ``31 dic 2024`` (it), ``Dec 31, 2024`` (en)."""
        return format_date(day, format="medium", locale=_locale(self.lang))

    def month(self, day: dt.date) -> str:
        """A month: ``dic 2024`` (it), ``Dec 2024`` (en)."""
        return format_skeleton("yMMM", day, locale=_locale(self.lang))

    @property
    def separators(self) -> str:
        """Plotly's ``layout.separators``: decimal mark then thousands mark."""
        return ",." if self.lang == "it" else ".,"

    @property
    def symbol(self) -> str:
        return currency_symbol(self.currency, self.lang)
