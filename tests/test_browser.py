"""The built site in headless Chromium, as a cadre on a phone or at a desk sees it."""

from __future__ import annotations

import pytest

from browser import chromium, chromium_path, serve_site

PAGES = ["/", "/methods/", "/methods/junmen-13335/", "/methods/xigang-365/", "/criteria/",
         "/sources/mz-2018-42/", "/reference/fields/"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture(scope="module")
def site(built_site):
    assert chromium_path(), "需要 Debian 的 chromium：运行 make test 会自动安装"
    with serve_site(str(built_site)) as base, chromium() as browser:
        yield base, browser


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_the_screen_and_load_only_local_files(site, path, size):
    base, browser = site
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(base + path)
    assert response.status == 200
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} 在 {width}px 宽时横向溢出 {overflow}px"
    outside = [url for url in requests if not url.startswith(base) and not url.startswith("data:")]
    assert not outside, outside
    page.close()


def test_junmen_card_on_a_phone(site):
    base, browser = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "/methods/junmen-13335/")
    card = page.locator(".kb-card")
    assert card.is_visible()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.locator(".kb-parts > li").count() == 5
    assert page.locator(".kb-part-number").all_inner_texts() == ["1", "3", "3", "3", "5"]
    assert "福建省" in page.locator(".kb-place-chain").inner_text()
    page.close()


def test_from_home_to_junmen_and_on_to_its_source(site):
    base, browser = site
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + "/")
    page.get_by_role("link", name="军门社区工作法“13335”").click()
    page.wait_for_url("**/methods/junmen-13335/")
    assert page.locator("h1").first.inner_text().startswith("军门社区工作法")
    page.locator(".kb-sources a").first.click()
    page.wait_for_url("**/sources/mz-2018-42/")
    assert page.get_by_role("link", name="军门社区工作法").count() >= 1
    page.close()
