"""The pipeline of `certify check`: load -> facts -> engine -> verdict, one file at a time.

A file that cannot be evaluated becomes a Failure and the batch goes on: one
broken dossier never stops the others, and nothing is skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .completing import completing_meets
from .degreedates import degrees_behind
from .dossier import Dossier
from .editions import RulesetSource, requirements_under
from .endings import stopped_by_ends
from .engine import Engine
from .errors import CertifyError, DossierError, Message, levels_of, no_such_level, say
from .explain import level_label, months_text
from .facts import CLOCK, add_months, completed_months, facts_of, resolve_as_of
from .forecast import forecast as forecast_of
from .folders import find_dossiers
from .load import line_in_file, read_dossier
from .sheets import header_key
from .values import level_refused, level_tip
from .verdict import FAIL, Verdict, verdict_of


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be evaluated, and why."""

    file: str
    error: CertifyError

    @property
    def where(self) -> str:
        """The file as people read it: FILE:LINE where the line is known (as validate names it), for the lists
        and documents people read; the formats for programs keep the file alone."""
        line = getattr(self.error, "line", None)
        return f"{self.file}:{line}" if line else self.file

    @property
    def applicant_id(self) -> str | None:
        """The applicant's id where the error knows it (a spreadsheet row, an id given again), else None."""
        return getattr(self.error, "applicant_id", None)

    @property
    def applicant_name(self) -> str | None:
        """The applicant's name where the error knows it (a spreadsheet's name cell that could be read, a
        dossier judged before its id was found given again), else None: a pointer, not a verdict."""
        return getattr(self.error, "applicant_name", None)

    @property
    def given_level(self) -> int | None:
        """The target level the input gives, where it is well formed (DossierError.given: a spreadsheet's 申报级别
        cell, a dossier's applicant.target_level), else None: the summary shows it beside the error."""
        return (getattr(self.error, "given", None) or {}).get("target_level")

    def target(self, levels: int, level: int | None = None) -> int | None:
        """The target level shown beside the error, as a judged result shows its own: `level` (--level) where given,
        else the one the input gives where it is well formed and a level of the standard (of `levels` levels); None
        where neither is known. A pointer for a committee sorting by target level, never a verdict."""
        given = self.given_level
        return level or (given if given is not None and given <= levels else None)

    @property
    def applicant(self) -> str:
        """The id and name as far as they are known (the applicant column of an error row), or ''."""
        return " ".join(part for part in (self.applicant_id, self.applicant_name) if part)

    def named(self, lang: str = "en") -> str:
        """`where`, and the applicant's name after it where it is known: cycle.xlsx#E1024 (张伟), in the lists
        of errors people read, so that one among thousands is found by whose it is."""
        name = self.applicant_name
        if not name:
            return self.where
        return f"{self.where}（{name}）" if lang == "zh" else f"{self.where} ({name})"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A verdict already written out in a streaming format (by a worker process of a pool).

    It keeps what the rest of the batch needs of the verdict: the applicant and
    as-of date (repeated ids, which name the applicant), and the target level and its status (the exit status).
    """

    file: str | None
    applicant_id: str
    applicant_name: str | None
    as_of: date
    target_level: int | None
    target_status: str | None
    text: str | bytes  # bytes: UTF-8, as JSON lines are rendered (report.StreamReporter)
    # With --record: the verdict's ruleset (id, version, sha256) and its decision record made by the worker
    # (records.Made), which the parent's Recorder writes.
    ruleset: dict | None = None
    made_record: object = None

    @classmethod
    def of(cls, verdict: Verdict, text: str | bytes) -> "Rendered":
        return cls(verdict.file, verdict.applicant_id, verdict.applicant_name, verdict.as_of, verdict.target_level,
                   verdict.target_status, text, verdict.ruleset if verdict.made_record else None, verdict.made_record)


Result = Verdict | Failure | Rendered


def evaluate(engine: Engine, dossier: Dossier, *, file: str | None = None, as_of: date | None = None,
             level: int | None = None, today: date | None = None, forecast: bool = False,
             stops: bool = False, sha256: str | None = None, of_data: bool = False) -> Verdict:
    """The verdict on one validated dossier (as_of and level override the dossier's own).

    `sha256`: of what the dossier was read from (its file's bytes; with `of_data`, a spreadsheet applicant's
    data), carried on the verdict for the review sheets (Verdict.dossier_sha256).

    With `forecast`, the verdict also says when time alone makes each rule and level hold; with `stops`
    too, which rules time would close but for a job's recorded end date, which degree brings a date
    that one degree's work after it brings, and which rules a project in progress would meet once
    completed (what the explanation says).
    """
    today = today or CLOCK.today()
    when = resolve_as_of(as_of, dossier, today)
    later, dated = (), False
    if isinstance(engine, RulesetSource):  # --ruleset FILE or FOLDER: the edition in force on `when`
        later = engine.later_than(when) if forecast else ()  # a forecast's dates may fall under them
        dated, engine = engine.dated, engine.engine_for(when)
    target = target_level(engine.ruleset, dossier, when, level=level, file=file, edition=dated)
    facts = facts_of(dossier, when)
    outcomes = engine.evaluate(facts)
    # The forecast starts from today's statuses, in ruleset order as the outcomes are.
    statuses = tuple(o.status for o in outcomes)
    dates = forecast_of(engine, dossier, when, statuses, facts=facts, later=later, now=today) if forecast else None
    if dates and dates.rule_editions:  # a date under a later edition: what that edition requires, where it differs
        dates = replace(dates, rule_requirements=requirements_under(engine, later, dates.rule_editions))
    if dates and stops:
        failing = [o.rule.id for o in outcomes if o.status == FAIL and dates.rules[o.rule.id] is None]
        stopped = stopped_by_ends(engine, dossier, when, failing, statuses, facts, later)
        dates = replace(dates, stopped=stopped) if stopped else dates
        degrees = degrees_behind(engine, dossier, when, dates, later)
        dates = replace(dates, degrees=degrees) if degrees else dates
        completing = completing_meets(engine, dossier, when, failing)
        dates = replace(dates, completing=completing) if completing else dates
    ahead = counted_after(dossier, today, when)
    far = today if as_of is None and far_ahead(when, today) else None  # the dossier's own date, not a what-if
    return verdict_of(file=file, applicant_id=dossier.applicant.id, applicant_name=dossier.applicant.name,
                      as_of=when, ruleset=engine.loaded, outcomes=outcomes, target_level=target, facts=facts,
                      forecast=dates, ahead_of=today if ahead else None, ahead=ahead, dossier_sha256=sha256,
                      dossier_data=of_data, as_of_today=as_of is None and dossier.as_of is None, as_of_far=far)


# An as-of date a dossier gives (a cycle's cut-off) more than this many months after today: 2062 typed for 2026, say.
FAR_AHEAD = 12


def far_ahead(as_of: date, today: date) -> Message | None:
    """How far after `today` an as-of date more than FAR_AHEAD months after it is, asking whether it is mistyped:
    '35 years 7 months after today, 2026-11-29: mistyped?' / '比今天2026-11-29晚35年7个月：是否写错？'; None for
    a nearer one. Said, never refused: a what-if date is the dossier's to give (`certify validate`, check's head)."""
    if as_of <= add_months(today, FAR_AHEAD):
        return None
    span = completed_months(today, as_of)
    return Message(f"{months_text(span, 'en')} after today, {today.isoformat()}: mistyped?",
                   f"比今天{today.isoformat()}晚{months_text(span, 'zh')}：是否写错？")


def counted_after(dossier: Dossier, day: date, as_of: date) -> tuple:
    """What a verdict as of `as_of` counts of the days after `day` (today), taking the dossier's record of
    them as it stands; () when it counts nothing after it (an as-of date on or before it, every job ended
    by it and no later degree). In this order: ("running",) for jobs under way on `day` counted up to
    `as_of` (no end date, or one on or after it); then, by date, ("ends", end) for a job under way on `day`
    that ends before `as_of`, ("starts", start, end or None) for a job starting after `day` (its end when
    before `as_of`), ("degree", graduated) for a degree awarded after `day`."""
    if as_of <= day:
        return ()
    running, dated = False, []
    for job in dossier.employment or ():
        if job.start > as_of or (job.end is not None and job.end <= day):
            continue
        end = job.end if job.end is not None and job.end < as_of else None
        if job.start > day:
            dated.append(("starts", job.start, end))
        elif end is None:
            running = True
        else:
            dated.append(("ends", end))
    dated += [("degree", d.graduated) for d in dossier.education or () if day < d.graduated <= as_of]
    in_order = sorted(set(dated), key=lambda item: (item[1], item[0], *(d or date.max for d in item[2:])))
    return (("running",),) * running + tuple(in_order)


def target_level(ruleset, dossier: Dossier, when: date, *, level: int | None = None, file: str | None = None,
                 edition: bool = False):
    """The level a dossier is judged against (--level, else its target_level, else None), checked
    against `ruleset` (the edition in force on `when`, one of several with `edition`, named so):
    a DossierError if it has no such level."""
    top = ruleset.top
    if level is not None:
        if not 1 <= level <= top:  # --level, against the edition in force on this dossier's date
            raise DossierError(say("--level {n} is not a level of {id} {v} ({top}), the edition in force on {when}",
                                   "--level {n} 不是 {id} {v}（{when} 时施行的版本）的级别（{top}）",
                                   n=level, id=ruleset.id, v=ruleset.version, top=levels_of(top), when=when.isoformat()),
                               file=file)
        return level
    return dossier_level(ruleset, dossier.applicant.target_level, when, file=file, edition=edition)


def dossier_level(ruleset, target: int | None, when: date, *, file: str | None = None, edition: bool = False):
    """A dossier's own target level, checked against `ruleset` (the edition in force on `when`, one of several
    with `edition`): a DossierError at applicant.target_level if it has no such level."""
    top = ruleset.top
    if target is not None and not 1 <= target <= top:
        if edition:  # the level may be one of another edition's: say which edition has not got it
            raise DossierError(say("target level {n} is not a level of {id} {v} ({top}), the edition in force on "
                                   "{when}", "申报级别 {n} 不是 {id} {v}（{when} 时施行的版本）的级别（{top}）",
                                   n=target, id=ruleset.id, v=ruleset.version, top=levels_of(top), when=when.isoformat()),
                               file=file, path="applicant.target_level")
        raise DossierError(say("target level {n} is not a level of {id} ({top})", "申报级别 {n} 不是 {id} 的级别（{top}）",
                               n=target, id=ruleset.id, top=levels_of(top)), file=file, path="applicant.target_level")
    return target


def level_names(engine) -> dict[str, set[int]]:
    """Each level's name as written (Chinese and English) in the rulesets of `engine` (an Engine, a
    RulesetSource: its editions; None: none) -> the levels it names: one, unless editions give it to two."""
    rulesets = ([] if engine is None else [e.ruleset for e in engine.editions] if hasattr(engine, "editions")
                else [engine.ruleset])
    names: dict[str, set[int]] = {}
    for ruleset in rulesets:
        for level in ruleset.levels:
            for name in (level.name.zh, level.name.en):
                names.setdefault(name, set()).add(level.level)
    return names


def _rulesets(engine) -> list:
    return [e.ruleset for e in engine.editions] if hasattr(engine, "editions") else [engine.ruleset]


def level_list(engine) -> Message:
    """The levels of the standard of `engine` (an Engine, a RulesetSource) by number and name: "1 Sales Associate,
    2 Key Account Lead" (in Chinese, the Chinese names: "1级 销售代表、2级 客户经理"). A level its editions name differently has each name
    ("2 Key Account Lead/Key Account Manager")."""
    numbers: dict[int, dict[str, list[str]]] = {}
    for ruleset in _rulesets(engine):
        for level in ruleset.levels:
            names = numbers.setdefault(level.level, {"en": [], "zh": []})
            for lang in names:
                if level.name(lang) not in names[lang]:
                    names[lang].append(level.name(lang))
    each = {lang: [level_label(n, "/".join(names[lang]), lang) for n, names in sorted(numbers.items())]
            for lang in ("en", "zh")}
    return Message(", ".join(each["en"]), "、".join(each["zh"]))


def levels_listed(engine) -> Message:
    """The levels of the standard of `engine`, for a level's name that names none: "the levels of hengtai-kas:
    1 Sales Associate, ...". Where the names are of another standard than the one the sheet was written for, its
    id says so (a forgotten --ruleset)."""
    return say("the levels of {id}: {levels}", "{id} 的级别：{levels}", id=_rulesets(engine)[-1].id,
               levels=level_list(engine))


def levels_named(named: str, names: dict[str, set[int]]) -> set[int]:
    """The levels `named` names among `names` (level_names), compared as a sheet's headers are (case, spaces)."""
    return set().union(*(v for n, v in names.items() if header_key(n) == header_key(named)))


def _a_name(written: str) -> bool:
    """Whether a target level written as text is a level's name, as a sheet's cell reads it (not 3级, 三级, '3')."""
    from .cells import CellProblem, written_level  # as values.py imports it: cells reads amounts with values
    try:
        return isinstance(written_level(written), str)
    except CellProblem:
        return False


def level_named(err: CertifyError, engine) -> CertifyError:
    """A dossier file's target level written as a level's name (高级客户经理), refused as dossier-v1 writes a
    number, with the number of the level it names in the ruleset of `engine` (as a sheet's cell reads it,
    sheetcheck) as a tip: said, never read. Any other error as it is."""
    written = getattr(err, "written_level", None)
    if not isinstance(err, DossierError) or not isinstance(written, str) or not written.strip():
        return err
    levels = levels_named(written, level_names(engine))
    if len(levels) > 1 or not (levels or _a_name(written)):  # 3级, '3': the tip dossier.py gave says the number
        return err
    # A name of no level: the standard's levels, by number and name (its id: a name of another standard's)
    tip = level_tip(levels.pop()) if levels else say(" ({levels})", "（{levels}）", levels=levels_listed(engine))
    message = level_refused(written, tip)
    err.problems = [(p, message if p == "applicant.target_level" else m, h) for p, m, h in err.problems]
    err.path, err.message, err.hint = err.problems[0]
    err.more, err.args = tuple(err.problems[1:]), (err.message,)
    return err


def level_problem(given: dict | None, source: RulesetSource, today: date) -> CertifyError | None:
    """Why the target level a dossier with other problems gives (`given`: DossierError.given) is not a level of
    the standard, or None: checked when the level itself is well formed, against the edition in force on the
    dossier's as-of date (today without one; with editions, not when that date is itself wrong)."""
    if not given or (given["as_of"] is False and source.dated):
        return None
    when = given["as_of"] or today
    try:
        dossier_level(source.edition_for(when).ruleset, given["target_level"], when, edition=source.dated)
    except CertifyError as found:  # the level (or no edition in force then: said once the rest is right)
        if found.path == "applicant.target_level":
            return found
    return None


def with_target_level(err: DossierError, source: RulesetSource, path: Path | str, today: date) -> DossierError:
    """A dossier file's problems with, among them, a target level the standard lacks (validate lists every
    problem at once; level_problem says when it is checked)."""
    found = level_problem(getattr(err, "given", None), source, today) if getattr(err, "problems", None) else None
    if found is None:
        return err
    problem = (found.path, found.message, None)
    after = max((k + 1 for k, (field, _, _) in enumerate(err.problems) if str(field).startswith("applicant")),
                default=0)  # in the model's order (a JSON file's), after the applicant's own problems
    err.problems.insert(after, problem)
    err.locs.insert(after, ("applicant", "target_level"))
    err.lines.insert(after, line_in_file(path, ("applicant", "target_level")))
    order = sorted(range(len(err.lines)), key=lambda i: err.lines[i] or 0)  # a YAML file's: by line
    err.problems, err.locs, err.lines = ([xs[i] for i in order] for xs in (err.problems, err.locs, err.lines))
    err.line, (err.path, err.message, err.hint) = err.lines[0], err.problems[0]
    err.more = tuple(err.problems[1:])
    err.args = (err.message,)
    return err


def check_file(engine: Engine, path: Path | str, **options) -> Result:
    """Load and evaluate one dossier file (its bytes hashed as read); a problem with it becomes a Failure."""
    file = str(path)
    try:
        dossier, sha256 = read_dossier(path)
        return evaluate(engine, dossier, file=file, sha256=sha256, **options)
    except CertifyError as e:
        e.file = e.file or file
        return Failure(file, placed(level_named(e, engine), path))


def placed(err: CertifyError, path: Path | str) -> CertifyError:
    """A dossier file's target level the standard lacks, found once the file was read: on its line."""
    if isinstance(err, DossierError) and err.path == "applicant.target_level" and err.line is None:
        err.line = line_in_file(path, ("applicant", "target_level"))
    return err


def check_files(engine: Engine, files: Iterable[str | Path | DossierError], *, level: int | None = None,
                **options) -> Iterator[Result]:
    """Evaluate each dossier file, in the order given (`engine` may be a RulesetSource).

    A DossierError among the files (a folder find_dossiers could not list) becomes a Failure.
    """
    top, name = (engine.top, engine.id) if isinstance(engine, RulesetSource) else (engine.ruleset.top,
                                                                                   engine.ruleset.id)
    if level is not None and not 1 <= level <= top:
        raise no_such_level(level, name, top)
    for path in files:
        if isinstance(path, DossierError):
            yield Failure(path.file, path)
        else:
            yield check_file(engine, path, level=level, **options)


def check_paths(engine: Engine, paths: Iterable[str | Path], **options) -> Iterator[Result]:
    """Evaluate every dossier under `paths` (files, and folders searched recursively), in input order."""
    return check_files(engine, find_dossiers(paths), **options)
