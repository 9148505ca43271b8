"""Decision records: one JSON file per verdict, enough to reproduce it (verify.py checks them later).

A record holds the verdict (results-v1, in English), the dossier's computed facts, the sha256 of the dossier's bytes
as judged and of the ruleset's, the as-of date, the options that shaped it and the versions of certify (and the
fingerprint of its code, codeprint.py), durable-rules and Python. verify.py re-evaluates the recorded dossier with
the recorded ruleset and says whether the same verdict comes out, and if not, why. The format is in
docs/records-and-overrides.md.

An applicant of a workbook or CSV set has no file of its own: its record names the
spreadsheet and the applicant id, and hashes the applicant's dossier-v1 data (what its
verdict was made from), so that editing another applicant's rows changes nothing.
The process that judged a verdict makes its record (recordmaker.py) from the data as judged; a spreadsheet is read
again (once per Recorder or Verifier, recordsheets.py) only for a record that process could not make.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import platform
import re
import zlib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import orjson

from . import __version__
from .atomic import NAME_BYTES, atomic_write, interrupts_held, writable_folder
from .editions import edition_files
from .engine import engine_version
from .errors import CertifyError, Message, OutputError, UsageError, error_line, in_language, say
from .load import RECORD_FORMATS
from .recordfacts import facts_record
from .recorded import utc_text
from .recordfile import RecordFile
from .manifest import THERE, WRITTEN, BatchLog
from .results import result_record
from .ruleset import BUNDLED, LoadedRuleset
from .recordsheets import SheetOrigin, SheetSources, sha256_of, sheet_origin
from .sheets import SheetApplicant, data_sha256
from .check import Failure
from .codeprint import certify_code
from .verdict import Verdict

FORMAT = f"{RECORD_FORMATS}1"


def versions() -> dict[str, str]:
    """The versions that decide: certify and the fingerprint of its code (`certify_code`), durable-rules and Python."""
    return dict(_versions())


@functools.cache
def _versions() -> dict[str, str]:
    """Read once a process (durable-rules' from its installed metadata: ~1 ms, once a record before; certify's code
    hashed: ~5 ms), where records are written or read: never by a plain check."""
    return {"certify": __version__, "certify_code": certify_code(), "durable_rules": engine_version(),
            "python": platform.python_version()}


def ruleset_source(loaded: LoadedRuleset) -> dict:
    """Where a ruleset came from: a bundled file by name, or a path as given and resolved."""
    path = Path(loaded.path).resolve()
    meta = dict(loaded.meta)
    if path.parent == BUNDLED.resolve():
        return {**meta, "bundled": True, "path": path.name}
    return {**meta, "bundled": False, "path": loaded.path, "resolved": str(path)}


_UNSAFE = re.compile(r"[^\w.\-]+")


def _safe(text: str, limit: int = 60) -> str:
    return _UNSAFE.sub("_", str(text)).strip("._")[:limit] or "_"


INPUTS = ("dossier", "ruleset", "as_of", "options", "versions", "overrides")


def _inputs(record: dict) -> dict:
    """The inputs of a decision: INPUTS, without a spreadsheet's file hashes (kept for information only)."""
    inputs = {k: record[k] for k in INPUTS}
    if isinstance(inputs["dossier"], dict) and "files" in inputs["dossier"]:
        inputs["dossier"] = {k: v for k, v in inputs["dossier"].items() if k != "files"}
    return inputs


def record_name(record: dict, *, whole: bool = False) -> str:
    """A name no other decision shares: applicant, dossier, as-of date, ruleset, and a digest of all inputs.

    The digest covers everything that went into the decision (the dossier's path and bytes, the
    ruleset's, the date, the options, the versions, the overrides), so two runs share a name only
    when they had the same inputs, and then they must have the same verdict. A spreadsheet
    applicant's inputs are its source, id and data: not the bytes of the whole spreadsheet.

    The name fits NAME_BYTES (255 bytes of UTF-8, what most file systems take): a longer one has the applicant's id
    cut at a character, and the ruleset's id too if need be, the digest still telling the decisions apart. `whole`:
    the name uncut, as a file system that takes longer names (NTFS counts characters, not bytes) was given it.
    """
    v = record["verdict"]
    inputs = json.dumps(_inputs(record), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:8]
    applicant, ruleset = _safe(v["applicant_id"]), _safe(record["ruleset"]["id"], 40)
    middle, end = f"--{record['dossier']['sha256'][:12]}--{v['as_of']}--", f"--{digest}.json"
    if not whole:  # a name too long for the file system: the applicant's id cut, then if need be the ruleset's
        over = len(f"{applicant}{middle}{ruleset}{end}".encode("utf-8", "surrogatepass")) - NAME_BYTES
        applicant, over = _cut(applicant, over)
        ruleset, _ = _cut(ruleset, over)
    return f"{applicant}{middle}{ruleset}{end}"


def _cut(text: str, over: int) -> tuple[str, int]:
    """`text` shortened at a character by at least `over` bytes of UTF-8 (one character kept), and how many bytes
    are still over."""
    while over > 0 and len(text) > 1:
        over -= len(text[-1].encode("utf-8"))
        text = text[:-1]
    return text, over


# ---- spreadsheet applicants ----


def _sheet_dossier(verdict: Verdict, origin: SheetOrigin, sheets: SheetSources) -> dict:
    """A spreadsheet applicant's `dossier` field: its source, id, the sha256 of its data, its files'."""
    read = sheets.read(origin)
    entry = read.applicants.get(origin.applicant_id) if read else None
    if read is None or read.problem or not isinstance(entry, (SheetApplicant, str)):
        source, ident = origin.source, repr(origin.applicant_id)
        if read is None:
            why = say("{s} is gone", "{s} 已不存在", s=source)
        elif read.problem:
            why = say("{s} can no longer be read ({e})", "{s} 已无法读取（{e}）", s=source, e=read.problem.quoted())
        elif entry is None:
            why = say("{s} no longer has applicant {i}", "{s} 中已没有申报人 {i}", s=source, i=ident)
        else:
            why = say("{s} can no longer be read for {i} ({e})", "{s} 中申报人 {i} 的行已无法读取（{e}）", s=source,
                      i=ident, e=entry.quoted())
        raise CertifyError(say("no decision record: {w}", "未写入判定记录：{w}", w=why), file=verdict.file)
    return sheet_dossier(verdict, origin, entry if isinstance(entry, str) else data_sha256(entry.data), read.files)


def sheet_dossier(verdict: Verdict, origin: SheetOrigin, sha256: str, files: dict[str, str],
                  resolved: str | None = None) -> dict:
    """A spreadsheet applicant's `dossier` field, from the sha256 of its data and its spreadsheet's files' (and
    where the spreadsheet is, `resolved`, if worked out already)."""
    return {"path": verdict.file, "source": origin.source, "kind": "csv" if origin.csv else "workbook",
            "resolved": resolved or str(Path(origin.source).resolve()), "applicant_id": origin.applicant_id,
            "sha256": sha256, "files": files}


def dossier_source(verdict: Verdict, sheets: SheetSources | None = None) -> dict:
    """A verdict's `dossier` field: its file's bytes as they were judged (hashed as read: a file edited since
    is the dossier changed, as verify says), else hashed now; or its spreadsheet applicant's data."""
    origin = sheet_origin(verdict.file, verdict.applicant_id)
    if origin is not None:
        return _sheet_dossier(verdict, origin, sheets or SheetSources(keep_data=False))
    path = Path(verdict.file)
    judged = None if verdict.dossier_data else verdict.dossier_sha256
    return {"path": verdict.file, "resolved": str(path.resolve()), "sha256": judged or sha256_of(path)}


def editions_source(folder: str | Path) -> dict:
    """A folder of editions as a record keeps it: where it is, and each edition file's sha256. A verdict
    judged from a folder depends on all of it: which edition is in force on a date, and the forecast's
    dates under the editions that take effect later."""
    return {"path": str(folder), "resolved": str(Path(folder).resolve()),
            "files": {p.name: sha256_of(p) for p in edition_files(Path(folder))}}


def make_record(verdict: Verdict, loaded: LoadedRuleset, *, options: dict, now: datetime | None = None,
                sheets: SheetSources | None = None, editions: dict | None = None, dossier: dict | None = None,
                source: dict | None = None) -> dict:
    """The decision record of one verdict (its dossier file's bytes hashed as judged; a spreadsheet read again,
    unless `dossier` gives its field: recordmaker.py); `editions` the folder of editions it was judged from
    (editions_source), if it was; `source`: ruleset_source(loaded), if worked out already (it resolves paths)."""
    computed = result_record(verdict, "en")
    computed.pop("overrides", None)  # kept apart below: a committee decision is not the computed verdict
    return {
        "format": FORMAT,
        "made_at": utc_text(now),
        "verdict": computed,
        "facts": facts_record(verdict.facts),
        "dossier": dossier or dossier_source(verdict, sheets),
        "ruleset": {**(source or ruleset_source(loaded)), **({"editions": editions} if editions else {})},
        "as_of": verdict.as_of.isoformat(),
        "options": {"as_of": options.get("as_of"), "as_of_given": options.get("as_of") is not None,
                    "level": options.get("level"), "overrides": options.get("overrides"),
                    **({"overrides_resolved": str(Path(options["overrides"]).resolve())}
                       if options.get("overrides") else {}),
                    "forecast": getattr(verdict, "forecast", None) is not None},
        "versions": versions(),
        "overrides": [o.as_record() for o in verdict.overrides],
    }


# How orjson writes a float under 1e-4, which json writes otherwise (0.00001 or 1e-7, where json writes 1e-05 and
# 1e-07); or text that only looks so.
_SMALL_FLOAT = re.compile(rb"0\.0000|[0-9]e-")


def record_bytes(record: dict) -> bytes:
    """A record as its file holds it: `json.dumps(record, ensure_ascii=False, indent=2)` and a newline, in UTF-8, a
    line ending as the system ends it. orjson writes the same bytes several times as fast (json's indented form is
    written in Python: 2.3 ms for a record of 22 KB, 0.5 ms so, checked), but for a float under 1e-4, NaN,
    infinity or a value json does not write: json writes those."""
    try:
        data = orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        same = not _SMALL_FLOAT.search(data) and orjson.loads(data) == record  # NaN, infinity: null, not equal
    except (TypeError, ValueError):  # a key that is no string, an int past 64 bits, a lone surrogate
        same = False
    if not same:
        data = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return data if os.linesep == "\n" else data.replace(b"\n", os.linesep.encode())


class Made(NamedTuple):
    """A decision record as its file holds it, made where its verdict was judged (a pool's worker, recordmaker.py) or
    by the Recorder: the file's name, its bytes (`squeezed`: compressed, while the record waits in a temporary file
    with the rest of the batch, spool.py) and their sha256."""

    name: str
    data: bytes
    sha256: str
    squeezed: bool = False

    @classmethod
    def of(cls, record: dict, squeezed: bool = False) -> Made:
        data = record_bytes(record)
        return cls(record_name(record), zlib.compress(data, 1) if squeezed else data, hashlib.sha256(data).hexdigest(),
                   squeezed)

    def bytes(self) -> bytes:
        return zlib.decompress(self.data) if self.squeezed else self.data


def _same(a: dict, b: dict) -> bool:
    """Two records say the same thing: everything but when they were made (and a spreadsheet's files) is equal."""
    def kept(record: dict) -> dict:
        out = {k: v for k, v in record.items() if k != "made_at"}
        if isinstance(out.get("dossier"), dict):
            out["dossier"] = {k: v for k, v in out["dossier"].items() if k != "files"}
        return out
    return kept(a) == kept(b)


class Recorder:
    """Writes one decision record per verdict into a folder, atomically, never replacing another."""

    def __init__(self, folder: str | Path, rulesets: Iterable[LoadedRuleset], *, as_of: date | None = None,
                 level: int | None = None, overrides: str | None = None, editions: str | Path | None = None,
                 paths: Iterable[str | Path] = ()) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(say("--record {f}: not a folder", "--record {f}：不是文件夹", f=folder))
        writable_folder(self.folder)  # before the batch: not one error per dossier after it
        self.rulesets = {r.sha256: r for r in rulesets}
        self.editions = editions_source(editions) if editions is not None else None  # a folder: read once
        self.options = {"as_of": as_of.isoformat() if as_of else None, "level": level, "overrides": overrides}
        self.written = self.unchanged = 0
        self.last: RecordFile | None = None  # the record of the verdict added last (add)
        self.refused = 0  # records not written (an error of a kept ruleset or of the manifest is none)
        self.errors: list[CertifyError] = []  # each said on its line; of records that could not be written, the first
        self.more_unwritten = 0  # records after that one that could not be written either: said as a count
        self._unwritable = False
        self.sheets = SheetSources(keep_data=False)  # each spreadsheet read once, only its data's sha256 kept
        self.log = BatchLog(self.folder, self.rulesets, sources={s: ruleset_source(r) for s, r in self.rulesets.items()},
                            options={**self.options, "paths": [str(p) for p in paths]}, versions=versions(),
                            editions=self.editions)
        self.errors += self.log.keep_rulesets()  # before the batch: the rules its records are judged by

    def for_workers(self, squeezed: bool = False) -> dict:
        """What the processes that judge need to make each verdict's record as this recorder would
        (check_batch's `record`, recordmaker.py); `squeezed`: its bytes compressed, to wait in a spool."""
        return {"options": self.options, "editions": self.editions, "squeezed": squeezed}

    def add(self, result) -> Path | None:
        """Record a verdict (a Failure has none); a clash with a different record is kept in `errors`. Each
        input, recorded or not, is an entry of the batch's manifest (manifest.py). `last` is then the record
        file it has (written now or there already), else None."""
        self.last = None
        if isinstance(result, Failure):
            self.log.failed(result)
            return None
        loaded = self.rulesets.get(result.ruleset["sha256"])
        if loaded is None:
            return self._refused(result, CertifyError(Message(
                "no decision record: the verdict's ruleset is not one the recorder was given",
                "未写入判定记录：判定所用的标准不在记录器收到的标准之中"), file=result.file))
        path = self.folder
        try:
            # Made where it was judged (recordmaker.py), unless the committee has decided on it since (the record
            # holds the decisions, and its name's digest covers them) or it could not be made there.
            made = result.made_record if not getattr(result, "overrides", ()) else None  # a Rendered has none
            if made is None:
                made = Made.of(make_record(result, loaded, options=self.options, sheets=self.sheets,
                                           editions=self.editions))
            path = self.folder / made.name
            data = made.bytes()
            if path.exists():
                existing = _read_json(path)
                if isinstance(existing, dict) and _same(existing, json.loads(data)):
                    self.unchanged += 1
                    self.log.recorded(result, path.name, THERE)
                    self.last = RecordFile.of(path)  # its bytes as they are: made at another time
                    return path
                raise CertifyError(say("decision record {p} already exists with different content (not replaced)",
                                       "判定记录 {p} 已存在，内容不同（未替换）", p=path), file=result.file)
            # The record and its line in the batch's manifest, both or neither: Ctrl-C or SIGTERM between the two
            # would leave a whole record the manifest of the interrupted batch does not list.
            with interrupts_held():
                with atomic_write(path, mode="wb") as out:
                    out.write(data)
                self.written += 1
                self.log.recorded(result, path.name, WRITTEN)
            self.last = RecordFile(made.name, made.sha256)
        except OutputError as e:  # the folder takes no more (a full disk, no permission), or this record's name
            return self._unwritten(result, e, path) if e.errno in _FOLDER_SHUT else self._refused(result, e, path)
        except CertifyError as e:
            return self._refused(result, e, path)
        except OSError as e:
            error = CertifyError(say("cannot write decision record {p}: {e}", "无法写入判定记录 {p}：{e}", p=path,
                                     e=e.strerror), file=result.file)
            return self._unwritten(result, error, path) if e.errno in _FOLDER_SHUT else self._refused(result, error, path)
        return path

    def _refused(self, result: Verdict, error: CertifyError, path: Path | None = None) -> None:
        """A record that could not be written for a reason of its own (a path too long for the system, the
        dossier gone before it was read again): said on its line, as running again would not write it."""
        self.refused += 1
        self.errors.append(error)
        self.log.unrecorded(result, error, path.name if path and path != self.folder else None)
        return None

    def _unwritten(self, result: Verdict, error: CertifyError, path: Path) -> None:
        """A record the folder would not take: the first kept in `errors`, those after it counted, so that a full
        disk under 100,000 applicants is two lines, not 100,000. Each later record is still tried (space freed
        part-way is used)."""
        self.refused += 1
        self.log.unrecorded(result, error, path.name if path != self.folder else None)
        if self._unwritable:
            self.more_unwritten += 1
        else:
            self._unwritable = True
            self.errors.append(error)
        return None

    def finish(self) -> Path | None:
        """Write the batch's manifest (manifest.py), once every input is in; None, and an error kept, if it
        cannot be written. An interrupted batch's is written instead by BatchLog.write_interrupted."""
        try:
            return self.log.write()
        except CertifyError as e:
            self.errors.append(e)
            return None

    def problems(self, lang: str = "en") -> list[str]:
        """The lines that say what could not be recorded: each error, then how many more records were not written."""
        lines = [error.said_line(lang) for error in self.errors]
        if self.more_unwritten:
            n = self.more_unwritten
            lines.append(error_line(in_language(say(
                "{n} more decision record{s} could not be written into {f}; once it can be written, run the same "
                "check again: the records there are kept, the missing ones added",
                "另有 {n} 份判定记录也无法写入 {f}；待该文件夹可以写入后再运行同一检查：已有的记录会保留，缺少的会补上",
                n=n, s="" if n == 1 else "s", f=self.folder), lang), lang))
        return lines

    def summary(self, lang: str = "en") -> str:
        """One line: how many records were written, already there, or refused."""
        return in_language(say("decision records in {f}: {w} written, {u} already there, {r} refused",
                               "{f} 中的判定记录：新写入 {w} 份，已存在 {u} 份，拒绝写入 {r} 份", f=self.folder,
                               w=self.written, u=self.unchanged, r=self.refused), lang)


# The reasons a folder stops taking records, whichever record is next: said once, the rest counted (_unwritten). Besides
# a full disk or quota, no permission and a read-only or failing device: a network folder gone stale or disconnected,
# no file handles left to the process or the system, a file size limit on the process.
_FOLDER_SHUT = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.ESTALE,
                          errno.ENOTCONN, errno.EMFILE, errno.ENFILE, errno.EFBIG))


def _read_json(path: Path):
    return read_json_text(path)[0]


def read_json_text(path: Path) -> tuple[object, str | None]:
    """A file's JSON (None when it is none) and its text, as read (recorded.read_record checks it faster with it)."""
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text), text
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # not JSON, or not a record's (nested deep)
        return None, None
