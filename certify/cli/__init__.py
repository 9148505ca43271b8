"""The `certify` command: a thin shell over the library, one module per family of commands."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from datetime import date

import click

from .. import __version__
from ..errors import CertifyError, aborted


def default_lang() -> str:
    """Chinese where the locale is Chinese, English everywhere else."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class IsoDate(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            if len(value) != 10:
                raise ValueError
            when = date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)
        if when >= date(9000, 1, 1):  # as a dossier's dates (values.LATEST)
            self.fail(f"{value!r} is past any career (a date before 9000-01-01)", param, ctx)
        return when


def dash_is_stdout(ctx, param, value):
    """`-o -` (or a PATH of -) means standard output, as it does for most commands."""
    return None if value is not None and str(value) == "-" else value


_LANG = "certify.lang"  # the key of ctx.meta (shared by a command's context and its group's) that holds --lang


def _keep_lang(ctx, param, value):
    """The command's --lang, kept where CertifyGroup finds it to say an error that stops the command."""
    ctx.meta[_LANG] = value
    return value


LANG_OPTION = click.option("--lang", type=click.Choice(["en", "zh"]), default=default_lang, callback=_keep_lang,
                           help="Language of explanations and headings (default: from the locale).")


class _ClosedOutput(io.TextIOBase):
    """Standard output when certify was started without one (`>&-`): writing to it is an error saying so.

    A command that writes elsewhere (`-o FILE`) runs as usual.
    """

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a scheduler's time limit): a batch stops as on Ctrl-C, leaving no half-written output."""


def _terminate(signum, frame):
    raise Terminated


class CertifyGroup(click.Group):
    """Turns every CertifyError into a one-line message and exit status 2, in one place: in the command's
    --lang where the message has been written in it (a committee's decisions file's are), else English.

    An interrupted command (Ctrl-C, SIGTERM, its output pipe closed) stops, cleaning up
    as it unwinds, and exits with the shell's status for the signal: 130, 143 or 141,
    never a status a finished batch could give.
    """

    def invoke(self, ctx):
        if sys.stdout is None:
            sys.stdout = _ClosedOutput()
        previous = None
        # A SIGTERM ignored on purpose (by whoever started certify) stays ignored, as Python leaves SIGINT.
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN:
            try:
                previous = signal.signal(signal.SIGTERM, _terminate)
            except ValueError:  # not the main thread (certify used from a program's thread)
                pass
        try:
            return super().invoke(ctx)
        except CertifyError as e:
            click.echo(f"Error: {e.said(ctx.meta.get(_LANG, 'en'))}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt as e:
            terminated = isinstance(e, Terminated)
            click.echo("\n" + aborted("terminated" if terminated else "Ctrl-C"), err=True)
            ctx.exit(128 + (signal.SIGTERM if terminated else signal.SIGINT))
        except BrokenPipeError:
            # Standard output was closed early (`certify check ... | head`): stop quietly, with the status
            # of a command ended by SIGPIPE, not 1 ("some dossier does not pass"). What is still buffered
            # for the closed pipe goes nowhere, so that Python's own flush at exit does not fail too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(128 + signal.SIGPIPE)
        except OSError as e:  # the machine's, not certify's: said in a line, as the errors above
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"Error: {where}{e.strerror or e}", err=True)
            ctx.exit(2)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=CertifyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="certify")
def main() -> None:
    """Decide which grade of the key-account sales standard a dossier qualifies for, and why.

    \b
    certify check applicants/                 a table: one row per dossier
    certify check applicants/zhao-lei.yaml    every rule of every level, explained
    certify check --format jsonl DIR          results-v1 JSON lines for programs

    Exit status: 0 all evaluated and every target level passed; 1 some dossier
    does not pass its target level; 2 some file could not be evaluated, or the
    command was used wrongly; 130, 143 or 141 stopped by Ctrl-C, SIGTERM or a
    closed output pipe.
    """


# Each module adds its commands to `main`.
from . import check  # noqa: E402,F401
from . import applicant  # noqa: E402,F401
from . import records  # noqa: E402,F401
from . import audit  # noqa: E402,F401
from . import committee  # noqa: E402,F401
