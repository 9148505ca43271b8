"""The temporary files certify keeps its work in (a batch's results while the committee's decisions are checked,
a workbook's rows, a spreadsheet's applicants for verify), and what is said when one cannot be had or written.

They are made in the folder for temporary files (TMPDIR, else /tmp, /var/tmp, /usr/tmp, else the current
folder), unnamed: gone when closed or when the process ends. A failure there is no failure of the output
certify writes nor of the input it reads: ScratchError says so, naming the folder, in English and Chinese
(a full /tmp said 'cannot write standard output: No space left on device', or named the --out folder).
It is an OSError, so that a reader that goes on without what it would have kept there (verify, a set's
records) still does; the command line says its message as it is.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile

from .errors import Message, say


def _folder() -> str:
    """The folder for temporary files as tempfile picks it (known once one was made), or TMPDIR as given."""
    return tempfile.tempdir or os.environ.get("TMPDIR") or tempfile.gettempdir()


class ScratchError(OSError):
    """A temporary file that could not be made, written or read back: its strerror a Message naming the folder
    and what to do; its errno the system's (None where no folder could be used at all)."""

    def __init__(self, exc: OSError | None) -> None:
        if exc is None:
            message = Message(
                "no folder for temporary files: none of TMPDIR, /tmp, /var/tmp, /usr/tmp and the current folder can "
                "be written in; set TMPDIR to a folder that can", "没有可用的临时文件夹：TMPDIR、/tmp、/var/tmp、/usr/tmp "
                "和当前文件夹都无法写入；请把 TMPDIR 设为可写入的文件夹")
        else:
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            message = say("cannot write a temporary file in {d}: {e}; {w}", "无法在 {d} 中写入临时文件：{e}；{w}",
                          d=_folder(), e=exc.strerror or exc, w=Message(
                              "free some space there, or set TMPDIR to another folder",
                              "请在那里腾出空间，或把 TMPDIR 设为另一个文件夹") if full else Message(
                              "set TMPDIR to another folder", "请把 TMPDIR 设为另一个文件夹"))
        super().__init__(getattr(exc, "errno", None), message)

    def __reduce__(self) -> tuple:  # a pool's worker sends it back pickled: as it is, its words in both languages
        return _rebuilt, (self.errno, self.strerror)


def _rebuilt(number: int | None, message: Message) -> ScratchError:
    error = ScratchError.__new__(ScratchError, number, message)
    OSError.__init__(error, number, message)
    return error


class _Raw(io.FileIO):
    """A temporary file's descriptor, whose failures are ScratchErrors (the buffer above it writes through here)."""

    def write(self, data) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise ScratchError(exc) from None

    def readinto(self, buffer) -> int:
        try:
            return super().readinto(buffer)
        except OSError as exc:
            raise ScratchError(exc) from None


def failed(exc: OSError) -> OSError:
    """What to raise for `exc`, met making or writing a temporary file (certify's or a library's: openpyxl's):
    a ScratchError, but for the limit on open files (EMFILE), which its reader says of the input it reads."""
    if exc.errno in (errno.EMFILE, errno.ENFILE) or isinstance(exc, ScratchError):
        return exc
    if isinstance(exc, FileNotFoundError) and exc.filename is None:  # tempfile: no folder takes a file
        try:  # or it could open none to find out: the limit on open files, raised as that
            os.close(os.open(os.devnull, os.O_RDONLY))
        except OSError as limit:
            return limit
        return ScratchError(None)
    return ScratchError(exc)


def database_failed(exc: Exception) -> ScratchError:
    """A ScratchError for `exc`, an sqlite3.Error of a private database on disk (kept in the same folder): a full
    one (SQLITE_FULL: 'database or disk is full') said as a full disk, any other with SQLite's words."""
    full = getattr(exc, "sqlite_errorname", None) == "SQLITE_FULL" or "full" in str(exc)
    return ScratchError(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) if full else OSError(errno.EIO, str(exc)))


def temporary_file(prefix: str = "certify-") -> io.BufferedRandom:
    """An unnamed temporary file to write and read back (binary), its failures ScratchErrors (failed)."""
    try:
        made = tempfile.TemporaryFile(prefix=prefix, buffering=0)
    except OSError as exc:
        raise failed(exc) from None
    with made:  # its descriptor, taken again by one whose failures are said (an unnamed file: nothing to remove)
        fd = os.dup(made.fileno())
    return io.BufferedRandom(_Raw(fd, "r+b", closefd=True))
