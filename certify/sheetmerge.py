"""Merged cells (合并单元格) of a workbook's sheet, read as the value they show in every cell they cover.

HR sheets often merge the 申报人编号 cell over an applicant's rows in a child sheet.
A workbook keeps a merged range's value in its top-left cell only, and openpyxl's
streaming (read-only) mode, which keeps memory bounded, does not give a sheet's
merged ranges at all: read so, the rows under the top one have an empty id, and the
applicant would be judged without them. The ranges are listed as `<mergeCell
ref="A2:A3"/>` elements after the sheet's rows, so they are read from the sheet's
part of the zip before its rows (merged_ranges), and each cell a range covers below
the header row then reads as the range's value (fill), as Excel's "unmerge and fill"
gives it. What is held is the list of ranges, packed, and the ranges open at the row read.
A range that runs from the header (or above it) down into the rows of data holds the header's value: each
cell of data it covers is an UnderMerge instead, which a reader refuses, naming the merge.

The same pass finds the formulas the workbook holds without a value (fill marks each such cell Unsaved,
which a reader refuses): openpyxl's streaming mode reads them as empty cells. A cell without its
reference (r="C5", which OOXML lets a writer leave out, though Excel and openpyxl write it) is placed
as openpyxl places it, by a second, parsed read of the part, made only for a sheet with such a formula.
It also finds the hidden rows, and hidden_headers the hidden columns read (<cols>, before the rows), for a note.
"""

from __future__ import annotations

import bisect
import functools
import gc
import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree import ElementTree

from .cells import UnderMerge, Unsaved, blank

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

# A "<" cannot appear in a cell's text or an attribute (it is written &lt;), so in a sheet's XML
# "<mergeCell" (or "<x:mergeCell", with a namespace prefix) only ever begins a merged range.
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?mergeCell\b([^>]*)>")
_REF = re.compile(rb"""\bref\s*=\s*["']([^"']*)["']""")
_BLOCK = 1 << 16
_TAIL = 512  # more than any <mergeCell ...> element: one cut between two blocks is read whole
_BITS = 21  # a row or column number fits in 21 bits (Excel: 1,048,576 rows, 16,384 columns)
_MASK = (1 << _BITS) - 1


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships ("" for the package's): id -> (type, the part it leads to, as named in the zip)."""
    folder, name = posixpath.split(part)
    try:
        root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return {}
    out = {}
    for rel in root.iter(_REL):
        target = rel.get("Target", "")
        out[rel.get("Id", "")] = (rel.get("Type", ""), target.lstrip("/") if target.startswith("/")
                                  else posixpath.normpath(posixpath.join(folder, target)))
    return out


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its part in the zip (xl/worksheets/sheet3.xml), as the workbook lists them."""
    book = next((t for kind, t in _rels(archive, "").values() if kind.endswith("/officeDocument")),
                "xl/workbook.xml")
    targets = _rels(archive, book)
    root = ElementTree.fromstring(archive.read(book))
    parts = {}
    for sheet in root.iter():
        if sheet.tag.rpartition("}")[2] == "sheet":  # <sheet name="employment" r:id="rId3"/>
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
            parts[sheet.get("name", "")] = targets.get(rid, ("", ""))[1]
    return parts


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a workbook's sheets are parsed. openpyxl's streaming reader keeps each
    row's element, emptied, until its sheet ends: objects that live on and set off full collections of the whole
    heap again and again (~50 for 100,000 applicants, a fifth of the parse), although the parse makes no cycles.
    A collector the caller paused stays paused."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# A column hidden by hand is written <col min="5" max="6" hidden="1" .../> in the part's <cols>, before its rows.
_HIDDEN_COLUMNS = re.compile(rb"""<(?:[A-Za-z_][\w.\-]*:)?col\b([^>]*\bhidden\s*=\s*["'](?:1|true)["'][^>]*)>""")
_SPAN = re.compile(rb"""\b(min|max)\s*=\s*["']([0-9]+)["']""")


def hidden_headers(archive: zipfile.ZipFile, part: str | None, layout, headers: dict[str, str]) -> list[str]:
    """The headers (as written) of the columns of a sheet part that are hidden and read by `layout` (the id
    column and the named ones; `headers`: key -> header), in sheet order. Only the part's start is read: a
    sheet's <cols> comes before its rows."""
    if part not in archive.NameToInfo:
        return []
    head = b""
    with archive.open(part) as f:
        while (block := f.read(_BLOCK)) and b"sheetData" not in head[-_TAIL:] + block:
            head += block
        head += block
    spans = []
    for m in _HIDDEN_COLUMNS.finditer(head, 0, max(0, head.find(b"sheetData")) or len(head)):
        ends = {k: int(v) for k, v in _SPAN.findall(m.group(1))}
        if ends:
            spans.append((ends.get(b"min", ends.get(b"max")), ends.get(b"max", ends.get(b"min"))))
    read = sorted([(layout.id_index, "id"), *((i, c.key) for i, c in layout.columns)])
    return [headers[key] for i, key in read if any(low <= i + 1 <= high for low, high in spans)]


def merged_ranges(archive: zipfile.ZipFile, part: str) -> list[int]:
    """The merged ranges of a sheet's part, packed (see _pack) and in row order."""
    return scan_part(archive, part)[0]


# A row hidden by hand or by a filter is written <row r="7" hidden="1" ...>.
_HIDDEN_ROW = re.compile(rb"""<(?:[A-Za-z_][\w.\-]*:)?row\b([^>]*\bhidden\s*=\s*["'](?:1|true)["'][^>]*)>""")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["']([0-9]+)["']""")


# A formula cell with no value saved: <c r="D5"><f>120*10000</f><v></v></c> (or <v/>, or no <v>), as a program
# that does not compute formulas (openpyxl, pandas) writes it. Excel saves every formula with its value. The
# patterns begin at the formula, with the sheet's own prefix (<f>, <x:f>), so a search skips to each formula;
# group 1 is the formula, group 2 the empty value element (None when the cell has none).
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]{1,3})([0-9]+)["']""")
_COORDINATE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")  # C5, as the r of a cell parsed
_CELL_TYPE = re.compile(rb"""\bt\s*=\s*["']([^"']*)["']""")
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?worksheet\b")
_LONGEST_CELL = 1 << 17  # more than a formula cell of Excel's longest formula (8,192 characters, escaped) holds


@functools.lru_cache(maxsize=8)
def _formula_patterns(prefix: bytes) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(a formula with no value, up to its cell's end; a formula begun; a cell's start tag) for a prefix."""
    p = re.escape(prefix)
    unsaved = re.compile(rb"<" + p + rb"f\b[^>]*?(?:/>|>([^<]*)</" + p + rb"f\s*>)\s*(<" + p + rb"v\b[^>]*/>|<" + p
                         + rb"v\b[^>]*>\s*</" + p + rb"v\s*>)?\s*</" + p + rb"c\s*>")
    return unsaved, re.compile(rb"<" + p + rb"f\b"), re.compile(rb"<" + p + rb"c\b([^>]*)>\s*")


def _never_computed(kind: str | None, has_value: bool) -> bool:
    """Whether a formula whose cell has type `kind` (its t="...", None without one) and an empty value element
    (has_value), or none, was never computed. A formula with no value element, of any type, was not. An empty
    one is Excel's way of saving a text formula that gave "" (t="str": =IF(A2="","",A2)), an empty cell;
    no other type has an empty value."""
    return not has_value or kind != "str"


def scan_part(archive: zipfile.ZipFile, part: str) -> tuple[list[int], list[int], list[tuple[int, str]]]:
    """A sheet part's merged ranges (packed, see _pack, in row order), the numbers of its
    hidden rows below row 1 (in order), and its formulas below row 1 that have no value saved ((row << _BITS
    | column, formula), in order): what streaming rows does not tell. Row 1 is a header or a title; below a
    title, the reader leaves out what is at its header or above it (fill, and sheetset for hidden rows).

    The part is read once as a stream, in blocks; most sheets have none of these, and a block
    without the words costs three bytes searches.
    """
    ranges: list[int] = []
    hidden: set[int] = set()
    unsaved: dict[int, str] = {}
    unplaced = False  # a formula with no value in a cell without r
    tail = b""
    prefix = None  # the prefix of the sheet's elements (b"x:" for <x:c>), read from its root element
    with archive.open(part) as f:
        while block := f.read(_BLOCK):
            text = tail + block
            if prefix is None:
                root = _ROOT.search(text)
                prefix = (root.group(1) if root else None) or b""
                formula = b"<" + prefix + b"f"
            cut = max(0, len(text) - _TAIL)
            first = text.find(formula)  # a bytes search, as below: a block without a formula costs no more
            if first >= 0:
                at, missed = _unsaved(text, first, unsaved, prefix)
                cut, unplaced = min(cut, at), unplaced or missed
            first = text.find(b"mergeCell")  # a bytes search: the rows before the ranges cost next to nothing
            for m in _MERGE.finditer(text, max(0, first - _TAIL)) if first >= 0 else ():
                ref = _REF.search(m.group(1))
                if ref:
                    ranges.append(_pack(ref.group(1).decode("ascii", "replace")))
                cut = max(cut, m.end())
            first = text.find(b"hidden")
            for m in _HIDDEN_ROW.finditer(text, max(0, first - _TAIL)) if first >= 0 else ():
                number = _ROW_NUMBER.search(m.group(1))
                if number and int(number.group(1)) > 1:
                    hidden.add(int(number.group(1)))
            tail = text[cut:]
    if unplaced:
        unsaved = _placed(archive, part)
    return sorted(r for r in ranges if r >= 0), sorted(hidden), sorted(unsaved.items())


def _unsaved(text: bytes, start: int, found: dict[int, str], prefix: bytes) -> tuple[int, bool]:
    """Add the formula cells with no value saved in `text` from `start` to `found`; return where a formula
    cell the text ends inside begins (it is read again, whole, with the next block), else len(text), and
    whether such a cell could not be placed here (it has no r)."""
    unsaved, begun, cell = _formula_patterns(prefix)
    unplaced = False
    for m in unsaved.finditer(text, start):
        at = text.rfind(b"<" + prefix + b"c", max(0, m.start() - _TAIL), m.start())
        tag = cell.fullmatch(text, at, m.start()) if at >= 0 else None
        ref = _CELL_REF.search(tag.group(1)) if tag else None
        kind = _CELL_TYPE.search(tag.group(1)) if tag else None
        kind = kind.group(1).decode("ascii", "replace") if kind else None
        if tag and ref is None:
            unplaced = True  # placed by _placed, which reads the whole part
        elif ref and int(ref.group(2)) > 1 and _never_computed(kind, m.group(2) is not None):
            formula = html.unescape((m.group(1) or b"").decode("utf-8", "replace"))
            found[int(ref.group(2)) << _BITS | _column(ref.group(1).decode("ascii"))] = formula
    last = begun.search(text, max(start, text.rfind(b"</" + prefix + b"c>")))  # begun after the last cell's end
    at = text.rfind(b"<" + prefix + b"c", 0, last.start()) if last else -1
    return (at if at >= 0 and len(text) - at <= _LONGEST_CELL else len(text)), unplaced


def _placed(archive: zipfile.ZipFile, part: str) -> dict[int, str]:
    """A sheet part's formula cells below its header with no value saved, as _unsaved finds them, each placed
    as openpyxl places a cell: by its r; without one, in the column after the previous cell's of its row,
    whose number is the row's r, or the previous row's plus one. The part is parsed as a stream, a row at a time."""
    found: dict[int, str] = {}
    row = column = 0
    data = None  # <sheetData>, while its rows are read
    with archive.open(part) as f:
        for event, element in ElementTree.iterparse(f, events=("start", "end")):
            name = element.tag.rpartition("}")[2]
            if event == "start":
                if name == "sheetData":
                    data = element
                elif name == "row" and data is not None:
                    number = element.get("r")
                    row, column = (int(float(number)) if number else row + 1), 0
                continue
            if data is None:
                continue
            if name == "sheetData":
                data = None
            elif name == "row":
                data.clear()  # the rows read so far, with their cells: memory stays one row's
            elif name == "c":
                ref = _COORDINATE.fullmatch(element.get("r") or "")
                at = row
                if ref:
                    at, column = int(ref.group(2)), _column(ref.group(1))
                else:
                    column += 1
                ns = element.tag[:-1]  # "{...}" of "{...}c"
                parts = {child.tag: child for child in element}
                formula, value = parts.get(ns + "f"), parts.get(ns + "v")
                if (formula is not None and set(parts) <= {ns + "f", ns + "v"} and at > 1
                        and (value is None or not (value.text or "").strip())
                        and _never_computed(element.get("t"), value is not None)):
                    found[at << _BITS | column] = formula.text or ""
    return found


def _column(letters: str) -> int:
    """A column's number from its letters ("C": 3)."""
    from openpyxl.utils.cell import column_index_from_string  # only with a workbook, as in _pack

    return column_index_from_string(letters)


def _letters(column: int) -> str:
    """A column's letters (3: "C")."""
    from openpyxl.utils.cell import get_column_letter  # only with a workbook, as in _pack

    return get_column_letter(column)


def _pack(ref: str) -> int:
    """A range 'A2:C3' as one int ordered by its top row: (top, bottom, left, right); -1 for a single cell,
    or one that cannot be read. A range of a title or of the header is kept for the header (spans_at); fill
    passes it over."""
    from openpyxl.utils.cell import range_boundaries  # only with a workbook: openpyxl takes a while to import

    try:
        left, top, right, bottom = range_boundaries(ref)
    except (TypeError, ValueError):
        return -1
    if None in (left, top, right, bottom) or (top, left) == (bottom, right):
        return -1
    return (((top << _BITS | bottom) << _BITS | left) << _BITS) | right


def spans_at(ranges: list[int], row: int) -> list[tuple[int, int]]:
    """The merged ranges of `ranges` (packed, in row order) that lie in row `row` alone across two columns or more,
    as (first, last) column, counted from 0: the group headings of a header of two rows (sheethead)."""
    start = bisect.bisect_left(ranges, row << 3 * _BITS)
    spans = []
    for packed in ranges[start:bisect.bisect_left(ranges, (row + 1) << 3 * _BITS)]:
        left, right = packed >> _BITS & _MASK, packed & _MASK
        if packed >> 2 * _BITS & _MASK == row and right > left:
            spans.append((left - 1, right - 1))
    return spans


def downs_at(ranges: list[int], row: int) -> list[int]:
    """The columns, counted from 0, of the merged ranges of `ranges` (packed, in row order) that lie in one column
    over rows `row` and `row` + 1: the columns named in the upper row of a header of two rows only (sheethead)."""
    start = bisect.bisect_left(ranges, row << 3 * _BITS)
    return [(packed & _MASK) - 1 for packed in ranges[start:bisect.bisect_left(ranges, (row + 1) << 3 * _BITS)]
            if packed >> 2 * _BITS & _MASK == row + 1 and packed >> _BITS & _MASK == packed & _MASK]


def fill(rows: Iterator[tuple[int, tuple]], ranges: list[int], unsaved: list[tuple[int, str]] = (),
         header: tuple = (), last: int = 0) -> Iterator[tuple[int, tuple]]:
    """Rows (number, cells) below a sheet's `header` row (its cells; `last`, its last row) with each cell a merged
    range covers holding the range's value, its top-left cell's, and each formula with no value saved (scan_part)
    an Unsaved in place of the None openpyxl reads. A range that begins at the header or above it (a title's) is
    not filled in: a cell of a row of data it covers (one merged down from the header) is an UnderMerge, which
    no column reads, but a note column's (headed #...), which is not read."""
    if unsaved:
        rows = _marked(rows, unsaved, header)
    if not ranges:
        yield from rows
        return
    at = 0
    open_: list[tuple[int, int, int, object]] = []  # (bottom, left, right, value) of the ranges covering the row
    for number, cells in rows:
        while at < len(ranges) and ranges[at] >> 3 * _BITS <= number:
            packed = ranges[at]
            at += 1
            top, bottom = packed >> 3 * _BITS, packed >> 2 * _BITS & _MASK
            left, right = packed >> _BITS & _MASK, packed & _MASK
            if top == number and bottom >= number:
                value = cells[left - 1] if left <= len(cells) else None
                if value is not None:
                    open_.append((bottom, left, right, value))
            elif top <= last < bottom and bottom >= number:  # from the header down into the rows of data
                notes = {i for i, v in enumerate(header, 1) if isinstance(v, str) and v.strip().startswith("#")}
                under = UnderMerge(f"{_letters(left)}{top}:{_letters(right)}{bottom}", top)
                open_ += [(bottom, i, i, under) for i in range(left, right + 1) if i not in notes]
        if open_:
            open_ = [r for r in open_ if r[0] >= number]
            # A row with nothing of its own stays blank: a merge drawn on past the last row of data
            # (as people often do) does not make rows of an id alone, which would be rows with no values.
            if open_ and not all(map(blank, cells)):
                cells = _filled(cells, open_)
        yield number, cells


def _filled(cells: tuple, open_: list[tuple[int, int, int, object]]) -> tuple:
    """A row's cells with the empty ones under an open range given its value."""
    width = max(len(cells), max(right for _, _, right, _ in open_))
    out = list(cells) + [None] * (width - len(cells))
    for _, left, right, value in open_:
        for i in range(left - 1, right):
            if out[i] is None:
                out[i] = value
    return tuple(out)


def _marked(rows: Iterator[tuple[int, tuple]], unsaved: list[tuple[int, str]],
            header: tuple) -> Iterator[tuple[int, tuple]]:
    """Rows with each formula of `unsaved` an Unsaved; but not in a note column (headed #...), never read."""
    at = 0
    notes = {i for i, v in enumerate(header, 1) if isinstance(v, str) and v.strip().startswith("#")}
    for number, cells in rows:
        while at < len(unsaved) and unsaved[at][0] >> _BITS < number:
            at += 1
        if at < len(unsaved) and unsaved[at][0] >> _BITS == number:
            out = list(cells)
            while at < len(unsaved) and unsaved[at][0] >> _BITS == number:
                column = unsaved[at][0] & _MASK
                if column not in notes:
                    out += [None] * (column - len(out))
                    if out[column - 1] is None:
                        out[column - 1] = Unsaved(unsaved[at][1])
                at += 1
            cells = tuple(out)
        yield number, cells
