"""What a reader sees of a method: the facts card, resolved against the registry.

Plain dictionaries and strings, ready for a template; values are raw text, so
templates must escape them (they come from pull requests).
"""

from __future__ import annotations

from methodkb.model import formula as formulas
from methodkb.model.method import Method
from methodkb.model.registry import Registry



def method_view(method: Method, registry: Registry) -> dict:
    place = method.place
    labels = {key: spec["label"] for key, spec in registry.fields["place"]["fields"].items()}
    gazetteer = registry.gazetteer
    places = []
    for key in registry.place_levels:
        value = place.get(key)
        if not value:
            continue
        alias = gazetteer.current_name(value)
        places.append({"key": key, "label": labels[key], "value": value,
                       "now": alias["now"] if alias else None,
                       "note": alias["note"] if alias else None})
    # Levels above the deepest one given that the source leaves out (a municipality has no city level).
    levels = registry.place_levels
    deepest = max((i for i, key in enumerate(levels) if place.get(key)), default=0)
    unknown = [labels[key] for key in levels[:deepest]
               if not place.get(key) and not (key == "city" and gazetteer.is_municipality(place.province))]
    formula = method.formula
    if formula:
        # "measures", not "items": a template's part.items would find dict.items.
        formula = {"text": formula.text, "reading": formula.reading, "meaning": formula.meaning,
                   "reading_note": formulas.READINGS.get(formula.reading, ""),
                   "parts": [{"number": p.number, "meaning": p.meaning, "measures": list(p.items)} for p in formula.parts]}
    lists = []
    for membership in method.lists:
        entry = registry.lists.get(membership.list, {})
        lists.append({"id": membership.list, "name": entry.get("name"), "issuer": entry.get("issuer"),
                      "year": entry.get("year"), "rank": membership.rank, "note": membership.note,
                      "source": entry.get("source")})
    sources = []
    for ref in method.sources:
        entry = registry.sources.get(ref.id, {})
        sources.append({"id": ref.id, "title": entry.get("title"), "issuer": entry.get("issuer"),
                        "number": entry.get("number"), "date": entry.get("date"), "locator": ref.locator})
    six = method.characteristics
    return {
        "slug": method.slug,
        "name": method.name,
        "summary": method.summary,
        "category": method.category,
        "kind": method.kind,
        "themes": list(method.themes),
        "place_line": method.place_line,
        "places": places,
        "places_unknown": unknown,
        "unit": method.unit,
        "formula": formula,
        "lists": lists,
        "practice_since": method.practice_since,
        "six": [{"name": name, "text": six.get(name)} for name in registry.characteristics] if six else [],
        "completeness": method.completeness,
        "completeness_note": registry.completeness_notes.get(method.completeness, ""),
        "sources": sources,
    }
