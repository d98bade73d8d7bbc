"""The expectations gap (SERVQUAL): what you promise, what you deliver, what customers perceive.

Conventions (source card ``gap_model``), stated once here and on the page:

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

Customers' own answers (a survey file) are read and averaged in `calculators.surveys`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from calculators._validate import check_range
from calculators.scenario import FIELDS, SERVQUAL_DIMENSIONS

if TYPE_CHECKING:
    # pandas takes ~0.3 s to import: it is imported in the functions that build a table, so
    # that the Overview, every session's first page, which builds none, opens without it
    # (docs/architecture.md, "Imports").
    import pandas as pd

__all__ = [
    "DIMENSIONS",
    "SCALE",
    "SERVQUAL_ITEMS",
    "GapAnalysis",
    "gap_analysis",
    "largest_positive",
    "normalised_weights",
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


def largest_positive(values: pd.Series) -> str | None:
    """The label of the largest value above 0 (the first on ties), or None: "your biggest gap".

    >>> import pandas as pd
    >>> largest_positive(pd.Series({"tangibles": 0.0, "reliability": 0.45, "empathy": 0.45}))
    'reliability'
    >>> largest_positive(pd.Series({"tangibles": 0.0, "empathy": -0.5})) is None
    True
    """
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
    import pandas as pd

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
        largest=largest_positive(table["weighted_shortfall"]),
        largest_promise_gap=largest_positive(weight * table["promise_gap"]),
        largest_perception_gap=largest_positive(weight * table["perception_gap"]),
    )
