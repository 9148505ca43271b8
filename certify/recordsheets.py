"""Spreadsheet applicants as decision records name them: where one came from, and each spreadsheet read again
once for all the records of a run (SheetSources), as `certify check` reads it.

`certify verify` and `certify show` come to an applicant when its record comes, in the records' order, not the
sheet's; a spreadsheet's applicants are read as a stream, once, and each is pickled to a temporary file as it
comes (SpooledApplicants), only its id and where it is in that file kept in memory; an applicant is read back
from there when a record asks for it. Holding every applicant instead took about 5.7 KB of memory each (625 MB
for the records of 100,000). The recorder (`certify check --record`) needs only each applicant's data's
sha256, and keeps those.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from .errors import out_of_files, too_many_open_files
from .load import cannot_read
from .scratch import temporary_file
from .sheets import SetPlace, SheetApplicant, SheetError, data_sha256
from .sheetset import SheetSet


def sha256_of(path: str | Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True, slots=True)
class SheetOrigin:
    """Where a spreadsheet applicant came from: a workbook or a CSV set's folder, and its id."""

    source: str  # the workbook, or the CSV set's folder, as given
    csv: bool
    applicant_id: str


def sheet_origin(file: str | None, applicant_id: str) -> SheetOrigin | None:
    """The spreadsheet a verdict's `file` names (cycle.xlsx#E1024, hr/applicants.csv#E1024); None for a file."""
    suffix = f"#{applicant_id}"
    if not file or not file.endswith(suffix) or Path(file).is_file():
        return None
    where = Path(file[: -len(suffix)])
    if where.suffix.lower() == ".csv":  # a CSV set's result is named by its applicants sheet
        return SheetOrigin(str(where.parent), True, applicant_id)
    return SheetOrigin(str(where), where.is_dir(), applicant_id)


class _Kept:
    """The one temporary file the spreadsheets of a SheetSources keep their applicants in (unnamed: gone with
    this object, or when the process ends), made when the first is kept. A set's place (SetPlace: its sheets' names
    and headers), which every applicant of it refers to, is pickled once, not with each applicant."""

    def __init__(self) -> None:
        self.file = None
        self._places: list[SetPlace] = []
        self._numbers: dict[int, int] = {}  # id() of a place -> its number in _places (which keeps it alive)

    def _place_number(self, obj) -> int | None:
        if type(obj) is not SetPlace:
            return None
        number = self._numbers.get(id(obj))
        if number is None:
            number = self._numbers[id(obj)] = len(self._places)
            self._places.append(obj)
        return number

    def put(self, entry) -> int:
        """Pickle `entry` at the end of the file; where it starts."""
        if self.file is None:
            self.file = temporary_file("certify-applicants-")
        self.file.seek(0, os.SEEK_END)
        offset = self.file.tell()
        pickler = pickle.Pickler(self.file, pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = self._place_number
        pickler.dump(entry)
        return offset

    def get(self, offset: int):
        self.file.seek(offset)
        unpickler = pickle.Unpickler(self.file)
        unpickler.persistent_load = self._places.__getitem__
        return unpickler.load()


class _NotKept(Exception):
    """An applicant that could not be put into the temporary file (the OSError why)."""


class SpooledApplicants:
    """A spreadsheet's applicants by id, kept in a temporary file (_Kept): each read back when asked for, a new
    object each time, held only as long as whoever asked holds it."""

    def __init__(self, kept: _Kept, source: Path) -> None:
        self._kept, self._source = kept, source  # the set, named where its applicants cannot be kept
        self._at: dict[str, int] = {}  # id -> where its entry starts in the file

    def setdefault(self, ident: str, entry) -> None:
        """Keep `entry` as `ident`'s, unless an entry was kept for it before (the first stands, as a dict's)."""
        if ident in self._at:
            return
        try:
            self._at[ident] = self._kept.put(entry)
        except OSError as e:  # no temporary file to be had, or the disk it is on full: said of the set (read_sheets)
            if out_of_files(e):
                raise too_many_open_files(self._source, e) from None
            raise _NotKept(e) from None

    def get(self, ident: str, default=None):
        at = self._at.get(ident)
        return default if at is None else self._kept.get(at)


@dataclass(slots=True)
class SheetRead:
    """A spreadsheet as read for records: its files' sha256, and each applicant by id."""

    files: dict[str, str]  # file name (the workbook's; the CSV set's sheet files) -> sha256
    # id -> its SheetApplicant (kept in a temporary file: SpooledApplicants) or only the sha256 of its data (a
    # dict), or the SheetError that spoils its rows
    applicants: SpooledApplicants | dict[str, str | SheetError]
    problem: SheetError | None = None  # the whole set could not be read


def read_sheets(source: Path, csv: bool, *, keep: _Kept | None = None) -> SheetRead | None:
    """Read a workbook or CSV set as `certify check` does; None when it is not there. Each applicant is put
    into `keep`, if given, else only the sha256 of its data is kept."""
    if not (source.is_dir() if csv else source.is_file()):
        return None
    sheet = SheetSet(source, csv=csv)
    try:
        sheet.read()
        names = sorted(set(sheet.place.names.values())) if csv else [source.name]
        files = {name: sha256_of(source / name if csv else source) for name in names}
    except OSError as e:  # not to be opened: why, as check says it (a CSV set's sheet named), in Chinese too
        return SheetRead({}, {}, sheet.problem.error if sheet.problem else SheetError(cannot_read(e), file=str(source)))
    if sheet.problem:
        return SheetRead(files, {}, sheet.problem.error)
    known = {ident for _, ident, _ in sheet.applicants if ident is not None}
    found = SpooledApplicants(keep, source) if keep is not None else {}
    try:
        for unit in sheet.units():
            if isinstance(unit, SheetApplicant):
                found.setdefault(unit.id, unit if keep is not None else data_sha256(unit.data))
            elif unit.error.applicant_id in known:  # its rows cannot be read (rows of no applicant are not it)
                found.setdefault(unit.error.applicant_id, unit.error)
    except _NotKept as e:  # the set is not read for its records: said for each, as a set that cannot be opened is
        return SheetRead(files, {}, SheetError(e.args[0].strerror, file=str(source)))  # a ScratchError's words
    return SheetRead(files, found)


class SheetSources:
    """Spreadsheets read once each (by kind and real path) for all the records of one run; `keep_data`: each
    applicant kept (in a temporary file: SpooledApplicants), else only the sha256 of its data."""

    def __init__(self, *, keep_data: bool = True) -> None:
        self._kept = _Kept() if keep_data else None
        self._read: dict[tuple[bool, str], SheetRead | None] = {}

    def read(self, origin: SheetOrigin) -> SheetRead | None:
        key = (origin.csv, os.path.realpath(origin.source))
        if key not in self._read:
            self._read[key] = read_sheets(Path(origin.source), origin.csv, keep=self._kept)
        return self._read[key]
