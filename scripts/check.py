"""检查方法文件是否符合字段规范和评选标准（与站点构建时的检查相同）。

用法：
  python scripts/check.py              检查 methods/ 下的全部文件
  python scripts/check.py 文件或目录…   只检查这些文件（重复、名额等跨文件规则只在这些文件之间核对）

每个问题一行：文件:行号: 字段: 说明。有错误时退出码为 1；只有警告时为 0。
"""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from methodkb import cli, collection, problems  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = cli.Parser(
        prog="python scripts/check.py",
        usage="%(prog)s [文件或目录 …]",
        description="检查方法文件是否符合字段规范和评选标准（与构建网站时的检查相同）。",
        epilog="每个问题一行：文件:行号: 字段: 说明。有错误时退出码为 1；只有警告时为 0。",
    )
    parser.add_argument("paths", nargs="*", metavar="文件或目录", help="要检查的方法文件或目录（默认：methods/ 全部）")
    args = parser.parse_args(argv)
    paths = args.paths or [os.path.join(ROOT, "methods")]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        for path in missing:
            print(f"{path}: 找不到这个文件或目录。", file=sys.stderr)
        return 1
    result = collection.load(paths, os.getcwd())
    for problem in result.problems:
        print(problem.format())
    print(problems.summary(result.problems, result.files))
    return 1 if result.errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # output piped into head or less, closed early
        sys.exit(1)
