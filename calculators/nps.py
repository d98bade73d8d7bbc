"""Net Promoter Score (Reichheld 2003; source card ``nps``), with its uncertainty.

Answers to "how likely are you to recommend us?" are 0-10; promoters answer 9-10, passives 7-8,
detractors 0-6; ``NPS = 100 * (promoters - detractors) / n``, in points from -100 to 100. The
95 % interval is the adjusted Wald interval (Rocks 2016), which stays close to its coverage for
small samples and extreme scores, widened when needed so that it always contains the score itself.
Below `MIN_NPS_ANSWERS` answers the page warns that the score is a hint, not a measurement.
Reading answers from a file is `calculators.surveys`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# scipy.special, not scipy.stats: the same quantiles, imported in half the time.
from scipy.special import ndtri

from calculators._validate import check_integer
from calculators.intervals import CONFIDENCE, enclosing
from calculators.issues import MAX_LISTED

__all__ = [
    "DETRACTOR_MAX",
    "EXAMPLE_NPS_COUNTS",
    "MIN_NPS_ANSWERS",
    "NPS_SCORES",
    "PROMOTER_MIN",
    "NetPromoterScore",
    "net_promoter_score",
    "nps_from_counts",
]

# Net Promoter Score (Reichheld 2003): answers 0-10, promoters 9-10, detractors 0-6.
NPS_SCORES: tuple[int, ...] = tuple(range(11))
PROMOTER_MIN = 9
DETRACTOR_MAX = 6
# The adjusted Wald interval for the NPS (Rocks, "Interval Estimation for the 'Net Promoter
# Score'", The American Statistician 70(4), 2016): 3/4 of an answer added to promoters and to
# detractors, 3 to the sample. It keeps close to 95 % coverage for small samples and extreme
# scores, where the plain Wald interval is too narrow (zero wide when everyone gives 10).
ADJUSTED_WALD_PSEUDO_COUNT = 0.75
ADJUSTED_WALD_PSEUDO_SAMPLE = 3.0
# Below this many answers the page warns that the score is a hint, not a measurement: one
# customer switching from detractor to promoter moves the score by 200 / n points (7 points at
# 30), and the 95 % interval can be up to 1.96 x 100 / sqrt(n) points either side (36 at 30, 62
# at 10). 30 is also the usual floor for the normal approximation the interval rests on.
MIN_NPS_ANSWERS = 30
# Illustrative answers for the page's NPS calculator, one count per score 0..10: 20 answers,
# 10 promoters, 5 passives, 5 detractors, NPS 25 (the issue's check). Not a benchmark.
EXAMPLE_NPS_COUNTS: tuple[int, ...] = (0, 0, 0, 0, 0, 1, 4, 3, 2, 5, 5)


@dataclass(frozen=True)
class NetPromoterScore:
    """A Net Promoter Score with its uncertainty.

    Attributes
    ----------
    promoters, passives, detractors, n : int
        Answers of 9-10, 7-8 and 0-6, and all answers.
    nps : float
        ``100 x (promoters - detractors) / n``, points from -100 to 100.
    standard_error : float
        ``100 x sqrt((p + d - (p - d)**2) / n)`` with p, d the shares of promoters and
        detractors (each answer scored +1, 0, -1), in NPS points.
    ci_low, ci_high : float
        95 % interval, adjusted Wald (Rocks 2016), clipped to [-100, 100] and widened, when
        needed, to contain ``nps`` (with few answers and an extreme score the adjusted interval,
        pulled towards 0, can miss it).
    """

    promoters: int
    passives: int
    detractors: int
    n: int
    nps: float
    standard_error: float
    ci_low: float
    ci_high: float

    @property
    def shares(self) -> tuple[float, float, float]:
        """Shares of promoters, passives and detractors (fractions summing to 1)."""
        return (self.promoters / self.n, self.passives / self.n, self.detractors / self.n)

    @property
    def few_answers(self) -> bool:
        """True below `MIN_NPS_ANSWERS` answers: the score is a hint, not a measurement."""
        return self.n < MIN_NPS_ANSWERS

    @property
    def one_answer_swing(self) -> float:
        """NPS points one customer moves the score by, from detractor to promoter: 200 / n.

        >>> nps_from_counts([0] * 10 + [20]).one_answer_swing
        10.0
        """
        return 200 / self.n

    @property
    def interval_width(self) -> float:
        """``ci_high - ci_low``, in NPS points."""
        return self.ci_high - self.ci_low


def nps_from_counts(counts: Sequence[int]) -> NetPromoterScore:
    """The Net Promoter Score from the number of answers given to each score 0..10.

    NPS = 100 * (P - D) / n,   SE = 100 * sqrt((p + d - (p - d)**2) / n)

    with P promoters (9-10), D detractors (0-6), n answers, p = P/n, d = D/n. The 95 % interval
    is the adjusted Wald interval (Rocks 2016): with n' = n + 3, p' = (P + 3/4) / n',
    d' = (D + 3/4) / n' and c = p' - d',

        100 * (c -/+ z * sqrt((p' + d' - c**2) / n')),  z = 1.96, clipped to [-100, 100],

    then widened to contain the NPS itself (`calculators.intervals.enclosing`): one answer of 10
    gives NPS 100 and an adjusted interval of -48.5 to 98.5, shown as -48.5 to 100.

    Parameters
    ----------
    counts : sequence of int
        Eleven whole numbers >= 0: how many answered 0, 1, ..., 10; at least one answer.

    Returns
    -------
    NetPromoterScore

    Examples
    --------
    10 answers of 9-10, 5 of 7-8 and 5 of 0-6:

    >>> result = nps_from_counts([0, 0, 0, 0, 0, 1, 4, 3, 2, 5, 5])
    >>> result.nps, round(result.standard_error, 2)
    (25.0, 18.54)
    >>> round(result.ci_low, 1), round(result.ci_high, 1)
    (-11.7, 55.2)
    >>> one = nps_from_counts([0] * 10 + [1])
    >>> one.nps, round(one.ci_low, 1), one.ci_high, one.few_answers
    (100.0, -48.5, 100.0, True)
    """
    if isinstance(counts, str | bytes) or len(counts) != len(NPS_SCORES):
        raise ValueError(
            "counts must give the number of answers for each score 0 to 10 (11 counts), "
            f"got {counts!r}"
        )
    values = [
        check_integer(f"counts[{score}]", c, 0) for score, c in zip(NPS_SCORES, counts, strict=True)
    ]
    n = sum(values)
    if n == 0:
        raise ValueError("counts must add up to at least one answer, got none")
    promoters = sum(values[PROMOTER_MIN:])
    detractors = sum(values[: DETRACTOR_MAX + 1])
    passives = n - promoters - detractors
    p, d = promoters / n, detractors / n
    standard_error = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    z = float(ndtri(0.5 + CONFIDENCE / 2))
    n_adjusted = n + ADJUSTED_WALD_PSEUDO_SAMPLE
    p_adjusted = (promoters + ADJUSTED_WALD_PSEUDO_COUNT) / n_adjusted
    d_adjusted = (detractors + ADJUSTED_WALD_PSEUDO_COUNT) / n_adjusted
    centre = p_adjusted - d_adjusted
    half_width = z * math.sqrt((p_adjusted + d_adjusted - centre**2) / n_adjusted)
    nps = 100 * (promoters - detractors) / n
    low, high = enclosing(
        nps,
        max(-100.0, 100 * (centre - half_width)),
        min(100.0, 100 * (centre + half_width)),
    )
    return NetPromoterScore(
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        n=n,
        nps=nps,
        standard_error=standard_error,
        ci_low=low,
        ci_high=high,
    )


def _is_whole_answer(value: object) -> bool:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return False
    if not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return False
    return float(value) == round(float(value)) and 0 <= float(value) <= 10


def _shown(value: object) -> str:
    """A bad answer as a message lists it: numbers plainly (11, 7.5), anything else as repr."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return repr(value)


def _bad_nps_answers(scores: Sequence[object] | np.ndarray) -> tuple[list[object], int]:
    """The answers that are not whole numbers from 0 to 10 (the first few) and how many."""
    if isinstance(scores, np.ndarray) and scores.dtype.kind in "iuf":
        with np.errstate(invalid="ignore"):
            good = np.isfinite(scores) & (scores == np.round(scores)) & (scores >= 0)
            good &= scores <= 10
        bad = scores[~good]
        return bad[:MAX_LISTED].tolist(), int(bad.size)
    bad_values = [value for value in scores if not _is_whole_answer(value)]
    return bad_values[:MAX_LISTED], len(bad_values)


def net_promoter_score(scores: Sequence[int] | np.ndarray | pd.Series) -> NetPromoterScore:
    """The Net Promoter Score of a list of 0-10 answers, with its standard error and interval.

    NPS = 100 * (promoters - detractors) / n; promoters answer 9-10, detractors 0-6.
    See `nps_from_counts` for the standard error and the 95 % interval.

    Parameters
    ----------
    scores : sequence of int
        The answers, whole numbers from 0 to 10 (integral floats such as 9.0 count as whole);
        at least one. Anything else (text, 7.5, 11, NaN, True) is an error naming the bad values.

    Returns
    -------
    NetPromoterScore

    Examples
    --------
    >>> result = net_promoter_score([10] * 5 + [9] * 5 + [8] * 2 + [7] * 3 + [6] * 4 + [5])
    >>> result.promoters, result.passives, result.detractors, result.nps
    (10, 5, 5, 25.0)
    >>> net_promoter_score([9, 11, 7.5, "x"])
    Traceback (most recent call last):
        ...
    ValueError: scores must be whole numbers from 0 to 10; bad values (3 of 4): 11, 7.5, 'x'
    """
    if isinstance(scores, str | bytes | Mapping):
        raise ValueError(f"scores must be a sequence of whole numbers from 0 to 10, got {scores!r}")
    values = scores.to_numpy() if isinstance(scores, pd.Series) else scores
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValueError(f"scores must be one-dimensional, got shape {values.shape}")
    bad, count = _bad_nps_answers(values)
    total = len(values)
    if count:
        listed = ", ".join(_shown(v) for v in bad)
        raise ValueError(
            f"scores must be whole numbers from 0 to 10; bad values ({count} of {total}): {listed}"
        )
    if total == 0:
        raise ValueError("scores must contain at least one answer, got none")
    counts = np.bincount(np.asarray(values, dtype=float).astype(int), minlength=len(NPS_SCORES))
    return nps_from_counts(counts.tolist())
