"""What a decision record names, as it is now, told without evaluating anything (the head of `certify show`):
whether the dossier there is still the one judged (by its sha256; a spreadsheet applicant's by its data's), whether
the ruleset file named still has the recorded sha256, and whether the committee's decisions file named still holds
the recorded decisions about the applicant, by the comparisons `certify verify` makes (its reasons 1-3): each
`unchanged`, `changed since` (with what changed, where it can be said), `not found` or, for a dossier there that
cannot be read, `cannot be read` (with why).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from .errors import CertifyError, Message, say
from .load import cannot_read, read_dossier
from .records import data_sha256
from .recordsheets import SheetSources, sha256_of
from .ruleset import BUNDLED
from .sheets import SheetApplicant
from .verify import Verifier, overrides_path, recorded_file, sheet_origin_of

UNCHANGED, CHANGED, NOT_FOUND = (Message("unchanged", "未更改"), Message("changed since", "此后已更改"),
                                 Message("not found", "找不到"))


class Unread(Message):
    """What is said of a file there that cannot be read: no answer to whether it is as recorded, so the record is
    not shown in full (`certify show` exits 2)."""


def marked(said: Message) -> Unread:
    """`said`, marked as a state that answers nothing (a file there that cannot be read)."""
    return Unread(str(said), said.zh)


def unread(why: object) -> Unread:
    """`cannot be read (why)`, marked as a state that answers nothing."""
    return marked(say("cannot be read ({e})", "无法读取（{e}）", e=why))


@dataclass(slots=True)
class Dossier:
    """The recorded dossier as it is now: its state, and what it says of the applicant when it is the one judged."""

    state: Message
    now: str | None = None  # its sha256 now, when it is there
    name: str | None = None
    as_of: object = None  # the date it gives, or None (known only when `judged`)
    judged: bool = False
    applicant_id: str | None = None  # the applicant's id it holds (known only when `judged`)
    target_level: object = None  # the level it applies for, or None when it gives none (known only when `judged`)

    @property
    def unread(self) -> bool:
        """There, but not read: a file not to be opened, a spreadsheet that no longer reads as one."""
        return isinstance(self.state, Unread)


def as_of_came(as_of: str, given: bool, dossier: Dossier) -> Message:
    """Where a record's date (`as_of`) came from, for `certify show`: --as-of (`given`), else the dossier's as_of, or
    the day it was judged when the dossier, judged, gives none. A date that is neither, the dossier judged giving
    another, is no date certify wrote: said so, with the dossier's."""
    if given:
        return Message("given with --as-of", "由 --as-of 给出")
    if not dossier.judged:
        return Message("the dossier's as_of, or the day it was judged if it gives none", "申报材料中的 as_of，未给出时为评定当日")
    if dossier.as_of is None:
        return Message("the day it was judged: the dossier gives no as_of", "评定当日：申报材料未给出 as_of")
    if dossier.as_of == as_of:
        return Message("the dossier's as_of", "申报材料中的 as_of")
    return say("not the dossier's as_of, which is {d}, and not given with --as-of: the record was edited after it was "
               "written", "申报材料中的 as_of 为 {d}，此日期也不是由 --as-of 给出：判定记录写入后被修改过", d=dossier.as_of)


def _as_of_text(value) -> str | None:
    return str(value)[:10] if value is not None else None


def dossier_now(dossier: dict, sheets: SheetSources) -> Dossier:
    """Whether the recorded dossier is there, and still the one judged (by its sha256); a file there that cannot
    be opened, or a spreadsheet there that no longer reads as one, is said so, with why (as verify says it), not
    said to be gone."""
    if "source" not in dossier:  # a dossier file
        path = recorded_file(dossier)
        if path is None:
            return Dossier(NOT_FOUND)
        try:
            read, digest = read_dossier(path)
        except CertifyError:  # no dossier now, or not one that reads: its bytes are not those judged
            try:
                return Dossier(CHANGED, sha256_of(path))
            except OSError as exc:  # gone since, or there and not to be opened: why, as verify says it
                return Dossier(NOT_FOUND) if exc.errno == errno.ENOENT else Dossier(
                    unread(cannot_read(exc)))
        if digest != dossier["sha256"]:
            return Dossier(CHANGED, digest)
        name = read.applicant.name
        return Dossier(UNCHANGED, digest, name if isinstance(name, str) else None, _as_of_text(read.as_of), True,
                       str(read.applicant.id), read.applicant.target_level)
    read = sheets.read(sheet_origin_of(dossier))
    if read is not None and read.problem:  # there, but not read at all: why, as verify and check say it
        return Dossier(unread(read.problem.quoted()))
    entry = read.applicants.get(str(dossier.get("applicant_id"))) if read is not None else None
    if not isinstance(entry, SheetApplicant):
        return Dossier(NOT_FOUND if read is None or entry is None else CHANGED)
    digest = data_sha256(entry.data)
    if digest != dossier["sha256"]:
        return Dossier(CHANGED, digest)
    applicant = entry.data.get("applicant")
    return Dossier(UNCHANGED, digest, entry.name, _as_of_text(entry.data.get("as_of")), True, entry.id,
                   applicant.get("target_level") if isinstance(applicant, dict) else None)


def ruleset_origin(ruleset: dict) -> Message:
    """Where a record's ruleset was, and whether the file there still has the recorded sha256: the file named
    (at `resolved`, else at `path`: unchanged, changed since, not found, cannot be read), or the bundled file of
    this certify (said only when it has other bytes: the standard of another certify)."""
    sha = ruleset["sha256"]
    if ruleset.get("bundled"):
        try:
            now = sha256_of(BUNDLED / ruleset["path"])
        except OSError:
            now = None
        return (say("bundled {p}", "内置 {p}", p=ruleset["path"]) if now == sha else
                say("bundled {p}; this certify's has other bytes ({s}… now)", "内置 {p}；本版 certify 的内置文件内容"
                    "不同（现为 {s}…）", p=ruleset["path"], s=now[:12]) if now else
                say("bundled {p}; not bundled with this certify", "内置 {p}；本版 certify 未内置此文件", p=ruleset["path"]))
    found, missing = recorded_file(ruleset), NOT_FOUND
    try:
        now = sha256_of(found) if found is not None else None
    except OSError as exc:  # gone since, or there and not to be opened: why, as verify says it
        now = None
        if exc.errno != errno.ENOENT:
            missing = unread(cannot_read(exc))
    state = (UNCHANGED if now == sha else say("{c} ({s}… now)", "{c}（现为 {s}…）", c=CHANGED, s=now[:12]) if now
             else missing)
    said = say("{p}: {st}", "{p}：{st}", p=ruleset.get("path", ""), st=state)
    return marked(said) if isinstance(state, Unread) else said


def committee_now(options: dict, applicant, recorded: list, verifier: Verifier) -> Message | None:
    """Whether the committee's decisions file a record names (`--overrides`) still holds the recorded decisions
    about the applicant, as `certify verify` compares them: unchanged, changed since (what changed, level by
    level), not found, or cannot be read (why); None when the record names no such file."""
    given = options.get("overrides")
    if not given:
        return None
    path = overrides_path(options.get("overrides_resolved"), given)
    if not Path(path).exists():  # a folder in its place is there, and cannot be read: said so, as verify says it
        return NOT_FOUND
    changed = verifier.committee_now(path, str(applicant), recorded)
    if isinstance(changed, CertifyError):
        return unread(changed.quoted())
    return say("{c} ({d})", "{c}（{d}）", c=CHANGED, d=changed) if changed else UNCHANGED
