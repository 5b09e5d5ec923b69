"""Pages generated from the data: the list of all methods, one page per source
document, and the field reference (the indexes are in ``browse.py``). Markdown, rendered from the Jinja templates
in ``templates/`` (see ``render.py`` for the escaping).
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Callable
from functools import partial

import jinja2

from methodkb.site import guide, indexes, svg
from methodkb.checks.loading import MethodSet
from methodkb.site.render import (ENV, HTML_ENV, Raw, list_uri, meta_value, method_uri, province_uri, source_uri,
                                  theme_uri)
from methodkb.checks.schema import TYPE_NAMES, field_rows
from methodkb.model.facts import kind_label, method_view

# Where a method page's own text begins and ends, between the facts card and the related methods.
BODY_START, BODY_END = "<!-- kb:body -->", "<!-- kb:related -->"


def stats(collection: MethodSet) -> dict:
    methods = collection.models
    provinces = Counter(m.province for m in methods)
    return {
        "methods": len(methods),
        "provinces": len(provinces),
        "by_province": provinces.most_common(),
        "by_category": Counter(m.category for m in methods),
        "by_completeness": Counter(m.completeness for m in methods),
        "with_formula": sum(1 for m in methods if m.formula),
        "lists": len(collection.registry.lists),
        "sources": len(collection.registry.sources),
    }


def fill(markdown: str, collection: MethodSet, offline: dict | None = None) -> str:
    """A hand-written page that asks for it (``kb_template: true``) with its figures filled in:
    the number of methods, the lists, the sources, the offline edition's zip (name, MB), and the
    home page's ways in (``home``: Markdown built from the data, escaped; written on first use)."""
    context = {"stats": stats(collection), "lists": collection.registry.lists,
               "sources": collection.registry.sources, "offline": offline, "home": _Home(collection)}
    return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(markdown).render(context)


# The home page ---------------------------------------------------------------------------

RECENT_LISTS = 3      # the most recently published lists the home page shows
RECENT_MEMBERS = 4    # and of each, this many of its entries
EMPTY_TEXT = "#616161"  # a tile without methods: grey on the lightest shade


class _Home:
    """The home page's parts, each Markdown rendered from ``home_parts.md.j2`` when the page asks."""

    def __init__(self, collection: MethodSet):
        self.collection = collection

    def _macro(self, name: str, **values) -> str:
        return getattr(ENV.get_template("home_parts.md.j2").module, name)(**values)

    @property
    def counts(self) -> dict:
        registry = self.collection.registry
        return {"themes": len(registry.themes), "lists": len(registry.lists)}

    @property
    def map(self) -> str:
        return self._macro("tiles", tiles=home_tiles(self.collection))

    @property
    def themes(self) -> str:
        return self._macro("themes", themes=home_themes(self.collection))

    @functools.cached_property
    def _recent(self) -> list[dict]:
        return recent_lists(self.collection)

    @property
    def recent(self) -> str:
        return self._macro("recent", lists=self._recent)

    @property
    def recent_count(self) -> int:
        return len(self._recent)


def home_tiles(collection: MethodSet) -> list[dict]:
    """The small tile map: each provincial-level division at its tile, shaded as the big map
    (``svg.shade``), its text dark or light, whichever reads better on the shade."""
    counts = Counter(m.province for m in collection.models)
    highest = max(counts.values(), default=0)
    tiles = []
    for name, entry in collection.registry.provinces.items():
        count = counts.get(name, 0)
        fill = svg.shade(count, highest)
        text = EMPTY_TEXT if not count else svg.text_on(fill)
        row, col = entry["tile"]
        tiles.append({"name": name, "short": entry["short"], "count": count, "uri": province_uri(entry["slug"]),
                      "style": Raw(f"grid-area:{int(row) + 1}/{int(col) + 1};background:{fill};color:{text}"),
                      "label": Raw(_attribute(f"{name}：{count} 个方法"))})
    return tiles


def home_themes(collection: MethodSet) -> list[dict]:
    counts = Counter(t for m in collection.models for t in m.themes)
    return [{"name": name, "uri": theme_uri(entry["slug"]), "count": counts.get(name, 0)}
            for name, entry in collection.registry.themes.items()]


def recent_lists(collection: MethodSet, shown: int = RECENT_LISTS, per_list: int = RECENT_MEMBERS) -> list[dict]:
    """What was added most recently, as far as the data can say: the method files carry no date
    they were added, but the lists they belong to carry the date (or year) they were published.
    The lists published last that hold any of the collection, newest first, with their first entries."""
    members = indexes.by_list(indexes.entries(collection), collection.registry.lists)
    rows = []
    for key, entry in collection.registry.lists.items():
        when = _published(entry)
        if when and members.get(key):
            entries = [m for _, m in members[key]]
            rows.append({"key": key, "uri": list_uri(key), "name": entry["name"], "issuer": entry["issuer"],
                         "when": when[1], "order": when[0], "count": len(entries),
                         "members": [{"name": m.name, "uri": method_uri(m.slug), "place": m.place_line}
                                     for m in entries[:per_list]]})
    rows.sort(key=lambda r: r["order"], reverse=True)
    return rows[:shown]


def _published(entry: dict) -> tuple[tuple, str] | None:
    """When a list was published, as (a sort key, the words for it): its date, else its year."""
    date = entry.get("date")
    if date:
        parts = [int(p) for p in re.findall(r"\d+", str(date))[:3]]
        if parts:
            words = "".join(f"{v}{unit}" for v, unit in zip(parts, "年月日"))
            return tuple(parts + [0] * (3 - len(parts))), words
    year = entry.get("year")
    if isinstance(year, int):
        return (year, 0, 0), f"{year}年"
    return None


def _attribute(value: str) -> str:
    """A value for a quoted attribute in an attribute list ({: aria-label="…"}): one line, with
    nothing that could end the quote or the list (the list's serializer escapes the rest)."""
    return re.sub(r'["{}\\\r\n]+', " ", str(value)).strip()


def methods_index(collection: MethodSet, entries: list) -> str:
    categories = collection.registry.categories
    groups = [(c, [e for e in entries if e.category == c]) for c in categories]
    kinds = {e.slug: kind_label(e, collection.registry) for e in entries}
    return ENV.get_template("methods_index.md.j2").render(groups=groups, kinds=kinds, stats=stats(collection))


def sources_index(collection: MethodSet, citing: dict[str, set[str]]) -> str:
    rows = [dict(entry, id=key, count=len(citing[key])) for key, entry in collection.registry.sources.items()]
    return ENV.get_template("sources_index.md.j2").render(sources=rows)


def source_page(collection: MethodSet, key: str, entries: list, citing: set[str]) -> str:
    entry = collection.registry.sources[key]
    lists = [dict(e, id=k) for k, e in collection.registry.lists.items() if e.get("source") == key]
    return ENV.get_template("source_page.md.j2").render(
        source=entry, id=key, lists=lists, methods=[e for e in entries if e.slug in citing])


def citing_methods(collection: MethodSet) -> dict[str, set[str]]:
    """Source id → slugs of the methods that cite it, in one pass over the methods."""
    out: dict[str, set[str]] = {key: set() for key in collection.registry.sources}
    for method in collection.models:
        for ref in method.sources:
            if ref.id in out:
                out[ref.id].add(method.slug)
    return out


def field_reference(collection: MethodSet) -> str:
    registry = collection.registry
    return ENV.get_template("field_reference.md.j2").render(
        rows=field_rows(registry.fields), book_rows=field_rows(registry.book_schema["fields"]),
        type_names=TYPE_NAMES, sections=registry.body_sections,
        themes=registry.themes, lists=registry.lists, basis=_basis_words(registry))


def _basis_words(registry) -> dict:
    """What the field reference says of ``basis``, from its spec."""
    by = {need: value for value, need in registry.basis_needs.items()}
    editor = by.get("reason")
    return {"fields": [(f, registry.dotted_label(f)) for f in registry.basis_fields],
            "source_by": by.get("source"), "editor_by": editor,
            "marker": registry.basis_marker("", editor), "kind_marker": registry.basis_marker("kind", editor)}


def book_pages(books: list, entries: list, pdf: bool, directory_urls: bool = True) -> dict[str, Callable[[], str]]:
    """The 选编 pages: an index, and per collection its foreword, chapters and PDF link.
    ``pdf``: whether this build prints the PDFs (otherwise the page says how to get them);
    ``directory_urls``: false when pages are .html files, one folder up from where they'd be served."""
    by_slug = {e.slug: e for e in entries}
    up = "../" if directory_urls else ""

    def book_page(book) -> str:
        return ENV.get_template("collection_page.md.j2").render(
            book=book, chapters=[by_slug[s] for s in book.slugs], listed=[by_slug[s] for s in book.listed],
            pdf=pdf, pdf_href=up + book.pdf_name)

    pages = {"collections/index.md": partial(ENV.get_template("collections_index.md.j2").render, books=books, pdf=pdf)}
    for book in books:
        pages[f"collections/{book.slug}.md"] = partial(book_page, book)
    return pages


def generated(collection: MethodSet, entries: list) -> dict[str, Callable[[], str]]:
    """src_uri → what writes the Markdown of the documents' pages; ``entries`` are the methods in index order."""
    citing = citing_methods(collection)
    pages = {
        "methods/index.md": partial(methods_index, collection, entries),
        "sources/index.md": partial(sources_index, collection, citing),
        "reference/fields.md": partial(field_reference, collection),
        "guide/index.md": partial(guide.guide_page, collection),
    }
    for key in collection.registry.sources:
        pages[source_uri(key)] = partial(source_page, collection, key, entries, citing[key])
    return pages


def method_page(method, browse) -> str:
    """A method's page: the facts card (HTML), its body (Markdown), the related methods (HTML).
    The page is whole in itself: any generator that reads Markdown builds it."""
    url = browse.url(method_uri(method.slug))
    view = method_view(method, browse.registry)
    context = {"m": view, "links": browse.links(method.slug), "up": "../" * url.count("/")}
    card = HTML_ENV.get_template("method_card.html.j2").render(context)
    related = HTML_ENV.get_template("method_related.html.j2").render(context)
    description = method_description(view, browse.registry.pending_level)
    return (f"---\ntitle: {meta_value(method.name)}\ndescription: {meta_value(description)}\n"
            f"template: method.html\n---\n\n"
            f"{card}\n{BODY_START}\n\n{method.body}\n\n{BODY_END}\n\n{related}")


def method_description(view: dict, pending: str) -> str:
    """What a shared link says of a method (description, og:description): its summary, or
    for an entry without one a sentence from its category, place and lists."""
    if view["summary"]:
        return view["summary"]
    lists = "、".join(f"《{l['name']}》" for l in view["lists"] if l["name"])
    sentence = f"{view['place_line']}的{view['category']}" + (f"，入选{lists}" if lists else "")
    return sentence + (f"。具体做法{pending}。" if view["completeness"] == pending else "。")


# markupsafe's striptags, which the theme applied to the page's HTML before: comments, then tags.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<.*?>", re.DOTALL)
DESCRIPTION_LENGTH = 120


def first_paragraph(page_html: str) -> str:
    """What a shared link says of a page whose front matter says nothing (description,
    og:description): the text of its first paragraph (a bare ``<p>``), cut at 120 characters,
    HTML-escaped as a meta value; "" when it has none. Worked out here, not in the theme's
    template, so that every generator prints the same (Zensical's templates have no str.split)."""
    if "<p>" not in page_html:
        return ""
    inner = page_html.split("<p>", 1)[1].split("</p>", 1)[0]
    text = html.unescape(" ".join(_TAG.sub("", _COMMENT.sub("", inner)).split()))
    if len(text) > DESCRIPTION_LENGTH:
        text = text[:DESCRIPTION_LENGTH - 1] + "…"
    return html.escape(text, quote=False)


def method_body(page_html: str) -> str:
    """The part of a rendered method page that is its own text (for the search index)."""
    return page_html.partition(BODY_START)[2].partition(BODY_END)[0]


def site_pages(collection: MethodSet, browse, books: list, pdf: bool,
               directory_urls: bool = True) -> dict[str, Callable[[], str]]:
    """Every page and data file the build adds to the site: src_uri → the function that writes its content."""
    methods = {method_uri(m.slug): partial(method_page, m, browse) for m in collection.models}
    return {**methods, **generated(collection, browse.entries), **browse.pages(),
            **book_pages(books, browse.entries, pdf, directory_urls)}
