"""Rulesets are data: the bundled standard, and errors a rule author can act on."""

import re
from pathlib import Path

import pytest

from certify.errors import RulesetError
from certify.facts import FACTS
from certify.operands import months_value, normalized_operand
from certify.ruleset import DEFAULT_RULESET, load_ruleset, parse_ruleset

ROOT = Path(__file__).resolve().parents[1]
STANDARD = DEFAULT_RULESET.read_text(encoding="utf-8")


def test_the_bundled_standard_is_the_file_in_rulesets():
    assert DEFAULT_RULESET.resolve() == (ROOT / "rulesets" / "kam-2014.yaml").resolve()


def test_the_2014_standard_has_four_levels_and_cites_a_clause_for_every_rule():
    loaded = load_ruleset()
    ruleset = loaded.ruleset
    assert [lv.name.zh for lv in ruleset.levels] == ["销售代表", "客户经理", "高级客户经理", "资深客户经理"]
    for level in ruleset.levels:
        for rule in level.rules:
            assert re.match(r"2\.[12] ", rule.clause), rule.id
            assert rule.text and rule.requirement.zh and rule.requirement.en
    assert loaded.meta["id"] == "kam-2014" and len(loaded.sha256) == 64


def test_thresholds_read_as_people_write_them():
    assert months_value("3 years") == 36 and months_value("3年") == 36
    assert months_value("18 months") == 18 and months_value(24) == 24
    with pytest.raises(ValueError, match="not a duration"):
        months_value("three years")


def test_a_duration_may_be_written_as_certify_says_it_and_in_years_that_make_whole_months():
    # explain says 18 months as "1 year 6 months" (1年6个月): written back into a ruleset, it reads the same.
    for written in ("1 year 6 months", "1年6个月", "1.5 years", "1.5年", "1y6m"):
        assert months_value(written) == 18, written
    assert months_value("2 years 6 months") == 30 and months_value("2.25 years") == 27
    with pytest.raises(ValueError, match="'1.3 years' is not a whole number of months"):
        months_value("1.3 years")
    with pytest.raises(ValueError, match="not a duration"):
        months_value("2 years, 6 months")
    copy = parse_ruleset(STANDARD.replace("at_least: 3 years}", "at_least: 2 years 6 months}"), "copy.yaml")
    leaf = copy.levels[0].rules[1].when
    assert normalized_operand(leaf, FACTS["applicant.sales_months"], "") == 30


def test_a_number_of_months_in_quotes_reads_as_the_number_does_as_an_amount_in_quotes_does():
    # An author who writes at_least: "72" (as "5000000" for an amount) was told '72' is not a duration and to
    # "write months as a number".
    assert months_value("72") == 72 and months_value(" 36 ") == 36
    copy = parse_ruleset(STANDARD.replace("at_least: 3 years}", 'at_least: "36"}'), "copy.yaml")
    assert normalized_operand(copy.levels[0].rules[1].when, FACTS["applicant.sales_months"], "") == 36
    for written in ("72.5", "", "1e3"):
        with pytest.raises(ValueError, match="not a duration"):
            months_value(written)


def broken(old: str, new: str) -> RulesetError:
    assert old in STANDARD
    with pytest.raises(RulesetError) as e:
        parse_ruleset(STANDARD.replace(old, new, 1), "copy.yaml")
    return e.value


def test_a_misspelt_fact_gets_a_did_you_mean():
    err = broken("fact: sales_months, at_least: 3 years", "fact: sales_monts, at_least: 3 years")
    line = next(n for n, text in enumerate(STANDARD.splitlines(), 1) if "fact: sales_months, at_least: 3 years" in text)
    assert str(err).startswith(f"copy.yaml:{line}: levels[0].rules[1].when: unknown fact 'sales_monts' for applicant")
    assert err.hint == "sales_months"


def test_a_fact_certify_does_not_read_says_it_is_new_code_not_a_slip():
    # A certificate or an exam is no fact of a dossier: the author was shown the facts and left to wonder whether
    # some key of the ruleset adds one.
    err = broken("fact: sales_months, at_least: 3 years", "fact: certificate, equals: ACSP")
    said = str(err)
    assert "unknown fact 'certificate' for applicant (facts: work_months, sales_months, it_sales_months)" in said
    assert "a requirement on anything else, such as a certificate, needs a new fact in certify's code" in said
    assert "新增事实" in err.message.zh and err.hint is None
    slip = broken("fact: sales_months, at_least: 3 years", "fact: sales_monts, at_least: 3 years")
    assert "new fact" not in str(slip) and slip.hint == "sales_months"
    # a fact of the items of education, misspelt outside some: a slip too
    assert "new fact" not in str(broken("fact: sales_months, at_least: 3 years", "fact: degre, at_least: bachelor"))


def test_a_text_s_zh_written_in_line_with_its_key_says_to_indent_it_under_that_key():
    # 'requirement:' with its zh: and en: lined up with it was 'unknown key 'zh' (keys here: id, clause, ...)'.
    old = "        requirement:\n          zh: 销售工作经历满3年\n          en: 3 years in sales\n"
    assert old in STANDARD
    err = broken(old, old.replace("          ", "        "))
    line = STANDARD[:STANDARD.index(old)].count("\n") + 1
    assert str(err) == (f"copy.yaml:{line + 1}: levels[0].rules[1]: unknown key 'zh': 'requirement' on line {line} has "
                        "no value of its own, and this is one of its keys: indent it further than 'requirement'")
    assert "请比 'requirement' 缩进得更多" in err.message.zh
    # a zh among a rule's keys with every text of the rule given: no text to put it under
    assert "keys here" in str(broken("        text: 3年以上销售工作经历\n", "        text: 3年以上销售工作经历\n        zh: x\n"))


@pytest.mark.parametrize("old, new, said", [
    ("{fact: sales_months, at_least: 3 years}", "{fact: degree, at_least: bachelor}",
     "'degree' is a fact of each item of education: compare it inside {some: education, where: ...}"),
    ("{fact: amount, at_least: 100万}", "{fact: sales_months, at_least: 5 years}",
     "'sales_months' is a fact of the applicant: compare it outside 'some'"),
    ("{fact: degree, at_least: master}", "{fact: amount, at_least: 100万}",
     "'amount' is a fact of each item of projects: compare it inside {some: projects, where: ...}"),
])
def test_a_fact_compared_in_the_wrong_place_says_where_it_belongs(old, new, said):
    err = broken(old, new)
    assert err.message == said and err.line == STANDARD[:STANDARD.index(old)].count("\n") + 1


def test_a_misspelt_value_gets_a_did_you_mean():
    err = broken("{fact: role, equals: lead}", "{fact: role, equals: leed}")
    assert "'leed' is not a value of role" in str(err) and err.hint == "lead"


def test_a_mistake_deep_in_a_condition_names_the_line_of_its_comparison_not_the_where_above_it():
    # L2.project: some projects where all [role, status, amount]; the status is the second of three.
    old = "              - {fact: status, equals: completed}\n              - {fact: amount, at_least: 100万}"
    err = broken(old, old.replace("completed", "complete"))
    assert err.path == "levels[1].rules[2].when.where.all[1]"
    assert err.line == STANDARD[:STANDARD.index(old)].count("\n") + 1
    old = "                  - {fact: degree, at_least: master}\n                  - {fact: work_months_after, at_least: 4"
    err = broken(old, old.replace("master", "masters"))
    assert (err.path, err.hint) == ("levels[2].rules[0].when.any[1].where.all[0]", "master")
    assert err.line == STANDARD[:STANDARD.index(old)].count("\n") + 1

def nested(depth: int, condition: str) -> str:
    """`condition` inside `depth` conditions `any: [...]`."""
    for _ in range(depth):
        condition = "{any: [" + condition + "]}"
    return condition


TENURE = "{fact: sales_months, at_least: 3 years}"  # L1.sales_tenure's condition, on a line of its own


def test_a_mistake_hundreds_of_conditions_deep_is_said_with_the_start_and_end_of_its_path():
    # 200 any[0] in a row had been the whole path: the message and the fact misspelt were off the screen.
    err = broken(TENURE, nested(200, "{all: [" + TENURE + ", {fact: sales_monts, at_least: 1 year}]}"))
    assert err.path == "levels[0].rules[1].when" + ".any[0]" * 200 + ".all[1]"  # kept whole: it finds the line
    assert err.line == STANDARD[:STANDARD.index(TENURE)].count("\n") + 1
    assert err.detail().startswith("levels[0].rules[1].when.any[0].any[0].any[0]. … (195 more) … .any[0].any[0].all[1]: "
                                   "unknown fact 'sales_monts'")
    assert err.detail("zh").startswith("levels[0].rules[1].when.any[0].any[0].any[0]. …（另有 195 层）… "
                                       ".any[0].any[0].all[1]: ")
    # A path a reader follows is shown whole.
    err = broken(TENURE, nested(3, "{fact: sales_monts, at_least: 1 year}"))
    assert err.detail().startswith("levels[0].rules[1].when.any[0].any[0].any[0]: unknown fact 'sales_monts'")


def test_conditions_nested_deeper_than_can_be_read_say_so_in_both_languages_with_a_short_path():
    err = broken(TENURE, nested(450, TENURE))
    hidden = err.path.count(".") + 1 - 9  # its parts, less the six and three shown
    assert err.detail() == (f"levels[0].rules[1].when.any[0].any[0].any[0]. … ({hidden} more) … .any[0].any[0].any[0]: "
                            "nested too deep to read (hundreds of levels): write it with fewer levels")
    assert err.detail("zh") == (f"levels[0].rules[1].when.any[0].any[0].any[0]. …（另有 {hidden} 层）… .any[0].any[0].any[0]: "
                                "嵌套过深（数百层），无法读取：请减少嵌套层数")
    assert err.line == STANDARD[:STANDARD.index(TENURE)].count("\n") + 1


def test_an_unknown_key_names_its_line():
    err = broken("    clause: \"2.1 岗位经验\"", "    clouse: \"2.1 岗位经验\"")
    assert err.message == "unknown key 'clouse'"
    assert err.line == STANDARD.splitlines().index("        clause: \"2.1 岗位经验\"") + 1


def test_an_unknown_key_with_nothing_close_lists_the_keys_allowed_there():
    # greater_than is no comparison of certify's: the author learns which are, where the mistake is.
    err = broken("{fact: sales_months, at_least: 3 years}", "{fact: sales_months, greater_than: 3 years}")
    assert err.message == "unknown key 'greater_than' (keys here: fact, at_least, equals, in, contains_all, evidence)"
    assert err.hint is None


def test_two_kinds_of_condition_in_one_mapping_say_to_give_each_its_own():
    # {all: [...], any: [...]} reads as one condition with two kinds: the second is no misspelt key.
    old = "{fact: sales_months, at_least: 3 years}"
    err = broken(old, "{all: [%s], any: [%s]}" % (old, old))
    assert err.message.startswith("unknown key 'any': a condition is one of all, any, some or a comparison")
    assert err.message.endswith("(all: [{all: ...}, {any: ...}])")
    mixed = broken(old, "{fact: sales_months, at_least: 3 years, all: [%s]}" % old)  # the example fits the case
    assert mixed.message.endswith("(all: [{all: ...}, {fact: ...}])")
    # A key of a condition where no condition is (beside a rule's id) is an unknown key, not a traceback.
    misplaced = broken("      - id: L1.sales_tenure\n", "      - id: L1.sales_tenure\n        fact: x\n")
    assert misplaced.message.startswith("unknown key 'fact' (keys here: id, clause,")
    assert err.line == STANDARD[:STANDARD.index(old)].count("\n") + 1


@pytest.mark.parametrize("written, said", [
    ("2014-13-45", "'2014-13-45' is not a real date"),
    ("soon", "expected a date as YYYY-MM-DD, got 'soon'"),
    ("2014-03-13 10:00:00", "expected a date as YYYY-MM-DD without a time, got the date and time 2014-03-13 10:00:00"),
    ("'{2014}'", "expected a date as YYYY-MM-DD, got '{2014}'"),  # a brace as written: no template of the message
    ("'{soon}'", "expected a date as YYYY-MM-DD, got '{soon}'"),
])
def test_an_effective_date_that_is_none_is_said_as_a_dossier_s_date_is(written, said):
    err = broken("effective: 2014-03-13", f"effective: {written}")
    assert (err.path, err.message) == ("effective", said)


def test_an_operator_that_does_not_fit_the_fact_is_an_error():
    err = broken("{fact: role, equals: lead}", "{fact: role, at_least: lead}")
    assert "at_least does not apply to role" in str(err)


def test_levels_must_be_numbered_in_order():
    err = broken("  - level: 2\n", "  - level: 3\n")
    assert "levels must be numbered 1, 2, 3" in str(err)
    assert (err.path, err.line) == ("levels[1].level", STANDARD.splitlines().index("  - level: 2") + 1)


def test_a_level_numbered_in_quotes_is_that_number_as_a_threshold_in_quotes_is():
    quoted = STANDARD.replace("  - level: 1\n", '  - level: "1"\n').replace("  - level: 2\n", '  - level: " 2 "\n')
    assert [lv.level for lv in parse_ruleset(quoted, "copy.yaml").levels] == [1, 2, 3, 4]
    # Out of order, the level named is the first one out of order, not the first one quoted.
    with pytest.raises(RulesetError) as e:
        parse_ruleset(quoted.replace("  - level: 3\n", "  - level: 4\n"), "copy.yaml")
    assert (e.value.path, e.value.line) == ("levels[2].level", STANDARD.splitlines().index("  - level: 3") + 1)
    # "02" is level 2 too, in order: the one named is still the first out of order.
    with pytest.raises(RulesetError) as e:
        parse_ruleset(STANDARD.replace("  - level: 2\n", '  - level: "02"\n').replace("  - level: 3\n", "  - level: 4\n"),
                      "copy.yaml")
    assert (e.value.path, e.value.line) == ("levels[2].level", STANDARD.splitlines().index("  - level: 3") + 1)


@pytest.mark.parametrize("written, got, zh", [
    ("0", "the number 0", "数字 0"),
    ('"0"', "'0'", "'0'"),
    ("-1", "the number -1", "数字 -1"),
    ("true", "true", "true"),  # was read as level 1
    ("1.0", "the number 1.0 (write 1)", "数字 1.0（请写 1）"),  # was read as 1, unsaid
    ("first", "'first'", "'first'"),
    ('"1000000000000000000001"', "'1000000000000000000001'", "'1000000000000000000001'"),
])
def test_a_level_that_is_no_whole_number_from_1_says_what_a_level_is_in_both_languages(written, got, zh):
    err = broken("  - level: 1\n", f"  - level: {written}\n")
    assert (err.path, err.line) == ("levels[0].level", STANDARD.splitlines().index("  - level: 1") + 1)
    assert err.message == f"expected a whole number ≥ 1, got {got}: levels are numbered 1, 2, 3, ... in order"
    assert err.message.zh == f"应为 ≥ 1 的整数，实际为{zh}：级别依次编号为 1、2、3……"


def test_a_rule_id_given_twice_names_the_second_one_and_its_line():
    err = broken("      - id: L1.it_sales_tenure", "      - id: L1.sales_tenure")
    first = STANDARD.splitlines().index("      - id: L1.sales_tenure") + 1
    assert err.message == (f"rule ids must be unique: L1.sales_tenure is given here and on line {first}; "
                           "give each rule an id of its own")
    assert (err.path, err.line) == ("levels[0].rules[2].id", STANDARD.splitlines().index("      - id: L1.it_sales_tenure") + 1)


def test_a_rule_copied_for_a_new_requirement_and_its_id_kept_names_both_lines_and_every_id_repeated():
    # L4.project copied to add a 2026 rule, its id left as it was; and L1.education given twice as well.
    rule = STANDARD[STANDARD.index("      - id: L4.project"):]
    text = (STANDARD + rule).replace("      - id: L1.sales_cycle", "      - id: L1.education", 1)
    with pytest.raises(RulesetError) as e:
        parse_ruleset(text, "kam-2026.yaml")
    at = [n for n, line in enumerate(text.splitlines(), 1) if line == "      - id: L1.education"]
    assert e.value.line == at[1] and e.value.path == "levels[0].rules[3].id"
    assert e.value.message == (f"rule ids must be unique: L1.education is given here and on line {at[0]}; "
                               "give each rule an id of its own (also repeated: L4.project)")
    assert e.value.message.zh == (f"规则编号（id）不能重复：L1.education 在此处和第{at[0]}行都出现了；每条规则须有自己的编号"
                                  "（另有重复的编号：L4.project）")


def test_a_date_that_is_none_names_its_field_and_line_not_a_traceback():
    err = broken("effective: 2014-03-13", "effective: 2014-13-45")
    assert err.path == "effective" and err.message == "'2014-13-45' is not a real date"
    assert err.line == STANDARD.splitlines().index("effective: 2014-03-13") + 1


def test_a_key_given_twice_is_an_error_with_its_line_not_the_last_one_kept():
    first = STANDARD.splitlines().index("      - id: L1.sales_tenure") + 1
    err = broken("        clause: \"2.1 岗位经验\"\n", "        clause: \"2.1 岗位经验\"\n        clause: 2.1\n")
    # clause begins no rule: no '- ' is asked after
    assert err.message == f"duplicate key 'clause': given here and on line {first + 1}" and err.line == first + 2


def test_a_rule_whose_dash_is_left_out_names_the_line_of_each_id_and_asks_after_the_dash_in_both_languages():
    # Without its `- `, L1.it_sales_tenure's keys land in the mapping of the rule above it: id is given twice there.
    err = broken("      - id: L1.it_sales_tenure", "        id: L1.it_sales_tenure")
    lines = STANDARD.splitlines()
    first, line = lines.index("      - id: L1.sales_tenure") + 1, lines.index("      - id: L1.it_sales_tenure") + 1
    assert err.line == line
    assert err.message == (f"duplicate key 'id': given here and on line {first} (a '- ' missing before line {line}, "
                           "where the next item of the list begins?)")
    assert err.message.zh == f"字段 'id' 重复出现：在此处和第{first}行都出现了（第{line}行前是否漏写了 '- '，列表的下一项从此开始？）"


def test_a_level_whose_dash_is_left_out_asks_after_the_dash_before_its_level():
    err = broken("  - level: 2\n", "    level: 2\n")
    lines = STANDARD.splitlines()
    first, line = lines.index("  - level: 1") + 1, lines.index("  - level: 2") + 1
    assert err.line == line
    assert err.message == (f"duplicate key 'level': given here and on line {first} (a '- ' missing before line {line}, "
                           "where the next item of the list begins?)")


def test_a_key_repeated_that_begins_the_other_items_though_not_this_one_asks_after_the_dash_too():
    # The first rule written clause first; the rule below it, its `- ` left out, begins with id as the others do.
    text = STANDARD.replace("      - id: L1.education\n        clause: \"2.1 学历\"\n",
                            "      - clause: \"2.1 学历\"\n        id: L1.education\n", 1)
    text = text.replace("      - id: L1.sales_tenure", "        id: L1.sales_tenure", 1)
    with pytest.raises(RulesetError) as e:
        parse_ruleset(text, "copy.yaml")
    line = text.splitlines().index("        id: L1.sales_tenure") + 1
    assert e.value.line == line and e.value.message.endswith(f"(a '- ' missing before line {line}, "
                                                             "where the next item of the list begins?)")


def test_a_version_written_as_a_number_must_be_quoted_lest_its_zeros_go():
    err = broken('version: "2014.1"', "version: 2014.10")
    assert err.path == "version" and err.message.startswith('write it in quotes, as version: "2014.1"')
    assert parse_ruleset(STANDARD.replace('version: "2014.1"', "version: 7"), "copy.yaml").version == "7"


@pytest.mark.parametrize("old, new, where, key", [
    ("en: 3 years in sales", "{zh: 销售工作经历满3年, en: 3 years in sales, IT or not}",
     "levels[0].rules[1].requirement", "IT or not"),
    ("{fact: amount, at_least: 100万}", "{fact: amount, at_least: ¥1,000,001}",
     "levels[1].rules[2].when.where.all[2]", "000"),
])
def test_a_value_cut_at_a_comma_in_braces_says_to_quote_it(old, new, where, key):
    if old.startswith("en:"):  # the whole requirement, written on one line
        old = "\n          zh: 销售工作经历满3年\n          en: 3 years in sales"
        new = " " + new
    err = broken(old, new)
    assert (err.path, err.hint) == (where, None)
    assert err.message == f"unknown key '{key}': in a {{...}} mapping a comma ends a value, so quote a value that holds one"
    assert err.line == next(n for n, text in enumerate(STANDARD.replace(old, new).splitlines(), 1) if new in text)


@pytest.mark.parametrize("old, new, where", [
    ('clause: "2.1 岗位经验"', 'clause: ""', "levels[0].rules[1].clause"),
    ('clause: "2.1 岗位经验"', 'clause: "  "', "levels[0].rules[1].clause"),
    ("text: 3年以上销售工作经历", 'text: " "', "levels[0].rules[1].text"),
    ("en: 3 years in sales", 'en: ""', "levels[0].rules[1].requirement.en"),
    ('version: "2014.1"', 'version: ""', "version"),
])
def test_a_rule_without_its_clause_or_words_is_an_error_not_a_blank_citation(old, new, where):
    err = broken(old, new)
    assert err.path == where and err.message == "must not be empty"


@pytest.mark.parametrize("old, new, where, said, zh", [
    ('        clause: "2.1 岗位经验"\n', "", "levels[0].rules[1].clause",
     'required key is missing: a rule cites the clause of the standard it encodes, such as "2.1 学历" '
     "(a rule has id, clause, text, requirement, when)",
     '缺少必填字段：每条规则须注明它所依据的标准条款，如 "2.1 学历"（规则须有 id、clause、text、requirement、when）'),
    ('version: "2014.1"\n', "", "version",
     'required key is missing: the edition\'s version, in quotes, such as "2014.1" '
     "(a ruleset has id, version, title, source, levels)",
     '缺少必填字段：版本号，须加引号，如 "2014.1"（标准须有 id、version、title、source、levels）'),
    ("{fact: sales_months, at_least: 3 years}", "{at_least: 3 years}", "levels[0].rules[1].when.fact",
     "required key is missing (a comparison has fact)", "缺少必填字段（比较条件须有 fact）"),
])
def test_a_key_left_out_says_what_it_is_for_and_the_keys_required_beside_it(old, new, where, said, zh):
    # Not the validation library's "Field required", which says neither.
    err = broken(old, new)
    assert (err.path, err.message, err.message.zh) == (where, said, zh)


def test_a_rule_without_its_clause_says_so_at_the_rule_s_line_in_lint_and_check(tmp_path):
    from click.testing import CliRunner
    from certify.cli import main

    text = STANDARD.replace('        clause: "2.2 销售经验 4级"\n', "", 1)
    f = tmp_path / "kam-2026.yaml"
    f.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - id: L4.project") + 1
    lint = CliRunner().invoke(main, ["lint", str(f), "--lang", "zh"])
    assert lint.exit_code == 2 and lint.stdout == (
        f"{f}:{line}：错误 L4.project：clause: 缺少必填字段：每条规则须注明它所依据的标准条款，如 \"2.1 学历\""
        "（规则须有 id、clause、text、requirement、when）\n")
    check = CliRunner().invoke(main, ["check", str(ROOT / "applicants" / "zhao-lei.yaml"), "--ruleset", str(f)])
    assert check.exit_code == 2 and check.stderr == (
        f"Error: {f}:{line}: levels[3].rules[2].clause: required key is missing: a rule cites the clause of the "
        'standard it encodes, such as "2.1 学历" (a rule has id, clause, text, requirement, when)\n')


def test_a_threshold_past_any_career_or_project_is_an_error_not_a_crash():
    err = broken("fact: sales_months, at_least: 3 years", "fact: sales_months, at_least: " + "9" * 29)
    assert err.message == "9" * 29 + " months is longer than any career (at most 200 years)"
    err = broken("fact: sales_months, at_least: 3 years", "fact: sales_months, at_least: 250 years")
    assert err.message == "'250 years' is longer than any career (at most 200 years)"
    assert months_value("200 years") == 2400


def test_a_duration_is_read_from_all_its_digits_and_leading_zeros_are_not_its_digits():
    assert months_value("0000003 years") == 36 and months_value("00000000018 months") == 18
    assert months_value("0000000 years") == 0 and months_value("００００００００３年") == 36
    for written in ("12345678901 years", "2401 months", "0000000201 years", "9" * 5000 + " months"):
        with pytest.raises(ValueError, match="is longer than any career"):
            months_value(written)


def test_the_facts_table_in_the_docs_lists_every_fact():
    doc = (ROOT / "docs" / "ruleset-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|[^|]*\| `(\w+)` \|", doc, flags=re.M))
    assert documented == {spec.name for spec in FACTS.values()}


@pytest.mark.parametrize("text, said", [
    ("", "empty file: a ruleset is a mapping of id, version, levels, ..."),
    ("# nothing yet\n", "empty file: a ruleset is a mapping of id, version, levels, ..."),
    ("- id: kam\n", "expected a mapping of id, version, levels, ..., got [{'id': 'kam'}]"),
])
def test_a_ruleset_that_is_no_mapping_says_what_it_is_in_certifys_words(text, said):
    # Not the validation library's "Input should be a valid dictionary or instance of Ruleset".
    with pytest.raises(RulesetError) as e:
        parse_ruleset(text, "new.yaml")
    assert e.value.file == "new.yaml" and e.value.message == said


@pytest.mark.parametrize("old, new, where, said", [
    ("id: L1.sales_tenure", 'id: "2.1(b)"', "levels[0].rules[1].id",
     "'2.1(b)' may hold only the letters A-Z and a-z, digits, '.', '_' and '-'"),
    ("id: kam-2014", "id: kam 2014", "id", "'kam 2014' may hold only the letters A-Z and a-z, digits, '.', '_' and '-'"),
    # Chinese characters are letters too, but not of an id (it names records' files): said so, A-Z and a-z.
    ("id: L1.sales_tenure", "id: L1.销售年限", "levels[0].rules[1].id",
     "'L1.销售年限' may hold only the letters A-Z and a-z, digits, '.', '_' and '-'"),
    ("fact: role, equals: lead", "fact: role, in: lead", "levels[1].rules[2].when.where.all[0].in",
     "expected a list ([A, B], or one '- ' item a line), got 'lead'"),
    ("{fact: sales_months, at_least: 3 years}", "{any: []}", "levels[0].rules[1].when.any", "must list at least one"),
    # Not "Input should be a valid dictionary or instance of Text" (or Leaf, or Rule): classes of certify's code.
    ("{zh: 销售代表, en: Sales Representative}", "销售代表", "levels[0].name",
     "expected a text in two languages, {zh: ..., en: ...}, got '销售代表'"),
    ("{fact: sales_months, at_least: 3 years}", "sales_months >= 36", "levels[0].rules[1].when",
     "expected a condition: {fact: F, at_least: V} (or equals, in, contains_all), {all: [...]}, {any: [...]} or "
     "{some: COLLECTION, where: ...}, got 'sales_months >= 36'"),
    ("      - id: L1.sales_tenure", "      - L1.sales_tenure\n      - id: L1.sales_tenure", "levels[0].rules[1]",
     "expected a mapping (key: value), got 'L1.sales_tenure'"),
])
def test_a_schema_mistake_is_said_in_a_rule_authors_words_not_the_validation_librarys(old, new, where, said):
    err = broken(old, new)
    assert (err.path, err.message) == (where, said)


# ---- a ruleset file cut short ----


def _cut_inside(text: str, needle: str) -> str:
    """`text` stopped inside the line that holds `needle`, right after it: a copy not finished."""
    return text[:text.index(needle) + len(needle)]


def test_a_ruleset_cut_short_inside_a_line_is_said_to_be_cut_short_not_to_lack_a_key():
    """A copy of the standard not finished stops inside level 2's second rule: the rule lacks its clause only because
    the file stops there. The error says the file is cut short, on the line it stops in, and what it reads as
    beside it, in both languages."""
    cut = _cut_inside(STANDARD, "- id: L2.sales_te")
    last = cut.count("\n") + 1
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(cut, "copy.yaml")
    e = caught.value
    assert e.line == last and e.path is None
    assert e.said() == (f"copy.yaml:{last}: cut short: the file ends inside line {last}, with no newline after it, a "
                        "copy not finished or the file truncated; copy it whole again (as it stands: "
                        "levels[1].rules[1].clause: required key is missing: a rule cites the clause of the standard "
                        "it encodes, such as \"2.1 学历\" (a rule has id, clause, text, requirement, when))")
    assert e.said("zh").startswith(f"copy.yaml:{last}：文件不完整：在第{last}行中间结束，其后没有换行，可能复制未完成或文件被截断；"
                                   "请重新完整复制（按现有内容：levels[1].rules[1].clause: 缺少必填字段")


@pytest.mark.parametrize("needle", ["effective: 2014-0", "  - level: 2\n    name: {zh: 客户经理, en: Acc",
                                    "{fact: degree, at_le", "requirement:\n          zh: 本科及以上学历，毕业",
                                    "rules:\n      - id: L3.edu"])
def test_a_ruleset_cut_anywhere_inside_a_line_is_said_to_be_cut_short(needle):
    """Wherever the copy stops inside a line (a date, a name, a {...} condition, a text, a rule's id), what it lacks
    there is said as the cut, whatever that reads as: a date cut short, a mapping not closed, a text with no value."""
    with pytest.raises(RulesetError) as caught:
        parse_ruleset(_cut_inside(STANDARD, needle), "copy.yaml")
    assert caught.value.said().startswith("copy.yaml:") and ": cut short: the file ends inside line " in caught.value.said()


def test_a_ruleset_with_no_newline_at_its_end_and_an_error_elsewhere_is_said_as_before():
    """Some editors save a file without a newline after its last line: such a file, whole, loads; with a key
    misspelt, or missing, away from its end, the error is that one, not a cut."""
    whole = STANDARD.rstrip("\n")
    assert parse_ruleset(whole, "copy.yaml").levels[-1].rules[-1].id == "L4.project"
    for text, said in [(whole.replace("clause: \"2.1 岗位经验\"", "clase: \"2.1 岗位经验\"", 1), "unknown key 'clase'"),
                       (whole.replace("title:", "titel:", 1), "unknown key 'titel'"),
                       (re.sub(r"\n +clause: \"2\.1 岗位经验\"", "", whole, count=1), "required key is missing")]:
        with pytest.raises(RulesetError) as caught:
            parse_ruleset(text, "copy.yaml")
        assert said in caught.value.said() and "cut short" not in caught.value.said()


def test_a_ruleset_cut_inside_a_character_is_said_to_be_cut_short_not_to_be_other_than_utf8(tmp_path):
    """A copy stopped inside a Chinese character (its first byte of three): not UTF-8 text at its last bytes only."""
    raw = DEFAULT_RULESET.read_bytes()
    cut = raw[:raw.index("资深".encode()) + 1]
    path = tmp_path / "copy.yaml"
    path.write_bytes(cut)
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    line = cut.count(b"\n") + 1
    assert caught.value.said() == (f"{path}: cut short: the file ends inside a character, on line {line}, a copy not "
                                   "finished or the file truncated; copy it whole again")
    assert caught.value.said("zh") == f"{path}：文件不完整：在第{line}行的一个字符中间结束，可能复制未完成或文件被截断；请重新完整复制"
