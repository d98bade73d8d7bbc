"""The calculators package as a whole: pure Python, importable without Streamlit or the UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import calculators

ROOT = Path(__file__).resolve().parents[2]


def calculator_modules() -> list[str]:
    """Every module of the package, found on disk: a new module is covered without a change."""
    found = pkgutil.walk_packages(calculators.__path__, prefix="calculators.")
    return sorted(module.name for module in found)


def test_every_module_is_found() -> None:
    modules = calculator_modules()
    assert {"calculators.clv", "calculators.scenario", "calculators.reports.loyalty"} <= set(
        modules
    )


def test_no_calculator_imports_streamlit_or_the_ui() -> None:
    # In a fresh interpreter: this test session itself may have imported Streamlit already.
    code = "\n".join(
        [
            "import importlib, sys",
            *(f"importlib.import_module({name!r})" for name in calculator_modules()),
            "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'ui'))",
            "assert not leaked, leaked",
        ]
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
