"""One spreadsheet applicant's rows, and how they become dossier-v1 data (a SheetApplicant).

A SheetRows is what a sheet set gives out: the applicants row and the applicant's
rows of each child sheet as read (compact tuples of cells), with the set's layouts.
It is small to send to a worker process, and it is checked cell by cell where it is
judged (`read`), so that the process reading the sheets does not do it for all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from .careerdates import shown_as_a_date
from .cells import CellProblem, Unsaved, blank, cell_value, end_problem, unsaved
from .errors import Message, joined, say
from .sheetcheck import spoiled
from .sheets import (SECTIONS, SHEET_ZH, Layout, SetPlace, SheetApplicant, SheetError, column_letter, header_key,
                     name_shown, totals_word)
from .sheettitle import repeats_header


_ROW_OF = {"education": Message("degree", "学历"), "employment": Message("job", "工作经历"),
           "projects": Message("project", "项目")}


def suspect_error(place: SetPlace, ident: str, sheet: str, number: int, total: int, *,
                  name: str | None = None) -> SheetError:
    """The error of an applicant with `total` rows without an id below its rows in `sheet`, the first at `number`:
    one of them may be the applicant's, so the applicant is not judged (sheetset.Scan.suspects)."""
    more = "" if total == 1 else say(" (and {n} more such row{s} below)", "（下面还有 {n} 行这样的行）",
                                     n=total - 1, s="s" if total > 2 else "")
    return place.error(say("no applicant id, below {i}'s rows: it may be {i}'s {what}, so {i} is not judged "
                           "without it{more}; write the id on every row",
                           "没有申报人编号，位于 {i} 的行之下：可能是 {i} 的{what}，因此 {i} 不予评定{more}；"
                           "请在每一行填写编号", i=ident, what=_ROW_OF[sheet], more=more),
                       sheet, number, "id", applicant_id=ident, applicant_name=name)


def zeros_error(place: SetPlace, ident: str, orphan: str, sheet: str, number: int, total: int, *,
                name: str | None = None) -> SheetError:
    """The error of an applicant (00123) whose id `total` rows of `sheet` give with other leading zeros (123), or in
    other case (E1024, e1024), the first at `number`: they may be its rows, so it is not judged (sheetscan.Scan.zeros)."""
    what = Message("its row", "该行") if total == 1 else say("its {n} rows", "这 {n} 行", n=total)
    if not orphan.isdigit():  # other case
        return place.error(say("{o} and {i} differ only in upper and lower case: {what} may be {p}'s, so {p} is not "
                               "judged without {it}; write the id the same way on every row",
                               "{o} 与 {i} 只差大小写：{what}可能属于 {p}，因此 {p} 不予评定；请在每一行把编号写成一样",
                               o=repr(orphan), i=repr(ident), p=ident, what=what, it="it" if total == 1 else "them"),
                           sheet, number, "id", applicant_id=ident, applicant_name=name)
    return place.error(say("{o} and {i} differ only in leading zeros (Excel drops them from an id typed as a number): "
                           "{what} may be {p}'s, so {p} is not judged without {it}; type the id as text, the same on "
                           "every row", "{o} 与 {i} 只差开头的 0（编号按数字输入时 Excel 会去掉开头的 0）：{what}可能属于 {p}，"
                           "因此 {p} 不予评定；请在每一行把编号按文本填写，写法一致", o=repr(orphan), i=repr(ident), p=ident,
                           what=what, it="it" if total == 1 else "them"),
                       sheet, number, "id", applicant_id=ident, applicant_name=name)


def orphan_error(place: SetPlace, ident: str, sheet: str, number: int, total: int,
                 repeated: dict[str, list[int]], padded: list[str] = ()) -> SheetError:
    """The error of `total` rows of `sheet` (the first at `number`) whose id the applicants sheet lacks. When
    that sheet gives some id on two rows or more (`repeated`: id -> its rows), it asks whether one of those rows
    is this id's: an id copied onto the next applicant's row, HR's usual slip, shows as both errors, and the
    fix is made on one of those rows."""
    what = Message("its row is", "该行") if total == 1 else say("its {n} rows are", "这 {n} 行", n=total)
    twice = Message("", "")
    if repeated:
        given = [say("{i} on rows {r}", "{i} 出现在第{r}行", i=repr(i), r=joined(map(str, rows), ", ", "、"))
                 for i, rows in list(repeated.items())[:3]]
        twice = say(" (the applicants sheet gives {g}: is one of those rows {i}?)",
                    "（申报人表中 {g}：其中是否有一行应为 {i}？）", g=joined(given, "; ", "；"), i=repr(ident))
    if padded:
        twice = (say("{t} (is it {p}? they differ only in leading zeros)", "{t}（是否为 {p}？两者只差开头的 0）", t=twice,
                     p=joined([repr(p) for p in padded], " or ", " 或 ")) if ident.isdigit() else
                 say("{t} (is it {p}? they differ only in upper and lower case)", "{t}（是否为 {p}？两者只差大小写）",
                     t=twice, p=joined([repr(p) for p in padded], " or ", " 或 ")))
    return place.error(say("applicant {i} is not in the applicants sheet: {what} not judged{twice}",
                           "申报人 {i} 不在申报人表中：{what}不予评定{twice}", i=repr(ident), what=what, twice=twice),
                       sheet, number, "id", applicant_id=ident)


def not_an_applicant(place: SetPlace, ident: str, number: int, header: tuple[int, int],
                     over_id: str | None = None) -> SheetError | None:
    """The error of an applicants row that is no applicant, though it has an id: a totals row (合计), or the
    headers repeated further down (blocks pasted one under another), which judged would be one more applicant
    who qualifies for nothing. None for any other row. `header`: the header's first and last rows; `over_id`:
    the group heading over its id column (基本信息), the id the upper row of the header repeated has."""
    if totals_word(ident):
        what = say("{i} is a totals row", "{i} 是合计行", i=repr(ident))
    elif repeats_header("applicants", ident) or (over_id is not None and header_key(ident) == header_key(over_id)):
        first, last = header
        what = say("{i} repeats the header (row{s} {h})", "{i} 是重复的列名行（第{h}行）", i=repr(ident),
                   h=f"{first}-{last}" if last > first else f"{last}", s="s" if last > first else "")
    else:
        return None
    return place.error(say("{what}, not an applicant: delete the row, or begin its id with # to keep it as a note; "
                           "it is not judged", "{what}，不是申报人：请删除该行，或在编号前加 # 作为备注；此行不予评定",
                           what=what), "applicants", number, "id")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a spreadsheet that cannot be judged: its result `file` and the error."""

    file: str
    error: SheetError


@dataclass(frozen=True, slots=True)
class SetInfo:
    """What the rows of any applicant of one set need to become data: its label, place and layouts."""

    label: str  # the workbook, or the CSV set's applicants file
    place: SetPlace
    layouts: dict[str, Layout]


@dataclass(frozen=True, slots=True)
class SheetRows:
    """An applicant's rows, not yet checked: the applicants row and, per section, its rows or None."""

    info: SetInfo  # one object for the whole set: pickled once for a chunk of applicants
    number: int  # its row in the applicants sheet
    id: str
    cells: tuple
    found: tuple  # per SECTIONS: [(row number, cell, ...), ...], or None when the sheet has none of its rows

    def __reduce__(self):
        return SheetRows, (self.info, self.number, self.id, self.cells, self.found)

    @property
    def file(self) -> str:
        return f"{self.info.label}#{self.id}"

    def applicant(self) -> SheetApplicant:
        """The applicant as dossier-v1 data; cells that cannot be read raise a SheetError at the first of them in
        sheet order (the others in its `more`, and the applicant as read in its `unit`: sheetcheck.dossier_of says
        the dossier-v1 problems of the rest), naming the applicant where its name cell reads."""
        unit = self.read()
        if unit.unread:
            err = spoiled(unit, unit.unread, unit.name)
            err.unit = unit
            raise err
        return unit

    def read(self) -> SheetApplicant:
        """The applicant as dossier-v1 data, with the cells that cannot be read left out of it and said in its
        `unread` (sheetcheck.dossier_of raises them with the dossier-v1 problems of the rest)."""
        ident, number, bad = self.id, self.number, []
        values = _cells(self.info, "applicants", number, self.cells, ident, bad)
        data: dict = {"applicant": {"id": ident}}
        rows: dict[str, tuple[int, ...]] = {"applicants": (number,)}
        for key, value in values.items():
            if key == "as_of":
                data["as_of"] = value
            elif not key.endswith("_rows"):
                data["applicant"][key] = value
        for section, items in zip(SECTIONS, self.found):
            items = items or []
            declared = values.get(f"{section}_rows")
            if declared is not None and declared != len(items):
                have = (say("has {n}", "有 {n} 行", n=len(items)) if items else Message("has none", "一行也没有"))
                bad.append(self.info.place.error(say("says {d}, but the {s} sheet {have} for {i}",
                                                     "填写为 {d}，但{s}表中 {i} {have}", d=declared,
                                                     s=Message(section, SHEET_ZH[section]), have=have, i=repr(ident)),
                                                 "applicants", number, f"{section}_rows", applicant_id=ident))
            if items or declared == 0:
                # Rows given, or none declared: the section is known. No rows and nothing
                # declared: the section is absent, and what needs it is for review.
                data[section] = [_named(self.info, section, row[0], _cells(self.info, section, row[0], row[1:], ident,
                                                                     bad), values.get("name"), ident, bad)
                                 for row in items]
                rows[section] = tuple(row[0] for row in items)
        return SheetApplicant(self.file, ident, data, self.info.place, rows, tuple(sorted(bad, key=lambda p: p.at)))


def _named(info: SetInfo, sheet: str, number: int, out: dict, name: object, ident: str, bad: list) -> dict:
    """A child row's cells without the applicant's name its sheet may give beside the id (sheets._name): a name
    not the applicants sheet's for that id is a problem at its cell (the row may be under the wrong id)."""
    given = out.pop("applicant_name", None)
    if given is not None and isinstance(name, str) and _same_name(given) != _same_name(name):
        bad.append(info.place.error(say("{g} is not the name the applicants sheet gives {i} ({n}): is this row's id "
                                        "right?", "{g} 不是申报人表中 {i} 的姓名（{n}）：这一行的编号是否填错？",
                                        g=repr(given), i=repr(ident), n=repr(name)),
                                    sheet, number, "applicant_name", applicant_id=ident))
    return out


def _same_name(text: object) -> str:
    """A name as compared: spaces (王 芳, 王　芳) and full-width forms do not matter."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def name_in(info: SetInfo, cells: tuple) -> str | None:
    """The name an applicants row gives, to show beside an error about it: None when it has none, or when its
    cell is what cannot be read."""
    for (_, col), value in zip(info.layouts["applicants"].columns, cells):
        if col.key == "name":
            try:
                return None if value is None else name_shown(cell_value(col.kind, value))
            except CellProblem:
                return None
    return None


NO_HEADER = Message("a value in a column without a header (give the column a header, or begin one with # to keep it "
                    "as a note)", "没有列名的列中有值（请给该列加列名，或以 # 开头的列名作为备注）")
PAST_THE_HEADER = Message("a value past the last column of the header (more cells in this row than the header has: a "
                          "comma too many?)", "值超出了列名行的最后一列（这一行的单元格比列名多：多了一个逗号？）")


def _no_header(layout, index: int) -> Message:
    """A value in a column without a header: said with the merged header cells that hid its header, if any."""
    merge = layout.merge_over(index)
    return say("a value in a column without a header: {m}", "没有列名的列中有值：{m}", m=merge) if merge else NO_HEADER


def _cells(info: SetInfo, sheet: str, number: int, cells: tuple, ident: str, bad: list[SheetError]) -> dict:
    """The cells of one row as dossier-v1 keys and values (empty cells left out); a cell that cannot be read is
    left out too, and its problem added to `bad`."""
    layout = info.layouts[sheet]
    out: dict = {}
    for (index, col), value in zip(layout.columns, cells):
        if value is None:
            continue
        try:
            out[col.key] = cell_value(col.kind, value)
            if type(value) is datetime and (said := shown_as_a_date(value.date())):  # the number 3: 1900-01-03
                raise CellProblem(said)
        except CellProblem as problem:
            problem = end_problem(value, problem) if col.key == "end" else problem
            bad.append(info.place.error(problem.args[0], sheet, number, col.key, applicant_id=ident, index=index))
    for index, value in zip(layout.unnamed, cells[len(layout.columns):]):
        if type(value) is Unsaved:  # whatever it computes to, it cannot be read: that comes first
            bad.append(info.place.error(unsaved(value).args[0], sheet, number, column=column_letter(index),
                                        applicant_id=ident, index=index))
        elif not blank(value):
            bad.append(info.place.error(_no_header(layout, index), sheet, number, column=column_letter(index),
                                        applicant_id=ident, index=index))
    for past in cells[len(layout.columns) + len(layout.unnamed):]:  # a Beyond: past the header's last cell
        # In a workbook a column past the header's last cell is a column without a header like any other (its rows
        # are as long as their last cell, not as the sheet); in a CSV file the row has more cells than the header.
        said = (unsaved(past.value).args[0] if type(past.value) is Unsaved else
                PAST_THE_HEADER if info.place.csv else _no_header(layout, past.index))
        bad.append(info.place.error(said, sheet, number, column=column_letter(past.index), applicant_id=ident,
                                    index=past.index))
        break  # the first says the row is too long
    return out
