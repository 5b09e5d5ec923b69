"""The 筛选 page has no dead ends (issue 19): options that would give nothing stay listed with
their （0）, and an empty result names the single choice to drop, with how many that shows."""

from __future__ import annotations

import json
import sys
import zipfile
from urllib.parse import quote

import pytest
from conftest import run
from test_browser import serious_accessibility_problems

from methodkb.site import offline

WIDTHS = {"phone": 390, "desktop": 1280}
PROVINCE, THEME = "湖南省", "矛盾化解"
PAIR = f"?province={quote(PROVINCE)}&theme={quote(THEME)}"


def methods(folder) -> list[dict]:
    return json.loads((folder / "data" / "methods.json").read_text(encoding="utf-8"))["methods"]


def expected(folder) -> dict[str, int]:
    """From the site's own open data: the pair's matches, and each choice on its own."""
    rows = methods(folder)
    return {"both": sum(1 for m in rows if m["province"] == PROVINCE and THEME in m["themes"]),
            "province": sum(1 for m in rows if m["province"] == PROVINCE),
            "theme": sum(1 for m in rows if THEME in m["themes"])}


def wait_for_count(page):
    page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")


def check_empty_state_and_drop(page, counts):
    """On the pair's URL: both choices shown as chosen, the empty state names each choice to drop;
    following “去掉湖南省” leaves only the theme and shows that many."""
    assert counts["both"] == 0, "the data no longer make 湖南省 + 矛盾化解 empty: pick another pair"
    wait_for_count(page)
    assert page.locator("select[name=province]").input_value() == PROVINCE
    assert page.locator("select[name=theme]").input_value() == THEME
    assert page.locator("select[name=theme] option:checked").inner_text() == f"{THEME}（0）"
    assert page.locator(".kb-filter__count").inner_text().startswith("共 0 个条目")
    empty = page.locator(".kb-filter__empty")
    assert empty.is_visible()
    text = empty.inner_text().replace("\n", "")
    assert text.startswith("没有同时符合这些条件的条目。")
    assert f"去掉“{PROVINCE}”可见 {counts['theme']} 个；" in text
    assert f"去掉“{THEME}”可见 {counts['province']} 个。" in text
    page.get_by_role("link", name=f"去掉“{PROVINCE}”可见 {counts['theme']} 个").click()
    assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {counts['theme']} 个条目")
    assert page.locator(".kb-filter__results li > a").count() == min(counts["theme"], 50)
    assert page.locator("select[name=province]").input_value() == ""
    assert page.locator("select[name=theme]").input_value() == THEME
    assert not empty.is_visible()
    assert "province=" not in page.url and f"theme={quote(THEME)}" in page.url


@pytest.mark.parametrize("size", WIDTHS)
def test_choosing_a_province_keeps_every_theme_with_its_count(site, built_site, size):
    rows = [m for m in methods(built_site) if m["province"] == PROVINCE]
    with site.open("/filter/", width=WIDTHS[size]) as page:
        wait_for_count(page)
        page.select_option("select[name=province]", PROVINCE)
        assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {len(rows)} 个条目")
        options = page.evaluate("""[...document.querySelectorAll('select[name=theme] option')].slice(1)
                                   .map(o => [o.value, o.textContent, o.disabled])""")
        shown = {value: (label, disabled) for value, label, disabled in options}
        assert shown[THEME] == (f"{THEME}（0）", True)
        # Every theme any method has is listed, counted among 湖南省's methods; the zeros disabled.
        every = {t for m in methods(built_site) for t in m["themes"]}
        assert set(shown) == every
        for theme, (label, disabled) in shown.items():
            n = sum(1 for m in rows if theme in m["themes"])
            assert (label, disabled) == (f"{theme}（{n}）", n == 0)


@pytest.mark.parametrize("size", WIDTHS)
def test_a_shared_url_with_no_result_says_which_choice_to_drop(site, built_site, size):
    with site.open("/filter/" + PAIR, width=WIDTHS[size]) as page:
        check_empty_state_and_drop(page, expected(built_site))


def test_the_empty_state_link_is_a_real_address(site, built_site):
    """Opened on its own (a new tab, a copied link), the suggestion gives the same view."""
    counts = expected(built_site)
    with site.open("/filter/" + PAIR, width=390) as page:
        wait_for_count(page)
        href = page.get_by_role("link", name=f"去掉“{THEME}”可见 {counts['province']} 个").get_attribute("href")
    with site.open(href, width=390) as page:
        wait_for_count(page)
        assert page.locator("select[name=province]").input_value() == PROVINCE
        assert page.locator("select[name=theme]").input_value() == ""
        assert page.locator(".kb-filter__count").inner_text().startswith(f"共 {counts['province']} 个条目")


@pytest.mark.parametrize("size", WIDTHS)
def test_the_filter_page_and_its_empty_state_pass_axe(site, size):
    for where in ("/filter/", "/filter/" + PAIR):
        with site.open(where, width=WIDTHS[size]) as page:
            wait_for_count(page)
            problems = serious_accessibility_problems(page)
            assert not problems, f"{where}: {problems}"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    target = tmp_path_factory.mktemp("offline") / "kb.zip"
    result = run(sys.executable, "scripts/offline.py", "-o", str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(target) as archive:
        archive.extractall(target.parent / "unzipped")
    return target.parent / "unzipped" / offline.FOLDER


def test_the_empty_state_works_from_disk(site, unpacked):
    # The module's browser (a second Playwright cannot start beside it), pointed at the unzipped files.
    with site.open(unpacked.as_uri() + "/filter/index.html" + PAIR, width=390) as page:
        assert page.url.startswith("file://")
        check_empty_state_and_drop(page, expected(unpacked))
