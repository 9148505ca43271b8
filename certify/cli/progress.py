"""A progress bar on standard error for long batches: only on a terminal, never with --quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TextIO

import click

from ..parallel import JOBS_PER_CPU, default_jobs
from .helptext import option
from .usage import IntRange

JOBS_OPTION = option("-j", "--jobs", type=IntRange(min=1), default=default_jobs, show_default="CPUs",
                     help=f"Processes that judge in parallel (1: in this process; at most {JOBS_PER_CPU} per CPU). "
                          "Results come out in input order whatever the number.",
                     zh=f"同时进行评定的进程数（1 表示在本进程中评定；每个 CPU 最多 {JOBS_PER_CPU} 个）。"
                        "无论进程数多少，结果都按输入的顺序输出。", zh_default="CPU 个数")


@contextmanager
def progress_bar(total: int | Callable[[], int], *, quiet: bool = False, label: str = "",
                 stream: TextIO | None = None) -> Iterator[Callable[[int], None] | None]:
    """A callback that advances a bar of `total` steps on `stream` (stderr), or None when no bar is shown.

    The bar is drawn only on a terminal, only for more than one result, and at most
    ten times a second, so that 100,000 small steps cost nothing. `total` may be a
    function, asked when the first step is made (counting may read spreadsheets, which
    is best done once judging has started); the bar is drawn from then on.
    """
    # On a terminal standard error shows control characters as pictures (see cli._Terminal); the bar's own
    # (a carriage return to redraw it, the cursor hidden and shown) go to the terminal itself.
    stream = stream or getattr(sys.stderr, "bare", sys.stderr)
    if quiet or not stream.isatty() or (not callable(total) and total < 2):
        yield None
        return
    with ExitStack() as stack:
        bar = None
        pending = [0, time.monotonic()]

        def start() -> None:
            nonlocal bar
            length = total() if callable(total) else total
            bar = False if length < 2 else stack.enter_context(click.progressbar(
                length=length, label=label, file=stream, show_pos=True, show_eta=True, width=30))

        def advance(n: int) -> None:
            if bar is None:
                start()
            if bar is False:  # one result or none: no bar
                return
            pending[0] += n
            now = time.monotonic()
            if now - pending[1] >= 0.1:
                bar.update(pending[0])
                pending[0], pending[1] = 0, now

        if not callable(total):
            start()
        yield advance
        if bar is not None and bar is not False and pending[0]:
            bar.update(pending[0])
