"""The package's layers import downwards only, and no module imports itself round a cycle:
model at the bottom; checks on it; site, search, printing and editor on both (none on another
of the four); commands, hooks and scripts on top."""

from __future__ import annotations

import ast
import os

from conftest import ROOT

ALLOWED = {
    "(root)": set(),
    "model": {"(root)"},
    "checks": {"(root)", "model"},
    "site": {"(root)", "model", "checks"},
    "search": {"(root)", "model", "checks"},
    "printing": {"(root)", "model", "checks"},
    "editor": {"(root)", "model", "checks"},
    "commands": {"(root)", "model", "checks", "site", "search", "printing", "editor"},
}


def _modules() -> dict[str, str]:
    out = {}
    for parent, _, names in os.walk(os.path.join(ROOT, "methodkb")):
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(parent, name)
                out[os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".").removesuffix(".__init__")] = path
    return out


def _imports(modules: dict[str, str]) -> dict[str, set[str]]:
    """Module → the modules of ours it imports (at any place in it)."""
    out = {}
    for module, path in modules.items():
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                raise AssertionError(f"{module}: relative import (the layers are written out in full)")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("methodkb"):
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    found.add(whole if whole in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("methodkb")}
        out[module] = found - {module}
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED) else "(root)"


def test_layers_import_downwards_only():
    modules = _modules()
    wrong = [f"{a} → {b}" for a, targets in _imports(modules).items() for b in sorted(targets)
             if _layer(a) != _layer(b) and _layer(b) not in ALLOWED[_layer(a)]]
    assert wrong == []


def test_no_import_cycles():
    graph = _imports(_modules())
    state: dict[str, int] = {}
    cycles = []

    def visit(module, trail):
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join(trail[trail.index(target):] + [target]))
            elif target in graph and not state.get(target):
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(graph):
        if not state.get(module):
            visit(module, [module])
    assert cycles == []
