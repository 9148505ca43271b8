"""certify diff as a library: what changed between two rulesets, by meaning, rule by rule."""

import json
from pathlib import Path

from certify.ruleset import LoadedRuleset, load_ruleset, parse_ruleset
from certify.rulediff import diff_record, diff_rulesets, diff_text

HERE = Path(__file__).parent
OLD = load_ruleset(HERE / "rulesets" / "editions" / "kam-2014.yaml")
NEW = load_ruleset(HERE / "rulesets" / "editions" / "kam-2020.yaml")
TEXT = (HERE / "rulesets" / "editions" / "kam-2014.yaml").read_text(encoding="utf-8")


def variant(*pairs: tuple[str, str], sha: str = "f" * 64) -> LoadedRuleset:
    """The 2014 ruleset with text replaced (old, new), as if loaded from variant.yaml."""
    text = TEXT
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return LoadedRuleset(parse_ruleset(text, "variant.yaml"), "variant.yaml", sha)


def test_the_2020_edition_changes_the_metadata_and_one_rule():
    d = diff_rulesets(OLD, NEW)
    assert not d.identical
    assert [(f.field, f.old, f.new) for f in d.metadata] == [("version", "2014.1", "2020.1"),
                                                              ("effective", "2014-03-13", "2020-01-01")]
    assert d.levels == []
    [rule] = d.rules
    assert (rule.id, rule.change, rule.old_level, rule.new_level) == ("L2.project", "changed", 2, 2)
    fields = {f.field: (f.old, f.new) for f in rule.fields}
    assert list(fields) == ["requirement.zh", "requirement.en", "condition"]
    assert fields["condition"] == (
        "some project: role is lead AND project status is completed AND project amount is at least CNY 1,000,000",
        "some project: role is lead AND project status is completed AND project amount is at least CNY 800,000")


def test_the_text_shows_old_and_new_conditions_in_plain_language():
    text = diff_text(diff_rulesets(OLD, NEW, "zh"), "zh")
    assert "L2.project（第2级）：修改\n" in text
    assert "    - 至少一个项目满足：角色为主导运作 且 项目状态为已完成 且 项目金额不少于100万元\n" in text
    assert "    + 至少一个项目满足：角色为主导运作 且 项目状态为已完成 且 项目金额不少于80万元\n" in text
    # Fields in Chinese, each with its key in the file beside it.
    assert "版本 version: 2014.1 -> 2020.1\n施行日期 effective: 2014-03-13 -> 2020-01-01\n" in text
    assert "  要求（中文） requirement.zh:\n" in text and "  判定条件 condition:\n" in text
    assert "规则变化1条（新增0条，删除0条，修改1条）" in text
    english = diff_text(diff_rulesets(OLD, NEW, "en"), "en")
    assert "version: 2014.1 -> 2020.1\neffective: 2014-03-13 -> 2020-01-01\n" in english
    assert "  condition:\n" in english


def test_the_same_rules_spelt_differently_are_identical():
    respelt = variant(("at_least: 3 years}", "at_least: 36}"),
                      ("- {fact: role, equals: lead}\n              - {fact: status, equals: completed}",
                       "- {fact: status, equals: completed}\n              - {fact: role, equals: lead}"),
                      ("# Every threshold", "# A comment that changed. Every threshold"))
    d = diff_rulesets(OLD, respelt)
    assert d.identical
    assert diff_text(d).endswith("no differences: both state the same rules (the files differ only in how they "
                                 "write the same rules (comments, layout, order, spelling))\n")
    # An any or all of one part, one inside another of its kind, `in` one value: the same rule.
    rewritten = variant(("when: {fact: sales_months, at_least: 5 years}",
                         "when: {any: [{fact: sales_months, at_least: 5 years}]}"),
                        ("- {fact: role, equals: lead}", "- {all: [{fact: role, in: [lead]}]}"))
    assert diff_rulesets(OLD, rewritten).identical
    changed = variant(("- {fact: role, equals: lead}", "- {fact: role, in: [lead, member]}"))
    assert [r.id for r in diff_rulesets(OLD, changed).rules] == ["L2.project"]
    assert diff_text(diff_rulesets(OLD, OLD)).endswith("(the files are the same)\n")


def test_rules_added_removed_and_moved_and_levels_renamed():
    new = variant(("      - id: L1.it_sales_tenure", "      - id: L1.it_sales_months"),
                  ("name: {zh: 客户经理, en: Account Manager}", "name: {zh: 客户经理, en: Key Account Manager}"),
                  ("clause: \"2.1 岗位经验\"\n        text: 5年以上", "clause: \"2.1 岗位经验（修订）\"\n        text: 5年以上"))
    d = diff_rulesets(OLD, new)
    assert [(lv.level, lv.change, lv.old["en"], lv.new["en"]) for lv in d.levels] == [
        (2, "renamed", "Account Manager", "Key Account Manager")]
    changes = [(r.id, r.change) for r in d.rules]
    assert changes == [("L1.it_sales_months", "added"), ("L2.sales_tenure", "changed"),
                       ("L1.it_sales_tenure", "removed")]
    changed = d.rules[1]
    assert [(f.field, f.old, f.new) for f in changed.fields] == [("clause", "2.1 岗位经验", "2.1 岗位经验（修订）")]
    text = diff_text(d)
    assert "level 2: renamed Account Manager (客户经理) -> Key Account Manager (客户经理)\n" in text
    assert "L1.it_sales_tenure (level 1): removed\n" in text
    assert "changes: 0 to metadata, 1 to levels, 3 to rules (1 added, 1 removed, 1 changed)" in text


def test_a_rule_moved_to_another_level_says_so():
    moved = variant(("""      - id: L1.it_sales_tenure
        clause: "2.1 岗位经验"
        text: 1年以上IT销售工作经历
        requirement:
          zh: IT销售工作经历满1年
          en: 1 year in IT sales
        when: {fact: it_sales_months, at_least: 1 year}
""", ""), ("    rules:\n      - id: L2.education", """    rules:
      - id: L1.it_sales_tenure
        clause: "2.1 岗位经验"
        text: 1年以上IT销售工作经历
        requirement:
          zh: IT销售工作经历满1年
          en: 1 year in IT sales
        when: {fact: it_sales_months, at_least: 1 year}
      - id: L2.education"""))
    [rule] = diff_rulesets(OLD, moved).rules
    assert (rule.id, rule.old_level, rule.new_level) == ("L1.it_sales_tenure", 1, 2)
    assert [(f.field, f.old, f.new) for f in rule.fields] == [("level", 1, 2)]


def test_the_json_record_names_both_editions():
    record = json.loads(json.dumps(diff_record(diff_rulesets(OLD, NEW)), ensure_ascii=False))
    assert record["identical"] is False
    assert record["old"]["version"] == "2014.1" and record["new"]["effective"] == "2020-01-01"
    assert record["rules"][0]["id"] == "L2.project" and record["rules"][0]["level"] == {"old": 2, "new": 2}
    assert record["metadata"][0] == {"field": "version", "old": "2014.1", "new": "2020.1"}


def test_a_field_is_named_in_chinese_as_certify_explain_names_it():
    # An auditor reads the diff beside the signed standard: 施行日期, 来源, 标准原文, 判定条件 in both.
    from certify.rulebook import WORDS
    from certify.rulediff import FIELD_WORDS_ZH
    for field in ("id", "version", "effective", "source", "clause", "text", "condition"):
        assert FIELD_WORDS_ZH[field] == WORDS["zh"][field], field


def test_a_changed_condition_says_what_it_means_for_applicants():
    # 2020 lowers L2.project from 100万 to 80万: a led, completed 80万 project now meets it.
    d = diff_rulesets(OLD, NEW)
    english = diff_text(d, "en")
    assert ("  for applicants: more lenient: a project with role lead, project status completed, project amount "
            "CNY 800,000 now meets it (it did not before)\n") in english
    assert "stricter" not in english
    chinese = diff_text(diff_rulesets(OLD, NEW, "zh"), "zh")
    assert "  对申报人：放宽：项目（角色为主导运作，项目状态为已完成，项目金额80万元）现在符合（此前不符合）\n" in chinese
    assert diff_record(d)["rules"][0]["for_applicants"] == {"more_lenient": True, "stricter": False}


def test_a_raised_threshold_is_stricter_and_a_swapped_one_is_both():
    raised = variant(("{fact: sales_months, at_least: 8 years}", "{fact: sales_months, at_least: 9 years}"))
    text = diff_text(diff_rulesets(OLD, raised))
    assert "  for applicants: stricter: sales tenure 8 years met it and no longer does\n" in text
    # A master's now asked where a bachelor's was, but with fewer years: some cases gain, others lose.
    swapped = variant(("- {fact: degree, at_least: bachelor}\n              - {fact: work_months_after, at_least: 4 years}",
                       "- {fact: degree, at_least: master}\n              - {fact: work_months_after, at_least: 3 years}"))
    [rule] = diff_rulesets(OLD, swapped).rules
    assert rule.id == "L2.education"
    lenient, stricter = rule.effect
    assert lenient[("education", "degree")] in ("master", "doctorate")
    assert lenient[("education", "work_months_after")] == 36
    assert stricter[("education", "degree")] == "bachelor"
    assert "more lenient: " in diff_text(diff_rulesets(OLD, swapped)) and "; stricter: " in diff_text(
        diff_rulesets(OLD, swapped))


def test_only_a_condition_change_says_what_it_means_for_applicants():
    reworded = variant(("clause: \"2.1 岗位经验\"", "clause: \"2.1 岗位经验（修订）\""))
    text = diff_text(diff_rulesets(OLD, reworded))
    assert "changed" in text and "for applicants" not in text
    assert "for_applicants" not in json.dumps(diff_record(diff_rulesets(OLD, reworded)))
