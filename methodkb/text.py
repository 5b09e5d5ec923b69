"""Text as Chinese readers expect it."""

from __future__ import annotations

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
