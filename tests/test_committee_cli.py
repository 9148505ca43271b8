"""certify template, certify report and the committee's side of certify check, as a user sees them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shlex
import subprocess
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from certify.cli import main
from samples import COMMITTEE, LEVEL_2, THREE_LEVELS, sentences
from certify import parallel
from certify.cli.progress import progress_bar
from certify.folders import find_dossiers
from certify.load import load_dossier
from certify.mdtext import md_cell
from sheetdata import fill_workbook, write_csv_set

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p for p in find_dossiers([ROOT / "applicants"]) if not p.name.startswith("invalid")]


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"}, **kw)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def batch(tmp_path, monkeypatch) -> list[str]:
    """A cycle as committees get it: a workbook with broken rows, a CSV set, late YAML dossiers, a repeated id,
    a broken YAML file and a file that is not a dossier at all."""
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx", "--lang", "zh").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(p) for p in EXAMPLES[:6]], "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book["employment"]["C4"] = "2019-13-01"  # row 4: the second job of the applicant on employment row 4
    book["projects"].append(["AP-999", "无主项目", "100万", "主导运作", "已完成", None, None, None])
    owner, orphan_row = book["employment"]["A4"].value, book["projects"].max_row
    book.save("cycle.xlsx")
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,target_level,as_of\nC1,欧阳娜娜,1,2025-12-31\n", encoding="utf-8-sig")
    (hr / "education.csv").write_text("id,degree,graduated\nC1,本科,2013-07-01\n", encoding="utf-8-sig")
    (hr / "employment.csv").write_text("id,start,sales,it\nC1,2015-01-01,是,是\n", encoding="utf-8-sig")
    (hr / "projects.csv").write_text("申报人编号,项目名称,金额,角色,状态,销售阶段\n"
                                     "C1,某市平台,120万,主导运作,已完成,需求发掘、技术交流、商务采购、合同签订、合同执行、项目回款、项目验收\n",
                                     encoding="utf-8-sig")
    late = tmp_path / "late"
    late.mkdir()
    for p in EXAMPLES[5:8]:  # the first of these repeats the workbook's sixth applicant
        (late / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (late / "broken.yaml").write_text("applicant: {id: X1}\nemployment: [{strat: 2020-01-01}]\n", encoding="utf-8")
    (tmp_path / "photo.txt").write_text("\x89PNG", encoding="utf-8")
    return ["cycle.xlsx", "hr", "late", "photo.txt", owner, orphan_row]


def test_template_names_an_xlsx_file_and_a_full_disk_is_one_line(tmp_path):
    refused = run("template", "--xlsx", tmp_path / "cycle.csv")
    assert refused.exit_code == 2
    assert refused.stderr == f"Error: {tmp_path / 'cycle.csv'}: a workbook is read by its name ending .xlsx: name it cycle.xlsx\n"
    assert list(tmp_path.iterdir()) == []
    # In a process of its own: what Python prints as it exits (a half-made zip complaining) is seen too.
    full = subprocess.run([sys.executable, "-c", "from certify.cli import main; main()", "template", "--xlsx",
                           "/dev/full"],
                          capture_output=True, text=True, timeout=60)
    assert full.returncode == 2
    assert full.stderr == "Error: cannot write /dev/full: No space left on device\n"


def test_template_writes_a_workbook_and_will_not_overwrite_it(tmp_path):
    path = tmp_path / "cycle.xlsx"
    first = run("template", "--xlsx", path, "--lang", "en")
    assert first.exit_code == 0
    assert first.stderr == (f"wrote {path}: fill in its sheets (the notes sheet explains each column), then run: "
                            f"certify report {path} --out DIR\n")
    assert load_workbook(path).sheetnames == ["applicants", "education", "employment", "projects", "notes"]
    again = run("template", "--xlsx", path)
    assert again.exit_code == 2
    assert again.stderr == f"Error: {path} already exists (use --force to replace it)\n"
    assert run("template", "--xlsx", path, "--force").exit_code == 0


def test_template_writes_the_workbook_to_standard_output_for_a_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a file named - would go: never the checkout the tests run in
    result = run("template", "--xlsx", "-", "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    (tmp_path / "piped.xlsx").write_bytes(result.stdout_bytes)
    assert load_workbook(tmp_path / "piped.xlsx").sheetnames == ["applicants", "education", "employment", "projects",
                                                                "notes"]
    assert result.stderr.startswith("已写入标准输出：请存为 .xlsx 文件")
    assert not list(Path.cwd().glob("-*"))  # no file named - or -.xlsx


def test_template_will_not_write_a_workbook_onto_a_terminal(monkeypatch):
    from certify.errors import UsageError
    from certify.template import write_template

    class Screen(io.BytesIO):
        def isatty(self):
            return True

    screen = Screen()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(screen))
    with pytest.raises(UsageError, match="standard output is a terminal"):
        write_template("-")
    assert screen.getvalue() == b""


def test_check_judges_every_good_applicant_and_reports_every_problem_by_place(batch):
    *paths, owner, orphan_row = batch
    result = run("check", *paths, "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 2
    records = jsonl(result.stdout)
    errors = {r["file"]: r["error"] for r in records if "error" in r}
    judged = [r["file"] for r in records if "error" not in r]
    assert errors == {
        f"cycle.xlsx#{owner}": "[employment] row 4, column 开始: '2019-13-01' is not a date",
        "cycle.xlsx#AP-999": (f"[projects] row {orphan_row}, column 申报人编号: applicant 'AP-999' is not in the applicants sheet: "
                              "its row is not judged"),
        f"late/{EXAMPLES[5].name}": (f"applicant id '{load_dossier(EXAMPLES[5]).applicant.id}' is already given in "
                                     f"cycle.xlsx#{load_dossier(EXAMPLES[5]).applicant.id}: this one is not judged"),
        "late/broken.yaml": "employment[0]: unknown key 'strat' (did you mean 'start'?)",
        "photo.txt": errors["photo.txt"],
    }
    assert errors["photo.txt"].startswith("invalid YAML") or "mapping" in errors["photo.txt"]
    assert judged == [f"cycle.xlsx#{load_dossier(p).applicant.id}" for p in EXAMPLES[:6]
                      if load_dossier(p).applicant.id != owner] + ["hr/applicants.csv#C1"] + [
        f"late/{p.name}" for p in EXAMPLES[6:8]]
    short, held = _targets_not_passed([r for r in records if r.get("target_level")])
    # 6 workbook rows + 1 orphan, 1 CSV applicant, 3 late dossiers + 1 broken, 1 photo: 8 judged, 5 not
    assert result.stderr == (f"13 inputs (5 dossiers, 8 applicants): 8 evaluated ({short} short of their target "
                             f"level{held['en']}), 5 could not be evaluated\n")


def _targets_not_passed(records: list[dict]) -> tuple[int, dict[str, str]]:
    """How many of the verdicts failed their target level, and the summary line's words for those left to review."""
    review = sum(r["target_status"] == "review" for r in records)
    return (sum(r["target_status"] == "fail" for r in records),
            {"en": f", {review} for the committee to review" if review else "",
             "zh": f"，{review} 项申报级别待核实" if review else ""})


def test_an_applicant_of_a_csv_set_who_cannot_be_judged_is_named_wherever_the_error_is_shown(tmp_path, monkeypatch):
    # Among thousands, an error row is found by whose it is: the id and the name the applicants sheet gives.
    monkeypatch.chdir(tmp_path)
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,target_level,as_of\nC1,欧阳娜娜,1,2025-12-31\nC2,Wang Wei,1,2025-12-31\n",
                                       encoding="utf-8")
    (hr / "employment.csv").write_text("id,start,sales,it\nC1,2015-13-01,是,是\nC2,2015-01-01,是,是\n", encoding="utf-8")
    # A dossier file that fails validation is named by its file alone, its applicant's name unread.
    (tmp_path / "broken.yaml").write_text("applicant: {id: Y1, name: 李雷}\nemployment: [{strat: 2020-01-01}]\n",
                                          encoding="utf-8")
    said = "employment.csv row 2, column start: '2015-13-01' is not a date"

    table = run("check", "hr", "broken.yaml", "--format", "table").stdout.splitlines()
    assert table[2].split() == ["hr/applicants.csv#C1", "C1", "欧阳娜娜", "error", "(1)", "1"]
    assert table[4].split() == ["broken.yaml", "error", "(2)"]
    assert f"  (1) hr/applicants.csv#C1 (欧阳娜娜): {said}" in table
    assert "  (2) broken.yaml:2: employment[0]: unknown key 'strat' (did you mean 'start'?)" in table
    markdown = run("check", "hr", "--format", "markdown", "--lang", "zh").stdout
    assert "| hr/applicants.csv#C1 | C1 欧阳娜娜 |" in markdown
    assert "- （1）hr/applicants.csv#C1（欧阳娜娜）：employment.csv 第2行“start”列：'2015-13-01' 不是有效的日期" in markdown
    assert run("check", "hr/applicants.csv", "hr", "--explain").stdout.startswith(
        f"hr/applicants.csv#C1 (欧阳娜娜)\n  error: {said}\n")
    rows = list(csv.DictReader(run("check", "hr", "broken.yaml", "--format", "csv").stdout.splitlines()))
    assert [(r["file"], r["applicant_id"], r["name"], r["error"]) for r in rows] == [
        ("hr/applicants.csv#C1", "C1", "欧阳娜娜", said), ("hr/applicants.csv#C2", "C2", "Wang Wei", ""),
        ("broken.yaml", "", "", "employment[0]: unknown key 'strat' (did you mean 'start'?)")]
    records = jsonl(run("check", "hr", "broken.yaml", "--format", "jsonl", "--jobs", "2").stdout)
    assert records[0] == {"file": "hr/applicants.csv#C1", "error": said, "applicant_id": "C1",
                          "applicant_name": "欧阳娜娜"}  # fields added to results-v1's error record
    assert records[2] == {"file": "broken.yaml", "error": "employment[0]: unknown key 'strat' (did you mean 'start'?)"}
    validate = run("validate", "hr").stdout.splitlines()
    assert validate == [f"hr/applicants.csv#C1 (欧阳娜娜): {said}", "hr/applicants.csv#C2: ok"]

    assert run("report", "hr", "broken.yaml", "--out", "review", "-q").exit_code == 2
    summary = list(csv.reader(Path("review/summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[:3] for r in summary[1:]] == [["C1", "欧阳娜娜", "hr/applicants.csv#C1"],
                                            ["C2", "Wang Wei", "hr/applicants.csv#C2"], ["", "", "broken.yaml"]]
    ws = load_workbook("review/summary.xlsx").worksheets[0]
    assert [c.value for c in ws[2][:3]] == ["C1", "欧阳娜娜", "hr/applicants.csv#C1"]
    overview = Path("review/overview.md").read_text(encoding="utf-8")
    assert f"| hr/applicants.csv#C1 (欧阳娜娜) | {said} |" in overview
    assert "| broken.yaml:2 | employment[0]: unknown key" in overview
    index = Path("review/index.html").read_text(encoding="utf-8")
    assert "<tr><td>C1</td><td>欧阳娜娜</td>" in index
    assert "<td>hr/applicants.csv#C1 (欧阳娜娜)</td>" in index  # the list of errors


def test_an_error_row_of_check_shows_the_target_level_as_a_judged_row_and_the_summary_do(tmp_path, monkeypatch):
    # A committee checking everyone against --level 3 saw that level on every judged row and none on the rows it must
    # put right, in the table and in the CSV it sorts by target level; the report's summary showed it on both.
    monkeypatch.chdir(tmp_path)
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,target_level,as_of\nC1,欧阳娜娜,2,2025-12-31\nC2,Wang Wei,2,2025-12-31\n"
                                       "C3,李雷,,2025-12-31\n", encoding="utf-8")
    (hr / "employment.csv").write_text("id,start,sales,it\nC1,2015-13-01,是,是\nC2,2015-01-01,是,是\n"
                                       "C3,2015-13-01,是,是\n", encoding="utf-8")

    def targets(*options: str) -> tuple[list, list]:
        table = run("check", "hr", "--format", "table", *options).stdout.splitlines()
        rows = csv.DictReader(run("check", "hr", "--format", "csv", *options).stdout.splitlines())
        return ([line.split()[-1] for line in table if line.startswith("hr/")],
                [(r["applicant_id"], r["target_level"], r["target_status"], bool(r["error"])) for r in rows])

    # --level 3: every row's target is 3, the error rows' without a status
    assert targets("--level", "3") == (["3", "review", "3"], [("C1", "3", "", True), ("C2", "3", "review", False),
                                                            ("C3", "3", "", True)])
    # without it, the level the applicants sheet gives, where it gives one (C3 gives none), as the summary has it
    assert targets() == (["2", "review", "(2)"], [("C1", "2", "", True), ("C2", "2", "review", False),
                                                   ("C3", "", "", True)])
    assert run("check", "hr", "--level", "3", "--lang", "zh").stdout.splitlines()[2].split()[-3:] == [
        "欧阳娜娜", "错误（1）", "3级"]
    # results-v1's error record stays {file, error, ...whose}: a program takes a record with a target_level for a
    # verdict, with a target_status and levels
    records = jsonl(run("check", "hr", "--level", "3", "--format", "jsonl").stdout)
    assert [("target_level" in r, "error" in r) for r in records] == [(False, True), (True, False), (False, True)]


def test_report_writes_the_documents_and_lists_the_problems(batch):
    *paths, _, _ = batch
    result = run("report", *paths, "--out", "review", "--lang", "zh", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "已写入 review：8 份评审表、汇总表、公示名单和 index.html"
    overview = Path("review/overview.md").read_text(encoding="utf-8")
    assert "## 无法评定（5）" in overview and "[employment] 第4行“开始”列：'2019-13-01' 不是有效的日期" in overview
    assert "已在 cycle.xlsx#" in overview and "中出现：此处不予评定" in overview
    notice = Path("review/notice.csv").read_text(encoding="utf-8-sig")
    assert "C1,欧阳**," in notice
    assert len(list(Path("review/sheets").glob("*.html"))) == 8


def test_report_tells_apart_on_the_terminal_files_that_could_not_be_judged_named_alike_with_another(tmp_path):
    # As check's list under its table: a file named as another of the batch prints (the same text, one precomposed,
    # the other decomposed, or 豈 as a compatibility character and as the one it stands for) is escaped, whether
    # the other could not be judged either or was judged (a name the list itself does not hold).
    folder = tmp_path / "cycle"
    folder.mkdir()
    for name in ("\u00e9.yaml", "e\u0301.yaml"):  # the same applicant: e\u0301 sorts first, \u00e9 is the repeat
        (folder / name).write_text(LEVEL_2, encoding="utf-8")
    (folder / "\u00e4.yaml").write_text(LEVEL_2.replace("T-001", "T-002"), encoding="utf-8")  # judged
    for name in ("a\u0308.yaml", "\uf900.yaml", "\u8c48.yaml", "\u00e9t\u00e9.yaml"):
        (folder / name).write_text("applicant: [\n", encoding="utf-8")  # not YAML: an error each
    if len(list(folder.iterdir())) < 7:
        pytest.skip("this file system stores one name for both forms")
    result = run("report", folder, "--out", tmp_path / "review", "--jobs", "1")
    assert result.exit_code == 2
    listed = [line.split(": ")[0].removeprefix(f"  ({k}) {folder}/")
              for k, line in enumerate(result.stderr.splitlines()[1:6], 1)]
    # Each named as check's table names it: a\u0308 beside \u00e4 (judged), \u00e9 the repeat of e\u0301 (judged), \uf900
    # beside \u8c48 (which needs no escape), not five of which three look like another file; \u00e9t\u00e9 as it is.
    assert listed == ["a\\u0308.yaml:2", "\\u00e9.yaml (\u6d4b\u8bd5\u7532)", "\u00e9t\u00e9.yaml:2", "\u8c48.yaml:2",
                      "\\uf900.yaml:2"]


@pytest.fixture
def alike_names(tmp_path):
    """A cycle of two applicants in files whose names print alike (张三-é.yaml saved on two systems: NFC, NFD), two
    files that print alike and cannot be judged, and one name that prints as no other does; `jobs` as asked."""
    folder = tmp_path / "cycle"
    folder.mkdir()
    for k, form in enumerate(("NFC", "NFD")):
        (folder / unicodedata.normalize(form, "张三-é.yaml")).write_text(LEVEL_2.replace("T-001", f"T-00{k + 1}"),
                                                                       encoding="utf-8")
        (folder / unicodedata.normalize(form, "李四-ü.yaml")).write_text("applicant: [\n", encoding="utf-8")
    (folder / "王五-été.yaml").write_text("applicant: [\n", encoding="utf-8")
    if len(list(folder.iterdir())) < 5:
        pytest.skip("this file system stores one name for both forms")

    def report(jobs: int = 1) -> Path:
        out = tmp_path / f"review-{jobs}"
        assert run("report", folder, "--out", out, "--jobs", jobs).exit_code == 2
        return out
    return folder, report


# How the documents name the five files: the two pairs told apart as check's table tells them (each escaped),
# the name that prints as no other does as it is.
ALIKE_SHOWN = {"T-001": "张三-\\u00e9.yaml", "T-002": "张三-e\\u0301.yaml"}
ERRORS_SHOWN = ["李四-\\u00fc.yaml:2", "李四-u\\u0308.yaml:2", "王五-été.yaml:2"]


def test_report_summary_tells_apart_files_named_alike(alike_names):
    folder, report = alike_names
    out = report()
    rows = list(load_workbook(out / "summary.xlsx").active.iter_rows(min_row=2, values_only=True))
    files = {row[0] or row[2]: row[2].removeprefix(f"{folder}/") for row in rows}
    assert files == {**ALIKE_SHOWN, **{f"{folder}/{e[:-2]}": e[:-2] for e in ERRORS_SHOWN}}
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as f:
        assert [row[2] for row in list(csv.reader(f))[1:]] == [row[2] for row in rows]


@pytest.mark.parametrize("jobs", [1, 2])  # a sheet rendered in this process, or by a worker that saw the name as given
def test_report_review_sheets_tell_apart_files_named_alike(alike_names, jobs, monkeypatch):
    monkeypatch.setattr(parallel, "POOL_MIN", 2)  # a pool even for a few files
    folder, report = alike_names
    out = report(jobs)
    for ident, shown in ALIKE_SHOWN.items():
        assert f"- file: {folder}/{shown}\n" in (out / "sheets" / f"{ident}.md").read_text(encoding="utf-8")
        assert f"<dt>file</dt><dd>{folder}/{shown}</dd>" in (out / "sheets" / f"{ident}.html").read_text(encoding="utf-8")


def test_report_overview_tells_apart_files_named_alike(alike_names):
    folder, report = alike_names
    overview = (report() / "overview.md").read_text(encoding="utf-8")
    listed = [line.split(" | ")[0].removeprefix(f"| {folder}/") for line in overview.splitlines()
              if line.startswith(f"| {folder}/")]
    assert sorted(listed) == sorted(md_cell(e) for e in ERRORS_SHOWN)


def test_report_index_tells_apart_files_named_alike(alike_names):
    folder, report = alike_names
    index = (report() / "index.html").read_text(encoding="utf-8")
    for shown in ERRORS_SHOWN:  # in the overview's list of errors, and in the list of sheets' error rows
        assert index.count(f"{folder}/{shown}") == 2
    assert "李四-ü.yaml" not in unicodedata.normalize("NFC", index)  # no name as it is that prints alike


def test_report_says_on_the_terminal_what_could_not_be_judged_and_where(tmp_path, monkeypatch):
    # A secretary who fills in the template and misspells a header learns which sheet, row and column to fix
    # from the command itself, as `certify check` would say it, not only from the documents it wrote.
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(EXAMPLES[0])], "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book["projects"]["F1"] = "stage"
    book.save("cycle.xlsx")
    (tmp_path / "late.yaml").write_text("applicant: {id: X1}\nemployment: [{strat: 2020-01-01}]\n", encoding="utf-8")
    result = run("report", "cycle.xlsx", "late.yaml", "--out", "review", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Could not be evaluated:",
        "  (1) cycle.xlsx: [projects] row 1, column stage: unknown column (did you mean 'stages'?); nothing in this "
        "set was judged",
        "  (2) late.yaml:2: employment[0]: unknown key 'strat' (did you mean 'start'?)",
        "2 inputs (1 dossier, 1 spreadsheet): 0 evaluated (0 short of their target level), 2 could not be evaluated",
        "wrote review: 0 review sheets, the summary, the public notice and index.html"]
    zh = run("report", "cycle.xlsx", "--out", "review", "--force", "--lang", "zh").stderr.splitlines()
    assert zh[:2] == ["无法评定：", "  （1）cycle.xlsx：[projects] 第1行“stage”列：未知的列（是否应为 'stages'？）；整套表格均未评定"]
    # -q: no note, summary or "wrote" line, but what to fix is still said; a script learns it without the documents.
    quiet = run("report", "cycle.xlsx", "late.yaml", "--out", "review", "--force", "--jobs", "1", "-q")
    assert quiet.exit_code == 2 and quiet.stderr.splitlines() == result.stderr.splitlines()[:3]
    assert run("report", EXAMPLES[0], "--out", "fine", "-q").stderr == ""  # nothing to fix: nothing said


@pytest.mark.parametrize("lang, said", [
    ("en", {"column": "as of after today", "cell": "yes (today: 2025-03-31)",
            "fact": "- as of after today: 1 (today: 2025-03-31): jobs under way today are counted up to the as-of "
                    "date, if employment goes on as now\n",
            "sheet": "As of 2025-06-30, after today (2025-03-31): jobs under way today are counted up to that date, "
                     "if employment goes on as now."}),
    ("zh", {"column": "截止日期晚于今天", "cell": "是（今天：2025-03-31）",
            "fact": "- 截止日期晚于今天：1 人（今天：2025-03-31）；今天尚未结束的工作按目前在职情况计算至截止日期\n",
            "sheet": "截止日期2025-06-30晚于今天（2025-03-31）：今天尚未结束的工作按目前在职情况计算至该日。"}),
])
def test_report_shows_which_verdicts_count_jobs_going_on_past_today(tmp_path, monkeypatch, today, lang, said):
    # A cycle judged before its cut-off date: T-001 (fictional) holds a job still under way today, T-002's ended.
    monkeypatch.chdir(tmp_path)
    today(date(2025, 3, 31))
    Path("cycle").mkdir()
    Path("cycle/a.yaml").write_text(LEVEL_2, encoding="utf-8")
    Path("cycle/b.yaml").write_text(LEVEL_2.replace("T-001", "T-002").replace(
        "start: 2018-07-01,", "start: 2018-07-01, end: 2025-01-31,"), encoding="utf-8")
    assert run("report", "cycle", "--out", "ahead", "--as-of", "2025-06-30", "--lang", lang, "-q").exit_code == 0
    assert run("report", "cycle", "--out", "past", "--as-of", "2025-03-31", "--lang", lang, "-q").exit_code == 0

    # The summary: a column of its own, filled for T-001 only; the as-of date is the date, as before.
    rows = _csv(Path("ahead/summary.csv"))
    assert rows[0][-1] == said["column"] and [(r[0], r[3], r[-1]) for r in rows[1:]] == [
        ("T-001", "2025-06-30", said["cell"]), ("T-002", "2025-06-30", "")]
    sheet = load_workbook("ahead/summary.xlsx").worksheets[0]
    assert [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)][1][-1] == said["cell"]
    assert [r[-1] for r in _csv(Path("past/summary.csv"))[1:]] == ["", ""]
    # The overview and the index count them; each one's review sheet says it under its facts, as check does.
    assert said["fact"] in Path("ahead/overview.md").read_text(encoding="utf-8")
    key, value = said["fact"][2:-1].split(": " if lang == "en" else "：", 1)
    assert f"<dt>{key}</dt><dd>{value}</dd>" in Path("ahead/index.html").read_text(encoding="utf-8")
    assert "\n\n" + said["sheet"] + "\n\n" in Path("ahead/sheets/T-001.md").read_text(encoding="utf-8")
    assert f'<p class="ahead">{said["sheet"]}</p>' in Path("ahead/sheets/T-001.html").read_text(encoding="utf-8")
    for name in ("ahead/sheets/T-002.md", "ahead/sheets/T-002.html", "past/sheets/T-001.md", "past/overview.md",
                 "past/index.html"):
        assert said["column"] not in (text := Path(name).read_text(encoding="utf-8")) and "2025-03-31）" not in text \
            and "(today" not in text


@pytest.mark.parametrize("lang, fact, sheet", [
    ("en", "- as of after today: 2 (today: 2025-03-31): jobs under way today are counted up to the as-of date, if "
           "employment goes on as now; what a dossier records after today (a job starting or ending, a degree "
           "awarded) is counted as recorded\n",
     "As of 2025-06-30, after today (2025-03-31): the degree awarded 2025-06-15 is counted as the dossier records it."),
    ("zh", "- 截止日期晚于今天：2 人（今天：2025-03-31）；今天尚未结束的工作按目前在职情况计算至截止日期；"
           "申报材料所记今天之后开始或结束的工作、取得的学历按所记计入\n",
     "截止日期2025-06-30晚于今天（2025-03-31）：2025-06-15取得的学历按申报材料所记计入。"),
])
def test_report_says_a_degree_awarded_after_today_is_counted_as_recorded(tmp_path, monkeypatch, today, lang, fact,
                                                                          sheet):
    # T-001 (fictional) holds a job under way today; T-004's ended, but a master's is due before the cut-off date.
    monkeypatch.chdir(tmp_path)
    today(date(2025, 3, 31))
    Path("cycle").mkdir()
    Path("cycle/a.yaml").write_text(LEVEL_2, encoding="utf-8")
    Path("cycle/d.yaml").write_text(LEVEL_2.replace("T-001", "T-004").replace(
        "start: 2018-07-01,", "start: 2018-07-01, end: 2025-01-31,").replace(
        "graduated: 2018-06-30}", "graduated: 2018-06-30}\n  - {degree: master, graduated: 2025-06-15}"),
        encoding="utf-8")
    assert run("report", "cycle", "--out", "ahead", "--as-of", "2025-06-30", "--lang", lang, "-q").exit_code == 0
    assert [r[-1] != "" for r in _csv(Path("ahead/summary.csv"))[1:]] == [True, True]
    assert fact in Path("ahead/overview.md").read_text(encoding="utf-8")
    assert "\n\n" + sheet + "\n\n" in Path("ahead/sheets/T-004.md").read_text(encoding="utf-8")
    assert f'<p class="ahead">{sheet}</p>' in Path("ahead/sheets/T-004.html").read_text(encoding="utf-8")


def test_report_will_not_replace_a_folder_without_force_and_judges_nothing_then(batch):
    *paths, _, _ = batch
    Path("review").mkdir()
    result = run("report", *paths, "--out", "review")
    assert result.exit_code == 2
    assert result.stderr == "Error: review already exists (use --force to replace it)\n"
    assert list(Path("review").iterdir()) == []
    forced = run("report", *paths, "--out", "review", "--force", "-q")
    said = forced.stderr.splitlines()  # -q: only what could not be judged, no summary or "wrote" line
    assert forced.exit_code == 2 and said[0] == "Could not be evaluated:" and len(said) == 6
    assert Path("review/index.html").is_file()


def test_out_dash_is_refused_for_a_folder_of_documents_rather_than_made_into_a_folder_named_dash(batch):
    *paths, _, _ = batch
    result = run("report", *paths, "--out", "-")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --out -: the documents are a folder of files and cannot go to "
                                    "standard output; name a folder")
    assert not Path("-").exists() and result.stdout == ""


def test_validate_reads_a_cycle_as_check_does_and_names_each_problem_without_judging(batch, tmp_path):
    *paths, owner, orphan_row = batch
    (tmp_path / "nothing-here").mkdir()
    result = run("validate", *paths, "nothing-here")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    name = {d.applicant.id: d.applicant.name for d in map(load_dossier, EXAMPLES)}
    assert lines[:2] == ["cycle.xlsx#AP-107: ok",
                         f"cycle.xlsx#{owner} ({name[owner]}): [employment] row 4, column 开始: '2019-13-01' is not a date"]
    assert (f"cycle.xlsx#AP-999: [projects] row {orphan_row}, column 申报人编号: applicant 'AP-999' is not in the "
            "applicants sheet: its row is not judged") in lines
    assert "hr/applicants.csv#C1: ok" in lines
    assert "late/broken.yaml:2: employment[0]: unknown key 'strat' (did you mean 'start'?)" in lines
    # The id given twice is found as check finds it: the committee hears of it before the cycle is judged.
    assert ("late/liu-yang.yaml (刘洋): applicant id 'AP-101' is already given in cycle.xlsx#AP-101: this one is not "
            "judged" in lines)
    assert lines[-1].startswith("photo.txt: invalid YAML")
    assert len(lines) == 13  # one line per dossier: every one is named, valid or not
    assert result.stderr == ("note: nothing-here holds no dossier files (.yaml, .yml, .json) and no CSV set\n"
                             "13 inputs (5 dossiers, 8 applicants): 8 valid, 5 invalid\n")
    judged = {r["file"]: "error" not in r for r in jsonl(run("check", *paths, "--format", "jsonl").stdout)}
    assert judged == {line.split(":")[0].split(" ")[0]: line.endswith(": ok") for line in lines}


def test_a_workbook_in_a_folder_is_not_read_but_named_and_in_report_an_error_row(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    Path("cycle/2025").mkdir(parents=True)
    fill_workbook("template.xlsx", [load_dossier(p) for p in EXAMPLES[:2]], "cycle/2025/cycle.xlsx")
    Path("cycle/2024.xlsm").write_bytes(Path("template.xlsx").read_bytes())
    Path("cycle/2025/~$cycle.xlsx").write_bytes(b"\x00" * 165)  # the lock file Excel keeps: not a workbook
    Path("cycle/late.yaml").write_text(EXAMPLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    passed = [f"note: {book} was not read (a folder is searched for dossier files only): to judge its applicants, "
              "name it on the command line" for book in ("cycle/2024.xlsm", "cycle/2025/cycle.xlsx")]
    for command in ("check", "validate"):
        result = run(command, "cycle")
        assert result.exit_code in (0, 1) and result.stderr.splitlines()[:2] == passed, command
    zh = run("check", "cycle", "--lang", "zh")
    assert ("注意：未读取 cycle/2025/cycle.xlsx（文件夹中只查找申报材料文件）：如需评定其中的申报人，请在命令行中写出该工作簿"
            in zh.stderr.splitlines())
    # A folder with nothing but the workbook: the folder's own note says what it holds.
    alone = run("check", "cycle/2025", "--format", "jsonl")
    assert alone.exit_code == 0 and alone.stdout == ""
    assert alone.stderr.splitlines()[:2] == [
        "note: cycle/2025 holds no dossier files (.yaml, .yml, .json) and no CSV set, only workbooks (.xlsx, .xlsm), "
        "which are read only when named", passed[1]]
    # Said as the English says it: the workbooks are read when named, not never.
    assert "只有工作簿（.xlsx、.xlsm），写在命令行中才会读取\n" in run("validate", "cycle/2025", "--lang", "zh").stderr
    # Named as well, it is read (once) and nothing is noted.
    both = run("check", "cycle", "cycle/2025/cycle.xlsx", "--format", "jsonl")
    assert [r["file"] for r in jsonl(both.stdout)] == [
        "cycle/late.yaml", f"cycle/2025/cycle.xlsx#{load_dossier(EXAMPLES[0]).applicant.id}",
        f"cycle/2025/cycle.xlsx#{load_dossier(EXAMPLES[1]).applicant.id}"]
    assert "cycle.xlsx was not read" not in both.stderr and "2024.xlsm was not read" in both.stderr
    # report: an error row in the folder's place, listed by the documents, and exit status 2, with -q too;
    # -q lists it as what could not be judged, with no note.
    review = run("report", "cycle", "--out", "review", "-q")
    rows = list(csv.DictReader(io.StringIO(Path("review/summary.csv").read_text(encoding="utf-8-sig"))))
    error = ("a workbook in a folder is not read, so its applicants were not judged: name it on the command line "
             "(or move it out of the folder)")
    assert review.exit_code == 2 and review.stderr == (f"Could not be evaluated:\n  (1) cycle/2024.xlsm: {error}\n"
                                                       f"  (2) cycle/2025/cycle.xlsx: {error}\n")
    assert [(r["file"], r["error"]) for r in rows] == [("cycle/late.yaml", ""), ("cycle/2024.xlsm", error),
                                                       ("cycle/2025/cycle.xlsx", error)]
    assert f"| cycle/2025/cycle.xlsx | {error} |" in Path("review/overview.md").read_text(encoding="utf-8")
    # Counted as what they are: two workbooks not read, not two dossiers, nor two applicants who could not be judged
    # (it said `3 inputs (3 dossiers)` and `applicants: 3 (judged 1, could not be judged 2)`)
    for lang, said, head in [
            ("en", "3 inputs (1 dossier, 2 spreadsheets): 1 evaluated",
             "- applicants: 1 (judged 1, could not be judged 0); and 2 spreadsheets not read at all, whose applicants "
             "are not counted\n"),
            ("zh", "共 3 项（1 份申报材料，2 份申报表）：1 项已评定",
             "- 申报人：1 人（已评定 1 人，无法评定 0 人）；另有 2 份申报表整套未能读取，其中的申报人未计入\n")]:
        again = run("report", "cycle", "--out", "review", "--force", "--lang", lang)
        assert again.exit_code == 2 and said in again.stderr
        assert head in Path("review/overview.md").read_text(encoding="utf-8")


def test_hidden_dossier_files_in_a_folder_are_not_read_but_named_one_note_a_folder_and_never_an_error_row(
        tmp_path, monkeypatch):
    # A hidden .yaml, .yml or .json file had been passed over without a word; one a folder now says, naming the
    # first ten. The AppleDouble files macOS leaves in an archive (._NAME) are none, and a hidden folder is a tool's.
    monkeypatch.chdir(tmp_path)
    Path("cycle/sub").mkdir(parents=True)
    Path("cycle/.git").mkdir()
    text = EXAMPLES[0].read_text(encoding="utf-8")
    for name in ["cycle/a.yaml", "cycle/.late.yaml", "cycle/._a.yaml", "cycle/.git/x.yaml", "cycle/.DS_Store",
                 *(f"cycle/sub/.d{n:02d}.{'json' if n % 2 else 'yml'}" for n in range(1, 13))]:
        Path(name).write_text(text, encoding="utf-8")
    notes = ["note: cycle holds hidden files (a name beginning with '.'), which were not read: .late.yaml; to judge "
             "one, name it on the command line, or rename it without the '.'",
             "note: cycle/sub holds hidden files (a name beginning with '.'), which were not read: .d01.json, .d02.yml, "
             ".d03.json, .d04.yml, .d05.json, .d06.yml, .d07.json, .d08.yml, .d09.json, .d10.yml, ... 12 in all; to "
             "judge one, name it on the command line, or rename it without the '.'"]
    for command in ("check", "validate"):
        result = run(command, "cycle")
        assert result.exit_code in (0, 1) and [n for n in result.stderr.splitlines() if n.startswith("note")] == notes
    assert ("注意：cycle 中的隐藏文件（文件名以“.”开头）未被读取：.late.yaml；如需评定，请在命令行中写出该文件，或去掉文件名开头的“.”"
            in run("check", "cycle", "--lang", "zh").stderr.splitlines())
    named = run("check", "cycle", "cycle/.late.yaml", "--format", "jsonl")  # named, it is read, and not noted
    assert [r["file"] for r in jsonl(named.stdout)] == ["cycle/a.yaml", "cycle/.late.yaml"]
    assert ".late.yaml" not in named.stderr and "cycle/sub holds hidden files" in named.stderr
    # report: noted, never an error row: a hidden file is hidden on purpose (a tool's settings, most often).
    review = run("report", "cycle", "--out", "review")
    rows = list(csv.DictReader(io.StringIO(Path("review/summary.csv").read_text(encoding="utf-8-sig"))))
    assert review.exit_code in (0, 1) and [r["file"] for r in rows] == ["cycle/a.yaml"]
    assert notes[0] in review.stderr.splitlines()


def test_a_link_to_a_folder_elsewhere_is_not_searched_but_named_and_in_report_an_error_row(tmp_path, monkeypatch):
    # A link to a share of late dossiers had been passed over in silence; one to a folder inside is read there.
    monkeypatch.chdir(tmp_path)
    for folder, example in (("cycle", EXAMPLES[0]), ("share/late", EXAMPLES[1])):
        Path(folder).mkdir(parents=True)
        Path(folder, "a.yaml").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    Path("cycle/late").symlink_to(tmp_path / "share" / "late", target_is_directory=True)
    Path("cycle/again").symlink_to(tmp_path / "cycle", target_is_directory=True)  # inside: read as cycle/
    Path("cycle/loop.yaml").symlink_to("loop.yaml")  # a link in a loop: an error row as before
    note = ("note: cycle/late was not searched (a link to a folder is not entered): to judge its dossiers, "
            "name it on the command line")
    for command in ("check", "validate"):
        result = run(command, "cycle")
        assert result.exit_code == 2 and result.stderr.splitlines()[0] == note, command
    assert "注意：未查找 cycle/late（指向文件夹的链接不会被进入）" in run("check", "cycle", "--lang", "zh").stderr
    # Named as well, it is read and nothing is noted.
    both = run("check", "cycle", "cycle/late", "--format", "jsonl")
    assert [r["file"] for r in jsonl(both.stdout)] == ["cycle/a.yaml", "cycle/loop.yaml", "cycle/late/a.yaml"]
    assert "was not searched" not in both.stderr
    # report: an error row in the folder's place, listed by the documents.
    review = run("report", "cycle", "--out", "review", "-q")
    assert review.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(Path("review/summary.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["file"], r["error"][:44]) for r in rows] == [
        ("cycle/a.yaml", ""), ("cycle/loop.yaml", "a link in a loop (it leads back to itself): "),
        ("cycle/late", "a link to a folder is not searched, so any d")]


def _csv_set(folder: Path, applicants: str | None = "applicants.csv") -> None:
    folder.mkdir(parents=True)
    if applicants:
        (folder / applicants).write_text("id,name,target_level,as_of\nC1,欧阳娜娜,1,2025-12-31\n", encoding="utf-8-sig")
    (folder / "education.csv").write_text("id,degree,graduated\nC1,本科,2013-07-01\n", encoding="utf-8-sig")


def test_a_csv_set_in_a_folder_under_the_one_named_is_not_read_but_named_and_in_report_an_error_row(tmp_path,
                                                                                                   monkeypatch):
    # A cycle's folder with HR's export in a folder of its own: its applicants had been passed over in silence.
    monkeypatch.chdir(tmp_path)
    _csv_set(Path("cycle/hr"))
    _csv_set(Path("cycle/part"), applicants=None)  # sheets without their applicants sheet: no CSV set, said too
    Path("cycle/late.yaml").write_text(EXAMPLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    Path("cycle/notes.csv").write_text("a,b\n", encoding="utf-8")  # no sheet's name: not part of a set
    notes = [f"note: the CSV set in cycle/{sub} (applicants.csv, education.csv, ...) was not read (a folder is searched "
             f"for dossier files and its own CSV set only): to judge its applicants, name cycle/{sub} on the command "
             "line" for sub in ("hr", "part")]
    for command in ("check", "validate"):
        result = run(command, "cycle")
        assert result.exit_code in (0, 1) and result.stderr.splitlines()[:2] == notes, command
    assert ("注意：未读取 cycle/hr 中的 CSV 申报表（applicants.csv、education.csv 等；文件夹中只查找申报材料文件和该文件夹"
            "本身的 CSV 申报表）：如需评定其中的申报人，请在命令行中写出 cycle/hr"
            in run("check", "cycle", "--lang", "zh").stderr.splitlines())
    # Named as well, it is read (once) and not noted.
    both = run("check", "cycle", "cycle/hr", "--format", "jsonl")
    assert [r["file"] for r in jsonl(both.stdout)] == ["cycle/late.yaml", "cycle/hr/applicants.csv#C1"]
    assert "in cycle/hr " not in both.stderr and "in cycle/part " in both.stderr
    by_sheet = run("check", "cycle", "cycle/hr/education.csv", "--format", "jsonl")
    assert jsonl(by_sheet.stdout) == jsonl(both.stdout) and by_sheet.stderr == both.stderr
    review = run("report", "cycle", "--out", "review", "-q")
    rows = list(csv.DictReader(io.StringIO(Path("review/summary.csv").read_text(encoding="utf-8-sig"))))
    error = "a CSV set in a subfolder is not read, so its applicants were not judged: name its folder on the command line"
    assert review.exit_code == 2 and review.stderr == (f"Could not be evaluated:\n  (1) cycle/hr: {error}\n"
                                                       f"  (2) cycle/part: {error}\n")
    assert [(r["file"], r["error"]) for r in rows] == [("cycle/late.yaml", ""), ("cycle/hr", error),
                                                       ("cycle/part", error)]
    run("report", "cycle", "--out", "评审", "-q", "--lang", "zh")
    rows = list(csv.DictReader(io.StringIO(Path("评审/summary.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["文件"], r["错误"]) for r in rows][1] == (
        "cycle/hr", "子文件夹中的 CSV 申报表不会被读取，其中的申报人未被评定：请在命令行中写出该文件夹")


@pytest.mark.parametrize("lang, said", [
    ("en", "changed while it was being read: its applicants' results may be wrong; check the set again"),
    ("zh", "读取期间文件被修改：其中申报人的结果可能有误，请重新检查整套表格"),
])
def test_a_sheet_changed_between_the_two_readings_of_its_set_is_named_once(tmp_path, monkeypatch, lang, said):
    # Its error row had said `hr/education.csv: education.csv: changed while ...`: the file, then it again as the place.
    from certify.sheetset import SheetSet
    _csv_set(tmp_path / "hr")
    scan = SheetSet.scan

    def scan_then_edit(self):  # another program saves a sheet once certify's first pass over the set is over
        scanned = scan(self)
        with open(tmp_path / "hr" / "education.csv", "a", encoding="utf-8") as f:
            f.write("C1,硕士,2016-07-01\n")
        monkeypatch.setattr(SheetSet, "scan", scan)
        return scanned

    monkeypatch.setattr(SheetSet, "scan", scan_then_edit)
    result = run("--lang", lang, "check", tmp_path / "hr", "--format", "jsonl")
    assert result.exit_code == 2
    assert jsonl(result.stdout)[-1] == {"file": str(tmp_path / "hr" / "education.csv"), "error": said}


@pytest.mark.parametrize("applicants", [None, "Sheet1.csv", "applicant.csv"])
def test_a_folder_named_with_sheets_but_no_applicants_sheet_is_an_error_row_not_nothing_to_judge(tmp_path, applicants):
    # education.csv beside an applicants sheet saved under another name had been "no dossier files", exit status 0.
    _csv_set(tmp_path / "hr", applicants=applicants)
    result = run("check", tmp_path / "hr", "--format", "jsonl")
    assert result.exit_code == 2 and "holds no dossier files" not in result.stderr
    [record] = jsonl(result.stdout)
    assert record["file"] == str(tmp_path / "hr")
    if applicants == "applicant.csv":
        assert record["error"] == ("sheet 'applicant.csv' is not one certify reads (did you mean 'applicants.csv'?): "
                                   "nothing in this set was judged")
    else:
        assert record["error"] == "no applicants.csv (or 申报人.csv) in the folder: nothing in this set was judged"
        assert run("check", tmp_path / "hr", "--lang", "zh").stdout.splitlines()[-3:] == [
            str(tmp_path / "hr"), "  错误：文件夹中没有 applicants.csv（或 申报人.csv）：整套表格均未评定", ""]
    assert run("validate", tmp_path / "hr").exit_code == 2


def test_an_xls_workbook_in_a_folder_is_named_too_with_saving_it_as_xlsx_in_its_note_and_error_row(tmp_path,
                                                                                                    monkeypatch):
    # certify reads .xlsx and .xlsm only: an Excel 97-2003 workbook in a cycle's folder had been passed over in silence.
    monkeypatch.chdir(tmp_path)
    Path("cycle/2023").mkdir(parents=True)
    Path("cycle/2023/cycle.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # not read
    Path("cycle/2023/~$cycle.xls").write_bytes(b"\x00" * 165)  # the lock file Excel keeps: not a workbook
    Path("cycle/late.yaml").write_text(EXAMPLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    note = ("note: cycle/2023/cycle.xls was not read (certify reads .xlsx and .xlsm workbooks only): to judge its "
            "applicants, save it as .xlsx and name that on the command line")
    for command in ("check", "validate"):
        result = run(command, "cycle")
        assert result.exit_code in (0, 1) and result.stderr.splitlines()[:1] == [note], command
    assert ("注意：未读取 cycle/2023/cycle.xls（只读取 .xlsx、.xlsm 工作簿）：如需评定其中的申报人，请将其另存为 .xlsx 并在命令行中写出"
            in run("check", "cycle", "--lang", "zh").stderr.splitlines())
    alone = run("check", "cycle/2023", "--format", "jsonl")
    assert alone.exit_code == 0 and alone.stderr.splitlines()[:2] == [
        "note: cycle/2023 holds no dossier files (.yaml, .yml, .json) and no CSV set, only workbooks (.xlsx, .xlsm, "
        ".xls), which are read only when named (an .xls once saved as .xlsx)", note]
    assert ("注意：cycle/2023 中没有申报材料文件（.yaml、.yml、.json），也没有 CSV 申报表，只有工作簿（.xlsx、.xlsm、"
            ".xls），写在命令行中才会读取（.xls 须先另存为 .xlsx）") in run("check", "cycle/2023", "--lang", "zh").stderr.splitlines()
    # Named as well, it is refused as any .xls named is, and not noted.
    both = run("check", "cycle", "cycle/2023/cycle.xls", "--format", "jsonl")
    assert "was not read" not in both.stderr
    assert [r.get("error") for r in jsonl(both.stdout)][1] == "not an Excel workbook: save it as .xlsx"
    review = run("report", "cycle", "--out", "review", "-q")
    assert review.exit_code == 2 and review.stderr.startswith("Could not be evaluated:\n  (1) cycle/2023/cycle.xls: ")
    assert "was not read" not in review.stderr  # no note, under -q
    rows = list(csv.DictReader(io.StringIO(Path("review/summary.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["file"], r["error"]) for r in rows] == [
        ("cycle/late.yaml", ""),
        ("cycle/2023/cycle.xls", "an .xls workbook is not read (certify reads .xlsx and .xlsm only), so its applicants "
                                 "were not judged: save it as .xlsx and name that on the command line (or move it out "
                                 "of the folder)")]


def test_a_reports_own_summary_in_the_cycles_folder_is_no_workbook_of_the_cycle(tmp_path, monkeypatch):
    # --out inside the folder judged, run again: the last run's summary.xlsx is certify's, not the cycle's.
    monkeypatch.chdir(tmp_path)
    Path("cycle").mkdir()
    Path("cycle/late.yaml").write_text(EXAMPLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    first = run("report", "cycle", "--out", "cycle/review", "-q")
    assert first.exit_code in (0, 1) and Path("cycle/review/summary.xlsx").exists()
    again = run("report", "cycle", "--out", "cycle/review", "--force")
    assert again.exit_code == first.exit_code and "summary.xlsx" not in again.stderr
    rows = list(csv.DictReader(io.StringIO(Path("cycle/review/summary.csv").read_text(encoding="utf-8-sig"))))
    assert [r["file"] for r in rows] == ["cycle/late.yaml"]


def test_report_will_not_replace_with_force_a_folder_that_holds_what_it_judges(tmp_path, monkeypatch):
    # --out the cycle's own folder, or one above it: --force would have deleted the dossiers it was judging.
    monkeypatch.chdir(tmp_path)
    Path("cycle/late").mkdir(parents=True)
    Path("cycle/late/a.yaml").write_text(EXAMPLES[2].read_text(encoding="utf-8"), encoding="utf-8")
    for paths, out in [(["cycle"], "cycle"), (["cycle/late"], "cycle"), (["cycle/late/a.yaml"], "."),
                       (["cycle/late/"], "cycle/late/")]:
        result = run("report", *paths, "--out", out, "--force")
        assert result.exit_code == 2, (paths, out)
        assert result.stderr == (f"Error: --out {Path(out)} holds {Path(paths[0])}, which is to be judged: the "
                                 "documents would replace it; write them into another folder\n")
        assert sorted(str(p) for p in Path("cycle").rglob("*")) == ["cycle/late", "cycle/late/a.yaml"]


def test_report_will_not_replace_with_force_a_folder_that_holds_what_its_documents_do_not(tmp_path, monkeypatch):
    # `--out ~ --force` deleted the home folder; re-run over a cycle's folder, the signed sheets added to it.
    monkeypatch.chdir(tmp_path)
    dossier = EXAMPLES[2]
    Path("home/photos").mkdir(parents=True)
    Path("home/thesis.txt").write_text("mine", encoding="utf-8")
    Path("home/photos/p.jpg").write_bytes(b"jpg")
    result = run("report", dossier, "--out", "home", "--force")
    assert result.exit_code == 2
    assert result.stderr == ("Error: --out home holds what a report's documents do not (thesis.txt, photos/): the "
                             "folder is replaced whole, and that would be lost with it; move it out, or write the "
                             "documents into another folder\n")
    assert sorted(str(p) for p in Path("home").rglob("*")) == ["home/photos", "home/photos/p.jpg", "home/thesis.txt"]
    assert run("report", dossier, "--out", "review", "-q").exit_code in (0, 1)
    Path("review/.DS_Store").write_bytes(b"")  # what a desktop leaves: no loss
    assert run("report", dossier, "--out", "review", "--force", "-q").exit_code in (0, 1)
    Path("review/signed").mkdir()
    Path("review/signed/sheet.pdf").write_bytes(b"%PDF")
    Path("review/sheets/notes.txt").write_text("n", encoding="utf-8")
    result = run("report", dossier, "--out", "review", "--force", "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr == ("错误：--out review 中有评审文件以外的内容（signed/, sheets/notes.txt）：该文件夹会被整体替换，"
                             "这些内容会随之丢失；请把它们移出，或把评审文件写到另一个文件夹\n")
    assert Path("review/signed/sheet.pdf").is_file() and Path("review/index.html").is_file()


def test_a_path_that_does_not_exist_is_named_before_anything_is_judged(tmp_path):
    result = run("report", tmp_path / "cycle.xlsx", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == f"Error: no such file or folder: {tmp_path / 'cycle.xlsx'}\n"
    assert not (tmp_path / "out").exists()


def test_jobs_must_be_one_or_more():
    result = run("check", ROOT / "applicants", "--jobs", "0")
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1." in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_only_on_a_terminal_and_never_when_quiet():
    screen = _Terminal()
    with progress_bar(300, stream=screen) as advance:
        for _ in range(300):
            advance(1)
    assert "300/300" in screen.getvalue()
    for stream, quiet in ((io.StringIO(), False), (_Terminal(), True)):
        with progress_bar(300, stream=stream, quiet=quiet) as advance:
            assert advance is None
        assert stream.getvalue() == ""


@pytest.mark.parametrize("columns, drawn", [("20", None), ("40", 16), ("50", 26), ("200", 30), ("0", 30)])
def test_the_progress_bar_fits_the_terminals_row_or_is_not_drawn(monkeypatch, columns, drawn):
    # It was 30 wide whatever the terminal: on a narrow one its line wrapped, and each redraw (a carriage return
    # to the start of the row) began a new row, ten times a second. A width of 0 is a terminal that does not say.
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.delenv("TERM", raising=False)
    screen = _Terminal()
    with progress_bar(300, stream=screen) as advance:
        for _ in range(300 if advance else 0):
            advance(1)
    rows = [row.removeprefix("\x1b[?25l") for row in screen.getvalue().split("\r") if "/300" in row]
    if drawn is None:
        assert screen.getvalue() == ""
        return
    assert all(len(row.rstrip()) < max(int(columns), 80 if columns == "0" else 0) for row in rows)
    assert re.search(r"\[[#-]{%d}\]  300/300" % drawn, screen.getvalue())


def test_no_progress_bar_on_a_terminal_that_takes_no_control_codes(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")  # Emacs' shell, say: the codes that hide the cursor would show as text
    with progress_bar(300, stream=_Terminal()) as advance:
        assert advance is None


def test_a_single_dossier_gets_no_bar():
    with progress_bar(1, stream=_Terminal()) as advance:
        assert advance is None


def test_the_examples_in_a_filled_template_give_their_yaml_verdicts_through_the_cli(tmp_path):
    template = tmp_path / "t.xlsx"
    run("template", "--xlsx", template, "--lang", "en")
    fill_workbook(template, [load_dossier(p) for p in EXAMPLES], tmp_path / "cycle.xlsx")
    from_book = jsonl(run("check", tmp_path / "cycle.xlsx", "--format", "jsonl", "--as-of", date(2026, 1, 1)).stdout)
    from_yaml = jsonl(run("check", *EXAMPLES, "--format", "jsonl", "--as-of", date(2026, 1, 1)).stdout)
    for r in from_book + from_yaml:
        r.pop("file")
    assert from_book == from_yaml


def test_report_reads_no_sheet_ahead_to_count_it_without_a_progress_bar(batch, monkeypatch):
    # Counting a batch reads every sheet once more; without a bar to size, nothing is counted,
    # and with one the count waits until judging has started (a pool's workers first).
    from certify.batch import Batch

    def refuse(self):
        raise AssertionError("the batch was counted")

    monkeypatch.setattr(Batch, "__len__", refuse)
    *paths, _, _ = batch
    result = run("report", *paths, "--out", "review", "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert "wrote review: 8 review sheets" in result.stderr


def test_an_id_that_looks_like_a_formula_is_text_in_every_document(tmp_path):
    # Excel evaluates a CSV cell beginning with = + - @ (OWASP: CSV injection), and openpyxl
    # stores a string beginning with = as a formula: an id or a name from the input is text.
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")  # passes level 4: on the notice
    link = '=HYPERLINK("http://example.invalid","x")'
    (tmp_path / "a.yaml").write_text(dossier.replace("{id: AP-107, name: 陈静,",
                                                     f"{{id: '=1+1', name: '{link}',"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(dossier.replace("{id: AP-107, name: 陈静,", "{id: '@SUM(A1)', name: '#N/A',"),
                                     encoding="utf-8")
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,as_of\n-3+4,=2+2,2025-13-01\n", encoding="utf-8")  # not judged, named
    result = run("report", tmp_path / "a.yaml", tmp_path / "b.yaml", hr, "--out", tmp_path / "review")
    assert result.exit_code == 2, result.output

    ws = load_workbook(tmp_path / "review" / "summary.xlsx").worksheets[0]
    cells = [row[:2] for row in ws.iter_rows(min_row=2)]
    assert [(i.value, n.value) for i, n in cells] == [("=1+1", link), ("@SUM(A1)", "#N/A"), ("-3+4", "=2+2")]
    assert all(c.data_type == "s" for row in cells for c in row if c.value is not None)
    assert ws["E2"].value == 4 and ws["D2"].value.date() == date(2025, 12, 31)  # what certify writes is as it was

    summary = list(csv.reader((tmp_path / "review" / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[:2] for r in summary[1:]] == [["'=1+1", "'" + link], ["'@SUM(A1)", "#N/A"], ["'-3+4", "'=2+2"]]
    assert summary[1][3:5] == ["2025-12-31", "4"]
    notice = list(csv.reader((tmp_path / "review" / "notice.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[:3] for r in notice[1:]] == [["1", "'=1+1", "'=" + "*" * (len(link) - 1)], ["2", "'@SUM(A1)", "#***"]]

    # certify check's CSV is for programs: the values as they are.
    plain = run("check", tmp_path / "a.yaml", "--format", "csv")
    assert list(csv.DictReader(plain.stdout.splitlines()))[0]["applicant_id"] == "=1+1"


def test_check_names_a_repeat_as_of_the_date_they_share(tmp_path):
    # A what-if first, then the same applicant again as of the second date: a repeat of that one.
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(dossier, encoding="utf-8")
    later = dossier.replace("as_of: 2025-12-31", "as_of: 2026-06-30")
    (tmp_path / "b.yaml").write_text(later, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(later, encoding="utf-8")
    result = run("check", tmp_path, "--format", "jsonl")
    assert result.exit_code == 2
    *judged, repeat = jsonl(result.stdout)
    assert [r["as_of"] for r in judged] == ["2025-12-31", "2026-06-30"]
    assert repeat == {"file": str(tmp_path / "c.yaml"),
                      "error": f"applicant id 'AP-107' is already given in {tmp_path / 'b.yaml'}: this one is not judged",
                      "applicant_id": "AP-107", "applicant_name": "陈静"}  # whose it is, for a program too


def test_a_control_character_in_a_name_shows_as_its_picture_in_the_workbook_and_the_report_is_written(tmp_path):
    # A YAML escape ("\\x1b") or a CSV cell can hold a control character, which no workbook cell can:
    # one such name must not stop the whole cycle's documents.
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(dossier.replace("name: 陈静,", 'name: "陈\\x1b静\\0",'), encoding="utf-8")
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,as_of\nC1,欧阳\x07娜娜,2025-12-31\n", encoding="utf-8")
    result = run("report", tmp_path / "a.yaml", hr, "--out", tmp_path / "review")
    assert result.exit_code == 0, result.output
    ws = load_workbook(tmp_path / "review" / "summary.xlsx").worksheets[0]
    assert [row[1].value for row in ws.iter_rows(min_row=2)] == ["陈\u241b静\u2400", "欧阳\u2407娜娜"]
    summary = list(csv.reader((tmp_path / "review" / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[1] for r in summary[1:]] == ["陈\x1b静\x00", "欧阳\x07娜娜"]  # a CSV cell holds it as it is


def test_an_applicant_given_at_two_dates_is_one_applicant_of_the_cycle(tmp_path):
    # certify check compares two dates as a what-if; a committee decides once per applicant.
    dossier = (ROOT / "applicants" / "chen-jing.yaml").read_text(encoding="utf-8")  # passes level 4: on the notice
    (tmp_path / "a.yaml").write_text(dossier, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(dossier.replace("as_of: 2025-12-31", "as_of: 2026-06-30"), encoding="utf-8")
    paths = [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    result = run("report", *paths, "--out", tmp_path / "review", "--lang", "zh")
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "review" / "sheets").iterdir()) == ["AP-107.html", "AP-107.md"]
    notice = list(csv.reader((tmp_path / "review" / "notice.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[1] for r in notice[1:]] == ["AP-107"]
    overview = (tmp_path / "review" / "overview.md").read_text(encoding="utf-8")
    assert "- 申报人：2 人（已评定 1 人，无法评定 1 人）" in overview
    summary = list(csv.reader((tmp_path / "review" / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(r[0], r[2]) for r in summary[1:]] == [("AP-107", str(tmp_path / "a.yaml")),
                                                   ("AP-107", str(tmp_path / "b.yaml"))]  # the repeat's id is known
    assert (f"| {tmp_path / 'b.yaml'}（陈静） | 申报人编号 'AP-107' 已在 {tmp_path / 'a.yaml'} 中出现：此处不予评定（那里截止日期为 "
            "2025-12-31，这里为 2026-06-30：一轮评审对每位申报人只作一个决定；要看另一日期的假设结果，请用 certify "
            "check） |") in overview
    english = run("report", *paths, "--out", tmp_path / "review-en", "--lang", "en")
    assert (f"| {tmp_path / 'b.yaml'} (陈静) | applicant id 'AP-107' is already given in {tmp_path / 'a.yaml'}: this one "
            "is not judged (as of 2025-12-31 there, 2026-06-30 here: a review cycle makes one decision per "
            "applicant; for a what-if on another date, use certify check) |") in (
        tmp_path / "review-en" / "overview.md").read_text(encoding="utf-8")
    assert english.exit_code == 2

    what_if = run("check", *paths, "--format", "jsonl")
    assert what_if.exit_code == 0
    assert [(r["applicant_id"], r["as_of"]) for r in jsonl(what_if.stdout)] == [("AP-107", "2025-12-31"),
                                                                               ("AP-107", "2026-06-30")]


def test_a_chinese_cycle_is_told_in_chinese_down_to_the_charts_tooltips_and_the_last_line(tmp_path):
    template = run("template", "--xlsx", tmp_path / "cycle.xlsx", "--lang", "zh")
    assert template.stderr == (f"已写入 {tmp_path / 'cycle.xlsx'}：请填写各工作表（notes 工作表说明每一列），"
                               f"然后运行：certify report {tmp_path / 'cycle.xlsx'} --out 目录\n")
    report = run("report", ROOT / "applicants", "--out", tmp_path / "review", "--lang", "zh")
    assert report.stderr.splitlines()[-1] == f"已写入 {tmp_path / 'review'}：11 份评审表、汇总表、公示名单和 index.html"
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    tooltips = {t.split("：")[0] for t in re.findall(r"<title>([^<]*：\d+)</title>", index)}  # 待核实：2, full-width
    assert tooltips == {"人数", "不符合", "待核实"} and not re.search(r"<title>[^<]*: \d+</title>", index)
    english = run("report", ROOT / "applicants", "--out", tmp_path / "review-en", "--lang", "en")
    assert english.stderr.splitlines()[-1] == (f"wrote {tmp_path / 'review-en'}: 11 review sheets, the summary, "
                                               "the public notice and index.html")
    index = (tmp_path / "review-en" / "index.html").read_text(encoding="utf-8")
    assert {t.split(":")[0] for t in re.findall(r"<title>([^<]*: \d+)</title>", index)} == {"applicants", "fail",
                                                                                            "review"}


def test_the_same_cycle_gives_the_same_documents_byte_for_byte_workbook_included(tmp_path):
    # openpyxl wrote the time of saving into summary.xlsx (its properties and every zip entry).
    from certify.synthetic import write_dossier_files

    write_dossier_files(tmp_path / "cycle", 70, seed=11)  # enough for --jobs 2 to start its workers
    first = run("report", tmp_path / "cycle", "--out", tmp_path / "one", "--jobs", "1", "-q")
    time.sleep(1.1)  # a zip file dates its entries to the second
    second = run("report", tmp_path / "cycle", "--out", tmp_path / "two", "--jobs", "2", "-q")
    assert first.exit_code == second.exit_code != 2
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert Path("summary.xlsx") in files
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    book = load_workbook(tmp_path / "one" / "summary.xlsx")  # still a workbook, whole
    assert book.worksheets[0].max_row == 71


@pytest.mark.parametrize("lang, words", [("en", "a whole number 1-{}"), ("zh", "申报级别，1-{} 的整数")])
def test_the_workbook_notes_say_the_levels_of_the_standard_it_is_for(tmp_path, lang, words):
    three = tmp_path / "acme-2024.yaml"
    three.write_text(THREE_LEVELS, encoding="utf-8")

    def notes(*more):
        path = tmp_path / "cycle.xlsx"
        assert run("template", "--xlsx", path, "--lang", lang, "--force", *more).exit_code == 0
        return " ".join(str(c) for row in load_workbook(path)["notes"].iter_rows(values_only=True) for c in row)

    assert words.format(4) in notes()  # the bundled standard: 4 levels
    text = notes("--ruleset", three)
    assert words.format(3) in text and words.format(4) not in text
    # and their names, which a cell may hold instead: HR filling a sheet for another standard reads them here
    named = {"en": "or the level's name: 1 Grade 1, 2 Grade 2, 3 Grade 3)",
             "zh": "或级别的名称：1级 第1档、2级 第2档、3级 第3档）"}[lang]
    assert named in text and "Account Manager" not in text and "客户经理" not in text


def test_the_chinese_workbook_notes_use_the_explanations_terms(tmp_path):
    # The amount is 项目金额 as every explanation says it; an empty cell is 空单元格 (空格 is a space).
    path = tmp_path / "cycle.xlsx"
    assert run("template", "--xlsx", path, "--lang", "zh").exit_code == 0
    text = " ".join(str(c) for row in load_workbook(path)["notes"].iter_rows(values_only=True) for c in row)
    assert "项目金额（元）" in text and "合同金额" not in text
    assert text.count("空单元格按“否”计") == 2 and "空格按" not in text
    assert "须有此列" in text and "列必须有" not in text


def test_the_workbook_and_the_dossier_template_say_an_end_date_alike_in_chinese(tmp_path):
    # HR fill the workbook, applicants the YAML: one wording of the inclusive last day (含当日), not two.
    assert run("template", "--xlsx", tmp_path / "t.xlsx", "--lang", "zh").exit_code == 0
    notes = [str(v) for row in load_workbook(tmp_path / "t.xlsx")["notes"].iter_rows(values_only=True) for v in row if v]
    yaml_text = run("init", "--lang", "zh").stdout
    assert any("结束日期（含当日）" in note for note in notes) and "结束日期（含当日）" in yaml_text
    assert not [text for text in (*notes, yaml_text) if "含当天" in text]


def test_a_sheet_named_close_to_one_that_is_read_is_said_not_read(tmp_path, monkeypatch):
    # A misspelt copy beside the real sheet (employmnet, or a backup employment (2)) had been passed over in silence.
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(EXAMPLES[0])], "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book.copy_worksheet(book["employment"]).title = "employmnet"
    book.copy_worksheet(book["projects"]).title = "项目经历 (2)"
    book.create_sheet("汇总说明")  # a sheet of HR's own, not close to any: not said
    book.save("cycle.xlsx")
    result = run("check", "cycle.xlsx", "--format", "jsonl")
    assert result.exit_code == 0 and len(jsonl(result.stdout)) == 1
    assert [line for line in result.stderr.splitlines() if "was not read" in line] == [
        "note: cycle.xlsx, sheet 'employmnet' was not read (it is not a sheet certify reads; 'employment' is read)",
        "note: cycle.xlsx, sheet '项目经历 (2)' was not read (it is not a sheet certify reads; 'projects' is read)"]
    zh = run("check", "cycle.xlsx", "--lang", "zh").stderr
    assert "注意：cycle.xlsx 的工作表“employmnet”未被读取（它不是 certify 读取的工作表；读取的是“employment”）" in zh


def test_a_sheet_renamed_but_headed_as_one_that_is_missing_is_an_error_not_a_section_passed_over(tmp_path, monkeypatch):
    # HR renamed projects to 项目信息: read as a workbook without projects, every applicant went to review, the
    # sheet's rows in neither the summary nor the errors.
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(EXAMPLES[0])], "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book["projects"].title = "项目信息"
    book.save("cycle.xlsx")
    result = run("check", "cycle.xlsx", "--format", "jsonl")
    assert result.exit_code == 2
    assert jsonl(result.stdout)[0]["error"] == (
        "sheet '项目信息' has the headers of the projects sheet (row 1), which the workbook lacks: name it 'projects' "
        "(or '项目经历'); nothing in this set was judged")
    zh = jsonl(run("check", "cycle.xlsx", "--format", "jsonl", "--lang", "zh").stdout)[0]["error"]
    assert zh == ("工作表 '项目信息' 有项目经历表的列名（第1行），而工作簿中没有项目经历表：请将其命名为 'projects'（或 '项目经历'）；"
                  "整套表格均未评定")


def test_a_sheet_headed_as_one_that_is_read_is_said_not_read_whatever_its_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(EXAMPLES[0])], "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book.copy_worksheet(book["employment"]).title = "Sheet1"  # a copy HR typed new jobs into
    other = book.create_sheet("统计")  # a sheet of HR's own with the id and an amount: no sheet's headers
    other.append(["申报人编号", "金额"])
    book.save("cycle.xlsx")
    result = run("check", "cycle.xlsx", "--format", "jsonl")
    assert result.exit_code == 0 and len(jsonl(result.stdout)) == 1
    assert [line for line in result.stderr.splitlines() if "was not read" in line] == [
        "note: cycle.xlsx, sheet 'Sheet1' was not read (it is not a sheet certify reads; 'employment' is read)"]


def test_a_sheet_of_hr_s_own_that_is_damaged_inside_does_not_keep_the_workbook_from_being_judged(tmp_path,
                                                                                                 monkeypatch):
    # Its first rows are read to see whether it is a sheet renamed; a sheet not read had never been parsed at all.
    import zipfile

    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx").exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(EXAMPLES[0])], "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book.create_sheet("汇总").append(["申报人编号", "学历", "毕业时间"])
    book.save("cycle.xlsx")
    with zipfile.ZipFile("cycle.xlsx") as src, zipfile.ZipFile("damaged.xlsx", "w") as out:
        part = f"xl/worksheets/sheet{len(book.sheetnames)}.xml"
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[: len(data) // 2] if item.filename == part else data)
    result = run("check", "damaged.xlsx", "--format", "jsonl")
    assert result.exit_code == 0 and len(jsonl(result.stdout)) == 1


@pytest.mark.parametrize("damage", [b"", b"\xff\xff\n"])
def test_a_csv_file_renamed_but_headed_as_a_sheet_that_is_missing_is_an_error(tmp_path, damage):
    # Damaged below its header too (a byte neither UTF-8 nor GB18030), it was passed over unread: everyone was judged
    # with no projects given, the file's rows in no document.
    folder = tmp_path / "hr"
    write_csv_set(folder, [load_dossier(EXAMPLES[0])])
    (folder / "projects.csv").rename(folder / "项目信息.csv")
    with open(folder / "项目信息.csv", "ab") as f:
        f.write(damage)
    result = run("check", folder, "--format", "jsonl")
    assert result.exit_code == 2
    assert jsonl(result.stdout)[0]["error"] == (
        "sheet '项目信息.csv' has the headers of the projects sheet (row 1), which the folder lacks: name it "
        "'projects.csv' (or '项目经历.csv'); nothing in this set was judged")


def test_markdown_documents_show_the_rulesets_words_as_written(tmp_path):
    # A level's name, the title and the version are a rule author's words: a | split a table row, *…* read as
    # italics, in the overview, the notice, the review sheets, check's Markdown and explain's footer.
    from markdown_it import MarkdownIt

    text = (ROOT / "rulesets" / "kam-2014.yaml").read_text(encoding="utf-8")
    text = (text.replace('version: "2014.1"', 'version: "2014.1 *draft*"')
            .replace("en: Key-account sales qualification standard (2014 edition)", "en: 'Standard *A* #'")
            .replace("{zh: 销售代表, en: Sales Representative}", "{zh: 销售代表, en: 'Sales | *Rep*'}"))
    (tmp_path / "rs.yaml").write_text(text, encoding="utf-8")
    dossier = (ROOT / "applicants" / "zhao-lei.yaml").read_text(encoding="utf-8").replace("target_level: 2", "target_level: 1")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_text(dossier, encoding="utf-8")
    assert run("report", tmp_path / "in", "--ruleset", tmp_path / "rs.yaml", "--out", tmp_path / "out", "-q",
               "--lang", "en").exit_code == 0
    viewer = MarkdownIt("commonmark").enable(["table"])
    documents = [(tmp_path / "out" / name).read_text(encoding="utf-8")
                 for name in ("overview.md", "notice.md", "sheets/AP-103.md")]
    documents.append(run("check", tmp_path / "in" / "a.yaml", "--ruleset", tmp_path / "rs.yaml",
                         "--format", "markdown", "--lang", "en").stdout)
    documents.append(run("explain", tmp_path / "rs.yaml", "--format", "markdown", "--lang", "en").stdout)
    for markdown in documents:
        tokens, rows = viewer.parse(markdown), []
        for t in tokens:  # each table keeps one number of cells a row
            rows = [] if t.type == "table_open" else rows + [0] if t.type == "tr_open" else rows
            rows[-1:] = [rows[-1] + 1] if t.type in ("td_open", "th_open") else rows[-1:]
            assert t.type != "table_close" or len(set(rows)) == 1
        inlines = [(t.content, "".join(c.content for c in t.children)) for t in tokens if t.type == "inline"]
        for raw, shown in inlines:
            for mark, words in (("Rep", "Sales | *Rep*"), ("Standard ", "Standard *A* #"), ("draft", "2014.1 *draft*")):
                assert mark not in raw or words in shown
        assert any("Rep" in raw for raw, _ in inlines)


@pytest.mark.parametrize("lang, ctrl_c, terminated", [
    ("en", "Aborted (Ctrl-C): stopped before the end.", "Aborted (terminated): stopped before the end."),
    ("zh", "已中止（Ctrl-C）：命令未运行完毕。", "已中止（收到终止信号）：命令未运行完毕。"),
])
def test_an_interrupted_report_ends_with_its_line_in_the_language_asked_for(tmp_path, monkeypatch, lang, ctrl_c,
                                                                            terminated):
    import certify.cli.committee as committee
    from certify.cli import Terminated

    for stop, status, line in [(KeyboardInterrupt, 130, ctrl_c), (Terminated, 143, terminated)]:
        def stopped(*args, stop=stop, **kw):
            raise stop

        monkeypatch.setattr(committee, "write_documents", stopped)
        result = run("report", EXAMPLES[0], "--out", tmp_path / "review", "--lang", lang, "-q")
        assert result.exit_code == status
        assert result.stderr.splitlines()[-1] == line
        assert not (tmp_path / "review").exists()


# The committee's meeting after the first report: 赵磊 (AP-103, computed level 1, applied for 2) is granted
# level 2; 何欣 (AP-106, passes level 3 applied for) is denied level 3; 刘洋 (AP-101, passes level 1) level 1.
DECIDED = COMMITTEE + """\
  - applicant: AP-106
    level: 3
    decision: 不予认定
    reason: 项目验收材料与合同金额不符，待复核
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第5号
    date: 2026-12-20
  - applicant: AP-101
    level: 1
    decision: deny
    reason: 学历证明未能核实
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第6号
    date: 2026-12-20
"""


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))


def _index_rows(path: Path) -> list[list[str]]:
    """index.html's list of review sheets, as its reader sees it: a row of cell texts a line."""
    from html import unescape
    table = re.search(r'<table class="applicants">(.*?)</table>', path.read_text(encoding="utf-8"), re.S).group(1)
    return [[unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<t[hd]>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table)]


def test_the_summary_workbook_holds_the_as_of_date_as_a_date_the_csv_as_text(tmp_path):
    # The committee filters and sorts summary.xlsx by the as-of date (Excel's date filter: a year, a month): a date
    # cell, shown as the CSV writes it. The CSV, for programs, keeps the text.
    result = run("report", ROOT / "applicants", "--out", tmp_path / "review", "--lang", "en", "-q")
    assert result.exit_code == 2  # applicants/ holds a dossier that cannot be judged
    ws = load_workbook(tmp_path / "review" / "summary.xlsx").worksheets[0]
    summary = _csv(tmp_path / "review" / "summary.csv")
    assert ws["D1"].value == summary[0][3] == "as of"
    cells, texts = [row[3] for row in ws.iter_rows(min_row=2)], [row[3] for row in summary[1:]]
    assert len(cells) == len(texts) == 12 and texts.count("") == 1  # the dossier that could not be judged has none
    for cell, text in zip(cells, texts):
        if text:
            assert cell.is_date and cell.number_format == "yyyy-mm-dd" and cell.value.date().isoformat() == text
        else:
            assert cell.value is None


def test_report_with_the_committees_decisions_shows_them_and_lists_the_notice_as_decided(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("committee.yaml").write_text(DECIDED, encoding="utf-8")
    assert run("report", ROOT / "applicants", "--out", "before", "--lang", "zh", "-q").exit_code == 2
    result = run("report", ROOT / "applicants", "--out", "after", "--overrides", "committee.yaml", "--lang", "zh")
    assert result.exit_code == 2  # applicants/ holds a dossier that cannot be judged, as without decisions

    # The summary: every computed column as it was, the decisions in one more column.
    before, after = _csv(Path("before/summary.csv")), _csv(Path("after/summary.csv"))
    assert before[0] == ["申报人编号", "姓名", "文件", "截止日期", "认定级别", "认定级别名称", "1级", "2级", "3级", "4级",
                         "申报级别", "申报级别结果", "错误", "截止日期晚于今天"]
    assert [row[:-1] for row in after] == before and after[0][-1] == "评审委员会决定"
    decided = {row[0]: row[-1] for row in after[1:]}
    assert decided["AP-103"] == "2级 破格/特批（评审委员会纪要 2026-12 第3号）"
    assert decided["AP-106"] == "3级 不予认定（评审委员会纪要 2026-12 第5号）"
    assert decided["AP-102"] == ""
    sheet = load_workbook("after/summary.xlsx").worksheets[0]
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][-1] == "评审委员会决定" and ["AP-103", "2级 破格/特批（评审委员会纪要 2026-12 第3号）"] in \
        [[row[0], row[-1]] for row in rows]
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(rows[0])).column_letter}{len(rows)}"

    # The review sheet: the decision under the qualified level, as check's explanation says it; nothing computed changes.
    md = Path("after/sheets/AP-103.md").read_text(encoding="utf-8")
    assert ("- 认定级别：1级 销售代表\n- 申报级别：2级 客户经理（不符合）\n- 评审委员会决定：2级 破格/特批：主导省级重点项目，"
            "销售年限差3个月。批准人 评审委员会主任 王建国，依据 评审委员会纪要 2026-12 第3号，日期 2026-12-20\n") in md
    assert "<dt>评审委员会决定</dt><dd>3级 不予认定：项目验收材料与合同金额不符" in \
        Path("after/sheets/AP-106.html").read_text(encoding="utf-8")
    assert Path("before/sheets/AP-102.md").read_bytes() == Path("after/sheets/AP-102.md").read_bytes()

    # The notice: the granted applicant at the level granted, marked; the denied ones lower, or gone.
    was = {row[1]: row[3] for row in _csv(Path("before/notice.csv"))[1:]}
    now = {row[1]: row[3] for row in _csv(Path("after/notice.csv"))[1:]}
    assert "AP-103" not in was and now["AP-103"] == "2级 客户经理（破格/特批）"
    assert was["AP-106"] == "3级 高级客户经理" and now["AP-106"] == "2级 客户经理"
    assert was["AP-101"] == "1级 销售代表" and "AP-101" not in now
    assert {k: v for k, v in now.items() if k not in ("AP-103", "AP-106")} == \
        {k: v for k, v in was.items() if k not in ("AP-103", "AP-106", "AP-101")}
    assert "| AP-103 | 赵\\* | 2级 客户经理（破格/特批） |" in Path("after/notice.md").read_text(encoding="utf-8")
    notice = Path("after/notice.html").read_text(encoding="utf-8")
    assert "2级 客户经理（破格/特批）" in notice and "评审委员会不予认定的级别不列出" in notice and "赵磊" not in notice

    # The overview and the index count the decisions.
    assert "- 评审委员会决定：破格/特批 1 条，不予认定 2 条\n" in Path("after/overview.md").read_text(encoding="utf-8")
    assert "<dt>评审委员会决定</dt><dd>破格/特批 1 条，不予认定 2 条</dd>" in Path("after/index.html").read_text(encoding="utf-8")
    assert "评审委员会决定" not in Path("before/overview.md").read_text(encoding="utf-8")

    # The index lists the decisions beside each review sheet, as the summary words them; without them, no column.
    assert _index_rows(Path("before/index.html"))[0] == ["申报人编号", "姓名", "认定级别", "申报级别", ""]
    index = _index_rows(Path("after/index.html"))
    assert index[0] == ["申报人编号", "姓名", "认定级别", "申报级别", "评审委员会决定", ""]
    listed = {row[0]: row[4] for row in index[1:]}
    assert listed["AP-103"] == "2级 破格/特批（评审委员会纪要 2026-12 第3号）" == decided["AP-103"]
    assert listed["AP-106"] == decided["AP-106"] and listed["AP-102"] == ""
    [error] = [row for row in index if row[-1].startswith("错误：")]  # the dossier that cannot be judged
    assert error[:5] == ["", "", "", "", ""] and {len(row) for row in index} == {6}


def test_an_english_report_marks_a_grant_on_the_notice_as_the_committees(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("committee.csv").write_text((ROOT / "docs/examples/committee-2026-12.csv").read_text(encoding="utf-8-sig"),
                                     encoding="utf-8")
    result = run("report", ROOT / "applicants", "--out", "review", "--overrides", "committee.csv", "--lang", "en")
    assert result.exit_code == 2
    assert _csv(Path("review/summary.csv"))[0][-1] == "committee override"
    assert ["AP-103", "赵*", "2 Account Manager (committee grant)"] in [r[1:] for r in _csv(Path("review/notice.csv"))]
    assert "- COMMITTEE OVERRIDE: L3 deny: " in Path("review/sheets/AP-110.md").read_text(encoding="utf-8")
    assert "- committee override: grant 1, deny 1\n" in Path("review/overview.md").read_text(encoding="utf-8")
    index = _index_rows(Path("review/index.html"))
    assert index[0] == ["id", "name", "qualified level", "target level", "committee override", ""]
    assert ["AP-103", "赵磊", "1 Sales Representative", "2 fail", "L2 grant (评审委员会纪要 2026-12 第3号)", ".md"] in index


def _facts(path: Path) -> dict[str, str]:
    """The facts at the head of an HTML document (the index, a review sheet), as its reader sees them."""
    from html import unescape
    text = path.read_text(encoding="utf-8")
    return {unescape(k): unescape(v) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", text)}


@pytest.mark.parametrize("lang, label, said", [
    ("en", "committee's decisions file", "decisions/committee-2026-12.yaml (sha256 {h})"),
    ("zh", "评审委员会决定文件", "decisions/committee-2026-12.yaml（sha256 {h}）"),
])
def test_a_report_with_decisions_names_their_file_and_its_sha256(tmp_path, monkeypatch, lang, label, said):
    # An auditor ties the overview and each signed review sheet to the decisions file they were made with:
    # `sha256sum` of the file kept gives the digest the documents show, as the ruleset's, by its first 12 digits.
    monkeypatch.chdir(tmp_path)
    Path("decisions").mkdir()
    Path("decisions/committee-2026-12.yaml").write_text(DECIDED, encoding="utf-8")
    digest = hashlib.sha256(Path("decisions/committee-2026-12.yaml").read_bytes()).hexdigest()
    line = said.format(h=digest[:12])
    result = run("report", ROOT / "applicants", "--out", "after", "--overrides", "decisions/committee-2026-12.yaml",
                 "--lang", lang, "-q")
    assert result.exit_code == 2 and "Traceback" not in result.output  # applicants/ holds a dossier not judged
    assert run("report", ROOT / "applicants", "--out", "before", "--lang", lang, "-q").exit_code == 2

    # The overview and the index: beside the count of the decisions, under the standard and its sha256.
    overview = Path("after/overview.md").read_text(encoding="utf-8")
    facts = [ln for ln in overview.splitlines() if ln.startswith("- ")]
    colon = "：" if lang == "zh" else ": "
    assert facts[-1] == f"- {label}{colon}{line}"
    assert _facts(Path("after/index.html"))[label] == line
    assert digest[:12] not in Path("before/overview.md").read_text(encoding="utf-8")
    assert label not in _facts(Path("before/index.html"))

    # Each review sheet of an applicant with decisions: after its decisions; the others' sheets as without them.
    for ident in ("AP-103", "AP-106"):
        md = Path(f"after/sheets/{ident}.md").read_text(encoding="utf-8").splitlines()
        said_at = md.index(f"- {label}{colon}{line}")
        assert md[said_at - 1].startswith("- COMMITTEE OVERRIDE: " if lang == "en" else "- 评审委员会决定：")
        assert _facts(Path(f"after/sheets/{ident}.html"))[label] == line
        assert label not in Path(f"before/sheets/{ident}.md").read_text(encoding="utf-8")
        assert label not in _facts(Path(f"before/sheets/{ident}.html"))
    for name in ("AP-102.md", "AP-102.html"):
        assert Path(f"before/sheets/{name}").read_bytes() == Path(f"after/sheets/{name}").read_bytes()


@pytest.mark.parametrize("change, said", [
    (("AP-103", "AP-1O3"), "错误：committee.yaml:2：第1条：本次评定的申报材料中没有申报人 'AP-1O3'（是否应为 'AP-103'？）\n"),
    (("level: 2", "level: 7"), "错误：committee.yaml:2：第1条：级别 7 不是 kam-2014 2014.1 的级别（1-4）\n"),
    (("decision: 破格", "decision: grnat"), None),
])
def test_an_error_in_the_decisions_file_stops_the_report_before_anything_is_written(tmp_path, monkeypatch, change,
                                                                                     said):
    monkeypatch.chdir(tmp_path)
    Path("committee.yaml").write_text(COMMITTEE.replace(*change), encoding="utf-8")
    result = run("report", ROOT / "applicants", "--out", "review", "--overrides", "committee.yaml", "--lang", "zh",
                 "-q")
    assert result.exit_code == 2
    assert result.stderr == said if said else result.stderr.startswith("错误：committee.yaml:2：第1条：")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["committee.yaml"]  # no folder, nor a temporary one


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_decision_for_an_applicant_who_could_not_be_judged_says_so_not_that_they_are_missing(tmp_path, monkeypatch,
                                                                                               command):
    # E2 is in the workbook, but a cell of theirs cannot be read: the decision is not about an id that is not
    # there (a typo to look for), but about an applicant with an error row, which the command names.
    from sheetdata import level_2

    monkeypatch.chdir(tmp_path)
    level_2(tmp_path / "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book["education"]["C3"] = "2012年7月"
    book.save("cycle.xlsx")
    Path("committee.yaml").write_text(COMMITTEE.replace("AP-103", "E2").replace("level: 2", "level: 1"),
                                      encoding="utf-8")
    out = ["--out", "review"] if command == "report" else []
    result = run(command, "cycle.xlsx", *out, "--overrides", "committee.yaml", "--lang", "zh", "-q")
    assert result.exit_code == 2 and result.stdout == ""
    said = "".join(sentences(result.stderr))
    assert said.startswith("错误：committee.yaml:2：第1条：申报人 'E2' 在本批次中无法评定（cycle.xlsx#E2：[education] 第3行"
                           "“毕业时间”列：")
    assert "本次评定的申报材料中没有申报人" not in said and said.endswith("：评审委员会决定须对应一项判定结果；请先改正该错误，或删去此条决定")
    english = run(command, "cycle.xlsx", *out, "--overrides", "committee.yaml", "--lang", "en", "-q").stderr
    assert english.startswith("Error: committee.yaml:2: entry 1: applicant 'E2' could not be evaluated in this batch "
                              "(cycle.xlsx#E2: [education] row 3, column 毕业时间: ")
    assert "not in the batch" not in english
    assert sorted(p.name for p in tmp_path.iterdir()) == ["committee.yaml", "cycle.xlsx"]  # no documents written


def test_a_decision_for_an_applicant_whose_id_is_given_again_stays_beside_the_verdict(tmp_path, monkeypatch):
    # The repeat is an error row that names whose it is; the decision is shown beside the one verdict only.
    monkeypatch.chdir(tmp_path)
    Path("committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    Path("again.yaml").write_text((ROOT / "applicants" / "zhao-lei.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", ROOT / "applicants", "again.yaml", "--overrides", "committee.yaml", "--format", "csv")
    assert result.exit_code == 2, result.output
    rows = [r for r in csv.DictReader(result.stdout.splitlines()) if r["applicant_id"] == "AP-103"]
    assert [(r["name"], r["error"] != "", r["overrides"]) for r in rows] == [
        ("赵磊", False, "L2 grant (评审委员会纪要 2026-12 第3号)"), ("赵磊", True, "")]


def test_rows_of_an_id_missing_from_applicants_ask_whether_an_id_given_twice_there_is_it(tmp_path, monkeypatch):
    # HR copied E1's id onto E2's row of applicants: E1 is given twice, and E2's rows in the other sheets belong
    # to no applicant. The error on E2's rows asks whether one of E1's rows is E2's, where the fix is made.
    from sheetdata import level_2

    monkeypatch.chdir(tmp_path)
    level_2(tmp_path / "cycle.xlsx")
    book = load_workbook("cycle.xlsx")
    book["applicants"]["A3"] = "E1"
    book.save("cycle.xlsx")
    lines = run("validate", "cycle.xlsx", "--lang", "en").stdout.splitlines()
    assert lines[-1] == ("cycle.xlsx#E2: [education] row 3, column 申报人编号: applicant 'E2' is not in the applicants "
                         "sheet: its 3 rows are not judged (the applicants sheet gives 'E1' on rows 2, 3: is one of "
                         "those rows 'E2'?)")
    zh = run("validate", "cycle.xlsx", "--lang", "zh").stdout.splitlines()
    assert zh[-1] == ("cycle.xlsx#E2：[education] 第3行“申报人编号”列：申报人 'E2' 不在申报人表中：这 3 行不予评定"
                      "（申报人表中 'E1' 出现在第2、3行：其中是否有一行应为 'E2'？）")
    # With no id given twice, the error is as it was.
    book["applicants"]["A3"] = "E3"
    book.save("cycle.xlsx")
    assert run("validate", "cycle.xlsx", "--lang", "en").stdout.splitlines()[-1].endswith("its 3 rows are not judged")


def test_an_applicants_row_without_an_id_is_named_by_the_name_it_gives(tmp_path, monkeypatch):
    # HR left one applicant's id out: the error row is the only trace of that person, so it shows the name the
    # row gives, wherever the error is shown, as it would beside an id.
    monkeypatch.chdir(tmp_path)
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,target_level,as_of\nC1,Wang Wei,1,2025-12-31\n,吕娜一,2,2025-12-31\n",
                                       encoding="utf-8")
    said = "applicants.csv row 3, column id: no applicant id: this row is not judged"
    validate = run("validate", "hr").stdout.splitlines()
    assert validate == ["hr/applicants.csv#C1: ok", f"hr/applicants.csv (吕娜一): {said}"]
    table = run("check", "hr").stdout.splitlines()
    assert table[3].split() == ["hr/applicants.csv", "吕娜一", "error", "(1)"]
    assert f"  (1) hr/applicants.csv (吕娜一): {said}" in table
    [_, record] = jsonl(run("check", "hr", "--format", "jsonl").stdout)
    assert record == {"file": "hr/applicants.csv", "error": said, "applicant_name": "吕娜一"}
    [_, row] = list(csv.DictReader(run("check", "hr", "--format", "csv").stdout.splitlines()))
    assert (row["applicant_id"], row["name"]) == ("", "吕娜一")
    zh = run("validate", "hr", "--lang", "zh").stdout.splitlines()
    assert zh == ["hr/applicants.csv#C1：格式正确",  # the file and its message parted as check's error row parts them
                  "hr/applicants.csv（吕娜一）：applicants.csv 第3行“id”列：没有申报人编号：此行不予评定"]
    assert "  （1）hr/applicants.csv（吕娜一）：applicants.csv 第3行“id”列：没有申报人编号：此行不予评定" in run(
        "check", "hr", "--lang", "zh").stdout.splitlines()
    assert run("report", "hr", "--out", "review", "-q").exit_code == 2
    ws = load_workbook("review/summary.xlsx").worksheets[0]
    assert [c.value for c in ws[3][:3]] == [None, "吕娜一", "hr/applicants.csv"]
    assert f"| hr/applicants.csv (吕娜一) | {said} |" in Path("review/overview.md").read_text(encoding="utf-8")
    # A totals row is no applicant: what its name cell says (a count) is not shown as a name.
    (hr / "applicants.csv").write_text("id,name\nC1,Wang Wei\n合计,1人\n", encoding="utf-8")
    assert "(1人)" not in run("validate", "hr").stdout


def test_a_dossier_file_with_several_problems_is_named_by_its_first_and_counted_as_a_spreadsheet_applicant_is(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("three.yaml").write_text("applicant: {id: D1, name: 示例甲, target_level: 2}\nas_of: 2025-06-30\n"
                                  "education:\n  - {degree: bachelr, graduated: 2015-07-01}\n"
                                  "employment:\n  - {start: 2015-13-01, sales: true, it: true}\n"
                                  "projects:\n  - {name: P, role: lead, status: complete}\n", encoding="utf-8")
    Path("two.json").write_text('{"applicant": {"id": "D2", "nme": "x"}, "education": [{"degree": "bachelr", '
                                '"graduated": "2015-07-01"}]}', encoding="utf-8")
    first = "education[0].degree: unknown degree 'bachelr' (did you mean 'bachelor'?)"
    errors = {"three.yaml": f"{first} (and 2 more problems: certify validate lists them)",
              "two.json": "applicant: unknown key 'nme' (did you mean 'name'?) (and 1 more problem: certify validate "
                          "lists it)"}
    assert len(run("validate", "three.yaml").stdout.splitlines()) == 3  # what the count points at
    for jobs in ("1", "2"):
        table = run("check", "three.yaml", "two.json", "--format", "table", "--jobs", jobs)
        assert table.exit_code == 2
        listed = table.stdout.split("Could not be evaluated:\n")[1].splitlines()
        assert listed == [f"  (1) three.yaml:4: {errors['three.yaml']}", f"  (2) two.json: {errors['two.json']}"]
        records = jsonl(run("check", "three.yaml", "two.json", "--format", "jsonl", "--jobs", jobs).stdout)
        assert records == [{"file": f, "error": e} for f, e in errors.items()]
    rows = list(csv.DictReader(io.StringIO(run("check", "three.yaml", "--format", "csv").stdout)))
    assert rows[0]["error"] == errors["three.yaml"]
    zh = run("check", "three.yaml", "two.json", "--format", "table", "--lang", "zh").stdout
    assert ("（1）three.yaml:4：education[0].degree: 未知的学历 'bachelr'（是否应为 'bachelor'？）"
            "（另有 2 处问题：certify validate 会逐一列出）") in zh
    assert run("report", "three.yaml", "two.json", "--out", "review", "-q").exit_code == 2
    summary = list(csv.DictReader(io.StringIO(Path("review/summary.csv").read_text(encoding="utf-8-sig"))))
    assert [row["error"] for row in summary] == list(errors.values())
    # One problem is said as it always was: the error row of the README's `certify check applicants/`.
    alone = run("check", ROOT / "applicants", "--format", "table").stdout.split("Could not be evaluated:\n")[1]
    assert alone.splitlines()[0].endswith("invalid-misspelt-key.yaml:6: unknown key 'employmnet' (did you mean "
                                          "'employment'?)")


@pytest.mark.parametrize("lang, then", [("en", "then run: certify report {p} --ruleset {r} --out DIR"),
                                        ("zh", "然后运行：certify report {p} --ruleset {r} --out 目录")])
def test_the_workbook_for_another_standard_says_to_judge_it_by_that_standard(tmp_path, lang, then):
    other = ROOT / "tests" / "rulesets" / "other" / "mm-ism-2021.yaml"  # five levels: a 5 in 申报级别 is the bundled one's error
    path = tmp_path / "cycle.xlsx"
    result = run("template", "--xlsx", path, "--lang", lang, "--ruleset", other)
    assert result.exit_code == 0 and result.stderr.endswith(then.format(p=path, r=other) + "\n")
    to_stdout = run("template", "--xlsx", "-", "--lang", lang, "--ruleset", other)
    assert to_stdout.stderr.endswith(then.format(p="文件.xlsx" if lang == "zh" else "FILE.xlsx", r=other) + "\n")


def test_a_standard_whose_path_holds_a_space_is_named_so_a_shell_reads_it_whole(tmp_path):
    # The command to run next is one to copy: a path with a space in it is quoted, or the shell would split it.
    other = tmp_path / "our standards" / "mm-ism 2021.yaml"
    other.parent.mkdir()
    other.write_bytes((ROOT / "tests" / "rulesets" / "other" / "mm-ism-2021.yaml").read_bytes())
    result = run("template", "--xlsx", tmp_path / "cycle.xlsx", "--ruleset", other)
    assert result.exit_code == 0
    assert result.stderr.endswith(f"then run: certify report {tmp_path / 'cycle.xlsx'} --ruleset '{other}' --out DIR\n")
    said = run("init", tmp_path / "mine.yaml", "--ruleset", other).stderr.strip().split("then run: ", 1)[1]
    assert shlex.split(said)[-1] == str(other)


def test_a_workbook_or_dossier_whose_path_holds_a_space_is_named_so_in_the_command_to_run_next(tmp_path):
    folder = tmp_path / "cycle 2025"
    folder.mkdir()
    for command, name, then in (("template", "汇总 表.xlsx", ["certify", "report", "{p}", "--out", "DIR"]),
                                ("init", "my dossier.yaml", ["certify", "validate", "{p}"])):
        path = folder / name
        result = run(command, *(["--xlsx"] if command == "template" else []), path)
        assert result.exit_code == 0, result.output
        said = result.stderr.strip().split("then run: ", 1)[1]
        assert shlex.split(said) == [word.format(p=path) for word in then]



@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_summary_line_counts_a_workbooks_applicants_as_applicants_and_dossier_files_as_dossiers(
        tmp_path, monkeypatch, lang):
    # A secretary's workbook holds applicants, not dossier files: validate's and check's last line say so, and
    # name both where a batch holds both.
    monkeypatch.chdir(tmp_path)
    assert run("template", "--xlsx", "template.xlsx", "--lang", lang).exit_code == 0
    fill_workbook("template.xlsx", [load_dossier(p) for p in EXAMPLES[:3]], "cycle.xlsx")
    (tmp_path / "late.yaml").write_text("applicant: {id: X1}\nemployment: [{strat: 2020-01-01}]\n", encoding="utf-8")
    workbook = run("validate", "cycle.xlsx", "--lang", lang)
    both = run("validate", "cycle.xlsx", "late.yaml", "--lang", lang)
    checked = run("check", "cycle.xlsx", "late.yaml", "--lang", lang, "--format", "jsonl")
    short, held = _targets_not_passed([r for line in checked.stdout.splitlines()
                                       if (r := json.loads(line)).get("target_level")])
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    unread = run("validate", "broken.xlsx", "--lang", lang)
    unfilled = run("validate", "template.xlsx", "--lang", lang).stderr  # its example rows are notes, no applicant
    # A workbook with no applicant is said, as a folder with no dossier is: a blank template, a wrong copy.
    assert unfilled == ("注意：template.xlsx 中没有申报人：申报人表的列名下没有一行（编号以 # 开头的行是示例和备注，不评定）\n"
                        "共 0 名申报人：0 名格式正确，0 名有误\n" if lang == "zh" else
                        "note: template.xlsx holds no applicants: no row below the applicants sheet's header (a row "
                        "whose id begins with # is an example or a note, never judged)\n0 applicants: 0 valid, 0 invalid\n")
    if lang == "zh":
        assert workbook.stderr == "共 3 名申报人：3 名格式正确，0 名有误\n"
        assert both.stderr == "共 4 项（1 份申报材料，3 名申报人）：3 项格式正确，1 项有误\n"
        assert checked.stderr == f"共 4 项（1 份申报材料，3 名申报人）：3 项已评定（{short} 项未达申报级别{held['zh']}），1 项无法评定\n"
        assert unread.stderr == "共 1 份申报表：0 份格式正确，1 份有误\n"
    else:
        assert workbook.stderr == "3 applicants: 3 valid, 0 invalid\n"
        assert both.stderr == "4 inputs (1 dossier, 3 applicants): 3 valid, 1 invalid\n"
        assert checked.stderr == (f"4 inputs (1 dossier, 3 applicants): 3 evaluated ({short} short of their target "
                                  f"level{held['en']}), 1 could not be evaluated\n")
        assert unread.stderr == "1 spreadsheet: 0 valid, 1 invalid\n"
    assert workbook.exit_code == 0 and both.exit_code == checked.exit_code == unread.exit_code == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_templates_notes_say_the_date_forms_certify_reads_and_those_it_does_not(tmp_path, lang):
    # HR reads the notes sheet, not committees.md: each form it says is read is read as 1 January 2019 (or
    # 1 February, day first), each it says is not is an error at its cell, so the notes cannot promise more or less.
    from certify.cells import CellProblem, cell_value

    run("template", "--xlsx", tmp_path / "cycle.xlsx", "--lang", lang)
    notes = " ".join(str(c.value) for row in load_workbook(tmp_path / "cycle.xlsx")["notes"].iter_rows() for c in row
                     if c.value and "2019" in str(c.value))
    if lang == "zh":  # each kind of form refused named as HR says it
        assert "；只写年月的（2019年1月）和年份不在前面的（1/2/2019）都不能读取。" in notes
    read, refused = re.split(r"；只写年月|; a month without", notes, maxsplit=1)
    forms = re.findall(r"2019[-/.年][0-9月/.-]+日?", read)
    assert len(forms) >= 4 and all(cell_value("date", f) == date(2019, 1, 1) for f in forms), forms
    unread = re.findall(r"[0-9]+/[0-9]+/2019|2019年1月(?!1日)", refused)
    assert len(unread) == 2
    for form in unread:
        with pytest.raises(CellProblem):
            cell_value("date", form)


def test_report_says_of_an_applicant_without_an_as_of_date_that_it_was_judged_as_of_today(tmp_path, monkeypatch):
    # HR left one 截止日期 cell empty: that applicant is judged as of the day of the run, and a rerun on another day
    # may give another verdict. The review sheet says so beside the date, as the explanation does, and the overview
    # counts them, rather than list the day among the cycle's as-of dates as if HR had written it.
    monkeypatch.chdir(tmp_path)
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,target_level,as_of\nC1,欧阳娜娜,1,2025-12-31\nC2,王伟,1,\n",
                                       encoding="utf-8")
    (hr / "employment.csv").write_text("id,start,sales,it\nC1,2015-01-01,是,是\nC2,2015-01-01,是,是\n", encoding="utf-8")
    today = date.today().isoformat()
    for lang in ("zh", "en"):
        assert run("report", "hr", "--out", lang, "--lang", lang, "--jobs", "2", "-q").exit_code in (0, 1)  # 1: short of a target
    assert f"- 截止日期：{today}（今天：申报材料未给出 as_of）" in Path("zh/sheets/C2.md").read_text(encoding="utf-8")
    assert "- 截止日期：2025-12-31\n" in Path("zh/sheets/C1.md").read_text(encoding="utf-8")
    assert f"- as of: {today} (today: the dossier gives no as_of)" in Path("en/sheets/C2.md").read_text(encoding="utf-8")
    assert "今天：申报材料未给出 as_of" in Path("zh/sheets/C2.html").read_text(encoding="utf-8")
    assert "未给出 as_of" not in Path("zh/sheets/C1.html").read_text(encoding="utf-8")
    said = f"未给出截止日期：1 人，按评定当日（今天：{today}）评定：另一天再运行，结果可能不同；请填写其截止日期"
    assert f"- {said}" in Path("zh/overview.md").read_text(encoding="utf-8")
    assert said.replace("：", "</dt><dd>", 1) in Path("zh/index.html").read_text(encoding="utf-8")
    assert (f"- no as-of date given: 1, judged as of the day of judging (today: {today}): run on another day, their "
            "verdicts may differ; give their as-of date (截止日期)") in Path("en/overview.md").read_text(encoding="utf-8")


def test_the_summary_gives_the_target_level_of_an_applicant_who_could_not_be_judged(tmp_path, monkeypatch):
    # 李雷's start date is empty, so he is not judged; the applicants sheet gives his target level all the same, and
    # the committee reads the summary by it. Where the target level cell is itself the problem, nothing is made up.
    monkeypatch.chdir(tmp_path)
    hr = tmp_path / "hr"
    hr.mkdir()
    (hr / "applicants.csv").write_text("id,name,target_level,as_of\nC1,欧阳娜娜,1,2025-12-31\nC2,李雷,2,2025-12-31\n"
                                       "C3,王伟,高级客户经理,2025-12-31\nC4,张三,九级,2025-12-31\n", encoding="utf-8")
    (hr / "employment.csv").write_text("id,start,sales,it\nC1,2015-01-01,是,是\nC2,,是,是\nC3,,是,是\nC4,,是,是\n",
                                       encoding="utf-8")
    broken = LEVEL_2.replace("start: 2018-07-01, ", "").replace("target_level: 2", "target_level: 4")
    Path("broken.yaml").write_text(broken, encoding="utf-8")
    for lang in ("zh", "en"):
        assert run("report", "hr", "broken.yaml", "--out", lang, "--lang", lang, "--jobs", "2", "-q").exit_code == 2
        summary = _csv(Path(lang) / "summary.csv")
        target, error = summary[0].index("申报级别" if lang == "zh" else "target level"), -2
        assert [(r[0], r[target], bool(r[error])) for r in summary[1:]] == [
            ("C1", "1", False), ("C2", "2", True), ("C3", "3", True), ("C4", "", True), ("", "4", True)]
        ws = load_workbook(Path(lang) / "summary.xlsx").worksheets[0]
        assert [row[target] for row in ws.iter_rows(min_row=2, values_only=True)] == [1, 2, 3, None, 4]
    # --level is every applicant's target, one who could not be judged as well.
    assert run("report", "hr", "--out", "level", "--level", "3", "-q").exit_code == 2
    assert {r[target] for r in _csv(Path("level/summary.csv"))[1:]} == {"3"}
