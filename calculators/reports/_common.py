"""Helpers shared by the page reports."""

from __future__ import annotations

import math


def finite_or_none(value: float) -> float | None:
    """A ratio that overflowed (a divisor near zero) does not exist: None, shown as "n/a".

    >>> finite_or_none(4.29), finite_or_none(float("inf"))
    (4.29, None)
    """
    return value if math.isfinite(value) else None
