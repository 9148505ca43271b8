"""Finding dossier files under the paths a command names: files as named, folders searched for .yaml, .yml
and .json (find_dossiers' meaning, which a batch keeps), with what a folder holds that is not read said, never
passed over."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from certify.errors import NOT_A_FILE, DossierError, Message, no_such_path, say
from certify.load import SURROGATE, cannot_read
from certify.sheets import SHEETS, WORKBOOK_SUFFIXES, sheet_of

DOSSIER_SUFFIXES = (".yaml", ".yml", ".json")
OLD_WORKBOOK = ".xls"  # Excel 97-2003: not read even when named, but in a folder said as the others are
_WORKBOOKS = (*WORKBOOK_SUFFIXES, OLD_WORKBOOK)


def name_problem(path: str) -> tuple[str, DossierError] | None:
    """A file name that is not UTF-8 (GBK, say, from an archive made on Windows), as it can be shown, and why
    it is not read: no output could name it. None for any other name."""
    if SURROGATE.search(path) is None:  # os.fsdecode keeps such bytes as lone surrogates
        return None
    shown = name_shown(path)
    if _utf8(path) and sys.getfilesystemencoding().lower() not in ("utf-8", "utf8"):  # a locale that reads no UTF-8
        return shown, DossierError(say(
            "the file name cannot be read in this locale (file names are read as {e}): set a UTF-8 locale "
            "(LANG=C.UTF-8) and leave PYTHONUTF8 unset, then run again", "当前语言环境无法读取此文件名（文件名按 {e} 读取）："
            "请使用 UTF-8 语言环境（LANG=C.UTF-8）并取消设置 PYTHONUTF8，然后重新运行", e=sys.getfilesystemencoding()),
            file=shown)
    return shown, DossierError(Message("the file name is not UTF-8 text (from an archive made on Windows?): rename the "
                                       "file, it was not read",
                                       "文件名不是 UTF-8 文本（来自 Windows 上制作的压缩包？）：请重命名该文件，它未被读取"),
                               file=shown)


def _utf8(path: str) -> bool:
    """Whether a name's bytes (os.fsdecode kept those it could not read as lone surrogates) are UTF-8 after all."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_old(book: str) -> bool:
    """Whether a workbook a folder holds is an old .xls, which certify does not read even when named."""
    return book.lower().endswith(OLD_WORKBOOK)


def sheet_file(name: str) -> bool:
    """Whether a file's name is that of a CSV set's sheet (applicants.csv, 学历.csv, ...)."""
    return name.lower().endswith(".csv") and sheet_of(name[:-4]) is not None


def judged_name(name: str) -> bool:
    """Whether a file's path in a folder named to judge is one the folder's search reads as a dossier written by
    hand (YAML: certify writes no results in YAML; not hidden), or, in the folder itself, a sheet of its CSV set.
    (A .json file there may be certify's own results, run again: Batch's `own`.)"""
    parts = name.split(os.sep)
    return ((name.lower().endswith((".yaml", ".yml")) and not any(p.startswith(".") for p in parts))
            or (len(parts) == 1 and sheet_file(name)))


def _csv_folder(path: str) -> bool:
    """Whether an unread `path` is a folder under the one named that holds a CSV set's sheets (not a link)."""
    return os.path.isdir(path) and not os.path.islink(path)


_SHEET_NAMES = ", ".join(f"{s}.csv" for s in SHEETS[:2]) + ", ..."


def unread_error(path: str) -> DossierError:
    """Why a workbook, a CSV set or a link to a folder under a folder was not read, as certify report's error row
    in its place (the documents are what a committee signs: nothing left out unseen)."""
    if _csv_folder(path):
        return DossierError(say(
            "a CSV set in a subfolder is not read, so its applicants were not judged: name its folder on the command "
            "line", "子文件夹中的 CSV 申报表不会被读取，其中的申报人未被评定：请在命令行中写出该文件夹"), file=path)
    if os.path.isdir(path):
        return DossierError(say(
            "a link to a folder is not searched, so any dossiers in it were not judged: name it on the command "
            "line (or copy its dossiers into the folder)", "指向文件夹的链接不会被查找，其中的申报材料（如有）未被评定："
            "请在命令行中写出它（或将其中的申报材料复制到该文件夹）"), file=path)
    if is_old(path):
        return DossierError(say(
            "an .xls workbook is not read (certify reads .xlsx and .xlsm only), so its applicants were not "
            "judged: save it as .xlsx and name that on the command line (or move it out of the folder)",
            "文件夹中的 .xls 工作簿不会被读取（只读取 .xlsx、.xlsm），其中的申报人未被评定：请将其另存为 .xlsx 并在命令行"
            "中写出（或将其移出文件夹）"), file=path)
    return DossierError(say(
        "a workbook in a folder is not read, so its applicants were not judged: name it on the command line "
        "(or move it out of the folder)", "文件夹中的工作簿不会被读取，其中的申报人未被评定：请在命令行中写出"
        "该工作簿（或将其移出文件夹）"), file=path)


def unread_note(path: str, lang: str) -> str:
    """The note on standard error for a workbook, a CSV set or a link to a folder under a folder, not read."""
    zh = lang == "zh"
    if _csv_folder(path):
        return (f"注意：未读取 {path} 中的 CSV 申报表（{_SHEET_NAMES.replace(', ', '、').replace('、...', ' 等')}；"
                f"文件夹中只查找申报材料文件和该文件夹本身的 CSV 申报表）：如需评定其中的申报人，请在命令行中写出 {path}" if zh else
                f"note: the CSV set in {path} ({_SHEET_NAMES}) was not read (a folder is searched for dossier files "
                f"and its own CSV set only): to judge its applicants, name {path} on the command line")
    if os.path.isdir(path):
        return (f"注意：未查找 {path}（指向文件夹的链接不会被进入）：如需评定其中的申报材料，请在命令行中写出它" if zh else
                f"note: {path} was not searched (a link to a folder is not entered): to judge its dossiers, "
                "name it on the command line")
    if is_old(path):
        return (f"注意：未读取 {path}（只读取 .xlsx、.xlsm 工作簿）：如需评定其中的申报人，请将其另存为 .xlsx 并在命令行中写出"
                if zh else f"note: {path} was not read (certify reads .xlsx and .xlsm workbooks only): to judge its "
                "applicants, save it as .xlsx and name that on the command line")
    return (f"注意：未读取 {path}（文件夹中只查找申报材料文件）：如需评定其中的申报人，请在命令行中写出该工作簿" if zh else
            f"note: {path} was not read (a folder is searched for dossier files only): to judge its applicants, "
            "name it on the command line")


def hidden_notes(paths: Iterable[str], lang: str, named: Iterable[str] = ()) -> list[str]:
    """The notes on standard error for hidden files named like dossiers that a folder's search passed over (each
    once, however often it was reached, and none `named`: real paths read as named): one per folder that holds
    any, naming the first ten (a folder of many stays one line)."""
    zh, by_folder, seen = lang == "zh", {}, set(named)
    for path in paths:
        if (real := os.path.realpath(path)) not in seen:
            seen.add(real)
            by_folder.setdefault(os.path.dirname(path), []).append(name_shown(os.path.basename(path)))
    notes = []
    for folder, names in by_folder.items():
        names.sort()
        shown = ("、" if zh else ", ").join(names[:10]) + (f" 等 {len(names)} 个" if zh else
                                                           f", ... {len(names)} in all") * (len(names) > 10)
        folder = name_shown(folder)
        notes.append(f"注意：{folder} 中的隐藏文件（文件名以“.”开头）未被读取：{shown}；如需评定，请在命令行中写出该文件，"
                     "或去掉文件名开头的“.”" if zh else f"note: {folder} holds hidden files (a name beginning with '.'), "
                     f"which were not read: {shown}; to judge one, name it on the command line, or rename it "
                     "without the '.'")
    return notes


def real_path(path: str | Path) -> str:
    """os.path.realpath of `path`; its absolute path for a name the file system's encoding cannot write (a name
    shown, name_shown, where file names are read as ASCII: PYTHONUTF8=0 in the C locale)."""
    try:
        return os.path.realpath(path)
    except UnicodeEncodeError:
        return os.path.abspath(path)


def name_shown(path: str) -> str:
    """A path as it can be shown: a name that is not UTF-8 (name_problem) with its bytes escaped."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def find_dossiers(paths: Iterable[str | Path] | str | Path) -> Iterator[Path | DossierError]:
    """Dossier files under `paths`: files as named, folders searched for .yaml/.yml/.json.

    A folder that cannot be listed comes as a DossierError in its place (its dossiers
    are unknown), for the caller to report: it is never passed over in silence.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    # Check every path before yielding any, so a typo fails before a long batch runs.
    for path in paths:
        if not path.exists():
            raise no_such_path(path)
    return _walk_all(paths)


def _walk_all(paths: list[Path]) -> Iterator[Path | DossierError]:
    for path in paths:
        if path.is_dir():
            for file, real in dossier_files(path):
                yield real if isinstance(real, DossierError) else Path(file)
        else:
            yield path


def dossier_files(root: str | Path, workbooks: list[str] | None = None, own: frozenset[str] = frozenset(),
                  links: list[str] | None = None, hidden: list[str] | None = None) -> list[tuple[str, str | DossierError]]:
    """The dossier files under the folder `root`, in the order of their paths below it: (path, real path).

    Hidden files and folders are skipped, and folders reached through a link are not
    entered (as os.walk does): with `hidden`, the path of a hidden file named like a dossier (.zhang.yaml) in a
    folder searched is added to that list, for the caller to say it was not read; not an AppleDouble file
    (._zhang.yaml, what macOS leaves beside each file in an archive: no dossier), nor anything in a hidden folder
    (.git, .venv: a tool's, not a cycle's). The real path (what a batch uses to read a file reached
    twice once) is the folder's real path plus the name unless the file is itself a
    link: one system call per folder, not one per file and per part of its path.
    A folder that cannot be listed (no permission, a disk error), a link in a loop and a
    pipe or device named like a dossier come in their place as (the path, a DossierError
    saying why): the caller reports them rather than passing them over (or, for a
    pipe, waiting on it for ever).
    A workbook (.xlsx, .xlsm, or an old .xls) under the folder is not a dossier file: with `workbooks`, its
    path is added to that list (in the same order), for the caller to say it was not read; so is a folder
    below `root` that holds a CSV set's sheets (applicants.csv, ...): `root`'s own are its caller's to read. So is, with
    `links`, a link to a folder outside `root` (inside it, its dossiers are read where they are).
    `own`: the real paths of the folders and files certify writes (a report's --out, check's --record and
    --output), not entered nor read: what certify wrote is no dossier of the cycle's.
    """
    found: list[tuple[str, str, str | DossierError]] = []
    books: list[tuple[str, str]] = []
    linked: list[tuple[str, str]] = []
    inside = os.path.join(os.path.realpath(root), "")

    def refuse(below: str, path: str, why: Message) -> None:  # in its place: said, not read
        found.append((below, path, DossierError(why, file=path)))

    def visit(folder: str, below: str) -> None:
        real = None
        sheets: list[str] = []  # this folder's CSV set, said once
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):  # gone or replaced since it was listed
            return
        except OSError as exc:
            refuse(below, folder, say("cannot read folder: {e}; its dossiers, if any, were not read",
                                      "无法读取文件夹：{e}；其中的申报材料（如有）未被读取", e=exc.strerror or exc))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                if hidden is not None and name[1:2] != "_" and name.lower().endswith(DOSSIER_SUFFIXES):
                    _hidden_file(entry, hidden, own)
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not own or os.path.realpath(entry.path) not in own:
                        visit(entry.path, f"{below}{name}/")
                    continue
            except OSError:  # pragma: no cover - vanished while listed
                continue
            if links is not None and _links_to_folder(entry):  # not entered (two links could make a loop): said
                target = os.path.realpath(entry.path)
                if not os.path.join(target, "").startswith(inside) and target not in own:
                    linked.append((below + name, entry.path))
                continue
            if name.lower().endswith(DOSSIER_SUFFIXES):
                try:
                    if entry.is_dir():  # a link to a folder: not entered, not a file
                        continue
                    regular = entry.is_file()
                except OSError as exc:  # a link in a loop, say
                    refuse(below + name, entry.path, Message(
                        "a link in a loop (it leads back to itself): not read", "链接构成循环（指回自身）：未读取")
                        if exc.errno == errno.ELOOP else cannot_read(exc))
                    continue
                if not regular:  # a named pipe or a device (a link to /dev/zero): reading could wait or never end
                    refuse(below + name, entry.path,
                           Message("a link to nothing (its target is gone): not read", "链接的目标已不存在：未读取")
                           if not os.path.exists(entry.path) else
                           NOT_A_FILE)
                    continue
                bad_name = name_problem(entry.path)
                if bad_name is not None:
                    found.append((below + name, *bad_name))
                    continue
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                else:
                    real = real or os.path.realpath(folder)
                    target = os.path.join(real, name)
                if own and target in own:  # check's own --output, from the last run
                    continue
                found.append((below + name, entry.path, target))
            elif workbooks is not None and below and sheet_file(name) and not sheets:
                sheets.append(below)
                books.append((below, folder))
            elif workbooks is not None and name.lower().endswith(_WORKBOOKS) and not name.startswith("~$"):
                try:  # (~$cycle.xlsx: the lock file Excel keeps beside a workbook it has open)
                    if entry.is_file():
                        books.append((below + name, entry.path))
                except OSError:  # pragma: no cover - a link in a loop: not a workbook to read either
                    pass

    visit(os.fspath(root), "")
    if workbooks is not None:
        workbooks.extend(path for _, path in sorted(books))
    if links is not None:
        links.extend(path for _, path in sorted(linked))
    found.sort(key=lambda item: item[0])
    return [(file, real) for _, file, real in found]


def _hidden_file(entry: os.DirEntry, hidden: list[str], own: frozenset[str]) -> None:
    """Add a hidden file named like a dossier to `hidden`, unless it is none (a folder) or certify's own."""
    try:
        if entry.is_file() and (not own or os.path.realpath(entry.path) not in own):
            hidden.append(entry.path)
    except OSError:  # pragma: no cover - a link in a loop: no file to say either
        pass


def _links_to_folder(entry: os.DirEntry) -> bool:
    """Whether a folder's entry is a link to a folder (a link in a loop is not: it is said as a file is)."""
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False
