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
