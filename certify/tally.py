"""A batch's summary line and exit status (certify check, certify report): results counted as they stream past,
and named as what they are (dossier files, spreadsheet applicants, spreadsheets not read)."""

from __future__ import annotations

from .check import Failure, Result
from .verdict import FAIL, REVIEW


class Tally:
    """Counts results as they stream past, for the exit status and the summary line."""

    def __init__(self) -> None:
        self.verdicts = 0
        self.failures = 0
        self.short_of_target = 0  # their target level failed
        self.target_in_review = 0  # their target level for the committee to decide: not short of it, not passed

    def add(self, result: Result) -> Result:
        if isinstance(result, Failure):
            self.failures += 1
        else:
            self.verdicts += 1
            if result.target_level is not None:
                self.short_of_target += result.target_status == FAIL
                self.target_in_review += result.target_status == REVIEW
        return result

    def summary(self, lang: str = "en", output: object = None, kinds: tuple[int | None, ...] = ()) -> str:
        """One line for standard error: how many were judged, short of target (and, when any, how many targets are
        the committee's to decide: `review` is not `fail`), not evaluated, named as what they are (`kinds`,
        Batch.kinds: counted); and the file the results were written to (`output`, check -o), where they did not go
        to standard output."""
        what, unit = counted(self.verdicts + self.failures, kinds, lang)
        review = self.target_in_review
        if lang == "zh":
            held = f"，{review} {unit}申报级别待核实" if review else ""
            return (f"{what}：{self.verdicts} {unit}已评定（{self.short_of_target} {unit}未达申报级别{held}），"
                    f"{self.failures} {unit}无法评定" + (f"；结果已写入 {output}" if output is not None else ""))
        held = f", {review} for the committee to review" if review else ""
        return (f"{what}: {self.verdicts} evaluated ({self.short_of_target} short of their target level{held}), "
                f"{self.failures} could not be evaluated" + (f"; results written to {output}" if output is not None else ""))

    @property
    def exit_status(self) -> int:
        """2 when some input could not be evaluated; else 1 when some target level is not passed (failed, or for
        the committee to review); else 0."""
        return 2 if self.failures else 1 if self.short_of_target or self.target_in_review else 0


# What a summary line counts (Batch.kinds' order): English singular and plural, Chinese with its measure word.
_KINDS = (("dossier", "dossiers", "份", "份申报材料"), ("applicant", "applicants", "名", "名申报人"),
          ("spreadsheet", "spreadsheets", "份", "份申报表"))


def counted(total: int, kinds: tuple[int | None, ...], lang: str = "en") -> tuple[str, str]:
    """The head of a summary line, `12 dossiers` or `3 applicants` (共 12 份申报材料, 共 3 名申报人), and the Chinese
    measure word of its counts: the results named as what they are, dossier files, spreadsheet applicants or
    spreadsheets not read at all (`kinds`, Batch.kinds); inputs of more than one kind as `12 inputs (10 dossiers,
    2 applicants)` (共 12 项（10 份申报材料，2 名申报人）). Nothing counted: the first kind read (None: none),
    `0 applicants` for a workbook with none, else dossiers."""
    present = ([(n, words) for n, words in zip(kinds, _KINDS) if n]
               or [(total, next((words for n, words in zip(kinds, _KINDS) if n is not None), _KINDS[0]))])
    if len(present) == 1:
        singular, plural, unit, zh = present[0][1]
        return (f"共 {total} {zh}", unit) if lang == "zh" else (f"{total} {singular if total == 1 else plural}", "")
    if lang == "zh":
        return f"共 {total} 项（{'，'.join(f'{n} {words[3]}' for n, words in present)}）", "项"
    parts = ", ".join(f"{n} {words[0] if n == 1 else words[1]}" for n, words in present)
    return f"{total} input{'s' if total != 1 else ''} ({parts})", ""
