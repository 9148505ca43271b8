"""The committee's documents for a cycle: the summary, a review sheet per applicant, the public notice,
the overview, and an index.html that links them all.

DocumentSet takes results one at a time, as they stream out of a batch of any size:
review sheets and summary rows are written as they come; the overview keeps counts
only, and the errors (overview.py); the index's list of sheets goes to a temporary file (indexpages.py);
the notice keeps one short tuple per applicant it lists. Everything is
written into a temporary folder beside the target, which is renamed into place
only when the set is complete: the folder is there whole, or not at all.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from . import __version__
from .codeprint import certify_code, code_said
from .outfolder import atomic_folder
from .check import Failure, Result
from .documentwords import WORDS
from .errors import in_language
from .explain import STATUS_WORDS, colon, level_label, no_level, paren
from .indexpages import SheetList, write_index
from .namesake import named
from .notice import Notice
from .overview import Overview
from .report import as_of_text
from .printing import landscape, page_header, page_setup, signature_line
from .scratch import failed
from .spreadsheet import save_workbook, summary_csv_row, workbook_cells
from .stems import file_stem
from .summarywidths import heading_cells, heading_height, summary_widths, summary_wrapped
from .verdict import Verdict


def level_text(v: Verdict, n: int, lang: str) -> str:
    """'2级 客户经理' as the edition that judged `v` names level n (editions may differ), or no_level."""
    return level_label(n, v.level(n).level.name(lang), lang) if n else no_level(lang)


def judged_by(lang: str) -> str:
    """The certify that judged, as a review sheet names it: its version and the short fingerprint of its code, as its
    decision record keeps them (`versions.certify`, `versions.certify_code`) and `certify show` gives them: `certify
    0.1.0 (code sha256 6ac818b4fc7d…)`. The same version may be other code: the fingerprint tells a sheet's record."""
    return f"certify {__version__}{in_language(code_said(certify_code()), lang)}"


def header_facts(v: Verdict, lang: str, edited: dict | None = None, decisions=None) -> list[tuple[str, str]]:
    """The facts at the head of a review sheet: who, which file and the sha256 of what was judged (as the verdict's
    decision record holds it), as of when, which ruleset (and, when it is one of `edited`, by sha256, that it bears
    another's id and version with other rules), which certify judged (its code too: judged_by), the record made of it
    (report --record), which level; the committee's decisions about the applicant, then the file they are of and its sha256 (DecisionsFile)."""
    w, st = WORDS[lang], STATUS_WORDS[lang]
    facts = [(w["id"], v.applicant_id), (w["name"], v.applicant_name or ""), (w["file"], v.file or "")]
    if v.dossier_sha256:  # a spreadsheet applicant's is of its data: sha256sum of the workbook gives another
        facts.append((w["sha256"], w["data_sha256"].format(h=v.dossier_sha256) if v.dossier_data else v.dossier_sha256))
    facts += [(w["as_of"], as_of_text(v, lang)), (w["ruleset"], named(v.ruleset, lang, edited)),  # as explained
              (w["judged_by"], judged_by(lang)), *([v.record.fact(lang)] if v.record is not None else []),
              (w["qualified"], level_text(v, v.qualified_level, lang))]
    if v.target_level:  # 3 高级客户经理（待核实）, as the explanation says it; '3 Senior Account Manager: review'
        status = paren(st[v.target_status], lang) if lang == "zh" else f": {st[v.target_status]}"
        facts.append((w["target"], level_text(v, v.target_level, lang) + status))
    said = w["override"].upper() if lang == "en" else w["override"]  # COMMITTEE OVERRIDE, as in check's
    facts += [(said, o.text(lang)) for o in v.overrides]
    return facts + [decisions.fact(lang)] if decisions is not None and v.overrides else facts


def summary_header(lang: str, levels: int, decided: bool = False) -> list[str]:
    """The summary's column headings; `decided`: the committee's decisions in a last column."""
    w = WORDS[lang]
    return ([w["id"], w["name"], w["file"], w["as_of"], w["qualified"], w["qualified_name"]]
            + [w["level"].format(n=n) for n in range(1, levels + 1)] + [w["target"], w["target_status"], w["error"]]
            + [w["ahead"]] + ([w["override"]] if decided else []))


def summary_text_columns(lang: str, head: list[str]) -> tuple[int, ...]:
    """The columns of a summary (its headings `head`) that hold text from the input: id, name, file, the error
    and the decisions."""
    w = WORDS[lang]
    texts = {w["id"], w["name"], w["file"], w["error"], w["override"]}
    return tuple(i for i, heading in enumerate(head) if heading in texts)


def summary_row(result: Result, lang: str, levels: int, decided: bool = False, level: int | None = None) -> list:
    """One applicant's row of the summary (汇总表); `decided`: its committee decisions in a last column,
    worded as in check's csv (`L2 grant (评审委员会纪要 2026-12 第3号)`). `level`: report's --level, the target
    level an applicant who could not be judged has, as a judged one has it; else the one its input gives."""
    row = _summary_row(result, lang, levels, level)
    return row + ["; ".join(o.cell(lang) for o in getattr(result, "overrides", ()))] if decided else row


def _summary_row(result: Result, lang: str, levels: int, level: int | None) -> list:
    st = STATUS_WORDS[lang]
    if isinstance(result, Failure):  # its target level as given where the standard has it (validate says the rest)
        target = result.target(levels, level)
        return ([result.applicant_id or "", result.applicant_name or "", result.file, "", None, ""] + [""] * levels
                + [target, "", result.error.detail(lang), ""])
    v = result
    name = v.level(v.qualified_level).level.name(lang) if v.qualified_level else WORDS[lang]["none"]
    return ([v.applicant_id, v.applicant_name or "", v.file or "", v.as_of, v.qualified_level, name]  # a date cell
            + [st[s] if s else "" for s in v.level_statuses(levels)] + [v.target_level, st[v.target_status] if v.target_status else "", ""]
            # an as-of date after today, counting what the dossier records after today: where a committee filters
            + [WORDS[lang]["ahead_cell"].format(t=v.ahead_of.isoformat()) if v.ahead_of else ""])


class DocumentSet:
    """Writes a cycle's documents into `folder` (a temporary one: see atomic_folder)."""

    def __init__(self, folder: Path, ruleset, lang: str = "en", *, levels: int | None = None,
                 editions: Iterable | None = None, decided: bool = False, edited: dict | None = None,
                 decisions_file=None, names=None, level: int | None = None) -> None:
        from openpyxl import Workbook  # imported when needed: it takes a while
        from openpyxl.utils import get_column_letter

        editions = list(editions or [ruleset])
        self.folder, self.ruleset, self.lang, self.edited = Path(folder), ruleset, lang, edited
        self.overview = Overview(ruleset, lang, editions=editions, edited=edited)
        self.decided = decided  # with the committee's decisions (certify report --overrides), of `decisions_file`
        self.decisions_file = decisions_file
        self.level = level  # report's --level: the summary's target level of a row that could not be judged too
        self.names = names  # the batch's file names (repeats.NamesSeen): two that print alike, told apart
        if decided:
            self.overview.decided(decisions_file)
        self.levels = levels or max(self.overview.levels)
        (self.folder / "sheets").mkdir(exist_ok=True)
        self.taken: set[str] = set()
        self.index = SheetList()  # what index.html lists, on disk as it comes (indexpages.py)
        self.notice = Notice(lang, WORDS[lang], decided=decided)
        self._csv_file = open(self.folder / "summary.csv", "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file)
        self._book = Workbook(write_only=True)
        self._saved = False
        self._sheet = self._book.create_sheet(WORDS[lang]["summary"])
        self._sheet.freeze_panes = "A2"  # the headings stay in view, and filter the rows (finish): a long cycle's
        head = summary_header(lang, self.levels, decided)  # review and fail cases are found by filtering
        self._columns, self._texts = len(head), summary_text_columns(lang, head)
        self._wrapped = summary_wrapped(head, WORDS[lang])  # the long texts wrap in their columns
        widths = summary_widths(head, WORDS[lang], list(STATUS_WORDS[lang].values()),  # as every edition names
                                [lv.name(lang) for r in editions for lv in r.levels])  # its levels
        for i, w in enumerate(widths, 1):  # set before the first row: a write-only sheet writes them ahead of it
            self._sheet.column_dimensions[get_column_letter(i)].width = w
        self._sheet.row_dimensions[1].height = heading_height(head, widths)  # the headings wrap in their columns
        signed = signature_line(WORDS[lang]["signature"], WORDS[lang]["date"], colon(lang))  # on every page
        page_setup(self._sheet, lang, wide=landscape(widths), signed=signed)  # its heading row atop every page
        self._csv.writerow(head)
        self._append(heading_cells(self._sheet, head))
        self._rows = 1

    def add(self, result: Result) -> None:
        """Take one result: its summary row, its review sheet, its line of the notice."""
        from .reviewsheet import sheet_files  # it imports this module's header_facts
        shown = self.names.shown(result.file) if self.names is not None else result.file
        told = shown != result.file  # its name prints as another of the batch's does: escaped in every document
        if told:
            result = replace(result, file=shown)
        self.overview.add(result)
        row = summary_row(result, self.lang, self.levels, self.decided, self.level)
        self._csv.writerow(summary_csv_row(row, self._texts))
        self._append(workbook_cells(self._sheet, row, self._wrapped))
        self._rows += 1
        if isinstance(result, Failure):
            self.index.append((*row[:2], None, None, None, None, result.where, result.error.detail(self.lang), "", None))
            return
        v = result
        stem = file_stem(v.applicant_id, self.taken)
        # Rendered by the worker that judged it (reviewsheet.py), else here: this process only writes the bytes.
        md, page = sheet_files(v, self.lang, self.edited, self.decisions_file, reword=told)
        (self.folder / "sheets" / f"{stem}.md").write_bytes(md)
        (self.folder / "sheets" / f"{stem}.html").write_bytes(page)
        self.index.append((v.applicant_id, v.applicant_name or "", level_text(v, v.qualified_level, self.lang),
                           v.target_level, v.target_status, stem, v.file, "", row[-1] if self.decided else "", v.record))
        self.notice.add(v, lambda v, n: level_text(v, n, self.lang))

    def _append(self, cells: list) -> None:
        try:
            self._sheet.append(cells)
        except OSError as exc:  # the rows go to openpyxl's temporary file until the workbook is saved
            raise failed(exc) from None

    def finish(self) -> None:
        """Write what needs the whole cycle: the overview, the notice, the index; close the summary."""
        self._csv_file.close()
        from openpyxl.utils import get_column_letter
        self._sheet.auto_filter.ref = f"A1:{get_column_letter(self._columns)}{self._rows}"
        title = self.overview.frame.title(self.lang)  # of the edition that judged the cycle
        page_header(self._sheet, f"{WORDS[self.lang]['summary']}{colon(self.lang)}{title}", *self.overview.running())
        save_workbook(self._book, self.folder / "summary.xlsx")
        self._saved = True
        (self.folder / "overview.md").write_text(self.overview.markdown(), encoding="utf-8")
        self.notice.write(self.folder, title)
        write_index(self.folder, self.overview, self.index, self.lang, decided=self.decided)

    def close(self) -> None:
        """Close what is open (the file of the index's list); after an interruption, the summary's row stream too.

        After a failure, a failure to close (the full disk that stopped the writing, say)
        is not raised over it: the folder is being thrown away.
        """
        with suppress(OSError):  # a temporary file: its end unwritten on a full disk loses nothing
            self.index.close()
        if not self._csv_file.closed:
            with suppress(OSError):  # finish() closed it if all went well
                self._csv_file.close()
        if not self._saved and not self._sheet.closed:
            # openpyxl streams a write-only sheet into a temporary file of its own: end the
            # stream and remove that file, or it is written to after the folder is gone. On a
            # full disk the stream's end cannot be written either: it is ended all the same, here,
            # not when Python collects it (which printed a traceback of what its end raised).
            with suppress(OSError):
                self._sheet.close()
            writer = getattr(self._sheet, "_writer", None)
            if writer is not None:
                with suppress(OSError):
                    writer.xf.close()
                if hasattr(writer, "cleanup"):
                    with suppress(OSError):
                        writer.cleanup()


def write_documents(results: Iterable[Result], out: str | Path, ruleset, *, lang: str = "en",
                    force: bool = False, levels: int | None = None, editions: Iterable | None = None,
                    decided: bool = False, edited: dict | None = None, decisions_file=None,
                    replaced: list[Path] | None = None, names=None, level: int | None = None,
                    kinds=None) -> Overview:
    """Write every document of a cycle into the folder `out`, whole or not at all.

    `ruleset` orders the overview's rules; `editions`, oldest first, are every edition the results may
    be judged by (default: just `ruleset`): the overview counts every level any of them has, and the
    documents are titled by the newest that judged someone. `levels` is how many level columns the summary has
    (default: the most levels of an edition). `decided`: the results carry the committee's decisions
    (certify report --overrides), which the documents show, and the notice applies (notice.decided_level).
    `edited`: the rulesets, by sha256, that bear another's id and version with other rules (namesake.py),
    said where the documents name them. `decisions_file`: the decisions' file (decisionsfile.DecisionsFile), which
    the overview, the index and the review sheets of applicants with decisions name with its sha256.
    `replaced`: the folder replaced (--force) is set aside into it, not removed (atomic_folder). `names`: the
    batch's file names (repeats.NamesSeen), by which each document escapes a file name that prints as another
    does (one NFC, the other NFD), as certify check's table does: the summary's file column, the review sheet's
    file, the overview's and index.html's lists of errors. `level`: report's --level (summary_row). `kinds`: what
    gives Batch.kinds once the results are in, so that the overview counts a spreadsheet not read as no applicant.
    """
    with atomic_folder(out, force=force, replaced=replaced) as tmp:
        docs = DocumentSet(tmp, ruleset, lang, levels=levels, editions=editions, decided=decided, edited=edited,
                           decisions_file=decisions_file, names=names, level=level)
        try:
            for result in results:
                docs.add(result)
            docs.overview.sets_unread = (kinds()[2] or 0) if kinds else 0
            docs.finish()
        finally:
            docs.close()
    return docs.overview
