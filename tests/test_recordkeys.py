"""A key added by hand anywhere in a decision record (`dossier.files` in a dossier file's record, a note beside a rule)
is said by verify and show as a field added at the top is: the record was edited, the key named by its path. Records
of every shape certify writes hold only what it writes, and are still reproduced."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from certify.cli import main
from certify.recorded import ShownRecord, _Dossier, _FileDossier, _Options, _Ruleset, _Versions, every_record
from certify.recordkeys import RECORD, _Each, unwritten
from certify.tampered import inputs_missing
from samples import COMMITTEE

APPLICANTS = Path(__file__).resolve().parents[1] / "applicants"
EDITIONS = Path(__file__).resolve().parent / "rulesets" / "editions"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


@pytest.fixture(scope="module")
def every_shape(tmp_path_factory) -> list[Path]:
    """Records of every shape certify writes: the applicants' dossiers (gaps, alternatives); with the committee's
    decisions (--overrides); with --level; from a folder of two editions, one judged by a date whose forecast falls
    under the later edition (passes_on_ruleset, passes_on_requirement); a workbook's applicant, filled in from the
    template (a spreadsheet's dossier: its source, id and files)."""
    tmp = tmp_path_factory.mktemp("shapes")
    applicants = tmp / "applicants"
    shutil.copytree(APPLICANTS, applicants)
    (tmp / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    run("check", applicants, "--record", tmp / "plain", "-q")
    run("check", applicants, "--overrides", tmp / "committee.yaml", "--record", tmp / "decided", "-q")
    run("check", applicants / "huang-tao.yaml", "--level", "4", "--record", tmp / "level", "-q")
    run("check", applicants, "--ruleset", EDITIONS, "--record", tmp / "editions", "-q")
    run("check", applicants / "zhao-lei.yaml", "--ruleset", EDITIONS, "--as-of", "2019-06-30",
        "--record", tmp / "editions", "-q")
    assert run("template", "--xlsx", tmp / "cycle.xlsx", "--lang", "en").exit_code == 0
    book = openpyxl.load_workbook(tmp / "cycle.xlsx")
    for sheet in book.worksheets[:4]:  # applicants, education, employment, projects: the example row, as E2001's
        row = [cell.value for cell in sheet[2]]
        sheet.append(["E2001", *row[1:]])
    book.save(tmp / "cycle.xlsx")
    assert run("check", tmp / "cycle.xlsx", "--record", tmp / "sheet", "-q").exit_code == 0
    found = [r for folder in ("plain", "decided", "level", "editions", "sheet") for r in _records(tmp / folder)]
    assert len(found) == 11 + 11 + 1 + 11 + 1 + 1
    return found


def _paths(value, prefix: str = "") -> set[str]:
    """Each key a record holds, by its path with list positions as *."""
    if isinstance(value, dict):
        return {p for k, v in value.items() for p in ({prefix + k} | _paths(v, f"{prefix}{k}."))}
    if isinstance(value, list):
        return {p for v in value for p in _paths(v, f"{prefix}*.")}
    return set()


def _known(shape, prefix: str = "") -> set[str]:
    """Each key the models say certify writes, by its path as _paths gives it."""
    if type(shape) is _Each:
        return _known(shape.item, f"{prefix}*.")
    return {prefix + k for k in shape.known} | {p for k, s in shape.parts.items() for p in _known(s, f"{prefix}{k}.")}


def test_records_of_every_shape_hold_only_what_certify_writes_and_are_reproduced(every_shape):
    for record in every_shape:
        assert unwritten(json.loads(record.read_text(encoding="utf-8"))) == [], record
        assert run("verify", record).stdout == f"{record}: reproduced\n"
        shown = run("show", record)
        assert shown.exit_code == 0 and "WARNING" not in shown.stdout, shown.stdout


def test_the_models_know_no_key_certify_does_not_write(every_shape):
    """What verify lets a record hold is what certify writes, no more: each key the models know (recorded.py) is one
    some record of these holds (a file's name among a spreadsheet's files, a value's keys, are data, not looked into)."""
    held = set().union(*(_paths(json.loads(r.read_text(encoding="utf-8"))) for r in every_shape))
    assert _known(RECORD) - held == set()
    assert {p for p in held if not p.startswith(("dossier.files.", "ruleset.editions.files."))} - _known(RECORD) == set()
    assert set(ShownRecord.model_fields) == {"format", "made_at", "verdict", "facts", "dossier", "ruleset", "as_of",
                                             "options", "versions", "overrides"}


INPUTS = {"dossier": _FileDossier, "ruleset": _Ruleset, "options": _Options, "versions": _Versions}
# Fields of a record's inputs whose deletion inputs_missing does not say: not in a record written before records kept
# it (certify_code), or written only with a folder of editions, or only a spreadsheet applicant's dossier's
NOT_SAID = {"versions.certify_code", "ruleset.editions", "dossier.source", "dossier.kind", "dossier.applicant_id",
            "dossier.files"}


def test_the_fields_certify_writes_in_every_record_are_those_the_models_declare(every_shape):
    """What records.make_record writes in a record's inputs is what the models declare (recorded.every_record, and
    SOME_RECORDS beside), in the order written; and each field it writes, deleted by hand, is said missing (tampered
    .inputs_missing) but those NOT_SAID. A field the writer came to write undeclared fails here, as does one
    declared written in every record that is not, or one declared whose deletion is not said."""
    sheet_only = set(_Dossier.model_fields) - set(_FileDossier.model_fields)
    for record in every_shape:
        data = json.loads(record.read_text(encoding="utf-8"))
        assert inputs_missing(data) == [], record
        for name, part in INPUTS.items():
            held = [k for k in data[name] if not (name == "dossier" and "source" in data[name] and k in sheet_only)]
            every = every_record(part)
            assert [k for k in held if k not in part.SOME_RECORDS] == list(every), (record, name)
            for key in data[name]:
                gone = {**data, name: {k: v for k, v in data[name].items() if k != key}}
                said = [] if f"{name}.{key}" in NOT_SAID else [f"{name}.{key}"]
                assert inputs_missing(gone) == said, (record, name, key)


def _edited(record: Path, where: str, value=7) -> Path:
    """`record` with `value` set at the path `where` (a.b.0.c), written back."""
    data = json.loads(record.read_text(encoding="utf-8"))
    *parts, last = where.split(".")
    holder = data
    for part in parts:
        holder = holder[int(part)] if isinstance(holder, list) else holder[part]
    holder[last] = value
    record.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return record


@pytest.fixture
def huang_tao(tmp_path) -> Path:
    """huang-tao's dossier checked alone with --record: its record."""
    dossier = tmp_path / "huang-tao.yaml"
    shutil.copy(APPLICANTS / "huang-tao.yaml", dossier)
    assert run("check", dossier, "--record", tmp_path / "records", "-q").exit_code == 1
    [record] = _records(tmp_path / "records")
    return record


@pytest.mark.parametrize("where", [
    "dossier.files",  # a spreadsheet applicant's dossier has its files: a dossier file's has none
    "verdict.note", "verdict.ruleset.note", "verdict.levels.2.note", "verdict.levels.2.rules.1.note",
    "verdict.levels.2.rules.1.readings.0.note", "verdict.levels.2.gaps.0.missing.0.note",
    "facts.note", "facts.applicant.bonus_months", "facts.projects.0.facts.note", "facts.education.0.note",
])
def test_a_key_added_inside_a_part_is_the_record_edited_named_by_its_path(huang_tao, where):
    record = _edited(huang_tao, where)
    english = run("verify", record)
    assert english.exit_code == 2
    assert english.stdout == (f"{record}: cannot verify: the record was edited after it was written (it holds a "
                              f"field certify does not write: {where})\n")
    assert run("verify", record, "--lang", "zh").stdout.startswith(
        f"{record}：无法核对：判定记录写入后被修改过（其中有 certify 不写入的字段：{where}）\n")
    shown = run("show", record)
    assert shown.exit_code == 0
    assert (f"WARNING: the record was edited after it was written (it holds a field certify does not write: {where})"
            in " ".join(shown.stdout.split()))


@pytest.mark.parametrize("where", ["options.note", "ruleset.note", "versions.os", "dossier.note"])
def test_a_key_added_inside_an_input_is_named_beside_the_digest_it_changed(huang_tao, where):
    """The inputs' digest, which the record's name ends with, is not theirs: said so, and which key was added."""
    record = _edited(huang_tao, where)
    said = run("verify", record).stdout
    assert said.startswith(f"{record}: cannot verify: the record was edited after it was written (its inputs give "
                           "the digest ")
    assert said.endswith(f"; it holds a field certify does not write: {where})\n")
    assert run("verify", record, "--lang", "zh").stdout.endswith(f"；其中有 certify 不写入的字段：{where}）\n")


def test_keys_added_in_several_parts_are_all_named_in_the_records_order(huang_tao):
    _edited(huang_tao, "verdict.levels.0.rules.0.note")
    record = _edited(huang_tao, "facts.applicant.bonus_months")
    assert run("verify", record).stdout.endswith(
        "(it holds a field certify does not write: verdict.levels.0.rules.0.note, facts.applicant.bonus_months)\n")


def test_a_committee_decision_with_a_key_added_is_the_record_edited(tmp_path):
    dossier = tmp_path / "zhao-lei.yaml"
    shutil.copy(APPLICANTS / "zhao-lei.yaml", dossier)
    (tmp_path / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    run("check", dossier, "--overrides", tmp_path / "committee.yaml", "--record", tmp_path / "records", "-q")
    [record] = _records(tmp_path / "records")
    assert run("verify", record).stdout == f"{record}: reproduced\n"
    said = run("verify", _edited(record, "overrides.0.seal", "盖章")).stdout
    assert said.startswith(f"{record}: cannot verify: the record was edited after it was written")
    assert "it holds a field certify does not write: overrides.0.seal" in said


def test_a_spreadsheet_applicants_record_keeps_its_files_and_a_key_added_beside_them_is_named(every_shape):
    [sheet] = [r for r in every_shape if r.name.startswith("E2001")]
    data = json.loads(sheet.read_text(encoding="utf-8"))
    assert data["dossier"]["files"] and data["dossier"]["source"].endswith("cycle.xlsx")
    copy = sheet.with_name("copy") / sheet.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(sheet, copy)
    assert run("verify", _edited(copy, "verdict.levels.0.rules.0.note")).stdout == (
        f"{copy}: cannot verify: the record was edited after it was written (it holds a field certify does not "
        "write: verdict.levels.0.rules.0.note)\n")
