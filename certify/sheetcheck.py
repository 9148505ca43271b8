"""A spreadsheet applicant validated as dossier-v1: every problem of its rows, each at its sheet, row and column.

A SheetApplicant (sheetunit) is the data its rows give, and the cells that could not be
read (`unread`: left out of the data). `dossier_of` validates the data exactly as a YAML
dossier's is validated, turns dossier-v1's field paths back into rows and columns, and
raises one SheetError for all of an applicant's problems: the first in sheet order, the
others in its `more` (certify validate lists each; check and report name the first and
count the others). The problems are in the order of the sheets (applicants, education,
employment, projects), then of the rows, then of the columns. validate adds among them a
target level the standard lacks (`with_target_level`), as it does for a YAML dossier.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date

from .cells import LEVEL_FORMS, folded_amount
from .check import level_names, level_problem, levels_listed, levels_named
from .dossier import Dossier, dossier_from_data
from .editions import RulesetSource
from .errors import DossierError, Message, did_you_mean, say
from .sheets import SECTIONS, SheetApplicant, SheetError

_MISSING = "required key is missing"
_EMPTY = Message("is empty, but a value is required", "为空，但此项必填")


def spoiled(unit: SheetApplicant, problems: Iterable[SheetError], name: str | None = None) -> SheetError:
    """One error for all of an applicant's problems: the first in sheet order, with the others (in order) as its
    `more`, about the applicant's id and `name` (None: the name cell is among the problems)."""
    first, *more = sorted(problems, key=lambda p: p.at)
    first = copy.copy(first)  # the unit's own problems stay as they are, to be ordered again with others
    first.more, first.applicant_id, first.applicant_name = tuple(more), unit.id, name
    return first


def dossier_of(unit: SheetApplicant, engine=None) -> Dossier:
    """Validate an applicant's data like a YAML dossier; errors point at its sheet, row and column.

    An amount cell that does not read as written but does in its NFKC form (full-width digits, １２０万) is
    read so (cells.folded_amount), and a target level written as a level's name (高级客户经理) as the level of
    that name in the ruleset `engine` judges by (an Engine, or a RulesetSource: any of its editions): asked
    only of data that fails, so well-formed data pays nothing for it. Any problem raises a SheetError: its
    cells that could not be read (`unit.unread`) and every dossier-v1 problem of the rest, in sheet order,
    with the target level the rows give as its `given` (see `_given`).
    """
    try:
        dossier = dossier_from_data(unit.data)
    except DossierError as err:
        error: DossierError | None = err
    else:
        if not unit.unread:
            return dossier
        raise _given(spoiled(unit, unit.unread, unit.name), unit, _level_of(dossier))
    data, problems = _level_named(unit, engine, _amounts_folded(unit.data, error.locs))
    given = error.given
    if data is not None:
        try:
            dossier = dossier_from_data(data)
        except DossierError as err:
            error, given = err, err.given
        else:
            if not problems and not unit.unread:
                return dossier
            error, given = None, _level_of(dossier)
    unread = {p.at for p in unit.unread}
    problems += [p for p in _placed(unit, error) if p.at not in unread]  # an unread cell's own problem says it
    named = not error or ("applicant", "name") not in error.locs
    raise _given(spoiled(unit, [*unit.unread, *problems], unit.name if named else None), unit, given)


def _level_of(dossier: Dossier) -> dict:
    """The target level and as-of date of valid data, as DossierError.given has them ({}: no target level)."""
    level = dossier.applicant.target_level
    return {} if level is None else {"target_level": level, "as_of": dossier.as_of}


def _given(err: SheetError, unit: SheetApplicant, given: dict) -> SheetError:
    """`err` with the target level its rows give, as DossierError.given (validate checks it against the
    standard): none when its own cell is among the problems, and an as-of date not well formed (False) when
    the as-of cell could not be read."""
    columns = unit.place.indices.get("applicants", {})
    cell = {(0, unit.rows["applicants"][0], columns.get(key)): key for key in ("target_level", "as_of")}
    wrong = {cell[p.at] for p in (err, *err.more) if p.at in cell}
    if not given or "target_level" in wrong:
        err.given = {}
    else:
        err.given = {**given, "as_of": False} if "as_of" in wrong else given
    return err


def with_target_level(err: SheetError, unit: SheetApplicant, source: RulesetSource, today: date) -> SheetError:
    """A spreadsheet applicant's problems with, among them in sheet order, a target level the standard lacks
    (validate lists every problem at once; check.level_problem says when it is checked), at its cell."""
    found = level_problem(getattr(err, "given", None), source, today)
    if found is None:
        return err
    first = copy.copy(err)
    first.more = ()
    problem = unit.place.error(found.message, "applicants", unit.rows["applicants"][0], "target_level",
                               applicant_id=unit.id)
    return spoiled(unit, [first, *err.more, problem], err.applicant_name)


def _placed(unit: SheetApplicant, error: DossierError | None) -> list[SheetError]:
    """Each dossier-v1 problem of `error` at the sheet, row and column its field comes from."""
    placed = []
    for loc, (_, message, hint) in zip(error.locs, error.problems) if error else ():
        if message.startswith(_MISSING):  # a dossier's 'required key is missing: what to write'; a sheet's empty cell
            message = _EMPTY
        if loc[:1] == ("applicant",) or loc[:1] == ("as_of",):
            sheet, row, key = "applicants", unit.rows["applicants"][0], loc[-1]
        elif len(loc) >= 3 and loc[0] in SECTIONS:
            sheet, row, key = loc[0], unit.rows[loc[0]][loc[1]], loc[2]
        else:  # pragma: no cover - sheets only ever build keys dossier-v1 knows
            sheet, row, key = "applicants", unit.rows["applicants"][0], None
        placed.append(unit.place.error(message, sheet, row, str(key) if key else None, hint=hint,
                                       applicant_id=unit.id))
    return placed


def _level_named(unit: SheetApplicant, engine, data: dict | None) -> tuple[dict | None, list[SheetError]]:
    """`data` (or the unit's own) with a target level written as a level's name read as its number (None when
    the target level is not a name, and `data` is None), and the problems found. A name of no level, or of two,
    is a problem at its cell, and the data is then validated without it."""
    named = unit.data["applicant"].get("target_level")
    if not isinstance(named, str):
        return data, []
    names = level_names(engine)
    levels = levels_named(named, names)
    data = data or unit.data
    if len(levels) == 1:
        return {**data, "applicant": {**data["applicant"], "target_level": levels.pop()}}, []
    if levels:
        message = say("{v} names levels {ls} in different editions: write the level's number",
                      "{v} 在不同版本中是不同的级别（{ls}）：请填写级别的数字", v=repr(named),
                      ls=", ".join(map(str, sorted(levels))))
    else:
        message = say("{v} is not {what}; {levels}", "{v} 不是{what}；{levels}", v=repr(named), what=LEVEL_FORMS,
                      levels=levels_listed(engine))
    problem = unit.place.error(message, "applicants", unit.rows["applicants"][0], "target_level",
                               hint=None if levels else did_you_mean(named, names), applicant_id=unit.id)
    applicant = {k: v for k, v in data["applicant"].items() if k != "target_level"}
    return {**data, "applicant": applicant}, [problem]


def _amounts_folded(data: dict, locs: list) -> dict | None:
    """`data` with each amount that failed at `locs` in its NFKC form where that reads; None if none does.
    `data` itself is left as read (a record's digest is of it)."""
    projects = None
    for loc in locs:
        if len(loc) == 3 and loc[0] == "projects" and loc[2] == "amount" and isinstance(loc[1], int):
            item = data["projects"][loc[1]]
            amount = folded_amount(item.get("amount"))
            if amount is not None:
                projects = projects or list(data["projects"])
                projects[loc[1]] = {**item, "amount": amount}
    return None if projects is None else {**data, "projects": projects}
