"""A dossier's computed facts as a decision record keeps them (records.py), and as verify compares them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from .facts import UNKNOWN, Facts


def json_safe(value):
    """A fact's value as JSON: unknown is null, sets sorted lists, Decimals exact, dates ISO."""
    if value is UNKNOWN:
        return None
    if isinstance(value, (set, frozenset)):
        return sorted(json_safe(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def facts_record(facts: Facts) -> dict:
    """All of a dossier's computed facts: the applicant's, and each degree's and project's."""
    out = {"as_of": facts.as_of.isoformat(), "applicant": json_safe(facts.applicant)}
    for name, items in facts.collections.items():
        out[name] = None if items is UNKNOWN else [{"label": it.label, "facts": json_safe(it.values)}
                                                   for it in items]
    return out
