"""The one error tree of serviq.

Core code raises these; the shells turn them into what their users see. The CLI prints
``error: <message> (<where>)`` on stderr and exits with 2 for :class:`InvalidInput` and
its children, 1 for any other :class:`ServiqError`. The web turns :class:`InvalidInput`
into a 400 (the same message), :class:`NotFound` into 404 and :class:`PermissionDenied`
into 403. Core code never raises an HTTP error.

A message a person may read on a web page is *coded*: :func:`serviq.messages.error` raises
it with a stable ``code`` from :data:`serviq.messages.MESSAGES` and the ``params`` that fill
its English template; the CLI prints the English, the web words it in the reader's language
from its catalogue (``serviq.web.errors.shown_message``).

::

    ServiqError                      code, message, where, details, params
    ├── InvalidInput (ValueError)    the user's data or settings are wrong → exit 2 / HTTP 400
    │   ├── ValidationFailed         several problems at once (``problems``), nothing was written
    │   └── ConfigError              a settings or rules file is malformed
    ├── NotFound (LookupError)       the thing asked for does not exist → HTTP 404
    ├── PermissionDenied (PermissionError)  the actor may not do this → HTTP 403
    ├── Conflict                     the request clashes with the current state → HTTP 409
    └── ComputationError (ArithmeticError)  a statistic cannot be computed on these data
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def one_line(text: object) -> str:
    """``text`` on one line: line breaks and runs of white space become one space, so that
    every message prints as one ``error: …`` line whatever a parser or a file name held."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Where:
    """Where a problem is: any of file, line, row, column and field."""

    file: str | None = None
    line: int | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(one_line(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {one_line(self.column)}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: what, where, and what is allowed."""

    message: str
    where: Where = field(default_factory=Where)
    code: str = "invalid"

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        loc = str(self.where)
        return f"{self.message} ({loc})" if loc else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "where": self.where.as_dict()}


class ServiqError(Exception):
    """Base of every error serviq raises on purpose."""

    code = "error"

    def __init__(
        self,
        message: str,
        *,
        where: Where | None = None,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = one_line(message)
        self.where = where or Where()
        if code is not None:
            self.code = code
        self.details = details or {}
        # the values of a coded message's fields (serviq.messages), for the shells' wording
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        loc = str(self.where)
        return f"{self.message} ({loc})" if loc else self.message

    @property
    def lines(self) -> list[str]:
        """One line per problem, for ``error: …`` output."""
        return [str(self)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "where": self.where.as_dict(),
            "details": self.details,
            "params": self.params,
        }


class InvalidInput(ServiqError, ValueError):
    """The user's data, options or files are wrong; nothing was changed."""

    code = "invalid_input"


class ValidationFailed(InvalidInput):
    """Several problems found while validating one input; nothing was written."""

    code = "validation_failed"

    def __init__(self, problems: list[Problem], *, source: str | None = None) -> None:
        if not problems:
            raise ValueError("ValidationFailed needs at least one problem")
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''}" + (f" in {source}" if source else "")
        super().__init__(head, details={"problems": [p.as_dict() for p in self.problems]})

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems)

    @property
    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ConfigError(InvalidInput):
    """A settings, rules or data file is malformed."""

    code = "config_error"


class NotFound(ServiqError, LookupError):
    code = "not_found"


class PermissionDenied(ServiqError, PermissionError):
    code = "permission_denied"


class Conflict(ServiqError):
    code = "conflict"


class ComputationError(ServiqError, ArithmeticError):
    """A statistic cannot be computed on these data (singular matrix, no variance, …)."""

    code = "computation_error"
