"""新建一个方法文件：按字段规范写好全部字段（每个字段上方有说明），填入已知的内容，正文各节留好小标题。

与安装后的 kb-new-method 命令相同；用法见 python scripts/new_method.py --help，代码在 methodkb/commands/new_method.py。
"""

from methodkb.commands import cli, new_method

if __name__ == "__main__":
    cli.run(new_method.main, script=__file__)
