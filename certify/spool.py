"""A batch's results kept on disk, not in memory, while the whole batch is looked over before any is handed on.

The committee's decisions (--overrides) are checked against the whole batch before the first verdict is
written or recorded: a decision about an applicant who is not in it stops the command with nothing
written. Holding every verdict in memory for that cost ~8 KB an applicant (a report of 10,000 peaked at
172 MB in the parent, against 92 MB); here each result is written as it
comes into an unnamed temporary file, packed as a pool's worker sends it (packing.pack: rule ids in place
of the ruleset's objects), and read back one at a time when the batch has been looked over.
"""

from __future__ import annotations

import pickle
from collections.abc import Container, Iterator

from .check import Result
from .packing import Unpacker, pack
from .scratch import temporary_file


class Pickled:
    """Entries pickled to an unnamed temporary file as they are appended (gone when closed, or when the process
    ends), read back in the same order as often as asked for."""

    def __init__(self, prefix: str = "certify-spool-") -> None:
        self._file = temporary_file(prefix)
        self.count = 0

    def append(self, entry: object) -> None:
        pickle.dump(entry, self._file, protocol=pickle.HIGHEST_PROTOCOL)  # a pickler each: none keeps a memo of all
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()


class Spool:
    """Results written to a temporary file as they are added, then read back in the same order (replay)."""

    def __init__(self, engine) -> None:
        """`engine`: the Engine or RulesetSource that judged the results, whose ruleset objects are put back."""
        self._unpack = Unpacker(engine)
        self._entries = Pickled()

    def add(self, result: Result) -> None:
        # The id beside the packed result: a pass over the ids, or over a few applicants, unpacks no other.
        packed = pickle.dumps(pack(result), protocol=pickle.HIGHEST_PROTOCOL)
        self._entries.append((result.applicant_id, hasattr(result, "levels"), packed))

    def replay(self, only: Container[str] | None = None) -> Iterator[Result]:
        """Every result added, in order (`only`: those of these applicant ids); may be asked for again."""
        for ident, _, packed in self._entries:
            if only is None or ident in only:
                yield self._unpack(pickle.loads(packed))

    def judged_ids(self) -> Iterator[str]:
        """The applicant id of every verdict added (not of the errors), in order."""
        return (ident for ident, judged, _ in self._entries if judged)

    def close(self) -> None:
        self._entries.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
