"""A note on a YAML indentation mistake that proposes a fix proposes one that works.

Every non-blank line of the shipped YAML files (the applicants' dossiers, the valid fixtures, the bundled ruleset
and its test cases, the committee's example decisions), moved one or two columns in or out, is read by the reader
of its kind. Where the error's note proposes a fix ("indent it 6 spaces, in line with its keys", "indent that '- '
2 spaces", "or indent this line 5 spaces", "move that '- ' to the start of its line", "a section's key starts its
line", "write it inside its braces"), the fix is read from the English note, made to the moved text, and the text
must then get past that mistake: no YAML error on or before the line the note was on. The Chinese note proposes
the same lines and columns.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from certify.casefile import load_casefile
from certify.errors import CertifyError
from certify.load import parse_dossier
from certify.overrides import load_overrides
from certify.ruleset import parse_ruleset
from certify.yamltext import StrictLoader

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted([*(ROOT / "applicants").glob("*.yaml"), *(ROOT / "tests" / "dossiers" / "valid").glob("*.yaml")]) + [
    ROOT / "rulesets" / "kam-2014.yaml", ROOT / "rulesets" / "kam-2014.tests.yaml",
    ROOT / "docs" / "examples" / "committee-2026-12.yaml"]


SAMPLE = {"kam-2014.tests.yaml": 3}  # every third line of the test cases (their cases alike): the sweep in seconds


def _kind(path: Path) -> str:
    return {"kam-2014.yaml": "ruleset", "kam-2014.tests.yaml": "case file",
            "committee-2026-12.yaml": "decisions"}.get(path.name, "dossier")


def _read(kind: str, text: str, folder: Path) -> CertifyError | None:
    """The error the reader of `kind` raises for `text`, None when it reads it."""
    path = folder / ("kam-2014.tests.yaml" if kind == "case file" else "committee.yaml")
    if kind in ("case file", "decisions"):
        path.write_text(text, encoding="utf-8")
    read = {"dossier": lambda: parse_dossier(text, "x.yaml"), "ruleset": lambda: parse_ruleset(text, "x.yaml"),
            "case file": lambda: load_casefile(path), "decisions": lambda: load_overrides(path)}[kind]
    try:
        read()
    except CertifyError as error:
        return error
    return None


def _yaml_error_line(text: str) -> int | None:
    """The line (1-based) of the first mistake in `text`'s YAML (as the readers' parser reads it, composed but not
    made into values), 0 for one without a line; None for sound YAML."""
    try:
        yaml.compose(text, Loader=StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return mark.line + 1 if mark is not None else 0
    return None


# What a note proposes, as (line, column, what, also): set that line's indent to the column ("line"), or, for
# "braces", move the line into the braces of the item on the line named, written as `also` says; for "line", also is
# () or (first, last, by): lines first to last, which belong to a key so moved, moved so many columns further in.
_DASH_EN = r"(?:indent that '- ' (\d+) spaces?|(move that '- ' to the start of its line))"
_BACK_EN = r"(?:indent this line (\d+) spaces?|(move this line's '- ' to the start of its line))"


def _column(number: str | None, start: str | None) -> int:
    return 0 if start else int(number)


def proposals_en(note: str, line: int) -> list[tuple[int, int, str]] | None:
    """The fixes an English note for a mistake on `line` proposes; None when it proposes none."""
    key = re.search(r"is in line with the '- ' of the list item on line (\d+), so it belongs to no item: (.*)$", note)
    if key:
        item, rest = int(key.group(1)), key.group(2)
        if rest.startswith("a section's key starts its line"):
            return [(line, 0, "line", ())]
        braces = re.match(r"to give it to that item, write it inside its braces: - \{\.\.\., (.*)\}\)$", rest)
        if braces:
            return [(item, 0, "braces", braces.group(1))]
        keys = re.match(r"to give it to that item, indent it (\d+) spaces?, in line with its keys(?:, and (?:line (\d+), "
                        r"which belongs|lines (\d+) to (\d+), which belong) to it, (\d+) spaces? further)?", rest)
        assert keys, note
        also = () if not keys.group(5) else (int(keys.group(2) or keys.group(3)),
                                              int(keys.group(2) or keys.group(4)), int(keys.group(5)))
        fixes = [(line, int(keys.group(1)), "line", also)]
        dash = re.search(r"; or, if it is that '- ' that is out of line(?: \(the list's next item, on line \d+, "
                         r"(?:is indented \d+ spaces?|starts its line)\))?, " + _DASH_EN + r"\)$", rest)
        assert dash or rest.endswith((", in line with its keys)", " further)")), note
        if dash:
            fixes.append((item, _column(dash.group(1), dash.group(2)), "line", ()))
        return fixes
    both = re.search(r"\(the '- ' (?:of the item before, on line (\d+),|on line (\d+)) .*: " + _DASH_EN + ", or "
                     + _BACK_EN + r"\)$", note)
    if both:
        first = int(both.group(1) or both.group(2))
        return [(first, _column(both.group(3), both.group(4)), "line", ()),
                (line, _column(both.group(5), both.group(6)), "line", ())]
    assert not re.search(r"indent (?:it|that|this)|move th|write it", note), note  # a proposal this test cannot read
    return None


def proposals_zh(note: str, line: int) -> list[tuple[int, int, str]] | None:
    """The fixes the Chinese note proposes, read as proposals_en reads the English."""
    key = re.search(r"与第(\d+)行列表项的“- ”对齐，因此不属于任何一项：(.*)$", note)
    if key:
        item, rest = int(key.group(1)), key.group(2)
        if rest.startswith("各部分的键须写在行首"):
            return [(line, 0, "line", ())]
        braces = re.match(r"如它属于该项，请写在该项的花括号内：- \{\.\.\., (.*)\}）$", rest)
        if braces:
            return [(item, 0, "braces", braces.group(1))]
        keys = re.match(r"如它属于该项，请缩进 (\d+) 个空格，与该项的键对齐(?:，并将属于它的第(\d+)(?:至(\d+))?行再缩进 (\d+) 个空格)?",
                        rest)
        assert keys, note
        also = () if not keys.group(4) else (int(keys.group(2)), int(keys.group(3) or keys.group(2)),
                                              int(keys.group(4)))
        fixes = [(line, int(keys.group(1)), "line", also)]
        dash = re.search(r"如是该“- ”缩进有误.*(?:请将该“- ”缩进 (\d+) 个空格|(请将该“- ”移到行首))）$", rest)
        if dash:
            fixes.append((item, _column(dash.group(1), dash.group(2)), "line", ()))
        return fixes
    both = re.search(r"（(?:上一项（第(\d+)行）的“- ”|第(\d+)行的“- ”).*：(?:请将该“- ”缩进 (\d+) 个空格|(请将该“- ”移到行首))，"
                     r"(?:或将此行缩进 (\d+) 个空格|(或将此行的“- ”移到行首))）$", note)
    if both:
        first = int(both.group(1) or both.group(2))
        return [(first, _column(both.group(3), both.group(4)), "line", ()),
                (line, _column(both.group(5), both.group(6)), "line", ())]
    return None


def fixed(lines: list[str], line: int, fix: tuple[int, int, str, tuple]) -> str:
    """`lines` with `fix` made, for the mistake on `line`."""
    number, column, what, also = fix
    lines = list(lines)
    if what == "line":
        lines[number - 1] = " " * column + lines[number - 1].lstrip(" ")
        for n in range(also[0], also[1] + 1) if also else ():
            lines[n - 1] = " " * also[2] + lines[n - 1] if lines[n - 1].strip() else lines[n - 1]
    else:  # the key on `line` written (as `also`) inside the braces of the item on line `number`
        item = lines[number - 1].rstrip("\n")
        close = item.rindex("}")
        lines[number - 1] = f"{item[:close]}, {also}{item[close:]}\n"
        del lines[line - 1]
    return "".join(lines)


@lru_cache(maxsize=None)
def _notes() -> tuple:
    """Each shipped file's lines moved ±1 and ±2 columns whose reading proposes a fix: (file, line moved, by,
    error line, English, Chinese, the moved lines)."""
    import tempfile
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for path in SHIPPED:
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            for i, text in enumerate(lines):
                if not text.strip() or text.lstrip().startswith("#") or i % SAMPLE.get(path.name, 1):
                    continue
                for by in (-2, -1, 1, 2):
                    if by < 0 and not text.startswith(" " * -by):
                        continue
                    moved = list(lines)
                    moved[i] = text[-by:] if by < 0 else " " * by + text
                    error = _read(_kind(path), "".join(moved), Path(folder))
                    if error is None or error.line is None:
                        continue
                    en, zh = error.detail("en"), error.detail("zh")
                    if proposals_en(en, error.line) is not None:
                        found.append((path.relative_to(ROOT).as_posix(), i + 1, by, error.line, en, zh, tuple(moved)))
    return tuple(found)


def test_the_sweep_finds_notes_of_every_kind_that_propose_a_fix() -> None:
    notes = _notes()
    said = " ".join(en for *_, en, _, _ in notes)
    for words in ("indent it", "indent that '- '", "or indent this line", "a section's key starts its line",
                  "move that '- ' to the start of its line"):
        assert words in said, words
    assert {_kind(Path(name)) for name, *_ in notes} == {"dossier", "ruleset", "case file", "decisions"}


def test_a_notes_proposed_fix_gets_past_the_mistake() -> None:
    failed = []
    for name, moved_line, by, line, en, zh, moved in _notes():
        for fix in proposals_en(en, line):
            after = _yaml_error_line(fixed(list(moved), line, fix))
            if after is not None and after <= max(line, fix[0]):
                failed.append(f"{name}:{moved_line} moved {by:+d}: fix {fix} leaves a YAML error on line {after}: {en}")
    assert not failed, f"{len(failed)} fixes do not work:\n" + "\n".join(failed[:20])


@lru_cache(maxsize=None)
def _data(text: str) -> object:
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 (a safe loader)


def test_one_of_a_notes_fixes_gives_back_what_the_file_says() -> None:
    # One line was moved; one of the ways the note offers puts it back, or reads as the file did: a key indented in
    # line with its item's keys without the lines of its value (which it opens, `where:`) would get past the mistake
    # and leave its value empty.
    failed = []
    for name, moved_line, by, line, en, zh, moved in _notes():
        said = (ROOT / name).read_text(encoding="utf-8")
        texts = [fixed(list(moved), line, fix) for fix in proposals_en(en, line)]
        if said not in texts and not any(_yaml_error_line(text) is None and _data(text) == _data(said) for text in texts):
            failed.append(f"{name}:{moved_line} moved {by:+d}: {en}")
    assert not failed, f"{len(failed)} notes offer no fix that reads as the file did:\n" + "\n".join(failed[:20])


def test_the_chinese_note_proposes_the_same_fix_as_the_english() -> None:
    for name, moved_line, by, line, en, zh, _ in _notes():
        assert proposals_zh(zh, line) == proposals_en(en, line), (name, moved_line, by, en, zh)


_DEGREE = "applicant: {id: E1}\neducation:\n  - {degree: 本科, graduated: 2010-07-01}"


@pytest.mark.parametrize(("text", "braces"), [
    (_DEGREE + "\n  mode: 全日制\n", "mode: 全日制"),
    (_DEGREE + "  # the first\n  mode: 全日制  # full time\n", "mode: 全日制"),  # the comments left out
    (_DEGREE + "\n  mode: [a, b]\n", "mode: [a, b]"),
    (_DEGREE + "\n  mode: 全日制, 夜校\n", None),  # in braces, the comma would end the value
    (_DEGREE + "\n  mode:\n  - a\n", None),  # its value a list below it
    (_DEGREE + "\n  mode: a\n    b\n", None),  # its value's next line
    ("overrides:\n  - {applicant: AP-103, level: 2}\nemploymnet:\n  - {x: 1}\n".replace("\nemp", "\n  emp"), None),
])
def test_a_key_in_line_with_a_braced_items_dash_is_told_to_go_into_its_braces_only_where_that_works(text, braces,
                                                                                                 tmp_path):
    # `employmnet:` (a section misspelt) two columns in under a '- {...}' degree was told to go inside its braces
    # (- {..., employmnet:}), which YAML cannot read and which would leave its list behind.
    error = _read("decisions" if text.startswith("overrides") else "dossier", text, tmp_path)
    fixes = proposals_en(error.detail("en"), error.line)
    assert fixes == proposals_zh(error.detail("zh"), error.line)
    assert "so it belongs to no item" in error.detail("en") and "不属于任何一项" in error.detail("zh")
    if braces is None:
        assert fixes is None
        return
    assert error.detail("en").endswith(f"write it inside its braces: - {{..., {braces}}})")
    text = fixed(text.splitlines(keepends=True), error.line, fixes[0])
    assert yaml.safe_load(text)["education"] == [{"degree": "本科", "graduated": yaml.safe_load("2010-07-01"),
                                                 **yaml.safe_load(braces)}]


def test_a_fix_in_braces_is_read_and_made(tmp_path: Path) -> None:
    # The sweep may move no line after a '- {...}' item into line with its '- ': this note's fix is read and made
    # here, on the case the note is written for.
    text = "overrides:\n  - {applicant: AP-103, level: 2}\n  decision: 破格\n"
    error = _read("decisions", text, tmp_path)
    fixes = proposals_en(error.detail("en"), error.line)
    assert fixes == [(2, 0, "braces", "decision: 破格")] == proposals_zh(error.detail("zh"), error.line)
    assert fixed(text.splitlines(keepends=True), error.line, fixes[0]) == \
        "overrides:\n  - {applicant: AP-103, level: 2, decision: 破格}\n"


def test_a_key_that_opens_a_block_is_told_to_take_its_lines_with_it(tmp_path: Path) -> None:
    # 'indent it 4 spaces, in line with its keys' alone would leave `where:` empty and its lines beside it.
    text = "id: x\nlevels:\n  - level: 1\n    clause: a\n  where:\n    all: []\n    any: []\nnotes: n\n"
    error = _read("ruleset", text, tmp_path)
    assert error.line == 5
    assert error.detail("en").endswith("indent it 4 spaces, in line with its keys, and lines 6 to 7, which belong to "
                                       "it, 2 spaces further)")
    assert error.detail("zh").endswith("请缩进 4 个空格，与该项的键对齐，并将属于它的第6至7行再缩进 2 个空格）")
    fixes = proposals_en(error.detail("en"), error.line)
    assert fixes == proposals_zh(error.detail("zh"), error.line) == [(5, 4, "line", (6, 7, 2))]
    assert yaml.safe_load(fixed(text.splitlines(keepends=True), error.line, fixes[0]))["levels"] == [
        {"level": 1, "clause": "a", "where": {"all": [], "any": []}}]
