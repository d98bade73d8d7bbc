"""Sentences of the Word-of-mouth page that Trainer mode repeats."""

from __future__ import annotations

from calculators.reports.word_of_mouth import WordOfMouthReport
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


def lost_how(report: WordOfMouthReport, f: Formatter) -> str:
    """How the customers lost to problems are counted: TARP's leaving shares, and the bound."""
    leaving = report.loyalty.leaving
    shares = {
        "silent": f.percent(leaving.silent),
        "unresolved": f.percent(leaving.unresolved),
        "resolved": f.percent(leaving.resolved),
        "quickly": f.percent(leaving.resolved_quickly),
    }
    outcomes = report.today.outcomes
    if not outcomes.bounded:
        return translate(f.lang, "wom.iceberg.lost_how", **shares)
    return translate(
        f.lang,
        "wom.iceberg.lost_how_bounded",
        unbounded=f.count(outcomes.unbounded_lost),
        year_lost=f.count(report.year_lost),
        **shares,
    )


def losses_bound_sentence(report: WordOfMouthReport, f: Formatter) -> str | None:
    """The warning shown when TARP's shares would lose more customers than the year loses
    (today, or only with the better handling); None when they fit."""
    values = {
        "year_lost": f.count(report.year_lost),
        "customers": f.number(report.active_customers),
        "retention": f.percent(report.retention),
    }
    if report.losses_bounded:
        outcomes = report.today.outcomes
        return translate(
            f.lang,
            "wom.losses_bounded",
            with_problem=f.count(report.customers_with_problem),
            unbounded=f.count(outcomes.unbounded_lost),
            scale=f.percent(outcomes.loss_scale),
            **values,
        )
    if report.better_bounded:
        unbounded = f.count(report.better.outcomes.unbounded_lost)
        return translate(f.lang, "wom.losses_bounded_better", unbounded=unbounded, **values)
    return None
