"""YAML read event by event, with nothing built: what the front matter's screen walks before the
header is built (``frontmatter``), and what ``--fix`` compares to tell that a header reads the same
after a change (``layout``). One walk (``walk``) serves both.
"""

from __future__ import annotations

import re

import yaml

from methodkb.model.registry import Loader


# Fields nest four levels deep at most (formula.parts[].items[]); anything far deeper is a mistake,
# and libyaml's composer recurses in C: a hundred thousand “[” would overflow the stack.
MAX_DEPTH = 20


# What only the screen can judge: anchors, aliases, tags, complex keys, and nesting deep enough to
# matter (indentation or “- - -” items at a line's start, more brackets than MAX_DEPTH). A header
# with none of these, as nearly every method file's is, goes straight to the parser (its keys are
# checked there): at 5,000 files the screen cost a second and a half.
SCREEN_MARKS = re.compile(rf"[&*!?]|^[ \t-]{{{MAX_DEPTH},}}", re.M)


def needs_screen(header: str) -> bool:
    """Whether ``header`` holds anything only the screen can judge (``SCREEN_MARKS``, deep brackets)."""
    return bool(SCREEN_MARKS.search(header)) or header.count("[") + header.count("{") > MAX_DEPTH


def walk(loader):
    """Each of the parser's events, with whether it is a mapping's key and how many lists and
    mappings are open after it. Events only: nothing is built, nothing recurses."""
    open_: list[list] = []  # per collection being read: [is a mapping, values so far]
    while loader.check_event():
        event = loader.get_event()
        is_key = False
        if isinstance(event, yaml.CollectionEndEvent):
            open_.pop()
        elif isinstance(event, yaml.NodeEvent):  # a scalar, an alias, or a list or mapping opening
            is_key = bool(open_) and open_[-1][0] and open_[-1][1] % 2 == 0
            if open_:
                open_[-1][1] += 1
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([isinstance(event, yaml.MappingStartEvent), 0])
        yield event, is_key, len(open_)


def shape(text: str) -> tuple[list[tuple], set[tuple[int, str]]] | None:
    """What YAML reads in ``text``: its events without their places, and the (line index, name) of
    each mapping key; None when it does not parse."""
    loader = Loader(text)
    events, key_lines = [], set()
    try:
        for event, is_key, _ in walk(loader):
            if is_key and isinstance(event, yaml.ScalarEvent):
                key_lines.add((event.start_mark.line, event.value))
            events.append((type(event).__name__, getattr(event, "value", None), getattr(event, "style", None)))
        return events, key_lines
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def parses(text: str) -> bool:
    """Whether YAML parses ``text`` without an error (events only: nothing is built, nothing recurses)."""
    loader = Loader(text)
    try:
        while loader.check_event():
            loader.get_event()
        return True
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
