"""检查方法文件是否符合字段规范和评选标准（与站点构建时的检查相同）。

用法（kb-check 与 python scripts/check.py 相同）：
  python scripts/check.py              检查 methods/ 下的全部方法文件和 collections/ 下的全部选编文件
  python scripts/check.py 文件或目录…   只检查这些文件（重复、名额等跨文件规则只在这些文件之间核对；
                                       .yml 文件按选编文件检查，其中的方法在 methods/ 中查找）
  python scripts/check.py --fix …      先在文件中直接改正可以安全自动改正的问题（部首字、繁体字、
                                       看不见的字符、名称中的空格和半角标点、名称中间的换行、
                                       字段名后的全角冒号、字段行首的 Tab 和全角空格、BOM，
                                       能确定编码时把 GBK、Big5、UTF-16 转存为 UTF-8），再检查；
                                       读不准的文件原样保留，拿不准的地方不改，并说明原因

每个问题一行：文件:行号: 字段: 说明。有错误时退出码为 1；只有警告时为 0。
在 GitHub Actions 中运行时，每个问题还会标注在拉取请求中对应文件的那一行。
"""

from __future__ import annotations

import os

from methodkb.checks import books
from methodkb.checks import copying
from methodkb.commands import cli
from methodkb.checks import loading
from methodkb.checks import fixing
from methodkb.site import indexes
from methodkb.model import problems
from methodkb.model.registry import SOURCES_DIR, Registry

COLLECTION_SUFFIXES = (".yml", ".yaml")


def main(argv: list[str] | None = None, *, prog: str = "kb-check", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose methods/
    and collections/ are checked when no paths are given (see cli.project_root)."""
    root = root or cli.project_root()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s [文件或目录 …]",
        description="检查方法文件是否符合字段规范和评选标准（与构建网站时的检查相同）。",
        epilog="每个问题一行：文件:行号: 字段: 说明。有错误时退出码为 1；只有警告时为 0。",
    )
    parser.add_argument("paths", nargs="*", metavar="文件或目录",
                        help="要检查的方法文件、选编文件（.yml）或目录（默认：methods/ 和 collections/ 全部）")
    parser.add_argument("--fix", action="store_true",
                        help="先直接改正可以安全自动改正的问题（部首字、繁体字、看不见的字符、名称中的空格和半角标点、"
                             "名称中间的换行、字段名后的全角冒号、字段行首的 Tab 和全角空格、BOM，能确定编码时把 GBK、Big5、"
                             "UTF-16 转存为 UTF-8），逐条列出改了什么，再检查；读不准的文件原样保留，拿不准的地方不改，并说明原因")
    args = parser.parse_args(argv)
    collections_dir = os.path.join(root, "collections")
    paths = args.paths or [os.path.join(root, "methods")] + ([collections_dir] if os.path.isdir(collections_dir) else [])
    if cli.missing(paths):
        return 1
    # A folder may hold method files (.md), collection files (.yml) or both.
    book_paths = [p for p in paths if os.path.isdir(p) or _is_collection(p)]
    method_paths = [p for p in paths if not _is_collection(p)]
    # Each folder is walked once; what is found (and what is wrong with it) goes on to the checks.
    method_files, book_files = loading.find_files(method_paths), books.find_files(book_paths)
    checking_methods = bool(method_files)
    registry = Registry.load()
    if args.fix:
        _fix(method_files, book_files, registry)
    # Collections name methods: without method files among the paths, they are looked up in methods/.
    result = loading.load(method_files if checking_methods else [os.path.join(root, "methods")], os.getcwd(), registry)
    found = list(result.problems) if checking_methods else []
    if checking_methods and os.path.isdir(SOURCES_DIR):
        # Wording pasted from the source documents (only where they are at hand).
        found += copying.problems(result.methods, copying.read_sources(SOURCES_DIR, registry))
    found += books.load(book_files, result, indexes.entries(result), os.getcwd())[1]
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in found:
        print(problem.format())
        if on_github:
            print(problem.annotation())
    counted = [f"{result.files} 个方法文件"] if checking_methods or not book_files else []
    if book_files:
        counted.append(f"{len(book_files)} 个选编文件")
    print(problems.summary(found, "、".join(counted)))
    return 1 if any(p.is_error for p in found) else 0


def _is_collection(path: str) -> bool:
    """A collection file, also when misnamed (x.yml.txt, x.YML, "x.yml "): it is checked as one, and its name reported."""
    name = os.path.basename(path).rstrip().lower().removesuffix(".txt")
    return name.endswith(COLLECTION_SUFFIXES)


def _fix(method_files: list[str], book_files: list[str], registry: Registry) -> None:
    """Mend each file in place and say, line by line, what changed and what was not changed and
    why: a file whose text cannot be read for certain, or a mistake whose fix is not certain
    (the check below says what to do)."""
    changes = files = 0
    jobs = [(p, registry.name_keys, True, registry.field_keys) for p in method_files] + \
        [(p, registry.book_name_keys, False, registry.book_field_keys) for p in book_files]
    for path, names, front_matter, keys in jobs:
        fixed = fixing.fix(path, names, front_matter, keys)
        shown = loading.shown_path(path, os.getcwd())
        if fixed.refused:
            print(f"{shown}:{fixed.refused[0]}: 没有自动改正：{fixed.refused[1]}")
        for line, note in fixed.notes:
            print(f"{shown}:{line}: 已改正：{note}")
        for line, reason in fixed.left:
            print(f"{shown}:{line}: 没有自动改正：{reason}")
        changes += len(fixed.notes)
        files += bool(fixed.notes)
    print(f"自动改正了 {files} 个文件中的 {changes} 处。" if changes else "没有需要自动改正的地方。")


def console() -> None:
    """The installed kb-check command."""
    cli.run(main)
