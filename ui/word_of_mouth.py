"""Sentences of the Word-of-mouth page that Trainer mode repeats."""

from __future__ import annotations

from calculators.word_of_mouth import ResolutionMix
from ui.fmt import Formatter
from ui.i18n import translate


def retelling_clause(retell_multiplier: float, retell_rounds: int, f: Formatter) -> str:
    """The clause added to a reach when people retell the story; empty without retelling."""
    if not retell_rounds:
        return ""
    return translate(
        f.lang,
        "wom.retelling",
        multiplier=f.number(retell_multiplier, 2),
        rounds=f.number(retell_rounds),
    )


def mix_sentence(key: str, shares: ResolutionMix, f: Formatter) -> str:
    """The sentence `key` about a resolution mix: unresolved, resolved, resolved quickly."""
    return translate(
        f.lang,
        key,
        unresolved=f.percent(shares.unresolved),
        resolved=f.percent(shares.resolved),
        quickly=f.percent(shares.resolved_quickly),
    )
