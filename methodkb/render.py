"""Rendering generated pages: the Jinja environment and escaping.

Every value a template prints is escaped for Markdown (it may come from a method
file that arrived by pull request); values inside raw HTML blocks use ``|h``.
"""

from __future__ import annotations

import html
import os
import re

import jinja2

MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#!])")


class Raw(str):
    """Markdown the generator built itself; passed through unescaped."""


def md_escape(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(value), quote=False))


def html_escape(value) -> Raw:
    """For values inside raw HTML blocks, where Markdown escapes would show as backslashes."""
    return Raw(html.escape("" if value is None else str(value)))


ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(__file__), "templates")),
    finalize=md_escape,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["h"] = html_escape
ENV.filters["raw"] = Raw


def method_uri(slug: str) -> str:
    return f"methods/{slug}.md"


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
    methods/x.md → methods/x/, or methods/x.html for the offline edition
    (``directory_urls`` false: a page opened from disk has no server to find index.html)."""
    if not directory_urls:
        return uri.removesuffix(".md") + ".html"
    return uri.removesuffix("index.md").removesuffix(".md") + ("/" if not uri.endswith("index.md") else "")
