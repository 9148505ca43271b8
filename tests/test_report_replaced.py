"""certify report --force over a report: the one replaced is set aside as the new one takes its place, then
removed under a bar of its own, once all else is said."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from certify.cli import committee, main
from certify.cli.progress import progress_bar

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ROOT / "applicants"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_report_replaced_is_removed_under_a_bar_of_its_own_after_the_new_one_is_in_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("report", APPLICANTS, "--out", "review", "-q", "--jobs", "1").exit_code == 2  # one cannot be judged
    old = {p.relative_to("review") for p in Path("review").rglob("*") if p.is_file()}
    assert len(old) == 2 * 11 + 7  # a sheet twice per judged applicant; summary (2), notice (3), overview, index
    bars = []

    def bar(total, *, quiet=False, label=""):  # each bar as a terminal shows it, with what it was there
        screen = _Terminal()
        bars.append((label, screen, sorted(p.name for p in tmp_path.iterdir())))
        return progress_bar(total, quiet=quiet, label=label, stream=screen)

    monkeypatch.setattr(committee, "progress_bar", bar)
    result = run("report", APPLICANTS, "--out", "review", "--force", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("wrote review: 11 review sheets")
    assert [label for label, _, _ in bars] == ["", "removing the review replaced"]
    label, screen, there = bars[1]
    assert f"{len(old)}/{len(old)}" in screen.getvalue()  # a step for each file of the report replaced
    [aside] = [name for name in there if name.startswith(".review.")]  # moved aside, hidden beside the new one
    assert aside.endswith(".old")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review"]  # then removed, whole
    assert {p.relative_to("review") for p in Path("review").rglob("*") if p.is_file()} == old


def test_quiet_removes_the_report_replaced_without_a_word(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("report", APPLICANTS, "--out", "review", "-q").exit_code == 2
    result = run("report", APPLICANTS, "--out", "review", "--force", "-q", "--lang", "zh")
    assert result.exit_code == 2
    assert "删除" not in result.stderr and "removing" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review"]


def test_a_file_of_the_report_replaced_that_cannot_be_removed_is_said_with_the_folder_it_is_left_in(tmp_path,
                                                                                                     monkeypatch):
    # A sheet the system will not let go of (no permission, a file in use on a shared drive) used to be left in the
    # hidden folder without a word, -q or not.
    monkeypatch.chdir(tmp_path)
    assert run("report", APPLICANTS, "--out", "review", "-q", "--jobs", "1").exit_code == 2
    unlink = committee.remove_folder.__globals__["os"].unlink

    def stubborn(path, *args, **kwargs):
        if str(path).endswith("index.html") and ".old" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr("os.unlink", stubborn)
    result = run("report", APPLICANTS, "--out", "review", "--force", "-q", "--jobs", "1", "--lang", "zh")
    monkeypatch.undo()
    assert result.exit_code == 2  # as any report of these applicants: the note changes no status
    [aside] = [p for p in tmp_path.iterdir() if p.name.startswith(".review.")]
    assert [p.name for p in aside.rglob("*") if p.is_file()] == ["index.html"]  # all else removed
    assert result.stderr.splitlines()[-1] == f"注意：被替换的 review 中无法删除的内容留在 {aside.name}，请手动删除"
