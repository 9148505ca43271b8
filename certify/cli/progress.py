"""A progress bar on standard error for long batches: only on a terminal, never with --quiet."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TextIO

import click

from ..columns import width
from ..parallel import JOBS_PER_CPU, default_jobs
from .helptext import option
from .usage import IntRange

JOBS_OPTION = option("-j", "--jobs", type=IntRange(min=1), default=default_jobs, show_default="CPUs",
                     help=f"Processes that judge in parallel (1: in this process; at most {JOBS_PER_CPU} per CPU). "
                          "Results come out in input order whatever the number.",
                     zh=f"同时进行评定的进程数（1 表示在本进程中评定；每个 CPU 最多 {JOBS_PER_CPU} 个）。"
                        "无论进程数多少，结果都按输入的顺序输出。", zh_default="CPU 个数")


BAR, SHORTEST = 30, 10  # the bar's width, and the least it is drawn at on a narrow terminal


def _bar_width(stream: TextIO, label: str, length: int) -> int | None:
    """The bar's width on `stream` (a terminal of COLUMNS, else its own width, columns): its line, with the label,
    the count and the time left, fits on one row, which each redraw goes back to the start of; a line that wrapped
    would be drawn again on a new row ten times a second. None where even the shortest bar would not fit."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            columns = 0
    columns = columns if columns > 0 else 80  # a terminal that does not say (a pseudo-terminal of 0 columns)
    rest = width(label) + len("  []  ") + 2 * len(str(length)) + 1 + len("  00:00:00") + 1  # +1: not the last column
    fits = min(BAR, columns - rest)
    return fits if fits >= SHORTEST else None


@contextmanager
def progress_bar(total: int | Callable[[], int], *, quiet: bool = False, label: str = "",
                 stream: TextIO | None = None) -> Iterator[Callable[[int], None] | None]:
    """A callback that advances a bar of `total` steps on `stream` (stderr), or None when no bar is shown.

    The bar is drawn only on a terminal (not one that says it takes no control codes, TERM=dumb: the bar hides the
    cursor while it is drawn), one wide enough for it on one row, only for more than one result, and at most
    ten times a second, so that 100,000 small steps cost nothing. `total` may be a
    function, asked when the first step is made (counting may read spreadsheets, which
    is best done once judging has started); the bar is drawn from then on.
    """
    # On a terminal standard error shows control characters as pictures (see cli._Terminal); the bar's own
    # (a carriage return to redraw it, the cursor hidden and shown) go to the terminal itself.
    stream = stream or getattr(sys.stderr, "bare", sys.stderr)
    if quiet or not stream.isatty() or (not callable(total) and total < 2) or os.environ.get("TERM") == "dumb":
        yield None
        return
    with ExitStack() as stack:
        bar = None
        pending = [0, time.monotonic()]

        def start() -> None:
            nonlocal bar
            length = total() if callable(total) else total
            width = _bar_width(stream, label, length)
            bar = False if length < 2 or width is None else stack.enter_context(click.progressbar(
                length=length, label=label, file=stream, show_pos=True, show_eta=True, width=width))

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
