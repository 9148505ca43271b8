"""The facts shorthand of a ruleset's test cases: the facts a ruleset reads, given directly (applicant
facts by name, collections as lists of item facts), with values as rulesets write them ("5 years",
"100万", "bachelor")."""

from __future__ import annotations

from datetime import date

from .dossier import ALIASES
from .errors import Message, did_you_mean, say
from .facts import FACTS, UNKNOWN, Facts, Item, project_labels
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
        try:
            return v if isinstance(v, date) else date.fromisoformat(str(v))
        except ValueError as e:
            raise ValueError(Message(str(e), f"应为 YYYY-MM-DD 格式的日期，实际为 {v!r}")) from None
    if kind == "text":
        return str(v)
    if kind == "set" and not isinstance(v, list):  # a lone word would be read letter by letter
        raise ValueError(say("expected a list ([{v}]), got {r}", "应为列表（[{v}]），实际为 {r}", v=v, r=repr(v)))
    names = [v] if kind != "set" else list(v)
    out = []
    for name in names:
        text = str(name)
        for aliases in ALIASES.values():
            text = aliases.get(text, text)
        if text not in spec.choices:  # with a did-you-mean, as the ruleset's own values have ('leader': 'lead')
            near = did_you_mean(text, spec.choices)
            raise ValueError(say("unknown value {v} of {n} (one of: {c}){h}", "{v} 不是 {n} 的可选值（可选：{z}）{y}",
                                 v=repr(name), n=spec.name, c=", ".join(spec.choices), z="、".join(spec.choices),
                                 h=f" (did you mean '{near}'?)" if near else "", y=f"（是否应为 '{near}'？）" if near else ""))
        out.append(text)
    return frozenset(out) if kind == "set" else out[0]


class FactProblem(ValueError):
    """A fact of the shorthand that cannot be read, with its place under `facts` (("projects", 0, "stages")), so
    that a case file can name the fact's own line."""

    def __init__(self, message: Message, loc: tuple) -> None:
        super().__init__(message)
        self.loc = loc


def said(error: ValueError) -> str:
    """What a ValueError says: its argument where that is a Message (in English and Chinese), else its text."""
    return error.args[0] if error.args and isinstance(error.args[0], Message) else str(error)


def _values_of(data: dict, subject: str, where: str, loc: tuple = ()) -> dict:
    names = [k.split(".", 1)[1] for k in FACTS if k.startswith(subject + ".")]
    values: dict = {}
    for key, v in data.items():
        if key == "name" and subject != "applicant":
            continue
        if key not in names:
            hint = did_you_mean(key, names)
            raise FactProblem(say("{w}: unknown fact '{k}' (did you mean '{h}'?)", "{w}：未知的事实 '{k}'（是否应为 '{h}'？）",
                                  w=where, k=key, h=hint) if hint else
                              say("{w}: unknown fact '{k}' (facts: {f})", "{w}：未知的事实 '{k}'（可用的事实有：{z}）", w=where,
                                  k=key, f=", ".join(names), z="、".join(names)), (*loc, key))
        try:
            values[key] = _value(FACTS[f"{subject}.{key}"], v)
        except ValueError as e:
            raise FactProblem(say("{w}.{k}: {e}", "{w}.{k}：{e}", w=where, k=key, e=said(e)), (*loc, key)) from None
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
            raise FactProblem(say("facts.{n}: expected a list of items", "facts.{n}：应为各项组成的列表", n=name), (name,))
        built = []
        for k, item in enumerate(items):
            if not isinstance(item, dict):
                raise FactProblem(say("facts.{n}[{k}]: expected a mapping of facts", "facts.{n}[{k}]：应为事实的映射（键: 值）",
                                      n=name, k=k), (name, k))
            values = _values_of(item, name, f"facts.{name}[{k}]", (name, k))
            built.append(Item(_label(name, item, values, k), values))
        if name == "projects":  # two of one name told apart as a dossier's are (乙项目 #1, 乙项目 #2)
            built = [Item(label, it.values) for it, label in zip(built, project_labels([it.label for it in built]))]
        out[name] = tuple(built)
    return Facts(as_of, _values_of(applicant, "applicant", "facts"), out)
