"""Reading a method file: the YAML front matter with a line number for every field, and the body.

Editors copy text out of Word and PDF files, so the mistakes that come with that (a BOM, a GBK,
Big5 or UTF-16 encoding: ``decoding``; tabs, control characters, full-width spaces as indentation,
full-width colons after field names: ``layout``; broken YAML: here) each get a message, at its line,
that says what to write instead. Reading goes on after a fixable mistake so that one run reports
everything; what ``--fix`` mends of them is ``fixing``'s business.

Whatever a file holds, reading it ends in messages, never in an exception: a file too large or not
text at all is refused whole, and the YAML is screened before it is built (``_screen``) so that no
nesting, alias or tag can exhaust the stack or the memory (a method file needs none of them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import yaml

from methodkb.checks import characters
from methodkb.checks.decoding import MAX_BYTES, READ_ERRORS, decode
from methodkb.checks.layout import (BLANK, DELIMITER, TAB, TAB_MESSAGE, UNREADABLE, header_end, key_colon, mend,
                                    reading, tabs_and_colons)
from methodkb.checks.yamlevents import MAX_DEPTH, needs_screen, walk
from methodkb.model.registry import Loader
from methodkb.model.text import yaml_scalar
from methodkb.model.problems import Problem


# What the header's lines are cleaned of, or read with (a full-width indentation).
CLEANED = re.compile(f"[\t\u3000]|{UNREADABLE.pattern}")


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
    # A text value written over more than one line, or holding a line break (“\n” in quotes): its
    # node, so that a name broken in two (a cell pasted from Excel) is found with its lines (``line_break``).
    spans: dict[tuple, yaml.ScalarNode] = field(default_factory=dict)
    header: str = ""  # the front matter as YAML read it, and the file line of its first line
    header_line: int = 1
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


def parse(text: str, keys: dict[str, str], front_matter: bool) -> SourceFile:
    """``text`` read as ``read`` reads a file, but for its characters: what ``--fix`` reads back of what
    it would write (the problems are the check's business)."""
    src = SourceFile("")
    if front_matter:
        _split(text, src, keys)
    else:
        _parse_yaml(_header(text.split("\n"), 1, src, keys), src, offset=1)
    return src


def _characters(text: str, src: SourceFile, names: frozenset[str], front_matter: bool) -> None:
    """Report look-alike, traditional and invisible characters and badly written names."""
    name_lines = None if src.meta is None else \
        {line - 1 for path, line in src.lines.items() if path and path[-1] in names}
    found = mend(text, names, front_matter, name_lines)[1]
    fields = sorted((line, path) for path, line in src.lines.items() if path) if found else []
    for number, finding in found:
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
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        src.error(None, None, f"无法读取文件：{READ_ERRORS.get(exc.errno, exc.strerror)}。")
        return src, None
    if len(raw) > MAX_BYTES:
        size = os.path.getsize(path) / 1024 / 1024
        src.error(1, None, f"文件太大（{size:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB），没有读取。方法文件和选编文件"
                           "通常只有几 KB 到几十 KB：请检查是否误粘贴了整份文档、表格或图片。")
        return src, None
    decoded = decode(raw)
    for line, message in decoded.problems:
        src.error(line, None, message)
    text = decoded.text
    return src, None if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str, src: SourceFile, keys: dict[str, str]) -> None:
    lines = text.split("\n")
    if not lines or lines[0].strip(BLANK) != DELIMITER:
        src.error(1, None, "文件第一行应为三个减号 ---，其后是各字段，再用一行 --- 结束，然后才是正文。")
        return
    end = header_end(lines)
    if not end:
        src.error(1, None, "字段部分没有结束：请在最后一个字段之后加一行三个减号 ---。")
        return
    src.body = "\n".join(lines[end + 1:])
    src.body_line = end + 2
    _parse_yaml(_header(lines[1:end], 2, src, keys), src, offset=2)


def _header(lines: list[str], first: int, src: SourceFile, keys: dict[str, str]) -> str:
    """The YAML lines, cleaned of tabs and full-width colons, and with a full-width indentation
    read as spaces (reported with the characters: ``mend``); ``first`` is the first line's number.
    A tab or colon ``--fix`` replaces for certain (``tabs_and_colons``) is reported with the hint to run it."""
    header = "\n".join(lines)
    if not (CLEANED.search(header) or key_colon(header, keys)):
        return header  # nothing to clean, as in most files: no line-by-line walk
    text, found = reading(lines, keys)
    if found:
        layout = tabs_and_colons(lines, keys, text, found)
        for index, word, key in found:
            hint = "" if (index, word) in layout.left else characters.FIX_HINT
            if word == TAB:
                src.error(index + first, None, TAB_MESSAGE + hint)
            else:
                named = f"字段名要写英文“{key}”，" if key != word else "字段名"
                src.error(index + first, key, f"“{word}：”用了全角冒号。{named}后接半角冒号和一个空格，写作“{key}: ”。{hint}")
    return text


# A character beside which a line break in a name is nothing (the name goes on): Chinese characters and punctuation.
CHINESE = re.compile(f"[{characters.CJK_TEXT}]")


@dataclass
class LineBreak:
    """A name written with line breaks in it (``line_break``)."""

    pieces: list[str] | None  # the name as cut at its breaks; None when they cannot be told
    ends: list[int]           # the file line each piece ends on
    escaped: bool             # the breaks are “\n” written in quotes, not lines of the file
    first: int                # the file lines the value is written on
    last: int

    @property
    def joined(self) -> str | None:
        """The name on one line, when each break stands between Chinese characters: there the
        break is nothing (beside a Latin letter or a digit it may have been a space)."""
        pieces = self.pieces
        if not pieces or any(not (CHINESE.match(a[-1]) and CHINESE.match(b[0])) for a, b in zip(pieces, pieces[1:])):
            return None
        return "".join(pieces)

    def where(self) -> str:
        if self.pieces is None:
            return f"写成了第 {self.first}–{self.last} 行"
        if self.escaped:
            return "在" + "、".join(f"“{_tail(p)}”" for p in self.pieces[:-1]) + "之后有换行符 \\n"
        return "在" + "、".join(f"第 {n} 行末的“{_tail(p)}”" for p, n in zip(self.pieces[:-1], self.ends)) + "之后断开"

    def message(self, label: str, key: str) -> str:
        """What the check says, at the field's line."""
        text = (f"“{label}”中间换了行（{self.where()}），多半是从 Excel 单元格里复制时带进来的（单元格里按 Alt+Enter 换的行）。"
                "名称应写在一行内")
        joined = self.joined
        if joined is not None:
            return f"{text}，写作 {key}: {yaml_scalar(joined)}。{characters.FIX_HINT}"
        return f"{text}：{self.unjoinable()}"

    def unjoinable(self) -> str:
        """Why ``--fix`` leaves it, and what to write."""
        if self.pieces is None:
            return "请删去换行，把名称在一行内写完（值里有转义符或引号，无法确定换行在哪里）。"
        a, b = next((a, b) for a, b in zip(self.pieces, self.pieces[1:])
                    if not (CHINESE.match(a[-1]) and CHINESE.match(b[0])))
        return (f"“{_tail(a)}”与“{b[:10]}”之间的断开处不在两个汉字之间，无法确定那里原来有没有空格，"
                "请对照原文删去换行，把名称在一行内写完（英文或数字之间如需空格，留一个空格）。")


def _tail(text: str) -> str:
    return text if len(text) <= 10 else "…" + text[-10:]


def line_break(src: SourceFile, path: tuple) -> LineBreak | None:
    """The line breaks in the text value at ``path`` (one that ``src.spans`` holds), or None when
    it holds none but at its ends. A break is a “\n” in a quoted value, or the end of a line the
    value goes on from (a plain, quoted, folded “>-” or literal “|” value over several lines)."""
    node = src.spans.get(path)
    if node is None:
        return None
    start, end, offset = node.start_mark, node.end_mark, src.header_line
    value = node.value.strip()
    if start.line == end.line:
        pieces = re.split(r"\s*\n\s*", value)
        brk = LineBreak(pieces, [start.line + offset] * len(pieces), True, start.line + offset, start.line + offset)
        return brk if len(pieces) > 1 else None
    lines = src.header.split("\n")[start.line:end.line + 1]
    lines[-1] = lines[-1][:end.column]
    lines[0] = lines[0][start.column:]
    numbers = list(range(start.line + offset, end.line + offset + 1))
    if node.style in ("|", ">"):
        lines, numbers = lines[1:], numbers[1:]  # the first line holds the “>-”, and maybe a comment
    elif node.style in ("'", '"'):
        lines[0], lines[-1] = lines[0][1:], lines[-1][:-1]  # the quotes
    kept = [(line.strip(), number) for line, number in zip(lines, numbers) if line.strip()]
    pieces = [piece for piece, _ in kept]
    last = kept[-1][1] if kept else end.line + offset
    if len(pieces) < 2:
        return None if re.sub(r"\s+", " ", value) == " ".join(pieces) else \
            LineBreak(None, [], False, start.line + offset, last)
    # The pieces are the value only if YAML read nothing else into it (escapes, '' for ').
    told = re.sub(r"\s+", " ", value) == re.sub(r"\s+", " ", " ".join(pieces))
    return LineBreak(pieces if told else None, [number for _, number in kept], False, start.line + offset, last)


QUOTE_IT = "请给整个值加上英文引号"
YAML_HINTS = {
    "mapping values are not allowed": "这里不能出现“: ”。如果值本身含有冒号，" + QUOTE_IT + "，例如 summary: \"做法: 三步走\"；"
                                      "如果这是一个字段，请让它与同一层的字段左边对齐。",
    "mapping keys are not allowed": "这里不能出现“? ”（YAML 把它当作特殊字段名的标记）。如果值以问号开头，" + QUOTE_IT + "，或改用中文问号“？”。",
    "sequence entries are not allowed": "这里不能出现“- ”：列表的每一项要另起一行，以“- ”开头，比字段名多缩进两个空格；"
                                        "如果值本身以减号开头，" + QUOTE_IT + "。",
    "could not find expected ':'": "缺少冒号：每个字段应写作“字段名: 值”（半角冒号后接一个空格）；如果这一行是上一个值的续行，"
                                   "请把整个值写在一行，或改用“字段名: >-”另起一行写多行文字。",
    "found unexpected ':'": "缺少冒号后的空格：每个字段应写作“字段名: 值”（半角冒号后接一个空格）。",
    "or ']'": "方括号 [ ] 没有成对闭合。",
    "or '}'": "花括号 { } 没有成对闭合：请补上缺少的 }；如果值本身以 { 开头，" + QUOTE_IT + "。",
    "found unexpected end of stream": "这一行开始的引号没有成对闭合：请在值的末尾补上同样的英文引号；"
                                      "如果引号是文字的一部分，请改用中文引号“”。",
    "found undefined alias": "值不能以 * 开头；如需此字符" + QUOTE_IT + "。",
    "alphabetic or numeric character": "值不能以 & 或 * 开头；如需此字符" + QUOTE_IT + "。",
    "expected <block end>, but found": "缩进不一致：同一层的字段应对齐，子项比上一层多缩进两个空格。",
    "did not find expected key": "缩进不一致：同一层的字段应对齐，子项比上一层多缩进两个空格；列表项“- ”只能写在列表字段之下。",
    "did not find expected '-' indicator": "列表项缩进不一致：每一项都应以同样缩进的“- ”开头。",
    "node content": "这里缺少值：请检查是否多写或少写了括号、引号、逗号或“- ”。",
    "cannot start any token": "此处有 YAML 不能识别的字符：值不能以 @、`、% 开头，" + QUOTE_IT + "，例如 name: \"@社区\"。",
    "unknown escape character": "双引号里的反斜杠 \\ 后面不能跟这个字符：请改用单引号，或把 \\ 写成 \\\\。",
    "hexdecimal number": "双引号里的 \\x、\\u、\\U 后面要跟相应位数的十六进制数字：请改用单引号，或把 \\ 写成 \\\\。",
    "hexadecimal number": "双引号里的 \\x、\\u、\\U 后面要跟相应位数的十六进制数字：请改用单引号，或把 \\ 写成 \\\\。",
    "URI": "值不能以 ! 开头（YAML 会把它当作类型标记）；如需此字符" + QUOTE_IT + "。",
    "line break": "值以 | 或 > 开头时，YAML 把它当作多行文字的标记，后面不能紧跟文字：要写多行文字，请写“字段名: >-”，"
                  "从下一行起多缩进两个空格写文字；如果值本身以 | 或 > 开头，" + QUOTE_IT + "。",
    "chomping or indentation indicators": "值以 | 或 > 开头时，YAML 把它当作多行文字的标记，后面只能跟 - 或 +：要写多行文字，"
                                          "请写“字段名: >-”，从下一行起多缩进两个空格写文字；如果值本身以 | 或 > 开头，" + QUOTE_IT + "。",
    "tab character": "此处有制表符（Tab）：缩进只能用空格，请把 Tab 换成两个空格。",
    "expected a single document": "只能有一组字段：请删去中间多出的 --- 或 ... 行。",
    "but found another document": "只能有一组字段：请删去中间多出的 --- 或 ... 行。",
    "document start": "字段部分在这里之前已被当作结束：请删去多出的 ... 行或以 % 开头的行；如果它们是值的内容，" + QUOTE_IT + "。",
    "tag:yaml.org,2002:merge": "“<<”在 YAML 里有特殊含义（合并字段），不能作值；如需此字符" + QUOTE_IT + "。",
    "could not determine a constructor": "这个值 YAML 无法读成文字；如果是文字，" + QUOTE_IT + "。",
    "directive": "以 % 开头的行是 YAML 的指令，这里用不到：请删去这一行；如果它是值的内容，" + QUOTE_IT + "。",
}
# Anything else: what to look at, named at the line.
YAML_FALLBACK = ("YAML 读不懂这里的写法。请检查此行和上一行：每个字段写作“字段名: 值”（半角冒号后接一个空格），同一层的字段"
                 "左边对齐，子项多缩进两个空格；值里有冒号、引号或 #，或以 [ { & * ! | > % @ ` 开头时，" + QUOTE_IT + "。")
# Where the mistake is when the parser notices it later: an unclosed quote or a key without its
# colon at the line they start (the context), not where the parser gave up.
AT_CONTEXT = ("found unexpected end of stream", "could not find expected ':'")
# A value that opens with a quote and goes on after its closing quote: name: "甲"乙.
QUOTE_THEN_TEXT = re.compile(r"""^[ ]*(?:-[ ]+)*(?:([^\s"'#:][^#:]*):[ ]+)?(("|')(?:(?!\3).)*\3[ ]*[^\s#,\]}:].*?)[ ]*$""")
QUOTE_THEN_TEXT_HINT = ("值以英文引号开头，引号后面却还有文字（YAML 把开头的引号当作括住整个值的符号）。如果引号是文字的一部分，"
                        "请改用中文引号，写作 {key}: {chinese}；或用另一种英文引号括住整个值，写作 {key}: {quoted}。")


def _quote_then_text(match: re.Match) -> str:
    """The hint for ``name: "甲"乙``, with the editor's own value written the two right ways."""
    key, value, quote = match.group(1) or "name", match.group(2), match.group(3)
    if len(value) > 40:
        key, value, quote = "name", '"甲"乙', '"'
    pair = "“”" if quote == '"' else "‘’"
    chinese = pair[0] + value[1:].replace(quote, pair[1], 1)
    other = "'" if quote == '"' else '"'
    quoted = f"{other}{value}{other}" if other not in value else f"'{value.replace(chr(39), chr(39) * 2)}'"
    return QUOTE_THEN_TEXT_HINT.format(key=key.strip(), chinese=chinese, quoted=quoted)


# A line that ends the fields for YAML (“...”, a “%” directive): where a “document start” problem comes from.
DOCUMENT_END = re.compile(r"^(?:\.\.\.|%)")


def _yaml_problem(exc: yaml.MarkedYAMLError, header: str) -> tuple[int | None, str]:
    """(index of the header line at fault, the message) for a parser's error."""
    problem = exc.problem or ""
    mark = exc.context_mark if any(p in problem for p in AT_CONTEXT) and exc.context_mark else None
    mark = mark or exc.problem_mark or exc.context_mark
    index = mark.line if mark else None
    lines = header.split("\n")
    quoted = QUOTE_THEN_TEXT.match(lines[index]) if index is not None and index < len(lines) else None
    if quoted:
        return index, _quote_then_text(quoted)
    if "document start" in problem and index is not None:
        index = next((i for i in range(min(index, len(lines) - 1), -1, -1) if DOCUMENT_END.match(lines[i])), index)
    return index, next((hint for key, hint in YAML_HINTS.items() if key in problem), YAML_FALLBACK)


YAML_TAG = "tag:yaml.org,2002:"


def _parse_yaml(header: str, src: SourceFile, offset: int,
                empty: str = "字段部分是空的：至少要有名称、类别、地点、完整度和来源。") -> None:
    """``offset``: the file line number of the header's first line; ``empty``: what to say when it has nothing."""
    loader = None
    try:
        if needs_screen(header) and not _screen(header, src, offset):
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
        src.header, src.header_line = header, offset
        meta, unbuildable = _build(node, (), offset, src, loader)
        if not unbuildable:  # else a value YAML would fail to build, reported at its line
            src.meta = meta
    except yaml.MarkedYAMLError as exc:
        index, hint = _yaml_problem(exc, header)
        src.error(None if index is None else index + offset, None, f"字段格式（YAML）有误：{hint}")
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)  # a ReaderError: a character YAML does not take
        line = header[:position].count("\n") + offset if isinstance(position, int) else None
        src.error(line, None, "字段格式（YAML）有误：此处有 YAML 不能读取的字符，请删去或给整个值加上英文引号。")
    except RecursionError:
        src.error(None, None, "字段嵌套层数过多，无法读取。请检查是否多写了括号或缩进。")
    finally:
        if loader is not None:
            loader.dispose()


KEY_NOT_A_WORD = "字段名只能是一个词，不能是列表或一组子字段（是不是多写了“? ”或括号？）。"
KEY_NOT_TEXT = ("“{}”不能作字段名：YAML 会把它读成数字、日期、是否、空值等，而不是文字。"
                "字段名请照字段说明写英文，例如“name: ”。")


def _screen(header: str, src: SourceFile, offset: int) -> bool:
    """Walk the parser's events before anything is built from them (libyaml's parser keeps its
    own stack; its composer recurses): refuse nesting deeper than ``MAX_DEPTH``, anchors and
    aliases (``&a``, ``*a``: a few lines of them expand to billions of values), type tags
    (``!!binary``, ``!!python/object``) and a list or mapping used as a field name. None of
    these has a use in a method file; each is reported at its line. True when there is none."""
    loader = Loader(header)
    try:
        for event, is_key, depth in walk(loader):
            if not isinstance(event, yaml.NodeEvent):
                continue
            line = event.start_mark.line + offset
            problem = _refused(event, is_key, loader)
            if problem:
                src.error(line, None, f"字段格式（YAML）有误：{problem}")
                return False
            if isinstance(event, yaml.CollectionStartEvent) and depth > MAX_DEPTH:
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
        return KEY_NOT_A_WORD
    if is_key and isinstance(event, yaml.ScalarEvent) and \
            loader.resolve(yaml.ScalarNode, event.value, event.implicit) != YAML_TAG + "str":
        return KEY_NOT_TEXT.format(event.value[:40])
    return None


def _key_problem(node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return KEY_NOT_A_WORD
    if node.tag != YAML_TAG + "str":
        return KEY_NOT_TEXT.format(node.value[:40])
    return None


def _build(node, path: tuple, offset: int, src: SourceFile, loader) -> tuple[object, int]:
    """The node's value, built in the same walk that records each field's line and each plain
    value as written (one walk instead of two: YAML's own constructor is pure Python); report
    duplicate fields and values YAML could not build. Returns (value, how many of those there are)."""
    unbuildable = 0
    if isinstance(node, yaml.MappingNode):
        built: dict = {}
        seen: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset
            problem = _key_problem(key_node)
            if problem:  # (the screen, when it ran, has refused such a key already)
                src.error(line, None, f"字段格式（YAML）有误：{problem}")
                unbuildable += 1
                continue
            key = key_node.value
            if key in seen:
                src.error(line, dotted(path + (key,)), f"字段重复出现（第一次在第 {seen[key]} 行），请删去其中一个。")
            seen.setdefault(key, line)
            src.lines[path + (key,)] = line
            built[key], bad = _build(value_node, path + (key,), offset, src, loader)
            unbuildable += bad
        return built, unbuildable
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            src.lines[path + (index,)] = item.start_mark.line + offset
            value, bad = _build(item, path + (index,), offset, src, loader)
            items.append(value)
            unbuildable += bad
        return items, unbuildable
    if node.tag == YAML_TAG + "str":
        if node.end_mark.line != node.start_mark.line or "\n" in node.value:
            src.spans[path] = node
        return node.value, 0
    if not node.style:
        src.written[path] = node.value  # a plain value YAML reads as a number, date or yes/no
    problem = _unbuildable(node)
    if problem:
        src.error(node.start_mark.line + offset, dotted(path) or None, f"字段格式（YAML）有误：{problem}")
        return None, 1
    return loader.construct_object(node), 0


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
