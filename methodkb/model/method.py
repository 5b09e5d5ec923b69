"""The typed model of a method, built once from a checked file; every view reads it.

Index entries, the method page, the open data, the search documents, the 推荐表 and the book
chapter all read a ``Method``: none of them reads front matter. Values are as the checks left
them (each of its declared type, or absent); vocabularies stay in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from methodkb.model import formula as formulas
from methodkb.model.registry import Registry

LEVELS = ("province", "city", "district", "street", "community")  # the place fields, top down


@dataclass(frozen=True)
class Place:
    province: str = ""
    city: str = ""
    district: str = ""
    street: str = ""
    community: str = ""

    def get(self, level: str) -> str:
        return getattr(self, level)

    @property
    def line(self) -> str:
        """福建省福州市鼓楼区东街街道军门社区 — each level once (a municipality is not repeated)."""
        out = ""
        for level in LEVELS:
            value = self.get(level)
            if value and value not in out:
                out += value
        return out

    def as_dict(self) -> dict[str, str]:
        return {level: self.get(level) for level in LEVELS}


@dataclass(frozen=True)
class Part:
    number: int | None
    meaning: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    text: str
    reading: str | None
    meaning: str | None
    parts: tuple[Part, ...] = ()

    @property
    def shape(self) -> str:
        return formulas.shape({"text": self.text, "reading": self.reading})


@dataclass(frozen=True)
class Membership:
    list: str
    rank: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Citation:
    id: str
    locator: str | None = None


@dataclass(frozen=True)
class Basis:
    """Where one field's value came from: the editors' inference (``reason``) or a source."""
    field: str
    by: str
    reason: str | None = None
    source: str | None = None
    locator: str | None = None


@dataclass
class Method:
    slug: str
    path: str            # as shown in messages (relative to where the command runs)
    abs_path: str
    name: str
    category: str | None
    kind: str | None
    themes: tuple[str, ...]
    place: Place
    unit: str | None
    formula: Formula | None
    lists: tuple[Membership, ...]
    practice_since: int | None
    summary: str | None
    characteristics: dict[str, str]  # in the schema's order; empty when none is given
    completeness: str | None
    sources: tuple[Citation, ...]
    body: str
    year: int | None = None          # the year of the earliest list with a year
    basis: tuple[Basis, ...] = ()    # in the file's order, one per field

    def basis_of(self, fieldname: str) -> Basis | None:
        """The basis given for a dotted field (kind, place.province …), or None."""
        return next((b for b in self.basis if b.field == fieldname), None)

    @property
    def province(self) -> str:
        return self.place.province

    @property
    def place_line(self) -> str:
        return self.place.line

    @property
    def shape(self) -> str | None:
        return self.formula.shape if self.formula else None

    @property
    def parts(self) -> int:
        return len(self.formula.parts) if self.formula else 0

    @property
    def measures(self) -> int:
        return sum(len(p.items) for p in self.formula.parts) if self.formula else 0

    @property
    def list_keys(self) -> list[str]:
        return [m.list for m in self.lists]


def build(checked, registry: Registry) -> Method:
    """The model of a checked method file (``collection.Method``: its fields after the schema check)."""
    meta = checked.meta
    place = meta.get("place") or {}
    formula = meta.get("formula")
    lists = tuple(Membership(m["list"], m.get("rank"), m.get("note"))
                  for m in meta.get("lists") or [] if isinstance(m, dict) and m.get("list"))
    years = [registry.lists[m.list].get("year") for m in lists if m.list in registry.lists]
    six = meta.get("characteristics") or {}
    return Method(
        slug=checked.slug, path=checked.display_path, abs_path=checked.abs_path,
        name=meta.get("name") or checked.slug, category=meta.get("category"), kind=meta.get("kind"),
        themes=tuple(meta.get("themes") or ()),
        place=Place(**{level: place.get(level) or "" for level in LEVELS}),
        unit=meta.get("unit"),
        formula=Formula(formula.get("text") or "", formula.get("reading"), formula.get("meaning"),
                        tuple(Part(p.get("number"), p.get("meaning") or "", tuple(p.get("items") or ()))
                              for p in formula.get("parts") or [] if isinstance(p, dict))) if formula else None,
        lists=lists, practice_since=meta.get("practice_since"), summary=meta.get("summary"),
        characteristics={name: six[name] for name in registry.characteristics if isinstance(six.get(name), str)},
        completeness=meta.get("completeness"),
        sources=tuple(Citation(s["id"], s.get("locator")) for s in meta.get("sources") or [] if isinstance(s, dict) and s.get("id")),
        body=checked.body,
        year=min((y for y in years if isinstance(y, int)), default=None),
        basis=tuple(Basis(b["field"], b["by"], b.get("reason"), b.get("source"), b.get("locator"))
                    for b in meta.get("basis") or [] if isinstance(b, dict) and b.get("field") and b.get("by")),
    )
