"""What a decision record's fields hold, beyond their kind (recorded.py checks that): a status word certify writes,
a level of the verdict, a date that is a date, a fact certify knows and a value it can hold. A record edited by
hand to hold another (`passed`, level 7, 2024-13-40) is named by the field's path and what it should hold, in
English and Chinese, as a field missing is; never by the exception a layout of it would raise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import chain

from .errors import Message
from .facts import FACTS
from .overrides import DECISIONS
from .values import parse_amount
from .verdict import FAIL, PASS, REVIEW

STATUSES = (PASS, FAIL, REVIEW)
OPS = ("at_least", "equals", "in", "contains_all", "some")  # "some": a collection's reading (none, or none passing)
COLLECTIONS = ("education", "projects", "employment")


def _words(words, zh_or: str = "或", en_or: str = "or") -> Message:
    """pass, fail or review (pass、fail 或 review)."""
    words = list(words)
    return Message(f"{', '.join(words[:-1])} {en_or} {words[-1]}", f" {'、'.join(words[:-1])} {zh_or} {words[-1]}")


def _not(what: Message, value, null: bool = False) -> Message:
    """`Input should be WHAT, not VALUE`, as recorded.py says a time that is no time."""
    en_null, zh_null = (" or null", "或 null") if null else ("", "")
    return Message(f"Input should be {str(what)}{en_null}, not {value!r}", f"应为{what.zh}{zh_null}，而非 {value!r}")


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and date.fromisoformat(value) is not None
    except ValueError:
        return False


_DATE = Message("a valid date written YYYY-MM-DD", "写成 YYYY-MM-DD 的有效日期")
_STATUS = Message(f"one of {', '.join(STATUSES)}", f" {'、'.join(STATUSES)} 之一")


def _date(where: str, value, null: bool = True) -> Iterator[tuple[str, Message]]:
    if not (value is None and null) and not _is_date(value):
        yield where, _not(_DATE, value, null)


def _status(where: str, value, null: bool = False) -> Iterator[tuple[str, Message]]:
    if not (value is None and null) and value not in STATUSES:
        yield where, _not(_STATUS, value, null)


def _level(where: str, value, count: int, least: int, null: bool = False) -> Iterator[tuple[str, Message]]:
    """A level number of a verdict of `count` levels: `least` (0 for none, or 1) to `count`."""
    if value is None and null:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= count:
        none = Message("0 for none, ", "0 表示未达到任何级别，") if least == 0 else Message("", "")
        yield where, _not(Message(f"a level of the verdict ({str(none)}1 to {count})",
                                  f"判定结果中的级别（{none.zh}1 至 {count}）"), value, null)


def _value(where: str, fact: str, value) -> Iterator[tuple[str, Message]]:
    """A fact's value (or a reading's) as certify records it: null for unknown, else of the fact's kind."""
    spec = FACTS.get(fact)
    if value is None or spec is None:
        return
    if spec.kind == "months" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        yield where, _not(Message("a whole number of months, 0 or more", "不小于 0 的整数月数"), value)
    elif spec.kind == "amount":
        try:
            parse_amount(value)
        except (ValueError, TypeError):
            yield where, _not(Message("an amount in yuan, 0 or more", "不小于 0 的金额（元）"), value)
    elif spec.kind == "date":
        yield from _date(where, value)
    elif spec.kind == "set" and (not isinstance(value, list) or any(v not in spec.choices for v in value)):
        yield where, _not(Message(f"a list whose items are each one of {str(_words(spec.choices))}",
                                  f"列表，其中每项为{_words(spec.choices).zh}"), value)
    elif spec.choices and spec.kind != "set" and value not in spec.choices:
        yield where, _not(_words(spec.choices), value)


def _reading(where: str, reading: dict) -> Iterator[tuple[str, Message]]:
    fact = reading.get("fact")
    if fact not in FACTS and fact not in COLLECTIONS:
        yield f"{where}.fact", _not(Message("a fact certify knows (such as applicant.sales_months)",
                                            " certify 所知的事实（如 applicant.sales_months）"), fact)
        return
    if reading.get("op") not in OPS:
        yield f"{where}.op", _not(_words(OPS), reading.get("op"))
    yield from _status(f"{where}.status", reading.get("status"))
    if fact in FACTS and reading.get("op") in ("at_least", "equals"):
        for key in ("actual", "required"):
            yield from _value(f"{where}.{key}", fact, reading.get(key))


def _edition(where: str, edition) -> Iterator[tuple[str, Message]]:
    """A later edition a forecast date falls under: the day it takes effect, a date."""
    if edition is not None:
        yield from _date(f"{where}.effective", edition.get("effective"), null=False)


def _each(part: dict, key: str):
    """The items of a list a part holds (or null), numbered: each of its kind, as recorded.py's models read it."""
    return enumerate(part.get(key) or ())


def _readings(where: str, part: dict, key: str) -> Iterator[tuple[str, Message]]:
    for m, reading in _each(part, key):
        yield from _reading(f"{where}.{key}.{m}", reading)


def _verdict(verdict: dict) -> Iterator[tuple[str, Message]]:
    """The verdict's statuses, level numbers, dates, rules' and gaps' readings (verify compares them; show lays them
    out)."""
    where = "verdict"
    yield from _date(f"{where}.as_of", verdict.get("as_of"), null=False)
    count = len(verdict["levels"])
    for i, lv in _each(verdict, "levels"):
        at = f"{where}.levels.{i}"
        if lv.get("level") != i + 1 or isinstance(lv.get("level"), bool):
            yield f"{at}.level", _not(Message(f"{i + 1} (the verdict's levels are numbered 1, 2, 3, ... in order)",
                                              f" {i + 1}（判定结果的各级别依次编号为 1、2、3……）"), lv.get("level"))
        yield from _status(f"{at}.status", lv.get("status"))
        for j, rule in _each(lv, "rules"):
            yield from _status(f"{at}.rules.{j}.status", rule.get("status"))
            yield from _readings(f"{at}.rules.{j}", rule, "readings")  # what show words the rule from, verify compares
        if "passes_on" in lv:
            yield from _date(f"{at}.passes_on", lv["passes_on"])
        yield from _edition(f"{at}.passes_on_ruleset", lv.get("passes_on_ruleset"))
        for k, gap in _each(lv, "gaps"):
            if "passes_on" in gap:
                yield from _date(f"{at}.gaps.{k}.passes_on", gap["passes_on"])
            yield from _edition(f"{at}.gaps.{k}.passes_on_ruleset", gap.get("passes_on_ruleset"))
            yield from _readings(f"{at}.gaps.{k}", gap, "missing")
            for a, alt in _each(gap, "alternatives"):
                yield from _status(f"{at}.gaps.{k}.alternatives.{a}.status", alt.get("status"))
                yield from _readings(f"{at}.gaps.{k}.alternatives.{a}", alt, "missing")
    if "qualified_level" in verdict:
        yield from _level(f"{where}.qualified_level", verdict["qualified_level"], count, 0)
    if "target_level" in verdict:
        yield from _level(f"{where}.target_level", verdict["target_level"], count, 1, null=True)
    if "target_status" in verdict:
        yield from _status(f"{where}.target_status", verdict["target_status"], null=True)


def _facts(facts: dict) -> Iterator[tuple[str, Message]]:
    """The recorded facts: their date, and each value of its fact's kind (show lays them out)."""
    yield from _date("facts.as_of", facts.get("as_of"), null=False)
    if isinstance(facts.get("applicant"), dict):
        for name, value in facts["applicant"].items():
            yield from _value(f"facts.applicant.{name}", f"applicant.{name}", value)
    for section in ("education", "projects"):
        for i, item in enumerate(facts.get(section) or ()):
            if isinstance(item, dict) and isinstance(item.get("facts"), dict):
                for name, value in item["facts"].items():
                    yield from _value(f"facts.{section}.{i}.facts.{name}", f"{section}.{name}", value)


def _overrides(overrides: list, count: int) -> Iterator[tuple[str, Message]]:
    """The committee's decisions: a level of the verdict, a decision certify knows, a date."""
    for i, o in enumerate(overrides):
        if isinstance(o, dict):
            yield from _level(f"overrides.{i}.level", o.get("level"), count, 1)
            if o.get("decision") not in DECISIONS:
                yield f"overrides.{i}.decision", _not(_words(DECISIONS), o.get("decision"))
            yield from _date(f"overrides.{i}.date", o.get("date"), null=False)


def wrong_content(record: dict, shown: bool = False) -> tuple[str, Message] | None:
    """The first field of `record` (read as recorded.Record or, `shown`, ShownRecord: each field of its kind) that
    holds what certify never writes there, by its path, and what it should hold; None when there is none. verify
    reads the verdict; show, the facts and the committee's decisions too (verify compares the facts with the
    dossier's, and the decisions with the committee's file, and says which differ)."""
    verdict = record["verdict"]
    found = _verdict(verdict)
    if shown:  # looked through only as far as the first found
        found = chain(found, _facts(record["facts"]) if record.get("facts") else (),
                      _overrides(record["overrides"], len(verdict["levels"])))
    return next(found, None)
