"""Zensical, which runs no hooks, builds the site from the plain files (``kb-generate OUT``) with
mkdocs.yml's settings: every page MkDocs writes, and on each the same title, text, links and
meta tags as the hook's build; our data, scripts and search index byte for byte; and the search
works in a real browser. Zensical resolves relative links in raw HTML against the page's source
file, MkDocs against its URL: a method page is its folder's index page (methods/<slug>/index.md),
so the two agree."""

from __future__ import annotations

import os
import re
import sys
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Site, build, run

ZENSICAL = os.path.join(os.path.dirname(sys.executable), "zensical")
SHARED = ("og:title", "og:description", "og:type", "og:url", "description")


def _files(site) -> dict[str, str]:
    return {os.path.relpath(os.path.join(folder, name), site): os.path.join(folder, name)
            for folder, _, names in os.walk(site) for name in names}


def _page(path: str) -> tuple:
    """A page's title, its article's text (whitespace-normalised) and links, and its meta tags."""
    soup = BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")
    article = soup.select_one("article")
    for tag in article.find_all(["script", "style", "template"]):
        tag.decompose()
    # get_text() without a separator: Zensical highlights code blocks in spans, MkDocs does not.
    text = re.sub(r"\s+", " ", article.get_text()).strip()
    links = [a["href"] for a in article.find_all("a", href=True)]
    meta = {key: tag.get("content") for tag in soup.find_all("meta")
            if (key := tag.get("name") or tag.get("property")) in SHARED}
    return soup.title.get_text(), text, links, meta


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("zensical")
    hooked = base / "hooked"
    result = build(hooked)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run(sys.executable, os.path.join("scripts", "generate.py"), str(base / "pages"))
    assert result.returncode == 0, result.stdout + result.stderr
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = handle.read()
    assert "\nhooks:\n  - hooks/kb.py\n" in config
    # Zensical takes docs_dir and site_dir relative to the config file.
    config = config.replace("\nhooks:\n  - hooks/kb.py\n", "\n").replace("docs_dir: docs", "docs_dir: pages")
    config = config.replace("custom_dir: overrides", f"custom_dir: {os.path.join(ROOT, 'overrides')}")
    (base / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run(ZENSICAL, "build", "--strict", "-f", str(base / "mkdocs.yml"), cwd=str(base))
    assert result.returncode == 0, result.stdout + result.stderr
    return hooked, base / "site"


def test_zensical_is_installed():
    version = run(ZENSICAL, "--version")
    assert version.returncode == 0 and "0.0.73" in version.stdout, version.stdout + version.stderr


def test_zensical_writes_every_page(both_sites):
    hooked, zensical = (_files(site) for site in both_sites)
    pages = sorted(p for p in hooked if p.endswith(".html"))
    assert [p for p in pages if p not in zensical] == []
    assert os.path.join("methods", "junmen-13335", "index.html") in zensical


def test_every_page_shows_the_same_title_text_links_and_meta(both_sites):
    hooked, zensical = (_files(site) for site in both_sites)
    pages = sorted(p for p in hooked if p.endswith(".html") and p in zensical)
    assert len(pages) > 100
    differences = []
    for page in pages:
        for name, mine, theirs in zip(("标题", "文字", "链接", "meta"), _page(hooked[page]), _page(zensical[page])):
            if mine != theirs:
                differences.append(f"{page}：{name}不同：MkDocs {str(mine)[:300]} / Zensical {str(theirs)[:300]}")
    assert differences == [], "\n".join(differences)
    # Real pages were compared: a method page's card links up to its province, the home page's meta.
    title, _, links, meta = _page(zensical[os.path.join("methods", "junmen-13335", "index.html")])
    assert title.startswith("军门社区工作法") and "../../provinces/fujian/" in links
    assert meta["og:description"].startswith("军门社区工作法用“13335”概括")
    assert _page(zensical["index.html"])[3]["og:title"] == "优秀社区工作法知识库"


def test_our_data_scripts_and_search_index_are_the_same(both_sites):
    hooked, zensical = (_files(site) for site in both_sites)
    ours = [p for p in hooked if p.startswith(("data" + os.sep, "search" + os.sep)) and not p.endswith(".html")]
    ours += [os.path.join("assets", name) for name in os.listdir(os.path.join(ROOT, "docs", "assets"))]
    assert os.path.join("search", "index.js") in ours and os.path.join("data", "methods.json") in ours
    differ = [p for p in ours if p not in zensical or open(hooked[p], "rb").read() != open(zensical[p], "rb").read()]
    assert differ == []


@pytest.fixture(scope="module")
def zensical_site(both_sites):
    from browser import chromium, chromium_path, serve_site

    assert chromium_path(), "需要 Debian 的 chromium：运行 make test 会自动安装"
    with serve_site(str(both_sites[1])) as base, chromium() as browser:
        yield Site(base, browser)


@pytest.mark.parametrize("query,title", [("13335", "军门社区工作法"), ("sanshifenliu", "“三事分流”社区治理创新")])
def test_search_works_on_the_zensical_site(zensical_site, query, title):
    with zensical_site.open("/themes/") as page:
        page.locator(".kb-search__input").type(query)
        page.wait_for_function("q => document.querySelector('.kb-search__input').value === q && "
                               "document.querySelector('.kb-search__status').textContent.startsWith('找到')", arg=query)
        first = page.locator(".kb-search__results li").first.locator(".kb-search__title")
        assert first.inner_text() == title
        first.click()
        page.wait_for_selector("article h1")
        assert page.locator("article h1").inner_text().startswith(title)
    with zensical_site.open("/search/?q=" + quote(query)) as page:
        page.wait_for_function("/^找到/.test(document.querySelector('.kb-results__count').textContent)")
        assert title in page.locator(".kb-results__list").inner_text()
