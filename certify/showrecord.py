"""`certify show RECORDS`: decision records as documents an auditor reads, from the records alone.

For each record: a head (the sha256 of the record file, which a review sheet of `certify report --record` gives
beside the record's name; whose verdict, the dossier and whether the file there is still the one judged, the as-of
date and where it came from, the target level, the ruleset and its kept copy, the versions, when it was made, the
options and the committee's decisions), then the verdict laid out by `certify check --explain`'s own layout
(report.py, fed the recorded verdict: recordview.py), then the facts the record shows. Nothing is evaluated again:
`certify verify` does that. The head and headings are in the language asked; the explanations are the words the
record keeps (English, as it was judged).

A record does not keep the applicant's name (results-v1 has none): it is read from the dossier when the file there
still has the recorded sha256, that is, when it is the dossier judged.

What the record alone tells of its own integrity is said first, by verify's own checks that need no evaluation
(tampered.py, verifyfolder.copies): a record edited or renamed after it was written, made "later than now", holding
a field certify does not write, a byte-for-byte copy of another, or, what only a hand edit gives, a verdict that
is not its own inputs' (its applicant or date, told from a file renamed as verify tells it; its target level, not
--level's or the dossier's) or contradicts itself.
A record that fails one is still shown, as the file holds it, under a warning.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
from pathlib import Path

from tabulate import tabulate

from .codeprint import certify_code, code_said
from .columns import WIDTH, fill, width
from .editions import editions_unread
from .errors import CertifyError, Message, in_language, say, unreadable
from .elsewhere import records_elsewhere
from .explain import colon, fact_text, item_text
from .facts import FACTS
from .load import cannot_read, is_ruleset, manifest_format, parse_yaml
from .manifest import kept_name
from .mdtext import md_cell
from .namesake import bundled, namesake
from .parsewords import json_words
from .recorded import ShownRecord, read_record
from .recordnow import (CHANGED, NOT_FOUND, UNCHANGED, Dossier, Unread, as_of_came, committee_now, dossier_now,
                        marked, ruleset_origin, unread)
from .recordview import recorded_value, recorded_verdict
from .records import FORMAT, editions_source
from .recordsheets import SheetSources, sha256_of
from .report import ExplainReporter, MarkdownExplainReporter
from .ruleset import BUNDLED, load_ruleset
from .tampered import (added_fields, edited_since, facts_contradicted, made_later, renamed_or_edited, target_edited,
                       verdict_contradicted)
from .textfiles import resaved
from .verify import Verifier, editions_changed, editions_folder
from .verifyfolder import same_record_twice

NOTE = Message("Shown from the decision record alone, not evaluated again: certify verify re-derives it.",
               "仅据判定记录显示，未重新评定：重新评定请用 certify verify。各条规则的说明照录判定记录原文（英文）。")
# In Chinese, when each rule's explanation could be worded from its recorded readings (recordview.words).
WORDED = Message(str(NOTE), "仅据判定记录显示，未重新评定：重新评定请用 certify verify。各条规则的说明据判定记录所记的读数以中文"
                          "写出（按同一读数写出的英文与记录原文逐字相同）。")
AS_WRITTEN = Message("its name agrees with its contents and its verdict with itself (what the record alone can tell; "
                     "certify verify re-derives the verdict)", "文件名与内容相符，判定结果前后一致（仅据记录本身所能判断；"
                     "重新评定请用 certify verify）")
_FACTS_TITLE = ("Facts as of {d}, as recorded", "截止 {d} 的事实（判定记录所记）")
_HEADINGS = {"en": ("about", "fact", "value"), "zh": ("对象", "事实", "取值")}
_APPLICANT = Message("applicant", "申报人")
_SECTION = {"education": Message("degrees", "学历"), "projects": Message("projects", "项目经历")}


def as_written(path: Path, record: dict, made_at, copy_of: Path | None = None,
               dossier: Dossier | None = None) -> Message | None:
    """Why the record is not as certify wrote it, by the checks `certify verify` makes before it evaluates anything
    (its name against its contents, its time, its fields; a copy of another record), by its verdict against its
    own inputs (the applicant's id its dossier holds: recorded for a spreadsheet's, read from the `dossier` judged
    for a file's; its target level, --level's or the dossier's) and against itself; None when none of them says so. What it does not tell (a verdict edited
    consistently, an edit whose digest was made again) only `certify verify` finds."""
    if copy_of is not None:
        return same_record_twice(path, copy_of)
    recorded = record["dossier"]
    ident = (str(recorded["applicant_id"]) if "source" in recorded and recorded.get("applicant_id") is not None
             else dossier.applicant_id if dossier is not None else None)
    return (edited_since(record, path.name) or renamed_or_edited(record, path.name, ident) or made_later(made_at)
            or added_fields(record) or verdict_contradicted(record["verdict"]) or facts_contradicted(record)
            or target_edited(record, dossier.target_level if dossier is not None and dossier.judged else ...))


def what_it_is(path: Path, text: str | None, data) -> Message:
    """Why a file is no decision record, as plainly as it can be said."""
    if (text is None or text.startswith("\ufeff")) and (why := resaved(path)) is not None:
        return say("not a decision record ({w})", "不是判定记录（{w}）", w=why)
    if text is not None and (manifest := manifest_format(text)) is not None:
        return say("a batch manifest ({f}), not a decision record: named in its folder (DIR/batches/NAME.jsonl), "
                   "the records it lists are shown", "这是批次清单（{f}），不是判定记录：在其所在文件夹中写出"
                   "（DIR/batches/NAME.jsonl）时，显示其列出的判定记录", f=manifest)
    if text is not None and data is None:  # not JSON: a dossier or a ruleset in YAML, cut short
        try:
            data = parse_yaml(text, str(path))
        except CertifyError:
            data = None
        if not isinstance(data, dict):
            try:
                json.loads(text)
            except (ValueError, RecursionError) as e:  # the decoder's words in Chinese too, where it has them
                said = (Message(str(e), f"第{e.lineno}行第{e.colno}列，{json_words(e.msg).zh}")
                        if isinstance(e, json.JSONDecodeError) else str(e))
                return say("not a decision record (not whole JSON: {e})", "不是判定记录（不是完整的 JSON：{e}）", e=said)
    if isinstance(data, dict) and "applicant" in data:
        return Message("a dossier, not a decision record: certify check judges it",
                       "这是申报材料，不是判定记录：请用 certify check 评定")
    if is_ruleset(data):
        return say("a ruleset ({r}), not a decision record: certify explain reads it",
                   "这是标准文件（{r}），不是判定记录：阅读请用 certify explain",
                   r=f"{data['id']} {data.get('version', '')}".strip())
    if isinstance(data, dict) and "input" in data and "outcome" in data:
        return Message("a line of a batch manifest, not a decision record",
                       "这是批次清单中的一行，不是判定记录")
    return Message("not a decision record", "不是判定记录")


def _target(target, level, dossier: Dossier) -> Message:
    """The head's target level: the record's, and where it came from (--level, the dossier's target_level); one that
    is not what the record's options or the dossier judged give (deleted by hand, say) is said to be the record edited;
    what a dossier not at hand gives is not claimed."""
    given = level if level is not None else dossier.target_level if dossier.judged else ...
    if target is not None and target == given:
        return (say("{n} (given with --level)", "{n}（由 --level 给出）", n=target) if level is not None else
                say("{n} (the dossier's target_level)", "{n}（申报材料中的 target_level）", n=target))
    if target is None and given is None:
        return Message("none (the dossier gives no target_level): the gap shown is to the level above the qualified one",
                       "无（申报材料未给出 target_level）：所示差距为比认定级别高一级的级别")
    if given is ...:  # the dossier judged not at hand: the record's, without saying what the dossier gives
        return (say("{n} (the dossier's target_level)", "{n}（申报材料中的 target_level）", n=target) if target is not None
                else Message("none recorded (the dossier judged is not at hand to say whether it gives a target_level): "
                             "the gap shown is to the level above the qualified one", "记录中无（评定时的申报材料不在手头，无法"
                             "得知其是否给出 target_level）：所示差距为比认定级别高一级的级别"))
    held = (say("{n}: the record holds {n}", "{n}：判定记录中为 {n}", n=target) if target is not None else
            Message("none: the record holds no target level", "无：判定记录中没有申报级别"))
    source = (say("it was judged with --level {n}", "评定时由 --level 给出的是 {n}", n=level) if level is not None else
              say("the dossier gives {n}", "申报材料给出的是 {n}", n=given) if given is not None else
              Message("the dossier gives no target_level", "申报材料未给出 target_level"))
    return say("{h}, though {s} (the record was edited after it was written)", "{h}，而{s}（判定记录写入后被修改过）",
               h=held, s=source)


def _code(code: str | None) -> Message:
    """The fingerprint of the certify code that wrote a record, short, and whether this certify's is another; nothing
    for a record written before records kept it."""
    if code is None:
        return Message("", "")
    now = certify_code()
    if code == now:
        return code_said(code)
    return say(" (code sha256 {k}…, not this certify's code: {n}… now)", "（代码 sha256 {k}…，与现在的 certify 代码不同："
               "现为 {n}…）", k=code[:12], n=now[:12])


def _state(state: Message | None) -> Message | str:
    """`: STATE` after a file's name, as the dossier's line says it; nothing when there is none to say."""
    return say(": {s}", "：{s}", s=state) if state is not None else ""


# The files a record's head says are as they were, or not: one there that cannot be read leaves it not shown in full.
_FILES = (Message("the dossier", "申报材料"), Message("the ruleset file", "标准文件"),
          Message("the ruleset's kept copy", "标准的留存副本"), Message("the folder of editions", "标准版本文件夹"),
          Message("the committee's decisions file", "评审委员会决定文件"))


class Shower:
    """Records read and laid out one by one; each spreadsheet and each ruleset read once for all of them."""

    def __init__(self, lang: str = "en", fmt: str = "text", width: int = WIDTH) -> None:
        self.lang, self.fmt, self.width = lang, fmt, width  # text laid out to `width` columns, as check's is
        self.sheets = SheetSources()
        self._rulesets: dict[str, object] = {}
        self._folders: dict[str, dict | Message] = {}  # a folder of editions -> its files' sha256 now
        self._committee = Verifier()  # each committee's decisions file read once, as verify reads it
        self._compared: dict = {}  # elsewhere.py's files compared, each pair once
        self.unread: list[Message] = []  # the files the record last shown names that are there and cannot be read

    def show(self, path: Path, copy_of: Path | None = None) -> tuple[str, Message | None]:
        """The record at `path` laid out, and why it is not as certify wrote it (as_written), if it is not;
        raises CertifyError (naming the file) when it is no record. `copy_of`: the record it is a copy of."""
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise CertifyError(say("cannot read the record: {e}", "无法读取判定记录：{e}", e=unreadable(e)),
                               file=str(path)) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        try:
            record = json.loads(text) if text is not None else None
        except (ValueError, RecursionError):
            record = None
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise CertifyError(what_it_is(path, text, record), file=str(path))
        read, why_not = read_record(record, ShownRecord, text)
        if why_not:
            raise CertifyError(why_not, file=str(path))
        self.unread = []
        try:
            dossier = dossier_now(record["dossier"], self.sheets)
            written = as_written(path, record, read.made_at, copy_of, dossier)
            return self._laid_out(path, record, dossier, written, copy_of is not None,
                                  hashlib.sha256(raw).hexdigest()), written
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, ArithmeticError) as e:
            raise CertifyError(say("not a decision record as certify writes one (a value certify does not write: {e})",
                                   "不是 certify 写出的判定记录（其中有 certify 不会写出的值：{e}）", e=str(e)),
                               file=str(path)) from None

    def _ruleset(self, path: Path, ruleset: dict) -> tuple[Message, Message, object]:
        """Where the ruleset's kept copy is and whether it is still the ruleset judged by; where the ruleset was
        and whether the file there still is (as the dossier's line says it of the dossier); the ruleset itself
        (loaded) when a file with its sha256 is at hand: the kept copy, the bundled file or the file named."""
        sha = ruleset["sha256"]
        kept = path.parent / kept_name(sha)
        shown = str(kept)  # as verify names it: a path that works from where the command was run
        candidates = []
        try:
            same = sha256_of(kept) == sha
            state = (say("kept copy {k}", "留存副本 {k}", k=shown) if same else
                     say("its kept copy {k} was changed since it was kept", "其留存副本 {k} 留存后被修改过", k=shown))
            if same:
                candidates.append(kept)
        except OSError as exc:  # gone, or there and not to be opened: said so, with why
            state = (say("its kept copy {k} is not there", "其留存副本 {k} 不在", k=shown) if exc.errno == errno.ENOENT
                     else marked(say("its kept copy {k} cannot be read ({e})", "其留存副本 {k} 无法读取（{e}）", k=shown,
                                     e=cannot_read(exc))))
        if ruleset.get("bundled"):
            candidates.append(BUNDLED / ruleset["path"])
        candidates += [Path(p) for p in (ruleset.get("resolved"), ruleset.get("path")) if p and not ruleset.get("bundled")]
        origin = ruleset_origin(ruleset)
        for candidate in candidates:
            if sha in self._rulesets:
                break
            try:
                if candidate.is_file() and sha256_of(candidate) == sha:
                    self._rulesets[sha] = load_ruleset(candidate)
            except (OSError, CertifyError):
                continue
        return state, origin, self._rulesets.get(sha)

    def _editions(self, editions: dict) -> Message:
        """Whether the folder of editions the record was judged from is as it was, by verify's own check without
        evaluating: unchanged, changed since (which edition files were added, removed or changed), or not found;
        each folder read once for all the records that name it."""
        folder = editions_folder(editions)
        if folder is None:
            return NOT_FOUND
        if str(folder) not in self._folders:
            try:
                self._folders[str(folder)] = editions_source(folder)["files"]
            except OSError as e:  # an edition, or the folder, not to be opened: which, as verify says it
                self._folders[str(folder)] = unread(editions_unread(folder, e))
        now = self._folders[str(folder)]
        if isinstance(now, Message):
            return now
        changed = editions_changed(editions, now)
        return UNCHANGED if changed is None else say("{c} ({w})", "{c}（{w}）", c=CHANGED, w=changed)

    def _head(self, record: dict, dossier: Dossier, kept: Message, origin: Message, loaded,
              written: Message | None, copy: bool = False, digest: str = "") -> list[tuple[Message, str]]:
        """The head's lines: each a label and what it says (in English and Chinese where certify words it);
        `digest`: the sha256 of the record file's bytes, which a review sheet of report --record gives."""
        verdict, options = record["verdict"], record["options"]
        ident, d, r = verdict["applicant_id"], record["dossier"], record["ruleset"]
        name = (f"{ident} {dossier.name}" if dossier.name else ident) if dossier.judged else say(
            "{i} (a record keeps no name, and the dossier judged is not found)",
            "{i}（判定记录不含姓名，而评定时的申报材料已找不到）", i=ident) if dossier.state is NOT_FOUND else say(
            "{i} (a record keeps no name, and the dossier judged cannot be read)",
            "{i}（判定记录不含姓名，而评定时的申报材料已无法读取）", i=ident) if dossier.unread else say(
            "{i} (a record keeps no name, and the dossier there is not the one judged)",
            "{i}（判定记录不含姓名，而该处的申报材料已不是评定时的那份）", i=ident)
        now = say(" ({s}… now)", "（现为 {s}…）", s=dossier.now[:12]) if dossier.state is CHANGED and dossier.now else ""
        where = say("{p}, sha256 {s}…: {st}{now}", "{p}，sha256 {s}…：{st}{now}", p=d["path"], s=d["sha256"][:12],
                    st=dossier.state, now=now)
        for said in records_elsewhere(record, self._compared):
            where = say("{w}; note: {n}", "{w}；注意：{n}", w=where, n=said)
        as_of = record["as_of"]
        came = as_of_came(as_of, bool(options.get("as_of_given")), dossier)
        aim = _target(verdict.get("target_level"), options.get("level"), dossier)
        effective = say(", effective {e}", "，{e}起施行", e=r["effective"]) if r.get("effective") else ""
        folder_now = self._editions(r["editions"]) if isinstance(r.get("editions"), dict) else None
        folder = say("; judged from the folder of editions {p}: {st}", "；按标准版本文件夹 {p} 评定：{st}",
                     p=r["editions"].get("path"), st=folder_now) if folder_now is not None else ""
        ruleset = say("{i} {v}{e}, sha256 {s}… ({o}); {k}{f}", "{i} {v}{e}，sha256 {s}…（{o}）；{k}{f}", i=r["id"],
                      v=r["version"], e=effective, s=r["sha256"][:12], o=origin, k=kept, f=folder)
        if loaded is not None and (same := namesake(loaded, bundled(), is_bundled=True)) is not None:
            ruleset = say("{r} — {m}", "{r}——{m}", r=ruleset, m=same.remark())
        elif loaded is None and not r.get("bundled") and (standard := bundled().meta)["sha256"] != r["sha256"] and (
                standard["id"], standard["version"]) == (r["id"], r["version"]):
            ruleset = say("{r} — NOT THE BUNDLED STANDARD: its id and version, other bytes (the standard's sha256 is "
                          "{s}…); no copy of it is at hand to say whether its rules differ",
                          "{r}——并非内置标准：编号和版本与其相同，文件内容却不同（内置标准的 sha256 为 {s}…）；"
                          "手头没有它的副本，无法判断其规则是否不同", r=ruleset, s=standard["sha256"][:12])
        v = record["versions"]
        made = say("{t}, by certify {c}{k} with durable-rules {d} (Python {p})", "{t}，certify {c}{k}，durable-rules {d}"
                   "（Python {p}）", t=record["made_at"], c=v.get("certify"), k=_code(v.get("certify_code")),
                   d=v.get("durable_rules"), p=v.get("python"))
        given = [f"--level {options['level']}"] if options.get("level") else []
        given += [f"--as-of {options['as_of']}"] if options.get("as_of_given") and options.get("as_of") else []
        given += [f"--overrides {options['overrides']}"] if options.get("overrides") else []
        shaped = (Message(", ".join(given), "，".join(given)) if given else
                  Message("none given (no --level, --as-of or --overrides)", "均未给出（无 --level、--as-of、--overrides）"))
        if not options.get("forecast"):
            shaped = say("{o}; the dates levels and rules would hold were not worked out (check --no-explain, a "
                         "table of several, or report)", "{o}；未推算各级别、各条规则将满足的日期（check --no-explain、"
                         "多份申报材料的表格，或 report）", o=shaped)
        decisions = record.get("overrides") or []
        now = committee_now(options, record["verdict"].get("applicant_id"), decisions, self._committee)
        self.unread = [what for what, state in zip(_FILES, (dossier.state, origin, kept, folder_now, now))
                       if isinstance(state, Unread)]  # not shown in full: said on standard error too (showrun.py)
        committee = (say("{n} recorded (shown with the verdict), from {f}{s}", "记录 {n} 项（随判定结果列出），来自 {f}{s}",
                         n=len(decisions), f=options.get("overrides"), s=_state(now)) if decisions else
                     say("none recorded, --overrides {f}{s}", "无记录，--overrides {f}{s}", f=options["overrides"],
                         s=_state(now)) if now is not None else Message("none recorded", "无记录"))
        integrity = (say("WARNING: {w}. What follows is what both files hold.", "警告：{w}。以下为两个文件共有的内容。",
                         w=written) if copy else
                     say("WARNING: {w}. What follows is what the file holds now, not necessarily what was decided.",
                         "警告：{w}。以下为该文件现有的内容，未必是当时的判定。", w=written) if written else AS_WRITTEN)
        file = say("sha256 {s}… (as a review sheet of certify report --record gives it beside the record's name)",
                   "sha256 {s}…（certify report --record 写出的评审表在判定记录文件名后所列）", s=digest[:12])
        return [(Message("record", "判定记录"), integrity), (Message("record file", "判定记录文件"), file),
                (_APPLICANT, name), (Message("dossier", "申报材料"), where),
                (Message("as of", "截止日期"), say("{d} ({c})", "{d}（{c}）", d=as_of, c=came)),
                (Message("target level", "申报级别"), aim), (Message("ruleset", "标准"), ruleset),
                (Message("made", "写入时间"), made), (Message("options", "选项"), shaped),
                (Message("committee's decisions", "评审委员会决定"), committee)]

    def _facts(self, record: dict) -> list[list[str]]:
        """Each fact the record shows: whose (the applicant, a degree, a project), which, its value."""
        lang, facts, rows = self.lang, record.get("facts") or {}, []

        def add(whose: str, subject: str, held: dict) -> None:  # a row per fact, worded as explanations word it
            for key, value in held.items():
                spec = FACTS.get(f"{subject}.{key}")
                rows.append([whose, (spec.zh if lang == "zh" else spec.en) if spec else key,
                             fact_text(spec, recorded_value(value, spec.kind), lang) if spec else str(value)])

        add(in_language(_APPLICANT, lang), "applicant", facts.get("applicant") or {})
        for section in ("education", "projects"):
            items = facts.get(section)
            if items is None:
                rows.append([in_language(_SECTION[section], lang), "", in_language(
                    Message("not given", "未提供"), lang)])
                continue
            for item in items:
                add(item_text(item["label"], lang) if section == "education" else item["label"], section,
                    item.get("facts") or {})
        return rows

    def _laid_out_facts(self, rows: list[list[str]]) -> list[list[str]]:
        """The facts' rows, each value laid out in the room the table leaves it (under its indent of 4, the other
        columns and the gaps between them) within the width: one that does not fit (a project's seven sales
        stages) runs on in rows of its own under it."""
        whose, which = ([h, *(row[k] for row in rows)] for k, h in enumerate(_HEADINGS[self.lang][:2]))
        room = max(self.width - 4 - max(map(width, whose)) - 2 - max(map(width, which)) - 2, 20)
        laid: list[list[str]] = []
        for about, fact, value in rows:
            first, *more = fill(value, room, lang=self.lang) or [value]
            laid += [[about, fact, first]] + [["", "", line] for line in more]
        return laid

    def _laid_out(self, path: Path, record: dict, dossier: Dossier, written: Message | None, copy: bool,
                  digest: str) -> str:
        lang, c = self.lang, colon(self.lang)
        kept, origin, loaded = self._ruleset(path, record["ruleset"])
        names = {lv.level: lv.name for lv in loaded.ruleset.levels} if loaded is not None else None
        rules = {r.id: r for lv in loaded.ruleset.levels for r in lv.rules} if loaded is not None else None
        verdict = recorded_verdict(record, dossier.name if dossier.judged else None, names, rules, lang)
        note = in_language(WORDED if verdict.worded else NOTE, lang)
        head = self._head(record, dossier, kept, origin, loaded, written, copy, digest)
        body = io.StringIO()
        markdown = self.fmt == "markdown"
        (MarkdownExplainReporter if markdown else ExplainReporter)(body, lang, width=self.width).add(verdict)
        title = in_language(say(*_FACTS_TITLE, d=record["facts"]["as_of"]), lang) if record.get("facts") else ""
        facts = self._facts(record)
        if markdown:
            out = [f"# {md_cell(path)}\n\n*{md_cell(note)}*\n\n"]
            out += [f"- {in_language(label, lang)}{c}{md_cell(in_language(value, lang))}\n" for label, value in head]
            out += ["\n", body.getvalue()]
            if facts:
                out += [f"### {md_cell(title)}\n\n", tabulate([[md_cell(x) for x in row] for row in facts],
                                                              headers=_HEADINGS[lang], tablefmt="github"), "\n\n"]
            return "".join(out)
        out = [f"{path}\n"] + [line + "\n" for line in fill(note, self.width, "  ", "    ", lang)]
        out += [line + "\n" for label, value in head
                for line in fill(f"{in_language(label, lang)}{c}{in_language(value, lang)}", self.width, "  ", "    ", lang)]
        out += ["\n", body.getvalue().rstrip("\n") + "\n"]
        if facts:
            table = tabulate(self._laid_out_facts(facts), headers=_HEADINGS[lang], tablefmt="simple")
            out += [f"\n  {title}{c.rstrip()}\n"] + [f"    {line}\n" for line in table.splitlines()]
        return "".join(out) + "\n"
