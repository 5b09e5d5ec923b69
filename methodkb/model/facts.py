"""What a reader sees of a method: the facts card, resolved against the registry.

Plain dictionaries and strings, ready for a template; values are raw text, so
templates must escape them (they come from pull requests).
"""

from __future__ import annotations

from methodkb.model import formula as formulas
from methodkb.model.method import Method
from methodkb.model.registry import Registry


def basis_note(method: Method, dotted: str, registry: Registry) -> str:
    """What follows a field's value on a page: （编者推断）, for kind （编者归类）, or
    （据《source short》locator） when a source states it; "" when no basis is given."""
    basis = method.basis_of(dotted)
    if basis is None:
        return ""
    marker = registry.basis_marker(dotted, basis.by)
    if marker:
        return f"（{marker}）"
    if basis.source:
        short = registry.sources.get(basis.source, {}).get("short") or basis.source
        return f"（据《{short}》{basis.locator or ''}）"
    return ""


def kind_label(method: Method, registry: Registry) -> str:
    """The kind as lists and filters show it: 单项性（编者归类） when the editors classified it;
    "" when no kind is given."""
    if not method.kind:
        return ""
    basis = method.basis_of("kind")
    marker = registry.basis_marker("kind", basis.by if basis else None)
    return method.kind + (f"（{marker}）" if marker else "")


def basis_rows(method: Method, registry: Registry) -> list[dict]:
    """The 依据说明 rows: each inferred field's label and the editors' reason."""
    return [{"field": b.field, "label": registry.dotted_label(b.field), "reason": b.reason}
            for b in method.basis if b.reason and registry.inferred(b.by)]


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
                       "basis": basis_note(method, f"place.{key}", registry),
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
                   "reading_basis": basis_note(method, "formula.reading", registry),
                   "meaning_basis": basis_note(method, "formula.meaning", registry),
                   "parts_basis": basis_note(method, "formula.parts", registry),
                   "parts_label": registry.dotted_label("formula.parts"),
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
        sources.append({"id": ref.id, "title": entry.get("title"), "short": entry.get("short"), "issuer": entry.get("issuer"),
                        "number": entry.get("number"), "date": entry.get("date"), "locator": ref.locator})
    six = method.characteristics
    return {
        "slug": method.slug,
        "name": method.name,
        "summary": method.summary,
        "category": method.category,
        "kind": method.kind,
        "kind_basis": basis_note(method, "kind", registry),
        "kind_label": kind_label(method, registry),
        "themes": list(method.themes),
        "place_line": method.place_line,
        "places": places,
        "places_unknown": unknown,
        "unit": method.unit,
        "formula": formula,
        "lists": lists,
        "practice_since": method.practice_since,
        "practice_since_basis": basis_note(method, "practice_since", registry),
        "basis": basis_rows(method, registry),
        "six": [{"name": name, "text": six.get(name)} for name in registry.characteristics] if six else [],
        "completeness": method.completeness,
        "completeness_note": registry.completeness_notes.get(method.completeness, ""),
        "sources": sources,
    }
