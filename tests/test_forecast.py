"""When time alone will do it: passes_on is exact under dossier-v1's month arithmetic."""

import dataclasses
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import forecast as forecast_module
from certify.check import evaluate
from certify.cli import main
from certify.dossier import dossier_from_data
from certify.editions import open_rulesets
from certify.engine import Engine
from certify.facts import UNKNOWN, Facts, Item, add_months, crossings, facts_of, resolve_as_of
from certify.forecast import forecast
from certify.gaps import gap_lines, target_of
from certify.folders import find_dossiers
from certify.load import load_dossier
from certify.report import result_record
from certify.ruleset import load_ruleset
from certify.errors import DossierError
from certify.synthetic import DEFAULT_AS_OF, synthetic_dossiers
from certify.verdict import PASS
from samples import sentences

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
FAR = timedelta(days=365 * 80)


@pytest.fixture(scope="module")
def engine():
    return Engine(load_ruleset())


def good_applicants():
    for path in find_dossiers([APPLICANTS]):
        try:
            yield path.name, load_dossier(path)
        except DossierError:
            continue


def check_passes_on(engine, dossier):
    verdict = evaluate(engine, dossier, forecast=True)
    status_on = lambda day, n: evaluate(engine, dossier, as_of=day).level(n).status  # noqa: E731
    for lv in verdict.levels:
        n = lv.number
        when = verdict.forecast.levels[n]
        if when is not None:
            assert status_on(when, n) == PASS, f"level {n} should pass on {when}"
            assert status_on(when - timedelta(days=1), n) != PASS, f"level {n} should not pass before {when}"
        else:
            # No date: time makes no difference, so the level is the same far in the past and future.
            assert (status_on(verdict.as_of + FAR, n) == PASS) == (status_on(date(1900, 1, 1), n) == PASS)
        if lv.status != PASS:
            # For a level not yet passed, a date exactly when working on closes the gap.
            assert (when is not None) == (status_on(verdict.as_of + FAR, n) == PASS)
    for o in (o for lv in verdict.levels for o in lv.rules):
        when = verdict.forecast.rules[o.rule.id]
        if when is not None:
            outcome = lambda day: next(r for r in evaluate(engine, dossier, as_of=day).level(  # noqa: E731
                int(o.rule.id[1])).rules if r.rule.id == o.rule.id).status
            assert outcome(when) == PASS and outcome(when - timedelta(days=1)) != PASS


@pytest.mark.parametrize("name, dossier", list(good_applicants()), ids=lambda x: x if isinstance(x, str) else "")
def test_passes_on_is_exact_for_every_example(engine, name, dossier):
    check_passes_on(engine, dossier)


def test_passes_on_is_exact_for_generated_dossiers(engine):
    for data in synthetic_dossiers(400, seed=7):
        check_passes_on(engine, dossier_from_data(data))


def test_one_month_short_passes_a_month_later(engine):
    dossier = load_dossier(APPLICANTS / "huang-tao.yaml")
    verdict = evaluate(engine, dossier, forecast=True)
    assert verdict.level(3).status != PASS
    assert verdict.forecast.rules["L3.sales_tenure"] == date(2026, 1, 31)
    lines = gap_lines(verdict, target_of(verdict), "en")
    assert any("1 month short" in line and "Holds on 2026-01-31" in line for line in lines)
    zh = gap_lines(verdict, 3, "zh")
    assert any("还差1个月" in line for line in zh)


def test_without_a_target_the_gap_is_to_the_next_level_and_there_is_none_above_the_top(engine):
    top = evaluate(engine, load_dossier(APPLICANTS / "chen-jing.yaml"))
    assert (top.qualified_level, len(top.levels)) == (4, 4)
    assert target_of(dataclasses.replace(top, target_level=None)) is None
    assert target_of(top) == 4  # a target is kept even when it is already met
    two = evaluate(engine, load_dossier(APPLICANTS / "huang-tao.yaml"))
    assert (two.qualified_level, two.target_level) == (2, 3)
    assert target_of(dataclasses.replace(two, target_level=None)) == 3
    assert target_of(dataclasses.replace(two, target_level=1)) == 1


def test_a_gap_names_each_rule_with_its_clause_and_the_level_needs_only_what_time_will_not_bring(engine, today):
    today(date(2024, 12, 31))  # judged on its as-of date: the dates ahead wait on the job going on
    dossier = dossier_from_data({"applicant": {"id": "G-1", "target_level": 2}, "as_of": "2024-12-31",
                                 "education": [{"degree": "bachelor", "graduated": "2018-07-01"}],
                                 "employment": [{"start": "2020-07-01", "sales": True, "it": True}],
                                 "projects": []})
    verdict = evaluate(engine, dossier, forecast=True)
    assert gap_lines(verdict, 2, "en") == [
        "Gap to level 2 Account Manager:",
        "  L2.sales_tenure [2.1 岗位经验]: sales tenure 4 years 6 months, 6 months short of the required at least "
        "5 years. Holds on 2025-06-30 if employment goes on as now.",
        "  L2.project [2.2 销售经验 2级]: the dossier lists no projects. Time alone will not close it.",
        "  Time alone will not make level 2 pass: it also needs L2.project (销售经验 2级)."]
    assert gap_lines(verdict, 2, "zh") == [
        "距2级 客户经理的差距：",
        "  L2.sales_tenure（条款 2.1 岗位经验）：销售工作经历4年6个月（要求不少于5年），还差6个月。按目前在职情况，自2025-06-30起满足。",
        "  L2.project（条款 2.2 销售经验 2级）：申报材料列出的项目经历为空。仅靠时间无法满足。",
        "  仅靠时间无法达到2级：还需满足L2.project（销售经验 2级）。"]


def test_a_rule_in_review_is_not_said_to_wait_on_time_its_reading_says_what_is_open(engine):
    # 'Time alone will not close it' after 'the dossier does not give its projects' is true but beside the point:
    # what is open is an answer, and the level's own line says the committee must review it.
    dossier = dossier_from_data({"applicant": {"id": "G-2", "target_level": 2}, "as_of": "2024-12-31",
                                 "education": [{"degree": "bachelor", "graduated": "2014-07-01"}],
                                 "employment": [{"start": "2014-07-01", "sales": True, "it": True}]})
    verdict = evaluate(engine, dossier, forecast=True)
    assert gap_lines(verdict, 2, "en") == [
        "Gap to level 2 Account Manager:",
        "  L2.project [2.2 销售经验 2级]: the dossier does not give its projects.",
        "  Level 2 needs the committee's review of L2.project (销售经验 2级)."]
    assert gap_lines(verdict, 2, "zh")[1] == "  L2.project（条款 2.2 销售经验 2级）：申报材料未提供项目经历。"


def test_a_job_that_ends_on_the_as_of_date_is_not_said_to_go_on(engine):
    def working(end):
        job = {"start": "2015-01-01", "sales": True, **({"end": end} if end else {})}
        dossier = dossier_from_data({"applicant": {"id": "W-1"}, "as_of": "2025-06-30", "employment": [job]})
        return evaluate(engine, dossier, forecast=True).forecast.working
    assert working("2025-06-30") is False
    assert working("2025-07-01") is True
    assert working(None) is True


def test_a_gap_that_a_recorded_end_date_stops_names_that_date(engine, tmp_path, today):
    today(date(2025, 12, 31))  # judged on its as-of date: the date ahead waits on the job going on
    # Huang Tao's sales job, recorded to end on 2027-06-30: 9 years 5 months of sales then, short of level 4's
    # 10 years, which the job going on would reach on 2028-01-31.
    text = (APPLICANTS / "huang-tao.yaml").read_text(encoding="utf-8").replace("target_level: 3", "target_level: 4")
    ending = tmp_path / "ending.yaml"
    ending.write_text(text.replace("start: 2018-02-01,", "start: 2018-02-01, end: 2027-06-30,"), encoding="utf-8")
    en = sentences(CliRunner().invoke(main, ["check", str(ending), "--lang", "en"]).stdout)
    zh = sentences(CliRunner().invoke(main, ["check", str(ending), "--lang", "zh"]).stdout)
    assert en[-4].endswith("2 years 1 month short of the required at least 10 years. Time alone will not close it: "
                           "the recorded end date 2027-06-30 stops it (it would hold on 2028-01-31 if that job went on).")
    assert zh[-4].endswith("还差2年1个月。仅靠时间无法满足：工作按记录于2027-06-30结束，届时仍未满足（若该工作继续，则自2028-01-31起满足）。")
    assert en[-3].endswith("Time alone will not close it.")  # the project: no job's end has to do with it
    assert en[-2] == ("    Time alone will not make level 4 pass: it needs L4.sales_tenure (岗位经验) and "
                     "L4.project (销售经验 4级).")
    # The date it names is right: with the job going on, the rule holds on it, and not the day before.
    going = tmp_path / "going.yaml"
    going.write_text(text, encoding="utf-8")
    verdict = evaluate(engine, load_dossier(going), forecast=True, stops=True)
    assert verdict.forecast.rules["L4.sales_tenure"] == date(2028, 1, 31)
    check_passes_on(engine, load_dossier(going))
    # An end date after the day it holds stops nothing: the gap closes on that day, as before.
    later = tmp_path / "later.yaml"
    later.write_text(text.replace("start: 2018-02-01,", "start: 2018-02-01, end: 2028-06-30,"), encoding="utf-8")
    assert gap_lines(evaluate(engine, load_dossier(later), forecast=True, stops=True), 4, "en")[1].endswith(
        "Holds on 2028-01-31 if employment goes on as now.")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_markdown_explanation_gives_the_gap_the_text_one_gives_escaped_as_the_rest(tmp_path, lang):
    # Huang Tao (fictional) aiming at level 4, his sales job recorded to end on 2027-06-30, his project renamed
    # with signs Markdown reads as markup: the gap, its dates and the end date that stops a rule, as the text says.
    from markdown_it import MarkdownIt

    project = "政务外网*二期* | <b>升级</b>"
    text = ((APPLICANTS / "huang-tao.yaml").read_text(encoding="utf-8").replace("target_level: 3", "target_level: 4")
            .replace("start: 2018-02-01,", "start: 2018-02-01, end: 2027-06-30,")
            .replace("name: 某市政务外网升级", f"name: '{project}'"))
    dossier = tmp_path / "ending.yaml"
    dossier.write_text(text, encoding="utf-8")
    said = sentences(CliRunner().invoke(main, ["check", str(dossier), "--lang", lang]).stdout)
    gap = [line.strip() for line in said[next(i for i, x in enumerate(said) if x.startswith("  Gap to") or
                                              x.startswith("  距")):] if line.strip()]
    markdown = CliRunner().invoke(main, ["check", str(dossier), "--lang", lang, "--format", "markdown"]).stdout
    viewer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = viewer.parse(markdown)
    shown = [(tokens[i - 1].tag, "".join(c.content for c in t.children)) for i, t in enumerate(tokens)
             if t.type == "inline" and all(c.type == "text" for c in t.children)]
    start = shown.index(("h3", gap[0].rstrip(":："))) + 1  # a heading of its own, after the levels' tables
    assert shown[start:] == [("p", line) for line in gap[1:]]  # each rule an item, then the level's line
    assert "2027-06-30" in gap[1] and "2028-01-31" in gap[1] and project in gap[2]
    items = [line for line in markdown.splitlines() if line.startswith("- L4.")]
    assert len(items) == 2 and "\\*二期\\* \\| \\<b>" in items[1]


def test_of_several_jobs_ending_those_whose_end_stops_the_gap_are_named(engine):
    def tenure_line(*jobs, lang="en"):
        dossier = dossier_from_data({"applicant": {"id": "E-2", "target_level": 4}, "as_of": "2025-12-31",
                                     "employment": list(jobs)})
        return next(x for x in gap_lines(evaluate(engine, dossier, forecast=True, stops=True), 4, lang)
                    if "L4.sales_tenure" in x)
    sales = {"start": "2018-01-01", "end": "2026-06-30", "sales": True}
    # A later job that is not sales work: its end has nothing to do with sales tenure.
    assert tenure_line(sales, {"start": "2026-07-01", "end": "2027-12-31", "sales": False}).endswith(
        "the recorded end date 2026-06-30 stops it (it would hold on 2027-12-31 if that job went on).")
    # Two sales jobs one after the other: either going on would do it, and both ends stop it.
    assert tenure_line(sales, {"start": "2026-07-01", "end": "2027-06-30", "sales": True}).endswith(
        "the recorded end dates 2026-06-30 and 2027-06-30 stop it (it would hold on 2027-12-31 if those jobs went on).")
    assert tenure_line(sales, {"start": "2026-07-01", "end": "2027-06-30", "sales": True}, lang="zh").endswith(
        "仅靠时间无法满足：相关工作按记录分别于2026-06-30、2027-06-30结束，届时仍未满足（若这些工作继续，则自2027-12-31起满足）。")


def test_a_stopped_rule_holds_on_the_date_named_were_its_jobs_to_go_on_and_not_the_day_before(engine):
    seen = 0
    for data in synthetic_dossiers(400, seed=11):
        dossier = dossier_from_data(data)
        verdict = evaluate(engine, dossier, as_of=DEFAULT_AS_OF, forecast=True, stops=True)
        for rule, (ends, day) in verdict.forecast.stopped.items():
            seen += 1
            assert all(DEFAULT_AS_OF < end < day for end in ends)
            going = dossier.model_copy(update={"employment": tuple(
                job.model_copy(update={"end": None}) if job.end and job.end > DEFAULT_AS_OF else job
                for job in dossier.employment)})
            status = lambda which, on: next(o.status for lv in evaluate(engine, which, as_of=on).levels  # noqa: E731
                                            for o in lv.rules if o.rule.id == rule)
            assert status(going, day) == PASS and status(going, day - timedelta(days=1)) != PASS, (data, rule)
            assert status(dossier, day + FAR) != PASS  # as recorded, it holds on no date at all
    assert seen  # the sample has jobs that end too soon


def test_rules_the_committee_must_review_are_listed_with_chinese_punctuation_in_chinese(engine):
    dossier = dossier_from_data({"applicant": {"id": "R-1", "target_level": 2}, "as_of": "2025-06-30",
                                 "education": [{"degree": "bachelor", "graduated": "2015-07-01"}]})
    verdict = evaluate(engine, dossier, forecast=True)
    assert gap_lines(verdict, 2, "zh")[-1] == ("  2级需评审委员会核实：L2.education（学历）、"
                                             "L2.sales_tenure（岗位经验）、L2.project（销售经验 2级）。")
    assert gap_lines(verdict, 2, "en")[-1] == ("  Level 2 needs the committee's review of L2.education (学历), "
                                             "L2.sales_tenure (岗位经验) and L2.project (销售经验 2级).")


def test_a_degree_awarded_after_the_as_of_date_is_said_not_to_count_yet_and_one_alternative_is_closest(engine):
    dossier = dossier_from_data({"applicant": {"id": "P", "target_level": 3}, "as_of": "2017-01-01",
                                 "education": [{"degree": "bachelor", "graduated": "2017-01-02", "mode": "part_time"}],
                                 "employment": [{"start": "2010-01-01", "end": "2015-12-31", "sales": True}]})
    verdict = evaluate(engine, dossier, forecast=True)
    line = next(x for x in gap_lines(verdict, 3, "en") if "L3.education" in x)
    assert line.count("the dossier lists no degree awarded by the as-of date") == 2  # it lists one, awarded later
    assert line.count("(closest)") == 1
    zh = next(x for x in gap_lines(verdict, 3, "zh") if "L3.education" in x)
    assert "申报材料中没有截止日期当日或之前取得的学历" in zh and zh.count("最接近") == 1


def test_the_closest_alternative_is_the_one_time_closes_not_one_that_needs_a_degree_not_held(engine):
    # Bachelor's, 3 years 9 months of work after it. The master's path is "3 months short" of its 4 years only on
    # a degree not held (a master's earned later would start its own clock); the bachelor's path holds in 2 years
    # 3 months. The explanation names that path, and the gap marks it the closest.
    from certify.explain import explain
    dossier = dossier_from_data({
        "applicant": {"id": "C", "target_level": 3}, "as_of": "2025-03-31",
        "education": [{"degree": "bachelor", "graduated": "2021-07-01"}],
        "employment": [{"start": "2015-07-01", "sales": True, "it": True}]})
    verdict = evaluate(engine, dossier, forecast=True)
    [rule] = [o for o in verdict.level(3).rules if o.rule.id == "L3.education"]
    said = explain(rule, "en")
    assert "2 years 3 months short of the required at least 6 years" in said
    assert "requires master's degree" not in said and "3 months short" not in said.replace("2 years 3 months", "")
    line = next(x for x in gap_lines(verdict, 3, "en") if "L3.education" in x)
    assert "alternative 1 (closest): bachelor's degree" in line and "alternative 2: " in line
    assert "Holds on 2027-06-30" in line


def test_among_alternatives_that_each_need_a_higher_degree_the_nearer_degree_is_closest(engine):
    # An associate degree and 5 years of work after it: level 4 asks a bachelor's with 10 years or a master's with 8.
    # Both need a degree not held; the bachelor's is the nearer one, though the master's path has less time to go.
    from certify.explain import explain
    dossier = dossier_from_data({
        "applicant": {"id": "A", "target_level": 4}, "as_of": "2026-12-31",
        "education": [{"degree": "associate", "graduated": "2021-11-25"}],
        "employment": [{"start": "2021-12-01", "sales": True}]})
    verdict = evaluate(engine, dossier, forecast=True)
    [rule] = [o for o in verdict.level(4).rules if o.rule.id == "L4.education"]
    assert "but requires bachelor's degree or higher" in explain(rule, "en")
    line = next(x for x in gap_lines(verdict, 4, "en") if "L4.education" in x)
    assert "alternative 1 (closest): associate degree" in line


def test_a_degree_one_step_short_with_time_to_go_is_nearer_than_one_two_steps_short_with_its_time_served(engine):
    # An associate degree and 4 years 2 months of work after it: level 3 asks 本6 or 碩4. 碩4's time is served, but
    # it needs a master's, two degrees up; 本6 needs a bachelor's and 1 year 10 months more. The explanation said
    # "requires master's degree or higher" and marked 碩4 the closest.
    from certify.explain import explain
    dossier = dossier_from_data({
        "applicant": {"id": "D", "target_level": 3}, "as_of": "2024-08-31",
        "education": [{"degree": "associate", "graduated": "2020-07-01"}],
        "employment": [{"start": "2020-07-01", "sales": True}]})
    verdict = evaluate(engine, dossier, forecast=True)
    [rule] = [o for o in verdict.level(3).rules if o.rule.id == "L3.education"]
    said = explain(rule, "en")
    assert "but requires bachelor's degree or higher" in said and "1 year 10 months short" in said
    assert "master's" not in said.split("Associate degree")[1]
    line = next(x for x in gap_lines(verdict, 3, "en") if "L3.education" in x)
    assert "alternative 1 (closest): associate degree" in line and "alternative 2: associate degree" in line


def test_a_gap_closed_by_a_degree_not_yet_awarded_says_so(engine, today):
    today(date(2025, 4, 30))  # judged on its as-of date
    # Two months short on the bachelor's path; what closes the gap is the master's due on 2025-05-15.
    dossier = dossier_from_data({
        "applicant": {"id": "ALT", "target_level": 3}, "as_of": "2025-04-30",
        "education": [{"degree": "bachelor", "graduated": "2019-07-01"},
                      {"degree": "master", "graduated": "2025-05-15", "mode": "part_time"}],
        "employment": [{"start": "2016-07-01", "end": "2019-06-30", "sales": True, "it": True},
                       {"start": "2019-07-01", "sales": True, "it": True}],
        "projects": [{"name": "平台", "amount": "600万", "role": "lead", "status": "completed"}]})
    verdict = evaluate(engine, dossier, forecast=True)
    assert verdict.forecast.rules["L3.education"] == date(2025, 5, 15)
    # A part-time degree counts all the work: the 8 years and more done by the as-of date already reach the
    # master's 4, so the date does not wait on the job going on.
    line = next(x for x in gap_lines(verdict, 3, "en") if "L3.education" in x)
    assert line.endswith("Holds on 2025-05-15, when the degree awarded that day counts.")
    zh = next(x for x in gap_lines(verdict, 3, "zh") if "L3.education" in x)
    assert zh.endswith("自2025-05-15起满足（当日取得的学历开始计入）。") and "在职" not in zh
    tenure = next(x for x in gap_lines(evaluate(engine, load_dossier(APPLICANTS / "huang-tao.yaml"), forecast=True,
                                                today=date(2025, 12, 31)), 3, "en") if "L3.sales_tenure" in x)
    assert tenure.endswith("Holds on 2026-01-31 if employment goes on as now.")  # work alone: as before


# 林晓 (fictional): an associate degree, five years in sales, a 600万 project led and completed; a full-time
# bachelor's due on 2027-07-01. Level 3's education needs a bachelor's with six years of work after it.
LIN_XIAO = """\
applicant: {id: A-LX, name: 林晓, target_level: 3}
as_of: 2026-11-28
education:
  - {degree: 大专, graduated: 2016-07-01}
  - {degree: 本科, graduated: 2027-07-01, mode: 全日制}
employment:
  - {employer: 甲公司, start: 2016-08-01, end: 2021-10-31, sales: false, it: true}
  - {employer: 乙公司, start: 2021-11-01, sales: true, it: true}
projects:
  - {name: 某市政务云, amount: 600万, role: 主导运作, status: 已完成}
  - {name: 某区教育平台, amount: 80万, role: 参与, status: 已完成}
"""


@pytest.mark.parametrize("lang, said", [
    ("en", "Holds on 2033-06-30, when work after bachelor's degree 2027-07-01 reaches 6 years, "
           "if employment goes on as now."),
    ("zh", "按目前在职情况，自2033-06-30起满足（届时本科 2027-07-01毕业后工作年限满6年）。")])
def test_a_date_a_degree_not_yet_awarded_brings_names_that_degree(tmp_path, today, lang, said):
    # The readings are about the associate degree (why it fails); the date is the bachelor's: it is named.
    today(date(2026, 11, 28))
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(LIN_XIAO, encoding="utf-8")
    lines = sentences(CliRunner().invoke(main, ["check", str(path), "--lang", lang, "-q"]).stdout)
    gap = next(x.strip() for x in lines if x.strip().startswith("L3.education") and ("[2.1" in x or "条款" in x))
    assert gap.endswith(said), gap
    assert ("associate degree 2016-07-01" if lang == "en" else "专科 2016-07-01") in gap
    # A date whose degree a reading names already says nothing more: Huang Tao's bachelor's, as before.
    verdict = evaluate(Engine(load_ruleset()), dossier_from_data({
        "applicant": {"id": "C", "target_level": 3}, "as_of": "2025-03-31",
        "education": [{"degree": "bachelor", "graduated": "2021-07-01"}],
        "employment": [{"start": "2015-07-01", "sales": True, "it": True}]}), forecast=True, stops=True)
    assert verdict.forecast.degrees["L3.education"] == ("bachelor 2021-07-01", 72)
    line = next(x for x in gap_lines(verdict, 3, lang) if "L3.education" in x)
    assert "2021-07-01" in line.split("。" if lang == "zh" else ". ")[0]
    assert line.endswith(("Holds on 2027-06-30 if employment goes on as now." if lang == "en"
                          else "按目前在职情况，自2027-06-30起满足。"))


def test_the_degree_named_for_a_date_is_one_the_rule_holds_by_alone_that_day(engine):
    named = 0
    for data in synthetic_dossiers(150, seed=11):
        dossier = dossier_from_data(data)
        verdict = evaluate(engine, dossier, forecast=True, stops=True)
        for rule, (label, months) in verdict.forecast.degrees.items():
            degree = next(d for d in dossier.education  # named as the readings name it
                          if f"{d.degree} {d.graduated}" + (" part_time" if d.mode == "part_time" else "") == label)
            alone = dossier.model_copy(update={"education": (degree,)})
            on = lambda day: next(o for lv in evaluate(engine, alone, as_of=day).levels  # noqa: E731
                                  for o in lv.rules if o.rule.id == rule)
            day = verdict.forecast.rules[rule]
            assert on(day).status == PASS and on(day - timedelta(days=1)).status != PASS
            assert facts_of(alone, day).collections["education"][0].values["work_months_after"] == months
            named += 1
    assert named > 20


@pytest.mark.parametrize("lang, holds, passes", [
    ("en", "Holds on 2026-01-31", "Level 3 passes on 2026-01-31"),
    ("zh", "自2026-01-31起满足", "3级自2026-01-31起符合")])
def test_a_date_already_past_today_waits_on_no_job_going_on(tmp_path, today, lang, holds, passes):
    # Huang Tao, as of 2025-12-31, reaches 8 years of sales on 2026-01-31. Judged later, on 2026-11-28, the dossier
    # already records the job running through that date (no end date, or one after it): nothing is assumed.
    caveat = {"en": " if employment goes on as now", "zh": "按目前在职情况，"}[lang]
    end = "." if lang == "en" else "。"
    dossier = APPLICANTS / "huang-tao.yaml"
    ends_later = tmp_path / "ends-later.yaml"
    ends_later.write_text(dossier.read_text(encoding="utf-8").replace(
        "start: 2018-02-01,", "start: 2018-02-01, end: 2026-06-30,"), encoding="utf-8")

    def gap(path, day):
        today(day)
        lines = sentences(CliRunner().invoke(main, ["check", str(path), "--lang", lang, "-q"]).stdout)
        record = json.loads(CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"]).stdout)
        return lines[-3].strip(), lines[-2].strip(), record["levels"][2]["passes_on"]

    for path in (dossier, ends_later):
        tenure, level, passes_on = gap(path, date(2026, 11, 28))
        assert tenure.endswith(holds + end) and caveat not in tenure
        assert level == passes + end
        assert passes_on == "2026-01-31"  # results-v1 gives the date alone, whatever today is
    # Judged before that date (today 2026-01-15), the date still needs the job to go on: said as before.
    for path in (dossier, ends_later):
        tenure, level, passes_on = gap(path, date(2026, 1, 15))
        said = (holds + caveat) if lang == "en" else (caveat + holds)
        assert tenure.endswith(said + end) and passes_on == "2026-01-31"
        assert level == ((passes + caveat) if lang == "en" else (caveat + passes)) + end
    # On the day itself, the work it counts is recorded: no caveat.
    assert caveat not in gap(dossier, date(2026, 1, 31))[1]


def test_a_missing_project_is_never_closed_by_time(engine):
    verdict = evaluate(engine, load_dossier(APPLICANTS / "zhao-lei.yaml"), forecast=True)
    assert verdict.forecast.levels[2] is None
    assert verdict.forecast.rules["L2.project"] is None
    lines = gap_lines(verdict, 2, "en")
    assert lines[-1] == "  Time alone will not make level 2 pass: it needs L2.project (销售经验 2级)."
    assert "CNY 1 short" in lines[1]


# ---- editions: a date may fall under a later edition of the standard ----

EDITIONS = Path(__file__).parent / "rulesets" / "editions"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """2014, 2020 (level 2's project threshold lowered to 80万) and a fictional stricter 2026 (level 3
    needs 9 years in sales, not 8)."""
    folder = tmp_path_factory.mktemp("editions")
    for path in EDITIONS.iterdir():
        shutil.copy(path, folder)
    text = (EDITIONS / "kam-2020.yaml").read_text(encoding="utf-8")
    for old, new in (('version: "2020.1"', 'version: "2026.1"'), ("effective: 2020-01-01", "effective: 2026-01-01"),
                     ("when: {fact: sales_months, at_least: 8 years}", "when: {fact: sales_months, at_least: 9 years}")):
        assert old in text
        text = text.replace(old, new)
    (folder / "kam-2026.yaml").write_text(text, encoding="utf-8")
    return open_rulesets(folder)


def check_across_editions(source, dossier, as_of):
    """passes_on is the first date the level (or rule) holds under the edition in force on each date:
    within an edition's span it holds from its first date to the span's end, so it holds nowhere in a
    span that does not hold on the span's last day."""
    verdict = evaluate(source, dossier, as_of=as_of, forecast=True)
    later = [e for e in source.editions if e.ruleset.effective > as_of]
    ends = [e.ruleset.effective - timedelta(days=1) for e in later] + [as_of + FAR]
    judged = {}

    def on(day):
        if day not in judged:
            judged[day] = evaluate(source, dossier, as_of=day)
        return judged[day]

    checked = 0
    for lv in verdict.levels:
        n, when = lv.number, verdict.forecast.levels[lv.number]
        if lv.status == PASS:
            continue
        for end in ends:
            if when is None or end < when:
                assert on(end).level(n).status != PASS, f"level {n} passes on {end}, before {when}"
        if when is not None:
            assert on(when).level(n).status == PASS and on(when - timedelta(days=1)).level(n).status != PASS
            in_force = source.edition_for(when).meta
            assert verdict.forecast.level_editions.get(n, verdict.ruleset) == in_force
            checked += 1
    for o in (o for lv in verdict.levels for o in lv.rules if o.status != PASS):
        when = verdict.forecast.rules[o.rule.id]
        if when is not None:
            status = lambda day: next((r.status for lv in on(day).levels for r in lv.rules  # noqa: E731
                                       if r.rule.id == o.rule.id), None)
            assert status(when) == PASS and status(when - timedelta(days=1)) != PASS, o.rule.id
    return checked


def test_passes_on_falls_under_the_edition_in_force_on_that_date(editions, today):
    today(date(2025, 12, 31))  # judged on its as-of date: the dates ahead wait on the job going on
    # The 2020 edition alone says level 3 on 2026-01-31; from 2026 on, level 3 needs 9 years in sales.
    dossier = load_dossier(APPLICANTS / "huang-tao.yaml")
    verdict = evaluate(editions, dossier, forecast=True)
    assert verdict.ruleset["version"] == "2020.1" and verdict.forecast.levels[3] == date(2027, 1, 31)
    assert verdict.forecast.level_editions[3]["version"] == "2026.1"
    assert gap_lines(verdict, 3, "en")[-1] == ("  Level 3 passes on 2027-01-31 if employment goes on as now (under "
                                             "edition 2026.1 of the standard, in force from 2026-01-01).")
    assert gap_lines(verdict, 3, "zh")[-1] == "  按目前在职情况，3级自2027-01-31起符合（届时适用2026.1版标准，自2026-01-01起施行）。"
    # In results-v1 records, as an extension beside passes_on: the edition the date falls under.
    level3 = result_record(verdict)["levels"][2]
    assert level3["passes_on"] == "2027-01-31" and level3["passes_on_ruleset"]["version"] == "2026.1"
    assert [(g["rule"], g["passes_on_ruleset"]["effective"]) for g in level3["gaps"]] == [
        ("L3.sales_tenure", "2026-01-01")]
    assert all("passes_on_ruleset" not in lv for lv in result_record(evaluate(editions, dossier, as_of=date(
        2026, 6, 30), forecast=True))["levels"])  # judged by 2026 itself: no later edition to name
    # Time alone never gives level 2 under 2014 (a 999,999 CNY project); the 2020 edition's 80万 does.
    zhao = evaluate(editions, load_dossier(APPLICANTS / "zhao-lei.yaml"), as_of=date(2019, 6, 30), forecast=True)
    assert zhao.forecast.levels[2] == date(2022, 6, 30) and zhao.forecast.rules["L2.project"] == date(2020, 1, 1)
    assert check_across_editions(editions, dossier, dossier.as_of) == 1  # level 3 (level 4: never)
    assert check_across_editions(editions, load_dossier(APPLICANTS / "zhao-lei.yaml"), date(2019, 6, 30)) >= 1


def test_a_gap_closed_by_a_later_edition_taking_effect_says_so(editions, today):
    today(date(2019, 6, 30))  # judged on the as-of date
    # 赵磊 is CNY 1 short of 100万 under 2014; the 2020 edition's 80万 closes it the day it takes effect.
    zhao = load_dossier(APPLICANTS / "zhao-lei.yaml")
    line = lambda v, rule, lang="en": next(x for x in gap_lines(v, 2, lang) if rule in x)  # noqa: E731
    working = evaluate(editions, zhao, as_of=date(2019, 6, 30), forecast=True)
    # His job runs on, but a project's amount does not grow with it: that date does not assume the job goes on.
    assert working.forecast.working and "L2.project" not in working.forecast.rules_by_work
    # The shortfall is against 2014's 100万, the date 2020's: what 2020 requires is said beside it.
    assert line(working, "L2.project").endswith("Holds on 2020-01-01, when edition 2020.1 of the standard takes "
                                                "effect, which requires: led a completed project of 800,000 CNY or more.")
    assert line(working, "L2.project", "zh").endswith("，还差1元。自2020-01-01起满足（2020.1版标准自当日起施行，"
                                                      "该版要求主导运作并完成过金额80万元及以上的项目）。")
    # His years in sales do, and so does the level, which needs them too.
    assert line(working, "L2.sales_tenure").endswith("Holds on 2022-06-30 if employment goes on as now (under edition "
                                                     "2020.1 of the standard, in force from 2020-01-01).")
    assert gap_lines(working, 2, "zh")[-1] == "  按目前在职情况，2级自2022-06-30起符合（届时适用2020.1版标准，自2020-01-01起施行）。"
    # With no job running past the as-of date, more work is not what any date assumes.
    ended = zhao.model_copy(update={"employment": tuple(j.model_copy(update={"end": date(2019, 1, 31)})
                                                         for j in zhao.employment)})
    stopped = evaluate(editions, ended, as_of=date(2019, 6, 30), forecast=True)
    assert not stopped.forecast.working
    assert line(stopped, "L2.project").endswith("Holds on 2020-01-01, when edition 2020.1 of the standard takes "
                                                "effect, which requires: led a completed project of 800,000 CNY or more.")
    assert line(stopped, "L2.project", "zh").endswith("自2020-01-01起满足（2020.1版标准自当日起施行，"
                                                      "该版要求主导运作并完成过金额80万元及以上的项目）。")


def test_a_date_under_a_later_edition_names_it_though_that_edition_is_todays_too(editions, today):
    # docs/applicants.md: the edition is named when it is later than the as-of date's, whichever is in force today.
    today(date(2026, 11, 28))  # the 2020 edition is in force today, as it is on 2022-06-30
    zhao = load_dossier(APPLICANTS / "zhao-lei.yaml")
    verdict = evaluate(editions, zhao, as_of=date(2019, 6, 30), forecast=True)
    assert gap_lines(verdict, 2, "en")[-1] == (
        "  Level 2 passes on 2022-06-30 (under edition 2020.1 of the standard, in force from 2020-01-01).")


def test_a_degree_awarded_under_a_later_edition_is_said_after_the_verb_with_the_edition(editions, today):
    # The master's due on 2026-05-15 closes level 3's education gap, on a date the 2026 edition is in force by.
    today(date(2025, 4, 30))
    dossier = dossier_from_data({
        "applicant": {"id": "ALT", "target_level": 3}, "as_of": "2025-04-30",
        "education": [{"degree": "bachelor", "graduated": "2020-07-01"},
                      {"degree": "master", "graduated": "2026-05-15", "mode": "part_time"}],
        "employment": [{"start": "2016-07-01", "sales": True, "it": True}],
        "projects": [{"name": "平台", "amount": "600万", "role": "lead", "status": "completed"}]})
    verdict = evaluate(editions, dossier, forecast=True)
    assert verdict.forecast.rules["L3.education"] == date(2026, 5, 15)
    line = lambda lang: next(x for x in gap_lines(verdict, 3, lang) if "L3.education" in x)  # noqa: E731
    assert line("en").endswith("Holds on 2026-05-15, when the degree awarded that day counts (under edition 2026.1 "
                               "of the standard, in force from 2026-01-01).")
    # In Chinese the reason follows 满足, in one bracket with the edition.
    assert line("zh").endswith("自2026-05-15起满足（当日取得的学历开始计入；届时适用2026.1版标准，自2026-01-01起施行）。")


def test_passes_on_across_editions_is_exact_for_generated_dossiers(editions):
    checked = sum(check_across_editions(editions, dossier_from_data(data), as_of)
                  for data in synthetic_dossiers(120, seed=41) for as_of in (date(2019, 6, 30), date(2024, 6, 30)))
    assert checked > 40  # dates under every edition were found and checked, not only "never"


def check_by_work(source, dossier, as_of=None, later=0) -> list[bool]:
    """A date is said to need the work to go on exactly when, with every job stopped on the as-of date (or on
    today, `later` days after it, when that is later), the rule or level would not hold on it (judged by the
    edition in force then); a date on or before today never is. What was said, per date."""
    today = (as_of or dossier.as_of or DEFAULT_AS_OF) + timedelta(days=later)
    verdict = evaluate(source, dossier, as_of=as_of, level=1, forecast=True, today=today)  # level 1: every ruleset has
    as_of, forecast = verdict.as_of, verdict.forecast
    stop = max(as_of, today)
    jobs = tuple(j if j.end is not None and j.end <= stop else j.model_copy(update={"end": stop})
                 for j in dossier.employment or () if j.start <= stop)
    stopped = dossier.model_copy(update={"employment": jobs}) if dossier.employment is not None else dossier
    said = []
    for key, when, by_work in [*((n, d, forecast.levels_by_work) for n, d in forecast.levels.items()),
                               *((r, d, forecast.rules_by_work) for r, d in forecast.rules.items())]:
        if when is None or when <= stop:
            assert key not in by_work, key
            continue
        then = evaluate(source, stopped, as_of=when, level=1)
        status = (then.level(key).status if isinstance(key, int)
                  else next(o.status for lv in then.levels for o in lv.rules if o.rule.id == key))
        assert (key in by_work) == (status != PASS), (dossier.applicant.id, key, when)
        said.append(key in by_work)
    return said


def test_a_date_is_said_to_need_the_job_to_go_on_exactly_when_stopping_it_would_miss_the_date(engine, mixed,
                                                                                              editions):
    dossiers = [dossier_from_data(data) for data in synthetic_dossiers(80, seed=43)]
    said = [s for dossier in dossiers for as_of in as_of_dates(dossier) for s in check_by_work(engine, dossier, as_of)]
    # Months facts mixed with projects and degrees in one rule, and work after a part-time degree.
    said += [s for dossier in dossiers for as_of in as_of_dates(dossier)
             for s in check_by_work(Engine(mixed), dossier, as_of)]
    said += [s for data in synthetic_dossiers(40, seed=41) for as_of in (date(2019, 6, 30), date(2024, 6, 30))
             for s in check_by_work(editions, dossier_from_data(data), as_of)]
    assert said.count(True) > 100 and said.count(False) > 10  # both are found, not only one
    # Judged a while after the as-of date: the dates up to today wait on nothing; those after, on work after today.
    later = [s for dossier in dossiers[:40] for as_of in as_of_dates(dossier)
             for s in check_by_work(engine, dossier, as_of, later=400)]
    later += [s for data in synthetic_dossiers(20, seed=41) for as_of in (date(2019, 6, 30), date(2024, 6, 30))
              for s in check_by_work(editions, dossier_from_data(data), as_of, later=900)]
    assert later.count(True) > 20 and later.count(False) > 0


# ---- the forecast against asking the engine about every date ----

def every_date(engine, dossier, as_of):
    """The oracle: each rule's and level's first passing date found by evaluating the dossier
    on every date a months fact reaches a threshold or a degree starts to count (and on the
    as-of date, and the day before the first date the dossier mentions): the first date
    on which each rule passes."""
    thresholds = engine.months_thresholds()
    dates = [d.graduated for d in dossier.education or ()] + [as_of]
    for job in dossier.employment or ():
        dates += [job.start] + ([job.end] if job.end else [])
    low = min(dates) - timedelta(days=1)
    high = add_months(max(dates), max((ts[-1] for ts in thresholds.values()), default=0) + 2)
    reached = crossings(dossier, thresholds, high)
    changes = {d for name, ds in reached.items() for d in (
        [d for one in ds for d in one] if name == "education" else ds) if d}
    changes |= {degree.graduated for degree in dossier.education or ()}
    points = sorted({low, as_of} | {d for d in changes if low < d <= high})
    projects = facts_of(dossier, as_of).collections["projects"]

    def band(ts, ds, day):
        got = [t for t, d in zip(ts, ds) if d and d <= day]
        return got[-1] if got else 0

    def facts_on(day):
        applicant = {name.split(".", 1)[1]: UNKNOWN for name in thresholds if name.startswith("applicant.")}
        for name, ds in reached.items():
            if name != "education":
                applicant[name] = band(thresholds[f"applicant.{name}"], ds, day)
        education = UNKNOWN if dossier.education is None else tuple(
            Item(str(d.degree), {"degree": str(d.degree), "graduated": d.graduated, "mode": str(d.mode),
                                 "work_months_after": UNKNOWN if "education" not in reached else band(
                                     thresholds.get("education.work_months_after", []),
                                     reached["education"][k], day)})
            for k, d in enumerate(dossier.education) if d.graduated <= day)
        return Facts(day, applicant, {"education": education, "projects": projects})

    table = [engine.statuses(facts_on(day)) for day in points]
    firsts = [next((points[i] for i, row in enumerate(table) if row[k] == PASS), None)
              for k in range(len(table[0]))]
    rules, levels, k = {}, {}, 0
    for lv in engine.ruleset.levels:
        mine = firsts[k:k + len(lv.rules)]
        for rule, when in zip(lv.rules, mine):
            rules[rule.id] = None if when == low else when
        k += len(lv.rules)
        levels[lv.level] = None if None in mine or max(mine) == low else max(mine)
    return levels, rules


def as_of_dates(dossier):
    """The dossier's own as-of date, and dates years before and after it."""
    own = resolve_as_of(None, dossier, DEFAULT_AS_OF)
    return own, add_months(own, -41), add_months(own, 27)


def check_against_every_date(engine, dossiers, *, today_known=True):
    checked = 0
    for dossier in dossiers:
        for as_of in as_of_dates(dossier):
            facts = facts_of(dossier, as_of)
            today = tuple(o.status for o in engine.evaluate(facts)) if today_known else None
            got = forecast(engine, dossier, as_of, today, facts if checked % 2 else None)
            assert (got.levels, got.rules) == every_date(engine, dossier, as_of), (dossier, as_of)
            checked += 1
    return checked


MIXED = """
id: forecast-mix
version: "1"
title: {zh: 测试, en: Test}
source: tests only
levels:
  - level: 1
    name: {zh: 一级, en: One}
    rules:
      - {id: L1.work, clause: "1", text: t, requirement: {zh: r, en: r},
         when: {fact: work_months, at_least: 18 months}}
      - id: L1.sales_or_project
        clause: "2"
        text: t
        requirement: {zh: r, en: r}
        when:
          any:
            - {fact: sales_months, at_least: 2 years}
            - {some: projects, where: {fact: amount, at_least: 50万}}
      - id: L1.master
        clause: "3"
        text: t
        requirement: {zh: r, en: r}
        when: {some: education, where: {fact: degree, at_least: master}}
  - level: 2
    name: {zh: 二级, en: Two}
    rules:
      - id: L2.mixed
        clause: "1"
        text: t
        requirement: {zh: r, en: r}
        when:
          all:
            - {fact: it_sales_months, at_least: 3 years}
            - any:
                - {fact: work_months, at_least: 7 years}
                - some: education
                  where:
                    all:
                      - {fact: mode, equals: part_time}
                      - {fact: work_months_after, at_least: 3 years}
      - id: L2.degree_or_sales
        clause: "2"
        text: t
        requirement: {zh: r, en: r}
        when:
          any:
            - some: education
              where:
                all:
                  - {fact: degree, at_least: bachelor}
                  - {fact: work_months_after, at_least: 5 years}
            - {fact: sales_months, at_least: 9 years}
      - id: L2.lead_in_time
        clause: "3"
        text: t
        requirement: {zh: r, en: r}
        when:
          all:
            - {some: projects, where: {fact: role, equals: lead}}
            - {fact: sales_months, at_least: 4 years}
  - level: 3
    name: {zh: 三级, en: Three}
    rules:
      - {id: L3.zero, clause: "1", text: t, requirement: {zh: r, en: r},
         when: {fact: sales_months, at_least: 0 months}}
      - id: L3.any_degree
        clause: "2"
        text: t
        requirement: {zh: r, en: r}
        when: {some: education, where: {fact: work_months_after, at_least: 0 months}}
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    path = tmp_path_factory.mktemp("rulesets") / "forecast-mix.yaml"
    path.write_text(MIXED, encoding="utf-8")
    return load_ruleset(path)


def test_forecast_equals_evaluating_every_date(engine):
    dossiers = [dossier_from_data(data) for data in synthetic_dossiers(300, seed=23)]
    assert check_against_every_date(engine, dossiers) == 900


def test_forecast_equals_evaluating_every_date_under_another_ruleset(mixed):
    # Months facts mixed with projects and degrees in one rule, work after a part-time
    # degree, thresholds of 0 months.
    dossiers = [dossier_from_data(data) for data in synthetic_dossiers(200, seed=29)]
    check_against_every_date(Engine(mixed), dossiers)
    check_against_every_date(Engine(mixed), dossiers[:40], today_known=False)


def test_forecast_equals_evaluating_every_date_without_an_engine_cache():
    # Nothing is shared between dossiers then: the engine is asked every time.
    engine = Engine(load_ruleset(), cache=False)
    dossiers = [dossier_from_data(data) for data in synthetic_dossiers(25, seed=31)]
    check_against_every_date(engine, dossiers, today_known=False)


def test_a_rule_read_in_an_unforeseen_way_is_asked_about_on_every_date(monkeypatch):
    monkeypatch.setattr(forecast_module, "_collect", lambda *args: False)
    engine = Engine(load_ruleset())
    dossiers = [dossier_from_data(data) for data in synthetic_dossiers(60, seed=37)]
    check_against_every_date(engine, dossiers)


@pytest.mark.parametrize("change", [
    {"employment": [{"employer": "A", "start": date(2010, 1, 1), "end": date(9999, 12, 31), "sales": True,
                     "it": True},  # "no end date", as some HR systems write it
                    {"employer": "B", "start": date(2012, 1, 1), "sales": True, "it": True}]},
    {"education": [{"degree": "bachelor", "graduated": date(1950, 1, 1)}]},  # the first day of any career
    {"as_of": date(1950, 1, 1)},
])
def test_dates_at_the_ends_of_the_calendar_are_judged_and_forecast_without_overflow(engine, change):
    data = {"applicant": {"id": "E1", "target_level": 2}, "as_of": date(2025, 6, 30),
            "education": [{"degree": "bachelor", "graduated": date(2015, 7, 1)}],
            "employment": [{"employer": "A", "start": date(2015, 7, 1), "sales": True, "it": True}], **change}
    verdict = evaluate(engine, dossier_from_data(data), forecast=True)
    assert verdict.forecast is not None and len(verdict.levels) == 4
    assert add_months(date(9999, 12, 31), 1) == date.max and add_months(date(1, 1, 1), -1) == date.min


def test_an_end_past_any_career_means_still_running_and_other_dates_there_are_errors():
    job = {"employer": "A", "start": date(2015, 7, 1), "end": date(9999, 12, 31), "sales": True, "it": True}
    dossier = dossier_from_data({"applicant": {"id": "E1"}, "employment": [job]})
    assert dossier.employment[0].end is None
    for key, value in (("as_of", date(9999, 12, 31)),
                       ("education", [{"degree": "bachelor", "graduated": date(9999, 12, 31)}])):
        with pytest.raises(DossierError, match="9999-12-31 is past any career"):
            dossier_from_data({"applicant": {"id": "E1"}, key: value})


def test_the_first_day_past_any_career_is_9000_01_01_itself():
    # LATEST: a date on it or after it is past any career; the day before is still a date of one.
    assert dossier_from_data({"applicant": {"id": "E1"}, "as_of": date(8999, 12, 31)}).as_of == date(8999, 12, 31)
    with pytest.raises(DossierError, match="9000-01-01 is past any career"):
        dossier_from_data({"applicant": {"id": "E1"}, "as_of": date(9000, 1, 1)})
    job = {"start": date(2015, 7, 1), "end": date(9000, 1, 1), "sales": True, "it": True}
    assert dossier_from_data({"applicant": {"id": "E1"}, "employment": [job]}).employment[0].end is None
    job["end"] = date(8999, 12, 31)
    assert dossier_from_data({"applicant": {"id": "E1"}, "employment": [job]}).employment[0].end == date(8999, 12, 31)


def test_the_first_day_of_any_career_is_1950_01_01_and_every_date_before_it_is_an_error():
    # EARLIEST: no applicant's degree, job or cut-off comes before it (the calendar's first day neither); an `end`
    # before it is said so too, not only as an end before its start.
    assert dossier_from_data({"applicant": {"id": "E1"}, "as_of": date(1950, 1, 1)}).as_of == date(1950, 1, 1)
    for key, value in (("as_of", date(1949, 12, 31)), ("as_of", date(1, 1, 1)),
                       ("education", [{"degree": "bachelor", "graduated": date(1900, 1, 3)}]),
                       ("employment", [{"start": date(1905, 7, 6)}])):
        with pytest.raises(DossierError, match=r"(1949-12-31|0001-01-01|1900-01-03|1905-07-06) is before any career "
                                               r"\(a date on or after 1950-01-01\)"):
            dossier_from_data({"applicant": {"id": "E1"}, key: value})
    job = {"start": date(1950, 1, 1), "end": date(1949, 12, 31)}
    with pytest.raises(DossierError) as caught:
        dossier_from_data({"applicant": {"id": "E1"}, "employment": [job]})
    assert caught.value.detail("zh").endswith("1949-12-31 早于任何职业生涯（日期应不早于 1950-01-01）")


DEGREE_AND_SALES = """
id: degree-and-sales
version: "1"
title: {zh: 测试, en: Test}
source: tests only
levels:
  - level: 1
    name: {zh: 一级, en: One}
    rules:
      - {id: L1.bachelor, clause: "1", text: t, requirement: {zh: 本科及以上, en: a bachelor's or higher},
         when: {some: education, where: {fact: degree, at_least: bachelor}}}
      - {id: L1.sales, clause: "2", text: t, requirement: {zh: 销售工作经历满3年, en: 3 years in sales},
         when: {fact: sales_months, at_least: 3 years}}
"""


def test_a_ruleset_that_never_counts_work_after_a_degree_forecasts_a_dossier_with_degrees(tmp_path, today):
    # A standard that asks for a degree, but never for years of work after it: the date is sales tenure's.
    today(date(2025, 6, 30))
    ruleset = tmp_path / "degree-and-sales.yaml"
    ruleset.write_text(DEGREE_AND_SALES, encoding="utf-8")
    path = tmp_path / "wei.yaml"
    path.write_text("applicant: {id: A-W, name: 魏然, target_level: 1}\nas_of: 2025-06-30\n"
                    "education:\n  - {degree: 本科, graduated: 2023-07-01}\n"
                    "employment:\n  - {employer: 甲公司, start: 2023-08-01, sales: true, it: true}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--ruleset", str(ruleset), "-q"])
    assert result.exit_code != 2 and "a bug" not in result.output, result.output
    assert "Level 1 passes on 2026-07-31 if employment goes on as now." in [
        line.strip() for line in sentences(result.stdout)], result.stdout
