"""``check.py --fix``: a file rewritten with the mechanical fixes the check's messages describe, and
only where they are certain; every change and every mistake left is said, at its line.

What is certain is decided where the mistakes are found (``decoding``: the file's encoding;
``layout``: indentation, tabs, full-width colons, characters); joining a name broken across lines
is decided here, by reading the joined text again (``frontmatter.parse``). A file that cannot be
read for certain is not written. Line numbers are the file's as ``fix`` wrote it, the file the
editor opens next (``_renumbered``).
"""

from __future__ import annotations

import copy
import functools
import os
import re
from dataclasses import dataclass, field

import yaml

from methodkb.checks.decoding import BOM_MESSAGE, MAX_BYTES, READ_ERRORS, decode
from methodkb.checks.frontmatter import line_break, parse
from methodkb.checks.layout import header_end, key_colon, mend, reading, tabs_and_colons
from methodkb.model.text import yaml_scalar


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
    a header line's start and full-width colons after field names (``tabs_and_colons``; ``keys`` as for
    ``read``), and line breaks inside a name (``_join_names``). Line ends are kept as they were
    (a file that mixes several is written with the one most of its lines use, and says so).
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
    newline, mixed = _line_ends(text)
    keys = keys or {}
    # Lines as the check reads them (frontmatter.read): a lone \r (an old Mac file) ends one too.
    mended, found = mend(text.replace("\r\n", "\n").replace("\r", "\n"), names, front_matter)
    changes = [(number, finding.message) for number, finding in found if finding.fixable]
    mended, laid, left = _mend_layout(mended, keys, front_matter)
    mended, joined, unjoined, merged = _join_names(mended, keys, names, front_matter)
    # The lines so far are the text's before the names were joined; the editor opens the file as written.
    moved = _renumbered(merged)
    notes += [(moved(line), note) for line, note in sorted(changes + laid + joined, key=lambda item: item[0])]
    if notes and mixed:  # only said, and done, when the file is written for another fix
        notes.insert(decoded.bom + (decoded.encoding != "UTF-8"),
                     (1, f"各行的行尾原来不统一（{mixed}），已统一为{_spaced(LINE_END_NAMES[newline])}。"))
    if notes:
        temporary = f"{path}.fixing"
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(mended.replace("\n", newline))
        os.replace(temporary, path)  # the file is whole at every moment: never half written
    left = sorted(left + unjoined, key=lambda item: item[0])
    return Fixed(notes, left=[(moved(line), reason) for line, reason in left])


LINE_END_NAMES = {"\r\n": "Windows 的 CRLF", "\n": "LF", "\r": "旧式 Mac 的 CR"}


def _spaced(name: str) -> str:
    """A space between Chinese text and a name that begins with a Latin letter (为 LF, 为旧式 Mac)."""
    return " " + name if name[0].isascii() else name


def _line_ends(text: str) -> tuple[str, str]:
    """The line end the file mostly uses, kept when it is written again; and, when it mixes
    several, how many lines end in each (said in a note: the file is written with one)."""
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    used = {end: n for end, n in counts.items() if n}
    newline = max(used, key=used.get) if used else "\n"
    mixed = "、".join(f"{LINE_END_NAMES[end]} {n} 行" for end, n in used.items()) if len(used) > 1 else ""
    return newline, mixed


def _renumbered(merged: list[tuple[int, int]]):
    """Line of the text before the names were joined → its line in the text as written: the lines
    ``first``–``last`` of a joined name (``merged``, in order) are its one line, ``first``, and every
    line below moves up by the lines each join above it took away."""
    def moved(line: int) -> int:
        shift = 0
        for first, last in merged:
            if line < first:
                break
            if line <= last:
                return first - shift
            shift += last - first
        return line - shift
    return moved


def _mend_layout(text: str, keys: dict[str, str], front_matter: bool):
    """``text`` with the header's certain tab and full-width colon fixes made (``tabs_and_colons``); the
    changes and what was left, each as (line, words)."""
    lines = text.split("\n")
    first, end = (1, header_end(lines)) if front_matter else (0, len(lines))
    header = lines[first:end]
    joined = "\n".join(header)
    if (front_matter and not end) or not ("\t" in joined or key_colon(joined, keys)):
        return text, [], []
    text_read, found = reading(header, keys)
    if not found:
        return text, [], []
    layout = tabs_and_colons(header, keys, text_read, found)
    lines[first:end] = layout.lines
    left: dict[str, int] = {}  # a reason that holds for the whole header is said once, at its first line
    for (index, _), reason in layout.left.items():
        left.setdefault(reason, first + index + 1)
    return ("\n".join(lines), [(first + index + 1, note) for index, note in layout.notes],
            [(line, reason) for reason, line in left.items()])


NAME_JOIN_UNSURE = "“{label}”中间的换行没有改动：合成一行后读出的字段与原来的不一致，为免改错，请对照原文把名称在一行内写完。"


def _join_names(text: str, keys: dict[str, str], names: frozenset[str], front_matter: bool):
    """``text`` with each name (a field of ``names``, outside lists) that has line breaks between
    Chinese characters written on one line; the changes and what was left, as (line, words), and
    the (first, last) lines of ``text`` that each joined name took, in order (``_renumbered``).
    The file is read again afterwards: the fields must be what they were, but for the names."""
    src = parse(text, keys, front_matter) if names else None
    if src is None or src.meta is None or not src.spans:
        return text, [], [], []
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
        return text, [], left, []
    for _, start, last, new, _ in sorted(joins, key=lambda join: -join[1]):
        lines[start:last + 1] = [new]
    mended = "\n".join(lines)
    expected = copy.deepcopy(src.meta)
    for path, _, _, _, brk in joins:
        parent = functools.reduce(lambda value, part: value[part], path[:-1], expected)
        parent[path[-1]] = brk.joined
    if parse(mended, keys, front_matter).meta != expected:
        return text, [], left + [(src.line_of(path), NAME_JOIN_UNSURE.format(label=labels.get(path[-1], path[-1])))
                                 for path, *_ in joins], []
    return mended, notes, left, sorted((start + 1, last + 1) for _, start, last, _, _ in joins)


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
