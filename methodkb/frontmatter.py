"""Reading a method file: encoding, YAML front matter with line numbers, body.

Editors copy text out of Word and PDF files, so the mistakes that come with
that (a BOM, GBK or UTF-16 encoding, tabs, control characters, full-width colons
after field names, broken YAML) each get a message that says what to fix. Reading
goes on after a fixable mistake so that one run reports everything.

Whatever a file holds, reading it ends in messages, never in an exception: a file
too large or not text at all is refused whole, and the YAML is screened before it
is built (``_screen``) so that no nesting, alias or tag can exhaust the stack or
the memory (a method file needs none of them).
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field

import yaml

from . import characters
from .problems import Problem

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
DELIMITER = "---"
# What counts as blank around a fence or on an empty line. Not str.strip()'s default, which
# also takes control characters (U+001F, U+2028…) away unseen.
BLANK = " \t\u3000"
# Method and collection files are a few KB; a file this large holds a pasted document or an image.
MAX_BYTES = 1024 * 1024
# Fields nest four levels deep at most (formula.parts[].items[]); anything far deeper is a mistake,
# and libyaml's composer recurses in C: a hundred thousand “[” would overflow the stack.
MAX_DEPTH = 20
# What YAML cannot read or counts as a line break: reported line by line with the other
# characters (``characters``), and left out of what YAML reads.
UNREADABLE = characters.CONTROL
# A key that opens a folded or literal text block: “summary: >-”.
BLOCK_START = re.compile(r"^\s*(?:-\s+)?[^#:\s][^#:]*:\s*[>|][-+0-9]*\s*$")
# A word followed by a full-width colon at the start of a line.
FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#'\"\-][^:：#\s]{0,20}?)\s*：\s?")


@dataclass
class SourceFile:
    """A method file as read: front matter, body, and where each field stands."""

    path: str
    meta: dict | None = None
    body: str = ""
    body_line: int = 1
    lines: dict[tuple, int] = field(default_factory=dict)
    # A value YAML read as a number, date or yes/no, as written (``1.10``, ``12:30``, ``yes``):
    # a text field keeps what the editor wrote, not what YAML made of it.
    written: dict[tuple, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: tuple) -> int | None:
        """Line of a field path such as ("formula", "parts", 2, "number"), or its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, line: int | None, fieldname: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, fieldname, message))


def read(path: str, display_path: str | None = None, keys: dict[str, str] | None = None,
         names: frozenset[str] = frozenset()) -> SourceFile:
    """Read a method file. ``keys`` maps field names and their Chinese labels to field names,
    so that “名称：” can be reported as the field ``name`` written with a full-width colon;
    ``names``: the fields that hold proper names (checked for spaces and punctuation)."""
    src, text = _text(path, display_path)
    if text is not None:
        _split(text, src, keys or {})
        _characters(text, src, names, front_matter=True)
    return src


def read_yaml(path: str, display_path: str | None = None, keys: dict[str, str] | None = None,
              names: frozenset[str] = frozenset()) -> SourceFile:
    """Read a plain YAML file (a collection definition) with the same checks and line numbers
    as a method file's front matter; ``body`` stays empty."""
    src, text = _text(path, display_path)
    if text is not None:
        _parse_yaml(_header(text.split("\n"), 1, src, keys or {}), src, offset=1, empty="文件是空的：请按说明填写各字段。")
        _characters(text, src, names, front_matter=False)
    return src


def mend(text: str, names: frozenset[str] = frozenset(), front_matter: bool = True):
    """The text with the safe character fixes applied (``characters``), and every problem
    found as (line number, Finding). ``front_matter``: a method file (--- header, then body);
    otherwise the whole text is YAML (a collection file)."""
    lines = text.split("\n")
    found = []
    suspect = characters.suspect(text)
    # A clean text (most are) is looked at only where the names stand: the fields.
    for index, in_header in _layout(lines, front_matter, header_only=not suspect):
        if not (suspect or in_header and names):
            continue
        mended, problems = characters.mend_line(lines[index], names if in_header else frozenset(), suspect)
        lines[index] = mended
        found += [(index + 1, problem) for problem in problems]
    return "\n".join(lines), found


def fix_file(path: str, names: frozenset[str] = frozenset(), front_matter: bool = True) -> list[tuple[int, str]] | None:
    """Apply the safe fixes to a file in place: a BOM removed, GBK re-saved as UTF-8, and
    ``mend``'s character fixes. Returns what changed as (line, note), or None when the file
    cannot be read as text (nothing is written then). Line ends are kept as they were."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    text, bom, encoding = _decoded(raw)
    if text is None or "\x00" in text:
        return None
    notes = [(1, "删去了文件开头的 BOM。")] * bom + ([(1, f"由 {encoding[1]} 编码转存为 UTF-8。")] if encoding else [])
    newline = "\r\n" if "\r\n" in text else "\n"
    mended, found = mend(text.replace("\r\n", "\n"), names, front_matter)
    notes += [(number, finding.message) for number, finding in found if finding.fixable]
    if notes:
        temporary = f"{path}.fixing"
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(mended.replace("\n", newline))
        os.replace(temporary, path)  # the file is whole at every moment: never half written
    return notes


def _layout(lines: list[str], front_matter: bool, header_only: bool = False):
    """(index, holds a field's value) for each line with text; lines inside a text block
    (“summary: >-”) and the body hold text, not field values. ``header_only``: stop where
    the body begins."""
    end = _header_end(lines) if front_matter else len(lines)
    block = None  # indent of the key that opened the text block we are in
    for index, line in enumerate(lines[:end] if header_only and end else lines):
        if not line.strip(BLANK) or (front_matter and index in (0, end) and line.rstrip(BLANK) == DELIMITER):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and indent <= block:
            block = None
        in_header = (not front_matter or index < end) and block is None
        if in_header and BLOCK_START.match(line):
            block = indent
        yield index, in_header


def _header_end(lines: list[str]) -> int:
    """Index of the line that closes the front matter (0 when there is none)."""
    if not lines or lines[0].strip(BLANK) != DELIMITER:
        return 0
    return next((i for i in range(1, len(lines)) if lines[i].rstrip(BLANK) == DELIMITER), 0)


def _characters(text: str, src: SourceFile, names: frozenset[str], front_matter: bool) -> None:
    """Report look-alike, traditional and invisible characters and badly written names."""
    fields = sorted((line, path) for path, line in src.lines.items() if path)
    for number, finding in mend(text, names, front_matter)[1]:
        if front_matter and number >= src.body_line and src.meta is not None:
            fieldname = "正文"
        else:
            above = [path for line, path in fields if line <= number]
            fieldname = dotted(above[-1]) if above else None
        hint = characters.FIX_HINT if finding.fixable else ""
        src.error(number, fieldname, finding.message + hint)


READ_ERRORS = {errno.ENOENT: "文件不存在（也许是指向别处的链接已失效）", errno.EACCES: "没有读取这个文件的权限",
               errno.EISDIR: "这是一个文件夹，不是文件"}


def _text(path: str, display_path: str | None) -> tuple[SourceFile, str | None]:
    """The file's text with Unix line ends, or None (and a message) when it cannot be read."""
    src = SourceFile(display_path or path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        src.error(None, None, f"无法读取文件：{READ_ERRORS.get(exc.errno, exc.strerror)}。")
        return src, None
    if len(raw) > MAX_BYTES:
        size = os.path.getsize(path) / 1024 / 1024
        src.error(1, None, f"文件太大（{size:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB），没有读取。方法文件和选编文件"
                           "通常只有几 KB 到几十 KB：请检查是否误粘贴了整份文档、表格或图片。")
        return src, None
    text = _decode(raw, src)
    if text is not None and "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        src.error(line, None, "文件含有空字符（U+0000），不是文本文件，没有读取：是不是把 Word、PDF 或图片文件"
                              "改成了这个名字？请用文本编辑器把内容另存为“UTF-8（无 BOM）”。")
        return src, None
    return src, None if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


def _decoded(raw: bytes) -> tuple[str | None, bool, tuple[int, str] | None]:
    """(text or None when unreadable, whether a UTF-8 BOM was there, (line, encoding) when the
    file is not UTF-8: the line of the first byte that is not, and the encoding it was read
    as, UTF-16 or GBK; the text is None when it is neither)."""
    utf16 = _utf16(raw)
    if utf16 is not None:
        return utf16, False, (1, "UTF-16")
    bom = raw.startswith(BOM)
    raw = raw[len(BOM):] if bom else raw
    try:
        return raw.decode("utf-8"), bom, None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            return raw.decode("gb18030"), bom, (line, "GBK")
        except UnicodeDecodeError:
            return None, bom, (line, "")


def _utf16(raw: bytes) -> str | None:
    """The text of a UTF-16 file (Windows Notepad's “Unicode”): with its BOM, or without one
    when its zero bytes (the high half of “-”, “:”, a line feed…) stand mostly at odd places
    (little-endian) or mostly at even ones (big-endian) and it reads as clean text; None for
    any other file (UTF-8 and GBK text has no zero bytes at all)."""
    odd, even = raw[1::2].count(0), raw[0::2].count(0)
    if raw.startswith(UTF16_BOMS):
        codec = "utf-16"
    elif len(raw) % 2 == 0 and odd > 3 * even:
        codec = "utf-16-le"
    elif len(raw) % 2 == 0 and even > 3 * odd:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or codec != "utf-16" and UNREADABLE.search(text):
        return None  # without a BOM, only text that reads cleanly: not a binary file full of zeros
    return text


def _decode(raw: bytes, src: SourceFile) -> str | None:
    text, bom, encoding = _decoded(raw)
    if bom:
        src.error(1, None, "文件开头有 UTF-8 BOM（字节顺序标记）。请在编辑器中选择“UTF-8（无 BOM）”重新保存。")
    if encoding and text is None:
        src.error(encoding[0], None, "文件既不是 UTF-8 也不是 GBK 编码，无法读取；第一个无法识别的字节在此行。"
                                     "请在编辑器中把它另存为“UTF-8（无 BOM）”。")
    elif encoding and encoding[1] == "UTF-16":
        src.error(1, None, "文件是 UTF-16 编码（记事本的“Unicode”），不是 UTF-8。请在编辑器中选择“UTF-8（无 BOM）”另存一次。")
    elif encoding:
        src.error(encoding[0], None, "文件是 GBK（GB2312/GB18030）编码，不是 UTF-8。请在编辑器中选择“UTF-8（无 BOM）”另存一次。")
    return text


def _split(text: str, src: SourceFile, keys: dict[str, str]) -> None:
    lines = text.split("\n")
    if not lines or lines[0].strip(BLANK) != DELIMITER:
        src.error(1, None, "文件第一行应为三个减号 ---，其后是各字段，再用一行 --- 结束，然后才是正文。")
        return
    end = _header_end(lines)
    if not end:
        src.error(1, None, "字段部分没有结束：请在最后一个字段之后加一行三个减号 ---。")
        return
    src.body = "\n".join(lines[end + 1:])
    src.body_line = end + 2
    _parse_yaml(_header(lines[1:end], 2, src, keys), src, offset=2)


def _header(lines: list[str], first: int, src: SourceFile, keys: dict[str, str]) -> str:
    """The YAML lines, cleaned of tabs and full-width colons; ``first`` is the first line's number."""
    header, block = [], None  # block: indent of the key that opened a >- or | text block
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and line.strip() and indent <= block:
            block = None
        header.append(_clean_line(i + first, line, src, keys, in_text=block is not None))
        if block is None and BLOCK_START.match(line):
            block = indent
    return "\n".join(header)


def _clean_line(number: int, line: str, src: SourceFile, keys: dict[str, str], in_text: bool) -> str:
    """Report tabs and full-width colons after field names; return the line as YAML can read it.
    Inside a text block, and in list items for Chinese words, a full-width colon is just text.
    Control characters are reported with the other characters (``_characters``); YAML reads the line without them."""
    line = UNREADABLE.sub("", line)
    if "\t" in line:
        src.error(number, None, "此行含制表符（Tab）。字段的缩进只能用空格，请把 Tab 换成两个空格。")
        line = line.replace("\t", "  ")
    match = None if in_text else FULLWIDTH_KEY.match(line)
    word = match.group(2) if match else None
    if word and match.group(1).strip() == "-" and not word.isascii():
        word = None  # “- 社区：……” is an item of text, not a field
    if word in keys:
        key = keys[word]
        named = f"字段名要写英文“{key}”，" if key != word else "字段名"
        src.error(number, key, f"“{word}：”用了全角冒号。{named}后接半角冒号和一个空格，写作“{key}: ”。")
        line = f"{match.group(1)}{key}: {line[match.end():]}"
    return line


# The parser's problems in words an editor can act on (phrases of both libyaml and PyYAML).
YAML_HINTS = {
    "mapping values are not allowed": "这里不能出现“: ”。如果值本身含有冒号，请给整个值加上英文引号。",
    "could not find expected ':'": "缺少冒号：每个字段应写作“字段名: 值”。",
    "or ']'": "方括号 [ ] 没有成对闭合。",
    "or '}'": "花括号 { } 没有成对闭合。",
    "found unexpected end of stream": "引号没有成对闭合。",
    "found undefined alias": "值不能以 * 开头；如需此字符请给整个值加上英文引号。",
    "expected alphabetic or numeric character": "值不能以 & 或 * 开头；如需此字符请给整个值加上英文引号。",
    "expected <block end>, but found": "缩进不一致：同一层的字段应对齐，子项比上一层多缩进两个空格。",
    "did not find expected key": "缩进不一致：同一层的字段应对齐，子项比上一层多缩进两个空格。",
    "did not find expected '-' indicator": "列表项缩进不一致：每一项都应以同样缩进的“- ”开头。",
    "did not find expected node content": "这里缺少值：请检查是否多写或少写了括号、引号、逗号或“- ”。",
    "cannot start any token": "此处有 YAML 不能识别的字符（如 @、` 开头），请给整个值加上英文引号。",
    "found unknown escape character": "双引号里的反斜杠 \\ 后面不能跟这个字符：请改用单引号，或把 \\ 写成 \\\\。",
    "expected a single document": "只能有一组字段：请删去中间多出的 --- 或 ... 行。",
    "but found another document": "只能有一组字段：请删去中间多出的 --- 或 ... 行。",
}
YAML_TAG = "tag:yaml.org,2002:"


# libyaml's parser when installed (much faster), else PyYAML's own; both are safe loaders.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(header: str, src: SourceFile, offset: int,
                empty: str = "字段部分是空的：至少要有名称、类别、地点、完整度和来源。") -> None:
    """``offset``: the file line number of the header's first line; ``empty``: what to say when it has nothing."""
    loader = None
    try:
        if not _screen(header, src, offset):
            return
        loader = Loader(header)
        node = loader.get_single_node()  # parsed once: the node tree gives lines, then the data
        if node is None:
            src.error(1, None, empty)
            return
        if not isinstance(node, yaml.MappingNode):
            src.error(node.start_mark.line + offset, None, "字段部分应由“字段名: 值”组成。")
            return
        src.lines[()] = 1
        if _record_lines(node, (), offset, src):
            return  # a value YAML would fail to build, reported at its line
        src.meta = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + offset) if mark else None
        problem = exc.problem or ""
        hint = next((h for key, h in YAML_HINTS.items() if key in problem), None)
        src.error(line, None, f"字段格式（YAML）有误：{hint or problem + '。'}")
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML does not take
        line = header[:position].count("\n") + offset if isinstance(position, int) else None
        src.error(line, None, "字段格式（YAML）有误：此处有 YAML 不能读取的字符，请删去或给整个值加上英文引号。")
    except RecursionError:
        src.error(None, None, "字段嵌套层数过多，无法读取。请检查是否多写了括号或缩进。")
    finally:
        if loader is not None:
            loader.dispose()


def _screen(header: str, src: SourceFile, offset: int) -> bool:
    """Walk the parser's events before anything is built from them (libyaml's parser keeps its
    own stack; its composer recurses): refuse nesting deeper than ``MAX_DEPTH``, anchors and
    aliases (``&a``, ``*a``: a few lines of them expand to billions of values), type tags
    (``!!binary``, ``!!python/object``) and a list or mapping used as a field name. None of
    these has a use in a method file; each is reported at its line. True when there is none."""
    loader = Loader(header)
    open_: list[list] = []  # per collection being read: [is a mapping, values so far]
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionEndEvent):
                open_.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):  # a scalar, an alias, or a list or mapping opening
                continue
            line = event.start_mark.line + offset
            is_key = bool(open_) and open_[-1][0] and open_[-1][1] % 2 == 0
            if open_:
                open_[-1][1] += 1
            problem = _refused(event, is_key, loader)
            if problem:
                src.error(line, None, f"字段格式（YAML）有误：{problem}")
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([isinstance(event, yaml.MappingStartEvent), 0])
                if len(open_) > MAX_DEPTH:
                    src.error(line, None, f"字段嵌套层数过多（超过 {MAX_DEPTH} 层），无法读取。请检查是否多写了括号或缩进。")
                    return False
        return True
    finally:
        loader.dispose()


def _refused(event, is_key: bool, loader) -> str | None:
    if isinstance(event, yaml.AliasEvent):
        return f"值不能以 *{event.anchor} 开头（YAML 会把它当作引用）；如需此字符请给整个值加上英文引号。"
    if event.anchor is not None:
        return f"值不能以 &{event.anchor} 开头（YAML 会把它当作锚点）；如需此字符请给整个值加上英文引号。"
    if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == YAML_TAG + "str"):
        shown = event.tag.replace(YAML_TAG, "!!")
        return (f"“{shown}”是 YAML 的类型标记，这里用不到：值直接写出即可；"
                "以 ! 开头的文字请给整个值加上英文引号。")
    if is_key and isinstance(event, yaml.CollectionStartEvent):
        return "字段名只能是一个词，不能是列表或一组子字段（是不是多写了“? ”或括号？）。"
    if is_key and isinstance(event, yaml.ScalarEvent) and \
            loader.resolve(yaml.ScalarNode, event.value, event.implicit) != YAML_TAG + "str":
        return (f"“{event.value[:40]}”不能作字段名：YAML 会把它读成数字、日期、是否、空值等，而不是文字。"
                "字段名请照字段说明写英文，例如“name: ”。")
    return None


def _record_lines(node, path: tuple, offset: int, src: SourceFile) -> int:
    """Record each field's line and each plain value as written; report duplicate fields and
    values YAML could not build. Returns how many of those there are."""
    unbuildable = 0
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if key in seen:
                src.error(line, dotted(path + (key,)), f"字段重复出现（第一次在第 {seen[key]} 行），请删去其中一个。")
            seen.setdefault(key, line)
            src.lines[path + (key,)] = line
            unbuildable += _record_lines(value_node, path + (key,), offset, src)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            src.lines[path + (index,)] = item.start_mark.line + offset
            unbuildable += _record_lines(item, path + (index,), offset, src)
    elif node.tag != YAML_TAG + "str" and not node.style:
        src.written[path] = node.value  # a plain value YAML reads as a number, date or yes/no
        problem = _unbuildable(node)
        if problem:
            src.error(node.start_mark.line + offset, dotted(path) or None, f"字段格式（YAML）有误：{problem}")
            unbuildable += 1
    return unbuildable


# Longer than any number a method holds, and Python reads no decimal number of over 4300 digits.
MAX_DIGITS = 100
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _unbuildable(node) -> str | None:
    """Why YAML would fail on a plain value (with an exception, not a message): a date that
    does not exist (2020-02-30), a number too long to read."""
    if node.tag == YAML_TAG + "timestamp":
        try:
            _CONSTRUCTOR.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return f"“{node.value[:40]}”会被 YAML 当作日期，但没有这个日期或时间。如果是文字，请给整个值加上英文引号。"
    elif node.tag == YAML_TAG + "int" and len(node.value) > MAX_DIGITS:
        return f"数字太长（{len(node.value)} 位），无法读取。如果是文字，请给整个值加上英文引号。"
    return None


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

