"""A secretary putting an HR workbook or CSV set right learns every problem of its headers and sheets in one run:
each sheet's unknown, repeated and missing columns, and a misspelt sheet beside them, each at its place. check's
error row names the first and counts the others; certify validate lists every one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main
from certify.editions import open_rulesets
from sheetdata import APPLICANTS, EDUCATION, STAGES, book, judge

ROOT = Path(__file__).resolve().parent.parent

# employment: a misnamed 销售岗位 and no IT行业; projects: a misspelt 项目名称 and 状态 given twice.
EMPLOYMENT = ["申报人编号", "单位", "开始", "结束", "是否销售岗位"]
BROKEN_PROJECTS = ["申报人编号", "项目名", "金额", "角色", "状态", "状态"]
SAID = [
    "[employment] row 1, column 是否销售岗位: unknown column (did you mean '销售岗位'?); nothing in this set was judged",
    "[employment] row 1: no column IT行业/it; nothing in this set was judged",
    "[projects] row 1, column 项目名: unknown column (did you mean '项目名称'?); nothing in this set was judged",
    "[projects] row 1, column 状态: the column 状态 is given twice; nothing in this set was judged",
]


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def broken(path: Path, **changes) -> Path:
    sheets = {"applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)]],
              "education": [EDUCATION, ["E1", "本科", date(2014, 7, 1)]],
              "employment": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, "是"]],
              "projects": [BROKEN_PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", "已完成"]]}
    sheets.update(changes)
    return book(path, sheets)


def csv_set(folder: Path, sheets: dict[str, list[list]]) -> Path:
    folder.mkdir()
    for name, rows in sheets.items():
        (folder / name).write_text("".join(",".join(map(str, row)) + "\n" for row in rows), encoding="utf-8")
    return folder


def test_every_sheets_header_problems_are_found_in_one_run(engine, tmp_path):
    path = broken(tmp_path / "cycle.xlsx")
    [failure] = judge(engine, path)
    # The first is the error row's; a column an unknown one is a misspelling of is not said missing as well.
    assert failure.error.each() == SAID
    assert failure.error.detail() == SAID[0] + " (and 3 more problems: certify validate lists them)"


def test_validate_lists_every_header_problem_check_counts_them_in_english_and_chinese(tmp_path):
    path = broken(tmp_path / "cycle.xlsx")
    validated = CliRunner().invoke(main, ["validate", str(path)])
    assert validated.exit_code == 2
    assert validated.stdout.splitlines() == [f"{path}: {line}" for line in SAID]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stdout.splitlines()
    assert zh == [f"{path}：[employment] 第1行“是否销售岗位”列：未知的列（是否应为 '销售岗位'？）；整套表格均未评定",
                  f"{path}：[employment] 第1行：缺少“IT行业/it”列；整套表格均未评定",
                  f"{path}：[projects] 第1行“项目名”列：未知的列（是否应为 '项目名称'？）；整套表格均未评定",
                  f"{path}：[projects] 第1行“状态”列：“状态”列出现了两次；整套表格均未评定"]
    checked = CliRunner().invoke(main, ["check", str(path), "--format", "csv"])
    assert checked.exit_code == 2
    assert "(and 3 more problems: certify validate lists them)" in checked.stdout


def test_a_misspelt_sheet_and_another_sheets_header_are_both_said(engine, tmp_path):
    path = book(tmp_path / "cycle.xlsx", {"applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)]],
                                          "educaton": [EDUCATION], "projects": [BROKEN_PROJECTS]})
    [failure] = judge(engine, path)
    assert failure.error.each() == [
        "sheet 'educaton' is not one certify reads (did you mean 'education'?): nothing in this set was judged",
        *SAID[2:]]


def test_a_misspelt_applicants_sheet_is_not_said_missing_too(engine, tmp_path):
    path = book(tmp_path / "cycle.xlsx", {"applicant": [APPLICANTS, ["E1"]], "projects": [BROKEN_PROJECTS]})
    [failure] = judge(engine, path)
    assert failure.error.each() == [
        "sheet 'applicant' is not one certify reads (did you mean 'applicants'?): nothing in this set was judged",
        *SAID[2:]]


def test_a_csv_sets_files_are_each_looked_at(engine, tmp_path):
    folder = csv_set(tmp_path / "hr", {
        "applicants.csv": [APPLICANTS, ["E1", "张伟", 2, "2026-12-31"]],
        "employment.csv": [EMPLOYMENT, ["E1", "甲公司", "2014-08-01", "", "是"]],
        "projects.csv": [["申报人编号", "项目名称", "金额", "角色", "状态", "销售阶段x"],
                         ["E1", "政务云", "620万", "主导运作", "已完成", STAGES]]})
    [failure] = judge(engine, folder)
    assert failure.error.each() == [
        "employment.csv row 1, column 是否销售岗位: unknown column (did you mean '销售岗位'?); nothing in this set was judged",
        "employment.csv row 1: no column IT行业/it; nothing in this set was judged",
        "projects.csv row 1, column 销售阶段x: unknown column (did you mean '销售阶段'?); nothing in this set was judged"]


def test_rows_of_data_in_place_of_headers_are_still_one_problem(engine, tmp_path):
    # A row that names no column at all is no header with many problems: its first cell says what it is.
    path = broken(tmp_path / "cycle.xlsx", projects=[["E1", "政务云", "620万", "主导运作", "已完成", STAGES]])
    [failure] = judge(engine, path)
    assert failure.error.each() == [*SAID[:2], "[projects] row 1, column E1: unknown column (begin its header with # "
                                               "to keep it as a note); nothing in this set was judged"]


def test_a_broken_workbook_still_does_not_stop_the_batch(tmp_path):
    path = broken(tmp_path / "cycle.xlsx")
    result = CliRunner().invoke(main, ["check", str(path), str(ROOT / "applicants" / "zhao-lei.yaml"),
                                       "--format", "csv"])
    assert result.exit_code == 2
    rows = result.stdout.splitlines()
    assert any("AP-103" in row and "(and 3 more problems" not in row for row in rows)
    assert sum("nothing in this set was judged (and 3 more problems" in row for row in rows) == 1
