"""The engine: a ruleset compiled into durable-rules, which decides every comparison.

This is the only module that imports durable_rules. Each comparison (leaf) of the
ruleset becomes three durable-rules rules, one per outcome: `pass` when the fact
meets it, `fail` when the fact is known and does not, `review` when the fact is
unknown or a claim lacks its evidence. A dossier's facts are asserted as one fact
per subject (the applicant, each degree, each project) in a session of its own;
the rules that fire are the outcomes. logic.py then combines the outcomes of a
rule's comparisons (all / any / some) into the rule's outcome.

A comparison's outcome depends only on which side of each threshold a fact lies
(its band), so outcomes are cached by band: durable-rules decides each distinct
case once, and a batch of 100,000 dossiers asks it only about the cases it has
not seen. `Engine(..., cache=False)` asks it about every dossier.
"""

from __future__ import annotations

import itertools
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

import durable_rules_engine as _c  # durable-rules' C engine, which its own Python host drives
import orjson
from durable import engine as _dr

from .dossier import DEGREE_ORDER
from .errors import EngineError
from .facts import UNKNOWN, Facts
from .logic import CompiledLeaf, compile_rule, first_or_closest
from .operands import normalized_operand, resolve_fact
from .ruleset import All, AnyOf, Leaf, LoadedRuleset, Some
from .verdict import FAIL, PASS, REVIEW, RuleOutcome

# durable-rules calls datetime.utcfromtimestamp per action; Python 3.12 warns each time.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable(\..*)?")

_names = itertools.count(1)
_APPLICANT = ("applicant", 0)
_outcome = tuple.__new__  # a RuleOutcome from its fields, without NamedTuple.__new__'s call


class _Outcomes(dict):
    """One holder's outcome per comparison, with the local plans computed from them (logic.py)."""

    __slots__ = ("local",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.local: dict[int, tuple] = {}


class _QuietHost(_dr.Host):
    """A durable-rules host without its two background dispatch threads.

    Everything here is asserted and run synchronously; the threads only poll for
    timers and queued events, and under load they caused error 307s and crashes.
    """

    def _run(self) -> None:
        pass


def _not_dispatched(c) -> None:  # pragma: no cover - see Engine._ask
    """Each durable-rules rule needs an action; certify takes the fired rules off the queue instead."""
    raise EngineError("durable-rules dispatched an action itself")


def _encode(spec, value):
    """A fact's value as durable-rules compares it: ints for months, fen and ranks."""
    if spec.kind == "amount":
        return int(Decimal(value) * 100)  # whole fen: thresholds are whole fen, so >= stays exact
    if spec.kind == "degree":
        return DEGREE_ORDER.index(value)
    if spec.kind == "choice":
        return "" if value is None else str(value)
    return value


def _threshold(spec, operand):
    if spec.kind == "amount":
        return int(operand * 100)
    if spec.kind == "degree":
        return DEGREE_ORDER.index(operand)
    return operand


def _conditions(leaf: CompiledLeaf) -> dict[str, dict]:
    """The three durable-rules conditions (pass, fail, review) of one comparison."""
    f, spec, op, operand = leaf.fact, leaf.spec, leaf.op, leaf.operand
    if op == "at_least":
        t = _threshold(spec, operand)
        yes, no = {"$gte": {f: t}}, {"$lt": {f: t}}
    elif op == "equals":  # a degree is compared by its rank, as its value is asserted (_encode)
        v = _threshold(spec, operand)
        yes, no = {f: v}, {"$neq": {f: v}}
    elif not operand:  # an empty list (lint warns): `in` never holds, `contains_all` always does, once known
        known, never = {"$nex": {f"{f}__unknown": 1}}, {f"{f}__never": True}
        yes, no = (never, known) if op == "in" else (known, never)
    elif op == "in":
        vs = [_threshold(spec, v) for v in operand]
        yes = {"$or": [{f: v} for v in vs]} if len(vs) > 1 else {f: vs[0]}
        no = {"$and": [{"$neq": {f: v}} for v in vs]}
    elif op == "contains_all":
        yes = {"$and": [{f"{f}__{m}": True} for m in operand]}
        no = {"$or": [{f"{f}__{m}": False} for m in operand]}
    else:  # pragma: no cover - ruleset.py admits no other operator
        raise EngineError(f"unknown comparison {op}")
    review = {f"{f}__unknown": True}
    if leaf.evidence:
        present = f"{leaf.evidence}__present"
        review = {"$or": [review, {"$and": [yes, {present: False}]}]}
        yes = {"$and": [yes, {present: True}]}
    return {PASS: yes, FAIL: no, REVIEW: review}


@dataclass
class _Subject:
    """The comparisons that read one kind of fact holder (applicant, degree, project)."""

    name: str
    code: int
    leaves: list[CompiledLeaf]

    def __post_init__(self) -> None:
        facts: dict[str, object] = {}
        for leaf in self.leaves:
            facts.setdefault(leaf.fact, leaf.spec)
        self.specs = facts
        self.evidence = sorted({leaf.evidence for leaf in self.leaves if leaf.evidence})
        # Per fact, how a value maps to its band: the thresholds it is compared with,
        # or the set members that are asked about.
        # A fact is banded only when every comparison of it is a threshold; otherwise
        # its value itself is the band.
        self.thresholds = {f: sorted({_threshold(s, lf.operand) for lf in self.leaves if lf.fact == f})
                           if all(lf.op == "at_least" for lf in self.leaves if lf.fact == f) else []
                           for f, s in facts.items()}
        self.members = {f: sorted({m for lf in self.leaves if lf.fact == f and lf.op == "contains_all"
                                   for m in lf.operand}) for f, s in facts.items()}
        # How band() reads each fact, decided once: (fact, how, thresholds or members).
        self._reading = []
        for f, spec in facts.items():
            if spec.kind == "set":
                # Only whether each contains_all holds matters, not which members are there.
                wanted = tuple(sorted({lf.operand for lf in self.leaves if lf.fact == f}))
                self._reading.append((f, "set", wanted))
            elif self.thresholds[f]:
                how = "count" if spec.kind == "months" else "encode"
                self._reading.append((f, how, self.thresholds[f]))
            else:
                self._reading.append((f, "value", spec))

    def band(self, values: dict) -> tuple:
        """Which side of each threshold each fact lies: what the comparisons' outcomes depend on."""
        band: list = []
        for f, how, arg in self._reading:
            v = values.get(f, UNKNOWN)
            if v is UNKNOWN:
                band.append(UNKNOWN)
            elif how == "count":  # months: compared as they are
                band.append(bisect_right(arg, v))
            elif how == "encode":
                band.append(bisect_right(arg, _encode(self.specs[f], v)))
            elif how == "set":
                band.append(tuple(all(m in v for m in members) for members in arg))
            else:
                band.append(_encode(arg, v))
        for ev in self.evidence:
            band.append(values.get(ev) not in (None, UNKNOWN))
        return tuple(band)

    def message(self, values: dict, index: int) -> dict:
        """The durable-rules fact for one holder."""
        msg: dict = {"s": self.code, "i": index}
        for f, spec in self.specs.items():
            v = values.get(f, UNKNOWN)
            if v is UNKNOWN:
                msg[f"{f}__unknown"] = True
            elif spec.kind == "set":
                for m in self.members[f]:
                    msg[f"{f}__{m}"] = m in v
            else:
                msg[f] = _encode(spec, v)
        for ev in self.evidence:
            msg[f"{ev}__present"] = values.get(ev) not in (None, UNKNOWN)
        return msg


class Engine:
    """A ruleset compiled into durable-rules, ready to evaluate any number of dossiers."""

    def __init__(self, loaded: LoadedRuleset, *, cache: bool = True) -> None:
        self.loaded = loaded
        self.ruleset = loaded.ruleset
        self.use_cache = cache
        self._cache: dict[tuple, dict[int, str]] = {}
        self._leaves: dict[tuple, CompiledLeaf] = {}
        self._rules = []
        slots = itertools.count()
        for level in self.ruleset.levels:
            for rule in level.rules:
                tree = self._compile(rule.when, "applicant")
                if isinstance(tree, tuple) and tree[0] == "any":  # alternatives: each is kept
                    self._rules.append((rule, None, tuple(compile_rule(c, slots) for c in tree[1])))
                else:
                    self._rules.append((rule, compile_rule(tree, slots), None))
        self._months: dict[str, list[int]] | None = None
        by_subject: dict[str, list[CompiledLeaf]] = {}
        for leaf in self._leaves.values():
            by_subject.setdefault(leaf.subject, []).append(leaf)
        self._subjects = {name: _Subject(name, code, leaves)
                          for code, (name, leaves) in enumerate(sorted(by_subject.items()), 1)}
        self._action_of: dict[str, tuple[int, str]] = {}  # durable-rules rule name -> (comparison, outcome)
        self._sessions = itertools.count(1)
        self._name = f"certify_{next(_names)}_{self.ruleset.id}"
        self._host = _QuietHost()
        self._host.set_rulesets({self._name: self._durable_rules()})
        self._handle = self._host.get_ruleset(self._name)._handle
        self.engine_calls = 0

    # ---- compiling ----

    def _compile(self, cond, subject: str):
        """The condition tree with its leaves replaced by shared CompiledLeaf objects."""
        if isinstance(cond, Leaf):
            spec = resolve_fact(cond.fact, subject, cond.fact)
            operand = normalized_operand(cond, spec, cond.fact)
            key = (subject, cond.fact, cond.op, operand, cond.evidence)
            if key not in self._leaves:
                self._leaves[key] = CompiledLeaf(len(self._leaves), subject, cond.fact, spec,
                                                 cond.op, operand, cond.evidence, spec.kind)
            return self._leaves[key]
        if isinstance(cond, Some):
            return ("some", cond.some, self._compile(cond.where, cond.some))
        if isinstance(cond, All):
            return ("all", tuple(self._compile(c, subject) for c in cond.all))
        if isinstance(cond, AnyOf):
            return ("any", tuple(self._compile(c, subject) for c in cond.any))
        raise EngineError(f"unknown condition {cond!r}")  # pragma: no cover

    def _durable_rules(self) -> dict:
        rules = {}
        for subject in self._subjects.values():
            for leaf in subject.leaves:
                for outcome, cond in _conditions(leaf).items():
                    name = f"leaf{leaf.id}_{outcome}"
                    rules[name] = {"all": [{"m": {"$and": [{"s": subject.code}, cond]}}], "run": _not_dispatched}
                    self._action_of[name] = (leaf.id, outcome)
        return rules

    # ---- deciding ----

    def _ask(self, messages: list[tuple[_Subject, dict]]) -> list[dict[int, str]]:
        """Assert the messages in a fresh session; each one's outcome per comparison.

        durable-rules' C engine matches the facts against the rules and queues one action
        per rule that fired; they are taken from the queue here, as its Python host would,
        but without running a Python action for each (which cost ~15 µs apiece in the host's
        glue): the name of the rule that fired is the outcome.
        """
        sid = str(next(self._sessions))
        facts = []
        for _, msg in messages:
            msg["sid"] = sid
            facts.append(msg)
        self.engine_calls += 1
        handle, action_of, loads = self._handle, self._action_of, orjson.loads
        fired = []
        try:
            code, state = _c.assert_facts(handle, orjson.dumps(facts).decode())[:2]
            if code == 1:
                raise EngineError("durable-rules matched no rule for a fact: the compiled ruleset is incomplete")
            if code == 2:  # pragma: no cover - every fact carries its own index, so none repeats
                raise EngineError("durable-rules took a fact for one it had seen")
            if code == 3:  # as the host reads it: nothing queued for a state
                state = 0
            queued = _c.start_action_for_state(handle, state)
            pending = loads(queued[1]) if queued else None
            while pending:
                for name, frame in pending.items():
                    fired.append((frame["m"]["i"], *action_of[name]))
                more = _c.complete_and_start_action(handle, state)
                pending = loads(more) if more else None
        finally:
            _c.delete_state(handle, sid)
        decided: list[dict[int, str]] = [_Outcomes() for _ in messages]
        for i, leaf_id, outcome in fired:
            seen = decided[i].setdefault(leaf_id, outcome)
            if seen != outcome:  # an $or fires once per true branch: the same outcome again is fine
                raise EngineError(f"durable-rules decided comparison {leaf_id} both {seen} and {outcome}")
        for (subject, _), got in zip(messages, decided):
            if len(got) != len(subject.leaves):
                raise EngineError(f"durable-rules left comparisons of {subject.name} undecided")
        return decided

    def decide(self, facts: Facts, fixed: dict | None = None) -> dict[tuple[str, int], dict[int, str]]:
        """Each fact holder's outcome per comparison, decided by durable-rules (or its cache).

        `fixed` holds outcomes already decided for some holders ((collection, index) ->
        outcomes) whose facts the caller knows to be unchanged, as the forecast does for
        projects on every date.
        """
        result: dict[tuple[str, int], dict[int, str]] = {}
        missing: list[tuple[_Subject, dict]] = []
        keys: list[tuple] = []
        for name, subject in self._subjects.items():
            if name == "applicant":
                group: list = [(0, facts.applicant)]
            else:
                items = facts.collections.get(name, UNKNOWN)
                if items is UNKNOWN:
                    continue
                group = [(k, item.values) for k, item in enumerate(items)]
            for k, values in group:
                if fixed and (hit := fixed.get((name, k))) is not None:
                    result[(name, k)] = hit
                    continue
                key = (subject.code, subject.band(values)) if self.use_cache else None
                hit = self._cache.get(key) if self.use_cache else None
                result[(name, k)] = hit  # a placeholder on a miss, so holders stay in dossier order
                if hit is None:
                    missing.append((subject, subject.message(values, len(missing))))
                    keys.append(((name, k), key))
        if missing:
            for (where, key), decided in zip(keys, self._ask(missing)):
                result[where] = decided
                if self.use_cache:
                    self._cache[key] = decided
        return result

    def months_thresholds(self) -> dict[str, list[int]]:
        """Each months fact's thresholds, sorted: {"applicant.sales_months": [36, 60, 96, 120], ...}."""
        if self._months is None:
            found: dict[str, set[int]] = {}
            for leaf in self._leaves.values():
                if leaf.spec.kind == "months" and leaf.op == "at_least":
                    found.setdefault(f"{leaf.subject}.{leaf.fact}", set()).add(leaf.operand)
            self._months = {fact: sorted(ts) for fact, ts in found.items()}
        return self._months

    def evaluate(self, facts: Facts) -> tuple[RuleOutcome, ...]:
        """Every rule's outcome for one dossier's facts, with the comparisons that decided it."""
        decided = self.decide(facts)
        out = []
        for rule, whole, parts in self._rules:
            if whole is not None:
                status, node = whole(_APPLICANT, decided, facts)
                out.append(_outcome(RuleOutcome, (rule, status, node, facts, ())))
            else:
                alternatives = tuple([part(_APPLICANT, decided, facts) for part in parts])
                status, node = first_or_closest(alternatives)
                out.append(_outcome(RuleOutcome, (rule, status, node, facts, alternatives)))
        return tuple(out)

    def statuses(self, facts: Facts, fixed: dict | None = None) -> tuple[str, ...]:
        """Every rule's status only, in ruleset order (for forecasting over many dates)."""
        decided = self.decide(facts, fixed)
        out = []
        for _, whole, parts in self._rules:
            if whole is not None:
                out.append(whole(_APPLICANT, decided, facts)[0])
            else:
                out.append(first_or_closest([part(_APPLICANT, decided, facts) for part in parts])[0])
        return tuple(out)


def engine_version() -> str:
    """The installed durable-rules version (for decision records)."""
    from importlib.metadata import version

    return version("durable_rules")
