"""A new method file, written from the schema: every field present with its label and what
to write as a comment, the values known so far filled in, and the body's sections ready to
fill. ``scripts/new_method.py`` and ``scripts/import_batch.py`` both write through here, so
the files they make have the same layout and pass ``scripts/check.py`` as they are.
"""

from __future__ import annotations

import os
import re

from pypinyin import lazy_pinyin

from . import slugs
from .characters import clean_value
from .places import LEVELS, short_name
from .registry import Registry
from .schema import required_words
from .text import yaml_scalar

QUOTED = re.compile(r"[“\"「]([^”\"」]{1,20})[”\"」]")
# Words that say what kind of thing a name is, not which one: left out of file names.
GENERIC = ("社区工作法", "工作法", "社区治理", "工作体系", "经验", "模式", "机制建设", "建设", "创新", "社区")
TOPIC_SYLLABLES = 6


def _syllables(text: str) -> list[str]:
    """Pinyin syllables (digits and Latin letters kept as they are), lower case, nothing else."""
    out = []
    for part in lazy_pinyin(text, errors=lambda chars: [c for c in chars]):
        part = re.sub(r"[^a-z0-9]", "", part.lower().replace("ü", "v"))
        if part:
            out.append(part)
    return out


def slug(name: str, place: dict) -> str:
    """A file name in the knowledge base's style: where, then what, in pinyin
    (云塘社区“四小四大”工作法 → yuntang-sixiaosida; 军门社区工作法 → junmen). Only lower-case
    letters, digits and hyphens, whatever the name holds ("../", "/", emoji); "method" when
    nothing is left. ``path_for`` avoids the reserved names."""
    where = next((place[level] for level in reversed(LEVELS) if place.get(level)), "")
    where = re.sub(r"(社区|村|街道|镇|乡)$", "", where)
    # Read the whole name, then drop its suffix: 朝阳区 reads chao-yang, 朝阳 alone zhao-yang.
    where_syllables = _syllables(where)[: len(short_name(where))] if where else []
    quoted = QUOTED.search(name)
    topic = quoted.group(1) if quoted else name
    for word in [place.get(level) for level in LEVELS if place.get(level)] + ([where] if where else []):
        topic = topic.replace(word, "").replace(short_name(word), "")
    for word in GENERIC:
        topic = topic.replace(word, "")
    parts = ["".join(where_syllables), "".join(_syllables(topic)[:TOPIC_SYLLABLES])]
    # Shortened to leave room for the -2, -3 … that path_for may add.
    return "-".join(p for p in parts if p)[: slugs.MAX_LENGTH - 4].strip("-") or "method"


def taken_slugs(methods_dir: str) -> set[str]:
    """The file names (without .md) already used anywhere under ``methods_dir``: slugs are site-wide."""
    return {os.path.splitext(n)[0] for _, _, names in os.walk(methods_dir) for n in names}


def path_for(methods_dir: str, registry: Registry, name: str, place: dict, taken: set[str]) -> str:
    """methods/<province>/<slug>.md, with -2, -3… when that file name is in ``taken``
    (``taken_slugs``, read once per run) or is not a valid slug (index, con …); the name
    returned is added to ``taken``. A province outside the registry goes to other/; the
    path is always inside ``methods_dir`` (else ``slugs.UnsafePath``)."""
    province = registry.provinces.get(place.get("province"), {}).get("slug")
    folder = province if isinstance(province, str) and not slugs.problem(province) else "other"
    base = slug(name, place)
    candidate, number = base, 1
    while candidate in taken or slugs.problem(candidate):
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return slugs.inside(methods_dir, folder, candidate + ".md")


def _comment(spec: dict, indent: str) -> str:
    required, words = spec.get("required"), required_words(spec)
    when = ""
    if required == "always":
        when = "（必填）"
    elif words:
        when = f"（完整度为{words}时必填）" if isinstance(required, list) else f"（{words}时必填）"
    values = f" 可选：{'、'.join(spec['values'])}。" if spec.get("type") == "enum" else ""
    return f"{indent}# {spec.get('label', '')}{when}：{spec.get('help', '')}{values}".rstrip("：")


def _field(key: str, spec: dict, value, indent: str, out: list[str], comments: bool) -> None:
    if comments:
        out.append(_comment(spec, indent))
    kind = spec["type"]
    if kind == "object":
        out.append(f"{indent}{key}:")
        value = value if isinstance(value, dict) else {}
        for sub_key, sub in spec["fields"].items():
            _field(sub_key, sub, value.get(sub_key), indent + "  ", out, comments)
    elif kind == "list":
        item = spec["item"]
        out.append(f"{indent}{key}:")
        values = value if isinstance(value, list) and value else [None]
        for element in values:
            if item["type"] == "object":
                element = element if isinstance(element, dict) else {}
                lines: list[str] = []
                for sub_key, sub in item["fields"].items():
                    _field(sub_key, sub, element.get(sub_key), indent + "    ", lines, comments=False)
                lines[0] = f"{indent}  - {lines[0].lstrip()}"
                out += lines
            else:
                out.append(f"{indent}  -{' ' + yaml_scalar(element) if element not in (None, '') else ''}")
    elif value in (None, ""):
        out.append(f"{indent}{key}:")
    else:
        out.append(f"{indent}{key}: {yaml_scalar(value)}")


def text(registry: Registry, values: dict, sections: bool = True) -> str:
    """The file: front matter with every field of the schema (``values`` filled in), then the
    body: each section's heading with what to write in it, or nothing (``sections=False``)."""
    out = ["---"]
    for key, spec in registry.fields.items():
        _field(key, spec, values.get(key), "", out, comments=True)
    out.append("---")
    if sections:
        helps = registry.schema.get("body_help") or {}
        for title in registry.body_sections:
            out += ["", f"## {title}", "", f"<!-- {helps.get(title, '')} 写完后删去这一行。 -->"]
    return "\n".join(out) + "\n"


def find_list(registry: Registry, text: str) -> str | None:
    """A selection list named by its id, full name or short name (as an editor may type any)."""
    text = (text or "").strip()
    for key, entry in registry.lists.items():
        if text in (key, entry.get("name"), entry.get("short")):
            return key
    return None


def _number(text) -> int | None:
    """第3名, ３, 3 → 3; None when there is no number."""
    if isinstance(text, int):
        return text
    digits = re.sub(r"\D", "", str(text or ""))
    return int(digits) if digits else None


def entry(registry: Registry, raw: dict[str, str]) -> tuple[dict, list[str], list[str]]:
    """Values for a new file from what an editor typed or a table gave (each a string; ``place``
    may hold a whole place in one run, ``unit`` may stand for the place when nothing else does).
    Returns (values, problems that stop the file from being written, notes on what was filled in)."""
    problems, notes = [], []
    got = {key: clean_value(str(value).strip(), name=key in registry.name_keys)
           for key, value in raw.items() if value is not None and str(value).strip()}
    for value, left in got.values():
        problems += left
    got = {key: value for key, (value, _) in got.items()}
    gazetteer = registry.gazetteer
    # A place in one run ("place", else the unit's name), under the place columns where they agree.
    written_as = got.get("place") or got.get("unit") or ""
    place = gazetteer.split(written_as) if written_as else {}
    columns = {level: got[level] for level in LEVELS if got.get(level)}
    if columns.get("province", place.get("province")) != place.get("province"):
        place = {}
    place.update(columns)
    if "province" not in columns and place.get("province") and short_name(place["province"]) not in written_as:
        notes.append(f"省份按“{place.get('city') or place.get('district')}”补为“{place['province']}”")
    written = place.get("province")
    if written and written not in gazetteer.provinces:
        full, rest = gazetteer.prefix(written, gazetteer.provinces)
        if full and not rest:
            place["province"] = full
            notes.append(f"省份“{written}”写全为“{full}”")
    if not place.get("province"):
        province = gazetteer.province_of(place.get("city"), place.get("district"))
        if province:
            place["province"] = province
            notes.append(f"省份按“{place.get('city') or place.get('district')}”补为“{province}”")
        else:
            problems.append("没有省份，也无法从城市、区县推断出来。请填写省份，例如“湖南省”。")
    for fieldname, message in gazetteer.check(place) if place.get("province") else []:
        problems.append(message)
    if not got.get("name"):
        problems.append("没有名称。请填写工作法的名称，例如“军门社区工作法”。")
    values: dict = {"name": got.get("name"), "place": {k: place.get(k) for k in LEVELS}, "unit": got.get("unit"),
                    "completeness": "待补充"}
    category = got.get("category") or "优秀社区工作法"
    if category not in registry.fields["category"]["values"]:
        problems.append(f"类别“{category}”不是可选值。可选：{'、'.join(registry.fields['category']['values'])}。")
    values["category"] = category
    kind = got.get("kind")
    if kind and kind not in registry.fields["kind"]["values"]:
        kind = kind if kind.endswith("性") else kind.removesuffix("工作法") + "性"
        if kind not in registry.fields["kind"]["values"]:
            problems.append(f"类型“{got['kind']}”不是可选值。可选：{'、'.join(registry.fields['kind']['values'])}。")
    values["kind"] = kind
    key = find_list(registry, got.get("list", ""))
    if not key:
        problems.append(f"名单“{got.get('list', '')}”不在名单表（methodkb/data/lists.yml）中。"
                        "请写名单编号、全称或简称；新公布的名单要先在名单表中登记。")
    else:
        membership = {"list": key, "rank": _number(got.get("rank")), "note": got.get("note")}
        values["lists"] = [membership]
        values["sources"] = [{"id": registry.lists[key]["source"], "locator": got.get("locator")}]
    return values, problems, notes


def same_method(entries, name: str, place: dict):
    """The existing method with this name at this place (every place level given in both agrees), or None.
    ``entries``: (path, meta) pairs."""
    wanted = _plain(name)
    for path, meta in entries:
        if _plain(meta.get("name") or "") != wanted:
            continue
        theirs = meta.get("place") or {}
        if all(not place.get(k) or not theirs.get(k) or place[k] == theirs[k] for k in LEVELS):
            return path
    return None


def _plain(name: str) -> str:
    """A name without its quotes and spaces, for comparing (“365”社区工作体系 = "365"社区工作体系)."""
    return re.sub(r"[\s“”\"'‘’「」]", "", name)
