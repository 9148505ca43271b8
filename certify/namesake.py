"""A ruleset under another's name: the id and version of the bundled standard, or of another edition loaded
alongside it, but other rules.

Tables, explanations, records and documents name a ruleset by its id and version. A copy of the standard
with one threshold changed, its id and version kept, would have its verdicts read as the standard's; only
the sha256 would tell them apart. So a ruleset that bears the name of the bundled standard (or of another
edition of the folder) is compared with it, once per command, by rulediff.py, and what differs is said.

What counts is what rulediff.decisive counts: levels (their number and names) and rules (added, removed,
moved to another level, their condition by meaning, clause, the standard's words, requirement). The loaded
rulesets are compared, not their bytes: comments and layout change nothing a committee reads, and a text
that differs only in whitespace says the same words; neither is warned of (the sha256 still tells the files
apart). The title, source, notes and effective date decide no verdict and are not counted either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .errors import Message, in_language, say
from .explain import paren
from .rulediff import FIELD_WORDS_ZH, WORDS, LevelChange, decisive, diff_rulesets
from .ruleset import DEFAULT_RULESET, LoadedRuleset, load_ruleset

BUNDLED_NAME = Message("the bundled standard", "内置标准")


@dataclass(frozen=True, slots=True)
class Namesake:
    """A ruleset (`file`, its `sha256`) with the id and version of `other` (a file, or the bundled standard when
    None) but other rules: the first thing that differs, and how many do."""

    file: str
    name: str  # 'kam-2014 2014.1'
    sha256: str
    other: str | None
    first: Message
    count: int

    @property
    def whose(self) -> Message:
        """Whose name it bears: the bundled standard's, or a file's (set off by spaces in Chinese text)."""
        return BUNDLED_NAME if self.other is None else Message(self.other, f" {self.other} ")

    @property
    def what(self) -> Message:
        """'rule L1.sales_tenure: condition changed, the only difference', or '...; 3 differences in all'."""
        if self.count == 1:
            return say("{f}, the only difference", "{f}，仅此一处不同", f=self.first)
        return say("{f}; {n} differences in all", "{f}；共{n}处不同", f=self.first, n=self.count)

    def said(self) -> Message:
        """What is wrong, as lint says it of the file: the name it bears, whose it is, what differs."""
        return say("has the id and version of {whose} ({name}) but other rules ({what}): its verdicts are not {whose}'s; "
                   "give the edited ruleset a version of its own", "编号和版本与{whose}相同（{name}），规则却不同（{what}）："
                   "据其作出的判定结果并非{whose}的判定结果；请为修改后的标准另定版本",
                   name=self.name, whose=self.whose, what=self.what)

    def note(self) -> Message:
        """The warning for standard error: the file, then what is wrong."""
        return say("warning: {file} {m}", "警告：{file} 的{m}", file=self.file, m=self.said())

    def remark(self) -> Message:
        """What a document adds where it names the ruleset."""
        return say("EDITED: the id and version of {whose}, other rules ({what})",
                   "已修改：编号和版本与{whose}相同，规则却不同（{what}）", whose=self.whose, what=self.what)


@lru_cache(maxsize=1)
def bundled() -> LoadedRuleset:
    """The bundled standard, loaded once."""
    return load_ruleset(DEFAULT_RULESET)


def _first(change) -> Message:
    """A change as the note says it: 'level 3 renamed', 'rule L1.sales_tenure: condition changed'."""
    en, zh = WORDS["en"], WORDS["zh"]
    if isinstance(change, LevelChange):
        return say("{l} {c}", "{l}{z}", l=Message(en["level"].format(n=change.level), zh["level"].format(n=change.level)),
                   c=en[change.change], z=zh[change.change])
    if change.change != "changed":
        return say("rule {r} {c}", "规则 {r} {z}", r=change.id, c=en[change.change], z=zh[change.change])
    fields = [f.field for f in change.fields]
    return say("rule {r}: {f} changed", "规则 {r}：{z} 已修改", r=change.id, f=", ".join(fields),
               z="、".join(f"{FIELD_WORDS_ZH.get(f, f)} {f}" for f in fields))


def namesake(loaded: LoadedRuleset, other: LoadedRuleset, *, is_bundled: bool = False) -> Namesake | None:
    """`loaded` as a namesake of `other`: same id and version, other rules; None when it is not one."""
    a, b = loaded.ruleset, other.ruleset
    if loaded.sha256 == other.sha256 or (a.id, a.version) != (b.id, b.version):
        return None
    changes = decisive(diff_rulesets(other, loaded))
    if not changes:
        return None
    return Namesake(loaded.path, f"{a.id} {a.version}", loaded.sha256, None if is_bundled else other.path,
                    _first(changes[0]), len(changes))


def namesakes(editions: Iterable[LoadedRuleset]) -> list[Namesake]:
    """The rulesets of a command (one, or a folder's editions) that bear the bundled standard's name, or an
    earlier one's of the same folder, with other rules: at most one for each."""
    standard, seen, found = bundled(), [], []
    for e in editions:
        same = namesake(e, standard, is_bundled=True)
        for other in seen:
            if same is not None:
                break
            same = namesake(e, other)
        if same is not None:
            found.append(same)
        seen.append(e)
    return found


def named(meta: Mapping, lang: str, edited: Mapping[str, Namesake] | None = None) -> str:
    """A ruleset as a document names it, 'kam-2014 2014.1 (sha256 0123456789ab)', with what differs when it
    bears another's name (`edited`: the namesakes of the command, by sha256)."""
    said = f"{meta['id']} {meta['version']}" + paren(f"sha256 {meta['sha256'][:12]}", lang)
    same = (edited or {}).get(meta["sha256"])
    return said if same is None else said + ("——" if lang == "zh" else " — ") + in_language(same.remark(), lang)
