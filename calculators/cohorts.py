"""Cohorts from the owner's transactions: who bought in which year, and who bought again.

Input: one row per transaction with ``customer_id``, ``date`` (datetime) and ``amount`` (money,
negative for refunds), as `calculators.transactions.read_transactions` returns it. Conventions:

- A *purchase* is a transaction with amount >= 0; a refund (negative amount) lowers the year's
  revenue but is not a purchase, so it neither makes a customer active nor starts a cohort.
- A customer is *active* in a calendar year when they made at least one purchase in it. Their
  *cohort* is the year of their first purchase; ``years since first purchase`` = year - cohort.
- Annual retention in year y = customers active in both y - 1 and y ÷ customers active in y - 1
  (the scenario's definition: "this year's customers still customers next year").
- A customer *survives* to year k of tenure when they buy in year k or later: survivors
  ``n_0 >= n_1 >= ...`` per cohort, the last observed year right-censored (still alive), as the
  shifted-beta-geometric fit needs them (`calculators.sbg`).

`customer_activity` reads the transactions once; `retention_matrix`, `activity_by_year` and
`survivor_matrix` are views of it. The Your data page's analysis, with its treatment of an
unfinished last year and of the data's first cohort, is `calculators.reports.your_data`.

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

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "COLUMNS",
    "CustomerActivity",
    "activity_by_year",
    "check_transactions",
    "cohort_retention",
    "customer_activity",
    "retention_matrix",
    "survivor_matrix",
]

# The columns a transactions frame must have.
COLUMNS = ("customer_id", "date", "amount")
# Dense customer x year activity matrices above this many cells use a sorted, sparse path.
_DENSE_CELLS = 200_000_000


@dataclass(frozen=True)
class CustomerActivity:
    """Which customer bought in which year, and each year's revenue (`customer_activity`).

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


def check_transactions(transactions: pd.DataFrame) -> None:
    """Raise ``ValueError`` unless `transactions` is a frame the cohort measures can read.

    It must have the columns `COLUMNS`, ``date`` as datetime64 and ``amount`` numeric, a
    customer and a date on every row, finite amounts, and at least one purchase (amount >= 0).

    >>> check_transactions(pd.DataFrame({"customer_id": [1],
    ...     "date": pd.to_datetime(["2024-01-01"]), "amount": [-5.0]}))
    Traceback (most recent call last):
        ...
    ValueError: transactions must have at least one purchase (amount >= 0)
    """
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


def customer_activity(transactions: pd.DataFrame) -> CustomerActivity:
    """Who bought in which calendar year, from transactions `check_transactions` accepts.

    A customer is active in a year with at least one purchase (amount >= 0) in it; revenue is
    the year's net amount, refunds subtracted. The inputs are not checked again here (the
    analysis checks them once, then may leave rows out): call `check_transactions` first.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0]})
    >>> activity = customer_activity(sales)
    >>> activity.years.tolist(), activity.first.tolist(), activity.revenue.tolist()
    ([2022, 2023], [0, 0, 1], [30.0, 20.0])
    """
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
    return CustomerActivity(
        years=np.arange(first_year, last_year + 1),
        customer=customer,
        year=year,
        first=first,
        last=last,
        revenue=revenue,
    )


def _cohort_counts(activity: CustomerActivity) -> np.ndarray:
    """counts[c, k]: customers of cohort c (year index) active k years after their first."""
    span = len(activity.years)
    cohort = activity.first[activity.customer]
    offset = activity.year - cohort
    return np.bincount(cohort * span + offset, minlength=span * span).reshape(span, span)


def _observed(span: int) -> np.ndarray:
    """observed[c, k]: year c + k is within the data."""
    index = np.arange(span)
    return index[:, None] + index[None, :] < span


def retention_matrix(activity: CustomerActivity) -> pd.DataFrame:
    """`cohort_retention` from a `customer_activity`: share of each cohort active k years on.

    share[c, k] = customers of cohort c active in year c + k ÷ customers of cohort c

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0]})
    >>> activity = customer_activity(sales)
    >>> retention_matrix(activity).to_dict("index")
    {2022: {0: 1.0, 1: 0.5}, 2023: {0: 1.0, 1: nan}}
    """
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


def activity_by_year(activity: CustomerActivity) -> pd.DataFrame:
    """Customers and revenue per calendar year.

    active    = customers with a purchase in the year
    new       = customers whose first purchase is in the year
    retained  = customers active in the year and in the one before
    returning = active - retained - new (back after a year or more without buying)
    retention = retained ÷ last year's active (NaN in the first year, or after a year with none)
    revenue   = net revenue (refunds subtracted); revenue_per_active = revenue ÷ active

    Returns
    -------
    pandas.DataFrame
        Indexed by calendar year (``year``), every year from the first to the last.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0]})
    >>> activity = customer_activity(sales)
    >>> activity_by_year(activity)[["active", "new", "retained", "retention"]].to_dict("list")
    {'active': [2, 2], 'new': [2, 1], 'retained': [0, 1], 'retention': [nan, 0.5]}
    """
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


def survivor_matrix(activity: CustomerActivity) -> np.ndarray:
    """survivors[c, k]: customers of cohort c whose last purchase is k or more years after.

    Rows are every calendar year (index into ``activity.years``), columns the years of tenure
    0, 1, ...; a cohort's row never increases, and is NaN where year c + k is after the data.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0]})
    >>> activity = customer_activity(sales)
    >>> survivor_matrix(activity).tolist()
    [[2.0, 1.0], [1.0, nan]]
    """
    span = len(activity.years)
    has = activity.first >= 0
    first, life = activity.first[has], activity.last[has] - activity.first[has]
    by_life = np.bincount(first * span + life, minlength=span * span).reshape(span, span)
    survivors = np.cumsum(by_life[:, ::-1], axis=1)[:, ::-1].astype(float)
    survivors[~_observed(span)] = np.nan
    return survivors


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
    check_transactions(transactions)
    return retention_matrix(customer_activity(transactions))
