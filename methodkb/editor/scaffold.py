"""A new method file, written from the schema: every field present with its label and what
to write as a comment, the values known so far filled in, and the body's sections ready to
fill. ``scripts/new_method.py`` and ``scripts/import_batch.py`` both write through here, so
the files they make have the same layout and pass ``scripts/check.py`` as they are.
"""

from __future__ import annotations

import os
import re

from pypinyin import lazy_pinyin

from methodkb.model import slugs
from methodkb.checks.characters import clean_value
from methodkb.model.formula import FULLWIDTH_DIGITS
from methodkb.model.lookup import list_hint, list_provinces
from methodkb.model.method import LEVELS
from methodkb.model.places import short_name
from methodkb.model.registry import Registry
from methodkb.checks.schema import required_words
from methodkb.model.text import yaml_scalar

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
    where = re.sub(r"(社区|居民区|居委会|村|街道|镇|乡)$", "", where)
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


# What a spreadsheet reads as a formula: = or @ first, or + or - before anything but a number.
FORMULA = re.compile(r"^(?:[=@].|[+\-](?!\s*\d+(?:\.\d+)?\s*$)\S)", re.S)
RANK = re.compile(r"^第?\s*(\d+)\s*(?:名|位|号)?[.、．]?$")
MAX_RANK = 9999  # no published list is this long; the schema's own bound wins when it sets one


def is_formula(text: str) -> bool:
    return bool(FORMULA.match(text.strip()))


def _rank(registry: Registry, text: str | None) -> tuple[int | None, str | None]:
    """第3名, ３, 3 → 3; None when not given. A number that is not a plain rank (0, -1, 3.5, 一,
    thousands of digits) is refused with the reason, never read as some other number."""
    if text is None or not str(text).strip():
        return None, None
    text = str(text).strip()
    spec = ((registry.fields.get("lists") or {}).get("item") or {}).get("fields", {}).get("rank", {})
    largest = spec.get("max") if isinstance(spec.get("max"), int) else MAX_RANK
    smallest = spec.get("min") if isinstance(spec.get("min"), int) and spec["min"] >= 1 else 1
    shown = text if len(text) <= 20 else text[:20] + "…"
    match = RANK.match(text)
    if not match:
        return None, (f"序号（名次）“{shown}”不是名单上的序号：请写 {smallest} 到 {largest} 之间的整数"
                      "（阿拉伯数字，例如“3”），不清楚就留空。")
    digits = match.group(1).lstrip("0")
    # Compared by length first: int() refuses strings of thousands of digits.
    if not digits or len(digits) > len(str(largest)) or not smallest <= int(digits) <= largest:
        return None, f"序号（名次）“{shown}”不在 {smallest} 到 {largest} 之间：请核对名单上的序号，不清楚就留空。"
    return int(digits), None


BRACKETED = re.compile(r"^(.+?)[（(]([^（）()]+)[）)]$")


def _bracketed(registry: Registry, columns: dict, written: list[str], notes: list[str]) -> None:
    """A county written with its other name in brackets (乌鲁木齐经济技术开发区（头屯河区）):
    the bracketed one is taken when only it is a county there; the form as written is kept in
    ``written`` for the page, so the doubt stays visible."""
    gazetteer = registry.gazetteer
    district = columns.get("district")
    match = BRACKETED.match(district or "")
    if not match or not columns.get("province"):
        return
    trial = dict(columns)
    if not any(f == "district" for f, _ in gazetteer.check(trial)):
        return
    trial["district"] = match.group(2).strip()
    if not gazetteer.check(trial):
        columns["district"] = trial["district"]
        written.append(f"区县原写作“{district}”")
        notes.append(f"区县按括号中的“{trial['district']}”填写，原写法“{district}”记入入选名单的说明")


def _place(registry: Registry, got: dict, problems: list[str], notes: list[str], fill_city: bool = True,
           written: list[str] | None = None, listed: str | None = None) -> dict:
    """The place fields from the place columns and a place in one run (``place``; else the
    unit's name stands for it). Everything in a typed place is read or reported: a part it
    holds that no level takes, or a level that disagrees with its own column, stops the file.
    ``fill_city``: a missing city is filled in from the county (an import keeps a table's empty
    cell empty: the list did not name the city). ``listed``: the list the row is on; a
    province's own list gives the province of a row that names no province, city or county
    (one that does and reads as no province is told what is wrong with it)."""
    gazetteer = registry.gazetteer
    columns = {level: got[level] for level in LEVELS if got.get(level)}
    if written is not None:
        _bracketed(registry, columns, written, notes)
    typed = got.get("place")
    source = ""  # where a place that check() refuses came from, when not from the place fields
    if typed:
        place, rest = gazetteer.read(typed, province=columns.get("province"))
        if rest:
            problems.append(gazetteer.unread(typed, place, rest))
        for level, value in columns.items():
            mine = place.get(level)
            if not mine:
                place[level] = value
            elif short_name(mine) != short_name(value):
                label = registry.label_of(level)
                problems.append(f"地点“{typed}”中的{label}是“{mine}”，而{label}写的是“{value}”，两处不一致。"
                                f"请改正其中一处，或只写一处。")
    else:
        # The unit's name is kept as written in ``unit``: the place is only taken from it where
        # the columns agree, and what follows the place in it (区委、区政府) is the unit's own.
        place = gazetteer.split(got["unit"]) if got.get("unit") else {}
        if columns.get("province", place.get("province")) != place.get("province"):
            place = {}
        if any(place.get(level) and level not in columns for level in LEVELS):
            source = f"按申报单位“{got['unit']}”读出的地点中，"
        place.update(columns)
    written_as = typed or got.get("unit") or ""
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
        own = _list_province(registry, listed)
        if province:
            place["province"] = province
            notes.append(f"省份按“{place.get('city') or place.get('district')}”补为“{province}”")
        elif own and not (typed or place.get("city") or place.get("district")):
            place["province"] = own
            notes.append(f"省份按名单“{registry.lists[listed].get('name') or listed}”补为“{own}”")
        elif not (typed and not place):  # an unread typed place has said so already
            problems.append(gazetteer.no_province(place.get("city"), place.get("district")))
    province, district = place.get("province"), place.get("district")
    if province in gazetteer.provinces and district and not place.get("city") and not gazetteer.is_municipality(province):
        city = gazetteer.city_of(province, district)
        if city and fill_city:
            place["city"] = city
            notes.append(f"城市按“{district}”补为“{city}”")
        elif city:
            notes.append(f"城市空着（表中未写；“{district}”属{city}，来源写明时再补）")
    for fieldname, message in gazetteer.check(place) if place.get("province") else []:
        problems.append(source + message)
    return place


def _list_province(registry: Registry, key: str | None) -> str | None:
    """The one province a list is of (湖南省民政厅's); none for the country's."""
    found = list_provinces(registry, key) if key else set()
    return next(iter(found)) if len(found) == 1 else None


def entry(registry: Registry, raw: dict[str, str], *, importing: bool = False) -> tuple[dict, list[str], list[str]]:
    """Values for a new file from what an editor typed or a table gave (each a string; ``place``
    may hold a whole place in one run, ``unit`` may stand for the place when nothing else does;
    ``source``: the sources the row came from, see ``find_sources``).
    Returns (values, problems that stop the file from being written, notes on what was filled in).
    ``importing``: a row of a published table: its empty place cells stay empty, and without a
    ``source`` it cites the list's own source only when that is the list itself (lists.yml
    ``source_is_list``)."""
    values, problems, notes = tagged_entry(registry, raw, importing=importing)
    return values, [message for _, message in problems], notes


def tagged_entry(registry: Registry, raw: dict[str, str], *,
                 importing: bool = False) -> tuple[dict, list[tuple[str, str]], list[str]]:
    """``entry`` with each problem as (field, message), the field being the key of ``raw`` it is
    about ("place" for the place and its levels), so that one answer can be checked on its own."""
    problems, notes, written = [], [], []
    typed = {key: str(value).strip() for key, value in raw.items() if value is not None and str(value).strip()}
    formulas = {key for key, value in typed.items() if is_formula(value)}
    for key, value in list(typed.items()):
        if key in formulas:
            shown = value if len(value) <= 30 else value[:30] + "…"
            problems.append((_field_of(key), f"{registry.label_of(key)}“{shown}”是电子表格的公式，不是文字。"
                             "请在表格中选中这些单元格，复制后“选择性粘贴为数值”（只粘贴数值），再导入；直接输入时请写文字。"))
            del typed[key]  # the row is refused; the formula is not read as a name or a place
    got = {key: clean_value(value, name=key in registry.name_keys) for key, value in typed.items()}
    for key, (value, left) in got.items():
        problems += [(_field_of(key), message) for message in left]
    got = {key: value for key, (value, _) in got.items()}
    in_place: list[str] = []
    place = _place(registry, got, in_place, notes, fill_city=not importing, written=written if importing else None,
                   listed=find_list(registry, got.get("list", "")) if importing else None)
    problems += [("place", message) for message in in_place]
    if not got.get("name") and "name" not in formulas:
        problems.append(("name", "没有名称。请填写工作法的名称，例如“军门社区工作法”。"))
    values: dict = {"name": got.get("name"), "place": {k: place.get(k) for k in LEVELS}, "unit": got.get("unit"),
                    "completeness": registry.pending_level}
    # Only a new file gets the formula: an imported file must pass the check as it is, and a
    # formula's reading can only come from its source.
    text = None if importing else formula_text(registry, got.get("name") or "")
    if text:
        values["formula"] = {"text": text}
        notes.append(f"数字口诀按名称填为“{text}”；读法（reading）和各部分的含义请按来源填写，"
                     "名称中的这部分不是数字口诀时，删去 formula 一项")
    category = got.get("category") or registry.categories[0]
    if category not in registry.fields["category"]["values"]:
        problems.append(("category", f"类别“{category}”不是可选值。"
                                     f"可选：{'、'.join(registry.fields['category']['values'])}。"))
    values["category"] = category
    kind = got.get("kind")
    if kind and kind not in registry.fields["kind"]["values"]:
        kind = kind if kind.endswith("性") else kind.removesuffix("工作法") + "性"
        if kind not in registry.fields["kind"]["values"]:
            problems.append(("kind", f"类型“{got['kind']}”不是可选值。可选：{'、'.join(registry.fields['kind']['values'])}。"))
    values["kind"] = kind
    rank, problem = _rank(registry, got.get("rank"))
    if problem:
        problems.append(("rank", problem))
    key = find_list(registry, got.get("list", ""))
    if not key:
        if not got.get("list") and "list" not in formulas:
            problems.append(("list", "没有写入选名单。请写名单编号、全称或简称（见 methodkb/data/lists.yml）；"
                                     "新公布的名单要先在名单表中登记。"))
        elif "list" not in formulas:
            problems.append(("list", f"名单“{got.get('list', '')}”不在名单表（methodkb/data/lists.yml）中。"
                                     + list_hint(registry, got.get("list", ""))
                                     + "请写名单编号、全称或简称；新公布的名单要先在名单表中登记。"))
    else:
        note = "；".join(n.rstrip("。；") for n in [got.get("note")] + written if n) or None
        membership = {"list": key, "rank": rank, "note": note}
        values["lists"] = [membership]
        in_sources: list[str] = []
        cited = _cited(registry, key, got.get("source"), importing, in_sources)
        problems += [("source", message) for message in in_sources]
        values["sources"] = [{"id": c, "locator": got.get("locator")} for c in cited]
    return values, problems, notes


def _field_of(key: str) -> str:
    """The answer a raw key belongs to: the place levels are parts of the place."""
    return "place" if key in LEVELS else key


# Chinese numerals that make a quoted part a number formula. 一 and 百 alone do not: they are
# ordinary words too (一站式、一网通办、百姓), where no part is counted.
NUMERALS = re.compile(r"[0-9０-９二两三四五六七八九十]|一.*[一二两三四五六七八九十]|[二两三四五六七八九十].*一")
# A bracketed aside in a name (（含“八项制度”）) tells about the method; its formula is outside.
ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
# Separators an editor drops from a formula's text (“一分、两统、三定、四变” → 一分两统三定四变).
FORMULA_SEPARATORS = re.compile(r"[、，,;；\s]+")


def formula_text(registry: Registry, name: str) -> str | None:
    """The number formula a name quotes (云塘社区“四小四大”工作法 → 四小四大; “365”社区工作体系 → 365),
    or None: when nothing quoted holds a number, when two quoted parts do (which one is the method's
    formula is for the source to say), or when it is longer than the schema allows. Quotes in a
    bracketed aside are not read."""
    spec = (registry.fields.get("formula") or {}).get("fields", {}).get("text", {})
    longest = spec.get("max") if isinstance(spec.get("max"), int) else 20
    found = []
    for quoted in QUOTED.findall(ASIDE.sub("", name)):
        text = FORMULA_SEPARATORS.sub("", quoted).translate(FULLWIDTH_DIGITS)
        text = text.removesuffix("社区工作法").removesuffix("工作法")  # “136工作法” names the method, 136 is the formula
        if text and NUMERALS.search(text) and len(text) <= longest and text not in found:
            found.append(text)
    return found[0] if len(found) == 1 else None


def _cited(registry: Registry, list_key: str, text: str | None, importing: bool, problems: list[str]) -> list[str]:
    """The sources a new file cites: those the row names, else the list's own source."""
    if text:
        found, unknown = find_sources(registry, text)
        for part in unknown:
            problems.append(unknown_source(registry, part))
        return found
    entry = registry.lists[list_key]
    if importing and not entry.get("source_is_list"):
        own = registry.sources.get(entry["source"], {}).get("short", entry["source"])
        problems.append(f"没有写来源：名单“{entry['name']}”登记的来源《{own}》只是关于这个名单的报道或文章，不是名单本身，"
                        "不能作为每一行的出处。请在“来源”列写明这一行出自哪个来源，或用 --source 指明整张表的来源。")
        return []
    return [entry["source"]]


SOURCE_SEPARATORS = re.compile(r"[;；、\s]+")


def _address(url: str) -> str:
    """A web address compared without its scheme and trailing slash (http:// and https:// alike)."""
    return re.sub(r"^https?://", "", url.strip(), flags=re.I).rstrip("/")


def find_sources(registry: Registry, text: str) -> tuple[list[str], list[str]]:
    """The source ids that ``text`` names, in order, each once, and the parts it names that are
    not registered. A part is a source id, a registered ``url``, or a ``file`` of
    ../shared/sources/; parts are separated by semicolons, 、 or spaces."""
    by_url = {_address(e["url"]): k for k, e in registry.sources.items() if e.get("url")}
    by_file = {e["file"]: k for k, e in registry.sources.items() if e.get("file")}
    found, unknown = [], []
    for part in SOURCE_SEPARATORS.split(text or ""):
        if not part:
            continue
        key = (part if part in registry.sources else by_url.get(_address(part))
               or by_file.get(os.path.basename(part)))
        if not key:
            unknown.append(part)
        elif key not in found:
            found.append(key)
    return found, unknown


def unknown_source(registry: Registry, part: str) -> str:
    """Why ``part`` is not a source, and what to write instead."""
    shown = part if len(part) <= 60 else part[:60] + "…"
    example = next(iter(registry.sources), "mz-2018-42")
    if re.match(r"^https?://", part, re.I):
        return (f"来源网址“{shown}”还没有在来源表（methodkb/data/sources.yml）中登记。"
                "请先为这篇报道或文件登记一项（编号、标题、发布单位、日期、类型、概要、url），再写它的编号或这个网址。")
    return (f"来源“{shown}”不在来源表（methodkb/data/sources.yml）中。请写来源编号（例如“{example}”）、"
            "来源表中登记的网址，或 ../shared/sources/ 中的文件名，多个来源用分号隔开；新的来源要先在来源表中登记。")


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


def existing_for(entries, name: str, place: dict):
    """The existing method a new row stands for: ("same", path, meta, None) when it has this
    name at this place (``same_method``) or is at the same community in the same district
    (whatever the name's wording: “四小四大”工作法 at 云塘社区 is 云塘's method); ("unsure",
    path, meta, why) when the community is the same but the district, city or province differ
    or one side lacks the district; None when no method is at that community.
    ``entries``: (path, meta) pairs."""
    entries = list(entries)
    path = same_method(entries, name, place)
    if path:
        return "same", path, dict(entries)[path], None
    community = place.get("community")
    if not community:
        return None
    unsure = None
    for path, meta in entries:
        theirs = meta.get("place") or {}
        if theirs.get("community") != community:
            continue
        differ = [level for level in LEVELS[:3] if place.get(level) and theirs.get(level)
                  and place[level] != theirs[level]]
        if not differ and place.get("district") and theirs.get("district"):
            return "same", path, meta, None
        if unsure is None:
            if differ:
                why = "；".join(f"{_label(level)}一处写“{place[level]}”，一处写“{theirs[level]}”" for level in differ)
            else:
                missing = "本表这一行" if not place.get("district") else "该文件"
                why = f"{missing}没有写区县"
            unsure = ("unsure", path, meta, f"同在“{community}”，但{why}")
    return unsure


def _label(level: str) -> str:
    return {"province": "省份", "city": "城市", "district": "区县", "street": "街道", "community": "社区"}[level]
