"""What is said of a ruleset, or of a ruleset's case file, that cannot be loaded: in English and Chinese.

The English is what it has always been (the validation library's own words where certify has none of
its own); the Chinese says the same facts. What the YAML parser says stays in its words where
parsewords.py has no Chinese for them, after a Chinese sentence that says where.
"""

from __future__ import annotations

from .errors import TRUE_OR_FALSE, Message, RulesetError, joined, say, shown

NOT_YAML = Message("not valid YAML", "YAML 格式有误")
EMPTY_RULESET = Message("empty file: a ruleset is a mapping of id, version, levels, ...",
                        "空文件：标准文件应为含 id、version、levels 等字段的映射（键: 值）")

# The validation library's words where a rule author would not know what they ask for (a ruleset's, a case file's).
PLAIN = {"string_pattern_mismatch": ("{v} may hold only the letters A-Z and a-z, digits, '.', '_' and '-'",
                                     "{v} 只能包含英文字母 A-Z、a-z，数字，'.'、'_' 和 '-'"),
         "too_short": ("must list at least one", "至少要列出一项"),
         "list_type": ("expected a list ([A, B], or one '- ' item a line), got {v}",
                       "应为列表（[A, B]，或每行一个 '- ' 项），实际为 {v}"),
         # the library's "Recursion error - maximum validation depth exceeded": conditions some 250 levels deep
         "recursion_depth_exceeded": ("nested too deep to read (hundreds of levels): write it with fewer levels",
                                      "嵌套过深（数百层），无法读取：请减少嵌套层数")}

# The Chinese for the validation library's own words, kept in English as it says them (a template of its
# error's context: {ge}, {min_length}).
_LIBRARY_ZH = {"missing": "缺少必填字段", "string_type": "应为文本", "int_type": "应为整数", "int_parsing": "应为整数",
               "int_from_float": "应为整数", "bool_type": f"应为{TRUE_OR_FALSE.zh}",
               "bool_parsing": f"应为{TRUE_OR_FALSE.zh}",
               "greater_than_equal": "应不小于 {ge}", "too_short": "至少要有 {min_length} 项", "list_type": "应为列表",
               "dict_type": "应为映射（键: 值）", "model_type": "应为映射（键: 值）",
               "model_attributes_type": "应为映射（键: 值）", "date_type": "应为 YYYY-MM-DD 格式的日期",
               "date_parsing": "应为真实存在的日期（YYYY-MM-DD）",
               "date_from_datetime_parsing": "应为真实存在的日期（YYYY-MM-DD）",
               "date_from_datetime_inexact": "应为 YYYY-MM-DD 格式的日期（不带时间）"}


# A part of a ruleset given as something other than a mapping, by the part expected (the library's "Input should be
# a valid dictionary or instance of Text" names a class of certify's code).
_EXPECTED = {"Text": ("a text in two languages, {{zh: ..., en: ...}}", "中英文文本 {{zh: ..., en: ...}}"),
             "CaseFile": ("a mapping whose key cases: lists the cases", "以 cases: 列出各测试用例的映射（键: 值）"),
             "Leaf": ("a condition: {{fact: F, at_least: V}} (or equals, in, contains_all), {{all: [...]}}, "
                      "{{any: [...]}} or {{some: COLLECTION, where: ...}}",
                      "判定条件：{{fact: F, at_least: V}}（或 equals、in、contains_all）、{{all: [...]}}、{{any: [...]}}"
                      "或 {{some: 集合, where: ...}}")}


def validation_said(err: dict, *, plain: bool = False) -> str:
    """One validation error's message: certify's own (written in both languages), else the library's words
    (PLAIN's instead, with `plain`) with their Chinese where it is known here."""
    context = err.get("ctx") or {}
    if err["type"] == "certify":  # values.problem: our own words, in both languages
        return context["message"]
    if plain and err["type"] == "missing":
        return Message("required key is missing", "缺少必填字段")
    if plain and err["type"] in ("model_type", "dict_type"):  # what was expected, in a rule author's words, and what was given
        en, zh = _EXPECTED.get(context.get("class_name"), ("a mapping (key: value)", "映射（键: 值）"))
        return say("expected " + en + ", got {v}", "应为" + zh + "，实际为 {v}", v=shown(err.get("input")))
    template = PLAIN.get(err["type"]) if plain else None
    if template:
        return say(*template, v=shown(err.get("input")))
    zh = _LIBRARY_ZH.get(err["type"])
    english = err["msg"].removeprefix("Value error, ")
    try:
        return Message(english, zh.format(**context)) if zh else english
    except (KeyError, IndexError):  # pragma: no cover - a library whose context lacks what the template names
        return english


def unknown_key(key: object) -> Message:
    return say("unknown key '{k}'", "未知字段 '{k}'", k=key)


def comma_in_flow(message: Message) -> Message:
    """An unknown key that is a value's text after a comma in a {...} mapping."""
    return say("{m}: in a {{...}} mapping a comma ends a value, so quote a value that holds one",
               "{m}：在 {{...}} 映射中逗号会结束一个值，含逗号的值请加引号", m=message)


def two_kinds(message: Message, kind: str, key: str) -> Message:
    """A condition given two forms at once ({all: ..., any: ...})."""
    example = f"all: [{{{kind}: ...}}, {{{key}: ...}}]"
    return say("{m}: a condition is one of all, any, some or a comparison (fact: ...), so each of two goes in a "
               "condition of its own ({x})", "{m}：一个条件只能是 all、any、some 或一个比较（fact: ...）之一，"
               "两者须各自写成一个条件（{x}）", m=message, x=example)


# What a required key of a ruleset is for, said when it is missing: (the part it belongs to, the key).
_FOR = {("Rule", "id"): ("the rule's id, L<level>.<name> by convention", "规则编号，按惯例写作 L<级别>.<名称>"),
        ("Rule", "clause"): ("a rule cites the clause of the standard it encodes, such as \"2.1 学历\"",
                             "每条规则须注明它所依据的标准条款，如 \"2.1 学历\""),
        ("Rule", "text"): ("the standard's own words for the rule", "该规则在标准中的原文"),
        ("Rule", "requirement"): ("the requirement in plain words, {zh: ..., en: ...}",
                                  "用平实语言写出的要求，{zh: ..., en: ...}"),
        ("Rule", "when"): ("the rule's condition, such as {fact: sales_months, at_least: 3 years}",
                           "该规则的判定条件，如 {fact: sales_months, at_least: 3 years}"),
        ("Ruleset", "version"): ("the edition's version, in quotes, such as \"2014.1\"", "版本号，须加引号，如 \"2014.1\""),
        ("Ruleset", "source"): ("the document the rules transcribe", "规则所依据的文件"),
        ("Level", "name"): ("the level's name, {zh: ..., en: ...}", "级别名称，{zh: ..., en: ...}"),
        ("Text", "zh"): ("the text in Chinese (a name the standard gives in one language only is written as both, "
                         "{zh: Associate, en: Associate})", "中文文本（标准只以一种语言给出的名称，两处写同一名称，"
                         "如 {zh: Associate, en: Associate}）"),
        ("Text", "en"): ("the text in English (a name the standard gives in one language only is written as both, "
                         "{zh: 销售代表, en: 销售代表})", "英文文本（标准只以一种语言给出的名称，两处写同一名称，"
                         "如 {zh: 销售代表, en: 销售代表}）")}
_PART = {"Rule": ("a rule", "规则"), "Level": ("a level", "级别"), "Ruleset": ("a ruleset", "标准"),
         "Text": ("a text in two languages", "中英文文本"), "Leaf": ("a comparison", "比较条件"), "Some": ("some", "some 条件")}


def missing_key(part: str, key: str, required: list[str]) -> Message:
    """A required key left out of a part of a ruleset (`part`: the model's name): what it is for, where known, and
    every key that part requires."""
    en, zh = _PART.get(part, ("this part", "此处"))
    why = _FOR.get((part, key))
    return say("required key is missing{w} ({p} has {k})", "缺少必填字段{z}（{q}须有 {y}）",
               w=f": {why[0]}" if why else "", z=f"：{why[1]}" if why else "", p=en, q=zh,
               k=", ".join(required), y="、".join(required))


def first_given(loc: tuple, data: dict, line_of) -> Message:
    """A rule id given twice, said at its second use (`loc`) with the line where it is first given (`line_of`: the
    line of a place in the ruleset), and any other id repeated."""
    places = [(("levels", li, "rules", ri, "id"), rule.get("id")) for li, lv in enumerate(data["levels"])
              for ri, rule in enumerate(lv.get("rules") or [])]
    ids = [rid for _, rid in places]
    rid = data["levels"][loc[1]]["rules"][loc[3]]["id"]
    first = next(place for place, i in places if i == rid)
    others = sorted({i for i in ids if ids.count(i) > 1 and i != rid})
    return say("rule ids must be unique: {r} is given here and on line {n}; give each rule an id of its own{o}",
               "规则编号（id）不能重复：{r} 在此处和第{n}行都出现了；每条规则须有自己的编号{z}", r=rid, n=line_of(first),
               o=f" (also repeated: {', '.join(others)})" if others else "",
               z=f"（另有重复的编号：{'、'.join(others)}）" if others else "")


def not_under(message: Message, key: str, line: int | None) -> Message:
    """A text's zh or en written in line with the key it belongs to (`key`, given no value), not under it."""
    return say("{m}: '{k}'{o} has no value of its own, and this is one of its keys: indent it further than '{k}'",
               "{m}：'{k}'{z}没有值，而此字段属于它：请比 '{k}' 缩进得更多", m=message, k=key,
               o=f" on line {line}" if line else "", z=f"（第{line}行）" if line else "")


def keys_here(message: Message, allowed: list[str]) -> Message:
    return say("{m} (keys here: {k})", "{m}（此处可用的字段：{z}）", m=message, k=", ".join(allowed),
               z="、".join(allowed))


def not_a_mapping(value: object) -> Message:
    return say("expected a mapping of id, version, levels, ..., got {v}",
               "应为含 id、version、levels 等字段的映射（键: 值），实际为 {v}", v=shown(value))


def cannot_read(what: Message, reason: object) -> Message:
    """A ruleset or case file that cannot be read; the system's reason stays as the system says it."""
    return say("cannot read the {w}: {r}", "无法读取{w}：{r}", w=what, r=reason)


RULESET_FILE, CASE_FILE = Message("ruleset", "标准"), Message("case file", "测试用例文件")


def nested_some(path: str) -> RulesetError:
    return RulesetError(Message("'some' cannot be nested inside another 'some'", "'some' 不能嵌套在另一个 'some' 之中"),
                        path=path)


def unknown_collection(name: str, known: list[str], path: str, hint: str | None) -> RulesetError:
    return RulesetError(say("unknown collection '{c}' (one of: {k})", "未知的集合 '{c}'（可选：{k}）", c=name,
                            k=joined(known, ", ", "、")), path=path, hint=hint)
