"""Input checks shared by the calculators.

Each check returns the value as a plain Python number, so callers can write
``retention = check_range("retention", retention, 0, 1)`` once at the top of a function.
Every failure is a ``ValueError`` whose message starts with the parameter's name and states the
allowed range, because the pages show these messages to the user as they are.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

__all__ = ["check_finite", "check_finite_array", "check_integer", "check_range"]


def _format(number: float) -> str:
    """Format a number for a message: ``1.0`` -> ``'1'``, ``0.5`` -> ``'0.5'``."""
    return f"{number:.10g}"


def _is_bool(value: object) -> bool:
    # bool is an int subclass, and numpy.bool_ is not, so check both by name.
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def check_finite(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise ``ValueError``.

    Booleans, NaN, infinities and non-numbers are rejected.

    >>> check_finite("margin", -25)
    -25.0
    >>> check_finite("margin", float("nan"))
    Traceback (most recent call last):
        ...
    ValueError: margin must be a finite number, got nan
    """
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    return number


def check_range(
    name: str,
    value: object,
    low: float | None,
    high: float | None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float if it is finite and in the interval, else raise ``ValueError``.

    The interval is ``[low, high]``; ``low_open`` / ``high_open`` exclude an end, and ``None``
    leaves that side unbounded.

    >>> check_range("retention", 0.8, 0, 1, high_open=True)
    0.8
    >>> check_range("retention", 1.5, 0, 1, high_open=True)
    Traceback (most recent call last):
        ...
    ValueError: retention must be in [0, 1), got 1.5
    >>> check_range("acquisition_cost", -1, 0, None)
    Traceback (most recent call last):
        ...
    ValueError: acquisition_cost must be >= 0, got -1
    """
    if low is not None and high is not None:
        opening = "(" if low_open else "["
        closing = ")" if high_open else "]"
        allowed = f"in {opening}{_format(low)}, {_format(high)}{closing}"
    elif low is not None:
        allowed = f"{'>' if low_open else '>='} {_format(low)}"
    elif high is not None:
        allowed = f"{'<' if high_open else '<='} {_format(high)}"
    else:
        allowed = "a finite number"

    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be {allowed}, got {number}")
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {allowed}, got {_format(number)}")
    return number


def check_integer(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an int if it is an integer (not a bool, not a float) >= ``minimum``.

    >>> check_integer("horizon", 10, 1)
    10
    >>> check_integer("horizon", 2.5, 1)
    Traceback (most recent call last):
        ...
    ValueError: horizon must be an integer >= 1, got 2.5
    """
    if _is_bool(value) or not isinstance(value, numbers.Integral) or int(value) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_finite_array(name: str, values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Return ``values`` as a 1-D float array if it is non-empty and every number is finite.

    >>> check_finite_array("margins_by_tenure", [100, 120]).tolist()
    [100.0, 120.0]
    >>> check_finite_array("margins_by_tenure", [100, float("inf")])
    Traceback (most recent call last):
        ...
    ValueError: margins_by_tenure must all be finite, got [100.0, inf]
    """
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:  # ragged input
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of finite numbers: {error}"
        ) from None
    numeric = np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    if array.ndim != 1 or array.size == 0 or not numeric:
        raise ValueError(
            f"{name} must be a non-empty 1-D sequence of finite numbers, got shape "
            f"{array.shape} of {array.dtype}"
        )
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must all be finite, got {array.tolist()}")
    return array
