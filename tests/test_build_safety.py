"""A build never dies half-way and never leaves a broken or empty site: bodies the renderer
cannot take are refused at their line before anything is rendered; whatever fails after
MkDocs starts writing, the previous site stays as it was; and one run names the problems of
every method file and every collection file."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import ROOT, build, check, snapshot

YUNTANG = os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md")
# Each line one level deeper (by one space: 1,000 levels fit in a file's 1 MB), and 2,000
# levels on one line (“- - - …”).
DEEP_LIST = "\n".join(" " * i + "- 一层" for i in range(1000))
DEEP_LINE = "- " * 2000 + "一行"


def _method(folder, name: str, body: str) -> str:
    """A copy of a real method under a new file name, with ``body`` added at the end of its body."""
    path = os.path.join(folder, "hunan", name)
    with open(YUNTANG, encoding="utf-8") as handle:
        text = handle.read().replace("name: 云塘社区“四小四大”工作法", f"name: 测试方法{name[:-3]}")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n" + body + "\n")
    return path


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("safety")
    methods = base / "methods"
    shutil.copytree(os.path.join(ROOT, "methods"), methods)
    site = base / "site"
    result = build(site, methods_dir=methods)
    assert result.returncode == 0, result.stderr
    return base, methods, site


@pytest.mark.parametrize("before", ["", "[一个链接](https://www.mca.gov.cn/)\n\n"], ids=["plain", "after-a-link"])
def test_a_deeply_nested_body_is_refused_at_its_line(tmp_path, before):
    methods = tmp_path / "methods"
    (methods / "hunan").mkdir(parents=True)
    path = _method(methods, "deep.md", before + DEEP_LIST)
    result = check(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    # The 21st level is the first past the limit of 20.
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(" " * 20 + "- "))
    assert f"deep.md:{line}: 正文: 正文嵌套太深" in result.stdout, result.stdout


@pytest.mark.parametrize("body", [
    DEEP_LINE,
    ">" * 2000 + " 引用",
    "<div markdown>\n" * 300 + "文字\n" + "</div>\n" * 300,
    "\n".join("    " * i + "!!! note" for i in range(300)),
    "**甲 " * 500 + "乙" + " 丙**" * 500,
], ids=["one-line", "quotes", "divs", "notes", "emphasis"])
def test_every_kind_of_deep_nesting_is_refused(tmp_path, body):
    (tmp_path / "hunan").mkdir()
    result = check(_method(tmp_path, "deep.md", body))
    assert result.returncode == 1
    assert "正文嵌套太深" in result.stdout, result.stdout + result.stderr[-2000:]


def test_a_deep_body_stops_the_build_and_keeps_the_site(good_site):
    base, methods, site = good_site
    before = snapshot(site)
    path = _method(methods, "deep.md", DEEP_LIST)
    try:
        result = build(site, methods_dir=methods)
    finally:
        os.remove(path)
    assert result.returncode == 1
    assert "正文嵌套太深" in result.stderr and "RecursionError" not in result.stderr
    assert snapshot(site) == before


def test_a_build_failing_after_writing_leaves_the_previous_site(good_site):
    """A dead link in a body passes the checks but fails a strict build at its very end,
    after every page was written: the site folder is still the previous build's."""
    base, methods, site = good_site
    before = snapshot(site)
    path = _method(methods, "dead-link.md", "## 启示\n\n见[另一页](../no-such-page.md)。")
    try:
        assert check(path).returncode == 0
        result = build(site, methods_dir=methods, quiet=False)  # -q would hide the warnings from strict mode
    finally:
        os.remove(path)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert snapshot(site) == before
    assert [name for name in os.listdir(base) if ".building-" in name or ".old-" in name] == []


def test_a_good_build_replaces_the_site(good_site):
    base, methods, site = good_site
    stale = site / "stale.txt"
    stale.write_text("上一次构建留下的文件", encoding="utf-8")
    result = build(site, methods_dir=methods)
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and (site / "index.html").exists()
    assert [name for name in os.listdir(base) if ".building-" in name or ".old-" in name] == []


def test_one_build_names_the_problems_of_methods_and_collections(tmp_path):
    methods, collections = tmp_path / "methods", tmp_path / "collections"
    (methods / "hunan").mkdir(parents=True)
    collections.mkdir()
    shutil.copy(YUNTANG, methods / "hunan")
    (methods / "hunan" / "broken.md").write_text("---\nname: 缺字段的方法\n---\n", encoding="utf-8")
    (collections / "broken.yml").write_text("title: 没有编印单位的选编\n", encoding="utf-8")
    result = build(tmp_path / "site", methods_dir=methods, env={"KB_COLLECTIONS_DIR": str(collections)})
    assert result.returncode == 1
    assert "broken.md:" in result.stderr and "broken.yml:" in result.stderr, result.stderr
    assert "方法文件未通过检查" in result.stderr and "选编文件未通过检查" in result.stderr
    assert not (tmp_path / "site").exists()
