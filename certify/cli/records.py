"""certify verify and certify test; and what --record and --overrides add to certify check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..casefile import cases_summary, find_casefiles, run_casefile
from ..errors import must_exist
from ..overrides import apply_overrides, check_overrides, load_overrides
from ..records import Recorder
from ..verify import Check, Verifier, exit_status, find_records, no_records, summary
from ..verdict import Verdict
from . import LANG_OPTION, main
from .usage import PathType


class Decisions:
    """`certify check --overrides FILE --record DIR`: committee decisions shown beside verdicts, records written."""

    def __init__(self, overrides_file, record_dir, source, *, as_of=None, level=None) -> None:
        if overrides_file:
            must_exist(overrides_file)
        self.overrides = load_overrides(overrides_file) if overrides_file else None
        self.source = source  # editions.RulesetSource
        self.recorder = Recorder(record_dir, source.editions, as_of=as_of, level=level,
                                 overrides=str(overrides_file) if overrides_file else None,
                                 editions=source.where if source.dated else None) if record_dir else None

    def apply(self, results):
        """The results with overrides attached (checked against the whole batch first), each recorded."""
        if self.overrides is not None:
            results = list(results)
            check_overrides(self.overrides, [r for r in results if isinstance(r, Verdict)])
            results = apply_overrides(results, self.overrides)
        for result in results:
            if self.recorder is not None:
                self.recorder.add(result)
            yield result

    def finish(self, quiet: bool = False, lang: str = "en") -> int:
        """Report records that could not be written (exit status 2), and the records' summary line."""
        if self.recorder is None:
            return 0
        for line in self.recorder.problems(lang):
            click.echo(line, err=True)
        if not quiet:
            click.echo(self.recorder.summary(lang), err=True)
        return 2 if self.recorder.errors else 0


@main.command()
@click.argument("records", nargs=-1, required=True, type=PathType(readable=False, path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="No summary line on standard error.")
@LANG_OPTION
def verify(records, quiet, lang):
    """Re-evaluate decision records: is each verdict reproduced?

    RECORDS are files written by `certify check --record DIR`, or folders of
    them. Each is re-evaluated from its recorded dossier file (or its applicant
    of a workbook or CSV set, found by id; each spreadsheet is read once) and
    ruleset (the bundled one, or the ruleset file it names) as of its recorded date, and is
    `reproduced`, or `differs` with the first reason found: the dossier changed,
    the ruleset changed, the engine (certify or durable-rules) changed, the
    verdict itself differs, or the recorded facts are not the dossier's. A record
    whose dossier is gone, or that was edited or renamed after it was written,
    cannot be verified. A record deleted is not seen: verify checks the records
    it is given.

    \b
    Examples:
      certify check applicants/ --record records/
      certify verify records/
      certify verify records/ --lang zh
      certify verify records/AP-101--3f2a9c1b0d4e--2024-12-31--kam-2014--9d1e0a77.json

    Exit status: 0 all reproduced; 1 some differs; 2 some cannot be verified,
    or there were no records to verify.
    """
    verifier = Verifier()
    checks = []
    for path in find_records(records):
        check = path if isinstance(path, Check) else verifier.verify(path)  # a Check: a folder it cannot read
        checks.append(check)
        click.echo(check.line(lang))
    if not quiet:
        if not checks:  # a wrong folder, most likely: said, not passed over
            click.echo(no_records(records, lang), err=True)
        click.echo(summary(checks, lang), err=True)
    # Nothing verified is not "all reproduced": a wrong folder, or records never written.
    sys.exit(exit_status(checks) if checks else 2)


@main.command("test")
@click.argument("rulesets", nargs=-1, type=PathType(path_type=Path))
@LANG_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Show failing cases only, and no summary line.")
def test_command(rulesets, lang, quiet):
    """Run a ruleset's test cases and show what differs.

    The cases of rulesets/NAME.yaml live beside it in rulesets/NAME.tests.yaml
    (see docs/records-and-overrides.md). RULESETS are ruleset files, case files,
    or folders (every *.tests.yaml in them); without one, the bundled standard's
    cases run. A failing case shows each rule, level or qualified level whose
    outcome differs, expected against actual, with the facts the rule read. With
    --lang zh, all of it is said in Chinese, a case file's load errors too.

    \b
    Examples:
      certify test
      certify test rulesets/kam-2014.yaml
      certify test rulesets/
      certify test --lang zh

    Exit status: 0 every case passes; 1 some case fails; 2 a file cannot be read.
    """
    passed = failed = 0
    for casefile in find_casefiles(rulesets):
        for result in run_casefile(casefile):
            if result.ok:
                passed += 1
                if not quiet:
                    click.echo(result.line(lang))
            else:
                failed += 1
                click.echo(f"{result.line(lang)}\n{result.diff(lang)}")
    if not quiet:
        click.echo(cases_summary(passed, failed, lang), err=True)
    sys.exit(1 if failed else 0)
