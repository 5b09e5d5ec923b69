"""为一个方法生成民政部《优秀社区工作法推荐表》（民办函〔2018〕42号附件2）的 Word 文件（.docx）。

用法（kb-export-form 与 python scripts/export_form.py 相同）：
  python scripts/export_form.py methods/fujian/junmen-13335.md
  python scripts/export_form.py junmen-13335 -o 军门推荐表.docx
  python scripts/export_form.py 军门社区工作法

表中“社区工作法文本”一栏填入本库的方法内容（名称、地点、概述、口诀各部分、六性、正文、资料来源），
区（县、市、旗）和市（地、州、盟）两级推荐意见栏留空，注明“一般不少于200字”，可打印后填写或直接在 Word 中填写。
本库自己的说明（正文中关于来源缺漏的说明、编者推断或归类的值）不收入推荐表；方法尚不完整时，
命令列出缺少的各部分（警告，退出码仍为 0），由报送单位补写。
"""

from __future__ import annotations

import os
import sys

from methodkb.commands import cli
from methodkb.checks import loading
from methodkb.printing import form
from methodkb.model import slugs
from methodkb.model.lookup import Finder, Match, explain


def main(argv: list[str] | None = None, *, prog: str = "kb-export-form", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose folders
    are the defaults (see cli.project_root)."""
    root = root or cli.project_root()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s 方法 [-o 输出文件.docx]",
        description="生成一个方法的《优秀社区工作法推荐表》Word 文件（.docx），供社区填写推荐意见后报送。",
        epilog="方法可以写文件路径、文件名（不带 .md）或方法名称。方法文件有错误时不生成，退出码为 1。",
    )
    parser.add_argument("method", metavar="方法",
                        help="方法文件路径、文件名（如 junmen-13335）、名称（如 军门社区工作法），或只对应一个方法的简称、拼音（如 军门、junmen）")
    parser.add_argument("-o", "--out", metavar="输出文件", help="写到这里（默认：当前目录下的“<文件名>-推荐表.docx”）")
    parser.add_argument("--methods", metavar="方法目录", default=os.path.join(root, "methods"),
                        help="在这个目录中查找方法（默认：methods/）")
    args = parser.parse_args(argv)
    if os.path.isfile(args.method):
        result = loading.load([args.method], os.getcwd())
    else:
        if cli.missing([args.methods]):
            return 1
        result = loading.load([args.methods], os.getcwd())
    wanted = os.path.abspath(args.method)
    # A path names its file; anything else is what people call the method (model/lookup.py).
    by_path = [m for m in result.models if m.abs_path == wanted]
    match = Match(by_path[0]) if by_path else Finder(result.models).find(args.method)
    if match.method is None:
        print(explain(args.method, match, "请写方法文件的路径、文件名（如 junmen-13335）或名称。"), file=sys.stderr)
        return 1
    method = match.method
    own = [p for p in result.problems if p.path == method.path and p.is_error]
    if own:
        for problem in own:
            print(problem.format(), file=sys.stderr)
        print("方法文件有错误，没有生成推荐表。", file=sys.stderr)
        return 1
    # The slug passed the checks above; the default file still goes nowhere but here.
    target = args.out or os.path.relpath(slugs.inside(os.getcwd(), f"{method.slug}-推荐表.docx"))
    form.write(method, result.registry, target)
    print(f"已生成 {target}（{method.name}）。两级推荐意见栏留空，一般不少于200字。")
    # Warnings, not errors: the form is still worth having, to fill in before it is submitted.
    for line in form.warnings(method, result.registry):
        print(line, file=sys.stderr)
    return 0


def console() -> None:
    """The installed kb-export-form command."""
    cli.run(main)
