"""Output files, and folders of them, written whole or not at all."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from .errors import Message, OutputError, UsageError, exists_already, say
from .scratch import ScratchError


def is_stream(path: Path) -> bool:
    """Whether `path` is a device or pipe (or a name for one, as /dev/stdout is), not a file to replace."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # not there (or a dangling link): a new file
        return False
    if stat.S_ISDIR(mode):
        return False
    return not stat.S_ISREG(mode) or _names_a_descriptor(path)


_DESCRIPTORS = ("/proc/", "/dev/fd/")


def _names_a_descriptor(path: Path) -> bool:
    """Whether `path` reaches its file through an open descriptor: /dev/stdout, /dev/fd/1, /proc/self/fd/1.

    Such a name is a redirection (`> results.jsonl`), and the file behind it belongs
    to the shell: it is written to as it is. A regular file anywhere else, /dev/shm
    included, is replaced whole.
    """
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links in a row
        folder = os.path.realpath(os.path.dirname(current))
        if (folder + "/").startswith(_DESCRIPTORS):  # /proc/self/fd, /dev/fd (a link to it on Linux)
            return True
        try:
            target = os.readlink(current)
        except OSError:  # not a link: the end of the chain
            return False
        current = os.path.normpath(os.path.join(folder, target))
    return False


INTERRUPTS = {signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (and arrive after the block) while a step that must not be cut runs.

    Making a temporary file and taking its name, say: interrupted between the two, the
    file would be left with no one to remove it.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def umask() -> int:
    """The process's umask (reading it means setting it: it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


NAME_BYTES = 255  # the longest file name most file systems take (ext4, XFS, APFS), in bytes of UTF-8


def temp_prefix(name: str) -> str:
    """`.NAME.`, the start of a temporary file's or folder's name beside NAME: NAME cut at a character, when it
    must be, so that the temporary name (with 8 random characters and .part or .old) fits NAME_BYTES as NAME does."""
    room = NAME_BYTES - len("..") - 8 - len(".part")
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return f".{name}."


# What a command reads, as refuse_replacing_input names it: (the path named, what it is, which of a folder's files
# named it reads, or None for a file alone).
JUDGED = Message("a dossier or spreadsheet this command judges", "待评定的申报材料或申报表")
RULESET = Message("the ruleset this command reads (--ruleset)", "读取的标准（--ruleset）")
EXPLAINED = Message("the ruleset this command explains", "要说明的标准")
DECISIONS = Message("the committee's decisions file this command reads (--overrides)", "读取的评审委员会决定文件（--overrides）")
RECORD = Message("a decision record this command shows", "要显示的判定记录")


def edition_name(name: str) -> bool:
    """Whether a file's path in a folder of editions names an edition (editions.edition_files: in the folder itself)."""
    return (os.sep not in name and name.endswith((".yaml", ".yml")) and not name.endswith(".tests.yaml")
            and not name.startswith("."))


def record_name(name: str) -> bool:
    """Whether a file's path in a folder of records names one that verify and show read (at any depth)."""
    return name.endswith(".json") and not os.path.basename(name).startswith(".")


def refuse_replacing_input(path: str | Path | None, reads: Iterable[tuple]) -> None:
    """Raise UsageError when the output file `path` is a file the command reads: `reads` holds (a path named, what
    it is, and for a folder named which of the files in it are read, by their paths in it, or None). Said before
    anything is read or written, --force or not: the command would read the file and then replace it with its
    output (a dossier with its own explanation, the committee's decisions with the verdicts), and it would be lost."""
    if path is None or is_stream(Path(path)):
        return
    target = os.path.realpath(path)
    for given, what, member in reads:
        if given is None or str(given) == "-":
            continue
        real = os.path.realpath(given)
        inside = os.path.relpath(target, real)
        if target == real or (member is not None and os.path.isdir(real) and os.path.isfile(target)
                              and not inside.startswith(os.pardir + os.sep) and member(inside)):
            raise UsageError(say("{p} is {w}: written over with the output, it would be lost; write the output to "
                                 "another file", "{p} 是本命令{w}：输出写在它上面会使其丢失；请把输出写到另一个文件",
                                 p=path, w=what))


def refuse_existing(path: str | Path, *, force: bool = False) -> Path:
    """The file atomic_write writes for `path` (through a link; a stream as it is), refused when it is there
    already without `force`: asked by atomic_write, and by a command before it writes anything else (check's
    decision records and kept rulesets) rather than when its output is opened."""
    given = Path(path)
    if is_stream(given):
        return given
    target = through_link(given)
    if _there(target, given) and not force:
        raise exists_already(given)
    return target


def _there(path: Path, output: Path) -> bool:
    """Whether something is at `path`; an OutputError naming `output` where the system cannot say (a name longer
    than a file system takes: Path.exists raises for that, where open() would say it as 'cannot write')."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link in a loop leads to nothing: through_link says so
            return False
        raise cannot_write(output, exc) from None
    return True


@contextmanager
def atomic_write(path: str | Path, *, force: bool = False, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO]:
    """Write to a temporary file beside `path` and move it into place only when the block succeeds.

    An interrupted or failed write (an exception, Ctrl-C) leaves no file behind and
    any existing one untouched; an existing file is replaced only with `force`, and
    keeps its permissions. A new file gets those open() would give it (0666 less the
    umask), not the private ones of a temporary file: results and records are to be shared.
    A path that exists and is not a file (/dev/null, /dev/stdout, a named pipe) is
    written to as it is, as a shell redirection would: replacing it would put a
    file where the device or pipe was. A symbolic link is kept, and the file it leads
    to is replaced (as `>` writes through it).
    """
    path = given = Path(path)
    kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
    if is_stream(path):
        try:
            with open(path, mode, **kwargs) as f:
                yield f
        except OSError as exc:  # /dev/full, a device gone
            if is_about_output(exc, path):
                raise cannot_write(path, exc) from None
            raise
        return
    path = refuse_existing(given, force=force)
    permissions = existing_permissions(path, new=0o666 & ~umask())
    make_folder_for(path)
    tmp = None
    try:
        with interrupts_held():  # an interruption comes once the name is known, inside this try
            fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".part", dir=path.parent)
        with os.fdopen(fd, mode, **kwargs) as f:
            os.fchmod(fd, permissions)
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        if is_about_output(exc, path):
            raise cannot_write(given, exc) from None
        raise


def through_link(path: Path) -> Path:
    """Where a symbolic link at `path` leads (an output is written there, and the link kept); else `path`.

    Links that lead round in a loop lead nowhere: an OutputError, as the shell's `>` fails there."""
    if not os.path.islink(path):
        return path
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise cannot_write(path, exc) from None
    return Path(os.path.realpath(path))


def existing_permissions(path: Path, *, new: int) -> int:
    """The permissions of what is at `path`, which a replacement keeps; `new` when nothing is there."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:  # not there (or a dangling link): something new
        return new


def writable_folder(folder: Path) -> None:
    """Make `folder` if need be, and make sure files can be made in it: an OutputError naming it if not
    (checked before a batch whose outputs go there, so that it fails once, at the start)."""
    _make_folder(folder, folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise cannot_write(folder, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))


def make_folder_for(path: Path) -> None:
    """Make the folder `path` is to be written in, if need be; an OutputError naming `path` if it cannot be."""
    _make_folder(path.parent, path)


def _make_folder(folder: Path, output: Path) -> None:
    """Make `folder` and those above it, if need be; an OutputError naming `output` if they cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file where a folder must be: say which
        blocking = next((p for p in (*reversed(folder.parents), folder) if p.exists() and not p.is_dir()), folder)
        raise OutputError(say("cannot write {o}: {b} is a file, not a folder", "无法写入 {o}：{b} 是文件，不是文件夹",
                              o=output, b=blocking)) from None
    except OSError as exc:
        raise cannot_write(output, exc) from None


def cannot_write(path: str | Path, exc: OSError) -> OutputError:
    """The error for an output that could not be written: its name and the system's reason."""
    error = OutputError(say("cannot write {p}: {e}", "无法写入 {p}：{e}", p=path, e=exc.strerror or exc))
    error.errno = getattr(exc, "errno", None)
    return error


def is_about_output(exc: BaseException, path: Path, tmp: Path | None = None) -> bool:
    """Whether `exc`, met while writing `path`, is a failure to write it.

    An OSError naming no file is the written file's own (a full disk, say); one naming a
    file beside `path` is one of the steps that make and name it; one naming a file in
    the temporary folder `tmp` (for a folder written whole) is one of its files. Any
    other error (an input read while writing, Ctrl-C) is not the output's: left as it is.
    """
    if not isinstance(exc, OSError) or isinstance(exc, (BrokenPipeError, ScratchError)):  # a temporary file's: its own
        return False
    if exc.filename is None:
        return True
    name = os.path.abspath(exc.filename)
    if os.path.dirname(name) == os.path.dirname(os.path.abspath(path)):
        return True
    return tmp is not None and (name + os.sep).startswith(os.path.abspath(tmp) + os.sep)


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
    if _there(path, path) and not path.is_dir():
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


def remove_folder(folder: Path, progress: Callable[[int], None] | None = None) -> None:
    """Remove `folder` and all it holds, a file at a time, `progress` told of each (count_files gives their number);
    what cannot be removed is left (a folder set aside by atomic_folder is hidden, out of the way)."""
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
