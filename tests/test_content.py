"""The content keeps the project's promises: figures come from the cited sources,
and the forewords are written in our own words (method files: tests/test_copying.py)."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from conftest import ROOT
from methodkb.checks import copying, loading
from methodkb.model.registry import SOURCES_DIR, Registry

REGISTRY = Registry.load()
METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).methods
pytestmark = pytest.mark.skipif(not os.path.isdir(SOURCES_DIR), reason="../shared/sources/ 不在仓库旁")

SPACE = re.compile(r"\s+")


def source_text(key: str) -> str:
    """A source's text; for one known only by its address (a news report, not in SOURCES_DIR),
    what sources.yml records of it: its id, title, date, address and summary."""
    entry = REGISTRY.sources[key]
    name = entry.get("file")
    if not name:
        return SPACE.sub("", " ".join([key] + [str(v) for v in entry.values()]))
    with open(os.path.join(SOURCES_DIR, name), encoding="utf-8") as handle:
        return SPACE.sub("", handle.read())


def page_text(method) -> str:
    """The file's text without the front matter's comments (a scaffold's help for editors, with
    its examples: 13335, 365 …), which no page shows."""
    with open(method.abs_path, encoding="utf-8") as handle:
        _, header, body = handle.read().split("---\n", 2)
    header = "\n".join(line for line in header.splitlines() if not line.lstrip().startswith("#"))
    return SPACE.sub("", header + body)


def cited(method) -> str:
    """The method's sources, and those of the lists it is on (which say the list's year)."""
    lists = [REGISTRY.lists[m["list"]]["source"] for m in method.meta.get("lists") or ()]
    return "".join(source_text(key) for key in [s["id"] for s in method.meta["sources"]] + lists)


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.slug)
def test_every_figure_is_in_a_cited_source(method):
    sources = cited(method)
    text = page_text(method)
    # Numbers of two or more digits: years, counts, percentages, formulas.
    invented = sorted({n for n in re.findall(r"\d{2,}", text) if n not in sources})
    assert not invented, f"{method.display_path}: 这些数字在所引来源中找不到：{invented}"


COLLECTIONS = sorted(os.listdir(os.path.join(ROOT, "collections")))


@pytest.mark.parametrize("name", COLLECTIONS)
def test_a_collections_foreword_states_only_figures_from_the_sources_in_its_own_words(name):
    with open(os.path.join(ROOT, "collections", name), encoding="utf-8") as handle:
        written = yaml.safe_load(handle)["foreword"]
    foreword = SPACE.sub("", written)
    everything = "".join(source_text(key) for key in REGISTRY.sources)
    invented = sorted({n for n in re.findall(r"\d{2,}", foreword) if n not in everything})
    assert not invented, f"{name}: 这些数字在来源中找不到：{invented}"
    # The copy check of method files (methodkb.checks.copying), on the foreword as on a summary.
    runs = copying.runs({"summary": written}, "", copying.read_sources(SOURCES_DIR, REGISTRY))
    assert not runs or runs[0].length <= copying.LIMIT, f"{name}: 与来源原文连续相同 {runs[0].length} 字：{runs[0].text}"
