"""A ruleset edited under the standard's id and version: diff says so."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from certify.cli import main

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "certify" / "rulesets" / "kam-2014.yaml"
STANDARD = BUNDLED.read_text(encoding="utf-8")
LOWER = ("{fact: sales_months, at_least: 3 years}", "{fact: sales_months, at_least: 2 years}")  # L1.sales_tenure


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], env={"LANG": "en_US.UTF-8"})


def copy(folder: Path, name: str = "my.yaml", *edits: tuple[str, str]) -> Path:
    """The bundled standard copied to folder/name, with each (old, new) replaced once."""
    text = STANDARD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang, said", [
    ("en", "the rules differ under the same id and version (kam-2014 2014.1): give the edited ruleset a version of "
           "its own\n"),
    ("zh", "编号和版本相同（kam-2014 2014.1），规则却不同：请为修改后的标准另定版本\n")])
def test_diff_says_the_rules_differ_under_the_same_id_and_version(tmp_path, lang, said):
    old, new = copy(tmp_path, "my0.yaml"), copy(tmp_path, "my.yaml", LOWER)
    result = run("diff", old, new, "--lang", lang)
    assert result.exit_code == 1 and result.stdout.endswith(said)
    # Under a version of its own, or the same rules re-spaced or retitled, nothing is said of names.
    versioned = copy(tmp_path, "mine.yaml", LOWER, ('version: "2014.1"', 'version: "2014.1-ours"'))
    spaced = copy(tmp_path, "spaced.yaml", ("en: 3 years in sales", "en: \"3 years  in sales\""))
    retitled = copy(tmp_path, "retitled.yaml", ("source:", "notes: {zh: 本公司副本, en: our copy}\nsource:"))
    for other in (versioned, spaced, retitled):
        result = run("diff", old, other, "--lang", lang)
        assert result.exit_code == 1 and said not in result.stdout, other
