"""A progress bar on standard error for long batches: only on a terminal, never with --quiet."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

import click

from ..parallel import default_jobs

JOBS_OPTION = click.option("-j", "--jobs", type=click.IntRange(min=1), default=default_jobs, show_default="CPUs",
                           help="Processes that judge in parallel (1: in this process). Results come out "
                                "in input order whatever the number.")


@contextmanager
def progress_bar(total: int, *, quiet: bool = False, label: str = "",
                 stream: TextIO | None = None) -> Iterator[Callable[[int], None] | None]:
    """A callback that advances a bar of `total` steps on `stream` (stderr), or None when no bar is shown.

    The bar is drawn only on a terminal, only for more than one result, and at most
    ten times a second, so that 100,000 small steps cost nothing.
    """
    stream = stream or sys.stderr
    if quiet or total < 2 or not stream.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=stream, show_pos=True, show_eta=True,
                           width=30) as bar:
        pending = [0, time.monotonic()]

        def advance(n: int) -> None:
            pending[0] += n
            now = time.monotonic()
            if now - pending[1] >= 0.1:
                bar.update(pending[0])
                pending[0], pending[1] = 0, now

        yield advance
        if pending[0]:
            bar.update(pending[0])
