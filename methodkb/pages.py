"""Pages generated from the data: the list of all methods, one page per source
document, and the field reference (the indexes are in ``browse.py``). Markdown, rendered from the Jinja templates
in ``templates/`` (see ``render.py`` for the escaping).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial

from . import guide
from .collection import Collection
from .render import ENV, source_uri
from .schema import TYPE_NAMES, field_rows


def stats(collection: Collection) -> dict:
    methods = collection.methods
    provinces = Counter((m.meta.get("place") or {}).get("province") for m in methods)
    return {
        "methods": len(methods),
        "provinces": len(provinces),
        "by_province": provinces.most_common(),
        "by_category": Counter(m.meta.get("category") for m in methods),
        "by_completeness": Counter(m.meta.get("completeness") for m in methods),
        "with_formula": sum(1 for m in methods if m.meta.get("formula")),
        "lists": len(collection.registry.lists),
        "sources": len(collection.registry.sources),
    }


def methods_index(collection: Collection, entries: list) -> str:
    categories = collection.registry.fields["category"]["values"]
    groups = [(c, [e for e in entries if e.category == c]) for c in categories]
    return ENV.get_template("methods_index.md.j2").render(groups=groups, stats=stats(collection))


def sources_index(collection: Collection, citing: dict[str, set[str]]) -> str:
    rows = [dict(entry, id=key, count=len(citing[key])) for key, entry in collection.registry.sources.items()]
    return ENV.get_template("sources_index.md.j2").render(sources=rows)


def source_page(collection: Collection, key: str, entries: list, citing: set[str]) -> str:
    entry = collection.registry.sources[key]
    lists = [dict(e, id=k) for k, e in collection.registry.lists.items() if e.get("source") == key]
    return ENV.get_template("source_page.md.j2").render(
        source=entry, id=key, lists=lists, methods=[e for e in entries if e.slug in citing])


def citing_methods(collection: Collection) -> dict[str, set[str]]:
    """Source id → slugs of the methods that cite it, in one pass over the methods."""
    out: dict[str, set[str]] = {key: set() for key in collection.registry.sources}
    for method in collection.methods:
        for ref in method.meta.get("sources") or []:
            if isinstance(ref, dict) and ref.get("id") in out:
                out[ref["id"]].add(method.slug)
    return out


def field_reference(collection: Collection) -> str:
    registry = collection.registry
    return ENV.get_template("field_reference.md.j2").render(
        rows=field_rows(registry.fields), book_rows=field_rows(registry.book_schema["fields"]),
        type_names=TYPE_NAMES, sections=registry.body_sections,
        themes=registry.themes, lists=registry.lists)


def book_pages(books: list, entries: list, pdf: bool, directory_urls: bool = True) -> dict[str, Callable[[], str]]:
    """The 选编 pages: an index, and per collection its foreword, chapters and PDF link.
    ``pdf``: whether this build prints the PDFs (otherwise the page says how to get them);
    ``directory_urls``: false when pages are .html files, one folder up from where they'd be served."""
    by_slug = {e.slug: e for e in entries}
    up = "../" if directory_urls else ""

    def book_page(book) -> str:
        return ENV.get_template("collection_page.md.j2").render(
            book=book, chapters=[by_slug[s] for s in book.slugs], pdf=pdf, pdf_href=up + book.pdf_name)

    pages = {"collections/index.md": partial(ENV.get_template("collections_index.md.j2").render, books=books, pdf=pdf)}
    for book in books:
        pages[f"collections/{book.slug}.md"] = partial(book_page, book)
    return pages


def generated(collection: Collection, entries: list) -> dict[str, Callable[[], str]]:
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


def site_pages(collection: Collection, browse, books: list, pdf: bool,
               directory_urls: bool = True) -> dict[str, Callable[[], str]]:
    """Every page and data file the build adds to the site: src_uri → the function that writes
    its content. Which pages there are is known at once; their texts take a while to write (at
    5,000 methods, about a second), so the build hook has them written by a second process."""
    return {**generated(collection, browse.entries), **browse.pages(),
            **book_pages(books, browse.entries, pdf, directory_urls)}


def written(site: dict[str, Callable[[], str]]) -> dict[str, str]:
    """``site_pages``' pages with their contents: src_uri → content."""
    return {uri: write() for uri, write in site.items()}


def made(browse, site: dict[str, Callable[[], str]]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The slow part of the pages, which need not hold up the build: each method's related
    methods (slug → slugs, for ``browse.related``) and the text of each generated page."""
    return browse.related, written(site)
