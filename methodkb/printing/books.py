"""Printing a collection as a book: a purpose-built print HTML, laid out by WeasyPrint.

WeasyPrint rather than a browser's print: it numbers the contents
(``target-counter``), repeats the book and chapter title in a running header
(``string-set``), and embeds subset fonts; Chromium's print can do none of the
first two. The fonts are named explicitly (Noto Serif/Sans CJK SC, Debian's
fonts-noto-cjk), and the book fetches nothing: no network, no local files.

The PDF is tagged (its structure, headings, tables and lists, for screen readers and
reflow). Entries of the lowest completeness are a line each in the appendix 名录 (see
checks/books.py). With the site's address (``site_url`` in mkdocs.yml), each chapter
carries a QR code of its page on the site and the address beside it.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import jinja2
import markdown
from markupsafe import Markup

from methodkb import TEMPLATES
from methodkb.model import slugs
from methodkb.checks.books import Book
from methodkb.checks.loading import MethodSet
from methodkb.checks.rawhtml import BODY_EXTENSIONS
from methodkb.model.facts import method_view

CHINESE_DIGITS = "〇一二三四五六七八九"

LAYOUT_PAGE = re.compile(r"Creating layout - Page (\d+)$")
Progress = Callable[[str], None]


def chinese_number(n: int) -> str:
    """Chapter numbers as printed: 1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 120 → 一百二十."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = CHINESE_DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else CHINESE_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones or not out:
        out += CHINESE_DIGITS[ones]
    return out


ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                         trim_blocks=True, lstrip_blocks=True)
ENV.filters["cn"] = chinese_number


@dataclass
class Printed:
    path: str
    pages: int
    size: int
    seconds: float


def page_url(site_url: str, slug: str) -> str:
    """A method's page on the site: methods/<slug>/, as the site's directory URLs make it."""
    return f"{site_url.rstrip('/')}/methods/{slug}/"


def qr_svg(url: str) -> Markup:
    """``url`` as a QR code, inline SVG (no image file to fetch). Its <title> is the figure's
    alternative text in the tagged PDF; segno escapes it, so the markup is used as it is."""
    import segno  # here: only a book with a site address needs it

    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(border=2, omitsize=True, svgclass="qr", lineclass=None,
                                  title=f"本篇网页的二维码：{url}"))


def online(site_url: str | None, slug: str) -> dict | None:
    """The way back to the site from a chapter: its page's address, shown without the scheme
    (as one would type it), and the QR code; None without a site address."""
    if not site_url:
        return None
    url = page_url(site_url, slug)
    return {"url": url, "shown": re.sub(r"^https?://", "", url), "qr": qr_svg(url)}


def chapters(book: Book, collection: MethodSet, site_url: str | None = None) -> list[dict]:
    """Each chapter: the method's facts (as on its page), its body as HTML, its way online."""
    methods = collection.by_slug()
    out = []
    for slug in book.slugs:
        method = methods[slug]
        # The same extensions as the site's pages, so the book shows the body as checked.
        body = markdown.markdown(method.body, extensions=list(BODY_EXTENSIONS))
        # The body is Markdown rendered to HTML here, so the template prints it as HTML.
        out.append(dict(method_view(method, collection.registry), body=Markup(body),
                        online=online(site_url, slug)))
    return out


def listing(book: Book, collection: MethodSet) -> list[dict]:
    """The 名录: the entries known only by name, place and list, one line each."""
    methods = collection.by_slug()
    return [method_view(methods[slug], collection.registry) for slug in book.listed]


def cited_sources(chapter_list: list[dict], listed: list[dict] = ()) -> list[dict]:
    """The appendix: each source once, in order of first citation, with the chapters and the
    名录 lines citing it."""
    out: dict[str, dict] = {}
    for where, entries in (("chapters", chapter_list), ("lines", listed)):
        for number, entry in enumerate(entries, 1):
            for source in entry["sources"]:
                cited = out.setdefault(source["id"], dict(source, chapters=[], lines=[]))
                if number not in cited[where]:
                    cited[where].append(number)
    return list(out.values())


def category_counts(chapter_list: list[dict], categories) -> list[tuple[str, int]]:
    """The cover's count, by category in the schema's order: a book of 社区治理创新成果 says so."""
    counts = Counter(c["category"] for c in chapter_list)
    return [(c, counts[c]) for c in categories if counts[c]]


def book_html(book: Book, collection: MethodSet, site_url: str | None = None) -> str:
    registry = collection.registry
    chapter_list, listed = chapters(book, collection, site_url), listing(book, collection)
    # The cover counts every entry of the book, those in the 名录 too.
    counts = category_counts(chapter_list + listed, registry.categories)
    return ENV.get_template("book.html.j2").render(
        book=book, chapters=chapter_list, listed=listed, counts=counts,
        sources=cited_sources(chapter_list, listed), complete=registry.complete_level,
        pending=registry.pending_level, pending_note=registry.completeness_notes.get(registry.pending_level, ""),
        site=re.sub(r"^https?://", "", site_url).rstrip("/") if site_url else None)


def write_pdf(book: Book, collection: MethodSet, target: str, progress: Progress | None = None,
              site_url: str | None = None) -> Printed:
    """Lay the book out and write it to ``target``; ``progress`` hears each step. ``site_url``:
    the site's address (mkdocs.yml), for each chapter's QR code; None prints none."""
    from weasyprint import HTML  # here: the ordinary build never loads WeasyPrint
    from weasyprint.urls import URLFetcher

    say = progress or (lambda message: None)
    started = time.perf_counter()
    say(f"《{book.title}》：准备 {len(book.slugs)} 章" + (f"，名录 {len(book.listed)} 条" if book.listed else ""))
    html = book_html(book, collection, site_url)
    # Nothing may be fetched: a method body arrives by pull request and could name any URL.
    fetcher = URLFetcher(allowed_protocols=("data",))
    with _PageProgress(say, book.title):
        document = HTML(string=html, url_fetcher=fetcher, base_url=None).render()
    say(f"《{book.title}》：排版完成，共 {len(document.pages)} 页，写入 PDF")
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    partial = target + ".part"
    # Tagged: headings, paragraphs, tables and lists reach screen readers; the outline stays.
    document.write_pdf(partial, pdf_tags=True)
    os.replace(partial, target)  # never leave a half-written PDF under the real name
    return Printed(target, len(document.pages), os.path.getsize(target), time.perf_counter() - started)


def print_books(books: list[Book], collection: MethodSet, out_dir: str, progress: Progress | None = None,
                site_url: str | None = None) -> list[Printed]:
    say = progress or (lambda message: None)
    printed = []
    for number, book in enumerate(books, 1):
        result = write_pdf(book, collection, slugs.inside(out_dir, book.pdf_name),
                           lambda message, n=number: say(f"[{n}/{len(books)}] {message}"), site_url)
        say(f"[{number}/{len(books)}] 《{book.title}》：{result.pages} 页，"
            f"{result.size / 1024 / 1024:.1f} MB，用时 {result.seconds:.1f} 秒 → {result.path}")
        printed.append(result)
    return printed


class _PageProgress(logging.Handler):
    """Relays WeasyPrint's layout progress (its "weasyprint.progress" log) every ten pages."""

    def __init__(self, say: Progress, title: str):
        super().__init__()
        self.say, self.title, self.logger = say, title, logging.getLogger("weasyprint.progress")

    def emit(self, record: logging.LogRecord) -> None:
        # "Step 5 - Creating layout - Page 12"; pages laid out again for the contents say "(up-to-date)".
        match = LAYOUT_PAGE.search(record.getMessage())
        if match and int(match.group(1)) % 10 == 0:
            self.say(f"《{self.title}》：已排版 {match.group(1)} 页")

    def __enter__(self):
        self.level = self.logger.level
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level)
