"""Cohorts from the owner's transactions: who bought again, year after year, and what it is worth.

Input: one row per transaction with ``customer_id``, ``date`` (datetime) and ``amount`` (money,
negative for refunds), as `calculators.transactions.read_transactions` returns it. Conventions:

- A *purchase* is a transaction with amount >= 0; a refund (negative amount) lowers the year's
  revenue but is not a purchase, so it neither makes a customer active nor starts a cohort.
- A customer is *active* in a calendar year when they made at least one purchase in it. Their
  *cohort* is the year of their first purchase; ``years since first purchase`` = year - cohort.
- Annual retention in year y = customers active in both y - 1 and y ÷ customers active in y - 1
  (the scenario's definition: "this year's customers still customers next year").
- For the shifted-beta-geometric model (DESIGN §5; Fader & Hardie 2007, source ``sbg``) a
  customer *survives* to year k of tenure when they buy in year k or later: survivors
  ``n_0 >= n_1 >= ...`` per cohort, the last observed year right-censored (still alive).

Two data effects are handled explicitly, and reported:

- A final calendar year that is not over (data end before 1 December) would make everybody who
  has not bought *yet* look lost: its rows are left out while two full years remain.
- The first year of the data mixes new customers with older ones bought before the export
  starts, so its cohort is left out of the by-tenure measures, the sBG fit and the new-customer
  count, unless the owner says the business started then (``first_cohort_new``).

>>> import pandas as pd
>>> sales = pd.DataFrame({
...     "customer_id": ["A", "B", "A", "C", "B"],
...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01",
...                             "2024-01-10"]),
...     "amount": [10.0, 20.0, 15.0, 5.0, 30.0]})
>>> cohort_retention(sales).to_dict("index")
{2022: {0: 1.0, 1: 0.5, 2: 0.5}, 2023: {0: 1.0, 1: 0.0, 2: nan}}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, digamma, hyp2f1

from calculators._validate import check_finite, check_integer, check_range
from calculators.loyalty import customer_lifetime_value

__all__ = [
    "COMPLETE_FROM",
    "PROJECTION_YEARS",
    "RECENT_YEARS",
    "CohortReport",
    "LifetimeValues",
    "ScenarioFigures",
    "analyse_transactions",
    "cohort_retention",
    "fit_shifted_beta_geometric",
    "fit_shifted_beta_geometric_cohorts",
    "lifetime_values",
    "sbg_lifetime_value",
    "sbg_retention",
    "sbg_survival",
]

# The fitted retention and survival curves are drawn up to this many years of tenure.
PROJECTION_YEARS = 10
# The figures offered to the scenario average over the most recent years (or year pairs).
RECENT_YEARS = 3
# A final year whose last transaction is before this (month, day) is taken as not over.
COMPLETE_FROM = (12, 1)
# The sBG parameters are searched on a log scale within these bounds (about 1e-4 to 8e3).
_LOG_BOUNDS = (-9.0, 9.0)
# Dense customer x year activity matrices above this many cells use a sorted, sparse path.
_DENSE_CELLS = 200_000_000
COLUMNS = ("customer_id", "date", "amount")
# The most years `sbg_lifetime_value` sums when its closed form is out of scipy's reach.
_MAX_SUM_YEARS = 1_000_000
# Which scenario field each measured figure fills (calculators.scenario.FIELDS paths).
FIGURE_PATHS: dict[str, str] = {
    "retention": "business.retention",
    "revenue_per_customer": "business.revenue_per_customer",
    "new_customers_per_year": "business.new_customers_per_year",
    "active_customers": "business.active_customers",
}


# --- activity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Activity:
    """Which customer bought in which year, and each year's revenue.

    years: the calendar years from the first to the last transaction (every year, even empty).
    customer, year: one entry per (customer, year with a purchase), sorted by customer then
    year; `year` is an index into `years`.
    first, last: per customer (code), the index of their first and last year with a purchase.
    revenue: net revenue per year (refunds subtracted).
    """

    years: np.ndarray
    customer: np.ndarray
    year: np.ndarray
    first: np.ndarray
    last: np.ndarray
    revenue: np.ndarray


def _check_transactions(transactions: pd.DataFrame) -> None:
    if not isinstance(transactions, pd.DataFrame):
        raise ValueError(
            f"transactions must be a pandas DataFrame, got {type(transactions).__name__}"
        )
    missing = [column for column in COLUMNS if column not in transactions.columns]
    if missing:
        raise ValueError(
            f"transactions must have the columns {', '.join(COLUMNS)}; missing {missing}"
        )
    if not pd.api.types.is_datetime64_any_dtype(transactions["date"]):
        raise ValueError(
            f"transactions['date'] must be datetime64, got {transactions['date'].dtype}"
        )
    if not pd.api.types.is_numeric_dtype(transactions["amount"]):
        raise ValueError(
            f"transactions['amount'] must be numeric, got {transactions['amount'].dtype}"
        )
    if transactions["date"].isna().any() or transactions["customer_id"].isna().any():
        raise ValueError("transactions must have a customer_id and a date on every row")
    if not np.isfinite(transactions["amount"].to_numpy(dtype=float)).all():
        raise ValueError("transactions['amount'] must be finite numbers on every row")
    if not (transactions["amount"] >= 0).any():
        raise ValueError("transactions must have at least one purchase (amount >= 0)")


def _activity(transactions: pd.DataFrame) -> _Activity:
    codes, uniques = pd.factorize(transactions["customer_id"], sort=False)
    calendar = transactions["date"].dt.year.to_numpy(dtype=np.int64)
    amounts = transactions["amount"].to_numpy(dtype=float)
    first_year, last_year = int(calendar.min()), int(calendar.max())
    span = last_year - first_year + 1
    year_index = calendar - first_year
    revenue = np.bincount(year_index, weights=amounts, minlength=span)

    bought = amounts >= 0
    buyer, bought_in = codes[bought], year_index[bought]
    customers = len(uniques)
    if customers * span <= _DENSE_CELLS:
        present = np.zeros(customers * span, dtype=bool)
        present[buyer * span + bought_in] = True
        cells = np.flatnonzero(present)
    else:
        cells = np.unique(buyer * span + bought_in)
    customer, year = np.divmod(cells, span)
    # Sorted by customer then year: a customer's first entry is their first year, last the last.
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    ends = np.r_[starts[1:] - 1, len(customer) - 1]
    first = np.full(customers, -1, dtype=np.int64)
    last = np.full(customers, -1, dtype=np.int64)
    first[customer[starts]] = year[starts]
    last[customer[ends]] = year[ends]
    return _Activity(
        years=np.arange(first_year, last_year + 1),
        customer=customer,
        year=year,
        first=first,
        last=last,
        revenue=revenue,
    )


def _cohort_counts(activity: _Activity) -> np.ndarray:
    """counts[c, k]: customers of cohort c (year index) active k years after their first."""
    span = len(activity.years)
    cohort = activity.first[activity.customer]
    offset = activity.year - cohort
    return np.bincount(cohort * span + offset, minlength=span * span).reshape(span, span)


def _observed(span: int) -> np.ndarray:
    """observed[c, k]: year c + k is within the data."""
    index = np.arange(span)
    return index[:, None] + index[None, :] < span


def _retention_matrix(activity: _Activity) -> pd.DataFrame:
    counts = _cohort_counts(activity).astype(float)
    span = len(activity.years)
    sizes = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / sizes[:, None]
    shares[~_observed(span)] = np.nan
    keep = sizes > 0
    return pd.DataFrame(
        shares[keep],
        index=pd.Index(activity.years[keep], name="cohort"),
        columns=pd.RangeIndex(span, name="years_since_first"),
    )


def cohort_retention(transactions: pd.DataFrame) -> pd.DataFrame:
    """Share of each acquisition cohort with a purchase in each later calendar year.

    share[c, k] = customers whose first purchase was in year c and who bought in year c + k
                  ÷ customers whose first purchase was in year c

    A purchase is a transaction with amount >= 0 (refunds are not purchases). Years are
    calendar years.

    Parameters
    ----------
    transactions : pandas.DataFrame
        Columns ``customer_id`` (any hashable), ``date`` (datetime64) and ``amount`` (money,
        negative for refunds), one row per transaction, at least one purchase.

    Returns
    -------
    pandas.DataFrame
        Rows: year of first purchase (``cohort``, only years in which someone first bought);
        columns: the integers 0, 1, 2, … (``years_since_first`` = calendar year − cohort);
        values: shares in [0, 1]; column 0 is 1. Years after the data's last year are NaN
        (not observed), not 0.

    Raises
    ------
    ValueError
        If a column is missing or of the wrong type, a row has no customer or date, an amount
        is not finite, or there is no purchase at all.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": [1, 2, 1, 3],
    ...     "date": pd.to_datetime(["2023-01-02", "2023-05-06", "2024-07-08", "2024-09-10"]),
    ...     "amount": [100.0, 50.0, 80.0, 20.0]})
    >>> cohort_retention(sales).round(2).to_dict("index")
    {2023: {0: 1.0, 1: 0.5}, 2024: {0: 1.0, 1: nan}}
    """
    _check_transactions(transactions)
    return _retention_matrix(_activity(transactions))


# --- the shifted-beta-geometric model -----------------------------------------------------------


def _check_alpha_beta(alpha: float, beta: float) -> tuple[float, float]:
    alpha = check_range("alpha", alpha, 0, None, low_open=True)
    beta = check_range("beta", beta, 0, None, low_open=True)
    return alpha, beta


def sbg_retention(alpha: float, beta: float, years: int) -> np.ndarray:
    """Retention in tenure years 1..`years` under the shifted-beta-geometric model.

    r_t = (beta + t - 1) / (alpha + beta + t - 1)

    The share of customers alive at t - 1 who are still alive at t: it rises with t, because
    the customers most likely to leave leave first.

    Parameters
    ----------
    alpha, beta : float
        The Beta distribution of customers' yearly churn probabilities (both > 0).
    years : int
        How many years (integer >= 1).

    Returns
    -------
    numpy.ndarray
        ``years`` retention rates, fractions in (0, 1).

    Examples
    --------
    >>> sbg_retention(1.0, 1.0, 3).round(3).tolist()
    [0.5, 0.667, 0.75]
    """
    alpha, beta = _check_alpha_beta(alpha, beta)
    years = check_integer("years", years, 1)
    t = np.arange(1, years + 1, dtype=float)
    return (beta + t - 1) / (alpha + beta + t - 1)


def sbg_survival(alpha: float, beta: float, years: int) -> np.ndarray:
    """Share of a new cohort still customers after t = 0..`years` years (sBG).

    S(t) = B(alpha, beta + t) / B(alpha, beta) = prod_{j=1..t} r_j,  S(0) = 1

    Parameters
    ----------
    alpha, beta : float
        sBG parameters (both > 0).
    years : int
        The last t (integer >= 1).

    Returns
    -------
    numpy.ndarray
        ``years + 1`` shares, from 1 at t = 0, non-increasing.

    Examples
    --------
    >>> sbg_survival(1.0, 1.0, 3).round(3).tolist()
    [1.0, 0.5, 0.333, 0.25]
    """
    return np.r_[1.0, np.cumprod(sbg_retention(alpha, beta, years))]


def _check_survivors(name: str, survivors: Sequence[float] | np.ndarray) -> np.ndarray:
    try:
        counts = np.asarray(survivors, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a 1-D sequence of at least 2 finite counts >= 0, got {survivors!r}"
        ) from None
    if counts.ndim != 1 or counts.size < 2 or not np.isfinite(counts).all():
        raise ValueError(
            f"{name} must be a 1-D sequence of at least 2 finite counts >= 0, got {survivors!r}"
        )
    if counts[0] <= 0 or (counts < 0).any():
        raise ValueError(f"{name} must start above 0 and have no count below 0, got {survivors!r}")
    rises = np.flatnonzero(np.diff(counts) > 0)
    if rises.size:
        k = int(rises[0]) + 1
        raise ValueError(
            f"{name} must not increase (customers lost do not come back): "
            f"{name}[{k}] = {counts[k]:g} > {name}[{k - 1}] = {counts[k - 1]:g}"
        )
    return counts


def _sbg_totals(cohorts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Customers lost in each tenure year t = 1..T, and customers still alive after T years."""
    longest = max(len(counts) for counts in cohorts) - 1
    lost = np.zeros(longest)
    alive = np.zeros(longest)
    for counts in cohorts:
        periods = len(counts) - 1
        lost[:periods] += counts[:-1] - counts[1:]
        alive[periods - 1] += counts[-1]
    return lost, alive


def _negative_log_likelihood(
    log_params: np.ndarray, lost: np.ndarray, alive: np.ndarray
) -> tuple[float, np.ndarray]:
    """-LL and its gradient in (log alpha, log beta).

    LL = sum_t lost_t ln P(t) + sum_T alive_T ln S(T),
    ln P(t) = ln B(alpha + 1, beta + t - 1) - ln B(alpha, beta),
    ln S(T) = ln B(alpha, beta + T) - ln B(alpha, beta).
    """
    alpha, beta = np.exp(log_params)
    t = np.arange(1, len(lost) + 1, dtype=float)
    base = betaln(alpha, beta)
    log_p = betaln(alpha + 1, beta + t - 1) - base
    log_s = betaln(alpha, beta + t) - base
    value = lost @ log_p + alive @ log_s
    # d ln B(a, b) / da = digamma(a) - digamma(a + b), and likewise for b.
    d_base_a = digamma(alpha) - digamma(alpha + beta)
    d_base_b = digamma(beta) - digamma(alpha + beta)
    d_p_a = digamma(alpha + 1) - digamma(alpha + beta + t) - d_base_a
    d_p_b = digamma(beta + t - 1) - digamma(alpha + beta + t) - d_base_b
    d_s_a = digamma(alpha) - digamma(alpha + beta + t) - d_base_a
    d_s_b = digamma(beta + t) - digamma(alpha + beta + t) - d_base_b
    gradient = np.array(
        [alpha * (lost @ d_p_a + alive @ d_s_a), beta * (lost @ d_p_b + alive @ d_s_b)]
    )
    return -float(value), -gradient


def fit_shifted_beta_geometric_cohorts(
    cohorts: Sequence[Sequence[float] | np.ndarray],
) -> tuple[float, float]:
    """Maximum-likelihood sBG parameters from several cohorts' survivor counts at once.

    Each cohort is ``n_0, n_1, …, n_T``: customers acquired, and still alive after 1..T years
    (T may differ between cohorts). The log-likelihood adds up, over cohorts,

        sum_{t=1..T} (n_{t-1} - n_t) ln P(t) + n_T ln S(T)

    with P(t) = B(alpha + 1, beta + t - 1) / B(alpha, beta) the chance of leaving in year t and
    S(T) = B(alpha, beta + T) / B(alpha, beta) the chance of still being there: the customers
    alive at the end of the data are right-censored, not lost. Maximised with scipy's L-BFGS-B
    on log alpha and log beta (each within e^-9 .. e^9), analytic gradient.

    Parameters
    ----------
    cohorts : sequence of sequences of float
        One survivor list per cohort; each with at least 2 counts >= 0, starting above 0,
        never increasing. At least one customer must be lost somewhere.

    Returns
    -------
    tuple of float
        ``(alpha, beta)``.

    Raises
    ------
    ValueError
        If a list is malformed, or no customer is lost in any cohort (no finite estimate: the
        data are consistent with nobody ever leaving).

    Examples
    --------
    A cohort observed for three years next to one observed for four:

    >>> cohorts = [[1000, 631, 468, 382], [900, 570, 420, 346, 295]]
    >>> a, b = fit_shifted_beta_geometric_cohorts(cohorts)
    >>> round(a, 3), round(b, 3)
    (0.77, 1.312)
    """
    if isinstance(cohorts, np.ndarray) and cohorts.ndim == 1:
        raise ValueError("cohorts must be a sequence of survivor lists, got a single list")
    checked = [_check_survivors(f"cohorts[{i}]", counts) for i, counts in enumerate(cohorts)]
    if not checked:
        raise ValueError("cohorts must hold at least one survivor list, got none")
    lost, alive = _sbg_totals(checked)
    if lost.sum() <= 0:
        raise ValueError(
            "cohorts must show at least one customer lost: with nobody leaving, the sBG model "
            "has no finite estimate (retention looks like 100%)"
        )
    # Scale to keep the objective's size independent of the number of customers.
    scale = 1.0 / (lost.sum() + alive.sum())
    result = minimize(
        _negative_log_likelihood,
        x0=np.zeros(2),
        args=(lost * scale, alive * scale),
        jac=True,
        method="L-BFGS-B",
        bounds=[_LOG_BOUNDS, _LOG_BOUNDS],
        options={"ftol": 1e-14, "gtol": 1e-10},
    )
    alpha, beta = np.exp(result.x)
    return float(alpha), float(beta)


def fit_shifted_beta_geometric(survivors: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood shifted-beta-geometric parameters from one cohort's survivors.

    survivors = n_0, n_1, …, n_T: customers acquired, then still customers after 1..T years.
    LL(alpha, beta) = sum_{t=1..T} (n_{t-1} - n_t) ln P(t) + n_T ln S(T), with
    P(t) = B(alpha + 1, beta + t - 1) / B(alpha, beta), S(t) = B(alpha, beta + t) / B(alpha, beta);
    see `fit_shifted_beta_geometric_cohorts` (this is its one-cohort case).

    Parameters
    ----------
    survivors : sequence of float
        At least 2 counts >= 0, starting above 0, never increasing, with some customer lost.

    Returns
    -------
    tuple of float
        ``(alpha, beta)``; retention in tenure year t is (beta + t - 1) / (alpha + beta + t - 1).

    Raises
    ------
    ValueError
        If the counts are malformed or nobody is lost.

    Examples
    --------
    Fader & Hardie's published fit (the "regular" customers, 7 years):

    >>> a, b = fit_shifted_beta_geometric([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> round(a, 3), round(b, 3)
    (0.704, 1.182)
    """
    if isinstance(survivors, np.ndarray) and survivors.ndim != 1:
        raise ValueError(f"survivors must be a 1-D sequence, got shape {survivors.shape}")
    counts = _check_survivors("survivors", survivors)
    try:
        return fit_shifted_beta_geometric_cohorts([counts])
    except ValueError as error:
        raise ValueError(str(error).replace("cohorts must", "survivors must", 1)) from None


def sbg_lifetime_value(
    margin: float,
    alpha: float,
    beta: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    horizon: int | None = None,
) -> float:
    """Net present value of one new customer whose retention follows the sBG model.

    CLV = sum_{t=1..H} margin * S(t - 1) / (1 + discount_rate)**t - acquisition_cost

    Same conventions as `calculators.loyalty.customer_lifetime_value`: certainly active in year
    1, margins at each year's end, the acquisition cost at t = 0; S(t) from `sbg_survival`.
    With no horizon the sum is the Gaussian hypergeometric function (Fader & Hardie 2010):

        CLV = margin / (1 + i) * 2F1(1, beta; alpha + beta; 1 / (1 + i)) - acquisition_cost

    which is finite when i > 0, or when i = 0 and alpha > 1.

    Parameters
    ----------
    margin : float
        Margin per customer per year (money), any finite number.
    alpha, beta : float
        sBG parameters (both > 0).
    discount_rate : float
        Annual discount rate, a fraction in [0, 1].
    acquisition_cost : float, optional
        Paid at t = 0 (money, >= 0). Default 0.
    horizon : int or None, optional
        Years counted (integer >= 1); ``None`` sums over all years.

    Returns
    -------
    float
        CLV in money per customer, at t = 0.

    Raises
    ------
    ValueError
        If an input is out of range, or discount_rate = 0 with alpha <= 1 and no horizon (the
        expected lifetime is infinite).

    Examples
    --------
    >>> round(sbg_lifetime_value(100, 0.704, 1.182, 0.10), 2)
    335.92

    Two years, no discounting: year 1 certain, year 2 with S(1) = 1.182 / 1.886.

    >>> round(sbg_lifetime_value(100, 0.704, 1.182, 0.0, horizon=2), 2)
    162.67
    """
    margin = check_finite("margin", margin)
    alpha, beta = _check_alpha_beta(alpha, beta)
    discount_rate = check_range("discount_rate", discount_rate, 0, 1)
    acquisition_cost = check_range("acquisition_cost", acquisition_cost, 0, None)
    if horizon is not None:
        horizon = check_integer("horizon", horizon, 1)
        survival = sbg_survival(alpha, beta, horizon)[:-1]
        discount = (1.0 + discount_rate) ** -np.arange(1, horizon + 1, dtype=float)
        return margin * float(survival @ discount) - acquisition_cost
    if discount_rate == 0 and alpha <= 1:
        raise ValueError(
            f"alpha must be > 1 when discount_rate is 0 and horizon is None: with alpha = "
            f"{alpha:.4g} the expected lifetime is infinite; give a horizon (years)"
        )
    z = 1.0 / (1.0 + discount_rate)
    series = float(hyp2f1(1.0, beta, alpha + beta, z))
    if not math.isfinite(series) and discount_rate > 0:
        # scipy's 2F1 can fail for very large alpha and beta (almost no heterogeneity): sum
        # the years until discounting makes the rest negligible (below 1e-12 of the total).
        years = min(math.ceil(12 * math.log(10) / math.log1p(discount_rate)), _MAX_SUM_YEARS)
        survival = sbg_survival(alpha, beta, years)[:-1]
        series = float(survival @ z ** np.arange(years, dtype=float))
    return margin * z * series - acquisition_cost


# --- the analysis --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioFigures:
    """Measured figures the scenario can take, each ``None`` when the data cannot give it.

    retention: pooled over the last `RECENT_YEARS` year pairs (customers active in both years
        ÷ customers active in the earlier one), rounded to 0.1 percentage point.
    revenue_per_customer: the last year's net revenue ÷ its active customers, to the cent.
    new_customers_per_year: average first-time buyers over the last `RECENT_YEARS` years (the
        first year of the data only when its customers were all new), whole customers.
    active_customers: customers with a purchase in the last year.
    retention_years, new_customers_years: first and last year of each window; `last_year` the
    year of revenue and active customers.
    """

    retention: float | None
    revenue_per_customer: float | None
    new_customers_per_year: int | None
    active_customers: int | None
    retention_years: tuple[int, int] | None
    new_customers_years: tuple[int, int] | None
    last_year: int

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
    matrix: `cohort_retention` of the analysed rows.
    by_year: per calendar year (index ``year``): ``active`` customers, ``new`` (first purchase),
        ``retained`` (active this year and last), ``returning`` (active again after a year or
        more without buying), ``retention`` (retained ÷ last year's active; NaN in the first
        year), ``revenue`` (net), ``revenue_per_active``.
    survivors: per cohort (rows) and tenure year k (columns 0..): customers buying in year k or
        later; NaN where not observed.
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


def _by_year(activity: _Activity) -> pd.DataFrame:
    span = len(activity.years)
    active = np.bincount(activity.year, minlength=span)
    has = activity.first >= 0
    new = np.bincount(activity.first[has], minlength=span)
    # Consecutive entries of one customer in consecutive years: retained in the later year.
    same = (activity.customer[1:] == activity.customer[:-1]) & (
        activity.year[1:] == activity.year[:-1] + 1
    )
    retained = np.bincount(activity.year[1:][same], minlength=span)
    with np.errstate(invalid="ignore", divide="ignore"):
        retention = np.r_[np.nan, retained[1:] / active[:-1]]
        per_active = activity.revenue / active
    per_active = np.where(active > 0, per_active, np.nan)
    retention = np.where(np.r_[False, active[:-1] > 0], retention, np.nan)
    return pd.DataFrame(
        {
            "active": active,
            "new": new,
            "retained": retained,
            # Bought this year, not last year, and not for the first time: came back after a gap.
            "returning": active - retained - new,
            "retention": retention,
            "revenue": activity.revenue,
            "revenue_per_active": per_active,
        },
        index=pd.Index(activity.years, name="year"),
    )


def _survivors(activity: _Activity) -> np.ndarray:
    """survivors[c, k]: customers of cohort c whose last purchase is k or more years after."""
    span = len(activity.years)
    has = activity.first >= 0
    first, life = activity.first[has], activity.last[has] - activity.first[has]
    by_life = np.bincount(first * span + life, minlength=span * span).reshape(span, span)
    survivors = np.cumsum(by_life[:, ::-1], axis=1)[:, ::-1].astype(float)
    survivors[~_observed(span)] = np.nan
    return survivors


def _tenure_cohorts(sizes: np.ndarray, first_cohort_new: bool) -> tuple[np.ndarray, bool]:
    """Year indices of the cohorts used by tenure, and whether the first one is among them."""
    span = len(sizes)
    cohorts = np.flatnonzero(sizes > 0)
    observed_later = cohorts[cohorts < span - 1]  # seen for at least one more year
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


def _figures(by_year: pd.DataFrame, first_cohort_new: bool) -> ScenarioFigures:
    years = by_year.index.to_numpy()
    active = by_year["active"].to_numpy()
    last = len(years) - 1
    retention = retention_years = None
    if last >= 1:
        pairs = np.arange(max(1, last - RECENT_YEARS + 1), last + 1)
        earlier = active[pairs - 1].sum()
        if earlier > 0:
            retention = round(float(by_year["retained"].to_numpy()[pairs].sum() / earlier), 3)
            retention_years = (int(years[pairs[0] - 1]), int(years[last]))
    revenue = None
    if active[last] > 0:
        revenue = round(float(by_year["revenue"].iloc[last] / active[last]), 2)
    eligible = np.arange(0 if first_cohort_new else 1, last + 1)[-RECENT_YEARS:]
    new = new_years = None
    if eligible.size:
        # Half up (Python's round() would turn 0.5 into 0).
        new = math.floor(float(by_year["new"].to_numpy()[eligible].mean()) + 0.5)
        new_years = (int(years[eligible[0]]), int(years[eligible[-1]]))
    return ScenarioFigures(
        retention=retention,
        revenue_per_customer=revenue,
        new_customers_per_year=new,
        active_customers=int(active[last]),
        retention_years=retention_years,
        new_customers_years=new_years,
        last_year=int(years[last]),
    )


def analyse_transactions(
    transactions: pd.DataFrame,
    *,
    first_cohort_new: bool = False,
    complete_from: tuple[int, int] = COMPLETE_FROM,
) -> CohortReport:
    """Cohorts, retention by year and by tenure, the sBG fit and the scenario's figures.

    Steps (conventions in the module docstring):

    1. A last calendar year whose data end before `complete_from` (month, day) is left out, as
       long as two full years remain: customers who have not bought *yet* would look lost.
    2. Activity per customer and calendar year; the cohort matrix (`cohort_retention`); per
       year: active, new and retained customers, retention, net revenue and revenue per active
       customer.
    3. Survivors per cohort (still buying in year k of tenure or later), retention by tenure
       pooled over cohorts, t = 1..: sum of survivors at t ÷ sum at t - 1 over the cohorts
       observed at t; survival = product of those. The first year's cohort is left out unless
       `first_cohort_new` (it mixes older customers in) or no other cohort has a second year.
    4. The sBG fit on those cohorts' survivors (`fit_shifted_beta_geometric_cohorts`); None
       when nobody was lost or no cohort has a second year.
    5. `ScenarioFigures` from the most recent years.

    Parameters
    ----------
    transactions : pandas.DataFrame
        ``customer_id``, ``date`` (datetime64), ``amount`` as for `cohort_retention`.
    first_cohort_new : bool, optional
        True when the customers of the data's first year were all new (the business started
        then); default False.
    complete_from : tuple of int, optional
        (month, day) from which a last year counts as finished; default 1 December.

    Returns
    -------
    CohortReport

    Raises
    ------
    ValueError
        As `cohort_retention`, or `complete_from` not a valid (month, day).

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
    """
    _check_transactions(transactions)
    month = check_integer("complete_from month", complete_from[0], 1)
    day = check_integer("complete_from day", complete_from[1], 1)
    if month > 12 or day > 31:
        raise ValueError(f"complete_from must be a (month, day) pair, got {complete_from!r}")
    analysed, incomplete_year, left_out = _without_unfinished_year(transactions, (month, day))
    if not (analysed["amount"] >= 0).any():  # only refunds in the years kept
        analysed, left_out = transactions, 0
    activity = _activity(analysed)
    by_year = _by_year(activity)
    survivors = _survivors(activity)
    cohorts, first_included = _tenure_cohorts(by_year["new"].to_numpy(), first_cohort_new)
    fit = _fit(survivors, cohorts)
    figures = _figures(by_year, first_cohort_new)
    tenure, survival = _tenure(survivors, cohorts, fit, figures.retention)
    return CohortReport(
        years=tuple(int(year) for year in activity.years),
        matrix=_retention_matrix(activity),
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
    """

    margin: float
    constant: float | None
    sbg: float | None


def lifetime_values(
    report: CohortReport, gross_margin: float, discount_rate: float
) -> LifetimeValues:
    """CLV of a new customer with constant measured retention and with the fitted sBG.

    constant = m / (1 + i - r)            (`calculators.loyalty.customer_lifetime_value`)
    sbg      = m / (1 + i) * 2F1(1, beta; alpha + beta; 1 / (1 + i))   (`sbg_lifetime_value`)

    with m = measured revenue per customer x gross margin, r the measured retention and i the
    discount rate; no acquisition cost subtracted (as on the Overview). A constant retention
    taken from the whole customer base ignores that new customers leave more often than old
    ones; the sBG curve does not.

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
    return LifetimeValues(margin=margin, constant=constant, sbg=sbg)
