"""The dossier-v1 data model: what one applicant claims, validated strictly (no file I/O)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError,
                      ValidationInfo, field_validator)
from pydantic_core import PydanticCustomError

from certify.errors import DossierError, did_you_mean


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
    Designation: {"行业大型项目": "industry_large", "行业(区域)大型项目": "industry_large",
                  "行业（区域）大型项目": "industry_large", "区域大型项目": "industry_large",
                  "行业重点项目": "industry_key", "行业(区域)重点项目": "industry_key",
                  "行业（区域）重点项目": "industry_key", "区域重点项目": "industry_key"},
}

_ENUM_NOUNS = {Degree: "degree", StudyMode: "study mode", Role: "role", Status: "status",
               Stage: "stage", Designation: "designation"}


def _problem(message: str, hint: str | None = None) -> PydanticCustomError:
    # One custom error type carries our own wording (and hint) through pydantic untouched.
    return PydanticCustomError("certify", "{message}", {"message": message, "hint": hint})


def _describe(value: object) -> str:
    """How a value is named in a message: what it is, as the person wrote it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, int) and value.bit_length() > 100:  # past ~30 digits: how long, not every digit
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (bytes, bytearray)):  # YAML's !!binary
        return "binary data"
    if isinstance(value, (set, frozenset)):  # YAML's !!set
        return "a set"
    return f"a {type(value).__name__}"


def _enum(cls: type[_AliasedEnum]) -> Any:
    aliases = ALIASES[cls]
    canonical = [m.value for m in cls]
    expected = ", ".join(canonical[:-1]) + " or " + canonical[-1]

    # Every accepted name -> its member, looked up once (the canonical names win over aliases).
    members = {**{alias: cls(value) for alias, value in aliases.items()}, **cls._value2member_map_}

    def check(value: object) -> object:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            member = members.get(value)
            if member is not None:
                return member
            hint = did_you_mean(value, [*canonical, *aliases])
            # With a suggestion the message stays short; without one, list what is accepted.
            more = "" if hint else f" (expected {expected})"
            raise _problem(f"unknown {_ENUM_NOUNS[cls]} {_describe(value)}{more}", hint)
        raise _problem(f"expected a {_ENUM_NOUNS[cls]} ({expected}), got {_describe(value)}")

    return Annotated[cls, BeforeValidator(check)]


_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: object) -> date:
    if isinstance(value, datetime):
        raise _problem(f"expected a date as YYYY-MM-DD without a time, got {_describe(value)}")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _problem(f"{value!r} is not a real date") from None
    raise _problem(f"expected a date as YYYY-MM-DD, got {_describe(value)}")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    # YAML reads 2025-03 as text but 2025-03-01 as a date and 007 as a number: quoting fixes those.
    quote = " (put it in quotes)" if isinstance(value, (int, float, Decimal, date)) else ""
    raise _problem(f"expected text, got {_describe(value)}{quote}")


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _problem(f"expected true or false, got {_describe(value)}")


MAX_ITEMS = 1000  # degrees, jobs or projects in one dossier: far past any career, and a bound on what is judged


def _list(value: object) -> object:
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            raise _problem(f"more than {MAX_ITEMS} entries ({len(value)}): a dossier lists one person's own")
        return value
    raise _problem(f"expected a list, got {_describe(value)}")


def _id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 200:
            raise _problem(f"expected an id, got {_describe(value)}")
        return str(value)
    if not isinstance(value, str):
        raise _problem(f"expected text or a whole number, got {_describe(value)}")
    if not value.strip():
        raise _problem("must not be empty")
    return value.strip()


def _level(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    zeros = " (write it without leading zeros)" if isinstance(value, str) and value.isdigit() and value[0] == "0" else ""
    raise _problem(f"expected a whole number ≥ 1, got {_describe(value)}{zeros}")


def _optional_ref(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return _text(value)


_AMOUNT_RE = re.compile(
    r"(?P<sign>-)?\s*[¥￥]?\s*"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"  # 1,000,000 or 1000000
    r"\s*(?P<unit>[万亿])?\s*元?")
_UNITS = {None: 0, "万": 4, "亿": 8}
_AMOUNT_FORMS = ("a number, or text like '6200000', '6,200,000', '¥6,200,000', '6200000元', "
                 "'620万', '620万元' or '1.2亿'")


def _bad_amount(value: object) -> ValueError:
    return ValueError(f"expected an amount in yuan: {_AMOUNT_FORMS}; got {_describe(value)}")


MAX_AMOUNT = Decimal(10) ** 15


def parse_amount(value: object) -> Decimal:
    """An amount in yuan as an exact Decimal ≥ 0; raises ValueError naming the accepted forms."""
    if isinstance(value, bool):
        raise _bad_amount(value)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite amount in yuan, got {value}")
        amount = Decimal(str(value))  # the shortest repr: 0.1 stays 0.1, not 0.1000000000000000055...
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"expected a finite amount in yuan, got {value}")
        amount = value
    elif isinstance(value, str):
        match = _AMOUNT_RE.fullmatch(value.strip())
        if not match:
            raise _bad_amount(value)
        amount = Decimal(match["num"].replace(",", "")).scaleb(_UNITS[match["unit"]])
        if match["sign"]:
            amount = -amount
    else:
        raise _bad_amount(value)
    if amount < 0:
        raise ValueError(f"an amount must be ≥ 0, got {_describe(value)}")
    if amount >= MAX_AMOUNT:  # no project is worth a thousand trillion yuan: a typo, and past what the engine holds
        raise ValueError(f"an amount must be less than 1000万亿 (10^15) yuan, got {_describe(value)}")
    if amount == amount.to_integral_value() and amount.adjusted() < 28:
        return amount.quantize(Decimal(1))  # 620万 and 6.2E+6 both become Decimal('6200000')
    return amount.normalize()


def _amount(value: object) -> Decimal:
    try:
        return parse_amount(value)
    except (ValueError, InvalidOperation) as exc:
        raise _problem(str(exc)) from None


Text = Annotated[str, BeforeValidator(_text)]
LATEST = date(9000, 1, 1)  # a career's dates come before it; an `end` on or after it means "no end date"


def _in_a_career(value: date) -> date:
    if value >= LATEST:
        raise _problem(f"{value.isoformat()} is past any career (a date before {LATEST.isoformat()})")
    return value


Day = Annotated[date, BeforeValidator(_date), AfterValidator(_in_a_career)]
EndDay = Annotated[date, BeforeValidator(_date)]  # 9999-12-31, as some HR systems write "no end date", is allowed
Flag = Annotated[bool, BeforeValidator(_bool)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Applicant(_Model):
    id: Annotated[str, BeforeValidator(_id)]
    name: Text | None = None
    target_level: Annotated[int, BeforeValidator(_level)] | None = None


class Education(_Model):
    degree: _enum(Degree)
    graduated: Day
    mode: _enum(StudyMode) = StudyMode.full_time


class Employment(_Model):
    employer: Text | None = None
    start: Day
    end: EndDay | None = None
    sales: Flag = False
    it: Flag = False

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise _problem(f"end {end.isoformat()} is before start {start.isoformat()}")
        return None if end is not None and end >= LATEST else end  # "no end date": still running


class Project(_Model):
    name: Text
    amount: Annotated[Decimal, BeforeValidator(_amount)] | None = None
    role: _enum(Role)
    status: _enum(Status)
    stages: Annotated[tuple[_enum(Stage), ...], BeforeValidator(_list)] | None = None
    designation: _enum(Designation) | None = None
    designation_ref: Annotated[str | None, BeforeValidator(_optional_ref)] = None


class Dossier(_Model):
    applicant: Applicant
    as_of: Day | None = None
    education: Annotated[tuple[Education, ...], BeforeValidator(_list)] | None = None
    employment: Annotated[tuple[Employment, ...], BeforeValidator(_list)] | None = None
    projects: Annotated[tuple[Project, ...], BeforeValidator(_list)] | None = None


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


_MISSING = "required key is missing"


def _translate(error: dict) -> tuple[tuple[str | int, ...], str, str | None, str | None]:
    """(loc, message, hint, path) for one pydantic error, in our own words."""
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    if kind == "certify":
        ctx = error["ctx"]
        return loc, ctx["message"], ctx["hint"], format_path(loc)
    if kind in ("extra_forbidden", "invalid_key"):  # invalid_key: a key that is not text, e.g. 2014
        holder = loc[:-1]
        model = _model_at(holder)
        hint = did_you_mean(str(loc[-1]), model.model_fields) if model else None
        return loc, f"unknown key '{loc[-1]}'", hint, format_path(holder)
    if kind == "missing":
        return loc, _MISSING, None, format_path(loc)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping (key: value pairs), got {_describe(value)}"
        return loc, message, None, format_path(loc)
    return loc, error["msg"], None, format_path(loc)


def dossier_from_data(data: object) -> Dossier:
    """Validate parsed YAML/JSON; raise DossierError for the first problem (all of them in .problems)."""
    if not isinstance(data, dict):
        message = f"a dossier must be a mapping with an 'applicant' key, got {_describe(data)}"
        err = DossierError(message, path="")
        err.problems, err.locs = [("", err.message, None)], [()]
        raise err
    try:
        return Dossier.model_validate(data)
    except ValidationError as exc:
        found = [_translate(e) for e in exc.errors(include_url=False)]
    # 'strat' (did you mean 'start'?) already explains why 'start' is missing: say it once.
    suggested = {(lc[:-1], hint) for lc, m, hint, _ in found if hint and m.startswith("unknown key")}
    found = [f for f in found if not (f[1] == _MISSING and (f[0][:-1], f[0][-1]) in suggested)]
    loc, message, hint, path = found[0]
    err = DossierError(message, path=path, hint=hint)
    err.problems = [(p, m, h) for _, m, h, p in found]
    # Where each problem is (the key itself for an unknown key), so a loader can find its line.
    err.locs = [lc for lc, _, _, _ in found]
    raise err
