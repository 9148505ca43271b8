"""`certify show RECORDS` as one run: the records found as `certify verify` finds them, each laid out in turn
(showrecord.Shower), what standard error says of each (a file that is no record, a record under a warning), the
text kept for a file written with -o, the note when none is found, and the exit status. The command says them
as they come.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .columns import WIDTH
from .errors import CertifyError, Message, in_language, say
from .explain import series
from .recordsearch import find_records, kept_named, kept_said
from .showrecord import Shower
from .verify import CANNOT, MISSING, Check, no_records
from .verifyfolder import FolderCheck, Kept, copies


@dataclass(frozen=True, slots=True)
class Shown:
    """One record found, as the run says it: its text laid out (None when it could not be shown), and the line
    standard error says of it, if any (why it is no record; the warning a record shown under one gets)."""

    text: str | None
    said: str | None = None


class ShowRun:
    """The records (files, folders or batch manifests) named to `certify show`, laid out as they are iterated;
    with `keep`, their text kept whole (for -o) rather than said."""

    def __init__(self, records: Iterable[str | Path], lang: str = "en", fmt: str = "text", width: int = WIDTH,
                 *, keep: bool = False) -> None:
        self.paths, self.lang, self.fmt, kept = list(records), lang, fmt, Kept()
        found = list(find_records(self.paths, kept))
        folder = FolderCheck(kept)
        found += folder.listed([p for p in found if not isinstance(p, Check)])
        manifests = {os.path.abspath(p) for p in kept.manifests}  # kept rulesets are no records: not said here
        self.found = found + [c for c in folder.problems if os.path.abspath(c.file) in manifests]
        self.found += folder.missing([p for p in found if isinstance(p, Path)])  # listed by a manifest, gone
        changed = {os.path.abspath(c.file): c for c in folder.problems}
        self.found += [Check(str(p), CANNOT, kept_said(p, "show") if (c := changed.get(os.path.abspath(p))) is None
                             else say("{w}; {k}", "{w}；{k}", w=c.why, k=kept_said(p, "show", intact=False)))
                       for p in kept_named(self.paths)]  # a kept ruleset named: what it is, what to run instead
        self.manifests = [m.path for m in folder.manifests]
        self.copied = copies([p for p in self.found if isinstance(p, Path)])  # a copy -> the record it copies
        self.shower = Shower(lang, fmt, width)
        self.shown = self.failed = self.partial = 0
        self._kept = io.StringIO() if keep else None

    def __iter__(self) -> Iterator[Shown]:
        """Each record found, in order: a folder or manifest that cannot be read, or a file that is no record,
        said and passed (the next is still shown)."""
        for found in self.found:
            try:
                if not isinstance(found, Path):  # a folder that cannot be read, a batch manifest that cannot, a
                    raise CertifyError(say("missing: {w}", "缺失：{w}", w=found.why)  # record a manifest lists gone
                                       if found.status == MISSING else found.why, file=found.file)
                text, written = self.shower.show(found, self.copied.get(found))
            except CertifyError as e:
                self.failed += 1
                yield Shown(None, e.said_line(self.lang))
                continue
            said = in_language(say("warning: {f}: {w} (shown under a warning in its head)",  # said in its head; and
                                   "警告：{f}：{w}（显示时其首部注有警告）", f=found, w=written),  # here, for whoever
                               self.lang) if written else None  # reads only the file written with -o
            if unread := self.shower.unread:  # shown, but not in full: a file it names is there and cannot be read
                self.partial += 1
                files = Message(series(unread, "en"), series([u.zh for u in unread], "zh"))
                part = CertifyError(say("not shown in full: {w} cannot be read (its head says why)",
                                        "未能完整显示：{w}无法读取（原因见其首部）", w=files), file=str(found)).said_line(self.lang)
                said = f"{said}\n{part}" if said else part
            text = ("\n" if self.shown and self.fmt == "markdown" else "") + text
            self.shown += 1
            if self._kept is not None:
                self._kept.write(text)
            yield Shown(text, said)

    @property
    def text(self) -> str:
        """Every record shown, as kept (with `keep`)."""
        return self._kept.getvalue() if self._kept is not None else ""

    def wrote(self, output: str | Path) -> str:
        """The line that says the records shown were written to `output`."""
        return in_language(say("wrote {o}: {n} decision record{s}", "已写入 {o}：{n} 份判定记录", o=output, n=self.shown,
                               s="" if self.shown == 1 else "s"), self.lang)

    def notes(self) -> list[str]:
        """After the records: that nothing named holds a record (a wrong folder, most likely), as verify says it."""
        if self.shown or self.failed:
            return []
        note = no_records(self.paths, self.lang, self.manifests)
        return [note] if note else []

    def status(self) -> int:
        """The exit status: 2 when some file could not be shown, or not in full, or none was; 0 otherwise."""
        return 2 if self.failed or self.partial or not self.shown else 0
