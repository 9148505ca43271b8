"""A spreadsheet's cell as the dossier-v1 value of its column's kind: a date, yes or no, a level, a count,
stages, an amount, text; or a CellProblem saying why it cannot be (the caller adds the sheet, row and column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})/(\d{1,2})/(\d{1,2})")
_TRUE = frozenset(("是", "yes", "y", "true", "1", "√"))
_FALSE = frozenset(("否", "no", "n", "false", "0", "×"))  # √ and × as people tick a paper form
_STAGE_SPLIT = re.compile(r"[、,;|，；｜\r\n]")  # line breaks too: one stage a line (Alt+Enter in Excel)
_NONE_WORDS = frozenset(("无", "none", "-", "—"))
_LEVEL_RE = re.compile(r"(\d+)\s*级?")


@dataclass(frozen=True, slots=True)
class Shown:
    """A number whose cell's format shows a unit it does not hold: 120 formatted 0"万" shows 120万 (numformats)."""

    value: int | float
    format: str


class CellProblem(ValueError):
    """A cell that cannot be read; the caller adds the sheet, row and column."""


def blank(value: object) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """A cell as text, numbers without a trailing .0 and dates as YYYY-MM-DD."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        if abs(value) < 2**53:
            return str(int(value))
        # Past 2**53, int() shows binary digits nobody typed (1.10101199001011E+17 -> ...1008);
        # the shortest form is what the workbook holds and Excel shows (...1000).
        return f"{Decimal(repr(value)):f}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellProblem(f"{text_of(value)} has a time of day: give the date only")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        m = _DATE_RE.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
            try:
                return date(y, mo, d)
            except ValueError:
                pass
            raise CellProblem(f"{text!r} is not a date")
        raise CellProblem(f"{text!r} is not a date (write YYYY-MM-DD)")
    raise CellProblem(f"{text_of(value)!r} is not a date (write YYYY-MM-DD, or format the cell as a date)")


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = text_of(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellProblem(f"{text_of(value)!r} is not yes or no (write 是/否, yes/no, true/false or 1/0)")


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool):
        raise CellProblem(f"{text_of(value)!r} is not {what}")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return int(value)
    m = _LEVEL_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m and len(m.group(1)) <= 9 and (what != "a number of rows" or value.strip().isdigit()):
        return int(m.group(1))
    shown = text_of(value)
    raise CellProblem(f"{(shown if len(shown) <= 40 else shown[:37] + '...')!r} is not {what}")


def _stages(value: object) -> list[str]:
    text = text_of(value)
    if text.lower() in _NONE_WORDS:
        return []  # written out: no stage at all, not "not given"
    return [s.strip() for s in _STAGE_SPLIT.split(text) if s.strip()]


def _amount(value: object) -> object:
    if isinstance(value, Shown):
        number = text_of(value.value)
        raise CellProblem(f"the cell holds the number {number}, but its number format ({value.format}) shows it "
                          "with a unit, so what it shows is not the number: write the amount as text with its "
                          f"unit (such as '{number}万'), or in yuan in a cell whose format adds no unit")
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 6200000.0 from a spreadsheet is 6200000 yuan
    return value.strip() if isinstance(value, str) else value


# Text cells of these kinds repeat (dates, yes/no, levels): each (kind, text) is read once per
# process. Their values are immutable (date, bool, int); a cell that cannot be read is not kept.
_MEMO_KINDS = frozenset(("date", "bool", "level", "count"))
_MEMO_SIZE = 16384
_memo: dict[tuple[str, str], object] = {}


def cell_value(kind: str, value: object) -> object:
    """A non-empty cell as the dossier-v1 value of its kind; raises CellProblem."""
    if kind in _MEMO_KINDS and type(value) is str:
        key = (kind, value)
        found = _memo.get(key, _memo)
        if found is not _memo:
            return found
        found = _cell_value(kind, value)
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = found
        return found
    return _cell_value(kind, value)


def _cell_value(kind: str, value: object) -> object:
    if kind in ("text", "id"):
        return text_of(value)
    if kind == "date":
        return _date(value)
    if kind == "bool":
        return _bool(value)
    if kind == "level":
        return _whole(value, "a level (a whole number such as 2)")
    if kind == "count":
        count = _whole(value, "a number of rows")
        if count < 0:
            raise CellProblem(f"{text_of(value)!r} is not a number of rows")
        return count
    if kind == "stages":
        return _stages(value)
    if kind == "amount":
        return _amount(value)
    return value.strip() if isinstance(value, str) else value  # choice: dossier-v1 checks it
