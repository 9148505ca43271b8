"""A cycle of 100,000 applicants: what holds memory per applicant, what shows progress, what a browser opens.

Nothing here is timed: each test asserts the structure that keeps a long batch usable (a result not held,
a ruleset parsed once, a bar drawn, a list paged), on a few applicants.
"""

from __future__ import annotations

import gc
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import on_a_terminal

from certify import indexpages, verify
from certify.batch import Batch
from certify.cli import main
from certify.cli.records import Decisions
from certify.documents import write_documents
from certify.editions import open_rulesets
from certify.parallel import check_batch
from certify.ruleset import DEFAULT_RULESET
from certify.verdict import Verdict

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"
GRANT = """\
overrides:
  - applicant: AP-103
    level: 2
    decision: grant
    reason: 差距很小
    approver: 评审委员会主任 王建国
    reference: 评审委员会纪要 2026-12 第3号
    date: 2026-12-20
"""


@pytest.fixture(scope="module")
def engine():
    return open_rulesets(None)


@pytest.fixture
def records(tmp_path) -> Path:
    """The shipped applicants' decision records (eleven), in a folder."""
    folder = tmp_path / "records"
    CliRunner().invoke(main, ["check", str(APPLICANTS), "-q", "--no-explain", "--record", str(folder)])
    assert len(list(folder.glob("*.json"))) == 11
    return folder


def test_verify_parses_a_ruleset_once_for_all_the_records_judged_by_it(records, monkeypatch):
    # Parsing the 2014 standard again for each record was half of verify's time on 100,000 records.
    parsed = []
    real = verify.load_ruleset
    monkeypatch.setattr(verify, "load_ruleset", lambda path: parsed.append(path) or real(path))
    result = CliRunner().invoke(main, ["verify", str(records)])
    assert result.exit_code == 0 and result.stdout.count(": reproduced") == 11
    assert len(parsed) == 1


def test_verify_still_sees_a_ruleset_file_changed_between_two_records(tmp_path):
    # Parsed once per content, not once per path: a file edited part-way is parsed again, as it is now.
    verifier = verify.Verifier()
    ruleset = tmp_path / "kam.yaml"
    shutil.copy(DEFAULT_RULESET, ruleset)
    engine_a = verifier.engine(ruleset)
    ruleset.write_text(ruleset.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    engine_b = verifier.engine(ruleset)
    assert engine_a is not engine_b and engine_b.loaded.sha256 != engine_a.loaded.sha256
    assert verifier.engine(ruleset) is engine_b


def test_verify_draws_a_progress_bar_when_its_lines_go_elsewhere(records):
    # 100,000 records take minutes: with the lines going to a file, a terminal would show nothing until the end.
    status, shown = on_a_terminal("verify", records, err=True)
    assert status == 0 and "11/11" in shown
    status, quiet = on_a_terminal("verify", records, "-q", err=True)
    assert status == 0 and "11/11" not in quiet


def test_decisions_are_checked_against_the_whole_batch_without_holding_its_verdicts(engine, tmp_path):
    # Holding every verdict until the decisions were checked cost ~8 KB an applicant in the parent.
    committee = tmp_path / "committee.yaml"
    committee.write_text(GRANT, encoding="utf-8")
    made = []

    def judged():
        for result in check_batch(engine, Batch([APPLICANTS])):
            made.append(result.applicant_id)
            yield result

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, Verdict) for o in gc.get_objects())

    before = alive()
    decided = Decisions(committee, None, engine).apply(judged())
    first = next(decided)  # the whole batch is judged (and the decisions checked) before the first comes out
    assert len(made) == 12
    assert alive() - before <= 2  # the first handed on (read back, its decision beside it), not all eleven
    rest = [first, *decided]
    assert [r.applicant_id for r in rest] == made
    assert [r.applicant_id for r in rest if getattr(r, "overrides", ())] == ["AP-103"]


def test_a_decision_about_an_applicant_not_in_a_long_batch_still_gets_its_hint(engine, tmp_path):
    committee = tmp_path / "committee.yaml"
    committee.write_text(GRANT.replace("AP-103", "AP-1O3"), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        list(Decisions(committee, None, engine).apply(check_batch(engine, Batch([APPLICANTS]))))
    assert "'AP-1O3' is not in the batch" in str(caught.value) and "AP-103" in str(caught.value.hint or "")


def test_a_long_cycles_list_of_review_sheets_is_paged(engine, tmp_path, monkeypatch):
    # One index.html of 100,000 rows took a browser minutes to open; pages of PAGE rows open at once.
    monkeypatch.setattr(indexpages, "PAGE", 5)
    results = list(check_batch(engine, Batch([APPLICANTS])))  # eleven verdicts and one error: three pages
    out = tmp_path / "review"
    write_documents(results, out, engine.editions[-1].ruleset, lang="en")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="sheets/' not in index
    assert re.findall(r'href="(pages/\d+\.html)"', index) == ["pages/0001.html", "pages/0002.html", "pages/0003.html"]
    linked, errors = [], 0
    for n in (1, 2, 3):
        page = (out / f"pages/000{n}.html").read_text(encoding="utf-8")
        linked += re.findall(r'class="sheet" href="\.\./sheets/([^"]+)\.html"', page)
        errors += page.count('<span class="st fail">error</span>')
        assert 'href="../index.html"' in page
        assert ('rel="prev"' in page) == (n > 1) and ('rel="next"' in page) == (n < 3)
    assert sorted(linked) == sorted(p.stem for p in (out / "sheets").glob("*.html")) and len(linked) == 11
    assert errors == 1
    assert "1–5" in index and "11–12" in index  # each page's rows, beside its first and last id


def test_a_cycle_of_a_page_or_less_lists_its_sheets_in_index_html_itself(engine, tmp_path):
    results = list(check_batch(engine, Batch([APPLICANTS])))
    write_documents(results, tmp_path / "review", engine.editions[-1].ruleset, lang="en")
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert index.count('class="sheet" href="sheets/') == 11 and not (tmp_path / "review" / "pages").exists()


def test_report_with_decisions_counts_each_result_judged_and_then_written(tmp_path):
    # With --overrides the whole batch is judged first: a bar that counted the judging only stood at its end
    # while 100,000 review sheets were written.
    committee = tmp_path / "committee.yaml"
    committee.write_text(GRANT, encoding="utf-8")
    status, shown = on_a_terminal("report", APPLICANTS, "--out", tmp_path / "review", "--overrides", committee,
                                  err=True)
    assert status == 2 and "24/24" in shown  # twelve results (one an error row), each judged and written
    status, plain = on_a_terminal("report", APPLICANTS, "--out", tmp_path / "plain", err=True)
    assert status == 2 and "12/12" in plain and "24/24" not in plain


def test_a_paged_list_keeps_each_sheets_decision_record(tmp_path, monkeypatch):
    # report --record names each sheet's record in the list of sheets: on every page of a long cycle too.
    monkeypatch.setattr(indexpages, "PAGE", 5)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", str(APPLICANTS), "--out", "review", "--record", "records", "-q"])
    assert result.exit_code == 2
    recorded = {p.name for p in Path("records").glob("*.json")}
    named = []
    for n in (1, 2, 3):
        page = Path(f"review/pages/000{n}.html").read_text(encoding="utf-8").replace("<wbr>", "")
        assert "<th>decision record</th>" in page
        named += re.findall(r"<td>([^<]+\.json) \(sha256 [0-9a-f]{12}\)</td>", page)
    assert len(named) == 11 and set(named) == recorded


def test_report_force_replaces_a_long_cycles_folder_with_its_pages(tmp_path, monkeypatch):
    # --force replaces a folder holding only a report's documents: a long cycle's pages/ are among them.
    monkeypatch.setattr(indexpages, "PAGE", 5)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["report", str(APPLICANTS), "--out", "review", "-q"]).exit_code == 2
    assert Path("review/pages/0003.html").is_file()
    Path("review/pages/0003.html").write_text("an old page", encoding="utf-8")
    again = CliRunner().invoke(main, ["report", str(APPLICANTS), "--out", "review", "-q", "--force"])
    assert again.exit_code == 2 and "holds what a report's documents do not" not in again.output
    assert Path("review/pages/0003.html").read_text(encoding="utf-8") != "an old page"  # replaced
    Path("review/pages/notes.txt").write_text("not the report's", encoding="utf-8")  # a file of someone's: kept
    kept = CliRunner().invoke(main, ["report", str(APPLICANTS), "--out", "review", "-q", "--force"])
    assert "holds what a report's documents do not (pages/notes.txt)" in kept.output
    assert Path("review/pages/notes.txt").is_file()
