"""Adding items to the ``lists`` and ``sources`` of a method file that already exists, as an
editor would by hand: new lines are put in, nothing else in the file changes (comments, the
order of fields, other fields, line endings, the body). When the front matter is not written
in a way that can be edited line by line, nothing is changed and the reason is given.
"""

from __future__ import annotations

import re

import yaml

from methodkb.model.text import yaml_scalar

FENCE = "---"


class CannotAmend(Exception):
    """The file is left as it is; the message says why, in Chinese."""


def _key_line(key: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(key)}\s*:(.*)$")


def _load(lines: list[str]):
    try:
        data = yaml.safe_load("".join(lines)) if lines else {}
    except yaml.YAMLError:
        raise CannotAmend("开头的字段（YAML）读不出来，请先用 scripts/check.py 检查并改正。") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CannotAmend("开头的字段不是“字段: 值”的形式。")
    return data


def add_items(text: str, additions: dict[str, list[dict]], order: list[str]) -> str:
    """``text`` with each item of ``additions`` (field → items) appended to that top-level
    list field, the field added where ``order`` (the schema's field order) puts it when the
    file lacks it. Raises CannotAmend when that cannot be done safely."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FENCE:
        raise CannotAmend("文件不是以“---”开头的字段区开始的。")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == FENCE), None)
    if end is None:
        raise CannotAmend("找不到字段区结尾的“---”。")
    if any("\t" in line[: len(line) - len(line.lstrip())] for line in lines[1:end]):
        raise CannotAmend("字段区有用制表符缩进的行。")  # indentation is copied, so it must be spaces
    front = lines[1:end]
    before = _load(front)
    for key, items in additions.items():
        if not items:
            continue
        front = _add(front, key, items, order, newline)
    after = _load(front)
    # The edit is kept only if the file now reads as before plus exactly the new items.
    expected = dict(before)
    for key, items in additions.items():
        if items:
            expected[key] = list(before.get(key) or []) + [
                {k: v for k, v in i.items() if v not in (None, "")} for i in items]
    if after != expected:
        raise CannotAmend("改动后字段读出的内容与预期不符，没有改动文件。")
    return "".join(lines[:1] + front + lines[end:])


def _add(front: list[str], key: str, items: list[dict], order: list[str], newline: str) -> list[str]:
    pattern = _key_line(key)
    found = [i for i, line in enumerate(front) if pattern.match(line.rstrip("\r\n"))]
    if len(found) > 1:
        raise CannotAmend(f"字段“{key}”出现了不止一次。")
    dash = _dash_indent(front)
    if found:
        start = found[0]
        rest = pattern.match(front[start].rstrip("\r\n")).group(1).strip()
        if rest and not rest.startswith("#"):
            raise CannotAmend(f"字段“{key}”写在同一行里（{key}: {rest}），不是逐项一行的列表。"
                              f"请改成每项以“- ”开头另起一行，再导入。")
        stop = start + 1
        while stop < len(front) and (not front[stop].strip() or front[stop][0] == " "):
            stop += 1
        block = front[start + 1:stop]
        dashes = [re.match(r"^( *)- ", line) for line in block]
        dashes = [m.group(1) for m in dashes if m]
        if dashes:
            dash = dashes[0]
        at = start + 1 + max((i + 1 for i, line in enumerate(block) if line.strip()), default=0)
        return front[:at] + _item_lines(items, dash, newline) + front[at:]
    # The field is missing: put it before the next field the schema lists after it
    # (and before the comments written above that field), else at the end.
    later = order[order.index(key) + 1:] if key in order else []
    at = len(front)
    for name in later:
        hit = next((i for i, line in enumerate(front) if _key_line(name).match(line.rstrip("\r\n"))), None)
        if hit is not None:
            at = hit
            while at > 0 and front[at - 1].startswith("#"):
                at -= 1
            break
    if at == len(front) and front and not front[-1].endswith(("\n", "\r")):
        front = front[:-1] + [front[-1] + newline]
    return front[:at] + [f"{key}:{newline}"] + _item_lines(items, dash, newline) + front[at:]


def _dash_indent(front: list[str]) -> str:
    """How the file indents list items (“  - ”), from its first one; two spaces when it has none."""
    for line in front:
        match = re.match(r"^( *)- ", line)
        if match:
            return match.group(1)
    return "  "


def _item_lines(items: list[dict], dash: str, newline: str) -> list[str]:
    out = []
    for item in items:
        pairs = [(k, v) for k, v in item.items() if v not in (None, "")]
        for index, (k, v) in enumerate(pairs):
            lead = f"{dash}- " if index == 0 else dash + "  "
            out.append(f"{lead}{k}: {yaml_scalar(v)}{newline}")
    return out
