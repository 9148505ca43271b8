"""A ruleset's thresholds, written for people ("3 years", "500万", "bachelor"), read as the values the
engine compares; and the facts a comparison may name (facts.FACTS), with a did-you-mean."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import Message, RulesetError, did_you_mean, say, shown
from .facts import FACTS

if TYPE_CHECKING:
    from .ruleset import Leaf

# Years, months or both, as certify itself says a duration ("1 year 6 months", "1年6个月"); years may have
# a fraction that makes whole months ("1.5 years").
_DURATION = re.compile(r"^\s*(?:(\d+)(?:\.(\d{1,6}))?\s*(?:years?|yrs?|y|年)\s*)?(?:(\d+)\s*(?:months?|m|个月|月)\s*)?$",
                       re.I)
_BARE = re.compile(r"^\s*\d+\s*$")  # a number of months in quotes ("72"), as a bare 72 is: amounts take "5000000" too


MAX_MONTHS = 12 * 200


def months_value(v: Any) -> int:
    """A duration threshold in months: an int of months, or "3 years" / "3年" / "18 months"."""
    if isinstance(v, bool):
        raise ValueError(say("{v} is not a duration", "{v} 不是时长", v=repr(v)))
    months = None
    if isinstance(v, int) and v >= 0:
        months = v
    elif isinstance(v, str) and (m := _DURATION.match(v + " months" if _BARE.match(v) else v)) and (
            m.group(1) or m.group(3)):
        # Leading zeros do not count (0036 months is 36); past seven digits a number is past any career,
        # and is not read (thousands of digits would be slow, and Python refuses past 4,300).
        years, months_too = ((m.group(i) or "0").lstrip("0０") for i in (1, 3))
        if max(len(years), len(months_too)) > 7:
            months = MAX_MONTHS + 1
        else:
            total = Decimal(f"{years or 0}.{m.group(2) or 0}") * 12 + int(months_too or "0")
            if total != total.to_integral_value():
                raise ValueError(say("{v} is not a whole number of months", "{v} 不是整月数", v=shown(v)))
            months = int(total)
    if months is None:
        raise ValueError(say("{v} is not a duration: write months as a number, or '3 years', '3年', '18 months', "
                             "'1 year 6 months'", "{v} 不是时长：请写月数，或写作 '3 years'、'3年'、'18 months'、"
                             "'1 year 6 months'", v=shown(v)))
    if months > MAX_MONTHS:  # past any career, and past what the rules engine holds: said as written
        written = say("{m} months", "{m} 个月", m=months) if isinstance(v, int) else shown(v.strip())
        raise ValueError(say("{w} is longer than any career (at most {y} years)", "{w} 长于任何职业生涯（最多 {y} 年）",
                             w=written, y=MAX_MONTHS // 12))
    return months


def _amount_value(v: Any) -> Decimal:
    from .values import parse_amount

    amount = parse_amount(v)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(say("{v}: an amount threshold must be in whole fen (0.01 CNY)", "{v}：金额门槛最多精确到分"
                             "（0.01 元）", v=repr(v)))
    return amount


def _choice_value(v: Any, spec, where: str) -> str:
    from .dossier import ALIASES

    text = str(v)
    for aliases in ALIASES.values():
        text = aliases.get(text, text)
    if text not in spec.choices:
        raise RulesetError(say("{v} is not a value of {n} (one of: {c})", "{v} 不是 {n} 的可选值（可选：{z}）", v=repr(v),
                               n=spec.name, c=", ".join(spec.choices), z="、".join(spec.choices)),
                           path=where, hint=did_you_mean(text, spec.choices))
    return text


def not_for(op: str, spec, where: str) -> RulesetError:
    """A comparison a fact's kind does not take (at_least of a set)."""
    return RulesetError(say("{op} does not apply to {n} ({k})", "{op} 不适用于 {n}（{k}）", op=op, n=spec.name,
                            k=spec.kind), path=where)


def normalized_operand(leaf: Leaf, spec, where: str) -> Any:
    """The leaf's operand converted to the fact's kind, or a RulesetError naming the rule."""
    op, v = leaf.op, leaf.operand
    try:
        if op == "at_least":
            if spec.kind == "months":
                return months_value(v)
            if spec.kind == "amount":
                return _amount_value(v)
            if spec.kind == "degree":
                return _choice_value(v, spec, where)
            raise not_for("at_least", spec, where)
        if op in ("equals", "in"):
            if spec.kind not in ("choice", "degree"):
                raise not_for(op, spec, where)
            if op == "equals":
                return _choice_value(v, spec, where)
            return tuple(_choice_value(x, spec, where) for x in v)
        if op == "contains_all":
            if spec.kind != "set":
                raise not_for("contains_all", spec, where)
            return tuple(_choice_value(x, spec, where) for x in v)
    except ValueError as e:  # its argument a Message where it is said in Chinese too
        said = e.args[0] if e.args and isinstance(e.args[0], Message) else str(e)
        raise RulesetError(said, path=where) from None
    raise RulesetError(say("unknown comparison {op}", "未知的比较 {op}", op=op), path=where)


def resolve_fact(name: str, subject: str, where: str):
    """The FactSpec that `name` means inside `subject`, with a did-you-mean when there is none."""
    spec = FACTS.get(f"{subject}.{name}")
    if spec is None:
        known = [k.split(".", 1)[1] for k in FACTS if k.startswith(subject + ".")]
        elsewhere = [k.split(".", 1)[0] for k in FACTS if k.split(".", 1)[1] == name]
        if elsewhere:  # a degree's fact outside `some: education`, or the applicant's inside a `some`
            said = (say("'{f}' is a fact of the applicant: compare it outside 'some'", "'{f}' 是申报人的事实：请在 'some' "
                        "之外比较", f=name) if elsewhere[0] == "applicant"
                    else say("'{f}' is a fact of each item of {c}: compare it inside {{some: {c}, where: ...}}",
                             "'{f}' 是 {c} 中每一项的事实：请在 {{some: {c}, where: ...}} 之内比较", f=name, c=elsewhere[0]))
            raise RulesetError(said, path=where)
        hint = did_you_mean(name, known)
        said = say("unknown fact '{f}' for {s} (facts: {k})", "未知的事实 '{f}'（{s} 的事实有：{z}）", f=name, s=subject,
                   k=", ".join(known), z="、".join(known))
        if hint is None and not any(k.split(".", 1)[1] == name or did_you_mean(name, [k.split(".", 1)[1]])
                                    for k in FACTS):  # no slip of a fact's name: a requirement on something else
            said = say("{m}: a ruleset compares only the facts certify reads from a dossier (the ruleset format's "
                       "Facts); a requirement on anything else, such as a certificate, needs a new fact in certify's "
                       "code", "{m}：标准只能比较 certify 从申报材料中读取的事实（见标准格式说明的“事实”一节）；对其他"
                       "内容（如证书）的要求须在 certify 的代码中新增事实", m=said)
        raise RulesetError(said, path=where, hint=hint)
    return spec


def collections() -> list[str]:
    """The collections a `some` node may range over."""
    return sorted({k.split(".", 1)[0] for k in FACTS} - {"applicant"})
