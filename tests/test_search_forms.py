"""What a cadre types besides the index's own words (issue 21): traditional characters, pinyin
and initials, one wrong character, the words of a question; and the hubs a query names, shown
as a "分类" line above the entries. In a real browser, through the header box."""

from __future__ import annotations

import json
import os

import pytest

from methodkb.search import variants


def _index(built_site) -> dict:
    with open(os.path.join(built_site, "search", "index.js"), encoding="utf-8") as handle:
        text = handle.read()
    return json.loads(text[text.index("{"): text.rindex("}") + 1])


def _shown(page, query: str) -> dict:
    """The hub line's and the result list's links after typing ``query``, as site paths."""
    box = page.locator(".kb-search__input")
    box.fill("")
    box.type(query)
    page.wait_for_function("q => document.querySelector('.kb-search__input').value === q && "
                           "/^(找到|没有找到)/.test(document.querySelector('.kb-search__status').textContent)", arg=query)
    links = page.evaluate("""() => ({
        hubs: [...document.querySelectorAll('.kb-search__hubs a')].map(a => new URL(a.href).pathname),
        entries: [...document.querySelectorAll('.kb-search__results a')].map(a => new URL(a.href).pathname)})""")
    return links


@pytest.mark.parametrize("query,first", [
    ("軍門社區", "/methods/junmen-13335/"),      # traditional characters
    ("楊浦區", "/methods/yangpu-mulinzhongxin/"),
    ("junmen", "/methods/junmen-13335/"),        # full pinyin of a name
    ("chongqing nanan", "/methods/nanan-sanshifenliu/"),  # of places, in two words
    ("sanshif", "/methods/nanan-sanshifenliu/"),  # pinyin being typed
    ("bhzk", "/methods/tongan-bihezikong/"),      # initials of 闭合自控
    ("十大服务体细", "/methods/heping-shidafuwutixi/"),  # one wrong character
    ("八个一体华", "/methods/minquanlu-bageyitihua/"),
    ("xchy", "/methods/xuchenghuayuan/"),          # initials of 旭城花园社区 without 社区
    ("linyun", "/methods/linyun-quangangtong/"),   # pinyin of 林云居委会 without 居委会
    ("公益项目外包", "/methods/wuhou-sansheliandong/"),  # 外包: what cadres call 购买服务
    ("时间银行", "/methods/junmen-13335/"),       # what junmen calls 爱心银行
    ("邻居之间互不来往怎么办", "/methods/yangpu-mulinzhongxin/"),  # 邻居: 睦邻
    ("申报优秀社区工作法要什么条件", "/criteria/"),  # 申报: 推荐, 条件: 标准
    ("共驻共建", "/methods/junmen-13335/"),        # with the units in the community (驻区单位)
])
def test_other_forms_find_the_method(site, query, first):
    with site.open("/") as page:
        assert _shown(page, query)["entries"][0] == first


def test_a_question_is_searched_for_what_it_asks(site):
    with site.open("/") as page:
        pieces = page.evaluate("q => kbSearch.explain(q)", "社区怎么减轻负担")
        assert [p[0] for p in pieces] == ["社区", "减轻", "负担"]  # 怎么 says nothing of the subject
        shown = _shown(page, "社区怎么减轻负担")
        assert shown["hubs"] == ["/themes/jianfu/"]


def test_a_right_word_is_not_taken_for_a_typo(site):
    with site.open("/") as page:
        # 社区事务 is two words, not 社区服务 mistyped; 居民嫌 (in 居民嫌麻烦) is not 居民区, nor 居民自管
        # 居民自治: a slip of a pinyin input method gives a character of the same sound.
        for query in ("社区治理", "社区服务站", "居民自治议事", "参与社区事务", "居民嫌麻烦", "居民自管"):
            kinds = [p[1] for p in page.evaluate("q => kbSearch.explain(q)", query)]
            assert "fuzzy" not in kinds, (query, kinds)


def test_an_english_word_is_not_read_as_pinyin(site):
    with site.open("/") as page:
        # onerror is not er (二) + ro (融): letters that are not all pinyin are taken whole, or not at all
        for query, words in (("onerror", []), ("onerror社区协商", ["社区协商"]), ("社区app", ["社区", "app"])):
            assert [p[0] for p in page.evaluate("q => kbSearch.explain(q)", query)] == words, query
        assert _shown(page, "onerror")["entries"] == []
        assert _shown(page, "junm")["entries"][0] == "/methods/junmen-13335/"  # pinyin being typed still is


def test_the_status_says_what_no_page_has(site):
    # 换届 is in no page: the hits are for 选举, and the status line says so (in the box and on the results page)
    with site.open("/") as page:
        status = page.locator(".kb-search__status")
        _shown(page, "换届选举")
        assert status.inner_text() == "找到 2 个结果（本站没有“换届”这样的词，按其余的词查找）"
        _shown(page, "onerror社区协商")
        assert status.inner_text().endswith("（本站没有“onerror”这样的词，按其余的词查找）")
        for query in ("社区协商", "居民嫌麻烦怎么办"):  # every piece found, or one character (的) left out
            _shown(page, query)
            assert "本站没有" not in status.inner_text(), query
    with site.open("/search/?q=换届选举") as page:
        page.wait_for_function("/^找到/.test(document.querySelector('.kb-results__count').textContent)")
        assert page.locator(".kb-results__count").inner_text().endswith("（本站没有“换届”这样的词，按其余的词查找）")


def test_hubs_the_query_names_stand_above_the_entries(site):
    with site.open("/", width=390) as page:
        page.locator(".kb-search__open").click()
        shown = _shown(page, "矛盾化解")
        assert shown["hubs"] == ["/themes/maodun-huajie/"]
        assert "/themes/maodun-huajie/" not in shown["entries"]
        assert shown["entries"][0] in ("/methods/fengqiao-jingyan/", "/methods/xigang-365/")
        assert page.locator(".kb-search__hubs").inner_text().startswith("分类：")
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        shown = _shown(page, "上海")
        assert shown["hubs"] == ["/provinces/shanghai/"]
        assert sum(url.startswith("/methods/") for url in shown["entries"][:5]) >= 4  # and the report on them


def test_a_theme_whose_description_holds_the_query_is_named(site):
    with site.open("/") as page:
        # 居民自治 is described as “……民主选举、决策、管理、监督”; 换届 is in no page, 选举 is
        assert _shown(page, "换届选举")["hubs"] == ["/themes/jumin-zizhi/"]
        assert _shown(page, "网格长")["hubs"] == ["/themes/wangge/"]  # 划分网格……
        # 居务监督's description names 小微权力清单, but a method is called so: it stays first
        shown = _shown(page, "小微权力")
        assert shown["hubs"] == [] and shown["entries"][0] == "/methods/qianyang-xiaoweiquanli/"


def test_a_hub_the_query_does_not_name_stays_among_the_entries(site):
    with site.open("/") as page:
        shown = _shown(page, "13335")
        assert shown["hubs"] == [] and page.locator(".kb-search__hubs").is_hidden()
        assert shown["entries"][0] == "/methods/junmen-13335/"


def test_the_index_carries_the_other_forms(built_site):
    index = _index(built_site)
    assert index["folds"]["區"] == "区" and index["folds"]["門"] == "门"
    assert index["pinyin"]["sanshifenliu"] == ["三事分流"] and "三事分流" in index["initials"]["ssfl"]
    assert "重庆" in index["pinyin"]["chongqing"]
    assert "怎么办" in index["asking"]


def test_sounds_group_the_characters_a_pinyin_slip_confuses():
    table = variants.sounds(["三事分流"])
    assert "留" in table["liu"] and "流" in table["liu"]
    assert "连" in table["lian"] and "联" in table["lian"]
    assert "事" in table["si"] and "四" in table["si"]    # shi and si: a southern speaker's slip
    assert "区" not in table["xian"]
    assert all(len(set(chars)) == len(chars) for chars in table.values())


def test_folds_only_what_the_vocabulary_lacks():
    folds = variants.folds({"社区", "乾坤"})
    assert folds["區"] == "区"
    assert "乾" not in folds          # the vocabulary writes 乾 itself: not folded to 干
    assert "門" not in folds          # 门 is not in the vocabulary: nothing to fold to


def test_aliases_read_phrases_and_leave_short_initials_out():
    words = {"三事分流", "重庆", "银行", "13335", "社区睦邻中心", "七色"}
    pinyin, initials = variants.aliases(words, words, names={"社区睦邻中心", "七色"})
    assert pinyin["sanshifenliu"] == ["三事分流"] and initials["ssfl"] == ["三事分流"]
    assert initials["mlzx"] == initials["sqmlzx"] == ["社区睦邻中心"]  # a name's own end, too
    assert pinyin["qise"] == ["七色"] and "fenliu" not in pinyin    # only names have their ends
    assert pinyin["chongqing"] == ["重庆"] and pinyin["yinhang"] == ["银行"]
    assert "cq" not in initials and "13335" not in pinyin
    pinyin, initials = variants.aliases({"旭城花园社区"}, {"旭城花园社区"}, suffixes=("社区",))
    assert initials["xchy"] == initials["xchysq"] == ["旭城花园社区"] and pinyin["xuchenghuayuan"] == ["旭城花园社区"]


def test_a_pasted_paragraph_is_searched_by_its_beginning(site):
    with site.open("/") as page:
        page.locator(".kb-search__input").fill("三事分流" + "社区治理创新成果" * 20)
        page.wait_for_function("document.querySelector('.kb-search__status').textContent.includes('只按前 80 个字搜索')")
        assert page.locator(".kb-search__results a").first.get_attribute("href").endswith("methods/nanan-sanshifenliu/")


def test_the_index_says_which_pages_are_hubs(built_site, offline_site):
    for site in (built_site, offline_site):
        hubs = {doc[0]: doc[6] for doc in _index(site)["docs"]}
        themes = "themes/maodun-huajie/" if site == built_site else "themes/maodun-huajie.html"
        assert hubs[themes] == "主题"
        # An overview lists hubs but is none (offline its address begins as theirs do).
        assert not any(hub for url, hub in hubs.items() if url.startswith("provinces/index") or url == "provinces/")
        assert {hub for hub in hubs.values()} == {"", "主题", "省份", "名单", "口诀"}
