"""Test-wide settings.

On CI, hypothesis is derandomised: every run tries the same examples, so a red CI is always
reproducible and never a lucky draw. Locally it explores new examples on each run (and keeps
the failures it finds in .hypothesis/).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
