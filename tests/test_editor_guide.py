"""The 编写指南 page, the pull-request workflow, its template and the pre-commit hook."""

from __future__ import annotations

import os
import re
import sys

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, run
from methodkb.site import guide
from methodkb.checks import schema
from methodkb.model.registry import Registry


def guide_soup(site):
    return BeautifulSoup((site / "guide" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_guide_explains_every_field_from_the_schema(built_site):
    soup = guide_soup(built_site)
    codes = {code.get_text() for code in soup.select("table code")}
    registry = Registry.load()
    for row in schema.field_rows(registry.fields):
        assert row["key"] in codes, row["key"]
    assert "编写指南" in [a.get_text(strip=True) for a in soup.select("nav a")]
    text = soup.get_text()
    for command in ("python scripts/new_method.py", "python scripts/import_batch.py", "python scripts/check.py --fix",
                    "python scripts/export_form.py"):
        assert command in text, command
    assert "做法须有 2 年以上的实践" in text and "每省不超过 5 个" in text  # the 2018 list's rules, from lists.yml
    assert "县(市、区)" in text  # an import header from data/import_headers.yml


def test_each_example_shows_the_message_the_checks_really_give(built_site):
    soup = guide_soup(built_site)
    blocks = [pre.get_text() for pre in soup.select("pre")]
    examples, six_bad = guide.examples(Registry.load())
    for example in examples:
        errors = [m for m in example["messages"] if "警告" not in m]
        assert errors, f"{example['title']}: the example no longer has an error"
        assert any(all(m in block for m in example["messages"]) for block in blocks), example["title"]
        assert not any("shili.md:1: 文件名" in m for m in example["messages"])  # only the mistake shown
    assert any("characteristics.民生性: 与“群众性”的说明几乎相同" in m for m in six_bad["messages"])
    # Every bad statement is reported as stock phrases, and the page shows those messages.
    text = soup.get_text()
    for name, statement in six_bad["characteristics"].items():
        stock = [m for m in six_bad["messages"] if f"characteristics.{name}: “{statement}”" in m and "套话" in m]
        assert stock and all(m in text for m in stock), name
    assert "坚持以人民为中心，充分调动群众积极性。" in soup.get_text()
    # The good example is a real method's statements, linked to its page.
    assert soup.find("a", href=re.compile(r"methods/junmen-13335/?$"))


def _workflow(name):
    with open(os.path.join(ROOT, ".github", "workflows", name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_the_guide_lists_the_stock_phrases_the_check_knows(built_site):
    rows = {tr.select("td")[0].get_text(): tr.select("td")[1].get_text()
            for tr in guide_soup(built_site).select("table tr") if len(tr.select("td")) == 2}
    with open(os.path.join(ROOT, "methodkb", "data", "stock_phrases.yml"), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    listed = {phrase: reason for phrases, reason in rows.items() for phrase in phrases.split("、")}
    for entry in data["phrases"]:
        assert listed.get(entry["phrase"]) == entry["reason"], entry["phrase"]
    assert listed.get("具有××性") == data["patterns"][0]["reason"]


def test_pull_requests_run_the_checks_and_the_tests():
    workflow = _workflow("test.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    steps = [step.get("run") for step in workflow["jobs"]["test"]["steps"]]
    assert {"make check", "make test", "make pdf"} <= set(steps)
    assert workflow["jobs"]["test"]["container"].startswith("python:3.11-bookworm")


def test_main_is_published_to_pages():
    workflow = _workflow("pages.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    build = [s.get("run") for s in workflow["jobs"]["build"]["steps"]]
    # The offline edition first, then the site with the PDFs, linking that zip from the home page.
    assert build.index("make offline") < build.index("KB_OFFLINE_ZIP=dist/shequ-gongzuofa-offline.zip make pdf")
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_the_check_marks_lines_in_a_pull_request():
    result = run(sys.executable, "scripts/check.py", "tests/broken/province.md", env={"GITHUB_ACTIONS": "true"})
    assert "::error file=tests/broken/province.md,line=5,title=place.province::“湖南” 不是省级行政区名称" in result.stdout


def test_the_pull_request_template_has_the_editors_checklist():
    text = open(os.path.join(ROOT, ".github", "pull_request_template.md"), encoding="utf-8").read()
    assert text.count("- [ ]") >= 5
    assert "python scripts/check.py" in text


def test_pre_commit_checks_changed_method_and_collection_files():
    with open(os.path.join(ROOT, ".pre-commit-config.yaml"), encoding="utf-8") as handle:
        hook = yaml.safe_load(handle)["repos"][0]["hooks"][0]
    files = re.compile(hook["files"])
    assert files.search("methods/fujian/junmen-13335.md") and files.search("collections/hunan.yml")
    assert not files.search("docs/index.md") and not files.search("tests/broken/province.md")
    # pre-commit runs the entry with the changed files as arguments.
    entry = hook["entry"].split()
    assert entry[0] == ".venv/bin/python"
    result = run(sys.executable, *entry[1:], "tests/broken/province.md")
    assert result.returncode == 1 and "tests/broken/province.md:5: place.province:" in result.stdout
