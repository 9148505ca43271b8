"""certify lint: a ruleset's mistakes found before they become verdicts.

Findings have a severity: `error` (the ruleset cannot be loaded: a schema error,
an unknown fact or value, with its line and a did-you-mean), `warning` (it loads,
but something is almost certainly not what the author meant: a condition that
can never hold or always holds, a duplicate alternative, a ladder that is not
monotone, a requirement a higher level drops) and `info` (a fact no rule reads).

Monotone ladders. Rules whose ids share the part after the level prefix form a
family (`L2.project`, `L3.project`, `L4.project`). For every pair of levels j < k
of a family, lint looks for a case the level-k rule passes and the level-j rule
fails: it builds witness facts from the family's own thresholds and values (one
value in each band between thresholds, every choice, every stage set that lacks
one required stage, evidence given or not, one item per collection) and evaluates
both rules on each. A family gets one warning, on its highest rule that has such
a case, naming the lowest level that rejects it and the witness.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, SequenceNode

from .dossier import DEGREE_ORDER
from .errors import RulesetError, did_you_mean
from .explain import amount_text, months_text, value_text
from .facts import FACTS
from .logic import leaves_of
from .rulebook import ITEM_WORDS, Comparison, canonical, condition_text
from .ruleset import All, Leaf, Ruleset, Some, collections, normalized_operand, parse_ruleset, resolve_fact
from .verdict import FAIL, PASS, REVIEW, level_status
from .yamltext import StrictLoader, load_yaml

SEVERITIES = ("error", "warning", "info")
# Facts that facts.py may give as a known "none": a project nobody designated.
_NULLABLE = {"projects.designation"}
# Facts no comparison can test (dates, references): that no rule reads them is no news.
_COMPARABLE = ("months", "amount", "degree", "choice", "set")
MAX_WITNESSES = 20_000
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
        for li, level in enumerate(ruleset.levels):
            for ri, rule in enumerate(level.rules):
                path = f"levels[{li}].rules[{ri}]"
                node = self.walk(rule.when, "applicant", path + ".when", rule.id)
                if node is not None:
                    rules.append((level.level, rule, node, path))
        if any(f.severity == "error" for f in self.findings):
            return
        for key, spec in FACTS.items():
            if spec.kind in _COMPARABLE and key not in self.read:
                self.add("info", None, key, f"no rule reads this fact ({spec.en})")
        for name, family in _families(rules).items():
            self.monotone(family)
            self.dropped(name, family, ruleset.top)

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
        levels = sorted({n for n, *_ in family})
        if len(levels) < 2:
            return
        nodes = {n: [node for m, _, node, _ in family if m == n] for n in levels}
        space = _witnesses([node for _, _, node, _ in family])
        if space is None:
            first = family[-1]
            self.add("info", first[3], first[1].id, "not checked for monotone levels: too many combinations")
            return
        found: dict[tuple[int, int], dict] = {}
        for witness in space:
            status = {n: level_status(_evaluate(node, witness) for node in nodes[n]) for n in levels}
            for j, k in itertools.combinations(levels, 2):
                if (j, k) not in found and status[k] == PASS and status[j] == FAIL:
                    found[(j, k)] = witness
        if not found:
            return
        k = max(k for _, k in found)
        j = min(j for j, kk in found if kk == k)
        rule_of = {n: next(r for m, r, _, _ in family if m == n) for n in levels}
        path = next(p for m, _, _, p in family if m == k)
        others = [f"{rule_of[b].id} passes a case {rule_of[a].id} fails" for a, b in sorted(found) if (a, b) != (j, k)]
        also = f" (also: {'; '.join(others)})" if others else ""
        self.add("warning", path, rule_of[k].id,
                 f"not monotone: {_describe(found[(j, k)])} passes {rule_of[k].id} but fails {rule_of[j].id}: "
                 f"level {k} accepts what level {j} rejects{also}")


def _text(node) -> str:
    return condition_text(node, "en")


def _families(rules: list) -> dict[str, list]:
    """Rules grouped by the part of their id after the level prefix (L2.project -> project)."""
    families: dict[str, list] = {}
    for entry in rules:
        m = re.match(r"^[^.]+\.(.+)$", entry[1].id)
        if m:
            families.setdefault(m.group(1), []).append(entry)
    return families


def _candidates(cs: list[Comparison]) -> list:
    """One value per band of the family's thresholds, or every value a choice or set fact can take."""
    spec = cs[0].spec
    if spec.kind in ("months", "amount"):
        thresholds = sorted({c.operand for c in cs})
        below = thresholds[0] // 2 if spec.kind == "months" else thresholds[0] / 2
        return ([below] if thresholds[0] > 0 else []) + thresholds
    if spec.kind == "degree":
        return list(DEGREE_ORDER)
    if spec.kind == "set":
        members = frozenset(m for c in cs for m in c.operand)
        return list(dict.fromkeys([members, *(members - {m} for m in sorted(members)), frozenset()]))
    return list(spec.choices) + ([None] if f"{cs[0].subject}.{cs[0].fact}" in _NULLABLE else [])


def _witnesses(nodes: list):
    """Every combination of candidate values of the facts the nodes read, or None when there are too many."""
    by_key: dict[tuple[str, str], list[Comparison]] = {}
    evidence: set[tuple[str, str]] = set()
    for node in nodes:
        for c in leaves_of(node):
            by_key.setdefault((c.subject, c.fact), []).append(c)
            if c.evidence:
                evidence.add((c.subject, c.evidence))
    order = list(FACTS)
    keys = sorted(by_key, key=lambda k: order.index(f"{k[0]}.{k[1]}"))
    choices = [_candidates(by_key[k]) for k in keys] + [[True, False] for _ in sorted(evidence)]
    keys += sorted(evidence)
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_WITNESSES:
        return None
    return ({k: v for k, v in zip(keys, combo)} for combo in itertools.product(*choices))


def _holds(c: Comparison, v) -> bool:
    if c.op == "at_least":
        if c.spec.kind == "degree":
            return DEGREE_ORDER.index(v) >= DEGREE_ORDER.index(c.operand)
        return v >= c.operand
    if c.op == "equals":
        return v == c.operand
    if c.op == "in":
        return v in c.operand
    return set(c.operand) <= v


def _evaluate(node, witness: dict) -> str:
    """A normal form's outcome on witness facts (all known; one item per collection)."""
    if isinstance(node, Comparison):
        if not _holds(node, witness[(node.subject, node.fact)]):
            return FAIL
        return REVIEW if node.evidence and not witness[(node.subject, node.evidence)] else PASS
    if node[0] == "some":
        return _evaluate(node[2], witness)
    statuses = [_evaluate(p, witness) for p in node[1]]
    if node[0] == "all":
        return level_status(statuses)
    return PASS if PASS in statuses else REVIEW if REVIEW in statuses else FAIL


def _describe(witness: dict) -> str:
    """A witness in words: 'a project with role lead, project amount CNY 500,000, ...'."""
    groups: dict[str, list[str]] = {}
    for (subject, fact), v in witness.items():
        spec = FACTS[f"{subject}.{fact}"]
        if spec.kind == "text":  # evidence: given or not
            text = f"{'with' if v else 'without'} a {spec.en}"
        elif spec.kind == "months":
            text = f"{spec.en} {months_text(v, 'en')}"
        elif spec.kind == "amount":
            text = f"{spec.en} {amount_text(v, 'en')}"
        elif spec.kind == "set":
            text = f"{spec.en} {', '.join(value_text(m, 'en') for m in sorted(v)) or 'none'}"
        else:
            text = f"{spec.en} {'none' if v is None else value_text(v, 'en')}"
        groups.setdefault(subject, []).append(text)
    parts = []
    for subject, texts in groups.items():
        body = ", ".join(texts)
        parts.append(body if subject == "applicant" else f"a {ITEM_WORDS.get(subject, ('', subject))[1]} "
                                                         f"with {body}")
    return "; ".join(parts)


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
