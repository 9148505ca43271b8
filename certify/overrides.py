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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .errors import CertifyError, did_you_mean, shown
from .yamltext import TextDatesLoader, load_yaml, yaml_problem

FIELDS = ("applicant", "level", "decision", "reason", "approver", "reference", "date")
# decision -> (Chinese, English) as reports show it
DECISIONS = {"grant": ("破格/特批", "grant"), "deny": ("不予认定", "deny")}
DECISION_ALIASES = {"破格": "grant", "特批": "grant", "破格晋升": "grant", "批准": "grant",
                    "不予认定": "deny", "否决": "deny", "驳回": "deny"}


class OverridesError(CertifyError):
    """A committee decision file cannot be read, or names what the batch or ruleset does not have."""


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
        return (f"L{self.level} {en}: {self.reason}. Approved by {self.approver}, {self.reference}, "
                f"{self.date.isoformat()}")

    def error(self, message: str, hint: str | None = None) -> OverridesError:
        return OverridesError(message, file=self.file, line=self.line, path=f"entry {self.entry}", hint=hint)


def _text(value, field: str, where: dict) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field == "applicant":
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise OverridesError(f"{field}: expected non-empty text, got {value!r}", **where)
    return value.strip()


def _level(value, where: dict) -> int:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OverridesError(f"level: expected a whole number ≥ 1, got {shown(value)}", **where)
    return value


def _decision(value, where: dict) -> str:
    text = str(value).strip() if value is not None else ""
    text = DECISION_ALIASES.get(text, text.lower())
    if text not in DECISIONS:
        choices = [*DECISIONS, *DECISION_ALIASES]
        raise OverridesError(f"decision: unknown decision {value!r} (expected grant 破格/特批 or deny 不予认定)",
                             hint=did_you_mean(str(value), choices), **where)
    return text


def _date(value, where: dict) -> date:
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, str) and len(value.strip()) == 10:
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise OverridesError(f"date: expected a date written YYYY-MM-DD, got {value!r}", **where)


def override_from_data(data, *, file: str = "", entry: int = 1, line: int | None = None) -> Override:
    """Validate one entry (a mapping of FIELDS); errors name the file, the entry and its line."""
    where = {"file": file, "line": line, "path": f"entry {entry}"}
    if not isinstance(data, dict):
        raise OverridesError(f"expected a mapping with keys {', '.join(FIELDS)}", **where)
    for key in data:
        if key not in FIELDS:
            raise OverridesError(f"unknown key '{key}'", hint=did_you_mean(str(key), FIELDS), **where)
    missing = [f for f in FIELDS if data.get(f) in (None, "")]
    if missing:
        raise OverridesError(f"required key '{missing[0]}' is missing", **where)
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
        message, line = yaml_problem(e, "not valid YAML")
        raise OverridesError(message, file=file, line=line) from None
    if isinstance(data, dict) and set(data) == {"overrides"}:
        data = data["overrides"]
        node = next(v for k, v in node.value if k.value == "overrides")
    if data is None:
        raise OverridesError("empty file: write 'overrides: []' for none", file=file)
    if not isinstance(data, list):
        keys = [str(k) for k in data] if isinstance(data, dict) else []
        hint = did_you_mean(keys[0], ["overrides"]) if len(keys) == 1 else None
        raise OverridesError("expected a list of decisions, or a mapping with one key 'overrides'"
                             + (f", not '{keys[0]}'" if hint else ""), file=file, hint=hint)
    lines = [n.start_mark.line + 1 for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    return [(item, lines[i] if i < len(lines) else None) for i, item in enumerate(data)]


def _csv_entries(text: str, file: str) -> list[tuple[object, int | None]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise OverridesError(f"empty file: the first row names the columns ({','.join(FIELDS)})", file=file)
    names = [name.strip() for name in reader.fieldnames]
    repeated = next((name for i, name in enumerate(names) if name in names[:i]), None)
    if repeated is not None:  # the later column would silently win, as a YAML key given twice would
        raise OverridesError(f"column '{repeated}' is given twice", file=file, line=1)
    entries = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if None in row:
                raise OverridesError("more cells than columns", file=file, line=line)
            entries.append(({k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items()}, line))
            line = reader.line_num + 1
    except csv.Error as exc:  # a cell past csv's length limit, say
        raise OverridesError(f"cannot be read as CSV: {exc}", file=file, line=line) from None
    return entries


def load_overrides(path: str | Path) -> list[Override]:
    """Read a committee decision file (.csv as CSV, anything else as YAML) into Overrides."""
    file = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise OverridesError(f"cannot read the overrides file: {e.strerror}", file=file) from None
    except UnicodeDecodeError:
        raise OverridesError("not UTF-8 text", file=file) from None
    reader = _csv_entries if Path(path).suffix.lower() == ".csv" else _yaml_entries
    overrides = [override_from_data(data, file=file, entry=i, line=line)
                 for i, (data, line) in enumerate(reader(text, file), 1)]
    seen: dict[tuple[str, int], Override] = {}
    for o in overrides:
        first = seen.setdefault((o.applicant, o.level), o)
        if first is not o:
            raise o.error(f"applicant '{o.applicant}' level {o.level} already has a decision (entry {first.entry})")
    return overrides


def check_overrides(overrides: Iterable[Override], verdicts: Iterable) -> None:
    """Every override names an applicant of the batch, and a level of the edition of the standard each of
    its verdicts was judged by (editions may differ in how many levels they have), or OverridesError."""
    judged: dict[str, list] = {}
    for v in verdicts:
        judged.setdefault(v.applicant_id, []).append(v)
    for o in overrides:
        if o.applicant not in judged:
            raise o.error(f"applicant '{o.applicant}' is not in the batch", hint=_typo_of(o.applicant, judged))
        for v in judged[o.applicant]:
            if not 1 <= o.level <= len(v.levels):
                raise o.error(f"level {o.level} is not a level of {v.ruleset['id']} {v.ruleset['version']} "
                              f"(1-{len(v.levels)}), the edition in force for {o.applicant} on {v.as_of.isoformat()}")


def _typo_of(ident: str, ids) -> str | None:
    """The id of the batch `ident` is one character away from (AP-1O4 for AP-104), if any. Ids further
    apart are other applicants, not typos: AP-110 is not offered for AP-103."""
    hint = did_you_mean(ident, ids)
    if hint is None:
        return None
    edits = difflib.SequenceMatcher(None, ident, hint, autojunk=False).get_opcodes()
    return hint if sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in edits if op != "equal") <= 1 else None


def apply_overrides(results: Iterable, overrides: Iterable[Override]) -> list:
    """Each verdict with its committee decisions attached beside it; nothing computed changes."""
    by_id: dict[str, list[Override]] = {}
    for o in overrides:
        by_id.setdefault(o.applicant, []).append(o)
    out = []
    for r in results:
        mine = by_id.get(getattr(r, "applicant_id", None), ())
        out.append(dataclasses.replace(r, overrides=tuple(sorted(mine, key=lambda o: o.level))) if mine else r)
    return out
