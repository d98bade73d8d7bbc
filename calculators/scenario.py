"""The scenario: every figure the owner enters, typed, bounded and with the source of its default.

One `Scenario` holds every section the owner fills in: the business, the retention programme,
the acquisition rules of thumb, word of mouth, loyalty and expectations. Rates and shares are
fractions (0.8 = 80 %), percentage-point uplifts are fractions of one (0.05 = +5 pp), money is in
the scenario's currency per customer per year unless a field says otherwise. Each field carries
in its metadata:

- ``unit``: how the UI shows it (``percent`` and ``pp`` are shown x100);
- ``source``: the id of the source card (``assets/sources.yaml``) behind its default, if any;
- ``step``: the natural increment of its input, in displayed units.

Fields are addressed by a dotted path (``"business.retention"``) in the UI, the URL and files.
Values from outside (widgets, query strings, files) go through `apply_values`, which validates
them exactly as typed ones and reports each bad one as a `FieldIssue`; no value is dropped
silently.

>>> s = default_scenario()
>>> s.business.retention
0.8
>>> new, issues = apply_values(s, {"business.retention": "0.85", "business.active_customers": "-3"})
>>> new.business.retention, new.business.active_customers
(0.85, 1000)
>>> issues[0].path, issues[0].kind, issues[0].low
('business.active_customers', 'range', 0)
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from calculators.issues import InputError
from calculators.yaml_shape import ShapeProblem, yaml_shape

Currency = Literal["EUR", "USD", "GBP", "CHF"]
CURRENCIES: tuple[Currency, ...] = get_args(Currency)
# TARP's two tables: a problem under $5 (small) or over $100 (large).
ProblemSize = Literal["small", "large"]
PROBLEM_SIZES: tuple[ProblemSize, ...] = get_args(ProblemSize)
# How the retention programme's uplift is read: points added, or a relative change.
UpliftMode = Literal["points", "relative"]
SERVQUAL_DIMENSIONS: tuple[str, ...] = (
    "tangibles",
    "reliability",
    "responsiveness",
    "assurance",
    "empathy",
)

# The highest annual retention the app accepts: at 100 % a customer never leaves and the
# lifetime value without a horizon is infinite.
MAX_RETENTION = 0.99

# How a numeric field is shown and read; ``percent`` and ``pp`` are shown x100.
NumericUnit = Literal[
    "count", "money", "percent", "pp", "ratio", "people", "rate", "score", "weight"
]
# Every unit a field can have: the numeric ones, free text and a choice among `FieldSpec.choices`.
Unit = Literal[NumericUnit, "text", "choice"]
UNITS: tuple[Unit, ...] = get_args(Unit)


def _field(
    default: Any,
    low: float,
    high: float,
    unit: NumericUnit,
    *,
    source: str | None = None,
    step: float | None = None,
) -> Any:
    """A bounded numeric field with its unit, the source of its default and its input step."""
    extra: dict[str, Any] = {"unit": unit}
    if source:
        extra["source"] = source
    if step is not None:
        extra["step"] = step
    return Field(default, ge=low, le=high, json_schema_extra=extra)


# Every decimal input is kept to this many decimals: no figure anyone types needs more, and a
# value like 1e-308 (which would make ratios overflow) becomes 0.
DECIMALS = 9


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _quantise(cls, value: Any) -> Any:
        return round(value, DECIMALS) if isinstance(value, float) else value


# Characters no name needs that change how the text around them reads: C0 and C1 controls (a
# line break, an escape), line and paragraph separators, and the bidirectional controls that
# reorder what follows them (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C). A name
# holding one is refused (``hidden_characters``); `ui.plain` drops them from any text it shows.
HIDDEN_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


class Business(_Section):
    """The owner's own figures. Defaults are an illustrative small firm, not a benchmark."""

    name: str = Field("", max_length=80, json_schema_extra={"unit": "text"})
    currency: Currency = Field("EUR", json_schema_extra={"unit": "choice"})
    active_customers: int = _field(1000, 0, 10_000_000, "count", step=10)
    revenue_per_customer: float = _field(1000.0, 0, 100_000_000, "money", step=50)
    gross_margin: float = _field(0.30, 0, 1, "percent", step=1)
    new_customers_per_year: int = _field(150, 0, 10_000_000, "count", step=10)
    acquisition_cost: float = _field(250.0, 0, 100_000_000, "money", step=10)
    retention: float = _field(0.80, 0, MAX_RETENTION, "percent", step=1)
    discount_rate: float = _field(0.08, 0, 0.5, "percent", step=0.5)

    @field_validator("name")
    @classmethod
    def _no_hidden_characters(cls, name: str) -> str:
        if HIDDEN_CHARACTERS.search(name):
            raise PydanticCustomError(
                "hidden_characters", "the name holds control or text-direction characters"
            )
        return name

    @property
    def margin_per_customer(self) -> float:
        """Gross margin per customer per year = revenue per customer x gross margin."""
        return self.revenue_per_customer * self.gross_margin


class RetentionProgram(_Section):
    """A retention programme: what it costs per customer per year and what it is expected to do."""

    cost_per_customer: float = _field(20.0, 0, 1_000_000, "money", step=1)
    retention_uplift: float = _field(0.05, 0, 0.5, "pp", source="retention_profit", step=1)
    # The Loyalty page also reads an uplift as a relative change: retention x (1 + relative).
    uplift_mode: UpliftMode = Field(
        "points", json_schema_extra={"unit": "choice", "source": "retention_profit"}
    )
    relative_uplift: float = _field(0.0625, 0, 1, "percent", source="retention_profit", step=0.5)


class Acquisition(_Section):
    """The two rules of thumb of the seeds, kept as editable, source-backed defaults."""

    acquire_to_retain_ratio: float = _field(5.0, 1, 100, "ratio", source="acquire_5x", step=0.5)
    lost_to_replace_ratio: float = _field(10.0, 1, 100, "ratio", source="replace_1_to_10", step=1)


class OutcomeLoyalty(_Section):
    """Share of customers with a problem who stay loyal, by what happened to the problem."""

    silent: float = _field(0.37, 0, 1, "percent", source="recovery_95pct", step=1)
    unresolved: float = _field(0.46, 0, 1, "percent", source="recovery_95pct", step=1)
    resolved: float = _field(0.70, 0, 1, "percent", source="recovery_95pct", step=1)
    resolved_quickly: float = _field(0.95, 0, 1, "percent", source="recovery_95pct", step=1)


# TARP 1986: problem under $5 (small) and over $100 (large); see SOURCES.md, recovery_95pct.
TARP_1986_SMALL = OutcomeLoyalty()
TARP_1986_LARGE = OutcomeLoyalty(silent=0.09, unresolved=0.19, resolved=0.54, resolved_quickly=0.82)


class WordOfMouth(_Section):
    """Problems, complaints and what customers tell others."""

    problem_share: float = _field(0.15, 0, 1, "percent", step=1)
    complaint_share: float = _field(0.04, 0.001, 1, "percent", source="complain_4pct", step=0.5)
    tell_negative: float = _field(9.0, 0, 1000, "people", source="tell_9_vs_5", step=1)
    tell_positive: float = _field(5.0, 0, 1000, "people", source="tell_9_vs_5", step=1)
    influenced_share: float = _field(0.10, 0, 1, "percent", step=1)
    would_buy_share: float = _field(0.20, 0, 1, "percent", step=1)
    # The resolution mix as two independent shares, so that it always sums to one:
    # unresolved = 1 - resolved_share; resolved quickly = resolved_share x quick_share.
    resolved_share: float = _field(0.60, 0, 1, "percent", step=1)
    quick_share: float = _field(0.30, 0, 1, "percent", step=1)
    complaints_per_year: int = _field(6, 0, 10_000_000, "count", step=1)
    complaint_handling_cost: float = _field(30.0, 0, 1_000_000, "money", step=5)
    # The better handling the page prices: the resolution mix it would reach.
    target_resolved_share: float = _field(0.80, 0, 1, "percent", step=1)
    target_quick_share: float = _field(0.60, 0, 1, "percent", step=1)
    # Optional further rounds of retelling: each listener retells to `retell_people` others
    # with probability `retell_probability`; 0 rounds = only the first telling.
    retell_people: float = _field(2.0, 0, 100, "people", step=1)
    retell_probability: float = _field(0.10, 0, 1, "percent", step=1)
    retell_rounds: int = _field(0, 0, 10, "count", step=1)
    problem_size: ProblemSize = Field(
        "small", json_schema_extra={"unit": "choice", "source": "recovery_95pct"}
    )
    loyalty_small: OutcomeLoyalty = TARP_1986_SMALL
    loyalty_large: OutcomeLoyalty = TARP_1986_LARGE


class Loyalty(_Section):
    """Reichheld's loyalty effect components and the satisfaction-to-loyalty link."""

    revenue_growth: float = _field(0.05, 0, 1, "percent", source="illustrative", step=1)
    cost_saving: float = _field(0.02, 0, 1, "percent", source="illustrative", step=1)
    referrals_per_year: float = _field(0.10, 0, 100, "rate", source="illustrative", step=0.05)
    referral_conversion: float = _field(0.25, 0, 1, "percent", source="illustrative", step=1)
    price_premium: float = _field(0.01, 0, 1, "percent", source="illustrative", step=0.5)
    share_extremely_satisfied: float = _field(0.30, 0, 1, "percent", source="delighted_6x", step=1)
    share_satisfied: float = _field(0.50, 0, 1, "percent", source="delighted_6x", step=1)
    repurchase_ratio: float = _field(6.0, 1, 100, "ratio", source="delighted_6x", step=0.5)
    horizon_years: int = _field(20, 1, 50, "count", step=1)

    @model_validator(mode="after")
    def _shares_fit(self) -> Loyalty:
        if self.share_extremely_satisfied + self.share_satisfied > 1 + 1e-9:
            raise PydanticCustomError(
                "satisfaction_shares",
                "share_extremely_satisfied + share_satisfied must not exceed 100%",
            )
        return self


class Dimension(_Section):
    """One SERVQUAL dimension on a 1-7 scale, with its importance weight (normalised later)."""

    promised: float = _field(6.0, 1, 7, "score", source="gap_model", step=0.5)
    delivered: float = _field(5.5, 1, 7, "score", source="gap_model", step=0.5)
    perceived: float = _field(5.0, 1, 7, "score", source="gap_model", step=0.5)
    weight: float = _field(2.0, 0, 10, "weight", step=0.5)


class Expectations(_Section):
    """Promised, delivered and perceived quality for the five SERVQUAL dimensions."""

    tangibles: Dimension = Dimension(promised=5.0, delivered=5.0, perceived=5.0, weight=1.0)
    reliability: Dimension = Dimension(promised=6.5, delivered=5.5, perceived=5.0, weight=3.0)
    responsiveness: Dimension = Dimension(promised=6.0, delivered=5.0, perceived=4.0, weight=2.5)
    assurance: Dimension = Dimension(promised=6.0, delivered=5.5, perceived=5.5, weight=2.0)
    empathy: Dimension = Dimension(promised=5.5, delivered=5.0, perceived=4.5, weight=1.5)
    # What-if of the Expectations page: the share of "satisfied" (4/5) customers who would
    # become "extremely satisfied" (5/5) if the perception gap were closed. An assumption.
    satisfied_to_delighted: float = _field(0.20, 0, 1, "percent", step=1)


class Scenario(_Section):
    """Everything the owner can set. `version` lets older scenario files keep loading."""

    version: int = Field(1, ge=1, le=1, json_schema_extra={"unit": "internal"})
    business: Business = Business()
    retention_program: RetentionProgram = RetentionProgram()
    acquisition: Acquisition = Acquisition()
    word_of_mouth: WordOfMouth = WordOfMouth()
    loyalty: Loyalty = Loyalty()
    expectations: Expectations = Expectations()

    @property
    def retention_after_program(self) -> float:
        """Annual retention with the programme, capped at `MAX_RETENTION`.

        Points mode: retention + uplift; relative mode: retention x (1 + relative uplift)
        (`calculators.clv.retention_after_relative_uplift`). Every page reads this one value.

        >>> Scenario().retention_after_program
        0.85
        >>> Scenario.model_validate(
        ...     {"retention_program": {"uplift_mode": "relative", "relative_uplift": 0.1}}
        ... ).retention_after_program
        0.88
        """
        return min(self._uncapped_retention_after, MAX_RETENTION)

    @property
    def _uncapped_retention_after(self) -> float:
        # Imported here: calculators.clv reads MAX_RETENTION from this module.
        from calculators.clv import retention_after_relative_uplift

        retention = self.business.retention
        program = self.retention_program
        if program.uplift_mode == "relative":
            after, _ = retention_after_relative_uplift(retention, program.relative_uplift, 1.0)
        else:
            # Rounded so that 0.8 + 0.05 is 0.85, not 0.8500000000000001.
            after = round(retention + program.retention_uplift, 12)
        return max(after, retention)

    @property
    def effective_uplift(self) -> float:
        """The programme's uplift in points after the cap: retention after minus before.

        >>> Scenario().effective_uplift
        0.05
        """
        return round(self.retention_after_program - self.business.retention, 12)

    @property
    def uplift_capped(self) -> bool:
        """True when the programme would pass `MAX_RETENTION` and was capped there."""
        return self._uncapped_retention_after > MAX_RETENTION


def default_scenario() -> Scenario:
    """The built-in example scenario: every field at its default.

    >>> default_scenario().business.retention, default_scenario().business.currency
    (0.8, 'EUR')
    """
    return Scenario()


@dataclass(frozen=True)
class FieldSpec:
    """What the UI, the URL and files need to know about one leaf field."""

    path: str
    kind: Literal["int", "float", "text", "choice"]
    unit: Unit
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    source: str | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None


FieldIssueKind = Literal[
    "range",
    "number",
    "whole",
    "choice",
    "text",
    "hidden_characters",
    "unknown",
    "satisfaction_shares",
    "lost_and_retention",
    "file_size",
    "file_encoding",
    "file_syntax",
    "file_aliases",
    "file_tag",
    "file_structure",
    "file_version",
    "file_nesting",
    "file_long_text",
    "file_content",
]

# Errors that belong to two fields are reported on the one the user is most likely to change:
# pydantic's error type -> (the issue's kind, the field it is reported on).
_CROSS_FIELD_ERRORS: dict[str, tuple[FieldIssueKind, str]] = {
    "satisfaction_shares": ("satisfaction_shares", "loyalty.share_satisfied"),
}


@dataclass(frozen=True)
class FieldIssue:
    """One value that could not be used, with what is allowed. Pages translate `kind`.

    kind, for a value: ``range`` (outside low..high), ``number`` (not a number), ``whole`` (not a
    whole number), ``choice`` (not one of `choices`), ``text`` (too long or not text),
    ``hidden_characters`` (text with control or text-direction characters, `HIDDEN_CHARACTERS`),
    ``unknown`` (no such field), ``satisfaction_shares`` (extremely satisfied + satisfied above
    100 %), ``lost_and_retention`` (a classroom answer, `calculators.classroom`, giving both
    customers lost and retention, which are alternatives). For a whole scenario file (`path`
    is ""): ``file_size`` (above `MAX_SCENARIO_FILE_BYTES`; `value` = its size),
    ``file_encoding`` (not UTF-8),
    ``file_syntax`` (not YAML; `value` = the line, if known), ``file_aliases`` (YAML anchors and
    aliases), ``file_tag`` (a YAML tag such as ``!!python/object``), ``file_structure`` (not a
    mapping of sections, or a version that is not a whole number >= 1), ``file_version``
    (written by a newer version; `value` = that version), and, found before parsing with
    `value` = the line: ``file_nesting`` (nested deeper than `MAX_SCENARIO_DEPTH`),
    ``file_long_text`` (a line longer than `MAX_SCENARIO_LINE_CHARS`, or more than
    `MAX_SCENARIO_TEXT_CHARS` in keys and values) and ``file_content`` (more than
    `MAX_SCENARIO_TOKENS` entries or `MAX_SCENARIO_LINES` lines).
    """

    path: str
    kind: FieldIssueKind
    value: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        """The field's dotted path; empty for a problem of the whole file."""
        return self.path


class ScenarioError(InputError[FieldIssue]):
    """Every bad field of a scenario at once; `issues` lists them."""

    summary = "invalid scenario values"


def _leaf_specs(model: type[BaseModel], prefix: str = "") -> Iterator[FieldSpec]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _leaf_specs(annotation, f"{path}.")
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("unit") == "internal":
            continue
        yield _spec(path, info, extra)


def _spec(path: str, info: FieldInfo, extra: Mapping[str, Any]) -> FieldSpec:
    low = high = None
    max_length = None
    for constraint in info.metadata:
        low = getattr(constraint, "ge", low)
        high = getattr(constraint, "le", high)
        max_length = getattr(constraint, "max_length", max_length)
    unit = _unit(extra.get("unit"), path)
    if unit == "choice":
        choices = tuple(getattr(info.annotation, "__args__", ()))
        kind: Literal["int", "float", "text", "choice"] = "choice"
    else:
        choices = ()
        kind = "int" if info.annotation is int else "float" if info.annotation is float else "text"
    return FieldSpec(
        path=path,
        kind=kind,
        unit=unit,
        default=info.default,
        low=low,
        high=high,
        step=extra.get("step"),
        source=extra.get("source"),
        choices=choices,
        max_length=max_length,
    )


def _unit(value: object, path: str) -> Unit:
    for unit in UNITS:
        if value == unit:
            return unit
    raise TypeError(f"field {path} has no known unit in its metadata: {value!r}")


def _defaults_of(model: type[BaseModel], instance: BaseModel, prefix: str = "") -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = getattr(instance, name)
        if isinstance(value, BaseModel):
            values.update(_defaults_of(type(value), value, f"{prefix}{name}."))
        elif not (
            isinstance(info.json_schema_extra, dict)
            and info.json_schema_extra.get("unit") == "internal"
        ):
            values[f"{prefix}{name}"] = value
    return values


def _with_nested_defaults(specs: Iterator[FieldSpec]) -> dict[str, FieldSpec]:
    # Nested sections (the TARP tables, the SERVQUAL dimensions) have per-instance defaults:
    # take each leaf's default from the default scenario, not from the leaf class.
    defaults = _defaults_of(Scenario, Scenario())
    out = {}
    for spec in specs:
        out[spec.path] = FieldSpec(**{**spec.__dict__, "default": defaults[spec.path]})
    return out


FIELDS: dict[str, FieldSpec] = _with_nested_defaults(_leaf_specs(Scenario))


def flatten(scenario: Scenario) -> dict[str, Any]:
    """Every leaf field as ``{"section.field": value}``, in model order.

    >>> flatten(default_scenario())["retention_program.retention_uplift"]
    0.05
    """
    return _defaults_of(Scenario, scenario)


def non_default_values(scenario: Scenario) -> dict[str, Any]:
    """The leaf fields whose value differs from the default scenario (what a share link carries).

    >>> non_default_values(default_scenario())
    {}
    """
    return {
        path: value for path, value in flatten(scenario).items() if value != FIELDS[path].default
    }


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path, value in flat.items():
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return tree


def _issue_for(path: str, error: Mapping[str, Any], value: Any) -> FieldIssue:
    spec = FIELDS.get(path)
    kind_by_type: dict[str, FieldIssueKind] = {
        "greater_than_equal": "range",
        "less_than_equal": "range",
        "finite_number": "range",
        "float_parsing": "number",
        "float_type": "number",
        "int_parsing": "number",
        "int_type": "number",
        "int_from_float": "whole",
        "literal_error": "choice",
        "string_too_long": "text",
        "hidden_characters": "hidden_characters",
        "string_type": "text",
        "extra_forbidden": "unknown",
    }
    cross_field = _CROSS_FIELD_ERRORS.get(error["type"])
    kind = cross_field[0] if cross_field else kind_by_type.get(error["type"], "number")
    if kind == "number" and is_finite_number(_as_float(value)) and spec and spec.kind == "int":
        kind = "whole"  # "12.5" for a count of customers
    elif kind == "number" and isinstance(value, float | int) and not isinstance(value, bool):
        kind = "range"  # NaN and infinity arrive as numbers: report the allowed range.
    if spec is None:
        return FieldIssue(path=path, kind="unknown", value=value)
    return FieldIssue(
        path=path, kind=kind, value=value, low=spec.low, high=spec.high, choices=spec.choices
    )


def _as_float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int beyond a float
        return None


def _errors(flat: Mapping[str, Any]) -> list[FieldIssue]:
    try:
        Scenario.model_validate(_nest(flat))
    except ValidationError as exc:
        issues = []
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            path = ".".join(loc)
            if error["type"] in _CROSS_FIELD_ERRORS:
                path = _CROSS_FIELD_ERRORS[error["type"]][1]
            issues.append(_issue_for(path, error, flat.get(path, error.get("input"))))
        return issues
    return []


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def apply_values(
    scenario: Scenario, values: Mapping[str, Any]
) -> tuple[Scenario, list[FieldIssue]]:
    """Apply ``{"section.field": value}`` to `scenario`, keeping what is valid.

    Every value is validated like a typed one (strings are parsed: "0.85", "1000"). A bad value
    leaves that field as it was and is reported as a `FieldIssue`; the good ones are applied.
    Unknown paths are reported with kind ``unknown``. A value that clashes with another field
    (satisfaction shares above 100 % together) is reported on the field being changed.

    >>> s, issues = apply_values(default_scenario(), {"business.retention": 1.5})
    >>> s.business.retention, issues[0].kind, issues[0].high
    (0.8, 'range', 0.99)
    """
    current = flatten(scenario)
    issues: list[FieldIssue] = []
    pending: dict[str, Any] = {}
    for path, value in values.items():
        if path not in FIELDS:
            issues.append(FieldIssue(path=path, kind="unknown", value=value))
        elif _is_blank(value) and FIELDS[path].kind != "text":
            issues.append(_issue_for(path, {"type": "float_parsing"}, value))
        else:
            pending[path] = value
    if pending and not _errors({**current, **pending}):
        return Scenario.model_validate(_nest({**current, **pending})), issues

    # Something is wrong: apply one value at a time, so each problem is blamed on its field.
    # A second pass retries values that only clashed with a field applied after them.
    accepted: dict[str, Any] = {}
    rejected: dict[str, FieldIssue] = {}
    for _ in range(2):
        for path, value in pending.items():
            if path in accepted:
                continue
            problems = _errors({**current, **accepted, path: value})
            if problems:
                own = [issue for issue in problems if issue.path == path]
                first = own[0] if own else problems[0]
                spec = FIELDS[path]
                rejected[path] = FieldIssue(
                    path=path,
                    kind=first.kind,
                    value=value,
                    low=spec.low,
                    high=spec.high,
                    choices=spec.choices,
                )
            else:
                accepted[path] = value
                rejected.pop(path, None)
    issues.extend(rejected.values())
    return Scenario.model_validate(_nest({**current, **accepted})), issues


def scenario_from_values(values: Mapping[str, Any]) -> Scenario:
    """A scenario from defaults plus `values`; raises `ScenarioError` listing every bad field.

    >>> scenario_from_values({"business.retention": 0.9}).business.retention
    0.9
    >>> try:
    ...     scenario_from_values({"business.retention": "high", "business.currency": "JPY"})
    ... except ScenarioError as error:
    ...     print([(issue.path, issue.kind) for issue in error.issues])
    [('business.retention', 'number'), ('business.currency', 'choice')]
    """
    scenario, issues = apply_values(default_scenario(), values)
    if issues:
        raise ScenarioError(issues)
    return scenario


def is_finite_number(value: Any) -> bool:
    """True for an int or float that is neither NaN nor infinite (bools excluded).

    >>> is_finite_number(0.8), is_finite_number(float("nan")), is_finite_number(True)
    (True, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- Scenario files -------------------------------------------------------------------------

SCENARIO_FILE_VERSION = 1
# A full scenario file is about 4 KB; anything far larger is not one, and a size cap keeps a
# hostile file (alias bombs, deep nesting) cheap to reject.
MAX_SCENARIO_FILE_BYTES = 64 * 1024
# What a scenario file can hold, checked in one linear pass before YAML parses it: PyYAML's
# parser holds the GIL, so a file it is slow on stalls every session of the server (issue #17).
# Nesting: the format has three levels of collections (the file, a section, a group of fields:
# word_of_mouth.loyalty_small.silent), one more lets a value wrongly written as a list or a
# mapping be reported on its field; any deeper is not a scenario.
MAX_SCENARIO_DEPTH = 4
# PyYAML's pure-Python parser takes about 15 µs a token (each key, value, "-", ":", bracket)
# and 0.5-2 µs a character of a key or value or a line break; these caps, each a few times what
# a full saved file has (236 tokens, 85 lines, about 1,300 characters of keys and values), keep
# the parse of any file under the size cap to a few tens of milliseconds.
MAX_SCENARIO_TOKENS = 1_000
MAX_SCENARIO_LINES = 1_000
MAX_SCENARIO_TEXT_CHARS = 8_000
# A saved file's lines are under 150 characters. The cap also keeps every number written in the
# file under Python's 4,300-digit limit for converting text to int.
MAX_SCENARIO_LINE_CHARS = 2_000
# Upgrades from older file versions: MIGRATIONS[v] turns a version-v mapping into version v+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_UNIT_NOTES: dict[Unit, str] = {
    "count": "whole number",
    "money": "money in the scenario's currency",
    "percent": "fraction, 0.8 = 80%",
    "pp": "percentage points as a fraction, 0.05 = +5 pp",
    "ratio": "multiple",
    "people": "people",
    "rate": "per year",
    "score": "1-7 scale",
    "weight": "importance, normalised over the five dimensions",
}


def _comment(spec: FieldSpec) -> str:
    if spec.kind == "choice":
        return " | ".join(spec.choices)
    if spec.kind == "text":
        return f"text, at most {spec.max_length} characters"
    note = _UNIT_NOTES.get(spec.unit, spec.unit)
    return f"{note}; {_plain(spec.low)} to {_plain(spec.high)}"


def _plain(bound: float | None) -> str:
    if bound is None:
        return "-"
    return f"{int(bound):,}" if bound == int(bound) else f"{bound:g}"


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as readable YAML: every field, with its unit and range as a comment.

    >>> text = dump_scenario(default_scenario())
    >>> "retention: 0.8  # fraction, 0.8 = 80%; 0 to 0.99" in text
    True
    >>> load_scenario(text) == default_scenario()
    True
    """
    lines = [
        "# Retention Lab scenario. Rates are fractions (0.8 = 80%); money is per customer",
        "# per year unless the comment says otherwise.",
        f"version: {SCENARIO_FILE_VERSION}",
    ]
    opened: list[str] = []
    for path, value in flatten(scenario).items():
        *parents, leaf = path.split(".")
        common = 0
        while common < min(len(parents), len(opened)) and parents[common] == opened[common]:
            common += 1
        for depth in range(common, len(parents)):
            lines.append(f"{'  ' * depth}{parents[depth]}:")
        opened = parents
        shown = yaml.safe_dump(value, default_style=None, width=1000).strip()
        shown = shown.removesuffix("\n...").removesuffix("...").strip()
        lines.append(f"{'  ' * len(parents)}{leaf}: {shown}  # {_comment(FIELDS[path])}")
    return "\n".join(lines) + "\n"


def _file_issue(kind: FieldIssueKind, value: Any = None) -> ScenarioError:
    return ScenarioError([FieldIssue(path="", kind=kind, value=value)])


# What `yaml_shape` found wrong -> the issue reported for the file.
_SHAPE_ISSUES: dict[ShapeProblem, FieldIssueKind] = {
    "depth": "file_nesting",
    "tokens": "file_content",
    "lines": "file_content",
    "text": "file_long_text",
    "line": "file_long_text",
    "alias": "file_aliases",
    "tag": "file_tag",
}


class _LimitPassed(yaml.YAMLError):
    """The parser passed a limit of scenario files; `kind` and `line` say which and where."""

    def __init__(self, kind: FieldIssueKind, line: int | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.line = line


class _ScenarioLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that stops at the limits of a scenario file.

    `yaml_shape` refuses such files before any parsing; these checks are the backstop that keeps
    the parser's work bounded even for a text that pass got wrong: tokens, nesting, anchors
    and aliases. Integers too large for a float become infinite, so that validation can compare
    them with a field's bounds (and refuse them).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.fetches = 0

    def fetch_more_tokens(self) -> None:
        self.fetches += 1
        if self.fetches > MAX_SCENARIO_TOKENS + 2:  # the stream's start and end are tokens too
            raise _LimitPassed("file_content", self.line + 1)
        super().fetch_more_tokens()

    def add_indent(self, column: int) -> bool:
        added = super().add_indent(column)
        if len(self.indents) + self.flow_level > MAX_SCENARIO_DEPTH:
            raise _LimitPassed("file_nesting", self.line + 1)
        return added

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if len(self.indents) + self.flow_level >= MAX_SCENARIO_DEPTH:
            raise _LimitPassed("file_nesting", self.line + 1)
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _LimitPassed("file_aliases")
        return super().compose_node(parent, index)

    def construct_finite_int(self, node: yaml.ScalarNode) -> int | float:
        value = self.construct_yaml_int(node)
        if abs(value) <= sys.float_info.max:
            return value
        return math.inf if value > 0 else -math.inf


_ScenarioLoader.add_constructor("tag:yaml.org,2002:int", _ScenarioLoader.construct_finite_int)


def _flat_paths(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and not any(p == path for p in FIELDS):
            flat.update(_flat_paths(value, f"{path}."))
        else:
            flat[path] = value
    return flat


def scenario_from_mapping(data: Any) -> Scenario:
    """A scenario from a parsed file's mapping (sections of fields); `ScenarioError` if bad.

    Older file versions are upgraded first; a missing version means version 1.

    >>> scenario_from_mapping({"version": 1, "business": {"retention": 0.9}}).business.retention
    0.9
    """
    if not isinstance(data, Mapping):
        raise _file_issue("file_structure")
    data = dict(data)
    version = data.pop("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _file_issue("file_structure", version)
    if version > SCENARIO_FILE_VERSION:
        raise _file_issue("file_version", version)
    for step in range(version, SCENARIO_FILE_VERSION):
        data = MIGRATIONS[step](data)
    scenario, issues = apply_values(default_scenario(), _flat_paths(data))
    if issues:
        raise ScenarioError(issues)
    return scenario


def load_scenario(text: str | bytes) -> Scenario:
    """Read a scenario file written by `dump_scenario` (or by hand): ``yaml.safe_load`` only.

    Raises `ScenarioError` listing every problem: a file too large, nested too deep, with far
    too many entries or lines or too long a text (all found by `yaml_shape` in one linear pass
    before parsing), not YAML, with aliases or tags, not a mapping, from a newer version, or
    with unknown or out-of-range fields. Any file up to `MAX_SCENARIO_FILE_BYTES` is read or
    refused in well under 100 ms of CPU (``benchmarks/hostile_inputs.py``).

    >>> load_scenario("business:\\n  retention: 0.9\\n").business.retention
    0.9
    >>> try:
    ...     load_scenario("business:\\n  retention: 1.5\\n  customers: 3\\n")
    ... except ScenarioError as error:
    ...     print([(issue.path, issue.kind) for issue in error.issues])
    [('business.customers', 'unknown'), ('business.retention', 'range')]
    """
    if isinstance(text, bytes):
        if len(text) > MAX_SCENARIO_FILE_BYTES:
            raise _file_issue("file_size", len(text))
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _file_issue("file_encoding") from None
    if len(text.encode("utf-8")) > MAX_SCENARIO_FILE_BYTES:
        raise _file_issue("file_size", len(text))
    shape = yaml_shape(
        text,
        max_depth=MAX_SCENARIO_DEPTH,
        max_tokens=MAX_SCENARIO_TOKENS,
        max_text=MAX_SCENARIO_TEXT_CHARS,
        max_lines=MAX_SCENARIO_LINES,
        max_line=MAX_SCENARIO_LINE_CHARS,
    )
    if shape.problem is not None:
        kind = _SHAPE_ISSUES[shape.problem]
        raise _file_issue(kind, None if kind in ("file_aliases", "file_tag") else shape.line)
    loader = None
    try:
        loader = _ScenarioLoader(text)  # refuses a non-printable character at once
        data = loader.get_single_data()
    except _LimitPassed as limit:
        raise _file_issue(limit.kind, limit.line) from None
    except yaml.constructor.ConstructorError:
        raise _file_issue("file_tag") from None  # !!python/object and friends
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise _file_issue("file_syntax", line) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        # ValueError: an explicit !!int beyond Python's digit limit, should the pass miss it.
        raise _file_issue("file_syntax") from None
    finally:
        if loader is not None:
            loader.dispose()
    return scenario_from_mapping(data)
