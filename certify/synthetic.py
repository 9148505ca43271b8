"""Synthetic dossiers: seeded, realistic, and crowded around the standard's thresholds.

Each dossier is plain data (dicts, lists, str, int, datetime.date: what a YAML safe
loader returns for a dossier-v1 file), so it can be validated with
`dossier.dossier_from_data` or written to files. Tests and benchmarks use them.

A good share of the dossiers land exactly on a threshold, or one month or one day
beside it (sales tenure of 59/60/61 months, an amount of 1,000,000 CNY or 999,999),
because that is where an off-by-one lives. The thresholds aimed at are the 2014
standard's; the dossiers are just as valid under any other ruleset.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

import yaml

from .facts import add_months

# The as-of date most dossiers carry. A dossier without `as_of` is built against it
# too, so evaluating it with today=DEFAULT_AS_OF puts it on its thresholds.
DEFAULT_AS_OF = date(2026, 12, 31)
_OTHER_AS_OF = (date(2025, 6, 30), date(2024, 2, 29), date(2026, 3, 31))

_SALES_TARGETS = (12, 36, 60, 96, 120)  # months: 1, 3, 5, 8, 10 years
_AFTER_TARGETS = (24, 48, 72, 96, 120)  # work after a degree: 本2 本4 本6/碩4 碩8 本10
_AMOUNT_TARGETS = (1_000_000, 5_000_000, 10_000_000)
_BESIDE = (-1, 0, 0, 0, 1)  # on a threshold, or one unit below or above it

_DEGREES = ("associate", "bachelor", "master", "doctorate")
_DEGREE_ZH = {"associate": ("专科", "大专"), "bachelor": ("本科",), "master": ("硕士", "碩士"),
              "doctorate": ("博士",)}
_STAGES = ("discovery", "technical_exchange", "procurement", "contract_signing",
           "contract_execution", "payment_collection", "acceptance")
_STAGE_ZH = {"discovery": "需求发掘", "technical_exchange": "技术交流", "procurement": "商务采购(招投标)",
             "contract_signing": "合同签订", "contract_execution": "合同执行",
             "payment_collection": "项目回款", "acceptance": "项目验收"}
_ROLE_ZH = {"lead": "主导运作", "member": "参与"}
_STATUSES = ("completed", "in_progress", "lost", "cancelled")
_STATUS_ZH = {"completed": "已完成", "in_progress": "进行中", "lost": "丢单", "cancelled": "已取消"}
_DESIGNATION_ZH = {"industry_large": "行业(区域)大型项目", "industry_key": "行业(区域)重点项目"}
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_EMPLOYERS = ("北京A科技有限公司", "上海B信息技术有限公司", "深圳C网络股份有限公司", "广州D软件有限公司",
              "杭州E云计算有限公司", "成都F数据服务有限公司", "Acme Systems China", "南京G通信设备有限公司")
_PROJECTS = ("政务云平台", "智慧医院信息化", "银行核心系统升级", "数据中心扩容", "智慧园区", "电力调度系统",
             "高校一卡通", "运营商计费系统", "税务大数据平台", "交通监控网络")
_OWNERS = ("某省", "某市", "华东区", "西南区", "某集团", "某行")


def _days(d: date, n: int) -> date:
    return d + timedelta(days=n)


class _Dice:
    """The few draws a dossier needs, on random.Random.random (several times faster than
    choice/randint/choices, which matters at 100,000 dossiers)."""

    __slots__ = ("rng", "random")

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random

    def pick(self, seq: Sequence):
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An int in low..high inclusive."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, seq: Sequence, cumulative: tuple):
        return seq[bisect_right(cumulative, self.random() * cumulative[-1])]


def _cum(*weights: int) -> tuple:
    return tuple(accumulate(weights))


_DEGREE_W = _cum(15, 50, 25, 10)
_STATUS_W = _cum(60, 15, 15, 10)
_JOBS_W = _cum(6, 22, 28, 22, 14, 8)  # 0-5 jobs
_DEGREES_W = _cum(10, 55, 28, 7)  # 0-3 degrees
_PROJECTS_W = _cum(10, 35, 28, 17, 10)  # 0-4 projects


class _Builder:
    """One dossier, drawn from the stream of random numbers it is given."""

    def __init__(self, dice: _Dice, number: int) -> None:
        self.dice = dice
        self.number = number
        self.as_of = DEFAULT_AS_OF

    def build(self) -> dict:
        dice = self.dice
        r = dice.random()
        as_of = DEFAULT_AS_OF if r < 0.78 else dice.pick(_OTHER_AS_OF) if r < 0.88 else None
        self.as_of = as_of or DEFAULT_AS_OF
        data: dict = {"applicant": self._applicant()}
        if as_of is not None:
            data["as_of"] = as_of
        # The career comes first: a degree's graduation is placed on "N years of work after it".
        jobs, last_day = self._employment()
        sections = (("education", self._education(last_day)), ("employment", jobs),
                    ("projects", self._projects()))
        for key, value in sections:
            s = dice.random()
            if s < 0.07:
                continue  # absent: the dossier does not say (unknown)
            data[key] = [] if s < 0.11 else value  # or explicitly none
        return data

    def _applicant(self) -> dict:
        dice = self.dice
        applicant: dict = {"id": f"S{self.number:06d}"}
        if dice.random() < 0.8:
            applicant["name"] = dice.pick(_SURNAMES) + "".join(
                dice.pick(_GIVEN) for _ in range(dice.between(1, 2)))
        if dice.random() < 0.35:
            applicant["target_level"] = dice.between(1, 4)
        return applicant

    # ---- employment ----

    def _near(self, targets: Sequence[int]) -> int:
        """A month count on a threshold, or one month beside it."""
        return max(0, self.dice.pick(targets) + self.dice.pick(_BESIDE))

    def _start_for(self, last_day: date, months: int, jitter: float) -> date:
        """The start of a period ending on `last_day` with exactly `months` completed months;
        with probability `jitter` a day later or earlier (one month fewer, or still `months`)."""
        start = add_months(_days(last_day, 1), -months)
        if self.dice.random() < jitter:
            start = _days(start, self.dice.pick((1, -1)))
        return start

    def _job(self, start: date, end: date | None, sales: bool, it: bool) -> dict:
        dice = self.dice
        job: dict = {}
        if dice.random() < 0.85:
            job["employer"] = dice.pick(_EMPLOYERS)
        job["start"] = start
        if end is not None:
            job["end"] = end
        if sales or dice.random() < 0.2:
            job["sales"] = sales  # false is mostly left to the default, sometimes written out
        if it or dice.random() < 0.2:
            job["it"] = it
        return job

    def _split(self, start: date, end: date, sales: bool, it: bool, ongoing: bool, most: int) -> list[dict]:
        """One period as 1..`most` jobs that are adjacent or overlap, so that they merge back into it."""
        dice = self.dice
        pieces = min(most, dice.pick((1, 1, 2, 3)))
        total = (end - start).days
        if pieces <= 1 or total < 30:
            return [self._job(start, None if ongoing else end, sales, it)]
        cuts = sorted(dice.rng.sample(range(1, total), pieces - 1))
        jobs, s = [], start
        for cut in cuts:
            e = _days(start, cut)
            jobs.append(self._job(s, e, sales, it))
            # Mostly the next job starts the day after; sometimes before this one ends.
            s = _days(e, 1 if dice.random() < 0.75 else -15)
        jobs.append(self._job(s, None if ongoing else end, sales, it))
        return jobs

    def _employment(self) -> tuple[list[dict], date | None]:
        """0-5 jobs, and the last day of a planned career (None when the jobs are random)."""
        dice = self.dice
        if dice.random() < 0.55:
            return self._planned_career()
        jobs = []
        for _ in range(dice.weighted(range(6), _JOBS_W)):
            start = date(dice.between(1995, 2026), dice.between(1, 12), dice.between(1, 28))
            end = None if dice.random() < 0.15 else _days(start, dice.between(0, 2500))
            sales = dice.random() < 0.65
            jobs.append(self._job(start, end, sales, sales and dice.random() < 0.7))
        return jobs, None

    def _planned_career(self) -> tuple[list[dict], date]:
        """Up to 5 jobs: maybe non-sales work, then a sales career whose merged months are on a threshold."""
        dice = self.dice
        as_of = self.as_of
        ongoing = dice.random() < 0.6
        # The last day worked: the as-of date (still employed, or left that day), or earlier.
        end = as_of if ongoing or dice.random() < 0.4 else _days(as_of, -dice.between(1, 900))
        months = self._near(_SALES_TARGETS)
        sales_start = self._start_for(end, months, 0.2)
        extras: list[dict] = []
        if dice.random() < 0.12:  # a job starting after the as-of date: ignored
            extras.append(self._job(_days(as_of, dice.between(1, 200)), None, True, True))
        if dice.random() < 0.1 and end < as_of:  # a job ending after the as-of date: cut to it
            extras.append(self._job(_days(end, 2), _days(as_of, dice.between(1, 400)), False, False))
        jobs: list[dict] = []
        if dice.random() < 0.5:  # non-sales work first: up to the sales career, or with a gap
            before = _days(sales_start, -1 if dice.random() < 0.8 else -dice.between(2, 400))
            jobs += self._split(add_months(before, -dice.between(1, 60)), before, False,
                                dice.random() < 0.5, False, 2)
        room = 5 - len(extras) - len(jobs)
        it_months = self._near((12,)) if dice.random() < 0.35 else None
        if it_months is not None and it_months < months and room >= 2:
            # An IT-sales job of about a year, then the rest of the sales career outside IT.
            it_end_after = add_months(sales_start, it_months)
            jobs.append(self._job(sales_start, _days(it_end_after, -1), True, True))
            jobs += self._split(it_end_after, end, True, False, ongoing, room - 1)
        else:
            jobs += self._split(sales_start, end, True, dice.random() < 0.75, ongoing, room)
        jobs += extras
        if dice.random() < 0.3:
            dice.rng.shuffle(jobs)  # the order a dossier lists its jobs in means nothing
        return jobs, end

    # ---- education ----

    def _education(self, last_day: date | None) -> list[dict]:
        dice = self.dice
        degrees = []
        for _ in range(dice.weighted(range(4), _DEGREES_W)):
            kind = dice.weighted(_DEGREES, _DEGREE_W)
            r = dice.random()
            if last_day is not None and r < 0.6:
                # Graduated so that the work after it is on (or a month or a day beside) a threshold.
                graduated = self._start_for(last_day, self._near(_AFTER_TARGETS), 0.2)
            elif r < 0.68:
                graduated = _days(self.as_of, dice.pick((0, 1, 30)))  # on the as-of date, or after it
            else:
                graduated = date(dice.between(1995, 2026), dice.pick((1, 6, 7, 12)), dice.pick((1, 15, 30)))
            degree: dict = {"degree": dice.pick(_DEGREE_ZH[kind]) if dice.random() < 0.1 else kind,
                            "graduated": graduated}
            m = dice.random()
            if m < 0.12:
                degree["mode"] = "part_time" if m < 0.09 else "非全日制"
            elif m < 0.2:
                degree["mode"] = "full_time"
            degrees.append(degree)
        return degrees

    # ---- projects ----

    def _amount(self) -> object:
        """An amount in one of the forms people write: 6200000, 620万, ¥6,200,000, 6200000元, 1.2亿."""
        dice = self.dice
        r = dice.random()
        if r < 0.45:
            yuan = dice.pick(_AMOUNT_TARGETS) + dice.pick((0, 0, -1, 1, -10_000))
        elif r < 0.5:
            yuan = dice.pick((120_000_000, 30_000_000, 0))
        else:
            yuan = dice.between(50, 3000) * 10_000 + (dice.between(1, 9999) if dice.random() < 0.25 else 0)
        form = dice.random()
        if form < 0.3:
            return yuan
        if form < 0.55:
            wan = format(Decimal(yuan).scaleb(-4).normalize(), "f")  # 620, 99.9999, 1000
            return wan + dice.pick(("万", "万", "万元"))
        if form < 0.75:
            return dice.pick(("¥", "￥", "")) + f"{yuan:,}"
        if form < 0.85:
            return f"{yuan}元"
        if yuan % 1_000_000 == 0:
            return format(Decimal(yuan).scaleb(-8).normalize(), "f") + "亿"  # 1.2亿, 0.05亿
        return str(yuan)

    def _stages(self) -> list[str] | None:
        dice = self.dice
        r = dice.random()
        if r < 0.25:
            return None  # not given
        if r < 0.6:
            stages = list(_STAGES)
        elif r < 0.9:
            stages = dice.rng.sample(_STAGES, dice.between(1, 6))
        else:
            return []
        if dice.random() < 0.3:
            dice.rng.shuffle(stages)
        if dice.random() < 0.15:
            stages = [_STAGE_ZH[s] for s in stages]
        if dice.random() < 0.05:
            stages.append(stages[0])  # a stage written twice
        return stages

    def _projects(self) -> list[dict]:
        dice = self.dice
        projects = []
        for k in range(dice.weighted(range(5), _PROJECTS_W)):
            role = "lead" if dice.random() < 0.6 else "member"
            status = dice.weighted(_STATUSES, _STATUS_W)
            name = dice.pick(_OWNERS) + dice.pick(_PROJECTS) + (f"（{k + 1}期）" if k else "")
            project: dict = {"name": name}
            if dice.random() < 0.9:
                project["amount"] = self._amount()
            project["role"] = _ROLE_ZH[role] if dice.random() < 0.1 else role
            project["status"] = _STATUS_ZH[status] if dice.random() < 0.1 else status
            stages = self._stages()
            if stages is not None:
                project["stages"] = stages
            d = dice.random()
            if d < 0.3:
                designation = "industry_large" if d < 0.15 else "industry_key"
                project["designation"] = _DESIGNATION_ZH[designation] if dice.random() < 0.15 else designation
                ref = dice.random()
                if ref < 0.6:
                    project["designation_ref"] = f"评审委员会纪要 {dice.between(2015, 2026)}-{dice.between(1, 12):02d}"
                elif ref < 0.7:
                    project["designation_ref"] = dice.pick(("", "  "))  # blank: no reference
            elif d < 0.33:
                project["designation_ref"] = "评审委员会纪要"  # a reference without a designation
            projects.append(project)
        return projects


def synthetic_dossiers(n: int, seed: int = 0) -> Iterator[dict]:
    """`n` dossier-v1 dossiers as plain data, ids S000001..., the same for the same seed."""
    dice = _Dice(seed)  # one stream: the first k dossiers are the same whatever n is
    for number in range(1, n + 1):
        yield _Builder(dice, number).build()


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def write_dossier_files(folder: str | Path, n: int, seed: int = 0, fmt: str = "yaml") -> list[Path]:
    """Write `n` synthetic dossiers into `folder`, one `<id>.yaml` (or `.json`) file each."""
    if fmt not in ("yaml", "json"):
        raise ValueError(f"fmt must be 'yaml' or 'json', got {fmt!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for data in synthetic_dossiers(n, seed):
        path = folder / f"{data['applicant']['id']}.{fmt}"
        if fmt == "yaml":
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
