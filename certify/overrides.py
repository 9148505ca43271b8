"""Committee decisions (破格, 特批, 不予认定) read from a file and shown beside computed verdicts.

An override never changes a verdict: the qualified level, every status and the exit
status stay what the ruleset computed. The committee's decision is carried alongside
(`Verdict.overrides`), marked as such in every report and decision record. The file
format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .errors import CertifyError, Message, did_you_mean, either, levels_of, say
from .filekinds import DECISIONS as DECISIONS_FILE, another_kind
from .sheetrows import csv_encoding
from .textfiles import HEAD, not_csv_text, not_utf8, utf8_text
from .careerdates import outside_a_career
from .cells import CellProblem, blank, cell_value, date_shaped
from .sheets import column_letter, header_key, other_separator
from .values import describe
from .yamltext import TextDatesLoader, load_yaml, yaml_problem

FIELDS = ("applicant", "level", "decision", "reason", "approver", "reference", "date")
# A CSV's headers: each field's YAML key, its Chinese name (the sheets' 申报人编号 for the applicant), then aliases.
HEADERS = {"applicant": ("申报人编号", "applicant_id", "id", "编号"), "level": ("级别", "认定级别"),
           "decision": ("决定",), "reason": ("理由",), "approver": ("批准人",), "reference": ("文号", "依据"),
           "date": ("日期", "决定日期")}
_HEADER_OF = {header_key(name): f for f in FIELDS for name in (f, *HEADERS[f])}
# decision -> (Chinese, English) as reports show it
DECISIONS = {"grant": ("破格/特批", "grant"), "deny": ("不予认定", "deny")}
DECISION_ALIASES = {"破格": "grant", "特批": "grant", "破格晋升": "grant", "批准": "grant",
                    "不予认定": "deny", "否决": "deny", "驳回": "deny"}


class OverridesError(CertifyError):
    """A committee decision file cannot be read, or names what the batch or ruleset does not have.

    Its messages, and the entry and column they are at, are in English and Chinese (errors.Message):
    committees read Chinese, and `--lang zh` shows it."""


def _entry(number: int) -> Message:
    """Where in the file an error is: its `number`th decision (entry 3, 第3条)."""
    return Message(f"entry {number}", f"第{number}条")


def _field(name: str) -> Message:
    """A field as a message names it: its key, and in Chinese its column's name too (级别（level）)."""
    return Message(name, f"{HEADERS[name][0]}（{name}）")


@dataclass(frozen=True, slots=True)
class Override:
    """One committee decision about one applicant and one level."""

    applicant: str
    level: int
    decision: str  # grant | deny
    reason: str
    approver: str
    reference: str
    date: date
    file: str = ""
    entry: int = 0  # 1-based position in the file
    line: int | None = None

    def as_record(self) -> dict:
        """The decision in machine form (for jsonl and decision records)."""
        return {"applicant_id": self.applicant, "level": self.level, "decision": self.decision,
                "reason": self.reason, "approver": self.approver, "reference": self.reference,
                "date": self.date.isoformat(), "file": self.file, "entry": self.entry}

    def cell(self, lang: str = "en") -> str:
        """Short form for a table cell: `L3 grant (评审委员会纪要 2026-12 第3号)`."""
        zh, en = DECISIONS[self.decision]
        if lang == "zh":
            return f"{self.level}级 {zh}（{self.reference}）"
        return f"L{self.level} {en} ({self.reference})"

    def text(self, lang: str = "en") -> str:
        """One line for an explanation: the decision, its reason, approver, reference and date."""
        zh, en = DECISIONS[self.decision]
        if lang == "zh":
            return (f"{self.level}级 {zh}：{self.reason}。批准人 {self.approver}，依据 {self.reference}，"
                    f"日期 {self.date.isoformat()}")
        by = "Approved" if self.decision == "grant" else "Decided"  # a denial is no approval: its approver decided it
        return (f"L{self.level} {en}: {self.reason}. {by} by {self.approver}, {self.reference}, "
                f"{self.date.isoformat()}")

    def error(self, message: str, hint: str | None = None) -> OverridesError:
        return OverridesError(message, file=self.file, line=self.line, path=_entry(self.entry), hint=hint)


def _text(value, field: str, where: dict) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field == "applicant":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise OverridesError(say("{f}: expected non-empty text, got {v}", "{f}：应为非空文本，实际为{v}",
                                 f=_field(field), v=repr(value)), **where)
    return value.strip()


def _level(value, where: dict) -> int:
    # Read as the sheets read a level: 2, "2", "2级", "二级" (a level's name needs a ruleset: not here).
    try:
        level = cell_value("level", value)
    except CellProblem:
        level = None
    if not isinstance(level, int) or level < 1:  # the value named as a dossier's is (true, not Python's True)
        raise OverridesError(say("{f}: expected a whole number ≥ 1, got {v}", "{f}：应为 ≥ 1 的整数，实际为{v}",
                                 f=_field("level"), v=describe(value)), **where)
    return level


def _decision(value, where: dict) -> str:
    text = str(value).strip() if value is not None else ""
    text = DECISION_ALIASES.get(text, text.lower())
    if text not in DECISIONS:
        choices = [*DECISIONS, *DECISION_ALIASES]
        # In Chinese, the words a committee writes, as Chinese lists them; in English, each decision with its Chinese.
        expected = either(["grant 破格/特批", "deny 不予认定"], ["破格", "特批", "不予认定"])
        raise OverridesError(say("{f}: unknown decision {v} (expected {e})", "{f}：未知的决定 {v}（应为{e}）",
                                 f=_field("decision"), v=repr(value), e=expected),
                             hint=did_you_mean(str(value), choices), **where)
    return text


def _date(value, where: dict) -> date:
    # Read as the sheets read a date: 2026-12-20, 2026/12/20 as Excel shows it on Chinese Windows, 2026年12月20日;
    # and held to a dossier's bounds (careerdates.py): no committee decided before 1950 (1900-01-03 is a number
    # typed into a date cell of the sheet the file was saved from, or 1900-01-01 for a date not known).
    try:
        day = cell_value("date", value)
    except CellProblem:
        if isinstance(value, str) and date_shaped(value):  # 2026/2/30: the form is right
            raise OverridesError(say("{f}: {v} is not a real date", "{f}：{v} 不是真实存在的日期",
                                     f=_field("date"), v=repr(value.strip())), **where) from None
        raise OverridesError(say("{f}: expected a date written YYYY-MM-DD (or YYYY/M/D), got {v}",
                                 "{f}：应为写成 YYYY-MM-DD（或 YYYY/M/D）的日期，实际为{v}",
                                 f=_field("date"), v=repr(value)), **where) from None
    if said := outside_a_career(day):
        raise OverridesError(say("{f}: {s}", "{f}：{s}", f=_field("date"), s=said), **where)
    return day


def override_from_data(data, *, file: str = "", entry: int = 1, line: int | None = None) -> Override:
    """Validate one entry (a mapping of FIELDS); errors name the file, the entry and its line."""
    where = {"file": file, "line": line, "path": _entry(entry)}
    if not isinstance(data, dict):
        raise OverridesError(say("expected a mapping with keys {k}", "应为含 {k} 各字段的映射（键: 值）",
                                 k=Message(", ".join(FIELDS), "、".join(FIELDS))), **where)
    for key in data:
        if key not in FIELDS:
            raise OverridesError(say("unknown key '{k}'", "未知字段 '{k}'", k=key),
                                 hint=did_you_mean(str(key), FIELDS), **where)
    missing = [f for f in FIELDS if data.get(f) in (None, "")]
    if missing:
        raise OverridesError(say("required key '{k}' is missing", "缺少必填字段 '{k}'（{name}）",
                                 k=missing[0], name=HEADERS[missing[0]][0]), **where)
    return Override(applicant=_text(data["applicant"], "applicant", where), level=_level(data["level"], where),
                    decision=_decision(data["decision"], where), reason=_text(data["reason"], "reason", where),
                    approver=_text(data["approver"], "approver", where),
                    reference=_text(data["reference"], "reference", where), date=_date(data["date"], where),
                    file=file, entry=entry, line=line)


def _yaml_entries(text: str, file: str) -> list[tuple[object, int | None]]:
    # Dates stay text: _date reads them (2026-13-02 is an error, not a crash).
    loader = TextDatesLoader
    try:
        data = load_yaml(text, loader)
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as e:
        message, line = yaml_problem(e, Message("not valid YAML", "YAML 格式有误"), text, frozenset({"overrides"}))
        raise OverridesError(message, file=file, line=line) from None
    if isinstance(data, dict) and set(data) == {"overrides"}:
        data = data["overrides"]
        node = next(v for k, v in node.value if k.value == "overrides")
    if data is None:
        raise OverridesError(Message("empty file: write 'overrides: []' for none",
                                     "空文件：没有决定时请写 'overrides: []'"), file=file)
    if (other := another_kind(data, DECISIONS_FILE)) is not None:  # a dossier, a ruleset, a case file
        raise OverridesError(other, file=file)
    if not isinstance(data, list):
        keys = [str(k) for k in data] if isinstance(data, dict) else []
        hint = did_you_mean(keys[0], ["overrides"]) if len(keys) == 1 else None
        more = say(", not '{k}'", "，而不是 '{k}'", k=keys[0]) if hint else ""
        raise OverridesError(say("expected a list of decisions, or a mapping with one key 'overrides'{more}",
                                 "应为决定的列表，或只含一个字段 'overrides' 的映射{more}", more=more),
                             file=file, hint=hint)
    lines = [n.start_mark.line + 1 for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    return [(item, lines[i] if i < len(lines) else None) for i, item in enumerate(data)]


_NOTE = "#"  # a column whose header begins with #: a note, not read


def _csv_fields(header: list[str], file: str) -> list[str]:
    """Each column's field, read as the sheets read a header: Chinese or English, case, spaces and _ aside;
    _NOTE for a note column (#备注), "" for a column with no header (Excel leaves empty ones at the end)."""
    fields: list[str] = []
    for name in header:
        text = name.strip()
        field = "" if blank(text) else _NOTE if text.startswith("#") else _HEADER_OF.get(header_key(text))
        if field is None:
            names = [n for f in FIELDS for n in (f, HEADERS[f][0])]
            other = other_separator(text, lambda p: header_key(p) in _HEADER_OF)
            raise OverridesError(say("unknown column '{c}'{o}", "未知的列 '{c}'{o}", c=text, o=other or ""),
                                 hint=None if other else did_you_mean(text, names), file=file, line=1)
        if field in FIELDS and field in fields:  # the later column would silently win, as a YAML key given twice
            raise OverridesError(say("column '{c}' is given twice", "“{c}”列出现了两次", c=text), file=file, line=1)
        fields.append(field)
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise OverridesError(say("no column {f} ({name})", "缺少“{name}/{f}”列", f=missing[0],
                                 name=HEADERS[missing[0]][0]), file=file, line=1)
    return fields


def _csv_entries(text: str, file: str) -> list[tuple[object, int | None]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or all(blank(name) for name in header):
        raise OverridesError(say("empty file: the first row names the columns ({c})", "空文件：第1行应为列名（{c}）",
                                 c=",".join(FIELDS)), file=file)
    fields = _csv_fields(header, file)
    entries = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if any(not blank(cell) for cell in row):  # a blank row, or one of empty cells, is no entry
                entries.append((_csv_entry(row, fields, {"file": file, "line": line,
                                                         "path": _entry(len(entries) + 1)}), line))
            line = reader.line_num + 1
    except csv.Error as exc:  # a cell past csv's length limit, say
        raise OverridesError(say("cannot be read as CSV: {e}", "无法作为 CSV 读取：{e}", e=exc), file=file,
                             line=line) from None
    return entries


def _csv_entry(row: list[str], fields: list[str], where: dict) -> dict:
    """One row as a mapping of FIELDS; a value in a column without a header, or past the last, is an error
    (as in a sheet: no value is dropped unseen)."""
    entry = {}
    for index, cell in enumerate(row):
        field = fields[index] if index < len(fields) else ""
        if field in FIELDS:
            entry[field] = cell.strip()
        elif field == "" and not blank(cell):
            if index >= len(fields):
                message = Message("a value past the last column of the header (more cells in this row than the "
                                  "header has)", "值超出了列名行的最后一列（这一行的单元格比列名多）")
            else:
                message = Message("a value in a column without a header (give it one, or begin one with # for a "
                                  "note)", "没有列名的列中有值（请给该列加列名，或以 # 开头的列名作为备注）")
            letter, entry = column_letter(index), where["path"]  # entry 2: column H, 第2条“H”列
            raise OverridesError(message, **{**where, "path": Message(f"{entry}: column {letter}",
                                                                      f"{entry.zh}“{letter}”列")})
    return entry


def load_overrides(path: str | Path) -> list[Override]:
    """Read a committee decision file (.csv as CSV, anything else as YAML) into Overrides."""
    file = str(path)
    is_csv = Path(path).suffix.lower() == ".csv"
    raw = b""
    try:
        raw = Path(path).read_bytes()
        # A CSV as the sheets' CSV files: UTF-8, else GB18030/GBK, which Excel writes on Chinese Windows.
        encoding = csv_encoding(Path(path)) if is_csv else "utf-8-sig"
        if encoding is None:  # UTF-16, or no text at all
            raise OverridesError(not_csv_text(raw[:HEAD]), file=file)
        text = raw.decode(encoding) if is_csv else utf8_text(raw)
    except OSError as e:
        raise OverridesError(say("cannot read the overrides file: {e}", "无法读取评审委员会决定文件：{e}",
                                 e=e.strerror), file=file) from None
    except UnicodeDecodeError as e:
        raise OverridesError(not_utf8(raw, e.start), file=file) from None
    reader = _csv_entries if is_csv else _yaml_entries
    overrides = [override_from_data(data, file=file, entry=i, line=line)
                 for i, (data, line) in enumerate(reader(text, file), 1)]
    seen: dict[tuple[str, int], Override] = {}
    for o in overrides:
        first = seen.setdefault((o.applicant, o.level), o)
        if first is not o:
            raise o.error(say("applicant '{a}' level {n} already has a decision (entry {e})",
                              "申报人 '{a}' 的{n}级已有决定（见第{e}条）", a=o.applicant, n=o.level, e=first.entry))
    return overrides


def check_overrides(overrides: Iterable[Override], results: Iterable,
                    ids: Callable[[], Iterable] | None = None, *, dated: bool = False) -> None:
    """Every override names an applicant of the batch, and a level of the edition of the standard each of
    its verdicts was judged by (editions may differ in how many levels they have), or OverridesError.
    `dated`: judged from a folder of editions, whose error names the edition in force on the applicant's date.

    `results` are the batch's verdicts and the errors of what could not be judged: a decision about an
    applicant whose error row names them (a spreadsheet's, whose cell could not be read) says that error,
    not that the id is missing, which would send the committee looking for a typo in its own file.
    `results` may hold only those of the applicants decided on (a long batch is not held whole) when `ids`
    gives the ids of every verdict of the batch, read only for the hint of an id not in it."""
    overrides = list(overrides)
    wanted = {o.applicant for o in overrides} if ids is not None else None
    judged: dict[str, list] = {}
    unjudged: dict[str, object] = {}
    for r in results:
        if wanted is not None and r.applicant_id not in wanted:
            continue
        if hasattr(r, "levels"):
            judged.setdefault(r.applicant_id, []).append(r)
        elif r.applicant_id is not None:
            unjudged.setdefault(r.applicant_id, r)
    for o in overrides:
        if o.applicant not in judged and (failure := unjudged.get(o.applicant)) is not None:
            raise o.error(say("applicant '{a}' could not be evaluated in this batch ({f}: {e}): a decision goes beside "
                              "a verdict; put that right first, or take the decision out",
                              "申报人 '{a}' 在本批次中无法评定（{f}：{e}）：评审委员会决定须对应一项判定结果；请先改正该错误，或删去此条决定",
                              a=o.applicant, f=failure.file, e=failure.error.quoted()))
        if o.applicant not in judged:
            raise o.error(say("applicant '{a}' is not in the batch", "本次评定的申报材料中没有申报人 '{a}'",
                              a=o.applicant), hint=_typo_of(o.applicant, judged if ids is None
                                                            else dict.fromkeys(ids())))
        for v in judged[o.applicant]:
            if not 1 <= o.level <= len(v.levels) and not dated:  # one ruleset file: no edition to name
                raise o.error(say("level {n} is not a level of {id} {v} ({top})", "级别 {n} 不是 {id} {v} 的级别（{top}）",
                                  n=o.level, id=v.ruleset["id"], v=v.ruleset["version"], top=levels_of(len(v.levels))))
            if not 1 <= o.level <= len(v.levels):
                raise o.error(say("level {n} is not a level of {id} {v} ({top}), the edition in force for {a} on {d}",
                                  "级别 {n} 不是 {id} {v}（{d} 时对 {a} 施行的版本）的级别（{top}）",
                                  n=o.level, id=v.ruleset["id"], v=v.ruleset["version"], top=levels_of(len(v.levels)),
                                  a=o.applicant, d=v.as_of.isoformat()))


def _typo_of(ident: str, ids) -> str | None:
    """The id of the batch `ident` is one character away from (AP-1O4 for AP-104), if any. Ids further
    apart are other applicants, not typos: AP-110 is not offered for AP-103."""
    hint = did_you_mean(ident, ids)
    if hint is None:
        return None
    edits = difflib.SequenceMatcher(None, ident, hint, autojunk=False).get_opcodes()
    return hint if sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in edits if op != "equal") <= 1 else None


def apply_overrides(results: Iterable, overrides: Iterable[Override]) -> list:
    """Each verdict with its committee decisions attached beside it; nothing computed changes. An error row
    (an id given again, which names the applicant) gets none: they go beside the verdict."""
    return list(with_overrides(results, overrides))


def with_overrides(results: Iterable, overrides: Iterable[Override]) -> Iterator:
    """apply_overrides one result at a time, as they come."""
    by_id: dict[str, list[Override]] = {}
    for o in overrides:
        by_id.setdefault(o.applicant, []).append(o)
    for r in results:
        mine = by_id.get(r.applicant_id, ()) if hasattr(r, "overrides") else ()
        yield dataclasses.replace(r, overrides=tuple(sorted(mine, key=lambda o: o.level))) if mine else r
