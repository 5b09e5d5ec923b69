"""印一本 30 篇的选编要多久。

用法：
  python bench/pdf_bench.py [--chapters 30] [--runs 3] [--pages 目录]

用 bench/generate.py 生成的合成方法（正文 1,500–4,000 字，带口诀各部分和六性）组成一本
30 篇的选编，先在一个新进程里用 scripts/print_book.py 整本印一次（含启动、加载字体），
再在同一进程里重复排版若干次，打印页数、文件大小、每次用时和每章用时。
--pages 给出目录时，另用 pdftoppm 把每页转成 PNG 并拼成一张总览图，便于目测版面。
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import ROOT, corpus

from methodkb.checks import books, loading
from methodkb.commands import cli
from methodkb.printing import books as printing
from methodkb.site import indexes


def collection_file(folder: str, slugs: list[str]) -> str:
    path = os.path.join(folder, "bench-book.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("title: 合成方法基准测试选编\nsubtitle: 仅用于测量排版速度\ncompiler: 基准测试\n"
                     "date: 2026年11月\nforeword: 本书由合成方法组成，只用于测量印一本书所需的时间，不含任何真实内容。\n"
                     "methods:\n" + "".join(f"  - {slug}\n" for slug in slugs))
    return path


def contact_sheet(pdf: str, out: str) -> str:
    from PIL import Image

    os.makedirs(out, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "40", "-png", pdf, os.path.join(out, "page")], check=True)
    pages = sorted(f for f in os.listdir(out) if f.startswith("page") and f.endswith(".png"))
    images = [Image.open(os.path.join(out, f)) for f in pages]
    width, height = images[0].size
    columns = 10
    sheet = Image.new("RGB", (columns * (width + 8), -(-len(images) // columns) * (height + 8)), "gray")
    for i, image in enumerate(images):
        sheet.paste(image, ((i % columns) * (width + 8), (i // columns) * (height + 8)))
    path = os.path.join(out, "sheet.png")
    sheet.save(path)
    return path


def main() -> int:
    parser = cli.Parser(prog="python bench/pdf_bench.py", description="测量印一本选编（默认 30 篇合成方法）所需的时间。")
    parser.add_argument("--chapters", type=int, default=30, help="书中的篇数（默认 30）")
    parser.add_argument("--runs", type=int, default=3, help="同一进程内重复排版的次数（默认 3）")
    parser.add_argument("--pages", metavar="目录", help="把 PDF 各页转成 PNG 并拼成总览图，写到这个目录")
    args = parser.parse_args()

    synthetic = corpus(100)
    methods = loading.load([synthetic], ROOT)
    entries = indexes.entries(methods)
    slugs = [e.slug for e in entries][: args.chapters]
    body = statistics.median(len(m.body) for m in methods.methods if m.slug in slugs)
    with tempfile.TemporaryDirectory() as folder:
        definition = collection_file(folder, slugs)
        started = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "print_book.py"), definition,
                        "--methods", synthetic, "-o", folder], check=True, stderr=subprocess.DEVNULL)
        cold = time.perf_counter() - started

        found, problems = books.load([definition], methods, entries, ROOT)
        assert not problems, [p.format() for p in problems]
        times, result = [], None
        for _ in range(args.runs):
            result = printing.write_pdf(found[0], methods, os.path.join(folder, "warm.pdf"))
            times.append(result.seconds)
        print(f"选编：{len(slugs)} 篇合成方法（正文中位数 {body:.0f} 字），{result.pages} 页，PDF {result.size / 1024:.0f} KB")
        print(f"新进程整本印一次（scripts/print_book.py，含启动和加载字体）：{cold:.1f} 秒")
        print(f"同一进程重复排版 {args.runs} 次：中位数 {statistics.median(times):.2f} 秒，"
              f"最快 {min(times):.2f} 秒，最慢 {max(times):.2f} 秒；每篇 {statistics.median(times) / len(slugs):.3f} 秒")
        if args.pages:
            print(f"各页总览图：{contact_sheet(result.path, args.pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
