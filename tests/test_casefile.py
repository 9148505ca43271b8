"""Ruleset test cases: the case format, the facts shorthand, and the diff a failing case shows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from certify.casefile import CasefileError, casefile_of, find_casefiles, load_casefile
from certify.caserun import run_casefile
from certify.errors import CertifyError, UsageError
from certify.facts import UNKNOWN
from certify.shorthand import facts_from_data
from certify.ruleset import DEFAULT_RULESET

BUNDLED_CASES = casefile_of(DEFAULT_RULESET)


@pytest.fixture
def copies(tmp_path) -> tuple[Path, Path]:
    """A copy of the bundled standard and its cases, to change."""
    ruleset, cases = tmp_path / "kam-2014.yaml", tmp_path / "kam-2014.tests.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    shutil.copy(BUNDLED_CASES, cases)
    return ruleset, cases


def write_cases(tmp_path, body: str) -> Path:
    shutil.copy(DEFAULT_RULESET, tmp_path / "std.yaml")
    path = tmp_path / "std.tests.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_bundled_cases_live_beside_the_standard_and_all_pass():
    assert BUNDLED_CASES.name == "kam-2014.tests.yaml" and BUNDLED_CASES.parent == DEFAULT_RULESET.parent
    assert find_casefiles([]) == [BUNDLED_CASES]
    results = list(run_casefile(BUNDLED_CASES))
    assert len(results) >= 20
    assert [r.title for r in results if not r.ok] == []


def test_a_changed_threshold_fails_with_a_readable_diff(copies):
    ruleset, cases = copies
    text = ruleset.read_text(encoding="utf-8")
    ruleset.write_text(text.replace("at_least: 5 years}", "at_least: 6 years}", 1), encoding="utf-8")
    failed = [r for r in run_casefile(cases) if not r.ok]
    by_name = {r.case.name: r for r in failed}
    result = by_name["a dossier read as of its date qualifies for level 2"]
    assert result.title == "kam-2014.tests.yaml: a dossier read as of its date qualifies for level 2"
    assert result.diff() == """\
  qualified level
    - expected  2
    + actual    1
  level 2 Account Manager (its rules: L2.education pass, L2.sales_tenure fail, L2.project pass)
    - expected  pass
    + actual    fail
  rule L2.sales_tenure (clause 2.1 岗位经验: 5年以上销售工作经历)
    - expected  pass
    + actual    fail
      applicant.sales_months: actual 60, required at_least 72 -> fail
        (sales tenure 5 years, 1 year short of the required at least 6 years)"""


def test_a_failing_case_s_diff_in_chinese_names_items_and_empty_collections_in_chinese(tmp_path):
    path = write_cases(tmp_path, """\
cases:
  - name: 项目金额不足百万
    as_of: 2025-12-31
    facts:
      projects: [{name: 华东数据中心, role: lead, status: completed, amount: 50万}]
      education: [{degree: bachelor, work_months_after: 24}]
    expect: {rules: {L2.project: pass, L1.education: fail}}
  - name: 没有项目
    as_of: 2025-12-31
    facts: {projects: []}
    expect: {rules: {L2.project: pass}}
""")
    first, second = run_casefile(path)
    assert first.line("zh") == "未通过  std.tests.yaml：项目金额不足百万"
    assert first.diff("zh") == """\
  规则 L2.project（条款 2.2 销售经验 2级：成功运作过百万级项目）
    - 预期  符合
    + 实际  不符合
      projects.amount（项目金额）[华东数据中心]：实际 50万元，要求 不少于100万元 → 不符合
        （项目金额50万元（要求不少于100万元），还差50万元）
  规则 L1.education（条款 2.1 学历：本2（本指本科））
    - 预期  不符合
    + 实际  符合
      education.degree（学历）[本科]：实际 本科，要求 本科及以上 → 符合
        （学历为本科（要求本科及以上））
      education.work_months_after（毕业后工作年限）[本科]：实际 2年，要求 不少于2年 → 符合
        （毕业后工作年限2年（要求不少于2年））"""
    assert second.diff("zh").splitlines()[-2:] == ["      projects（项目经历）：实际 0项，要求 至少一项 → 不符合",
                                                   "        （申报材料列出的项目经历为空）"]
    assert first.line() == "FAIL  std.tests.yaml: 项目金额不足百万" and first.diff() == first.diff("en")


def test_items_without_a_name_or_degree_are_named_by_their_place_in_either_language(tmp_path):
    # No sentinel for a degree not given ('UNKNOWN'), and in Chinese no English word for a project.
    path = write_cases(tmp_path, """\
cases:
  - name: unnamed
    as_of: 2025-12-31
    facts: {education: [{work_months_after: 5 years}], projects: [{amount: 100万}]}
    expect: {rules: {L1.education: pass, L2.project: pass}}
""")
    [result] = run_casefile(path)
    items = [line.split("]")[0].split("[")[1] for line in result.diff().splitlines() if "[" in line]
    assert items == ["education 1", "projects 1", "projects 1"]
    items = [line.split("]")[0].split("[")[1] for line in result.diff("zh").splitlines() if "[" in line]
    assert items == ["学历1", "项目1", "项目1"]


def test_the_facts_shorthand_reads_values_as_rulesets_write_them():
    facts = facts_from_data({"sales_months": "5 years", "education": [{"degree": "硕士", "graduated": "2015-07-01"}],
                             "projects": [{"name": "P", "amount": "120万", "stages": ["需求发掘"]}]},
                            date(2025, 1, 1))
    assert facts.applicant == {"work_months": UNKNOWN, "sales_months": 60, "it_sales_months": UNKNOWN}
    [degree] = facts.collections["education"]
    assert degree.label == "master 2015-07-01"
    assert degree.values == {"degree": "master", "graduated": date(2015, 7, 1), "mode": "full_time",
                             "work_months_after": UNKNOWN}
    [project] = facts.collections["projects"]
    assert project.label == "P" and project.values["amount"] == 1200000
    assert project.values["stages"] == frozenset({"discovery"})
    assert project.values["role"] is UNKNOWN and project.values["designation"] is None


def test_the_facts_shorthand_tells_apart_projects_of_one_name_as_a_dossier_does():
    # Else a failing case's readings of two 乙项目 print as one project's, which a dossier's do not.
    facts = facts_from_data({"projects": [{"name": "乙项目"}, {"name": "丙项目"}, {"name": "乙项目"}, {}]},
                            date(2025, 1, 1))
    assert [p.label for p in facts.collections["projects"]] == ["乙项目 #1", "丙项目", "乙项目 #2", "projects 4"]


def test_the_facts_shorthand_reads_months_in_quotes_as_amounts_in_quotes_are_read():
    facts = facts_from_data({"sales_months": "84", "projects": [{"amount": "999999.99"}]}, date(2025, 1, 1))
    assert facts.applicant["sales_months"] == 84


@pytest.mark.parametrize("data, message", [
    ({"sales_month": 3}, "facts: unknown fact 'sales_month' (did you mean 'sales_months'?)"),
    ({"projects": [{"role": "boss"}]}, "facts.projects[0].role: unknown value 'boss' of role (one of: lead, member)"),
    ({"projects": [{"role": "leader"}]}, "facts.projects[0].role: unknown value 'leader' of role (one of: lead, member) "
                                         "(did you mean 'lead'?)"),
    ({"education": {"degree": "bachelor"}}, "facts.education: expected a list of items"),
    ({"projects": [{"stages": "discovery"}]}, "facts.projects[0].stages: expected a list ([discovery]), got 'discovery'"),
])
def test_the_facts_shorthand_rejects_what_it_cannot_read(data, message):
    with pytest.raises(ValueError) as e:
        facts_from_data(data, date(2025, 1, 1))
    assert str(e.value) == message


CASE = """\
cases:
  - name: one
    as_of: 2025-01-01
    facts: {sales_months: 36}
    expect: {rules: {L1.sales_tenure: pass}}
"""


@pytest.mark.parametrize("change, message", [
    (("L1.sales_tenure: pass", "L1.sales_tenur: pass"),
     "std.tests.yaml:5: cases[0].expect: unknown rule 'L1.sales_tenur' (not in kam-2014) "
     "(did you mean 'L1.sales_tenure'?)"),
    (("L1.sales_tenure: pass", "L1.sales_tenure: passed"),
     "std.tests.yaml:5: cases[0].expect: L1.sales_tenure: unknown outcome 'passed' (one of: pass, fail, review)"),
    (("    facts:", "    dossier: {applicant: {id: X}}\n    facts:"),
     "std.tests.yaml:2: cases[0]: a case needs exactly one of dossier or facts"),
    (("    expect:", "    expected: {}\n    expect:"), "std.tests.yaml:5: cases[0]: unknown key 'expected' (did you mean 'expect'?)"),
    (("expect: {rules: {L1.sales_tenure: pass}}", "expect: {levels: {5: pass}}"),
     "std.tests.yaml:5: cases[0].expect: level 5 is not a level of kam-2014 (1-4)"),
    (("    facts:", "    level: 9\n    facts:"), "std.tests.yaml:4: cases[0].level: level 9 is not a level of kam-2014 (1-4)"),
    (("expect: {rules: {L1.sales_tenure: pass}}\n", "expect: {rules: {L1.sales_tenure: pass}}\n  - name: one\n"
      "    as_of: 2025-01-02\n    facts: {sales_months: 36}\n    expect: {rules: {L1.sales_tenure: pass}}\n"),
     "std.tests.yaml:6: cases[1].name: the name 'one' is given to cases[0] too: name each case apart"),
    (("    expect:", "    expect: {rules: {L1.sales_tenure: fail}}\n    expect:"),
     "std.tests.yaml:6: duplicate key 'expect': given here and on line 5"),
    # A required key misspelt: the misspelt key on its line, with the key meant (not "expect: Field required").
    (("    expect:", "    expct:"), "std.tests.yaml:5: cases[0]: unknown key 'expct' (did you mean 'expect'?)"),
    (("    as_of:", "    asof:"), "std.tests.yaml:3: cases[0]: unknown key 'asof' (did you mean 'as_of'?)"),
    # In a rule author's words, not the validation library's ("Field required", "Input should be a valid dictionary
    # or instance of CaseFile"): what is missing, what was expected and what was given.
    (("    as_of: 2025-01-01\n", ""), "std.tests.yaml:2: cases[0].as_of: required key is missing"),
    (("{rules: {L1.sales_tenure: pass}}", "{rules: [L1.sales_tenure]}"),
     "std.tests.yaml:5: cases[0].expect.rules: expected a mapping (key: value), got ['L1.sales_tenure']"),
    (("cases:\n  - name: one\n    as_of: 2025-01-01\n    facts: {sales_months: 36}\n    expect:",
      "- name: one\n  expect:"),  # the cases listed without cases: above them
     "std.tests.yaml: expected a mapping whose key cases: lists the cases, got [{'name': 'one', 'expect': "
     "{'rules': {'L1.sales_tenure': 'pa"),  # the value cut at 60 characters, as every message quotes one
])
def test_a_bad_case_file_names_the_case_and_the_problem_on_its_own_line(tmp_path, change, message):
    path = write_cases(tmp_path, CASE.replace(*change))
    with pytest.raises(CasefileError) as e:
        load_casefile(path)
    assert str(e.value) == str(tmp_path / message)


def test_a_rule_removed_from_the_ruleset_is_said_with_every_line_of_the_file_that_names_it(tmp_path):
    # An author who removes a rule met its id one case at a time, a run each, and was told to write instead a rule
    # the same case already names (L1.sales_tenure beside L1.it_sales_tenure). The first line says every other.
    case = ("  - name: {n}\n    as_of: 2025-01-01\n    facts: {{}}\n    expect:\n"
            "      rules: {{L1.sales_tenure: review, {r}}}\n")
    text = "cases:\n" + "".join(case.format(n=n, r=r) for n, r in (
        ("one", "L1.it_sales_tenure: review"), ("two", "L1.it_sales_tenure: review"), ("three", "L1.education: review"),
        ("four", "L1.it_sales_tenure: review")))
    path = write_cases(tmp_path, text)
    ruleset = tmp_path / "std.yaml"
    kept = ruleset.read_text(encoding="utf-8")
    removed = kept[kept.index("      - id: L1.it_sales_tenure"):kept.index("      - id: L1.sales_cycle")]
    ruleset.write_text(kept.replace(removed, ""), encoding="utf-8")
    with pytest.raises(CasefileError) as e:
        load_casefile(path)
    assert str(e.value) == str(tmp_path / "std.tests.yaml:6: cases[0].expect: unknown rule 'L1.it_sales_tenure' (not "
                                           "in kam-2014; named again on lines 11, 21)")
    assert e.value.message.zh == "未知的规则 'L1.it_sales_tenure'（kam-2014 中没有；第11、21行也写了该规则）"
    # Where the case does not name the rule meant, it is still asked after.
    path.write_text(text.replace("L1.sales_tenure: review, L1.it", "L1.it"), encoding="utf-8")
    with pytest.raises(CasefileError) as e:
        load_casefile(path)
    assert str(e.value).endswith("(not in kam-2014; named again on lines 11, 21) (did you mean 'L1.sales_tenure'?)")


def test_a_pipe_named_as_a_case_file_in_a_folder_is_said_not_waited_on(tmp_path):
    shutil.copy(DEFAULT_RULESET, tmp_path / "kam-2014.yaml")
    shutil.copy(casefile_of(DEFAULT_RULESET), tmp_path / "kam-2014.tests.yaml")
    os.mkfifo(tmp_path / "late.tests.yaml")
    done = subprocess.run([sys.executable, "-m", "certify", "test", str(tmp_path), "-q"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert (f"Error: {tmp_path / 'late.tests.yaml'}: cannot read the case file: not a regular file (a pipe or a "
            "device): not read\n") in done.stderr


def test_a_bad_dossier_in_a_case_names_the_case_and_the_line_of_the_field(tmp_path):
    path = write_cases(tmp_path, CASE.replace("    facts: {sales_months: 36}\n", "    dossier:\n      applicant: {id: X}\n"
                                                                                "      employmnet: []\n"))
    with pytest.raises(CasefileError) as e:
        list(run_casefile(path))
    assert str(e.value) == str(tmp_path / "std.tests.yaml:6: cases[0].dossier: unknown key 'employmnet' "
                                          "(did you mean 'employment'?)")


@pytest.mark.parametrize("facts, line, said", [
    ("      work_months: 40\n      sales_monts: 36\n", 6,
     "facts: unknown fact 'sales_monts' (did you mean 'sales_months'?)"),
    ("      sales_months: 36\n      projects:\n        - role: lead\n          stages: [discovery, signing]\n", 8,
     "facts.projects[0].stages: unknown value 'signing' of stages (one of: discovery, technical_exchange, procurement, "
     "contract_signing, contract_execution, payment_collection, acceptance) (did you mean 'contract_signing'?)"),
    ("      sales_months: 36\n      education: {degree: bachelor}\n", 6, "facts.education: expected a list of items"),
    ("      projects:\n        - {role: lead}\n        - lead\n", 7, "facts.projects[1]: expected a mapping of facts"),
])
def test_a_fact_a_case_gives_that_cannot_be_read_is_said_on_its_own_line_not_the_case_s(tmp_path, facts, line, said):
    path = write_cases(tmp_path, CASE.replace("    facts: {sales_months: 36}\n", "    facts:\n" + facts))
    with pytest.raises(CasefileError) as e:
        list(run_casefile(path))
    assert str(e.value) == f"{tmp_path / 'std.tests.yaml'}:{line}: cases[0]: {said}"


def test_finding_case_files(tmp_path, copies):
    ruleset, cases = copies
    assert find_casefiles([ruleset]) == [cases]
    assert find_casefiles([cases]) == [cases]
    assert find_casefiles([tmp_path]) == [cases]
    lonely = tmp_path / "lonely.yaml"
    lonely.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(UsageError) as e:
        find_casefiles([lonely])
    assert str(e.value) == f"{lonely}: no test cases (write them in {tmp_path / 'lonely.tests.yaml'})"


def test_cases_under_a_name_certify_test_does_not_look_for_are_said_by_name(tmp_path, copies):
    # acme.test.yaml (test, not tests): certify test said only 'no test cases (write them in acme.tests.yaml)', and a
    # folder of editions, reading it as an edition, said 'run them with certify test', which did not find them.
    from certify.editions import load_editions
    ruleset, cases = copies
    misnamed = cases.with_name(ruleset.stem + ".test.yaml")
    cases.rename(misnamed)
    with pytest.raises(UsageError) as e:
        find_casefiles([ruleset])
    assert str(e.value) == (f"{ruleset}: no test cases (write them in {cases}; {misnamed} holds cases: rename it)")
    assert "中有测试用例：请将其改名" in e.value.message.zh
    with pytest.raises(CertifyError) as e:
        load_editions(tmp_path)
    assert f"name the file {cases.name} (certify test finds a ruleset's cases" in str(e.value)
    assert f"请将文件命名为 {cases.name}" in e.value.message.zh


def test_cases_under_another_name_are_told_the_name_of_a_dotted_ruleset_s_cases_and_named_as_cases(tmp_path, copies):
    # kam-2014.1.yaml's cases are kam-2014.1.tests.yaml: lint said to name kam-2014.1.test.yaml kam-2014.tests.yaml,
    # which certify test kam-2014.1.yaml does not look for either; certify test kam-2014.1.test.yaml said to write
    # the cases in kam-2014.1.test.tests.yaml, of a file that holds them; a ruleset's neighbour's cases
    # (kam-2014.2.test.yaml beside kam-2014.1.yaml) were said to be its own.
    from certify.ruleset import load_ruleset
    ruleset, cases = copies
    dotted, misnamed = ruleset.rename(tmp_path / "kam-2014.1.yaml"), cases.rename(tmp_path / "kam-2014.1.test.yaml")
    with pytest.raises(CertifyError) as e:
        load_ruleset(misnamed)
    assert "name the file kam-2014.1.tests.yaml (certify test finds" in str(e.value)
    with pytest.raises(UsageError) as e:
        find_casefiles([misnamed])
    assert str(e.value) == (f"{misnamed}: test cases under a name certify test does not look for: name the file "
                            "kam-2014.1.tests.yaml")
    assert "请将文件命名为 kam-2014.1.tests.yaml" in e.value.message.zh
    misnamed.rename(tmp_path / "kam-2014.2.test.yaml")
    with pytest.raises(UsageError) as e:
        find_casefiles([dotted])
    assert str(e.value) == f"{dotted}: no test cases (write them in {tmp_path / 'kam-2014.1.tests.yaml'})"


def test_cases_that_name_another_ruleset_are_not_run_as_the_named_rulesets(tmp_path, copies):
    # certify test std.yaml must test std.yaml: a case file whose ruleset key names other.yaml would
    # have run against other.yaml and passed, whatever std.yaml says.
    ruleset, cases = copies
    other = tmp_path / "other.yaml"
    shutil.copy(ruleset, other)
    cases.write_text("ruleset: other.yaml\n" + cases.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UsageError) as e:
        find_casefiles([ruleset])
    assert str(e.value) == (f"{cases} tests {other} (its ruleset key), not {ruleset}: run certify test {cases}, "
                            "or change its ruleset key")
    assert find_casefiles([cases]) == [cases]  # named as cases, they test what they say
    cases.write_text(cases.read_text(encoding="utf-8").replace("ruleset: other.yaml", "ruleset: kam-2014.yaml"),
                     encoding="utf-8")
    assert find_casefiles([ruleset]) == [cases]  # naming the ruleset itself is fine


def test_a_qualified_level_of_none_is_said_in_chinese_as_check_and_show_say_it(tmp_path):
    path = write_cases(tmp_path, """\
cases:
  - name: 什么都没有
    as_of: 2025-12-31
    facts: {work_months: 0, sales_months: 0, it_sales_months: 0, education: [], projects: []}
    expect: {qualified_level: 1}
  - name: 预期未达到任何级别
    as_of: 2025-12-31
    facts:
      sales_months: 10 years
      it_sales_months: 1 year
      education: [{degree: bachelor, work_months_after: 10 years}]
      projects:
        - {name: 千万级项目, role: lead, status: completed, amount: 1000万,
           stages: [需求发掘, 技术交流, 商务采购, 合同签订, 合同执行, 项目回款, 项目验收]}
    expect: {qualified_level: 0}
""")
    nothing, more = run_casefile(path)
    # Not "实际  0", which reads as a level numbered 0: 未达到任何级别, as check and show say it.
    assert nothing.diff("zh").splitlines() == ["  认定级别", "    - 预期  1", "    + 实际  未达到任何级别"]
    assert more.diff("zh").splitlines()[:2] == ["  认定级别", "    - 预期  未达到任何级别"]
    # In English the number, as before.
    assert nothing.diff().splitlines() == ["  qualified level", "    - expected  1", "    + actual    0"]
    assert more.diff().splitlines()[1] == "    - expected  0"


def test_every_problem_of_a_case_file_is_said_in_one_run_then_counted(tmp_path):
    # certify test said the misspelt key alone: four runs, fixing one problem each, to find these four.
    case = "  - name: {n}\n    as_of: {d}\n    facts: {{}}\n    {e}\n"
    path = write_cases(tmp_path, "cases:\n" + "".join(case.format(n=n, d=d, e=e) for n, d, e in (
        ("one", "2025-12-31", "expcet: {qualified_level: 0}"),
        ("two", "2025-12-31", "expect: {rules: {L1.educaton: review}}"),
        ("three", "2025-12-31", "expect: {levels: {7: review}}"),
        ("four", "2025-13-31", "expect: {qualified_level: 0}"),
        ("two", "2025-12-31", "expect: {qualified_level: 0}"))))
    with pytest.raises(CasefileError) as e:
        load_casefile(path)
    lines = [f"{tmp_path / 'std.tests.yaml'}:{n}: {said}" for n, said in (
        (5, "cases[0]: unknown key 'expcet' (did you mean 'expect'?)"),  # not its expect said missing as well
        (9, "cases[1].expect: unknown rule 'L1.educaton' (not in kam-2014) (did you mean 'L1.education'?)"),
        (13, "cases[2].expect: level 7 is not a level of kam-2014 (1-4)"),
        (15, "cases[3].as_of: '2025-13-31' is not a real date"),
        (18, "cases[4].name: the name 'two' is given to cases[1] too: name each case apart"))]
    assert [str(x) for x in (e.value, *e.value.more)] == lines
    done = subprocess.run([sys.executable, "-m", "certify", "test", str(tmp_path / "std.yaml")], capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "LANG": "en_US.UTF-8"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [*(f"Error: {x}" for x in lines),
                                        f"{tmp_path / 'std.tests.yaml'}: 5 problems: fix them and run again"]
    zh = subprocess.run([sys.executable, "-m", "certify", "test", str(tmp_path / "std.yaml"), "--lang", "zh"],
                        capture_output=True, text=True, encoding="utf-8", env={**os.environ, "LANG": "en_US.UTF-8"})
    said = zh.stderr.splitlines()
    assert zh.returncode == 2 and len(said) == 6 and all(x.startswith("错误：") for x in said[:5])
    assert "未知的规则 'L1.educaton'（kam-2014 中没有）（是否应为 'L1.education'？）" in said[1]
    assert said[5] == f"{tmp_path / 'std.tests.yaml'}：共 5 处问题，请改正后再运行"
