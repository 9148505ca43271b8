"""A parser's own words in Chinese: what Python's JSON decoder and libyaml say of a text they cannot read (and
out_of_line: the line libyaml names indented in line with no line above it; dash_out_of_line: when that line
follows a list's first item, whose `- ` is the one out of line, whether or not its column is another line's above;
item_out_of_line: a list item's `- ` in line with no list open above it; in_line_with_a_dash: a key written in
line with a list item's `- ` rather than with its keys, or with a first item's `- ` moved onto it; colon_in_value: a
`: ` inside a value not in quotes).

Each is a Message (errors.py): the parser's English as it is, and its Chinese where the
sentence is known here. A sentence not known (a rarer one, or PyYAML's pure-Python
parser's, which names its tokens) keeps the parser's English in both.
"""

from __future__ import annotations

import re

import yaml

from .errors import Message, joined, say

_JSON = {
    "Expecting value": "此处应有一个值",
    "Expecting ',' delimiter": "此处应有 ','",
    "Expecting ':' delimiter": "此处应有 ':'",
    "Expecting property name enclosed in double quotes": "此处应有双引号括起的键名",
    "Extra data": "JSON 值结束后还有多余内容",
    "Unterminated string starting at": "字符串没有结束引号",
    "Invalid control character at": "字符串中有控制字符（Tab 或换行须写作 \\t、\\n）",
    "Invalid \\escape": "未知的转义字符",
    "Invalid \\uXXXX escape": "\\u 转义应为四位十六进制数",
    "Illegal trailing comma before end of object": "} 前多了一个逗号",
    "Illegal trailing comma before end of array": "] 前多了一个逗号",
}

_YAML_CONTEXT = {
    "while parsing a block mapping": "解析“键: 值”映射时",
    "while parsing a flow mapping": "解析 {…} 映射时",
    "while parsing a block collection": "解析“- ”列表时",
    "while parsing a flow sequence": "解析 […] 列表时",
    "while parsing a block node": "解析内容时",
    "while parsing a flow node": "解析括号内的内容时",
    "while parsing a quoted scalar": "解析引号内的文本时",
    "while scanning a quoted scalar": "读取引号内的文本时",
    "while scanning a plain scalar": "读取不带引号的文本时",
    "while scanning a block scalar": "读取块文本（| 或 >）时",
    "while scanning a simple key": "读取键时",
    "while scanning for the next token": "读取下一项时",
    "while scanning a directive": "读取指令（%）时",
    "while scanning an anchor": "读取锚点（&）时",
    "while scanning an alias": "读取别名（*）时",
    "while scanning a tag": "读取标签（!）时",
    "while parsing a tag": "解析标签（!）时",
}

_YAML_PROBLEM = {
    "mapping values are not allowed in this context": "此处不能有“键: 值”",
    "mapping keys are not allowed in this context": "此处不能有键",
    "block sequence entries are not allowed in this context": "此处不能有列表项“- ”",
    "did not find expected key": "未找到应有的键",
    "did not find expected '-' indicator": "未找到应有的列表项“- ”",
    "did not find expected ',' or ']'": "未找到应有的 ',' 或 ']'",
    "did not find expected ',' or '}'": "未找到应有的 ',' 或 '}'",
    "did not find expected node content": "未找到应有的内容",
    "did not find expected comment or line break": "此处应为注释或换行",
    "did not find expected <document start>": "未找到应有的文档开头（---）",
    "could not find expected ':'": "未找到应有的 ':'",
    "found unexpected end of stream": "文件意外结束",
    "found character that cannot start any token": "出现了不能作为开头的字符",
    "found a tab character that violates indentation": "Tab 字符破坏了缩进",
    "found a tab character where an indentation space is expected": "此处应以空格缩进，却出现了 Tab 字符",
    "found unknown escape character": "未知的转义字符",
    "found unknown directive name": "未知的指令名",
    "found undefined alias": "使用了未定义的别名",
}


def json_words(message: str) -> Message:
    """The JSON decoder's `message` (its msg, without the place), with its Chinese where known."""
    return Message(message, _JSON.get(message, message))


def yaml_words(context: str | None, problem: str) -> Message:
    """libyaml's sentence, its `context` ("while parsing a block mapping") and `problem`, as one, with its
    Chinese where both parts are known."""
    said = f"{context}, {problem}" if context else problem
    if problem not in _YAML_PROBLEM or (context and context not in _YAML_CONTEXT):
        return Message(said, said)
    return Message(said, f"{_YAML_CONTEXT[context]}，{_YAML_PROBLEM[problem]}" if context else _YAML_PROBLEM[problem])


# What libyaml says of a block a line is indented out of (a key one space too far in or out). A key too far in
# below `key: value` reads to libyaml as the value's next line, and it says "not allowed in this context" (the
# pure-Python parser "here"); a key of the right column with a second colon ('name: x: y') is not out of line.
_MISALIGNED = re.compile(r"did not find expected key|did not find expected '-' indicator|expected <block end>"
                         r"|mapping values are not allowed (?:here|in this context)")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def out_of_line(problem: str | None, lines: list[str], line: int | None) -> int | None:
    """For libyaml's `problem` with a block at line `line` (1-based) of `lines`: the spaces that line is indented
    by, when no line above it starts its keys in that column (a key's own, or the key after a list's `- `) and
    the line before it opens no block it could begin (`key:`): a key indented a space too many or too few; else
    None."""
    if not _MISALIGNED.search(problem or "") or not line or line > len(lines) or not lines[line - 1].strip():
        return None
    above = [text for text in lines[:line - 1] if text.strip() and not text.lstrip().startswith("#")]
    columns = {0}
    for text in above:
        columns.add(_indent(text))
        item = text.lstrip(" ")
        while item.startswith("- "):  # - name: ... starts a key two columns in; - - ... another two
            item = item[2:].lstrip(" ")
            columns.add(len(text) - len(item))
    spaces = _indent(lines[line - 1])
    opens = above and above[-1].split(" #")[0].rstrip().endswith(":") and spaces > _indent(above[-1])
    return None if spaces in columns or opens else spaces


_KEY = re.compile(r"""([^\s#{}\[\]'"-][^:#]*?|-[^\s:#][^:#]*?):(?:\s|$)""")  # key: (not a '- ' item, a comment)


def in_line_with_a_dash(problem: str | None, lines: list[str], line: int | None,
                        sections: frozenset[str] = frozenset()) -> Message | None:
    """For libyaml's `problem` at line `line` (1-based) of `lines`: when that line is a key written in line with
    the `- ` of the list item above it (so that it belongs to no item), what is wrong and what to write: the
    column of the item's keys, inside the item's braces for a `- {...}` item, or at the start of the line for
    one of `sections` (a dossier's own keys); else None."""
    if not re.search(r"did not find expected '-' indicator|expected <block end>", problem or "") \
            or not line or line > len(lines):
        return None
    text = lines[line - 1]
    spaces, key = _indent(text), _KEY.match(text.lstrip(" "))
    if key is None or not spaces:
        return None
    number, item = next(((n, above) for n, above in reversed(list(enumerate(lines[:line - 1], 1)))
                         if above.strip() and not above.lstrip().startswith("#") and _indent(above) <= spaces),
                        (0, ""))
    if _indent(item) != spaces or not item.lstrip(" ").startswith("- "):
        return None
    rest = item[spaces + 2:].lstrip(" ")
    said = say("(the key '{k}' is in line with the '- ' of the list item on line {n}, so it belongs to no item: ",
               "（键 '{k}' 与第{n}行列表项的“- ”对齐，因此不属于任何一项：", k=key.group(1), n=number)
    first = _KEY.match(rest)
    if first is not None and first.group(1) == key.group(1):  # the item's own first key again: a next item's '- ' left out
        return say("{s}that item has its own '{k}', so this line most likely starts the next item: write '- ' "
                   "before it, - {k}: ...)", "{s}该项已有自己的 '{k}'，此行应是下一项的开头：请在它前面写“- ”，即 "
                   "- {k}: ...）", s=said, k=key.group(1))
    if key.group(1) in sections:
        return say("{s}a section's key starts its line, with no spaces before it)",
                   "{s}各部分的键须写在行首，前面不加空格）", s=said)
    if rest.startswith("{") and (written := _braced(lines, line, rest)) is not None:
        return say("{s}to give it to that item, write it inside its braces: - {{..., {w}}})",
                   "{s}如它属于该项，请写在该项的花括号内：- {{..., {w}}}）", s=said, w=written)
    if rest.startswith("{"):  # its value on the lines below it, or a text the braces would read otherwise: no fix
        return say("(the key '{k}' is in line with the '- ' of the list item on line {n}, so it belongs to no item)",
                   "（键 '{k}' 与第{n}行列表项的“- ”对齐，因此不属于任何一项）", k=key.group(1), n=number)
    if _KEY.match(rest) is None:
        return None
    column = len(item) - len(rest)
    dash = _dash_moved_onto(lines, line, number, spaces, column)
    fix = say("{s}to give it to that item, indent it {c} spaces, in line with its keys",
              "{s}如它属于该项，请缩进 {c} 个空格，与该项的键对齐", s=said, c=column)
    if (block := _its_block(lines, line, column)) is not None:  # indented alone, it would leave its value behind
        a, b, d = block[0], block[1], column - spaces
        belong = say("line {a}, which belongs", "第{a}行", a=a) if a == b else \
            say("lines {a} to {b}, which belong", "第{a}至{b}行", a=a, b=b)
        fix = say("{i}, and {l} to it, {d} space{p} further", "{i}，并将属于它的{l}再缩进 {d} 个空格",
                  i=fix, l=belong, d=d, p="" if d == 1 else "s")
    if dash is not None and dash[0] is None:
        return say("{i}; or, if it is that '- ' that is out of line, {f})", "{i}；如是该“- ”缩进有误，{f}）",
                   i=fix, f=_dash_to(dash[1]))
    if dash is not None:
        return say("{i}; or, if it is that '- ' that is out of line (the list's next item, on line {m}, {w}), {f})",
                   "{i}；如是该“- ”缩进有误（该列表的下一项（第{m}行）{w}），{f}）",
                   i=fix, m=dash[0], w=_where(dash[1]), f=_dash_to(dash[1]))
    return say("{i})", "{i}）", i=fix)


def _its_block(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """For a key on line `line` that opens a block (`key:`) and is to go `column` spaces in: the first and last of
    the lines of its block (those below it further in than it), when the first is not further in than `column`
    (the key indented alone would leave them out of its value); else None."""
    if not lines[line - 1].split(" #")[0].rstrip().endswith(":"):
        return None
    body = []
    for n in _content(lines, range(line + 1, len(lines) + 1)):
        if _indent(lines[n - 1]) <= _indent(lines[line - 1]):
            break
        body.append(n)
    return (body[0], body[-1]) if body and _indent(lines[body[0] - 1]) <= column else None


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the readers' parser (libyaml's when available)


def _braced(lines: list[str], line: int, braces: str) -> str | None:
    """The key on line `line` (without its comment), when written inside `braces` (a `- {...}` item's, after its
    '- ') it reads as that item with that key and its value: the value all on its line (no line below belongs to
    it, as a list in the key's column does to `key:`) and read the same inside braces (a comma or a bracket in it
    would not be); else None."""
    text, braces = lines[line - 1].split(" #")[0].strip(), braces.split(" #")[0].rstrip()
    below = _content(lines, range(line + 1, len(lines) + 1))
    if text.endswith(":") or below and _indent(lines[below[0] - 1]) > _indent(lines[line - 1]) \
            or not braces.endswith("}"):
        return None
    try:
        item, key = yaml.load(braces, Loader=_SAFE), yaml.load(text, Loader=_SAFE)  # noqa: S506 (a safe loader)
        both = yaml.load(f"{braces[:-1]}, {text}}}", Loader=_SAFE)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return None
    return text if isinstance(item, dict) and isinstance(key, dict) and key and both == {**item, **key} else None


def _where(spaces: int) -> Message:
    """Where a '- ' is: indented so many spaces, or at the start of its line."""
    return (say("is indented {d} space{s}", "缩进 {d} 个空格", d=spaces, s="" if spaces == 1 else "s") if spaces else
            Message("starts its line", "位于行首"))


def _dash_to(spaces: int) -> Message:
    """The fix that puts a '- ' `spaces` in."""
    return (say("indent that '- ' {t} space{s}", "请将该“- ”缩进 {t} 个空格", t=spaces, s="" if spaces == 1 else "s")
            if spaces else Message("move that '- ' to the start of its line", "请将该“- ”移到行首"))


def _dash_moved_onto(lines: list[str], line: int, number: int, dash: int, keys: int) -> tuple[int | None, int] | None:
    """For a key on line `line` in line with the '- ' (`dash` spaces in, its keys `keys` in) of the item on line
    `number`: when that item is its list's first, this key the first line after it and the item's next line (if any,
    after this key's own block) in line with it, and a '- ' where the list's next
    item starts would put the item's keys in this key's column (so that the '- ' may be the one moved), that item's
    line and column; (None, that column) when the list has no next item; else None."""
    above = _content(lines, range(number - 1, 0, -1))
    between = _content(lines, range(number + 1, line))
    if not above or between or not lines[above[0] - 1].split(" #")[0].rstrip().endswith(":"):
        return None
    opener = lines[above[0] - 1].lstrip(" ")
    while opener.startswith("- "):
        opener = opener[2:].lstrip(" ")
    at = 2 * dash - keys  # a '- ' here puts its item's keys at `dash`
    column = len(lines[above[0] - 1]) - len(opener)
    below = next(((n, _indent(lines[n - 1])) for n in _content(lines, range(line + 1, len(lines) + 1))
                  if _indent(lines[n - 1]) < dash), None)
    opens = lines[line - 1].split(" #")[0].rstrip().endswith(":")  # this key's block (further in) is its own
    after = next((n for n in _content(lines, range(line + 1, below[0] if below else len(lines) + 1))
                  if not opens or _indent(lines[n - 1]) <= dash), None)
    if at < column or after is not None and _indent(lines[after - 1]) != dash:  # the item's next key is not in line with it
        return None
    if below is None or below[1] < column or below[1] == column and not lines[below[0] - 1].lstrip().startswith("- "):
        return None, at  # the list has no next item: a '- ' `at` spaces in is a list as well
    return below if below[1] == at and lines[below[0] - 1].lstrip(" ").startswith("- ") else None


def _content(lines: list[str], numbers) -> list[int]:
    """The numbers (1-based) among `numbers` of lines that are neither blank nor a comment."""
    return [n for n in numbers if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")]


def dash_out_of_line(problem: str | None, lines: list[str], line: int | None) -> Message | None:
    """For a line out of line (out_of_line said so) right after the first item of a list: when it is that item's
    '- ' that is out of line, what both lines say and the two ways to line them up; else None.

    libyaml takes the first item's '- ' wherever it is under its key, and names the next line: a key of the item
    (whose column the '- ' sets) or the next item's '- '. The '- ' is taken for the one out of line when the list's
    next item below starts where this line's item would (its '- ' in line with this line), or when, with no next
    item starting in line with the first, this line is in line with a '- ' in its key's column or two spaces in and
    the first item's '- ' is in neither."""
    if not _MISALIGNED.search(problem or "") or not line or line > len(lines) or not lines[line - 1].strip():
        return None
    above = _content(lines, range(line - 1, 0, -1))
    if len(above) < 2:
        return None
    first, opener = lines[above[0] - 1], lines[above[1] - 1]
    dash, rest = _indent(first), first.lstrip(" ")
    key = opener.lstrip(" ")
    while key.startswith("- "):  # - tags: opens a block at its key's column
        key = key[2:].lstrip(" ")
    column = len(opener) - len(key)
    if not rest.startswith("- ") or rest[2:].lstrip(" ").startswith("- ") or dash < column \
            or not opener.split(" #")[0].rstrip().endswith(":"):
        return None
    keys = len(first) - len(rest[2:].lstrip(" "))  # the column of the item's keys
    text, spaces = lines[line - 1], _indent(lines[line - 1])
    item = text.lstrip(" ").startswith("- ")
    if first.split(" #")[0].rstrip().endswith(":") and spaces > keys:  # - tags: opens a block this line may begin
        return None
    if not item and _KEY.match(first[keys:]) is None:
        return None
    at = spaces if item else spaces - (keys - dash)  # where the '- ' goes for this line to be in line with it
    if at < 0:
        return None
    below = next((lines[n - 1] for n in _content(lines, range(line + 1, len(lines) + 1))
                  if _indent(lines[n - 1]) <= max(dash, at)), "")
    sibling = _indent(below) if below.lstrip(" ").startswith("- ") and _indent(below) >= column else None
    if sibling != at and (sibling == dash or at not in (column, column + 2) or dash in (column, column + 2)) \
            and not (sibling is None and at in (column, column + 2)):  # no next item: either way is a list
        return None
    n, fix, where = above[0], _dash_to(at), _where(dash)
    to = dash if item else keys
    back = (say("indent this line {t} space{s}", "或将此行缩进 {t} 个空格", t=to, s="" if to == 1 else "s") if to else
            Message("move this line's '- ' to the start of its line", "或将此行的“- ”移到行首"))
    if item:
        return say("(the '- ' of the item before, on line {p}, {w}, and this line's is indented {n}: the items of one "
                   "list start in the same column: {f}, or {b})",
                   "（上一项（第{p}行）的“- ”{w}，而此行的“- ”缩进 {n} 个空格：同一列表的各项须从同一列开始：{f}，{b}）",
                   p=n, w=where, n=spaces, f=fix, b=back)
    return say("(the '- ' on line {p} {w}, so the keys of its item start {k} spaces in, and this line is indented {n}: "
               "{f}, or {b})", "（第{p}行的“- ”{w}，因此该项的键缩进 {k} 个空格，而此行缩进 {n} 个空格：{f}，{b}）",
               p=n, w=where, k=keys, n=spaces, f=fix, b=back)


_BLOCK_TEXT = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")  # key: | (its lines below are text, not YAML)


def item_out_of_line(problem: str | None, lines: list[str], line: int | None) -> Message | None:
    """For libyaml's `problem` at line `line` (1-based) of `lines`: when that line is a list item whose '- ' is in
    line with the '- ' of no list still open above it (each line above less indented than all below it, up to the
    file's first column), that '- ' and theirs, nearest first; else None (no list above, a line above opening a
    block it could begin, block text (| or >) above, whose lines are not YAML)."""
    if not _MISALIGNED.search(problem or "") or not line or line > len(lines) \
            or not lines[line - 1].lstrip(" ").startswith("- "):
        return None
    spaces, lists, low = _indent(lines[line - 1]), [], None
    for n in _content(lines, range(line - 1, 0, -1)):
        text = lines[n - 1]
        if _BLOCK_TEXT.search(text.split(" #")[0].rstrip()) or (low is None and text.split(" #")[0].rstrip().endswith(
                ":") and spaces >= _indent(text)):
            return None
        if low is None or _indent(text) < low:
            low = _indent(text)
            if text.lstrip(" ").startswith("- "):
                lists.append((n, low))
            if not low:
                break
    if not lists or spaces in {column for _, column in lists}:
        return None
    # The lists nearest its column on either side: the one it was most likely moved out of, whichever way.
    out = max((item for item in lists if item[1] < spaces), key=lambda item: item[1], default=None)
    into = min((item for item in lists if item[1] > spaces), key=lambda item: item[1], default=None)
    where = joined((say("the '- ' on line {p} {w}", "第{p}行的“- ”{w}", p=p, w=_where(column))
                    for p, column in sorted({out, into} - {None}, reverse=True)), ", and ", "，")
    return say("(this line's '- ' {n}, in line with no list above it: {o}: the items of one list start in the same "
               "column)", "（此行的“- ”{n}，与上面各列表都对不齐：{o}：同一列表的各项须从同一列开始）", n=_where(spaces), o=where)


def colon_in_value(problem: str | None, lines: list[str], line: int | None, column: int | None) -> Message | None:
    """For libyaml's "mapping values are not allowed" at `column` of line `line` (1-based) of `lines`: when that is a
    ': ' inside the plain value of a key on that line (`text: Note: 6 years`), the key and the value in quotes; else
    None."""
    if "mapping values are not allowed" not in (problem or "") or not line or line > len(lines) or column is None:
        return None
    text = lines[line - 1]
    item = text.lstrip(" ")
    while item.startswith("- "):
        item = item[2:].lstrip(" ")
    key = _KEY.match(item)
    if key is None:
        return None
    start = len(text) - len(item) + key.end()
    value = text[start:].split(" #")[0].strip()
    if column <= start or not value or value[0] in "'\"{[|>&*!":
        return None
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return say("(the value of '{k}' holds ': ', which YAML reads as the start of another key: put the value in "
               "quotes, {k}: {q})", "（'{k}' 的值中含有“: ”，YAML 会将其读作另一个键：请给该值加上引号，{k}: {q}）",
               k=key.group(1), q=quoted)
