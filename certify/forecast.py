"""When time alone will do it: the first date each rule and level holds.

Experience grows with the as-of date (ongoing jobs run to it, periods are cut at
it, degrees count from graduation), and nothing else in a dossier does. Every
threshold is "at least", so once a rule holds it holds on every later date.

Outcomes can change only on the date a months fact first reaches one of its
thresholds (facts.crossings) or a degree starts to count. On each such date the
engine decides every rule, from the band each fact is in on that date (the number
of its thresholds reached), as it decides any dossier; the first of those dates on
which a rule holds is the first date it holds at all. On that date the rule holds;
on the day before it does not (a property test checks both with full evaluations).

`passes_on` is that date when time decides it, and None when time makes no
difference: a rule that fails or needs review however long the applicant keeps
working (a missing project or degree, an unknown fact), or one that holds on every
date the dossier covers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from .facts import UNKNOWN, Facts, Item, add_months, crossings, facts_of
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


def _in_band(thresholds: list[int], reached: list[date], day: date) -> int:
    """A number of months in the band the fact is in on `day`: the highest threshold reached, or 0.

    `reached` holds the dates the thresholds are reached, in order (a higher one never sooner).
    """
    k = bisect_right(reached, day)
    return thresholds[k - 1] if k else 0


def forecast(engine, dossier, as_of: date, today: tuple[str, ...] | None = None) -> Forecast:
    """The first date each rule and level of the engine's ruleset holds for this dossier.

    `today` may give the rules' statuses on `as_of`, already known to the caller.
    """
    thresholds = engine.months_thresholds()
    dates = _dates_of(dossier) + [as_of]
    longest = max((ts[-1] for ts in thresholds.values()), default=0)
    # Before the first date the dossier mentions nothing has accrued; after the last
    # one plus the longest requirement, nothing more can change.
    low = min(dates) - timedelta(days=1)
    high = add_months(max(dates), longest + 2)
    reached = crossings(dossier, thresholds, high)
    # Keep the dates thresholds are reached by `high`: the later thresholds may never be.
    for name, ds in reached.items():
        reached[name] = ([[d for d in one if d] for one in ds] if name == "education"
                         else [d for d in ds if d])
    changes = {d for ds in reached.get("education", ()) for d in ds if d}
    changes |= {d for fact, ds in reached.items() if fact != "education" for d in ds if d}
    changes |= {degree.graduated for degree in dossier.education or ()}
    points = sorted({low, as_of} | {d for d in changes if low < d <= high})

    # What does not change with the date is read once: the dossier's facts on as_of
    # (projects, each degree's own values) and the projects' comparisons.
    base = facts_of(dossier, as_of)
    projects = base.collections["projects"]
    fixed = {where: outcomes for where, outcomes in engine.decide(base).items() if where[0] == "projects"}
    degrees = [] if dossier.education is None else [
        (degree, {"degree": str(degree.degree), "graduated": degree.graduated, "mode": str(degree.mode)})
        for degree in dossier.education]
    after = thresholds.get("education.work_months_after", [])

    def facts_on(day: date) -> Facts:
        applicant = {name.split(".", 1)[1]: UNKNOWN for name in thresholds if name.startswith("applicant.")}
        for name, ds in reached.items():
            if name != "education" and f"applicant.{name}" in thresholds:
                applicant[name] = _in_band(thresholds[f"applicant.{name}"], ds, day)
        education = UNKNOWN
        if dossier.education is not None:
            education = tuple(
                Item(values["degree"], {**values, "work_months_after": (
                    _in_band(after, reached["education"][k], day) if "education" in reached else UNKNOWN)})
                for k, (degree, values) in enumerate(degrees) if degree.graduated <= day)
        return Facts(day, applicant, {"education": education, "projects": projects})

    now = points.index(as_of)
    table = [today if (i == now and today) else engine.statuses(facts_on(day), fixed)
             for i, day in enumerate(points)]
    # The first date each rule holds (its index among the dates), or None if it never does;
    # a level holds from the last of its rules' first dates on (each holds from then on).
    firsts = [next((i for i, row in enumerate(table) if row[k] == PASS), None) for k in range(len(table[0]))]
    as_date = lambda i: points[i] if i else None  # noqa: E731 - index 0: it holds whatever the date
    rule_ids = [rule.id for level in engine.ruleset.levels for rule in level.rules]
    rules = {rule_id: as_date(firsts[k]) for k, rule_id in enumerate(rule_ids)}
    levels, k = {}, 0
    for lv in engine.ruleset.levels:
        mine = firsts[k:k + len(lv.rules)]
        k += len(lv.rules)
        levels[lv.level] = None if None in mine else as_date(max(mine))
    return Forecast(levels, rules)
