"""A workbook's number formats: what a cell shows, not only the number it holds, decides how it is read."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from certify.check import Failure
from certify.editions import open_rulesets
from sheetdata import APPLICANTS, EDUCATION, EMPLOYMENT, PROJECTS, STAGES, book, judge, records


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


def formatted(path: Path, amount: object, amount_format: str | None = None, date_format: str | None = None) -> Path:
    """E1's workbook: dates as Excel dates (in `date_format`), the project's amount in `amount_format`."""
    dates = {"applicants": "D2", "education": "C2", "employment": "C2"}  # the date cells of row 2
    formats = {sheet: {cell: date_format} for sheet, cell in dates.items()} if date_format else {}
    if amount_format:
        formats["projects"] = {"C2": amount_format}
    return book(path, {
        "applicants": [APPLICANTS, ["E1", "张伟", 2, date(2025, 6, 30)]],
        "education": [EDUCATION, ["E1", "本科", date(2014, 7, 1)]],
        "employment": [EMPLOYMENT, ["E1", "甲公司", date(2014, 8, 1), None, "是", "是"]],
        "projects": [PROJECTS, ["E1", "政务云", amount, "主导运作", "已完成", STAGES]],
    }, formats)


def builtin_format(path: Path, code: str, number: int) -> Path:
    """The workbook with the format `code` turned into Excel's built-in format `number`, kept as its id only,
    as a Chinese Excel saves 2019年1月1日 (format 31)."""
    out = path.with_name("builtin-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                styles = data.decode()
                quoted = code.replace('"', "&quot;")
                element = re.search(rf'<numFmt numFmtId="(\d+)" formatCode="{re.escape(quoted)}"\s*/>', styles)
                styles = styles.replace(element.group(0), "")
                styles = styles.replace(f'numFmtId="{element.group(1)}"', f'numFmtId="{number}"')
                data = styles.encode()
            zout.writestr(item, data)
    return out


@pytest.mark.parametrize("number", [31])  # 57 is yyyy"年"m"月", which shows no day: below
def test_dates_in_chinese_excels_own_date_format_are_dates(engine, tmp_path, number):
    code = 'yyyy"年"m"月"d"日"'
    plain = judge(engine, formatted(tmp_path / "plain.xlsx", "120万"))
    chinese = judge(engine, builtin_format(formatted(tmp_path / "zh.xlsx", "120万", date_format=code), code, number))
    assert not isinstance(chinese[0], Failure), chinese[0].error
    assert records(chinese) == records(plain)


@pytest.mark.parametrize("code, example", [('0"万"', "120万"), ('#,##0.00"万元"', "120万"), ('0"亿"', "120亿"),
                                           ('0.0"亿元"', "120亿")])
def test_an_amount_whose_format_shows_a_unit_is_an_error_not_read_as_yuan(engine, tmp_path, code, example):
    # 120 formatted 0"万" shows 120万, but holds 120: read as 120 yuan, the led project would fail level 2.
    # The example to write instead carries the unit the cell shows (120亿 for 0"亿", never 120万).
    [result] = judge(engine, formatted(tmp_path / "cycle.xlsx", 120, code))
    assert isinstance(result, Failure)
    assert result.error.detail() == (
        f"[projects] row 2, column 金额: the cell holds the number 120, but its number format ({code}) shows it "
        "with a unit, so what it shows is not the number: write the amount as text with its unit (such as "
        f"'{example}'), or in yuan in a cell whose format adds no unit")
    assert f"（如 '{example}'）" in result.error.detail("zh")


@pytest.mark.parametrize("header", ["金额（元）", "合同金额(元)", "amount (yuan)"])
def test_an_amount_whose_format_shows_a_unit_is_an_error_under_a_header_that_names_the_yuan_too(engine, tmp_path,
                                                                                                 header):
    # 金额（元） is read as 金额: 120 formatted 0"万" under it shows 120万 as well, and is no more 120 yuan.
    path = formatted(tmp_path / "cycle.xlsx", 120, '0"万"')
    wb = load_workbook(path)
    wb["projects"]["C1"] = header
    wb.save(path)
    [result] = judge(engine, path)
    assert isinstance(result, Failure)
    assert result.error.detail() == (
        f"[projects] row 2, column {header}: the cell holds the number 120, but its number format (0\"万\") shows it "
        "with a unit, so what it shows is not the number: write the amount as text with its unit (such as "
        "'120万'), or in yuan in a cell whose format adds no unit")


@pytest.mark.parametrize("code", ['0!.0,"万"', '0.00,,"百万"', '0"千元"', '0"万"" ""亿"',
                                  '0"W"', '0\\K', '0.0"M"', '[$USD]#,##0'])
def test_an_amount_in_a_scaling_or_other_unit_format_gets_no_example_that_changes_the_amount(engine, tmp_path, code):
    # 6200000 formatted 0!.0,"万" shows 620.0万: '6200000万' would be 10,000 times the amount; 千元 is
    # not 万; 120 formatted 0"W" shows 120W, shorthand for 120万. Each had been read as yuan. The error
    # says to write the amount in 万 or 亿, with no example built from the number held.
    [result] = judge(engine, formatted(tmp_path / "cycle.xlsx", 6200000, code))
    assert isinstance(result, Failure)
    assert result.error.detail() == (
        f"[projects] row 2, column 金额: the cell holds the number 6200000, but its number format ({code}) shows "
        "it with a unit, so what it shows is not the number: write the amount as text in 万 or 亿, or in yuan in a "
        "cell whose format adds no unit")
    assert result.error.detail("zh").endswith(
        "显示时加了单位，显示的并不是这个数字：请写成以万或亿为单位的文本，或在不加单位的格式中按元填写")


@pytest.mark.parametrize("code", ['0%', '0.00%', '#,##0%', '0%;-0%'])
def test_an_amount_in_a_percentage_format_is_an_error_that_calls_it_a_percentage_not_a_unit(engine, tmp_path, code):
    # 12000000 typed into a cell formatted 0% is held as 120000 and shown as 12000000%: % is no unit of an amount
    # (a reader asked for "text with its unit" would not know which), the format shows 100 times what the cell holds.
    [result] = judge(engine, formatted(tmp_path / "cycle.xlsx", 120000, code))
    assert isinstance(result, Failure)
    assert result.error.detail() == (
        f"[projects] row 2, column 金额: the cell holds the number 120000, but its number format ({code}) is a "
        "percentage, which shows 100 times the number with a % sign, so what it shows is not the number: write the "
        "amount in yuan in a cell formatted as General (常规), or as text in 万 or 亿")
    zh = result.error.detail("zh")
    assert f"（{code}）是百分比格式，显示的是这个数字的 100 倍并加上 %" in zh and "单位" not in zh.split("：")[1]


@pytest.mark.parametrize("code", ["#,##0", '¥#,##0.00', '0"元"', '#,##0"元整"', '"RMB "#,##0', '[$¥-804]#,##0.00', '#,##0" 人民币"',
                                  '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)',
                                  '0" yuan"', '#,##0"Yuan"', '#,##0.00" YUAN"',  # the yuan, spelt out
                                  # any currency sign is a way of showing the number (an English Excel's default)
                                  '"$"#,##0.00', '[$$-409]#,##0.00', '[$€-2] #,##0'])
def test_an_amount_in_a_currency_or_thousands_format_is_read_as_yuan(engine, tmp_path, code):
    plain = judge(engine, formatted(tmp_path / "plain.xlsx", 1200000))
    shown = judge(engine, formatted(tmp_path / "cycle.xlsx", 1200000, code))
    assert not isinstance(shown[0], Failure)
    assert records(shown) == records(plain)


def test_text_with_its_unit_in_a_unit_format_is_read_as_written(engine, tmp_path):
    plain = judge(engine, formatted(tmp_path / "plain.xlsx", "120万"))
    assert records(judge(engine, formatted(tmp_path / "cycle.xlsx", "120万", '0"万"'))) == records(plain)


def test_an_id_in_a_number_cell_formatted_with_leading_zeros_is_read_as_it_shows(engine, tmp_path):
    # 00123 typed into a cell formatted 00000 holds 123 and shows 00123: the committee knows the applicant as 00123,
    # and another sheet may give the id as text.
    path = book(tmp_path / "cycle.xlsx", {
        "applicants": [APPLICANTS, [123, "张伟", 2, date(2025, 6, 30)]],
        "employment": [EMPLOYMENT, ["00123", "甲公司", date(2014, 8, 1), None, "是", "是"]],
    }, {"applicants": {"A2": "00000"}})
    [verdict] = judge(engine, path)  # one result: the employment row is the applicant's, not a row of no applicant
    assert not isinstance(verdict, Failure), verdict.error
    assert verdict.applicant_id == "00123" and verdict.file.endswith("cycle.xlsx#00123")


def started(path: Path, start: date, start_format: str | None, as_of: date = date(2025, 6, 30)) -> Path:
    """E1's workbook, the job's start an Excel date in `start_format`."""
    return book(path, {
        "applicants": [APPLICANTS, ["E1", "张伟", 2, as_of]],
        "education": [EDUCATION, ["E1", "本科", date(2014, 7, 10)]],
        "employment": [EMPLOYMENT, ["E1", "甲公司", start, None, "是", "是"]],
        "projects": [PROJECTS, ["E1", "政务云", "120万", "主导运作", "已完成", STAGES]],
    }, {"employment": {"C2": start_format}} if start_format else None)


MONTH_ONLY = ["yyyy-mm", 'yyyy"年"m"月"', "mmm-yy", "yyyy/m", "[$-804]yyyy\"年\"m\"月\";@"]


@pytest.mark.parametrize("code", MONTH_ONLY)
def test_a_date_on_the_1st_in_a_format_that_shows_no_day_is_an_error_as_its_text_is(engine, tmp_path, code):
    # 2014-08 typed into a cell (or Aug-2014, 2014年8月) is kept as 2014-08-01 and shown without its day: read as
    # the 1st, the job would be counted from a day nobody gave, as the CSV of the same sheet (2014-08) is not.
    [result] = judge(engine, started(tmp_path / "cycle.xlsx", date(2014, 8, 1), code))
    assert isinstance(result, Failure)
    assert result.error.detail() == (
        f"[employment] row 2, column 开始: the cell shows the month without its day (its number format is {code}) "
        "and holds 2014-08-01, which is what Excel keeps for a month typed alone (2014-08): the day is not known; "
        "give the full date, in a cell formatted as a date that shows the day (yyyy-mm-dd)")
    assert result.error.detail("zh") == (
        f"[employment] 第2行“开始”列：单元格只显示年月、不显示日（数字格式为 {code}），其中是 2014-08-01，而只输入年月"
        "（2014-08）时 Excel 也记为当月1日，无法确定是哪一天：请填写完整日期，并把单元格设为显示日的日期格式（yyyy-mm-dd）")


def test_a_date_on_the_1st_in_a_format_that_shows_the_year_alone_says_so(engine, tmp_path):
    # yyyy shows 2014 of 2014-08-01: the error says what the cell shows, not a month it does not show.
    [result] = judge(engine, started(tmp_path / "cycle.xlsx", date(2014, 8, 1), "yyyy"))
    assert isinstance(result, Failure)
    assert result.error.detail() == (
        "[employment] row 2, column 开始: the cell shows the year alone, without its month and day (its number "
        "format is yyyy) and holds 2014-08-01, which is what Excel keeps for a month typed alone (2014-08): the day "
        "is not known; give the full date, in a cell formatted as a date that shows the day (yyyy-mm-dd)")
    assert result.error.detail("zh").startswith(
        "[employment] 第2行“开始”列：单元格只显示年份、不显示月和日（数字格式为 yyyy），其中是 2014-08-01，")


@pytest.mark.parametrize("number", [27, 36, 50, 52, 57])
def test_a_date_on_the_1st_in_chinese_excels_own_month_format_is_an_error(engine, tmp_path, number):
    # 2014年8月 typed into a Chinese Excel is kept as 2014-08-01 in a built-in format the file names by number only.
    code = 'yyyy"年"m"月"'
    [result] = judge(engine, builtin_format(started(tmp_path / "cycle.xlsx", date(2014, 8, 1), code), code, number))
    assert isinstance(result, Failure)
    assert "its number format is yyyy\"年\"m\"月\") and holds 2014-08-01" in result.error.detail()
    assert "单元格只显示年月、不显示日" in result.error.detail("zh")


@pytest.mark.parametrize("code", [*MONTH_ONLY, "yyyy"])
def test_a_date_on_another_day_in_a_format_that_shows_no_day_is_read_as_that_date(engine, tmp_path, code):
    # 2014-08-20 formatted yyyy-mm shows 2014-08, but the day is held: no month typed alone is kept so.
    # As of 2025-08-10, a start on the 20th gives 10 years 11 months, one on the 1st 11 years: the day counts.
    as_of = date(2025, 8, 10)
    plain = judge(engine, started(tmp_path / "plain.xlsx", date(2014, 8, 20), None, as_of))
    first = judge(engine, started(tmp_path / "first.xlsx", date(2014, 8, 1), None, as_of))
    shown = judge(engine, started(tmp_path / "cycle.xlsx", date(2014, 8, 20), code, as_of))
    assert not isinstance(shown[0], Failure), shown[0].error
    assert records(shown) == records(plain) != records(first)


@pytest.mark.parametrize("code", ["yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "d-mmm-yy", "m/d/yy h:mm", "mm-dd-yy"])
def test_a_date_on_the_1st_in_a_format_that_shows_the_day_is_read(engine, tmp_path, code):
    plain = judge(engine, started(tmp_path / "plain.xlsx", date(2014, 8, 1), None))
    shown = judge(engine, started(tmp_path / "cycle.xlsx", date(2014, 8, 1), code))
    assert not isinstance(shown[0], Failure), shown[0].error
    assert records(shown) == records(plain)


NO_YEAR = ['m"月"d"日"', "mm-dd", "m/d", "d-mmm", "mmm d", "[$-804]m\"月\"d\"日\";@", "mmm"]


def no_year(code: str, held: str) -> tuple[str, str]:
    """The error, in English and Chinese, of the job's start held as `held` in a cell formatted `code`."""
    month, day = (int(part) for part in held.split("-")[1:])
    return (f"[employment] row 2, column 开始: the cell shows no year (its number format is {code}) and holds {held}: "
            f"a date typed without its year ({month}-{day}) is kept in the year it is typed, and the year held is "
            "seen by no one; give the full date, in a cell formatted as a date that shows the year (yyyy-mm-dd)",
            f"[employment] 第2行“开始”列：单元格不显示年份（数字格式为 {code}），其中是 {held}：不带年份输入的日期"
            f"（{month}-{day}）Excel 记为输入当年，所存的年份谁也看不到：请填写完整日期，并把单元格设为显示年份的日期格式"
            "（yyyy-mm-dd）")


@pytest.mark.parametrize("code", NO_YEAR)
@pytest.mark.parametrize("start", [date(2010, 7, 20), date(2025, 3, 1)])
def test_a_date_in_a_format_that_shows_no_year_is_an_error_whatever_year_it_holds(engine, tmp_path, code, start):
    # 7-20 (or 7月20日) typed into a cell is kept as this year's 7-20 and shown without its year: a career begun in
    # 2010 would be read as begun this year. The year held is seen by no one, so it is refused in any year.
    [result] = judge(engine, started(tmp_path / "cycle.xlsx", start, code))
    assert isinstance(result, Failure)
    english, chinese = no_year(code, start.isoformat())
    assert result.error.detail() == english
    assert result.error.detail("zh") == chinese


@pytest.mark.parametrize("number", [28, 29, 51, 53, 54, 58])
def test_a_date_in_chinese_excels_own_month_and_day_format_is_an_error(engine, tmp_path, number):
    # 7月20日 typed into a Chinese Excel is kept in one of its built-in formats, which the file names by number only.
    code = 'm"月"d"日"'
    [result] = judge(engine, builtin_format(started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code), code, number))
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == no_year(code, "2010-07-20")


def test_a_date_in_excels_built_in_day_and_month_format_is_an_error(engine, tmp_path):
    path = started(tmp_path / "cycle.xlsx", date(2010, 7, 20), "d-mmm")
    with zipfile.ZipFile(path) as archive:  # d-mmm is kept as Excel's built-in 16, by number only
        assert 'numFmtId="16"' in archive.read("xl/styles.xml").decode()
    [result] = judge(engine, path)
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == no_year("d-mmm", "2010-07-20")


@pytest.mark.parametrize("number", [14, 15, 22, 30, 31])
def test_a_date_in_a_built_in_format_that_shows_the_year_is_read(engine, tmp_path, number):
    # 14 yyyy/m/d, 15 d-mmm-yy, 22 (at midnight), 30 m-d-yy, 31 yyyy"年"m"月"d"日": the year is shown.
    code = 'yyyy"年"m"月"d"日"'
    plain = judge(engine, started(tmp_path / "plain.xlsx", date(2010, 7, 20), None))
    shown = judge(engine, builtin_format(started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code), code, number))
    assert not isinstance(shown[0], Failure), shown[0].error
    assert records(shown) == records(plain)


@pytest.mark.parametrize("code", ["yyyy-mm-dd", "yy-m-d", 'yyyy"年"m"月"d"日"', "d-mmm-yy", "mm/dd/yyyy",
                                  "[$-804]yyyy\"年\"m\"月\"d\"日\" aaaa;@", "dd mmm yyyy"])
def test_a_date_in_a_format_that_shows_year_month_and_day_is_read(engine, tmp_path, code):
    plain = judge(engine, started(tmp_path / "plain.xlsx", date(2010, 7, 20), None))
    shown = judge(engine, started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code))
    assert not isinstance(shown[0], Failure), shown[0].error
    assert records(shown) == records(plain)


def test_a_workbook_with_no_format_hiding_part_of_a_date_is_read_by_values_only(tmp_path):
    # Only a workbook with such a format has its date cells looked at one by one: the rest keep the fast reading.
    from certify.numformats import hidden_styles

    def styles(path: Path) -> set:
        book_ = load_workbook(path, read_only=True)
        try:
            return set(hidden_styles(book_).values())
        finally:
            book_.close()

    assert styles(started(tmp_path / "plain.xlsx", date(2010, 7, 20), "yyyy-mm-dd")) == set()
    assert styles(started(tmp_path / "day.xlsx", date(2010, 7, 20), "mm-dd")) == {("mm-dd", "year")}
    assert styles(started(tmp_path / "month.xlsx", date(2010, 7, 20), "yyyy-mm")) == {("yyyy-mm", "day")}


TIME_ONLY = ["h:mm", "hh:mm:ss", "h:mm AM/PM", "mm:ss", 'h"时"mm"分"', '上午/下午h"时"mm"分"ss"秒"',
             "[$-F400]h:mm:ss AM/PM"]


def time_only(code: str, held: str) -> tuple[str, str]:
    """The error, in English and Chinese, of the job's start held as `held` in a cell formatted `code`."""
    return (f"[employment] row 2, column 开始: the cell shows only a time of day (its number format is {code}) and "
            f"holds {held}: the date held is seen by no one, so it cannot be checked; give the date, in a cell "
            "formatted as a date (yyyy-mm-dd)",
            f"[employment] 第2行“开始”列：单元格只显示时刻（数字格式为 {code}），其中是 {held}：所存的日期谁也看不到，"
            "无法核对；请填写日期，并把单元格设为日期格式（yyyy-mm-dd）")


@pytest.mark.parametrize("code", TIME_ONLY)
def test_a_date_in_a_format_that_shows_only_a_time_is_an_error(engine, tmp_path, code):
    # 2010-07-20 in a cell formatted h:mm shows 0:00: HR sees a time and no date, and had it read as the start of a
    # job. The date held is seen by no one, so it is refused, as a date shown without its year is.
    [result] = judge(engine, started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code))
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == time_only(code, "2010-07-20")


@pytest.mark.parametrize("number, code", [(18, "h:mm AM/PM"), (19, "h:mm:ss AM/PM"), (20, "h:mm"), (21, "h:mm:ss"),
                                          (45, "mm:ss"), (47, "mmss.0")])
def test_a_date_in_excels_built_in_time_formats_is_an_error(engine, tmp_path, number, code):
    path = started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code)
    with zipfile.ZipFile(path) as archive:  # kept as Excel's built-in, by number only
        assert f'numFmtId="{number}"' in archive.read("xl/styles.xml").decode()
    [result] = judge(engine, path)
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == time_only(code, "2010-07-20")


@pytest.mark.parametrize("code", ["[h]:mm:ss", "[hh]:mm", "[mm]:ss"])
def test_a_date_in_an_elapsed_time_format_says_the_cell_shows_elapsed_time_not_a_date(engine, tmp_path, code):
    # 2010-07-20 in a cell formatted [h]:mm:ss (Excel's built-in 46) shows 969096:00:00, the hours since 1900: read
    # as such, it said "'40379 days, 0:00:00' is not a date", a length of time HR never wrote.
    path = started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code)
    if code == "[h]:mm:ss":
        with zipfile.ZipFile(path) as archive:  # kept as Excel's built-in, by number only
            assert 'numFmtId="46"' in archive.read("xl/styles.xml").decode()
    [result] = judge(engine, path)
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == (
        f"[employment] row 2, column 开始: the cell's number format ({code}) shows elapsed time (hours, minutes or "
        "seconds counted past a day), not a date, and it holds 2010-07-20: the date held is seen by no one, so it cannot be checked; give the "
        "date, in a cell formatted as a date (yyyy-mm-dd)",
        f"[employment] 第2行“开始”列：单元格的数字格式（{code}）显示的是经过的时长（小时、分钟或秒数可超过一天），不是日期，其中是 "
        "2010-07-20："
        "所存的日期谁也看不到，无法核对；请填写日期，并把单元格设为日期格式（yyyy-mm-dd）")
    assert "days" not in result.error.detail()


@pytest.mark.parametrize("number, code", [(32, 'h"时"mm"分"'), (33, 'h"时"mm"分"ss"秒"'), (34, '上午/下午h"时"mm"分"'),
                                          (35, '上午/下午h"时"mm"分"ss"秒"'), (55, '上午/下午h"时"mm"分"'),
                                          (56, '上午/下午h"时"mm"分"ss"秒"')])
def test_a_date_in_chinese_excels_own_time_formats_is_an_error(engine, tmp_path, number, code):
    # Read as dates (mark_cjk_dates), so 2010-07-20 at midnight was read as that date, shown as 0时00分.
    [result] = judge(engine, builtin_format(started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code), code, number))
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == time_only(code, "2010-07-20")


def test_a_date_in_a_format_of_month_day_and_time_shows_no_year(engine, tmp_path):
    # m/d h:mm: its mm is minutes, its m the month; the year is not shown, as in m/d.
    [result] = judge(engine, started(tmp_path / "cycle.xlsx", date(2010, 7, 20), "m/d h:mm"))
    assert isinstance(result, Failure)
    assert (result.error.detail(), result.error.detail("zh")) == no_year("m/d h:mm", "2010-07-20")


@pytest.mark.parametrize("code", ["yyyy-mm-dd hh:mm:ss", "yyyy/m/d h:mm AM/PM", 'yyyy"年"m"月"d"日" h"时"mm"分"'])
def test_a_date_at_midnight_in_a_format_that_shows_the_date_and_time_is_read(engine, tmp_path, code):
    plain = judge(engine, started(tmp_path / "plain.xlsx", date(2010, 7, 20), None))
    shown = judge(engine, started(tmp_path / "cycle.xlsx", date(2010, 7, 20), code))
    assert not isinstance(shown[0], Failure), shown[0].error
    assert records(shown) == records(plain)
