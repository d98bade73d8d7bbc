"""How fast "Your data" reads and analyses a big sales export; prints figures, asserts nothing.

    /work/venv/bin/python benchmarks/your_data.py [--rows 1000000] [--repeat 3]

1. Generates a synthetic export of `--rows` transactions the Italian way (``;``, decimal commas,
   ``dd/mm/yyyy``), about 24 MB for a million rows, in a temporary folder: 100,000 customers
   acquired from 2019 to 2024, each with their own yearly chance of leaving (Beta-distributed,
   as the sBG model assumes), a few purchases a year while they stay.
2. In a fresh Python process (so the generator's memory does not count), times the steps the
   page runs on a new file, `--repeat` times, and reports the best and the median:
   - read: the file's bytes → `calculators.transactions.sniff` (what the column mapping needs)
     and `read_transactions` (decode, parse, type, skip and report);
   - analysis: `calculators.reports.your_data.analyse_transactions` (cohorts, retention, sBG fit).
   Then the peak memory of that process (``ru_maxrss``: interpreter and libraries included).

Targets (the product's speed bar): read + analysis ≤ 1.5 s, peak memory ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOTAL_TARGET_S = 1.5
MEMORY_TARGET_MB = 1024
SEED = 6
CUSTOMERS = 100_000
YEARS = (2019, 2024)
CHURN = (1.0, 2.5)  # Beta(a, b) of each customer's yearly chance of leaving


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
    """Time read and analysis `repeat` times in this process; return the figures."""
    from calculators.reports.your_data import analyse_transactions
    from calculators.transactions import read_transactions, sniff

    reads, analyses, cpu = [], [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        data = path.read_bytes()
        sniff(data)
        found = read_transactions(data)
        read_done = time.perf_counter()
        report = analyse_transactions(found.frame)
        reads.append(read_done - started)
        analyses.append(time.perf_counter() - read_done)
        cpu.append(time.process_time() - cpu_started)
        del data, found
    totals = [r + a for r, a in zip(reads, analyses, strict=True)]
    # ru_maxrss is in kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "read": reads,
        "analysis": analyses,
        "total": totals,
        "cpu": cpu,
        "peak_mb": peak_mb,
        "alpha": report.alpha,
        "beta": report.beta,
        "retention": report.figures.retention,
        "customers": report.figures.active_customers,
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return

    print(f"Python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}")
    # Other jobs on the machine slow the wall-clock figures; CPU time is the steadier one.
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"Load average when starting: {load} (on {os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "transactions.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        size_mb = path.stat().st_size / 1024**2
        print(
            f"Generated {args.rows:,} transactions, {size_mb:.1f} MB "
            f"({time.perf_counter() - started:.1f} s, not timed below)"
        )
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(path), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"Runs: {args.repeat} (best / median)")
    names = {"read": "read", "analysis": "analysis", "total": "total", "cpu": "CPU time"}
    for step, name in names.items():
        samples = figures[step]
        print(f"  {name:<9} {min(samples):6.2f} s / {statistics.median(samples):6.2f} s")
    total = statistics.median(figures["total"])
    print(
        f"  target: read + analysis ≤ {TOTAL_TARGET_S} s (median)   "
        f"[{verdict(total <= TOTAL_TARGET_S)}]"
    )
    peak = figures["peak_mb"]
    print(
        f"Peak memory of the measuring process: {peak:,.0f} MB (target ≤ {MEMORY_TARGET_MB} MB)"
        f"   [{verdict(peak <= MEMORY_TARGET_MB)}]"
    )
    print(
        f"Result: {figures['customers']:,} active customers in the last year, retention "
        f"{figures['retention']:.1%}, sBG alpha {figures['alpha']:.2f}, beta {figures['beta']:.2f}"
    )


if __name__ == "__main__":
    main()
