"""Where in a ruleset's text an error is: the path of a field (levels[0].rules[1].when), the line of its key, the
level or rule a whole-ruleset check is about, a value a comma cut in a {...} mapping. Only the YAML's text and data
are read here; ruleset.py says what is wrong."""

from __future__ import annotations

import re

import yaml


def clean_loc(loc: tuple) -> tuple:
    """An error location without the condition tags pydantic inserts after a condition's place."""
    out: list = []
    for before, part in zip((None,) + tuple(loc), loc):
        if part in ("all", "any", "some", "leaf") and (before in ("when", "where") or isinstance(before, int)):
            continue
        out.append(part)
    return tuple(out)


def path_of(loc: tuple) -> str:
    out = ""
    for part in clean_loc(loc):
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def place_of(data: object, message: str) -> tuple:
    """Where in the ruleset's data a whole-ruleset error is: the first level out of order, the second
    use of a rule id; () when it cannot be told."""
    try:
        levels = data["levels"]
        if message.startswith("levels must be numbered"):
            return next(("levels", i, "level") for i, lv in enumerate(levels)
                        if _number(lv.get("level")) != i + 1)  # "2" or "02" in quotes is level 2
        if message.startswith("rule ids must be unique"):
            seen: set = set()
            for li, lv in enumerate(levels):
                for ri, rule in enumerate(lv.get("rules") or []):
                    if rule.get("id") in seen:
                        return ("levels", li, "rules", ri, "id")
                    seen.add(rule.get("id"))
    except (KeyError, TypeError, AttributeError, StopIteration):
        pass
    return ()


def _number(level: object) -> object:
    """A level's number as ruleset.level_number reads it (3, "3", "03"), or the value as it is."""
    text = str(level).strip()
    return int(text) if text.isascii() and text.isdigit() else level


def line_of(text: str, loc: tuple, tagged: bool = True) -> int | None:
    """The 1-based line of the deepest node of `loc` found in the YAML text (`tagged`: a pydantic
    location, with the condition tags it inserts)."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for part in clean_loc(loc) if tagged else loc:
        if isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == str(part)]
            if not match:
                continue
            key, node = match[0]
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def split_at_a_comma(text: str, loc: tuple) -> bool:
    """Whether the unknown key at `loc` is the rest of a value a comma cut: `{en: 4 years, 30 in sales}`
    reads as en '4 years' and a key '30 in sales' with no colon after it."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for part in clean_loc(loc[:-1]):
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
    if not (isinstance(node, yaml.MappingNode) and node.flow_style):
        return False
    key = next((k for k, _ in node.value if k.value == str(loc[-1])), None)
    return key is not None and text[key.end_mark.index:].lstrip(" ")[:1] in (",", "}")


def rule_id_at(data, path: str | None) -> str | None:
    """The id of the rule at `path` (levels[i].rules[j]...) in raw YAML data, if it has one."""
    m = re.match(r"levels\[(\d+)\]\.rules\[(\d+)\]", path or "")
    try:
        rid = data["levels"][int(m.group(1))]["rules"][int(m.group(2))]["id"]
    except (AttributeError, LookupError, TypeError, ValueError):
        return None
    return rid if isinstance(rid, str) else None
