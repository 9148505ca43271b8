"""A batch's manifest, and the rulesets it was judged by, kept in the records folder beside its records.

`certify check --record DIR` writes, once the batch is over, one manifest into DIR/batches/: a JSON Lines
file whose first line says when, with which certify, rulesets and options the batch was judged, and
each line after it one input of the batch in order (a dossier file or a spreadsheet's applicant): the
record it got, or the error that stopped it, or why its record was not written. A batch stopped part-way (Ctrl-C,
SIGTERM, its output pipe closed, an error such as an output that cannot be written) still gets one, marked
`interrupted`, listing the inputs handled before it stopped. Each ruleset file the
batch could be judged by is kept, once per content, as DIR/rulesets/SHA256.yaml, so that the rules a
record names by sha256 can be read (explain, diff) after any upgrade. manifestread.py reads them back.
The format is in docs/records-and-overrides.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import INTERRUPTS, atomic_write, interrupts_held
from .check import Failure
from .errors import CertifyError, OutputError, UsageError, say
from .recorded import utc_text
from .ruleset import LoadedRuleset

MANIFEST_FORMAT = "certify-batch-manifest/1"
BATCHES, RULESETS = "batches", "rulesets"  # the records folder's subfolders (never searched for records)
MANIFEST_NAME = re.compile(r"\d{8}T\d{6}Z--[0-9a-f]{8}\.jsonl")  # when the batch ended, and 8 random hex digits
KEPT_NAME = re.compile(r"([0-9a-f]{64})\.ya?ml")  # a ruleset's copy, named by its bytes' sha256

# What became of an input: its record written now, or found there already (identical); not evaluated (an
# error row); evaluated, but its record not written (refused, or the folder took no more).
WRITTEN, THERE, NOT_EVALUATED, NOT_RECORDED = "written", "already there", "not evaluated", "not recorded"
RECORDED = (WRITTEN, THERE)


def kept_name(sha256: str) -> str:
    """Where in the records folder the ruleset of that sha256 is kept."""
    return f"{RULESETS}/{sha256}.yaml"


class BatchLog:
    """What a Recorder did with each input of its batch, in order, and the manifest that says it."""

    def __init__(self, folder: Path, rulesets: dict[str, LoadedRuleset], *, sources: dict[str, dict], options: dict,
                 versions: dict, editions: dict | None = None) -> None:
        self.folder = folder
        self.rulesets = rulesets
        self.sources = sources  # sha256 -> where the ruleset came from, as a record says it (records.ruleset_source)
        self.head = {"format": MANIFEST_FORMAT, "started_at": utc_text(), "made_at": None, "versions": versions,
                     "options": options, **({"editions": {k: editions[k] for k in ("path", "resolved")}}
                                            if editions else {})}
        self.lines: list[str] = []  # each input's entry, as JSON: small, whatever the batch's size
        self.used: Counter[str] = Counter()  # ruleset sha256 -> verdicts judged by it
        self.counts: Counter[str] = Counter()
        self.path: Path | None = None  # where the manifest was written, once it is

    def _add(self, entry: dict) -> None:
        self.counts[entry["outcome"]] += 1
        self.lines.append(json.dumps({"input": len(self.lines) + 1, **entry}, ensure_ascii=False))

    def recorded(self, verdict, name: str, outcome: str) -> None:
        """A verdict whose record `name` was written now, or was there already (identical)."""
        self.used[verdict.ruleset["sha256"]] += 1
        self._add({"file": verdict.file, "applicant_id": verdict.applicant_id, "outcome": outcome, "record": name})

    def failed(self, failure: Failure) -> None:
        """An input that could not be evaluated: its error, as check's error row says it (in English)."""
        entry = {"file": failure.file, "outcome": NOT_EVALUATED}
        if getattr(failure.error, "line", None):
            entry["line"] = failure.error.line
        if failure.applicant_id:
            entry["applicant_id"] = failure.applicant_id
        self._add({**entry, "error": failure.error.detail("en")})

    def unrecorded(self, verdict, error: CertifyError, name: str | None = None) -> None:
        """A verdict whose record could not be written, and why."""
        self.used[verdict.ruleset["sha256"]] += 1
        entry = {"file": verdict.file, "applicant_id": verdict.applicant_id, "outcome": NOT_RECORDED}
        self._add({**entry, **({"record": name} if name else {}), "error": error.detail("en")})

    def keep_rulesets(self) -> list[CertifyError]:
        """Copy each ruleset file into DIR/rulesets/SHA256.yaml, unless one is there already; the problems.

        A copy already there is left as it is: with other bytes it is said, not replaced (verify says so
        too). A file that is no longer the one loaded (edited since) is not copied: its sha256 would lie."""
        problems = []
        for sha, loaded in self.rulesets.items():
            path = self.folder / kept_name(sha)
            try:
                if path.exists():
                    if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                        problems.append(CertifyError(say(
                            "the kept copy of ruleset {r} ({p}) has other bytes than its name says (not replaced)",
                            "标准 {r} 的留存副本（{p}）的内容与其文件名不符（未替换）", r=loaded.path, p=path)))
                    continue
                raw = Path(loaded.path).read_bytes()
                if hashlib.sha256(raw).hexdigest() != sha:
                    problems.append(CertifyError(say(
                        "ruleset {r} changed while the batch was judged: no copy of it was kept",
                        "标准 {r} 在评定期间被更改：未留存其副本", r=loaded.path)))
                    continue
                with atomic_write(path, mode="wb") as out:
                    out.write(raw)
            except UsageError:  # made by another run at the same moment: the same bytes, by its name
                continue
            except OutputError as e:
                problems.append(e)
            except OSError as e:
                problems.append(CertifyError(say("cannot keep a copy of ruleset {r}: {e}", "无法留存标准 {r} 的副本：{e}",
                                                 r=loaded.path, e=e.strerror or e)))
        return problems

    def write(self, interrupted: str | None = None) -> Path:
        """Write the manifest, whole or not at all, under a name no other batch's takes; OutputError if it
        cannot be written. `interrupted`: what stopped the batch part-way (Ctrl-C, SIGTERM), said in its head."""
        self.head["made_at"] = utc_text()
        if interrupted:
            self.head["interrupted"] = interrupted
        self.head["inputs"] = len(self.lines)
        self.head["outcomes"] = {k: self.counts[k] for k in (WRITTEN, THERE, NOT_EVALUATED, NOT_RECORDED)}
        self.head["rulesets"] = [{**self.sources[sha], "kept": kept_name(sha), "verdicts": self.used[sha]}
                                 for sha in self.rulesets]
        text = "".join(f"{line}\n" for line in [json.dumps(self.head, ensure_ascii=False), *self.lines])
        stamp = self.head["made_at"].replace("-", "").replace(":", "")
        for _ in range(8):  # two batches ending in the same second: each its own random part
            path = self.folder / BATCHES / f"{stamp}--{secrets.token_hex(4)}.jsonl"
            try:
                with atomic_write(path) as out:
                    out.write(text)
                self.path = path
                return path
            except UsageError:  # that name is taken
                continue
        raise OutputError(say("cannot write a batch manifest into {f}: every name tried is taken",
                              "无法在 {f} 中写入批次清单：所试的文件名均已被占用", f=self.folder / BATCHES))


    def write_interrupted(self, cause: str) -> Path | CertifyError:
        """The manifest of a batch that `cause` (Ctrl-C, SIGTERM, or stopped_by's words) stopped, written as the
        command unwinds: the inputs handled so far, marked `interrupted`; where it was written, or why it could
        not be (an error, not raised: the command stops with the interruption's status all the same). One
        written already (the batch was over) is left.

        Ctrl-C and SIGTERM wait while it is written (it is small: every entry is in memory), so that pressing
        Ctrl-C again does not cut it; coming after, the command stopping already, they are let go. They are held
        twice: blocked for this thread, and, as another thread may take one, noted by a handler that raises
        nothing until the manifest is written."""
        if self.path is not None:
            return self.path
        outcome: Path | CertifyError = CertifyError(say(
            "interrupted again while it was written", "写入时再次被中止"))
        try:
            with interrupts_held(), _interrupts_noted():
                try:
                    outcome = self.write(interrupted=cause)
                except CertifyError as e:
                    outcome = e
                except OSError as e:  # not the file's own (which atomic_write says as an OutputError)
                    outcome = CertifyError(say("cannot write a batch manifest into {f}: {e}",
                                               "无法在 {f} 中写入批次清单：{e}", f=self.folder / BATCHES,
                                               e=e.strerror or e))
        except KeyboardInterrupt:  # held while it was written (or, where they cannot be held, it was cut: none)
            pass
        return outcome


def stopped_by(stop: OSError | CertifyError) -> str:
    """What stopped a batch part-way other than Ctrl-C or SIGTERM, as its manifest's `interrupted` says it: its
    output pipe closed (`certify check ... | head`), or the error that stopped the command (an output that
    cannot be written), in English as check's error rows are."""
    if isinstance(stop, BrokenPipeError):
        return "closed output pipe"
    if isinstance(stop, CertifyError):
        return f"error: {stop.said('en')}"
    where = f"{stop.filename}: " if getattr(stop, "filename", None) else ""
    return f"error: {where}{getattr(stop, 'strerror', None) or stop}"


@contextmanager
def _interrupts_noted() -> Iterator[None]:
    """Ctrl-C and SIGTERM, for the block, noted and let go rather than raised (a SIGTERM ignored on purpose stays
    so); nothing where handlers cannot be set (not the main thread)."""
    previous = {}
    try:
        for sig in INTERRUPTS:
            if signal.getsignal(sig) is not signal.SIG_IGN:
                previous[sig] = signal.signal(sig, lambda signum, frame: None)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def manifest_path_ok(path: Path) -> bool:
    """Whether `path` is named as a batch manifest is: DIR/batches/STAMP--RANDOM.jsonl."""
    return path.parent.name == BATCHES and MANIFEST_NAME.fullmatch(path.name) is not None


def ruleset_copy_ok(path: Path) -> bool:
    """Whether `path` is named as a kept ruleset is: DIR/rulesets/SHA256.yaml."""
    return path.parent.name == RULESETS and KEPT_NAME.fullmatch(path.name) is not None


def records_folder_of(manifest: Path) -> Path:
    """The records folder a manifest is in (DIR of DIR/batches/NAME.jsonl)."""
    return Path(os.path.dirname(os.path.dirname(manifest)) or ".")
