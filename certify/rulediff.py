"""What changed between two rulesets (two editions of a standard), rule by rule.

Rules are matched by id, levels by number. Conditions are compared by meaning, not
by spelling: `3 years` and `36` are the same threshold, and the order of the parts
of an `all` or `any` does not matter; a changed condition is shown old and new in
plain language, with what it means for applicants: a case it now accepts that it rejected
(more lenient), one it accepted that it now rejects (stricter), found as lint's monotone
check finds its cases (ladders.for_applicants). Two files that differ only in comments or
layout are identical.
A folder of editions is compared edition by edition, each with the next in order of
their effective dates (diff_editions, editions_text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .ladders import described, for_applicants
from .ruleset import LoadedRuleset
from .rulebook import canonical, condition_text, edition_text, normal_form

WORDS = {
    "en": {"added": "added", "removed": "removed", "changed": "changed", "renamed": "renamed",
           "level": "level {n}", "identical": "no differences: both state the same rules",
           "same_bytes": "the files are the same", "layout": "the files differ only in how they write the same rules (comments, layout, order, spelling)",
           "summary": "changes: {m} to metadata, {lv} to levels, {r} to rules ({a} added, {d} removed, "
                      "{c} changed)",
           "same_name": "the rules differ under the same id and version ({name}): give the edited ruleset a "
                        "version of its own",
           "pair": "editions {i} and {j} of {n}: {a} -> {b}",
           "edition": "{file} {version} (effective {effective})",
           "pairs": "{n} editions compared in order of their effective dates, each with the next: the rules "
                    "differ in {k} of {p}",
           "alone": "{folder} holds one edition ({edition}): nothing to compare",
           "effect": "for applicants: {what}", "lenient": "more lenient: {case} now meets it (it did not before)",
           "stricter": "stricter: {case} met it and no longer does", "effect_sep": "; ",
           "no_effect": "no case is decided otherwise"},
    "zh": {"added": "新增", "removed": "删除", "changed": "修改", "renamed": "更名",
           "level": "第{n}级", "identical": "无差异：两者规定的规则相同",
           "same_bytes": "两个文件完全相同", "layout": "两个文件仅写法不同（注释、排版、顺序或拼写），规则相同",
           "summary": "元数据变化{m}处，级别变化{lv}处，规则变化{r}条（新增{a}条，删除{d}条，修改{c}条）",
           "same_name": "编号和版本相同（{name}），规则却不同：请为修改后的标准另定版本",
           "pair": "第{i}个与第{j}个版本（共{n}个）：{a} -> {b}",
           "edition": "{file} {version}（{effective}起施行）",
           "pairs": "按施行日期依次比较了{n}个版本（每个版本与下一个版本）：{p}对中有{k}对规则不同",
           "alone": "{folder} 中只有一个版本（{edition}）：没有可比较的版本",
           "effect": "对申报人：{what}", "lenient": "放宽：{case}现在符合（此前不符合）",
           "stricter": "收紧：{case}此前符合，现在不符合", "effect_sep": "；",
           "no_effect": "没有哪种情况的判定结果改变"},
}
# A field's name in Chinese text, with its key in the file beside it (the auditor finds it there);
# named as `certify explain --lang zh` names it.
FIELD_WORDS_ZH = {"id": "标准编号", "version": "版本", "title.zh": "标题（中文）", "title.en": "标题（英文）",
                  "source": "来源", "effective": "施行日期", "notes.zh": "说明（中文）", "notes.en": "说明（英文）",
                  "clause": "条款", "text": "标准原文", "requirement.zh": "要求（中文）", "requirement.en": "要求（英文）",
                  "condition": "判定条件", "level": "级别"}


def _field(name: str, lang: str) -> str:
    """A changed field as the text names it: its key; in Chinese, its Chinese name and the key."""
    return f"{FIELD_WORDS_ZH[name]} {name}" if lang == "zh" and name in FIELD_WORDS_ZH else name


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: its name, the old value and the new one (None when absent)."""

    field: str
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class RuleChange:
    """A rule added, removed or changed; `fields` says what changed (or, for added/removed, what it says)."""

    id: str
    change: str  # added | removed | changed
    old_level: int | None
    new_level: int | None
    fields: tuple[FieldChange, ...] = ()
    # A changed condition's meaning for applicants (ladders.for_applicants): (a case it now passes that it
    # failed, a case it passed that it now fails), each None where there is none; None where not worked out.
    effect: tuple | None = None


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A level added, removed or renamed (levels are matched by number)."""

    level: int
    change: str  # added | removed | renamed
    old: dict | None
    new: dict | None


@dataclass
class RulesetDiff:
    """Everything that differs between an old and a new ruleset."""

    old: LoadedRuleset
    new: LoadedRuleset
    metadata: list[FieldChange] = field(default_factory=list)
    levels: list[LevelChange] = field(default_factory=list)
    rules: list[RuleChange] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.metadata or self.levels or self.rules)

    @property
    def same_rules(self) -> bool:
        """Whether the two state the same levels and rules, whatever their metadata (version, effective date,
        title, source, notes): what two editions of a folder, which never share a date, are compared by."""
        return not (self.levels or self.rules)


def _spacing_only(f: FieldChange) -> bool:
    """Whether a text field differs only in whitespace (words re-wrapped or re-spaced say the same)."""
    return isinstance(f.old, str) and isinstance(f.new, str) and "".join(f.old.split()) == "".join(f.new.split())


def decisive(d: RulesetDiff) -> list[LevelChange | RuleChange]:
    """The changes that alter what a ruleset decides or what its verdicts say: levels added, removed or renamed,
    and rules added, removed or changed (moved to another level, their condition by meaning, clause, the
    standard's words, requirement), but not a text that differs only in whitespace. Metadata (title, source,
    notes, effective date) is not among them: no verdict depends on it."""
    rules = [r for r in d.rules if r.change != "changed" or not all(_spacing_only(f) for f in r.fields)]
    return [*d.levels, *rules]


def same_name(d: RulesetDiff) -> bool:
    """Whether the two rulesets have one id and version but different rules (decisive changes)."""
    a, b = d.old.ruleset, d.new.ruleset
    return (a.id, a.version) == (b.id, b.version) and bool(decisive(d))


def _meta_fields(r) -> dict[str, object]:
    fields = {"id": r.id, "version": r.version, "title.zh": r.title.zh, "title.en": r.title.en,
              "source": r.source, "effective": r.effective.isoformat() if r.effective else None}
    fields["notes.zh"] = r.notes.zh if r.notes else None
    fields["notes.en"] = r.notes.en if r.notes else None
    return fields


def _rules(r) -> dict[str, tuple[int, object]]:
    return {rule.id: (level.level, rule) for level in r.levels for rule in level.rules}


def _rule_fields(rule, lang: str) -> dict[str, object]:
    return {"clause": rule.clause, "text": rule.text, "requirement.zh": rule.requirement.zh,
            "requirement.en": rule.requirement.en, "condition": condition_text(rule.when, lang)}


def diff_rulesets(old: LoadedRuleset, new: LoadedRuleset, lang: str = "en") -> RulesetDiff:
    """The differences between two loaded rulesets; conditions are rendered in `lang`."""
    d = RulesetDiff(old, new)
    a, b = _meta_fields(old.ruleset), _meta_fields(new.ruleset)
    d.metadata = [FieldChange(k, a[k], b[k]) for k in a if a[k] != b[k]]
    old_levels = {lv.level: lv for lv in old.ruleset.levels}
    new_levels = {lv.level: lv for lv in new.ruleset.levels}
    for n in sorted(old_levels.keys() | new_levels.keys()):
        was, now = old_levels.get(n), new_levels.get(n)
        if was is None or now is None or was.name != now.name:
            change = "added" if was is None else "removed" if now is None else "renamed"
            d.levels.append(LevelChange(n, change, was.name.model_dump() if was else None,
                                        now.name.model_dump() if now else None))
    before, after = _rules(old.ruleset), _rules(new.ruleset)
    for rid, (level, rule) in after.items():
        if rid not in before:
            d.rules.append(RuleChange(rid, "added", None, level, tuple(
                FieldChange(k, None, v) for k, v in _rule_fields(rule, lang).items())))
            continue
        old_level, old_rule = before[rid]
        fields, effect = [], None
        if old_level != level:
            fields.append(FieldChange("level", old_level, level))
        x, y = _rule_fields(old_rule, lang), _rule_fields(rule, lang)
        for k in x:
            if k == "condition":
                was, now = normal_form(old_rule.when), normal_form(rule.when)
                if canonical(was) != canonical(now):
                    fields.append(FieldChange(k, x[k], y[k]))
                    effect = for_applicants(was, now)
            elif x[k] != y[k]:
                fields.append(FieldChange(k, x[k], y[k]))
        if fields:
            d.rules.append(RuleChange(rid, "changed", old_level, level, tuple(fields), effect))
    for rid, (level, rule) in before.items():
        if rid not in after:
            d.rules.append(RuleChange(rid, "removed", level, None, tuple(
                FieldChange(k, v, None) for k, v in _rule_fields(rule, lang).items())))
    return d


def _name(name: dict | None, lang: str) -> str:
    if not name:
        return ""
    return name["zh"] if lang == "zh" else f"{name['en']} ({name['zh']})"


def diff_text(d: RulesetDiff, lang: str = "en") -> str:
    """The diff for a person: a header, then metadata, levels and rules, each change with old and new."""
    w = WORDS[lang]
    out = [f"--- {d.old.path}  {edition_text(d.old.meta, lang)}",
           f"+++ {d.new.path}  {edition_text(d.new.meta, lang)}", ""]
    if d.identical:
        same = w["same_bytes"] if d.old.sha256 == d.new.sha256 else w["layout"]
        return "\n".join(out + [w["identical"] + (f"（{same}）" if lang == "zh" else f" ({same})")]) + "\n"
    for f in d.metadata:
        out.append(f"{_field(f.field, lang)}: {f.old if f.old is not None else '-'} -> "
                   f"{f.new if f.new is not None else '-'}")
    if d.metadata:
        out.append("")
    c = "：" if lang == "zh" else ": "  # after a Chinese word; a field's key keeps ': '
    for lv in d.levels:
        head = w["level"].format(n=lv.level)
        if lv.change == "renamed":
            out.append(f"{head}{c}{w['renamed']} {_name(lv.old, lang)} -> {_name(lv.new, lang)}")
        else:
            out.append(f"{head}{c}{w[lv.change]} {_name(lv.old or lv.new, lang)}")
    if d.levels:
        out.append("")
    for r in d.rules:
        level = w["level"].format(n=r.new_level if r.new_level is not None else r.old_level)
        out.append(f"{r.id}（{level}）：{w[r.change]}" if lang == "zh" else f"{r.id} ({level}): {w[r.change]}")
        for f in r.fields:
            if f.field == "level":
                out.append(f"  {_field('level', lang)}: {f.old} -> {f.new}")
                continue
            out.append(f"  {_field(f.field, lang)}:")
            if f.old is not None:
                out.append(f"    - {f.old}")
            if f.new is not None:
                out.append(f"    + {f.new}")
        if r.effect is not None:
            out.append("  " + effect_text(r.effect, lang))
        out.append("")
    count = {c: sum(r.change == c for r in d.rules) for c in ("added", "removed", "changed")}
    out.append(w["summary"].format(m=len(d.metadata), lv=len(d.levels), r=len(d.rules), a=count["added"],
                                   d=count["removed"], c=count["changed"]))
    if same_name(d):  # verdicts by either would name the same standard
        out.append(w["same_name"].format(name=f"{d.new.ruleset.id} {d.new.ruleset.version}"))
    return "\n".join(out) + "\n"


def effect_text(effect: tuple, lang: str) -> str:
    """What a changed condition means for applicants, in words: 'for applicants: more lenient: sales tenure 7
    years now meets it (it did not before)'; both ways, 'more lenient: ...; stricter: ...'."""
    w = WORDS[lang]
    parts = [w[key].format(case=described(case, lang)) for key, case in zip(("lenient", "stricter"), effect) if case]
    return w["effect"].format(what=w["effect_sep"].join(parts) or w["no_effect"])


def diff_record(d: RulesetDiff) -> dict:
    """The diff as JSON-ready data: old, new, identical, metadata, levels, rules."""

    def side(loaded: LoadedRuleset) -> dict:
        return {"file": loaded.path, **loaded.meta}

    def fields(fs) -> list[dict]:
        return [{"field": f.field, "old": f.old, "new": f.new} for f in fs]

    return {
        "old": side(d.old), "new": side(d.new), "identical": d.identical,
        "metadata": fields(d.metadata),
        "levels": [{"level": lv.level, "change": lv.change, "old": lv.old, "new": lv.new} for lv in d.levels],
        "rules": [{"id": r.id, "change": r.change, "level": {"old": r.old_level, "new": r.new_level},
                   "fields": fields(r.fields),
                   **({"for_applicants": {"more_lenient": r.effect[0] is not None, "stricter": r.effect[1] is not None}}
                      if r.effect is not None else {})} for r in d.rules],
    }


# ---- a folder of editions: each edition and the next ----

def diff_editions(editions, lang: str = "en") -> list[RulesetDiff]:
    """Each edition compared with the next, `editions` in the order of their effective dates (editions.py's)."""
    return [diff_rulesets(old, new, lang) for old, new in zip(editions, editions[1:])]


def _edition(loaded: LoadedRuleset, lang: str) -> str:
    r = loaded.ruleset
    return WORDS[lang]["edition"].format(file=Path(loaded.path).name, version=r.version,
                                         effective=r.effective.isoformat() if r.effective else "-")


def editions_text(diffs: list[RulesetDiff], lang: str = "en") -> str:
    """Each pair's diff as diff_text gives it, headed by its two editions (file, version, effective date), then a
    line that counts the pairs whose rules differ."""
    w, n = WORDS[lang], len(diffs) + 1
    out = []
    for i, d in enumerate(diffs, 1):
        out.append(w["pair"].format(i=i, j=i + 1, n=n, a=_edition(d.old, lang), b=_edition(d.new, lang)) + "\n"
                   + diff_text(d, lang))
    out.append(w["pairs"].format(n=n, p=len(diffs), k=sum(not d.same_rules for d in diffs)) + "\n")
    return "\n".join(out)


def nothing_to_compare(folder: object, only: LoadedRuleset, lang: str = "en") -> str:
    """What a folder of one edition says: there is nothing to compare it with."""
    return WORDS[lang]["alone"].format(folder=folder, edition=_edition(only, lang))
