"""Decision records made where their verdicts are judged (`--record`): in a pool's worker, or in the one process.

Making a record (its verdict and facts as results-v1 and the record format say them, its JSON, its name's digest,
its sha256) took the parent of a pool most of its time: `certify report --record --jobs 2` of 20,000 applicants ran
about four times as long as without --record, the workers mostly waiting. The process that judges a verdict now
makes its record (records.Made: the file's name, bytes and sha256) and sends it with the verdict; the parent's
Recorder only writes the bytes, with the record's line in the batch's manifest, in input order (records.py).

A spreadsheet applicant's record hashes its data as it was judged (Verdict.dossier_sha256, check_batch's
data_digest) and names the spreadsheet's files with their sha256, hashed once per process: the spreadsheet is not
read again for its records. A record that cannot be made here (a file gone before it was hashed, a spreadsheet's
files that cannot be read) is left to the Recorder, which makes it as it always has and says why it cannot.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .check import Result
from .recordsheets import SheetOrigin, sha256_of, sheet_origin
from .records import Made, make_record, ruleset_source, sheet_dossier
from .verdict import Verdict


class RecordMaker:
    """Makes each verdict's record as the Recorder would (Recorder.for_workers gives `spec`), with `rulesets` (by
    sha256) those the verdicts may be judged by."""

    def __init__(self, rulesets: dict, spec: dict) -> None:
        self.rulesets = rulesets
        self.options, self.editions, self.squeezed = spec["options"], spec["editions"], spec.get("squeezed", False)
        self._sources: dict[str, dict] = {}  # ruleset sha256 -> ruleset_source, worked out once (it resolves paths)
        self._files: dict[tuple[bool, str], tuple[str, dict[str, str]]] = {}  # a spreadsheet: where, its files' sha256

    def __call__(self, unit, result: Result) -> Result:
        """`result` with its record made (Verdict.made_record), when it is a verdict and the record can be made."""
        if not isinstance(result, Verdict):
            return result
        loaded = self.rulesets.get(result.ruleset["sha256"])
        try:
            dossier = self._sheet_dossier(unit, result)
            if loaded is None or dossier is False:
                return result
            sha = result.ruleset["sha256"]
            if sha not in self._sources:
                self._sources[sha] = ruleset_source(loaded)
            record = make_record(result, loaded, options=self.options, editions=self.editions, dossier=dossier,
                                 source=self._sources[sha])
            return replace(result, made_record=Made.of(record, self.squeezed))
        except Exception:  # noqa: BLE001 - the Recorder makes it again, and says what stops it as it always has
            return result

    def _sheet_dossier(self, unit, verdict: Verdict) -> dict | None | bool:
        """A spreadsheet applicant's `dossier` field; None for a dossier file's (records.dossier_source); False when
        it is not to be made here (its data not hashed as judged)."""
        origin = sheet_origin(verdict.file, verdict.applicant_id)
        if origin is None:
            return None
        info = getattr(unit, "info", None)  # sheetunit.SheetRows; a SheetApplicant has its place itself
        place = info.place if info is not None else getattr(unit, "place", None)
        if not verdict.dossier_data or not verdict.dossier_sha256 or place is None:
            return False
        return sheet_dossier(verdict, origin, verdict.dossier_sha256, *self._files_of(origin, place))

    def _files_of(self, origin: SheetOrigin, place) -> tuple[dict[str, str], str]:
        """The sha256 of a spreadsheet's files, by name, as records.read_sheets gives them (a CSV set's sheets), and
        where it is (resolved)."""
        key = (origin.csv, origin.source)
        if key not in self._files:
            source = Path(origin.source)
            names = sorted(set(place.names.values())) if origin.csv else [source.name]
            self._files[key] = ({name: sha256_of(source / name if origin.csv else source) for name in names},
                                str(source.resolve()))
        return self._files[key]


def record_maker(rulesets: dict, spec: dict | None):
    """What check_batch's `record` asks of the process that judges: each result with its record made, or as it is."""
    if spec is None:
        return lambda unit, result: result
    return RecordMaker(rulesets, spec)
