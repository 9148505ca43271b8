"""What verify says differs between what a decision record holds and what comes out now, in English and
Chinese (errors.Message): the record's own words (pass, grant) are put in Chinese as reports put them."""

from __future__ import annotations

import json
import os
import re

from .errors import Message, joined, say
from .explain import STATUS_WORDS, VERDICT_WORDS
from .overrides import DECISIONS, FIELDS, HEADERS


def short(sha: str) -> str:
    """A sha256 as verify shows it: its first 12 digits (followed by …)."""
    return sha[:12]


_ABSENT = Message("absent", "无")  # a level, rule or field the verdict does not have
_NONE = Message("none", "无")  # a field it has, null: no target level given
_LABELS = {"applicant_id": Message("applicant id", "申报人编号"), "as_of": Message("as of", "截止日期"),
           "target_level": Message("target level", "申报级别"),
           "qualified_level": Message("qualified level", "认定级别"),
           "target_status": Message("target status", "申报级别结果")}


def _word(value: object) -> object:
    """A recorded value as a change shows it: a status by its word (符合 in Chinese), anything else as it is."""
    if isinstance(value, str) and value in STATUS_WORDS["zh"]:
        return Message(value, STATUS_WORDS["zh"][value])
    return value


def _change(what: str, was: object, now: object) -> Message:
    return say("{w} {a} -> {b}", "{w} {a} -> {b}", w=what, a=_word(was), b=_word(now))


def _level(n: object) -> Message:
    return say("level {n}", "{n}级", n=n)


def status_changes(old: dict, new: dict) -> list[Message]:
    """What the verdict says differently: qualified level, target status, level and rule statuses, a rule's
    with what moved it when its readings say (_causes)."""
    changes = []
    for key, label in _LABELS.items():
        if old.get(key) != new.get(key) or (key in old) != (key in new):
            changes.append(_change(label, *(_NONE if v is None else v for v in (old.get(key, _ABSENT),
                                                                               new.get(key, _ABSENT)))))
    was = {r["id"]: r for lv in old.get("levels", []) for r in lv["rules"]}
    old_rules = {rid: r["status"] for rid, r in was.items()}
    old_levels = {lv["level"]: lv["status"] for lv in old.get("levels", [])}
    for lv in new["levels"]:
        if old_levels.get(lv["level"]) != lv["status"]:
            changes.append(_change(_level(lv["level"]), old_levels.get(lv["level"], _ABSENT), lv["status"]))
        for r in lv["rules"]:
            if old_rules.get(r["id"]) != r["status"]:
                change = _change(r["id"], old_rules.get(r["id"], _ABSENT), r["status"])
                causes = _causes(was[r["id"]], r) if r["id"] in was else []
                changes.append(say("{c} ({w})", "{c}（{w}）", c=change, w=joined(causes)) if causes else change)
    # What the verdict no longer has at all: a level or rule the ruleset dropped (or renamed).
    new_levels = {lv["level"] for lv in new["levels"]}
    new_rules = {r["id"] for lv in new["levels"] for r in lv["rules"]}
    changes += [_change(_level(n), status, _ABSENT) for n, status in old_levels.items() if n not in new_levels]
    changes += [_change(rid, status, _ABSENT) for rid, status in old_rules.items() if rid not in new_rules]
    return changes


def files_changed(was: dict, now: dict) -> Message:
    """Which edition files were added, removed or changed since a record was written."""
    parts = [say("{f} added", "新增 {f}", f=name) for name in sorted(now.keys() - was.keys())]
    parts += [say("{f} removed", "删除 {f}", f=name) for name in sorted(was.keys() - now.keys())]
    parts += [say("{f} changed", "修改 {f}", f=name) for name in sorted(was.keys() & now.keys())
              if was[name] != now[name]]
    return joined(parts)


_SHA256 = re.compile(r"[0-9a-f]{64}")
_WIDTH = 50  # characters of a value shown at most, from a little before where the two values part


def shown_pair(recorded: object, now: object) -> tuple[str, str]:
    """Two differing JSON values as verify shows them: a sha256 by its first 12 digits, anything else as
    JSON; when either is longer than _WIDTH, both from a little before where they part, their middles cut."""
    a, b = (f"{short(v)}…" if isinstance(v, str) and _SHA256.fullmatch(v) else json.dumps(v, ensure_ascii=False)
            for v in (recorded, now))
    if max(len(a), len(b)) <= _WIDTH:
        return a, b
    start = max(0, len(os.path.commonprefix([a, b])) - 10)
    start = a.rfind(" ", max(0, start - 10), start) + 1 or start  # at a word, if one begins near
    return tuple(("…" if start else "") + (s[start:] if len(s) - start <= _WIDTH
                                           else f"{s[start:start + _WIDTH // 2]}…{s[-(_WIDTH // 2):]}") for s in (a, b))


_GONE = object()  # a field one of two JSON objects does not have (not null: not there)


def _one(value: object) -> str:
    """One JSON value as shown_pair shows it, alone: longer than _WIDTH, its middle cut."""
    s = shown_pair(value, value)[0] if len(json.dumps(value, ensure_ascii=False)) <= _WIDTH else json.dumps(
        value, ensure_ascii=False)
    return s if len(s) <= _WIDTH else f"{s[:_WIDTH // 2]}…{s[-(_WIDTH // 2):]}"


def _first(recorded: object, now: object, where: str) -> tuple[str, object, object]:
    """The path of the first place two JSON values differ, and their values there (_GONE for a field one lacks)."""
    if isinstance(recorded, dict) and isinstance(now, dict):
        for key in list(recorded) + [k for k in now if k not in recorded]:
            if recorded.get(key, _GONE) != now.get(key, _GONE):
                return _first(recorded.get(key, _GONE), now.get(key, _GONE), f"{where}.{key}" if where else str(key))
    if isinstance(recorded, list) and isinstance(now, list) and len(recorded) == len(now):
        for i, (a, b) in enumerate(zip(recorded, now)):
            if a != b:
                return _first(a, b, f"{where}[{i}]")
    return where, recorded, now


def first_difference(recorded: object, now: object, where: str = "") -> Message:
    """The first place two JSON values differ, as `PATH RECORDED recorded, NOW now` (the values as shown)."""
    path, a, b = _first(recorded, now, where)
    return _changed(path or "facts", a, b)


def _changed(what: str, recorded: object, now: object) -> Message:
    """`WHAT RECORDED recorded, NOW now`, the values as shown; a field only one of them has, said so. In Chinese a
    space sets a field's name apart from 记录为, but none follows a full-width bracket (2级 决定（decision）记录为)."""
    g = "" if str(getattr(what, "zh", what)).endswith("）") else " "
    if recorded is _GONE:
        return say("{w} not in the record, {b} now", "{w}{g}记录中没有，现为 {b}", w=what, g=g, b=_one(now))
    if now is _GONE:
        return say("{w} {a} recorded, not there now", "{w}{g}记录为 {a}，现在没有", w=what, g=g, a=_one(recorded))
    a, b = shown_pair(recorded, now)
    return say("{w} {a} recorded, {b} now", "{w}{g}记录为 {a}，现为 {b}", w=what, g=g, a=a, b=b)


_IN_RULE = re.compile(r"verdict\.levels\[(\d+)\]\.(rules|gaps)\[(\d+)\](\.explanation$)?")


def verdict_difference(old: dict, new: dict) -> Message:
    """What differs between two verdicts whose statuses are the same: the explanations, rule by rule and
    field by field (explanation_differences), when an explanation is the first thing that differs; else the
    first field that differs, by its path in the record (and the rule it is in). The verdict's ruleset sha256
    changes with the ruleset's bytes, which verify says first: it is named only when nothing else differs."""
    if isinstance(old.get("ruleset"), dict) and isinstance(new.get("ruleset"), dict):
        rest = {**old, "ruleset": {**old["ruleset"], "sha256": new["ruleset"].get("sha256")}}
        old = rest if rest != new else old
    path, _, _ = _first(old, new, "verdict")
    in_rule = _IN_RULE.match(path)
    if in_rule and in_rule[4]:
        return say("the explanations differ ({d})", "说明不同（{d}）", d=explanation_differences(old, new))
    said = first_difference(old, new, "verdict")
    if in_rule:
        entry = new["levels"][int(in_rule[1])][in_rule[2]][int(in_rule[3])]
        said = say("{s} ({r})", "{s}（{r}）", s=said, r=entry.get("id") if in_rule[2] == "rules" else entry.get("rule"))
    return said


_SHOWN_RULES = 3  # rules whose differences are spelled out; the others are named
_FIELDS = {"clause": Message("clause", "条款（clause）"), "requirement": Message("requirement", "要求（requirement）"),
           "explanation": Message("explanation", "说明（explanation）"), "readings": Message("readings", "读取的事实（readings）")}
_READING_FIELDS = {"op": Message("op", "比较方式（op）"), "required": Message("required", "要求值（required）"),
                   "actual": Message("actual", "实际值（actual）"), "shortfall": Message("shortfall", "差额（shortfall）"),
                   "unproven": Message("unproven", "待核实（unproven）"), "status": Message("status", "结果（status）")}


def explanation_differences(old: dict, new: dict) -> Message:
    """Each rule whose explanation differs between two verdicts, and what in it differs, recorded and now:
    its clause, its requirement (read from the explanation), each reading's op, required, actual, shortfall,
    unproven and status (the reading named by its fact, and its item), or which facts it read; its
    explanation itself when none of those differ. The first rules are spelled out, the others named."""
    was = {r.get("id"): r for lv in old.get("levels", []) for r in lv.get("rules", [])}
    rules = [r for lv in new["levels"] for r in lv["rules"] if (was.get(r["id"]) or {}).get("explanation")
             != r["explanation"]]
    parts = [say("{r}: {d}", "{r}：{d}", r=r["id"], d=joined(rule_differences(was.get(r["id"]) or {}, r)))
             for r in rules[:_SHOWN_RULES]]
    said = joined(parts, "; ", "；")
    if rules[_SHOWN_RULES:]:
        more = [r["id"] for r in rules[_SHOWN_RULES:]]
        said = say("{s}; and {n} more: {ids}", "{s}；另有 {n} 条：{ids}", s=said, n=len(more), ids=joined(more, zh="、"))
    return said


def rule_differences(old: dict, new: dict) -> list[Message]:
    """What differs between a rule's recorded entry and its entry now, field by field (see
    explanation_differences); the explanation itself when nothing else says why it differs."""
    said = []
    if old.get("clause", _GONE) != new.get("clause", _GONE):
        said.append(_changed(_FIELDS["clause"], old.get("clause", _GONE), new.get("clause", _GONE)))
    requirements = _requirements(old, new)
    if requirements and requirements[0] != requirements[1]:
        said.append(_changed(_FIELDS["requirement"], *requirements))
    said += _readings_differences(old.get("readings", _GONE), new.get("readings", _GONE))
    if not said:
        said.append(_changed(_FIELDS["explanation"], old.get("explanation", _GONE), new.get("explanation", _GONE)))
    return said


def _readings_differences(old: object, new: object) -> list[Message]:
    """Each field of a reading (of the same fact and item) that differs, and each reading there only now or
    only recorded."""
    if old == new:
        return []
    if not (isinstance(old, list) and isinstance(new, list) and all(isinstance(x, dict) for x in old + new)):
        return [_changed(_FIELDS["readings"], old, new)]
    pairs, gone, added = _paired(old, new)
    said = [_changed(say("{f} {k}", "{f} {k}", f=name, k=label), a.get(key, _GONE), b.get(key, _GONE))
            for name, a, b in pairs for key, label in _READING_FIELDS.items() if a.get(key, _GONE) != b.get(key, _GONE)]
    said += [say("{f} in the record, not read now", "{f} 记录中有，现未读取", f=name) for name in gone]
    said += [say("{f} read now, not in the record", "{f} 现读取，记录中没有", f=name) for name in added]
    return said


def _causes(old: dict, new: dict) -> list[Message]:
    """What moved a rule's status: each reading of the same fact and item, recorded and now, whose op, required
    value (a threshold) or actual value (the dossier's) differs."""
    if not (isinstance(old.get("readings"), list) and isinstance(new.get("readings"), list)
            and all(isinstance(x, dict) for x in old["readings"] + new["readings"])):
        return []
    return [_changed(say("{f} {k}", "{f} {k}", f=name, k=_READING_FIELDS[key]), a.get(key), b.get(key))
            for name, a, b in _paired(old["readings"], new["readings"])[0] for key in ("op", "required", "actual")
            if a.get(key) != b.get(key)]


def _paired(old: list[dict], new: list[dict]) -> tuple[list[tuple[str, dict, dict]], list[str], list[str]]:
    """Two lists of readings paired by fact and item (the first with the first): the pairs, by name, and the
    names of those only recorded and only there now."""
    def named(readings: list[dict]) -> dict[tuple[str, int], dict]:
        seen: dict[str, int] = {}
        out = {}
        for x in readings:
            name = reading_name(x)
            seen[name] = seen.get(name, 0) + 1
            out[name, seen[name]] = x
        return out
    was, now = named(old), named(new)
    return ([(key[0], was[key], x) for key, x in now.items() if key in was],
            [key[0] for key in was if key not in now], [key[0] for key in now if key not in was])


def reading_name(reading: dict) -> str:
    """A reading by its fact, and the degree or project it is about: `projects.amount (某县医院信息系统)`, in
    Chinese `projects.amount（某县医院信息系统）`."""
    item, fact = reading.get("item"), reading.get("fact")
    return Message(f"{fact} ({item})", f"{fact}（{item}）") if item is not None else str(fact)


def _requirements(old: dict, new: dict) -> tuple[str, str] | None:
    """The requirement each of two entries of a rule states, read from its explanation (`Met: REQUIREMENT.
    READINGS. (clause CLAUSE)`, as records write it, in English); None when either cannot be read so."""
    bodies = [_body(rule) for rule in (old, new)]
    if None in bodies:
        return None
    a, b = bodies
    if a == b:
        return a, b
    # The requirement ends at a ". "; a requirement may hold one: the split that leaves the same readings
    # on both sides is the one (the longest such), else the first of each.
    for i in _stops(a):
        if a[i:] in (b[j:] for j in _stops(b)):
            return a[:i], b[:len(b) - len(a) + i]
    stops = [next(iter(_stops(text)), len(text)) for text in (a, b)]
    return a[:stops[0]], b[:stops[1]]


def _body(rule: dict) -> str | None:
    """A rule's explanation without its verdict word and clause: `REQUIREMENT. READINGS`."""
    text, clause = rule.get("explanation"), rule.get("clause")
    head, tail = f"{VERDICT_WORDS['en'].get(rule.get('status'))}: ", f". (clause {clause})"
    if not isinstance(text, str) or not text.startswith(head) or not text.endswith(tail):
        return None
    return text[len(head):len(text) - len(tail)]


def _stops(text: str) -> list[int]:
    """Where a sentence could end in `text`: each ". ", first to last."""
    return [m.start() for m in re.finditer(r"\. ", text)]


_NAME = re.compile(r"(.+)--([0-9a-f]{12})--(\d{4}-\d{2}-\d{2})--(.+)--([0-9a-f]{8})\.json")  # records.record_name
_NAME_PARTS = (Message("applicant", "申报人编号"), Message("dossier sha256", "申报材料 sha256"),
               Message("as of", "截止日期"), Message("ruleset", "标准"), Message("digest", "摘要"))


def name_differences(name: str, expected: str) -> list[Message]:
    """Which parts of a record's name (applicant, dossier sha256, as-of date, ruleset, digest) are not those its
    contents give, each as the name has it and as the contents do."""
    parts = [_NAME.fullmatch(n) for n in (name, expected)]
    if None in parts:
        return []
    return [say("{w}: {a} in its name, {b} in its contents", "{w}：文件名中为 {a}，内容中为 {b}", w=label, a=a, b=b)
            for label, a, b in zip(_NAME_PARTS, parts[0].groups(), parts[1].groups()) if a != b]


def inputs_against_verdict(record: dict) -> list[Message]:
    """Where a record's inputs are not what its own verdict says it was judged by: its as-of date, and its
    ruleset's id, version, effective date and sha256 (each `WHAT recorded as an input, VERDICT'S in its verdict`)."""
    verdict = record.get("verdict") if isinstance(record.get("verdict"), dict) else {}
    ruleset = record.get("ruleset") if isinstance(record.get("ruleset"), dict) else {}
    judged = verdict.get("ruleset") if isinstance(verdict.get("ruleset"), dict) else {}
    pairs = [("as_of", record.get("as_of"), verdict.get("as_of"))]
    pairs += [(f"ruleset.{k}", ruleset.get(k), judged.get(k)) for k in ("id", "version", "effective", "sha256")
              if k in judged and k in ruleset]  # one not in its inputs: said as a field missing (tampered.py)
    return [say("{w} {a} in its inputs, {b} in its verdict", "{w}：输入中为 {a}，判定结果中为 {b}", w=w, a=a, b=b)
            for w, (a, b) in ((w, shown_pair(a, b)) for w, a, b in pairs if a != b)]


_DECISION = FIELDS[1:]  # what a committee decided: a decision file's fields but whom it is about


def decisions_changed(recorded: list[dict], now: list[dict]) -> Message:
    """How an applicant's committee decisions differ, level by level: each field of a decision that changed,
    recorded and now (as shown), or the decisions there were and are; "" when they are the same."""
    was, is_ = _by_level(recorded), _by_level(now)
    parts = []
    for level in sorted(was.keys() | is_.keys(), key=lambda lv: (len(lv), lv)):  # 2 before 10
        a, b = was.get(level, []), is_.get(level, [])
        if len(a) == len(b) == 1:
            parts += [_changed(say("L{n} {k}", "{n}级 {h}（{k}）", n=level, k=k, h=HEADERS[k][0]), a[0].get(k),
                               b[0].get(k)) for k in _DECISION[1:] if str(a[0].get(k)) != str(b[0].get(k))]
        elif sorted(map(_fields, a)) != sorted(map(_fields, b)):
            parts.append(say("L{n} {a} recorded, {b} now", "{n}级 记录为 {a}，现为 {b}", n=level, a=_decided(a),
                             b=_decided(b)))
    return joined(parts, "; ", "；")


def _by_level(decisions: list[dict]) -> dict[str, list[dict]]:
    """Decisions by their level, as text."""
    by_level: dict[str, list[dict]] = {}
    for d in decisions:
        by_level.setdefault(str(d.get("level")), []).append(d)
    return by_level


def _fields(decision: dict) -> tuple[str, ...]:
    return tuple(str(decision.get(k)) for k in _DECISION)


def _decided(decisions: list[dict]) -> Message:
    """The decisions of a level, by their word ("grant", 破格/特批), or "none"."""
    if not decisions:
        return Message("none", "无")
    words = [str(d.get("decision")) for d in decisions]
    return joined([Message(w, DECISIONS[w][0] if w in DECISIONS else w) for w in words], zh="、")
