"""The data the knowledge base is built on: schema, vocabularies, lists, sources.

All of it lives as YAML in ``methodkb/data/``; this module loads it once and
checks that the files agree with one another (a list's source exists, a
source's file is in ``../shared/sources/``).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import yaml

from methodkb import DATA_DIR

from methodkb.model.problems import Problem
from methodkb.model.slugs import problem as slug_problem
from methodkb.model.text import join_lines

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):
    """libyaml's parser when installed (much faster), else PyYAML's own; both are safe loaders.
    A plain value whose first character opens no implicit type (a number, date, yes/no, null:
    never a Chinese character) is text without trying each type's pattern: most values are."""

    _TYPED_STARTS = frozenset(_SafeLoader.yaml_implicit_resolvers)
    # Only while no resolver matches any first character or a path (the safe loader has none).
    _SHORTCUT = None not in _TYPED_STARTS and not _SafeLoader.yaml_path_resolvers

    def resolve(self, kind, value, implicit):
        if self._SHORTCUT and kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self._TYPED_STARTS:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


# The source documents sit beside the repository: ../shared/sources/
SOURCES_DIR = os.path.normpath(os.path.join(DATA_DIR, "..", "..", "..", "shared", "sources"))


# What each entry of a data file must hold. Editors touch lists.yml and sources.yml
# when a new batch is published, so their mistakes get file:line messages too.
ENTRY_FIELDS = {
    "lists.yml": ("name", "short", "issuer", "kind", "source"),
    "sources.yml": ("title", "short", "issuer", "date", "kind", "summary"),
    "themes.yml": ("slug", "help", "sources"),
    "provinces.yml": ("slug", "short", "tile"),
}


def _load(name: str, empty, problems: list[Problem], lines: dict):
    """A data file as plain Python; on any problem, an ``empty`` value and a message.
    ``lines`` receives the line of each top-level entry."""
    path = os.path.join(DATA_DIR, name)
    shown = os.path.relpath(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        loader = Loader(text)
        try:
            node = loader.get_single_node()  # parsed once: the node gives the lines, then the data
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, None, None, f"无法读取数据文件：{exc}"))
        return empty
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(shown, mark.line + 1 if mark else None, None,
                                f"数据文件格式（YAML）有误：{exc.problem}。请检查缩进、冒号和引号。"))
        return empty
    if not isinstance(data, type(empty)):
        problems.append(Problem(shown, 1, None, "数据文件的结构不对：应为“编号: 各项内容”的列表。"))
        return empty
    if name in ENTRY_FIELDS:
        if isinstance(node, yaml.MappingNode):
            lines.update({k.value: k.start_mark.line + 1 for k, _ in node.value})
        for key, entry in data.items():
            if not isinstance(entry, dict):
                problems.append(Problem(shown, lines.get(key), str(key), "每个条目应由“字段: 值”组成。"))
                continue
            for needed in ENTRY_FIELDS.get(name, ()):
                if entry.get(needed) in (None, ""):
                    problems.append(Problem(shown, lines.get(key), str(key), f"缺少“{needed}”。"))
        data = {key: entry for key, entry in data.items() if isinstance(entry, dict)}
    return _plain(data)


def _plain(value):
    """Dates as written (2018-03, 2019-12-06); folded Chinese text without stray spaces."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return join_lines(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _keys(fields: dict) -> dict[str, str]:
    """Field names and their Chinese labels, at every depth, mapped to the field name:
    “名称：” is then reported as the field ``name`` written with a full-width colon."""
    out: dict[str, str] = {}

    def walk(fields: dict) -> None:
        for key, spec in fields.items():
            out.setdefault(key, key)
            out.setdefault(spec.get("label", key), key)
            walk(spec.get("fields") or spec.get("item", {}).get("fields") or {})

    walk(fields)
    return out


def _names(fields: dict) -> frozenset[str]:
    """The fields marked ``proper_name`` (at any depth outside lists): their values are names."""
    out = set()
    for key, spec in fields.items():
        if spec.get("proper_name"):
            out.add(key)
        out |= _names(spec.get("fields") or {})
    return frozenset(out)


def _required(fields: dict, table: dict) -> None:
    """Give each field spec the completeness levels at which it is required, and how to say it
    (schema.yml ``required``), so that the checks and pages read them from the spec."""
    for spec in fields.values():
        required = spec.get("required")
        if isinstance(required, list):
            spec["required_levels"], spec["required_words"] = list(required), "、".join(required)
        elif required in table:
            spec["required_levels"], spec["required_words"] = table[required]["levels"], table[required]["words"]
        sub = spec.get("fields") or (spec.get("item") or {}).get("fields")
        if sub:
            _required(sub, table)


@lru_cache(maxsize=1)
def import_headers() -> dict[str, list[str]]:
    """Field → the table headers that name it in published lists (``data/import_headers.yml``)."""
    with open(os.path.join(DATA_DIR, "import_headers.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class RegistryError(Exception):
    """The data files cannot be used at all (the schema is missing or unreadable); the message says which."""


@dataclass
class Registry:
    schema: dict
    book_schema: dict
    themes: dict
    lists: dict
    sources: dict
    place_aliases: list
    provinces: dict
    synonyms: list
    asking: list
    problems: list[Problem] = field(default_factory=list)
    lines: dict = field(default_factory=dict)  # file name → entry key → line

    @classmethod
    def load(cls, sources_dir: str | None = SOURCES_DIR) -> "Registry":
        problems: list[Problem] = []
        lines: dict = {}
        files = {"schema": ("schema.yml", {}), "book_schema": ("book_schema.yml", {}),
                 "themes": ("themes.yml", {}), "lists": ("lists.yml", {}),
                 "sources": ("sources.yml", {}), "place_aliases": ("place_aliases.yml", []),
                 "provinces": ("provinces.yml", {}), "synonyms": ("synonyms.yml", []),
                 "asking": ("asking.yml", [])}
        data = {attr: _load(name, empty, problems, lines.setdefault(name, {}))
                for attr, (name, empty) in files.items()}
        registry = cls(**data, problems=problems, lines=lines)
        if not registry.schema.get("fields"):
            raise RegistryError("methodkb/data/schema.yml 无法读取：" + "；".join(p.format() for p in problems))
        for fields in (registry.schema["fields"], (registry.book_schema or {}).get("fields") or {}):
            _required(fields, registry.schema.get("required") or {})
        registry._check(sources_dir)
        return registry

    def vocab(self, name: str) -> dict:
        return {"themes": self.themes, "lists": self.lists, "sources": self.sources}[name]

    @cached_property
    def fields(self) -> dict:
        return self.schema["fields"]

    # The vocabularies of schema.yml, each in its one home: what the checks, the views and the
    # editor tools use, instead of spelling the values out.
    @cached_property
    def characteristics(self) -> tuple[str, ...]:
        """The six characteristics (群众性 …), in the schema's order."""
        return tuple(self.fields["characteristics"]["fields"])

    @cached_property
    def completeness_levels(self) -> tuple[str, ...]:
        """In the schema's order, the most complete first (完整, 部分, 待补充)."""
        return tuple(self.fields["completeness"]["values"])

    @property
    def complete_level(self) -> str:
        return self.completeness_levels[0]

    @property
    def pending_level(self) -> str:
        """The least complete: only a name, a place and a list are known (待补充)."""
        return self.completeness_levels[-1]

    @cached_property
    def described_levels(self) -> tuple[str, ...]:
        """The levels with a summary and a body (部分, 完整)."""
        return tuple(self.schema["required"]["described"]["levels"])

    @cached_property
    def completeness_notes(self) -> dict[str, str]:
        return dict(self.fields["completeness"].get("notes") or {})

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.fields["kind"]["values"])

    @cached_property
    def focused_kind(self) -> str:
        """The kind made for one aspect of community work (单项性)."""
        return self.fields["kind"]["focused"]

    @cached_property
    def unclassified(self) -> str:
        """What lists and filters show for an entry without a kind (未归类)."""
        return self.fields["kind"]["unclassified"]

    @cached_property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.fields["category"]["values"])

    # ``basis``: where a field's value came from (schema.yml ``basis``), read from its one spec.
    @cached_property
    def basis_item(self) -> dict:
        """The sub-fields of a ``basis`` entry (field, by, reason, source, locator)."""
        return self.fields["basis"]["item"]["fields"]

    @cached_property
    def basis_fields(self) -> tuple[str, ...]:
        """The dotted fields a ``basis`` entry may speak for (kind, place.province …)."""
        return tuple(self.basis_item["field"]["values"])

    @cached_property
    def basis_needs(self) -> dict[str, str]:
        """Each ``by`` value → the sub-field it requires (编者 → reason, 来源 → source)."""
        return dict(self.basis_item["by"]["needs"])

    @cached_property
    def basis_required(self) -> tuple[str, ...]:
        """The fields that, when given, must have a ``basis`` entry (``basis: required``)."""
        return tuple(f for f in self.basis_fields if (self.field_spec(f) or {}).get("basis") == "required")

    def inferred(self, by: str | None) -> bool:
        """Whether a ``by`` value means the editors' own inference (it has a marker)."""
        return by in (self.basis_item["by"].get("markers") or {})

    def basis_marker(self, dotted: str, by: str | None) -> str | None:
        """What follows a value the editors inferred: the field's own ``marker`` (kind: 编者归类),
        else the ``by`` value's (编者推断); None when ``by`` is not an inference."""
        if not self.inferred(by):
            return None
        return (self.field_spec(dotted) or {}).get("marker") or self.basis_item["by"]["markers"][by]

    def field_spec(self, dotted: str) -> dict | None:
        """A method field's spec by its dotted name (place.city → the city spec), or None."""
        spec: dict | None = {"fields": self.fields}
        for key in dotted.split("."):
            spec = ((spec or {}).get("fields") or {}).get(key)
        return spec

    def dotted_label(self, dotted: str) -> str:
        """A dotted field's Chinese label (place.province → 省份); the name itself when unknown."""
        return (self.field_spec(dotted) or {}).get("label") or dotted

    @cached_property
    def place_levels(self) -> tuple[str, ...]:
        """The place fields, top down (province … community)."""
        return tuple(self.fields["place"]["fields"])

    @cached_property
    def gazetteer(self):
        """Place names, built once per registry (it reads the whole division dataset)."""
        from methodkb.model.places import Gazetteer  # here, not at the top: places needs schema, which needs this module

        return Gazetteer(self.place_aliases)

    @cached_property
    def field_keys(self) -> dict[str, str]:
        """Every method field name, and its Chinese label, mapped to the field name."""
        return _keys(self.fields)

    @cached_property
    def book_field_keys(self) -> dict[str, str]:
        """The same for collection files (book_schema.yml)."""
        return _keys(self.book_schema["fields"])

    def label_of(self, key: str) -> str:
        """A method field's Chinese label, at any depth (“city” → 城市); the key itself when unknown."""
        return self.field_labels.get(key, key)

    @cached_property
    def field_labels(self) -> dict[str, str]:
        return {key: label for label, key in self.field_keys.items() if label != key}

    @cached_property
    def name_keys(self) -> frozenset[str]:
        """Method fields that hold proper names: checked for stray spaces and half-width punctuation."""
        return _names(self.fields)

    @cached_property
    def book_name_keys(self) -> frozenset[str]:
        return _names(self.book_schema["fields"])

    @cached_property
    def body_sections(self) -> list[str]:
        return self.schema["body_sections"]

    def _problem(self, name: str, key: str, message: str) -> None:
        self.problems.append(Problem(os.path.relpath(os.path.join(DATA_DIR, name)),
                                     self.lines.get(name, {}).get(key), key, message))

    def _check(self, sources_dir: str | None) -> None:
        for key, entry in self.lists.items():
            if entry.get("source") not in self.sources:
                self._problem("lists.yml", key, f"来源“{entry.get('source')}”不在 sources.yml 中。")
            for rule in (entry.get("rules") or {}).values():
                if not isinstance(rule, dict) or rule.get("source") not in self.sources:
                    self._problem("lists.yml", key, f"规则的来源“{rule}”不在 sources.yml 中。")
        # Names that become page addresses and file names: provinces/<slug>/, themes/<slug>/,
        # lists/<key>/, sources/<key>/.
        addresses = [("provinces.yml", {k: e.get("slug") for k, e in self.provinces.items()}),
                     ("themes.yml", {k: e.get("slug") for k, e in self.themes.items()}),
                     ("lists.yml", {k: k for k in self.lists}), ("sources.yml", {k: k for k in self.sources})]
        for name, by_key in addresses:
            for key, value in by_key.items():
                wrong = slug_problem(str(value)) if value not in (None, "") else None
                if wrong:
                    self._problem(name, key, f"“{value}”会成为网址和文件名，{wrong}。请改用其他写法，例如 hunan、mz-2018-42。")
        for theme, entry in self.themes.items():
            for source in entry.get("sources") or []:
                if source not in self.sources:
                    self._problem("themes.yml", theme, f"来源“{source}”不在 sources.yml 中。")
        if sources_dir and os.path.isdir(sources_dir):
            for key, entry in self.sources.items():
                name = entry.get("file")
                if name and not os.path.isfile(os.path.join(sources_dir, name)):
                    self._problem("sources.yml", key, f"文件“{name}”不在 {sources_dir} 中。")
