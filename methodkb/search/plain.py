"""The search index of a site built from plain Markdown files, by a generator that runs no
hooks (``kb-generate OUT``, then MkDocs without ``hooks:``, ProperDocs, Zensical).

The build hook indexes each page as MkDocs rendered it (``on_page_content``). Here the same
page texts come from the Markdown itself: rendered with python-markdown and the extensions
MkDocs renders with (``EXTENSIONS``), the front matter dropped, the title taken as MkDocs
takes it (the nav's, else the meta ``title``, else a first-line ``# `` heading), under the
URL MkDocs gives the page with ``use_directory_urls``; for the real site the two are the
same, page for page (tests/test_plain_generator.py). Nothing here imports a generator: the
page texts are plain data, and ``site_index`` makes the index from them for the hook and
for the plain files alike.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable

import markdown
import yaml

from methodkb.checks.rawhtml import BODY_EXTENSIONS
from methodkb.search import index
from methodkb.search.documents import documents

# mkdocs.yml's markdown_extensions and those MkDocs always adds: a method body's (rawhtml) and
# toc, whose options there (the slugify that keeps Chinese in anchors) name anchors only, which
# are no part of the text. A test holds the names the same.
EXTENSIONS = ["toc", *BODY_EXTENSIONS]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}

# MkDocs's front matter (mkdocs.utils.meta.YAML_RE): YAML between --- and --- (or ...).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
FIRST_H1 = re.compile(r"\s*(<h1[\s>].*?</h1>)", re.DOTALL)

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader

Part = Callable[[str], str]  # the part of a rendered page that is indexed (site.pages.method_body)


def page_url(uri: str) -> str:
    """A page's URL as MkDocs gives it with ``use_directory_urls`` (``page.file.url``):
    methods/x.md → methods/x/, themes/index.md → themes/, index.md → ./"""
    stem = uri.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return (folder or ".") + "/"
    return stem + "/"


def front_matter(text: str) -> tuple[dict, str]:
    """The page's meta and its Markdown, as MkDocs splits them (mkdocs.utils.meta.get_data):
    front matter that is not a YAML mapping stays part of the page."""
    match = FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.load(match.group(1), _Loader)
        except yaml.YAMLError:
            return {}, text
        if isinstance(meta, dict):
            return meta, text[match.end():].lstrip("\n")
    return {}, text


def nav_titles(nav) -> dict[str, str]:
    """src_uri → the title the nav gives it (mkdocs.yml's ``nav``, as parsed): MkDocs puts it
    before the page's own. ``- 按口诀: formulas/index.md`` gives one; ``- criteria.md``, a
    section's name or a link to elsewhere none."""
    out: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else ():
        for title, value in item.items() if isinstance(item, dict) else ():
            if isinstance(value, list):
                out.update(nav_titles(value))
            elif isinstance(value, str) and "://" not in value and title is not None:
                out.setdefault(posixpath.normpath(value.lstrip("/")), str(title))
    return out


def fallback_title(uri: str) -> str:
    """MkDocs's title for a page with neither a meta title nor a first-line heading."""
    if uri in ("index.md", "README.md"):
        return "Home"
    stem = posixpath.splitext(posixpath.basename(uri))[0]
    title = ("index" if stem == "README" else stem).replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


class Renderer:
    """Markdown pages → (title, text as a reader sees it); one python-markdown instance, reset per page."""

    def __init__(self):
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)

    def html(self, source: str) -> str:
        self.md.reset()
        return self.md.convert(source)

    def page(self, uri: str, text: str, part: Part | None = None, nav_title: str | None = None) -> tuple[str, str]:
        """``text``: the page's whole file, front matter and all; ``part``: what of its HTML
        is indexed (a method page: its own text), else all of it; ``nav_title``: the nav's."""
        meta, source = front_matter(text)
        rendered = self.html(source)
        if nav_title is not None:
            title = nav_title
        elif "title" in meta:
            title = "" if meta["title"] is None else str(meta["title"])
        else:
            # MkDocs: the page's first element, when it is an h1 (its permalink left out).
            first = FIRST_H1.match(rendered)
            title = index.html_text(first.group(1)) if first else fallback_title(uri)
        return html.unescape(title), index.html_text(part(rendered) if part else rendered)


def rendered(pages: Iterable[tuple[str, str, Part | None]], titles: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """url → (title, text) for ``pages``: (src_uri, the file's text, the indexed part or None),
    in the order the site's generator meets them (the order of the index's other pages);
    ``titles``: the nav's (``nav_titles``)."""
    renderer, titles = Renderer(), titles or {}
    return {page_url(uri): renderer.page(uri, text, part, titles.get(uri)) for uri, text, part in pages}


def site_index(browse, texts: dict[str, tuple[str, str]], cache: str | None = None) -> str:
    """The search index as the site serves it (search/index.js), from the page texts
    (url → (title, text)) and the site's indexes (``browse``: site.browse.Browse), with the
    registry's synonyms and question words; ``cache``: jieba's cut clauses (segment.Segmenter),
    none to cut every clause anew. ``texts`` is emptied: the documents hold the text now (at
    5,000 methods, tens of megabytes)."""
    docs = documents(browse, texts)
    texts.clear()
    registry = browse.registry
    return index.index_script(docs, registry.synonyms, cache, registry.asking)


def index_script(browse, pages: Iterable[tuple[str, str, Part | None]], cache: str | None = None,
                 titles: dict[str, str] | None = None) -> str:
    """The search index of the plain files: ``rendered`` and ``site_index`` in one."""
    return site_index(browse, rendered(pages, titles), cache)
