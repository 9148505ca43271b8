"""One error tree: every error certify reports to a person is a CertifyError."""

from __future__ import annotations

import difflib
import errno
import os
import stat
from collections.abc import Iterable


def shown(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut at `limit` characters (a number of thousands of
    digits is not even written out: Python refuses past 4,300)."""
    if isinstance(value, int) and value.bit_length() >= 100:
        return "a number that long"
    return repr(value)[:limit]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to `word`, or None when nothing is close."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return matches[0] if matches else None


class Message(str):
    """A message in English (the text itself) that carries its Chinese as `zh`.

    Messages about a dossier are read by applicants in either language: the English
    text is what `str()` and programs see; `in_language` picks the one to show.
    """

    zh: str

    def __new__(cls, en: str, zh: str) -> Message:
        message = super().__new__(cls, en)
        message.zh = zh
        return message

    def __reduce__(self) -> tuple:  # a batch's worker processes send errors back pickled
        return Message, (str(self), self.zh)


def say(en: str, zh: str, **values: object) -> Message:
    """`en` and `zh` filled with `values`; a value that is itself a Message fills each in its own language."""
    return Message(en.format(**values), zh.format(**{k: getattr(v, "zh", v) for k, v in values.items()}))


def joined(parts: Iterable[str], en: str = ", ", zh: str = "，") -> Message:
    """`parts` joined by `en` and by `zh`, each part in its own language (a part not a Message is the same in both)."""
    parts = list(parts)
    return Message(en.join(parts), zh.join(getattr(p, "zh", p) for p in parts))


def either(en: list[str], zh: list[str]) -> Message:
    """One of several values, as each language lists them: 'a, b or c' in English; “a”“b”或“c” in Chinese, each word
    in Chinese quotes (no spaces set Chinese words apart) and the last after 或."""
    said_en = en[-1] if len(en) == 1 else f"{', '.join(en[:-1])} or {en[-1]}"
    quoted = [f"“{w}”" for w in zh]
    return Message(said_en, quoted[-1] if len(quoted) == 1 else f"{''.join(quoted[:-1])}或{quoted[-1]}")


TRUE_OR_FALSE = either(["true", "false"], ["true", "false"])  # what a yes-or-no field takes, in either language


def in_language(text: str, lang: str) -> str:
    """`text` in `lang`: a Message's Chinese under "zh", the text itself otherwise (messages not yet
    written in Chinese stay English)."""
    return text.zh if lang == "zh" and isinstance(text, Message) else str(text)


def shown_in(text: str, lang: str) -> str:
    """The language `in_language(text, lang)` shows: `lang` for a Message, English for a text in English alone."""
    return lang if isinstance(text, Message) else "en"


def hint_text(hint: str | None, lang: str = "en") -> str:
    """A did-you-mean suggestion as it follows a message (in the language the message is shown in)."""
    if not hint:
        return ""
    return f"（是否应为 '{hint}'？）" if lang == "zh" else f" (did you mean '{hint}'?)"


def aborted(cause: str, lang: str = "en") -> str:
    """The line a command stopped by Ctrl-C, SIGTERM or SIGHUP ends with (`cause` says which: Ctrl-C, terminated or
    hangup), in the command's language."""
    if lang == "zh":
        said = {"terminated": "收到终止信号", "hangup": "终端已断开"}.get(cause, cause)
        return f"已中止（{said}）：命令未运行完毕。"
    return f"Aborted ({cause}): stopped before the end."


_PATH_HEAD, _PATH_TAIL = 6, 3  # the parts of a long field path shown: where it starts, where it ends


def field_path(path: str, lang: str = "en") -> str:
    """A field path as a message shows it: one nested deeper than anyone reads (a ruleset's conditions hundreds of
    levels deep) keeps its first and last parts, the parts between counted in `lang`:
    levels[0].rules[0].when.any[0].any[0].any[0]. … (440 more) … .any[0].any[0].all[1]. The path itself, kept
    whole on the error, still finds the line."""
    parts = path.split(".")
    hidden = len(parts) - _PATH_HEAD - _PATH_TAIL
    if hidden < 8:  # a path a reader can follow: as it is
        return path
    middle = f" …（另有 {hidden} 层）… " if lang == "zh" else f" … ({hidden} more) … "
    return ".".join(parts[:_PATH_HEAD]) + "." + middle + "." + ".".join(parts[-_PATH_TAIL:])


class CertifyError(Exception):
    """Root of certify's errors: a message a person can act on, with where it happened.

    `file` is the file, `line` its 1-based line (when known), `path` the field path
    inside it (``employment[0].start``), `hint` a did-you-mean suggestion.
    """

    def __init__(self, message: str, *, file: str | None = None, path: str | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.path = path
        self.line = line
        self.hint = hint

    def where(self) -> str:
        """``file:line`` (or what of it is known)."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def detail(self, lang: str = "en") -> str:
        """The message with its field path and hint, without the file (for an error row), in `lang`
        where the message has been written in it."""
        message, hint = in_language(self.message, lang), hint_text(self.hint, shown_in(self.message, lang))
        if not self.path:
            return message + hint
        # A place said in words (a sheet's row and column) takes a Chinese colon; a field path stays as written.
        colon = "：" if lang == "zh" and isinstance(self.path, Message) else ": "
        place = in_language(self.path, lang) if isinstance(self.path, Message) else field_path(self.path, shown_in(
            self.message, lang))
        return f"{place}{colon}{message}{hint}"

    def quoted(self, *, placed: bool = False) -> Message:
        """The detail in English and Chinese, for a message that quotes this error: say(..., e=error.quoted());
        `placed`, after its file and line, as said() says it (for a message that does not name the file)."""
        if placed:
            return Message(self.said(), self.said("zh"))
        return Message(self.detail(), self.detail("zh"))

    def said(self, lang: str = "en") -> str:
        """The whole error, where it is and then its detail, in `lang` where the message has been written in it:
        FILE:LINE: DETAIL (FILE: DETAIL without a line), the colon full-width where the detail is said in Chinese
        (located)."""
        return located(self.where(), self.detail(lang), shown_in(self.message, lang))

    def said_line(self, lang: str = "en") -> str:
        """The line that says the error where it stops a command: `Error: ...`, or `错误：...` where it is
        said in Chinese."""
        return error_line(self.said(lang), shown_in(self.message, lang))

    def __str__(self) -> str:
        return self.said()


def located(where: str, text: str, lang: str = "en") -> str:
    """`text` after the place it is about, as a compiler says it (editors and CI tools link it): FILE:LINE: TEXT,
    or FILE: TEXT where no line is known; in Chinese (`lang` "zh") after a full-width colon, FILE:LINE：TEXT, as
    everything certify says in Chinese puts it after a name. No place, the text alone."""
    if not where:
        return text
    return f"{where}{'：' if lang == 'zh' else ': '}{text}"


def error_line(text: str, lang: str = "en") -> str:
    """`text` as an error's line, after `Error: `, or after `错误：` for a text said in Chinese (`lang` "zh")."""
    return f"错误：{text}" if lang == "zh" else f"Error: {text}"


def more_problems(n: int) -> Message:
    """What follows the one problem an error row names when its input has `n` more: how many, and where
    they are all listed."""
    return say(" (and {n} more problem{s}: certify validate lists {them})", "（另有 {n} 处问题：certify validate "
               "会逐一列出）", n=n, s="s"[:n - 1], them="them" if n > 1 else "it")


class DossierError(CertifyError):
    """A dossier file cannot be read or does not follow dossier-v1.

    `applicant_id` and `applicant_name` say whose it is where that is known: a spreadsheet applicant's
    row (the name when its cell could be read) or an id given again. They point the committee at the
    application and are not judged: a dossier file that fails validation is named by its file alone.

    An input with several problems (a dossier file, a spreadsheet applicant's rows) is one error, its
    first problem, with the others in `more`, in order: its detail counts them, the same way for every
    input (check and report give one message per input; certify validate lists each).
    """

    applicant_id: str | None = None
    applicant_name: str | None = None
    more: tuple = ()

    def detail(self, lang: str = "en") -> str:
        text = super().detail(lang)
        if not self.more:
            return text
        count = more_problems(len(self.more))
        return text + (count.zh if shown_in(self.message, lang) == "zh" else count)


def several(problems: list) -> DossierError:
    """The first of `problems` (DossierErrors of one input, in order), the others as its `more`: check and report
    count them after it, validate says each (a spreadsheet's headers: every sheet's problems found in one run)."""
    every = [each for problem in problems for each in (problem, *problem.more)]  # one list: a sheet's are several
    for problem in every:
        problem.more = ()
    every[0].more = tuple(every[1:])
    return every[0]


def more_mistakes(n: int, file: str) -> Message:
    """What follows the one mistake a command that stops at a ruleset names when the ruleset has `n` more: how
    many, and the command that lists them all."""
    return say(" (and {n} more mistake{s} in it: certify lint {f} lists them all)", "（其中另有 {n} 处错误："
               "certify lint {f} 会逐一列出）", n=n, s="s"[:n - 1], f=file)


class RulesetError(CertifyError):
    """A ruleset file cannot be read or does not follow the ruleset format.

    A ruleset with several independent mistakes is one error, its first mistake in the file, with the others in
    `more`, in line order: a command that stops at it counts them and names `certify lint`, which lists each."""

    more: tuple = ()

    def detail(self, lang: str = "en") -> str:
        text = super().detail(lang)
        if not self.more:
            return text
        count = more_mistakes(len(self.more), self.file or "")
        return text + (count.zh if shown_in(self.message, lang) == "zh" else count)

    cut = False  # said as the file cut short (cutshort.py): nothing else in it is to be looked for


class EngineError(CertifyError):
    """The rules engine did something it must never do (a bug, not bad input)."""


class UsageError(CertifyError):
    """The command was used wrongly (bad option value, missing path)."""


class OutputError(CertifyError):
    """An output file or folder cannot be written (no such place, no permission, a full disk); `errno` is the
    system's reason, where one was given."""

    errno: int | None = None


class LimitError(CertifyError):
    """An input cannot be read because the system refuses what reading it needs (too many open files): no
    problem with the input, so the run stops, naming it, rather than give an error row for it."""


def out_of_files(exc: BaseException) -> bool:
    """Whether `exc` is the system refusing to open another file: this process's limit or the whole system's."""
    return isinstance(exc, OSError) and exc.errno in (errno.EMFILE, errno.ENFILE)


def too_many_open_files(where: object, exc: OSError) -> LimitError:
    """The error for an input that cannot be read for `exc` (out_of_files), naming the input, not the file the
    system refused to open (a temporary file of certify's, say)."""
    if exc.errno == errno.ENFILE:
        message = Message("cannot be read: too many open files on this system (its limit for all programs is "
                          "reached); run again when fewer files are open", "无法读取：本机打开的文件过多（已达到系统对所有程序"
                          "的上限）；请在打开的文件减少后重新运行")
    else:
        message = Message("cannot be read: too many open files (the limit on open files, ulimit -n, is reached); "
                          "raise the limit and run again", "无法读取：打开的文件过多（已达到打开文件数的上限 ulimit -n）；"
                          "请调高上限后重新运行")
    return LimitError(message, file=str(where))


def no_such_path(path: object) -> UsageError:
    """A path named on the command line that leads to nothing: a dash (standard input, which certify reads
    nothing from), a link to nothing or in a loop, or no such file or folder."""
    if str(path) == "-":
        return UsageError(Message("- (standard input) is not read: name the files or folders (what is piped in can "
                                  "be saved as a file first)", "-（标准输入）不会被读取：请写出文件或文件夹（管道输入的内容"
                                  "可先保存为文件）"))
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return UsageError(say("{p}: a link in a loop (it leads back to itself)", "{p}：链接构成循环（指回自身）",
                                      p=path))
        return UsageError(say("{p}: a link to nothing (its target is gone)", "{p}：链接的目标已不存在", p=path))
    return UsageError(say("no such file or folder: {p}", "找不到文件或文件夹：{p}", p=path))



def unreadable(exc: OSError) -> Message:
    """Why a file met in a folder (a record, say) could not be read: a link to nothing or in a loop said as such,
    else the system's own words."""
    if exc.errno == errno.ELOOP:
        return Message("a link in a loop (it leads back to itself)", "链接构成循环（指回自身）")
    if exc.errno == errno.ENOENT:
        return Message("a link to nothing (its target is gone)", "链接的目标已不存在")
    return Message(exc.strerror or str(exc), exc.strerror or str(exc))


NOT_A_FILE = Message("not a regular file (a pipe or a device): not read", "不是普通文件（管道或设备）：未读取")


def not_a_file(path: object) -> bool:
    """Whether `path`, met in a folder, is a named pipe or a device (a link to /dev/zero): what a folder's walk
    names in its place (NOT_A_FILE) rather than read, since reading it could wait for ever or never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # gone, a link to nothing or in a loop: the reader says which
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def must_exist(path: object) -> None:
    """Raise no_such_path for a path named on the command line (a ruleset, a decisions file) that leads to
    nothing, as for the dossiers named: said in the command's --lang, not as the system's 'No such file'."""
    if not os.path.exists(path):
        raise no_such_path(path)


def exists_already(path: object) -> UsageError:
    """An output that is there already, without --force."""
    return UsageError(say("{p} already exists (use --force to replace it)", "{p} 已存在（如需替换，请加 --force）",
                          p=path))


def levels_of(top: int) -> str:
    """The levels of a standard of `top` levels as a range: '1-4'; '1' for a standard of one level (not '1-1')."""
    return "1" if top == 1 else f"1-{top}"


def no_such_level(level: int, ruleset: str, top: int) -> UsageError:
    """A --level the ruleset does not have."""
    return UsageError(say("--level {n}: {r} has levels {t}" if top > 1 else "--level {n}: {r} has level 1 only",
                          "--level {n}：{r} 只有 {t} 级", n=level, r=ruleset, t=levels_of(top)))
