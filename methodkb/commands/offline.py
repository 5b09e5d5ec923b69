"""生成离线版：一个 .zip，解压后双击 index.html 即可浏览、搜索、筛选，不需要联网。

用法（kb-offline 与 python scripts/offline.py 相同）：
  python scripts/offline.py                      写到 dist/shequ-gongzuofa-offline.zip
  python scripts/offline.py -o 离线版.zip --no-pdf

先按离线方式构建网站（页面为 .html 文件，从磁盘打开也能互相链接），含选编 PDF；
再逐页检查链接都指向存在的文件，然后打包。构建或检查失败时不写压缩包，退出码为 1。
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from methodkb.commands import cli
from methodkb.site import offline

TARGET = os.path.join("dist", "shequ-gongzuofa-offline.zip")  # inside the knowledge base


def main(argv: list[str] | None = None, *, prog: str = "kb-offline", root: str | None = None) -> int:
    """``prog``: how the usage line names the command; ``root``: the knowledge base whose folders
    are the defaults (see cli.project_root)."""
    root = root or cli.project_root()
    parser = cli.Parser(
        prog=prog,
        usage="%(prog)s [-o 压缩包] [--no-pdf]",
        description="生成网站的离线版压缩包（含搜索、筛选和选编 PDF），供 U 盘分发和网络不稳定的社区使用。",
        epilog="构建或链接检查失败时不写压缩包，退出码为 1。",
    )
    parser.add_argument("-o", "--out", metavar="压缩包", default=os.path.join(root, TARGET), help="写到这里（默认：dist/shequ-gongzuofa-offline.zip）")
    parser.add_argument("--no-pdf", action="store_true", help="不印选编 PDF（更快，压缩包更小）")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-offline-") as site:
        env = dict(os.environ, KB_OFFLINE="1", KB_PDF="0" if args.no_pdf else "1", NO_MKDOCS_2_WARNING="1")
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site]
        if subprocess.run(mkdocs, cwd=root, env=env).returncode != 0:
            print("离线版未生成：网站构建失败（见上方各行）。", file=sys.stderr)
            return 1
        broken = offline.broken_links(site)
        if broken:
            for link, pages in sorted(broken.items()):
                print(f"{pages[0]}：链接 {link} 在离线版中打不开（共 {len(pages)} 页）", file=sys.stderr)
            print(f"离线版未生成：{len(broken)} 个链接从磁盘打开时找不到文件。", file=sys.stderr)
            return 1
        size = offline.pack(site, args.out)
    print(f"离线版已写到 {os.path.relpath(args.out)}（{size / 1_000_000:.1f} MB）。解压后打开 {offline.FOLDER}/index.html。")
    return 0


def console() -> None:
    """The installed kb-offline command."""
    cli.run(main)
