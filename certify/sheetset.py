"""A workbook or a CSV set, read as a stream: one unit per applicants row, then each problem by place.

No sheet is held whole. Opening the set reads its headers (any title above them:
sheettitle; a header of two rows: sheethead) and checks each CSV file's encoding. A first pass, the scan, reads every
sheet once and keeps only what must be known before the first applicant is given
out: how many results there are, ids on more than one applicants row, ids of no
applicant, rows without an id (below an applicant's rows, they keep it from being
judged: Scan.suspects), and whether each child sheet is in the order of the
applicants sheet (exports usually are): sheetscan. Then the sheets are read again side
by side: an applicant's rows in a child sheet are the next ones (a merge join). A child
sheet in another order is first sorted into that order on disk (sheetrows.SortedRows).
What is held is the ids while the scan runs, and the few applicants being read at a
time. A workbook's merged cells are filled in as its rows are first read (sheetmerge).
Once its last unit is given out, a set gives back its temporary files (close): a batch
of any number of sets holds the files of the one being read, and one file that every
workbook's rows are spooled to (sheetrows.Spool).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from .cells import blank, cell_unread
from .errors import (NOT_A_FILE, Message, joined, not_a_file, out_of_files, say, several, too_many_open_files,
                     unreadable)
from .load import cannot_read
from .numformats import SheetValues, hidden_styles, mark_cjk_dates, padded_styles, unit_styles
from .sheetmerge import collector_paused, fill, hidden_headers, scan_part, sheet_parts
from .sheetrows import (DAMAGED as _DAMAGED, Cursor, CsvRows, Row, SortedRows, Spool, book_head_rows, csv_encoding,
                        csv_head_rows, csv_header, read_rows)
from .sheetscan import Scan, places, scanned
from .sheets import SECTIONS, SHEETS, WORKBOOK_SUFFIXES, Layout, SetPlace, SheetApplicant, SheetError, layout_of
from .sheetpick import picked
from .sheethead import Head, centred_in, centred_styles, head_found, merges_over
from .textfiles import HEAD, not_a_workbook, not_csv_text
from .sheetunit import (Problem, SetInfo, SheetRows, name_in, not_an_applicant, orphan_error, suspect_error,
                        zeros_error)

__all__ = ["Problem", "SheetRows", "SheetSet"]

_NO_ID = Message("no applicant id: this row is not judged", "没有申报人编号：此行不予评定")
# What openpyxl raises for a workbook damaged inside: a part's XML cut short, bad compressed data, a part missing.


def _not_a_workbook(path: Path, exc: Exception) -> Message:
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD)
    except OSError:
        head = b"?"
    return not_a_workbook(head, f"{type(exc).__name__}: {exc}", path.name)


class SheetSet:
    """An HR workbook (.xlsx) or a CSV set (a folder of applicants.csv, education.csv, ...)."""

    def __init__(self, path: str | Path, *, csv: bool) -> None:
        self.path = Path(path)
        self.csv = csv
        self._opened = False
        self._closed = False  # its temporary files given back: read again if its rows are asked for again
        self.problem: Problem | None = None  # the whole set could not be read
        self.layouts: dict[str, Layout] = {}
        self.sources: dict = {}  # sheet -> where its rows are read from (an empty child sheet: none)
        self.place = SetPlace(str(self.path), csv, {})
        self.label = str(self.path)
        self._scan: Scan | None = None
        # sheet -> its rows whose id is a formula with no value saved (row -> Unsaved): their error says so
        self.unsaved_ids: dict[str, dict] = {sheet: {} for sheet in SHEETS}
        self.hidden: dict[str, list[int]] = {}  # a workbook sheet (as named there) -> its hidden rows, judged too
        self.hidden_columns: dict[str, list[str]] = {}  # ... -> the headers of its hidden columns that are read
        self.unread_sheets: list[tuple[str, str]] = []  # (a sheet not read, the sheet read its name is close to)
        # sheet -> its header's (first) row, the title above it and the header's group headings
        self.titles: dict[str, tuple[int, list[str], tuple[str, ...]]] = {}
        self.over_id: str | None = None  # the group heading over the applicants sheet's id column (基本信息)
        self._problems: list[SheetError] = []  # what spoils the whole set, found so far (_problem)

    @classmethod
    def of_csv(cls, folder: str | Path) -> SheetSet:
        """The CSV set in `folder`."""
        return cls(folder, csv=True)

    @classmethod
    def of_workbook(cls, path: str | Path) -> SheetSet:
        """The workbook at `path`."""
        return cls(path, csv=False)

    # ---- opening: sheets and headers ----

    def read(self) -> SheetSet:
        """Open the set (once): which sheet is which, and their headers; a problem with the set as a whole
        becomes `problem`. Rows are read when asked for (len, units)."""
        if not self._opened:
            self._opened = True
            try:
                self._open_csv() if self.csv else self._open_workbook()
            except SheetError as err:
                self.problem = Problem(self.label, err)
                self.sources = {}
            except OSError as exc:
                if out_of_files(exc):  # said of the set being read, not of a temporary file
                    raise too_many_open_files(self.label, exc) from None
                raise
        return self

    def _whole(self, message: Message, sheet: str | None = None) -> SheetError:
        err = self.place.error(message, sheet, None) if sheet else SheetError(message, file=self.place.book)
        err.csv = self.csv and sheet is not None
        return err

    def _problem(self, err: SheetError) -> None:
        """A problem that spoils the whole set, kept while the rest of its sheets and headers are looked at, so that
        one run says every one (_said)."""
        self._problems.append(err)

    def _said(self) -> None:
        """Raise the set's problems, if any were found: the first, the others after it (errors.several)."""
        if self._problems:
            raise several(self._problems)

    def _pick(self, names: list[str], suffix: str = "", heads=lambda name: ()) -> dict[str, str]:
        """Which sheet each name stands for (sheetpick): a misspelt or misnamed sheet is a problem of the set."""
        return picked(names, suffix, heads, csv=self.csv, whole=self._whole, problem=self._problem,
                      unread=self.unread_sheets)

    def _open_csv(self) -> None:
        try:
            # every name, a folder's, a pipe's or a link's to nothing too: a sheet there is said, not taken as missing
            names = sorted(p.name for p in self.path.iterdir() if p.suffix.lower() == ".csv" and not p.name.startswith("."))
        except OSError as exc:
            raise self._whole(say("cannot read folder: {e}", "无法读取文件夹：{e}", e=exc.strerror or exc)) from None
        chosen = self._pick(names, ".csv", lambda name: csv_head_rows(self.path / name))
        self.place.names.update(chosen)
        if "applicants" in chosen:
            self.label = str(self.path / chosen["applicants"])
        for sheet in SHEETS:
            if sheet in chosen:
                try:  # a sheet's problem spoils the set; the others' headers are looked at all the same
                    self._csv_sheet(sheet, self.path / chosen[sheet])
                except SheetError as err:
                    self._problem(err)
        self._said()

    def _csv_sheet(self, sheet: str, path: Path) -> None:
        """A CSV set's sheet: its encoding, title and header, and where its rows are read from."""
        if not_a_file(path):  # a pipe could be waited on for ever
            raise self._whole(NOT_A_FILE, sheet)
        try:
            # UTF-8, else GB18030 (what Excel writes on Chinese Windows), decided on the whole file.
            encoding = csv_encoding(path)
            header, title = csv_header(path, encoding, sheet) if encoding is not None else (None, [])
        except OSError as exc:  # no permission, a disk error: the set cannot be judged
            if out_of_files(exc):
                raise
            why = say("cannot read file: {e}", "无法读取文件：{e}", e=unreadable(exc)) if path.is_symlink() else \
                cannot_read(exc)  # a link to nothing or in a loop, said so
            raise self._whole(why, sheet) from None
        if encoding is None:  # UTF-16, a zip file, or bytes no text
            with open(path, "rb") as f:
                raise self._whole(not_csv_text(f.read(HEAD)), sheet)
        layout = self._layout(sheet, header, title)
        if layout is not None:
            self.sources[sheet] = CsvRows(path, encoding, layout)

    def _open_workbook(self) -> None:
        if self.path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise self._whole(Message("not an Excel workbook: save it as .xlsx", "不是 Excel 工作簿：请另存为 .xlsx"))
        import openpyxl  # only when a workbook is read: it takes a while to import
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, OSError, *_DAMAGED) as exc:  # not a workbook, or one damaged inside
            if out_of_files(exc):
                raise
            raise self._whole(cannot_read(exc) if isinstance(exc, OSError) else _not_a_workbook(self.path, exc)) from None
        archive = None
        try:
            mark_cjk_dates(book)  # 2019年1月1日 in Chinese Excel's own date format is a date, not 43466
            units, padded, centred = unit_styles(book), padded_styles(book), centred_styles(book)
            # m"月"d"日": a date of no year shown; yyyy-mm: a date on the 1st may be a month typed without its day
            hiding = hidden_styles(book)
            chosen = self._pick(list(book.sheetnames), "", lambda name: book_head_rows(book, name))
            self.place.names.update(chosen)
            archive = zipfile.ZipFile(self.path)  # openpyxl's streaming mode does not give merged cells
            parts = sheet_parts(archive)
            with collector_paused():
                for sheet in SHEETS:
                    if sheet not in chosen:
                        continue
                    part = parts.get(chosen[sheet])
                    # Rows as long as their last cell, not the sheet's dimension: a stray cell at XFD1048576 would
                    # make every row, the million blank ones too, 16,384 cells to look at (hours, for nothing).
                    book[chosen[sheet]].reset_dimensions()
                    merged, hidden, unsaved = scan_part(archive, part) if part in archive.NameToInfo else ([], [], [])
                    values = SheetValues(book[chosen[sheet]], sheet, units, padded, hiding)
                    # a title above the header, and a header's group headings: said, not read
                    head, title, below = head_found(sheet, enumerate(values, 1), merged, values.header,
                                                    centred_in(book[chosen[sheet]], centred))
                    try:  # a sheet's problem spoils the set; the others' headers are looked at all the same
                        layout = self._layout(sheet, head, title, merged)
                    except SheetError as err:
                        self._problem(err)
                    if self._problems:  # the set is not judged: no rows to read
                        continue
                    if hidden := [n for n in hidden if n > (head.last if head else 1)]:
                        self.hidden[chosen[sheet]] = hidden
                    rows = fill(below, merged, unsaved, head.cells if head else (), head.last if head else 0)
                    if layout is not None and (shut := hidden_headers(archive, part, layout, self.place.headers[sheet])):
                        self.hidden_columns[chosen[sheet]] = shut
                    if layout is not None:  # parsed once, onto disk: the scan and the join read it back
                        self.sources[sheet] = Spool(read_rows(layout, rows, unsaved_ids=self.unsaved_ids[sheet]))
            self._said()
        except _DAMAGED as exc:
            self.close()  # a sheet's XML cut short or spoiled inside a sound zip: found only as its rows are read
            raise self._whole(_not_a_workbook(self.path, exc)) from None
        except BaseException:
            self.close()
            raise
        finally:
            book.close()
            if archive is not None:
                archive.close()

    def _layout(self, sheet: str, first: Head | None, title: list[str], merged: list | None = None) -> Layout | None:
        """The layout of a sheet's header (the rows above it, a title, and its group headings: kept for a note);
        None for a child sheet without one (it has no rows)."""
        if first is not None and all(blank(v) for v in first.cells):
            raise self._whole(Message("row 1 must hold the column headers, but it is empty", "第1行应为列名，但它是空的"),
                              sheet)
        if first is None:
            if sheet == "applicants":
                raise self._whole(Message("the applicants sheet is empty", "申报人表是空的"), sheet)
            return None  # an empty child sheet: nobody has rows in it
        self.layouts[sheet] = layout = layout_of(sheet, first.cells, self.place, first.row, first.rows,
                                                 merges_over(first, merged))
        if first.row > 1 or first.groups:
            self.titles[sheet] = (first.row, title, first.groups)
        self.over_id = first.over_id if sheet == "applicants" else self.over_id
        return layout

    def close(self) -> None:
        """Give back the temporary files of a workbook's rows or of a sheet sorted on disk. The scan is kept
        (len); rows asked for again are read again from the set's files."""
        for source in [*self.sources.values(), *(self._scan.children.values() if self._scan else ())]:
            if hasattr(source, "close"):
                source.close()
        self._closed = True

    def _reopened(self) -> None:
        """A set closed, read again from its files, from its headers on, as if it had not been read before (a set
        that could not be read has nothing to read again)."""
        if self._closed and not self.problem:
            self.__init__(self.path, csv=self.csv)

    # ---- the scan ----

    @property
    def applicants(self) -> Iterator[Row]:
        """The rows of the applicants sheet (number, id, cells), read as they are asked for; notes left out."""
        self._reopened()
        return self._applicants(cells=True)

    def _applicants(self, *, cells: bool) -> Iterator[Row]:
        self.read()
        source = self.sources.get("applicants")
        if source is not None:
            for row in source.rows() if cells else source.ids():
                if not (row[1] or "").startswith("#"):  # rows of an example (#E1024) are notes
                    yield row

    def scan(self) -> Scan:
        """The first pass over every sheet (once); see the module's doc."""
        if self._scan is None:
            self._reopened()
        self.read()
        if self._scan is None:
            self._scan = Scan() if self.problem else scanned(self._applicants(cells=False), self.sources)
        return self._scan

    def __len__(self) -> int:
        """How many results the set gives (the scan: every sheet read once, no rows kept)."""
        self.read()
        if self.problem:
            return 1
        scan = self.scan()
        return scan.applicants + len(scan.orphans) + len(scan.strays)

    def count_upto(self, limit: int) -> int:
        """min(len(self), limit), reading no further than needed: a long applicants sheet, only its start."""
        self.read()
        if self.problem:
            return min(1, limit)
        if self._scan is None:
            for seen, _ in enumerate(self._applicants(cells=False), 1):
                if seen >= limit:
                    return limit
        return min(len(self), limit)

    # ---- units ----

    def stream(self) -> Iterator[SheetRows | Problem]:
        """Each applicant in row order as its rows (not yet checked: SheetRows.applicant), then the rows
        that belong to no applicant; then the set's temporary files are given back (close)."""
        self._reopened()
        try:
            yield from self._joined()
        except OSError as exc:
            if out_of_files(exc):  # a CSV sheet's file refused: said of the set
                raise too_many_open_files(self.label, exc) from None
            raise
        finally:
            self.close()

    def _joined(self) -> Iterator[SheetRows | Problem]:
        self.read()
        if self.problem:
            yield self.problem
            return
        scan = self.scan()
        if unsorted := [child for child in scan.children.values() if isinstance(child, SortedRows)]:
            order = places(self._applicants(cells=False))  # the scan found them out of order: sorted now
            for child in unsorted:
                child.sort(order)
            del order
        info = SetInfo(self.label, self.place, self.layouts)
        cursors = [Cursor(scan.children[s].rows(), scan.orphans) if s in scan.children else None
                   for s in SECTIONS]
        header = (self.layouts["applicants"].first, self.layouts["applicants"].row)  # its rows, for a repeat of it
        for number, ident, cells in self.applicants:
            if ident is None:  # the name the row gives is then the only pointer to whose row it is
                yield Problem(self.label, self.place.error(self._no_id("applicants", number), "applicants", number,
                                                           "id", applicant_name=name_in(info, cells)))
                continue
            found = tuple(cursor.take(ident) if cursor else None for cursor in cursors)
            if (err := not_an_applicant(self.place, ident, number, header, self.over_id)) is not None:
                yield Problem(f"{self.label}#{ident}", err)
                continue
            rows = scan.repeated.get(ident)
            if rows is not None:
                others = [str(n) for n in rows if n != number]
                err = self.place.error(say("applicant {i} is also on row{s} {o}: its rows in the other sheets cannot "
                                           "be told apart, so none of them is judged",
                                           "申报人 {i} 也在第{o}行：其他工作表中的行无法区分属于哪一行，均不予评定",
                                           i=repr(ident), o=joined(others, ", ", "、"), s="s"[:len(others) - 1]),
                                       "applicants", number, "id",
                                       # the first row stands for the id: a repeat elsewhere names it
                                       applicant_id=ident if number == rows[0] else None,
                                       applicant_name=name_in(info, cells))  # each row's own
                yield Problem(f"{self.label}#{ident}", err)
                continue
            if (suspect := scan.suspects.get(ident)) is not None or (orphan := scan.zeros.get(ident)) is not None:
                yield Problem(f"{self.label}#{ident}", suspect_error(self.place, ident, *suspect, name=name_in(info, cells))
                              if suspect else zeros_error(self.place, ident, orphan, *scan.orphans[orphan],
                                                          name=name_in(info, cells)))
                continue
            yield SheetRows(info, number, ident, cells, found)
        for ident, (sheet, number, total) in scan.orphans.items():
            yield Problem(f"{self._label_of(sheet)}#{ident}",
                          orphan_error(self.place, ident, sheet, number, total, scan.repeated,
                                       [i for i, o in scan.zeros.items() if o == ident]))
        for sheet, number in scan.strays:
            yield Problem(self._label_of(sheet), self.place.error(self._no_id(sheet, number), sheet, number, "id"))
        for sheet, source in self.sources.items():  # read twice: the scan must have seen these rows
            if isinstance(source, CsvRows) and source.changed():  # its file names it: no sheet's place after it
                file = self._label_of(sheet)
                yield Problem(file, SheetError(Message(
                    "changed while it was being read: its applicants' results may be wrong; check the set again",
                    "读取期间文件被修改：其中申报人的结果可能有误，请重新检查整套表格"), file=file))

    def _no_id(self, sheet: str, number: int) -> Message:
        """The error of a row without an id: one whose id is a formula with no value saved, or under a merge, says so."""
        formula = self.unsaved_ids[sheet].get(number)
        if formula is None:
            return _NO_ID
        problem = cell_unread(formula).args[0]
        return say("{problem}; this row is not judged", "{problem}；此行不予评定", problem=problem)

    def units(self) -> Iterator[SheetApplicant | Problem]:
        """Each applicant in row order (its data checked cell by cell), then rows that belong to no applicant."""
        for unit in self.stream():
            if isinstance(unit, SheetRows):
                try:
                    yield unit.applicant()
                except SheetError as err:
                    yield Problem(unit.file, err)
            else:
                yield unit

    def _label_of(self, sheet: str) -> str:
        return str(self.path / self.place.names[sheet]) if self.csv else self.label
