"""Typed access to the numbers in a report's table (pandas-stubs types a cell as any scalar)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import cast

import pandas as pd


def cell(frame: pd.DataFrame, row: Hashable, column: str) -> float:
    """The number at `row`, `column` of a report table, as a float.

    >>> cell(pd.DataFrame({"gap": [0.5, -1.0]}, index=["a", "b"]), "b", "gap")
    -1.0
    """
    return float(cast(float, frame.at[row, column]))
