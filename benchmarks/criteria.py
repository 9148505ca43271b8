"""The ruleset's criteria over flattened scalars, for the engines certify is compared with.

certify's engine reads a dossier's facts as holders (the applicant, each degree,
each project) and decides three-valued outcomes with explanations. The engines it
is compared with (zen-engine, plain Python) get what such engines are usually fed:
one flat record of scalars per applicant, and they decide pass or fail.

Everything here is derived from the ruleset file, so the comparison stays on the
same ruleset: each rule's condition tree is walked, and every `some <collection>`
is rewritten in disjunctive normal form (`some(A and any(B, C))` is
`some(A and B) or some(A and C)`). A conjunct with one numeric threshold becomes a
scalar "best value of that fact among the items that meet the other comparisons"
(best work months after a bachelor's degree or higher; the largest amount of a
lead, completed project), compared with the threshold by the engine. A conjunct
without a numeric threshold becomes a flag "some item meets it" (a complete sales
cycle; a key-project designation with its reference). Thresholds stay in the
engines; only the per-item filtering happens while flattening, outside the timing.

An unknown value never satisfies anything here: pass/fail agrees with certify on
every dossier certify decides without a `review`, which is what the harness checks.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from decimal import Decimal

from certify.dossier import DEGREE_ORDER
from certify.facts import UNKNOWN, Facts
from certify.operands import normalized_operand, resolve_fact
from certify.ruleset import All, AnyOf, Leaf, LoadedRuleset, Some

NUMERIC = ("months", "amount")
_RANK = {name: i for i, name in enumerate(DEGREE_ORDER)}


@dataclass(frozen=True)
class Comparison:
    """One leaf of the ruleset, with its operand normalised (months, Decimal yuan, names)."""

    subject: str
    fact: str
    kind: str
    op: str
    operand: object
    evidence: str | None

    @property
    def numeric(self) -> bool:
        return self.op == "at_least" and self.kind in NUMERIC

    def threshold(self) -> int:
        """The numeric operand as the engines compare it: months, or whole fen for amounts."""
        return int(self.operand * 100) if self.kind == "amount" else int(self.operand)

    def slug(self) -> str:
        if self.op == "at_least":
            text = f"{self.fact}_ge_{self.operand}"
        elif self.op == "equals":
            text = f"{self.fact}_{self.operand}"
        elif self.op == "in":
            text = f"{self.fact}_in_" + "_".join(self.operand)
        else:  # contains_all
            text = f"{self.fact}_all{len(self.operand)}"
        return text + (f"_with_{self.evidence}" if self.evidence else "")

    def holds(self, values: dict) -> bool:
        """Two-valued: the comparison passes on these item values (unknown never does)."""
        v = values.get(self.fact, UNKNOWN)
        if v is UNKNOWN or v is None:
            return False
        if self.op == "at_least":
            ok = _RANK[v] >= _RANK[self.operand] if self.kind == "degree" else v >= self.operand
        elif self.op == "equals":
            ok = v == self.operand
        elif self.op == "in":
            ok = v in self.operand
        else:
            ok = all(m in v for m in self.operand)
        if ok and self.evidence:
            ok = values.get(self.evidence) not in (None, UNKNOWN)
        return ok


@dataclass(frozen=True)
class Scalar:
    """One flattened input: the best value of `fact` over the items meeting `filters`, or a flag."""

    name: str
    collection: str
    filters: tuple[Comparison, ...]
    fact: Comparison | None  # the numeric comparison whose fact is maximised; None for a flag

    def value(self, facts: Facts) -> int | bool:
        items = facts.collections.get(self.collection, UNKNOWN)
        items = () if items is UNKNOWN else items
        if self.fact is None:
            return any(all(f.holds(it.values) for f in self.filters) for it in items)
        best = -1
        for it in items:
            if all(f.holds(it.values) for f in self.filters):
                v = it.values.get(self.fact.fact, UNKNOWN)
                if v is not UNKNOWN and v is not None:
                    v = int(Decimal(v) * 100) if self.fact.kind == "amount" else int(v)
                    best = max(best, v)
        return best


class Criteria:
    """A ruleset's rules as expressions over flat scalars: zen-engine JDM, Python, and the flattening."""

    def __init__(self, loaded: LoadedRuleset) -> None:
        self.loaded = loaded
        self.scalars: dict[str, Scalar] = {}
        self.applicant_facts: list[str] = []
        # (rule id, expression tree): ("ge", scalar, threshold), ("flag", scalar), ("and"|"or", parts)
        self.rules: list[tuple[str, tuple]] = []
        for level in loaded.ruleset.levels:
            for rule in level.rules:
                self.rules.append((rule.id, self._expr(rule.when, "applicant")))

    # ---- the condition tree as an expression ----

    def _comparison(self, leaf: Leaf, subject: str) -> Comparison:
        spec = resolve_fact(leaf.fact, subject, leaf.fact)
        return Comparison(subject, leaf.fact, spec.kind, leaf.op, normalized_operand(leaf, spec, leaf.fact),
                          leaf.evidence)

    def _expr(self, cond, subject: str) -> tuple:
        if isinstance(cond, Leaf):
            c = self._comparison(cond, subject)
            if subject != "applicant" or not c.numeric or c.evidence:
                raise NotImplementedError(f"cannot flatten {c} outside a `some`")
            if c.fact not in self.applicant_facts:
                self.applicant_facts.append(c.fact)
            return ("ge", c.fact, c.threshold())
        if isinstance(cond, All):
            return _join("and", [self._expr(c, subject) for c in cond.all])
        if isinstance(cond, AnyOf):
            return _join("or", [self._expr(c, subject) for c in cond.any])
        if isinstance(cond, Some):
            return _join("or", [self._conjunct(cond.some, conj) for conj in self._dnf(cond.where, cond.some)])
        raise NotImplementedError(f"unknown condition {cond!r}")

    def _dnf(self, cond, subject: str) -> list[list[Comparison]]:
        if isinstance(cond, Leaf):
            return [[self._comparison(cond, subject)]]
        if isinstance(cond, AnyOf):
            return [conj for c in cond.any for conj in self._dnf(c, subject)]
        if isinstance(cond, All):
            parts = [self._dnf(c, subject) for c in cond.all]
            return [[c for conj in combo for c in conj] for combo in itertools.product(*parts)]
        raise NotImplementedError(f"cannot flatten {cond!r} inside a `some`")

    def _conjunct(self, collection: str, conj: list[Comparison]) -> tuple:
        numeric = [c for c in conj if c.numeric]
        if len(numeric) == 1:
            fact = numeric[0]
            filters = tuple(c for c in conj if c is not fact)
            key = "_".join(f.slug() for f in filters) or "any"
            name = f"{collection}_best_{fact.fact}__{key}"
            self.scalars.setdefault(name, Scalar(name, collection, filters, fact))
            return ("ge", name, fact.threshold())
        # No numeric threshold (or several): a flag, the thresholds checked while flattening.
        name = f"{collection}_has__" + "_".join(c.slug() for c in conj)
        self.scalars.setdefault(name, Scalar(name, collection, tuple(conj), None))
        return ("flag", name)

    # ---- flattening, zen-engine, Python ----

    def flatten(self, facts: Facts) -> dict[str, int | bool]:
        """One applicant's scalars (an unknown applicant fact is -1: it meets no threshold)."""
        row: dict[str, int | bool] = {}
        for f in self.applicant_facts:
            v = facts.applicant.get(f, UNKNOWN)
            row[f] = -1 if v is UNKNOWN or v is None else int(v)
        for name, scalar in self.scalars.items():
            row[name] = scalar.value(facts)
        return row

    def keys(self) -> list[str]:
        """Output keys: rule ids with the dots zen-engine would read as nesting replaced."""
        return [rule_id.replace(".", "_") for rule_id, _ in self.rules]

    def jdm(self) -> dict:
        """A GoRules JDM decision graph: input -> one expression node (a key per rule) -> output."""
        expressions = [{"id": f"e{i}", "key": key, "value": _zen(tree)}
                       for i, (key, (_, tree)) in enumerate(zip(self.keys(), self.rules))]
        pos = {"x": 0, "y": 0}
        return {
            "contentType": "application/vnd.gorules.decision",
            "nodes": [
                {"id": "request", "type": "inputNode", "name": "request", "position": pos},
                {"id": "criteria", "type": "expressionNode", "name": self.loaded.ruleset.id, "position": pos,
                 "content": {"expressions": expressions}},
                {"id": "response", "type": "outputNode", "name": "response", "position": pos},
            ],
            "edges": [
                {"id": "in", "type": "edge", "sourceId": "request", "targetId": "criteria"},
                {"id": "out", "type": "edge", "sourceId": "criteria", "targetId": "response"},
            ],
        }

    def python(self):
        """The floor: a plain Python closure per rule over a row of scalars.

        Returns a function from a row to a tuple of bools in rule order; like zen's
        response, `python_dict` gives them by output key.
        """
        closures = [eval(f"lambda s: {_py(tree)}") for _, tree in self.rules]  # noqa: S307 (generated here)
        return lambda row: tuple([f(row) for f in closures])

    def python_dict(self):
        """The floor as zen answers: {output key: bool} per row, one closure per rule."""
        pairs = [(key, eval(f"lambda s: {_py(tree)}")) for key, (_, tree)  # noqa: S307 (generated here)
                 in zip(self.keys(), self.rules)]
        return lambda row: {key: f(row) for key, f in pairs}

    def expressions(self) -> dict[str, str]:
        """Each rule's zen-engine expression, by rule id (for docs and debugging)."""
        return {rule_id: _zen(tree) for rule_id, tree in self.rules}


def _join(op: str, parts: list[tuple]) -> tuple:
    return parts[0] if len(parts) == 1 else (op, parts)


def _zen(tree: tuple, top: bool = True) -> str:
    """An expression tree in zen-engine's expression language."""
    kind = tree[0]
    if kind == "ge":
        return f"{tree[1]} >= {tree[2]}"
    if kind == "flag":
        return f"{tree[1]} == true"
    text = f" {kind} ".join(_zen(p, False) for p in tree[1])
    return text if top else f"({text})"


def _py(tree: tuple) -> str:
    """An expression tree as Python over a row `s`."""
    kind = tree[0]
    if kind == "ge":
        return f"s[{tree[1]!r}] >= {tree[2]}"
    if kind == "flag":
        return f"s[{tree[1]!r}] is True"
    return "(" + f" {kind} ".join(_py(p) for p in tree[1]) + ")"


def zen_engine(criteria: Criteria):
    """A zen-engine engine holding the decision graph under the key "kam", and that key."""
    import zen

    return zen.ZenEngine({"loader": {"type": "static", "content": {"kam": criteria.jdm()}}}), "kam"


def jdm_text(criteria: Criteria) -> str:
    return json.dumps(criteria.jdm(), ensure_ascii=False, indent=2)


def agreement(facts_list: list[Facts], criteria: Criteria, *, use_zen: bool = True) -> dict:
    """How often zen-engine and the floor disagree with certify, rule by rule, on these dossiers.

    Compared only where certify decides every rule of the dossier pass or fail (no
    `review`): that is where two-valued engines can agree. Zen and the floor are also
    compared with each other on every dossier.
    """
    from certify.engine import Engine
    from certify.verdict import PASS, REVIEW

    engine = Engine(criteria.loaded, cache=True)
    floor = criteria.python()
    zen_eval = None
    if use_zen:
        zen, key = zen_engine(criteria)
        keys = criteria.keys()
        zen_eval = lambda row: tuple(zen.evaluate(key, row)["result"][k] for k in keys)  # noqa: E731
    counts = {"sample": len(facts_list), "rules": len(criteria.rules), "decided": 0,
              "floor_disagreements": 0, "zen_disagreements": 0 if use_zen else None,
              "zen_floor_disagreements": 0 if use_zen else None}
    for facts in facts_list:
        statuses = [o.status for o in engine.evaluate(facts)]
        row = criteria.flatten(facts)
        fl = floor(row)
        zn = zen_eval(row) if zen_eval else None
        if zn is not None:
            counts["zen_floor_disagreements"] += sum(a != b for a, b in zip(zn, fl))
        if REVIEW in statuses:
            continue
        counts["decided"] += 1
        passed = [s == PASS for s in statuses]
        counts["floor_disagreements"] += sum(a != b for a, b in zip(fl, passed))
        if zn is not None:
            counts["zen_disagreements"] += sum(a != b for a, b in zip(zn, passed))
    return counts
