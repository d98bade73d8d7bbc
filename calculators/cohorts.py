"""Cohorts from the owner's transactions: who bought in which period, and who is still a customer.

Input: one row per transaction with ``customer_id``, ``date`` (datetime) and, when the data have
them, ``amount`` (money, negative for refunds), as `calculators.transactions.read_transactions`
returns it. Visits or appointment logs have a customer and a date only: the ``amount`` column is
then absent, or empty (every value NaN, as `read_transactions` gives a file read without one).
Conventions:

- **The period** (`Period`) is a calendar year (the default), quarter or month. Every measure
  counts in periods, from the first period of the data to the last (every period, even empty);
  `PERIODS_PER_YEAR` converts.
- A *purchase* is a transaction with amount >= 0; a refund (negative amount) lowers the period's
  revenue but is not a purchase, so it neither makes a customer active nor starts a cohort.
  Without amounts every row is a purchase, and every revenue figure is NaN (unknown, not 0).
- A customer is *active* in a period when they made at least one purchase in it. Their
  *cohort* is the period of their first purchase; ``periods since first purchase`` = period -
  cohort.
- **When a customer is lost: the window.** With a window of N periods (N >= 1), a customer who
  bought in a period and buys again within the next N periods is *kept*: they are still a
  customer in the periods in between, without buying. A purchase followed by N periods in a row
  without any makes them *lost* after the period of that purchase; if they buy again later they
  are a customer again (a *returning* one). N = 1 is "bought again the next period": a period
  skipped counts as lost, which understates retention for occasional buyers.
- A customer *is a customer* in period p (``customers``) when they bought in p, or bought
  before p and again after p with at most N periods between the two purchases. A period's
  figure is known only when its next N - 1 periods are in the data (and, for N > 1, its N - 1
  periods before).
- Retention from p - 1 to p = customers in both p - 1 and p ÷ customers in p - 1 (the
  scenario's definition: "this year's customers still customers next year", per period). With
  N = 1 this is customers active in both periods ÷ customers active in p - 1.
- A customer of a cohort *survives* to period k of tenure while each purchase since their first
  is followed by the next within N periods, up to period k or later; the first time N periods
  pass without a purchase they are lost for good (the shifted-beta-geometric model of
  `calculators.sbg` has no way back, so a later return does not count here). Survivors
  ``n_0 >= n_1 >= ...`` per cohort, the last observed period right-censored. How often lost
  customers do come back is `returns_after_loss`.
- Revenue retention (with amounts): cohort c's net revenue in period c + k ÷ its net revenue in
  period c (`revenue_matrix`); per period, the net revenue of the previous period's buyers ÷
  their net revenue then (``revenue_retention`` of `activity_by_year`). Refunds count in the
  period they are made, so a ratio can exceed 1 or be negative; it exists only on a positive
  base.

`customer_activity` reads the transactions once; `retention_matrix`, `revenue_matrix`,
`activity_by_year`, `survivor_matrix` and `returns_after_loss` are views of it. The Your data
page's analysis, with its treatment of an unfinished last period, of the data's first cohort and
of the annual figures the scenario takes, is `calculators.reports.your_data`.

>>> import pandas as pd
>>> sales = pd.DataFrame({
...     "customer_id": ["A", "B", "A", "C", "B"],
...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01",
...                             "2024-01-10"]),
...     "amount": [10.0, 20.0, 15.0, 5.0, 30.0]})
>>> cohort_retention(sales).to_dict("index")
{2022: {0: 1.0, 1: 0.5, 2: 0.5}, 2023: {0: 1.0, 1: 0.0, 2: nan}}

By quarter the cohorts are labelled ``"2022-Q1"``, …: A, the 2022-Q1 cohort, is back four
quarters later.

>>> cohort_retention(sales, period="quarter").iloc[:, :5].to_dict("index")["2022-Q1"]
{0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 1.0}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

__all__ = [
    "COLUMNS",
    "FREQUENCIES",
    "PERIODS_PER_YEAR",
    "REQUIRED_COLUMNS",
    "CustomerActivity",
    "Period",
    "activity_by_year",
    "check_period",
    "check_transactions",
    "check_window",
    "cohort_retention",
    "customer_activity",
    "has_amounts",
    "period_labels",
    "retention_matrix",
    "returns_after_loss",
    "revenue_matrix",
    "survivor_matrix",
]

# How cohorts and retention are counted: by calendar year, quarter or month.
Period = Literal["year", "quarter", "month"]
# Periods in a calendar year, for turning a period's figures into annual ones.
PERIODS_PER_YEAR: dict[Period, int] = {"year": 1, "quarter": 4, "month": 12}
# pandas' frequency of each period (`pandas.Period`, `pandas.period_range`).
FREQUENCIES: dict[Period, str] = {"year": "Y", "quarter": "Q", "month": "M"}
# The columns a transactions frame may have; `REQUIRED_COLUMNS` it must have (``amount`` is
# optional: visits and appointments have none).
COLUMNS = ("customer_id", "date", "amount")
REQUIRED_COLUMNS = ("customer_id", "date")
# Dense customer x period activity matrices above this many cells use a sorted, sparse path.
_DENSE_CELLS = 200_000_000


@dataclass(frozen=True)
class CustomerActivity:
    """Which customer bought in which period, and each period's revenue (`customer_activity`).

    periods: the periods from the first to the last transaction (every one, even empty), a
    `pandas.PeriodIndex` of frequency Y, Q or M; `labels` their names (`period_labels`);
    `period` their kind.
    years: the calendar year of each period (for years: the years themselves).
    customer, year: one entry per (customer, period with a purchase), sorted by customer then
    period; `year` is an index into `periods` (the name is kept from when every period was a
    year).
    first, last: per customer (code), the index of their first and last period with a purchase
    (-1 for a customer with refunds only).
    revenue: net revenue per period (refunds subtracted).
    cohort_revenue: [c, k] net revenue of cohort c's customers in period c + k (refunds
    included; periods after the data are 0).
    buyers_revenue: per period p, net revenue in p of the customers who bought in p.
    revenue_from_last: per period p, net revenue in p of the customers who bought in p - 1
    (NaN for the first period).
    has_amounts: False without amounts: every revenue array is then NaN.
    """

    years: np.ndarray
    customer: np.ndarray
    year: np.ndarray
    first: np.ndarray
    last: np.ndarray
    revenue: np.ndarray
    periods: pd.PeriodIndex = field(repr=False)
    labels: tuple[str, ...]
    cohort_revenue: np.ndarray = field(repr=False)
    buyers_revenue: np.ndarray
    revenue_from_last: np.ndarray
    period: Period = "year"
    has_amounts: bool = True

    @property
    def span(self) -> int:
        """The number of periods, first to last."""
        return len(self.periods)


def check_period(period: str) -> Period:
    """The period kind, ``"year"``, ``"quarter"`` or ``"month"``, else ``ValueError``.

    >>> check_period("month")
    'month'
    """
    for kind in get_args(Period):
        if period == kind:
            checked: Period = kind
            return checked
    raise ValueError(f"period must be one of {', '.join(get_args(Period))}, got {period!r}")


def period_labels(periods: pd.PeriodIndex) -> tuple[str, ...]:
    """Each period's name: ``"2024"`` (year), ``"2024-Q1"`` (quarter), ``"2024-01"`` (month).

    pandas' own text for years and months; quarters with a dash, which `pandas.Period` reads
    back (``pd.Period("2024-Q1")``).

    >>> period_labels(pd.period_range("2024-11", periods=3, freq="M"))
    ('2024-11', '2024-12', '2025-01')
    >>> period_labels(pd.period_range("2024-10", periods=2, freq="Q"))
    ('2024-Q4', '2025-Q1')
    """
    if periods.freqstr.startswith("Q"):
        return tuple(str(label) for label in periods.strftime("%Y-Q%q"))
    return tuple(str(label) for label in periods.astype(str))


def _empty(values: pd.Series) -> bool:
    """An amount column with no value at all: a file read without amounts."""
    return bool(values.isna().all())


def has_amounts(transactions: pd.DataFrame) -> bool:
    """True when `transactions` has amounts: an ``amount`` column with at least one value.

    False when the column is absent or every value is missing (NaN), as for visits.

    >>> has_amounts(pd.DataFrame({"customer_id": [1], "date": pd.to_datetime(["2024-01-01"])}))
    False
    """
    return "amount" in transactions.columns and not _empty(transactions["amount"])


def check_transactions(transactions: pd.DataFrame) -> None:
    """Raise ``ValueError`` unless `transactions` is a frame the cohort measures can read.

    It must have the columns `REQUIRED_COLUMNS` (``customer_id``, ``date``), ``date`` as
    datetime64, a customer and a date on every row, and at least one purchase. The ``amount``
    column is optional: absent, or with every value missing (NaN), the data have no amounts and
    every row is a purchase. With amounts it must be numeric and finite on every row, and at
    least one must be >= 0.

    >>> check_transactions(pd.DataFrame({"customer_id": [1],
    ...     "date": pd.to_datetime(["2024-01-01"]), "amount": [-5.0]}))
    Traceback (most recent call last):
        ...
    ValueError: transactions must have at least one purchase (amount >= 0)
    >>> check_transactions(pd.DataFrame({"customer_id": [1],
    ...     "date": pd.to_datetime(["2024-01-01"])}))  # visits: no amounts
    """
    if not isinstance(transactions, pd.DataFrame):
        raise ValueError(
            f"transactions must be a pandas DataFrame, got {type(transactions).__name__}"
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in transactions.columns]
    if missing:
        raise ValueError(
            f"transactions must have the columns {', '.join(REQUIRED_COLUMNS)}; missing {missing}"
        )
    if not pd.api.types.is_datetime64_any_dtype(transactions["date"]):
        raise ValueError(
            f"transactions['date'] must be datetime64, got {transactions['date'].dtype}"
        )
    if transactions["date"].isna().any() or transactions["customer_id"].isna().any():
        raise ValueError("transactions must have a customer_id and a date on every row")
    if not has_amounts(transactions):
        if len(transactions) == 0:
            raise ValueError("transactions must have at least one purchase (a row)")
        return
    if not pd.api.types.is_numeric_dtype(transactions["amount"]):
        raise ValueError(
            f"transactions['amount'] must be numeric, got {transactions['amount'].dtype}"
        )
    if not np.isfinite(transactions["amount"].to_numpy(dtype=float)).all():
        raise ValueError("transactions['amount'] must be finite numbers on every row")
    if not (transactions["amount"] >= 0).any():
        raise ValueError("transactions must have at least one purchase (amount >= 0)")


def _period_keys(transactions: pd.DataFrame, period: Period) -> np.ndarray:
    """Each row's period as a whole number: the year, year * 4 + quarter - 1, or year * 12 +
    month - 1 (local calendar dates, a time zone dropped)."""
    dates = transactions["date"]
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    years: np.ndarray = dates.dt.year.to_numpy(dtype=np.int64)
    if period == "year":
        return years
    months: np.ndarray = dates.dt.month.to_numpy(dtype=np.int64) - 1
    keys: np.ndarray = years * 4 + months // 3 if period == "quarter" else years * 12 + months
    return keys


def _period_range(first_key: int, span: int, period: Period) -> pd.PeriodIndex:
    per_year = PERIODS_PER_YEAR[period]
    year, part = divmod(first_key, per_year)
    start = f"{year:04d}-{part * (12 // per_year) + 1:02d}"
    return pd.period_range(start=start, periods=span, freq=FREQUENCIES[period])


def _has_cell(query: np.ndarray, present: np.ndarray | None, cells: np.ndarray) -> np.ndarray:
    """Whether each (customer x span + period) cell in `query` holds a purchase."""
    if present is not None:
        found: np.ndarray = present[query]
        return found
    position = np.minimum(np.searchsorted(cells, query), len(cells) - 1)
    hit: np.ndarray = cells[position] == query
    return hit


def customer_activity(transactions: pd.DataFrame, period: Period = "year") -> CustomerActivity:
    """Who bought in which period, from transactions `check_transactions` accepts.

    A customer is active in a period (calendar year, quarter or month) with at least one
    purchase (amount >= 0, or any row without amounts) in it; revenue is the period's net
    amount, refunds subtracted (NaN without amounts). The inputs are not checked again here
    (the analysis checks them once, then may leave rows out): call `check_transactions` first.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0]})
    >>> activity = customer_activity(sales)
    >>> activity.years.tolist(), activity.first.tolist(), activity.revenue.tolist()
    ([2022, 2023], [0, 0, 1], [30.0, 20.0])

    By quarter: 2022-Q1 to 2023-Q2, six quarters; B's first purchase is in the second.

    >>> quarters = customer_activity(sales, period="quarter")
    >>> quarters.labels[:2], quarters.span, quarters.first.tolist()
    (('2022-Q1', '2022-Q2'), 6, [0, 1, 5])
    """
    period = check_period(period)
    codes, uniques = pd.factorize(transactions["customer_id"], sort=False)
    keys = _period_keys(transactions, period)
    amounts = transactions["amount"].to_numpy(dtype=float) if has_amounts(transactions) else None
    first_key, last_key = int(keys.min()), int(keys.max())
    span = last_key - first_key + 1
    index = keys - first_key

    if amounts is None:
        buyer, bought_in = codes, index
    else:
        bought = amounts >= 0
        buyer, bought_in = codes[bought], index[bought]
    customers = len(uniques)
    present: np.ndarray | None = None
    if customers * span <= _DENSE_CELLS:
        present = np.zeros(customers * span, dtype=bool)
        present[buyer * span + bought_in] = True
        cells = np.flatnonzero(present)
    else:
        cells = np.unique(buyer * span + bought_in)
    customer, year = np.divmod(cells, span)
    # Sorted by customer then period: a customer's first entry is their first period, last the
    # last.
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    ends = np.r_[starts[1:] - 1, len(customer) - 1]
    first = np.full(customers, -1, dtype=np.int64)
    last = np.full(customers, -1, dtype=np.int64)
    first[customer[starts]] = year[starts]
    last[customer[ends]] = year[ends]

    if amounts is None:
        revenue = np.full(span, np.nan)
        cohort_revenue = np.full((span, span), np.nan)
        buyers_revenue = np.full(span, np.nan)
        revenue_from_last = np.full(span, np.nan)
    else:
        revenue = np.bincount(index, weights=amounts, minlength=span)
        row_cell = codes * span + index
        # A purchase's customer bought in its period; a refund's may have.
        bought_now = bought.copy()
        refunds = np.flatnonzero(~bought)
        bought_now[refunds] = _has_cell(row_cell[refunds], present, cells)
        # The cell before a first-period row is another customer's (or -1): masked by `later`.
        bought_before = (index > 0) & _has_cell(row_cell - 1, present, cells)
        # Weights of 0 rather than masked copies: one pass; float even with no row counted.
        buyers_revenue = np.bincount(
            index, weights=np.where(bought_now, amounts, 0.0), minlength=span
        ).astype(float)
        revenue_from_last = np.bincount(
            index, weights=np.where(bought_before, amounts, 0.0), minlength=span
        ).astype(float)
        revenue_from_last[0] = np.nan
        cohort = first[codes]
        tenure = index - cohort
        # Refunds of customers who never bought, or made before their first purchase: no cohort.
        in_cohort = (cohort >= 0) & (tenure >= 0)
        cohort_revenue = (
            np.bincount(
                np.where(in_cohort, cohort * span + tenure, 0),
                weights=np.where(in_cohort, amounts, 0.0),
                minlength=span * span,
            )
            .reshape(span, span)
            .astype(float)
        )
    periods = _period_range(first_key, span, period)
    return CustomerActivity(
        years=periods.year.to_numpy(dtype=np.int64),
        customer=customer,
        year=year,
        first=first,
        last=last,
        revenue=revenue,
        periods=periods,
        labels=period_labels(periods),
        cohort_revenue=cohort_revenue,
        buyers_revenue=buyers_revenue,
        revenue_from_last=revenue_from_last,
        period=period,
        has_amounts=amounts is not None,
    )


def check_window(window: int, period: Period = "year") -> int:
    """The window N in periods (years by default): an integer >= 1, else ``ValueError``.

    >>> check_window(2)
    2
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be a whole number of {period}s >= 1, got {window!r}")
    return int(window)


def _axis(activity: CustomerActivity) -> np.ndarray:
    """The name of each period in frames: the year (int) for years, else the label (str)."""
    if activity.period == "year":
        return activity.years
    return np.asarray(activity.labels)


def _since(period: Period) -> str:
    """The name of a cohort matrix's columns."""
    return f"{period}s_since_first"


def _next_gap(activity: CustomerActivity) -> np.ndarray:
    """Periods from each purchase entry to the same customer's next one (a large number if
    none)."""
    gap = np.full(len(activity.year), np.iinfo(np.int64).max, dtype=np.int64)
    same = activity.customer[1:] == activity.customer[:-1]
    gap[:-1][same] = (activity.year[1:] - activity.year[:-1])[same]
    return gap


def _customer_years(
    activity: CustomerActivity, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(customer, period) of every period a customer *is a customer* with window N, and whether
    they still are the period after (both inside one run of purchases N or fewer apart).

    Purchase periods, plus the periods between two purchases at most N apart."""
    gap = _next_gap(activity)
    # Each gap the window bridges adds the gap - 1 periods in between, in one pass.
    bridged = (gap > 1) & (gap <= window)
    between = gap[bridged] - 1
    # 1, 2, …, between for each bridged gap, one after the other.
    offsets = np.arange(1, int(between.sum()) + 1) - np.repeat(
        np.cumsum(between) - between, between
    )
    customers = np.concatenate([activity.customer, np.repeat(activity.customer[bridged], between)])
    years = np.concatenate([activity.year, np.repeat(activity.year[bridged], between) + offsets])
    continues = np.concatenate([gap <= window, np.ones(len(offsets), dtype=bool)])
    return customers, years, continues


def _known_years(span: int, window: int) -> np.ndarray:
    """known[p]: whether period index p's customers are known with window N: its next N - 1
    periods are in the data (a gap could still close), and so are its N - 1 periods before."""
    index = np.arange(span)
    return (index <= span - window) & (index >= window - 1)


def _observed(span: int, window: int = 1) -> np.ndarray:
    """observed[c, k]: cohort c's figure k periods on is known (period c + k and the N - 1
    periods after it within the data); k = 0 always is."""
    index = np.arange(span)
    observed: np.ndarray = index[:, None] + index[None, :] <= span - window
    observed[:, 0] = True
    return observed


def retention_matrix(activity: CustomerActivity, window: int = 1) -> pd.DataFrame:
    """`cohort_retention` from a `customer_activity`: share of each cohort still a customer.

    share[c, k] = customers of cohort c who are customers in period c + k ÷ customers of
                  cohort c

    With window N a customer is a customer in a period without purchases when they bought before
    it and buy again after it, at most N periods apart (see the module docstring); with N = 1
    the share is of customers who bought in period c + k. NaN where period c + k or its next
    N - 1 periods are after the data. Rows are named by year (int) for years, by label
    (``"2024-Q1"``, ``"2024-01"``) for quarters and months.

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
    window = check_window(window, activity.period)
    span = activity.span
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
        index=pd.Index(_axis(activity)[keep], name="cohort"),
        columns=pd.RangeIndex(span, name=_since(activity.period)),
    )


def revenue_matrix(activity: CustomerActivity) -> pd.DataFrame:
    """Revenue retention per cohort: how much of its first period's revenue a cohort brings.

    share[c, k] = net revenue of cohort c's customers in period c + k ÷ their net revenue in
                  period c

    (money ÷ money; refunds subtracted in the period they are made). A percentage only on a
    positive base: a cohort whose first-period net revenue is 0 or less has a row of NaN; so
    has every cell after the data, and every cell without amounts. The rows and columns are
    those of `retention_matrix` (the cohorts with at least one customer).

    Examples
    --------
    A and B start in 2022 with 100 and 50; in 2023 A spends 90 and B refunds 30: 60 of 150.

    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "B", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01",
    ...                             "2023-07-01"]),
    ...     "amount": [100.0, 50.0, 90.0, -30.0, 20.0]})
    >>> revenue_matrix(customer_activity(sales)).to_dict("index")
    {2022: {0: 1.0, 1: 0.4}, 2023: {0: 1.0, 1: nan}}
    """
    span = activity.span
    revenue = activity.cohort_revenue
    base = revenue[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = revenue / base[:, None]
    shares[~(base > 0)] = np.nan
    shares[~_observed(span)] = np.nan
    sizes = np.bincount(activity.first[activity.first >= 0], minlength=span)
    keep = sizes > 0
    return pd.DataFrame(
        shares[keep],
        index=pd.Index(_axis(activity)[keep], name="cohort"),
        columns=pd.RangeIndex(span, name=_since(activity.period)),
    )


def activity_by_year(activity: CustomerActivity, window: int = 1) -> pd.DataFrame:
    """Customers and revenue per period (calendar year, quarter or month).

    active    = customers with a purchase in the period
    new       = customers whose first purchase is in the period
    retained  = customers active in the period and in the one before
    returning = active - retained - new (bought, not the period before, not for the first time)
    customers = customers in the period with window N: active, or between two purchases at most
                N periods apart (= active when N = 1); NaN where not known yet (module
                docstring)
    kept      = customers in the period and in the one before (= retained when N = 1); NaN
                where either period is not known
    retention = kept ÷ the previous period's customers (NaN in the first period, or where not
                known)
    revenue   = net revenue (refunds subtracted); revenue_per_active = revenue ÷ active
    revenue_retention = net revenue in the period of the customers who bought in the one
                before ÷ their net revenue then (NaN in the first period, where that base is
                not positive, and without amounts)

    Without amounts the three revenue columns are NaN.

    Returns
    -------
    pandas.DataFrame
        Indexed by period, every one from the first to the last: the calendar year (int,
        index ``year``) for years, else the label (``"2024-Q1"``, ``"2024-01"``; index
        ``quarter`` or ``month``).

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": ["A", "B", "A", "C"],
    ...     "date": pd.to_datetime(["2022-03-01", "2022-05-01", "2023-02-01", "2023-06-01"]),
    ...     "amount": [10.0, 20.0, 15.0, 5.0]})
    >>> activity = customer_activity(sales)
    >>> activity_by_year(activity)[["active", "new", "retained", "retention"]].to_dict("list")
    {'active': [2, 2], 'new': [2, 1], 'retained': [0, 1], 'retention': [nan, 0.5]}

    Revenue retention: 2022's buyers (A, B) brought 30; in 2023, 15 (A).

    >>> activity_by_year(activity)["revenue_retention"].tolist()
    [nan, 0.5]

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
    window = check_window(window, activity.period)
    span = activity.span
    active = np.bincount(activity.year, minlength=span)
    has = activity.first >= 0
    new = np.bincount(activity.first[has], minlength=span)
    # Consecutive entries of one customer in consecutive periods: retained in the later one.
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
    base = np.r_[np.nan, activity.buyers_revenue[:-1]]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        retention = np.r_[np.nan, kept[1:] / customers[:-1]]
        per_active = activity.revenue / active
        revenue_retention = activity.revenue_from_last / base
    per_active = np.where(active > 0, per_active, np.nan)
    retention = np.where(np.r_[False, customers[:-1] > 0], retention, np.nan)
    revenue_retention = np.where(base > 0, revenue_retention, np.nan)
    return pd.DataFrame(
        {
            "active": active,
            "new": new,
            "retained": retained,
            # Bought this period, not the one before, not for the first time: back after a gap.
            "returning": active - retained - new,
            "customers": customers,
            "kept": kept,
            "retention": retention,
            "revenue": activity.revenue,
            "revenue_per_active": per_active,
            "revenue_retention": revenue_retention,
        },
        index=pd.Index(_axis(activity), name=activity.period),
    )


def survivor_matrix(activity: CustomerActivity, window: int = 1) -> np.ndarray:
    """survivors[c, k]: customers of cohort c not yet lost in period k of tenure (window N).

    A customer survives while each purchase since their first is followed by the next within N
    periods; they survive to period k when that run of purchases reaches period c + k or later,
    and are lost for good after its last purchase (a later return does not count: the sBG model
    has no way back). With N = 1: customers who bought in every period from c to c + k.

    Rows are every period (index into ``activity.periods``), columns the periods of tenure
    0, 1, ...; a cohort's row never increases, and is NaN where not known yet: period k is known
    when the N periods after period c + k - 1 are in the data.

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
    window = check_window(window, activity.period)
    span = activity.span
    if len(activity.year) == 0:
        return np.full((span, span), np.nan)
    # A run ends at an entry whose next purchase (same customer) is more than N periods later.
    ends = np.flatnonzero(_next_gap(activity) > window)
    starts = np.flatnonzero(np.r_[True, activity.customer[1:] != activity.customer[:-1]])
    run_end = ends[np.searchsorted(ends, starts)]
    first = activity.year[starts]
    life = activity.year[run_end] - first
    by_life = np.bincount(first * span + life, minlength=span * span).reshape(span, span)
    survivors = np.cumsum(by_life[:, ::-1], axis=1)[:, ::-1].astype(float)
    survivors[~_observed(span, window)] = np.nan
    return survivors


def returns_after_loss(activity: CustomerActivity, window: int = 1) -> tuple[int, int]:
    """(lost, returned): customers ever lost with window N, and those of them who came back.

    lost     = customers with a purchase followed by N periods in a row without one, inside
               the data: either a later purchase more than N periods after it, or none after
               it while its next N periods are all in the data
    returned = customers with a purchase more than N periods after their previous one (lost,
               then back)

    returned ÷ lost is how far the data are from the sBG model's "once lost, lost for good"
    (`survivor_matrix`). Customers lost near the end of the data had little time to come
    back, so the share is a lower bound of the eventual one.

    Examples
    --------
    With 1 year: A skips 2022 and comes back in 2023; B stops after 2021 (2022 and 2023 in the
    data without a purchase); C bought in 2023 only, D every year. Lost: A and B; back: A.

    >>> sales = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "D", "D", "D"],
    ...     "date": pd.to_datetime(["2021-03-01", "2023-03-01", "2021-05-01", "2023-06-01",
    ...                             "2021-01-01", "2022-01-01", "2023-01-01"]),
    ...     "amount": 10.0})
    >>> returns_after_loss(customer_activity(sales))
    (2, 1)

    With 2 years nobody came back: A's gap is within the window, and B is lost at the end.

    >>> returns_after_loss(customer_activity(sales), window=2)
    (1, 0)
    """
    window = check_window(window, activity.period)
    gap = _next_gap(activity)
    has_next = gap != np.iinfo(np.int64).max
    came_back = has_next & (gap > window)
    lost_at_end = ~has_next & (activity.year + window <= activity.span - 1)
    customers = len(activity.first)
    lost = np.zeros(customers, dtype=bool)
    returned = np.zeros(customers, dtype=bool)
    lost[activity.customer[came_back | lost_at_end]] = True
    returned[activity.customer[came_back]] = True
    return int(lost.sum()), int(returned.sum())


def cohort_retention(
    transactions: pd.DataFrame, window: int = 1, period: Period = "year"
) -> pd.DataFrame:
    """Share of each acquisition cohort still a customer in each later period.

    share[c, k] = customers whose first purchase was in period c and who are customers in
                  period c + k ÷ customers whose first purchase was in period c

    With ``window`` N = 1 (default), a customer in period c + k is one who bought in it; with
    N > 1 also one who bought before it and again after it, at most N periods apart (a skipped
    period is not counted as lost). A purchase is a transaction with amount >= 0 (refunds are
    not purchases; without amounts every row is one). Periods are calendar years, quarters or
    months.

    Parameters
    ----------
    transactions : pandas.DataFrame
        Columns ``customer_id`` (any hashable), ``date`` (datetime64) and optionally
        ``amount`` (money, negative for refunds), one row per transaction, at least one
        purchase.
    window : int, optional
        N, the periods a customer may go without buying before counting as lost (>= 1).
    period : {"year", "quarter", "month"}, optional
        The period counted in; default ``"year"``.

    Returns
    -------
    pandas.DataFrame
        Rows: period of first purchase (``cohort``, only periods in which someone first bought:
        the year as an int for years, the label such as ``"2024-Q1"`` or ``"2024-01"``
        otherwise); columns: the integers 0, 1, 2, … (``years_since_first``,
        ``quarters_since_first`` or ``months_since_first`` = period − cohort); values: shares in
        [0, 1]; column 0 is 1. Periods not known yet (after the data's last period, or within
        its last N - 1 periods) are NaN, not 0.

    Raises
    ------
    ValueError
        If a column is missing or of the wrong type, a row has no customer or date, an amount
        is not finite, there is no purchase at all, the window is not a whole number >= 1 or
        the period is not one of the three.

    Examples
    --------
    >>> sales = pd.DataFrame({"customer_id": [1, 2, 1, 3],
    ...     "date": pd.to_datetime(["2023-01-02", "2023-05-06", "2024-07-08", "2024-09-10"]),
    ...     "amount": [100.0, 50.0, 80.0, 20.0]})
    >>> cohort_retention(sales).round(2).to_dict("index")
    {2023: {0: 1.0, 1: 0.5}, 2024: {0: 1.0, 1: nan}}

    By month: A skips February. With a window of 2 months A is still a customer then; June's
    figure is not known yet (July could close a gap).

    >>> visits = pd.DataFrame({"customer_id": ["A", "B", "A", "C", "D"],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-01-09", "2024-03-01", "2024-02-01",
    ...                             "2024-06-20"])})
    >>> cohort_retention(visits, period="month").loc["2024-01"].tolist()
    [1.0, 0.0, 0.5, 0.0, 0.0, 0.0]
    >>> cohort_retention(visits, window=2, period="month").loc["2024-01"].tolist()
    [1.0, 0.5, 0.5, 0.0, 0.0, nan]
    """
    check_transactions(transactions)
    period = check_period(period)
    window = check_window(window, period)
    return retention_matrix(customer_activity(transactions, period), window)
