"""Test cases for a ruleset, written beside it: rulesets/NAME.tests.yaml for rulesets/NAME.yaml.

Each case gives a dossier (dossier-v1 data, inline) or the facts shorthand (the
facts a ruleset reads, given directly), an as-of date, and what must come out:
rules' outcomes, levels' statuses, the qualified level. `run_casefile` evaluates
every case with the engine and says, for a case that fails, which outcome differs
and what the rule read. The format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from yaml.nodes import Node

from .editions import edition_files
from .errors import (NOT_A_FILE, CertifyError, Message, UsageError, did_you_mean, levels_of, no_such_path,
                     not_a_file, say, shown_in)
from .filekinds import CASES, CASES_SUFFIX, another_kind, cases_name, holds_cases, misnamed_cases
from .textfiles import not_utf8, utf8_text
from .rulewords import CASE_FILE, NOT_YAML, cannot_read, unknown_key, validation_said
from .ruleset import DEFAULT_RULESET, LoadedRuleset, load_ruleset
from .values import problem, read_date
from .verdict import STATUSES
from .yamltext import TextDatesLoader, line_at, load_yaml, yaml_problem

SUFFIX = CASES_SUFFIX


class CasefileError(CertifyError):
    """A ruleset's case file cannot be read or does not follow the case format. A case file with several
    problems is one error, its first in the file, with the others in `more`: the line that stops `certify test`
    says each, then counts them."""

    more: tuple = ()

    def said_line(self, lang: str = "en") -> str:
        if not self.more:
            return super().said_line(lang)
        n = len(self.more) + 1
        count = say("{f}: {n} problems: fix them and run again", "{f}：共 {n} 处问题，请改正后再运行", f=self.file, n=n)
        return "\n".join([*(CertifyError.said_line(e, lang) for e in (self, *self.more)),
                          count.zh if shown_in(self.message, lang) == "zh" else count])


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
                raise problem(say("{w}: unknown outcome {s} (one of: pass, fail, review)",
                                  "{w}：未知的结果 {s}（可选：pass、fail、review）", w=where, s=repr(status)))
        if self.qualified_level is None and not self.levels and not self.rules:
            raise problem(Message("expect names nothing: give rules, levels or qualified_level",
                                  "expect 中没有要检查的内容：请写出 rules、levels 或 qualified_level"))
        return self


class Case(BaseModel):
    """One test case: a dossier or facts, an as-of date, and what must come out."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    as_of: Annotated[date, BeforeValidator(read_date)]  # said as a dossier's date is
    level: int | None = Field(default=None, ge=1)
    dossier: dict[str, Any] | None = None
    facts: dict[str, Any] | None = None
    expect: Expect

    @model_validator(mode="after")
    def _one_input(self) -> "Case":
        if (self.dossier is None) == (self.facts is None):
            raise problem(Message("a case needs exactly one of dossier or facts",
                                  "每个测试用例须有且只有 dossier 或 facts 中的一个"))
        return self


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    ruleset: str | None = None  # default: NAME.yaml beside NAME.tests.yaml
    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCases:
    """A case file with its ruleset loaded and each case's line (`node`: the file's YAML tree, for the line of a fact
    or a dossier's field that cannot be read)."""

    path: Path
    loaded: LoadedRuleset
    cases: list[Case]
    lines: list[int | None]
    node: Node | None = None


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
                raise UsageError(say("{p}: no test cases in it (*{s})", "{p}：其中没有测试用例（*{s}）", p=p, s=SUFFIX))
            found += cases
        elif p.name.endswith(SUFFIX) and p.is_file():
            found.append(p)
        elif not p.exists():
            raise no_such_path(p)
        elif not casefile_of(p).is_file() and holds_cases(p):  # acme.test.yaml given: cases, under another name
            raise UsageError(say("{p}: test cases under a name certify test does not look for: name the file {n}",
                                 "{p}：测试用例的文件名不是 certify test 查找的名称：请将文件命名为 {n}", p=p, n=cases_name(p.name)))
        elif not casefile_of(p).is_file():
            near = misnamed_cases(p)  # acme.test.yaml: cases under another name
            raise UsageError(say("{p}: no test cases (write them in {c}{n})", "{p}：没有测试用例（请写在 {c} 中{z}）", p=p,
                                 c=casefile_of(p), n=f"; {near} holds cases: rename it" if near else "",
                                 z=f"；{near} 中有测试用例：请将其改名" if near else ""))
        else:
            cases, named = casefile_of(p), _ruleset_named(casefile_of(p))
            if named is not None and named.resolve() != p.resolve():  # its cases would test another ruleset
                raise UsageError(say("{c} tests {n} (its ruleset key), not {p}: run certify test {c}, or change "
                                     "its ruleset key", "{c} 测试的是 {n}（其 ruleset 键），不是 {p}：请运行 certify "
                                     "test {c}，或修改其 ruleset 键", c=cases, n=named, p=p))
            found.append(cases)
    return found


def untested(paths: Iterable[str | Path]) -> list[Message]:
    """A note for each ruleset file of a folder given (an edition of a folder of editions) that none of the
    folder's case files tests: `certify test FOLDER` runs the case files it finds, and would pass over it unseen."""
    notes = []
    for folder in (Path(p) for p in paths):
        if not folder.is_dir():
            continue
        tested = {(_ruleset_named(c) or ruleset_of(c)).resolve() for c in folder.glob("*" + SUFFIX)}
        notes += [say("note: {r} has no test cases (write them in {c})", "注意：{r} 没有测试用例（请写在 {c} 中）",
                      r=ruleset, c=casefile_of(ruleset))
                  for ruleset in edition_files(folder) if ruleset.resolve() not in tested]
    return notes


def _ruleset_named(casefile: Path) -> Path | None:
    """The ruleset a case file's `ruleset` key names, if it names one (a file that cannot be read is
    load_casefile's to report)."""
    if not_a_file(casefile):  # a pipe: load_casefile says so
        return None
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
    raw = b""
    if not_a_file(path):  # a pipe or a device named as a case file (in a folder, say): said, never waited on
        raise CasefileError(cannot_read(CASE_FILE, NOT_A_FILE), file=file)
    try:
        raw = path.read_bytes()
        text = utf8_text(raw)
        data, node = load_yaml(text, loader), yaml.compose(text, Loader=loader)
    except OSError as e:
        raise CasefileError(cannot_read(CASE_FILE, e.strerror), file=file) from None
    except UnicodeDecodeError as e:
        raise CasefileError(not_utf8(raw, e.start), file=file) from None
    except yaml.YAMLError as e:
        message, line = yaml_problem(e, NOT_YAML, text, frozenset(CaseFile.model_fields))  # ruleset:, cases:
        raise CasefileError(message, file=file, line=line) from None
    if (other := another_kind(data, CASES)) is not None:  # a dossier, a ruleset, the committee's decisions
        raise CasefileError(other, file=file)
    problems: list[CasefileError] = []
    try:
        parsed = CaseFile.model_validate(data)
        named, cases = parsed.ruleset, list(enumerate(parsed.cases))
    except ValidationError as e:
        errors = e.errors()
        problems = [_said(err, node, file) for err in errors if not _follows(err, errors)]
        if any(len(err["loc"]) < 2 or err["loc"][0] != "cases" for err in errors) or not isinstance(data, dict):
            raise _first(problems) from None  # its ruleset or its list of cases cannot be read: the cases are not
        named, bad = data.get("ruleset"), {tuple(err["loc"][:2]) for err in errors}
        cases = [(i, case) for i, raw in enumerate(data["cases"]) if ("cases", i) not in bad
                 and (case := _read_alone(raw)) is not None]  # each case that can be read, checked as every case is
    loaded = load_ruleset(path.parent / named if named else ruleset_of(path))
    problems += _against(loaded.ruleset, cases, node, file)
    if problems:
        raise _first(problems)
    lines = [line_at(node, ("cases", i)) for i, _ in cases]
    return LoadedCases(path, loaded, [case for _, case in cases], lines, node)


def _follows(err: dict, errors: list[dict]) -> bool:
    """A required key said missing beside an unknown key in the same place (expcet beside a missing expect): the
    unknown key says it, once."""
    return err["type"] == "missing" and any(x["type"] == "extra_forbidden" and x["loc"][:-1] == err["loc"][:-1]
                                            for x in errors)


def _said(err: dict, node: Node | None, file: str) -> CasefileError:
    """One validation error of a case file, on its line, with a did-you-mean for a key misspelt."""
    loc, hint, msg = err["loc"], None, validation_said(err, plain=True)
    if err["type"] == "extra_forbidden":
        loc, msg = loc[:-1], unknown_key(loc[-1])
        model = Expect if "expect" in loc else Case if loc else CaseFile
        hint = did_you_mean(str(err["loc"][-1]), model.model_fields)
    where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    line = line_at(node, tuple(err["loc"])) if len(loc) > 1 and loc[0] == "cases" else None
    return CasefileError(msg, file=file, line=line, path=where or None, hint=hint)


def _read_alone(raw: object) -> Case | None:
    try:
        return Case.model_validate(raw)
    except ValidationError:
        return None


def _first(problems: list[CasefileError]) -> CasefileError:
    """The first problem in the file, with the others in its `more`, in line order."""
    first, *more = sorted(problems, key=lambda e: (e.line is None, e.line or 0))
    first.more = tuple(more)
    return first


def _against(ruleset, cases: list[tuple[int, Case]], node: Node | None, file: str) -> list[CasefileError]:
    """What the cases that could be read name that the ruleset does not have, and a name given to two cases:
    each, once (a rule unknown on its first line, naming the others)."""
    ids = [r.id for lv in ruleset.levels for r in lv.rules]
    problems, said = [], set()
    for i, case in cases:
        first = next(j for j, c in cases if c.name == case.name)
        if first != i:  # a failing case is known by its name: two alike could not be told apart
            problems.append(CasefileError(say("the name {n} is given to cases[{f}] too: name each case apart",
                                              "名称 {n} 也用于 cases[{f}]：请为每个测试用例起不同的名称", n=repr(case.name),
                                              f=first), file=file, line=line_at(node, ("cases", i)),
                                          path=f"cases[{i}].name"))
        where = {"file": file, "path": f"cases[{i}].expect"}
        for rule_id in case.expect.rules:
            if rule_id not in ids and rule_id not in said:  # on its line, with the later cases' lines naming it
                said.add(rule_id)  # no did-you-mean the case names too
                also = [str(n) for j, c in cases if j > i and rule_id in c.expect.rules
                        and (n := line_at(node, ("cases", j, "expect", "rules", rule_id)))]
                problems.append(CasefileError(
                    say("unknown rule '{r}' (not in {s}{a})", "未知的规则 '{r}'（{s} 中没有{z}）", r=rule_id, s=ruleset.id,
                        a=f"; named again on line{'s'[:len(also) - 1]} {', '.join(also)}" * bool(also),
                        z=f"；第{'、'.join(also)}行也写了该规则" * bool(also)),
                    hint=near if (near := did_you_mean(rule_id, ids)) not in case.expect.rules else None,
                    **where, line=line_at(node, ("cases", i, "expect", "rules", rule_id))))
        for n, at in [*((n, ("expect", "levels", n)) for n in case.expect.levels),
                      (case.expect.qualified_level or 0, ("expect", "qualified_level")), (case.level or 1, ("level",))]:
            if not 0 <= n <= ruleset.top:  # said where it is written: the expected levels, or the case's
                problems.append(CasefileError(say("level {n} is not a level of {s} ({t})", "级别 {n} 不是 {s} 的级别（{t}）",
                                                  n=n, s=ruleset.id, t=levels_of(ruleset.top)),
                                              **{**where, "path": f"cases[{i}].{at[0]}"},
                                              line=line_at(node, ("cases", i, *at))))
    return problems
