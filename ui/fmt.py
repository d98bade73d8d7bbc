"""Numbers, money, percentages and dates in the active locale, with babel (never
`locale.setlocale`).

Italian: ``1.234,56 €``, ``80,5%``; English: ``€1,234.56``, ``80.5%``. Every number the app shows
goes through `Formatter`; what differs between languages comes from babel's locale data (marks,
currency patterns, dates) or from the i18n files (units such as ``p.p.``), never from a branch
on the language here.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import (
    NumberPattern,
    format_decimal,
    format_scientific,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)

from ui.i18n import FALLBACK, LOCALES, translate

# Beyond this babel's decimal arithmetic overflows; such numbers are shown in scientific form.
LARGEST_PLAIN = 1e24
# Period labels of `calculators.cohorts.period_labels`: quarters and months.
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@cache
def _locale(lang: str) -> Locale:
    """The babel locale of `lang` (`ui.i18n.LOCALES`); the fallback language's for any other."""
    return Locale.parse(LOCALES.get(lang, LOCALES[FALLBACK]))


@cache
def _currency_pattern(lang: str, digits: int) -> NumberPattern:
    pattern: NumberPattern = copy.copy(_locale(lang).currency_formats["standard"])
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
    shown: str = _currency_pattern(lang, digits).apply(
        value, _locale(lang), currency=currency, currency_digits=False
    )
    return shown


def signed_money(value: float, currency: str, lang: str) -> str:
    """A change in money with its sign, whole units: ``+€225``, ``-€131``, ``€0``.

    Rounded first, as `money` shows it: a change that rounds to zero reads ``€0``, never
    ``+€0`` or ``-€0``.

    >>> signed_money(224.6, "EUR", "en"), signed_money(-131, "EUR", "en")
    ('+€225', '-€131')
    >>> signed_money(-0.2, "EUR", "en")
    '€0'
    """
    rounded = float(round(value)) if math.isfinite(value) else value
    shown = money(rounded or 0.0, currency, lang)
    return f"+{shown}" if rounded > 0 else shown


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
    """Percentage points: 0.05 → ``+5 pp`` (en) / ``+5 p.p.`` (it); the unit is ``fmt.points``.

    >>> points(0.05, "en"), points(-0.025, "it")
    ('+5\xa0pp', '-2,5\xa0p.p.')
    """
    if not math.isfinite(fraction):
        return "—"
    unit = translate(lang, "fmt.points")
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


def currency_affixes(currency: str, lang: str) -> tuple[str, str]:
    """What goes before and after a positive amount, from the locale's currency pattern.

    >>> currency_affixes("EUR", "en"), currency_affixes("EUR", "it")
    (('€', ''), ('', '\xa0€'))
    """
    pattern = _locale(lang).currency_formats["standard"]
    symbol = currency_symbol(currency, lang)
    return pattern.prefix[0].replace("¤", symbol), pattern.suffix[0].replace("¤", symbol)


def count(value: float, lang: str) -> str:
    """A count of customers or people: one decimal below 10 (2.4 customers), whole above.

    >>> count(2.4, "it"), count(24.000000000000004, "en"), count(1317.6, "en")
    ('2,4', '24', '1,318')
    """
    return number(value, lang, 1 if abs(value) < 10 and value != round(value) else 0)


def score(value: float, lang: str) -> str:
    """A score on a rating scale as people say it: ``6``, ``5.5`` (``5,5`` in Italian).

    >>> score(6.0, "en"), score(5.54, "it")
    ('6', '5,5')
    """
    rounded = round(value, 1)
    return number(rounded, lang, 0 if rounded == round(rounded) else 1)


def gap(value: float, lang: str) -> str:
    """A gap in scale points with its sign: ``+1.5``, ``-0.25``, ``0`` (``+1,5`` in Italian).

    >>> gap(1.5, "it"), gap(-0.25, "en"), gap(0.0, "en")
    ('+1,5', '-0.25', '0')
    """
    rounded = round(value, 2)
    digits = 0 if rounded == round(rounded) else 1 if rounded * 10 == round(rounded * 10) else 2
    return ("+" if rounded > 0 else "") + number(rounded, lang, digits)


@dataclass(frozen=True)
class Formatter:
    """Formatting bound to one language and currency, as pages and charts use it."""

    lang: str
    currency: str = "EUR"

    def money(self, value: float, digits: int = 0) -> str:
        return money(value, self.currency, self.lang, digits)

    def signed_money(self, value: float) -> str:
        return signed_money(value, self.currency, self.lang)

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

    def optional(self, format: Callable[..., str], value: float | None, *args: int) -> str:
        """``format(value, *args)``, or "n/a" in the language where the value does not exist
        (None, or NaN in a table): a ratio with a zero divisor, a change from nothing.

        >>> f = Formatter("it")
        >>> f.optional(f.ratio, 4.29, 2), f.optional(f.ratio, None), f.optional(f.money, math.nan)
        ('4,29×', 'n.d.', 'n.d.')
        """
        if value is None or value != value:
            return translate(self.lang, "common.not_applicable")
        return format(value, *args)

    def before_after(self, before: str, after: str) -> str:
        """Two values already formatted, before and after a change: ``80% → 85%``."""
        return translate(self.lang, "fmt.before_after", before=before, after=after)

    def count(self, value: float) -> str:
        """Customers or people: ``2.4`` below 10, ``1,318`` above (see `count`)."""
        return count(value, self.lang)

    def score(self, value: float) -> str:
        """A rating on the 1-7 scale: ``6``, ``5.5`` (see `score`)."""
        return score(value, self.lang)

    def gap(self, value: float) -> str:
        """A signed gap in scale points: ``+1.5``, ``-0.25`` (see `gap`)."""
        return gap(value, self.lang)

    def day(self, day: dt.date) -> str:
        """A date: ``31 dic 2024`` (it), ``Dec 31, 2024`` (en)."""
        return format_date(day, format="medium", locale=_locale(self.lang))

    def numbers(self, values: Sequence[float]) -> str:
        """Whole numbers as a list in words: ``2, 3 e 7`` (it), ``2, 3, and 7`` (en)."""
        return format_list([self.number(value) for value in values], locale=_locale(self.lang))

    def long_day(self, day: dt.date) -> str:
        """A date written out: ``31 dicembre 2024`` (it), ``December 31, 2024`` (en)."""
        return format_date(day, format="long", locale=_locale(self.lang))

    def month(self, day: dt.date) -> str:
        """A month: ``dic 2024`` (it), ``Dec 2024`` (en)."""
        return format_skeleton("yMMM", day, locale=_locale(self.lang))

    def period(self, label: str | int) -> str:
        """A period named as `calculators.cohorts.period_labels` names it (``2024``,
        ``"2024-Q4"``, ``"2024-11"``), as the locale writes it.

        >>> [Formatter("it").period(p) for p in (2024, "2024-Q4", "2024-11")]
        ['2024', 'T4 2024', 'nov 2024']
        >>> [Formatter("en").period(p) for p in ("2024-Q4", "2024-11")]
        ['Q4 2024', 'Nov 2024']
        """
        text = str(label)
        quarter = _QUARTER.fullmatch(text)
        if quarter:
            first_month = 3 * int(quarter.group(2)) - 2
            day = dt.date(int(quarter.group(1)), first_month, 1)
            return format_skeleton("yQQQ", day, locale=_locale(self.lang))
        month = _MONTH.fullmatch(text)
        if month:
            return self.month(dt.date(int(month.group(1)), int(month.group(2)), 1))
        return text

    @property
    def separators(self) -> str:
        """Plotly's ``layout.separators``: the locale's decimal mark, then its thousands mark.

        >>> Formatter("it").separators, Formatter("en").separators
        (',.', '.,')
        """
        locale = _locale(self.lang)
        return get_decimal_symbol(locale) + get_group_symbol(locale)

    @property
    def currency_affixes(self) -> tuple[str, str]:
        """Before and after an amount: ``("€", "")`` in English, ``("", " €")`` in Italian."""
        return currency_affixes(self.currency, self.lang)
