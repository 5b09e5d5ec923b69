"""Generator-neutral: ``scripts/generate.py OUT`` writes every page as plain files, and MkDocs
with no hooks at all builds from OUT the same pages as the hook does, and the same search
index: ``write`` makes search/index.js from the Markdown pages (methodkb/search/plain.py), the
hook from the pages MkDocs rendered, and the two are the same."""

from __future__ import annotations

import json
import os
import shutil
import sys
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Site, build, run

from methodkb.search import index as search
from methodkb.search import plain


def _pages(site) -> dict[str, tuple[list[str], list[str]]]:
    """Each page's visible text (lines) and link targets, in its content and header."""
    out = {}
    for folder, _, names in os.walk(site):
        for name in names:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    soup = BeautifulSoup(handle, "html.parser")
                for element in soup(["script", "style"]):
                    element.decompose()
                shown = [soup.find("title")] + soup.select("article, .md-header")
                text = [line.strip() for part in shown if part for line in part.get_text("\n").split("\n") if line.strip()]
                links = sorted(a["href"] for part in shown if part for a in part.find_all("a", href=True))
                out[os.path.relpath(path, site)] = (text, links)
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("plain")
    hooked = base / "hooked"
    assert build(hooked).returncode == 0
    out = base / "pages"
    result = run(sys.executable, os.path.join("scripts", "generate.py"), str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = handle.read()
    assert "\nhooks:\n  - hooks/kb.py\n" in config
    config = config.replace("\nhooks:\n  - hooks/kb.py\n", "\n").replace("docs_dir: docs", f"docs_dir: {out}")
    config = config.replace("custom_dir: overrides", f"custom_dir: {os.path.join(ROOT, 'overrides')}")
    (base / "mkdocs.yml").write_text(config, encoding="utf-8")
    plain = base / "plain"
    result = run(sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(base / "mkdocs.yml"), "-d", str(plain))
    assert result.returncode == 0, result.stdout + result.stderr
    return hooked, plain, out


def test_the_generated_folder_holds_every_page_as_plain_markdown(sites):
    _, _, out = sites
    page = (out / "methods" / "junmen-13335" / "index.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "军门社区工作法"\ndescription: "军门社区工作法用“13335”概括')
    assert '\ntemplate: method.html\n---\n' in page
    assert "基本信息" in page and "## 背景" in page
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "{{" not in home and "{%" not in home  # the figures are filled in


def test_a_build_without_hooks_shows_the_same_pages(sites):
    hooked, plain, _ = sites
    one, other = _pages(hooked), _pages(plain)
    assert sorted(one) == sorted(other)
    differing = {page: (one[page], other[page]) for page in one if one[page] != other[page]}
    assert differing == {}
    assert (hooked / "search" / "index.js").exists() and (plain / "data" / "methods.json").exists()


def _index(site) -> dict:
    text = (site / "search" / "index.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))


def test_the_plain_site_has_the_hooks_search_index(sites):
    hooked, plain_site, out = sites
    assert (out / "search" / "index.js").is_file()  # copied by the generator as a static file
    one, other = _index(hooked), _index(plain_site)
    # The same documents, in the same order: every method, index page and other page.
    assert [d[0] for d in other["docs"]] == [d[0] for d in one["docs"]]
    assert "methods/junmen-13335/" in [d[0] for d in other["docs"]] and "./" in [d[0] for d in other["docs"]]
    assert other["docs"] == one["docs"]  # titles (the nav's among them), snippets, places, formulas
    # The page texts are the same, so every term leads to the same documents with the same scores.
    assert other["terms"] == one["terms"]
    assert other == one
    expected = {"军门": "methods/junmen-13335/", "13335": "methods/junmen-13335/", "三事分流": "methods/nanan-sanshifenliu/"}
    assert {term: (_best(one, term), _best(other, term)) for term in expected} == {t: (u, u) for t, u in expected.items()}


def _best(index: dict, term: str) -> str:
    """The method a term scores highest (the first of them on a tie)."""
    scored = [(score, -number) for number, score in search.decode(index["terms"][search.normalise(term)])
              if index["docs"][number][2] == "method"]
    return index["docs"][-max(scored)[1]][0]


@pytest.fixture(scope="module")
def plain_site(sites):
    from browser import chromium, chromium_path, serve_site

    assert chromium_path(), "需要 Debian 的 chromium：运行 make test 会自动安装"
    with serve_site(str(sites[1])) as base, chromium() as browser:
        yield Site(base, browser)


@pytest.mark.parametrize("query,title", [("13335", "军门社区工作法"), ("三事分流", "“三事分流”社区治理创新"),
                                         ("军门", "军门社区工作法")])
def test_search_works_on_the_plain_site(plain_site, query, title):
    with plain_site.open("/methods/") as page:
        box = page.locator(".kb-search__input")
        box.type(query)
        page.wait_for_function("q => document.querySelector('.kb-search__input').value === q && "
                               "document.querySelector('.kb-search__status').textContent.startsWith('找到')", arg=query)
        assert page.locator(".kb-search__results li").first.locator(".kb-search__title").inner_text() == title
    # The results page (search/) loads the same index from the same place.
    with plain_site.open("/search/?q=" + quote(query)) as page:
        page.wait_for_function("/^找到/.test(document.querySelector('.kb-results__count').textContent)")
        assert title in page.locator(".kb-results__list").inner_text()


def test_the_page_texts_follow_mkdocs():
    assert [plain.page_url(u) for u in ("index.md", "methods/junmen-13335.md", "themes/index.md", "reference/fields.md")] \
        == ["./", "methods/junmen-13335/", "themes/", "reference/fields/"]
    render = plain.Renderer()
    page = "---\ntitle: \"甲 &amp; 乙\"\nkb_template: true\n---\n\n# 标题\n\n| 列 |\n|---|\n| 格 |\n\n```yaml\nname: x\n```\n"
    assert render.page("a.md", page) == ("甲 & 乙", "标题 列 格 name: x")
    assert render.page("a.md", page, nav_title="导航") == ("导航", "标题 列 格 name: x")
    assert render.page("a.md", "# 第一 *行*\n\n正文\n{: .x }\n") == ("第一 行", "第一 行 正文")  # the permalink left out
    assert render.page("b/some_page.md", "正文\n\n# 不在最前\n")[0] == "Some page"
    assert render.page("x.md", "<!-- kb:body -->\n\n正文\n\n<!-- kb:related -->\n相关", lambda h: h.partition("<!-- kb:body -->")[2]
                       .partition("<!-- kb:related -->")[0]) == ("X", "正文")
    assert plain.nav_titles([{"首页": "index.md"}, "criteria.md", {"组": [{"甲": "a/index.md"}]}, {"外": "https://x.cn/"}]) \
        == {"index.md": "首页", "a/index.md": "甲"}


def test_the_extensions_are_those_of_mkdocs_yml():
    from mkdocs.utils.yaml import yaml_load

    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = yaml_load(handle)
    named = {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}
    assert set(plain.EXTENSIONS) == named | {"toc", "tables", "fenced_code"}  # MkDocs always adds these three


GENERATE = "import sys; from methodkb.commands import generate; sys.exit(generate.main(sys.argv[2:], root=sys.argv[1]))"


def test_generate_writes_nothing_when_a_file_has_an_error(tmp_path):
    project = tmp_path / "kb"
    for name in ("docs", "methods", "collections"):
        shutil.copytree(os.path.join(ROOT, name), project / name)
    (project / "methods" / "hunan" / "broken.md").write_text("---\nname: 缺字段的方法\n---\n", encoding="utf-8")
    (project / "collections" / "broken.yml").write_text("title: 没有编印单位的选编\n", encoding="utf-8")
    result = run(sys.executable, "-c", GENERATE, str(project), str(tmp_path / "out"))
    assert result.returncode == 1
    assert "broken.md:" in result.stdout and "broken.yml:" in result.stdout and "没有写文件" in result.stdout
    assert not (tmp_path / "out").exists()


def test_generate_keeps_jiebas_clauses_for_the_next_run(tmp_path, sites):
    # The plain path cuts clauses once, as the hook does: the second run reads them from the cache.
    cache = tmp_path / "cache"
    for out in ("first", "second"):
        result = run(sys.executable, os.path.join("scripts", "generate.py"), str(tmp_path / out), env={"KB_CACHE_DIR": str(cache)})
        assert result.returncode == 0, result.stdout + result.stderr
        assert (cache / "search-clauses.sqlite").is_file()
    index = [(tmp_path / out / "search" / "index.js").read_bytes() for out in ("first", "second")]
    assert index[0] == index[1] == (sites[2] / "search" / "index.js").read_bytes()
