"""Decision records: one JSON file per verdict, enough to reproduce it, and verifying them later.

A record holds the verdict (results-v1, in English), the dossier's computed facts,
the sha256 of the dossier's and the ruleset's bytes, the as-of date, the options that
shaped it and the versions of certify, durable-rules and Python. `verify_record`
re-evaluates the recorded dossier with the recorded ruleset and says whether the
same verdict comes out, and if not, why. The format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from . import __version__
from .atomic import atomic_write
from .check import evaluate
from .engine import Engine, engine_version
from .errors import CertifyError, UsageError
from .facts import UNKNOWN, Facts
from .load import load_dossier
from .report import result_record
from .ruleset import BUNDLED, LoadedRuleset, load_ruleset
from .verdict import Verdict

FORMAT = "certify-decision-record/1"
REPRODUCED, DIFFERS, CANNOT = "reproduced", "differs", "cannot verify"


def sha256_of(path: str | Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def json_safe(value):
    """A fact's value as JSON: unknown is null, sets sorted lists, Decimals exact, dates ISO."""
    if value is UNKNOWN:
        return None
    if isinstance(value, (set, frozenset)):
        return sorted(json_safe(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def facts_record(facts: Facts) -> dict:
    """All of a dossier's computed facts: the applicant's, and each degree's and project's."""
    out = {"as_of": facts.as_of.isoformat(), "applicant": json_safe(facts.applicant)}
    for name, items in facts.collections.items():
        out[name] = None if items is UNKNOWN else [{"label": it.label, "facts": json_safe(it.values)}
                                                   for it in items]
    return out


def versions() -> dict[str, str]:
    """The versions that decide: certify, durable-rules and Python."""
    return {"certify": __version__, "durable_rules": engine_version(), "python": platform.python_version()}


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


def record_name(record: dict) -> str:
    """A name no other decision shares: applicant, dossier, as-of date, ruleset, and a digest of all inputs.

    The digest covers everything that went into the decision (the dossier's path and bytes, the
    ruleset's, the date, the options, the versions, the overrides), so two runs share a name only
    when they had the same inputs, and then they must have the same verdict.
    """
    v = record["verdict"]
    inputs = json.dumps({k: record[k] for k in INPUTS}, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:8]
    return (f"{_safe(v['applicant_id'])}--{record['dossier']['sha256'][:12]}--{v['as_of']}"
            f"--{_safe(record['ruleset']['id'], 40)}--{digest}.json")


def make_record(verdict: Verdict, loaded: LoadedRuleset, *, options: dict, now: datetime | None = None) -> dict:
    """The decision record of one verdict (its dossier file is hashed now)."""
    computed = result_record(verdict, "en")
    computed.pop("overrides", None)  # kept apart below: a committee decision is not the computed verdict
    path = Path(verdict.file)
    return {
        "format": FORMAT,
        "made_at": (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verdict": computed,
        "facts": facts_record(verdict.facts),
        "dossier": {"path": verdict.file, "resolved": str(path.resolve()), "sha256": sha256_of(path)},
        "ruleset": ruleset_source(loaded),
        "as_of": verdict.as_of.isoformat(),
        "options": {"as_of": options.get("as_of"), "as_of_given": options.get("as_of") is not None,
                    "level": options.get("level"), "overrides": options.get("overrides"),
                    "forecast": getattr(verdict, "forecast", None) is not None},
        "versions": versions(),
        "overrides": [o.as_record() for o in verdict.overrides],
    }


def _same(a: dict, b: dict) -> bool:
    """Two records say the same thing: everything but when they were made is equal."""
    return {k: v for k, v in a.items() if k != "made_at"} == {k: v for k, v in b.items() if k != "made_at"}


class Recorder:
    """Writes one decision record per verdict into a folder, atomically, never replacing another."""

    def __init__(self, folder: str | Path, rulesets: Iterable[LoadedRuleset], *, as_of: date | None = None,
                 level: int | None = None, overrides: str | None = None) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(f"--record {folder}: not a folder")
        self.rulesets = {r.sha256: r for r in rulesets}
        self.options = {"as_of": as_of.isoformat() if as_of else None, "level": level, "overrides": overrides}
        self.written = self.unchanged = 0
        self.errors: list[CertifyError] = []

    def add(self, result) -> Path | None:
        """Record a verdict (a Failure has none); a clash with a different record is kept in `errors`."""
        if not isinstance(result, Verdict):
            return None
        loaded = self.rulesets.get(result.ruleset["sha256"])
        if loaded is None:
            self.errors.append(CertifyError("no decision record: the verdict's ruleset is not one the recorder "
                                            "was given", file=result.file))
            return None
        path = self.folder
        try:
            record = make_record(result, loaded, options=self.options)
            path = self.folder / record_name(record)
            text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
            if path.exists():
                existing = _read_json(path)
                if isinstance(existing, dict) and _same(existing, json.loads(text)):
                    self.unchanged += 1
                    return path
                raise CertifyError(f"decision record {path} already exists with different content (not replaced)",
                                   file=result.file)
            with atomic_write(path) as out:
                out.write(text)
        except CertifyError as e:
            self.errors.append(e)
            return None
        except OSError as e:
            self.errors.append(CertifyError(f"cannot write decision record {path}: {e.strerror}", file=result.file))
            return None
        self.written += 1
        return path

    def summary(self) -> str:
        """One line: how many records were written, already there, or refused."""
        return (f"decision records in {self.folder}: {self.written} written, {self.unchanged} already there, "
                f"{len(self.errors)} refused")


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


# ---- verifying ----


@dataclass(frozen=True, slots=True)
class Check:
    """What verifying one record found: reproduced, differs or cannot verify, and why."""

    file: str
    status: str
    why: str = ""

    def line(self) -> str:
        return f"{self.file}: {self.status}" + (f": {self.why}" if self.why else "")


def find_records(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Record files: files as named, folders searched recursively for .json files, sorted."""
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file or folder: {p}")
    for p in paths:
        if p.is_dir():
            yield from sorted((f for f in p.rglob("*.json") if not f.name.startswith(".")),
                              key=lambda f: f.relative_to(p).as_posix())
        else:
            yield p


def _short(sha: str) -> str:
    return sha[:12]


def _status_changes(old: dict, new: dict) -> list[str]:
    """What the verdict says differently: qualified level, target status, level and rule statuses."""
    changes = []
    for key, label in (("qualified_level", "qualified level"), ("target_status", "target status")):
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
    return changes


def _dossier_path(dossier: dict) -> Path | None:
    for candidate in (dossier.get("resolved"), dossier.get("path")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _ruleset_path(ruleset: dict) -> Path | None:
    if ruleset.get("bundled"):
        path = BUNDLED / ruleset["path"]
        return path if path.is_file() else None
    return _dossier_path(ruleset)


_NEEDED = ("verdict", "dossier", "ruleset", "as_of", "options", "versions")


def _engine_of(versions_: dict) -> tuple:
    return versions_.get("certify"), versions_.get("durable_rules")


class Verifier:
    """Re-evaluates recorded decisions; engines are shared between records of one ruleset."""

    def __init__(self) -> None:
        self._engines: dict[str, Engine] = {}

    def _engine(self, path: Path) -> Engine:
        loaded = load_ruleset(path)
        if loaded.sha256 not in self._engines:
            self._engines[loaded.sha256] = Engine(loaded)
        return self._engines[loaded.sha256]

    def verify(self, path: str | Path) -> Check:
        """Whether the decision recorded in `path` comes out the same today, and if not, why."""
        file = str(path)
        record = _read_json(Path(path))
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            return Check(file, CANNOT, "not a decision record")
        missing = [k for k in _NEEDED if k not in record]
        if missing:
            return Check(file, CANNOT, f"not a decision record (no '{missing[0]}')")
        dossier, ruleset, old = record["dossier"], record["ruleset"], record["verdict"]
        dossier_path, ruleset_path = _dossier_path(dossier), _ruleset_path(ruleset)
        if dossier_path is None:
            return Check(file, CANNOT, f"dossier not found ({dossier['path']})")
        if ruleset_path is None:
            return Check(file, CANNOT, f"ruleset not found ({ruleset['path']})")
        try:
            engine = self._engine(ruleset_path)
            verdict = evaluate(engine, load_dossier(dossier_path), file=dossier["path"],
                               as_of=date.fromisoformat(record["as_of"]), level=record["options"]["level"],
                               forecast=record["options"].get("forecast", False))
            new = result_record(verdict, "en")
            new.pop("overrides", None)
            changes = _status_changes(old, new)
            outcome = ("the verdict changed: " + ", ".join(changes) if changes
                       else "the verdict is the same" if new == old
                       else "the statuses are the same, the explanations differ")
        except CertifyError as e:
            new, outcome = None, f"it can no longer be evaluated: {e.detail()}"
        now_dossier, now_ruleset = sha256_of(dossier_path), sha256_of(ruleset_path)
        if now_dossier != dossier["sha256"]:
            why = (f"the dossier changed ({dossier['path']}: sha256 {_short(dossier['sha256'])}… recorded, "
                   f"{_short(now_dossier)}… now)")
        elif now_ruleset != ruleset["sha256"]:
            why = (f"the ruleset changed ({ruleset['id']} {ruleset['version']} {ruleset['path']}: sha256 "
                   f"{_short(ruleset['sha256'])}… recorded, {_short(now_ruleset)}… now)")
        elif _engine_of(record["versions"]) != _engine_of(versions()):
            was, now = _engine_of(record["versions"]), _engine_of(versions())
            why = (f"the engine changed (certify {was[0]}, durable-rules {was[1]} recorded; "
                   f"certify {now[0]}, durable-rules {now[1]} now)")
        elif new == old:
            return Check(file, REPRODUCED)
        else:
            return Check(file, DIFFERS, outcome)
        return Check(file, DIFFERS, f"{why}; {outcome}")


def exit_status(checks: Iterable[Check]) -> int:
    """2 if some record cannot be verified, 1 if some differs, 0 if all were reproduced."""
    statuses = {c.status for c in checks}
    return 2 if CANNOT in statuses else 1 if DIFFERS in statuses else 0
