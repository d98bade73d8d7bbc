"""Test-wide settings.

On CI, hypothesis is derandomised: every run tries the same examples, so a red CI is always
reproducible and never a lucky draw. Locally it explores new examples on each run (and keeps
the failures it finds in .hypothesis/). No property test here is about timing, so no example has a
deadline: on a shared, loaded machine a first call can take 0.5 s and that is not a defect.
"""

import os
import tempfile

from hypothesis import settings

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# The live classroom's SQLite file (classroom/store.py): a folder of this test run, never the
# repo's .data/; the app servers the browser tests start inherit it.
os.environ.setdefault("RETENTION_LAB_DATA_DIR", tempfile.mkdtemp(prefix="retention-lab-tests-"))
