"""Small transaction frames for the cohort tests, by hand and generated."""

from __future__ import annotations

import numpy as np
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


def occasional_buyers(
    customers: int = 3000, years: range = range(2016, 2024), chance: float = 0.5, seed: int = 12
) -> tuple[pd.DataFrame, np.ndarray]:
    """Customers who never leave and buy in each year with `chance`, independently (seeded).

    Returns the transactions (one €100 purchase on 20 December of each year bought, so that
    the last year is complete) and the customers × years purchase matrix.
    """
    rng = np.random.default_rng(seed)
    bought = rng.random((customers, len(years))) < chance
    customer, year = np.nonzero(bought)
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{c}" for c in customer],
            "date": pd.to_datetime([f"{years[y]}-12-20" for y in year]),
            "amount": 100.0,
        }
    )
    return frame, bought
