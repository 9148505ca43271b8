"""A file's bytes as text, and what is said of bytes that are not the text certify reads.

Dossiers, rulesets, case files and a committee's decisions file in YAML are UTF-8 (a byte-order mark is
fine); a CSV file (a CSV set's sheet, a decisions file) is UTF-8 or GB18030. Whatever else a file holds is
named when it can be told from its first bytes, with what to do about it: UTF-16 (Notepad's "Unicode",
Excel's "Unicode Text"), with its byte-order mark or without one; GBK (Notepad's "ANSI" on Chinese Windows)
where only UTF-8 is read; a zip file (an .xlsx workbook saved under a text file's name) or an Office file
of the older kind (an .xls workbook, or one with a password). A decision record, which certify writes as UTF-8
without a byte-order mark, saved again with one or in another encoding is said so. One module says it for every reader.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Message, say

HEAD = 400  # the first bytes of a file: enough to tell UTF-16, a zip file or an Office file
_UTF16 = (b"\xff\xfe", b"\xfe\xff")  # the byte-order marks Notepad's "Unicode" (UTF-16) begins a file with
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip file's first bytes: an .xlsx or .docx file is one
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old-style Office file (.xls, .doc), or a password-protected .xlsx

SAVE_AS = Message("save the file again as UTF-8 (in Notepad: File, Save As, Encoding: UTF-8)",
                  "请把文件另存为 UTF-8 编码（记事本：“文件”→“另存为”，“编码”选 UTF-8）")
_SAVE_AS_CSV = Message("save it again as CSV (in Excel: File, Save As, CSV UTF-8 (Comma delimited))",
                       "请重新另存为 CSV（Excel：“文件”→“另存为”，选“CSV UTF-8(逗号分隔)”）")


def utf16(raw: bytes) -> bool:
    """Whether `raw` is UTF-16: its byte-order mark, or, without one, a NUL beside each ASCII letter (which UTF-8
    would read as letters and NULs), on one side of the pairs of bytes (nearly) only, and the pairs UTF-16's."""
    if raw[:2] in _UTF16:
        return True
    head = raw[:min(len(raw), HEAD) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < 2 or max(even, odd) < 10 * min(even, odd):  # (a Chinese character may end in a NUL: 丐 is 4E10)
        return False
    try:
        head.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError as e:  # but a character of two pairs may be cut in two where the head ends
        return e.start >= len(head) - 2
    return True


def binary_kind(raw: bytes) -> Message | None:
    """What a file is that is no text at all, when its first bytes tell: a zip file (an .xlsx workbook, say) or
    an old-style Office file; None otherwise."""
    if raw[:4] in _ZIP:
        return Message("it is a zip file (an .xlsx workbook or a .docx document, say), not text",
                       "它是一个 zip 文件（例如 .xlsx 工作簿或 .docx 文档），不是文本文件")
    if raw[:8] == _OLE:
        return Message("it is an Office file (an .xls workbook or a .doc document, or a file with a password), not text",
                       "它是一个 Office 文件（.xls 工作簿、.doc 文档，或设有密码的文件），不是文本文件")
    return None


def utf8_text(raw: bytes) -> str:
    """`raw` read as UTF-8 (a byte-order mark is fine); UnicodeDecodeError when it is not, or when it is UTF-16
    without a byte-order mark (UTF-8 would read it as letters and NULs)."""
    text = raw.decode("utf-8-sig")  # UTF-16 with its byte-order mark stops here
    if "\0" in text and utf16(raw):  # a NUL, which no text certify reads holds, looked at only when there is one
        raise UnicodeDecodeError("utf-8", raw, 0, 1, "UTF-16")
    return text


def not_utf8(raw: bytes, start: int = 0) -> Message:
    """Why `raw` is not UTF-8 text (`start`: where its first invalid byte is), and what to do: a file Notepad
    saved as "Unicode" (UTF-16) or, on Chinese Windows, as "ANSI" (GBK, read as GB18030) is named so, and so is
    a file that is no text at all. The file is never read in those: certify's files are UTF-8."""
    if utf16(raw):
        return say("not UTF-8 text: saved as UTF-16 (Notepad's \"Unicode\"); {fix}",
                   "不是 UTF-8 文本：文件以 UTF-16（记事本的“Unicode”）保存；{fix}", fix=SAVE_AS)
    kind = binary_kind(raw)
    if kind is not None:
        return say("not UTF-8 text: {k}", "不是 UTF-8 文本：{k}", k=kind)
    try:
        gbk = b"\0" not in raw and bool(raw.decode("gb18030"))
    except UnicodeDecodeError:
        gbk = False
    if gbk:
        return say("not UTF-8 text: it looks saved as GBK (GB18030), as Notepad saves \"ANSI\" on Chinese Windows; {fix}",
                   "不是 UTF-8 文本：看来是以 GBK（GB18030）编码保存的，中文 Windows 的记事本选“ANSI”即如此；{fix}",
                   fix=SAVE_AS)
    return say("not UTF-8 text (invalid byte at offset {n}); {fix}", "不是 UTF-8 文本（第 {n} 个字节起无效）；{fix}",
               n=start, fix=SAVE_AS)


def resaved(path) -> Message | None:
    """Why the file at `path`, which certify wrote as UTF-8 JSON without a byte-order mark (a decision record), is
    not text as certify writes it: saved again by an editor, with a byte-order mark, or as UTF-16 or GBK; None when
    it is, or cannot be read (said otherwise)."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        return Message("it begins with a byte-order mark (UTF-8 BOM), which certify never writes: it was saved again, "
                       "by an editor, after it was written; to verify what it holds, save it as UTF-8 without one",
                       "文件以字节顺序标记（UTF-8 BOM）开头，而 certify 从不写入它：该文件写入后曾被编辑器重新保存；"
                       "如需核对其内容，请另存为不带 BOM 的 UTF-8")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return say("it was saved again after it was written, not as certify writes it: {w}",
                   "该文件写入后曾被重新保存，已非 certify 写出的样子：{w}", w=not_utf8(raw, e.start))
    return None


def not_a_workbook(head: bytes, error: str, name: str = "") -> Message:
    """Why a file named as a workbook (.xlsx) whose first bytes are `head` cannot be read as one (`error`: what
    the workbook reader said; `name`: the file's name), and what to do: the lock file Excel leaves beside a
    workbook it has open (~$cycle.xlsx, which `certify check *.xlsx` names too), an empty file, a workbook with a
    password (an Office file of the older kind, as Excel encrypts one), a zip file cut short (a copy or download not
    finished), text (a CSV file renamed); else the reader's own words."""
    if name.startswith("~$") and head[:4] not in _ZIP:
        return Message("not a workbook: a lock file, which Excel leaves beside a workbook while it is open (its name is "
                       "~$ and the workbook's); name the workbook itself (certify reads it as last saved: save it in Excel first)",
                       "不是工作簿：这是 Excel 打开工作簿时在其旁边留下的锁定文件（文件名为 ~$ 加工作簿名）；请写出工作簿本身"
                       "（certify 读取的是最后保存的内容：请先在 Excel 中保存）")
    if not head:
        return Message("empty file (0 bytes): no workbook in it", "空文件（0 字节）：其中没有工作簿")
    if head[:8] == _OLE:
        return Message("a workbook with a password (encrypted), or an old .xls workbook renamed .xlsx: certify cannot "
                       "read it; open it in Excel, remove the password (File, Info, Protect Workbook, Encrypt with "
                       "Password: leave it empty) and save it as .xlsx",
                       "设有密码（已加密）的工作簿，或改名为 .xlsx 的旧版 .xls 工作簿：certify 无法读取；请在 Excel 中打开，"
                       "取消密码（“文件”→“信息”→“保护工作簿”→“用密码进行加密”，清空密码）并另存为 .xlsx")
    if head[:4] in _ZIP and "zip file" in error.lower():
        return Message("the workbook is damaged: its zip file is cut short or spoiled (a copy or a download not "
                       "finished?); copy it again, or open and save it in Excel",
                       "工作簿已损坏：其 zip 文件不完整或已损坏（复制或下载未完成？）；请重新复制，或在 Excel 中打开后保存")
    if head[:4] in _ZIP and "[Content_Types].xml" in error:
        return Message("a zip file that holds no workbook (a .zip file renamed .xlsx?)",
                       "一个 zip 文件，但其中没有工作簿（改名为 .xlsx 的 .zip 文件？）")
    if _text(head):
        return Message("not a workbook: the file holds text (a CSV file named .xlsx?); save it as .xlsx in Excel, or "
                       "name it as a sheet of a CSV set (applicants.csv, ...)",
                       "不是工作簿：文件中是文本（改名为 .xlsx 的 CSV 文件？）；请在 Excel 中另存为 .xlsx，或按 CSV 申报表的"
                       "工作表命名（applicants.csv 等）")
    return say("cannot be read as an .xlsx workbook ({e})", "无法作为 .xlsx 工作簿读取（{e}）", e=error)


def _text(head: bytes) -> bool:
    """Whether `head` reads as text: UTF-8 (a character cut where the head ends aside) or GB18030, with no control
    character but tabs and line breaks."""
    if any(b < 32 and b not in (9, 10, 13) for b in head):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as e:
            if e.start >= len(head) - 3:
                return True
    return False


def not_csv_text(head: bytes) -> Message:
    """Why a CSV file whose first bytes are `head` is neither UTF-8 nor GB18030, and what to do."""
    if utf16(head):
        return say("not UTF-8 or GB18030 text: saved as UTF-16 (Excel's \"Unicode Text\"); {fix}",
                   "不是 UTF-8 或 GB18030 文本：文件以 UTF-16（Excel 的“Unicode 文本”）保存；{fix}", fix=_SAVE_AS_CSV)
    kind = binary_kind(head)
    if kind is not None:
        return say("not UTF-8 or GB18030 text: {k}; {fix}", "不是 UTF-8 或 GB18030 文本：{k}；{fix}", k=kind,
                   fix=_SAVE_AS_CSV)
    return say("not UTF-8 or GB18030 text; {fix}", "不是 UTF-8 或 GB18030 文本；{fix}", fix=_SAVE_AS_CSV)
