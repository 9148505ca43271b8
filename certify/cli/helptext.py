"""`--help` in the command line's language: each command's and option's Chinese beside its English.

A command's docstring is its English help, then a form feed (`\\f`, where click stops reading a help text)
and the same help in Chinese; an option's Chinese is its `zh=` (made with `option` here, which is
`click.option` taking it). Under Chinese (`--lang zh` on the command line, read as a usage error reads it,
for click answers --help before --lang is read; or a Chinese locale without `--lang en`), `--help` shows
the Chinese: the headings (用法：, 选项：, 命令：), the text, each option's help and its default and range.
Option names, metavars and the examples' command lines are the same in both languages; the English help is
click's own, unchanged.
"""

from __future__ import annotations

import inspect
import unicodedata
from functools import partial

import click

from ..columns import fill, wide, width
from .usage import bounds_zh, lang_of

ARGS = "certify.args"  # the key of ctx.meta that holds the command line: its language, for help and usage errors

# The help of the option click adds itself (-h/--help), in Chinese.
CLICKS_OWN = {"Show this message and exit.": "显示本帮助并退出。"}


class Option(click.Option):
    """click's Option, with its help in Chinese too (`zh=`), and the Chinese of a default shown as words
    (`zh_default=`, for `show_default="CPUs"`)."""

    def __init__(self, *decls, zh: str | None = None, zh_default: str | None = None, **attrs) -> None:
        super().__init__(*decls, **attrs)
        self.zh, self.zh_default = zh, zh_default


option = partial(click.option, cls=Option)


def chinese_help(param: click.Parameter) -> str | None:
    """A parameter's help in Chinese: its own, or click's for the options click adds; None when it has none."""
    return getattr(param, "zh", None) or CLICKS_OWN.get(getattr(param, "help", None) or "")


def _record(param: click.Option, ctx: click.Context) -> tuple[str, str]:
    """An option's line of the help in Chinese: its names and metavar as in English, its help, and what
    click adds in brackets (`[default: table; x>=1]`) said in Chinese, in full-width brackets."""
    english, extra = param.get_help_record(ctx)[1], param.get_help_extra(ctx)
    said = chinese_help(param) or english
    items = [f"环境变量：{'、'.join(extra['envvars'])}"] if "envvars" in extra else []
    if "default" in extra:
        shown = param.zh_default if isinstance(param.show_default, str) and getattr(param, "zh_default", None) \
            else extra["default"]
        items.append(f"默认：{shown}")
    if "range" in extra and isinstance(param.type, click.types._NumberRangeBase):
        items.append(f"范围：{bounds_zh(param.type)}")
    if "required" in extra:
        items.append("必填")
    return param.get_help_spec(ctx), f"{said}（{'；'.join(items)}）" if items else said


def _tight(before: str, after: str) -> bool:
    """Whether two characters a line break parts are written together: Chinese with Chinese, a full-width
    sign with anything; a word and Chinese are parted by a space, as two words are."""
    return (wide(before) and wide(after)) or _signs(before) or _signs(after)


def _signs(ch: str) -> bool:
    return wide(ch) and unicodedata.category(ch).startswith("P")


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one text: a line break between two Chinese characters is no space."""
    text = ""
    for line in lines:
        line = line.strip()
        text += line if not text or _tight(text[-1], line[0]) else f" {line}"
    return text


def wrap(text: str, columns: int, indent: str = "") -> str:
    """click's wrap_text with its paragraphs (a block after a `\\b` line kept as written), measured in columns
    and broken between Chinese characters as well as between words (columns.fill, as the explanations are)."""
    blocks, out = [], []
    for block in text.expandtabs().split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    for lines in blocks:
        if lines[0].strip() == "\b":
            out.append("\n".join(indent + line for line in lines[1:]))
        else:
            extra = " " * (len(lines[0]) - len(lines[0].lstrip()))
            out.append("\n".join(fill(_joined(lines), columns, indent + extra)))
    return "\n\n".join(out)


class ChineseFormatter(click.HelpFormatter):
    """click's help formatter, writing Chinese: full-width colons after headings and 用法：, and text wrapped
    by the columns it takes."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        self.write(wrap(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max(width(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - 2, 10)).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


def short_help(text: str, columns: int) -> str:
    """A command's line in its group's list: the first sentence of its Chinese help, cut to `columns`."""
    first = _joined(text.split("\n\n", 1)[0].splitlines())
    ends = [i for i, ch in enumerate(first) if ch in "。！？"]
    sentence = first[:ends[0] + 1] if ends else first
    sentence = sentence.removesuffix("。")
    while width(sentence) > columns:
        sentence = sentence[:-2] + "…"
    return sentence


class CertifyCommand(click.Command):
    """A certify command, its help in English or Chinese (see the module's docstring): the English part of its
    docstring is its `help`, the part after the form feed its `help_zh`. CertifyGroup is one too."""

    def __init__(self, *args, **attrs) -> None:
        super().__init__(*args, **attrs)
        english, _, chinese = (self.help or "").partition("\f")
        self.help = inspect.cleandoc(english) if self.help is not None else None
        self.help_zh = inspect.cleandoc(chinese) or None

    def get_help(self, ctx: click.Context) -> str:
        if lang_of(ctx.meta.get(ARGS, ())) != "zh":
            return super().get_help(ctx)
        formatter = ChineseFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
        self.format_help(ctx, formatter)
        return formatter.getvalue().rstrip("\n")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(formatter, ChineseFormatter) or not self.help_zh:
            return super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self.help_zh)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(formatter, ChineseFormatter):
            return super().format_options(ctx, formatter)
        rows = [_record(p, ctx) for p in self.get_params(ctx) if isinstance(p, click.Option) and not p.hidden]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(formatter, ChineseFormatter):
            return super().format_commands(ctx, formatter)
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        commands = [(name, c) for name, c in commands if c is not None and not c.hidden]
        if commands:
            columns = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("命令"):
                formatter.write_dl([(name, short_help(getattr(c, "help_zh", None) or "", columns)
                                     or c.get_short_help_str(columns)) for name, c in commands])
