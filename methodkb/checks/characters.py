"""What copying out of PDF and Word files brings into a text, found and mended line by line.

- Look-alike characters: Kangxi radicals (⼈ ⼝ ⼁), radicals-supplement forms (⻔ ⻓)
  and CJK compatibility ideographs in place of the ordinary characters. They look
  right but search and sorting do not find them.
- Traditional characters in a simplified text (OpenCC's t2s conversion).
- Invisible characters: zero-width spaces and joiners, soft hyphens, direction marks;
  and control characters (a vertical tab from Word, an escape, a stray NUL, a line
  separator U+2028), which YAML refuses or counts as a line break.
- In proper names only (fields marked ``proper_name`` in the schema): spaces between
  Chinese characters, half-width quotes, parentheses and commas.

One function mends a line (``mend_line``); the check reports what it would change and
``--fix`` writes it, so what is flagged as fixable is exactly what the fix does.
Which lines hold names is the file reader's business (``layout.mend``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import yaml

from methodkb import DATA_DIR
from methodkb.model.text import yaml_scalar

DATA = os.path.join(DATA_DIR, "lookalikes.yml")
FIX_HINT = "运行 python scripts/check.py --fix 可自动改正。"

INVISIBLE = {
    "\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "零宽不换行符",
    "\ufeff": "零宽不换行空格（BOM）", "\u00ad": "软连字符", "\u180e": "蒙古文元音分隔符",
    "\u200e": "从左到右标记", "\u200f": "从右到左标记", "\u202a": "方向嵌入符", "\u202b": "方向嵌入符",
    "\u202c": "方向格式结束符", "\u202d": "方向覆盖符", "\u202e": "方向覆盖符", "\u2066": "方向隔离符",
    "\u2067": "方向隔离符", "\u2068": "方向隔离符", "\u2069": "方向隔离符",
}
# Characters YAML does not accept or reads as line breaks (so its line numbers would drift
# from the editor's). Tab, line feed and carriage return are the file's own business.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
CONTROL_NAMES = {"\x00": "空字符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x1b": "转义符", "\x7f": "删除符",
                 "\x85": "下一行符", "\u2028": "行分隔符", "\u2029": "段分隔符"}
LOOKALIKE = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
INVISIBLE_CHARS = re.compile(f"[{''.join(INVISIBLE)}]")
# The three above in one pattern: a clean text is scanned once, not three times.
ANY_ODD = re.compile(f"[{''.join(p.pattern[1:-1] for p in (LOOKALIKE, INVISIBLE_CHARS, CONTROL))}]")
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
CJK_TEXT = rf"{HAN}\u3000-\u303f\uff00-\uffef“”‘’"
SPACE_IN_NAME = re.compile(rf"(?<=[{CJK_TEXT}])[ \u3000\u00a0]+(?=[{CJK_TEXT}])")
HALF_WIDTH = {"(": "（", ")": "）", ",": "，"}
# Only beside a Chinese character: "e福州 APP(试行)" is mended, "alert(1)" is left alone.
HALF_WIDTH_BY_CJK = re.compile(rf"(?<=[{CJK_TEXT}])[(),]|[(),](?=[{CJK_TEXT}])")
DOUBLE_QUOTES = '"＂“”'
SINGLE_QUOTES = "'‘’"
NAME_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_]+)( *:[ \t]*)(.*?)[ \t]*$")


@dataclass(frozen=True)
class Finding:
    """One kind of problem on a line: what it is, and whether ``--fix`` mends it."""

    message: str
    fixable: bool = True


@lru_cache(maxsize=1)
def _supplement() -> dict[str, str]:
    with open(DATA, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # C++ library with its dictionaries in the wheel: loaded once, on first use

    return opencc.OpenCC("t2s")


def _quoted(chars) -> str:
    return "、".join(f"“{c}”" for c in chars)


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


# Each mender returns (mended text, what it mended, what needs a person). Messages name the characters.

def _lookalikes(text: str) -> tuple[str, list[str], list[str]]:
    if not LOOKALIKE.search(text):
        return text, [], []
    messages, unfixed, out = [], [], []
    replaced: dict[str, str] = {}
    unknown: list[str] = []
    for char in text:
        if LOOKALIKE.match(char):
            ordinary = unicodedata.normalize("NFKC", char)
            ordinary = _supplement().get(char, ordinary)
            if ordinary != char:
                replaced[char] = ordinary
                out.append(ordinary)
                continue
            unknown.append(char)
        out.append(char)
    if replaced:
        pairs = "、".join(f"“{a}”（{_code(a)}）应为“{b}”" for a, b in replaced.items())
        messages.append(f"有看起来像汉字的部首或兼容字符，搜索找不到：{pairs}。")
    if unknown:
        unfixed.append(f"有部首符号{_quoted(dict.fromkeys(unknown))}（{'、'.join(_code(c) for c in dict.fromkeys(unknown))}），"
                        "不是正常汉字。请对照原文改成相应的汉字。")
    return "".join(out), messages, unfixed


def _invisible(text: str) -> tuple[str, list[str], list[str]]:
    if not INVISIBLE_CHARS.search(text):
        return text, [], []
    found = [c for c in text if c in INVISIBLE]
    kinds = "、".join(dict.fromkeys(f"{INVISIBLE[c]}（{_code(c)}）" for c in found))
    return "".join(c for c in text if c not in INVISIBLE), [f"有 {len(found)} 个看不见的字符：{kinds}，应删去。"], []


def _controls(text: str) -> tuple[str, list[str], list[str]]:
    if not CONTROL.search(text):
        return text, [], []
    found = CONTROL.findall(text)
    kinds = "、".join(dict.fromkeys(f"{CONTROL_NAMES.get(c, '控制字符')}（{_code(c)}）" for c in found))
    return CONTROL.sub("", text), [f"有 {len(found)} 个看不见的控制字符：{kinds}，应删去。"], []


# GB 2312 has 16 characters OpenCC simplifies (乾、於、徵…, each with a simplified use); of these
# only 後 appears in nothing but traditional text.
TRADITIONAL_IN_GB2312 = {"後"}


def _simplified(char: str) -> bool:
    """In the simplified standard set (GB 2312)."""
    if char in TRADITIONAL_IN_GB2312:
        return False
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _traditional(text: str) -> tuple[str, list[str], list[str]]:
    """Characters OpenCC would simplify and that the simplified standard set (GB 2312) lacks:
    樓、區、讓 are reported; 乾、著、於, which OpenCC sometimes changes by context, are Simplified too."""
    if text.isascii():
        return text, [], []
    converter = _t2s()
    simplified = converter.convert(text)
    if simplified == text:
        return text, [], []
    if len(simplified) != len(text):  # a phrase changed length: simplify character by character
        simplified = "".join(s if len(s := converter.convert(c)) == 1 else c for c in text)
    out, pairs = [], {}
    for before, after in zip(text, simplified):
        if before != after and not _simplified(before):
            pairs[f"“{before}”应为“{after}”"] = None
            before = after
        out.append(before)
    if not pairs:
        return text, [], []
    return "".join(out), [f"有繁体字：{'、'.join(pairs)}。"], []


CHARACTER_MENDERS = (_controls, _invisible, _lookalikes, _traditional)


def _name(value: str) -> tuple[str, list[str], list[str]]:
    """Mend a proper name's spacing and punctuation: (mended, what was mended, what needs a person)."""
    messages = []
    mended = value.strip(" \u3000\u00a0")
    if mended != value:
        messages.append("名称前后有全角空格或不换行空格，应删去。")
    spaced = mended
    mended = SPACE_IN_NAME.sub("", mended)
    if mended != spaced:
        messages.append("名称中的汉字之间有空格（从 PDF 或 Word 复制时常带进来），应删去。")
    if not re.search(f"[{HAN}]", mended):
        return mended, messages, []
    half = HALF_WIDTH_BY_CJK.findall(mended)
    if half:
        mended = HALF_WIDTH_BY_CJK.sub(lambda m: HALF_WIDTH[m.group()], mended)
        full = "".join(HALF_WIDTH[c] for c in dict.fromkeys(half))
        messages.append(f"名称中有半角标点{_quoted(dict.fromkeys(half))}，中文名称应改用全角的{_quoted(full)}。")
    for quotes, pair, label in ((DOUBLE_QUOTES, "“”", "双引号"), (SINGLE_QUOTES, "‘’", "单引号")):
        marks = [c for c in mended if c in quotes]
        paired = "".join(pair[i % 2] for i in range(len(marks)))
        if "".join(marks) == paired:
            continue
        if len(marks) % 2:
            return mended, messages, [f"名称中的{label}没有成对：应写成{pair[0]}…{pair[1]}，请对照原文补全。"]
        marks_iter = iter(paired)
        mended = "".join(next(marks_iter) if c in quotes else c for c in mended)
        messages.append(f"名称中的{label}写法不一（半角 \" 与全角 “” 混用，或前后引号颠倒），应成对写成{pair[0]}…{pair[1]}。")
    return mended, messages, []


def _name_line(line: str, name_keys: frozenset[str]) -> tuple[str, list[str], list[str]]:
    match = NAME_LINE.match(line)
    if not match or match.group(2) not in name_keys or not match.group(4):
        return line, [], []
    raw = value = match.group(4)
    comment = ""
    if "#" in raw:  # a comment, maybe (rare: the other names are not parsed for one)
        raw, comment = _without_comment(raw)
        value = raw
    if len(raw) > 1 and raw[0] in "\"'" and raw[-1] == raw[0]:
        try:
            quoted = yaml.safe_load(f"k: {raw}")["k"]  # a well-formed quoted YAML value
            value = quoted if isinstance(quoted, str) else raw
        except (yaml.YAMLError, TypeError):
            pass
    mended, fixed, unfixed = _name(value)
    if mended != value:
        line = f"{match.group(1)}{match.group(2)}{match.group(3)}{yaml_scalar(mended)}{comment}"
    return line, fixed, unfixed


def _without_comment(raw: str) -> tuple[str, str]:
    """A value as written after “key: ”, and the comment after it (with the spaces before it):
    the comment is the editor's note, not part of the name, and stays as it is."""
    try:
        value = yaml.compose(f"k: {raw}", Loader=_LOADER).value[0][1]
    except yaml.YAMLError:
        return raw, ""
    if not isinstance(value, yaml.ScalarNode) or value.end_mark.line != 0:
        return raw, ""
    end = value.end_mark.column - len("k: ")
    return raw[:end], raw[end:]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def clean_value(value: str, name: bool = False) -> tuple[str, list[str]]:
    """A value typed or imported by an editor, with the safe fixes applied; and what still needs a person."""
    left: list[str] = []
    for mender in CHARACTER_MENDERS:
        value, _, unfixed = mender(value)
        left += unfixed
    if name:
        value, _, unfixed = _name(value)
        left += unfixed
    return value, left


def suspect(text: str) -> bool:
    """Whether a whole text may hold a look-alike, invisible or traditional character: one
    pass over a clean file instead of one per line (most files are clean)."""
    return bool(ANY_ODD.search(text)) or _may_be_traditional(text)


def _may_be_traditional(text: str) -> bool:
    """Whether ``_traditional`` may report something in ``text``: OpenCC changes a character
    that GB 2312 lacks. Most that it changes in ordinary text (乾、著、於) are Simplified too."""
    if text.isascii():
        return False
    simplified = _t2s().convert(text)
    if simplified == text:
        return False
    if len(simplified) != len(text):
        return True  # a phrase changed length: the line-by-line check sorts it out
    return any(before != after and not _simplified(before) for before, after in zip(text, simplified))


def mend_line(line: str, name_keys: frozenset[str] = frozenset(), characters: bool = True) -> tuple[str, list[Finding]]:
    """The line mended, and its problems. ``name_keys``: the proper-name fields whose value
    may stand on this line (empty for body text and text blocks); ``characters``: look for
    look-alike, invisible and traditional characters too (False when ``suspect`` said none)."""
    mended, fixed, unfixed = line, [], []
    for mender in CHARACTER_MENDERS if characters else ():
        mended, found, left = mender(mended)
        fixed, unfixed = fixed + found, unfixed + left
    if name_keys:
        mended, found, left = _name_line(mended, name_keys)
        fixed, unfixed = fixed + found, unfixed + left
    return mended, [Finding(m) for m in fixed] + [Finding(m, False) for m in unfixed]
