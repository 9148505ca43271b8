"""How wide the summary's (汇总表) columns are in summary.xlsx, which of them wrap, and how its headings wrap.

At Excel's default width (8.43 characters) an id, a Chinese name, a file's path, a level's name
and an error are cut off, on screen and on paper. Each column is given a width for what its kind of
column holds, decided before the first row (a write-only sheet writes its columns' widths first, and
may stream 100,000 rows: no cell is measured). Widths are in Excel's characters, a Chinese character
counting two (as columns.width measures). The long texts (an error, the committee's decisions, a
file's path, an as-of date after today) wrap within their columns rather than run on.

The summary is fitted one page wide on A4 landscape, so every unit of width shrinks the printed table.
A heading is never cut, but it wraps (HEADING_LINES lines at most, aligned to the top of the heading row,
which is as tall as the longest takes): a column is at least as wide as its heading's longest word
(a Chinese term, 截止日期, kept whole), and where the heading fills the row its last line leaves room for
the filter's button, which sits at the row's foot on the right.
"""

from __future__ import annotations

from .columns import wide, width

FILTER_BUTTON = 3  # the filter's drop-down button in a heading cell, and a margin either side of the text
MARGIN = 2  # a margin either side of what a column holds, or of a line of its heading
HEADING_LINES = 3  # the most lines a heading wraps into, the filter's button beside or below the last
LINE_HEIGHT = 15  # points: a line of text at Excel's default size (11 points), the height of a default row
# What a column of each kind holds, in characters, where no list of its values is known in advance:
ID = 14  # an id as HR numbers it (KAM-2025-00017)
NAME = 16  # a name, Chinese (陈静, 4) or in letters (Zhang Xiaoming, 14)
FILE = 26  # a file's path as it was named (applicants/chen-jing.yaml); a longer one wraps
DATE = 10  # an ISO date (2025-12-31)
LEVEL = 1  # a level's number
ERROR = 24  # an error, wrapped at this width
DECISIONS = 18  # the committee's decisions (L2 grant (评审委员会纪要 2026-12 第3号)), wrapped at this width
# The Chinese headings' terms, kept whole on a line where the column's width allows (a heading breaks only
# between them, or at a space); the rest of a heading (1级) is kept whole.
TERMS = sorted(("申报人", "编号", "截止日期", "认定级别", "申报级别", "名称", "结果", "评审委员会", "决定", "晚于", "今天"),
               key=len, reverse=True)


def summary_widths(head: list[str], words: dict[str, str], statuses: list[str], names: list[str]) -> list[float]:
    """The width of each of the summary's columns (their headings `head`, worded by `words`, documentwords.WORDS
    in the summary's language): what the column's kind holds, the level names `names` and the status words
    `statuses` where it holds those, and room for its heading, wrapped (heading_fits)."""
    status = max(width(s) for s in statuses)
    # an as-of date after today (yes (today: 2025-12-31)) wraps before its date
    ahead = words["ahead_cell"].format(t="2025-12-31")
    cut = max(ahead.rfind(" "), ahead.rfind("："))
    holds = {words["id"]: ID, words["name"]: NAME, words["file"]: FILE, words["as_of"]: DATE,
             words["qualified"]: LEVEL, words["target"]: LEVEL,
             words["qualified_name"]: max(width(n) for n in [*names, words["none"]]),
             words["target_status"]: status, words["error"]: ERROR, words["override"]: DECISIONS,
             words["ahead"]: max(width(ahead[:cut + 1].strip()), width(ahead[cut + 1:]))}
    widths = []
    for h in head:  # every other column is a level's, and holds its status
        w = holds.get(h, status) + MARGIN
        while not heading_fits(h, w):
            w += 1
        widths.append(w)
    return widths


def summary_wrapped(head: list[str], words: dict[str, str]) -> tuple[int, ...]:
    """The columns of the summary whose text wraps within them: the error, the committee's decisions, the file's
    path and the as-of date after today."""
    return tuple(i for i, h in enumerate(head) if h in (words["error"], words["override"], words["file"],
                                                       words["ahead"]))


def heading_lines(heading: str, w: float) -> list[str] | None:
    """The lines `heading` wraps into in a column `w` wide, as a spreadsheet wraps it: at a space or between
    two Chinese characters, each line as long as the column holds; None where it would break a word or a term."""
    starts = _term_starts(heading)
    lines, line = [], ""
    for at, unit, spaced in _units(heading):
        joined = f"{line} {unit}" if spaced and line else line + unit
        if line and width(joined) > w - MARGIN:  # the line is full: the unit begins the next
            if at not in starts:
                return None
            lines.append(line)
            joined = unit
        if width(joined) > w - MARGIN:
            return None  # a word wider than the column: broken inside
        line = joined
    return [*lines, line]


def heading_needs(heading: str, w: float) -> int | None:
    """How many lines of the heading row `heading` takes in a column `w` wide: its lines, and one more for the
    filter's button where the last line leaves it no room."""
    lines = heading_lines(heading, w)
    if lines is None:
        return None
    return len(lines) + (width(lines[-1]) + FILTER_BUTTON > w)


def heading_fits(heading: str, w: float) -> bool:
    """Whether `heading` shows whole in a column `w` wide: no word or term broken, in at most HEADING_LINES
    lines, its filter's button beside or below it."""
    needs = heading_needs(heading, w)
    return needs is not None and needs <= HEADING_LINES


def heading_height(head: list[str], widths: list[float]) -> float:
    """The heading row's height, in points: as many lines as the heading that needs the most."""
    return LINE_HEIGHT * max(heading_needs(h, w) for h, w in zip(head, widths))


def heading_cells(sheet, head: list[str]) -> list:
    """The heading row's cells: each heading wrapping, from the top of the row (the filter's button at its foot)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    top = Alignment(wrap_text=True, vertical="top")
    cells = []
    for h in head:
        cell = WriteOnlyCell(sheet, h)
        cell.alignment = top
        cells.append(cell)
    return cells


def _units(text: str):
    """The pieces a line may break between (a word, a Chinese character), each with where it starts and whether a
    space comes before it."""
    at, spaced = 0, False
    while at < len(text):
        if text[at] == " ":
            at, spaced = at + 1, True
            continue
        end = at + 1
        if not wide(text[at]):
            while end < len(text) and text[end] != " " and not wide(text[end]):
                end += 1
        yield at, text[at:end], spaced
        at, spaced = end, False


def _term_starts(text: str) -> set[int]:
    """Where `text` may break: each word's start, and within Chinese each of TERMS' (the rest kept whole)."""
    starts, at = set(), 0
    while at < len(text):
        if text[at] == " ":
            at += 1
            continue
        starts.add(at)
        term = next((t for t in TERMS if text.startswith(t, at)), None)
        if term:
            at += len(term)
            continue
        at += 1
        while at < len(text) and text[at] != " " and not any(text.startswith(t, at) for t in TERMS):
            at += 1
    return starts
