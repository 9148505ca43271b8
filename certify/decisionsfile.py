"""The committee's decisions file as the documents of `certify report --overrides` name it: the file as given
and the sha256 of its bytes, so that a review sheet or the overview is tied to the decisions it was made with,
and a decisions file edited after the fact is told from the one used (`sha256sum FILE`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import say
from .explain import paren
from .overrides import OverridesError
from .records import sha256_of

LABEL = {"en": "committee's decisions file", "zh": "评审委员会决定文件"}


@dataclass(frozen=True)
class DecisionsFile:
    """A decisions file: `path` as given on the command line (as a decision record's `options.overrides` keeps it),
    `sha256` of its bytes, in hex."""

    path: str
    sha256: str

    @classmethod
    def read(cls, path: str | Path) -> DecisionsFile:
        """The file as given, and the sha256 of its bytes (records.sha256_of), or OverridesError."""
        try:
            return cls(str(path), sha256_of(path))
        except OSError as e:
            raise OverridesError(say("cannot read the overrides file: {e}", "无法读取评审委员会决定文件：{e}",
                                     e=e.strerror), file=str(path)) from None

    def fact(self, lang: str) -> tuple[str, str]:
        """The line a document gives it, its sha256 shown as the ruleset's is, by its first 12 hex digits:
        `committee's decisions file: committee.yaml (sha256 0123456789ab)`, `评审委员会决定文件：committee.yaml（sha256 …）`."""
        return LABEL[lang], self.path + paren(f"sha256 {self.sha256[:12]}", lang)
