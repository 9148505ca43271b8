"""What crosses between a pool's processes (parallel.py), and a temporary file of results (spool.py): a verdict
without its ruleset's pydantic objects (rule ids in their place), put back together with the receiving process's
own (unpickling those objects cost 0.8 ms a verdict, more than judging it); and what a worker needs to build the
same engine again."""

from __future__ import annotations

from dataclasses import fields

from .check import Failure, Rendered, Result
from .editions import RulesetSource
from .engine import Engine
from .errors import EngineError
from .verdict import LevelOutcome, RuleOutcome, Verdict

# A RuleOutcome travels as its fields after `rule`, in order; a Verdict as its fields but `levels`.
# Reading the field names from the dataclasses means a field added later travels too.
_OUTCOME_FIELDS = RuleOutcome._fields  # a NamedTuple
_VERDICT_FIELDS = tuple(f.name for f in fields(Verdict) if f.name != "levels")
_RENDERED_FIELDS = tuple(f.name for f in fields(Rendered))  # a Rendered travels as (None, its fields)
assert _OUTCOME_FIELDS[0] == "rule", "pack expects RuleOutcome's first field to be its rule"


def pack(result: Result) -> object:
    """A result made cheap to pickle: a Verdict without its ruleset objects (rule ids instead), a Rendered
    as plain values."""
    if isinstance(result, Failure):
        return result
    if isinstance(result, Rendered):  # plain values: unpickling a frozen dataclass costs more
        return None, tuple(getattr(result, n) for n in _RENDERED_FIELDS)
    rest = _OUTCOME_FIELDS[1:]
    levels = tuple((lv.status, tuple((o.rule.id, *[getattr(o, n) for n in rest]) for o in lv.rules))
                   for lv in result.levels)
    return tuple(getattr(result, n) for n in _VERDICT_FIELDS), levels


def _editions(engine: Engine | RulesetSource) -> list:
    return list(engine.editions) if isinstance(engine, RulesetSource) else [engine.loaded]


def rulesets_of(engine: Engine | RulesetSource) -> dict:
    """The loaded rulesets a verdict of `engine` may be judged by, by sha256."""
    return {loaded.sha256: loaded for loaded in _editions(engine)}


class Unpacker:
    """Puts a packed verdict back together with this process's Rule and Level objects."""

    def __init__(self, engine: Engine | RulesetSource) -> None:
        self.rulesets = {}
        for loaded in _editions(engine):
            levels = loaded.ruleset.levels
            self.rulesets[loaded.sha256] = (levels, {rule.id: rule for level in levels for rule in level.rules})

    def __call__(self, item: object) -> Result:
        if isinstance(item, Failure):
            return item
        values, packed = item
        if values is None:
            return Rendered(*packed)
        rest = dict(zip(_VERDICT_FIELDS, values))
        found = self.rulesets.get(rest["ruleset"]["sha256"])
        if found is None:  # pragma: no cover - workers get the parent's rulesets
            raise EngineError("a worker judged with a ruleset this process does not hold")
        levels, rules = found
        return Verdict(levels=tuple(
            LevelOutcome(level=level, status=status,
                         rules=tuple(RuleOutcome(rules[rid], *more) for rid, *more in outs))
            for level, (status, outs) in zip(levels, packed)), **rest)


def portable(engine: Engine | RulesetSource) -> tuple:
    """What a worker needs to build the same engine (or editions) again: plain, picklable data."""
    if isinstance(engine, RulesetSource):
        return ("editions", list(engine.editions), engine.dated, engine.where)
    return ("engine", engine.loaded)


def rebuild(spec: tuple) -> Engine | RulesetSource:
    """The engine (or editions) `portable` describes, compiled in this process."""
    if spec[0] == "editions":
        return RulesetSource(spec[1], dated=spec[2], where=spec[3])
    return Engine(spec[1])
