"""An applicant with a project still in progress is told, in the gap, when completing it would meet a rule."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from certify.check import evaluate
from certify.completing import MOST_SETS, completing_meets
from certify.cli import main
from certify.dossier import Status, dossier_from_data
from certify.engine import Engine
from certify.gaps import gap_lines
from certify.ruleset import load_ruleset
from certify.synthetic import DEFAULT_AS_OF, synthetic_dossiers
from certify.verdict import FAIL, PASS, REVIEW
from samples import sentences


@pytest.fixture(scope="module")
def engine():
    return Engine(load_ruleset())


def dossier(*projects, target=4):
    """A fictional applicant with the years and the degree for level 4: only a project can stand in the way."""
    return {"applicant": {"id": "AP-901", "name": "林晓", "target_level": target}, "as_of": "2025-12-31",
            "education": [{"degree": "本科", "graduated": "2010-07-01"}],
            "employment": [{"employer": "示例科技有限公司", "start": "2010-07-01", "sales": True, "it": True}],
            "projects": list(projects)}


DONE_620 = {"name": "甲项目", "amount": "620万", "role": "主导运作", "status": "已完成"}
LED_1200 = {"name": "乙项目", "amount": "1200万", "role": "主导", "status": "进行中"}


def project_gap(engine, data, lang="en"):
    verdict = evaluate(engine, dossier_from_data(data), forecast=True, stops=True)
    return next(line for line in gap_lines(verdict, 4, lang) if line.lstrip().startswith("L4.project"))


def test_the_gap_names_a_led_project_in_progress_that_would_meet_the_rule_once_completed(tmp_path):
    # The completed 620万 is the closest of the projects that count (380万 short, and it will not grow); the led
    # 1200万 in progress counts for nothing yet. The applicant is told both.
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(json.dumps(dossier(DONE_620, LED_1200), ensure_ascii=False), encoding="utf-8")
    en = " ".join(sentences(CliRunner().invoke(main, ["check", str(path), "--lang", "en"]).stdout))
    zh = "".join(line.strip() for line in CliRunner().invoke(main, ["check", str(path), "--lang", "zh"]).stdout
                 .splitlines())
    assert ("甲项目: project amount CNY 6,200,000, CNY 3,800,000 short of the required at least CNY 10,000,000. "
            "Time alone will not close it; completing 乙项目 (in progress) would meet it.") in en
    assert "还差380万元。仅靠时间无法满足；乙项目（进行中）完成后即可满足。" in zh
    # What the verdict is stays as it was: level 4 fails today, and the machine formats carry no what-if.
    jsonl = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"]).stdout
    record = json.loads(jsonl)
    assert record["target_status"] == FAIL and "would meet" not in jsonl and "完成后即可满足" not in jsonl


def test_a_project_in_progress_that_would_not_meet_the_rule_completed_is_not_named(engine):
    small = dict(LED_1200, name="丙项目", amount="300万")  # too small once completed
    joined = dict(LED_1200, name="丁项目", role="参与")  # not led
    lost = dict(LED_1200, name="戊项目", status="丢单")  # lost: nothing will complete it
    line = project_gap(engine, dossier(DONE_620, small, joined, lost))
    assert line.endswith("Time alone will not close it.")


def test_several_projects_each_of_which_would_meet_the_rule_are_named_as_alternatives(engine):
    other = dict(LED_1200, name="己项目", amount="1.5亿")
    assert project_gap(engine, dossier(DONE_620, LED_1200, other)).endswith(
        "Time alone will not close it; completing 乙项目 or 己项目 (in progress) would meet it.")
    assert project_gap(engine, dossier(DONE_620, LED_1200, other), "zh").endswith(
        "仅靠时间无法满足；乙项目或己项目（进行中）任一完成后即可满足。")


def test_a_rule_time_closes_or_that_passes_gets_no_what_if(engine):
    # Level 3 passes on the 620万 already: nothing to complete; level 4 needs 10 years in sales, which time brings.
    data = dossier(DONE_620, LED_1200)
    data["employment"][0]["start"] = "2017-07-01"
    verdict = evaluate(engine, dossier_from_data(data), forecast=True, stops=True)
    assert set(verdict.forecast.completing) == {"L4.project"}
    assert verdict.forecast.rules["L4.sales_tenure"] == date(2027, 6, 30)


def test_each_project_named_makes_the_rule_pass_or_go_to_review_when_completed_and_no_other_project_does(engine):
    # Over generated dossiers: completing a project named makes its rule pass, or go to review with the readings
    # named open, on the as-of date, judged afresh (the engine deciding); completing any project in progress not
    # named leaves it failing.
    said = {PASS: 0, REVIEW: 0}
    unnamed = 0
    for data in synthetic_dossiers(400, seed=23):
        original = dossier_from_data(data)
        verdict = evaluate(engine, original, as_of=DEFAULT_AS_OF, forecast=True, stops=True)
        failing = [o.rule.id for lv in verdict.levels for o in lv.rules
                   if o.status == FAIL and verdict.forecast.rules[o.rule.id] is None]
        for k, project in enumerate(original.projects or ()):
            if project.status is not Status.in_progress:
                continue
            done = original.model_copy(update={"projects": tuple(
                p.model_copy(update={"status": Status.completed}) if i == k else p
                for i, p in enumerate(original.projects))})
            outcomes = {o.rule.id: o for lv in evaluate(engine, done, as_of=DEFAULT_AS_OF).levels for o in lv.rules}
            for rule in failing:
                named = [c for c in verdict.forecast.completing.get(rule, ()) if c.projects == (project.name,)]
                if named:
                    said[named[0].status] += 1
                    assert outcomes[rule].status == named[0].status, (data, rule)
                    assert named[0].open == tuple(r for r in outcomes[rule].readings if r.status != PASS)
                elif sum(p.name == project.name for p in original.projects) == 1:
                    unnamed += 1
                    assert outcomes[rule].status == FAIL, (data, rule)
        # the 2014 standard never needs two projects at once, so no set of two is ever named under it
        assert all(len(c.projects) == 1 for sets in verdict.forecast.completing.values() for c in sets)
    assert said[PASS] and said[REVIEW] and unnamed  # the sample has all three


def test_a_project_whose_amount_is_not_given_would_put_the_rule_to_the_committee_once_completed(tmp_path):
    # Completed and led, a project without its amount cannot be judged big enough or not: the committee would
    # judge it. The applicant is told so, and why, in the words the explanation gives a rule in review.
    unpriced = {"name": "乙项目", "role": "主导", "status": "进行中"}
    path = tmp_path / "lin-xiao.yaml"
    path.write_text(json.dumps(dossier(DONE_620, unpriced), ensure_ascii=False), encoding="utf-8")
    en = " ".join(sentences(CliRunner().invoke(main, ["check", str(path), "--lang", "en"]).stdout))
    zh = "".join(line.strip() for line in CliRunner().invoke(main, ["check", str(path), "--lang", "zh"]).stdout
                 .splitlines())
    assert ("CNY 3,800,000 short of the required at least CNY 10,000,000. Time alone will not close it; completing "
            "乙项目 (in progress) would put it to the committee's review (乙项目: project amount not given, so it "
            "cannot be decided).") in en
    assert "还差380万元。仅靠时间无法满足；乙项目（进行中）完成后需评审委员会核实（乙项目：项目金额未提供，无法判断）。" in zh
    # The same words as the rule in review reads once the project is completed, as the committee would see it.
    unpriced["status"] = "已完成"
    path.write_text(json.dumps(dossier(DONE_620, unpriced), ensure_ascii=False), encoding="utf-8")
    done = " ".join(sentences(CliRunner().invoke(main, ["check", str(path), "--lang", "en"]).stdout))
    assert "L4.project [2.2 销售经验 4级]: 乙项目: project amount not given, so it cannot be decided." in done
    # Nothing of it in the machine formats: the verdict is what the dossier is.
    unpriced["status"] = "进行中"
    path.write_text(json.dumps(dossier(DONE_620, unpriced), ensure_ascii=False), encoding="utf-8")
    jsonl = CliRunner().invoke(main, ["check", str(path), "--format", "jsonl"]).stdout
    assert json.loads(jsonl)["target_status"] == FAIL and "committee's review" not in jsonl and "需评审" not in jsonl


def test_what_would_meet_the_rule_is_said_before_what_would_put_it_to_the_committee(engine):
    # A designation claimed without the committee's reference is a claim to verify, as any other is.
    claimed = dict(LED_1200, name="丙项目", amount="300万", designation="industry_key")
    unpriced = {"name": "丁项目", "role": "主导", "status": "进行中"}
    data = dossier(DONE_620, claimed, LED_1200, unpriced)
    assert project_gap(engine, data).endswith(
        "Time alone will not close it; completing 乙项目 (in progress) would meet it; completing 丙项目 or 丁项目 "
        "(in progress) would put it to the committee's review (丙项目: project designation industry (regional) key "
        "project is claimed without a designation reference: it needs the committee's recognition; 丁项目: project "
        "amount not given, so it cannot be decided).")
    assert project_gap(engine, data, "zh").endswith(
        "仅靠时间无法满足；乙项目（进行中）完成后即可满足；丙项目或丁项目（进行中）任一完成后需评审委员会核实（丙项目："
        "项目认定等级为行业（区域）重点项目，但未提供认定依据，须经评审委员会认定；丁项目：项目金额未提供，无法判断）。")


# Another company's standard may ask, in one rule, for two projects: a led one of 300万 or more, and one
# (any role) through contract signing and payment collection. The format writes it as `all` of two `some`.
TWO_PROJECTS = """id: xy-2023
version: "2023.1"
title: {zh: 某公司销售任职资格标准, en: A company's sales qualification standard}
source: 某公司销售任职资格标准（虚构）
levels:
  - level: 1
    name: {zh: 销售经理, en: Sales Manager}
    rules:
      - id: L1.projects
        clause: "第五条"
        text: 主导完成过三百万项目，并参与完成过经历合同签订与回款的项目
        requirement:
          zh: 主导完成过金额300万元及以上的项目，并完成过经历合同签订与项目回款的项目
          en: led a completed project of 3,000,000 CNY or more, and completed one through contract signing and payment
        when:
          all:
            - some: projects
              where:
                all:
                  - {fact: role, equals: lead}
                  - {fact: status, equals: completed}
                  - {fact: amount, at_least: 300万}
            - some: projects
              where:
                all:
                  - {fact: status, equals: completed}
                  - {fact: stages, contains_all: [contract_signing, payment_collection]}
"""


def test_a_rule_that_needs_two_projects_completed_at_once_names_them_together(tmp_path):
    ruleset = tmp_path / "xy-2023.yaml"
    ruleset.write_text(TWO_PROJECTS, encoding="utf-8")
    led = {"name": "乙项目", "amount": "500万", "role": "主导", "status": "进行中", "stages": ["需求发掘"]}
    paid = {"name": "丙项目", "amount": "80万", "role": "参与", "status": "进行中", "stages": ["合同签订", "项目回款"]}
    data = dossier(led, paid, target=1)
    other = Engine(load_ruleset(ruleset))

    def gap(data, lang="en"):
        verdict = evaluate(other, dossier_from_data(data), forecast=True, stops=True)
        return next(line for line in gap_lines(verdict, 1, lang) if "L1.projects" in line)

    # Neither alone would meet it: the led one has no contract signed, the other was not led.
    for k in range(2):
        done = dict(data, projects=[dict(p, status="已完成") if i == k else p for i, p in enumerate(data["projects"])])
        assert evaluate(other, dossier_from_data(done)).level(1).rules[0].status == FAIL
    assert gap(data).endswith(
        "Time alone will not close it; completing 乙项目 and 丙项目 together (in progress) would meet it.")
    assert gap(data, "zh").endswith("仅靠时间无法满足；乙项目、丙项目（进行中）都完成后即可满足。")
    # Two pairs that would each meet it: either will do, which the Chinese says with 其中任一组 (任一组都完成后 reads
    # as every pair completed, 任一…都 being "each"), and the English once for both pairs, before them: "(in progress)"
    # after the last pair alone read as said of it alone.
    third = dict(led, name="丁项目", amount="600万")
    assert gap(dict(data, projects=[led, paid, third])).endswith(
        "Time alone will not close it; completing any one of these sets of projects in progress would meet it: "
        "乙项目 and 丙项目, or 丙项目 and 丁项目.")
    assert gap(dict(data, projects=[led, paid, third]), "zh").endswith(
        "仅靠时间无法满足；乙项目、丙项目，或丙项目、丁项目（进行中）其中任一组全部完成后即可满足。")
    # Where one of them is completed already, completing the other meets it: it is named alone.
    done = dict(data, projects=[led, dict(paid, status="已完成")])
    assert gap(done).endswith("Time alone will not close it; completing 乙项目 (in progress) would meet it.")


def test_each_set_named_under_a_rule_of_two_projects_does_what_it_says_and_no_smaller_one_does(tmp_path):
    # Over generated dossiers, judged afresh: completing a set named gives the rule the outcome said, and
    # completing any one project of a pair alone does not.
    ruleset = tmp_path / "xy-2023.yaml"
    ruleset.write_text(TWO_PROJECTS, encoding="utf-8")
    other = Engine(load_ruleset(ruleset))

    def status(original, names):
        done = original.model_copy(update={"projects": tuple(
            p.model_copy(update={"status": Status.completed}) if p.name in names and p.status is Status.in_progress
            else p for p in original.projects)})
        return evaluate(other, done, as_of=DEFAULT_AS_OF).level(1).rules[0].status

    sizes = []
    for data in synthetic_dossiers(300, seed=41):
        data["applicant"].pop("target_level", None)
        original = dossier_from_data(data)
        if len({p.name for p in original.projects or ()}) < len(original.projects or ()):
            continue  # two projects of one name: a set names them alike
        verdict = evaluate(other, original, as_of=DEFAULT_AS_OF, forecast=True, stops=True)
        for completing in verdict.forecast.completing.get("L1.projects", ()):
            sizes.append(len(completing.projects))
            assert status(original, completing.projects) == completing.status, data
            if len(completing.projects) > 1:
                assert all(status(original, (name,)) != completing.status for name in completing.projects), data
    assert 1 in sizes and 2 in sizes


def test_many_projects_in_progress_cost_a_bounded_number_of_judgements(tmp_path):
    ruleset = tmp_path / "xy-2023.yaml"
    ruleset.write_text(TWO_PROJECTS, encoding="utf-8")
    other = Engine(load_ruleset(ruleset))
    asked = []

    class Counting:
        ruleset = other.ruleset

        def statuses(self, facts):
            asked.append(facts)
            return other.statuses(facts)

        def evaluate(self, facts):
            return other.evaluate(facts)

    many = [{"name": f"项目{k}", "amount": "80万", "role": "参与", "status": "进行中", "stages": ["需求发掘"]}
            for k in range(30)]
    completing_meets(Counting(), dossier_from_data(dossier(*many, target=1)), date(2025, 12, 31), ["L1.projects"])
    assert len(asked) == 30 + MOST_SETS  # each project alone, then pairs up to the bound (435 pairs in all)


def test_two_projects_of_one_name_are_told_apart_by_their_place_among_those_of_that_name(engine, tmp_path):
    # Two projects in progress both named 乙项目: one led 1200万 that would meet level 4, one of no amount that
    # would only put it to the committee. "completing 乙项目 would meet it; completing 乙项目 would put it to the
    # committee's review" would leave the applicant to guess which is which.
    data = dossier(DONE_620, LED_1200, {"name": "乙项目", "role": "主导", "status": "进行中"})
    assert project_gap(engine, data).endswith(
        "Time alone will not close it; completing 乙项目 #1 (in progress) would meet it; completing 乙项目 #2 (in "
        "progress) would put it to the committee's review (乙项目 #2: project amount not given, "
        "so it cannot be decided).")
    assert project_gap(engine, data, "zh").endswith(
        "仅靠时间无法满足；乙项目 #1（进行中）完成后即可满足；乙项目 #2（进行中）完成后需评审委员会核实"
        "（乙项目 #2：项目金额未提供，无法判断）。")
    # A name borne by one project only is said as written, whatever the others are called.
    assert "completing 乙项目 (in progress) would meet it" in project_gap(engine, dossier(DONE_620, LED_1200))
    # Its place counts only the projects of its name: the 乙项目 listed third is 乙项目 #2.
    third = dossier(LED_1200, DONE_620, {"name": "乙项目", "amount": "2000万", "role": "主导", "status": "进行中"})
    assert project_gap(engine, third).endswith(
        "completing 乙项目 #1 or 乙项目 #2 (in progress) would meet it.")


def test_a_pair_of_projects_of_one_name_is_named_as_two(tmp_path):
    ruleset = tmp_path / "xy-2023.yaml"
    ruleset.write_text(TWO_PROJECTS, encoding="utf-8")
    led = {"name": "乙项目", "amount": "500万", "role": "主导", "status": "进行中", "stages": ["需求发掘"]}
    paid = {"name": "乙项目", "amount": "80万", "role": "参与", "status": "进行中", "stages": ["合同签订", "项目回款"]}
    verdict = evaluate(Engine(load_ruleset(ruleset)), dossier_from_data(dossier(led, paid, target=1)),
                       forecast=True, stops=True)
    en, zh = (next(line for line in gap_lines(verdict, 1, lang) if "L1.projects" in line) for lang in ("en", "zh"))
    assert en.endswith("Time alone will not close it; completing 乙项目 #1 and 乙项目 #2 together (in progress) would "
                       "meet it.")
    assert zh.endswith("仅靠时间无法满足；乙项目 #1、乙项目 #2（进行中）都完成后即可满足。")
