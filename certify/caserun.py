"""A ruleset's test cases run: each case evaluated with the engine and compared with what it expects, and what
differs said (a rule's outcome, a level's status, the qualified level, with the facts a rule read). The case file
itself is read by casefile.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import Node

from .casefile import Case, CasefileError, load_casefile
from .check import evaluate
from .dossier import dossier_from_data
from .engine import Engine
from .errors import CertifyError, Message, in_language, joined, say
from .explain import (COLLECTION_WORDS, STATUS_WORDS, VALUE_WORDS, item_text, no_level, paren, reading_text,
                      value_text, values_text)
from .facts import FACTS, UNKNOWN
from .results import reading_record
from .rulebook import ITEM_WORDS
from .shorthand import facts_from_data, said
from .verdict import Verdict, verdict_of
from .yamltext import line_at


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
