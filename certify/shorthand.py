"""The facts shorthand of a ruleset's test cases: the facts a ruleset reads, given directly (applicant
facts by name, collections as lists of item facts), with values as rulesets write them ("5 years",
"100万", "bachelor")."""

from __future__ import annotations

from datetime import date

from .dossier import ALIASES
from .errors import did_you_mean
from .facts import FACTS, UNKNOWN, Facts, Item
from .operands import months_value
from .values import parse_amount

# Facts whose absence a dossier gives as a known value, not as unknown.
_DEFAULTS = {"mode": "full_time", "designation": None, "designation_ref": None}


def _value(spec, v):
    if v is None:
        return UNKNOWN
    kind = spec.kind
    if kind == "months":
        return months_value(v)
    if kind == "amount":
        return parse_amount(v)
    if kind == "date":
        return v if isinstance(v, date) else date.fromisoformat(str(v))
    if kind == "text":
        return str(v)
    if kind == "set" and not isinstance(v, list):  # a lone word would be read letter by letter
        raise ValueError(f"expected a list ([{v}]), got {v!r}")
    names = [v] if kind != "set" else list(v)
    out = []
    for name in names:
        text = str(name)
        for aliases in ALIASES.values():
            text = aliases.get(text, text)
        if text not in spec.choices:
            raise ValueError(f"unknown value {name!r} of {spec.name} (one of: {', '.join(spec.choices)})")
        out.append(text)
    return frozenset(out) if kind == "set" else out[0]


def _values_of(data: dict, subject: str, where: str) -> dict:
    names = [k.split(".", 1)[1] for k in FACTS if k.startswith(subject + ".")]
    values: dict = {}
    for key, v in data.items():
        if key == "name" and subject != "applicant":
            continue
        if key not in names:
            raise ValueError(f"{where}: unknown fact '{key}' (did you mean '{did_you_mean(key, names)}'?)"
                             if did_you_mean(key, names) else f"{where}: unknown fact '{key}' (facts: "
                             f"{', '.join(names)})")
        try:
            values[key] = _value(FACTS[f"{subject}.{key}"], v)
        except ValueError as e:
            raise ValueError(f"{where}.{key}: {e}") from None
    for name in names:
        values.setdefault(name, _DEFAULTS.get(name, UNKNOWN) if subject != "applicant" else UNKNOWN)
    return values


def _label(subject: str, data: dict, values: dict, k: int) -> str:
    if "name" in data:
        return str(data["name"])
    if subject == "education" and values.get("degree") is not UNKNOWN:  # else counted, as any unnamed item
        graduated = values.get("graduated")
        return f"{values['degree']} {graduated.isoformat()}" if isinstance(graduated, date) else str(values["degree"])
    return f"{subject} {k + 1}"


def facts_from_data(data: dict, as_of: date) -> Facts:
    """The facts shorthand as Facts: applicant facts by name, collections as lists of item facts."""
    collections = sorted({k.split(".", 1)[0] for k in FACTS} - {"applicant"})
    applicant = {k: v for k, v in data.items() if k not in collections}
    out: dict = {}
    for name in collections:
        items = data.get(name)
        if items is None:
            out[name] = UNKNOWN
            continue
        if not isinstance(items, list):
            raise ValueError(f"facts.{name}: expected a list of items")
        built = []
        for k, item in enumerate(items):
            if not isinstance(item, dict):
                raise ValueError(f"facts.{name}[{k}]: expected a mapping of facts")
            values = _values_of(item, name, f"facts.{name}[{k}]")
            built.append(Item(_label(name, item, values, k), values))
        out[name] = tuple(built)
    return Facts(as_of, _values_of(applicant, "applicant", "facts"), out)
