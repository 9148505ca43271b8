"""An amount a spreadsheet's cell holds as text, in the ways HR sheets write one that a YAML dossier does not.

dossier-v1 reads `6200000`, `6,200,000`, `¥6,200,000`, `6200000元`, `620万`, `620万元`
and `1.2亿` (values.parse_amount); a committee's sheet also reads the yuan named in
words, before or after the number, as an accountant or an English HR export writes
it: `6200000元整`, `RMB 6,200,000`, `CNY 6200000`, `人民币620万元`, `620万人民币`, `6,200,000 yuan`,
and 萬 and 億 as traditional characters write 万 and 亿 (`620萬`).
Each is exact: the digits as written, grouped by three or not at all, in yuan, 万 or
亿, read as a Decimal, never a float.

What a committee cannot read exactly stays refused, with why and how to write it:
a range (`600-700万`), an approximate amount (`约600万`, `600多万`), another currency
(`USD 1,000,000`, `$1,000,000`, `100万美元`, or two currencies at once), a unit other
than 万 or 亿 (`6.2M`, `620W`, `6200K`, `6200千元`), digits grouped other than by three
(`6,20,000`, `1,2345,6789`), `元整` (whole yuan) with a fraction of a yuan, Chinese numerals (`六百二十万`:
said in digits, never read), and an amount with words beside it (`500万元（含税）`, `500万元（首期）`: the amount alone).
A plain digit string never comes here (cells._amount): the HR export of 100,000
applicants pays nothing for these forms.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from .errors import Message, say
from .values import MAX_AMOUNT, amount_form, describe, too_large

# After NFKC (full-width ＲＭＢ, ￥ and ６，２００ as half-width): the yuan named before the number (RMB, CNY or
# 人民币, and ¥) and after it (元, 元整, 人民币, RMB, ...), each optional; the number as dossier-v1 writes it; 万 or 亿.
_WRITTEN = re.compile(
    r"(?:(?i:RMB|CNY)|人民币)?\s*¥?\s*"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"\s*(?P<unit>[万亿萬億])?\s*(?P<post>元整|元人民币|元|人民币|(?i:RMB|CNY|yuan))?")
_SCALE = {None: 0, "万": 4, "亿": 8, "萬": 4, "億": 8}  # 萬 and 億 as traditional characters write them

_RANGE = re.compile(r"[0-9.]\s*[万亿千百]?[元]?\s*(?:-|~|〜|—|–|至|到)\s*[¥$]?\s*[0-9]")
_SCIENTIFIC = re.compile(r"[¥￥]?\s*[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+\s*(?:元|(?i:yuan|RMB|CNY))?")
_APPROXIMATE = re.compile(r"约|大概|近|超过|逾|以上|以下|左右|上下|余|多|≈|~|〜|<|>|≤|≥|\+|(?i:about|approx|over|around)")
_FOREIGN = re.compile(r"美元|美金|港币|港元|港幣|欧元|歐元|日元|英镑|澳元|加元|新台币|台币|[$€£₩]"
                      r"|(?i:USD|HKD|EUR|GBP|JPY|TWD|SGD|AUD|CAD|MOP|KRW)")
_OTHER_UNIT = re.compile(r"千|百万|万万|(?<![A-Za-z])(?i:k|m|w|b|mn|bn|million|thousand|billion)(?![A-Za-z])")
_GROUPED = re.compile(r"[0-9],[0-9]")
# Digits grouped by four, as 万 groups them (1200,0000 for 12,000,000): said as the same sum in 万 and in yuan.
_BY_FOUR = re.compile(r"[¥￥]?\s*(?P<num>[0-9]{1,4}(?:,[0-9]{4})+)\s*元?")


def _refused(text: str, why: Message) -> ValueError:
    return ValueError(say("expected an amount in yuan: {why}; got {v}", "应为以元计的金额：{why}；实际为{v}",
                          why=why, v=describe(text)))


def written_amount(text: str) -> object:
    """An amount cell's text (stripped, not all digits) as it is to be read: the text itself when dossier-v1 reads
    it (or its full-width form does, which sheetcheck.dossier_of folds), else the exact Decimal of a form only a sheet
    reads; raises ValueError (its argument a Message) for a form that cannot be read exactly. Text of no form
    known comes back as it is, for dossier-v1's own error."""
    if amount_form(text):
        return text
    folded = unicodedata.normalize("NFKC", text)
    if folded != text and amount_form(folded):
        return text
    m = _WRITTEN.fullmatch(folded)
    if m:
        amount = Decimal(m["num"].replace(",", "")).scaleb(_SCALE[m["unit"]])
        if m["post"] == "元整" and amount != amount.to_integral_value():
            raise _refused(text, Message("元整 says whole yuan, but the amount has a fraction of a yuan: write it "
                                         "with 元, or the whole yuan with 元整",
                                         "“元整”表示整元，但金额带有角分，请写成“元”，或只写整元并加“元整”"))
        if amount >= MAX_AMOUNT:
            raise too_large(text)
        return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    why = why_no_amount(folded, sheet=True)
    if why is None:
        return text
    raise _refused(text, why)


def dossier_form(folded: str) -> str | None:
    """The form a dossier reads of an amount a sheet reads by naming the yuan in words (`RMB 6,200,000`,
    `6200000元整`, `人民币620万元`, `620萬`): the number, its 万 or 亿, and 元 (`'6,200,000元'`); None for text
    a sheet does not read either. A dossier's refused amount says it as the form to write (values.parse_amount)."""
    m = _WRITTEN.fullmatch(folded)
    if not m:
        return None
    unit = {"萬": "万", "億": "亿"}.get(m["unit"], m["unit"] or "")
    return f"{m['num']}{unit}元"


# An amount in a unit of its own (600w, 6200K, 6200千元): the number, and what the unit multiplies it by; W is 万 (wan)
# as typed without a Chinese input method. A lone M or B is left out: some read 6.2M as millions and others as 万.
_IN_A_UNIT = re.compile(r"¥?\s*(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[A-Za-z]+|千|百万|万万)"
                        r"\s*(?:元|(?i:yuan|RMB|CNY))?")
_MULTIPLE = {"k": 3, "thousand": 3, "千": 3, "w": 4, "mn": 6, "million": 6, "百万": 6, "万万": 8, "bn": 9, "billion": 9}


# Said of an amount whose own sum cannot be read: how amounts are written, as examples, not as its sum.
_EXAMPLES = Message("write it in 万 or 亿, or in yuan (as in 620万, 1.2亿 or 6,200,000)",
                    "请以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）")


def _to_write(amount: Decimal) -> Message | None:
    """An amount as it is to be written: in 万 (亿 from 1亿 on) and in yuan ('600万, or the yuan: 6,000,000');
    None past any project's or with a fraction of a fen."""
    # past any project's first: a number that long has no fen to quantize to (decimal's precision)
    if not (amount < MAX_AMOUNT and amount == amount.quantize(Decimal("0.01"))):
        return None
    yuan = f"{amount.quantize(Decimal(1)):,}" if amount == amount.to_integral_value() else f"{amount.normalize():,f}"
    if amount < 10000:
        return Message(yuan, yuan)
    big = amount >= 10 ** 8
    unit = f"{(amount.scaleb(-8 if big else -4)).normalize():f}{'亿' if big else '万'}"
    return say("{u}, or the yuan: {y}", "{u}，或以元计的 {y}", u=unit, y=yuan)


def _in_units(folded: str) -> Message:
    """What to write for an amount in another unit: the same amount in 万 (亿 from 1亿 on) and in yuan, when its number
    and unit can be read (600w: '600万, or the yuan: 6,000,000'); else how amounts are written. Said, never read."""
    m = _IN_A_UNIT.fullmatch(folded.strip())
    power = _MULTIPLE.get(m["unit"].lower()) if m else None
    if power is not None:
        said = _to_write(Decimal(m["num"].replace(",", "")).scaleb(power))
        if said is not None:
            return say("write {w}", "请写 {w}", w=said)
    return _EXAMPLES


# An amount in Chinese numerals (六百二十万, 一千二百万元, 壹仟贰佰万元整): read only to say it in digits.
_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+[零〇一二两三四五六七八九十百千万亿萬億"
                       r"壹贰叁肆伍陆柒捌玖拾佰仟]*(?:元整|元)?")
_DIGIT = {c: d for d, cs in enumerate(("零〇", "一壹", "二两贰", "三叁", "四肆", "五伍", "六陆", "七柒", "八捌", "九玖"))
          for c in cs}
_TENS = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3}


def _numerals(text: str) -> Decimal | None:
    """The sum Chinese numerals write (六百二十万: 6200000), or None when they are not written the usual way."""
    total, section, digit = 0, 0, None
    for char in text.removesuffix("整").removesuffix("元"):
        if char in _DIGIT:
            if digit is not None and _DIGIT[char]:  # 六二 is no number; 零 only marks a skipped place
                return None
            digit = _DIGIT[char] or digit
        elif char in _TENS:
            section += (1 if digit is None else digit) * 10 ** _TENS[char]
            digit = None
        else:  # 万 or 亿: the section so far counts in that unit
            section += digit or 0
            digit = None
            if char in "亿億":
                total, section = (total + section) * 10 ** 8, 0
            else:
                total, section = total + section * 10 ** 4, 0
    return Decimal(total + section + (digit or 0))


# An amount with words beside it, as a contract or a CV writes one: 500万元（含税）, 500万元(不含税), 含税500万, 500万（首期）,
# and 500万，人民币 (人民币 after a comma; 500万人民币 itself a sheet reads, _WRITTEN). Said, never read.
_TAX = r"(?:不|未)?含(?:增值)?税"
_NOTED = re.compile(rf"(?P<before>{_TAX})?\s*[:：]?\s*(?P<amount>[^()（）]*?[0-9万亿萬億元])\s*"
                    rf"(?:[(（](?P<note>[^()（）]+)[)）]|[,，]?\s*(?P<after>{_TAX}|人民币))?")
_TAX_INCLUDED = Message("the amount with tax included is the contract's amount: write it without the note: {f}",
                        "含税金额即合同金额：请直接写金额，不加注明：{f}")
_TAX_EXCLUDED = Message("a dossier gives the contract's amount, tax included, as the contract states it: write that amount "
                        "alone, without a note (as in 620万 or 6,200,000元)",
                        "申报材料填写合同金额（含税），以合同所载为准：请只写该金额，不加注明（写法如 620万、6,200,000元）")

_ANOTHER_AMOUNT = Message("the words beside it give another amount: write the contract's amount alone, tax included, "
                          "without words beside it (as in 620万 or 6,200,000元)",
                          "金额旁的文字中另有金额：请只写合同金额（含税），不加其他文字（写法如 620万、6,200,000元）")

_NOTED_ONLY = Message("the note beside it may say it is not the contract's whole amount (a first instalment, say): write "
                      "the contract's amount alone, tax included, without words beside it (as in 620万 or 6,200,000元)",
                      "金额旁的注明可能说明它不是合同总额（如首期款）：请只写合同金额（含税），不加其他文字（写法如 620万、6,200,000元）")


def _noted(folded: str) -> Message | None:
    """What to write for an amount with words beside it (_NOTED) that dossier-v1 reads without them: the amount alone
    (with tax included, it is the contract's amount; without tax, it is not, and the contract's is to be written;
    nor is it offered when the note gives another amount, 100万（合同总额500万）, or says something else in brackets,
    500万元（首期）, which may be a part of it); None for any other text. The amount is never read from such text: what a note says is the applicant's to settle."""
    m = _NOTED.fullmatch(folded.strip())
    amount = m["amount"].strip() if m and (m["before"] or m["note"] or m["after"]) else None
    form = amount if amount and amount_form(amount) else dossier_form(amount) if amount else None
    if form is None:
        return None
    tax = re.search(_TAX, "".join(m[k] or "" for k in ("before", "note", "after")))
    if tax and tax[0][0] in "不未":
        return _TAX_EXCLUDED
    if m["note"] and re.search(r"[0-9]", m["note"]):  # 100万（合同总额500万）: which is the contract's, the note may say
        return _ANOTHER_AMOUNT
    if m["note"] and not tax:  # 500万元（首期）: a first instalment is not the contract's amount, nor offered as it
        return _NOTED_ONLY
    said = _TAX_INCLUDED if tax else Message("write the contract's amount alone, without words beside it, as in {f}",
                                             "请只写合同金额，不加其他文字，写法如 {f}")
    return say(str(said), said.zh, f=repr(form))


def why_no_amount(folded: str, *, sheet: bool = False) -> Message | None:
    """Why a text (NFKC-folded) that reads as no amount is none, when it is one of the forms people write that mean
    no one exact sum in yuan (a range, an approximation, another currency, another unit, digits grouped wrong, words
    beside it: _noted), with
    what to write instead (`sheet`: in forms a sheet reads, RMB 6,200,000 among them; else in a dossier's); None for
    any other text. A dossier's refused amount says it too (values.parse_amount)."""
    if _SCIENTIFIC.fullmatch(folded.strip()):
        why = Message("a number in scientific notation may have its digits rounded, as Excel shows a long number in a "
                      "narrow column: write the contract's amount in full, such as 6,200,000 or 620万",
                      "科学记数法的数字可能已舍入，Excel 在列宽不够时就这样显示长数字：请写出完整的合同金额，如 6,200,000 或 620万")
    elif _RANGE.search(folded):
        why = Message("a range is no amount: write the contract's amount, such as 620万",
                      "区间不是确切的金额，请写合同金额，如 620万")
    elif _APPROXIMATE.search(folded):
        why = Message("an approximate amount cannot be held to a threshold: write the contract's exact amount, such "
                      "as 620万 or 6,200,000元", "约数无法与门槛比较，请写合同的确切金额，如 620万、6,200,000元")
    elif _FOREIGN.search(folded):
        shown = "RMB 6,200,000" if sheet else "6,200,000元"
        why = Message(f"an amount in another currency is not converted: write it in yuan ({shown} or 620万), "
                      "at the rate the committee uses", "其他币种的金额不予换算，请按评审委员会采用的汇率折算为人民币填写"
                      f"（{shown} 或 620万）")
    elif _NUMERALS.fullmatch(folded.strip()):
        sum_ = _numerals(folded.strip())
        said = _to_write(sum_) if sum_ else None
        why = (say("an amount in Chinese numerals is not read: write it in digits: {w}",
                   "中文数字的金额不予读取，请用阿拉伯数字写 {w}", w=said) if said else
               Message("an amount in Chinese numerals is not read: write it in digits, in 万 or 亿, or in yuan (as in "
                       "620万, 1.2亿 or 6,200,000)",
                       "中文数字的金额不予读取，请用阿拉伯数字，以万、亿或元为单位填写（写法如 620万、1.2亿、6,200,000）"))
    elif _OTHER_UNIT.search(folded):
        why = say("no unit but 万 and 亿 is read (K, M, W, 千 and 百万 are not): {w}",
                  "单位只能是“万”或“亿”（K、M、W、千、百万均不读取），{w}", w=_in_units(folded))
    elif (noted := _noted(folded)) is not None:  # before the digits' groups: 5,000,000元（含税） is grouped by three
        why = noted
    elif (by_four := _BY_FOUR.fullmatch(folded.strip())) and (said := _to_write(Decimal(by_four["num"].replace(",", "")))):
        why = say("the digits are grouped by four, as 万 groups them: write {w}", "数字按四位一组分隔（按万分组）：请写 {w}",
                  w=said)
    elif _GROUPED.search(folded):
        why = Message("the digits are not grouped by three: write 6,200,000 or 6200000",
                      "数字未按每三位一组分隔，请写 6,200,000 或 6200000")
    else:
        return None
    return why
