"""The keys a decision record holds that certify never writes, at any depth (`dossier.files` in a record of a dossier
file, `verdict.levels.0.rules.2.note`): added by hand, which neither the digest its name ends with (the verdict is no
input) nor judging it again (what verify compares is the verdict and the facts, not every key beside them) would see.

What certify writes in each part of a record is what the models that read a record say (recorded.py: ShownRecord, each
part's fields and its WRITTEN, a field written and not read among them, typed `object`), not a list of its own here;
a value whose keys are data (a spreadsheet's files by name, a reading's value) is not looked into. A record is
walked once, by a set comparison of each part's keys (a fraction of what reading it, recorded.read_record, takes);
the paths are made only when a key is found.
"""

from __future__ import annotations

from types import UnionType
from typing import NamedTuple, Union, get_args, get_origin

from .recorded import ShownRecord, _FileDossier, _Part


class _Keys(NamedTuple):
    """A part of a record: the keys certify writes in it, and the shape of each whose value has parts of its own."""

    known: frozenset[str]
    parts: dict[str, object]


class _Each(NamedTuple):
    """A list, each of whose items is a part (`item`)."""

    item: object


def _shape(annotation) -> _Keys | _Each | None:
    """What a field's value is to the walk, by its type in the model: a part, a list of parts, or neither (None)."""
    if get_origin(annotation) in (Union, UnionType):  # `_Edition | None`: the part it is when it is not null
        return next((s for a in get_args(annotation) if (s := _shape(a)) is not None), None)
    if get_origin(annotation) is list:
        item = _shape(get_args(annotation)[0])
        return _Each(item) if item is not None else None
    if isinstance(annotation, type) and issubclass(annotation, _Part):
        fields = annotation.model_fields
        parts = {name: s for name, f in fields.items() if (s := _shape(f.annotation)) is not None}
        return _Keys(frozenset(fields) | frozenset(annotation.WRITTEN), parts)
    return None


RECORD = _shape(ShownRecord)  # a record as certify writes it: what show reads, which is what verify reads and more
# A dossier file's record: its `dossier` holds none of what a spreadsheet applicant's does besides (its `files`, say)
_FILE_RECORD = RECORD._replace(parts={**RECORD.parts, "dossier": _shape(_FileDossier)})


def _checker(shape):
    """A function saying whether a value holds no key certify does not write where `shape` says it is (a value of
    another kind than the shape's is recorded.py's to say: none here); made once, each part's keys compared as sets."""
    if type(shape) is _Each:
        item = _checker(shape.item)

        def each(value) -> bool:
            if type(value) is list:
                for v in value:
                    if not item(v):
                        return False
            return True
        return each
    known, parts = shape.known, tuple((k, _checker(s)) for k, s in shape.parts.items())

    def part(value) -> bool:
        if type(value) is not dict:
            return True
        if not value.keys() <= known:
            return False
        for key, check in parts:
            held = value.get(key)
            if held is not None and not check(held):
                return False
        return True
    return part


def _added(value, shape, where: str, out: list[str]) -> None:
    if type(shape) is _Each:
        if isinstance(value, list):
            for i, v in enumerate(value):
                _added(v, shape.item, f"{where}{i}.", out)
        return
    if isinstance(value, dict):
        for key, v in value.items():
            if key not in shape.known:
                out.append(f"{where}{key}")
            elif key in shape.parts:
                _added(v, shape.parts[key], f"{where}{key}.", out)


_SHEET_CLEAN, _FILE_CLEAN = _checker(RECORD), _checker(_FILE_RECORD)


def unwritten(record: dict) -> list[str]:
    """The keys `record` holds that certify never writes where they are, each by its path (`dossier.files`,
    `verdict.levels.0.note`), in the record's order; none when it holds only what certify writes."""
    sheet = isinstance(record.get("dossier"), dict) and "source" in record["dossier"]
    if (_SHEET_CLEAN if sheet else _FILE_CLEAN)(record):
        return []
    shape = RECORD if sheet else _FILE_RECORD
    out: list[str] = []
    _added(record, shape, "", out)
    return out
