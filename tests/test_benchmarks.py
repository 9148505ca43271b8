"""The benchmark harness (benchmarks/) runs, reports every figure, and compares like with like.

Tiny workloads only, and no timing is asserted: these tests check that the harness
works, not how fast anything is. zen-engine is a bench-only extra: its parts are
skipped when it is not installed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measure, profile, run, scaling, snapshot, workload  # noqa: E402
from benchmarks.criteria import Criteria, agreement  # noqa: E402
from benchmarks.worker import make_runner, time_round  # noqa: E402
from certify.ruleset import load_ruleset  # noqa: E402

try:
    import zen  # noqa: F401
    HAVE_ZEN = True
except ImportError:
    HAVE_ZEN = False

needs_zen = pytest.mark.skipif(not HAVE_ZEN, reason="zen-engine is a bench-only extra (pip install -e '.[bench]')")

KEYS = ("engine_per_s", "engine_readings_per_s", "engine_outcomes_per_s", "zen_trace_per_s", "zen_per_s",
        "floor_per_s", "yaml_parse_per_s", "yaml_e2e_per_s", "yaml_e2e_jobs1_per_s", "csv_e2e_per_s",
        "csv_e2e_jobs1_per_s", "jobs_speedup",
        "peak_rss_mb", "peak_rss_mb_by_run", "workload", "machine", "agreement", "csv_input")


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    return Criteria(load_ruleset())


@pytest.fixture(scope="module")
def facts():
    return workload.facts_list(workload.validated(50))


def test_every_rule_becomes_an_expression_with_the_ruleset_thresholds(criteria):
    loaded = load_ruleset()
    ids = [r.id for lv in loaded.ruleset.levels for r in lv.rules]
    expressions = criteria.expressions()
    assert list(expressions) == ids
    assert expressions["L2.sales_tenure"] == "sales_months >= 60"
    # 100万 in whole fen, for the best amount among lead, completed projects
    assert expressions["L2.project"] == "projects_best_amount__role_lead_status_completed >= 100000000"
    assert " or " in expressions["L3.education"]  # 本6 or 碩4


def test_the_floor_agrees_with_certify_where_certify_decides(criteria, facts):
    counts = agreement(facts, criteria, use_zen=False)
    assert counts["sample"] == 50 and counts["decided"] > 0
    assert counts["floor_disagreements"] == 0


@needs_zen
def test_zen_agrees_with_certify_and_the_floor(criteria, facts):
    counts = agreement(facts, criteria, use_zen=True)
    assert counts["zen_disagreements"] == 0
    assert counts["zen_floor_disagreements"] == 0


def test_the_floor_answers_like_zen(criteria, facts):
    row = criteria.flatten(facts[0])
    assert set(criteria.python_dict()(row)) == set(criteria.keys())
    assert list(criteria.python_dict()(row).values()) == list(criteria.python()(row))


@pytest.mark.parametrize("kind", ["engine", "engine_warm", "engine_readings", "engine_outcomes", "floor",
                                  "yaml_parse", "parse_validate",
                                  pytest.param("zen", marks=needs_zen), pytest.param("zen_trace", marks=needs_zen)])
def test_each_worker_kind_runs_a_round(kind, criteria, facts, tmp_path):
    if kind.startswith("engine"):
        load = facts
    elif kind in ("floor", "zen", "zen_trace"):
        load = [criteria.flatten(f) for f in facts]
    else:
        folder = workload.write_yaml_folder(tmp_path / "yaml", 5)
        load = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))]
    result = time_round(make_runner(kind, load))
    assert result["n"] == len(load) and result["seconds"] > 0


def test_the_csv_set_holds_the_same_applicants_as_the_yaml_files(tmp_path):
    pytest.importorskip("certify.sheetset")
    from certify.dossier import dossier_from_data
    from certify.sheetcheck import dossier_of
    from certify.sheets import SheetApplicant
    from certify.sheetset import SheetSet
    from certify.synthetic import synthetic_dossiers

    folder = workload.write_csv_set(tmp_path / "csv", 40)
    units = list(SheetSet.of_csv(folder).units())
    assert all(isinstance(u, SheetApplicant) for u in units)
    assert [dossier_of(u) for u in units] == [dossier_from_data(d) for d in synthetic_dossiers(40, workload.SEED)]


def trimmed(rows) -> list[tuple]:
    """A sheet's rows without the empty cells that pad them to its width."""
    return [tuple(row[:max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]) for row in rows]


@pytest.mark.parametrize("saved_by", ["excel", "openpyxl"])
def test_the_workbook_holds_the_same_applicants_as_the_csv_set_in_the_template_layout(saved_by, tmp_path):
    pytest.importorskip("openpyxl")
    from zipfile import ZipFile

    from openpyxl import load_workbook

    from certify.dossier import dossier_from_data
    from certify.sheetcheck import dossier_of
    from certify.sheets import SheetApplicant
    from certify.sheetset import SheetSet
    from certify.synthetic import synthetic_dossiers
    from certify.template import write_template

    book = workload.write_workbook(tmp_path / "cycle.xlsx", 40, saved_by=saved_by)
    with ZipFile(book) as archive:  # Excel's text in the shared string table, or openpyxl's inline
        sheet = archive.read("xl/worksheets/sheet1.xml")
        assert (b"<dimension " in sheet, b'"inlineStr"' in sheet) == ((True, False) if saved_by == "excel"
                                                                      else (False, True))
    units = list(SheetSet.of_workbook(book).units())
    assert all(isinstance(u, SheetApplicant) for u in units)
    assert [dossier_of(u) for u in units] == [dossier_from_data(d) for d in synthetic_dossiers(40, workload.SEED)]
    written = load_workbook(book, read_only=True)
    template = load_workbook(write_template(tmp_path / "template.xlsx"), read_only=True)
    assert written.sheetnames == template.sheetnames
    for name in template.sheetnames:  # the header and the example row (then the applicants); the notes whole
        rows = trimmed(template[name].iter_rows(values_only=True))
        assert trimmed(written[name].iter_rows(max_row=len(rows), values_only=True)) == rows
    written.close()
    template.close()


def test_run_prints_one_json_object_with_every_figure(tmp_path, capsys):
    sizes = ["--engine-n", "50", "--yaml-n", "8", "--bulk-n", "8", "--rounds", "1", "--e2e-rounds", "1",
             "--bulk-rounds", "1", "--sample-n", "50"]
    assert run.main(["--json", "--live", "--workdir", str(tmp_path), *sizes]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in KEYS:
        assert key in result, key
    assert result["workload"]["engine_dossiers"] == 50
    assert result["engine_per_s"] > 0 and result["yaml_e2e_jobs1_per_s"] > 0 and result["csv_e2e_jobs1_per_s"] > 0
    assert result["peak_rss_mb"] > 0
    assert result["agreement"]["floor_disagreements"] == 0
    if HAVE_ZEN:
        assert result["zen_per_s"] > 0 and result["agreement"]["zen_disagreements"] == 0
    if not result["jobs_available"]:
        assert result["yaml_e2e_per_s"] is None and result["jobs_speedup"] is None
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(result), encoding="utf-8")
    assert run.main(["--from-json", str(saved)]) == 0
    assert "certify check large batch, --jobs 1" in capsys.readouterr().out


def test_run_prints_a_table(tmp_path, capsys):
    sizes = ["--engine-n", "20", "--yaml-n", "4", "--rounds", "1", "--sample-n", "20", "--no-e2e"]
    assert run.main(["--live", "--workdir", str(tmp_path), *sizes]) == 0
    out = capsys.readouterr().out
    assert "certify engine alone" in out and "targets:" in out


def test_a_speed_up_just_under_its_target_is_not_met():
    result = {"engine_per_s": 11_000, "zen_trace_per_s": 17_000, "yaml_parse_per_s": 5_400,
              "yaml_e2e_per_s": 3_143, "yaml_e2e_jobs1_per_s": 1_852, "jobs_speedup": round(3_143 / 1_852, 3),
              "workload": {"bulk_applicants": 100_000}, "csv_e2e_seconds": 24.4, "csv_e2e_jobs1_seconds": 39.8,
              "csv_e2e_peak_rss_mb": 192.0}
    line = next(t for t in run.targets(result) if t.startswith("--jobs 2"))
    assert "1.697" in line and line.endswith("NOT met")  # 1.697 rounded to two places would read 1.70
    result |= {"yaml_e2e_jobs1_per_s": 1_848, "jobs_speedup": round(3_143 / 1_848, 3)}
    assert next(t for t in run.targets(result) if t.startswith("--jobs 2")).endswith(": met")


def test_a_command_is_timed_with_its_peak_rss(tmp_path):
    res = measure.run_command([sys.executable, "-c", "print('x' * 10)"], tmp_path / "out.txt")
    assert res["returncode"] == 0 and res["seconds"] > 0 and res["maxrss_mb"] > 0
    assert measure.count_lines(tmp_path / "out.txt") == 1


def test_profile_names_where_the_engine_spends_its_time():
    summary = profile.summarise(profile.profile_engine(20), top=5)
    assert len(summary["tottime"]) == 5
    assert any(name.startswith("certify.") for name, *_ in summary["areas"])


def test_scaling_engine_child_reports_time_and_memory():
    result = scaling.engine_child(30)
    assert result["n"] == 30 and result["peak_rss_mb"] > 0 and result["durable_sessions"] > 0


def test_scaling_end_to_end_only_runs_no_engine_alone(tmp_path, capsys):
    assert scaling.main(["--sizes", "6", "--no-engine", "--live", "--json", "--workdir", str(tmp_path)]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and all(r["what"] == "certify check" for r in rows)
    assert all(r["lines"] == 6 for r in rows)


def test_scaling_runs_end_to_end_on_a_workbook_made_once(tmp_path, capsys):
    pytest.importorskip("openpyxl")
    argv = ["--sizes", "6", "--no-engine", "--live", "--json", "--workdir", str(tmp_path), "--xlsx"]
    assert scaling.main(argv) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and all(r["what"] == "certify check xlsx" and r["lines"] == 6 for r in rows)
    assert all(r["input"].startswith("workbook") and r["seconds"] > 0 and r["per_s"] > 0 for r in rows)
    assert all(r["peak_rss_mb"] and r["peak_rss_mb"] > 0 for r in rows)
    made = list((tmp_path / "bulk-6").glob("*.xlsx"))
    assert len(made) == 1
    stamp = made[0].stat().st_mtime_ns
    assert scaling.main([*argv, "--to-file"]) == 0  # the workbook is reused; certify writes -o FILE
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert all(r["lines"] == 6 and r["output"] == "-o FILE" for r in rows)
    assert made[0].stat().st_mtime_ns == stamp


def test_a_snapshot_holds_the_code_and_its_rulesets(tmp_path):
    dest = snapshot.take(tmp_path / "snap")
    assert (dest / "certify" / "engine.py").is_file() and (dest / "benchmarks" / "run.py").is_file()
    ruleset = dest / "certify" / "rulesets" / "kam-2014.yaml"
    assert ruleset.is_file() and not ruleset.is_symlink()
    assert len(snapshot.fingerprint()) == 12


def test_the_tree_and_its_snapshot_have_the_same_fingerprint_and_a_ruleset_changes_it(tmp_path):
    # In the tree certify/rulesets is a link; in a snapshot it is a copy. Both must hash alike,
    # or a run's "code measured" could never be matched to a commit.
    dest = snapshot.take(tmp_path / "snap") / "certify"
    assert snapshot.fingerprint(dest) == snapshot.fingerprint()
    ruleset = dest / "rulesets" / "kam-2014.yaml"
    ruleset.write_text(ruleset.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert snapshot.fingerprint(dest) != snapshot.fingerprint()
