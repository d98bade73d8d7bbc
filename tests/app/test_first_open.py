"""The first page stays cheap to open: a class opens it together, on one process.

Whatever the first run of the server process imports, the 30 sessions that open the app at the
same moment wait for (docs/architecture.md, "Imports"; `benchmarks/load.py` times it). The
Overview with the sidebar must not import the libraries only other pages need. Each check runs
in a fresh interpreter, because the test session itself has imported everything by now.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRY = Path(__file__).resolve().parent / "run_app.py"
# pandas (with pyarrow) takes ~0.3 s to import; the others are only for Your data and the handout.
NOT_ON_FIRST_PAGE = (
    "pandas",
    "pyarrow",
    "scipy",
    "python_calamine",
    "segno",
    "calculators.fatturapa",
    "calculators.tables",
    "ui.handout",
)
FIRST_OPEN = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.query_params["lang"] = sys.argv[2]
at.run()
print(json.dumps({
    "exception": [str(e.value) for e in at.exception],
    "metrics": [m.label for m in at.metric],
    "loaded": [name for name in sys.argv[3:] if name in sys.modules],
}))
"""


@pytest.mark.parametrize("lang", ["en", "it"])
def test_first_page_opens_without_the_other_pages_libraries(lang: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_OPEN, str(ENTRY), lang, *NOT_ON_FIRST_PAGE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["exception"] == []
    # The Overview ran: its six headline numbers are on screen.
    assert len(seen["metrics"]) == 6
    assert seen["loaded"] == []


# The first run after `streamlit_app.warm_up`: the Overview, in both languages.
AFTER_WARM_UP = """
import json, sys
from streamlit.testing.v1 import AppTest
import streamlit_app
streamlit_app.warm_up()
before = set(sys.modules)
exceptions, metrics = [], []
for lang in ("en", "it"):
    at = AppTest.from_file(sys.argv[1], default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    exceptions += [str(e.value) for e in at.exception]
    metrics.append(len(at.metric))
print(json.dumps({
    "exception": exceptions,
    "metrics": metrics,
    "imported": sorted(set(sys.modules) - before),
}))
"""
# What a first run may still import after the warm-up: Streamlit's own lazy parts and the
# standard library. A module of the app, or a library it uses, is the warm-up's to import.
APP_PACKAGES = ("calculators", "classroom", "ui")
LIBRARIES = ("babel", "numpy", "pandas", "plotly", "pydantic", "yaml")


def test_the_servers_warm_up_imports_what_the_first_page_imports() -> None:
    done = subprocess.run(
        [sys.executable, "-c", AFTER_WARM_UP, str(ENTRY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["exception"] == []
    assert seen["metrics"] == [6, 6]  # the Overview ran, in both languages
    late = [
        name for name in seen["imported"] if name.partition(".")[0] in (*APP_PACKAGES, *LIBRARIES)
    ]
    assert late == [], f"imported by the first run, not by streamlit_app.warm_up: {late}"
