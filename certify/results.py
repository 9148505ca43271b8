"""results-v1's JSON records (the contract: spec/results-v1.md beside the project): a result, and each
reading of a rule, in machine form, as `certify check --format jsonl|json` writes them and decision records keep them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import orjson

from .check import Failure, Result
from .explain import explain
from .facts import UNKNOWN
from .gaps import gap_record
from .verdict import PASS


def _json_any(value):
    """A value in JSON form, whatever its type."""
    if value is UNKNOWN:
        return None
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    if hasattr(value, "is_finite"):  # Decimal: exact, as a string would lose its type
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _decimal(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


# The types readings hold, each with what _json_any does to it, found by one look-up.
_AS_IS = frozenset({str, int, float, bool, type(None)})
_BY_TYPE = {type(UNKNOWN): _json_any, frozenset: sorted, set: sorted, tuple: list, Decimal: _decimal,
            date: date.isoformat, datetime: datetime.isoformat}


def _json_value(value):
    kind = type(value)
    if kind in _AS_IS:
        return value
    return _BY_TYPE.get(kind, _json_any)(value)


def reading_record(r) -> dict:
    """A reading in machine form."""
    actual, required, shortfall = r.actual, r.required, r.shortfall
    return {"fact": r.key, "item": r.item, "op": r.op,
            "actual": actual if type(actual) in _AS_IS else _json_value(actual),
            "required": required if type(required) in _AS_IS else _json_value(required), "status": r.status,
            "shortfall": shortfall if type(shortfall) in _AS_IS else _json_value(shortfall),
            "unproven": r.unproven}


def result_record(result: Result, lang: str = "en") -> dict:
    """One result as results-v1's JSON object (with certify's added fields).

    Each rule's readings are laid out once: the same dicts (often the same list) serve
    the rule, its gap and the gap's alternative with the same readings; `readings` and
    `alternatives`, made anew at each use, are read once.
    """
    if isinstance(result, Failure):
        record = {"file": result.file, "error": result.error.detail(lang)}
        # Whose it is, where known (fields added to results-v1's error record): a spreadsheet applicant's id and the
        # name its row gives, an id given again and the name of the dossier that gave it again.
        if result.applicant_id:
            record["applicant_id"] = result.applicant_id
        if result.applicant_name:
            record["applicant_name"] = result.applicant_name
        return record
    v = result
    forecast = v.forecast
    rules_on, levels_on = (forecast.rules, forecast.levels) if forecast else (None, None)
    levels = []
    for lv in v.levels:
        rules, gaps = [], []
        for o in lv.rules:
            rule, status = o.rule, o.status
            readings, alternatives = o.readings_and_alternatives()
            records = list(map(reading_record, readings))
            rules.append({"id": rule.id, "status": status, "explanation": explain(o, lang, readings),
                          "clause": rule.clause, "readings": records})
            if status != PASS:
                missing = records  # usually every reading of a rule that does not pass
                for x in records:
                    if x["status"] == PASS:
                        missing = [rec for rec in records if rec["status"] != PASS]
                        break
                gaps.append(gap_record(o, readings, alternatives, missing, reading_record, rules_on,
                                       forecast.rule_editions if forecast else None,
                                       forecast.rule_requirements if forecast else None))
        number = lv.number
        when = levels_on.get(number) if forecast else None
        levels.append({"level": number, "status": lv.status, "name": lv.level.name(lang), "rules": rules,
                       "gaps": gaps, "passes_on": when.isoformat() if when else None})
        if forecast and number in forecast.level_editions:  # a date under a later edition (results-v1 extension)
            levels[-1]["passes_on_ruleset"] = dict(forecast.level_editions[number])
    record = {"file": v.file, "applicant_id": v.applicant_id, "as_of": v.as_of.isoformat(),
              "ruleset": dict(v.ruleset), "qualified_level": v.qualified_level, "target_level": v.target_level,
              "target_status": v.target_status, "levels": levels}
    if v.overrides:
        record["overrides"] = [o.as_record() for o in v.overrides]
    return record


def to_json(record: dict) -> str:
    """Compact JSON text, UTF-8 characters as they are (orjson: several times json's speed)."""
    return orjson.dumps(record).decode("utf-8")
