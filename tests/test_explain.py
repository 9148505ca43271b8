"""Explanations word by word: each rule's sentence says the verdict, the values, what is missing and the clause."""

from __future__ import annotations

from decimal import Decimal

import pytest

from certify.check import evaluate
from certify.dossier import dossier_from_data
from certify.engine import Engine
from certify.explain import amount_text, explain, months_text
from certify.gaps import gap_parts
from certify.ruleset import DEFAULT_RULESET, LoadedRuleset, load_ruleset, parse_ruleset


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_ruleset())


def outcome(engine, data: dict, rule_id: str):
    verdict = evaluate(engine, dossier_from_data({"applicant": {"id": "E-1"}, "as_of": "2025-12-31", **data}))
    return next(o for level in verdict.levels for o in level.rules if o.rule.id == rule_id)


def project(**fields) -> dict:
    return {"name": "省级平台", "role": "lead", "status": "completed", **fields}


def test_a_recognised_designation_with_its_reference_passes_without_asking_for_the_reference(engine):
    o = outcome(engine, {"projects": [project(amount="200万", designation="industry_key",
                                              designation_ref="纪要 2025-11")]}, "L3.project")
    assert o.status == "pass"
    en, zh = explain(o, "en"), explain(o, "zh")
    assert "project designation industry (regional) key project" in en
    assert "without" not in en and "recognition" not in en
    assert "项目认定等级为行业（区域）重点项目" in zh and "未提供" not in zh


CYCLE = ["discovery", "technical_exchange", "procurement", "contract_signing", "contract_execution",
         "payment_collection", "acceptance"]
SHORT_OF_SALES = {"employment": [{"start": "2021-01-01", "sales": True, "it": False}],
                  "education": [{"degree": "associate", "graduated": "2019-07-01"}],
                  "projects": [project(name="缺验收", role="member", status="in_progress", stages=CYCLE[:-1])]}
ENOUGH = {"employment": [{"start": "2014-01-01", "sales": True, "it": True}],
          "education": [{"degree": "bachelor", "graduated": "2013-07-01"}],
          "projects": [project(name="全流程", role="member", stages=CYCLE)]}
CLAIMED = {"projects": [project(amount="200万", designation="industry_large")]}


@pytest.mark.parametrize("data, rule_id, en, zh", [
    (CLAIMED, "L3.project",
     "To be verified: led a completed project of 5,000,000 CNY or more, or one the committee recognised as an "
     "industry (regional) large or key project. 省级平台: project designation industry (regional) large project "
     "is claimed without a designation reference: it needs the committee's recognition. (clause 2.2 销售经验 3级)",
     "待核实：主导运作并完成过金额500万元及以上的项目，或经评审委员会认定的行业（区域）大型或重点项目。省级平台：项目认定等级为"
     "行业（区域）大型项目，但未提供认定依据，须经评审委员会认定。（条款 2.2 销售经验 3级）"),
    (SHORT_OF_SALES, "L1.education",
     "Not met: a bachelor's degree or higher, with 2 years of work after it. Associate degree 2019-07-01: degree "
     "associate degree, but requires bachelor's degree or higher. (clause 2.1 学历)",
     "不符合：本科及以上学历，毕业后工作满2年。专科 2019-07-01：学历为专科，要求本科及以上。（条款 2.1 学历）"),
    (SHORT_OF_SALES, "L1.it_sales_tenure",
     "Not met: 1 year in IT sales. IT sales tenure 0 months, 1 year short of the required at least 1 year. "
     "(clause 2.1 岗位经验)",
     "不符合：IT销售工作经历满1年。IT销售工作经历0个月（要求不少于1年），还差1年。（条款 2.1 岗位经验）"),
    (SHORT_OF_SALES, "L1.sales_cycle",
     "Not met: a project through all seven stages of a complete sales cycle. 缺验收: sales stages lack acceptance. "
     "(clause 2.2 销售经验 1级)",
     "不符合：至少一个项目经历完整销售周期的全部七个阶段。缺验收：销售阶段缺少项目验收。（条款 2.2 销售经验 1级）"),
    (SHORT_OF_SALES, "L1.sales_tenure",
     "Met: 3 years in sales. Sales tenure 5 years (requires at least 3 years). (clause 2.1 岗位经验)",
     "符合：销售工作经历满3年。销售工作经历5年（要求不少于3年）。（条款 2.1 岗位经验）"),
    (ENOUGH, "L1.education",
     "Met: a bachelor's degree or higher, with 2 years of work after it. Bachelor's degree 2013-07-01: degree "
     "bachelor's degree (requires bachelor's degree or higher), work after the degree 12 years (requires at least "
     "2 years). (clause 2.1 学历)",
     "符合：本科及以上学历，毕业后工作满2年。本科 2013-07-01：学历为本科（要求本科及以上），毕业后工作年限12年（要求不少于2年）。"
     "（条款 2.1 学历）"),
    (ENOUGH, "L1.sales_cycle",
     "Met: a project through all seven stages of a complete sales cycle. 全流程: all 7 sales stages. "
     "(clause 2.2 销售经验 1级)",
     "符合：至少一个项目经历完整销售周期的全部七个阶段。全流程：销售阶段齐全（7个）。（条款 2.2 销售经验 1级）"),
    ({}, "L1.sales_tenure",
     "To be verified: 3 years in sales. Sales tenure not given, so it cannot be decided. (clause 2.1 岗位经验)",
     "待核实：销售工作经历满3年。销售工作经历未提供，无法判断。（条款 2.1 岗位经验）"),
    ({}, "L2.project",
     "To be verified: led a completed project of 1,000,000 CNY or more. The dossier does not give its projects. "
     "(clause 2.2 销售经验 2级)",
     "待核实：主导运作并完成过金额100万元及以上的项目。申报材料未提供项目经历。（条款 2.2 销售经验 2级）"),
    ({"education": [], "projects": []}, "L2.project",
     "Not met: led a completed project of 1,000,000 CNY or more. The dossier lists no projects. "
     "(clause 2.2 销售经验 2级)",
     "不符合：主导运作并完成过金额100万元及以上的项目。申报材料列出的项目经历为空。（条款 2.2 销售经验 2级）"),
])
def test_each_kind_of_clause_reads_word_for_word_in_both_languages(engine, data, rule_id, en, zh):
    o = outcome(engine, data, rule_id)
    assert (explain(o, "en"), explain(o, "zh")) == (en, zh)


@pytest.mark.parametrize("rule_id, where", [("L1.sales_cycle", "one reading"), ("L2.project", "readings grouped")])
def test_a_project_name_opening_an_english_sentence_keeps_its_lower_case_first_letter(engine, rule_id, where):
    # A fictional project; certify capitalises its own first word (the degree's), never a name.
    data = {"education": [{"degree": "bachelor", "graduated": "2013-07-01"}],
            "projects": [project(name="eHR系统升级", amount="200万", stages=CYCLE[:2])]}
    text = explain(outcome(engine, data, rule_id), "en")
    assert ". eHR系统升级: " in text and "EHR" not in text, where
    assert ". Bachelor's degree 2013-07-01: " in explain(outcome(engine, data, "L1.education"), "en")


@pytest.mark.parametrize("amount, zh, en", [
    ("9999", "9,999元", "CNY 9,999"),
    ("10000", "1万元", "CNY 10,000"),  # 1万 itself is said in 万元
    ("10000.5", "10,000.5元", "CNY 10,000.5"),  # with jiao or fen: in 元, never 1.00005万元
    ("1200000", "120万元", "CNY 1,200,000"),
    ("12345678", "1234.5678万元", "CNY 12,345,678"),
    ("99999999", "9999.9999万元", "CNY 99,999,999"),
    ("100000000", "1亿元", "CNY 100,000,000"),  # 1亿 itself is said in 亿元
    ("120000000", "1.2亿元", "CNY 120,000,000"),
    ("123456789", "1.23456789亿元", "CNY 123,456,789"),  # exactly, never rounded to 1.23亿元
    ("4999999.5", "4,999,999.5元", "CNY 4,999,999.5"),
])
def test_amounts_are_said_in_wan_from_one_wan_on_in_yi_from_one_yi_on_and_in_grouped_yuan_below_or_with_fen(amount, zh, en):
    assert (amount_text(Decimal(amount), "zh"), amount_text(Decimal(amount), "en")) == (zh, en)


@pytest.mark.parametrize("months, en, zh", [
    (0, "0 months", "0个月"), (1, "1 month", "1个月"), (11, "11 months", "11个月"), (12, "1 year", "1年"),
    (13, "1 year 1 month", "1年1个月"), (24, "2 years", "2年"), (25, "2 years 1 month", "2年1个月"),
])
def test_durations_are_said_in_years_and_months(months, en, zh):
    assert (months_text(months, "en"), months_text(months, "zh")) == (en, zh)


def test_a_fact_not_given_is_not_also_called_a_claim_that_lacks_its_evidence():
    # A ruleset may ask for evidence beside any comparison. When the fact itself is not given,
    # the reading is "not given"; only a value that is given can be a claim lacking evidence.
    text = DEFAULT_RULESET.read_text(encoding="utf-8")
    assert text.count("{fact: amount, at_least: 100万}") == 1
    copy = parse_ruleset(text.replace("{fact: amount, at_least: 100万}",
                                      "{fact: amount, at_least: 100万, evidence: designation_ref}"), "copy.yaml")
    engine = Engine(LoadedRuleset(copy, "copy.yaml", "0" * 64))
    unknown = outcome(engine, {"projects": [project()]}, "L2.project")
    (amount,) = [r for r in unknown.readings if r.fact == "amount"]
    assert (unknown.status, amount.unproven) == ("review", None)
    assert explain(unknown, "en").endswith("省级平台: project amount not given, so it cannot be decided. "
                                           "(clause 2.2 销售经验 2级)")
    claimed = outcome(engine, {"projects": [project(amount="200万")]}, "L2.project")
    (amount,) = [r for r in claimed.readings if r.fact == "amount"]
    assert (claimed.status, amount.unproven) == ("review", "designation_ref")


def test_a_review_names_every_open_question_not_only_the_first(engine):
    # One project: its amount not given, and a key-project designation claimed without its reference.
    # Either answer could pass the level, so the committee must be asked both.
    o = outcome(engine, {"projects": [project(designation="industry_key")]}, "L4.project")
    assert o.status == "review"
    assert {(r.fact, r.status, r.unproven) for r in o.readings} == {
        ("amount", "review", None), ("designation", "review", "designation_ref")}
    assert explain(o, "en").endswith("省级平台: project amount not given, so it cannot be decided; project designation "
                                     "industry (regional) key project is claimed without a designation reference: it "
                                     "needs the committee's recognition. (clause 2.2 销售经验 4级)")
    assert explain(o, "zh").endswith("省级平台：项目金额未提供，无法判断；项目认定等级为行业（区域）重点项目，但未提供认定依据，"
                                     "须经评审委员会认定。（条款 2.2 销售经验 4级）")


def test_a_value_not_given_beside_a_failing_one_is_said_not_given_without_leaving_the_rule_undecided(engine):
    # A member's project: not met whatever its amount, which is not given. "cannot be decided" would
    # contradict the "Not met" it follows; the gap to the level says the same.
    o = outcome(engine, {"projects": [project(role="member")]}, "L2.project")
    assert o.status == "fail"
    assert explain(o, "en").endswith("省级平台: role member, but requires lead, project amount not given. "
                                     "(clause 2.2 销售经验 2级)")
    assert explain(o, "zh").endswith("省级平台：角色为参与，要求主导运作，项目金额未提供。（条款 2.2 销售经验 2级）")
    verdict = evaluate(engine, dossier_from_data({"applicant": {"id": "E-1"}, "as_of": "2025-12-31",
                                                  "projects": [project(role="member")]}))
    [text] = [t for t in gap_parts(verdict, 2, "en")[1] if t.startswith("L2.project")]
    assert "project amount not given" in text and "cannot be decided" not in text
    # The same amount not given, on a lead's project: the rule is open, and says so.
    o = outcome(engine, {"projects": [project()]}, "L2.project")
    assert o.status == "review" and explain(o, "en").endswith("省级平台: project amount not given, so it cannot be "
                                                             "decided. (clause 2.2 销售经验 2级)")


def test_two_alternatives_in_review_on_one_degree_are_said_once(engine):
    # A master's degree with no employment given: 本6 and 硕4 are both in review, for the same reason.
    o = outcome(engine, {"education": [{"degree": "master", "graduated": "2016-06-30"}]}, "L3.education")
    assert o.status == "review" and len(o.readings) == 2  # both alternatives' readings are kept
    assert explain(o, "en").endswith("Master's degree 2016-06-30: work after the degree not given, so it cannot "
                                     "be decided. (clause 2.1 学历)")
    assert explain(o, "zh").endswith("硕士 2016-06-30：毕业后工作年限未提供，无法判断。（条款 2.1 学历）")


def test_a_review_over_several_projects_names_each_project_in_question(engine):
    # A: amount not given. B: 50万, below the 500万 of level 3, claimed a large project without its reference.
    o = outcome(engine, {"projects": [project(name="A项目"), project(name="B项目", amount="50万",
                                                                    designation="industry_large")]}, "L3.project")
    assert o.status == "review"
    assert [(r.item, r.fact) for r in o.readings] == [("A项目", "amount"), ("B项目", "designation")]
    assert "A项目：项目金额未提供，无法判断；B项目：项目认定等级为行业（区域）大型项目，但未提供认定依据" in explain(o, "zh")
    # A project that fails outright is no open question: it is not listed beside the ones in review.
    o = outcome(engine, {"projects": [project(name="A项目"), project(name="C项目", amount="50万")]}, "L3.project")
    assert [(r.item, r.fact) for r in o.readings] == [("A项目", "amount")]


def test_two_projects_of_one_name_are_each_said_by_their_place_not_merged_into_one(engine):
    # Two 乙项目: the first gives no amount, the second no amount either and claims a key project without its
    # reference. Said under one name, the reading made one project of them, with both questions.
    o = outcome(engine, {"projects": [project(name="乙项目"), project(name="丙项目"),
                                      project(name="乙项目", designation="industry_key")]}, "L3.project")
    assert o.status == "review"
    assert [(r.item, r.fact) for r in o.readings] == [("乙项目 #1", "amount"), ("丙项目", "amount"),
                                                      ("乙项目 #2", "amount"), ("乙项目 #2", "designation")]
    assert "乙项目 #1：项目金额未提供，无法判断；丙项目：项目金额未提供，无法判断；乙项目 #2：项目金额未提供，无法判断；项目认定等级为" \
        in explain(o, "zh")
    assert "丙项目: project amount not given, so it cannot be decided; 乙项目 #2: project amount" in explain(o, "en")


def test_a_project_named_as_another_of_two_is_labelled_not_merged_with_it(engine):
    # Two 乙项目 are 乙项目 #1 and #2; a third project named 乙项目 #2 is numbered among those of its own name.
    o = outcome(engine, {"projects": [project(name="乙项目"), project(name="乙项目"), project(name="乙项目 #2")]},
                "L3.project")
    assert [r.item for r in o.readings] == ["乙项目 #1", "乙项目 #2", "乙项目 #2 #1"]
    assert "乙项目 #2: project amount not given, so it cannot be decided; 乙项目 #2 #1: project amount" \
        in explain(o, "en")


def test_a_set_met_in_full_counts_the_members_required_not_those_the_project_has():
    text = DEFAULT_RULESET.read_text(encoding="utf-8")
    stages = ("contains_all: [discovery, technical_exchange, procurement, contract_signing,\n"
              "                           contract_execution, payment_collection, acceptance]")
    assert text.count(stages) == 1
    copy = parse_ruleset(text.replace(stages, "contains_all: [contract_signing, acceptance]"), "copy.yaml")
    engine = Engine(LoadedRuleset(copy, "copy.yaml", "0" * 64))
    o = outcome(engine, {"projects": [project(name="全流程", stages=CYCLE)]}, "L1.sales_cycle")
    assert o.status == "pass"
    # Two of the seven stages required: the sentence names them, not "all 2 sales stages", which reads as if a
    # sales cycle had two.
    assert "全流程: the 2 sales stages required (contract signing, acceptance)." in explain(o, "en")
    assert "全流程：销售阶段含所要求的2个（合同签订、项目验收）。" in explain(o, "zh")


def test_a_project_named_with_a_degree_word_keeps_its_name(engine):
    # "master plan 2025" is a project, not a master's degree: only a degree's own label (degree and date) is
    # said in certify's words.
    o = outcome(engine, {"projects": [project(name="master plan 2025", amount="50万")]}, "L2.project")
    assert "master plan 2025: project amount" in explain(o, "en")
    assert "master plan 2025：项目金额" in explain(o, "zh")
    degree = outcome(engine, {"education": [{"degree": "master", "graduated": "2014-07-01"}]}, "L3.education")
    assert "Master's degree 2014-07-01" in explain(degree, "en") and "硕士 2014-07-01" in explain(degree, "zh")


def test_no_degree_held_yet_says_the_as_of_date_itself_would_count(engine):
    # A degree awarded on the as-of date counts; "截止日期前" alone would read as "before that day".
    o = outcome(engine, {"education": [{"degree": "bachelor", "graduated": "2026-01-10"}],
                         "employment": [{"start": "2020-01-01", "sales": True}]}, "L1.education")
    assert o.status == "fail"
    assert explain(o, "zh") == ("不符合：本科及以上学历，毕业后工作满2年。申报材料中没有截止日期当日或之前取得的学历。"
                                "（条款 2.1 学历）")
    assert "The dossier lists no degree awarded by the as-of date." in explain(o, "en")


EITHER_OR = """
id: either-or
version: "1"
title: {zh: 测试, en: Test}
source: tests only
levels:
  - level: 1
    name: {zh: 一级, en: One}
    rules:
      - id: L1.tenure
        clause: "1"
        text: t
        requirement: {zh: 工作满3年，且IT销售满2年或销售满3年, en: 3 years of work and 2 years in IT sales or 3 in sales}
        when:
          all:
            - {fact: work_months, at_least: 3 years}
            - any:
                - {fact: it_sales_months, at_least: 2 years}
                - {fact: sales_months, at_least: 3 years}
      - id: L1.tenure_or_project
        clause: "2"
        text: t
        requirement: {zh: 工作满1年，且销售满3年或有50万项目, en: a year of work and 3 years in sales or a 50万 project}
        when:
          all:
            - {fact: work_months, at_least: 1 year}
            - any:
                - {fact: sales_months, at_least: 3 years}
                - {some: projects, where: {fact: amount, at_least: 50万}}
      - id: L1.tenure_and_lead
        clause: "3"
        text: t
        requirement: {zh: 销售满1年且主导项目, en: 1 year in sales and a project led}
        when:
          all:
            - {fact: sales_months, at_least: 1 year}
            - {some: projects, where: {fact: role, equals: lead}}
"""


@pytest.fixture(scope="module")
def either_or() -> Engine:
    return Engine(LoadedRuleset(parse_ruleset(EITHER_OR, "either-or.yaml"), "either-or.yaml", "0" * 64))


def test_either_or_and_both_across_tenures_and_projects_are_judged_and_the_closest_unmet_is_said(either_or):
    # Two years and a half in sales (none of it in IT) and a 60万 project taken part in, not led.
    verdict = evaluate(either_or, dossier_from_data({
        "applicant": {"id": "E-2"}, "as_of": "2025-12-31",
        "employment": [{"start": "2023-07-01", "sales": True, "it": False}],
        "projects": [project(amount="60万", role="member")]}))
    rules = {o.rule.id: o for o in verdict.level(1).rules}
    assert rules["L1.tenure_or_project"].status == "pass"  # either: the project does it, the tenure does not
    assert rules["L1.tenure_and_lead"].status == "fail"  # both: the tenure alone does not
    assert explain(rules["L1.tenure_and_lead"]) == ("Not met: 1 year in sales and a project led. 省级平台: role member, "
                                                    "but requires lead. (clause 3)")  # the tenure held is not said
    # Neither tenure holds: the one said is the closer, sales (half a year short of 3 years), not IT sales (none
    # of 2 years), though IT sales is asked first; and the work short of 3 years, required beside them.
    said = explain(rules["L1.tenure"])
    assert "sales tenure 2 years 6 months, 6 months short" in said, said
    assert "Work experience 2 years 6 months, 6 months short" in said, said
    assert "IT sales tenure" not in said, said
    # Both unmet: both are said.
    short = evaluate(either_or, dossier_from_data({
        "applicant": {"id": "E-3"}, "as_of": "2025-12-31",
        "employment": [{"start": "2025-07-01", "sales": True, "it": False}],
        "projects": [project(amount="60万", role="member")]}))
    said = explain(next(o for o in short.level(1).rules if o.rule.id == "L1.tenure_and_lead"))
    assert "Sales tenure 6 months, 6 months short" in said and "省级平台: role member, but requires lead" in said, said
