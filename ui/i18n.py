"""The app's languages and their texts, from `assets/i18n/<code>.yaml`.

`LOCALES` is the one list of languages: each code with the babel locale that formats its numbers,
money and dates (`ui/fmt.py`). Adding a language is a line there and a file in `assets/i18n/`.

Keys are dotted paths into the nested YAML (``"acq.title"``). A key missing in the active
language falls back to English, then to the key itself, so a gap shows text, never a crash;
`tests/test_i18n.py` makes sure no key is missing in either file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ui.assets import load_yaml
from ui.italian import Spoken

Lang = str  # a code of `LOCALES`
# Language code → babel locale, in the order of the sidebar's language switch.
LOCALES: dict[Lang, str] = {"it": "it_IT", "en": "en_US"}
LANGS: tuple[Lang, ...] = tuple(LOCALES)
FALLBACK: Lang = "en"
I18N_DIR = Path(__file__).resolve().parent.parent / "assets" / "i18n"


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


def _read_catalog(lang: Lang) -> dict[str, str]:
    with open(I18N_DIR / f"{lang}.yaml", encoding="utf-8") as handle:
        return _flatten(load_yaml(handle.read()) or {})


# Read when this module is first imported, not on first use: sessions that open the app at the
# same moment wait on Python's import lock for one read, where a lazy cache would let each of
# their first runs parse the same 100 KB file at once.
_CATALOGS: dict[Lang, dict[str, str]] = {lang: _read_catalog(lang) for lang in LANGS}


def catalog(lang: Lang) -> dict[str, str]:
    """All texts of one language of `LANGS` as ``{dotted.key: text}`` (read once per process).

    >>> catalog("it")["app.title"]
    'Retention Lab'
    """
    return _CATALOGS[lang]


def translate(lang: str, key: str, **values: Any) -> str:
    """The text for `key` in `lang`, with ``{name}`` placeholders filled from `values`.

    A placeholder may name an Italian article or preposition as its format spec:
    ``"{share:al}"`` renders ``all'85%`` or ``al 20%`` (`ui.italian.article`).

    >>> translate("en", "app.title")
    'Retention Lab'
    """
    text = catalog(lang).get(key) if lang in LANGS else None
    if text is None:
        text = catalog(FALLBACK).get(key, key)
    if not values:
        return text
    # Any value may follow an article in Italian: "{share:al}" reads "all'85%" (ui.italian).
    return text.format(**{name: Spoken(value) for name, value in values.items()})


def has_key(key: str) -> bool:
    """True when `key` exists in the fallback language.

    >>> has_key("app.title"), has_key("field.business.name.help")
    (True, False)
    """
    return key in catalog(FALLBACK)


def lang_from_locale(locale: str | None) -> Lang:
    """The app's language for a browser locale (``it-IT`` → ``it``), English for any other.

    >>> lang_from_locale("it-IT"), lang_from_locale("de-CH"), lang_from_locale(None)
    ('it', 'en', 'en')
    """
    primary = (locale or "").lower().replace("_", "-").split("-")[0]
    return primary if primary in LOCALES else FALLBACK
