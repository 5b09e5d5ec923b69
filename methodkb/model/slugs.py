"""File names made from content: the one rule for slugs, and paths that stay in their folder.

A method's file name (methods/<province>/<slug>.md) and a collection's (collections/<slug>.yml)
become addresses on the site (methods/<slug>/, collections/<slug>/) and names of files the
build, the printer and the editors' scripts write. So a slug is checked here, once:

- lower-case letters and digits, with single hyphens between them, at most 64 characters:
  no "/", no "..", nothing a shell, a URL or another file system reads differently;
- not a name the site gives a page it generates in the same folder (methods/index.md,
  collections/index.md);
- not a Windows device name (con, nul, com1 …): a checkout on Windows could not hold the file.

``inside`` is the last guard of every writer: the path it returns lies in the folder, or it
raises ``UnsafePath``, whose message says so in Chinese.
"""

from __future__ import annotations

import os
import re

PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 64
# The folders' own pages (pages.methods_index, pages.book_pages): methods/index.md, collections/index.md.
GENERATED = frozenset({"index"})
DEVICES = frozenset({"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(10)})


def problem(slug: str) -> str | None:
    """What is wrong with ``slug`` as a file name, as the rest of a sentence that begins
    with the name (文件名“…”只能用…); None when nothing is."""
    if not PATTERN.match(slug):
        return "只能用小写字母、数字和连字符（连字符不能在开头或结尾，也不能连用）"
    if len(slug) > MAX_LENGTH:
        return f"太长（{len(slug)} 个字符），最多 {MAX_LENGTH} 个"
    if slug in GENERATED:
        return f"与网站为这个目录自动生成的页面（{slug}）同名，网址会冲突"
    if slug in DEVICES:
        return "是 Windows 的设备名，在 Windows 上无法建立这个文件"
    return None


class UnsafePath(ValueError):
    """A path made from content that would leave its folder."""


def inside(folder: str, *parts: str) -> str:
    """``folder``/``parts``…, once it is certain to lie inside ``folder`` (symbolic links and
    "..", resolved); else ``UnsafePath``."""
    path = os.path.join(folder, *parts)
    root, real = os.path.realpath(folder), os.path.realpath(path)
    if real == root or os.path.commonpath([root, real]) != root:
        raise UnsafePath(f"“{os.path.join(*parts) if parts else path}”会写到目录 {folder} 之外，没有写入。"
                         "文件名只能由小写字母、数字和连字符组成。")
    return path
