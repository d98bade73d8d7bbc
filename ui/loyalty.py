"""Texts of the Loyalty & profit page: when the famous claim holds, the firm's table, the share of
customers to delight. Numbers come from the page's report; this module only words them."""

from __future__ import annotations

from calculators.reports.loyalty import LoyaltyReport
from ui.fmt import Formatter
from ui.i18n import translate


def claim_sentences(report: LoyaltyReport, f: Formatter) -> str:
    """What "+5 % retention, +25 % profit" means for this scenario, as a Markdown list."""

    def t(key: str, **values: str) -> str:
        return translate(f.lang, key, **values)

    def change(fraction: float | None) -> str:
        return f.optional(f.signed_percent, fraction)

    before, after = f.percent(report.retention_before), f.percent(report.retention_after)
    if report.uplift_mode == "relative":
        meaning = t(
            "loy.claim.meaning_relative",
            relative=f.percent(report.relative_uplift, 2),
            before=before,
            after=after,
            points=f.points(report.uplift_points),
        )
    else:
        meaning = t(
            "loy.claim.meaning_points",
            points=f.points(report.uplift_points),
            before=before,
            after=after,
        )
    per_customer = change(report.impact.per_customer.relative_change)
    discount = f.percent(report.discount_rate)
    years = f.number(report.horizon)
    low, high = report.reported_range
    firm_years = report.impact.firm_years["relative_change"]
    defection = t(
        "loy.claim.defection",
        before=f.percent(report.defection_before),
        after=f.percent(report.defection_after),
    )
    sentences = [
        f"{meaning} {defection}",
        t(
            f"loy.claim.per_customer.{report.claim_position}",
            years=years,
            discount=discount,
            change=per_customer,
            low=f.percent(low, 0),
            high=f.percent(high, 0),
        ),
        t(
            "loy.claim.firm",
            year_one=change(firm_years.loc[1]),
            year_three=change(firm_years.loc[3]),
            year_ten=change(firm_years.loc[10]),
        ),
        t("loy.claim.long_run", change=change(report.impact.steady_relative_change)),
        t(
            "loy.claim.horizon",
            years=years,
            change=per_customer,
            unlimited=change(report.per_customer_unlimited.relative_change),
        ),
        t(
            "loy.claim.discount",
            discount=discount,
            change=per_customer,
            undiscounted=change(report.per_customer_undiscounted.relative_change),
        ),
    ]
    return "\n".join(f"- {sentence}" for sentence in sentences)


def firm_table(report: LoyaltyReport, f: Formatter) -> dict[str, list[str]]:
    """The firm's profit year by year and in the long run, today and improved, as shown."""
    impact = report.impact
    table = impact.firm_years[["before", "after", "relative_change"]]
    rows = [
        (translate(f.lang, "loy.firm.year", year=f.number(year)), *values)
        for year, values in zip(table.index.tolist(), table.to_numpy().tolist(), strict=True)
    ]
    rows.append(
        (
            translate(f.lang, "loy.firm.long_run"),
            impact.steady_before.profit,
            impact.steady_after.profit,
            impact.steady_relative_change,
        )
    )
    today = translate(f.lang, "loy.firm.today", retention=f.percent(report.retention_before))
    improved = translate(f.lang, "loy.firm.improved", retention=f.percent(report.retention_after))
    return {
        translate(f.lang, "loy.firm.when"): [row[0] for row in rows],
        today: [f.money(row[1]) for row in rows],
        improved: [f.money(row[2]) for row in rows],
        translate(f.lang, "loy.firm.change"): [
            f.optional(f.signed_percent, row[3]) for row in rows
        ],
    }


def share_needed_sentence(report: LoyaltyReport, share_satisfied: float, f: Formatter) -> str:
    """How many satisfied customers must become delighted to give the page's uplift."""
    link = report.satisfaction
    if link.share_needed is None:
        return translate(f.lang, "loy.satisfaction.needed_none")
    points, share = f.points(report.uplift_points), f.percent(link.share_needed)
    if link.share_needed_feasible:
        return translate(f.lang, "loy.satisfaction.needed", points=points, share=share)
    return translate(
        f.lang,
        "loy.satisfaction.needed_too_many",
        points=points,
        share=share,
        satisfied=f.percent(share_satisfied),
    )
