"""What a reader sees of a method: the facts card, resolved against the registry.

Plain dictionaries and strings, ready for a template; values are raw text, so
templates must escape them (they come from pull requests).
"""

from __future__ import annotations

from . import formula as formulas
from .places import LEVELS
from .registry import Registry
from .rules import SIX

COMPLETENESS_NOTES = {
    "完整": "本页六性、摘要和正文各节齐全。",
    "部分": "来源只提供了部分信息，本页有摘要和正文，其余未载之处已注明。",
    "待补充": "目前只知道名称、地点和入选名单，具体做法有待补充。",
}


def place_line(place: dict) -> str:
    """福建省福州市鼓楼区东街街道军门社区 — each level once (a municipality is not repeated)."""
    out = ""
    for key in LEVELS:
        value = place.get(key)
        if isinstance(value, str) and value and value not in out:
            out += value
    return out


def method_view(method, registry: Registry) -> dict:
    meta = method.meta
    place = meta.get("place") or {}
    labels = {key: spec["label"] for key, spec in registry.fields["place"]["fields"].items()}
    gazetteer = registry.gazetteer
    places = []
    for key in LEVELS:
        value = place.get(key)
        if not value:
            continue
        alias = gazetteer.current_name(value)
        places.append({"key": key, "label": labels[key], "value": value,
                       "now": alias["now"] if alias else None,
                       "note": alias["note"] if alias else None})
    # Levels above the deepest one given that the source leaves out (a municipality has no city level).
    deepest = max((i for i, key in enumerate(LEVELS) if place.get(key)), default=0)
    unknown = [labels[key] for key in LEVELS[:deepest]
               if not place.get(key) and not (key == "city" and gazetteer.is_municipality(place.get("province")))]
    formula = meta.get("formula") or None
    if formula:
        # "measures", not "items": a template's part.items would find dict.items.
        parts = [{"number": p.get("number"), "meaning": p.get("meaning"), "measures": p.get("items") or []}
                 for p in formula.get("parts") or []]
        formula = dict(formula, reading_note=formulas.READINGS.get(formula.get("reading"), ""), parts=parts)
    lists = []
    for membership in meta.get("lists") or []:
        entry = registry.lists.get(membership.get("list"), {})
        lists.append({"id": membership.get("list"), "name": entry.get("name"), "issuer": entry.get("issuer"),
                      "year": entry.get("year"), "rank": membership.get("rank"), "note": membership.get("note"),
                      "source": entry.get("source")})
    sources = []
    for ref in meta.get("sources") or []:
        entry = registry.sources.get(ref.get("id"), {})
        sources.append({"id": ref.get("id"), "title": entry.get("title"), "issuer": entry.get("issuer"),
                        "number": entry.get("number"), "date": entry.get("date"), "locator": ref.get("locator")})
    six = meta.get("characteristics") or {}
    level = meta.get("completeness")
    return {
        "slug": method.slug,
        "name": meta.get("name"),
        "summary": meta.get("summary"),
        "category": meta.get("category"),
        "kind": meta.get("kind"),
        "themes": meta.get("themes") or [],
        "place_line": place_line(place),
        "places": places,
        "places_unknown": unknown,
        "unit": meta.get("unit"),
        "formula": formula,
        "lists": lists,
        "practice_since": meta.get("practice_since"),
        "six": [{"name": name, "text": six.get(name)} for name in SIX] if six else [],
        "completeness": level,
        "completeness_note": COMPLETENESS_NOTES.get(level, ""),
        "sources": sources,
    }
