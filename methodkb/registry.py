"""The data the knowledge base is built on: schema, vocabularies, lists, sources.

All of it lives as YAML in ``methodkb/data/``; this module loads it once and
checks that the files agree with one another (a list's source exists, a
source's file is in ``../shared/sources/``).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from functools import cached_property

import yaml

from .problems import Problem

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
# The source documents sit beside the repository: ../shared/sources/
SOURCES_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "sources"))


def _load(name: str):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _plain(value):
    """Dates in the data files are shown as written (2018-03, 2019-12-06)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Registry:
    schema: dict
    themes: dict
    lists: dict
    sources: dict
    place_aliases: list
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, sources_dir: str | None = SOURCES_DIR) -> "Registry":
        registry = cls(
            schema=_load("schema.yml"),
            themes=_load("themes.yml"),
            lists=_plain(_load("lists.yml")),
            sources=_plain(_load("sources.yml")),
            place_aliases=_load("place_aliases.yml"),
        )
        registry._check(sources_dir)
        return registry

    def vocab(self, name: str) -> dict:
        return {"themes": self.themes, "lists": self.lists, "sources": self.sources}[name]

    @cached_property
    def fields(self) -> dict:
        return self.schema["fields"]

    @cached_property
    def field_keys(self) -> dict[str, str]:
        """Every field name, and its Chinese label, mapped to the field name."""
        out: dict[str, str] = {}

        def walk(fields: dict) -> None:
            for key, spec in fields.items():
                out.setdefault(key, key)
                out.setdefault(spec.get("label", key), key)
                walk(spec.get("fields") or spec.get("item", {}).get("fields") or {})

        walk(self.fields)
        return out

    @cached_property
    def body_sections(self) -> list[str]:
        return self.schema["body_sections"]

    def _check(self, sources_dir: str | None) -> None:
        data = os.path.relpath(DATA_DIR)
        for key, entry in self.lists.items():
            if entry.get("source") not in self.sources:
                self.problems.append(Problem(f"{data}/lists.yml", None, key, f"来源“{entry.get('source')}”不在 sources.yml 中。"))
            for rule in (entry.get("rules") or {}).values():
                if rule.get("source") not in self.sources:
                    self.problems.append(Problem(f"{data}/lists.yml", None, key, f"规则的来源“{rule.get('source')}”不在 sources.yml 中。"))
        for theme, entry in self.themes.items():
            for source in entry.get("sources", []):
                if source not in self.sources:
                    self.problems.append(Problem(f"{data}/themes.yml", None, theme, f"来源“{source}”不在 sources.yml 中。"))
        if sources_dir and os.path.isdir(sources_dir):
            for key, entry in self.sources.items():
                name = entry.get("file")
                if name and not os.path.isfile(os.path.join(sources_dir, name)):
                    self.problems.append(Problem(f"{data}/sources.yml", None, key, f"文件“{name}”不在 {sources_dir} 中。"))
