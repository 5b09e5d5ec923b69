"""把网站的全部页面写成普通文件，供不运行钩子的生成器使用。

与安装后的 kb-generate 命令相同；用法见 python scripts/generate.py --help，代码在 methodkb/commands/generate.py。
"""

from methodkb.commands import cli, generate

if __name__ == "__main__":
    cli.run(generate.main, script=__file__)
