"""certify lint: a ruleset's mistakes found before they become verdicts.

Findings have a severity: `error` (the ruleset cannot be loaded: a schema error,
an unknown fact or value, with its line and a did-you-mean), `warning` (it loads,
but something is almost certainly not what the author meant: a condition that
can never hold or always holds, a duplicate alternative, a value an `in` or
`contains_all` lists twice, a ladder that is not monotone, a requirement a higher
level drops) and `info` (a fact no rule reads).

Monotone ladders (a higher level accepting what a lower one rejects) are found by
ladders.py. Each finding is said in English and Chinese (`Finding.said`); an error's
message is a ruleset load error's (rulewords.py), in Chinese too where certify has written it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import (Message, RulesetError, did_you_mean, field_path, hint_text, in_language, joined, located, say,
                     shown_in)
from .dossier import DEGREE_ORDER as DEGREES
from .explain import amount_text, months_text
from .facts import FACTS
from .ladders import families, not_monotone
from .logic import leaves_of
from .rulebook import ITEM_WORDS, Comparison, canonical, condition_text
from .operands import collections, normalized_operand, resolve_fact
from .namesake import bundled, namesake, namesakes
from .cutshort import cut_in_a_character
from .rulesetplaces import rule_id_at
from .ruleset import All, Leaf, LoadedRuleset, Rule, Ruleset, Some, parse_ruleset, raw_rules
from .rulewords import nested_some, unknown_collection
from .textfiles import not_utf8, utf8_text
from .yamltext import FieldLines, StrictLoader, load_yaml

SEVERITIES = ("error", "warning", "info")
SEVERITY_WORDS = {"error": Message("error", "错误"), "warning": Message("warning", "警告"),
                  "info": Message("info", "提示")}
RULESET, EDITIONS = Message("ruleset", "标准"), Message("editions", "标准版本")
# Facts no comparison can test (dates, references): that no rule reads them is no news.
_COMPARABLE = ("months", "amount", "degree", "choice", "set")
_LOADER = StrictLoader


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing lint found: severity, file, line, the rule or field it is about, and the message (a rule id
    or field path as written; the message, and a level's place, in both languages where written in both)."""

    severity: str
    file: str
    line: int | None
    where: str
    message: str

    def said(self, lang: str = "en") -> str:
        """The finding's line, FILE:LINE: SEVERITY RULE: MESSAGE (FILE: ... without a line), in `lang` where its
        message is written in it; the severity is said in `lang`, and so is the colon after the place (located)."""
        place = f"{self.file}:{self.line}" if self.line else self.file
        colon = "：" if shown_in(self.message, lang) == "zh" else ": "
        return located(place, f"{in_language(SEVERITY_WORDS[self.severity], lang)} {in_language(self.where, lang)}"
                              f"{colon}{in_language(self.message, lang)}", lang)

    def __str__(self) -> str:
        return self.said()


class _Linter:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = FieldLines(text, _LOADER)
        self.findings: list[Finding] = []
        self.read: set[str] = set()

    def add(self, severity: str, path: str | None, where: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(severity, self.source, line or self.lines.line(path), where, message))

    def error(self, e: RulesetError, where: str | None) -> None:
        place = where or (Message(field_path(e.path), field_path(e.path, "zh")) if e.path else RULESET)
        self.add("error", e.path, place, _with_hint(e.message, e.hint), e.line)

    # ---- conditions ----

    def walk(self, cond, subject: str, path: str, rid: str):
        """The condition's normal form (None when part of it is in error), reporting what is wrong."""
        if isinstance(cond, Leaf):
            return self.leaf(cond, subject, path, rid)
        if isinstance(cond, Some):
            if subject != "applicant":
                self.error(nested_some(path), rid)
                return None
            if cond.some not in collections():
                self.error(unknown_collection(cond.some, collections(), path, did_you_mean(cond.some, collections())), rid)
                return None
            where = self.walk(cond.where, cond.some, path + ".where", rid)
            return None if where is None else ("some", cond.some, where)
        kind = "all" if isinstance(cond, All) else "any"
        parts = [self.walk(p, subject, f"{path}.{kind}[{i}]", rid) for i, p in enumerate(getattr(cond, kind))]
        if any(p is None for p in parts):
            return None
        seen: dict = {}
        for i, p in enumerate(parts):
            key = canonical(p)
            if key in seen:
                what = (Message("duplicate alternative", "重复的备选条件") if kind == "any"
                        else Message("repeated condition", "重复的条件"))
                self.add("warning", f"{path}.{kind}[{i}]", rid,
                         say("{w}: {k}[{i}] is the same as {k}[{j}] ({t})", "{w}：{k}[{i}] 与 {k}[{j}] 相同（{t}）",
                             w=what, k=kind, i=i, j=seen[key], t=_text(p)))
            seen.setdefault(key, i)
        if kind == "all":
            self.contradictions(parts, f"{path}.all", rid)
        return (kind, tuple(parts))

    def leaf(self, cond: Leaf, subject: str, path: str, rid: str):
        try:
            spec = resolve_fact(cond.fact, subject, path)
            operand = normalized_operand(cond, spec, path)
            if cond.evidence is not None:
                resolve_fact(cond.evidence, subject, path + ".evidence")
        except RulesetError as e:
            self.error(e, rid)
            return None
        c = Comparison(subject, cond.fact, cond.op, operand, cond.evidence)
        self.read.add(f"{subject}.{cond.fact}")
        if cond.evidence:
            self.read.add(f"{subject}.{cond.evidence}")
        # No degree: `at_least: associate` (大专及以上) holds for every degree, but under `some: education` it asks
        # for a degree at all, in the words standards write (docs/ruleset-format.md); 0 months or yuan no one writes.
        lowest = {"months": 0, "amount": Decimal(0)}.get(spec.kind)
        fact = Message(spec.en, spec.zh)
        always = "always holds whenever the dossier gives {f}: ", "只要申报材料提供了{f}，该条件总是成立："
        if c.op == "at_least" and operand == lowest:
            self.add("warning", path, rid, say(always[0] + "{t}", always[1] + "{t}", f=fact, t=_text(c)))
        elif c.op == "in" and not operand:
            self.add("warning", path, rid, say("can never hold: 'in' lists no values of {f}",
                                               "永远不会成立：'in' 未列出{f}的任何值", f=fact))
        elif c.op == "contains_all" and not operand:
            self.add("warning", path, rid, say(always[0] + "'contains_all' lists no values",
                                               always[1] + "'contains_all' 未列出任何值", f=fact))
        if c.op in ("in", "contains_all"):
            self.repeated(c.op, cond.operand, operand, path, rid)
        return c

    def repeated(self, op: str, written: list, values: tuple, path: str, rid: str) -> None:
        """A warning for each value an `in` or `contains_all` lists twice (however written: bachelor, 本科): a slip,
        harmless to the verdict, said at its second place."""
        first: dict = {}
        for i, value in enumerate(values):
            j = first.setdefault(value, i)
            if j != i and list(values[:i]).count(value) == 1:  # one warning a value, however often it is repeated
                spelt = (say(", as {a} and {b}", "（写作 {a} 和 {b}）", a=repr(written[j]), b=repr(written[i]))
                         if str(written[j]) != str(written[i]) else "")
                self.add("warning", f"{path}.{op}[{i}]", rid,
                         say("'{op}' lists {v} twice{s}: a slip, harmless; list it once",
                             "'{op}' 两次列出 {v}{s}：应是笔误，不影响判定；列出一次即可", op=op, v=repr(value), s=spelt))

    def contradictions(self, parts, path: str, rid: str) -> None:
        """An `all` whose equals/in comparisons of one fact (and a degree's at_least: the degrees of its rank or
        higher) admit no common value can never hold."""
        by_fact: dict[str, list[Comparison]] = {}
        for p in parts:
            if isinstance(p, Comparison) and (p.op in ("equals", "in") or p.op == "at_least" and p.fact == "degree"):
                by_fact.setdefault(p.fact, []).append(p)
        for fact, cs in by_fact.items():
            sets = [{c.operand} if c.op == "equals" else set(DEGREES[DEGREES.index(c.operand):]) if c.op == "at_least"
                    else set(c.operand) for c in cs]
            if len(cs) > 1 and all(sets) and not set.intersection(*sets):
                item = ITEM_WORDS.get(cs[0].subject, ("申报人", "applicant"))
                self.add("warning", path, rid, say("can never hold: {t} cannot both be true of one {i}",
                                                   "永远不会成立：同一{i}不可能同时满足 {t}",
                                                   t=joined((_text(c) for c in cs), " AND ", " 且 "),
                                                   i=Message(item[1], item[0])))

    def readable(self, data) -> tuple[str, ...]:
        """A ruleset that cannot be loaded: each rule read alone walked, as a ruleset's are; the conditions walked."""
        walked = []
        for li, ri, raw in raw_rules(data):
            try:
                rule = Rule.model_validate(raw)
            except ValidationError:
                continue
            path = f"levels[{li}].rules[{ri}]"
            walked.append(path + ".when")
            node = self.walk(rule.when, "applicant", path + ".when", rule.id)
            if node is not None:
                self.words(rule, node, path)
        return tuple(walked)

    # ---- the ruleset ----

    def lint(self, ruleset: Ruleset) -> None:
        rules = []
        named: dict[tuple[str, str], int] = {}  # (language, a level's name, case and spacing aside) -> its first level
        for li, level in enumerate(ruleset.levels):
            for lang in ("zh", "en"):
                first = named.setdefault((lang, " ".join(level.name(lang).split()).casefold()), level.level)
                if first != level.level:
                    self.add("warning", f"levels[{li}].name.{lang}", say("level {n}", "{n}级", n=level.level),
                             say("its name {m} is level {f}'s too: tables, explanations and notices name a level "
                                 "by it", "其名称 {m} 与{f}级的相同：表格、说明和公示都以名称称呼级别",
                                 m=repr(level.name(lang)), f=first))
            for ri, rule in enumerate(level.rules):
                path = f"levels[{li}].rules[{ri}]"
                prefix = re.match(r"L(\d+)\.", rule.id)
                if prefix and int(prefix.group(1)) != level.level:
                    self.add("warning", path + ".id", rule.id,
                             say("its id names level {p} (L{p}.), but it is a rule of level {n}: copied from another "
                                 "level and not renamed?", "其编号指向{p}级（L{p}.），但它是{n}级的规则：是否从其他级别"
                                 "复制后未改名？", p=prefix.group(1), n=level.level))
                node = self.walk(rule.when, "applicant", path + ".when", rule.id)
                if node is not None:
                    rules.append((level.level, rule, node, path))
                    self.words(rule, node, path)
        if any(f.severity == "error" for f in self.findings):
            return
        for key, spec in FACTS.items():
            if spec.kind in _COMPARABLE and key not in self.read:
                self.add("info", None, key, say("no rule reads this fact ({f})", "没有规则读取此事实（{f}）",
                                                f=Message(spec.en, spec.zh)))
        for name, family in families(rules).items():
            self.monotone(family)
            self.dropped(name, family, ruleset.top)

    def words(self, rule, node, path: str) -> None:
        """A warning when a rule's requirement, in either language, does not state a threshold its condition
        applies (8 years in the words, 4 in the condition): every explanation starts with those words."""
        seen: set = set()  # a threshold the condition applies twice (1 year, 12 months) is one finding
        for c in leaves_of(node):
            kind = FACTS[f"{c.subject}.{c.fact}"].kind
            if c.op != "at_least" or kind not in ("months", "amount") or (kind, c.operand) in seen:
                continue
            seen.add((kind, c.operand))
            ways = _ways_to_say(c.operand, kind)
            for lang in ("en", "zh"):
                if not ways.search(rule.requirement(lang)):
                    # The threshold as the requirement's language writes it; in Chinese output, in Chinese.
                    said = Message(*(months_text(c.operand, w) if kind == "months"
                                     else amount_text(c.operand, w).removeprefix("CNY ").removesuffix("元")
                                     for w in (lang, "zh")))
                    self.add("warning", path + f".requirement.{lang}", rule.id,
                             say("the requirement ({l}) does not say {s}, which its condition requires: explanations "
                                 "would state another requirement than the one applied", "要求（{lz}）未写明{s}，而其判定"
                                 "条件要求{s}：说明中写出的要求将与实际执行的要求不一致", l=lang, s=said,
                                 lz={"en": "英文", "zh": "中文"}[lang]))  # as diff names requirement.zh: 要求（中文）

    def dropped(self, name: str, family: list, top: int) -> None:
        """A warning when a requirement two or more levels have is missing from a level above the first:
        that level then asks less than the one below it (a rule deleted by mistake, most likely)."""
        have = sorted({n for n, *_ in family})
        lacking = [n for n in range(have[0] + 1, top + 1) if n not in have]
        if len(have) >= 2 and lacking:
            below = max(n for n in have if n < lacking[0])
            self.add("warning", family[-1][3], family[-1][1].id,
                     say("level {n} has no '{r}' rule, which levels {h} have: it asks less than level {b} (a rule "
                         "deleted by mistake?)", "{n}级没有 '{r}' 规则，而{h}级都有：其要求低于{b}级（是否误删了规则？）",
                         n=lacking[0], r=name, h=joined(map(str, have), ", ", "、"), b=below))

    def monotone(self, family: list) -> None:
        """One warning when a higher level's rule passes a case a lower level's rule of the family fails."""
        found = not_monotone(family)
        if found is not None:
            self.add(*found)


def _text(node) -> Message:
    return Message(condition_text(node, "en"), condition_text(node, "zh"))


def _with_hint(message: str, hint: str | None) -> str:
    """A load error's message and its did-you-mean; in Chinese too where the message is written in it."""
    if isinstance(message, Message):
        return Message(message + hint_text(hint), message.zh + hint_text(hint, "zh"))
    return message + hint_text(hint)


def _ways_to_say(value, kind: str) -> re.Pattern:
    """How words may state a threshold, as a number of its own (13 years or 3 years 6 months do not say
    3 years; 1100万 does not say 100万): 36 months, 3 years, 3-year, 3年, 36个月, 1.5年; 1,000,000,
    1000000, 100万, 1亿."""
    if kind == "months":
        forms = {months_text(value, "en"), months_text(value, "zh"), f"{value} months", f"{value}个月"}
        years = f"{Decimal(value) / 12:f}".rstrip("0").rstrip(".")
        forms |= {f"{years} years", f"{years} year", f"{years}-year", f"{years}年"}
    else:
        amount = Decimal(value)
        forms = {f"{amount:,f}", f"{amount:f}"} | {f"{(amount / unit).normalize():f}{word}"
                                                   for unit, word in ((10 ** 4, "万"), (10 ** 8, "亿"))
                                                   if amount >= unit}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?!\s*\d|\.\d|,\d|[A-Za-z])")


def lint_text(text: str, source: str) -> list[Finding]:
    """Every finding for a ruleset's YAML text, in line order; `source` names it in each finding."""
    linter = _Linter(text, source)
    failed = None
    try:
        ruleset = parse_ruleset(text, source)
    except RulesetError as e:
        failed = e
        if e.cut:  # the file cut short: what is wrong is where it stops, said so (cutshort.py)
            linter.error(e, None)
            return linter.findings
        try:  # the schema holds and only facts are wrong: lint walks every rule and reports each one
            data = load_yaml(text, _LOADER)
            ruleset = Ruleset.model_validate(data)
        except yaml.YAMLError:
            linter.error(e, None)
            return linter.findings
        except ValidationError:  # every independent mistake, each at its rule where it is in one
            walked = linter.readable(data)  # each rule that can be read alone, walked as a whole ruleset's are
            for each in (e, *e.more):
                if not (each.path or "").startswith(walked or ("\0",)):  # not one the walk said
                    linter.error(_in_rule(data, each), rule_id_at(data, each.path))
            return _in_order(linter.findings)
    linter.lint(ruleset)
    if failed is None:  # the bundled standard's id and version, other rules: its verdicts would pass for the standard's
        same = namesake(LoadedRuleset(ruleset, source, hashlib.sha256(text.encode()).hexdigest()), bundled(),
                        is_bundled=True)
        if same is not None:
            linter.add("warning", "version", "version", same.said())
    if failed is not None and not any(f.severity == "error" for f in linter.findings):
        linter.error(failed, None)  # pragma: no cover - the walk reports whatever parse_ruleset does
    return _in_order(linter.findings)


def _in_order(findings: list[Finding]) -> list[Finding]:  # in line order, errors first on a line, no line last
    return sorted(findings, key=lambda f: (f.line is None, f.line or 0, SEVERITIES.index(f.severity)))


def _in_rule(data, e: RulesetError) -> RulesetError:
    """A load error inside a rule, its field said from the rule named: clause, not levels[1].rules[2].clause."""
    if not rule_id_at(data, e.path):
        return e
    rest = re.sub(r"^levels\[\d+\]\.rules\[\d+\]\.?", "", e.path)
    # a field path stays as written, in either language (one hundreds deep cut short: errors.field_path)
    inside = (say("{r}: {m}", "{r}: {m}", r=Message(field_path(rest), field_path(rest, "zh")), m=e.message)
              if isinstance(e.message, Message) else f"{field_path(rest)}: {e.message}")
    return RulesetError(inside if rest else e.message, path=e.path, line=e.line, hint=e.hint)


def lint_path(path: str | Path) -> list[Finding]:
    """Findings for a ruleset file, or for every file of a folder of editions and the folder itself."""
    from .editions import NO_EDITIONS, check_editions, edition_files, misdated, not_an_edition
    from .ruleset import load_ruleset

    path = Path(path)
    files = edition_files(path) if path.is_dir() else [path]
    findings: list[Finding] = []
    for f in files:
        raw = b""
        if path.is_dir() and (why := not_an_edition(f)) is not None:  # never waited on, nor passed over
            findings.append(Finding("error", str(f), None, RULESET, say("cannot read the ruleset: {r}", "无法读取标准：{r}",
                                                                        r=why)))
            continue
        try:
            raw = f.read_bytes()
            text = utf8_text(raw)
        except (OSError, UnicodeDecodeError) as e:
            reason = e.strerror if isinstance(e, OSError) else cut_in_a_character(raw, e.start) or not_utf8(raw, e.start)
            findings.append(Finding("error", str(f), None, RULESET,
                                    say("cannot read the ruleset: {r}", "无法读取标准：{r}", r=reason)))
            continue
        findings += lint_text(text, str(f))
    if path.is_dir():
        if not files:
            findings.append(Finding("error", str(path), None, EDITIONS, NO_EDITIONS))
        elif not any(f.severity == "error" for f in findings):
            try:
                editions = [load_ruleset(f) for f in files]
                check_editions(editions, str(path))
            except RulesetError as e:
                findings.append(Finding("error", e.file or str(path), None, EDITIONS,
                                        e.quoted() if isinstance(e.message, Message) else e.detail()))
            else:  # an edition with another's version and other rules (the bundled standard's: lint_text said so)
                findings += [Finding("warning", same.file, None, EDITIONS, same.said())
                             for same in namesakes(editions) if same.other is not None]
                findings += [Finding("warning", m.early.path, m.line, EDITIONS, m.said()) for m in misdated(editions)]
    return findings


def summary(findings: list[Finding], ruleset: object, lang: str = "en") -> str:
    """The line for standard error: how many findings of each severity."""
    count = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    return in_language(say("{r}: {e} error{es}, {w} warning{ws}, {i} info", "{r}：{e} 个错误，{w} 个警告，{i} 条提示",
                           r=ruleset, e=count["error"], es="s" * (count["error"] != 1), w=count["warning"],
                           ws="s" * (count["warning"] != 1), i=count["info"]), lang)
