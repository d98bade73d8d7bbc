"""Bad inputs, one table per calculator module: each must be refused naming its parameter.

Every calculator checks its inputs at the top and raises a ``ValueError`` whose message starts
with the parameter's name and says what is allowed ("retention must be in [0, 1], got 1.5"); the
pages show these messages as they are. A test module lists its cases with `rejections` and runs
them with one parametrised test:

    INVALID = [
        *rejections(customer_lifetime_value, {"margin": 100, "retention": 0.9, ...}, [
            ({"retention": 1.5}, "retention"),
            ({"horizon": 0}, "horizon"),
        ]),
    ]

    @pytest.mark.parametrize("case", INVALID)
    def test_invalid_inputs_are_refused_naming_the_parameter(case: Rejection) -> None:
        case.check()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

# A case: the arguments changed from the valid ones, the parameter the message must start with,
# and optionally what follows "<parameter> must" (default " be": "retention must be ...").
Case = tuple[Mapping[str, object], str] | tuple[Mapping[str, object], str, str]


@dataclass(frozen=True)
class Rejection:
    """A call that must raise ``ValueError`` with a message matching `match` (a regex)."""

    function: Callable[..., Any]
    arguments: Mapping[str, object]
    match: str

    def check(self) -> None:
        with pytest.raises(ValueError, match=self.match):
            self.function(**self.arguments)


def rejections(
    function: Callable[..., Any], valid: Mapping[str, object], cases: Iterable[Case]
) -> list[Any]:
    """One `pytest.param` per case: `function` called with `valid` updated by the case.

    The message must match ``^<parameter> must<rest>``, ``rest`` being `` be`` unless the case
    gives it (a regex, e.g. ``r" be in \\[0, 1\\)"``).
    """
    params = []
    for changes, parameter, *rest in cases:
        after = rest[0] if rest else " be"
        shown = ", ".join(f"{name}={value!r}" for name, value in changes.items())
        params.append(
            pytest.param(
                Rejection(function, {**valid, **changes}, rf"^{parameter} must{after}"),
                id=f"{function.__name__}({shown})",
            )
        )
    return params


def each_bad_value(
    parameters: Iterable[str], bad_values: Sequence[object], rest: str = " be"
) -> list[Case]:
    """Cases setting each of `parameters` to each of `bad_values`, one at a time."""
    return [({parameter: bad}, parameter, rest) for parameter in parameters for bad in bad_values]
