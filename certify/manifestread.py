"""A batch manifest read back (manifest.py writes them): its head and entries, or why the file is not one (edited,
cut short, lines taken out, added or moved since it was written). verifyfolder.py checks a records folder by them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Message, say
from .manifest import MANIFEST_FORMAT, RECORDED, records_folder_of


@dataclass(slots=True)
class Manifest:
    """A batch manifest as certify wrote it: its first line (the head) and a line per input (the entries)."""

    path: Path
    folder: Path  # the records folder it is in
    head: dict
    entries: list[dict]


def read_manifest(path: Path) -> Manifest | Message:
    """A manifest's head and entries; why not, when it is not one (edited, cut short)."""
    try:  # lines end at "\n" only: a name or error may hold U+2028 or U+0085, which JSON writes as they are
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as e:
        return say("cannot read the batch manifest: {e}", "无法读取批次清单：{e}", e=getattr(e, "strerror", None) or e)
    ended = bool(lines) and lines[-1] == ""
    if ended:  # the newline that ends the last line
        lines.pop()
    parsed = []
    for number, line in enumerate(lines, 1):
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            item = None
            if number == len(lines) and not ended:  # certify ends every line: the file stops inside this one
                return say("not a batch manifest (line {n}: cut short: the file ends inside it, a copy not finished "
                           "or the file truncated)", "不是批次清单（第{n}行：不完整：文件在该行中间结束，可能复制未完成或文件被截断）",
                           n=number)
        why = _not_an_entry(item, number)
        if why is not None:
            return say("not a batch manifest (line {n}: {w})", "不是批次清单（第{n}行：{w}）", n=number, w=why)
        parsed.append(item)
    if not parsed or parsed[0].get("format") != MANIFEST_FORMAT:
        return say("not a batch manifest (line 1: not {f})", "不是批次清单（第1行：不是 {f}）", f=MANIFEST_FORMAT)
    if parsed[0].get("inputs") != len(parsed) - 1:  # the last lines taken out, or lines added at the end
        return say("not a batch manifest (line 1: it counts {k} inputs, and {n} follow it: lines taken out or added "
                   "since it was written)", "不是批次清单（第1行：其中记有 {k} 项输入，其后却有 {n} 行：写出后有行被删去或添加）",
                   k=parsed[0].get("inputs"), n=len(parsed) - 1)
    return Manifest(path, records_folder_of(path), parsed[0], parsed[1:])


def _not_an_entry(item, number: int) -> Message | None:
    """Why line `number` of a manifest (`item`, read as JSON) is not what certify writes there: not a JSON object, an
    input out of its place (a line taken out, added or moved), or an input without its file or with a record outside
    the folder; None when it is."""
    if not isinstance(item, dict):
        return Message("not a JSON object", "不是 JSON 对象")
    if number == 1:
        return None
    if item.get("input") != number - 1:
        return say("input {i} where input {n} should be: a line taken out, added or moved since it was written",
                   "此处应为第{n}项输入，却是第{i}项：写出后有行被删去、添加或移动", i=json.dumps(item.get("input")),
                   n=number - 1)
    if not isinstance(item.get("file"), str) or item.get("outcome") in RECORDED and not _plain_name(item.get("record")):
        return Message("an input without its file, or a record outside the folder",
                       "输入缺少其文件，或判定记录不在该文件夹中")
    return None


def _plain_name(name) -> bool:
    """A file's name in the records folder itself: no folder, no way out of it."""
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and os.sep not in name
