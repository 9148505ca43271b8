"""Three-valued logic: a rule's outcome from the outcomes durable-rules gave its comparisons.

dossier-v1 section 4: `all` fails when any part fails and passes when every part
passes; `any` and `some` pass when one part passes; otherwise each is `review`
when a part is unknown, else `fail`. Alongside the outcome this keeps the readings
that decided it (the witness of a pass, the unknowns of a review, the closest
alternative of a fail), which is what an explanation and a gap are made of.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dossier import DEGREE_ORDER
from .facts import UNKNOWN, Facts
from .verdict import FAIL, PASS, REVIEW, RuleOutcome


@dataclass(frozen=True, slots=True)
class CompiledLeaf:
    """One comparison of a ruleset, shared by every rule that makes it."""

    id: int
    subject: str  # "applicant" or a collection ("education", "projects")
    fact: str
    spec: object  # facts.FactSpec
    op: str  # at_least | equals | in | contains_all
    operand: object  # normalized: months int, Decimal amount, degree or choice name, tuple
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What one comparison found: the fact's value beside what was required."""

    subject: str
    fact: str  # a fact name, or "" for a reading about a whole collection
    op: str  # a comparison, or "some" for a collection that is absent or empty
    required: object
    actual: object  # a value, UNKNOWN, or for "some" the number of items (UNKNOWN if absent)
    status: str
    item: str | None = None  # the degree or project the reading is about
    shortfall: object = None  # months or Decimal short; missing set members; None otherwise
    unproven: str | None = None  # the evidence fact a claim lacks

    @property
    def key(self) -> str:
        return f"{self.subject}.{self.fact}" if self.fact else self.subject


_RANK = {name: i for i, name in enumerate(DEGREE_ORDER)}


def _read(leaf: CompiledLeaf, values: dict, status: str, item: str | None) -> tuple[Reading, float]:
    actual = values.get(leaf.fact, UNKNOWN)
    shortfall, distance, unproven = None, 0.0, None
    if status == FAIL:
        distance = 1.0
        if leaf.op == "at_least" and leaf.spec.kind in ("months", "amount"):
            shortfall = leaf.operand - actual
            distance = float(shortfall / leaf.operand) if leaf.operand else 1.0
        elif leaf.op == "at_least" and leaf.spec.kind == "degree":
            distance = (_RANK[leaf.operand] - _RANK[actual]) / len(DEGREE_ORDER)
        elif leaf.op == "contains_all":
            shortfall = tuple(m for m in leaf.operand if m not in actual)
            distance = len(shortfall) / len(leaf.operand)
    elif status == REVIEW and actual is not UNKNOWN:
        unproven = leaf.evidence
    reading = Reading(leaf.subject, leaf.fact, leaf.op, leaf.operand, actual, status, item, shortfall, unproven)
    return reading, distance


def _best(judged: list[tuple[str, tuple, float]]) -> tuple[str, tuple, float]:
    """`any` over judged alternatives: the first pass, else the first review, else the closest fail."""
    for wanted in (PASS, REVIEW):
        for j in judged:
            if j[0] == wanted:
                return j
    return min(judged, key=lambda j: j[2])


def _judge(node, values: dict, item: str | None, facts: Facts, decided: dict, here: tuple):
    if isinstance(node, CompiledLeaf):
        status = decided[here][node.id]
        reading, distance = _read(node, values, status, item)
        return status, (reading,), distance
    kind = node[0]
    if kind == "some":
        _, collection, where = node
        items = facts.collections.get(collection, UNKNOWN)
        if items is UNKNOWN or not items:
            status = REVIEW if items is UNKNOWN else FAIL
            actual = UNKNOWN if items is UNKNOWN else 0
            return status, (Reading(collection, "", "some", None, actual, status),), 1.0
        return _best([_judge(where, it.values, it.label, facts, decided, (collection, k))
                      for k, it in enumerate(items)])
    parts = [_judge(child, values, item, facts, decided, here) for child in node[1]]
    if kind == "any":
        return _best(parts)
    statuses = [p[0] for p in parts]
    status = FAIL if FAIL in statuses else REVIEW if REVIEW in statuses else PASS
    shown = parts if status == PASS else [p for p in parts if p[0] != PASS]
    return status, tuple(r for p in shown for r in p[1]), sum(p[2] for p in parts)


def judge(rule, tree, facts: Facts, decided: dict) -> RuleOutcome:
    """The rule's outcome and deciding readings, given each holder's decided comparisons."""
    here = ("applicant", 0)
    if isinstance(tree, tuple) and tree[0] == "any":
        parts = [_judge(child, facts.applicant, None, facts, decided, here) for child in tree[1]]
        status, readings, _ = _best(parts)
        return RuleOutcome(rule, status, readings, tuple((p[0], p[1]) for p in parts))
    status, readings, _ = _judge(tree, facts.applicant, None, facts, decided, here)
    return RuleOutcome(rule, status, readings)


def leaves_of(tree) -> list[CompiledLeaf]:
    """Every comparison in a compiled condition tree."""
    if isinstance(tree, CompiledLeaf):
        return [tree]
    if tree[0] == "some":
        return leaves_of(tree[2])
    return [leaf for child in tree[1] for leaf in leaves_of(child)]

