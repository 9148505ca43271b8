"""Rulesets as data: the pydantic model of a ruleset file, and loading one.

A ruleset names its levels; each level lists rules; each rule cites its clause,
quotes the standard's words, states its requirement in Chinese and English, and
gives its condition as a tree of `all` / `any` / `some <collection>` nodes over
leaf comparisons of facts (see docs/ruleset-format.md). Nothing here evaluates
a rule: engine.py does, with durable-rules.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Union

import yaml
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, ValidationError,
                      field_validator, model_validator)

from .cutshort import cut_in_a_character, cut_short
from .errors import Message, RulesetError, did_you_mean, say
from .filekinds import RULESET, another_kind
from .operands import collections, normalized_operand, resolve_fact
from .rulesetplaces import line_of, path_of, place_of, split_at_a_comma
from .rulewords import (EMPTY_RULESET, NOT_YAML, RULESET_FILE, cannot_read, comma_in_flow, first_given, keys_here,
                        missing_key, nested_some, not_a_mapping, not_under, two_kinds, unknown_collection, unknown_key,
                        validation_said)
from .textfiles import not_utf8, utf8_text
from .values import expected_got, level_tip, problem, read_date
from .yamltext import load_yaml, yaml_problem

BUNDLED = Path(__file__).with_name("rulesets")
DEFAULT_RULESET = BUNDLED / "kam-2014.yaml"

_Strict = ConfigDict(extra="forbid", frozen=True)


def _not_blank(text: str) -> str:
    if not text.strip():
        raise problem(Message("must not be empty", "不能为空"))
    return text


Words = Annotated[str, AfterValidator(_not_blank)]  # a clause, the standard's words, a requirement


class Text(BaseModel):
    """A phrase in both languages."""

    model_config = _Strict
    zh: Words
    en: Words

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Leaf(BaseModel):
    """A comparison of one fact: at_least, equals, in, or contains_all."""

    model_config = _Strict
    fact: str
    at_least: Any = None
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    contains_all: list[Any] | None = None
    evidence: str | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> "Leaf":
        given = [k for k in ("at_least", "equals", "in_", "contains_all") if getattr(self, k) is not None]
        if len(given) != 1:
            names = [k.rstrip("_") for k in given]
            raise problem(say("a comparison needs exactly one of at_least, equals, in, contains_all (got {n})",
                              "一个比较须有且只有 at_least、equals、in、contains_all 中的一个（实际给出：{z}）",
                              n=", ".join(names) or "none", z="、".join(names) or "无"))
        return self

    @property
    def op(self) -> str:
        return next(k.rstrip("_") for k in ("at_least", "equals", "in_", "contains_all")
                    if getattr(self, k) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, "in_" if self.op == "in" else self.op)


class All(BaseModel):
    """Holds when every part holds."""

    model_config = _Strict
    all: list["Condition"] = Field(min_length=1)


class AnyOf(BaseModel):
    """Holds when some part holds: the standard's alternatives (本6 or 碩4)."""

    model_config = _Strict
    any: list["Condition"] = Field(min_length=1)


class Some(BaseModel):
    """Holds when some item of a collection (a degree, a project) satisfies `where`."""

    model_config = _Strict
    some: str
    where: "Condition"


def _condition_kind(data: Any) -> str:
    """Which form a condition is, by its keys, so that errors speak of that form only."""
    if isinstance(data, dict):
        for key, kind in (("all", "all"), ("any", "any"), ("some", "some")):
            if key in data:
                return kind
        return "leaf"
    return {All: "all", AnyOf: "any", Some: "some"}.get(type(data), "leaf")


Condition = Annotated[
    Union[Annotated[All, Tag("all")], Annotated[AnyOf, Tag("any")], Annotated[Some, Tag("some")],
          Annotated[Leaf, Tag("leaf")]],
    Discriminator(_condition_kind),
]
All.model_rebuild()
AnyOf.model_rebuild()
Some.model_rebuild()


class Rule(BaseModel):
    """One requirement of a level, with the clause it encodes."""

    model_config = _Strict
    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    clause: Words
    text: Words = Field(description="the standard's own words")
    requirement: Text
    when: Condition


def level_number(value: Any) -> int:
    """A level's number: 3, or "3" in quotes (a number in quotes is that number in a ruleset, as a threshold's "36" is
    36 months); anything else is said with what a level may be."""
    text = value.strip() if isinstance(value, str) else ""
    number = int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else value
    if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
        return number
    whole = isinstance(value, float) and value.is_integer() and value >= 1
    raise problem(expected_got("a whole number ≥ 1", " ≥ 1 的整数", value, say(
        "{t}: levels are numbered 1, 2, 3, ... in order", "{t}：级别依次编号为 1、2、3……",
        t=level_tip(int(value)) if whole else "")))


class Level(BaseModel):
    """A grade of the standard and the rules that must all hold for it."""

    model_config = _Strict
    level: Annotated[int, BeforeValidator(level_number)]
    name: Text
    rules: list[Rule] = Field(min_length=1)


class Ruleset(BaseModel):
    """A standard (one edition) as data."""

    model_config = _Strict
    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    version: Words
    title: Text
    source: Words = Field(description="the document the rules transcribe")
    effective: Annotated[date, BeforeValidator(read_date)] | None = None  # said as a dossier's date is
    notes: Text | None = None
    levels: list[Level] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        if isinstance(v, float):  # 2014.10 unquoted is the number 2014.1: the version would change unseen
            raise problem(say("write it in quotes, as version: \"{v}\": unquoted it is a number, whose trailing zeros "
                              "YAML drops (2014.10 would be recorded as 2014.1)", "请加引号，写作 version: \"{v}\"：不加"
                              "引号时它是一个数，YAML 会去掉末尾的 0（2014.10 会记为 2014.1）", v=v))
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @model_validator(mode="after")
    def _levels_in_order(self) -> "Ruleset":
        numbers = [lv.level for lv in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            raise problem(say("levels must be numbered 1, 2, 3, ... in order (got {n})",
                              "级别须依次编号为 1、2、3……（实际为 {n}）", n=numbers))
        ids = [r.id for lv in self.levels for r in lv.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise problem(say("rule ids must be unique (repeated: {d})", "规则编号（id）不能重复（重复的有：{z}）",
                              d=", ".join(dupes), z="、".join(dupes)))
        return self

    @property
    def top(self) -> int:
        return len(self.levels)


@dataclass(frozen=True)
class LoadedRuleset:
    """A validated ruleset with where it came from and the sha256 of its bytes."""

    ruleset: Ruleset
    path: str
    sha256: str

    @property
    def meta(self) -> dict[str, str | None]:
        effective = self.ruleset.effective
        return {"id": self.ruleset.id, "version": self.ruleset.version, "sha256": self.sha256,
                "effective": effective.isoformat() if effective else None}


def fact_errors(cond, subject: str, where: str) -> list[RulesetError]:
    """Every fact, collection and operand of a condition that does not exist or fit, each a RulesetError (a `some`
    in error is not looked inside)."""
    if isinstance(cond, Leaf):
        try:
            spec = resolve_fact(cond.fact, subject, where)
            normalized_operand(cond, spec, where)
            if cond.evidence is not None:
                resolve_fact(cond.evidence, subject, where + ".evidence")
        except RulesetError as e:
            return [e]
        return []
    if isinstance(cond, Some):
        if subject != "applicant":
            return [nested_some(where)]
        if cond.some not in collections():
            return [unknown_collection(cond.some, collections(), where, did_you_mean(cond.some, collections()))]
        return fact_errors(cond.where, cond.some, where + ".where")
    key = "all" if isinstance(cond, All) else "any"
    return [e for i, part in enumerate(getattr(cond, key)) for e in fact_errors(part, subject, f"{where}.{key}[{i}]")]


def parse_ruleset(text: str, source: str) -> Ruleset:
    """Validate a ruleset's YAML text; errors name `source`, the field and its line, or, where the text stops
    inside a line and the error is where it stops, that it is cut short (cutshort.py). A ruleset with several
    independent mistakes raises the first in the file, with the others in its `more` in line order."""
    try:
        return _parsed(text, source)
    except RulesetError as e:
        raise cut_short(text, e) from None


def _parsed(text: str, source: str) -> Ruleset:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as e:
        message, line = yaml_problem(e, NOT_YAML, text, frozenset(Ruleset.model_fields))  # id:, levels:, ...
        raise RulesetError(message, file=source, line=line) from None
    if data is None:
        raise RulesetError(EMPTY_RULESET, file=source)
    if (other := another_kind(data, RULESET, source)) is not None:  # a dossier, the committee's decisions, a case file
        raise RulesetError(other, file=source)
    if not isinstance(data, dict):
        raise RulesetError(not_a_mapping(data), file=source, line=1)
    ruleset, errors = None, []
    try:
        ruleset = Ruleset.model_validate(data)
    except ValidationError as e:
        found = e.errors()
        errors = [_schema_error(err, data, text, source) for err in found if not _follows(err, found, data)]
        # Each rule the schema errors are not inside is read alone, for the facts it compares.
        bad = {tuple(err["loc"][:4]) for err in found}
        for li, ri, raw in raw_rules(data):
            if ("levels", li, "rules", ri) not in bad:
                try:
                    rule = Rule.model_validate(raw)
                except ValidationError:
                    continue
                errors += fact_errors(rule.when, "applicant", f"levels[{li}].rules[{ri}].when")
    else:
        errors = [e for li, level in enumerate(ruleset.levels) for ri, rule in enumerate(level.rules)
                  for e in fact_errors(rule.when, "applicant", f"levels[{li}].rules[{ri}].when")]
    if errors:
        for e in errors:
            e.file = source
            if e.line is None and e.path:  # levels[0].rules[1].when.where.all[2] -> the line of that condition
                loc = tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", e.path))
                e.line = line_of(text, loc, tagged=False)  # the ruleset's own keys all, any and some: no tags
        first, *more = sorted(errors, key=lambda e: (e.line is None, e.line or 0))
        first.more = tuple(more)
        raise first
    return ruleset


def raw_rules(data: dict):
    """(level's index, rule's index, the rule's data) for each rule of a ruleset's data, however malformed."""
    levels = data.get("levels")
    for li, level in enumerate(levels if isinstance(levels, list) else []):
        rules = level.get("rules") if isinstance(level, dict) else None
        for ri, raw in enumerate(rules if isinstance(rules, list) else []):
            yield li, ri, raw


def _follows(err: dict, errors: list[dict], data: dict) -> bool:
    """An error another says: a required key missing beside an unknown key that is its misspelling (txet beside a
    missing text); a text's zh and en written in line with it, not under it (the text given no value, and its en
    beside its zh)."""
    if err["type"] == "missing" and any(x["type"] == "extra_forbidden" and x["loc"][:-1] == err["loc"][:-1] and
                                        did_you_mean(str(x["loc"][-1]), _fields_at(x["loc"][:-1])) == err["loc"][-1]
                                        for x in errors):
        return True
    for x in (x for x in errors if x["type"] == "extra_forbidden" and x is not err):
        empty = _empty_text_beside(data, x["loc"][:-1], str(x["loc"][-1]))
        if empty is not None and (err["loc"] == (*x["loc"][:-1], empty) or err["type"] == "extra_forbidden" and
                                  err["loc"][:-1] == x["loc"][:-1] and errors.index(x) < errors.index(err)):
            return True
    return False


def _schema_error(err: dict, data: dict, text: str, source: str) -> RulesetError:
    """One validation error of a ruleset's data as certify says it: its field, its line, a did-you-mean."""
    path = path_of(err["loc"])
    hint = None
    if err["type"] == "extra_forbidden":
        msg = unknown_key(err["loc"][-1])
        path = path_of(err["loc"][:-1])
        key, allowed = str(err["loc"][-1]), _fields_at(err["loc"][:-1])
        hint = did_you_mean(key, allowed)
        if split_at_a_comma(text, err["loc"]):
            msg, hint = comma_in_flow(msg), None
        elif key in _KINDS and (kind := next((k for k in _KINDS if k in allowed), None)):  # {all: ..., any: ...}
            msg = two_kinds(msg, kind, key)
        elif (empty := _empty_text_beside(data, err["loc"][:-1], key)) is not None:  # requirement: with zh: below
            msg, hint = not_under(msg, empty, line_of(text, (*err["loc"][:-1], empty))), None
        elif hint is None:
            msg = keys_here(msg, allowed)
    elif err["type"] == "missing":  # what the key is for, and every key required beside it
        msg = missing_key(_model_at(err["loc"][:-1]).__name__, str(err["loc"][-1]), _fields_at(err["loc"][:-1], True))
    else:
        msg = validation_said(err, plain=True)
    loc = err["loc"] or place_of(data, msg)  # a whole-ruleset check: the level or rule it is about
    if not err["loc"]:
        path = path_of(loc)
        if loc and loc[-1] == "id":  # a rule id given twice: where it was given first, too
            msg = first_given(loc, data, lambda first: line_of(text, first, tagged=False))
    return RulesetError(msg, file=source, path=path, line=line_of(text, loc), hint=hint)


_KINDS = ("all", "any", "some", "fact")  # what a condition may be: its first key says which


def _model_at(loc: tuple) -> type[BaseModel]:
    """The part of a ruleset at `loc`: a rule, a level, a text in two languages, a condition, the ruleset."""
    tag = next((p for p in reversed(loc) if p in ("all", "any", "some", "leaf")), None)
    last = next((p for p in reversed(loc) if isinstance(p, str)), None)
    model = {"all": All, "any": AnyOf, "some": Some, "leaf": Leaf}.get(tag) if tag else None
    return model or {"levels": Level, "rules": Rule, "title": Text, "name": Text, "requirement": Text,
                     "notes": Text}.get(last, Ruleset)


def _empty_text_beside(data: dict, loc: tuple, key: str) -> str | None:
    """A text given no value beside `key` (a zh or en) in the mapping at `loc`: `requirement:` with its `zh:` written
    in line with it, not under it; else None."""
    node = data
    for part in loc:
        node = node[part] if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(
            part, int) and part < len(node) else None
    return next((k for k, v in node.items() if v is None and _model_at((*loc, k)) is Text), None) \
        if key in ("zh", "en") and isinstance(node, dict) else None


def _fields_at(loc: tuple, required: bool = False) -> list[str]:
    """The keys allowed at `loc` (for a did-you-mean), or the keys required there."""
    return [f.alias or name for name, f in _model_at(loc).model_fields.items() if f.is_required() or not required]


def load_ruleset(path: str | Path | None = None) -> LoadedRuleset:
    """Read and validate a ruleset file (the bundled 2014 standard when `path` is None)."""
    path = DEFAULT_RULESET if path is None else Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise RulesetError(cannot_read(RULESET_FILE, e.strerror), file=str(path)) from None
    try:
        text = utf8_text(raw)
    except UnicodeDecodeError as e:
        raise RulesetError(cut_in_a_character(raw, e.start) or not_utf8(raw, e.start), file=str(path)) from None
    ruleset = parse_ruleset(text, str(path))
    return LoadedRuleset(ruleset, str(path), hashlib.sha256(raw).hexdigest())
