"""Which file `certify verify` and `certify show` read, when two could be meant: a record names each file it read
by where it was (`resolved`, absolute) and as given (`path`, from the folder check ran in), and the file where it
was is read first. A copy of the cycle handed over (an auditor's, in a folder of their own) names, as given, its
own files; when the files where they were are still there, those are read, not the copy's. Said whenever the
file as given from here is another file, with other bytes, so that no one takes a verdict on the one for a verdict
on the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Message, say
from .records import sha256_of


def _csv_files(folder: Path) -> dict[str, str]:
    """A CSV set's files, as the set is read (its .csv files, not hidden ones) -> their sha256."""
    return {p.name: sha256_of(p) for p in folder.iterdir()
            if p.suffix.lower() == ".csv" and not p.name.startswith(".") and p.is_file()}


def _other_bytes(a: Path, b: Path) -> bool:
    try:
        if a.is_dir() or b.is_dir():  # a CSV set: its files compared, as a copy of the folder has the same
            return not (a.is_dir() and b.is_dir()) or _csv_files(a) != _csv_files(b)
        return sha256_of(a) != sha256_of(b)
    except OSError:
        return False


def read_elsewhere(resolved, given, what: Message, compared: dict | None = None) -> Message | None:
    """`what` (the dossier, the committee's decisions) was read at `resolved`, where it was judged, while `given`
    from here is another file with other bytes (not read): said; None when they are one file, or the same bytes,
    or either is not there, or either is no text (a record edited: verify says it is no decision record).
    `compared`: the pairs of files compared before in this run, and what was found (a workbook's records name it
    each: it is read once for them all, not once a record)."""
    if not (isinstance(resolved, str) and isinstance(given, str) and resolved and given):
        return None
    if not os.path.exists(resolved) or not os.path.exists(given):
        return None
    try:
        if os.path.samefile(resolved, given):
            return None
    except OSError:
        return None
    compared = {} if compared is None else compared
    if (resolved, given) not in compared:
        compared[resolved, given] = _other_bytes(Path(resolved), Path(given))
    if not compared[resolved, given]:
        return None
    return say("{w} at {r}, as recorded, not at {g} here, another file with other bytes",
               "{w}按记录从 {r} 读取，而非此处的 {g}（此处的是另一份文件，内容不同）", w=what, r=resolved, g=given)


DOSSIER = Message("the dossier was read", "申报材料")
DECISIONS = Message("the committee's decisions were read", "评审委员会决定")


def records_elsewhere(record, compared: dict | None = None) -> list[Message]:
    """What of a record's files was read where it was judged, though the file as given here is another
    (`compared`: as read_elsewhere's, kept for a run)."""
    if not isinstance(record, dict):
        return []
    dossier = record.get("dossier") if isinstance(record.get("dossier"), dict) else {}
    options = record.get("options") if isinstance(record.get("options"), dict) else {}
    said = [read_elsewhere(dossier.get("resolved"), dossier.get("source", dossier.get("path")), DOSSIER, compared),
            read_elsewhere(options.get("overrides_resolved"), options.get("overrides"), DECISIONS, compared)]
    return [s for s in said if s is not None]
