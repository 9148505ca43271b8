"""certify verify, certify show and certify test; and what --record and --overrides add to certify check and
certify report."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from ..atomic import RECORD, atomic_write, is_stream, record_name, refuse_existing, refuse_replacing_input
from ..casefile import find_casefiles, untested
from ..caserun import cases_summary, run_casefile
from ..columns import WIDTH, line_width
from ..errors import CertifyError, UsageError, error_line, in_language, must_exist, say
from ..manifest import stopped_by
from ..overridecheck import check_overrides, with_overrides
from ..overrides import read_overrides
from ..records import Recorder
from ..showrun import ShowRun
from ..spool import Spool
from ..verifyrun import VerifyRun
from . import LANG_OPTION, Terminated, dash_is_stdout, lang_option, main
from .helptext import option
from .progress import progress_bar
from .usage import Choice, PathType


class Decisions:
    """check and report with `--overrides FILE --record DIR`: committee decisions beside verdicts, records written."""

    def __init__(self, overrides_file, record_dir, source, *, as_of=None, level=None, paths=(),
                 named: bool = False) -> None:
        self.named = named  # each verdict recorded carries its record (report: its review sheet names it)
        if overrides_file:
            must_exist(overrides_file)
        # Its entries' problems are said once the batch is judged, with those of its entries against the batch.
        self.overrides, self.unread = read_overrides(overrides_file) if overrides_file else (None, [])
        self.source = source  # editions.RulesetSource
        self.recorder = None if not record_dir or self.unread else Recorder(  # bad entries: no records folder made
            record_dir, source.editions, as_of=as_of, level=level, overrides=str(overrides_file) if overrides_file
            else None, editions=source.where if source.dated else None, paths=paths)

    def for_workers(self) -> dict | None:
        """check_batch's `record`: each verdict's record made by the process that judged it, or None without
        --record. With --overrides its bytes are compressed: they wait in the spool with the rest of the batch."""
        return self.recorder.for_workers(squeezed=self.overrides is not None) if self.recorder else None

    def apply(self, results):
        """The results with overrides attached (checked against the whole batch first), each recorded."""
        if self.overrides is None:
            yield from self._recorded(results)
            return
        # The whole batch is judged before the first result is handed on, kept on disk (spool.py), not in memory.
        with Spool(self.source) as spool:
            for result in results:
                spool.add(result)
            # Only the results of the applicants decided on are read again, and every id for a typo's hint.
            check_overrides(self.overrides, spool.replay({o.applicant for o in self.overrides}), ids=spool.judged_ids,
                            dated=self.source.dated, unread=self.unread)  # dated: the edition in force, named
            yield from self._recorded(with_overrides(spool.replay(), self.overrides))

    def _recorded(self, results):
        for result in results:
            if self.recorder is not None:
                self.recorder.add(result)
                if self.named and self.recorder.last is not None:  # written before its sheet is
                    result = replace(result, record=self.recorder.last)
            yield result

    def finish(self, quiet: bool = False, lang: str = "en") -> int:
        """Report records that could not be written (exit status 2), and the records' summary line."""
        if self.recorder is None:
            return 0
        self.recorder.finish()  # the batch's manifest: every input is in
        for line in self.recorder.problems(lang):
            click.echo(line, err=True)
        if not quiet:
            click.echo(self.recorder.summary(lang), err=True)
        return 2 if self.recorder.errors else 0


    def interrupted(self, stop: KeyboardInterrupt | OSError | CertifyError, lang: str = "en") -> list[str]:
        """A batch stopped part-way (Ctrl-C, SIGTERM, its output pipe closed, an error): its manifest written,
        marked so, with the inputs handled until then (manifest.py); the line that says how many records were
        written and where that manifest is, or that it could not be written (said after the `aborted` or error
        line: the exit status stays the interruption's). An error before any input was handled (an --output
        that exists) leaves no manifest: nothing was recorded."""
        if self.recorder is None:
            return []
        recorder, log = self.recorder, self.recorder.log
        if not isinstance(stop, KeyboardInterrupt) and not log.lines and log.path is None:
            return []
        finished = log.path is not None  # the batch was over, its manifest written, when the interruption came
        where = log.write_interrupted(stop.name if isinstance(stop, Terminated) else "Ctrl-C"
                                      if isinstance(stop, KeyboardInterrupt) else stopped_by(stop))
        w, u, n = recorder.written, recorder.unchanged, len(log.lines)
        done = say("{w} decision record{s} written to {f} before the interruption{u}",
                   "中止前已在 {f} 中新写入 {w} 份判定记录{u}", w=w, s="" if w == 1 else "s", f=recorder.folder,
                   u=say(" ({u} already there)", "（另有 {u} 份已存在）", u=u) if u else "")
        if isinstance(where, CertifyError):
            return [error_line(in_language(say("{d}, but the batch's manifest could not be written: {e}",
                                               "{d}，但批次清单未能写入：{e}", d=done, e=where.quoted()), lang), lang)]
        if finished:
            line = say("{d}; the batch's manifest lists all its inputs: {m}", "{d}；批次清单列出了其全部输入：{m}",
                       d=done, m=where)
        else:
            line = say("{d}; the batch's manifest says it was interrupted after {n} input{s}: {m}",
                       "{d}；批次清单注明该批次在处理 {n} 项输入后被中止：{m}", d=done, n=n, s="" if n == 1 else "s",
                       m=where)
        return [in_language(line, lang)]


def refuse_records_judged(paths, record_dir, command: str = "check") -> None:
    """A path named to judge that is the --record folder, or in it, is a mistake said before anything is judged
    or written: judged, its records and kept rulesets would be error rows, and the batch's manifest would list
    them for ever as inputs that got no record. (A folder named that holds the records folder does not search
    it: batch.Batch's `own`.)"""
    folder = os.path.realpath(record_dir)
    for path in paths:
        real = os.path.realpath(path)
        if real == folder or real.startswith(os.path.join(folder, "")):
            where = (say("{p} is the records folder (--record {r})", "{p} 是判定记录文件夹（--record {r}）", p=path, r=record_dir)
                     if real == folder else say("{p} is in the records folder (--record {r})",
                                                "{p} 位于判定记录文件夹（--record {r}）中", p=path, r=record_dir))
            raise UsageError(say(
                "{w}: what {c} writes there (decision records, batch manifests, kept rulesets) is no dossier; "
                "name the dossiers and spreadsheets to judge, and check the records with certify verify {r}",
                "{w}：{c} 在其中写入的判定记录、批次清单和留存的标准都不是申报材料；请写出要评定的申报材料和申报表，"
                "判定记录请用 certify verify {r} 核对", w=where, c=command, r=record_dir))


def refuse_unrecordable(paths, ruleset_path, overrides_file) -> None:
    """An input named with --record that is no file to read again (a pipe, /dev/stdin, a shell's <(...)): its
    record would name it, and certify verify would never find it (a ruleset so named kept no copy, as if it had
    changed). Said before anything is judged or written."""
    for path in (*paths, ruleset_path, overrides_file):
        if path is not None and is_stream(Path(path)):
            raise UsageError(say("{p} is not a file (a pipe or a device): a decision record names its inputs, which "
                                 "certify verify reads again; save it as a file first, or leave out --record",
                                 "{p} 不是普通文件（管道或设备）：判定记录会写明其输入，供 certify verify 重新读取；"
                                 "请先把它保存为文件，或不加 --record", p=path))


def refuse_records_in_out(record_dir, out) -> None:
    """`certify report --out DIR --record DIR/records`: the documents' folder is replaced whole at the end, so a
    records folder in it (or the folder itself) would be lost with it, its records written for nothing. Said
    before anything is judged or written, --force or not."""
    folder, documents = os.path.realpath(record_dir), os.path.realpath(out)
    if folder == documents or folder.startswith(os.path.join(documents, "")):
        where = (say("--record {r} is the --out folder", "--record {r} 就是 --out 指定的文件夹", r=record_dir)
                 if folder == documents else say("--record {r} is in --out {o}", "--record {r} 位于 --out {o} 中",
                                                 r=record_dir, o=out))
        raise UsageError(say(
            "{w}, which is replaced whole when the documents are written: the records would be lost with it; "
            "keep them in a folder of their own, beside it",
            "{w}，而写出评审文件时 --out 文件夹会被整个替换，判定记录会随之丢失；请把判定记录写到 --out 之外的另一个文件夹",
            w=where))


@main.command()
@click.argument("records", nargs=-1, required=True, type=PathType(readable=False, path_type=Path))
@option("-q", "--quiet", is_flag=True, help="No progress bar or summary line on standard error.",
        zh="不在标准错误输出中显示进度条和汇总行。")
@LANG_OPTION
def verify(records, quiet, lang):
    """Re-evaluate decision records: is each verdict reproduced?

    RECORDS are files written by `certify check --record DIR`, or folders of
    them, or a batch manifest (DIR/batches/NAME.jsonl): the records it lists,
    in its folder. Each is re-evaluated from its recorded dossier file (or its applicant
    of a workbook or CSV set, found by id; each spreadsheet is read once) and
    ruleset (the bundled one, or the ruleset file it names) as of its recorded date, and is
    `reproduced`, or `differs` with the first reason found: the dossier changed,
    the ruleset changed, the engine (certify, its code, or durable-rules) changed, the
    verdict itself differs, or the recorded facts are not the dossier's. Where
    the ruleset changed, the record is also judged by the copy of it the records
    folder keeps, which says whether the verdict was right by the rules as they
    were. A record whose dossier is gone, or that was edited or renamed after it was written,
    or that is a copy of another, cannot be verified. Given a
    records folder, verify also reads the batch manifests check wrote there: a
    record one lists that is not in the folder is missing; inputs that got no
    record, batches that were interrupted, and records no manifest lists are
    noted; and a record that differs names the record a later batch wrote for
    the same input, if any. A record deleted with its manifest is not seen.

    \b
    Examples:
      certify check applicants/ --record records/
      certify verify records/
      certify verify records/ --lang zh
      certify verify records/AP-101--88cf8220caf6--2024-12-31--kam-2014--f2b55557.json

    A kept ruleset named (DIR/rulesets/SHA256.yaml) is checked as one: whether
    its bytes are those its name gives, and what to run instead. Kept rulesets
    named alone: the last line counts them (N kept rulesets: U unchanged), not
    records.

    Exit status: 0 all reproduced; 1 some differs; 2 some cannot be verified or
    is missing, a kept ruleset or a batch manifest is not what it should be, or
    there were no records to verify (kept rulesets named alone: 0 when each is
    unchanged).

    \f
    重新评定判定记录：每条判定结果能否复现？

    RECORDS 为 `certify check --record DIR` 写出的文件，或它们所在的文件夹，或批次清单
    （DIR/batches/NAME.jsonl：核对其文件夹中它列出的判定记录）。每份记录
    都以其记录的截止日期，按记录的申报材料文件（或工作簿、CSV 申报表中按编号找到的
    申报人；每个申报表只读取一次）和标准（内置标准，或记录中写明的标准文件）重新评定，
    结果为“已复现”，或为“不一致”并给出找到的第一个原因：申报材料已更改、标准已更改、
    引擎（certify 或其代码、durable-rules）已更改、判定结果本身不同，或记录中的事实与申报
    材料不符。标准已更改时，还会按记录文件夹所保存的标准副本再评定一次，说明按当时的
    标准判定结果是否正确。申报材料已不存在，写出后被修改、被改名，或是另一份记录的副本的记录，
    无法核对。给出记录文件夹时，verify 还读取 check 在其中写入的批次清单：清单列出而
    文件夹中没有的记录为“缺失”；未得到记录的输入、被中止的批次，以及未列入任何清单的
    记录会被注明；不一致的记录如已由其后的批次为同一输入写出新的判定记录，会写明该记录。
    连同其清单一起被删除的记录不会被发现。

    \b
    示例：
      certify check applicants/ --record records/
      certify verify records/
      certify verify records/ --lang zh
      certify verify records/AP-101--88cf8220caf6--2024-12-31--kam-2014--f2b55557.json

    写出的若是留存的标准（DIR/rulesets/SHA256.yaml），则按留存标准核对：其内容是否与文件名所示的
    sha256 相符，并说明应改用什么命令。只写出留存的标准时，最后一行统计的是这些标准
    （共 N 份留存的标准：U 份未更改），而非判定记录。

    退出状态：0 表示全部已复现；1 表示有不一致；2 表示有无法核对或缺失的记录，留存的
    标准副本或批次清单有误，或没有可以核对的记录（只写出留存的标准时：均未更改则为 0）。
    """
    run = VerifyRun(records)
    # A bar on standard error when the lines go elsewhere (a file, a pipe): 100,000 records take minutes.
    with progress_bar(len(run.found) + len(run.missing), quiet=quiet or sys.stdout.isatty()) as progress:
        for check in run:
            click.echo(check.line(lang))
            if progress:
                progress(1)
    for check in run.problems:  # not records: a manifest that cannot be read, a kept ruleset changed or gone
        click.echo(check.line(lang))
    if not quiet:
        for line in run.notes(lang):
            click.echo(line, err=True)
        click.echo(run.summary(lang), err=True)
    sys.exit(run.status())


@main.command()
@click.argument("records", nargs=-1, required=True, type=PathType(readable=False, path_type=Path))
@lang_option("Language of the head, headings and explanations (default: from the locale); an explanation is the "
             "record's own words, or, in Chinese, worded from its recorded readings when they give those words.",
             "首部、标题和说明的语言（默认：随系统的语言设置）；说明为判定记录中的原文，或在按记录的读数写出的英文与原文"
             "相同时，以中文写出。")
@option("--format", "fmt", type=Choice(["text", "markdown"]), default="text", show_default=True,
        help="text for a terminal, markdown for a repository or a report.",
        zh="text 用于终端显示，markdown 用于存入文档库或写入报告。")
@option("-o", "--output", type=PathType(dir_okay=False, path_type=Path), callback=dash_is_stdout,
        help="Write to this file (whole or not at all) instead of standard output (- for it).",
        zh="写入此文件，而不是标准输出（要么完整写入，要么不写；- 表示标准输出）。")
@option("--force", is_flag=True, help="Replace the --output file if it exists.",
        zh="--output 指定的文件已存在时，将其替换。")
def show(records, lang, fmt, output, force):
    """Show decision records as documents: how each verdict was reached.

    RECORDS are found as `certify verify` finds them: files written by `certify
    check --record DIR`, folders of them, or a batch manifest (DIR/batches/NAME.jsonl:
    the records it lists). For each record: whether it is as certify wrote it, by
    the checks verify makes without evaluating (its name against its contents,
    its time, its fields, a copy) and its verdict against itself (a record that
    fails one is shown under a warning, said on standard error too); whose
    verdict it is, the dossier and whether the file there is still the one judged
    (by its sha256), the as-of date and where it came from, the target level, the
    ruleset, its kept copy and whether the file (or folder of editions) named is
    as it was, the versions of certify (and its code's sha256) and durable-rules, when it was made, the
    options and the committee's decisions (and whether their file named still holds
    them); then every rule of every level with its status,
    explanation and clause, and the gap, as `certify check FILE --explain` lays
    them out; then the facts the record shows. Nothing is evaluated again: `certify
    verify` re-derives each verdict. The explanations are the record's own words
    (with --lang zh, worded in Chinese from each rule's recorded readings when,
    worded in English, they are the record's words exactly).

    \b
    Examples:
      certify show records/
      certify show records/AP-104--7e0a2c18b108--2025-12-31--kam-2014--86d3a784.json --lang zh
      certify show records/batches/20261123T165812Z--5b0e91c4.jsonl --format markdown -o cycle.md

    Exit status: 0 every record was shown; 2 some file is no decision record or
    cannot be read, or a record a batch manifest lists is missing, or a record
    was not shown in full: a file it names (its dossier, ruleset file, kept copy,
    folder of editions or decisions file) is there and cannot be read (each said
    on standard error; the others are still shown), or there were no records.

    \f
    把判定记录显示为可阅读的文件：每项判定结果是如何得出的。

    RECORDS 的查找方式与 `certify verify` 相同：`certify check --record DIR` 写出的
    文件、它们所在的文件夹，或批次清单（DIR/batches/NAME.jsonl：显示其列出的判定记录）。
    对每份判定记录，先列出：该记录是否与写入时一致（verify 无需重新评定即可进行的检查：文件名
    与内容、写入时间、字段、是否为副本；以及判定结果是否前后一致；未通过的记录照常显示，
    但注有警告，标准错误输出中也会说明）；判定对象；申报材料，以及该处的文件是否仍是评定时的那份（按
    sha256）；截止日期及其来源；申报级别；标准、其留存副本，以及所写的标准文件（或标准版本文件夹）是否与评定时一致；certify（及其代码的 sha256）和 durable-rules 的
    版本；写入时间；选项；评审委员会决定（以及所写的决定文件是否仍载有这些决定）。然后按 `certify check FILE --explain` 的格式
    列出每个级别每条规则的结果、说明和条款，以及差距；最后列出判定记录所记的事实。不会
    重新评定：重新评定请用 `certify verify`。说明为判定记录中的原文（--lang zh 时，若按各条规则所记的
    读数写出的英文与记录原文逐字相同，则以中文写出）。

    \b
    示例：
      certify show records/
      certify show records/AP-104--7e0a2c18b108--2025-12-31--kam-2014--86d3a784.json --lang zh
      certify show records/batches/20261123T165812Z--5b0e91c4.jsonl --format markdown -o cycle.md

    退出状态：0 表示所有判定记录都已显示；2 表示有文件不是判定记录或无法读取，或批次清单
    列出的判定记录缺失，或有判定记录未能完整显示：其所写的文件（申报材料、标准文件、留存副本、
    标准版本文件夹或评审委员会决定文件）存在但无法读取（均在标准错误输出中说明，其余记录照常
    显示），或没有判定记录。
    """
    if output:
        refuse_replacing_input(output, [(r, RECORD, record_name) for r in records])
        refuse_existing(output, force=force)
    run = ShowRun(records, lang, fmt, WIDTH if output else line_width(sys.stdout), keep=bool(output))
    for shown in run:  # a file is written once every record is laid out
        if shown.said:
            click.echo(shown.said, err=True)
        if shown.text is not None and not output:
            sys.stdout.write(shown.text)
    if output and run.shown:
        with atomic_write(output, force=force) as file:
            file.write(run.text)
        click.echo(run.wrote(output), err=True)
    for note in run.notes():
        click.echo(note, err=True)
    sys.exit(run.status())


@main.command("test")
@click.argument("rulesets", nargs=-1, type=PathType(path_type=Path))
@LANG_OPTION
@option("-q", "--quiet", is_flag=True, help="Show failing cases only: no notes or summary line.",
        zh="只显示未通过的测试用例，不显示“注意”行和汇总行。")
def test_command(rulesets, lang, quiet):
    """Run a ruleset's test cases and show what differs.

    The cases of rulesets/NAME.yaml live beside it in rulesets/NAME.tests.yaml
    (see docs/records-and-overrides.md). RULESETS are ruleset files, case files,
    or folders (every *.tests.yaml in them); without one, the bundled standard's
    cases run. A failing case shows each rule, level or qualified level whose
    outcome differs, expected against actual, with the facts the rule read. A case
    file that cannot be loaded has each of its problems said, then counted. With
    --lang zh, all of it is said in Chinese, a case file's load errors too.

    \b
    Examples:
      certify test
      certify test rulesets/kam-2014.yaml
      certify test rulesets/
      certify test --lang zh

    Exit status: 0 every case passes; 1 some case fails; 2 a file cannot be read.

    \f
    运行标准的测试用例，并显示结果不同之处。

    rulesets/NAME.yaml 的测试用例写在它旁边的 rulesets/NAME.tests.yaml 中（见
    docs/records-and-overrides.md）。RULESETS 为标准文件、测试用例文件或文件夹（运行
    其中所有的 *.tests.yaml）；不写时，运行内置标准的测试用例。未通过的测试用例列出
    结果不同的每条规则、每个级别或认定级别，预期结果与实际结果对照，并附上该规则读取
    的事实。测试用例文件无法读取时，逐一列出其中每处问题，并在最后计数。使用 --lang zh 时，全部内容都以
    中文显示，测试用例文件的读取错误也是如此。

    \b
    示例：
      certify test
      certify test rulesets/kam-2014.yaml
      certify test rulesets/
      certify test --lang zh

    退出状态：0 表示所有测试用例都通过；1 表示有测试用例未通过；2 表示有文件无法读取。
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
        for note in untested(rulesets):  # an edition of a folder without cases beside it
            click.echo(in_language(note, lang), err=True)
        click.echo(cases_summary(passed, failed, lang), err=True)
    sys.exit(1 if failed else 0)
