"""A header of two rows whose group headings are centred across their columns (跨列居中, Excel's "Center Across
Selection") instead of merged: many HR staff avoid merged cells. The heading cell and the empty cells to its right
it is centred over are all aligned centerContinuous, and the workbook holds no merge there; read as a merged
heading is, as strictly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.styles import Alignment

from certify.cli import main
from certify.editions import open_rulesets
from sheetdata import judge, level_2, records
from test_sheet_headers import OVER_ID, TIMES, grouped
from test_sheet_titles import TITLE, titled


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def centred(path: Path, groups: dict, *, how: str = "centerContinuous", over: int | None = None) -> Path:
    """grouped(), with each group heading not merged but aligned `how` together with the empty cells of its row
    over the columns it groups (`over`: over that many of them only, from the heading's); saved as centred-<name>."""
    out = grouped(path, groups, merged=False)
    wb = load_workbook(out)
    for sheet, spec in groups.items():
        ws = wb[sheet]
        for heading, names in [spec] if isinstance(spec[0], str) else spec:
            first = min(names)
            row = next(r for r in range(1, 12) if ws.cell(r, first).value == heading)
            assert not any(ws.cell(row, first).coordinate in r for r in ws.merged_cells.ranges)
            for column in range(first, max(names) + 1 if over is None else first + over):
                ws.cell(row, column).alignment = Alignment(horizontal=how)
    wb.save(out := path.with_name(f"centred-{path.name}"))
    return out


def test_dates_grouped_under_a_heading_centred_across_them_give_the_same_verdicts_and_a_note(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    path = centred(titled(plain), TIMES)
    ws = load_workbook(path)["employment"]
    assert [(c.value, c.alignment.horizontal) for c in ws[3]][2:4] == [("起止时间", "centerContinuous"),
                                                                      (None, "centerContinuous")]
    assert records(judge(engine, path)) == records(judge(engine, plain))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[2] == (
        f"note: {path}, sheet 'employment': rows 1-2 above its header (rows 3-4) were read as its title ('{TITLE}'), "
        "not as rows to judge; its group heading (起止时间) was read over the columns named below, not as columns")
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert zh.exit_code == 0 and "分组标题（起止时间）按其下各列的分组读取" in zh.stderr.splitlines()[2]
    # Rows keep the sheet's own numbers: E1's second job is row 6.
    wb = load_workbook(path)
    wb["employment"]["C6"] = "2014-13-01"
    wb.save(path)
    assert judge(engine, path)[0].error.detail() == "[employment] row 6, column 开始日期: '2014-13-01' is not a date"


def test_a_heading_centred_across_the_id_column_reads_as_one_merged_over_it(engine, tmp_path):
    # 基本信息 centred over 申报人编号 and 姓名 (and 起止时间 over the dates); the other headers merged down.
    plain = level_2(tmp_path / "cycle.xlsx")
    for path in (centred(titled(plain), OVER_ID), centred(plain, OVER_ID)):
        assert records(judge(engine, path)) == records(judge(engine, plain))
        notes = CliRunner().invoke(main, ["validate", str(path)]).stderr.splitlines()
        assert notes[2].startswith(f"note: {path}, sheet 'employment': ")
        assert notes[2].endswith("group headings (基本信息, 起止时间) were read over the columns named below, not as columns")


def test_a_misspelt_name_under_a_centred_heading_is_refused_at_its_own_cell(engine, tmp_path):
    path = centred(titled(level_2(tmp_path / "cycle.xlsx")), {"employment": ("起止时间", {3: "开始曰期", 4: "结束日期"})})
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[employment] row 4, column 开始曰期: unknown column (did you mean '开始'?); "
                                      "nothing in this set was judged")
    path = centred(titled(level_2(tmp_path / "cycle.xlsx")), OVER_ID)
    wb = load_workbook(path)
    wb["applicants"]["B4"] = "申报姓名"
    wb.save(path)
    [failure] = judge(engine, path)
    assert failure.error.detail() == ("[applicants] row 4, column 申报姓名: unknown column (did you mean '姓名'?); "
                                      "nothing in this set was judged")


def test_a_heading_only_centred_or_centred_alone_is_no_group_and_is_refused_as_before(engine, tmp_path):
    plain = titled(level_2(tmp_path / "cycle.xlsx"))
    refused = ("[employment] row 3, column 起止时间: unknown column (begin its header with # to keep it as a note); "
               "nothing in this set was judged (and 1 more problem: certify validate lists it)")  # 开始 missing
    # Centred text (the usual centring), over empty centred cells: no group.
    [failure] = judge(engine, centred(plain, TIMES, how="center"))
    assert failure.error.detail() == refused
    # Centred across selection in its own cell alone: nothing empty and centred to its right, so it is centred text.
    [failure] = judge(engine, centred(plain, TIMES, over=1))
    assert failure.error.detail() == refused
    # Centred across the dates, with rows of data right below it: no names under the heading.
    wb = load_workbook(plain)
    ws = wb["employment"]
    ws["C3"], ws["D3"] = "起止时间", None
    for cell in ("C3", "D3"):
        ws[cell].alignment = Alignment(horizontal="centerContinuous")
    wb.save(path := tmp_path / "over-data.xlsx")
    [failure] = judge(engine, path)
    assert failure.error.detail().startswith("[employment] row 3, column 起止时间: unknown column")


def test_a_title_centred_across_the_headers_right_above_them_stays_a_title(engine, tmp_path):
    plain = level_2(tmp_path / "cycle.xlsx")
    wb = load_workbook(plain)
    for ws in wb.worksheets:
        width = ws.max_column
        ws.insert_rows(1)
        ws["A1"] = TITLE
        for column in range(1, width + 1):
            ws.cell(1, column).alignment = Alignment(horizontal="centerContinuous")
    wb.save(path := tmp_path / "centred-title.xlsx")
    assert records(judge(engine, path)) == records(judge(engine, plain))
    assert CliRunner().invoke(main, ["validate", str(path)]).stderr.splitlines()[0] == (
        f"note: {path}, sheet 'applicants': row 1 above its header (row 2) was read as its title ('{TITLE}'), "
        "not as rows to judge")
