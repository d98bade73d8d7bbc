"""Small transaction frames for the cohort tests, by hand and generated."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st


def sales(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """A transactions frame from (customer, ISO date, amount) rows."""
    customers, dates, amounts = zip(*rows, strict=True)
    return pd.DataFrame(
        {"customer_id": list(customers), "date": pd.to_datetime(list(dates)), "amount": amounts}
    )


# Up to 80 transactions of 26 customers over 2018-2024, refunds included, at least one purchase.
transactions = st.lists(
    st.tuples(
        st.integers(0, 25),
        st.dates(pd.Timestamp("2018-01-01").date(), pd.Timestamp("2024-12-31").date()),
        st.floats(-100, 1000, allow_nan=False),
    ),
    min_size=1,
    max_size=80,
).filter(lambda rows: any(amount >= 0 for _, _, amount in rows))


def transactions_frame(rows) -> pd.DataFrame:
    """A transactions frame from generated (customer number, date, amount) rows."""
    return sales([(f"K{c}", day.isoformat(), amount) for c, day, amount in rows])
