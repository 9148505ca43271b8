"""The list of review sheets that index.html links: kept on disk as the results come, and paged when long.

A cycle of up to PAGE applicants lists every one in index.html itself. A longer one lists in index.html
its pages, each with the first and last applicant on it (pages/0001.html, pages/0002.html, ...; PAGE
applicants a page, in input order), and each page lists its applicants as index.html would, with links
to the index and to the pages before and after it: a browser opens a page of 1,000 rows at once, where
one of 100,000 rows took minutes, and finds an applicant on it with Ctrl-F. Whatever the cycle's size,
no more than a page of the list is held in memory.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from .spool import Pickled

PAGE = 1000  # applicants on a page of the list of review sheets


def page_name(number: int) -> str:
    """The file of the list's page `number` (from 1), under the documents' folder."""
    return f"pages/{number:04d}.html"


class SheetList(Pickled):
    """(id, name, qualified level text, target, target status, stem or None, file, error, decisions, record) of
    each result, in input order, written to a temporary file as they come; `recorded`: some result's decision
    record is named (certify report --record), which the list then gives a column."""

    def __init__(self) -> None:
        super().__init__("certify-index-")
        self.recorded = False

    def append(self, entry: tuple) -> None:
        super().append(entry)
        self.recorded = self.recorded or entry[-1] is not None


def write_index(folder: Path, overview, sheets: SheetList, lang: str, *, decided: bool = False) -> int:
    """index.html into `folder`, and the list's pages when there are more than PAGE results; how many pages."""
    from . import html

    if len(sheets) <= PAGE:
        (folder / "index.html").write_text(html.index_page(overview, sheets, lang, decided=decided,
                                                           recorded=sheets.recorded), encoding="utf-8")
        return 0
    pages = -(-len(sheets) // PAGE)
    (folder / "pages").mkdir()
    spans = []  # (page number, first row, last row, first id, last id)
    entries = iter(sheets)
    for number in range(1, pages + 1):
        rows = list(islice(entries, PAGE))
        first = (number - 1) * PAGE + 1
        spans.append((number, first, first + len(rows) - 1, rows[0][0], rows[-1][0]))
        (folder / page_name(number)).write_text(
            html.sheets_page(overview, rows, lang, decided=decided, number=number, pages=pages, first=first,
                             total=len(sheets), recorded=sheets.recorded), encoding="utf-8")
    (folder / "index.html").write_text(html.index_page(overview, (), lang, decided=decided, pages=spans),
                                       encoding="utf-8")
    return pages
