"""生成离线版：一个 .zip，解压后双击 index.html 即可浏览、搜索、筛选，不需要联网。

与安装后的 kb-offline 命令相同；用法见 python scripts/offline.py --help，代码在 methodkb/commands/offline.py。
"""

from methodkb.commands import cli, offline

if __name__ == "__main__":
    cli.run(offline.main, script=__file__)
