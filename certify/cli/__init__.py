"""The `certify` command: a thin shell over the library, one module per family of commands."""

from __future__ import annotations

import os
from datetime import date

import click

from .. import __version__
from ..errors import CertifyError


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
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


LANG_OPTION = click.option("--lang", type=click.Choice(["en", "zh"]), default=default_lang,
                           help="Language of explanations and headings (default: from the locale).")


class CertifyGroup(click.Group):
    """Turns every CertifyError into a one-line message and exit status 2, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CertifyError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(2)


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
    command was used wrongly.
    """


# Each module adds its commands to `main`.
from . import check  # noqa: E402,F401
from . import applicant  # noqa: E402,F401
from . import records  # noqa: E402,F401
from . import audit  # noqa: E402,F401
from . import committee  # noqa: E402,F401
