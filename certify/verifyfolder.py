"""What verify finds in a records folder as a whole, beyond each record: the records its batch manifests
list that are not there, files that are copies of another record (byte for byte, or its contents laid out
otherwise under a name out of the naming pattern), inputs that got no record,
batches that were interrupted, records that no manifest of their folder lists, and kept rulesets whose bytes
are not those their names give (manifest.py writes manifests and copies). A folder without manifests (written
by an older certify) has none of this to say but copies.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Message, in_language, say
from .manifest import BATCHES, NOT_EVALUATED, RECORDED, KEPT_NAME, records_folder_of, ruleset_copy_ok
from .manifestread import Manifest, read_manifest
from .records import _read_json, record_name
from .tampered import NAME_PATTERN, verdicts_part
from .verify import CANNOT, MISSING, Check

_SHOWN = 5  # inputs without a record named in a manifest's note; the rest counted
# What stopped an interrupted batch, as its manifest says it (manifest.stopped_by), in Chinese too: an error's own
# words stay as check's error rows wrote them, in English.
_CAUSES = {"closed output pipe": Message("closed output pipe", "输出管道已关闭")}


@dataclass(slots=True)
class Kept:
    """What a records folder holds besides records, as find_records (recordsearch.py) meets it."""

    manifests: list[Path] = field(default_factory=list)
    rulesets: list[Path] = field(default_factory=list)
    searched: set[str] = field(default_factory=set)  # the folders searched (absolute): their batches/ read too


def _sha256(path: Path) -> str | OSError:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:  # verify says what is wrong with it
        return exc
    return digest.hexdigest()


def _own_names(path: Path) -> set[str]:
    """The names a record file's contents give it (cut and whole); none for a file that is not a record."""
    record = _read_json(path)
    try:
        return {record_name(record, whole=w) for w in (False, True)}
    except (KeyError, TypeError, AttributeError, UnicodeEncodeError):  # the last: a text with a lone surrogate
        return set()


def _own_name(path: Path) -> bool:
    """Whether a record file is under the name its contents give it (cut or whole)."""
    return path.name in _own_names(path)


def copies(paths: list[Path]) -> dict[Path, Path]:
    """Each file that is a byte-for-byte copy of another record under a name of its own -> that record.

    Of files with the same bytes, those under the name their contents give are the record; the others are
    copies of the first of them (of the first file, when none is). Files of the same name in two folders
    (a folder and its backup, verified together), or each under a name its contents give (cut where names
    are cut, whole where they are not), are the same record kept twice, not copies. Only files of
    the same size are read again."""
    by_size: dict[int, list[Path]] = defaultdict(list)
    for path in paths:
        try:
            by_size[path.stat().st_size].append(path)
        except OSError:
            continue
    found: dict[Path, Path] = {}
    for group in (g for g in by_size.values() if len(g) > 1):
        by_bytes: dict[str, list[Path]] = defaultdict(list)
        for path in group:
            if isinstance(digest := _sha256(path), str):
                by_bytes[digest].append(path)
        for same in (s for s in by_bytes.values() if len({p.name for p in s}) > 1):
            own = [p for p in same if _own_name(p)]
            original = own[0] if own else same[0]
            found.update({p: original for p in same if p not in own and p.name != original.name})
    # A file renamed out of the naming pattern whose contents are those of the record under the name they give,
    # its bytes other (saved again by an editor that lays JSON out otherwise): a copy too, not a second decision.
    named = {(p.parent, p.name): p for p in paths}
    for path in (p for p in paths if p not in found and not NAME_PATTERN.fullmatch(p.name)):
        if (record := _read_json(path)) is not None:
            originals = (named.get((path.parent, n)) for n in sorted(_own_names(path)))
            found.update({path: o for o in originals if o is not None and o not in found and _read_json(o) == record})
    return found


def _copy_words(path: Path, original: Path) -> tuple[Message, Message]:
    """What a copy is of its record: a byte-for-byte copy, or the same contents laid out otherwise (as verify
    says it, and as show does)."""
    if _sha256(path) == _sha256(original):
        return Message("a byte-for-byte copy", "逐字节副本"), Message("", "")
    return (Message("a copy", "副本"),
            Message(" (the same contents, laid out otherwise)", "（内容相同，仅排版不同）"))


def copy_check(path: Path, original: Path, records: list[Path] = ()) -> Check:
    """A copy's line; when its name is another decision's (`cp` of one applicant's record over another's), that
    the decision its name gives has no record of its own in its folder: none of the `records` there (not copies)
    renamed out of the naming pattern holds it."""
    kind, laid = _copy_words(path, original)
    said = say("{c} of the record {o}{l}, under a name of its own (not a decision of its own)",
               "是判定记录 {o} 的{c}{l}，只是文件名不同（并非另一项判定）", o=original, c=kind, l=laid)
    named, own = verdicts_part(path.name), {verdicts_part(n) for n in _own_names(original)}
    if named is None or named in own or any(path.name in _own_names(p) for p in records if p.parent == path.parent
                                            and not NAME_PATTERN.fullmatch(p.name)):
        return Check(str(path), CANNOT, said)
    if named[0] not in {part[0] for part in own if part}:
        gone = say("the applicant its name gives ({a}) has no record of its own here",
                   "其文件名所指的申报人（{a}）在此没有自己的判定记录", a=named[0])
    else:
        gone = say("the decision its name gives ({a}, as of {d}) has no record of its own here",
                   "其文件名所指的判定（{a}，截止日期 {d}）在此没有自己的判定记录", a=named[0], d=named[1])
    return Check(str(path), CANNOT, say("{s}; {g}", "{s}；{g}", s=said, g=gone))


def same_record_twice(path: Path, original: Path) -> Message:
    """A copy as `certify show` warns of it: the same record there twice, and which to keep (the record, when it
    is under the name its contents give; else either, under that name). verify's words are copy_check's."""
    names = sorted(_own_names(original), key=len)
    keep = (say(" ({o}, under the name certify gave it)", "：保留 {o}（文件名为 certify 所起）", o=original)
            if original.name in names else
            say(", under the name certify gave it ({n})", "，并改用 certify 所起的文件名 {n}", n=names[0]) if names else "")
    kind, laid = _copy_words(path, original)
    return say("the same record is here twice: this file is {c} of {o}{l} under another name, not a second decision; "
               "keep one of the two{k}", "同一份判定记录在此出现两次：本文件是 {o} 的{c}{l}，只是文件名不同，并非另一项判定；"
               "两者只需保留一份{k}", o=original, k=keep, c=kind, l=laid)


class FolderCheck:
    """The manifests and kept rulesets of the folders verified, read once."""

    def __init__(self, kept: Kept) -> None:
        self.manifests: list[Manifest] = []
        self.problems: list[Check] = []  # manifests that cannot be read, kept rulesets missing or changed
        self._batches: dict | None = None  # superseded's index, made when a record differs
        self._inputs: dict = {}
        self.searched = kept.searched
        self._unread: dict[str, list[Path]] = {}  # a records folder -> its manifests that cannot be read
        for path in sorted(kept.manifests):  # a folder's in the order of their names: the order of the batches
            read = read_manifest(path)
            if isinstance(read, Manifest):
                self.manifests.append(read)
            else:
                self.problems.append(Check(str(path), CANNOT, read))
                self._unread.setdefault(os.path.abspath(records_folder_of(path)), []).append(path)
        self.problems += self._rulesets(kept.rulesets + self._listed_rulesets(kept.rulesets))

    def _listed_rulesets(self, kept: list[Path]) -> list[Path]:
        """The kept rulesets the manifests list that are in their folder but not among `kept` (a manifest named
        on its own): checked as those met in the folder are."""
        have, extra = {os.path.abspath(p) for p in kept}, []
        for manifest in self.manifests:
            for ruleset in manifest.head.get("rulesets") or []:
                name = ruleset.get("kept") if isinstance(ruleset, dict) else None
                path = manifest.folder / name if isinstance(name, str) else None
                if (path is not None and ruleset_copy_ok(path) and os.path.abspath(path) not in have
                        and os.path.lexists(path)):
                    have.add(os.path.abspath(path))
                    extra.append(path)
        return extra

    def _rulesets(self, kept: list[Path]) -> list[Check]:
        """Each kept ruleset whose bytes are not those its name gives, or that a manifest lists and is gone."""
        checks, seen = [], set()
        for path in kept:
            seen.add(os.path.abspath(path))
            digest = _sha256(path)
            named = KEPT_NAME.fullmatch(path.name).group(1)
            if isinstance(digest, OSError):  # not to be opened: why, as a ruleset named on the command line says it
                checks.append(Check(str(path), CANNOT, say("cannot read the kept ruleset: {e}", "无法读取留存的标准：{e}",
                                                           e=digest.strerror or digest)))
            elif digest != named:
                checks.append(Check(str(path), CANNOT, say(
                    "the kept ruleset's sha256 is {s}…, not the one its name gives: it was changed after it was kept",
                    "留存标准的 sha256 为 {s}…，与其文件名不符：留存后被修改过", s=digest[:12])))
        for manifest in self.manifests:
            for ruleset in manifest.head.get("rulesets") or []:
                name = ruleset.get("kept") if isinstance(ruleset, dict) else None
                path = manifest.folder / name if isinstance(name, str) else None
                if path is None or os.path.abspath(path) in seen:
                    continue
                seen.add(os.path.abspath(path))
                if not os.path.lexists(path):
                    checks.append(Check(str(path), MISSING, say(
                        "the kept ruleset {r} {v}, listed by the batch manifest {m}, is not in the folder",
                        "批次清单 {m} 列出的留存标准 {r} {v} 不在文件夹中", r=ruleset.get("id"),
                        v=ruleset.get("version"), m=manifest.path)))
        return checks

    def listed(self, records: list[Path]) -> list[Path]:
        """The records the manifests list (written or already there) that are in their folder but not among
        `records`: those of a manifest named on its own (`certify verify DIR/batches/X.jsonl`), or met in a
        `batches/` folder named, are verified with it. Given the records folder, they are all among `records`."""
        have, extra = {os.path.abspath(p) for p in records}, []
        for manifest in self.manifests:
            for entry in manifest.entries:
                path = manifest.folder / entry["record"] if entry.get("outcome") in RECORDED else None
                if path is not None and os.path.abspath(path) not in have and os.path.lexists(path):
                    have.add(os.path.abspath(path))
                    extra.append(path)
        return extra

    def superseded(self, record: Path) -> tuple[Path, Path] | None:
        """The record that replaced `record`, and the manifest of its batch: the last batch of its folder that
        recorded the same input (its `file`) recorded another record, after every batch that lists `record` (HR
        corrected the applicant, and the corrected dossier was checked again). None without such a batch."""
        if self._batches is None:  # read once: (folder, record) -> its last batch and input; (folder, file) -> the
            self._batches, self._inputs = {}, {}  # last batch's record of that input
            for number, manifest in enumerate(self.manifests):
                folder = os.path.abspath(manifest.folder)
                for entry in (e for e in manifest.entries if e.get("outcome") in RECORDED):
                    self._batches[folder, entry["record"]] = (number, entry["file"])
                    self._inputs[folder, entry["file"]] = (number, entry["record"], manifest.path)
        folder = os.path.abspath(record.parent)
        if (listed := self._batches.get((folder, record.name))) is None:
            return None
        number, name, batch = self._inputs[folder, listed[1]]
        return (record.parent / name, batch) if name != record.name and number > listed[0] else None

    def missing(self, records: list[Path], copied: dict[Path, Path] | None = None) -> list[Check]:
        """A line for each record a manifest lists that is not in its folder (by the first manifest that
        lists it). A record found under the same name elsewhere in what was verified is there, and so is one
        renamed out of the naming pattern (its contents still give the name listed); one whose file is a copy of
        another record (`copied`: a copy -> the record it copies, verifyfolder.copies) is not."""
        copied = {os.path.abspath(k): v for k, v in (copied or {}).items()}
        present, renamed = {p.name for p in records if os.path.abspath(p) not in copied}, None
        said, checks = set(), []
        for manifest in self.manifests:
            for entry in manifest.entries:
                if entry.get("outcome") not in RECORDED:
                    continue
                path = manifest.folder / entry["record"]
                copy = copied.get(os.path.abspath(path))
                if path in said or entry["record"] in present or os.path.lexists(path) and copy is None:
                    continue
                if renamed is None:  # records renamed out of the naming pattern are there, under another name
                    renamed = {n for p in records if not NAME_PATTERN.fullmatch(p.name) for n in _own_names(p)}
                if entry["record"] in renamed:
                    continue
                said.add(path)
                where = say("listed by the batch manifest {m} (input {i}, {f})", "批次清单 {m} 列出了它（第{i}项输入，{f}）",
                            m=manifest.path, i=entry["input"], f=entry["file"])
                checks.append(Check(str(path), MISSING, say(
                    "{w}, not in the folder: deleted or moved", "{w}，但文件夹中没有：已被删除或移走", w=where) if copy is None
                    else say("{w}, not in the folder: its file holds a byte-for-byte copy of the record {o} instead",
                             "{w}，但文件夹中没有：该文件现为判定记录 {o} 的逐字节副本", w=where, o=copy)))
        return checks

    def notes(self, lang: str = "en") -> list[str]:
        """For each manifest some of whose inputs got no record, one note naming them (not an error: it is
        what happened in that batch). An input that a later batch of the same folder recorded (the applicant
        whose mistake was corrected, then checked again) says which batch, so that it is not taken for one
        still without a record."""
        lines = []
        for number, manifest in enumerate(self.manifests):
            if manifest.head.get("interrupted"):  # check --record stopped part-way: what it did not judge is unknown
                n = len(manifest.entries)
                lines.append(in_language(say(
                    "note: batch {m} was interrupted ({c}) after {n} input{s}: the inputs after those were not judged",
                    "注意：批次 {m} 在处理 {n} 项输入后被中止（{c}）：其后的输入未经评定", m=manifest.path,
                    c=_CAUSES.get(manifest.head["interrupted"], manifest.head["interrupted"]), n=n,
                    s="" if n == 1 else "s"), lang))
            unrecorded = [e for e in manifest.entries if e.get("outcome") not in RECORDED]
            if not unrecorded:
                continue
            later = self._recorded_later(number)
            named = [_input_said(e, later.get(e["file"])) for e in unrecorded[:_SHOWN]]
            more = len(unrecorded) - len(named)
            since = sum(e["file"] in later for e in unrecorded[_SHOWN:])
            lines.append(in_language(say(
                "note: {m}: {k} of {n} inputs got no record: {l}{more}",
                "注意：{m}：{n} 项输入中有 {k} 项没有判定记录：{l}{more}", m=manifest.path, k=len(unrecorded),
                n=len(manifest.entries), l=Message("; ".join(named), "；".join(getattr(x, "zh", x) for x in named)),
                more=(say("; and {m} more ({s} of them recorded by a later batch)", "；另有 {m} 项（其中 {s} 项其后的批次列有其判定记录）",
                          m=more, s=since) if since else say("; and {m} more", "；另有 {m} 项", m=more)) if more else ""),
                lang))
        return lines

    def unlisted(self, records: list[Path], lang: str = "en") -> list[str]:
        """For each folder with batch manifests (or, searched, its folder for them, batches/, left with none: a
        batch whose manifest a full disk kept from being written, or manifests deleted), one note of the records
        in it that none of them lists (written by an older certify, or by a batch whose manifest is gone): how
        many, and the first few. Not an error: each is
        verified as any record is; only that it was part of a batch cannot be shown. A record renamed out of the
        naming pattern is listed under the name its contents give; a file that is no record (verify says so) is
        not counted."""
        listed: dict[str, set[str]] = {}
        for manifest in self.manifests:
            names = listed.setdefault(os.path.abspath(manifest.folder), set())
            names.update(e["record"] for e in manifest.entries if e.get("outcome") in RECORDED)
        found: dict[str, list[Path]] = defaultdict(list)
        for path in records:
            names = listed.get(os.path.abspath(path.parent))
            folder = os.path.abspath(path.parent)
            if names is None and folder in self.searched and (path.parent / BATCHES).is_dir():  # none in it
                names = listed[folder] = set()
            if names is None or path.name in names:
                continue
            own = set() if NAME_PATTERN.fullmatch(path.name) else _own_names(path)  # none: not a record at all
            if NAME_PATTERN.fullmatch(path.name) or own and not names & own:
                found[str(path.parent)].append(path)
        lines = []
        for folder, paths in found.items():
            k, shown = len(paths), ", ".join(p.name for p in paths[:_SHOWN])
            more = say("; and {m} more", "；另有 {m} 份", m=k - _SHOWN) if k > _SHOWN else ""
            unread = self._unread.get(os.path.abspath(folder))
            if unread:  # not "an older certify": a manifest there, edited or spoiled, may be the one that lists them
                lines.append(in_language(say(
                    "note: {k} record{s} in {f} {are} listed by none of its batch manifests that can be read ({m}, "
                    "which cannot be read, may list {them}: see above): {l}{more}",
                    "注意：{f} 中有 {k} 份判定记录未列入其任何可读取的批次清单（无法读取的批次清单 {m} 可能列有这些记录，见上）：{l}{more}",
                    k=k, s="" if k == 1 else "s", are="is" if k == 1 else "are", f=folder, l=shown, more=more,
                    them="it" if k == 1 else "them", m=", ".join(map(str, unread))), lang))
                continue
            lines.append(in_language(say(
                "note: {k} record{s} in {f} {are} listed by none of its batch manifests (written by an older certify, or "
                "by a batch whose manifest is gone): {l}{more}",
                "注意：{f} 中有 {k} 份判定记录未列入其任何批次清单（由较早版本的 certify 写出，或其批次清单已不在）：{l}{more}",
                k=k, s="" if k == 1 else "s", are="is" if k == 1 else "are", f=folder, l=shown, more=more), lang))
        return lines

    def _recorded_later(self, number: int) -> dict[str, Path]:
        """Each input (by its file) that a batch after the manifest `number`, in the same folder, recorded ->
        the first such batch's manifest."""
        manifest, found = self.manifests[number], {}
        for after in self.manifests[number + 1:]:
            if after.folder == manifest.folder:
                for entry in after.entries:
                    if entry.get("outcome") in RECORDED:
                        found.setdefault(entry["file"], after.path)
        return found


def superseded_said(check: Check, later: Path, batch: Path, status: Message | None) -> Check:
    """A record that differs, with the later record of the same input that replaced it, and that record's status."""
    why = say("{w}; superseded by {r} (batch {m})", "{w}；已被其后的判定记录 {r}（批次 {m}）取代", w=check.why, r=later, m=batch)
    return replace(check, why=say("{w}: {s}", "{w}：{s}", w=why, s=status) if status is not None else why)


def _input_said(entry: dict, later: Path | None = None) -> Message:
    where = f"{entry['file']}:{entry['line']}" if entry.get("line") else entry["file"]
    if later is not None:
        if entry.get("outcome") == NOT_EVALUATED:
            return say("{w} (could not be evaluated; the later batch {m} recorded it)",
                       "{w}（无法评定；其后的批次 {m} 列有其判定记录）", w=where, m=later)
        return say("{w} (its record was not written; the later batch {m} recorded it)",
                   "{w}（其判定记录未能写入；其后的批次 {m} 列有其判定记录）", w=where, m=later)
    if entry.get("outcome") == NOT_EVALUATED:
        return say("{w} (could not be evaluated)", "{w}（无法评定）", w=where)
    return say("{w} (its record was not written)", "{w}（其判定记录未能写入）", w=where)
