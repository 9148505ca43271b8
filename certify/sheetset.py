"""A workbook or a CSV set, read once: one SheetApplicant per applicants row, and each problem by place.

The child sheets (education, employment, projects) are read first and held as
compact tuples grouped by applicant id; the applicants sheet is held the same way
so that the batch's length is known before judging starts (for the progress bar).
Each applicant's rows are taken out of the groups as its unit is made, so memory
shrinks as the batch goes. What is left over at the end belongs to no applicant.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import did_you_mean
from .sheets import (SECTIONS, SHEET_ZH, SHEETS, WORKBOOK_SUFFIXES, CellProblem, Layout, SetPlace, SheetApplicant,
                     SheetError, blank, cell_value, column_letter, csv_rows, layout_of, read_rows, sheet_of)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a spreadsheet that cannot be judged: its result `file` and the error."""

    file: str
    error: SheetError


Row = tuple  # (row number, cell, cell, ...)


class SheetSet:
    """An HR workbook (.xlsx) or a CSV set (a folder of applicants.csv, education.csv, ...)."""

    def __init__(self, path: str | Path, *, csv: bool) -> None:
        self.path = Path(path)
        self.csv = csv
        self._read = False
        self.problem: Problem | None = None  # the whole set could not be read
        self.layouts: dict[str, Layout] = {}
        self.applicants: list[tuple[int, str | None, tuple]] = []
        self.children: dict[str, dict[str, list[Row]]] = {s: {} for s in SECTIONS}
        self.strays: list[tuple[str, int]] = []  # child rows without an applicant id
        self.place = SetPlace(str(self.path), csv, {})
        self.label = str(self.path)

    @classmethod
    def of_csv(cls, folder: str | Path) -> SheetSet:
        """The CSV set in `folder`."""
        return cls(folder, csv=True)

    @classmethod
    def of_workbook(cls, path: str | Path) -> SheetSet:
        """The workbook at `path`."""
        return cls(path, csv=False)

    # ---- reading ----

    def read(self) -> SheetSet:
        """Read every sheet (once); a problem with the set as a whole becomes `problem`."""
        if not self._read:
            self._read = True
            try:
                self._read_csv() if self.csv else self._read_workbook()
            except SheetError as err:
                self.problem = Problem(self.label, err)
                self.applicants, self.children, self.strays = [], {s: {} for s in SECTIONS}, []
        return self

    def _whole(self, message: str, sheet: str | None = None) -> SheetError:
        err = self.place.error(message, sheet, None) if sheet else SheetError(message, file=self.place.book)
        err.csv = self.csv and sheet is not None
        return err

    def _pick(self, names: list[str], suffix: str = "") -> dict[str, str]:
        """Which sheet each name stands for; a misspelt sheet name is an error, not a sheet left out."""
        chosen: dict[str, str] = {}
        for name in names:
            sheet = sheet_of(name[: -len(suffix)] if suffix else name)
            if sheet is None:
                continue
            if sheet in chosen:
                raise self._whole(f"two sheets are the {sheet} sheet: {chosen[sheet]} and {name}")
            chosen[sheet] = name
        for name in names:
            stem = name[: -len(suffix)] if suffix else name
            if sheet_of(stem) is None:
                missing = [s for s in SHEETS if s not in chosen]
                hint = did_you_mean(stem.lower(), missing + [SHEET_ZH[s] for s in missing])
                if hint:
                    raise self._whole(f"sheet {name!r} is not one certify reads (did you mean '{hint}{suffix}'?)")
        if "applicants" not in chosen:
            what = "applicants.csv (or 申报人.csv) beside" if self.csv else "an applicants (申报人) sheet in"
            raise self._whole(f"no {what} it: nothing in this set was judged")
        return chosen

    def _read_csv(self) -> None:
        names = sorted(p.name for p in self.path.iterdir()
                       if p.is_file() and p.suffix.lower() == ".csv" and not p.name.startswith("."))
        chosen = self._pick(names, ".csv")
        self.place.names.update(chosen)
        self.label = str(self.path / chosen["applicants"])
        for sheet in SHEETS:
            if sheet in chosen:
                self._read_csv_sheet(sheet, self.path / chosen[sheet])

    def _read_csv_sheet(self, sheet: str, path: Path) -> None:
        # Collected whole, so that a file that is not UTF-8 can be read again as GB18030
        # (what Excel writes on Chinese Windows) without keeping half of it.
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                self._take(sheet, csv_rows(path, encoding))
                return
            except UnicodeDecodeError:
                # Start this sheet again: forget what the first attempt collected from it.
                if sheet == "applicants":
                    self.applicants = []
                else:
                    self.children[sheet] = {}
                self.strays = [s for s in self.strays if s[0] != sheet]
        raise self._whole("not UTF-8 or GB18030 text", sheet)  # pragma: no cover - GB18030 decodes almost anything

    def _read_workbook(self) -> None:
        if self.path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise self._whole("not an Excel workbook: save it as .xlsx")
        import openpyxl  # only when a workbook is read: it takes a while to import
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
            raise self._whole(f"cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})") from None
        try:
            chosen = self._pick(list(book.sheetnames))
            self.place.names.update(chosen)
            for sheet in SHEETS:
                if sheet in chosen:
                    self._take(sheet, enumerate(book[chosen[sheet]].iter_rows(values_only=True), 1))
        finally:
            book.close()

    def _take(self, sheet: str, rows: Iterator[tuple[int, tuple]]) -> None:
        first = next(rows, None)
        if first is not None and all(blank(v) for v in first[1]):
            raise self._whole("row 1 must hold the column headers, but it is empty", sheet)
        if first is None:
            if sheet == "applicants":
                raise self._whole("the applicants sheet is empty", sheet)
            return  # an empty child sheet: nobody has rows in it
        layout = self.layouts[sheet] = layout_of(sheet, tuple(first[1]), self.place)
        if sheet == "applicants":
            self.applicants = [r for r in read_rows(layout, rows) if not (r[1] or "").startswith("#")]
            return
        groups = self.children[sheet] = {}
        for number, ident, cells in read_rows(layout, rows):
            if ident is None:
                self.strays.append((sheet, number))
            elif not ident.startswith("#"):  # rows of an example (#E1024) are notes
                groups.setdefault(ident, []).append((number, *cells))

    # ---- units ----

    def _orphans(self) -> list[str]:
        known = {ident for _, ident, _ in self.applicants}
        seen: dict[str, None] = {}
        for section in SECTIONS:
            for ident in self.children[section]:
                if ident not in known:
                    seen.setdefault(ident)
        return list(seen)

    def __len__(self) -> int:
        self.read()
        if self.problem:
            return 1
        return len(self.applicants) + len(self._orphans()) + len(self.strays)

    def units(self) -> Iterator[SheetApplicant | Problem]:
        """Each applicant in row order, then rows that belong to no applicant."""
        self.read()
        if self.problem:
            yield self.problem
            return
        orphans = self._orphans()
        counts = Counter(ident for _, ident, _ in self.applicants)
        rows_of = {}
        for number, ident, _ in self.applicants:
            rows_of.setdefault(ident, []).append(number)
        applicants, self.applicants = self.applicants, []  # given away as we go
        for number, ident, cells in applicants:
            if ident is None:
                yield Problem(self.label, self.place.error("no applicant id: this row is not judged",
                                                           "applicants", number, "id"))
                continue
            found = {s: self.children[s].pop(ident, None) for s in SECTIONS}
            if counts[ident] > 1:
                others = ", ".join(str(n) for n in rows_of[ident] if n != number)
                err = self.place.error(f"applicant {ident!r} is also on row {others}: its rows in the other "
                                       "sheets cannot be told apart, so none of them is judged",
                                       "applicants", number, "id",
                                       # the first row stands for the id: a repeat elsewhere names it
                                       applicant_id=ident if number == rows_of[ident][0] else None)
                yield Problem(f"{self.label}#{ident}", err)
                continue
            try:
                yield self._unit(number, ident, cells, found)
            except SheetError as err:
                yield Problem(f"{self.label}#{ident}", err)
        for ident in orphans:
            yield self._orphan(ident)
        for sheet, number in self.strays:
            yield Problem(self._label_of(sheet), self.place.error("no applicant id: this row is not judged",
                                                                  sheet, number, "id"))

    def _label_of(self, sheet: str) -> str:
        return str(self.path / self.place.names[sheet]) if self.csv else self.label

    def _orphan(self, ident: str) -> Problem:
        where = [(s, self.children[s].pop(ident)) for s in SECTIONS if ident in self.children[s]]
        sheet, rows = where[0]
        total = sum(len(r) for _, r in where)
        what = "its row is" if total == 1 else f"its {total} rows are"
        message = f"applicant {ident!r} is not in the applicants sheet: {what} not judged"
        return Problem(f"{self._label_of(sheet)}#{ident}",
                       self.place.error(message, sheet, rows[0][0], "id", applicant_id=ident))

    def _cells(self, sheet: str, number: int, cells: tuple, ident: str) -> dict:
        """The cells of one row as dossier-v1 keys and values (empty cells left out)."""
        layout = self.layouts[sheet]
        out: dict = {}
        for (_, col), value in zip(layout.columns, cells):
            if value is None:
                continue
            try:
                out[col.key] = cell_value(col.kind, value)
            except CellProblem as problem:
                raise self.place.error(str(problem), sheet, number, col.key, applicant_id=ident) from None
        for index, value in zip(layout.unnamed, cells[len(layout.columns):]):
            if not blank(value):
                raise self.place.error("a value in a column without a header (give the column a header, "
                                       "or begin one with # to keep it as a note)", sheet, number,
                                       column=column_letter(index), applicant_id=ident)
        return out

    def _unit(self, number: int, ident: str, cells: tuple, found: dict) -> SheetApplicant:
        values = self._cells("applicants", number, cells, ident)
        data: dict = {"applicant": {"id": ident}}
        rows: dict[str, tuple[int, ...]] = {"applicants": (number,)}
        for key, value in values.items():
            if key == "as_of":
                data["as_of"] = value
            elif not key.endswith("_rows"):
                data["applicant"][key] = value
        for section in SECTIONS:
            items = found[section] or []
            declared = values.get(f"{section}_rows")
            if declared is not None and declared != len(items):
                have = f"has {len(items)}" if items else "has none"
                raise self.place.error(f"says {declared}, but the {section} sheet {have} for {ident!r}",
                                       "applicants", number, f"{section}_rows", applicant_id=ident)
            if items or declared == 0:
                # Rows given, or none declared: the section is known. No rows and nothing
                # declared: the section is absent, and what needs it is for review.
                data[section] = [self._cells(section, row[0], row[1:], ident) for row in items]
                rows[section] = tuple(row[0] for row in items)
        return SheetApplicant(f"{self.label}#{ident}", ident, data, self.place, rows)
