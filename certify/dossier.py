"""The dossier-v1 data model: what one applicant claims, validated strictly (no file I/O)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo, field_validator

from certify.careerdates import LATEST
from certify.dossierwords import BELOW_A_DEGREE, KEY_WORDS, SAID_FOR, TAKES, stages_numbered
from certify.errors import DossierError, Message, did_you_mean, either, say
from certify.values import (Day, EndDay, Flag, Name, Text, describe, expected_got, problem, read_amount,
                            read_id, read_level, read_list, read_optional_ref)


class _AliasedEnum(StrEnum):
    """A StrEnum whose constructor also accepts the Chinese names in ALIASES."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        canonical = ALIASES.get(cls, {}).get(value) if isinstance(value, str) else None
        return cls(canonical) if canonical is not None else None


class Degree(_AliasedEnum):
    associate = "associate"
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"


DEGREE_ORDER: tuple[str, ...] = ("associate", "bachelor", "master", "doctorate")


class StudyMode(_AliasedEnum):
    full_time = "full_time"
    part_time = "part_time"


class Role(_AliasedEnum):
    lead = "lead"
    member = "member"


class Status(_AliasedEnum):
    completed = "completed"
    in_progress = "in_progress"
    lost = "lost"
    cancelled = "cancelled"


class Stage(_AliasedEnum):
    discovery = "discovery"
    technical_exchange = "technical_exchange"
    procurement = "procurement"
    contract_signing = "contract_signing"
    contract_execution = "contract_execution"
    payment_collection = "payment_collection"
    acceptance = "acceptance"


class Designation(_AliasedEnum):
    industry_large = "industry_large"
    industry_key = "industry_key"


# The one table of Chinese names (alias -> canonical value); docs are generated from it.
# Full-width parentheses are listed too because that is how Chinese text writes them.
ALIASES: dict[type, dict[str, str]] = {
    Degree: {"专科": "associate", "大专": "associate", "本科": "bachelor",
             "硕士": "master", "碩士": "master", "博士": "doctorate"},
    StudyMode: {"全日制": "full_time", "非全日制": "part_time"},
    Role: {"主导运作": "lead", "主导": "lead", "参与": "member"},
    Status: {"已完成": "completed", "完成": "completed", "进行中": "in_progress",
             "丢单": "lost", "失败": "lost", "已取消": "cancelled", "取消": "cancelled"},
    Stage: {"需求发掘": "discovery", "技术交流": "technical_exchange",
            "商务采购": "procurement", "招投标": "procurement",
            "商务采购(招投标)": "procurement", "商务采购（招投标）": "procurement",
            "合同签订": "contract_signing", "合同执行": "contract_execution",
            "项目回款": "payment_collection", "项目验收": "acceptance"},
    Designation: {"行业（区域）大型项目": "industry_large", "行业(区域)大型项目": "industry_large",
                  "行业大型项目": "industry_large", "区域大型项目": "industry_large",
                  "行业（区域）重点项目": "industry_key", "行业(区域)重点项目": "industry_key",
                  "行业重点项目": "industry_key", "区域重点项目": "industry_key"},
}


_CHINESE_STAGES = {stage: [name for name, value in ALIASES[Stage].items() if value == stage.value] for stage in Stage}
# Each stage's name, in English and Chinese, to its number in the standard's order (1 需求发掘 ... 7 项目验收): made once,
# not for each project's stages. Its keys are every name a stage is written by (a sheet's cell of one stage, too).
STAGE_NUMBERS = {name: i for i, stage in enumerate(Stage, 1) for name in (stage.value, *_CHINESE_STAGES[stage])}
_ENUM_NOUNS = {Degree: Message("degree", "学历"), StudyMode: Message("study mode", "学习形式"),
               Role: Message("role", "角色"), Status: Message("status", "项目状态"),
               Stage: Message("stage", "阶段"), Designation: Message("designation", "项目类别")}


def _enum(cls: type[_AliasedEnum]) -> Any:
    aliases = ALIASES[cls]
    canonical = [m.value for m in cls]
    # What is accepted: the canonical names in English, the first Chinese name of each in Chinese.
    chinese = [next(alias for alias, value in aliases.items() if value == name) for name in canonical]
    expected = either(canonical, chinese)

    # Every accepted name -> its member, looked up once (the canonical names win over aliases).
    members = {**{alias: cls(value) for alias, value in aliases.items()}, **cls._value2member_map_}

    def check(value: object) -> object:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            member = members.get(value)
            if member is not None:
                return member
            if cls is Stage and (fix := _stages_written(value)):  # [需求发掘，技术交流]: one item to YAML
                raise problem(say("{v} is several stages in one: {fix}", "{v} 是几个阶段写在了一起：{fix}",
                                  v=describe(value), fix=fix))
            if cls is Degree and value.strip().lower() in BELOW_A_DEGREE:
                raise problem(say("{v} is below associate (专科), the lowest degree a dossier records: leave it out (with no "
                                  "degree of associate or higher, write 'education: []', and certify check says which levels "
                                  "that fails)", "{v} 低于专科，申报材料只记录专科及以上学历：请删去此项（没有专科及以上学历的，"
                                  "写 'education: []'，certify check 会说明因此不符合哪些级别）", v=describe(value)))
            said = SAID_FOR.get(cls.__name__, {})
            hint = said.get(value.strip()) or said.get(value.strip().lower()) or did_you_mean(value, [*canonical, *aliases])
            # With a suggestion the message stays short; without one, list what is accepted.
            more = "" if hint else say(" (expected {e})", "（应为{e}）", e=expected)
            raise problem(say("unknown {noun} {v}{more}", "未知的{noun} {v}{more}",
                              noun=_ENUM_NOUNS[cls], v=describe(value), more=more), hint)
        raise problem(say("expected a {noun} ({e}), got {v}", "应为{noun}（{e}），实际为{v}",
                          noun=_ENUM_NOUNS[cls], e=expected, v=describe(value)))

    return Annotated[cls, BeforeValidator(check)]


# Stages typed on one line as Chinese text writes a list: 需求发掘、技术交流 or, in YAML's brackets, with the full-width
# comma a Chinese input method types ([需求发掘，技术交流] is one item to YAML).
_JOINED_STAGES = re.compile(r"\s*[，、,;；]\s*|\s+")


def _stages_written(text: object, cell: bool = False) -> Message | None:
    """What to write for stages joined in one text (each a stage's name): as a list, each stage apart, with
    half-width commas (`cell`: a sheet's cell, apart by 、 as a cell writes them); None for anything else. Asked only
    of a text refused (never split: stages are a list)."""
    parts = _JOINED_STAGES.split(text.strip()) if isinstance(text, str) else []
    if len(parts) < 2 or not all(p in STAGE_NUMBERS for p in parts):
        return None
    if cell:
        return say("write each stage apart, separated by 、 or commas: {w}", "请把各阶段分开，用顿号或逗号分隔：{w}",
                   w="、".join(parts))
    return say("write each stage apart, with half-width commas: {w}", "请把各阶段分开，用半角逗号分隔：{w}",
               w="[" + ", ".join(parts) + "]")


def stages_in_one(text: str) -> Message | None:
    """A sheet's cell of stages apart by spaces only (需求发掘 技术交流): what to write in it; else None."""
    fix = _stages_written(text, cell=True)
    return None if fix is None else say("{v} is several stages in one: {fix}", "{v} 是几个阶段写在了一起：{fix}",
                                         v=describe(text), fix=fix)


def stage_names(numbers: list[int]) -> tuple[list[str], list[str]]:
    """Stages by number (1 需求发掘 ... 7 项目验收), in the standard's order, each once ([3, 1, 3] is [1, 3]): their
    names in English and in Chinese, for the tip of stages written by number or all at once (a sheet's too)."""
    stages = [list(Stage)[n - 1] for n in sorted(set(numbers))]
    return [s.value for s in stages], [_CHINESE_STAGES[s][0] for s in stages]


def numbered_stages(value: object) -> list[int] | None:
    """The numbers of the stages `value` writes by number, all at once (全部) or as a range; None for anything else."""
    return stages_numbered(value, STAGE_NUMBERS)


def _stage_list(value: object) -> object:
    """The stages as a list (read_list); a text of stages joined, or stages by number or all at once (全部, 1-7), is
    refused saying what to write."""
    if isinstance(value, str) and (fix := _stages_written(value)):
        raise problem(expected_got("a list", "列表", value, say(": {fix}", "：{fix}", fix=fix)))
    if numbers := stages_numbered(value, STAGE_NUMBERS):
        en, zh = stage_names(numbers)
        raise problem(say("each stage is written by its name, not a number or a word for them all: write [{e}]",
                          "各阶段须逐一写出名称，不能写序号或“全部”：请写作 [{z}]", e=", ".join(en), z=", ".join(zh)))
    return read_list(value)


def _none_is(default: object) -> BeforeValidator:
    """A key written with no value (`sales:`, `mode: null`) read as left out: its default (docs/dossier-format.md)."""
    return BeforeValidator(lambda value: default if value is None else value)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Applicant(_Model):
    id: Annotated[str, BeforeValidator(read_id)]
    name: Text | None = None
    target_level: Annotated[int, BeforeValidator(read_level)] | None = None


class Education(_Model):
    degree: _enum(Degree)
    graduated: Day
    mode: Annotated[_enum(StudyMode), _none_is(StudyMode.full_time)] = StudyMode.full_time


class Employment(_Model):
    employer: Text | None = None
    start: Day
    end: EndDay | None = None
    sales: Annotated[Flag, _none_is(False)] = False
    it: Annotated[Flag, _none_is(False)] = False

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise problem(say("end {end} is before start {start}", "结束日期 {end} 早于开始日期 {start}",
                              end=end.isoformat(), start=start.isoformat()))
        return None if end is not None and end >= LATEST else end  # "no end date": still running


class Project(_Model):
    name: Name
    amount: Annotated[Decimal, BeforeValidator(read_amount)] | None = None
    role: _enum(Role)
    status: _enum(Status)
    stages: Annotated[tuple[_enum(Stage), ...], BeforeValidator(_stage_list)] | None = None
    designation: _enum(Designation) | None = None
    designation_ref: Annotated[str | None, BeforeValidator(read_optional_ref)] = None


class Dossier(_Model):
    applicant: Applicant
    as_of: Day | None = None
    education: Annotated[tuple[Education, ...], BeforeValidator(read_list)] | None = None
    employment: Annotated[tuple[Employment, ...], BeforeValidator(read_list)] | None = None
    projects: Annotated[tuple[Project, ...], BeforeValidator(read_list)] | None = None


def format_path(loc: tuple[str | int, ...]) -> str:
    """A field path as people write it: ``employment[0].start``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_MODEL_OF_FIELD = {(Dossier, "applicant"): Applicant, (Dossier, "education"): Education,
                   (Dossier, "employment"): Employment, (Dossier, "projects"): Project}


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the mapping at `loc` inside a Dossier (for did-you-mean over its fields)."""
    model: type[BaseModel] | None = Dossier
    for part in loc:
        if not isinstance(part, int):
            model = _MODEL_OF_FIELD.get((model, part))
    return model


_MISSING = Message("required key is missing", "缺少必填字段")
# What to write for each required key, said when it is missing.
_REQUIRED = {
    (Dossier, "applicant"): Message("write the section applicant with your id under it (applicant: then, indented, "
                                    "'id: E1024')", "请填写申报人部分 applicant，并在其下缩进写编号（如 'id: E1024'）"),
    (Applicant, "id"): Message("write your employee or application number ('id: E1024')",
                               "请填写员工编号或申报编号（如 'id: E1024'）"),
    (Education, "degree"): Message("write the degree (associate, bachelor, master or doctorate)",
                                   "请填写学历（专科、本科、硕士或博士）"),
    (Education, "graduated"): Message("write the day the degree was awarded (YYYY-MM-DD)", "请填写取得学历的日期（YYYY-MM-DD）"),
    (Employment, "start"): Message("write the job's first day (YYYY-MM-DD)", "请填写入职日期（YYYY-MM-DD）"),
    (Project, "name"): Message("write the project's name", "请填写项目名称"),
    (Project, "role"): Message("write your role in it (lead: you ran it; member: you took part)",
                               "请填写本人角色（主导运作或参与）"),
    (Project, "status"): Message("write how it stands (completed, in_progress, lost or cancelled)",
                                 "请填写项目状态（已完成、进行中、丢单或已取消）"),
}
_SHEET_OF = {Applicant: "applicants", Education: "education", Employment: "employment", Project: "projects"}


def _key_hint(key: str, model: type[BaseModel]) -> str | None:
    """The did-you-mean for an unknown key: the key a spreadsheet's sheet or column of the same place is
    named by this name (学历 at the top is education; 开始 in a job is start; 截止日期 at the top is as_of),
    else the key a word of dossierwords.KEY_WORDS stands for there (项目, xiangmu), else the closest key of that mapping,
    else the one key of it that is a word of the key (`end_date`, `contract_amount`), else a study mode written
    as a key (`part_time: true`). (A key of another section is said as that instead: _home.)"""
    from certify.sheets import column_named, header_key, sheet_of  # here: sheets validates its rows through this module

    if model is Dossier:
        sheet = sheet_of(key)
        named = "applicant" if sheet == "applicants" else sheet or getattr(column_named("applicants", key), "key", None)
    else:
        named = getattr(column_named(_SHEET_OF[model], key), "key", None)
    named = named or KEY_WORDS[model.__name__].get(header_key(key))
    if named in model.model_fields:
        return named
    words = [w for w in re.split(r"[\W_]+", key.lower()) if w in model.model_fields]
    return (did_you_mean(key, model.model_fields) or (words[0] if len(set(words)) == 1 else None)
            or (f"mode: {key}" if model is Education and key in ("part_time", "full_time") else None))


# Where each section's keys are written, for a key written in another section (`role` in a job, `as_of`
# under applicant, `target_level` at the top): what people put in the wrong place, named so.
_WHERE = {Dossier: Message("a key of the dossier itself, at the top (not indented)",
                           "此字段属于申报材料本身，应顶格书写（不缩进）"),
          Applicant: Message("a key of the applicant, under applicant", "此字段属于申报人，应写在 applicant 下"),
          Education: Message("a key of a degree, under education", "此字段属于学历，应写在 education 下"),
          Employment: Message("a key of a job, under employment", "此字段属于工作经历，应写在 employment 下"),
          Project: Message("a key of a project, under projects", "此字段属于项目，应写在 projects 下")}


def _keys_taken(model: type[BaseModel]) -> Message:
    keys = [f.alias or name for name, f in model.model_fields.items()]
    return say(" ({t} these keys: {k})", "（{t}这些字段：{z}）", t=TAKES[model.__name__],
               k=f"{', '.join(keys[:-1])} and {keys[-1]}", z="、".join(f"'{k}'" for k in keys))  # quoted in Chinese, as keys are


def _home(key: str, model: type[BaseModel]) -> Message | None:
    """Where an unknown key of `model` belongs, when it is a key of exactly one other section; else None. An `id`
    or `name` inside a degree, job or project is that item's own (a project's number), not the applicant's."""
    if model is not Dossier and key in ("id", "name"):
        return None
    homes = [other for other in _WHERE if other is not model and key in other.model_fields]
    return _WHERE[homes[0]] if len(homes) == 1 else None


def _translate(error: dict) -> tuple[tuple[str | int, ...], str, str | None, str | None]:
    """(loc, message, hint, path) for one pydantic error, in our own words."""
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    if kind == "certify":
        ctx = error["ctx"]
        return loc, ctx["message"], ctx["hint"], format_path(loc)
    if kind in ("extra_forbidden", "invalid_key"):  # invalid_key: a key that is not text, e.g. 2014
        holder = loc[:-1]
        model = _model_at(holder)
        home = _home(str(loc[-1]), model) if model else None
        if home:  # a key of another section: where it belongs, rather than a did-you-mean
            return loc, say("unknown key '{k}' here: it is {w}", "未知字段 '{k}'：{w}",
                            k=loc[-1], w=home), None, format_path(holder)
        hint = _key_hint(str(loc[-1]), model) if model else None
        more = _keys_taken(model) if model and not hint else ""
        return loc, say("unknown key '{k}'{m}", "未知字段 '{k}'{m}", k=loc[-1], m=more), hint, format_path(holder)
    if kind == "missing":
        what = _REQUIRED.get((_model_at(loc[:-1]), loc[-1]))
        message = say("{m}: {w}", "{m}：{w}", m=_MISSING, w=what) if what else _MISSING
        return loc, message, None, format_path(loc)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = expected_got("a mapping (key: value pairs)", "映射（键: 值）", value)
        return loc, message, None, format_path(loc)
    return loc, error["msg"], None, format_path(loc)


def dossier_from_data(data: object) -> Dossier:
    """Validate parsed YAML/JSON; raise DossierError for the first problem (all of them in .problems)."""
    if not isinstance(data, dict):
        message = say("a dossier must be a mapping with an 'applicant' key, got {v}",
                      "申报材料应为含 'applicant' 字段的映射（键: 值），实际为{v}", v=describe(data))
        err = DossierError(message, path="")
        err.problems, err.locs = [("", err.message, None)], [()]
        raise err
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        found = [_translate(e) for e in exc.errors(include_url=False)]
    # 'strat' (did you mean 'start'?) already explains why 'start' is missing: say it once.
    suggested = {(lc[:-1], hint) for lc, m, hint, _ in found if hint and m.startswith("unknown key")}
    found = [f for f in found if not (f[1].startswith(_MISSING) and (f[0][:-1], f[0][-1]) in suggested)]
    loc, message, hint, path = found[0]
    err = DossierError(message, path=path, hint=hint)
    err.problems = [(p, m, h) for _, m, h, p in found]
    # Where each problem is (the key itself for an unknown key), so a loader can find its line.
    err.locs = [lc for lc, _, _, _ in found]
    err.given = _well_formed(data, {lc for lc, _, _, _ in found})
    applicant = data.get("applicant")
    if ("applicant", "target_level") in err.locs and isinstance(applicant, dict):  # a level's name: check.level_named
        err.written_level = applicant.get("target_level")
    raise err


def _well_formed(data: dict, bad: set) -> dict:
    """The target level of a dossier with problems, where it is given and well formed, with the as-of date
    (None: not given; False: not well formed): certify validate checks it against the standard all the same."""
    applicant = data.get("applicant")
    if not isinstance(applicant, dict) or applicant.get("target_level") is None or ("applicant", "target_level") in bad:
        return {}
    as_of = data.get("as_of")
    dated = as_of is not None and ("as_of",) not in bad
    try:
        given = Dossier.model_validate({"applicant": {"id": "-", "target_level": applicant["target_level"]},
                                        **({"as_of": as_of} if dated else {})})
    except ValidationError:  # pragma: no cover - each was found well formed
        return {}
    return {"target_level": given.applicant.target_level,
            "as_of": given.as_of if dated else None if as_of is None else False}
