"""The one YAML loader for everything certify reads: safe, strict about duplicate keys, calm about bad dates.

Dossiers, rulesets, committee overrides and test-case files all load through
StrictLoader, so a mistake reads the same wherever it is made: a key given twice is an
error with its line (YAML itself would silently keep the last), and a date that is
none (2014-02-30) stays text for validation to report with its field and line.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from certify.errors import Message, say
from certify.parsewords import (colon_in_value, dash_out_of_line, in_line_with_a_dash, item_out_of_line, out_of_line,
                                yaml_words)

_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping."""


class AliasProblem(yaml.MarkedYAMLError):
    """Aliases (*name) that make a value contain itself, or repeat values far past any file certify reads."""


EXPANDED = 100_000  # values a file holds once its aliases are expanded, past which they must not be 10 times those written


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_aliases(root: Node) -> None:
    """Raise AliasProblem for a composed document whose aliases make a value contain itself (&a [*a]: every walk
    over it would never end), or expand it past EXPANDED values and ten times the values written (a YAML bomb:
    nine aliases of nine aliases of ... nine times over are 43 million values). One walk, each value once."""
    size: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    written = 0
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            size[key] = total = 1 + sum(size[id(c)] for c in _children(node))
            if total > EXPANDED and total > 10 * written:
                raise AliasProblem(None, None, say(
                    "aliases (*name) repeat values here far past any file certify reads (more than {n:,} once "
                    "expanded): write the values out instead", "别名（*名称）在此重复引用的值远超 certify 读取的任何文件"
                    "（展开后超过 {n:,} 个）：请直接写出这些值", n=EXPANDED), node.start_mark)
            continue
        if key in size:
            continue
        started.add(key)
        written += 1
        stack.append((node, True))
        for child in _children(node):
            if id(child) in started and id(child) not in size:  # a value on the way down to here: itself
                raise AliasProblem(None, None, Message("an alias (*name) inside the value it names: a value that "
                                                       "contains itself", "别名（*名称）出现在它所指的值之中：该值包含了自身"),
                                   child.start_mark)
            stack.append((child, False))


def _given_twice(key: ScalarNode, first: int, new_item: bool = False) -> Message:
    """A key given twice in one mapping, said at its second use with the line of its first (the `- ` of a list's
    item left out puts the keys of two items in one mapping: the first line is where the item above begins).
    `new_item`: the mapping is a list's item and the key is one its items begin with, so the `- ` is asked after."""
    if key.start_mark.line + 1 == first:  # {id: E1, id: E2}, or an amount's commas in braces: {at_least: ¥5,000,000}
        return say("duplicate key '{k}': given twice on this line", "字段 '{k}' 重复出现：在此行出现了两次", k=key.value)
    if new_item:
        return say("duplicate key '{k}': given here and on line {n} (a '- ' missing before line {m}, where the next "
                   "item of the list begins?)", "字段 '{k}' 重复出现：在此处和第{n}行都出现了（第{m}行前是否漏写了 '- '，"
                   "列表的下一项从此开始？）", k=key.value, n=first, m=key.start_mark.line + 1)
    return say("duplicate key '{k}': given here and on line {n}", "字段 '{k}' 重复出现：在此处和第{n}行都出现了",
               k=key.value, n=first)


def _begins_an_item(root: Node | None, mapping: MappingNode, key: ScalarNode) -> bool:
    """Whether `key`, given twice in the block `mapping`, is one a list's item begins with: `mapping` is an item of a
    list, and `key` is its first key or the first key of another item of that list (a `- ` left out before it)."""
    if root is None or mapping.flow_style or not mapping.value:
        return False
    stack, seen = [root], set()
    while stack:  # only when a key is given twice: the list that holds `mapping`, if any
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode) and any(item is mapping for item in node.value):
            firsts = {item.value[0][0].value for item in node.value
                      if isinstance(item, MappingNode) and item.value and isinstance(item.value[0][0], ScalarNode)}
            return key.value in firsts
        stack.extend(_children(node))
    return False


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader (libyaml's parser when available) that also rejects duplicate keys.

    Only parsing and composing run in C; constructing Python objects from nodes is Python
    code even in CSafeLoader, so overriding construct_mapping here keeps the C parser.
    """

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.aliased = not isinstance(stream, str) or "*" in stream  # no alias without a *: nothing to look at

    def get_single_node(self) -> Node | None:
        # Composed (in C) before anything is made of it: aliases that would make it endless or a bomb are said.
        node = self.root = super().get_single_node()  # the root: a key given twice looks for the list it is in
        if node is not None and self.aliased:
            check_aliases(node)
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        seen: dict[tuple[str, str], ScalarNode] = {}  # a key -> its first node (its line looked at only when repeated)
        # Not a mapping (a list tagged !!set): PyYAML's own error says so, with its line.
        for key_node, _ in node.value if isinstance(node, MappingNode) else ():
            # Keys brought in by a merge (<<) may legitimately be overridden; check only those written.
            if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE_TAG:
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise DuplicateKey(None, None, _given_twice(
                        key_node, seen[key].start_mark.line + 1,
                        _begins_an_item(getattr(self, "root", None), node, key_node)), key_node.start_mark)
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep: bool = False) -> object:
        # PyYAML's constructors raise whatever Python raises for a value they cannot make (`!!int "abc"`:
        # ValueError, `!!binary` of bad base64, a 5,000-digit number, ...): said here, with the node's line.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise BadValue(None, None, _cannot_be(node, exc), node.start_mark) from None

    def construct_yaml_timestamp(self, node: ScalarNode) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # 2014-02-30 looks like a date but is none: keep the text so validation reports it
            # with its field path and line instead of the parser failing without either.
            return self.construct_scalar(node)


StrictLoader.add_constructor(_TIMESTAMP_TAG, StrictLoader.construct_yaml_timestamp)

# Numbers as YAML 1.2 and people read them, not YAML 1.1's: `010` is not the octal 8, `0x1F`
# not 31, `12:30` not 750 (base 60); such texts stay text (an id "010" keeps its zero; an
# amount "0100" is read as 100 yuan), and `1e6` is a number, as it is in JSON.
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in pairs if tag not in (_INT_TAG, _FLOAT_TAG)]
    for first, pairs in StrictLoader.yaml_implicit_resolvers.items()}
StrictLoader.add_implicit_resolver(_INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))
StrictLoader.add_implicit_resolver(_FLOAT_TAG, re.compile(r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X), list("-+0123456789."))


class TextDatesLoader(StrictLoader):
    """StrictLoader with every date left as text, for files whose validators read dates themselves."""


TextDatesLoader.add_constructor(_TIMESTAMP_TAG, TextDatesLoader.construct_scalar)


class BadValue(yaml.MarkedYAMLError):
    """A value that is not what its tag says (`!!int "abc"`, `!!bool "maybe"`), or too long a number to read."""


def _cannot_be(node, exc: Exception) -> str:
    """Why `node` could not be made into a value: the text and the tag it cannot be (`!!int` for YAML's own)."""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    if "digits" in str(exc) and isinstance(node, ScalarNode):  # Python's limit on converting long numbers
        return f"a number of {len(node.value):,} characters is too long to read"
    if isinstance(node, ScalarNode):
        return f"{node.value[:60]!r} cannot be read as {tag}"
    return f"a {'list' if isinstance(node.value, list) and not isinstance(node, MappingNode) else 'mapping'} " \
           f"cannot be read as {tag}"


def load_yaml(text: str, loader: type = StrictLoader) -> object:
    """yaml.load with `loader` (a safe one); a value its constructor cannot make is a YAMLError like the others.

    PyYAML's constructors raise whatever Python raises for such a value (ValueError,
    KeyError, ...), which would otherwise escape as a crash rather than a message.
    """
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):
        raise BadValue(None, None, "a value that cannot be what its tag says (such as !!int \"abc\"), "
                                   "or a number too long to read", None) from None


def yaml_problem(exc: yaml.YAMLError, prefix: str, text: str | None = None,
                 sections: frozenset[str] = frozenset()) -> tuple[str, int | None]:
    """What went wrong in a YAML `text`, as one sentence after `prefix` ("invalid YAML"), and its 1-based
    line when known. A key given twice is said as it is, without the prefix: the YAML is sound.

    With a `prefix` in both languages (a Message), the sentence is one too: the parser's words in
    Chinese where parsewords knows them, else English after the Chinese prefix; the line says where.
    A tab on that line (an editor's indent: YAML indents with spaces) is said after it, in every file
    read as YAML (a dossier, a ruleset, a case file, the committee's decisions); else a ': ' inside a plain value on
    that line (`text: Note: 6 years`), with the value in quotes (parsewords.colon_in_value); else a key on that line
    written in line with a list item's `- ` (parsewords.in_line_with_a_dash; `sections`: the file's own
    top-level keys, which start their line), with where it goes (and, when it may be a first item's `- ` moved
    onto it, where that goes); else, when that line follows a list's first item whose `- ` is the one out of line
    (libyaml names the line after it), both lines and the two ways to line them up (parsewords.dash_out_of_line);
    else a list item's `- ` in line with no list open above it, with the lists' columns (parsewords.item_out_of_line);
    else that line indented in line with no line above it (parsewords.out_of_line), with how far."""
    message, line = _problem(exc, prefix)
    lines = text.splitlines() if text is not None and line else []
    if line and line <= len(lines) and "\t" in lines[line - 1]:
        tab = ("{m} (a tab on this line: YAML indents with spaces)", "{m}（此行有 Tab：YAML 只能用空格缩进）")
        message = say(*tab, m=message) if isinstance(message, Message) else tab[0].format(m=message)
    elif (colon := colon_in_value(getattr(exc, "problem", None), lines, line,
                                  getattr(getattr(exc, "problem_mark", None), "column", None))) is not None:
        message = say("{m} {c}", "{m}{c}", m=message, c=colon) if isinstance(message, Message) else f"{message} {colon}"
    elif (dash := in_line_with_a_dash(getattr(exc, "problem", None), lines, line, sections)) is not None:
        message = say("{m} {d}", "{m}{d}", m=message, d=dash) if isinstance(message, Message) else f"{message} {dash}"
    elif (dash := dash_out_of_line(getattr(exc, "problem", None), lines, line)) is not None or \
            (dash := item_out_of_line(getattr(exc, "problem", None), lines, line)) is not None:
        message = say("{m} {d}", "{m}{d}", m=message, d=dash) if isinstance(message, Message) else f"{message} {dash}"
    elif (spaces := out_of_line(getattr(exc, "problem", None), lines, line)) is not None:
        out = ("{m} (this line is indented {n} space{s}, in line with no line above it: the keys of one section or item "
               "start in the same column)", "{m}（此行缩进 {n} 个空格，与上面各行都对不齐：同一部分或同一项的键须从同一列开始）")
        s = "" if spaces == 1 else "s"
        message = say(*out, m=message, n=spaces, s=s) if isinstance(message, Message) else \
            out[0].format(m=message, n=spaces, s=s)
    return message, line


def _problem(exc: yaml.YAMLError, prefix: str) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, DuplicateKey):
        return exc.problem, line
    if isinstance(exc, AliasProblem):
        return say("{p}: {s}", "{p}：{s}", p=prefix, s=exc.problem) if isinstance(prefix, Message) else \
            f"{prefix}: {exc.problem}", line
    problem = getattr(exc, "problem", None) or str(exc).strip().split("\n")[0]
    context = getattr(exc, "context", None)
    # PyYAML splits its sentences: context "while parsing a block mapping", problem "did not find ...".
    said = yaml_words(context, problem)
    return say("{p}: {s}", "{p}：{s}", p=prefix, s=said) if isinstance(prefix, Message) else f"{prefix}: {said}", line


def line_at(root: Node | None, loc: tuple) -> int | None:
    """The 1-based line of the deepest node along `loc` (keys and list indexes) in a composed YAML
    tree: a key's line when reached through that key; None without a tree."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode):
            found = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


class FieldLines:
    """The line of each node of a YAML text, by field path (`levels[0].rules[1].when`)."""

    def __init__(self, text: str, loader: type) -> None:
        self.lines: dict[str, int] = {}
        try:
            node = yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            node = None
        if node is not None:
            self._walk(node, "")

    def _walk(self, node, path: str) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                self.lines.setdefault(sub, key.start_mark.line + 1)
                self._walk(value, sub)
        elif isinstance(node, SequenceNode):
            for i, value in enumerate(node.value):
                self.lines[f"{path}[{i}]"] = value.start_mark.line + 1
                self._walk(value, f"{path}[{i}]")

    def line(self, path: str | None) -> int | None:
        """The line of `path`, or of its nearest ancestor found."""
        while path:
            if path in self.lines:
                return self.lines[path]
            shorter = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
            if shorter == path:
                break
            path = shorter
        return None
