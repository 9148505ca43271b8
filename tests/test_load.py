"""Reading dossier files: the spec's examples, broken fixtures and their errors, finding files."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certify import load
from certify.dossier import Degree, Stage, Status
from certify.errors import CertifyError, DossierError, UsageError
from certify.batch import Batch
from certify.folders import dossier_files, find_dossiers
from certify.load import load_dossier, parse_dossier
from certify.synthetic import synthetic_dossiers

TESTS = Path(__file__).resolve().parent
DOSSIERS = TESTS / "dossiers"
SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec"
EXAMPLES = SPEC / "examples"

needs_spec = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="the shared spec folder is absent")


@needs_spec
def test_every_spec_example_loads() -> None:
    names = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    assert names == ["chen-jie.yaml", "li-na.yaml", "sun-li.yaml", "wang-qiang.yaml",
                     "zhao-min.yaml", "zhou-yang.yaml"]
    ids = [load_dossier(EXAMPLES / name).applicant.id for name in names]
    assert ids == ["EX-004", "EX-001", "EX-005", "EX-002", "EX-003", "EX-006"]


@needs_spec
def test_spec_example_values() -> None:
    sun_li = load_dossier(EXAMPLES / "sun-li.yaml")
    assert sun_li.projects[0].amount == Decimal("15000000")
    assert sun_li.education[0].degree is Degree.associate
    assert sun_li.applicant.target_level is None

    li_na = load_dossier(EXAMPLES / "li-na.yaml")
    assert li_na.education[0].degree is Degree.bachelor
    assert li_na.projects[0].stages == tuple(Stage)
    assert li_na.projects[0].amount == Decimal("1200000")
    assert li_na.employment[1].end is None

    zhou_yang = load_dossier(EXAMPLES / "zhou-yang.yaml")
    assert zhou_yang.projects == ()
    assert zhou_yang.employment is None

    chen_jie = load_dossier(EXAMPLES / "chen-jie.yaml")
    assert chen_jie.projects[0].designation == "industry_key"
    assert chen_jie.projects[0].designation_ref is None
    assert chen_jie.projects[0].status is Status.completed


@pytest.mark.parametrize("written", ["1.23E+07", "1.23e+07", '"1.23E+07"', "1e6"])
def test_an_amount_written_with_an_exponent_is_refused_as_maybe_rounded_in_quotes_or_not(written) -> None:
    # 1.23E+07 is what Excel shows of 12,345,678 in a narrow column (and 1.00E+07 of 9,996,000, over level 4's
    # 1000万): pasted unquoted, it was read as the number without a word, while the same text in quotes was refused.
    text = f"applicant: {{id: E1}}\nprojects:\n  - {{name: 甲项目, role: lead, status: completed, amount: {written}}}\n"
    with pytest.raises(DossierError) as e:
        parse_dossier(text, "d.yaml")
    assert "projects[0].amount" in str(e.value) and "may have its digits rounded" in str(e.value)
    if not written.startswith('"'):  # a JSON dossier's number is read as a YAML one is
        json_text = ('{"applicant": {"id": "E1"}, "projects": [{"name": "甲", "role": "lead", "status": "completed", '
                     f'"amount": {written}}}]}}')
        with pytest.raises(DossierError, match="may have its digits rounded"):
            parse_dossier(json_text, "d.json", "json")
    # A number with a fraction and no exponent is still the exact number written.
    assert parse_dossier(text.replace(written, "12345678.5"), "d.yaml").projects[0].amount == Decimal("12345678.5")


def test_valid_fixtures() -> None:
    minimal = load_dossier(DOSSIERS / "valid" / "minimal.yaml")
    assert minimal.applicant.id == "1024"
    assert (minimal.education, minimal.employment, minimal.projects) == (None, None, None)

    chinese = load_dossier(DOSSIERS / "valid" / "chinese-names.yaml")
    assert chinese.applicant.id == "E2048"
    assert chinese.employment[1].employer == "乙公司" and chinese.employment[1].it is True  # via <<
    assert chinese.projects[0].amount == Decimal("120000000")
    assert chinese.projects[1].amount == Decimal("50000.5")
    assert chinese.projects[1].stages == ()

    as_json = load_dossier(DOSSIERS / "valid" / "full.json")
    assert as_json.projects[0].amount == Decimal("1234567.89")
    assert str(as_json.as_of) == "2024-06-30"

    assert load_dossier(DOSSIERS / "valid" / "bom.yaml").applicant.id == "BOM-1"


# (fixture under tests/dossiers/invalid, the line it must name or None, words of the error)
INVALID = [
    ("misspelt-key.yaml", 7, "employment[0]: unknown key 'strat' (did you mean 'start'?)"),
    ("misspelt-section.yaml", 3, "unknown key 'employmnet' (did you mean 'employment'?)"),
    ("end-before-start.yaml", 5, "employment[1].end: end 2019-06-30 is before start 2019-07-01"),
    ("bad-date.yaml", 4, "education[0].graduated: expected a date as YYYY-MM-DD, got the number 20140701"),
    ("short-date.yaml", 2, "as_of: expected a date as YYYY-MM-DD, got '2014-7-1'"),
    ("not-a-real-date.yaml", 3, "employment[0].start: '2014-02-30' is not a real date"),
    ("datetime.yaml", 2, "as_of: expected a date as YYYY-MM-DD without a time"),
    ("string-boolean.yaml", 4, "employment[0].sales: expected true or false, got 'true'"),
    ("negative-amount.yaml", 3, "projects[0].amount: an amount must be ≥ 0, got the number -5000"),
    ("bad-amount-unit.yaml", 3, "'620万元' or '1.2亿'; got '620千'"),
    ("missing-id.yaml", 1, "applicant.id: required key is missing"),
    ("empty-id.yaml", 1, "applicant.id: must not be empty"),
    ("missing-applicant.yaml", 1, "applicant: required key is missing"),
    ("missing-role.yaml", 4, "projects[1].role: required key is missing"),
    ("misspelt-degree.yaml", 3, "education[0].degree: unknown degree 'bachelors' (did you mean 'bachelor'?)"),
    ("misspelt-status.yaml", 5, "projects[0].status: unknown status 'complete' (did you mean 'completed'?)"),
    ("unknown-stage.yaml", 9, "projects[0].stages[2]: unknown stage 'signing' (did you mean 'contract_signing'?)"),
    ("section-not-list.yaml", 2, "education: expected a list, got a mapping"),
    ("syntax-error.yaml", 4, "invalid YAML: while parsing a block collection, did not find expected '-' indicator"),
    ("top-level-list.yaml", 1, "a dossier must be a mapping with an 'applicant' key, got a list"),
    ("empty.yaml", None, "empty file"),
    ("comments-only.yaml", None, "empty file"),
    ("duplicate-key.yaml", 5, "duplicate key 'start'"),
    ("invalid-utf8.yaml", 1, "not UTF-8 text: it looks saved as GBK (GB18030)"),
    ("syntax-error.json", 3, "invalid JSON: Expecting value"),
    ("duplicate-key.json", None, "duplicate key 'id'"),
    ("unknown-key.json", None, "projects[0]: unknown key 'amout' (did you mean 'amount'?)"),
    # What once crashed certify (found by feeding it hostile files): each is a message now.
    ("tag-not-its-kind.yaml", 3, "invalid YAML: 'abc' cannot be read as !!int"),
    ("long-number.yaml", 3, "invalid YAML: a number of 5,000 characters is too long to read"),
    ("binary-name.yaml", 3, "applicant.name: expected text, got binary data"),
    ("huge-amount.yaml", 3, "projects[0].amount: an amount must be less than 1000万亿 (10^15) yuan"),
    ("long-number.json", None, "invalid JSON: Exceeds the limit (4300 digits)"),
    ("nested-too-deep.json", None, "invalid JSON: nested too deeply for a dossier"),
    ("lone-surrogate.json", None, "invalid JSON: a \\u escape for half a character (a lone surrogate)"),
    ("too-many-projects.yaml", 2, "projects: more than 1000 entries (1001)"),
    ("alias-bomb.yaml", 7, "invalid YAML: aliases (*name) repeat values here far past any file certify reads "
                           "(more than 100,000 once expanded): write the values out instead"),
    ("alias-inside-itself.yaml", 2, "invalid YAML: an alias (*name) inside the value it names: a value that contains "
                                    "itself"),
]


def test_every_invalid_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in (DOSSIERS / "invalid").iterdir()) == sorted(name for name, _, _ in INVALID)


@pytest.mark.parametrize(("name", "line", "words"), INVALID)
def test_invalid_fixture(name: str, line: int | None, words: str) -> None:
    path = DOSSIERS / "invalid" / name
    with pytest.raises(DossierError) as info:
        load_dossier(path)
    err = info.value
    assert err.file == str(path)
    assert err.line == line
    assert words in str(err)
    assert str(err).startswith(f"{path}:{line}: " if line else f"{path}: ")


@pytest.mark.parametrize(("name", "said"), [
    ("syntax-error.yaml", "YAML 格式有误：解析“- ”列表时，未找到应有的列表项“- ”（此行缩进 3 个空格，与上面各行都对不齐：同一部分或同一项的键须从同一列开始）"),
    ("syntax-error.json", "JSON 格式有误：此处应有一个值"),
    # A sentence the table does not know keeps the parser's English after the Chinese.
    ("long-number.json", "JSON 格式有误：Exceeds the limit (4300 digits) for integer string conversion"),
])
def test_a_parsers_words_are_said_in_chinese_where_known(name: str, said: str) -> None:
    with pytest.raises(DossierError) as info:
        load_dossier(DOSSIERS / "invalid" / name)
    assert info.value.detail("zh") == said


def test_exact_message_names_the_file_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TESTS.parent)
    with pytest.raises(DossierError) as info:
        load_dossier("tests/dossiers/invalid/misspelt-key.yaml")
    assert str(info.value) == ("tests/dossiers/invalid/misspelt-key.yaml:7: employment[0]: "
                               "unknown key 'strat' (did you mean 'start'?)")


def test_every_problem_gets_its_line() -> None:
    text = "applicant: {id: E1}\nemployment:\n  - start: 2014-08-01\n    sales: 'yes'\n    it: 1\n"
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "x.yaml")
    assert [p for p, _, _ in info.value.problems] == ["employment[0].sales", "employment[0].it"]
    assert info.value.lines == [4, 5]


def test_missing_file_is_a_dossier_error(tmp_path: Path) -> None:
    with pytest.raises(DossierError, match="cannot read file") as info:
        load_dossier(tmp_path / "nope.yaml")
    assert info.value.file == str(tmp_path / "nope.yaml")


def test_valid_yaml_is_composed_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    def compose(*args: object, **kwargs: object) -> None:
        raise AssertionError("the happy path must not compose the text a second time")

    monkeypatch.setattr(load.yaml, "compose", compose)
    assert parse_dossier("applicant: {id: E1}\nprojects: []\n", "x.yaml").projects == ()


def test_valid_yaml_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def careful(*args: object, **kwargs: object) -> None:
        raise AssertionError("a plain valid text must not need the careful loader")

    monkeypatch.setattr(load.yaml, "load", careful)
    text = "applicant: {id: E1, name: 'no'}\nas_of: 2026-12-31\nemployment:\n  - {start: 2014-08-01, sales: yes}\n"
    dossier = parse_dossier(text, "x.yaml")
    assert (dossier.applicant.name, str(dossier.as_of), dossier.employment[0].sales) == ("no", "2026-12-31", True)


def test_yaml_loader_is_the_c_one_when_available() -> None:
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(load._Loader, yaml.CSafeLoader)


def test_merge_keys_are_not_duplicates() -> None:
    text = "base: &b {id: E1, name: a}\napplicant:\n  <<: *b\n  name: b\n"
    with pytest.raises(DossierError, match="unknown key 'base'"):
        parse_dossier(text, "x.yaml")  # got past the duplicate check: the merge overrode 'name'


TAKES = "(the dossier itself takes these keys: applicant, as_of, education, employment and projects)"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("applicant: {id: E1}\nno: 1\n", 2, f"unknown key 'no' {TAKES}"),
    ("applicant: {id: E1}\nyes: 1\n", 2, f"unknown key 'yes' {TAKES}"),
    ("applicant: {id: E1}\n~: 1\n", 2, f"unknown key '~' {TAKES}"),
    ("applicant: {id: E1}\nemployment:\n  - {start: 2010-01-01, on: true}\n", 3,
     "employment[0]: unknown key 'on' (a job takes these keys: employer, start, end, sales and it)"),
    ("applicant: {id: E1, 2014: x}\n", 1, "applicant: unknown key '2014' (the applicant takes these keys: id, name and "
     "target_level)"),
])
def test_a_key_is_named_as_written_on_its_line_not_as_yaml_11_reads_it(text: str, line: int, words: str) -> None:
    # YAML 1.1 makes `no:` the key false, which was said as unknown key '0' on line 1.
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "x.yaml")
    assert str(info.value) == f"x.yaml:{line}: {words}"


def test_yaml_text_odd_cases() -> None:
    with pytest.raises(DossierError, match="expected a single document in the stream") as info:
        parse_dossier("applicant: {id: E1}\n---\napplicant: {id: E2}\n", "x.yaml")
    assert info.value.line == 2
    with pytest.raises(DossierError, match="could not determine a constructor"):
        parse_dossier("applicant: !!python/object:os.system {id: 1}\n", "x.yaml")
    with pytest.raises(DossierError, match="empty file"):
        parse_dossier("~\n", "x.yaml")
    with pytest.raises(DossierError) as info:  # a list tagged as a set: an error, not a crash
        parse_dossier("applicant: {id: E1}\nprojects:\n  - stages: !!set\n    - discovery\n", "x.yaml")
    assert str(info.value) == "x.yaml:3: invalid YAML: expected a mapping node, but found sequence"


def test_json_text() -> None:
    assert parse_dossier('{"applicant": {"id": 7}}', "x.json", kind="json").applicant.id == "7"
    with pytest.raises(DossierError, match="got null"):
        parse_dossier("null", "x.json", kind="json")
    with pytest.raises(DossierError) as info:
        parse_dossier('{"applicant": {"id": "E1"}, "as_of": "2014-7-1"}', "x.json", kind="json")
    assert str(info.value) == "x.json: as_of: expected a date as YYYY-MM-DD, got '2014-7-1' (write '2014-07-01')"


def make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("applicant: {id: x}\n", encoding="utf-8")


def test_find_dossiers_order_recursion_extensions_hidden(tmp_path: Path) -> None:
    make_tree(tmp_path, ["b.yaml", "a.json", "sub/c.yml", "sub/deep/d.yaml", "a-z.yaml", "notes.txt",
                         ".hidden.yaml", ".git/x.yaml", "sub/.cache/y.yaml", "README.md", "E.YAML"])
    found = [p.relative_to(tmp_path).as_posix() for p in find_dossiers([tmp_path])]
    assert found == ["E.YAML", "a-z.yaml", "a.json", "b.yaml", "sub/c.yml", "sub/deep/d.yaml"]
    assert all(p.is_file() for p in find_dossiers([tmp_path]))


def test_find_dossiers_keeps_the_order_given_and_named_files(tmp_path: Path) -> None:
    make_tree(tmp_path, ["one/z.yaml", "one/a.yaml", "two/m.yaml", "named.txt"])
    given = [tmp_path / "two", tmp_path / "named.txt", str(tmp_path / "one")]
    found = [p.relative_to(tmp_path).as_posix() for p in find_dossiers(given)]
    assert found == ["two/m.yaml", "named.txt", "one/a.yaml", "one/z.yaml"]
    assert list(find_dossiers(tmp_path / "named.txt")) == [tmp_path / "named.txt"]


def test_find_dossiers_keeps_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path, ["applicants/e1.yaml"])
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in find_dossiers(["applicants"])] == [str(Path("applicants", "e1.yaml"))]


def test_find_dossiers_missing_path(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.yaml"])
    with pytest.raises(UsageError, match="no-such-folder"):
        find_dossiers([tmp_path, tmp_path / "no-such-folder"])  # before any file is yielded


def test_a_path_that_leads_to_nothing_says_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "loop1.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop1.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "deleted.yaml")
    said = {}
    for name in ("-", tmp_path / "loop1.yaml", tmp_path / "gone.yaml", tmp_path / "nowhere.yaml"):
        with pytest.raises(UsageError) as info:
            Batch([name])
        said[Path(name).name] = str(info.value)
    assert said == {
        "-": "- (standard input) is not read: name the files or folders (what is piped in can be saved as a file first)",
        "loop1.yaml": f"{tmp_path / 'loop1.yaml'}: a link in a loop (it leads back to itself)",
        "gone.yaml": f"{tmp_path / 'gone.yaml'}: a link to nothing (its target is gone)",
        "nowhere.yaml": f"no such file or folder: {tmp_path / 'nowhere.yaml'}"}


# The fast YAML path (load._fast_yaml) against the careful one (yaml.load with load._Loader,
# the reference): the same data for every text the fast path takes, the careful path for the rest.

def careful_load(text: str) -> tuple:
    try:
        return ("data", repr(yaml.load(text, Loader=load._Loader)))  # repr: 1, 1.0 and True differ
    except Exception as exc:  # noqa: BLE001
        return ("error", type(exc).__name__, str(exc))


def fast_load(text: str) -> tuple | None:
    """The fast path's data as careful_load puts it, or None when it leaves the text to _Loader."""
    try:
        return ("data", repr(load._fast_yaml(text)))
    except load._Careful:
        return None


def yaml_files() -> list[Path]:
    folders = [DOSSIERS, EXAMPLES, TESTS.parent / "applicants", TESTS.parent / "docs" / "examples"]
    return sorted(p for folder in folders if folder.is_dir()
                  for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def synthetic_texts(n: int = 300) -> list[str]:
    return [yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            for data in synthetic_dossiers(n, seed=11)]


def test_fast_and_careful_yaml_agree_on_every_file() -> None:
    taken = 0
    for path in yaml_files():
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        fast = fast_load(text)
        assert fast is None or fast == careful_load(text), path
        taken += fast is not None
    assert taken >= 20
    for text in synthetic_texts():
        assert fast_load(text) == careful_load(text), text


def outcome(text: str) -> tuple:
    """What parse_dossier makes of a text, everything a user can see of it."""
    try:
        return ("dossier", parse_dossier(text, "x.yaml"))
    except DossierError as err:
        return ("error", str(err), err.line, getattr(err, "lines", None), getattr(err, "problems", None))


def test_parse_dossier_is_the_same_without_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_bytes().decode("utf-8-sig", errors="replace") for p in yaml_files()] + synthetic_texts(100)
    fast = [outcome(text) for text in texts]
    monkeypatch.setattr(load, "_FAST", False)
    assert fast == [outcome(text) for text in texts]


ODD_TEXTS = [
    "applicant: {id: E1, id: E2}\n",  # a duplicate key in a flow mapping
    "applicant: {id: E1}\n'applicant': {id: E2}\n",  # the same key, once quoted
    "applicant: {id: E1}\nas_of: &d 2014-07-01\nemployment: [{start: *d}, {start: *d, end: *d}]\n",
    "base: &b {id: E1}\napplicant: {<<: *b, name: x}\n",  # a merge key
    "applicant: {id: E1, '<<': x}\n",  # a quoted << is a key like any other
    "applicant: &a {id: E1, name: *a}\n",  # a mapping inside itself
    "applicant: {id: !!str 2014, name: !!str yes}\nas_of: !!timestamp 2014-07-01\n",
    "applicant: {id: !!int '42', target_level: !!float 2}\n",
    "applicant: {id: !custom E1}\n",
    "applicant: {id: ! 42}\n",
    "applicant: {id: !!binary aGVsbG8=}\n",
    "applicant: !!set {id: E1}\n",
    "applicant: {id: E1}\nprojects: !!set [a]\n",
    "applicant: {id: E1}\n2014: x\n~: y\n",  # keys that are not text
    "applicant: {id: E1}\n=: x\n",
    "applicant: {id: E1}\nas_of: 2014-02-30\n",
    "applicant: {id: E1}\nas_of: 2014-07-01 10:30:00\n",
    "applicant: {id: E1}\nas_of: 2014-7-1\n",
    "applicant: {id: 0x1F, target_level: 1_000}\nemployment: [{start: 2014-08-01, sales: on, it: NO}]\n",
    "applicant: {id: 1:30, target_level: .nan}\nprojects: [{name: ~, amount: 1e3, role: lead, status: null}]\n",
    "applicant: {id: E1, name: }\n",
    "applicant: {id: E1}\n---\napplicant: {id: E2}\n",
    "applicant: {id: E1\n",
    "applicant: {id: *nowhere}\n",
    "- applicant: {id: E1}\n",
    "? [a]\n: b\n",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_yaml_is_read_as_the_careful_loader_reads_it(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = fast_load(text)
    assert fast is None or fast == careful_load(text)
    seen = outcome(text)
    monkeypatch.setattr(load, "_FAST", False)
    assert seen == outcome(text)


def test_fast_path_takes_aliases_and_the_usual_tags() -> None:
    text = "a: &x {k: 1}\nb: *x\nc: !!str 2014\nd: !!int '7'\ne: 2014-02-30\nf: 2014-07-01 10:30:00\n"
    data = load._fast_yaml(text)
    assert repr(data) == careful_load(text)[1]
    assert data["a"] is data["b"]  # one object, as yaml.load gives


@pytest.mark.parametrize(("text", "key", "line", "first"), [
    ("applicant: {id: E1}\nas_of: 2014-07-01\nas_of: 2014-07-02\n", "as_of", 3, "here and on line 2"),
    ("applicant:\n  id: E1\n  name: a\n  'name': b\n", "name", 4, "here and on line 3"),
    ("applicant: {id: E1, id: E2}\n", "id", 1, "twice on this line"),
    ("applicant: {id: E1}\nemployment:\n  - {start: 2014-08-01, it: true, it: false}\n", "it", 3,
     "twice on this line"),
])
def test_duplicate_keys_are_caught_with_their_line_and_the_line_of_the_first(text: str, key: str, line: int,
                                                                             first: str) -> None:
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "x.yaml")
    assert str(info.value) == f"x.yaml:{line}: duplicate key '{key}': given {first}"


def test_a_project_whose_dash_is_left_out_asks_after_the_dash_in_both_languages() -> None:
    text = ("applicant: {id: E1}\nprojects:\n  - name: 某省政务云\n    amount: 620万\n    role: lead\n"
            "    name: 某市交通卡\n    amount: 300万\n    role: participant\n")
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "x.yaml")
    assert str(info.value) == ("x.yaml:6: duplicate key 'name': given here and on line 3 (a '- ' missing before "
                               "line 6, where the next item of the list begins?)")
    assert info.value.message.zh == "字段 'name' 重复出现：在此处和第3行都出现了（第6行前是否漏写了 '- '，列表的下一项从此开始？）"


def test_a_key_given_twice_outside_a_list_or_not_beginning_its_items_asks_after_no_dash() -> None:
    for text in ("applicant:\n  id: E1\n  name: a\n  id: E2\n",  # a mapping that is no list's item
                 "applicant: {id: E1}\nprojects:\n  - name: a\n    role: lead\n    role: participant\n"):
        with pytest.raises(DossierError) as info:
            parse_dossier(text, "x.yaml")
        assert "missing" not in str(info.value) and "漏写" not in info.value.message.zh


# Flow-style YAML built from pieces that exercise the resolvers, tags, anchors, merge keys
# and duplicate keys: the fast path must give the careful loader's data or step aside.
_SCALARS = ["text", "张伟", "'quoted'", '"2014-07-01"', "2014-07-01", "2014-02-30", "2014-7-1",
            "2014-07-01 10:30:00", "2001-12-14t21:59:43.10-05:00", "true", "False", "yes", "off",
            "~", "null", "", "42", "-7", "007", "0o17", "0x1F", "0b101", "1_000", "1:30", "3.5",
            ".inf", "-.INF", ".nan", "1e3", "6.2e+6", "620万", "!!str 42", "!!int '42'", "!!int x",
            "!!float 1", "!!bool yes", "!!timestamp 2014-07-01", "!!null ''", "!!binary aGk=",
            "!custom x", "! 42", "=", "*a", "*b", "'<<'"]
_KEYS = ["a", "b", "name", "'a'", "\"b\"", "no", "2014", "~", "<<", "!!str 1", "'<<'", "=", "? [x]"]


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    mapping = st.lists(st.tuples(st.sampled_from(_KEYS), children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
    sequence = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    prefix = st.sampled_from(["", "", "", "", "", "&a ", "&b ", "!!map ", "!!set ", "!!seq "])
    return st.tuples(prefix, st.one_of(mapping, sequence)).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.sampled_from(_SCALARS), _flow, max_leaves=12))
def test_hypothesis_fast_yaml_agrees_with_the_careful_loader(text: str) -> None:
    fast = fast_load(text)
    if fast is not None:
        assert fast == careful_load(text)


@pytest.mark.parametrize("written, read", [("0103", "0103"), ("0x1F", "0x1F"), ("12:30", "12:30"), ("1024", "1024")])
def test_an_id_is_read_as_written_not_as_an_octal_hex_or_base_60_number(written: str, read: str) -> None:
    assert parse_dossier(f"applicant: {{id: {written}}}\n", "x.yaml").applicant.id == read


def test_numbers_in_yaml_are_read_as_in_json() -> None:
    text = "applicant: {id: E1}\nprojects:\n  - {name: P, amount: %s, role: lead, status: completed}\n"
    assert parse_dossier(text % "0100", "x.yaml").projects[0].amount == Decimal(100)  # not the octal 64
    # 1e6 is a number in both, and refused in both alike, as a number Excel may have rounded (above)
    as_json = '{"applicant": {"id": "E1"}, "projects": [{"name": "P", "amount": 1e6, "role": "lead", "status": "completed"}]}'
    for said in (lambda: parse_dossier(text % "1e6", "x.yaml"), lambda: parse_dossier(as_json, "x.json", "json")):
        with pytest.raises(DossierError, match="got the number 1E"):
            said()


@pytest.mark.parametrize("written", ["999999.99", "9999999.9", "0.1", "1_000_000.5", "-0.0", "1000000.000"])
def test_a_number_with_a_fraction_is_read_exactly_as_written_in_yaml_as_in_json(written: str) -> None:
    text = "applicant: {id: E1}\nprojects:\n  - {name: P, amount: %s, role: lead, status: completed}\n"
    exact = Decimal(written.replace("_", ""))
    assert parse_dossier(text % written, "x.yaml").projects[0].amount == exact
    if "_" not in written:  # JSON has no digit separators
        as_json = ('{"applicant": {"id": "E1"}, "projects": [{"name": "P", "amount": %s, "role": "lead", '
                   '"status": "completed"}]}')
        assert parse_dossier(as_json % written, "x.json", "json").projects[0].amount == exact


@pytest.mark.parametrize("written", ["999999.99999999999", "9999999.9999999999"])
def test_a_number_past_the_fen_is_refused_in_yaml_as_in_json_not_rounded_over_a_threshold(written: str) -> None:
    # A float would round 999999.99999999999 up to 1000000, over level 2's threshold, which it is below; no
    # contract is signed in fractions of a fen, so it is a typo to correct, in either format.
    text = "applicant: {id: E1}\nprojects:\n  - {name: P, amount: %s, role: lead, status: completed}\n"
    as_json = ('{"applicant": {"id": "E1"}, "projects": [{"name": "P", "amount": %s, "role": "lead", '
               '"status": "completed"}]}')
    for dossier, kind in ((text, "yaml"), (as_json, "json")):
        with pytest.raises(DossierError, match="an amount is in yuan to the fen"):
            parse_dossier(dossier % written, f"x.{kind}", kind)


def test_dossier_files_real_paths_and_links(tmp_path: Path) -> None:
    make_tree(tmp_path, ["set/a.yaml", "set/sub/b.yaml", "other/c.yaml"])
    (tmp_path / "set" / "alias.yaml").symlink_to(tmp_path / "other" / "c.yaml")
    (tmp_path / "set" / "linked").symlink_to(tmp_path / "other", target_is_directory=True)
    (tmp_path / "set" / "folder.yaml").symlink_to(tmp_path / "other", target_is_directory=True)
    found = dossier_files(tmp_path / "set")
    # Sorted by the path below the folder; a linked folder is not entered, nor taken for a file.
    assert [Path(f).relative_to(tmp_path / "set").as_posix() for f, _ in found] == ["a.yaml", "alias.yaml",
                                                                                    "sub/b.yaml"]
    assert [real for _, real in found] == [os.path.realpath(f) for f, _ in found]
    assert found[1][1] == os.path.realpath(tmp_path / "other" / "c.yaml")
    assert [p.as_posix() for p in find_dossiers([tmp_path / "set"])] == [f for f, _ in found]


def test_a_folder_that_cannot_be_listed_is_reported_in_its_place(tmp_path: Path, deny_listing) -> None:
    make_tree(tmp_path, ["a.yaml", "locked/b.yaml", "z.yaml"])
    deny_listing(tmp_path / "locked")
    found = find_dossiers([tmp_path])
    first, problem, last = list(found)
    assert (first.name, last.name) == ("a.yaml", "z.yaml")
    assert isinstance(problem, DossierError)
    assert problem.file == os.fspath(tmp_path / "locked")
    assert "cannot read folder: Permission denied" in str(problem)
    # The batch of `certify check` holds it as a failure in the same place.
    sources = Batch([tmp_path]).sources
    assert [type(s).__name__ for s in sources] == ["FileUnit", "Failure", "FileUnit"]
    assert sources[1].file == os.fspath(tmp_path / "locked")


def test_a_named_folder_that_cannot_be_listed_is_not_an_empty_one(tmp_path: Path, deny_listing) -> None:
    make_tree(tmp_path, ["locked/b.yaml"])
    deny_listing(tmp_path / "locked")
    (problem,) = dossier_files(tmp_path / "locked")
    assert problem[0] == os.fspath(tmp_path / "locked")
    assert isinstance(problem[1], DossierError)


def test_a_pipe_a_device_or_a_link_loop_in_a_folder_is_an_error_row_not_a_hang(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.yaml"])
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would wait for a writer for ever
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "loop1.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop1.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "deleted.yaml")
    found = {Path(f).name: real for f, real in dossier_files(tmp_path)}
    assert str(found["gone.yaml"]).endswith("a link to nothing (its target is gone): not read")
    assert found["a.yaml"] == os.path.realpath(tmp_path / "a.yaml")
    for name in ("pipe.yaml", "zero.yaml"):
        assert str(found[name]).endswith("not a regular file (a pipe or a device): not read")
    for name in ("loop1.yaml", "loop2.yaml"):
        assert str(found[name]).endswith("a link in a loop (it leads back to itself): not read")
    assert sum(type(s).__name__ == "Failure" for s in Batch([tmp_path]).sources) == 5


def test_a_file_name_that_is_not_utf8_is_an_error_row_every_output_can_write(tmp_path: Path) -> None:
    make_tree(tmp_path, ["b.yaml"])
    gbk = os.path.join(os.fsencode(tmp_path), "张三.yaml".encode("gbk"))  # as a Windows archive unpacks
    with open(gbk, "w", encoding="utf-8") as f:
        f.write("applicant: {id: x}\n")
    shown = f"{tmp_path}/\\xd5\\xc5\\xc8\\xfd.yaml"
    by_folder = Batch([tmp_path]).sources
    by_name = Batch([os.fsdecode(gbk)]).sources
    for failure in (by_folder[1], by_name[0]):
        assert failure.file == shown
        assert str(failure.error).endswith("the file name is not UTF-8 text (from an archive made on Windows?): "
                                           "rename the file, it was not read")
        failure.file.encode("utf-8")  # what jsonl, CSV and records need of it
    assert Path(by_folder[0].path).name == "b.yaml"


@pytest.mark.parametrize("named", ["folder", "file"])
def test_a_utf8_file_name_where_file_names_are_read_as_ascii_says_the_locale_not_the_name(tmp_path, named) -> None:
    # Python in the C locale with its UTF-8 mode turned off reads file names as ASCII: a Chinese name, UTF-8 on disk,
    # ended a folder's batch in a traceback, and named alone was said to be no UTF-8.
    import subprocess
    import sys

    (tmp_path / "张伟.yaml").write_text("applicant: {id: x}\n", encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    path = tmp_path if named == "folder" else tmp_path / "张伟.yaml"
    result = subprocess.run([sys.executable, "-m", "certify", "check", path, "--format", "jsonl"], env=env,
                            capture_output=True)
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr
    [line] = result.stdout.decode("utf-8").splitlines()
    assert line.endswith('"error":"the file name cannot be read in this locale (file names are read as ascii): set a '
                         'UTF-8 locale (LANG=C.UTF-8) and leave PYTHONUTF8 unset, then run again"}')


@pytest.mark.parametrize("name", ["名单.xlsx", "申报/applicants.csv"])
def test_a_workbook_or_csv_set_named_in_no_utf8_is_an_error_row_jsonl_can_write(tmp_path: Path, name: str) -> None:
    # Its applicants would be named after it (名单.xlsx#E1024) in every output, which none could write.
    from click.testing import CliRunner

    from certify.cli import main

    gbk = os.path.join(os.fsencode(tmp_path), name.encode("gbk"))
    os.makedirs(os.path.dirname(gbk), exist_ok=True)
    with open(gbk, "wb") as f:
        f.write(b"id\nE1024\n")
    result = CliRunner().invoke(main, ["check", os.fsdecode(gbk), "--format", "jsonl"])
    assert result.exit_code == 2, result.output
    shown = os.fsencode(gbk).decode("utf-8", "backslashreplace")
    assert result.stdout == ('{"file":"%s","error":"the file name is not UTF-8 text (from an archive made on Windows?): '
                             'rename the file, it was not read"}\n' % shown.replace("\\", "\\\\"))


def test_a_batch_knows_which_folders_named_hold_nothing_to_judge(tmp_path: Path, deny_listing) -> None:
    make_tree(tmp_path, ["dossiers/a.yaml", "nothing/notes.txt", "hidden/.x.yaml", "locked/b.yaml"])
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "applicants.csv").write_text("id\n", encoding="utf-8")
    deny_listing(tmp_path / "locked")
    names = ["dossiers", "nothing", "hidden", "sheets", "locked"]
    batch = Batch([tmp_path / n for n in names])
    # A CSV set is something to judge; a folder it cannot list is an error row, not "nothing".
    assert batch.empty == [tmp_path / "nothing", tmp_path / "hidden"]


def test_a_batch_reads_a_file_reached_twice_once(tmp_path: Path) -> None:
    make_tree(tmp_path, ["set/a.yaml", "other/c.yaml"])
    (tmp_path / "set" / "alias.yaml").symlink_to(tmp_path / "other" / "c.yaml")
    batch = Batch([tmp_path / "set", tmp_path / "other", tmp_path / "set" / "a.yaml"])
    assert [Path(u.path).name for u in batch.sources] == ["a.yaml", "alias.yaml"]
    assert len(batch) == 2


@pytest.mark.parametrize("text, line", [
    ("applicant:\n\tid: X\n", 2),  # a tab for indentation, as a plain editor types it
    ("applicant:\n  id: X\neducation:\n  - degree: bachelor\n\t  graduated: 2010-07-01\n", 5),
])
def test_a_tab_that_breaks_the_yaml_is_named_on_its_line_in_both_languages(text: str, line: int) -> None:
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "tab.yaml")
    assert info.value.line == line
    assert info.value.detail("en").endswith("(a tab on this line: YAML indents with spaces)")
    assert info.value.detail("zh").startswith("YAML 格式有误：")
    assert info.value.detail("zh").endswith("（此行有 Tab：YAML 只能用空格缩进）")
    # Broken YAML without a tab on its line says nothing about tabs.
    with pytest.raises(DossierError) as other:
        parse_dossier("applicant:\n  id: X\n employment: []\n", "x.yaml")
    assert "tab" not in other.value.detail("en").lower()


def test_a_designation_that_is_not_text_lists_the_choices_as_explanations_name_them() -> None:
    from certify.dossier import dossier_from_data

    with pytest.raises(DossierError) as info:
        dossier_from_data({"applicant": {"id": "X"}, "projects": [
            {"name": "p", "role": "lead", "status": "completed", "designation": 5}]})
    assert info.value.detail("zh") == ("projects[0].designation: 应为项目类别（“行业（区域）大型项目”或“行业（区域）重点项目”），"
                                       "实际为数字 5")


@pytest.mark.parametrize(("text", "line", "note"), [
    # a key one space out of its item's column, or its section's
    ("applicant: {id: E1}\nprojects:\n  - name: P\n    amount: 620万\n   role: lead\n", 5, " (this line is indented 3 spaces"),
    ("applicant:\n  id: E1\n name: x\n", 3, " (this line is indented 1 space,"),
    # a key out of its item's column after a '- ' that every item of the list has in the same column (the '- ' is not)
    ("applicant: {id: E1}\nprojects:\n   - name: P\n    role: lead\n   - name: Q\n     role: lead\n", 4,
     " (this line is indented 4 spaces"),
    # in line with a block the line above opens, or with a column above: no note
    ("applicant: {id: E1}\nemployment:\n  - {start: 2014-08-01, it: true, it: false}\n", 3, None),
    ("applicant: {id: E1}\nprojects:\n  - name: P\n  role: lead\n", 4, None),
])
def test_a_key_indented_out_of_line_is_named_so(text, line, note):
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "x.yaml")
    assert info.value.line == line
    said = str(info.value)
    assert (note in said and said.endswith("the keys of one section or item start in the same column)")
            if note else "indented" not in said)
    if note:
        assert "与上面各行都对不齐：同一部分或同一项的键须从同一列开始）" in info.value.message.zh


_EDUCATION = "applicant: {id: E1}\neducation:\n"


@pytest.mark.parametrize(("text", "line", "en", "zh"), [
    # a key of a degree lined up with its '- ' rather than its keys: YAML's own words said only that a '-' was missing
    (_EDUCATION + "  - {degree: 本科, graduated: 2010-07-01}\n  mode: 全日制\n", 4,
     "(the key 'mode' is in line with the '- ' of the list item on line 3, so it belongs to no item: to give it to "
     "that item, write it inside its braces: - {..., mode: 全日制})",
     "（键 'mode' 与第3行列表项的“- ”对齐，因此不属于任何一项：如它属于该项，请写在该项的花括号内：- {..., mode: 全日制}）"),
    (_EDUCATION + "  - degree: 本科\n    graduated: 2010-07-01\n  # full-time\n\n  mode: 全日制\n", 7,
     "(the key 'mode' is in line with the '- ' of the list item on line 3, so it belongs to no item: to give it to "
     "that item, indent it 4 spaces, in line with its keys)",
     "（键 'mode' 与第3行列表项的“- ”对齐，因此不属于任何一项：如它属于该项，请缩进 4 个空格，与该项的键对齐）"),
    # a section of the dossier indented to the '- ' of the section above
    (_EDUCATION + "  - degree: 本科\n  employment:\n  - {start: 2019-01-01}\n", 4,
     "(the key 'employment' is in line with the '- ' of the list item on line 3, so it belongs to no item: a "
     "section's key starts its line, with no spaces before it)",
     "（键 'employment' 与第3行列表项的“- ”对齐，因此不属于任何一项：各部分的键须写在行首，前面不加空格）"),
])
def test_a_key_in_line_with_a_list_items_dash_says_where_it_goes_on_its_line(text, line, en, zh):
    with pytest.raises(DossierError) as info:
        parse_dossier(text, "x.yaml")
    assert info.value.line == line
    assert info.value.detail("en").endswith(f"did not find expected '-' indicator {en}")
    assert info.value.detail("zh").endswith(f"未找到应有的列表项“- ”{zh}")


@pytest.mark.parametrize("kind", ["ruleset", "case file", "decisions"])
def test_a_tab_is_named_in_every_yaml_file_certify_reads_not_only_a_dossier(kind: str, tmp_path: Path) -> None:
    # A rule author's or a committee secretary's editor types tabs as a dossier's author's does: the same tip.
    from certify.casefile import load_casefile
    from certify.overrides import _yaml_entries
    from certify.ruleset import parse_ruleset
    text = {"ruleset": "id: x\nlevels:\n\t- level: 1\n", "case file": "cases:\n\t- name: x\n",
            "decisions": "overrides:\n\t- applicant: AP-1\n"}[kind]
    path = tmp_path / "x.tests.yaml"
    path.write_text(text, encoding="utf-8")
    read = {"ruleset": lambda: parse_ruleset(text, "x.yaml"), "case file": lambda: load_casefile(path),
            "decisions": lambda: _yaml_entries(text, "committee.yaml")}[kind]
    with pytest.raises(CertifyError) as info:
        read()
    assert info.value.line in (2, 3)
    assert info.value.detail("en").endswith("(a tab on this line: YAML indents with spaces)")
    assert info.value.detail("zh").endswith("（此行有 Tab：YAML 只能用空格缩进）")


def _shifted(name: str, line: int, key: str) -> str:
    """A shipped file with the key `key` on line `line` moved two columns out, in line with its item's '- '."""
    lines = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].lstrip().startswith(f"{key}:") and lines[line - 2].lstrip().startswith("- ")
    lines[line - 1] = lines[line - 1][2:]
    return "".join(lines)


_ITEM = "to give it to that item, indent it {c} spaces, in line with its keys)"


def _undashed(name: str, line: int) -> str:
    """A shipped file with the '- ' of the list item on line `line` left out (its first key where the '- ' was)."""
    lines = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].lstrip().startswith("- ")
    lines[line - 1] = lines[line - 1].replace("- ", "", 1)
    return "".join(lines)


_NEXT = ("that item has its own '{k}', so this line most likely starts the next item: write '- ' before it, "
         "- {k}: ...)")


@pytest.mark.parametrize(("kind", "text", "line", "en"), [
    # a rule's key under rules: at its '- ' (the bundled ruleset, its first rule's clause: moved two columns out)
    ("ruleset", lambda: _shifted("rulesets/kam-2014.yaml", 20, "clause"), 20,
     "(the key 'clause' is in line with the '- ' of the list item on line 19, so it belongs to no item: "
     + _ITEM.format(c=8)),
    # a ruleset's own key (notes:) at the '- ' of the last level: it starts its line
    ("ruleset", lambda: "id: x\nlevels:\n  - level: 1\n  notes: {zh: 注, en: note}\n", 4,
     "(the key 'notes' is in line with the '- ' of the list item on line 3, so it belongs to no item: a section's "
     "key starts its line, with no spaces before it)"),
    # a rule written without its '- ' (the bundled ruleset's second rule): its id is its item's first key again,
    # which was said as a ruleset's own id to be written at the start of its line
    ("ruleset", lambda: _undashed("rulesets/kam-2014.yaml", 31), 31,
     "(the key 'id' is in line with the '- ' of the list item on line 19, so it belongs to no item: "
     + _NEXT.format(k="id")),
    ("case file", lambda: _undashed("rulesets/kam-2014.tests.yaml", 20), 20,
     "(the key 'name' is in line with the '- ' of the list item on line 8, so it belongs to no item: "
     + _NEXT.format(k="name")),
    # a case's as_of: at its '- ' (the bundled case file's first case)
    ("case file", lambda: _shifted("rulesets/kam-2014.tests.yaml", 9, "as_of"), 9,
     "(the key 'as_of' is in line with the '- ' of the list item on line 8, so it belongs to no item: "
     + _ITEM.format(c=4)),
    ("case file", lambda: "cases:\n  - name: a\n    facts: {}\n  ruleset: other.yaml\n", 4,
     "(the key 'ruleset' is in line with the '- ' of the list item on line 2, so it belongs to no item: a section's "
     "key starts its line, with no spaces before it)"),
    # a decision's level: at its '- ' (the example decisions of the docs), and one after a '- {...}' decision
    ("decisions", lambda: _shifted("docs/examples/committee-2026-12.yaml", 6, "level"), 6,
     "(the key 'level' is in line with the '- ' of the list item on line 5, so it belongs to no item: "
     + _ITEM.format(c=4)),
    ("decisions", lambda: "overrides:\n  - {applicant: AP-103, level: 2}\n  decision: 破格\n", 3,
     "(the key 'decision' is in line with the '- ' of the list item on line 2, so it belongs to no item: to give "
     "it to that item, write it inside its braces: - {..., decision: 破格})"),
])
def test_a_key_in_line_with_a_dash_is_said_so_in_every_yaml_file_certify_reads(kind, text, line, en, tmp_path):
    # A ruleset, a case file and the committee's decisions said only libyaml's "did not find expected '-' indicator".
    from certify.casefile import load_casefile
    from certify.overrides import load_overrides
    from certify.ruleset import parse_ruleset
    text = text()
    path = tmp_path / ("x.tests.yaml" if kind == "case file" else "committee.yaml")
    path.write_text(text, encoding="utf-8")
    read = {"ruleset": lambda: parse_ruleset(text, "x.yaml"), "case file": lambda: load_casefile(path),
            "decisions": lambda: load_overrides(path)}[kind]
    with pytest.raises(CertifyError) as info:
        read()
    assert info.value.line == line
    assert info.value.detail("en").endswith(f"did not find expected '-' indicator {en}")
    assert info.value.detail("zh").startswith("YAML 格式有误：")
    assert "不属于任何一项" in info.value.detail("zh")


def _read_any(kind: str, text: str, tmp_path: Path):
    """The error reading `text` as a file of `kind` raises."""
    from certify.casefile import load_casefile
    from certify.overrides import load_overrides
    from certify.ruleset import parse_ruleset
    path = tmp_path / ("kam-2014.tests.yaml" if kind == "case file" else "committee.yaml")
    path.write_text(text, encoding="utf-8")
    read = {"dossier": lambda: parse_dossier(text, "x.yaml"), "ruleset": lambda: parse_ruleset(text, "x.yaml"),
            "case file": lambda: load_casefile(path), "decisions": lambda: load_overrides(path)}[kind]
    with pytest.raises(CertifyError) as info:
        read()
    return info.value


def _nudged(name: str, line: int) -> str:
    """A shipped file with line `line`, a key of a list item's, moved one column out of line with the item's keys."""
    lines = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].startswith("  ") and not lines[line - 1].lstrip().startswith(("- ", "#"))
    lines[line - 1] = lines[line - 1][1:]
    return "".join(lines)


@pytest.mark.parametrize(("kind", "name", "old", "new", "key", "quoted"), [
    ("ruleset", "rulesets/kam-2014.yaml", "text: 3年以上销售工作经历", "text: Sales: 3 years", "text", '"Sales: 3 years"'),
    ("case file", "rulesets/kam-2014.tests.yaml", "- name: nothing given at all, so every rule is to be verified (待核实)",
     "- name: note: nothing given", "name", '"note: nothing given"'),
    ("dossier", "applicants/he-xin.yaml", "- name: 某市智慧交通一期", '- name: 某市 "ITS": 一期', "name",
     '"某市 \\"ITS\\": 一期"'),
])
def test_a_colon_inside_a_plain_value_says_to_quote_the_value(kind, name, old, new, key, quoted, tmp_path):
    # An English text with a colon in it ('text: Note: 6 years') said only libyaml's "mapping values are not
    # allowed in this context".
    text = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    line = next(n for n, t in enumerate(changed.splitlines(), 1) if new in t)
    error = _read_any(kind, changed, tmp_path)
    assert error.line == line
    assert error.detail("en").endswith(f"mapping values are not allowed in this context (the value of '{key}' holds "
                                       f"': ', which YAML reads as the start of another key: put the value in quotes, "
                                       f"{key}: {quoted})")
    assert error.detail("zh").endswith(f"'{key}' 的值中含有“: ”，YAML 会将其读作另一个键：请给该值加上引号，{key}: {quoted}）")
    assert yaml.safe_load(f"{key}: {quoted}") == {key: new.removeprefix("- ").split(": ", 1)[1]}


_OUT_OF_LINE = ("(this line is indented {n} spaces, in line with no line above it: the keys of one section or item "
                "start in the same column)", "（此行缩进 {n} 个空格，与上面各行都对不齐：同一部分或同一项的键须从同一列开始）")


@pytest.mark.parametrize(("kind", "name", "line", "spaces"), [
    ("dossier", "applicants/zhao-lei.yaml", 11, 3),  # a project's role:
    ("ruleset", "rulesets/kam-2014.yaml", 20, 7),  # the first rule's clause:
    ("case file", "rulesets/kam-2014.tests.yaml", 9, 3),  # the first case's as_of:
    ("decisions", "docs/examples/committee-2026-12.yaml", 6, 3),  # the first decision's level:
])
def test_a_key_indented_out_of_line_is_said_so_in_every_yaml_file_certify_reads(kind, name, line, spaces, tmp_path):
    # A ruleset, a case file and the committee's decisions said only libyaml's words, with no word of the indent.
    error = _read_any(kind, _nudged(name, line), tmp_path)
    assert error.line == line
    en, zh = (note.format(n=spaces) for note in _OUT_OF_LINE)
    assert error.detail("en").endswith(f"did not find expected '-' indicator {en}")
    assert error.detail("zh").startswith("YAML 格式有误：")
    assert error.detail("zh").endswith(f"未找到应有的列表项“- ”{zh}")


def _dash_moved(name: str, line: int, by: int) -> str:
    """A shipped file with line `line`, the first item of a list, its '- ' moved `by` columns (out, when below 0)."""
    lines = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8").splitlines(keepends=True)
    above = [text for text in lines[:line - 1] if text.strip() and not text.lstrip().startswith("#")]
    assert lines[line - 1].lstrip().startswith("- ") and above[-1].split(" #")[0].rstrip().endswith(":")
    lines[line - 1] = lines[line - 1][-by:] if by < 0 else " " * by + lines[line - 1]
    return "".join(lines)


_KEYS_AFTER = ("(the '- ' on line {p} {d}, so the keys of its item start {k} spaces in, and this line is indented {n}: "
               "{f}, or indent this line {k} spaces)",
               "（第{p}行的“- ”{dz}，因此该项的键缩进 {k} 个空格，而此行缩进 {n} 个空格：{fz}，或将此行缩进 {k} 个空格）")
_ITEMS_AFTER = ("(the '- ' of the item before, on line {p}, {d}, and this line's is indented {n}: the items of one list "
                "start in the same column: {f}, or indent this line {k} space{s})",
                "（上一项（第{p}行）的“- ”{dz}，而此行的“- ”缩进 {n} 个空格：同一列表的各项须从同一列开始：{fz}，或将此行缩进 {k} 个空格）")


@pytest.mark.parametrize(("kind", "text", "line", "note", "words"), [
    # the committee's first decision, its '- ' a space too far in: libyaml names the line after it, which is in line
    ("decisions", lambda: "overrides:\n   - applicant: AP-1\n    level: 2\n    decision: 破格\n", 3, _KEYS_AFTER,
     dict(p=2, d="is indented 3 spaces", dz="缩进 3 个空格", k=5, n=4)),
    ("decisions", lambda: _dash_moved("docs/examples/committee-2026-12.yaml", 5, -1), 6, _KEYS_AFTER,
     dict(p=5, d="is indented 1 space", dz="缩进 1 个空格", k=3, n=4)),
    ("dossier", lambda: "applicant: {id: E1}\nprojects:\n   - name: P\n    role: lead\n", 4, _KEYS_AFTER,
     dict(p=3, d="is indented 3 spaces", dz="缩进 3 个空格", k=5, n=4)),
    # a degree's '- {...}' a space too far out: the next degree, in line, was said out of line
    ("dossier", lambda: _dash_moved("applicants/he-xin.yaml", 5, -1), 6, _ITEMS_AFTER,
     dict(p=5, d="is indented 1 space", dz="缩进 1 个空格", k=1, s="", n=2)),
    # the first level's '- ' at the start of its line (in its key's column, but the next level's is two spaces in)
    ("ruleset", lambda: _dash_moved("rulesets/kam-2014.yaml", 16, -2), 17, _KEYS_AFTER,
     dict(p=16, d="starts its line", dz="位于行首", k=2, n=4)),
    ("ruleset", lambda: _dash_moved("rulesets/kam-2014.yaml", 19, 1), 20, _KEYS_AFTER,
     dict(p=19, d="is indented 7 spaces", dz="缩进 7 个空格", k=9, n=8, t=6)),
    ("case file", lambda: _dash_moved("rulesets/kam-2014.tests.yaml", 8, 1), 9, _KEYS_AFTER,
     dict(p=8, d="is indented 3 spaces", dz="缩进 3 个空格", k=5, n=4)),
])
def test_a_list_items_dash_out_of_line_is_named_not_only_the_line_after_it(kind, text, line, note, words, tmp_path):
    # libyaml takes a first item's '- ' in any column and names the next line; certify said only that that line was
    # "indented 4 spaces, in line with no line above it", though it was where the keys go and the '- ' was not.
    error = _read_any(kind, text(), tmp_path)
    assert error.line == line
    t = words.pop("t", 2)
    en = note[0].format(f=f"indent that '- ' {t} spaces", **words)
    zh = note[1].format(fz=f"请将该“- ”缩进 {t} 个空格", **words)
    assert error.detail("en").endswith(f" {en}")
    assert error.detail("zh").endswith(f"{zh}")
    assert "in line with no line above it" not in error.detail("en")


@pytest.mark.parametrize(("text", "line", "spaces"), [
    ("applicant:\n  id: AP-1\n   name: 林晓\n", 3, 3),  # a space too far in, under 'id: AP-1'
    ("applicant:\n  id: AP-1\n  name: 林晓\n      role: x\n", 4, 6),
    ("employment:\n  - employer: 甲公司\n     start: 2015-07-01\n", 3, 5),
])
def test_a_key_a_space_too_far_in_under_a_key_with_its_value_is_said_out_of_line(text, line, spaces):
    # libyaml reads such a line as the value's next line and says only 'mapping values are not allowed in this
    # context': no word of the indent, though a space too far out was said.
    with pytest.raises(CertifyError) as info:
        parse_dossier(text, "x.yaml")
    assert info.value.line == line
    en, zh = _OUT_OF_LINE
    assert info.value.detail("en").endswith(en.format(n=spaces))
    assert info.value.detail("zh").endswith(zh.format(n=spaces))


def test_a_second_colon_on_a_key_in_its_column_is_not_said_out_of_line():
    with pytest.raises(CertifyError) as info:
        parse_dossier("applicant:\n  id: AP-1\n  name: 林晓: 销售\n", "x.yaml")
    assert info.value.line == 3
    assert "indented" not in info.value.detail("en") and "缩进" not in info.value.detail("zh")


@pytest.mark.parametrize("given, reader", [(g, r) for g in ("dossier", "ruleset", "decisions", "cases")
                                           for r in ("dossier", "ruleset", "decisions", "cases") if g != r])
def test_a_file_given_to_the_wrong_reader_is_said_as_what_it_is_and_what_reads_it(tmp_path, given, reader):
    # lint of a dossier said 'unknown key applicant'; --overrides of a ruleset 'expected a list of decisions';
    # check of the committee's decisions 'applicant: required key is missing'.
    from certify.casefile import load_casefile
    from certify.overrides import load_overrides
    from certify.ruleset import load_ruleset
    root = Path(__file__).resolve().parents[1]
    source = {"dossier": root / "applicants" / "zhao-lei.yaml", "ruleset": root / "rulesets" / "kam-2014.yaml",
              "cases": root / "rulesets" / "kam-2014.tests.yaml"}
    path = tmp_path / "given.yaml"
    if given == "decisions":
        path.write_text("overrides:\n  - {applicant: AP-103, level: 2, decision: 破格, reason: r, approver: a, "
                        "reference: m, date: 2026-12-20}\n", encoding="utf-8")
    else:
        path.write_text(source[given].read_text(encoding="utf-8"), encoding="utf-8")
    read = {"dossier": load_dossier, "ruleset": load_ruleset, "decisions": load_overrides, "cases": load_casefile}
    with pytest.raises(CertifyError) as info:
        read[reader](path)
    said = {"dossier": ("a dossier (applicant AP-103), not", "judge it with certify check", "这是申报材料（申报人 AP-103），不是"),
            "ruleset": ("a ruleset (kam-2014 2014.1), not", "--ruleset", "这是标准文件（kam-2014 2014.1），不是"),
            "decisions": ("the committee's decisions, not", "give the file to --overrides", "这是评审委员会的决定，不是"),
            "cases": ("a ruleset's test cases, not", "run them with certify test", "这是标准的测试用例，不是")}[given]
    assert info.value.detail("en").startswith(said[0]) and said[1] in info.value.detail("en")
    assert info.value.detail("zh").startswith(said[2])


def _line_moved(name: str, line: int, by: int) -> str:
    """A shipped file with line `line`, a list item, moved `by` columns (out, when below 0)."""
    lines = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].lstrip().startswith("- ")
    lines[line - 1] = lines[line - 1][-by:] if by < 0 else " " * by + lines[line - 1]
    return "".join(lines)


_NO_LIST = ("(this line's '- ' {w}, in line with no list above it: {o}: the items of one list start in the same column)",
            "（此行的“- ”{wz}，与上面各列表都对不齐：{oz}：同一列表的各项须从同一列开始）")


@pytest.mark.parametrize(("kind", "name", "line", "by", "words"), [
    # a degree's '- ' two columns in: libyaml's words alone, as 4 is the column of the keys of the items above
    ("dossier", "applicants/he-xin.yaml", 7, 2, dict(
        w="is indented 4 spaces", wz="缩进 4 个空格", o="the '- ' on line 6 is indented 2 spaces", oz="第6行的“- ”缩进 2 个空格")),
    # a rule's '- ' two columns out, in line with its level's keys: the list it left and the one around it, both
    ("ruleset", "rulesets/kam-2014.yaml", 31, -2, dict(
        w="is indented 4 spaces", wz="缩进 4 个空格",
        o="the '- ' on line 19 is indented 6 spaces, and the '- ' on line 16 is indented 2 spaces",
        oz="第19行的“- ”缩进 6 个空格，第16行的“- ”缩进 2 个空格")),
    ("case file", "rulesets/kam-2014.tests.yaml", 20, 2, dict(
        w="is indented 4 spaces", wz="缩进 4 个空格", o="the '- ' on line 8 is indented 2 spaces", oz="第8行的“- ”缩进 2 个空格")),
    ("decisions", "docs/examples/committee-2026-12.yaml", 12, -2, dict(
        w="starts its line", wz="位于行首", o="the '- ' on line 5 is indented 2 spaces", oz="第5行的“- ”缩进 2 个空格")),
])
def test_a_list_items_dash_in_line_with_no_list_above_is_said_so(kind, name, line, by, words, tmp_path):
    # A later item's '- ' two columns out or in said only libyaml's 'did not find expected key' (or "'-' indicator"):
    # its column is another line's above (an item's keys, its list's key), so it was not said out of line.
    error = _read_any(kind, _line_moved(name, line, by), tmp_path)
    assert error.line == line
    assert error.detail("en").endswith(_NO_LIST[0].format(**words))
    assert error.detail("zh").endswith(_NO_LIST[1].format(**words))


@pytest.mark.parametrize(("kind", "text", "line", "note", "words"), [
    # a project's '- ' a space out: its next key, 4 spaces in as the degrees' keys above, had libyaml's words alone
    ("dossier", lambda: _dash_moved("applicants/chen-jing.yaml", 9, -1), 10, _KEYS_AFTER,
     dict(p=9, d="is indented 1 space", dz="缩进 1 个空格", k=3, n=4)),
    ("ruleset", lambda: _dash_moved("rulesets/kam-2014.yaml", 61, -1), 62, _KEYS_AFTER,
     dict(p=61, d="is indented 5 spaces", dz="缩进 5 个空格", k=7, n=8, t=6)),
    ("case file", lambda: "cases:\n  - name: a\n    facts:\n      x: 1\n    expect:\n     - level: 1\n      outcome: pass\n",
     7, _KEYS_AFTER, dict(p=6, d="is indented 5 spaces", dz="缩进 5 个空格", k=7, n=6, t=4)),
    # the only project's '- ' at the start of its line (a list all the same): its key 4 spaces in is two too far
    ("dossier", lambda: _dash_moved("applicants/zhao-lei.yaml", 9, -2), 10, _KEYS_AFTER,
     dict(p=9, d="starts its line", dz="位于行首", k=2, n=4)),
])
def test_a_first_items_dash_out_of_line_is_named_where_the_next_lines_column_is_used_above(kind, text, line, note, words,
                                                                                        tmp_path):
    error = _read_any(kind, text(), tmp_path)
    assert error.line == line
    t = words.pop("t", 2)
    assert error.detail("en").endswith(" " + note[0].format(f=f"indent that '- ' {t} spaces", **words))
    assert error.detail("zh").endswith(note[1].format(fz=f"请将该“- ”缩进 {t} 个空格", **words))


_OR_DASH = ("to give it to that item, indent it {c} spaces, in line with its keys; or, if it is that '- ' that is out of "
            "line{e}, indent that '- ' {t} spaces)",
            "如它属于该项，请缩进 {c} 个空格，与该项的键对齐；如是该“- ”缩进有误{ez}，请将该“- ”缩进 {t} 个空格）")


@pytest.mark.parametrize(("kind", "name", "line", "words"), [
    ("dossier", "applicants/chen-jing.yaml", 9, dict(c=6, t=2, m=14)),
    ("ruleset", "rulesets/kam-2014.yaml", 19, dict(c=10, t=6, m=31)),
    ("case file", "rulesets/kam-2014.tests.yaml", 8, dict(c=6, t=2, m=20)),
    ("decisions", "docs/examples/committee-2026-12.yaml", 5, dict(c=6, t=2, m=12)),
    # the only project: no next item to tell, and either way is a list
    ("dossier", "applicants/zhao-lei.yaml", 9, dict(c=6, t=2, m=None)),
])
def test_a_first_items_dash_two_columns_in_is_said_as_well_as_its_key(kind, name, line, words, tmp_path):
    # The '- ' moved two columns in put its next key in line with it: certify said only to indent the key, though
    # the list's next item, two columns out, showed that the '- ' may be the one out of line.
    error = _read_any(kind, _dash_moved(name, line, 2), tmp_path)
    assert error.line == line + 1
    m, t = words.pop("m"), words["t"]
    e = f" (the list's next item, on line {m}, is indented {t} spaces)" if m else ""
    ez = f"（该列表的下一项（第{m}行）缩进 {t} 个空格）" if m else ""
    assert error.detail("en").endswith(_OR_DASH[0].format(e=e, **words))
    assert error.detail("zh").endswith(_OR_DASH[1].format(ez=ez, **words))
