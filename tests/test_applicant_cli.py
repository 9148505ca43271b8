"""certify init and validate: an applicant fills in a dossier and checks it."""

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main
from certify.facts import CLOCK
import samples
from samples import LEVEL_2, NINETY, THREE_LEVELS


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_filled_in_validates_and_evaluates(tmp_path, lang):
    path = tmp_path / "mine.yaml"
    assert run("init", path, "--lang", lang).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and "target_level" in text
    # Filled in: another id, a later graduation, and a bigger project.
    filled = (text.replace("E0000", "E4242").replace("2018-07-01", "2019-07-01").replace("120万", "620万"))
    path.write_text(filled, encoding="utf-8")
    assert run("validate", path).exit_code == 0
    result = run("check", path, "--format", "jsonl")
    record = json.loads(result.stdout)
    assert record["applicant_id"] == "E4242"
    assert record["levels"][0]["status"] == "pass"
    assert "gaps" in record["levels"][2] and "passes_on" in record["levels"][2]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_judges_as_of_today_until_the_cycles_date_is_given(tmp_path, lang):
    # A date written into the template would go stale: left as it is, it would judge every applicant as of a day
    # long past (or, before it, as a what-if). The template shows where the cycle's cut-off date goes, commented out.
    path = tmp_path / "mine.yaml"
    assert run("init", path, "--lang", lang).exit_code == 0
    text = path.read_text(encoding="utf-8")
    record = json.loads(run("check", path, "--format", "jsonl", "-q").stdout)
    assert record["as_of"] == CLOCK.today().isoformat()
    assert "'# '" in next(line for line in text.splitlines() if line.startswith("# as_of:"))  # what to delete, exactly
    given = re.sub(r"(?m)^# (as_of: )\S+", r"\g<1>2027-06-30", text)  # the '# ' deleted, the committee's date written
    assert given != text
    path.write_text(given, encoding="utf-8")
    assert json.loads(run("check", path, "--format", "jsonl", "-q").stdout)["as_of"] == "2027-06-30"


@pytest.mark.parametrize("lang, dossier, heading", [("en", "my-dossier.yaml", "  Gap to level 3 Senior Account Manager:"),
                                                     ("zh", "my-dossier.yaml", "  距3级 高级客户经理的差距：")])
def test_check_help_shows_an_applicant_how_to_ask_what_a_level_still_needs(tmp_path, monkeypatch, lang, dossier,
                                                                          heading):
    # An applicant with only `certify check --help` finds how to ask what level 3 still needs, and when:
    # the example it gives, run on the dossier `certify init` wrote, ends with that gap.
    monkeypatch.chdir(tmp_path)
    shown = run("check", "--help", "--lang", lang).stdout
    example = next(line.split() for line in shown.splitlines() if dossier in line and "--level 3" in line)
    assert "--level" in shown.split("\n\n")[3]  # said in prose too, before the examples
    assert run("init", dossier, "--lang", lang).exit_code == 0
    result = run(*example[1:5], "--lang", lang)  # certify check DOSSIER --level 3
    assert result.exit_code in (0, 1) and heading in result.stdout.splitlines()


@pytest.mark.parametrize("lang, said", [("en", "as of: {d} (today: the dossier gives no as_of)"),
                                         ("zh", "截止日期：{d}（今天：申报材料未给出 as_of）")])
def test_an_explanation_judged_as_of_today_says_where_that_date_came_from(tmp_path, lang, said):
    # No as_of in the dossier and no --as-of: the verdict is as of today, which the head says, not as any date.
    today = CLOCK.today().isoformat()  # whatever day the suite runs on
    mine, dated = tmp_path / "mine.yaml", tmp_path / "dated.yaml"
    mine.write_text(NINETY, encoding="utf-8")
    dated.write_text(LEVEL_2, encoding="utf-8")
    out = lambda *args: run("check", *args, "--lang", lang, "-q").stdout  # noqa: E731
    assert said.format(d=today) in out(mine).split("\n\n")[0]  # in the explanation's head
    assert f"- {said.format(d=today)}\n" in out(mine, "--format", "markdown")
    # A date the dossier or --as-of gives is said as before.
    for shown in (out(dated), out(mine, "--as-of", today), out(dated, "--format", "markdown")):
        assert ("（今天" if lang == "zh" else "(today") not in shown
    # results-v1 is unchanged: the date used, nothing more.
    record = json.loads(run("check", mine, "--format", "jsonl").stdout)
    assert record["as_of"] == today and not any("today" in key for key in record)


def test_init_writes_to_stdout_and_does_not_overwrite(tmp_path):
    assert run("init", "--lang", "en").stdout.startswith("# A dossier for certify")
    path = tmp_path / "mine.yaml"
    run("init", path)
    again = run("init", path)
    assert again.exit_code == 2 and "already exists (use --force" in again.stderr


@pytest.mark.parametrize("lang, words", [("en", "part_time (studied while working: all your work counts)"),
                                         ("zh", "非全日制（在职取得：毕业前后的工作年限均计入）")])
def test_the_template_says_what_a_degree_earned_while_working_is_written_as_and_why_it_matters(lang, words):
    # An applicant who took a master's at evening school while working, and leaves `mode` as it is, loses every
    # year of work before graduating (a full-time degree counts only the work after it): the line says so.
    mode = next(line for line in run("init", "--lang", lang).stdout.splitlines() if line.lstrip().startswith("mode:"))
    assert mode.endswith(words)


def test_init_says_what_it_wrote_in_the_language_asked_for(tmp_path):
    # As certify template and certify report do: an applicant who asked for Chinese reads Chinese.
    path = tmp_path / "mine.yaml"
    zh = run("init", path, "--lang", "zh")
    assert zh.exit_code == 0 and zh.stderr == f"已写入 {path}。请填写后运行：certify validate {path}\n"
    en = run("init", tmp_path / "en.yaml", "--lang", "en")
    assert en.stderr == f"wrote {tmp_path / 'en.yaml'}: fill it in, then run: certify validate {tmp_path / 'en.yaml'}\n"


@pytest.mark.parametrize("lang, name, stdout_name", [("en", "wang fang.yaml", "my-dossier.yaml"),
                                                     ("zh", "王芳 2025.yaml", "我的材料.yaml")])
def test_the_template_says_to_validate_and_check_the_file_it_was_written_to(tmp_path, monkeypatch, lang, name,
                                                                           stdout_name):
    # An applicant who wrote `certify init 'wang fang.yaml'` copies the commands of its first lines and runs them
    # on that file, not on one that does not exist; the template on standard output has no file to name.
    monkeypatch.chdir(tmp_path)
    assert run("init", name, "--lang", lang).exit_code == 0
    commands = [line[1:].split("#")[0].strip() for line in Path(name).read_text(encoding="utf-8").splitlines()
                if line.startswith("#     certify ")]
    assert commands == [f"certify validate '{name}'", f"certify check '{name}'"]
    for command in commands:
        assert run(*shlex.split(command)[1:], "--lang", lang).exit_code in (0, 1)
    printed = [line for line in run("init", "--lang", lang).stdout.splitlines() if line.startswith("#     certify ")]
    assert [line.split()[3] for line in printed] == [stdout_name, stdout_name]
    plain = run("init", "mine.yaml", "--lang", lang)
    assert plain.exit_code == 0 and "#     certify validate mine.yaml " in Path("mine.yaml").read_text(encoding="utf-8")


def test_init_names_a_yaml_file_and_takes_dash_for_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused = run("init", "mine.json")  # the YAML template, with its comments, would not be valid JSON
    assert refused.exit_code == 2
    assert refused.stderr == "Error: mine.json: the template is YAML, with comments JSON cannot hold: name it mine.yaml\n"
    # Another ending, or none, is no JSON: the message says YAML alone, and the name to give.
    for name, zh in (("mine.txt", None), ("我的材料", "我的材料：模板为 YAML 格式，请命名为 我的材料.yaml（在文件夹中，certify 只读取 "
                                                    ".yaml、.yml 和 .json 文件）")):
        other = run("init", name, "--lang", "zh" if zh else "en")
        assert other.exit_code == 2
        assert other.stderr == (f"错误：{zh}\n" if zh else f"Error: {name}: the template is YAML: name it mine.yaml (in a "
                                "folder, certify reads .yaml, .yml and .json files only)\n")
    # A name with a dot in it keeps all of it: wang.fang is no file of another type.
    assert "name it wang.fang.yaml (in a folder" in run("init", "wang.fang").stderr
    dash = run("init", "-")
    assert dash.exit_code == 0 and dash.stdout.startswith("# A dossier for certify")
    assert list(tmp_path.iterdir()) == []  # no file named - or mine.json


def test_a_misspelt_key_in_the_template_gets_a_did_you_mean(tmp_path):
    path = tmp_path / "mine.yaml"
    run("init", path, "--lang", "en")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    graduated: 2018-07-01", "    graduted: 2018-07-01"), encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    line = text.splitlines().index("    graduated: 2018-07-01") + 1
    assert f"{path}:{line}: education[0]: unknown key 'graduted' (did you mean 'graduated'?)" in result.stdout


def test_validate_lists_every_problem_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("applicant: {id: X1}\n"
                    "education:\n  - {degree: bachelors, graduated: 2018-07-01}\n"
                    "projects:\n  - {name: P, role: lead, status: complete}\n", encoding="utf-8")
    result = run("validate", path)
    assert result.stdout.splitlines() == [
        f"{path}:3: education[0].degree: unknown degree 'bachelors' (did you mean 'bachelor'?)",
        f"{path}:5: projects[0].status: unknown status 'complete' (did you mean 'completed'?)",
    ]
    assert "1 dossier: 0 valid, 1 invalid" in result.stderr


def test_a_chinese_key_is_said_with_the_key_a_sheet_reads_it_as_there_and_problems_come_in_line_order(tmp_path):
    # The sheet names and column headers a workbook takes, written as keys of a YAML dossier: each gets the
    # dossier key it stands for at that place (学历 is a section at the top, a degree in an education item).
    path = tmp_path / "zh-keys.yaml"
    path.write_text("applicant: {id: Z1, 申报级别: 2}\n"
                    "截止日期: 2025-06-30\n"
                    "学历:\n  - {学历: 本科, graduated: 2015-07-01}\n"
                    "employment:\n  - {开始: 2015-07-01, 销售岗位: true, 学历: 本科}\n"
                    "项目经历: []\n", encoding="utf-8")
    zh = run("validate", path, "--lang", "zh")
    assert zh.stdout.splitlines() == [
        f"{path}:1：applicant: 未知字段 '申报级别'（是否应为 'target_level'？）",
        f"{path}:2：未知字段 '截止日期'（是否应为 'as_of'？）",
        f"{path}:3：未知字段 '学历'（是否应为 'education'？）",
        f"{path}:6：employment[0]: 未知字段 '开始'（是否应为 'start'？）",
        f"{path}:6：employment[0]: 未知字段 '销售岗位'（是否应为 'sales'？）",
        # a column of the education sheet, not of a job's: the keys a job takes
        f"{path}:6：employment[0]: 未知字段 '学历'（工作经历只接受这些字段：'employer'、'start'、'end'、'sales'、'it'）",
        f"{path}:7：未知字段 '项目经历'（是否应为 'projects'？）"]
    en = run("validate", path, "--lang", "en")
    assert f"{path}:3: unknown key '学历' (did you mean 'education'?)" in en.stdout.splitlines()
    # The first problem in the file is the one check names, and the others are counted.
    [record] = [json.loads(line) for line in run("check", path, "--format", "jsonl", "--lang", "en").stdout.splitlines()]
    assert record["error"] == ("applicant: unknown key '申报级别' (did you mean 'target_level'?) "
                               "(and 6 more problems: certify validate lists them)")
    education = tmp_path / "education.yaml"
    education.write_text("applicant: {id: Z2}\neducation:\n  - {学历: 本科, 毕业日期: 2015-07-01}\n", encoding="utf-8")
    assert run("validate", education).stdout.splitlines() == [
        f"{education}:3: education[0]: unknown key '学历' (did you mean 'degree'?)",
        f"{education}:3: education[0]: unknown key '毕业日期' (did you mean 'graduated'?)"]


def test_validate_quiet_prints_only_the_problems_and_the_notes(tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    run("init", good)
    bad.write_text("applicant: {id: X2}\nemploymnet: []\n", encoding="utf-8")
    result = run("validate", good, bad, "-q")
    assert result.exit_code == 2
    assert result.stdout == f"{bad}:2: unknown key 'employmnet' (did you mean 'employment'?)\n"
    assert result.stderr == ""
    assert run("validate", good, "--quiet").stderr == ""
    empty = tmp_path / "empty"  # a note is kept, as its -q help says: a folder named holds nothing to check
    empty.mkdir()
    assert run("validate", good, empty, "-q").stderr == (
        f"note: {empty} holds no dossier files (.yaml, .yml, .json) and no CSV set\n")
    # named twice (a shell's glob, a script's list): said once, as its dossiers are read once
    assert run("validate", good, empty, empty, "-q").stderr == (
        f"note: {empty} holds no dossier files (.yaml, .yml, .json) and no CSV set\n")


def test_validate_speaks_chinese_where_the_applicant_reads_it(tmp_path):
    good = tmp_path / "mine.yaml"
    run("init", good)
    result = CliRunner().invoke(main, ["validate", str(good)], env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 0
    assert result.stdout == f"{good}：格式正确\n"  # a full-width colon, as other Chinese lines put it
    assert result.stderr == "共 1 份申报材料：1 份格式正确，0 份有误\n"
    assert run("validate", good, "--lang", "en").stderr == "1 dossier: 1 valid, 0 invalid\n"


def test_what_is_wrong_with_a_dossier_is_said_in_chinese_where_the_applicant_reads_chinese(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("applicant: {id: X1, target_level: 5}\n"
                    "education:\n  - {degree: bachelors, graduated: 2018-07-01}\n"
                    "projects:\n  - {name: P, role: lead, status: 完成, amount: 一百万}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:1：applicant.target_level: 申报级别 5 不是 kam-2014 的级别（1-4）",  # listed with the rest
        f"{path}:3：education[0].degree: 未知的学历 'bachelors'（是否应为 'bachelor'？）",
        f"{path}:5：projects[0].amount: 应为以元计的金额：数字，或 '6200000'、'6,200,000'、'¥6,200,000'、"
        "'6200000元'、'620万'、'620万元'、'1.2亿' 这样的文本；实际为'一百万'"
        "（中文数字的金额不予读取，请用阿拉伯数字写 100万，或以元计的 1,000,000）",
    ]
    # check reports the first problem of the dossier-v1 format and counts the others, in the table and in jsonl
    # (as explanations follow --lang there); the target level waits for the rest, as check judges it by --level
    table = run("check", path, "--lang", "zh")
    assert "education[0].degree: 未知的学历 'bachelors'（是否应为 'bachelor'？）（另有 1 处问题" in table.stdout
    record = json.loads(run("check", path, "--lang", "zh", "--format", "jsonl").stdout)
    assert record["error"] == ("education[0].degree: 未知的学历 'bachelors'（是否应为 'bachelor'？）"
                               "（另有 1 处问题：certify validate 会逐一列出）")
    english = json.loads(run("check", path, "--lang", "en", "--format", "jsonl").stdout)
    assert english["error"] == ("education[0].degree: unknown degree 'bachelors' (did you mean 'bachelor'?) "
                                "(and 1 more problem: certify validate lists it)")
    # A file that is not a dossier at all, and a target level the standard does not have.
    (tmp_path / "bad.yaml").write_text("applicant: {id: X1, target_level: 5}\n", encoding="utf-8")
    (tmp_path / "empty.json").write_text(" ", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("applicant:\n  id: X2\n employment: []\n", encoding="utf-8")
    lines = run("check", tmp_path, "--lang", "zh", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["error"] for line in lines] == [
        "applicant.target_level: 申报级别 5 不是 kam-2014 的级别（1-4）",
        "YAML 格式有误：解析“键: 值”映射时，未找到应有的键（此行缩进 1 个空格，与上面各行都对不齐：同一部分或同一项的键须从同一列开始）",
        "空文件",
    ]


def test_validate_finds_a_target_level_the_standard_does_not_have_as_check_does(tmp_path):
    five = tmp_path / "five.yaml"
    five.write_text("applicant: {id: V2, target_level: 5}\nas_of: 2025-06-30\n", encoding="utf-8")
    result = run("validate", five)
    assert result.exit_code == 2
    # On its line, as every other problem of a YAML dossier is (validate and check alike).
    assert result.stdout == f"{five}:1: applicant.target_level: target level 5 is not a level of kam-2014 (1-4)\n"
    assert "target level 5 is not a level of kam-2014 (1-4)" in run("check", five, "--format", "jsonl").stdout
    assert run("check", five).stdout.startswith(f"{five}:1\n")
    lower = tmp_path / "lower.yaml"
    lower.write_text("applicant:\n  id: V4\n  name: 测试\n  target_level: 6\n", encoding="utf-8")
    assert run("validate", lower, "--lang", "zh").stdout == (
        f"{lower}:4：applicant.target_level: 申报级别 6 不是 kam-2014 的级别（1-4）\n")
    as_json = tmp_path / "five.json"
    as_json.write_text('{"applicant": {"id": "V5", "target_level": 5}}', encoding="utf-8")
    assert run("validate", as_json).stdout.startswith(f"{as_json}: applicant.target_level: ")  # JSON keeps no lines
    # Against a folder of editions: the edition in force on the dossier's date, if there is one.
    editions = Path(__file__).parent / "rulesets" / "editions"
    early = tmp_path / "early.yaml"
    early.write_text("applicant: {id: V3}\nas_of: 2013-06-30\n", encoding="utf-8")
    result = run("validate", early, "--ruleset", editions)
    assert result.exit_code == 2
    assert result.stdout == (f"{early}: no edition of kam-2014 in force on 2013-06-30 (the earliest, 2014.1, "
                             "takes effect on 2014-03-13)\n")
    assert run("validate", five, "--ruleset", editions).exit_code == 2


def test_validate_lists_a_target_level_the_standard_lacks_with_the_other_problems_in_one_go(tmp_path):
    five = tmp_path / "five.yaml"
    five.write_text("applicant: {id: V6, target_level: 5}\nas_of: 2025-06-30\n"
                    "education:\n  - {degree: bachelr, graduated: 2018-07-01}\n"
                    "projects:\n  - {name: P, role: lead, status: complete}\n", encoding="utf-8")
    result = run("validate", five)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{five}:1: applicant.target_level: target level 5 is not a level of kam-2014 (1-4)",
        f"{five}:4: education[0].degree: unknown degree 'bachelr' (did you mean 'bachelor'?)",
        f"{five}:6: projects[0].status: unknown status 'complete' (did you mean 'completed'?)"]
    assert run("validate", five, "--lang", "zh").stdout.splitlines()[0] == (
        f"{five}:1：applicant.target_level: 申报级别 5 不是 kam-2014 的级别（1-4）")
    # Against a folder of editions: the edition in force on the dossier's date, named.
    editions = Path(__file__).parent / "rulesets" / "editions"
    assert run("validate", five, "--ruleset", editions).stdout.splitlines()[0] == (
        f"{five}:1: applicant.target_level: target level 5 is not a level of kam-2014 2020.1 (1-4), the edition in "
        "force on 2025-06-30")
    # A JSON dossier keeps no lines: its problems come in the dossier's order, the applicant's first.
    as_json = tmp_path / "five.json"
    as_json.write_text('{"projects": [], "education": [{"degree": "bachelr", "graduated": "2018-07-01"}], '
                       '"applicant": {"id": "V7", "target_level": 6, "nme": "x"}}', encoding="utf-8")
    assert run("validate", as_json).stdout.splitlines() == [
        f"{as_json}: applicant: unknown key 'nme' (did you mean 'name'?)",
        f"{as_json}: applicant.target_level: target level 6 is not a level of kam-2014 (1-4)",
        f"{as_json}: education[0].degree: unknown degree 'bachelr' (did you mean 'bachelor'?)"]


@pytest.mark.parametrize("name, text, said, zh", [
    ("three.yaml", "applicant: {id: V8, target_level: 3.0}\n", "got the number 3.0 (write 3, not 3.0)",
     "实际为数字 3.0（请写 3，而不是 3.0）"),
    ("three.json", '{"applicant": {"id": "V8", "target_level": 3.00}}', "got the number 3.00 (write 3, not 3.00)",
     "实际为数字 3.00（请写 3，而不是 3.00）"),
    ("exp.yaml", "applicant: {id: V8, target_level: 3e0}\n", "got the number 3 (write 3, without an exponent)",
     "实际为数字 3（请直接写 3，不用指数形式）"),
])
def test_a_target_level_written_with_a_point_zero_says_to_write_the_whole_number(tmp_path, name, text, said, zh):
    dossier = tmp_path / name  # dossier-v1's levels are whole numbers: 3.0 is refused, saying what to write
    dossier.write_text(text, encoding="utf-8")
    where = f"{dossier}:1" if name.endswith(".yaml") else str(dossier)
    assert run("validate", dossier).stdout.splitlines() == [
        f"{where}: applicant.target_level: expected a whole number ≥ 1, {said}"]
    assert run("validate", "--lang", "zh", dossier).stdout.splitlines() == [
        f"{where}：applicant.target_level: 应为 ≥ 1 的整数，{zh}"]


def test_a_target_level_that_is_no_whole_number_is_said_once_and_a_wrong_date_is_listed_beside_the_level(tmp_path):
    half = tmp_path / "half.yaml"
    half.write_text("applicant: {id: V8, target_level: 2.5}\neducation:\n  - {degree: bachelr, graduated: 2018-07-01}\n",
                    encoding="utf-8")
    assert run("validate", half).stdout.splitlines() == [
        f"{half}:1: applicant.target_level: expected a whole number ≥ 1, got the number 2.5",
        f"{half}:3: education[0].degree: unknown degree 'bachelr' (did you mean 'bachelor'?)"]
    # The bundled standard has one edition: a wrong as-of date does not hide the level it lacks.
    dated = tmp_path / "dated.yaml"
    dated.write_text("applicant: {id: V9, target_level: 7}\nas_of: 2025-13-01\n", encoding="utf-8")
    lines = run("validate", dated).stdout.splitlines()
    assert lines[0] == f"{dated}:1: applicant.target_level: target level 7 is not a level of kam-2014 (1-4)"
    assert lines[1].startswith(f"{dated}:2: as_of: ") and len(lines) == 2
    # With editions the date chooses the edition: the level waits until the date is right.
    editions = Path(__file__).parent / "rulesets" / "editions"
    assert [line.split()[1] for line in run("validate", dated, "--ruleset", editions).stdout.splitlines()] == ["as_of:"]


@pytest.mark.parametrize("lang, words", [("en", "the level you apply for, 1-{}"), ("zh", "申报级别，1-{}")])
def test_the_template_says_the_levels_of_the_standard_it_is_for(tmp_path, lang, words):
    three = tmp_path / "acme-2024.yaml"
    three.write_text(THREE_LEVELS, encoding="utf-8")
    assert words.format(4) in run("init", "--lang", lang).stdout  # the bundled standard: 4 levels
    text = run("init", "--lang", lang, "--ruleset", three).stdout
    assert words.format(3) in text and words.format(4) not in text
    # the levels' names on a comment line of their own below, as a committee's sheet may also write them
    below = text.splitlines()[text.splitlines().index(next(x for x in text.splitlines() if "target_level:" in x)) + 1]
    assert below.strip() == {"en": "# (1 Grade 1, 2 Grade 2, 3 Grade 3)", "zh": "#（1级 第1档、2级 第2档、3级 第3档）"}[lang]
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    assert run("validate", path, "--ruleset", three).exit_code == 0


# ---- full-width digits (全角), as a Chinese input method types them ----

FULL_WIDTH = ("applicant: {id: １０２４, name: 王芳, target_level: ２}\n"
              "as_of: ２０２６－１２－３１\n"
              "education:\n  - {degree: 本科, graduated: \"２０１４-０７-０１\"}\n"
              "employment:\n  - {start: ２０１４-０８-０１, end: ２０１４年９月３０日, sales: true, it: true}\n"
              "projects:\n  - {name: 某市政务云, amount: ６２０万, role: lead, status: completed}\n"
              "  - {name: 某县医保, amount: \"１，２００，０００\", role: lead, status: completed}\n"
              "  - {name: 某区教育网, amount: －１２０万, role: member, status: lost}\n")


def test_a_dossiers_amounts_dates_and_level_in_full_width_digits_are_refused_saying_how_to_write_them(tmp_path):
    # dossier-v1 writes dates as ISO YYYY-MM-DD and amounts in its own forms: a value in full-width digits is
    # refused, never read, and the error gives it in half-width digits. Text that would not read in half-width
    # either gets no such tip (a negative amount), or the one for what it is (a date in 年月日); the id is kept as
    # written, never refused.
    path = tmp_path / "wang-fang.yaml"
    path.write_text(FULL_WIDTH, encoding="utf-8")
    forms = ("a number, or text like '6200000', '6,200,000', '¥6,200,000', '6200000元', '620万', '620万元' "
             "or '1.2亿'")
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:1: applicant.target_level: expected a whole number ≥ 1, got '２' (write 2 in half-width (ASCII) digits)",
        f"{path}:2: as_of: expected a date as YYYY-MM-DD, got '２０２６－１２－３１' "
        "(write '2026-12-31' in half-width (ASCII) digits)",
        f"{path}:4: education[0].graduated: expected a date as YYYY-MM-DD, got '２０１４-０７-０１' "
        "(write '2014-07-01' in half-width (ASCII) digits)",
        f"{path}:6: employment[0].start: expected a date as YYYY-MM-DD, got '２０１４-０８-０１' "
        "(write '2014-08-01' in half-width (ASCII) digits)",
        f"{path}:6: employment[0].end: expected a date as YYYY-MM-DD, got '２０１４年９月３０日' (write '2014-09-30')",
        f"{path}:8: projects[0].amount: expected an amount in yuan: {forms}; got '６２０万' "
        "(write '620万' in half-width (ASCII) digits)",
        f"{path}:9: projects[1].amount: expected an amount in yuan: {forms}; got '１，２００，０００' "
        "(write '1,200,000' in half-width (ASCII) digits)",
        f"{path}:10: projects[2].amount: expected an amount in yuan: {forms}; got '－１２０万'"]
    zh = run("validate", path, "--lang", "zh").stdout.splitlines()
    assert zh[1] == f"{path}:2：as_of: 应为 YYYY-MM-DD 格式的日期，实际为'２０２６－１２－３１'（请用半角数字写作 '2026-12-31'）"
    assert zh[5].endswith("实际为'６２０万'（请用半角数字写作 '620万'）")


def test_a_dossier_written_as_the_tips_say_is_judged_and_keeps_its_id_as_written(tmp_path):
    path = tmp_path / "wang-fang.yaml"
    path.write_text(FULL_WIDTH, encoding="utf-8")
    first = json.loads(run("check", path, "--format", "jsonl", "--lang", "en").stdout)
    assert first["error"].startswith("applicant.target_level: expected a whole number ≥ 1, got '２' (write 2 in ")
    fixed = (FULL_WIDTH.replace("２}", "2}").replace("２０２６－１２－３１", "2026-12-31")
             .replace("\"２０１４-０７-０１\"", "2014-07-01").replace("２０１４-０８-０１", "2014-08-01")
             .replace("２０１４年９月３０日", "2014-09-30").replace("６２０万", "620万")
             .replace("\"１，２００，０００\"", "\"1,200,000\"").replace("－１２０万", "120万"))
    path.write_text(fixed, encoding="utf-8")
    record = json.loads(run("check", path, "--format", "jsonl").stdout)
    assert record["applicant_id"] == "１０２４" and "error" not in record


def test_a_date_written_the_chinese_way_is_refused_saying_the_date_to_write(tmp_path):
    # 2019年8月1日, 2019/8/1 or 2019.8.1 is a day: the error gives it as YYYY-MM-DD. 2014年7月 or 2019-08 is a month:
    # the error asks for the day too and never picks one (months of work are counted from the day).
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nas_of: 2026年12月31日\n"
                    "education:\n  - {degree: 本科, graduated: 2014年7月}\n"
                    "employment:\n  - {start: 2014/8/1, end: 2019.7.31, sales: true}\n"
                    "  - {start: 2019年8月1号, end: 2019-08}\n  - {start: 2019年2月30日}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:2：as_of: 应为 YYYY-MM-DD 格式的日期，实际为'2026年12月31日'（请写作 '2026-12-31'）",
        f"{path}:4：education[0].graduated: 应为 YYYY-MM-DD 格式的日期，实际为'2014年7月'"
        "（还须写明哪一天：写作 '2014-07-DD'，DD 为日）",
        f"{path}:6：employment[0].start: 应为 YYYY-MM-DD 格式的日期，实际为'2014/8/1'（请写作 '2014-08-01'）",
        f"{path}:6：employment[0].end: 应为 YYYY-MM-DD 格式的日期，实际为'2019.7.31'（请写作 '2019-07-31'）",
        f"{path}:7：employment[1].start: 应为 YYYY-MM-DD 格式的日期，实际为'2019年8月1号'（请写作 '2019-08-01'）",
        f"{path}:7：employment[1].end: 应为 YYYY-MM-DD 格式的日期，实际为'2019-08'（还须写明哪一天：写作 '2019-08-DD'，DD 为日）",
        # No such day: no date to suggest.
        f"{path}:8：employment[2].start: 应为 YYYY-MM-DD 格式的日期，实际为'2019年2月30日'"]
    en = run("validate", path, "--lang", "en").stdout.splitlines()
    assert en[1] == (f"{path}:4: education[0].graduated: expected a date as YYYY-MM-DD, got '2014年7月' "
                     "(give the day too: write '2014-07-DD', DD the day of the month)")


@pytest.mark.parametrize(("typed", "zh"), [("2027年6月30日", "（请写作 '2027-06-30'）"),
                                           ("2027年6月", "（还须写明哪一天：写作 '2027-06-DD'，DD 为日）")])
def test_as_of_written_the_chinese_way_says_the_date_to_write(tmp_path, typed, zh):
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\n", encoding="utf-8")
    result = run("check", path, "--as-of", typed, "--lang", "zh")
    assert result.exit_code == 2
    assert f"错误：'--as-of' 的值无效：'{typed}' 不是 YYYY-MM-DD 格式的日期{zh}" in result.output


DOSSIER = "applicant:\n  id: E1024\n  name: 王芳\nemployment:\n  - {employer: 北京甲乙科技有限公司, start: 2014-08-01}\n"
SAVE_AS = "请把文件另存为 UTF-8 编码（记事本：“文件”→“另存为”，“编码”选 UTF-8）"


@pytest.mark.parametrize(("encoding", "said"), [
    ("gbk", ":3：不是 UTF-8 文本：看来是以 GBK（GB18030）编码保存的，中文 Windows 的记事本选“ANSI”即如此；" + SAVE_AS),
    ("utf-16", "：不是 UTF-8 文本：文件以 UTF-16（记事本的“Unicode”）保存；" + SAVE_AS),
    ("utf-16-le", "：不是 UTF-8 文本：文件以 UTF-16（记事本的“Unicode”）保存；" + SAVE_AS),  # no byte-order mark
    ("utf-16-be", "：不是 UTF-8 文本：文件以 UTF-16（记事本的“Unicode”）保存；" + SAVE_AS)])
def test_a_dossier_notepad_saved_in_gbk_or_utf16_says_so_and_how_to_save_it_as_utf8(tmp_path, encoding, said):
    # dossier-v1 is UTF-8: a file in another encoding is refused, never guessed at, and the applicant is told
    # which encoding it seems to be in (with the line of the first character that is not UTF-8) and what to do.
    path = tmp_path / "wang-fang.yaml"
    path.write_bytes(DOSSIER.encode(encoding))
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [f"{path}{said}"]
    record = json.loads(run("check", path, "--format", "jsonl", "--lang", "en").stdout)
    assert record["error"].endswith("save the file again as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)")
    path.write_text(DOSSIER, encoding="utf-8")
    assert run("validate", path).exit_code == 0


def test_stages_joined_by_a_chinese_comma_say_how_to_write_them_as_a_list(tmp_path):
    # A Chinese input method types ，and 、: YAML reads [需求发掘，技术交流] as one stage and 需求发掘、技术交流 as text.
    # Neither is split for the applicant; the error gives the list to write (not a did-you-mean for the first stage).
    path = tmp_path / "wang-fang.yaml"
    project = "projects:\n  - {name: 某市政务云, role: 主导运作, status: 已完成, stages: %s}\n"
    path.write_text("applicant: {id: E1024}\n" + project % "[需求发掘，技术交流， 商务采购（招投标）]", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:3：projects[0].stages[0]: '需求发掘，技术交流， 商务采购（招投标）' 是几个阶段写在了一起："
        "请把各阶段分开，用半角逗号分隔：[需求发掘, 技术交流, 商务采购（招投标）]"]
    path.write_text("applicant: {id: E1024}\n" + project % "需求发掘、技术交流", encoding="utf-8")
    assert run("validate", path, "--lang", "en").stdout.splitlines() == [
        f"{path}:3: projects[0].stages: expected a list, got '需求发掘、技术交流': write each stage apart, "
        "with half-width commas: [需求发掘, 技术交流]"]
    path.write_text("applicant: {id: E1024}\n" + project % "[需求发掘, 技术交流, 商务采购（招投标）]", encoding="utf-8")
    assert run("validate", path).exit_code == 0


ALL_SEVEN_EN = ("discovery, technical_exchange, procurement, contract_signing, contract_execution, payment_collection, "
                "acceptance")
ALL_SEVEN_ZH = "需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收"


@pytest.mark.parametrize("written, en, zh", [
    # by their numbers in the standard's order, 1 需求发掘 to 7 项目验收: one error, not one per number
    ("[1, 2, 3, 4, 5, 6, 7]", ALL_SEVEN_EN, ALL_SEVEN_ZH), ("[1, 3]", "discovery, procurement", "需求发掘, 商务采购"),
    ("1-7", ALL_SEVEN_EN, ALL_SEVEN_ZH),
    # numbers out of order or twice: said in the standard's order, each once
    ("[3, 1, 3]", "discovery, procurement", "需求发掘, 商务采购"),
    # all at once, in a word or as a range of names ([需求发掘-项目验收] suggested only 项目验收)
    ("全部", ALL_SEVEN_EN, ALL_SEVEN_ZH), ("[all]", ALL_SEVEN_EN, ALL_SEVEN_ZH),
    ("[需求发掘-项目验收]", ALL_SEVEN_EN, ALL_SEVEN_ZH), ("技术交流至合同签订", "technical_exchange, procurement, "
                                                     "contract_signing", "技术交流, 商务采购, 合同签订"),
])
def test_stages_by_number_or_all_at_once_say_the_names_to_write(tmp_path, written, en, zh):
    # 1-7 or 全部 was 'expected a list', and [1, 2, ...] 'expected a stage' at each number: which stage a number
    # stands for was left to the applicant. Said, never read: a dossier lists its stages by name.
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nprojects:\n  - {name: 某市政务云, role: 主导运作, status: 已完成, "
                    f"stages: {written}}}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:3: projects[0].stages: each stage is written by its name, not a number or a word for them all: "
        f"write [{en}]"]
    assert run("validate", path, "--lang", "zh").stdout.splitlines() == [
        f"{path}:3：projects[0].stages: 各阶段须逐一写出名称，不能写序号或“全部”：请写作 [{zh}]"]
    path.write_text("applicant: {id: E1024}\nprojects:\n  - {name: 某市政务云, role: 主导运作, status: 已完成, "
                    f"stages: [{zh}]}}\n", encoding="utf-8")
    assert run("validate", path).exit_code == 0


@pytest.mark.parametrize("written, said", [
    ("1-12", "expected a list, got '1-12'"), ("2-34", "expected a list, got '2-34'"),
    ("[1-23]", "unknown stage '1-23'")])
def test_a_range_of_numbers_past_the_seventh_stage_is_an_error_not_a_crash(tmp_path, written, said):
    # 12 and 34 were read as stage numbers (found in "1234567"): certify failed on the dossier with an IndexError,
    # said to be a bug, and stopped the whole batch. There is no stage 12: the value is refused as any other.
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nprojects:\n  - {name: 某市政务云, role: 主导运作, status: 已完成, "
                    f"stages: {written}}}\n", encoding="utf-8")
    other = tmp_path / "li-na.yaml"
    other.write_text("applicant: {id: E2048}\n", encoding="utf-8")
    result = run("check", tmp_path, "--format", "csv")
    assert result.exit_code == 2
    assert "a bug" not in result.output
    assert said in result.stdout
    assert "E2048" in result.stdout  # the batch goes on


def test_stages_apart_by_spaces_say_how_to_write_them_as_a_list(tmp_path):
    # 需求发掘 技术交流 listed the seven stages as if one were misspelt.
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nprojects:\n  - {name: 某市政务云, role: 主导运作, status: 已完成, "
                    "stages: [需求发掘 技术交流  商务采购]}\n", encoding="utf-8")
    assert run("validate", path, "--lang", "zh").stdout.splitlines() == [
        f"{path}:3：projects[0].stages[0]: '需求发掘 技术交流  商务采购' 是几个阶段写在了一起："
        "请把各阶段分开，用半角逗号分隔：[需求发掘, 技术交流, 商务采购]"]


def test_a_yes_no_in_chinese_and_an_amount_that_is_no_one_sum_say_what_to_write(tmp_path):
    # A Chinese form asks 是否 and HR writes 约620万: a dossier reads neither, and says what to write instead, in
    # forms a dossier reads (not a sheet's RMB 6,200,000).
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\n"
                    "employment:\n  - {employer: 某公司, start: 2015-07-01, sales: 是, it: 否}\n"
                    "projects:\n  - {name: 甲, role: lead, status: completed, amount: 约620万}\n"
                    "  - {name: 乙, role: lead, status: completed, amount: 'USD 1,000,000'}\n", encoding="utf-8")
    lines = run("validate", path, "--lang", "zh").stdout.splitlines()
    assert f"{path}:3：employment[0].sales: 应为“true”或“false”，实际为'是'（请写 true）" in lines
    assert f"{path}:3：employment[0].it: 应为“true”或“false”，实际为'否'（请写 false）" in lines
    assert any(line.startswith(f"{path}:5：projects[0].amount: ") and line.endswith(
        "实际为'约620万'（约数无法与门槛比较，请写合同的确切金额，如 620万、6,200,000元）") for line in lines)
    english = run("validate", path, "--lang", "en").stdout
    assert ("got 'USD 1,000,000' (an amount in another currency is not converted: write it in yuan (6,200,000元 or "
            "620万), at the rate the committee uses)") in english


@pytest.mark.parametrize("written, en, zh", [
    # tax included: the contract's amount, written without the note
    ("500万元（含税）", "the amount with tax included is the contract's amount: write it without the note: '500万元'",
     "含税金额即合同金额：请直接写金额，不加注明：'500万元'"),
    ("500万元(含税)", "the amount with tax included is the contract's amount: write it without the note: '500万元'",
     "含税金额即合同金额：请直接写金额，不加注明：'500万元'"),
    ("含税500万", "the amount with tax included is the contract's amount: write it without the note: '500万'",
     "含税金额即合同金额：请直接写金额，不加注明：'500万'"),
    # grouped by three, as it should be: not said to be grouped wrong
    ("5,000,000元（含税）", "the amount with tax included is the contract's amount: write it without the note: "
     "'5,000,000元'", "含税金额即合同金额：请直接写金额，不加注明：'5,000,000元'"),
    # tax excluded: not the contract's amount, so no amount is offered
    ("500万（不含税）", "a dossier gives the contract's amount, tax included, as the contract states it: write that "
     "amount alone, without a note (as in 620万 or 6,200,000元)",
     "申报材料填写合同金额（含税），以合同所载为准：请只写该金额，不加注明（写法如 620万、6,200,000元）"),
    ("500万，人民币", "write the contract's amount alone, without words beside it, as in '500万'",
     "请只写合同金额，不加其他文字，写法如 '500万'"),
    # a note in brackets may say it is a part (首期, a first instalment): no amount offered (it said "as in '500万元'")
    ("500万元（首期）", "the note beside it may say it is not the contract's whole amount (a first instalment, say): "
     "write the contract's amount alone, tax included, without words beside it (as in 620万 or 6,200,000元)",
     "金额旁的注明可能说明它不是合同总额（如首期款）：请只写合同金额（含税），不加其他文字（写法如 620万、6,200,000元）"),
    # a note giving another amount: the amount beside it is not offered as the contract's (it said "as in '100万'")
    ("100万（合同总额500万）", "the words beside it give another amount: write the contract's amount alone, tax included, "
     "without words beside it (as in 620万 or 6,200,000元)",
     "金额旁的文字中另有金额：请只写合同金额（含税），不加其他文字（写法如 620万、6,200,000元）"),
    ("500万元（首付100万）", "the words beside it give another amount: write the contract's amount alone, tax included, "
     "without words beside it (as in 620万 or 6,200,000元)",
     "金额旁的文字中另有金额：请只写合同金额（含税），不加其他文字（写法如 620万、6,200,000元）"),
    # still no exact amount, whatever the note: said so
    ("约500万（含税）", "an approximate amount cannot be held to a threshold: write the contract's exact amount, such "
     "as 620万 or 6,200,000元", "约数无法与门槛比较，请写合同的确切金额，如 620万、6,200,000元"),
    # digits grouped by four, as 万 groups them: the applicant's own sum, not an example's (it said "write 6,200,000")
    ("1200,0000", "the digits are grouped by four, as 万 groups them: write 1200万, or the yuan: 12,000,000",
     "数字按四位一组分隔（按万分组）：请写 1200万，或以元计的 12,000,000"),
])
def test_an_amount_with_words_beside_it_says_the_amount_to_write(tmp_path, written, en, zh):
    # 500万元（含税） or 500万人民币, as a contract writes it, listed only the forms read: which of them was meant, and
    # what a note of tax says, was left to the applicant. Said, never read: an amount stays exact as written.
    path = tmp_path / "wang-fang.yaml"
    path.write_text(f"applicant: {{id: E1024}}\nprojects:\n  - {{name: 甲, role: lead, status: completed, "
                    f"amount: '{written}'}}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0].endswith(f"; got '{written}' ({en})")
    assert run("validate", path, "--lang", "zh").stdout.splitlines()[0].endswith(f"；实际为'{written}'（{zh}）")


def test_an_amount_only_a_sheet_reads_says_the_form_a_dossier_reads(tmp_path):
    # RMB 6,200,000 is one sum, and a committee's sheet reads it; a dossier names the yuan by ¥ or 元 only, and says
    # the form to write, not that the digits, which are grouped by three, are not.
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nprojects:\n"
                    "  - {name: 甲, role: lead, status: completed, amount: 'RMB 6,200,000'}\n"
                    "  - {name: 乙, role: lead, status: completed, amount: 人民币620萬元}\n"
                    "  - {name: 丙, role: lead, status: completed, amount: 6200000元整}\n"
                    "  - {name: 丁, role: lead, status: completed, amount: 620万人民币}\n", encoding="utf-8")
    english = run("validate", path).stdout.splitlines()
    assert [line.split("; got ", 1)[1] for line in english] == [
        "'RMB 6,200,000' (a dossier marks yuan only with ¥ or 元: write '6,200,000元')",
        "'人民币620萬元' (a dossier marks yuan only with ¥ or 元: write '620万元')",
        "'6200000元整' (a dossier marks yuan only with ¥ or 元: write '6200000元')",
        "'620万人民币' (a dossier marks yuan only with ¥ or 元: write '620万元')"]
    chinese = run("validate", path, "--lang", "zh").stdout.splitlines()[0]
    assert chinese == (f"{path}:3：projects[0].amount: 应为以元计的金额：数字，或 '6200000'、'6,200,000'、'¥6,200,000'、"
                       "'6200000元'、'620万'、'620万元'、'1.2亿' 这样的文本；实际为'RMB 6,200,000'"
                       "（申报材料中人民币只能用 ¥ 或“元”表示，请写作 '6,200,000元'）")
    path.write_text("applicant: {id: E1024}\nprojects:\n"
                    "  - {name: 甲, role: lead, status: completed, amount: '6,200,000元'}\n"
                    "  - {name: 乙, role: lead, status: completed, amount: 620万元}\n", encoding="utf-8")
    assert run("validate", path).exit_code == 0


def test_an_amount_in_traditional_characters_says_to_write_wan_and_yi(tmp_path):
    # 1200萬 or 1.2億 is the amount in 万 and 亿 written in traditional characters; it was said to want yuan marked
    # with ¥ or 元, though '1200萬元' has its 元. It says the characters to write, with the amount so written.
    path = tmp_path / "chen-jing.yaml"
    path.write_text("applicant: {id: E2031}\nprojects:\n"
                    "  - {name: 甲, role: lead, status: completed, amount: 1200萬}\n"
                    "  - {name: 乙, role: lead, status: completed, amount: 1.2億}\n"
                    "  - {name: 丙, role: lead, status: completed, amount: 1200萬元}\n", encoding="utf-8")
    english = run("validate", path).stdout.splitlines()
    assert [line.split("; got ", 1)[1] for line in english] == [
        "'1200萬' (write 万 and 亿, not 萬 and 億: '1200万')",
        "'1.2億' (write 万 and 亿, not 萬 and 億: '1.2亿')",
        "'1200萬元' (write 万 and 亿, not 萬 and 億: '1200万元')"]
    chinese = run("validate", path, "--lang", "zh").stdout.splitlines()
    assert chinese[2].endswith("实际为'1200萬元'（请写简体的“万”“亿”，而非“萬”“億”：写作 '1200万元'）")
    assert "元" not in english[0].split("; got ", 1)[1] and "¥" not in chinese[0].split("实际为", 1)[1]


def test_a_section_of_more_than_a_thousand_entries_is_refused_in_a_whole_sentence(tmp_path):
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nprojects:\n"
                    + "  - {name: 甲, role: member, status: lost}\n" * 1001, encoding="utf-8")
    [english] = run("validate", path).stdout.splitlines()
    assert english == f"{path}:2: projects: more than 1000 entries (1001): no one career holds so many"
    [chinese] = run("validate", path, "--lang", "zh").stdout.splitlines()
    assert chinese == f"{path}:2：projects: 超过 1000 项（共 1001 项）：一个人的经历不会有这么多"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_for_another_standard_says_to_check_it_against_that_standard(tmp_path, lang):
    # Another company's standard of five levels: the next steps the template and init give name it, so an
    # applicant who follows them to the letter is not told level 5 is no level (of the bundled standard).
    other = Path(__file__).parent / "rulesets" / "other" / "mm-ism-2021.yaml"
    path = tmp_path / "mine.yaml"
    result = run("init", path, "--lang", lang, "--ruleset", other)
    command = f"certify validate {path} --ruleset {other}"
    assert result.exit_code == 0 and result.stderr.endswith(f"{command}\n")
    text = path.read_text(encoding="utf-8")
    assert f"#     certify validate {path} --ruleset {other}" in text
    assert f"#     certify check {path} --ruleset {other}" in text
    path.write_text(text.replace("target_level: 2", "target_level: 5"), encoding="utf-8")
    assert run(*command.split()[1:]).exit_code == 0
    assert "--ruleset" not in run("init", "--lang", lang).stdout  # the bundled standard needs no option


def test_an_amount_past_the_fen_is_refused_naming_the_two_amounts_to_the_fen_beside_it(tmp_path):
    # No contract is signed in fractions of a fen: 999999.99999999999 is a typo, not 1e-11 yuan short of 百万级
    # (which a program reading the JSON, its actual 1000000.0, would see as a pass said to be a fail). 0.001万 is
    # 10 yuan, and 6200000.50 is to the fen: both read.
    path = tmp_path / "wang-fang.yaml"
    path.write_text("applicant: {id: E1024}\nprojects:\n"
                    "  - {name: 甲, role: lead, status: completed, amount: 999999.99999999999}\n"
                    "  - {name: 乙, role: lead, status: completed, amount: '0.001万'}\n"
                    "  - {name: 丙, role: lead, status: completed, amount: 6200000.50}\n", encoding="utf-8")
    result = run("validate", path)
    [english] = result.stdout.splitlines()
    assert result.exit_code == 2
    assert english == (f"{path}:3: projects[0].amount: an amount is in yuan to the fen (two decimal places at most), "
                       "got the number 999999.99999999999: write the contract's amount, 999999.99 or 1000000")
    [chinese] = run("validate", path, "--lang", "zh").stdout.splitlines()
    assert chinese == (f"{path}:3：projects[0].amount: 金额以元计，最多精确到分（两位小数），实际为数字 999999.99999999999："
                       "请按合同金额写作 999999.99 或 1000000")


def test_a_month_written_as_a_cv_writes_it_is_a_number_and_asks_for_the_day(tmp_path):
    # 2016.7 and 2021.10 without quotes are numbers to YAML; the digits written (the 0 of October too) are what the
    # tip reads, and a day run together, 20261231, is the day to write. A number that is no date gets no tip.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031}\nas_of: 20261231\n"
                    "education:\n  - {degree: 大专, graduated: 2016.7}\n"
                    "employment:\n  - {start: 2016.07, end: 2021.10}\n  - {start: 2021.13}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:2：as_of: 应为 YYYY-MM-DD 格式的日期，实际为数字 20261231（请写作 '2026-12-31'）",
        f"{path}:4：education[0].graduated: 应为 YYYY-MM-DD 格式的日期，实际为数字 2016.7"
        "（还须写明哪一天：写作 '2016-07-DD'，DD 为日）",
        f"{path}:6：employment[0].start: 应为 YYYY-MM-DD 格式的日期，实际为数字 2016.07"
        "（还须写明哪一天：写作 '2016-07-DD'，DD 为日）",
        f"{path}:6：employment[0].end: 应为 YYYY-MM-DD 格式的日期，实际为数字 2021.10"
        "（还须写明哪一天：写作 '2021-10-DD'，DD 为日）",
        f"{path}:7：employment[1].start: 应为 YYYY-MM-DD 格式的日期，实际为数字 2021.13"]
    json_path = tmp_path / "lin-xiao.json"
    json_path.write_text('{"applicant": {"id": "E2031"}, "as_of": 2026.10}', encoding="utf-8")
    assert run("validate", json_path, "--lang", "en").stdout.rstrip().endswith(
        "as_of: expected a date as YYYY-MM-DD, got the number 2026.10 "
        "(give the day too: write '2026-10-DD', DD the day of the month)")


@pytest.mark.parametrize("written", ["至今", "现在", "Present"])
def test_a_job_ended_as_a_cv_ends_the_job_under_way_says_to_leave_end_out(tmp_path, written):
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031}\nemployment:\n"
                    f"  - employer: 某信息技术有限公司\n    start: 2021-11-01\n    end: {written}\n    sales: true\n",
                    encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:5：employment[0].end: 应为 YYYY-MM-DD 格式的日期，实际为'{written}'（仍在职的工作不写结束日期：请删去 end 字段）"]
    assert run("validate", path, "--lang", "en").stdout.splitlines()[0].endswith(
        f"got '{written}' (a job still under way has no end date: leave `end` out)")
    path.write_text(path.read_text(encoding="utf-8").replace(f"    end: {written}\n", ""), encoding="utf-8")
    assert run("validate", path).exit_code == 0


def test_keys_written_by_hand_in_chinese_or_pinyin_say_the_key_they_stand_for(tmp_path):
    # 学历 and 工作经历 name a workbook's sheets; 项目 (for 项目经历) and pinyin are how a dossier written by hand names them.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031}\nxueli:\n  - {degree: 大专, graduated: 2016-07-01}\n"
                    "employment:\n  - {start: 2021-11-01, 入职时间: 2021-11-01, 销售: true}\n"
                    "项目:\n  - {name: 某市医保信息平台, jine: 600万, role: 主导运作, status: 进行中, 阶段: [需求发掘]}\n",
                    encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:2：未知字段 'xueli'（是否应为 'education'？）",
        f"{path}:5：employment[0]: 未知字段 '入职时间'（是否应为 'start'？）",
        f"{path}:5：employment[0]: 未知字段 '销售'（是否应为 'sales'？）",
        f"{path}:6：未知字段 '项目'（是否应为 'projects'？）"]
    path.write_text(path.read_text(encoding="utf-8").replace("项目:", "projects:"), encoding="utf-8")
    assert run("validate", path, "--lang", "en").stdout.splitlines()[3:] == [
        f"{path}:7: projects[0]: unknown key 'jine' (did you mean 'amount'?)",
        f"{path}:7: projects[0]: unknown key '阶段' (did you mean 'stages'?)"]


@pytest.mark.parametrize("written, number", [("3级", 3), ("三级", 3), ("高级客户经理", 3), ("level 3", 3),
                                             ("Senior Account Manager", 3), ("二級", 2), ("'4'", 4)])
def test_a_target_level_written_as_a_sheet_reads_it_says_the_number_to_write(tmp_path, written, number):
    # A committee's sheet reads 3级, 三级 and the level's name; a dossier writes the number, and says which.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031, name: 林晓, target_level: {written}}}\n", encoding="utf-8")
    shown = written.strip("'")
    quotes = ("，不加引号", ", without quotes") if written.startswith("'") else ("", "")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:1：applicant.target_level: 应为 ≥ 1 的整数，实际为'{shown}'（请写 {number}{quotes[0]}）"]
    english = run("check", path, "--lang", "en", "--format", "jsonl").stdout
    assert json.loads(english)["error"] == (f"applicant.target_level: expected a whole number ≥ 1, got '{shown}' "
                                            f"(write {number}{quotes[1]})")
    path.write_text(f"applicant: {{id: E2031, name: 林晓, target_level: {number}}}\n", encoding="utf-8")
    assert run("validate", path).exit_code == 0


def test_a_target_level_of_no_level_says_no_number_but_the_levels_of_the_standard(tmp_path):
    # No number to suggest: the standard's levels instead, under its id, so that a name of another company's
    # standard, checked without its --ruleset, shows which standard it was read against.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031, target_level: 高级销售}\n", encoding="utf-8")
    assert run("validate", path).stdout.splitlines() == [
        f"{path}:1: applicant.target_level: expected a whole number ≥ 1, got '高级销售' (the levels of kam-2014: "
        "1 Sales Representative, 2 Account Manager, 3 Senior Account Manager, 4 Principal Account Manager)"]
    assert run("validate", path, "--lang", "zh").stdout.splitlines() == [
        f"{path}:1：applicant.target_level: 应为 ≥ 1 的整数，实际为'高级销售'（kam-2014 的级别：1级 销售代表、2级 客户经理、"
        "3级 高级客户经理、4级 资深客户经理）"]


def test_a_target_level_with_an_l_inside_says_no_number_and_names_no_level(tmp_path):
    # 1L3: an L inside is no level's L3, nor 13; nor is it a level's name, so the standard's levels are not listed
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031, target_level: 1L3}\n", encoding="utf-8")
    assert run("validate", path).stdout.splitlines() == [
        f"{path}:1: applicant.target_level: expected a whole number ≥ 1, got '1L3'"]


@pytest.mark.parametrize("written, zh, en", [
    ("600w", "请写 600万，或以元计的 6,000,000", "write 600万, or the yuan: 6,000,000"),
    ("1.2 billion", "请写 12亿，或以元计的 1,200,000,000", "write 12亿, or the yuan: 1,200,000,000"),
    # millions, or 万? Not its sum: how amounts are written, as examples (not 'write 620万, 1.2亿', two sums)
    ("6.2M", "请以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）",
     "write it in 万 or 亿, or in yuan (as in 620万, 1.2亿 or 6,200,000)"),
    ("6200千元", "请写 620万，或以元计的 6,200,000", "write 620万, or the yuan: 6,200,000"),
    ("8k", "请写 8,000", "write 8,000"),
    ("99999999999999999999999w", "请以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）",  # past any project's
     "write it in 万 or 亿, or in yuan (as in 620万, 1.2亿 or 6,200,000)"),
])
def test_an_amount_in_another_unit_says_her_own_amount_to_write_where_its_number_can_be_read(tmp_path, written, zh, en):
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031}}\nprojects:\n  - {{name: 某市智慧园区, amount: {written}, role: 主导运作, "
                    "status: 进行中}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2  # said, never read
    assert result.stdout.splitlines()[0].endswith(
        f"实际为'{written}'（单位只能是“万”或“亿”（K、M、W、千、百万均不读取），{zh}）")
    assert run("validate", path, "--lang", "en").stdout.splitlines()[0].endswith(
        f"got '{written}' (no unit but 万 and 亿 is read (K, M, W, 千 and 百万 are not): {en})")


@pytest.mark.parametrize("written, zh, en", [
    ("六百二十万", "请用阿拉伯数字写 620万，或以元计的 6,200,000", "write it in digits: 620万, or the yuan: 6,200,000"),
    ("壹仟贰佰万元整", "请用阿拉伯数字写 1200万，或以元计的 12,000,000", "write it in digits: 1200万, or the yuan: 12,000,000"),
    ("一千零五十万", "请用阿拉伯数字写 1050万，或以元计的 10,500,000", "write it in digits: 1050万, or the yuan: 10,500,000"),
    ("一亿二千万", "请用阿拉伯数字写 1.2亿，或以元计的 120,000,000", "write it in digits: 1.2亿, or the yuan: 120,000,000"),
    ("六百万", "请用阿拉伯数字写 600万，或以元计的 6,000,000", "write it in digits: 600万, or the yuan: 6,000,000"),
    ("六二万", "请用阿拉伯数字，以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）",  # no number written so
     "write it in digits, in 万 or 亿, or in yuan (as in 620万, 1.2亿 or 6,200,000)"),
])
def test_an_amount_in_chinese_numerals_says_it_in_digits(tmp_path, written, zh, en):
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031}}\nprojects:\n  - {{name: 某市智慧园区, amount: {written}, role: 主导运作, "
                    "status: 进行中}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2  # said, never read
    assert result.stdout.splitlines()[0].endswith(f"实际为'{written}'（中文数字的金额不予读取，{zh}）")
    assert run("validate", path, "--lang", "en").stdout.splitlines()[0].endswith(
        f"got '{written}' (an amount in Chinese numerals is not read: {en})")


def test_a_role_or_status_of_no_value_lists_the_values_as_chinese_lists_them(tmp_path):
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031}\nprojects:\n  - {name: 某市智慧园区, amount: 600万, role: 顾问, status: 暂停}\n",
                    encoding="utf-8")
    assert run("validate", path, "--lang", "zh").stdout.splitlines() == [
        f"{path}:3：projects[0].role: 未知的角色 '顾问'（应为“主导运作”或“参与”）",
        f"{path}:3：projects[0].status: 未知的项目状态 '暂停'（应为“已完成”“进行中”“丢单”或“已取消”）"]
    assert run("validate", path, "--lang", "en").stdout.splitlines() == [
        f"{path}:3: projects[0].role: unknown role '顾问' (expected lead or member)",
        f"{path}:3: projects[0].status: unknown status '暂停' (expected completed, in_progress, lost or cancelled)"]


@pytest.mark.parametrize("role, status, says_role, says_status", [
    ("负责人", "验收中", "主导运作", "进行中"), ("牵头", "实施中", "主导运作", "进行中"), ("参与者", "在建", "参与", "进行中"),
    ("配合", "已验收", "参与", "已完成"), ("项目负责人", "已结项", "主导运作", "已完成"), ("负责", "未中标", "主导运作", "丢单"),
    ("主要负责人", "结项", "主导运作", "已完成"), ("协助", "落标", "参与", "丢单"), ("项目成员", "验收中", "参与", "进行中")])
def test_a_role_or_status_as_an_applicant_says_it_suggests_the_value_it_stands_for(tmp_path, role, status, says_role,
                                                                                  says_status):
    # Only suggested: 验收中 (in acceptance) is not read as 进行中, nor 负责人 as 主导运作; the contract's values stand.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031}}\nprojects:\n  - {{name: 某市智慧园区, amount: 600万, role: {role}, "
                    f"status: {status}}}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:3：projects[0].role: 未知的角色 '{role}'（是否应为 '{says_role}'？）",
        f"{path}:3：projects[0].status: 未知的项目状态 '{status}'（是否应为 '{says_status}'？）"]
    assert run("validate", path, "--lang", "en").stdout.splitlines()[0] == (
        f"{path}:3: projects[0].role: unknown role '{role}' (did you mean '{says_role}'?)")


@pytest.mark.parametrize("degree, mode, says_degree, says_mode", [
    ("学士", "在职", "本科", "非全日制"), ("研究生", "自考", "硕士", "非全日制"), ("博士研究生", "函授", "博士", "非全日制"),
    ("专升本", "统招", "本科", "全日制"), ("MBA", "成人教育", "master", "非全日制"), ("PhD", "脱产", "doctorate", "全日制"),
    ("学士", "成教", "本科", "非全日制"), ("硕士研究生", "网教", "硕士", "非全日制")])
def test_a_degree_or_study_mode_as_an_applicant_says_it_suggests_the_value_it_stands_for(tmp_path, degree, mode,
                                                                                        says_degree, says_mode):
    # A part-time master's studied 在职 and written so listed only “全日制”或“非全日制”, leaving the applicant to guess.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031}}\neducation:\n  - {{degree: {degree}, graduated: 2021-01-15, mode: {mode}}}\n",
                    encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}:3：education[0].degree: 未知的学历 '{degree}'（是否应为 '{says_degree}'？）",
        f"{path}:3：education[0].mode: 未知的学习形式 '{mode}'（是否应为 '{says_mode}'？）"]
    assert run("validate", path, "--lang", "en").stdout.splitlines()[1] == (
        f"{path}:3: education[0].mode: unknown study mode '{mode}' (did you mean '{says_mode}'?)")


@pytest.mark.parametrize("degree", ["中专", "高中", "技校", "职高", "初中", "High School", "secondary"])
def test_schooling_below_associate_says_a_dossier_records_none_and_what_to_write(tmp_path, degree):
    # 中专 or 高中 listed only the four degrees, as if a word were misspelt: it is below them all, and a dossier
    # without a degree of associate or higher says so with an empty list, which certify check then holds to the levels.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031, target_level: 1}}\nas_of: 2026-12-31\neducation:\n"
                    f"  - {{degree: {degree}, graduated: 2008-07-01}}\n", encoding="utf-8")
    for command in ("validate", "check"):
        assert run(command, path, "--lang", "en").exit_code == 2  # said, never read as a degree
    assert run("validate", path, "--lang", "en").stdout.splitlines() == [
        f"{path}:4: education[0].degree: '{degree}' is below associate (专科), the lowest degree a dossier records: "
        "leave it out (with no degree of associate or higher, write 'education: []', and certify check says which "
        "levels that fails)"]
    assert run("validate", path, "--lang", "zh").stdout.splitlines() == [
        f"{path}:4：education[0].degree: '{degree}' 低于专科，申报材料只记录专科及以上学历：请删去此项（没有专科及以上学历的，"
        "写 'education: []'，certify check 会说明因此不符合哪些级别）"]
    path.write_text("applicant: {id: E2031, target_level: 1}\nas_of: 2026-12-31\neducation: []\n", encoding="utf-8")
    said = [line.strip() for line in samples.sentences(run("check", path, "--lang", "en").stdout)]
    assert said[said.index("L1.education  [fail]") + 1].startswith(
        "Not met: a bachelor's degree or higher, with 2 years of work after it. The dossier lists no degree")


def test_a_higher_vocational_college_is_said_as_associate_not_below_it(tmp_path):
    # 高职 (a college of 专科 level) is no 职高 (a vocational high school): it suggests 专科, for the applicant to check.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text("applicant: {id: E2031}\neducation:\n  - {degree: 高职, graduated: 2008-07-01}\n", encoding="utf-8")
    assert run("validate", path, "--lang", "zh").stdout.splitlines() == [
        f"{path}:3：education[0].degree: 未知的学历 '高职'（是否应为 '专科'？）"]


@pytest.mark.parametrize("written, en, zh", [
    # a level's name: the number it names in the standard judged by
    ("高级客户经理", "'高级客户经理' is not a level's number (write 3)", "'高级客户经理' 不是级别的数字（请写 3）"),
    ("Principal Account Manager", "'Principal Account Manager' is not a level's number (write 4)",
     "'Principal Account Manager' 不是级别的数字（请写 4）"),
    # as a sheet or a CV writes a level: the number
    ("3级", "'3级' is not a level's number (write 3)", "'3级' 不是级别的数字（请写 3）"),
    ("L2", "'L2' is not a level's number (write 2)", "'L2' 不是级别的数字（请写 2）"),
    # a name of no level: the standard's levels
    ("经理", "'经理' is not a level's number (the levels of kam-2014: 1 Sales Representative, 2 Account Manager, "
     "3 Senior Account Manager, 4 Principal Account Manager)",
     "'经理' 不是级别的数字（kam-2014 的级别：1级 销售代表、2级 客户经理、3级 高级客户经理、4级 资深客户经理）"),
])
@pytest.mark.parametrize("command", ["check", "report"])
def test_a_level_option_written_as_a_name_says_the_number_to_write(tmp_path, written, en, zh, command):
    dossier = tmp_path / "chen.yaml"
    dossier.write_text("applicant: {id: E3107}\n", encoding="utf-8")
    out = ["--out", tmp_path / "review"] if command == "report" else []
    for lang, said in (("en", f"Invalid value for '--level': {en}"), ("zh", f"'--level' 的值无效：{zh}")):
        result = run(command, dossier, *out, "--level", written, "--lang", lang)
        assert result.exit_code == 2
        assert said in result.output
    assert not (tmp_path / "review").exists()


@pytest.mark.parametrize("written, says", [("large", "industry_large"), ("key", "industry_key"),
                                           ("大型项目", "行业（区域）大型项目"), ("重点项目", "行业（区域）重点项目")])
def test_a_designation_written_short_suggests_the_standards_name(tmp_path, written, says):
    # The standard's 行业（区域）大型项目 written as 大型项目, or `large`, listed only the values; it is suggested, never read.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(f"applicant: {{id: E2031}}\nprojects:\n  - {{name: 某省政务云, amount: 300万, role: 主导运作, "
                    f"status: 已完成, designation: {written}}}\n", encoding="utf-8")
    result = run("validate", path, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [f"{path}:3：projects[0].designation: 未知的项目类别 '{written}'（是否应为 '{says}'？）"]
