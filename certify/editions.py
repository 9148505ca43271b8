"""Editions of a standard: the ruleset in force on a dossier's as-of date.

`--ruleset` names a file (one ruleset, used for every dossier, exactly as always)
or a folder of editions: ruleset files that share an `id`, each with its own
`effective` date. A dossier is judged by the edition in force on its as-of date,
the one with the latest `effective` on or before it. Engines are compiled when an
edition is first needed and reused for every later dossier it judges.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .engine import Engine
from .errors import NOT_A_FILE, Message, RulesetError, must_exist, not_a_file, say, unreadable
from .load import cannot_read as file_unread
from .ruleset import LoadedRuleset, load_ruleset
from .rulewords import RULESET_FILE, cannot_read

RULESET_SUFFIXES = (".yaml", ".yml")
NO_EDITIONS = Message("no ruleset files (.yaml, .yml) in this folder", "此文件夹中没有标准文件（.yaml、.yml）")


class RulesetSource:
    """Where verdicts get their engine: one ruleset for every date, or editions chosen by date."""

    def __init__(self, editions: list[LoadedRuleset], *, dated: bool, where: str | None = None) -> None:
        if not editions:
            raise RulesetError(NO_EDITIONS, file=where)
        self.dated = dated
        self.where = where
        self.editions = tuple(sorted(editions, key=lambda e: e.ruleset.effective or date.min))
        self._dates = [e.ruleset.effective or date.min for e in self.editions]
        self._engines: dict[int, Engine] = {}
        if not dated:
            # One ruleset is compiled at once, as `certify check --ruleset FILE` always did.
            self._engines[0] = Engine(self.editions[0])

    @property
    def id(self) -> str:
        return self.editions[0].ruleset.id

    @property
    def top(self) -> int:
        """The most levels any edition has (for a table's columns)."""
        return max(e.ruleset.top for e in self.editions)

    def _index(self, as_of: date) -> int:
        if not self.dated:
            return 0
        i = bisect_right(self._dates, as_of) - 1
        if i < 0:
            first = self.editions[0].ruleset
            raise RulesetError(say("no edition of {id} in force on {d} (the earliest, {v}, takes effect on {e})",
                                   "{d} 时 {id} 尚无施行的版本（最早的版本 {v} 于 {e} 起施行）", id=self.id,
                                   d=as_of.isoformat(), v=first.version, e=first.effective.isoformat()))
        return i

    def edition_for(self, as_of: date) -> LoadedRuleset:
        """The edition in force on `as_of`: the latest effective on or before it."""
        return self.editions[self._index(as_of)]

    def later_than(self, as_of: date) -> tuple:
        """The editions that take effect after `as_of`, as (effective date, engine), in date order."""
        if not self.dated:
            return ()
        start = bisect_right(self._dates, as_of)
        return tuple((self._dates[i], self.engine_for(self._dates[i])) for i in range(start, len(self.editions)))

    def engine_for(self, as_of: date) -> Engine:
        """The engine of the edition in force on `as_of`, compiled on first use."""
        i = self._index(as_of)
        if i not in self._engines:
            self._engines[i] = Engine(self.editions[i])
        return self._engines[i]


def requirements_under(engine: Engine, later: tuple, rule_editions: dict) -> dict:
    """For each rule whose forecast date falls under a later edition (`rule_editions`: rule id -> that edition's
    meta, forecast.Forecast's) that requires otherwise for it (its condition differs from `engine`'s): rule id ->
    that edition's requirement (ruleset.Text). `later` are the editions forecast took, as (effective date, engine)."""
    mine = {rule.id: rule for level in engine.ruleset.levels for rule in level.rules}
    found = {}
    for rule_id, meta in rule_editions.items():
        edition = next((e for _, e in later if e.loaded.meta == meta), None)
        theirs = next((rule for level in edition.ruleset.levels for rule in level.rules if rule.id == rule_id),
                      None) if edition else None
        if theirs is not None and rule_id in mine and theirs.when != mine[rule_id].when:
            found[rule_id] = theirs.requirement
    return found


def edition_files(folder: Path) -> list[Path]:
    """The ruleset files of a folder of editions, sorted (the folder itself, not its subfolders).

    A ruleset's test cases (`<name>.tests.yaml`, see casefile.py) sit beside it and are not editions;
    nor are hidden files (an editor's `.kam-2020.yaml.swp`, a `.draft.yaml`), as in a folder of dossiers.
    Every name an edition's is one, a link to nothing, a pipe or a folder so named too: not_an_edition says
    why it cannot be read, rather than the folder judging by the others as if it were not there.
    """
    return sorted(p for p in folder.iterdir()
                  if p.suffix in RULESET_SUFFIXES and not p.name.endswith(".tests.yaml") and not p.name.startswith("."))


def not_an_edition(path: Path) -> Message | None:
    """Why a file of a folder of editions, named as an edition, is no file to read: a folder, a named pipe or a
    device (which reading could wait on for ever), a link to nothing or in a loop; None for a file."""
    if path.is_dir():
        return Message("a folder, not a ruleset file", "是文件夹，不是标准文件")
    if not_a_file(path):
        return NOT_A_FILE
    try:
        os.stat(path)
    except OSError as e:
        return unreadable(e)
    return None


def editions_unread(folder: str | Path, exc: OSError) -> Message:
    """Why a folder of editions cannot be read: the folder itself not to be listed, or which of its edition files
    not to be opened, in the words a dossier's folder and file are said in."""
    if exc.filename is not None and Path(exc.filename) != Path(folder):
        return say("{f}: {e}", "{f}：{e}", f=Path(exc.filename).name, e=file_unread(exc))
    return say("cannot read folder: {e}", "无法读取文件夹：{e}", e=exc.strerror or exc)


def check_editions(editions: list[LoadedRuleset], folder: str) -> None:
    """Editions of one standard: each dated, one shared id, distinct dates; RulesetError otherwise."""
    for e in editions:
        if e.ruleset.effective is None:
            raise RulesetError(Message("an edition in a folder of editions needs an 'effective' date",
                                       "标准版本文件夹中的每个版本都须写明施行日期（effective）"), file=e.path)
    first = editions[0]
    for e in editions[1:]:
        if e.ruleset.id != first.ruleset.id:
            raise RulesetError(say("editions in one folder must share an id: {a} is '{i}', {b} is '{j}'",
                                   "同一文件夹中的各版本须有相同的编号（id）：{a} 的是 '{i}'，{b} 的是 '{j}'",
                                   a=Path(first.path).name, i=first.ruleset.id, b=Path(e.path).name, j=e.ruleset.id),
                               file=folder)
    seen: dict[date, LoadedRuleset] = {}
    for e in editions:
        other = seen.setdefault(e.ruleset.effective, e)
        if other is not e:
            raise RulesetError(say("{a} and {b} both take effect on {d}: editions need distinct effective dates",
                                   "{a} 与 {b} 都于 {d} 起施行：各版本的施行日期须各不相同", a=Path(other.path).name,
                                   b=Path(e.path).name, d=e.ruleset.effective.isoformat()), file=folder)


_NUMBERED = re.compile(r"\d+(?:[.\-]\d+)*")  # a version of numbers only: 2014.1, 3, 2026-2


def _version_key(version: str) -> tuple[int, ...] | None:
    """A version made of numbers only, as numbers to compare (2.10 after 2.9); None for any other text."""
    text = version.strip()
    return tuple(int(n) for n in re.split(r"[.\-]", text)) if _NUMBERED.fullmatch(text) else None


@dataclass(frozen=True)
class Misdated:
    """An edition (`early`) of a higher version than the edition that takes effect next (`late`) and replaces it:
    an effective date mistyped (2016 for 2026) would judge nearly every dossier by the older edition unseen."""

    early: LoadedRuleset
    late: LoadedRuleset

    @property
    def line(self) -> int | None:
        """The line of `early`'s effective date."""
        try:
            text = Path(self.early.path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        return next((i for i, line in enumerate(text.splitlines(), 1) if re.match(r"effective\s*:", line)), None)

    def said(self) -> Message:
        a, b = self.early.ruleset, self.late.ruleset
        return say("version {v} takes effect on {e}, before version {w} ({f}, in force from {g}), which then replaces "
                   "it: a dossier is judged by the latest edition in force on its as-of date, so {v} judges only "
                   "dossiers dated {e} to {u}; check the effective dates",
                   "版本 {v} 于 {e} 起施行，早于版本 {w}（{f}，于 {g} 起施行），{w} 施行后即取代 {v}：申报材料按"
                   "截止日期当日已施行的最新版本评定，因此 {v} 只会用于评定截止日期在 {e} 至 {u} 之间的申报材料；"
                   "请核对施行日期",
                   v=a.version, e=a.effective.isoformat(), w=b.version, f=Path(self.late.path).name,
                   g=b.effective.isoformat(), u=(b.effective - timedelta(days=1)).isoformat())

    def note(self) -> Message:
        """The warning for standard error: the file and line, then what is wrong."""
        place = f"{self.early.path}:{self.line}" if self.line else self.early.path
        return say("warning: {p}: {m}", "警告：{p}：{m}", p=place, m=self.said())


def misdated(editions: list[LoadedRuleset]) -> list[Misdated]:
    """Each edition whose numbered version is higher than that of the edition taking effect next (editions whose
    versions are not numbers only are not compared)."""
    dated = sorted((e for e in editions if e.ruleset.effective is not None), key=lambda e: e.ruleset.effective)
    found = []
    for early, late in zip(dated, dated[1:]):
        a, b = _version_key(early.ruleset.version), _version_key(late.ruleset.version)
        if a is not None and b is not None and a > b:
            found.append(Misdated(early, late))
    return found


def load_editions(folder: str | Path) -> RulesetSource:
    """Every edition in `folder`, validated and checked to be editions of one standard."""
    folder = Path(folder)
    files = edition_files(folder)
    for p in files:
        if (why := not_an_edition(p)) is not None:
            raise RulesetError(cannot_read(RULESET_FILE, why), file=str(p))
    editions = [load_ruleset(p) for p in files]
    if not editions:
        raise RulesetError(NO_EDITIONS, file=str(folder))
    check_editions(editions, str(folder))
    return RulesetSource(editions, dated=True, where=str(folder))


def open_rulesets(path: str | Path | None = None) -> RulesetSource:
    """A ruleset file (or the bundled standard) for every date, or a folder of editions chosen by date."""
    if path is not None:
        must_exist(path)
    if path is not None and Path(path).is_dir():
        return load_editions(path)
    loaded = load_ruleset(path)
    return RulesetSource([loaded], dated=False, where=loaded.path)


def newest_judging(editions: list, judged: Iterable[dict]):
    """Of `editions` (rulesets, oldest first), the newest that judged one of `judged` (results' ruleset objects:
    version and effective date), or the newest of all when none did: what titles a cycle's documents and names its
    levels. A cycle judged wholly as of dates before the newest edition took effect is titled by the edition that
    judged it, not by one that judged nobody."""
    seen = {(m["version"], m.get("effective")) for m in judged}
    used = [r for r in editions if (r.version, r.effective.isoformat() if r.effective else None) in seen]
    return (used or editions)[-1]
