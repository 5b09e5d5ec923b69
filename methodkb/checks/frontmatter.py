"""Reading a method file: encoding, YAML front matter with line numbers, body.

Editors copy text out of Word and PDF files, so the mistakes that come with
that (a BOM, a GBK, Big5 or UTF-16 encoding, tabs, control characters, full-width
spaces as indentation, full-width colons after field names, broken YAML) each get a
message, at its line, that says what to write instead. Reading goes on after a
fixable mistake so that one run reports everything.

The encoding is told by evidence (``decode``), never by what merely decodes: a file
is read, and ``fix`` rewrites it, only when its text is certain; a file mixing
encodings, or one that could be GBK as well as Big5, is refused with the reason.
``fix`` also writes what the check reads where that is certain (a tab of the indentation,
“名称：” as “name: ”, a name pasted from Excel in two lines as one), and says why not elsewhere.

Whatever a file holds, reading it ends in messages, never in an exception: a file
too large or not text at all is refused whole, and the YAML is screened before it
is built (``_screen``) so that no nesting, alias or tag can exhaust the stack or
the memory (a method file needs none of them).
"""

from __future__ import annotations

import copy
import errno
import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from methodkb.checks import characters
from methodkb.model.registry import Loader
from methodkb.model.text import yaml_scalar
from methodkb.model.problems import Problem

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


def mend(text: str, names: frozenset[str] = frozenset(), front_matter: bool = True,
         name_lines: set[int] | None = None):
    """The text with the safe fixes applied (full-width spaces as indentation, and the
    characters': ``characters``), and every problem found as (line number, Finding).
    ``front_matter``: a method file (--- header, then body); otherwise the whole text is
    YAML (a collection file). ``name_lines``: the indexes of the lines where YAML read a
    field of ``names``, when it has read the file."""
    lines = text.split("\n")
    found = _full_width_indents(lines, front_matter)
    suspect = characters.suspect(text)
    # A clean text (most are) is looked at only where the names stand: the name fields' lines,
    # known from YAML when it has read them, else found by walking the header.
    names_at = _name_field(names).match if names else None
    visits = ((i, True) for i in sorted(name_lines)) if name_lines is not None and not suspect \
        else _layout(lines, front_matter, header_only=not suspect)
    for index, in_header in visits:
        named = in_header and names_at and names_at(lines[index])
        if not (suspect or named):
            continue
        if named and ('"' in lines[index] or "'" in lines[index]) and _quote_goes_on(lines, index):
            named = False  # the line holds only the start of the name: ``line_break`` reports it
        mended, problems = characters.mend_line(lines[index], names if named else frozenset(), suspect)
        lines[index] = mended
        found += [(index + 1, problem) for problem in problems]
    return "\n".join(lines), sorted(found, key=lambda item: item[0])


# A field whose value opens with a quote that the line does not close.
QUOTE_OPENS = re.compile(r"""^(\s*(?:-\s+)?)[A-Za-z_]+ *:[ \t]+(["'])(?:(?!\2).)*$""")


def _quote_goes_on(lines: list[str], index: int) -> bool:
    """Whether the value on line ``index`` is a quoted text that goes on over the next lines (its
    closing quote on a line indented under the field), not a name with a stray half-width quote
    (name: "三社联动”…, which the name fix mends into Chinese quotes)."""
    match = QUOTE_OPENS.match(lines[index])
    if not match:
        return False
    indent = len(match.group(1))
    for line in lines[index + 1:]:
        if not line.strip(BLANK):
            continue
        if len(line) - len(line.lstrip(" ")) <= indent:
            return False
        if match.group(2) in line:
            return True
    return False


@functools.lru_cache(maxsize=None)
def _name_field(names: frozenset[str]) -> re.Pattern:
    """The start of a line that may hold one of ``names`` (as ``characters.NAME_LINE`` reads it)."""
    return re.compile(rf"\s*(?:-\s+)?(?:{'|'.join(map(re.escape, sorted(names)))}) *:")


# Full-width spaces (U+3000, from Word) where YAML needs ordinary ones: at the start of a line.
IDEOGRAPHIC_INDENT = re.compile("^[ \u3000]*\u3000[ \u3000]*")
# What may follow such an indentation for ``--fix`` to replace it: a field or a list item.
FIELD_OR_ITEM = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_-]*[ ]*:(?:[ ]|$)|-(?:[ ]|$))")
INDENT_FIXED = "此行开头的缩进用了全角空格（U+3000，从 Word 粘贴时常带进来），YAML 不把它当作空格；应换成两个半角空格。"
INDENT_BLANK = "此行只有全角空格（U+3000），YAML 会把它当作文字；应删去，留作空行。"
INDENT_IN_TEXT = ("此行是多行文字的一部分，开头却是全角空格（U+3000）而不是缩进的半角空格，YAML 会认为文字到上一行就结束了。"
                  "请在行首加上与上面文字相同的半角空格缩进；全角空格若是段首空格，可以留在其后。")
INDENT_UNFIXED = ("此行开头的缩进用了全角空格（U+3000，从 Word 粘贴时常带进来），YAML 不把它当作空格。请把每个全角空格换成"
                  "两个半角空格（或删去），使本行与同一层的字段左边对齐，子项比上一层多缩进两个空格。")


def _spaced(line: str) -> str:
    """The line with each full-width space of its indentation as two spaces (as wide on screen)."""
    match = IDEOGRAPHIC_INDENT.match(line)
    return line if not match else match.group().replace("\u3000", "  ") + line[match.end():]


def _yaml_lines(lines: list[str]):
    """(line as YAML is to read it, whether it is text of a “>-” block, whether a full-width
    indentation was read as spaces) for each YAML line. In a text block a full-width space
    is the text's own (a paragraph's indent); one in front of the block's indentation is not."""
    block = None  # indent of the key that opened a >- or | text block
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        spaced = line if block is not None and indent > block else _spaced(line)
        indent = len(spaced) - len(spaced.lstrip(" "))
        if block is not None and spaced.strip() and indent <= block:
            block = None
        yield spaced, block is not None, spaced != line
        if block is None and BLOCK_START.match(spaced):
            block = indent


def _full_width_indents(lines: list[str], front_matter: bool) -> list[tuple[int, "characters.Finding"]]:
    """Report each YAML line indented with full-width spaces; replace them by two spaces each
    (in ``lines``) only where that is certain to be what the editor saw: the line holds a field
    or a list item, stands where a line above it stands or as the first field under one that
    ends in “:”, and the whole header then reads as YAML. Otherwise the line is left for a person."""
    first, end = (1, _header_end(lines)) if front_matter else (0, len(lines))
    if "\u3000" not in "".join(lines[first:end]):
        return []
    header = list(_yaml_lines(lines[first:end]))
    spaced = [i for i, (_, _, respaced) in enumerate(header) if respaced]
    if not spaced:
        return []
    readable = _reads_as_yaml("\n".join(UNREADABLE.sub("", line).replace("\t", "  ") for line, _, _ in header))
    found = []
    for i in spaced:
        line, in_text, _ = header[i]
        above = [text for text, text_above, _ in header[:i] if text.strip(BLANK) and not text_above]
        stripped = line.lstrip(" ")
        if not stripped.strip(BLANK):  # nothing but spaces: an empty line, in a text block or not
            lines[first + i] = stripped.strip(BLANK) if readable else lines[first + i]
            found.append((first + i + 1, characters.Finding(INDENT_BLANK, readable)))
            continue
        certain = readable and not in_text and FIELD_OR_ITEM.match(stripped) is not None \
            and _aligned(len(line) - len(stripped), above)
        if certain:
            lines[first + i] = line
        message = INDENT_FIXED if certain else INDENT_IN_TEXT if in_text else INDENT_UNFIXED
        found.append((first + i + 1, characters.Finding(message, certain)))
    return found


def _aligned(indent: int, above: list[str]) -> bool:
    """Whether ``indent`` is one a line above uses (its field's or its list item's), or the
    first step in under the line just above when that one opens a field (“place:”)."""
    levels = set()
    for text in above:
        own = len(text) - len(text.lstrip(" "))
        levels.add(own)
        item = re.match(r"^(-[ ]+)+", text[own:])
        if item:
            levels.add(own + len(item.group()))
    if above and re.search(r":[ ]*(?:#.*)?$", above[-1]):
        last = above[-1]
        if indent > len(last) - len(last.lstrip(" ")):
            return True
    return indent in levels


def _reads_as_yaml(text: str) -> bool:
    """Whether YAML parses ``text`` without an error (events only: nothing is built, nothing recurses)."""
    loader = Loader(text)
    try:
        while loader.check_event():
            loader.get_event()
        return True
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()


@dataclass
class Fixed:
    """What ``fix`` did to a file: the changes as (line, note), or why it left the file alone
    as (line, reason); the file is unchanged whenever ``refused`` is set. ``left``: (line, reason)
    for each mistake it found and did not mend, the rest of the file being mended."""

    notes: list[tuple[int, str]] = field(default_factory=list)
    refused: tuple[int, str] | None = None
    left: list[tuple[int, str]] = field(default_factory=list)


def fix(path: str, names: frozenset[str] = frozenset(), front_matter: bool = True,
        keys: dict[str, str] | None = None) -> Fixed:
    """Apply the safe fixes to a file in place: a BOM removed, a GBK, Big5 or UTF-16 file
    re-saved as UTF-8 (only when ``decode`` is sure of the encoding), ``mend``'s fixes, tabs at
    a header line's start and full-width colons after field names (``_tabs_and_colons``; ``keys`` as for
    ``read``), and line breaks inside a name (``_join_names``). Line ends are kept as they were.
    A file that cannot be read for certain is not written. Line numbers are the file's as written."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return Fixed(refused=(1, f"无法读取文件：{READ_ERRORS.get(exc.errno, exc.strerror)}。"))
    if len(raw) > MAX_BYTES:
        return Fixed(refused=(1, "文件太大，没有改动（见下面的说明）。"))
    decoded = decode(raw)
    if decoded.text is None:
        line = next((line for line, message in decoded.problems if message != BOM_MESSAGE), 1)
        return Fixed(refused=(line, "读不准这个文件的文字，为免改坏，文件原样保留，没有改动（怎样处理见下面的说明）。"))
    text = decoded.text
    notes = [(1, "删去了文件开头的 BOM。")] * decoded.bom
    if decoded.encoding != "UTF-8":
        notes.append((1, f"由 {decoded.encoding} 编码转存为 UTF-8。"))
    newline = "\r\n" if "\r\n" in text else "\n"
    keys = keys or {}
    mended, found = mend(text.replace("\r\n", "\n"), names, front_matter)
    changes = [(number, finding.message) for number, finding in found if finding.fixable]
    mended, laid, left = _mend_layout(mended, keys, front_matter)
    mended, joined, unjoined = _join_names(mended, keys, names, front_matter)
    changes += laid + joined
    notes += sorted(changes, key=lambda item: item[0])
    if notes:
        temporary = f"{path}.fixing"
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(mended.replace("\n", newline))
        os.replace(temporary, path)  # the file is whole at every moment: never half written
    return Fixed(notes, left=sorted(left + unjoined, key=lambda item: item[0]))


def _mend_layout(text: str, keys: dict[str, str], front_matter: bool):
    """``text`` with the header's certain tab and full-width colon fixes made (``_tabs_and_colons``); the
    changes and what was left, each as (line, words)."""
    lines = text.split("\n")
    first, end = (1, _header_end(lines)) if front_matter else (0, len(lines))
    header = lines[first:end]
    joined = "\n".join(header)
    if (front_matter and not end) or not ("\t" in joined or _key_colon(joined, keys)):
        return text, [], []
    reading, found = _reading(header, keys)
    if not found:
        return text, [], []
    layout = _tabs_and_colons(header, keys, reading, found)
    lines[first:end] = layout.lines
    left: dict[str, int] = {}  # a reason that holds for the whole header is said once, at its first line
    for (index, _), reason in layout.left.items():
        left.setdefault(reason, first + index + 1)
    return ("\n".join(lines), [(first + index + 1, note) for index, note in layout.notes],
            [(line, reason) for reason, line in left.items()])


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
        """Why ``fix`` leaves it, and what to write."""
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


def _scratch(text: str, keys: dict[str, str], front_matter: bool) -> SourceFile:
    """``text`` read as ``read`` reads a file (its problems are the check's business)."""
    src = SourceFile("")
    if front_matter:
        _split(text, src, keys)
    else:
        _parse_yaml(_header(text.split("\n"), 1, src, keys), src, offset=1)
    return src


NAME_JOIN_UNSURE = "“{label}”中间的换行没有改动：合成一行后读出的字段与原来的不一致，为免改错，请对照原文把名称在一行内写完。"


def _join_names(text: str, keys: dict[str, str], names: frozenset[str], front_matter: bool):
    """``text`` with each name (a field of ``names``, outside lists) that has line breaks between
    Chinese characters written on one line; the changes and what was left, as (line, words).
    The file is read again afterwards: the fields must be what they were, but for the names."""
    src = _scratch(text, keys, front_matter) if names else None
    if src is None or src.meta is None or not src.spans:
        return text, [], []
    labels = {key: word for word, key in keys.items() if word != key}
    header = src.header.split("\n")
    lines = text.split("\n")
    first = src.header_line - 1  # the index in ``lines`` of the header's first line
    joins, notes, left = [], [], []
    for path, node in src.spans.items():
        if path[-1] not in names or not all(isinstance(part, str) for part in path):
            continue
        brk = line_break(src, path)
        if brk is None:
            continue
        key, line = path[-1], src.line_of(path)
        label = labels.get(key, key)
        if brk.joined is None:
            left.append((line, f"“{label}”中间换了行（{brk.where()}），没有改动：{brk.unjoinable()}"))
            continue
        span = _one_line(node, header, brk.joined)
        if span is None or lines[first + span[0]:first + span[1] + 1] != header[span[0]:span[1] + 1]:
            # a tab or full-width space still in these lines: YAML's columns are not the file's
            left.append((line, NAME_JOIN_UNSURE.format(label=label)))
            continue
        joins.append((path, first + span[0], first + span[1], span[2], brk))
        notes.append((line, f"删去了“{label}”中间的换行（原来{brk.where()}），名称合为一行：{key}: {yaml_scalar(brk.joined)}。"))
    if not joins:
        return text, [], left
    for _, start, last, new, _ in sorted(joins, key=lambda join: -join[1]):
        lines[start:last + 1] = [new]
    mended = "\n".join(lines)
    expected = copy.deepcopy(src.meta)
    for path, _, _, _, brk in joins:
        parent = functools.reduce(lambda value, part: value[part], path[:-1], expected)
        parent[path[-1]] = brk.joined
    if _scratch(mended, keys, front_matter).meta != expected:
        return text, [], left + [(src.line_of(path), NAME_JOIN_UNSURE.format(label=labels.get(path[-1], path[-1])))
                                 for path, *_ in joins]
    return mended, notes, left


def _one_line(node, header: list[str], value: str) -> tuple[int, int, str] | None:
    """(first, last index of the header lines ``node`` is written on, the line that writes ``value``
    in their place): the text before the value, the value quoted as the editor quoted it (plain
    when it can be), and what follows it (a comment)."""
    start, end = node.start_mark, node.end_mark
    if node.style in ("|", ">"):
        indicator = re.match(r"[|>][-+0-9]*", header[start.line][start.column:])
        if indicator is None:
            return None
        tail = header[start.line][start.column + indicator.end():]  # blank, or a comment
        last = end.line if end.column else end.line - 1
        while last > start.line and not header[last].strip():
            last -= 1  # blank lines after the text are the file's, not the value's
    else:
        tail, last = header[end.line][end.column:], end.line
    if node.style == '"':
        written = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000).strip()
    elif node.style == "'":
        written = "'" + value.replace("'", "''") + "'"
    else:
        written = yaml_scalar(value)
    return start.line, last, header[start.line][:start.column] + written + tail


def fix_file(path: str, names: frozenset[str] = frozenset(), front_matter: bool = True) -> list[tuple[int, str]] | None:
    """``fix``'s notes, or None when the file was left alone because it cannot be read for certain."""
    fixed = fix(path, names, front_matter)
    return None if fixed.refused else fixed.notes


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
    decoded = decode(raw)
    for line, message in decoded.problems:
        src.error(line, None, message)
    text = decoded.text
    return src, None if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


# What the editor is told about a file's encoding, each at the line of the first byte that is
# not UTF-8 (line 1 for a BOM or UTF-16): what it is, whether it was read, what to do.
# Only what ``fix`` does for certain is offered: these are said only of a file whose text is certain.
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
    """The YAML lines, cleaned of tabs and full-width colons, and with a full-width indentation
    read as spaces (reported with the characters: ``mend``); ``first`` is the first line's number.
    A tab or colon ``fix`` replaces for certain (``_tabs_and_colons``) is reported with the hint to run it."""
    header = "\n".join(lines)
    if not (CLEANED.search(header) or _key_colon(header, keys)):
        return header  # nothing to clean, as in most files: no line-by-line walk
    text, found = _reading(lines, keys)
    if found:
        layout = _tabs_and_colons(lines, keys, text, found)
        for index, word, key in found:
            hint = "" if (index, word) in layout.left else characters.FIX_HINT
            if word == TAB:
                src.error(index + first, None, TAB_MESSAGE + hint)
            else:
                named = f"字段名要写英文“{key}”，" if key != word else "字段名"
                src.error(index + first, key, f"“{word}：”用了全角冒号。{named}后接半角冒号和一个空格，写作“{key}: ”。{hint}")
    return text


TAB = "\t"  # a finding of ``_reading``: the line holds a tab (else the finding is the word before a full-width colon)
TAB_MESSAGE = "此行含制表符（Tab）。字段的缩进只能用空格，请把 Tab 换成两个空格。"
# Where a tab is indentation, or the space after a list item's “-”: what ``fix`` may replace.
LEADING = re.compile(r"^[ \t]*(?:-[ \t]+)*")
# ``FULLWIDTH_KEY`` for a line that starts at a given place in a text.
KEY_AT = re.compile(FULLWIDTH_KEY.pattern.removeprefix("^"))


def _key_colon(header: str, keys: dict[str, str]) -> bool:
    """Whether a line of ``header`` may hold a field name or label before a full-width colon, as
    ``_reading`` takes it (a Chinese label not after “- ”). Only the lines with a “：” are looked
    at: items of text such as “- 邻里中心：……” are common, and a header without a field name
    before a “：”, a tab or a control character is read as it is, with no line-by-line walk."""
    at = header.find("：")
    while at >= 0:
        match = KEY_AT.match(header, header.rfind("\n", 0, at) + 1, at + 1)
        if match and match.group(2) in keys and (match.group(1).strip() != "-" or match.group(2).isascii()):
            return True
        end = header.find("\n", at)
        at = header.find("：", end + 1) if end >= 0 else -1
    return False


def _untabbed(line: str, width: int = 2) -> str:
    """The line with each tab of its indentation as ``width`` spaces, and any other tab as two."""
    lead = LEADING.match(line).group()
    return lead.replace("\t", " " * width) + line[len(lead):].replace("\t", "  ")


def _reading(lines: list[str], keys: dict[str, str], width: int = 2) -> tuple[str, list[tuple[int, str, str]]]:
    """The header as YAML is to read it, and the tabs and full-width colons after field names found
    in it as (index, ``TAB`` or the word before the colon, field name). Tabs count as two spaces
    (``width`` at a line's start); a full-width indentation as spaces; “名称：” is “name: ”.
    Inside a text block, and in list items for Chinese words, a full-width colon is just text.
    Control characters are reported with the other characters (``_characters``); YAML reads the lines without them."""
    found = []
    out = []
    for index, (line, in_text, _) in enumerate(_yaml_lines([_untabbed(line, width) for line in lines])):
        line = UNREADABLE.sub("", line)
        if "\t" in lines[index]:
            found.append((index, TAB, ""))
        match = None if in_text else FULLWIDTH_KEY.match(line)
        word = match.group(2) if match else None
        if word and match.group(1).strip() == "-" and not word.isascii():
            word = None  # “- 社区：……” is an item of text, not a field
        if word in keys:
            key = keys[word]
            found.append((index, word, key))
            line = f"{match.group(1)}{key}: {line[match.end():]}"
        out.append(line)
    return "\n".join(out), found


@dataclass
class _TabsAndColons:
    """What ``fix`` does to a header's tabs and full-width colons: ``lines``, the header lines with
    the certain replacements made; ``notes`` (index, what was done); ``left``: (index, ``TAB`` or
    the word) for each finding it does not mend, with the reason."""

    lines: list[str]
    notes: list[tuple[int, str]] = field(default_factory=list)
    left: dict[tuple[int, str], str] = field(default_factory=dict)


# A header longer than this (a method's is a few thousand characters) is not walked for --fix.
LAYOUT_AT_MOST = 50_000
LAYOUT_TOO_ODD = ("字段部分太长或有锚点、类型标记、很深的嵌套等特殊写法，--fix 无法确认改后字段能否读对，此处没有改动："
                  "请按上面的说明手工改正。")
LAYOUT_OTHER_ERROR = ("字段部分还有别的格式错误（见下面的检查结果），无法确认改后字段能否读对，此处没有改动："
                      "请先改正那个错误，再运行 --fix。")
TAB_UNSURE = ("Tab 按两个空格算和按四个或八个空格算，读出的字段或文字不一样，无法确定原意，各行的 Tab 都没有改动："
              "请把每个 Tab 换成空格，使同一层的字段左边对齐，子项比上一层多缩进两个空格。")
TAB_WIDER = ("Tab 按两个空格算，字段读不通；按四个或八个空格算才读得通，无法确定原意，各行的 Tab 都没有改动："
             "请把每个 Tab 换成空格，使同一层的字段左边对齐，子项比上一层多缩进两个空格。")
TAB_IN_VALUE = "此行有不在行首的 Tab（在值里或冒号之后），--fix 只改行首的缩进：请把它换成一个空格，或删去。"
COLON_NOT_A_FIELD = ("“{word}：”所在的位置读不成字段（也许它在上一行的值里面），没有改动：如果这是字段，请写作“{key}: ”，"
                     "并检查上一行的值；如果是文字，请给整个值加上英文引号。")


def _tabs_and_colons(lines: list[str], keys: dict[str, str], text: str, found: list[tuple[int, str, str]]) -> _TabsAndColons:
    """Which of ``_reading``'s findings (``found``, in ``text``) ``fix`` mends. The check reads every tab
    as two spaces and “名称：” as “name: ”; writing that is certain when the header then reads as
    YAML, each such colon stands where a field name is read, and the header reads the same with
    its indentation's tabs four or eight spaces wide, where it parses at all (the editor's screen
    may show either): then no tab can have meant another level. Anything else is left, with the reason."""
    out = _TabsAndColons(list(lines))
    if len(text) > LAYOUT_AT_MOST or _needs_screen(text):
        # Reading the header three times over, event by event, is for headers of a method's size
        # and shape: a huge or deeply nested one is reported, not mended.
        out.left = {(index, word): LAYOUT_TOO_ODD for index, word, _ in found}
        return out
    shape = _shape(text)
    if shape is None:
        wider = any(word == TAB for _, word, _ in found) and \
            any(_shape(_reading(lines, keys, width)[0]) is not None for width in (4, 8))
        out.left = {(index, word): TAB_WIDER if wider and word == TAB else LAYOUT_OTHER_ERROR for index, word, _ in found}
        return out
    key_lines = shape[1]
    tabs = [index for index, word, _ in found if word == TAB]
    # A width at which the header does not parse is no other meaning; one at which it parses otherwise is.
    unsure = tabs and any(other is not None and other != shape
                          for other in (_shape(_reading(lines, keys, width)[0]) for width in (4, 8)))
    for index, word, key in found:
        line = out.lines[index]
        if word == TAB:
            lead = LEADING.match(line).group()
            if unsure or "\t" not in lead:
                out.left[(index, word)] = TAB_UNSURE if unsure else TAB_IN_VALUE
                continue
            out.lines[index] = lead.replace("\t", "  ") + line[len(lead):]
            count = lead.count("\t")
            out.notes.append((index, "把行首的 Tab 换成了两个空格。" if count == 1 else f"把行首的 {count} 个 Tab 各换成了两个空格。"))
            if "\t" in line[len(lead):]:
                out.left[(index, word)] = TAB_IN_VALUE
        elif (index, key) in key_lines:
            line = UNREADABLE.sub("", line)  # as ``_reading`` saw it (``fix`` has removed them already)
            match = FULLWIDTH_KEY.match(line)
            rest = line[match.end():]
            out.lines[index] = f"{match.group(1)}{key}:" + (f" {rest}" if rest else "")
            out.notes.append((index, f"把“{word}：”改成了“{key}: ”（字段名后用半角冒号和一个空格）。"))
        else:
            out.left[(index, word)] = COLON_NOT_A_FIELD.format(word=word, key=key)
    return out


def _events(loader):
    """Each of the parser's events, with whether it is a mapping's key and how many lists and
    mappings are open after it. Events only: nothing is built, nothing recurses."""
    open_: list[list] = []  # per collection being read: [is a mapping, values so far]
    while loader.check_event():
        event = loader.get_event()
        is_key = False
        if isinstance(event, yaml.CollectionEndEvent):
            open_.pop()
        elif isinstance(event, yaml.NodeEvent):  # a scalar, an alias, or a list or mapping opening
            is_key = bool(open_) and open_[-1][0] and open_[-1][1] % 2 == 0
            if open_:
                open_[-1][1] += 1
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([isinstance(event, yaml.MappingStartEvent), 0])
        yield event, is_key, len(open_)


def _shape(text: str) -> tuple[list[tuple], set[tuple[int, str]]] | None:
    """What YAML reads in ``text``: its events without their places, and the (line index, name) of
    each mapping key; None when it does not parse."""
    loader = Loader(text)
    events, key_lines = [], set()
    try:
        for event, is_key, _ in _events(loader):
            if is_key and isinstance(event, yaml.ScalarEvent):
                key_lines.add((event.start_mark.line, event.value))
            events.append((type(event).__name__, getattr(event, "value", None), getattr(event, "style", None)))
        return events, key_lines
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


# The parser's problems in words an editor can act on, each saying what to write instead:
# (a phrase of libyaml's or PyYAML's problem, the message). The first phrase found wins.
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
        if _needs_screen(header) and not _screen(header, src, offset):
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


# What only the screen can judge: anchors, aliases, tags, complex keys, and nesting deep enough to
# matter (indentation or “- - -” items at a line's start, more brackets than MAX_DEPTH). A header
# with none of these, as nearly every method file's is, goes straight to the parser (its keys are
# checked there): at 5,000 files the screen cost a second and a half.
SCREEN_MARKS = re.compile(rf"[&*!?]|^[ \t-]{{{MAX_DEPTH},}}", re.M)


KEY_NOT_A_WORD = "字段名只能是一个词，不能是列表或一组子字段（是不是多写了“? ”或括号？）。"
KEY_NOT_TEXT = ("“{}”不能作字段名：YAML 会把它读成数字、日期、是否、空值等，而不是文字。"
                "字段名请照字段说明写英文，例如“name: ”。")


def _needs_screen(header: str) -> bool:
    return bool(SCREEN_MARKS.search(header)) or header.count("[") + header.count("{") > MAX_DEPTH


def _screen(header: str, src: SourceFile, offset: int) -> bool:
    """Walk the parser's events before anything is built from them (libyaml's parser keeps its
    own stack; its composer recurses): refuse nesting deeper than ``MAX_DEPTH``, anchors and
    aliases (``&a``, ``*a``: a few lines of them expand to billions of values), type tags
    (``!!binary``, ``!!python/object``) and a list or mapping used as a field name. None of
    these has a use in a method file; each is reported at its line. True when there is none."""
    loader = Loader(header)
    try:
        for event, is_key, depth in _events(loader):
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

