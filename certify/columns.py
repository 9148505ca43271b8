"""Text laid out in a terminal's columns, English and Chinese alike.

A Chinese character or full-width sign takes two columns, so lines are measured by the columns they take
(wcwidth), never by their characters. A line breaks at a space, or between two Chinese characters, but
never inside a word, number, id or date (nor between one and the Chinese it is written against: 7年, IT销售),
never before a closing sign (，。）」；： ...) and never after an opening one (（「 ...). In English text a
run of Chinese (a project's name, a clause's title) is kept whole as a word is, unless it alone is wider
than the line.

How wide: on a terminal, its width, at most WIDTH columns; anywhere else (a pipe, a file, -o) WIDTH, so that
what is written there does not depend on the terminal it was run from.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache

from wcwidth import wcswidth, wcwidth

# The widest line text is laid out to, and the width of every line written to a file or a pipe: an explanation's
# 96 columns under its indent of 6, as they have always been written.
WIDTH = 102
NARROWEST = 40  # a terminal narrower still is laid out to this: lines wrap there rather than crumble to a word

NO_START = set("，。、；：！？）」』》〉”’")  # a line does not begin with these
NO_END = set("（「『《〈“‘")  # nor end with these


def width(text: str) -> int:
    """Columns `text` takes on a terminal: a Chinese character or full-width sign two, as tabulate measures."""
    columns = wcswidth(text)
    return columns if columns >= 0 else sum(max(wcwidth(ch), 0) for ch in text)  # a control character: none


@lru_cache(maxsize=4096)
def wide(ch: str) -> bool:
    """Whether a character takes two columns (Chinese, a full-width sign)."""
    return wcwidth(ch) == 2


# A piece's columns, asked of each piece of every line laid out: the same pieces (a Chinese character, a word)
# come again and again, so they are measured once.
_piece_width = lru_cache(maxsize=8192)(width)


def on_a_terminal(out) -> bool:
    try:
        return out is not None and out.isatty()
    except (OSError, ValueError):  # closed
        return False


def line_width(out) -> int:
    """The columns a line written to `out` may take: a terminal's width (NARROWEST at least) up to WIDTH;
    WIDTH for anything else."""
    if not on_a_terminal(out):
        return WIDTH
    return max(min(shutil.get_terminal_size((WIDTH, 24)).columns, WIDTH), NARROWEST)


Unit = tuple[str, str]  # a piece no line breaks inside, and the spaces written before it when it is not first


def _pieces(word: str) -> list[str]:
    """A word (no spaces) in the pieces a line may break between: it breaks only between two wide characters."""
    if word.isascii():  # no wide character in it
        return [word]
    pieces, after_wide = [word[0]], wide(word[0])
    for ch in word[1:]:
        now = wide(ch)
        if after_wide and now:
            pieces.append(ch)
        else:
            pieces[-1] += ch
        after_wide = now
    return pieces


def units(text: str, lang: str = "zh") -> list[Unit]:
    """`text` in the pieces a line may break between, each with the spaces before it. In English a word with
    Chinese in it is one piece (fill parts it only if it must)."""
    found: list[Unit] = []
    for space, word in re.findall(r"(\s*)(\S+)", text):
        space = space if not space or space.strip(" ") == "" else " "  # a tab or line break in a value: a space
        parts = _pieces(word) if lang == "zh" else [word]
        found += [(parts[0], space)] + [(part, "") for part in parts[1:]]
    return found


def _line(line: list[Unit]) -> str:
    return "".join(space + unit if i else unit for i, (unit, space) in enumerate(line))


def fill(text: str, columns: int, indent: str = "", hang: str | None = None, lang: str = "zh") -> list[str]:
    """One paragraph as lines of at most `columns` columns (but for a word wider than that), the first after
    `indent`, the rest after `hang` (`indent` when not given)."""
    hang = indent if hang is None else hang
    room = columns - width(hang)
    line: list[Unit] = []  # the last line
    lines = [line]
    used = width(indent)  # the columns the last line takes so far
    pending = units(text, lang)[::-1]  # the next piece last
    while pending:
        unit = pending.pop()
        size = _piece_width(unit[0])
        if size > room and lang != "zh" and len(parts := _pieces(unit[0])) > 1:  # too wide: parted as Chinese is
            pending += [(part, "") for part in reversed(parts[1:])] + [(parts[0], unit[1])]
            continue
        if not line:
            used += size
            line.append(unit)
            continue
        if (grown := used + len(unit[1]) + size) <= columns:
            used = grown
            line.append(unit)
            continue
        # A closing sign does not begin a line: it takes its neighbour along (past closing signs: `），` breaks
        # before what the bracket closes). An opening sign does not end one. A break at a space drops it.
        take = 0
        if unit[0][0] in NO_START:
            take = 1
            while take < len(line) and line[-take][0][0] in NO_START:
                take += 1
        while take < len(line) and line[-1 - take][0][-1] in NO_END:
            take += 1
        if take >= len(line):  # nowhere else to break
            take = 0
        moved = [*line[len(line) - take:], unit]
        del line[len(line) - take:]
        lines.append(moved)
        line, used = moved, width(hang + _line(moved))
    return [(indent if i == 0 else hang) + _line(line) for i, line in enumerate(lines) if line]


def beside(items: list[str], columns: int, indent: str = "", gap: str = "    ", lang: str = "zh") -> list[str]:
    """Short items side by side (`applicant: ...    as of: ...`), `gap` apart, as many to a line as fit; one
    wider than a line on lines of its own, running on two columns in."""
    lines: list[str] = []
    joinable = False  # whether the last line holds whole items only, so that another may follow on it
    for item in items:
        if joinable and width(lines[-1] + gap + item) <= columns:
            lines[-1] += gap + item
            continue
        laid = fill(item, columns, indent, indent + "  ", lang)
        lines += laid
        joinable = len(laid) == 1
    return lines
