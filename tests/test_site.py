"""The real site, built in strict mode: every method has its page, the card holds
the facts, generated pages link where they should, nothing loads from outside."""

from __future__ import annotations

import os
import re
import shutil
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, run
from methodkb.checks import loading

METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT).methods


def page(site, path):
    with open(os.path.join(site, path, "index.html"), encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


def test_there_are_about_fifty_five_methods():
    # 29 from the five source documents, 26 imported from public_reports.csv (issue 18).
    assert 50 <= len(METHODS) <= 60


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.slug)
def test_every_method_has_a_page_with_its_facts(built_site, method):
    soup = page(built_site, f"methods/{method.slug}")
    assert soup.find("h1").get_text().startswith(method.meta["name"])
    card = soup.select_one(".kb-card")
    assert card is not None
    assert method.meta["place"]["province"] in card.get_text()
    for source in method.meta["sources"]:
        assert card.select_one(f'a[href$="/sources/{source["id"]}/"]') is not None
    assert soup.find("title").get_text().startswith(method.meta["name"])


def test_junmen_card_has_all_five_parts_and_every_measure(built_site):
    soup = page(built_site, "methods/junmen-13335")
    parts = soup.select(".kb-parts > li")
    assert [p.select_one(".kb-part-number").get_text() for p in parts] == ["1", "3", "3", "3", "5"]
    assert [len(p.select("ul > li")) for p in parts] == [3, 3, 3, 3, 5]
    assert "打造“五在社区”" in parts[4].get_text()
    six = soup.select(".kb-six dt")
    assert [dt.get_text() for dt in six] == ["群众性", "民生性", "系统性", "创新性", "操作性", "示范性"]
    assert [h.get_text().rstrip("¶") for h in soup.select(".kb-method > h2")] == ["背景", "主要做法", "成效", "启示"]


def test_a_historical_place_shows_no_present_day_name_without_a_source(built_site):
    # 光明新区 is accepted as the source writes it; no source names today's district.
    soup = page(built_site, "methods/guangming-shequjijinhui")
    assert "光明新区" in soup.select_one(".kb-place-chain").get_text()
    assert "（今" not in soup.select_one(".kb-place-chain").get_text()


def test_missing_facts_say_the_source_is_silent(built_site):
    soup = page(built_site, "methods/minquanlu-bageyitihua")
    facts = soup.select_one(".kb-facts").get_text()
    assert "来源未载" in facts
    assert "（城市、区县、街道：来源未载）" in soup.select_one(".kb-place-chain").get_text()
    # A municipality has no city level, so nothing is missing for 南岸区.
    assert "来源未载" not in page(built_site, "methods/nanan-sanshifenliu").select_one(".kb-place-chain").get_text()


def test_the_list_of_all_methods_links_every_method(built_site):
    soup = page(built_site, "methods")
    links = {a["href"] for a in soup.select("article a[href]")}
    for method in METHODS:
        assert f"{method.slug}/" in links


def test_source_pages_list_the_methods_citing_them(built_site):
    soup = page(built_site, "sources/mz-2015-2014cx")
    cited = [m for m in METHODS if any(s["id"] == "mz-2015-2014cx" for s in m.meta["sources"])]
    assert len(cited) == 20
    links = {a["href"] for a in soup.select("article a[href]")}
    assert all(f"../../methods/{m.slug}/" in links for m in cited)
    junmen = page(built_site, "sources/mz-2018-42")
    assert junmen.select_one('article a[href="../../methods/junmen-13335/"]') is not None
    assert "民办函〔2018〕42号" in junmen.get_text()


def test_home_page_counts_match_the_content(built_site):
    soup = page(built_site, "")
    stats = [div.strong.get_text() for div in soup.select(".kb-stats > div")]
    provinces = {m.meta["place"]["province"] for m in METHODS}
    assert stats[:2] == [str(len(METHODS)), str(len(provinces))]
    assert soup.select_one('a[href="methods/junmen-13335/"]') is not None


def test_criteria_page_states_the_rules_from_the_data(built_site):
    text = page(built_site, "criteria").get_text()
    assert "不多于 3 个" in text and "不多于 5 个" in text
    assert "不得少于 2 年" in text
    for name in ["群众性", "民生性", "系统性", "创新性", "操作性", "示范性"]:
        assert name in text


def test_field_reference_lists_every_schema_field(built_site):
    from methodkb.model.registry import Registry

    text = page(built_site, "reference/fields").get_text()
    for key in Registry.load().fields:
        assert key in text


def _html_files(site):
    for folder, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                yield os.path.join(folder, name)


EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)


def test_nothing_is_loaded_from_outside_the_site(built_site):
    loads = []
    for path in _html_files(built_site):
        soup = BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")
        assert soup.html.get("lang") == "zh-CN"
        for tag, attr in (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                          ("link", "href")):
            for element in soup.find_all(tag):
                value = element.get(attr) or ""
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                    continue
                if EXTERNAL.match(value):
                    loads.append(f"{path}: <{tag} {attr}={value}>")
    for folder, _, names in os.walk(built_site):
        for name in names:
            if name.endswith(".css"):
                css = open(os.path.join(folder, name), encoding="utf-8").read()
                loads += [f"{name}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css)]
                loads += [f"{name}: {u}" for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", css)]
    assert not loads, "\n".join(loads)


def test_front_matter_is_escaped_wherever_it_is_shown(tmp_path):
    methods = tmp_path / "methods"
    shutil.copytree(os.path.join(ROOT, "methods"), methods)
    target = methods / "hunan" / "yuntang-sixiaosida.md"
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", "name: <script>alert(1)</script>云塘", text, count=1, flags=re.M)
    text = text.replace("\ncategory:", '\nunit: "<img src=x onerror=alert(2)>"\ncategory:', 1)
    target.write_text(text, encoding="utf-8")
    result = build(tmp_path / "site", methods_dir=methods)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in ("methods/yuntang-sixiaosida", "methods", "sources/hn-2021-zongshu"):
        html = open(tmp_path / "site" / path / "index.html", encoding="utf-8").read()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)" in html


def test_a_new_method_file_appears_in_the_site(tmp_path):
    methods = tmp_path / "methods"
    shutil.copytree(os.path.join(ROOT, "methods"), methods)
    text = (methods / "hunan" / "nanpanling-12345.md").read_text(encoding="utf-8")
    text = text.replace("南盘岭社区“12345”工作法", "新增检验工作法").replace("community: 南盘岭社区", "community: 新增检验社区")
    (methods / "hunan" / "added-for-test.md").write_text(text, encoding="utf-8")
    result = build(tmp_path / "site", methods_dir=methods)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增检验工作法" in page(tmp_path / "site", "methods/added-for-test").find("h1").get_text()
    assert "added-for-test/" in {a["href"] for a in page(tmp_path / "site", "methods").select("article a[href]")}


FAILING_TEMPLATE = """
import runpy, sys
import jinja2
import methodkb.site.pages
def methods_index(collection, entries):
    raise jinja2.UndefinedError("检验用的故障")
methodkb.site.pages.methods_index = methods_index
sys.argv = ["mkdocs", "build", "--strict", "-q", "-d", sys.argv[1]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def test_a_template_error_stops_the_build_with_a_message_naming_the_page(tmp_path):
    result = run(sys.executable, "-c", FAILING_TEMPLATE, str(tmp_path / "site"))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "生成页面 methods/index.md 时模板出错（UndefinedError：检验用的故障）" in output, output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists()
