"""Output files, and folders of them, written whole or not at all."""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
    if something_at(target, given) and not force:
        raise exists_already(given)
    return target


def something_at(path: Path, output: Path) -> bool:
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
