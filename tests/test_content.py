"""The content keeps the project's promises: figures come from the cited sources,
and the text is written in our own words, not pasted from them."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from conftest import ROOT
from methodkb.checks import loading
from methodkb.model.registry import SOURCES_DIR, Registry

REGISTRY = Registry.load()
METHODS = loading.load([os.path.join(ROOT, "methods")], ROOT, REGISTRY).methods
pytestmark = pytest.mark.skipif(not os.path.isdir(SOURCES_DIR), reason="../shared/sources/ 不在仓库旁")

QUOTED = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"")
SPACE = re.compile(r"\s+")
LONGEST_SHARED_RUN = 25  # characters of the source's own wording a page may repeat outside quotes


def source_text(key: str) -> str:
    name = REGISTRY.sources[key]["file"]
    with open(os.path.join(SOURCES_DIR, name), encoding="utf-8") as handle:
        return SPACE.sub("", handle.read())


def page_text(method) -> str:
    with open(method.abs_path, encoding="utf-8") as handle:
        return SPACE.sub("", handle.read())


def is_enumeration(run: str) -> bool:
    """A list of names (政策宣讲队、治安巡逻队、…) may stand as the source gives it."""
    return "、" in run and all(len(part) <= 8 for part in run.strip("、，。；").split("、"))


def cited(method) -> str:
    return "".join(source_text(s["id"]) for s in method.meta["sources"])


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.slug)
def test_every_figure_is_in_a_cited_source(method):
    sources = cited(method)
    text = page_text(method)
    # Numbers of two or more digits: years, counts, percentages, formulas.
    invented = sorted({n for n in re.findall(r"\d{2,}", text) if n not in sources})
    assert not invented, f"{method.display_path}: 这些数字在所引来源中找不到：{invented}"


def longest_pasted(text: str) -> str:
    """The longest run of the sources' own wording in ``text`` (outside quotes and name lists)."""
    sources = "".join(source_text(key) for key in REGISTRY.sources)
    text = QUOTED.sub("|", text)
    longest, start = "", 0
    while start + LONGEST_SHARED_RUN <= len(text):
        end = start + LONGEST_SHARED_RUN
        if text[start:end] in sources:
            while end < len(text) and text[start:end + 1] in sources:
                end += 1
            run = text[start:end]
            if not is_enumeration(run):
                longest = max(longest, run, key=len)
            start = end
        else:
            start += 1
    return longest


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.slug)
def test_text_is_not_pasted_from_the_sources(method):
    longest = longest_pasted(page_text(method))
    assert not longest, f"{method.display_path}: 与来源原文连续相同 {len(longest)} 字：{longest}"


COLLECTIONS = sorted(os.listdir(os.path.join(ROOT, "collections")))


@pytest.mark.parametrize("name", COLLECTIONS)
def test_a_collections_foreword_states_only_figures_from_the_sources_in_its_own_words(name):
    with open(os.path.join(ROOT, "collections", name), encoding="utf-8") as handle:
        foreword = SPACE.sub("", yaml.safe_load(handle)["foreword"])
    everything = "".join(source_text(key) for key in REGISTRY.sources)
    invented = sorted({n for n in re.findall(r"\d{2,}", foreword) if n not in everything})
    assert not invented, f"{name}: 这些数字在来源中找不到：{invented}"
    longest = longest_pasted(foreword)
    assert not longest, f"{name}: 与来源原文连续相同 {len(longest)} 字：{longest}"
