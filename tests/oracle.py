"""An independent reading of a ruleset over a dossier's facts, for differential tests.

Plain Python straight from dossier-v1 section 4, sharing nothing with certify.engine
or certify.logic: only the ruleset models (to walk the conditions), the operand
normalisation (to read "5 years" / "500万" / "bachelor" as numbers and names) and
the facts themselves. If the engine and this disagree, one of them is wrong.
"""

from __future__ import annotations

from certify.dossier import DEGREE_ORDER
from certify.facts import UNKNOWN, Facts
from certify.operands import normalized_operand, resolve_fact
from certify.ruleset import All, AnyOf, Leaf, LoadedRuleset, Ruleset, Some

PASS, FAIL, REVIEW = "pass", "fail", "review"


def kleene_all(statuses: list[str]) -> str:
    """All parts: fail if any fails, else review if any is undecided, else pass."""
    if FAIL in statuses:
        return FAIL
    return REVIEW if REVIEW in statuses else PASS


def kleene_any(statuses: list[str]) -> str:
    """Some part: pass if any passes, else review if any is undecided, else fail."""
    if PASS in statuses:
        return PASS
    return REVIEW if REVIEW in statuses else FAIL


_READ: dict[int, tuple] = {}  # id(leaf) -> (leaf, spec, op, operand): "5 years" is read once, not per item


def _read(leaf: Leaf, subject: str) -> tuple:
    known = _READ.get(id(leaf))
    if known is None or known[0] is not leaf:
        spec = resolve_fact(leaf.fact, subject, leaf.fact)
        known = _READ[id(leaf)] = (leaf, spec, leaf.op, normalized_operand(leaf, spec, leaf.fact))
    return known[1:]


def leaf_status(leaf: Leaf, subject: str, values: dict) -> str:
    spec, op, wanted = _read(leaf, subject)
    value = values.get(leaf.fact, UNKNOWN)
    if value is UNKNOWN:
        return REVIEW  # the dossier does not say
    if op == "at_least" and spec.kind == "degree":
        holds = DEGREE_ORDER.index(value) >= DEGREE_ORDER.index(wanted)
    elif op == "at_least":
        holds = value >= wanted  # months (int) or yuan (Decimal): inclusive
    elif op == "equals":
        holds = value == wanted
    elif op == "in":
        holds = value in wanted
    elif op == "contains_all":
        holds = all(member in value for member in wanted)
    else:
        raise AssertionError(f"oracle: unknown comparison {op}")
    if not holds:
        return FAIL
    if leaf.evidence is not None:
        proof = values.get(leaf.evidence)
        if proof is None or proof is UNKNOWN or (isinstance(proof, str) and not proof.strip()):
            return REVIEW  # a claim without the committee's recognition
    return PASS


def condition_status(cond, subject: str, values: dict, facts: Facts) -> str:
    if isinstance(cond, Leaf):
        return leaf_status(cond, subject, values)
    if isinstance(cond, All):
        return kleene_all([condition_status(c, subject, values, facts) for c in cond.all])
    if isinstance(cond, AnyOf):
        return kleene_any([condition_status(c, subject, values, facts) for c in cond.any])
    if isinstance(cond, Some):
        items = facts.collections.get(cond.some, UNKNOWN)
        if items is UNKNOWN:
            return REVIEW  # a missing section is unknown
        if not items:
            return FAIL  # an explicitly empty list is known to be empty
        return kleene_any([condition_status(cond.where, cond.some, it.values, facts) for it in items])
    raise AssertionError(f"oracle: unknown condition {cond!r}")


def _ruleset(ruleset: Ruleset | LoadedRuleset) -> Ruleset:
    return ruleset.ruleset if isinstance(ruleset, LoadedRuleset) else ruleset


def oracle_outcomes(ruleset: Ruleset | LoadedRuleset, facts: Facts) -> dict[str, str]:
    """{rule id: pass | fail | review} for every rule, in ruleset order."""
    return {rule.id: condition_status(rule.when, "applicant", facts.applicant, facts)
            for level in _ruleset(ruleset).levels for rule in level.rules}


def oracle_levels(ruleset: Ruleset | LoadedRuleset, outcomes: dict[str, str]) -> tuple[dict[int, str], int]:
    """Each level's status (all pass: pass; any fail: fail; else review) and the qualified level."""
    levels = {lv.level: kleene_all([outcomes[r.id] for r in lv.rules]) for lv in _ruleset(ruleset).levels}
    qualified = max((n for n, status in levels.items() if status == PASS), default=0)
    return levels, qualified
