"""Every source id of SOURCES.md has a complete card in both languages, and the app's ids exist."""

import re
from pathlib import Path

from calculators.present import FAMOUS_FIGURES
from calculators.scenario import FIELDS
from ui.cards import BADGE_COLOURS, sources

ROOT = Path(__file__).resolve().parent.parent
SOURCE_IDS = {
    "retention_profit",
    "delighted_6x",
    "complain_4pct",
    "never_complain_70pct",
    "tell_9_vs_5",
    "leave_68pct",
    "silent_leavers_90pct",
    "replace_1_to_10",
    "acquire_5x",
    "recovery_95pct",
    "first_60s",
    "gap_model",
    "nps",
    "sbg",
    "saas_rules",
    # Not a figure of SOURCES.md: the app's own illustrative defaults (loyalty components).
    "illustrative",
}
TEXT_PARTS = {"title", "claim", "measured", "caveat", "default"}


def test_every_source_of_sources_md_has_a_card():
    assert set(sources()) == SOURCE_IDS


def test_cards_are_complete_in_both_languages():
    for source_id, card in sources().items():
        assert card["reliability"] in BADGE_COLOURS, source_id
        assert card["reference"].strip(), source_id
        for lang in ("it", "en"):
            assert set(card[lang]) == TEXT_PARTS, (source_id, lang)
            assert all(card[lang][part].strip() for part in TEXT_PARTS), (source_id, lang)


def test_folklore_is_labelled_as_such():
    folklore = {sid for sid, card in sources().items() if card["reliability"] == "folklore"}
    assert {"leave_68pct", "silent_leavers_90pct", "replace_1_to_10", "first_60s"} <= folklore


def test_every_source_the_app_cites_exists():
    cited = {spec.source for spec in FIELDS.values() if spec.source}
    pattern = re.compile(r"""(?:source_card|figure_card)\(\s*["'](\w+)["']""")
    for file in ROOT.glob("pages/*.py"):
        cited |= set(pattern.findall(file.read_text(encoding="utf-8")))
    cited |= set(FAMOUS_FIGURES)
    assert cited and cited <= set(sources())


ILLUSTRATIVE_FIELDS = (
    "loyalty.revenue_growth",
    "loyalty.cost_saving",
    "loyalty.price_premium",
    "loyalty.referrals_per_year",
    "loyalty.referral_conversion",
)


def test_illustrative_defaults_carry_the_illustrative_source_not_reichhelds():
    # Reichheld described the loyalty components qualitatively; 5%, 2%, 1%, 0.1 and 25% are
    # the app's round numbers, so they must not be presented as the retention_profit figure.
    for path in ILLUSTRATIVE_FIELDS:
        assert FIELDS[path].source == "illustrative", path
        assert FIELDS[path].source != "retention_profit", path
    card = sources()["illustrative"]
    assert card["reliability"] == "illustrative"
    assert "not a measured figure" in card["en"]["caveat"]
    assert "non una cifra misurata" in card["it"]["caveat"]
    for lang in ("en", "it"):
        assert "Reichheld" in card[lang]["measured"]


def test_every_field_source_is_a_card():
    cards = set(sources())
    for path, spec in FIELDS.items():
        assert spec.source is None or spec.source in cards, (path, spec.source)
