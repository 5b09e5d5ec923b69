"""``basis``: where a field's value came from (schema.yml). Each rule reports a bad file with a
message naming file, line and field; pages, books and the open data show an editors' inference
as such; and no page or book calls an entry “…工作法” unless it is one (category 优秀社区工作法)."""

from __future__ import annotations

import json
import os
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, check

from methodkb.checks import books as book_checks
from methodkb.checks import loading
from methodkb.model.registry import Registry
from methodkb.printing import books as printing
from methodkb.site import indexes
from methodkb.site import pages
from methodkb.site.browse import Browse

REGISTRY = Registry.load()
YUNTANG = open(os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md"), encoding="utf-8").read()
HEAD, _, BODY = YUNTANG[4:].partition("\n---\n")
# The kind's own basis as the file gives it: every case below replaces it.
HEAD = re.sub(r"\nbasis:\n(?:  .*\n?)*", "\n", HEAD + "\n").rstrip("\n")
EXCELLENT = REGISTRY.categories[0]
EDITOR, SOURCE = (next(b for b, need in REGISTRY.basis_needs.items() if need == want) for want in ("reason", "source"))
REASON = "来源介绍的“四小四大”由公约、协会、议事平台和网格四个抓手组成，编者据此归为综合性。"


def _file(basis: str, head: str = HEAD) -> str:
    return f"---\n{head}\n{basis}---\n{BODY}"


def _problems(tmp_path, text: str, name: str = "m.md") -> list[str]:
    folder = tmp_path / "methods" / "hunan"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    result = loading.load([str(folder / name)], str(tmp_path), REGISTRY)
    return [p.format() for p in result.errors]


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def test_the_real_files_pass():
    result = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY)
    assert [p.format() for p in result.errors] == []


def test_a_kind_without_basis_is_an_error(tmp_path):
    text = _file("")
    assert _problems(tmp_path, text) == [
        f"methods/hunan/m.md:{_line(text, 'kind:')}: kind: 写了类型“综合性”，但没有说明依据。请在 basis 中加一项 field: kind："
        f"来源写明的，写 by: {SOURCE} 和 source（来源编号）；来源没有这样写、由编者判断的，写 by: {EDITOR} 和 reason"
        "（据来源的哪些内容这样判断）。说不清依据的，删去 kind 这一行。"]


def test_without_kind_nothing_is_required(tmp_path):
    assert _problems(tmp_path, _file("", HEAD.replace("kind: 综合性\n", ""))) == []


def test_every_rule_in_one_run(tmp_path):
    basis = (f"basis:\n"
             f"  - field: kind\n    by: {EDITOR}\n    reason: {REASON}\n"
             f"  - field: kind\n    by: {EDITOR}\n    reason: {REASON}\n"
             f"  - field: practice_since\n    by: {EDITOR}\n    reason: {REASON}\n"
             f"  - field: place.province\n    by: {EDITOR}\n"
             f"  - field: place.city\n    by: {SOURCE}\n"
             f"  - field: place.district\n    by: {SOURCE}\n    source: mz-2018-42\n"
             f"  - field: summary\n    by: {EDITOR}\n    reason: {REASON}\n"
             f"  - field: place.street\n    by: {EDITOR}\n    reason: 太短\n")
    text = _file(basis)
    lines = text.split("\n")
    at = lambda n, start: [i for i, line in enumerate(lines, 1) if line.strip().startswith(start)][n]
    found = _problems(tmp_path, text)
    expected = [
        (at(1, "- field: kind"), "basis[1].field", "“类型”（kind）的依据说明重复出现（第 "),
        (at(0, "- field: practice_since"), "basis[2].field", "本文件没有填写 practice_since"),
        (at(3, "by:"), "basis[3].reason", f"by 为“{EDITOR}”时必须写 reason（理由）"),
        (at(4, "by:"), "basis[4].source", f"by 为“{SOURCE}”时必须写 source（来源编号）"),
        (at(0, "source: mz-2018-42"), "basis[5].source", "来源编号“mz-2018-42”不在本文件的 sources 中（现有：hn-2021-zongshu）"),
        (at(0, "- field: summary"), "basis[6].field", "“summary”不是可选值"),
        (at(0, "reason: 太短"), "basis[7].reason", "“理由”太短：至少 10 个字"),
    ]
    for line, field, message in expected:
        assert any(p.startswith(f"methods/hunan/m.md:{line}: {field}: ") and message in p for p in found), (line, field, found)
    assert len(found) == len(expected), found


def test_the_other_helpers_entries_are_accepted(tmp_path):
    basis = (f"basis:\n"
             f"  - field: kind\n    by: {EDITOR}\n    reason: {REASON}\n"
             f"  - field: place.province\n    by: {SOURCE}\n    source: hn-2021-zongshu\n    locator: 第三部分\n"
             f"  - field: formula.reading\n    by: {EDITOR}\n    reason: 来源列出四个“小”和四个“大”，编者据此按计数读。\n"
             f"  - field: formula.parts\n    by: {SOURCE}\n    source: hn-2021-zongshu\n")
    assert _problems(tmp_path, _file(basis)) == []


def test_check_script_reports_as_file_line_field(tmp_path):
    path = tmp_path / "m.md"
    path.write_text(_file(f"basis:\n  - field: kind\n    by: {SOURCE}\n    source: nowhere\n"), encoding="utf-8")
    result = check(str(path))
    assert result.returncode == 1
    assert re.search(r"m\.md:\d+: basis\[0\]\.source: 来源编号“nowhere”不在本文件的 sources 中", result.stdout), result.stdout


def _card(tmp_path, basis: str, extra: str = "") -> BeautifulSoup:
    folder = tmp_path / "methods" / "hunan"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "m.md").write_text(_file(basis, HEAD + extra), encoding="utf-8")
    collection = loading.load([str(folder)], str(tmp_path), REGISTRY)
    assert collection.errors == []
    browse = Browse(collection)
    html = pages.method_page(collection.models[0], browse)
    return BeautifulSoup(html.partition(pages.BODY_START)[0], "html.parser"), browse


def test_the_card_marks_an_inference_and_gives_the_reason(tmp_path):
    reason = REASON.replace("编者据此", "<b>编者</b>据此")
    soup, browse = _card(tmp_path, f"basis:\n  - field: kind\n    by: {EDITOR}\n    reason: {reason}\n"
                                   f"  - field: place.province\n    by: {SOURCE}\n    source: hn-2021-zongshu\n    locator: 第三部分\n"
                                   f"  - field: practice_since\n    by: {EDITOR}\n    reason: 来源说这一做法已推行多年，编者据此推断起始年份。\n",
                         "\npractice_since: 2015")
    text = soup.get_text()
    assert "类型综合性（编者归类）" in text.replace(" ", "")
    assert "湖南省（据《湖南综述》第三部分）" in text or "（据《" + REGISTRY.sources["hn-2021-zongshu"]["short"] + "》第三部分）" in text
    assert "2015 年（编者推断）" in text
    facts = soup.select_one(".kb-facts")
    labels = [dt.get_text() for dt in facts.find_all("dt")]
    assert "依据说明" in labels
    assert soup.find("b") is None and "<b>编者</b>" in text  # a reason is text, never markup
    assert "单项性" not in soup.select_one(".kb-eyebrow").get_text()
    record = browse.records()[0]
    assert record["kind_by"] == EDITOR and record["kind_label"] == "综合性（编者归类）"
    assert {b["field"] for b in record["basis"]} == {"kind", "place.province", "practice_since"}
    assert ",kind_by," in browse.data_csv().split("\r\n")[0]


def test_without_kind_the_card_prints_no_type(tmp_path):
    folder = tmp_path / "methods" / "hunan"
    folder.mkdir(parents=True)
    (folder / "m.md").write_text(_file("", HEAD.replace("kind: 综合性\n", "")), encoding="utf-8")
    collection = loading.load([str(folder)], str(tmp_path), REGISTRY)
    assert collection.errors == []
    browse = Browse(collection)
    facts = BeautifulSoup(pages.method_page(collection.models[0], browse), "html.parser").select_one(".kb-facts")
    assert "类型" not in [dt.get_text() for dt in facts.find_all("dt")]
    assert browse.records()[0]["kind_label"] == REGISTRY.unclassified


# The real site and books ------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def _page(site, path) -> BeautifulSoup:
    with open(os.path.join(site, path, "index.html"), encoding="utf-8") as handle:
        return BeautifulSoup(handle.read(), "html.parser")


COLLECTION = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY)
MODELS = COLLECTION.models
# Names that may say 工作法: the entries that are 优秀社区工作法, and the source documents.
ALLOWED = sorted({m.name for m in MODELS if m.category == EXCELLENT}
                 | {v for s in REGISTRY.sources.values() for v in (s.get("title"), s.get("short")) if v}, key=len, reverse=True)


def _says_method(text: str) -> list[str]:
    for name in ALLOWED:
        text = text.replace(name, "")
    return re.findall(r".{0,10}工作法", text)


def test_junmen_page_shows_the_editors_classification(site):
    soup = _page(site, "methods/junmen-13335")
    assert "综合性（编者归类）" in soup.select_one(".kb-eyebrow").get_text()
    facts = soup.select_one(".kb-facts").get_text()
    assert "依据说明" in facts and "编者据此归为综合性" in facts


def test_field_reference_lists_basis(site):
    text = _page(site, "reference/fields").get_text()
    assert "basis" in text and "依据说明" in text
    for fieldname in REGISTRY.basis_fields:
        assert fieldname in text


@pytest.mark.parametrize("method", [m for m in MODELS if m.category != EXCELLENT], ids=lambda m: m.slug)
def test_no_page_calls_an_entry_a_work_method_unless_it_is_one(site, method):
    soup = _page(site, f"methods/{method.slug}")
    card = soup.select_one(".kb-head").get_text() + soup.select_one(".kb-card").get_text()
    assert _says_method(card) == []
    index = _page(site, "methods")
    row = next(tr for tr in index.select("tr") if tr.find("a", href=re.compile(rf"{method.slug}/$")))
    assert _says_method(row.get_text()) == []


def test_no_index_page_calls_entries_work_methods(site):
    for folder in ("provinces", "themes"):
        for name in os.listdir(os.path.join(site, folder)):
            if os.path.isdir(os.path.join(site, folder, name)):
                article = _page(site, f"{folder}/{name}").select_one("article")
                assert _says_method(article.get_text()) == [], f"{folder}/{name}"
    assert _says_method(_page(site, "methods").select_one("h1").get_text()) == []


def test_filters_and_theme_pages_show_the_editors_classification(site):
    theme = _page(site, "themes/xieshang").select_one("article").get_text()
    assert f"{REGISTRY.focused_kind}（编者归类）" in theme
    assert REGISTRY.unclassified in theme
    with open(os.path.join(site, "data", "methods.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    by_slug = {m["slug"]: m for m in data["methods"]}
    assert by_slug["junmen-13335"]["kind_label"] == "综合性（编者归类）"
    assert by_slug["nanan-sanshifenliu"]["kind"] == "" and by_slug["nanan-sanshifenliu"]["kind_label"] == REGISTRY.unclassified
    assert len(data["methods"]) == len(MODELS)  # none lost for want of a kind


def test_books_name_entries_by_their_category():
    books = _real_books()
    by_slug = {m.slug: m for m in MODELS}
    for book in books:
        html = printing.book_html(book, COLLECTION)
        soup = BeautifulSoup(html, "html.parser")
        cover = soup.select_one(".cover-count").get_text()
        categories = {by_slug[s].category for s in book.slugs}
        for category in categories:
            assert category in cover
        if categories != {EXCELLENT}:
            assert "社区工作法" not in cover.replace(EXCELLENT, "")
        for slug in book.slugs:
            chapter = soup.select_one(f"#ch-{slug}")
            facts = chapter.select_one("table.facts")
            rows = {tr.th.get_text(): tr.td.get_text() for tr in facts.select("tr")}
            method = by_slug[slug]
            if method.kind:
                assert rows["类型"].startswith(method.kind) and "（编者归类）" in rows["类型"]
                assert "依据说明" in rows
            else:
                assert "类型" not in rows
            if method.category != EXCELLENT:
                assert _says_method(facts.get_text()) == [], slug
    shida = next(b for b in books if b.slug == "2014-shida")
    cover = BeautifulSoup(printing.book_html(shida, COLLECTION), "html.parser").select_one(".cover-count").get_text()
    assert cover == f"收录{REGISTRY.categories[1]} {len(shida.slugs)} 篇"


def _real_books():
    found, problems = book_checks.load([os.path.join(ROOT, "collections")], COLLECTION, indexes.entries(COLLECTION), ROOT)
    assert problems == []
    return found
