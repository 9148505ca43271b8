"""Which degree brings a forecast's date: a rule about degrees whose first date (forecast.py) is the day a
degree's work after it reaches the months the rule asks.

The explanation reads a rule on the as-of date: its readings are about the degrees counted then, and a
degree awarded after it is in none of them. When such a degree is the one whose work after it sets the
date (a bachelor's due next year, six years of work after it), the gap names it beside the date
(gaps.py), or the reader is told why the degree held fails and given a date that has nothing to do with it.
A date the day a degree is awarded is said as such already ("when the degree awarded that day counts").
"""

from __future__ import annotations

from datetime import date

from .dated import Dated
from .facts import crossings, degree_label
from .forecast import _plan_of
from .ruledates import EVERY_DATE
from .verdict import PASS


def degrees_behind(engine, dossier, as_of: date, forecast, later: tuple = ()) -> dict:
    """Rule id -> (the label of the degree whose work after it sets the rule's first date, the months of work
    after it reached on that date), for each rule whose date, after `as_of`, one degree's work after it brings.

    `forecast` is forecast.forecast's answer for this dossier, and `later` the editions it took: a date under a
    later edition is read by that edition's rules (one its taking effect brings is said as such, and left out).
    """
    education = dossier.education or ()
    if not education or dossier.employment is None:
        return {}
    ends = [d for d in forecast.rules.values() if d is not None and d > as_of]
    until = max(ends, default=as_of)
    reached: dict = {}  # per engine: when each degree's work after it reaches each threshold
    found = {}
    for rule, day in forecast.rules.items():
        if day is None or day <= as_of or day in forecast.awarded:
            continue
        under = engine
        if later and day >= later[0][0]:
            start, under = next((start, edition) for start, edition in reversed(later) if start <= day)
            if start == day:
                continue
        plan = _plan_of(under)
        if rule not in plan.rule_ids:
            continue
        r = plan.rule_ids.index(rule)
        need = plan.needs[r]
        if need is not EVERY_DATE and (need.__class__ is tuple or not need.education):
            continue  # not about degrees
        thresholds = plan.thresholds.get("education.work_months_after", [])
        indices = range(len(thresholds)) if need is EVERY_DATE else need.after
        if id(under) not in reached:
            reached[id(under)] = crossings(dossier, plan.thresholds, until).get("education") or ()
        candidates = [(k, thresholds[i]) for k, dates in enumerate(reached[id(under)]) for i in indices
                      if dates[i] == day]
        if len(candidates) > 1:  # two degrees reach their months the same day: the one the rule holds by alone
            candidates = [(k, months) for k, months in candidates
                          if _holds_by(under, plan, dossier, as_of, education[k], day, r)] or candidates
        if candidates:
            k, months = candidates[0]
            found[rule] = (degree_label(education[k]), months)
    return found


def _holds_by(engine, plan, dossier, as_of: date, degree, day: date, r: int) -> bool:
    """Whether rule `r` holds on `day` with `degree` the dossier's only one."""
    alone = dossier.model_copy(update={"education": (degree,)})
    return Dated(engine, plan, alone, as_of, crossings(alone, plan.thresholds, day), None).statuses(day, False)[r] == PASS
