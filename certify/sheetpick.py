"""Which sheet of a workbook (or which file of a CSV set) is which: applicants, education, employment, projects.

A name close to a sheet's (employmnet), or a sheet headed as one the set lacks (项目信息 with the projects sheet's
headers), is a problem of the whole set rather than a sheet quietly left out; beside the sheet it is close to, or
of which it is a copy, it is not read and a note says so. Every such problem is kept (`problem`), not raised: the
set's other sheets and headers are looked at too, so that one run says them all (sheetset.SheetSet._said).
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import Message, did_you_mean, say
from .sheets import NOTHING_JUDGED, SHEET_ZH, SHEETS, SheetError, headed_not_named, sheet_headed, sheet_of


def picked(names: list[str], suffix: str, heads: Callable, *, csv: bool, whole: Callable[[Message], SheetError],
           problem: Callable[[SheetError], None], unread: list[tuple[str, str]]) -> dict[str, str]:
    """Which sheet each of `names` (a CSV set's with their `suffix`, .csv) stands for, sheet -> name. A misspelt
    sheet name, two names of one sheet, a sheet headed as one not there (`heads`: a name's first rows) and no
    applicants sheet are each given to `problem` (made by `whole`); a name not read beside the sheet it is close
    to is added to `unread` with that sheet's name, for a note."""
    chosen: dict[str, str] = {}
    meant: set[str | None] = set()  # the sheets a misspelt name is close to: not said missing too
    for name in names:
        sheet = sheet_of(name[: -len(suffix)] if suffix else name)
        if sheet is None:
            continue
        if sheet in chosen:
            problem(whole(say("two sheets are the {s} sheet: {a} and {b}; {z}", "有两个工作表都是{s}表：{a} 和 {b}；{z}",
                              s=Message(sheet, SHEET_ZH[sheet]), a=chosen[sheet], b=name, z=NOTHING_JUDGED)))
            continue
        chosen[sheet] = name
    for name in names:
        stem = name[: -len(suffix)] if suffix else name
        if sheet_of(stem) is not None:
            continue
        missing = [s for s in SHEETS if s not in chosen]
        hint = did_you_mean(stem.lower(), missing + [SHEET_ZH[s] for s in missing])
        if hint:
            problem(whole(say("sheet {n} is not one certify reads (did you mean '{h}'?): {nothing}",
                              "工作表 {n} 不是 certify 读取的工作表（是否应为 '{h}'？）；{nothing}",
                              n=repr(name), h=hint + suffix, nothing=NOTHING_JUDGED)))
            meant.add(sheet_of(hint))
        # Beside the sheet it is close to (employmnet, employment (2)): not read, and said (Batch.notes).
        elif close := did_you_mean(stem.lower(), [*chosen, *(SHEET_ZH[s] for s in chosen)]):
            unread.append((name, chosen.get(close) or chosen[sheet_of(close)]))
        elif (headed := sheet_headed(heads(name))) and headed[0] in chosen:  # a copy (Sheet1): said too
            unread.append((name, chosen[headed[0]]))
        elif headed:
            problem(whole(headed_not_named(name, *headed, suffix)))
    if "applicants" not in chosen and "applicants" not in meant:
        problem(whole(say("no applicants.csv (or 申报人.csv) in the folder: {nothing}",
                          "文件夹中没有 applicants.csv（或 申报人.csv）：{nothing}", nothing=NOTHING_JUDGED)
                      if csv else say("no applicants (申报人) sheet in it: {nothing}",
                                      "其中没有 applicants（申报人）工作表：{nothing}", nothing=NOTHING_JUDGED)))
    return chosen
