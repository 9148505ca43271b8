"""Spreadsheets in: workbooks and CSV sets give the verdicts their dossiers give, and errors name the cell."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from certify.cells import CellProblem, cell_value
from certify.check import Failure
from certify.dossier import dossier_from_data
from certify.editions import open_rulesets
from certify.folders import find_dossiers
from certify.load import load_dossier
from certify.sheets import COLUMNS
from certify.synthetic import synthetic_dossiers
from certify.template import build_template, write_template
from sheetdata import (APPLICANTS, EDUCATION, EMPLOYMENT, PROJECTS, STAGES, book, dossier_rows, fill_workbook, judge,
                       records, write_csv_set)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [p for p in find_dossiers([ROOT / "applicants"]) if not p.name.startswith("invalid")]



@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def cycle(tmp_path, **changes) -> Path:
    """A small workbook: E1 good, E2 good; `changes` replace whole sheets."""
    sheets = {
        "applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)], ["E2", "欧阳娜娜", 1, "2026-12-31"]],
        "education": [EDUCATION, ["E1", "本科", date(2014, 7, 1)], ["E2", "硕士", "2018/7/1"]],
        "employment": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, "是", "是"],
                       ["E2", "乙公司", "2018-08-01", None, "yes", 1]],
        "projects": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", STAGES],
                     ["E2", "医保", 1500000, "lead", "completed", "discovery|technical_exchange"]],
    }
    sheets.update(changes)
    return book(tmp_path / "cycle.xlsx", sheets)


# ---- the same verdicts as the YAML files ----

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_template_filled_with_the_applicants_gives_their_yaml_verdicts(engine, tmp_path, lang):
    template = write_template(tmp_path / "template.xlsx", lang=lang)
    filled = fill_workbook(template, [load_dossier(p) for p in EXAMPLES], tmp_path / "cycle.xlsx")
    from_yaml = judge(engine, *EXAMPLES)
    from_book = judge(engine, filled)
    assert [r.file for r in from_book] == [f"{filled}#{r.applicant_id}" for r in from_yaml]
    assert records(from_book) == records(from_yaml)


@pytest.mark.parametrize("zh", [True, False])
def test_a_csv_set_gives_the_verdicts_of_its_dossiers(engine, tmp_path, zh):
    dossiers = [dossier_from_data(d) for d in synthetic_dossiers(400, seed=11)]
    folder = write_csv_set(tmp_path / "hr", dossiers, zh=zh)
    direct = judge(engine, *[_yaml(tmp_path, d) for d in dossiers])
    assert records(judge(engine, folder)) == records(direct)


def _yaml(tmp_path: Path, dossier) -> Path:
    path = tmp_path / "yaml" / f"{dossier.applicant.id}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(dossier.model_dump_json(exclude_none=True), encoding="utf-8")
    return path


def test_the_template_example_rows_are_never_judged(engine, tmp_path):
    template = write_template(tmp_path / "t.xlsx", lang="zh")
    [result] = judge(engine, template, *EXAMPLES[:1])
    assert result.file == str(EXAMPLES[0])


def test_the_notes_sheet_explains_every_column():
    notes = build_template("zh")["notes"]
    listed = {(row[1], row[2]) for row in notes.iter_rows(values_only=True)}
    assert {(c.zh, c.en) for c in COLUMNS} <= listed


# ---- errors name the sheet, the row and the column ----

def test_a_bad_date_names_its_sheet_row_and_column_and_spoils_only_its_applicant(engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    employment = [EMPLOYMENT] + [["E2", "乙", "2018-08-01", None, "否", "否"]] * 5 + [
        ["E1", "甲", "2019-13-01", None, "是", "是"]]
    cycle(tmp_path, employment=employment)
    e1, e2 = judge(engine, Path("cycle.xlsx"))
    assert isinstance(e1, Failure) and e1.file == "cycle.xlsx#E1"
    assert str(e1.error) == "cycle.xlsx: [employment] row 7, column 开始: '2019-13-01' is not a date"
    assert e2.applicant_id == "E2" and e2.qualified_level == 0


def test_a_value_dossier_v1_rejects_is_placed_on_its_cell(engine, tmp_path):
    path = cycle(tmp_path, education=[EDUCATION, ["E1", "bachelr", date(2014, 7, 1)]])
    e1, e2 = judge(engine, path)
    assert e1.error.detail() == "[education] row 2, column 学历: unknown degree 'bachelr' (did you mean 'bachelor'?)"
    assert not isinstance(e2, Failure)


def test_an_empty_required_cell_and_a_level_above_the_top_are_placed_too(engine, tmp_path):
    path = cycle(tmp_path, applicants=[APPLICANTS, ["E1", "张伟", 5, None], ["E2", "李", 1, None]],
                 projects=[PROJECTS, ["E2", "医保", 1, None, "completed", None]])
    e1, e2 = judge(engine, path)
    assert e1.error.detail() == "[applicants] row 2, column 申报级别: target level 5 is not a level of kam-2014 (1-4)"
    assert e2.error.detail() == "[projects] row 2, column 角色: is empty, but a value is required"


def test_rows_of_no_known_applicant_are_reported_by_place(engine, tmp_path):
    path = cycle(tmp_path, projects=[PROJECTS, ["E9", "x", 1, "lead", "completed", None],
                                     ["E9", "y", 1, "lead", "completed", None], [None, "z", 1, "lead", "lost", None]])
    *_, orphan, stray = judge(engine, path)
    assert orphan.file == f"{path}#E9"
    assert orphan.error.detail() == ("[projects] row 2, column 申报人编号: applicant 'E9' is not in the applicants "
                                     "sheet: its 2 rows are not judged")
    assert stray.file == str(path)
    assert stray.error.detail() == "[projects] row 4, column 申报人编号: no applicant id: this row is not judged"


def test_a_repeated_id_in_the_applicants_sheet_spoils_both_rows(engine, tmp_path):
    path = cycle(tmp_path, applicants=[APPLICANTS, ["E1", "甲", 1, None], ["E2", "乙", 1, None], ["E1", "丙", 1, None]])
    first, e2, second = judge(engine, path)
    assert first.error.detail() == ("[applicants] row 2, column 申报人编号: applicant 'E1' is also on row 4: its rows "
                                    "in the other sheets cannot be told apart, so none of them is judged")
    assert second.error.detail().startswith("[applicants] row 4, column 申报人编号: applicant 'E1' is also on row 2")
    assert e2.applicant_id == "E2"
    assert first.error.detail("zh") == ("[applicants] 第2行“申报人编号”列：申报人 'E1' 也在第4行：其他工作表中的行"
                                        "无法区分属于哪一行，均不予评定")


def test_an_id_on_three_rows_names_the_other_two_as_rows(engine, tmp_path):
    path = cycle(tmp_path, applicants=[APPLICANTS, ["E1", "甲", 1, None], ["E1", "乙", 1, None], ["E1", "丙", 1, None]])
    first, *_ = judge(engine, path)
    assert first.error.detail().startswith("[applicants] row 2, column 申报人编号: applicant 'E1' is also on rows 3, 4: ")
    assert first.error.detail("zh").startswith("[applicants] 第2行“申报人编号”列：申报人 'E1' 也在第3、4行：")


def test_an_id_given_again_elsewhere_is_an_error_naming_the_first(engine, tmp_path):
    path = cycle(tmp_path)
    (tmp_path / "late.yaml").write_text("applicant: {id: E2}\nas_of: 2026-12-31\n", encoding="utf-8")
    (tmp_path / "what-if.yaml").write_text("applicant: {id: E2}\nas_of: 2030-12-31\n", encoding="utf-8")
    *_, late, what_if = judge(engine, path, tmp_path / "late.yaml", tmp_path / "what-if.yaml")
    assert late.file == str(tmp_path / "late.yaml")
    assert late.error.detail() == f"applicant id 'E2' is already given in {path}#E2: this one is not judged"
    assert what_if.applicant_id == "E2"  # another as-of date: a what-if, not a duplicate


def test_an_applicant_who_cannot_be_judged_is_named_as_the_applicants_sheet_names_them(engine, tmp_path):
    # A cell of theirs that cannot be read, a value dossier-v1 rejects, a target level the standard lacks:
    # the error names the applicant by the name cell of their row, for the committee to find whose it is.
    path = cycle(tmp_path, applicants=[APPLICANTS, ["E1", "张伟", 5, None], ["E2", "欧阳娜娜", "第三级", None],
                                       ["E3", "王芳", 1, None], ["E4", "  ", 1, None], ["E5", "李娜", 1, None]],
                 education=[EDUCATION, ["E3", "bachelr", date(2014, 7, 1)], ["E4", "本科", "2014-13-01"]],
                 employment=[EMPLOYMENT, ["E5", "甲", "2019-13-01", None, "是", "是"]])
    results = judge(engine, path)
    assert all(isinstance(r, Failure) for r in results)
    assert [(r.applicant_id, r.applicant_name) for r in results] == [
        ("E1", "张伟"), ("E2", "欧阳娜娜"), ("E3", "王芳"), ("E4", None), ("E5", "李娜")]  # a blank name is none


def test_a_name_cell_that_cannot_be_read_names_no_one_and_rows_that_spoil_an_applicant_name_them(engine, tmp_path):
    path = cycle(tmp_path,
                 applicants=[APPLICANTS, ["E1", "=B3", 1, None], ["E2", "乙", 1, None], ["E3", "丙", 1, None],
                             ["E3", "丁", 1, None], ["合计", "全部", None, None]],
                 employment=[EMPLOYMENT, ["E2", "甲", date(2014, 8, 1), None, "是", "是"], [None, "乙", None, None, "是", "是"],
                             ["E9", "丙", date(2014, 8, 1), None, "是", "是"]])
    e1, e2, e3, e3_again, totals, e9 = judge(engine, path)
    assert e1.error.detail().startswith("[applicants] row 2, column 姓名: a formula (=B3) with no saved value")
    assert e1.applicant_name is None  # the error is in the name cell itself
    assert e2.error.detail().startswith("[employment] row 3, column 申报人编号: no applicant id, below E2's rows")
    assert e2.applicant_name == "乙"
    assert (e3.applicant_name, e3_again.applicant_name) == ("丙", "丁")  # each row of an id given twice, its own
    assert (totals.applicant_name, e9.applicant_name) == (None, None)  # a totals row is no one; E9 has no row


def test_an_id_given_again_is_named_as_the_one_given_again_names_the_applicant(engine, tmp_path):
    path = cycle(tmp_path)
    (tmp_path / "first.yaml").write_text("applicant: {id: E2, name: Ouyang Nana}\nas_of: 2026-12-31\n", encoding="utf-8")
    first, e1, again = judge(engine, tmp_path / "first.yaml", path)
    assert again.error.detail() == f"applicant id 'E2' is already given in {tmp_path / 'first.yaml'}: this one is not judged"
    assert (again.applicant_id, again.applicant_name) == ("E2", "欧阳娜娜")


# ---- sections: absent, declared none, or rows ----

def test_no_rows_is_not_given_but_a_declared_zero_is_none(engine, tmp_path):
    head = APPLICANTS + ["项目经历条数"]
    path = cycle(tmp_path, applicants=[head, ["E1", "甲", 1, "2026-12-31", None], ["E2", "乙", 1, "2026-12-31", 0]],
                 projects=[PROJECTS])
    e1, e2 = judge(engine, path)
    assert e1.level(1).rules[-1].status == "review"  # no projects given: the sales cycle cannot be decided
    assert e2.level(1).rules[-1].status == "fail"  # none, as declared


def test_a_workbook_without_a_child_sheet_reads_it_as_no_rows_not_given(engine, tmp_path):
    path = book(tmp_path / "no-projects.xlsx", {"applicants": [APPLICANTS, ["E1", "甲", 1, "2026-12-31"]],
                                               "employment": [EMPLOYMENT]})
    [verdict] = judge(engine, path)  # no error row: as a CSV set without projects.csv
    assert verdict.level(1).rules[-1].status == "review"


def test_a_declared_count_that_does_not_match_the_rows_is_an_error(engine, tmp_path):
    head = APPLICANTS + ["projects_rows"]
    path = cycle(tmp_path, applicants=[head, ["E1", "甲", 1, None, 2], ["E2", "乙", 1, None, 1]])
    e1, e2 = judge(engine, path)
    assert e1.error.detail() == "[applicants] row 2, column projects_rows: says 2, but the projects sheet has 1 for 'E1'"
    assert not isinstance(e2, Failure)


# ---- headers and sheets ----

def test_an_unknown_column_spoils_the_set_with_a_suggestion(engine, tmp_path):
    path = cycle(tmp_path, employment=[["申报人编号", "单位", "开始", "销售岗", "IT行业"]])
    [failure] = judge(engine, path)
    assert failure.file == str(path)
    assert failure.error.detail() == ("[employment] row 1, column 销售岗: unknown column (did you mean '销售岗位'?); "
                                      "nothing in this set was judged")


def test_headers_with_invisible_or_full_width_characters_are_the_columns_they_show(engine, tmp_path):
    # a byte-order mark or zero-width space pasted in with a header, and full-width letters, are not seen in Excel
    plain = records(judge(engine, cycle(tmp_path)))
    headers = ["\ufeff申报人编号", "单位", "开始\u200b", "结束", "销售岗位", "ＩＴ行业"]
    employment = [headers, ["E1", "甲公司", date(2014, 8, 1), None, "是", "是"],
                  ["E2", "乙公司", "2018-08-01", None, "yes", 1]]
    assert records(judge(engine, cycle(tmp_path, employment=employment))) == plain


def test_a_stray_cell_in_a_sheets_last_cell_is_read_in_seconds_not_hours(tmp_path):
    # A value typed at XFD1048576 (Ctrl+End, Ctrl+Down) makes the sheet's dimension A1:XFD1048576: every row, the
    # million blank ones too, would be 16,384 cells to look at before a single applicant is judged.
    path = cycle(tmp_path)
    wb = load_workbook(path)
    wb["employment"].cell(row=1048576, column=16384, value="x")
    wb.save(path)
    done = subprocess.run([sys.executable, "-m", "certify", "check", str(path), "--format", "csv"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    e1, e2 = csv.DictReader(done.stdout.splitlines())
    assert e1["applicant_id"] == "E1" and e1["qualified_level"] == "3" and not e1["error"]
    assert e2["error"] == ("[employment] row 1048576, column 申报人编号: no applicant id, below E2's rows: it may be "
                           "E2's job, so E2 is not judged without it; write the id on every row")


def test_note_columns_are_ignored_but_a_value_without_a_header_is_not(engine, tmp_path):
    path = cycle(tmp_path, education=[EDUCATION + ["#备注", None], ["E1", "本科", date(2014, 7, 1), "补录", None],
                                      ["E2", "本科", date(2014, 7, 1), None, "?"]])
    e1, e2 = judge(engine, path)
    assert not isinstance(e1, Failure)
    assert e2.error.detail() == ("[education] row 3, column E: a value in a column without a header (give the column "
                                 "a header, or begin one with # to keep it as a note)")


def test_the_sales_and_it_columns_must_be_there(engine, tmp_path):
    path = cycle(tmp_path, employment=[["id", "start"], ["E1", "2014-08-01"]])
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[employment] row 1: no column 销售岗位/sales, IT行业/it; "
                                      "nothing in this set was judged")


def test_sheets_may_have_chinese_names_but_a_misspelt_one_is_an_error(engine, tmp_path):
    path = book(tmp_path / "zh.xlsx", {"申报人": [APPLICANTS, ["E1", "甲", None, None]], "学历": [EDUCATION]})
    [verdict] = judge(engine, path)
    assert verdict.applicant_id == "E1"
    path = book(tmp_path / "typo.xlsx", {"applicants": [APPLICANTS, ["E1"]], "employmnet": [EMPLOYMENT]})
    [failure] = judge(engine, path)
    assert str(failure.error) == (f"{path}: sheet 'employmnet' is not one certify reads (did you mean 'employment'?): "
                                  "nothing in this set was judged")


def test_a_sheet_error_that_spoils_the_workbook_says_that_nothing_in_it_was_judged(engine, tmp_path):
    # A misspelt sheet, or two sheets for one, leaves every applicant of the workbook out, as a bad header does:
    # HR reading the one error row must not take it for one applicant's problem.
    path = book(tmp_path / "typo.xlsx", {"applicants": [APPLICANTS, ["E1"], ["E2"]], "工作经力": [EMPLOYMENT]})
    [failure] = judge(engine, path)
    assert failure.error.detail("zh") == "工作表 '工作经力' 不是 certify 读取的工作表（是否应为 '工作经历'？）；整套表格均未评定"
    path = book(tmp_path / "two.xlsx", {"applicants": [APPLICANTS, ["E1"]], "申报人": [APPLICANTS, ["E2"]]})
    [failure] = judge(engine, path)
    assert failure.error.detail() == "two sheets are the applicants sheet: applicants and 申报人; nothing in this set was judged"
    assert failure.error.detail("zh") == "有两个工作表都是申报人表：applicants 和 申报人；整套表格均未评定"


def test_a_file_that_is_not_a_workbook_is_an_error_row(engine, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(range(256)))
    [failure] = judge(engine, path)
    assert failure.error.detail().startswith("cannot be read as an .xlsx workbook")


@pytest.mark.parametrize("kind, said", [
    ("password", "a workbook with a password (encrypted), or an old .xls workbook renamed .xlsx: certify cannot read it; "
                 "open it in Excel, remove the password (File, Info, Protect Workbook, Encrypt with Password: leave it "
                 "empty) and save it as .xlsx"),
    ("empty", "empty file (0 bytes): no workbook in it"),
    ("cut short", "the workbook is damaged: its zip file is cut short or spoiled (a copy or a download not finished?); "
                  "copy it again, or open and save it in Excel"),
    ("text", "not a workbook: the file holds text (a CSV file named .xlsx?); save it as .xlsx in Excel, or name it as a "
             "sheet of a CSV set (applicants.csv, ...)"),
    ("zip", "a zip file that holds no workbook (a .zip file renamed .xlsx?)"),
])
def test_a_workbook_that_cannot_be_read_says_what_it_is_instead(engine, tmp_path, kind, said):
    # They said `cannot be read as an .xlsx workbook (BadZipFile: File is not a zip file)`, a workbook with a
    # password (Excel keeps it in an Office file of the older kind) too.
    path = tmp_path / "cycle.xlsx"
    whole = book(tmp_path / "whole.xlsx", {"applicants": [APPLICANTS, ["E1", "甲", None, None]]}).read_bytes()
    if kind == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "not a workbook")
    else:
        path.write_bytes({"password": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088), "empty": b"",
                          "cut short": whole[:len(whole) // 2], "text": "id,name\nE1,张伟\n".encode()}[kind])
    [failure] = judge(engine, path)
    assert failure.error.detail() == said


def test_the_lock_file_excel_leaves_beside_an_open_workbook_says_what_it_is(engine, tmp_path):
    # `certify check *.xlsx` with the cycle open in Excel names ~$cycle.xlsx too: it said `cannot be read as an .xlsx
    # workbook (BadZipFile: File is not a zip file)`. Excel's lock file: the user's name, padded (165 bytes).
    lock = tmp_path / "~$cycle.xlsx"
    lock.write_bytes(b"\x05Admin" + b" " * 49 + b"\x05\x00A\x00d\x00m\x00i\x00n\x00" + b" \x00" * 50)
    [failure] = judge(engine, lock)
    assert failure.error.detail() == ("not a workbook: a lock file, which Excel leaves beside a workbook while it is "
                                      "open (its name is ~$ and the workbook's); name the workbook itself (certify "
                                      "reads it as last saved: save it in Excel first)")
    assert failure.error.detail("zh").startswith("不是工作簿：这是 Excel 打开工作簿时在其旁边留下的锁定文件")


# ---- CSV sets ----

def _csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> None:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)


def test_a_csv_set_is_its_folder_or_any_of_its_files_and_is_read_once(engine, tmp_path):
    _csv(tmp_path / "applicants.csv", [APPLICANTS, ["E1", "甲", "", ""]])
    _csv(tmp_path / "employment.csv", [EMPLOYMENT, ["E1", "甲", "2019-13-01", "", "是", "是"]])
    (tmp_path / "late.yaml").write_text("applicant: {id: L1}\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x\n", encoding="utf-8")
    by_folder = judge(engine, tmp_path)
    assert [r.file for r in by_folder] == [f"{tmp_path / 'applicants.csv'}#E1", str(tmp_path / "late.yaml")]
    assert str(by_folder[0].error) == f"{tmp_path}/employment.csv row 2, column 开始: '2019-13-01' is not a date"
    by_files = judge(engine, tmp_path / "applicants.csv", tmp_path / "employment.csv")
    assert [r.file for r in by_files] == [by_folder[0].file]
    [other] = judge(engine, tmp_path / "notes.csv")
    assert other.error.detail().startswith("a CSV file is read only as a sheet of a CSV set")


@pytest.mark.parametrize("sign, said", [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_file_whose_columns_are_separated_by_semicolons_or_tabs_says_so(engine, tmp_path, sign, said):
    # Excel saves CSV with the list separator of the system's region (a semicolon in much of Europe): the whole
    # header read as one unknown column.
    (tmp_path / "applicants.csv").write_text(sign.join(APPLICANTS) + "\n" + sign.join(["E1", "甲", "", ""]) + "\n",
                                             encoding="utf-8")
    [failure] = judge(engine, tmp_path)
    assert failure.error.detail() == (f"applicants.csv row 1, column {sign.join(APPLICANTS)}: unknown column (the "
                                      f"columns are separated by {said}, not by commas: save the file again as CSV "
                                      "(Comma delimited)); nothing in this set was judged")


@pytest.mark.parametrize("kind, said", [
    ("folder", "cannot read file: Is a directory"),
    ("pipe", "not a regular file (a pipe or a device): not read"),
    ("link to nothing", "cannot read file: a link to nothing (its target is gone)"),
    ("link in a loop", "cannot read file: a link in a loop (it leads back to itself)"),
])
def test_a_sheet_of_a_csv_set_that_is_there_but_no_file_is_said_not_read_as_missing(engine, tmp_path, kind, said):
    # A missing projects.csv is a sheet with no rows (review); one that is there but cannot be read was too, unsaid,
    # and a pipe named projects.csv was waited on for ever.
    _csv(tmp_path / "applicants.csv", [APPLICANTS, ["E1", "甲", "", ""]])
    sheet = tmp_path / "projects.csv"
    {"folder": lambda: sheet.mkdir(), "pipe": lambda: os.mkfifo(sheet),
     "link to nothing": lambda: sheet.symlink_to(tmp_path / "gone.csv"),
     "link in a loop": lambda: sheet.symlink_to(sheet)}[kind]()
    done = subprocess.run([sys.executable, "-m", "certify", "check", str(tmp_path), "--format", "csv"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    [failure] = csv.DictReader(done.stdout.splitlines())
    assert failure["file"] == str(tmp_path / "applicants.csv") and failure["error"] == f"projects.csv: {said}"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_csv_row_with_more_cells_than_its_header_is_an_error_not_a_value_dropped(engine, tmp_path, jobs):
    _csv(tmp_path / "applicants.csv", [APPLICANTS] + [[f"E{i}", "甲", "", ""] for i in range(80)])
    _csv(tmp_path / "education.csv", [EDUCATION, ["E1", "本科", "2014-07-01", "补录"]])  # one cell too many
    results = judge(engine, tmp_path, jobs=jobs)  # 80 applicants: enough for a pool of two
    bad = [r for r in results if isinstance(r, Failure)]
    assert [r.file for r in bad] == [f"{tmp_path / 'applicants.csv'}#E1"]
    assert bad[0].error.detail() == ("education.csv row 2, column D: a value past the last column of the header (more "
                                     "cells in this row than the header has: a comma too many?)")


def test_a_level_cell_of_thousands_of_digits_is_a_cell_error_not_a_crash(engine, tmp_path):
    _csv(tmp_path / "applicants.csv", [APPLICANTS, ["E1", "甲", "9" * 5000, ""], ["E2", "乙", "2", ""]])
    bad, good = judge(engine, tmp_path)
    assert bad.error.detail().endswith("'9999999999999999999999999999999999999...' is not a level (a whole number "
                                       "such as 2, 2级, 二级, or a level's name)")
    assert good.target_level == 2


def test_a_csv_cell_longer_than_csvs_default_limit_is_read(engine, tmp_path):
    _csv(tmp_path / "applicants.csv", [APPLICANTS, ["E1", "甲" * 200_000, "", ""]])
    [verdict] = judge(engine, tmp_path)
    assert verdict.applicant_name == "甲" * 200_000


@pytest.mark.parametrize("part", ["xl/worksheets/", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"])
def test_a_workbook_with_a_part_cut_short_is_an_error_row_and_the_batch_goes_on(engine, tmp_path, part):
    whole = book(tmp_path / "whole.xlsx", {"applicants": [APPLICANTS, ["E1", "甲", None, None]]})
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(cut, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename.startswith(part) else data)
    failure, verdict = judge(engine, cut, whole)
    assert failure.error.detail().startswith("cannot be read as an .xlsx workbook (")
    assert verdict.applicant_id == "E1"


def test_a_csv_file_that_excel_saved_as_gb18030_is_read(engine, tmp_path):
    _csv(tmp_path / "applicants.csv", [APPLICANTS, ["E1", "张伟", "1", "2026-12-31"]], encoding="gb18030")
    [verdict] = judge(engine, tmp_path)
    assert verdict.applicant_name == "张伟"


# ---- cells ----

@pytest.mark.parametrize("kind, value, expected", [
    ("bool", "是", True), ("bool", "否", False), ("bool", "YES", True), ("bool", "no", False),
    ("bool", "true", True), ("bool", "0", False), ("bool", 1, True), ("bool", True, True),
    ("date", datetime(2014, 7, 1), date(2014, 7, 1)), ("date", "2014-07-01", date(2014, 7, 1)),
    ("date", "2014/7/1", date(2014, 7, 1)), ("level", 2.0, 2), ("level", "3级", 3), ("level", "4", 4),
    ("stages", "需求发掘、技术交流, 合同签订;项目回款|项目验收", ["需求发掘", "技术交流", "合同签订", "项目回款", "项目验收"]),
    ("bool", "√", True), ("bool", "×", False), ("bool", "✓", True), ("bool", "✔", True), ("bool", "✗", False),
    ("bool", "✘", False), ("bool", "✅", True), ("bool", "✔\ufe0f", True), ("bool", "❌", False), ("stages", "需求发掘\n技术交流\r\n合同签订", ["需求发掘", "技术交流", "合同签订"]),
    ("stages", "无", []), ("amount", 6200000.0, 6200000), ("amount", " 620万 ", "620万"), ("text", 1024.0, "1024"),
    ("count", "0", 0),
    # an 18-digit number keeps Excel's 15 digits, never digits of the float's binary form (...1008)
    ("id", 1.10101199001011e17, "110101199001011000"), ("text", 1e20, "100000000000000000000"),
])
def test_cells_read_as_dossier_values(kind, value, expected):
    assert cell_value(kind, value) == expected


@pytest.mark.parametrize("kind, value, message", [
    ("date", "2019-13-01", "'2019-13-01' is not a date"),
    ("date", "next year", "'next year' is not a date (write YYYY-MM-DD)"),
    ("date", datetime(2014, 7, 1, 9, 30), "2014-07-01 09:30:00 has a time of day: give the date only"),
    ("date", 41821, "'41821' is not a date (write YYYY-MM-DD, or format the cell as a date)"),
    ("bool", "maybe", "'maybe' is not yes or no (write 是/否, yes/no, true/false, 1/0 or √/×)"),
    ("bool", 2, "'2' is not yes or no (write 是/否, yes/no, true/false, 1/0 or √/×)"),
    ("level", "3.5", "'3.5' is not a level (a whole number such as 2, 2级, 二级, or a level's name)"),
    ("count", -1, "'-1' is not a number of rows"),
])
def test_cells_that_cannot_be_read_say_why(kind, value, message):
    with pytest.raises(CellProblem) as info:
        cell_value(kind, value)
    assert str(info.value) == message


def test_rows_written_from_a_dossier_keep_absent_and_empty_sections_apart():
    data = {"applicant": {"id": "A"}, "projects": [], "education": [{"degree": "本科", "graduated": "2014-07-01"}]}
    rows = dossier_rows(dossier_from_data(data))
    assert rows["applicants"][0]["projects_rows"] == 0
    assert "employment_rows" not in rows["applicants"][0]
    assert rows["education"] == [{"id": "A", "degree": "bachelor", "graduated": date(2014, 7, 1), "mode": "full_time"}]


def test_a_workbook_from_the_template_round_trips_through_openpyxl(tmp_path):
    path = write_template(tmp_path / "t.xlsx", lang="en")
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["applicants", "education", "employment", "projects", "notes"]
    assert next(wb["employment"].iter_rows(values_only=True)) == ("id", "employer", "start", "end", "sales", "it")


def test_the_committee_docs_name_every_column_in_both_languages():
    text = (ROOT / "docs" / "committees.md").read_text(encoding="utf-8")
    for c in COLUMNS:
        assert f"| {c.zh} | {c.en} |" in text, f"docs/committees.md does not list {c.sheet}.{c.key}"


def test_what_is_wrong_in_a_workbook_is_said_in_chinese_where_the_committee_reads_chinese(tmp_path):
    from click.testing import CliRunner

    from certify.cli import main

    path = book(tmp_path / "cycle.xlsx", {
        "申报人": [APPLICANTS + ["学历条数"], ["E1", "张伟", 2, date(2026, 12, 31), 1], [None, "李娜", 1, None],
                  ["E2", "王芳", 1, date(2026, 12, 31), 3]],
        "学历": [EDUCATION, ["E1", "本科", "2012-13-01"]],
        "工作经历": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, "也许", "是"]],
        "项目经历": [PROJECTS, ["E9", "政务云", "620万", "主导运作", "已完成", STAGES]],
    })
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}#E1（张伟）：[学历] 第2行“毕业时间”列：'2012-13-01' 不是有效的日期",
        f"{path}#E1（张伟）：[工作经历] 第2行“销售岗位”列：'也许' 不是“是”或“否”（请写 是/否、yes/no、true/false、1/0 或 √/×）",
        f"{path}（李娜）：[申报人] 第3行“申报人编号”列：没有申报人编号：此行不予评定",
        f"{path}#E2（王芳）：[申报人] 第4行“学历条数”列：填写为 3，但学历表中 'E2' 一行也没有",
        f"{path}#E9：[项目经历] 第2行“申报人编号”列：申报人 'E9' 不在申报人表中：该行不予评定",
    ]
    english = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"]).stdout.splitlines()
    assert english[0] == f"{path}#E1 (张伟): [学历] row 2, column 毕业时间: '2012-13-01' is not a date"
    # A header the set cannot be read with spoils the whole set, and says so in Chinese too.
    bad = book(tmp_path / "bad.xlsx", {"申报人": [["申报人编号", "截至日期"], ["E1", date(2026, 12, 31)]]})
    lines = CliRunner().invoke(main, ["check", str(bad), "--lang", "zh", "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line)["error"] for line in lines] == [
        "[申报人] 第1行“截至日期”列：未知的列（是否应为 '截止日期'？）；整套表格均未评定"]
    cells = [("date", "2019-13-01", "'2019-13-01' 不是有效的日期"),
             ("bool", "也许", "'也许' 不是“是”或“否”（请写 是/否、yes/no、true/false、1/0 或 √/×）"),
             ("level", "3.5", "'3.5' 不是级别（整数如 2、“2级”“二级”，或级别名称）")]
    for kind, value, zh in cells:
        with pytest.raises(CellProblem) as info:
            cell_value(kind, value)
        assert info.value.args[0].zh == zh


# ---- every problem of an applicant ----

def _three_problems(tmp_path: Path, csv_set: bool) -> tuple[Path, str, dict[str, str]]:
    """A set where E1 has a bad degree (education row 2), a bad date (employment row 3) and a bad amount (projects
    row 4), and E2 none: the set, how E1's file begins, and the sheets as its lines name them."""
    rows = {
        "applicants": [APPLICANTS, ["E1", "张伟", 2, "2026-12-31"], ["E2", "欧阳娜娜", 1, "2026-12-31"]],
        "education": [EDUCATION, ["E1", "bachelr", "2014-07-01"], ["E2", "硕士", "2018-07-01"]],
        "employment": [EMPLOYMENT, ["E1", "甲公司", "2014-08-01", "2016-07-31", "是", "是"],
                       ["E1", "乙公司", "2016-13-01", None, "是", "是"], ["E2", "丙公司", "2018-08-01", None, "是", "是"]],
        "projects": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", STAGES],
                     ["E1", "医保", "120万", "主导运作", "已完成", STAGES],
                     ["E1", "社保", "lots", "主导运作", "已完成", STAGES]],
    }
    if not csv_set:
        path = book(tmp_path / "cycle.xlsx", rows)
        return path, f"{path}#E1", {s: f"[{s}]" for s in rows}
    folder = tmp_path / "hr"
    folder.mkdir()
    for sheet, lines in rows.items():
        with open(folder / f"{sheet}.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["" if v is None else v for v in line] for line in lines])
    return folder, f"{folder}/applicants.csv#E1", {s: f"{s}.csv" for s in rows}


@pytest.mark.parametrize("csv_set", [False, True], ids=["workbook", "csv"])
def test_validate_lists_every_problem_of_a_spreadsheet_applicant_in_sheet_order(tmp_path, csv_set):
    from click.testing import CliRunner

    from certify.cli import main

    path, e1, at = _three_problems(tmp_path, csv_set)
    english = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert english.exit_code == 2
    assert english.stdout.splitlines() == [
        f"{e1} (张伟): {at['education']} row 2, column 学历: unknown degree 'bachelr' (did you mean 'bachelor'?)",
        f"{e1} (张伟): {at['employment']} row 3, column 开始: '2016-13-01' is not a date",
        f"{e1} (张伟): {at['projects']} row 4, column 金额: expected an amount in yuan: a number, or text like "
        "'6200000', '6,200,000', '¥6,200,000', '6200000元', '620万', '620万元' or '1.2亿'; got 'lots'",
        f"{e1.replace('E1', 'E2')}: ok",
    ]
    assert english.stderr == "2 applicants: 1 valid, 1 invalid\n"  # one invalid, however many problems
    chinese = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh", "-q"]).stdout.splitlines()
    assert chinese == [
        f"{e1}（张伟）：{at['education']} 第2行“学历”列：未知的学历 'bachelr'（是否应为 'bachelor'？）",
        f"{e1}（张伟）：{at['employment']} 第3行“开始”列：'2016-13-01' 不是有效的日期",
        f"{e1}（张伟）：{at['projects']} 第4行“金额”列：应为以元计的金额：数字，或 '6200000'、'6,200,000'、'¥6,200,000'、"
        "'6200000元'、'620万'、'620万元'、'1.2亿' 这样的文本；实际为'lots'",
    ]


def test_check_and_report_name_the_first_problem_in_sheet_order_and_count_the_others(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from certify.cli import main

    monkeypatch.chdir(tmp_path)
    path, e1, _ = _three_problems(tmp_path, False)
    first = "[education] row 2, column 学历: unknown degree 'bachelr' (did you mean 'bachelor'?)"
    check = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl", "--jobs", "2"])
    assert json.loads(check.stdout.splitlines()[0]) == {
        "file": e1, "error": f"{first} (and 2 more problems: certify validate lists them)", "applicant_id": "E1",
        "applicant_name": "张伟"}
    table = CliRunner().invoke(main, ["check", str(path), "--lang", "zh"]).stdout
    assert (f"（1）{e1}（张伟）：[education] 第2行“学历”列：未知的学历 'bachelr'（是否应为 'bachelor'？）"
            "（另有 2 处问题：certify validate 会逐一列出）") in table
    assert CliRunner().invoke(main, ["report", str(path), "--out", "review", "-q"]).exit_code == 2
    summary = list(csv.DictReader(Path("review/summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert summary[0]["error"] == f"{first} (and 2 more problems: certify validate lists them)"


def test_validate_lists_a_spreadsheet_target_level_the_standard_lacks_among_the_other_problems_at_its_cell(tmp_path):
    from click.testing import CliRunner

    from certify.cli import main

    path = book(tmp_path / "cycle.xlsx", {
        "applicants": [APPLICANTS, ["E1", "张伟", 5, "2026-12-31"], ["E2", "李娜", 6, "2026-13-31"],
                       ["E3", "王芳", 7, "2026-13-31"]],
        "education": [EDUCATION, ["E1", "bachelr", "2014-07-01"], ["E2", "bachelr", "2014-07-01"],
                      ["E3", "本科", "2014-07-01"]],
        "employment": [EMPLOYMENT], "projects": [PROJECTS]})
    e1, e2, e3 = f"{path}#E1 (张伟)", f"{path}#E2 (李娜)", f"{path}#E3 (王芳)"
    degree = "column 学历: unknown degree 'bachelr' (did you mean 'bachelor'?)"
    validate = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert validate.exit_code == 2
    assert validate.stdout.splitlines() == [
        f"{e1}: [applicants] row 2, column 申报级别: target level 5 is not a level of kam-2014 (1-4)",
        f"{e1}: [education] row 2, {degree}",
        # The bundled standard has one edition: an as-of cell that cannot be read does not hide the level.
        f"{e2}: [applicants] row 3, column 申报级别: target level 6 is not a level of kam-2014 (1-4)",
        f"{e2}: [applicants] row 3, column 截止日期: '2026-13-31' is not a date",
        f"{e2}: [education] row 3, {degree}",
        f"{e3}: [applicants] row 4, column 申报级别: target level 7 is not a level of kam-2014 (1-4)",
        f"{e3}: [applicants] row 4, column 截止日期: '2026-13-31' is not a date"]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stdout.splitlines()
    assert zh[0] == f"{path}#E1（张伟）：[applicants] 第2行“申报级别”列：申报级别 5 不是 kam-2014 的级别（1-4）"
    # Against a folder of editions: the edition in force on the as-of date; a date that cannot be read waits.
    editions = Path(__file__).parent / "rulesets" / "editions"
    dated = CliRunner().invoke(main, ["validate", str(path), "--ruleset", str(editions), "--lang", "en"])
    assert dated.stdout.splitlines() == [
        f"{e1}: [applicants] row 2, column 申报级别: target level 5 is not a level of kam-2014 2020.1 (1-4), the "
        "edition in force on 2026-12-31",
        f"{e1}: [education] row 2, {degree}",
        f"{e2}: [applicants] row 3, column 截止日期: '2026-13-31' is not a date",
        f"{e2}: [education] row 3, {degree}",
        f"{e3}: [applicants] row 4, column 截止日期: '2026-13-31' is not a date"]


def test_a_name_column_beside_the_id_in_a_child_sheet_is_read_and_checked_not_refused(engine, tmp_path):
    # HR sheets often repeat the applicant's name in every sheet. The same name: the same verdicts as without the
    # column. Another name: the row may be under the wrong id, an error at its cell; E2 is judged as before.
    plain = judge(engine, cycle(tmp_path))
    named = tmp_path / "named"
    named.mkdir()
    employment = [EMPLOYMENT + ["姓名"], ["E1", "甲公司", date(2014, 8, 1), None, "是", "是", "张 伟"],
                  ["E2", "乙公司", "2018-08-01", None, "yes", 1, "欧阳娜娜"]]
    projects = [PROJECTS + ["申报人姓名"], ["E1", "政务云", "620万", "主导运作", "已完成", STAGES, "张伟"],
                ["E2", "医保", 1500000, "lead", "completed", "discovery|technical_exchange", None]]
    assert records(judge(engine, cycle(named, employment=employment, projects=projects))) == records(plain)
    astray = tmp_path / "astray"
    astray.mkdir()
    employment[1][-1] = "李娜"
    e1, e2 = judge(engine, cycle(astray, employment=employment))
    assert isinstance(e1, Failure) and e1.applicant_id == "E1"
    assert e1.error.detail() == ("[employment] row 2, column 姓名: '李娜' is not the name the applicants sheet gives "
                                 "'E1' ('张伟'): is this row's id right?")
    assert e1.error.detail("zh") == "[employment] 第2行“姓名”列：'李娜' 不是申报人表中 'E1' 的姓名（'张伟'）：这一行的编号是否填错？"
    assert not isinstance(e2, Failure) and e2.applicant_id == "E2"


def test_the_template_keeps_its_columns_and_explains_the_optional_name_column():
    sheet = build_template("zh")["employment"]
    assert "姓名" not in [cell.value for cell in sheet[1]]
    notes = [row for row in build_template("en")["notes"].iter_rows(values_only=True) if row[1] == "姓名"]
    assert [row[0] for row in notes][1:] == ["education", "employment", "projects"]
