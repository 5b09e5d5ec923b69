"""mkdocs serve: adding, editing, renaming and deleting a method file each give a correct site
(its page, the indexes it appears in, the search index) without restarting the server, also
after a build that failed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT

YUNTANG = os.path.join(ROOT, "methods", "hunan", "yuntang-sixiaosida.md")


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _until(test, what: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if test():
            return
        time.sleep(0.5)
    pytest.fail(f"mkdocs serve: {what} within {timeout} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    methods = folder / "methods"
    shutil.copytree(os.path.join(ROOT, "methods", "fujian"), methods / "fujian")
    (methods / "hunan").mkdir()
    port = _port()
    (folder / "collections").mkdir()  # the real books name methods this small site lacks
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_METHODS_DIR=str(methods), KB_COLLECTIONS_DIR=str(folder / "collections"))
    log = open(folder / "serve.log", "w", encoding="utf-8")  # a pipe nobody reads would fill and stop the server
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: _get(base + "/") is not None, "the first build served")
        yield base, methods
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_add_edit_rename_and_delete_a_method(served):
    base, methods = served
    page, province, index = base + "/methods/yuntang-sixiaosida/", base + "/provinces/hunan/", base + "/search/index.js"
    assert "methods/yuntang-sixiaosida/" not in (_get(index) or "")
    # Added: its page, the province page that lists it, and the search index.
    shutil.copy(YUNTANG, methods / "hunan")
    _until(lambda: "云塘社区" in (_get(page) or ""), "the added method's page")
    _until(lambda: "云塘社区" in (_get(province) or "") and "methods/yuntang-sixiaosida/" in (_get(index) or ""),
           "the added method indexed")
    # Edited.
    path = methods / "hunan" / "yuntang-sixiaosida.md"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 云塘社区“四小四大”工作法", "name: 云塘社区“四小四大”工作法改"),
                    encoding="utf-8")
    _until(lambda: "工作法改" in (_get(page) or "") and "工作法改" in (_get(province) or ""), "the edited name shown")
    # Renamed: the new address has the page, the old one has none.
    path.rename(methods / "hunan" / "yuntang.md")
    _until(lambda: "工作法改" in (_get(base + "/methods/yuntang/") or "") and _get(page) is None, "the renamed page")
    assert "methods/yuntang/" in (_get(index) or "") and "methods/yuntang-sixiaosida/" not in (_get(index) or "")
    # A file with an error, then mended: the server builds again. (While a build has failed, MkDocs'
    # server holds requests until the next good build: its own behaviour, not tested here.)
    (methods / "hunan" / "broken.md").write_text("---\nname: 缺字段的方法\n---\n", encoding="utf-8")
    time.sleep(8)
    (methods / "hunan" / "broken.md").unlink()
    # Deleted.
    (methods / "hunan" / "yuntang.md").unlink()
    _until(lambda: _get(base + "/methods/yuntang/") is None and "云塘社区" not in (_get(province) or ""),
           "the deleted method gone")
    assert "methods/yuntang/" not in (_get(index) or "")
