"""The `certify` command: a thin shell over the library."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import click

from . import __version__
from .atomic import atomic_write
from .check import Tally, check_files
from .engine import Engine
from .errors import CertifyError
from .load import find_dossiers
from .report import REPORTERS
from .ruleset import load_ruleset

FORMATS = ("table", "jsonl", "json", "csv", "markdown")


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
    certify check applicants/li-na.yaml       every rule of every level, explained
    certify check --format jsonl DIR          results-v1 JSON lines for programs

    Exit status: 0 all evaluated and every target level passed; 1 some dossier
    does not pass its target level; 2 some file could not be evaluated, or the
    command was used wrongly.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--ruleset", "ruleset_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Ruleset file to apply (default: the bundled 2014 standard).")
@click.option("--as-of", type=IsoDate(),
              help="Evaluate as of this date (default: each dossier's as_of, else today).")
@click.option("--level", type=click.IntRange(min=1), help="Target level for every dossier "
              "(overrides the dossiers' target_level).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table and markdown for people; jsonl, json and csv for programs.")
@click.option("--explain/--no-explain", default=None,
              help="List every rule of every level with its explanation "
                   "(the default when checking a single dossier).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=default_lang,
              help="Language of explanations and headings (default: from the locale).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (whole or not at all) instead of standard output.")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on standard error.")
def check(paths, ruleset_path, as_of, level, fmt, explain, lang, output, force, quiet):
    """Evaluate dossiers and say which level each qualifies for, and why.

    PATHS are dossier files (YAML or JSON) or folders, searched recursively for
    .yaml, .yml and .json files, taken in sorted order. A file that cannot be
    evaluated gets an error row and the batch goes on.

    \b
    Examples:
      certify check applicants/
      certify check applicants/li-na.yaml --lang zh
      certify check applicants/ --level 3 --format csv -o summary.csv
      certify check applicants/ --as-of 2027-06-30 --format jsonl
    """
    loaded = load_ruleset(ruleset_path)
    engine = Engine(loaded)
    files = list(find_dossiers(paths))
    if explain is None:
        explain = len(files) == 1
    name = {"table": "explain", "markdown": "markdown-explain"}.get(fmt, fmt) if explain else fmt
    tally = Tally()
    target = atomic_write(output, force=force, newline="" if fmt == "csv" else None) if output \
        else nullcontext(sys.stdout)
    with target as out:
        reporter = REPORTERS[name](out, lang=lang, levels=loaded.ruleset.top)
        for result in check_files(engine, files, as_of=as_of, level=level):
            reporter.add(tally.add(result))
        reporter.finish()
    if not quiet:
        click.echo(tally.summary(lang), err=True)
    sys.exit(tally.exit_status)
