"""Reports: verdicts as a table, an explanation, JSON lines, JSON, CSV or Markdown.

Each reporter takes results one at a time (`add`) and writes as it goes where its
format allows, so a batch of any size streams; `finish` writes what must come last.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import replace
from collections.abc import Iterable
from typing import TextIO

import orjson
from tabulate import tabulate

from .check import Failure, Rendered, Result, far_ahead
from .columns import WIDTH, beside, fill
from .errors import in_language
from .explain import (AHEAD, STATUS_WORDS, ahead_kinds, ahead_text, ahead_what, capital, colon, explain, level_label,
                      no_level, paren)
from .gaps import gap_lines, gap_parts, target_of
from .mdtext import md_cell
from .repeats import ShownNames, printed_alike
from .results import result_record, to_json
from .rulebook import edition_text
from .unjudged import failure_lines, unjudged_list
from .verdict import Verdict

HEADINGS = {
    "en": {"file": "file", "applicant": "applicant", "as_of": "as of", "qualified": "qualified level",
           "target": "target", "target_status": "target status", "error": "error", "level": "L{n}",
           "rule": "rule", "status": "status", "explanation": "explanation",
           "ruleset": "ruleset", "override": "committee override", "edition": "edition",
           "today": "today: the dossier gives no as_of",
           "today_note": "** As of the day of judging (today: {t}): the dossier gives no as_of; run on another "
                         "day, the verdict may differ."},
    "zh": {"file": "文件", "applicant": "申报人", "as_of": "截止日期", "qualified": "认定级别",
           "target": "申报级别", "target_status": "申报级别结果", "error": "错误", "level": "{n}级",
           "rule": "规则", "status": "结果", "explanation": "说明",
           "ruleset": "标准", "override": "评审委员会决定", "edition": "标准版本",
           "today": "今天：申报材料未给出 as_of",
           "today_note": "** 截止日期为评定当日（今天：{t}）：申报材料未给出 as_of；另一天再运行，结果可能不同。"},
}


def _applicant(v: Verdict) -> str:
    return f"{v.applicant_id} {v.applicant_name}" if v.applicant_name else v.applicant_id


def _explained(o, lang: str) -> str:
    """A rule's explanation: worded now from its outcome, or as a decision record keeps it (recordview.py)."""
    recorded = getattr(o, "recorded", None)
    return explain(o, lang) if recorded is None else recorded


def as_of_text(v: Verdict, lang: str) -> str:
    """The as-of date, and where it came from when that is today: the dossier gives none (showrecord.py says so of a
    record, and a review sheet of its applicant, in the same words); or, when the dossier gives one more than a
    year after the day of judging, how far after it is, asking whether it is mistyped (check.far_ahead)."""
    today = getattr(v, "as_of_today", False)  # a recorded verdict (recordview.py) says it in its own head
    far = getattr(v, "as_of_far", None)  # the dossier's date a year or more after the day of judging: mistyped?
    note = HEADINGS[lang]["today"] if today else in_language(far_ahead(v.as_of, far), lang) if far else ""
    return v.as_of.isoformat() + (paren(note, lang) if note else "")


class Reporter:
    """Writes results to `out` in one format."""

    def __init__(self, out: TextIO, lang: str = "en", levels: int = 4, overrides: bool = False,
                 edition: bool = False, width: int = WIDTH, names: Iterable[str] = (), level: int | None = None) -> None:
        self.out, self.lang, self.levels = out, lang, levels
        # --level: the target level of a table's or CSV's row that could not be judged too (Failure.target); results-v1's
        # error record (jsonl, json) gets none: a program takes a record with a target_level for a verdict with a status
        self.level = level
        self.names = ShownNames(names)  # the batch's file names (--explain): two that print alike, escaped
        self.width = width  # the columns a line of text may take (columns.line_width); a table is never wrapped
        self.overrides = overrides  # a column for committee decisions (overrides.py)
        self.edition = edition  # a column naming the edition that judged each dossier (editions.py)
        self.words = HEADINGS[lang]

    def add(self, result: Result) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass

    def told(self, result: Result) -> Result:
        """The result with its file as `names` shows it (told apart from a name that prints alike)."""
        shown = self.names.shown(result.file)
        return result if shown == result.file else replace(result, file=shown)

    def status(self, status: str | None) -> str:
        return STATUS_WORDS[self.lang][status] if status else ""

    def as_of(self, v: Verdict) -> str:
        return as_of_text(v, self.lang)

    def level_name(self, v: Verdict, n: int) -> str:
        return level_label(n, v.level(n).level.name(self.lang), self.lang) if n else no_level(self.lang)

    def row(self, v: Verdict) -> list:
        """A verdict's row of the table (TableReporter.add writes a failure's row itself)."""
        target = level_label(v.target_level, self.status(v.target_status), self.lang) if v.target_level else ""
        return ([v.file or "", _applicant(v), v.as_of.isoformat(), self.level_name(v, v.qualified_level)]
                + [self.status(status) for status in v.level_statuses(self.levels)] + [target]
                + (["; ".join(o.cell(self.lang) for o in v.overrides)] if self.overrides else [])
                + ([edition_text(v.ruleset, self.lang).removeprefix(v.ruleset["id"] + " ")]
                   if self.edition else []))

    def header(self) -> list[str]:
        w = self.words
        return ([w["file"], w["applicant"], w["as_of"], w["qualified"]]
                + [w["level"].format(n=n) for n in range(1, self.levels + 1)] + [w["target"]]
                + ([w["override"]] if self.overrides else []) + ([w["edition"]] if self.edition else []))


class TableReporter(Reporter):
    """One row per dossier (buffered: a table needs its column widths)."""

    fmt = "simple"

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.rows: list[list] = []
        self.files: list[str] = []  # each row's file as given: names that print alike are told apart (finish)
        self.failures: list[Failure] = []  # listed under the table, so that a long message does not widen it
        self.ahead = None  # today, when an as-of date is after it (marked *, said under the table)
        self.assumed = (False, False)  # whether such a verdict counts jobs under way today, and dated records
        self.today = None  # today, when a dossier gives no as-of date and is judged as of it (marked **, said too)

    def add(self, result: Result) -> None:
        self.files.append(result.file or "")
        if isinstance(result, Failure):
            self.failures.append(result)
            target = result.target(self.levels, self.level)  # the target column, as a judged row has it, without a status
            row = ([result.file, result.applicant, "", self.words["error"] + paren(len(self.failures), self.lang)]
                   + [""] * self.levels + [level_label(target, "", self.lang).rstrip() if target else ""])
            self.rows.append(row + [""] * (len(self.header()) - len(row)))
            return
        self.rows.append(self.row(result))
        if result.ahead_of:
            self.rows[-1][2] += "*"
            self.ahead = result.ahead_of
            self.assumed = tuple(a or b for a, b in zip(self.assumed, ahead_kinds(result)))
        if result.as_of_today:  # a date HR or the applicant wrote and today's are told apart, as --explain does
            self.rows[-1][2] += "**"
            self.today = result.as_of

    def finish(self) -> None:
        alike = printed_alike(self.files)  # two names that print alike (NFC, NFD): each escaped, as an error
        for row, name in zip(self.rows, self.files):  # tells them apart; any other cell as it was
            if name in alike:
                row[0] = self.cell(alike[name])
        if self.rows:
            self.out.write(tabulate(self.rows, headers=self.header(), tablefmt=self.fmt) + "\n")
        if self.ahead:
            what = ahead_what(self.lang, *self.assumed, to=1)
            self.out.write("\n" + self.note(AHEAD[self.lang]["table"].format(t=self.ahead.isoformat(), what=what)) + "\n")
        if self.today:
            self.out.write("\n" + self.note(self.words["today_note"].format(t=self.today.isoformat())) + "\n")
        if self.failures:  # each file named as its row names it: two that print alike escaped there too
            errors = [self.cell(line) for line in failure_lines(self.failures, self.lang, alike)]
            self.out.write("\n" + unjudged_list(errors, self.lang, self.list_item, self.list_gap))

    list_gap, list_item = "", "  "  # how the errors under the table are listed

    def note(self, text: str) -> str:
        return text

    def cell(self, text: str) -> str:
        return text


class MarkdownReporter(TableReporter):
    """The table in GitHub's Markdown, every cell escaped (md_cell): one row per dossier, whatever its names say;
    the errors listed under it are escaped too."""

    fmt = "github"
    list_gap, list_item = "\n", "- "  # a Markdown list, not lines run together into one paragraph

    def add(self, result: Result) -> None:
        super().add(result)
        self.rows[-1] = [md_cell(cell) for cell in self.rows[-1]]  # the errors under it: finish, by cell

    def note(self, text: str) -> str:
        return md_cell(text)

    def cell(self, text: str) -> str:
        return md_cell(text)


class ExplainReporter(Reporter):
    """Every rule of every level with its status and explanation, dossier by dossier: laid out to `width`
    columns (columns.py), a sentence that runs on indented under its first line."""

    def lines(self, text: str, indent: str, hang: str) -> str:
        return "".join(line + "\n" for line in fill(text, self.width, indent, hang, self.lang))

    def facts(self, facts: list[str]) -> str:
        """Facts side by side (`applicant: ...    as of: ...`), as many to a line as fit."""
        return "".join(line + "\n" for line in beside(facts, self.width, "  ", lang=self.lang))

    def add(self, result: Result) -> None:
        w, out, c = self.words, self.out, colon(self.lang)
        result = self.told(result)  # a file name that prints as another of the batch's does: escaped
        if isinstance(result, Failure):
            out.write(f"{result.named(self.lang)}\n" + self.lines(w["error"] + c + result.error.detail(self.lang),
                                                                   "  ", "    ") + "\n")
            return
        v = result
        out.write(f"{v.file or ''}\n")
        out.write(self.facts([f"{w['applicant']}{c}{_applicant(v)}", f"{w['as_of']}{c}{self.as_of(v)}",
                              f"{w['ruleset']}{c}{edition_text(v.ruleset, self.lang)}"]))
        out.write(self.facts([f"{w['qualified']}{c}{self.level_name(v, v.qualified_level)}"]
                             + ([f"{w['target']}{c}{self.level_name(v, v.target_level)}"
                                 + paren(self.status(v.target_status), self.lang)] if v.target_level else [])))
        if v.ahead_of:
            out.write(self.lines(ahead_text(v, self.lang), "  ", "    "))
        for o in v.overrides:  # beside the verdict, never instead of it
            out.write(self.lines(f"{w['override'].upper() if self.lang == 'en' else w['override']}{c}"
                                 f"{o.text(self.lang)}", "  ", "    "))
        for lv in v.levels:
            out.write("\n" + self.lines(f"{self.level_name(v, lv.number)}{c}{self.status(lv.status)}", "  ", "    "))
            for o in lv.rules:
                out.write(f"    {o.rule.id}  [{self.status(o.status)}]\n")
                out.write(self.lines(_explained(o, self.lang), "      ", "      "))
        target = target_of(v)
        if target:  # the heading, then a sentence per rule and the level's, hanging as the explanations do
            title, *sentences = gap_lines(v, target, self.lang)
            out.write("\n" + self.lines(title, "  ", "    ")
                      + "".join(self.lines(line.removeprefix("  "), "    ", "      ") for line in sentences))
        out.write("\n")


class MarkdownExplainReporter(Reporter):
    """The explanation as Markdown: a heading per dossier, a table per level; what a dossier or file
    names is escaped (md_cell) wherever it shows."""

    def add(self, result: Result) -> None:
        w, out, c = self.words, self.out, colon(self.lang)
        result = self.told(result)
        if isinstance(result, Failure):
            out.write(f"## {md_cell(result.named(self.lang))}\n\n"
                      f"**{w['error']}**{c}{md_cell(result.error.detail(self.lang))}\n\n")
            return
        v = result
        out.write(f"## {md_cell(_applicant(v))}\n\n")
        facts = [(w["file"], v.file or ""), (w["as_of"], self.as_of(v)),
                 (w["ruleset"], edition_text(v.ruleset, self.lang)),
                 (w["qualified"], self.level_name(v, v.qualified_level))]
        if v.target_level:
            facts.append((w["target"], self.level_name(v, v.target_level) + paren(self.status(v.target_status), self.lang)))
        facts += [(f"**{w['override']}**", o.text(self.lang)) for o in v.overrides]
        out.write("".join(f"- {k}{c}{md_cell(val)}\n" for k, val in facts) + "\n")
        if v.ahead_of:
            out.write(md_cell(ahead_text(v, self.lang)) + "\n\n")
        for lv in v.levels:
            out.write(f"### {md_cell(self.level_name(v, lv.number))}{c}{self.status(lv.status)}\n\n")
            rows = [[md_cell(o.rule.id), self.status(o.status), md_cell(_explained(o, self.lang))] for o in lv.rules]
            out.write(tabulate(rows, headers=[w["rule"], w["status"], w["explanation"]], tablefmt="github"))
            out.write("\n\n")
        target = target_of(v)
        if target:  # the gap, as the text explanation says it: a heading, a list item per rule, the level's line
            title, items, closing = gap_parts(v, target, self.lang)
            out.write(f"### {md_cell(title)}\n\n" + "".join(f"- {md_cell(item)}\n" for item in items)
                      + ("\n" if items else "") + (f"{md_cell(capital(closing))}\n\n" if closing else ""))


class StreamReporter(Reporter):
    """A format written one result at a time.

    `render` makes a result's text anywhere (a worker process renders its verdicts,
    so that the parent of a pool only writes them); `add` writes it here. A render
    may give UTF-8 bytes rather than text: they go straight to the file under a
    UTF-8 text stream (no decoding in the worker, no encoding again here).
    """

    def render(self, result: Result) -> str | bytes:
        raise NotImplementedError

    def add(self, result: Result) -> None:
        self.write(result.text if isinstance(result, Rendered) else self.render(result))

    def write(self, text: str | bytes) -> None:
        if isinstance(text, str):
            self.out.write(text)
            return
        raw = self._raw()
        if raw is None:
            self.out.write(text.decode("utf-8"))
        else:
            raw.write(text)

    def _raw(self):
        """The binary file under `out` when bytes may be written to it as they are, else None
        (decided once; `out` is flushed first, so that nothing written before comes after)."""
        if not hasattr(self, "_raw_out"):
            self._raw_out = _utf8_binary(self.out)
            if self._raw_out is not None:
                self.out.flush()
        return self._raw_out


def _utf8_binary(out) -> object | None:
    """The buffer of a UTF-8 text file that translates no newlines and is not line-buffered, else None."""
    try:
        if (isinstance(out, io.TextIOWrapper) and codecs.lookup(out.encoding).name == "utf-8"
                and not out.line_buffering and os.linesep == "\n"):
            return out.buffer
    except (AttributeError, LookupError, ValueError):  # a detached or closed stream: write text
        pass
    return None


class JsonLinesReporter(StreamReporter):
    """results-v1: one JSON object per input file, one per line."""

    def render(self, result: Result) -> str:
        # UTF-8 bytes (see StreamReporter); orjson ends the line itself: a second copy of a long line saved.
        return orjson.dumps(result_record(result, self.lang), option=orjson.OPT_APPEND_NEWLINE)


class JsonReporter(StreamReporter):
    """A JSON array of results-v1 objects, streamed."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.first = True

    def render(self, result: Result) -> str:
        return to_json(result_record(result, self.lang))

    def write(self, text: str) -> None:
        self.out.write(("[\n" if self.first else ",\n") + text)
        self.first = False

    def finish(self) -> None:
        self.out.write("[]\n" if self.first else "\n]\n")


class CsvReporter(StreamReporter):
    """One row per dossier: the summary a spreadsheet opens."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)
        # Written with the first row: a command stopped before any verdict writes nothing. A worker's only renders.
        self.head = self._line(["file", "applicant_id", "name", "as_of", "ruleset_id", "ruleset_version",
                                "qualified_level"] + [f"level_{n}" for n in range(1, self.levels + 1)]
                               + ["target_level", "target_status", "error"]
                               + (["overrides"] if self.overrides else [])) if self.out is not None else ""

    def add(self, result: Result) -> None:
        self.finish()
        super().add(result)

    def finish(self) -> None:
        """The header, once: before the first row, or alone after an empty batch."""
        if self.head:
            self.write(self.head)
            self.head = ""

    def _line(self, cells: list) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(cells)
        return self.buffer.getvalue()

    def render(self, result: Result) -> str:
        if isinstance(result, Failure):
            return self._line([result.file, result.applicant_id or "", result.applicant_name or ""]
                              + [""] * (self.levels + 4) + [result.target(self.levels, self.level) or "", ""]
                              + [result.error.detail(self.lang)]
                              + ([""] if self.overrides else []))
        v = result
        # With --overrides, the committee's decisions in a last column, beside the verdict as in the table.
        decisions = ["; ".join(o.cell(self.lang) for o in v.overrides)] if self.overrides else []
        return self._line([v.file, v.applicant_id, v.applicant_name or "", v.as_of.isoformat(),
                           v.ruleset["id"], v.ruleset["version"], v.qualified_level]
                          + [status or "" for status in v.level_statuses(self.levels)]
                          + [v.target_level or "", v.target_status or "", ""] + decisions)


REPORTERS: dict[str, type[Reporter]] = {
    "table": TableReporter,
    "explain": ExplainReporter,
    "jsonl": JsonLinesReporter,
    "json": JsonReporter,
    "csv": CsvReporter,
    "markdown": MarkdownReporter,
    "markdown-explain": MarkdownExplainReporter,
}
