"""How fast "Your data" reads and analyses a big sales export, CSV, xlsx and a zip of
e-invoices; prints figures only.

    /work/venv/bin/python benchmarks/your_data.py [--rows 1000000] [--repeat 3]
        [--invoices 20000] [--cache /tmp/retention-lab-benchmarks] [--only csv|xlsx|invoices]

1. CSV: a synthetic export of `--rows` transactions written the Italian way (``;``, decimal
   commas, ``dd/mm/yyyy``), about 24 MB for a million rows, in a temporary folder: 100,000
   customers acquired from 2019 to 2024, each with their own yearly chance of leaving
   (Beta-distributed, as the sBG model assumes), a few purchases a year while they stay.
2. xlsx: the export benchmarks/spreadsheets.py reads (`sales_file`: `--rows` rows of customer
   code, date cell and float amount, written by openpyxl as a program streaming its export;
   21 MB for a million rows, 40 s to write, so kept in `--cache`). The same rows as Excel
   writes them (texts in a shared strings table, ``sales_file(as_excel=True)``) read as fast.
3. Invoices: a zip of `--invoices` FatturaPA e-invoices as the SdI delivers them (the archive
   benchmarks/fatturapa.py reads: tests/data/fatturapa.py's `Population`, 500 customers, 1 in
   20 a credit note, 1 in 50 with two bodies), written to a temporary folder.
4. For each, in a fresh Python process (so that the generator's memory does not count), times
   what the page runs on a new file, `--repeat` times, and reports the best and the median:
   - read: the file's bytes → `calculators.transactions.sniff` (the column mapping; for a
     workbook, the whole sheet is read here; invoices are only recognised) and
     `read_transactions` with what `sniff` found and the mapping it guessed, as the page
     passes them (decode, parse, type, skip, report);
   - analysis: `calculators.reports.your_data.analyse_transactions` (cohorts, retention, sBG).
   Then the peak resident memory of that process (VmHWM, read by devtools/memory.py:
   interpreter and libraries included; ``ru_maxrss`` would carry the parent's peak over).

Targets (issue #14, the product's speed bar; the median of the runs): CSV read + analysis
≤ 1.5 s and ≤ 1 GB, xlsx ≤ 4 s and ≤ 1.5 GB; 20,000 invoices ≤ 5 s (issue #18) and ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spreadsheets import DEFAULT_CACHE, sales_file  # noqa: E402  (benchmarks/spreadsheets.py)

from devtools.memory import peak_rss_mb  # noqa: E402

SEED = 6
CUSTOMERS = 100_000
YEARS = (2019, 2024)
CHURN = (1.0, 2.5)  # Beta(a, b) of each customer's yearly chance of leaving


@dataclass(frozen=True)
class Target:
    seconds: float  # read + analysis, median of the runs
    memory_mb: float  # peak resident memory of the measuring process


TARGETS = {"csv": Target(1.5, 1024), "xlsx": Target(4.0, 1536), "invoices": Target(5.0, 1024)}
UNITS = {"csv": "rows", "xlsx": "rows", "invoices": "invoices"}


def generate(path: Path, rows: int) -> None:
    """Write `rows` synthetic transactions to `path` (Italian format), vectorised."""
    rng = np.random.default_rng(SEED)
    first_year, last_year = YEARS
    span = last_year - first_year + 1
    cohort = rng.integers(0, span, CUSTOMERS)
    churn = rng.beta(*CHURN, CUSTOMERS)
    # Years a customer stays: geometric with their churn, cut at the end of the data.
    stays = np.minimum(rng.geometric(churn), span - cohort)
    customer_years = np.repeat(np.arange(CUSTOMERS), stays)
    offset = np.arange(len(customer_years)) - np.repeat(np.cumsum(stays) - stays, stays)
    year = cohort[customer_years] + offset
    if len(customer_years) > rows:
        raise SystemExit(f"--rows must be at least {len(customer_years):,} for this population")
    # At least one purchase in each year a customer is active; the rest spread at random.
    purchases = 1 + rng.multinomial(rows - len(customer_years), np.full(len(year), 1 / len(year)))
    customer = np.repeat(customer_years, purchases)
    days = rng.integers(0, 365, rows)
    dates = (
        pd.to_datetime((np.repeat(year, purchases) + first_year).astype(str), format="%Y")
        + pd.to_timedelta(days, "D")
    ).strftime("%d/%m/%Y")
    amounts = np.round(rng.gamma(2.0, 40.0, rows), 2)
    refunds = rng.random(rows) < 0.002
    amounts[refunds] *= -1
    frame = pd.DataFrame({"cliente": [f"C{c:05d}" for c in customer], "data": dates})
    frame["importo"] = pd.Series(amounts).map("{:.2f}".format).str.replace(".", ",")
    frame.sample(frac=1, random_state=SEED).to_csv(path, sep=";", index=False, encoding="cp1252")


def measure(path: Path, repeat: int) -> dict[str, object]:
    """Time read and analysis `repeat` times in this process, as the page runs them."""
    from calculators.reports.your_data import analyse_transactions
    from calculators.transactions import read_transactions, sniff

    sniffs, reads, analyses, cpu = [], [], [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        data = path.read_bytes()
        file_format = sniff(data)
        sniffed = time.perf_counter()
        found = read_transactions(
            data, file_format.guess, sheet=file_format.sheet or None, file_format=file_format
        )
        read_done = time.perf_counter()
        report = analyse_transactions(found.frame)
        sniffs.append(sniffed - started)
        reads.append(read_done - started)
        analyses.append(time.perf_counter() - read_done)
        cpu.append(time.process_time() - cpu_started)
        del data, file_format, found
    return {
        "sniff": sniffs,
        "read": reads,
        "analysis": analyses,
        "total": [r + a for r, a in zip(reads, analyses, strict=True)],
        "cpu": cpu,
        "peak_mb": peak_rss_mb(os.getpid()),
        "alpha": report.alpha,
        "beta": report.beta,
        "retention": report.figures.retention,
        "customers": report.figures.active_customers,
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def measure_in_child(path: Path, repeat: int) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(path), "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    figures: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def show(kind: str, path: Path, rows: int, repeat: int) -> None:
    figures = measure_in_child(path, repeat)
    target = TARGETS[kind]
    size_mb = path.stat().st_size / 1024**2
    print(f"{kind}, {rows:,} {UNITS[kind]} ({size_mb:.1f} MB), {repeat} runs, best / median:")
    names = {
        "read": "read",
        "sniff": "  of which sniff",
        "analysis": "analysis",
        "total": "total",
        "cpu": "CPU time",
    }
    total = statistics.median(figures["total"])
    for step, name in names.items():
        samples = figures[step]
        line = f"  {name:<16} {min(samples):6.2f} s / {statistics.median(samples):6.2f} s"
        if step == "total":
            line += (
                f"   target ≤ {target.seconds:g} s (median)   [{verdict(total <= target.seconds)}]"
            )
        print(line)
    peak = figures["peak_mb"]
    print(
        f"  {'peak memory':<16} {peak:9,.0f} MB        target ≤ {target.memory_mb:,.0f} MB"
        f"          [{verdict(peak <= target.memory_mb)}]"
    )
    print(
        f"  {'result':<16} {figures['customers']:,} active customers in the last year, "
        f"retention {figures['retention']:.1%}, sBG alpha {figures['alpha']:.2f}, "
        f"beta {figures['beta']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the xlsx is kept")
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--only", choices=("csv", "xlsx", "invoices"))
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return

    print(
        f"Python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}, "
        f"python-calamine {metadata.version('python-calamine')}"
    )
    # Other jobs on the machine slow the wall-clock figures; CPU time is the steadier one.
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average when starting: {load} (on {os.cpu_count()} cores)")
    if args.only in (None, "csv"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "transactions.csv"
            started = time.perf_counter()
            generate(path, args.rows)
            print(f"Generated the CSV ({time.perf_counter() - started:.1f} s, not timed below)")
            show("csv", path, args.rows, args.repeat)
    if args.only in (None, "xlsx"):
        path = sales_file(args.cache, args.rows)  # prints when it writes one
        show("xlsx", path, args.rows, args.repeat)
    if args.only in (None, "invoices"):
        from tests.data import fatturapa

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fatture.zip"
            started = time.perf_counter()
            path.write_bytes(fatturapa.archive(fatturapa.Population().invoices(args.invoices)))
            print(f"Generated the zip ({time.perf_counter() - started:.1f} s, not timed below)")
            show("invoices", path, args.invoices, args.repeat)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average at the end: {load}")


if __name__ == "__main__":
    main()
