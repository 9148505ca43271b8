"""What verify reads of a decision record, checked before it reads it: a record edited by hand
cannot be verified, and says which field (in English and Chinese)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import TRUE_OR_FALSE, Message, say
from .facts import FACTS
from .load import _SURROGATE_ESCAPE, _lone_surrogate
from .recordcontent import wrong_content


# What records.make_record writes in a record's options (overrides_resolved only with --overrides): tampered.py
# names one deleted, and a reader of an options that is no object is told them.
OPTIONS_WRITTEN = ("as_of", "as_of_given", "level", "overrides", "overrides_resolved", "forecast")


class _Part(BaseModel):
    """What verify reads of a record, checked before it reads it; anything else a record holds is let be (and not
    kept: nothing reads it from the model, and keeping it cost ~20 us a record). Each part's fields (with WRITTEN)
    are all certify writes in it, a field written and not read typed `object`: recordkeys.py names any other key a
    record holds, at any depth, as one added by hand."""

    model_config = ConfigDict(extra="ignore", strict=True)
    # A part none of whose fields must be there: the fields certify writes in it, which a reader is told it may
    # hold (its fields checked here are fewer: options.as_of, a project's role, are let be)
    WRITTEN: ClassVar[tuple[str, ...]] = ()
    # Of a record's inputs (dossier, ruleset, options, versions): the fields certify writes in some records only (or,
    # `versions.certify_code`, not in one written before records kept it). The others, in the order they are
    # written, certify writes in every record: tampered.py names one deleted (every_record).
    SOME_RECORDS: ClassVar[tuple[str, ...]] = ()


def _written(section: str) -> tuple[str, ...]:
    """The facts certify records of a section (applicant, education, projects), by their names in it."""
    return tuple(name.split(".", 1)[1] for name in FACTS if name.startswith(f"{section}."))


class _FileDossier(_Part):
    """A dossier file's `dossier` (records.dossier_source); a spreadsheet applicant's holds these too."""

    path: str
    resolved: str | None = None
    sha256: str


class _Dossier(_FileDossier):
    """A record's `dossier` as verify reads it: a dossier file's, or a spreadsheet applicant's (records.sheet_dossier),
    which its `source` tells apart and which holds the rest."""

    source: str | None = None
    kind: str | None = None
    applicant_id: object = None  # a spreadsheet applicant's (written, not read here: recordnow reads it as it is)
    files: object = None  # a spreadsheet's files' sha256, by name (for information only: records._inputs)


class _Editions(_Part):
    """The folder of editions a record was judged from (records.editions_source), which verify and show look at."""

    path: str
    resolved: str | None = None
    files: dict[str, str] | None = None


class _Ruleset(_Part):
    SOME_RECORDS = ("resolved", "editions")  # a ruleset not bundled's; a folder of editions judged from
    id: str
    version: str
    sha256: str
    effective: object = None
    bundled: bool = False
    path: str
    resolved: str | None = None
    editions: _Editions | None = None


class _Options(_Part):
    WRITTEN = OPTIONS_WRITTEN
    SOME_RECORDS = ("overrides_resolved",)  # with --overrides
    level: int | None = None
    forecast: bool = False
    as_of_given: bool = True  # --as-of: else the date was the dossier's own (or the day it was judged)
    overrides: str | None = None  # the committee's decisions file, as given to check --overrides
    overrides_resolved: str | None = None  # and where that was


Options = _Options  # as verify names it; the class keeps the name pydantic quotes (instance of _Options)


class _Reading(_Part):
    fact: str
    item: str | None = None  # which education or project, by its label
    op: str
    actual: object  # each of these three may be null, but is there
    required: object
    status: str
    shortfall: object = None
    unproven: str | None = None


class _Rule(_Part):
    id: str
    status: str
    explanation: str
    clause: str | None
    readings: list[_Reading] | None = None  # what show words the explanation from, and verify compares


class _Alternative(_Part):
    status: str
    missing: list[_Reading]


class _Edition(_Part):
    """A later edition a forecast date falls under (results-v1 extension: passes_on_ruleset)."""

    id: str
    version: str
    sha256: str
    effective: str


class _Requirement(_Part):
    """What that edition requires for the rule, where it requires otherwise (passes_on_requirement)."""

    zh: str
    en: str


class _Gap(_Part):
    rule: str
    status: object = None
    clause: object = None
    missing: list[_Reading]
    alternatives: list[_Alternative] | None = None
    passes_on_ruleset: _Edition | None = None
    passes_on: object = None  # a date, or null: recordcontent.py checks it
    passes_on_requirement: _Requirement | None = None


class _Level(_Part):
    level: int
    status: str
    name: object = None
    rules: list[_Rule]
    gaps: list[_Gap] | None = None  # their readings verify compares, as it does the rules'
    passes_on: str | None = None
    passes_on_ruleset: _Edition | None = None


class _VerdictRuleset(_Part):
    id: str
    version: str
    sha256: object = None
    effective: object = None


class _Verdict(_Part):
    """The verdict as both show (which lays it out) and verify (which compares it with the one judged again) read
    it: a field missing or of the wrong kind is no decision record to either, said alike."""

    file: object = None
    applicant_id: str  # with as_of, in the record's name (records.record_name)
    as_of: str
    ruleset: _VerdictRuleset
    # there, of any kind here: recordcontent.py says which level or status each should be, with the value found
    qualified_level: object
    target_level: object = None
    target_status: object = None
    levels: list[_Level]


MADE_AT = "YYYY-MM-DDTHH:MM:SSZ (UTC)"  # how a record writes when it was made
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # that form as strftime writes it: records' and batch manifests' times


def utc_text(when: datetime | None = None) -> str:
    """A time (now, by default) as records and batch manifests write it, in UTC: TIME_FORMAT."""
    return (when or datetime.now(timezone.utc)).strftime(TIME_FORMAT)


class _Versions(_Part):
    """The versions that decide (records.versions); `certify_code`, the fingerprint of certify's code (codeprint.py),
    is not in a record written before records kept it."""

    SOME_RECORDS = ("certify_code",)
    certify: str | None = None
    certify_code: str | None = None
    durable_rules: str | None = None
    python: str | None = None


def every_record(part: type[_Part]) -> tuple[str, ...]:
    """The fields certify writes in every record in a part of its inputs, in the order it writes them: all it writes
    there (its WRITTEN, else the model's fields) but SOME_RECORDS."""
    return tuple(k for k in (part.WRITTEN or tuple(part.model_fields)) if k not in part.SOME_RECORDS)


class Record(_Part):
    format: str  # records.FORMAT, which verify and show look for before they read the record
    verdict: _Verdict
    dossier: _Dossier
    ruleset: _Ruleset
    made_at: datetime
    as_of: date
    options: _Options
    versions: _Versions
    overrides: list  # the committee's decisions: an input, which the name's digest covers

    @field_validator("made_at", mode="before")
    @classmethod
    def _utc_time(cls, value: object) -> datetime:
        """Written YYYY-MM-DDTHH:MM:SSZ, as records write it: the one field the name's digest does not cover."""
        if not isinstance(value, str):
            raise ValueError(f"Input should be a time written {MADE_AT}")
        try:
            return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=timezone.utc)
        except ValueError:
            raise ValueError(f"Input should be a time written {MADE_AT}, not {value!r}") from None

    @field_validator("as_of", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> date:
        """Written YYYY-MM-DD, as records write it (not a number pydantic would take for a timestamp)."""
        if not isinstance(value, str):
            raise ValueError("Input should be a valid date written YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"Input should be a valid date written YYYY-MM-DD, not {value!r}") from None


class _Applicant(_Part):
    WRITTEN = _written("applicant")
    work_months: int | None = None
    sales_months: int | None = None
    it_sales_months: int | None = None


class _EducationFacts(_Part):
    WRITTEN = _written("education")
    graduated: str | None = None
    work_months_after: int | None = None


class _ProjectFacts(_Part):
    WRITTEN = _written("projects")
    amount: float | None = None  # a whole number of yuan or not: strict, a float takes an int but no text
    stages: list[str] | None = None


class _Item(_Part):
    label: str


class _Education(_Item):
    facts: _EducationFacts | None = None


class _Project(_Item):
    facts: _ProjectFacts | None = None


class _Facts(_Part):
    as_of: str
    applicant: _Applicant | None = None
    education: list[_Education] | None = None
    projects: list[_Project] | None = None


class _Override(_Part):
    applicant_id: str
    level: int
    decision: str
    reason: str
    approver: str
    reference: str
    date: str
    file: object = None  # the committee's decisions file it came from, and where in it
    entry: object = None


class ShownRecord(Record):
    """What `certify show` reads of a record besides what verify does: the facts and the committee's decisions. The
    verdict (each rule's explanation and clause, the verdict's ruleset and levels, the gaps) both read, with the same
    models."""

    facts: _Facts | None = None
    overrides: list[_Override]


# What a field of the wrong kind should be, in Chinese (the English is pydantic's own message).
_KINDS_ZH = {"missing": "缺少该字段", "int_type": "应为整数", "bool_type": f"应为{TRUE_OR_FALSE.zh}",
             "string_type": "应为文本", "float_type": "应为数字", "list_type": "应为列表", "dict_type": "应为映射（键: 值）",
             "model_type": "应为映射（键: 值）", "model_attributes_type": "应为映射（键: 值）"}


def _parts(model: type[_Part]) -> dict[str, type[_Part]]:
    """Each model of a record's parts by its class's name: the name pydantic quotes (instance of _Edition)."""
    return {sub.__name__: sub for child in model.__subclasses__() for sub in (child, *_parts(child).values())}


_PARTS = _parts(_Part)


def _object_of(name: str | None) -> Message:
    """What a part of a record should be, in a reader's words: an object with the fields it must hold (those it may,
    where it must hold none), not pydantic's `a valid dictionary or instance of _Edition` (a class of this code)."""
    part = _PARTS.get(name)
    fields = part.model_fields if part else {}
    must = [n for n, f in fields.items() if f.is_required()]
    names = must or list(part.WRITTEN if part and part.WRITTEN else fields)
    if not names:
        return Message("Input should be an object (key: value)", _KINDS_ZH["model_type"])
    last = "and" if must else "or"
    en = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"
    en_with, zh_with = ("with", "含") if must else ("with any of", "可含")
    return Message(f"Input should be an object {en_with} {en}", f"应为{zh_with} {'、'.join(names)} 的映射（键: 值）")


def _what(err: dict) -> Message:
    """What is wrong with one field, as pydantic found it."""
    if err["type"] == "missing":
        return Message("missing", _KINDS_ZH["missing"])
    if err["type"] == "model_type":
        return _object_of((err.get("ctx") or {}).get("class_name"))
    if err["type"] == "dict_type":  # versions: an object in JSON's words, as a part's (not "a valid dictionary")
        return _object_of(None)
    en = err["msg"].removeprefix("Value error, ")
    if err["type"] == "value_error":  # as_of and made_at: the fields with a check of their own
        value = err.get("input")
        zh = "应为写成 YYYY-MM-DD 的有效日期" if err["loc"] == ("as_of",) else "应为写成 YYYY-MM-DDTHH:MM:SSZ 的时间（UTC）"
        return Message(en, zh + (f"，而非 {value!r}" if isinstance(value, str) else ""))
    return Message(en, _KINDS_ZH.get(err["type"], en))


def _no_surrogate(text: str) -> bool:
    """Whether the JSON `text` surely gives no text holding half a character: no \\u escape of one (paired or not)
    and none written as it is. Else (rarely) the record read from it is looked through (load._lone_surrogate)."""
    if _SURROGATE_ESCAPE.search(text):
        return False
    try:
        text.encode("utf-8")  # fails on any half of a character in it; a scan of each text in the record costs ~10x
    except UnicodeEncodeError:
        return False
    return True


def read_record(record: dict, model: type[Record] = Record,
                text: str | None = None) -> tuple[Record | None, Message | None]:
    """`record` (a decision record's JSON, edited by hand perhaps) as read, or why it cannot be verified (or, with
    `model` ShownRecord, shown): the first field missing or of the wrong kind, or else the first holding what
    certify never writes there (recordcontent.wrong_content), named by its path. `text`: the JSON `record` was read
    from, if at hand, which says faster that no text in it holds half a character (the same answer)."""
    # JSON's "\ud800" alone: certify writes none, and no output could write it
    if not (text is not None and _no_surrogate(text)) and _lone_surrogate(record):
        return None, Message("not a decision record (a text in it holds half a character, a lone surrogate)",
                             "不是判定记录（其中的文本含有半个字符，即孤立的代理项）")
    try:
        read = model.model_validate(record)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        if where:
            return None, say("not a decision record ({w}: {what})", "不是判定记录（{w}：{what}）", w=where,
                             what=_what(err))
        return None, say("not a decision record ({what})", "不是判定记录（{what}）", what=_what(err))
    wrong = wrong_content(record, shown=issubclass(model, ShownRecord))  # each field of its kind: and its content?
    if wrong is not None:
        return None, say("not a decision record ({w}: {what})", "不是判定记录（{w}：{what}）", w=wrong[0], what=wrong[1])
    return read, None
