"""Dated arithmetic on a dossier (dossier-v1 section 3): months, merging, as-of cuts, facts."""

from __future__ import annotations

import copy
import pickle
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certify.dossier import (
    DEGREE_ORDER, Applicant, Degree, Designation, Dossier, Education, Employment, Project,
    Role, Stage, Status, StudyMode,
)
from certify.facts import (
    FACTS, UNKNOWN, Facts, Item, Unknown, add_months, completed_months, crossings, facts_of,
    merge_periods, resolve_as_of, total_months,
)

D = date.fromisoformat
ALL_STAGES = tuple(Stage)


def job(start, end=None, *, sales=True, it=False):
    return Employment(start=D(start), end=D(end) if end else None, sales=sales, it=it)


def degree(kind, graduated, mode="full_time"):
    return Education(degree=Degree(kind), graduated=D(graduated), mode=StudyMode(mode))


def project(name="P", **fields):
    fields.setdefault("role", Role.lead)
    fields.setdefault("status", Status.completed)
    return Project(name=name, **fields)


def dossier(*, education=None, employment=None, projects=None, as_of=None):
    return Dossier(applicant=Applicant(id="T1"), as_of=as_of, education=education,
                   employment=employment, projects=projects)


def months(start, end):
    return completed_months(D(start), D(end))


# --- month arithmetic ---------------------------------------------------------------------

@pytest.mark.parametrize("start, end, expected", [
    ("2020-01-01", "2022-12-31", 36),
    ("2020-01-15", "2023-01-14", 36),
    ("2020-01-15", "2023-01-13", 35),
])
def test_spec_month_examples(start, end, expected):
    assert months(start, end) == expected


def test_add_months_clamps_to_month_end():
    assert add_months(D("2020-01-31"), 1) == D("2020-02-29")
    assert add_months(D("2021-01-31"), 1) == D("2021-02-28")
    assert add_months(D("2020-01-31"), 3) == D("2020-04-30")
    assert add_months(D("2020-02-29"), 12) == D("2021-02-28")
    assert add_months(D("2020-02-29"), 48) == D("2024-02-29")
    assert add_months(D("2020-11-30"), 14) == D("2022-01-30")
    assert add_months(D("2020-03-31"), -1) == D("2020-02-29")


def test_start_on_the_31st():
    # Jan 31 + 1 month clamps to Feb 29 (2020), so the month completes on Feb 28: end + 1 day
    # = Feb 29 is not before it. One day earlier it has not completed.
    assert months("2020-01-31", "2020-02-28") == 1
    assert months("2020-01-31", "2020-02-27") == 0
    # 2021 is not a leap year: Jan 31 + 1 month is Feb 28, reached by end + 1 day = Feb 28.
    assert months("2021-01-31", "2021-02-27") == 1
    assert months("2021-01-31", "2021-02-26") == 0
    # Mar 31 + 1 month is Apr 30: the month completes on Apr 29.
    assert months("2021-03-31", "2021-04-29") == 1
    assert months("2021-03-31", "2021-04-28") == 0


def test_start_on_a_leap_day():
    # 2020-02-29 + 12 months clamps to 2021-02-28, which is <= end + 1 day (2021-03-01): 12.
    # Since the clamped anniversary is Feb 28, the year completes when end + 1 day reaches it,
    # i.e. on 2021-02-27: the definition gives a leap-day start its year one day early.
    assert months("2020-02-29", "2021-02-28") == 12
    assert months("2020-02-29", "2021-02-27") == 12
    assert months("2020-02-29", "2021-02-26") == 11
    # Four years on, Feb 29 exists again and no clamping happens.
    assert months("2020-02-29", "2024-02-28") == 48
    assert months("2020-02-29", "2024-02-27") == 47


def test_leap_days_inside_a_period_are_just_days():
    assert months("2020-02-01", "2020-02-29") == 1
    assert months("2020-02-01", "2020-02-28") == 0
    assert months("2019-03-01", "2020-02-29") == 12
    assert months("2019-03-01", "2020-02-28") == 11


def test_2000_has_a_leap_day_and_1900_and_2100_have_none():
    # The Gregorian rule: a century is a leap year only when divisible by 400.
    assert add_months(D("2000-01-31"), 1) == D("2000-02-29")
    assert add_months(D("1900-01-31"), 1) == D("1900-02-28")
    assert add_months(D("2100-01-31"), 1) == D("2100-02-28")
    # Jan 30 + 1 month is Feb 29 in 2000, reached by end + 1 day only on Feb 29 itself.
    assert months("2000-01-30", "2000-02-28") == 1
    assert months("2000-01-30", "2000-02-27") == 0
    assert months("2100-01-30", "2100-02-27") == 1


def test_short_and_empty_periods():
    assert months("2020-05-10", "2020-05-10") == 0  # one day
    assert months("2020-05-10", "2020-06-09") == 1
    assert months("2020-05-10", "2020-05-09") == 0  # empty: end + 1 day == start
    assert months("2020-05-10", "2020-01-01") == 0  # reversed: no negative months


# --- merging ------------------------------------------------------------------------------

def test_adjacent_periods_merge():
    periods = [(D("2020-07-01"), D("2020-12-31")), (D("2020-01-01"), D("2020-06-30"))]
    assert merge_periods(periods) == [(D("2020-01-01"), D("2020-12-31"))]
    assert total_months(periods) == 12


def test_overlapping_periods_count_once():
    periods = [(D("2020-01-01"), D("2021-12-31")), (D("2020-06-01"), D("2020-08-31")),
               (D("2021-06-01"), D("2022-12-31"))]
    assert merge_periods(periods) == [(D("2020-01-01"), D("2022-12-31"))]
    assert total_months(periods) == 36


def test_a_one_day_gap_does_not_merge():
    periods = [(D("2020-01-01"), D("2020-06-30")), (D("2020-07-02"), D("2020-12-31"))]
    assert len(merge_periods(periods)) == 2
    # Jan-Jun is 6 months; Jul 2 - Dec 31 is 5 (Jul 2 + 6 months = Jan 2 > Jan 1).
    # One day off costs a whole month, because each piece counts only its completed months.
    assert total_months(periods) == 11


# --- the as-of date -----------------------------------------------------------------------

def test_resolve_as_of_order():
    with_date = dossier(as_of=D("2023-06-30"))
    today = D("2025-01-01")
    assert resolve_as_of(D("2020-01-01"), with_date, today) == D("2020-01-01")
    assert resolve_as_of(None, with_date, today) == D("2023-06-30")
    assert resolve_as_of(None, dossier(), today) == today


def test_periods_are_cut_at_as_of_and_later_ones_ignored():
    d = dossier(employment=(job("2020-01-01", "2025-12-31"), job("2024-01-01", "2024-12-31")))
    facts = facts_of(d, D("2022-12-31"))
    assert isinstance(facts, Facts)
    assert facts.applicant["sales_months"] == 36
    assert facts.as_of == D("2022-12-31")


def test_ongoing_employment_runs_to_as_of():
    d = dossier(employment=(job("2018-07-01"),))
    assert facts_of(d, D("2023-06-30")).applicant["sales_months"] == 60
    assert facts_of(d, D("2023-06-29")).applicant["sales_months"] == 59


def test_kinds_of_tenure():
    d = dossier(employment=(
        job("2010-01-01", "2011-12-31", sales=False, it=True),  # IT, not sales
        job("2012-01-01", "2013-12-31", sales=True, it=False),
        job("2014-01-01", "2014-12-31", sales=True, it=True),
    ))
    assert facts_of(d, D("2020-01-01")).applicant == {
        "work_months": 60, "sales_months": 36, "it_sales_months": 12}


def test_employment_absent_is_unknown_empty_is_zero():
    absent = facts_of(dossier(education=(degree("bachelor", "2010-07-01"),)), D("2020-01-01"))
    assert absent.applicant == dict.fromkeys(("work_months", "sales_months", "it_sales_months"), UNKNOWN)
    assert absent.collections["education"][0].values["work_months_after"] is UNKNOWN
    empty = facts_of(dossier(employment=(), education=(degree("bachelor", "2010-07-01"),)),
                     D("2020-01-01"))
    assert empty.applicant == {"work_months": 0, "sales_months": 0, "it_sales_months": 0}
    assert empty.collections["education"][0].values["work_months_after"] == 0


# --- education ----------------------------------------------------------------------------

def test_degrees_after_as_of_are_left_out():
    d = dossier(education=(degree("bachelor", "2012-07-01"), degree("master", "2024-06-30")),
                employment=())
    items = facts_of(d, D("2023-12-31")).collections["education"]
    assert [item.label for item in items] == ["bachelor 2012-07-01"]
    assert items[0].values == {"degree": "bachelor", "graduated": D("2012-07-01"),
                               "mode": "full_time", "work_months_after": 0}
    assert facts_of(d, D("2024-06-30")).collections["education"][1].label == "master 2024-06-30"


def test_a_job_started_before_graduation_is_cut_to_graduation():
    d = dossier(education=(degree("master", "2015-07-01"),),
                employment=(job("2012-07-01", "2017-06-30", sales=False),
                            job("2009-01-01", "2010-12-31")))
    item = facts_of(d, D("2020-01-01")).collections["education"][0]
    assert item.values["work_months_after"] == 24  # 2015-07-01..2017-06-30; 2009-2010 drops out


def test_a_part_time_degree_counts_earlier_work():
    d = dossier(education=(degree("master", "2015-07-01", "part_time"),
                           degree("bachelor", "2010-07-01")),
                employment=(job("2008-01-01", "2017-12-31", sales=False),))
    master, bachelor = facts_of(d, D("2020-01-01")).collections["education"]
    assert master.values["mode"] == "part_time"
    assert master.values["work_months_after"] == 120  # all of it, before and after
    assert bachelor.values["work_months_after"] == 90  # 2010-07-01..2017-12-31


def test_a_part_time_degree_reaches_a_threshold_of_work_no_earlier_than_its_graduation():
    # The work before a part-time degree counts, but only from the day the degree is awarded.
    d = dossier(education=(degree("master", "2015-07-01", "part_time"), degree("bachelor", "2010-07-01")),
                employment=(job("2008-01-01"),))
    reached = crossings(d, {"education.work_months_after": [24, 120]}, D("2030-01-01"))
    master, bachelor = reached["education"]
    assert master == [D("2015-07-01"), D("2017-12-31")]  # 24 months by 2009-12-31, but awarded in 2015
    assert bachelor == [D("2012-06-30"), D("2020-06-30")]


def test_the_day_a_tenure_is_reached_is_found_whatever_the_order_the_jobs_are_listed_in():
    # A CV lists its newest job first, here one that starts after the day asked about: the older jobs
    # listed after it still count.
    newest_first = dossier(employment=(job("2031-01-01"), job("2015-01-01", "2030-12-31")))
    assert crossings(newest_first, {"applicant.sales_months": [36]}, D("2020-01-01"))["sales_months"] == [
        D("2017-12-31")]
    # A job that starts on the last day asked about carries on the one that ended the day before: on that
    # day the three years are complete, as facts_of says.
    moved = dossier(employment=(job("2017-01-01", "2019-12-30"), job("2019-12-31")))
    assert facts_of(moved, D("2019-12-31")).applicant["sales_months"] == 36
    assert facts_of(moved, D("2019-12-30")).applicant["sales_months"] == 35
    assert crossings(moved, {"applicant.sales_months": [36]}, D("2019-12-31"))["sales_months"] == [D("2019-12-31")]


def test_education_absent_is_unknown_empty_is_empty():
    assert facts_of(dossier(), D("2020-01-01")).collections["education"] is UNKNOWN
    assert facts_of(dossier(education=()), D("2020-01-01")).collections["education"] == ()


# --- projects -----------------------------------------------------------------------------

def test_project_values():
    p = project("市医保信息平台", amount=Decimal("1200000"), stages=ALL_STAGES,
                designation=Designation.industry_key, designation_ref="纪要 2025-11")
    (item,) = facts_of(dossier(projects=(p,)), D("2020-01-01")).collections["projects"]
    assert item == Item("市医保信息平台", {
        "role": "lead", "status": "completed", "amount": Decimal("1200000"),
        "designation": "industry_key", "designation_ref": "纪要 2025-11",
        "stages": frozenset(("discovery", "technical_exchange", "procurement", "contract_signing",
                             "contract_execution", "payment_collection", "acceptance")),
    })
    assert all(type(v) is str for k, v in item.values.items() if k in ("role", "status", "designation"))


def test_project_absent_fields():
    (item,) = facts_of(dossier(projects=(project(role=Role.member, status=Status.lost),)),
                       D("2020-01-01")).collections["projects"]
    assert item.values["amount"] is UNKNOWN
    assert item.values["stages"] is UNKNOWN
    assert item.values["designation"] is None  # no designation is known, not unknown
    assert item.values["designation_ref"] is None
    (empty,) = facts_of(dossier(projects=(project(stages=()),)), D("2020-01-01")).collections["projects"]
    assert empty.values["stages"] == frozenset()


def test_projects_absent_is_unknown_empty_is_empty():
    assert facts_of(dossier(), D("2020-01-01")).collections["projects"] is UNKNOWN
    assert facts_of(dossier(projects=()), D("2020-01-01")).collections["projects"] == ()


# --- UNKNOWN and the catalogue ------------------------------------------------------------

def test_unknown_is_one_falsy_object():
    assert not UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"
    assert Unknown() is UNKNOWN
    assert pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert copy.deepcopy({"x": UNKNOWN})["x"] is UNKNOWN
    facts = facts_of(dossier(), D("2020-01-01"))
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_catalogue_covers_every_fact():
    facts = facts_of(dossier(education=(degree("bachelor", "2010-07-01"),), employment=(),
                             projects=(project(),)), D("2020-01-01"))
    produced = {f"applicant.{name}" for name in facts.applicant}
    for subject, items in facts.collections.items():
        produced |= {f"{subject}.{name}" for name in items[0].values}
    assert set(FACTS) == produced
    for key, spec in FACTS.items():
        assert key == f"{spec.subject}.{spec.name}"
        assert spec.en and spec.zh
        assert bool(spec.choices) == (spec.kind in ("degree", "choice", "set"))
    assert FACTS["education.degree"].choices == DEGREE_ORDER
    assert FACTS["projects.stages"].choices == tuple(s.value for s in Stage)
    assert FACTS["applicant.sales_months"].zh == "销售工作经历"


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=D("1990-01-01"), max_value=D("2040-12-31"))


def brute_force_months(start, end):
    m = 0
    while add_months(start, m + 1) <= end + timedelta(days=1):
        m += 1
    return m


@settings(max_examples=500)
@given(days, days)
def test_completed_months_matches_brute_force(a, b):
    start, end = min(a, b), max(a, b)
    assert completed_months(start, end) == brute_force_months(start, end)


@given(st.lists(st.tuples(days, days).map(sorted).map(tuple), min_size=1, max_size=8),
       st.randoms(use_true_random=False))
def test_total_months_order_independent_and_bounded(periods, rnd: random.Random):
    total = total_months(periods)
    shuffled = list(periods)
    rnd.shuffle(shuffled)
    assert total_months(shuffled) == total
    span = completed_months(min(s for s, _ in periods), max(e for _, e in periods))
    assert 0 <= total <= span


# --- the spec's worked examples, through the real loader ----------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"


@pytest.mark.parametrize("name, as_of, sales, it_sales, after", [
    ("li-na.yaml", "2023-06-30", 60, 60, [60]),
    ("wang-qiang.yaml", "2023-06-29", 59, 59, [59]),
    ("zhao-min.yaml", "2026-12-31", 139, 139, [139, 66]),
    ("chen-jie.yaml", "2026-12-31", 197, 197, [197]),
    ("sun-li.yaml", "2026-12-31", 101, 101, [101]),
    ("zhou-yang.yaml", "2026-12-31", UNKNOWN, UNKNOWN, [UNKNOWN]),
])
def test_spec_examples(name, as_of, sales, it_sales, after):
    load = pytest.importorskip("certify.load")
    if not hasattr(load, "load_dossier"):
        pytest.skip("certify.load has no load_dossier yet")
    if not (EXAMPLES / name).exists():
        pytest.skip("spec examples not found")
    d = load.load_dossier(EXAMPLES / name)
    facts = facts_of(d, resolve_as_of(None, d, date.today()))
    assert facts.as_of == D(as_of)
    assert facts.applicant["sales_months"] == sales
    assert facts.applicant["it_sales_months"] == it_sales
    assert [i.values["work_months_after"] for i in facts.collections["education"]] == after
