"""Text as Chinese readers expect it."""

from __future__ import annotations

import difflib
import json
import re

import yaml

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def join_lines(text: str) -> str:
    """Remove the spaces a folded YAML block leaves between Chinese characters
    (“三项机制，␣搭建”); spaces next to Latin letters and digits stay."""
    return _BETWEEN_CJK.sub("", text)


def yaml_scalar(value) -> str:
    """A value as an editor would type it after “key: ”: plain when YAML reads it back
    unchanged, else double-quoted (a name with “: ” or a leading quote, say)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    try:
        if "\n" not in text and yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=10_000).strip()


def script_setting(variable: str, data) -> str:
    """``data`` as a script that sets ``window.<variable>``: unlike fetched JSON, a script
    loads from a static host and from disk (file://, the offline edition) alike."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # U+2028/2029 end a line in older JavaScript engines, even inside a string.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{variable}={text};\n"


def suggest(value: str, choices) -> str | None:
    """The choice an editor most likely meant: the closest spelling, or the one choice that contains it."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.5)
    if close:
        return close[0]
    contained = [c for c in choices if str(value) and (str(value) in str(c) or str(c) in str(value))]
    return contained[0] if len(contained) == 1 else None
