"""How fast the app starts and reruns; prints figures next to the targets, asserts nothing.

    /work/venv/bin/python benchmarks/rerun.py

1. Start-to-healthy: ``streamlit run streamlit_app.py`` on a free port, timed until
   ``/_stcore/health`` answers 200 (3 starts; the warm-up's imports included). Target (the
   product's speed bar): ≤ 3 s.
2. Rerun time per page: `AppTest` on ``tests/app/run_app.py``, a plain rerun and a rerun after
   changing retention (80 ↔ 85 %), N times each. Target: median ≤ 100 ms. AppTest's own work
   (building and walking the element tree) is included, so these are upper bounds on the
   script's time in a real server.
"""

from __future__ import annotations

import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from devtools.server import free_port, running_app  # noqa: E402
from ui.nav import PAGES  # noqa: E402

# AppTest touches Streamlit from this thread, which logs "missing ScriptRunContext" on every
# run (and a note on session state once); harmless here and it buries the figures.
# Filters, because Streamlit resets log levels when it loads its config.
for _name in (
    "streamlit.runtime.scriptrunner_utils.script_run_context",
    "streamlit.runtime.state.session_state_proxy",
):
    logging.getLogger(_name).addFilter(lambda record: record.levelno >= logging.ERROR)

STARTS = 3
RERUNS = 30
HEALTHY_TARGET_S = 3.0
RERUN_TARGET_MS = 100.0
HEALTH_TIMEOUT_S = 60.0
APP_ENTRY = ROOT / "tests" / "app" / "run_app.py"
RETENTION_KEY = "input.business.retention"
RETENTION_VALUES = (85.0, 80.0)  # percent, as the input shows it


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER TARGET"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def time_to_healthy() -> float:
    """Seconds from starting the server process to the first 200 from the health endpoint."""
    port = free_port()
    started = time.perf_counter()
    with running_app(port, health_timeout_s=HEALTH_TIMEOUT_S):
        return time.perf_counter() - started


def bench_startup() -> None:
    print(f"Server start to healthy ({STARTS} starts; target ≤ {HEALTHY_TARGET_S:.0f} s)")
    times = []
    for attempt in range(1, STARTS + 1):
        elapsed = time_to_healthy()
        times.append(elapsed)
        print(f"  start {attempt}: {elapsed:.2f} s")
    median = statistics.median(times)
    print(f"  median: {median:.2f} s  [{verdict(median, HEALTHY_TARGET_S)}]")


def timed_runs(action: Callable[[int], object]) -> list[float]:
    """Milliseconds for each of RERUNS calls of `action(i)`."""
    samples = []
    for index in range(RERUNS):
        started = time.perf_counter()
        action(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _set_retention(at: AppTest, index: int) -> None:
    at.number_input(key=RETENTION_KEY).set_value(RETENTION_VALUES[index % 2]).run()


def _four_scenarios(at: AppTest) -> None:
    options = at.multiselect(key="compare.selected").options
    at.multiselect(key="compare.selected").set_value(
        ["current", *[o for o in options if o.startswith("preset:")][:3]]
    ).run()


def _switch_sensitivity(at: AppTest, index: int) -> None:
    results = ("clv", "replacement_cost")
    at.selectbox(key="compare.sensitivity_result").set_value(results[index % 2]).run()


def _horizon(years: int) -> Callable[[AppTest], None]:
    def setup(at: AppTest) -> None:
        at.number_input(key="input.loyalty.horizon_years").set_value(years).run()

    return setup


# Per page: variants to time (a name and a setup run once before timing) and the input change
# timed in "rerun after input". Pages not listed use the retention input, if they show it.
VARIANTS: dict[str, list[tuple[str, Callable[[AppTest], None] | None]]] = {
    "scenarios": [("4 scenarios", _four_scenarios)],
    "loyalty_profit": [("", None), ("50-year horizon", _horizon(50))],
}
CHANGES: dict[str, Callable[[AppTest, int], None]] = {"scenarios": _switch_sensitivity}


def bench_variant(path: str, name: str, setup: Callable[[AppTest], None] | None) -> None:
    at = AppTest.from_file(str(APP_ENTRY), default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(path)
    at.run()  # warm-up: first run of the page imports and caches what it needs
    if setup is not None and not at.exception:
        setup(at)
    if at.exception:
        print(f"  {name}: the page raised {at.exception}; skipped")
        return
    change = CHANGES.get(Path(path).stem)
    if change is None and any(w.key == RETENTION_KEY for w in at.number_input):
        change = _set_retention
    actions: list[tuple[str, Callable[[int], object]]] = [("rerun", lambda _: at.run())]
    if change is not None:
        actions.append(("rerun after input", lambda index: change(at, index)))
    for kind, action in actions:
        samples = timed_runs(action)
        median = statistics.median(samples)
        print(
            f"  {name:<34} {kind:<18} median {median:6.1f} ms   p95 {p95(samples):6.1f} ms"
            f"   [{verdict(median, RERUN_TARGET_MS)}]"
        )
    if at.exception:
        print(f"  {name}: the page raised {at.exception} during the runs")


def bench_page(path: str, title: str) -> None:
    for variant, setup in VARIANTS.get(title, [("", None)]):
        bench_variant(path, f"{title} ({variant})" if variant else title, setup)


def bench_reruns() -> None:
    print(
        f"Page rerun time (AppTest, N={RERUNS}; target median ≤ {RERUN_TARGET_MS:.0f} ms;"
        " includes AppTest overhead, so an upper bound)"
    )
    if not APP_ENTRY.exists():
        print(f"  {APP_ENTRY.relative_to(ROOT)} not found; skipped")
        return
    for page in PAGES:
        bench_page(page.path, Path(page.file).stem)


def main() -> None:
    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    bench_startup()
    print()
    bench_reruns()


if __name__ == "__main__":
    main()
