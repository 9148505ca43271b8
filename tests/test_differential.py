"""The durable-rules engine, cached and uncached, against an independent oracle (tests/oracle.py).

Generated dossiers crowd the thresholds (certify.synthetic), hypothesis adds small
odd ones, and each rule's outcome must be the oracle's. The last tests show that the
cache never mixes up two dossiers, that durable-rules really decides, and that this
comparison would notice a threshold that is off.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certify.check import evaluate as check_evaluate
from certify.dossier import dossier_from_data
from certify.engine import Engine
from certify.explain import explain
from certify.facts import UNKNOWN, add_months, facts_of, resolve_as_of
from certify.load import load_dossier
from certify.ruleset import DEFAULT_RULESET, LoadedRuleset, load_ruleset, parse_ruleset
from certify.synthetic import DEFAULT_AS_OF, synthetic_dossiers, write_dossier_files
from oracle import oracle_levels, oracle_outcomes

# A dossier without as_of is evaluated as of this day, so results never depend on the clock.
TODAY = DEFAULT_AS_OF
D = date.fromisoformat


@functools.cache
def ruleset() -> LoadedRuleset:
    return load_ruleset()


@functools.cache
def engines() -> tuple[Engine, Engine]:
    """An uncached and a cached engine, shared by the tests (the cache fills as they run)."""
    return Engine(ruleset(), cache=False), Engine(ruleset())


def facts_for(data: dict):
    dossier = dossier_from_data(data)
    return dossier, facts_of(dossier, resolve_as_of(None, dossier, TODAY))


def _shown(data: dict, facts) -> str:
    dossier = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"--- dossier ---\n{dossier}--- facts ---\n{facts}"


def assert_agrees(engine: Engine, data: dict, *, oracle_ruleset=None, name: str = "engine") -> dict[str, str]:
    """Every rule's outcome from `engine` is the oracle's; the oracle's outcomes are returned."""
    dossier, facts = facts_for(data)
    expected = oracle_outcomes(oracle_ruleset or ruleset(), facts)
    outcomes = engine.evaluate(facts)
    assert [o.rule.id for o in outcomes] == list(expected), "the engine's outcomes are not in ruleset order"
    for outcome in outcomes:
        want = expected[outcome.rule.id]
        if outcome.status != want:
            raise AssertionError(
                f"{dossier.applicant.id}: rule {outcome.rule.id}: {name} says {outcome.status!r}, "
                f"the oracle says {want!r}\n{_shown(data, facts)}")
    return expected


def assert_verdict_agrees(engine: Engine, data: dict, expected: dict[str, str]) -> None:
    """certify.check's levels and qualified level are the oracle's rule outcomes combined (section 4)."""
    dossier = dossier_from_data(data)
    verdict = check_evaluate(engine, dossier, today=TODAY)
    levels, qualified = oracle_levels(ruleset(), expected)
    got = {lv.number: lv.status for lv in verdict.levels}
    where = f"{dossier.applicant.id}: levels {got} (qualified {verdict.qualified_level}), " \
            f"oracle {levels} (qualified {qualified})\n{_shown(data, verdict.as_of)}"
    assert got == levels, where
    assert verdict.qualified_level == qualified, where
    target = dossier.applicant.target_level
    assert verdict.target_status == (levels[target] if target else None), where


def assert_same_explanations(uncached: Engine, cached: Engine, data: dict) -> None:
    """The cache changes nothing a person reads: every rule's readings and alternatives are the same."""
    dossier, facts = facts_for(data)
    for a, b in zip(uncached.evaluate(facts), cached.evaluate(facts)):
        assert (a.readings, a.alternatives) == (b.readings, b.alternatives), \
            f"{dossier.applicant.id}: rule {a.rule.id} is explained differently with the cache\n{_shown(data, facts)}"


def check_all_ways(data: dict) -> None:
    uncached, cached = engines()
    expected = assert_agrees(uncached, data, name="engine (cache=False)")
    assert assert_agrees(cached, data, name="engine (cached)") == expected
    assert_same_explanations(uncached, cached, data)
    assert_verdict_agrees(cached, data, expected)


# ---- 1. generated dossiers, and hypothesis's ----

def test_generated_dossiers_agree_with_the_oracle():
    for data in synthetic_dossiers(1500, seed=1):
        check_all_ways(data)


def _month_counts():
    thresholds = [t + d for t in (12, 24, 36, 48, 60, 72, 96, 120) for d in (-1, 0, 1)]
    return st.one_of(st.sampled_from(thresholds), st.integers(0, 160))


@st.composite
def small_dossiers(draw) -> dict:
    """Dossiers of a few items each, their months and amounts often on or beside a threshold."""
    as_of = draw(st.sampled_from([None, DEFAULT_AS_OF, D("2024-02-29"), D("2025-01-31")]))
    anchor = as_of or TODAY

    def months_back(last: date) -> date:
        """A day from which `last` is a threshold-ish number of months, give or take a day."""
        return add_months(last + timedelta(days=1), -draw(_month_counts())) + \
            timedelta(days=draw(st.sampled_from([0, 0, -1, 1])))

    def job() -> dict:
        end = anchor + timedelta(days=draw(st.sampled_from([0, 0, -1, -45, -400, 30])))
        start = min(months_back(end), end)
        item: dict = {"start": start}
        if draw(st.booleans()):
            item["end"] = end
        item.update(sales=draw(st.booleans()), it=draw(st.booleans()))
        return item

    def degree() -> dict:
        item = {"degree": draw(st.sampled_from(["associate", "bachelor", "master", "doctorate", "本科", "硕士"])),
                "graduated": months_back(anchor)}
        if draw(st.booleans()):
            item["mode"] = draw(st.sampled_from(["full_time", "part_time"]))
        return item

    def project() -> dict:
        item: dict = {"name": "P", "role": draw(st.sampled_from(["lead", "member"])),
                      "status": draw(st.sampled_from(["completed", "in_progress", "lost", "cancelled"]))}
        amount = draw(st.one_of(
            st.none(),
            st.builds(lambda t, d: t + d, st.sampled_from([1_000_000, 5_000_000, 10_000_000]),
                      st.sampled_from([0, -1, 1])),
            st.sampled_from(["100万", "99.9999万", "500万元", "¥4,999,999", "0.1亿", "1.2亿", "999999.99"]),
            st.integers(0, 40_000_000)))
        if amount is not None:
            item["amount"] = amount
        stages = draw(st.one_of(st.none(), st.lists(st.sampled_from(
            ["discovery", "technical_exchange", "procurement", "contract_signing",
             "contract_execution", "payment_collection", "acceptance"]), max_size=9)))
        if stages is not None:
            item["stages"] = stages
        designation = draw(st.sampled_from([None, "industry_large", "industry_key"]))
        if designation:
            item["designation"] = designation
        ref = draw(st.sampled_from([None, "", "纪要 2025-03"]))
        if ref is not None:
            item["designation_ref"] = ref
        return item

    data: dict = {"applicant": {"id": "H1"}}
    if as_of is not None:
        data["as_of"] = as_of
    for key, make in (("education", degree), ("employment", job), ("projects", project)):
        count = draw(st.sampled_from([None, 0, 1, 1, 2, 3]))  # None: the section is absent
        if count is not None:
            data[key] = [make() for _ in range(count)]
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_dossiers())
def test_hypothesis_dossiers_agree_with_the_oracle(data):
    check_all_ways(data)


def test_every_generated_dossier_is_valid_and_many_sit_on_a_threshold():
    on_sales = on_amount = 0
    for data in synthetic_dossiers(2000, seed=2):
        _, facts = facts_for(data)  # raises DossierError if one is invalid
        on_sales += facts.applicant["sales_months"] in (12, 36, 60, 96, 120)
        projects = facts.collections["projects"]
        if projects is not UNKNOWN:
            on_amount += any(p.values["amount"] in (Decimal(10**6), Decimal(5 * 10**6), Decimal(10**7))
                             for p in projects)
    assert on_sales > 2000 * 0.15 and on_amount > 2000 * 0.15, (on_sales, on_amount)


def test_generation_is_deterministic_and_ids_are_numbered():
    first = list(synthetic_dossiers(30, seed=5))
    assert first == list(synthetic_dossiers(30, seed=5))
    assert first[:10] == list(synthetic_dossiers(10, seed=5))
    assert first != list(synthetic_dossiers(30, seed=6))
    assert [d["applicant"]["id"] for d in first[:3]] == ["S000001", "S000002", "S000003"]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_written_files_load_back_as_the_same_dossiers(tmp_path, fmt):
    paths = write_dossier_files(tmp_path, 60, seed=4, fmt=fmt)
    assert [p.name for p in paths] == [f"S{k:06d}.{fmt}" for k in range(1, 61)]
    for path, data in zip(paths, synthetic_dossiers(60, seed=4)):
        assert load_dossier(path) == dossier_from_data(data), path.read_text(encoding="utf-8")


# ---- 2. a larger run ----

def test_ten_thousand_dossiers_cached_engine_agrees_with_the_oracle():
    cached = Engine(ruleset())
    for data in synthetic_dossiers(10_000, seed=10):
        assert_agrees(cached, data, name="engine (cached)")
    # The point of the cache: durable-rules decided far fewer cases than there were dossiers.
    assert cached.engine_calls < 10_000


# ---- 3. the cache keys on bands, never on values ----

def _career(start: str, amount: str) -> dict:
    return {"applicant": {"id": f"B-{start}"}, "as_of": D("2026-12-31"),
            "education": [{"degree": "bachelor", "graduated": D("2015-07-01")}],
            "employment": [{"start": D(start), "sales": True, "it": True}],
            "projects": [{"name": "省政务云", "amount": amount, "role": "lead", "status": "completed",
                          "stages": ["discovery", "technical_exchange", "procurement", "contract_signing",
                                     "contract_execution", "payment_collection", "acceptance"]}]}


def test_same_bands_same_outcomes_and_each_explanation_shows_its_own_values():
    first = _career("2021-11-01", "600万")   # 62 months of sales; 6,000,000 CNY
    second = _career("2021-03-01", "900万")  # 70 months; 9,000,000 CNY: the same bands
    cached, uncached = Engine(ruleset()), Engine(ruleset(), cache=False)
    one = cached.evaluate(facts_for(first)[1])
    calls = cached.engine_calls
    two = cached.evaluate(facts_for(second)[1])
    assert cached.engine_calls == calls, "the second dossier should have been answered from the cache"
    assert [o.status for o in one] == [o.status for o in two]
    assert [o.status for o in one] == list(oracle_outcomes(ruleset(), facts_for(first)[1]).values())

    text_one = {o.rule.id: explain(o, "en") for o in one}
    text_two = {o.rule.id: explain(o, "en") for o in two}
    for own, other, texts in (("5 years 2 months", "5 years 10 months", text_one),
                              ("5 years 10 months", "5 years 2 months", text_two)):
        assert own in texts["L2.sales_tenure"] and own in texts["L3.sales_tenure"], texts
        assert not any(other in t for t in texts.values()), texts
    assert "CNY 6,000,000" in text_one["L2.project"] and "CNY 9,000,000" in text_two["L2.project"]
    assert not any("9,000,000" in t for t in text_one.values())
    assert not any("6,000,000" in t for t in text_two.values())
    # And word for word what an engine without a cache explains, in both languages.
    for data, cached_outcomes in ((first, one), (second, two), (first, cached.evaluate(facts_for(first)[1]))):
        fresh = uncached.evaluate(facts_for(data)[1])
        for lang in ("en", "zh"):
            assert [explain(o, lang) for o in cached_outcomes] == [explain(o, lang) for o in fresh]


# ---- 4. durable-rules decides ----

def test_durable_rules_is_asked_once_per_dossier_without_the_cache_and_once_per_new_band_with_it():
    uncached = Engine(ruleset(), cache=False)
    sample = list(synthetic_dossiers(25, seed=3))
    for k, data in enumerate(sample, 1):
        uncached.evaluate(facts_for(data)[1])
        assert uncached.engine_calls == k
    uncached.evaluate(facts_for(sample[0])[1])
    assert uncached.engine_calls == len(sample) + 1

    cached = Engine(ruleset())
    first = _career("2021-11-01", "600万")
    cached.evaluate(facts_for(first)[1])
    assert cached.engine_calls == 1
    cached.evaluate(facts_for(first)[1])
    assert cached.engine_calls == 1, "the same dossier again must come from the cache"
    cached.evaluate(facts_for(_career("2022-01-01", "600万"))[1])  # 60 months: still 5 years or more
    assert cached.engine_calls == 1
    cached.evaluate(facts_for(_career("2022-01-02", "600万"))[1])  # 59 months: a new band
    assert cached.engine_calls == 2
    cached.evaluate(facts_for(_career("2022-01-02", "499.9999万"))[1])  # a project in a new band
    assert cached.engine_calls == 3


# ---- 5. this comparison can fail ----

def test_a_threshold_off_by_a_year_is_caught():
    text = DEFAULT_RULESET.read_text(encoding="utf-8")
    assert text.count("at_least: 5 years}") == 1
    copy = parse_ruleset(text.replace("at_least: 5 years}", "at_least: 6 years}"), "copy")
    uncached, _ = engines()
    caught = []
    for data in synthetic_dossiers(300, seed=1):
        try:
            assert_agrees(uncached, data, oracle_ruleset=copy)
        except AssertionError as mismatch:
            caught.append(str(mismatch))
    assert caught, "an engine on 5 years and an oracle on 6 years never disagreed"
    assert all("rule L2.sales_tenure: engine says 'pass', the oracle says 'fail'" in m for m in caught), caught[0]
    assert "--- dossier ---" in caught[0] and "S0" in caught[0]
    # The engine compiled from the copy agrees with the oracle reading the copy.
    mutated = Engine(LoadedRuleset(copy, "copy", "0" * 64), cache=False)
    for data in synthetic_dossiers(300, seed=1):
        assert_agrees(mutated, data, oracle_ruleset=copy)


# Another company's standard may compare any fact with any operator that fits it; the bundled one
# asks of a degree only "at least". Each of these rules is one comparison, so a mismatch names it.
EVERY_COMPARISON = """\
id: every-comparison
version: "1"
title: {zh: 全部比较, en: Every comparison}
source: test
levels:
  - level: 1
    name: {zh: 一级, en: One}
    rules:
      - {id: L1.doctorate, clause: "1", text: 博士, requirement: {zh: 博士, en: a doctorate},
         when: {some: education, where: {fact: degree, equals: doctorate}}}
      - {id: L1.graduate, clause: "2", text: 研究生, requirement: {zh: 硕士或博士, en: a master's or a doctorate},
         when: {some: education, where: {fact: degree, in: [硕士, doctorate]}}}
      - {id: L1.part_time, clause: "3", text: 非全日制, requirement: {zh: 非全日制, en: part-time},
         when: {some: education, where: {fact: mode, equals: part_time}}}
      - {id: L1.lost, clause: "4", text: 丢单, requirement: {zh: 丢单或取消, en: lost or cancelled},
         when: {some: projects, where: {fact: status, in: [lost, cancelled]}}}
      - {id: L1.led, clause: "5", text: 主导, requirement: {zh: 主导, en: led},
         when: {some: projects, where: {fact: role, equals: lead, evidence: designation_ref}}}
"""


def test_every_comparison_on_every_kind_of_fact_agrees_with_the_oracle():
    copy = parse_ruleset(EVERY_COMPARISON, "every-comparison.yaml")
    engine = Engine(LoadedRuleset(copy, "every-comparison.yaml", "0" * 64), cache=False)
    for data in synthetic_dossiers(300, seed=1):
        assert_agrees(engine, data, oracle_ruleset=copy)


def test_an_empty_list_lint_warns_of_is_judged_as_it_reads_not_a_crash():
    # `in: []` can never hold and `contains_all: []` always holds (lint warns of both): the ruleset
    # still loads, so it must judge.
    text = EVERY_COMPARISON + """\
      - {id: L1.no_status, clause: "6", text: 无, requirement: {zh: 无, en: none},
         when: {some: projects, where: {fact: status, in: []}}}
      - {id: L1.no_stages, clause: "7", text: 无, requirement: {zh: 无, en: none},
         when: {some: projects, where: {fact: stages, contains_all: []}}}
"""
    copy = parse_ruleset(text, "empty-lists.yaml")
    engine = Engine(LoadedRuleset(copy, "empty-lists.yaml", "0" * 64), cache=False)
    statuses, both = set(), None
    for data in synthetic_dossiers(300, seed=1):
        judged = {rule: status for rule, status in assert_agrees(engine, data, oracle_ruleset=copy).items()
                  if rule in ("L1.no_status", "L1.no_stages")}
        statuses |= set(judged.items())
        if both is None and judged == {"L1.no_status": "fail", "L1.no_stages": "pass"}:
            both = data
    assert ("L1.no_status", "pass") not in statuses and {("L1.no_status", "fail"), ("L1.no_stages", "pass")} <= statuses
    # Each explains why as it reads, not "but requires ." with nothing after it.
    verdict = check_evaluate(engine, dossier_from_data(both), file="x", as_of=DEFAULT_AS_OF)
    said = {o.rule.id: (explain(o, "en"), explain(o, "zh")) for o in verdict.levels[0].rules}
    assert said["L1.no_status"][0].endswith(", but requires one of an empty list (never met). (clause 6)")
    assert said["L1.no_status"][1].endswith("，要求空列表中的一项（无法满足）。（条款 6）")
    assert said["L1.no_stages"][0].endswith(": no sales stages required. (clause 7)")
    assert said["L1.no_stages"][1].endswith("：不要求销售阶段。（条款 7）")

# ---- 6. the cache's history changes nothing ----

HISTORY = Path(__file__).parent / "data" / "cache-history"  # four dossiers whose order once mattered


def test_a_verdict_does_not_depend_on_what_the_engine_judged_before():
    # Each worker of a pool has its own cache history: --jobs 2 must explain as --jobs 1 does.
    from certify.report import result_record

    when = date(2025, 12, 31)
    *before, last = [load_dossier(p) for p in sorted(HISTORY.glob("*.json"))]
    alone = result_record(check_evaluate(Engine(ruleset()), last, file="x", as_of=when))
    seasoned = Engine(ruleset())
    for dossier in before:
        check_evaluate(seasoned, dossier, file="x", as_of=when)
    assert result_record(check_evaluate(seasoned, last, file="x", as_of=when)) == alone
