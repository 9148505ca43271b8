"""Standard output and error as every command writes to them: closed, unbuffered, on a terminal, or in an
encoding that cannot write every character."""

from __future__ import annotations

import codecs
import errno
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

from ..columns import on_a_terminal
from ..errors import say


class _ClosedOutput(io.TextIOBase):
    """Standard output when certify was started without one (`>&-`): writing to it is an error saying so.

    A command that writes elsewhere (`-o FILE`) runs as usual.
    """

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _whole_writes(out) -> io.TextIOWrapper | None:
    """Standard output made to write all it is given, when Python was started unbuffered (`python -u`,
    PYTHONUNBUFFERED=1, as many containers set): the stream it then gets writes each text with one system
    call, and a pipe closed or a disk filling part-way through a large write (a table of thousands of rows)
    takes part of it and drops the rest without an error. None when standard output is already buffered.

    Each line still goes out as it is written."""
    if not isinstance(getattr(out, "buffer", None), io.RawIOBase):
        return None
    whole = io.BufferedWriter(io.FileIO(out.fileno(), "w", closefd=False))
    return io.TextIOWrapper(whole, encoding=out.encoding, errors=out.errors, line_buffering=True)


# The encodings that write every character (but half of one, which nothing certify writes holds).
_EVERY_CHARACTER = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                    "gb18030"}


def _encoding(out) -> str | None:
    """The codec's own name for the encoding `out` writes in (ascii for ANSI_X3.4-1968 or US-ASCII), or None."""
    try:
        return codecs.lookup(out.encoding).name
    except (AttributeError, TypeError, LookupError):
        return None


class NoSuchCharacter(OSError):
    """A character the encoding of standard output has no way to write: its strerror a Message (said in the
    command's language after 'cannot write standard output')."""


class _Wrapped(io.TextIOBase):
    """A text stream written through to `out`, which it stands for in all but how it writes."""

    def __init__(self, out) -> None:
        self.out = out

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.out.isatty()

    def fileno(self) -> int:
        return self.out.fileno()

    @property
    def encoding(self) -> str:
        return self.out.encoding

    @property
    def errors(self) -> str:
        return self.out.errors

    @property
    def buffer(self):
        return self.out.buffer

    def flush(self) -> None:
        self.out.flush()


class _Narrow(_Wrapped):
    """Standard output in an encoding that cannot write every character (a Latin-1 locale, PYTHONIOENCODING set
    to one): a text it cannot write is an error that names the character and says what to do, not Python's
    UnicodeEncodeError (a traceback). Nothing of that text is written."""

    def write(self, text: str) -> int:
        try:
            return self.out.write(text)
        except UnicodeEncodeError as exc:
            character = exc.object[exc.start]
            raise NoSuchCharacter(errno.EILSEQ, say(
                "it is written in {e}, which has no {c} (U+{u:04X}); set a UTF-8 locale (LANG=C.UTF-8) or "
                "PYTHONIOENCODING=utf-8", "其编码为 {e}，无法写出“{c}”（U+{u:04X}）；请使用 UTF-8 语言环境（LANG=C.UTF-8）"
                "或设置 PYTHONIOENCODING=utf-8", e=self.out.encoding, c=character, u=ord(character))) from None


# What a terminal would act on rather than show: the control characters but tab and line breaks (a CSV row's
# "\r\n" is one), DEL and the C1 controls (0x9b begins a command on some terminals as ESC [ does).
_ACTING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def _shown(match: re.Match) -> str:
    """A control character as its picture (␛ for ESC, ␍ for a lone carriage return), or \\x9b for a C1 one."""
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7f else f"\\x{code:02x}"


class Terminal(_Wrapped):
    """Standard output or error on a terminal, showing every character of a dossier's text rather than acting
    on it: a name "\\x1b]0;...\\x07" would retitle the window, "\\x1b[2J" clear it, "\\r" write over its row.
    A file name or a cell's value quoted in a note or an error is shown so too."""

    def __init__(self, out) -> None:
        super().__init__(out)
        self.bare = out  # the terminal itself, for what certify draws there (a progress bar's own controls)

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.out.write(_ACTING.sub(_shown, text))
        return len(text)


def standard_output(out):
    """What a command writes its output to in place of `out` (sys.stdout): an error saying so when there is
    none (`>&-`); whole writes when Python was started unbuffered; UTF-8 where the stream was left in ASCII
    (PYTHONIOENCODING=ascii, a C locale with Python's coercion turned off: the encoding click gives --help
    there, and Python the C locale), and an error naming the character another encoding has no way to write;
    control characters shown, not acted on, on a terminal."""
    if out is None:
        return _ClosedOutput()
    out = _whole_writes(out) or out
    encoding = _encoding(out)
    if encoding == "ascii" and isinstance(out, io.TextIOWrapper):
        try:
            out.reconfigure(encoding="utf-8")
            encoding = "utf-8"
        except (OSError, ValueError):  # written to already, or closed: as it is
            pass
    if encoding not in _EVERY_CHARACTER and encoding is not None:
        out = _Narrow(out)
    return Terminal(out) if on_a_terminal(out) else out


@contextmanager
def for_programs(out) -> Iterator:
    """Standard output `out` for what programs read (check's jsonl, json and csv): UTF-8 whatever the locale (a
    GB18030 one wrote them in GB18030), the bytes -o writes to a file; JSON between systems is UTF-8 (RFC 8259).
    On a terminal, which shows the locale's encoding, `out` as it is."""
    buffer = getattr(out, "buffer", None)
    if _encoding(out) == "utf-8" or buffer is None or out.isatty():
        yield out
        return
    out.flush()
    utf8 = io.TextIOWrapper(buffer, encoding="utf-8", line_buffering=getattr(out, "line_buffering", False))
    try:
        yield utf8
        utf8.flush()
    finally:
        try:
            utf8.detach()  # standard output stays open, for what is said after
        except (OSError, ValueError):  # a pipe closed: said as such by the caller
            pass

