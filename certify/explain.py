"""Explanations in Chinese and English: a rule's outcome as a sentence a person can act on.

Durations are years and months (还差1年4个月 / 1 year 4 months short), never raw
month counts; amounts are 万元 (亿元 from 1亿 on) in Chinese and CNY with separators in English.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .facts import FACTS, UNKNOWN
from .verdict import FAIL, PASS, REVIEW

STATUS_WORDS = {
    "en": {PASS: "pass", FAIL: "fail", REVIEW: "review"},
    "zh": {PASS: "符合", FAIL: "不符合", REVIEW: "待核实"},
}
VERDICT_WORDS = {
    "en": {PASS: "Met", FAIL: "Not met", REVIEW: "To be verified"},
    "zh": {PASS: "符合", FAIL: "不符合", REVIEW: "待核实"},
}
# What the dossier's values are called, for a person reading either language.
VALUE_WORDS = {
    "associate": ("专科", "associate degree"), "bachelor": ("本科", "bachelor's degree"),
    "master": ("硕士", "master's degree"), "doctorate": ("博士", "doctorate"),
    "full_time": ("全日制", "full-time"), "part_time": ("非全日制", "part-time"),
    "lead": ("主导运作", "lead"), "member": ("参与", "member"),
    "completed": ("已完成", "completed"), "in_progress": ("进行中", "in progress"),
    "lost": ("丢单", "lost"), "cancelled": ("已取消", "cancelled"),
    "industry_large": ("行业（区域）大型项目", "industry (regional) large project"),
    "industry_key": ("行业（区域）重点项目", "industry (regional) key project"),
    "discovery": ("需求发掘", "discovery"), "technical_exchange": ("技术交流", "technical exchange"),
    "procurement": ("商务采购(招投标)", "procurement (tendering)"),
    "contract_signing": ("合同签订", "contract signing"), "contract_execution": ("合同执行", "contract execution"),
    "payment_collection": ("项目回款", "payment collection"), "acceptance": ("项目验收", "acceptance"),
}
COLLECTION_WORDS = {"education": ("学历", "degrees"), "projects": ("项目经历", "projects"),
                    "employment": ("工作经历", "employment")}


# A verdict on a date after today counts what the dossier records of the days after today (Verdict.ahead): jobs
# under way today up to that date, as if they go on, and a job starting or ending, or a degree awarded, after
# today as recorded. Said once per dossier (check's explanation, a review sheet), or once for a table of several
# ("table") or a cycle's overview, which say what any of their dossiers may assume (ahead_what's `dated` True).
AHEAD = {"en": {"one": "As of {d}, after today ({t}): {what}.", "table": "* As of a date after today ({t}): {what}.",
                "to": ("that date", "it", "the as-of date"),
                "running": "jobs under way today are counted up to {to}, if employment goes on as now",
                "recorded": ("{items} is counted as the dossier records it", "{items} are counted as the dossier "
                                                                               "records them"),
                "any": "what a dossier records after today (a job starting or ending, a degree awarded) is counted "
                       "as recorded",
                "ends": "the job ending {0}", "starts": "the job starting {0}", "span": "the job from {0} to {1}",
                "degree": "the degree awarded {0}", "sep": "; "},
         "zh": {"one": "截止日期{d}晚于今天（{t}）：{what}。", "table": "* 截止日期晚于今天（{t}）：{what}。",
                "to": ("该日", "截止日期", "截止日期"),
                "running": "今天尚未结束的工作按目前在职情况计算至{to}",
                "recorded": ("{items}按申报材料所记计入", "{items}按申报材料所记计入"),
                "any": "申报材料所记今天之后开始或结束的工作、取得的学历按所记计入",
                "ends": "{0}结束的工作", "starts": "{0}开始的工作", "span": "{0}至{1}的工作",
                "degree": "{0}取得的学历", "sep": "；"}}


def ahead_what(lang: str, running: bool, dated, to: int = 0) -> str:
    """What a verdict as of a date after today assumes: jobs under way today counted on (`running`), and
    `dated`, the items of Verdict.ahead after ("running",), counted as recorded, or True for any such (a
    note for several dossiers). `to` names the as-of date: 0 "that date", 1 "it", 2 "the as-of date"."""
    w = AHEAD[lang]
    parts = [w["running"].format(to=w["to"][to])] if running else []
    if dated is True:
        parts.append(w["any"])
    elif dated:
        items = [w["span" if kind == "starts" and rest[1] else kind].format(*(d.isoformat() for d in rest if d))
                 for kind, *rest in dated]
        parts.append(w["recorded"][len(items) > 1].format(items=series(items, lang)))
    return w["sep"].join(parts)


def series(items: list[str], lang: str) -> str:
    """Items as a sentence lists them: "A, B and C" in English, "A、B、C" in Chinese."""
    *first, last = items
    if lang == "zh":
        return "、".join(items)
    return f"{', '.join(first)} and {last}" if first else last


def ahead_kinds(v) -> tuple[bool, bool]:
    """Whether a verdict counts jobs under way today up to its later as-of date, and whether it counts
    something the dossier dates after today (a job's start or end, a degree)."""
    running = bool(v.ahead) and v.ahead[0] == ("running",)
    return running, len(v.ahead) > running


def ahead_text(v, lang: str) -> str:
    """The sentence that says a verdict's as-of date is after today and what it assumes ('' if it is not)."""
    if not v.ahead_of:
        return ""
    running = ahead_kinds(v)[0]
    return AHEAD[lang]["one"].format(d=v.as_of.isoformat(), t=v.ahead_of.isoformat(),
                                     what=ahead_what(lang, running, v.ahead[int(running):]))


def colon(lang: str) -> str:
    """The colon after a label: full-width in Chinese (认定级别：2 客户经理), ': ' in English."""
    return "：" if lang == "zh" else ": "


def paren(text: object, lang: str) -> str:
    """A parenthesis after a word: full-width in Chinese (待核实（1）), ' (...)' in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def level_label(n: int, word: str, lang: str) -> str:
    """A level's number and a word beside it, its name or a status: '2级 客户经理', '3级 符合' in Chinese, where a bare
    number (2 客户经理, two of them) does not say it is a level; '2 Account Manager', '3 pass' in English."""
    return f"{n}级 {word}" if lang == "zh" else f"{n} {word}"


def no_level(lang: str) -> str:
    """A qualified level of 0, where a level's number and name go: '0 (none)' in English; in Chinese, words
    (未达到任何级别), since '0（无）' reads as a level numbered 0."""
    return "未达到任何级别" if lang == "zh" else "0 (none)"


def capital(text: str) -> str:
    """`text` with its first letter a capital, to begin an English sentence or heading (Chinese has none)."""
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)
def months_text(months: int, lang: str) -> str:
    """A duration in years and months: '4 years 11 months' / '4年11个月'."""
    years, rest = divmod(int(months), 12)
    if lang == "zh":
        if years and rest:
            return f"{years}年{rest}个月"
        return f"{years}年" if years else f"{rest}个月"
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


@lru_cache(maxsize=4096)
def amount_text(amount: Decimal, lang: str) -> str:
    """An amount, exactly: '620万元' or '1.2亿元' in Chinese, 'CNY 6,200,000' in English.

    In Chinese, 万元 as long as that is whole yuan (99.9999万元), and 亿元 from 1亿 on (1.23456789亿元); an amount
    below 1万, or with fen, in 元, its digits grouped by three as in English (还差1元, 4,999,999.5元), never
    0.0001万元.
    """
    amount = Decimal(amount)
    text = f"{amount.normalize():,f}" if amount != amount.to_integral_value() else f"{int(amount):,}"
    if lang == "zh":
        if abs(amount) < 10000 or amount != amount.to_integral_value():
            return f"{text}元"
        if abs(amount) >= 10 ** 8:
            return f"{amount.scaleb(-8).normalize():f}亿元"
        return f"{amount.scaleb(-4).normalize():f}万元"
    return f"CNY {text}"


def value_text(value, lang: str) -> str:
    """A categorical value in the reader's language."""
    words = VALUE_WORDS.get(str(value))
    if words is None:
        return str(value)
    return words[0] if lang == "zh" else words[1]


def _quantity(spec, value, lang: str) -> str:
    kind = spec.kind
    if kind == "months":
        return months_text(value, lang)
    if kind == "amount":
        return amount_text(value, lang)
    if kind == "set":
        sep = "、" if lang == "zh" else ", "
        ordered = [c for c in spec.choices if c in value] or sorted(value)
        return sep.join(value_text(v, lang) for v in ordered) or ("无" if lang == "zh" else "none")
    if value is None:
        return "无" if lang == "zh" else "none"
    return value_text(value, lang)


def fact_text(spec, value, lang: str) -> str:
    """A fact's value as explanations word it ('7 years 11 months', 'CNY 6,000,000', '本科'); '—' when unknown."""
    return "—" if value is UNKNOWN else _quantity(spec, value, lang)


def _required(reading, spec, lang: str) -> str:
    return _requirement(reading.op, reading.required, spec, lang)


def values_text(reading, lang: str) -> tuple[str, str]:
    """A comparison's reading as its explanation words it: the value found and what is required
    ('5 years', 'at least 6 years' / '5年', '不少于6年'); '' for a value not given."""
    spec = FACTS[reading.key]
    actual = "" if reading.actual is UNKNOWN else _quantity(spec, reading.actual, lang)
    return actual, _required(reading, spec, lang)


@lru_cache(maxsize=1024)
def _requirement(op: str, req, spec, lang: str) -> str:
    """What a comparison requires, in words (a ruleset has few: cached)."""
    if op == "at_least":
        text = _quantity(spec, req, lang)
        if spec.kind == "degree":
            return f"{text}及以上" if lang == "zh" else f"{text} or higher"
        return f"不少于{text}" if lang == "zh" else f"at least {text}"
    if op in ("in", "contains_all"):
        if not req and op == "in":  # an empty list, which lint warns of: never met (contains_all: always)
            return "空列表中的一项（无法满足）" if lang == "zh" else "one of an empty list (never met)"
        sep = "、" if lang == "zh" else (" or " if op == "in" else ", ")
        return sep.join(value_text(v, lang) for v in req)
    return value_text(req, lang)


def reading_text(reading, lang: str) -> str:
    """One reading as a clause: the actual value, the requirement, and what is missing."""
    # The clause does not depend on the degree or project the reading is about, so
    # it is cached without it: the same values recur across a batch.
    key = (reading[:6], reading[7:], lang)
    text = _clauses.get(key)
    if text is None:
        if len(_clauses) >= _CLAUSES_MAX:
            _clauses.clear()
        text = _clauses[key] = _reading_text(reading, lang)
    return text


_clauses: dict[tuple, str] = {}
_CLAUSES_MAX = 65_536  # a bound on memory: past it the cache starts afresh


def _reading_text(reading, lang: str) -> str:
    zh = lang == "zh"
    if reading.op == "some":
        col = COLLECTION_WORDS.get(reading.subject, (reading.subject, reading.subject))
        if reading.actual is UNKNOWN:
            return f"申报材料未提供{col[0]}" if zh else f"the dossier does not give its {col[1]}"
        if reading.subject == "education":  # a degree awarded after the as-of date does not count yet
            return ("申报材料中没有截止日期当日或之前取得的学历" if zh
                    else "the dossier lists no degree awarded by the as-of date")
        return f"申报材料列出的{col[0]}为空" if zh else f"the dossier lists no {col[1]}"
    spec = FACTS[reading.key]
    label = spec.zh if zh else spec.en
    if reading.actual is UNKNOWN:
        return _not_given(reading, lang) + ("，无法判断" if zh else ", so it cannot be decided")
    actual = _quantity(spec, reading.actual, lang)
    required = _required(reading, spec, lang)
    if reading.unproven:
        ev = FACTS[f"{reading.subject}.{reading.unproven}"]
        return (f"{label}为{actual}，但未提供{ev.zh}，须经评审委员会认定" if zh
                else f"{label} {actual} is claimed without a {ev.en}: it needs the committee's recognition")
    if reading.status == PASS:
        if reading.op == "contains_all":
            n = len(reading.required)
            if n >= len(spec.choices):  # every stage there is: 销售阶段齐全（7个）
                return f"{label}齐全（{n}个）" if zh else f"all {n} {label}"
            if not n:  # contains_all: [] (lint warns of it) holds of any project
                return f"不要求{label}" if zh else f"no {label} required"
            named = _quantity(spec, reading.required, lang)  # some of them: which, not "all 2"
            return f"{label}含所要求的{n}个（{named}）" if zh else f"the {n} {label} required ({named})"
        if reading.op in ("equals", "in"):  # a value, not a quantity: 角色为主导运作
            return f"{label}为{actual}" if zh else f"{label} {actual}"
        if zh:  # 学历为本科（要求本科及以上）; a quantity without 为: 销售工作经历9年（要求不少于8年）
            return f"{label}{'为' if spec.kind == 'degree' else ''}{actual}（要求{required}）"
        return f"{label} {actual} (requires {required})"
    if reading.op == "contains_all":
        missing = _quantity(spec, reading.shortfall, lang)
        return f"{label}缺少{missing}" if zh else f"{label} lack {missing}"
    if reading.shortfall is not None:
        short = _quantity(spec, reading.shortfall, lang)
        return (f"{label}{actual}（要求{required}），还差{short}" if zh
                else f"{label} {actual}, {short} short of the required {required}")
    return f"{label}为{actual}，要求{required}" if zh else f"{label} {actual}, but requires {required}"


def _not_given(reading, lang: str) -> str:
    """A value not given, in a rule not met whatever it is: said so, and no more."""
    spec = FACTS[reading.key]
    return f"{spec.zh}未提供" if lang == "zh" else f"{spec.en} not given"


_DEGREE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: part_time)?$")
_PART_TIME = {"zh": "（非全日制：全部工作年限均计入）", "en": " (part-time: all work counts)"}


@lru_cache(maxsize=4096)
def item_text(item: str, lang: str, opening: bool = False) -> str:
    """A degree or project as named in a sentence: "bachelor 2014-07-01" -> "本科 2014-07-01"; a part-time
    degree says so, and that its work after the degree is all the work ("bachelor 2022-01-10 part_time").
    `opening`: the name begins an English sentence, so certify's word for a degree is capitalised
    ("Bachelor's degree ..."); any other name (a project's: "eHR系统升级") is left as written."""
    head, _, rest = item.partition(" ")
    # A degree's label is its degree and date (facts): a project's name that begins with such a word
    # ("master plan 2025") is the name as written.
    if head in VALUE_WORDS and _DEGREE_DATE.match(rest):
        word = value_text(head, lang)
        if opening:
            word = capital(word)
        if rest.endswith(" part_time"):
            return f"{word} {rest[:-len(' part_time')]}{_PART_TIME[lang]}"
        return f"{word} {rest}"
    return item


def readings_text(readings, lang: str, opening: bool = False, failed: bool = False) -> str:
    """Readings grouped by the degree or project they are about.

    `opening` (English): the text begins a sentence: its first word is capitalised if it is certify's
    ("Sales tenure ...", "Bachelor's degree ..."), never if it is a project's name (item_text).
    `failed`: the readings are of a rule (or alternative) not met, which a value not given would not change:
    it is said not given, not that it leaves the rule undecided ("role member, but requires lead, project
    amount not given").
    """
    zh = lang == "zh"
    if len(readings) == 1:  # the common case, without grouping
        r = readings[0]
        body = reading_text(r, lang)
        if r.item is None:
            return capital(body) if opening else body
        return f"{item_text(r.item, lang)}：{body}" if zh else f"{item_text(r.item, lang, opening)}: {body}"
    groups: dict[str | None, list] = {}
    for r in readings:
        groups.setdefault(r.item, []).append(r)
    parts = []
    for item, rs in groups.items():
        # Two open questions about one holder are two clauses, each with its own comma: a semicolon parts them.
        # Two alternatives in review on one degree (本6 or 硕4, work after it not given) read alike: said once.
        said = {(_not_given(r, lang) if failed and r.actual is UNKNOWN and r.op != "some" else reading_text(r, lang)):
                r[5] for r in rs}  # r[5]: the status
        reviews = sum(status == REVIEW for status in said.values())
        body = (("；" if zh else "; ") if reviews > 1 else ("，" if zh else ", ")).join(said)
        if item is None:
            parts.append(capital(body) if opening and not parts else body)
        else:
            item = item_text(item, lang, opening and not parts)
            parts.append(f"{item}：{body}" if zh else f"{item}: {body}")
    return ("；" if zh else "; ").join(parts)


def explain(outcome, lang: str = "en", readings=None) -> str:
    """A rule's outcome as one sentence: verdict, requirement, readings, clause.

    `readings` may pass the outcome's readings when the caller already has them.
    """
    head, tail = _frame(outcome.rule, outcome.status, lang)
    readings = outcome.readings if readings is None else readings
    # A sentence about the applicant alone recurs across a batch (the same rule, outcome
    # and values): it is kept by what it is made of, the rule's frame and the readings.
    # One about a degree or project names it, so it hardly recurs: it is not kept
    # (keeping them all cost ~100 MB a process by 65,536 sentences).
    key = (head, tail, readings)
    text = None
    for r in readings:
        if r[6] is not None:  # the item
            key = None
            break
    else:
        try:
            text = _sentences.get(key)
        except TypeError:  # a value that cannot be a key (no fact of certify's has one): not kept
            key = None
    if text is None:
        # In English the readings open a sentence: certify's first word capitalised, a project's name as written.
        text = f"{head}{readings_text(readings, lang, lang != 'zh', outcome.status == FAIL)}{tail}"
        if key is not None:
            if len(_sentences) >= _SENTENCES_MAX:
                _sentences.clear()
            _sentences[key] = text
    return text


_sentences: dict[tuple, str] = {}
_SENTENCES_MAX = 16_384


_frames: dict[tuple, tuple[str, str]] = {}


def _frame(rule, status: str, lang: str) -> tuple[str, str]:
    """What comes before and after a rule's readings in its sentence (a ruleset has few)."""
    key = (id(rule), status, lang)
    got = _frames.get(key)
    if got is None or got[2] is not rule:
        verdict = VERDICT_WORDS[lang][status]
        requirement = rule.requirement(lang)
        if lang == "zh":
            got = (f"{verdict}：{requirement}。", f"。（条款 {rule.clause}）", rule)
        else:
            got = (f"{verdict}: {requirement}. ", f". (clause {rule.clause})", rule)
        _frames[key] = got
    return got[0], got[1]
