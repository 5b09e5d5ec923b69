"""检查方法文件是否符合字段规范和评选标准（与站点构建时的检查相同）。

与安装后的 kb-check 命令相同；用法见 python scripts/check.py --help，代码在 methodkb/commands/check.py。
"""

from methodkb.commands import cli, check

if __name__ == "__main__":
    cli.run(check.main, script=__file__)
