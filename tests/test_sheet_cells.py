"""Cells as Chinese HR sheets write them: dates written out in text, and what a sheet holds is read as it shows."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from certify.cells import CellProblem, cell_value
from certify.check import Failure
from certify.editions import open_rulesets
from sheetdata import APPLICANTS, EDUCATION, EMPLOYMENT, PROJECTS, STAGES, judge, records


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
                                  "2019\u3000年1月1日"])
def test_a_text_date_written_year_first_the_chinese_way_is_read(text):
    assert cell_value("date", text) == date(2019, 1, 1)


@pytest.mark.parametrize("text, message", [
    ("2019年2月30日", "'2019年2月30日' is not a date"),  # the form is right, the day does not exist
    ("２０１９．２．３０", "'２０１９．２．３０' is not a date"),
    ("20190101", "'20190101' is not a date (write YYYY-MM-DD)"),  # a bare number
    ("1/2/2019", "'1/2/2019' is not a date (write YYYY-MM-DD)"),  # 1 February or 2 January?
    ("2019年1月", "'2019年1月' is not a date (write YYYY-MM-DD)"),  # no day
    ("2019.1", "'2019.1' is not a date (write YYYY-MM-DD)"),
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


def test_a_yaml_dossiers_amount_in_full_width_digits_is_still_refused(engine, tmp_path):
    path = tmp_path / "E1.yaml"  # dossier-v1 is a fixed format: only the committee's sheets read full-width digits
    path.write_text("applicant: {id: E1}\nprojects:\n  - {name: 政务云, amount: '１２０万', role: lead, "
                    "status: completed}\n", encoding="utf-8")
    [result] = judge(engine, path)
    assert isinstance(result, Failure) and "got '１２０万'" in result.error.detail()
