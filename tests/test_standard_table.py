"""The standard's table (dossier-v1 section 1), transcribed here apart from rulesets/kam-2014.yaml.

The differential test's oracle reads the bundled ruleset, so a threshold mistyped there (8 years for
8, 碩8 written as 本8, 500万 as 499.99万) would be shared by the engine and the oracle, and only a
worked example sitting on that threshold would notice. Here each level's requirements are written
again from the spec's table, and for each one a dossier that meets it exactly passes the level while
the same dossier one month, one fen or one degree short fails it, on that requirement alone.

The dossiers are built with plain date arithmetic (the as-of date is a month's last day, so that
"N months before the day after it" is the 1st of a month), not with certify.facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from certify.check import evaluate
from certify.dossier import dossier_from_data
from certify.engine import Engine
from certify.ruleset import load_ruleset

AS_OF = date(2030, 6, 30)
SEVEN = ["discovery", "technical_exchange", "procurement", "contract_signing", "contract_execution",
         "payment_collection", "acceptance"]
PLENTY = 30 * 12  # months of anything, far over every threshold


@dataclass(frozen=True)
class Level:
    """One row of dossier-v1 section 1's table."""

    level: int
    bachelor_years: int  # 本N
    master_years: int | None  # 碩N, where the level offers it
    sales_years: int
    it_sales_years: int | None  # level 1 only
    amount_yuan: int | None  # levels 2-4: a led, completed project of at least this
    designations: tuple[str, ...]  # what a level accepts in place of the amount (with the committee's reference)


TABLE = (
    Level(1, 2, None, 3, 1, None, ()),
    Level(2, 4, None, 5, None, 1_000_000, ()),
    Level(3, 6, 4, 8, None, 5_000_000, ("industry_large", "industry_key")),
    Level(4, 10, 8, 10, None, 10_000_000, ("industry_key",)),
)


def since(months: int) -> str:
    """The start of a job running to AS_OF that holds exactly `months` completed months (AS_OF + 1 day - months)."""
    year, month0 = divmod(2030 * 12 + 6 - months, 12)  # 2030-07-01 is AS_OF + 1 day; month0: 0-11
    return date(year, month0 + 1, 1).isoformat()


def dossier(*, sales: int = PLENTY, it_sales: int = PLENTY, degrees=(("bachelor", PLENTY), ("master", PLENTY)),
            project: dict | None = None) -> dict:
    """A dossier as of AS_OF: work of any kind since long ago, `sales` months in sales of which `it_sales` in IT,
    each degree with its months of work after it, and one project (by default led, completed, all seven
    stages, 10亿)."""
    jobs = [{"start": since(PLENTY + 60), "sales": False},  # work, not sales: it counts after every degree
            {"start": since(sales), "sales": True, "it": False},
            {"start": since(it_sales), "sales": True, "it": True}]
    education = [{"degree": kind, "graduated": since(months)} for kind, months in degrees]
    project = {"name": "P", "role": "lead", "status": "completed", "amount": 1_000_000_000, "stages": SEVEN,
               **(project or {})}
    return {"applicant": {"id": "T1"}, "as_of": AS_OF.isoformat(), "education": education,
            "employment": jobs, "projects": [project]}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_ruleset())


def judged(engine: Engine, data: dict, level: Level) -> tuple[str, list[str]]:
    """The level's status and the clauses of its rules that do not pass."""
    outcome = evaluate(engine, dossier_from_data(data)).level(level.level)
    return outcome.status, [rule.rule.clause for rule in outcome.rules if rule.status != "pass"]


def cases(level: Level):
    """(what, dossier that meets it exactly, the same one short, the clause the short one fails)."""
    months = 12 * level.bachelor_years
    yield (f"本{level.bachelor_years}", dossier(degrees=[("bachelor", months)]),
           dossier(degrees=[("bachelor", months - 1)]), "2.1 学历")
    yield ("a doctorate meets 本N", dossier(degrees=[("doctorate", months)]),
           dossier(degrees=[("associate", PLENTY)]), "2.1 学历")
    if level.master_years is not None:
        months = 12 * level.master_years
        yield (f"碩{level.master_years}", dossier(degrees=[("master", months)]),
               dossier(degrees=[("master", months - 1)]), "2.1 学历")
        yield (f"碩{level.master_years} is not 本{level.master_years}", dossier(degrees=[("master", months)]),
               dossier(degrees=[("bachelor", months)]), "2.1 学历")
    months = 12 * level.sales_years
    yield (f"{level.sales_years} years in sales", dossier(sales=months, it_sales=min(months, PLENTY)),
           dossier(sales=months - 1, it_sales=min(months - 1, PLENTY)), "2.1 岗位经验")
    if level.it_sales_years is not None:
        months = 12 * level.it_sales_years
        yield (f"{level.it_sales_years} year in IT sales", dossier(it_sales=months),
               dossier(it_sales=months - 1), "2.1 岗位经验")
    if level.amount_yuan is None:
        yield ("the seven stages, whatever the role and status",
               dossier(project={"role": "member", "status": "lost"}),
               dossier(project={"stages": SEVEN[:-1]}), f"2.2 销售经验 {level.level}级")
        return
    clause = f"2.2 销售经验 {level.level}级"
    yield (f"{level.amount_yuan} yuan", dossier(project={"amount": level.amount_yuan}),
           dossier(project={"amount": f"{level.amount_yuan - 1}.99"}), clause)
    yield ("led, not taken part in", dossier(), dossier(project={"role": "member"}), clause)
    for status in ("in_progress", "lost", "cancelled"):
        yield (f"completed, not {status}", dossier(), dossier(project={"status": status}), clause)
    for designation in ("industry_large", "industry_key"):
        recognised = dossier(project={"amount": 0, "designation": designation, "designation_ref": "纪要 2030-01号"})
        if designation in level.designations:
            claimed = dossier(project={"amount": 0, "designation": designation})
            yield (f"{designation} with its reference", recognised, None, clause)
            yield (f"{designation} without its reference is a claim", None, claimed, clause)
        else:
            yield (f"{designation} is not accepted", None, recognised, clause)


@pytest.mark.parametrize("level", TABLE, ids=[f"level {lv.level}" for lv in TABLE])
def test_each_requirement_of_the_table_holds_at_its_threshold_and_not_one_short(engine, level):
    assert judged(engine, dossier(), level) == ("pass", [])
    for what, meets, short, clause in cases(level):
        if meets is not None:
            assert judged(engine, meets, level) == ("pass", []), f"level {level.level}, {what}: should pass"
        if short is not None:
            # A claim without the committee's reference is to be verified; anything else short fails.
            status = "review" if what.endswith("is a claim") else "fail"
            assert judged(engine, short, level) == (status, [clause]), f"level {level.level}, {what}: should {status}"
