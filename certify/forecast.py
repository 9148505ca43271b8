"""When time alone will do it: the first date each rule and level holds.

Experience grows with the as-of date (ongoing jobs run to it, periods are cut at
it, degrees count from graduation), and nothing else in a dossier does. Every
threshold is "at least", so once a rule holds it holds on every later date: the
first date it holds can be found by bisection over days, with the engine deciding
each date under dossier-v1's month arithmetic. On that date the rule holds; on
the day before it does not.

`passes_on` is that date when time decides it, and None when time makes no
difference: a rule that fails or needs review however long the applicant keeps
working (a missing project or degree, an unknown fact), or one that holds on every
date the dossier covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .facts import add_months, facts_of
from .verdict import PASS, level_status


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


class _Timeline:
    """Rule statuses of one dossier on any date, each date asked of the engine once."""

    def __init__(self, engine, dossier) -> None:
        self.engine, self.dossier = engine, dossier
        self.memo: dict[int, dict[str, str]] = {}
        self.levels = [(lv.level, [r.id for r in lv.rules]) for lv in engine.ruleset.levels]

    def rules_on(self, day: int) -> dict[str, str]:
        if day not in self.memo:
            outcomes = self.engine.evaluate(facts_of(self.dossier, date.fromordinal(day)))
            self.memo[day] = {o.rule.id: o.status for o in outcomes}
        return self.memo[day]

    def holds(self, day: int, rule_ids: list[str]) -> bool:
        statuses = self.rules_on(day)
        return level_status(statuses[r] for r in rule_ids) == PASS

    def first_day(self, rule_ids: list[str], low: int, high: int) -> int | None:
        """The first day in (low, high] on which all of `rule_ids` pass, if it is decided by time."""
        if self.holds(low, rule_ids) or not self.holds(high, rule_ids):
            return None
        while high - low > 1:  # invariant: fails on low, holds on high
            mid = (low + high) // 2
            if self.holds(mid, rule_ids):
                high = mid
            else:
                low = mid
        return high


def forecast(engine, dossier, as_of: date) -> Forecast:
    """The first date each rule and level of the engine's ruleset holds for this dossier."""
    timeline = _Timeline(engine, dossier)
    dates = _dates_of(dossier) + [as_of]
    longest = max((leaf.operand for leaf in engine.leaves() if leaf.spec.kind == "months"), default=0)
    # Before the first date the dossier mentions nothing has accrued; after the last
    # one plus the longest requirement, nothing more can change.
    low = (min(dates) - timedelta(days=1)).toordinal()
    high = add_months(max(dates), longest + 2).toordinal()
    rules = {rule_id: timeline.first_day([rule_id], low, high)
             for _, ids in timeline.levels for rule_id in ids}
    levels = {number: timeline.first_day(ids, low, high) for number, ids in timeline.levels}
    as_date = lambda day: date.fromordinal(day) if day is not None else None  # noqa: E731
    return Forecast({n: as_date(d) for n, d in levels.items()}, {r: as_date(d) for r, d in rules.items()})
