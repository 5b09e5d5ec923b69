"""An argument parser that speaks Chinese to editors, for every script in scripts/."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable

from .slugs import UnsafePath

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


def missing(paths: list[str]) -> bool:
    """Say which of ``paths`` do not exist (one line each, on stderr); True when any is missing."""
    absent = [p for p in paths if not os.path.exists(p)]
    for path in absent:
        print(f"{path}: 找不到这个文件或目录。", file=sys.stderr)
    return bool(absent)


def run(main: Callable[[], int]) -> None:
    """Exit with ``main()``'s code; Ctrl-C and output piped into head or less, closed early, end quietly;
    a file name made from content that would leave its folder stops the script with a message."""
    try:
        sys.exit(main())
    except UnsafePath as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
