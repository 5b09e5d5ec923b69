"""Issue 19: a method page reads first on a phone, shares with a title and description, prints
as a clean A4 document; province pages do not repeat the province and city under their headings;
the sort buttons of 按口诀 look like column headers."""

from __future__ import annotations

import os
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, run
from test_browser import serious_accessibility_problems

from methodkb.checks import loading
from methodkb.model.registry import Registry
from methodkb.site import pages
from methodkb.site.browse import Browse, below_headings

JUNMEN = "/methods/junmen-13335/"
PHONE = (390, 844)
SITE_URL = "https://example.org/kb/"
MARK = "KBOG19"


@pytest.fixture(scope="module")
def built(built_site):
    return built_site


@pytest.fixture(scope="module")
def served(built):
    from browser import chromium, serve_site

    with serve_site(str(built)) as base, chromium() as browser:
        yield base, browser


@pytest.fixture
def open_page(served):
    base, browser = served
    opened = []

    def open_(path, width=1280, height=800):
        page = browser.new_page(viewport={"width": width, "height": height})
        opened.append(page)
        assert page.goto(base + path).status == 200
        return page

    yield open_
    for page in opened:
        page.close()


def soup_of(site, path) -> BeautifulSoup:
    return BeautifulSoup((site / path.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(soup, prop) -> str | None:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    return tag.get("content") if tag else None


# Reading first -------------------------------------------------------------------------------

def test_junmen_background_starts_within_two_phone_screens(open_page):
    page = open_page(JUNMEN, *PHONE)
    top = page.evaluate("document.getElementById('背景').getBoundingClientRect().top + window.scrollY")
    assert top < 2 * PHONE[1], f"背景 starts at {top}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    # The facts are still there, and a tap opens the measures and the 六性.
    assert page.locator(".kb-card").is_visible()
    assert page.locator(".kb-parts-line").is_visible()
    assert "坚持党建引领" in page.locator(".kb-parts-line").inner_text()
    page.get_by_text("各部分的具体措施").click()
    assert page.locator(".kb-parts ul > li", has_text="加强思想建设").is_visible()
    page.locator(".kb-six > summary").click()
    assert page.locator(".kb-six dd").first.is_visible()


def test_the_six_are_open_on_a_desktop(open_page):
    page = open_page(JUNMEN)
    assert page.locator(".kb-six dd").first.is_visible()
    # The measures stay folded (seventeen of them); the parts' line says what the parts are.
    assert page.locator(".kb-parts-line").is_visible()


def test_the_formula_breakdown_appears_once(built):
    soup = soup_of(built, JUNMEN)
    text = soup.select_one("article").get_text()
    method = next(m for m in loading.load([os.path.join(ROOT, "methods")], ROOT, Registry.load()).models
                  if m.slug == "junmen-13335")
    items = [item for part in method.formula.parts for item in part.items]
    assert len(items) == 17
    for item in items:
        assert text.count(item) == 1, item
    # In the card, folded; the body's 主要做法 does not carry them.
    card = soup.select_one(".kb-card")
    assert all(item in card.select_one("details#kb-parts").get_text() for item in items)


def test_everything_the_card_showed_is_still_on_the_page(built):
    soup = soup_of(built, JUNMEN)
    card = soup.select_one(".kb-card")
    facts = card.select_one(".kb-facts").get_text()
    assert "依据说明" in facts and "编者据此归为综合性" in facts
    assert "（编者归类）" in facts
    assert [dt.get_text() for dt in card.select(".kb-six dt")] == ["群众性", "民生性", "系统性", "创新性", "操作性", "示范性"]
    # The sources: named in the card, in full at the end (with where in each).
    assert card.select_one('.kb-source-line a[href="#kb-sources-title"]') is not None
    end = soup.select_one(".kb-sources-section")
    assert "正文第一部分、附件1" in end.get_text() and "民办函〔2018〕42号" in end.get_text()
    article = soup.select_one("article")
    order = [h.get("id") for h in article.find_all("h2")]
    assert order.index("背景") < order.index("kb-sources-title")


def test_a_method_without_a_summary_is_described_from_its_facts():
    collection = loading.load([os.path.join(ROOT, "methods")], ROOT, Registry.load())
    method = next(m for m in collection.models if m.slug == "beilin-yuanluozizhi")
    text = pages.method_page(method, Browse(collection))
    head = text.split("---", 2)[1]
    assert "description:" in head
    assert "陕西省西安市碑林区的地方经验" in head and "待补充" in head


# Sharing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [JUNMEN, "/", "/provinces/hunan/", "/methods/beilin-yuanluozizhi/"])
def test_pages_carry_a_title_and_description_for_sharing(built, path):
    soup = soup_of(built, path)
    assert meta(soup, "og:title") and meta(soup, "og:description") and meta(soup, "description")
    assert meta(soup, "og:type") in ("article", "website")
    assert meta(soup, "og:url") is None  # no site_url in mkdocs.yml
    assert meta(soup, "og:description") == meta(soup, "description")


def test_a_method_is_shared_with_its_name_and_summary(built):
    soup = soup_of(built, JUNMEN)
    assert meta(soup, "og:title") == "军门社区工作法"
    assert meta(soup, "og:description").startswith("军门社区工作法用“13335”概括")
    assert meta(soup, "og:type") == "article"
    home = soup_of(built, "/")
    assert meta(home, "og:title") == "优秀社区工作法知识库"
    assert meta(home, "og:type") == "website"


HOSTILE = f"""---
name: 恶意“{MARK}”</title><script>alert(1)</script>社区工作法
category: 优秀社区工作法
themes: [居民自治]
place:
  province: 湖南省
  city: 长沙市
  district: 天心区
  community: "x\\" onmouseover=\\"{MARK}\\" y=\\""
lists:
  - list: mz-2018-junmen
summary: '"><meta http-equiv="refresh" content="0;url=https://evil.example/"><b>{MARK}</b> & “引号”'
completeness: 部分
sources:
  - id: mz-2018-42
---

## 背景

正文。
"""


def test_share_tags_escape_what_a_file_says(tmp_path):
    methods = tmp_path / "methods" / "hunan"
    methods.mkdir(parents=True)
    (methods / "hostile-og.md").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "collections").mkdir()
    site = tmp_path / "site"
    # -q, so strict mode counts no warning: the home page links to 军门, which these methods lack
    result = build(site, methods_dir=tmp_path / "methods", quiet=True, env={"KB_COLLECTIONS_DIR": str(tmp_path / "collections")})
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "methods" / "hostile-og" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    head = soup.find("head")
    # Nothing from the file became an element or an attribute.
    assert head.find("script", string=lambda s: s and "alert" in s) is None
    assert all(MARK not in " ".join(tag.attrs) for tag in soup.find_all(True))
    assert soup.find("meta", attrs={"http-equiv": True}) is None
    assert soup.find("b", string=MARK) is None
    # … and it shows as itself in the tags.
    assert meta(soup, "og:title") == f"恶意“{MARK}”</title><script>alert(1)</script>社区工作法"
    assert meta(soup, "og:description").startswith('"><meta http-equiv="refresh"')
    assert meta(soup, "og:description") == meta(soup, "description")
    assert "&amp;amp;" not in html.split("</head>")[0]


def test_og_url_only_when_site_url_is_set(tmp_path):
    site = tmp_path / "site"
    config = f"INHERIT: mkdocs.yml\nsite_url: {SITE_URL}\n"
    result = run(sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "-", "-d", str(site), input_text=config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert meta(soup_of(site, JUNMEN), "og:url") == SITE_URL + "methods/junmen-13335/"
    assert meta(soup_of(site, "/"), "og:url") == SITE_URL


# Printing ------------------------------------------------------------------------------------

def test_a_method_page_prints_as_a_document(open_page, tmp_path):
    page = open_page(JUNMEN, *PHONE)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar", ".kb-search", ".md-footer", ".kb-related"):
        assert all(not item.is_visible() for item in page.locator(chrome).all()), chrome
    assert page.locator(".kb-card").is_visible()
    assert page.locator("#背景").is_visible()
    # Every fold prints open, so the measures and the 六性 are on paper.
    assert page.locator(".kb-parts ul > li", has_text="加强思想建设").is_visible()
    assert page.locator(".kb-six dd").first.is_visible()
    pdf = tmp_path / "junmen.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_print_shows_addresses_of_links_to_other_sites():
    with open(os.path.join(ROOT, "docs", "assets", "print.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert "@media print" in css and 'a[href^="http"]::after' in css and "attr(href)" in css


# Province pages and sort buttons -------------------------------------------------------------

def test_province_entries_do_not_repeat_the_province_and_city(built):
    soup = soup_of(built, "/provinces/hunan/")
    changsha = soup.find("h2", id="长沙市")
    assert changsha is not None
    rows = []
    for sibling in changsha.find_next_siblings():
        if sibling.name == "h2":
            break
        rows += [li.get_text() for li in sibling.find_all("li")] if sibling.name == "ul" else []
    assert rows and all("湖南省" not in row and "长沙市" not in row for row in rows)
    assert any("砂子塘街道梨子山社区" in row for row in rows)


def test_below_headings_keeps_each_level_once():
    from methodkb.model.method import Place

    assert below_headings(Place("福建省", "福州市", "鼓楼区", "东街街道", "军门社区")) == "东街街道军门社区"
    assert below_headings(Place("重庆市", "", "南岸区")) == ""
    assert below_headings(Place("湖南省", "", "", "", "民权路社区")) == "民权路社区"


def test_sort_buttons_look_like_headers(open_page):
    for width in (390, 1280):
        page = open_page("/formulas/", width, 844)
        button = page.locator(".kb-sortable .kb-sort").first
        assert button.get_attribute("aria-label") == "按“口诀”排序"
        look = button.evaluate("""b => { const s = getComputedStyle(b), th = getComputedStyle(b.parentElement);
            return {after: getComputedStyle(b, '::after').content, border: s.borderTopWidth, thBorder: th.borderTopWidth,
                    bg: s.backgroundColor, height: b.getBoundingClientRect().height}; }""")
        assert "↕" in look["after"]
        assert look["border"] == "0px" and look["bg"] in ("rgba(0, 0, 0, 0)", "transparent")
        if width == 390:
            assert look["thBorder"] == "0px"
        assert look["height"] >= 24
        button.click()
        assert "▲" in button.evaluate("b => getComputedStyle(b, '::after').content")


# Accessibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [390, 1280])
def test_method_page_has_no_serious_accessibility_problems(open_page, width):
    page = open_page(JUNMEN, width, 844)
    assert serious_accessibility_problems(page) == []
    page.get_by_text("各部分的具体措施").click()
    # Opening the panel may scroll, and Material's header then fades the page title in: check once it has.
    page.wait_for_function("[...document.querySelectorAll('[data-md-component=header-topic]')]"
                           ".every(e => ['0', '1'].includes(getComputedStyle(e).opacity))")
    assert serious_accessibility_problems(page) == []
