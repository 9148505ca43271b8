"""One error tree: every error certify reports to a person is a CertifyError."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def shown(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut at `limit` characters (a number of thousands of
    digits is not even written out: Python refuses past 4,300)."""
    if isinstance(value, int) and value.bit_length() >= 100:
        return "a number that long"
    return repr(value)[:limit]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to `word`, or None when nothing is close."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return matches[0] if matches else None


def aborted(cause: str) -> str:
    """The line a command stopped by Ctrl-C or SIGTERM ends with (`cause` says which)."""
    return f"Aborted ({cause}): stopped before the end."


class CertifyError(Exception):
    """Root of certify's errors: a message a person can act on, with where it happened.

    `file` is the file, `line` its 1-based line (when known), `path` the field path
    inside it (``employment[0].start``), `hint` a did-you-mean suggestion.
    """

    def __init__(self, message: str, *, file: str | None = None, path: str | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.path = path
        self.line = line
        self.hint = hint

    def where(self) -> str:
        """``file:line`` (or what of it is known)."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def detail(self) -> str:
        """The message with its field path and hint, without the file (for an error row)."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f" (did you mean '{self.hint}'?)"
        return text

    def __str__(self) -> str:
        where = self.where()
        return f"{where} {self.detail()}" if where else self.detail()


class DossierError(CertifyError):
    """A dossier file cannot be read or does not follow dossier-v1."""


class RulesetError(CertifyError):
    """A ruleset file cannot be read or does not follow the ruleset format."""


class EngineError(CertifyError):
    """The rules engine did something it must never do (a bug, not bad input)."""


class UsageError(CertifyError):
    """The command was used wrongly (bad option value, missing path)."""


class OutputError(CertifyError):
    """An output file or folder cannot be written (no such place, no permission, a full disk)."""
