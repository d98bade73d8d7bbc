"""The Your data page: cohorts, retention by year and by tenure, the sBG fit and the figures
the scenario can take, from the owner's transactions.

Conventions of the measures are in `calculators.cohorts` (purchases, activity, retention,
survivors) and `calculators.sbg` (the model). Two data effects are handled here explicitly, and
reported:

- A final calendar year that is not over (data end before 1 December) would make everybody who
  has not bought *yet* look lost: its rows are left out while two full years remain.
- The first year of the data mixes new customers with older ones bought before the export
  starts, so its cohort is left out of the by-tenure measures, the sBG fit and the new-customer
  count, unless the owner says the business started then (``first_cohort_new``).

One measure of "still a customer" runs through everything: the window N (``window``, in years,
default 1) of `calculators.cohorts`. A customer who buys again within N years is kept; N years
in a row without a purchase make them lost. The cohort matrix, the yearly retention, the
figures offered to the scenario and the survivor counts the sBG model is fitted to all use the
same N, so the retention put into the scenario and the fitted curve measure the same thing.
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
    CustomerActivity,
    activity_by_year,
    check_transactions,
    check_window,
    customer_activity,
    retention_matrix,
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
    "FIGURE_PATHS",
    "MAX_WINDOW",
    "PROJECTION_YEARS",
    "RECENT_YEARS",
    "CohortReport",
    "LifetimeValues",
    "ScenarioFigures",
    "analyse_transactions",
    "lifetime_values",
]

# The fitted retention and survival curves are drawn up to this many years of tenure.
PROJECTION_YEARS = 10
# The figures offered to the scenario average over the most recent years (or year pairs).
RECENT_YEARS = 3
# The longest window offered: a customer may go this many years without buying and still count.
MAX_WINDOW = 5
# Two lifetime values this close (relative) are shown as about the same.
SAME_VALUE_WITHIN = 0.005
# A final year whose last transaction is before this (month, day) is taken as not over.
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

    retention: pooled over the last `RECENT_YEARS` year pairs whose customers are known
        (customers in both years ÷ customers in the earlier one, with the report's window N:
        `calculators.cohorts`), rounded to 0.1 percentage point.
    revenue_per_customer: net revenue of `revenue_year` ÷ its customers, to the cent: the last
        year when N = 1, else the last year whose customers are known (N - 1 years earlier).
    new_customers_per_year: average first-time buyers over the last `RECENT_YEARS` years (the
        first year of the data only when its customers were all new), whole customers.
    active_customers: customers not lost at the end of the data: a purchase in the last N
        years (`active_from` to `last_year`; with N = 1, the last year).
    retention_years, new_customers_years: first and last year of each span; `last_year` the
    data's last year; `window` the N of the measure.
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

    years: calendar years analysed (after leaving out an unfinished last year).
    window: N, the years a customer may go without buying and still count (1: a year skipped
        is a customer lost); every measure below uses it (`calculators.cohorts`).
    matrix: `calculators.cohorts.retention_matrix` of the analysed rows.
    by_year: per calendar year (index ``year``): ``active`` customers, ``new`` (first purchase),
        ``retained`` (active this year and last), ``returning`` (active again after a year or
        more without buying), ``customers`` (customers in the year with window N), ``kept``
        (customers this year and last), ``retention`` (kept ÷ last year's customers; NaN where
        not known), ``revenue`` (net), ``revenue_per_active``.
    survivors: per cohort (rows) and tenure year k (columns 0..): customers whose run of
        purchases, each within N years of the one before, reaches year k; NaN where not known.
        These are the sBG model's input.
    tenure: per tenure year t = 1..max(observed, `PROJECTION_YEARS`) (index ``tenure``):
        ``at_risk`` (customers alive at t - 1 in cohorts observed at t), ``measured`` (retention
        pooled over those cohorts; NaN where none), ``fitted`` (sBG; NaN without a fit),
        ``constant`` (the measured annual retention `figures.retention`, for comparison).
    survival: t = 0.. (index ``tenure``): ``measured`` (product of measured retentions),
        ``fitted`` (sBG S(t)) and ``constant`` (retention**t).
    alpha, beta: the sBG fit on `tenure_cohorts`, or None when it cannot be made.
    figures: what the scenario can take.
    tenure_cohorts: cohorts in the by-tenure measures and the fit.
    first_cohort_included: False when the first year's cohort was left out of them.
    incomplete_year: a last year not finished in the data (None if finished); `left_out_rows`
        its rows left out (0 when it had to be kept: fewer than two full years otherwise).
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
    tenure_cohorts: tuple[int, ...]
    first_cohort_included: bool
    incomplete_year: int | None
    left_out_rows: int

    @property
    def fitted(self) -> bool:
        """True when the sBG model could be fitted (`alpha` and `beta` are numbers)."""
        return self.alpha is not None and self.beta is not None


def _without_unfinished_year(
    transactions: pd.DataFrame, complete_from: tuple[int, int]
) -> tuple[pd.DataFrame, int | None, int]:
    last = transactions["date"].max()
    if (last.month, last.day) >= complete_from:
        return transactions, None, 0
    years = transactions["date"].dt.year
    if years.nunique() < 3:
        return transactions, int(last.year), 0
    in_last = (years == last.year).to_numpy()
    return transactions[~in_last], int(last.year), int(in_last.sum())


def _tenure_cohorts(
    sizes: np.ndarray, first_cohort_new: bool, window: int
) -> tuple[np.ndarray, bool]:
    """Year indices of the cohorts used by tenure, and whether the first one is among them."""
    span = len(sizes)
    cohorts = np.flatnonzero(sizes > 0)
    observed_later = cohorts[cohorts < span - window]  # a second year of tenure is known
    later = observed_later[observed_later > 0]
    if first_cohort_new or later.size == 0:
        return cohorts, bool(cohorts.size and cohorts[0] == 0)
    return cohorts[cohorts > 0], False


def _tenure(
    survivors: np.ndarray,
    cohorts: np.ndarray,
    fit: tuple[float, float] | None,
    retention: float | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    span = survivors.shape[1]
    used = np.nan_to_num(survivors[cohorts])
    observed = ~np.isnan(survivors[cohorts])
    years = max(span - 1, PROJECTION_YEARS)
    at_risk = np.zeros(years)
    kept = np.zeros(years)
    for t in range(1, span):
        seen = observed[:, t]
        at_risk[t - 1] = used[seen, t - 1].sum()
        kept[t - 1] = used[seen, t].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        measured = np.where(at_risk > 0, kept / at_risk, np.nan)
    fitted = sbg_retention(*fit, years) if fit else np.full(years, np.nan)
    constant = np.full(years, np.nan if retention is None else retention)
    tenure = pd.DataFrame(
        {"at_risk": at_risk, "measured": measured, "fitted": fitted, "constant": constant},
        index=pd.RangeIndex(1, years + 1, name="tenure"),
    )
    measured_survival = np.r_[1.0, np.cumprod(measured)]
    fitted_survival = sbg_survival(*fit, years) if fit else np.full(years + 1, np.nan)
    # The scenario's convention: still a customer after t years with probability r**t.
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


def _figures(
    by_year: pd.DataFrame, activity: CustomerActivity, first_cohort_new: bool, window: int
) -> ScenarioFigures:
    years = by_year.index.to_numpy()
    customers = by_year["customers"].to_numpy()
    kept = by_year["kept"].to_numpy()
    last = len(years) - 1
    retention = retention_years = None
    # Year pairs (y - 1, y) whose customers are known in both years: the most recent ones.
    pairs = np.flatnonzero(~np.isnan(kept[1:]) & ~np.isnan(customers[:-1]))[-RECENT_YEARS:] + 1
    if pairs.size:
        earlier = customers[pairs - 1].sum()
        if earlier > 0:
            retention = round(float(kept[pairs].sum() / earlier), 3)
            retention_years = (int(years[pairs[0] - 1]), int(years[pairs[-1]]))
    revenue = revenue_year = None
    known = np.flatnonzero(~np.isnan(customers))
    if known.size and customers[known[-1]] > 0:
        year = known[-1]
        revenue = round(float(by_year["revenue"].iloc[year] / customers[year]), 2)
        revenue_year = int(years[year])
    eligible = np.arange(0 if first_cohort_new else 1, last + 1)[-RECENT_YEARS:]
    new = new_years = None
    if eligible.size:
        # Half up (Python's round() would turn 0.5 into 0).
        new = math.floor(float(by_year["new"].to_numpy()[eligible].mean()) + 0.5)
        new_years = (int(years[eligible[0]]), int(years[eligible[-1]]))
    # Not lost at the end of the data: a purchase in its last N years.
    active_from = max(0, last - window + 1)
    return ScenarioFigures(
        retention=retention,
        revenue_per_customer=revenue,
        new_customers_per_year=new,
        active_customers=int((activity.last >= active_from).sum()),
        retention_years=retention_years,
        new_customers_years=new_years,
        last_year=int(years[last]),
        window=window,
        revenue_year=revenue_year,
        active_from=int(years[active_from]),
    )


def analyse_transactions(
    transactions: pd.DataFrame,
    *,
    first_cohort_new: bool = False,
    complete_from: tuple[int, int] = COMPLETE_FROM,
    window: int = 1,
) -> CohortReport:
    """Cohorts, retention by year and by tenure, the sBG fit and the scenario's figures.

    Steps (conventions in the module docstring and in `calculators.cohorts`):

    1. A last calendar year whose data end before `complete_from` (month, day) is left out, as
       long as two full years remain: customers who have not bought *yet* would look lost.
    2. Activity per customer and calendar year; the cohort matrix (`retention_matrix`); per
       year: active, new and retained customers, customers and kept customers with the window
       N, retention, net revenue and revenue per active customer.
    3. Survivors per cohort (customers whose purchases, each within N years of the one
       before, reach year k of tenure: `survivor_matrix`), retention by tenure pooled over
       cohorts, t = 1..: sum of survivors at t ÷ sum at t - 1 over the cohorts observed at t;
       survival = product of those. The first year's cohort is left out unless
       `first_cohort_new` (it mixes older customers in) or no other cohort has a second year.
    4. The sBG fit on those cohorts' survivors (`fit_shifted_beta_geometric_cohorts`); None
       when nobody was lost or no cohort has a second year.
    5. `ScenarioFigures` from the most recent years.

    Parameters
    ----------
    transactions : pandas.DataFrame
        ``customer_id``, ``date`` (datetime64), ``amount`` as for
        `calculators.cohorts.cohort_retention`.
    first_cohort_new : bool, optional
        True when the customers of the data's first year were all new (the business started
        then); default False.
    complete_from : tuple of int, optional
        (month, day) from which a last year counts as finished; default 1 December.
    window : int, optional
        N, the years a customer may go without buying before counting as lost (1 to
        `MAX_WINDOW`); default 1, "bought again the next calendar year".

    Returns
    -------
    CohortReport

    Raises
    ------
    ValueError
        As `calculators.cohorts.check_transactions`, `complete_from` not a valid
        (month, day), or `window` not a whole number from 1 to `MAX_WINDOW`.

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
    """
    check_transactions(transactions)
    window = check_window(window)
    if window > MAX_WINDOW:
        raise ValueError(f"window must be from 1 to {MAX_WINDOW} years, got {window}")
    month = check_integer("complete_from month", complete_from[0], 1)
    day = check_integer("complete_from day", complete_from[1], 1)
    if month > 12 or day > 31:
        raise ValueError(f"complete_from must be a (month, day) pair, got {complete_from!r}")
    analysed, incomplete_year, left_out = _without_unfinished_year(transactions, (month, day))
    if not (analysed["amount"] >= 0).any():  # only refunds in the years kept
        analysed, left_out = transactions, 0
    activity = customer_activity(analysed)
    by_year = activity_by_year(activity, window)
    survivors = survivor_matrix(activity, window)
    cohorts, first_included = _tenure_cohorts(by_year["new"].to_numpy(), first_cohort_new, window)
    fit = _fit(survivors, cohorts)
    figures = _figures(by_year, activity, first_cohort_new, window)
    tenure, survival = _tenure(survivors, cohorts, fit, figures.retention)
    return CohortReport(
        years=tuple(int(year) for year in activity.years),
        window=window,
        matrix=retention_matrix(activity, window),
        by_year=by_year,
        survivors=pd.DataFrame(
            survivors,
            index=pd.Index(activity.years, name="cohort"),
            columns=pd.RangeIndex(survivors.shape[1], name="tenure"),
        ).loc[by_year["new"].to_numpy() > 0],
        tenure=tenure,
        survival=survival,
        alpha=fit[0] if fit else None,
        beta=fit[1] if fit else None,
        figures=figures,
        tenure_cohorts=tuple(int(activity.years[c]) for c in cohorts),
        first_cohort_included=first_included,
        incomplete_year=incomplete_year,
        left_out_rows=left_out,
    )


@dataclass(frozen=True)
class LifetimeValues:
    """A new customer's value with the measured figures, two ways (money per customer).

    margin: measured revenue per customer x the scenario's gross margin, per year.
    constant: CLV with the measured annual retention every year (None when there is none or
        it is 100%: no finite value).
    sbg: CLV with the fitted sBG retention, rising with tenure (None without a fit, or with
        alpha <= 1 at a zero discount rate).
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
    sbg        = m / (1 + i) * 2F1(1, beta; alpha + beta; 1 / (1 + i))  (`sbg.sbg_lifetime_value`)
    difference = constant - sbg,  relative = difference ÷ |sbg|

    with m = measured revenue per customer x gross margin, r the measured retention and i the
    discount rate; no acquisition cost subtracted (as on the Overview). Both use the report's
    window N. Which is higher depends on the data: a constant rate pooled over the whole
    customer base (long-standing customers, who rarely leave, included) overstates a new
    customer's value when new customers leave more often; a constant rate measured mostly on
    new customers understates it, since retention rises with tenure.

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
    """
    gross_margin = check_range("gross_margin", gross_margin, 0, 1)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    figures = report.figures
    revenue = figures.revenue_per_customer or 0.0
    margin = revenue * gross_margin
    constant = None
    retention = figures.retention
    # A measured retention of 100% has no finite constant-retention value (the scenario, which
    # stops at 99%, refuses it with its own message when it is offered).
    if retention is not None and retention < 1:
        constant = customer_lifetime_value(margin, retention, discount_rate)
    sbg = None
    if report.alpha is not None and report.beta is not None:
        try:
            sbg = sbg_lifetime_value(margin, report.alpha, report.beta, discount_rate)
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
