"""Both languages have the same keys, placeholders and no empty text; code uses only known keys."""

import re
from pathlib import Path

import pytest

from ui.i18n import catalog, lang_from_locale, translate

ROOT = Path(__file__).resolve().parent.parent
# A placeholder's name, with or without a format spec: "{share}", "{share:al}", "{ratio:volte}".
PLACEHOLDER = re.compile(r"\{(\w+)(?::\w+)?\}")


def test_italian_and_english_have_the_same_keys():
    italian, english = set(catalog("it")), set(catalog("en"))
    assert italian - english == set(), "keys only in it.yaml"
    assert english - italian == set(), "keys only in en.yaml"


def test_placeholders_match_between_languages():
    for key, english in catalog("en").items():
        assert set(PLACEHOLDER.findall(catalog("it")[key])) == set(PLACEHOLDER.findall(english)), (
            key
        )


@pytest.mark.parametrize("lang", ["it", "en"])
def test_no_text_is_empty(lang):
    assert [key for key, text in catalog(lang).items() if not text.strip()] == []


def test_every_scenario_field_has_a_label_in_both_languages():
    from calculators.scenario import FIELDS

    for path in FIELDS:
        assert f"field.{path}.label" in catalog("en"), path


def test_every_key_used_in_code_exists():
    # Literal keys passed to t("...") or translate(lang, "...") in app code.
    used = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")
    for file in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        used |= set(pattern.findall(file.read_text(encoding="utf-8")))
    assert used, "the pattern found no keys: the test would be empty"
    missing = sorted(key for key in used if key not in catalog("en"))
    assert missing == []


def test_missing_key_falls_back_to_english_then_to_the_key():
    assert translate("it", "app.title") == "Retention Lab"
    assert translate("xx", "page.overview") == "Overview"
    assert translate("it", "no.such.key") == "no.such.key"


def test_placeholders_are_filled():
    assert translate("en", "common.open_page", page="Overview") == "Open Overview"
    assert translate("it", "common.open_page", page="Panoramica") == "Apri Panoramica"


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("it-IT", "it"), ("it", "it"), ("IT-ch", "it"), ("en-US", "en"), ("de-DE", "en"), ("", "en")],
)
def test_language_from_browser_locale(locale, lang):
    assert lang_from_locale(locale) == lang
