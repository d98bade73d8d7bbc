"""A class on one server: N concurrent sessions, each with its own numbers on two pages.

    /work/venv/bin/python benchmarks/load.py [--sessions 30] [--think 5] [--no-burst] [--no-hostile]

Each phase starts ``streamlit run streamlit_app.py`` on a free port (``devtools/server.py``, as the
browser tests do); all sessions open the app at the same moment, then each types its own values
on Overview and on Acquisition vs retention and reads back its own results after every step (the
steps and the checks are in ``devtools/plans.py``; why this talks Streamlit's websocket protocol
instead of driving browsers, in ``devtools/protocol.py``). Three phases, a fresh server each:

- Classroom: before each step a session pauses at random up to ``--think`` seconds (5 by
  default: reading a result, typing the next number), the same pauses on every run;
- Burst: no pauses; every session sends its next step the moment its result is in. The worst
  case: 30 reruns always queued on one Python process.
- Hostile upload (issues #14 and #17): the classroom again, but one of the N sessions, instead
  of its steps, uploads files built to make a reader slow (64 KB of brackets as a scenario file,
  nested anchors, sales exports and survey files with a million columns, a quote never closed,
  millions of one-field rows, no readable date; then workbooks: zip bombs, far cells, a million
  formatted empty rows, an .ods repeating a row a million times, patched .xls files;
  ``devtools/plans.py``), one after another with pauses of up to half the others'. The others
  keep working until every file has been uploaded once (each runs its steps again, as a new
  session, as often as that takes). Their input → result must stay within the classroom target;
  each upload is listed with the time until the page answered and the reason it gave for
  refusing the file.

Prints for each phase, next to the classroom targets (p95 ≤ 2 s, ≤ 500 MB, no cross-talk):

- sessions that finished all their steps, checks passed, errors, cross-talk (a session shown
  another session's numbers); target 0 and 0;
- time from an input change to the new result arriving (p50/p95/max), target p95 ≤ 2 s; the
  first page open, all sessions opening the link at the same moment, target p95 ≤ 2 s (issue
  #15: a class joins together); the page switch, for information;
- server memory: the kernel's high-water mark of resident memory (VmHWM) of the server process
  and its children, and the peak of samples taken every 50 ms; target ≤ 500 MB.

The server inherits the environment, so a Streamlit option can be tried without editing the
config: ``STREAMLIT_RUNNER_POST_SCRIPT_GC=false python benchmarks/load.py``.

Asserts nothing. Bounded: N ≤ 200 sessions × 6 steps per phase, each step given at most 60 s;
loopback only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.memory import MemorySampler, peak_rss_mb, tree_rss_mb  # noqa: E402
from devtools.server import running_app  # noqa: E402
from devtools.sessions import LoadResult, run_sessions  # noqa: E402

SESSIONS = 30
MAX_SESSIONS = 200
THINK_S = 5.0
MAX_THINK_S = 30.0
HEALTH_TIMEOUT_S = 60.0
INPUT_TO_RESULT_TARGET_S = 2.0
FIRST_OPEN_TARGET_S = 2.0
MEMORY_TARGET_MB = 500.0
SHOWN_PROBLEMS = 10


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (inclusive method, so one sample gives itself)."""
    if len(samples) == 1:
        return samples[0], samples[0]
    return statistics.median(samples), statistics.quantiles(samples, n=20, method="inclusive")[-1]


def print_times(name: str, samples: list[float], target_s: float | None = None) -> None:
    if not samples:
        print(f"  {name:<22} no samples")
        return
    p50, p95 = percentiles(samples)
    line = f"  {name:<22} p50 {p50:5.2f} s   p95 {p95:5.2f} s   max {max(samples):5.2f} s"
    line += f"   (N={len(samples)})"
    if target_s is not None:
        line += f"   [target p95 ≤ {target_s:.0f} s: {verdict(p95 <= target_s)}]"
    print(line)


def print_problems(title: str, problems: list[str]) -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"    {title}: {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        print(f"    … and {len(problems) - SHOWN_PROBLEMS} more")


def report(result: LoadResult, count: int) -> None:
    errors, cross_talk = result.errors, result.cross_talk
    checks = sum(outcome.checks_passed for outcome in result.sessions)
    runs = len(result.sessions)
    if runs == count:
        print(f"  {'sessions':<22} {result.completed} of {count} finished all steps")
    else:  # next to hostile uploads, the sessions ran their steps again until they were through
        print(
            f"  {'sessions':<22} {count}, running their steps {runs} times in all:"
            f" {result.completed} of {runs} runs finished all steps"
        )
    print(f"  {'checks passed':<22} {checks} of {sum(result.checks_per_session)}")
    print(f"  {'errors':<22} {len(errors):<5} [target 0: {verdict(not errors)}]")
    print_problems("error", errors)
    print(f"  {'cross-talk':<22} {len(cross_talk):<5} [target 0: {verdict(not cross_talk)}]")
    print_problems("cross-talk", cross_talk)
    print_times("input → new result", result.samples("input_to_result_s"), INPUT_TO_RESULT_TARGET_S)
    print_times("page switch", result.samples("page_switch_s"))
    print_times("first page open", result.samples("first_page_s"), FIRST_OPEN_TARGET_S)
    print(f"  {'wall time':<22} {result.wall_s:.1f} s")


def report_uploads(result: LoadResult) -> None:
    uploads = result.uploads
    refused = sum(upload.refused and not upload.problems for upload in uploads)
    print(f"  {'hostile uploads':<22} {len(uploads)}, refused with a message: {refused}")
    for upload in uploads:
        shown = "refused" if upload.refused else "read" if upload.finished else "no answer"
        line = (
            f"    {upload.file:<20} {upload.size / 1024**2:5.1f} MB {upload.description:<42}"
            f" {upload.seconds:6.2f} s  {shown}"
        )
        if upload.message:
            line += f": {upload.message.lstrip('- ')[:80]}"
        print(line + "".join(f"; {problem[:70]}" for problem in upload.problems))


def run_phase(title: str, sessions: int, think_s: float, hostile_uploads: bool = False) -> None:
    """Start a fresh server, drive the sessions, print the figures, stop the server."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{title}: {sessions} sessions, think time up to {think_s:g} s (load average {load})")
    with running_app(health_timeout_s=HEALTH_TIMEOUT_S) as server:
        process = server.process
        started_mb = tree_rss_mb(process.pid)
        with MemorySampler(process.pid) as sampler:
            result = run_sessions(
                server.base_url, sessions, think_s=think_s, hostile_uploads=hostile_uploads
            )
        working = sessions - 1 if hostile_uploads else sessions
        report(result, working)
        if hostile_uploads:
            report_uploads(result)
        sampled_mb = max(sampler.peak_mb, tree_rss_mb(process.pid))
        high_water_mb = max(peak_rss_mb(process.pid), sampled_mb)
        print(
            f"  {'server memory':<22} peak {high_water_mb:.0f} MB"
            f" (high-water mark; {sampled_mb:.0f} MB sampled every 50 ms;"
            f" {started_mb:.0f} MB at start)"
            f"   [target ≤ {MEMORY_TARGET_MB:.0f} MB: {verdict(high_water_mb <= MEMORY_TARGET_MB)}]"
        )
        if process.poll() is not None:
            print(f"  the server exited with code {process.returncode} during the run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS, help="concurrent sessions")
    parser.add_argument(
        "--think",
        type=float,
        default=THINK_S,
        help="classroom phase: random pause before each step, up to this many seconds",
    )
    parser.add_argument("--no-burst", action="store_true", help="skip the burst phase")
    parser.add_argument("--no-hostile", action="store_true", help="skip the hostile-upload phase")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be between 1 and {MAX_SESSIONS}")
    if not 0 <= args.think <= MAX_THINK_S:
        parser.error(f"--think must be between 0 and {MAX_THINK_S:g} s")

    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs;"
        " sessions over Streamlit's websocket protocol, 2 pages each, loopback"
    )
    run_phase("Classroom", args.sessions, args.think)
    if not args.no_burst:
        print()
        run_phase("Burst", args.sessions, 0.0)
    if not args.no_hostile and args.sessions >= 2:  # one uploads, the others work
        print()
        run_phase(
            f"Classroom with a hostile upload ({args.sessions - 1} working, 1 uploading)",
            args.sessions,
            args.think,
            hostile_uploads=True,
        )
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average after: {load}")


if __name__ == "__main__":
    main()
