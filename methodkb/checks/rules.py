"""The selection criteria from the source documents, as checks.

- Six characteristics 群众性、民生性、系统性、创新性、操作性、示范性 (000, 002):
  one statement each (the schema requires all six once any is given), no two alike, and each
  saying something of this method: not only stock phrases (``data/stock_phrases.yml``).
- The practice behind a method ran 2 years or more before selection (000):
  an error, read from the list's rules in ``data/lists.yml``.
- At most 3 per city and 5 per province in one national batch, "原则上" (000):
  a warning, from the same rules.
- Places exist; formulas agree with their parts; the body follows the template and holds
  only the raw HTML and addresses ``rawhtml`` allows; the file name is a valid slug (``slugs``).
- Across files: no two with the same name and community, no two with one slug.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import yaml

from methodkb import DATA_DIR

from methodkb.model import formula as formulas
from methodkb.checks import nesting
from methodkb.checks.frontmatter import dotted
from methodkb.checks.schema import is_blank
from methodkb.checks import rawhtml
from methodkb.model import slugs
from methodkb.model.places import short_name
from methodkb.model.problems import ERROR, WARNING, Problem

SIMILAR = 0.8  # SequenceMatcher ratio above which two statements count as copies
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)  # an unclosed one runs to the end: one scan
FIELD_LINE = re.compile(r"^\s*[A-Za-z_][\w-]*\s*:")
PUNCTUATION = re.compile(r"[\s，。、；：！？“”‘’（）《》,.;:!?\"'()\-—]")
# What makes a 六性 statement this method's own, besides its names: a number (digits, or a Chinese
# numeral counting something: 三项机制, 四级网络; not 一, as in 一个整体, 进一步) or a quoted measure.
NUMBER = re.compile(r"\d|[二两三四五六七八九十][个项条步级类支名位次种家户套本张批期轮组大小]")
QUOTED = re.compile(r"“([^”]+)”|「([^」]+)」|‘([^’]+)’|\"([^\"]+)\"")
SHARED = 4  # characters in a row that a statement and the method's own text share: its own words


def check_method(method, registry) -> None:
    """Per-file criteria; problems go to ``method.src``."""
    meta, src = method.meta, method.src
    line = src.line_of
    wrong = slugs.problem(method.slug)
    if wrong:
        src.error(1, None, f"文件名“{method.slug}.md”{wrong}。请改用其他文件名，例如“junmen-13335.md”。")
    place = meta.get("place")
    if isinstance(place, dict):
        for fieldname, message in registry.gazetteer.check(place):
            src.error(line(("place", fieldname)), f"place.{fieldname}", message)
    formula = meta.get("formula")
    if isinstance(formula, dict):
        for fieldname, message in formulas.check(formula):
            path = ("formula",) + tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", fieldname) if p)
            src.error(line(path), f"formula.{fieldname}", message)
    _six(meta, src, registry)
    _said_nothing(method, registry)
    _basis(meta, src, registry)
    _practice_years(meta, src, registry)
    _second_header(method)
    _body(method, registry)
    # Too deep a body would exhaust the renderer's stack: report it, and render nothing of it.
    for line, message in nesting.problems(method.body) or rawhtml.problems(method.body):
        src.error(src.body_line + line - 1, "正文", message)


def _second_header(method) -> None:
    """A body that opens with another ``---`` block of fields: pasted twice, or a second header."""
    lines = method.body.split("\n")
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None or lines[first].strip() != "---":
        return
    following = next((text for text in lines[first + 1:] if text.strip()), "")
    if FIELD_LINE.match(following):
        method.src.error(method.src.body_line + first, "正文",
                         "正文开头又是一组用 --- 围起的字段：一个文件只能有一组字段。"
                         "请把这里的字段并入文件开头的字段部分，再删去这几行。")


def _six(meta: dict, src, registry) -> None:
    six = meta.get("characteristics")
    if not isinstance(six, dict):
        return
    texts = {name: PUNCTUATION.sub("", six[name]) for name in registry.characteristics
             if isinstance(six.get(name), str) and six[name].strip()}
    names = list(texts)
    counts = {name: Counter(text) for name, text in texts.items()}
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            # The characters in common bound the ratio from above (difflib's quick_ratio), and
            # counted once per text that bound is far cheaper: most pairs stop there.
            size = len(texts[first]) + len(texts[second])
            if size and 2 * sum((counts[first] & counts[second]).values()) < SIMILAR * size:
                continue
            ratio = difflib.SequenceMatcher(None, texts[first], texts[second]).ratio()
            if ratio >= SIMILAR:
                src.error(src.line_of(("characteristics", second)), f"characteristics.{second}",
                          f"与“{first}”的说明几乎相同（相似度 {ratio:.0%}）。请分别写出此方法如何体现“{second}”。")


@dataclass(frozen=True)
class Stock:
    """``data/stock_phrases.yml``, ready to match: phrases without punctuation, as statements are read."""

    phrases: re.Pattern          # any stock phrase, longest first
    reasons: dict                # phrase → why it tells nothing
    generic: re.Pattern          # words that name no one method
    pieces: re.Pattern           # what a name is split at: punctuation and the generic words
    example_method: str
    examples: dict               # characteristic → the good example's statement


@lru_cache(maxsize=None)
def _stock_data() -> dict:
    with open(os.path.join(DATA_DIR, "stock_phrases.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def stock_phrases() -> list[tuple[list[str], str]]:
    """The stock phrases as the 编写指南 lists them: those of one reason together, in the file's
    order; a pattern with its characteristic as ××性 (具有××性)."""
    data = _stock_data()
    grouped: dict[str, list[str]] = {}
    for entry in data["phrases"] + (data.get("patterns") or []):
        grouped.setdefault(entry["reason"], []).append(entry["phrase"].format(characteristic="××性"))
    return [(phrases, reason) for reason, phrases in grouped.items()]


@lru_cache(maxsize=None)
def stock(characteristics: tuple[str, ...]) -> Stock:
    data = _stock_data()
    reasons = {PUNCTUATION.sub("", e["phrase"]): e["reason"] for e in data["phrases"]}
    for entry in data.get("patterns") or []:
        for name in characteristics:
            reasons.setdefault(PUNCTUATION.sub("", entry["phrase"].format(characteristic=name)), entry["reason"])

    def alternation(words):
        return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))

    example = data["example"]
    generic = alternation(data["generic_words"])
    return Stock(alternation(reasons), reasons, generic, re.compile(f"{PUNCTUATION.pattern}|{generic.pattern}"),
                 example["method"], dict(example["statements"]))


class _Own:
    """What is this method's own, for telling whether a statement says anything of it: its names
    (name, formula, unit, places, each without the generic words) and, read only when a statement
    needs it, its own text (summary, formula, body) without punctuation."""

    def __init__(self, method, data: Stock):
        meta = method.meta
        self.meta, self.body, self.generic = meta, method.body, data.generic
        place = meta.get("place") if isinstance(meta.get("place"), dict) else {}
        formula = meta.get("formula") if isinstance(meta.get("formula"), dict) else {}
        names = [meta.get("name"), meta.get("unit"), formula.get("text")] + list(place.values())
        words = set()
        for name in (n for n in names if isinstance(n, (str, int)) and not isinstance(n, bool)):
            name = str(name)
            words |= {name, short_name(name)}
            words.update(data.pieces.split(name))
        self.names = [w for w in words if len(w) >= 2]
        self._text = None

    @property
    def text(self) -> str:
        if self._text is None:
            formula = self.meta.get("formula") if isinstance(self.meta.get("formula"), dict) else {}
            parts = [p for p in formula.get("parts") or [] if isinstance(p, dict)]
            pieces = [self.meta.get("summary"), formula.get("meaning"), self.body]
            pieces += [p.get("meaning") for p in parts]
            pieces += [i for p in parts if isinstance(p.get("items"), list) for i in p["items"]]
            self._text = PUNCTUATION.sub("", "\n".join(p for p in pieces if isinstance(p, str)))
        return self._text

    def in_(self, statement: str, plain: str, phrases: re.Pattern) -> bool:
        """Whether ``statement`` (``plain``: without punctuation) holds anything of the method's own,
        beyond its stock ``phrases``. Cheapest tests first: most statements stop at a number or a name."""
        if NUMBER.search(statement) or any(name in plain for name in self.names):
            return True
        for match in QUOTED.finditer(statement):
            quoted = phrases.sub("", PUNCTUATION.sub("", next(g for g in match.groups() if g)))
            if len(quoted) >= 2:
                return True
        rest, text = self.generic.sub("|", phrases.sub("|", plain)), self.text
        return any(run[i:i + SHARED] in text for run in rest.split("|") for i in range(len(run) - SHARED + 1))


def _inner(text: str) -> str:
    """A text to be quoted, its own double quotes made single: “…‘四议’…”."""
    return text.replace("“", "‘").replace("”", "’")


def _said_nothing(method, registry) -> None:
    """A statement of stock phrases with no name, place, number, quoted measure or words of this
    method's own: an error in a complete entry, a warning in the others (their statements are drafts).
    A stock phrase is what makes it sure: a statement without one, its own words put otherwise than
    in the method's text, is left alone."""
    six, src = method.meta.get("characteristics"), method.src
    if not isinstance(six, dict):
        return
    data = stock(registry.characteristics)
    own = None  # built for the first statement with a stock phrase: most files have none
    for name in registry.characteristics:
        statement = six.get(name)
        if not isinstance(statement, str):
            continue
        plain = PUNCTUATION.sub("", statement)
        found = list(dict.fromkeys(data.phrases.findall(plain)))
        if not found:
            continue
        own = own or _Own(method, data)
        if own.in_(statement, plain, data.phrases):
            continue
        stock_words = "；".join(f"套话“{p}”{data.reasons[p]}" for p in found)
        what = ((registry.field_spec(f"characteristics.{name}") or {}).get("help") or "").rstrip("。")
        message = (f"“{_inner(statement.strip())}”说不出这一方法本身的{name}：{stock_words}；"
                   "句中也没有本方法自己的名称、地点、数字或具体做法，换成别的方法照样成立。"
                   f"请写出{what}（要有来源依据），例如{data.example_method}的{name}：“{_inner(data.examples.get(name, ''))}”")
        severity = ERROR if method.meta.get("completeness") == registry.complete_level else WARNING
        src.problems.append(Problem(src.path, src.line_of(("characteristics", name)), f"characteristics.{name}",
                                    message, severity))


def _value_at(meta: dict, name: str):
    """The checked value of a dotted field (place.city), or None."""
    value = meta
    for key in name.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _basis(meta: dict, src, registry) -> None:
    """Each ``basis`` entry speaks for a field the file has, once, with what its ``by`` needs
    (schema.yml ``needs``); a field marked ``basis: required`` is not given without one."""
    raw = src.meta.get("basis") if isinstance(src.meta, dict) else None
    checked = meta.get("basis")
    entries = []
    if isinstance(raw, list) and isinstance(checked, list):
        # The checked list skips blank items: pair each with its index in the file, for its line.
        filled = [i for i, item in enumerate(raw) if not is_blank(item)]
        entries = [(i, e) for i, e in zip(filled, checked) if isinstance(e, dict)]
    label = registry.dotted_label
    own = [c["id"] for c in meta.get("sources") or [] if isinstance(c, dict) and c.get("id")]
    own_words = "、".join(own) or "（本文件还没有 sources）"
    seen: dict[str, int] = {}
    for i, entry in entries:
        path = ("basis", i)
        name, by = entry.get("field"), entry.get("by")
        if name:
            at = path + ("field",)
            if is_blank(_value_at(meta, name)):
                src.error(src.line_of(at), dotted(at),
                          f"这里说明“{label(name)}”（{name}）的依据，但本文件没有填写 {name}。"
                          f"请删去这一项，或先填写 {name}。")
            elif name in seen:
                src.error(src.line_of(at), dotted(at),
                          f"“{label(name)}”（{name}）的依据说明重复出现（第 {seen[name]} 行已有一项）。"
                          "每个字段只写一项：请把两项合并，删去这一项。")
            else:
                seen[name] = src.line_of(at)
        need = registry.basis_needs.get(by)
        if need and is_blank(entry.get(need)):
            spec = registry.basis_item[need]
            what = spec.get("help", "").split("：", 1)[-1]  # the help, without its “required when” opening
            src.error(src.line_of(path + ("by",)), dotted(path + (need,)),
                      f"by 为“{by}”时必须写 {need}（{spec['label']}）：{what}"
                      + (f"本文件的来源编号：{own_words}。" if need == "source" else ""))
        source = entry.get("source")
        if source and source not in own:
            at = path + ("source",)
            src.error(src.line_of(at), dotted(at),
                      f"来源编号“{source}”不在本文件的 sources 中（现有：{own_words}）。"
                      "请改为其中之一，或先把这一来源加入 sources。")
    for name in registry.basis_required:
        value = _value_at(meta, name)
        if is_blank(value) or name in seen:
            continue
        path = tuple(name.split("."))
        by = {need: value for value, need in registry.basis_needs.items()}
        written = f"“{value}”" if isinstance(value, (str, int)) else ""
        src.error(src.line_of(path), name,
                  f"写了{label(name)}{written}，但没有说明依据。请在 basis 中加一项 field: {name}："
                  f"来源写明的，写 by: {by.get('source')} 和 source（来源编号）；来源没有这样写、由编者判断的，"
                  f"写 by: {by.get('reason')} 和 reason（据来源的哪些内容这样判断）。说不清依据的，删去 {name} 这一行。")


def _practice_years(meta: dict, src, registry) -> None:
    since = meta.get("practice_since")
    memberships = meta.get("lists") if isinstance(meta.get("lists"), list) else []
    for index, membership in enumerate(memberships):
        entry = registry.lists.get(membership.get("list")) if isinstance(membership, dict) else None
        rule = ((entry or {}).get("rules") or {}).get("min_practice_years")
        if not rule or not isinstance(since, int) or not isinstance(entry.get("year"), int):
            continue
        years = entry["year"] - since
        if years < rule["value"]:
            document = registry.sources[rule["source"]]
            src.error(src.line_of(("practice_since",)), "practice_since",
                      f"入选“{entry['name']}”（{entry['year']}年）时实践只有 {years} 年（自 {since} 年起），"
                      f"不符合《{document['short']}》“{rule['value']}年以上工作实践”的要求。请核对起始年份或入选名单。")


def _body(method, registry) -> None:
    src, level = method.src, method.meta.get("completeness")
    sections = registry.body_sections
    found = []
    misplaced = None  # (line, title, the heading before it that should follow it): the first one
    lines = method.body.split("\n")
    for offset, text in enumerate(lines):
        match = HEADING.match(text)
        if not match:
            continue
        title = match.group(1).strip()
        number = src.body_line + offset
        following = next((i for i in range(offset + 1, len(lines)) if HEADING.match(lines[i])), len(lines))
        if not COMMENT.sub("", "\n".join(lines[offset + 1:following])).strip():
            src.error(number, "正文", f"小标题“{title}”下还没有内容。请用自己的话写上来源中的内容；来源没有写到的，删去这个小标题。")
        if title not in sections:
            src.error(number, "正文", f"小标题“{title}”不在正文模板中。二级标题只用：{'、'.join(sections)}。")
        elif title in found:
            src.error(number, "正文", f"小标题“{title}”重复出现。")
        else:
            later = [t for t in found if sections.index(t) > sections.index(title)]
            if later and misplaced is None:
                misplaced = (number, title, later[0])
            found.append(title)
    if misplaced:
        # At the heading that is out of place, not at the body's first line: there is the fix.
        number, title, later = misplaced
        src.error(number, "正文", f"小标题“{title}”应在“{later}”之前。小标题顺序应为：{'、'.join(sections)}。")
    if level == registry.complete_level:
        missing = [s for s in sections if s not in found]
        if missing:
            src.error(src.body_line, "正文", f"完整度为“{level}”时正文须有全部小标题，现在缺：{'、'.join(missing)}。")
    if level in registry.described_levels and not method.body.strip():
        src.error(src.body_line, "正文", f"完整度为“{level}”时正文不能为空；只有名称和出处的条目请标为“{registry.pending_level}”。")


def check_collection(methods: list, registry) -> list[Problem]:
    """Rules across files: duplicates and recommendation quotas."""
    problems = []
    by_slug = defaultdict(list)
    by_identity = defaultdict(list)
    for method in methods:
        by_slug[method.slug].append(method)
        if method.identity:
            by_identity[method.identity].append(method)
    for slug, group in by_slug.items():
        for method in group[1:]:
            problems.append(Problem(method.display_path, 1, None,
                                    f"文件名“{slug}.md”与 {group[0].display_path} 相同，网址会冲突。请改一个文件名。"))
    for (name, place), group in by_identity.items():
        for method in group[1:]:
            problems.append(Problem(method.display_path, method.src.line_of(("name",)), "name",
                                    f"与 {group[0].display_path} 重复：名称“{name}”和地点“{place}”都相同。"
                                    "同一方法只保留一个文件，入选多个名单时在 lists 中并列。"))
    problems += _quotas(methods, registry)
    return problems


def _quotas(methods: list, registry) -> list[Problem]:
    problems = []
    for key, entry in registry.lists.items():
        quota = (entry.get("rules") or {}).get("quota")
        if not quota:
            continue
        members = [m for m in methods if key in m.list_ids]
        groups = {
            "per_province": defaultdict(list),
            "per_city": defaultdict(list),
        }
        for method in members:
            place = method.meta.get("place") or {}
            province, city = place.get("province"), place.get("city")
            groups["per_province"][province].append(method)
            # A municipality's bureau recommends as a province does (000: 地市级 → 省级 → 民政部):
            # the per-city limit is not its own, and “上海市上海市” names no place.
            if city and city != province and not registry.gazetteer.is_municipality(province or ""):
                groups["per_city"][f"{province or ''}{city}"].append(method)
        document = registry.sources[quota["source"]]["short"]
        for rule, unit in (("per_province", "省"), ("per_city", "地市")):
            for where, group in groups[rule].items():
                if len(group) > quota[rule]:
                    last = group[-1]
                    names = "、".join(m.meta.get("name", m.slug) for m in group)
                    problems.append(Problem(
                        last.display_path, last.src.line_of(("lists",)), "lists",
                        f"“{entry['name']}”中{where}已有 {len(group)} 个（{names}），"
                        f"《{document}》要求原则上每个{unit}不超过 {quota[rule]} 个。请核对名单。",
                        WARNING))
    return problems
