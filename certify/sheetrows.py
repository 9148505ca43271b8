"""Where a sheet's rows are read from, as often as needed, without holding them: its CSV file, or a file on disk.

Every source gives the rows after the header as read_rows gives them: (row number,
id, cells) for each row that is not blank. A CSV sheet is read from its file each
time. A workbook's sheet is parsed once (openpyxl is slow) into a spool, a stretch of
one temporary file that every spool of the process shares, read back in batches. A
child sheet whose rows are not in the order of the applicants sheet is sorted into
that order on disk (SortedRows), so that it too can be read along with the applicants
sheet, one applicant at a time (Cursor).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import pickle
import sqlite3
import sys
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter
from pathlib import Path
from xml.etree import ElementTree

from .cells import UNREAD, Unsaved, UnderMerge, blank, text_of
from .errors import not_a_file
from .scratch import database_failed, temporary_file
from .sheets import Beyond, Layout
from .sheethead import Head, head_found
from .textfiles import HEAD, binary_kind, utf16

Row = tuple[int, str | None, tuple]  # (row number, id, cells)

_BLOCK = 1 << 16
_BATCH = 1000


def _compact(value: object) -> object:
    if isinstance(value, str):
        if not value.strip():
            return None
        # Many cells repeat (true, lead, dates, employers): one string object each.
        return sys.intern(value) if len(value) <= 24 else value
    return value


# Full-width letters, digits and signs (全角: Ｅ１０２４), as typed with a Chinese input method left in full-width mode.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def half_width(ident: str) -> str:
    """An id as its half-width form (Ｅ１０２４ is E1024): HR types the same id both ways without seeing it, and read
    as two, an applicant's row typed so would be lost to them, who would be judged without it."""
    return ident.translate(_HALF_WIDTH).strip()


def read_rows(layout: Layout, rows: Iterator[tuple[int, tuple]], *, cells: bool = True,
              unsaved_ids: dict[int, Unsaved | UnderMerge] | None = None) -> Iterator[tuple[int, str | None, tuple]]:
    """(row, id, cells) for each non-blank row: cells in layout order, then the unnamed columns.

    Without `cells`, only (row, id, ()): what a first pass over a sheet needs. `unsaved_ids`: the rows
    whose id is a formula with no value saved, or a cell under a merge from the header, are added to it (row -> the
    formula or merge), for their error to say so.
    """
    width = max([layout.id_index, *(i for i, _ in layout.columns), *layout.unnamed], default=0) + 1
    picks = [i for i, _ in layout.columns] + layout.unnamed
    pick = itemgetter(*picks) if len(picks) > 1 else None
    id_index = layout.id_index
    beyond = max(layout.width, width)
    for number, row in rows:
        try:  # a CSV row: every cell is text, and a blank row is blank when joined
            text = True
            if not "".join(row).strip():
                continue
        except TypeError:  # a workbook's row: numbers, dates and None too
            text = False
            if all(blank(v) for v in row):
                continue
        if len(row) < width:
            row = tuple(row) + (None,) * (width - len(row))
            text = False
        raw = row[id_index]
        if text:
            ident = raw.strip() or None  # blank and text_of, for text
        else:  # an id that is a formula with no value saved is no id: the row's error says where it is
            ident = None if blank(raw) or type(raw) in UNREAD else text_of(raw)
            if ident is None and unsaved_ids is not None and type(raw) in UNREAD:
                unsaved_ids[number] = raw
        if ident is None and blank(raw) and _notes_only(row, picks, beyond):
            continue  # a row of notes only (#备注): no fact, so no row (and no row without an id)
        if ident is not None and not ident.isascii():
            ident = half_width(ident)
        if not cells:
            yield number, ident, ()
            continue
        if text and pick:
            values = tuple([v if v.strip() else None for v in pick(row)])
        else:
            values = tuple([_compact(row[i]) for i in picks])
        if len(row) > beyond:  # more cells than the header: a value there is no column's, and is not dropped
            past = next((Beyond(i, v) for i, v in enumerate(row[beyond:], beyond) if not blank(v)), None)
            if past is not None:
                values += (past,)
        yield number, ident, values


def _notes_only(row: tuple, picks: list[int], beyond: int) -> bool:
    """Whether a row without an id holds nothing but in note columns (headed #...), which are not read."""
    return all(blank(row[i]) for i in picks) and all(blank(v) for v in row[beyond:])


# A cell may be as long as it is written: csv's default limit (131,072 characters) would stop a whole batch.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list]]:
    """A CSV file's rows numbered as a spreadsheet shows them (the first line is row 1)."""
    with open(path, newline="", encoding=encoding) as f:
        yield from enumerate(csv.reader(f), 1)


# What a workbook damaged inside raises as it is read (a part's XML cut short, a zip member spoiled).
DAMAGED = (zipfile.BadZipFile, ElementTree.ParseError, zlib.error, EOFError, KeyError, ValueError)


def book_head_rows(book, name: str) -> list:
    """The first 11 rows of a workbook's sheet not named as one (to see whether it is one renamed); none for a chart
    sheet, or one damaged: it is not read either way."""
    try:
        return list(getattr(book[name], "iter_rows", lambda **_: ())(max_row=11, values_only=True))
    except DAMAGED:
        return []


def csv_head_rows(path: Path) -> list[list[str]]:
    """The first 11 rows of a CSV file not named as a sheet (to see whether it is one renamed), from its first block
    only: a file damaged further on (a byte neither UTF-8 nor GB18030) still shows its header, and renamed back it
    is said to be damaged rather than passed over with its rows; none for one that is no text (UTF-16, a workbook),
    or cannot be read (it is not read either way)."""
    try:
        if not_a_file(path):
            return []
        with open(path, "rb") as f:
            block = f.read(_BLOCK)
    except OSError:
        return []
    if utf16(block[:HEAD]) or binary_kind(block[:HEAD]) is not None:
        return []
    for encoding in ("utf-8-sig", "gb18030"):
        try:  # not final: the block may end inside a character
            text = codecs.getincrementaldecoder(encoding)().decode(block)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = block.decode("utf-8-sig", errors="replace")
    try:
        return list(islice(csv.reader(io.StringIO(text, newline="")), 11))
    except csv.Error:
        return []


def csv_encoding(path: Path) -> str | None:
    """How a CSV file is written: UTF-8 (a byte-order mark is fine), else GB18030, else None.

    The whole file is decoded (in blocks, nothing kept), so that a file is never read
    half in one encoding and half in another.
    """
    with open(path, "rb") as f:
        head = f.read(HEAD)
    if utf16(head) or binary_kind(head) is not None:  # which GB18030, reading almost anything, would read as words
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as f:
                while block := f.read(_BLOCK):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return None


def csv_header(path: Path, encoding: str, sheet: str) -> tuple[Head | None, list[str]]:
    """A CSV file's header (None when the file is empty), of one row or two (sheethead), and the title above it
    (sheettitle): the file is read as far as its header and the row below it."""
    rows = csv_rows(path, encoding)
    try:
        header, title, _ = head_found(sheet, rows, None)
        return header, title
    finally:
        rows.close()


class CsvRows:
    """A CSV sheet's rows, read from its file each time they are asked for."""

    def __init__(self, path: Path, encoding: str, layout: Layout) -> None:
        self.path, self.encoding, self.layout = path, encoding, layout
        self.stamp = self._stamp()

    def _stamp(self) -> tuple[int, int]:
        info = self.path.stat()
        return info.st_size, info.st_mtime_ns

    def changed(self) -> bool:
        """Whether the file is not as it was when the sheet was opened (its rows are read more than once)."""
        try:
            return self._stamp() != self.stamp
        except OSError:
            return True

    def rows(self) -> Iterator[Row]:
        return read_rows(self.layout, islice(csv_rows(self.path, self.encoding), self.layout.row, None))

    def ids(self) -> Iterator[Row]:
        """The rows without their cells: (row number, id, ())."""
        return read_rows(self.layout, islice(csv_rows(self.path, self.encoding), self.layout.row, None), cells=False)


class _SpoolFile:
    """The one temporary file the spools of a process write to, while any of them is in use."""

    current: _SpoolFile | None = None

    def __init__(self) -> None:
        self.file = temporary_file()  # closed when its last spool is
        self.pid = os.getpid()  # a forked worker that spooled rows would write to a file of its own
        self.users = 0

    @classmethod
    def taken(cls) -> _SpoolFile:
        shared = cls.current
        if shared is None or shared.pid != os.getpid():
            shared = cls.current = cls()
        shared.users += 1
        return shared

    def given_back(self) -> None:
        self.users -= 1
        if self.users == 0:  # every spool in it closed: the file, and its space on disk, given back
            self.file.close()
            if _SpoolFile.current is self:
                _SpoolFile.current = None


class Spool:
    """Rows written once to a temporary file, read back in batches as often as asked for.

    Every spool of a process writes to one file (_SpoolFile), each its own stretch of it:
    a batch of any number of workbooks holds one open file for their rows, not one per
    sheet. The file is closed, and its space given back, once every spool in it is closed.
    """

    def __init__(self, rows: Iterable[Row]) -> None:
        self.shared = _SpoolFile.taken()
        file = self.shared.file
        file.seek(0, os.SEEK_END)  # after the stretches of the spools written before
        self.start = file.tell()
        try:
            batch: list = []
            # `rows` may be read from this same file (another spool's rows), which moves its place; no other spool
            # is written meanwhile (a stretch is one run of bytes), as rows come from a sheet or another spool.
            for row in rows:
                batch.append(row)
                if len(batch) == _BATCH:
                    file.seek(0, os.SEEK_END)  # so each batch is written at the end, where this stretch goes on
                    pickle.dump(batch, file, pickle.HIGHEST_PROTOCOL)
                    batch = []
            file.seek(0, os.SEEK_END)
            if batch:
                pickle.dump(batch, file, pickle.HIGHEST_PROTOCOL)
        except BaseException:
            file.truncate(self.start)
            self.shared.given_back()
            raise
        self.end = file.tell()

    def rows(self) -> Iterator[Row]:
        file, offset = self.shared.file, self.start
        while offset < self.end:  # each reader keeps its own place: two may read at once
            file.seek(offset)
            batch = pickle.load(file)
            offset = file.tell()
            yield from batch

    ids = rows

    def close(self) -> None:
        if self.shared is not None:
            self.shared, shared = None, self.shared
            shared.given_back()


class SortedRows:
    """The rows of known applicants of a child sheet, in the order of the applicants sheet.

    The scan only finds a sheet out of order; its rows are sorted when the set is read
    for its applicants (sort), so that a batch counted up front holds no database per set.
    `order` gives each applicant id its place (its row in the applicants sheet); an id
    it does not hold is left out (the scan reports it). The rows go to a temporary
    SQLite database on disk and come back sorted by (place, row): within an applicant,
    in the sheet's own order. Memory stays within SQLite's page cache.
    """

    def __init__(self, source: CsvRows | Spool) -> None:
        self.source = source
        self.db: sqlite3.Connection | None = None

    def sort(self, order: dict[str, int]) -> None:
        self.close()
        self.db = sqlite3.connect("")  # "": a private database on disk, deleted when closed
        known = ((order[ident], number, ident, pickle.dumps(cells, pickle.HIGHEST_PROTOCOL))
                 for number, ident, cells in self.source.rows() if ident is not None and ident in order)
        try:  # on disk past its cache, in the folder for temporary files: a full one said as that (scratch.py)
            self.db.execute("PRAGMA cache_size = -2048")  # KiB
            self.db.execute("CREATE TABLE r (place INTEGER, row INTEGER, id TEXT, cells BLOB)")
            with self.db:
                self.db.executemany("INSERT INTO r VALUES (?, ?, ?, ?)", known)
        except sqlite3.Error as exc:
            raise database_failed(exc) from None

    def rows(self) -> Iterator[Row]:
        try:
            cursor = self.db.execute("SELECT row, id, cells FROM r ORDER BY place, row")
            try:
                while batch := cursor.fetchmany(256):
                    for number, ident, cells in batch:
                        yield number, ident, pickle.loads(cells)
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise database_failed(exc) from None

    def close(self) -> None:
        if self.db is not None:
            self.db, db = None, self.db
            db.close()


class Cursor:
    """A child sheet in applicants order, read along with the applicants sheet."""

    def __init__(self, rows: Iterator[Row], skip: dict) -> None:
        self.rows, self.skip = rows, skip  # skip: ids of no applicant
        self.row = next(rows, None)

    def take(self, ident: str) -> list | None:
        """The rows of applicant `ident` (row number, cell, ...), or None when it has none."""
        found = None
        row = self.row
        while row is not None:
            number, rid, cells = row
            if rid == ident:
                if found is None:
                    found = []
                found.append((number, *cells))
            elif rid is not None and not rid.startswith("#") and rid not in self.skip:
                break  # the next applicant's
            row = next(self.rows, None)
        self.row = row
        return found
