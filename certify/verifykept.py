"""A record whose ruleset file changed since, judged again by the copy of the ruleset kept beside it (its records
folder's rulesets/SHA256.yaml, the bytes it was judged by): was it right by the rules it was judged by? verify.py
says what this gives after the verdict by the ruleset as it is now; a copy that is not there, not those bytes, or
not to be read or loaded by this certify is said so, never passed over.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CertifyError, DossierError, Message, say
from .load import cannot_read
from .manifest import kept_name
from .recordsheets import sha256_of


def by_kept(verifier, path: Path, sha256: str, load, read, dossier_path: str, old: dict, outcome: Message,
             engine: Message | None = None) -> Message:
    """`outcome` (the verdict judged by the ruleset as it is now), and after it what the copy of the ruleset
    kept beside the record (its folder's rulesets/SHA256.yaml, the bytes it was judged by) gives: the verdict
    reproduced, or how it differs by those rules too; or that no such copy is there unchanged to judge it by (a
    record named alone, or copied out of its folder, has no line of the copy's own to say so). `engine`: how the
    engine that wrote the record is not this one, said beside a verdict that differs by the copy too."""
    kept = path.parent / kept_name(sha256)
    try:
        if not kept.is_file():
            return say("{o}; the copy of the ruleset as it was is not beside the record ({k}): whether it was right "
                       "by the rules it was judged by cannot be told", "{o}；判定记录旁没有评定时标准的留存副本（{k}）："
                       "无法判断按当时的规则它是否正确", o=outcome, k=kept)
        if sha256_of(kept) != sha256:
            return say("{o}; the copy of the ruleset as it was beside the record ({k}) no longer holds the bytes its "
                       "name gives: whether it was right by the rules it was judged by cannot be told",
                       "{o}；判定记录旁的评定时标准留存副本（{k}）已不是其文件名所示的内容：无法判断按当时的规则它是否正确",
                       o=outcome, k=kept)
        engine_kept = verifier.engine(kept, sha256)
    except OSError as exc:
        return say("{o}; the copy of the ruleset as it was beside the record cannot be read ({k}: {e}): whether it was "
                   "right by the rules it was judged by cannot be told", "{o}；判定记录旁的评定时标准留存副本无法读取（{k}：{e}）："
                   "无法判断按当时的规则它是否正确", o=outcome, k=kept, e=cannot_read(exc))
    except CertifyError as e:  # kept as it was, and refused by this certify: said, not passed over
        e.file = str(kept)
        return say("{o}; the copy of the ruleset as it was beside the record no longer loads under this certify ({e}): "
                   "whether it was right by the rules it was judged by cannot be told", "{o}；判定记录旁的评定时标准留存副本在"
                   "此版 certify 下已无法载入（{e}）：无法判断按当时的规则它是否正确", o=outcome, e=e.quoted(placed=True))
    try:
        new, _, _, said = verifier.judged(engine_kept, load, read, dossier_path, old)
    except CertifyError as e:
        e.file = dossier_path if isinstance(e, DossierError) else e.file
        return say("{o}; judged by {k}, the copy kept of the ruleset as it was, it can no longer be evaluated: {e}",
                   "{o}；按留存的评定时标准副本（{k}）判定，已无法评定：{e}", o=outcome, k=kept, e=e.quoted(placed=True))
    return (say("{o}; judged by {k}, the copy kept of the ruleset as it was, it is reproduced",
                "{o}；按留存的评定时标准副本（{k}）判定，结果可复现", o=outcome, k=kept) if new == old
            else say("{o}; judged by {k}, the copy kept of the ruleset as it was, it differs too: {b}{e}",
                     "{o}；按留存的评定时标准副本（{k}）判定，结果同样不符：{b}{e}", o=outcome, k=kept, b=said,
                     e=say("; but {e}, which may be why", "；但{e}，不符可能由此而来", e=engine) if engine else ""))
