"""What a workbook's number formats tell that openpyxl's streaming reader does not pass on.

Four cases, from Chinese Excel and WPS:

- **East Asian built-in date formats.** Excel's built-in formats 27-36 and 50-58 are
  the dates and times of a Chinese, Japanese or Korean Excel (`yyyy"年"m"月"d"日"` is
  31). A file keeps only the format's number, not its code, and openpyxl knows the
  codes of 0-49 only, so such a cell read as a plain number (43466 for 2019-01-01).
  Its styles are marked as dates here (mark_cjk_dates), as openpyxl marks 14-22.
- **A unit in a number format.** A cell holding 120 formatted `0"万"` shows `120万`,
  but holds 120: read by its value, an amount would be 10,000 times too small, and a
  led project would fail quietly. A number in an amount column whose format writes
  千, 万 or 亿 (or 萬, 億), or any other word or letter but a name of the yuan (元,
  人民币, CNY, RMB, yuan in any case), comes out as a Shown, which the amount column
  refuses: `0"W"` shows 120W (W is shorthand for 万), `0"K"` and `0.0"M"` thousands and
  millions. A currency sign of any kind (¥, $, €) is taken as a way of showing the
  number, not as a unit: a number cell is yuan whatever currency format it has (an
  English Excel's default currency format shows $), so `$#,##0` reads as yuan too.
  Only words and letters count as units (`[$USD]` is one).
- **A date whose format hides part of it.** A cell formatted `yyyy-mm`, `yyyy"年"m"月"` (Chinese
  Excel's built-ins 27, 36, 50, 52 and 57 among them), `mmm-yy` (17) or `yyyy` holds a whole
  date but shows no day. On the 1st of a month it is what Excel keeps for a month typed alone
  (2010-07, 2010年7月, Jul-2010, which Excel formats so), so the day is not known: in a date
  column it comes out as a NoDay, which the date column refuses, as it refuses the text 2010-07.
  On any other day, the day is the one typed (or reckoned), only hidden: it is read. A cell
  formatted `m"月"d"日"` (Chinese Excel's built-ins 28, 29, 51, 53, 54 and 58), `mm-dd` or `d-mmm`
  (16) shows no year, whatever year it holds: 7-20 or 7月20日 typed into a cell is kept in the
  year it is typed, and no one filling the sheet sees the year held. In a date column it comes
  out as a NoYear, which the date column refuses, on any day (hidden_styles); so does one formatted
  `m/d h:mm` (beside h, or before s, m is minutes). A cell formatted as a time of day alone (`h:mm`,
  `hh:mm:ss`, built-ins 18-21 and 45-47, Chinese Excel's `h"时"mm"分"`, 32-35 and 55-56) shows 0:00 for a
  date at midnight, and the date it holds is seen by no one: it comes out as a TimeOnly, refused too;
  one formatted as elapsed time (`[h]:mm:ss`, built-in 46, `[mm]:ss`), which openpyxl reads as a length of time,
  comes out as an Elapsed (hiddendates says why each is).
- **Leading zeros.** An id kept in a number cell formatted `00000` holds 123 and shows
  00123: in an id or text column it reads as it shows (padded_styles).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import re

from .cells import Shown, blank, format_text
from .hiddendates import Elapsed, NoDay, NoYear, TimeOnly
from .sheets import header_column

CJK_DATES = frozenset(range(27, 37)) | frozenset(range(50, 59))
# Chinese Excel's built-ins of a date that hide part of it, by what they show (ECMA-376 Part 1, 18.8.30, as
# Chinese Excel shows them; 30 is m-d-yy, 31 yyyy"年"m"月"d"日"; 32-35 and 55-56 a time of day alone)
_CJK_HIDING = {**dict.fromkeys((27, 36, 50, 52, 57), 'yyyy"年"m"月"'), **dict.fromkeys((28, 29, 51, 53, 54, 58), 'm"月"d"日"'),
               32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', **dict.fromkeys((34, 55), '上午/下午h"时"mm"分"'),
               **dict.fromkeys((35, 56), '上午/下午h"时"mm"分"ss"秒"')}
_SHOWN_TEXT = re.compile(r'"[^"]*"|\\.|!.|_.|\*.|\[[^\]]*\]')  # what a format writes as it is, and [$-804], [Red]
_UNITS = frozenset("千万萬亿億")
_CUSTOM = 164  # format ids from here on are the workbook's own
_YUAN = re.compile(r"人民币|元整|元|CNY|RMB|yuan", re.IGNORECASE)  # 元整: an accountant's "yuan exactly"
_CURRENCY = re.compile(r"\[\$([^\]-]*)")  # [$¥-804] shows ¥ ([$-804] names a locale only)


def _formats(book) -> list[tuple[int, int, str | None]]:
    """(style index, format id, format code or None for a built-in one) of every cell style of a book."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    custom = list(getattr(book, "_number_formats", []))
    out = []
    for index, style in enumerate(getattr(book, "_cell_styles", [])):
        fid = style.numFmtId
        code = custom[fid - _CUSTOM] if _CUSTOM <= fid < _CUSTOM + len(custom) else BUILTIN_FORMATS.get(fid)
        out.append((index, fid, code))
    return out


def mark_cjk_dates(book) -> None:
    """Read a cell styled with an East Asian built-in date format as a date, as Excel shows it."""
    dates = getattr(book, "_date_formats", None)
    if dates is None:  # pragma: no cover - an openpyxl without it: cells read as numbers, and a date cell says so
        return
    dates.update(index for index, fid, code in _formats(book) if code is None and fid in CJK_DATES)


def unit_styles(book) -> frozenset[int]:
    """The cell styles whose number format shows a unit the cell's value does not hold: 千, 万 or 亿, or another
    word or letter but a name of the yuan (_shows_unit)."""
    return frozenset(index for index, _, code in _formats(book) if code and _shows_unit(code))


def _shows_unit(code: str) -> bool:
    """Whether a number format shows a unit beside the number: 千, 万 or 亿 anywhere in it, a percent sign, or a word or letter
    in its text ("W", \\K, [$USD]) that does not name the yuan. A currency sign is no unit."""
    if _UNITS & set(code) or "%" in code:  # a percentage shows 100 times the number: 0.12 as 12%
        return True
    text = format_text(code) + "".join(_CURRENCY.findall(code))
    return any(ch.isalpha() for ch in _YUAN.sub("", text))


def hidden_styles(book) -> dict[int, tuple[str, str]]:
    """The cell styles of a date format that hides part of the date, each with its format and the part hidden:
    "year" (m"月"d"日", mm-dd, d-mmm: a date cell of one may be a date typed without its year, and its year is seen
    by no one), else "day" (yyyy-mm, yyyy"年"m"月", mmm-yy: one on the 1st of a month may be a month typed without
    its day), or "month" (yyyy: the year alone, read as one that shows no day, and said so), or "date" (h:mm: a time
    of day alone, the date held seen by no one). A format that shows neither year nor day (mmm) hides the year."""
    dates = getattr(book, "_date_formats", None) or ()
    out = {}
    for index, fid, code in _formats(book):
        if index in dates and (shown := _CJK_HIDING.get(fid) if code is None else code) and (part := _hides(shown)):
            out[index] = (shown, part)
    return out


_AM_PM = re.compile(r"am/pm|a/p")  # a 12-hour clock's marker (lowercased): its m is no month
_MINUTES = re.compile(r"(?<=h)([^a-z]*)m+|m+(?=[^a-z]*s)")  # m after h or before s is minutes, as Excel reads it


def _hides(code: str) -> str | None:
    """The part of the date a date format does not show, in its first section: "date" for a time of day alone
    (h:mm, mm:ss, 上午/下午h"时"mm"分": its m is minutes), else "year" with no y (nor e or b, an era's or a
    Buddhist year), else "month" with no m (yyyy: the month and its day), else "day" with no d; None for one
    showing all three, with a time or without."""
    letters = _MINUTES.sub(r"\1", _AM_PM.sub("", _SHOWN_TEXT.sub("", code.split(";")[0]).lower()))
    if not any(ch in letters for ch in "ymdeb") and ("h" in letters or "s" in letters):
        return "date"
    if not any(ch in letters for ch in "yeb"):
        return "year"
    return "month" if "m" not in letters else "day" if "d" not in letters else None


_PADDED = re.compile(r"0{2,}")  # 00000: a number shown with leading zeros, as an id of five digits


def padded_styles(book) -> dict[int, int]:
    """The cell styles whose number format shows a whole number with leading zeros (00000: 123 shows 00123),
    each with its number of digits: an id typed 00123 into such a cell holds 123, but is shown and meant 00123."""
    return {index: len(code) for index, _, code in _formats(book) if code and _PADDED.fullmatch(code)}


class SheetValues:
    """A sheet's rows as values, as iter_rows(values_only=True) gives them; but a number in an amount column
    whose style is one of `units` comes as a Shown (value, format), a whole number in a text or id column
    whose style is one of `padded` as the text it shows (00123), and a date in a date column whose style is one
    of `hidden` as a NoYear (a format that shows no year) or, on the 1st of a month, a NoDay (one that shows no
    day). The columns are those of the
    sheet's header, told (`header`) as the reader finds it, below a title of any kind or over two rows: the rows
    read before it is told come as they are. Each row is read as it is asked for."""

    def __init__(self, sheet, name: str, units: frozenset[int], padded: dict[int, int] | None = None,
                 hidden: dict[int, tuple[str, str]] | None = None) -> None:
        self.sheet, self.name, self.units, self.padded = sheet, name, units, padded or {}
        self.hidden = hidden or {}
        self.amounts: frozenset[int] = frozenset()
        self.texts: frozenset[int] = frozenset()
        self.dates: frozenset[int] = frozenset()

    def header(self, cells: tuple) -> None:
        """The header's cells: the rows read from now on are read by the columns they name."""
        kinds = {i: getattr(header_column(self.name, text), "kind", None) for i, text in enumerate(cells)
                 if not blank(text)}
        self.amounts = frozenset(i for i, kind in kinds.items() if kind == "amount") if self.units else frozenset()
        self.texts = frozenset(i for i, kind in kinds.items() if kind in ("id", "text")) if self.padded else frozenset()
        self.dates = frozenset(i for i, kind in kinds.items() if kind == "date") if self.hidden else frozenset()

    def __iter__(self) -> Iterator[tuple]:
        if not self.units and not self.padded and not self.hidden:
            yield from self.sheet.iter_rows(values_only=True)
            return
        units, padded, hidden = self.units, self.padded, self.hidden
        for row in self.sheet.iter_rows():
            amounts, texts, dates = self.amounts, self.texts, self.dates
            if not amounts and not texts and not dates:
                yield tuple(cell.value for cell in row)
                continue
            yield tuple(_amount(cell, units) if i in amounts else _padded(cell, padded) if i in texts
                        else _date(cell, hidden) if i in dates else cell.value for i, cell in enumerate(row))


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _amount(cell, units: frozenset[int]) -> object:
    """An amount cell's value, or a Shown when its style writes a unit beside the number."""
    value = cell.value
    return Shown(value, cell.number_format) if _number(value) and getattr(cell, "_style_id", 0) in units else value


def _date(cell, hidden: dict[int, tuple[str, str]]) -> object:
    """A date cell's value; or a TimeOnly when its style's format shows a time of day alone, a NoYear when it shows
    no year, or a NoDay when it is the 1st of a month and its style's format shows no day; an Elapsed when it is a
    length of time (openpyxl's timedelta, for a format of elapsed time: [h]:mm:ss)."""
    value = cell.value
    if type(value) is datetime and (found := hidden.get(getattr(cell, "_style_id", 0))):
        shown, part = found
        if part == "date":
            return TimeOnly(value, shown)
        if part == "year":
            return NoYear(value, shown)
        if value.day == 1:
            return NoDay(value, shown, part == "day")
    elif type(value) is timedelta and (found := hidden.get(getattr(cell, "_style_id", 0))):
        return Elapsed(value, found[0])  # [h]:mm:ss, [hh]:mm: a length of time, shown as hours past a day
    return value


def _padded(cell, padded: dict[int, int]) -> object:
    """An id or text cell's value, or the text it shows when its style pads a whole number with zeros."""
    value, digits = cell.value, padded.get(getattr(cell, "_style_id", 0))
    if digits and _number(value) and value >= 0 and float(value).is_integer():
        return str(int(value)).zfill(digits)
    return value
