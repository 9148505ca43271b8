"""Decision records: what one holds, how it is named and written, and how verifying diagnoses a change."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from certify import __version__, recorded, records, recordsearch, verify
from certify.check import check_file
from certify.engine import Engine, engine_version
from certify.overridecheck import apply_overrides
from certify.overrides import Override
from certify.recorded import Record, ShownRecord, read_record
from certify.showrecord import Shower
from certify.records import Recorder, make_record, record_name
from certify.verify import CANNOT, DIFFERS, REPRODUCED, Verifier, exit_status
from certify.ruleset import DEFAULT_RULESET, load_ruleset
from samples import LEVEL_2

# What verify adds to a verdict that differs when its dossier, ruleset and engine are all as recorded.
EDITED = ("; the dossier and ruleset are as recorded and certify (its code too) and durable-rules are those that wrote it, "
          "so the record itself was most likely edited after it was written")



@pytest.fixture
def dossier(tmp_path) -> Path:
    path = tmp_path / "t-001.yaml"
    path.write_text(LEVEL_2, encoding="utf-8")
    return path


def record_of(dossier: Path, folder: Path, ruleset: Path | None = None, **options) -> Path:
    """Evaluate `dossier` and write its decision record into `folder`; the record's path."""
    loaded = load_ruleset(ruleset)
    recorder = Recorder(folder, [loaded], **options)
    path = recorder.add(check_file(Engine(loaded), dossier, **options))
    assert not recorder.errors and path is not None
    return path


def test_a_record_holds_the_verdict_facts_hashes_and_versions(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["format"] == "certify-decision-record/1"
    assert record["verdict"]["applicant_id"] == "T-001"
    assert record["verdict"]["qualified_level"] == 2
    assert [lv["status"] for lv in record["verdict"]["levels"]] == ["pass", "pass", "fail", "fail"]
    rule = record["verdict"]["levels"][1]["rules"][1]
    assert rule["id"] == "L2.sales_tenure" and rule["readings"][0]["actual"] == 60
    assert record["facts"]["applicant"] == {"work_months": 60, "sales_months": 60, "it_sales_months": 60}
    assert record["facts"]["education"] == [{"label": "bachelor 2018-06-30", "facts": {
        "degree": "bachelor", "graduated": "2018-06-30", "mode": "full_time", "work_months_after": 60}}]
    assert record["facts"]["projects"][0]["facts"]["amount"] == 1200000
    assert record["dossier"] == {"path": str(dossier), "resolved": str(dossier.resolve()),
                                 "sha256": records.sha256_of(dossier)}
    assert record["ruleset"]["bundled"] is True and record["ruleset"]["path"] == "kam-2014.yaml"
    assert record["ruleset"]["sha256"] == records.sha256_of(DEFAULT_RULESET)
    assert record["as_of"] == "2023-06-30"
    assert record["options"] == {"as_of": None, "as_of_given": False, "level": None, "overrides": None,
                                 "forecast": False}
    assert record["versions"]["certify"] == __version__
    assert record["versions"]["durable_rules"] == engine_version()
    assert record["made_at"].endswith("Z") and record["overrides"] == []


def test_a_record_is_named_by_applicant_dossier_date_ruleset_and_a_digest_of_its_inputs(dossier, tmp_path):
    path = record_of(dossier, tmp_path, as_of=date(2024, 1, 31), level=3)
    record = json.loads(path.read_text(encoding="utf-8"))
    inputs = json.dumps({k: record[k] for k in records.INPUTS}, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:8]
    sha = records.sha256_of(dossier)[:12]
    assert path.name == f"T-001--{sha}--2024-01-31--kam-2014--{digest}.json"
    assert record["options"]["as_of"] == "2024-01-31" and record["options"]["as_of_given"] is True
    assert record["options"]["level"] == 3


def test_other_inputs_give_other_names(dossier, tmp_path):
    copy = tmp_path / "same-bytes.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    names = {record_of(dossier, tmp_path / "rec").name,
             record_of(dossier, tmp_path / "rec", level=3).name,
             record_of(dossier, tmp_path / "rec", as_of=date(2023, 6, 30)).name,  # the dossier's date, given
             record_of(dossier, tmp_path / "rec", ruleset=copy).name}
    assert len(names) == 4 == len(list((tmp_path / "rec").glob("*.json")))


def test_unsafe_applicant_ids_are_sanitized_in_names():
    record = {"verdict": {"applicant_id": "../A/B C:1", "as_of": "2024-01-01"},
              "dossier": {"sha256": "a" * 64}, "ruleset": {"id": "kam-2014", "sha256": "b" * 64},
              "as_of": "2024-01-01", "options": {}, "versions": {}, "overrides": []}
    assert re.fullmatch(r"A_B_C_1--aaaaaaaaaaaa--2024-01-01--kam-2014--[0-9a-f]{8}\.json", record_name(record))


def test_an_identical_record_is_left_and_a_different_one_is_refused(dossier, tmp_path):
    folder = tmp_path / "rec"
    path = record_of(dossier, folder)
    loaded = load_ruleset()
    engine = Engine(loaded)
    again = Recorder(folder, [loaded])
    assert again.add(check_file(engine, dossier)) == path
    assert (again.written, again.unchanged, again.errors) == (0, 1, [])

    tampered = json.loads(path.read_text(encoding="utf-8"))
    tampered["verdict"]["qualified_level"] = 4
    path.write_text(json.dumps(tampered), encoding="utf-8")
    third = Recorder(folder, [loaded])
    assert third.add(check_file(engine, dossier)) is None
    [error] = third.errors
    assert str(error) == f"{dossier}: decision record {path} already exists with different content (not replaced)"
    assert json.loads(path.read_text(encoding="utf-8"))["verdict"]["qualified_level"] == 4
    assert third.summary() == f"decision records in {folder}: 0 written, 0 already there, 1 refused"


def test_a_failure_gets_no_record(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("applicant: {}\n", encoding="utf-8")
    loaded = load_ruleset()
    recorder = Recorder(tmp_path / "rec", [loaded])
    assert recorder.add(check_file(Engine(loaded), broken)) is None
    assert list((tmp_path / "rec").glob("*.json")) == []  # made at the start (can it be written?), no record in it


def test_overrides_are_recorded_beside_the_computed_verdict(dossier, tmp_path):
    loaded = load_ruleset()
    verdict = check_file(Engine(loaded), dossier)
    grant = Override("T-001", 3, "grant", "破格", "王主任", "评审委员会纪要 2026-12 第3号", date(2026, 12, 20))
    [with_override] = apply_overrides([verdict], [grant])
    record = make_record(with_override, loaded, options={})
    assert record["overrides"][0]["decision"] == "grant" and record["overrides"][0]["level"] == 3
    assert "overrides" not in record["verdict"]
    assert record["verdict"] == make_record(verdict, loaded, options={})["verdict"]


def test_what_a_record_is_said_to_hold_in_its_options_and_facts_is_what_certify_writes_there(dossier, tmp_path):
    """show and verify tell a reader of an edited record which fields a part may hold (recorded.py's WRITTEN):
    each must be one certify writes, and none it writes left out."""
    from certify.recorded import _Applicant, _EducationFacts, _Options, _ProjectFacts
    loaded = load_ruleset()
    verdict = check_file(Engine(loaded), dossier)
    record = make_record(verdict, loaded, options={"as_of": date(2026, 6, 30), "level": 3,
                                                   "overrides": str(tmp_path / "committee.yaml")})
    assert set(record["options"]) == set(_Options.WRITTEN)
    facts = record["facts"]
    assert set(facts["applicant"]) == set(_Applicant.WRITTEN)
    assert {k for e in facts["education"] for k in e["facts"]} == set(_EducationFacts.WRITTEN)
    assert {k for p in facts["projects"] for k in p["facts"]} == set(_ProjectFacts.WRITTEN)


# ---- verifying ----


def test_a_record_made_now_is_reproduced(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    check = Verifier().verify(path)
    assert (check.status, check.why) == (REPRODUCED, "")
    assert check.line() == f"{path}: reproduced"


def test_a_record_made_on_an_explicit_date_and_level_is_reproduced(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec", as_of=date(2030, 1, 1), level=4)
    assert Verifier().verify(path).status == REPRODUCED


def test_editing_one_character_of_the_dossier_is_diagnosed(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    before = records.sha256_of(dossier)
    dossier.write_text(LEVEL_2.replace("测试甲", "测试乙"), encoding="utf-8")  # one character
    check = Verifier().verify(path)
    assert check.status == DIFFERS
    assert check.why == (f"the dossier changed ({dossier}: sha256 {before[:12]}… recorded, "
                         f"{records.sha256_of(dossier)[:12]}… now); the verdict is the same")


def test_a_dossier_change_that_changes_the_verdict_says_what_changed(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    dossier.write_text(LEVEL_2.replace("start: 2018-07-01", "start: 2018-07-02"), encoding="utf-8")
    check = Verifier().verify(path)
    assert check.why.startswith("the dossier changed (")
    assert check.why.endswith("; the verdict changed: qualified level 2 -> 1, target status pass -> fail, "
                              "level 2 pass -> fail, L2.sales_tenure pass -> fail "
                              "(applicant.sales_months actual 60 recorded, 59 now)")


def test_changing_one_threshold_of_the_ruleset_is_diagnosed(dossier, tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    path = record_of(dossier, tmp_path / "rec", ruleset=copy)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["ruleset"]["bundled"] is False and record["ruleset"]["path"] == str(copy)
    assert Verifier().verify(path).status == REPRODUCED
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("at_least: 5 years}", "at_least: 6 years}", 1), encoding="utf-8")
    check = Verifier().verify(path)
    assert check.status == DIFFERS
    assert check.why.startswith(f"the ruleset changed (kam-2014 2014.1 {copy}: sha256 ")
    kept = path.parent / "rulesets" / f"{record['ruleset']['sha256']}.yaml"  # the bytes it was judged by
    assert check.why.endswith("; the verdict changed: qualified level 2 -> 1, target status pass -> fail, "
                              "level 2 pass -> fail, L2.sales_tenure pass -> fail "
                              "(applicant.sales_months required 60 recorded, 72 now); "
                              f"judged by {kept}, the copy kept of the ruleset as it was, it is reproduced")


def test_a_new_engine_is_diagnosed_after_the_dossier_and_ruleset(dossier, tmp_path, monkeypatch):
    path = record_of(dossier, tmp_path / "rec")
    real = records.versions()
    monkeypatch.setattr(records, "versions", lambda: {**real, "durable_rules": "9.9.9"})
    check = Verifier().verify(path)
    assert check.status == DIFFERS
    assert check.why == (f"the engine changed (certify {__version__}, durable-rules {real['durable_rules']} "
                         f"recorded; certify {__version__}, durable-rules 9.9.9 now); the verdict is the same")
    dossier.write_text(LEVEL_2 + "\n", encoding="utf-8")
    assert Verifier().verify(path).why.startswith("the dossier changed")


def test_a_verdict_that_differs_with_the_same_inputs_names_the_rules(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["verdict"]["levels"][0]["rules"][2]["status"] = "review"
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    # A rule "review" whose explanation says "Met", in a level still passing: no code writes that, and verify says so
    # outright, not "most likely" (a verdict edited and still agreeing with itself: below, and in test_records_cli).
    assert (check.status, check.why) == (DIFFERS, "the verdict changed: L1.it_sales_tenure review -> pass; the record "
                                                  "was edited after it was written: its verdict contradicts itself "
                                                  '(L1.it_sales_tenure: review, but its explanation says "Met"; level 1: '
                                                  "pass, but its rules make it review)")


def test_a_missing_dossier_or_ruleset_or_a_foreign_file_cannot_be_verified(dossier, tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(DEFAULT_RULESET, copy)
    path = record_of(dossier, tmp_path / "rec", ruleset=copy)
    copy.unlink()
    assert Verifier().verify(path).line() == f"{path}: cannot verify: ruleset not found ({copy})"
    dossier.unlink()
    assert Verifier().verify(path).line() == f"{path}: cannot verify: dossier not found ({dossier})"
    other = tmp_path / "other.json"
    other.write_text("[1, 2]", encoding="utf-8")
    assert Verifier().verify(other).why == "not a decision record"
    other.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")  # deeper than Python's JSON reader goes
    assert Verifier().verify(other).why == "not a decision record"


DELETE = object()


@pytest.mark.parametrize("where, value, why", [
    (("dossier", "path"), DELETE, "dossier.path: missing"),
    # the verdict's applicant and date, and the committee's decisions, are in its name: not "its inputs"
    (("verdict", "applicant_id"), DELETE, "verdict.applicant_id: missing"),
    (("verdict", "as_of"), DELETE, "verdict.as_of: missing"),
    (("overrides",), DELETE, "overrides: missing"),
    (("dossier", "sha256"), DELETE, "dossier.sha256: missing"),
    (("as_of",), "2025-02-30", "as_of: Input should be a valid date"),
    (("as_of",), 12, "as_of: Input should be a valid date"),
    (("options", "level"), "x", "options.level: Input should be a valid integer"),
    (("options",), "x", "options: Input should be an object with any of as_of, as_of_given, level, overrides"),
    (("ruleset", "sha256"), None, "ruleset.sha256: Input should be a valid string"),
    (("versions",), [], "versions: Input should be an object with any of certify, certify_code, durable_rules or python"),
    (("verdict", "levels", 0, "rules"), {}, "verdict.levels.0.rules: Input should be a valid list"),
])
def test_a_record_edited_by_hand_cannot_be_verified_and_says_which_field(dossier, tmp_path, where, value, why):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    holder = record
    for key in where[:-1]:
        holder = holder[key]
    if value is DELETE:
        del holder[where[-1]]
    else:
        holder[where[-1]] = value
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert check.status == CANNOT
    assert check.why.startswith(f"not a decision record ({why}")


def test_a_record_renamed_out_of_the_pattern_without_its_applicant_id_is_said_not_a_traceback(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    del record["verdict"]["applicant_id"]
    mine = path.with_name("mine.json")  # no digest in its name to check first
    mine.write_text(json.dumps(record), encoding="utf-8")
    path.unlink()
    assert Verifier().verify(mine).line() == f"{mine}: cannot verify: not a decision record (verdict.applicant_id: missing)"


@pytest.mark.parametrize("where, said", [
    (("options", "level"), "options.level"),
    (("options", "forecast"), "options.forecast"),
    (("ruleset", "bundled"), "ruleset.bundled"),
    (("dossier", "resolved"), "dossier.resolved"),
    (("ruleset", "effective"), "ruleset.effective"),  # not "null in its inputs": it is not there
])
def test_an_input_deleted_from_a_record_is_named_beside_the_digest_it_changed(dossier, tmp_path, where, said):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    del record[where[0]][where[1]]
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert check.status == CANNOT
    assert check.why.startswith("the record was edited after it was written (its inputs give the digest ")
    assert check.why.endswith(f"; a field certify writes is missing: {said})")
    assert check.why.zh.endswith(f"；缺少 certify 写入的字段：{said}）")


@pytest.mark.parametrize("where, said", [
    (("verdict", "levels", 0, "name"), 'verdict.levels[0].name not in the record, "Sales Representative" now'),
    (("verdict", "target_level"), "target level absent -> 2"),
    (("facts", "applicant"), "the recorded facts are not the dossier's: applicant not in the record, "),
    (("facts",), "the recorded facts are not the dossier's: facts not in the record, "),
])
def test_a_field_of_the_verdict_or_facts_deleted_is_said_not_in_the_record_not_null(dossier, tmp_path, where, said):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    holder = record
    for key in where[:-1]:
        holder = holder[key]
    del holder[where[-1]]
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert check.status == DIFFERS
    assert said in check.why and "null recorded" not in check.why and "None" not in check.why


@pytest.mark.parametrize("edit, english, chinese", [
    (lambda r: r.update(as_of="2024-06-30"), 'as_of "2024-06-30" in its inputs, "2023-06-30" in its verdict',
     'as_of：输入中为 "2024-06-30"，判定结果中为 "2023-06-30"'),
    (lambda r: r["ruleset"].update(version="2014.2"), 'ruleset.version "2014.2" in its inputs, "2014.1" in its verdict',
     'ruleset.version：输入中为 "2014.2"，判定结果中为 "2014.1"'),
    (lambda r: r["options"].update(level=3), "", ""),  # nothing the record itself contradicts: the digest alone
], ids=["as-of", "ruleset-version", "level"])
def test_an_edited_record_says_which_of_its_inputs_its_own_verdict_contradicts(dossier, tmp_path, edit, english,
                                                                                chinese):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record)
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    digest = record_name(record)[-13:-5]
    assert (check.status, check.why) == (CANNOT, "the record was edited after it was written (its inputs give the "
                                                 f"digest {digest}, its name {path.name[-13:-5]}"
                                                 + (f"; {english})" if english else ")"))
    assert check.line("zh").endswith(f"按其输入算得的摘要为 {digest}，文件名中的为 {path.name[-13:-5]}"
                                     + (f"；{chinese}）" if chinese else "）"))


def test_a_record_whose_inputs_were_edited_no_longer_matches_its_name(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["overrides"] = [{"applicant_id": "E1", "level": 4, "decision": "grant", "reason": "forged"}]
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert check.status == CANNOT
    assert check.why.startswith("the record was edited after it was written (its inputs give the digest ")
    renamed = path.rename(tmp_path / "archived.json")  # out of the naming pattern: not judged by its name,
    check = Verifier().verify(renamed)  # but a decision about another applicant, from no file, is still seen
    assert (check.status, check.why) == (DIFFERS, "the record's inputs are not those of its verdict "
                                                  '(overrides[0].applicant_id "E1" recorded, "T-001" now); '
                                                  "the verdict is the same")
    untouched = record_of(dossier, tmp_path / "rec").rename(tmp_path / "kept.json")
    assert Verifier().verify(untouched).status == REPRODUCED


@pytest.mark.parametrize("edit, said", [
    (lambda r: r.update(as_of="2030-01-01"), 'as_of "2030-01-01" recorded, "2023-06-30" now'),
    (lambda r: r["options"].update(as_of="2030-01-01", as_of_given=True),
     'options.as_of "2030-01-01" recorded, "2023-06-30" now'),
    (lambda r: r["ruleset"].update(version="2099.1"), 'ruleset.version "2099.1" recorded, "2014.1" now'),
    (lambda r: r["ruleset"].update(id="other"), 'ruleset.id "other" recorded, "kam-2014" now'),
    (lambda r: r["ruleset"].update(effective="2099-01-01"), 'ruleset.effective "2099-01-01" recorded, '
                                                            '"2014-03-13" now'),
    (lambda r: r.update(overrides=[{"applicant_id": "T-001", "level": 4, "decision": "grant", "file": "c.yaml"}]),
     'overrides[0].file "c.yaml" recorded, null now'),
    # A decision about the applicant that names no file either: with no decisions file, none was read.
    (lambda r: r.update(overrides=[{"applicant_id": "T-001", "level": 4, "decision": "grant", "file": None}]),
     'overrides [{"applicant_id": "T-001", "file": null}] recorded, [] now'),
], ids=["as_of", "options-as_of", "ruleset-version", "ruleset-id", "ruleset-effective", "overrides-no-file",
        "overrides-forged"])
@pytest.mark.parametrize("renamed", [False, True], ids=["digest-recomputed", "renamed"])
def test_an_input_edited_by_hand_is_seen_without_the_digest(dossier, tmp_path, edit, said, renamed):
    """The digest is no signature: an input edited, the digest recomputed or the record renamed out of the
    pattern, is still not what its verdict was judged by, and verify says which field."""
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record)
    path.unlink()
    path = tmp_path / "rec" / ("archived.json" if renamed else record_name(record))
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert (check.status, check.why) == (DIFFERS, f"the record's inputs are not those of its verdict ({said}); "
                                                  "the verdict is the same")
    assert "：不一致：判定记录中的输入与其判定不符（" in check.line("zh")


def test_a_record_renamed_to_another_applicants_name_is_seen(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    name = path.name
    other = path.rename(path.with_name("T-002--" + name.split("--", 1)[1]))  # the digest kept
    check = Verifier().verify(other)
    assert (check.status, check.why) == (CANNOT, "the record was renamed after it was written (applicant: T-002 in "
                                                 f"its name, T-001 in its contents; its contents give the name {name})")
    assert check.line("zh").endswith("无法核对：判定记录写入后被改名（申报人编号：文件名中为 T-002，内容中为 T-001；"
                                     f"按其内容应名为 {name}）")
    again = other.rename(other.with_name(other.name.replace("2023-06-30", "2024-06-30")))  # and its date: both said
    assert Verifier().verify(again).why == (
        "the record was renamed after it was written (applicant: T-002 in its name, T-001 in its contents; as of: "
        f"2024-06-30 in its name, 2023-06-30 in its contents; its contents give the name {name})")


@pytest.mark.parametrize("field, value, said", [("applicant_id", "T-002", "applicant id T-002 -> T-001"),
                                                 ("as_of", "2030-01-01", "as of 2030-01-01 -> 2023-06-30")])
def test_a_verdicts_applicant_or_date_edited_under_its_own_name_is_a_difference_not_a_rename(
        dossier, tmp_path, field, value, said):
    # The name gives the verdict's applicant and date: the file kept its name, its verdict was edited.
    path, untouched = record_of(dossier, tmp_path / "rec"), record_of(dossier, tmp_path / "untouched")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["verdict"][field] = value
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert (check.status, check.why) == (DIFFERS, f"the verdict changed: {said}{EDITED}")
    # The dossier's own applicant and date changed, the record untouched: its dossier changed; it was not renamed.
    text = dossier.read_text(encoding="utf-8")
    assert "T-001" in text and "2023-06-30" in text
    dossier.write_text(text.replace("T-001", "T-002").replace("2023-06-30", "2030-01-01"), encoding="utf-8")
    check = Verifier().verify(untouched)
    assert check.status == DIFFERS and check.why.startswith("the dossier changed (")
    assert "the verdict changed: applicant id T-001 -> T-002, as of 2023-06-30 -> 2030-01-01" in check.why


def test_recorded_facts_that_are_not_the_dossiers_are_a_difference(dossier, tmp_path):
    path = record_of(dossier, tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    was = record["facts"]["applicant"]["sales_months"]
    record["facts"]["applicant"]["sales_months"] = 999  # facts are not inputs: the name stays right
    path.write_text(json.dumps(record), encoding="utf-8")
    check = Verifier().verify(path)
    assert (check.status, check.why) == (DIFFERS, "the recorded facts are not the dossier's: "
                                                  f"applicant.sales_months 999 recorded, {was} now")


STAGES = ["acceptance", "contract_execution", "contract_signing", "discovery", "payment_collection",
          "procurement", "technical_exchange"]


@pytest.mark.parametrize("where, value, why", [
    (("file",), "elsewhere.yaml", 'verdict.file "elsewhere.yaml" recorded, "{file}" now'),
    (("ruleset", "sha256"), "0" * 64, "verdict.ruleset.sha256 000000000000… recorded, {sha}… now"),
    (("levels", 1, "name"), "Account Mgr", 'verdict.levels[1].name "Account Mgr" recorded, "Account Manager" now'),
    (("levels", 1, "rules", 1, "clause"), "2.9", 'verdict.levels[1].rules[1].clause "2.9" recorded, "2.1 岗位经验" now '
                                                 "(L2.sales_tenure)"),
    (("levels", 1, "rules", 1, "readings", 0, "actual"), 999,
     "verdict.levels[1].rules[1].readings[0].actual 999 recorded, 60 now (L2.sales_tenure)"),
    (("levels", 0, "rules", 3, "readings", 0, "actual"), STAGES[:-1],  # long: shown from near where they part
     'verdict.levels[0].rules[3].readings[0].actual …"procurement"] recorded, '
     '…"procurement", "technical_exchange"] now (L1.sales_cycle)'),
    (("levels", 3, "gaps", 0, "clause"), "2.9", 'verdict.levels[3].gaps[0].clause "2.9" recorded, "2.1 学历" now '
                                                "(L4.education)"),
    (("levels", 1, "rules", 1, "explanation"), "Met.",  # no clause, requirement or reading to tell: the sentence
     'the explanations differ (L2.sales_tenure: explanation "Met." recorded, "Met: 5 years in sales. S…ears). '
     '(clause 2.1 岗位经验)" now)'),  # "Met." is its status, pass: it agrees with itself, and was most likely edited
], ids=["file", "ruleset-sha256", "level-name", "rule-clause", "reading", "long-value", "gap-clause", "explanation"])
def test_a_verdict_edited_past_its_statuses_is_named_by_the_field_that_differs(dossier, tmp_path, monkeypatch,
                                                                                where, value, why):
    monkeypatch.chdir(tmp_path)
    path = record_of(Path(dossier.name), tmp_path / "rec")
    record = json.loads(path.read_text(encoding="utf-8"))
    holder = record["verdict"]
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = value  # the verdict is not an input: the record's name stays right
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    check = Verifier().verify(path)
    said = "the statuses are the same, " + why.format(file=dossier.name, sha=records.sha256_of(DEFAULT_RULESET)[:12])
    # a verdict that still agrees with itself was most likely edited; one that contradicts itself was, outright
    assert (check.status, check.why) == (DIFFERS, said + ("" if "contradicts itself" in why else EDITED))


def test_a_ruleset_changed_without_changing_a_status_names_the_rules_explained_otherwise(dossier, tmp_path):
    mine = tmp_path / "mine.yaml"
    shutil.copy(DEFAULT_RULESET, mine)
    path = record_of(dossier, tmp_path / "rec", mine)
    text = mine.read_text(encoding="utf-8")
    mine.write_text(text + "# a comment\n", encoding="utf-8")  # the verdict's ruleset sha256 is all that differs
    was, now = records.sha256_of(DEFAULT_RULESET)[:12], records.sha256_of(mine)[:12]
    assert (f"; the statuses are the same, verdict.ruleset.sha256 {was}… recorded, {now}… now; judged by "
            in Verifier().verify(path).why)
    for old, new in (("sales_months, at_least: 3 years}", "sales_months, at_least: 4 years}"),
                     ("sales_months, at_least: 8 years}", "sales_months, at_least: 9 years}"),
                     ("sales_months, at_least: 10 years}", "sales_months, at_least: 11 years}"),
                     ("work_months_after, at_least: 2 years}", "work_months_after, at_least: 3 years}")):
        assert old in text
        text = text.replace(old, new, 1)
    mine.write_text(text, encoding="utf-8")  # 60 months of sales pass 4 years, fail 9 and 11: explained otherwise
    assert ("; the statuses are the same, the explanations differ (L1.education: education.work_months_after "
            "(bachelor 2018-06-30) required 24 recorded, 36 now; L1.sales_tenure: applicant.sales_months required 36 "
            "recorded, 48 now; L3.sales_tenure: applicant.sales_months required 96 recorded, 108 now, "
            "applicant.sales_months shortfall 36 recorded, 48 now; and 1 more: L4.sales_tenure); judged by "
            in Verifier().verify(path).why)


def test_exit_status_is_2_for_any_unverifiable_then_1_for_any_difference():
    checks = [verify.Check("a", REPRODUCED), verify.Check("b", DIFFERS, "x")]
    assert exit_status(checks[:1]) == 0
    assert exit_status(checks) == 1
    assert exit_status(checks + [verify.Check("c", CANNOT, "y")]) == 2


def test_find_records_takes_files_and_folders_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.json", "b/1.json", "a.json", "b/notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    found = list(recordsearch.find_records([tmp_path / "b", tmp_path / "a.json"]))
    assert found == [tmp_path / "b" / "1.json", tmp_path / "b" / "2.json", tmp_path / "a.json"]


def test_a_record_hashes_the_bytes_that_were_judged_not_the_file_as_it_is_later(dossier, tmp_path):
    # A dossier edited between its judging and its record (a batch of thousands runs for minutes): the record
    # holds the sha256 of what was judged, so verify says the dossier changed, rather than a verdict that differs.
    judged = hashlib.sha256(dossier.read_bytes()).hexdigest()
    loaded = load_ruleset(None)
    verdict = check_file(Engine(loaded), dossier)
    dossier.write_text(LEVEL_2 + "\n# edited after it was judged\n", encoding="utf-8")
    record = make_record(verdict, loaded, options={})
    assert record["dossier"]["sha256"] == judged != hashlib.sha256(dossier.read_bytes()).hexdigest()


LONE = "not a decision record (a text in it holds half a character, a lone surrogate)"


@pytest.mark.parametrize("name, edit, ascii_only, said", [
    ("as certify writes it", None, False, None),
    ("every character escaped", None, True, None),
    ("a whole character escaped as a pair", "AP-103\U0001F600", True, None),
    ("half a character escaped", "AP-103\ud800", True, LONE),
    ("half a character escaped in capitals", "AP-103\ud800", "upper", LONE),
    ("a backslash and ud800 as text", "AP-103\\ud800", False, None),
    ("a wrong field beside", 7, False, "not a decision record (verdict.applicant_id: Input should be a valid string)"),
])
def test_a_record_read_with_its_text_is_said_as_without_it(dossier, tmp_path, name, edit, ascii_only, said):
    # Given the JSON text it was read from, read_record skips looking through every text of the record for half a
    # character where the text cannot hold one; where it may (a \u escape of one), it looks, and says the same.
    record = json.loads(record_of(dossier, tmp_path / "rec").read_text(encoding="utf-8"))
    if edit is not None:
        record["verdict"]["applicant_id"] = edit
    text = json.dumps(record, ensure_ascii=bool(ascii_only))
    if ascii_only == "upper":
        text = text.replace("\\ud800", "\\uD800")
    read_back = json.loads(text)
    for model in (Record, ShownRecord):
        read, why = read_record(read_back, model, text)
        assert (read is None, why) == (said is not None, said)
        without = read_record(read_back, model)[1]
        assert (why, getattr(why, "zh", None)) == (without, getattr(without, "zh", None))


def test_a_record_whose_text_holds_no_half_character_is_not_looked_through_for_one(dossier, tmp_path, monkeypatch):
    path = record_of(dossier, tmp_path / "rec")
    text = path.read_text(encoding="utf-8")

    def looked_through(value):
        raise AssertionError("each text of the record looked through")

    monkeypatch.setattr(recorded, "_lone_surrogate", looked_through)
    assert read_record(json.loads(text), Record, text)[1] is None
    assert Verifier().verify(path).status == REPRODUCED  # verify hands read_record the text it read, as show does
    assert Shower().show(path)[1] is None
    with pytest.raises(AssertionError):
        read_record(json.loads(text))  # no text: looked through, as before
