"""The scan: the first pass over a workbook or CSV set, before its first applicant is given out.

It reads every sheet once, by id alone, and keeps only what must be known first (Scan):
how many results the set gives, ids on more than one applicants row, ids of no
applicant, rows without an id, and which child sheets are not in the order of the
applicants sheet. Such a sheet is sorted into that order on disk when the set is read
for its applicants (sheetrows.SortedRows.sort), not during the scan: a batch counted
up front (its progress bar, its chunks) holds no file open for a set not yet read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .sheetrows import Row, SortedRows
from .sheets import SECTIONS


@dataclass(slots=True)
class Scan:
    """What the first pass over a set found; small unless the set is full of problems."""

    applicants: int = 0  # units the applicants sheet gives (its rows, but notes)
    repeated: dict[str, list[int]] = field(default_factory=dict)  # id -> its applicants rows, if more than one
    orphans: dict[str, list] = field(default_factory=dict)  # id of no applicant -> [sheet, first row, rows]
    strays: list[tuple[str, int]] = field(default_factory=list)  # child rows without an id, below no applicant's
    suspects: dict[str, list] = field(default_factory=dict)  # id -> [sheet, first row, rows] without an id below its
    # child sheet -> its rows in applicants order: the sheet's own source, or a SortedRows (sorted when read)
    children: dict = field(default_factory=dict)
    # id (00123, E1024) -> an id of no applicant that is it with other leading zeros (123) or in other case (e1024)
    zeros: dict[str, str] = field(default_factory=dict)


def places(applicants: Iterable[Row]) -> dict[str, int]:
    """Each applicant id -> its (first) row in the applicants sheet (`applicants`: its rows, notes left out)."""
    place: dict[str, int] = {}
    for number, ident, _ in applicants:
        if ident is not None:
            place.setdefault(ident, number)
    return place


def scanned(applicants: Iterable[Row], sources: dict) -> Scan:
    """The scan of a set whose applicants sheet gives `applicants` (ids only, notes left out) and whose sheets
    are read from `sources` (sheet -> its rows' source)."""
    scan = Scan()
    place: dict[str, int] = {}  # id -> its (first) row in the applicants sheet, while the scan runs
    for number, ident, _ in applicants:
        scan.applicants += 1
        if ident is not None and (first := place.setdefault(ident, number)) != number:
            scan.repeated.setdefault(ident, [first]).append(number)
    for sheet in SECTIONS:
        source = sources.get(sheet)
        if source is None:
            continue
        last, ordered = 0, True
        above = None  # the id of the nearest row above that has one
        for number, ident, _ in source.ids():
            if ident is None:
                _stray(scan, sheet, number, above if above in place else None)
                continue
            above = ident
            if ident.startswith("#"):  # rows of an example are notes
                continue
            elif (at := place.get(ident)) is None:
                if (orphan := scan.orphans.get(ident)) is None:
                    scan.orphans[ident] = [sheet, number, 1]
                else:
                    orphan[2] += 1
            elif at < last:
                ordered = False
            else:
                last = at
        scan.children[sheet] = source if ordered else SortedRows(source)
    if digits := [ident for ident in scan.orphans if ident.isascii() and ident.isdigit()]:
        _unpadded(scan, digits, place)
    if cased := [ident for ident in scan.orphans if ident.lower() != ident.upper()]:
        _cased(scan, cased, place)
    return scan


def _cased(scan: Scan, cased: list[str], place: dict[str, int]) -> None:
    """The applicants whose id (E1024) differs from an id of no applicant (e1024) only in upper and lower case, as
    an id typed with Caps Lock, or without Shift, does: its rows may be theirs, and judged without them an applicant
    could fail for rows lost on the way, so such an applicant is not judged, as for leading zeros (_unpadded)."""
    folded: dict[str, list[str]] = {}
    for ident in place:
        folded.setdefault(ident.casefold(), []).append(ident)
    for orphan in cased:
        for ident in folded.get(orphan.casefold(), ()):
            scan.zeros[ident] = orphan


def _unpadded(scan: Scan, digits: list[str], place: dict[str, int]) -> None:
    """The applicants whose id (00123) differs from an id of no applicant (123) only in leading zeros, which Excel
    drops from an id typed as a number (in a child sheet, or in the applicants sheet: 123 and rows of 00123): its rows
    may be theirs, and judged without them an applicant could fail for rows lost on the way, so such an applicant is
    not judged (never one of two, 0123 and 00123: each is)."""
    padded: dict[str, list[str]] = {}
    for ident in place:
        if ident.isascii() and ident.isdigit():
            padded.setdefault(ident.lstrip("0"), []).append(ident)
    for orphan in digits:
        for ident in padded.get(orphan.lstrip("0"), ()):
            scan.zeros[ident] = orphan


def _stray(scan: Scan, sheet: str, number: int, above: str | None) -> None:
    """A child row without an id. Below an applicant's rows it may well be one of theirs (an id left out,
    or a merged id cell the sheet was not read with): judged without it, the applicant could fail for a
    row lost on the way, so the applicant is not judged. Elsewhere it is an error row of its own."""
    if above is None:
        scan.strays.append((sheet, number))
    elif (suspect := scan.suspects.get(above)) is None:
        scan.suspects[above] = [sheet, number, 1]
    else:
        suspect[2] += 1
