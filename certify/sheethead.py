"""A sheet's header, over one row or two: group headings merged (or centred) above the column names they group.

Chinese HR workbooks often group columns under a heading: row 3 holds 申报人编号, 单位, 销售岗位 ...,
each merged down over rows 3 and 4, and 起止时间 merged across two columns, with 开始日期 and 结束日期
under it in row 4. The header is read over its two rows only when it is exactly that:

- the row found as the header (sheettitle) has a cell that names no column (and is no note, #...),
  and every such cell is a group heading: merged across two columns or more of that row alone, or
  centred across selection (跨列居中, Excel's Center Across Selection, which many use instead of a
  merge: the cell aligned centerContinuous, its group running over the cells right after it that are
  empty and aligned so too, one at least; a centred cell with no such cell after it is centred text,
  no group); in a CSV file, which has no merges, followed by one empty cell or more: the group runs
  to the next cell with a value;
- the row below it holds, under each group, text only, with at least one column's name; and
  nothing outside the groups (a cell merged down over both rows keeps its value in the upper one).

Each column's header is then the lower row's cell under a group, else the upper row's; a name
under a group that names no column is refused at its own cell (sheets.layout_of), with the column
it is close to. Anything else is read as a header of one row, as before: a group heading neither merged
nor centred across selection, or a row below that holds data, is refused at the heading, as an unknown
column. Only the row below the header is read ahead; the rows below it are passed on as they are read.
A workbook's alignments are not among the values read: a row's is read (centred_in) only for a row that
may be the upper one, with a cell that names no column, and only when the workbook has a style centred
across selection at all.

A group may be over the id column itself: 基本信息 merged (or centred) over 申报人编号 and 姓名, 备注 or
是否IT行业 merged down over both rows. The row found as the header is then the lower one (it names the id
column), and the upper one was taken for a title (sheettitle). The two are one header when the upper row is
directly above it and every cell with a value in it is a group heading (as above) or a cell merged down
over both rows in one column (in a CSV file: a column's name, or a note, over an empty cell), with one of
each at least, and the lower row is as above. With no column named in the upper row only, every column
is named in the lower row, and reading the upper row as a title reads the same columns: a title of two
cells each merged or centred across columns (the title and 制表日期 at its right) stays a title. A name in
either row that names no column is refused at its own cell and row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain

from .cells import blank, text_of
from .sheetmerge import downs_at, spans_at
from .sheets import header_column
from .sheettitle import header_found, repeats_header, title_of


@dataclass(frozen=True, slots=True)
class Head:
    """A sheet's header: its first row, its cells, and over two rows the row of each cell and the group headings."""

    row: int
    cells: tuple
    rows: tuple[int, ...] = ()  # over two rows: the row each cell is from
    groups: tuple[str, ...] = ()  # the group headings above the column names, as written
    over_id: str | None = None  # the group heading over the id column, if any: a row of it further down is no one

    @property
    def last(self) -> int:
        """The header's last row: the rows below it are data."""
        return self.row + 1 if self.groups else self.row


def head_found(sheet: str, rows: Iterator[tuple[int, tuple]], merged: list[int] | None,
               told: Callable[[tuple], None] | None = None,
               centred: Callable[[int], frozenset[int]] | None = None) -> tuple[Head | None, list[str], Iterator]:
    """A sheet's header (None when it has no rows), the title above it (sheettitle) and the rows below it.
    `merged`: a workbook sheet's merged ranges (sheetmerge, packed); None for a CSV file. `told` is given
    the header's cells as soon as each of its rows is read (numformats reads cells by their columns).
    `centred`: a workbook sheet's columns centred across selection in a row (centred_in); None when none is."""
    header, above, below = header_found(sheet, rows)
    if header is None:
        return None, [], below
    number, upper = header
    if told:
        told(tuple(upper))
    if above and (head := _over_the_id(sheet, above[-1], tuple(upper), merged, centred)) is not None:
        if told:
            told(head.cells)
        return head, title_of(above[:-1]), below
    title = title_of(above)
    if not any(_unknown(sheet, v) for v in upper):
        return Head(number, tuple(upper)), title, below
    second = next(below, None)
    if second is None:
        return Head(number, tuple(upper)), title, below
    below = chain((second,), below)
    spans = _csv_spans(upper, second[1]) if merged is None else _spans(upper, number, merged, centred)
    firsts = dict(spans)
    groups = {i: firsts.get(i) for i, v in enumerate(upper) if _unknown(sheet, v)}
    if None in groups.values():  # a heading neither merged nor centred across columns: an unknown column, as ever
        return Head(number, tuple(upper)), title, below
    head = _two_rows(sheet, number, tuple(upper), tuple(second[1]), groups)
    if head is None:
        return Head(number, tuple(upper)), title, below
    next(below)  # the lower row, read
    if told:
        told(head.cells)
    return head, title, below


def _unknown(sheet: str, value: object) -> bool:
    """Whether a header cell names no column and is no note (#...)."""
    return not blank(value) and not text_of(value).startswith("#") and header_column(sheet, value) is None


def _csv_spans(upper: tuple, lower: tuple) -> list[tuple[int, int]]:
    """A CSV row's cells with a value followed by empty ones, each as (its column, the last empty one after it)."""
    width = max(len(upper), len(lower))
    filled = [i for i, v in enumerate(upper) if not blank(v)] + [width]
    return [(i, after - 1) for i, after in zip(filled, filled[1:]) if after - 1 > i]


def _spans(upper: tuple, number: int, merged: list[int],
           centred: Callable[[int], frozenset[int]] | None) -> list[tuple[int, int]]:
    """A workbook row's group headings as (first column, last): each cell centred across selection with a value,
    over the empty cells right after it that are centred across selection too, then each range merged across
    columns in the row alone (a heading both merged and centred is taken as merged)."""
    spans = []
    if centred is not None and (across := centred(number)):
        width = len(upper)
        for first in sorted(across):
            if first < width and not blank(upper[first]):
                last = first
                while last + 1 in across and (last + 1 >= width or blank(upper[last + 1])):
                    last += 1
                if last > first:
                    spans.append((first, last))
    return spans + spans_at(merged, number)


def centred_styles(book) -> frozenset[int]:
    """A workbook's cell styles aligned centred across selection (跨列居中: horizontal centerContinuous)."""
    alignments = getattr(book, "_alignments", ())
    return frozenset(i for i, style in enumerate(getattr(book, "_cell_styles", ()))
                     if style.alignmentId < len(alignments)
                     and alignments[style.alignmentId].horizontal == "centerContinuous")


def centred_in(sheet, styles: frozenset[int]) -> Callable[[int], frozenset[int]] | None:
    """For a workbook's (read-only) `sheet`: a row's columns, counted from 0, whose cells are centred across
    selection; `styles`: centred_styles. None when the workbook has no such style, and then nothing is read.
    A row asked for is read again from the sheet's start to it alone: the header's rows, near the top."""
    if not styles:
        return None

    def centred(row: int) -> frozenset[int]:
        for cells in sheet.iter_rows(min_row=row, max_row=row):
            return frozenset(i for i, cell in enumerate(cells) if getattr(cell, "_style_id", 0) in styles)
        return frozenset()

    return centred


def _over_the_id(sheet: str, above: tuple[int, tuple], lower: tuple, merged: list[int] | None,
                 centred: Callable[[int], frozenset[int]] | None) -> Head | None:
    """The header over the row `above` and the row found below it (which names the id column), when the row above
    holds group headings and columns named there only; None when it is not exactly that (see the module's doc)."""
    number, upper = above[0], tuple(above[1])
    if not any(_unknown(sheet, v) for v in upper):
        return None  # no group heading: nothing more is read
    if merged is None:  # a CSV file: a column's name (or a note) over an empty cell was merged down in its workbook
        spans = _csv_spans(upper, lower)
        downs = {i for i, v in enumerate(upper) if not blank(v) and not _unknown(sheet, v)
                 and (i >= len(lower) or blank(lower[i]))}
    else:
        spans, downs = _spans(upper, number, merged, centred), set(downs_at(merged, number))
    firsts = dict(spans)
    filled = [i for i, v in enumerate(upper) if not blank(v)]
    groups = {i: firsts[i] for i in filled if i in firsts and _unknown(sheet, upper[i])}
    if not groups or any(i not in groups and i not in downs for i in filled) or len(groups) == len(filled):
        return None  # no group; a cell neither a group heading nor merged down; or no column named above only
    return _two_rows(sheet, number, upper, lower, groups)


def _two_rows(sheet: str, number: int, upper: tuple, lower: tuple, groups: dict[int, int]) -> Head | None:
    """The header over rows `number` and the one below, with the group headings `groups` (first column -> last)
    in the upper row, or None when the lower row is not one of names under them (see the module's doc)."""
    width = max(len(upper), len(lower), *(last + 1 for last in groups.values()))
    upper, lower = upper + (None,) * (width - len(upper)), lower + (None,) * (width - len(lower))
    under = {i for first, last in groups.items() for i in range(first, last + 1)}
    if any(not blank(lower[i]) for i in range(width) if i not in under):
        return None  # a row of data, or a name under no group
    for first, last in groups.items():
        cells = [v for v in lower[first:last + 1] if not blank(v)]
        if (any(not isinstance(v, str) for v in cells)
                or not any(header_column(sheet, v) is not None for v in cells)):
            return None  # data under the heading, or no column's name
    over_id = next((text_of(upper[first]) for first, last in groups.items()
                    if any(repeats_header(sheet, text_of(v)) for v in lower[first:last + 1] if not blank(v))), None)
    return Head(number, tuple(lower[i] if i in under else upper[i] for i in range(width)),
                tuple(number + 1 if i in under else number for i in range(width)),
                tuple(text_of(upper[i]) for i in sorted(groups)), over_id)


def merges_over(head: Head, merged: list[int] | None) -> tuple[tuple[int, int], ...]:
    """The ranges merged across columns in a header's (last) row whose cells after the first are empty, as (first,
    last) column from 0: merges that hid column headers (销售岗位 merged over IT行业), said with what is missing."""
    cells = head.cells
    return tuple((first, last) for first, last in spans_at(merged or [], head.last)
                 if all(i >= len(cells) or blank(cells[i]) for i in range(first + 1, last + 1)))
