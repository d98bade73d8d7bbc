"""AppTest entry: runs the real app.py from a folder with no `pages/` beside it.

Why: AppTest (Streamlit 1.67) re-detects a `pages/` folder next to the script on every run and
then runs the page script alone (the old multipage mode), skipping app.py's navigation and
sidebar after the first run. The server detects it once per process, before `st.navigation`
turns it off, so only AppTest needs this.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "app.py"), run_name="__main__")
