"""The fingerprint of certify's code a record keeps (`versions.certify_code`): certify's version stays the same while
its code changes, and verify tells a record written by other code from one edited by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify import __version__, codeprint, records
from certify.cli import main
from certify.codeprint import certify_code, code_sha256
from certify.recordkeys import unwritten
from certify.records import record_name
from certify.errors import Message, in_language
from certify.tampered import added_fields, edited_since, inputs_missing, verdict_edited
from certify.verify import DIFFERS, REPRODUCED, Verifier
from samples import sentences

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
NOW = certify_code()
OTHER = "0123456789ab" + "c" * 52  # the code of another build of certify 0.1.0


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def recorded(tmp_path) -> Path:
    """huang-tao's dossier checked alone with --record: its record."""
    dossier = tmp_path / "huang-tao.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    run("check", dossier, "--record", tmp_path / "records", "-q")
    [record] = (tmp_path / "records").glob("*.json")
    return record


def written_by(record: Path, code: str | None, explanation: str = "") -> Path:
    """The record as certify `code` (None: certify before records kept its code) would have written it, its first
    rule's explanation ending in `explanation` (as that code worded it): its contents and name its own, as written."""
    data = json.loads(record.read_text(encoding="utf-8"))
    if code is None:
        del data["versions"]["certify_code"]
    else:
        data["versions"]["certify_code"] = code
    data["verdict"]["levels"][0]["rules"][0]["explanation"] += explanation
    record.unlink()
    path = record.with_name(record_name(data))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


# ---- the fingerprint ----


def test_the_fingerprint_covers_the_modules_by_path_and_contents_and_nothing_else(tmp_path):
    package = tmp_path / "certify"
    shutil.copytree(codeprint.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "rulesets"))
    assert code_sha256(package) == NOW  # the installed package's, worked out the same way
    names = [name for name, _ in codeprint.code_files(package)]
    assert names == sorted(names) and "cli/check.py" in names and "codeprint.py" in names
    assert not any(n.endswith(".yaml") for n in names)
    (package / "templates" / "dossier-en.yaml").write_text("# another template\n", encoding="utf-8")
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "facts.cpython-311.pyc").write_bytes(b"\0")
    assert code_sha256(package) == NOW  # a template, compiled files: no verdict's code
    facts = package / "facts.py"
    facts.write_text(facts.read_text(encoding="utf-8").replace('"sales tenure"', '"time in sales"'), encoding="utf-8")
    changed = code_sha256(package)
    assert changed != NOW and len(changed) == 64
    facts.rename(package / "facts2.py")  # the same bytes under another name: other code
    assert code_sha256(package) not in (NOW, changed)


def test_a_record_keeps_the_fingerprint_as_a_field_certify_writes(recorded):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    assert data["versions"]["certify_code"] == NOW
    assert unwritten(data) == [] and added_fields(data) is None  # not "a field certify does not write"
    assert Verifier().verify(recorded).status == REPRODUCED


def test_the_fingerprint_is_one_of_the_inputs_the_name_digest_covers(recorded, tmp_path):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    other = {**data, "versions": {**data["versions"], "certify_code": OTHER}}
    assert record_name(other) != recorded.name  # a record of other code is another record, not a clash
    assert edited_since(other, recorded.name) is not None  # the fingerprint edited by hand shows in the name
    # The same cycle run again after an upgrade under the same version: a record beside the old one, none refused.
    old = written_by(recorded, OTHER)
    again = run("check", tmp_path / "huang-tao.yaml", "--record", tmp_path / "records")
    assert "decision records in " in again.stderr and ": 1 written, 0 already there, 0 refused" in again.stderr
    assert sorted(p.name for p in (tmp_path / "records").glob("*.json")) == sorted([old.name, recorded.name])


# ---- verify ----


def test_a_verdict_worded_otherwise_by_other_code_of_the_same_version_is_said_so_not_edited(recorded):
    path = written_by(recorded, OTHER, "!")
    check = Verifier().verify(path)
    assert check.status == DIFFERS
    assert check.line().startswith(
        f"{path}: differs: certify's code changed since the record was written (the same version {__version__}, other "
        f"code: sha256 0123456789ab… recorded, {NOW[:12]}… now); the statuses are the same, the explanations differ "
        "(L1.education: explanation ")
    assert "edited" not in check.line()
    assert check.line("zh").startswith(
        f"{path}：不一致：certify 的代码在判定记录写入后已更改（版本同为 {__version__}，代码不同：sha256 记录为 0123456789ab…，"
        f"现为 {NOW[:12]}…）；各项结果相同，说明不同")
    assert "修改过" not in check.line("zh")


def test_other_code_is_a_difference_even_when_the_verdict_is_the_same_as_another_version_is(recorded):
    path = written_by(recorded, OTHER)
    assert Verifier().verify(path).line() == (
        f"{path}: differs: certify's code changed since the record was written (the same version {__version__}, other "
        f"code: sha256 0123456789ab… recorded, {NOW[:12]}… now); the verdict is the same")


@pytest.mark.parametrize("explanation", ["", "!"], ids=["as-written", "edited"])
def test_a_ruleset_edited_since_is_judged_by_its_kept_copy_though_certifys_code_changed_too(tmp_path, explanation):
    # Months later: the ruleset file edited, and certify upgraded under the same version. Which rules the verdict
    # was right by is still told from the copy kept beside the record, not passed over in silence.
    dossier, ruleset = tmp_path / "huang-tao.yaml", tmp_path / "mine.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    shutil.copy(APPLICANTS.parent / "rulesets" / "kam-2014.yaml", ruleset)
    run("check", dossier, "--ruleset", ruleset, "--record", tmp_path / "records", "-q")
    [record] = (tmp_path / "records").glob("*.json")
    [kept] = (tmp_path / "records" / "rulesets").glob("*.yaml")
    path = written_by(record, OTHER, explanation)
    ruleset.write_text(ruleset.read_text(encoding="utf-8").replace("at_least: 3 years}", "at_least: 8 years}", 1),
                       encoding="utf-8")  # L1.sales_tenure: 95 months in sales now fall short
    line = Verifier().verify(path).line()
    assert line.startswith(f"{path}: differs: the ruleset changed (kam-2014 2014.1 {ruleset}: sha256 ")
    assert "; the verdict changed: level 1 pass -> fail, L1.sales_tenure pass -> fail" in line
    by_kept = f"; judged by {kept}, the copy kept of the ruleset as it was, "
    if not explanation:  # by the rules it was judged by, by this code, the verdict is the one recorded
        assert line.endswith(by_kept + "it is reproduced")
    else:  # it differs by those rules too, and the code that wrote it is not this one: either may be why
        assert (by_kept + "it differs too: the statuses are the same, the explanations differ (L1.education: ") in line
        assert line.endswith(f"; but certify's code changed since the record was written (the same version "
                             f"{__version__}, other code: sha256 0123456789ab… recorded, {NOW[:12]}… now), which may be "
                             "why")
        assert Verifier().verify(path).line("zh").endswith(f"；但certify 的代码在判定记录写入后已更改（版本同为 {__version__}，"
                                                           f"代码不同：sha256 记录为 0123456789ab…，现为 {NOW[:12]}…），不符可能由此而来")


def test_facts_edited_are_said_edited_even_when_certifys_code_changed_too(recorded):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    data["facts"]["applicant"]["sales_months"] = 120  # what an auditor reads, not what the verdict read (95)
    recorded.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = written_by(recorded, OTHER)
    line = Verifier().verify(path).line()
    assert line.startswith(f"{path}: differs: certify's code changed since the record was written")
    assert line.endswith("; the verdict is the same; and the record was edited after it was written: its facts are not "
                         "what its verdict read (applicant.sales_months 120 in its facts, 95 read by L1.sales_tenure)")


def test_a_verdict_that_differs_under_the_same_code_is_still_most_likely_edited(recorded):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    data["verdict"]["levels"][0]["rules"][0]["explanation"] += "!"
    recorded.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # the verdict is no input: same name
    check = Verifier().verify(recorded)
    assert check.status == DIFFERS
    assert check.line().endswith("; the dossier and ruleset are as recorded and certify (its code too) and durable-rules "
                                 "are those that wrote it, so the record itself was most likely edited after it was "
                                 "written")
    assert check.line("zh").endswith("；申报材料和标准与记录一致，certify（连同其代码）和 durable-rules 也是写入它的版本，"
                                     "因此最可能是判定记录本身在写入后被修改过")


def test_a_verdict_that_contradicts_itself_is_said_edited_even_when_certifys_code_changed(recorded):
    """Other code may word or judge a verdict otherwise, but none writes one whose rule is `pass` with an explanation
    saying "Not met", in a level still failing: only a hand edit does, and verify says so beside the code changed,
    as show does, not leave the difference to read as the code's doing."""
    data = json.loads(recorded.read_text(encoding="utf-8"))
    [rule] = [r for level in data["verdict"]["levels"] for r in level["rules"] if r["id"] == "L3.sales_tenure"]
    assert rule["status"] == "fail" and rule["explanation"].startswith("Not met")
    rule["status"] = "pass"  # huang-tao's one rule short of level 3
    recorded.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    check = Verifier().verify(path := written_by(recorded, OTHER))
    assert check.status == DIFFERS
    assert check.line().startswith(f"{path}: differs: certify's code changed since the record was written (the same "
                                   f"version {__version__}, other code: sha256 0123456789ab… recorded, {NOW[:12]}… now); "
                                   "the verdict changed: L3.sales_tenure pass -> fail")
    assert check.line().endswith('; and the record was edited after it was written: its verdict contradicts itself '
                                 '(L3.sales_tenure: pass, but its explanation says "Not met"; level 3: fail, but its '
                                 'rules make it pass)')
    assert check.line("zh").endswith("；此外，判定记录写入后被修改过：其判定结果自相矛盾（L3.sales_tenure：符合，但其说明为“Not "
                                     "met”；3级：不符合，但按其各条规则应为符合）")
    assert run("show", path).stderr.startswith(f"warning: {path}: the record was edited after it was written: its "
                                               "verdict contradicts itself (L3.sales_tenure")


def test_a_record_written_before_records_kept_the_code_reproduces_as_before(recorded):
    path = written_by(recorded, None)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert inputs_missing(data) == [] and edited_since(data, path.name) is None  # not "deleted by hand"
    assert Verifier().verify(path).line() == f"{path}: reproduced"


def test_a_record_without_the_code_that_differs_says_both_what_may_be_why(recorded):
    path = written_by(recorded, None, "!")
    check = Verifier().verify(path)
    assert check.status == DIFFERS
    assert check.line().endswith(
        "; the dossier and ruleset are as recorded and certify and durable-rules are the versions that wrote it, but "
        f"the record does not say which code of certify {__version__} wrote it (it was written before records kept "
        "that): either certify's code changed since under the same version, or the record was edited after it was "
        "written, which cannot be told")
    assert "most likely" not in check.line()
    assert check.line("zh").endswith(
        f"；申报材料和标准与记录一致，certify 和 durable-rules 也是写入它的版本，但判定记录未记下写入它的是哪一份 certify "
        f"{__version__} 的代码（它写于判定记录记下代码之前）：可能是 certify 的代码此后在同一版本号下已更改，也可能是判定记录在写入"
        "后被修改过，无法判断是哪一种")


def test_a_record_without_the_code_whose_verdict_contradicts_itself_is_said_edited_not_either(recorded):
    # Without the code, a verdict worded otherwise may be other code's; but no code writes a rule `pass` whose
    # explanation says "Not met": that settles it, and verify says the record was edited, not "cannot be told".
    data = json.loads(recorded.read_text(encoding="utf-8"))
    [rule] = [r for level in data["verdict"]["levels"] for r in level["rules"] if r["id"] == "L3.sales_tenure"]
    rule["status"] = "pass"
    recorded.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    check = Verifier().verify(path := written_by(recorded, None))
    assert check.status == DIFFERS and "cannot be told" not in check.line() and "无法判断" not in check.line("zh")
    assert check.line() == (f"{path}: differs: the verdict changed: L3.sales_tenure pass -> fail; the record was edited "
                            "after it was written: its verdict contradicts itself (L3.sales_tenure: pass, but its "
                            'explanation says "Not met"; level 3: fail, but its rules make it pass)')
    assert check.line("zh").endswith("；判定记录写入后被修改过：其判定结果自相矛盾（L3.sales_tenure：符合，但其说明为“Not met”；"
                                     "3级：不符合，但按其各条规则应为符合）")


def test_with_the_committees_decisions_changed_too_a_record_without_the_code_says_both():
    agrees = {"levels": [], "qualified_level": 0}  # a verdict that agrees with itself
    said = verdict_edited(Message("the verdict changed: X", "判定结果已改变：X"), agrees, False, True, decided=True,
                          code_known=False)
    assert in_language(said, "en").startswith("the verdict changed: X; the committee's decisions change no computed "
                                              "verdict, and the dossier and ruleset are as recorded and certify and ")
    assert in_language(said, "en").endswith("or the record was edited after it was written, which cannot be told")
    assert in_language(said, "zh").startswith("判定结果已改变：X；评审委员会决定不改变计算出的判定结果，而申报材料和标准与记录一致")
    assert in_language(said, "zh").endswith("无法判断是哪一种")


@pytest.mark.parametrize("code_known", [True, False])
@pytest.mark.parametrize("decided", [True, False])
def test_a_verdict_that_contradicts_itself_is_said_edited_outright_whatever_the_record_says_of_its_code(
        code_known, decided):
    """One rule, with certify's code recorded or not, the committee's decisions changed or not: a verdict no code
    writes was edited, said as show says it; "most likely" and "cannot be told" are for one that agrees with itself."""
    contradicts = {"levels": [{"level": 3, "status": "fail", "rules": [
        {"id": "L3.sales_tenure", "status": "fail", "explanation": "Not met: 4 years in sales."}]}],
                   "qualified_level": 0, "target_level": 3, "target_status": "pass"}
    said = verdict_edited(Message("the verdict changed: X", "判定结果已改变：X"), contradicts, False, True,
                          decided=decided, code_known=code_known)
    assert in_language(said, "en") == ("the verdict changed: X; the record was edited after it was written: its "
                                       "verdict contradicts itself (target status pass, but level 3 is fail)")
    assert in_language(said, "zh") == "判定结果已改变：X；判定记录写入后被修改过：其判定结果自相矛盾（申报级别结果为符合，但3级为不符合）"


def test_a_fingerprint_that_is_no_text_cannot_be_verified(recorded):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    data["versions"]["certify_code"] = 7
    recorded.write_text(json.dumps(data), encoding="utf-8")
    assert Verifier().verify(recorded).why == "not a decision record (versions.certify_code: Input should be a valid string)"


# ---- show ----


def _made(path: Path, lang: str = "en") -> str:
    out = run("show", path, "--lang", lang).stdout
    head = "\n".join(sentences(out.split("\n\n")[0]))
    return next(line for line in head.splitlines() if line.strip().startswith(("made:", "写入时间")))


def test_show_gives_the_code_with_the_versions_and_says_when_it_is_not_this_certifys(recorded):
    data = json.loads(recorded.read_text(encoding="utf-8"))
    assert _made(recorded).strip() == (f"made: {data['made_at']}, by certify {__version__} (code sha256 {NOW[:12]}…) "
                                       f"with durable-rules {data['versions']['durable_rules']} "
                                       f"(Python {data['versions']['python']})")
    other = written_by(recorded, OTHER)
    assert f"by certify {__version__} (code sha256 0123456789ab…, not this certify's code: {NOW[:12]}… now) with " \
        in _made(other)
    assert f"certify {__version__}（代码 sha256 0123456789ab…，与现在的 certify 代码不同：现为 {NOW[:12]}…）" \
        in _made(other, "zh").replace("\n", "")
    assert "WARNING" not in run("show", other).stdout  # its own contents and name: not edited


def test_show_says_nothing_of_the_code_of_a_record_that_does_not_keep_it(recorded):
    old = written_by(recorded, None)
    made = _made(old)
    assert f"by certify {__version__} with durable-rules" in made and "code" not in made


def test_a_plain_check_does_not_work_the_fingerprint_out(tmp_path):
    """Benchmarks time a plain check: only writing, verifying or showing a record hashes certify's code."""
    records._versions.cache_clear()
    certify_code.cache_clear()
    try:
        assert run("check", APPLICANTS / "huang-tao.yaml", "-q").exit_code == 1
        assert certify_code.cache_info().currsize == 0
        run("check", APPLICANTS / "huang-tao.yaml", "--record", tmp_path / "records", "-q")
        assert certify_code.cache_info().currsize == 1
    finally:
        certify_code()
