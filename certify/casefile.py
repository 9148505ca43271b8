"""Test cases for a ruleset, written beside it: rulesets/NAME.tests.yaml for rulesets/NAME.yaml.

Each case gives a dossier (dossier-v1 data, inline) or the facts shorthand (the
facts a ruleset reads, given directly), an as-of date, and what must come out:
rules' outcomes, levels' statuses, the qualified level. `run_casefile` evaluates
every case with the engine and says, for a case that fails, which outcome differs
and what the rule read. The format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .check import evaluate
from .dossier import ALIASES, dossier_from_data
from .values import parse_amount
from .engine import Engine
from .errors import CertifyError, UsageError, did_you_mean, no_such_path
from .explain import reading_text
from .facts import FACTS, UNKNOWN, Facts, Item
from .report import reading_record
from .operands import months_value
from .ruleset import DEFAULT_RULESET, LoadedRuleset, load_ruleset
from .verdict import STATUSES, Verdict, verdict_of
from .yamltext import TextDatesLoader, line_at, load_yaml, yaml_problem

SUFFIX = ".tests.yaml"
# Facts whose absence a dossier gives as a known value, not as unknown.
_DEFAULTS = {"mode": "full_time", "designation": None, "designation_ref": None}


class CasefileError(CertifyError):
    """A ruleset's case file cannot be read or does not follow the case format."""


Status = str


class Expect(BaseModel):
    """What a case must produce; anything left out is not checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    qualified_level: int | None = Field(default=None, ge=0)
    levels: dict[int, Status] = {}
    rules: dict[str, Status] = {}

    @model_validator(mode="after")
    def _statuses(self) -> "Expect":
        for where, status in [*self.levels.items(), *self.rules.items()]:
            if status not in STATUSES:
                raise ValueError(f"{where}: unknown outcome {status!r} (one of: pass, fail, review)")
        if self.qualified_level is None and not self.levels and not self.rules:
            raise ValueError("expect names nothing: give rules, levels or qualified_level")
        return self


class Case(BaseModel):
    """One test case: a dossier or facts, an as-of date, and what must come out."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    as_of: date
    level: int | None = Field(default=None, ge=1)
    dossier: dict[str, Any] | None = None
    facts: dict[str, Any] | None = None
    expect: Expect

    @model_validator(mode="after")
    def _one_input(self) -> "Case":
        if (self.dossier is None) == (self.facts is None):
            raise ValueError("a case needs exactly one of dossier or facts")
        return self


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    ruleset: str | None = None  # default: NAME.yaml beside NAME.tests.yaml
    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCases:
    """A case file with its ruleset loaded and each case's line."""

    path: Path
    loaded: LoadedRuleset
    cases: list[Case]
    lines: list[int | None]


def ruleset_of(casefile: Path) -> Path:
    """The ruleset a case file tests by default: NAME.yaml beside NAME.tests.yaml."""
    return casefile.with_name(casefile.name.removesuffix(SUFFIX) + ".yaml")


def casefile_of(ruleset: Path) -> Path:
    """Where a ruleset's cases live: NAME.tests.yaml beside NAME.yaml."""
    return ruleset.with_name(ruleset.name.rsplit(".", 1)[0] + SUFFIX)


def find_casefiles(paths: Iterable[str | Path]) -> list[Path]:
    """Case files for rulesets, case files or folders (the bundled standard's when none is given)."""
    found: list[Path] = []
    for p in [Path(p) for p in paths] or [DEFAULT_RULESET]:
        if p.is_dir():
            cases = sorted(p.glob("*" + SUFFIX))
            if not cases:
                raise UsageError(f"{p}: no test cases in it (*{SUFFIX})")
            found += cases
        elif p.name.endswith(SUFFIX) and p.is_file():
            found.append(p)
        elif not p.exists():
            raise no_such_path(p)
        elif not casefile_of(p).is_file():
            raise UsageError(f"{p}: no test cases (write them in {casefile_of(p)})")
        else:
            cases, named = casefile_of(p), _ruleset_named(casefile_of(p))
            if named is not None and named.resolve() != p.resolve():  # its cases would test another ruleset
                raise UsageError(f"{cases} tests {named} (its ruleset key), not {p}: run certify test {cases}, "
                                 f"or change its ruleset key")
            found.append(cases)
    return found


def _ruleset_named(casefile: Path) -> Path | None:
    """The ruleset a case file's `ruleset` key names, if it names one (a file that cannot be read is
    load_casefile's to report)."""
    try:
        data = load_yaml(casefile.read_text(encoding="utf-8-sig"), TextDatesLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    named = data.get("ruleset") if isinstance(data, dict) else None
    return casefile.parent / named if isinstance(named, str) and named.strip() else None


def load_casefile(path: str | Path) -> LoadedCases:
    """Read and validate a case file and its ruleset; every rule id and level it expects must exist."""
    path, file = Path(path), str(path)
    loader = TextDatesLoader  # dates stay text for validation to read (2025-13-01 is an error, not a crash)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data, node = load_yaml(text, loader), yaml.compose(text, Loader=loader)
    except OSError as e:
        raise CasefileError(f"cannot read the case file: {e.strerror}", file=file) from None
    except UnicodeDecodeError:
        raise CasefileError("not UTF-8 text", file=file) from None
    except yaml.YAMLError as e:
        message, line = yaml_problem(e, "not valid YAML")
        raise CasefileError(message, file=file, line=line) from None
    try:
        parsed = CaseFile.model_validate(data)
    except ValidationError as e:
        errors = e.errors()
        err = errors[0]
        if err["type"] == "missing":  # a required key misspelt: say the misspelt key, on its line, with a hint
            err = next((x for x in errors if x["type"] == "extra_forbidden" and x["loc"][:-1] == err["loc"][:-1]), err)
        loc, hint, msg = err["loc"], None, err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            loc, msg = loc[:-1], f"unknown key '{loc[-1]}'"
            model = Expect if "expect" in loc else Case if loc else CaseFile
            hint = did_you_mean(str(err["loc"][-1]), model.model_fields)
        where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        line = line_at(node, tuple(err["loc"])) if len(loc) > 1 and loc[0] == "cases" else None
        raise CasefileError(msg, file=file, line=line, path=where or None, hint=hint) from None
    loaded = load_ruleset(path.parent / parsed.ruleset if parsed.ruleset else ruleset_of(path))
    ids = [r.id for lv in loaded.ruleset.levels for r in lv.rules]
    lines = [line_at(node, ("cases", i)) for i in range(len(parsed.cases))]
    for i, case in enumerate(parsed.cases):
        first = next(j for j, c in enumerate(parsed.cases) if c.name == case.name)
        if first != i:  # a failing case is known by its name: two alike could not be told apart
            raise CasefileError(f"the name {case.name!r} is given to cases[{first}] too: name each case apart",
                                file=file, line=lines[i], path=f"cases[{i}].name")
        where = {"file": file, "path": f"cases[{i}].expect"}
        for rule_id in case.expect.rules:
            if rule_id not in ids:  # on the line of the rule's own key
                raise CasefileError(f"unknown rule '{rule_id}' (not in {loaded.ruleset.id})",
                                    hint=did_you_mean(rule_id, ids), **where,
                                    line=line_at(node, ("cases", i, "expect", "rules", rule_id)))
        for n, at in [*((n, ("expect", "levels", n)) for n in case.expect.levels),
                      (case.expect.qualified_level or 0, ("expect", "qualified_level")), (case.level or 1, ("level",))]:
            if not 0 <= n <= loaded.ruleset.top:  # said where it is written: the expected levels, or the case's
                raise CasefileError(f"level {n} is not a level of {loaded.ruleset.id} (1-{loaded.ruleset.top})",
                                    **{**where, "path": f"cases[{i}].{at[0]}"}, line=line_at(node, ("cases", i, *at)))
    return LoadedCases(path, loaded, parsed.cases, lines)


# ---- the facts shorthand ----


def _value(spec, v):
    if v is None:
        return UNKNOWN
    kind = spec.kind
    if kind == "months":
        return months_value(v)
    if kind == "amount":
        return parse_amount(v)
    if kind == "date":
        return v if isinstance(v, date) else date.fromisoformat(str(v))
    if kind == "text":
        return str(v)
    if kind == "set" and not isinstance(v, list):  # a lone word would be read letter by letter
        raise ValueError(f"expected a list ([{v}]), got {v!r}")
    names = [v] if kind != "set" else list(v)
    out = []
    for name in names:
        text = str(name)
        for aliases in ALIASES.values():
            text = aliases.get(text, text)
        if text not in spec.choices:
            raise ValueError(f"unknown value {name!r} of {spec.name} (one of: {', '.join(spec.choices)})")
        out.append(text)
    return frozenset(out) if kind == "set" else out[0]


def _values_of(data: dict, subject: str, where: str) -> dict:
    names = [k.split(".", 1)[1] for k in FACTS if k.startswith(subject + ".")]
    values: dict = {}
    for key, v in data.items():
        if key == "name" and subject != "applicant":
            continue
        if key not in names:
            raise ValueError(f"{where}: unknown fact '{key}' (did you mean '{did_you_mean(key, names)}'?)"
                             if did_you_mean(key, names) else f"{where}: unknown fact '{key}' (facts: "
                             f"{', '.join(names)})")
        try:
            values[key] = _value(FACTS[f"{subject}.{key}"], v)
        except ValueError as e:
            raise ValueError(f"{where}.{key}: {e}") from None
    for name in names:
        values.setdefault(name, _DEFAULTS.get(name, UNKNOWN) if subject != "applicant" else UNKNOWN)
    return values


def _label(subject: str, data: dict, values: dict, k: int) -> str:
    if "name" in data:
        return str(data["name"])
    if subject == "education":
        graduated = values.get("graduated")
        return f"{values['degree']} {graduated.isoformat()}" if isinstance(graduated, date) else str(values["degree"])
    return f"{subject} {k + 1}"


def facts_from_data(data: dict, as_of: date) -> Facts:
    """The facts shorthand as Facts: applicant facts by name, collections as lists of item facts."""
    collections = sorted({k.split(".", 1)[0] for k in FACTS} - {"applicant"})
    applicant = {k: v for k, v in data.items() if k not in collections}
    out: dict = {}
    for name in collections:
        items = data.get(name)
        if items is None:
            out[name] = UNKNOWN
            continue
        if not isinstance(items, list):
            raise ValueError(f"facts.{name}: expected a list of items")
        built = []
        for k, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValueError(f"facts.{name}[{k}]: expected a mapping of facts")
            values = _values_of(item, name, f"facts.{name}[{k}]")
            built.append(Item(_label(name, item, values, k), values))
        out[name] = tuple(built)
    return Facts(as_of, _values_of(applicant, "applicant", "facts"), out)


# ---- running ----


@dataclass(frozen=True)
class Mismatch:
    """One expected outcome that did not come out."""

    what: str  # "rule L2.sales_tenure", "level 2", "qualified level"
    expected: object
    actual: object
    readings: tuple = ()  # for a rule: what it read
    detail: str = ""


@dataclass
class CaseResult:
    """A case's verdict and what differs from the expectation."""

    file: Path
    case: Case
    verdict: Verdict | None
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    @property
    def title(self) -> str:
        return f"{self.file.name}: {self.case.name}"

    def diff(self) -> str:
        """The mismatches as a readable diff: expected against actual, and the facts each rule read."""
        lines = []
        for m in self.mismatches:
            lines.append(f"  {m.what}" + (f" ({m.detail})" if m.detail else ""))
            lines.append(f"    - expected  {m.expected}")
            lines.append(f"    + actual    {m.actual}")
            for r in m.readings:
                rec = reading_record(r)
                item = f" [{rec['item']}]" if rec["item"] else ""
                lines.append(f"      {rec['fact']}{item}: actual {_show(rec['actual'])}, required {rec['op']} "
                             f"{_show(rec['required'])} -> {rec['status']}")
                lines.append(f"        ({reading_text(r, 'en')})")
        return "\n".join(lines)


def _show(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def run_case(engine: Engine, case: Case, *, file: Path, index: int = 0, line: int | None = None) -> CaseResult:
    """Evaluate one case and compare the verdict with what the case expects."""
    loaded = engine.loaded
    try:
        if case.facts is not None:
            facts = facts_from_data(case.facts, case.as_of)
            verdict = verdict_of(file=None, applicant_id=case.name, applicant_name=None, as_of=case.as_of,
                                 ruleset=loaded, outcomes=engine.evaluate(facts), target_level=case.level,
                                 facts=facts)
        else:
            verdict = evaluate(engine, dossier_from_data(case.dossier), as_of=case.as_of, level=case.level)
    except CertifyError as e:
        raise CasefileError(e.detail(), file=str(file), line=line,
                            path=f"cases[{index}].{'facts' if case.facts is not None else 'dossier'}") from None
    except ValueError as e:
        raise CasefileError(str(e), file=str(file), line=line, path=f"cases[{index}]") from None
    result = CaseResult(file, case, verdict)
    expect = case.expect
    if expect.qualified_level is not None and expect.qualified_level != verdict.qualified_level:
        result.mismatches.append(Mismatch("qualified level", expect.qualified_level, verdict.qualified_level))
    for n, status in sorted(expect.levels.items()):
        lv = verdict.level(n)
        if lv.status != status:
            rules = ", ".join(f"{o.rule.id} {o.status}" for o in lv.rules)
            result.mismatches.append(Mismatch(f"level {n} {lv.level.name.en}", status, lv.status,
                                              detail=f"its rules: {rules}"))
    outcomes = {o.rule.id: o for lv in verdict.levels for o in lv.rules}
    for rule_id, status in expect.rules.items():
        o = outcomes[rule_id]
        if o.status != status:
            result.mismatches.append(Mismatch(f"rule {rule_id}", status, o.status, o.readings,
                                              detail=f"clause {o.rule.clause}: {o.rule.text}"))
    return result


def run_casefile(path: str | Path) -> Iterator[CaseResult]:
    """Every case of a case file, evaluated against its ruleset."""
    cases = load_casefile(path)
    engine = Engine(cases.loaded)
    for i, (case, line) in enumerate(zip(cases.cases, cases.lines)):
        yield run_case(engine, case, file=cases.path, index=i, line=line)
