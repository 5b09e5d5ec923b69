"""Generator-neutral: ``scripts/generate.py OUT`` writes every page as plain files, and MkDocs
with no hooks at all builds from OUT the same pages as the hook does (the search index aside,
which the hook makes from the rendered pages)."""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build, run


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
    result = run(sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(base / "mkdocs.yml"), "-d", str(plain))
    assert result.returncode == 0, result.stdout + result.stderr
    return hooked, plain, out


def test_the_generated_folder_holds_every_page_as_plain_markdown(sites):
    _, _, out = sites
    page = (out / "methods" / "junmen-13335.md").read_text(encoding="utf-8")
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
