"""The site's pages as plain files, for any generator: every generated page and data file
(the method pages among them), and a copy of the hand-written pages with their figures
filled in. A generator that runs no hooks builds the site from the folder this writes, as
its docs_dir, with the theme settings of mkdocs.yml. The build hook calls the same code.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from methodkb.checks import books, loading
from methodkb.model.problems import Problem
from methodkb.site import indexes, pages
from methodkb.site.browse import Browse

META_END = "\n---"


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
          root: str, pdf: bool = False) -> tuple[list[Problem], int]:
    """Check every file and write the pages into ``out`` (replaced whole). Returns the problems
    (nothing is written when any is an error) and how many files were written."""
    checked = check(methods_dirs, collections_dirs, root)
    if any(p.is_error for p in checked.problems):
        return checked.problems, 0
    methods = checked.methods
    browse = Browse(methods, True, checked.entries)
    site = pages.site_pages(methods, browse, checked.books, pdf)
    staged = out.rstrip(os.sep) + ".writing"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(docs_dir, staged)
    for uri in _templated(staged):
        path = os.path.join(staged, uri)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        _write(path, pages.fill(text, methods))
    for uri, make in site.items():
        _write(os.path.join(staged, uri), make())
    shutil.rmtree(out, ignore_errors=True)
    os.rename(staged, out)
    return checked.problems, len(site)


def _templated(folder: str) -> list[str]:
    """The hand-written pages whose front matter asks for their figures (kb_template: true)."""
    out = []
    for parent, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".md"):
                path = os.path.join(parent, name)
                with open(path, encoding="utf-8") as handle:
                    head = handle.read(2000)
                if head.startswith("---") and "kb_template: true" in head.partition(META_END)[0]:
                    out.append(os.path.relpath(path, folder))
    return out


def _write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
