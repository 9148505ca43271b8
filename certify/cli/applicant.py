"""certify init and certify validate: for applicants filling in a dossier."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import atomic_write, is_stream
from ..errors import DossierError, UsageError
from ..load import find_dossiers, load_dossier
from . import LANG_OPTION, dash_is_stdout, main

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path), callback=dash_is_stdout)
@LANG_OPTION
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def init(path, lang, force):
    """Write a dossier template to fill in, with a comment on every field.

    Without PATH (or with -) the template goes to standard output. The template
    is itself a valid dossier, in YAML with a comment on every field: PATH ends
    .yaml or .yml. Replace its example values with your own.

    \b
    Examples:
      certify init my-dossier.yaml
      certify init 我的材料.yaml --lang zh
    """
    if path is not None and path.suffix.lower() not in (".yaml", ".yml") and not is_stream(path):
        raise UsageError(f"{path}: the template is YAML, with comments JSON cannot hold: name it {path.stem}.yaml")
    text = (TEMPLATES / f"dossier-{lang}.yaml").read_text(encoding="utf-8")
    if path is None:
        click.echo(text, nl=False)
        return
    with atomic_write(path, force=force) as out:
        out.write(text)
    click.echo(f"wrote {path}: fill it in, then run: certify validate {path}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print only the problems.")
@LANG_OPTION
def validate(paths, quiet, lang="en"):
    """Check dossiers against the dossier format without evaluating them.

    Every problem is shown with its file, line and field, and a did-you-mean
    for misspelt keys and values. PATHS are files or folders (searched for
    .yaml, .yml and .json files). Exit status 0 when every file is valid, 2 otherwise.

    \b
    Examples:
      certify validate my-dossier.yaml
      certify validate applicants/
    """
    bad = 0
    files = list(find_dossiers(paths))
    for path in files:
        if isinstance(path, DossierError):  # a folder that could not be listed
            error, path = path, Path(path.file)
        else:
            try:
                load_dossier(path)
                error = None
            except DossierError as e:
                error = e
        if error is not None:
            bad += 1
            problems = getattr(error, "problems", None) or [(error.path, error.message, error.hint)]
            lines = getattr(error, "lines", None) or [error.line] * len(problems)
            for (field, message, hint), line in zip(problems, lines):
                where = f"{path}:{line}" if line else str(path)
                text = f"{field}: {message}" if field else message
                click.echo(f"{where} {text}" + (f" (did you mean '{hint}'?)" if hint else ""))
            continue
        if not quiet:
            click.echo(f"{path}: {'格式正确' if lang == 'zh' else 'ok'}")
    if lang == "zh":
        click.echo(f"共 {len(files)} 个文件：{len(files) - bad} 个格式正确，{bad} 个有误", err=True)
    else:
        click.echo(f"{len(files)} file{'s' if len(files) != 1 else ''}: {len(files) - bad} valid, {bad} invalid",
                   err=True)
    sys.exit(2 if bad else 0)
