"""A decision record's verdict as the objects certify's own layouts read (report.ExplainReporter and
MarkdownExplainReporter, gaps.gap_parts): `certify show` lays out a recorded verdict as `certify check FILE
--explain` lays out one judged now, from the record alone. Nothing is evaluated: each rule's explanation is the
one recorded (its `recorded` words, which a record keeps in English), or, in Chinese, the same sentence worded
from the rule's recorded readings when worded in English they are the recorded words exactly (`worded`); each
gap's readings are the recorded ones, and the dates are those the record kept (none when the check that made it
worked none out).

What a record does not keep is not made up: why a date is what it is (more work, a job's recorded end) is not
in a record, so the gap says the dates alone; a degree awarded on such a date is, from the recorded facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .explain import explain
from .facts import FACTS, UNKNOWN
from .forecast import Forecast
from .logic import Reading
from .overrides import Override
from .ruleset import Text
from .values import parse_amount


@dataclass(frozen=True, slots=True)
class _Name:
    """A level's name: the ruleset's, in either language, when the ruleset judged by is at hand; else the
    recorded one (results-v1 keeps it in English)."""

    recorded: str
    text: object = None  # ruleset.Text

    def __call__(self, lang: str) -> str:
        return self.text(lang) if self.text is not None else self.recorded


@dataclass(frozen=True, slots=True)
class _Level:
    level: int
    name: _Name


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    clause: str


@dataclass(frozen=True, slots=True)
class RecordedOutcome:
    """A rule's outcome as recorded: its status, its explanation's words, and (for a rule that does not pass)
    its gap's readings and alternatives."""

    rule: _Rule
    status: str
    recorded: str  # the explanation, as the record keeps it
    missing: tuple = ()
    alternatives: tuple = ()

    def readings_and_alternatives(self) -> tuple[tuple, tuple]:
        return self.missing, self.alternatives


@dataclass(frozen=True, slots=True)
class _LevelOutcome:
    level: _Level
    status: str
    rules: tuple

    @property
    def number(self) -> int:
        return self.level.level


@dataclass(frozen=True, slots=True)
class RecordedVerdict:
    """What a decision record's `verdict` says, as verdict.Verdict holds a verdict judged now."""

    file: str | None
    applicant_id: str
    applicant_name: str | None
    as_of: date
    ruleset: dict
    levels: tuple
    qualified_level: int
    target_level: int | None
    target_status: str | None
    overrides: tuple = ()
    forecast: Forecast | None = None
    worded: bool = False  # every rule's explanation worded anew from its readings (see words), none as recorded
    ahead_of: date | None = None  # a record does not say what a later as-of date assumed
    ahead: tuple = field(default=())

    def level(self, number: int) -> _LevelOutcome:
        return self.levels[number - 1]

    def level_statuses(self, count: int) -> list[str | None]:
        statuses: list[str | None] = [lv.status for lv in self.levels[:count]]
        return statuses + [None] * (count - len(statuses))


def recorded_value(value, kind: str):
    """A recorded value (a reading's, or a fact's as recordfacts.json_safe writes it) as the fact's kind holds it:
    null unknown, a set a set, an amount a Decimal. Raises ValueError for an amount no dossier can hold (a record
    edited by hand: `abc`, 1e400), which no layout should try to word."""
    if value is None:
        return UNKNOWN
    if kind == "set" and isinstance(value, list):
        return frozenset(value)
    if kind == "amount" and isinstance(value, (int, float, str)):
        return parse_amount(value)  # as a dossier's amount is read: ValueError for one no dossier can hold
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def reading_of(record: dict) -> Reading:
    """A recorded reading (results.reading_record) as logic.Reading: explain.py words it."""
    subject, _, fact = record["fact"].partition(".")
    kind = FACTS[record["fact"]].kind if fact else ""
    required = record["required"]
    if isinstance(required, list) and kind != "set":
        required = tuple(required)
    actual = record["actual"]
    if fact:
        actual = recorded_value(actual, kind)
        required = recorded_value(required, kind) if kind != "set" else tuple(required)
    elif actual is None:
        actual = UNKNOWN
    return Reading(subject, fact, record["op"], required, actual, record["status"], record.get("item"),
                   record.get("unproven"), kind)


@dataclass(frozen=True, slots=True)
class _Worded:
    """A recorded rule's outcome as explain.explain words one: the ruleset's rule and the recorded status."""

    rule: object  # ruleset.Rule
    status: str


def words(recorded: dict, rule, lang: str) -> str | None:
    """A recorded rule's explanation in `lang`, worded from its recorded readings and `rule` (the ruleset's, from
    the ruleset judged by), when the same wording in English is the recorded explanation word for word, so that the
    words say what the record says; None when it is not (a record made by another version of certify, or edited),
    and the recorded words stand."""
    try:
        readings = tuple(map(reading_of, recorded["readings"]))
        outcome = _Worded(rule, recorded["status"])
        if explain(outcome, "en", readings) != recorded["explanation"]:
            return None
        return explain(outcome, lang, readings)
    except (KeyError, TypeError, ValueError, AttributeError):  # readings not as certify writes them
        return None


def _day(text) -> date | None:
    return date.fromisoformat(text) if text else None


def recorded_verdict(record: dict, applicant_name: str | None = None, names: dict | None = None,
                     rules: dict | None = None, lang: str = "en") -> RecordedVerdict:
    """The record's verdict; `names` the ruleset's level names (level -> ruleset.Text), and `rules` its rules (id ->
    ruleset.Rule), when it is at hand. With `rules` and a `lang` other than the record's English, the explanations
    are worded in `lang` when every one of them can be (words); else all stand as recorded.
    Raises KeyError, TypeError or ValueError for a record whose verdict is not as certify writes it."""
    verdict, forecast = record["verdict"], bool(record["options"].get("forecast"))
    worded = {}
    if rules and lang != "en":
        for lv in verdict["levels"]:
            for r in lv["rules"]:
                rule = rules.get(r["id"])
                if rule is None or (said := words(r, rule, lang)) is None:
                    worded = None
                    break
                worded[r["id"]] = said
            if worded is None:
                break
    levels, rules_on, levels_on, rule_editions, level_editions, requirements = [], {}, {}, {}, {}, {}
    for lv in verdict["levels"]:
        gaps = {g["rule"]: g for g in lv.get("gaps") or ()}
        outcomes = []
        for r in lv["rules"]:
            gap = gaps.get(r["id"])
            missing = tuple(map(reading_of, gap["missing"])) if gap else ()
            alternatives = tuple((a["status"], tuple(map(reading_of, a["missing"])))
                                 for a in (gap or {}).get("alternatives") or ())
            outcomes.append(RecordedOutcome(_Rule(r["id"], r["clause"]), r["status"],
                                            worded[r["id"]] if worded else r["explanation"], missing, alternatives))
            if gap is not None:
                rules_on[r["id"]] = _day(gap.get("passes_on"))
                if gap.get("passes_on_ruleset"):
                    rule_editions[r["id"]] = gap["passes_on_ruleset"]
                if gap.get("passes_on_requirement"):
                    requirements[r["id"]] = Text.model_validate(gap["passes_on_requirement"])
        number = lv["level"]
        levels_on[number] = _day(lv.get("passes_on"))
        if lv.get("passes_on_ruleset"):
            level_editions[number] = lv["passes_on_ruleset"]
        name = _Name(lv.get("name") or "", (names or {}).get(number))
        levels.append(_LevelOutcome(_Level(number, name), lv["status"], tuple(outcomes)))
    as_of = date.fromisoformat(verdict["as_of"])
    awarded = frozenset(d for d in (_day((e.get("facts") or {}).get("graduated"))
                                    for e in (record.get("facts") or {}).get("education") or ()) if d and d > as_of)
    said = Forecast(levels_on, rules_on, level_editions, rule_editions, requirements, awarded) if forecast else None
    overrides = tuple(Override(o["applicant_id"], o["level"], o["decision"], o["reason"], o["approver"],
                               o["reference"], date.fromisoformat(o["date"]), o.get("file", ""), o.get("entry", 0))
                      for o in record.get("overrides") or ())
    return RecordedVerdict(verdict.get("file"), verdict["applicant_id"], applicant_name, as_of, verdict["ruleset"],
                           tuple(levels), verdict["qualified_level"], verdict.get("target_level"),
                           verdict.get("target_status"), overrides, said, bool(worded))
