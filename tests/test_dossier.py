"""The dossier-v1 model: amounts, enum names, strictness and the errors a person sees."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from certify.dossier import (ALIASES, DEGREE_ORDER, Applicant, Degree, Designation, Dossier,
                             Project, Role, Stage, Status, StudyMode, dossier_from_data)
from certify.errors import DossierError
from certify.load import parse_dossier
from certify.values import parse_amount


def problem(data: object) -> DossierError:
    with pytest.raises(DossierError) as info:
        dossier_from_data(data)
    return info.value


def with_applicant(**sections: object) -> dict:
    return {"applicant": {"id": "E1"}, **sections}


JOB = {"start": "2014-08-01"}
PROJECT = {"name": "p", "role": "lead", "status": "completed"}


@pytest.mark.parametrize(("text", "expected"), [
    (1000000, "1000000"),
    (0, "0"),
    (1234.5, "1234.5"),
    (0.1, "0.1"),
    (Decimal("6200000.00"), "6200000"),
    ("1000000", "1000000"),
    ("1,000,000", "1000000"),
    ("¥6,200,000", "6200000"),
    ("￥6,200,000", "6200000"),
    ("6200000元", "6200000"),
    ("620万", "6200000"),
    ("620万元", "6200000"),
    ("620 万元", "6200000"),
    ("1.2亿", "120000000"),
    ("1.2亿元", "120000000"),
    ("0.5亿", "50000000"),
    ("12.5万", "125000"),
    ("  1,234,567.89 ", "1234567.89"),
])
def test_amount_forms(text: object, expected: str) -> None:
    amount = parse_amount(text)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # normalized: no exponent, no trailing zeros


@pytest.mark.parametrize(("value", "words"), [
    (True, "got true"),
    (-1, "must be ≥ 0"),
    ("-5万", "must be ≥ 0"),
    (float("nan"), "finite"),
    (float("inf"), "finite"),
    (Decimal("NaN"), "finite"),
    ("", "'620万'"),
    ("abc", "got 'abc'"),
    ("620千", "got '620千'"),
    ("1,0000", "text like"),
    ("1e6", "text like"),
    (None, "got null"),
])
def test_amount_rejections(value: object, words: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_amount(value)
    assert words in str(info.value)
    assert re.search("[\u4e00-\u9fff]", info.value.args[0].zh)  # said in Chinese too


def test_amount_never_goes_through_float() -> None:
    assert parse_amount("0.1亿") == Decimal("10000000")
    assert parse_amount("987654321098765.43") == Decimal("987654321098765.43")  # 17 digits: past a float's


def test_a_target_level_with_leading_zeros_says_how_to_write_it() -> None:
    with pytest.raises(DossierError, match=r"got '02' \(write it without leading zeros\)"):
        parse_dossier("applicant: {id: E1, target_level: 02}\n", "x.yaml")


@pytest.mark.parametrize("written", ["'3.0'", '"3.00"', "' 3.0 '", "'３.０'", "'L3'", "'Lv.3'", "'level 3'"])
def test_a_target_level_quoted_as_3_0_says_to_write_3_as_the_other_spellings_of_level_3_do(written) -> None:
    with pytest.raises(DossierError) as caught:
        parse_dossier(f"applicant: {{id: E1, target_level: {written}}}\n", "x.yaml")
    assert caught.value.detail().endswith(" (write 3)") and caught.value.detail("zh").endswith("（请写 3）")


@pytest.mark.parametrize("written", ["'0.0'", "'3.5'", "'L3.0'", "'-3.0'"])
def test_a_quoted_level_with_a_fraction_of_no_level_gets_no_number_to_write(written) -> None:
    with pytest.raises(DossierError) as caught:
        parse_dossier(f"applicant: {{id: E1, target_level: {written}}}\n", "x.yaml")
    assert caught.value.detail().endswith(f"got {written}")


def test_an_amount_past_any_project_is_an_error_not_a_crash() -> None:
    with pytest.raises(ValueError, match=r"less than 1000万亿 \(10\^15\) yuan, got a number of about 32 digits"):
        parse_amount(10 ** 31)
    with pytest.raises(ValueError, match="less than 1000万亿"):
        parse_amount("10000000亿")
    assert parse_amount("9999999亿") == Decimal("9999999") * 10 ** 8


def test_every_alias_names_a_canonical_value() -> None:
    for enum, table in ALIASES.items():
        for alias, canonical in table.items():
            assert enum(alias) == enum(canonical) == canonical


def test_chinese_names_validate_to_canonical_values() -> None:
    dossier = dossier_from_data(with_applicant(
        education=[{"degree": "碩士", "graduated": "2012-07-01", "mode": "非全日制"}],
        projects=[{"name": "p", "role": "主导", "status": "进行中",
                   "stages": ["商务采购(招投标)", "招投标", "项目验收"], "designation": "区域重点项目"}]))
    assert dossier.education[0].degree is Degree.master
    assert dossier.education[0].mode is StudyMode.part_time
    project = dossier.projects[0]
    assert (project.role, project.status, project.designation) == (
        Role.lead, Status.in_progress, Designation.industry_key)
    assert project.stages == (Stage.procurement, Stage.procurement, Stage.acceptance)


def test_degree_order_ranks_every_degree() -> None:
    assert DEGREE_ORDER == tuple(Degree)


@pytest.mark.parametrize(("field", "value", "hint"), [
    ("degree", "bachelors", "bachelor"),
    ("degree", "Master", "master"),
    ("mode", "fulltime", "full_time"),
])
def test_education_enum_did_you_mean(field: str, value: str, hint: str) -> None:
    entry = {"degree": "bachelor", "graduated": "2014-07-01", field: value}
    err = problem(with_applicant(education=[entry]))
    assert (err.path, err.hint) == (f"education[0].{field}", hint)


def test_project_enum_did_you_mean_and_list() -> None:
    err = problem(with_applicant(projects=[{**PROJECT, "status": "complete", "stages": ["xyz"]}]))
    assert str(err) == "projects[0].status: unknown status 'complete' (did you mean 'completed'?)"
    assert err.problems[1] == (
        "projects[0].stages[0]",
        "unknown stage 'xyz' (expected discovery, technical_exchange, procurement, contract_signing, "
        "contract_execution, payment_collection or acceptance)", None)


def test_sections_absent_empty_and_null() -> None:
    dossier = dossier_from_data(with_applicant(education=[], employment=None))
    assert dossier.education == ()
    assert dossier.employment is None
    assert dossier.projects is None
    assert dossier_from_data(with_applicant(projects=[{**PROJECT, "stages": []}])).projects[0].stages == ()
    assert dossier_from_data(with_applicant(projects=[PROJECT])).projects[0].stages is None


def test_defaults_and_normalisation() -> None:
    dossier = dossier_from_data({
        "applicant": {"id": 1024, "target_level": 7},
        "education": [{"degree": "bachelor", "graduated": date(2014, 7, 1)}],
        "employment": [JOB],
        "projects": [{**PROJECT, "amount": "620万", "designation_ref": "  "}],
    })
    assert dossier.applicant == Applicant(id="1024", target_level=7)
    assert dossier.education[0].mode is StudyMode.full_time
    job = dossier.employment[0]
    assert (job.start, job.end, job.sales, job.it) == (date(2014, 8, 1), None, False, False)
    assert dossier.projects[0].amount == Decimal("6200000")
    assert dossier.projects[0].designation_ref is None


def test_models_are_frozen_and_reject_unknown_keys() -> None:
    dossier = dossier_from_data(with_applicant())
    with pytest.raises(ValidationError):
        dossier.as_of = date(2020, 1, 1)
    with pytest.raises(ValidationError):
        Project(name="p", role="lead", status="completed", budget=1)
    assert isinstance(hash(dossier), int)
    assert Dossier.model_config["extra"] == "forbid"


FIRST_PROBLEMS = [
    ({"applicant": {"id": "E1"}, "employmnet": []}, "", "unknown key 'employmnet'", "employment"),
    (with_applicant(employment=[{"strat": "2014-08-01"}]),
     "employment[0]", "unknown key 'strat'", "start"),
    ({"applicant": {"id": "E1", "nmae": "x"}}, "applicant", "unknown key 'nmae'", "name"),
    ({"applicant": {"id": "E1"}, 2014: "x"}, "", "unknown key '2014' (the dossier itself takes these keys: applicant, "
     "as_of, education, employment and projects)", None),
    ({"applicant": {}}, "applicant.id", "required key is missing", None),
    ({"as_of": "2026-12-31"}, "applicant", "required key is missing", None),
    ({"applicant": {"id": " "}}, "applicant.id", "must not be empty", None),
    ({"applicant": {"id": 1.5}}, "applicant.id", "expected text or a whole number, got the number 1.5", None),
    ({"applicant": {"id": True}}, "applicant.id", "expected text or a whole number, got true", None),
    ({"applicant": {"id": "E1", "target_level": True}}, "applicant.target_level",
     "expected a whole number ≥ 1, got true", None),
    ({"applicant": {"id": "E1", "target_level": 0}}, "applicant.target_level",
     "expected a whole number ≥ 1, got the number 0", None),
    ({"applicant": {"id": "E1", "target_level": "2"}}, "applicant.target_level",
     "expected a whole number ≥ 1, got '2'", None),
    ({"applicant": {"id": "E1", "name": 42}}, "applicant.name",
     "expected text, got the number 42 (put it in quotes)", None),
    (with_applicant(as_of="20140701"), "as_of", "expected a date as YYYY-MM-DD, got '20140701'", None),
    (with_applicant(as_of="2014-7-1"), "as_of", "expected a date as YYYY-MM-DD, got '2014-7-1'", None),
    (with_applicant(as_of=20140701), "as_of", "expected a date as YYYY-MM-DD, got the number 20140701", None),
    (with_applicant(as_of="2014-07-01T00:00:00"), "as_of", "expected a date as YYYY-MM-DD, got", None),
    (with_applicant(as_of="2014-02-30"), "as_of", "'2014-02-30' is not a real date", None),
    (with_applicant(employment=[{**JOB, "end": "2014-07-31"}]), "employment[0].end",
     "end 2014-07-31 is before start 2014-08-01", None),
    (with_applicant(employment=[{**JOB, "sales": "true"}]), "employment[0].sales",
     "expected true or false, got 'true'", None),
    (with_applicant(employment=[{**JOB, "it": 1}]), "employment[0].it",
     "expected true or false, got the number 1", None),
    (with_applicant(projects=[{**PROJECT, "amount": -5}]), "projects[0].amount",
     "an amount must be ≥ 0, got the number -5", None),
    (with_applicant(projects=[{**PROJECT, "name": "  "}]), "projects[0].name", "must not be empty", None),
    (with_applicant(projects=[{"name": "p", "status": "completed"}]), "projects[0].role",
     "required key is missing", None),
    (with_applicant(projects=[PROJECT, "p2"]), "projects[1]",
     "expected a mapping (key: value pairs), got 'p2'", None),
    (with_applicant(education={"degree": "bachelor"}), "education", "expected a list, got a mapping", None),
    (with_applicant(projects=[{**PROJECT, "stages": "discovery"}]), "projects[0].stages",
     "expected a list, got 'discovery'", None),
    ([{"applicant": {"id": "E1"}}], "", "a dossier must be a mapping with an 'applicant' key, got a list", None),
    (None, "", "a dossier must be a mapping with an 'applicant' key, got null", None),
]


@pytest.mark.parametrize(("data", "path", "message", "hint"), FIRST_PROBLEMS)
def test_first_problem(data: object, path: str, message: str, hint: str | None) -> None:
    err = problem(data)
    assert err.path == path
    assert err.message.startswith(message)
    assert err.hint == hint
    assert err.file is None and err.line is None
    assert "pydantic" not in str(err) and "Input should" not in str(err)


# What may stay in Latin letters in a Chinese message: the value or key as written (quoted),
# the formats and words a dossier itself is written in.
_AS_WRITTEN = re.compile(r"'[^']*'|YYYY-MM-DD|true|false|null|applicant|10\^15")


@pytest.mark.parametrize(("data", "path", "message", "hint"), FIRST_PROBLEMS)
def test_every_problem_is_said_in_chinese_too(data: object, path: str, message: str, hint: str | None) -> None:
    err = problem(data)
    zh = err.detail("zh")
    assert err.detail("en").startswith(f"{path}: {message}" if path else message)  # English unchanged
    said = zh.removeprefix(f"{path}: ")
    assert not re.search("[A-Za-z]", _AS_WRITTEN.sub("", said)), said
    assert re.search("[\u4e00-\u9fff]", said), said
    if hint:
        assert zh.endswith(f"（是否应为 '{hint}'？）")


def test_all_problems_are_listed_in_order() -> None:
    err = problem({
        "applicant": {"id": "E1", "target_level": "2"},
        "employment": [{"start": "2014-08-01", "end": "2013-01-01", "sales": "yes"}],
        "projects": [{"name": "p", "role": "leed", "status": "completed"}],
    })
    assert err.problems == [
        ("applicant.target_level", "expected a whole number ≥ 1, got '2' (write 2, without quotes)", None),
        ("employment[0].end", "end 2013-01-01 is before start 2014-08-01", None),
        ("employment[0].sales", "expected true or false, got 'yes' (write true)", None),
        ("projects[0].role", "unknown role 'leed'", "lead"),
    ]
    assert err.locs[1] == ("employment", 0, "end")


def test_misspelt_required_key_is_reported_once() -> None:
    err = problem(with_applicant(employment=[{"strat": "2014-08-01"}]))
    assert err.problems == [("employment[0]", "unknown key 'strat'", "start")]
    assert err.locs == [("employment", 0, "strat")]
    assert str(err) == "employment[0]: unknown key 'strat' (did you mean 'start'?)"


def test_an_id_in_a_project_is_not_said_to_be_the_applicants() -> None:
    # a project's own number (项目编号), not the applicant's id misplaced
    assert problem(with_applicant(projects=[{**PROJECT, "id": "XM-01"}])).problems == [
        ("projects[0]", "unknown key 'id' (a project takes these keys: name, amount, role, status, stages, designation "
                        "and designation_ref)", None)]
    assert problem({"applicant": {"name": "x"}, "id": "E1"}).problems[-1] == (
        "", "unknown key 'id' here: it is a key of the applicant, under applicant", None)


@pytest.mark.parametrize(("data", "path", "en", "zh"), [
    # a project's amount written in a job: where it belongs, not a did-you-mean of a job's keys
    (with_applicant(employment=[{**JOB, "amount": "620万"}]), "employment[0]",
     "unknown key 'amount' here: it is a key of a project, under projects", "此字段属于项目，应写在 projects 下"),
    # a job's flag in a project: 'sales' is no misspelt 'stages'
    (with_applicant(projects=[{**PROJECT, "sales": True}]), "projects[0]",
     "unknown key 'sales' here: it is a key of a job, under employment", "此字段属于工作经历，应写在 employment 下"),
    ({"applicant": {"id": "E1", "as_of": "2026-12-31"}}, "applicant",
     "unknown key 'as_of' here: it is a key of the dossier itself, at the top (not indented)", "应顶格书写"),
    ({"applicant": {"id": "E1"}, "target_level": 3}, "",
     "unknown key 'target_level' here: it is a key of the applicant, under applicant", "应写在 applicant 下"),
])
def test_a_key_written_in_another_section_says_where_it_belongs(data, path, en, zh) -> None:
    err = problem(data)
    assert err.problems == [(path, en, None)]
    assert zh in err.problems[0][1].zh


@pytest.mark.parametrize(("data", "path", "key", "hint"), [
    (with_applicant(employment=[{**JOB, "end_date": "2016-05-31"}]), "employment[0]", "end_date", "end"),
    (with_applicant(projects=[{**PROJECT, "contract_amount": "620万"}]), "projects[0]", "contract_amount", "amount"),
    (with_applicant(education=[{"degree": "bachelor", "graduated": "2015-01-10", "part_time": True}]),
     "education[0]", "part_time", "mode: part_time"),
])
def test_a_key_with_a_known_key_as_one_of_its_words_suggests_it(data, path, key, hint) -> None:
    assert problem(data).problems == [(path, f"unknown key '{key}'", hint)]


@pytest.mark.parametrize(("data", "path", "en", "zh"), [
    (with_applicant(projects=[{**PROJECT, "customer": "某市交通局"}]), "projects[0]",
     "unknown key 'customer' (a project takes these keys: name, amount, role, status, stages, designation and "
     "designation_ref)", "未知字段 'customer'（项目只接受这些字段：'name'、'amount'、'role'、'status'、'stages'、'designation'、'designation_ref'）"),
    (with_applicant(education=[{"degree": "bachelor", "graduated": "2015-07-01", "school": "某大学"}]), "education[0]",
     "unknown key 'school' (a degree takes these keys: degree, graduated and mode)",
     "未知字段 'school'（学历只接受这些字段：'degree'、'graduated'、'mode'）"),
    (with_applicant(employment=[{**JOB, "position": "销售经理"}]), "employment[0]",
     "unknown key 'position' (a job takes these keys: employer, start, end, sales and it)",
     "未知字段 'position'（工作经历只接受这些字段：'employer'、'start'、'end'、'sales'、'it'）"),
    ({"applicant": {"id": "E1", "phone": "x"}}, "applicant", "unknown key 'phone' (the applicant takes these keys: id, "
     "name and target_level)", "未知字段 'phone'（申报人只接受这些字段：'id'、'name'、'target_level'）"),
])
def test_an_unknown_key_with_no_key_meant_says_the_keys_its_place_takes_in_both_languages(data, path, en, zh) -> None:
    # A key for what a dossier does not hold (a project's customer, a degree's school): no did-you-mean, so what to
    # write instead is the keys that place takes.
    assert problem(data).problems == [(path, en, None)]
    assert problem(data).problems[0][1].zh == zh


@pytest.mark.parametrize("key", ["company", "organization", "Company"])
def test_a_company_in_a_job_is_its_employer(key) -> None:
    assert problem(with_applicant(employment=[{**JOB, key: "某公司"}])).problems == [
        ("employment[0]", f"unknown key '{key}'", "employer")]


def test_every_accepted_name_validates_to_its_member() -> None:
    from pydantic import TypeAdapter

    from certify.dossier import _enum
    for enum, table in ALIASES.items():
        adapter = TypeAdapter(_enum(enum))
        for name, member in [*((m.value, m) for m in enum), *((a, enum(c)) for a, c in table.items())]:
            assert adapter.validate_python(name) is member
            assert adapter.validate_python(member) is member


def test_enum_values_that_are_not_text() -> None:
    err = problem(with_applicant(projects=[{**PROJECT, "role": ["lead"], "status": {"completed": 1}}]))
    assert [m for _, m, _ in err.problems] == [
        "expected a role (lead or member), got a list",
        "expected a status (completed, in_progress, lost or cancelled), got a mapping"]


def test_a_key_written_with_no_value_is_not_given_as_if_left_out_never_none():
    from certify.check import evaluate
    from certify.engine import Engine
    from certify.load import parse_dossier
    from certify.ruleset import load_ruleset

    engine = Engine(load_ruleset())
    project = "  - {name: P, role: lead, status: completed, amount: 200万%s}\n"
    written = parse_dossier("applicant: {id: N1}\nas_of: 2024-12-31\nemployment:\neducation:\nprojects:\n"
                            + project % ", stages: null", "n.yaml")
    left_out = parse_dossier("applicant: {id: N1}\nas_of: 2024-12-31\nprojects:\n" + project % "", "o.yaml")
    statuses = lambda d: [[o.status for o in lv.rules] for lv in evaluate(engine, d).levels]  # noqa: E731
    assert statuses(written) == statuses(left_out)
    assert statuses(written)[0] == ["review"] * 4  # not given: review, where an empty list would fail


# Every optional key of dossier-v1, with a value that is not its default, in the place it is written.
_OPTIONAL = [("applicant", "name", "张伟"), ("applicant", "target_level", 2), ("", "as_of", "2024-12-31"),
             ("education", "mode", "part_time"), ("employment", "employer", "某公司"),
             ("employment", "end", "2020-12-31"), ("employment", "sales", True), ("employment", "it", True),
             ("projects", "amount", "200万"), ("projects", "stages", ["discovery"]),
             ("projects", "designation", "industry_key"), ("projects", "designation_ref", "纪要 2024-07号")]


@pytest.mark.parametrize(("where", "key", "value"), _OPTIONAL, ids=[key for _, key, _ in _OPTIONAL])
def test_every_optional_key_written_with_no_value_is_read_as_left_out(where: str, key: str, value: object):
    # dossier-v1: everything but the required keys "may be left out"; docs/dossier-format.md: a key written with
    # no value (`sales:`, `designation_ref: null`) is the same as leaving it out. A YAML form or an HR system's
    # JSON writes null for a field it has no value for: that must not refuse the dossier.
    def dossier(**item):
        data = {"applicant": {"id": "E1"}, "education": [{"degree": "bachelor", "graduated": "2014-07-01"}],
                "employment": [dict(JOB)], "projects": [dict(PROJECT)]}
        place = data if where == "" else data[where] if where == "applicant" else data[where][0]
        place.update(item)
        return dossier_from_data(data)

    left_out, written = dossier(), dossier(**{key: None})
    assert written == left_out
    assert dossier(**{key: value}) != left_out  # the key is read when it has a value


def test_a_designation_whose_reference_is_written_with_no_value_is_a_claim_to_verify():
    # dossier-v1 section 3: "A designation counts only with a designation_ref (the committee's recognition);
    # without one it is a claim that needs review." `designation_ref:` with nothing after it gives none.
    from certify.check import evaluate
    from certify.engine import Engine
    from certify.ruleset import load_ruleset

    text = ("applicant: {id: N1}\nas_of: 2024-12-31\nprojects:\n  - name: P\n    role: lead\n    status: completed\n"
            "    amount: 50万\n    designation: industry_key\n")
    engine = Engine(load_ruleset())
    for ref in ("    designation_ref:\n", "    designation_ref: null\n", "    designation_ref: ''\n", ""):
        verdict = evaluate(engine, parse_dossier(text + ref, "n.yaml"))
        assert [verdict.level(n).rules[-1].status for n in (3, 4)] == ["review", "review"], ref


@pytest.mark.parametrize(("data", "path", "en", "zh"), [
    ({"as_of": "2026-12-31"}, "applicant", "write the section applicant with your id under it", "请填写申报人部分"),
    ({"applicant": {"name": "陈晓雯"}}, "applicant.id", "write your employee or application number ('id: E1024')",
     "请填写员工编号或申报编号"),
    (with_applicant(education=[{"graduated": "2015-01-10"}]), "education[0].degree",
     "write the degree (associate, bachelor, master or doctorate)", "请填写学历（专科、本科、硕士或博士）"),
    (with_applicant(education=[{"degree": "本科"}]), "education[0].graduated",
     "write the day the degree was awarded (YYYY-MM-DD)", "请填写取得学历的日期（YYYY-MM-DD）"),
    (with_applicant(employment=[{"employer": "A"}]), "employment[0].start", "write the job's first day (YYYY-MM-DD)",
     "请填写入职日期（YYYY-MM-DD）"),
    (with_applicant(projects=[{"role": "lead", "status": "completed"}]), "projects[0].name", "write the project's name",
     "请填写项目名称"),
    (with_applicant(projects=[{"name": "p", "status": "completed"}]), "projects[0].role",
     "write your role in it (lead: you ran it; member: you took part)", "请填写本人角色（主导运作或参与）"),
    (with_applicant(projects=[{"name": "p", "role": "lead"}]), "projects[0].status",
     "write how it stands (completed, in_progress, lost or cancelled)", "请填写项目状态（已完成、进行中、丢单或已取消）"),
])
def test_a_missing_required_key_says_what_to_write(data, path, en, zh) -> None:
    [(where, message, hint)] = problem(data).problems
    assert (where, hint) == (path, None)
    assert message.startswith(f"required key is missing: {en}")
    assert message.zh.startswith(f"缺少必填字段：{zh}")


@pytest.mark.parametrize(("written", "tip"), [
    (1, " (write true)"), (0, " (write false)"), ("Y", " (write true)"), ("n", " (write false)"),
    ("√", " (write true)"), ("×", " (write false)"), ("是", " (write true)"), (2, ""), ("maybe", ""),
])
def test_a_yes_or_no_written_as_a_form_writes_it_says_which_to_write(written, tip) -> None:
    [(path, message, _)] = problem(with_applicant(employment=[{**JOB, "it": written}])).problems
    assert path == "employment[0].it"
    assert message.startswith("expected true or false, got ") and message.endswith(f"{written!r}{tip}"
                                                                                    if isinstance(written, str) else
                                                                                    f"the number {written}{tip}")


@pytest.mark.parametrize(("written", "tip"), [
    ("May 2015", " (give the day too: write '2015-05-DD', DD the day of the month)"),
    ("Sept. 2015", " (give the day too: write '2015-09-DD', DD the day of the month)"),
    ("1 May 2015", " (write '2015-05-01')"),
    ("May 1, 2015", " (write '2015-05-01')"),
    ("July 4th, 2019", " (write '2019-07-04')"),
    ("Feb 30 2019", ""),  # no such day: no day to say
    ("Mayday 2015", ""),
])
def test_a_date_as_an_english_cv_writes_it_says_the_date_to_write(written, tip) -> None:
    [(path, message, _)] = problem(with_applicant(employment=[{"start": written}])).problems
    assert (path, message) == ("employment[0].start", f"expected a date as YYYY-MM-DD, got {written!r}{tip}")
