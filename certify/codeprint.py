"""The fingerprint of certify's own code, which a decision record keeps beside its versions (`versions.certify_code`).

certify's version says little while its code changes under it: the same 0.1.0 may word an explanation otherwise
from one build to the next, and a record whose verdict then differs would look edited by hand. The fingerprint is the
sha256 of the package's Python modules (certify/ and certify/cli/, no __pycache__), each file by its path relative to
the package, with `/`, and the sha256 of its bytes, in the order of those paths: its name and its contents, not
its time or permissions. The bundled rulesets are not in it (a record keeps its ruleset's own sha256, which verify
compares first), nor the dossier templates (no verdict reads them). It is worked out once a process, and only where
a record is written, verified or shown (records.versions), or a review sheet names the certify that judged
(documents.judged_by: `certify report`): never by a plain `certify check`.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from .errors import Message, say

PACKAGE = Path(__file__).resolve().parent


def code_files(package: Path = PACKAGE) -> list[tuple[str, Path]]:
    """The package's modules, each by its path relative to the package (`cli/check.py`), in the order of those
    paths; a folder linked into the package (its rulesets) is not walked."""
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [s for s in subfolders if s != "__pycache__"]
        found += [(Path(folder, f).relative_to(package).as_posix(), Path(folder, f)) for f in files if f.endswith(".py")]
    return sorted(found)


def code_sha256(package: Path = PACKAGE) -> str:
    """The fingerprint of the code in `package` (64 hex digits): see the module's docstring."""
    digest = hashlib.sha256()
    for name, path in code_files(package):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def certify_code() -> str:
    """This certify's fingerprint, worked out once a process."""
    return code_sha256()


def code_said(code: str) -> Message:
    """A fingerprint as a reader of a record or a review sheet is shown it, by its first 12 digits, after the version
    it goes with: ` (code sha256 6ac818b4fc7d…)`, `（代码 sha256 6ac818b4fc7d…）`."""
    return say(" (code sha256 {k}…)", "（代码 sha256 {k}…）", k=code[:12])
