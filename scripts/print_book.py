"""把选编文件印成 PDF 书（不构建网站）。

与安装后的 kb-print-book 命令相同；用法见 python scripts/print_book.py --help，代码在 methodkb/commands/print_book.py。
"""

from methodkb.commands import cli, print_book

if __name__ == "__main__":
    cli.run(print_book.main, script=__file__)
