"""Test cases for a ruleset, written beside it: rulesets/NAME.tests.yaml for rulesets/NAME.yaml.

Each case gives a dossier (dossier-v1 data, inline) or the facts shorthand (the
facts a ruleset reads, given directly), an as-of date, and what must come out:
rules' outcomes, levels' statuses, the qualified level. `run_casefile` evaluates
every case with the engine and says, for a case that fails, which outcome differs
and what the rule read. The format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from yaml.nodes import Node

from .check import evaluate
from .dossier import dossier_from_data
from .editions import edition_files
from .engine import Engine
from .errors import (NOT_A_FILE, CertifyError, Message, UsageError, did_you_mean, in_language, joined, levels_of,
                     no_such_path, not_a_file, say)
from .filekinds import CASES, CASES_SUFFIX, another_kind, cases_name, holds_cases, misnamed_cases
from .explain import (COLLECTION_WORDS, STATUS_WORDS, VALUE_WORDS, item_text, no_level, paren, reading_text,
                      value_text, values_text)
from .facts import FACTS, UNKNOWN
from .results import reading_record
from .rulebook import ITEM_WORDS
from .textfiles import not_utf8, utf8_text
from .rulewords import CASE_FILE, NOT_YAML, cannot_read, unknown_key, validation_said
from .ruleset import DEFAULT_RULESET, LoadedRuleset, load_ruleset
from .shorthand import facts_from_data, said
from .values import problem, read_date
from .verdict import STATUSES, Verdict, verdict_of
from .yamltext import TextDatesLoader, line_at, load_yaml, yaml_problem

SUFFIX = CASES_SUFFIX


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
    try:
        parsed = CaseFile.model_validate(data)
    except ValidationError as e:
        errors = e.errors()
        err = errors[0]
        if err["type"] == "missing":  # a required key misspelt: say the misspelt key, on its line, with a hint
            err = next((x for x in errors if x["type"] == "extra_forbidden" and x["loc"][:-1] == err["loc"][:-1]), err)
        loc, hint, msg = err["loc"], None, validation_said(err, plain=True)
        if err["type"] == "extra_forbidden":
            loc, msg = loc[:-1], unknown_key(loc[-1])
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
            raise CasefileError(say("the name {n} is given to cases[{f}] too: name each case apart",
                                    "名称 {n} 也用于 cases[{f}]：请为每个测试用例起不同的名称", n=repr(case.name), f=first),
                                file=file, line=lines[i], path=f"cases[{i}].name")
        where = {"file": file, "path": f"cases[{i}].expect"}
        for rule_id in case.expect.rules:
            if rule_id not in ids:  # on its line, with the later cases' lines naming it; no did-you-mean the case names too
                also = [str(n) for j, c in enumerate(parsed.cases) if j > i and rule_id in c.expect.rules
                        and (n := line_at(node, ("cases", j, "expect", "rules", rule_id)))]
                raise CasefileError(say("unknown rule '{r}' (not in {s}{a})", "未知的规则 '{r}'（{s} 中没有{z}）", r=rule_id,
                                        s=loaded.ruleset.id, a=f"; named again on line{'s'[:len(also) - 1]} {', '.join(also)}"
                                        * bool(also), z=f"；第{'、'.join(also)}行也写了该规则" * bool(also)),
                                    hint=near if (near := did_you_mean(rule_id, ids)) not in case.expect.rules else None,
                                    **where, line=line_at(node, ("cases", i, "expect", "rules", rule_id)))
        for n, at in [*((n, ("expect", "levels", n)) for n in case.expect.levels),
                      (case.expect.qualified_level or 0, ("expect", "qualified_level")), (case.level or 1, ("level",))]:
            if not 0 <= n <= loaded.ruleset.top:  # said where it is written: the expected levels, or the case's
                raise CasefileError(say("level {n} is not a level of {s} ({t})", "级别 {n} 不是 {s} 的级别（{t}）",
                                        n=n, s=loaded.ruleset.id, t=levels_of(loaded.ruleset.top)),
                                    **{**where, "path": f"cases[{i}].{at[0]}"}, line=line_at(node, ("cases", i, *at)))
    return LoadedCases(path, loaded, parsed.cases, lines, node)


# ---- running ----


@dataclass(frozen=True)
class Mismatch:
    """One expected outcome that did not come out."""

    what: str  # "rule L2.sales_tenure", "level 2 Account Manager", "qualified level" (each a Message)
    expected: object  # a qualified level, or an outcome (a Message: pass, 符合)
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

    def line(self, lang: str = "en") -> str:
        """The case's line, pass or FAIL and its title; a failing case's diff follows it."""
        title = Message(self.title, f"{self.file.name}：{self.case.name}")
        return in_language(say("pass  {t}", "通过  {t}", t=title) if self.ok else say("FAIL  {t}", "未通过  {t}", t=title),
                           lang)

    def diff(self, lang: str = "en") -> str:
        """The mismatches as a readable diff: expected against actual, and the facts each rule read."""
        zh = lang == "zh"
        lines = []
        for m in self.mismatches:
            detail = paren(in_language(m.detail, lang), lang) if m.detail else ""
            lines.append(f"  {in_language(m.what, lang)}{detail}")
            lines.append(f"    - {'预期' if zh else 'expected'}  {_said(m.expected, lang)}")
            lines.append(f"    + {'实际' if zh else 'actual  '}  {_said(m.actual, lang)}")
            for r in m.readings:
                if zh:
                    lines.append(f"      {_reading_zh(r)}")
                    lines.append(f"        （{reading_text(r, 'zh')}）")
                    continue
                rec = reading_record(r)
                item = f" [{rec['item']}]" if rec["item"] else ""
                lines.append(f"      {rec['fact']}{item}: actual {_show(rec['actual'])}, required {rec['op']} "
                             f"{_show(rec['required'])} -> {rec['status']}")
                lines.append(f"        ({reading_text(r, 'en')})")
        return "\n".join(lines)


def _said(value: object, lang: str) -> str:
    return in_language(value, lang) if isinstance(value, str) else str(value)


def _qualified(level: int) -> object:
    """A qualified level as a case's diff says it: its number; none (0) in Chinese as check and show say it,
    未达到任何级别, since '0' reads as a level numbered 0 (the English stays '0')."""
    return Message(str(level), no_level("zh")) if level == 0 else level


def _status(status: str) -> Message:
    """An outcome as a case's diff says it: pass, fail, review / 符合, 不符合, 待核实."""
    return Message(STATUS_WORDS["en"][status], STATUS_WORDS["zh"][status])


def _reading_zh(r) -> str:
    """A reading's line in a Chinese diff: the fact (its key and its name), the value found and what is
    required, as explanations word them, and the outcome."""
    # A degree given by the facts shorthand without a date is named by its degree alone (bachelor: 本科).
    bare = r.subject == "education" and r.item in VALUE_WORDS
    counted = re.fullmatch(rf"{r.subject} (\d+)", r.item or "")  # an item the shorthand names by its place
    name = (value_text(r.item, "zh") if bare else f"{ITEM_WORDS[r.subject][0]}{counted[1]}"
            if counted and r.subject in ITEM_WORDS else item_text(r.item or "", "zh"))
    item = f"[{name}]" if r.item else ""
    if r.key in FACTS:
        label = FACTS[r.key].zh
        actual, required = values_text(r, "zh")
    else:  # a collection absent or empty
        label = COLLECTION_WORDS.get(r.key, (r.key,))[0]
        actual, required = "" if r.actual is UNKNOWN else f"{r.actual}项", "至少一项"
    return (f"{r.key}（{label}）{item}：实际 {actual or '未提供'}，要求 {required} → "
            f"{STATUS_WORDS['zh'][r.status]}")


def _show(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def run_case(engine: Engine, case: Case, *, file: Path, index: int = 0, line: int | None = None,
             node: Node | None = None) -> CaseResult:
    """Evaluate one case and compare the verdict with what the case expects; a fact or a dossier's field that
    cannot be read is said on its own line where the file's YAML tree `node` is given, else on the case's `line`."""
    loaded = engine.loaded
    given = "facts" if case.facts is not None else "dossier"

    def line_of(loc: tuple | None) -> int | None:
        return line_at(node, ("cases", index, given, *loc)) if node is not None and loc is not None else line
    try:
        if case.facts is not None:
            facts = facts_from_data(case.facts, case.as_of)
            verdict = verdict_of(file=None, applicant_id=case.name, applicant_name=None, as_of=case.as_of,
                                 ruleset=loaded, outcomes=engine.evaluate(facts), target_level=case.level,
                                 facts=facts)
        else:
            verdict = evaluate(engine, dossier_from_data(case.dossier), as_of=case.as_of, level=case.level)
    except CertifyError as e:
        raise CasefileError(e.quoted() if isinstance(e.message, Message) else e.detail(), file=str(file),
                            line=line_of((getattr(e, "locs", None) or [None])[0]), path=f"cases[{index}].{given}") from None
    except ValueError as e:
        raise CasefileError(said(e), file=str(file), line=line_of(getattr(e, "loc", None)),
                            path=f"cases[{index}]") from None
    result = CaseResult(file, case, verdict)
    expect = case.expect
    if expect.qualified_level is not None and expect.qualified_level != verdict.qualified_level:
        result.mismatches.append(Mismatch(Message("qualified level", "认定级别"), _qualified(expect.qualified_level),
                                          _qualified(verdict.qualified_level)))
    for n, status in sorted(expect.levels.items()):
        lv = verdict.level(n)
        if lv.status != status:
            rules = joined((say("{r} {s}", "{r} {s}", r=o.rule.id, s=_status(o.status)) for o in lv.rules), ", ", "，")
            result.mismatches.append(Mismatch(say("level {n} {e}", "{n}级 {z}", n=n, e=lv.level.name.en,
                                                  z=lv.level.name.zh), _status(status), _status(lv.status),
                                              detail=say("its rules: {r}", "其规则：{r}", r=rules)))
    outcomes = {o.rule.id: o for lv in verdict.levels for o in lv.rules}
    for rule_id, status in expect.rules.items():
        o = outcomes[rule_id]
        if o.status != status:
            result.mismatches.append(Mismatch(say("rule {r}", "规则 {r}", r=rule_id), _status(status),
                                              _status(o.status), o.readings,
                                              detail=say("clause {c}: {t}", "条款 {c}：{t}", c=o.rule.clause,
                                                         t=o.rule.text)))
    return result


def run_casefile(path: str | Path) -> Iterator[CaseResult]:
    """Every case of a case file, evaluated against its ruleset."""
    cases = load_casefile(path)
    engine = Engine(cases.loaded)
    for i, (case, line) in enumerate(zip(cases.cases, cases.lines)):
        yield run_case(engine, case, file=cases.path, index=i, line=line, node=cases.node)


def cases_summary(passed: int, failed: int, lang: str = "en") -> str:
    """The line for standard error: how many cases ran, passed and failed."""
    n = passed + failed
    return in_language(say("{n} case{s}: {p} passed, {f} failed", "共 {n} 个测试用例：{p} 个通过，{f} 个未通过", n=n,
                           s="s" if n != 1 else "", p=passed, f=failed), lang)
