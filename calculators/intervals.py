"""Means with confidence intervals, for answers from a sample of customers.

A survey's mean gap is uncertain when few customers answered: `mean_interval` gives the mean with
its two-sided Student t interval at `CONFIDENCE` (95 %), the level every interval in the app
uses (the Net Promoter Score's too, `calculators.nps`). An interval the app shows always contains
the figure it describes (`enclosing`): intervals centred away from the estimate, such as the
adjusted Wald interval of the NPS, are widened to reach it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# scipy.special, not scipy.stats: the same quantiles, imported in half the time (every
# session's first page waited for scipy.stats on a fresh server).
from scipy.special import stdtrit

from calculators._validate import check_range

__all__ = ["CONFIDENCE", "MeanInterval", "enclosing", "mean_interval"]

CONFIDENCE = 0.95


@dataclass(frozen=True)
class MeanInterval:
    """A mean with its two-sided t-interval.

    Attributes
    ----------
    n : int
        Values used (NaN skipped).
    mean : float
    low, high : float
        ``mean -/+ t_{(1+confidence)/2, n-1} x s / sqrt(n)``; NaN when n = 1 (no spread).
    """

    n: int
    mean: float
    low: float
    high: float


def mean_interval(
    values: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE
) -> MeanInterval:
    """Mean of `values` with a Student t confidence interval (NaN values skipped).

    interval = mean -/+ t_{(1 + confidence)/2, n - 1} * s / sqrt(n),  s the sample standard
    deviation (n - 1 in the denominator).

    Parameters
    ----------
    values : sequence of float
        At least one finite value; NaN entries (missing answers) are skipped.
    confidence : float, optional
        In (0, 1). Default 0.95.

    Returns
    -------
    MeanInterval

    Examples
    --------
    Gaps -1, -2, 0, -1 (mean -1, s = 0.8165, t_{0.975, 3} = 3.1824):

    >>> result = mean_interval([-1, -2, 0, -1])
    >>> result.n, result.mean, round(result.low, 3), round(result.high, 3)
    (4, -1.0, -2.299, 0.299)
    """
    confidence = check_range("confidence", confidence, 0, 1, low_open=True, high_open=True)
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"values must be one-dimensional, got shape {array.shape}")
    if np.isinf(array).any():
        raise ValueError("values must be finite (NaN marks a missing value), got an infinity")
    array = array[~np.isnan(array)]
    n = int(array.size)
    if n == 0:
        raise ValueError("values must contain at least one number, got none")
    mean = float(array.mean())
    if n == 1:
        return MeanInterval(n=1, mean=mean, low=math.nan, high=math.nan)
    half_width = (
        float(stdtrit(n - 1, 0.5 + confidence / 2)) * float(array.std(ddof=1)) / math.sqrt(n)
    )
    return MeanInterval(n=n, mean=mean, low=mean - half_width, high=mean + half_width)


def enclosing(estimate: float, low: float, high: float) -> tuple[float, float]:
    """The interval [low, high] widened, if needed, to contain its own estimate.

    low' = min(low, estimate),  high' = max(high, estimate)

    An interval centred away from the estimate (the adjusted Wald interval pulls an extreme NPS
    towards 0) can miss the estimate itself when few answered; shown next to the estimate it
    would contradict it. Widening never lowers the coverage. Units are the estimate's.

    Parameters
    ----------
    estimate, low, high : float
        The point estimate and the interval's ends (low <= high), all finite.

    Returns
    -------
    tuple of float
        (low', high').

    Examples
    --------
    One answer of 10: NPS 100, adjusted Wald interval -48.5 to 98.5.

    >>> enclosing(100.0, -48.5, 98.5)
    (-48.5, 100.0)
    >>> enclosing(25.0, -11.7, 55.2)
    (-11.7, 55.2)
    """
    for name, value in (("estimate", estimate), ("low", low), ("high", high)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if low > high:
        raise ValueError(f"low must be <= high, got low {low!r} and high {high!r}")
    return min(low, estimate), max(high, estimate)
