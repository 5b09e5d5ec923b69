"""Finding a method by what people call it (methodkb/model/lookup.py), in kb-export-form and in
collection files: the name, the file name, a short name, the name without its quotation marks,
the name in its brackets, pinyin; candidates, with their files, when that is not enough."""

from __future__ import annotations

import dataclasses
import os
import sys

import pytest

from conftest import ROOT, run
from methodkb.checks import books, loading
from methodkb.model.lookup import SHOWN, Finder, explain
from methodkb.site import indexes


@pytest.fixture(scope="module")
def methods():
    return loading.load([os.path.join(ROOT, "methods")], ROOT)


@pytest.fixture(scope="module")
def finder(methods):
    return Finder(methods.models)


@pytest.mark.parametrize("query, slug", [
    ("军门社区工作法", "junmen-13335"),                 # the name
    ("junmen-13335", "junmen-13335"),                  # the file name
    ("methods/fujian/junmen-13335.md", "junmen-13335"),
    ("军门", "junmen-13335"),                          # a short name that fits one method
    ("junmen", "junmen-13335"),                        # pinyin
    ("jun men", "junmen-13335"),
    ("junmenshequgongzuofa", "junmen-13335"),          # the whole name in pinyin
    ("云塘社区四小四大工作法", "yuntang-sixiaosida"),     # without its quotation marks
    ("云塘社区\"四小四大\"工作法", "yuntang-sixiaosida"),  # with straight ones
    ("yuntang", "yuntang-sixiaosida"),
    ("136工作法", "yingshan-yiweisanhuiliubu"),         # the name in brackets after the name
    ("１２３４５", "nanpanling-12345"),                  # full-width digits
])
def test_a_method_is_found_by_what_people_call_it(finder, query, slug):
    match = finder.find(query)
    assert match.method is not None and match.method.slug == slug, explain(query, match, "")


def test_pinyin_is_matched_at_syllable_boundaries(finder):
    # "an" is inside nan, pan, chang … but is no syllable run of one name alone.
    assert finder.find("an").method is None


def test_words_that_fit_several_methods_name_them_with_their_files(finder):
    match = finder.find("六个一")
    assert match.method is None and match.ambiguous
    assert {m.slug for m in match.candidates} == {"nanjing-liugeyi", "dahaiyang-liugeyi"}
    message = explain("六个一", match, "")
    assert message.startswith("“六个一”可指 2 个方法：")
    assert "“六个一”街道中心化改革（methods/jiangsu/nanjing-liugeyi.md）" in message


def test_at_most_a_few_candidates_are_named(finder, methods):
    match = finder.find("社区")
    fitting = [m for m in methods.models if "社区" in m.name]
    assert match.ambiguous and len(match.candidates) == SHOWN and match.more == len(fitting) - SHOWN
    message = explain("社区", match, "")
    assert f"可指 {len(fitting)} 个方法" in message and message.count("（methods/") == SHOWN and "等。" in message


def test_a_misspelling_gets_the_method_it_nearly_names(finder):
    for typo in ("junmen-1335", "军门社区工作发"):
        match = finder.find(typo)
        assert match.method is None and not match.ambiguous
        assert [m.slug for m in match.candidates] == ["junmen-13335"], typo
        assert explain(typo, match, "") == f"找不到方法“{typo}”。是不是军门社区工作法（methods/fujian/junmen-13335.md）？"


def test_words_like_no_method_get_the_advice(finder):
    match = finder.find("不存在的社区工作法")
    assert match.method is None and not match.candidates  # 社区工作法 alone is no ground for a guess
    assert explain("不存在的社区工作法", match, "请写文件名。") == "找不到方法“不存在的社区工作法”。请写文件名。"


def test_a_name_two_methods_share_is_ambiguous(methods):
    one = methods.models[0]
    twin = dataclasses.replace(one, slug="twin", path="methods/x/twin.md")
    match = Finder([one, twin]).find(one.name)
    assert match.ambiguous and {m.slug for m in match.candidates} == {one.slug, "twin"}


# kb-export-form ----------------------------------------------------------------------------


def export(tmp_path, query):
    return run(sys.executable, os.path.join(ROOT, "scripts", "export_form.py"), query, "-o", str(tmp_path / "out.docx"))


@pytest.mark.parametrize("query", ["军门", "junmen", "云塘社区四小四大工作法"])
def test_export_form_finds_the_method_by_what_people_call_it(tmp_path, query):
    result = export(tmp_path, query)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.docx").is_file()


def test_export_form_names_the_candidates(tmp_path):
    result = export(tmp_path, "六个一")
    assert result.returncode == 1
    assert "“六个一”可指 2 个方法：" in result.stderr and "methods/shandong/dahaiyang-liugeyi.md" in result.stderr
    result = export(tmp_path, "junmen-1335")
    assert result.returncode == 1 and "是不是军门社区工作法（methods/fujian/junmen-13335.md）？" in result.stderr
    assert not (tmp_path / "out.docx").exists()


# Collection files ----------------------------------------------------------------------------


def load_collection(tmp_path, methods, items: list[str]):
    lines = "".join(f"  - {item}\n" for item in items)
    (tmp_path / "mine.yml").write_text(
        "title: 自选\ncompiler: 某街道\ndate: 2026年11月\nforeword: 培训用的自选篇目，按讲课的先后顺序排列，供学员课前阅读。\n"
        f"pending: 单独成章\nmethods:\n{lines}", encoding="utf-8")
    return books.load([str(tmp_path)], methods, indexes.entries(methods), ROOT)


def test_a_collection_names_methods_as_people_call_them(tmp_path, methods):
    found, problems = load_collection(tmp_path, methods, ["军门", "云塘社区四小四大工作法", "nanpanling", "136工作法"])
    assert not problems, problems
    assert found[0].slugs == ["junmen-13335", "yuntang-sixiaosida", "nanpanling-12345", "yingshan-yiweisanhuiliubu"]


def test_a_collection_is_told_the_candidates_and_of_a_method_named_twice(tmp_path, methods):
    found, problems = load_collection(tmp_path, methods, ["六个一", "junmen", "军门社区工作法"])
    assert not found
    messages = {p.field: p.message for p in problems}
    assert messages["methods[0]"].startswith("“六个一”可指 2 个方法：") and "nanjing-liugeyi.md" in messages["methods[0]"]
    assert messages["methods[2]"] == "“军门社区工作法”与第 2 项是同一个方法（军门社区工作法），请删去一个。"
    assert [p.line for p in problems] == [7, 9]
