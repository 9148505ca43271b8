"""Verifying decision records: does each recorded verdict come out the same today, and if not, why.

What verify says is in English and Chinese (errors.Message), shown in the language asked for.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .check import evaluate
from .differences import (decisions_changed, files_changed, first_difference, short, status_changes,
                          verdict_difference)
from .editions import RulesetSource, editions_unread, open_rulesets
from .engine import Engine
from .errors import CertifyError, DossierError, Message, in_language, joined, say, unreadable
from .load import cannot_read, load_dossier
from .manifest import manifest_path_ok, ruleset_copy_ok
from .overrides import load_overrides
from . import records
from .recorded import read_record
from .recordfacts import facts_record
from .records import FORMAT, data_sha256, read_json_text
from .recordsheets import SheetOrigin, SheetSources, sha256_of
from .results import result_record
from .sheetcheck import dossier_of
from .sheets import SheetError
from .verifykept import by_kept
from .tampered import (added_fields, claims_differ, edited_since, facts_contradicted, made_later, renamed_since,
                       verdict_contradicted, verdict_edited)
from .ruleset import BUNDLED, load_ruleset

# A record's status: the English word is what programs compare; its Chinese is what --lang zh shows.
REPRODUCED, DIFFERS, CANNOT = (Message("reproduced", "已复现"), Message("differs", "不一致"),
                                Message("cannot verify", "无法核对"))
MISSING = Message("missing", "缺失")  # a record a batch manifest lists, not in the folder (verifyfolder.py)

# ---- verifying ----


@dataclass(frozen=True, slots=True)
class Check:
    """What verifying one record found: reproduced, differs or cannot verify, and why."""

    file: str
    status: Message
    why: Message | str = ""

    def line(self, lang: str = "en") -> str:
        """`FILE: STATUS: WHY` in `lang`."""
        colon = "：" if lang == "zh" else ": "
        said = f"{self.file}{colon}{in_language(self.status, lang)}"
        return said + (f"{colon}{in_language(self.why, lang)}" if self.why else "")


def recorded_file(dossier: dict) -> Path | None:
    """Where a record's dossier (or ruleset) file is now: at `resolved`, else at `path` as given from here; one in
    a folder not to be searched (permissions), failing those, to be said unreadable; None when neither is a file."""
    unsearched = None
    for candidate in (dossier.get("resolved"), dossier.get("path")):
        try:
            if candidate and Path(candidate).is_file():
                return Path(candidate)
        except OSError:
            unsearched = unsearched or Path(candidate)
    return unsearched


def _as_recorded(e: CertifyError, dossier: dict, ruleset: dict, ruleset_path: Path | None) -> str | None:
    """The file an error of a record's evaluation is in, named as the record names it (as the rest of what verify
    says of it does), not where it was found now: a sheet's row in its workbook or CSV folder."""
    if ruleset_path is not None and e.file == str(ruleset_path):
        return ruleset["path"]
    if isinstance(e, SheetError):
        return dossier.get("source", e.file)
    return dossier["path"] if isinstance(e, DossierError) else e.file


def _ruleset_path(ruleset: dict) -> Path | None:
    if ruleset.get("bundled"):
        path = BUNDLED / ruleset["path"]
        return path if path.is_file() else None
    return recorded_file(ruleset)


def _engine_of(versions_: dict) -> tuple:
    return versions_.get("certify"), versions_.get("durable_rules")


def _same_engine(recorded: dict) -> bool:
    """Whether the certify and durable-rules versions that wrote a record are those now, and so is certify's code when
    the record says which (`certify_code`, codeprint.py): one written before records kept it cannot say."""
    now = records.versions()
    code = recorded.get("certify_code")
    return _engine_of(recorded) == _engine_of(now) and (code is None or code == now.get("certify_code"))


def _engine_changed(recorded: dict) -> Message:
    """How the engine that wrote a record is not this one: its versions, or, the same versions, certify's code."""
    was, now = _engine_of(recorded), _engine_of(records.versions())
    if was != now:
        return say("the engine changed (certify {a}, durable-rules {b} recorded; certify {c}, durable-rules {d} now)",
                   "引擎已更改（记录为 certify {a}、durable-rules {b}；现为 certify {c}、durable-rules {d}）",
                   a=was[0], b=was[1], c=now[0], d=now[1])
    return say("certify's code changed since the record was written (the same version {v}, other code: sha256 {a}… "
               "recorded, {b}… now)", "certify 的代码在判定记录写入后已更改（版本同为 {v}，代码不同：sha256 记录为 {a}…，"
               "现为 {b}…）", v=was[0], a=short(recorded["certify_code"]), b=short(records.versions()["certify_code"]))


def sheet_origin_of(dossier: dict) -> SheetOrigin:
    """Where a spreadsheet record's applicant is now: its source at `resolved`, else as given from here."""
    csv = dossier.get("kind") == "csv"
    source = dossier.get("resolved")
    if not source or not (Path(source).is_dir() if csv else Path(source).is_file()):
        source = dossier["source"]
    return SheetOrigin(str(source), csv, str(dossier.get("applicant_id")))


class Verifier:
    """Re-evaluates recorded decisions; engines are shared between records of one ruleset, and each
    spreadsheet is read once for all the records of its applicants."""

    def __init__(self) -> None:
        self._engines: dict[str, Engine] = {}
        self._sources: dict[str, tuple[dict, RulesetSource]] = {}  # folder -> (its files' sha256, editions)
        self._decisions: dict[str, list | CertifyError] = {}  # overrides file -> its decisions, read once
        self.sheets = SheetSources()

    def _dossier_now(self, dossier: dict):
        """(sha256 now, a function giving the Dossier) for the recorded dossier; why not, if it cannot be read.

        The sha256 is None when a spreadsheet applicant's rows are there but can no longer be read.
        """
        if "source" not in dossier:  # a dossier file
            path = recorded_file(dossier)
            if path is None:
                return None, None, _not_found(dossier["path"])
            try:
                digest = sha256_of(path)
            except OSError as exc:  # there, and not to be opened (permissions): said so, as for a workbook
                return None, None, (_not_found(dossier["path"]) if exc.errno == errno.ENOENT else
                                    say("dossier cannot be read ({p}: {e})", "申报材料无法读取（{p}：{e}）",
                                        p=dossier["path"], e=cannot_read(exc)))
            return digest, lambda engine: load_dossier(path), None
        read = self.sheets.read(sheet_origin_of(dossier))
        if read is not None and read.problem:
            return None, None, say("dossier cannot be read ({p}: {e})", "申报材料无法读取（{p}：{e}）", p=dossier["path"],
                                   e=read.problem.quoted())
        entry = read.applicants.get(str(dossier.get("applicant_id"))) if read else None
        if entry is None:
            return None, None, _not_found(dossier["path"])
        if isinstance(entry, SheetError):
            def spoiled(engine):
                if entry.unit is not None:  # cells that cannot be read: said with the problems of the rest
                    return dossier_of(entry.unit, engine)
                raise entry
            return None, spoiled, None
        return data_sha256(entry.data), lambda engine: dossier_of(entry, engine), None

    def engine(self, path: Path, digest: str | None = None) -> Engine:
        """The engine of the ruleset file as it is now (`digest`: the sha256 of its bytes, when already read):
        parsed once for all the records whose file holds the same bytes, not once per record."""
        known = self._engines.get(digest if digest is not None else sha256_of(path))
        if known is not None:
            return known
        loaded = load_ruleset(path)
        return self._engines.setdefault(loaded.sha256, Engine(loaded))

    def _editions(self, folder: Path) -> tuple[dict | Message, RulesetSource | CertifyError | None]:
        """A folder of editions as it is now: its files' sha256 (why not, when one cannot be opened) and the
        editions (the error, when one no longer reads as one), read once for all the records that name it."""
        key = str(folder)
        if key not in self._sources:
            try:
                files = records.editions_source(folder)["files"]
            except OSError as exc:
                self._sources[key] = (editions_unread(folder, exc), None)
            else:
                try:
                    self._sources[key] = (files, open_rulesets(folder))
                except CertifyError as e:
                    self._sources[key] = (files, e)
        return self._sources[key]

    def committee_now(self, path: str | None, applicant: str, recorded) -> Message | CertifyError | None:
        """How the committee's decisions about the applicant in the file at `path` differ from the `recorded`
        ones now (decisions_changed's words: added, removed or changed), the error that it cannot be read, or
        None when they are the same (or no file is named). Each file is read once for all the records naming it."""
        if not path:
            return None
        if path not in self._decisions:
            try:
                self._decisions[path] = load_overrides(path)
            except CertifyError as e:
                self._decisions[path] = e
        decisions = self._decisions[path]
        if isinstance(decisions, CertifyError):
            return decisions
        now = [o.as_record() for o in decisions if o.applicant == applicant]
        recorded = [d for d in recorded if isinstance(d, dict)] if isinstance(recorded, list) else []
        return decisions_changed(recorded, now) or None

    def _decisions_now(self, path: str | None, applicant: str, recorded, given: str | None) -> str | None:
        """Why the committee's decisions about the applicant are not the recorded ones now (their file gone,
        or edited so that a decision about them was added, removed or changed); None when they are the same.
        The file is named as check was given it (`given`), as the dossier is, though read where it was (`path`)."""
        changed, path = self.committee_now(path, applicant, recorded), given or path
        if isinstance(changed, CertifyError):  # said without its file, which follows
            return say("the committee's decisions cannot be read ({e}: {p})", "评审委员会决定无法读取（{e}：{p}）",
                       e=changed.quoted(), p=path)
        return say("the committee's decisions changed ({p}: {c})", "评审委员会决定已更改（{p}：{c}）", p=path,
                   c=changed) if changed else None

    def judged(self, engine, load, read, dossier_path: str, old: dict) -> tuple[dict, dict, object, Message]:
        """The dossier judged again by `engine` as the record says it was judged: the verdict's record, its facts,
        the as-of date and how the verdict compares with the recorded one (`old`)."""
        judged = load(engine)
        # A date the dossier gave is the dossier's to change, as check would read it now; a date given
        # with --as-of (or today's, for a dossier without one) is the recorded one.
        when = judged.as_of if not read.options.as_of_given and judged.as_of is not None else read.as_of
        verdict = evaluate(engine, judged, file=dossier_path,
                           as_of=when, level=read.options.level, forecast=read.options.forecast)
        new = result_record(verdict, "en")
        new.pop("overrides", None)
        changes = status_changes(old, new)
        outcome = (say("the verdict changed: {c}", "判定结果已改变：{c}", c=joined(changes)) if changes
                   else _SAME if new == old
                   else say("the statuses are the same, {d}", "各项结果相同，{d}", d=verdict_difference(old, new)))
        return new, facts_record(verdict.facts), when, outcome

    def verify(self, path: str | Path) -> Check:
        """Whether the decision recorded in `path` comes out the same today, and if not, why."""
        file = str(path)
        try:  # a folder's link to nothing or in a loop is said as such, not as a file that is no record
            os.stat(path)
        except OSError as exc:
            return Check(file, CANNOT, say("cannot read the record: {e}", "无法读取判定记录：{e}", e=unreadable(exc)))
        record, text = read_json_text(Path(path))
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            return Check(file, CANNOT, Message("not a decision record", "不是判定记录"))
        read, why_not = read_record(record, text=text)
        if why_not:
            return Check(file, CANNOT, why_not)
        edited = edited_since(record, Path(path).name) or made_later(read.made_at) or added_fields(record)
        whose = record["verdict"].get("applicant_id") if isinstance(record["verdict"], dict) else None
        if edited and isinstance(whose, str) and isinstance(held := self.committee_now(overrides_path(
                read.options.overrides_resolved, read.options.overrides), whose, record.get("overrides")), Message):
            edited = say("{e}; the committee's decisions it holds are not those in {p} ({h})", "{e}；其所记的评审委员会决定与 "
                         "{p} 中的不同（{h}）", e=edited, p=read.options.overrides, h=held)
        if edited:
            return Check(file, CANNOT, edited)
        dossier, ruleset, old = record["dossier"], record["ruleset"], record["verdict"]
        now_dossier, load, missing_dossier = self._dossier_now(dossier)
        if missing_dossier:
            return Check(file, CANNOT, missing_dossier)
        ruleset_path = _ruleset_path(ruleset)
        if ruleset_path is None:
            return Check(file, CANNOT, say("ruleset not found ({p})", "找不到标准（{p}）", p=ruleset["path"]))
        try:
            now_ruleset = sha256_of(ruleset_path)
        except OSError as exc:  # there, and not to be opened (permissions): said so, as a dossier is
            return Check(file, CANNOT, say("ruleset cannot be read ({p}: {e})", "标准无法读取（{p}：{e}）",
                                           p=ruleset["path"], e=cannot_read(exc)))
        editions, editions_now, source = ruleset.get("editions"), None, None
        if editions:  # judged from a folder of editions: judged again from that folder as it is now
            folder = editions_folder(editions)
            if folder is None:
                return Check(file, CANNOT, say("folder of editions not found ({p})", "找不到标准版本文件夹（{p}）",
                                               p=editions.get("path")))
            editions_now, source = self._editions(folder)
            if isinstance(editions_now, Message):  # an edition there and not to be opened, or the folder itself
                return Check(file, CANNOT, say("folder of editions cannot be read ({p}: {e})",
                                               "标准版本文件夹无法读取（{p}：{e}）", p=editions.get("path"), e=editions_now))
        try:
            if isinstance(source, CertifyError):  # an edition that no longer reads as one: judged by nothing now
                raise source
            new, facts_now, when, outcome = self.judged(source if editions else self.engine(ruleset_path, now_ruleset),
                                                        load, read, dossier["path"], old)
        except CertifyError as e:
            e.file = _as_recorded(e, dossier, ruleset, ruleset_path)
            new, facts_now = None, None
            outcome = say("it can no longer be evaluated: {e}", "已无法评定：{e}", e=e.quoted(placed=True))
        renamed = renamed_since(record, Path(path).name, new)
        if renamed:
            return Check(file, CANNOT, renamed)
        same_engine, code_known = _same_engine(record["versions"]), record["versions"].get("certify_code") is not None
        edited = None  # the outcome said to be the record's edit
        rules_changed = (say("the ruleset changed ({r} {v} {p}: sha256 {s}… recorded, {n}… now)",
                             "标准已更改（{r} {v} {p}：sha256 记录为 {s}…，现为 {n}…）", r=ruleset["id"], v=ruleset["version"],
                             p=ruleset["path"], s=short(ruleset["sha256"]), n=short(now_ruleset))
                         if now_ruleset != ruleset["sha256"] else
                         say("the editions changed ({p}: {c})", "标准版本已更改（{p}：{c}）", p=editions["path"], c=changed)
                         if editions and (changed := editions_changed(editions, editions_now)) is not None else None)
        if now_dossier != dossier["sha256"]:
            now = (say("{s}… now", "现为 {s}…", s=short(now_dossier)) if now_dossier
                   else Message("its rows cannot be read now", "现在其行无法读取"))
            why = say("the dossier changed ({p}: sha256 {s}… recorded, {now})", "申报材料已更改（{p}：sha256 记录为 {s}…，{now}）",
                      p=dossier["path"], s=short(dossier["sha256"]), now=now)
            if rules_changed:  # both: the verdict, or the error it can no longer be evaluated for, may be either's
                why = say("{d}, and {r}", "{d}，且{r}", d=why, r=rules_changed)
        elif rules_changed:  # the ruleset file, or a folder's editions
            why = rules_changed
            if new != old and not editions and now_ruleset != ruleset["sha256"]:  # right by the rules it was judged by?
                outcome = by_kept(self, Path(path), ruleset["sha256"], load, read, dossier["path"], old, outcome,
                                  None if same_engine else _engine_changed(record["versions"]))
        elif (decided := self._decisions_now(decisions := overrides_path(read.options.overrides_resolved,
                                             read.options.overrides), old["applicant_id"], record.get("overrides"),
                                             read.options.overrides)):
            why = decided  # a decision never changes the computed verdict: one that changed is the record's edit
            if new is not None and new != old and not claims_differ(record, new, when) and same_engine:
                outcome = edited = verdict_edited(outcome, old, bool(editions), True, decided=True,
                                                  code_known=code_known)
        elif new is not None and (claimed := claims_differ(record, new, when)):
            why = say("the record's inputs are not those of its verdict ({d})", "判定记录中的输入与其判定不符（{d}）",
                      d=claimed)
        elif not same_engine:
            why = _engine_changed(record["versions"])
        elif new == old and facts_now != record.get("facts"):
            return Check(file, DIFFERS, say("the recorded facts are not the dossier's: {d}", "记录中的事实与申报材料不符：{d}",
                                            d=first_difference(record["facts"], facts_now) if "facts" in record
                                            else first_difference({}, {"facts": facts_now})))
        elif new == old:
            return Check(file, REPRODUCED)
        else:  # its inputs and engine as recorded: the record itself changed
            return Check(file, DIFFERS, outcome if new is None else verdict_edited(
                outcome, old, bool(editions), bool(decisions), code_known=code_known))
        if outcome is not edited and (contradicted := verdict_contradicted(old) or facts_contradicted(record)):
            outcome = say("{o}; and {c}", "{o}；此外，{c}", o=outcome, c=contradicted)
        return Check(file, DIFFERS, say("{why}; {outcome}", "{why}；{outcome}", why=why, outcome=outcome))


_SAME = Message("the verdict is the same", "判定结果相同")


def editions_folder(editions: dict) -> Path | None:
    """Where the folder of editions a record was judged from is now: where it was (`resolved`), else as it was
    named (`path`); None when neither is a folder."""
    return next((Path(p) for p in (editions.get("resolved"), editions.get("path")) if p and Path(p).is_dir()), None)


def editions_changed(editions: dict, now: dict) -> Message | None:
    """Which edition files were added, removed or changed since the record was judged from the folder (`now`:
    its files' sha256 as records.editions_source reads them); None when it is as it was."""
    return None if now == editions.get("files") else files_changed(editions.get("files") or {}, now)


def _not_found(path: str) -> Message:
    return say("dossier not found ({p})", "找不到申报材料（{p}）", p=path)


def overrides_path(resolved: str | None, given: str | None) -> str | None:
    """The committee's decisions file a record names: where it was, if it is still there, else as given."""
    return resolved if resolved and Path(resolved).is_file() else given


def exit_status(checks: Iterable[Check]) -> int:
    """2 if some record cannot be verified or is missing, 1 if some differs, 0 if all were reproduced."""
    statuses = {c.status for c in checks}
    return 2 if CANNOT in statuses or MISSING in statuses else 1 if DIFFERS in statuses else 0


def no_records(paths: Iterable[str | Path], lang: str = "en", read: Iterable[Path] = ()) -> str:
    """The note for paths that hold no records to verify (a wrong folder, most likely); a batch manifest named
    and `read` lists none (none of its inputs got a record: one not read has a line of its own)."""
    paths = [Path(p) for p in paths]
    notes = [say("note: no decision records (.json) in {p}", "注意：{p} 中没有判定记录（.json）", p=", ".join(map(str, kept)))
             for kept in [[p for p in paths if not manifest_path_ok(p) and not ruleset_copy_ok(p)]] if kept]
    notes += [say("note: the batch manifest {p} lists no decision records (none of its inputs got one)",
                  "注意：批次清单 {p} 未列出任何判定记录（其输入均未得到判定记录）", p=p) for p in paths if p in set(read)]
    return "\n".join(in_language(note, lang) for note in notes)
