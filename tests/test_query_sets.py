"""The search benchmark's query sets: the cadres' set stays as it was written (issue 21: measured,
never tuned on), and every page a query expects is a page of the built site."""

from __future__ import annotations

import hashlib
import os

import pytest
import yaml

from conftest import ROOT

# The cadres' set as committed before any ranking change; a new set gets a new file.
CADRES_SHA256 = "02480e95ffbd0a336e7a8809dfee5ff6c037d5b18b775d9530e62c41b45d5173"
SETS = ["queries.yml", "queries-cadres.yml"]


def _load(name: str) -> list[dict]:
    with open(os.path.join(ROOT, "bench", name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_the_cadres_set_is_unchanged():
    with open(os.path.join(ROOT, "bench", "queries-cadres.yml"), "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == CADRES_SHA256


def test_the_cadres_set_is_large_enough_and_covers_every_kind():
    queries = _load("queries-cadres.yml")
    assert len(queries) >= 80
    assert len({q["q"] for q in queries}) == len(queries)
    kinds = {q["kind"] for q in queries}
    assert kinds == {"行话", "问句", "错字", "繁体", "全拼", "首字母", "分类"}


@pytest.mark.parametrize("name", SETS)
def test_every_expected_page_exists(built_site, name):
    missing = []
    for query in _load(name):
        targets = query["expect"] if isinstance(query["expect"], list) else [query["expect"]]
        for target in map(str, targets):
            path = target if target.endswith("/") else f"methods/{target}/"
            if not os.path.isfile(os.path.join(built_site, path, "index.html")):
                missing.append(f"{query['q']} → {target}")
    assert missing == []
