"""A header of two rows, as Chinese HR workbooks often group columns: 起止时间 merged across two columns over
开始日期 and 结束日期, the other headers merged down over both rows. Read as the committee reads it, strictly,
and said in a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from certify.cli import main
from certify.editions import open_rulesets
from sheetdata import judge, level_2, records
from test_sheet_titles import TITLE, _csv_set, titled


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def grouped(path: Path, groups: dict[str, tuple | list[tuple[str, dict[int, str]]]], *, merged: bool = True) -> Path:
    """The workbook with each sheet of `groups` given a header of two rows: a heading (or each of a list of them)
    merged across the columns given (1-based column -> its name in the lower row) and every other header merged
    down over both rows. The header is the sheet's first row that names 申报人编号. Saved beside it as grouped-<name>."""
    wb = load_workbook(path)
    for sheet, spec in groups.items():
        ws = wb[sheet]
        spec = [spec] if isinstance(spec[0], str) else spec
        top = next(r for r in range(1, 12) if ws.cell(r, 1).value == "申报人编号")
        ws.insert_rows(top + 1)
        under = {column: name for _, names in spec for column, name in names.items()}
        for column in range(1, ws.max_column + 1):
            if column in under:
                ws.cell(top + 1, column, under[column])
            else:
                ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
        for heading, names in spec:
            first = min(names)
            ws.cell(top, first, heading)
            for column in names:
                if column != first:
                    ws.cell(top, column).value = None
            if merged:
                ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=max(names))
    out = path.with_name(f"grouped-{path.name}")
    wb.save(out)
    return out


TIMES = {"employment": ("起止时间", {3: "开始日期", 4: "结束日期"})}


def test_a_header_of_two_rows_below_a_title_gives_the_same_verdicts_and_a_note_names_its_group_heading(
        engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = grouped(titled(plain), TIMES)
    assert [c.value for c in load_workbook(path)["employment"][4]][:4] == [None, None, "开始日期", "结束日期"]
    assert records(judge(engine, path)) == records(judge(engine, plain))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[2] == (
        f"note: {path}, sheet 'employment': rows 1-2 above its header (rows 3-4) were read as its title ('{TITLE}'), "
        "not as rows to judge; its group heading (起止时间) was read over the columns named below, not as columns")
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stderr.splitlines()
    assert zh[2] == (f"注意：{path} 的工作表“employment”第1-2行在列名行（第3-4行）之上，作为标题读取（“{TITLE}”），"
                     "不作为申报数据；列名行中的分组标题（起止时间）按其下各列的分组读取，不作为列")
    # Rows keep the sheet's own numbers: E1's second job is row 6, below the title and the two rows of headers.
    wb = load_workbook(path)
    wb["employment"]["C6"] = "2014-13-01"
    wb.save(path)
    e1 = judge(engine, path)[0]
    assert (e1.file, e1.error.detail()) == (f"{path}#E1", "[employment] row 6, column 开始日期: '2014-13-01' is not a date")


def test_a_header_of_two_rows_on_row_1_is_named_in_a_note_of_its_own(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = grouped(plain, {**TIMES, "applicants": ("申报信息", {3: "申报级别", 4: "截止日期"})})
    assert records(judge(engine, path)) == records(judge(engine, plain))
    notes = CliRunner().invoke(main, ["validate", str(path)]).stderr.splitlines()
    assert notes[:2] == [
        f"note: {path}, sheet 'applicants': its header is of two rows (rows 1-2): the group heading (申报信息) was "
        "read over the columns named below, not as columns",
        f"note: {path}, sheet 'employment': its header is of two rows (rows 1-2): the group heading (起止时间) was "
        "read over the columns named below, not as columns"]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stderr.splitlines()
    assert zh[1] == f"注意：{path} 的工作表“employment”列名行为两行（第1-2行）：分组标题（起止时间）按其下各列的分组读取，不作为列"


def test_a_misspelt_name_in_the_lower_row_is_refused_at_its_own_cell_and_row(engine, tmp_path):
    path = grouped(titled(level_2(tmp_path / "cycle.xlsx")), {"employment": ("起止时间", {3: "开始曰期", 4: "结束日期"})})
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[employment] row 4, column 开始曰期: unknown column (did you mean '开始'?); "
                                      "nothing in this set was judged")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "note" not in result.stderr


def test_a_group_heading_not_merged_or_over_data_is_refused_as_an_unknown_column_as_before(engine, tmp_path):
    plain = titled(level_2(tmp_path / "cycle.xlsx"))
    path = grouped(plain, TIMES, merged=False)
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[employment] row 3, column 起止时间: unknown column (begin its header with # to "
                                      "keep it as a note); nothing in this set was judged (and 1 more problem: "
                                      "certify validate lists it)")
    assert [p.detail() for p in failure.error.more] == [  # the dates under it are no columns: 开始 is said missing
        "[employment] row 3: no column 开始/start; nothing in this set was judged"]
    # Merged, but with the rows of data right below it: no names under the heading, so no header of two rows.
    wb = load_workbook(plain)
    wb["employment"]["C3"] = "起止时间"
    wb["employment"]["D3"] = None
    wb["employment"].merge_cells("C3:D3")
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail().startswith("[employment] row 3, column 起止时间: unknown column")
    # A name under no group in the lower row: not a header of two rows either.
    wb = load_workbook(grouped(plain, TIMES))
    wb["employment"].unmerge_cells("F3:F4")
    wb["employment"]["F4"] = "IT行业"
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail().startswith("[employment] row 3, column 起止时间: unknown column")


def test_a_csv_set_saved_from_a_workbook_with_a_header_of_two_rows_is_read_the_same_way(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    folder = _csv_set(grouped(titled(plain), TIMES), tmp_path / "hr")
    assert (folder / "employment.csv").read_text(encoding="utf-8-sig").splitlines()[2:4] == [
        "申报人编号,单位,起止时间,,销售岗位,IT行业", ",,开始日期,结束日期,,"]
    assert records(judge(engine, folder)) == records(judge(engine, _csv_set(plain, tmp_path / "plain")))
    notes = CliRunner().invoke(main, ["validate", str(folder)]).stderr.splitlines()
    assert notes[2] == (f"note: {folder / 'employment.csv'}: rows 1-2 above its header (rows 3-4) were read as its "
                        f"title ('{TITLE}'), not as rows to judge; its group heading (起止时间) was read over the "
                        "columns named below, not as columns")
    # A heading followed by no empty cell groups nothing: refused as an unknown column, as in a workbook.
    lines = (folder / "employment.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[2], lines[3] = "申报人编号,单位,起止时间,结束,销售岗位,IT行业", ",,开始日期,,,"
    (folder / "employment.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    [failure] = judge(engine, folder)
    assert failure.error.detail() == ("employment.csv row 3, column 起止时间: unknown column (begin its "
                                      "header with # to keep it as a note); nothing in this set was judged (and 1 "
                                      "more problem: certify validate lists it)")


def test_cells_under_a_header_of_two_rows_are_read_by_the_number_formats_of_the_columns_named_below(engine, tmp_path):
    # 金额 is named in the lower row, under 项目信息: a number formatted 0"万" there shows a unit it does not hold.
    plain = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(plain)
    wb["projects"]["C2"] = 620
    wb["projects"]["C2"].number_format = '0"万"'
    wb.save(plain)
    path = grouped(plain, {"projects": ("项目信息", {2: "项目名称", 3: "金额"})})
    e1 = judge(engine, path)[0]
    assert e1.error.detail().startswith(
        "[projects] row 3, column 金额: the cell holds the number 620, but its number format (0\"万\") shows it")


# ---- a group over the id column itself: the lower row names 申报人编号 ----

OVER_ID = {"applicants": ("基本信息", {1: "申报人编号", 2: "姓名"}),
           "education": ("基本信息", {1: "申报人编号", 2: "学历"}),
           "employment": [("基本信息", {1: "申报人编号", 2: "单位"}), ("起止时间", {3: "开始日期", 4: "结束日期"})],
           "projects": ("基本信息", {1: "申报人编号", 2: "项目名称"})}


def test_a_group_over_the_id_column_below_a_title_gives_the_same_verdicts_and_a_note_names_its_headings(
        engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = grouped(titled(plain), OVER_ID)
    ws = load_workbook(path)["employment"]
    assert [c.value for c in ws[3]] == ["基本信息", None, "起止时间", None, "销售岗位", "IT行业"]
    assert [c.value for c in ws[4]] == ["申报人编号", "单位", "开始日期", "结束日期", None, None]
    assert records(judge(engine, path)) == records(judge(engine, plain))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:4] == [
        f"note: {path}, sheet '{sheet}': rows 1-2 above its header (rows 3-4) were read as its title ('{TITLE}'), "
        f"not as rows to judge; its {groups} read over the columns named below, not as columns"
        for sheet, groups in (("applicants", "group heading (基本信息) was"), ("education", "group heading (基本信息) was"),
                              ("employment", "group headings (基本信息, 起止时间) were"),
                              ("projects", "group heading (基本信息) was"))]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stderr.splitlines()
    assert zh[2] == (f"注意：{path} 的工作表“employment”第1-2行在列名行（第3-4行）之上，作为标题读取（“{TITLE}”），"
                     "不作为申报数据；列名行中的分组标题（基本信息、起止时间）按其下各列的分组读取，不作为列")
    # Rows keep the sheet's own numbers: E1's second job is row 6; 销售岗位 is named in the upper row only.
    wb = load_workbook(path)
    wb["employment"]["E6"] = "也许"
    wb.save(path)
    e1 = judge(engine, path)[0]
    assert e1.error.detail().startswith("[employment] row 6, column 销售岗位: ")


def test_a_group_over_the_id_column_on_row_1_and_saved_as_csv_is_read_the_same_way(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = grouped(plain, OVER_ID)
    assert records(judge(engine, path)) == records(judge(engine, plain))
    notes = CliRunner().invoke(main, ["validate", str(path)]).stderr.splitlines()
    assert notes[0] == (f"note: {path}, sheet 'applicants': its header is of two rows (rows 1-2): the group heading "
                        "(基本信息) was read over the columns named below, not as columns")
    folder = _csv_set(grouped(titled(plain), OVER_ID), tmp_path / "hr")
    assert (folder / "employment.csv").read_text(encoding="utf-8-sig").splitlines()[2:4] == [
        "基本信息,,起止时间,,销售岗位,IT行业", "申报人编号,单位,开始日期,结束日期,,"]
    assert records(judge(engine, folder)) == records(judge(engine, plain))
    notes = CliRunner().invoke(main, ["validate", str(folder)]).stderr.splitlines()
    assert notes[2] == (f"note: {folder / 'employment.csv'}: rows 1-2 above its header (rows 3-4) were read as its "
                        f"title ('{TITLE}'), not as rows to judge; its group headings (基本信息, 起止时间) were read "
                        "over the columns named below, not as columns")


def test_a_misspelt_name_in_either_row_of_a_group_over_the_id_column_is_refused_at_its_own_cell(engine, tmp_path):
    path = grouped(titled(level_2(tmp_path / "cycle.xlsx")), OVER_ID)
    wb = load_workbook(path)
    wb["applicants"]["B4"] = "申报姓名"
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[applicants] row 4, column 申报姓名: unknown column (did you mean '姓名'?); "
                                      "nothing in this set was judged")
    # A column named in the upper row only (merged down over both rows), misspelt: refused at its cell, row 3.
    wb["applicants"]["B4"] = "姓名"
    wb["employment"]["E3"] = "销售岗"
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[employment] row 3, column 销售岗: unknown column (did you mean '销售岗位'?); "
                                      "nothing in this set was judged")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "note" not in result.stderr


def test_a_title_of_two_merged_cells_right_above_the_headers_stays_a_title(engine, tmp_path):
    # Every column is named in the row below: nothing is named above only, so it is no header of two rows.
    plain = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(plain)
    ws = wb["employment"]
    ws.insert_rows(1)
    ws["A1"], ws["E1"] = TITLE, "制表日期：2026年11月20日"
    ws.merge_cells("A1:D1")
    ws.merge_cells("E1:F1")
    wb.save(path := tmp_path / "side.xlsx")
    assert records(judge(engine, path)) == records(judge(engine, plain))
    assert CliRunner().invoke(main, ["validate", str(path)]).stderr.splitlines()[0] == (
        f"note: {path}, sheet 'employment': row 1 above its header (row 2) was read as its title ('{TITLE} / "
        "制表日期：2026年11月20日'), not as rows to judge")


def test_the_header_of_two_rows_repeated_further_down_is_named_by_its_rows(engine, tmp_path):
    path = grouped(level_2(tmp_path / "cycle.xlsx"), {"applicants": OVER_ID["applicants"]})
    wb = load_workbook(path)
    wb["applicants"].append(["申报人编号", "姓名"])
    wb.save(path)
    results = judge(engine, path)
    assert results[-1].error.detail() == (
        "[applicants] row 5, column 申报人编号: '申报人编号' repeats the header (rows 1-2), not an applicant: delete "
        "the row, or begin its id with # to keep it as a note; it is not judged")
    assert results[-1].error.detail("zh").startswith(
        "[applicants] 第5行“申报人编号”列：'申报人编号' 是重复的列名行（第1-2行），不是申报人")


def test_a_header_of_two_rows_pasted_again_further_down_is_named_as_a_repeat_by_both_its_rows(engine, tmp_path):
    # Two departments' blocks, one under the other: the second keeps its header, 基本信息 merged over 申报人编号
    # and 姓名. Its upper row is no applicant called 基本信息 with a level '申报级别' to correct: it is the header.
    path = grouped(level_2(tmp_path / "cycle.xlsx"), OVER_ID)
    wb = load_workbook(path)
    for sheet in ("applicants", "employment"):
        ws = wb[sheet]
        upper, lower = ([c.value for c in ws[row]] for row in (1, 2))
        ws.append(upper)
        ws.append(lower)
        ws.merge_cells(start_row=ws.max_row - 1, start_column=1, end_row=ws.max_row - 1, end_column=2)
    wb.save(path)
    for inputs in (path, _csv_set(path, tmp_path / "hr")):
        result = CliRunner().invoke(main, ["validate", str(inputs)])
        lines = [line.split("#", 1)[1] for line in result.stdout.splitlines() if not line.endswith(": ok")]
        assert [line.split(" (")[0].split(":")[0] for line in lines] == ["基本信息", "申报人编号"], lines
        assert lines[0].endswith("row 5, column 申报人编号: '基本信息' repeats the header (rows 1-2), not an applicant: "
                                 "delete the row, or begin its id with # to keep it as a note; it is not judged")
        assert "row 6, column 申报人编号: '申报人编号' repeats the header (rows 1-2)" in lines[1]
        assert result.stderr.splitlines()[-1].endswith("2 invalid") and result.exit_code == 2
