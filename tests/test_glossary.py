"""The Italian texts use the one vocabulary of docs/glossary.md: no forbidden variant anywhere.

The glossary's table lists, for each concept, the variants Italian texts must not use (its
"Not" column, each variant in backticks); its "Exceptions" table lists names that are not words
of the vocabulary ("Retention Lab"). The check covers every text of `assets/i18n/it.yaml` and
the `it:` texts of `assets/sources.yaml`, case-insensitive, whole words only, with placeholders
(`{churn}`) left out: they are names in code, not words the user reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from ui.italian import Spoken, times

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
CODE = re.compile(r"`([^`]+)`")


def _table(section: str) -> list[list[str]]:
    """The body rows of the first table under the `## section` heading, as lists of cells."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def _forbidden() -> dict[str, str]:
    """Each forbidden variant → the Italian term to use instead."""
    rows = _table("Terms")
    return {variant: row[2] for row in rows for variant in CODE.findall(row[3])}


def _exceptions() -> list[str]:
    return [name for row in _table("Exceptions") for name in CODE.findall(row[0])]


def _leaves(tree: Mapping[str, Any], path: str) -> Iterator[tuple[str, str]]:
    for key, value in tree.items():
        if isinstance(value, Mapping):
            yield from _leaves(value, f"{path}{key}.")
        else:
            yield f"{path}{key}", str(value)


def _italian_texts() -> list[tuple[str, str]]:
    """(where, text) for every Italian text the user can read."""
    with open(ROOT / "assets" / "i18n" / "it.yaml", encoding="utf-8") as handle:
        texts = list(_leaves(yaml.safe_load(handle), "it.yaml:"))
    with open(ROOT / "assets" / "sources.yaml", encoding="utf-8") as handle:
        cards = yaml.safe_load(handle)
    for source_id, card in cards.items():
        texts += _leaves(card["it"], f"sources.yaml:{source_id}.it.")
    return texts


ITALIAN = _italian_texts()


def _readable(text: str) -> str:
    """The text as the check sees it: placeholders and documented exceptions removed."""
    text = PLACEHOLDER.sub(" ", text)
    for name in _exceptions():
        text = text.replace(name, " ")
    return text


def test_the_glossary_forbids_the_variants_the_brief_names():
    forbidden = {variant.lower() for variant in _forbidden()}
    expected = {"retention", "churn", "tasso di sconto", "scontato", "default", "wald corretto"}
    assert expected <= forbidden
    assert "Retention Lab" in _exceptions()


def test_the_check_reads_the_italian_files():
    where = {place.split(":")[0] for place, _ in ITALIAN}
    assert where == {"it.yaml", "sources.yaml"}
    assert len(ITALIAN) > 500


@pytest.mark.parametrize(("variant", "term"), sorted(_forbidden().items()))
def test_no_forbidden_variant_in_italian_texts(variant, term):
    pattern = re.compile(rf"(?<![\w']){re.escape(variant)}(?!\w)", re.IGNORECASE)
    found = [place for place, text in ITALIAN if pattern.search(_readable(text))]
    assert found == [], f"{variant!r} → use: {term}"


def test_no_multiple_sign_as_a_word_in_italian_sentences():
    # "costa 5× tanto" reads "costa 5 volte tanto"; "×" stays as the sign in a formula
    # ("clienti × 20%") or as a value shown alone ("6×").
    number_times = re.compile(r"\d\s?×")
    alone = re.compile(r"\s*[\d.,]+\s?×\s*")
    found = [
        place for place, text in ITALIAN if number_times.search(text) and not alone.fullmatch(text)
    ]
    assert found == []


def test_a_multiple_in_a_sentence_is_written_in_words():
    # `{ratio}` holds a multiple formatted "5×": in a sentence it is `{ratio:volte}`, bare only
    # as an operand or value of a formula ("costo ÷ {ratio}", "CLV ÷ CAC = {ratio}") or where
    # the text says "volte" itself.
    bare = re.compile(r"(?<![÷×=] )\{ratio\}(?! volte)")
    assert [place for place, text in ITALIAN if bare.search(text)] == []


def test_multiples_read_as_words():
    assert times("5×") == "5 volte"
    assert times("1×") == "1 volta"
    assert times("12,5×") == "12,5 volte"
    assert times("n.d.") == "n.d."
    assert "costa {ratio:volte} tanto".format(ratio=Spoken("6×")) == "costa 6 volte tanto"
