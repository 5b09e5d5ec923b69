"""Content arrives by pull request: a method and a collection whose front matter holds
markup and script run nothing anywhere they are shown, in a real browser, and are
printed as plain text in the PDF and the data downloads."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil

import pytest
from conftest import ROOT, Site, build
from pypdf import PdfReader

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMAGE = '<img src=x onerror="window.__pwned=2;alert(2)">'
LINK = "[点我](javascript:window.__pwned=3)"
BREAKOUT = '"><svg onload=alert(4)>'
NAME = f"云塘社区{SCRIPT}工作法"
HOSTILE = {
    "name": NAME,
    "unit": IMAGE,
    "summary": f"=HYPERLINK(\"http://x\") {BREAKOUT} {LINK} {{{{ 7*7 }}}}",
}
SLUG = "yuntang-sixiaosida"
BOOK_TITLE = "选编<script>alert(5)</script>"


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    methods, collections = base / "methods", base / "collections"
    shutil.copytree(os.path.join(ROOT, "methods"), methods)
    target = methods / "hunan" / f"{SLUG}.md"
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", "name: " + _yaml(HOSTILE["name"]), text, count=1, flags=re.M)
    text = re.sub(r"^summary: >-\n(  .*\n)+", "summary: " + _yaml(HOSTILE["summary"]) + "\n", text, count=1, flags=re.M)
    text = text.replace("\ncategory:", "\nunit: " + _yaml(HOSTILE["unit"]) + "\ncategory:", 1)
    target.write_text(text, encoding="utf-8")
    collections.mkdir()
    (collections / "hostile.yml").write_text(
        f"title: {_yaml(BOOK_TITLE)}\nsubtitle: {_yaml(IMAGE)}\ncompiler: 测试\ndate: 2026年11月\n"
        "foreword: 这本选编只用于测试：书名和副标题里的标记不能在任何地方运行。\nselect:\n  list: [hn-3]\n", encoding="utf-8")
    site = base / "site"
    result = build(site, methods_dir=methods, env={"KB_COLLECTIONS_DIR": str(collections), "KB_PDF": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def hostile(hostile_site):
    from browser import chromium, serve_site

    with serve_site(str(hostile_site)) as base, chromium() as browser:
        yield Site(base, browser)


class Watch:
    """Dialogs opened and requests made by a page; and whether the payloads ran."""

    def __init__(self, page):
        self.page, self.dialogs, self.requests = page, [], []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: self.requests.append(request.url))

    def assert_nothing_ran(self):
        self.page.wait_for_timeout(100)  # let an onerror or onload handler fire, if one was made
        assert self.page.evaluate("window.__pwned") is None
        assert self.dialogs == []
        # The payload's <img src=x> was never made into an element (it would request /x).
        assert not [url for url in self.requests if url.endswith("/x")], self.requests


PAGES = [f"/methods/{SLUG}/", "/methods/", "/provinces/hunan/", "/themes/xieshang/", "/lists/hn-3/",
         "/formulas/", "/sources/hn-2021-zongshu/", "/collections/", "/collections/hostile/", "/stats/", "/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_the_payload_as_text_and_run_nothing(hostile, path):
    with hostile.open(path) as page:
        watch = Watch(page)
        page.reload()
        watch.assert_nothing_ran()
        if path in (f"/methods/{SLUG}/", "/methods/", "/provinces/hunan/", "/lists/hn-3/"):
            assert SCRIPT in page.locator("article").first.inner_text()
        if path == f"/methods/{SLUG}/":
            body = page.locator("article").first.inner_text()
            assert IMAGE in body and "javascript:" in body and "{{ 7*7 }}" in body
            assert page.locator("a[href^=javascript]").count() == 0
            assert SCRIPT in page.title()
        if path == "/collections/hostile/":
            assert BOOK_TITLE in page.locator("h1").inner_text()


def test_search_results_show_the_payload_as_text(hostile):
    with hostile.open("/", width=390) as page:
        watch = Watch(page)
        page.locator(".kb-search__open").click()
        page.locator(".kb-search__input").fill("云塘")
        first = page.locator(".kb-search__results a").first
        first.wait_for()
        assert SCRIPT in first.inner_text()
        page.locator(".kb-search__input").fill("点我 javascript")
        page.wait_for_timeout(300)
        watch.assert_nothing_ran()


def test_filter_results_show_the_payload_as_text(hostile):
    with hostile.open("/filter/?province=%E6%B9%96%E5%8D%97%E7%9C%81", width=390) as page:
        watch = Watch(page)
        page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")
        assert SCRIPT in page.locator(".kb-filter__results").inner_text()
        watch.assert_nothing_ran()


def test_pdf_prints_the_payload_as_text_and_holds_no_script(hostile_site):
    pdf = hostile_site / "collections" / "hostile.pdf"
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert SCRIPT in text and BOOK_TITLE in text and "onerror" in text
    raw = pdf.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS" not in raw and b"javascript:" not in raw.lower()


def test_data_downloads_hold_the_payload_as_data(hostile_site):
    records = json.loads((hostile_site / "data" / "methods.json").read_text(encoding="utf-8"))["methods"]
    assert NAME in {r["name"] for r in records}
    rows = list(csv.DictReader(io.StringIO((hostile_site / "data" / "methods.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["slug"] == SLUG)
    assert row["name"] == NAME
    # A cell starting with = would run as a spreadsheet formula: it is written as text.
    assert row["summary"].startswith("'=HYPERLINK")
    assert not any(value[:1] in "=+-@" for r in rows for value in r.values())
    script = (hostile_site / "data" / "methods.js").read_text(encoding="utf-8")
    assert script.startswith("window.KB_METHODS=") and "</script>" in script  # inert: a script file, not inline
