"""A spreadsheet's cell as the dossier-v1 value of its column's kind: a date, yes or no, a level, a count,
stages, an amount, text; or a CellProblem saying why it cannot be (the caller adds the sheet, row and column).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .errors import Message, say
from .hiddendates import HIDING
from .sheetamount import written_amount
from .values import date_tip, parse_amount, under_way, written_level_tip

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})/(\d{1,2})/(\d{1,2})")
# More text dates as Chinese HR sheets write them, year first, read after NFKC (full-width digits and
# punctuation as ASCII): 2019年1月1日 (spaces allowed), 2019.1.1, 2019-1-1; and the two forms above, full-width.
_WRITTEN_DATE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日"
                           r"|([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# A time after a text date, as an HR system exports a date (2019-01-01 00:00:00): midnight is the date alone.
_CLOCK = re.compile(r"(.*?\S)[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.0+)?)?")
# Ticks and crosses as people mark a paper form, or pick them from a phone's or a Mac's emoji (✅, ❌, ✔️:
# the variation selector U+FE0F an emoji picker adds is dropped).
_TRUE = frozenset(("是", "yes", "y", "true", "1", "√", "✓", "✔", "✅"))
_FALSE = frozenset(("否", "no", "n", "false", "0", "×", "✗", "✘", "❌", "❎"))
_STAGE_SPLIT = re.compile(r"[、,;|，；｜\r\n]")  # line breaks too: one stage a line (Alt+Enter in Excel)
_NONE_WORDS = frozenset(("无", "none", "-", "—"))
_LEVEL_RE = re.compile(r"(\d+)\s*[级級]?")
# A level in Chinese numerals, as the standard names its grades (三级): 一 to 九十九 (十级, 十二级), with or
# without 级; one the ruleset lacks (十级 of four) is said as the number it is.
_NUMERALS = {ch: n for n, ch in enumerate("一二三四五六七八九", 1)}
_CHINESE_LEVEL = re.compile(r"(?:([一二三四五六七八九]?)(十))?([一二三四五六七八九]?)\s*[级級]?")
_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True, slots=True)
class Shown:
    """A number whose cell's format shows a unit it does not hold: 120 formatted 0"万" shows 120万 (numformats)."""

    value: int | float
    format: str


@dataclass(frozen=True, slots=True)
class Unsaved:
    """A formula cell with no value saved (sheetmerge): the workbook was written by a program that did not
    compute it. Whatever the column, it cannot be read."""

    formula: str


@dataclass(frozen=True, slots=True)
class UnderMerge:
    """A cell of a row of data under a range merged down from the header or above it (sheetmerge.fill), as `ref`
    (A1:A2) from row `top`: whatever it held was dropped by the merge, which keeps the top-left cell's value only."""

    ref: str
    top: int


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


def _date_match(text: str) -> re.Match | None:
    m = _DATE_RE.fullmatch(text)
    if m is None:  # only a text not written YYYY-MM-DD or YYYY/M/D is normalised (and each text once: memo)
        folded = unicodedata.normalize("NFKC", text)
        m = _DATE_RE.fullmatch(folded) or _WRITTEN_DATE.fullmatch(folded)
    return m


def date_shaped(text: str) -> bool:
    """Whether text is written as a date cell reads one (2026/2/30 and 2026年2月30日 are, though no such day is)."""
    return _date_match(text.strip()) is not None


def _date(value: object) -> date:
    if type(value) in HIDING:  # a date its number format hides part of: a day, a year, or all but the time
        raise CellProblem(value.problem())
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellProblem(say("{v} has a time of day: give the date only", "{v} 带有时刻：只填日期", v=text_of(value)))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        m = _date_match(text)
        if m is None and (clock := _CLOCK.fullmatch(text)) and (m := _date_match(clock.group(1))):
            if any(int(t or 0) for t in clock.groups()[1:]):
                raise CellProblem(say("{v} has a time of day: give the date only", "{v} 带有时刻：只填日期", v=repr(text)))
            text = clock.group(1)
        if m:
            y, mo, d = (int(g) for g in m.groups() if g is not None)
            try:
                return date(y, mo, d)
            except ValueError:
                pass
            raise CellProblem(say("{v} is not a date", "{v} 不是有效的日期", v=repr(text)))
        # A month without its day (2019年3月, 2019.3) asks for the day, as a dossier's does: never a day guessed.
        tip = date_tip(text, _unread) or say(" (write YYYY-MM-DD)", "（请写成 YYYY-MM-DD）")
        raise CellProblem(say("{v} is not a date{t}", "{v} 不是日期{t}", v=repr(text), t=tip))
    raise CellProblem(say("{v} is not a date (write YYYY-MM-DD, or format the cell as a date)",
                          "{v} 不是日期（请写成 YYYY-MM-DD，或把单元格设为日期格式）", v=repr(text_of(value))))


def end_problem(value: object, problem: CellProblem) -> CellProblem:
    """The problem of a job's end cell: for 至今 or "present", as a CV ends the job under way (values.under_way), that
    a job still under way leaves the cell empty; else `problem` as it is."""
    if not under_way(value):
        return problem
    return CellProblem(say("{v} is not a date (a job still under way has no end date: leave the cell empty)",
                           "{v} 不是日期（仍在职的工作不写结束日期：请将该单元格留空）", v=repr(text_of(value))))


def _unread(text: str) -> None:
    raise ValueError(text)  # date_tip's reader of a half-width form: the forms a cell reads were read above


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = text_of(value).lower().replace("\ufe0f", "")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellProblem(say("{v} is not yes or no (write 是/否, yes/no, true/false, 1/0 or √/×)",
                          "{v} 不是“是”或“否”（请写 是/否、yes/no、true/false、1/0 或 √/×）", v=repr(text_of(value))))


def _not(value: object, what: Message, tip: Message | str = "") -> CellProblem:
    shown = text_of(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return CellProblem(say("{v} is not {what}{tip}", "{v} 不是{what}{tip}", v=repr(shown), what=what, tip=tip))


_POINT_ZERO = re.compile(r"(\d{1,9})\.0+")  # 3.0 typed as text, or a CSV written by a program from a number


LEVEL_FORMS = Message("a level (a whole number such as 2, 2级, 二级, or a level's name)",
                      "级别（整数如 2、“2级”“二级”，或级别名称）")
_ROWS = Message("a number of rows", "行数")


def _whole(value: object, what: Message) -> int:
    if isinstance(value, bool):
        raise _not(value, what)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        if abs(value) >= 10 ** 9:  # as for a number written as text: 1E+308 is no level, and not written out in full
            raise _not(value, what)
        return int(value)
    m = _LEVEL_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m and len(m.group(1)) <= 9 and (what is not _ROWS or value.strip().isdigit()):
        return int(m.group(1))
    whole = _POINT_ZERO.fullmatch(unicodedata.normalize("NFKC", value).strip()) if isinstance(value, str) else None
    tip = say(": write {n}, not {v}", "：请写 {n}，而不是 {v}", n=int(whole.group(1)), v=whole.group()) if whole else ""
    raise _not(value, what, tip)


def written_level(value: object) -> int | str:
    """A level: a whole number (2, 2级, ２), one in Chinese numerals (二, 二级); other text without a digit is
    taken as a level's name (高级客户经理), which only the ruleset can read (sheetcheck.dossier_of). A level
    written in English (level 3, L3) is not read: its problem says the number to write, as a dossier's does
    (values.written_level_tip)."""
    try:
        return level_as_written(value)
    except CellProblem:
        tip = written_level_tip(value)
        if not tip:  # a form no level's (or one with a tip of its own, 3.0: no level even without L)
            raise
        raise _not(value, LEVEL_FORMS, tip) from None


def level_as_written(value: object) -> int | str:
    """written_level without its tip: the forms a sheet's level cell reads, and nothing else."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        m = _CHINESE_LEVEL.fullmatch(text)
        if m and (m.group(2) or m.group(3)):
            return (_NUMERALS.get(m.group(1), 1) * 10 if m.group(2) else 0) + _NUMERALS.get(m.group(3), 0)
        if not _DIGIT.search(text):
            return value.strip()
    return _whole(value, LEVEL_FORMS)


@functools.cache
def _stage_words() -> frozenset[str]:
    """Every stage's name, in English and Chinese (dossier.STAGE_NUMBERS): a cell of one is one stage, asked no more."""
    from .dossier import STAGE_NUMBERS  # here: dossier-v1's model, after the cells

    return frozenset(STAGE_NUMBERS)


def _stages(value: object) -> list[str]:
    text = text_of(value)
    if text.lower() in _NONE_WORDS:
        return []  # written out: no stage at all, not "not given"
    stages = [s.strip() for s in _STAGE_SPLIT.split(text) if s.strip()]
    if len(stages) == 1 and stages[0] not in _stage_words():  # 全部, 1-7, stages apart by spaces (one text): what to
        from .dossier import numbered_stages, stage_names, stages_in_one  # write as a cell writes it, not YAML's list

        if numbers := numbered_stages(text):
            en, zh = stage_names(numbers)
            raise CellProblem(say("each stage is written by its name, not a number or a word for them all: write {e}",
                                  "各阶段须逐一写出名称，不能写序号或“全部”：请写作 {z}", e=", ".join(en), z="、".join(zh)))
        if (joined := stages_in_one(stages[0])) is not None:  # 需求发掘 技术交流: apart by spaces, which a cell does not split
            raise CellProblem(joined)
    return stages


_LITERAL = re.compile(r'"([^"]*)"|[\\!](.)')  # a format's text: "万", \万 or !万
_SCALING = re.compile(r"[0#?],+(?![0#?])")  # 0, or 0.00,, shows the number divided by 1000 per comma
_PLAIN_UNITS = {"万": "万", "万元": "万", "亿": "亿", "亿元": "亿"}


def format_text(code: str) -> str:
    """The text a number format writes beside the number: "万" of 0"万", 万 of 0\\万 or 0!万."""
    return "".join(a or b for a, b in _LITERAL.findall(code))


def _unit_of(code: str) -> str | None:
    """The unit an amount is written with to say what a cell formatted `code` shows, when that is the number it
    holds and one unit (0"万", #,##0.00"万元", 0"亿"); None when the format scales the number (0!.0,"万" shows
    6200000 as 620.0万) or shows another unit (千元, 百万): an example built from the number would change it."""
    first = code.split(";")[0]
    text = format_text(first).strip()
    if _SCALING.search(_LITERAL.sub("", first)):
        return None
    return _PLAIN_UNITS.get(text)


def _percent(code: str) -> bool:
    """Whether a number format is a percentage: a % sign in its first section, not written as its text ("%")."""
    return "%" in _LITERAL.sub("", code.split(";")[0])


def _amount(value: object) -> object:
    if isinstance(value, Shown):
        number, unit = text_of(value.value), _unit_of(value.format)
        if _percent(value.format):  # % is no unit: the format shows 100 times the number, as a percentage
            raise CellProblem(say("the cell holds the number {n}, but its number format ({f}) is a percentage, which "
                                  "shows 100 times the number with a % sign, so what it shows is not the number: write "
                                  "the amount in yuan in a cell formatted as General (常规), or as text in 万 or 亿",
                                  "单元格中是数字 {n}，但它的数字格式（{f}）是百分比格式，显示的是这个数字的 100 倍并加上 %，"
                                  "显示的并不是这个数字：请在“常规”格式的单元格中按元填写金额，或写成以万或亿为单位的文本",
                                  n=number, f=value.format))
        how = (say("as text with its unit (such as '{n}{u}')", "把金额写成带单位的文本（如 '{n}{u}'）", n=number, u=unit)
               if unit else Message("as text in 万 or 亿", "写成以万或亿为单位的文本"))
        raise CellProblem(say("the cell holds the number {n}, but its number format ({f}) shows it with a unit, so "
                              "what it shows is not the number: write the amount {how}, or in yuan in a cell whose "
                              "format adds no unit",
                              "单元格中是数字 {n}，但它的数字格式（{f}）显示时加了单位，显示的并不是这个数字：请{how}，"
                              "或在不加单位的格式中按元填写", n=number, f=value.format, how=how))
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 6200000.0 from a spreadsheet is 6200000 yuan
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():  # 6200000, as a CSV set writes nearly every amount: read as it is
            return text
        try:
            return written_amount(text)  # RMB 6,200,000, 6200000元整, or why 约600万 cannot be read
        except ValueError as exc:
            raise CellProblem(exc.args[0]) from None
    return value


def folded_amount(value: object) -> str | None:
    """An amount cell's text in its NFKC form (１２０万 as 120万, １，２００万 as 1,200万: full-width digits and
    punctuation, as a Chinese input method types them in full-width mode) when that differs and reads as an
    amount; else None. Asked only of an amount that did not read as written (sheetcheck.dossier_of)."""
    if not isinstance(value, str):
        return None
    folded = unicodedata.normalize("NFKC", value)
    if folded == value:
        return None
    try:
        parse_amount(folded)
    except (ValueError, InvalidOperation):
        return None
    return folded


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


def unsaved(value: Unsaved) -> CellProblem:
    """The error of a formula cell with no value saved."""
    formula = value.formula if len(value.formula) <= 40 else value.formula[:37] + "..."
    shown = say(" (={f})", "（={f}）", f=formula) if formula else ""
    return CellProblem(say("a formula{f} with no saved value: the workbook was written by a program that did not "
                           "compute it; open and save it in Excel or WPS",
                           "公式{f}没有保存的值：该工作簿由未计算公式的程序写成；请用 Excel 或 WPS 打开并保存", f=shown))


def cell_unread(value: Unsaved | UnderMerge) -> CellProblem:
    """The error of a cell that holds nothing to read, whatever its column: a formula with no value saved, or a cell
    under a merge from the header."""
    if type(value) is Unsaved:
        return unsaved(value)
    return CellProblem(say("the cell is covered by the merged cells {r}, which begin at row {t}, in the header or above "
                           "it: the cell holds nothing of its own (a merge keeps only its top-left cell's value); "
                           "unmerge them and fill in the cell",
                           "该单元格被合并单元格 {r} 覆盖，该合并区域从第{t}行（表头或其上方）开始：单元格本身没有值"
                           "（合并单元格只保留左上角单元格的值）；请取消合并，再填写该单元格", r=value.ref, t=value.top))


UNREAD = (Unsaved, UnderMerge)  # a cell holding nothing to read, in any column (cell_unread)


# What a column of no dates holds, said when a cell of it holds a number formatted as a date.
_HOLDS = {"amount": Message("the amount", "金额"), "level": Message("the level", "申报级别"),
          "bool": Message("yes or no", "是或否"), "count": Message("the number of rows", "行数"),
          "choice": Message("the value", "取值")}


def _cell_value(kind: str, value: object) -> object:
    if type(value) in UNREAD:
        raise cell_unread(value)
    if type(value) is datetime and kind in _HOLDS:  # 1200 pasted into a column formatted as dates: 1903-04-14
        raise CellProblem(say("the cell holds a number its date format shows as {d}: format the cell as General (常规) "
                              "and write {w}", "该单元格中是一个数字，按日期格式显示为 {d}：请把单元格格式设为“常规”，再填写{w}",
                              d=text_of(value), w=_HOLDS[kind]))
    if kind in ("text", "id"):
        return text_of(value)
    if kind == "date":
        return _date(value)
    if kind == "bool":
        return _bool(value)
    if kind == "level":
        return written_level(value)
    if kind == "count":
        count = _whole(value, _ROWS)
        if count < 0:
            raise _not(value, _ROWS)
        return count
    if kind == "stages":
        return _stages(value)
    if kind == "amount":
        return _amount(value)
    return value.strip() if isinstance(value, str) else value  # choice: dossier-v1 checks it
