"""What a pool does when one of its worker processes dies while judging, so that the batch loses nothing.

A worker may die outright: the system's out-of-memory killer, `kill -9`, a crash in the rules
engine's C code. The chunk it held is judged again, by the worker started in its place. A chunk
that workers die on twice is judged one unit at a time, each sent on its own, and a unit that
workers die on alone, twice, is the one that kills them (once might be a kill from elsewhere):
it becomes an error row, as an unreadable dossier does, and every other unit is judged as usual.
A machine that kills every worker (short of memory) would only go on starting them:
DEATHS_IN_A_ROW deaths with nothing judged between them stop the batch with an EngineError
that says so.
"""

from __future__ import annotations

import signal
from collections import deque
from typing import NamedTuple

from .check import Failure
from .errors import EngineError, Message, say
from .sheetunit import SheetRows

DEATHS_IN_A_ROW = 5  # worker deaths with nothing judged between them that stop a batch (a dossier that kills
# the engine takes four at most: its chunk's two, then its own two)


class Task(NamedTuple):
    """What a worker is sent: chunk `number` whole (`part` None), or its unit `part` alone; `tries`: how many
    workers have died judging it."""

    number: int
    units: list
    part: int | None = None
    tries: int = 0


def ended(exitcode: int | None) -> Message:
    """How a worker process ended, from its exit code: by a signal (SIGKILL, SIGSEGV) or with an exit code."""
    if exitcode is None:
        return say("how is not known", "原因不明")
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        return say("signal {s}", "信号 {s}", s=name)
    return say("exit code {n}", "退出码 {n}", n=exitcode)


def died_on(unit: object, how: Message) -> Failure:
    """The error row of a unit that a worker died on, judged alone: a spreadsheet applicant's says whose it is."""
    ident = getattr(unit, "id", None)
    what = say("this applicant", "该申报人") if ident is not None else say("this dossier", "该申报材料")
    file = str(getattr(unit, "path", None) or getattr(unit, "file", None) or "")
    error = EngineError(say("the engine's process ended while judging {what} ({how}), twice when it was judged "
                            "alone: judge it again alone, with --jobs 1, and report it if it happens again",
                            "评定{what}时评定引擎的进程意外结束（{how}），单独评定两次均是如此：请单独重新评定"
                            "（--jobs 1），如仍出现请报告此问题", what=what, how=how), file=file)
    if ident is not None:  # the summary's id column, and a repeat of the id later is caught, as for a bad row
        error.applicant_id = ident
        error.applicant_name = (unit.read() if isinstance(unit, SheetRows) else unit).name
    return Failure(file, error)


def too_many(deaths: int, how: Message, jobs: int) -> EngineError:
    return EngineError(say(
        "the worker processes judging the batch ended {n} times in a row with nothing judged between (the last: "
        "{how}); the system ends processes when it runs short of memory: run it again with fewer processes than "
        "--jobs {jobs} (--jobs 1 judges in certify's own process)",
        "评定本批的工作进程连续 {n} 次意外结束，其间未评定任何内容（最后一次：{how}）；系统内存不足时会结束进程："
        "请以少于 --jobs {jobs} 的进程数重新运行（--jobs 1 在 certify 自身进程中评定）", n=deaths, how=how, jobs=jobs))


def not_started(err: OSError, jobs: int) -> EngineError:
    return EngineError(say("a worker process ended, and the system would not start another in its place ({e}): run it "
                           "again with fewer processes than --jobs {jobs} (--jobs 1 judges in certify's own process)",
                           "一个工作进程意外结束，系统无法启动新进程替代它（{e}）：请以少于 --jobs {jobs} 的进程数重新运行"
                           "（--jobs 1 在 certify 自身进程中评定）", e=err.strerror or err, jobs=jobs))


class Rejudging:
    """The tasks to send again, before any new chunk, and the results of chunks judged one unit at a time."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.queue: deque[Task] = deque()
        self.parts: dict[int, list] = {}  # chunk number -> [its results so far (None: not yet), how many to come]
        self.deaths = 0  # since a chunk (or a unit alone) was last judged

    def judged(self, task: Task, items: list) -> list | None:
        """`items` came back for `task`: its chunk's results once they are all in, else None."""
        self.deaths = 0
        if task.part is None:
            return items
        return self._fill(task, items[0])

    def died(self, task: Task, how: Message, *, judging: bool = True) -> list | None:
        """The worker holding `task` died (`how`); with `judging` False, before it could begin on `task` (found
        dead as it was sent, or before its engine was built: not the task's doing). The chunk's results, where
        that completes them, else None."""
        self.deaths += 1
        if self.deaths >= DEATHS_IN_A_ROW:
            raise too_many(self.deaths, how, self.jobs)
        if not judging:
            self.queue.appendleft(task)
        elif not task.tries:  # once: judged again as it was (a worker killed for some other reason)
            self.queue.append(task._replace(tries=1))
        elif len(task.units) > 1:  # a chunk twice: its units one at a time
            self.parts[task.number] = [[None] * len(task.units), len(task.units)]
            self.queue.extend(Task(task.number, [unit], k) for k, unit in enumerate(task.units))
        else:  # a unit alone, twice
            failure = died_on(task.units[0], how)
            return [failure] if task.part is None else self._fill(task, failure)
        return None

    def _fill(self, task: Task, item: object) -> list | None:
        held = self.parts[task.number]
        held[0][task.part] = item
        held[1] -= 1
        if held[1]:
            return None
        del self.parts[task.number]
        return held[0]
