"""Cells as HR sheets write them: dates written out in text, full-width digits, and formulas never computed."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from certify.batch import Batch, validated
from certify.cells import CellProblem, cell_value
from certify.check import Failure
from certify.cli import main
from certify.editions import open_rulesets
from certify.values import parse_amount
from sheetdata import APPLICANTS, EDUCATION, EMPLOYMENT, PROJECTS, STAGES, book, judge, level_2, outcome, records


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def csv_set(folder: Path, *, as_of: str, graduated: str, start: str, end: str, amount: str = "620万") -> Path:
    """E1's CSV set, its dates and amount written as given."""
    folder.mkdir()
    sheets = {"applicants": [APPLICANTS, ["E1", "张伟", "2", as_of]],
              "education": [EDUCATION, ["E1", "本科", graduated]],
              "employment": [EMPLOYMENT, ["E1", "甲公司", start, end, "是", "是"]],
              "projects": [PROJECTS, ["E1", "政务云", amount, "主导运作", "已完成", STAGES]]}
    for sheet, rows in sheets.items():
        with open(folder / f"{sheet}.csv", "w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows(rows)
    return folder


# ---- dates written out in text ----

@pytest.mark.parametrize("text", ["2019年1月1日", "2019年01月01日", "2019 年 1 月 1 日", "2019年1月1日 ", "2019.1.1",
                                  "2019.01.01", "２０１９－０１－０１", "２０１９／１／１", "２０１９．１．１", "２０１９年１月１日",
                                  "2019\u3000年1月1日", "2019-1-1", "2019-01-1",
                                  # a date as an HR system exports it, with midnight for a time
                                  "2019-01-01 00:00:00", "2019/1/1 0:00", "2019-01-01T00:00:00", "2019年1月1日 00:00",
                                  "2019-01-01 00:00:00.000"])
def test_a_text_date_written_year_first_the_chinese_way_is_read(text):
    assert cell_value("date", text) == date(2019, 1, 1)


@pytest.mark.parametrize("text, message", [
    ("2019年2月30日", "'2019年2月30日' is not a date"),  # the form is right, the day does not exist
    ("２０１９．２．３０", "'２０１９．２．３０' is not a date"),
    ("20190101", "'20190101' is not a date (write YYYY-MM-DD)"),  # a bare number
    ("1/2/2019", "'1/2/2019' is not a date (write YYYY-MM-DD)"),  # 1 February or 2 January?
    # no day: asked for, never guessed (months are counted from the day), as a dossier's is
    ("2019年1月", "'2019年1月' is not a date (give the day too: write '2019-01-DD', DD the day of the month)"),
    ("2019.1", "'2019.1' is not a date (give the day too: write '2019-01-DD', DD the day of the month)"),
    ("２０１９年３月", "'２０１９年３月' is not a date (give the day too: write '2019-03-DD', DD the day of the month)"),
    ("2019年13月", "'2019年13月' is not a date (write YYYY-MM-DD)"),  # no such month: no day to ask for
    ("2019-01-01 09:30:00", "'2019-01-01 09:30:00' has a time of day: give the date only"),  # as a date cell's
    ("2019-2-30 00:00", "'2019-2-30' is not a date"),
    ("10:00", "'10:00' is not a date (write YYYY-MM-DD)"),
])
def test_a_text_date_that_does_not_exist_or_is_not_year_month_day_is_still_refused(text, message):
    with pytest.raises(CellProblem) as info:
        cell_value("date", text)
    assert str(info.value) == message


def test_a_csv_set_with_dates_written_the_chinese_way_gives_the_verdict_of_iso_dates(engine, tmp_path):
    iso = csv_set(tmp_path / "iso", as_of="2025-06-30", graduated="2014-07-01", start="2014-08-01", end="2024-12-31")
    chinese = csv_set(tmp_path / "zh", as_of="2025年6月30日", graduated="２０１４．７．１", start="2014.08.01",
                      end="２０２４－１２－３１")
    written = judge(engine, chinese)
    assert not isinstance(written[0], Failure), written[0].error
    assert records(written) == records(judge(engine, iso))


# ---- amounts in full-width digits ----

@pytest.mark.parametrize("written, plain", [("１２０万", "120万"), ("１，２００万", "1,200万"), ("￥１２０万元", "¥120万元"),
                                            ("６２０００００", "6200000")])
def test_an_amount_in_full_width_digits_is_read_as_its_half_width_form(engine, tmp_path, written, plain):
    dates = {"as_of": "2025-06-30", "graduated": "2014-07-01", "start": "2014-08-01", "end": ""}
    full = judge(engine, csv_set(tmp_path / "full", amount=written, **dates))
    assert not isinstance(full[0], Failure), full[0].error
    assert records(full) == records(judge(engine, csv_set(tmp_path / "half", amount=plain, **dates)))


def test_an_amount_that_does_not_read_in_full_width_either_is_an_error_quoting_it_as_written(engine, tmp_path):
    dates = {"as_of": "2025-06-30", "graduated": "2014-07-01", "start": "2014-08-01", "end": ""}
    [result] = judge(engine, csv_set(tmp_path / "hr", amount="１２０美元", **dates))
    assert isinstance(result, Failure)
    assert result.error.detail().startswith("projects.csv row 2, column 金额: expected an amount in yuan: ")
    assert result.error.detail().endswith("; got '１２０美元'")
    [negative] = judge(engine, csv_set(tmp_path / "minus", amount="－１２０万", **dates))
    assert negative.error.detail().endswith("; got '－１２０万'")


def test_a_yaml_dossiers_amount_in_full_width_digits_is_still_refused_saying_how_to_write_it(engine, tmp_path):
    path = tmp_path / "E1.yaml"  # dossier-v1 is a fixed format: only the committee's sheets read full-width digits
    path.write_text("applicant: {id: E1}\nprojects:\n  - {name: 政务云, amount: '１２０万', role: lead, "
                    "status: completed}\n", encoding="utf-8")
    [result] = judge(engine, path)
    assert isinstance(result, Failure)
    assert result.error.detail().endswith("got '１２０万' (write '120万' in half-width (ASCII) digits)")


# ---- amounts written as text, as HR sheets write them ----

DATES = {"as_of": "2025-06-30", "graduated": "2014-07-01", "start": "2014-08-01", "end": ""}


@pytest.mark.parametrize("written, plain", [
    ("6200000元整", "6200000"), ("RMB 6,200,000", "6200000"), ("RMB6200000", "6200000"), ("rmb 6,200,000", "6200000"),
    ("CNY 6200000", "6200000"), ("6,200,000 RMB", "6200000"), ("6,200,000 yuan", "6200000"),
    ("人民币6200000元", "6200000"), ("人民币620万元", "6200000"), ("620万元整", "6200000"), ("620万元人民币", "6200000"),
    ("620万人民币", "6200000"), ("620万 人民币", "6200000"), ("6,200,000人民币", "6200000"),
    ("RMB 1.2亿", "120000000"), ("620萬", "6200000"), ("ＲＭＢ　６，２００，０００", "6200000"),
    # a yuan short of level 2's 百万级, and the yuan exactly: the verdict turns on the last yuan
    ("RMB 999,999", "999999"), ("999999元整", "999999"), ("RMB 1,000,000.00", "1000000"), ("人民币100万元", "1000000"),
    ("RMB 999,999.99", "999999.99"),
    # read as before, as dossier-v1 reads them
    ("¥6,200,000.00", "6200000"), ("6,200,000元", "6200000"), ("620万元", "6200000"), ("620万", "6200000")])
def test_an_amount_written_with_the_yuan_in_words_gives_the_verdict_of_the_plain_number(engine, tmp_path, written,
                                                                                        plain):
    text = judge(engine, csv_set(tmp_path / "text", amount=written, **DATES))
    assert not isinstance(text[0], Failure), text[0].error
    assert records(text) == records(judge(engine, csv_set(tmp_path / "plain", amount=plain, **DATES)))


@pytest.mark.parametrize("written, en, zh", [
    ("全部", "discovery, technical_exchange, procurement, contract_signing, contract_execution, payment_collection, "
     "acceptance", "需求发掘、技术交流、商务采购、合同签订、合同执行、项目回款、项目验收"),
    ("1-3", "discovery, technical_exchange, procurement", "需求发掘、技术交流、商务采购")])
def test_stages_in_a_cell_by_number_or_all_at_once_say_the_names_as_a_cell_writes_them(engine, tmp_path, written, en,
                                                                                      zh):
    # It said YAML's list, `请写作 [需求发掘, 技术交流, 商务采购]`: typed into the cell, '[需求发掘' is no stage
    path = book(tmp_path / "cycle.xlsx", {
        "申报人": [APPLICANTS, ["E1", "张伟", 1, date(2025, 6, 30)]],
        "项目经历": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", written]]})
    [result] = judge(engine, path)
    assert isinstance(result, Failure)
    assert result.error.detail("en") == ("[项目经历] row 2, column 销售阶段: each stage is written by its name, not a "
                                         f"number or a word for them all: write {en}")
    assert result.error.detail("zh").endswith(f"：各阶段须逐一写出名称，不能写序号或“全部”：请写作 {zh}")


def test_stages_apart_by_spaces_in_a_cell_say_to_write_them_apart_as_a_cell_does(engine, tmp_path):
    # It said `用半角逗号分隔：[需求发掘, 技术交流]`, YAML's list: typed into the cell, '[需求发掘' is no stage
    path = book(tmp_path / "cycle.xlsx", {
        "申报人": [APPLICANTS, ["E1", "张伟", 1, date(2025, 6, 30)]],
        "项目经历": [PROJECTS, ["E1", "政务云", "620万", "主导运作", "已完成", "需求发掘 技术交流"]]})
    [result] = judge(engine, path)
    assert result.error.detail("en").endswith(": '需求发掘 技术交流' is several stages in one: write each stage apart, "
                                              "separated by 、 or commas: 需求发掘、技术交流")
    assert result.error.detail("zh").endswith("：'需求发掘 技术交流' 是几个阶段写在了一起：请把各阶段分开，用顿号或逗号分隔："
                                              "需求发掘、技术交流")


@pytest.mark.parametrize("written", ["人民币620万元", "620万人民币"])
def test_the_yuan_named_before_or_after_the_number_in_a_workbook_cell_reads_alike(engine, tmp_path, written):
    # 人民币 after the number (620万人民币) was refused as words beside the amount, while 人民币620万元 was read
    def cycle(name: str, amount: object) -> Path:
        return book(tmp_path / name, {
            "申报人": [APPLICANTS, ["E1", "张伟", 2, date(2025, 6, 30)]],
            "学历": [EDUCATION, ["E1", "本科", date(2014, 7, 1)]],
            "工作经历": [EMPLOYMENT, ["E1", "某科技公司", date(2014, 8, 1), None, "是", "是"]],
            "项目经历": [PROJECTS, ["E1", "政务云", amount, "主导运作", "已完成", STAGES]]})

    [text] = judge(engine, cycle("text.xlsx", written))
    assert not isinstance(text, Failure), text.error
    assert records([text]) == records(judge(engine, cycle("plain.xlsx", 6200000)))



@pytest.mark.parametrize("written, why", [
    ("约600万", "an approximate amount cannot be held to a threshold"),
    ("600多万", "an approximate amount"), ("600万以上", "an approximate amount"), ("~600万", "an approximate amount"),
    ("600-700万", "a range is no amount"), ("600至700万", "a range is no amount"), ("６００～７００万", "a range"),
    ("USD 1,000,000", "an amount in another currency is not converted"), ("$1,000,000", "another currency"),
    ("100万美元", "another currency"), ("¥$1,000,000", "another currency"), ("RMB 1,000,000 USD", "another currency"),
    ("HK$1,000,000", "another currency"),
    ("6.2M", "no unit but 万 and 亿 is read"), ("620W", "no unit but 万 and 亿"), ("6200K", "no unit but 万 and 亿"),
    ("6200千元", "no unit but 万 and 亿"), ("6.2百万", "no unit but 万 and 亿"),
    ("6,20,000", "the digits are not grouped by three: write 6,200,000 or 6200000"),
    ("RMB 6,20,000", "not grouped by three"),
    # grouped by four, as 万 groups them: the same sum in 万 (亿) and in yuan
    ("1200,0000", "the digits are grouped by four, as 万 groups them: write 1200万, or the yuan: 12,000,000"),
    ("1,2345,6789", "grouped by four, as 万 groups them: write 1.23456789亿, or the yuan: 123,456,789"),
    ("¥620,0000元", "grouped by four, as 万 groups them: write 620万, or the yuan: 6,200,000"),
    ("6200000.50元整", "元整 says whole yuan, but the amount has a fraction of a yuan"),
    ("6,200,000元（含税）", "the amount with tax included is the contract's amount: write it without the note: "
     "'6,200,000元'"), ("620万，人民币", "write the contract's amount alone, without words beside it, as in '620万'"),
    # what Excel shows of a long number in a narrow column, its digits rounded, copied as text
    ("1.2e6", "a number in scientific notation"), ("1.23E+07", "may have its digits rounded"), ("6.2E6元", "scientific"),
])
def test_an_amount_that_cannot_be_read_exactly_is_an_error_at_its_row_and_column_saying_why(engine, tmp_path,
                                                                                           written, why):
    [result] = judge(engine, csv_set(tmp_path / "hr", amount=written, **DATES))
    assert isinstance(result, Failure)
    detail = result.error.detail()
    assert detail.startswith("projects.csv row 2, column 金额: expected an amount in yuan: ")
    assert why in detail and detail.endswith(f"; got {written!r}")


_REFUSED_ZH = {
    "约600万": "约数无法与门槛比较，请写合同的确切金额，如 620万、6,200,000元",
    "600-700万": "区间不是确切的金额，请写合同金额，如 620万",
    "USD 1,000,000": "其他币种的金额不予换算，请按评审委员会采用的汇率折算为人民币填写（RMB 6,200,000 或 620万）",
    "6.2M": "单位只能是“万”或“亿”（K、M、W、千、百万均不读取），请以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）",
    "600w": "单位只能是“万”或“亿”（K、M、W、千、百万均不读取），请写 600万，或以元计的 6,000,000",
    "15000K": "单位只能是“万”或“亿”（K、M、W、千、百万均不读取），请写 1500万，或以元计的 15,000,000",
    "一千万": "中文数字的金额不予读取，请用阿拉伯数字写 1000万，或以元计的 10,000,000",
    "99999999999999999999999w": "单位只能是“万”或“亿”（K、M、W、千、百万均不读取），请以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）",
    "6,20,000": "数字未按每三位一组分隔，请写 6,200,000 或 6200000",
    "1200,0000": "数字按四位一组分隔（按万分组）：请写 1200万，或以元计的 12,000,000",
    "6200000.50元整": "“元整”表示整元，但金额带有角分，请写成“元”，或只写整元并加“元整”",
    "1.23E+07": "科学记数法的数字可能已舍入，Excel 在列宽不够时就这样显示长数字：请写出完整的合同金额，如 6,200,000 或 620万",
}


def test_a_refused_amount_is_said_in_chinese_too_and_in_a_workbook_names_its_cell(tmp_path):
    # One applicant per amount, each refused at its own cell, said in one sentence: what was expected, why this
    # one is not it and how to write it, what the cell holds.
    path = book(tmp_path / "cycle.xlsx", {
        "applicants": [APPLICANTS] + [[f"E{i}", "张伟", 2, date(2025, 6, 30)] for i in range(1, len(_REFUSED_ZH) + 1)],
        "projects": [PROJECTS] + [[f"E{i}", "政务云", written, "主导运作", "已完成", STAGES]
                                  for i, written in enumerate(_REFUSED_ZH, 1)]})
    result = CliRunner().invoke(main, ["check", str(path), "--lang", "zh", "--format", "csv"])
    assert result.exit_code == 2
    errors = [row["error"] for row in csv.DictReader(result.stdout.splitlines())]
    assert errors == [f"[projects] 第{i}行“金额”列：应为以元计的金额：{why}；实际为'{written}'"
                      for i, (written, why) in enumerate(_REFUSED_ZH.items(), 2)]


def test_a_text_amount_past_any_project_is_an_error_quoting_it_as_written(engine, tmp_path):
    [result] = judge(engine, csv_set(tmp_path / "hr", amount="RMB 1,000,000,000,000,000", **DATES))
    assert result.error.detail() == ("projects.csv row 2, column 金额: an amount must be less than 1000万亿 (10^15) "
                                     "yuan, got 'RMB 1,000,000,000,000,000'")


@pytest.mark.parametrize("header", ["金额（万元）", "合同金额(万)", "amount (10k yuan)", "项目金额【万元】"])
def test_a_unit_in_the_amount_columns_header_is_an_error_naming_the_header_not_an_unknown_column(engine, tmp_path,
                                                                                                header):
    folder = csv_set(tmp_path / "hr", amount="620", **DATES)
    text = (folder / "projects.csv").read_text(encoding="utf-8-sig").replace("金额", header, 1)
    (folder / "projects.csv").write_text(text, encoding="utf-8-sig")
    [result] = judge(engine, folder)
    unit = header[header.index(next(c for c in header if c in "(（【")) + 1:-1]
    assert result.error.detail() == (
        f"projects.csv row 1, column {header}: a unit in the amount column's header ({unit}): a header gives no unit, "
        "so that the same number never means two amounts; name the column 金额 and write each amount in yuan "
        "(6200000) or with its unit (620万); nothing in this set was judged")


def test_a_unit_in_the_amount_columns_header_is_said_in_chinese_too(tmp_path):
    folder = csv_set(tmp_path / "hr", amount="620", **DATES)
    text = (folder / "projects.csv").read_text(encoding="utf-8-sig").replace("金额", "金额（万元）", 1)
    (folder / "projects.csv").write_text(text, encoding="utf-8-sig")
    result = CliRunner().invoke(main, ["check", str(folder), "--lang", "zh", "--format", "csv"])
    assert result.exit_code == 2
    [row] = csv.DictReader(result.stdout.splitlines())
    assert row["error"] == (
        "projects.csv 第1行“金额（万元）”列：金额列的列名带有单位（万元）：单位不能写在列名中，以免同一个数字读成两种金额；"
        "请把列名改为“金额”，每个金额按元填写（6200000）或带上单位（620万）；整套表格均未评定")


@pytest.mark.parametrize("header", ["金额（元）", "合同金额(元)", "amount (yuan)", "项目金额【人民币元】", "金额(RMB)"])
def test_the_yuan_in_the_amount_columns_header_is_what_the_column_means_and_is_read(engine, tmp_path, header):
    # 620 under 金额（元） is 620 yuan, as under 金额; 620万 says its own unit under either.
    for amount in ("620", "620万", "1,000,000"):
        plain = csv_set(tmp_path / f"plain-{amount}", amount=amount, **DATES)
        named = csv_set(tmp_path / f"named-{amount}", amount=amount, **DATES)
        text = (named / "projects.csv").read_text(encoding="utf-8-sig").replace("金额", header, 1)
        (named / "projects.csv").write_text(text, encoding="utf-8-sig")
        got = judge(engine, named)
        assert not isinstance(got[0], Failure), got[0].error
        assert records(got) == records(judge(engine, plain))


_YUAN = st.sampled_from(["{n}元", "{n}元整", "RMB {n}", "RMB{n}", "rmb {n}", "CNY {n}", "¥{n}", "￥{n}", "{n} RMB",
                         "{n} yuan", "人民币{n}元", "¥{n}元", "RMB {n}.00", " {n}元 "])


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 15 - 1), st.booleans(), _YUAN)
def test_a_whole_amount_written_with_separators_and_the_yuan_reads_back_as_the_same_number(amount, grouped, form):
    written = form.format(n=f"{amount:,}" if grouped else amount)
    assert parse_amount(cell_value("amount", written)) == amount  # as a sheet's cell is read, then validated


# ---- target levels in Chinese numerals or by name ----

@pytest.mark.parametrize("written, level", [("三级", 3), ("二级", 2), ("三", 3), ("四 级", 4), ("一級", 1), ("2级", 2),
                                            ("高级客户经理", 3), ("Senior Account Manager", 3), ("senior account manager", 3),
                                            ("客户经理", 2), ("资深客户经理", 4)])
def test_a_target_level_in_chinese_numerals_or_by_the_rulesets_name_for_it_is_that_level(engine, tmp_path, written,
                                                                                         level):
    path = book(tmp_path / "cycle.xlsx", {"申报人": [APPLICANTS, ["E1", "张伟", written, date(2025, 6, 30)]]})
    [verdict] = judge(engine, path)
    assert not isinstance(verdict, Failure), verdict.error
    assert verdict.target_level == level
    [valid] = validated(Batch([path]), engine)
    assert not isinstance(valid, Failure)


# A name of no level lists the standard's levels, named by its id: a name of another standard's says which one
# the sheet was judged by (a forgotten --ruleset).
KAM_LEVELS = ("; the levels of kam-2014: 1 Sales Representative, 2 Account Manager, 3 Senior Account Manager, "
              "4 Principal Account Manager")


@pytest.mark.parametrize("written, message", [
    ("高级客户经里", "'高级客户经里' is not a level (a whole number such as 2, 2级, 二级, or a level's name)"
                  f"{KAM_LEVELS} (did you mean '高级客户经理'?)"),
    ("第三级", f"'第三级' is not a level (a whole number such as 2, 2级, 二级, or a level's name){KAM_LEVELS}"),
    ("L3", "'L3' is not a level (a whole number such as 2, 2级, 二级, or a level's name) (write 3)"),
    ("五级", "target level 5 is not a level of kam-2014 (1-4)"),
    ("十级", "target level 10 is not a level of kam-2014 (1-4)"),  # a number too, not a name of no level
    ("十二", "target level 12 is not a level of kam-2014 (1-4)"),
    ("零", f"'零' is not a level (a whole number such as 2, 2级, 二级, or a level's name){KAM_LEVELS}"),
    # A number cell as large as Excel holds is no level either, and is not written out in its 309 digits.
    (1e308, "'1000000000000000000000000000000000000...' is not a level (a whole number such as 2, 2级, 二级, or a "
            "level's name)"),
])
def test_a_target_level_that_is_no_level_of_the_ruleset_is_an_error_at_its_cell(engine, tmp_path, written, message):
    path = book(tmp_path / "cycle.xlsx", {"申报人": [APPLICANTS, ["E1", "张伟", written, date(2025, 6, 30)]]})
    [result] = judge(engine, path)
    assert result.error.detail() == f"[申报人] row 2, column 申报级别: {message}"


@pytest.mark.parametrize("written, number", [("L3", 3), ("level 3", 3), ("Lv.3", 3), ("lvl 2", 2), ("Level 4", 4),
                                             ("Ｌ３", 3), ("L 1", 1)])
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_target_level_written_in_english_is_not_read_and_says_the_number_to_write_as_a_dossier_does(
        engine, tmp_path, written, number, kind):
    if kind == "xlsx":
        path = book(tmp_path / "cycle.xlsx", {"申报人": [APPLICANTS, ["E1", "张伟", written, date(2025, 6, 30)]]})
        cell = "[申报人] row 2, column 申报级别"
    else:
        path = tmp_path / "hr"
        path.mkdir()
        with open(path / "applicants.csv", "w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f).writerows([APPLICANTS, ["E1", "张伟", written, "2025-06-30"]])
        cell = "applicants.csv row 2, column 申报级别"
    dossier = tmp_path / "E1.yaml"
    dossier.write_text(f"applicant: {{id: E1, target_level: '{written}'}}\n", encoding="utf-8")
    [result], [own] = judge(engine, path), judge(engine, dossier)
    assert isinstance(result, Failure)  # said, never read: the level is not taken from it
    forms = ("'{w}' is not a level (a whole number such as 2, 2级, 二级, or a level's name)".format(w=written),
             "'{w}' 不是级别（整数如 2、“2级”“二级”，或级别名称）".format(w=written))
    assert result.error.detail() == f"{cell}: {forms[0]} (write {number})"
    assert result.error.detail("zh").endswith(f"{forms[1]}（请写 {number}）")
    for lang in ("en", "zh"):  # the very words a dossier gives for it
        tip = own.error.detail(lang).rsplit(f"'{written}'", 1)[1]
        assert tip and result.error.detail(lang).endswith(tip)
    said = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stdout
    assert f"'{written}' 不是级别（整数如 2、“2级”“二级”，或级别名称）（请写 {number}）" in said


@pytest.mark.parametrize("written", ["第三级", "level three", "1L3", "L3.0", "L"])
def test_a_target_level_cell_of_no_number_gets_no_number_to_write(engine, tmp_path, written):
    path = book(tmp_path / "cycle.xlsx", {"申报人": [APPLICANTS, ["E1", "张伟", written, date(2025, 6, 30)]]})
    [result] = judge(engine, path)
    assert "write" not in result.error.detail() and "请写" not in result.error.detail("zh")


def test_a_level_cell_holding_the_number_3_shown_as_3_0_is_level_3(engine, tmp_path):
    # Excel keeps every number as a float: the number 3, however its cell shows it, is the level 3.
    path = book(tmp_path / "cycle.xlsx", {"申报人": [APPLICANTS, ["E1", "张伟", 3.0, date(2025, 6, 30)]]},
                formats={"申报人": {"C2": "0.0"}})
    [verdict] = judge(engine, path)
    assert verdict.target_level == 3


def test_a_level_written_as_text_3_0_says_to_write_3(engine, tmp_path):
    folder = csv_set(tmp_path / "hr", as_of="2025-06-30", graduated="2014-07-01", start="2014-08-01", end="")
    rows = (folder / "applicants.csv").read_text(encoding="utf-8-sig").replace(",2,", ",3.0,")
    (folder / "applicants.csv").write_text(rows, encoding="utf-8-sig")
    [result] = judge(engine, folder)
    assert result.error.detail().endswith("申报级别: '3.0' is not a level (a whole number such as 2, 2级, 二级, "
                                          "or a level's name): write 3, not 3.0")
    assert result.error.detail("zh").endswith("'3.0' 不是级别（整数如 2、“2级”“二级”，或级别名称）：请写 3，而不是 3.0")


def test_a_yaml_dossiers_target_level_stays_a_number(engine, tmp_path):
    path = tmp_path / "E1.yaml"  # dossier-v1 says a whole number: other readers of the dossier read it so
    path.write_text("applicant: {id: E1, target_level: 高级客户经理}\n", encoding="utf-8")
    [result] = judge(engine, path)
    assert isinstance(result, Failure) and "got '高级客户经理'" in result.error.detail()


# ---- a totals row at the bottom ----

@pytest.mark.parametrize("word", ["合计", "总 计", "Total", "合计：", "小计"])
def test_a_totals_row_in_the_applicants_sheet_is_an_error_row_not_an_applicant_judged(engine, tmp_path, word):
    path = book(tmp_path / "cycle.xlsx", {"申报人": [APPLICANTS, ["E1", "张伟", 2, date(2025, 6, 30)],
                                                   [word, "1人", None, None]]})
    good, totals = judge(engine, path)
    assert good.applicant_id == "E1"
    assert isinstance(totals, Failure)
    # the id as read: in half-width (合计:), as every id is (see the ids typed in full-width characters, below)
    assert totals.error.detail() == (f"[申报人] row 3, column 申报人编号: {word.strip().replace('：', ':')!r} is a totals row, not an "
                                     "applicant: delete the row, or begin its id with # to keep it as a note; it is "
                                     "not judged")


def test_the_headers_repeated_further_down_are_an_error_row_saying_so_not_an_applicant_judged(engine, tmp_path):
    # Blocks pasted one under the other (a department's each, a page each) repeat the headers. Where the sheet has
    # only the id and the name, the repeat would pass every check and be judged as one more applicant, 申报人编号.
    path = book(tmp_path / "cycle.xlsx", {
        "申报人": [["申报人编号", "姓名"], ["E1", "张伟"], ["申报人编号", "姓名"], ["E2", "李娜"], [" ID ", "name"]],
        "工作经历": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, "是", "是"], EMPLOYMENT,
                     ["E2", "乙公司", date(2014, 8, 1), None, "是", "是"]]})
    e1, repeat, e2, again = judge(engine, path)
    assert (e1.applicant_id, e2.applicant_id) == ("E1", "E2")
    assert isinstance(repeat, Failure) and isinstance(again, Failure)
    assert repeat.error.detail() == ("[申报人] row 3, column 申报人编号: '申报人编号' repeats the header (row 1), not an "
                                     "applicant: delete the row, or begin its id with # to keep it as a note; it is "
                                     "not judged")
    assert again.error.detail("zh") == ("[申报人] 第5行“申报人编号”列：'ID' 是重复的列名行（第1行），不是申报人："
                                        "请删除该行，或在编号前加 # 作为备注；此行不予评定")


# ---- formulas the workbook never computed ----

def with_formulas(path: Path, sheet: str, **cells: str) -> Path:
    """The workbook with formulas written into `cells` by openpyxl, which saves no value with them (as pandas
    and any program that does not compute formulas)."""
    wb = load_workbook(path)
    for cell, formula in cells.items():
        wb[sheet][cell] = formula
    wb.save(path)
    return path


def cycle(path: Path, *rows: list) -> Path:
    """E1 and E2 with a project each (E1's on row 2, E2's on row 5 below an example row and a blank one)."""
    return book(path, {
        "applicants": [APPLICANTS, ["E1", "张伟", 1, date(2025, 6, 30)], ["E2", "李娜", 1, date(2025, 6, 30)]],
        "projects": [PROJECTS + ["#备注", None], ["E1", "政务云", "120万", "主导运作", "已完成", STAGES],
                     ["#E1024", "示例", None, "主导运作", "已完成", None], [None] * 6,
                     ["E2", "医保", None, "主导运作", "已完成", STAGES], *rows],
    })


def test_a_formula_the_workbook_never_computed_is_an_error_naming_its_cell_not_an_empty_cell(engine, tmp_path):
    path = with_formulas(cycle(tmp_path / "cycle.xlsx"), "projects", C5="=120*10000")
    e1, e2 = judge(engine, path)
    assert not isinstance(e1, Failure)
    assert isinstance(e2, Failure) and e2.file == f"{path}#E2"  # read as empty, its amount would go to review
    assert e2.error.detail() == ("[projects] row 5, column 金额: a formula (=120*10000) with no saved value: the "
                                 "workbook was written by a program that did not compute it; open and save it in "
                                 "Excel or WPS")
    assert e2.error.detail("zh") == ("[projects] 第5行“金额”列：公式（=120*10000）没有保存的值：该工作簿由未计算公式的"
                                     "程序写成；请用 Excel 或 WPS 打开并保存")


def test_a_formula_never_computed_in_a_note_column_or_an_example_row_is_ignored_as_notes_are(engine, tmp_path):
    plain = judge(engine, cycle(tmp_path / "plain.xlsx"))
    path = with_formulas(cycle(tmp_path / "cycle.xlsx"), "projects", G2="=1+1", G4="=1+1", C3="=120*10000")
    assert records(judge(engine, path)) == records(plain)  # the #备注 column, the #E1024 row, a blank row's note


def test_a_row_holding_only_a_note_is_passed_over_not_taken_for_a_row_without_an_id(engine, tmp_path):
    # A note typed in the #备注 column on a row of its own, below E2's project (row 6) and below the example row (row
    # 4), and one in the applicants sheet: it holds no fact. Taken for a row with no id, it kept E2 from being judged.
    plain = judge(engine, cycle(tmp_path / "plain.xlsx"))
    path = cycle(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    wb["projects"]["G4"] = "以上是示例"
    wb["projects"]["G6"] = "E2 另有一个项目，合同待补"
    wb["applicants"]["E1"], wb["applicants"]["E4"] = "#备注", "E3 下一批申报"
    wb.save(path)
    assert records(judge(engine, path)) == records(plain)
    folder = tmp_path / "csv"
    folder.mkdir()
    for sheet in ("applicants", "projects"):
        with open(folder / f"{sheet}.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["" if v is None else v.isoformat() if isinstance(v, date) else v
                                      for v in row] for row in wb[sheet].iter_rows(values_only=True)])
    assert records(judge(engine, folder)) == records(plain)


def test_a_row_with_a_value_beside_its_note_but_no_id_is_still_a_row_without_an_id(engine, tmp_path):
    path = cycle(tmp_path / "cycle.xlsx")
    wb = load_workbook(path)
    wb["projects"]["G6"], wb["projects"]["B6"] = "补录", "智慧城市"
    wb.save(path)
    e1, e2 = judge(engine, path)
    assert not isinstance(e1, Failure)
    assert isinstance(e2, Failure) and "row 6, column 申报人编号: no applicant id, below E2's rows" in e2.error.detail()


def test_a_formula_never_computed_in_a_column_without_a_header_or_in_the_id_column_is_not_read(engine, tmp_path):
    path = with_formulas(cycle(tmp_path / "cycle.xlsx"), "projects", H2='=IF(A2="","",1)')
    e1, _ = judge(engine, path)
    assert e1.error.detail().startswith('[projects] row 2, column H: a formula (=IF(A2="","",1)) with no saved value')
    # An id that is such a formula is no id: the row may be E2's, so E2 is not judged without it.
    path = with_formulas(cycle(tmp_path / "id.xlsx", ["E2", "医保", "120万", "参与", "已完成", None]), "projects",
                         A6='="E"&2')
    _, e2 = judge(engine, path)
    assert e2.error.detail().startswith("[projects] row 6, column 申报人编号: no applicant id, below E2's rows")


def test_a_row_whose_id_is_a_formula_never_computed_says_so_not_only_that_it_has_no_id(engine, tmp_path):
    # E2's id in the applicants sheet, and (merged over two rows) on its projects: Excel shows E2 in each.
    path = with_formulas(cycle(tmp_path / "cycle.xlsx"), "applicants", A3='="E"&2')
    problems = [r.error.detail() for r in judge(engine, path) if isinstance(r, Failure)]
    assert problems[0] == ('[applicants] row 3, column 申报人编号: a formula (="E"&2) with no saved value: the workbook '
                           "was written by a program that did not compute it; open and save it in Excel or WPS; "
                           "this row is not judged")
    path = cycle(tmp_path / "merged.xlsx", [None, "医保2", "10万", "参与", "已完成", None])
    wb = load_workbook(path)
    wb["projects"]["A5"] = '="E"&2'
    wb["projects"].merge_cells("A5:A6")
    wb.save(path)
    problems = [r for r in judge(engine, path) if isinstance(r, Failure)]
    assert [r.error.detail("zh") for r in problems] == [
        f'[projects] 第{n}行“申报人编号”列：公式（="E"&2）没有保存的值：该工作簿由未计算公式的程序写成；请用 Excel 或 WPS 打开并保存；'
        "此行不予评定" for n in (5, 6)]


def test_a_computed_empty_string_is_an_empty_cell_and_a_saved_value_is_read(engine, tmp_path):
    # Excel saves =IF(A5="","",A5) that gave "" as t="str" with an empty value; a value saved is read as it is.
    plain = judge(engine, cycle(tmp_path / "plain.xlsx"))
    path = with_formulas(cycle(tmp_path / "cycle.xlsx"), "projects", C5='=IF(A5="","",A5)', F5="=F2")
    edited = rewrite_sheet(path, "projects", lambda xml: xml.replace(
        b'<c r="C5"><f>IF(A5="","",A5)</f><v /></c>', b'<c r="C5" t="str"><f>IF(A5="","",A5)</f><v></v></c>').replace(
        b'<c r="F5"><f>F2</f><v /></c>', b'<c r="F5" t="str"><f>F2</f><v>' + STAGES.encode() + b'</v></c>'))
    assert records(judge(engine, edited)) == records(plain)


def rewrite_sheet(path: Path, sheet: str, change) -> Path:
    """The workbook with the XML of one sheet's part changed by `change`, written beside it."""
    from certify.sheetmerge import sheet_parts

    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        part = sheet_parts(zin)[sheet]
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                changed = change(data)
                assert changed != data
                data = changed
            zout.writestr(item, data)
    return out


@pytest.mark.parametrize("before", [5, 40, 700, 2500, 3000, 3018, 3030, 3045])
def test_formulas_never_computed_are_found_in_the_sheets_xml_across_blocks_whatever_their_length(tmp_path, before):
    from certify.sheetmerge import scan_part, sheet_parts

    long = "+".join(["1"] * 1500)  # 2,999 bytes: a block boundary falls `before` bytes into its cell
    cells = (b"<x:c r='C3'><x:f>" + long.encode() + b"</x:f><x:v></x:v></x:c>"  # the long one
             + b"<x:c r='D3' s='1'><x:f>A3&amp;&quot;x&quot;</x:f><x:v/></x:c><x:c r='E3' t='n'><x:f>1</x:f></x:c>"
             + b"<x:c r='F3' t='str'><x:f>B3</x:f><x:v></x:v></x:c>"  # computed to ""
             + b"<x:c r='G3'><x:f>2</x:f><x:v>2</x:v></x:c>")  # computed to 2
    head = (b"<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><x:sheetData>"
            b"<x:row r='1'><x:c r='A1'><x:f>1</x:f></x:c></x:row><x:row r='2'>")
    padding = b" " * (65536 - before - len(head) - len(b"</x:row><x:row r='3'>"))
    xml = head + padding + b"</x:row><x:row r='3'>" + cells + b"</x:row></x:sheetData></x:worksheet>"
    assert xml.index(b"<x:c r='C3'>") == 65536 - before
    path = rewrite_sheet(cycle(tmp_path / "cycle.xlsx"), "projects", lambda _: xml)
    with zipfile.ZipFile(path) as archive:
        _, _, unsaved = scan_part(archive, sheet_parts(archive)["projects"])
    assert [(packed >> 21, packed & (1 << 21) - 1, formula) for packed, formula in unsaved] == [
        (3, 3, long), (3, 4, 'A3&"x"'), (3, 5, "1")]  # not the header's, nor those with a value


@pytest.mark.parametrize("cell", [
    b'<c r="C5" t="b"><f>120*10000</f></c>', b'<c r="C5" t="e"><f>120*10000</f></c>',
    b'<c r="C5" t="d"><f>120*10000</f></c>', b'<c r="C5" t="str"><f>120*10000</f></c>',  # no value element at all
    b'<c r="C5" t="b"><f>120*10000</f><v></v></c>', b'<c r="C5" t="e"><f>120*10000</f><v/></c>',  # only text is ""
    b'<c r="C5"><f>120*10000</f><v xml:space="preserve"/></c>',
    b'<c><f>120*10000</f><v /></c>',  # no r: the column after B5's, as openpyxl reads it
])
def test_a_formula_without_a_value_of_any_type_or_in_a_cell_without_its_reference_is_an_error_naming_it(
        engine, tmp_path, cell):
    path = with_formulas(cycle(tmp_path / "cycle.xlsx"), "projects", C5="=120*10000")
    edited = rewrite_sheet(path, "projects", lambda xml: xml.replace(b'<c r="C5"><f>120*10000</f><v /></c>', cell))
    e1, e2 = judge(engine, edited)
    assert not isinstance(e1, Failure)
    assert isinstance(e2, Failure) and e2.error.detail().startswith(
        "[projects] row 5, column 金额: a formula (=120*10000) with no saved value: ")


def test_formulas_never_computed_in_cells_without_a_reference_are_placed_where_openpyxl_reads_them(tmp_path):
    from certify.sheetmerge import scan_part, sheet_parts

    xml = (b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData>"
           b"<row r='1'><c r='A1' t='inlineStr'><is><t>id</t></is></c><c><f>1</f></c></row>"  # the header's: not read
           b"<row r='3'><c r='B3'><v>1</v></c><c><f>A3</f><v/></c><c t='str'><f>B3</f><v></v></c>"
           b"<c t='b'><f>1=1</f></c></row>"
           b"<row><c><f>2</f><v>2</v></c><c><f>1+1</f></c></row>"  # no r: row 4, the one after row 3
           b"<row spans='1:5'><c r='E5'><f>3</f></c><c><f>4</f></c></row></sheetData></worksheet>")
    path = rewrite_sheet(cycle(tmp_path / "cycle.xlsx"), "projects", lambda _: xml)
    with zipfile.ZipFile(path) as archive:
        _, _, unsaved = scan_part(archive, sheet_parts(archive)["projects"])
    found = [(packed >> 21, packed & (1 << 21) - 1, formula) for packed, formula in unsaved]
    assert found == [(3, 3, "A3"), (3, 5, "1=1"), (4, 2, "1+1"), (5, 5, "3"), (5, 6, "4")]
    rows = load_workbook(path, read_only=True)["projects"].iter_rows(values_only=True)
    formulas = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1)}
    assert all(formulas[r, c] == "=" + formula for r, c, formula in found)  # openpyxl reads each in that cell


def test_a_sheet_whose_cells_all_have_their_reference_is_read_once_not_parsed_again(tmp_path, monkeypatch):
    from certify import sheetmerge

    # Thousands of formulas with no value, over several blocks: one the block cuts is no cell without r.
    monkeypatch.setattr(sheetmerge, "_placed", lambda *_: pytest.fail("the part was parsed again"))
    rows = b"".join(b"<row r='%d'><c r='B%d'><f>%s</f><v/></c></row>" % (n, n, b"1+" * (n % 7) + b"1")
                    for n in range(2, 6002))
    xml = (b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData>"
           + rows + b"</sheetData></worksheet>")
    path = rewrite_sheet(cycle(tmp_path / "cycle.xlsx"), "projects", lambda _: xml)
    with zipfile.ZipFile(path) as archive:
        _, _, unsaved = sheetmerge.scan_part(archive, sheetmerge.sheet_parts(archive)["projects"])
    assert [packed >> 21 for packed, _ in unsaved] == list(range(2, 6002))


def test_a_workbooks_number_past_the_fen_is_read_and_never_rounded_up_over_a_threshold(engine, tmp_path):
    # A formula's 999999.9999999999 (binary arithmetic) is a number, not a typo: read, not refused as a dossier's
    # 999999.99999999999 is, and its fractions of a fen are dropped, which never lift it over 百万级.
    def project(amount) -> tuple:
        path = book(tmp_path / f"{amount}.xlsx", {
            "applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)]],
            "education": [EDUCATION, ["E1", "本科", date(2012, 7, 1)]],
            "employment": [EMPLOYMENT, ["E1", "甲公司", date(2012, 8, 1), None, "是", "是"]],
            "projects": [PROJECTS, ["E1", "医保", amount, "主导运作", "已完成", STAGES]]})
        [record] = records(judge(engine, path))
        [rule] = [r for r in record["levels"][1]["rules"] if r["id"] == "L2.project"]
        [reading] = [r for r in rule["readings"] if r["fact"] == "projects.amount"]
        return rule["status"], reading["actual"]

    assert project(999999.9999999999) == ("fail", 999999.9999999999)
    assert project(1000000.001) == ("pass", 1000000.001)


# ---- a job under way ----

@pytest.mark.parametrize("written", ["至今", "现在", "present", "Present", "至 今"])
def test_an_end_cell_written_as_a_cv_ends_the_job_under_way_says_to_leave_the_cell_empty(engine, tmp_path, written):
    folder = csv_set(tmp_path / "hr", as_of="2026-12-31", graduated="2016-07-01", start="2021-11-01", end=written)
    result = CliRunner().invoke(main, ["validate", str(folder), "--lang", "zh"])
    assert result.exit_code == 2
    if written == "至 今":  # no word a CV ends a job with: a date to write, as before
        assert result.stdout.splitlines()[0].endswith("“结束”列：'至 今' 不是日期（请写成 YYYY-MM-DD）")
        return
    assert result.stdout.splitlines()[0].endswith(
        f"employment.csv 第2行“结束”列：'{written}' 不是日期（仍在职的工作不写结束日期：请将该单元格留空）")
    english = CliRunner().invoke(main, ["validate", str(folder), "--lang", "en"]).stdout.splitlines()[0]
    assert english.endswith(f"employment.csv row 2, column 结束: '{written}' is not a date (a job still under way has no end date: "
                            "leave the cell empty)")


def test_an_under_way_word_in_another_date_cell_is_no_date_as_before(engine, tmp_path):
    folder = csv_set(tmp_path / "hr", as_of="2026-12-31", graduated="2016-07-01", start="至今", end="")
    result = CliRunner().invoke(main, ["validate", str(folder), "--lang", "zh"])
    assert result.stdout.splitlines()[0].endswith("“开始”列：'至今' 不是日期（请写成 YYYY-MM-DD）")


# ---- a number in a cell formatted as a date ----

def test_a_number_in_a_date_formatted_cell_shown_as_a_date_before_any_career_is_an_error_at_its_cell(tmp_path):
    # Excel shows the number 3 formatted as a date as 1900-01-03, and a year typed there (2014) as 1905-07-06: no
    # applicant's degree or job dates from then, so the cell is refused, saying what it holds, never judged.
    path = book(tmp_path / "cycle.xlsx", {
        "申报人": [APPLICANTS, ["E1", "张伟", 2, date(2025, 6, 30)]],
        "学历": [EDUCATION, ["E1", "本科", 3]],
        "工作经历": [EMPLOYMENT, ["E1", "甲公司", 2014, None, "是", "是"]],
    }, formats={"学历": {"C2": "yyyy-mm-dd"}, "工作经历": {"C2": "yyyy/m/d"}})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}#E1 (张伟): [学历] row 2, column 毕业时间: 1900-01-03 is before any career (a date on or after "
        "1950-01-01): the cell holds a number its date format shows as 1900-01-03; type the date itself",
        f"{path}#E1 (张伟): [工作经历] row 2, column 开始: 1905-07-06 is before any career (a date on or after "
        "1950-01-01): the cell holds a number its date format shows as 1905-07-06; type the date itself"]
    said = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stdout
    assert ("[学历] 第2行“毕业时间”列：1900-01-03 早于任何职业生涯（日期应不早于 1950-01-01）：该单元格中是一个数字，"
            "按日期格式显示为 1900-01-03；请填写实际日期") in said


def test_a_number_in_a_cell_formatted_as_a_date_in_a_column_of_no_dates_says_to_format_it_as_a_number(tmp_path):
    # An amount of 1200 (or 40000) pasted into a column formatted as dates shows as 1903-04-14 (2009-07-06): the amount
    # column had been told to "type the date itself", and 2009-07-06 quoted among the forms of an amount.
    path = book(tmp_path / "cycle.xlsx", {
        "申报人": [APPLICANTS, ["E1", "张伟", 2, date(2025, 6, 30)]],
        "工作经历": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, 1, "是"]],
        "项目经历": [PROJECTS, ["E1", "政务云", 1200, "主导运作", "已完成", STAGES],
                     ["E1", "医保", 40000, "主导运作", "已完成", STAGES]],
    }, formats={"申报人": {"C2": "yyyy-mm-dd"}, "工作经历": {"E2": "yyyy-mm-dd"},
                "项目经历": {"C2": "yyyy-mm-dd", "C3": "yyyy/m/d"}})
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()] == [
        "[申报人] row 2, column 申报级别: the cell holds a number its date format shows as 1900-01-02: format the "
        "cell as General (常规) and write the level",
        "[工作经历] row 2, column 销售岗位: the cell holds a number its date format shows as 1900-01-01: format the "
        "cell as General (常规) and write yes or no",
        "[项目经历] row 2, column 金额: the cell holds a number its date format shows as 1903-04-14: format the cell "
        "as General (常规) and write the amount",
        "[项目经历] row 3, column 金额: the cell holds a number its date format shows as 2009-07-06: format the cell "
        "as General (常规) and write the amount"]
    said = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"]).stdout
    assert ("[项目经历] 第2行“金额”列：该单元格中是一个数字，按日期格式显示为 1903-04-14：请把单元格格式设为“常规”，"
            "再填写金额") in said


def test_a_text_date_before_any_career_in_a_csv_set_is_an_error_at_its_cell_as_a_dossiers_is(engine, tmp_path):
    folder = csv_set(tmp_path / "hr", as_of="2025-06-30", graduated="1900-01-01", start="2014-08-01", end="")
    [result] = judge(engine, folder)
    assert isinstance(result, Failure)
    assert result.error.detail() == ("education.csv row 2, column 毕业时间: 1900-01-01 is before any career "
                                     "(a date on or after 1950-01-01)")
    folder = csv_set(tmp_path / "hr2", as_of="2025-06-30", graduated="1950-01-01", start="2014-08-01", end="")
    [verdict] = judge(engine, folder)
    assert not isinstance(verdict, Failure) and verdict.target_level == 2


# ---- an id typed in full-width characters ----

@pytest.mark.parametrize("written", ["Ｅ１", "E１", "Ｅ1", "\u3000E1\u3000"])
def test_an_id_typed_in_full_width_characters_is_the_id_in_half_width(engine, tmp_path, written):
    # E1 passes level 2 only with the job whose id cell holds `written`: read as another id, that job is lost to E1,
    # which is judged without it and fails, while the row is an error of an applicant no one has.
    plain = level_2(tmp_path / "plain.xlsx")
    path = level_2(tmp_path / "cycle.xlsx", first_id=written)
    assert outcome(judge(engine, path)) == outcome(judge(engine, plain)) == [("E1", "pass"), ("E2", "pass")]


def test_an_id_typed_in_full_width_characters_in_a_csv_set_is_the_id_in_half_width(engine, tmp_path):
    folder = csv_set(tmp_path / "hr", as_of="2026-12-31", graduated="2014-07-01", start="2014-08-01", end="")
    with open(folder / "employment.csv", "a", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerow(["Ｅ１", "乙公司", "2010-08-01", "2014-07-31", "是", "是"])
    plain = csv_set(tmp_path / "plain", as_of="2026-12-31", graduated="2014-07-01", start="2014-08-01", end="")
    with open(plain / "employment.csv", "a", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerow(["E1", "乙公司", "2010-08-01", "2014-07-31", "是", "是"])
    assert records(judge(engine, folder)) == records(judge(engine, plain))
    assert outcome(judge(engine, folder)) == [("E1", "pass")]


def test_an_applicants_id_in_full_width_and_in_half_width_is_one_id_given_twice(engine, tmp_path):
    path = book(tmp_path / "cycle.xlsx", {"applicants": [APPLICANTS, ["E1", "张伟", 2, date(2026, 12, 31)],
                                                         ["Ｅ１", "张伟", 2, date(2026, 12, 31)]]})
    results = judge(engine, path)
    assert [type(r) for r in results] == [Failure, Failure]
    assert all("E1" in str(r.error) for r in results)


# ---- an id whose leading zeros Excel dropped ----

def test_rows_whose_id_is_an_applicants_without_its_leading_zeros_keep_that_applicant_from_being_judged(engine,
                                                                                                        tmp_path):
    # 00123 typed into a cell of the General format is the number 123. Judged without the job given so, 00123 failed
    # every level, its job an error of an applicant '123' no one has: a fail for want of a row the sheet gives.
    path = level_2(tmp_path / "cycle.xlsx", first_id=123)
    wb = load_workbook(path)
    for sheet in ("applicants", "education", "employment", "projects"):
        for row in wb[sheet].iter_rows(min_row=2, max_col=1):
            if row[0].value == "E1":
                row[0].value = "00123"
    wb.save(path)
    zeros, e2, orphan = judge(engine, path)
    assert isinstance(zeros, Failure) and zeros.applicant_id == "00123"
    assert zeros.error.detail() == (
        "[employment] row 3, column 申报人编号: '123' and '00123' differ only in leading zeros (Excel drops them from "
        "an id typed as a number): its row may be 00123's, so 00123 is not judged without it; type the id as text, the "
        "same on every row")
    assert zeros.error.detail("zh") == (
        "[employment] 第3行“申报人编号”列：'123' 与 '00123' 只差开头的 0（编号按数字输入时 Excel 会去掉开头的 0）："
        "该行可能属于 00123，因此 00123 不予评定；请在每一行把编号按文本填写，写法一致")
    assert (e2.applicant_id, e2.target_status) == ("E2", "pass")
    assert isinstance(orphan, Failure) and orphan.error.detail().endswith(
        "applicant '123' is not in the applicants sheet: its row is not judged (is it '00123'? they differ only in "
        "leading zeros)")


def test_an_applicants_id_whose_leading_zeros_excel_dropped_is_not_judged_without_the_rows_that_keep_them(engine,
                                                                                                         tmp_path):
    # The other way round: 00123 typed as a number in the applicants sheet (123), as text in the others.
    path = level_2(tmp_path / "cycle.xlsx", first_id="00123")
    wb = load_workbook(path)
    wb["applicants"]["A2"] = 123
    for sheet in ("education", "employment", "projects"):
        for row in wb[sheet].iter_rows(min_row=2, max_col=1):
            row[0].value = "00123" if row[0].value == "E1" else row[0].value
    wb.save(path)
    zeros, e2, orphan = judge(engine, path)
    assert isinstance(zeros, Failure) and zeros.applicant_id == "123"
    assert zeros.error.detail().startswith("[education] row 2, column 申报人编号: '00123' and '123' differ only in "
                                           "leading zeros")


def test_rows_whose_id_is_an_applicants_in_other_case_keep_that_applicant_from_being_judged(engine, tmp_path):
    # E1's second job typed as e1 (Caps Lock, or no Shift): E1 was judged without it and failed level 2, which that
    # job passes, beside an error row for an applicant 'e1' no one has. A fail for want of a row the sheet gives.
    cased, e2, orphan = judge(engine, level_2(tmp_path / "cycle.xlsx", first_id="e1"))
    assert isinstance(cased, Failure) and cased.applicant_id == "E1"
    assert cased.error.detail() == (
        "[employment] row 3, column 申报人编号: 'e1' and 'E1' differ only in upper and lower case: its row may be E1's, "
        "so E1 is not judged without it; write the id the same way on every row")
    assert cased.error.detail("zh") == (
        "[employment] 第3行“申报人编号”列：'e1' 与 'E1' 只差大小写：该行可能属于 E1，因此 E1 不予评定；请在每一行把编号写成一样")
    assert (e2.applicant_id, e2.target_status) == ("E2", "pass")
    assert isinstance(orphan, Failure) and orphan.error.detail().endswith(
        "applicant 'e1' is not in the applicants sheet: its row is not judged (is it 'E1'? they differ only in upper "
        "and lower case)")
    # an id of no applicant in any case is only an unknown id
    e1, e2, orphan = judge(engine, level_2(tmp_path / "other.xlsx", first_id="f1"))
    assert (e1.applicant_id, e1.target_status) == ("E1", "fail")
    assert orphan.error.detail().endswith("its row is not judged")


def test_an_id_of_digits_no_applicant_has_even_with_leading_zeros_is_only_an_unknown_id(engine, tmp_path):
    path = level_2(tmp_path / "cycle.xlsx", first_id=123)
    e1, e2, orphan = judge(engine, path)
    assert (e1.applicant_id, e1.target_status) == ("E1", "fail")
    assert orphan.error.detail().endswith("applicant '123' is not in the applicants sheet: its row is not judged")
