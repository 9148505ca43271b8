"""A Chinese-reading committee member who uses a command wrongly, or names a ruleset or case file that cannot be
loaded, reads what is wrong in Chinese: click's usage errors (found before --lang is read) and the load errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main
from certify.ruleset import DEFAULT_RULESET
from samples import UNPRIVILEGED, unprivileged

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="certify", env=env)


def test_a_mistyped_option_is_said_in_chinese_with_its_usage_help_and_candidates():
    result = run("check", "--lang", "zh", "--levl", "3", APPLICANTS)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("用法：certify check [OPTIONS] PATHS...\n"
                             "运行 'certify check --help' 查看帮助。\n"
                             "\n"
                             "错误：未知的选项 '--levl'（是否应为以下之一：'--help'、'--level'？）\n")


def test_in_english_a_usage_error_is_said_as_click_says_it():
    result = run("check", "--lang", "en", "--levl", "3", APPLICANTS, env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr == ("Usage: certify check [OPTIONS] PATHS...\n"
                             "Try 'certify check --help' for help.\n"
                             "\n"
                             "Error: No such option '--levl'. (Did you mean one of: '--help', '--level'?)\n")


@pytest.mark.parametrize("args, said", [
    (("check", "--lang", "zh"), "缺少参数 'PATHS...'。"),
    (("template", "--lang", "zh"), "缺少选项 '--xlsx'。"),
    (("check", APPLICANTS, "--lang", "zh", "--format", "xml"),
     "'--format' 的值无效：'xml' 不是可选的值（可选：table、jsonl、json、csv、markdown）"),
    (("check", APPLICANTS, "--lang", "zh", "--as-of", "2025-02-30"), "'--as-of' 的值无效：'2025-02-30' 不是真实存在的日期"),
    (("check", APPLICANTS, "--lang", "zh", "--as-of", "30/06/2025"),
     "'--as-of' 的值无效：'30/06/2025' 不是 YYYY-MM-DD 格式的日期"),
    (("explain", "--lang", "zh", "--as-of", "9999-01-01"),
     "'--as-of' 的值无效：'9999-01-01' 超出任何职业生涯（日期应早于 9000-01-01）"),
    (("check", APPLICANTS, "--lang", "zh", "--as-of", "1900-01-03"),
     "'--as-of' 的值无效：'1900-01-03' 早于任何职业生涯（日期应不早于 1950-01-01）"),
    (("check", APPLICANTS, "--lang", "zh", "--level", "0"), "'--level' 的值无效：0 超出范围（应不小于 1）"),
    (("check", APPLICANTS, "--lang", "zh", "--level", "2.5"), "'--level' 的值无效：'2.5' 不是整数"),
    (("check", APPLICANTS, "--lang", "zh", "-o", APPLICANTS), f"'-o' / '--output' 的值无效：'{APPLICANTS}' 是文件夹，不是文件"),
    (("lint", "--lang", "zh", DEFAULT_RULESET, DEFAULT_RULESET), f"多余的参数：{DEFAULT_RULESET}"),
    (("chek", "--lang", "zh"), "未知的命令 'chek'（是否应为 'check'？）"),
    (("--lang", "zh"), "缺少命令。"),
], ids=["missing argument", "missing option", "choice", "no such day", "not a date", "past any career", "before any career",
        "out of range", "not a number", "a folder for a file", "extra argument", "mistyped command",
        "missing command"])
def test_click_s_usage_errors_are_said_in_chinese_with_the_same_facts(args, said):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("用法：certify ")
    assert result.stderr.endswith(f"\n\n错误：{said}\n")


def test_format_explain_says_the_option_explain_in_both_languages():
    # --explain is an option of its own, not a format: the refusal says so, not the formats alone.
    en = run("check", APPLICANTS / "zhao-lei.yaml", "--format", "explain", "--lang", "en")
    assert en.exit_code == 2 and en.stderr.endswith(
        "Error: Invalid value for '--format': 'explain' is not one of 'table', 'jsonl', 'json', 'csv', 'markdown'; for "
        "every rule of every level explained, give --explain (the default for a single dossier).\n")
    zh = run("check", APPLICANTS / "zhao-lei.yaml", "--format", "explain", "--lang", "zh")
    assert zh.exit_code == 2 and zh.stderr.endswith(
        "错误：'--format' 的值无效：'explain' 不是可选的值（可选：table、jsonl、json、csv、markdown）；要逐级列出每条规则及其说明，"
        "请加 --explain（只评定一份申报材料时默认列出）\n")


def test_the_language_of_a_usage_error_is_the_command_line_s_else_the_locale_s():
    chinese, english = "错误：未知的选项 '--levl'（", "Error: No such option '--levl'."
    assert chinese in run("check", "--levl", "3", APPLICANTS, "--lang=zh").stderr  # after the mistake too
    assert chinese in run("check", "--levl", "3", APPLICANTS, env={"LANG": "zh_CN.UTF-8"}).stderr
    assert english in run("check", "--levl", "3", APPLICANTS, "--lang", "en", env={"LANG": "zh_CN.UTF-8"}).stderr
    assert english in run("check", "--levl", "3", APPLICANTS, env={"LANG": "en_US.UTF-8"}).stderr
    # A "--lang zh" after "--" is a path, not the option.
    assert english in run("check", "--levl", "3", "--", "--lang", "zh", env={"LANG": "C"}).stderr
    # An option given without its value: no usage lines, as in English.
    result = run("check", APPLICANTS, "--lang", "zh", "--level")
    assert (result.exit_code, result.stderr) == (2, "错误：选项 '--level' 后缺少值。\n")


def test_an_error_said_in_chinese_follows_a_chinese_error_word():
    result = run("check", "nowhere.yaml", "--lang", "zh")
    assert (result.exit_code, result.stderr) == (2, "错误：找不到文件或文件夹：nowhere.yaml\n")
    assert run("check", "nowhere.yaml", "--lang", "en").stderr == "Error: no such file or folder: nowhere.yaml\n"


def test_a_ruleset_that_is_not_yaml_is_said_in_chinese():
    result = run("check", APPLICANTS, "--lang", "zh", "--ruleset", ROOT / "README.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：{ROOT / 'README.md'}:")
    assert "：YAML 格式有误：" in result.stderr and "not valid YAML" not in result.stderr
    english = run("check", APPLICANTS, "--lang", "en", "--ruleset", ROOT / "README.md")
    assert english.stderr.startswith(f"Error: {ROOT / 'README.md'}:") and " not valid YAML: " in english.stderr


@pytest.mark.parametrize("change, english, chinese", [
    (("id: kam-2014\n", ""), "id: required key is missing (a ruleset has id, version, title, source, levels)",
     "id: 缺少必填字段（标准须有 id、version、title、source、levels）"),
    (("version: ", "verison: "), "unknown key 'verison' (did you mean 'version'?)",
     "未知字段 'verison'（是否应为 'version'？）"),
    (("level: 2\n", "level: 3\n"), "levels must be numbered 1, 2, 3, ... in order (got [1, 3, 3, 4])",
     "级别须依次编号为 1、2、3……（实际为 [1, 3, 3, 4]）"),
    (("some: education", "some: educations"), "unknown collection 'educations' (one of: education, projects) "
     "(did you mean 'education'?)", "未知的集合 'educations'（可选：education、projects）（是否应为 'education'？）"),
    (("fact: sales_months, at_least: 3 years", "fact: sales_months, equals: 3 years"),
     "equals does not apply to sales_months (months)", "equals 不适用于 sales_months（months）"),
    (("id: L1.sales_tenure", "id: L1.education"), "rule ids must be unique: L1.education is given here and on "
     "line 19; give each rule an id of its own", "规则编号（id）不能重复：L1.education 在此处和第19行都出现了；"
     "每条规则须有自己的编号"),
], ids=["missing key", "unknown key", "levels out of order", "unknown collection", "comparison not for the fact",
        "rule id repeated"])
def test_a_ruleset_s_load_errors_are_said_in_the_command_s_language(tmp_path, change, english, chinese):
    ruleset = tmp_path / "mine.yaml"
    text = DEFAULT_RULESET.read_text(encoding="utf-8")
    assert change[0] in text
    ruleset.write_text(text.replace(*change, 1), encoding="utf-8")
    for lang, prefix, said in (("en", "Error: ", english), ("zh", "错误：", chinese)):
        result = run("check", APPLICANTS, "--ruleset", ruleset, "--lang", lang)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{prefix}{ruleset}") and result.stderr.endswith(f"{said}\n"), result.stderr


def test_lint_says_a_load_error_in_chinese(tmp_path):
    ruleset = tmp_path / "mine.yaml"
    ruleset.write_text(DEFAULT_RULESET.read_text(encoding="utf-8").replace("version: ", "verison: ", 1), encoding="utf-8")
    result = run("lint", ruleset, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout == f"{ruleset}:8：错误 标准：未知字段 'verison'（是否应为 'version'？）\n"


@pytest.mark.parametrize("change, chinese", [
    (("expect:", "expcet:"), "未知字段 'expcet'（是否应为 'expect'？）"),
    (("L1.sales_tenure: pass", "L1.sales_tenur: pass"), "未知的规则 'L1.sales_tenur'（kam-2014 中没有）（是否应为 'L1.sales_tenure'？）"),
    (("as_of: 2025-12-31", "as_of: 2025-12-32"), "cases[0].as_of: '2025-12-32' 不是真实存在的日期"),
], ids=["unknown key", "unknown rule", "no such day"])
def test_a_case_file_s_load_errors_are_said_in_chinese(tmp_path, change, chinese):
    ruleset = tmp_path / "kam-2014.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    text = DEFAULT_RULESET.with_name("kam-2014.tests.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    (tmp_path / "kam-2014.tests.yaml").write_text(text.replace(*change, 1), encoding="utf-8")
    result = run("test", ruleset, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：{tmp_path / 'kam-2014.tests.yaml'}")
    assert chinese in result.stderr, result.stderr
    (tmp_path / "kam-2014.tests.yaml").write_text("cases: [", encoding="utf-8")
    broken = run("test", ruleset, "--lang", "zh")
    assert broken.exit_code == 2 and "YAML 格式有误：" in broken.stderr


def test_an_as_of_date_typed_in_full_width_digits_says_how_to_write_it():
    # A Chinese input method in full-width mode types ２０２６-１２-３１: refused, as a dossier's date is, with the form.
    english = run("check", APPLICANTS, "--as-of", "２０２６-１２-３１", env={"LANG": "C"})
    assert english.exit_code == 2
    assert english.stderr.endswith("Error: Invalid value for '--as-of': '２０２６-１２-３１' is not a date written "
                                   "YYYY-MM-DD (write '2026-12-31' in half-width (ASCII) digits)\n")
    chinese = run("check", APPLICANTS, "--lang", "zh", "--as-of", "２０２６-１２-３１")
    assert chinese.stderr.endswith("错误：'--as-of' 的值无效：'２０２６-１２-３１' 不是 YYYY-MM-DD 格式的日期"
                                   "（请用半角数字写作 '2026-12-31'）\n")
    no_such_day = run("check", APPLICANTS, "--as-of", "２０２６-１３-３１", env={"LANG": "C"})
    assert no_such_day.stderr.endswith("'２０２６-１３-３１' is not a date written YYYY-MM-DD\n")


def test_the_locale_is_the_first_of_lc_all_lc_messages_and_lang_that_is_set():
    # As the C library reads it: LC_ALL=en_US under LANG=zh_CN is English, LC_MESSAGES=zh_CN under LANG=en_US Chinese.
    def heading(**env):
        env = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None, **env}
        return run("check", APPLICANTS / "liu-yang.yaml", "-q", env=env).stdout.splitlines()[1].split()[0]

    assert heading(LANG="zh_CN.UTF-8") == "申报人：AP-101"
    assert heading(LC_MESSAGES="zh_CN.UTF-8", LANG="en_US.UTF-8") == "申报人：AP-101"
    assert heading(LC_ALL="zh_TW.UTF-8", LC_MESSAGES="C", LANG="C") == "申报人：AP-101"
    assert heading(LC_ALL="en_US.UTF-8", LANG="zh_CN.UTF-8") == "applicant:"
    assert heading() == "applicant:"


@UNPRIVILEGED
def test_a_ruleset_file_that_cannot_be_opened_is_named_by_every_command_that_reads_one_in_either_language(tmp_path):
    ruleset, editions = tmp_path / "my.yaml", tmp_path / "editions"
    shutil.copy(DEFAULT_RULESET, ruleset)
    shutil.copy(DEFAULT_RULESET.with_name("kam-2014.tests.yaml"), tmp_path / "my.tests.yaml")
    shutil.copytree(ROOT / "tests" / "rulesets" / "editions", editions)
    edition = editions / "kam-2020.yaml"
    named = {  # the command, and how it names the file (click refuses one named on the command line)
        ("check", APPLICANTS / "he-xin.yaml", "--ruleset", ruleset): ("'--ruleset'", ruleset),
        ("lint", ruleset): ("'RULESET'", ruleset),
        ("test", ruleset): ("'[RULESETS]...'", ruleset),
        ("diff", DEFAULT_RULESET, ruleset): ("'[NEW]'", ruleset),
        ("test", tmp_path / "my.tests.yaml"): None,  # the ruleset its case file names
        ("check", APPLICANTS / "he-xin.yaml", "--ruleset", editions): None,  # an edition of the folder
        ("diff", editions): None,
    }
    ruleset.chmod(0)
    edition.chmod(0)
    try:
        said = {(args, lang): subprocess.run(unprivileged(*args, "--lang", lang), capture_output=True, text=True,
                                             timeout=120) for args in named for lang in ("en", "zh")}
    finally:
        ruleset.chmod(0o644)
        edition.chmod(0o644)
    for (args, lang), done in said.items():
        assert done.returncode == 2 and "Traceback" not in done.stderr, (args, done.stderr)
        last = done.stderr.splitlines()[-1]
        if named[args] is not None:
            option, path = named[args]
            assert last == (f"Error: Invalid value for {option}: Path '{path}' is not readable." if lang == "en"
                            else f"错误：{option} 的值无效：'{path}' 无法读取"), last
        else:
            path = ruleset if args[0] == "test" else edition
            assert last == (f"Error: {path}: cannot read the ruleset: Permission denied" if lang == "en"
                            else f"错误：{path}：无法读取标准：Permission denied"), last
