"""The cross-indexes: every method appears in every index it belongs to, links
back to each, and a new method file shows up everywhere on the next build."""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import shutil
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build
from methodkb.checks import loading
from methodkb.model import formula as formulas
from methodkb.model.registry import Registry

REGISTRY = Registry.load()
METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).methods


def page(site, path):
    with open(os.path.join(site, path, "index.html"), encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def method_links(soup, path):
    """Slugs of the methods the index page at ``path`` links to (from its article, not the navigation)."""
    out = set()
    for a in soup.select("article a[href]"):
        target = posixpath.normpath(posixpath.join("/" + path.strip("/") + "/", unquote(a["href"]).split("#")[0]))
        parts = target.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "methods":
            out.add(parts[1])
    return out


def indexes_of(meta):
    """The index pages a method belongs in, by its data."""
    province = REGISTRY.provinces[meta["place"]["province"]]["slug"]
    out = [f"provinces/{province}"]
    out += [f"themes/{REGISTRY.themes[t]['slug']}" for t in meta.get("themes") or []]
    out += [f"lists/{m['list']}" for m in meta.get("lists") or []]
    if meta.get("formula"):
        out.append("formulas")
    return out


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.slug)
def test_every_method_is_in_every_index_it_belongs_to(built_site, method):
    for index in indexes_of(method.meta):
        assert method.slug in method_links(page(built_site, index), index), f"{method.slug} 不在 {index}"


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.slug)
def test_every_method_page_links_back_to_its_indexes(built_site, method):
    soup = page(built_site, f"methods/{method.slug}")
    hrefs = {unquote(a["href"]) for a in soup.select(".kb-card a[href]")}
    for index in indexes_of(method.meta):
        if index == "formulas":
            shape = formulas.shape(method.meta["formula"])
            assert any(h.endswith(f"/formulas/#{shape}") for h in hrefs), hrefs
        else:
            assert any(h.rstrip("/").endswith(index) for h in hrefs), (index, hrefs)
    city = method.meta["place"].get("city")
    if city:
        link = next(h for h in hrefs if h.endswith(f"#{city}"))
        province_page = page(built_site, link.split("#")[0].replace("..", "").strip("/").removeprefix("/"))
        assert province_page.find(id=city) is not None
    related = soup.select(".kb-related li a")
    # A 待补充 entry may share nothing but its province (西关: the only one of its list, no themes).
    assert (1 if method.meta.get("completeness") == "待补充" else 3) <= len(related) <= 5
    assert method.meta["name"] not in [a.get_text() for a in related]


def test_tile_map_shows_every_division_with_its_count(built_site):
    soup = page(built_site, "provinces")
    svg = soup.select_one("svg.kb-tilemap")
    tiles = svg.find_all(["a", "g"], recursive=False)
    assert len(tiles) == len(REGISTRY.provinces) == 35  # the 34 divisions and 新疆生产建设兵团
    counts = {}
    for m in METHODS:
        counts[m.meta["place"]["province"]] = counts.get(m.meta["place"]["province"], 0) + 1
    for tile in tiles:
        name, count = tile["aria-label"].split("：")
        assert int(count.split()[0]) == counts.get(name, 0)
        assert (tile.name == "a") == bool(counts.get(name))
    assert svg.find("title") and svg.find("desc")
    assert "0" in [td.get_text() for td in soup.select("article table td")]  # zeros are listed too


def test_province_page_groups_by_city_and_district(built_site):
    soup = page(built_site, "provinces/hunan")
    assert [h.get("id") for h in soup.select("article h2")] == ["长沙市", "湘潭市", "衡阳市", "city-unknown"]
    assert "天心区" in [h.get_text().rstrip("¶") for h in soup.select("article h3")]


def test_theme_page_marks_kind(built_site):
    soup = page(built_site, "themes/xieshang")
    headings = [h.get_text().rstrip("¶") for h in soup.select("article h2")]
    assert any(h.startswith("单项性") for h in headings)
    assert any(h.startswith("综合性") for h in headings)


def test_theme_page_lists_each_method_as_its_own_item(built_site):
    # Was: the rows had no line end between them, so a group's methods ran together as one list
    # item (“…军门社区- 南盘岭社区…”), and the link to all themes was glued to the last.
    models = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).models
    for name, entry in REGISTRY.themes.items():
        path = f"themes/{entry['slug']}"
        items = page(built_site, path).select("article li")
        members = {m.slug for m in models if name in m.themes}
        assert [len(method_links(li, path)) for li in items] == [1] * len(members), path
        assert {slug for li in items for slug in method_links(li, path)} == members
        assert not any("全部主题" in li.get_text() for li in items)


def test_formula_index_decomposes_by_the_data(built_site):
    soup = page(built_site, "formulas")
    ids = [h.get("id") for h in soup.select("article h2")]
    assert ids[:4] == ["digits", "paired", "chain", "number_word"]
    text = soup.get_text()
    assert "1 坚持党建引领 · 3 健全三项机制 · 3 搭建三个平台 · 3 强化三项保障 · 5 打造“五在社区”" in text
    assert "全年365天" in text  # 365 is read as a whole number, not 3-6-5
    three = soup.find(lambda t: t.name == "h3" and t.get_text().startswith("数字 3（"))
    meanings = three.find_next("ul").get_text()
    assert "健全三项机制" in meanings and "搭建三个平台" in meanings  # what a “3” has stood for


def test_list_page_in_rank_order_with_quota_table(built_site):
    soup = page(built_site, "lists/mz-2014-top")
    ranks = [row.select("td")[0].get_text() for row in soup.select("article table")[1].select("tbody tr")]
    assert ranks == [str(n) for n in range(1, 12)]
    national = page(built_site, "lists/mz-2018-youxiu").get_text()
    assert "原则上每个地市推荐不超过 3 个、每个省推荐不超过 5 个" in national
    assert "未超出" in national


def test_open_data_matches_the_methods(built_site):
    data = json.load(open(os.path.join(built_site, "data", "methods.json"), encoding="utf-8"))
    assert {m["slug"] for m in data["methods"]} == {m.slug for m in METHODS}
    raw = open(os.path.join(built_site, "data", "methods.csv"), encoding="utf-8").read()
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert len(rows) == len(METHODS)
    junmen = next(r for r in rows if r["slug"] == "junmen-13335")
    assert junmen["formula"] == "13335" and junmen["province"] == "福建省"


def test_stats_page_has_charts_with_text_equivalents(built_site):
    soup = page(built_site, "stats")
    charts = soup.select("svg.kb-chart")
    assert len(charts) == 5
    assert all(c.find("title") and c.find("desc") for c in charts)
    assert len(soup.select("article details table")) == 5


def test_a_new_method_appears_in_every_index(tmp_path):
    methods = tmp_path / "methods"
    shutil.copytree(os.path.join(ROOT, "methods"), methods)
    (methods / "anhui" / "new-4335.md").write_text("""---
name: 检验新增工作法
formula:
  text: "4335"
  reading: 逐位
  parts:
    - {number: 4, meaning: 四个甲}
    - {number: 3, meaning: 三个乙}
    - {number: 3, meaning: 三个丙}
    - {number: 5, meaning: 五个丁}
category: 优秀社区工作法
kind: 单项性
themes: [禁毒]
place:
  province: 安徽省
  city: 合肥市
  district: 蜀山区
  community: 检验社区
lists:
  - list: hn-3
    rank: 99
summary: 只在测试中出现的方法，用来检验新文件是否出现在全部索引中。
completeness: 部分
sources:
  - id: hn-2021-zongshu
basis:
  - field: kind
    by: 编者
    reason: 只在测试中出现的方法，编者据此归为单项性。
---

## 主要做法

只用于测试。
""", encoding="utf-8")
    site = tmp_path / "site"
    result = build(site, methods_dir=methods)
    assert result.returncode == 0, result.stdout + result.stderr
    for index in ("provinces/anhui", "themes/jindu", "lists/hn-3", "formulas", "methods"):
        assert "new-4335" in method_links(page(site, index), index), index
    assert page(site, "provinces/anhui").find(id="合肥市") is not None
    data = json.load(open(site / "data" / "methods.json", encoding="utf-8"))
    assert "new-4335" in {m["slug"] for m in data["methods"]}
