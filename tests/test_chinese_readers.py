"""How the Chinese output reads to the other people who use certify: a rule author (explain, diff, lint, test),
an applicant (init, validate, check of one's own dossier) and an auditor (verify, usage errors): every message
said in Chinese, in the same words for the same things as the committee's documents."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from certify.cli import main

BUNDLED = Path(__file__).resolve().parent.parent / "rulesets" / "kam-2014.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


def edited(tmp_path: Path, old: str, new: str, name: str = "edited.yaml") -> Path:
    """A copy of the bundled ruleset with `old` replaced by `new` once."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_ruleset_threshold_that_cannot_be_read_is_said_in_chinese(tmp_path):
    cases = [("at_least: 3 years}", "at_least: 3 yeers}",
              "错误 L1.sales_tenure：'3 yeers' 不是时长：请写月数，或写作 '3 years'、'3年'、'18 months'、'1 year 6 months'"),
             ("at_least: 3 years}", "at_least: 1.05 years}", "错误 L1.sales_tenure：'1.05 years' 不是整月数"),
             ("at_least: 3 years}", "at_least: 300 years}",
              "错误 L1.sales_tenure：'300 years' 长于任何职业生涯（最多 200 年）"),
             ("at_least: 100万}", "at_least: 100.001}", "错误 L2.project：100.001：金额门槛最多精确到分（0.01 元）"),
             ("at_least: 100万}", "at_least: 一百万}", "错误 L2.project：应为以元计的金额：数字，或 '6200000'")]
    for old, new, said in cases:
        ruleset = edited(tmp_path, old, new)
        result = run("lint", ruleset, "--lang", "zh", "-q")
        assert result.exit_code == 2 and said in result.stdout, result.stdout
        assert "is not" not in result.stdout and "longer than" not in result.stdout and "expected" not in result.stdout
        # check --ruleset says it as lint does; English stays English
        assert said.split("：", 1)[1] in run("check", "--ruleset", ruleset, "--lang", "zh", ruleset).output
        assert "error L" in run("lint", ruleset, "--lang", "en", "-q").stdout


CASES = """\
cases:
  - name: 一条测试用例
    as_of: 2025-12-31
    facts: {FACTS}
    expect: {qualified_level: 1}
"""


def test_a_test_cases_facts_that_cannot_be_read_are_said_in_chinese(tmp_path):
    ruleset = edited(tmp_path, "id: kam-2014", "id: kam-2014", "mine.yaml")
    cases = [("education: [{degree: bachelr}]",
              "facts.education[0].degree：'bachelr' 不是 degree 的可选值（可选：associate、bachelor、master、doctorate）"),
             ("salse_months: 2", "facts：未知的事实 'salse_months'（是否应为 'sales_months'？）"),
             ("foo: 1", "facts：未知的事实 'foo'（可用的事实有：work_months、sales_months、it_sales_months）"),
             ("sales_months: 3 yeers", "facts.sales_months：'3 yeers' 不是时长：请写月数"),
             ("projects: [{amount: 一百万}]", "facts.projects[0].amount：应为以元计的金额：数字"),
             ("projects: nope", "facts.projects：应为各项组成的列表"),
             ("projects: [3]", "facts.projects[0]：应为事实的映射（键: 值）"),
             ("projects: [{stages: discovery}]", "facts.projects[0].stages：应为列表（[discovery]），实际为 'discovery'"),
             ("education: [{degree: bachelor, graduated: 2025/1/1}]",
              "facts.education[0].graduated：应为 YYYY-MM-DD 格式的日期，实际为 '2025/1/1'")]
    for facts, said in cases:
        (tmp_path / "mine.tests.yaml").write_text(CASES.replace("FACTS", facts), encoding="utf-8")
        result = run("test", ruleset, "--lang", "zh")
        assert result.exit_code == 2 and said in result.output and "错误：" in result.output, result.output
        assert "Error" in run("test", ruleset, "--lang", "en").output  # English stays English


def test_a_test_cases_date_written_by_hand_says_how_to_write_it(tmp_path):
    ruleset = edited(tmp_path, "id: kam-2014", "id: kam-2014", "mine.yaml")
    (tmp_path / "mine.tests.yaml").write_text(CASES.replace("FACTS", "").replace("2025-12-31", "2025/12/31"),
                                              encoding="utf-8")
    # as a dossier's date is said: the format, what was written and what to write (was: 应为真实存在的日期, of a
    # date that exists, and in English the validation library's 'invalid date separator, expected `-`')
    assert ("cases[0].as_of: 应为 YYYY-MM-DD 格式的日期，实际为'2025/12/31'（请写作 '2025-12-31'）"
            in run("test", ruleset, "--lang", "zh").output)
    assert ("cases[0].as_of: expected a date as YYYY-MM-DD, got '2025/12/31' (write '2025-12-31')"
            in run("test", ruleset, "--lang", "en").output)


def test_a_record_that_is_not_whole_json_says_where_in_chinese(tmp_path):
    record = tmp_path / "AP-101--x.json"
    record.write_text('{"verdict": {"a": 1,\n', encoding="utf-8")
    said = "不是判定记录（不是完整的 JSON：第2行第1列，此处应有双引号括起的键名）"
    verified = run("verify", record, "--lang", "zh")
    assert verified.exit_code == 2 and f"{record}：无法核对：{said}" in verified.stdout
    assert f"错误：{record}：{said}" in run("show", record, "--lang", "zh").output
    assert "Expecting" not in verified.stdout  # the decoder's English, under --lang zh
    assert ("not whole JSON: Expecting property name enclosed in double quotes: line 2 column 1 (char 21)"
            in run("verify", record, "--lang", "en").stdout)


APPLICANTS = BUNDLED.parent.parent / "applicants"


def test_a_file_of_another_kind_is_named_by_the_words_the_help_uses():
    # 标准文件 and 评审委员会决定文件, as every command's help says them (were 评定标准, 评审委员会的决定文件)
    checked = run("check", BUNDLED, "--lang", "zh", "--no-explain").output
    assert "这是标准文件（kam-2014 2014.1），不是申报材料：按其评定请用 --ruleset 指定" in checked
    linted = run("lint", APPLICANTS / "zhao-lei.yaml", "--lang", "zh").output
    assert "这是申报材料（申报人 AP-103），不是标准文件：评定请用 certify check" in linted
    overridden = run("check", APPLICANTS / "zhao-lei.yaml", "--overrides", BUNDLED, "--lang", "zh").output
    assert "这是标准文件（kam-2014 2014.1），不是评审委员会决定文件" in overridden
    assert "评定标准" not in checked + linted + overridden


def test_explain_says_a_levels_rules_must_all_pass_in_the_words_of_a_rules_outcome():
    # A rule 符合 or 不符合 (its outcome's words); 具备 goes with 条件, not with 规则 (was 共4条规则，须同时具备。)
    said = run("explain", "--lang", "zh").stdout
    assert "第1级：销售代表\n---------------\n共4条规则，须全部符合。\n" in said and "规则，须同时具备" not in said
