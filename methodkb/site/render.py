"""Rendering generated pages: the Jinja environment and escaping.

Every value a template prints is escaped here, in one place (it may come from a file that
arrived by pull request): for Markdown by default (``md_escape``); inside raw HTML with ``|h``;
in front matter with ``|meta``; as a heading id with ``|anchor``. ``|raw`` is only for what the
generator built itself. HTML templates (``*.html.j2``) go through ``HTML_ENV``, which escapes
every value for HTML.
"""

from __future__ import annotations

import html
import json
import re

import jinja2

from methodkb import TEMPLATES

# The characters Python-Markdown lets a backslash escape (with "|" for tables): escaped, each shows
# as itself and means nothing. "{" and "}" keep attr_list from reading a value as attributes.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# A value is one run of text: a line break in it could start a heading, a block or a table row.
LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]+")
# What an id may hold (letters and digits of any script, "-", "_"): nothing that ends an attribute list.
NOT_IN_ANCHOR = re.compile(r"[^\w-]+")


class Raw(str):
    """Markdown the generator built itself; passed through unescaped."""


def _one_line(value) -> str:
    return LINE_BREAKS.sub(" ", "" if value is None else str(value))


def md_escape(value) -> str:
    """Every value a template prints goes through here (the environment's ``finalize``): text
    from a file is shown as text, never read as Markdown, HTML or an attribute list."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(_one_line(value), quote=False))


def html_escape(value) -> Raw:
    """For values inside raw HTML blocks (text or a quoted attribute), where Markdown escapes would show as backslashes."""
    return Raw(html.escape(_one_line(value)))


def meta_value(value) -> Raw:
    """A value for a generated page's front matter (``title: …``): one YAML string, HTML-escaped,
    because the theme prints the title as it is into <title> and the header."""
    return Raw(json.dumps(html.escape(_one_line(value)), ensure_ascii=False))


def anchor(value) -> str:
    """An id for a heading (``{#…}``) and the links to it: the value's letters and digits only."""
    return NOT_IN_ANCHOR.sub("-", _one_line(value)).strip("-") or "x"


ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    finalize=md_escape,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["h"] = html_escape
# The HTML parts of pages (a method's facts card): every value escaped by Jinja itself.
HTML_ENV = jinja2.Environment(loader=ENV.loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              finalize=lambda value: "" if value is None else value)
ENV.filters["raw"] = Raw
ENV.filters["meta"] = meta_value
ENV.filters["anchor"] = lambda value: Raw(anchor(value))


def method_uri(slug: str) -> str:
    """A method page is its folder's index page: a generator that resolves the relative links
    in raw HTML against the page's source (Zensical) finds them where MkDocs's reader does."""
    return f"methods/{slug}/index.md"


def source_uri(key: str) -> str:
    return f"sources/{key}.md"


def province_uri(slug: str) -> str:
    return f"provinces/{slug}.md"


def theme_uri(slug: str) -> str:
    return f"themes/{slug}.md"


def list_uri(key: str) -> str:
    return f"lists/{key}.md"


def url(uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a page's source URI, as MkDocs will write it:
    themes/x.md → themes/x/, or themes/x.html for the offline edition
    (``directory_urls`` false: a page opened from disk has no server to find index.html)."""
    if not directory_urls:
        return uri.removesuffix(".md") + ".html"
    return uri.removesuffix("index.md").removesuffix(".md") + ("/" if not uri.endswith("index.md") else "")
