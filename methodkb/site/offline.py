"""The offline edition: the site built with .html page URLs (KB_OFFLINE=1), checked
so that every link opens from disk, and packed as one .zip for USB sticks and
offices without a reliable connection.
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from urllib.parse import unquote, urlsplit

FOLDER = "shequ-gongzuofa"  # the zip's one top folder; ASCII, so every unzip tool keeps its name
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}  # for web servers only (404.html links from /)
LINK = re.compile(r'\s(?:href|src|data-src|data-index)="([^"]*)"')
README = """优秀社区工作法知识库（离线版）

使用方法：
1. 先把整个压缩包解压到电脑或 U 盘上（不要在压缩包里直接打开网页）。
2. 打开解压出的 {folder} 文件夹，双击 index.html，用浏览器打开。
3. 不需要联网：浏览、搜索、筛选和选编 PDF 都在本机完成。

本离线版是网站在构建时的副本，之后新增的方法需要重新下载离线版。
"""


def broken_links(root: str) -> dict[str, list[str]]:
    """Relative links in the site's pages that do not lead to a file, as link → pages.
    Opened from disk, a link to a folder (methods/x/) shows a file listing, not the page."""
    broken: dict[str, list[str]] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".html") or (folder == root and name in LEFT_OUT):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for match in LINK.finditer(text):
                link = html.unescape(match.group(1))
                parts = urlsplit(link)
                if parts.scheme or link.startswith(("#", "//")) or not parts.path:
                    continue
                if not os.path.isfile(os.path.normpath(os.path.join(folder, unquote(parts.path)))):
                    broken.setdefault(link, []).append(os.path.relpath(path, root))
    return broken


def pack(root: str, target: str) -> int:
    """Write ``root`` (a built offline site) into the zip ``target`` under FOLDER/; returns its size."""
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    partial = target + ".part"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        # Notepad on Chinese Windows reads UTF-8 reliably only with a BOM.
        archive.writestr(f"{FOLDER}/README.txt", "\ufeff" + README.format(folder=FOLDER).replace("\n", "\r\n"))
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                if folder == root and name in LEFT_OUT:
                    continue
                path = os.path.join(folder, name)
                archive.write(path, f"{FOLDER}/{os.path.relpath(path, root)}")
    os.replace(partial, target)  # never a half-written zip under the real name
    return os.path.getsize(target)
