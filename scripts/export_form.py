"""为一个方法生成民政部《优秀社区工作法推荐表》（民办函〔2018〕42号附件2）的 Word 文件（.docx）。

与安装后的 kb-export-form 命令相同；用法见 python scripts/export_form.py --help，代码在 methodkb/commands/export_form.py。
"""

from methodkb.commands import cli, export_form

if __name__ == "__main__":
    cli.run(export_form.main, script=__file__)
