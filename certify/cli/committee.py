"""certify template and certify report: for review committees judging a whole cycle."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import DECISIONS, RULESET, edition_name, refuse_replacing_input
from ..outfolder import check_target, count_files, remove_folder
from ..batch import Batch
from ..check import Failure, level_list
from ..tally import Tally
from ..decisionsfile import DecisionsFile
from ..documents import write_documents
from ..editions import open_rulesets
from ..errors import CertifyError, in_language, say
from ..parallel import SHEETS, check_batch, check_jobs
from ..repeats import NamesSeen
from ..unjudged import failure_lines, unjudged_list
from ..ruleset import DEFAULT_RULESET
from ..stems import documents_file
from ..template import ruleset_option, shell_path, write_template
from . import AFTER_ABORT, LANG_OPTION, main
from .check import BeforeEffective, warn_of_misdated, warn_of_namesakes
from .progress import JOBS_OPTION, progress_bar
from .records import Decisions, refuse_records_in_out, refuse_records_judged, refuse_unrecordable
from .helptext import option
from .usage import IsoDate, Level, PathType, level_by_name


@main.command()
@option("--xlsx", "path", required=True, type=PathType(dir_okay=False, path_type=Path),
        help="The workbook to write (- for standard output).", zh="要写出的工作簿（- 表示标准输出）。")
@option("--ruleset", "ruleset_path", type=PathType(path_type=Path),
        help="The standard whose levels the notes name (default: the bundled 2014 standard), or a "
             "folder of editions.",
        zh="notes 工作表中列出其级别的标准（默认：内置的 2014 版标准），或标准版本文件夹。")
@LANG_OPTION
@option("--force", is_flag=True, help="Replace the workbook if it exists.", zh="工作簿已存在时，将其替换。")
def template(path, ruleset_path, lang, force):
    """Write an empty workbook for HR to fill in, one sheet per section.

    The sheets applicants, education, employment and projects get their headers
    and an example row (its id begins with #, so it is never judged); a notes
    sheet explains every column, and the levels a target level may name.

    \b
    Examples:
      certify template --xlsx cycle-2025.xlsx --lang zh
      certify template --xlsx cycle-2025.xlsx --ruleset my-standard.yaml
      certify check cycle-2025.xlsx            (once it is filled in)

    \f
    为人事部门写出一份待填写的空白工作簿，每部分一个工作表。

    applicants、education、employment 和 projects 工作表带有列名和一行示例（其编号
    以 # 开头，因此不会被评定）；notes 工作表说明每一列，以及申报级别可以填写的级别。

    \b
    示例：
      certify template --xlsx cycle-2025.xlsx --lang zh
      certify template --xlsx cycle-2025.xlsx --ruleset my-standard.yaml
      certify check cycle-2025.xlsx            （填写完成后）
    """
    refuse_replacing_input(path, [(ruleset_path or DEFAULT_RULESET, RULESET, edition_name)])
    source = open_rulesets(ruleset_path)
    write_template(path, lang=lang, force=force, top=source.top, names=level_list(source))
    click.echo(template_written(path, lang, ruleset_path), err=True)


def template_written(path: Path, lang: str, ruleset: Path | None = None) -> str:
    """The line that says the template is written, and what to do next (naming the standard it is for, when
    that is not the bundled one), in the language asked for."""
    given = ruleset_option(ruleset)
    if str(path) == "-":
        return (f"已写入标准输出：请存为 .xlsx 文件并填写各工作表（notes 工作表说明每一列），然后运行：certify report "
                f"文件.xlsx{given} --out 目录" if lang == "zh" else "wrote the workbook to standard output: keep it as "
                f"a .xlsx file, fill in its sheets (the notes sheet explains each column), then run: certify report "
                f"FILE.xlsx{given} --out DIR")
    if lang == "zh":
        return (f"已写入 {path}：请填写各工作表（notes 工作表说明每一列），然后运行：certify report {shell_path(path)}"
                f"{given} --out 目录")
    return (f"wrote {path}: fill in its sheets (the notes sheet explains each column), "
            f"then run: certify report {shell_path(path)}{given} --out DIR")


def documents_written(out: Path, sheets: int, lang: str) -> str:
    """The line that says the documents are written, in the language asked for."""
    if lang == "zh":
        return f"已写入 {out}：{sheets} 份评审表、汇总表、公示名单和 index.html"
    return (f"wrote {out}: {sheets} review sheet{'s' if sheets != 1 else ''}, the summary, the public "
            f"notice and index.html")


def keep_failure(result, failures: list, names: NamesSeen):
    """The result, passed on; kept in `failures` as well when it could not be judged, its file in `names`."""
    names.add(getattr(result, "file", None))
    if isinstance(result, Failure):
        failures.append(result)
    return result


def could_not_judge(failures: list, lang: str, names: NamesSeen | None = None) -> str:
    """What could not be judged, one numbered line each naming its file (and sheet, row and column), as `certify
    check`'s table lists it: the secretary sees what to fix without opening the documents, which list it too. A
    file whose name prints as another of the batch's does (`names`: NFC, NFD) is escaped, as check's list has it."""
    alike = (names or NamesSeen()).alike(f.file for f in failures)
    return unjudged_list(failure_lines(failures, lang, alike), lang).rstrip("\n")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathType(readable=False, path_type=Path))
@option("--out", "out", required=True, type=PathType(file_okay=False, path_type=Path),
        help="The folder to write the documents into (written whole, or not at all).",
        zh="写入评审文件的文件夹（要么完整写入，要么不写）。")
@option("--ruleset", "ruleset_path", type=PathType(path_type=Path),
        help="Ruleset file (default: the bundled 2014 standard), or a folder of editions.",
        zh="标准文件（默认：内置的 2014 版标准），或标准版本文件夹。")
@option("--as-of", type=IsoDate(), help="Evaluate as of this date (default: each dossier's as_of, else today).",
        zh="以此日期为截止日期评定（默认：各申报材料的 as_of，未填写时为今天）。")
@option("--level", type=Level(), help="Target level for every applicant.",
        zh="所有申报人统一按此申报级别评定。")
@LANG_OPTION
@JOBS_OPTION
@option("--force", is_flag=True, help="Replace the --out folder if it exists (a report's: one that holds "
        "anything else is refused).", zh="--out 指定的文件夹已存在时，将其替换（限于评审文件的文件夹：其中有其他内容时拒绝替换）。")
@option("-q", "--quiet", is_flag=True,
        help="No progress bar, notes or summary on standard error; what could not be judged is still listed.",
        zh="不在标准错误输出中显示进度条、“注意”行和汇总行；无法评定的输入仍会列出。")
@option("--overrides", "overrides_file", type=PathType(dir_okay=False, path_type=Path),
        help="The committee's decisions (破格/特批, 不予认定), YAML or CSV: shown beside the verdicts, "
             "and the notice lists the level they make final.",
        zh="评审委员会决定（破格/特批、不予认定）文件，YAML 或 CSV 格式：与判定结果并列显示，"
           "公示名单列出这些决定最终认定的级别。")
@option("--record", "record_dir", type=PathType(file_okay=False, path_type=Path),
        help="Also write a decision record (JSON) per judged applicant into this folder, as `certify check "
             "--record` does (not inside --out); `certify verify` re-checks them.",
        zh="同时为每位已评定的申报人在此文件夹中写入一份判定记录（JSON），与 `certify check --record` 写出的"
           "相同；此文件夹不能位于 --out 中。可用 `certify verify` 重新核对这些记录。")
def report(paths, out, ruleset_path, as_of, level, lang, jobs, force, quiet, overrides_file=None, record_dir=None):
    """Judge a whole cycle and write the committee's documents into a folder.

    PATHS are what `certify check` reads: HR workbooks (.xlsx), CSV sets
    (applicants.csv, education.csv, ... or their folder), dossier files and
    folders of them. The folder gets the summary (汇总表: summary.xlsx and
    summary.csv), a review sheet (评审表) per applicant in sheets/ (Markdown and
    HTML), the public notice (公示名单: notice.html, .md, .csv), the overview
    (overview.md) and index.html linking them all, with charts.

    \b
    Examples:
      certify report cycle-2025.xlsx --out review-2025 --lang zh
      certify report hr-export/ late-dossiers/ --out review-2025 --jobs 4 --force
      certify report cycle-2025.xlsx --out review-2025 --overrides committee.yaml --force
      certify report cycle-2025.xlsx --out review-2025 --overrides committee.yaml --record records-2025 --force

    An applicant id given again is an error row, even as of another date: a cycle
    decides once per applicant (certify check judges each date, as a what-if).

    Exit status as for `certify check`: 2 when some input could not be judged
    (the documents are written all the same, and list it).

    With --overrides, the committee's decisions (the file `certify check
    --overrides` reads) are shown beside the computed verdicts, which they never
    change, and the notice lists each applicant at the level they make final.
    An error in the file stops the command before any document is written.

    With --record, each judged applicant also gets the decision record `certify
    check --no-explain --record` writes for the same inputs and options (the
    committee's decisions in it), and the folder the batch's manifest, as
    docs/records-and-overrides.md describes them. Records are written as the
    verdicts come; the documents, whole or not at all, at the end. An applicant
    that could not be judged gets none. Each review sheet, and its row in
    index.html, names its record: the file's name and the first 12 hex digits of
    its sha256.

    \f
    评定一整轮申报，并把评审委员会所需的评审文件写入一个文件夹。

    PATHS 与 `certify check` 读取的相同：人事部门的工作簿（.xlsx）、CSV 申报表
    （applicants.csv、education.csv 等文件，或它们所在的文件夹）、申报材料文件及其
    所在的文件夹。写入该文件夹的有：汇总表（summary.xlsx 和 summary.csv），sheets/
    中每位申报人一份评审表（Markdown 和 HTML），公示名单（notice.html、.md、.csv），
    评审概况（overview.md），以及链接以上全部文件并附有图表的 index.html。

    \b
    示例：
      certify report cycle-2025.xlsx --out review-2025 --lang zh
      certify report hr-export/ late-dossiers/ --out review-2025 --jobs 4 --force
      certify report cycle-2025.xlsx --out review-2025 --overrides committee.yaml --force
      certify report cycle-2025.xlsx --out review-2025 --overrides committee.yaml --record records-2025 --force

    同一申报人编号再次出现即为错误行，即使截止日期不同：一轮评审对每位申报人只作
    一个决定（certify check 则对每个日期分别评定，可用于假设分析）。

    退出状态与 `certify check` 相同：有输入无法评定时为 2（评审文件照常写出，并列出
    该输入）。

    使用 --overrides 时，评审委员会决定（即 `certify check --overrides` 读取的文件）
    与计算所得的判定结果并列显示，但不改变判定结果；公示名单按这些决定最终认定的
    级别列出每位申报人。该文件有错误时，命令在写出任何评审文件之前即停止。

    使用 --record 时，还会为每位已评定的申报人写出一份判定记录（含评审委员会决定），
    与 `certify check --no-explain --record` 对同样的输入和选项写出的记录相同；该文件夹
    中还会写入批次清单，详见 docs/records-and-overrides.md。判定记录随判定结果逐份
    写出；评审文件在最后写出，要么完整写入，要么不写。无法评定的申报人没有判定记录。
    每份评审表及其在 index.html 中的一行都注明其判定记录：文件名及其 sha256 的前 12 位。
    """
    check_jobs(jobs)
    check_target(out, force=force, judged=paths,  # before a long batch, not after it
                 reads=[(ruleset_path, RULESET), (overrides_file, DECISIONS)], ours=documents_file)
    if record_dir:  # before any is read, or the records folder made
        refuse_records_in_out(record_dir, out)
        refuse_records_judged(paths, record_dir, "report")
        refuse_unrecordable(paths, ruleset_path, overrides_file)
    engine = open_rulesets(ruleset_path)
    level_by_name(level, engine)  # --level 高级客户经理: the number it names, said
    edited = warn_of_namesakes(engine, lang)  # and said in the documents, where they name the ruleset
    warn_of_misdated(engine, lang)
    frame = engine.editions[-1].ruleset
    # A cycle's workbook passed over in a folder: an error row, not a note only; the records folder not searched.
    batch = Batch(paths, unread_fails=True, own=[out, record_dir])
    # The decisions file read, and the records folder made, before any judging: an error in either, at once.
    decisions = Decisions(overrides_file, record_dir, engine, as_of=as_of, level=level, paths=paths, named=True)
    # The file as the documents name it, with the sha256 of its bytes, read as soon as its decisions are.
    decisions_file = DecisionsFile.read(overrides_file) if overrides_file else None
    tally = Tally()
    early = BeforeEffective(engine)  # applicants dated before a ruleset file takes effect, said after the batch
    unjudged: list[Failure] = []  # said on standard error too: what to fix, without opening the documents
    names = NamesSeen()  # the batch's file names, as far as telling apart those of `unjudged` and the documents' needs
    for name in batch.names():  # given before judging: the documents tell two that print alike apart from the first
        names.add(name)
    replaced: list[Path] = []  # the report replaced (--force), set aside: removed once all is said
    try:  # an interrupted batch's manifest is written as it unwinds, and said after the `aborted` line
        # The bar's total is counted when the first result is in: after a pool's workers have started. With
        # decisions, the whole batch is judged before the first document: each result counts when judged and when
        # written, so that the bar does not stand at its end while the review sheets are written.
        twice = 2 if overrides_file else 1
        with progress_bar(lambda: twice * len(batch), quiet=quiet) as progress:
            # No forecast: the documents show none, and the records are check's without one (options.forecast).
            results = check_batch(engine, batch, jobs=jobs, progress=progress, as_of=as_of, level=level,
                                  one_date=True,  # one decision per applicant: an id again is an error
                                  data_digest=True,  # a spreadsheet applicant's sheet names the sha256 of its data
                                  # A pool's workers render the review sheets: this process writes their bytes.
                                  # With decisions, compressed while they wait for them (spool.py).
                                  render=(SHEETS, {"lang": lang, "edited": edited,
                                                   "squeezed": overrides_file is not None}),
                                  record=decisions.for_workers())  # and each decision record: this process writes it
            # With decisions, the whole batch is judged before the first document (check_overrides needs it all; the
            # results wait in a temporary file meanwhile, spool.py).
            # Each verdict is recorded as it comes; the documents are written whole at the end.
            judged = (keep_failure(tally.add(early.add(r)), unjudged, names) for r in decisions.apply(results))
            if progress and overrides_file:
                judged = (progress(1) or r for r in judged)
            overview = write_documents(judged, out, frame, lang=lang, force=force, levels=engine.top,
                                       editions=[e.ruleset for e in engine.editions],
                                       decided=overrides_file is not None, edited=edited,
                                       decisions_file=decisions_file, replaced=replaced, names=names, level=level,
                                       kinds=batch.kinds)
        if not quiet:
            for line in [*batch.notes(lang), early.note(lang)]:
                if line:
                    click.echo(line, err=True)
        if unjudged:  # -q too: the problems are what a script needs to be told (check -q lists them in its output)
            click.echo(could_not_judge(unjudged, lang, names), err=True)
        if not quiet:
            click.echo(tally.summary(lang, kinds=batch.kinds()), err=True)
            click.echo(documents_written(out, overview.judged, lang), err=True)
        status = max(tally.exit_status, decisions.finish(quiet, lang))
        for old in replaced:  # the new documents are in place, and the batch's manifest written
            remove_replaced(old, out, quiet=quiet, lang=lang)
    except (KeyboardInterrupt, OSError, CertifyError) as stop:  # Ctrl-C, SIGTERM, the documents not written
        click.get_current_context().meta[AFTER_ABORT] = decisions.interrupted(stop, lang)
        raise
    sys.exit(status)


def remove_replaced(old: Path, out: Path, *, quiet: bool, lang: str) -> None:
    """Remove the report --force replaced (set aside, hidden beside --out), with a bar of its files: 200,000 of them
    for a cycle of 100,000 take a while to remove (27 s measured), after the judging's bar has reached its end."""
    label = f"正在删除被替换的 {out}" if lang == "zh" else f"removing the {out} replaced"
    with progress_bar(lambda: count_files(old), quiet=quiet, label=label) as progress:
        if progress:
            progress(0)  # its files counted before the first is removed (not on a terminal, or -q: not at all)
        gone = remove_folder(old, progress)
    if not gone:  # a file there that cannot be removed (no permission, a folder in use): said, not left unsaid
        said = say("note: what could not be removed of the {o} replaced is left in {f}: delete it by hand",
                   "注意：被替换的 {o} 中无法删除的内容留在 {f}，请手动删除", o=out, f=old)
        click.echo(in_language(said, lang), err=True)
