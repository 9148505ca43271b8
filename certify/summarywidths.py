"""How wide the summary's (汇总表) columns are in summary.xlsx, and which of them wrap.

At Excel's default width (8.43 characters) an id, a Chinese name, a file's path, a level's name
and an error are cut off, on screen and on paper. Each column is given a width for what its kind of
column holds, decided before the first row (a write-only sheet writes its columns' widths first, and
may stream 100,000 rows: no cell is measured). A heading is never cut either: a column is at least
as wide as its heading, with room for the filter's button beside it. Widths are in Excel's
characters, a Chinese character counting two (as columns.width measures). The long texts, an error
and the committee's decisions, wrap within their columns rather than run on.
"""

from __future__ import annotations

from .columns import width

FILTER_BUTTON = 3  # the filter's drop-down button in a heading cell, and a margin either side of the text
MARGIN = 2  # a margin either side of what a column holds
# What a column of each kind holds, in characters, where no list of its values is known in advance:
ID = 14  # an id as HR numbers it (KAM-2025-00017)
NAME = 16  # a name, Chinese (陈静, 4) or in letters (Zhang Xiaoming, 14)
FILE = 30  # a file's path as it was named (applicants/2025/chen-jing.yaml)
DATE = 10  # an ISO date (2025-12-31)
LEVEL = 1  # a level's number
ERROR = 50  # an error, wrapped at this width
DECISIONS = 40  # the committee's decisions (L2 grant (评审委员会纪要 2026-12 第3号)), wrapped at this width


def summary_widths(head: list[str], words: dict[str, str], statuses: list[str], names: list[str]) -> list[float]:
    """The width of each of the summary's columns (their headings `head`, worded by `words`, documentwords.WORDS
    in the summary's language): what the column's kind holds, the level names `names` and the status words
    `statuses` where it holds those, and at least its heading with the filter's button."""
    status = max(width(s) for s in statuses)
    holds = {words["id"]: ID, words["name"]: NAME, words["file"]: FILE, words["as_of"]: DATE,
             words["qualified"]: LEVEL, words["target"]: LEVEL,
             words["qualified_name"]: max(width(n) for n in [*names, words["none"]]),
             words["target_status"]: status, words["error"]: ERROR, words["override"]: DECISIONS,
             words["ahead"]: width(words["ahead_cell"].format(t="2025-12-31"))}
    # every other column is a level's, and holds its status
    return [max(holds.get(h, status) + MARGIN, width(h) + FILTER_BUTTON) for h in head]


def summary_wrapped(head: list[str], words: dict[str, str]) -> tuple[int, ...]:
    """The columns of the summary whose text wraps within them: the error and the committee's decisions."""
    return tuple(i for i, h in enumerate(head) if h in (words["error"], words["override"]))
