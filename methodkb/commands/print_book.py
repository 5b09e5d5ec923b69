"""把选编文件印成 PDF 书（不构建网站）。

用法（kb-print-book 与 python scripts/print_book.py 相同）：
  python scripts/print_book.py                       印 collections/ 下的全部选编，写到 site/collections/
  python scripts/print_book.py collections/hunan.yml -o 输出目录

先检查方法文件和选编文件，有错误时不印书，逐行列出问题并以退出码 1 结束。
印书过程中逐本报告进度（第几本、准备了几章、排了多少页），最后给出页数、大小和用时。
mkdocs.yml 写有网站地址（site_url）时，每章标题下印该篇网页的二维码和网址；--site-url 可另指定。
"""

from __future__ import annotations

import os
import re
import sys

from methodkb.commands import cli
from methodkb.printing import books as printing
from methodkb.site import generate


def main(argv: list[str] | None = None, *, prog: str = "kb-print-book", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose folders
    are the defaults (see cli.project_root)."""
    root = root or cli.project_root()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s [选编文件 …] [-o 输出目录]",
        description="把选编文件（collections/*.yml）印成 A4 的 PDF 书：封面、前言、带页码的目录、每个方法一章"
                    "（只知道名称、地点和入选名单的条目列入书后名录）、附录。",
        epilog="方法文件或选编文件有错误时不印书，退出码为 1。",
    )
    parser.add_argument("paths", nargs="*", metavar="选编文件", help="要印的选编文件或目录（默认：collections/ 全部）")
    parser.add_argument("-o", "--out", metavar="输出目录", default=os.path.join(root, "site", "collections"),
                        help="PDF 写到这里，文件名为选编文件名加 .pdf（默认：site/collections/）")
    parser.add_argument("--methods", metavar="方法目录", action="append",
                        help="从这些目录读取方法（默认：methods/）；可写多次")
    parser.add_argument("--site-url", metavar="网址",
                        help="各章二维码指向的网站地址（默认：mkdocs.yml 中的 site_url；都没有时不印二维码）")
    args = parser.parse_args(argv)
    paths = args.paths or [os.path.join(root, "collections")]
    if cli.missing(paths + (args.methods or [])):
        return 1
    address, wrong = site_url(root, args.site_url)
    if wrong:
        print(wrong, file=sys.stderr)
        return 1
    checked = generate.check(args.methods or [os.path.join(root, "methods")], paths, os.getcwd())
    found = [p for p in checked.problems if p.is_error]
    result, book_list = checked.methods, checked.books
    for problem in found:
        print(problem.format(), file=sys.stderr)
    if found:
        print(f"有 {len(found)} 个错误，没有印书。", file=sys.stderr)
        return 1
    if not book_list:
        print("没有找到选编文件（.yml）。", file=sys.stderr)
        return 1
    printing.print_books(book_list, result, args.out, progress=lambda message: print(message, file=sys.stderr),
                         site_url=address)
    return 0


def site_url(root: str, given: str | None) -> tuple[str | None, str | None]:
    """The site's address for the chapters' QR codes, and what is wrong with it: ``given``
    (--site-url), else ``site_url`` in the knowledge base's mkdocs.yml, read as MkDocs reads it
    (INHERIT, !ENV); (None, None) when neither is set."""
    where = "--site-url"
    if given is None:
        from mkdocs.utils.yaml import yaml_load  # here: only this command reads mkdocs.yml itself

        config = os.path.join(root, "mkdocs.yml")
        if not os.path.isfile(config):
            return None, None
        with open(config, encoding="utf-8") as handle:
            given = (yaml_load(handle) or {}).get("site_url")
        where = f"{config} 中的 site_url"
    if not given:
        return None, None
    # A code that opens nothing is worse than none: only a web address goes into it.
    if not isinstance(given, str) or not re.match(r"^https?://[^\s/]+", given):
        return None, f"{where}应为以 http:// 或 https:// 开头的网址，现在是“{given}”。没有印书。"
    return given.rstrip("/") + "/", None


def console() -> None:
    """The installed kb-print-book command."""
    cli.run(main)
