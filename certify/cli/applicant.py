"""certify init and certify validate: for applicants filling in a dossier."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import RULESET, atomic_write, edition_name, is_stream, refuse_replacing_input
from ..batch import Batch, Valid, far_note, problem_lines, validated
from ..check import level_list
from ..tally import counted
from ..editions import open_rulesets
from ..errors import UsageError, say
from ..ruleset import DEFAULT_RULESET
from ..template import dossier_template, ruleset_option, shell_path
from . import LANG_OPTION, dash_is_stdout, main
from .helptext import option
from .usage import PathType

# Endings of a file of another type, which a template named so is given in place of (my-dossier.txt: my-dossier.yaml)
_FILE_TYPES = frozenset({".txt", ".text", ".md", ".doc", ".docx", ".rtf", ".xml", ".ini", ".toml", ".cfg", ".conf",
                         ".csv", ".xls", ".xlsx"})


@main.command()
@click.argument("path", required=False, type=PathType(dir_okay=False, path_type=Path), callback=dash_is_stdout)
@option("--ruleset", "ruleset_path", type=PathType(path_type=Path),
        help="The standard whose levels the template names (default: the bundled 2014 standard), "
             "or a folder of editions.",
        zh="模板中列出其级别的标准（默认：内置的 2014 版标准），或标准版本文件夹。")
@LANG_OPTION
@option("--force", is_flag=True, help="Replace PATH if it exists.", zh="PATH 已存在时，将其替换。")
def init(path, ruleset_path, lang, force):
    """Write a dossier template to fill in, with a comment on every field.

    Without PATH (or with -) the template goes to standard output. The template
    is itself a valid dossier, in YAML with a comment on every field: PATH ends
    .yaml or .yml. Replace its example values with your own. Its target level
    names the levels of the standard (--ruleset; the bundled one by default).

    \b
    Examples:
      certify init my-dossier.yaml
      certify init 我的材料.yaml --lang zh
      certify init my-dossier.yaml --ruleset my-standard.yaml

    \f
    写出一份待填写的申报材料模板，每个字段都附有注释。

    不写 PATH（或写 -）时，模板写到标准输出。模板本身就是一份格式正确的申报材料，
    采用 YAML 格式，每个字段都附有注释：PATH 须以 .yaml 或 .yml 结尾。请把其中的
    示例值换成自己的。申报级别一项的注释列出标准的各个级别（标准由 --ruleset 指定，
    默认为内置标准）。

    \b
    示例：
      certify init my-dossier.yaml
      certify init 我的材料.yaml --lang zh
      certify init my-dossier.yaml --ruleset my-standard.yaml
    """
    if path is not None and path.suffix.lower() not in (".yaml", ".yml") and not is_stream(path):
        if path.suffix.lower() == ".json":
            raise UsageError(say("{p}: the template is YAML, with comments JSON cannot hold: name it {s}.yaml",
                                 "{p}：模板为 YAML 格式，JSON 无法保留其中的注释，请命名为 {s}.yaml", p=path, s=path.stem))
        # my-dossier.txt is my-dossier; wang.fang, a name with a dot in it, is wang.fang
        stem = path.stem if path.suffix.lower() in _FILE_TYPES else path.name
        raise UsageError(say("{p}: the template is YAML: name it {s}.yaml (in a folder, certify reads .yaml, .yml and "
                             ".json files only)", "{p}：模板为 YAML 格式，请命名为 {s}.yaml（在文件夹中，certify 只读取 .yaml、"
                             ".yml 和 .json 文件）", p=path, s=stem))
    refuse_replacing_input(path, [(ruleset_path or DEFAULT_RULESET, RULESET, edition_name)])
    named = None if path is None or is_stream(path) else path  # standard output, or a pipe: no file to name
    source = open_rulesets(ruleset_path)
    text = dossier_template(lang, source.top, ruleset_path, named, level_list(source))
    if path is None:
        click.echo(text, nl=False)
        return
    with atomic_write(path, force=force) as out:
        out.write(text)
    click.echo(init_written(path, lang, ruleset_path), err=True)


def init_written(path: Path, lang: str, ruleset: Path | None = None) -> str:
    """The line that says the template is written, and what to do next (naming the standard it is for, when
    that is not the bundled one), in the language asked for."""
    command = f"certify validate {shell_path(path)}{ruleset_option(ruleset)}"
    if lang == "zh":
        return f"已写入 {path}。请填写后运行：{command}"
    return f"wrote {path}: fill it in, then run: {command}"


@main.command()
@click.argument("paths", nargs=-1, required=True, type=PathType(readable=False, path_type=Path))
@option("--ruleset", "ruleset_path", type=PathType(path_type=Path),
        help="The standard target levels are checked against (default: the bundled 2014 standard), "
             "or a folder of editions.",
        zh="核对申报级别所依据的标准（默认：内置的 2014 版标准），或标准版本文件夹。")
@option("-q", "--quiet", is_flag=True,
        help="Print only the problems and the notes: no line for a valid dossier, no summary line.",
        zh="只列出问题和“注意”行：格式正确的申报材料不列出，也不显示汇总行。")
@LANG_OPTION
def validate(paths, ruleset_path, quiet, lang="en"):
    """Check dossiers against the dossier format without evaluating them.

    Every problem is shown with its file and field, and with its line in a
    YAML dossier (in a JSON dossier only a syntax error has one); a
    spreadsheet's with its sheet, row and column, each of an applicant's on
    a line of its own, in the order of the sheets and rows. Misspelt keys
    and values get a did-you-mean.
    PATHS are what `certify check` reads: dossier files, folders of them, HR
    workbooks (.xlsx) and CSV sets; an applicant id given twice is found as
    check finds it, as is a target level the standard does not have. An as_of
    more than a year after today is noted as perhaps mistyped, not refused. Exit
    status 0 when every dossier is valid, 2 otherwise.

    \b
    Examples:
      certify validate my-dossier.yaml
      certify validate applicants/ cycle-2025.xlsx

    \f
    按申报材料格式检查申报材料，但不评定。

    列出每个问题，注明其文件和字段；YAML 申报材料还注明行号（JSON 申报材料只有语法
    错误才有行号）；申报表的问题注明工作表、行和列，同一申报人的每个问题各占一行，
    按工作表和行的顺序排列。拼错的字段名和取值会提示可能的正确写法。
    PATHS 与 `certify check` 读取的相同：申报材料文件及其所在的文件夹、人事部门的
    工作簿（.xlsx）和 CSV 申报表；同一申报人编号出现两次，或申报级别不是标准中的
    级别，也会像 check 那样查出。as_of 晚于今天一年以上的，注明可能写错，但不算错误。
    所有申报材料格式正确时退出状态为 0，否则为 2。

    \b
    示例：
      certify validate my-dossier.yaml
      certify validate applicants/ cycle-2025.xlsx
    """
    bad = total = 0
    source = open_rulesets(ruleset_path)
    batch = Batch(paths)
    for result in validated(batch, source):
        total += 1
        if isinstance(result, Valid):
            if not quiet:
                click.echo(f"{result.file}{'：格式正确' if lang == 'zh' else ': ok'}")  # as verify says 已复现
            if note := far_note(result, lang):  # an as_of years ahead: valid, but likely mistyped (kept with -q)
                click.echo(note)
            continue
        bad += 1
        for line in problem_lines(result.file, result.error, lang):
            click.echo(line)
    for line in batch.notes(lang):  # a folder named that holds nothing, a workbook's hidden rows: kept with -q
        click.echo(line, err=True)
    if quiet:  # only the problems: no count of the valid ones
        sys.exit(2 if bad else 0)
    what, unit = counted(total, batch.kinds(), lang)  # dossiers, spreadsheet applicants, or both
    if lang == "zh":
        click.echo(f"{what}：{total - bad} {unit}格式正确，{bad} {unit}有误", err=True)
    else:
        click.echo(f"{what}: {total - bad} valid, {bad} invalid", err=True)
    sys.exit(2 if bad else 0)
