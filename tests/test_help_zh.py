"""A Chinese-reading committee member who asks for help (`--help` under `--lang zh`, or in a Chinese locale)
reads it in Chinese: the headings, each command's text, each option's help, its default and range. The English
help is as it was (docs/cli.md shows it, and tests/test_docs.py keeps that true)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from certify.cli import main

CHINESE, ENGLISH = {"LANG": "zh_CN.UTF-8"}, {"LANG": "en_US.UTF-8"}
COMMANDS = sorted(main.commands)


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), prog_name="certify", env=env or {"LANG": "C"})


def wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def sign(ch: str) -> bool:
    return wide(ch) and unicodedata.category(ch).startswith("P")


def columns(line: str) -> int:
    return sum(2 if wide(ch) else 1 for ch in line)


def test_check_s_help_with_lang_zh_is_in_chinese():
    result = run("check", "--help", "--lang", "zh")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["用法：certify check [OPTIONS] PATHS...", "", "  评定申报材料，说明每份材料可认定的级别及其依据。"]
    assert "选项：" in lines and "示例：" in result.stdout
    # Option names, metavars and the examples' command lines are as in English; the help, default and range not.
    assert "    certify check applicants/ --level 3 --format csv -o summary.csv" in lines
    assert "  --format [table|jsonl|json|csv|markdown]" in lines
    # Each option's help as one line: a line broken between Chinese characters, or at a full-width sign, was
    # nothing; between words, or a word and Chinese, a space.
    text = re.sub(r"(.)\n {34}(.)", lambda m: m[1] + ("" if wide(m[1]) and wide(m[2]) or sign(m[1]) or sign(m[2])
                                                      else " ") + m[2], result.stdout)
    assert "  --level INTEGER RANGE           所有申报材料统一按此申报级别评定（取代申报材料中的 target_level）。" \
           "（范围：不小于 1）\n" in text
    assert "table 和 markdown 供人阅读；jsonl、json 和 csv 供程序读取。（默认：table）" in text
    assert "（默认：CPU 个数；范围：不小于 1）" in text
    assert "-h, --help                      显示本帮助并退出。" in result.stdout
    for english in ("Usage:", "Options:", "Examples:", "[default", "x>=1", "Show this message"):
        assert english not in result.stdout


@pytest.mark.parametrize("args", [("check", "--lang=zh", "--help"), ("check", "--help", "--lang", "zh"),
                                  ("check", "--lang", "en", "--help", "--lang", "zh")])
def test_lang_zh_anywhere_before_a_double_dash_asks_for_chinese_help(args):
    assert run(*args, env=ENGLISH).stdout.startswith("用法：certify check ")


def test_lang_zh_after_a_double_dash_is_a_path_not_the_language():
    assert run("check", "--help", "--", "--lang", "zh", env=ENGLISH).stdout.startswith("Usage: certify check ")


def test_in_a_chinese_locale_certify_s_help_lists_the_commands_in_chinese():
    result = run("--help", env=CHINESE)
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：certify [OPTIONS] COMMAND [ARGS]...\n\n"
                                    "  判定申报材料符合客户经理专业任职资格标准的哪一级别，并说明依据。\n")
    commands = result.stdout.split("\n命令：\n", 1)[1].splitlines()
    assert commands[0] == "  check     评定申报材料，说明每份材料可认定的级别及其依据"
    assert "  verify    重新评定判定记录：每条判定结果能否复现？" in commands
    assert [line.split()[0] for line in commands] == COMMANDS
    assert "  --version       显示版本号并退出。" in result.stdout
    # certify alone shows its help: in Chinese too.
    assert run(env=CHINESE).output.startswith("用法：certify [OPTIONS] COMMAND [ARGS]...\n")


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["certify", *COMMANDS])
def test_lang_en_in_a_chinese_locale_gives_the_english_help_unchanged(command):
    english = run(*command, "--help", env=ENGLISH)
    assert english.stdout.startswith("Usage: certify")
    lang = ["--lang", "en"] if command else []  # certify itself has no --lang: its help follows the locale
    assert run(*command, "--help", *lang, env=CHINESE if command else ENGLISH).stdout == english.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_s_chinese_help_fits_the_screen_and_keeps_its_examples(command):
    chinese = run(command, "--help", "--lang", "zh").stdout
    english = run(command, "--help", "--lang", "en").stdout
    assert chinese.startswith(f"用法：certify {command} ") and "\n选项：\n" in chinese and "示例：" in chinese
    # Wrapped by the columns Chinese takes (two a character), as English is by its letters (to 80 columns here, as
    # click's test runner sets it); a command line of an example is as long as it is, in both.
    assert [line for line in chinese.splitlines() if columns(line) > 80 and "certify " not in line] == []
    assert max(map(columns, chinese.splitlines())) >= 76  # filled, not cut short

    def examples(text):
        return [re.split(r" {2,}", line.strip())[0] for line in text.splitlines() if line.startswith("    certify ")]
    assert examples(chinese) == examples(english) != []


def _commands():
    yield "certify", main
    for name in COMMANDS:
        yield f"certify {name}", main.commands[name]


@pytest.mark.parametrize("name, command", list(_commands()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_and_option_with_english_help_has_chinese_help(name, command):
    """A command's Chinese help follows its English in its docstring, after a form feed (\\f); an option's is
    its zh= (certify.cli.helptext): an option added without it fails here."""
    from certify.cli.helptext import chinese_help

    assert command.help and command.help_zh, f"{name}: its docstring has no Chinese after \\f"
    ctx = click.Context(command, info_name=name)
    for param in command.get_params(ctx):
        if getattr(param, "help", None):
            assert chinese_help(param), f"{name} {param.opts[0]}: help without zh="
        if isinstance(getattr(param, "show_default", None), str):
            assert getattr(param, "zh_default", None), f"{name} {param.opts[0]}: show_default without zh_default="


def test_the_chinese_help_is_written_with_full_width_punctuation():
    """Commas, semicolons, colons and brackets next to Chinese are full-width (，；：（）), as in certify's
    messages; half-width ones belong to file names, options and examples."""
    texts = []
    for name, command in _commands():
        texts.append(command.help_zh)
        texts += [p.zh for p in command.params if getattr(p, "zh", None)]
    han = r"[\u4e00-\u9fff]"
    found = [m.group() for t in texts for m in re.finditer(rf"{han}[,;:()!?]|[,;:()!?]{han}|{han}\. ", t)]
    assert found == []


def test_lang_given_before_the_command_is_every_command_s_language():
    # `certify --lang zh check ...`: as a committee member may write it, the command that follows speaks Chinese,
    # its help too, unless it is given its own --lang.
    dossier = str(Path(__file__).parent.parent / "applicants" / "zhao-lei.yaml")
    assert "认定级别" in run("--lang", "zh", "check", dossier, "--no-explain").stdout
    assert "qualified level" in run("--lang", "zh", "check", "--lang", "en", dossier, "--no-explain").stdout
    assert "qualified level" in run("--lang", "en", "check", dossier, "--no-explain", env=CHINESE).stdout
    assert run("--lang", "zh", "--help").stdout.startswith("用法：certify [OPTIONS] COMMAND [ARGS]...")
    assert run("--lang", "zh", "check", "--help").stdout.startswith("用法：certify check [OPTIONS] PATHS...")
    said = run("--lang", "zh", "check", "no-such.yaml")
    assert said.exit_code == 2 and said.stderr.startswith("错误：")


# One thing, one word: what certify's messages, reports and docs/standard-kam-2014.zh.md call it (right), not
# another word for it (left).
ONE_WORD = {
    r"结论": "判定结果 (a verdict)",
    r"生效": "施行, 施行日期 (effective, as explain and diff say it)",
    r"档案": "申报材料 (a dossier)",
    r"评定标准": "标准, 标准文件 (a ruleset)",
    r"评审委员会的决定文件": "评审委员会决定文件 (the committee's decisions file, as --overrides's help says it)",
    r"本批次的清单": "批次清单 (a batch manifest)",
    r"复核": "核对 (what verify does: 已复现, 不一致, 无法核对)",
    r"(?<!标准)版本文件夹": "标准版本文件夹 (a folder of editions)",
    r"改名的级别": "更名 (a level renamed, as diff says it)",
    r"第 \d+ ?[级行条项]|第\d+ [级行条项]": "第4级 (written close, as reports and explain write it)",
}


def _chinese_of_certify():
    """Every Chinese help text, and every string in certify's modules written in Chinese (its messages)."""
    import ast

    for name, command in _commands():
        yield name, re.sub(r"\s*\n\s*", "", command.help_zh)
        yield from ((f"{name} {p.opts[-1]}", p.zh) for p in command.params if getattr(p, "zh", None))
    for module in sorted((Path(__file__).parent.parent / "certify").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[\u4e00-\u9fff]{2}",
                                                                                         node.value):
                yield f"{module.name}:{node.lineno}", node.value


def test_the_chinese_calls_one_thing_by_one_word_in_help_and_messages_alike():
    found = [f"{where}: {m.group()!r}, not {word}" for where, text in _chinese_of_certify()
             for variant, word in ONE_WORD.items() for m in re.finditer(variant, text)]
    assert found == []


def test_a_default_is_said_in_the_chinese_help_as_click_s_own_are():
    """（默认：…）, as the defaults click shows beside an option are, in an option's help and a command's alike;
    and the option says no more than its English (--lang's choices are shown beside it, [en|zh], in both)."""
    helps = [command.help_zh for _, command in _commands()]
    helps += [p.zh for _, command in _commands() for p in command.params if getattr(p, "zh", None)]
    assert [m.group() for text in helps for m in re.finditer(r"（默认(?!：)[^（）]*）", text)] == []
    lines = run("check", "--help", "--lang", "zh").stdout.splitlines()
    assert "  --lang [en|zh]                  说明和标题的语言（默认：随系统的语言设置）。" in lines


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["certify", *COMMANDS])
def test_no_line_of_the_chinese_help_begins_with_a_closing_sign(command):
    # `（rulesets/），` is broken before its opening bracket, not between the closing bracket and the comma.
    lines = run(*command, "--help", "--lang", "zh", env={"LANG": "zh_CN.UTF-8"}).stdout.splitlines()
    assert [line for line in lines if line.strip()[:1] in set("，。、；：！？）」』》〉”’")] == []


@pytest.mark.parametrize("command, said", [("check", "不在标准错误输出中显示“注意”行、汇总行和进度条。"),
                                           ("report", "不在标准错误输出中显示进度条、“注意”行和汇总行；无法评定的输入仍会列出。")],
                         ids=["check", "report"])
def test_quiet_s_chinese_help_names_the_notes_it_silences_as_their_lines_begin(command, said):
    # -q silences the lines that begin 注意：, called “注意”行 as the docs call them, not a bare 注意 ("pay attention").
    text = run(command, "--help", "--lang", "zh").stdout
    option = re.search(r"\n  -q, --quiet +(.*?)\n  -", text, re.S)[1]
    assert re.sub(r"\s*\n\s*", "", option) == said


def test_certifys_help_in_chinese_says_exit_status_1_for_a_target_level_short_or_for_the_committee_to_review():
    # The summary line counts a target level to review apart from one failed ('0 份未达申报级别，1 份申报级别待核实'),
    # and the status is 1 for either: the help in Chinese says both, not only 未达 (which a review is not).
    applicants = Path(__file__).resolve().parents[1] / "applicants"
    judged = run("check", str(applicants / "guo-peng.yaml"), "--lang", "zh", "--no-explain", env=ENGLISH)
    assert judged.exit_code == 1 and "（0 份未达申报级别，1 份申报级别待核实）" in judged.stderr
    said = "".join(line.strip() for line in run("--help", env=CHINESE).stdout.splitlines())
    assert "1 表示有申报材料未通过申报级别（未达到，或待核实）；" in said
