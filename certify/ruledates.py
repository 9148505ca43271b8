"""The dates on which a rule's status can change, and which of them to ask the engine about next.

A rule reads dated facts (Reads; worked out once per engine by forecast.py's plan): months facts, each
compared with one of its thresholds, and degrees, which start to count on their graduation date and have
work after them. Its status can change only on the dates those facts reach those thresholds or a degree starts
to count (dates_of), and forecast.first_dates finds its first date by bisection over them, asking about the
date that serves the most rules still open (choose).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

EVERY_DATE = None  # a rule read in a way not foreseen here: it may change on any date


@dataclass(frozen=True, slots=True)
class Reads:
    """The dated facts a rule's comparisons read."""

    applicant: tuple  # (months fact, index of the threshold among the fact's thresholds)
    education: bool  # about degrees: a degree starting to count can change it
    after: tuple  # indices among education.work_months_after's thresholds


def reads_months(need) -> bool:
    """Whether a rule reading `need` (forecast._Plan's) compares a months fact, which grows only with work."""
    if need is EVERY_DATE:
        return True
    return bool(need) if need.__class__ is tuple else bool(need.applicant or need.after)


def dates_of(need, reached: dict, graduations: list, low: date, high: date) -> list[date]:
    """The dates between low and high on which a rule reading `need` can change status."""
    by_degree = reached.get("education")
    if need is EVERY_DATE:
        ds = [d for fact, got in reached.items() if fact != "education" for d in got] + graduations
        for one in by_degree or ():
            ds += one
    else:
        ds = []
        for fact, i in need.applicant:
            got = reached.get(fact)
            if got is not None:
                ds.append(got[i])
        if need.education:
            ds += graduations
            if by_degree:
                for i in need.after:
                    ds += [one[i] for one in by_degree]
    return sorted({d for d in ds if d is not None and low < d <= high})


def choose(open_: list, low: date) -> date:
    """The date to ask about next: where the middle unsettled spans of the most open rules
    meet (the earliest of equals). An even number of unsettled spans has two middles."""
    starts, ends = [], []
    for _, ds, lo, hi in open_:
        s, t = (lo + hi) // 2, (lo + hi + 1) // 2
        starts.append(ds[s - 1] if s else low)
        ends.append(ds[t] if t < len(ds) else date.max)
    if len(starts) == 1:
        return starts[0]
    starts.sort()
    ends.sort()
    best, most, j = None, 0, 0
    for i, day in enumerate(starts):
        while ends[j] <= day:
            j += 1
        if i + 1 - j > most:
            best, most = day, i + 1 - j
    return best
