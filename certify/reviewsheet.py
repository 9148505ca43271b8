"""A review sheet (评审表: sheets/ID.md and sheets/ID.html) rendered where its verdict is judged.

Rendering a sheet (each rule's explanation, twice, escaped for Markdown and HTML) is most of what a cycle's
documents cost per applicant: in the parent of a pool's workers it took ~1.5 ms an applicant while the
workers judged, so `certify report --jobs N` was hardly faster than one process. A worker renders it
instead (parallel.py, SHEETS), and the parent only writes the bytes it gets. What the parent attaches to
a verdict after it is judged, the committee's decisions (--overrides, checked against the whole cycle) and
the decision record written of it (--record), shows only in the facts at the sheet's head: a sheet is kept
as three parts, and the parent words the facts again when the verdict has either. With one process the
parent renders each sheet itself the same way, so the files are the same, byte for byte, with any --jobs.
"""

from __future__ import annotations

import os
import pickle
import zlib
from dataclasses import replace
from typing import NamedTuple

from .documents import header_facts
from .documentwords import WORDS, heading
from .explain import STATUS_WORDS, ahead_text, colon, explain
from .html import review_facts, review_page
from .mdtext import md_cell
from .recordfile import RecordFile
from .verdict import Verdict


class Parts(NamedTuple):
    """A file of a review sheet as UTF-8 bytes: what comes before the facts at its head, the facts as a worker
    worded them (no decisions, no record yet), what comes after them."""

    head: bytes
    facts: bytes
    tail: bytes


class ReviewSheet(NamedTuple):
    """An applicant's review sheet, both files (a plain tuple of bytes: cheap to send between processes); `record`:
    the decision record its facts name (recordfile.RecordFile), the one made with the verdict, if any."""

    lang: str
    md: Parts
    html: Parts
    record: object = None

    @classmethod
    def of(cls, v: Verdict, lang: str, edited: dict | None = None) -> ReviewSheet:
        """`v`'s review sheet (`edited`: the rulesets, by sha256, that bear another's id and version with other
        rules, namesake.py). A verdict whose record was made with it (Verdict.made_record) gets facts that name
        the record as it will be written; the parent words them again if it is not (recorded already)."""
        texts = [[explain(o, lang) for o in lv.rules] for lv in v.levels]
        md_head, md_tail = markdown_parts(v, lang, texts)
        html_head, html_tail = review_page(v, lang, texts, edited)
        made, record = v.made_record, v.record
        if record is None and made is not None and not v.overrides:
            record = RecordFile(made.name, made.sha256)
            v = replace(v, record=record)
        return cls(lang, Parts(_utf8(md_head), _utf8(markdown_facts(v, lang, edited)), _utf8(md_tail)),
                   Parts(_utf8(html_head), _utf8(review_facts(v, lang, edited)), _utf8(html_tail)), record)

    def files(self, v: Verdict, edited: dict | None = None, decisions=None, reword: bool = False) -> tuple[bytes, bytes]:
        """The sheet's Markdown and HTML files, as bytes to write, for `v` as it stands now: with the committee's
        decisions and its decision record, when the parent has attached them since and they are not what the
        facts were worded with (`decisions`: the decisions' file, decisionsfile.DecisionsFile, that the facts
        name under them); `reword`: its file's name is shown otherwise than the worker saw it (escaped, as one that
        prints as another file's of the batch does)."""
        md, page = self.md.facts, self.html.facts
        if reword or v.overrides or v.record != self.record:  # changed after judging: not in the worker's facts
            md, page = (_utf8(markdown_facts(v, self.lang, edited, decisions)),
                        _utf8(review_facts(v, self.lang, edited, decisions)))
        return self.md.head + md + self.md.tail, self.html.head + page + self.html.tail


def sheet_of(result, lang: str, edited: dict | None = None, squeezed: bool = False):
    """A result carrying its review sheet when it is a verdict (what a pool's worker sends for certify report).

    `squeezed`: the sheet compressed (bytes), for a result that waits in a temporary file with the rest of the
    cycle while the committee's decisions are checked (spool.py): ~2.9 KB there instead of ~12 KB; compressing
    it costs the worker about a sixth of rendering it, uncompressing it the parent less than a tenth."""
    if not isinstance(result, Verdict):
        return result
    sheet = ReviewSheet.of(result, lang, edited)
    return replace(result, review_sheet=zlib.compress(pickle.dumps(sheet, pickle.HIGHEST_PROTOCOL), 1)
                   if squeezed else sheet)


def sheet_files(v: Verdict, lang: str, edited: dict | None = None, decisions=None,
                reword: bool = False) -> tuple[bytes, bytes]:
    """`v`'s review sheet, Markdown and HTML, as bytes to write: as a worker rendered it, else rendered here
    (`reword`: its facts worded again, v.file changed since, ReviewSheet.files)."""
    sheet = v.review_sheet
    if isinstance(sheet, bytes):  # squeezed (sheet_of)
        sheet = pickle.loads(zlib.decompress(sheet))  # a worker of this process pickled it
    if sheet is None or sheet.lang != lang:
        sheet = ReviewSheet.of(v, lang, edited)
    return sheet.files(v, edited, decisions, reword)


def markdown_parts(v: Verdict, lang: str, explanations: list[list[str]]) -> tuple[str, str]:
    """One applicant's review sheet as Markdown but for the facts at its head: what comes before them and after:
    every rule's outcome and explanation, and room for the committee's decision."""
    w, st, c = WORDS[lang], STATUS_WORDS[lang], colon(lang)
    out = []
    if v.ahead_of:  # what the verdict assumes, as check's explanation says it
        out += ["", md_cell(ahead_text(v, lang))]
    for lv, texts in zip(v.levels, explanations):
        out += ["", f"## {heading(w['level'].format(n=lv.number))} {md_cell(lv.level.name(lang))}{c}{st[lv.status]}", "",
                f"| {w['rule']} | {w['clause']} | {w['status']} | {w['explanation']} |", "|---|---|---|---|"]
        out += [f"| {md_cell(o.rule.id)} | {md_cell(o.rule.clause)} | {st[o.status]} | {md_cell(text)} |"
                for o, text in zip(lv.rules, texts)]
    out += ["", f"## {w['decision']}", "", "&nbsp;", "", f"{w['signature']}{c}______________    "
            f"{w['date']}{c}______________", ""]
    title = f"# {w['sheet']}{c}{md_cell(v.applicant_id)} {md_cell(v.applicant_name or '')}".rstrip()
    return title + "\n\n", "\n" + "\n".join(out)


def markdown_facts(v: Verdict, lang: str, edited: dict | None = None, decisions=None) -> str:
    """The facts at the head of a review sheet in Markdown (header_facts), a line each."""
    c = colon(lang)
    return "\n".join(f"- {k}{c}{md_cell(val)}" for k, val in header_facts(v, lang, edited, decisions))


def _utf8(text: str) -> bytes:
    """`text` as the bytes a text file of this system holds (a line ends as the system ends it)."""
    return (text if os.linesep == "\n" else text.replace("\n", os.linesep)).encode("utf-8")
