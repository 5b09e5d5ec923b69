"""The vocabularies (completeness levels, kinds, categories, the six characteristics, themes,
place levels) have one home each, schema.yml and the registry's data files: no module spells
a value of one out, so that a change to the data changes the whole site."""

from __future__ import annotations

import ast
import dataclasses
import os

import pytest
from conftest import ROOT

from methodkb.model import method as model
from methodkb.model.registry import Registry

REGISTRY = Registry.load()
VOCABULARY = {
    "characteristics": set(REGISTRY.characteristics),
    "completeness levels": set(REGISTRY.completeness_levels),
    "kinds": set(REGISTRY.kinds),
    "categories": set(REGISTRY.categories),
    "themes": set(REGISTRY.themes),
}
PLACE_LEVELS = set(REGISTRY.place_levels)


def _modules() -> list[str]:
    out = []
    for folder in ("methodkb", "hooks", "scripts"):
        for parent, _, names in os.walk(os.path.join(ROOT, folder)):
            out += [os.path.join(parent, n) for n in sorted(names) if n.endswith(".py")]
    return out


def _spelled(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [f"{node.lineno}: “{node.value}” ({name})" for name, values in VOCABULARY.items() if node.value in values]
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            levels = {e.value for e in node.elts if isinstance(e, ast.Constant)} & PLACE_LEVELS
            if len(levels) >= 2:
                found.append(f"{node.lineno}: the place levels {sorted(levels)}")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: os.path.relpath(p, ROOT))
def test_no_module_spells_out_a_vocabulary(path):
    found = _spelled(path)
    if os.path.relpath(path, ROOT) == os.path.join("methodkb", "model", "method.py"):
        # The model's place type names its fields once; the test below holds them to the schema.
        found = [f for f in found if "place levels" not in f]
    assert found == []


def test_the_model_s_place_is_the_schema_s():
    assert tuple(f.name for f in dataclasses.fields(model.Place)) == REGISTRY.place_levels == model.LEVELS


def test_the_check_finds_a_spelled_value(tmp_path):
    path = tmp_path / "x.py"
    path.write_text(f'LEVEL = "{REGISTRY.pending_level}"\nWHERE = ("city", "district")\n', encoding="utf-8")
    assert len(_spelled(str(path))) == 2
