"""The site's pages as plain files, for any generator: every generated page and data file
(the method pages among them), a copy of the hand-written pages with their figures filled
in, and, when asked (``search``), the search index (search/index.js, where the hook writes
it), made from those pages. A generator that runs no hooks builds the site from the folder
this writes, as its docs_dir, with the theme settings of mkdocs.yml. The build hook calls
the same code.
"""

from __future__ import annotations

import html
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from methodkb.checks import books, loading
from methodkb.model.problems import Problem
from methodkb.site import indexes, pages
from methodkb.site.browse import SEARCH_INDEX, Browse
from methodkb.site.render import meta_value, method_uri

META_END = "\n---"
HOME = "index.md"  # the home page: its description is site_description

# The search index from the written pages: given the site's indexes and every page as
# (src_uri, the file's text, the part of its HTML that is indexed or None), in the order the
# hook meets them, the script to write as search/index.js (search.plain.index_script).
SearchIndex = Callable[[Browse, Iterable[tuple[str, str, Callable[[str], str] | None]]], str]
# A page's description when its front matter gives none: given the file's text, its first
# paragraph as rendered (pages.first_paragraph), "" when it has one already or no paragraph.
Describe = Callable[[str], str]


@dataclass
class Checked:
    """Every method file and every collection file, read and checked: what each build of the
    site (the hook, ``write``, a printed book) starts from."""

    methods: loading.MethodSet
    entries: list              # the methods in index order
    books: list
    book_problems: list[Problem]

    @property
    def problems(self) -> list[Problem]:
        return self.methods.problems + self.book_problems


def check(methods_dirs: list[str], collections_dirs: list[str], root: str) -> Checked:
    """Both kinds of file checked in one run, so that one run names every problem; paths in
    messages are relative to ``root``."""
    methods = loading.load(methods_dirs, root)
    entries = indexes.entries(methods)
    shelf, book_problems = books.load(collections_dirs, methods, entries, root)
    return Checked(methods, entries, shelf, book_problems)


def write(out: str, methods_dirs: list[str], collections_dirs: list[str], docs_dir: str,
          root: str, pdf: bool = False, search: SearchIndex | None = None,
          describe: Describe | None = None) -> tuple[list[Problem], int]:
    """Check every file and write the pages into ``out`` (replaced whole), and with ``search``
    the search index made from them; with ``describe``, each page but the home page whose front
    matter has no description gets one (what the hook gives it as MkDocs renders it). Returns
    the problems (nothing is written when any is an error) and how many files were generated
    (the index among them)."""
    checked = check(methods_dirs, collections_dirs, root)
    if any(p.is_error for p in checked.problems):
        return checked.problems, 0
    methods = checked.methods
    browse = Browse(methods, True, checked.entries)
    site = pages.site_pages(methods, browse, checked.books, pdf)
    staged = out.rstrip(os.sep) + ".writing"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(docs_dir, staged)
    handwritten = [uri for uri in _markdown_pages(staged) if uri not in site]
    templated = set(_templated(staged, handwritten))
    for uri in handwritten:
        described = describe is not None and uri != HOME
        if uri not in templated and not described:
            continue  # as copied
        path = os.path.join(staged, uri)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        text = pages.fill(text, methods) if uri in templated else text
        _write(path, _described(text, describe) if described else text)
    method_pages = {method_uri(m.slug) for m in methods.models}
    for uri, make in site.items():
        text = make()
        _write(os.path.join(staged, uri), _described(text, describe)
               if describe and uri.endswith(".md") and uri not in method_pages else text)
    if search is not None:
        # The hook indexes the pages in the order MkDocs renders them: the hand-written pages
        # as it finds them in docs_dir, then the generated ones as the hook adds them.
        generated = [uri for uri in site if uri.endswith(".md")]
        _write(os.path.join(staged, SEARCH_INDEX), search(browse, _indexed(staged, handwritten + generated, method_pages)))
    shutil.rmtree(out, ignore_errors=True)
    os.rename(staged, out)
    return checked.problems, len(site) + (search is not None)


def _markdown_pages(folder: str) -> list[str]:
    """The pages (.md) under ``folder`` as MkDocs finds them in a docs_dir: folders in order of
    name, in each an index page first and then the others by name; dot files, dot folders and
    a top-level templates/ left out, as MkDocs leaves them out."""
    out = []
    for parent, folders, names in os.walk(folder, followlinks=True):
        relative = os.path.relpath(parent, folder)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and not (relative == "." and f == "templates"))
        for name in sorted(names, key=lambda n: (os.path.splitext(n)[0] not in ("index", "README"), n)):
            if name.endswith(".md") and not name.startswith("."):
                out.append(os.path.normpath(os.path.join(relative, name)).replace(os.sep, "/"))
    return out


def _templated(folder: str, uris: list[str]) -> list[str]:
    """The hand-written pages whose front matter asks for their figures (kb_template: true)."""
    out = []
    for uri in uris:
        with open(os.path.join(folder, uri), encoding="utf-8") as handle:
            head = handle.read(2000)
        if head.startswith("---") and "kb_template: true" in head.partition(META_END)[0]:
            out.append(uri)
    return out


def _indexed(folder: str, uris: list[str], method_pages: set[str]) -> Iterator[tuple[str, str, Callable[[str], str] | None]]:
    """Each page as written, one at a time; a method page is indexed by its own text, as the hook does."""
    for uri in uris:
        with open(os.path.join(folder, uri), encoding="utf-8") as handle:
            yield uri, handle.read(), pages.method_body if uri in method_pages else None


def _described(text: str, describe: Describe) -> str:
    """The page with its description in its front matter (a page without front matter gets one)."""
    description = describe(text)
    if not description:
        return text
    line = f"description: {meta_value(html.unescape(description))}\n"
    if text.startswith("---\n") and META_END in text[3:]:
        return "---\n" + line + text[4:]
    return "---\n" + line + "---\n\n" + text


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
