"""Texts of the Loyalty & profit page: the famous claim on the owner's figures, the firm's table,
the share of customers to delight. Numbers come from the page's report; this module only words
them.

A percentage change is shown only on a positive base (`calculators.clv.relative_change` gives
None otherwise): where it does not exist the change is shown as an amount of money instead.
"""

from __future__ import annotations

import math

from calculators.clv import UpliftValue
from calculators.reports.loyalty import LoyaltyReport
from ui.fmt import Formatter
from ui.frames import cell
from ui.i18n import translate


def change_text(relative: float | None, amount: float, f: Formatter) -> str:
    """A change as a percentage where its base is positive, else as signed money."""
    if relative is None or math.isnan(relative):
        return f.signed_money(amount)
    return f.signed_percent(relative)


def value_change(value: UpliftValue, f: Formatter) -> str:
    """A per-customer change (`UpliftValue`): percentage, or money when the customer does not
    pay back today."""
    return change_text(value.relative_change, value.change, f)


def claim_sentences(report: LoyaltyReport, f: Formatter) -> str:
    """What "+5 % retention, +25 % profit" comes to for this scenario, as a Markdown list."""

    def t(key: str, **values: str) -> str:
        return translate(f.lang, key, **values)

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
    impact = report.impact
    per_customer = impact.per_customer
    discount = f.percent(report.discount_rate)
    years = f.number(report.horizon)
    cac = f.money(report.acquisition_cost)
    firm_years = impact.firm_years
    defection = t(
        "loy.claim.defection",
        before=f.percent(report.defection_before),
        after=f.percent(report.defection_after),
    )
    if report.pays_back:
        customer = t(
            "loy.claim.per_customer.pays_back",
            years=years,
            discount=discount,
            cac=cac,
            change=value_change(per_customer, f),
            before=f.money(per_customer.clv_before),
            gross=value_change(report.per_customer_gross, f),
        )
    else:
        customer = t(
            "loy.claim.per_customer.no_payback",
            years=years,
            discount=discount,
            cac=cac,
            before=f.money(per_customer.clv_before),
            after=f.money(per_customer.clv_after),
            change=f.signed_money(per_customer.change),
        )

    def firm_change(year: int) -> str:
        return change_text(
            cell(firm_years, year, "relative_change"), cell(firm_years, year, "change"), f
        )

    # Horizon and discounting compare three per-customer changes: all as percentages when each
    # exists, else all in money, never a mix.
    variants = (per_customer, report.per_customer_unlimited, report.per_customer_undiscounted)
    if all(value.relative_change is not None for value in variants):
        shown = [value_change(value, f) for value in variants]
    else:
        shown = [f.signed_money(value.change) for value in variants]
    sentences = [
        f"{meaning} {defection}",
        customer,
        t(
            "loy.claim.firm",
            active=f.number(report.active_customers),
            new=f.number(report.new_customers_per_year),
            year_one=firm_change(1),
            year_three=firm_change(3),
            year_ten=firm_change(10),
        ),
        t(
            "loy.claim.long_run",
            change=change_text(impact.steady_relative_change, impact.steady_change, f),
        ),
        t("loy.claim.horizon", years=years, change=shown[0], unlimited=shown[1]),
        t("loy.claim.discount", discount=discount, change=shown[0], undiscounted=shown[2]),
    ]
    return "\n".join(f"- {sentence}" for sentence in sentences)


def claim_context(report: LoyaltyReport, f: Formatter) -> str:
    """Where the famous figures come from, as context for the reader: never a verdict."""
    study_low, study_high = report.study_range
    quoted_low, quoted_high = report.quoted_range
    return translate(
        f.lang,
        "loy.claim.context",
        study_low=f.percent(study_low, 0),
        study_high=f.percent(study_high, 0),
        quoted_low=f.percent(quoted_low, 0),
        quoted_high=f.percent(quoted_high, 0),
    )


def firm_intro(report: LoyaltyReport, f: Formatter) -> str:
    """The owner's firm as the page models it: today's customers plus new ones every year."""
    path = report.impact.firm_path
    return translate(
        f.lang,
        "loy.firm.intro",
        active=f.number(report.active_customers),
        margin=f.money(report.active_margin),
        new=f.number(report.new_customers_per_year),
        retention=f.percent(report.retention_before),
        customers=f.number(cell(path, 10, "customers_before")),
        spend=f.money(report.acquisition_spend),
    )


def firm_table(report: LoyaltyReport, f: Formatter) -> dict[str, list[str]]:
    """The firm's profit year by year and in the long run, today and improved, as shown: the
    change in money, and in percent where the profit before is positive."""
    impact = report.impact
    table = impact.firm_years[["before", "after", "change", "relative_change"]]
    rows = [
        (translate(f.lang, "loy.firm.year", year=f.number(year)), *values)
        for year, values in zip(table.index.tolist(), table.to_numpy().tolist(), strict=True)
    ]
    rows.append(
        (
            translate(f.lang, "loy.firm.long_run"),
            impact.steady_before.profit,
            impact.steady_after.profit,
            impact.steady_change,
            impact.steady_relative_change,
        )
    )
    today = translate(f.lang, "loy.firm.today", retention=f.percent(report.retention_before))
    improved = translate(f.lang, "loy.firm.improved", retention=f.percent(report.retention_after))
    return {
        translate(f.lang, "loy.firm.when"): [row[0] for row in rows],
        today: [f.money(row[1]) for row in rows],
        improved: [f.money(row[2]) for row in rows],
        translate(f.lang, "loy.firm.change"): [f.signed_money(row[3]) for row in rows],
        translate(f.lang, "loy.firm.change_percent"): [
            f.optional(f.signed_percent, row[4]) for row in rows
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
