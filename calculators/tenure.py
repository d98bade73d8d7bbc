"""Reichheld's loyalty effect: why a customer's margin grows with the years they stay.

A customer's yearly margin is split into the components of Reichheld's chart (The Loyalty
Effect, 1996; source ``retention_profit``): the base margin of a new customer, then revenue
growth, cost savings, referrals and a price premium that accrue with tenure (`tenure_margins`).
Each component is valued like a lifetime value (`component_values`, with
`calculators.clv.cohort_value`), so the components add up to the customer's value. Money is per
customer per year; rates are fractions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from calculators._validate import check_integer, check_range
from calculators.clv import cohort_value
from calculators.scenario import FIELDS

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = ["COMPONENTS", "TENURE_YEARS", "component_values", "tenure_margins"]

# Reichheld's components of a loyal customer's margin, in the order of his chart.
COMPONENTS: tuple[str, ...] = (
    "base",
    "revenue_growth",
    "cost_saving",
    "referrals",
    "price_premium",
)

# Margins are tabulated for this many years of tenure (the longest horizon the scenario allows);
# after that the last margin continues, so the long-run figures do not depend on the horizon.
TENURE_YEARS = int(FIELDS["loyalty.horizon_years"].high or 50)


def tenure_margins(
    revenue_per_customer: float,
    gross_margin: float,
    years: int,
    *,
    revenue_growth: float = 0.0,
    cost_saving: float = 0.0,
    price_premium: float = 0.0,
    referrals_per_year: float = 0.0,
    referral_conversion: float = 0.0,
    referral_value: float = 0.0,
) -> pd.DataFrame:
    """A customer's yearly margin by year of tenure, split into Reichheld's components.

    With R the revenue of a customer's first year, g the gross margin and n = t - 1 the years of
    tenure already completed in tenure year t:

        base           = R * g                        the margin of a new customer
        revenue_growth = R * revenue_growth * n * g   they buy more; extra sales earn g
        cost_saving    = R * cost_saving * n          cheaper to serve; the saving is margin
        price_premium  = R * price_premium * n        they pay more for the same; all margin
        referrals      = referrals_per_year * referral_conversion * referral_value, from t = 2
        total          = the sum of the five

    Growth, saving and premium are fractions of year-1 revenue per completed year of tenure, so
    they rise in a straight line. Referrals start in the second year: a customer recommends you
    once they have come back. ``referral_value`` is what one referred customer is worth to the
    firm; the app uses the acquisition cost the referral saves (that customer did not have to be
    bought), which needs no lifetime value of its own and so no recursion.

    Parameters
    ----------
    revenue_per_customer : float
        Revenue of a customer in their first year (money, >= 0).
    gross_margin : float
        Gross margin, a fraction in [0, 1].
    years : int
        Tenure years tabulated (integer >= 1); `cohort_value` continues the last one.
    revenue_growth, cost_saving, price_premium : float, optional
        Fractions of year-1 revenue gained per year of tenure (>= 0). Default 0.
    referrals_per_year : float, optional
        People a returning customer recommends you to each year (>= 0). Default 0.
    referral_conversion : float, optional
        Share of them who become customers, a fraction in [0, 1]. Default 0.
    referral_value : float, optional
        Value of one referred customer who buys (money, >= 0). Default 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by tenure year 1..years (``tenure``), columns `COMPONENTS` and ``total``
        (money per customer per year).

    Examples
    --------
    >>> table = tenure_margins(1000, 0.3, 3, revenue_growth=0.05, cost_saving=0.02,
    ...     price_premium=0.01, referrals_per_year=0.1, referral_conversion=0.25,
    ...     referral_value=250)
    >>> table["total"].tolist()
    [300.0, 351.25, 396.25]
    """
    import pandas as pd

    revenue = check_range("revenue_per_customer", revenue_per_customer, 0, None)
    gross_margin = check_range("gross_margin", gross_margin, 0, 1)
    years = check_integer("years", years, 1)
    revenue_growth = check_range("revenue_growth", revenue_growth, 0, None)
    cost_saving = check_range("cost_saving", cost_saving, 0, None)
    price_premium = check_range("price_premium", price_premium, 0, None)
    referrals_per_year = check_range("referrals_per_year", referrals_per_year, 0, None)
    referral_conversion = check_range("referral_conversion", referral_conversion, 0, 1)
    referral_value = check_range("referral_value", referral_value, 0, None)

    completed = np.arange(years, dtype=float)  # n = t - 1
    table = pd.DataFrame(
        {
            "base": np.full(years, revenue * gross_margin),
            "revenue_growth": revenue * revenue_growth * gross_margin * completed,
            "cost_saving": revenue * cost_saving * completed,
            "referrals": np.where(
                completed >= 1, referrals_per_year * referral_conversion * referral_value, 0.0
            ),
            "price_premium": revenue * price_premium * completed,
        },
        index=pd.RangeIndex(1, years + 1, name="tenure"),
    )
    table["total"] = table[list(COMPONENTS)].sum(axis=1)
    return table


def component_values(
    margins: pd.DataFrame,
    retention: float,
    discount_rate: float,
    horizon: int | None = None,
) -> pd.Series:
    """Net present value of each margin component for one new customer (no acquisition cost).

    value_c = cohort_value(margins[c], retention, discount_rate, horizon=horizon)

    `cohort_value` is linear in the margins, so the components add up to the value of ``total``.

    Parameters
    ----------
    margins : pandas.DataFrame
        A `tenure_margins` table (columns `COMPONENTS`).
    retention, discount_rate : float
        As in `cohort_value`.
    horizon : int or None, optional
        As in `cohort_value`.

    Returns
    -------
    pandas.Series
        Indexed by `COMPONENTS` (money per customer, at t = 0).

    Examples
    --------
    >>> table = tenure_margins(1000, 0.3, 2, cost_saving=0.1)
    >>> [round(v, 2) for v in component_values(table, 0.5, 0.0, horizon=2)]
    [450.0, 0.0, 50.0, 0.0, 0.0]
    """
    import pandas as pd

    missing = [name for name in COMPONENTS if name not in margins.columns]
    if missing:
        raise ValueError(f"margins must have the columns {list(COMPONENTS)}; missing {missing}")
    return pd.Series(
        {
            name: cohort_value(margins[name].to_numpy(), retention, discount_rate, 0.0, horizon)
            for name in COMPONENTS
        }
    )
