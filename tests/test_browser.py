"""The built site in headless Chromium, as a cadre on a phone or at a desk sees it."""

from __future__ import annotations

import contextlib

import pytest


PAGES = ["/", "/methods/", "/methods/junmen-13335/", "/methods/xigang-365/", "/criteria/",
         "/sources/mz-2018-42/", "/reference/fields/", "/provinces/", "/provinces/hunan/", "/themes/",
         "/themes/xieshang/", "/formulas/", "/lists/mz-2014-top/", "/filter/", "/stats/",
         "/collections/", "/collections/hunan/"]
SIZES = {"phone": 390, "desktop": 1280}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_the_screen_and_load_only_local_files(site, path, size):
    width, requests = SIZES[size], []
    with site.open(path, width=width, requests=requests) as page:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} 在 {width}px 宽时横向溢出 {overflow}px"
    outside = [url for url in requests if not url.startswith(site.base) and not url.startswith("data:")]
    assert not outside, outside


def test_junmen_card_on_a_phone(site):
    with site.open("/methods/junmen-13335/", width=390) as page:
        card = page.locator(".kb-card")
        assert card.is_visible()
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.locator(".kb-parts > li").count() == 5
        assert page.locator(".kb-part-number").all_inner_texts() == ["1", "3", "3", "3", "5"]
        assert "福建省" in page.locator(".kb-place-chain").inner_text()


def test_from_home_to_junmen_and_on_to_its_source(site):
    with site.open("/") as page:
        page.get_by_role("link", name="军门社区工作法“13335”").click()
        page.wait_for_url("**/methods/junmen-13335/")
        assert page.locator("h1").first.inner_text().startswith("军门社区工作法")
        page.locator(".kb-sources a").first.click()
        page.wait_for_url("**/sources/mz-2018-42/")
        assert page.get_by_role("link", name="军门社区工作法").count() >= 1


@contextlib.contextmanager
def _filter_page(site, path):
    with site.open(path, width=390) as page:
        page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")
        yield page


def test_filter_combines_choices_and_puts_them_in_the_url(site):
    with _filter_page(site, "/filter/") as page:
        assert page.locator(".kb-filter__count").inner_text().startswith("共 29 个")
        page.select_option("select[name=province]", "湖南省")
        assert page.locator(".kb-filter__count").inner_text().startswith("共 4 个")
        assert "province=%E6%B9%96%E5%8D%97%E7%9C%81" in page.url
        page.select_option("select[name=kind]", "单项性")
        names = page.locator(".kb-filter__results li > a").all_inner_texts()
        assert names == ["需求导向的社区分类治理模式"]
        # The theme options now count only what matches the other choices.
        options = page.locator("select[name=theme] option").all_inner_texts()
        assert "社会组织培育（1）" in options
        assert not page.locator(".kb-filter__more").is_visible()


def test_a_shared_filter_url_opens_the_same_view(site):
    with _filter_page(site, "/filter/?theme=%E7%A4%BE%E5%8C%BA%E5%8D%8F%E5%95%86&category=%E7%A4%BE%E5%8C%BA%E6%B2%BB%E7%90%86%E5%88%9B%E6%96%B0%E6%88%90%E6%9E%9C") as page:
        assert page.locator("select[name=theme]").input_value() == "社区协商"
        assert page.locator("select[name=category]").input_value() == "社区治理创新成果"
        count = int(page.locator(".kb-filter__count").inner_text().split()[1])
        assert count == len(page.locator(".kb-filter__results li").all())
        assert "社区协商“4335”模式" in page.locator(".kb-filter__results").inner_text()
        page.locator(".kb-filter__results li > a", has_text="4335").click()
        page.wait_for_url("**/methods/changchun-chaoyang-4335/")


def test_formula_table_sorts_by_number_of_parts(site):
    with site.open("/formulas/") as page:
        table = page.locator("#number_word ~ .kb-sortable table").first
        header = table.locator("th button", has_text="部分数")
        header.click()
        parts = [int(t) if t.isdigit() else None for t in table.locator("tbody tr td:nth-child(4)").all_inner_texts()]
        numbers = [p for p in parts if p is not None]
        assert numbers == sorted(numbers)
        header.click()
        parts = [int(t) for t in table.locator("tbody tr td:nth-child(4)").all_inner_texts() if t.isdigit()]
        assert parts == sorted(parts, reverse=True)


def test_tile_map_tile_leads_to_the_province(site):
    with site.open("/provinces/", width=390) as page:
        page.locator('svg.kb-tilemap a[aria-label^="湖南省"]').click()
        page.wait_for_url("**/provinces/hunan/")
        assert page.locator("h1").first.inner_text().startswith("湖南省")
