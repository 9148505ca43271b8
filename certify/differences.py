"""What verify says differs between what a decision record holds and what comes out now."""

from __future__ import annotations

import json


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


def first_difference(recorded: object, now: object, where: str = "") -> str:
    """The first place two JSON values differ, as `path: recorded -> now`."""
    if isinstance(recorded, dict) and isinstance(now, dict):
        for key in list(recorded) + [k for k in now if k not in recorded]:
            if recorded.get(key) != now.get(key):
                return first_difference(recorded.get(key), now.get(key), f"{where}.{key}" if where else str(key))
    if isinstance(recorded, list) and isinstance(now, list) and len(recorded) == len(now):
        for i, (a, b) in enumerate(zip(recorded, now)):
            if a != b:
                return first_difference(a, b, f"{where}[{i}]")
    return f"{where or 'facts'} {json.dumps(recorded, ensure_ascii=False)} recorded, {json.dumps(now, ensure_ascii=False)} now"
