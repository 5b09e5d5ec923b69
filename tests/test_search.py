"""Search in a real browser: representative queries typed into the header box put
the right page first; the index is built from the content with jieba."""

from __future__ import annotations

import json
import os
import unicodedata

import hypothesis
import pytest

from methodkb.search import index as search
from methodkb.search import segment

FIRST = [
    ("13335", "军门社区工作法"),
    ("重庆南岸", "“三事分流”社区治理创新"),
    ("四小", "云塘社区“四小四大”工作法"),
    ("湘潭雨湖", "南盘岭社区“12345”工作法"),
    ("社区协商4335", "社区协商“4335”模式"),
    ("六个1", "“六个一”街道中心化改革"),
]


def _type(page, query):
    box = page.locator(".kb-search__input")
    box.fill("")
    box.type(query)
    page.wait_for_function("q => document.querySelector('.kb-search__input').value === q && "
                           "document.querySelector('.kb-search__status').textContent.startsWith('找到')", arg=query)


@pytest.mark.parametrize("query,title", FIRST, ids=[q for q, _ in FIRST])
def test_the_right_page_comes_first(site, query, title):
    with site.open("/methods/") as page:
        _type(page, query)
        first = page.locator(".kb-search__results li").first
        assert first.locator(".kb-search__title").inner_text() == title
        assert first.locator("mark").count() >= 1  # the match is highlighted


def test_keyboard_focus_and_enter_opens_the_results_page_or_the_chosen_result(site):
    with site.open("/") as page:
        page.keyboard.press("s")
        assert page.evaluate("document.activeElement.id") == "kb-search-input"
        _type(page, "三事分流")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=%E4%B8%89%E4%BA%8B%E5%88%86%E6%B5%81")
    with site.open("/") as page:
        page.keyboard.press("s")
        _type(page, "三事分流")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url("**/methods/nanan-sanshifenliu/")


def test_search_on_a_phone(site):
    with site.open("/", width=390) as page:
        assert not page.locator(".kb-search__input").is_visible()
        page.locator(".kb-search__open").click()
        _type(page, "西岗")
        assert page.locator(".kb-search__results li").first.locator(".kb-search__title").inner_text() == "“365”社区工作体系"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        page.keyboard.press("Escape")
        assert page.locator(".kb-search__panel").is_hidden()


def test_nothing_found_says_what_to_try(site):
    with site.open("/") as page:
        page.locator(".kb-search__input").type("xyzxyz")
        page.wait_for_function("document.querySelector('.kb-search__status').textContent.startsWith('没有找到')")


def test_the_index_keeps_formulas_and_places_whole(built_site):
    text = open(os.path.join(built_site, "search", "index.js"), encoding="utf-8").read()
    index = json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))
    for term in ("13335", "4335", "365", "四小四大", "三事分流", "南岸区", "南岸", "重庆", "暮云街道"):
        assert term in index["terms"], term
    assert not any(t.startswith(("“", "”", "\"")) for t in index["terms"])  # quotes never stick to tokens


def test_postings_are_gaps_that_add_up_to_the_documents(built_site):
    text = open(os.path.join(built_site, "search", "index.js"), encoding="utf-8").read()
    index = json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))
    found = [index["docs"][number][1] for number, _ in search.decode(index["terms"]["13335"])]
    assert any("军门" in title for title in found), found
    for flat in index["terms"].values():
        numbers = [number for number, _ in search.decode(flat)]
        assert numbers == sorted(set(numbers)) and numbers[-1] < len(index["docs"])
    assert search.decode([3, 40, 4, 12, 993, 5]) == [(3, 40), (7, 12), (1000, 5)]


def test_tokens_drop_punctuation_and_fold_full_width():
    assert segment.Segmenter([]).tokens(search.normalise("“１３３３５”")) == ["13335"]
    assert search.place_words("暮云街道") == ["暮云", "暮云街道"]
    assert search.place_words("长沙市") == ["长沙", "长沙市"]


def test_search_works_from_disk(site, built_site):
    # The index is a script, not fetched JSON, so a copy of the site opened from disk can search.
    with site.open("file://" + os.path.join(str(built_site), "methods", "junmen-13335", "index.html")) as page:
        _type(page, "三事分流")
        assert page.locator(".kb-search__title").first.inner_text() == "“三事分流”社区治理创新"


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet=hypothesis.strategies.sampled_from(
    "社区ＡＢａ１２，：（）；！？　 A\u0301\u0301\u3000①㈠⺠兀\uf900ｶﾞ\u309b")))
def test_normalise_is_nfkc_and_lower_case(text):
    # normalise folds full-width ASCII first and skips NFKC when nothing is left for it to change:
    # the result must be NFKC's, whatever the mix of characters.
    assert search.normalise(text) == unicodedata.normalize("NFKC", text).lower()
