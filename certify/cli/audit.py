"""certify explain, diff and lint: rulesets for auditors and rule authors."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..atomic import atomic_write
from ..editions import open_rulesets
from ..errors import Message, in_language, must_exist, say
from ..facts import CLOCK
from ..lint import lint_path, summary
from ..rulebook import FORMATS, rulebook
from ..rulediff import diff_record, diff_rulesets, diff_text
from ..ruleset import load_ruleset
from . import LANG_OPTION, dash_is_stdout, main
from .check import warn_of_namesakes
from .usage import Choice, IsoDate, PathType


@main.command(name="explain")
@click.argument("ruleset", required=False, type=PathType(path_type=Path))
@LANG_OPTION
@click.option("--format", "fmt", type=Choice(FORMATS), default="text", show_default=True,
              help="text for a terminal, markdown for a repository, html (self-contained) to print and sign.")
@click.option("--as-of", type=IsoDate(), help="For a folder of editions: the edition in force on this date "
              "(default: today).")
@click.option("-o", "--output", type=PathType(dir_okay=False, path_type=Path), callback=dash_is_stdout,
              help="Write to this file (whole or not at all) instead of standard output (- for it).")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
def explain_ruleset(ruleset, lang, fmt, as_of, output, force):
    """Print a ruleset as a document a committee can read and sign.

    RULESET is a ruleset file (default: the bundled 2014 standard) or a folder of
    editions. The document gives the title, id, version, effective date, source and
    sha256, then every level and rule: its clause, the standard's own words, the
    requirement, and the condition in plain language with its thresholds.

    \b
    Examples:
      certify explain                                   the bundled standard, in English
      certify explain --lang zh --format markdown -o standard.zh.md
      certify explain rulesets/kam-2014.yaml --format html -o standard.html
      certify explain editions/ --as-of 2021-06-30      the edition in force on that date
    """
    source = open_rulesets(ruleset)
    loaded = source.edition_for(as_of or CLOCK.today())
    edited = warn_of_namesakes(source, lang, shown=loaded).get(loaded.sha256)  # and said in the document itself
    if as_of is not None and not source.dated:  # said, not passed over: the date chose nothing
        named = ruleset if ruleset is not None else Message(
            f"the bundled standard ({loaded.ruleset.id} {loaded.ruleset.version})",
            f"内置标准（{loaded.ruleset.id} {loaded.ruleset.version}）")
        click.echo(in_language(say("note: --as-of chooses among the editions of a folder; {r} is one ruleset, shown "
                                   "whatever the date", "注意：--as-of 用于在版本文件夹中选择施行的版本；{r} 是单个标准文件，"
                                   "不论日期都显示它", r=named), lang), err=True)
    target = atomic_write(output, force=force) if output else nullcontext(sys.stdout)
    with target as out:
        out.write(rulebook(loaded, lang, fmt, None if edited is None else in_language(edited.remark(), lang)))


@main.command(name="diff")
@click.argument("old", type=PathType(dir_okay=False, path_type=Path))
@click.argument("new", type=PathType(dir_okay=False, path_type=Path))
@LANG_OPTION
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
def diff_command(old, new, lang, fmt):
    """Show what changed between two rulesets, rule by rule.

    Rules are matched by id and levels by number: rules added and removed, and for
    each changed rule its clause, words, requirement or condition, old and new (a
    condition in plain language); levels added, removed or renamed; the version,
    effective date and other metadata. Conditions are compared by meaning: `3 years`
    and `36` are the same, and so are the parts of an `all` in another order.
    When the two have the same id and version but their rules differ, the summary
    says so: verdicts by either would name the same standard.

    \b
    Examples:
      certify diff rulesets/kam-2014.yaml editions/kam-2020.yaml
      certify diff old.yaml new.yaml --format json

    Exit status: 0 the rulesets state the same rules; 1 they differ; 2 one of them
    cannot be loaded.
    """
    must_exist(old), must_exist(new)
    d = diff_rulesets(load_ruleset(old), load_ruleset(new), lang)
    if fmt == "json":
        click.echo(json.dumps(diff_record(d), ensure_ascii=False, indent=2))
    else:
        click.echo(diff_text(d, lang), nl=False)
    sys.exit(0 if d.identical else 1)


@main.command(name="lint")
@click.argument("ruleset", type=PathType(path_type=Path))
@LANG_OPTION
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on standard error.")
def lint_command(ruleset, lang, strict, quiet):
    """Find mistakes in a ruleset before they become verdicts.

    RULESET is a ruleset file or a folder of editions. Each finding is one line,
    FILE:LINE SEVERITY RULE: MESSAGE. error: the ruleset cannot be loaded (a schema
    error, an unknown fact, key or value, with a did-you-mean). warning: a condition
    that can never hold or always holds, a duplicate alternative, a ladder that is
    not monotone (a higher level's rule passes a case a lower level's rule of the same
    name fails), a rule whose id names another level (L3.x in level 4), two levels
    of one name, or the bundled standard's id and version on other rules (its
    verdicts would read as the standard's). info: a fact no rule reads. With --lang
    zh, findings are said in Chinese (错误, 警告, 提示), a ruleset's load errors too.

    \b
    Examples:
      certify lint rulesets/kam-2014.yaml
      certify lint my-standard.yaml --strict
      certify lint rulesets/kam-2014.yaml --lang zh

    Exit status: 2 errors; 1 warnings with --strict; 0 otherwise.
    """
    findings = lint_path(ruleset)
    for f in findings:
        click.echo(f.said(lang))
    if not quiet:
        click.echo(summary(findings, ruleset, lang), err=True)
    errors, warnings = (any(f.severity == s for f in findings) for s in ("error", "warning"))
    sys.exit(2 if errors else 1 if strict and warnings else 0)
