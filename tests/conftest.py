"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest


@pytest.fixture
def deny_listing(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make listing the given folders fail as a folder without read permission does.

    Patched rather than chmod'ed: the tests may run as root, whom permissions do not stop.
    """

    def deny(*folders: Path) -> None:
        denied = {os.fspath(f) for f in folders}
        real_scandir = os.scandir

        def scandir(path="."):
            if os.fspath(path) in denied:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)

    return deny


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Pin the day certify takes for today (the one clock every command asks) to the date given."""
    from certify.facts import CLOCK

    def pin(day: date) -> None:
        monkeypatch.setattr(CLOCK, "today", lambda: day)

    return pin
