"""certify lint: a ruleset's mistakes found before they become verdicts.

Findings have a severity: `error` (the ruleset cannot be loaded: a schema error,
an unknown fact or value, with its line and a did-you-mean), `warning` (it loads,
but something is almost certainly not what the author meant: a condition that
can never hold or always holds, a duplicate alternative, a ladder that is not
monotone, a requirement a higher level drops) and `info` (a fact no rule reads).

Monotone ladders (a higher level accepting what a lower one rejects) are found by
ladders.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, SequenceNode

from .dossier import DEGREE_ORDER
from .errors import RulesetError, did_you_mean
from .explain import amount_text, months_text
from .facts import FACTS
from .ladders import families, not_monotone
from .logic import leaves_of
from .rulebook import ITEM_WORDS, Comparison, canonical, condition_text
from .operands import collections, normalized_operand, resolve_fact
from .ruleset import All, Leaf, Ruleset, Some, parse_ruleset
from .yamltext import StrictLoader, load_yaml

SEVERITIES = ("error", "warning", "info")
# Facts no comparison can test (dates, references): that no rule reads them is no news.
_COMPARABLE = ("months", "amount", "degree", "choice", "set")
_LOADER = StrictLoader


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing lint found: severity, file, line, the rule or field it is about, and the message."""

    severity: str
    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place} {self.severity} {self.where}: {self.message}"


class _Lines:
    """The line of each node of a YAML text, by field path (`levels[0].rules[1].when`)."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError:
            node = None
        if node is not None:
            self._walk(node, "")

    def _walk(self, node, path: str) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                self.lines.setdefault(sub, key.start_mark.line + 1)
                self._walk(value, sub)
        elif isinstance(node, SequenceNode):
            for i, value in enumerate(node.value):
                self.lines[f"{path}[{i}]"] = value.start_mark.line + 1
                self._walk(value, f"{path}[{i}]")

    def line(self, path: str | None) -> int | None:
        """The line of `path`, or of its nearest ancestor found."""
        while path:
            if path in self.lines:
                return self.lines[path]
            shorter = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
            if shorter == path:
                break
            path = shorter
        return None


class _Linter:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = _Lines(text)
        self.findings: list[Finding] = []
        self.read: set[str] = set()

    def add(self, severity: str, path: str | None, where: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(severity, self.source, line or self.lines.line(path), where, message))

    def error(self, e: RulesetError, where: str | None) -> None:
        hint = f" (did you mean '{e.hint}'?)" if e.hint else ""
        self.add("error", e.path, where or e.path or "ruleset", e.message + hint, e.line)

    # ---- conditions ----

    def walk(self, cond, subject: str, path: str, rid: str):
        """The condition's normal form (None when part of it is in error), reporting what is wrong."""
        if isinstance(cond, Leaf):
            return self.leaf(cond, subject, path, rid)
        if isinstance(cond, Some):
            if subject != "applicant":
                self.error(RulesetError("'some' cannot be nested inside another 'some'", path=path), rid)
                return None
            if cond.some not in collections():
                self.error(RulesetError(f"unknown collection '{cond.some}' (one of: {', '.join(collections())})",
                                        path=path, hint=did_you_mean(cond.some, collections())), rid)
                return None
            where = self.walk(cond.where, cond.some, path + ".where", rid)
            return None if where is None else ("some", cond.some, where)
        kind = "all" if isinstance(cond, All) else "any"
        parts = [self.walk(p, subject, f"{path}.{kind}[{i}]", rid) for i, p in enumerate(getattr(cond, kind))]
        if any(p is None for p in parts):
            return None
        seen: dict = {}
        for i, p in enumerate(parts):
            key = canonical(p)
            if key in seen:
                what = "duplicate alternative" if kind == "any" else "repeated condition"
                self.add("warning", f"{path}.{kind}[{i}]", rid,
                         f"{what}: {kind}[{i}] is the same as {kind}[{seen[key]}] ({_text(p)})")
            seen.setdefault(key, i)
        if kind == "all":
            self.contradictions(parts, f"{path}.all", rid)
        return (kind, tuple(parts))

    def leaf(self, cond: Leaf, subject: str, path: str, rid: str):
        try:
            spec = resolve_fact(cond.fact, subject, path)
            operand = normalized_operand(cond, spec, path)
            if cond.evidence is not None:
                resolve_fact(cond.evidence, subject, path + ".evidence")
        except RulesetError as e:
            self.error(e, rid)
            return None
        c = Comparison(subject, cond.fact, cond.op, operand, cond.evidence)
        self.read.add(f"{subject}.{cond.fact}")
        if cond.evidence:
            self.read.add(f"{subject}.{cond.evidence}")
        lowest = {"months": 0, "amount": Decimal(0), "degree": DEGREE_ORDER[0]}.get(spec.kind)
        if c.op == "at_least" and operand == lowest:
            self.add("warning", path, rid, f"always holds whenever the dossier gives {spec.en}: {_text(c)}")
        elif c.op == "in" and not operand:
            self.add("warning", path, rid, f"can never hold: 'in' lists no values of {spec.en}")
        elif c.op == "contains_all" and not operand:
            self.add("warning", path, rid,
                     f"always holds whenever the dossier gives {spec.en}: 'contains_all' lists no values")
        return c

    def contradictions(self, parts, path: str, rid: str) -> None:
        """An `all` whose equals/in comparisons of one fact admit no common value can never hold."""
        by_fact: dict[str, list[Comparison]] = {}
        for p in parts:
            if isinstance(p, Comparison) and p.op in ("equals", "in"):
                by_fact.setdefault(p.fact, []).append(p)
        for fact, cs in by_fact.items():
            sets = [{c.operand} if c.op == "equals" else set(c.operand) for c in cs]
            if len(cs) > 1 and all(sets) and not set.intersection(*sets):
                item = ITEM_WORDS.get(cs[0].subject, ("", "applicant"))[1]
                self.add("warning", path, rid, f"can never hold: {' AND '.join(_text(c) for c in cs)} "
                                               f"cannot both be true of one {item}")

    # ---- the ruleset ----

    def lint(self, ruleset: Ruleset) -> None:
        rules = []
        named: dict[tuple[str, str], int] = {}  # (language, a level's name, case and spacing aside) -> its first level
        for li, level in enumerate(ruleset.levels):
            for lang in ("zh", "en"):
                first = named.setdefault((lang, " ".join(level.name(lang).split()).casefold()), level.level)
                if first != level.level:
                    self.add("warning", f"levels[{li}].name.{lang}", f"level {level.level}",
                             f"its name {level.name(lang)!r} is level {first}'s too: tables, explanations and "
                             "notices name a level by it")
            for ri, rule in enumerate(level.rules):
                path = f"levels[{li}].rules[{ri}]"
                prefix = re.match(r"L(\d+)\.", rule.id)
                if prefix and int(prefix.group(1)) != level.level:
                    self.add("warning", path + ".id", rule.id,
                             f"its id names level {prefix.group(1)} (L{prefix.group(1)}.), but it is a rule of "
                             f"level {level.level}: copied from another level and not renamed?")
                node = self.walk(rule.when, "applicant", path + ".when", rule.id)
                if node is not None:
                    rules.append((level.level, rule, node, path))
                    self.words(rule, node, path)
        if any(f.severity == "error" for f in self.findings):
            return
        for key, spec in FACTS.items():
            if spec.kind in _COMPARABLE and key not in self.read:
                self.add("info", None, key, f"no rule reads this fact ({spec.en})")
        for name, family in families(rules).items():
            self.monotone(family)
            self.dropped(name, family, ruleset.top)

    def words(self, rule, node, path: str) -> None:
        """A warning when a rule's requirement, in either language, does not state a threshold its condition
        applies (8 years in the words, 4 in the condition): every explanation starts with those words."""
        for c in leaves_of(node):
            kind = FACTS[f"{c.subject}.{c.fact}"].kind
            if c.op != "at_least" or kind not in ("months", "amount"):
                continue
            ways = _ways_to_say(c.operand, kind)
            for lang in ("en", "zh"):
                if not ways.search(rule.requirement(lang)):
                    said = (months_text(c.operand, lang) if kind == "months"
                            else amount_text(c.operand, lang).removeprefix("CNY ").removesuffix("元"))
                    self.add("warning", path + f".requirement.{lang}", rule.id,
                             f"the requirement ({lang}) does not say {said}, which its condition requires: "
                             f"explanations would state another requirement than the one applied")

    def dropped(self, name: str, family: list, top: int) -> None:
        """A warning when a requirement two or more levels have is missing from a level above the first:
        that level then asks less than the one below it (a rule deleted by mistake, most likely)."""
        have = sorted({n for n, *_ in family})
        lacking = [n for n in range(have[0] + 1, top + 1) if n not in have]
        if len(have) >= 2 and lacking:
            below = max(n for n in have if n < lacking[0])
            self.add("warning", family[-1][3], family[-1][1].id,
                     f"level {lacking[0]} has no '{name}' rule, which levels {', '.join(map(str, have))} have: "
                     f"it asks less than level {below} (a rule deleted by mistake?)")

    def monotone(self, family: list) -> None:
        """One warning when a higher level's rule passes a case a lower level's rule of the family fails."""
        found = not_monotone(family)
        if found is not None:
            self.add(*found)


def _text(node) -> str:
    return condition_text(node, "en")


def _ways_to_say(value, kind: str) -> re.Pattern:
    """How words may state a threshold, as a number of its own (13 years or 3 years 6 months do not say
    3 years; 1100万 does not say 100万): 36 months, 3 years, 3-year, 3年, 36个月, 1.5年; 1,000,000,
    1000000, 100万, 1亿."""
    if kind == "months":
        forms = {months_text(value, "en"), months_text(value, "zh"), f"{value} months", f"{value}个月"}
        years = f"{Decimal(value) / 12:f}".rstrip("0").rstrip(".")
        forms |= {f"{years} years", f"{years} year", f"{years}-year", f"{years}年"}
    else:
        amount = Decimal(value)
        forms = {f"{amount:,f}", f"{amount:f}"} | {f"{(amount / unit).normalize():f}{word}"
                                                   for unit, word in ((10 ** 4, "万"), (10 ** 8, "亿"))
                                                   if amount >= unit}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?!\s*\d|\.\d|,\d|[A-Za-z])")


def _rule_id(data, path: str | None) -> str | None:
    """The id of the rule at `path` (levels[i].rules[j]...) in raw YAML data, if it has one."""
    m = re.match(r"levels\[(\d+)\]\.rules\[(\d+)\]", path or "")
    try:
        rid = data["levels"][int(m.group(1))]["rules"][int(m.group(2))]["id"]
    except (AttributeError, LookupError, TypeError, ValueError):
        return None
    return rid if isinstance(rid, str) else None


def lint_text(text: str, source: str) -> list[Finding]:
    """Every finding for a ruleset's YAML text, in line order; `source` names it in each finding."""
    linter = _Linter(text, source)
    failed = None
    try:
        ruleset = parse_ruleset(text, source)
    except RulesetError as e:
        failed = e
        try:  # the schema holds and only facts are wrong: lint walks every rule and reports each one
            data = load_yaml(text, _LOADER)
            ruleset = Ruleset.model_validate(data)
        except yaml.YAMLError:
            linter.error(e, None)
            return linter.findings
        except ValidationError:
            rid = _rule_id(data, e.path)
            if rid:  # name the rule, and keep the field inside it
                rest = re.sub(r"^levels\[\d+\]\.rules\[\d+\]\.?", "", e.path)
                e = RulesetError(f"{rest}: {e.message}" if rest else e.message, path=e.path, line=e.line,
                                 hint=e.hint)
            linter.error(e, rid)
            return linter.findings
    linter.lint(ruleset)
    if failed is not None and not any(f.severity == "error" for f in linter.findings):
        linter.error(failed, None)  # pragma: no cover - the walk reports whatever parse_ruleset does
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(linter.findings, key=lambda f: (f.line is None, f.line or 0, order[f.severity]))


def lint_path(path: str | Path) -> list[Finding]:
    """Findings for a ruleset file, or for every file of a folder of editions and the folder itself."""
    from .editions import check_editions, edition_files
    from .ruleset import load_ruleset

    path = Path(path)
    files = edition_files(path) if path.is_dir() else [path]
    findings: list[Finding] = []
    for f in files:
        try:
            text = f.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
            findings.append(Finding("error", str(f), None, "ruleset", f"cannot read the ruleset: {reason}"))
            continue
        findings += lint_text(text, str(f))
    if path.is_dir():
        if not files:
            findings.append(Finding("error", str(path), None, "editions",
                                    "no ruleset files (.yaml, .yml) in this folder"))
        elif not any(f.severity == "error" for f in findings):
            try:
                check_editions([load_ruleset(f) for f in files], str(path))
            except RulesetError as e:
                findings.append(Finding("error", e.file or str(path), None, "editions", e.detail()))
    return findings
