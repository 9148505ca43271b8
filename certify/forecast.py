"""When time alone will do it: the first date each rule and level holds.

Experience grows with the as-of date (ongoing jobs run to it, periods are cut at
it, degrees count from graduation), and nothing else in a dossier does. Every
threshold is "at least", so once a rule holds it holds on every later date.
Outcomes can change only on the dates a months fact first reaches one of its
thresholds or a degree starts to count (facts.change_dates); the engine decides
each rule on those dates, and the first of them on which a rule holds is the first
date it holds at all. On that date the rule holds; on the day before it does not.

`passes_on` is that date when time decides it, and None when time makes no
difference: a rule that fails or needs review however long the applicant keeps
working (a missing project or degree, an unknown fact), or one that holds on every
date the dossier covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .facts import add_months, change_dates, facts_of
from .verdict import PASS


@dataclass(frozen=True, slots=True)
class Forecast:
    """The first date each level and each rule holds (None where time makes no difference)."""

    levels: dict  # level number -> date | None
    rules: dict  # rule id -> date | None


def _dates_of(dossier) -> list[date]:
    dates = [d.graduated for d in dossier.education or ()]
    for job in dossier.employment or ():
        dates.append(job.start)
        if job.end:
            dates.append(job.end)
    return dates


def forecast(engine, dossier, as_of: date, today: tuple[str, ...] | None = None) -> Forecast:
    """The first date each rule and level of the engine's ruleset holds for this dossier.

    `today` may give the rules' statuses on `as_of`, already known to the caller.
    """
    thresholds: dict[str, list[int]] = {}
    for leaf in engine.leaves():
        if leaf.spec.kind == "months" and leaf.op == "at_least":
            thresholds.setdefault(f"{leaf.subject}.{leaf.fact}", []).append(leaf.operand)
    dates = _dates_of(dossier) + [as_of]
    longest = max((t for ts in thresholds.values() for t in ts), default=0)
    # Before the first date the dossier mentions nothing has accrued; after the last
    # one plus the longest requirement, nothing more can change.
    low = min(dates) - timedelta(days=1)
    high = add_months(max(dates), longest + 2)
    points = sorted({low, as_of} | {d for d in change_dates(dossier, thresholds, high) if low < d <= high})
    now = points.index(as_of)
    memo: dict[int, tuple[str, ...]] = {now: today} if today else {}
    # Projects do not change with the date: their facts and comparisons are read once.
    on_as_of = facts_of(dossier, as_of)
    projects = on_as_of.collections["projects"]
    decided = {where: outcomes for where, outcomes in engine.decide(on_as_of).items() if where[0] == "projects"}

    def statuses(i: int) -> tuple[str, ...]:
        if i not in memo:
            memo[i] = engine.statuses(facts_of(dossier, points[i], projects), decided)
        return memo[i]

    # There are few such dates (about seven for a typical dossier): the engine decides
    # every rule on each of them, and the first date each rule or level holds is read off.
    table = [statuses(i) for i in range(len(points))]
    # The first date each rule holds (its index among the dates), or None if it never does;
    # a level holds from the last of its rules' first dates on (each holds from then on).
    firsts: list[int | None] = []
    for k in range(len(table[0])):
        firsts.append(next((i for i, row in enumerate(table) if row[k] == PASS), None))
    as_date = lambda i: points[i] if i else None  # noqa: E731 - index 0: it holds whatever the date
    rule_ids = [rule.id for level in engine.ruleset.levels for rule in level.rules]
    rules = {rule_id: as_date(firsts[k]) for k, rule_id in enumerate(rule_ids)}
    levels = {}
    k = 0
    for lv in engine.ruleset.levels:
        mine = firsts[k:k + len(lv.rules)]
        k += len(lv.rules)
        levels[lv.level] = None if None in mine else as_date(max(mine))
    return Forecast(levels, rules)
