"""Tests for calculators.issues: every input's errors have one shape, whatever the input."""

from __future__ import annotations

import pytest

from calculators.issues import InputError
from calculators.scenario import ScenarioError, load_scenario
from calculators.surveys import SurveyError, read_survey
from calculators.transactions import TransactionFileError, read_transactions


@pytest.mark.parametrize(
    ("read", "data", "error_type", "message"),
    [
        (
            load_scenario,
            "business:\n  retention: 1.5\n",
            ScenarioError,
            "invalid scenario values: range (business.retention)",
        ),
        (load_scenario, "- a list\n", ScenarioError, "invalid scenario values: file_structure"),
        (
            read_transactions,
            b"customer;amount\nA;5\n",
            TransactionFileError,
            "data cannot be read as transactions: missing_column (date)",
        ),
        (read_survey, "", SurveyError, "unusable survey file: file_empty"),
    ],
)
def test_every_input_error_lists_its_issues_the_same_way(read, data, error_type, message) -> None:
    with pytest.raises(error_type) as caught:
        read(data)
    error = caught.value
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert str(error) == message
    assert isinstance(error.issues, list) and error.issues
