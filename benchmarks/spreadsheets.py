"""How fast, and how safely, workbooks are read (calculators.spreadsheets); prints figures only.

    /work/venv/bin/python benchmarks/spreadsheets.py [--rows 1000000] [--repeat 3]
        [--cache /tmp/retention-lab-benchmarks] [--only methods|read|hostile]

1. A sales export of `--rows` rows (customer code, date cell, float amount) written by openpyxl
   in write-only mode, as a program streaming its export. A million rows take about 40 s to
   write: the file is kept in `--cache` and reused.
2. methods: ways of reading it, each in a fresh process (so that peak memory is its own):
   calamine's ``to_python`` and ``iter_rows``, ``pandas.read_excel(engine="calamine")``, and the
   ways of making the DataFrame of cells, with the garbage collector on and paused.
3. read: `read_sheet` end to end (`--repeat` times, best and median), then one run split into
   its steps (checking the zip and scanning the sheet, calamine's parse and the cells made
   Python objects, the DataFrame), and the steps of the "Your data" page after it (`sniff`,
   which holds `read_sheet`; `read_transactions` typing the columns;
   `analyse_transactions`). The page's figures against their targets (read + analysis ≤ 4 s,
   ≤ 1.5 GB) are benchmarks/your_data.py's.
4. hostile: files built to hurt (`tests.data.spreadsheets.hostile_workbooks`: zip bombs, far
   cells, a million formatted empty rows, repetitions, corrupt or foreign files), each read in
   a fresh process: CPU seconds of that process plus of the child process that reads xls/ods
   (`time.process_time` and ``RUSAGE_CHILDREN``), per MB of upload (a file under 1 MB counts
   as 1 MB). Target: ≤ 0.2 s per MB.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024
# Where the generated exports are kept between runs (benchmarks/your_data.py reads them too).
DEFAULT_CACHE = Path("/tmp/retention-lab-benchmarks")
HOSTILE_TARGET_S_PER_MB = 0.2
MAX_ROWS, MAX_COLUMNS = 2_000_000, 500


def peak_mb() -> float:
    """Peak resident memory of this process, in MB.

    VmHWM, not ``ru_maxrss``: Linux carries ``ru_maxrss`` over from the parent when a child is
    started (it would report the benchmark's own peak, holding every hostile file).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- measurements, each run in a fresh process ------------------------------------------------


def measure_method(path: Path, method: str) -> dict[str, object]:
    import numpy as np
    import pandas as pd
    from python_calamine import CalamineWorkbook

    data = path.read_bytes()
    base = peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    figures: dict[str, object] = {}
    if method == "pandas.read_excel":
        frame = pd.read_excel(io.BytesIO(data), engine="calamine", header=None)
        figures["shape"] = list(frame.shape)
    else:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Vendite")
        figures["parse_s"] = time.perf_counter() - started
        paused = method.endswith("gc paused")
        if paused:
            gc.disable()
        step = time.perf_counter()
        if method.startswith("to_python"):
            rows = sheet.to_python(skip_empty_area=True)
        else:
            rows = list(sheet.iter_rows())
        figures["rows_s"] = time.perf_counter() - step
        del sheet
        step = time.perf_counter()
        frame = pd.DataFrame(rows, dtype=object)
        figures["frame_s"] = time.perf_counter() - step
        if paused:
            gc.enable()
        figures["total_s"] = time.perf_counter() - started
        figures["peak_mb"] = peak_mb()
        ways = {}
        builders: tuple[tuple[str, Callable[[], pd.DataFrame]], ...] = (
            ("pd.DataFrame(rows, dtype=object)", lambda: pd.DataFrame(rows, dtype=object)),
            (
                "np.array(rows, dtype=object) + DataFrame",
                lambda: pd.DataFrame(np.array(rows, dtype=object), dtype=object, copy=False),
            ),
            (
                "columns from zip(*rows)",
                lambda: pd.DataFrame(
                    {n: np.array(c, dtype=object) for n, c in enumerate(zip(*rows, strict=True))},
                    dtype=object,
                ),
            ),
        )
        for name, build in builders:
            timings = []
            for gc_on in (True, False):
                if not gc_on:
                    gc.disable()
                step = time.perf_counter()
                build()
                timings.append(time.perf_counter() - step)
                gc.enable()
            ways[name] = timings
        figures["frame_ways"] = ways
    figures.setdefault("total_s", time.perf_counter() - started)
    figures["cpu_s"] = time.process_time() - cpu
    figures.setdefault("peak_mb", peak_mb())
    figures["base_mb"] = base
    return figures


def measure_read(path: Path, repeat: int) -> dict[str, object]:
    from python_calamine import CalamineWorkbook

    from calculators import spreadsheets
    from calculators.reports.your_data import analyse_transactions
    from calculators.transactions import read_transactions, sniff

    data = path.read_bytes()
    runs = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        sheet = spreadsheets.read_sheet(data, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
        runs.append((time.perf_counter() - started, time.process_time() - cpu))
        del sheet
    peak_read = peak_mb()
    # One run in steps: (wall, CPU) seconds; CPU counts every thread of the process (the zip
    # check inflates in a second one, calamine parses without the GIL).
    steps: dict[str, tuple[float, float]] = {}

    @contextmanager
    def step(name: str) -> Iterator[None]:
        started, cpu = time.perf_counter(), time.process_time()
        yield
        steps[name] = (time.perf_counter() - started, time.process_time() - cpu)

    with step("zip check + cell scan"):
        report = spreadsheets._check_zip(data)
    with step("calamine: parse, cells to Python"):
        result = spreadsheets._calamine_read(
            data, None, MAX_ROWS, MAX_COLUMNS, spreadsheets.MAX_CELLS, want_rows=True
        )
    with step("  of which the parse (no GIL)"):
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Vendite")
    with step("DataFrame of the cells"):
        frame = spreadsheets._frame(result[6], result[5], 1)
    del result, frame
    with step("page: sniff (read_sheet, header)"):
        file_format = sniff(data)
    with step("page: read_transactions (types)"):
        found = read_transactions(
            data, file_format.guess, sheet=file_format.sheet or None, file_format=file_format
        )
    with step("page: analyse_transactions"):
        analyse_transactions(found.frame)
    return {
        "size_mb": len(data) / MB,
        "expanded_mb": report.expanded / MB,
        "runs": runs,
        "peak_read_mb": peak_read,
        "steps": steps,
        "peak_mb": peak_mb(),
        "rows": report.max_row,
    }


class _TimedWorkbook:
    """calamine's workbook, timing the calls that parse (they release the GIL)."""

    parse_s = 0.0

    def __init__(self, workbook: object) -> None:
        self._workbook = workbook

    @classmethod
    def from_filelike(cls, filelike: object) -> _TimedWorkbook:
        from python_calamine import CalamineWorkbook

        started = time.process_time()
        workbook = CalamineWorkbook.from_filelike(filelike)  # type: ignore[arg-type]
        cls.parse_s += time.process_time() - started
        return cls(workbook)

    def get_sheet_by_name(self, name: str) -> object:
        started = time.process_time()
        sheet = self._workbook.get_sheet_by_name(name)  # type: ignore[attr-defined]
        type(self).parse_s += time.process_time() - started
        return sheet

    def __getattr__(self, name: str) -> object:
        return getattr(self._workbook, name)


def measure_hostile(path: Path) -> dict[str, object]:
    from calculators import spreadsheets

    vars(spreadsheets)["CalamineWorkbook"] = _TimedWorkbook
    data = path.read_bytes()
    before_children = child_cpu()
    cpu = time.process_time()
    started = time.perf_counter()
    try:
        sheet = spreadsheets.read_sheet(data, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
        outcome = f"read: {sheet.rows.shape[0]:,} rows × {sheet.rows.shape[1]} columns"
    except spreadsheets.SpreadsheetError as error:
        outcome = f"refused: {error.issues[0].kind}"
    return {
        "outcome": outcome,
        "cpu_s": time.process_time() - cpu,
        "parse_s": _TimedWorkbook.parse_s,
        "child_cpu_s": child_cpu() - before_children,
        "wall_s": time.perf_counter() - started,
        "peak_mb": peak_mb(),
    }


# --- the files ---------------------------------------------------------------------------------


def sales_file(cache: Path, rows: int, *, as_excel: bool = False) -> Path:
    """The export of `rows` sales kept in `cache` (written the first time): as openpyxl streams
    it (texts inline in the sheet, 40 s for a million rows), or `as_excel` writes it (texts in
    a shared strings table, dates as serial numbers; 8 s)."""
    from tests.data.spreadsheets import xlsx_shared_strings, xlsx_write_only

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / (f"sales_excel_{rows}.xlsx" if as_excel else f"sales_{rows}.xlsx")
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        (xlsx_shared_strings if as_excel else xlsx_write_only)(partial, rows)
        partial.rename(path)
        print(f"Wrote {path} ({time.perf_counter() - started:.0f} s, not timed below)")
    return path


# --- the report --------------------------------------------------------------------------------


def run_child(kind: str, path: Path, repeat: int = 1, method: str = "") -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", kind, "--path", str(path)]
    command += ["--repeat", str(repeat), "--method", method]
    child = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    figures: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def show_methods(path: Path) -> None:
    print("\nWays of reading it (fresh process each; wall seconds):")
    for method in (
        "to_python",
        "to_python, gc paused",
        "iter_rows",
        "iter_rows, gc paused",
        "pandas.read_excel",
    ):
        f = run_child("method", path, method=method)
        detail = ""
        if "rows_s" in f:
            detail = (
                f" = parse {f['parse_s']:.2f} + cells {f['rows_s']:.2f}"
                f" + DataFrame {f['frame_s']:.2f}"
            )
        print(
            f"  {method:<22} {f['total_s']:5.2f} s{detail}; "
            f"peak {f['peak_mb']:,.0f} MB (interpreter and libraries {f['base_mb']:,.0f} MB)"
        )
        if method == "to_python":
            print("  DataFrame of the cells (gc on / paused):")
            for name, (on, off) in f["frame_ways"].items():
                print(f"    {name:<42} {on:5.2f} s / {off:5.2f} s")


def show_read(path: Path, repeat: int) -> None:
    f = run_child("read", path, repeat=repeat)
    walls = [wall for wall, _ in f["runs"]]
    cpus = [cpu for _, cpu in f["runs"]]
    print(
        f"\nread_sheet, {f['rows']:,} rows ({f['size_mb']:.1f} MB, {f['expanded_mb']:.0f} MB "
        f"expanded), {repeat} runs (best / median):"
    )
    print(f"  wall {min(walls):.2f} s / {statistics.median(walls):.2f} s")
    print(f"  CPU  {min(cpus):.2f} s / {statistics.median(cpus):.2f} s (every thread)")
    print(f"  peak memory {f['peak_read_mb']:,.0f} MB")
    print("  one run in steps (wall / CPU seconds):")
    for name, (wall, cpu) in f["steps"].items():
        print(f"    {name:<36} {wall:5.2f} / {cpu:5.2f}")
    print(
        f"  peak memory with the page's steps {f['peak_mb']:,.0f} MB"
        " (targets: benchmarks/your_data.py)"
    )


def show_hostile(folder: Path) -> None:
    print(
        "\nHostile files (fresh process each; CPU of that process + of its child process; "
        "holding the GIL = CPU in this process outside calamine's parse, which releases it):"
    )
    from tests.data.spreadsheets import hostile_workbooks

    for hostile in hostile_workbooks():
        data = hostile.build()
        name = f"{hostile.name}: {hostile.description}"
        path = folder / "hostile.bin"
        path.write_bytes(data)
        f = run_child("hostile", path)
        size = len(data) / MB
        cpu = f["cpu_s"] + f["child_cpu_s"]
        per_mb = cpu / max(1.0, size)
        verdict = "ok" if per_mb <= HOSTILE_TARGET_S_PER_MB else "OVER TARGET"
        held = (f["cpu_s"] - f["parse_s"]) / max(1.0, size)
        child = f" (child {f['child_cpu_s']:.2f})" if f["child_cpu_s"] else ""
        print(
            f"  {name:<64} {size:6.2f} MB  {f['outcome']:<34} CPU {cpu:5.2f} s{child}"
            f" = {per_mb:4.2f} s/MB [{verdict}], holding the GIL {held:4.2f} s/MB,"
            f" peak {f['peak_mb']:,.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", choices=("methods", "read", "hostile"))
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--method", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.measure == "method":
            figures = measure_method(args.path, args.method)
        elif args.measure == "read":
            figures = measure_read(args.path, args.repeat)
        else:
            figures = measure_hostile(args.path)
        print(json.dumps(figures))
        return

    import pandas as pd
    import python_calamine

    print(
        f"Python {sys.version.split()[0]}, pandas {pd.__version__}, python-calamine "
        f"{getattr(python_calamine, '__version__', '0.9.1')}"
    )
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"Load average when starting: {load} (on {os.cpu_count()} cores)")
    if args.only in (None, "methods", "read"):
        path = sales_file(args.cache, args.rows)
        print(f"Export: {path} ({path.stat().st_size / MB:.1f} MB)")
        if args.only in (None, "methods"):
            show_methods(path)
        if args.only in (None, "read"):
            show_read(path, args.repeat)
    if args.only in (None, "hostile"):
        with tempfile.TemporaryDirectory() as folder:
            show_hostile(Path(folder))


if __name__ == "__main__":
    main()
