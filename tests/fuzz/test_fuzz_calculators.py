"""Fuzz: any valid scenario through every page's report. Only a ValueError with a message may
come out — never another exception, and never NaN or infinity where a page shows a number."""

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from calculators import compare
from calculators.reports import acquisition, expectations, loyalty, overview, word_of_mouth
from calculators.scenario import Scenario
from tests.strategies import scenarios

# Every function a page calls with the whole scenario. Results marked "n/a" on screen are None.
REPORTS: dict[str, Callable[[Scenario], Any]] = {
    "overview": overview.overview_report,
    "acquisition": acquisition.acquisition_report,
    "word_of_mouth": word_of_mouth.word_of_mouth_report,
    "loyalty": loyalty.loyalty_report,
    "expectations": expectations.expectations_report,
}
# Headline results that may legitimately not exist (shown as "n/a"): NaN by design.
MAY_BE_MISSING = {"ltv_to_cac", "payback_years"}
# Report tables whose % changes are NaN where the value before is 0; pages show them as "n/a".
NAN_MEANS_NOT_APPLICABLE = {"loyalty.impact.firm_years[DataFrame]", "loyalty.curve[DataFrame]"}


def non_finite(value: Any, where: str = "") -> list[str]:
    """Paths inside `value` that hold NaN or infinity."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, int | float):
        return [] if math.isfinite(value) else [where]
    if isinstance(value, pd.DataFrame):
        numeric = value.select_dtypes("number")
        bad = ~numeric.apply(lambda column: column.map(math.isfinite)).to_numpy()
        return [f"{where}[DataFrame]"] if bad.any() else []
    if isinstance(value, pd.Series):
        return [] if value.map(math.isfinite).all() else [f"{where}[Series]"]
    if dataclasses.is_dataclass(value):
        return [
            bad
            for field in dataclasses.fields(value)
            for bad in non_finite(getattr(value, field.name), f"{where}.{field.name}")
        ]
    if isinstance(value, dict):
        return [bad for k, v in value.items() for bad in non_finite(v, f"{where}[{k!r}]")]
    if isinstance(value, list | tuple):
        return [bad for i, v in enumerate(value) for bad in non_finite(v, f"{where}[{i}]")]
    return []


@pytest.mark.parametrize("name", sorted(REPORTS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_every_report_gives_finite_numbers_or_a_clear_value_error(name, scenario):
    try:
        result = REPORTS[name](scenario)
    except ValueError as error:
        assert str(error), "a ValueError must say what is wrong"
        return
    assert [bad for bad in non_finite(result, name) if bad not in NAN_MEANS_NOT_APPLICABLE] == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_headline_results_are_finite_or_marked_missing(scenario):
    values = compare.headline_values(scenario)
    bad = [k for k, v in values.items() if not math.isfinite(v) and k not in MAY_BE_MISSING]
    assert bad == []
