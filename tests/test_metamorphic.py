"""Metamorphic properties: how a verdict must (not) move when a dossier changes.

The differential test checks rule outcomes against an oracle that reads the same
facts; here the facts are rebuilt day by day, independently of certify.facts, and
verdicts are compared across related dossiers: more experience, a later date or the
same lists in another order never take a pass away (dossier-v1 sections 3 and 4).
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certify.check import evaluate
from certify.dossier import dossier_from_data
from certify.facts import UNKNOWN, add_months, facts_of
from test_differential import TODAY, engines, small_dossiers

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ONE_DAY = timedelta(days=1)


def days_months(periods: list[tuple[date, date]]) -> int:
    """Completed months over the days the periods cover: each run of consecutive days counts alone."""
    days = sorted({start + timedelta(days=k) for start, end in periods for k in range((end - start).days + 1)})
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][1] + ONE_DAY == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    total = 0
    for first, last in runs:
        m = 0
        while add_months(first, m + 1) <= last + ONE_DAY:
            m += 1
        total += m
    return total


@st.composite
def careers(draw) -> dict:
    """A dossier of jobs that follow, abut or overlap each other, on month ends and leap days too."""
    start = add_months(date(2009, 12, 31), draw(st.integers(0, 120))) + timedelta(days=draw(st.sampled_from([0, 1, 15])))
    jobs = []
    for _ in range(draw(st.integers(0, 4))):
        end = add_months(start, draw(st.integers(0, 30))) + timedelta(days=draw(st.sampled_from([-1, 0, 10, 20])))
        end = max(end, start)
        job = {"start": start, "sales": draw(st.booleans()), "it": draw(st.booleans())}
        if draw(st.integers(0, 4)):
            job["end"] = end
        jobs.append(job)
        start = end + timedelta(days=draw(st.sampled_from([1, 1, 1, 2, -10])))  # next day, a gap, overlap
    education = [{"degree": "bachelor", "graduated": add_months(date(2010, 1, 31), draw(st.integers(0, 150))),
                  "mode": draw(st.sampled_from(["full_time", "part_time"]))} for _ in range(draw(st.integers(0, 2)))]
    as_of = add_months(date(2012, 2, 29), draw(st.integers(0, 150))) - timedelta(days=draw(st.sampled_from([0, 1])))
    return {"applicant": {"id": "M1"}, "as_of": as_of, "employment": jobs, "education": education}


@SETTINGS
@given(st.one_of(careers(), small_dossiers()))
def test_facts_are_the_months_of_the_days_worked(data):
    dossier = dossier_from_data(data)
    as_of = dossier.as_of or TODAY
    facts = facts_of(dossier, as_of)
    if dossier.employment is None:
        assert facts.applicant["work_months"] is UNKNOWN
        return

    def worked(keep, since=date.min):
        return [(max(j.start, since), min(j.end or as_of, as_of)) for j in dossier.employment
                if keep(j) and j.start <= as_of and min(j.end or as_of, as_of) >= since]

    work = days_months(worked(lambda j: True))
    assert facts.applicant["work_months"] == work
    assert facts.applicant["sales_months"] == days_months(worked(lambda j: j.sales))
    assert facts.applicant["it_sales_months"] == days_months(worked(lambda j: j.sales and j.it))
    held = [g for g in dossier.education or () if g.graduated <= as_of]
    for degree, item in zip(held, facts.collections["education"] or (), strict=True):
        after = work if str(degree.mode) == "part_time" else days_months(worked(lambda j: True, degree.graduated))
        assert item.values["work_months_after"] == after, degree


def _verdict(data: dict, as_of: date | None = None):
    return evaluate(engines()[1], dossier_from_data(data), as_of=as_of, today=TODAY)


def _statuses(verdict) -> dict[str, str]:
    return {o.rule.id: o.status for lv in verdict.levels for o in lv.rules}


def _no_pass_lost(before, after, change: str) -> None:
    was, now = _statuses(before), _statuses(after)
    lost = [rule for rule, status in was.items() if status == "pass" and now[rule] != "pass"]
    assert not lost, f"{change}: {lost} no longer pass"
    assert after.qualified_level >= before.qualified_level, change


@SETTINGS
@given(small_dossiers(), small_dossiers(), st.integers(1, 3000), st.data())
def test_more_experience_or_a_later_date_never_takes_a_pass_away(data, more, days, draw):
    base = _verdict(data)
    # More degrees, jobs or projects in a list already given.
    grown = copy.deepcopy(data)
    for key in ("education", "employment", "projects"):
        if grown.get(key) is not None and more.get(key):
            grown[key] += copy.deepcopy(more[key])
    _no_pass_lost(base, _verdict(grown), "items added")
    # A job that ends later, or is still going on.
    jobs = data.get("employment") or []
    ended = [k for k, job in enumerate(jobs) if "end" in job]
    if ended:
        longer = copy.deepcopy(data)
        job = longer["employment"][draw.draw(st.sampled_from(ended))]
        if draw.draw(st.booleans()):
            del job["end"]
        else:
            job["end"] += timedelta(days=days)
        _no_pass_lost(base, _verdict(longer), "a job ends later")
    # The same dossier judged later.
    as_of = base.as_of
    _no_pass_lost(base, _verdict(data, as_of + timedelta(days=days)), "a later as-of date")


@SETTINGS
@given(small_dossiers(), st.randoms(use_true_random=False))
def test_the_order_of_a_dossiers_lists_changes_no_outcome(data, rnd):
    shuffled = copy.deepcopy(data)
    for key in ("education", "employment", "projects"):
        if shuffled.get(key):
            rnd.shuffle(shuffled[key])
    before, after = _verdict(data), _verdict(shuffled)
    assert _statuses(after) == _statuses(before)
    assert [lv.status for lv in after.levels] == [lv.status for lv in before.levels]
    assert after.qualified_level == before.qualified_level
