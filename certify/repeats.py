"""An applicant id given twice in a batch: the repeat becomes an error naming where it was first given.

The results are taken in input order, so the outcome is the same however many processes judged
the batch (batch.py makes them, parallel.py gathers them).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from .check import Failure, Result
from .errors import DossierError, Message, say
from .sheets import name_shown


def _key(result: Result) -> tuple[str | None, str | None]:
    """(applicant id, as-of date): a Failure knows the id only when a spreadsheet row gave it."""
    if isinstance(result, Failure):
        return getattr(result.error, "applicant_id", None), None
    return result.applicant_id, result.as_of.isoformat()


class _Given:
    """Where each applicant id was first given, per as-of date, held compactly for 100,000s of ids.

    Most ids are given once, by a spreadsheet whose results are named `<sheet>#<id>`:
    such an id holds only the number of its (date, sheet) pair, which all share. An id
    given once otherwise holds (date, file); an id given more than once, {date: file}.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int | tuple | dict] = {}
        self.pairs: list[tuple[str | None, str]] = []
        self.numbers: dict[tuple[str | None, str], int] = {}

    def get(self, ident: str) -> dict[str | None, str]:
        held = self.ids.get(ident)
        if held is None:
            return {}
        if isinstance(held, int):
            when, sheet = self.pairs[held]
            return {when: f"{sheet}#{ident}"}
        return {held[0]: held[1]} if isinstance(held, tuple) else held

    def add(self, ident: str, when: str | None, file: str) -> None:
        held = self.ids.get(ident)
        if held is not None:
            self.ids[ident] = {**self.get(ident), when: file}
        elif file.endswith(f"#{ident}"):
            pair = (when, file[: -len(ident) - 1])
            if (number := self.numbers.get(pair)) is None:
                number = self.numbers[pair] = len(self.pairs)
                self.pairs.append(pair)
            self.ids[ident] = number
        else:
            self.ids[ident] = (when, file)


def printed_alike(names: Iterable[str]) -> dict[str, str]:
    """Of `names` (a batch's files), those that print alike as another of them does (the same text, one NFC, the
    other NFD), each with what tells it apart: its escaped form (é as \\u00e9, or as e\\u0301). Any other name is
    not in it: a table changes no cell that is not ambiguous."""
    forms: dict[str, set[str]] = {}
    for name in names:
        if name and not name.isascii():  # an ASCII name is its own normal form: prints alike with no other
            forms.setdefault(unicodedata.normalize("NFC", name), set()).add(name)
    return {name: _escaped(name) for alike in forms.values() if len(alike) > 1 for name in alike}


class NamesSeen:
    """A batch's file names, as far as telling apart the few that could not be judged needs them (certify report
    lists those on standard error, and holds them; the others it does not hold), and each name its documents show
    (`shown`): fixed memory, ~3 MB however long the batch.

    Two names that print alike are the same text in two forms, so one at least is not in NFC. For each name that is
    not ASCII, its NFC form is marked in a Bloom filter (rbloom), as the form of a name in NFC or of one that is
    not. A name in NFC prints alike with another if a name not in NFC has its form, and the other way round. A false
    match (about 1 in 100,000 up to a million names not in ASCII, more past that) escapes a name that needed it
    not: it still names its file. Not told: a name not in NFC alike with another name not in NFC (two decomposed
    spellings of one text) that `alike` is not given.
    """

    EXPECTED, FALSE_MATCHES = 1_000_000, 1e-5

    def __init__(self) -> None:
        from rbloom import Bloom  # here: certify check, which imports this module too, has no use for it (~1 ms)
        self.seen = Bloom(self.EXPECTED, self.FALSE_MATCHES)

    def add(self, name: str | None) -> None:
        if name and not name.isascii():
            form = unicodedata.normalize("NFC", name)
            self.seen.add((form == name, form))

    def shown(self, name: str | None) -> str | None:
        """`name` as the committee's documents show it, as they come (certify report): escaped (_escaped) when it
        prints alike with a name given to `add` so far (the batch's files are all given before judging: see
        Batch.names), else as it is. Holds nothing: looked up in the filter alone."""
        if name and not name.isascii():
            form = unicodedata.normalize("NFC", name)
            if (form != name, form) in self.seen:  # the other kind's: this name marked its own
                return _escaped(name)
        return name

    def alike(self, names: Iterable[str]) -> dict[str, str]:
        """printed_alike of `names` (some of the batch's, each given to `add`), with the batch's other names."""
        names = list(dict.fromkeys(names))
        found = printed_alike(names)
        for name in names:
            if name and not name.isascii() and name not in found:
                form = unicodedata.normalize("NFC", name)
                if (form != name, form) in self.seen:  # the other kind's: this name marked its own
                    found[name] = _escaped(name)
        return found


class ShownNames:
    """The file names an explanation shows as its results come (certify check --explain, which writes each before
    the next is judged): `shown(name)` is the name escaped (_escaped) when it prints alike with another of the
    batch's (NFC, NFD), as the table's file column and its list of errors escape it, else as it is. The batch's
    names are given first (Batch.names), a spreadsheet applicant's as it comes. A NamesSeen is made only for a
    batch with a name not in ASCII: ASCII names print alike with no other."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.seen: NamesSeen | None = None
        for name in names:
            self.add(name)

    def add(self, name: str | None) -> None:
        if name and not name.isascii():
            if self.seen is None:
                self.seen = NamesSeen()
            self.seen.add(name)

    def shown(self, name: str | None) -> str | None:
        self.add(name)
        return self.seen.shown(name) if self.seen is not None else name


def _escaped(name: str) -> str:
    """`name` with each character that Unicode normalisation composes or decomposes written as \\uXXXX: é as
    \\u00e9, or as e\\u0301; a Chinese character or a plain letter stays as it is."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.combining(c) or unicodedata.normalize("NFD", c) != c else c
                   for c in name)


def _told_apart(this: str, that: str) -> Message | str:
    """What tells two names apart that print alike: the same text, one precomposed (NFC), the other decomposed
    (NFD), as two files of one folder can be named (a name typed on one system, copied from another)."""
    if this == that or unicodedata.normalize("NFC", this) != unicodedata.normalize("NFC", that):
        return ""
    return say(" (the two file names differ only in Unicode normalisation: this one is {a}, that one {b})",
               "（两个文件名仅 Unicode 规范化形式不同：此处为 {a}，那里为 {b}）", a=_escaped(this), b=_escaped(that))


def unique_ids(results: Iterable[Result], *, any_date: bool = False) -> Iterator[Result]:
    """The results, each repeat of an applicant id turned into an error naming the first one's file.

    A repeat is the same id as of the same date: the same applicant judged as of two
    dates is a what-if, not a duplicate. A spreadsheet row that could not be judged
    has no date, so it clashes with any. The repeat is not judged: one applicant is
    one row of the summary, one review sheet and at most one line of the notice.

    With `any_date` (certify report: a committee's cycle makes one decision per
    applicant), the same id again is a repeat whatever its date.
    """
    given = _Given()
    for result in results:
        ident, when = _key(result)
        if ident is None:
            yield result
            continue
        seen = given.get(ident)
        if any_date:
            earlier = next(iter(seen.values()), None)
        else:
            earlier = (seen.get(when) or seen.get(None)
                       or (next(iter(seen.values())) if when is None and seen else None))
        if earlier is not None:
            more = ""
            first = next(iter(seen))
            if any_date and when is not None and first is not None and first != when:  # check: the same date
                more = say(" (as of {a} there, {b} here: a review cycle makes one decision per applicant; for a what-if "
                           "on another date, use certify check)", "（那里截止日期为 {a}，这里为 {b}：一轮评审对每位申报人"
                           "只作一个决定；要看另一日期的假设结果，请用 certify check）", a=first, b=when)
            message = say("applicant id {i} is already given in {e}: this one is not judged{more}{apart}",
                          "申报人编号 {i} 已在 {e} 中出现：此处不予评定{more}{apart}", i=repr(ident), e=earlier, more=more,
                          apart=_told_apart(result.file or "", earlier))
            error = DossierError(message, file=result.file)
            error.applicant_id = ident  # the summary's id column: the applicant is known, only judged once
            error.applicant_name = name_shown(result.applicant_name)  # this one's own name, where it was read
            yield Failure(result.file or "", error)
            continue
        given.add(ident, when, result.file or "")
        yield result
