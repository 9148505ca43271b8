"""Spreadsheets in: an HR workbook (.xlsx) or a CSV set, read into dossier-v1 data applicant by applicant.

A workbook holds the sheets applicants, education, employment and projects, linked
by the applicant id; a CSV set is one file per sheet (applicants.csv, ...) in one
folder. Headers may be Chinese or English (COLUMNS). The sheets are streamed
(sheetset, sheetrows): each applicants row and the applicant's rows of the child
sheets become a SheetApplicant whose data `dossier_from_data` validates exactly as
it validates a YAML dossier (sheetcheck). Every error names the sheet, the row and the column, and spoils
only the applicant it belongs to. docs/committees.md says what each choice means.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from .cells import blank, text_of
from .errors import CertifyError, DossierError, Message, did_you_mean, say, several

SECTIONS = ("education", "employment", "projects")
SHEETS = ("applicants",) + SECTIONS
SHEET_ZH = {"applicants": "申报人", "education": "学历", "employment": "工作经历", "projects": "项目经历"}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
NOTHING_JUDGED = Message("nothing in this set was judged", "整套表格均未评定")


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a sheet: the dossier-v1 key it fills, its headers, how its cells are read."""

    sheet: str
    key: str  # a dossier-v1 key; "id" links the sheets; "<section>_rows" declares a row count
    zh: str
    en: str
    kind: str  # id | text | level | date | bool | choice | amount | stages | count
    required: bool = False  # the header must be there (a cell may still be empty unless the key is required)
    aliases: tuple[str, ...] = ()
    template: bool = True  # a column of the template (certify template); else one read where HR adds it


def _name(sheet: str) -> Column:
    """The applicant's name beside the id in a child sheet, as HR sheets often give it: no dossier-v1 key, but
    checked against the applicants sheet's name (a row under another applicant's id is a row gone astray)."""
    return Column(sheet, "applicant_name", "姓名", "applicant_name", "text", False, ("申报人姓名",), template=False)


def _id(sheet: str) -> Column:
    return Column(sheet, "id", "申报人编号", "id", "id", True, ("applicant_id", "编号"))


COLUMNS: tuple[Column, ...] = (
    _id("applicants"),
    Column("applicants", "name", "姓名", "name", "text"),
    Column("applicants", "target_level", "申报级别", "target_level", "level"),
    Column("applicants", "as_of", "截止日期", "as_of", "date"),
    Column("applicants", "education_rows", "学历条数", "education_rows", "count"),
    Column("applicants", "employment_rows", "工作经历条数", "employment_rows", "count"),
    Column("applicants", "projects_rows", "项目经历条数", "projects_rows", "count"),
    _id("education"),
    Column("education", "degree", "学历", "degree", "choice", True),
    Column("education", "graduated", "毕业时间", "graduated", "date", True, ("毕业日期",)),
    Column("education", "mode", "学习形式", "mode", "choice"),
    _name("education"),
    _id("employment"),
    Column("employment", "employer", "单位", "employer", "text", False, ("工作单位",)),
    Column("employment", "start", "开始", "start", "date", True, ("开始日期", "开始时间")),
    Column("employment", "end", "结束", "end", "date", False, ("结束日期", "结束时间")),
    Column("employment", "sales", "销售岗位", "sales", "bool", True),
    Column("employment", "it", "IT行业", "it", "bool", True),
    _name("employment"),
    _id("projects"),
    Column("projects", "name", "项目名称", "name", "text", True),
    Column("projects", "amount", "金额", "amount", "amount", False, ("项目金额", "合同金额")),
    Column("projects", "role", "角色", "role", "choice", True),
    Column("projects", "status", "状态", "status", "choice", True, ("项目状态",)),
    Column("projects", "stages", "销售阶段", "stages", "stages"),
    Column("projects", "designation", "认定等级", "designation", "choice"),
    Column("projects", "designation_ref", "认定依据", "designation_ref", "text"),
    _name("projects"),
)


def columns_of(sheet: str) -> list[Column]:
    """The columns of one sheet, in template order."""
    return [c for c in COLUMNS if c.sheet == sheet]


def _norm(text: object) -> str:
    """A header as compared: case, spaces, underscores, full-width forms (（）, ＩＴ) and invisible characters (a
    byte-order mark or a zero-width space pasted in with it) do not matter."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", str(text)) if unicodedata.category(ch) != "Cf")
    return re.sub(r"[\s_\-]+", "", text).lower()


def header_key(text: object) -> str:
    """A header as compared, for other tables read the way the sheets are (a committee's overrides CSV)."""
    return _norm(text)


def other_separator(text: str, known) -> Message | None:
    """For a CSV header cell `text` that is no column: when it is the header's columns run together by a
    semicolon or a tab (`known`: whether a header names a column), why, and what to do; else None."""
    for sign, name in ((";", Message("semicolons", "分号")), ("\t", Message("tabs", "制表符"))):
        parts = [p for p in text.split(sign) if p.strip()]
        if len(parts) > 1 and sum(1 for p in parts if known(p)) * 2 >= len(parts):
            return say(" (the columns are separated by {n}, not by commas: save the file again as CSV (Comma "
                       "delimited))", "（各列以{n}分隔，而不是逗号：请重新另存为 CSV（逗号分隔））", n=name)
    return None


_HEADERS = {sheet: {_norm(name): c for c in columns_of(sheet) for name in (c.zh, c.en, *c.aliases)}
            for sheet in SHEETS}
_SHEET_NAMES = {_norm(name): sheet for sheet in SHEETS for name in (sheet, SHEET_ZH[sheet])}


# A totals row at the bottom of a sheet (合计 in the id column, as an HR export or a person adds it) is no
# applicant: judged, it would be one more applicant who qualifies for nothing.
_DIGIT = re.compile(r"\d")
_TOTALS = frozenset(("合计", "总计", "小计", "共计", "累计", "合計", "總計", "小計", "total", "totals", "subtotal",
                     "grandtotal", "sum"))


def totals_word(ident: str) -> bool:
    """Whether an id is the word of a totals row (合计, 总 计, Total: case, spaces and ：: do not matter). An id
    with a digit (most are) is none, and is not normalised to find out: this is asked of every applicant."""
    return _DIGIT.search(ident) is None and _norm(ident).rstrip(":") in _TOTALS


def column_named(sheet: str, header: object) -> Column | None:
    """The column of `sheet` that a header names (as written: any language, case or spacing), or None."""
    return _HEADERS[sheet].get(_norm(text_of(header)))


_REQUIRED = {sheet: {c.key for c in COLUMNS if c.sheet == sheet and c.required} for sheet in SECTIONS}


def sheet_headed(rows: Iterable[tuple]) -> tuple[str, int] | None:
    """The child sheet (education, employment or projects) whose headers one of a sheet's first 11 rows gives (its id
    column and every column it requires), with that row's number; or None. A sheet certify does not read by its name
    may be one renamed (项目信息) or a copy, whose rows would otherwise be passed over unseen."""
    for number, row in enumerate(islice(rows, 11), 1):
        for sheet in SECTIONS:
            if _REQUIRED[sheet] <= {col.key for cell in row if not blank(cell) and (col := column_named(sheet, cell))}:
                return sheet, number
    return None


def headed_not_named(name: str, sheet: str, row: int, suffix: str) -> Message:
    """The error of a workbook's sheet (a CSV set's file, `suffix` .csv) headed as `sheet`, which the set lacks."""
    return say("sheet {n} has the headers of the {s} sheet (row {r}), which the {w} lacks: name it '{a}' (or '{b}'); "
               "{z}", "工作表 {n} 有{zs}表的列名（第{r}行），而{zw}中没有{zs}表：请将其命名为 '{a}'（或 '{b}'）；{z}",
               n=repr(name), s=sheet, zs=SHEET_ZH[sheet], r=row, w="folder" if suffix else "workbook",
               zw="文件夹" if suffix else "工作簿", a=sheet + suffix, b=SHEET_ZH[sheet] + suffix, z=NOTHING_JUDGED)


def sheet_of(name: str) -> str | None:
    """The sheet a sheet (or CSV file stem) name stands for: 'applicants' for 申报人, else None."""
    return _SHEET_NAMES.get(_norm(name))


class SheetError(DossierError):
    """A problem at a place of a spreadsheet: workbook (or CSV folder), sheet, row, column.

    An applicant's error is the first of its problems in sheet order; `more` holds the others, in order: its
    detail counts them (DossierError), `each` says every one (validate)."""

    csv = False
    at: tuple[int, int, int] = (0, 0, -1)  # (sheet, row, column) as numbers: what orders an applicant's problems
    more: tuple[SheetError, ...] = ()
    unit = None  # the applicant whose cells could not be read (sheetunit), to validate the rest of it later

    def each(self, lang: str = "en") -> list[str]:
        """The detail of every problem, this one's first: one line each."""
        return [CertifyError.detail(self, lang)] + [problem.detail(lang) for problem in self.more]

    def said(self, lang: str = "en") -> str:
        # A CSV set's sheet is a file of its own: cycle/employment.csv row 7, column 开始: ...
        if self.csv and self.file:
            return f"{self.file.rstrip('/')}/{self.detail(lang)}"
        return super().said(lang)


@dataclass(frozen=True, slots=True)
class SetPlace:
    """Where a workbook or CSV set is, and how its sheets and headers are written."""

    book: str  # the workbook, or the folder of a CSV set
    csv: bool
    names: dict[str, str]  # sheet -> its name as written (a CSV set: the file name)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> key -> header as written
    indices: dict[str, dict[str, int]] = field(default_factory=dict)  # sheet -> key -> its column's index

    def error(self, message: str, sheet: str, row: int | None, key: str | None = None, *,
              column: str | None = None, hint: str | None = None, applicant_id: str | None = None,
              applicant_name: str | None = None, index: int | None = None) -> SheetError:
        """A SheetError at a sheet's row and column (the column named by key, or as given, at `index`), about the
        applicant of that id and name where they are known."""
        if index is None and key:  # a key of no column (a required one left out) comes after the columns
            index = self.indices.get(sheet, {}).get(key, 1 << 20)
        at = (SHEETS.index(sheet) if sheet in SHEETS else 0, row or 0, -1 if index is None else index)
        name = self.names.get(sheet, sheet)
        where = zh = name if self.csv else f"[{name}]"
        if row is not None:
            where, zh = f"{where} row {row}", f"{zh} 第{row}行"
        column = column or (self.headers.get(sheet, {}).get(key) if key else None)
        if column:
            where, zh = f"{where}, column {column}", f"{zh}“{column}”列"
        err = SheetError(message, file=self.book, path=Message(where, zh), hint=hint)
        err.csv, err.applicant_id, err.applicant_name, err.at = self.csv, applicant_id, applicant_name, at
        return err


@dataclass(frozen=True, slots=True)
class SheetApplicant:
    """One applicant of a spreadsheet, as dossier-v1 data, with the rows it came from."""

    file: str  # cycle.xlsx#E1024
    id: str
    data: dict
    place: SetPlace
    rows: dict[str, tuple[int, ...]]  # "applicants" -> (its row,), each section -> its rows in order
    unread: tuple[SheetError, ...] = ()  # its cells that could not be read (left out of `data`), in sheet order

    @property
    def name(self) -> str | None:
        """The name its applicants row gives, if any (to name it beside an error)."""
        return name_shown(self.data["applicant"].get("name"))


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)  # json.dumps's, made once


def data_sha256(data: dict) -> str:
    """The sha256 of dossier-v1 data as canonical JSON, `json.dumps(data, sort_keys=True, ensure_ascii=False,
    default=str)` (keys sorted, dates ISO), as hex: what stands for a spreadsheet applicant's file in its
    decision record and on its review sheet."""
    return hashlib.sha256(_CANONICAL.encode(data).encode("utf-8")).hexdigest()


def name_shown(name: object) -> str | None:
    """A name as an error row shows it beside the id: text that is not blank, else None."""
    return name if isinstance(name, str) and name.strip() else None


# ---- reading a sheet ----

@dataclass(slots=True)
class Layout:
    """Which column of a sheet holds what: (index, Column) pairs, unnamed columns, and how wide the header is."""

    sheet: str
    id_index: int
    columns: list[tuple[int, Column]]
    unnamed: list[int]
    width: int = 0  # cells in the header row: a CSV row may run past them
    row: int = 1  # the header's (last) row: the rows above it are a title (sheettitle) or its first (sheethead)
    first: int = 1  # the header's first row: `row` but over two rows (sheethead)
    merged: tuple[tuple[int, int], ...] = ()  # header cells merged across columns, hiding headers (sheethead.merges_over)

    def merge_over(self, index: int) -> Message | None:
        """What to say of a column without a header that a merged header cell covers (None when none does)."""
        for first, last in self.merged:
            if first < index <= last:
                return merge_said(first, last, self.row)
        return None


def merge_said(first: int, last: int, row: int) -> Message:
    """That the header cells of columns first..last (from 0) in `row` are merged, leaving the ones after the first
    without a header."""
    cells = f"{column_letter(first)}{row}:{column_letter(last)}{row}"
    after, end = column_letter(first + 1), column_letter(last)
    hidden = (Message(f"column {after}", f"{after} 列") if last == first + 1 else
              Message(f"columns {after} to {end}", f"{after} 至 {end} 列"))
    return say("the header cells {c} are merged, which leaves {h} without a header of its own: unmerge them and give "
               "each column its header", "列名单元格 {c} 被合并，{h}因此没有自己的列名：请取消合并，并给每一列填写列名",
               c=cells, h=hidden)


@dataclass(frozen=True, slots=True)
class Beyond:
    """A value in a row past the last cell of its sheet's header (a CSV row with too many cells)."""

    index: int
    value: object


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at 0-based `index`: A, B, ..., Z, AA, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_BRACKETED = re.compile(r"(.+?)[(\[【]([^()\[\]【】]+)[)\]】]")


_YUAN_UNITS = frozenset(("元", "yuan", "rmb", "cny", "人民币", "人民币元", "¥"))  # what the column means already


def _unit_header(sheet: str, text: str) -> tuple[Column, str] | None:
    """The amount column a header names with a unit in brackets (金额（万元）, amount (yuan)), and the unit; or None."""
    m = _BRACKETED.fullmatch(unicodedata.normalize("NFKC", text).strip())
    col = column_named(sheet, m.group(1)) if m else None
    return (col, m.group(2).strip()) if getattr(col, "kind", None) == "amount" else None


def header_column(sheet: str, header: object) -> Column | None:
    """The column a header cell stands for as layout_of reads it: a column's name, or the amount column named
    with a unit in brackets (金额（元）; another unit is refused there). numformats reads cells by it too."""
    col = column_named(sheet, header)
    if col is None and (united := _unit_header(sheet, text_of(header))):
        col = united[0]
    return col


def _unknown_column(sheet: str, text: str, place: SetPlace, at: int, meant: set[str]) -> SheetError:
    """The error of a header cell that names no column of `sheet`, with the column it may be a misspelling of
    (added to `meant`), or the columns it runs together (a CSV file saved with semicolons)."""
    known = _HEADERS[sheet]
    names = [n for c in columns_of(sheet) for n in (c.zh, c.en)]
    hint = did_you_mean(text, names)
    run_together = place.csv and other_separator(text, lambda p: _norm(p) in known)
    more = run_together or (say(" (did you mean '{h}'?)", "（是否应为 '{h}'？）", h=hint) if hint else
                            Message(" (begin its header with # to keep it as a note)", "（如作备注，请在列名前加 #）"))
    if run_together:  # every column is in this one cell: none is missing besides
        meant.update(c.key for c in columns_of(sheet))
    elif hint:
        meant.add(known[_norm(hint)].key)
    return place.error(say("unknown column{more}; {nothing}", "未知的列{more}；{nothing}", more=more,
                           nothing=NOTHING_JUDGED), sheet, at, column=text)


def layout_of(sheet: str, header: tuple, place: SetPlace, row: int = 1, rows: tuple[int, ...] = (),
              merged: tuple[tuple[int, int], ...] = ()) -> Layout:
    """Read a header row (the sheet's row `row`; over two rows, `rows` gives each cell's: sheethead); an unknown,
    repeated or missing column spoils the whole set, said with the `merged` header cells that hid headers. Every
    such problem of the row is said (the first raised, the others its `more`), so that one run finds them all; a
    required column an unknown one seems to be a misspelling of (did you mean ...?) is not said missing too."""
    known = _HEADERS[sheet]
    found: dict[str, int] = {}
    columns: list[tuple[int, Column]] = []
    unnamed: list[int] = []
    written: dict[str, str] = {}
    problems: list[SheetError] = []
    meant: set[str] = set()  # the columns the unknown ones may be misspellings of
    for i, cell in enumerate(header):
        if blank(cell):
            unnamed.append(i)
            continue
        text, at = text_of(cell), rows[i] if i < len(rows) else row
        if text.startswith("#"):
            continue  # a note column: ignored
        col, unit = known.get(_norm(text)), None
        if col is None and (united := _unit_header(sheet, text)):
            col, unit = united
            if _norm(unit) in _YUAN_UNITS:  # 金额（元）: the yuan every amount is in unless its cell says otherwise
                unit = None
        if col is not None and unit is not None:
            problems.append(place.error(say(
                "a unit in the amount column's header ({u}): a header gives no unit, so that the same number never "
                "means two amounts; name the column 金额 and write each amount in yuan (6200000) or with its unit "
                "(620万); {nothing}", "金额列的列名带有单位（{u}）：单位不能写在列名中，以免同一个数字读成两种金额；请把列名改为“金额”，"
                "每个金额按元填写（6200000）或带上单位（620万）；{nothing}", u=unit, nothing=NOTHING_JUDGED),
                sheet, at, column=text))
            meant.add(col.key)
            continue
        if col is None:
            problems.append(_unknown_column(sheet, text, place, at, meant))
            continue
        if col.key in found:
            problems.append(place.error(say("the column {c} is given twice; {nothing}", "“{c}”列出现了两次；{nothing}",
                                            c=written[col.key], nothing=NOTHING_JUDGED), sheet, at, column=text))
            continue
        found[col.key], written[col.key] = i, text
        columns.append((i, col))
    place.headers[sheet], place.indices[sheet] = written, found
    missing = [c for c in columns_of(sheet) if c.required and c.key not in found and c.key not in meant]
    if missing:
        names = ", ".join(f"{c.zh}/{c.en}" for c in missing)
        last = max(rows, default=row)
        why = [say(" ({m})", "（{m}）", m=merge_said(first, end, last)) for first, end in merged]
        problems.append(place.error(say("no column {names}{why}; {nothing}", "缺少“{names}”列{why}；{nothing}",
                                        names=names, why=why[0] if why else "", nothing=NOTHING_JUDGED), sheet, row))
    if problems:  # a row naming no column at all is no header (rows of data): its first cell says so
        raise several(problems if found or meant else problems[:1])
    id_index = found["id"]
    return Layout(sheet, id_index, [(i, c) for i, c in columns if c.key != "id"], unnamed, len(header),
                  max(rows, default=row), min(rows, default=row), merged)
