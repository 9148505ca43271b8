"""Merged cells (合并单元格) and rows without an id: a row lost on the way never judges its applicant on part of
their rows."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from certify.batch import Batch
from certify.editions import open_rulesets
from certify.parallel import check_batch
from certify.report import result_record
from certify.sheetset import SheetSet
from sheetdata import APPLICANTS, EDUCATION, EMPLOYMENT, PROJECTS, STAGES, level_2, outcome


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def judge(engine, *paths) -> list:
    return list(check_batch(engine, Batch(paths), jobs=1))


def merged(path: Path, sheet: str, *ranges: str, **cells: object) -> Path:
    """The workbook with `cells` set and these ranges of a sheet merged, as Excel or WPS saves them (only the
    top-left cell of a range keeps its value)."""
    wb = load_workbook(path)
    for cell, value in cells.items():
        wb[sheet][cell] = value
    for cells in ranges:
        wb[sheet].merge_cells(cells)
    wb.save(path)
    return path


# ---- a merged id cell ----

def test_a_merged_id_cell_carries_the_id_down_to_every_row_it_covers(engine, tmp_path):
    plain = level_2(tmp_path / "plain.xlsx")
    merge = merged(level_2(tmp_path / "merged.xlsx", first_id=None), "employment", "A2:A3")
    e1, e2 = judge(engine, merge)
    assert (e1.applicant_id, e1.target_status, e2.applicant_id) == ("E1", "pass", "E2")
    records = [{**result_record(r, "en"), "file": None} for r in judge(engine, plain)]
    assert [{**result_record(r, "en"), "file": None} for r in (e1, e2)] == records


def test_a_merge_drawn_on_past_the_last_row_of_data_makes_no_rows_of_its_own(engine, tmp_path):
    # E2's id merged over its row and the two empty rows below it, as people often draw a merge.
    merge = merged(level_2(tmp_path / "merged.xlsx"), "employment", "A4:A6")
    plain = level_2(tmp_path / "plain.xlsx")
    assert outcome(judge(engine, merge)) == outcome(judge(engine, plain)) == [("E1", "pass"), ("E2", "pass")]


def test_a_merged_cell_of_any_column_reads_as_its_value_in_every_row_it_covers(tmp_path):
    path = merged(level_2(tmp_path / "merged.xlsx"), "employment", "A2:A3", "E2:F3", E2="是", F2="是")
    e1, e2 = SheetSet.of_workbook(path).units()
    assert [(job["employer"], job["sales"], job["it"]) for job in e1.data["employment"]] == [
        ("丙公司", True, True), ("甲公司", True, True)]
    assert [(job["employer"], job["sales"]) for job in e2.data["employment"]] == [("乙公司", True)]


UNDER_A1_A2 = ("the cell is covered by the merged cells A1:A2, which begin at row 1, in the header or above it: the "
               "cell holds nothing of its own (a merge keeps only its top-left cell's value); unmerge them and fill in "
               "the cell")


def test_a_merge_that_takes_in_the_header_row_gives_its_rows_no_id_and_no_verdict(engine, tmp_path):
    path = merged(level_2(tmp_path / "merged.xlsx", first_id=None), "employment", "A1:A2")
    # The header is read as written; the rows under it have no id and no applicant above: E1 has no jobs given.
    # Row 2's error names the merge that took its id (row 3's id was never typed).
    assert outcome(judge(engine, path)) == [
        ("E1", "review"), ("E2", "pass"),
        ("error", f"{path}: [employment] row 2, column 申报人编号: {UNDER_A1_A2}; this row is not judged"),
        ("error", f"{path}: [employment] row 3, column 申报人编号: no applicant id: this row is not judged")]


def test_a_cell_of_data_under_a_merge_from_the_header_is_an_error_naming_the_merge_not_an_empty_cell(engine, tmp_path):
    # 结束 merged down from its header over row 2: the merge dropped the end of E1's first job (2014-07-31), and
    # read as empty the job was still under way, a sales job of 14 years. The cell is refused, naming the merge.
    path = merged(level_2(tmp_path / "merged.xlsx"), "employment", "D1:D2")
    e1, e2 = judge(engine, path)
    assert e1.error.detail() == ("[employment] row 2, column 结束: " + UNDER_A1_A2.replace("A1:A2", "D1:D2"))
    assert e1.error.detail("zh") == (
        "[employment] 第2行“结束”列：该单元格被合并单元格 D1:D2 覆盖，该合并区域从第1行（表头或其上方）开始：单元格本身"
        "没有值（合并单元格只保留左上角单元格的值）；请取消合并，再填写该单元格")
    assert outcome([e2]) == [("E2", "pass")]


def test_a_note_column_merged_down_from_its_header_is_not_read(engine, tmp_path):
    path = merged(level_2(tmp_path / "merged.xlsx"), "employment", "G1:G3", G1="#备注")
    assert outcome(judge(engine, path)) == [("E1", "pass"), ("E2", "pass")]


def _zip_with_sheet(tmp_path: Path, xml: bytes) -> zipfile.ZipFile:
    from certify.sheetmerge import sheet_parts

    path = level_2(tmp_path / "base.xlsx")
    out = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        part = sheet_parts(zin)["employment"]
        for item in zin.infolist():
            zout.writestr(item, xml if item.filename == part else zin.read(item.filename))
    return zipfile.ZipFile(out)


def test_merged_ranges_are_read_from_the_sheets_xml_whatever_its_prefix_or_length(tmp_path):
    from certify.sheetmerge import fill, merged_ranges, sheet_parts

    padding = b"<row/>" * 20_000  # the <mergeCell> elements fall across blocks of the stream
    xml = (b"<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><x:sheetData>"
           + padding + b"</x:sheetData><x:mergeCells count='3'>"
           + b"".join(b"<x:mergeCell ref='A%d:A%d'/>" % (n, n + 1) for n in range(9, 2, -3))
           + b"<x:mergeCell ref='B1:B3'/><x:mergeCell ref='C5'/></x:mergeCells></x:worksheet>")
    with _zip_with_sheet(tmp_path, xml) as archive:
        ranges = merged_ranges(archive, sheet_parts(archive)["employment"])
    rows = [(n, ("E%d" % n if n % 3 == 0 else None, n)) for n in range(1, 12)]
    # A3:A4, A6:A7, A9:A10 are carried down; B1:B3 takes in the header and C5 is one cell: read as written.
    assert [cells[0] for _, cells in fill(iter(rows), ranges)] == [
        None, None, "E3", "E3", None, "E6", "E6", None, "E9", "E9", None]


# ---- a row without an id ----

def _csv_set(folder: Path, employment: list[list]) -> Path:
    folder.mkdir()
    sheets = {"applicants": [APPLICANTS, ["E1", "张伟", "2", "2026-12-31"], ["E2", "李娜", "1", "2026-12-31"]],
              "education": [EDUCATION, ["E1", "本科", "2012-07-01"], ["E2", "本科", "2012-07-01"]],
              "employment": [EMPLOYMENT] + employment,
              "projects": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", STAGES],
                           ["E2", "医保", "120万", "主导运作", "已完成", STAGES]]}
    for sheet, rows in sheets.items():
        with open(folder / f"{sheet}.csv", "w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows(rows)
    return folder


def test_a_row_without_an_id_below_an_applicants_rows_keeps_the_applicant_from_being_judged(engine, tmp_path):
    path = level_2(tmp_path / "cycle.xlsx", first_id=None)
    e1, e2 = judge(engine, path)  # E1 is neither failed without the job nor passed: the committee sees the row
    assert e1.file == f"{path}#E1" and e1.error.applicant_id == "E1"
    assert e1.error.detail() == ("[employment] row 3, column 申报人编号: no applicant id, below E1's rows: it may be "
                                 "E1's job, so E1 is not judged without it; write the id on every row")
    assert e2.applicant_id == "E2" and e2.target_status == "pass"


def test_a_csv_set_treats_a_row_without_an_id_as_a_workbook_does(engine, tmp_path):
    rows = [["E1", "丙公司", "2012-08-01", "2014-07-31", "否", "否"], ["", "甲公司", "2014-08-01", "", "是", "是"],
            [" ", "丁公司", "2015-08-01", "", "是", "是"], ["E2", "乙公司", "2012-08-01", "", "是", "是"]]
    folder = _csv_set(tmp_path / "hr", rows)
    e1, e2 = judge(engine, folder)
    assert str(e1.error) == (f"{folder}/employment.csv row 3, column 申报人编号: no applicant id, below E1's rows: it "
                             "may be E1's job, so E1 is not judged without it (and 1 more such row below); write "
                             "the id on every row")
    assert e2.target_status == "pass"
    assert len(Batch([folder])) == 2


def test_a_row_without_an_id_below_no_applicant_is_an_error_row_of_its_own(engine, tmp_path):
    rows = [["", "丁公司", "2010-08-01", "2011-07-31", "否", "否"],  # row 2: above everyone
            ["E1", "丙公司", "2012-08-01", "", "是", "是"], ["E2", "乙公司", "2012-08-01", "", "是", "是"],
            ["#E1024", "示例", "2012-08-01", "", "是", "是"], ["", "戊公司", "2012-08-01", "", "是", "是"],  # row 6
            ["X9", "己公司", "2012-08-01", "", "是", "是"], ["", "庚公司", "2012-08-01", "", "是", "是"]]  # row 8
    folder = _csv_set(tmp_path / "hr", rows)
    results = judge(engine, folder)
    assert [r.applicant_id for r in results[:2]] == ["E1", "E2"]
    assert [str(r.error).replace(str(folder), "SET") for r in results[2:]] == [
        "SET/employment.csv row 7, column 申报人编号: applicant 'X9' is not in the applicants sheet: its row is not "
        "judged",
        *(f"SET/employment.csv row {n}, column 申报人编号: no applicant id: this row is not judged" for n in (2, 6, 8))]


# ---- hidden rows and columns ----

def test_hidden_rows_are_judged_like_the_others_and_a_note_says_so(tmp_path):
    from click.testing import CliRunner

    from certify.cli import main

    path = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    wb["applicants"].row_dimensions[3].hidden = True  # E2, as a filter on the sheet would hide it
    for row in (2, 4):
        wb["employment"].row_dimensions[row].hidden = True
    wb.save(path)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert [json.loads(line)["applicant_id"] for line in result.stdout.splitlines()] == ["E1", "E2"]
    assert result.stderr.splitlines()[:2] == [
        f"note: {path}, sheet 'applicants': hidden rows (3) were read and judged like the others",
        f"note: {path}, sheet 'employment': hidden rows (2, 4) were read and judged like the others",
    ]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert f"注意：{path} 的工作表“employment”有隐藏的行（2、4）：它们与其他行一样被读取和评定" in zh.stderr
    assert "hidden" not in CliRunner().invoke(main, ["check", str(level_2(tmp_path / "plain.xlsx"))]).stderr


def test_hidden_columns_that_are_read_are_named_by_their_header_in_a_note(tmp_path):
    from click.testing import CliRunner

    from certify.cli import main

    path = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    wb["employment"]["G1"] = "#备注"
    for column in "EFG":  # 销售岗位 and IT行业, hidden by hand; a note column, never read
        wb["employment"].column_dimensions[column].hidden = True
    wb["applicants"].column_dimensions.group("B", "C", hidden=True)  # 姓名 and 申报级别, as one <col min max>
    wb.save(path)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert [json.loads(line)["target_status"] for line in result.stdout.splitlines()] == ["pass", "pass"]
    assert result.stderr.splitlines()[:2] == [
        f"note: {path}, sheet 'applicants': hidden columns (姓名, 申报级别) were read and judged like the others",
        f"note: {path}, sheet 'employment': hidden columns (销售岗位, IT行业) were read and judged like the others",
    ]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert f"注意：{path} 的工作表“employment”有隐藏的列（销售岗位、IT行业）：它们与其他列一样被读取和评定" in zh.stderr


def test_hidden_columns_are_read_from_the_sheets_xml_whatever_its_prefix(tmp_path):
    from certify.sheetmerge import hidden_headers, sheet_parts
    from certify.sheets import SetPlace, layout_of

    xml = (b"<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><x:cols>"
           b"<x:col min='1' max='1' width='9'/><x:col max='4' min='3' hidden='true'/></x:cols>"
           b"<x:sheetData><x:row r='1'><x:c r='A1'><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>")
    place = SetPlace("cycle.xlsx", False, {})
    layout = layout_of("employment", tuple(EMPLOYMENT), place)
    with _zip_with_sheet(tmp_path, xml) as archive:
        assert hidden_headers(archive, sheet_parts(archive)["employment"], layout,
                              place.headers["employment"]) == ["开始", "结束"]


def test_hidden_rows_are_found_in_the_sheets_xml_across_blocks_and_only_below_the_header(tmp_path):
    from certify.sheetmerge import scan_part, sheet_parts

    rows = b"".join(b"<x:row r='%d' spans='1:6'%s><x:c r='A%d' t='inlineStr'><x:is><x:t>hidden</x:t></x:is></x:c>"
                    b"</x:row>" % (n, b" hidden='1'" if n in (1, 5000, 9999) else b"", n) for n in range(1, 10_000))
    xml = (b"<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><x:sheetData>"
           + rows + b"</x:sheetData></x:worksheet>")
    with _zip_with_sheet(tmp_path, xml) as archive:
        assert scan_part(archive, sheet_parts(archive)["employment"]) == ([], [5000, 9999], [])


def test_a_workbook_not_judged_for_a_bad_header_gets_no_note_that_its_hidden_columns_were_judged(tmp_path):
    from click.testing import CliRunner

    from certify.cli import main

    path = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    wb["applicants"].column_dimensions["B"].hidden = True  # 姓名
    wb["employment"]["B1"] = "单 位(全称)"  # an unknown column: nothing in the workbook is judged
    wb.save(path)
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert "整套表格均未评定" in result.stdout
    assert "隐藏" not in result.stderr  # not "read and judged like the others": none was


def test_a_required_column_whose_header_a_merge_hid_is_missing_and_the_error_names_the_merge(engine, tmp_path):
    # 销售岗位 merged over IT行业 (E1:F1): the merge keeps E1's header only, and F1's is gone.
    path = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    wb["employment"].merge_cells("E1:F1")
    wb.save(path)
    [result] = check_batch(engine, Batch([path]))
    assert result.error.detail() == (
        "[employment] row 1: no column IT行业/it (the header cells E1:F1 are merged, which leaves column F without a "
        "header of its own: unmerge them and give each column its header); nothing in this set was judged")
    assert result.error.detail("zh") == (
        "[employment] 第1行：缺少“IT行业/it”列（列名单元格 E1:F1 被合并，F 列因此没有自己的列名：请取消合并，并给每一列"
        "填写列名）；整套表格均未评定")


def test_a_value_under_a_header_a_merge_hid_names_the_merge(engine, tmp_path):
    # 认定等级 merged over 认定依据 (G1:H1): the committee record under H has no header, and the error says why.
    path = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    projects = wb["projects"]
    projects["G1"], projects["G2"], projects["H2"] = "认定等级", "行业(区域)大型项目", "评审委员会纪要 2025-03"
    projects.merge_cells("G1:I1")
    projects["H2"] = "评审委员会纪要 2025-03"  # merging empties the cells it covers, the header's and below
    wb.save(path)
    e1, e2 = check_batch(engine, Batch([path]))
    assert e1.error.detail() == (
        "[projects] row 2, column H: a value in a column without a header: the header cells G1:I1 are merged, which "
        "leaves columns H to I without a header of its own: unmerge them and give each column its header")
    assert e1.error.detail("zh") == (
        "[projects] 第2行“H”列：没有列名的列中有值：列名单元格 G1:I1 被合并，H 至 I 列因此没有自己的列名：请取消合并，"
        "并给每一列填写列名")
    assert e2.target_status == "pass"
