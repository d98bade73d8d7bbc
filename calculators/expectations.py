"""Expectations gap: what is promised, what is delivered, what the customer perceives; the
Net Promoter Score; a survey of customers' expectations and perceptions.

Conventions (DESIGN §5, source card ``gap_model``), stated once here and on the page:

- Five SERVQUAL dimensions (tangibles, reliability, responsiveness, assurance, empathy), each
  scored on a 1-7 scale for what you **promise**, what you **deliver** and what the customer
  **perceives**.
- Gaps are in scale points. A positive promise or perception gap is a shortfall; the customer
  gap is the SERVQUAL sign (perception minus expectation), negative when customers perceive
  less than you promise:

      promise gap    = promised - delivered      (gap 4 of Parasuraman et al. 1985)
      perception gap = delivered - perceived
      customer gap   = perceived - promised      (gap 5; = -(promise gap + perception gap))

- Importance weights (0-10 each) are **normalised to sum to 1**: ``w_d / sum(w)``. If every
  weight is 0, the dimensions count equally and the result says so (`GapAnalysis.equal_weights`).
  A weighted gap is ``sum_d w_d * gap_d``. The bars are sorted by the weighted shortfall
  ``w_d * (promised_d - perceived_d)``; the largest positive one is "your biggest gap".
- Net Promoter Score (source card ``nps``): answers 0-10; promoters 9-10, passives 7-8,
  detractors 0-6; ``NPS = 100 * (promoters - detractors) / n``, in points from -100 to 100.
- A survey file has one row per respondent with expectation and perception scores (1-7) per
  dimension or per SERVQUAL item (see `read_survey`); its gaps are means over respondents with
  95 % t-intervals.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

# scipy.special, not scipy.stats: the same two quantiles, imported in half the time (every
# session's first page waited for scipy.stats on a fresh server).
from scipy.special import ndtri, stdtrit

from calculators import loyalty
from calculators._validate import check_integer, check_range
from calculators.scenario import FIELDS, SERVQUAL_DIMENSIONS, Expectations, Scenario

__all__ = [
    "CONFIDENCE",
    "DETRACTOR_MAX",
    "DIMENSIONS",
    "EXAMPLE_NPS_COUNTS",
    "MAX_SURVEY_BYTES",
    "NPS_SCORES",
    "PROMOTER_MIN",
    "SCALE",
    "SERVQUAL_ITEMS",
    "ExpectationsReport",
    "GapAnalysis",
    "MeanInterval",
    "NetPromoterScore",
    "PerceptionWhatIf",
    "SurveyError",
    "SurveyGaps",
    "SurveyIssue",
    "SurveyResponses",
    "dimension_columns",
    "example_survey_csv",
    "expectations_report",
    "gap_analysis",
    "item_columns",
    "mean_interval",
    "net_promoter_score",
    "normalised_weights",
    "nps_from_counts",
    "perception_what_if",
    "read_nps_scores",
    "read_survey",
    "survey_gaps",
]

DIMENSIONS: tuple[str, ...] = SERVQUAL_DIMENSIONS
# The 1-7 scale of the scenario's scores (and of a survey's answers).
_SCORE_SPEC = FIELDS["expectations.tangibles.promised"]
SCALE: tuple[float, float] = (float(_SCORE_SPEC.low or 1), float(_SCORE_SPEC.high or 7))
# Parasuraman, Zeithaml & Berry (1988): the 22 SERVQUAL items and the dimension of each.
SERVQUAL_ITEMS: dict[str, tuple[int, ...]] = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}
# Net Promoter Score (Reichheld 2003): answers 0-10, promoters 9-10, detractors 0-6.
NPS_SCORES: tuple[int, ...] = tuple(range(11))
PROMOTER_MIN = 9
DETRACTOR_MAX = 6
CONFIDENCE = 0.95
# The adjusted Wald interval for the NPS (Rocks, "Interval Estimation for the 'Net Promoter
# Score'", The American Statistician 70(4), 2016): 3/4 of an answer added to promoters and to
# detractors, 3 to the sample. It keeps close to 95 % coverage for small samples and extreme
# scores, where the plain Wald interval is too narrow (zero wide when everyone gives 10).
ADJUSTED_WALD_PSEUDO_COUNT = 0.75
ADJUSTED_WALD_PSEUDO_SAMPLE = 3.0
# Illustrative answers for the page's NPS calculator, one count per score 0..10: 20 answers,
# 10 promoters, 5 passives, 5 detractors, NPS 25 (the issue's check). Not a benchmark.
EXAMPLE_NPS_COUNTS: tuple[int, ...] = (0, 0, 0, 0, 0, 1, 4, 3, 2, 5, 5)
# A survey of tens of thousands of respondents is far below this; more is not a survey.
MAX_SURVEY_BYTES = 5 * 1024 * 1024
# Messages list the first few bad cells and how many there are in all.
MAX_LISTED = 5
_NPS_COLUMN = "nps"
_SCORE_KINDS = ("expected", "perceived")
_ITEM_PREFIXES = {"expected": "e", "perceived": "p"}
_DELIMITERS = (",", ";", "\t")


# --- The gap model ----------------------------------------------------------------------------


def normalised_weights(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Importance weights scaled to sum to 1.

    w_normalised_d = w_d / sum(w)

    Parameters
    ----------
    weights : sequence of float
        One weight per dimension, each finite and >= 0, not all 0 (any unit: only the ratios
        count).

    Returns
    -------
    numpy.ndarray
        The weights divided by their sum (fractions summing to 1).

    Examples
    --------
    >>> normalised_weights([1, 3, 2.5, 2, 1.5]).tolist()
    [0.1, 0.3, 0.25, 0.2, 0.15]
    >>> normalised_weights([0, 0])
    Traceback (most recent call last):
        ...
    ValueError: weights must not all be 0: give at least one dimension a weight above 0
    """
    values = [check_range(f"weights[{i}]", w, 0, None) for i, w in enumerate(weights)]
    if not values:
        raise ValueError("weights must contain at least one weight")
    total = math.fsum(values)
    if total == 0:
        raise ValueError("weights must not all be 0: give at least one dimension a weight above 0")
    return np.array(values) / total


@dataclass(frozen=True)
class GapAnalysis:
    """Gaps per dimension and weighted, in points of the 1-7 scale.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per dimension (in SERVQUAL order) with ``promised``, ``delivered``,
        ``perceived``, ``weight`` (normalised, summing to 1), ``promise_gap``
        (promised - delivered), ``perception_gap`` (delivered - perceived), ``customer_gap``
        (perceived - promised), ``shortfall`` (promised - perceived) and ``weighted_shortfall``
        (weight x shortfall).
    weighted_promise_gap, weighted_perception_gap, weighted_customer_gap : float
        ``sum_d weight_d x gap_d`` of each gap.
    equal_weights : bool
        True when every weight was 0 and the dimensions were counted equally instead.
    largest : str or None
        The dimension with the largest positive weighted shortfall ("your biggest gap");
        None when customers perceive at least what you promise everywhere.
    largest_promise_gap, largest_perception_gap : str or None
        The dimension with the largest positive weighted promise (perception) gap; None when
        there is none.
    """

    table: pd.DataFrame
    weighted_promise_gap: float
    weighted_perception_gap: float
    weighted_customer_gap: float
    equal_weights: bool
    largest: str | None
    largest_promise_gap: str | None
    largest_perception_gap: str | None

    @property
    def by_weighted_size(self) -> pd.DataFrame:
        """The table sorted by weighted shortfall, largest first (ties keep SERVQUAL order)."""
        return self.table.sort_values("weighted_shortfall", ascending=False, kind="stable")


def _largest_positive(values: pd.Series) -> str | None:
    """The label of the largest value above 0 (the first on ties), or None."""
    if not (values > 0).any():
        return None
    return str(values.idxmax())


def gap_analysis(
    promised: Sequence[float],
    delivered: Sequence[float],
    perceived: Sequence[float],
    weights: Sequence[float],
    dimensions: Sequence[str] = DIMENSIONS,
) -> GapAnalysis:
    """Promise, perception and customer gaps per dimension and weighted by importance.

    promise gap    = promised - delivered
    perception gap = delivered - perceived
    customer gap   = perceived - promised = -(promise gap + perception gap)
    weighted gap   = sum_d w_d * gap_d, with w_d = weight_d / sum(weight) (equal if all 0)

    Parameters
    ----------
    promised, delivered, perceived : sequence of float
        Scores per dimension on the 1-7 scale.
    weights : sequence of float
        Importance per dimension, each >= 0; normalised to sum to 1.
    dimensions : sequence of str, optional
        Names of the dimensions, in order. Default: the five SERVQUAL dimensions.

    Returns
    -------
    GapAnalysis

    Examples
    --------
    Responsiveness: promised 6, delivered 5, perceived 4 (weight 2.5 of 10 = 0.25).

    >>> gaps = gap_analysis([5, 6.5, 6, 6, 5.5], [5, 5.5, 5, 5.5, 5], [5, 5, 4, 5.5, 4.5],
    ...                     [1, 3, 2.5, 2, 1.5])
    >>> gaps.table.loc["responsiveness", ["promise_gap", "perception_gap", "customer_gap"]].tolist()
    [1.0, 1.0, -2.0]
    >>> round(gaps.weighted_promise_gap, 3), round(gaps.weighted_perception_gap, 3)
    (0.725, 0.475)
    >>> round(gaps.weighted_customer_gap, 3), gaps.largest
    (-1.2, 'responsiveness')
    """
    names = [str(name) for name in dimensions]
    size = len(names)
    if size == 0:
        raise ValueError("dimensions must name at least one dimension")
    low, high = SCALE
    columns = {"promised": promised, "delivered": delivered, "perceived": perceived}
    values: dict[str, list[float]] = {}
    for column, scores in columns.items():
        if len(scores) != size:
            raise ValueError(
                f"{column} must have one score per dimension ({size}), got {len(scores)}"
            )
        values[column] = [
            check_range(f"{column}[{name}]", score, low, high)
            for name, score in zip(names, scores, strict=True)
        ]
    if len(weights) != size:
        raise ValueError(f"weights must have one weight per dimension ({size}), got {len(weights)}")
    raw = [
        check_range(f"weights[{name}]", w, 0, None) for name, w in zip(names, weights, strict=True)
    ]
    equal = math.fsum(raw) == 0
    normalised = np.full(size, 1.0 / size) if equal else normalised_weights(raw)

    table = pd.DataFrame(values, index=pd.Index(names, name="dimension"))
    table["weight"] = normalised
    table["promise_gap"] = table["promised"] - table["delivered"]
    table["perception_gap"] = table["delivered"] - table["perceived"]
    table["customer_gap"] = table["perceived"] - table["promised"]
    table["shortfall"] = table["promised"] - table["perceived"]
    table["weighted_shortfall"] = table["weight"] * table["shortfall"]
    weight = table["weight"]
    return GapAnalysis(
        table=table,
        weighted_promise_gap=float((weight * table["promise_gap"]).sum()),
        weighted_perception_gap=float((weight * table["perception_gap"]).sum()),
        weighted_customer_gap=float((weight * table["customer_gap"]).sum()),
        equal_weights=equal,
        largest=_largest_positive(table["weighted_shortfall"]),
        largest_promise_gap=_largest_positive(weight * table["promise_gap"]),
        largest_perception_gap=_largest_positive(weight * table["perception_gap"]),
    )


def _expectations_gaps(expectations: Expectations) -> GapAnalysis:
    dimensions = [getattr(expectations, name) for name in DIMENSIONS]
    return gap_analysis(
        [d.promised for d in dimensions],
        [d.delivered for d in dimensions],
        [d.perceived for d in dimensions],
        [d.weight for d in dimensions],
    )


# --- The what-if: closing the perception gap --------------------------------------------------


@dataclass(frozen=True)
class PerceptionWhatIf:
    """What closing the perception gap would be worth, under a stated assumption.

    Attributes
    ----------
    applies : bool
        True when customers perceive less than you deliver on at least one dimension (there is
        a perception gap to close).
    assumption : float
        The share of "satisfied" (4/5) customers who would become "extremely satisfied" (5/5)
        once the gap is closed (``expectations.satisfied_to_delighted``): an input, not a fact.
    share_satisfied : float
        Share of all customers rating 4/5 today (``loyalty.share_satisfied``).
    moved_share : float
        Share of all customers moved, ``assumption x share_satisfied``.
    customers_moved : float
        ``active_customers x moved_share``.
    retention_before, retention_after : float
        Overall annual retention today and once they are moved (see
        `calculators.loyalty.satisfaction_link`).
    value : float
        Value of moving them: customers moved x (value of a 5/5 customer - value of a 4/5 one),
        over the loyalty horizon, discounted (money).
    link : calculators.loyalty.SatisfactionLink
        The Loyalty page's satisfaction -> loyalty link, computed with this shift.
    """

    applies: bool
    assumption: float
    share_satisfied: float
    moved_share: float
    customers_moved: float
    retention_before: float
    retention_after: float
    value: float
    link: loyalty.SatisfactionLink


def perception_what_if(scenario: Scenario, gaps: GapAnalysis | None = None) -> PerceptionWhatIf:
    """Closing the perception gap moves a stated share of satisfied customers to delighted.

    moved share      = satisfied_to_delighted x share_satisfied        (of all customers)
    retention after  = retention + moved share x (r5 - r4)
    value            = active customers x moved share x (value at r5 - value at r4)

    with r5, r4 the retention of extremely satisfied and satisfied customers and their values
    from the Loyalty page's `calculators.loyalty.satisfaction_link` (Xerox 6x, read as
    defection; margins growing with tenure over the loyalty horizon, discounted).

    Examples
    --------
    >>> from calculators.scenario import default_scenario
    >>> what_if = perception_what_if(default_scenario())
    >>> what_if.applies, round(what_if.moved_share, 3), round(what_if.retention_after, 4)
    (True, 0.1, 0.8242)
    """
    gaps = gaps if gaps is not None else _expectations_gaps(scenario.expectations)
    business = scenario.business
    satisfaction = scenario.loyalty
    assumption = scenario.expectations.satisfied_to_delighted
    moved = assumption * satisfaction.share_satisfied
    report = loyalty.loyalty_report(scenario)
    link = loyalty.satisfaction_link(
        report.margins["total"].to_numpy(),
        business.retention,
        business.discount_rate,
        satisfaction.share_extremely_satisfied,
        satisfaction.share_satisfied,
        satisfaction.repurchase_ratio,
        business.active_customers,
        report.uplift_points,
        report.horizon,
        shift=moved,
    )
    return PerceptionWhatIf(
        applies=bool((gaps.table["perception_gap"] > 0).any()),
        assumption=assumption,
        share_satisfied=satisfaction.share_satisfied,
        moved_share=link.shift,
        customers_moved=business.active_customers * link.shift,
        retention_before=business.retention,
        retention_after=link.retention_after_shift,
        value=link.value_of_shift,
        link=link,
    )


@dataclass(frozen=True)
class ExpectationsReport:
    """What the Expectations gap page shows from the scenario: the gaps and the what-if."""

    gaps: GapAnalysis
    what_if: PerceptionWhatIf


def expectations_report(scenario: Scenario) -> ExpectationsReport:
    """The Expectations gap page's results for `scenario`.

    >>> from calculators.scenario import default_scenario
    >>> report = expectations_report(default_scenario())
    >>> report.gaps.largest, round(report.gaps.weighted_customer_gap, 2)
    ('responsiveness', -1.2)
    """
    gaps = _expectations_gaps(scenario.expectations)
    return ExpectationsReport(gaps=gaps, what_if=perception_what_if(scenario, gaps))


# --- Net Promoter Score -----------------------------------------------------------------------


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
        95 % interval, adjusted Wald (Rocks 2016), clipped to [-100, 100].
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


def nps_from_counts(counts: Sequence[int]) -> NetPromoterScore:
    """The Net Promoter Score from the number of answers given to each score 0..10.

    NPS = 100 * (P - D) / n,   SE = 100 * sqrt((p + d - (p - d)**2) / n)

    with P promoters (9-10), D detractors (0-6), n answers, p = P/n, d = D/n. The 95 % interval
    is the adjusted Wald interval (Rocks 2016): with n' = n + 3, p' = (P + 3/4) / n',
    d' = (D + 3/4) / n' and c = p' - d',

        100 * (c -/+ z * sqrt((p' + d' - c**2) / n')),  z = 1.96, clipped to [-100, 100].

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
    return NetPromoterScore(
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        n=n,
        nps=100 * (promoters - detractors) / n,
        standard_error=standard_error,
        ci_low=max(-100.0, 100 * (centre - half_width)),
        ci_high=min(100.0, 100 * (centre + half_width)),
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


# --- Means with confidence intervals ----------------------------------------------------------


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


# --- Survey files -----------------------------------------------------------------------------


IssueKind = Literal[
    "file_size",
    "file_empty",
    "file_binary",
    "file_encoding",
    "file_syntax",
    "missing_columns",
    "no_rows",
    "no_answers",
    "not_a_number",
    "out_of_range",
    "nps_out_of_range",
]


@dataclass(frozen=True)
class SurveyIssue:
    """One problem of a survey file; pages translate `kind`.

    kind: ``file_size`` (above `MAX_SURVEY_BYTES`), ``file_empty``, ``file_binary`` (not text),
    ``file_encoding`` (neither UTF-8 nor Windows-1252), ``file_syntax`` (rows with a different
    number of fields; `line` says where), ``missing_columns`` (`columns` lists them),
    ``no_rows`` (a header and no answers), ``no_answers`` (a dimension nobody answered, in
    `columns`), ``not_a_number`` (text in a score), ``out_of_range`` (scores outside 1-7),
    ``nps_out_of_range`` (NPS answers that are not whole numbers from 0 to 10). For bad cells,
    `cells` holds the first few as (column, row, value), the row being the file's line (the
    header is row 1, as in a spreadsheet), and `count` how many there are in all.
    """

    kind: IssueKind
    columns: tuple[str, ...] = ()
    cells: tuple[tuple[str, int, str], ...] = ()
    count: int = 0
    line: int | None = None


class SurveyError(ValueError):
    """Every problem found in a survey file; `issues` lists them."""

    def __init__(self, issues: Sequence[SurveyIssue]) -> None:
        self.issues = list(issues)
        super().__init__("unusable survey file: " + "; ".join(i.kind for i in self.issues))


def dimension_columns() -> list[str]:
    """The columns of a survey with one score per dimension: ``tangibles_expected``, ...

    >>> dimension_columns()[:3]
    ['tangibles_expected', 'tangibles_perceived', 'reliability_expected']
    """
    return [f"{d}_{kind}" for d in DIMENSIONS for kind in _SCORE_KINDS]


def item_columns() -> list[str]:
    """The columns of a survey with the 22 SERVQUAL items: ``E1``..``E22``, ``P1``..``P22``.

    >>> item_columns()[0], item_columns()[21], item_columns()[22]
    ('E1', 'E22', 'P1')
    """
    items = [item for d in DIMENSIONS for item in SERVQUAL_ITEMS[d]]
    return [f"{_ITEM_PREFIXES[kind].upper()}{item}" for kind in _SCORE_KINDS for item in items]


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_SURVEY_BYTES:
        raise SurveyError([SurveyIssue("file_size", count=len(data))])
    if not data.strip():
        raise SurveyError([SurveyIssue("file_empty")])
    if b"\x00" in data:
        raise SurveyError([SurveyIssue("file_binary")])
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV in cp1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SurveyError([SurveyIssue("file_encoding")])


def _delimiter(text: str) -> str:
    """The delimiter of the header line: comma, semicolon (Italian Excel) or tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in _DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_table(data: bytes | str) -> tuple[pd.DataFrame, str]:
    """The file as a table of strings indexed by line number; column names stripped and
    lower-cased; its delimiter. Short rows are padded with blanks (missing answers)."""
    text = _decode(data)
    sep = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if header is None:
                header = [cell.strip().lower() for cell in row]
                continue
            if len(row) > len(header):
                raise SurveyError([SurveyIssue("file_syntax", line=reader.line_num)])
            rows.append(row + [""] * (len(header) - len(row)))
            lines.append(reader.line_num)
    except csv.Error:
        raise SurveyError([SurveyIssue("file_syntax", line=reader.line_num)]) from None
    if header is None:
        raise SurveyError([SurveyIssue("file_empty")])
    table = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=str)
    return table.loc[:, ~table.columns.duplicated()], sep


def _numbers(
    table: pd.DataFrame, columns: Sequence[str], sep: str
) -> tuple[pd.DataFrame, list[tuple[str, int, str]], int]:
    """Columns as floats (blank = NaN) and the cells that are not numbers (first few, count)."""
    parsed = {}
    bad_cells: list[tuple[str, int, str]] = []
    bad_count = 0
    for column in columns:
        raw = table[column].astype(str).str.strip()
        blank = raw == ""
        text = raw.str.replace(",", ".", regex=False) if sep != "," else raw
        number = pd.to_numeric(text.where(~blank), errors="coerce")
        bad = ~blank & number.isna()
        if bad.any():
            bad_count += int(bad.sum())
            for index in bad[bad].index[:MAX_LISTED]:
                bad_cells.append((column, int(index), str(raw[index])))
        parsed[column] = number.astype(float)
    bad_cells.sort(key=lambda cell: (cell[1], columns.index(cell[0])))
    return pd.DataFrame(parsed, index=table.index), bad_cells[:MAX_LISTED], bad_count


def _cells_outside(
    values: pd.DataFrame, inside: pd.DataFrame, columns: Sequence[str]
) -> tuple[list[tuple[str, int, str]], int]:
    outside = values.notna() & ~inside
    cells = [
        (column, int(index), f"{values.at[index, column]:g}")
        for index in outside.index[outside.any(axis=1)][:MAX_LISTED]
        for column in columns
        if outside.at[index, column]
    ]
    return cells[:MAX_LISTED], int(outside.to_numpy().sum())


@dataclass(frozen=True)
class SurveyResponses:
    """Answers of a survey file, one row per respondent and one column per dimension.

    Attributes
    ----------
    layout : str
        ``"dimensions"`` (a score per dimension) or ``"items"`` (the 22 SERVQUAL items,
        averaged per dimension for each respondent).
    expected, perceived : pandas.DataFrame
        Scores 1-7 (NaN where a respondent did not answer), columns `DIMENSIONS`.
    """

    layout: str
    expected: pd.DataFrame
    perceived: pd.DataFrame

    @property
    def respondents(self) -> int:
        return len(self.expected)

    @property
    def gaps(self) -> pd.DataFrame:
        """Perceived - expected per respondent and dimension (the SERVQUAL score)."""
        return self.perceived - self.expected


def read_survey(data: bytes | str) -> SurveyResponses:
    """Read a CSV of survey answers: one row per respondent, scores on the 1-7 scale.

    Two layouts are accepted (column names in any case; other columns are ignored):

    - one score per dimension: ``tangibles_expected``, ``tangibles_perceived``, ... for the
      five dimensions (`dimension_columns`);
    - the 22 SERVQUAL items: ``E1``..``E22`` (expectations) and ``P1``..``P22``
      (perceptions), items 1-4 tangibles, 5-9 reliability, 10-13 responsiveness, 14-17
      assurance, 18-22 empathy (Parasuraman et al. 1988); a respondent's dimension score is
      the mean of the items they answered.

    Comma-, semicolon- or tab-separated; with semicolons or tabs a decimal comma is read
    (``5,5``). A blank cell is a missing answer.

    Raises
    ------
    SurveyError
        Listing every problem: too large, empty, binary, not text, rows with a different
        number of fields, missing columns, no rows, text or scores outside 1-7 (the first few
        bad cells with their rows), a dimension nobody answered.

    Examples
    --------
    >>> survey = read_survey(example_survey_csv())
    >>> survey.layout, survey.respondents
    ('dimensions', 6)
    >>> read_survey("tangibles_expected,tangibles_perceived\\n5,4\\n")
    Traceback (most recent call last):
        ...
    calculators.expectations.SurveyError: unusable survey file: missing_columns
    """
    table, sep = _read_table(data)
    present = set(table.columns)
    by_dimension = [c.lower() for c in dimension_columns()]
    by_item = [c.lower() for c in item_columns()]
    if present & set(by_dimension) or not present & set(by_item):
        layout, required = "dimensions", by_dimension
    else:
        layout, required = "items", by_item
    missing = [c for c in required if c not in present]
    if missing:
        shown = dimension_columns() if layout == "dimensions" else item_columns()
        raise SurveyError(
            [
                SurveyIssue(
                    "missing_columns", columns=tuple(shown[required.index(c)] for c in missing)
                )
            ]
        )
    if table.empty:
        raise SurveyError([SurveyIssue("no_rows")])

    values, text_cells, text_count = _numbers(table, required, sep)
    issues = []
    if text_count:
        issues.append(SurveyIssue("not_a_number", cells=tuple(text_cells), count=text_count))
    low, high = SCALE
    inside = (values >= low) & (values <= high)
    outside_cells, outside_count = _cells_outside(values, inside, required)
    if outside_count:
        issues.append(SurveyIssue("out_of_range", cells=tuple(outside_cells), count=outside_count))
    if issues:
        raise SurveyError(issues)

    scores = {}
    for kind in _SCORE_KINDS:
        if layout == "dimensions":
            frame = {d: values[f"{d}_{kind}"] for d in DIMENSIONS}
        else:
            prefix = _ITEM_PREFIXES[kind]
            frame = {
                d: values[[f"{prefix}{i}" for i in SERVQUAL_ITEMS[d]]].mean(axis=1)
                for d in DIMENSIONS
            }
        scores[kind] = pd.DataFrame(frame).reset_index(drop=True)
    responses = SurveyResponses(layout, scores["expected"], scores["perceived"])
    unanswered = [d for d in DIMENSIONS if responses.gaps[d].notna().sum() == 0]
    if unanswered:
        raise SurveyError([SurveyIssue("no_answers", columns=tuple(unanswered))])
    return responses


@dataclass(frozen=True)
class SurveyGaps:
    """Mean answers and gaps of a survey, per dimension and overall.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per dimension: ``n`` (respondents who gave both scores), ``expected``,
        ``perceived`` (means), ``gap`` (mean of perceived - expected), ``low``, ``high`` (its
        95 % t-interval; NaN with a single respondent).
    overall : MeanInterval or None
        The weighted gap ``sum_d w_d x gap_d`` of each respondent who answered every dimension
        (weights normalised), averaged with its t-interval; None if nobody answered them all.
    respondents : int
        Rows in the file.
    layout : str
        As in `SurveyResponses`.
    """

    table: pd.DataFrame
    overall: MeanInterval | None
    respondents: int
    layout: str
    largest: str | None = None


def survey_gaps(
    responses: SurveyResponses, weights: Sequence[float], confidence: float = CONFIDENCE
) -> SurveyGaps:
    """Mean gap (perceived - expected) per dimension with its t-interval, and weighted overall.

    gap_d = mean over respondents of (perceived_d - expected_d), interval
    gap_d -/+ t_{(1 + confidence)/2, n - 1} * s_d / sqrt(n); overall = the same for each
    respondent's ``sum_d w_d * gap_d`` with normalised weights (equal if all are 0).

    Examples
    --------
    >>> result = survey_gaps(read_survey(example_survey_csv()), [1, 3, 2.5, 2, 1.5])
    >>> round(float(result.table.loc["responsiveness", "gap"]), 2), result.largest
    (-1.83, 'responsiveness')
    """
    if len(weights) != len(DIMENSIONS):
        raise ValueError(
            f"weights must have one weight per dimension ({len(DIMENSIONS)}), got {len(weights)}"
        )
    raw = [
        check_range(f"weights[{d}]", w, 0, None) for d, w in zip(DIMENSIONS, weights, strict=True)
    ]
    normalised = np.full(len(raw), 1 / len(raw)) if math.fsum(raw) == 0 else normalised_weights(raw)
    gaps = responses.gaps
    rows = {}
    for dimension in DIMENSIONS:
        answered = gaps[dimension].notna()
        interval = mean_interval(gaps[dimension].to_numpy(), confidence)
        rows[dimension] = {
            "n": interval.n,
            "expected": float(responses.expected.loc[answered, dimension].mean()),
            "perceived": float(responses.perceived.loc[answered, dimension].mean()),
            "gap": interval.mean,
            "low": interval.low,
            "high": interval.high,
        }
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("dimension")
    table["n"] = table["n"].astype(int)
    complete = gaps.dropna()
    overall = mean_interval(complete.to_numpy() @ normalised, confidence) if len(complete) else None
    shortfall = -table["gap"] * normalised
    return SurveyGaps(
        table=table,
        overall=overall,
        respondents=responses.respondents,
        layout=responses.layout,
        largest=_largest_positive(shortfall),
    )


def read_nps_scores(data: bytes | str) -> np.ndarray:
    """The 0-10 answers of an uploaded column: the column named ``nps`` or a file's only column.

    Blank cells (no answer) are skipped; with semicolons or tabs a decimal comma is read.

    Raises
    ------
    SurveyError
        File problems as in `read_survey`; ``missing_columns`` (``nps``) when the file has
        several columns and none is called nps; ``no_rows`` without any answer;
        ``not_a_number`` / ``nps_out_of_range`` listing the first few bad cells.

    Examples
    --------
    >>> read_nps_scores("nps\\n10\\n9\\n\\n6\\n").tolist()
    [10, 9, 6]
    """
    table, sep = _read_table(data)
    if _NPS_COLUMN in table.columns:
        column = _NPS_COLUMN
    elif len(table.columns) == 1:
        column = table.columns[0]
    else:
        raise SurveyError([SurveyIssue("missing_columns", columns=(_NPS_COLUMN,))])
    values, text_cells, text_count = _numbers(table, [column], sep)
    issues = []
    if text_count:
        issues.append(SurveyIssue("not_a_number", cells=tuple(text_cells), count=text_count))
    answers = values[column]
    whole = (answers == answers.round()) & (answers >= 0) & (answers <= 10)
    outside_cells, outside_count = _cells_outside(values, whole.to_frame(column), [column])
    if outside_count:
        issues.append(
            SurveyIssue("nps_out_of_range", cells=tuple(outside_cells), count=outside_count)
        )
    if issues:
        raise SurveyError(issues)
    answered = answers.dropna()
    if answered.empty:
        raise SurveyError([SurveyIssue("no_rows")])
    return answered.to_numpy().astype(int)


def example_survey_csv() -> str:
    """A small illustrative survey in the one-score-per-dimension layout (6 respondents).

    Made up to show the file format, not data about anyone.

    >>> example_survey_csv().splitlines()[0].split(",")[:2]
    ['tangibles_expected', 'tangibles_perceived']
    """
    rows = [
        (5, 5, 7, 5, 6, 4, 6, 6, 5, 5),
        (5, 6, 6, 6, 6, 4, 6, 5, 6, 4),
        (6, 5, 7, 5, 7, 5, 6, 6, 5, 5),
        (4, 5, 6, 5, 6, 5, 5, 6, 5, 4),
        (5, 5, 7, 6, 6, 4, 6, 5, 6, 5),
        (5, 4, 7, 5, 7, 5, 6, 6, 5, 4),
    ]
    lines = [",".join(dimension_columns())]
    lines += [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"
