"""A title above a sheet's header: which of a sheet's first rows are a title, which is its header, and the note.

HR workbooks often carry a title above the headers (row 1 `2026年客户经理任职资格申报汇总表`
in a merged cell, a blank row 2, the headers on row 3), and a CSV file saved from such a
sheet has the title as its first line. A row may be part of a title when it is blank or
holds one cell only (a merged title keeps its value in its top-left cell), which is not
the id column's header: a header names the id column, and every sheet's but the
applicants' names more. The header is the first row that is not such a row, among the
first TITLE_ROWS + 1: it is read as any header is, so a header with a misspelt column
below a title is refused at its own row. A sheet with no such row (no header at all,
one column of ids) is read with row 1 as its header, as a sheet without a title is,
and refused by what row 1 holds. A title may also have two cells or more a row (the title
and, at its right, the date it was made): when the first row that is not such a row does
not name the id column, and a row below it among the first TITLE_ROWS + 1 does, that row
is the header and every row above it is the title. Every sheet's header names the id
column, so a header found so is one; a header with a misspelt column names it too, and is
still the first such row, refused at its own row. Only the rows above the header are held,
and those are a few; the rows below are passed on as they are read. The row right above the
header may be its upper row instead, of group headings over the id column (sheethead decides).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from .cells import blank, text_of
from .sheets import SHEETS, columns_of, header_key

TITLE_ROWS = 10  # rows above a header read as a title, at most: a title, a subtitle, a line of who and when
_IDS = {sheet: frozenset(header_key(n) for c in columns_of(sheet) if c.key == "id" for n in (c.zh, c.en, *c.aliases))
        for sheet in SHEETS}
_SHOWN = 60  # characters of a title a note shows
_DIGIT = re.compile(r"\d")


def title_like(sheet: str, cells) -> bool:
    """Whether a row may be a row of a title above `sheet`'s header (see the module's doc)."""
    filled = [v for v in cells if not blank(v)]
    return not filled or (len(filled) == 1 and header_key(text_of(filled[0])) not in _IDS[sheet])


def repeats_header(sheet: str, ident: str) -> bool:
    """Whether an id is the id column's header (申报人编号, id), as on a row of the headers repeated further down.
    An id with a digit (most are) is none, and is not normalised to find out: this is asked of every applicant."""
    return _DIGIT.search(ident) is None and header_key(ident) in _IDS[sheet]


def _names_id(sheet: str, cells) -> bool:
    """Whether a row names `sheet`'s id column (申报人编号, id), as its header does."""
    return any(header_key(text_of(v)) in _IDS[sheet] for v in cells if not blank(v))


def header_found(sheet: str, rows: Iterator[tuple[int, tuple]]) -> tuple[tuple[int, tuple] | None, list, Iterator]:
    """A sheet's (header row, the rows above it, rows below it) from its rows (number, cells), read as far as the
    header. The rows above it are its title (title_of), or a row of group headings above it (sheethead).
    No header found: row 1 is the header and there are no rows above it.
    """
    held: list[tuple[int, tuple]] = []
    first = None  # the first row that is not title_like, when it does not name the id column
    for row in rows:
        held.append(row)
        if first is None and not title_like(sheet, row[1]):
            first = len(held) - 1
            if _names_id(sheet, row[1]):
                return _split(held, first, rows)
        elif first is not None and _names_id(sheet, row[1]):  # a title of several cells a row above it
            return _split(held, len(held) - 1, rows)
        if len(held) > TITLE_ROWS:
            break
    if not held:
        return None, [], rows
    return _split(held, 0 if first is None else first, rows)


def _split(held: list[tuple[int, tuple]], at: int, rows: Iterator) -> tuple[tuple[int, tuple], list, Iterator]:
    """held[at] as the header, the rows above it, and the rows below it, held ones first."""
    return held[at], held[:at], chain(held[at + 1:], rows) if at + 1 < len(held) else rows


def title_of(rows: list[tuple[int, tuple]]) -> list[str]:
    """The title rows above a header make: the values of those that have one (a blank row has none), as text."""
    return [text_of(v) for _, cells in rows for v in cells if not blank(v)]


def title_note(source, sheet: str, header: int, title: list[str], lang: str = "en",
               groups: tuple[str, ...] = ()) -> str:
    """The note naming the rows above a sheet's header, read as its title, and the group headings of a header of
    two rows (sheethead), for standard error after a batch. `source`: the SheetSet (a workbook, or a CSV set
    whose sheets are files); `header`: the header's (first) row."""
    zh = lang == "zh"
    name = source.place.names[sheet]
    rows = "1" if header == 2 else f"1-{header - 1}"
    heads = f"{header}-{header + 1}" if groups else f"{header}"
    text = " / ".join(title)
    if len(text) > _SHOWN:
        text = text[:_SHOWN - 1] + "…"
    named = ("、" if zh else ", ").join(groups)
    if zh:
        where = f"{source.path / name} " if source.csv else f"{source.label} 的工作表“{name}”"
        what = f"作为标题读取（“{text}”），不作为申报数据" if title else "为空行"
        grouped = f"分组标题（{named}）按其下各列的分组读取，不作为列"
        if header == 1:
            return f"注意：{where}列名行为两行（第{heads}行）：{grouped}"
        above = f"注意：{where}第{rows}行在列名行（第{heads}行）之上，{what}"
        return above + f"；列名行中的{grouped}" * bool(groups)
    where = f"{source.path / name}" if source.csv else f"{source.label}, sheet '{name}'"
    many = len(groups) > 1
    grouped = (f"group heading{'s' * many} ({named}) {'were' if many else 'was'} read over the columns named below, "
               "not as columns")
    if header == 1:
        return f"note: {where}: its header is of two rows (rows {heads}): the {grouped}"
    s, were, are = ("", "was", "is") if header == 2 else ("s", "were", "are")
    what = f"{were} read as its title ('{text}'), not as rows to judge" if title else f"{are} blank"
    of = f"header (rows {heads})" if groups else f"header (row {heads})"
    return f"note: {where}: row{s} {rows} above its {of} {what}" + f"; its {grouped}" * bool(groups)
