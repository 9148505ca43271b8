"""The command used wrongly, said in the command's language.

click checks the command line before any command runs, and says what is wrong in English:
an option that is not there, an argument missing, a value its option does not take. Under
Chinese (`--lang zh`, or a Chinese locale) `in_chinese` says the same facts in Chinese: the
option, the candidates click found for a mistyped one, the value. The option types here
(`Choice`, `IntRange`, `Level`, `PathType`, `IsoDate`) write what they refuse in both languages; what
click says that is not known here stays in English, under the Chinese `错误：`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date

import click

from ..careerdates import outside_a_career
from ..errors import Message, UsageError, say
from ..values import date_tip, level_tip, written_level_tip

# click's own error classes; NoSuchCommand is click 8.4's (before it, a mistyped command is a plain UsageError).
_NO_SUCH_COMMAND = getattr(click.exceptions, "NoSuchCommand", ())
_HELP_ITSELF = getattr(click.exceptions, "NoArgsIsHelpError", ())  # `certify` alone: its help, not an error


def default_lang() -> str:
    """Chinese where the locale is Chinese, English everywhere else."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def lang_of(args: Sequence[str]) -> str:
    """The language a command line asks for before click has read it: its last `--lang en|zh` (or
    `--lang=zh`) before a `--`, else the locale's."""
    lang, words = None, [str(a) for a in args]
    for i, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(words):
            value = words[i + 1]
        elif word.startswith("--lang="):
            value = word.removeprefix("--lang=")
        else:
            continue
        if value in ("en", "zh"):
            lang = value
    return lang or default_lang()


_ISO = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def _iso_date(text: str) -> date:
    """A date written YYYY-MM-DD in ASCII digits, as --as-of takes it; ValueError otherwise."""
    if not re.fullmatch(_ISO, text):
        raise ValueError(text)
    return date.fromisoformat(text)


class IsoDate(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        if not re.fullmatch(_ISO, value):
            tip = date_tip(value, _iso_date)  # ２０２６-１２-３１ or 2026年12月31日: write 2026-12-31
            self.fail(say("{v} is not a date written YYYY-MM-DD{t}", "{v} 不是 YYYY-MM-DD 格式的日期{t}", v=repr(value),
                          t=tip), param, ctx)
        try:
            when = date.fromisoformat(value)
        except ValueError:  # written right, but no such day (2025-02-30, 2023-13-01)
            self.fail(say("{v} is not a real date", "{v} 不是真实存在的日期", v=repr(value)), param, ctx)
        if said := outside_a_career(when, repr(value)):  # as a dossier's dates
            self.fail(said, param, ctx)
        return when


class Choice(click.Choice):
    """click's Choice, its refusal written in Chinese too; `tips`: what to do instead, for a value people write that
    is none of the choices (`--format explain`: the option --explain)."""

    def __init__(self, choices, tips: dict[str, Message] | None = None) -> None:
        super().__init__(choices)
        self.tips = tips or {}

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as e:
            tip = self.tips.get(str(value).strip().lower())
            self.fail(say("{m}{t}", "{z}{t}", m=e.message.rstrip(".") if tip else e.message, t=tip or "",
                          z=f"{value!r} 不是可选的值（可选：{'、'.join(map(str, self.choices))}）"), param, ctx)


class IntRange(click.IntRange):
    """click's IntRange, its refusal written in Chinese too."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as e:
            try:
                int(value)
            except (TypeError, ValueError):
                self.fail(Message(e.message, f"{value!r} 不是整数"), param, ctx)
            self.fail(Message(e.message, f"{value} 超出范围（应{bounds_zh(self)}）"), param, ctx)


class LevelName(str):
    """A --level written as a level's name (高级客户经理, Senior Account Manager): refused once the standard is
    known, with the number that names it (level_by_name); never read as that level."""


class Level(IntRange):
    """--level: a whole number ≥ 1. Written as a sheet writes a level (3级, 三级, L3) it is refused with the number to
    write; written as a level's name, it is refused by level_by_name once the standard, and so its names, is known."""

    def __init__(self) -> None:
        super().__init__(min=1)

    def convert(self, value, param, ctx):
        if not isinstance(value, str) or re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
            return super().convert(value, param, ctx)
        if tip := written_level_tip(value):
            self.fail(say("{v} is not a level's number{t}", "{v} 不是级别的数字{t}", v=repr(value), t=tip), param, ctx)
        if re.search(r"[^\W\d_]", value):
            return LevelName(value)
        return super().convert(value, param, ctx)


def level_by_name(level, engine) -> None:
    """Refuse a --level written as a level's name (LevelName) with the number of the level it names in the
    standard of `engine`, or that standard's levels where it names none; any other level passes."""
    if not isinstance(level, LevelName):
        return
    from ..check import level_names, levels_listed, levels_named  # here: the check library, once a standard is open

    levels = levels_named(level, level_names(engine))
    tip = (level_tip(levels.pop()) if len(levels) == 1 else
           say(" ({levels})", "（{levels}）", levels=levels_listed(engine)))
    raise UsageError(say("Invalid value for '--level': {v} is not a level's number{t}",
                         "'--level' 的值无效：{v} 不是级别的数字{t}", v=repr(str(level)), t=tip))


def bounds_zh(numbers: click.types._NumberRangeBase) -> str:
    """The values a range takes, in Chinese, as click's `x>=1` says them: 不小于 1, 大于 0且不大于 9."""
    bounds = [f"{'大于' if numbers.min_open else '不小于'} {numbers.min}"] if numbers.min is not None else []
    bounds += [f"{'小于' if numbers.max_open else '不大于'} {numbers.max}"] if numbers.max is not None else []
    return "且".join(bounds)


class PathType(click.Path):
    """click's Path, a file where a folder must be (or a folder where a file must be), or one not to be read, said
    in Chinese too."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as e:
            shown = repr(os.fsdecode(value))
            if not self.dir_okay and os.path.isdir(value):
                self.fail(Message(e.message, f"{shown} 是文件夹，不是文件"), param, ctx)
            if not self.file_okay and os.path.exists(value) and not os.path.isdir(value):
                self.fail(Message(e.message, f"{shown} 是文件，不是文件夹"), param, ctx)
            if self.readable and os.path.exists(value) and not os.access(value, os.R_OK):  # no permission
                self.fail(Message(e.message, f"{shown} 无法读取"), param, ctx)
            raise


def _candidates(possibilities: list[str] | None) -> str:
    """click's did-you-mean for a mistyped option or command, in Chinese."""
    if not possibilities:
        return ""
    if len(possibilities) == 1:
        return f"（是否应为 {possibilities[0]!r}？）"
    return f"（是否应为以下之一：{'、'.join(repr(p) for p in sorted(possibilities))}？）"


def _param_hint(e: click.BadParameter) -> str | None:
    """The option or argument a BadParameter is about, as click names it ('--level', '-o' / '--output')."""
    hint = e.param_hint if e.param_hint is not None else e.param.get_error_hint(e.ctx) if e.param else None
    return " / ".join(repr(h) for h in hint) if hint is not None and not isinstance(hint, str) else hint


def _message(e: click.UsageError) -> str:
    """What click's `Error:` line says, in Chinese where it is known here, else as click says it."""
    said = e.format_message()
    if isinstance(e, click.exceptions.NoSuchOption):
        if getattr(e, "path", None):
            return _named_like_an_option(e.option_name, e.path).zh
        return f"未知的选项 {e.option_name!r}{_candidates(e.possibilities)}"
    if isinstance(e, _NO_SUCH_COMMAND):
        return f"未知的命令 {e.command_name!r}{_candidates(e.possibilities)}"
    if isinstance(e, click.MissingParameter):
        kind = e.param_type or (e.param.param_type_name if e.param else "parameter")
        hint = _param_hint(e)
        return f"缺少{'选项' if kind == 'option' else '参数'}{f' {hint}' if hint else ''}。"
    if isinstance(e, click.BadParameter):
        hint, message = _param_hint(e), getattr(e.message, "zh", e.message)
        return f"{hint} 的值无效：{message}" if hint else f"值无效：{message}"
    if isinstance(e, click.BadOptionUsage):
        if said == f"Option {e.option_name!r} requires an argument.":
            return f"选项 {e.option_name!r} 后缺少值。"
        if said == f"Option {e.option_name!r} does not take a value.":
            return f"选项 {e.option_name!r} 不接受值。"
    if said == "Missing command.":  # `certify --lang zh` and no command
        return "缺少命令。"
    extra = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", said)
    if extra:
        return f"多余的参数：{extra.group(1)}"
    return said


class InChinese(click.UsageError):
    """A usage error of click's, shown in Chinese: the usage line, how to get help, and what is wrong,
    as click shows it in English. The exit status is click's (2)."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)
        self.error = error

    def show(self, file=None) -> None:
        ctx, lines = self.ctx, []
        if ctx is not None:
            formatter = ctx.make_formatter()
            formatter.write_usage(ctx.command_path, " ".join(ctx.command.collect_usage_pieces(ctx)), prefix="用法：")
            lines.append(formatter.getvalue().rstrip("\n"))
            if ctx.command.get_help_option(ctx) is not None:
                lines.append(f"运行 '{ctx.command_path} {max(ctx.help_option_names, key=len)}' 查看帮助。")
            lines.append("")
        lines.append(f"错误：{_message(self.error)}")
        click.echo("\n".join(lines), file=file, err=file is None, color=ctx.color if ctx is not None else None)


def _named_like_an_option(option: str, path: str) -> Message:
    kind = ("a folder", "文件夹") if os.path.isdir(path) else ("a file", "文件")
    return say("No such option {o!r}: {p} is {k} whose name begins with -; name it ./{p}, or put -- before it",
               "未知的选项 {o!r}：{p} 是名称以 - 开头的{kz}；请写作 ./{p}，或在它前面加上 --", o=option, p=path, k=kind[0],
               kz=kind[1])


def _a_path_taken_for_an_option(error: click.UsageError, args: Sequence[str]) -> None:
    """A file or folder named on the command line whose name begins with - (-notes.yaml, --level.yaml), which click
    reads as an option: said as that, with how to name it (its did-you-mean, --level, would not judge it)."""
    if not isinstance(error, click.exceptions.NoSuchOption) or getattr(error, "path", None):
        return
    for arg in args:
        if arg.startswith(error.option_name) and arg != "-" and os.path.lexists(arg):
            error.path, error.possibilities = arg, None
            error.message = str(_named_like_an_option(error.option_name, arg))
            return


def said_in(error: click.UsageError, args: Sequence[str]) -> click.UsageError:
    """`error` as the command line `args` asks for it said: in Chinese (InChinese), or as it is."""
    _a_path_taken_for_an_option(error, args)
    if isinstance(error, (InChinese, _HELP_ITSELF)) or lang_of(args) != "zh":
        return error
    return InChinese(error)
