"""How the Chinese output reads to a review committee (评审委员会): words where a number would be taken for a
level, Chinese punctuation inside Chinese sentences, the same term for the same thing in every document."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from certify.cli import main

# Qualifies for no level: a year and a half of sales, no projects.
NOBODY = """\
applicant: {id: T-001, name: 林小雨, target_level: 2}
as_of: 2025-12-31
education:
  - {degree: bachelor, graduated: 2024-07-01}
employment:
  - {employer: 甲公司, start: 2024-07-01, sales: true, it: true}
projects: []
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


@pytest.fixture(scope="module")
def nobody(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("nobody") / "nobody.yaml"
    path.write_text(NOBODY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report(nobody) -> Path:
    out = nobody.parent / "review"
    result = run("report", nobody, "--out", out, "--lang", "zh", "-q")
    assert result.exit_code == 1, result.output
    return out


def test_no_qualified_level_reads_as_words_not_a_level_numbered_0(nobody, report):
    table = run("check", nobody, "--lang", "zh", "--no-explain").stdout
    assert "未达到任何级别" in table.splitlines()[2] and "0（无）" not in table
    assert "认定级别：未达到任何级别    申报级别：2级 客户经理（不符合）" in run("check", nobody, "--lang", "zh").stdout
    assert "- 认定级别：未达到任何级别\n" in (report / "sheets" / "T-001.md").read_text(encoding="utf-8")
    assert "| 未达到任何级别 | 1 |" in (report / "overview.md").read_text(encoding="utf-8")
    assert "未达到任何级别" in (report / "index.html").read_text(encoding="utf-8")
    row = list(csv.reader((report / "summary.csv").open(encoding="utf-8-sig")))[1]
    assert row[4:6] == ["0", "未达到任何级别"]  # the level stays a number, to sort and filter by
    sheet = load_workbook(report / "summary.xlsx").active
    assert [c.value for c in sheet[2]][4:6] == [0, "未达到任何级别"]
    # English, and the machine formats, keep the number
    assert "qualified level: 0 (none)" in run("check", nobody, "--lang", "en").stdout
    assert ",0,fail," in run("check", nobody, "--lang", "zh", "--format", "csv").stdout


def test_the_overview_counts_target_statuses_in_a_chinese_sentence(report):
    # It was 申报级别结果：符合 0 · 不符合 1 · 待核实 0 · 未申报级别 0: English middle dots, counts without a unit.
    overview = (report / "overview.md").read_text(encoding="utf-8")
    assert "申报级别结果：符合 0 人，不符合 1 人，待核实 0 人，未申报级别 0 人\n" in overview
    index = (report / "index.html").read_text(encoding="utf-8")
    assert '<span class="st fail">不符合</span> 1 人，<span class="st review">待核实</span> 0 人，未申报级别 0 人' in index


def test_the_overview_s_counts_say_what_they_count(report):
    # It was 申报人：1（已评定 1，无法评定 0） and 截止日期：2025-12-31（1）: a bare number in brackets after a date.
    overview = (report / "overview.md").read_text(encoding="utf-8")
    assert "- 申报人：1 人（已评定 1 人，无法评定 0 人）\n" in overview
    assert "- 截止日期：2025-12-31（1 人）\n" in overview
    assert "<dd>1 人（已评定 1 人，无法评定 0 人）</dd>" in (report / "index.html").read_text(encoding="utf-8")


def test_the_target_column_says_the_target_is_a_level(nobody, report):
    # It was `2 不符合` under 申报级别: a bare number beside a status word.
    assert run("check", nobody, "--lang", "zh", "--no-explain").stdout.splitlines()[2].endswith("  2级 不符合")
    assert '<td>2级 <span class="st fail">不符合</span></td>' in (report / "index.html").read_text(encoding="utf-8")
    assert run("check", nobody, "--lang", "en", "--no-explain").stdout.splitlines()[2].endswith("  2 fail")


def test_a_level_is_named_with_级_so_its_number_is_not_read_as_a_count(report, tmp_path):
    # It was 认定级别：2 客户经理, which can read as two account managers; the review sheet's headings said 2级 already.
    (tmp_path / "two.yaml").write_text(NOBODY.replace("2024-07-01", "2018-07-01").replace(
        "projects: []", "projects:\n  - {name: 平台项目, amount: 120万, role: lead, status: completed,\n"
        "     stages: [需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收]}"), encoding="utf-8")
    said = run("check", tmp_path / "two.yaml", "--lang", "zh").stdout
    assert "认定级别：2级 客户经理    申报级别：2级 客户经理（符合）" in said and "\n  2级 客户经理：符合\n" in said
    assert "  2级 客户经理  " in run("check", tmp_path / "two.yaml", "--lang", "zh", "--no-explain").stdout
    assert run("report", tmp_path / "two.yaml", "--out", tmp_path / "review", "--lang", "zh", "-q").exit_code == 0
    assert "| 2级 客户经理 | 1 |" in (tmp_path / "review" / "overview.md").read_text(encoding="utf-8")
    assert "| 1 | T-001 | 林\\*\\* | 2级 客户经理 |" in (tmp_path / "review" / "notice.md").read_text(encoding="utf-8")
    assert "qualified level: 2 Account Manager" in run("check", tmp_path / "two.yaml", "--lang", "en").stdout


def test_a_target_already_passed_has_no_gap_said_as_a_sentence(tmp_path):
    # It was 无差距：该级别已符合, without the full stop every other line of the gap ends with.
    (tmp_path / "one.yaml").write_text(NOBODY.replace("target_level: 2", "target_level: 1").replace(
        "2024-07-01", "2018-07-01").replace("projects: []", "projects:\n  - {name: 平台项目, role: lead, status: completed,"
        "\n     stages: [需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收]}"), encoding="utf-8")
    said = run("check", tmp_path / "one.yaml", "--lang", "zh").stdout
    assert said.endswith("  距1级 销售代表的差距：\n    已符合该级别，无差距。\n\n")
