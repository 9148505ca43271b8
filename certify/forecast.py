"""When time alone will do it: the first date each rule and level holds.

Experience grows with the as-of date (ongoing jobs run to it, periods are cut at
it, degrees count from graduation), and nothing else in a dossier does. Every
threshold is "at least", so once a rule holds it holds on every later date.

Outcomes can change only on the date a months fact first reaches one of its
thresholds (facts.crossings) or a degree starts to count. On such a date the
engine decides every rule, from the band each fact is in on that date (the number
of its thresholds reached), as it decides any dossier; the first of those dates on
which a rule holds is the first date it holds at all. On that date the rule holds;
on the day before it does not (a property test checks both with full evaluations).

Few of those dates need asking about. A rule's status can change only on its own
dates: those on which a months fact it compares reaches the threshold it compares it
with, and, for a rule about degrees, those on which a degree starts to count. It
stands still between them and keeps holding once it holds, so its first date is
found by bisection over its own dates (ruledates.py). The statuses on the as-of date (the caller
has them) say which side of it the date lies; each date asked about then serves
every rule still open, and is chosen to serve as many as it can. A rule that reads
no months fact and no degree is settled without asking.

A rule that reads no project has the same status for every dossier whose dated facts
are in the same bands on a date (the same months bands; the same degrees, modes and
bands of work after them): the statuses the engine gave one such dossier are kept for
the next (without an engine cache, the engine is asked every time).
tests/test_forecast.py checks every result against asking the engine about every date.

A date needs work to go on when the rule or level would not hold on it with every job
stopped on the as-of date, or on today when that is later (Forecast.rules_by_work,
levels_by_work): gaps.py says so then. A date on or before today needs none: the work it
counts is what the dossier records up to today.

`passes_on` is that date when time decides it, and None when time makes no
difference: a rule that fails or needs review however long the applicant keeps
working (a missing project or degree, an unknown fact), or one that holds on every
date the dossier covers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from weakref import WeakKeyDictionary

from .dated import Dated
from .facts import FACTS, ONE_DAY, UNKNOWN, Facts, add_months, crossings
from .operands import normalized_operand
from .ruledates import EVERY_DATE, Reads, choose, dates_of, reads_months
from .ruleset import All, AnyOf, Leaf, Some
from .verdict import PASS

_KEYED = {"degree", "mode", "work_months_after"}  # a degree's facts that the shared statuses are keyed by
_PLANS: WeakKeyDictionary = WeakKeyDictionary()  # engine -> _Plan


@dataclass(frozen=True, slots=True)
class Forecast:
    """The first date each level and each rule holds (None where time makes no difference)."""

    levels: dict  # level number -> date | None
    rules: dict  # rule id -> date | None
    # With editions (--ruleset FOLDER), for a level or rule whose date falls after a later edition takes
    # effect: the meta of the edition in force on that date (not the as-of date's). By number, by id.
    level_editions: dict = field(default_factory=dict)
    rule_editions: dict = field(default_factory=dict)
    # Of those rules, each whose edition then requires otherwise: rule id -> its requirement there (ruleset.Text).
    rule_requirements: dict = field(default_factory=dict)
    # The dates after the as-of date on which a degree the dossier lists is awarded: a rule's date that
    # is one of them is reached by that degree (starting to count), not by more work alone.
    awarded: frozenset = frozenset()
    working: bool = True  # a job runs past the as-of date: experience still grows (the dates assume it goes on)
    # The rules (by id) and levels (by number) whose date needs that work to go on: with every job stopped on
    # the as-of date (or today, when later) they would not hold then. A date a project, a degree or an edition
    # brings alone is not, nor one on or before today (the dossier records the work up to it).
    rules_by_work: frozenset = frozenset()
    levels_by_work: frozenset = frozenset()
    # A rule that fails for good only because jobs end as recorded after the as-of date (endings.py):
    # rule id -> (those end dates, the date it would hold were those jobs to go on). Asked for by the explanation.
    stopped: dict = field(default_factory=dict)
    # A rule whose date one degree's work after it brings: rule id -> (that degree's label, the months). degreedates.py
    degrees: dict = field(default_factory=dict)
    # A rule failing for good that completing projects in progress would change: id -> completing.Completing tuple
    completing: dict = field(default_factory=dict)


ALWAYS = object()  # a first date: it holds on every date the dossier covers


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the forecast needs of an engine's ruleset, worked out once per engine."""

    thresholds: dict  # months fact -> its sorted thresholds (engine.months_thresholds)
    longest: int  # the longest of them
    # Per rule, in ruleset order: what it reads of the dated facts: () nothing, (fact,
    # index) one threshold of one applicant fact, else ruledates.Reads, or EVERY_DATE.
    needs: tuple
    shares: tuple  # per rule: whether its status can be shared (it reads no project; of degrees, only _KEYED)
    rule_ids: tuple
    levels: tuple  # (level number, its first rule's index, the next level's)
    unknown: dict  # every applicant months fact, UNKNOWN: what a dossier without employment has
    shared: dict | None  # (applicant bands, degrees) -> statuses, right for the rules that share
    # A rule (by id) or level (by number) that reads a months fact -> the indices of the rules it holds by
    by_months: dict


def _collect(cond, subject: str, thresholds: dict, found: dict) -> bool:
    """Add what `cond` reads to `found`; False when it reads something not foreseen here."""
    if isinstance(cond, Leaf):
        spec = FACTS.get(f"{subject}.{cond.fact}")
        if spec is None:
            return False
        found["subjects"].add(subject)
        if subject == "education":
            found["degree facts"].update(f for f in (cond.fact, cond.evidence) if f)
        if spec.kind != "months":
            # Not a months fact: the same on every date, except which degrees count,
            # which the "some: education" around it stands for.
            return subject in ("applicant", "education", "projects")
        ts = thresholds.get(f"{subject}.{cond.fact}", [])
        operand = normalized_operand(cond, spec, cond.fact)
        if cond.op != "at_least" or operand not in ts or subject not in ("applicant", "education"):
            return False
        found["applicant" if subject == "applicant" else "after"].add(
            (cond.fact, ts.index(operand)) if subject == "applicant" else ts.index(operand))
        return True
    if isinstance(cond, Some):
        if cond.some not in ("education", "projects"):
            return False
        found["subjects"].add(cond.some)
        return _collect(cond.where, cond.some, thresholds, found)
    if isinstance(cond, (All, AnyOf)):
        parts = cond.all if isinstance(cond, All) else cond.any
        return all(_collect(part, subject, thresholds, found) for part in parts)
    return False


def _plan_of(engine) -> _Plan:
    plan = _PLANS.get(engine)
    if plan is not None:
        return plan
    thresholds = engine.months_thresholds()
    needs, shares, rule_ids, levels = [], [], [], []
    for level in engine.ruleset.levels:
        levels.append((level.level, len(rule_ids), len(rule_ids) + len(level.rules)))
        for rule in level.rules:
            rule_ids.append(rule.id)
            found = {"applicant": set(), "after": set(), "subjects": set(), "degree facts": set()}
            need = EVERY_DATE
            foreseen = _collect(rule.when, "applicant", thresholds, found)
            if foreseen:
                applicant = tuple(sorted(found["applicant"]))
                need = Reads(applicant, "education" in found["subjects"], tuple(sorted(found["after"])))
                if not need.education and len(applicant) < 2:
                    need = applicant[0] if applicant else ()
            needs.append(need)
            shares.append(foreseen and "projects" not in found["subjects"] and found["degree facts"] <= _KEYED)
    unknown = {name.split(".", 1)[1]: UNKNOWN for name in thresholds if name.startswith("applicant.")}
    months = [reads_months(need) for need in needs]
    by_months = {rule: range(i, i + 1) for i, rule in enumerate(rule_ids) if months[i]}
    by_months.update({number: range(start, stop) for number, start, stop in levels if any(months[start:stop])})
    plan = _Plan(thresholds, max((ts[-1] for ts in thresholds.values()), default=0), tuple(needs),
                 tuple(shares), tuple(rule_ids), tuple(levels), unknown,
                 {} if getattr(engine, "use_cache", True) else None, by_months)
    _PLANS[engine] = plan
    return plan


def forecast(engine, dossier, as_of: date, today: tuple[str, ...] | None = None,
             facts: Facts | None = None, later: tuple = (), now: date | None = None) -> Forecast:
    """The first date each rule and level of the engine's ruleset holds for this dossier.

    `today` may give the rules' statuses on `as_of`, and `facts` the dossier's facts
    (facts_of; only its projects are read), already known to the caller. `later` are the
    editions of the standard that take effect after `as_of`, as (effective date, engine) in
    date order: a date on or after one's effective date is judged by the edition then in force.
    `now` is today's date, where it is known: work up to it is what the dossier records, not an assumption.
    """
    rules, levels = first_dates(engine, dossier, as_of, today, facts)
    level_editions, rule_editions = across_editions(rules, levels, later, dossier) if later else ({}, {})
    plain = lambda firsts: {k: None if d is ALWAYS else d for k, d in firsts.items()}  # noqa: E731
    awarded = frozenset(d.graduated for d in dossier.education or () if d.graduated > as_of)
    working = any(job.end is None or job.end > as_of for job in dossier.employment or ())
    rules, levels = plain(rules), plain(levels)
    stop = max(as_of, now) if now else as_of  # work recorded up to it is no assumption
    running = any(job.end is None or job.end > stop for job in dossier.employment or ())
    by_work = _by_work(engine, dossier, stop, rules, levels, later, awarded) if running else ((), ())
    return Forecast(levels, rules, level_editions, rule_editions, {}, awarded, working, *map(frozenset, by_work))


def _by_work(engine, dossier, stop: date, rules: dict, levels: dict, later: tuple, awarded) -> tuple[list, list]:
    """The rules and levels whose first date (after `stop`) needs the jobs running past it to go on: with
    every job stopped on `stop` (the as-of date, or today when later), they would not hold on that date.

    One that reads no months fact needs no work. One that does, on a date no degree is awarded on and no
    edition takes effect, always needs it: it did not hold the day before, and stopped jobs give it no more
    than that day had. On the few dates left the engine is asked, with the jobs stopped.
    """
    starts = {start for start, _ in later}
    first_plan, asked, found = _plan_of(engine), {}, ([], [])
    for which, firsts in enumerate((rules, levels)):
        for key, day in firsts.items():
            if day is None or day <= stop:
                continue
            under, plan = engine, first_plan  # the edition in force on `day`, and its plan
            if later and day >= later[0][0]:
                under = next(edition for start, edition in reversed(later) if start <= day)
                plan = _plan_of(under)
            read = plan.by_months.get(key)
            if read is None:
                continue
            if day in awarded or day in starts:
                row = asked.get((day, id(under)))
                if row is None:
                    jobs = tuple(job if job.end is not None and job.end <= stop else job.model_copy(update={"end": stop})
                                 for job in dossier.employment if job.start <= stop)
                    stopped = dossier.model_copy(update={"employment": jobs})
                    row = asked[(day, id(under))] = Dated(under, plan, stopped, day, crossings(
                        stopped, plan.thresholds, day), None).statuses(day, False)
                if all(row[r] == PASS for r in read):
                    continue
            found[which].append(key)
    return found


def across_editions(rules: dict, levels: dict, later: tuple, dossier) -> tuple[dict, dict]:
    """Each first date moved to where the editions in force then put it (in place); the editions of
    the levels and of the rules whose date falls under a later edition.

    Time runs through spans: the as-of date's edition until the first later one takes
    effect, each later one from its effective date until the next. Within a span a rule
    or level, once it holds, holds to the span's end (as in one edition); its first date is
    therefore the first span's in which it holds at all: there, the later of its first
    date under that edition and the span's start.
    """
    spans = []  # per later edition, when first needed: (start, end, rules, levels, meta)

    def spans_in_order():
        for i, (start, engine) in enumerate(later):
            if i == len(spans):
                end = later[i + 1][0] if i + 1 < len(later) else None
                spans.append((start, end, *first_dates(engine, dossier, start, None, None), engine.loaded.meta))
            yield spans[i]

    def settle(firsts: dict, which: int, editions: dict) -> None:
        for key, d in firsts.items():
            if d is ALWAYS or (d is not None and d < later[0][0]):
                continue  # it holds while the as-of date's edition is in force
            firsts[key] = None
            for start, end, *under, meta in spans_in_order():
                d = under[which].get(key)
                if d is None:
                    continue
                when = start if d is ALWAYS or d <= start else d
                if end is None or when < end:
                    firsts[key] = when
                    editions[key] = meta
                    break

    level_editions: dict = {}
    rule_editions: dict = {}
    settle(rules, 0, rule_editions)
    settle(levels, 1, level_editions)
    return level_editions, rule_editions


def first_dates(engine, dossier, as_of: date, today, facts) -> tuple[dict, dict]:
    """The first date each rule (by id) and level (by number) holds under one engine: a date,
    ALWAYS, or None (never); `today` and `facts` as forecast takes them (endings.py asks it too)."""
    plan = _plan_of(engine)
    graduations = [degree.graduated for degree in dossier.education or ()]
    dates = graduations + [as_of]
    for job in dossier.employment or ():
        dates.append(job.start)
        if job.end:
            dates.append(job.end)
    # Before the first date the dossier mentions nothing has accrued; after the last
    # one plus the longest requirement, nothing more can change.
    low = min(dates) - ONE_DAY if min(dates) > date.min else date.min
    high = add_months(max(dates), plan.longest + 2)
    # When each threshold is reached (None: not by `high`).
    reached = crossings(dossier, plan.thresholds, high)

    # A rule's dates (those on which its status can change, between low and high) cut
    # time into spans: span 0 from `low`, span s from its s-th date; its status is the
    # same all through a span. An open rule is [index, dates, lo, hi]: its first passing
    # span comes after span lo and no later than span hi (its number of dates + 1: none
    # at all). The statuses on as_of tell which side of as_of it is.
    dated = None
    if today is None:
        dated = Dated(engine, plan, dossier, as_of, reached, facts)
        today = dated.statuses(as_of, False)
    first: list = [None] * len(plan.needs)  # low: it holds whatever the date; None: never
    open_ = []
    for r, need in enumerate(plan.needs):
        passes = today[r] == PASS
        if need.__class__ is tuple:  # one threshold of one applicant fact (most rules), or nothing dated
            got = reached.get(need[0]) if need else None
            d = None if got is None else got[need[1]]
            ds = [d] if d is not None and low < d <= high else []
        else:
            ds = dates_of(need, reached, graduations, low, high)
        j = bisect_right(ds, as_of)
        if passes:
            if j:
                open_.append([r, ds, -1, j])
            else:
                first[r] = low
        elif j < len(ds):
            open_.append([r, ds, j, len(ds) + 1])

    shares = plan.shares
    while open_:
        day = choose(open_, low)
        if dated is None:
            dated = Dated(engine, plan, dossier, as_of, reached, facts)
        row = dated.statuses(day, all(shares[rule[0]] for rule in open_))
        still = []
        for rule in open_:
            r, ds, lo, hi = rule
            s = bisect_right(ds, day)
            if row[r] == PASS:
                if s < hi:
                    hi = rule[3] = s
            elif s > lo:
                lo = rule[2] = s
            if hi - lo > 1:
                still.append(rule)
            else:
                first[r] = None if hi > len(ds) else ds[hi - 1] if hi else low
        open_ = still

    # A level holds from the last of its rules' first dates on (each holds from then on).
    rules = dict(zip(plan.rule_ids, [ALWAYS if d is low else d for d in first]))
    levels = {}
    for number, start, stop in plan.levels:
        mine = first[start:stop]
        last = None if None in mine else max(mine)
        levels[number] = ALWAYS if last is low else last
    return rules, levels
