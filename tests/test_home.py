"""The home page as a front door (issue 19): on a phone's first screen a search box and every
way to browse; the figures are links; the small tile map and the themes lead on in one tap;
what was published last is shown and says what it is. Also from disk, in the offline edition."""

from __future__ import annotations

import os
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from test_browser import serious_accessibility_problems

from methodkb.checks import loading
from methodkb.model.registry import Registry
from methodkb.site import pages, render

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
WAYS = {"按省份": "provinces/", "按主题": "themes/", "按口诀": "formulas/", "按名单": "lists/",
        "筛选": "filter/", "比较": "compare/", "选编": "collections/"}


@pytest.fixture(scope="module")
def collection():
    return loading.load([os.path.join(ROOT, "methods")], ROOT, Registry.load())


def soup_of(path) -> BeautifulSoup:
    with open(path, encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def inside(box, width, height) -> bool:
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width \
        and box["y"] + box["height"] <= height


# The page as built ----------------------------------------------------------------------


def test_the_figures_are_links_to_what_they_count(built_site, collection):
    soup = soup_of(built_site / "index.html")
    cards = soup.select(".kb-stats > div > a")
    stats = pages.stats(collection)
    assert [(a.strong.get_text(), a.get_text()[len(a.strong.get_text()):], a["href"]) for a in cards] == [
        (str(stats["methods"]), "个方法和经验", "methods/"),
        (str(stats["provinces"]), "个省级行政区", "provinces/"),
        (str(stats["with_formula"]), "个有数字口诀", "formulas/"),
        (str(stats["sources"]), "份政策文件", "sources/")]
    for a in cards:
        assert (built_site / a["href"] / "index.html").is_file()


def test_every_way_in_is_a_link_to_its_page(built_site):
    soup = soup_of(built_site / "index.html")
    ways = {a.contents[0].strip(): a["href"] for a in soup.select(".kb-home-ways a")}
    assert {k: ways.get(k) for k in WAYS} == WAYS
    for href in ways.values():
        assert (built_site / href / "index.html").is_file(), href


def test_the_tile_map_and_the_themes_carry_the_counts(built_site, collection):
    soup = soup_of(built_site / "index.html")
    registry = collection.registry
    counts = {name: sum(1 for m in collection.models if m.province == name) for name in registry.provinces}
    tiles = soup.select(".kb-home-map .kb-tile")
    assert len(tiles) == len(registry.provinces)
    linked = {a["aria-label"]: a["href"] for a in soup.select(".kb-home-map a.kb-tile")}
    assert linked == {f"{name}：{count} 个方法": f"provinces/{registry.provinces[name]['slug']}/"
                      for name, count in counts.items() if count}
    themes = {a.contents[0].strip(): (a.select_one(".kb-count").get_text(), a["href"]) for a in soup.select(".kb-home-themes a")}
    assert themes["矛盾化解"] == (str(sum(1 for m in collection.models if "矛盾化解" in m.themes)), "themes/maodun-huajie/")
    assert len(themes) == len(registry.themes)


def test_the_latest_lists_come_first_and_say_what_they_are(built_site, collection):
    soup = soup_of(built_site / "index.html")
    heading = soup.find("h2", id="最近公布的名单")
    assert heading is not None
    assert "不记录收进本站的日期" in heading.find_next("p").get_text()
    recent = pages.recent_lists(collection)
    assert [r["key"] for r in recent][:1] == ["sd-2023-2"]  # 2023-09, the newest date in lists.yml
    orders = [r["order"] for r in recent]
    assert orders == sorted(orders, reverse=True)
    items = heading.find_next("ul").select(":scope > li")
    assert [li.strong.a["href"] for li in items] == [f"lists/{r['key']}/" for r in recent]
    for li, row in zip(items, recent):
        members = [a["href"] for a in li.select(":scope > a")]
        assert members == [render.url(m["uri"]) for m in row["members"]]
        assert f"本站收录 {row['count']} 个" in li.get_text()


def test_when_a_list_was_published():
    assert pages._published({"date": "2023-09", "year": 2023}) == ((2023, 9, 0), "2023年9月")
    assert pages._published({"year": 2014}) == ((2014, 0, 0), "2014年")
    import datetime
    assert pages._published({"date": datetime.date(2015, 4, 28), "year": 2014})[1] == "2015年4月28日"
    assert pages._published({"name": "x"}) is None


def test_a_hostile_province_label_stays_text():
    assert pages._attribute('x" onclick="y{: .z}') == "x  onclick= y : .z"


# In the browser ---------------------------------------------------------------------------


@pytest.mark.parametrize("label", SIZES)
def test_the_first_screen_holds_the_search_box_and_every_way_in(site, label):
    width, height = SIZES[label]
    with site.open("/", SIZES[label][0]) as page:
        assert inside(page.locator(".kb-home-search__input").bounding_box(), width, height)
        assert inside(page.locator(".kb-home-search__go").bounding_box(), width, height)
        for name, href in WAYS.items():
            link = page.locator(f'.kb-home-ways a[href="{href}"]')
            assert link.inner_text().startswith(name)
            assert inside(link.bounding_box(), width, height), name
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("label", SIZES)
def test_typing_in_the_page_s_box_finds_a_method(site, label):
    with site.open("/", SIZES[label][0]) as page:
        page.locator("#kb-home-q").click()
        page.keyboard.type("三事分流")
        hit = page.locator('.kb-search__results a[href*="nanan-sanshifenliu"]')
        hit.first.wait_for()
        assert hit.first.is_visible()
        page.keyboard.press("Enter")  # goes to the results page
        page.wait_for_url("**/search/?q=*")
        page.locator('.kb-results__list a[href*="nanan-sanshifenliu"]').first.wait_for()


def test_a_value_put_into_the_box_is_searched_too(site):
    with site.open("/", SIZES["phone"][0]) as page:
        page.locator("#kb-home-q").fill("三事分流")
        page.locator('.kb-search__results a[href*="nanan-sanshifenliu"]').first.wait_for()
        page.goto(site.base + "/?q=" + "矛盾化解")
        page.locator('.kb-search__hubs a[href*="maodun-huajie"]').first.wait_for()  # the theme, in the 分类 line


def test_tabbing_through_the_box_does_not_trap_the_focus(site):
    with site.open("/", SIZES["desktop"][0]) as page:
        page.locator("#kb-home-q").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('kb-home-search__go')")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.kb-home-ways') !== null")


def test_a_hunan_method_is_two_taps_away(site):
    with site.open("/", SIZES["phone"][0]) as page:
        page.locator('.kb-home-map a[aria-label^="湖南省"]').click()
        page.wait_for_url("**/provinces/hunan/")
        page.locator('article a[href^="../../methods/"]:not([href="../../methods/"])').first.click()
        page.wait_for_url(re.compile(r".*/methods/[^/]+/$"))
        assert "湖南省" in page.locator(".kb-place-chain").inner_text()


def test_the_conflict_theme_is_one_tap_away(site):
    with site.open("/", SIZES["phone"][0]) as page:
        page.locator(".kb-home-themes a", has_text="矛盾化解").click()
        page.wait_for_url("**/themes/maodun-huajie/")
        assert page.locator("h1").first.inner_text().startswith("矛盾化解")


def test_a_figure_leads_to_what_it_counts(site):
    with site.open("/", SIZES["phone"][0]) as page:
        page.locator(".kb-stats a", has_text="个方法和经验").click()
        page.wait_for_url("**/methods/")


def test_the_menu_still_opens_on_a_phone(site):
    with site.open("/", SIZES["phone"][0]) as page:
        page.locator('.md-header label[for="__drawer"]').click()
        link = page.locator(".md-nav--primary a", has_text="按口诀").first
        link.wait_for(state="visible")
        link.click()
        page.wait_for_url("**/formulas/")


@pytest.mark.parametrize("label", SIZES)
def test_axe_finds_nothing_serious_on_the_home_page(site, label):
    with site.open("/", SIZES[label][0]) as page:
        assert serious_accessibility_problems(page) == []


# The offline edition: pages as .html files, opened from disk --------------------------------


def test_the_offline_home_page_links_to_files(offline_site):
    soup = soup_of(offline_site / "index.html")
    hrefs = [a["href"] for a in soup.select(".kb-home-ways a, .kb-stats a, .kb-home-map a, .kb-home-themes a")]
    hrefs += [a["href"] for a in soup.find("h2", id="最近公布的名单").find_next("ul").select("a")]
    assert hrefs and all(h.endswith(".html") for h in hrefs), hrefs
    for href in hrefs:
        assert (offline_site / href).is_file(), href


def test_the_offline_home_page_searches_from_disk(offline_site, site):
    with site.open((offline_site / "index.html").as_uri(), 390) as page:
        page.locator("#kb-home-q").click()
        page.keyboard.type("三事分流")
        page.locator('.kb-search__results a[href*="nanan-sanshifenliu"]').first.wait_for()
        page.locator(".kb-search__close").click()
        page.locator('.kb-home-map a[aria-label^="湖南省"]').click()
        page.wait_for_url("**/provinces/hunan.html")
