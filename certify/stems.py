"""File names of the review sheets of a cycle (sheets/<id>.md and .html): the id itself where it is a safe name,
else a safe form of it with a hash of the id, never the name of another applicant's sheet; and the names of
everything else a report's folder holds, which --force may replace (documents_file)."""

from __future__ import annotations

import hashlib
import os
import re

_UNSAFE = re.compile(r"[^\w.\-]+")
# A name that keeps its id ends in no "-" and 8 hex digits: a changed name always does, so the two never meet.
_CHANGED = re.compile(r"-[0-9a-f]{8}$", re.IGNORECASE)
# Names Windows keeps for devices, whatever follows a dot: sheets/CON.md cannot be opened there.
_DEVICES = frozenset(["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))])
STEM_BYTES = 100  # well inside the 255 bytes a file name may have, with room for the extension


def file_stem(ident: str, taken: set[str]) -> str:
    """A file name for an applicant's review sheet, unique in `taken` (compared ignoring case).

    An id that is a safe file name as it is keeps it (E1024.md, 张伟.md). Any other id
    (unsafe characters, too long, a device name, or taken already ignoring case) gets
    its safe form cut short plus "-" and a hash of the id (E/1: E_1-6c92438d.md). No id
    keeps a name of that form, so a changed name is never the name of another
    applicant's sheet (nor that applicant's id, short of two ids' hashes meeting); it
    is the same for the same id in every run.
    """
    stem = _UNSAFE.sub("_", ident).strip("._") or "applicant"
    if (stem == ident and len(stem.encode("utf-8")) <= STEM_BYTES and stem.lower() not in taken
            and not _CHANGED.search(stem) and stem.split(".")[0].lower() not in _DEVICES):
        taken.add(stem.lower())
        return stem
    short = stem.encode("utf-8")[:STEM_BYTES - 9].decode("utf-8", "ignore")
    salt = 0
    while True:  # a second try only if two ids share a cut-short form and a hash, ignoring case
        digest = hashlib.sha256(f"{ident}\n{salt}".encode() if salt else ident.encode()).hexdigest()[:8]
        candidate = f"{short}-{digest}"
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
        salt += 1


DOCUMENTS = frozenset(["index.html", "notice.csv", "notice.html", "notice.md", "overview.md", "summary.csv",
                       "summary.xlsx"])
_DESKTOP = frozenset([".DS_Store", "Thumbs.db", "desktop.ini"])  # what a desktop leaves in a folder it shows


def documents_file(rel: str) -> bool:
    """Whether a file at `rel` in a folder is one `certify report` writes there (a review sheet in sheets/ of any
    applicant's, a page of a long cycle's list of them in pages/), or a desktop's own: what replacing the folder
    with a report's documents loses nothing of."""
    parts = rel.split(os.sep)
    return (parts[-1] in _DESKTOP or (len(parts) == 1 and parts[0] in DOCUMENTS)
            or (len(parts) == 2 and parts[0] == "sheets" and parts[1].endswith((".md", ".html")))
            or (len(parts) == 2 and parts[0] == "pages" and re.fullmatch(r"\d{4,}\.html", parts[1]) is not None))
