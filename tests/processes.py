"""Test helper: certify run as a process of its own, and waited on for events (a file being written, its workers
gone), never for a length of time: a loaded machine is slow, and no test asserts a speed."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest


def interrupts_not_ignored() -> None:
    """In a child about to run certify: Ctrl-C, SIGTERM and SIGHUP as a terminal's shell leaves them (not ignored)."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def until(happened, what: str, deadline: float = 300) -> None:
    """Wait for an event `happened()` says has come; the deadline only keeps a hang from lasting for good (a loaded
    machine may be slow: no test here asserts a speed)."""
    end = time.monotonic() + deadline
    while not happened():
        if time.monotonic() > end:
            pytest.fail(f"waited {deadline:.0f} s for {what}")
        time.sleep(0.05)


def written_to(folder: Path, name: str) -> bool:
    """Whether results are being written to NAME in `folder`: its temporary file has bytes in it."""
    for part in folder.glob(f".{name}.*.part"):
        try:
            if part.stat().st_size > 0:
                return True
        except FileNotFoundError:  # renamed into place (the batch over) or removed since it was listed
            pass
    return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
