"""Reading dossier files (YAML or JSON) into Dossier models (folders.py finds them under paths)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from certify.dossier import Dossier, dossier_from_data
from certify.errors import DossierError, Message, say
from certify.filekinds import DOSSIER, another_kind, is_ruleset  # noqa: F401 - is_ruleset: showrecord's too
from certify.parsewords import json_words
from certify.scratch import ScratchError
from certify.textfiles import binary_kind, not_utf8, utf16, utf8_text
from certify.yamltext import StrictLoader, line_at, load_yaml, yaml_problem


_YAML = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = _YAML + "str", _YAML + "seq", _YAML + "map", _YAML + "merge"


class _Loader(StrictLoader):
    """The reference for what a dossier's text means and for every YAML error message.

    Most texts are loaded by the fast path below instead, which gives the same result at
    about half the cost.
    """

    def construct_yaml_float(self, node: ScalarNode) -> object:
        # A number with a fraction is an exact Decimal of the digits written, as in JSON dossiers:
        # a float would round 999999.99999999999 up to 1000000.0, over a threshold it is below.
        try:
            return Decimal(node.value.replace("_", ""))
        except ArithmeticError:  # .inf, .nan: PyYAML's floats, which validation refuses by name
            return super().construct_yaml_float(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        # A key is the text written: `no:`, `on:` or `~:` is an unknown key named so, on its line, not the
        # YAML 1.1 false, true or None it would be (said '0', '1', 'None', on no line of the file).
        for i, (key, value) in enumerate(node.value if isinstance(node, MappingNode) else ()):
            if isinstance(key, ScalarNode) and key.tag not in (_STR, _MERGE):
                node.value[i] = (ScalarNode(_STR, key.value, key.start_mark, key.end_mark), value)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)


# The fast path, for a text that loads plainly (nearly every dossier). libyaml parses and
# composes the nodes as for _Loader, but leaves plain scalars unresolved (_PLAIN); _build then
# turns the nodes into dicts, lists and values in one pass, resolving each plain scalar by
# _Loader's own implicit resolvers and building non-text values with its own constructors, so
# the result is what yaml.load(text, Loader=_Loader) gives. Whatever it does not take plainly
# (a merge key, a key that is not text, a duplicate key, a tag other than the usual ones, a
# collection inside itself, any error) sends the text to _Loader, whose result or error
# message is the reference.
_PLAIN = object()  # the tag of a plain scalar until _build resolves it
_BOOL, _TIMESTAMP = _YAML + "bool", _YAML + "timestamp"
_BOOLS = _Loader.bool_values
_RESOLVERS = _Loader.yaml_implicit_resolvers  # first character -> [(tag, regexp)]
_SCALARS = {_YAML + kind: _Loader.yaml_constructors[_YAML + kind]
            for kind in ("null", "bool", "int", "float", "timestamp")}
# Resolving a plain scalar by its text alone holds while no resolver looks at every first
# character (None) or at the node's path, as with the safe loader.
_FAST = None not in _RESOLVERS and not _Loader.yaml_path_resolvers
_BUSY = object()


class _Careful(Exception):
    """This text goes to _Loader."""


class _Composer(_Loader):
    """_Loader's parser and composer, leaving the tag of plain scalars to _build."""

    def resolve(self, kind: type, value: str | None, implicit: object) -> object:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR  # type: ignore[index]
        return _MAP if kind is MappingNode else _SEQ

    # No path resolvers: nothing to follow down and up the tree.
    def descend_resolver(self, current_node: Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_PLAIN_TAGS: dict[str, str] = {}  # recent answers of _plain_tag: words and dates recur


def _plain_tag(value: str) -> str:
    """The tag _Loader's implicit resolvers give a plain scalar (as Resolver.resolve does)."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _STR
        for resolved, regexp in _RESOLVERS.get(value[:1], ()):
            if regexp.match(value):
                tag = resolved
                break
        if len(_PLAIN_TAGS) >= 4096:
            _PLAIN_TAGS.clear()
        _PLAIN_TAGS[value] = tag
    return tag


def _fast_yaml(text: str) -> object:
    """What yaml.load(text, Loader=_Loader) returns; raises _Careful for a text to leave to it."""
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
        return None if root is None else _build(root, loader, {})
    except Exception:  # noqa: BLE001 (whatever it is, _Loader reports it as it always has)
        raise _Careful from None
    finally:
        loader.dispose()


def _build(node: Node, loader: _Composer, built: dict[Node, object]) -> object:
    """The Python value of a node composed by _Composer (`built`: the collections made so far,
    so that an alias gives the same object, as it does with _Loader)."""
    cls = node.__class__
    if cls is ScalarNode:
        tag, value = node.tag, node.value
        if tag is _PLAIN:
            if value[:1] not in _RESOLVERS:
                return value  # text: no implicit resolver starts with its first character
            tag = _plain_tag(value)
            if tag == _TIMESTAMP and len(value) == 10:  # YYYY-MM-DD, made as _Loader makes it
                try:
                    return date(int(value[:4]), int(value[5:7]), int(value[8:]))
                except ValueError:
                    return value
            if tag == _BOOL:
                return _BOOLS[value.lower()]
        if tag == _STR:
            return value
        constructor = _SCALARS.get(tag)
        if constructor is None:
            raise _Careful
        return constructor(loader, node)
    data = built.get(node)
    if data is not None:
        if data is _BUSY:
            raise _Careful  # a collection inside itself
        return data
    built[node] = _BUSY
    # Most values are plain text, taken where they stand (the first test above, inlined).
    if cls is MappingNode and node.tag == _MAP:
        data = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _Careful
            key, tag = key_node.value, key_node.tag
            if tag is _PLAIN and key[:1] in _RESOLVERS:
                tag = _plain_tag(key)
            if tag is not _PLAIN and tag != _STR:
                raise _Careful  # a merge key (<<), or a key that is not text
            if value_node.tag is _PLAIN and value_node.value[:1] not in _RESOLVERS:
                data[key] = value_node.value
            else:
                data[key] = _build(value_node, loader, built)
        if len(data) != len(node.value):
            raise _Careful  # a duplicate key: _Loader names it
    elif cls is SequenceNode and node.tag == _SEQ:
        data = [item.value if item.tag is _PLAIN and item.value[:1] not in _RESOLVERS
                else _build(item, loader, built) for item in node.value]
    else:
        raise _Careful
    built[node] = data
    return data


class _DuplicateJSONKey(ValueError):
    pass


def _json_object(pairs: list[tuple[str, object]]) -> dict:
    obj: dict = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateJSONKey(key)
        obj[key] = value
    return obj


def _yaml_lines(text: str, locs: list[tuple[str | int, ...]]) -> list[int | None]:
    """For each location, the 1-based line of the deepest node along it (a key's line when
    reached through that key)."""
    try:
        root: Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        root = None
    return [line_at(root, loc) if root is not None else None for loc in locs]


def line_in_file(path: str | Path, loc: tuple[str | int, ...]) -> int | None:
    """The line of `loc` in a YAML dossier file, for a problem found after it was read (a target level
    the standard lacks); None in a JSON file, which keeps no positions, or one that cannot be read again."""
    if os.path.splitext(str(path))[1].lower() == ".json":
        return None
    try:
        with open(path, "rb") as file:
            text = file.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return _yaml_lines(text, [loc])[0]


def cannot_read(exc: OSError) -> Message:
    """Why a file could not be read (the system's own words for it stay as the system says them); a temporary
    file certify could not write while reading it, said as that (scratch.py)."""
    if isinstance(exc, ScratchError):
        return exc.strerror
    return say("cannot read file: {e}", "无法读取文件：{e}", e=exc.strerror or exc)


_SECTIONS = frozenset(f.alias or name for name, f in Dossier.model_fields.items())  # a dossier's own keys


def parse_yaml(text: str, source: str) -> object:
    """A YAML file's text as data (a dossier's, or whatever else a file named as one holds); a DossierError naming
    `source` and the line for text that is no YAML."""
    if _FAST:
        try:
            return _fast_yaml(text)
        except _Careful:
            pass
    try:
        return load_yaml(text, _Loader)
    except yaml.YAMLError as exc:
        # A tab on its line, a key in line with a list item's '- ', or a line indented out of line, said there.
        message, line = yaml_problem(exc, Message("invalid YAML", "YAML 格式有误"), text, _SECTIONS)
        raise DossierError(message, file=source, line=line) from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
SURROGATE = re.compile("[\ud800-\udfff]")  # half of a character: no output can write it (folders.py too)


def _lone_surrogate(value: object) -> bool:
    """Whether a text in `value` holds half of a character (JSON's "\\ud800" alone), which no output can write."""
    if isinstance(value, str):
        return SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    return isinstance(value, list) and any(_lone_surrogate(v) for v in value)


def _parse_json(text: str, source: str) -> object:
    try:
        # parse_float=Decimal keeps amounts like 1234567.89 exact.
        data = json.loads(text, object_pairs_hook=_json_object, parse_float=Decimal)
        if _SURROGATE_ESCAPE.search(text) and _lone_surrogate(data):  # a pair is one character: only a lone one
            raise DossierError(Message("invalid JSON: a \\u escape for half a character (a lone surrogate)",
                                       "JSON 格式有误：\\u 转义只写了半个字符（孤立的代理项）"), file=source)
        return data
    except json.JSONDecodeError as exc:
        raise DossierError(say("invalid JSON: {m}", "JSON 格式有误：{m}", m=json_words(exc.msg)), file=source,
                           line=exc.lineno) from None
    except _DuplicateJSONKey as exc:
        raise DossierError(say("duplicate key '{k}'", "字段 '{k}' 重复出现", k=exc.args[0]), file=source) from None
    except RecursionError:
        raise DossierError(Message("invalid JSON: nested too deeply for a dossier", "JSON 格式有误：嵌套过深，不是一份申报材料"),
                           file=source) from None
    except ValueError as exc:  # a number of thousands of digits
        raise DossierError(say("invalid JSON: {m}", "JSON 格式有误：{m}", m=str(exc).split(':')[0]), file=source) from None


RECORD_FORMATS = "certify-decision-record/"  # what a decision record's `format` begins with (records.FORMAT)
MANIFEST_FORMATS = "certify-batch-manifest/"  # and a batch manifest's first line's (manifest.MANIFEST_FORMAT)


def manifest_format(text: str) -> str | None:
    """A batch manifest's `format` (certify-batch-manifest/...) when `text` is one (JSON Lines, which YAML does not
    read): when its first line is a JSON object whose `format` is a manifest's; else None."""
    try:
        head = json.loads(text.split("\n", 1)[0])
    except (ValueError, RecursionError):
        return None
    if isinstance(head, dict) and str(head.get("format", "")).startswith(MANIFEST_FORMATS):
        return head["format"]
    return None


def _a_manifest(text: str, source: str) -> DossierError | None:
    """What to say of a batch manifest named as a dossier, or None."""
    if (found := manifest_format(text)) is None:
        return None
    return DossierError(say("a batch manifest ({f}), not a dossier: certify verify checks it and the records it lists",
                            "这是批次清单（{f}），不是申报材料：请用 certify verify 核对它及其列出的判定记录",
                            f=found), file=source)


def parse_dossier(text: str, source: str, kind: str = "yaml") -> Dossier:
    """Parse and validate one dossier's text (`kind` "yaml" or "json"); errors name `source`."""
    if not text.strip():
        raise DossierError(Message("empty file", "空文件"), file=source)
    try:
        data = _parse_json(text, source) if kind == "json" else parse_yaml(text, source)
    except DossierError:
        if (manifest := _a_manifest(text, source)) is not None:
            raise manifest from None
        raise
    if data is None and kind != "json":
        raise DossierError(Message("empty file (no dossier in it)", "空文件（其中没有申报材料）"), file=source)
    try:
        return dossier_from_data(data)
    except DossierError as err:
        if (manifest := _a_manifest(text, source)) is not None:  # a batch of no inputs: its first line alone
            raise manifest from None
        if isinstance(data, dict) and str(data.get("format", "")).startswith(RECORD_FORMATS):
            raise DossierError(say("a decision record ({f}), not a dossier: certify verify checks it",
                                   "这是判定记录（{f}），不是申报材料：请用 certify verify 核对", f=data["format"]),
                               file=source) from None
        if is_ruleset(data):
            raise DossierError(say("a ruleset ({r}), not a dossier: judge by it with --ruleset, or read it with "
                                   "certify explain", "这是标准文件（{r}），不是申报材料：按其评定请用 --ruleset 指定，"
                                   "阅读请用 certify explain", r=f"{data['id']} {data.get('version', '')}".strip()),
                               file=source) from None
        if (other := another_kind(data, DOSSIER)) is not None:  # the committee's decisions, a case file
            raise DossierError(other, file=source) from None
        err.file = source
        # Lines are looked up only now, so a valid dossier is never composed twice.
        # JSON validation errors go without lines: json keeps no positions for its values.
        lines = _yaml_lines(text, err.locs) if kind != "json" else [None] * len(err.locs)
        # Validation goes by the model (fields in its order, then a mapping's unknown keys): the problems are
        # told in the file's order instead, the first of them first (one with no line, about the whole file,
        # before them; JSON's have no lines and stay as they come).
        order = sorted(range(len(lines)), key=lambda i: lines[i] or 0)
        err.problems, err.locs = [err.problems[i] for i in order], [err.locs[i] for i in order]
        err.lines = [lines[i] for i in order]
        err.line = err.lines[0]
        err.path, err.message, err.hint = err.problems[0]
        err.more = tuple(err.problems[1:])  # counted after the first where one message is given per file
        err.args = (err.message,)
        raise


def load_dossier(path: str | Path) -> Dossier:
    """Read one dossier file (.json as JSON, anything else as YAML) into a Dossier."""
    return _parsed(_read(path), str(path))


def read_dossier(path: str | Path) -> tuple[Dossier, str]:
    """load_dossier's Dossier, and the sha256 of the bytes it was read from (hex): the file read once for both."""
    raw = _read(path)
    return _parsed(raw, str(path)), hashlib.sha256(raw).hexdigest()


def _read(path: str | Path) -> bytes:
    try:
        with open(path, "rb", buffering=0) as file:  # unbuffered: one read of the whole file
            return file.read()
    except OSError as exc:
        raise DossierError(cannot_read(exc), file=str(path)) from None


def _parsed(raw: bytes, source: str) -> Dossier:
    try:
        text = utf8_text(raw)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1 if not utf16(raw) and binary_kind(raw) is None else None
        raise DossierError(not_utf8(raw, exc.start), file=source, line=line) from None
    kind = "json" if os.path.splitext(source)[1].lower() == ".json" else "yaml"
    return parse_dossier(text, source, kind)
