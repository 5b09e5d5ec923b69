"""把省里公布的名单表格（.xlsx 或 .csv，一行一个方法）导入为方法文件，完整度标为“待补充”。

与安装后的 kb-import 命令相同；用法见 python scripts/import_batch.py --help，代码在 methodkb/commands/import_batch.py。
"""

from methodkb.commands import cli, import_batch

if __name__ == "__main__":
    cli.run(import_batch.main, script=__file__)
