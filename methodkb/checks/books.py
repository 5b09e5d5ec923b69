"""Collections (选编): printed books, each defined by a YAML file in ``collections/``.

A definition names its methods one by one (as people call them: see model/lookup.py), or
selects them by province, theme, list, kind, category and completeness with an order
(``data/book_schema.yml``). Loading resolves it against the validated methods; every mistake,
such as a method that does not exist or a selection that matches nothing, becomes a file:line
message. Entries of the lowest completeness go to the book's 名录 unless the book says otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from methodkb.checks import frontmatter
from methodkb.checks.loading import COLLECTION_ENDINGS, MethodSet, Found, meant_name, shown_path
from methodkb.checks.loading import find_files as collection_files
from methodkb.model.lookup import Finder, explain
from methodkb.model.method import Method as Entry
from methodkb.model.problems import Problem
from methodkb.checks.schema import SchemaChecker
from methodkb.model.text import suggest
from methodkb.model.slugs import problem as slug_problem

DEFAULT_ORDER = "省份"
ORDER_WORDS = {"名单名次": "按名单名次排列", "省份": "按地区排列", "实践起始年份": "按实践起始年份从早到晚排列",
               "名称": "按名称排列"}


@dataclass
class Book:
    slug: str                 # the file name without .yml: the page URL and the PDF's name
    title: str
    subtitle: str | None
    compiler: str
    date: str
    foreword: list[str]       # paragraphs
    how: str                  # how the methods were chosen, in words
    slugs: list[str] = field(default_factory=list)  # the chapters, in order
    # The entries of the lowest completeness (name, place and list only), in the book's order:
    # a line each in the appendix 名录, not a nearly empty chapter each (book option ``pending``).
    listed: list[str] = field(default_factory=list)

    @property
    def pdf_name(self) -> str:
        return f"{self.slug}.pdf"

    @property
    def all_slugs(self) -> list[str]:
        return self.slugs + self.listed


def find_files(paths: list[str], root: str | None = None) -> Found:
    """The collection files in each folder of ``paths`` (not its subfolders) and each file named;
    a path that does not exist is passed over. What is wrong with a file found and not read (a
    name such as x.yml.txt, a link out of the folder) is in ``problems``, as for method files."""
    return collection_files([p for p in paths if os.path.lexists(p)], root, COLLECTION_ENDINGS, walk=False)


def load(paths: list[str], collection: MethodSet, entries: list[Entry], root: str) -> tuple[list[Book], list[Problem]]:
    """Read the collection files under ``paths`` and resolve their methods.
    ``entries`` are the methods in the indexes' order (province, city, district, name)."""
    registry = collection.registry
    checker = SchemaChecker(registry)
    resolver = _Resolver(collection, entries)
    books, problems, titles = [], [], {}
    # check.py hands over the files it found (a Found, with its problems); the build, folders.
    files = paths if isinstance(paths, Found) else find_files(paths, root)
    problems += files.problems
    for path in files:
        src = frontmatter.read_yaml(path, shown_path(path, root), registry.book_field_keys, registry.book_name_keys)
        book = None
        if src.meta is not None:
            meta = checker.check_fields(src, registry.book_schema["fields"])
            # A misnamed file (x.yml.txt), read when named on purpose, is known by the name it should have.
            name = os.path.basename(path)
            book = resolver.book(src, meta, os.path.splitext(meant_name(name, COLLECTION_ENDINGS) or name)[0])
            title = meta.get("title")
            if title in titles:
                src.error(src.line_of(("title",)), "title", f"书名与 {titles[title]} 相同，请换一个书名。")
            elif title:
                titles[title] = src.path
        problems += src.problems
        if book and not src.problems:
            books.append(book)
    problems.sort(key=Problem.sort_key)
    return books, problems


class _Resolver:
    """Turns a checked definition into a Book: names to methods, a selection to an ordered list."""

    def __init__(self, collection: MethodSet, entries: list[Entry]):
        self.registry = collection.registry
        self.entries = entries
        self.by_slug = {e.slug: e for e in entries}
        self.finder = Finder(entries)

    def book(self, src: frontmatter.SourceFile, meta: dict, slug: str) -> Book | None:
        wrong = slug_problem(slug)
        if wrong:
            src.error(1, None, f"文件名“{slug}”会成为网址和 PDF 的名字，{wrong}。请改用其他文件名，例如 hunan.yml。")
        names, select = meta.get("methods"), meta.get("select")
        if names and select:
            src.error(src.line_of(("select",)), "select", "“收录方法”和“选取条件”只能写一个：逐个列出时删去 select，按条件选取时删去 methods。")
            return None
        if names:
            if meta.get("order"):
                src.error(src.line_of(("order",)), "order", "逐个列出方法时按列出的顺序排印，请删去“排序”（order）。")
            slugs, how = self._named(src, names), "按编者列出的顺序收录"
        elif select:
            slugs, how = self._selected(src, select, meta.get("order") or DEFAULT_ORDER)
        else:
            src.error(1, None, "缺少“收录方法”（methods）或“选取条件”（select）：请写明这本书收录哪些方法。")
            return None
        if not slugs or any(s is None for s in slugs):
            return None
        listed = []
        # The option's first value, its default, lists the least complete entries in the 名录.
        in_list = self.registry.book_schema["fields"]["pending"]["values"][0]
        if (meta.get("pending") or in_list) == in_list:
            pending = self.registry.pending_level
            listed = [s for s in slugs if self.by_slug[s].completeness == pending]
            slugs = [s for s in slugs if self.by_slug[s].completeness != pending]
        return Book(slug=slug, title=meta.get("title") or "", subtitle=meta.get("subtitle"),
                    compiler=meta.get("compiler") or "", date=meta.get("date") or "",
                    foreword=[p for p in (meta.get("foreword") or "").split("\n\n") if p],
                    how=how, slugs=slugs, listed=listed)

    # An explicit list -----------------------------------------------------------

    def _named(self, src, names: list) -> list[str | None]:
        out, first = [], {}
        for i, name in enumerate(names):
            if not isinstance(name, str):
                continue
            found = self._one(src, i, name)
            # Two spellings of one method (军门, junmen-13335) would print it twice.
            if found is not None and found in first:
                if names[first[found]].strip() != name.strip():  # the same words are reported by the schema check
                    src.error(src.line_of(("methods", i)), f"methods[{i}]",
                              f"“{name.strip()}”与第 {first[found] + 1} 项是同一个方法（{self.by_slug[found].name}），请删去一个。")
                found = None
            elif found is not None:
                first[found] = i
            out.append(found)
        return out

    def _one(self, src, index: int, name: str) -> str | None:
        match = self.finder.find(name)
        if match.method:
            return match.method.slug
        advice = "请写方法文件名（不带 .md）或方法名称，可在“全部方法和经验”页查到。"
        src.error(src.line_of(("methods", index)), f"methods[{index}]", explain(name.strip(), match, advice))
        return None

    # A selection ----------------------------------------------------------------

    def _selected(self, src, select: dict, order: str) -> tuple[list[str], str]:
        wanted: dict[str, set] = {}
        said = []
        wrong = False
        for key, (label, choices) in self._choices().items():
            values = select.get(key) or []
            resolved = set()
            for i, value in enumerate(values):
                if not isinstance(value, str):
                    continue
                match = choices.get(value.strip())
                if match is None:
                    # Every wrong value is told in one run, not the first alone.
                    hint = suggest(value, choices)
                    advice = f"是不是“{hint}”？" if hint else f"可选：{'、'.join(sorted(set(choices.values())))}。"
                    src.error(src.line_of(("select", key, i)), f"select.{key}[{i}]", f"“{value}”不是可选的{label}。{advice}")
                    wrong = True
                    continue
                resolved.add(match)
            if resolved:
                wanted[key] = resolved
                said.append(f"{label}为{'或'.join(sorted(self._shown(key, v) for v in resolved))}")
        if wrong:
            return [], ""
        if not wanted:
            src.error(src.line_of(("select",)), "select", "选取条件是空的：至少写一项，例如 province: [湖南省]。")
            return [], ""
        chosen = [e for e in self.entries if all(self._has(e, key, values) for key, values in wanted.items())]
        if not chosen:
            src.error(src.line_of(("select",)), "select", f"按这些条件选不到任何方法（{'，'.join(said)}）。请放宽条件或检查写法。")
            return [], ""
        if order == "名单名次" and "list" not in wanted:
            src.error(src.line_of(("order",)), "order", "按“名单名次”排序需要在选取条件中写明入选名单（select.list）。")
            return [], ""
        chosen = self._ordered(chosen, order, sorted(wanted.get("list", [])))
        return [e.slug for e in chosen], f"收录{'，'.join(said)}的方法，{ORDER_WORDS[order]}"

    def _choices(self) -> dict[str, tuple[str, dict[str, str]]]:
        """Per selection key: its label, and every accepted spelling → the value it stands for."""
        registry = self.registry
        provinces = {name: name for name in registry.provinces}
        provinces.update({entry["short"]: name for name, entry in registry.provinces.items()})
        lists = {key: key for key in registry.lists}
        for key, entry in registry.lists.items():
            lists.update({entry["name"]: key, entry["short"]: key})
        return {
            "province": ("省份", provinces),
            "theme": ("主题", {name: name for name in registry.themes}),
            "list": ("入选名单", lists),
            "kind": ("类型", {v: v for v in registry.kinds}),
            "category": ("类别", {v: v for v in registry.categories}),
            "completeness": ("完整度", {v: v for v in registry.completeness_levels}),
        }

    def _shown(self, key: str, value: str) -> str:
        return f"“{self.registry.lists[value]['name']}”" if key == "list" else value

    @staticmethod
    def _has(entry: Entry, key: str, values: set) -> bool:
        if key == "province":
            return entry.province in values
        if key == "theme":
            return bool(values.intersection(entry.themes))
        if key == "list":
            return any(list_id in values for list_id in entry.list_keys)
        return getattr(entry, key) in values

    def _ordered(self, chosen: list[Entry], order: str, lists: list[str]) -> list[Entry]:
        if order == "名单名次":
            def rank(entry: Entry):
                ranks = [(lists.index(m.list), m.rank if isinstance(m.rank, int) else 10**6) for m in entry.lists if m.list in lists]
                return min(ranks)
            return sorted(chosen, key=rank)  # stable: ties keep the province order
        if order == "实践起始年份":
            return sorted(chosen, key=lambda e: e.practice_since or e.year or 9999)
        if order == "名称":
            return sorted(chosen, key=lambda e: e.name)
        return chosen  # 省份: the entries are in the official province order already
