"""The Your data page: cohorts, retention by period and by tenure, the sBG fit and the figures
the scenario can take, from the owner's transactions.

Conventions of the measures are in `calculators.cohorts` (periods, purchases, activity,
retention, survivors, revenue retention) and `calculators.sbg` (the model). Two data effects are
handled here explicitly, and reported:

- A final period that is not over would make everybody who has not bought *yet* look lost: its
  rows are left out while two other periods with transactions remain. A year is not over when
  the data end before 1 December (`COMPLETE_FROM`); a quarter or a month when they end before
  its last twelfth (`LAST_PART`: about the last 7–8 days of a quarter, 2–3 of a month), the
  same share of the period as December is of a year.
- The data's first year mixes new customers with older ones who bought before the export
  starts (a customer who buys every few months first shows up in any of its first months), so
  the cohorts of its first year (its first period for years, first 4 quarters, first 12
  months) are left out of the by-tenure measures, the sBG fit and the new-customer count,
  unless the owner says the business started then (``first_cohort_new``).

**The period** (``period``: ``"year"``, the default, ``"quarter"`` or ``"month"``) is what
cohorts, the window and the tenure count in. The figures offered to the scenario stay annual
(the scenario's retention is "still a customer one year later"): `ScenarioFigures` says how
quarters and months are turned into years.

One measure of "still a customer" runs through everything: the window N (``window``, in
periods, default 1) of `calculators.cohorts`. A customer who buys again within N periods is
kept; N periods in a row without a purchase make them lost. The cohort matrix, the retention by
period, the figures offered to the scenario and the survivor counts the sBG model is fitted to
all use the same N, so the retention put into the scenario and the fitted curve measure the
same thing. The sBG model assumes a customer once lost never comes back: how often they do
(`CohortReport.returning_share`, `CohortReport.contract_like`) says how far to trust its curve.
Without amounts (visits, appointments) every customer measure is the same, and every revenue
measure is missing (NaN or None), never 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from calculators._validate import check_integer, check_range
from calculators.clv import customer_lifetime_value
from calculators.cohorts import (
    FREQUENCIES,
    PERIODS_PER_YEAR,
    CustomerActivity,
    Period,
    activity_by_year,
    check_period,
    check_transactions,
    check_window,
    customer_activity,
    has_amounts,
    period_labels,
    retention_matrix,
    returns_after_loss,
    revenue_matrix,
    survivor_matrix,
)
from calculators.sbg import (
    fit_shifted_beta_geometric_cohorts,
    sbg_lifetime_value,
    sbg_retention,
    sbg_survival,
)

__all__ = [
    "COMPLETE_FROM",
    "CONTRACT_LIKE_BELOW",
    "FIGURE_PATHS",
    "LAST_PART",
    "MAX_WINDOW",
    "MAX_WINDOWS",
    "PROJECTION_YEARS",
    "RECENT_YEARS",
    "CohortReport",
    "LifetimeValues",
    "ScenarioFigures",
    "analyse_transactions",
    "lifetime_values",
]

# The fitted retention and survival curves are drawn up to this many years of tenure (that many
# quarters or months times 4 or 12).
PROJECTION_YEARS = 10
# The figures offered to the scenario average over the most recent years (or year pairs; for
# quarters and months, this many years' worth of them).
RECENT_YEARS = 3
# The longest window offered, per period: a customer may go this many periods without buying
# and still count (5 years, 8 quarters, 24 months). `MAX_WINDOW` is the one for years.
MAX_WINDOWS: dict[Period, int] = {"year": 5, "quarter": 8, "month": 24}
MAX_WINDOW = MAX_WINDOWS["year"]
# A last quarter or month whose data end before its last 1/LAST_PART is taken as not over.
LAST_PART = 12
# Below this share of lost customers coming back, the business behaves like a contract one
# (once lost, lost for good) and the sBG curve can be read as it is.
CONTRACT_LIKE_BELOW = 0.10
# Two lifetime values this close (relative) are shown as about the same.
SAME_VALUE_WITHIN = 0.005
# A final year whose last transaction is before this (month, day) is taken as not over (the
# start of its last twelfth, as `LAST_PART` for quarters and months).
COMPLETE_FROM = (12, 1)
# Which scenario field each measured figure fills (calculators.scenario.FIELDS paths).
FIGURE_PATHS: dict[str, str] = {
    "retention": "business.retention",
    "revenue_per_customer": "business.revenue_per_customer",
    "new_customers_per_year": "business.new_customers_per_year",
    "active_customers": "business.active_customers",
}


@dataclass(frozen=True)
class ScenarioFigures:
    """Measured figures the scenario can take, each ``None`` when the data cannot give it.

    Every figure is annual, whatever the report's period; P = `PERIODS_PER_YEAR` (1 for years,
    4 for quarters, 12 for months) and N the report's window, in periods.

    retention: the share of customers still customers one year later. Pooled over the last
        `RECENT_YEARS` × P period pairs whose customers are known (customers in both periods ÷
        customers in the earlier one, with window N: `calculators.cohorts`), raised to the
        power P, rounded to 0.1 percentage point:
        ``retention = (sum kept_p ÷ sum customers_{p-1}) ** P``. For years the pooled yearly
        retention itself.
    revenue_per_customer: net revenue per customer per year, to the cent. Years: revenue of
        `revenue_year` ÷ its customers (the last year when N = 1, else the last year whose
        customers are known, N - 1 years earlier). Quarters and months: net revenue of the last
        P periods ÷ the distinct customers who bought in them (None with fewer than P
        periods). None without amounts.
    new_customers_per_year: first-time buyers per year, whole customers rounded half up: the
        average per period over the last `RECENT_YEARS` × P periods (the data's first year's
        periods only when its customers were all new; None when no other period) × P.
    active_customers: customers not lost at the end of the data: a purchase in the last N
        periods (`active_span`; with N = 1, the last period).
    period: the report's period; `period_retention` the pooled retention per period before it
        is raised to the power P (unrounded).
    retention_span, new_customers_span, revenue_span, active_span: the first and last period
        (labels such as ``"2023"``, ``"2023-Q4"``, ``"2023-12"``) each figure is measured on;
        for retention the earlier period of the first pair to the later one of the last;
        `last_period` the data's last period.
    retention_years, new_customers_years, revenue_year, active_from (years of those spans) are
    filled for years only (None for quarters and months); `last_year` is the calendar year of
    the data's last period; `window` the N of the measure.
    """

    retention: float | None
    revenue_per_customer: float | None
    new_customers_per_year: int | None
    active_customers: int | None
    retention_years: tuple[int, int] | None
    new_customers_years: tuple[int, int] | None
    last_year: int
    window: int = 1
    revenue_year: int | None = None
    active_from: int | None = None
    period: Period = "year"
    period_retention: float | None = None
    retention_span: tuple[str, str] | None = None
    new_customers_span: tuple[str, str] | None = None
    revenue_span: tuple[str, str] | None = None
    active_span: tuple[str, str] | None = None
    last_period: str | None = None

    def values(self) -> dict[str, float | int]:
        """``{"business.retention": 0.764, ...}`` for the figures that exist.

        >>> ScenarioFigures(0.75, None, 12, None, (2021, 2024), (2022, 2024), 2024).values()
        {'business.retention': 0.75, 'business.new_customers_per_year': 12}
        """
        return {
            path: getattr(self, name)
            for name, path in FIGURE_PATHS.items()
            if getattr(self, name) is not None
        }


@dataclass(frozen=True)
class CohortReport:
    """Everything the "Your data" page shows about the transactions.

    period: what cohorts, the window and tenure count in (``"year"``, ``"quarter"``,
        ``"month"``); periods: the periods analysed, labelled (``"2024"``, ``"2024-Q1"``,
        ``"2024-01"``), after leaving out an unfinished last one.
    years: for years, the calendar years analysed; for quarters and months, the calendar years
        they fall in.
    window: N, the periods a customer may go without buying and still count (1: a period
        skipped is a customer lost); every measure below uses it (`calculators.cohorts`).
    matrix: `calculators.cohorts.retention_matrix` of the analysed rows. Rows, here and in
        `by_year`, `survivors` and `revenue_matrix`, are named by year (int) for years and by
        label (str) for quarters and months.
    by_year: per period (index ``year``, ``quarter`` or ``month``): ``active`` customers, ``new``
        (first purchase), ``retained`` (active this period and the one before), ``returning``
        (active again after a period or more without buying), ``customers`` (customers in the
        period with window N), ``kept`` (customers this period and the one before),
        ``retention`` (kept ÷ the previous period's customers; NaN where not known),
        ``revenue`` (net), ``revenue_per_active``, ``revenue_retention`` (net revenue of the
        previous period's buyers ÷ their net revenue then; NaN on a base that is not
        positive). The revenue columns are NaN without amounts.
    survivors: per cohort (rows) and tenure period k (columns 0..): customers whose run of
        purchases, each within N periods of the one before, reaches period k; NaN where not
        known. These are the sBG model's input.
    tenure: per tenure period t = 1..max(observed, `PROJECTION_YEARS` × P) (index ``tenure``):
        ``at_risk`` (customers alive at t - 1 in cohorts observed at t), ``measured`` (retention
        pooled over those cohorts; NaN where none), ``fitted`` (sBG; NaN without a fit),
        ``constant`` (the measured annual retention `figures.retention` per period:
        retention ** (1 / P), for comparison).
    survival: t = 0.. (index ``tenure``, periods): ``measured`` (product of measured
        retentions), ``fitted`` (sBG S(t)) and ``constant`` (constant ** t).
    alpha, beta: the sBG fit on `tenure_cohorts`, per period, or None when it cannot be made.
    figures: what the scenario can take (annual).
    tenure_cohorts: cohorts in the by-tenure measures and the fit (years, or labels).
    first_cohort_included: False when the cohorts of the data's first year were left out of
        them: `mixed_span`, the first and last of its periods (one period for years, the
        first 4 quarters or 12 months), whose first-time buyers may have bought before the
        file starts.
    incomplete_year, incomplete_period: a last period not finished in the data (its calendar
        year and its label; None if finished); `left_out_rows` its rows left out (0 when it had
        to be kept: fewer than two other periods with transactions otherwise).
    has_amounts: False for data without amounts (visits): every revenue figure is then NaN or
        None.
    revenue_matrix: `calculators.cohorts.revenue_matrix` (cohort c's net revenue in period
        c + k ÷ in period c), None without amounts.
    lost_customers, returned_customers: customers ever lost with window N, and those of them
        who came back (`calculators.cohorts.returns_after_loss`).
    revenue_retention: per period, pooled over the most recent `RECENT_YEARS` × P period
        pairs whose base is positive: sum of the net revenue in p of the customers who bought
        in p - 1 ÷ sum of those customers' net revenue in p - 1 (``revenue_retention`` of
        `by_year`, pooled); None without amounts or such pairs. `revenue_retention_span`: the
        earlier period of the first pair and the later one of the last.
    """

    years: tuple[int, ...]
    window: int
    matrix: pd.DataFrame = field(repr=False)
    by_year: pd.DataFrame = field(repr=False)
    survivors: pd.DataFrame = field(repr=False)
    tenure: pd.DataFrame = field(repr=False)
    survival: pd.DataFrame = field(repr=False)
    alpha: float | None
    beta: float | None
    figures: ScenarioFigures
    tenure_cohorts: tuple[int | str, ...]
    first_cohort_included: bool
    incomplete_year: int | None
    left_out_rows: int
    period: Period
    periods: tuple[str, ...]
    incomplete_period: str | None
    has_amounts: bool
    revenue_matrix: pd.DataFrame | None = field(repr=False)
    lost_customers: int
    returned_customers: int
    mixed_span: tuple[str, str] = ("", "")
    revenue_retention: float | None = None
    revenue_retention_span: tuple[str, str] | None = None

    @property
    def fitted(self) -> bool:
        """True when the sBG model could be fitted (`alpha` and `beta` are numbers)."""
        return self.alpha is not None and self.beta is not None

    @property
    def returning_share(self) -> float | None:
        """Customers who came back after being lost ÷ customers ever lost, with the window N.

        None when nobody was lost. A lower bound: customers lost near the end of the data had
        little time to come back.
        """
        if self.lost_customers == 0:
            return None
        return self.returned_customers / self.lost_customers

    @property
    def contract_like(self) -> bool:
        """True when lost customers rarely come back (`returning_share` below
        `CONTRACT_LIKE_BELOW`, 10%, or nobody lost): the sBG model's "once lost, lost for good"
        holds well enough to read its curve as it is. False: say "read the sBG curve with care:
        X% of your customers came back after being lost"."""
        share = self.returning_share
        return share is None or share < CONTRACT_LIKE_BELOW


def _dates(transactions: pd.DataFrame) -> pd.Series:
    """The dates as local calendar dates (a time zone dropped), as `customer_activity` reads
    them."""
    dates = transactions["date"]
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates


def _without_unfinished_period(
    transactions: pd.DataFrame, period: Period, complete_from: tuple[int, int]
) -> tuple[pd.DataFrame, str | None, int | None, int]:
    """The rows to analyse, the label and year of an unfinished last period (or None), and the
    rows left out."""
    dates = _dates(transactions)
    last = pd.Timestamp(dates.max())
    frequency = FREQUENCIES[period]
    current = pd.Period(last, frequency)
    start = current.start_time
    if period == "year":
        finished = (last.month, last.day) >= complete_from
    else:
        end = (current + 1).start_time
        finished = last >= end - (end - start) / LAST_PART
    if finished:
        return transactions, None, None, 0
    label = period_labels(pd.PeriodIndex([current]))[0]
    in_last = (dates >= start).to_numpy()
    earlier = dates[~in_last]
    # Two other periods with transactions: one before the latest of the earlier rows' period.
    latest = pd.Period(pd.Timestamp(earlier.max()), frequency) if len(earlier) else None
    if latest is None or not (earlier < latest.start_time).any():
        return transactions, label, int(current.year), 0
    return transactions[~in_last], label, int(current.year), int(in_last.sum())


def _tenure_cohorts(
    sizes: np.ndarray, first_cohort_new: bool, window: int, mixed: int
) -> tuple[np.ndarray, bool]:
    """Period indices of the cohorts used by tenure, and whether the first one is among them:
    the cohorts of the first `mixed` periods (the data's first year) are left out unless they
    were new or no later cohort has a second period of tenure."""
    span = len(sizes)
    cohorts = np.flatnonzero(sizes > 0)
    observed_later = cohorts[cohorts < span - window]  # a second period of tenure is known
    later = observed_later[observed_later >= mixed]
    if first_cohort_new or later.size == 0:
        return cohorts, bool(cohorts.size and cohorts[0] == 0)
    return cohorts[cohorts >= mixed], False


def _revenue_retention(
    activity: CustomerActivity,
) -> tuple[float | None, tuple[int, int] | None]:
    """Pooled revenue retention per period over the most recent pairs on a positive base, and
    the span of those pairs (earlier period of the first, later period of the last)."""
    if not activity.has_amounts or activity.span < 2:
        return None, None
    base = activity.buyers_revenue[:-1]
    pairs = np.flatnonzero(base > 0)[-RECENT_YEARS * PERIODS_PER_YEAR[activity.period] :] + 1
    if pairs.size == 0:
        return None, None
    kept = float(activity.revenue_from_last[pairs].sum())
    return kept / float(activity.buyers_revenue[pairs - 1].sum()), (
        int(pairs[0] - 1),
        int(pairs[-1]),
    )


def _tenure(
    survivors: np.ndarray,
    cohorts: np.ndarray,
    fit: tuple[float, float] | None,
    retention: float | None,
    per_year: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Retention and survival by tenure period; `retention` is the annual figure, compared per
    period as retention ** (1 / per_year)."""
    span = survivors.shape[1]
    used = np.nan_to_num(survivors[cohorts])
    observed = ~np.isnan(survivors[cohorts])
    years = max(span - 1, PROJECTION_YEARS * per_year)
    at_risk = np.zeros(years)
    kept = np.zeros(years)
    for t in range(1, span):
        seen = observed[:, t]
        at_risk[t - 1] = used[seen, t - 1].sum()
        kept[t - 1] = used[seen, t].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        measured = np.where(at_risk > 0, kept / at_risk, np.nan)
    fitted = sbg_retention(*fit, years) if fit else np.full(years, np.nan)
    per_period = None
    if retention is not None:
        per_period = retention if per_year == 1 else retention ** (1 / per_year)
    constant = np.full(years, np.nan if per_period is None else per_period)
    tenure = pd.DataFrame(
        {"at_risk": at_risk, "measured": measured, "fitted": fitted, "constant": constant},
        index=pd.RangeIndex(1, years + 1, name="tenure"),
    )
    measured_survival = np.r_[1.0, np.cumprod(measured)]
    fitted_survival = sbg_survival(*fit, years) if fit else np.full(years + 1, np.nan)
    # The scenario's convention: still a customer after t years with probability r**t (per
    # period, the annual r after P periods).
    constant_survival = np.r_[1.0, np.cumprod(constant)]
    survival = pd.DataFrame(
        {"measured": measured_survival, "fitted": fitted_survival, "constant": constant_survival},
        index=pd.RangeIndex(0, years + 1, name="tenure"),
    )
    return tenure, survival


def _fit(survivors: np.ndarray, cohorts: np.ndarray) -> tuple[float, float] | None:
    lists = []
    for cohort in cohorts:
        counts = survivors[cohort]
        counts = counts[~np.isnan(counts)]
        if counts.size >= 2 and counts[0] > 0:
            lists.append(counts)
    if not lists:
        return None
    try:
        return fit_shifted_beta_geometric_cohorts(lists)
    except ValueError:
        return None  # nobody lost: no finite estimate


def _half_up(total: int, count: int) -> int:
    """total ÷ count rounded half up, exactly (Python's round() would turn 0.5 into 0)."""
    return (2 * total + count) // (2 * count)


def _figures(
    by_year: pd.DataFrame,
    activity: CustomerActivity,
    first_cohort_new: bool,
    window: int,
    mixed: int,
) -> ScenarioFigures:
    per_year = PERIODS_PER_YEAR[activity.period]
    in_years = activity.period == "year"
    labels = activity.labels
    years = activity.years
    customers = by_year["customers"].to_numpy()
    kept = by_year["kept"].to_numpy()
    last = len(labels) - 1
    retention = period_retention = None
    retention_span: tuple[int, int] | None = None
    # Period pairs (p - 1, p) whose customers are known in both: the most recent ones.
    pairs = np.flatnonzero(~np.isnan(kept[1:]) & ~np.isnan(customers[:-1]))
    pairs = pairs[-RECENT_YEARS * per_year :] + 1
    if pairs.size:
        earlier = customers[pairs - 1].sum()
        if earlier > 0:
            period_retention = float(kept[pairs].sum() / earlier)
            # Still a customer after P periods, each with the pooled period retention.
            retention = round(period_retention**per_year, 3)
            retention_span = (int(pairs[0] - 1), int(pairs[-1]))
    revenue = None
    revenue_span: tuple[int, int] | None = None
    if activity.has_amounts and in_years:
        known = np.flatnonzero(~np.isnan(customers))
        if known.size and customers[known[-1]] > 0:
            year = int(known[-1])
            revenue = round(float(by_year["revenue"].iloc[year] / customers[year]), 2)
            revenue_span = (year, year)
    elif activity.has_amounts and last + 1 >= per_year:
        # The last P periods: a year's revenue over the distinct customers who bought in it.
        first = last - per_year + 1
        buyers = int((activity.last >= first).sum())
        if buyers > 0:
            revenue = round(float(activity.revenue[first:].sum() / buyers), 2)
            revenue_span = (first, last)
    # Not the data's first year's periods: their "new" customers may have bought before it.
    eligible = np.arange(0 if first_cohort_new else mixed, last + 1)[-RECENT_YEARS * per_year :]
    new = None
    new_span: tuple[int, int] | None = None
    if eligible.size:
        total = int(by_year["new"].to_numpy()[eligible].sum())
        new = _half_up(total * per_year, eligible.size)
        new_span = (int(eligible[0]), int(eligible[-1]))
    # Not lost at the end of the data: a purchase in its last N periods.
    active_from = max(0, last - window + 1)

    def named(span: tuple[int, int] | None) -> tuple[str, str] | None:
        return None if span is None else (labels[span[0]], labels[span[1]])

    def in_calendar(span: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if span is None or not in_years else (int(years[span[0]]), int(years[span[1]]))

    return ScenarioFigures(
        retention=retention,
        revenue_per_customer=revenue,
        new_customers_per_year=new,
        active_customers=int((activity.last >= active_from).sum()),
        retention_years=in_calendar(retention_span),
        new_customers_years=in_calendar(new_span),
        last_year=int(years[last]),
        window=window,
        revenue_year=int(years[revenue_span[1]]) if revenue_span and in_years else None,
        active_from=int(years[active_from]) if in_years else None,
        period=activity.period,
        period_retention=period_retention,
        retention_span=named(retention_span),
        new_customers_span=named(new_span),
        revenue_span=named(revenue_span),
        active_span=(labels[active_from], labels[last]),
        last_period=labels[last],
    )


def analyse_transactions(
    transactions: pd.DataFrame,
    *,
    first_cohort_new: bool = False,
    complete_from: tuple[int, int] = COMPLETE_FROM,
    window: int = 1,
    period: Period = "year",
) -> CohortReport:
    """Cohorts, retention by period and by tenure, the sBG fit and the scenario's figures.

    Steps (conventions in the module docstring and in `calculators.cohorts`):

    1. A last period whose data end before it is nearly over is left out, as long as two other
       periods with transactions remain: customers who have not bought *yet* would look lost.
       A year is nearly over from `complete_from` (month, day); a quarter or a month in its
       last twelfth (`LAST_PART`).
    2. Activity per customer and period; the cohort matrix (`retention_matrix`) and, with
       amounts, the cohort revenue matrix (`revenue_matrix`); per period: active, new and
       retained customers, customers and kept customers with the window N, retention, net
       revenue, revenue per active customer and revenue retention.
    3. Survivors per cohort (customers whose purchases, each within N periods of the one
       before, reach period k of tenure: `survivor_matrix`), retention by tenure pooled over
       cohorts, t = 1..: sum of survivors at t ÷ sum at t - 1 over the cohorts observed at t;
       survival = product of those. The first year's cohorts are left out unless
       `first_cohort_new` (it mixes older customers in) or no other cohort has a second period.
    4. The sBG fit on those cohorts' survivors (`fit_shifted_beta_geometric_cohorts`), per
       period; None when nobody was lost or no cohort has a second period. How often lost
       customers came back (`returns_after_loss`) says whether its "no way back" holds.
    5. `ScenarioFigures` from the most recent periods, annual (P periods a year).

    Parameters
    ----------
    transactions : pandas.DataFrame
        ``customer_id``, ``date`` (datetime64) and, optionally, ``amount`` as for
        `calculators.cohorts.cohort_retention`. Without amounts (no ``amount`` column, or every
        value NaN) every row is a purchase and the revenue figures are missing.
    first_cohort_new : bool, optional
        True when the customers of the data's first year were all new (the business started
        then); default False.
    complete_from : tuple of int, optional
        (month, day) from which a last year counts as finished; default 1 December. Quarters
        and months use their last twelfth.
    window : int, optional
        N, the periods a customer may go without buying before counting as lost (1 to
        `MAX_WINDOWS` of the period: 5 years, 8 quarters, 24 months); default 1, "bought
        again the next period".
    period : {"year", "quarter", "month"}, optional
        What cohorts, the window and tenure count in; default ``"year"``.

    Returns
    -------
    CohortReport

    Raises
    ------
    ValueError
        As `calculators.cohorts.check_transactions`, `complete_from` not a valid
        (month, day), `period` not one of the three, or `window` not a whole number from 1 to
        the period's `MAX_WINDOWS`.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C", "B", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01",
    ...                             "2024-01-10", "2024-12-20"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0, 30.0, 8.0]})
    >>> report = analyse_transactions(sales)

    2023 keeps A of {A, B}; 2024 keeps C of {A, C}: 50% each year, 2 ÷ 4 pooled. 2024's
    revenue 38 over 2 active customers; new customers: C in 2023, nobody in 2024 (the 2022
    cohort is the data's first year, not counted).

    >>> report.by_year["retention"].tolist(), report.figures.retention
    ([nan, 0.5, 0.5], 0.5)
    >>> report.figures.revenue_per_customer, report.figures.new_customers_per_year
    (19.0, 1)

    With a 2-year window B, who skipped 2023, is kept from 2022 to 2023; 2024 is not known yet.

    >>> two = analyse_transactions(sales, window=2)
    >>> two.by_year["customers"].tolist(), two.figures.retention, two.figures.retention_years
    ([nan, 3.0, nan], None, None)

    By quarter: A buys every quarter of 2023, B in the first two, C in the second and the last,
    D in the last two. Kept 2 of 2, 1 of 3, 2 of 2: 5 ÷ 7 a quarter, (5 / 7)**4 = 26.0% a year.
    Revenue: 100 in the year over 4 buyers. Revenue kept: the previous quarter's buyers spend
    20 of 20, 10 of 30, 20 of 20: 50 ÷ 70 a quarter. New customers: none measured, since the
    four quarters are the data's first year (a customer first seen in Q3 may have bought the
    year before); if the business started in Q1, 2, 1, 1, 0: 4 a year.

    >>> visits = pd.DataFrame({"customer_id": list("ABCDABCAAD"),
    ...     "date": pd.to_datetime(["2023-01-10", "2023-02-01", "2023-04-03", "2023-07-05",
    ...                             "2023-05-01", "2023-06-01", "2023-11-02", "2023-08-08",
    ...                             "2023-12-28", "2023-12-01"]),
    ...     "amount": 10.0})
    >>> quarters = analyse_transactions(visits, period="quarter")
    >>> quarters.periods, quarters.by_year["retention"].round(3).tolist()
    (('2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4'), [nan, 1.0, 0.333, 1.0])
    >>> quarters.figures.retention, quarters.figures.retention_span
    (0.26, ('2023-Q1', '2023-Q4'))
    >>> quarters.figures.revenue_per_customer, quarters.figures.new_customers_per_year
    (25.0, None)
    >>> round(quarters.revenue_retention, 3), quarters.revenue_retention_span
    (0.714, ('2023-Q1', '2023-Q4'))
    >>> analyse_transactions(visits, period="quarter", first_cohort_new=True).figures.values()[
    ...     "business.new_customers_per_year"]
    4
    """
    check_transactions(transactions)
    period = check_period(period)
    window = check_window(window, period)
    limit = MAX_WINDOWS[period]
    if window > limit:
        raise ValueError(f"window must be from 1 to {limit} {period}s, got {window}")
    month = check_integer("complete_from month", complete_from[0], 1)
    day = check_integer("complete_from day", complete_from[1], 1)
    if month > 12 or day > 31:
        raise ValueError(f"complete_from must be a (month, day) pair, got {complete_from!r}")
    analysed, incomplete_period, incomplete_year, left_out = _without_unfinished_period(
        transactions, period, (month, day)
    )
    if has_amounts(transactions) and not (analysed["amount"] >= 0).any():
        analysed, left_out = transactions, 0  # only refunds in the periods kept
    activity = customer_activity(analysed, period)
    by_year = activity_by_year(activity, window)
    survivors = survivor_matrix(activity, window)
    per_year = PERIODS_PER_YEAR[period]
    # The data's first year (P periods): its first buyers may have bought before the file.
    mixed = min(per_year, activity.span)
    cohorts, first_included = _tenure_cohorts(
        by_year["new"].to_numpy(), first_cohort_new, window, mixed
    )
    fit = _fit(survivors, cohorts)
    figures = _figures(by_year, activity, first_cohort_new, window, mixed)
    revenue_kept, revenue_span = _revenue_retention(activity)
    labels = activity.labels
    tenure, survival = _tenure(survivors, cohorts, fit, figures.retention, per_year)
    names = by_year.index
    lost, returned = returns_after_loss(activity, window)
    return CohortReport(
        years=tuple(int(year) for year in np.unique(activity.years)),
        window=window,
        matrix=retention_matrix(activity, window),
        by_year=by_year,
        survivors=pd.DataFrame(
            survivors,
            index=pd.Index(names, name="cohort"),
            columns=pd.RangeIndex(survivors.shape[1], name="tenure"),
        ).loc[by_year["new"].to_numpy() > 0],
        tenure=tenure,
        survival=survival,
        alpha=fit[0] if fit else None,
        beta=fit[1] if fit else None,
        figures=figures,
        tenure_cohorts=tuple(int(names[c]) if period == "year" else str(names[c]) for c in cohorts),
        first_cohort_included=first_included,
        incomplete_year=incomplete_year,
        left_out_rows=left_out,
        period=period,
        periods=activity.labels,
        incomplete_period=incomplete_period,
        has_amounts=activity.has_amounts,
        revenue_matrix=revenue_matrix(activity) if activity.has_amounts else None,
        lost_customers=lost,
        returned_customers=returned,
        mixed_span=(labels[0], labels[mixed - 1]),
        revenue_retention=revenue_kept,
        revenue_retention_span=(
            None if revenue_span is None else (labels[revenue_span[0]], labels[revenue_span[1]])
        ),
    )


@dataclass(frozen=True)
class LifetimeValues:
    """A new customer's value with the measured figures, two ways (money per customer).

    margin: measured annual revenue per customer x the scenario's gross margin, per year; NaN
        when there is no measured revenue (no amounts): no value is then computed, rather than
        one on an invented revenue.
    constant: CLV with the measured annual retention every year (None when there is none,
        no margin, or it is 100%: no finite value).
    sbg: CLV with the fitted sBG retention, rising with tenure (None without a fit or a margin,
        or with alpha <= 1 at a zero discount rate).
    difference: constant - sbg (None unless both exist); positive when the constant rate
        gives the higher value.
    relative: difference ÷ |sbg| (None unless both exist and sbg is not 0).
    """

    margin: float
    constant: float | None
    sbg: float | None
    difference: float | None = None
    relative: float | None = None

    @property
    def higher(self) -> Literal["constant", "sbg", "same"] | None:
        """Which way gives the higher value: within 0.5% of each other they are the ``same``.

        >>> LifetimeValues(100.0, 354.0, 286.0, 68.0, 68 / 286).higher
        'constant'
        """
        if self.difference is None:
            return None
        if self.relative is not None and abs(self.relative) < SAME_VALUE_WITHIN:
            return "same"
        return "constant" if self.difference > 0 else "sbg"


def lifetime_values(
    report: CohortReport, gross_margin: float, discount_rate: float
) -> LifetimeValues:
    """CLV of a new customer with constant measured retention and with the fitted sBG.

    constant   = m / (1 + i - r)                                 (`clv.customer_lifetime_value`)
    sbg        = m_P / (1 + i_P) * 2F1(1, beta; alpha + beta; 1 / (1 + i_P))
                                                                   (`sbg.sbg_lifetime_value`)
    difference = constant - sbg,  relative = difference ÷ |sbg|

    with m = measured annual revenue per customer x gross margin, r the measured annual
    retention and i the annual discount rate; no acquisition cost subtracted (as on the
    Overview). The constant value is annual whatever the report's period. The sBG is fitted on
    the report's periods (P a year: 1, 4 or 12), so its value sums per period: the margin per
    period m_P = m ÷ P, and the discount rate per period i_P = (1 + i)**(1/P) - 1 (the same
    discounting over a year); for years m_P = m and i_P = i. Both use the report's window N.
    Without a measured revenue (no amounts) the margin is NaN and neither value exists. Which is
    higher depends on the data: a constant rate pooled over the whole customer base
    (long-standing customers, who rarely leave, included) overstates a new customer's value
    when new customers leave more often; a constant rate measured mostly on new customers
    understates it, since retention rises with tenure.

    Parameters
    ----------
    report : CohortReport
        From `analyse_transactions`.
    gross_margin : float
        Fraction of revenue kept as margin, in [0, 1].
    discount_rate : float
        Annual discount rate, a fraction in [0, 1].

    Returns
    -------
    LifetimeValues

    Examples
    --------
    Two customers in 2023, one of them back in 2024 with 1,000 of sales: retention 50%, margin
    300, 300 / (1 + 0.08 - 0.5) = 517.24. Nobody lost in the 2023 cohort's survivors other than
    B, so the sBG fit exists too.

    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A"],
    ...     "date": pd.to_datetime(["2023-03-01", "2023-05-01", "2024-12-20"]),
    ...     "amount": [100.0, 100.0, 1000.0]})
    >>> values = lifetime_values(analyse_transactions(sales), 0.3, 0.08)
    >>> values.margin, round(values.constant, 2), values.sbg is not None
    (300.0, 517.24, True)
    >>> round(values.sbg, 2), round(values.difference, 2), values.higher
    (780.81, -263.57, 'sbg')

    The same visits without amounts: no revenue, so no value.

    >>> visits = lifetime_values(analyse_transactions(sales.drop(columns="amount")), 0.3, 0.08)
    >>> visits.margin, visits.constant, visits.sbg
    (nan, None, None)
    """
    gross_margin = check_range("gross_margin", gross_margin, 0, 1)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    figures = report.figures
    if figures.revenue_per_customer is None:
        return LifetimeValues(margin=math.nan, constant=None, sbg=None)
    margin = figures.revenue_per_customer * gross_margin
    constant = None
    retention = figures.retention
    # A measured retention of 100% has no finite constant-retention value (the scenario, which
    # stops at 99%, refuses it with its own message when it is offered).
    if retention is not None and retention < 1:
        constant = customer_lifetime_value(margin, retention, discount_rate)
    per_year = PERIODS_PER_YEAR[report.period]
    period_margin, period_rate = margin, discount_rate
    if per_year > 1:
        period_margin = margin / per_year
        period_rate = (1 + discount_rate) ** (1 / per_year) - 1
    sbg = None
    if report.alpha is not None and report.beta is not None:
        try:
            sbg = sbg_lifetime_value(period_margin, report.alpha, report.beta, period_rate)
        except ValueError:
            sbg = None
    if sbg is not None and not math.isfinite(sbg):
        sbg = None
    difference = relative = None
    if constant is not None and sbg is not None:
        difference = constant - sbg
        relative = difference / abs(sbg) if sbg != 0 else None
    return LifetimeValues(
        margin=margin, constant=constant, sbg=sbg, difference=difference, relative=relative
    )
