"""Judging a batch in a pool of processes, the results in input order whatever the number of processes.

durable-rules holds the GIL while it matches, so threads would not help: each worker process builds its own
Engine once and judges chunks of units. The parent keeps only a few chunks per worker ahead of the output
(Pool.imap would read the whole input ahead of the workers, 100,000 applicants at once) and hands the chunks
on in the order of the input, whichever worker finishes first. What crosses the process boundary is small:
a unit is a file path or one applicant's rows as plain data; a verdict comes back with rule ids in place of
its pydantic Rule and Level objects, and the parent puts its own back (unpickling those objects cost 0.8 ms a
verdict, more than judging it). What the parent would otherwise spend most of its time on is done by the workers
too (`render`): a streaming format's text, or certify report's review sheets (their bytes come back with the
verdict, ~12 KB, and the parent only writes them), and with --record each verdict's decision record (its bytes,
name and sha256: recordmaker.py). A worker that dies is replaced, and what it held judged again (rejudge.py).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from .atomic import INTERRUPTS, interrupts_held
from .batch import Batch, Unit, run_unit
from .check import Rendered, Result
from .editions import RulesetSource
from .engine import Engine
from .errors import EngineError, UsageError, no_such_level, say
from .facts import CLOCK
from .packing import Unpacker, pack, portable, rebuild, rulesets_of
from .recordmaker import record_maker
from .rejudge import Rejudging, Task, ended, not_started
from .repeats import unique_ids
from .report import REPORTERS
from .verdict import Verdict

POOL_MIN = 64  # fewer units than this are judged in this process: starting a pool would cost more
MAX_CHUNK = 200
AHEAD = 3  # chunks judged or being judged per worker, ahead of what has been handed on
JOBS_PER_CPU = 4  # --jobs at most this many times the CPUs: enough for a count chosen on a bigger machine

Progress = Callable[[int], None]
SHEETS = "review sheets"  # check_batch's `render` for certify report: each verdict with its review sheet


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def check_jobs(jobs: int) -> None:
    """A UsageError unless 1 <= `jobs` <= JOBS_PER_CPU per CPU. Judging keeps a CPU busy (durable-rules holds
    the GIL), so processes beyond the CPUs only wait their turn, each holding its own engine: `--jobs 300`
    would start 300 of them."""
    if jobs < 1:
        raise UsageError(say("--jobs {n}: give 1 or more processes", "--jobs {n}：进程数至少为 1", n=jobs))
    cpus = default_jobs()
    if jobs > JOBS_PER_CPU * cpus:
        raise UsageError(say(
            "--jobs {n}: at most {m} here ({k} for each of this machine's {c} CPUs): judging keeps a CPU busy, "
            "so more processes than CPUs only take memory and time to start",
            "--jobs {n}：本机最多 {m} 个进程（{c} 个 CPU，每个 CPU {k} 个）：评定时每个进程占满一个 CPU，进程多于 CPU "
            "只会多占内存、多花启动时间",
            n=jobs, m=JOBS_PER_CPU * cpus, k=JOBS_PER_CPU, c=cpus))


def pool_size(batch: Batch, jobs: int) -> int:
    """How many processes judge `batch` with `jobs`: 1 (this process) for 1 job or fewer than POOL_MIN units,
    else `jobs`, but never more than there are units (a worker with nothing to judge would only take memory).
    Reads no more than the start of a spreadsheet."""
    if jobs <= 1:
        return 1
    count = batch.count_upto(max(POOL_MIN, jobs))
    return 1 if count < POOL_MIN else min(jobs, count)


def chunk_size(total: int, jobs: int) -> int:
    """Units per chunk: about eight chunks per worker, at most MAX_CHUNK units each."""
    return max(1, min(MAX_CHUNK, total // (jobs * 8)))


# ---- the worker side ----


def _die_with_parent() -> None:
    """Linux: a worker whose parent is killed outright (SIGKILL) ends too, instead of waiting forever."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass


def renderer(render: tuple | None, recorded: bool = False) -> Callable[[Result], Result]:
    """What a worker makes of each result before sending it, as check_batch's `render` asks: a verdict written out
    in a streaming format (the parent of the pool only writes its text; `recorded`: only one whose decision record
    was made here, which travels with it), or carrying its review sheet (SHEETS: certify report's, reviewsheet.py);
    without `render`, the result as it is."""
    if not render:
        return lambda r: r
    kind, options = render
    if kind == SHEETS:
        from .reviewsheet import sheet_of  # it imports the documents' wording, which check alone never needs

        return lambda r: sheet_of(r, **options)
    reporter = REPORTERS[kind](None, **options)
    return lambda r: (Rendered.of(r, reporter.render(r)) if isinstance(r, Verdict)
                      and (r.made_record is not None or not recorded) else r)  # else the parent makes its record


def _work(conn, spec: tuple, options: dict) -> None:
    """A worker: build the engine once, then judge each chunk it is sent until told to stop."""
    # Ctrl-C reaches every process of the terminal's group, and so may SIGTERM (a service
    # stopped, `timeout`); the parent alone handles them, and stops the workers itself. The
    # worker started with both blocked (see _Workers), so none arrived before they are
    # ignored here: a worker never dies of one, leaving the parent to find a worker gone.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):  # the terminal closed: the parent stops, as for SIGTERM
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)
    _die_with_parent()
    engine = rebuild(spec)
    render, record = options.pop("render", None), options.pop("record", None)
    rendered = renderer(render, recorded=record is not None)
    recorded = record_maker(rulesets_of(engine), record)
    conn.send(("ready", None))  # a worker that dies before this had not begun on the chunk it was sent
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        try:
            results = (recorded(unit, run_unit(engine, unit, **options)) for unit in chunk)
            conn.send(("ok", [pack(rendered(r)) for r in results]))
        except Exception as exc:  # a bug, not bad input (that is a Failure): the parent re-raises it
            conn.send(("raise", exc if isinstance(exc, EngineError)
                       else EngineError(f"a worker process failed: {type(exc).__name__}: {exc}")))


# ---- the parent side ----

def _chunks(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    it = iter(units)
    while chunk := list(islice(it, size)):
        yield chunk


class _Workers:
    """`jobs` worker processes, each with its own pipe and at most one chunk at a time.

    multiprocessing.Pool is not used: its terminate() can hang for good when its
    task-handler thread is blocked writing a chunk larger than a pipe's buffer (seen
    on Ctrl-C under load). Here the parent writes each chunk itself, only to a worker
    that is waiting for one, and stopping is: kill every worker, join it.
    """

    def __init__(self, jobs: int, spec: tuple, options: dict) -> None:
        self.ctx, self.spec, self.options = multiprocessing.get_context(), spec, options
        self.procs, self.conns = [], []
        # Forked workers share the parent's memory until something writes to it; frozen objects
        # are never walked by a worker's garbage collector, so those pages stay shared instead of
        # being copied into every worker. (check_batch starts them before any sheet is read.)
        frozen = gc.get_freeze_count()
        gc.freeze()
        try:
            with interrupts_held():  # see _start: none is left unlisted, to be killed by stop
                for _ in range(jobs):
                    self._start()
        finally:
            if not frozen:  # leave a freeze made by the caller (check_batch) in place
                gc.unfreeze()

    def _start(self, k: int | None = None) -> None:
        """A worker started, and listed (after the others, or as the k-th) before Ctrl-C or SIGTERM can arrive."""
        # The signal mask is inherited: no worker is stopped by Ctrl-C or SIGTERM while it starts.
        with interrupts_held():
            mine, theirs = self.ctx.Pipe()
            proc = self.ctx.Process(target=_work, args=(theirs, self.spec, self.options), daemon=True)
            proc.start()
            theirs.close()
            if k is None:
                self.procs.append(proc)
                self.conns.append(mine)
            else:
                self.procs[k], self.conns[k] = proc, mine

    def reap(self, conn) -> int | None:
        """The exit code of the worker of `conn`, found dead (its pipe closed)."""
        proc = self.procs[self.conns.index(conn)]
        conn.close()
        proc.join(5)  # it has ended, or is ending
        if proc.exitcode is None:  # pragma: no cover - a worker that closed its pipe and lives on
            proc.kill()
            proc.join()
        return proc.exitcode

    def restart(self, conn) -> None:
        """A new worker in place of the one of `conn`, reaped."""
        for out in (sys.stdout, sys.stderr):  # starting one flushes them: a failure of theirs is said as theirs
            if out is not None:
                out.flush()
        try:
            self._start(self.conns.index(conn))
        except OSError as e:  # the system will not start one (no memory left for it, too many processes)
            raise not_started(e, len(self.procs)) from None

    def stop(self, *, finished: bool) -> None:
        """Tell the workers to end (after a whole batch), or kill them (Ctrl-C, SIGTERM, an error)."""
        for conn, proc in zip(self.conns, self.procs):
            if finished:
                try:
                    conn.send(None)
                except OSError:
                    pass
            elif proc.is_alive():
                proc.kill()  # they ignore SIGTERM (see _work); they hold nothing to clean up
        for conn, proc in zip(self.conns, self.procs):
            proc.join()
            conn.close()


def _pooled(engine: Engine | RulesetSource, units: Callable[[], Iterable[Unit]], total: Callable[[], int], jobs: int,
            progress: Progress | None, options: dict) -> Iterator[Result]:
    """The pool's results in input order. The workers are started first, while this process is still
    small (a forked worker counts every page of its parent's as its own); only then are `total` and
    `units` asked for, which is when spreadsheets are read."""
    unpack = Unpacker(engine)
    workers = _Workers(jobs, portable(engine), options)
    busy: dict = {}  # connection -> the Task it is judging
    done: dict[int, list] = {}  # chunks judged but not yet handed on (they come back out of order)
    again = Rejudging(jobs)  # what a worker that died held, to judge again (see rejudge.py)
    ready: set = set()  # connections of workers that have built their engine
    sent = handed = 0
    finished = False
    chunks: Iterator[list[Unit]] = iter(())

    def feed(conn) -> None:
        nonlocal sent
        if again.queue:
            task = again.queue.popleft()
        # Never run more than AHEAD chunks per worker ahead of what has been handed on.
        elif sent - handed < jobs * AHEAD and (chunk := next(chunks, None)) is not None:
            task = Task(sent, chunk)
            sent += 1
        else:
            return
        try:
            conn.send(task.units)
            busy[conn] = task
        except OSError:  # the worker has died (while it waited for this chunk)
            died(conn, task, sent=False)

    def died(conn, task: Task, sent: bool = True) -> None:  # past a few deaths in a row, again.died raises
        items = again.died(task, ended(workers.reap(conn)), judging=sent and conn in ready)
        workers.restart(conn)
        if items is not None:
            done[task.number] = items

    try:
        chunks = _chunks(units(), chunk_size(total(), jobs))
        for conn in workers.conns:
            feed(conn)
        while busy or done or again.queue:
            while handed in done:
                items = done.pop(handed)
                handed += 1
                for item in items:
                    yield unpack(item)
                if progress:
                    progress(len(items))
            idle = [conn for conn in workers.conns if conn not in busy]
            for conn in idle:  # workers held back while a slow chunk was awaited, or started in a dead one's place
                feed(conn)
            if not busy:
                continue
            for conn in multiprocessing.connection.wait(list(busy)):
                task = busy.pop(conn)
                try:
                    kind, payload = conn.recv()
                except (EOFError, OSError):  # the worker died (killed, out of memory, a crash in the engine)
                    died(conn, task)
                    continue
                if kind == "ready":
                    ready.add(conn)
                    busy[conn] = task  # its results are still to come
                    continue
                if kind == "raise":
                    raise payload
                if (items := again.judged(task, payload)) is not None:
                    done[task.number] = items
                feed(conn)  # before handing results on, so that the worker is not kept waiting
        finished = True
    finally:
        workers.stop(finished=finished)


def _inline(engine: Engine | RulesetSource, units: Iterable[Unit], progress: Progress | None,
            options: dict) -> Iterator[Result]:
    recorded = record_maker(rulesets_of(engine), options.pop("record", None))
    for unit in units:
        yield recorded(unit, run_unit(engine, unit, **options))
        if progress:
            progress(1)


def check_batch(engine: Engine | RulesetSource, batch: Batch, *, jobs: int = 1, progress: Progress | None = None,
                level: int | None = None, render: tuple | None = None, one_date: bool = False,
                record: dict | None = None, **options) -> Iterator[Result]:
    """Every result of a batch in input order, each applicant id judged once (see repeats.unique_ids).

    With `one_date`, an id is judged once whatever its date (certify report's cycle);
    otherwise once per as-of date (certify check's what-ifs).

    `options` are evaluate's: as_of, today, forecast, stops; and run_unit's data_digest. Today is fixed once
    for the whole batch. `render` (a pool's workers only): (a format of REPORTERS, its reporter's options) or
    (SHEETS, reviewsheet.sheet_of's options); see renderer. `record` (records.Recorder.for_workers): each verdict
    with its decision record made by the process that judged it (recordmaker.py), its spreadsheet applicant's data
    hashed as judged.
    Spreadsheets are read as their applicants are judged, after a pool's workers have started;
    a spreadsheet applicant crosses to a worker as its rows, and is checked there.
    """
    top, name = (engine.top, engine.id) if isinstance(engine, RulesetSource) else (engine.ruleset.top,
                                                                                   engine.ruleset.id)
    if level is not None and not 1 <= level <= top:
        raise no_such_level(level, name, top)
    check_jobs(jobs)
    options = {**options, "level": level, "today": options.get("today") or CLOCK.today()}
    if record is not None:
        options.update(record=record, data_digest=True)
    workers = pool_size(batch, jobs)
    if workers > 1:
        results = _pooled(engine, batch.work, lambda: len(batch), workers, progress,
                          {**options, "render": render} if render else options)
    else:
        results = _inline(engine, batch.work(), progress, options)
    return unique_ids(_frozen(results), any_date=one_date)


def _frozen(results: Iterator[Result]) -> Iterator[Result]:
    """The results, with the garbage collector leaving alone what existed before them.

    What was there before judging (modules, rulesets, engines) is hundreds of thousands
    of objects, which every full collection would walk again as results are made.
    A freeze made before this one is left in place.
    """
    already = gc.get_freeze_count()
    gc.freeze()
    try:
        yield from results
    finally:
        if not already:
            gc.unfreeze()
