"""Which of the paths named to verify and show are decision records: files as named, folders searched.

A batch manifest or a kept ruleset (manifest.py) is never a record; a folder that cannot be listed, a link to a
folder and a pipe named like a record are each said as a record that cannot be verified, never passed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import NOT_A_FILE, CertifyError, Message, no_such_path, not_a_file, say
from .filekinds import is_ruleset
from .load import parse_yaml
from .manifest import BATCHES, RULESETS, manifest_path_ok, ruleset_copy_ok
from .verify import CANNOT, Check


def find_records(paths: Iterable[str | Path], kept=None) -> Iterator[Path | Check]:
    """Record files: files as named, folders searched recursively for .json files, sorted.

    A folder that cannot be listed comes in its place as a Check that cannot verify:
    the records it holds, if any, are unknown, and are never passed over in silence.
    Batch manifests and kept rulesets (manifest.py), named or met, are never records: they go
    into `kept` (a verifyfolder.Kept), if given.
    """
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise no_such_path(p)
    named = {os.path.realpath(p) for p in paths}
    for p in paths:
        if p.is_dir():
            yield from _records_under(p, named, kept)
        elif not _kept(p, kept):
            yield p


def _kept(path: Path, kept) -> bool:
    """Whether `path` is a batch manifest or a kept ruleset (put into `kept`, if given), not a record."""
    if manifest_path_ok(path):
        kept is None or kept.manifests.append(path)
        return True
    if ruleset_copy_ok(path):
        kept is None or kept.rulesets.append(path)
        return True
    return False


def _records_under(root: Path, named: set[str], kept=None) -> list[Path | Check]:
    found: list[tuple[str, Path | Check]] = []

    def unreadable(exc: OSError) -> None:
        folder = Path(exc.filename)
        found.append((folder.relative_to(root).as_posix() + "/" if folder != root else "",
                      Check(str(folder), CANNOT, say("cannot read folder: {e}; its records, if any, were not verified",
                                                     "无法读取文件夹：{e}；其中的判定记录（如有）未被核对",
                                                     e=exc.strerror or exc))))

    inside = os.path.join(os.path.realpath(root), "")
    for folder, folders, files in os.walk(root, onerror=unreadable):
        kept is None or kept.searched.add(os.path.abspath(folder))
        for name in folders:  # a link to a folder is not entered (two links could make a loop): said, not passed over
            path = Path(folder, name)
            real = os.path.realpath(path)
            if path.is_symlink() and real not in named and not os.path.join(real, "").startswith(inside):
                found.append((path.relative_to(root).as_posix() + "/", Check(str(path), CANNOT, Message(
                    "a link to a folder is not searched, so its records, if any, were not verified: name it on "
                    "the command line", "指向文件夹的链接不会被查找，其中的判定记录（如有）未被核对：请在命令行中写出它"))))
        for name in files:
            path = Path(folder, name)
            read = name.endswith(".json") and not name.startswith(".")
            if (read or manifest_path_ok(path) or ruleset_copy_ok(path)) and not_a_file(path):
                # a pipe or device named as a record, a manifest or a kept ruleset: said, never waited on
                found.append((path.relative_to(root).as_posix(), Check(str(path), CANNOT, NOT_A_FILE)))
            elif not _kept(path, kept) and read:
                found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    return [item for _, item in found]


def kept_named(paths: Iterable[str | Path]) -> list[Path]:
    """The kept rulesets (DIR/rulesets/SHA256.yaml) among the paths named: no records, and no folders to search."""
    return [Path(p) for p in paths if ruleset_copy_ok(Path(p)) and not Path(p).is_dir()]


def kept_said(path: Path, command: str = "verify", *, intact: bool = True) -> Message:
    """What a kept ruleset named to `certify verify` (or show) is, and what to run instead: the command on its records
    folder, for the records judged by it; explain or diff, to read the rules as they were (not for a copy whose
    bytes are not those its name gives: not `intact`)."""
    folder = path.parent.parent
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, CertifyError):
        data = None
    edition = f"{data['id']} {data.get('version') or ''}".strip() if is_ruleset(data) else None
    named = say(" ({e})", "（{e}）", e=edition) if edition else ""
    verb, zh = (("verifies", "核对"), ("shows", "显示"))[command == "show"]
    said = say("a ruleset the records folder {f} keeps{n}, not a decision record: certify {c} {f} {v} the records "
               "judged by it", "这是判定记录文件夹 {f} 留存的标准{n}，不是判定记录：{z}据其评定的判定记录请用 certify {c} {f}",
               f=folder, n=named, c=command, v=verb, z=zh)
    return say("{s}; certify explain and certify diff take it as any ruleset file",
               "{s}；certify explain、certify diff 可像读取其他标准文件一样读取它", s=said) if intact else said


def records_folder_said(folder: Path) -> Message | None:
    """What a records folder named where a ruleset or a folder of editions goes (certify diff) is, and what to run
    instead: diff on the rulesets it keeps, verify on its records; None for a folder that is no records folder."""
    if not any((folder / sub).is_dir() for sub in (BATCHES, RULESETS)) or any(folder.glob("*.y*ml")):
        return None
    return say("{f} is a records folder, not a folder of editions: the rulesets its records were judged by are kept in "
               "{r} (certify diff {r}/SHA256.yaml OTHER.yaml compares one with another); certify verify {f} re-checks "
               "its verdicts", "{f} 是判定记录文件夹，不是标准版本文件夹：其判定记录所据的标准留存在 {r} 中（比较其中之一与另一标准："
               "certify diff {r}/SHA256.yaml OTHER.yaml）；重新核对其判定结果请用 certify verify {f}",
               f=folder, r=folder / RULESETS)
