"""The 搜索结果 page (search/?q=…, issue 21): Enter in the header box lists every hit, facets
narrow the list, and the query and the facets live in the URL; on the site and from disk."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import Site
from test_browser import serious_accessibility_problems

from methodkb.site import offline


def _settled(page, query=None):
    """Wait until the page shows the results of ``query`` (the box's own text, when given)."""
    page.wait_for_function("q => (q === null || document.querySelector('.kb-results__form input').value === q) && "
                           "/^(找到|没有找到|请)/.test(document.querySelector('.kb-results__count').textContent)",
                           arg=query)


def _all_shown(page):
    more = page.locator(".kb-results__more")
    while more.is_visible():
        more.click()
    return page.locator(".kb-results__list > li > a")


def _entries(page, query):
    """The hits search.js finds for ``query``, hubs apart (their URLs): what the page must list."""
    return page.evaluate("q => kbSearch.find(q).then(f => ({hubs: f.hubs.map(h => h.url), entries: f.entries.map(h => h.url), "
                         "hrefs: f.entries.map(h => new URL(h.href, location.href).href)}))", query)


def _query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_enter_in_the_header_box_lists_every_hit(site):
    with site.open("/methods/junmen-13335/") as page:
        page.locator(".kb-search__input").fill("社区协商")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=*")
        assert _query(page.url) == {"q": "社区协商"}
        _settled(page, "社区协商")
        found = _entries(page, "社区协商")
        assert len(found["entries"]) > 10
        assert page.locator(".kb-results__count").inner_text().startswith(f"找到 {len(found['hubs']) + len(found['entries'])} 个结果")
        assert page.locator("h1").inner_text().startswith("搜索结果")
        links = _all_shown(page)
        assert links.evaluate_all("links => links.map(a => a.href)") == found["hrefs"]
        assert "methods/changchun-chaoyang-4335/" in found["entries"]
        assert page.locator(".kb-results__list mark").count() >= 1  # the query's words are marked


def test_long_lists_show_fifty_at_a_time(site):
    with site.open("/search/?q=" + quote("社区")) as page:
        _settled(page)
        total = len(_entries(page, "社区")["entries"])
        assert total > 50
        assert page.locator(".kb-results__list > li").count() == 50
        assert "先显示前 50 个" in page.locator(".kb-results__count").inner_text()
        assert _all_shown(page).count() == total


def test_a_facet_narrows_the_list_and_a_shared_url_restores_it(site):
    with site.open("/search/?q=" + quote("社区协商")) as page:
        _settled(page)
        before = page.locator(".kb-results__list > li").count()
        option = page.locator("select[name=province] option", has_text="吉林省")
        count = int(option.inner_text().split("（")[1].rstrip("）"))
        page.select_option("select[name=province]", "吉林省")
        assert 0 < count < before
        assert page.locator(".kb-results__list > li").count() == count
        assert "其中符合所选条件的 " + str(count) + " 个" in page.locator(".kb-results__count").inner_text()
        assert _query(page.url) == {"q": "社区协商", "province": "吉林省"}
        # Every other facet counts only what the choice left.
        themes = page.locator("select[name=theme] option").all_inner_texts()[1:]
        assert themes and all(0 < int(t.split("（")[1].rstrip("）")) <= count for t in themes)
        shown, shared = page.locator(".kb-results__list > li > a").all_inner_texts(), page.url
    with site.open(shared) as page:
        _settled(page)
        assert page.locator(".kb-results__form input").input_value() == "社区协商"
        assert page.locator("select[name=province]").input_value() == "吉林省"
        assert page.locator(".kb-results__list > li > a").all_inner_texts() == shown
        assert "吉林省" in page.locator(".kb-results__list").inner_text()
        # 清除条件 brings back every hit, the query kept.
        page.locator(".kb-results__clear").click()
        assert page.locator(".kb-results__list > li").count() == before
        assert _query(page.url) == {"q": "社区协商"}


def test_typing_in_the_page_box_refines_the_results_and_the_url(site):
    with site.open("/search/?q=" + quote("社区协商")) as page:
        _settled(page)
        box = page.locator(".kb-results__form input")
        box.fill("社区协商4335")
        _settled(page, "社区协商4335")
        assert page.locator(".kb-results__list > li > a").first.inner_text() == "社区协商“4335”模式"
        assert _query(page.url) == {"q": "社区协商4335"}
        box.press("Enter")  # stays here: the results are already shown
        assert _query(page.url) == {"q": "社区协商4335"}


def test_a_query_naming_a_theme_shows_it_on_the_hub_line(site):
    with site.open("/search/?q=" + quote("矛盾化解")) as page:
        _settled(page)
        hubs = page.locator(".kb-results__hubs a")
        assert "分类：" in page.locator(".kb-results__hubs").inner_text()
        assert any(h.endswith("/themes/maodun-huajie/") for h in hubs.evaluate_all("links => links.map(a => a.href)"))
        assert not any("themes/maodun-huajie/" in h for h in
                       page.locator(".kb-results__list a").evaluate_all("links => links.map(a => a.href)"))


@pytest.mark.parametrize("query,says", [("", "请在上面的框里输入要找的词"), ("龘龘龘", "没有找到。换个说法试试")])
def test_an_empty_query_and_one_without_hits_say_what_to_try(site, query, says):
    with site.open("/search/" + (f"?q={query}" if query else "")) as page:
        _settled(page)
        assert page.locator(".kb-results__count").inner_text().startswith(says)
        assert page.locator(".kb-results__list > li").count() == 0


def test_a_facet_with_nothing_left_says_so(site):
    with site.open("/search/?q=" + quote("社区协商") + "&province=" + quote("西藏自治区")) as page:
        _settled(page)
        assert "没有符合所选条件的" in page.locator(".kb-results__count").inner_text()
        assert page.locator("select[name=province]").input_value() == "西藏自治区"
        assert page.locator(".kb-results__clear").is_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_a_phone_loads_only_local_files_and_is_accessible(site, width):
    requests = []
    with site.open("/search/?q=" + quote("矛盾化解"), width=width, requests=requests) as page:
        _settled(page)
        page.select_option("select[name=category]", index=1)
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        assert serious_accessibility_problems(page) == []
        assert page.locator(".kb-results__list .kb-compare-toggle").count() >= 1  # 加入比较, as beside filter results
    assert all(url.startswith(site.base) or url.startswith("data:") for url in requests), requests


@pytest.fixture(scope="module")
def disk(offline_site, site):
    return Site(offline_site.as_uri(), site.browser)  # one Playwright per thread: share the site's browser


def test_the_offline_results_page_works_from_disk(disk, offline_site):
    requests = []
    with disk.open("/provinces/index.html", width=390, requests=requests) as page:
        page.locator(".kb-search__open").click()
        page.locator(".kb-search__input").fill("社区协商")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/index.html?q=*")
        _settled(page, "社区协商")
        assert page.locator(".kb-results__list > li").count() > 10
        page.select_option("select[name=category]", "社区治理创新成果")
        assert page.locator(".kb-results__list > li").count() > 0
        page.locator(".kb-results__list > li > a", has_text="4335").click()
        page.wait_for_url("**/methods/changchun-chaoyang-4335/index.html")
    assert requests and all(url.startswith("file://") for url in requests), requests
    assert offline.broken_links(str(offline_site)) == {}
    assert os.path.isfile(offline_site / "search" / "index.html")
