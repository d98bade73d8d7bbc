"""The live classroom's arithmetic: a participant's answer, their figures, the class as a whole.

A participant answers anonymously, numbers only (`ClassAnswer`, read by `parse_answer`):

- ``sector``: one of `SECTORS`;
- ``active_customers``: customers today (a whole number);
- either ``lost_customers`` (customers lost last year, a whole number) or ``retention`` (yearly
  retention, a fraction: 0.8 = 80 %), exactly one of the two;
- ``acquisition_cost``: what winning one new customer costs (money);
- ``margin_per_customer``: gross margin per customer per year (money);
- two beliefs: ``complain_per_100`` ("of 100 unhappy customers, how many complain?") and
  ``people_told`` ("how many people does an unhappy customer tell?").

Money is in the room's scenario's currency (the trainer says which). Each field follows the rules
of the scenario field it stands for (`ANSWER_FIELDS`: bounds and whole numbers taken from
`calculators.scenario.FIELDS`, not copied), and a bad value is reported as a `FieldIssue` with the
scenario's kinds (``range``, ``number``, ``whole``, ``choice``, ``unknown``), so the pages' messages
apply; ``path`` is the answer's field name (``"active_customers"``), and `ANSWER_FIELDS` gives
the `FieldSpec` a message formats its bounds with. One kind is the classroom's own:
``lost_and_retention`` (both alternatives were given).

Each answer's figures (`participant_figures`) are the Overview's quantities, computed by the same
calculators with the same arguments (`calculators.reports.overview`): customers lost, margin lost
and replacement cost per year (`calculators.acquisition.churn_cost`), the flat-margin CLV before
acquisition cost with no horizon (`calculators.clv.customer_lifetime_value`) at the room's
discount rate, and CLV ÷ CAC. `class_summary` gives the class's spread of each (median,
quartiles, minimum, maximum and every participant's value), the sectors and the beliefs beside
TARP's figures; `class_median_values` turns the class's medians into scenario values.

>>> answer = parse_answer({
...     "sector": "retail_shop", "active_customers": "1000", "lost_customers": 200,
...     "acquisition_cost": 250, "margin_per_customer": 300,
...     "complain_per_100": 20, "people_told": 5,
... })
>>> answer.retention
0.8
>>> figures = participant_figures(answer, Scenario())
>>> round(figures.margin_lost), round(figures.replacement_cost), round(figures.clv, 2)
(60000, 50000, 1071.43)
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import numpy as np

from calculators import acquisition
from calculators.clv import customer_lifetime_value
from calculators.issues import InputError
from calculators.reports._common import finite_or_none
from calculators.scenario import (
    DECIMALS,
    FIELDS,
    MAX_RETENTION,
    FieldIssue,
    FieldSpec,
    Scenario,
)

__all__ = [
    "ANSWER_FIELDS",
    "ANSWER_FIELD_NAMES",
    "CLASS_MEDIAN_PATHS",
    "MIN_ACTIVE_FOR_LOST",
    "PER_HUNDRED",
    "QUARTILE_METHOD",
    "SECTORS",
    "AnswerError",
    "AnswerField",
    "BeliefSummary",
    "ClassAnswer",
    "ClassSummary",
    "ParticipantFigures",
    "Sector",
    "Spread",
    "class_median_values",
    "class_summary",
    "parse_answer",
    "participant_figures",
    "spread",
]

# The presets' sectors (assets/presets/*.yaml, same ids as their file names), then three more a
# sales course meets often enough, and a catch-all.
Sector = Literal[
    "professional_practice",
    "retail_shop",
    "ecommerce",
    "b2b_saas",
    "industrial_distribution",
    "hospitality",
    "other_services",
    "other",
]
SECTORS: tuple[Sector, ...] = get_args(Sector)

# The answer's field names: stable, they are the keys of the JSON the classroom store keeps.
AnswerField = Literal[
    "sector",
    "active_customers",
    "lost_customers",
    "retention",
    "acquisition_cost",
    "margin_per_customer",
    "complain_per_100",
    "people_told",
]
ANSWER_FIELD_NAMES: tuple[AnswerField, ...] = get_args(AnswerField)

# The scenario fields the answer's fields follow, and the ones the class's medians set.
_ACTIVE = "business.active_customers"
_RETENTION = "business.retention"
_CAC = "business.acquisition_cost"
_REVENUE = "business.revenue_per_customer"
_GROSS_MARGIN = "business.gross_margin"
_COMPLAINT_SHARE = "word_of_mouth.complaint_share"
_TELL_NEGATIVE = "word_of_mouth.tell_negative"
CLASS_MEDIAN_PATHS: tuple[str, ...] = (_ACTIVE, _RETENTION, _CAC, _REVENUE, _GROSS_MARGIN)

# The complaints belief counts unhappy customers out of a hundred: the complaint share x 100.
PER_HUNDRED = 100
# A retention from customers lost needs a customer base to divide by: with customers lost
# chosen, active customers must be at least this (with 0 the participant gives a retention).
MIN_ACTIVE_FOR_LOST = 1
# numpy's default quantile method: linear interpolation between the two nearest ranks,
# the same as ``statistics.quantiles(method="inclusive")`` (and Excel's QUARTILE.INC).
QUARTILE_METHOD: Final = "linear"
_QUARTILES = [0.25, 0.5, 0.75]
# A decimal number as people type it (ASCII digits only): "1000", "0.8", "-3", ".5", "1e3".
_DECIMAL_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _bounds(spec: FieldSpec) -> tuple[float, float]:
    if spec.low is None or spec.high is None:
        raise TypeError(f"field {spec.path} has no bounds")  # every numeric field has them
    return spec.low, spec.high


def _answer_fields() -> dict[AnswerField, FieldSpec]:
    active, retention, cac = FIELDS[_ACTIVE], FIELDS[_RETENTION], FIELDS[_CAC]
    revenue, gross = FIELDS[_REVENUE], FIELDS[_GROSS_MARGIN]
    complaint, told = FIELDS[_COMPLAINT_SHARE], FIELDS[_TELL_NEGATIVE]
    revenue_low, revenue_high = _bounds(revenue)
    gross_low, gross_high = _bounds(gross)
    complaint_default = round(complaint.default * PER_HUNDRED, DECIMALS)
    return {
        "sector": FieldSpec(
            path="sector", kind="choice", unit="choice", default=None, choices=SECTORS
        ),
        "active_customers": replace(active, path="active_customers"),
        # Customers lost: a count like the customers themselves (and at most that many).
        "lost_customers": replace(
            active,
            path="lost_customers",
            default=round(active.default * (1 - retention.default)),
        ),
        "retention": replace(retention, path="retention"),
        "acquisition_cost": replace(cac, path="acquisition_cost"),
        # The scenario's margin per customer is revenue x gross margin: its bounds are theirs.
        "margin_per_customer": FieldSpec(
            path="margin_per_customer",
            kind="float",
            unit="money",
            default=round(revenue.default * gross.default, DECIMALS),
            low=revenue_low * gross_low,
            high=revenue_high * gross_high,
            step=revenue.step,
        ),
        # "Of 100 unhappy customers": the complaint share's scale (its step is in percent).
        "complain_per_100": FieldSpec(
            path="complain_per_100",
            kind="float",
            unit="people",
            default=complaint_default,
            low=0,
            high=PER_HUNDRED,
            step=complaint.step,
            source=complaint.source,
        ),
        "people_told": replace(told, path="people_told"),
    }


# What the join page and its messages need about each answer field: kind, unit, bounds, step,
# default (the scenario's: the page may prefer to start blank) and the source of a belief's.
ANSWER_FIELDS: dict[AnswerField, FieldSpec] = _answer_fields()

# The TARP figures the beliefs are compared with: the scenario's defaults and their sources.
_COMPLAIN_REFERENCE = float(ANSWER_FIELDS["complain_per_100"].default)
_TOLD_REFERENCE = float(FIELDS[_TELL_NEGATIVE].default)


class AnswerError(InputError[FieldIssue]):
    """Every bad field of a participant's answer at once; `issues` lists them."""

    summary = "invalid class answer"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_number(value: Any) -> int | float | None:
    """The number in `value`, or None when it is not one (bools, bytes, text, containers)."""
    if isinstance(value, bool):
        return None  # an int subclass, but never a figure someone typed
    if isinstance(value, numbers.Integral):
        return int(value)  # numpy's integers too
    if isinstance(value, Decimal):
        # Decimal("1e999") becomes infinite (refused as out of range); a signalling NaN has
        # no float, and is refused the same way as a quiet one.
        return math.nan if value.is_snan() else float(value)
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except OverflowError:  # a Fraction beyond the largest float: out of range either way
            return math.inf
    if isinstance(value, str):
        # float() alone would also take "1_000", "nan" and other scripts' digits; and strips
        # fewer characters than str.strip ("\x1f").
        text = value.strip()
        if _DECIMAL_TEXT.fullmatch(text):
            return float(text)  # "1e999" is infinite: refused below as out of range
    return None


def _read_number(
    name: AnswerField, value: Any, high: float | None = None
) -> int | float | FieldIssue:
    """`value` as the field's number (an int for a count, quantised like the scenario's)."""
    spec = ANSWER_FIELDS[name]
    low, spec_high = _bounds(spec)
    high = spec_high if high is None else high
    number = _as_number(value)
    if number is None:
        return FieldIssue(path=name, kind="number", value=value, low=low, high=high)
    # Compared as they are: an int (however large) exactly, NaN fails both comparisons.
    if not low <= number <= high:
        return FieldIssue(path=name, kind="range", value=value, low=low, high=high)
    if spec.kind == "int":
        if isinstance(number, float) and not number.is_integer():
            return FieldIssue(path=name, kind="whole", value=value, low=low, high=high)
        return int(number)
    # Like `Scenario`'s fields: at most `DECIMALS` decimals (so 1e-308 becomes 0).
    return round(float(number), DECIMALS)


def _read(values: Any) -> tuple[dict[str, Any], list[FieldIssue]]:
    """The answer's normalised fields (by `ClassAnswer` attribute) and every issue found."""
    if not isinstance(values, Mapping):
        return {}, [FieldIssue(path="", kind="unknown", value=values)]
    issues: list[FieldIssue] = []
    read: dict[str, Any] = {}

    sector = values.get("sector")
    if isinstance(sector, str) and sector in SECTORS:
        read["sector"] = sector
    else:
        issues.append(FieldIssue(path="sector", kind="choice", value=sector, choices=SECTORS))

    def number(name: AnswerField, high: float | None = None) -> int | float | None:
        result = _read_number(name, values.get(name), high)
        if isinstance(result, FieldIssue):
            issues.append(result)
            return None
        return result

    active = number("active_customers")
    read["active_customers"] = active

    lost_given = not _is_blank(values.get("lost_customers"))
    retention_given = not _is_blank(values.get("retention"))
    read["lost_customers"] = read["stated_retention"] = None
    if lost_given and retention_given:
        issues.append(
            FieldIssue(
                path="lost_customers",
                kind="lost_and_retention",
                value=values.get("lost_customers"),
            )
        )
    elif lost_given:
        too_few = active is not None and active < MIN_ACTIVE_FOR_LOST
        # At most the customers there are, when that figure is usable; its own bounds otherwise.
        read["lost_customers"] = number("lost_customers", None if too_few else active)
        if too_few:
            _, active_high = _bounds(ANSWER_FIELDS["active_customers"])
            issues.append(
                FieldIssue(
                    path="active_customers",
                    kind="range",
                    value=values.get("active_customers"),
                    low=MIN_ACTIVE_FOR_LOST,
                    high=active_high,
                )
            )
    elif retention_given:
        read["stated_retention"] = number("retention")
    else:
        # Neither: "enter a number" on the alternative the participant chose (the one whose
        # key came, even blank), retention otherwise.
        chosen: AnswerField = (
            "lost_customers"
            if "lost_customers" in values and "retention" not in values
            else "retention"
        )
        low, high = _bounds(ANSWER_FIELDS[chosen])
        blank = values.get(chosen)
        issues.append(FieldIssue(path=chosen, kind="number", value=blank, low=low, high=high))

    for name in ("acquisition_cost", "margin_per_customer", "complain_per_100", "people_told"):
        read[name] = number(name)

    known = set(ANSWER_FIELD_NAMES)
    issues.extend(
        FieldIssue(path=str(key), kind="unknown", value=value)
        for key, value in values.items()
        if key not in known
    )
    return read, issues


@dataclass(frozen=True, kw_only=True)
class ClassAnswer:
    """One participant's answer, valid by construction (built directly or by `parse_answer`).

    Exactly one of `lost_customers` and `stated_retention` is set; `retention` reads either.
    Counts are ints; other figures are floats with at most `DECIMALS` decimals, as in the
    scenario. Money is in the room's currency; `margin_per_customer` is per customer per year.

    >>> a = ClassAnswer(sector="other", active_customers=40, stated_retention=0.9,
    ...                 acquisition_cost=80, margin_per_customer=500,
    ...                 complain_per_100=10, people_told=3)
    >>> a.retention, a.to_values()["retention"]
    (0.9, 0.9)
    """

    sector: Sector
    active_customers: int
    lost_customers: int | None = None
    stated_retention: float | None = None
    acquisition_cost: float
    margin_per_customer: float
    complain_per_100: float
    people_told: float

    def __post_init__(self) -> None:
        read, issues = _read(self.to_values())
        if issues:
            raise AnswerError(issues)
        for name, value in read.items():  # 12.0 customers -> 12, quantised decimals
            object.__setattr__(self, name, value)

    @property
    def retention(self) -> float:
        """Yearly retention, a fraction: as stated, or from the customers lost.

        retention = (active_customers - lost_customers) / active_customers, quantised to
        `DECIMALS` decimals like the scenario's field (200 lost of 1,000 is exactly 0.8, the
        same float as a stated 0.8). Customers lost need at least one active customer
        (`MIN_ACTIVE_FOR_LOST`); with none the participant states a retention instead.
        Unlike a stated retention (at most `MAX_RETENTION`, the scenario's bound), one from
        customers lost can reach 1 (nobody left): that is what happened, and
        `participant_figures` values the lifetime at `MAX_RETENTION` then.

        >>> ClassAnswer(sector="other", active_customers=3, lost_customers=1,
        ...             acquisition_cost=0, margin_per_customer=0,
        ...             complain_per_100=0, people_told=0).retention
        0.666666667
        """
        if self.lost_customers is None:
            if self.stated_retention is None:  # excluded by validation; for the type checker
                raise ValueError("an answer states either customers lost or retention")
            return self.stated_retention
        # One division of two exact ints: the correctly rounded ratio.
        kept = self.active_customers - self.lost_customers
        return round(kept / self.active_customers, DECIMALS)

    def to_values(self) -> dict[str, Any]:
        """The answer as the JSON-able mapping the store keeps; `parse_answer` reads it back.

        Only the alternative given is present (``lost_customers`` or ``retention``).

        >>> a = parse_answer({"sector": "b2b_saas", "active_customers": 120,
        ...                   "retention": "0.85", "acquisition_cost": 900,
        ...                   "margin_per_customer": 2400, "complain_per_100": 5,
        ...                   "people_told": 10})
        >>> for name, value in a.to_values().items():
        ...     print(name, value)
        sector b2b_saas
        active_customers 120
        retention 0.85
        acquisition_cost 900.0
        margin_per_customer 2400.0
        complain_per_100 5.0
        people_told 10.0
        >>> parse_answer(a.to_values()) == a
        True
        """
        values: dict[str, Any] = {
            "sector": self.sector,
            "active_customers": self.active_customers,
        }
        if self.lost_customers is not None:
            values["lost_customers"] = self.lost_customers
        if self.stated_retention is not None:
            values["retention"] = self.stated_retention
        values.update(
            acquisition_cost=self.acquisition_cost,
            margin_per_customer=self.margin_per_customer,
            complain_per_100=self.complain_per_100,
            people_told=self.people_told,
        )
        return values


def parse_answer(values: Mapping[str, Any]) -> ClassAnswer:
    """A participant's answer from a form or the store; `AnswerError` lists every bad field.

    Each number may come as a number or as text ("1000", "0.8", "2.5e3"); bools, bytes, NaN,
    infinities, other text and blanks are refused. Issues (``path`` = the field's name):

    - ``number``: not a number, or blank (a required field, or the chosen alternative, left
      empty); ``range``: outside the field's ``low``..``high`` (NaN and infinities too);
      ``whole``: a count with decimals; ``choice``: a sector not in `SECTORS`;
      ``unknown``: a key that is not a field (``path`` = the key; ``""`` if `values` is not a
      mapping at all, which only a damaged store could hand over);
    - ``lost_customers`` above ``active_customers``: ``range`` with ``high`` = the active
      customers; customers lost with 0 active customers: ``range`` on ``active_customers``
      with ``low`` = `MIN_ACTIVE_FOR_LOST`;
    - both ``lost_customers`` and ``retention`` given: ``lost_and_retention`` (on
      ``lost_customers``); neither: ``number`` (blank) on ``lost_customers`` when only that
      key came, else on ``retention``.

    >>> try:
    ...     parse_answer({"sector": "bakery", "active_customers": "12.5", "retention": 1.2,
    ...                   "acquisition_cost": -1, "margin_per_customer": "lots",
    ...                   "complain_per_100": float("nan"), "people_told": True})
    ... except AnswerError as error:
    ...     for issue in error.issues:
    ...         print(issue.path, issue.kind)
    sector choice
    active_customers whole
    retention range
    acquisition_cost range
    margin_per_customer number
    complain_per_100 range
    people_told number
    >>> try:
    ...     parse_answer({"sector": "other", "active_customers": 100, "lost_customers": 150,
    ...                   "acquisition_cost": 10, "margin_per_customer": 10,
    ...                   "complain_per_100": 4, "people_told": 9})
    ... except AnswerError as error:
    ...     issue = error.issues[0]
    ...     print(issue.path, issue.kind, issue.low, issue.high)
    lost_customers range 0 100
    """
    read, issues = _read(values)
    if issues:
        raise AnswerError(issues)
    return ClassAnswer(**read)


# --- One participant's figures: the Overview's quantities ----------------------------------


@dataclass(frozen=True)
class ParticipantFigures:
    """One participant's figures, named and computed as the Overview's (`OverviewReport`).

    retention: yearly retention, `ClassAnswer.retention` (may be 1 from customers lost).
    clv_retention: the retention the CLV is valued at, min(retention, `MAX_RETENTION`): at 100 %
      there is no finite lifetime value without a horizon; the app's own cap.
    margin_per_customer: m, as entered (money per customer per year).
    customers_lost: N·(1 − r) per year, from `acquisition.churn_cost` (the entered count, up
      to float rounding, when the answer gave customers lost).
    margin_lost: customers_lost · m, "margin that walks out per year".
    replacement_cost: customers_lost · CAC, "cost of replacing them, per year".
    clv: m / (1 + i − r) at r = clv_retention and the room's discount rate i: the Overview's
      "lifetime value of a customer", before acquisition cost, no horizon.
    ltv_to_cac: clv / CAC, None when CAC = 0 (or the ratio overflows), as on the Overview.
    """

    retention: float
    clv_retention: float
    margin_per_customer: float
    customers_lost: float
    margin_lost: float
    replacement_cost: float
    clv: float
    ltv_to_cac: float | None

    @property
    def clv_capped(self) -> bool:
        """True when the CLV is valued at `MAX_RETENTION`, below the answer's retention."""
        return self.clv_retention < self.retention


def participant_figures(answer: ClassAnswer, scenario: Scenario) -> ParticipantFigures:
    """What churn costs one participant a year and what their customer is worth.

    The same calls as `calculators.reports.overview.overview_report`, with the answer's figures
    in place of the scenario's business and the room scenario's discount rate i:

        customers_lost   = N · (1 − r)            margin_lost = customers_lost · m
        replacement_cost = customers_lost · CAC   clv = m / (1 + i − min(r, MAX_RETENTION))
        ltv_to_cac       = clv / CAC (None when CAC = 0)

    1,000 customers, 200 lost, margin 300, CAC 250, i = 8 %: 200 · 300 = 60,000 of margin and
    200 · 250 = 50,000 to replace them a year; CLV = 300 / (1.08 − 0.8) = 1,071.43.

    >>> answer = parse_answer({"sector": "other", "active_customers": 1000,
    ...     "lost_customers": 200, "acquisition_cost": 250, "margin_per_customer": 300,
    ...     "complain_per_100": 4, "people_told": 9})
    >>> f = participant_figures(answer, Scenario())
    >>> round(f.customers_lost), round(f.margin_lost), round(f.replacement_cost)
    (200, 60000, 50000)
    >>> round(f.clv, 2), round(f.ltv_to_cac, 2)
    (1071.43, 4.29)
    """
    retention = answer.retention
    margin = answer.margin_per_customer
    cac = answer.acquisition_cost
    churn = acquisition.churn_cost(answer.active_customers, retention, margin, cac)
    clv_retention = min(retention, MAX_RETENTION)
    clv = customer_lifetime_value(margin, clv_retention, scenario.business.discount_rate)
    return ParticipantFigures(
        retention=retention,
        clv_retention=clv_retention,
        margin_per_customer=margin,
        customers_lost=churn.customers_lost,
        margin_lost=churn.margin_lost,
        replacement_cost=churn.replacement_cost,
        clv=clv,
        ltv_to_cac=finite_or_none(clv / cac) if cac > 0 else None,
    )


# --- The class -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """How one figure spreads over the class: for the projector's strip or box chart.

    values: each participant's value, in the answers' order (the chart's points).
    median, lower_quartile, upper_quartile: the 50th, 25th and 75th percentiles by linear
      interpolation (`QUARTILE_METHOD`); minimum, maximum. All None with no values: a class
      with no answers has no median, and none is invented.
    """

    values: tuple[float, ...]
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    minimum: float | None
    maximum: float | None

    @property
    def count(self) -> int:
        """How many values."""
        return len(self.values)

    @property
    def total(self) -> float:
        """The sum of the values (meaningful for money and counts: what churn costs the class)."""
        return float(sum(self.values))


def spread(values: Sequence[float]) -> Spread:
    """Median, quartiles, minimum and maximum of `values`, and the values themselves.

    Quartiles by linear interpolation between ranks (numpy's default, `QUARTILE_METHOD`): the
    q-quantile of n sorted values x_0..x_{n-1} is x_k + f · (x_{k+1} − x_k) with
    k + f = q · (n − 1); ``statistics.quantiles(values, n=4, method="inclusive")``. One value is
    its own median and quartiles; none gives None for each.

    >>> s = spread([10, 40, 20, 30])
    >>> s.median, s.lower_quartile, s.upper_quartile, s.minimum, s.maximum
    (25.0, 17.5, 32.5, 10.0, 40.0)
    >>> spread([]).median is None
    True
    """
    shown = tuple(float(value) for value in values)
    if not shown:
        return Spread(shown, None, None, None, None, None)
    data = np.array(shown, dtype=np.float64)
    lower, middle, upper = np.quantile(data, _QUARTILES, method=QUARTILE_METHOD)
    low, high = min(shown), max(shown)

    # Interpolation cannot leave the data's range; the clamp only guards float rounding.
    def inside(quantile: float) -> float:
        return min(max(float(quantile), low), high)

    return Spread(shown, inside(middle), inside(lower), inside(upper), low, high)


@dataclass(frozen=True)
class BeliefSummary:
    """The class's answers to one belief question beside the famous figure.

    answers: the spread of the class's answers; reference: the figure the sources report
    (TARP: 4 of 100 complain; an unhappy customer tells 9), the scenario's default for that
    field; source: its source card id (``assets/sources.yaml``); over / under: how many
    participants answered above / below the reference (they over- / under-estimate it).
    """

    answers: Spread
    reference: float
    source: str | None
    over: int
    under: int

    @property
    def matching(self) -> int:
        """How many answered exactly the reference."""
        return self.answers.count - self.over - self.under


def _belief(answers: Sequence[float], reference: float, source: str | None) -> BeliefSummary:
    return BeliefSummary(
        answers=spread(answers),
        reference=reference,
        source=source,
        over=sum(answer > reference for answer in answers),
        under=sum(answer < reference for answer in answers),
    )


@dataclass(frozen=True)
class ClassSummary:
    """What the projector shows about the class (money in the room's currency).

    count: answers received. figures: each participant's `ParticipantFigures`, in the answers'
    order. retention, clv, margin_lost, replacement_cost: spreads of those figures (the
    Overview's quantities per participant); ltv_to_cac: over the participants with a CAC above
    0 only; active_customers, acquisition_cost, margin_per_customer: spreads of the answers.
    clv_capped: how many CLVs were valued at `MAX_RETENTION` (retention from customers lost
    above it). sectors: answers per sector, every sector of `SECTORS` in order, 0 included.
    complaints (of 100 unhappy customers), people_told: the beliefs beside TARP's figures.

    The medians are each figure's own median: the margin lost at the class's median retention,
    customers and margin (the Overview of `class_median_values`) is in general not the median
    of the participants' margins lost.
    """

    count: int
    figures: tuple[ParticipantFigures, ...]
    retention: Spread
    clv: Spread
    margin_lost: Spread
    replacement_cost: Spread
    ltv_to_cac: Spread
    active_customers: Spread
    acquisition_cost: Spread
    margin_per_customer: Spread
    clv_capped: int
    sectors: dict[Sector, int]
    complaints: BeliefSummary
    people_told: BeliefSummary


def class_summary(answers: Sequence[ClassAnswer], scenario: Scenario) -> ClassSummary:
    """The class's figures: each participant's (`participant_figures`) and their spreads.

    The room's `scenario` gives the discount rate of every CLV. The beliefs are compared with
    the scenario's *default* complaint share (x 100) and people told, TARP's figures, whatever
    the room's scenario now holds: the question is how the class compares with the famous
    figures. No answers give a count of 0 and no medians (None).

    Three participants, i = 8 %: margins 300, 100, 500; retentions 0.8, 0.5 (500 lost of
    1,000), 0.9; the CLVs are 300 / 0.28, 100 / 0.58 and 500 / 0.18.

    >>> def answer(margin, **rest):
    ...     return parse_answer({"sector": "other", "active_customers": 1000,
    ...         "acquisition_cost": 100, "margin_per_customer": margin,
    ...         "complain_per_100": 10, "people_told": 9, **rest})
    >>> class_ = [answer(300, retention=0.8), answer(100, lost_customers=500),
    ...           answer(500, retention=0.9)]
    >>> summary = class_summary(class_, Scenario())
    >>> summary.count, summary.retention.median, round(summary.clv.median, 2)
    (3, 0.8, 1071.43)
    >>> summary.complaints.reference, summary.complaints.over, summary.people_told.matching
    (4.0, 3, 3)
    >>> class_summary([], Scenario()).clv.median is None
    True
    """
    figures = tuple(participant_figures(answer, scenario) for answer in answers)
    sectors: dict[Sector, int] = dict.fromkeys(SECTORS, 0)
    for answer in answers:
        sectors[answer.sector] += 1
    told_source = FIELDS[_TELL_NEGATIVE].source
    return ClassSummary(
        count=len(answers),
        figures=figures,
        retention=spread([f.retention for f in figures]),
        clv=spread([f.clv for f in figures]),
        margin_lost=spread([f.margin_lost for f in figures]),
        replacement_cost=spread([f.replacement_cost for f in figures]),
        ltv_to_cac=spread([f.ltv_to_cac for f in figures if f.ltv_to_cac is not None]),
        active_customers=spread([a.active_customers for a in answers]),
        acquisition_cost=spread([a.acquisition_cost for a in answers]),
        margin_per_customer=spread([a.margin_per_customer for a in answers]),
        clv_capped=sum(f.clv_capped for f in figures),
        sectors=sectors,
        complaints=_belief(
            [a.complain_per_100 for a in answers],
            _COMPLAIN_REFERENCE,
            ANSWER_FIELDS["complain_per_100"].source,
        ),
        people_told=_belief([a.people_told for a in answers], _TOLD_REFERENCE, told_source),
    )


def _clamp(path: str, value: float) -> float:
    low, high = _bounds(FIELDS[path])
    return min(max(value, low), high)


def class_median_values(summary: ClassSummary, scenario: Scenario) -> dict[str, Any]:
    """Scenario values (dotted paths, for `calculators.scenario.apply_values`) that make the
    class's median business the scenario.

    - ``business.active_customers`` = the median, rounded to a whole number (half to even);
    - ``business.retention`` = the median, at most `MAX_RETENTION` (the field's bound: a class
      median of 100 % from customers lost becomes 99 %);
    - ``business.acquisition_cost`` = the median;
    - the margin per customer = the median margin m̃: the scenario's gross margin g is kept and
      ``business.revenue_per_customer`` = m̃ / g. When g cannot carry m̃ (g = 0, or m̃ / g above
      the revenue's bound) ``business.gross_margin`` becomes 1 (100 %) and the revenue m̃.

    Everything else stays (discount rate, new customers per year, the programme...), and so do
    the word-of-mouth figures: the beliefs are beliefs, the scenario keeps TARP's figures.
    Decimals are quantised to `DECIMALS` like the scenario's. No answers: no values ({}).

    Two participants: the median of 100 and 301 customers is 200.5, rounded half to even to 200;
    the median margin 300 at the default 30 % gross margin is a revenue of 1,000.

    >>> def answer(active, retention, cac, margin):
    ...     return parse_answer({"sector": "other", "active_customers": active,
    ...         "retention": retention, "acquisition_cost": cac,
    ...         "margin_per_customer": margin, "complain_per_100": 4, "people_told": 9})
    >>> class_ = [answer(100, 0.7, 50, 150), answer(301, 0.9, 150, 450)]
    >>> summary = class_summary(class_, Scenario())
    >>> for path, value in class_median_values(summary, Scenario()).items():
    ...     print(path, value)
    business.active_customers 200
    business.retention 0.8
    business.acquisition_cost 100.0
    business.revenue_per_customer 1000.0
    """
    active = summary.active_customers.median
    retention = summary.retention.median
    cac = summary.acquisition_cost.median
    margin = summary.margin_per_customer.median
    if active is None or retention is None or cac is None or margin is None:
        return {}
    values: dict[str, Any] = {
        _ACTIVE: round(_clamp(_ACTIVE, active)),
        _RETENTION: round(_clamp(_RETENTION, retention), DECIMALS),
        _CAC: round(_clamp(_CAC, cac), DECIMALS),
    }
    gross = scenario.business.gross_margin
    _, revenue_high = _bounds(FIELDS[_REVENUE])
    if gross > 0 and margin / gross <= revenue_high:
        values[_REVENUE] = round(margin / gross, DECIMALS)
    else:
        # Margin per customer = revenue x 100 %: any margin within its bounds fits.
        _, full_margin = _bounds(FIELDS[_GROSS_MARGIN])
        values[_REVENUE] = round(margin / full_margin, DECIMALS)
        values[_GROSS_MARGIN] = full_margin
    return values
