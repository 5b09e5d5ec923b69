"""ProperDocs, the maintained MkDocs 1.x fork, builds the same site from mkdocs.yml as MkDocs does:
the same files, and on every page the same text, links and meta tags."""

from __future__ import annotations

import os
import re
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import build, run

PROPERDOCS = os.path.join(os.path.dirname(sys.executable), "properdocs")
# Not what a reader sees: scripts and styles are compared as links (src/href) and as files.
HIDDEN = ("script", "style", "template")
LINK_ATTRIBUTES = ("href", "src", "srcset", "action", "data", "poster")


def _files(site) -> dict[str, str]:
    """Every file of a site: relative path → absolute path."""
    return {os.path.relpath(os.path.join(folder, name), site): os.path.join(folder, name)
            for folder, _, names in os.walk(site) for name in names}


def _page(path: str) -> tuple[str, list[tuple], dict[str, str]]:
    """A page's visible text (whitespace-normalised), its links in order, and its meta tags."""
    soup = BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")
    links = [(tag.name, attribute, tag[attribute]) for tag in soup.find_all(True)
             for attribute in LINK_ATTRIBUTES if tag.has_attr(attribute)]
    meta = {tag.get("name") or tag.get("property") or tag.get("charset") or tag.get("http-equiv") or "": tag.get("content") or ""
            for tag in soup.find_all("meta")}
    # The generator tag names the program and its version by design
    # ("mkdocs-1.6.1, mkdocs-material-9.8.1" against "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"):
    # only the theme part, which both builds must share, is compared.
    if "generator" in meta:
        meta["generator"] = ", ".join(part for part in meta["generator"].split(", ") if "material" in part)
    for tag in soup.find_all(HIDDEN):
        tag.decompose()
    text = re.sub(r"\s+", " ", soup.get_text(" ")).strip()
    return text, links, meta


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory):
    folder = tmp_path_factory.mktemp("properdocs")
    properdocs, mkdocs = folder / "properdocs", folder / "mkdocs"
    # properdocs reads mkdocs.yml when there is no properdocs.yml, and runs the hook (hooks/kb.py) as MkDocs does.
    result = run(PROPERDOCS, "build", "--strict", "-d", str(properdocs))
    assert result.returncode == 0, result.stdout + result.stderr
    result = build(mkdocs)
    assert result.returncode == 0, result.stdout + result.stderr
    return _files(properdocs), _files(mkdocs)


def test_properdocs_is_installed_beside_mkdocs():
    version = run(PROPERDOCS, "--version")
    assert version.returncode == 0, version.stderr
    assert "1.6.7" in version.stdout
    mkdocs = run(sys.executable, "-m", "mkdocs", "--version")
    assert mkdocs.returncode == 0 and "1.6.1" in mkdocs.stdout, mkdocs.stdout + mkdocs.stderr


def test_properdocs_writes_the_same_files(both_sites):
    properdocs, mkdocs = both_sites
    only_properdocs, only_mkdocs = sorted(set(properdocs) - set(mkdocs)), sorted(set(mkdocs) - set(properdocs))
    assert (only_properdocs, only_mkdocs) == ([], []), f"只有 ProperDocs 写出：{only_properdocs}；只有 MkDocs 写出：{only_mkdocs}"
    assert os.path.join("methods", "junmen-13335", "index.html") in properdocs
    assert os.path.join("search", "index.js") in properdocs


def test_every_page_shows_the_same_text_links_and_meta(both_sites):
    properdocs, mkdocs = both_sites
    pages = sorted(p for p in properdocs if p.endswith(".html") and p in mkdocs)
    assert len(pages) > 50
    differences = []
    for page in pages:
        (text, links, meta), (text_mk, links_mk, meta_mk) = _page(properdocs[page]), _page(mkdocs[page])
        if text != text_mk:
            at = next((i for i, (a, b) in enumerate(zip(text, text_mk)) if a != b), min(len(text), len(text_mk)))
            differences.append(f"{page}：文字不同，从第 {at} 个字起：ProperDocs “{text[at:at + 60]}” / MkDocs “{text_mk[at:at + 60]}”")
        if links != links_mk:
            differences.append(f"{page}：链接不同：只在 ProperDocs 中 {sorted(set(links) - set(links_mk))[:5]}，"
                               f"只在 MkDocs 中 {sorted(set(links_mk) - set(links))[:5]}"
                               + ("（顺序不同）" if set(links) == set(links_mk) else ""))
        if meta != meta_mk:
            differences.append(f"{page}：meta 不同：ProperDocs {meta} / MkDocs {meta_mk}")
    assert differences == [], "\n".join(differences)
    # The comparison saw real pages: the home page's text and the method pages' links.
    assert "优秀社区工作法" in _page(properdocs["index.html"])[0]
    method_links = _page(properdocs[os.path.join("methods", "index.html")])[1]
    assert any(value.endswith("junmen-13335/") for _, _, value in method_links)


def test_every_other_file_is_the_same(both_sites):
    # Data, the search index, the sitemap, styles and scripts: byte for byte.
    properdocs, mkdocs = both_sites
    others = sorted(p for p in properdocs if not p.endswith(".html") and p in mkdocs)
    assert os.path.join("data", "methods.json") in others
    differ = [p for p in others if open(properdocs[p], "rb").read() != open(mkdocs[p], "rb").read()]
    assert differ == [], f"内容不同的文件：{differ}"
