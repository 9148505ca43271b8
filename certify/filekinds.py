"""Which of certify's YAML files a file holds, when a command is given another kind than it reads.

A dossier given to lint, a ruleset given to --overrides, the committee's decisions given to check: each reader
found only that the file's keys were not its own ('unknown key applicant'). Said instead: what the file is and
what reads it, in English and Chinese.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

import yaml

from .errors import Message, say

DOSSIER = Message("a dossier", "申报材料")
RULESET = Message("a ruleset", "标准文件")
DECISIONS = Message("a committee's decisions file", "评审委员会决定文件")
CASES = Message("a case file", "测试用例文件")
CASES_SUFFIX = ".tests.yaml"  # NAME.tests.yaml holds the cases of NAME.yaml


def is_ruleset(data) -> bool:
    """Whether what a file that is no dossier holds is a ruleset (a kept copy in a records folder's rulesets/,
    a standard named among the dossiers): an id and levels, and no applicant."""
    return (isinstance(data, dict) and "applicant" not in data and isinstance(data.get("levels"), list)
            and isinstance(data.get("id"), (str, int)))


def _decisions(data) -> bool:
    if isinstance(data, dict):
        return set(data) == {"overrides"}
    return isinstance(data, list) and bool(data) and all(
        isinstance(d, dict) and "applicant" in d and "decision" in d for d in data)


def _kind(data) -> Message | None:
    """What `data` (a YAML file's) is, when it is one of certify's kinds: DOSSIER, RULESET, DECISIONS or CASES."""
    if isinstance(data, dict) and isinstance(data.get("applicant"), dict) and "decision" not in data:
        return DOSSIER
    if is_ruleset(data):
        return RULESET
    if _decisions(data):
        return DECISIONS
    if isinstance(data, dict) and isinstance(data.get("cases"), list) and "levels" not in data:
        return CASES
    return None


def another_kind(data, expected: Message, name: str | None = None) -> Message | None:
    """What to say of a file holding `data` where `expected` (one of the kinds above) is read: what it is and
    what reads it (for a case file read as a ruleset, from a file `name` not ending .tests.yaml, the name it needs);
    None when it is `expected`, or no kind of certify's."""
    found = _kind(data)
    if found is None or found is expected:
        return None
    if found is DOSSIER:
        ident = data["applicant"].get("id")
        shown = say(" (applicant {i})", "（申报人 {i}）", i=ident) if isinstance(ident, (str, int)) else ""
        return say("a dossier{s}, not {w}: judge it with certify check", "这是申报材料{s}，不是{w}：评定请用 certify check",
                   s=shown, w=expected)
    if found is RULESET:
        return say("a ruleset ({r}), not {w}: judge by it with --ruleset, or check it with certify lint",
                   "这是标准文件（{r}），不是{w}：按其评定请用 --ruleset 指定，检查请用 certify lint",
                   r=f"{data['id']} {data.get('version', '')}".strip(), w=expected)
    if found is DECISIONS:
        return say("the committee's decisions, not {w}: give the file to --overrides",
                   "这是评审委员会的决定，不是{w}：请用 --overrides 指定该文件", w=expected)
    if name is not None and not name.endswith(CASES_SUFFIX):  # acme.test.yaml: certify test would not find it either
        return say("a ruleset's test cases, not {w}: name the file {n} (certify test finds a ruleset's cases, and a "
                   "folder of editions leaves them out, by that name), and run them with certify test",
                   "这是标准的测试用例，不是{w}：请将文件命名为 {n}（certify test 按此名称查找标准的测试用例，"
                   "标准版本文件夹也据此不把它当作版本），并用 certify test 运行", w=expected, n=cases_name(name))
    return say("a ruleset's test cases, not {w}: run them with certify test", "这是标准的测试用例，不是{w}：请用 "
               "certify test 运行", w=expected)


_NAMED_AS_CASES = re.compile(r"[._ -]?(?:tests?|cases?)$", re.IGNORECASE)


def cases_name(name: str) -> str:
    """The name certify test looks for, for cases kept under `name`: acme.test.yaml or acme-tests.yml is
    acme.tests.yaml, the cases of acme.yaml; kam-2014.1.test.yaml is kam-2014.1.tests.yaml, of kam-2014.1.yaml."""
    stem = Path(name).name
    stem = stem.rsplit(".", 1)[0] if stem.lower().endswith((".yaml", ".yml")) else stem
    return (_NAMED_AS_CASES.sub("", stem) or stem) + CASES_SUFFIX


def holds_cases(path: Path) -> bool:
    """Whether the file `path` holds test cases (whatever its name)."""
    from .yamltext import load_yaml

    try:
        return path.is_file() and _kind(load_yaml(path.read_text(encoding="utf-8"))) is CASES
    except (OSError, UnicodeError, ValueError, yaml.YAMLError):
        return False


def misnamed_cases(ruleset: Path) -> Path | None:
    """A file beside `ruleset` that holds its test cases under a name certify test does not look for (acme.test.yaml,
    acme-tests.yml for acme.yaml; not kam-2014.2.test.yaml, another ruleset's, for kam-2014.1.yaml), if there is one."""
    stem = ruleset.name.rsplit(".", 1)[0]
    for near in sorted(ruleset.parent.glob(glob.escape(stem) + "*")):
        if (near.suffix in (".yaml", ".yml") and near != ruleset and not near.name.endswith(CASES_SUFFIX)
                and cases_name(near.name) == stem + CASES_SUFFIX and holds_cases(near)):
            return near
    return None
