"""Committee decisions: reading the file (YAML or CSV), checking it against a batch, never changing a verdict."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from certify.check import check_paths
from certify.engine import Engine
from certify.errors import Message
from certify.overridecheck import apply_overrides, check_overrides
from certify.overrides import OverridesError, load_overrides
from certify.ruleset import load_ruleset
from samples import COMMITTEE

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"

YAML = "# 评审委员会 2026年第4次会议\n" + COMMITTEE + """\
  - applicant: AP-104
    level: 3
    decision: deny
    reason: 项目金额未经审计
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第4号
    date: 2026-12-20
"""

CSV = """\
applicant,level,decision,reason,approver,reference,date
AP-103,2,特批,主导省级重点项目,评审委员会主任 王建国,评审委员会纪要 2026-12 第3号,2026-12-20
AP-104,3,不予认定,项目金额未经审计,评审委员会主任 王建国,评审委员会纪要 2026-12 第4号,2026-12-20
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def said_in_chinese(error: OverridesError) -> bool:
    """The error's message, and its entry or column, have their Chinese (committees read it with --lang zh)."""
    def chinese(text) -> bool:
        return isinstance(text, Message) and text.zh != text and any("\u4e00" <= c <= "\u9fff" for c in text.zh)
    return chinese(error.message) and (error.path is None or chinese(error.path))


def test_yaml_and_csv_give_the_same_decisions(tmp_path):
    from_yaml = load_overrides(write(tmp_path, "c.yaml", YAML))
    from_csv = load_overrides(write(tmp_path, "c.csv", CSV))
    assert [(o.applicant, o.level, o.decision, o.date) for o in from_yaml] == \
        [("AP-103", 2, "grant", date(2026, 12, 20)), ("AP-104", 3, "deny", date(2026, 12, 20))]
    assert [(o.applicant, o.level, o.decision, o.reference) for o in from_csv] == \
        [(o.applicant, o.level, o.decision, o.reference) for o in from_yaml]
    assert [(o.entry, o.line) for o in from_yaml] == [(1, 3), (2, 10)]
    assert [(o.entry, o.line) for o in from_csv] == [(1, 2), (2, 3)]


def test_a_decision_is_read_whatever_its_case_or_its_chinese_name(tmp_path):
    entries = "".join(f"  - {{applicant: A{i}, level: 1, decision: {d}, reason: r, approver: a, reference: x, "
                      f"date: 2026-01-02}}\n" for i, d in enumerate(("Grant", "DENY", "特批", "驳回")))
    decisions = [o.decision for o in load_overrides(write(tmp_path, "c.yaml", "overrides:\n" + entries))]
    assert decisions == ["grant", "deny", "grant", "deny"]


def test_a_plain_list_is_accepted_and_an_empty_one_means_no_decisions(tmp_path):
    path = write(tmp_path, "c.yaml", "- {applicant: 1024, level: 1, decision: grant, reason: r, approver: a, "
                                     "reference: ref, date: 2026-01-02}\n")
    [o] = load_overrides(path)
    assert o.applicant == "1024"
    assert load_overrides(write(tmp_path, "none.yaml", "overrides: []\n")) == []


@pytest.mark.parametrize("entry, message", [
    ("{applicant: A, level: 1, decision: grant, reason: r, aprover: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: unknown key 'aprover' (did you mean 'approver'?)"),
    ("{applicant: A, level: 1, decision: grant, reason: r, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: required key 'approver' is missing"),
    ("{applicant: A, level: 1, decision: grnat, reason: r, approver: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: decision: unknown decision 'grnat' (expected grant 破格/特批 or deny 不予认定) "
     "(did you mean 'grant'?)"),
    ("{applicant: A, level: two, decision: grant, reason: r, approver: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: level: expected a whole number ≥ 1, got 'two'"),
    ("{applicant: A, level: 0, decision: grant, reason: r, approver: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: level: expected a whole number ≥ 1, got the number 0"),
    # named as in a dossier's errors, not as Python writes it (True, inf)
    ("{applicant: A, level: true, decision: grant, reason: r, approver: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: level: expected a whole number ≥ 1, got true"),
    ("{applicant: A, level: 1, decision: grant, reason: '  ', approver: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: reason: expected non-empty text, got '  '"),
    ("{applicant: A, level: 1, decision: grant, reason: '', approver: a, reference: x, date: 2026-01-02}",
     "c.yaml:2: entry 1: required key 'reason' is missing"),
    ("{applicant: A, level: 1, decision: grant, reason: r, approver: a, reference: x, date: 2026-13-02}",
     "c.yaml:2: entry 1: date: '2026-13-02' is not a real date"),
    ("{applicant: A, level: 1, decision: grant, reason: r, approver: a, reference: x, date: 2026年2月30日}",
     "c.yaml:2: entry 1: date: '2026年2月30日' is not a real date"),
    # a decision is dated as a dossier is (reading-the-standard.md, decision 18): 1900-01-03 is a slip
    ("{applicant: A, level: 1, decision: grant, reason: r, approver: a, reference: x, date: 1900-01-03}",
     "c.yaml:2: entry 1: date: 1900-01-03 is before any career (a date on or after 1950-01-01)"),
    ("{applicant: A, level: 1, decision: grant, reason: r, approver: a, reference: x, date: 1900/1/3}",
     "c.yaml:2: entry 1: date: 1900-01-03 is before any career (a date on or after 1950-01-01)"),
    ("{applicant: A, level: 1, decision: grant, reason: r, approver: a, reference: x, date: 2 Jan 2026}",
     "c.yaml:2: entry 1: date: expected a date written YYYY-MM-DD (or YYYY/M/D), got '2 Jan 2026'"),
])
def test_a_bad_entry_names_the_file_line_entry_and_field(tmp_path, entry, message):
    path = write(tmp_path, "c.yaml", f"overrides:\n  - {entry}\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == str(tmp_path / message)
    assert said_in_chinese(e.value)


def test_a_key_given_twice_in_an_entry_is_an_error_not_the_last_one_kept(tmp_path):
    path = write(tmp_path, "c.yaml", "overrides:\n  - applicant: A\n    level: 2\n    level: 4\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == f"{path}:4: duplicate key 'level': given here and on line 3"


def test_a_csv_column_given_twice_is_an_error_not_the_last_one_kept(tmp_path):
    header, *rows = CSV.splitlines()
    path = write(tmp_path, "c.csv", "\n".join([header + ",level", *(r + ",4" for r in rows)]) + "\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == f"{path}:1: column 'level' is given twice"
    assert e.value.said("zh") == f"{path}:1：“level”列出现了两次"


def test_a_csv_file_separated_by_semicolons_says_so(tmp_path):
    path = write(tmp_path, "c.csv", CSV.replace(",", ";"))
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == (f"{path}:1: unknown column '{CSV.splitlines()[0].replace(',', ';')}' (the columns are "
                            "separated by semicolons, not by commas: save the file again as CSV (Comma delimited))")


def test_a_level_of_thousands_of_digits_is_an_error_not_a_crash(tmp_path):
    header, first, *rest = CSV.splitlines()
    path = write(tmp_path, "c.csv", "\n".join([header, first.replace(",2,", "," + "9" * 5000 + ",", 1)]) + "\n")
    with pytest.raises(OverridesError, match="level: expected a whole number ≥ 1, got '9999"):
        load_overrides(path)


def test_a_level_in_chinese_numerals_is_read_and_a_word_is_an_error_not_a_crash(tmp_path):
    header, first, *rest = CSV.splitlines()
    path = write(tmp_path, "c.csv", "\n".join([header, first.replace(",2,", ",二级,", 1)]) + "\n")
    assert [d.level for d in load_overrides(path)] == [2]
    path = write(tmp_path, "d.csv", "\n".join([header, first.replace(",2,", ",客户经理,", 1)]) + "\n")
    with pytest.raises(OverridesError, match="level: expected a whole number ≥ 1, got '客户经理'"):
        load_overrides(path)


def test_a_misspelt_top_key_gets_a_did_you_mean(tmp_path):
    path = write(tmp_path, "c.yaml", "overides:\n  - {applicant: A}\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == (f"{path}: expected a list of decisions, or a mapping with one key 'overrides', "
                            "not 'overides' (did you mean 'overrides'?)")


@pytest.mark.parametrize("name, data, chinese", [
    ("c.yaml", b"", "空文件：没有决定时请写 'overrides: []'"),
    ("c.yaml", b"overides:\n  - {applicant: A}\n", "应为决定的列表，或只含一个字段 'overrides' 的映射，而不是 'overides'"
                                                   "（是否应为 'overrides'？）"),
    ("c.yaml", b"overrides: [\n", "YAML 格式有误：解析括号内的内容时，未找到应有的内容"),
    ("c.yaml", b"overrides:\n  - applicant: A\n    level: 2\n    level: 4\n", "字段 'level' 重复出现：在此处和第3行都出现了"),
    ("c.yaml", b"overrides:\n  - [A, 2]\n", "第1条：应为含 applicant、level、decision、reason、approver、reference、date "
                                             "各字段的映射（键: 值）"),
    ("c.yaml", b"\xff\xfeoverrides: []\n", "不是 UTF-8 文本：文件以 UTF-16（记事本的“Unicode”）保存；请把文件另存为 UTF-8 编码"
                                          "（记事本：“文件”→“另存为”，“编码”选 UTF-8）"),
    ("c.csv", b"\n", "空文件：第1行应为列名（applicant,level,decision,reason,approver,reference,date）"),
    ("c.csv", b"applicant,level,decision,reason,approver,date\n", "缺少“文号/reference”列"),
    ("missing.yaml", None, "无法读取评审委员会决定文件：No such file or directory"),
], ids=["empty", "misspelt top key", "not YAML", "key twice", "not a mapping", "not UTF-8", "empty csv",
        "missing column", "no such file"])
def test_an_error_about_the_whole_file_is_in_chinese_too(tmp_path, name, data, chinese):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert e.value.said("zh") == f"{e.value.where()}：{chinese}"
    assert str(e.value) == e.value.said("en") != e.value.said("zh")


def test_two_decisions_on_one_applicant_and_level_are_an_error(tmp_path):
    path = write(tmp_path, "c.csv", CSV + CSV.splitlines()[1] + "\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == f"{path}:4: entry 3: applicant 'AP-103' level 2 already has a decision (entry 1)"
    assert e.value.said("zh") == f"{path}:4：第3条：申报人 'AP-103' 的2级已有决定（见第1条）"


def test_unknown_applicants_and_levels_are_errors_with_a_suggestion(tmp_path):
    verdicts = list(check_paths(Engine(load_ruleset()), [APPLICANTS / "zhao-lei.yaml", APPLICANTS / "huang-tao.yaml"]))
    assert sorted(v.applicant_id for v in verdicts) == ["AP-103", "AP-104"]
    check_overrides(load_overrides(write(tmp_path, "b.yaml", YAML)), verdicts)  # both are in the batch
    overrides = load_overrides(write(tmp_path, "c.yaml", YAML.replace("AP-104", "AP-1O4")))
    with pytest.raises(OverridesError) as e:
        check_overrides(overrides, verdicts)
    assert str(e.value) == (f"{tmp_path / 'c.yaml'}:10: entry 2: applicant 'AP-1O4' is not in the batch "
                            "(did you mean 'AP-104'?)")
    # Another applicant's id is not a typo of one in the batch: no hint then.
    overrides = load_overrides(write(tmp_path, "e.yaml", YAML.replace("AP-104", "AP-110")))
    with pytest.raises(OverridesError) as e:
        check_overrides(overrides, verdicts)
    assert e.value.hint is None and str(e.value).endswith("applicant 'AP-110' is not in the batch")
    overrides = load_overrides(write(tmp_path, "d.yaml", YAML.replace("level: 3", "level: 5")))
    with pytest.raises(OverridesError) as e:
        check_overrides(overrides, verdicts)  # judged by one ruleset file: no edition to name
    assert str(e.value) == f"{tmp_path / 'd.yaml'}:10: entry 2: level 5 is not a level of kam-2014 2014.1 (1-4)"
    with pytest.raises(OverridesError) as e:
        check_overrides(overrides, verdicts, dated=True)
    assert str(e.value) == (f"{tmp_path / 'd.yaml'}:10: entry 2: level 5 is not a level of kam-2014 2014.1 (1-4), "
                            "the edition in force for AP-104 on 2025-12-31")
    assert e.value.said("zh") == (f"{tmp_path / 'd.yaml'}:10：第2条：级别 5 不是 kam-2014 2014.1"
                                  "（2025-12-31 时对 AP-104 施行的版本）的级别（1-4）")


def test_an_override_never_changes_the_computed_verdict(tmp_path):
    folder = APPLICANTS
    engine = Engine(load_ruleset())
    results = list(check_paths(engine, [folder / "zhao-lei.yaml", folder / "huang-tao.yaml"]))
    overrides = load_overrides(write(tmp_path, "c.yaml", YAML))
    applied = apply_overrides(results, overrides)
    for before, after in zip(results, applied):
        assert after.overrides and after.overrides[0].applicant == before.applicant_id
        assert dataclasses.replace(after, overrides=()) == before
        assert (after.qualified_level, after.target_status) == (before.qualified_level, before.target_status)
    assert applied[0].qualified_level == 1 and applied[0].overrides[0].decision == "grant"


def test_texts_mark_the_decision_in_both_languages(tmp_path):
    [grant, deny] = load_overrides(write(tmp_path, "c.yaml", YAML))
    assert grant.cell("en") == "L2 grant (评审委员会纪要 2026-12 第3号)"
    assert grant.cell("zh") == "2级 破格/特批（评审委员会纪要 2026-12 第3号）"
    assert deny.text("en") == ("L3 deny: 项目金额未经审计. Decided by 评审委员会主任 王建国, "  # not "Approved by"
                               "评审委员会纪要 2026-12 第4号, 2026-12-20")
    assert grant.text("en") == ("L2 grant: 主导省级重点项目，销售年限差3个月. Approved by 评审委员会主任 王建国, "
                                "评审委员会纪要 2026-12 第3号, 2026-12-20")
    assert grant.as_record() == {"applicant_id": "AP-103", "level": 2, "decision": "grant",
                                 "reason": "主导省级重点项目，销售年限差3个月", "approver": "评审委员会主任 王建国",
                                 "reference": "评审委员会纪要 2026-12 第3号", "date": "2026-12-20",
                                 "file": str(tmp_path / "c.yaml"), "entry": 1}


# ---- a CSV as Excel saves it: read as the HR sheets are ----

def _decisions(overrides) -> list[tuple]:
    return [(o.applicant, o.level, o.decision, o.reason, o.approver, o.reference, o.date, o.line) for o in overrides]


def _excel_csv(text: str) -> str:
    """CSV as Excel on Chinese Windows may save it: Chinese headers, 2级, 2026/12/20, empty columns at the end."""
    header, *rows = text.splitlines()
    header = "申报人编号,级别,决定,理由,批准人,文号,日期"
    rows = [r.replace(",2,", ",2级,", 1).replace(",3,", ",3 级,", 1).replace("2026-12-20", "2026/12/20") for r in rows]
    return "\r\n".join(line + ",,," for line in [header, *rows]) + "\r\n"


@pytest.mark.parametrize("change", ["gb18030", "trailing empty columns", "chinese headers", "2级", "2026/12/20",
                                    "all of them"])
def test_an_overrides_csv_is_read_as_the_hr_sheets_read_the_same_cells(tmp_path, change):
    expected = _decisions(load_overrides(write(tmp_path, "plain.csv", CSV)))
    header, *rows = CSV.splitlines()
    edited = {"gb18030": CSV, "trailing empty columns": "".join(f"{line},,,\n" for line in CSV.splitlines()),
              "chinese headers": CSV.replace(header, "申报人编号,级别,决定,理由,批准人,文号,日期"),
              "2级": CSV.replace(",2,", ",2级,"), "2026/12/20": CSV.replace("2026-12-20", "2026/12/20"),
              "all of them": _excel_csv(CSV)}[change]
    path = tmp_path / "excel.csv"
    path.write_bytes(edited.encode("gb18030" if change in ("gb18030", "all of them") else "utf-8"))
    assert _decisions(load_overrides(path)) == expected


def test_headers_may_be_written_as_the_sheets_allow_and_note_columns_are_not_read(tmp_path):
    text = ("Applicant ID,LEVEL,decision,reason,approver,reference,date,#备注\n"
            "AP-103,2,特批,主导省级重点项目,评审委员会主任 王建国,评审委员会纪要 2026-12 第3号,2026-12-20,会上补充\n")
    [o] = load_overrides(write(tmp_path, "c.csv", text))
    assert (o.applicant, o.level, o.decision) == ("AP-103", 2, "grant")


@pytest.mark.parametrize("text, message", [
    ("申报人编号,级别,决定,理由,批准人,文号,日期,aprover\n", "c.csv:1: unknown column 'aprover' (did you mean 'approver'?)"),
    ("applicant,level,decision,reason,approver,date\n", "c.csv:1: no column reference (文号)"),
    ("applicant,level,decision,reason,approver,reference,date,\nA,2,grant,r,a,x,2026-12-20,\n"
     "B,2,grant,r,a,x,2026-12-20,补录\n",
     "c.csv:3: entry 2: column H: a value in a column without a header (give it one, or begin one with # for a "
     "note)"),
    ("applicant,level,decision,reason,approver,reference,date\nA,2,grant,r,a,x,2026-12-20,,x\n",
     "c.csv:2: entry 1: column I: a value past the last column of the header (more cells in this row than the "
     "header has)"),
    ("applicant,level,decision,reason,approver,reference,date\nA,2级半,grant,r,a,x,2026/12/20\n",
     "c.csv:2: entry 1: level: expected a whole number ≥ 1, got '2级半'"),
    ("applicant,level,decision,reason,approver,reference,date\nA,2,grant,r,a,x,2026/2/30\n",
     "c.csv:2: entry 1: date: '2026/2/30' is not a real date"),
    ("applicant,level,decision,reason,approver,reference,date\nA,2,grant,r,a,x,2026/12/20 9:30\n",
     "c.csv:2: entry 1: date: expected a date written YYYY-MM-DD (or YYYY/M/D), got '2026/12/20 9:30'"),
], ids=["unknown column", "missing column", "a value without a header", "a value past the header", "a bad level",
        "a date that does not exist", "a date with a time"])
def test_a_bad_csv_cell_or_header_names_the_file_line_and_entry(tmp_path, text, message):
    path = write(tmp_path, "c.csv", text)
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert str(e.value) == str(tmp_path / message)
    assert said_in_chinese(e.value)


def test_rows_of_empty_cells_as_excel_leaves_them_are_no_entries(tmp_path):
    overrides = load_overrides(write(tmp_path, "c.csv", CSV + ",,,,,,,,\n,,,,,,\n"))
    assert [o.entry for o in overrides] == [1, 2]


# ---- every problem of the file in one run ----

SEVERAL = """\
overrides:
  - {applicant: AP-103, level: 2, decision: 破格, reason: r, aprover: a, reference: x, date: 2026-12-20}
  - {applicant: AP-1O4, level: 3, decision: grnat, reason: r, approver: a, reference: x, date: 2026-13-20}
  - {applicant: AP-104, level: 5, decision: deny, reason: r, approver: a, reference: x, date: 2026-12-20}
  - {applicant: AP-104, level: 5, decision: deny, reference: x, date: 2026-12-20}
"""


def _lines(error: OverridesError, lang: str = "en") -> list[str]:
    return error.said_line(lang).splitlines()


def test_every_bad_entry_and_field_of_a_decisions_file_is_said_at_once(tmp_path):
    path = write(tmp_path, "c.yaml", SEVERAL)
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    # An unknown key is not said missing under the name it may be a misspelling of ('aprover': no 'approver' line).
    assert _lines(e.value) == [
        f"Error: {path}:2: entry 1: unknown key 'aprover' (did you mean 'approver'?)",
        f"Error: {path}:3: entry 2: decision: unknown decision 'grnat' (expected grant 破格/特批 or deny 不予认定) "
        "(did you mean 'grant'?)",
        f"Error: {path}:3: entry 2: date: '2026-13-20' is not a real date",
        f"Error: {path}:5: entry 4: required key 'reason' is missing",
        f"Error: {path}:5: entry 4: required key 'approver' is missing",
        f"Error: {path}:5: entry 4: applicant 'AP-104' level 5 already has a decision (entry 3)"]
    assert _lines(e.value, "zh") == [
        f"错误：{path}:2：第1条：未知字段 'aprover'（是否应为 'approver'？）",
        f"错误：{path}:3：第2条：决定（decision）：未知的决定 'grnat'（应为“破格”“特批”或“不予认定”）（是否应为 'grant'？）",
        f"错误：{path}:3：第2条：日期（date）：'2026-13-20' 不是真实存在的日期",
        f"错误：{path}:5：第4条：缺少必填字段 'reason'（理由）",
        f"错误：{path}:5：第4条：缺少必填字段 'approver'（批准人）",
        f"错误：{path}:5：第4条：申报人 'AP-104' 的5级已有决定（见第3条）"]


def test_every_bad_column_of_a_csv_header_is_said_at_once(tmp_path):
    path = write(tmp_path, "c.csv", "申报人编号,级别,决定,理由,aprover,refrence,日期,日期\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert _lines(e.value) == [f"Error: {path}:1: unknown column 'aprover' (did you mean 'approver'?)",
                               f"Error: {path}:1: unknown column 'refrence' (did you mean 'reference'?)",
                               f"Error: {path}:1: column '日期' is given twice"]
    path = write(tmp_path, "d.csv", "申报人编号,级别,决定,理由,aprover,日期\n")
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert _lines(e.value) == [f"Error: {path}:1: unknown column 'aprover' (did you mean 'approver'?)",
                               f"Error: {path}:1: no column reference (文号)"]


def test_every_csv_row_with_a_value_past_the_header_is_said(tmp_path):
    path = write(tmp_path, "c.csv", CSV.replace("2026-12-20", "2026-12-20,x"))
    with pytest.raises(OverridesError) as e:
        load_overrides(path)
    assert [line.split(": column")[0] for line in _lines(e.value)] == [
        f"Error: {path}:2: entry 1", f"Error: {path}:3: entry 2"]


def test_every_entry_the_batch_lacks_is_said_with_the_entries_own_problems_in_the_files_order(tmp_path):
    from certify.overrides import read_overrides

    verdicts = list(check_paths(Engine(load_ruleset()), [APPLICANTS / "zhao-lei.yaml", APPLICANTS / "huang-tao.yaml"]))
    path = write(tmp_path, "c.yaml", SEVERAL)
    overrides, unread = read_overrides(path)
    with pytest.raises(OverridesError) as e:
        check_overrides(overrides, verdicts, unread=unread)
    lines = _lines(e.value)
    assert lines[2:4] == [f"Error: {path}:3: entry 2: date: '2026-13-20' is not a real date",
                          f"Error: {path}:3: entry 2: applicant 'AP-1O4' is not in the batch (did you mean 'AP-104'?)"]
    assert lines[4] == f"Error: {path}:4: entry 3: level 5 is not a level of kam-2014 2014.1 (1-4)"
    assert lines[5:] == [f"Error: {path}:5: entry 4: required key 'reason' is missing",
                         f"Error: {path}:5: entry 4: required key 'approver' is missing",
                         f"Error: {path}:5: entry 4: applicant 'AP-104' level 5 already has a decision (entry 3)",
                         f"Error: {path}:5: entry 4: level 5 is not a level of kam-2014 2014.1 (1-4)"]


def test_check_says_every_problem_of_the_decisions_file_on_standard_error_and_nothing_else(tmp_path):
    from click.testing import CliRunner

    from certify.cli import main

    path = write(tmp_path, "c.yaml", SEVERAL)
    result = CliRunner().invoke(main, ["check", str(APPLICANTS / "zhao-lei.yaml"), str(APPLICANTS / "huang-tao.yaml"),
                                       "--overrides", str(path), "--format", "csv"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {path}:2: entry 1: unknown key 'aprover' (did you mean 'approver'?)",
        f"Error: {path}:3: entry 2: decision: unknown decision 'grnat' (expected grant 破格/特批 or deny 不予认定) "
        "(did you mean 'grant'?)",
        f"Error: {path}:3: entry 2: date: '2026-13-20' is not a real date",
        f"Error: {path}:3: entry 2: applicant 'AP-1O4' is not in the batch (did you mean 'AP-104'?)",
        f"Error: {path}:4: entry 3: level 5 is not a level of kam-2014 2014.1 (1-4)",
        f"Error: {path}:5: entry 4: required key 'reason' is missing",
        f"Error: {path}:5: entry 4: required key 'approver' is missing",
        f"Error: {path}:5: entry 4: applicant 'AP-104' level 5 already has a decision (entry 3)",
        f"Error: {path}:5: entry 4: level 5 is not a level of kam-2014 2014.1 (1-4)"]
    # Said once the batch is judged, they leave no records folder behind, as before (--record).
    records = tmp_path / "records"
    result = CliRunner().invoke(main, ["check", str(APPLICANTS / "zhao-lei.yaml"), "--overrides", str(path),
                                       "--record", str(records)])
    assert result.exit_code == 2 and not records.exists()
