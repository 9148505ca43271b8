"""certify check: evaluate dossiers."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..atomic import DECISIONS, JUDGED, RULESET, atomic_write, edition_name, refuse_existing, refuse_replacing_input
from ..batch import Batch
from ..tally import Tally
from ..columns import line_width
from ..editions import RulesetSource, misdated, open_rulesets
from ..errors import CertifyError, Message, in_language, say
from ..folders import judged_name, sheet_file
from ..namesake import Namesake, namesakes
from ..parallel import check_batch, check_jobs
from ..report import REPORTERS
from ..ruleset import DEFAULT_RULESET, LoadedRuleset
from . import AFTER_ABORT, LANG_OPTION, dash_is_stdout, main
from .progress import JOBS_OPTION, progress_bar
from .streams import for_programs
from .records import Decisions, refuse_records_judged, refuse_unrecordable
from .helptext import option
from .usage import Choice, IsoDate, Level, PathType, level_by_name

FORMATS = ("table", "jsonl", "json", "csv", "markdown")


def warn_of_namesakes(source: RulesetSource, lang: str, shown: LoadedRuleset | None = None) -> dict[str, Namesake]:
    """Say on standard error, once per command, of each ruleset that bears the bundled standard's id and version
    (or another edition's) with other rules (namesake.py), or of `shown` only; they are returned by sha256. Not
    an error: the exit status is the verdicts'."""
    found = [same for same in namesakes(source.editions) if shown is None or same.file == shown.path]
    for same in found:
        click.echo(in_language(same.note(), lang), err=True)
    return {same.sha256: same for same in found}


def warn_of_misdated(source: RulesetSource, lang: str) -> None:
    """Say on standard error of each edition of a folder whose version is higher than the edition taking effect
    after it, which replaces it (editions.misdated). Not an error: the exit status is the verdicts'."""
    for m in misdated(source.editions):
        click.echo(in_language(m.note(), lang), err=True)


class BeforeEffective:
    """Counts the verdicts a ruleset file (not a folder of editions) gives as of a date before its `effective`:
    a file judges every date, so they are judged all the same, and said once, after the batch (`note`)."""

    def __init__(self, source: RulesetSource) -> None:
        self.loaded = source.editions[0]
        self.effective = None if source.dated else self.loaded.ruleset.effective
        self.count = 0

    def add(self, result):
        as_of = getattr(result, "as_of", None)  # a verdict's, or one a worker wrote out; a failure has none
        if self.effective is not None and as_of is not None and as_of < self.effective:
            self.count += 1
        return result

    def note(self, lang: str) -> str | None:
        """The note for standard error, in `lang`; None when no verdict was dated before the file took effect."""
        if not self.count:
            return None
        n, ruleset = self.count, self.loaded.ruleset
        return in_language(say(
            "note: {n} dossier{s} {are} judged as of {dates} before {f} ({v}) takes effect ({e}); to judge each by "
            "the edition in force on its date, give a folder of editions",
            "注意：有 {n} 份申报材料的截止日期早于 {f}（{v}）的施行日期（{e}），仍按该文件评定；如需按各自截止日期"
            "当日施行的版本评定，请给出标准版本文件夹", n=n, s="s" * (n > 1), are="are" if n > 1 else "is",
            dates="dates" if n > 1 else "a date", f=Path(self.loaded.path).name, v=ruleset.version,
            e=self.effective.isoformat()), lang)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathType(readable=False, path_type=Path))
@option("--ruleset", "ruleset_path", type=PathType(path_type=Path),
        help="Ruleset file to apply (default: the bundled 2014 standard), or a folder of "
             "editions: each dossier is judged by the edition in force on its as-of date.",
        zh="评定所依据的标准文件（默认：内置的 2014 版标准），或标准版本文件夹：每份申报材料"
           "按其截止日期当日施行的版本评定。")
@option("--as-of", type=IsoDate(),
        help="Evaluate as of this date (default: each dossier's as_of, else today).",
        zh="以此日期为截止日期评定（默认：各申报材料的 as_of，未填写时为今天）。")
@option("--level", type=Level(), help="Target level for every dossier "
        "(overrides the dossiers' target_level).",
        zh="所有申报材料统一按此申报级别评定（取代申报材料中的 target_level）。")
@option("--format", "fmt", type=Choice(FORMATS, {"explain": Message(
            "; for every rule of every level explained, give --explain (the default for a single dossier).",
            "；要逐级列出每条规则及其说明，请加 --explain（只评定一份申报材料时默认列出）")}), default="table", show_default=True,
        help="table and markdown for people; jsonl, json and csv for programs.",
        zh="table 和 markdown 供人阅读；jsonl、json 和 csv 供程序读取。")
@option("--explain/--no-explain", default=None,
        help="List every rule of every level with its explanation "
             "(the default when checking a single dossier).",
        zh="逐级列出每条规则及其说明（只评定一份申报材料时默认列出）。")
@LANG_OPTION
@option("-o", "--output", type=PathType(dir_okay=False, path_type=Path), callback=dash_is_stdout,
        help="Write to this file (whole or not at all) instead of standard output (- for it).",
        zh="写入此文件，而不是标准输出（要么完整写入，要么不写；- 表示标准输出）。")
@option("--force", is_flag=True, help="Replace the --output file if it exists.",
        zh="--output 指定的文件已存在时，将其替换。")
@option("-q", "--quiet", is_flag=True, help="No notes, summary line or progress bar on standard error.",
        zh="不在标准错误输出中显示“注意”行、汇总行和进度条。")
@JOBS_OPTION
@option("--record", "record_dir", type=PathType(file_okay=False, path_type=Path),
        help="Write a decision record (JSON) per evaluated dossier into this folder, a copy of "
             "each ruleset (rulesets/) and, at the end (or when interrupted, marked so), the batch's "
             "manifest (batches/); "
             "`certify verify` re-checks them.",
        zh="在此文件夹中为每份已评定的申报材料写入一份判定记录（JSON），留存所用标准的副本（rulesets/），"
           "并在结束时（或被中止时，注明中止）写入批次清单（batches/）；`certify verify` 可重新核对这些记录。")
@option("--overrides", "overrides_file", type=PathType(dir_okay=False, path_type=Path),
        help="Committee decisions (破格/特批), YAML or CSV, shown beside the verdicts; "
             "they never change them.",
        zh="评审委员会决定（破格/特批）文件，YAML 或 CSV 格式：与判定结果并列显示，但不改变判定结果。")
def check(paths, ruleset_path, as_of, level, fmt, explain, lang, output, force, quiet, record_dir=None,
          overrides_file=None, jobs=1):
    """Evaluate dossiers and say which level each qualifies for, and why.

    PATHS are dossier files (YAML or JSON) or folders, searched recursively for
    .yaml, .yml and .json files, taken in sorted order; and HR spreadsheets: a
    workbook (.xlsx) or a CSV set (applicants.csv, education.csv, ... or their
    folder), one result per applicant (docs/committees.md). A file, row or
    applicant that cannot be evaluated gets an error row and the batch goes on.

    One dossier is explained rule by rule and ends with its gap to the target
    level (--level to ask about another): what is missing, and the date on
    which time alone closes it, if it does.

    \b
    Examples:
      certify check applicants/
      certify check applicants/zhao-lei.yaml --lang zh
      certify check my-dossier.yaml --level 3        (what level 3 still needs, and when)
      certify check applicants/ --level 3 --format csv -o summary.csv
      certify check applicants/ --as-of 2027-06-30 --format jsonl
      certify check applicants/ --overrides committee.yaml --record records/
      certify check cycle.xlsx hr-export/ --jobs 2 --format jsonl -o results.jsonl

    \f
    评定申报材料，说明每份材料可认定的级别及其依据。

    PATHS 为申报材料文件（YAML 或 JSON）或文件夹（递归查找其中的 .yaml、.yml 和 .json
    文件，按名称顺序评定），以及人事部门的申报表：工作簿（.xlsx）或 CSV 申报表
    （applicants.csv、education.csv 等文件，或它们所在的文件夹），每位申报人一条结果
    （见 docs/committees.md）。无法评定的文件、行或申报人得到一条错误行，其余的照常评定。

    只评定一份申报材料时，逐条说明每条规则，最后列出距申报级别的差距（用 --level
    可查看其他级别）：还缺什么，以及仅凭时间能否补足、何时补足。

    \b
    示例：
      certify check applicants/
      certify check applicants/zhao-lei.yaml --lang zh
      certify check my-dossier.yaml --level 3        （距3级还缺什么，何时能满足）
      certify check applicants/ --level 3 --format csv -o summary.csv
      certify check applicants/ --as-of 2027-06-30 --format jsonl
      certify check applicants/ --overrides committee.yaml --record records/
      certify check cycle.xlsx hr-export/ --jobs 2 --format jsonl -o results.jsonl
    """
    check_jobs(jobs)  # before any output or record folder is made
    if output:  # never over a file it reads: a dossier, a CSV set's sheet (named, or by its folder), ...
        refuse_replacing_input(output, [*((p, JUDGED, judged_name) for p in paths),
                                        *((p.parent, JUDGED, sheet_file) for p in paths if sheet_file(p.name)),
                                        (ruleset_path or DEFAULT_RULESET, RULESET, edition_name),
                                        (overrides_file, DECISIONS, None)])
        refuse_existing(output, force=force)  # before the records folder gets its kept rulesets
    if record_dir:
        refuse_records_judged(paths, record_dir)  # before any is read
        refuse_unrecordable(paths, ruleset_path, overrides_file)
    engine = open_rulesets(ruleset_path)  # a RulesetSource: check.evaluate picks the edition per dossier
    level_by_name(level, engine)  # --level 高级客户经理: the number it names, said
    warn_of_namesakes(engine, lang)  # before the verdicts, which name the ruleset as the standard is named
    warn_of_misdated(engine, lang)
    batch = Batch(paths, own=[record_dir, output])  # records or results written into the folder judged
    early = BeforeEffective(engine)  # dossiers dated before a ruleset file takes effect, said after the batch
    decisions = Decisions(overrides_file, record_dir, engine, as_of=as_of, level=level, paths=paths)
    try:  # an interrupted batch's manifest is written as it unwinds, and said after the `aborted` line
        if explain is None:
            explain = batch.count_upto(2) == 1  # reads no more than the start of a spreadsheet
        name = {"table": "explain", "markdown": "markdown-explain"}.get(fmt, fmt) if explain else fmt
        tally = Tally()
        target = (atomic_write(output, force=force, newline="" if fmt == "csv" else None) if output else
                  for_programs(sys.stdout) if fmt in ("jsonl", "json", "csv") else nullcontext(sys.stdout))
        # A bar would garble output streamed to the same terminal; a table is printed only at the end.
        streamed = output is None and sys.stdout.isatty() and name not in ("table", "markdown")
        # The bar's total is counted when the first result is in: after a pool's workers have started.
        with target as out, progress_bar(lambda: len(batch), quiet=quiet or streamed) as progress:
            # An explanation is written as each result comes: the batch's file names are given first, so that two
            # that print alike (NFC, NFD) are escaped from the first, as the table escapes them.
            reporter = REPORTERS[name](out, lang=lang, levels=engine.top, edition=engine.dated,
                                       overrides=overrides_file is not None, width=line_width(out),
                                       names=batch.names() if explain else (), level=level)
            # When each rule and level will hold is part of the explanation and of jsonl/json.
            forecast = explain or fmt in ("jsonl", "json")
            # Without overrides (which need each verdict here), a pool's workers write the streaming formats out
            # themselves, each verdict's decision record with it (--record).
            render = ((name, {"lang": lang, "levels": engine.top, "edition": engine.dated})
                      if name in ("jsonl", "json", "csv") and not overrides_file else None)
            # The explanation's gaps also name a recorded end date that stops one (endings.py).
            results = check_batch(engine, batch, jobs=jobs, progress=progress, as_of=as_of, level=level,
                                  forecast=forecast, stops=name in ("explain", "markdown-explain"), render=render,
                                  record=decisions.for_workers())  # each record made where its verdict is judged
            for result in decisions.apply(results):
                reporter.add(tally.add(early.add(result)))
            reporter.finish()
        if not quiet:
            for line in [*batch.notes(lang), early.note(lang)]:
                if line:
                    click.echo(line, err=True)
            click.echo(tally.summary(lang, output, batch.kinds()), err=True)  # and where the results went (-o)
        status = max(tally.exit_status, decisions.finish(quiet, lang))
    except (KeyboardInterrupt, OSError, CertifyError) as stop:  # Ctrl-C, SIGTERM, `| head`, an output not written
        click.get_current_context().meta[AFTER_ABORT] = decisions.interrupted(stop, lang)
        raise
    sys.exit(status)
