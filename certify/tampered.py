"""How a decision record was changed after it was written, as its name tells: its inputs edited (the
digest its name ends with is not theirs), or the file renamed (its name is another decision's); and as
its time tells: made_at, which the digest does not cover, later than any time it could have been made;
a field certify does not write, added by hand at any depth (recordkeys.py); and, for `certify show`, which
evaluates nothing, a name that is the record's own but not its verdict's (its verdict edited, told from a file
renamed by its inputs), a target level not the one its inputs give, and a verdict that contradicts itself; and,
for `certify verify`, inputs the record gives (its date, its edition, whom its committee decisions are about)
that are not those its verdict was judged by."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .differences import first_difference, inputs_against_verdict, name_differences, reading_name, shown_pair
from .errors import Message, joined, say
from .explain import STATUS_WORDS, VERDICT_WORDS
from . import __version__
from .recorded import _FileDossier, _Options, _Ruleset, _Versions, every_record, utc_text
from .recordkeys import unwritten
from .records import record_name
from .verdict import PASS, level_status

_NAMED = re.compile(r"--([0-9a-f]{8})\.json$")
NAME_PATTERN = re.compile(r".+--[0-9a-f]{12}--\d{4}-\d{2}-\d{2}--.+--[0-9a-f]{8}\.json")  # as records.record_name names
_PARTS = re.compile(r"(.+)--[0-9a-f]{12}--(\d{4}-\d{2}-\d{2})--.+--[0-9a-f]{8}\.json")  # its applicant and date


def edited_since(record: dict, name: str) -> Message | None:
    """Why a record was changed after it was written, when its name says so; None otherwise.

    A record's name ends with a digest of its inputs (records.record_name): the overrides,
    the options, the dossier's and ruleset's hashes. A record whose contents no longer give
    that digest has been edited, unless the applicant or date its name gives is not its verdict's
    either: then it is under another record's name (renamed_since says so). A file renamed out of
    the pattern is not judged by it.
    """
    named = _NAMED.search(name)
    if not named:
        return None
    digest = _NAMED.search(record_name(record)).group(1)  # every field it reads is there (recorded.read_record)
    if digest != named.group(1):
        expected = record_name(record)
        # another decision's name, most likely; its whole name (renamed_since) is its own too
        if (part := verdicts_part(name)) and part not in {verdicts_part(record_name(record, whole=w))
                                                           for w in (False, True)}:
            return _renamed_to(name, expected)
        # what the record itself says otherwise, if anything: its name's dossier sha256 or ruleset, its verdict
        seen = name_differences(name, expected[:-15] + name[-15:]) + inputs_against_verdict(record)
        if missing := inputs_missing(record):
            seen.append(say("a field certify writes is missing: {f}", "缺少 certify 写入的字段：{f}", f=", ".join(missing)))
        if added := _added(record):
            seen.append(say("it holds a field certify does not write: {f}", "其中有 certify 不写入的字段：{f}",
                            f=", ".join(added)))
        said = say("; {s}", "；{s}", s=joined(seen, "; ", "；")) if seen else ""
        return say("the record was edited after it was written (its inputs give the digest {d}, its name {n}{s})",
                   "判定记录写入后被修改过（按其输入算得的摘要为 {d}，文件名中的为 {n}{s}）", d=digest, n=named.group(1),
                   s=said)
    return None


# The fields of a record's inputs that certify writes in every record (records.make_record), as the models that read
# a record declare them (recorded.every_record: a spreadsheet applicant's dossier holds a dossier file's fields and
# more); and, below, those it writes with another: a ruleset not bundled's `resolved`, --overrides' `overrides_resolved`.
# Not `versions.certify_code`: a record written before records kept it has none, under the same version of certify.
_WRITTEN = {name: every_record(part) for name, part in (
    ("dossier", _FileDossier), ("ruleset", _Ruleset), ("options", _Options), ("versions", _Versions))}


def inputs_missing(record: dict) -> list[str]:
    """The fields of the record's inputs that certify writes and that are not there (`options.level`), each by its
    path: deleted by hand, which changes the digest its name ends with. Only for a record this version of certify
    wrote (or whose version is gone with them): another may write other fields."""
    versions = record.get("versions") if isinstance(record.get("versions"), dict) else {}
    if versions.get("certify", __version__) != __version__:
        return []
    written = {**_WRITTEN, "ruleset": _WRITTEN["ruleset"] + ("resolved",) * (record["ruleset"].get("bundled") is False),
               "options": _WRITTEN["options"] + ("overrides_resolved",) * bool(record["options"].get("overrides"))}
    return [f"{part}.{key}" for part, keys in written.items() if isinstance(record.get(part), dict)
            for key in keys if key not in record[part]]


def renamed_since(record: dict, name: str, new: dict | None) -> Message | None:
    """Why a record's name is not the one it was written under (its digest kept, the applicant, dossier, date
    or ruleset not); None otherwise. The applicant and date of a name are its verdict's: a name that the
    verdict judged now gives is the record's own, its verdict edited by hand (a difference, said as such)."""
    expected = record_name(record)
    own = [record] if new is None else [record, {**record, "verdict": {**record["verdict"], **{
        k: new.get(k) for k in ("applicant_id", "as_of")}}}]
    # whole: the name uncut, as a file system that takes names over 255 bytes wrote it
    if not NAME_PATTERN.fullmatch(name) or name in {record_name(r, whole=w) for r in own for w in (False, True)}:
        return None
    return _renamed_to(name, expected)


def renamed_or_edited(record: dict, name: str, applicant_id: str | None) -> Message | None:
    """For `certify show`, which evaluates nothing: why a record's name, its digest kept, is not the one its
    contents give; None when it is. Its inputs say whose verdict it was and as of when: its as_of, and the id of
    the applicant its dossier holds (`applicant_id`: a spreadsheet applicant's, recorded among its inputs; a dossier
    file's, read from it when it is the one judged; None when neither is at hand). A name that they give is the
    record's own, its verdict edited (what `certify verify`, judging it again, finds: the verdict changed); a name
    they do not give is another's, the file renamed (renamed_since); a name whose applicant is not the verdict's,
    with no dossier to say whose, may be either, and is said so."""
    if renamed_since(record, name, None) is None:
        return None
    verdict = record["verdict"]
    inputs = {"applicant_id": verdict["applicant_id"] if applicant_id is None else applicant_id,
              "as_of": record["as_of"]}
    if renamed_since(record, name, inputs) is None:
        edited = [say(what, zh, a=verdict[k], b=inputs[k]) for k, what, zh in (
            ("applicant_id", "applicant id {a} in its verdict, {b} in its dossier and its name",
             "申报人编号：判定结果中为 {a}，申报材料和文件名中为 {b}"),
            ("as_of", "as of {a} in its verdict, {b} in its inputs and its name", "截止日期：判定结果中为 {a}，记录的输入和文件名中为 {b}"),
        ) if str(verdict[k]) != str(inputs[k])]
        return say("the record was edited after it was written: its verdict is not that of its own inputs ({d})",
                   "判定记录写入后被修改过：其判定结果与其自身的输入不符（{d}）", d=joined(edited, "; ", "；"))
    expected = record_name(record)
    if applicant_id is None and (verdicts_part(name) or ("",))[0] not in {
            (verdicts_part(record_name(record, whole=w)) or ("",))[0] for w in (False, True)}:
        differ = name_differences(name, expected)
        said = say("{d}; ", "{d}；", d=joined(differ, "; ", "；")) if differ else ""
        return say("the record was renamed, or the applicant id in its verdict edited, after it was written ({p}its "
                   "contents give the name {e}); with the dossier judged not at hand, which cannot be told",
                   "判定记录写入后被改名，或其判定结果中的申报人编号被修改过（{p}按其内容应名为 {e}）；找不到评定时的"
                   "申报材料，无法判断是哪一种", p=said, e=expected)
    return _renamed_to(name, expected)


def verdict_edited(outcome: Message, verdict: dict, editions: bool, decisions: bool, decided: bool = False,
                   code_known: bool = True) -> Message:
    """A verdict that differs (`outcome`) when nothing verify checks does: the dossier, the ruleset (and its folder of
    `editions`, if judged from one), the committee's `decisions` (if a file was named) are as recorded, and certify
    (its code too) and durable-rules are those that wrote the record; so it was the record that changed, most likely
    by hand. Said after the outcome, which stays what verify found. With the committee's decisions changed (`decided`)
    the same holds: a decision is shown beside the computed verdict and never changes it, so it cannot be why it did.
    A record written before records kept certify's code (not `code_known`) cannot tell that code from this under the
    same version: the code changed since, or the record was edited, either may be why, and both are said. A recorded
    `verdict` that contradicts itself (verdict_contradicted), which no code of certify writes, settles it whatever
    the record says of its code: the record was edited, and that is said outright, not "most likely"."""
    if contradicted := verdict_contradicted(verdict):
        return say("{o}; {c}", "{o}；{c}", o=outcome, c=contradicted)
    en = ["the dossier", "ruleset"] + ["editions"] * editions + ["committee's decisions"] * (decisions and not decided)
    zh = ["申报材料", "标准"] + ["标准版本"] * editions + ["评审委员会决定"] * (decisions and not decided)
    also = Message("the committee's decisions change no computed verdict, and ", "评审委员会决定不改变计算出的判定结果，而") \
        if decided else Message("", "")
    inputs = Message(f"{', '.join(en[:-1])} and {en[-1]}", f"{'、'.join(zh[:-1])}和{zh[-1]}")
    if not code_known:
        return say("{o}; {a}{i} are as recorded and certify and durable-rules are the versions that wrote it, but the "
                   "record does not say which code of certify {v} wrote it (it was written before records kept that): "
                   "either certify's code changed since under the same version, or the record was edited after it was "
                   "written, which cannot be told",
                   "{o}；{a}{i}与记录一致，certify 和 durable-rules 也是写入它的版本，但判定记录未记下写入它的是哪一份 "
                   "certify {v} 的代码（它写于判定记录记下代码之前）：可能是 certify 的代码此后在同一版本号下已更改，"
                   "也可能是判定记录在写入后被修改过，无法判断是哪一种", o=outcome, a=also, i=inputs, v=__version__)
    return say("{o}; {a}{i} are as recorded and certify (its code too) and durable-rules are those that wrote it, so "
               "the record itself was most likely edited after it was written",
               "{o}；{a}{i}与记录一致，certify（连同其代码）和 durable-rules 也是写入它的版本，因此最可能是判定记录本身在"
               "写入后被修改过", o=outcome, a=also, i=inputs)


def verdicts_part(name: str) -> tuple[str, ...] | None:
    """The applicant and as-of date a record's name gives: its verdict's, which editing its inputs does not
    change; so a name whose digest and these both are not its contents' is, most likely, another record's."""
    part = _PARTS.fullmatch(name)
    return part and part.group(1, 2)


def _renamed_to(name: str, expected: str) -> Message:
    differ = name_differences(name, expected)
    said = say("{d}; ", "{d}；", d=joined(differ, "; ", "；")) if differ else ""
    return say("the record was renamed after it was written ({p}its contents give the name {e})",
               "判定记录写入后被改名（{p}按其内容应名为 {e}）", e=expected, p=said)


# Clocks disagree, and a time zone's hours taken for UTC put a time up to 14 hours ahead: later than this
# after now, made_at is no time the record could have been made at.
_CLOCKS = timedelta(days=1)


def made_later(made_at: datetime, now: datetime | None = None) -> Message | None:
    """Why a record's made_at (its time, read) is no time it could have been made: after now, give or take
    how far clocks disagree; None otherwise."""
    if made_at <= (now or datetime.now(timezone.utc)) + _CLOCKS:
        return None
    when = utc_text(made_at)
    return say("made_at {t} is later than now: the record was edited after it was written, or the clock that made "
               "it was wrong", "made_at {t} 晚于现在：判定记录写入后被修改过，或写入时的时钟有误", t=when)


def _added(record: dict) -> list[str]:
    """The keys the record holds that certify does not write, by their paths (recordkeys.unwritten), for a record this
    version of certify wrote: another may write other fields (and differs as another engine)."""
    versions = record.get("versions") if isinstance(record.get("versions"), dict) else {}
    return unwritten(record) if versions.get("certify") == __version__ else []


def added_fields(record: dict) -> Message | None:
    """Why a record holds more than certify wrote: a field added by hand, at the top or inside a part (`dossier.files`
    in a dossier file's record, a note beside a rule), which neither the digest (not an input) nor verifying (not
    the verdict or its facts) would see; None otherwise. Only for a record this version of certify wrote: another
    may write other fields (and differs as another engine)."""
    if not (added := _added(record)):
        return None
    return say("the record was edited after it was written (it holds a field certify does not write: {f})",
               "判定记录写入后被修改过（其中有 certify 不写入的字段：{f}）", f=", ".join(added))


def target_edited(record: dict, dossier_target=...) -> Message | None:
    """For `certify show`, which evaluates nothing: why a record's target level is not the one its inputs give, the
    level given with --level (recorded among its options) or else the dossier's target_level (`dossier_target`, read
    from the dossier judged; ... when it is not at hand, and then not told); None when it is. Only a hand edit does
    this (a target_level deleted, say), which `certify verify`, judging it again, finds as the verdict changed."""
    target, level = record["verdict"].get("target_level"), record["options"].get("level")
    if target == (level if level is not None else dossier_target) or (level is None and dossier_target is ...):
        return None
    given = (say("{n} given with --level", "--level 给出的为 {n}", n=level) if level is not None else
             say("{n} in its dossier", "申报材料中为 {n}", n=dossier_target) if dossier_target is not None else
             Message("none in its dossier", "申报材料中未给出"))
    return say("the record was edited after it was written: its verdict is not that of its own inputs (target level "
               "{t} in its verdict, {g})", "判定记录写入后被修改过：其判定结果与其自身的输入不符（申报级别：判定结果中为 {t}，{g}）",
               t=Message("none", "无") if target is None else target, g=given)


def _status(status) -> Message:
    """A status as explanations say it, in either language (as written, for a word that is no status; `none` for
    null, `absent` for a field deleted: ..., as verify's differences say them)."""
    if status is None or status is ...:
        return Message("none", "无") if status is None else Message("absent", "无")
    words = [STATUS_WORDS[lang].get(status) for lang in ("en", "zh")]
    return Message(*words) if None not in words else Message(str(status), str(status))


# The words an explanation opens with, longest first ("Not met" before "Met"), in English as records keep them and
# in Chinese as a hand edit may write them; an English one is a word of its own, in any case ("Met." and "met;"
# are Met, "Metered" is none of them).
_OPENINGS = sorted(((word, status) for lang in ("en", "zh") for status, word in VERDICT_WORDS[lang].items()),
                   key=lambda pair: -len(pair[0]))


def _opening(explanation) -> tuple[str, str] | None:
    """The status an explanation opens with, and its words as written there; None when it opens with none (a
    sentence reworded by hand says no status, so it contradicts none: verify finds it explained otherwise)."""
    text = str(explanation).lstrip()
    for word, status in _OPENINGS:
        head = text[:len(word)]
        if head.casefold() == word.casefold() and not (word.isascii() and text[len(word):len(word) + 1].isalpha()):
            return status, head
    return None


def verdict_contradicted(verdict: dict) -> Message | None:
    """Why a record's verdict contradicts itself, as no verdict certify writes does (dossier-v1 section 4): a
    rule whose explanation opens with another status than its own (Met, Not met, To be verified), a level whose
    status is not the one its rules give it, the qualified level not the highest level that passes, the target's
    status not its level's. Only a hand edit does this, and the digest, which covers the inputs, does not see it;
    None when the verdict agrees with itself."""
    said: list[Message] = []
    levels = {lv["level"]: lv["status"] for lv in verdict["levels"]}
    for lv in verdict["levels"]:
        for rule in lv["rules"]:
            opens = _opening(rule["explanation"])
            if opens and opens[0] != rule["status"]:
                said.append(say('{r}: {s}, but its explanation says "{o}"', '{r}：{s}，但其说明为“{o}”', r=rule["id"],
                                s=_status(rule["status"]), o=opens[1]))
        made = level_status(rule["status"] for rule in lv["rules"])
        if lv["status"] != made:
            said.append(say("level {n}: {s}, but its rules make it {m}", "{n}级：{s}，但按其各条规则应为{m}",
                            n=lv["level"], s=_status(lv["status"]), m=_status(made)))
    qualified = max((n for n, status in levels.items() if status == PASS), default=0)
    if verdict["qualified_level"] != qualified:
        said.append(say("qualified level {q}, but its levels make it {m}", "认定级别为 {q}，但按各级别结果应为 {m}",
                        q=verdict["qualified_level"], m=qualified))
    target = verdict.get("target_level")
    if target in levels and verdict.get("target_status") != levels[target]:
        said.append(say("target status {s}, but level {n} is {m}", "申报级别结果为{s}，但{n}级为{m}",
                        s=_status(verdict.get("target_status", ...)), n=target, m=_status(levels[target])))
    if not said:
        return None
    return say("the record was edited after it was written: its verdict contradicts itself ({c})",
               "判定记录写入后被修改过：其判定结果自相矛盾（{c}）", c=joined(said, "; ", "；"))


def facts_contradicted(record: dict) -> Message | None:
    """Why the facts a record shows an auditor are not those its verdict read, as no record certify writes has them:
    their date not the verdict's, or a fact not what a rule's reading of it says (the same degree or project, by its
    label). Only a hand edit does this, which the digest does not see; None when they agree (or cannot be paired)."""
    facts = record.get("facts") if isinstance(record.get("facts"), dict) else {}
    if facts and facts.get("as_of") != record["verdict"].get("as_of"):  # (the record's own as_of is an input)
        return say("the record was edited after it was written: its facts are not what its verdict read (facts as of "
                   "{f}, the verdict as of {a})", "判定记录写入后被修改过：其所记事实与判定结果读取的不符（事实截止日期为 {f}，"
                   "判定结果截止日期为 {a}）", f=facts.get("as_of"), a=record["verdict"].get("as_of"))
    for level in record["verdict"]["levels"]:
        for rule in level["rules"]:
            for reading in rule.get("readings") or []:
                section, _, name = str(reading.get("fact")).partition(".")
                held = facts.get(section)
                if section != "applicant":
                    same = [i for i in held or [] if isinstance(i, dict) and i.get("label") == reading.get("item")]
                    held = same[0].get("facts") if len(same) == 1 else None
                if name and isinstance(held, dict) and name in held and held[name] != reading.get("actual"):
                    was, read = shown_pair(held[name], reading.get("actual"))
                    return say("the record was edited after it was written: its facts are not what its verdict read "
                               "({f} {a} in its facts, {b} read by {r})", "判定记录写入后被修改过：其所记事实与判定结果读取"
                               "的不符（{f}：事实中为 {a}，{r} 读取的为 {b}）", f=reading_name(reading), a=was, b=read,
                               r=rule["id"])
    return None


def _claims(record: dict) -> dict:
    """What a record says of the inputs its verdict was judged by: its date, its ruleset's edition, and whom
    each committee decision is about and which file it came from."""
    options, ruleset = record["options"], record["ruleset"]
    decisions = record.get("overrides") if isinstance(record.get("overrides"), list) else []
    return {"as_of": record["as_of"], "options": {"as_of": options.get("as_of")},
            "ruleset": {k: ruleset.get(k) for k in ("id", "version", "effective")},
            "overrides": [{k: d.get(k) if isinstance(d, dict) else None for k in ("applicant_id", "file")}
                          for d in decisions]}


def claims_differ(record: dict, new: dict, when) -> Message | None:
    """Where a record's inputs are not those its verdict was judged by now (the date, the edition of the
    ruleset, the applicant and file of its committee decisions): an input edited by hand, under a name the
    digest does not check; None when they agree."""
    claimed, file = _claims(record), record["options"].get("overrides")
    given = record["options"].get("as_of") is not None and record["options"].get("as_of_given", True)
    ruleset = new.get("ruleset") if isinstance(new.get("ruleset"), dict) else {}
    actual = {"as_of": when.isoformat(), "options": {"as_of": when.isoformat() if given else None},
              "ruleset": {k: ruleset.get(k) for k in ("id", "version", "effective")},
              "overrides": [{"applicant_id": new.get("applicant_id"), "file": file} for _ in claimed["overrides"]]}
    if claimed != actual:
        return first_difference(claimed, actual)
    if claimed["overrides"] and not file:  # decisions from no file (each says none either): none was read
        return first_difference({"overrides": claimed["overrides"]}, {"overrides": []})
    return None
