"""Facts of a dossier, as of a date: the dated arithmetic of dossier-v1 section 3.

Plain functions and plain data: no I/O, no rules engine, no pydantic calls,
because facts_of runs once per dossier in batches of 100,000 and more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta

from certify.dossier import DEGREE_ORDER, Designation, Role, Stage, Status, StudyMode

ONE_DAY = timedelta(days=1)
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(year: int, month: int) -> int:
    """The number of days in a month (calendar.monthrange also computes a weekday we don't need)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def add_months(d: date, months: int) -> date:
    """`d` plus `months` calendar months, the day clamped to the target month's last day.

    Past the calendar's ends (a dossier's 9999-12-31, "no end date" in some HR systems)
    it stops at date.max or date.min: nothing a standard counts is that far away.
    """
    year, month0 = divmod(d.month - 1 + months, 12)
    year += d.year
    if not MINYEAR <= year <= MAXYEAR:
        return date.max if year > MAXYEAR else date.min
    day = d.day
    if day > 28:
        day = min(day, _last_day(year, month0 + 1))
    return date(year, month0 + 1, day)


def completed_months(start: date, end: date) -> int:
    """Completed calendar months of the inclusive period start..end: max m with start + m months <= end + 1 day."""
    after = end + ONE_DAY if end < date.max else end  # the calendar's last day: as good as the day after
    months = (after.year - start.year) * 12 + after.month - start.month
    # `start + months` falls in after's month, on min(start.day, last day). It overshoots
    # `after` only when start.day > after.day and after is not its month's last day
    # (a clamped day never exceeds the last day); then one month fewer has completed.
    if start.day > after.day and after.day != _last_day(after.year, after.month):
        months -= 1
    # An empty period (start == end + 1 day) gives 0; one that starts later still gives 0, not a debt.
    return months if months > 0 else 0


def _merge(periods: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Merge inclusive periods, overlapping or adjacent ones into one (sorts `periods` in place)."""
    periods.sort()
    merged: list[tuple[date, date]] = []
    for start, end in periods:
        if merged:
            last_start, last_end = merged[-1]
            if start <= last_end + ONE_DAY:
                if end > last_end:
                    merged[-1] = (last_start, end)
                continue
        merged.append((start, end))
    return merged


def merge_periods(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Sorted inclusive periods with overlapping or adjacent ones merged into one."""
    return _merge(list(periods))


def _months_of(merged: list[tuple[date, date]]) -> int:
    return sum(completed_months(start, end) for start, end in merged)


def total_months(periods: Iterable[tuple[date, date]]) -> int:
    """Completed months over the merged periods, added up."""
    return _months_of(_merge(list(periods)))


def _months_since(merged: list[tuple[date, date]], since: date) -> int:
    """Months of already merged periods, each cut to start no earlier than `since`."""
    total = 0
    for start, end in merged:
        if end >= since:
            total += completed_months(start if start > since else since, end)
    return total


def _reaches(merged: list[tuple[date, date]], months: int) -> date | None:
    """The first date on which merged periods (cut at that date) add up to `months`."""
    done = 0
    for start, end in merged:
        here = completed_months(start, end)
        if done + here >= months:
            # Within this period, m months are complete on the day before start + m months.
            return add_months(start, months - done) - ONE_DAY
        done += here
    return None


def crossings(dossier, thresholds: dict[str, list[int]], until: date) -> dict[str, object]:
    """When each months fact first reaches each of its thresholds, up to `until`.

    `thresholds` maps a months fact ("applicant.sales_months", "education.work_months_after")
    to the sorted numbers of months it is compared with. The answer maps each applicant
    fact to one date (or None: not reached by `until`) per threshold, and "education" to
    one such list per degree, in the dossier's order (a degree's dates are never before
    its graduation, from which it counts). Facts the dossier does not give are left out.
    Between these dates and the graduations no comparison changes outcome: forecast.py
    evaluates only on them.
    """
    out: dict[str, object] = {}
    if dossier.employment is None:
        return out
    kinds: dict[str, list[tuple[date, date]]] = {"work_months": [], "sales_months": [], "it_sales_months": []}
    for job in dossier.employment:
        if job.start > until:
            continue
        period = (job.start, job.end if job.end is not None and job.end < until else until)
        kinds["work_months"].append(period)
        if job.sales:
            kinds["sales_months"].append(period)
            if job.it:
                kinds["it_sales_months"].append(period)
    merged_work = None
    for name, periods in kinds.items():
        merged = _merge(periods)
        if name == "work_months":
            merged_work = merged
        if f"applicant.{name}" in thresholds:
            out[name] = [_reaches(merged, t) for t in thresholds[f"applicant.{name}"]]
    degrees = []
    for degree in dossier.education or ():
        graduated = degree.graduated
        periods = merged_work if str(degree.mode) == "part_time" else [
            (max(start, graduated), end) for start, end in merged_work if end >= graduated]
        degrees.append([None if (d := _reaches(periods, t)) is None else max(d, graduated)
                        for t in thresholds.get("education.work_months_after", ())])
    out["education"] = degrees
    return out


class Clock:
    """Today's date on this machine: the as-of date of a dossier without one, and the day a later as-of
    date is ahead of. Every command asks this one object (CLOCK), which a test can pin to a day."""

    def today(self) -> date:
        return date.today()


CLOCK = Clock()


def resolve_as_of(override: date | None, dossier, today: date) -> date:
    """The evaluation date: the command line's --as-of, else the dossier's as_of, else today."""
    if override is not None:
        return override
    if dossier.as_of is not None:
        return dossier.as_of
    return today


class Unknown:
    """A fact the dossier does not give: falsy, and one object however it is copied or pickled."""

    __slots__ = ()
    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        # A string tells pickle and copy to look the module global up, so the singleton survives.
        return "UNKNOWN"


UNKNOWN = Unknown()


@dataclass(frozen=True, slots=True)
class Item:
    """One degree or project: what a person calls it, and its facts."""

    label: str
    values: dict[str, object]


@dataclass(frozen=True, slots=True)
class Facts:
    """What a dossier shows as of a date: applicant-wide facts and per-item collections."""

    as_of: date
    applicant: dict[str, object]
    collections: dict[str, tuple[Item, ...] | Unknown]


def facts_of(dossier, as_of: date, projects: tuple[Item, ...] | Unknown | None = None) -> Facts:
    """The facts of `dossier` as of `as_of` (dossier-v1 section 3).

    Projects do not depend on the date: a caller reading the same dossier on many
    dates may pass the `projects` it already has.
    """
    employment = dossier.employment
    if employment is None:
        work = sales = it_sales = UNKNOWN
        merged_work = None
    else:
        every: list[tuple[date, date]] = []
        in_sales: list[tuple[date, date]] = []
        in_it_sales: list[tuple[date, date]] = []
        for job in employment:
            start = job.start
            if start > as_of:
                continue
            end = job.end
            if end is None or end > as_of:
                end = as_of
            period = (start, end)
            every.append(period)
            if job.sales:
                in_sales.append(period)
                if job.it:
                    in_it_sales.append(period)
        merged_work = _merge(every)
        work = _months_of(merged_work)
        # Most applicants' jobs are all sales (and IT): the same periods need no second merge.
        sales = work if len(in_sales) == len(every) else _months_of(_merge(in_sales))
        it_sales = sales if len(in_it_sales) == len(in_sales) else _months_of(_merge(in_it_sales))

    facts_applicant = {"work_months": work, "sales_months": sales, "it_sales_months": it_sales}
    return Facts(
        as_of=as_of,
        applicant=facts_applicant,
        collections={
            "education": _education(dossier.education, as_of, merged_work, work),
            "projects": _projects(dossier.projects) if projects is None else projects,
        },
    )


def degree_label(degree) -> str:
    """A degree as the facts name it ("bachelor 2014-07-01"); a part-time degree says so where it is named
    ("master 2020-07-01 part_time"): its "work after the degree" is all the work."""
    return f"{degree.degree} {degree.graduated.isoformat()}" + (" part_time" if str(degree.mode) == "part_time"
                                                                 else "")


def _education(education, as_of: date, merged_work, work) -> tuple[Item, ...] | Unknown:
    if education is None:
        return UNKNOWN
    items = []
    for degree in education:
        graduated = degree.graduated
        if graduated > as_of:
            continue
        mode = str(degree.mode)
        if merged_work is None:
            after = UNKNOWN
        elif mode == "part_time":
            # A part-time degree is studied while working: the standard counts all the work.
            after = work
        else:
            after = _months_since(merged_work, graduated)
        name = str(degree.degree)
        items.append(Item(
            label=degree_label(degree),
            values={"degree": name, "graduated": graduated, "mode": mode, "work_months_after": after},
        ))
    return tuple(items)


def projects_of(dossier) -> tuple[Item, ...] | Unknown:
    """The dossier's projects as facts_of gives them (they do not depend on the date)."""
    return _projects(dossier.projects)


def _projects(projects) -> tuple[Item, ...] | Unknown:
    if projects is None:
        return UNKNOWN
    items = []
    labels = project_labels([project.name for project in projects])
    for project, label in zip(projects, labels):
        amount = project.amount
        stages = project.stages
        designation = project.designation
        items.append(Item(label=label, values={
            "role": str(project.role),
            "status": str(project.status),
            "amount": UNKNOWN if amount is None else amount,
            # No designation is a known "none": only a project the committee named carries one.
            "designation": None if designation is None else str(designation),
            "designation_ref": project.designation_ref,
            "stages": UNKNOWN if stages is None else frozenset(str(s) for s in stages),
        }))
    return tuple(items)


def project_labels(names: list[str]) -> list[str]:
    """Each project as the facts name it: its name, or where two or more bear one name, the name and its place among
    them ("乙项目 #2"), so that what is read of each is said of that one (decision 8 of reading-the-standard.md); a
    name that is another's label is numbered too, so no two projects share one."""
    if len(set(names)) == len(names):  # most dossiers: every name its own
        return names
    counts = Counter(names)
    numbered = {name for name, n in counts.items() if n > 1}
    while True:  # a name borne once that is another's label (乙项目 #2 beside two 乙项目) is numbered too: 乙项目 #2 #1
        made = {f"{name} #{k}" for name in numbered for k in range(1, counts[name] + 1)}
        if not (clash := {name for name in counts if name not in numbered and name in made}):
            break
        numbered |= clash
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        labels.append(f"{name} #{seen[name]}" if name in numbered else name)
    return labels


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A fact a ruleset may test: where it lives, what kind of value it is, and its labels."""

    name: str
    subject: str
    kind: str
    en: str
    zh: str
    choices: tuple[str, ...] = ()


def _values(enum) -> tuple[str, ...]:
    return tuple(str(member) for member in enum)


_SPECS = (
    FactSpec("work_months", "applicant", "months", "work experience", "工作年限"),
    FactSpec("sales_months", "applicant", "months", "sales tenure", "销售工作经历"),
    FactSpec("it_sales_months", "applicant", "months", "IT sales tenure", "IT销售工作经历"),
    FactSpec("degree", "education", "degree", "degree", "学历", tuple(DEGREE_ORDER)),
    FactSpec("graduated", "education", "date", "graduation date", "毕业时间"),
    FactSpec("mode", "education", "choice", "study mode", "学习形式", _values(StudyMode)),
    FactSpec("work_months_after", "education", "months", "work after the degree",
             "毕业后工作年限"),
    FactSpec("role", "projects", "choice", "role", "角色", _values(Role)),
    FactSpec("status", "projects", "choice", "project status", "项目状态", _values(Status)),
    FactSpec("amount", "projects", "amount", "project amount", "项目金额"),
    FactSpec("designation", "projects", "choice", "project designation", "项目认定等级",
             _values(Designation)),
    FactSpec("designation_ref", "projects", "text", "designation reference", "认定依据"),
    FactSpec("stages", "projects", "set", "sales stages", "销售阶段", _values(Stage)),
)

FACTS: dict[str, FactSpec] = {f"{spec.subject}.{spec.name}": spec for spec in _SPECS}

# Facts that never exceed another, as section 3 of dossier-v1 counts them: IT sales is sales, sales is work,
# and work after a degree is work (each counted over some of the periods of the next). certify lint's
# ladders judge only cases that keep to them.
AT_MOST = (("applicant.it_sales_months", "applicant.sales_months"),
           ("applicant.sales_months", "applicant.work_months"),
           ("applicant.it_sales_months", "applicant.work_months"),
           ("education.work_months_after", "applicant.work_months"))
