"""把网站的全部页面写成普通文件，供不运行钩子的生成器使用。

用法（kb-generate 与 python scripts/generate.py 相同）：
  python scripts/generate.py 输出目录

先做与构建网站时相同的全部检查；有错误时列出全部问题、不写任何文件，退出码为 1。
通过后，输出目录（整个替换）里是：docs/ 中手写页面的副本（需要的数字已填好）、每个方法的页面、
各索引页、选编页和开放数据（data/）。以它为 docs_dir、沿用 mkdocs.yml 的主题设置，
不带钩子的生成器（例如 ProperDocs、MkDocs 去掉 hooks，或将来的 Zensical）就能建出同样的页面。
站内搜索的索引 search/index.js 也在输出目录里（由这些页面的 Markdown 生成，与钩子从网页生成的相同），
生成器把它当作静态文件原样复制到网站的同一位置，搜索框和搜索结果页照常可用。
"""

from __future__ import annotations

import functools
import os

import yaml

from methodkb.commands import cli
from methodkb.search import plain
from methodkb.site import generate, pages


def main(argv: list[str] | None = None, *, prog: str = "kb-generate", root: str | None = None) -> int:
    root = root or cli.project_root()
    parser = cli.Parser(prog=prog, usage="%(prog)s 输出目录",
                        description="检查全部方法文件和选编文件，并把网站的全部页面写成普通的 Markdown 和数据文件。",
                        epilog="有错误时不写任何文件，退出码为 1。")
    parser.add_argument("out", metavar="输出目录", help="写到哪个目录（已有的会被整个替换）")
    args = parser.parse_args(argv)
    # jieba's cut clauses, in the file the site's build keeps (mkdocs.yml: extra.kb.cache)
    cache = os.path.join(root, os.environ.get("KB_CACHE_DIR") or ".cache", "search-clauses.sqlite")
    found, written = generate.write(os.path.abspath(args.out), [os.path.join(root, "methods")],
                                    [os.path.join(root, "collections")], os.path.join(root, "docs"), os.getcwd(),
                                    search=functools.partial(plain.index_script, cache=cache, titles=plain.nav_titles(_nav(root))),
                                    describe=_describer())
    for problem in found:
        print(problem.format())
    errors = sum(p.is_error for p in found)
    if errors:
        print(f"{errors} 个错误，没有写文件。改正后重新运行。")
        return 1
    print(f"已写入 {args.out}：{written} 个生成的页面和数据文件（含搜索索引），另有 docs/ 中手写页面的副本。")
    return 0


def _describer():
    """A page's first paragraph as MkDocs renders it, for a page whose front matter has no description."""
    renderer = plain.Renderer()

    def describe(text: str) -> str:
        meta, source = plain.front_matter(text)
        return "" if meta.get("description") else pages.first_paragraph(renderer.html(source))
    return describe


class _NavOnly(yaml.SafeLoader):
    """mkdocs.yml read for its nav: a tag (!ENV, !!python/object/apply) is read as nothing, never run."""


_NavOnly.add_multi_constructor("!", lambda loader, suffix, node: None)
_NavOnly.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _nav(root: str) -> list:
    """The nav of the knowledge base's mkdocs.yml (the titles it gives pages, which the search
    index shows as the generator will); none when there is no such file to read."""
    try:
        with open(os.path.join(root, "mkdocs.yml"), encoding="utf-8") as handle:
            config = yaml.load(handle, _NavOnly)
    except (OSError, yaml.YAMLError):
        return []
    return (config.get("nav") if isinstance(config, dict) else None) or []


def console() -> None:
    """The installed kb-generate command."""
    cli.run(main)
