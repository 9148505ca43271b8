"""A date as people write it by hand, and the date to write instead: dossier-v1 writes dates YYYY-MM-DD, and
never reads them another way (values.date_tip says this tip after a full-width date's)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from certify.errors import Message, say

# A date as people write it by hand (full-width too, after NFKC): 2019年8月1日 (or 1号), 2019/8/1, 2019.8.1, 2019-8-1;
# and a month alone, 2019年8月, 2019/8, 2019-08: separators made '-' and the 日 dropped, then read as below.
_WRITTEN_SEPARATORS = str.maketrans({"年": "-", "月": "-", "/": "-", ".": "-", "日": None, "号": None, " ": None})
_WRITTEN_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_WRITTEN_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})-?")


# A date as an English CV writes it: May 2015, Sept. 2015, 1 May 2015, May 1, 2015 (month names in full or cut short).
_MONTHS = {name: k for k, names in enumerate(("jan january", "feb february", "mar march", "apr april", "may",
                                                "jun june", "jul july", "aug august", "sep sept september",
                                                "oct october", "nov november", "dec december"), 1)
           for name in names.split()}
_NAMED_MONTH = re.compile(r"(?:(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s*"
                          r"(?:(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?\s*,?\s*)?,?\s*(?P<year>[0-9]{4})")


def _named_month(text: str) -> str | None:
    """An English CV's date (1 May 2015, May 1, 2015) as YYYY-M-D, or its month alone (May 2015) as YYYY-M, for
    written_date_tip to say; None for other text."""
    m = _NAMED_MONTH.fullmatch(text)
    month = _MONTHS.get(m["mon"].lower()) if m else None
    if month is None or (m["d1"] and m["d2"]):
        return None
    day = m["d1"] or m["d2"]
    return f"{m['year']}-{month}-{day}" if day else f"{m['year']}-{month}"


def written_date_tip(value: object) -> Message | str:
    """The tip for a date written as people write one by hand (2019年8月1日, 2019/8/1, 1 May 2019): the same day as
    YYYY-MM-DD; for a month without its day (2019年8月, 2017.3, May 2019), that the day is needed too, never a day
    guessed for it (months are counted from the day); '' for anything else."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        value = _number_as_written(value)  # 2017.3, as a CV writes a month, is a number to YAML and JSON
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip()
    text = (_named_month(text) or text).translate(_WRITTEN_SEPARATORS)
    if m := _WRITTEN_DAY.fullmatch(text):
        try:
            day = date(*(int(g) for g in m.groups()))
        except ValueError:
            return ""
        return say(" (write {v})", "（请写作 {v}）", v=repr(day.isoformat()))
    if (m := _WRITTEN_MONTH.fullmatch(text)) and 1 <= int(m[2]) <= 12:
        month = f"'{m[1]}-{int(m[2]):02d}-DD'"
        return say(" (give the day too: write {v}, DD the day of the month)",
                   "（还须写明哪一天：写作 {v}，DD 为日）", v=month)
    return ""


def _number_as_written(value: int | Decimal) -> str | None:
    """A number a date was written as, as its text: 2017.3 or 2017.10 (a Decimal keeps the digits written, the
    0 of October too) as written, 20170301 as 2017.03.01; None for any other number."""
    if isinstance(value, Decimal):
        text = str(value)
        return text if re.fullmatch(r"[0-9]{4}\.[0-9]{1,2}", text) else None
    text = str(value)
    return f"{text[:4]}.{text[4:6]}.{text[6:]}" if re.fullmatch(r"[12][0-9]{7}", text) else None
