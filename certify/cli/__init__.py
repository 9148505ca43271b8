"""The `certify` command: a thin shell over the library, one module per family of commands."""

from __future__ import annotations

import errno
import os
import signal
import sys

import click

from .. import __version__
from ..columns import on_a_terminal
from ..errors import CertifyError, aborted, error_line, in_language, say
from ..scratch import ScratchError
from .helptext import ARGS, CertifyCommand, Option, option
from .streams import NoSuchCharacter, Terminal, standard_output
from .usage import Choice, default_lang, lang_of, said_in


def dash_is_stdout(ctx, param, value):
    """`-o -` (or a PATH of -) means standard output, as it does for most commands."""
    return None if value is not None and str(value) == "-" else value


_LANG = "certify.lang"  # the key of ctx.meta (shared by a command's context and its group's) that holds --lang
AFTER_ABORT = "certify.after_abort"  # ctx.meta's lines a command left to say after its `aborted` line


def _keep_lang(ctx, param, value):
    """The command's --lang, kept where CertifyGroup finds it to say an error that stops the command."""
    ctx.meta[_LANG] = value
    return value


def _given_or_locale() -> str:
    """A command's --lang when it is not given: the one given before the command (`certify --lang zh check`),
    else the locale's."""
    ctx = click.get_current_context(silent=True)
    return (ctx.meta.get(_LANG) if ctx is not None else None) or default_lang()


def lang_option(en: str, zh: str):
    """A command's --lang, its help worded for what that command says (`en`, and `zh` in Chinese); its default the
    one given before the command, else the locale's."""
    return option("--lang", type=Choice(["en", "zh"]), default=_given_or_locale, callback=_keep_lang, help=en, zh=zh)


LANG_OPTION = lang_option("Language of explanations and headings (default: from the locale).",
                          "说明和标题的语言（默认：随系统的语言设置）。")


def _nowhere(stream) -> None:
    """What `stream` holds goes nowhere when it cannot be written (a closed pipe, a full disk), so that
    Python's own flush at exit does not fail again (and end with status 120)."""
    try:
        stream.flush()
    except (OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)


def _say(text: str) -> None:
    """A line on standard error, if it can be written: when it cannot, the exit status still says what
    happened."""
    try:
        click.echo(text, err=True, color=True)  # before a command's context too: see main's color
    except (OSError, ValueError):
        try:
            _nowhere(sys.stderr)
        except (OSError, ValueError):  # not a file (certify run by a program that captures it)
            pass


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a scheduler's time limit) or SIGHUP (the terminal or the ssh session closed): a batch
    stops as on Ctrl-C, leaving no half-written output. `signum` says which (SIGTERM by default)."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _terminate(signum, frame):
    raise Terminated(signum)


# Signals that stop a command as Ctrl-C does, cleaning up (SIGHUP's default ended it at once: a report's hidden
# temporary folder, half written, was left beside --out); each left as it is when ignored on purpose (nohup).
_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _left_behind(ctx) -> None:
    """Say what a stopped command left behind (check --record's records and manifest), after why it stopped."""
    for line in ctx.meta.get(AFTER_ABORT, ()):
        _say(line)


class CertifyGroup(CertifyCommand, click.Group):
    """Turns every CertifyError into a one-line message and exit status 2, in one place: in the command's
    --lang where the message has been written in it (a committee's decisions file's are), else English.

    An interrupted command (Ctrl-C, SIGTERM, its output pipe closed) stops, cleaning up
    as it unwinds, and exits with the shell's status for the signal: 130, 143 or 141,
    never a status a finished batch could give.

    Its commands' help, and its own, is in English or Chinese (helptext.py).
    """

    command_class = CertifyCommand

    def main(self, *args, **extra):
        # Standard error on a terminal shows what it is given as stdout does (see invoke), from the first
        # word said: a usage error quoting a path too. A file or a pipe gets the text as it is.
        given = sys.stderr
        shown = Terminal(given) if on_a_terminal(given) else None
        if shown is not None:
            sys.stderr = shown
        # Standard output as every command writes it, --help and --version too (written before a command runs).
        output = sys.stdout
        sys.stdout = standard_output(output)
        try:
            return super().main(*args, **extra)
        finally:
            if shown is not None and sys.stderr is shown:
                sys.stderr = given
            sys.stdout = output

    def make_context(self, info_name, args, parent=None, **extra):
        # `certify --help` and `certify --version` write before any command runs (invoke): said the same way.
        given = tuple(args)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except OSError as e:
            raise click.exceptions.Exit(self._failed_output(e, lang_of(given))) from None
        except click.UsageError as e:  # `certify --levl`: said in the language the command line asks for
            raise said_in(e, given) from None
        return ctx

    def parse_args(self, ctx, args):
        # The whole command line, kept before click reads it: --help is answered while it is read, in its language.
        ctx.meta[ARGS] = tuple(args)
        return super().parse_args(ctx, args)

    @staticmethod
    def _failed_output(e: OSError, lang: str = "en") -> int:
        """Say why an output could not be written; the exit status for it.

        Standard output closed early (`certify check ... | head`) stops quietly, with the status of a command
        ended by SIGPIPE, not 1 ("some dossier does not pass")."""
        if isinstance(e, NoSuchCharacter):  # said where Chinese cannot be shown either, as a rule (one locale): in English
            lang = "en"
        if not isinstance(e, BrokenPipeError):
            if isinstance(e, ScratchError):  # a temporary file's, said with its folder and what to do
                _say(error_line(in_language(e.strerror, lang), lang))
            elif e.filename or e.errno == errno.EBADF:  # the machine's, not certify's: said in a line
                _say(f"Error: {e.filename + ': ' if e.filename else ''}{e.strerror or e}")
            else:  # a file certify writes says so itself (atomic.cannot_write): this is what it prints, on a full disk
                _say(error_line(in_language(say("cannot write standard output: {e}", "无法写入标准输出：{e}",
                                                e=e.strerror or e), lang), lang))
        _nowhere(sys.stdout)
        return 128 + signal.SIGPIPE if isinstance(e, BrokenPipeError) else 2

    def invoke(self, ctx):
        if sys.stderr is None:  # started without one (`2>&-`): what it would say is lost, its exit status is not
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        previous = {}
        # A SIGTERM ignored on purpose (by whoever started certify) stays ignored, as Python leaves SIGINT; so
        # does a SIGHUP (nohup).
        for signum in _STOPPING:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                try:
                    previous[signum] = signal.signal(signum, _terminate)
                except ValueError:  # not the main thread (certify used from a program's thread)
                    pass
        try:
            try:
                return super().invoke(ctx)
            finally:  # what standard output holds, written now, so that its failure is said as any other
                sys.stdout.flush()
        except click.UsageError as e:  # a command's own (`certify check --levl 3`), found before its --lang is read
            raise said_in(e, ctx.meta.get(ARGS, ())) from None
        except CertifyError as e:
            _say(e.said_line(ctx.meta.get(_LANG, "en")))
            _left_behind(ctx)
            ctx.exit(2)
        except KeyboardInterrupt as e:
            signum = e.signum if isinstance(e, Terminated) else signal.SIGINT
            cause = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "terminated"}.get(signum, "hangup")
            _say("\n" + aborted(cause, ctx.meta.get(_LANG, "en")))
            _left_behind(ctx)
            ctx.exit(128 + signum)
        except OSError as e:
            status = self._failed_output(e, ctx.meta.get(_LANG, "en"))
            _left_behind(ctx)
            ctx.exit(status)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


# color=True: click.echo, which every command's notes, errors and `validate`'s lines go through, would strip
# what looks like a colour code (ESC [ 31 m) from text a file or a pipe gets, and a name or file name quoted
# there would lose those bytes; they are kept as they are (a terminal shows them as pictures: _Terminal).
@click.group(cls=CertifyGroup, context_settings={"help_option_names": ["-h", "--help"], "color": True})
@click.version_option(__version__, prog_name="certify", cls=Option, zh="显示版本号并退出。")
@option("--lang", type=Choice(["en", "zh"]), callback=_keep_lang, expose_value=False,
        help="Language of every command that follows, as its own --lang (default: from the locale).",
        zh="其后命令的语言，作用与命令自身的 --lang 相同（默认：随系统的语言设置）。")
def main() -> None:
    """Decide which grade of the key-account sales standard a dossier qualifies for, and why.

    \b
    certify check applicants/                 a table: one row per dossier
    certify check applicants/zhao-lei.yaml    every rule of every level, explained
    certify check --format jsonl DIR          results-v1 JSON lines for programs
    certify check --ruleset FILE DIR          by another standard, a ruleset file

    Exit status: 0 all evaluated and every target level passed; 1 some dossier
    does not pass its target level; 2 some file could not be evaluated, or the
    command was used wrongly; 130, 143, 129 or 141 stopped by Ctrl-C, SIGTERM,
    SIGHUP (the terminal closed) or a closed output pipe.

    \f
    判定申报材料符合客户经理专业任职资格标准的哪一级别，并说明依据。

    \b
    certify check applicants/                 表格：每份申报材料一行
    certify check applicants/zhao-lei.yaml    逐级说明每条规则
    certify check --format jsonl DIR          供程序读取的 results-v1 JSON 行
    certify check --ruleset FILE DIR          按其他标准（标准文件）评定

    退出状态：0 表示全部已评定，且每份都符合申报级别；1 表示有申报材料未通过申报级别
    （未达到，或待核实）；2 表示有文件无法评定，或命令用法有误；130、143、129 或 141 表示因 Ctrl-C、SIGTERM、
    SIGHUP（终端已关闭）或输出管道关闭而中止。
    """


# Each module adds its commands to `main`.
from . import check  # noqa: E402,F401
from . import applicant  # noqa: E402,F401
from . import records  # noqa: E402,F401
from . import audit  # noqa: E402,F401
from . import committee  # noqa: E402,F401
