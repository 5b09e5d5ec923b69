"""比较 (issue 19): entries added with "加入比较" on method pages, filter and search results,
shown side by side on compare/; the URL is the comparison (shared, reloaded, offline from disk)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from conftest import ROOT, build, run

from methodkb.model.registry import Registry

SIZES = {"phone": 390, "desktop": 1280}
THREE = ["junmen-13335", "yuntang-sixiaosida", "yanwuping"]
ROWS = ["简介", "类别", "类型", "主题", "地点", "入选名单", "实践起始", "完整度",
        "口诀", "口诀含义", "各部分", *Registry.load().characteristics, "来源"]
OUT = os.path.join(ROOT, "bench", "out")

# Each row as [label, the value of every column], read from the table as a reader sees it.
READ_ROWS = """() => Array.from(document.querySelectorAll('.kb-compare__table tbody tr:not(.kb-compare__group)'))
  .map(tr => [tr.querySelector('.kb-compare__words > span').textContent,
              ...Array.from(tr.querySelectorAll('td'), td => td.innerText.trim())])"""


def rows(page) -> list[list[str]]:
    page.locator(".kb-compare__table").wait_for()
    return page.evaluate(READ_ROWS)


def names(page) -> list[str]:
    return page.locator(".kb-compare__name").all_inner_texts()


def add_here(page):
    button = page.locator("article.kb-method .kb-compare-toggle")
    button.click()
    return button


def build_three(page, base):
    """Two method pages and one filter result, then the bar to the compare page."""
    page.goto(base + "/methods/junmen-13335/")
    page.get_by_role("button", name="加入比较：军门社区工作法").click()
    assert page.get_by_role("button", name="加入比较：军门社区工作法").get_attribute("aria-pressed") == "true"
    assert page.locator(".kb-compare-bar__link").inner_text() == "比较（1）"
    page.goto(base + "/methods/yuntang-sixiaosida/")
    add_here(page)
    page.goto(base + "/filter/?province=湖南省")
    button = page.get_by_role("button", name="加入比较：演武坪社区工作法")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(".kb-filter__results a", has_text="演武坪社区工作法").count() == 1  # the link is still there
    bar = page.locator(".kb-compare-bar__link")
    assert bar.inner_text() == "比较（3）"
    bar.click()
    page.wait_for_url("**/compare/?m=" + ",".join(THREE))


@pytest.mark.parametrize("size", SIZES)
def test_three_entries_side_by_side_survive_a_reload_and_a_shared_url(site, size):
    width = SIZES[size]
    with site.open("/", width=width) as page:
        build_three(page, site.base)
        assert names(page) == ["军门社区工作法", "云塘社区“四小四大”工作法", "演武坪社区工作法"]
        table = rows(page)
        assert [r[0] for r in table] == ROWS
        assert all(len(r) == 4 for r in table)
        by_label = {r[0]: r[1:] for r in table}
        assert "福建省福州市" in by_label["地点"][0] and "湖南省" in by_label["地点"][1]
        assert by_label["口诀"][0].startswith("“13335”") and "四小四大" in by_label["口诀"][1]
        assert by_label["类别"] == ["优秀社区工作法"] * 3
        assert page.locator(".kb-compare__table td").locator("ol.kb-compare__parts").first.locator("> li").count() == 5
        # Differences are marked; identical rows fold away with 只看不同.
        assert "有差别" in page.locator("tr", has=page.locator("th", has_text="地点")).inner_text()
        same = page.locator("tr.kb-compare__row--same").first
        assert same.is_visible()
        page.get_by_role("button", name="只看不同").click()
        assert not same.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        os.makedirs(OUT, exist_ok=True)
        page.get_by_role("button", name="只看不同").click()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.path.join(OUT, f"compare_{size}.png"))

        url = page.url
        page.reload()
        assert rows(page) == table
    # A shared address, in a browser that has never seen the site: the same comparison.
    context = site.browser.new_context(viewport={"width": width, "height": 800})
    try:
        fresh = context.new_page()
        fresh.goto(url)
        assert rows(fresh) == table
        assert fresh.evaluate("window.kbCompare()") == THREE
    finally:
        context.close()


def test_removing_an_entry_rewrites_the_address(site):
    with site.open("/compare/?m=" + ",".join(THREE), width=390) as page:
        rows(page)
        page.get_by_role("button", name="移除：云塘社区“四小四大”工作法").click()
        assert names(page) == ["军门社区工作法", "演武坪社区工作法"]
        assert page.url.endswith("/compare/?m=junmen-13335,yanwuping")
        page.goto(site.base + "/methods/junmen-13335/")
        assert page.locator(".kb-compare-bar__link").inner_text() == "比较（2）"


def test_a_fifth_entry_is_refused(site):
    with site.open("/", width=390) as page:
        for slug in ("junmen-13335", "yuntang-sixiaosida", "yanwuping", "nanpanling-12345"):
            page.goto(site.base + f"/methods/{slug}/")
            assert add_here(page).get_attribute("aria-pressed") == "true"
        page.goto(site.base + "/methods/lizishan-sanjiliubu/")
        button = add_here(page)
        assert button.get_attribute("aria-pressed") == "false"
        assert "最多比较 4 个" in page.locator(".kb-compare-note").inner_text()
        assert page.locator(".kb-compare-bar__link").inner_text() == "比较（4）"


def test_a_search_result_can_be_added_without_leaving_the_panel(site):
    with site.open("/", width=390) as page:
        page.locator(".kb-search__open").click()
        page.locator(".kb-search__input").fill("军门")
        button = page.get_by_role("button", name=re.compile("^加入比较：军门社区工作法"))
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert page.locator(".kb-search__panel").is_visible()
        assert page.url == site.base + "/"
        assert page.evaluate("window.kbCompare()") == ["junmen-13335"]


def test_the_empty_state_says_how_to_add_entries(site):
    with site.open("/compare/", width=390) as page:
        empty = page.locator(".kb-compare__empty")
        empty.wait_for()
        assert "加入比较" in empty.inner_text()
        empty.get_by_role("link", name="筛选").click()
        page.wait_for_url("**/filter/")


@pytest.mark.parametrize("size", SIZES)
def test_the_compare_page_passes_axe(site, size):
    from test_browser import serious_accessibility_problems

    for where in ("/compare/?m=" + ",".join(THREE), "/compare/", "/methods/junmen-13335/"):
        with site.open(where, width=SIZES[size]) as page:
            if where.startswith("/methods/"):
                add_here(page)  # the toggle pressed, and the bar shown
            else:
                page.locator(".kb-compare__status").filter(has_not_text="正在载入").wait_for()
            problems = serious_accessibility_problems(page)
            assert not problems, f"{where}: {problems}"


FOUR = ["junmen-13335", "yuntang-sixiaosida", "nanan-sanshifenliu", "haerbin-yifenliangtong"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (make test installs it)")
def test_four_entries_print_whole_on_a4(site, tmp_path):
    # A trainer prints the table: every column on the page (no scrolling box cuts it), every row
    # (no box one screen tall), the names repeated on each page, and the table's own address once.
    where = "/compare/?m=" + ",".join(FOUR)
    with site.open(where) as page:
        page.locator(".kb-compare__table").wait_for()
        titles = names(page)
        pdf = tmp_path / "compare.pdf"
        page.pdf(path=str(pdf), format="A4")
    pages = run("pdftotext", "-layout", str(pdf), "-").stdout.split("\f")[:-1]
    flat = [re.sub(r"\s+", "", text) for text in pages]
    assert len(pages) > 1
    for text in flat:  # the row of names heads every page
        assert all(re.sub(r"\s+", "", t)[:6] in text for t in titles), text[:200]
    assert all(label in flat[-1] for label in ("示范性", "来源"))
    assert "本表网址" in flat[0] and site.base + "/compare/?m=" + ",".join(FOUR) in flat[0]
    assert "".join(flat).count(site.base) == 1  # links into the site print no address


def test_the_comparison_opens_from_disk(site, offline_site):
    with site.open("/compare/?m=" + ",".join(THREE), width=390) as page:
        served = rows(page)
    disk = offline_site.as_uri()
    page = site.browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(disk + "/methods/junmen-13335/index.html")
        add_here(page)
        assert page.locator(".kb-compare-bar__link").get_attribute("href") == disk + "/compare/index.html?m=junmen-13335"
        page.goto(disk + "/compare/index.html?m=" + ",".join(THREE))
        assert rows(page) == served
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator(".kb-compare__name").first.click()
        page.wait_for_url("**/methods/junmen-13335/index.html")
    finally:
        page.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("compare-hostile")
    methods = base / "methods"
    shutil.copytree(os.path.join(ROOT, "methods", "fujian"), methods / "fujian")
    text = (methods / "fujian" / "junmen-13335.md").read_text(encoding="utf-8")
    text = text.replace("name: 军门社区工作法", f"name: {NAME!r}", 1)
    text = re.sub(r"^summary:.*\n(?:  .*\n)*", f"summary: {SUMMARY!r}\n", text, count=1, flags=re.M)
    (methods / "fujian" / "hostile-compare.md").write_text(text, encoding="utf-8")
    (base / "collections").mkdir()  # the real ones select provinces this copy does not hold
    site = base / "site"
    result = build(site, methods_dir=methods, env={"KB_COLLECTIONS_DIR": str(base / "collections")})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


NAME = "<img src=x onerror=__pwned()>军门"
SUMMARY = '"><svg onload=__pwned()>{onclick=__pwned()}[点我](javascript:__pwned())'


def test_hostile_values_show_as_text(hostile_site, site):
    from browser import serve_site

    # The module's browser (``site``): a second Playwright in one process refuses to start.
    with serve_site(str(hostile_site)) as base:
        page = site.browser.new_page(viewport={"width": 390, "height": 844})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script("window.__pwned = function () { window.__hit = true; };")
        page.goto(base + "/methods/hostile-compare/")
        add_here(page)
        assert page.get_by_role("button", name="加入比较：" + NAME).get_attribute("aria-pressed") == "true"
        page.goto(base + "/compare/?m=hostile-compare,junmen-13335")
        table = {r[0]: r[1:] for r in rows(page)}
        assert names(page)[0] == NAME
        assert table["简介"][0] == SUMMARY
        assert page.locator(".kb-compare__table img, .kb-compare__table svg, .kb-compare__table a[href^='javascript']").count() == 0
        page.get_by_role("button", name="移除：" + NAME).hover()
        assert page.evaluate("window.__hit === undefined") and errors == []
        page.close()
