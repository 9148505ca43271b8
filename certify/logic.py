"""Three-valued logic: a rule's outcome from the outcomes durable-rules gave its comparisons.

dossier-v1 section 4: `all` fails when any part fails and passes when every part
passes; `any` and `some` pass when one part passes; otherwise each is `review`
when a part is unknown, else `fail`. Alongside the outcome this keeps the readings
that decided it (the witness of a pass, the unknowns of a review, the closest
alternative of a fail), which is what an explanation and a gap are made of.

It works in two steps so that the first can be cached: `plan` combines the
comparisons' outcomes (which depend only on which side of each threshold a fact
lies) into the rule's status and the comparisons that decide it; `readings`
reads those comparisons' values from one dossier's facts. Among failing
alternatives, the closest is chosen from the dossier's own values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .dossier import DEGREE_ORDER
from .facts import UNKNOWN, Facts
from .verdict import FAIL, PASS, REVIEW

_RANK = {name: i for i, name in enumerate(DEGREE_ORDER)}


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


class Reading(NamedTuple):
    """What one comparison found: the fact's value beside what was required."""

    subject: str
    fact: str  # a fact name, or "" for a reading about a whole collection
    op: str  # a comparison, or "some" for a collection that is absent or empty
    required: object
    actual: object  # a value, UNKNOWN, or for "some" the number of items (UNKNOWN if absent)
    status: str
    item: str | None = None  # the degree or project the reading is about
    unproven: str | None = None  # the evidence fact a claim lacks
    kind: str = ""  # the fact's kind (months, amount, degree, choice, set)

    @property
    def key(self) -> str:
        return f"{self.subject}.{self.fact}" if self.fact else self.subject

    @property
    def shortfall(self):
        """How much is missing: months or CNY short, or the missing set members; else None."""
        if self.status != FAIL or self.op not in ("at_least", "contains_all"):
            return None
        if self.op == "contains_all":
            return tuple(m for m in self.required if m not in self.actual)
        if self.kind in ("months", "amount"):
            return self.required - self.actual
        return None

    @property
    def distance(self) -> float:
        """How far a failing comparison is from holding, 0..1, to find the closest alternative."""
        if self.status != FAIL or self.op == "some":
            return 1.0 if self.status == FAIL else 0.0
        if self.op == "contains_all":
            return len(self.shortfall) / len(self.required)
        if self.op == "at_least" and self.kind in ("months", "amount"):
            return float(self.shortfall / self.required) if self.required else 1.0
        if self.op == "at_least" and self.kind == "degree":
            return (_RANK[self.required] - _RANK[self.actual]) / len(DEGREE_ORDER)
        return 1.0


# ---- step 1: the plan (depends on comparison outcomes only, so it can be cached) ----
# A plan node is one of:
#   ("leaf", leaf, holder, status)     a comparison of one holder: ("applicant", 0) or ("projects", 2)
#   ("none", collection, status)       a collection absent (review) or empty (fail)
#   ("cat", nodes)                     all of these readings
#   ("min", nodes)                     the one of these alternatives closest to holding
#   ("flat", leaf and none nodes)      a "cat" without choices, flattened


def _first_or_closest(parts: list[tuple[str, tuple]]) -> tuple[str, tuple]:
    """`any` over planned parts: the first pass, else the first review, else the closest fail."""
    for wanted in (PASS, REVIEW):
        for status, node in parts:
            if status == wanted:
                return status, node
    return FAIL, ("min", tuple(node for _, node in parts)) if len(parts) > 1 else parts[0][1]


def _plan(tree, holder: tuple, decided: dict, facts: Facts) -> tuple[str, tuple]:
    if isinstance(tree, CompiledLeaf):
        status = decided[holder][tree.id]
        return status, ("leaf", tree, holder, status)
    kind = tree[0]
    if kind == "some":
        _, collection, where = tree
        items = facts.collections.get(collection, UNKNOWN)
        if items is UNKNOWN or not items:
            status = REVIEW if items is UNKNOWN else FAIL
            return status, ("none", collection, status)
        return _first_or_closest([_plan(where, (collection, k), decided, facts) for k in range(len(items))])
    parts = [_plan(child, holder, decided, facts) for child in tree[1]]
    if kind == "any":
        return _first_or_closest(parts)
    statuses = [status for status, _ in parts]
    status = FAIL if FAIL in statuses else REVIEW if REVIEW in statuses else PASS
    shown = parts if status == PASS else [p for p in parts if p[0] != PASS]
    return status, ("cat", tuple(node for _, node in shown))


def _flat(node: tuple) -> tuple:
    """A plan without choices as the flat list of its readings' nodes (faster to read)."""
    if node[0] == "min":
        return node
    if node[0] == "cat":
        parts = [_flat(child) for child in node[1]]
        if any(p[0] == "min" for p in parts):
            return ("cat", tuple(parts))
        return ("flat", tuple(leaf for p in parts for leaf in (p[1] if p[0] == "flat" else (p,))))
    return ("flat", (node,))


def plan(tree, facts: Facts, decided: dict) -> tuple[str, tuple, tuple]:
    """A rule's status, its deciding plan, and for a rule of alternatives each alternative's plan."""
    holder = ("applicant", 0)
    if isinstance(tree, tuple) and tree[0] == "any":
        parts = [_plan(child, holder, decided, facts) for child in tree[1]]
        status, node = _first_or_closest(parts)
        return status, _flat(node), tuple((s, _flat(n)) for s, n in parts)
    status, node = _plan(tree, holder, decided, facts)
    return status, _flat(node), ()


# ---- step 2: the readings of one dossier ----

def _readings(node: tuple, facts: Facts) -> list[Reading]:
    kind = node[0]
    if kind == "flat":
        return [_reading(n, facts) for n in node[1]]
    if kind == "leaf" or kind == "none":
        return [_reading(node, facts)]
    if kind == "cat":
        return [r for child in node[1] for r in _readings(child, facts)]
    candidates = [_readings(child, facts) for child in node[1]]
    return min(candidates, key=lambda rs: sum(r.distance for r in rs))


def _reading(node: tuple, facts: Facts) -> Reading:
    if node[0] == "leaf":
        _, leaf, (subject, index), status = node
        if subject == "applicant":
            values, item = facts.applicant, None
        else:
            it = facts.collections[subject][index]
            values, item = it.values, it.label
        actual = values.get(leaf.fact, UNKNOWN)
        unproven = leaf.evidence if status == REVIEW and actual is not UNKNOWN else None
        return Reading(subject, leaf.fact, leaf.op, leaf.operand, actual, status, item, unproven, leaf.spec.kind)
    _, collection, status = node
    return Reading(collection, "", "some", None, UNKNOWN if status == REVIEW else 0, status)


def readings(node: tuple, facts: Facts) -> tuple[Reading, ...]:
    """The readings a plan names, with this dossier's values."""
    return tuple(_readings(node, facts))


def leaves_of(tree) -> list:
    """Every comparison in a compiled condition tree (nodes are tuples, comparisons are not)."""
    if not isinstance(tree, tuple):
        return [tree]
    if tree[0] == "some":
        return leaves_of(tree[2])
    return [leaf for child in tree[1] for leaf in leaves_of(child)]
