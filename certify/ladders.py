"""Monotone ladders, for certify lint: does a higher level's rule accept a case a lower level's rejects?

Rules whose ids share the part after the level prefix form a family (`L2.project`,
`L3.project`, `L4.project`). For every pair of levels j < k of a family, a case the
level-k rule passes and the level-j rule fails is looked for among witness facts built
from the family's own thresholds and values (one value in each band between
thresholds, every choice, every stage set that lacks one required stage, evidence given
or not, one item per collection), each evaluated by both rules. A witness keeps to what a
dossier can give (facts.AT_MOST: no more IT sales than sales, no more sales than work):
tenures that are nested take their values from the thresholds of them all, so every case
a dossier can give has a witness that every rule judges alike. What is found is said in
English and Chinese.

The same witnesses tell `certify diff` what a changed condition means for applicants
(for_applicants): a case the new condition accepts and the old rejects (more lenient), and
one the old accepts and the new rejects (stricter).
"""

from __future__ import annotations

import itertools
import re

from .dossier import DEGREE_ORDER
from .errors import Message, joined, say
from .explain import COLLECTION_WORDS, amount_text, months_text, value_text
from .facts import AT_MOST, FACTS
from .logic import leaves_of
from .rulebook import ITEM_WORDS, Comparison
from .verdict import FAIL, PASS, REVIEW, level_status

# Facts that facts.py may give as a known "none": a project nobody designated.
_NULLABLE = {"projects.designation"}
MAX_WITNESSES = 20_000


def not_monotone(family: list) -> tuple | None:
    """(severity, path, rule id, message) for a family (entries (level, rule, normal form, path)) whose
    higher level accepts what a lower one rejects: one finding, on its highest rule that does, naming the
    lowest level that rejects it, the witness and the other pairs affected; None when it is monotone."""
    levels = sorted({n for n, *_ in family})
    if len(levels) < 2:
        return None
    nodes = {n: [node for m, _, node, _ in family if m == n] for n in levels}
    space = _witnesses([node for _, _, node, _ in family])
    if space is None:
        first = family[-1]
        return "info", first[3], first[1].id, Message("not checked for monotone levels: too many combinations",
                                                      "未检查级别是否单调：组合过多")
    found: dict[tuple[int, int], dict] = {}
    for witness in space:
        status = {n: level_status(_evaluate(node, witness) for node in nodes[n]) for n in levels}
        for j, k in itertools.combinations(levels, 2):
            if (j, k) not in found and status[k] == PASS and status[j] == FAIL:
                found[(j, k)] = witness
    if not found:
        return None
    k = max(k for _, k in found)
    j = min(j for j, kk in found if kk == k)
    rule_of = {n: next(r for m, r, _, _ in family if m == n) for n in levels}
    path = next(p for m, _, _, p in family if m == k)
    others = [say("{b} passes a case {a} fails", "{b} 符合而 {a} 不符合的情况", a=rule_of[a].id, b=rule_of[b].id)
              for a, b in sorted(found) if (a, b) != (j, k)]
    also = say(" (also: {o})", "（另有：{o}）", o=joined(others, "; ", "；")) if others else ""
    return ("warning", path, rule_of[k].id,
            say("not monotone: {w} passes {rk} but fails {rj}: level {k} accepts what level {j} rejects{also}",
                "级别不单调：{w}符合 {rk} 但不符合 {rj}：{k}级接受了{j}级拒绝的情况{also}",
                w=Message(_describe(found[(j, k)], "en"), _describe(found[(j, k)], "zh")), rk=rule_of[k].id,
                rj=rule_of[j].id, k=k, j=j, also=also))


def for_applicants(old, new) -> tuple[dict | None, dict | None] | None:
    """What a rule's condition changed from `old` to `new` (normal forms) means for applicants: (a case the
    new one passes and the old did not, a case the old one passed and the new does not), each None where
    there is none; None when there are too many combinations to look through."""
    space = _witnesses([old, new])
    if space is None:
        return None
    lenient = stricter = None
    for witness in space:
        was, now = _evaluate(old, witness), _evaluate(new, witness)
        if lenient is None and now == PASS and was != PASS:
            lenient = witness
        if stricter is None and was == PASS and now != PASS:
            stricter = witness
        if lenient is not None and stricter is not None:
            break
    return lenient, stricter


def described(witness: dict, lang: str) -> str:
    """A witness in words (as lint's monotone warning says it)."""
    return _describe(witness, lang)


def families(rules: list) -> dict[str, list]:
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
    names = [f"{subject}.{fact}" for subject, fact in keys]
    bounds = [(names.index(a), names.index(b)) for a, b in AT_MOST if a in names and b in names]
    nested = sorted({i for pair in bounds for i in pair})
    shared = _candidates([c for i in nested for c in by_key[keys[i]]]) if nested else []
    choices = [shared if i in nested else _candidates(by_key[k]) for i, k in enumerate(keys)]
    choices += [[True, False] for _ in sorted(evidence)]
    keys += sorted(evidence)
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_WITNESSES:
        return None
    return ({k: v for k, v in zip(keys, combo)} for combo in itertools.product(*choices)
            if all(combo[i] <= combo[j] for i, j in bounds))


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


def _describe(witness: dict, lang: str) -> str:
    """A witness in words: 'a project with role lead, project amount CNY 500,000, ...' /
    '项目（角色为主导运作，项目金额50万元，...）' (a quantity without 为, as explanations say it)."""
    zh = lang == "zh"
    none = "无" if zh else "none"
    groups: dict[str, list[str]] = {}
    for (subject, fact), v in witness.items():
        spec = FACTS[f"{subject}.{fact}"]
        label = spec.zh if zh else spec.en
        if spec.kind == "text":  # evidence: given or not
            text = f"{'有' if v else '无'}{label}" if zh else f"{'with' if v else 'without'} a {label}"
        elif spec.kind in ("months", "amount"):
            said = months_text(v, lang) if spec.kind == "months" else amount_text(v, lang)
            text = f"{label}{said}" if zh else f"{label} {said}"
        else:
            values = sorted(v) if spec.kind == "set" else [] if v is None else [v]
            said = ("、" if zh else ", ").join(value_text(m, lang) for m in values) or none
            text = f"{label}为{said}" if zh else f"{label} {said}"
        groups.setdefault(subject, []).append(text)
    parts = []
    for subject, texts in groups.items():
        body = ("，" if zh else ", ").join(texts)
        word = ITEM_WORDS.get(subject, COLLECTION_WORDS.get(subject, (subject, subject)))
        parts.append(body if subject == "applicant" else f"{word[0]}（{body}）" if zh else f"a {word[1]} with {body}")
    return ("；" if zh else "; ").join(parts)


