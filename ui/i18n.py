"""Italian and English texts from `assets/i18n/{it,en}.yaml`.

Keys are dotted paths into the nested YAML (``"acq.title"``). A key missing in the active
language falls back to English, then to the key itself, so a gap shows text, never a crash;
`tests/test_i18n.py` makes sure no key is missing in either file.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

Lang = Literal["it", "en"]
LANGS: tuple[Lang, ...] = ("it", "en")
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


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """All texts of one language as ``{dotted.key: text}`` (read once per process)."""
    with open(I18N_DIR / f"{lang}.yaml", encoding="utf-8") as handle:
        return _flatten(yaml.safe_load(handle) or {})


def translate(lang: str, key: str, **values: Any) -> str:
    """The text for `key` in `lang`, with ``{name}`` placeholders filled from `values`.

    >>> translate("en", "app.title")
    'Retention Lab'
    """
    text = catalog(lang).get(key) if lang in LANGS else None
    if text is None:
        text = catalog(FALLBACK).get(key, key)
    return text.format(**values) if values else text


def has_key(key: str) -> bool:
    """True when `key` exists in the fallback language."""
    return key in catalog(FALLBACK)


def lang_from_locale(locale: str | None) -> Lang:
    """Italian for any ``it*`` browser locale, English otherwise.

    >>> lang_from_locale("it-IT"), lang_from_locale("de-CH"), lang_from_locale(None)
    ('it', 'en', 'en')
    """
    return "it" if (locale or "").lower().startswith("it") else "en"
