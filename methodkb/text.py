"""Text as Chinese readers expect it."""

from __future__ import annotations

import re

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def join_lines(text: str) -> str:
    """Remove the spaces a folded YAML block leaves between Chinese characters
    (“三项机制，␣搭建”); spaces next to Latin letters and digits stay."""
    return _BETWEEN_CJK.sub("", text)
