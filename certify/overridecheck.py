"""A committee's decisions against the batch they were written for: each names an applicant judged in it and a
level of the standard that judged them (check_overrides), and goes beside that verdict (with_overrides). Reading
the decisions file is overrides.py's."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Iterator

from .errors import did_you_mean, levels_of, say
from .overrides import Override, OverridesError, raised


def check_overrides(overrides: Iterable[Override], results: Iterable,
                    ids: Callable[[], Iterable] | None = None, *, dated: bool = False,
                    unread: Iterable[OverridesError] = ()) -> None:
    """Every override names an applicant of the batch, and a level of the edition of the standard each of
    its verdicts was judged by (editions may differ in how many levels they have), or OverridesError.
    `dated`: judged from a folder of editions, whose error names the edition in force on the applicant's date.

    `results` are the batch's verdicts and the errors of what could not be judged: a decision about an
    applicant whose error row names them (a spreadsheet's, whose cell could not be read) says that error,
    not that the id is missing, which would send the committee looking for a typo in its own file.
    `results` may hold only those of the applicants decided on (a long batch is not held whole) when `ids`
    gives the ids of every verdict of the batch, read only for the hint of an id not in it.

    Every entry's problems are said in one error, in the file's order: these and the problems of its entries
    found as it was read (`unread`: read_overrides), an entry's own before those it has with the batch."""
    overrides = list(overrides)
    wanted = {o.applicant for o in overrides} if ids is not None else None
    judged: dict[str, list] = {}
    unjudged: dict[str, object] = {}
    for r in results:
        if wanted is not None and r.applicant_id not in wanted:
            continue
        if hasattr(r, "levels"):
            judged.setdefault(r.applicant_id, []).append(r)
        elif r.applicant_id is not None:
            unjudged.setdefault(r.applicant_id, r)
    every: list = []  # the batch's ids, read once for the hints (a long batch's, from its spool)
    problems = list(unread)
    for o in overrides:
        if o.applicant is None:  # its applicant could not be read: said already
            continue
        if o.applicant not in judged and (failure := unjudged.get(o.applicant)) is not None:
            problems.append(o.error(say(
                "applicant '{a}' could not be evaluated in this batch ({f}: {e}): a decision goes beside a verdict; "
                "put that right first, or take the decision out",
                "申报人 '{a}' 在本批次中无法评定（{f}：{e}）：评审委员会决定须对应一项判定结果；请先改正该错误，或删去此条决定",
                a=o.applicant, f=failure.file, e=failure.error.quoted())))
            continue
        if o.applicant not in judged:
            if ids is not None and not every:
                every.append(dict.fromkeys(ids()))
            problems.append(o.error(say("applicant '{a}' is not in the batch", "本次评定的申报材料中没有申报人 '{a}'",
                                        a=o.applicant), hint=_typo_of(o.applicant, every[0] if every else judged)))
            continue
        for v in judged[o.applicant] if o.level is not None else ():
            if not 1 <= o.level <= len(v.levels):  # one ruleset file: no edition to name; a folder: the one in force
                problems.append(o.error(
                    say("level {n} is not a level of {id} {v} ({top}), the edition in force for {a} on {d}",
                        "级别 {n} 不是 {id} {v}（{d} 时对 {a} 施行的版本）的级别（{top}）", n=o.level, id=v.ruleset["id"],
                        v=v.ruleset["version"], top=levels_of(len(v.levels)), a=o.applicant, d=v.as_of.isoformat())
                    if dated else
                    say("level {n} is not a level of {id} {v} ({top})", "级别 {n} 不是 {id} {v} 的级别（{top}）",
                        n=o.level, id=v.ruleset["id"], v=v.ruleset["version"], top=levels_of(len(v.levels)))))
                break  # one verdict's edition is enough to say it
    problems.sort(key=lambda e: e.entry)  # in the file's order (stable: an entry's own problems first)
    raised(problems)


def _typo_of(ident: str, ids) -> str | None:
    """The id of the batch `ident` is one character away from (AP-1O4 for AP-104), if any. Ids further
    apart are other applicants, not typos: AP-110 is not offered for AP-103."""
    hint = did_you_mean(ident, ids)
    if hint is None:
        return None
    edits = difflib.SequenceMatcher(None, ident, hint, autojunk=False).get_opcodes()
    return hint if sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in edits if op != "equal") <= 1 else None


def apply_overrides(results: Iterable, overrides: Iterable[Override]) -> list:
    """Each verdict with its committee decisions attached beside it; nothing computed changes. An error row
    (an id given again, which names the applicant) gets none: they go beside the verdict."""
    return list(with_overrides(results, overrides))


def with_overrides(results: Iterable, overrides: Iterable[Override]) -> Iterator:
    """apply_overrides one result at a time, as they come."""
    by_id: dict[str, list[Override]] = {}
    for o in overrides:
        if o.unread:  # an entry with problems is never applied (check_overrides refuses the file)
            continue
        by_id.setdefault(o.applicant, []).append(o)
    for r in results:
        mine = by_id.get(r.applicant_id, ()) if hasattr(r, "overrides") else ()
        yield dataclasses.replace(r, overrides=tuple(sorted(mine, key=lambda o: o.level))) if mine else r
