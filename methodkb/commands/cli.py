"""What every editor command shares (methodkb/commands/): an argument parser that speaks Chinese,
the knowledge base a command works on by default, and a quiet exit."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from typing import Callable

from methodkb import PACKAGE
from methodkb.model.registry import RegistryError
from methodkb.model.slugs import UnsafePath

MESSAGES = {
    "unrecognized arguments: ": "无法识别的参数：",
    "the following arguments are required: ": "缺少参数：",
    "expected one argument": "这个选项后面要跟一个值",
    "invalid choice": "不是可选值",
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "用法：")


class Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs):
        super().__init__(formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本说明并退出")

    def error(self, message: str):
        for english, chinese in MESSAGES.items():
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def choices(values, default: bool = False) -> str:
    """An option's allowed values for its help: 甲、乙 或 丙; ``default``: the first is the default."""
    shown = [f"{values[0]}（默认）", *values[1:]] if default else list(values)
    return shown[0] if len(shown) == 1 else f"{'、'.join(shown[:-1])} 或 {shown[-1]}"


# Why a file could not be written, as an editor understands it (the rest in the system's words).
WRITE_ERRORS = {errno.EEXIST: "路径上已有同名的文件", errno.ENOTDIR: "路径上有一个同名的文件，不是目录",
                errno.EACCES: "没有写入这个目录的权限", errno.EROFS: "目录是只读的", errno.ENOSPC: "磁盘已满"}


def write_error(error: OSError) -> str:
    return WRITE_ERRORS.get(error.errno) or error.strerror or str(error)


def missing(paths: list[str]) -> bool:
    """Say which of ``paths`` do not exist (one line each, on stderr); True when any is missing."""
    absent = [p for p in paths if not os.path.exists(p)]
    for path in absent:
        print(f"{path}: 找不到这个文件或目录。", file=sys.stderr)
    return bool(absent)


def project_root() -> str:
    """The knowledge base an installed command (kb-check …) works on when given no paths: the nearest
    folder, from the current one upwards, that holds mkdocs.yml and methods/ (as git finds its repository,
    so an editor may stand in methods/hunan/); failing that the checkout this package is installed from
    (the editable install `make` does); failing that the current folder."""
    folder = os.getcwd()
    while True:
        if _is_project(folder):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    checkout = os.path.dirname(PACKAGE)
    return checkout if _is_project(checkout) else os.getcwd()


def _is_project(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "mkdocs.yml")) and os.path.isdir(os.path.join(folder, "methods"))


def run(main: Callable[..., int], script: str | None = None) -> None:
    """Exit with ``main()``'s code; Ctrl-C and output piped into head or less, closed early, end quietly;
    a file name made from content that would leave its folder stops the script with a message.

    ``script`` is the ``__file__`` of a wrapper in scripts/: the command then names itself
    ``python scripts/<name>.py`` and works on the repository that script is in, as the scripts always did."""
    how = {} if script is None else {
        "prog": f"python scripts/{os.path.basename(script)}",
        "root": os.path.dirname(os.path.dirname(os.path.abspath(script))),
    }
    try:
        sys.exit(main(**how))
    except (UnsafePath, RegistryError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
