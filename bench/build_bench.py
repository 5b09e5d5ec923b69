"""What a user would otherwise run, against this project's build: the site built with the
hook, and the same pages built by Material with its own search plugin, at several sizes.

Usage: python bench/build_bench.py [--sizes 100,1000,5000] [--repeat R] [--corpora generator,unique]
                                   [--serve-sizes 1000] [--no-serve] [--no-dirty]
                                   [--no-phases] [--markdown FILE]

For each corpus (``generator``: bench/corpus-N/, the generator's text; ``unique``:
bench/corpus-unique-N/, text whose clauses never repeat, ``bench/generate.py --unique``) and
each N, the corpus plus the real methods/ are built four ways, each build in a fresh process
(with --repeat, in turns, the fastest of each kept):

- ours, first: ``mkdocs build --strict`` of the project's mkdocs.yml, the methods given by
  KB_METHODS_DIR, an empty cache folder (KB_CACHE_DIR), as on a fresh clone;
- ours, again: the same build once more, with the cache the first one left;
- Material with search: the same pages, written as plain files by ``methodkb.site.generate.write``
  (what ``scripts/generate.py`` writes: the hand-written pages with their figures filled in,
  every method page, the index pages, data/), built from mkdocs.yml without ``hooks:``, with
  ``plugins: [search: {lang: zh}]`` (Material 9.8's search segments Chinese with jieba, which
  is installed: material/plugins/search/plugin.py, _segment_chinese) and the nav of mkdocs.yml,
  which like ours leaves the method pages out; overrides/ stays as custom_dir (the method
  pages use its method.html; its header shows Material's own search when the plugin is on);
- Material without search: the same with ``plugins: []``, the cost of rendering alone.

Prints wall time (best of R), peak memory (ru_maxrss of the build process, from wait4),
output size and page count, the ratios to Material with search, and the gzip size of the
search index (ours: search/index.js; Material: search/search_index.json); at the largest N,
where the time of our build goes (one build with each hook event, MkDocs' own steps and the
hook's main steps timed in-process, first and again, and Material with search the same way);
``scripts/check.py`` alone; how much of each corpus' text is repeated clauses; and at
--serve-sizes (default 1000), on the first corpus, the time from editing one method until
``mkdocs serve`` serves the new text (full rebuild and ``--dirty``). ``--markdown FILE``
writes the tables.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from common import ROOT, corpus, methods_env

from methodkb.commands import cli
from methodkb.site import generate as plain_pages
from methodkb.checks.loading import find_files
from methodkb.search.segment import CLAUSE

METHODS = os.path.join(ROOT, "methods")
COLLECTIONS = os.path.join(ROOT, "collections")
DOCS = os.path.join(ROOT, "docs")
OVERRIDES = os.path.join(ROOT, "overrides")
CONFIG = os.path.join(ROOT, "mkdocs.yml")
OURS_INDEX = os.path.join("search", "index.js")
MATERIAL_INDEX = os.path.join("search", "search_index.json")

CORPORA = {"generator": ("生成器的正文", False), "unique": ("分句不重复的正文", True)}
KINDS = (("first", "本项目首次"), ("again", "本项目再次"), ("search", "Material + 搜索"), ("plain", "Material 无搜索"))

# Targets from the issue (2-core machine), at 1,000 and 5,000 methods.
TARGET_SIZES = (1000, 5000)
MAX_FIRST = 1.3              # ours, first build / Material with search
MAX_AGAIN = 1.0              # ours, build again / Material with search
MAX_INDEX_SHARE = 0.1        # ours search/index.js / Material's search_index.json, gzip
MAX_CHECK_SECONDS = 10.0     # scripts/check.py on 5,000 methods
MAX_PEAK_MB = 500            # peak memory of our build at 5,000 methods


@dataclass
class Run:
    seconds: float
    peak_kb: int
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Build:
    run: Run
    bytes: int
    html_pages: int
    index_gzip: int | None  # the search index (ours or Material's), gzip; None when the site has none


def measure(args: list[str], cwd: str, env: dict) -> Run:
    """Run ``args`` to the end in a new process: wall time and its peak resident memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def site_sizes(site: str) -> tuple[int, int, int | None]:
    total = pages = 0
    for parent, _, names in os.walk(site):
        for name in names:
            total += os.path.getsize(os.path.join(parent, name))
            pages += name.endswith(".html")
    packed = None
    for index in (OURS_INDEX, MATERIAL_INDEX):
        if os.path.isfile(os.path.join(site, index)):
            with open(os.path.join(site, index), "rb") as handle:
                packed = len(gzip.compress(handle.read()))
    return total, pages, packed


def finished(run: Run, site: str, what: str) -> Build:
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-4000:])
        raise SystemExit(f"{what}失败（退出码 {run.returncode}），见上方输出。")
    return Build(run, *site_sizes(site))


def ours_env(corpus_dir: str, cache_dir: str) -> dict:
    """``cache_dir``: the build's cache folder (KB_CACHE_DIR); empty for a first build."""
    return dict(methods_env([METHODS, corpus_dir]), KB_CACHE_DIR=cache_dir)


def build_ours(site: str, corpus_dir: str, cache_dir: str) -> Build:
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", site]
    return finished(measure(args, ROOT, ours_env(corpus_dir, cache_dir)), site, "本项目的构建")


# Material, the same pages ----------------------------------------------------------


def top_level_blocks(text: str) -> dict[str, str]:
    """mkdocs.yml cut into its top-level keys, each block's text kept as written (comments dropped)."""
    blocks: dict[str, str] = {}
    key = None
    for line in text.splitlines(keepends=True):
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            key = match.group(1)
            blocks[key] = ""
        if key and not line.lstrip().startswith("#"):
            blocks[key] += line
    return blocks


def write_pages(out: str, corpus_dir: str) -> None:
    """Every page of the site as plain files (methodkb.site.generate.write, as scripts/generate.py)."""
    problems, _ = plain_pages.write(out, [METHODS, corpus_dir], [COLLECTIONS], DOCS, ROOT)
    errors = [p.format() for p in problems if p.is_error]
    if errors:
        raise SystemExit("methodkb.site.generate.write 报告了错误：\n" + "\n".join(errors[:20]))


def material_config(path: str, pages_dir: str, search: bool) -> str:
    """mkdocs.yml for Material building ``pages_dir``: no hooks, the same theme, extensions,
    extra CSS/JS, validation and nav; ``search``: Material's search plugin, Chinese."""
    with open(CONFIG, encoding="utf-8") as handle:
        blocks = top_level_blocks(handle.read())
    missing = [k for k in ("hooks", "plugins", "docs_dir", "theme", "nav") if k not in blocks]
    if missing:
        raise SystemExit(f"mkdocs.yml 中找不到：{'、'.join(missing)}")
    theme = re.sub(r"(?m)^(\s+custom_dir:).*$", lambda m: f"{m.group(1)} {json.dumps(OVERRIDES)}", blocks["theme"])
    plugins = "plugins:\n  - search:\n      lang: zh\n" if search else "plugins: []\n"
    parts = [theme if key == "theme" else block for key, block in blocks.items()
             if key not in ("hooks", "plugins", "docs_dir", "site_dir")]
    parts += [f"docs_dir: {json.dumps(pages_dir)}\n", plugins]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(p.rstrip("\n") + "\n" for p in parts))
    return path


def build_material(site: str, config: str) -> Build:
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", config, "-d", site]
    return finished(measure(args, os.path.dirname(config), methods_env([])), site, "Material 的构建")


# The text ------------------------------------------------------------------------------


def clause_share(folder: str) -> dict:
    """How much of the method bodies in ``folder`` is left when repeated clauses are counted once."""
    clauses: list[str] = []
    for path in find_files([folder]):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") and "\n---\n" in text else text
        clauses += CLAUSE.findall(body)
    distinct = set(clauses)
    total = sum(map(len, clauses))
    return {"clauses": len(clauses), "distinct": len(distinct), "chars": total,
            "distinct_chars": sum(map(len, distinct)), "share": sum(map(len, distinct)) / total if total else 0.0}


# scripts/check.py ----------------------------------------------------------------


def run_check(corpus_dir: str) -> Run:
    run = measure([sys.executable, os.path.join(ROOT, "scripts", "check.py"), corpus_dir], ROOT, methods_env([]))
    if run.returncode != 0:
        sys.stderr.write(run.stdout[-4000:] + run.stderr[-4000:])
        raise SystemExit(f"scripts/check.py 报告了错误（退出码 {run.returncode}）。")
    return run


# mkdocs serve --------------------------------------------------------------------


@dataclass
class Served:
    first_seconds: float    # start until the first page is served (the initial build)
    edit_seconds: float     # file written until the served page shows the new sentence
    built_seconds: float | None  # what MkDocs logs for that rebuild


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(predicate, timeout: float, server: subprocess.Popen, what: str) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve 意外退出（{what}）。")
        time.sleep(0.1)
    raise SystemExit(f"等待超时（{timeout:.0f} 秒）：{what}")


def editable_method(folder: str) -> str:
    """A method file with a full body, whose page shows an appended paragraph."""
    for path in find_files([folder]):
        with open(path, encoding="utf-8") as handle:
            if "\ncompleteness: 完整\n" in handle.read():
                return path
    return find_files([folder])[0]


def stop(server: subprocess.Popen) -> None:
    """Stop the server's process group: Ctrl-C first (it then removes its temp site)."""
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if server.poll() is not None:
            return
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def serve_rebuild(corpus_dir: str, dirty: bool, timeout: float) -> Served:
    """Start ``mkdocs serve`` on a copy of the corpus, append a sentence to one method, and
    time until the served page has it."""
    with tempfile.TemporaryDirectory(prefix="kb-serve-") as work:
        copy = os.path.join(work, "corpus")
        shutil.copytree(corpus_dir, copy)
        path = editable_method(copy)
        slug = os.path.splitext(os.path.basename(path))[0]
        port = free_port()
        url = f"http://127.0.0.1:{port}/methods/{slug}/"
        log_path = os.path.join(work, "serve.log")
        # A dirty build always warns ("A 'dirty' build is being performed"), so it cannot be strict.
        args = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        args += ["--dirty", "--no-strict"] if dirty else ["--strict"]
        env = dict(methods_env([METHODS, copy]), KB_CACHE_DIR=os.path.join(work, "cache"))
        with open(log_path, "wb") as log:
            start = time.perf_counter()
            server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=log,
                                      start_new_session=True)
            try:
                wait_for(lambda: fetch(url) is not None, timeout, server, "首次构建")
                first = time.perf_counter() - start
                time.sleep(1.0)  # let the file watcher settle after the initial build
                with open(log_path, encoding="utf-8", errors="replace") as handle:
                    before = handle.read().count("Documentation built in")
                sentence = f"这是测速时追加的一句话（{time.time_ns()}）。"
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write(f"\n{sentence}\n")
                edit = wait_for(lambda: sentence in (fetch(url) or ""), timeout, server, "编辑后重新构建")
            finally:
                stop(server)
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        built = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", text)]
        # mkdocs serve builds into its own temp folder and removes it on Ctrl-C; make sure.
        for folder in re.findall(r"Building documentation to directory: (\S+)", text):
            if os.path.basename(folder).startswith("mkdocs_") and os.path.isdir(folder):
                shutil.rmtree(folder, ignore_errors=True)
        return Served(first, edit, built[before] if len(built) > before else None)


# Where a build's time goes -------------------------------------------------------

# Runs one build in-process with its steps timed, each step's time its own (a step called
# inside another is taken out of the outer one): every plugin event, per plugin (the hook
# is one), MkDocs' own steps, and with KB_PROBE_OURS=1 the hook's main steps; the garbage
# collector's pauses apart (they fall inside the steps). "其余" is what no step covers
# (starting Python, imports, MkDocs' loops). Nothing forks: the build is one process.
PHASES_PROBE = r"""
import atexit, gc, json, os, runpy, sys, time
perf = time.perf_counter
start = perf()
import mkdocs.commands.build as build, mkdocs.config as mconfig, mkdocs.plugins as plugins
import mkdocs.structure.files as files, mkdocs.structure.pages as pages, mkdocs.utils as utils
totals, counts, stack = {}, {}, []
def add(label, seconds):
    totals[label] = totals.get(label, 0.0) + seconds
def timed(label, function):
    def wrapper(*args, **kwargs):
        stack.append(0.0)
        begun = perf()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = perf() - begun
            add(label, elapsed - stack.pop())
            if stack:
                stack[-1] += elapsed
    return wrapper
def patch(owner, name, label):
    setattr(owner, name, timed(label, getattr(owner, name)))
WHO = {"hooks/kb.py": "钩子", "material/search": "Material 搜索插件", "search": "Material 搜索插件"}
def run_event(self, name, item=None, **kwargs):
    pass_item = item is not None
    for method in self.events[name]:
        origin = self._current_plugin = self._event_origins.get(method, "<unknown>")
        call = timed(f"{WHO.get(origin, origin)} on_{name}", method)
        result = call(item, **kwargs) if pass_item else call(**kwargs)
        if result is not None:
            item = result
    self._current_plugin = None
    return item
plugins.PluginCollection.run_event = run_event
for owner, name, label in [
        (mconfig, "load_config", "MkDocs：读配置（含载入钩子和插件）"),
        (pages.Page, "read_source", "MkDocs：读取页面源文件"),
        (pages.Page, "render", "MkDocs：Markdown 转 HTML（Page.render）"),
        (build, "_build_page", "MkDocs：套模板并写出页面（_build_page）"),
        (build, "_build_theme_template", "MkDocs：主题页（404、sitemap）"),
        (build, "get_files", "MkDocs：找文件（get_files）"),
        (build, "get_navigation", "MkDocs：导航（get_navigation）"),
        (files.Files, "copy_static_files", "MkDocs：复制静态文件"),
        (utils, "clean_directory", "MkDocs：清空网站目录")]:
    patch(owner, name, label)
jieba_seconds = [0.0]
def light(owner, name):
    # jieba's cutting, called once per clause: a bare accumulator (reported as "其中"), no stack.
    function = getattr(owner, name)
    def wrapper(*args, **kwargs):
        begun = perf()
        try:
            return function(*args, **kwargs)
        finally:
            jieba_seconds[0] += perf() - begun
    setattr(owner, name, wrapper)
if os.environ.get("KB_PROBE_OURS") == "1":
    import methodkb.checks.books as books, methodkb.site.browse as browse, methodkb.checks.loading as loading
    import methodkb.site.indexes as indexes, methodkb.site.pages as kbpages, methodkb.search.index as search, methodkb.search.segment as segment
    import methodkb.search.documents as documents
    for owner, name, label in [
            (loading, "load", "钩子 on_config：读取并检查方法文件（loading.load）"),
            (books, "load", "钩子 on_config：读取检查选编（books.load）"),
            (indexes, "entries", "钩子 on_config：索引条目（indexes.entries）"),
            (browse.Browse, "__init__", "钩子 on_config：交叉索引（Browse）"),
            (kbpages, "method_page", "钩子 on_files：方法页的 Markdown（卡片、正文、相关方法）"),
            (search, "html_text", "钩子 on_page_content：页面的文字（search.html_text）"),
            (documents, "documents", "钩子 on_post_build：搜索文档（search.documents）"),
            (segment.Segmenter, "tokens", "钩子 on_post_build：切分（查分句缓存、jieba）"),
            (segment, "_jieba", "钩子 on_post_build：载入 jieba 词典"),
            (segment.Segmenter, "_open_last", "钩子 on_post_build：打开分句缓存"),
            (segment.Segmenter, "save", "钩子 on_post_build：写分句缓存"),
            (search, "script", "钩子 on_post_build：写出索引（JSON）")]:
        patch(owner, name, label)
    light(segment, "cut")
    save = segment.Segmenter.save
    def counted_save(self):
        counts.update(cut=self.cut_now, clauses=self.kept, jieba_loaded=segment._shipped is not None)
        return save(self)
    segment.Segmenter.save = counted_save
else:
    import jieba
    cut = jieba.cut
    def listed_cut(*args, **kwargs):
        begun = perf()
        out = list(cut(*args, **kwargs))
        jieba_seconds[0] += perf() - begun
        return iter(out)
    jieba.cut = listed_cut
gc_start = []
def collector(phase, info):
    if phase == "start":
        gc_start.append(perf())
    elif gc_start:
        counts["gc"] = counts.get("gc", 0.0) + perf() - gc_start.pop()
gc.callbacks.append(collector)
def report():
    counts["jieba_seconds"] = jieba_seconds[0]
    with open(os.environ["KB_PHASES_PROBE"], "w") as handle:
        json.dump({"total": perf() - start, "steps": totals, "counts": counts}, handle)
atexit.register(report)
sys.argv = ["mkdocs"] + sys.argv[1:]
runpy.run_module("mkdocs", run_name="__main__")
"""


@dataclass
class Phases:
    total: float
    steps: dict[str, float]
    counts: dict
    peak_kb: int


def phases(args: list[str], cwd: str, env: dict, work: str) -> Phases:
    report = os.path.join(work, "phases.json")
    site = os.path.join(work, "phases-site")
    run = measure([sys.executable, "-c", PHASES_PROBE, "build", "-q", "--strict", "-d", site] + args, cwd,
                  dict(env, KB_PHASES_PROBE=report))
    shutil.rmtree(site, ignore_errors=True)
    if run.returncode != 0 or not os.path.isfile(report):
        sys.stderr.write(run.stderr[-4000:])
        raise SystemExit("分步计时的构建失败。")
    with open(report, encoding="utf-8") as handle:
        data = json.load(handle)
    os.unlink(report)
    return Phases(data["total"], data["steps"], data["counts"], run.peak_kb)


# Report --------------------------------------------------------------------------


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def ok(good: bool) -> str:
    return "达标" if good else "**未达标**"


def best(builds: list[Build]) -> Build:
    return min(builds, key=lambda b: b.run.seconds)


def phases_table(steps: dict[str, Phases]) -> list[str]:
    """Steps as rows, the probed builds as columns, the largest first in the first column."""
    names = list(steps)
    labels = sorted({label for p in steps.values() for label in p.steps},
                    key=lambda label: -max(p.steps.get(label, 0.0) for p in steps.values()))
    lines = ["| 步骤 | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label in labels:
        cells = [f"{p.steps[label]:.1f} 秒" if label in p.steps else "—" for p in steps.values()]
        if any(p.steps.get(label, 0.0) >= 0.05 for p in steps.values()):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    small = [sum(v for k, v in p.steps.items() if max(q.steps.get(k, 0.0) for q in steps.values()) < 0.05)
             for p in steps.values()]
    lines.append("| 其他各步（每步都不到 0.05 秒） | " + " | ".join(f"{s:.1f} 秒" for s in small) + " |")
    rest = [p.total - sum(p.steps.values()) for p in steps.values()]
    lines.append("| 其余（启动 Python、导入模块、MkDocs 的循环等，不属于以上任何一步） | "
                 + " | ".join(f"{r:.1f} 秒" for r in rest) + " |")
    lines.append("| **合计（这次分步计时的构建）** | " + " | ".join(f"**{p.total:.1f} 秒**" for p in steps.values()) + " |")
    lines.append("| 其中 jieba 切分（已含在上面的步骤里） | "
                 + " | ".join(f"{p.counts.get('jieba_seconds', 0.0):.1f} 秒" for p in steps.values()) + " |")
    lines.append("| 其中 Python 垃圾回收（已含在上面的步骤里） | "
                 + " | ".join(f"{p.counts.get('gc', 0.0):.1f} 秒" for p in steps.values()) + " |")
    lines.append("| 峰值内存（这次构建） | " + " | ".join(mb(p.peak_kb) for p in steps.values()) + " |")
    return lines


def report(results: dict, checks: dict, served: dict, steps: dict, shares: dict, real_share: dict,
           real: int, repeat: int, serve_corpus: str | None) -> str:
    lines = [f"N 为合成方法数；每次构建另加 methods/ 中的 {real} 个真实方法。"
             f"每个数字是{'一次构建' if repeat == 1 else f' {repeat} 次中最快的一次构建'}（四种构建轮流进行），各在新进程中运行。"
             "“首次”从空的缓存目录开始（如 CI 上的全新克隆），“再次”是紧接着的同样构建，用上首次留下的 jieba 分句缓存。"
             "Material：同样的页面（methodkb.site.generate.write 写出的普通文件，即 scripts/generate.py 的输出），"
             "mkdocs.yml 去掉 hooks:、导航不变（与本项目一样不列方法页），"
             "“+ 搜索”是 `plugins: [search: {lang: zh}]`（Material 9.8 的搜索插件，装有 jieba 时用它切分中文），"
             "“无搜索”是 `plugins: []`，只是渲染的代价。峰值内存是构建进程的 ru_maxrss（一个进程，不分叉）。"
             "比值都是除以 Material + 搜索。"]
    for key, by_n in results.items():
        title = CORPORA[key][0]
        lines += ["", f"**{title}**（bench/corpus-{'unique-' if CORPORA[key][1] else ''}N/）：", "",
                  "| N | 本项目首次 | 本项目再次 | Material + 搜索 | Material 无搜索 | 比值：首次 | 比值：再次 "
                  "| 峰值内存：首次 / 再次 / + 搜索 / 无搜索 |",
                  "|---|---|---|---|---|---|---|---|"]
        for n, r in by_n.items():
            base = r["search"].run.seconds
            lines.append(
                f"| {n} | {r['first'].run.seconds:.1f} 秒 | {r['again'].run.seconds:.1f} 秒 | {base:.1f} 秒 "
                f"| {r['plain'].run.seconds:.1f} 秒 | {r['first'].run.seconds / base:.2f}× | {r['again'].run.seconds / base:.2f}× "
                f"| {' / '.join(mb(r[k].run.peak_kb) for k, _ in KINDS)} |")
    lines += ["", "搜索索引（gzip 后；本项目 search/index.js，Material search/search_index.json；每个方法 = 总大小 ÷ 方法数）：", "",
              "| 正文 | N | 本项目 | 每个方法 | Material | 每个方法 | 本项目 ÷ Material |", "|---|---|---|---|---|---|---|"]
    for key, by_n in results.items():
        for n, r in by_n.items():
            ours, theirs = r["first"].index_gzip, r["search"].index_gzip
            if ours and theirs:
                lines.append(f"| {CORPORA[key][0]} | {n} | {size(ours)} | {ours / (n + real) / 1024:.2f} KB | {size(theirs)} "
                             f"| {theirs / (n + real) / 1024:.2f} KB | {ours / theirs:.3f} |")
    lines += ["", "输出大小和 HTML 页数（首次构建；Material 无搜索少一个搜索索引）：", "",
              "| 正文 | N | 本项目 | Material + 搜索 | Material 无搜索 | HTML 页 |", "|---|---|---|---|---|---|"]
    for key, by_n in results.items():
        for n, r in by_n.items():
            lines.append(f"| {CORPORA[key][0]} | {n} | {size(r['first'].bytes)} | {size(r['search'].bytes)} "
                         f"| {size(r['plain'].bytes)} | {r['first'].html_pages} / {r['search'].html_pages} |")
    if shares:
        lines += ["", "正文里重复的分句（分句：两个标点之间连续的汉字、字母和数字，jieba 逐段切分的单位；"
                      "“剩下”：重复的分句只算一次后剩下的字数比例）：", "",
                  "| 正文 | N | 分句 | 不同的分句 | 字数 | 剩下 |", "|---|---|---|---|---|---|"]
        if real_share:
            s = real_share
            lines.append(f"| methods/ 中的真实方法 | {real} | {s['clauses']} | {s['distinct']} | {s['chars']} | {s['share']:.0%} |")
        for key, by_n in shares.items():
            for n, s in by_n.items():
                lines.append(f"| {CORPORA[key][0]} | {n} | {s['clauses']} | {s['distinct']} | {s['chars']} | {s['share']:.0%} |")
    for key, probed in steps.items():
        n = max(results[key])
        lines += ["", f"N={n}、{CORPORA[key][0]}，时间花在哪里（每种构建一次，在一个进程里给每个插件事件、MkDocs 自己的各步"
                      "和钩子的主要步骤计时，每步只计它自己的时间，里面调用的步骤另计；计时本身让构建慢几个百分点）：", ""]
        lines += phases_table(probed)
        ours = probed.get("本项目首次")
        if ours and ours.counts.get("clauses"):
            again = probed.get("本项目再次")
            lines += ["", f"首次构建 jieba 切了 {ours.counts['cut']} 个分句（共用到 {ours.counts['clauses']} 个不同的分句）"
                      + (f"；再次构建切了 {again.counts['cut']} 个，"
                         f"{'载入了' if again.counts.get('jieba_loaded') else '没有载入'} jieba 词典" if again else "") + "。"]
    if checks:
        lines += ["", "只运行 scripts/check.py（只检查合成语料目录）：", "", "| 正文 | N | 时间 | 峰值内存 | 每个方法 |", "|---|---|---|---|---|"]
        for key, by_n in checks.items():
            for n, run in by_n.items():
                lines.append(f"| {CORPORA[key][0]} | {n} | {run.seconds:.1f} 秒 | {mb(run.peak_kb)} | {run.seconds / n * 1000:.2f} ms |")
    if served:
        lines += ["", f"mkdocs serve 运行时编辑一个方法（{CORPORA[serve_corpus][0]}；在语料的临时副本中给一个方法的正文末尾加一句话），"
                      "到所服务的方法页出现这句话为止（每 100 ms 查看一次页面；MkDocs 每次都重新构建全站，"
                      "--dirty 只跳过未改动的方法页的渲染，检查和生成页仍全部重做；--dirty 总会发出警告，只能不加 --strict）：", "",
                  "| N | 方式 | 首次构建（启动到可访问） | 编辑到页面更新 | 其中 MkDocs 记录的构建 |", "|---|---|---|---|---|"]
        for (n, dirty), s in served.items():
            built = f"{s.built_seconds:.1f} 秒" if s.built_seconds is not None else "—"
            lines.append(f"| {n} | {'--dirty' if dirty else '完整重建'} | {s.first_seconds:.1f} 秒 "
                         f"| {s.edit_seconds:.1f} 秒 | {built} |")
    lines += ["", "目标（2 核机器）："]
    for key, by_n in results.items():
        for n, r in by_n.items():
            if n not in TARGET_SIZES:
                continue
            base = r["search"].run.seconds
            first, again = r["first"].run.seconds / base, r["again"].run.seconds / base
            lines.append(f"- {CORPORA[key][0]}，N={n}：首次构建为 Material + 搜索的 {first:.2f} 倍（目标 ≤ {MAX_FIRST}）：{ok(first <= MAX_FIRST)}；"
                         f"再次构建 {again:.2f} 倍（目标 ≤ {MAX_AGAIN}）：{ok(again <= MAX_AGAIN)}")
            if r["first"].index_gzip and r["search"].index_gzip:
                share = r["first"].index_gzip / r["search"].index_gzip
                lines.append(f"- {CORPORA[key][0]}，N={n}：搜索索引是 Material 的 {share:.3f}（gzip，目标 ≤ {MAX_INDEX_SHARE}）："
                             f"{ok(share <= MAX_INDEX_SHARE)}")
            if n >= 5000:
                peak = max(r["first"].run.peak_kb, r["again"].run.peak_kb) / 1024
                lines.append(f"- {CORPORA[key][0]}，N={n}：本项目构建的峰值内存 {peak:.0f} MB（目标 < {MAX_PEAK_MB} MB）："
                             f"{ok(peak < MAX_PEAK_MB)}")
    for key, by_n in checks.items():
        for n, run in by_n.items():
            if n >= 5000:
                lines.append(f"- {CORPORA[key][0]}：check.py 检查 {n} 个方法 {run.seconds:.1f} 秒（目标 < {MAX_CHECK_SECONDS:.0f} 秒）："
                             f"{ok(run.seconds < MAX_CHECK_SECONDS)}")
    if not any(n in TARGET_SIZES for by_n in results.values() for n in by_n):
        lines.append("- 本次没有测 1000 或 5000 个方法，目标未核对。")
    lines += ["", "这台机器只有 2 个核，速度在几分钟之间会有起伏，数字有噪声；比较时看比值和趋势。"]
    return "\n".join(lines) + "\n"


class Parser(cli.Parser):
    def error(self, message: str):
        # argparse words a bad value as "argument --x: …"; say it in Chinese, as bench/generate.py does.
        super().error(re.sub(r"^argument (\S+): ", r"参数 \1：", message))


def sizes_arg(value: str) -> list[int]:
    try:
        out = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为逗号分隔的正整数，现在是“{value}”") from None
    if not out or min(out) < 1:
        raise argparse.ArgumentTypeError(f"应为逗号分隔的正整数，现在是“{value}”")
    return sorted(set(out))


def corpora_arg(value: str) -> list[str]:
    out = [v.strip() for v in value.split(",") if v.strip()]
    if not out or any(v not in CORPORA for v in out):
        raise argparse.ArgumentTypeError(f"应为 {'、'.join(CORPORA)} 中的一个或几个（逗号分隔），现在是“{value}”")
    return list(dict.fromkeys(out))


PHASE_BUILDS = {"first": "本项目首次", "again": "本项目再次", "search": "Material + 搜索"}


def phases_arg(value: str) -> list[str]:
    out = [v.strip() for v in value.split(",") if v.strip()]
    if not out or any(v not in PHASE_BUILDS for v in out):
        raise argparse.ArgumentTypeError(f"应为 {'、'.join(PHASE_BUILDS)} 中的一个或几个（逗号分隔），现在是“{value}”")
    return list(dict.fromkeys(out))


def positive_int(value: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，现在是“{value}”")
    return int(value)


def main() -> None:
    parser = Parser(
        prog="python bench/build_bench.py",
        description="比较本项目的构建（首次、再次）和 Material 构建同样的页面（带 Material 的中文搜索、不带搜索）："
                    "时间、峰值内存、搜索索引大小；并测各步骤的时间、scripts/check.py 和 mkdocs serve 编辑后的重建。")
    parser.add_argument("--sizes", type=sizes_arg, default=[100, 1000, 5000], metavar="N,N…",
                        help="合成方法数（默认 100,1000,5000）")
    parser.add_argument("--repeat", type=positive_int, default=1, metavar="次数", help="每种构建重复几次，取最快一次（默认 1）")
    parser.add_argument("--corpora", type=corpora_arg, default=list(CORPORA), metavar="正文,…",
                        help="generator（生成器的正文）、unique（分句不重复的正文）；默认两种都测")
    parser.add_argument("--serve-sizes", type=sizes_arg, default=[1000], metavar="N,N…",
                        help="在哪些规模下测 mkdocs serve 的重建（默认 1000；须在 --sizes 中；只用第一种正文）")
    parser.add_argument("--no-serve", action="store_true", help="不测 mkdocs serve")
    parser.add_argument("--no-dirty", action="store_true", help="不测 mkdocs serve --dirty")
    parser.add_argument("--no-phases", action="store_true", help="不测最大规模下构建各步骤的时间")
    parser.add_argument("--phases-of", type=phases_arg, default=list(PHASE_BUILDS), metavar="构建,…",
                        help="分步计时哪几种构建：first（本项目首次）、again（再次）、search（Material + 搜索）；默认三种都测")
    parser.add_argument("--markdown", metavar="文件", help="把结果表格另存为 Markdown 文件")
    args = parser.parse_args()
    real = len(find_files([METHODS]))
    results: dict[str, dict[int, dict[str, Build]]] = {}
    checks: dict[str, dict[int, Run]] = {}
    shares: dict[str, dict[int, dict]] = {}
    steps: dict[str, dict[str, Phases]] = {}
    served: dict[tuple[int, bool], Served] = {}
    serve_corpus = args.corpora[0]
    for key in args.corpora:
        title, unique = CORPORA[key]
        results[key], checks[key], shares[key] = {}, {}, {}
        for n in args.sizes:
            folder = corpus(n, unique)
            shares[key][n] = clause_share(folder)
            with tempfile.TemporaryDirectory(prefix=f"kb-build-{key}-{n}-") as work:
                pages_dir = os.path.join(work, "pages")
                write_pages(pages_dir, folder)
                with_search = material_config(os.path.join(work, "search.yml"), pages_dir, search=True)
                without = material_config(os.path.join(work, "plain.yml"), pages_dir, search=False)
                site = os.path.join(work, "site")
                runs: dict[str, list[Build]] = {k: [] for k, _ in KINDS}
                for number in range(args.repeat):
                    # In turns, so that the machine's ups and downs fall on all alike. A first build
                    # starts from an empty cache folder; the build again reuses what it left there.
                    cache = os.path.join(work, f"cache-{number}")
                    for which, build in (("first", lambda: build_ours(site, folder, cache)),
                                         ("again", lambda: build_ours(site, folder, cache)),
                                         ("search", lambda: build_material(site, with_search)),
                                         ("plain", lambda: build_material(site, without))):
                        runs[which].append(build())
                        shutil.rmtree(site)
                results[key][n] = r = {k: best(v) for k, v in runs.items()}
                print(f"{title}，N={n}：本项目首次 {r['first'].run.seconds:.1f} 秒，再次 {r['again'].run.seconds:.1f} 秒，"
                      f"Material + 搜索 {r['search'].run.seconds:.1f} 秒，无搜索 {r['plain'].run.seconds:.1f} 秒", flush=True)
                if not args.no_phases and n == args.sizes[-1]:
                    cache = os.path.join(work, "cache-phases")
                    ours = dict(ours_env(folder, cache), KB_PROBE_OURS="1")
                    steps[key] = {}
                    for which in ("first", "again", "search"):  # in this order: again reuses first's cache
                        if which == "again" and "first" not in args.phases_of:
                            phases([], ROOT, ours, work)  # fills the cache
                        if which in args.phases_of:
                            steps[key][PHASE_BUILDS[which]] = (phases(["-f", with_search], work, methods_env([]), work)
                                                               if which == "search" else phases([], ROOT, ours, work))
                    print(f"{title}，N={n}：分步计时完成", flush=True)
            checks[key][n] = run_check(folder)
            print(f"{title}，N={n}：scripts/check.py {checks[key][n].seconds:.1f} 秒", flush=True)
            if key == serve_corpus and not args.no_serve and n in args.serve_sizes:
                timeout = max(120.0, 10 * results[key][n]["first"].run.seconds)
                for dirty in (False,) if args.no_dirty else (False, True):
                    served[(n, dirty)] = s = serve_rebuild(folder, dirty, timeout)
                    print(f"N={n}：mkdocs serve{' --dirty' if dirty else ''} 编辑后 {s.edit_seconds:.1f} 秒页面更新", flush=True)
    text = report(results, checks, served, steps, shares, clause_share(METHODS), real, args.repeat, serve_corpus)
    print("\n" + text, end="")
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w", encoding="utf-8") as handle:
            handle.write("# 构建的代价\n\n由 `python bench/build_bench.py` 生成。\n\n" + text)
        print(f"\n已写入 {args.markdown}")


if __name__ == "__main__":
    main()
