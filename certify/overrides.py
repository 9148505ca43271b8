"""Committee decisions (破格, 特批, 不予认定) read from a file and shown beside computed verdicts.

An override never changes a verdict: the qualified level, every status and the exit
status stay what the ruleset computed. The committee's decision is carried alongside
(`Verdict.overrides`), marked as such in every report and decision record. The file
format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .errors import CertifyError, Message, did_you_mean, either, say
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
    committees read Chinese, and `--lang zh` shows it. A file with several problems (entries, fields, columns)
    is one error, its first problem, with the others in `more`, in the file's order: the line that stops the
    command (said_line) says every one, a line each, so that one run finds them all."""

    more: tuple = ()
    entry = 0  # the entry it is about (0: the file's, or its header's)

    def said_line(self, lang: str = "en") -> str:
        return "\n".join(CertifyError.said_line(e, lang) for e in (self, *self.more))


def raised(problems: list[OverridesError]) -> None:
    """Raise `problems`, if any: the first, the others its `more`."""
    if problems:
        first = problems[0]
        first.more = tuple(problems[1:])
        raise first


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
    unread: bool = False  # an entry with problems (read_overrides): its fields that could not be read are None

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
        err = OverridesError(message, file=self.file, line=self.line, path=_entry(self.entry), hint=hint)
        err.entry = self.entry
        return err


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
    """Validate one entry (a mapping of FIELDS); errors name the file, the entry and its line (every problem of the
    entry: the first raised, the others its `more`)."""
    override, problems = _entry_read(data, file=file, entry=entry, line=line)
    raised(problems)
    return override


# Each field's reader; a field's problem leaves it None, and the others are read all the same.
_READERS = {"applicant": lambda v, w: _text(v, "applicant", w), "level": _level, "decision": _decision,
            "reason": lambda v, w: _text(v, "reason", w), "approver": lambda v, w: _text(v, "approver", w),
            "reference": lambda v, w: _text(v, "reference", w), "date": _date}


def _entry_read(data, *, file: str, entry: int, line: int | None) -> tuple[Override | None, list[OverridesError]]:
    """One entry as an Override and its problems, every one: a key not known (and the key it may be a misspelling
    of not said missing too), each key missing, each field that cannot be read. With problems, the Override holds
    the fields that could be read and None for the others (its applicant and level are still checked against
    the batch); None when the entry is no mapping."""
    where = {"file": file, "line": line, "path": _entry(entry)}
    if not isinstance(data, dict):
        return None, [OverridesError(say("expected a mapping with keys {k}", "应为含 {k} 各字段的映射（键: 值）",
                                         k=Message(", ".join(FIELDS), "、".join(FIELDS))), **where)]
    problems, meant = [], set()
    for key in data:
        if key not in FIELDS:
            hint = did_you_mean(str(key), FIELDS)
            problems.append(OverridesError(say("unknown key '{k}'", "未知字段 '{k}'", k=key), hint=hint, **where))
            meant.add(hint)
    for f in FIELDS:
        if data.get(f) in (None, "") and f not in meant:
            problems.append(OverridesError(say("required key '{k}' is missing", "缺少必填字段 '{k}'（{name}）",
                                               k=f, name=HEADERS[f][0]), **where))
    fields = {}
    for f in FIELDS:
        if data.get(f) not in (None, ""):
            try:
                fields[f] = _READERS[f](data[f], where)
            except OverridesError as err:
                problems.append(err)
    return Override(**{f: fields.get(f) for f in FIELDS}, file=file, entry=entry, line=line), problems


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
    _NOTE for a note column (#备注), "" for a column with no header (Excel leaves empty ones at the end). Every
    unknown, repeated or missing column is said (a column an unknown one may be a misspelling of is not said
    missing too)."""
    fields: list[str] = []
    problems: list[OverridesError] = []
    meant: set[str] = set()
    for name in header:
        text = name.strip()
        field = "" if blank(text) else _NOTE if text.startswith("#") else _HEADER_OF.get(header_key(text))
        if field is None:
            names = [n for f in FIELDS for n in (f, HEADERS[f][0])]
            other = other_separator(text, lambda p: header_key(p) in _HEADER_OF)
            hint = None if other else did_you_mean(text, names)
            meant.update(FIELDS if other else [_HEADER_OF[header_key(hint)]] if hint else [])
            problems.append(OverridesError(say("unknown column '{c}'{o}", "未知的列 '{c}'{o}", c=text, o=other or ""),
                                           hint=hint, file=file, line=1))
            field = ""
        elif field in FIELDS and field in fields:  # the later column would silently win, as a YAML key given twice
            problems.append(OverridesError(say("column '{c}' is given twice", "“{c}”列出现了两次", c=text), file=file,
                                           line=1))
        fields.append(field)
    problems += [OverridesError(say("no column {f} ({name})", "缺少“{name}/{f}”列", f=f, name=HEADERS[f][0]), file=file,
                                line=1) for f in FIELDS if f not in fields and f not in meant]
    raised(problems)
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
                where = {"file": file, "line": line, "path": _entry(len(entries) + 1)}
                try:
                    entries.append((_csv_entry(row, fields, where), line))
                except OverridesError as err:  # said with the other entries' problems (load_overrides)
                    entries.append((err, line))
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
    """Read a committee decision file (.csv as CSV, anything else as YAML) into Overrides; OverridesError with
    every problem of its entries (the first, the others its `more`)."""
    overrides, problems = read_overrides(path)
    raised(problems)
    return overrides


def read_overrides(path: str | Path) -> tuple[list[Override], list[OverridesError]]:
    """A committee decision file's decisions, and the problems of its entries, every one in the file's order (an
    entry that cannot be read, a field of one, a second decision on one level). A problem with the file as a
    whole (not read, not YAML, a CSV header) is raised. An entry with problems is among the decisions with the
    fields that could be read, None for the others: check_overrides checks what of it it can against the batch,
    said with these (`unread`), and leaves it out of what is applied."""
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
    overrides, problems = [], []
    seen: dict[tuple[str, int], Override] = {}
    for i, (data, line) in enumerate(reader(text, file), 1):
        o, bad = ((None, [data]) if isinstance(data, OverridesError)
                  else _entry_read(data, file=file, entry=i, line=line))
        if o is not None and o.applicant is not None and o.level is not None:
            first = seen.setdefault((o.applicant, o.level), o)
            if first is not o:
                bad.append(o.error(say("applicant '{a}' level {n} already has a decision (entry {e})",
                                       "申报人 '{a}' 的{n}级已有决定（见第{e}条）", a=o.applicant, n=o.level, e=first.entry)))
        for err in bad:
            err.entry = i
        problems += bad
        if o is not None:
            overrides.append(o if not bad else dataclasses.replace(o, unread=True))
    return overrides, problems
