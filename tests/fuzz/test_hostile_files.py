"""Hostile files that spreadsheets and sales programs produce, each with its expected outcome.

Scenario YAML files (python tags, alias bombs, deep nesting, 10 MB) are covered in
tests/calculators/test_scenario_files.py; broken sales exports (binary, empty, one column,
missing columns, bad dates) in tests/calculators/test_transactions.py. Here: the extremes and
what must never leak into an export.
"""

import csv
import io
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.compare import differing_inputs, to_csv
from calculators.scenario import (
    ScenarioError,
    default_scenario,
    dump_scenario,
    load_scenario,
    scenario_from_values,
)
from calculators.transactions import MAX_COLUMNS, TransactionFileError, read_transactions

FORMULA = '=HYPERLINK("http://evil.example","click")'


def _csv(rows, separator=";", encoding="utf-8") -> bytes:
    return "\n".join(separator.join(row) for row in rows).encode(encoding)


def test_as_many_columns_as_the_limit_are_read_and_the_right_three_found():
    extra = MAX_COLUMNS - 3
    header = ["cliente", "data", "importo", *[f"extra_{n}" for n in range(extra)]]
    body = [
        ["C1", "03/02/2024", "10,50", *["x"] * extra],
        ["C2", "04/02/2024", "7,00", *["y"] * extra],
    ]
    started = time.perf_counter()
    transactions = read_transactions(_csv([header, *body]))
    assert time.perf_counter() - started < 10  # generous: only to catch a pathological slowdown
    assert transactions.summary.customers == 2
    assert transactions.frame["amount"].sum() == pytest.approx(17.5)
    with pytest.raises(TransactionFileError) as error:
        read_transactions(_csv([[*header, "one_more"], [*body[0], "z"]]))
    assert [issue.kind for issue in error.value.issues] == ["too_many_columns"]


def test_a_file_mixing_encodings_is_read_without_crashing():
    # An export glued together from a UTF-8 and a cp1252 file: the bytes are not valid UTF-8.
    head = "cliente;data;importo\nNiccolò;01/03/2024;10,00\n".encode()
    tail = "Caffè Rossi;02/03/2024;5,00\n".encode("cp1252")
    transactions = read_transactions(head + tail)
    assert transactions.summary.customers == 2


def test_a_formula_in_a_customer_cell_is_only_data():
    rows = [["cliente", "data", "importo"], [FORMULA.replace(";", ","), "01/03/2024", "10,00"]]
    transactions = read_transactions(_csv(rows, separator=";"))
    assert transactions.summary.customers == 1


@pytest.mark.parametrize("field", ["business.name"])
def test_a_formula_typed_as_a_name_comes_out_escaped_in_the_comparison_csv(field):
    hostile = scenario_from_values({field: FORMULA[:80]})
    table = differing_inputs({"mine": hostile, FORMULA: default_scenario()})
    rows = [["item", *table.columns], *[[path, *table.loc[path]] for path in table.index]]
    exported = list(csv.reader(io.StringIO(to_csv(rows))))
    cells = [cell for row in exported for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'" + FORMULA in cells  # the scenario named like a formula, escaped
    assert "'" + FORMULA[:80] in cells


def test_a_formula_in_a_scenario_file_stays_a_plain_string():
    text = dump_scenario(scenario_from_values({"business.name": FORMULA[:80]}))
    assert load_scenario(text).business.name == FORMULA[:80]


@pytest.mark.parametrize(
    ("read", "refusal"),
    [(read_transactions, TransactionFileError), (load_scenario, ScenarioError)],
    ids=["transactions", "scenario file"],
)
@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2048))
def test_any_bytes_are_read_or_clearly_refused(read, refusal, data):
    try:
        read(data)
    except refusal as error:
        assert error.issues, "a refusal says why"


def test_old_mac_line_ends_are_read():
    # Found by the random-bytes test: a lone "\r" made the separator sniffing crash.
    transactions = read_transactions(
        b"cliente;data;importo\rC1;01/02/2024;10,00\rC2;02/02/2024;5\r"
    )
    assert transactions.summary.customers == 2
