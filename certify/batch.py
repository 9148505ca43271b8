"""A batch: every input of `certify check` or `certify report` as units of work, in input order.

PATHS may mix dossier files (YAML/JSON), folders (searched for .yaml/.yml/.json
exactly as folders.find_dossiers searches them; a folder that holds applicants.csv is a
CSV set as well), workbooks (.xlsx) and CSV sets (named by any of their sheet
files, or by their folder). A workbook inside a folder is not read: a note names it (and in certify
report, an error row). A path reached twice is read once. A unit is a file
to load, a spreadsheet applicant to validate, or a problem already found; each
becomes one result. Duplicate applicant ids are caught on the results, in input
order, so the outcome is the same however many processes judge the batch (repeats.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .check import (Failure, Result, check_file, evaluate, far_ahead, level_named, placed, target_level,
                    with_target_level)
from .editions import RulesetSource
from .engine import Engine
from .facts import CLOCK, resolve_as_of
from .errors import (CertifyError, DossierError, EngineError, RulesetError, hint_text, in_language, located,
                     no_such_path, say, shown_in)
from .folders import (OLD_WORKBOOK, dossier_files, hidden_notes, is_old, name_problem, real_path, sheet_file, unread_error,
                      unread_note)
from .load import line_in_file, load_dossier
from .repeats import unique_ids
from .sheetcheck import dossier_of, with_target_level as sheet_level
from .sheets import SHEETS, WORKBOOK_SUFFIXES, SheetApplicant, SheetError, data_sha256, sheet_of
from .sheetset import Problem, SheetRows, SheetSet
from .sheettitle import title_note


@dataclass(frozen=True, slots=True)
class FileUnit:
    """A dossier file to load and judge."""

    path: str


Unit = FileUnit | SheetApplicant | SheetRows | Failure


def _csv_set(folder: Path) -> bool:
    """Whether `folder` holds a CSV set: a sheet's file (applicants.csv, education.csv, ...) directly in it. Without
    its applicants sheet (saved as Sheet1.csv, say) the set is an error row, not a folder with nothing to judge."""
    try:
        with os.scandir(folder) as entries:
            return any(sheet_file(e.name) and e.is_file() for e in entries)
    except OSError:
        return False


def _not_a_sheet(path: Path) -> Failure:
    names = ", ".join(f"{s}.csv" for s in SHEETS)
    return Failure(str(path), DossierError(say("a CSV file is read only as a sheet of a CSV set ({names}); this one "
                                               "is not named after a sheet", "CSV 文件只作为 CSV 申报表中的一个工作表读取"
                                               "（{names}）；此文件的名称不是工作表名", names=names), file=str(path)))


class Batch:
    """The inputs named on a command line, opened in order; its length counts its results."""

    def __init__(self, paths: Iterable[str | Path], *, unread_fails: bool = False,
                 own: Iterable[str | Path | None] = ()) -> None:
        """`unread_fails` (certify report): a workbook in a folder, not read, is also an error row in the
        folder's place, so the committee's documents list it and the exit status says it. `own`: the folders
        and files certify writes (a report's --out, check's --record and --output), which a folder named is
        not searched in: run again, a report's summary.xlsx, check's decision records or its JSON output are
        no dossiers of the cycle's."""
        own = frozenset(os.path.realpath(p) for p in own if p is not None)
        paths = [Path(p) for p in paths]
        for path in paths:  # every path is checked before any is read: a typo fails at once
            if not path.exists():
                raise no_such_path(path)
        self.sources: list[FileUnit | SheetSet | Failure] = []
        self.empty: list[Path] = []  # folders named that hold nothing to judge: said, not passed over
        # (folder named, a workbook or a link to a folder under it): not read, and said so
        self.unread: list[tuple[Path, str]] = []
        self.hidden: list[str] = []  # hidden files named like dossiers in a folder searched: said, never an error row
        seen: set[tuple[str, str]] = set()
        # A workbook or folder named on the command line, before or after a folder that holds it (or a link to
        # it), is read: not passed over. So is a CSV set named by one of its sheets.
        named = self.named = {os.path.realpath(p.parent if sheet_file(p.name) else p) for p in paths}

        def add(kind: str, where: Path | str, source, real: str | None = None) -> None:
            key = (kind, real or real_path(where))
            if key not in seen:
                seen.add(key)
                self.sources.append(source)

        for path in paths:
            suffix = path.suffix.lower()
            if path.is_dir():
                csv_set = _csv_set(path)
                if csv_set:
                    add("csv", path, SheetSet.of_csv(path))
                found: list[str] = []
                links: list[str] = []
                files = dossier_files(path, workbooks=found, own=own, links=links, hidden=self.hidden)
                if not files and not csv_set and path not in self.empty:  # said once, if named twice
                    self.empty.append(path)
                for file, real in files:
                    if isinstance(real, DossierError):  # a folder that cannot be listed
                        add("file", file, Failure(file, real))
                    else:
                        add("file", file, FileUnit(file), real)
                for unread in (*found, *links):  # after the folder's dossiers: its workbooks, its links to folders
                    real = os.path.realpath(unread)
                    if real not in named and ("unread", real) not in seen:  # nor found in a folder before
                        seen.add(("unread", real))
                        self.unread.append((path, unread))
                        if unread_fails:
                            self.sources.append(Failure(unread, unread_error(unread)))
            elif (bad_name := name_problem(str(path))) is not None:  # a workbook's or a CSV set's too: no output
                add("file", path, Failure(*bad_name))  # could name its applicants
            elif suffix in WORKBOOK_SUFFIXES or suffix == OLD_WORKBOOK:
                add("book", path, SheetSet.of_workbook(path))
            elif suffix == ".csv":
                if sheet_of(path.stem) is None:
                    add("file", path, _not_a_sheet(path))
                else:
                    add("csv", path.parent, SheetSet.of_csv(path.parent))
            else:
                add("file", path, FileUnit(str(path)))

    def notes(self, lang: str = "en") -> list[str]:
        """Lines for standard error, once the batch is read: a folder named that holds nothing to judge (a
        wrong folder, most likely), a workbook in a folder (not read: a cycle passed over unless said), a
        workbook's hidden rows and columns (a filter hides rows; every row and column is read), and the rows
        above a sheet's header read as its title."""
        zh = lang == "zh"
        suffixes = ("、" if zh else ", ").join(WORKBOOK_SUFFIXES)
        lines = []
        for p in self.empty:
            books = any(folder == p and not os.path.isdir(book) for folder, book in self.unread)
            old = any(folder == p and is_old(book) for folder, book in self.unread)
            kinds = suffixes + (("、" if zh else ", ") + OLD_WORKBOOK) * old
            lines.append((f"注意：{p} 中没有申报材料文件（.yaml、.yml、.json），也没有 CSV 申报表"
                          + f"，只有工作簿（{kinds}），写在命令行中才会读取" * books + "（.xls 须先另存为 .xlsx）" * old) if zh else
                         (f"note: {p} holds no dossier files (.yaml, .yml, .json) and no CSV set"
                          + f", only workbooks ({kinds}), which are read only when named" * books
                          + " (an .xls once saved as .xlsx)" * old))
        lines += [unread_note(path, lang) for _, path in self.unread] + hidden_notes(self.hidden, lang, self.named)
        for source in self.sources:
            if getattr(source, "problem", None) is not None:  # nothing in it was read or judged: its error row says so
                continue
            if isinstance(source, SheetSet) and len(source) == 0:  # a blank template, a wrong copy: said, as a folder's
                lines.append(f"注意：{source.label} 中没有申报人：申报人表的列名下没有一行（编号以 # 开头的行是示例和备注，不评定）"
                             if zh else f"note: {source.label} holds no applicants: no row below the applicants sheet's "
                             "header (a row whose id begins with # is an example or a note, never judged)")
            hidden = ((("行", "rows"), getattr(source, "hidden", {})),
                      (("列", "columns"), getattr(source, "hidden_columns", {})))
            for (zh_what, what), by_sheet in hidden:  # rows by number, columns by header
                for sheet, items in by_sheet.items():
                    shown = (("、" if zh else ", ").join(map(str, items[:10]))
                             + (f" 等 {len(items)} {zh_what}" if zh else f", ... {len(items)} in all") * (len(items) > 10))
                    lines.append(f"注意：{source.label} 的工作表“{sheet}”有隐藏的{zh_what}（{shown}）：它们与其他{zh_what}一样"
                                 "被读取和评定" if zh else f"note: {source.label}, sheet '{sheet}': hidden {what} ({shown}) "
                                 "were read and judged like the others")
            for sheet, (header, title, groups) in getattr(source, "titles", {}).items():
                lines.append(title_note(source, sheet, header, title, lang, groups))
            for sheet, read in getattr(source, "unread_sheets", ()):
                lines.append(f"注意：{source.label} 的工作表“{sheet}”未被读取（它不是 certify 读取的工作表；读取的是“{read}”）"
                             if zh else f"note: {source.label}, sheet '{sheet}' was not read (it is not a sheet certify "
                             f"reads; '{read}' is read)")
        return lines

    def names(self) -> Iterator[str]:
        """The file names its results are known to be given before any is judged (a dossier file's, a whole
        spreadsheet's, a problem's): certify report gives them to repeats.NamesSeen first, so that its documents
        tell apart two that print alike from the first row on. A spreadsheet applicant's (`cycle.xlsx#E1024`) is
        known as it comes."""
        for source in self.sources:
            if isinstance(source, FileUnit):
                yield source.path
            else:
                yield source.label if isinstance(source, SheetSet) else source.file

    def __len__(self) -> int:
        """How many results the batch gives (a first pass over every spreadsheet, once; no rows kept)."""
        return sum(len(s) if isinstance(s, SheetSet) else 1 for s in self.sources)

    def kinds(self) -> tuple[int | None, ...]:
        """How many of its results are dossier files (or in a file's place: one that cannot be read), spreadsheet
        applicants (with the rows of none), and spreadsheets not read at all, None for a kind it has no source of."""
        counts: list[int | None] = [None, None, None]
        # A workbook or CSV set under a folder named, an error row in certify report (unread_error): a spreadsheet
        # not read, not a dossier file (a link to a folder of dossiers stays in a file's place).
        books = {book for _, book in self.unread if not (os.path.isdir(book) and os.path.islink(book))}
        for source in self.sources:
            kind = (2 if isinstance(source, Failure) and source.file in books else
                    0 if not isinstance(source, SheetSet) else 2 if source.read().problem else 1)
            counts[kind] = (counts[kind] or 0) + (len(source) if kind == 1 else 1)  # a scan made as the batch was read
        return tuple(counts)

    def count_upto(self, limit: int) -> int:
        """min(len(self), limit), reading no more of the spreadsheets than that needs."""
        count = 0
        for source in self.sources:
            count += source.count_upto(limit - count) if isinstance(source, SheetSet) else 1
            if count >= limit:
                return limit
        return count

    def units(self) -> Iterator[Unit]:
        """Every unit, in input order; a spreadsheet applicant as a SheetApplicant (its data checked)."""
        return self._units(checked=True)

    def work(self) -> Iterator[Unit]:
        """Every unit, in input order; a spreadsheet applicant as its rows (SheetRows), checked by run_unit."""
        return self._units(checked=False)

    def _units(self, *, checked: bool) -> Iterator[Unit]:
        for source in self.sources:
            if isinstance(source, SheetSet):
                for unit in source.units() if checked else source.stream():
                    yield Failure(unit.file, unit.error) if isinstance(unit, Problem) else unit
            else:
                yield source


@dataclass(frozen=True, slots=True)
class Valid:
    """A dossier that follows dossier-v1, validated but not judged (what finds an id given twice)."""

    file: str
    applicant_id: str
    as_of: date
    applicant_name: str | None = None  # named beside the error if the id is found given again


def validated(batch: Batch, source: RulesetSource, today: date | None = None) -> Iterator[Valid | Failure]:
    """Each dossier of the batch checked without judging it, in input order: Valid, or a Failure
    saying where the problem is, as `certify check` would say it. Checked: dossier-v1 (a
    spreadsheet's cells), the target level against the edition of `source` in force on the
    dossier's as-of date (and that there is one), and ids given twice. A spreadsheet applicant
    is named as in check (cycle.xlsx#E1024); its Failure holds every problem of its rows (SheetError.more)."""
    today = today or CLOCK.today()

    def checked() -> Iterator[Valid | Failure]:
        for unit in batch.work():
            if isinstance(unit, Failure):
                yield unit
                continue
            if isinstance(unit, SheetRows):
                unit = unit.read()  # its cells that cannot be read are said with the problems of the rest
            where = unit.path if isinstance(unit, FileUnit) else unit.file
            try:
                dossier = load_dossier(unit.path) if isinstance(unit, FileUnit) else dossier_of(unit, source)
            except DossierError as err:  # a file's every problem, its target level among them
                yield Failure(where, with_target_level(level_named(err, source), source, unit.path, today)
                              if isinstance(unit, FileUnit)
                              else sheet_level(err, unit, source, today))
                continue
            when = resolve_as_of(None, dossier, today)
            try:
                target_level(source.edition_for(when).ruleset, dossier, when, file=where, edition=source.dated)
            except CertifyError as err:
                yield Failure(where, placed(err, unit.path) if isinstance(unit, FileUnit) else _on_applicants_row(unit, err))
                continue
            yield Valid(where, dossier.applicant.id, when, dossier.applicant.name)

    return unique_ids(checked())


def far_note(valid: Valid, lang: str, today: date | None = None) -> str | None:
    """What `certify validate` notes of a valid dossier whose as_of is more than a year after today (check.far_ahead),
    placed as a problem is, but no problem of the format: 'wang-fang.yaml:5: as_of: 2062-06-30 is 35 years 7 months
    after today, 2026-11-29: mistyped?'; None for any other."""
    far = far_ahead(valid.as_of, today or CLOCK.today())
    if far is None:
        return None
    line = line_in_file(valid.file, ("as_of",)) if os.path.isfile(valid.file) else None
    said = f"as_of: {valid.as_of.isoformat()} {'' if lang == 'zh' else 'is '}{in_language(far, lang)}"
    return located(f"{valid.file}:{line}" if line else valid.file, said, lang)


def problem_lines(where: str, error: CertifyError, lang: str) -> list[str]:
    """A line per problem: a dossier file's as FILE:LINE: FIELD: MESSAGE (did you mean ...?) (FILE: ... without
    a line); a spreadsheet's as the applicant (or set), its name where known (Failure.named), a colon, and the
    sheet, row and column. The colon after the place is full-width in Chinese (located), as check's error rows
    and verify's lines put it."""
    name = getattr(error, "applicant_name", None)
    if name:  # a spreadsheet applicant, or an id given again: the error has no line of a file
        where = Failure(where, error).named(lang)
    if isinstance(error, SheetError):  # each problem of a spreadsheet applicant, in sheet order
        return [located(where, detail, lang) for detail in error.each(lang)]
    if not isinstance(error, DossierError):
        return [located(where, error.detail(lang), lang)]
    problems = getattr(error, "problems", None) or [(error.path, error.message, error.hint)]
    lines = getattr(error, "lines", None) or [error.line] * len(problems)
    shown = []
    for (field, message, hint), line in zip(problems, lines):
        text = f"{field}: {in_language(message, lang)}" if field else in_language(message, lang)
        shown.append(located(f"{where}:{line}" if line else where, text, lang) + hint_text(hint, shown_in(message, lang)))
    return shown


def run_unit(engine: Engine | RulesetSource, unit: Unit, *, data_digest: bool = False, **options) -> Result:
    """The result of one unit: a Verdict, or a Failure saying where the problem is.

    A dossier file's verdict carries the sha256 of its bytes (Verdict.dossier_sha256: hashed as read, ~1 µs);
    with `data_digest` (certify report, whose review sheets name it), a spreadsheet applicant's carries that
    of its data, as its decision record has it (some 30 µs an applicant, which check does without).
    `options` are evaluate's (as_of, level, today, forecast, stops). Bad input is a Failure and the
    batch goes on; anything else raised here is a bug in certify, which stops the batch
    (its other verdicts could be wrong too) as an EngineError naming the input it met.
    """
    try:
        return _run_unit(engine, unit, data_digest, **options)
    except CertifyError:
        raise
    except Exception as exc:
        where = getattr(unit, "path", None) or getattr(unit, "file", None) or "an input"
        raise EngineError(f"certify failed on {where} ({type(exc).__name__}: {exc}): a bug, not a problem with "
                          "the input; please report it with that input. The batch was stopped.") from exc


def _run_unit(engine: Engine | RulesetSource, unit: Unit, data_digest: bool, **options) -> Result:
    if isinstance(unit, FileUnit):
        return check_file(engine, unit.path, **options)
    if isinstance(unit, SheetRows):
        unit = unit.read()  # cells that cannot be read are raised by dossier_of, with the problems of the rest
    if isinstance(unit, SheetApplicant):
        try:
            dossier = dossier_of(unit, engine)
            if data_digest:  # its data as read, hashed as its decision record hashes it
                options = {**options, "sha256": data_sha256(unit.data), "of_data": True}
            return evaluate(engine, dossier, file=unit.file, **options)
        except SheetError as err:
            return Failure(unit.file, err)
        except CertifyError as err:
            return Failure(unit.file, _on_applicants_row(unit, err))
    return unit  # a Failure found while reading


def _on_applicants_row(unit: SheetApplicant, err: CertifyError) -> SheetError:
    """A spreadsheet applicant's target level (checked against the ruleset) or edition in force that
    cannot be: said on its row of the applicants sheet, in the cell it comes from."""
    key = ("target_level" if err.path == "applicant.target_level"
           else "as_of" if isinstance(err, RulesetError) else None)
    return unit.place.error(err.message, "applicants", unit.rows["applicants"][0], key, applicant_id=unit.id,
                            applicant_name=unit.name)
