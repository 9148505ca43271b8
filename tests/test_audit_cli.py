"""certify explain, diff, lint and check --ruleset FOLDER as a user sees them: output and exit status."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main
from samples import NINETY, tenure_folder

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent
EDITIONS = HERE / "rulesets" / "editions"
STANDARD = ROOT / "rulesets" / "kam-2014.yaml"
APPLICANTS = ROOT / "applicants"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


@pytest.mark.parametrize("command", ["explain", "diff", "lint"])
def test_every_command_teaches_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.output and f"certify {command} " in result.output


def test_explain_prints_the_bundled_standard():
    result = run("explain")
    assert result.exit_code == 0
    assert result.output.startswith("Key-account sales qualification standard (2014 edition)\n=====")
    assert "Effective: 2014-03-13" in result.output


def test_explain_in_chinese_renders_the_thresholds():
    result = run("explain", "--lang", "zh")
    assert "判定条件：至少一项学历满足：学历为本科及以上 且 毕业后工作年限不少于6年；或 至少一项学历满足：" in result.output


def test_explain_writes_a_file_whole_and_will_not_replace_one_without_force(tmp_path):
    out = tmp_path / "standard.html"
    assert run("explain", STANDARD, "--format", "html", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = run("explain", "--format", "html", "-o", out)
    assert again.exit_code == 2
    assert again.stderr == f"Error: {out} already exists (use --force to replace it)\n"
    assert run("explain", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("Key-account")


def test_explain_says_which_file_it_wrote_and_nothing_when_it_prints_the_document(tmp_path):
    # As report, template and init do: once it is written, a line on standard error says what went where.
    out = tmp_path / "standard.zh.md"
    written = run("explain", "--lang", "zh", "--format", "markdown", "-o", out)
    assert written.exit_code == 0 and out.exists()
    assert written.stderr == f"已写入 {out}：kam-2014 2014.1 各级别、各条规则的说明\n"
    assert run("explain", "-o", out, "--force").stderr == f"wrote {out}: kam-2014 2014.1, every level and rule explained\n"
    printed = run("explain", "-o", "-")
    assert printed.stdout.startswith("Key-account") and printed.stderr == ""


def test_explain_a_folder_of_editions_gives_the_edition_in_force():
    result = run("explain", EDITIONS, "--as-of", "2021-06-30", "--format", "markdown")
    assert "- **Version:** 2020.1" in result.output
    before = run("explain", EDITIONS, "--as-of", "2013-01-01")
    assert before.exit_code == 2
    assert before.stderr == ("Error: no edition of kam-2014 in force on 2013-01-01 "
                             "(the earliest, 2014.1, takes effect on 2014-03-13)\n")


def test_explain_a_single_ruleset_with_as_of_says_the_date_chose_nothing():
    one = EDITIONS / "kam-2020.yaml"
    result = run("explain", one, "--as-of", "2015-01-01", "--format", "markdown")
    assert result.exit_code == 0 and "- **Version:** 2020.1" in result.stdout
    assert result.stderr == (f"note: --as-of chooses among the editions of a folder; {one} is one ruleset, "
                             "shown whatever the date\n")
    assert run("explain", one).stderr == "" and run("explain", EDITIONS, "--as-of", "2021-06-30").stderr == ""
    # The bundled standard is named as such, not by the path it is installed at; in the language asked for.
    assert run("explain", "--as-of", "2015-01-01").stderr == (
        "note: --as-of chooses among the editions of a folder; the bundled standard (kam-2014 2014.1) is one "
        "ruleset, shown whatever the date\n")
    assert run("explain", "--as-of", "2015-01-01", "--lang", "zh").stderr == (
        "注意：--as-of 用于在标准版本文件夹中选择施行的版本；内置标准（kam-2014 2014.1）是单个标准文件，不论日期都显示它\n")
    # A path is set off from the Chinese by spaces; the name ending in a full-width bracket is not.
    assert run("explain", one, "--as-of", "2015-01-01", "--lang", "zh").stderr == (
        f"注意：--as-of 用于在标准版本文件夹中选择施行的版本；{one} 是单个标准文件，不论日期都显示它\n")


def test_a_level_named_in_one_language_is_written_as_both_and_explained_by_its_name_once(tmp_path):
    text = STANDARD.read_text(encoding="utf-8")
    assert "name: {zh: 销售代表, en: Sales Representative}" in text
    one = tmp_path / "one.yaml"
    one.write_text(text.replace("name: {zh: 销售代表, en: Sales Representative}", "name: {en: Associate}"), encoding="utf-8")
    lint = run("lint", one)  # what to write when the standard gives no Chinese name
    assert lint.exit_code == 2
    assert ("one.yaml:17: error levels[0].name.zh: required key is missing: the text in Chinese (a name the standard "
            "gives in one language only is written as both, {zh: Associate, en: Associate})") in lint.output
    one.write_text(text.replace("name: {zh: 销售代表, en: Sales Representative}", "name: {zh: Associate, en: Associate}"),
                   encoding="utf-8")
    for fmt in ("text", "markdown", "html"):  # not 'Associate (Associate)'
        lines = run("explain", one, "--format", fmt).output.splitlines()
        assert any(line.endswith("Level 1: Associate") or "Level 1: Associate<" in line for line in lines), fmt
        assert not any("Associate (Associate)" in line for line in lines), fmt
    assert "Level 2: Account Manager (客户经理)" in run("explain", one).output


def test_explain_a_missing_ruleset_is_an_error(tmp_path):
    result = run("explain", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"Error: no such file or folder: {tmp_path / 'nope.yaml'}\n"


def test_diff_of_two_editions_exits_1_and_shows_the_change():
    result = run("diff", EDITIONS / "kam-2014.yaml", EDITIONS / "kam-2020.yaml")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"--- {EDITIONS / 'kam-2014.yaml'}  kam-2014 2014.1 (effective 2014-03-13)"
    assert lines[1] == f"+++ {EDITIONS / 'kam-2020.yaml'}  kam-2014 2020.1 (effective 2020-01-01)"
    assert lines[3:5] == ["version: 2014.1 -> 2020.1", "effective: 2014-03-13 -> 2020-01-01"]
    assert "L2.project (level 2): changed" in lines
    assert ("    + some project: role is lead AND project status is completed AND project amount is at least "
            "CNY 800,000") in lines
    assert lines[-1] == "changes: 2 to metadata, 0 to levels, 1 to rules (0 added, 0 removed, 1 changed)"


def test_diff_of_identical_rulesets_exits_0():
    result = run("diff", STANDARD, EDITIONS / "kam-2014.yaml")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "no differences: both state the same rules (the files are the same)"


@pytest.mark.parametrize("old, new, listed", [
    ("effective: 2014-03-13", "effective: 2014-03-14", "effective: 2014-03-13 -> 2014-03-14"),
    ("en: 3 years in sales", "en: 3 years  in sales", "    + 3 years  in sales"),
])
def test_diff_exits_1_for_any_change_it_lists_even_with_the_same_rules(tmp_path, old, new, listed):
    """docs/auditing.md: 0 only when diff lists nothing; a new effective date or a re-spaced text is listed, exit 1."""
    edited = tmp_path / "edited.yaml"
    edited.write_text(STANDARD.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run("diff", STANDARD, edited)
    assert result.exit_code == 1 and listed in result.output.splitlines()
    assert json.loads(run("diff", STANDARD, edited, "--format", "json").output)["identical"] is False


def test_diff_as_json():
    result = run("diff", EDITIONS / "kam-2014.yaml", EDITIONS / "kam-2020.yaml", "--format", "json")
    assert result.exit_code == 1
    record = json.loads(result.output)
    assert [r["id"] for r in record["rules"]] == ["L2.project"] and record["identical"] is False


def test_diff_of_a_broken_ruleset_exits_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(STANDARD.read_text(encoding="utf-8").replace("sales_months", "sales_monts", 1),
                      encoding="utf-8")
    result = run("diff", STANDARD, broken)
    assert result.exit_code == 2
    assert "unknown fact 'sales_monts' for applicant" in result.stderr
    assert result.stderr.rstrip().endswith("(did you mean 'sales_months'?)")


def reissue(folder: Path, name: str, *pairs: tuple[str, str]) -> Path:
    """A FICTIONAL edition of the bundled standard in `folder`, its text edited by (old, new) pairs."""
    text = STANDARD.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def three_editions(tmp_path) -> Path:
    """2014 (the bundled standard), 2020 (a new title, the same rules; its file named last), 2026 (level 3 needs 7
    years in sales instead of 8)."""
    folder = tenure_folder(tmp_path)
    reissue(folder, "reissued.yaml", ('version: "2014.1"', 'version: "2020.1"'),
            ("effective: 2014-03-13", "effective: 2020-01-01"), ("(2014 edition)", "(2020 reissue)"))
    return folder


def test_diff_of_a_folder_compares_each_edition_with_the_next_by_effective_date(tmp_path):
    folder = three_editions(tmp_path)
    result = run("diff", folder)
    assert result.exit_code == 1 and result.stderr == ""
    heads = [line for line in result.stdout.splitlines() if line.startswith("editions ")]
    assert heads == [
        "editions 1 and 2 of 3: kam-2014.yaml 2014.1 (effective 2014-03-13) -> reissued.yaml 2020.1 (effective 2020-01-01)",
        "editions 2 and 3 of 3: reissued.yaml 2020.1 (effective 2020-01-01) -> kam-2026.yaml 2026.1 (effective 2026-07-01)"]
    first, second = result.stdout.split(heads[1] + "\n")
    # Each pair as `certify diff A B` prints it, under its heading.
    assert first == heads[0] + "\n" + run("diff", folder / "kam-2014.yaml", folder / "reissued.yaml").stdout + "\n"
    alone = run("diff", folder / "reissued.yaml", folder / "kam-2026.yaml").stdout
    assert second.startswith(alone) and "L3.sales_tenure (level 3): changed" in alone
    assert "title.en: Key-account sales qualification standard (2020 reissue) -> " in alone
    assert second[len(alone):] == ("\n3 editions compared in order of their effective dates, each with the next: "
                                   "the rules differ in 1 of 2\n")


def test_diff_of_a_folder_in_chinese(tmp_path):
    lines = run("diff", three_editions(tmp_path), "--lang", "zh").stdout.splitlines()
    assert "第1个与第2个版本（共3个）：kam-2014.yaml 2014.1（2014-03-13起施行） -> reissued.yaml 2020.1（2020-01-01起施行）" in lines
    assert "L3.sales_tenure（第3级）：修改" in lines
    assert lines[-1] == "按施行日期依次比较了3个版本（每个版本与下一个版本）：2对中有1对规则不同"


def test_diff_of_a_folder_as_json_is_a_list_of_the_pairs(tmp_path):
    folder = three_editions(tmp_path)
    result = run("diff", folder, "--format", "json")
    assert result.exit_code == 1
    pairs = json.loads(result.stdout)
    assert [(p["old"]["file"], p["new"]["file"]) for p in pairs] == [
        (str(folder / "kam-2014.yaml"), str(folder / "reissued.yaml")),
        (str(folder / "reissued.yaml"), str(folder / "kam-2026.yaml"))]
    assert pairs[1] == json.loads(run("diff", folder / "reissued.yaml", folder / "kam-2026.yaml",
                                      "--format", "json").stdout)
    assert [[r["id"] for r in p["rules"]] for p in pairs] == [[], ["L3.sales_tenure"]]


def test_diff_of_a_folder_exits_0_when_every_edition_states_the_rules_of_the_one_before(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    reissue(folder, "kam-2014.yaml")
    reissue(folder, "kam-2020.yaml", ('version: "2014.1"', 'version: "2020.1"'),
            ("effective: 2014-03-13", "effective: 2020-01-01"))
    result = run("diff", folder)
    assert result.exit_code == 0  # a new version and date are listed all the same
    assert "version: 2014.1 -> 2020.1" in result.stdout.splitlines()
    assert result.stdout.endswith("the rules differ in 0 of 1\n")
    assert run("diff", folder, "--format", "json").exit_code == 0


def test_diff_of_a_folder_warns_of_an_edition_dated_before_a_lower_version_as_lint_does(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    reissue(folder, "kam-2014.yaml")
    reissue(folder, "kam-2026.yaml", ('version: "2014.1"', 'version: "2026.1"'),
            ("effective: 2014-03-13", "effective: 2006-07-01"))  # 2026 mistyped
    result = run("diff", folder)
    assert result.stdout.startswith("editions 1 and 2 of 2: kam-2026.yaml 2026.1 (effective 2006-07-01) -> "
                                    "kam-2014.yaml 2014.1 (effective 2014-03-13)\n")
    assert result.stderr.startswith(f"warning: {folder / 'kam-2026.yaml'}:13: version 2026.1 takes effect on "
                                    "2006-07-01, before version 2014.1")


def test_diff_of_a_folder_of_one_edition_has_nothing_to_compare(tmp_path):
    folder = tmp_path / "editions"
    folder.mkdir()
    reissue(folder, "kam-2014.yaml")
    result = run("diff", folder)
    assert result.exit_code == 0
    assert result.stdout == f"{folder} holds one edition (kam-2014.yaml 2014.1 (effective 2014-03-13)): nothing to compare\n"
    assert run("diff", folder, "--lang", "zh").stdout == (
        f"{folder} 中只有一个版本（kam-2014.yaml 2014.1（2014-03-13起施行））：没有可比较的版本\n")
    as_json = run("diff", folder, "--format", "json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == [] and "nothing to compare" in as_json.stderr


def test_diff_of_a_folder_that_cannot_be_loaded_exits_2(tmp_path):
    folder = tenure_folder(tmp_path)
    undated = reissue(folder, "draft.yaml", ("effective: 2014-03-13\n", ""))
    result = run("diff", folder)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"Error: {undated}: an edition in a folder of editions needs an 'effective' date\n"
    undated.unlink()
    reissue(folder, "other.yaml", ("id: kam-2014", "id: kam-2030"), ("effective: 2014-03-13", "effective: 2030-01-01"))
    result = run("diff", folder, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr == (f"错误：{folder}：同一文件夹中的各版本须有相同的编号（id）：kam-2014.yaml 的是 'kam-2014'，"
                             "other.yaml 的是 'kam-2030'\n")
    (tmp_path / "empty").mkdir()
    empty = run("diff", tmp_path / "empty")
    assert empty.exit_code == 2 and empty.stderr.endswith("no ruleset files (.yaml, .yml) in this folder\n")


def test_diff_of_a_folder_and_a_file_says_a_folder_is_compared_alone(tmp_path):
    folder = tenure_folder(tmp_path)
    for args, which in (((folder, STANDARD), "OLD"), ((STANDARD, folder), "NEW")):
        result = run("diff", *args)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for '{which}': {folder} is a folder: a folder "
                                                  f"of editions is compared alone (certify diff {folder})")
    said = run("diff", STANDARD, folder, "--lang", "zh")
    assert said.stderr.splitlines()[-1] == f"错误：'NEW' 的值无效：{folder} 是文件夹：标准版本文件夹须单独比较（certify diff {folder}）"
    # One ruleset file alone is what it was: NEW is missing.
    alone = run("diff", STANDARD)
    assert alone.exit_code == 2 and alone.stderr.splitlines()[-1] == "Error: Missing argument 'NEW'."


def test_diff_of_two_runs_records_folders_says_what_they_are_and_what_compares_them(tmp_path):
    """An auditor comparing two runs names their records folders: not told to `certify diff FOLDER` (no ruleset
    files there), but where the rulesets the records were judged by are kept, and that verify re-checks them."""
    dossier = Path(__file__).resolve().parents[1] / "applicants" / "zhao-lei.yaml"
    for run_ in ("run1", "run2"):
        run("check", dossier, "--record", tmp_path / run_, "-q")
    first, second = tmp_path / "run1", tmp_path / "run2"
    for args in ((first, second), (first,)):
        result = run("diff", *args)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1] == (
            f"Error: Invalid value for 'OLD': {first} is a records folder, not a folder of editions: the rulesets its "
            f"records were judged by are kept in {first / 'rulesets'} (certify diff {first / 'rulesets'}/SHA256.yaml "
            f"OTHER.yaml compares one with another); certify verify {first} re-checks its verdicts")
    zh = run("diff", STANDARD, second, "--lang", "zh").stderr.splitlines()[-1]
    assert zh.startswith(f"错误：'NEW' 的值无效：{second} 是判定记录文件夹，不是标准版本文件夹：其判定记录所据的标准留存在 ")
    [kept] = (first / "rulesets").glob("*.yaml")  # what it says to run does run
    assert run("diff", kept, STANDARD).exit_code == 0


def test_lint_of_the_bundled_standard_warns_once_and_exits_0():
    result = run("lint", STANDARD)
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if " warning " in line]
    assert len(warnings) == 1 and " warning L4.project: not monotone: " in warnings[0]
    assert result.stderr.endswith(": 0 errors, 1 warning, 2 info\n")
    assert run("lint", STANDARD, "--strict").exit_code == 1


def test_lint_in_chinese_says_each_finding_and_the_summary_in_chinese():
    result = run("lint", STANDARD, "--lang", "zh")
    assert result.exit_code == 0
    warning, *infos = result.stdout.splitlines()
    assert warning.startswith(f"{STANDARD}:") and "：警告 L4.project：级别不单调：项目（角色为主导运作，" in warning
    assert infos == [f"{STANDARD}：提示 applicant.work_months：没有规则读取此事实（工作年限）",
                     f"{STANDARD}：提示 education.mode：没有规则读取此事实（学习形式）"]
    assert result.stderr == f"{STANDARD}：0 个错误，1 个警告，2 条提示\n"
    assert run("lint", STANDARD, "--lang", "zh", "--strict").exit_code == 1
    # The locale chooses it as for every other command.
    chinese = CliRunner().invoke(main, ["lint", str(STANDARD), "-q"], env={"LANG": "zh_CN.UTF-8"})
    assert chinese.stdout == result.stdout and chinese.stderr == ""


def test_lint_of_a_misspelt_fact_exits_2(tmp_path):
    copy = tmp_path / "copy.yaml"
    text = STANDARD.read_text(encoding="utf-8")
    copy.write_text(text.replace("fact: sales_months, at_least: 3 years", "fact: sales_monts, at_least: 3 years"),
                    encoding="utf-8")
    result = run("lint", copy, "-q")
    assert result.exit_code == 2
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "fact: sales_months, at_least: 3 years" in x)
    assert result.stdout == (f"{copy}:{line}: error L1.sales_tenure: unknown fact 'sales_monts' for applicant "
                             "(facts: work_months, sales_months, it_sales_months) (did you mean 'sales_months'?)\n")


def test_a_ruleset_copy_cut_short_is_said_so_by_lint_and_check_alike(tmp_path):
    """A rule author copies the standard and the copy stops inside a line of level 2: lint says it is cut short on
    the line it stops in, and so does check given it as --ruleset, not that a rule lacks its clause."""
    cut = tmp_path / "copy.yaml"
    text = STANDARD.read_text(encoding="utf-8")
    cut.write_text(text[:text.index("- id: L2.sales_te") + len("- id: L2.sales_te")], encoding="utf-8")
    line = cut.read_text(encoding="utf-8").count("\n") + 1
    said = (f"cut short: the file ends inside line {line}, with no newline after it, a copy not finished or the file "
            "truncated; copy it whole again (as it stands: levels[1].rules[1].clause: required key is missing: ")
    linted = run("lint", cut, "-q")
    assert linted.exit_code == 2
    assert linted.stdout.startswith(f"{cut}:{line}: error ruleset: {said}") and linted.stdout.count("\n") == 1
    checked = run("check", APPLICANTS / "zhao-lei.yaml", "--ruleset", cut)
    assert checked.exit_code == 2 and checked.stderr.startswith(f"Error: {cut}:{line}: {said}")
    assert run("lint", cut, "--lang", "zh").stdout.startswith(
        f"{cut}:{line}：错误 标准：文件不完整：在第{line}行中间结束，其后没有换行，可能复制未完成或文件被截断；")


@pytest.fixture
def dossiers(tmp_path):
    for as_of in ("2013-01-01", "2019-06-30", "2021-06-30"):
        (tmp_path / f"as-of-{as_of}.yaml").write_text(NINETY + f"as_of: {as_of}\n", encoding="utf-8")
    return tmp_path


def test_check_with_a_folder_of_editions_names_the_edition_of_each_dossier(dossiers):
    result = run("check", dossiers, "--ruleset", EDITIONS, "--format", "jsonl", "-q")
    assert result.exit_code == 2
    early, r2019, r2021 = [json.loads(line) for line in result.stdout.splitlines()]
    assert early["error"] == ("no edition of kam-2014 in force on 2013-01-01 "
                              "(the earliest, 2014.1, takes effect on 2014-03-13)")
    assert {k: r2019["ruleset"][k] for k in ("id", "version", "effective")} == {
        "id": "kam-2014", "version": "2014.1", "effective": "2014-03-13"}
    assert (r2021["ruleset"]["version"], r2021["ruleset"]["effective"]) == ("2020.1", "2020-01-01")
    assert (r2019["target_status"], r2021["target_status"]) == ("fail", "pass")


def test_the_table_gains_an_edition_column_only_for_a_folder(dossiers):
    table = run("check", dossiers / "as-of-2021-06-30.yaml", "--ruleset", EDITIONS, "--no-explain", "-q")
    header, _, row = table.stdout.splitlines()
    assert header.split()[-1] == "edition" and row.endswith("2020.1 (effective 2020-01-01)")
    plain = run("check", dossiers / "as-of-2021-06-30.yaml", "--ruleset", EDITIONS / "kam-2014.yaml",
                "--no-explain", "-q")
    assert plain.stdout.splitlines()[0].split()[-1] == "target"
    explained = run("check", dossiers / "as-of-2021-06-30.yaml", "--ruleset", EDITIONS, "-q")
    assert "ruleset: kam-2014 2020.1 (effective 2020-01-01)" in explained.stdout.splitlines()[1]


def test_check_with_a_broken_folder_of_editions_exits_2(tmp_path, dossiers):
    (tmp_path / "editions").mkdir()
    for name, rid in (("a.yaml", "kam-2014"), ("b.yaml", "other")):
        (tmp_path / "editions" / name).write_text(
            (EDITIONS / "kam-2020.yaml").read_text(encoding="utf-8").replace("id: kam-2014", f"id: {rid}")
            .replace("2020-01-01", "2020-01-01" if rid == "other" else "2014-03-13"), encoding="utf-8")
    result = run("check", dossiers, "--ruleset", tmp_path / "editions")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {tmp_path / 'editions'}: editions in one folder must share an id: "
                             "a.yaml is 'kam-2014', b.yaml is 'other'\n")


def four_mistakes(text: str) -> str:
    """The bundled standard copied and edited with four mistakes at once, in four rules: a misspelt key, an unknown
    fact, a threshold written wrongly, a clause left out."""
    clause = '        clause: "2.2 销售经验 2级"\n'
    assert text.count(clause) == 1
    return (text.replace("        text: 3年以上销售工作经历\n", "        txet: 3年以上销售工作经历\n", 1)
            .replace("{fact: it_sales_months, at_least: 1 year}", "{fact: it_sale_months, at_least: 1 year}", 1)
            .replace("{fact: sales_months, at_least: 5 years}", "{fact: sales_months, at_least: 5 yaers}", 1)
            .replace(clause, ""))


def test_lint_lists_every_mistake_of_a_ruleset_that_cannot_be_loaded_in_one_run(tmp_path):
    # It said the misspelt key alone: three runs, fixing one mistake each, to find the four.
    copy = tmp_path / "acme.yaml"
    copy.write_text(four_mistakes(STANDARD.read_text(encoding="utf-8")), encoding="utf-8")
    text = copy.read_text(encoding="utf-8")
    line = {needle: next(i for i, x in enumerate(text.splitlines(), 1) if needle in x)
            for needle in ("txet:", "it_sale_months", "5 yaers", "- id: L2.project")}
    result = run("lint", copy)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{copy}:{line['txet:']}: error L1.sales_tenure: unknown key 'txet' (did you mean 'text'?)",
        f"{copy}:{line['it_sale_months']}: error L1.it_sales_tenure: unknown fact 'it_sale_months' for applicant "
        "(facts: work_months, sales_months, it_sales_months) (did you mean 'it_sales_months'?)",
        f"{copy}:{line['5 yaers']}: error L2.sales_tenure: '5 yaers' is not a duration: write months as a number, or "
        "'3 years', '3年', '18 months', '1 year 6 months'",
        f"{copy}:{line['- id: L2.project']}: error L2.project: clause: required key is missing: a rule cites the "
        "clause of the standard it encodes, such as \"2.1 学历\" (a rule has id, clause, text, requirement, when)"]
    assert result.stderr == f"{copy}: 4 errors, 0 warnings, 0 info\n"
    zh = run("lint", copy, "--lang", "zh")
    assert zh.exit_code == 2
    assert [x.split("：", 2)[1] for x in zh.stdout.splitlines()] == [
        "错误 L1.sales_tenure", "错误 L1.it_sales_tenure", "错误 L2.sales_tenure", "错误 L2.project"]
    assert "未知字段 'txet'（是否应为 'text'？）" in zh.stdout and "clause: 缺少必填字段：" in zh.stdout
    assert zh.stderr == f"{copy}：4 个错误，0 个警告，0 条提示\n"


def test_check_stops_at_a_ruleset_s_first_mistake_and_says_lint_lists_the_others(tmp_path):
    copy = tmp_path / "acme.yaml"
    copy.write_text(four_mistakes(STANDARD.read_text(encoding="utf-8")), encoding="utf-8")
    dossier = tmp_path / "d.yaml"
    dossier.write_text(NINETY, encoding="utf-8")
    result = run("check", dossier, "--ruleset", copy)
    assert result.exit_code == 2
    [said] = result.stderr.splitlines()
    assert said.startswith(f"Error: {copy}:") and ": unknown key 'txet' (did you mean 'text'?)" in said
    assert said.endswith(f" (and 3 more mistakes in it: certify lint {copy} lists them all)")
    zh = run("check", dossier, "--ruleset", copy, "--lang", "zh").stderr
    assert zh.rstrip().endswith(f"（其中另有 3 处错误：certify lint {copy} 会逐一列出）")
    # One mistake is said as it always was, with nothing after it.
    one = tmp_path / "one.yaml"
    one.write_text(STANDARD.read_text(encoding="utf-8").replace("        text: 3年以上销售工作经历\n",
                                                                "        txet: 3年以上销售工作经历\n"), encoding="utf-8")
    assert run("check", dossier, "--ruleset", one).stderr.rstrip().endswith("unknown key 'txet' (did you mean 'text'?)")
