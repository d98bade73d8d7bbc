"""Cohorts from the owner's transactions: who bought in which year, and who is still a customer.

Input: one row per transaction with ``customer_id``, ``date`` (datetime) and ``amount`` (money,
negative for refunds), as `calculators.transactions.read_transactions` returns it. Conventions:

- A *purchase* is a transaction with amount >= 0; a refund (negative amount) lowers the year's
  revenue but is not a purchase, so it neither makes a customer active nor starts a cohort.
- A customer is *active* in a calendar year when they made at least one purchase in it. Their
  *cohort* is the year of their first purchase; ``years since first purchase`` = year - cohort.
- **When a customer is lost: the window.** With a window of N years (N >= 1), a customer who
  bought in a year and buys again within the next N years is *kept*: they are still a customer
  in the years in between, without buying. A purchase followed by N years in a row without any
  makes them *lost* after the year of that purchase; if they buy again later they are a
  customer again (a *returning* one). N = 1 is "bought again the next calendar year": a year
  skipped counts as lost, which understates retention for occasional buyers.
- A customer *is a customer* in year y (``customers``) when they bought in y, or bought before
  y and again after y with at most N years between the two purchases. A year's figure is known
  only when its next N - 1 years are in the data (and, for N > 1, its N - 1 years before).
- Annual retention from y - 1 to y = customers in both y - 1 and y ÷ customers in y - 1 (the
  scenario's definition: "this year's customers still customers next year"). With N = 1 this is
  customers active in both years ÷ customers active in y - 1.
- A customer of a cohort *survives* to year k of tenure while each purchase since their first is
  followed by the next within N years, up to year k or later; the first time N years pass
  without a purchase they are lost for good (the shifted-beta-geometric model of
  `calculators.sbg` has no way back, so a later return does not count here). Survivors
  ``n_0 >= n_1 >= ...`` per cohort, the last observed year right-censored.

Every measure counts in calendar years; the window and the indices are in periods, so that
quarters or months can later use the same code.

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
    "check_window",
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


def check_window(window: int) -> int:
    """The window N in years (periods): an integer >= 1, else ``ValueError``.

    >>> check_window(2)
    2
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be a whole number of years >= 1, got {window!r}")
    return int(window)


def _next_gap(activity: CustomerActivity) -> np.ndarray:
    """Years from each purchase entry to the same customer's next one (a large number if none)."""
    gap = np.full(len(activity.year), np.iinfo(np.int64).max, dtype=np.int64)
    same = activity.customer[1:] == activity.customer[:-1]
    gap[:-1][same] = (activity.year[1:] - activity.year[:-1])[same]
    return gap


def _customer_years(
    activity: CustomerActivity, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(customer, year) of every year a customer *is a customer* with window N, and whether
    they still are the year after (both years inside one run of purchases N or fewer apart).

    Purchase years, plus the years between two purchases at most N apart."""
    gap = _next_gap(activity)
    customers = [activity.customer]
    years = [activity.year]
    continues = [gap <= window]
    for offset in range(1, window):
        between = (gap > offset) & (gap <= window)
        customers.append(activity.customer[between])
        years.append(activity.year[between] + offset)
        continues.append(np.ones(int(between.sum()), dtype=bool))
    return np.concatenate(customers), np.concatenate(years), np.concatenate(continues)


def _known_years(span: int, window: int) -> np.ndarray:
    """known[y]: whether year index y's customers are known with window N: its next N - 1
    years are in the data (a gap could still close), and so are its N - 1 years before."""
    index = np.arange(span)
    return (index <= span - window) & (index >= window - 1)


def _observed(span: int, window: int = 1) -> np.ndarray:
    """observed[c, k]: cohort c's figure k years on is known (year c + k and the N - 1 years
    after it within the data); k = 0 always is."""
    index = np.arange(span)
    observed: np.ndarray = index[:, None] + index[None, :] <= span - window
    observed[:, 0] = True
    return observed


def retention_matrix(activity: CustomerActivity, window: int = 1) -> pd.DataFrame:
    """`cohort_retention` from a `customer_activity`: share of each cohort still a customer.

    share[c, k] = customers of cohort c who are customers in year c + k ÷ customers of cohort c

    With window N a customer is a customer in a year without purchases when they bought before
    it and buy again after it, at most N years apart (see the module docstring); with N = 1 the
    share is of customers who bought in year c + k. NaN where year c + k or its next N - 1
    years are after the data.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C", "A"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01",
    ...                             "2025-01-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0, 9.0]})
    >>> activity = customer_activity(sales)
    >>> retention_matrix(activity).loc[2022].tolist()
    [1.0, 0.5, 0.0, 0.5]

    With a window of 2 years, A (2023, then 2025) is still a customer in 2024; 2025's figure
    is not known yet (a customer could still come back in 2026):

    >>> retention_matrix(activity, window=2).loc[2022].tolist()
    [1.0, 0.5, 0.5, nan]
    """
    window = check_window(window)
    span = len(activity.years)
    customer, year, _ = _customer_years(activity, window)
    cohort = activity.first[customer]
    counts = np.bincount(cohort * span + (year - cohort), minlength=span * span)
    counts = counts.reshape(span, span).astype(float)
    sizes = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / sizes[:, None]
    shares[~_observed(span, window)] = np.nan
    keep = sizes > 0
    return pd.DataFrame(
        shares[keep],
        index=pd.Index(activity.years[keep], name="cohort"),
        columns=pd.RangeIndex(span, name="years_since_first"),
    )


def activity_by_year(activity: CustomerActivity, window: int = 1) -> pd.DataFrame:
    """Customers and revenue per calendar year.

    active    = customers with a purchase in the year
    new       = customers whose first purchase is in the year
    retained  = customers active in the year and in the one before
    returning = active - retained - new (bought, not the year before, not for the first time)
    customers = customers in the year with window N: active, or between two purchases at most N
                years apart (= active when N = 1); NaN where not known yet (module docstring)
    kept      = customers in the year and in the one before (= retained when N = 1); NaN where
                either year is not known
    retention = kept ÷ last year's customers (NaN in the first year, or where not known)
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

    A skips 2022: lost that year with a 1-year window; with 2 years still a customer, so
    retention from 2022 to 2023 is 2 ÷ 2. With 2 years, 2021 is not known (someone could be
    between a purchase before the data and one after) nor is 2024 (2025 could close a gap).

    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "B", "A", "B", "A", "B"],
    ...     "date": pd.to_datetime(["2021-03-01", "2021-05-01", "2022-02-01", "2023-06-01",
    ...                             "2023-07-01", "2024-01-05", "2024-03-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0, 8.0, 1.0, 2.0]})
    >>> activity = customer_activity(sales)
    >>> activity_by_year(activity)["retention"].tolist()
    [nan, 0.5, 1.0, 1.0]
    >>> activity_by_year(activity, window=2)[["customers", "retention"]].to_dict("list")
    {'customers': [nan, 2.0, 2.0, nan], 'retention': [nan, nan, 1.0, nan]}
    """
    window = check_window(window)
    span = len(activity.years)
    active = np.bincount(activity.year, minlength=span)
    has = activity.first >= 0
    new = np.bincount(activity.first[has], minlength=span)
    # Consecutive entries of one customer in consecutive years: retained in the later year.
    same = (activity.customer[1:] == activity.customer[:-1]) & (
        activity.year[1:] == activity.year[:-1] + 1
    )
    retained = np.bincount(activity.year[1:][same], minlength=span)
    _, year, continues = _customer_years(activity, window)
    customers = np.bincount(year, minlength=span).astype(float)
    kept = np.r_[0.0, np.bincount(year[continues] + 1, minlength=span + 1)[1:span]]
    known = _known_years(span, window)
    customers[~known] = np.nan
    kept[~(known & np.r_[False, known[:-1]])] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        retention = np.r_[np.nan, kept[1:] / customers[:-1]]
        per_active = activity.revenue / active
    per_active = np.where(active > 0, per_active, np.nan)
    retention = np.where(np.r_[False, customers[:-1] > 0], retention, np.nan)
    return pd.DataFrame(
        {
            "active": active,
            "new": new,
            "retained": retained,
            # Bought this year, not last year, and not for the first time: came back after a gap.
            "returning": active - retained - new,
            "customers": customers,
            "kept": kept,
            "retention": retention,
            "revenue": activity.revenue,
            "revenue_per_active": per_active,
        },
        index=pd.Index(activity.years, name="year"),
    )


def survivor_matrix(activity: CustomerActivity, window: int = 1) -> np.ndarray:
    """survivors[c, k]: customers of cohort c not yet lost in year k of tenure (window N).

    A customer survives while each purchase since their first is followed by the next within N
    years; they survive to year k when that run of purchases reaches year c + k or later, and
    are lost for good after its last purchase (a later return does not count: the sBG model has
    no way back). With N = 1: customers who bought in every year from c to c + k.

    Rows are every calendar year (index into ``activity.years``), columns the years of tenure
    0, 1, ...; a cohort's row never increases, and is NaN where not known yet: year k is known
    when the N years after year c + k - 1 are in the data.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C", "A"],
    ...     "date": pd.to_datetime(["2021-03-01", "2021-05-01", "2022-02-01", "2022-06-01",
    ...                             "2024-01-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0, 8.0]})
    >>> activity = customer_activity(sales)
    >>> survivor_matrix(activity)[0].tolist()
    [2.0, 1.0, 0.0, 0.0]

    With 2 years, A's 2022 → 2024 gap does not end their run:

    >>> survivor_matrix(activity, window=2)[0].tolist()
    [2.0, 1.0, 1.0, nan]
    """
    window = check_window(window)
    span = len(activity.years)
    if len(activity.year) == 0:
        return np.full((span, span), np.nan)
    # A run ends at an entry whose next purchase (same customer) is more than N years later.
    ends = np.flatnonzero(_next_gap(activity) > window)
    starts = np.flatnonzero(np.r_[True, activity.customer[1:] != activity.customer[:-1]])
    run_end = ends[np.searchsorted(ends, starts)]
    first = activity.year[starts]
    life = activity.year[run_end] - first
    by_life = np.bincount(first * span + life, minlength=span * span).reshape(span, span)
    survivors = np.cumsum(by_life[:, ::-1], axis=1)[:, ::-1].astype(float)
    survivors[~_observed(span, window)] = np.nan
    return survivors


def cohort_retention(transactions: pd.DataFrame, window: int = 1) -> pd.DataFrame:
    """Share of each acquisition cohort still a customer in each later calendar year.

    share[c, k] = customers whose first purchase was in year c and who are customers in year
                  c + k ÷ customers whose first purchase was in year c

    With ``window`` N = 1 (default), a customer in year c + k is one who bought in it; with N > 1
    also one who bought before it and again after it, at most N years apart (a skipped year is
    not counted as lost). A purchase is a transaction with amount >= 0 (refunds are not
    purchases). Years are calendar years.

    Parameters
    ----------
    transactions : pandas.DataFrame
        Columns ``customer_id`` (any hashable), ``date`` (datetime64) and ``amount`` (money,
        negative for refunds), one row per transaction, at least one purchase.
    window : int, optional
        N, the years a customer may go without buying before counting as lost (>= 1).

    Returns
    -------
    pandas.DataFrame
        Rows: year of first purchase (``cohort``, only years in which someone first bought);
        columns: the integers 0, 1, 2, … (``years_since_first`` = calendar year − cohort);
        values: shares in [0, 1]; column 0 is 1. Years not known yet (after the data's last
        year, or within its last N - 1 years) are NaN, not 0.

    Raises
    ------
    ValueError
        If a column is missing or of the wrong type, a row has no customer or date, an amount
        is not finite, there is no purchase at all, or the window is not a whole number >= 1.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": [1, 2, 1, 3],
    ...     "date": pd.to_datetime(["2023-01-02", "2023-05-06", "2024-07-08", "2024-09-10"]),
    ...     "amount": [100.0, 50.0, 80.0, 20.0]})
    >>> cohort_retention(sales).round(2).to_dict("index")
    {2023: {0: 1.0, 1: 0.5}, 2024: {0: 1.0, 1: nan}}
    """
    check_transactions(transactions)
    window = check_window(window)
    return retention_matrix(customer_activity(transactions), window)
