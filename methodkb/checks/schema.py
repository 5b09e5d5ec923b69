"""Checks a method's fields against the declared schema (``data/schema.yml``).

Types, required fields (which depend on the entry's completeness), allowed
values and vocabularies, lengths, and unknown fields with the nearest known
name suggested. Every message names the field and says what to write.
"""

from __future__ import annotations

import datetime
import re

from methodkb.checks.frontmatter import SourceFile, dotted, line_break
from methodkb.model.lookup import list_hint, numbers_in
from methodkb.model.registry import Registry
from methodkb.model.text import join_lines, suggest

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A year's bound written as this word is the year the check runs in (see this_year).
CURRENT_YEAR = "current_year"
TYPE_NAMES = {
    "str": "一行文字", "text": "文字", "int": "整数", "year": "四位年份",
    "enum": "选项之一", "vocab": "词表中的词", "list": "列表（每项以“- ”开头）",
    "object": "一组子字段",
}


def required_levels(spec: dict) -> list[str]:
    """The completeness levels at which a field is required (schema.yml ``required``, given to each spec by the registry)."""
    return spec.get("required_levels") or []


def required_words(spec: dict) -> str:
    """When a field is required, in words: 始终, 部分以上, 完整, or the levels listed (待补充、完整)."""
    return spec.get("required_words") or ""


def is_blank(value) -> bool:
    """Nothing written: also an object or list whose every part is empty, as a scaffold leaves it."""
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(is_blank(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value, limit: int = 20) -> str:
    """A value as quoted in a message: on one line, cut short when long."""
    text = " ".join(str(value)[: limit * 10].split())
    return text if len(text) <= limit else text[:limit] + "…"


def this_year() -> int:
    """The year of the clock now: a year bound of ``current_year`` moves on by itself each January."""
    return datetime.date.today().year


def bound(spec: dict, key: str) -> int | None:
    """``spec``'s ``min`` or ``max`` as a number (``current_year`` read from the clock), or None."""
    value = spec.get(key)
    if value is None:
        return None
    if value == CURRENT_YEAR:
        return this_year()
    if isinstance(value, bool) or not isinstance(value, int):
        # schema.yml is the project's own data, not an editor's: a typo there is a bug to fix.
        raise ValueError(f"schema bound {key}: {value!r} is neither a number nor {CURRENT_YEAR}")
    return value


def field_rows(fields: dict, prefix: str = "", depth: int = 0) -> list[dict]:
    """The schema as table rows, parents before their sub-fields (``key`` dotted: place.city, lists[].list)."""
    rows = []
    for key, spec in fields.items():
        rows.append({"key": prefix + key, "depth": depth, "required_words": required_words(spec), **spec})
        sub = spec.get("fields") or (spec.get("item") or {}).get("fields")
        if sub:
            rows += field_rows(sub, f"{prefix}{key}{'[].' if spec['type'] == 'list' else '.'}", depth + 1)
    return rows


class SchemaChecker:
    def __init__(self, registry: Registry):
        self.registry = registry
        # Each declared type to the method that checks it (``_str`` for "str", …), looked up once.
        self._checks = {kind: getattr(self, f"_{kind}") for kind in TYPE_NAMES}

    def check(self, src: SourceFile) -> dict:
        """Check ``src.meta``; return a copy with known fields only, each of its declared type
        (a number written for a text field becomes text; a value of the wrong type becomes None),
        so that the rules after this never meet a type they do not expect."""
        meta = src.meta
        level = meta.get("completeness")
        if level not in self.registry.completeness_levels:
            level = self.registry.described_levels[-1]  # reported by the enum check below; check the rest as a described entry
        return self._object(meta, {"fields": self.registry.fields}, (), src, level)

    def check_fields(self, src: SourceFile, fields: dict) -> dict:
        """Check a file against another schema (a collection definition); ``required: always`` applies."""
        return self._object(src.meta, {"fields": fields}, (), src, self.registry.complete_level)

    # Each _type method returns the (possibly normalised) value.

    def _value(self, value, spec: dict, path: tuple, src: SourceFile, level: str):
        return self._checks[spec["type"]](value, spec, path, src, level)

    def _object(self, value, spec, path, src, level):
        if not isinstance(value, dict):
            return self._wrong_type(value, spec, path, src)
        fields = spec["fields"]
        for key in value:
            if key not in fields:
                hint = suggest(key, fields)
                known = "、".join(fields)
                advice = f"是不是“{hint}”？" if hint else f"可用的字段：{known}。"
                src.error(src.line_of(path + (key,)), dotted(path + (key,)), f"未知字段“{key}”。{advice}")
        out = {}
        for key, sub in fields.items():
            item = value.get(key)
            if is_blank(item):
                if level in required_levels(sub):
                    self._missing(key, sub, path, src, level)
                continue
            out[key] = self._value(item, sub, path + (key,), src, level)
        return out

    def _missing(self, key, spec, path, src, level):
        why = "" if spec["required"] == "always" else f"（完整度为“{level}”时必填）"
        example = spec.get("example")
        tip = f"例如：{key}: {example}" if isinstance(example, (str, int)) else spec.get("help", "")
        src.error(src.line_of(path + (key,)), dotted(path + (key,)), f"缺少“{spec['label']}”{why}。{tip}")

    def _str(self, value, spec, path, src, level):
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            return self._wrong_type(value, spec, path, src)
        if not isinstance(value, str):  # a number or date: the text as written (1.10, not 1.1)
            value = src.written.get(path, str(value))
        # Line breaks are judged before join_lines, which takes one between Chinese characters away
        # unseen, as YAML's folding does with a name written over two lines: a name is told by how it
        # was written (an Excel cell's Alt+Enter, pasted), any other one-line text by its value.
        broken = line_break(src, path) if spec.get("proper_name") and path in src.spans else None
        if broken:
            src.error(src.line_of(path), dotted(path), broken.message(spec.get("label") or path[-1], path[-1]))
        elif "\n" in value and spec["type"] == "str" and "\n" in value.strip():
            src.error(src.line_of(path), dotted(path), f"“{spec.get('label', '')}”应写在一行内。")
        # A blank line separates paragraphs; within one, folded lines are joined.
        text = join_lines(value.strip()) if "\n" not in value else \
            "\n\n".join(join_lines(p.strip()) for p in PARAGRAPH_BREAK.split(value.strip()))
        self._length(text, spec, path, src, "个字")
        return text

    _text = _str

    def _number(self, value, spec, path, src):
        """``value`` as a whole number, or None once reported as something else."""
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                src.error(src.line_of(path), dotted(path), f"“{value}”应写成数字，不要加引号或全角数字。")
                return int(value.strip())  # int() reads full-width digits too
            return self._wrong_type(value, spec, path, src)
        return value

    # Out of its bounds, a number is reported and dropped (None): the rules after this (years of
    # practice, ranking) never reckon with a rank of 0 or a year still to come.

    def _int(self, value, spec, path, src, level):
        value = self._number(value, spec, path, src)
        low, high = bound(spec, "min"), bound(spec, "max")
        if value is None or (low is None or value >= low) and (high is None or value <= high):
            return value
        label, written = spec.get("label") or "此项", shown(src.written.get(path, value))
        if low is not None and high is not None:
            allowed = f"应为 {low} 到 {high} 之间的整数"
        else:
            allowed = f"应为不小于 {low} 的整数" if low is not None else f"应为不大于 {high} 的整数"
        src.error(src.line_of(path), dotted(path), f"“{label}”{allowed}，现在是“{written}”。{spec.get('help', '')}")
        return None

    def _year(self, value, spec, path, src, level):
        value = self._number(value, spec, path, src)
        if value is None:
            return None
        label, example = spec.get("label") or "年份", spec.get("example", 2015)
        low, high = bound(spec, "min"), bound(spec, "max")
        if not 1000 <= value <= 9999:
            message = f"“{shown(value)}”不是四位年份，应为四位数字，例如 {example}。"
        elif low is not None and value < low:
            message = f"“{value}”早于 {low} 年，不是合理的{label}。请照来源改正，例如 {example}。"
        elif high is not None and value > high:
            when = f"今年（{high} 年）" if spec.get("max") == CURRENT_YEAR else f"{high} 年"
            why = "：不能填将来的年份" if spec.get("max") == CURRENT_YEAR else ""
            message = f"“{label}”不能晚于{when}，现在是 {value}{why}。{spec.get('help', '')}"
        else:
            return value
        src.error(src.line_of(path), dotted(path), message)
        return None

    def _enum(self, value, spec, path, src, level):
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return self._wrong_type(value, spec, path, src)
        values = spec["values"]
        if value not in values:
            hint = suggest(value, values)
            advice = f"应为“{hint}”。" if hint else ""
            src.error(src.line_of(path), dotted(path),
                      f"“{shown(value)}”不是可选值。{advice}可选：{'、'.join(values)}。")
            return None  # reported: what follows never meets a value outside the choices
        return value

    def _vocab(self, value, spec, path, src, level):
        if not isinstance(value, str):
            return self._wrong_type(value, spec, path, src)
        vocab = self.registry.vocab(spec["vocab"])
        if value not in vocab:
            where = {"themes": "主题词表（methodkb/data/themes.yml）",
                     "lists": "名单表（methodkb/data/lists.yml）",
                     "sources": "来源表（methodkb/data/sources.yml）"}[spec["vocab"]]
            if spec["vocab"] == "lists":  # by its name too, and never another batch's number (hn-4 is no slip for hn-3)
                advice = list_hint(self.registry, value)
            else:
                hint = suggest(value, vocab)
                # mz-2018-43 is another document than mz-2018-42, not a slip for it
                advice = f"是不是“{hint}”？" if hint and numbers_in(value) <= numbers_in(hint) else ""
            advice = advice or f"请从{where}中选择，或先在其中登记。"
            src.error(src.line_of(path), dotted(path), f"“{shown(value)}”不在{where}中。{advice}")
        return value

    def _list(self, value, spec, path, src, level):
        if not isinstance(value, list):
            if spec["item"]["type"] in ("str", "vocab") and isinstance(value, str):
                src.error(src.line_of(path), dotted(path),
                          f"“{spec['label']}”应是列表：每项单独一行，以“- ”开头，或写成 [甲, 乙]。")
                return [value]
            return self._wrong_type(value, spec, path, src)
        filled = [(i, item) for i, item in enumerate(value) if not is_blank(item)]  # skip an empty “- ” line
        self._length(filled, spec, path, src, "项")
        out = [self._value(item, spec["item"], path + (i,), src, level) for i, item in filled]
        if spec["item"]["type"] in ("str", "vocab"):
            seen = set()
            for (i, _), item in zip(filled, out):
                if not isinstance(item, str):
                    continue
                if item in seen:
                    src.error(src.line_of(path + (i,)), dotted(path + (i,)), f"“{item}”重复出现，请删去一个。")
                seen.add(item)
        return out

    def _length(self, value, spec, path, src, unit):
        label = spec.get("label") or "此项"
        if "min" in spec and len(value) < spec["min"]:
            src.error(src.line_of(path), dotted(path), f"“{label}”太短：至少 {spec['min']} {unit}，现在只有 {len(value)} {unit}。")
        if "max" in spec and len(value) > spec["max"]:
            src.error(src.line_of(path), dotted(path), f"“{label}”太长：最多 {spec['max']} {unit}，现在有 {len(value)} {unit}。")

    def _wrong_type(self, value, spec, path, src):
        label = spec.get("label") or "此项"
        written = shown(src.written.get(path, value))  # as written: “yes”, not “True”
        src.error(src.line_of(path), dotted(path),
                  f"“{label}”应为{TYPE_NAMES[spec['type']]}，现在是“{written}”。{spec.get('help', '')}")
        return None
