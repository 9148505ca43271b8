"""Judging a batch in a pool of processes, the results in input order whatever the number of processes.

durable-rules holds the GIL while it matches, so threads would not help: each worker
process builds its own Engine once (the pool's initializer) and judges chunks of
units. The parent keeps only a few chunks per worker in flight (Pool.imap would read
the whole input ahead of the workers, 100,000 applicants at once) and takes the
chunks back in the order it sent them. What crosses the process boundary is small:
a unit is a file path or one applicant's rows as plain data; a verdict comes back
with rule ids in place of its pydantic Rule and Level objects, and the parent puts
its own back (unpickling those objects cost 0.8 ms a verdict, more than judging it).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date
from itertools import islice

from .batch import Batch, Unit, run_unit, unique_ids
from .check import Failure, Result
from .editions import RulesetSource
from .engine import Engine
from .errors import EngineError, UsageError
from .verdict import LevelOutcome, RuleOutcome, Verdict

POOL_MIN = 64  # fewer units than this are judged in this process: starting a pool would cost more
MAX_CHUNK = 200
AHEAD = 3  # chunks in flight per worker

Progress = Callable[[int], None]


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def chunk_size(total: int, jobs: int) -> int:
    """Units per chunk: about eight chunks per worker, at most MAX_CHUNK units each."""
    return max(1, min(MAX_CHUNK, total // (jobs * 8)))


# ---- what crosses the process boundary ----

def _rest(obj, skip: str) -> dict:
    return {f.name: getattr(obj, f.name) for f in fields(obj) if f.name != skip}


def pack(result: Result) -> object:
    """A result made cheap to pickle: a Verdict without its ruleset objects (rule ids instead)."""
    if isinstance(result, Failure):
        return result
    levels = tuple((lv.status, tuple((o.rule.id, _rest(o, "rule")) for o in lv.rules)) for lv in result.levels)
    return _rest(result, "levels"), levels


def _editions(engine: Engine | RulesetSource) -> list:
    return list(engine.editions) if isinstance(engine, RulesetSource) else [engine.loaded]


class Unpacker:
    """Puts a packed verdict back together with this process's Rule and Level objects."""

    def __init__(self, engine: Engine | RulesetSource) -> None:
        self.rulesets = {}
        for loaded in _editions(engine):
            levels = loaded.ruleset.levels
            self.rulesets[loaded.sha256] = (levels, {rule.id: rule for level in levels for rule in level.rules})

    def __call__(self, item: object) -> Result:
        if isinstance(item, Failure):
            return item
        rest, packed = item
        found = self.rulesets.get(rest["ruleset"]["sha256"])
        if found is None:  # pragma: no cover - workers get the parent's rulesets
            raise EngineError("a worker judged with a ruleset this process does not hold")
        levels, rules = found
        return Verdict(levels=tuple(
            LevelOutcome(level=level, status=status,
                         rules=tuple(RuleOutcome(rule=rules[rid], **more) for rid, more in outs))
            for level, (status, outs) in zip(levels, packed)), **rest)


def portable(engine: Engine | RulesetSource) -> tuple:
    """What a worker needs to build the same engine (or editions) again: plain, picklable data."""
    if isinstance(engine, RulesetSource):
        return ("editions", list(engine.editions), engine.dated, engine.where)
    return ("engine", engine.loaded)


def rebuild(spec: tuple) -> Engine | RulesetSource:
    """The engine (or editions) `portable` describes, compiled in this process."""
    if spec[0] == "editions":
        return RulesetSource(spec[1], dated=spec[2], where=spec[3])
    return Engine(spec[1])


# ---- the worker side ----

_WORKER: dict = {}


def _start_worker(spec: tuple, options: dict) -> None:
    # Ctrl-C reaches every process of the terminal's group; the parent alone handles it,
    # stopping the pool, so workers print no tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["engine"] = rebuild(spec)
    _WORKER["options"] = options


def _judge_chunk(chunk: list[Unit]) -> list[object]:
    engine, options = _WORKER["engine"], _WORKER["options"]
    return [pack(run_unit(engine, unit, **options)) for unit in chunk]


# ---- the parent side ----

def _chunks(units: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    it = iter(units)
    while chunk := list(islice(it, size)):
        yield chunk


def _pooled(engine: Engine | RulesetSource, units: Iterable[Unit], jobs: int, size: int, progress: Progress | None,
            options: dict) -> Iterator[Result]:
    unpack = Unpacker(engine)
    pool = multiprocessing.get_context().Pool(jobs, initializer=_start_worker, initargs=(portable(engine), options))
    finished = False
    try:
        chunks = _chunks(units, size)
        pending = deque(pool.apply_async(_judge_chunk, (c,)) for c in islice(chunks, jobs * AHEAD))
        while pending:
            done = pending.popleft().get()
            following = next(chunks, None)
            if following is not None:  # keep the workers busy while this chunk is handed on
                pending.append(pool.apply_async(_judge_chunk, (following,)))
            for item in done:
                yield unpack(item)
            if progress:
                progress(len(done))
        finished = True
    finally:
        # Ctrl-C, an error, or a consumer that stops early: stop the workers now, leave none behind.
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()


def judge_units(engine: Engine | RulesetSource, units: Iterable[Unit], *, total: int | None = None, jobs: int = 1,
                progress: Progress | None = None, **options) -> Iterator[Result]:
    """Each unit's result, in input order: in this process when jobs is 1 (or the batch small), else in a pool."""
    if jobs > 1 and (total is None or total >= POOL_MIN):
        size = chunk_size(total or MAX_CHUNK * jobs * 8, jobs)
        yield from _pooled(engine, units, jobs, size, progress, options)
        return
    for unit in units:
        yield run_unit(engine, unit, **options)
        if progress:
            progress(1)


def check_batch(engine: Engine | RulesetSource, batch: Batch, *, jobs: int = 1, progress: Progress | None = None,
                level: int | None = None, **options) -> Iterator[Result]:
    """Every result of a batch in input order, each applicant id judged once (see batch.unique_ids).

    `options` are evaluate's: as_of, today, forecast. Today is fixed once for the whole batch.
    """
    top, name = (engine.top, engine.id) if isinstance(engine, RulesetSource) else (engine.ruleset.top,
                                                                                   engine.ruleset.id)
    if level is not None and not 1 <= level <= top:
        raise UsageError(f"--level {level}: {name} has levels 1-{top}")
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: give 1 or more processes")
    options = {**options, "level": level, "today": options.get("today") or date.today()}
    results = judge_units(engine, batch.units(), total=len(batch), jobs=jobs, progress=progress, **options)
    return unique_ids(results)
