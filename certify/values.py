"""How one value of a dossier is read (dates, amounts, text, ids, levels, lists, flags), and what
is said, in English and Chinese, when it cannot be."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from certify.careerdates import outside_a_career
from certify.datetips import written_date_tip
from certify.errors import TRUE_OR_FALSE, Message, say


def problem(message: Message, hint: str | None = None) -> PydanticCustomError:
    """A validation error in our own words: one custom type carries the message (both languages) and a
    did-you-mean hint through pydantic untouched."""
    return PydanticCustomError("certify", "{message}", {"message": message, "hint": hint})


def describe(value: object) -> Message:
    """How a value is named in a message: what it is, as the person wrote it."""
    if value is None:
        return Message("null", "空值 null")
    if isinstance(value, bool):
        return Message("true", "true") if value else Message("false", "false")
    if isinstance(value, str):
        shown = repr(value if len(value) <= 40 else value[:37] + "...")
        return Message(shown, shown)
    if isinstance(value, int) and value.bit_length() > 100:  # past ~30 digits: how long, not every digit
        digits = int(value.bit_length() * 0.30103) + 1
        return say("a number of about {n} digits", "约 {n} 位的数字", n=digits)
    if isinstance(value, (int, float, Decimal)):
        return say("the number {v}", "数字 {v}", v=value)
    if isinstance(value, datetime):
        return say("the date and time {v}", "日期时间 {v}", v=value.isoformat(sep=" "))
    if isinstance(value, date):
        return say("the date {v}", "日期 {v}", v=value.isoformat())
    if isinstance(value, dict):
        return Message("a mapping", "映射（键: 值）")
    if isinstance(value, (list, tuple)):
        return Message("a list", "列表")
    if isinstance(value, (bytes, bytearray)):  # YAML's !!binary
        return Message("binary data", "二进制数据")
    if isinstance(value, (set, frozenset)):  # YAML's !!set
        return Message("a set", "集合")
    return say("a {t}", "{t} 类型的值", t=type(value).__name__)


# Full-width forms (全角: １２０万, ２０２６－１２－３１, １，２００) as a Chinese input method types them in
# full-width mode, as their half-width (ASCII) characters: what NFKC makes of them, and nothing else it changes.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width_tip(value: object, read, shown=repr) -> Message | str:
    """The tip for text in full-width digits or signs that `read` (raising ValueError when it cannot) reads in
    half-width: how to write it, `shown` (its half-width text said as the tip says it); '' for anything else.
    dossier-v1 writes numbers and dates in ASCII digits, so a dossier's value in full-width ones is refused,
    never read; the committee's sheets, which HR fills in, read them (cells.py)."""
    if not isinstance(value, str):
        return ""
    half = value.translate(_HALF_WIDTH).strip()
    if half == value.strip():
        return ""
    try:
        read(half)
    except (ValueError, InvalidOperation):
        return ""
    return say(" (write {v} in half-width (ASCII) digits)", "（请用半角数字写作 {v}）", v=shown(half))


def expected_got(en: str, zh: str, value: object, more: Message | str = "") -> Message:
    """"expected X, got V" in both languages (`more` follows, e.g. a tip)."""
    return say("expected {what}, got {value}{more}", "应为{what}，实际为{value}{more}",
               what=Message(en, zh), value=describe(value), more=more)


_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_date(value: object) -> date:
    if isinstance(value, datetime):
        raise problem(expected_got("a date as YYYY-MM-DD without a time", " YYYY-MM-DD 格式的日期（不带时间）", value))
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise problem(say("{v} is not a real date", "{v} 不是真实存在的日期", v=repr(value))) from None
    raise problem(expected_got("a date as YYYY-MM-DD", " YYYY-MM-DD 格式的日期", value, date_tip(value, read_date)))


def date_tip(value: object, read) -> Message | str:
    """The tip for a date refused for its form: in full-width digits, the half-width form (half_width_tip, `read`
    reading it); written another way (2019年8月1日, 1 May 2019), the same day as YYYY-MM-DD; a month without its day
    (2019年8月), that the day is needed too (datetips.written_date_tip); '' for anything else. The date is never
    read from such text: dossier-v1 writes dates YYYY-MM-DD."""
    return half_width_tip(value, read) or written_date_tip(value)


def read_text(value: object) -> str:
    if isinstance(value, str):
        return value
    # YAML reads 2025-03 as text but 2025-03-01 as a date and 007 as a number: quoting fixes those.
    quote = Message(" (put it in quotes)", "（请加引号）") if isinstance(value, (int, float, Decimal, date)) else ""
    raise problem(expected_got("text", "文本", value, quote))


def read_name(value: object) -> str:
    """Text that names something (a project): blank is no name, and a committee cannot verify a project it
    cannot name."""
    text = read_text(value)
    if not text.strip():
        raise problem(Message("must not be empty", "不能为空"))
    return text


# Yes and no as a form or a spreadsheet writes them (是/否, Y/N, 1/0, √/×): said, never read.
_YES = frozenset({"是", "有", "对", "真", "是的", "y", "yes", "t", "√", "✓", "✔", "1"})
_NO = frozenset({"否", "无", "没有", "不是", "错", "假", "n", "no", "f", "×", "✗", "✘", "0"})


def read_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = (value.strip().lower() if isinstance(value, str) else
            str(value) if isinstance(value, int) and value in (0, 1) else None)
    tip = (say(" (write true)", "（请写 true）") if word in _YES else
           say(" (write false)", "（请写 false）") if word in _NO else "")
    raise problem(expected_got(TRUE_OR_FALSE, TRUE_OR_FALSE.zh, value, tip))


_SIMPLIFIED = str.maketrans("萬億", "万亿")


def _amount_tip(text: str) -> Message | str:
    """For an amount refused, that 萬 and 億 are written 万 and 亿 (620萬: '620万'); why a range, an approximation (约620万), another currency or unit is no amount, and
    what to write: as a committee's sheet says it (sheetamount.why_no_amount); for one a sheet reads by naming the
    yuan in words (RMB 6,200,000), the form a dossier reads; '' for any other text."""
    from .sheetamount import dossier_form, why_no_amount  # here, not at the top: sheetamount reads amounts with this module
    simplified = text.strip().translate(_SIMPLIFIED)
    if simplified != text.strip() and _AMOUNT_RE.fullmatch(simplified):  # 620萬, 1.2億: 万 and 亿 as traditional characters
        return say(" (write 万 and 亿, not 萬 and 億: {f})", "（请写简体的“万”“亿”，而非“萬”“億”：写作 {f}）", f=repr(simplified))
    folded = unicodedata.normalize("NFKC", text)
    form = dossier_form(folded)
    if form is not None:  # RMB 6,200,000: one sum, as a sheet reads it, but named in words a dossier does not read
        return say(" (a dossier marks yuan only with ¥ or 元: write {f})", "（申报材料中人民币只能用 ¥ 或“元”表示，请写作 {f}）",
                   f=repr(form))
    why = why_no_amount(folded)
    return say(" ({w})", "（{w}）", w=why) if why is not None else ""


MAX_ITEMS = 1000  # degrees, jobs or projects in one dossier: far past any career, and a bound on what is judged


def read_list(value: object) -> object:
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise problem(say("more than {max} entries ({n}): no one career holds so many",
                              "超过 {max} 项（共 {n} 项）：一个人的经历不会有这么多", max=MAX_ITEMS, n=len(value)))
        return value
    raise problem(expected_got("a list", "列表", value))


def read_id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 200:
            raise problem(expected_got("an id", "编号", value))
        return str(value)
    if not isinstance(value, str):
        raise problem(expected_got("text or a whole number", "文本或整数", value))
    if not value.strip():
        raise problem(Message("must not be empty", "不能为空"))
    return value.strip()


def read_level(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise problem(level_refused(value, _level_tip(value)))


def level_refused(value: object, tip: Message | str = "") -> Message:
    """Why a target level is refused, `tip` saying what to write (level_tip: the number a level's name stands for)."""
    return expected_got("a whole number ≥ 1", " ≥ 1 的整数", value, tip)


def level_tip(level: int, written: object = None) -> Message:
    """The tip to write a level as the number `level` (`written`: as text holding just that number, "3")."""
    if isinstance(written, str) and written.strip().isdigit():  # "3", quoted in YAML or JSON: text, not the number
        return say(" (write {n}, without quotes)", "（请写 {n}，不加引号）", n=level)
    return say(" (write {n})", "（请写 {n}）", n=level)


def _level_tip(value: object) -> Message | str:
    """How to write a level refused for its form: 3.0 (a number with a fraction, however empty) as 3,
    "03" without its leading zero."""
    if isinstance(value, (float, Decimal)) and math.isfinite(value) and value == int(value) and 1 <= value < 10 ** 15:
        if str(int(value)) == str(value):  # 3e0, said as the number 3
            return say(" (write {n}, without an exponent)", "（请直接写 {n}，不用指数形式）", n=int(value))
        return say(" (write {n}, not {v})", "（请写 {n}，而不是 {v}）", n=int(value), v=value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and value[0] == "0":
        return Message(" (write it without leading zeros)", "（请去掉开头的 0）")
    if isinstance(value, str) and (m := _POINT_ZERO.fullmatch(unicodedata.normalize("NFKC", value).strip())):
        return level_tip(int(m[1])) if int(m[1]) >= 1 else ""  # "3.0" quoted, as "L3" is: write 3
    return half_width_tip(value, _ascii_level, lambda half: str(int(half))) or written_level_tip(value)


_POINT_ZERO = re.compile(r"([0-9]{1,9})\.0+")  # a level as a program writes the number 3 as text: 3.0
_ENGLISH_LEVEL = re.compile(r"(?i:level|lvl|lv|l)\s*\.?\s*(?=[0-9])")  # level 3, Lv3, L3: the number follows


def written_level_tip(value: object) -> Message | str:
    """The number to write for a level written as a committee's sheet reads one (3级, 三级, "3":
    cells.level_as_written), or in English (level 3, L3): said, never read, as dossier-v1 writes a level as a
    number; a sheet's cell, which reads 3级, gets it for the English (cells.written_level). A level's name
    (高级客户经理) only a ruleset reads: check.level_named says its number."""
    from .cells import CellProblem, level_as_written  # here, not at the top: cells reads amounts with this module
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip()
    english = _ENGLISH_LEVEL.match(text)  # at the start only: 1L3 is no level 13
    text = text[english.end():] if english else text
    try:
        level = level_as_written(text)
    except CellProblem:
        return ""
    return level_tip(level, value) if isinstance(level, int) and level >= 1 else ""


def _ascii_level(text: str) -> int:
    """A level written in half-width digits (２ as 2): one a dossier reads, as the number."""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    return read_level(int(text))


def read_optional_ref(value: object) -> object:
    if value is None:  # written with no value: as if left out
        return None
    if isinstance(value, str):
        return value.strip() or None
    return read_text(value)


_AMOUNT_RE = re.compile(
    r"(?P<sign>-)?\s*[¥￥]?\s*"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"  # 1,000,000 or 1000000
    r"\s*(?P<unit>[万亿])?\s*元?")
_UNITS = {None: 0, "万": 4, "亿": 8}
_AMOUNT_FORMS = Message("a number, or text like '6200000', '6,200,000', '¥6,200,000', '6200000元', "
                        "'620万', '620万元' or '1.2亿'",
                        "数字，或 '6200000'、'6,200,000'、'¥6,200,000'、'6200000元'、'620万'、'620万元'、"
                        "'1.2亿' 这样的文本")


def _bad_amount(value: object, tip: Message | str = "") -> ValueError:
    return ValueError(say("expected an amount in yuan: {forms}; got {value}{tip}",
                          "应为以元计的金额：{forms}；实际为{value}{tip}", forms=_AMOUNT_FORMS, value=describe(value), tip=tip))


MAX_AMOUNT = Decimal(10) ** 15


def too_large(value: object) -> ValueError:
    """The error of an amount past any project's (MAX_AMOUNT), quoting it as written."""
    return ValueError(say("an amount must be less than 1000万亿 (10^15) yuan, got {v}",
                          "金额必须小于 1000万亿（10^15）元，实际为{v}", v=describe(value)))


FEN = Decimal("0.01")


def finer_than_a_fen(value: object, amount: Decimal) -> ValueError:
    """The error of an amount written past the fen (999999.99999999999): no contract is, so it is a typo, and the
    two amounts to the fen on either side of it are what to write. Not rounded, which could lift it over a
    threshold. A spreadsheet's number (a float: a formula's 999999.9999999999) is read as it is, and the
    engine drops its fractions of a fen."""
    low, high = amount.quantize(FEN, rounding=ROUND_FLOOR), amount.quantize(FEN, rounding=ROUND_CEILING)
    return ValueError(say("an amount is in yuan to the fen (two decimal places at most), got {v}: write the contract's "
                          "amount, {low} or {high}", "金额以元计，最多精确到分（两位小数），实际为{v}：请按合同金额写作 {low} 或 {high}",
                          v=describe(value), low=_fen_text(low), high=_fen_text(high)))


def _fen_text(amount: Decimal) -> str:
    return str(amount.quantize(Decimal(1))) if amount == amount.to_integral_value() else str(amount)


def amount_form(text: str) -> bool:
    """Whether text is written as dossier-v1 writes an amount (parse_amount may still find it out of range)."""
    return _AMOUNT_RE.fullmatch(text.strip()) is not None


def parse_amount(value: object) -> Decimal:
    """An amount in yuan as an exact Decimal ≥ 0; raises ValueError naming the accepted forms (its
    argument a Message, in both languages)."""
    if isinstance(value, bool):
        raise _bad_amount(value)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(say("expected a finite amount in yuan, got {v}", "应为有限的金额（元），实际为 {v}", v=value))
        amount = Decimal(str(value))  # the shortest repr: 0.1 stays 0.1, not 0.1000000000000000055...
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(say("expected a finite amount in yuan, got {v}", "应为有限的金额（元），实际为 {v}", v=value))
        if value.as_tuple().exponent > 0:  # a YAML or JSON number written 1.23E+07: as Excel shows one rounded
            raise _bad_amount(value, _amount_tip(str(value)))
        amount = value
    elif isinstance(value, str):
        match = _AMOUNT_RE.fullmatch(value.strip())
        if not match:
            raise _bad_amount(value, half_width_tip(value, parse_amount) or _amount_tip(value))
        amount = Decimal(match["num"].replace(",", "")).scaleb(_UNITS[match["unit"]])
        if match["sign"]:
            amount = -amount
    else:
        raise _bad_amount(value)
    if amount < 0:
        raise ValueError(say("an amount must be ≥ 0, got {v}", "金额不能为负，实际为{v}", v=describe(value)))
    if amount >= MAX_AMOUNT:  # no project is worth a thousand trillion yuan: a typo, and past what the engine holds
        raise too_large(value)
    if amount == amount.to_integral_value() and amount.adjusted() < 28:
        return amount.quantize(Decimal(1))  # 620万 and 6.2E+6 both become Decimal('6200000')
    if not isinstance(value, float) and amount != amount.quantize(FEN):  # (below MAX_AMOUNT: quantized exactly)
        raise finer_than_a_fen(value, amount)  # written past the fen; a sheet's binary number keeps its digits
    return amount.normalize()


def read_amount(value: object) -> Decimal:
    try:
        return parse_amount(value)
    except (ValueError, InvalidOperation) as exc:
        said = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
        raise problem(said) from None


def _in_a_career(end: bool = False):
    def held(value: date) -> date:  # an `end` on or after LATEST means "no end date" (dossier.py)
        if said := outside_a_career(value, end=end):
            raise problem(said)
        return value
    return held


Text = Annotated[str, BeforeValidator(read_text)]
Name = Annotated[str, BeforeValidator(read_name)]
Day = Annotated[date, BeforeValidator(read_date), AfterValidator(_in_a_career())]
# 至今 or "present", as a CV ends the job under way: an end date a dossier leaves out instead (said, never read).
_UNDER_WAY = frozenset({"至今", "迄今", "今", "今天", "现在", "目前", "当前", "在职", "仍在职", "现任", "未离职",
                        "present", "now", "current", "today", "ongoing", "till now", "to date", "to present"})


def under_way(value: object) -> bool:
    """Whether a value is a word a CV ends the job under way with (至今, present) in place of an end date."""
    return isinstance(value, str) and unicodedata.normalize("NFKC", value).strip().lower() in _UNDER_WAY


def read_end_date(value: object) -> date:
    """A job's end date (read_date); 至今 or "present" in its place, refused as any text that is no date, says to
    leave `end` out (looked for only then: an end date read pays nothing for it)."""
    try:
        return read_date(value)
    except PydanticCustomError:
        if not under_way(value):
            raise
    raise problem(expected_got("a date as YYYY-MM-DD", " YYYY-MM-DD 格式的日期", value, say(
        " (a job still under way has no end date: leave `end` out)", "（仍在职的工作不写结束日期：请删去 end 字段）")))


# 9999-12-31, as some HR systems write "no end date", is allowed
EndDay = Annotated[date, BeforeValidator(read_end_date), AfterValidator(_in_a_career(end=True))]
Flag = Annotated[bool, BeforeValidator(read_bool)]
