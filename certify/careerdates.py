"""The dates a career can have, and what is said, in English and Chinese, of a date no career has: one before
EARLIEST (1900-01-03, as a workbook shows the number 3 in a cell formatted as a date) or on or after LATEST. A
dossier's dates, a sheet's date cells, the command line's --as-of and a committee's decisions are held to them."""

from __future__ import annotations

from datetime import date

from .errors import Message, say

# No applicant's degree, job or cut-off date comes before EARLIEST (reading-the-standard.md, decision 18); a career's
# dates come before LATEST, and an `end` on or after it means "no end date".
EARLIEST = date(1950, 1, 1)
LATEST = date(9000, 1, 1)


def outside_a_career(day: date, shown: str | None = None, *, end: bool = False) -> Message | None:
    """What is said of `day` (`shown` as written, else YYYY-MM-DD) if no career has it, else None; an `end` may be
    LATEST or later."""
    shown = day.isoformat() if shown is None else shown
    if day < EARLIEST:
        return say("{d} is before any career (a date on or after {earliest})",
                   "{d} 早于任何职业生涯（日期应不早于 {earliest}）", d=shown, earliest=EARLIEST.isoformat())
    if day >= LATEST and not end:
        return say("{d} is past any career (a date before {latest})", "{d} 超出任何职业生涯（日期应早于 {latest}）",
                   d=shown, latest=LATEST.isoformat())
    return None


def shown_as_a_date(day: date) -> Message | None:
    """What is said of a workbook's date cell before EARLIEST: a number in a cell formatted as a date shows as such a
    date (3 as 1900-01-03, 2014 as 1905-07-06), so the date itself is to be typed; None for a later one."""
    if day >= EARLIEST:
        return None
    return say("{s}: the cell holds a number its date format shows as {d}; type the date itself",
               "{s}：该单元格中是一个数字，按日期格式显示为 {d}；请填写实际日期", s=outside_a_career(day), d=day.isoformat())
