"""Bodies nested deeper than the Markdown renderer can take.

Python-Markdown parses nested lists, quotes, notes (``!!!``), ``<div markdown>`` blocks and
emphasis by recursion: a few hundred levels exhaust Python's stack (a RecursionError, in the
middle of a build) and take seconds before that. A method's text needs three or four levels,
so anything past ``MAX_DEPTH`` is reported at its line before the body is rendered anywhere.
"""

from __future__ import annotations

import re

from markdown.extensions.fenced_code import FencedBlockPreprocessor

MAX_DEPTH = 20
# The markers that open a container at a line's start: quotes (“> > >”, “>>>”) and list items,
# several of which may stand on one line (“- - - 文字” is three nested lists).
MARKERS = re.compile(r"[ \t]*((?:(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])[ \t]*)*)")
# An HTML tag that asks for Markdown inside it (md_in_html), and any closing tag.
MARKDOWN_BLOCK = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^>]*\bmarkdown\b[^>]*>|</([A-Za-z][A-Za-z0-9]*)\s*>")
# A run of emphasis markers with the characters either side of it.
EMPHASIS = re.compile(r"(?<![*_])[*_]+(?![*_])")
MESSAGE = ("正文嵌套太深：{what}套了 {depth} 层（最多 {limit} 层），网站无法显示。"
           "方法的正文一般只需两三层：请把内层的内容提到外层，或分成几段来写。")


# A line can open more than MAX_DEPTH levels only by starting with that many characters of
# indentation and markers; fewer emphasis marks or md_in_html blocks than that nest no deeper.
DEEP_LINE = re.compile(rf"^[ \t>*+\-\d.)]{{{MAX_DEPTH},}}", re.M)


def problems(body: str) -> list[tuple[int, str]]:
    """(line within the body, counting from 1; message): at most one per kind of nesting."""
    if not (DEEP_LINE.search(body) or body.count("markdown") > MAX_DEPTH
            or body.count("*") + body.count("_") > MAX_DEPTH):
        return []  # most bodies: nothing could be deep enough
    lines = _without_code(body).split("\n")
    found = {}
    indents: list[int] = []  # the indentations of the levels open above this line
    html_depth = emphasis = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            emphasis = 0  # emphasis never spans paragraphs
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        # Any deeper indentation opens a level (Python-Markdown nests lists by as little as one space).
        while indents and indents[-1] >= indent:
            indents.pop()
        indents.append(indent)
        markers = MARKERS.match(expanded).group(1)
        opened = markers.count(">") + len(re.findall(r"(?:[-*+]|\d{1,9}[.)])[ \t]", markers))
        for match in MARKDOWN_BLOCK.finditer(line):
            html_depth += 1 if match.group(1) else -1 if html_depth else 0
        emphasis = _emphasis(line, emphasis, found, number)
        depth = len(indents) - 1 + opened + html_depth
        if depth > MAX_DEPTH and "blocks" not in found:
            found["blocks"] = (number, MESSAGE.format(what="列表、引用、提示框或 HTML 块", depth=depth, limit=MAX_DEPTH))
    return sorted(found.values())


def _emphasis(line: str, depth: int, found: dict, number: int) -> int:
    """Emphasis opened and not yet closed, after ``line``; reports the first line past the limit."""
    for match in EMPHASIS.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        after = line[match.end()] if match.end() < len(line) else " "
        if not after.isspace() and (before.isspace() or not before.isalnum()) and depth <= MAX_DEPTH:
            depth += 1  # opens
        elif not before.isspace() and depth:
            depth -= 1  # closes
        if depth > MAX_DEPTH and "emphasis" not in found:
            found["emphasis"] = (number, MESSAGE.format(what="加粗或斜体（* 或 _）", depth=depth, limit=MAX_DEPTH))
    return depth


def _without_code(body: str) -> str:
    """The body with fenced code blanked (newlines kept): code is shown as written, never parsed."""
    return FencedBlockPreprocessor.FENCED_BLOCK_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)
