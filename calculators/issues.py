"""Problems with an input (a scenario's values, a sales export, a survey, a preset), one shape.

Each kind of input has its own issue type, a frozen dataclass whose ``kind`` is a ``Literal`` the
pages translate, and whose ``subject`` says what the issue is about (a field, a column; empty
when it is the whole input). Whatever stops the reading raises an `InputError` subclass with
every issue found at once, in ``issues``; its message lists them the same way for every input,
for logs and tests (pages show the translated kinds, not the message).

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Problem:
...     kind: str
...     subject: str = ""
>>> class ExampleError(InputError[Problem]):
...     summary = "unusable example"
>>> error = ExampleError([Problem("empty"), Problem("missing_column", "date")])
>>> str(error), [issue.kind for issue in error.issues]
('unusable example: empty; missing_column (date)', ['empty', 'missing_column'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, Protocol, TypeVar

__all__ = ["MAX_LISTED", "InputError", "Issue", "describe_issues"]

# Messages about bad values list the first few of them and how many there are in all.
MAX_LISTED = 5


class Issue(Protocol):
    """What every issue has: a kind (a Literal of its input's kinds) and what it is about."""

    @property
    def kind(self) -> str: ...

    @property
    def subject(self) -> str: ...


IssueT = TypeVar("IssueT", bound=Issue)


def describe_issues(issues: Sequence[Issue]) -> str:
    """Issues as one line: ``kind (subject)`` each, ``; ``-separated; a bare kind without subject.

    >>> from types import SimpleNamespace
    >>> describe_issues([SimpleNamespace(kind="range", subject="business.retention")])
    'range (business.retention)'
    """
    return "; ".join(
        f"{issue.kind} ({issue.subject})" if issue.subject else issue.kind for issue in issues
    )


class InputError(ValueError, Generic[IssueT]):
    """Every problem found in one input at once; `issues` lists them (at least one).

    Subclasses set `summary`, the start of the message (``"invalid scenario values"``).
    """

    summary: ClassVar[str] = "unusable input"

    def __init__(self, issues: Sequence[IssueT]) -> None:
        self.issues: list[IssueT] = list(issues)
        super().__init__(f"{self.summary}: {describe_issues(self.issues)}")
