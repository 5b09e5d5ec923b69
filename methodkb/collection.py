"""Loading every method file and validating it: the one entry point that both
``scripts/check.py`` and the build hook call."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import background, frontmatter, rules
from .places import LEVELS
from .problems import Problem
from .registry import Registry
from .schema import SchemaChecker


IN_TWO_FROM = 400   # files; below this, a second process costs more than it saves


@dataclass
class Method:
    src: frontmatter.SourceFile
    abs_path: str
    meta: dict

    @property
    def display_path(self) -> str:
        return self.src.path

    @property
    def slug(self) -> str:
        return os.path.splitext(os.path.basename(self.abs_path))[0]

    @property
    def body(self) -> str:
        return self.src.body

    @property
    def identity(self) -> tuple | None:
        """Name and place: two files with the same are the same method."""
        name, place = self.meta.get("name"), self.meta.get("place")
        if not isinstance(name, str) or not isinstance(place, dict):
            return None
        parts = [place.get(k) for k in LEVELS]
        return name, "".join(p for p in parts if isinstance(p, str))

    @property
    def list_ids(self) -> list[str]:
        lists = self.meta.get("lists") or []
        return [m.get("list") for m in lists if isinstance(m, dict)]


@dataclass
class Collection:
    registry: Registry
    methods: list[Method] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def by_slug(self) -> dict[str, Method]:
        return {m.slug: m for m in self.methods}


def find_files(paths: list[str]) -> list[str]:
    out = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                out += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".md")]
        else:
            out.append(path)
    return out


def shown_path(path: str, root: str) -> str:
    """A path as an editor typed it: relative to ``root`` when inside it."""
    relative = os.path.relpath(path, root)
    return os.path.abspath(path) if relative.startswith("..") else relative


def load(paths: list[str], root: str, registry: Registry | None = None) -> Collection:
    """Read and validate the method files under ``paths``; paths in messages are relative to ``root``."""
    registry = registry or Registry.load()
    collection = Collection(registry)
    collection.problems += registry.problems
    files = find_files(paths)
    collection.files = len(files)
    # Each file is read and checked on its own, so with many files a second process (the
    # machine's other core) takes the second half; the criteria across files come after.
    half = len(files) // 2 if len(files) >= IN_TWO_FROM else len(files)
    other = background.Job(_read, files[half:], root, registry) if half < len(files) else None
    for item in _read(files[:half], root, registry) + (other.result() if other else []):
        if isinstance(item, Method):
            collection.methods.append(item)
            item = item.src
        collection.problems += item.problems
    collection.problems += rules.check_collection(collection.methods, registry)
    collection.problems.sort(key=Problem.sort_key)
    return collection


def _read(files: list[str], root: str, registry: Registry) -> list[Method | frontmatter.SourceFile]:
    """Each file as a checked Method, or as the SourceFile that says why it is none."""
    checker = SchemaChecker(registry)
    out: list[Method | frontmatter.SourceFile] = []
    for path in files:
        src = frontmatter.read(path, shown_path(path, root), registry.field_keys, registry.name_keys)
        if src.meta is None:
            out.append(src)
            continue
        method = Method(src, os.path.abspath(path), checker.check(src))
        rules.check_method(method, registry)
        out.append(method)
    return out
