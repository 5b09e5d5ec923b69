"""Page weight: bytes a cadre's phone downloads, measured in Chromium.

Usage: python bench/page_weight.py [--site DIR] [--method PATH]   (default: site/, 军门)

The built site is served as GitHub Pages serves it (gzip for text, Cache-Control
max-age=600), and Chromium's own network log counts the bytes on the wire
(encodedDataLength: compressed body plus headers) for:

- a first visit to the home page, and to a method page (empty cache);
- the search index, loaded when the search box is first used;
- a repeat visit: the method page opened after the home page, cache warm;

each broken down by kind (HTML, CSS, JS, search index, other). It also prints the offline
zip's size when dist/ holds one. Figures only: the budget is read, not asserted.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import http.server
import mimetypes
import os
import sys
import threading
import urllib.parse
from collections import Counter

from common import ROOT

from browser import chromium  # noqa: E402  (tests/, put on the path by common)

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """A static host like GitHub Pages: index.html for folders, gzip, ten-minute caching."""

    root = ""

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        local = os.path.normpath(os.path.join(self.root, path.lstrip("/")))
        if os.path.isdir(local):
            local = os.path.join(local, "index.html")
        if not local.startswith(self.root) or not os.path.isfile(local):
            self.send_error(404)
            return
        with open(local, "rb") as f:
            body = f.read()
        zipped = local.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(local)[0] or "application/octet-stream")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Last-Modified", email.utils.formatdate(os.path.getmtime(local), usegmt=True))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def kind(url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    if path.endswith("search/index.js"):
        return "搜索索引"
    if path.endswith(".css"):
        return "CSS"
    if path.endswith(".js"):
        return "JS"
    if path.endswith("/") or path.endswith(".html"):
        return "HTML"
    return "其他"


class Meter:
    """Bytes on the wire per kind, from Chromium's network log (DevTools protocol)."""

    def __init__(self, page):
        self.urls, self.bytes, self.cached = {}, Counter(), 0
        session = page.context.new_cdp_session(page)
        session.on("Network.responseReceived", lambda e: self.urls.__setitem__(e["requestId"], e["response"]["url"]))
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.requestServedFromCache", lambda e: setattr(self, "cached", self.cached + 1))
        session.send("Network.enable")

    def _finished(self, event):
        url = self.urls.get(event["requestId"])
        if url and not url.startswith("data:"):
            self.bytes[kind(url)] += event["encodedDataLength"]

    def take(self) -> Counter:
        taken, self.bytes = self.bytes, Counter()
        return taken


def row(label: str, counts: Counter) -> str:
    parts = "  ".join(f"{k} {counts[k] / 1024:6.1f}" for k in ("HTML", "CSS", "JS", "搜索索引", "其他") if counts[k])
    return f"{sum(counts.values()) / 1024:7.1f} KB  {label}（{parts or '全部来自缓存'}）"


def measure(base: str, method: str) -> list[tuple[str, Counter]]:
    out = []
    with chromium() as browser:
        for label, path in (("首次访问首页", "/"), ("首次访问方法页", method)):
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            meter = Meter(page)
            page.goto(base + path, wait_until="networkidle")
            out.append((label, meter.take()))
            if path == "/":
                page.locator(".kb-search__open").click()
                page.locator(".kb-search__input").fill("13335")
                page.locator(".kb-search__results li").first.wait_for()
                page.wait_for_load_state("networkidle")
                out.append(("首次搜索（载入索引）", meter.take()))
                # Repeat visit: the cache now holds the CSS, JS and index.
                page.goto(base + method, wait_until="networkidle")
                out.append(("再访：随后打开方法页", meter.take()))
                page.goto(base + "/", wait_until="networkidle")
                out.append(("再访：回到首页", meter.take()))
            context.close()
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=os.path.join(ROOT, "site"))
    parser.add_argument("--method", default="/methods/junmen-13335/")
    args = parser.parse_args(argv)
    if not os.path.isfile(os.path.join(args.site, "index.html")):
        sys.exit(f"{args.site} 中没有构建好的网站：先运行 make build。")
    PagesHandler.root = os.path.abspath(args.site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PagesHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        results = measure(f"http://127.0.0.1:{server.server_address[1]}", args.method)
    finally:
        server.shutdown()
    print("传输字节数（gzip 压缩后，含响应头；手机宽度 390px；缓存按 GitHub Pages 的 10 分钟）")
    for label, counts in results:
        print(row(label, counts))
    index = os.path.join(args.site, "search", "index.js")
    raw = os.path.getsize(index)
    print(f"搜索索引文件：{raw / 1024:.1f} KB，gzip 后 {len(gzip.compress(open(index, 'rb').read(), 6)) / 1024:.1f} KB")
    zipped = os.path.join(ROOT, "dist", "shequ-gongzuofa-offline.zip")
    if os.path.isfile(zipped):
        print(f"离线版压缩包：{os.path.getsize(zipped) / 1_000_000:.1f} MB（{os.path.relpath(zipped, ROOT)}）")


if __name__ == "__main__":
    main()
