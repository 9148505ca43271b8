"""A date cell whose number format hides part of the date it holds (numformats finds them): what each one is,
and why the date column refuses it (cells), said as a Message the caller makes a CellProblem of.

- NoDay: a date on the 1st of a month shown without its day (yyyy-mm, yyyy"年"m"月", mmm-yy, yyyy): what Excel
  keeps for a month typed alone, so the day is not known.
- NoYear: a date shown without its year (m"月"d"日", mm-dd, d-mmm, m/d h:mm): one typed without its year is kept
  in the year it is typed, and the year held is seen by no one.
- TimeOnly: a date shown as a time of day alone (h:mm, hh:mm:ss, Excel's built-ins 18-21 and 45-47, Chinese
  Excel's h"时"mm"分" and 上午/下午h"时"mm"分", 32-35 and 55-56): the cell shows 0:00 or 9:30, and no one filling the
  sheet sees which date it holds.
- Elapsed: a date shown as elapsed time ([h]:mm:ss, Excel's built-in 46; [mm]:ss): openpyxl reads it as a length of
  time (40379 days), the cell shows hours counted past a day (969096:00:00), and the date held is seen by no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import Message, say


@dataclass(frozen=True, slots=True)
class NoDay:
    """A date cell on the 1st of a month whose number format shows no day (yyyy-mm, yyyy"年"m"月", mmm-yy:
    numformats): what Excel keeps for a month typed without its day (2010-07), so the day is not known."""

    value: datetime
    format: str
    month_shown: bool = True  # False for yyyy: the year alone

    def problem(self) -> Message:
        month = f"{self.value.year}-{self.value.month:02d}"
        # yyyy shows the year alone: "the month without its day" would be untrue of it
        shows, shows_zh = (("the month without its day", "只显示年月、不显示日") if self.month_shown
                           else ("the year alone, without its month and day", "只显示年份、不显示月和日"))
        return say("the cell shows {s} (its number format is {f}) and holds {d}, "
                   "which is what Excel keeps for a month typed alone ({m}): the day is not known; give "
                   "the full date, in a cell formatted as a date that shows the day (yyyy-mm-dd)",
                   "单元格{z}（数字格式为 {f}），其中是 {d}，而只输入年月（{m}）时 Excel 也记为当月1日，"
                   "无法确定是哪一天：请填写完整日期，并把单元格设为显示日的日期格式（yyyy-mm-dd）",
                   d=self.value.date().isoformat(), f=self.format, m=month, s=shows, z=shows_zh)


@dataclass(frozen=True, slots=True)
class NoYear:
    """A date cell whose number format shows no year (m"月"d"日", mm-dd, d-mmm: numformats): a date typed without
    its year (7-20, 7月20日) is kept in the year it is typed, and the year held is seen by no one."""

    value: datetime
    format: str

    def problem(self) -> Message:
        typed = f"{self.value.month}-{self.value.day}"
        return say("the cell shows no year (its number format is {f}) and holds {d}: a date typed without "
                   "its year ({t}) is kept in the year it is typed, and the year held is seen by no one; "
                   "give the full date, in a cell formatted as a date that shows the year (yyyy-mm-dd)",
                   "单元格不显示年份（数字格式为 {f}），其中是 {d}：不带年份输入的日期（{t}）Excel 记为输入当年，"
                   "所存的年份谁也看不到：请填写完整日期，并把单元格设为显示年份的日期格式（yyyy-mm-dd）",
                   d=self.value.date().isoformat(), f=self.format, t=typed)


@dataclass(frozen=True, slots=True)
class TimeOnly:
    """A date cell whose number format shows a time of day alone (h:mm, hh:mm:ss, h"时"mm"分": numformats): it
    shows 0:00 for a date at midnight, and whatever date it holds is seen by no one."""

    value: datetime
    format: str

    def problem(self) -> Message:
        return say("the cell shows only a time of day (its number format is {f}) and holds {d}: the date held is "
                   "seen by no one, so it cannot be checked; give the date, in a cell formatted as a date "
                   "(yyyy-mm-dd)",
                   "单元格只显示时刻（数字格式为 {f}），其中是 {d}：所存的日期谁也看不到，无法核对；请填写日期，"
                   "并把单元格设为日期格式（yyyy-mm-dd）",
                   d=self.value.isoformat(sep=" ") if self.value.time() != datetime.min.time()
                   else self.value.date().isoformat(), f=self.format)


@dataclass(frozen=True, slots=True)
class Elapsed:
    """A date cell whose number format shows elapsed time ([h]:mm:ss, [mm]:ss: numformats), read as a length of time
    (openpyxl's timedelta, 40379 days for 2010-07-20): the cell shows hours (or minutes, seconds) counted past a
    day, not a date, and the date held is seen by no one."""

    value: timedelta
    format: str

    def problem(self) -> Message:
        held = _EPOCH + self.value  # the serial number Excel holds, as the date it is
        return say("the cell's number format ({f}) shows elapsed time (hours, minutes or seconds counted past a day), "
                   "not a date, and it holds {d}: the date held is seen by no one, so it cannot be checked; give the "
                   "date, in a cell formatted as a date (yyyy-mm-dd)",
                   "单元格的数字格式（{f}）显示的是经过的时长（小时、分钟或秒数可超过一天），不是日期，其中是 {d}："
                   "所存的日期谁也看不到，无法核对；请填写日期，并把单元格设为日期格式（yyyy-mm-dd）",
                   d=held.isoformat(sep=" ") if held.time() != datetime.min.time() else held.date().isoformat(),
                   f=self.format)


_EPOCH = datetime(1899, 12, 30)  # Excel's day 0, as openpyxl reckons its dates (a 1904 workbook's differ)

HIDING = (NoDay, NoYear, TimeOnly, Elapsed)  # the kinds a date column refuses as they are (cells)
