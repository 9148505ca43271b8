"""A title above a sheet's headers (row 1 `2026年客户经理任职资格申报汇总表` in a merged cell, a blank row 2, the
headers on row 3), as HR workbooks often carry one: read as a title, named in a note, never judged."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from certify.check import Failure
from certify.cli import main
from certify.editions import open_rulesets
from sheetdata import APPLICANTS, EMPLOYMENT, PROJECTS, STAGES, book, judge, level_2, outcome, records

TITLE = "2026年客户经理任职资格申报汇总表"


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def titled(path: Path, *, blank_row: bool = True, sheets: tuple[str, ...] = ()) -> Path:
    """The workbook with a title merged across row 1 of each sheet (or of `sheets`) above its headers, and a
    blank row below it, as HR prepares a workbook by hand; saved beside it as titled-<name>."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        if sheets and ws.title not in sheets:
            continue
        width = ws.max_column
        ws.insert_rows(1, 2 if blank_row else 1)
        ws["A1"] = TITLE
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    out = path.with_name(f"titled-{path.name}")
    wb.save(out)
    return out


def test_a_title_and_a_blank_row_above_the_headers_give_the_same_verdicts_and_a_note_names_them(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = titled(plain)
    assert records(judge(engine, path)) == records(judge(engine, plain))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert [json.loads(line)["target_status"] for line in result.stdout.splitlines()] == ["pass", "pass"]
    assert result.stderr.splitlines()[:4] == [
        f"note: {path}, sheet '{sheet}': rows 1-2 above its header (row 3) were read as its title ('{TITLE}'), "
        "not as rows to judge" for sheet in ("applicants", "education", "employment", "projects")]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert (f"注意：{path} 的工作表“employment”第1-2行在列名行（第3行）之上，作为标题读取（“{TITLE}”），不作为申报数据"
            in zh.stderr)
    assert "title" not in CliRunner().invoke(main, ["check", str(plain)]).stderr


def test_a_title_row_alone_and_blank_rows_alone_are_named_too(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = titled(plain, blank_row=False, sheets=("applicants",))
    wb = load_workbook(plain)
    wb["projects"].insert_rows(1, 2)  # two blank rows above the headers
    wb.save(tmp_path / "blank.xlsx")
    assert records(judge(engine, path)) == records(judge(engine, tmp_path / "blank.xlsx")) == records(
        judge(engine, plain))
    notes = CliRunner().invoke(main, ["validate", str(path), str(tmp_path / "blank.xlsx")]).stderr.splitlines()
    assert notes[:2] == [
        f"note: {path}, sheet 'applicants': row 1 above its header (row 2) was read as its title ('{TITLE}'), "
        "not as rows to judge",
        f"note: {tmp_path / 'blank.xlsx'}, sheet 'projects': rows 1-2 above its header (row 3) are blank"]
    zh = CliRunner().invoke(main, ["validate", str(path), str(tmp_path / "blank.xlsx"), "--lang", "zh"])
    assert zh.stderr.splitlines()[:2] == [
        f"注意：{path} 的工作表“applicants”第1行在列名行（第2行）之上，作为标题读取（“{TITLE}”），不作为申报数据",
        f"注意：{tmp_path / 'blank.xlsx'} 的工作表“projects”第1-2行在列名行（第3行）之上，为空行"]


def test_a_misspelt_header_below_a_title_is_refused_at_its_own_row_with_the_column_it_is_close_to(engine, tmp_path):
    path = titled(level_2(tmp_path / "cycle.xlsx"))
    wb = load_workbook(path)
    wb["employment"]["E3"] = "销售岗"
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.file == str(path)
    assert failure.error.detail() == ("[employment] row 3, column 销售岗: unknown column (did you mean '销售岗位'?); "
                                      "nothing in this set was judged")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "title" not in result.stderr  # nothing was judged: no note says what was read


def test_rows_of_data_below_a_title_with_no_header_are_refused_as_the_header_they_stand_in_for(engine, tmp_path):
    path = titled(level_2(tmp_path / "cycle.xlsx"), sheets=("applicants",))
    wb = load_workbook(path)
    wb["applicants"].delete_rows(3)  # the headers
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[applicants] row 3, column E1: unknown column (begin its header with # to keep "
                                      "it as a note); nothing in this set was judged")
    # A sheet of one column of ids and no header has no title either: its row 1 is its header, as ever.
    ids = book(tmp_path / "ids.xlsx", {"applicants": [[f"E{n}"] for n in range(1, 30)]})
    [failure] = judge(engine, ids)
    assert failure.error.detail().startswith("[applicants] row 1, column E1: unknown column")


def test_rows_below_a_title_keep_their_own_numbers_in_errors_merges_and_notes(engine, tmp_path):
    path = titled(level_2(tmp_path / "cycle.xlsx", first_id=None))
    wb = load_workbook(path)
    wb["employment"].merge_cells("A4:A5")  # E1's id merged over its two jobs, rows 4 and 5
    wb["employment"].row_dimensions[6].hidden = True  # E2's job
    wb["employment"].row_dimensions[2].hidden = True  # a row of the title: never judged, so not named
    wb["projects"]["C5"] = "一百万"
    wb.save(path)
    e1, e2 = judge(engine, path)
    assert (e1.applicant_id, e1.target_status) == ("E1", "pass")  # both jobs counted: the merge was filled in
    assert e2.error.detail().startswith("[projects] row 5, column 金额: expected an amount in yuan")
    notes = CliRunner().invoke(main, ["check", str(path)]).stderr
    assert f"note: {path}, sheet 'employment': hidden rows (6) were read and judged like the others" in notes
    assert "hidden rows (2" not in notes


def test_cells_below_a_title_are_read_by_the_number_formats_of_their_columns(engine, tmp_path):
    # An id kept in a number cell formatted 00000 reads as it shows (00123) below a title as well.
    path = titled(book(tmp_path / "cycle.xlsx", {
        "applicants": [APPLICANTS, [123, "张伟", 2, date(2025, 6, 30)]],
        "employment": [EMPLOYMENT, ["00123", "甲公司", date(2014, 8, 1), None, "是", "是"]],
    }, {"applicants": {"A2": "00000"}}))
    [verdict] = judge(engine, path)
    assert not isinstance(verdict, Failure), verdict.error
    assert verdict.applicant_id == "00123"


def _csv_set(book_path: Path, folder: Path) -> Path:
    """Each sheet of a workbook saved as a CSV file, as Excel's "save as CSV" writes it (a title too)."""
    folder.mkdir()
    for ws in load_workbook(book_path).worksheets:
        with open(folder / f"{ws.title}.csv", "w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            for row in ws.iter_rows(values_only=True):
                writer.writerow(["" if v is None else v.date().isoformat() if hasattr(v, "date") else v for v in row])
    return folder


def test_a_csv_set_saved_from_a_titled_workbook_is_read_the_same_way(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    folder = _csv_set(titled(plain), tmp_path / "hr")
    assert (folder / "employment.csv").read_text(encoding="utf-8-sig").splitlines()[:2] == [f"{TITLE},,,,,", ",,,,,"]
    assert records(judge(engine, folder)) == records(judge(engine, _csv_set(plain, tmp_path / "plain")))
    notes = CliRunner().invoke(main, ["validate", str(folder)]).stderr.splitlines()
    assert notes[2] == (f"note: {folder / 'employment.csv'}: rows 1-2 above its header (row 3) were read as its "
                        f"title ('{TITLE}'), not as rows to judge")
    zh = CliRunner().invoke(main, ["validate", str(folder), "--lang", "zh"]).stderr.splitlines()
    assert zh[2] == f"注意：{folder / 'employment.csv'} 第1-2行在列名行（第3行）之上，作为标题读取（“{TITLE}”），不作为申报数据"
    lines = (folder / "employment.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[4] = lines[4].replace("2014-08-01", "2014-13-01")  # E1's second job, row 5
    (folder / "employment.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    assert outcome(judge(engine, folder))[0] == (
        "error", f"{folder}/employment.csv row 5, column 开始: '2014-13-01' is not a date")


def _side_by_side(path: Path) -> Path:
    """The workbook with a title of two cells a row, as HR often lays one out: the title merged across row 1
    and the date in its last column, who made it in row 2 with the unit at its right; the headers on row 3."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        width = ws.max_column
        ws.insert_rows(1, 2)
        ws["A1"] = TITLE
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width - 1)
        ws.cell(1, width, "制表日期：2026年11月20日")
        ws["A2"] = "制表单位：人力资源部"
        ws.cell(2, width, "单位：元")
    out = path.with_name(f"side-{path.name}")
    wb.save(out)
    return out


def test_a_title_of_two_cells_a_row_above_the_headers_is_read_as_a_title_too(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = _side_by_side(plain)
    assert records(judge(engine, path)) == records(judge(engine, plain))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"note: {path}, sheet 'applicants': rows 1-2 above its header (row 3) were read as its title ('{TITLE} / "
        "制表日期：2026年11月20日 / 制表单位：人力资源部 / 单位：元'), not as rows to judge")
    folder = _csv_set(path, tmp_path / "hr")  # saved as CSV, the title keeps its two cells a line
    assert records(judge(engine, folder)) == records(judge(engine, plain))
    # The headers are still read as headers: one misspelt below such a title is refused at its own row.
    wb = load_workbook(path)
    wb["employment"]["E3"] = "销售岗"
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[employment] row 3, column 销售岗: unknown column (did you mean '销售岗位'?); "
                                      "nothing in this set was judged")


def test_cells_below_a_title_of_two_cells_a_row_are_read_by_the_number_formats_of_their_columns(engine, tmp_path):
    # The first row that is not blank or of one cell is the title here, not the header: the cells are read by
    # the columns of the header below it (an id in a number cell formatted 00000 reads 00123, an amount
    # formatted 0"万" is refused), not by the title's.
    path = _side_by_side(book(tmp_path / "cycle.xlsx", {
        "applicants": [APPLICANTS, [123, "张伟", 2, date(2025, 6, 30)]],
        "employment": [EMPLOYMENT, ["00123", "甲公司", date(2014, 8, 1), None, "是", "是"]],
        "projects": [PROJECTS, ["00123", "政务云", 620, "主导运作", "已完成", STAGES]],
    }, {"applicants": {"A2": "00000"}, "projects": {"C2": '0"万"'}}))
    [verdict] = judge(engine, path)
    assert verdict.file == f"{path}#00123"
    assert verdict.error.detail().startswith(
        "[projects] row 4, column 金额: the cell holds the number 620, but its number format (0\"万\") shows it")
