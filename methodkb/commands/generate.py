"""把网站的全部页面写成普通文件，供不运行钩子的生成器使用。

用法（kb-generate 与 python scripts/generate.py 相同）：
  python scripts/generate.py 输出目录

先做与构建网站时相同的全部检查；有错误时列出全部问题、不写任何文件，退出码为 1。
通过后，输出目录（整个替换）里是：docs/ 中手写页面的副本（需要的数字已填好）、每个方法的页面、
各索引页、选编页和开放数据（data/）。以它为 docs_dir、沿用 mkdocs.yml 的主题设置，
不带钩子的生成器（例如 ProperDocs、MkDocs 去掉 hooks，或将来的 Zensical）就能建出同样的页面；
搜索索引由钩子在构建后从网页生成，不在这里。
"""

from __future__ import annotations

import os

from methodkb.commands import cli
from methodkb.site import generate


def main(argv: list[str] | None = None, *, prog: str = "kb-generate", root: str | None = None) -> int:
    root = root or cli.project_root()
    parser = cli.Parser(prog=prog, usage="%(prog)s 输出目录",
                        description="检查全部方法文件和选编文件，并把网站的全部页面写成普通的 Markdown 和数据文件。",
                        epilog="有错误时不写任何文件，退出码为 1。")
    parser.add_argument("out", metavar="输出目录", help="写到哪个目录（已有的会被整个替换）")
    args = parser.parse_args(argv)
    found, written = generate.write(os.path.abspath(args.out), [os.path.join(root, "methods")],
                                    [os.path.join(root, "collections")], os.path.join(root, "docs"), os.getcwd())
    for problem in found:
        print(problem.format())
    errors = sum(p.is_error for p in found)
    if errors:
        print(f"{errors} 个错误，没有写文件。改正后重新运行。")
        return 1
    print(f"已写入 {args.out}：{written} 个生成的页面和数据文件，另有 docs/ 中手写页面的副本。")
    return 0


def console() -> None:
    """The installed kb-generate command."""
    cli.run(main)
