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
    kind: str = ""  # the fact's kind (spec.kind), kept here to be read fast


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
        """How far a failing comparison is from holding (0..1; a degree short: more), for the closest alternative."""
        if self.status != FAIL or self.op == "some":
            return 1.0 if self.status == FAIL else 0.0
        if self.op == "contains_all":
            return len(self.shortfall) / len(self.required)
        if self.op == "at_least" and self.kind in ("months", "amount"):
            return float(self.shortfall / self.required) if self.required else 1.0
        if self.op == "at_least" and self.kind == "degree":
            # Farther than any shortfall of time or yuan (at most 1.0): a degree held is not raised by time, and a
            # new one starts its own work-after clock. Each degree further short is farther again than one degree
            # short with all of its time to go: an associate degree is nearer 本6 (a bachelor's and years of work
            # after it) than 碩4 (a master's, two degrees up), however much of 碩4's time it has served.
            return 2.0 * (_RANK[self.required] - _RANK[self.actual])
        return 1.0


# ---- step 1: the plan (depends on comparison outcomes only, so it can be cached) ----
# A plan node is one of:
#   ("at", holder, local)        comparisons of one holder: ("applicant", 0) or ("projects", 2)
#   ("none", collection, status)  a collection absent (review) or empty (fail)
#   ("cat", nodes)               all of these readings
#   ("min", nodes)               the one of these alternatives closest to holding
# and a local node (the comparisons of one holder, whichever holder it is) is one of:
#   ("flat", ((fact, op, operand, status, evidence, kind), ...))   these comparisons' readings
#                                  (evidence: the evidence fact a review may lack)
#   ("lcat", locals) / ("lmin", locals)   as "cat" and "min", within one holder
#
# A local node depends only on one holder's outcomes, so it is computed once per
# distinct outcome set (the engine keeps outcome sets per band) and shared.


def first_or_closest(parts: list[tuple[str, tuple]], closest: str = "min") -> tuple[str, tuple]:
    """`any` over planned parts: the first pass, else every review (each open question is one the committee
    must answer: an amount not given and a designation claimed without its reference), else the closest fail."""
    if len(parts) == 1:  # one part: its own outcome, whichever it is
        return parts[0]
    for status, node in parts:
        if status == PASS:
            return status, node
    reviews = tuple(node for status, node in parts if status == REVIEW)
    if reviews:
        return REVIEW, reviews[0] if len(reviews) == 1 else ("lcat" if closest == "lmin" else "cat", reviews)
    return FAIL, (closest, tuple(node for _, node in parts))


def _combine_all(parts: list[tuple[str, tuple]], cat: str = "cat") -> tuple[str, tuple]:
    statuses = [status for status, _ in parts]
    status = FAIL if FAIL in statuses else REVIEW if REVIEW in statuses else PASS
    shown = parts if status == PASS else [p for p in parts if p[0] != PASS]
    return status, (cat, tuple(node for _, node in shown))


def _local_flat(node: tuple) -> tuple:
    """A local plan without choices as the flat list of its comparisons (faster to read)."""
    if node[0] == "lmin" or node[0] == "flat":
        return node
    parts = [_local_flat(child) for child in node[1]]
    if any(p[0] == "lmin" for p in parts):
        return ("lcat", tuple(parts))
    return ("flat", tuple(leaf for p in parts for leaf in p[1]))


def local_plan(tree, outcomes: dict) -> tuple[str, tuple]:
    if isinstance(tree, CompiledLeaf):
        status = outcomes[tree.id]
        evidence = tree.evidence if status == REVIEW else None
        return status, ("flat", ((tree.fact, tree.op, tree.operand, status, evidence, tree.kind),))
    parts = [local_plan(child, outcomes) for child in tree[1]]
    if tree[0] == "any":
        status, node = first_or_closest(parts, "lmin")
    else:
        status, node = _combine_all(parts, "lcat")
    return status, _local_flat(node)


def _is_local(tree) -> bool:
    return isinstance(tree, CompiledLeaf) or (tree[0] != "some" and all(_is_local(c) for c in tree[1]))


def compile_rule(tree, slots):
    """A condition as a function (holder, decided, facts) -> (status, plan node).

    `decided` maps each holder ((collection, index)) to its outcomes (engine._Outcomes,
    whose `local` dict caches local plans); `slots` numbers the local subtrees, so that
    rules compiled with one counter never share a slot.
    """
    counter = slots

    def build(tree):
        if _is_local(tree):
            slot = next(counter)

            def local(holder, decided, facts, tree=tree, slot=slot):
                outcomes = decided[holder]
                got = outcomes.local.get(slot)
                if got is None:
                    got = outcomes.local[slot] = local_plan(tree, outcomes)
                return got[0], ("at", holder, got[1])
            return local
        kind = tree[0]
        if kind == "some":
            _, collection, where = tree
            inner = build(where)

            def some(holder, decided, facts):
                items = facts.collections.get(collection, UNKNOWN)
                if items is UNKNOWN:
                    return REVIEW, ("none", collection, REVIEW)
                if not items:
                    return FAIL, ("none", collection, FAIL)
                parts = []
                for k in range(len(items)):
                    part = inner((collection, k), decided, facts)
                    if part[0] == PASS:  # the first that passes is the witness: the rest need not be asked
                        return part
                    parts.append(part)
                return first_or_closest(parts)
            return some
        children = [build(child) for child in tree[1]]
        if kind == "any":
            return lambda holder, decided, facts: first_or_closest([c(holder, decided, facts) for c in children])
        return lambda holder, decided, facts: _combine_all([c(holder, decided, facts) for c in children])

    return build(tree)


# ---- step 2: the readings of one dossier ----

def _local_readings(node: tuple, subject: str, values: dict, item) -> list[Reading]:
    kind = node[0]
    if kind == "flat":
        get = values.get
        return [_new(Reading, (subject, fact, op, operand, actual, status, item,
                               evidence if evidence and actual is not UNKNOWN else None, fact_kind))
                for fact, op, operand, status, evidence, fact_kind in node[1]
                for actual in (get(fact, UNKNOWN),)]
    if kind == "lcat":
        return [r for child in node[1] for r in _local_readings(child, subject, values, item)]
    candidates = [_local_readings(child, subject, values, item) for child in node[1]]
    return min(candidates, key=distance_sum)


def distance_sum(readings) -> float:
    """How far a set of readings is from holding: the closest alternative has the least."""
    # A reading that does not fail (r[5], its status) is 0.0 away: leaving it out changes no sum.
    return sum(r.distance for r in readings if r[5] == FAIL)


_new = tuple.__new__


def _readings(node: tuple, facts: Facts) -> list[Reading]:
    kind = node[0]
    if kind == "at":
        subject, index = node[1]
        if subject == "applicant":
            return _local_readings(node[2], subject, facts.applicant, None)
        it = facts.collections[subject][index]
        return _local_readings(node[2], subject, it.values, it.label)
    if kind == "none":
        _, collection, status = node
        return [_new(Reading, (collection, "", "some", None, UNKNOWN if status == REVIEW else 0, status,
                               None, None, ""))]
    if kind == "cat":
        return [r for child in node[1] for r in _readings(child, facts)]
    candidates = [_readings(child, facts) for child in node[1]]
    return min(candidates, key=distance_sum)


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
