"""The header's lines as YAML is to read them, and the mistakes of layout and characters in them
that the check reports and ``--fix`` mends: full-width spaces as indentation (``mend``), tabs and
full-width colons after field names (``reading``, ``tabs_and_colons``), look-alike and traditional
characters and badly written names (``characters``, line by line).

What the check calls fixable (its messages end in ``characters.FIX_HINT``) and what ``--fix``
writes (``fixing``) come from the same functions here, so that the one is exactly the other: a
change is made only where it is certain (the header then reads as YAML, and reads the same however
wide a tab is); elsewhere the line is left for a person, with the reason.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from methodkb.checks import characters
from methodkb.checks import yamlevents


DELIMITER = "---"
# What counts as blank around a fence or on an empty line. Not str.strip()'s default, which
# also takes control characters (U+001F, U+2028…) away unseen.
BLANK = " \t\u3000"
# What YAML cannot read or counts as a line break: reported line by line with the other
# characters (``characters``), and left out of what YAML reads.
UNREADABLE = characters.CONTROL
# A key that opens a folded or literal text block: “summary: >-”.
BLOCK_START = re.compile(r"^\s*(?:-\s+)?[^#:\s][^#:]*:\s*[>|][-+0-9]*\s*$")
# A word followed by a full-width colon at the start of a line.
FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:：#'\"\-][^:：#\s]{0,20}?)\s*：\s?")


def header_end(lines: list[str]) -> int:
    """Index of the line that closes the front matter (0 when there is none)."""
    if not lines or lines[0].strip(BLANK) != DELIMITER:
        return 0
    return next((i for i in range(1, len(lines)) if lines[i].rstrip(BLANK) == DELIMITER), 0)


def _text_lines(lines: list[str], front_matter: bool, header_only: bool = False):
    """(index, holds a field's value) for each line with text; lines inside a text block
    (“summary: >-”) and the body hold text, not field values. ``header_only``: stop where
    the body begins."""
    end = header_end(lines) if front_matter else len(lines)
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
        else _text_lines(lines, front_matter, header_only=not suspect)
    for index, in_header in visits:
        named = in_header and names_at and names_at(lines[index])
        if not (suspect or named):
            continue
        if named and ('"' in lines[index] or "'" in lines[index]) and _quote_goes_on(lines, index):
            named = False  # the line holds only the start of the name: ``frontmatter.line_break`` reports it
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
    first, end = (1, header_end(lines)) if front_matter else (0, len(lines))
    if "\u3000" not in "".join(lines[first:end]):
        return []
    header = list(_yaml_lines(lines[first:end]))
    spaced = [i for i, (_, _, respaced) in enumerate(header) if respaced]
    if not spaced:
        return []
    readable = yamlevents.parses("\n".join(UNREADABLE.sub("", line).replace("\t", "  ") for line, _, _ in header))
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


TAB = "\t"  # a finding of ``reading``: the line holds a tab (else the finding is the word before a full-width colon)
TAB_MESSAGE = "此行含制表符（Tab）。字段的缩进只能用空格，请把 Tab 换成两个空格。"
# Where a tab is indentation, or the space after a list item's “-”: what ``--fix`` may replace.
LEADING = re.compile(r"^[ \t]*(?:-[ \t]+)*")
# ``FULLWIDTH_KEY`` for a line that starts at a given place in a text.
KEY_AT = re.compile(FULLWIDTH_KEY.pattern.removeprefix("^"))


def key_colon(header: str, keys: dict[str, str]) -> bool:
    """Whether a line of ``header`` may hold a field name or label before a full-width colon, as
    ``reading`` takes it (a Chinese label not after “- ”). Only the lines with a “：” are looked
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


def reading(lines: list[str], keys: dict[str, str], width: int = 2) -> tuple[str, list[tuple[int, str, str]]]:
    """The header as YAML is to read it, and the tabs and full-width colons after field names found
    in it as (index, ``TAB`` or the word before the colon, field name). Tabs count as two spaces
    (``width`` at a line's start); a full-width indentation as spaces; “名称：” is “name: ”.
    Inside a text block, and in list items for Chinese words, a full-width colon is just text.
    Control characters are reported with the other characters (``frontmatter``); YAML reads the lines without them."""
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
class TabsAndColons:
    """What ``--fix`` does to a header's tabs and full-width colons: ``lines``, the header lines with
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


def tabs_and_colons(lines: list[str], keys: dict[str, str], text: str, found: list[tuple[int, str, str]]) -> TabsAndColons:
    """Which of ``reading``'s findings (``found``, in ``text``) ``--fix`` mends. The check reads every tab
    as two spaces and “名称：” as “name: ”; writing that is certain when the header then reads as
    YAML, each such colon stands where a field name is read, and the header reads the same with
    its indentation's tabs four or eight spaces wide, where it parses at all (the editor's screen
    may show either): then no tab can have meant another level. Anything else is left, with the reason."""
    out = TabsAndColons(list(lines))
    if len(text) > LAYOUT_AT_MOST or yamlevents.needs_screen(text):
        # Reading the header three times over, event by event, is for headers of a method's size
        # and shape: a huge or deeply nested one is reported, not mended.
        out.left = {(index, word): LAYOUT_TOO_ODD for index, word, _ in found}
        return out
    shape = yamlevents.shape(text)
    if shape is None:
        wider = any(word == TAB for _, word, _ in found) and \
            any(yamlevents.shape(reading(lines, keys, width)[0]) is not None for width in (4, 8))
        out.left = {(index, word): TAB_WIDER if wider and word == TAB else LAYOUT_OTHER_ERROR for index, word, _ in found}
        return out
    key_lines = shape[1]
    tabs = [index for index, word, _ in found if word == TAB]
    # A width at which the header does not parse is no other meaning; one at which it parses otherwise is.
    unsure = tabs and any(other is not None and other != shape
                          for other in (yamlevents.shape(reading(lines, keys, width)[0]) for width in (4, 8)))
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
            line = UNREADABLE.sub("", line)  # as ``reading`` saw it (``--fix`` has removed them already)
            match = FULLWIDTH_KEY.match(line)
            rest = line[match.end():]
            out.lines[index] = f"{match.group(1)}{key}:" + (f" {rest}" if rest else "")
            out.notes.append((index, f"把“{word}：”改成了“{key}: ”（字段名后用半角冒号和一个空格）。"))
        else:
            out.left[(index, word)] = COLON_NOT_A_FIELD.format(word=word, key=key)
    return out
