"""What verify says differs between what a decision record holds and what comes out now."""

from __future__ import annotations

import json
import os
import re

from .overrides import FIELDS


def short(sha: str) -> str:
    """A sha256 as verify shows it: its first 12 digits (followed by …)."""
    return sha[:12]


def status_changes(old: dict, new: dict) -> list[str]:
    """What the verdict says differently: qualified level, target status, level and rule statuses."""
    changes = []
    for key, label in (("applicant_id", "applicant id"), ("as_of", "as of"), ("target_level", "target level"),
                       ("qualified_level", "qualified level"), ("target_status", "target status")):
        if old.get(key) != new.get(key):
            changes.append(f"{label} {old.get(key)} -> {new.get(key)}")
    old_rules = {r["id"]: r["status"] for lv in old.get("levels", []) for r in lv["rules"]}
    old_levels = {lv["level"]: lv["status"] for lv in old.get("levels", [])}
    for lv in new["levels"]:
        if old_levels.get(lv["level"]) != lv["status"]:
            changes.append(f"level {lv['level']} {old_levels.get(lv['level'], 'absent')} -> {lv['status']}")
        for r in lv["rules"]:
            if old_rules.get(r["id"]) != r["status"]:
                changes.append(f"{r['id']} {old_rules.get(r['id'], 'absent')} -> {r['status']}")
    # What the verdict no longer has at all: a level or rule the ruleset dropped (or renamed).
    new_levels = {lv["level"] for lv in new["levels"]}
    new_rules = {r["id"] for lv in new["levels"] for r in lv["rules"]}
    changes += [f"level {n} {status} -> absent" for n, status in old_levels.items() if n not in new_levels]
    changes += [f"{rid} {status} -> absent" for rid, status in old_rules.items() if rid not in new_rules]
    return changes


def files_changed(was: dict, now: dict) -> str:
    """Which edition files were added, removed or changed since a record was written."""
    parts = [f"{name} added" for name in sorted(now.keys() - was.keys())]
    parts += [f"{name} removed" for name in sorted(was.keys() - now.keys())]
    parts += [f"{name} changed" for name in sorted(was.keys() & now.keys()) if was[name] != now[name]]
    return ", ".join(parts)


_SHA256 = re.compile(r"[0-9a-f]{64}")
_WIDTH = 50  # characters of a value shown at most, from a little before where the two values part


def _shown(recorded: object, now: object) -> tuple[str, str]:
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


def _first(recorded: object, now: object, where: str) -> tuple[str, object, object]:
    """The path of the first place two JSON values differ, and their values there."""
    if isinstance(recorded, dict) and isinstance(now, dict):
        for key in list(recorded) + [k for k in now if k not in recorded]:
            if recorded.get(key) != now.get(key):
                return _first(recorded.get(key), now.get(key), f"{where}.{key}" if where else str(key))
    if isinstance(recorded, list) and isinstance(now, list) and len(recorded) == len(now):
        for i, (a, b) in enumerate(zip(recorded, now)):
            if a != b:
                return _first(a, b, f"{where}[{i}]")
    return where, recorded, now


def first_difference(recorded: object, now: object, where: str = "") -> str:
    """The first place two JSON values differ, as `PATH RECORDED recorded, NOW now` (the values as shown)."""
    path, a, b = _first(recorded, now, where)
    return _changed(path or "facts", a, b)


def _changed(what: str, recorded: object, now: object) -> str:
    """`WHAT RECORDED recorded, NOW now`, the values as shown."""
    a, b = _shown(recorded, now)
    return f"{what} {a} recorded, {b} now"


_IN_RULE = re.compile(r"verdict\.levels\[(\d+)\]\.(rules|gaps)\[(\d+)\](\.explanation$)?")


def verdict_difference(old: dict, new: dict) -> str:
    """What differs between two verdicts whose statuses are the same: the explanations, naming the rules
    whose explanation differs, when an explanation is the first thing that differs; else the first field
    that differs, by its path in the record (and the rule it is in). The verdict's ruleset sha256 changes
    with the ruleset's bytes, which verify says first: it is named only when nothing else differs."""
    if isinstance(old.get("ruleset"), dict) and isinstance(new.get("ruleset"), dict):
        rest = {**old, "ruleset": {**old["ruleset"], "sha256": new["ruleset"].get("sha256")}}
        old = rest if rest != new else old
    path, _, _ = _first(old, new, "verdict")
    in_rule = _IN_RULE.match(path)
    if in_rule and in_rule[4]:
        was = {r.get("id"): r.get("explanation") for lv in old["levels"] for r in lv["rules"]}
        ids = [r["id"] for lv in new["levels"] for r in lv["rules"] if was.get(r["id"]) != r["explanation"]]
        return "the explanations differ (" + ", ".join(ids[:3]) + (f" and {len(ids) - 3} more)" if ids[3:] else ")")
    said = first_difference(old, new, "verdict")
    if in_rule:
        entry = new["levels"][int(in_rule[1])][in_rule[2]][int(in_rule[3])]
        said += f" ({entry.get('id') if in_rule[2] == 'rules' else entry.get('rule')})"
    return said


_DECISION = FIELDS[1:]  # what a committee decided: a decision file's fields but whom it is about


def decisions_changed(recorded: list[dict], now: list[dict]) -> str:
    """How an applicant's committee decisions differ, level by level: each field of a decision that changed,
    recorded and now (as shown), or the decisions there were and are; "" when they are the same."""
    was, is_ = _by_level(recorded), _by_level(now)
    parts = []
    for level in sorted(was.keys() | is_.keys(), key=lambda lv: (len(lv), lv)):  # 2 before 10
        a, b = was.get(level, []), is_.get(level, [])
        if len(a) == len(b) == 1:
            parts += [_changed(f"L{level} {k}", a[0].get(k), b[0].get(k)) for k in _DECISION[1:]
                      if str(a[0].get(k)) != str(b[0].get(k))]
        elif sorted(map(_fields, a)) != sorted(map(_fields, b)):
            parts.append(f"L{level} {_decided(a)} recorded, {_decided(b)} now")
    return "; ".join(parts)


def _by_level(decisions: list[dict]) -> dict[str, list[dict]]:
    """Decisions by their level, as text."""
    by_level: dict[str, list[dict]] = {}
    for d in decisions:
        by_level.setdefault(str(d.get("level")), []).append(d)
    return by_level


def _fields(decision: dict) -> tuple[str, ...]:
    return tuple(str(decision.get(k)) for k in _DECISION)


def _decided(decisions: list[dict]) -> str:
    """The decisions of a level, by their word ("grant"), or "none"."""
    return ", ".join(str(d.get("decision")) for d in decisions) or "none"
