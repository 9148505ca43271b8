"""The decision record a review sheet of `certify report --record` names: the record's file name and the sha256
of its bytes as they are in the records folder once the verdict is recorded (written then, or there already with
the same content, as check leaves such a record), so that a signed sheet leads to exactly one record, told apart
from the records other runs of the cycle made of the same dossier. `sha256sum RECORD` begins with the 12 hex
digits the sheet gives, and `certify show RECORD` gives them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .explain import paren
from .recordsheets import sha256_of

LABEL = {"en": "decision record", "zh": "判定记录"}


@dataclass(frozen=True, slots=True)
class RecordFile:
    """A decision record file: `name` in its folder, `sha256` of its bytes, in hex."""

    name: str
    sha256: str

    @classmethod
    def of(cls, path: Path | None) -> RecordFile | None:
        """The record at `path` as it is now (read back once written: its bytes as the system wrote them); None
        for no record (none written, or gone before it could be read)."""
        if path is None:
            return None
        try:
            return cls(path.name, sha256_of(path))
        except OSError:
            return None

    def text(self, lang: str) -> str:
        """`AP-103--1fe7f60d5169--2025-06-30--kam-2014--2cfe840a.json (sha256 0123456789ab)`: its sha256 shown as
        a ruleset's and a decisions file's are, by its first 12 hex digits."""
        return self.name + paren(f"sha256 {self.sha256[:12]}", lang)

    def fact(self, lang: str) -> tuple[str, str]:
        """The line a review sheet gives it: `decision record: …`, `判定记录：…`."""
        return LABEL[lang], self.text(lang)
