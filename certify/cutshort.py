"""A ruleset file cut short: a copy not finished, or a file truncated, stops inside a line (inside a character, even).

What is wrong in such a file is only where it stops: the rule it was in the middle of lacks its other keys, a text
its value, a mapping its closing brace. So the error a cut file raises is said as the cut, with the error as it
reads beside it, rather than as a key to add. A file is taken to be cut when it does not end with a line's end
and what is wrong is at its end: the part of the ruleset the error is about runs to where the file stops (or the
YAML breaks on its last line). A file whose last line is whole but has no newline (as some editors save it), with
an error elsewhere, is said as before.
"""

from __future__ import annotations

import re

import yaml

from .errors import CertifyError, Message, say
from .rulesetplaces import clean_loc


def _end(text: str) -> tuple[int, int]:
    """The 1-based line the text stops in, and where its content ends (trailing spaces aside)."""
    return text.count("\n") + 1, len(text.rstrip())


def _reaches_end(text: str, path: str | None) -> bool:
    """Whether the part of the ruleset at `path` (`levels[1].rules[0].clause`), or the nearest part above it the
    text has (the rule, for a key it lacks), runs to where the text stops; with no `path`, whether the text holds
    comments alone (cut before its first key)."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    if node is None or path is None:
        return node is None
    root, loc = node, tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path))
    for part in clean_loc(loc):
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == str(part)), None)
        else:
            found = (node.value[part] if isinstance(node, yaml.SequenceNode) and isinstance(part, int)
                     and 0 <= part < len(node.value) else None)
        if found is None:
            break
        node = found
    if node is root:  # a key of the ruleset's own lacking: cut before its levels, which hold the rest
        return isinstance(root, yaml.MappingNode) and not any(k.value == "levels" for k, _ in root.value)
    return node.end_mark.index >= _end(text)[1]


def cut_line(text: str, error: CertifyError) -> int | None:
    """The line a ruleset's `text` stops in when it stops inside it and `error` is at that end; None otherwise."""
    if not text.strip() or text.endswith(("\n", "\r")) or str(error.message).startswith("unknown key"):
        return None  # a cut takes keys away: one given that the ruleset has not is written so
    last = _end(text)[0]
    if error.path or error.line is None:
        return last if _reaches_end(text, error.path) else None
    return last if error.line >= last - 1 else None  # the YAML broken where it stops


def cut_short(text: str, error: CertifyError) -> CertifyError:
    """`error` said as the ruleset file cut short, when it is one (cut_line): at the line it stops in, with what
    was wrong as it reads beside it; else `error` as it is."""
    line = cut_line(text, error)
    if line is None:
        return error
    error.more = ()  # what else is wrong is the cut too: nothing more to count
    error.message = say("cut short: the file ends inside line {n}, with no newline after it, a copy not finished or "
                        "the file truncated; copy it whole again (as it stands: {e})",
                        "文件不完整：在第{n}行中间结束，其后没有换行，可能复制未完成或文件被截断；请重新完整复制（按现有内容："
                        "{e}）", n=line, e=error.quoted())
    error.path, error.line, error.hint = None, line, None
    error.cut = True
    return error


def cut_in_a_character(raw: bytes, start: int) -> Message | None:
    """Why bytes whose first invalid UTF-8 byte is at `start` are cut short: they stop inside a character (its first
    bytes there, and nothing invalid before); None when they do not."""
    tail = raw[start:]
    if not tail or len(tail) > 3:
        return None
    try:
        tail.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason != "unexpected end of data":
            return None
    line = raw.count(b"\n") + 1
    return say("cut short: the file ends inside a character, on line {n}, a copy not finished or the file truncated; "
               "copy it whole again", "文件不完整：在第{n}行的一个字符中间结束，可能复制未完成或文件被截断；请重新完整复制", n=line)
