"""certify explain, diff and lint: rulesets for auditors and rule authors."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from ..atomic import EXPLAINED, atomic_write, edition_name, refuse_replacing_input
from ..columns import line_width
from ..editions import load_editions, open_rulesets
from ..errors import Message, in_language, must_exist, say
from ..facts import CLOCK
from ..lint import lint_path, summary
from ..recordsearch import records_folder_said
from ..rulebook import FORMATS, rulebook
from ..rulediff import diff_editions, diff_record, diff_rulesets, diff_text, editions_text, nothing_to_compare
from ..ruleset import DEFAULT_RULESET, load_ruleset
from . import LANG_OPTION, dash_is_stdout, main
from .check import warn_of_misdated, warn_of_namesakes
from .helptext import option
from .usage import Choice, IsoDate, PathType


@main.command(name="explain")
@click.argument("ruleset", required=False, type=PathType(path_type=Path))
@LANG_OPTION
@option("--format", "fmt", type=Choice(FORMATS), default="text", show_default=True,
        help="text for a terminal, markdown for a repository, html (self-contained) to print and sign.",
        zh="text 用于终端显示，markdown 用于存入文档库，html（单个文件，无需其他文件）用于打印和签署。")
@option("--as-of", type=IsoDate(), help="For a folder of editions: the edition in force on this date "
        "(default: today).", zh="用于标准版本文件夹：选用在此日期施行的版本（默认：今天）。")
@option("-o", "--output", type=PathType(dir_okay=False, path_type=Path), callback=dash_is_stdout,
        help="Write to this file (whole or not at all) instead of standard output (- for it).",
        zh="写入此文件，而不是标准输出（要么完整写入，要么不写；- 表示标准输出）。")
@option("--force", is_flag=True, help="Replace the --output file if it exists.",
        zh="--output 指定的文件已存在时，将其替换。")
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

    \f
    把标准写成一份评审委员会可以阅读、签署的文件。

    RULESET 为标准文件（默认：内置的 2014 版标准）或标准版本文件夹。文件列出标准的
    标题、编号、版本、施行日期、来源和 sha256，然后是每个级别和每条规则：条款、标准
    原文、要求，以及用通俗语言写出、附有门槛值的判定条件。

    \b
    示例：
      certify explain                                   内置标准，英文
      certify explain --lang zh --format markdown -o standard.zh.md
      certify explain rulesets/kam-2014.yaml --format html -o standard.html
      certify explain editions/ --as-of 2021-06-30      该日期施行的版本
    """
    refuse_replacing_input(output, [(ruleset or DEFAULT_RULESET, EXPLAINED, edition_name)])
    source = open_rulesets(ruleset)
    loaded = source.edition_for(as_of or CLOCK.today())
    edited = warn_of_namesakes(source, lang, shown=loaded).get(loaded.sha256)  # and said in the document itself
    if as_of is not None and not source.dated:  # said, not passed over: the date chose nothing
        # In Chinese a path is set off by spaces, the bundled standard's name (ending in ）) is not.
        named = Message(str(ruleset), f"{ruleset} ") if ruleset is not None else Message(
            f"the bundled standard ({loaded.ruleset.id} {loaded.ruleset.version})",
            f"内置标准（{loaded.ruleset.id} {loaded.ruleset.version}）")
        click.echo(in_language(say("note: --as-of chooses among the editions of a folder; {r} is one ruleset, shown "
                                   "whatever the date", "注意：--as-of 用于在标准版本文件夹中选择施行的版本；{r}是单个标准"
                                   "文件，不论日期都显示它", r=named), lang), err=True)
    target = atomic_write(output, force=force) if output else nullcontext(sys.stdout)
    with target as out:
        out.write(rulebook(loaded, lang, fmt, None if edited is None else in_language(edited.remark(), lang),
                           columns=line_width(out)))
    if output:  # said once it is there, as report, template and init say what they wrote
        click.echo(in_language(say("wrote {o}: {r}, every level and rule explained", "已写入 {o}：{r} 各级别、"
                                   "各条规则的说明", o=output, r=f"{loaded.ruleset.id} {loaded.ruleset.version}"),
                               lang), err=True)


@main.command(name="diff")
@click.argument("old", type=PathType(path_type=Path))
@click.argument("new", required=False, type=PathType(path_type=Path))
@LANG_OPTION
@option("--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
        help="text for people, json for programs.", zh="text 供人阅读，json 供程序读取。")
@click.pass_context
def diff_command(ctx, old, new, lang, fmt):
    """Show what changed between two rulesets, rule by rule.

    Rules are matched by id and levels by number: rules added and removed, and for
    each changed rule its clause, words, requirement or condition, old and new (a
    condition in plain language, with what it means for applicants: a case it now
    accepts, more lenient, or no longer accepts, stricter); levels added, removed or renamed; the version,
    effective date and other metadata. Conditions are compared by meaning: `3 years`
    and `36` are the same, and so are the parts of an `all` in another order.
    When the two have the same id and version but their rules differ, the summary
    says so: verdicts by either would name the same standard.

    OLD and NEW are two ruleset files. A folder of editions is given alone: each
    edition is compared with the next in order of their effective dates, each pair
    headed by its two editions (file, version, effective date); with --format json,
    a list of the pairs.

    \b
    Examples:
      certify diff rulesets/kam-2014.yaml editions/kam-2020.yaml
      certify diff old.yaml new.yaml --format json
      certify diff editions/                        each edition and the next

    Exit status: 0 no change is listed (the same rules, under the same
    metadata); 1 some is, a new version or effective date alone too; 2 one of
    them cannot be loaded. For a folder: 0 every edition states the levels and rules of
    the one before it (whatever its version, date and other metadata), or there is
    one edition; 1 some edition's differ; 2 the folder cannot be loaded.

    \f
    逐条规则显示两个标准之间的变化。

    规则按编号对应，级别按序号对应：列出新增和删除的规则；对每条有变化的规则，列出其
    条款、标准原文、要求或判定条件的新旧内容（判定条件用通俗语言写出，并说明对申报人的影响：
    举出现在符合而此前不符合的情况，即放宽，或此前符合而现在不符合的情况，即收紧）；新增、删除或更名
    的级别；版本、施行日期及其他元数据。判定条件按含义比较：`3 years` 与 `36` 相同，
    `all` 中各项的顺序不同也视为相同。两个标准的编号和版本相同而规则不同时，汇总中会指出：
    据二者作出的判定结果会冠以同一标准的名称。

    OLD 和 NEW 为两个标准文件。标准版本文件夹须单独给出：按施行日期，依次将每个版本与下一个
    版本比较，每对版本之前注明所比较的两个版本（文件、版本、施行日期）；使用 --format json
    时，输出各对版本组成的列表。

    \b
    示例：
      certify diff rulesets/kam-2014.yaml editions/kam-2020.yaml
      certify diff old.yaml new.yaml --format json
      certify diff editions/                        每个版本与下一个版本比较

    退出状态：0 表示未列出任何变化（规则相同，元数据也相同）；1 表示列出了变化，仅版本号或施行日期
    不同也是；2 表示其中一个无法读取。对于文件夹：
    0 表示每个版本规定的级别和规则都与前一版本相同（版本号、施行日期等元数据不计），或只有一个
    版本；1 表示有版本的级别或规则与前一版本不同；2 表示文件夹无法读取。
    """
    for name, path in (("OLD", old), ("NEW", new)):  # named as click names an argument, NEW without its brackets
        if path is not None and path.is_dir() and (records := records_folder_said(path)) is not None:
            raise click.BadParameter(records, ctx=ctx, param_hint=f"'{name}'")
        if new is not None and path.is_dir():
            raise click.BadParameter(say("{p} is a folder: a folder of editions is compared alone (certify diff "
                                         "{p})", "{p} 是文件夹：标准版本文件夹须单独比较（certify diff {p}）",
                                         p=path), ctx=ctx, param_hint=f"'{name}'")
    must_exist(old)
    if new is None:
        if not old.is_dir():  # one ruleset file: NEW is missing, as it always was
            raise click.MissingParameter(ctx=ctx, param_hint="'NEW'", param_type="argument")
        sys.exit(diff_folder(old, lang, fmt))
    must_exist(new)
    d = diff_rulesets(load_ruleset(old), load_ruleset(new), lang)
    if fmt == "json":
        click.echo(json.dumps(diff_record(d), ensure_ascii=False, indent=2))
    else:
        click.echo(diff_text(d, lang), nl=False)
    sys.exit(0 if d.identical else 1)


def diff_folder(folder: Path, lang: str, fmt: str) -> int:
    """`certify diff FOLDER`: each edition with the next, in the order of their effective dates; the exit status."""
    source = load_editions(folder)
    warn_of_misdated(source, lang)
    diffs = diff_editions(source.editions, lang)
    if fmt == "json":
        click.echo(json.dumps([diff_record(d) for d in diffs], ensure_ascii=False, indent=2))
    if not diffs:
        said = nothing_to_compare(folder, source.editions[0], lang)
        click.echo(said, err=fmt == "json")  # under json, standard output holds the list alone
    elif fmt != "json":
        click.echo(editions_text(diffs, lang), nl=False)
    return 0 if all(d.same_rules for d in diffs) else 1


@main.command(name="lint")
@click.argument("ruleset", type=PathType(path_type=Path))
@LANG_OPTION
@option("--strict", is_flag=True, help="Exit 1 when there are warnings.", zh="有警告时，退出状态为 1。")
@option("-q", "--quiet", is_flag=True, help="No summary line on standard error.",
        zh="不在标准错误输出中显示汇总行。")
def lint_command(ruleset, lang, strict, quiet):
    """Find mistakes in a ruleset before they become verdicts.

    RULESET is a ruleset file or a folder of editions. Each finding is one line,
    FILE:LINE: SEVERITY RULE: MESSAGE. error: the ruleset cannot be loaded (a schema
    error, an unknown fact, key or value, with a did-you-mean), each mistake listed,
    not only the first (other commands stop at the first). warning: a condition
    that can never hold or always holds, a duplicate alternative, a value an 'in' or
    'contains_all' lists twice, a ladder that is not monotone (a higher level's rule
    passes a case a lower level's rule of the same name fails), a rule whose id names
    another level (L3.x in level 4), two levels of one name, the bundled standard's
    id and version on other rules (its verdicts would read as the standard's), or in
    a folder an edition that takes effect before one of a lower version (2026.1 dated
    before 2014.1). info: a fact no rule reads. With --lang zh, findings are said in
    Chinese (错误, 警告, 提示), a ruleset's load errors too.

    \b
    Examples:
      certify lint rulesets/kam-2014.yaml
      certify lint my-standard.yaml --strict
      certify lint rulesets/kam-2014.yaml --lang zh

    Exit status: 2 errors; 1 warnings with --strict; 0 otherwise.

    \f
    在标准中的错误影响判定结果之前，把它们找出来。

    RULESET 为标准文件或标准版本文件夹。每条检查结果占一行，依次为文件名和行号（FILE:LINE）、
    类别、规则和说明。错误（error）：标准无法读取（结构有误，或有未知的事实、字段或取值，并提示可能的
    正确写法），逐一列出每处错误，而不只是第一处（其他命令遇到第一处即停止）。警告（warning）：永远不会成立或总是成立的条件、重复的备选条件、'in' 或
    'contains_all' 中重复列出的值、不单调的级别（较高级别的某条规则接受了同名的较低级别
    规则拒绝的情况）、编号指向其他级别的规则（第4级中的 L3.x）、两个级别同名、沿用内置
    标准的编号和版本却规定了不同的规则
    （据其作出的判定结果会被当作该标准的判定结果），或文件夹中某版本的施行日期早于版本号
    更低的版本（2026.1 早于 2014.1 施行）。提示（info）：没有规则读取的事实。
    使用 --lang zh 时，检查结果以中文显示（错误、警告、提示），标准的读取错误也是如此。

    \b
    示例：
      certify lint rulesets/kam-2014.yaml
      certify lint my-standard.yaml --strict
      certify lint rulesets/kam-2014.yaml --lang zh

    退出状态：2 表示有错误；1 表示使用了 --strict 且有警告；0 表示其他情况。
    """
    findings = lint_path(ruleset)
    for f in findings:
        click.echo(f.said(lang))
    if not quiet:
        click.echo(summary(findings, ruleset, lang), err=True)
    errors, warnings = (any(f.severity == s for f in findings) for s in ("error", "warning"))
    sys.exit(2 if errors else 1 if strict and warnings else 0)
