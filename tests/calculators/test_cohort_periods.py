"""Tests for cohorts by quarter and by month, data without amounts, revenue retention and how
often lost customers come back (calculators.cohorts and calculators.reports.your_data).

Every expected number is computed here from the rows, independently of the code under test:
periods with pandas' own `Period` (not the module's arithmetic on years and months), customers
as Python sets of periods, revenue with pandas groupby.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.cohorts import (
    PERIODS_PER_YEAR,
    activity_by_year,
    check_transactions,
    cohort_retention,
    customer_activity,
    returns_after_loss,
    revenue_matrix,
)
from calculators.reports.your_data import (
    CONTRACT_LIKE_BELOW,
    MAX_WINDOWS,
    RECENT_YEARS,
    analyse_transactions,
    lifetime_values,
)
from tests.calculators.sales import sales

FREQUENCIES = {"year": "Y", "quarter": "Q", "month": "M"}
PERIODS = ("year", "quarter", "month")


# --- an independent reading of the rows --------------------------------------------------------


def label(period: pd.Period, kind: str) -> str:
    """The name the report gives a period: 2024, 2024-Q1, 2024-01."""
    if kind == "quarter":
        return f"{period.year}-Q{period.quarter}"
    if kind == "month":
        return f"{period.year}-{period.month:02d}"
    return str(period.year)


class Independent:
    """The rows read with pandas periods and Python sets: who bought in which period."""

    def __init__(self, frame: pd.DataFrame, kind: str) -> None:
        periods = frame["date"].dt.to_period(FREQUENCIES[kind])
        ordinals = pd.PeriodIndex(periods).asi8
        self.first = periods.min()
        self.span = int(ordinals.max() - ordinals.min() + 1)
        self.labels = [label(self.first + offset, kind) for offset in range(self.span)]
        self.position = ordinals - ordinals.min()
        amounts = frame["amount"] if "amount" in frame else pd.Series(0.0, index=frame.index)
        self.frame = frame.assign(position=self.position, amount=amounts.to_numpy())
        self.bought: dict[object, set[int]] = defaultdict(set)
        for customer, position, amount in zip(
            frame["customer_id"], self.position, amounts, strict=True
        ):
            if amount >= 0:
                self.bought[customer].add(int(position))

    def is_customer(self, customer: object, period: int, window: int) -> bool:
        """Bought in `period`, or before and after it at most `window` periods apart."""
        bought = self.bought[customer]
        return period in bought or any(
            a < period < b and b - a <= window for a in bought for b in bought
        )

    def known(self, period: int, window: int) -> bool:
        return window - 1 <= period <= self.span - window

    def matrix(self, window: int) -> dict[str, list[float]]:
        cohorts: dict[int, list[object]] = defaultdict(list)
        for customer, bought in self.bought.items():
            cohorts[min(bought)].append(customer)
        expected = {}
        for cohort, members in sorted(cohorts.items()):
            row = []
            for k in range(self.span):
                if k > 0 and cohort + k > self.span - window:
                    row.append(math.nan)
                    continue
                still = sum(self.is_customer(c, cohort + k, window) for c in members)
                row.append(still / len(members))
            expected[self.labels[cohort]] = row
        return expected

    def retention(self, window: int) -> list[float]:
        shares = [math.nan]
        for period in range(1, self.span):
            if not (self.known(period - 1, window) and self.known(period, window)):
                shares.append(math.nan)
                continue
            before = [c for c in self.bought if self.is_customer(c, period - 1, window)]
            kept = [c for c in before if self.is_customer(c, period, window)]
            shares.append(len(kept) / len(before) if before else math.nan)
        return shares

    def revenue_retention(self) -> list[float]:
        """Net revenue in p of the buyers of p - 1 ÷ their net revenue in p - 1."""
        rows = self.frame
        shares = [math.nan]
        for period in range(1, self.span):
            buyers = {c for c, bought in self.bought.items() if period - 1 in bought}
            mine = rows[rows["customer_id"].isin(buyers)].groupby("position")["amount"].sum()
            base = mine.get(period - 1, 0.0)
            shares.append(mine.get(period, 0.0) / base if base > 0 else math.nan)
        return shares

    def revenue_matrix(self) -> dict[str, list[float]]:
        cohort_of = {c: min(bought) for c, bought in self.bought.items()}
        rows = self.frame[self.frame["customer_id"].isin(cohort_of)]
        rows = rows.assign(cohort=rows["customer_id"].map(cohort_of))
        rows = rows[rows["position"] >= rows["cohort"]]
        sums = rows.groupby(["cohort", "position"])["amount"].sum()
        expected = {}
        for cohort in sorted(set(cohort_of.values())):
            base = sums.get((cohort, cohort), 0.0)
            expected[self.labels[cohort]] = [
                sums.get((cohort, cohort + k), 0.0) / base
                if base > 0 and cohort + k < self.span
                else math.nan
                for k in range(self.span)
            ]
        return expected


def same(actual, expected) -> None:
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=1e-9, atol=1e-12
    )


@st.composite
def generated_sales(draw: st.DrawFn) -> pd.DataFrame:
    """Up to 15 customers, up to 120 transactions over 2 to 4 years from a random start,
    refunds included, at least one purchase."""
    years = draw(st.integers(2, 4))
    start = draw(st.dates(dt.date(2015, 1, 1), dt.date(2022, 12, 31)))
    amounts = st.one_of(st.floats(0, 500), st.floats(-100, -0.01))
    rows = draw(
        st.lists(
            st.tuples(st.integers(0, 14), st.integers(0, 365 * years - 1), amounts),
            min_size=1,
            max_size=120,
        ).filter(lambda rows: any(amount >= 0 for _, _, amount in rows))
    )
    return sales(
        [
            (f"K{customer}", (start + dt.timedelta(days=day)).isoformat(), amount)
            for customer, day, amount in rows
        ]
    )


# --- cohort matrices and retention by period against the independent reading -------------------


@settings(max_examples=60, deadline=None)
@given(generated_sales(), st.sampled_from(["quarter", "month"]), st.integers(1, 4))
def test_quarterly_and_monthly_cohorts_match_an_independent_count(frame, kind, window) -> None:
    expected = Independent(frame, kind)
    matrix = cohort_retention(frame, window=window, period=kind)
    assert matrix.index.tolist() == list(expected.matrix(window))
    for cohort, row in expected.matrix(window).items():
        same(matrix.loc[cohort].to_numpy(), row)
    by_period = activity_by_year(customer_activity(frame, kind), window)
    assert by_period.index.tolist() == expected.labels
    assert by_period.index.name == kind
    same(by_period["retention"], expected.retention(window))


@settings(max_examples=40, deadline=None)
@given(generated_sales(), st.sampled_from(PERIODS))
def test_revenue_retention_matches_an_independent_groupby(frame, kind) -> None:
    expected = Independent(frame, kind)
    activity = customer_activity(frame, kind)
    by_period = activity_by_year(activity)
    same(by_period["revenue_retention"], expected.revenue_retention())
    revenue = expected.frame.groupby("position")["amount"].sum()
    same(by_period["revenue"], [revenue.get(p, 0.0) for p in range(expected.span)])
    matrix = revenue_matrix(activity)
    assert matrix.index.tolist() == [
        int(name) if kind == "year" else name for name in expected.revenue_matrix()
    ]
    for row, values in zip(matrix.to_numpy(), expected.revenue_matrix().values(), strict=True):
        same(row, values)


def test_monthly_cohorts_by_hand() -> None:
    frame = sales(
        [
            ("A", "2024-01-05", 10),
            ("B", "2024-01-20", 10),
            ("A", "2024-02-03", 10),
            ("C", "2024-02-10", 10),
            ("B", "2024-04-01", 10),  # back after two months away
            ("C", "2024-03-01", -4),  # a refund, not a purchase
        ]
    )
    matrix = cohort_retention(frame, period="month")
    assert matrix.index.tolist() == ["2024-01", "2024-02"]
    assert matrix.columns.name == "months_since_first"
    assert matrix.loc["2024-01"].tolist() == [1.0, 0.5, 0.0, 0.5]
    # With 3 months B is still a customer in February and March; April is not known yet.
    three = cohort_retention(frame, window=3, period="month")
    assert three.loc["2024-01"].tolist()[:2] == [1.0, 1.0]
    assert np.isnan(three.loc["2024-01"].tolist()[2:]).all()


# --- customers who never leave are all kept, whatever the period ---------------------------------


@st.composite
def loyal_customers(draw: st.DrawFn) -> tuple[pd.DataFrame, str, int]:
    """Customers who buy at least once every N periods until the end of the data, each at their
    own random pace, on random days within the periods."""
    kind = draw(st.sampled_from(PERIODS))
    window = draw(st.integers(1, 4))
    last = draw(st.integers(1, {"year": 6, "quarter": 12, "month": 30}[kind]))
    start = pd.Period("2019-01", FREQUENCIES[kind])
    rows = []
    for customer in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, last))
        while position <= last:
            period = start + position
            days = (period.end_time.normalize() - period.start_time).days
            day = period.start_time + pd.Timedelta(days=draw(st.integers(0, days)))
            rows.append((f"K{customer}", day.date().isoformat(), 10.0))
            position += draw(st.integers(1, window))  # the next purchase within N periods
    return sales(rows), kind, window


@settings(max_examples=80, deadline=None)
@given(loyal_customers())
def test_customers_whose_gaps_fit_the_window_are_all_kept(case) -> None:
    frame, kind, window = case
    report = analyse_transactions(frame, window=window, period=kind, first_cohort_new=True)
    retention = report.by_year["retention"].to_numpy()
    assert (retention[~np.isnan(retention)] == 1.0).all()
    matrix = report.matrix.to_numpy()
    assert (matrix[~np.isnan(matrix)] == 1.0).all()
    if report.figures.retention is not None:
        assert report.figures.retention == 1.0
    assert report.lost_customers == 0 and report.returning_share is None
    assert report.contract_like


# --- the annual figures of a quarterly or monthly report ----------------------------------------


def shop(kind: str, seed: int = 3) -> pd.DataFrame:
    """Four years (2020–2023) of a shop: customers arrive, buy in a period with chance 0.45
    while they stay, leave at random; some refunds. The data end on 31 December 2023."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range("2020-01", "2023-12", freq=FREQUENCIES[kind])
    rows = []
    for customer in range(300):
        arrive = int(rng.integers(0, len(periods)))
        leave = arrive + int(rng.geometric(0.08))
        for position in range(arrive, min(leave, len(periods))):
            if position > arrive and rng.random() > 0.45:
                continue
            period = periods[position]
            days = (period.end_time.normalize() - period.start_time).days
            day = period.start_time + pd.Timedelta(days=int(rng.integers(0, days + 1)))
            amount = float(np.round(rng.gamma(2.0, 40.0), 2))
            rows.append((f"C{customer}", day.date().isoformat(), amount))
            if rng.random() < 0.05:
                rows.append((f"C{customer}", day.date().isoformat(), -amount / 2))
    rows.append(("C0", "2023-12-31", 5.0))  # every period of the data is over
    return sales(rows)


@pytest.mark.parametrize(("kind", "window"), [("quarter", 1), ("quarter", 2), ("month", 3)])
def test_annual_figures_of_a_quarterly_or_monthly_report(kind: str, window: int) -> None:
    frame = shop(kind)
    report = analyse_transactions(frame, window=window, period=kind)
    assert report.incomplete_period is None and report.periods[-1].endswith(
        "Q4" if kind == "quarter" else "12"
    )
    per_year = PERIODS_PER_YEAR[kind]
    data = Independent(frame, kind)
    # Retention: pooled over the last RECENT_YEARS × P known pairs, to the power P.
    pairs = [p for p in range(1, data.span) if data.known(p - 1, window) and data.known(p, window)][
        -RECENT_YEARS * per_year :
    ]
    before = kept = 0
    for p in pairs:
        customers = [c for c in data.bought if data.is_customer(c, p - 1, window)]
        before += len(customers)
        kept += sum(data.is_customer(c, p, window) for c in customers)
    figures = report.figures
    assert figures.period_retention == pytest.approx(kept / before)
    assert figures.retention == round((kept / before) ** per_year, 3)
    assert figures.retention_span == (data.labels[pairs[0] - 1], data.labels[pairs[-1]])
    assert figures.retention_years is None and figures.period == kind
    # Revenue per customer: the last P periods' net revenue over their distinct buyers.
    last_year = frame[frame["date"] >= "2023-01-01"]
    buyers = last_year.loc[last_year["amount"] >= 0, "customer_id"].nunique()
    assert figures.revenue_per_customer == round(last_year["amount"].sum() / buyers, 2)
    assert figures.revenue_span == (data.labels[-per_year], data.labels[-1])
    # New customers: first purchases per period over the last RECENT_YEARS × P periods (the
    # data's first year, its first P periods, left out), times P, half up.
    first = pd.Series({c: min(bought) for c, bought in data.bought.items()})
    eligible = list(range(per_year, data.span))[-RECENT_YEARS * per_year :]
    average = first.isin(eligible).sum() / len(eligible) * per_year
    assert figures.new_customers_per_year == math.floor(average + 0.5)
    # Active: a purchase in the last N periods.
    assert figures.active_customers == sum(
        max(bought) >= data.span - window for bought in data.bought.values()
    )
    assert figures.active_span == (data.labels[data.span - window], data.labels[-1])
    # The tenure chart's constant line is the annual figure per period.
    constant = report.tenure["constant"].iloc[0]
    assert constant == pytest.approx(figures.retention ** (1 / per_year))
    assert report.survival["constant"].iloc[per_year] == pytest.approx(figures.retention)
    assert len(report.tenure) >= 10 * per_year


def test_a_yearly_report_keeps_its_year_fields_and_gets_labels() -> None:
    frame = shop("year")
    report = analyse_transactions(frame)
    figures = report.figures
    assert report.periods == ("2020", "2021", "2022", "2023") and report.period == "year"
    assert report.matrix.index.tolist() == [2020, 2021, 2022, 2023]
    assert figures.retention_years == (2020, 2023)
    assert figures.retention_span == ("2020", "2023")
    assert figures.revenue_year == 2023 and figures.revenue_span == ("2023", "2023")
    assert figures.retention == round(figures.period_retention, 3)


def test_sbg_value_on_quarters_sums_quarterly_margins_discounted_quarterly() -> None:
    report = analyse_transactions(shop("quarter"), period="quarter", window=2)
    assert report.fitted
    values = lifetime_values(report, 0.3, 0.08)
    annual_margin = report.figures.revenue_per_customer * 0.3
    assert values.margin == pytest.approx(annual_margin)
    # The sum itself: a quarter's margin at the end of each quarter t, alive with the sBG
    # survival S(t - 1), discounted at 8% a year.
    alpha, beta = report.alpha, report.beta
    total, alive = 0.0, 1.0
    for t in range(1, 20_000):
        total += annual_margin / 4 * alive / 1.08 ** (t / 4)
        alive *= (beta + t - 1) / (alpha + beta + t - 1)
    assert values.sbg == pytest.approx(total, rel=1e-6)
    # The constant value stays annual.
    r = report.figures.retention
    assert values.constant == pytest.approx(annual_margin / (1.08 - r))


# --- the last period not over ------------------------------------------------------------------


def test_an_unfinished_month_or_quarter_is_left_out() -> None:
    rows = [(c, f"2024-0{m}-10", 10) for m in (1, 2) for c in "AB"]
    # 28 March: March's last twelfth starts on the 29th (31 days / 12 = 2.6 days before the end);
    # the first quarter's on 24 March (91 days / 12 = 7.6).
    frame = sales([*rows, ("A", "2024-03-28", 10)])
    monthly = analyse_transactions(frame, period="month")
    assert monthly.periods == ("2024-01", "2024-02")
    assert (monthly.incomplete_period, monthly.incomplete_year, monthly.left_out_rows) == (
        "2024-03",
        2024,
        1,
    )
    assert monthly.figures.retention == 1.0  # nobody lost, rather than half in March
    quarterly = analyse_transactions(frame, period="quarter")
    assert quarterly.incomplete_period is None and quarterly.periods == ("2024-Q1",)
    finished = analyse_transactions(sales([*rows, ("A", "2024-03-30", 10)]), period="month")
    assert finished.incomplete_period is None and finished.periods[-1] == "2024-03"
    # Only two periods with transactions: the unfinished one is kept.
    short = analyse_transactions(
        sales([("A", "2024-02-10", 1), ("A", "2024-03-05", 1)]), period="month"
    )
    assert (short.incomplete_period, short.left_out_rows) == ("2024-03", 0)


@pytest.mark.parametrize(("kind", "window"), [("quarter", 9), ("month", 25), ("year", 6)])
def test_a_window_beyond_the_period_limit_is_refused(kind: str, window: int) -> None:
    frame = sales([("A", "2023-05-01", 10), ("A", "2024-12-20", 10)])
    assert (
        analyse_transactions(frame, period=kind, window=MAX_WINDOWS[kind]).window
        == (MAX_WINDOWS[kind])
    )
    with pytest.raises(ValueError, match=rf"^window must be from 1 to {window - 1} {kind}s"):
        analyse_transactions(frame, period=kind, window=window)


def test_an_unknown_period_is_refused() -> None:
    frame = sales([("A", "2023-05-01", 10)])
    with pytest.raises(ValueError, match=r"^period must be one of year, quarter, month"):
        cohort_retention(frame, period="week")


# --- data without amounts -----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(generated_sales(), st.sampled_from(PERIODS), st.integers(1, 3), st.booleans())
def test_visits_without_amounts_give_the_same_customer_measures(
    frame, kind, window, absent
) -> None:
    purchases = frame[frame["amount"] >= 0].reset_index(drop=True)
    visits = purchases.drop(columns="amount") if absent else purchases.assign(amount=np.nan)
    check_transactions(visits)
    with_amounts = analyse_transactions(purchases, period=kind, window=window)
    without = analyse_transactions(visits, period=kind, window=window)
    assert with_amounts.has_amounts and not without.has_amounts
    pd.testing.assert_frame_equal(with_amounts.matrix, without.matrix)
    customers = ["active", "new", "retained", "returning", "customers", "kept", "retention"]
    pd.testing.assert_frame_equal(with_amounts.by_year[customers], without.by_year[customers])
    pd.testing.assert_frame_equal(with_amounts.survivors, without.survivors)
    assert (with_amounts.alpha, with_amounts.beta) == (without.alpha, without.beta)
    for name in ("retention", "new_customers_per_year", "active_customers", "retention_span"):
        assert getattr(with_amounts.figures, name) == getattr(without.figures, name)
    # Revenue: missing, never 0.
    revenue = ["revenue", "revenue_per_active", "revenue_retention"]
    assert without.by_year[revenue].isna().all().all()
    assert without.figures.revenue_per_customer is None
    assert "business.revenue_per_customer" not in without.figures.values()
    assert without.revenue_matrix is None
    values = lifetime_values(without, 0.3, 0.08)
    assert math.isnan(values.margin) and values.constant is None and values.sbg is None


def test_a_frame_with_some_amounts_missing_is_refused() -> None:
    frame = sales([("A", "2023-05-01", 10), ("B", "2023-06-01", 10)])
    frame.loc[1, "amount"] = np.nan
    with pytest.raises(ValueError, match="finite"):
        check_transactions(frame)


# --- revenue retention by hand -------------------------------------------------------------------


def test_revenue_retention_by_hand() -> None:
    frame = sales(
        [
            ("A", "2022-03-01", 100),
            ("B", "2022-06-01", 50),
            ("A", "2023-02-01", 120),
            ("B", "2023-05-01", -20),  # B's refund in 2023: not a purchase, still B's revenue
            ("C", "2023-07-01", 40),
            ("A", "2024-02-01", 60),
            ("C", "2024-03-01", 30),
            ("D", "2024-12-20", 500),
        ]
    )
    report = analyse_transactions(frame)
    # 2023: 2022's buyers A and B spent 120 - 20 = 100 of their 150. 2024: 2023's buyers A and
    # C (B only refunded) spent 60 + 30 = 90 of their 160.
    assert report.by_year["revenue_retention"].tolist()[1:] == [100 / 150, 90 / 160]
    # Cohort 2022 (A, B): 150, then 100, then 60; cohort 2023 (C): 40, then 30.
    matrix = report.revenue_matrix
    assert matrix.loc[2022].tolist() == [1.0, 100 / 150, 60 / 150]
    assert matrix.loc[2023].tolist()[:2] == [1.0, 30 / 40]
    assert np.isnan(matrix.loc[2023, 2])
    # Customer retention beside it: B only refunded in 2023, so 1 of 2 kept from 2022.
    assert report.by_year["retention"].tolist()[1:] == [0.5, 1.0]


@pytest.mark.parametrize("kind", ["quarter", "month"])
def test_pooled_revenue_retention_beside_customer_retention(kind: str) -> None:
    frame = shop(kind)
    report = analyse_transactions(frame, period=kind)
    data = Independent(frame, kind)
    rows = data.frame
    kept = base = 0.0
    pairs = []
    for period in range(1, data.span):
        buyers = {c for c, bought in data.bought.items() if period - 1 in bought}
        mine = rows[rows["customer_id"].isin(buyers)].groupby("position")["amount"].sum()
        if mine.get(period - 1, 0.0) > 0:
            pairs.append((period, mine.get(period, 0.0), mine.get(period - 1, 0.0)))
    for _, spent, then in pairs[-RECENT_YEARS * PERIODS_PER_YEAR[kind] :]:
        kept += spent
        base += then
    assert report.revenue_retention == pytest.approx(kept / base)
    first = pairs[-RECENT_YEARS * PERIODS_PER_YEAR[kind]][0]
    assert report.revenue_retention_span == (data.labels[first - 1], data.labels[-1])


def test_no_revenue_retention_without_amounts() -> None:
    frame = shop("month").drop(columns="amount")
    report = analyse_transactions(frame, period="month")
    assert report.revenue_retention is None and report.revenue_retention_span is None


@pytest.mark.parametrize(("kind", "cycle"), [("month", 3), ("month", 5), ("quarter", 3)])
def test_customers_from_before_the_file_are_not_new_in_its_first_year(
    kind: str, cycle: int
) -> None:
    """Forty regulars buy every `cycle` periods since long before the export; they first show
    up anywhere in its first months. Six truly new customers start in the second year. The
    new customers per year must count the six only, and tenure must not use the first year's
    cohorts (all regulars)."""
    frequency = FREQUENCIES[kind]
    start = pd.Period("2022-01", frequency)
    span = 3 * PERIODS_PER_YEAR[kind]
    rows = []
    for customer in range(40):
        for position in range(-cycle + customer % cycle, span, cycle):
            if position >= 0:
                rows.append((f"R{customer}", (start + position).start_time.date().isoformat(), 10))
    second_year = PERIODS_PER_YEAR[kind]
    news = {f"N{k}": second_year + k for k in range(6)}
    for customer, position in news.items():
        for later in range(position, span, cycle):
            rows.append((customer, (start + later).start_time.date().isoformat(), 10))
    rows.append(("R0", (start + span - 1).end_time.date().isoformat(), 10))
    frame = sales(rows)
    report = analyse_transactions(frame, period=kind)
    data = Independent(frame, kind)
    assert data.span == span
    per_year = PERIODS_PER_YEAR[kind]
    eligible = list(range(per_year, span))[-RECENT_YEARS * per_year :]
    firsts = [min(bought) for bought in data.bought.values()]
    expected = sum(first in eligible for first in firsts) / len(eligible) * per_year
    assert sum(first in eligible for first in firsts) == len(news)
    assert report.figures.new_customers_per_year == math.floor(expected + 0.5)
    assert not report.first_cohort_included
    assert report.mixed_span == (data.labels[0], data.labels[per_year - 1])
    assert set(report.tenure_cohorts) == {data.labels[p] for p in news.values()}


def test_one_year_of_months_measures_no_new_customers_unless_the_business_started() -> None:
    rows = [(f"C{k}", f"2023-{1 + k % 12:02d}-10", 10) for k in range(30)]
    rows.append(("C0", "2023-12-31", 10))
    frame = sales(rows)
    assert analyse_transactions(frame, period="month").figures.new_customers_per_year is None
    started = analyse_transactions(frame, period="month", first_cohort_new=True)
    assert started.figures.new_customers_per_year == 30  # 30 first purchases in 12 months


def test_revenue_retention_needs_a_positive_base() -> None:
    frame = sales(
        [
            ("A", "2022-03-01", 0),
            ("A", "2022-04-01", -10),
            ("A", "2023-03-01", 50),
            ("B", "2023-12-20", 5),
        ]
    )
    report = analyse_transactions(frame)
    assert np.isnan(report.by_year["revenue_retention"].iloc[1])  # A's 2022 net is -10
    assert np.isnan(report.revenue_matrix.loc[2022]).all()


# --- how often lost customers come back ---------------------------------------------------------


def test_returning_share_counts_lost_customers_who_came_back() -> None:
    rows = [("A", f"{y}-05-01", 10) for y in (2019, 2020, 2021, 2022, 2023)]  # never lost
    rows += [("B", "2019-05-01", 10), ("B", "2021-05-01", 10)]  # lost in 2020, back in 2021
    rows += [("C", "2019-05-01", 10), ("C", "2020-05-01", 10)]  # lost after 2020
    rows += [("D", "2020-05-01", 10), ("D", "2023-12-20", 10)]  # lost, back in 2023
    report = analyse_transactions(sales(rows))
    assert (report.lost_customers, report.returned_customers) == (3, 2)
    assert report.returning_share == pytest.approx(2 / 3)
    assert not report.contract_like
    # With two years B's gap is no loss, but 2022–2023 without a purchase is: B, C and D lost,
    # D back.
    two = analyse_transactions(sales(rows), window=2)
    assert (two.lost_customers, two.returned_customers) == (3, 1)
    # With three: only C, whose three years after 2020 are all in the data.
    assert returns_after_loss(customer_activity(sales(rows)), 3) == (1, 0)


def test_a_contract_like_business_reads_the_sbg_curve_as_it_is() -> None:
    rows = [(f"K{c}", f"{y}-06-01", 10) for c in range(20) for y in range(2018, 2018 + c % 6 + 1)]
    rows += [("K0", "2023-12-20", 10)]  # one of 20 back after being lost
    report = analyse_transactions(sales(rows))
    assert report.returned_customers == 1
    assert report.returning_share < CONTRACT_LIKE_BELOW and report.contract_like
