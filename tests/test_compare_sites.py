"""bench/compare_sites.py: two builds of one tree compare as identical, and an altered copy of a
built site is reported page by page, part by part, record by record."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys

import pytest

from methodkb.search.index import decode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import compare_sites  # noqa: E402

METHOD = "methods/xicheng-xieshanggongzhi/index.html"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The working tree built twice, at the same time, by the script itself (its build path:
    PYTHONPATH, a fresh cache, no KB_* variables); both kept. Returns (base, head, output)."""
    keep = tmp_path_factory.mktemp("compare")
    result = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "compare_sites.py"),
                             "--base", ROOT, "--head", ROOT, "--keep", str(keep)],
                            capture_output=True, text=True, timeout=600, env=dict(os.environ, KB_PDF="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    return str(keep / "base"), str(keep / "head"), result.stdout


def altered(site: str, tmp_path, name: str = "altered") -> str:
    copy = str(tmp_path / name)
    shutil.copytree(site, copy)
    return copy


def edit(path: str, old: str, new: str, count: int = 1) -> None:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text, (path, old)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, count))


def test_two_builds_of_one_tree_are_identical(sites):
    base, head, output = sites
    assert "页面：" in output and "0 页有差别，0 页只在一边" in output
    assert "data/：4 个文件相同，0 个有差别，0 个只在一边" in output
    assert "搜索索引 search/index.js：两边都有，相同" in output
    # KB_PDF in the caller's environment does not reach the builds: no books in either site
    assert not [f for f in os.listdir(os.path.join(head, "collections")) if f.endswith(".pdf")]
    result = compare_sites.compare(base, head)
    assert result.identical and len(result.categories["pages"].same) > 50


def test_changed_text_removed_page_and_changed_records(sites, tmp_path, capsys):
    base, head, _ = sites
    copy = altered(head, tmp_path)
    page = os.path.join(copy, METHOD)
    edit(page, "健全社情民意收集网络", "健全社情民意收集渠道", count=3)  # the text, its description and og:description
    os.remove(os.path.join(copy, "themes", "xieshang", "index.html"))
    with open(os.path.join(copy, "data", "methods.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    record = next(m for m in data["methods"] if m["slug"] == "xigang-365")
    record["summary"] = "改过的摘要"
    with open(os.path.join(copy, "data", "methods.json"), "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
    edit(os.path.join(copy, "data", "methods.csv"), "社区协商共治机制建设", "社区协商共治机制（改）")

    result = compare_sites.compare(base, copy)
    pages, files = result.categories["pages"], result.categories["data"]
    assert not result.identical
    assert list(pages.differ) == [METHOD]
    content = pages.differ[METHOD]["content"]
    assert any(line.startswith("- ") and "收集网络" in line for line in content)
    assert any(line.startswith("+ ") and "收集渠道" in line for line in content)
    assert pages.only_base == ["themes/xieshang/index.html"] and not pages.only_head
    assert sorted(files.differ) == ["data/methods.csv", "data/methods.json"]
    assert any(line.startswith("methods[xigang-365].summary:") and "改过的摘要" in line
               for line in files.differ["data/methods.json"])
    assert any(line.startswith("rows[xicheng-xieshanggongzhi].name:") for line in files.differ["data/methods.csv"])

    assert compare_sites.main(["--base-site", base, "--head-site", copy]) == 1
    out = capsys.readouterr().out
    assert "1 页有差别，1 页只在一边" in out
    assert "data/：2 个文件相同，2 个有差别，0 个只在一边" in out
    assert "only in base (1): themes/xieshang/index.html" in out


def test_links_and_shared_differences(sites, tmp_path):
    base, head, _ = sites
    copy = altered(head, tmp_path)
    edit(os.path.join(copy, METHOD), 'href="../../sources/', 'href="../../elsewhere/')
    pages = ["index.html", "criteria/index.html", "filter/index.html", "guide/index.html", "sources/index.html"]
    for page in pages:  # an entry of the site's navigation renamed, on several pages
        edit(os.path.join(copy, page), "按名单", "按名单表", count=-1)
    result = compare_sites.compare(base, copy)
    assert "links" in result.categories["pages"].differ[METHOD]
    assert sorted(result.categories["pages"].differ) == sorted(pages + [METHOD])
    out = compare_sites.report(result)
    assert "-- nav: the same difference on 5 pages: " in out  # printed once, not under every page
    assert out.count("+ 按名单表") < len(pages)


def test_what_differs_between_builds_is_ignored(sites, tmp_path):
    base, head, _ = sites
    copy = altered(head, tmp_path)
    # another build date: the gzip header of sitemap.xml.gz, and <lastmod> in sitemap.xml
    sitemap = os.path.join(copy, "sitemap.xml.gz")
    with open(sitemap, "rb") as handle:
        content = gzip.decompress(handle.read())
    with open(sitemap, "wb") as handle:
        handle.write(gzip.compress(content, mtime=86400))
    edit(os.path.join(copy, "sitemap.xml"), "</urlset>", "<url><loc>x</loc><lastmod>2030-01-01</lastmod></url></urlset>")
    base = altered(base, tmp_path, "base")
    edit(os.path.join(base, "sitemap.xml"), "</urlset>", "<url><loc>x</loc><lastmod>2020-01-01</lastmod></url></urlset>")
    # the same records written another way, and a page that looks the same with other bytes
    with open(os.path.join(copy, "data", "methods.json"), encoding="utf-8") as handle:
        data = json.load(handle)
    with open(os.path.join(copy, "data", "methods.json"), "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
    edit(os.path.join(copy, METHOD), "<body", "<!-- another build --><body")
    result = compare_sites.compare(base, copy)
    assert result.identical, compare_sites.report(result)
    assert result.categories["pages"].rewritten == 1
    assert "data/methods.json" in result.categories["data"].notes


def gaps(pairs):
    flat, last = [], 0
    for number, score in pairs:
        flat += (number - last, score)
        last = number
    return flat


def test_search_index_by_url_not_by_position(sites, tmp_path):
    base, head, _ = sites
    copy = altered(head, tmp_path)
    path = os.path.join(copy, "search", "index.js")
    with open(path, encoding="utf-8") as handle:
        name, index = compare_sites.parse_js_json(handle.read())
    order = list(reversed(range(len(index["docs"]))))  # the same documents, reversed
    where = {old: new for new, old in enumerate(order)}
    index["docs"] = [index["docs"][i] for i in order]
    index["terms"] = {t: gaps(sorted((where[d], score) for d, score in decode(p))) for t, p in index["terms"].items()}
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"window.{name}={json.dumps(index, ensure_ascii=False)};")
    assert compare_sites.compare(base, copy).identical
    index["terms"]["社区"][1] += 1
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"window.{name}={json.dumps(index, ensure_ascii=False)};")
    lines = compare_sites.compare(base, copy).categories["search"].differ["search/index.js"]
    assert any(line.startswith("terms[社区][") for line in lines)
    os.remove(path)
    result = compare_sites.compare(base, copy)
    assert result.categories["search"].only_base == ["search/index.js"]
    assert "只在旧的一边" in "\n".join(compare_sites.summary(result))


def test_visible_text_of_a_page():
    html = """<html><head><title>标题 - 站</title><style>p{}</style></head><body>
      <header class="md-header">站名</header>
      <article class="md-content__inner">
        <h1>题目</h1><p>第一句。第二句，<a href="../x/">链接</a>在句中！<script>var hidden = 1;</script></p>
        <table><tr><th>地点</th><td>北京市   西城区</td></tr></table><!-- a comment --><img src="a.png" alt="图">
      </article></body></html>"""
    view = compare_sites.page_view(html.encode())
    assert view.parts["head"] == ["title: 标题 - 站"]
    assert view.parts["header"] == ["站名"]
    assert view.parts["content"] == ["题目", "第一句。", "第二句，链接在句中！", "地点 | 北京市 西城区", "[图]"]
    assert view.links == ["../x/", "img a.png"]


def test_usage_errors(tmp_path, capsys):
    assert compare_sites.main(["--base", "no-such-ref-at-all"]) == 2
    with pytest.raises(SystemExit) as stop:
        compare_sites.main(["--head-site", str(tmp_path)])  # no base
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        compare_sites.main(["--base-site", str(tmp_path / "missing")])
    assert stop.value.code == 2


def test_a_checkout_imports_its_own_methodkb(tmp_path):
    """The editable install in .venv points at the working tree; PYTHONPATH must win."""
    (tmp_path / "methodkb").mkdir()
    (tmp_path / "methodkb" / "__init__.py").write_text("")
    env = compare_sites.build_env(str(tmp_path), str(tmp_path / "cache"), None)
    found = subprocess.run([compare_sites._python(), "-c", "import methodkb; print(methodkb.__file__)"],
                           env=env, cwd=str(tmp_path), capture_output=True, text=True, check=True).stdout.strip()
    assert found == str(tmp_path / "methodkb" / "__init__.py")
    assert not any(k.startswith("KB_") and k != "KB_CACHE_DIR" for k in env)
