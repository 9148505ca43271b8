"""A report's folder (--out): checked before anything is judged, written whole or not at all, the one it replaces
(--force) set aside at once and removed after (atomic.py writes single files whole)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .atomic import (cannot_write, existing_permissions, interrupts_held, is_about_output, make_folder_for,
                     something_at, temp_prefix, through_link, umask)
from .errors import Message, UsageError, exists_already, say


def check_target(path: str | Path, *, force: bool = False, judged: Iterable[str | Path] = (),
                 reads: Iterable[tuple[str | Path | None, Message]] = (), ours=None) -> None:
    """Raise UsageError unless `path` may become the documents' folder: never one that is, or holds, a path
    `judged` (the folder is replaced whole), or another file the command reads (`reads`: the path and what it
    is, a ruleset or the committee's decisions), --force or not; nor, with `ours` (whether a file's path in the
    folder is one the documents write), a folder holding anything else (not a report's: a home folder, say, or
    a report's with the signed sheets added), which --force would delete with it."""
    inside = os.path.join(os.path.realpath(path), "")
    for judged_path in judged:
        if os.path.join(os.path.realpath(judged_path), "").startswith(inside):
            raise UsageError(say("--out {p} holds {j}, which is to be judged: the documents would replace it; write "
                                 "them into another folder", "--out {p} 中有待评定的 {j}：评审文件会替换它；请写到另一个文件夹",
                                 p=path, j=judged_path))
    for read, what in reads:
        if read is not None and os.path.join(os.path.realpath(read), "").startswith(inside):
            raise UsageError(say("--out {p} holds {j}, {w}: the folder is replaced whole, and it would be lost with "
                                 "it; write the documents into another folder",
                                 "--out {p} 中有 {j}，即本命令{w}：该文件夹会被整体替换，它也会随之丢失；请把评审文件写到另一个文件夹",
                                 p=path, j=read, w=what))
    path = Path(path)
    if str(path) == "-":  # the convention for standard output, which a folder of documents cannot go to
        raise UsageError(Message("--out -: the documents are a folder of files and cannot go to standard output; "
                                 "name a folder (certify check --format jsonl writes results to standard output)",
                                 "--out -：评审文件是一个文件夹中的多个文件，不能写到标准输出：请指定一个文件夹"
                                 "（certify check --format jsonl 把结果写到标准输出）"))
    if something_at(path, path) and not path.is_dir():
        raise UsageError(say("{p} exists and is not a folder", "{p} 已存在，且不是文件夹", p=path))
    if path.exists() and not force:
        raise exists_already(path)
    others = _not_ours(path, ours) if ours is not None and path.is_dir() else []
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise UsageError(say("--out {p} holds what a report's documents do not ({o}): the folder is replaced whole, "
                             "and that would be lost with it; move it out, or write the documents into another folder",
                             "--out {p} 中有评审文件以外的内容（{o}）：该文件夹会被整体替换，这些内容会随之丢失；请把它们移出，"
                             "或把评审文件写到另一个文件夹", p=path, o=shown))


_DOCUMENT_FOLDERS = ("sheets", "pages")  # a report's review sheets, and the pages of a long cycle's list of them


def _not_ours(folder: Path, ours) -> list[str]:
    """The first few files and folders in `folder` that `ours` (whether a file's path there is the documents')
    does not know: a folder but sheets/ and pages/ is none of the documents', and is named without its files."""
    found: list[str] = []
    for where, folders, files in os.walk(folder):
        rel = "" if where == str(folder) else os.path.relpath(where, folder) + os.sep
        found += [rel + name for name in sorted(files) if not ours(rel + name)]
        found += [rel + name + os.sep for name in sorted(folders) if rel or name not in _DOCUMENT_FOLDERS]
        folders[:] = [] if rel else [name for name in folders if name in _DOCUMENT_FOLDERS]
        if len(found) > 3:
            break
    return found


@contextmanager
def atomic_folder(path: str | Path, *, force: bool = False, replaced: list[Path] | None = None) -> Iterator[Path]:
    """A temporary folder beside `path`, renamed to `path` when the block succeeds (removed if it fails).

    A symbolic link at `path` is kept: the folder it leads to is the one replaced. The folder replaced is moved
    aside (hidden beside `path`) and removed; with `replaced`, it is added to that list instead, for the caller
    to remove (remove_folder) when it can say so."""
    given = Path(path)
    check_target(given, force=force)
    path = through_link(given)
    make_folder_for(path)
    tmp = None
    try:
        with interrupts_held():  # an interruption comes once the name is known, inside this try
            tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(path.name), suffix=".part", dir=path.parent))
        # mkdtemp makes it private; the documents are to be shared, or kept as private as the folder replaced
        os.chmod(tmp, existing_permissions(path, new=0o777 & ~umask()))
        yield tmp
        if path.exists() and not force:  # made meanwhile: kept, and said (os.replace would put this one in its place)
            raise UsageError(say("{p} was made while these documents were written (another certify report into the "
                                 "same folder?): it is kept, and these are not written; run again with --force to "
                                 "replace it, or into another folder", "{p} 在写入这些评审文件期间被创建（另一个 "
                                 "certify report 写入了同一文件夹？）：已保留它，这些评审文件未写入；如需替换，请加 --force "
                                 "重新运行，或写到另一个文件夹", p=given))
        if path.exists():
            old = _swap(tmp, path)
            if replaced is None:
                shutil.rmtree(old, ignore_errors=True)
            else:
                replaced.append(old)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if is_about_output(exc, path, tmp):
            raise cannot_write(given, exc) from None
        raise


def _swap(tmp: Path, path: Path) -> Path:
    """Put the folder `tmp` in the place of the folder `path`, which is moved into a hidden folder beside it,
    returned (to be removed). Ctrl-C and SIGTERM wait while the two are moved, and a move that fails puts `path`
    back: it is never left out of its place with its replacement thrown away."""
    with interrupts_held():
        old = Path(tempfile.mkdtemp(prefix=temp_prefix(path.name), suffix=".old", dir=path.parent))
        moved = old / path.name
        try:
            os.replace(path, moved)
        except BaseException:
            os.rmdir(old)
            raise
        try:
            os.replace(tmp, path)
        except BaseException:
            os.replace(moved, path)  # the folder it was to replace, back in its place
            os.rmdir(old)
            raise
    return old


def count_files(folder: Path) -> int:
    """How many files (and links) `folder` holds, at any depth: what remove_folder counts."""
    count, folders = 0, [folder]
    while folders:
        with suppress(OSError), os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    count += 1
    return count


def remove_folder(folder: Path, progress: Callable[[int], None] | None = None) -> bool:
    """Remove `folder` and all it holds, a file at a time, `progress` told of each (count_files gives their number);
    what cannot be removed is left (a folder set aside by atomic_folder is hidden, out of the way), and False
    returned for the caller to say so; True when it is gone."""
    for where, folders, files in os.walk(folder, topdown=False):
        for name in files:
            with suppress(OSError):
                os.unlink(os.path.join(where, name))
            if progress:
                progress(1)
        for name in folders:  # empty by now; a link to a folder is listed as one
            inner = os.path.join(where, name)
            with suppress(OSError):
                os.unlink(inner) if os.path.islink(inner) else os.rmdir(inner)
    with suppress(OSError):
        os.rmdir(folder)
    return not os.path.lexists(folder)
