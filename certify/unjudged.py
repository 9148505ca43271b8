"""What could not be judged, listed: under check's table, and by report on standard error."""

from __future__ import annotations

from dataclasses import replace

from .check import Failure
from .explain import colon


def failure_line(result: Failure, lang: str) -> str:
    """What could not be judged, on one line: its file (and applicant, sheet, row, column) and why."""
    return result.named(lang) + colon(lang) + result.error.detail(lang)


def failure_lines(failures: list[Failure], lang: str, alike: dict[str, str]) -> list[str]:
    """failure_line of each, its file named as `alike` (printed_alike) tells it apart where it prints as another does."""
    return [failure_line(replace(f, file=alike[f.file]) if f.file in alike else f, lang) for f in failures]


def unjudged_list(lines: list[str], lang: str, item: str = "  ", gap: str = "") -> str:
    """The numbered list of what could not be judged (failure_line each), under its heading: as check lists it under
    its table, and report on standard error."""
    heading, mark = ("无法评定：", "（{k}）") if lang == "zh" else ("Could not be evaluated:", "({k}) ")
    return heading + "\n" + gap + "".join(f"{item}{mark.format(k=k)}{line}\n" for k, line in enumerate(lines, 1))
