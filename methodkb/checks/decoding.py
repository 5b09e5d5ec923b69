"""A file's bytes as text: the encoding told by evidence (``decode``), never by what merely decodes.

Editors save method files from Word, Notepad and Excel, so a file comes with a BOM, or in GBK,
Big5 or UTF-16. A file is read, and ``--fix`` rewrites it (``fixing``), only when its text is
certain; a file mixing encodings, or one that could be GBK as well as Big5, is refused with the
reason, and so is a file not text at all (``MAX_BYTES``: one too large to be a method).
"""

from __future__ import annotations

import errno
import re
import unicodedata
from dataclasses import dataclass, field

from methodkb.checks import characters


BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Method and collection files are a few KB; a file this large holds a pasted document or an image.
MAX_BYTES = 1024 * 1024


# Why a file could not be opened, in words an editor can act on.
READ_ERRORS = {errno.ENOENT: "文件不存在（也许是指向别处的链接已失效）", errno.EACCES: "没有读取这个文件的权限",
               errno.EISDIR: "这是一个文件夹，不是文件"}


# What the editor is told about a file's encoding, each at the line of the first byte that is
# not UTF-8 (line 1 for a BOM or UTF-16): what it is, whether it was read, what to do.
# Only what ``--fix`` does for certain is offered: these are said only of a file whose text is certain.
FIX_COMMAND = "python scripts/check.py --fix 文件"
SAVE_AS = f"运行 {FIX_COMMAND} 可自动转存为 UTF-8；也可以在编辑器中选择“UTF-8（无 BOM）”另存一次。"
BOM_MESSAGE = (f"文件开头有 UTF-8 BOM（字节顺序标记）。运行 {FIX_COMMAND} 可自动删去；"
               "也可以在编辑器中选择“UTF-8（无 BOM）”重新保存。")
ENCODING_MESSAGES = {
    "UTF-16": "文件是 UTF-16 编码（记事本的“Unicode”），不是 UTF-8。" + SAVE_AS,
    "GBK": "文件是 GBK（GB2312/GB18030）编码，不是 UTF-8。" + SAVE_AS,
    "Big5": f"文件是 Big5（繁体中文）编码，不是 UTF-8。运行 {FIX_COMMAND} 可自动转存为 UTF-8，并把繁体字改为简体；"
            "也可以在编辑器中选择“UTF-8（无 BOM）”另存一次。",
}
NEITHER = "文件既不是 UTF-8 也不是 GBK 编码，无法读取；第一个无法识别的字节在此行。请在编辑器中把它另存为“UTF-8（无 BOM）”。"
AMBIGUOUS = ("文件不是 UTF-8 编码：它既能读成简体的 GBK，也能读成繁体的 Big5，无法确定是哪一种，没有读取，--fix 也不会改动它；"
             "第一个不是 UTF-8 的字节在此行。请在编辑器中分别用 GBK 和 Big5 编码打开，选文字显示正确的那一种，"
             "再另存为“UTF-8（无 BOM）”。")
LATIN = ("文件不是 UTF-8 编码，也不是中文的 GBK 或 Big5，像是西文的 Windows-1252（Latin-1）编码；第一个不是 UTF-8 的字节在此行。"
         "无法确定原来的文字，没有读取，--fix 也不会改动它：请在编辑器中用“西欧语言（Windows-1252）”编码打开，"
         "确认文字无误后另存为“UTF-8（无 BOM）”。")
NOT_TEXT = ("文件含有空字符（U+0000），不是文本文件，没有读取：是不是把 Word、PDF 或图片文件"
            "改成了这个名字？请用文本编辑器把内容另存为“UTF-8（无 BOM）”。")
MIXED = ("文件混用了两种编码：此行是 {encoding} 编码，文件的其余部分是 UTF-8{others}。无法整个转换，没有读取，"
         "--fix 也不会改动它：请在编辑器中用 UTF-8 打开，对照原文重新输入这些行里显示为乱码的文字，"
         "再保存为“UTF-8（无 BOM）”。")
MIXED_LINE = "此行也不是 UTF-8（像是 {encoding} 编码）：请对照原文重新输入此行的文字。"
MIXED_SHOWN = 20  # lines named one by one in a mixed file; the rest are counted
# A few stray NULs in a text are a slip (reported and removed like other control characters);
# more than NUL_STRAY of them, or more than NUL_FEW making up over NUL_SHARE of it, is a binary file renamed.
NUL_SHARE = 0.01
NUL_FEW = 4
NUL_STRAY = 16
# A decoding is taken as real Chinese text when this share of its non-ASCII characters
# are common characters of its script or ordinary Chinese punctuation.
PLAUSIBLE = 0.8
# A UTF-16 decoding is text when at most this share of it is outside what ``_plain`` expects.
ODD_SHARE = 0.05
HAN_CHAR = re.compile(f"[{characters.HAN}\uf900-\ufaff]")
# Punctuation of Chinese text: CJK symbols, full-width forms, quotes, dashes, middle dot.
CHINESE_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u00b7\u00d7\u2192\u25cb\u25cf\u2605\u2606]")
# Latin-1 letters, and Windows-1252's quotes, dashes and signs.
LATIN_CHARS = re.compile("[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]")


@dataclass
class Decoded:
    """A file's bytes as text. ``text`` is None when the encoding is not certain: the file
    is then neither read nor rewritten, and ``problems`` say why, at a line."""

    text: str | None
    encoding: str = "UTF-8"
    bom: bool = False
    problems: list[tuple[int, str]] = field(default_factory=list)


def decode(raw: bytes) -> Decoded:
    """Read ``raw`` by evidence: UTF-16 by its BOM, or by zero bytes at alternating places that
    decode to plain text; otherwise UTF-8 if it decodes (a stray control byte in it is the
    characters' business, at its line); otherwise GBK or Big5 when exactly one of them reads as
    real Chinese text (GB18030 decodes almost any bytes, so decoding is no evidence by itself)."""
    utf16 = _utf16(raw)
    if utf16 is not None:
        return _text_or_binary(Decoded(utf16, "UTF-16", problems=[(1, ENCODING_MESSAGES["UTF-16"])]))
    bom = raw.startswith(BOM)
    body = raw[len(BOM):] if bom else raw
    problems = [(1, BOM_MESSAGE)] if bom else []
    try:
        return _text_or_binary(Decoded(body.decode("utf-8"), "UTF-8", bom, problems))
    except UnicodeDecodeError as exc:
        first = body[: exc.start].count(b"\n") + 1
    lines = body.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    if any(_utf8_chinese(line) for line in lines if line):
        guesses = [_chinese_encodings(lines[i]) for i in bad]
        if not all(guesses):  # bytes that read as nothing in a UTF-8 file
            return Decoded(None, bom=bom, problems=problems + [(first, NEITHER)])
        return Decoded(None, bom=bom, problems=problems + _mixed(bad, ["或".join(g) for g in guesses]))
    found = _chinese_encodings(body)
    if len(found) == 1:
        encoding = found[0]
        text = body.decode(CODECS[encoding])
        return _text_or_binary(Decoded(text, encoding, bom, problems + [(first, ENCODING_MESSAGES[encoding])]))
    message = AMBIGUOUS if found else LATIN if _latin(body) else NEITHER
    return Decoded(None, bom=bom, problems=problems + [(first, message)])


def _text_or_binary(decoded: Decoded) -> Decoded:
    """A text with NULs all over is a binary file: refused whole, at the first NUL's line."""
    text = decoded.text
    nuls = text.count("\x00")
    if nuls > NUL_STRAY or nuls > max(NUL_FEW, NUL_SHARE * len(text)):
        line = text[: text.index("\x00")].count("\n") + 1
        return Decoded(None, decoded.encoding, decoded.bom, decoded.problems + [(line, NOT_TEXT)])
    return decoded


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _utf8_chinese(line: bytes) -> bool:
    """A line that is UTF-8 beyond doubt: Chinese characters or punctuation of three bytes
    each, a line GBK or Big5 bytes almost never make by chance."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(char >= "\u0800" for char in text) and \
        _share(text, lambda char: _simplified_common(char) or _traditional_common(char)) >= PLAUSIBLE


def _mixed(bad: list[int], guesses: list[str]) -> list[tuple[int, str]]:
    """The messages for a UTF-8 file with lines in another encoding (``bad``: their indexes)."""
    shown = list(zip(bad, guesses))[:MIXED_SHOWN]
    others = [index + 1 for index in bad[1:]]
    listed = "、".join(map(str, others[:MIXED_SHOWN - 1])) + ("等" if len(others) >= MIXED_SHOWN else "")
    out = [(bad[0] + 1, MIXED.format(encoding=guesses[0], others=f"（第 {listed} 行也不是 UTF-8）" if others else ""))]
    out += [(index + 1, MIXED_LINE.format(encoding=guess)) for index, guess in shown[1:]]
    if len(bad) > MIXED_SHOWN:
        out[-1] = (out[-1][0], out[-1][1] + f"另有 {len(bad) - MIXED_SHOWN} 行同样不是 UTF-8，不再逐行列出。")
    return out


CODECS = {"GBK": "gb18030", "Big5": "cp950"}


def _chinese_encodings(data: bytes) -> list[str]:
    """Which of GBK and Big5 read ``data`` as real Chinese text (both, one, or none)."""
    out = []
    for encoding, common in (("GBK", _simplified_common), ("Big5", _traditional_common)):
        try:
            text = data.decode(CODECS[encoding])
        except UnicodeDecodeError:
            continue
        if len(HAN_CHAR.findall(text)) >= 2 and _share(text, common) >= PLAUSIBLE:
            out.append(encoding)
    return out


def _share(text: str, common) -> float:
    """The share of ``text``'s non-ASCII characters that are common characters (``common``)
    or Chinese punctuation; 0 when any is unassigned or private (what a wrong codec makes
    of user-defined byte pairs)."""
    wide = [char for char in text if not char.isascii()]
    if not wide or any(unicodedata.category(char) in ("Co", "Cn", "Cs") for char in wide):
        return 0.0
    return sum(bool(CHINESE_PUNCTUATION.match(char)) or common(char) for char in wide) / len(wide)


def _simplified_common(char: str) -> bool:
    """In GB 2312's 6,763 characters (its two levels: the characters of simplified text)."""
    try:
        return 0xB0 <= char.encode("gb2312")[0] <= 0xF7
    except UnicodeEncodeError:
        return False


def _traditional_common(char: str) -> bool:
    """In Big5's 5,401 frequent characters (A440–C67E, the 常用字 of traditional text)."""
    try:
        return 0xA440 <= int.from_bytes(char.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _latin(data: bytes) -> bool:
    """Whether the bytes look like Windows-1252 text: letters with accents standing one by one
    inside words (“café”), where Chinese bytes come two by two."""
    text = data.decode("cp1252", errors="replace")
    runs = re.findall(r"[^\x00-\x7f]+", text)
    return bool(runs) and all(LATIN_CHARS.fullmatch(run) for run in runs) and \
        sum(len(run) == 1 for run in runs) >= PLAUSIBLE * len(runs)


def _utf16(raw: bytes) -> str | None:
    """The text of a UTF-16 file (Windows Notepad's “Unicode”): with its BOM, or without one
    when a tenth or more of its high bytes are zero (ASCII: “-”, “:”, a line feed…), at odd
    places (little-endian) or even ones (big-endian) and hardly ever at the others; in any
    case only when it decodes to plain text. None for any other file: a stray NUL in a UTF-8
    file is not UTF-16."""
    if raw.startswith(UTF16_BOMS):
        codec = "utf-16"
    else:
        half = len(raw) // 2
        odd, even = raw[1::2].count(0), raw[0::2].count(0)
        if len(raw) % 2 or max(odd, even) < max(2, half // 10):
            return None
        if odd > 4 * even:
            codec = "utf-16-le"
        elif even > 4 * odd:
            codec = "utf-16-be"
        else:
            return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if _plain(text) else None


def _plain(text: str) -> bool:
    """Text a method file could hold: ASCII, Chinese characters and punctuation, Latin letters
    and common signs, hardly anything else (a wrong decoding is full of Hangul, Yi, private
    and unassigned characters), nothing unassigned or private."""
    if not text:
        return False
    odd = 0
    for char in text:
        if unicodedata.category(char) in ("Co", "Cn", "Cs"):
            return False
        odd += not (char.isascii() and (char.isprintable() or char in "\t\n\r") or HAN_CHAR.match(char)
                    or CHINESE_PUNCTUATION.match(char) or "\u00a0" <= char <= "\u024f" or "\u2000" <= char <= "\u27bf")
    return odd <= ODD_SHARE * len(text)
