"""`certify verify RECORDS` as one run: each record's Check, in the order found, then the records the batch
manifests list that are gone; what is not a record but wrong (a manifest that cannot be read, a kept ruleset
changed); the notes on the folder; the summary line and the exit status. The command says them as they come.

A record is verified once (verify.Verifier), or said to be a copy of another (verifyfolder.copies); a record
that differs is said superseded when a later batch of its folder recorded its input afresh (verifyfolder),
with what verify found of that later record, verified then if it is not yet.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .elsewhere import records_elsewhere
from .errors import Message, in_language, joined, say
from .manifest import manifest_path_ok
from .recordsearch import find_records, kept_named, kept_said
from .showrecord import what_it_is
from .verify import CANNOT, DIFFERS, MISSING, REPRODUCED, Check, Verifier, exit_status, no_records
from .verifyfolder import FolderCheck, Kept, copies, copy_check, superseded_said


def _elsewhere_said(check: Check, path: Path, compared: dict) -> Check:
    """The check, saying which file was read where the one as given here is another (elsewhere.py; `compared`:
    the files compared so far in the run)."""
    try:
        said = records_elsewhere(json.loads(path.read_text(encoding="utf-8")), compared)
    except (OSError, ValueError, RecursionError):
        return check
    if not said:
        return check
    note = say("note: {n}", "注意：{n}", n=joined(said, "; ", "；"))
    return Check(check.file, check.status, say("{w}; {n}", "{w}；{n}", w=check.why, n=note) if check.why else note)


class VerifyRun:
    """The records (files, folders or batch manifests) named to `certify verify`, verified as they are iterated."""

    def __init__(self, records: Iterable[str | Path]) -> None:
        self.records = list(records)
        kept = Kept()
        found = list(find_records(self.records, kept))
        self.folder = FolderCheck(kept)
        found += self.folder.listed([p for p in found if not isinstance(p, Check)])  # a manifest named: its records
        self.found = found
        self.files = [p for p in found if not isinstance(p, Check)]
        self.copied = copies(self.files)
        self.missing = self.folder.missing(self.files, self.copied)  # listed by a batch manifest, not in the folder
        self.checks: list[Check] = []
        self._verifier, self._done, self._present = Verifier(), {}, set(self.files)
        self._compared: dict = {}  # elsewhere.py's files compared, each pair once for all the records naming it
        self._gone = {os.path.abspath(c.file): c.status for c in self.missing}
        self.kept_rulesets = kept_named(self.records)  # kept rulesets named, each said as one
        self.problems = _kept_problems(self.folder.problems, self.kept_rulesets)

    def _verified(self, path: Path) -> Check:
        """Each record once: a record that replaced another is verified when that one is, then reused."""
        if path not in self._done:
            self._done[path] = (copy_check(path, self.copied[path], [p for p in self.files if p not in self.copied])
                                if path in self.copied
                                else _elsewhere_said(_what_it_is(self._verifier.verify(path), path), path,
                                                     self._compared))
        return self._done[path]

    def __iter__(self) -> Iterator[Check]:
        """Each record's Check (a folder that cannot be read comes as one), then each record missing."""
        for path in self.found:
            check = path if isinstance(path, Check) else self._verified(path)
            if check.status == DIFFERS and (later := self.folder.superseded(path)):
                record, batch = later
                now = (self._verified(record).status if record in self._present
                       else self._gone.get(os.path.abspath(record)))
                check = superseded_said(check, record, batch, now)
            self.checks.append(check)
            yield check
        for check in self.missing:
            self.checks.append(check)
            yield check

    def notes(self, lang: str = "en") -> list[str]:
        """After the records: that none was found (a wrong folder, most likely: said, not passed over), the
        batches' notes (inputs without a record, interrupted batches), and records no manifest lists."""
        said = []
        if not self.checks and (note := no_records(self.records, lang, [m.path for m in self.folder.manifests])):
            said.append(note)
        return said + self.folder.notes(lang) + self.folder.unlisted(
            [p for p in self.files if p not in self.copied], lang)

    def _only_kept(self) -> set[str]:
        """The kept rulesets named, when they are all that was named: what was checked, and no record."""
        named_kept = set(map(os.path.abspath, self.kept_rulesets))
        return named_kept if named_kept and named_kept >= set(map(os.path.abspath, self.records)) else set()

    def summary(self, lang: str = "en") -> str:
        """The line for standard error: of the records; or, only kept rulesets named, of them (no record was)."""
        if not self.checks and (kept := self._only_kept()):
            unchanged = sum(c.status == UNCHANGED for c in self.problems if os.path.abspath(c.file) in kept)
            return in_language(say("{n} kept ruleset{s}: {u} unchanged, {c} cannot be verified",
                                   "共 {n} 份留存的标准：{u} 份未更改，{c} 份无法核对", n=len(kept),
                                   s="s" if len(kept) != 1 else "", u=unchanged, c=len(kept) - unchanged), lang)
        unread = sum(manifest_path_ok(Path(c.file)) for c in self.problems)  # manifests that cannot be read
        line = _summary(self.checks, lang, manifests=bool(self.folder.manifests), unread=unread)
        if kept := len(self.problems) - unread:  # kept rulesets changed, gone or unreadable: the exit status is 2
            return line + in_language(say("; and {n} kept ruleset{s} not what {t} should be (said above)",
                                          "；另有 {n} 份留存的标准有误（见上）", n=kept, s="s are" if kept > 1 else " is",
                                          t="they" if kept > 1 else "it"), lang)
        return line

    def status(self) -> int:
        """The exit status: nothing verified is not "all reproduced" (a wrong folder, or records never written); but
        kept rulesets named, and nothing else, are verified as kept rulesets: 0 when each is as its name gives."""
        if self.checks or self._only_kept():
            return exit_status(self.checks + self.problems)
        return 2


UNCHANGED = Message("unchanged", "未更改")  # a kept ruleset named, whose bytes are those its name gives


def _kept_problems(problems: list[Check], named: list[Path]) -> list[Check]:
    """What is wrong but no record (a manifest that cannot be read, a kept ruleset changed or gone), and a line for
    each kept ruleset named on its own: whether its bytes are those its name gives (as verify checks those of a records
    folder), what it is and what to run instead."""
    checks = {os.path.abspath(c.file): c for c in problems}
    for path in named:
        problem = checks.get(os.path.abspath(path))
        checks[os.path.abspath(path)] = (
            Check(str(path), UNCHANGED, say("its bytes are those its name gives, as when it was kept; {k}",
                                            "内容与文件名所示的 sha256 相符，与留存时相同；{k}", k=kept_said(path)))
            if problem is None else Check(problem.file, problem.status, say("{w}; {k}", "{w}；{k}", w=problem.why,
                                                                             k=kept_said(path, intact=False))))
    return list(checks.values())


def _summary(checks: list[Check], lang: str = "en", *, manifests: bool = False, unread: int = 0) -> str:
    """One line for standard error: how many records were reproduced, differ, or cannot be verified, and,
    where batch manifests were read (or a record is missing), how many they list that are missing; where
    `unread` manifests could not be read, that how many they list are missing is not known (a line without
    `missing` says no manifest was found)."""
    count = {s: sum(c.status == s for c in checks) for s in (REPRODUCED, DIFFERS, CANNOT, MISSING)}
    missing = say(", {m} missing", "，{m} 份缺失", m=count[MISSING]) if manifests or count[MISSING] else ""
    if unread:
        why = say("{a} batch manifest{s} cannot be read", "有 {n} 份批次清单无法读取", s="s" if unread > 1 else "",
                  a="a" if unread == 1 else unread, n=unread)
        missing = (say("{m}, maybe more ({w})", "{m}，可能更多（{w}）", m=missing, w=why) if missing
                   else say(", missing unknown ({w})", "，缺失份数不明（{w}）", w=why))
    return in_language(say("{n} record{s}: {r} reproduced, {d} differ, {c} cannot be verified{m}",
                           "共 {n} 份判定记录：{r} 份已复现，{d} 份不一致，{c} 份无法核对{m}", n=len(checks),
                           s="s" if len(checks) != 1 else "", r=count[REPRODUCED], d=count[DIFFERS],
                           c=count[CANNOT], m=missing), lang)


def _what_it_is(check: Check, path: Path) -> Check:
    """A file that is no decision record said as what it is (a dossier, a ruleset, a line of a manifest), as
    `certify show` says it, rather than only what it is not."""
    if check.status != CANNOT or check.why != _NOT_A_RECORD:
        return check
    try:
        text = path.read_bytes().decode("utf-8")
        data = json.loads(text)
    except OSError:
        return check
    except UnicodeDecodeError:  # saved again as UTF-16 or GBK: said so
        text = data = None
    except (ValueError, RecursionError):
        data = None
    return Check(check.file, CANNOT, what_it_is(path, text, data))


_NOT_A_RECORD = Message("not a decision record", "不是判定记录")
