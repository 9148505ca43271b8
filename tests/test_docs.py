"""The docs show real output: every `$ certify ...` block in docs/ is re-run and compared.

To refresh the blocks after a deliberate change: CERTIFY_UPDATE_DOCS=1 python -m pytest tests/test_docs.py

They are run on one day, DOCS_TODAY, as the docs say: a forecast date between a dossier's as-of date and
today is said without "if employment goes on as now", so the output changes as days pass.
"""

import ast
import json
import os
import re
import shlex
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main
from certify.codeprint import certify_code
from certify.facts import CLOCK

ROOT = Path(__file__).resolve().parents[1]
DOCS_TODAY = date(2026, 11, 28)
BLOCK = re.compile(r"```console\n\$ (certify [^\n]*)\n(.*?)```", re.S)


def blocks():
    for doc in sorted((ROOT / "docs").glob("*.md")):
        for m in BLOCK.finditer(doc.read_text(encoding="utf-8")):
            yield doc, m.group(1)


def output_of(command: str) -> str:
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(main, args, env={"LANG": "en_US.UTF-8"}, prog_name="certify")
    return result.stdout


@pytest.mark.parametrize("doc, command", list(blocks()), ids=lambda x: x if isinstance(x, str) else x.name)
def test_documented_output_is_what_certify_prints(doc, command, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(CLOCK, "today", lambda: DOCS_TODAY)
    text = doc.read_text(encoding="utf-8")
    current = output_of(command)
    pattern = re.compile(r"(```console\n\$ " + re.escape(command) + r"\n)(.*?)(```)", re.S)
    shown = pattern.search(text).group(2)
    if os.environ.get("CERTIFY_UPDATE_DOCS") and shown != current:
        doc.write_text(pattern.sub(lambda m: m.group(1) + current + m.group(3), text, count=1), encoding="utf-8")
        shown = current
    assert shown == current, f"{doc.name} shows stale output of `{command}`; see this file's docstring"


def test_what_the_readme_says_its_first_command_prints_is_what_certify_check_prints(monkeypatch):
    """README.md, "Two commands": `certify check applicants/` gives the broken file's row `error (1)`, its error under
    the table, the summary line the README quotes on standard error, and exit status 2."""
    monkeypatch.chdir(ROOT)
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = text.split("The first prints one row per dossier;", 1)[1].split("## Using it", 1)[0]
    row, error, summary = re.findall(r"`([^`]+)`", said)[1:]
    result = CliRunner().invoke(main, ["check", "applicants/"], env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 2 and "exit status is 2" in said
    assert len([line for line in result.stdout.splitlines() if line.startswith("applicants/")]) == 12
    assert f"applicants/invalid-misspelt-key.yaml {row}" in " ".join(result.stdout.split())
    assert f"\n  {error}\n" in result.stdout
    assert result.stderr == summary + "\n"


def test_the_rule_auditing_md_quotes_is_what_certify_explain_prints():
    """docs/auditing.md quotes level 3's education rule from `certify explain`, in English and in Chinese, as the
    command lays it out (its ```text blocks are excerpts, so the blocks above do not re-run them)."""
    text = (ROOT / "docs" / "auditing.md").read_text(encoding="utf-8")
    quoted = re.findall(r"```text\n(.*?)```", text, re.S)
    assert len(quoted) == 2
    for lang, excerpt in zip(("en", "zh"), quoted):
        assert excerpt in output_of(f"certify explain --lang {lang}"), f"auditing.md quotes a stale {lang} rule"


def test_the_committees_report_example_is_what_certify_report_writes(tmp_path, monkeypatch):
    """docs/committees.md shows a report with the example decisions, then the notice's last lines and the overview's
    decisions, as a shell shows them: each `$ ` line run here (certify, `tail -N FILE`, `grep WORD FILE`) in a copy
    of the examples, and what follows it compared."""
    text = (ROOT / "docs" / "committees.md").read_text(encoding="utf-8")
    session = re.search(r"\n(    \$ certify report .*?)\n\n", text, re.S).group(1)
    shutil.copytree(ROOT / "applicants", tmp_path / "applicants")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    steps = re.findall(r"    \$ ([^\n]*)\n((?:(?!    \$ )[^\n]*\n?)*)", session)
    assert [command.split()[0] for command, _ in steps] == ["certify", "tail", "grep"]
    for command, shown in steps:
        args = shlex.split(command)
        if args[0] == "certify":
            result = CliRunner().invoke(main, args[1:], env={"LANG": "en_US.UTF-8"}, prog_name="certify")
            assert result.exit_code == 2  # the examples' broken dossier
            printed = result.output
        else:
            lines = Path(args[-1]).read_text(encoding="utf-8-sig").splitlines()
            printed = "".join(f"{line}\n" for line in (lines[-int(args[1][1:]):] if args[0] == "tail"
                                                       else [line for line in lines if args[1] in line]))
        assert textwrap.indent(printed, "    ") == shown.rstrip("\n") + "\n", f"committees.md: stale `{command}`"


def test_the_head_of_a_review_sheet_committees_md_shows_is_what_certify_report_writes(tmp_path, monkeypatch):
    """docs/committees.md, "A signed sheet, its dossier and its record": the head of 赵磊's review sheet, in English
    and in Chinese, as `certify report` begins it."""
    text = (ROOT / "docs" / "committees.md").read_text(encoding="utf-8")
    section = text.split("The head of the sheet begins, in English and in Chinese:\n\n", 1)[1].split("\n\nThe ", 1)[0]
    shutil.copytree(ROOT / "applicants", tmp_path / "applicants")
    monkeypatch.chdir(tmp_path)
    for lang, shown in zip(("en", "zh"), section.split("\n\n")):
        CliRunner().invoke(main, ["report", "applicants/zhao-lei.yaml", "--out", lang, "--lang", lang, "-q"])
        sheet = (tmp_path / lang / "sheets" / "AP-103.md").read_text(encoding="utf-8")
        head = sheet.split("\n\n", 2)[1]  # after the sheet's title
        head = head.replace(f"sha256 {certify_code()[:12]}…", "sha256 6ac818b4fc7d…")  # the code's, as the page gives it
        assert head.startswith(textwrap.dedent(shown) + "\n"), f"committees.md shows a stale {lang} review sheet head"


def test_the_dossier_formats_examples_are_dossiers_judged_as_the_page_says(tmp_path):
    """docs/dossier-format.md: each section's example is valid (given an applicant), and the full example, in YAML
    and in JSON, applies for level 2 and meets level 3 as of 2026-12-31, with 12 years 5 months of IT sales."""
    text = (ROOT / "docs" / "dossier-format.md").read_text(encoding="utf-8")
    examples = re.findall(r"```(yaml|json)\n(.*?)```", text, re.S)
    assert len(examples) == 6
    for n, (kind, example) in enumerate(examples):
        path = tmp_path / f"example{n}.{kind}"
        path.write_text(example if "applicant" in example else "applicant: {id: E1}\n" + example, encoding="utf-8")
        assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0, f"example {n + 1} is not valid"
    results = {}
    for name, level_1 in (("example4.yaml", "pass"), ("example5.json", "review")):
        results[name] = result = json.loads(output_of(f"certify check {tmp_path / name} --format jsonl"))
        assert (result["qualified_level"], result["target_level"], result["target_status"]) == (3, 2, "pass")
        assert [level["status"] for level in result["levels"]] == [level_1, "pass", "pass", "fail"]
    [it_sales] = [rule for rule in results["example4.yaml"]["levels"][0]["rules"] if rule["id"] == "L1.it_sales_tenure"]
    assert it_sales["readings"][0]["actual"] == 12 * 12 + 5


def test_the_facts_table_of_the_ruleset_format_is_the_catalogue():
    """docs/ruleset-format.md says a test checks its table of facts against certify.facts.FACTS."""
    from certify.facts import FACTS

    text = (ROOT / "docs" / "ruleset-format.md").read_text(encoding="utf-8")
    table = text.split("## Facts", 1)[1].split("\n\n")[2]
    rows, where = [], None
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        where = {"applicant": "applicant", "`some: education`": "education",
                 "`some: projects`": "projects"}.get(cells[0], where) if cells[0] else where
        rows.append((f"{where}.{cells[1].strip('`')}", cells[2]))
    assert rows == [(key, spec.kind) for key, spec in FACTS.items()]


def test_every_command_shows_its_help_in_the_command_line_page():
    """docs/cli.md shows each command's --help, so every option is documented (the blocks above keep them true)."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    shown = {m.group(1) for m in re.finditer(r"```console\n\$ certify (\w+) --help\n", text)}
    assert sorted(main.commands) == sorted(shown)


def _usage_lines():
    """Each usage line the docs give a command (`    certify report PATHS... --out DIR [--lang zh|en] ...`, with the
    lines that carry on its options), as (doc, the command's name, the line)."""
    for doc in sorted((ROOT / "docs").glob("*.md")):
        lines = doc.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if (m := re.match(r" {4}certify (\w+) .*\[", line)) and "#" not in line:  # an example has no [options]
                end = i + 1
                while end < len(lines) and re.match(r" {8,}\[", lines[end]):
                    end += 1
                yield doc.name, m.group(1), " ".join(lines[i:end])


@pytest.mark.parametrize("doc, name, usage", list(_usage_lines()), ids=[f"{d}-{n}" for d, n, _ in _usage_lines()])
def test_a_usage_line_in_the_docs_names_every_option_of_its_command_and_no_other(doc, name, usage):
    command = main.commands[name]
    options = [p.opts + p.secondary_opts for p in command.params if p.param_type_name == "option" and p.name != "help"]
    missing = [names[-1] for names in options if not any(re.search(re.escape(o) + r"(?![\w-])", usage) for o in names)]
    known = {o for names in options for o in names}
    unknown = [o for o in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", usage) if o not in known]
    assert (missing, unknown) == ([], []), f"{doc}: {usage.strip()}"


def test_every_module_is_on_the_engine_pages_map():
    """docs/engine.md walks the package, cli/ too: a module it does not name is one a reader cannot place."""
    text = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    modules = sorted(p.name for p in (ROOT / "certify").glob("*.py") if p.name != "__init__.py")
    assert [name for name in modules if name not in text] == []
    commands = sorted(f"cli/{p.name}" for p in (ROOT / "certify" / "cli").glob("*.py") if p.name != "__init__.py")
    assert [name for name in commands if name not in text] == []


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(doc: Path) -> set[str]:
    """Every heading's anchor; a heading written again gets -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    text = re.sub(r"^```.*?^```", "", doc.read_text(encoding="utf-8"), flags=re.S | re.M)
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        anchor = _anchor(heading)
        seen[anchor] = seen.get(anchor, -1) + 1
    return {anchor if n == 0 else f"{anchor}-{n}" for anchor, count in seen.items() for n in range(count + 1)}


def _links():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = re.sub(r"^```.*?^```", "", doc.read_text(encoding="utf-8"), flags=re.S | re.M)
        text = re.sub(r"`[^`\n]*`", "", text)  # `[王五](x)` is an example, not a link
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if not re.match(r"[a-z]+:", target):
                yield doc, target


@pytest.mark.parametrize("doc, target", list(_links()), ids=lambda x: x if isinstance(x, str) else x.name)
def test_every_relative_link_leads_somewhere(doc, target):
    """A link to another page, file or heading of the repository resolves, its #anchor as GitHub renders it."""
    path, _, anchor = target.partition("#")
    linked = (doc.parent / path).resolve() if path else doc
    assert linked.exists(), f"{doc.name} links to {path}, which is not there"
    if anchor:
        assert anchor in _anchors(linked), f"{doc.name} links to #{anchor}, no heading of {linked.name}"


def test_engine_is_the_only_module_that_imports_durable_rules():
    """docs/engine.md says so: durable-rules' quirks are handled in one place, and nowhere else reaches past it."""
    importers = []
    for path in sorted((ROOT / "certify").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("durable", "durable_rules_engine") for n in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importers)) == ["certify/engine.py"]
    assert "`engine.py` is the only module that imports durable-rules" in (ROOT / "docs" / "engine.md").read_text(
        encoding="utf-8")


def test_every_module_stays_small_enough_to_have_one_job():
    """docs/engine.md says so: a module past 400 lines is split by job (forecast.py into ruledates.py, say)."""
    sizes = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in (ROOT / "certify").rglob("*.py")}
    assert len(sizes) > 50 and {name: n for name, n in sizes.items() if n > 400} == {}
    assert "stays at 400 lines or fewer" in (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
