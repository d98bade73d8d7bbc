"""How much CPU a hostile upload can take; prints figures, asserts nothing.

    /work/venv/bin/python benchmarks/hostile_inputs.py [--sizes 1 10] [--only WORD] [--cpu-limit 30]

The Streamlit server runs every session's script in one Python process, and the readers hold
the GIL: while one upload is being read, every other session waits. So each reader must finish
(or refuse) any input quickly, whatever its shape. Targets (issue #17):

- a scenario file (at most 64 KB) is accepted or refused in ≤ 100 ms of CPU;
- a data file (sales export, survey, NPS answers) takes at most 200 ms of CPU per MB, a file
  under 1 MB counting as 1 MB, whatever its shape. Workbooks too: the hostile ones of
  ``tests/data/spreadsheets.py`` (`hostile_workbooks`: zip bombs, far cells, a million
  formatted empty rows, repetitions, patched .xls, foreign files) are read as the "Your data"
  page reads an upload (`read_transactions`), their CPU counting the child process that reads
  .xls and .ods files (``RUSAGE_CHILDREN``).

Each case is built in memory and read in a fresh Python process (so one pathological case
cannot slow the next), with the reader warmed up first on a small valid file; the time is
``time.process_time()`` around the one call (all threads of the process). A case that passes
``--cpu-limit`` seconds of CPU or 4 GB of memory is stopped and shown as such. Data cases run
at each of ``--sizes`` (MB; survey and NPS files are refused above 5 MB, so for them a larger
size is measured just under 5 MB): figures that stay flat per MB as the size grows mean linear
time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIO_TARGET_MS = 100.0
DATA_TARGET_MS_PER_MB = 200.0
SCENARIO_BYTES = 64 * 1024
MB = 1024 * 1024
# Survey and NPS files are refused above 5 MB; the larger sizes are measured just under that.
SURVEY_BYTES = 5 * MB - 64 * 1024
MEMORY_LIMIT_BYTES = 4 * 1024**3
DEFAULT_SIZES_MB = (1.0, 10.0)
DEFAULT_CPU_LIMIT_S = 30
REPEAT_UNTIL_S = 0.3
MAX_REPEATS = 20


# --- scenario files (each at most 64 KB) ----------------------------------------------------


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    return "\n".join(lines) + "\n"


def _nested_anchors() -> str:
    # Each anchor nests the previous one: deep nesting and aliases in one file.
    lines = ["a0: &a0 [x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}, [*a{n - 1}]]" for n in range(1, 2000)]
    return _fit("\n".join(lines))


def _staircase() -> str:
    # Block mappings nested by indentation: key k at k spaces, as deep as 64 KB allows.
    lines, size, depth = [], 0, 0
    while size + depth + 4 < SCENARIO_BYTES:
        lines.append(" " * depth + f"k{depth % 10}:")
        size += depth + 4
        depth += 1
    return "\n".join(lines)


def _every_cap() -> str:
    # Just under each limit of the pass: 300 keys and values (about 900 tokens) with 8 KB of
    # text in them, padded with comments to 1,000 lines and 64 KB: the most a file the pass
    # lets through can ask of the parser.
    lines = [f"k{n}: {'a ' * 11}a  # {'x' * 140}" for n in range(300)]
    lines += ["# " + "x" * 60] * (1000 - len(lines))
    return _fit("\n".join(lines))


def _fit(text: str) -> str:
    return text[:SCENARIO_BYTES]


def _dump() -> str:
    from calculators.scenario import default_scenario, dump_scenario

    return dump_scenario(default_scenario())


SCENARIO_CASES: dict[str, Callable[[], str | bytes]] = {
    "a full scenario (as saved)": _dump,
    "5,000 [": lambda: "[" * 5000,
    "64 KB of [": lambda: "[" * SCENARIO_BYTES,
    "64 KB of {": lambda: "{" * SCENARIO_BYTES,
    "64 KB of [ then ]": lambda: "[" * (SCENARIO_BYTES // 2) + "]" * (SCENARIO_BYTES // 2),
    "64 KB of {a: {a: …": lambda: _fit("{a: " * SCENARIO_BYTES),
    "64 KB of '- - - …'": lambda: "- " * (SCENARIO_BYTES // 2),
    "indentation staircase": _staircase,
    "billion laughs": _billion_laughs,
    "nested anchors": _nested_anchors,
    "one 64 KB line": lambda: "business:\n  name: " + "a" * (SCENARIO_BYTES - 20),
    "one 64 KB line of 'a a a'": lambda: "business:\n  name: " + "a " * (SCENARIO_BYTES // 2 - 10),
    "64 KB quoted text over lines": lambda: '"' + "a a\n" * (SCENARIO_BYTES // 4 - 1) + '"',
    "64 KB of comments": lambda: ("# " + "x" * 98 + "\n") * (SCENARIO_BYTES // 101),
    "a list of 30,000 numbers": lambda: _fit("x: [" + "1," * SCENARIO_BYTES)[:-1] + "]",
    "9,000 keys": lambda: _fit("".join(f"k{n}: {n}\n" for n in range(9000))),
    "a 60,000-digit number": lambda: "business:\n  retention: " + "1" * 60_000,
    "a base-60 number": lambda: "business:\n  retention: 1" + ":1" * 20_000,
    "a !!int tag on 20,000 digits": lambda: 'x: !!int "' + "1" * 20_000 + '"',
    "!!python/object": lambda: '!!python/object/apply:os.system ["echo owned"]',
    "64 KB of random bytes": lambda: os.urandom(SCENARIO_BYTES),
    "1,000 blank lines": lambda: "\n" * 1000,
    "300 keys, 180 spaces before each value": lambda: "".join(
        f"k{n}:" + " " * 180 + "1\n" for n in range(300)
    ),
    "every cap at once": _every_cap,
}


# --- data files (sized in MB) ---------------------------------------------------------------

HEADER = "cliente;data;importo\n"


def _repeat(unit: str, size: int, head: str = "") -> str:
    count = max(1, (size - len(head)) // len(unit))
    return head + unit * count


def _columns(size: int, separator: str = ";") -> str:
    # Header and one row, as many columns as fit: a million columns near 10 MB.
    count = max(3, size // 2 // 8)
    header = separator.join(f"c{n}" for n in range(count))
    return header + "\n" + separator.join("1" for _ in range(count)) + "\n"


def _survey_rows(size: int) -> str:
    from calculators.surveys import example_survey_csv

    header, *rows = example_survey_csv().splitlines()
    body = "\n".join(rows) + "\n"
    return header + "\n" + body * max(1, (size - len(header)) // len(body))


def _valid_then(tail: str) -> str:
    """100 KB of valid rows (more than the part the separator is guessed from), then `tail`."""
    return _repeat("C1234;31/01/2024;123,45\n", 100 * 1024, HEADER) + tail


DATA_SHAPES: dict[str, Callable[[int], str]] = {
    "a real export (valid rows)": lambda size: _repeat("C1234;31/01/2024;123,45\n", size, HEADER),
    "deep quoting: only quotes": lambda size: '"' * size,
    "a quote never closed": lambda size: _repeat("a", size, HEADER + '"'),
    "one huge line, no separator": lambda size: "a" * size,
    "one huge line of separators": lambda size: ";" * size,
    "header, then a line of separators": lambda size: _repeat(";", size, HEADER),
    "a million columns": _columns,
    "many quotes: every cell quoted": lambda size: _repeat(
        '"C""1";"31/01/2024";"1""2,5"\n', size, HEADER
    ),
    "rows of one column": lambda size: _repeat("x\n", size),
    "header, then one-column rows": lambda size: _repeat("x\n", size, HEADER),
    "header, then blank lines": lambda size: _repeat("\n", size, HEADER),
    "one huge cell": lambda size: HEADER + "C1;31/01/2024;1\n" + "C" * size + ";31/01/2024;1\n",
    "a huge amount: digits and an x": lambda size: HEADER + "C1;31/01/2024;" + "1" * size + "x\n",
    "lone CR line ends": lambda size: _repeat("C1;31/01/2024;1,5\r", size, HEADER),
    "valid rows, then a line of separators": lambda size: _valid_then(";" * size),
    "valid rows, then a quote never closed": lambda size: _valid_then(
        'C9;01/01/2024;"' + "a" * size
    ),
    "valid rows, then blank lines": lambda size: _valid_then("\n" * size),
    "valid rows, then a huge amount: digits and an x": lambda size: _valid_then(
        "C9;01/01/2024;" + "1" * size + "x\n"
    ),
    "valid rows, then a huge date": lambda size: _valid_then("C9;" + "1" * size + ";1\n"),
    "valid rows, then one-field lines": lambda size: _valid_then("x\n" * (size // 2)),
    "1,000 columns, many rows": lambda size: _repeat(
        ";".join(["C1", "31/01/2024", "1,5", *["x"] * 997]) + "\n",
        size,
        ";".join(["cliente", "data", "importo", *[f"e{n}" for n in range(997)]]) + "\n",
    ),
    "500 columns (the limit), many rows": lambda size: _repeat(
        ";".join(["C1", "31/01/2024", "1,5", *["x"] * 497]) + "\n",
        size,
        ";".join(["cliente", "data", "importo", *[f"e{n}" for n in range(497)]]) + "\n",
    ),
    "2 million short rows (the limit)": lambda size: _repeat(
        "C1;1/1/24;1\n", min(size, 2_000_000 * 12), HEADER
    ),
    "200 columns, many rows": lambda size: _repeat(
        ";".join(["C1", "31/01/2024", "1,5", *["x"] * 197]) + "\n",
        size,
        ";".join(["cliente", "data", "importo", *[f"e{n}" for n in range(197)]]) + "\n",
    ),
}
SURVEY_SHAPES: dict[str, Callable[[int], str]] = {
    "a real survey (valid rows)": _survey_rows,
    "NPS answers, one a line": lambda size: _repeat("7\n", size, "nps\n"),
    "deep quoting: only quotes": lambda size: '"' * size,
    "a quote never closed": lambda size: _repeat("a", size, 'nps\n"'),
    "one huge line, no separator": lambda size: "a" * size,
    "one huge line of separators": lambda size: "," * size,
    "a million columns": lambda size: _columns(size, ","),
    "many quotes: every cell quoted": lambda size: _repeat('"7"\n', size, "nps\n"),
    "rows of empty cells": lambda size: _repeat(",,,,,,,,,\n", size, _survey_rows(0)),
    "header, then blank lines": lambda size: _repeat("\n", size, "nps\n"),
    "one huge cell": lambda size: "nps\n" + "7" * size + "\n",
    "a huge number: digits and an x": lambda size: "nps\n" + "1" * size + "x\n",
}


# --- measuring (in a child process) ---------------------------------------------------------


def _reader(kind: str) -> tuple[Callable[[bytes], object], type[Exception], bytes]:
    """The reader a page calls for `kind`, the refusal it raises, and a small valid input."""
    if kind == "scenario":
        from calculators.scenario import ScenarioError, load_scenario

        return load_scenario, ScenarioError, b"business:\n  retention: 0.9\n"
    if kind == "transactions":
        from calculators.transactions import TransactionFileError, read_transactions

        valid = (HEADER + "C1;31/01/2024;1,5\nC2;01/02/2024;2\n").encode()
        return read_transactions, TransactionFileError, valid
    if kind == "workbook":
        from calculators.transactions import TransactionFileError, read_transactions
        from tests.data.spreadsheets import xlsx_sales

        return read_transactions, TransactionFileError, xlsx_sales()
    from calculators.surveys import SurveyError, example_survey_csv, read_nps_scores, read_survey

    if kind == "survey":
        return read_survey, SurveyError, example_survey_csv().encode()
    return read_nps_scores, SurveyError, b"nps\n7\n9\n"


def _input(kind: str, shape: str, size: int) -> bytes:
    if kind == "workbook":
        from tests.data.spreadsheets import hostile_workbooks

        return next(each for each in hostile_workbooks() if each.name == shape).build()
    if kind == "scenario":
        text = SCENARIO_CASES[shape]()
        return text if isinstance(text, bytes) else text.encode("utf-8")
    shapes = DATA_SHAPES if kind == "transactions" else SURVEY_SHAPES
    return shapes[shape](size).encode("utf-8")


def measure(kind: str, shape: str, size: int) -> dict[str, object]:
    """Read one case (after a warm-up); its mean CPU time (with its child processes'), size
    and outcome.

    The kernel may count CPU time in ticks of a few milliseconds, so a fast case is read again
    until the runs add up to `REPEAT_UNTIL_S` (at most `MAX_REPEATS` runs) and the mean shown.
    """
    read, refusal, valid = _reader(kind)
    read(valid)
    data = _input(kind, shape, size)
    runs, total = 0, 0.0
    children = _children_cpu()
    while runs < MAX_REPEATS and (runs == 0 or total < REPEAT_UNTIL_S):
        started = time.process_time() + _children_cpu()
        try:
            read(data)
            outcome = "read"
        except refusal as error:
            issues = getattr(error, "issues", [])
            outcome = "refused: " + ", ".join(sorted({str(issue.kind) for issue in issues}))
        except Exception as error:  # the figures must show any crash, not stop
            outcome = f"CRASH {type(error).__name__}: {str(error)[:60]}"
        total += time.process_time() + _children_cpu() - started
        runs += 1
    child_s = (_children_cpu() - children) / runs
    return {
        "cpu_s": total / runs,
        "child_s": child_s,
        "bytes": len(data),
        "outcome": outcome,
        "runs": runs,
    }


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the reader's child process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_case(kind: str, shape: str, size: int, cpu_limit_s: int) -> dict[str, object]:
    """`measure` in a fresh process with CPU and memory limits."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit_s, cpu_limit_s + 5))
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))

    child = subprocess.run(
        [sys.executable, __file__, "--measure", kind, shape, str(size)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=limits,
        check=False,
    )
    lines = child.stdout.strip().splitlines()
    if child.returncode == 0 and lines:
        result: dict[str, object] = json.loads(lines[-1])
        return result
    if child.returncode in (-9, -24):  # SIGKILL / SIGXCPU: the CPU limit
        return {"cpu_s": None, "outcome": f"stopped: over {cpu_limit_s} s of CPU"}
    last = (child.stderr.strip().splitlines() or ["?"])[-1]
    return {"cpu_s": None, "outcome": f"died (exit {child.returncode}): {last[:70]}"}


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=float,
        nargs="+",
        default=list(DEFAULT_SIZES_MB),
        help="data file sizes, MB",
    )
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--cpu-limit", type=int, default=DEFAULT_CPU_LIMIT_S, help="s per case")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        kind, shape, size = args.measure
        print(json.dumps(measure(kind, shape, int(size))))
        return

    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}")
    print(f"Scenario files (≤ 64 KB): CPU per file, target ≤ {SCENARIO_TARGET_MS:.0f} ms")
    for shape in SCENARIO_CASES:
        if args.only.lower() not in f"scenario {shape}".lower():
            continue
        result = run_case("scenario", shape, 0, args.cpu_limit)
        cpu_s = result["cpu_s"]
        if isinstance(cpu_s, float):
            ms = cpu_s * 1000
            shown = f"{ms:9.1f} ms  [{verdict(ms <= SCENARIO_TARGET_MS)}]"
        else:
            shown = f"{'—':>12}  [OVER]"
        print(f"  {shape:<34} {shown}  {result['outcome']}")

    print(
        f"Data files: CPU per MB (a file under 1 MB counts as 1 MB), "
        f"target ≤ {DATA_TARGET_MS_PER_MB:.0f} ms/MB"
    )
    for kind, shapes in (("transactions", DATA_SHAPES), ("survey", SURVEY_SHAPES)):
        for shape in shapes:
            readers = [kind] if kind == "transactions" else ["survey", "nps"]
            for reader in readers:
                name = f"{reader}: {shape}"
                if args.only.lower() not in name.lower():
                    continue
                for size_mb in args.sizes:
                    size = int(size_mb * MB)
                    if reader != "transactions":
                        size = min(size, SURVEY_BYTES)
                    result = run_case(reader, shape, size, args.cpu_limit)
                    cpu_s = result["cpu_s"]
                    if isinstance(cpu_s, float):
                        size = result["bytes"]
                        assert isinstance(size, int)
                        per_mb = cpu_s * 1000 / max(size / MB, 1.0)
                        ok = per_mb <= DATA_TARGET_MS_PER_MB
                        shown = f"{cpu_s * 1000:8.0f} ms {per_mb:7.1f} ms/MB  [{verdict(ok)}]"
                    else:
                        shown = f"{'—':>11} {'—':>13}  [OVER]"
                    print(f"  {name:<46} {size / MB:4.1f} MB {shown}  {result['outcome']}")
    show_workbooks(args.only, args.cpu_limit)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average after: {load}")


def show_workbooks(only: str, cpu_limit_s: int) -> None:
    """The hostile workbooks, each read as the "Your data" page reads an upload."""
    from tests.data.spreadsheets import hostile_workbooks

    print(
        "Workbooks, read as the page does (read_transactions): CPU of the process and of the"
        f" child that reads xls/ods, target ≤ {DATA_TARGET_MS_PER_MB:.0f} ms/MB"
    )
    for workbook in hostile_workbooks():
        name = f"{workbook.name}: {workbook.description}"
        if only.lower() not in f"workbook {name}".lower():
            continue
        result = run_case("workbook", workbook.name, 0, cpu_limit_s)
        cpu_s, child_s = result["cpu_s"], result.get("child_s")
        if isinstance(cpu_s, float) and isinstance(child_s, float):
            size = result["bytes"]
            assert isinstance(size, int)
            per_mb = cpu_s * 1000 / max(size / MB, 1.0)
            ok = per_mb <= DATA_TARGET_MS_PER_MB
            outcome = str(result["outcome"])
            verb, _, reason = outcome.partition(": ")
            child = f" (child {child_s * 1000:.0f})" if child_s else ""
            shown = (
                f"{size / MB:5.2f} MB  {verb} in {cpu_s * 1000:4.0f} ms of CPU{child:<12}"
                f" {per_mb:6.1f} ms/MB [{verdict(ok)}]  {reason}"
            )
        else:
            shown = f"{'—':>8} [OVER]  {result['outcome']}"
        print(f"  {name:<66} {shown}")


if __name__ == "__main__":
    main()
