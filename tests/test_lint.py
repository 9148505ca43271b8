"""certify lint as a library: errors with lines, vacuous conditions, and ladders that are not monotone."""

import re
import subprocess
import sys
from pathlib import Path

from certify.lint import lint_path, lint_text

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent
STANDARD_FILE = ROOT / "rulesets" / "kam-2014.yaml"
STANDARD = STANDARD_FILE.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def of(findings, severity):
    return [f for f in findings if f.severity == severity]


def test_the_bundled_standard_has_exactly_one_warning_its_project_ladder():
    findings = lint_text(STANDARD, "rulesets/kam-2014.yaml")
    assert of(findings, "error") == []
    [warning] = of(findings, "warning")
    assert str(warning) == (
        f"rulesets/kam-2014.yaml:{line_of(STANDARD, '- id: L4.project')}: warning L4.project: not monotone: "
        "a project with role lead, project status completed, project amount CNY 500,000, project designation "
        "industry (regional) key project, with a designation reference passes L4.project but fails L2.project: "
        "level 4 accepts what level 2 rejects (also: L3.project passes a case L2.project fails)")
    assert [f.where for f in of(findings, "info")] == ["applicant.work_months", "education.mode"]


def test_a_misspelt_fact_is_an_error_on_its_line_with_a_did_you_mean():
    copy = STANDARD.replace("fact: sales_months, at_least: 3 years", "fact: sales_monts, at_least: 3 years")
    [error] = of(lint_text(copy, "copy.yaml"), "error")
    assert error.line == line_of(copy, "sales_monts") and error.where == "L1.sales_tenure"
    assert error.message.endswith("(did you mean 'sales_months'?)")
    assert str(error).startswith(f"copy.yaml:{error.line}: error L1.sales_tenure: unknown fact 'sales_monts'")


def test_a_duration_past_any_career_is_said_as_written_never_as_a_number_cut_short():
    copy = STANDARD.replace("fact: sales_months, at_least: 3 years", "fact: sales_months, at_least: 12345678901 years")
    [error] = of(lint_text(copy, "copy.yaml"), "error")
    assert str(error) == (f"copy.yaml:{line_of(copy, '12345678901')}: error L1.sales_tenure: "
                          "'12345678901 years' is longer than any career (at most 200 years)")


def test_every_unknown_fact_and_value_is_reported_not_just_the_first():
    copy = (STANDARD.replace("fact: sales_months, at_least: 5 years", "fact: sales_monts, at_least: 5 years")
            .replace("{fact: role, equals: lead}", "{fact: role, equals: leed}", 1))
    errors = of(lint_text(copy, "copy.yaml"), "error")
    assert [(e.where, e.line) for e in errors] == [("L2.sales_tenure", line_of(copy, "sales_monts")),
                                                    ("L2.project", line_of(copy, "leed"))]
    assert errors[1].message == "'leed' is not a value of role (one of: lead, member) (did you mean 'lead'?)"


def test_a_schema_error_is_reported_with_its_line():
    copy = STANDARD.replace('    clause: "2.1 岗位经验"', '    clouse: "2.1 岗位经验"', 1)
    [error] = lint_text(copy, "copy.yaml")
    assert (error.severity, error.line, error.where) == ("error", line_of(copy, "clouse"), "L1.sales_tenure")
    assert error.message == "unknown key 'clouse' (did you mean 'clause'?)"
    nested = STANDARD.replace("          zh: 销售工作经历满3年", "          zhh: 销售工作经历满3年")
    [error] = lint_text(nested, "copy.yaml")
    assert str(error) == (f"copy.yaml:{line_of(nested, 'zhh:')}: error L1.sales_tenure: requirement: "
                          "unknown key 'zhh' (did you mean 'zh'?)")
    error, *more = lint_text("id: x\n", "copy.yaml")  # each key missing is a mistake of its own
    assert [f.where for f in more] == ["title", "source", "levels"]
    assert str(error) == ('copy.yaml:1: error version: required key is missing: the edition\'s version, in quotes, '
                          'such as "2014.1" (a ruleset has id, version, title, source, levels)')


def test_conditions_that_never_or_always_hold_and_duplicates_are_warnings():
    path = HERE / "rulesets" / "lint" / "vacuous.yaml"
    text = path.read_text(encoding="utf-8")
    warnings = {f.where: (f.line, f.message) for f in of(lint_path(path), "warning")}
    assert warnings == {
        "L1.zero": (line_of(text, "at_least: 0 months"),
                    "always holds whenever the dossier gives sales tenure: sales tenure is at least 0 months"),
        "L1.nothing": (line_of(text, "in: []"), "can never hold: 'in' lists no values of project status"),
        "L1.no_stages": (line_of(text, "contains_all: []"),
                         "always holds whenever the dossier gives sales stages: 'contains_all' lists no values"),
        "L1.lead_and_member": (line_of(text, "            all:"), "can never hold: role is lead AND role is "
                                                                  "member cannot both be true of one project"),
        "L1.twice": (line_of(text, "at_least: 12}"),
                     "duplicate alternative: any[1] is the same as any[0] (IT sales tenure is at least 1 year)"),
    }


def test_a_value_listed_twice_in_in_or_contains_all_is_a_warning_naming_the_value_and_the_rule():
    # A slip, harmless to the verdict: said at its second place, however it is written the second time (需求发掘 is
    # discovery), once however often it comes, in each language.
    text = (STANDARD.replace("in: [industry_large, industry_key], evidence",
                             "in: [industry_large, industry_key, industry_large], evidence", 1)
            .replace("contains_all: [discovery, technical_exchange,",
                     "contains_all: [discovery, technical_exchange, 需求发掘, discovery,", 1))
    said = [(f.line, f.where, f.message, f.said("zh")) for f in of(lint_text(text, "copy.yaml"), "warning")
            if "twice" in f.message]
    stages, designation = line_of(text, "technical_exchange, 需求发掘"), line_of(text, "industry_key, industry_large]")
    assert said == [
        (stages, "L1.sales_cycle", "'contains_all' lists 'discovery' twice, as 'discovery' and '需求发掘': a slip, "
                                   "harmless; list it once",
         f"copy.yaml:{stages}：警告 L1.sales_cycle：'contains_all' 两次列出 'discovery'（写作 'discovery' 和 '需求发掘'）："
         "应是笔误，不影响判定；列出一次即可"),
        (designation, "L3.project", "'in' lists 'industry_large' twice: a slip, harmless; list it once",
         f"copy.yaml:{designation}：警告 L3.project：'in' 两次列出 'industry_large'：应是笔误，不影响判定；列出一次即可"),
    ]
    assert not [f for f in lint_text(STANDARD, "kam-2014.yaml") if "twice" in f.message]


def test_an_education_rule_of_an_associate_degree_or_higher_as_standards_word_it_is_no_finding():
    # 大专及以上: every degree a dossier gives is one, but under `some: education` the rule asks for a degree at all;
    # a rule author transcribing another company's standard faithfully is warned of nothing.
    copy = (STANDARD.replace("{fact: degree, at_least: bachelor}\n              - {fact: work_months_after, at_least: 2 years}",
                             "{fact: degree, at_least: 大专}\n              - {fact: work_months_after, at_least: 2 years}")
            .replace("zh: 本科及以上学历，毕业后工作满2年", "zh: 大专及以上学历，毕业后工作满2年")
            .replace("en: a bachelor's degree or higher, with 2 years of work after it",
                     "en: an associate degree or higher, with 2 years of work after it"))
    assert copy.count("at_least: 大专") == 1
    assert [f for f in lint_text(copy, "acme.yaml") if f.where == "L1.education"] == []
    zero = copy.replace("{fact: sales_months, at_least: 3 years}", "{fact: sales_months, at_least: 0 months}")
    assert ("warning", "always holds whenever the dossier gives sales tenure: sales tenure is at least 0 months") in [
        (f.severity, f.message) for f in lint_text(zero, "acme.yaml") if f.where == "L1.sales_tenure"]


def test_a_degree_that_is_one_degree_and_at_least_a_higher_one_can_never_hold():
    # "an associate degree AND a master's or higher" on one degree was no finding: only equals and in were compared.
    old = "{fact: degree, at_least: master}"
    assert STANDARD.count(old) == 2
    copy = STANDARD.replace(old, "{fact: degree, in: [associate, bachelor]}\n                  - " + old, 1)
    said = [(f.severity, f.message) for f in lint_text(copy, "acme.yaml") if f.where == "L3.education"]
    assert ("warning", "can never hold: degree is associate degree or bachelor's degree AND degree is master's degree "
                       "or higher cannot both be true of one degree") in said
    # one degree that is a master's and at least a bachelor's can hold: no finding
    fine = STANDARD.replace(old, "{fact: degree, equals: master}\n                  - {fact: degree, at_least: bachelor}", 1)
    assert [f for f in lint_text(fine, "acme.yaml") if f.where == "L3.education"] == []


def test_a_threshold_applied_twice_is_one_finding_about_its_words_not_two():
    # L1.twice asks for 1 year of IT sales twice (1 year, 12 months), and its requirement says neither: one warning
    # per language, as for a threshold applied once; every line lint prints is said once.
    findings = lint_path(HERE / "rulesets" / "lint" / "vacuous.yaml")
    words = [str(f.message) for f in findings if f.where == "L1.twice" and "does not say" in str(f.message)]
    assert sorted(words) == [f"the requirement ({lang}) does not say {said}, which its condition requires: explanations "
                             "would state another requirement than the one applied" for lang, said in (("en", "1 year"),
                                                                                                       ("zh", "1年"))]
    said = [f.said(lang) for f in findings for lang in ("en", "zh")]
    assert len(said) == len(set(said))


def test_a_lower_threshold_at_a_higher_level_is_not_monotone():
    copy = STANDARD.replace("{fact: sales_months, at_least: 8 years}", "{fact: sales_months, at_least: 4 years}")
    ladder = [f for f in lint_text(copy, "copy.yaml") if f.message.startswith("not monotone")]
    assert [(f.where, f.line) for f in ladder] == [("L3.sales_tenure", line_of(copy, "- id: L3.sales_tenure")),
                                                   ("L4.project", line_of(copy, "- id: L4.project"))]
    assert ladder[0].message == ("not monotone: sales tenure 4 years passes L3.sales_tenure but fails "
                                 "L2.sales_tenure: level 3 accepts what level 2 rejects")


def test_a_requirement_missing_from_a_higher_level_is_a_warning():
    # Deleting L4.education by mistake lets a dossier without a degree reach level 4.
    start, end = STANDARD.index("      - id: L4.education"), STANDARD.index("      - id: L4.sales_tenure")
    copy = STANDARD[:start] + STANDARD[end:]
    [dropped] = [f for f in lint_text(copy, "copy.yaml") if "has no" in f.message]
    assert (dropped.severity, dropped.where, dropped.line) == ("warning", "L3.education",
                                                              line_of(copy, "- id: L3.education"))
    assert dropped.message == ("level 4 has no 'education' rule, which levels 1, 2, 3 have: it asks less than "
                               "level 3 (a rule deleted by mistake?)")


def test_a_threshold_changed_without_its_words_is_a_warning_in_each_language():
    # The explanation would say "Met: 8 years in sales" of a rule that asks for 4.
    copy = STANDARD.replace("{fact: sales_months, at_least: 8 years}", "{fact: sales_months, at_least: 4 years}")
    words = [f for f in lint_text(copy, "copy.yaml") if "does not say" in f.message]
    assert [(f.where, f.line) for f in words] == [("L3.sales_tenure", line_of(copy, "zh: 销售工作经历满8年")),
                                                  ("L3.sales_tenure", line_of(copy, "en: 8 years in sales"))]
    assert words[1].message == ("the requirement (en) does not say 4 years, which its condition requires: "
                                "explanations would state another requirement than the one applied")
    amount = STANDARD.replace("{fact: amount, at_least: 100万}", "{fact: amount, at_least: 80万}")
    assert [f.message.split(", which")[0] for f in lint_text(amount, "copy.yaml") if "does not say" in f.message] == [
        "the requirement (zh) does not say 80万", "the requirement (en) does not say 800,000"]


def _words_warnings(condition: str, en: str, zh: str) -> list[str]:
    """lint's words warnings for L1.sales_tenure given another condition and requirement."""
    copy = (STANDARD.replace("{fact: sales_months, at_least: 3 years}", condition, 1)
            .replace("en: 3 years in sales", f"en: {en}", 1).replace("zh: 销售工作经历满3年", f"zh: {zh}", 1))
    return [f.message.split(" does not")[0] for f in lint_text(copy, "copy.yaml") if "does not say" in f.message]


def test_the_words_must_state_the_threshold_as_a_number_of_its_own_however_it_is_written():
    months = "{fact: sales_months, at_least: 3 years}"
    # 13 years, 3 years 6 months and 满13年 contain "3 years" / "3年" but do not say it.
    assert _words_warnings(months, "13 years in sales", "销售工作经历满13年") == [
        "the requirement (zh)", "the requirement (en)"]
    assert _words_warnings(months, "3 years 6 months in sales", "满3年6个月") == [
        "the requirement (zh)", "the requirement (en)"]
    # The ways people write it are not warned about.
    assert _words_warnings(months, "36 months in sales, at least 3 years.", "3年以上销售工作经历") == []
    assert _words_warnings(months, "a 3-year sales record", "36个月销售工作经历") == []
    assert _words_warnings("{fact: sales_months, at_least: 18 months}", "1.5 years in sales", "1年6个月") == []
    amount = ("{fact: sales_months, at_least: 3 years}\n      - id: L1.amount\n        clause: x\n        text: x\n"
              "        requirement: {zh: \"%s\", en: \"%s\"}\n        when: {some: projects, where: {fact: amount, "
              "at_least: %s}}")
    for threshold, en, zh, warned in [("1亿", "a project of 1亿", "1亿元", []),
                                      ("100万", "1000000 CNY", "1,000,000元", []),
                                      ("100万", "11,000,000 CNY", "1100万元", ["en", "zh"])]:
        copy = STANDARD.replace("{fact: sales_months, at_least: 3 years}", amount % (zh, en, threshold), 1)
        findings = lint_text(copy, "copy.yaml")
        assert not [f for f in findings if f.severity == "error"]
        found = [f.message for f in findings if f.where == "L1.amount" and "does not say" in f.message]
        assert [m.split("(")[1].split(")")[0] for m in found] == warned, (threshold, en, zh)


def test_a_folder_of_editions_is_linted_file_by_file_and_as_editions(tmp_path):
    folder = HERE / "rulesets" / "editions"
    findings = lint_path(folder)
    assert of(findings, "error") == []
    assert sorted(Path(f.file).name for f in of(findings, "warning")) == ["kam-2014.yaml", "kam-2020.yaml"]
    for name in ("kam-2014.yaml", "kam-2020.yaml"):
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8")
                                     .replace("effective: 2020-01-01", "effective: 2014-03-13"), encoding="utf-8")
    [error] = of(lint_path(tmp_path), "error")
    assert (error.file, error.where) == (str(tmp_path), "editions")
    assert error.message == ("kam-2014.yaml and kam-2020.yaml both take effect on 2014-03-13: "
                             "editions need distinct effective dates")


def test_a_file_that_cannot_be_read_is_an_error(tmp_path):
    [error] = lint_path(tmp_path / "missing.yaml")
    assert str(error) == f"{tmp_path / 'missing.yaml'}: error ruleset: cannot read the ruleset: No such file or directory"


def test_a_rule_whose_id_names_another_level_is_a_warning_on_its_id():
    # A rule copied from level 3 into level 4 and left as L3.*: its explanations, cases and records
    # would call a level-4 requirement a level-3 one.
    copy = STANDARD.replace("- id: L4.sales_tenure", "- id: L3.sales_tenure_copy")
    [warning] = [f for f in of(lint_text(copy, "copy.yaml"), "warning") if "names level" in f.message]
    assert warning.where == "L3.sales_tenure_copy" and warning.line == line_of(copy, "L3.sales_tenure_copy")
    assert warning.message == ("its id names level 3 (L3.), but it is a rule of level 4: "
                               "copied from another level and not renamed?")
    # Ids without the L<n>. convention are the author's to choose.
    other = STANDARD.replace("- id: L4.sales_tenure", "- id: tenure-4")
    assert not [f for f in lint_text(other, "copy.yaml") if "names level" in f.message]


def test_two_levels_of_one_name_are_a_warning_on_the_second_in_each_language():
    # Level 3 named as level 2 (客户经理) in both languages: a table's columns, an explanation's
    # heading and the public notice would name two grades alike.
    copy = STANDARD.replace("name: {zh: 高级客户经理, en: Senior Account Manager}",
                            "name: {zh: 客户经理, en: Account Manager}")
    warnings = [f for f in of(lint_text(copy, "copy.yaml"), "warning") if "is level" in f.message]
    line = line_of(STANDARD, "en: Senior Account Manager")
    assert [(f.where, f.line, f.message) for f in warnings] == [
        ("level 3", line, f"its name {name!r} is level 2's too: tables, explanations and notices name a level by it")
        for name in ("客户经理", "Account Manager")]
    assert not [f for f in lint_text(STANDARD, "kam.yaml") if "is level" in f.message]
    # Case and spacing do not tell two names apart for a reader either.
    spaced = STANDARD.replace("en: Senior Account Manager", "en: account  MANAGER")
    [warning] = [f for f in lint_text(spaced, "copy.yaml") if "is level" in f.message]
    assert warning.message.startswith("its name 'account  MANAGER' is level 2's too")


# ---- in Chinese (certify lint --lang zh) ----

# What a Chinese line keeps as written: rule ids, fact keys and YAML keys ('in', any[1], requirement (en), a
# field's key beside its Chinese name: 判定条件 condition), a ruleset's id and version (kam-2014 2014.1), and IT,
# which the Chinese name of a fact uses too (IT销售工作经历).
KEPT = re.compile(r"\bL\d\.[\w.]+|\b(?:applicant|education|projects)\.\w+|'\w+'|\b(?:any|all)\[\d+\]|（(?:en|zh)）|IT(?=销售)"
                  r"|(?<=警告 )version(?=：)|(?<=判定条件 )condition|kam-2014 2014\.1")


def english_left(line: str, file: str) -> list[str]:
    """The words of a Chinese finding's line that are English, once its file, ids and keys are taken out."""
    return re.findall(r"[A-Za-z]{2,}", KEPT.sub("", line.replace(file, "")))


def test_every_warning_and_info_of_the_vacuous_ruleset_is_said_in_chinese():
    path = HERE / "rulesets" / "lint" / "vacuous.yaml"
    text = path.read_text(encoding="utf-8")
    lines = {f.where: f.said("zh") for f in of(lint_path(path), "warning")}
    assert lines["L1.zero"] == (f"{path}:{line_of(text, 'at_least: 0 months')}：警告 L1.zero：只要申报材料提供了销售工作经历，"
                                "该条件总是成立：销售工作经历不少于0个月")
    assert lines["L1.nothing"].endswith("：警告 L1.nothing：永远不会成立：'in' 未列出项目状态的任何值")
    assert lines["L1.no_stages"].endswith("警告 L1.no_stages：只要申报材料提供了销售阶段，该条件总是成立：'contains_all' 未列出任何值")
    assert lines["L1.lead_and_member"].endswith("永远不会成立：同一项目不可能同时满足 角色为主导运作 且 角色为参与")
    assert lines["L1.twice"].endswith("警告 L1.twice：重复的备选条件：any[1] 与 any[0] 相同（IT销售工作经历不少于1年）")
    findings = lint_path(path)
    assert [f.said("zh").split("：", 1)[1] for f in of(findings, "info")][:2] == [
        "提示 applicant.work_months：没有规则读取此事实（工作年限）", "提示 education.degree：没有规则读取此事实（学历）"]
    for f in findings:
        assert english_left(f.said("zh"), str(path)) == [], f.said("zh")


def test_ladders_dropped_rules_words_ids_and_names_are_said_in_chinese(monkeypatch):
    lower = STANDARD.replace("{fact: sales_months, at_least: 8 years}", "{fact: sales_months, at_least: 4 years}")
    start, end = STANDARD.index("      - id: L4.education"), STANDARD.index("      - id: L4.sales_tenure")
    renamed = STANDARD.replace("- id: L4.sales_tenure", "- id: L3.sales_tenure_copy")
    named = STANDARD.replace("name: {zh: 高级客户经理, en: Senior Account Manager}", "name: {zh: 客户经理, en: 客户经理}")
    said = [f.said("zh").split("：", 1)[1] for text in (lower, STANDARD[:start] + STANDARD[end:], renamed, named)
            for f in of(lint_text(text, "copy.yaml"), "warning")]
    for line in [
        "警告 L3.sales_tenure：级别不单调：销售工作经历4年符合 L3.sales_tenure 但不符合 L2.sales_tenure：3级接受了2级拒绝的情况",
        "警告 L3.sales_tenure：要求（英文）未写明4年，而其判定条件要求4年：说明中写出的要求将与实际执行的要求不一致",
        "警告 L4.project：级别不单调：项目（角色为主导运作，项目状态为已完成，项目金额50万元，项目认定等级为行业（区域）重点项目，"
        "有认定依据）符合 L4.project 但不符合 L2.project：4级接受了2级拒绝的情况（另有：L3.project 符合而 L2.project 不符合的情况）",
        "警告 L3.education：4级没有 'education' 规则，而1、2、3级都有：其要求低于3级（是否误删了规则？）",
        "警告 L3.sales_tenure_copy：其编号指向3级（L3.），但它是4级的规则：是否从其他级别复制后未改名？",
        "警告 3级：其名称 '客户经理' 与2级的相同：表格、说明和公示都以名称称呼级别",
    ]:
        assert line in said
    assert [line for line in said if english_left(line, "copy.yaml")] == []
    # A family with too many combinations to try is said to be unchecked, in Chinese too.
    monkeypatch.setattr("certify.ladders.MAX_WITNESSES", 1)
    unchecked = [f for f in lint_text(STANDARD, "kam.yaml") if f.severity == "info" and f.where.startswith("L")]
    assert unchecked and {f.said("zh").split("：", 2)[2] for f in unchecked} == {"未检查级别是否单调：组合过多"}


def test_errors_say_their_severity_and_lint_s_own_words_in_chinese_and_a_load_error_in_chinese_too(tmp_path):
    # A ruleset's load errors (a schema's, an unknown fact's, with its did-you-mean) are said in the language asked
    # for, as what lint itself says of a file or a folder is.
    copy = STANDARD.replace("fact: sales_months, at_least: 3 years", "fact: sales_monts, at_least: 3 years")
    [error] = of(lint_text(copy, "copy.yaml"), "error")
    assert error.said("zh") == (f"copy.yaml:{error.line}：错误 L1.sales_tenure：未知的事实 'sales_monts'（applicant 的事实有："
                                "work_months、sales_months、it_sales_months）（是否应为 'sales_months'？）")
    assert str(error) == error.said("en") == error.said() == (
        f"copy.yaml:{error.line}: error L1.sales_tenure: unknown fact 'sales_monts' for applicant "
        "(facts: work_months, sales_months, it_sales_months) (did you mean 'sales_months'?)")
    [error] = lint_path(tmp_path / "missing.yaml")
    assert error.said("zh") == f"{tmp_path / 'missing.yaml'}：错误 标准：无法读取标准：No such file or directory"
    (tmp_path / "gbk.yaml").write_bytes("标准".encode("gbk"))
    [error] = lint_path(tmp_path / "gbk.yaml")
    assert error.said("zh") == (f"{tmp_path / 'gbk.yaml'}：错误 标准：无法读取标准：不是 UTF-8 文本：看来是以 GBK（GB18030）"
                                "编码保存的，中文 Windows 的记事本选“ANSI”即如此；请把文件另存为 UTF-8 编码（记事本：“文件”→“另存为”，"
                                "“编码”选 UTF-8）")
    (tmp_path / "empty").mkdir()
    [error] = lint_path(tmp_path / "empty")
    assert error.said("zh") == f"{tmp_path / 'empty'}：错误 标准版本：此文件夹中没有标准文件（.yaml、.yml）"
    # A key given twice is said as in any file certify reads: in Chinese.
    twice = STANDARD.replace("id: kam-2014\n", "id: kam-2014\nid: kam-2015\n", 1)
    [error] = lint_text(twice, "copy.yaml")
    assert error.said("zh") == (f"copy.yaml:{line_of(twice, 'kam-2015')}：错误 标准：字段 'id' 重复出现：在此处和"
                                f"第{line_of(twice, 'kam-2014')}行都出现了")


OTHER_FILE = HERE / "rulesets" / "other" / "mm-ism-2021.yaml"  # another company's standard, of five levels
OTHER = OTHER_FILE.read_text(encoding="utf-8")


def test_a_ladder_over_nested_tenures_is_judged_on_cases_a_dossier_can_have():
    # IT sales is sales and sales is work (dossier-v1 counts each over the periods of the next): L5.experience
    # (15 years of work, 10 of them in IT sales) asks more than L3's and L4's (work and sales), so no warning;
    # a case with 10 years of IT sales in 1 year 6 months of sales is none a dossier can give.
    findings = lint_text(OTHER, "mm-ism-2021.yaml")
    assert [f.where for f in findings if f.message.startswith("not monotone")] == []
    # L1.degree's 大专及以上 (at_least: associate) is the standard's own words: no finding.
    assert [(f.severity, f.where) for f in findings] == [("warning", "L2.degree")]


def test_a_ladder_over_nested_tenures_still_finds_a_real_case():
    # 3 years of IT sales instead of 10: 15 years of work with 3 years of (IT) sales passes L5 and fails L3 and L4.
    copy = OTHER.replace("{fact: it_sales_months, at_least: 10 years}", "{fact: it_sales_months, at_least: 3 years}")
    [ladder] = [f for f in lint_text(copy, "copy.yaml") if f.message.startswith("not monotone")]
    assert (ladder.where, ladder.message) == ("L5.experience", (
        "not monotone: work experience 15 years, sales tenure 3 years, IT sales tenure 3 years passes L5.experience "
        "but fails L3.experience: level 5 accepts what level 3 rejects (also: L5.experience passes a case "
        "L4.experience fails)"))
    # Work after a degree is work too: 8 years after it in 3 years of work is no case either.
    after = OTHER.replace("      - id: L2.experience", """      - id: L2.tenure
        clause: "x"
        text: x
        requirement: {zh: 工作满6年, en: 6 years of work}
        when: {fact: work_months, at_least: 6 years}
      - id: L2.experience""").replace("      - id: L3.experience", """      - id: L3.tenure
        clause: "x"
        text: x
        requirement: {zh: 毕业后工作满8年, en: 8 years of work after a degree}
        when: {some: education, where: {fact: work_months_after, at_least: 8 years}}
      - id: L3.experience""")
    assert [f.where for f in lint_text(after, "copy.yaml") if f.message.startswith("not monotone")] == []


def _bomb(levels: int) -> str:
    """The standard with L1.sales_tenure's condition an `any` of nine aliases of nine aliases, `levels` deep."""
    when = "{fact: sales_months, at_least: 3 years}"
    condition = f"&a0 {when}"
    for i in range(1, levels + 1):
        condition = f"&a{i} {{any: [{condition}, {', '.join([f'*a{i - 1}'] * 8)}]}}"
    return STANDARD.replace(f"when: {when}", f"when: {condition}", 1)


def test_aliases_that_expand_a_ruleset_past_any_are_an_error_not_a_wait_of_hours(tmp_path):
    # Nine aliases of nine aliases, eight deep, are 43 million conditions: lint, check, explain and diff each
    # walked them all. A value that contains itself (&l [*l]) was a RecursionError's traceback in lint.
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(8), encoding="utf-8")
    for command in ("lint", "explain"):
        done = subprocess.run([sys.executable, "-m", "certify", command, str(path)], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2
        said = done.stdout if command == "lint" else done.stderr
        assert (f"{path}:{line_of(STANDARD, 'fact: sales_months, at_least: 3 years')}: " in said
                and said.rstrip().endswith("not valid YAML: aliases (*name) repeat values here far past any file "
                                           "certify reads (more than 100,000 once expanded): write the values out "
                                           "instead"))
    path.write_text(STANDARD.replace("levels:\n", "levels: &l [*l]\nlater:\n", 1), encoding="utf-8")
    [error] = [f for f in lint_path(path) if f.severity == "error"]
    assert error.said("zh").endswith("错误 标准：YAML 格式有误：别名（*名称）出现在它所指的值之中：该值包含了自身")


def test_a_few_aliases_of_a_condition_are_read_as_written_out():
    # Two levels of nine (81 conditions): aliases used within reason stay what they stand for.
    assert [f for f in lint_text(_bomb(2), "few.yaml") if f.severity == "error"] == []


def test_lint_says_a_mistake_hundreds_of_conditions_deep_with_the_start_and_end_of_its_path():
    condition = "{fact: sales_months, at_least: 3 years}"
    for _ in range(450):
        condition = "{any: [" + condition + "]}"
    deep = STANDARD.replace("{fact: sales_months, at_least: 3 years}", condition, 1)
    [error] = lint_text(deep, "copy.yaml")
    said = re.fullmatch(r"copy\.yaml:(\d+): error L1\.sales_tenure: when\.any\[0\]\.any\[0\]\.any\[0\]\.any\[0\]\.any\[0\]\. "
                        r"… \((\d+) more\) … \.any\[0\]\.any\[0\]\.any\[0\]: nested too deep to read \(hundreds of "
                        r"levels\): write it with fewer levels", str(error))
    assert said and int(said[1]) == line_of(deep, "when: {any:") and int(said[2]) > 200
    assert "…（另有 " in error.said("zh") and error.said("zh").endswith("嵌套过深（数百层），无法读取：请减少嵌套层数")


def test_a_ruleset_cut_short_is_one_error_where_it_stops_not_the_facts_of_a_condition_left_half_written():
    """A copy stopped inside a condition written as a block (fact: on a line of its own, after its threshold): the
    fact's name is cut, and that is the cut, one error, not an unknown fact to correct beside other findings."""
    block = STANDARD.replace("when: {fact: sales_months, at_least: 3 years}",
                             "when:\n          at_least: 3 years\n          fact: sales_months", 1)
    assert not of(lint_text(block, "copy.yaml"), "error")
    cut = block[:block.index("fact: sales_months") + len("fact: sales_mon")]
    [error] = lint_text(cut, "copy.yaml")
    assert error.severity == "error" and error.line == cut.count("\n") + 1 and error.where == "ruleset"
    assert error.message.startswith(f"cut short: the file ends inside line {error.line}, with no newline after it")
    assert "unknown fact 'sales_mon'" in error.message


def test_a_ruleset_cut_inside_a_character_is_said_cut_short_by_lint(tmp_path):
    raw = STANDARD_FILE.read_bytes()
    path = tmp_path / "copy.yaml"
    path.write_bytes(raw[:raw.index("资深".encode()) + 2])
    line = raw[:raw.index("资深".encode())].count(b"\n") + 1
    [error] = lint_path(path)
    assert str(error) == (f"{path}: error ruleset: cannot read the ruleset: cut short: the file ends inside a character, "
                          f"on line {line}, a copy not finished or the file truncated; copy it whole again")


def test_a_schema_error_does_not_hide_the_mistakes_and_warnings_of_other_rules():
    copy = (STANDARD.replace('    clause: "2.1 岗位经验"', '    clouse: "2.1 岗位经验"', 1)
            .replace("fact: sales_months, at_least: 5 years", "fact: sales_monts, at_least: 5 years")
            .replace("{fact: role, equals: lead}", "{fact: role, equals: leed}", 1)
            .replace("{fact: it_sales_months, at_least: 1 year}", "{fact: it_sales_months, at_least: 0 months}"))
    findings = lint_text(copy, "copy.yaml")
    assert [(f.severity, f.where, f.line) for f in findings] == [
        ("error", "L1.sales_tenure", line_of(copy, "clouse")),
        ("warning", "L1.it_sales_tenure", line_of(copy, "zh: IT销售工作经历满1年")),  # its words say 1 year
        ("warning", "L1.it_sales_tenure", line_of(copy, "en: 1 year in IT sales")),
        ("warning", "L1.it_sales_tenure", line_of(copy, "at_least: 0 months")),  # a rule read alone is linted
        ("error", "L2.sales_tenure", line_of(copy, "sales_monts")),
        ("error", "L2.project", line_of(copy, "leed"))]
    # The misspelt key is one mistake: 'clause' is not said to be missing as well.
    assert findings[0].message == "unknown key 'clouse' (did you mean 'clause'?)"


def test_mistakes_in_one_rule_and_in_the_ruleset_s_head_are_each_said_once():
    old = "        requirement:\n          zh: 销售工作经历满3年\n          en: 3 years in sales\n"
    copy = (STANDARD.replace(old, old.replace("          ", "        "))  # zh and en in line with requirement:
            .replace('version: "2014.1"', "version: 2014.10").replace("  - id: L2.education", "  - id: L2 education"))
    findings = lint_text(copy, "copy.yaml")
    assert [(f.where, f.line) for f in findings] == [("version", line_of(copy, "version:")),
                                                    ("L1.sales_tenure", line_of(copy, "zh: 销售工作经历满3年")),
                                                    ("L2 education", line_of(copy, "L2 education"))]
    assert "'requirement' on line" in findings[1].message  # not its en as well, nor the requirement as no text
