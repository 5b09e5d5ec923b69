"""A problem found in a method file: where, which field, what to do."""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
# One problem is one line of output (``file:line: …``), whatever a quoted value holds.
LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: str
    severity: str = ERROR

    def __post_init__(self):
        for name in ("field", "message"):
            value = getattr(self, name)
            if value and LINE_BREAKS.search(value):
                object.__setattr__(self, name, LINE_BREAKS.sub(" ", value))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        field = f" {self.field}:" if self.field else ""
        prefix = "警告：" if self.severity == WARNING else ""
        return f"{self.path}:{self.line or 1}:{field} {prefix}{self.message}"

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command: it marks the line in the pull request."""
        kind = "error" if self.is_error else "warning"
        title = f",title={self.field.replace(',', '%2C').replace(':', '%3A')}" if self.field else ""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line or 1}{title}::{message}"

    def sort_key(self):
        return (self.path, self.line or 0, self.field or "", self.message)


def summary(problems: list[Problem], files: int | str) -> str:
    """``files``: a count of method files, or what was checked in words ("29 个方法文件、3 个选编文件")."""
    checked = f"{files} 个方法文件" if isinstance(files, int) else files
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"检查了 {checked}，全部通过。"
    return f"检查了 {checked}：{errors} 个错误，{warnings} 个警告。"
