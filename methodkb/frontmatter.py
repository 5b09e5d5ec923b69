"""Reading a method file: encoding, YAML front matter with line numbers, body.

Editors copy text out of Word and PDF files, so the mistakes that come with
that (a BOM, GBK encoding, tabs, full-width colons after field names, broken
YAML) each get a message that says what to fix. Reading goes on after a
fixable mistake so that one run reports everything.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import yaml

from . import characters
from .problems import Problem

BOM = b"\xef\xbb\xbf"
DELIMITER = "---"
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
    for index, in_header in _layout(lines, front_matter):
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
    text, bom, not_utf8 = _decoded(raw)
    if text is None:
        return None
    notes = [(1, "删去了文件开头的 BOM。")] * bom + [(1, "由 GBK 编码转存为 UTF-8。")] * bool(not_utf8)
    newline = "\r\n" if "\r\n" in text else "\n"
    mended, found = mend(text.replace("\r\n", "\n"), names, front_matter)
    notes += [(number, finding.message) for number, finding in found if finding.fixable]
    if notes:
        temporary = f"{path}.fixing"
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(mended.replace("\n", newline))
        os.replace(temporary, path)  # the file is whole at every moment: never half written
    return notes


def _layout(lines: list[str], front_matter: bool):
    """(index, holds a field's value) for each line with text; lines inside a text block
    (“summary: >-”) and the body hold text, not field values."""
    end = _header_end(lines) if front_matter else len(lines)
    block = None  # indent of the key that opened the text block we are in
    for index, line in enumerate(lines):
        if not line.strip() or (front_matter and index in (0, end) and line.rstrip() == DELIMITER):
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
    if not lines or lines[0].strip() != DELIMITER:
        return 0
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == DELIMITER), 0)


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


def _text(path: str, display_path: str | None) -> tuple[SourceFile, str | None]:
    """The file's text with Unix line ends, or None (and a message) when it cannot be read."""
    src = SourceFile(display_path or path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        src.error(None, None, f"无法读取文件：{exc.strerror}")
        return src, None
    text = _decode(raw, src)
    return src, None if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


def _decoded(raw: bytes) -> tuple[str | None, bool, int | None]:
    """(text or None when unreadable, whether a BOM was there, line of the first byte that is
    not UTF-8: the file was read as GBK when the text is not None)."""
    bom = raw.startswith(BOM)
    raw = raw[len(BOM):] if bom else raw
    try:
        return raw.decode("utf-8"), bom, None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            return raw.decode("gb18030"), bom, line
        except UnicodeDecodeError:
            return None, bom, line


def _decode(raw: bytes, src: SourceFile) -> str | None:
    text, bom, not_utf8 = _decoded(raw)
    if bom:
        src.error(1, None, "文件开头有 UTF-8 BOM（字节顺序标记）。请在编辑器中选择“UTF-8（无 BOM）”重新保存。")
    if not_utf8 and text is None:
        src.error(not_utf8, None, "文件不是 UTF-8 编码，第一个无法识别的字节在此行。请用“UTF-8”编码重新保存。")
    elif not_utf8:
        src.error(not_utf8, None, "文件是 GBK（GB2312/GB18030）编码，不是 UTF-8。请在编辑器中选择“UTF-8（无 BOM）”另存一次。")
    return text


def _split(text: str, src: SourceFile, keys: dict[str, str]) -> None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != DELIMITER:
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
    Inside a text block, and in list items for Chinese words, a full-width colon is just text."""
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
    "expected <block end>, but found": "缩进不一致：同一层的字段应对齐，子项比上一层多缩进两个空格。",
    "did not find expected key": "缩进不一致：同一层的字段应对齐，子项比上一层多缩进两个空格。",
    "did not find expected '-' indicator": "列表项缩进不一致：每一项都应以同样缩进的“- ”开头。",
    "cannot start any token": "此处有 YAML 不能识别的字符（如 @、` 开头），请给整个值加上英文引号。",
}


# libyaml's parser when installed (much faster), else PyYAML's own; both are safe loaders.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(header: str, src: SourceFile, offset: int,
                empty: str = "字段部分是空的：至少要有名称、类别、地点、完整度和来源。") -> None:
    """``offset``: the file line number of the header's first line; ``empty``: what to say when it has nothing."""
    loader = Loader(header)
    try:
        node = loader.get_single_node()  # parsed once: the node tree gives lines, then the data
        if node is None:
            src.error(1, None, empty)
            return
        if not isinstance(node, yaml.MappingNode):
            src.error(node.start_mark.line + offset, None, "字段部分应由“字段名: 值”组成。")
            return
        src.lines[()] = 1
        _record_lines(node, (), offset, src)
        src.meta = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + offset) if mark else None
        problem = exc.problem or ""
        hint = next((h for key, h in YAML_HINTS.items() if key in problem), None)
        src.error(line, None, f"字段格式（YAML）有误：{hint or problem + '。'}")
    except yaml.YAMLError as exc:
        src.error(None, None, f"字段格式（YAML）有误：{exc}。")
    except RecursionError:
        src.error(None, None, "字段嵌套层数过多，无法读取。请检查是否多写了括号或缩进。")
    finally:
        loader.dispose()


def _record_lines(node, path: tuple, offset: int, src: SourceFile) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if key in seen:
                src.error(line, dotted(path + (key,)), f"字段重复出现（第一次在第 {seen[key]} 行），请删去其中一个。")
            seen.setdefault(key, line)
            src.lines[path + (key,)] = line
            _record_lines(value_node, path + (key,), offset, src)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            src.lines[path + (index,)] = item.start_mark.line + offset
            _record_lines(item, path + (index,), offset, src)


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

