"""The built site in headless Chromium, as a cadre on a phone or at a desk sees it."""

from __future__ import annotations

import contextlib

import pytest

from conftest import real_method_count


PAGES = ["/", "/methods/", "/methods/junmen-13335/", "/methods/xigang-365/", "/criteria/",
         "/sources/mz-2018-42/", "/reference/fields/", "/provinces/", "/provinces/hunan/", "/themes/",
         "/themes/xieshang/", "/formulas/", "/lists/", "/lists/mz-2014-top/", "/filter/", "/stats/",
         "/collections/", "/collections/hunan/", "/guide/", "/sources/"]
SIZES = {"phone": 390, "desktop": 1280}
# WCAG 2.2 A/AA (2.2 adds target-size: tap targets of 24×24 px or spaced apart) and axe's best practices.
AXE_RULES = {"resultTypes": ["violations"],
             "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_RULES).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_the_screen_and_load_only_local_files(site, path, size):
    width, requests = SIZES[size], []
    with site.open(path, width=width, requests=requests) as page:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} 在 {width}px 宽时横向溢出 {overflow}px"
    outside = [url for url in requests if not url.startswith(site.base) and not url.startswith("data:")]
    assert not outside, outside


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_problems(site, path, size):
    with site.open(path, width=SIZES[size]) as page:
        if path == "/filter/":
            page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert serious_accessibility_problems(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_search_results_have_no_serious_accessibility_problems(site, size):
    with site.open("/", width=SIZES[size]) as page:
        page.locator(".kb-search__open").click()
        page.locator(".kb-search__input").fill("矛盾纠纷")
        page.locator(".kb-search__results li").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert serious_accessibility_problems(page) == []
        # From the keyboard: the arrow keys walk down the results and back to the box; Enter opens one.
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        second = page.locator(".kb-search__results a").nth(1)
        assert second.evaluate("link => link === document.activeElement")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.locator(".kb-search__input").evaluate("box => box === document.activeElement")
        page.keyboard.press("ArrowDown")
        target = page.locator(".kb-search__results a").first.evaluate("link => link.href")
        page.keyboard.press("Enter")
        page.wait_for_url(target)


def test_charts_and_map_have_text_equivalents(site):
    with site.open("/provinces/") as page:
        assert page.get_by_role("group", name="各省级行政区收录的方法数").count() == 1
        assert "颜色越深方法越多" in page.locator("svg.kb-tilemap desc").text_content()
        # Every number on the map is in the table below it.
        assert page.locator("table").filter(has_text="湖南省").count() == 1
    with site.open("/stats/") as page:
        charts = page.locator("svg.kb-chart")
        assert charts.count() == page.locator("details summary", has_text="数据表").count() >= 5
        for i in range(charts.count()):
            assert charts.nth(i).get_attribute("aria-label")


def test_wide_tables_scroll_inside_their_box_on_a_phone(site):
    with site.open("/reference/fields/", width=390) as page:
        wraps = page.locator(".md-typeset__scrollwrap")
        wide = [i for i in range(wraps.count()) if wraps.nth(i).evaluate("w => w.scrollWidth > w.clientWidth")]
        assert wide, "字段说明页的表格在 390px 宽时应当比屏幕宽"
        box = wraps.nth(wide[0])
        # The box scrolls, the page does not; and the box can be scrolled from the keyboard.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert box.get_attribute("tabindex") == "0" and "可左右滑动" in box.get_attribute("aria-label")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("w => w.scrollLeft > 0", arg=box.element_handle())


def test_junmen_card_on_a_phone(site):
    with site.open("/methods/junmen-13335/", width=390) as page:
        card = page.locator(".kb-card")
        assert card.is_visible()
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.locator(".kb-parts > li").count() == 5
        # On a phone the parts are one line; their measures open with a tap (issue 19).
        assert page.locator(".kb-parts-line__n").all_inner_texts() == ["1", "3", "3", "3", "5"]
        page.get_by_text("各部分的具体措施").click()
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
        assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {real_method_count()} 个条目")
        page.select_option("select[name=province]", "湖南省")
        assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {real_method_count('湖南省')} 个")
        assert "province=%E6%B9%96%E5%8D%97%E7%9C%81" in page.url
        page.select_option("select[name=kind]", "单项性（编者归类）")
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
