"""What the hooks cost: the site built with this project's hooks against the same
Markdown built as plain Material pages, at several sizes.

Usage: python bench/build_bench.py [--sizes 100,1000,5000] [--repeat R]
                                   [--serve-sizes 100,1000] [--no-serve] [--no-dirty]
                                   [--no-phases] [--markdown FILE]

For each N, bench/corpus-N/ (generated when missing) plus the real methods/ are built
four ways, each build in a fresh process (with --repeat, in turns, the fastest kept):

- with the hooks, first: ``mkdocs build --strict`` of the project's mkdocs.yml, the
  methods given by KB_METHODS_DIR (as bench/common.build does), an empty cache folder
  (KB_CACHE_DIR), as on a fresh clone;
- with the hooks, again: the same build once more, with the cache the first one left;
- plain Material, the same pages: a generated mkdocs.yml with the same theme settings,
  Markdown extensions and extra CSS/JS, no hooks, no custom_dir, ``plugins: []`` (the
  project's build has no Material search either); docs_dir holds the hand-written docs/
  pages, every method file copied as methods/<slug>.md (front matter included), and the
  pages and data files the hooks generate, written as ordinary files by the same code
  (methodkb.pages.site_pages). This is the baseline of the 1.3× target;
- plain Material, method pages only: the same without the generated pages.

Prints wall time, peak memory (ru_maxrss from wait4: the largest process), output size and page count for
each, the ratios, the time per method and how it grows with N; the time of each step of
the build at the largest N (an in-process probe); ``scripts/check.py`` alone; the time
from editing one method until ``mkdocs serve`` serves the new text (full rebuild and
``--dirty``); the gzip size of search/index.js per method; and how often a build loads
jieba's dictionary and how many clauses it cuts. ``--markdown FILE`` writes the tables.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
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

import yaml
from common import ROOT, corpus, methods_env

sys.path.insert(0, ROOT)
from methodkb import books as kb_books  # noqa: E402
from methodkb import cli, pages  # noqa: E402
from methodkb import collection as kb_collection  # noqa: E402
from methodkb.browse import Browse  # noqa: E402
from methodkb.collection import find_files  # noqa: E402

METHODS = os.path.join(ROOT, "methods")
DOCS = os.path.join(ROOT, "docs")
CONFIG = os.path.join(ROOT, "mkdocs.yml")
SEARCH_INDEX = os.path.join("search", "index.js")

# Targets from the issue (2-core machine).
MAX_RATIO = 1.3              # build with hooks / plain Material build of the same pages
MAX_CHECK_SECONDS = 10.0     # scripts/check.py on 5,000 methods
MAX_INDEX_GZIP_PER_METHOD = 2048  # bytes, search index at 5,000 methods

# Top-level keys of mkdocs.yml the plain build keeps verbatim; the rest (docs_dir, site_dir,
# strict, hooks, plugins, nav) it sets itself.
PLAIN_KEEPS = ("site_name", "site_description", "use_directory_urls", "theme", "extra_css",
               "extra_javascript", "markdown_extensions", "validation")


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
    index_gzip: int | None  # search/index.js, gzip; None when the site has none


@dataclass
class Sizes:
    first: Build    # with the hooks, empty cache folder
    again: Build    # with the hooks, the cache the first build left
    plain: Build    # plain Material, the same pages (the generated ones written as files)
    bare: Build     # plain Material, only the method pages and the hand-written ones


def measure(args: list[str], cwd: str, env: dict) -> Run:
    """Run ``args`` to the end in a new process: wall time and peak resident memory (the
    largest of that process and the processes it forked and waited for)."""
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
    index = os.path.join(site, SEARCH_INDEX)
    packed = None
    if os.path.isfile(index):
        with open(index, "rb") as handle:
            packed = len(gzip.compress(handle.read()))
    return total, pages, packed


def finished(run: Run, site: str, what: str) -> Build:
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-4000:])
        raise SystemExit(f"{what}失败（退出码 {run.returncode}），见上方输出。")
    return Build(run, *site_sizes(site))


def build_with_hooks(site: str, corpus_dir: str, cache_dir: str) -> Build:
    """``cache_dir``: the build's cache folder (KB_CACHE_DIR); empty for a first build."""
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", site]
    env = dict(methods_env([METHODS, corpus_dir]), KB_CACHE_DIR=cache_dir)
    return finished(measure(args, ROOT, env), site, "带钩子的构建")


# Plain Material ------------------------------------------------------------------


def top_level_blocks(text: str) -> dict[str, str]:
    """mkdocs.yml cut into its top-level keys, each block's text kept as written."""
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


def generated_pages(method_dirs: list[str]) -> dict[str, str]:
    """What the hooks add to the site (index pages, source pages, data files), made here by the
    same code as in the build (methodkb.pages.site_pages)."""
    result = kb_collection.load(method_dirs, ROOT)
    browse = Browse(result, True)
    books, _ = kb_books.load([os.path.join(ROOT, "collections")], result, browse.entries, ROOT)
    return pages.written(pages.site_pages(result, browse, books, pdf=False))


def plain_project(work: str, method_dirs: list[str], generated: dict[str, str] | None) -> str:
    """A folder with the same Markdown as plain Material pages; returns its mkdocs.yml.
    ``generated``: the pages the hooks would add, written as ordinary files (None: left out)."""
    docs = os.path.join(work, "docs")
    shutil.copytree(DOCS, docs)
    for uri, content in (generated or {}).items():
        os.makedirs(os.path.dirname(os.path.join(docs, uri)), exist_ok=True)
        with open(os.path.join(docs, uri), "w", encoding="utf-8") as handle:
            handle.write(content)
    target = os.path.join(docs, "methods")
    os.makedirs(target, exist_ok=True)
    for path in find_files(method_dirs):
        dest = os.path.join(target, os.path.basename(path))
        if os.path.exists(dest):
            raise SystemExit(f"方法文件名重复：{os.path.basename(path)}")
        shutil.copyfile(path, dest)
    with open(CONFIG, encoding="utf-8") as handle:
        blocks = top_level_blocks(handle.read())
    missing = [k for k in PLAIN_KEEPS if k not in blocks]
    if missing:
        raise SystemExit(f"mkdocs.yml 中找不到：{'、'.join(missing)}")
    theme = "".join(line for line in blocks["theme"].splitlines(keepends=True)
                    if not line.strip().startswith("custom_dir:"))
    # The nav keeps the pages that exist (without the generated ones, the hand-written ones).
    nav = [item for item in yaml.safe_load(blocks["nav"])["nav"]
           if os.path.isfile(os.path.join(docs, next(iter(item.values()))))]
    parts = [blocks[k] if k != "theme" else theme for k in PLAIN_KEEPS]
    parts += ["docs_dir: docs\n", "plugins: []\n",
              yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)]
    path = os.path.join(work, "mkdocs.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(p.rstrip("\n") + "\n" for p in parts))
    return path


def build_plain(site: str, config: str) -> Build:
    # Not --strict: without the generated pages, links to them are missing.
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site]
    return finished(measure(args, os.path.dirname(config), methods_env([])), site, "纯 Material 构建")


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


# jieba ---------------------------------------------------------------------------

# Runs one build in-process (the search index too: KB_BACKGROUND=0), counting how often jieba
# really loads its dictionary (Tokenizer.initialize turning initialized on), whether it parsed
# the dictionary text (gen_pfdict: no usable cache), the words added and the clauses cut.
JIEBA_PROBE = r"""
import atexit, json, os, runpy, sys, tempfile, time
import jieba
T = jieba.Tokenizer
counts = {"loads": 0, "load_seconds": 0.0, "parsed_text_dictionary": 0, "add_word": 0, "cut_for_search": 0}
original_initialize, original_parse = T.initialize, T.gen_pfdict
def initialize(self, dictionary=None):
    was, start = self.initialized, time.perf_counter()
    original_initialize(self, dictionary)
    if not was and self.initialized:
        counts["loads"] += 1
        counts["load_seconds"] += time.perf_counter() - start
def gen_pfdict(self, f):
    counts["parsed_text_dictionary"] += 1
    return original_parse(self, f)
T.initialize, T.gen_pfdict = initialize, gen_pfdict
def counted(name, function):
    def wrapper(*args, **kwargs):
        counts[name] += 1
        return function(*args, **kwargs)
    return wrapper
T.add_word = counted("add_word", T.add_word)
T.cut_for_search = counted("cut_for_search", T.cut_for_search)
counts["cache"] = os.path.join(jieba.dt.tmp_dir or tempfile.gettempdir(), "jieba.cache")
atexit.register(lambda: open(os.environ["KB_JIEBA_PROBE"], "w").write(json.dumps(counts)))
sys.argv = ["mkdocs"] + sys.argv[1:]
runpy.run_module("mkdocs", run_name="__main__")
"""


def jieba_probe(corpus_dir: str, builds: int = 2) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory(prefix="kb-jieba-") as work:
        for number in range(builds):
            report = os.path.join(work, f"probe-{number}.json")
            env = dict(methods_env([METHODS, corpus_dir]), KB_JIEBA_PROBE=report, KB_BACKGROUND="0",
                       KB_CACHE_DIR=os.path.join(work, "cache"))
            site = os.path.join(work, f"site-{number}")
            run = measure([sys.executable, "-c", JIEBA_PROBE, "build", "-q", "--strict", "-d", site], ROOT, env)
            if run.returncode != 0 or not os.path.isfile(report):
                sys.stderr.write(run.stderr[-4000:])
                raise SystemExit("jieba 探测构建失败。")
            with open(report, encoding="utf-8") as handle:
                counts = json.load(handle)
            cache = counts["cache"]
            counts["cache_mtime"] = os.path.getmtime(cache) if os.path.isfile(cache) else None
            counts["html_pages"] = site_sizes(site)[1]
            out.append(counts)
    return out


# Where a build's time goes -------------------------------------------------------

# Runs one build in-process, timing MkDocs' steps and the hooks' in the build's own process
# (the related methods, the generated pages and the search index are made by second processes
# meanwhile: what they cost this process is the wait for them), and the garbage collector.
PHASES_PROBE = r"""
import atexit, gc, json, os, runpy, sys, time
import mkdocs.commands.build as build, mkdocs.structure.pages as pages
sys.path.insert(0, os.getcwd())
import methodkb.background as background, methodkb.browse as browse, methodkb.collection as collection
totals, start = {}, time.perf_counter()
def add(label, seconds):
    totals[label] = totals.get(label, 0.0) + seconds
def timed(owner, name, label):
    function = getattr(owner, name)
    def wrapper(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            add(label(*args) if callable(label) else label, time.perf_counter() - begun)
    setattr(owner, name, wrapper)
WAITS = {"_read": "等第二个进程读完另一半方法文件", "made": "等相关方法和生成页（第二个进程）",
         "_feed": "等整理搜索文档的进程"}
job_init = background.Job.__init__
def named_job(self, function, *args):
    self.probe_label = WAITS.get(getattr(function, "__name__", ""), "等其他后台进程")
    job_init(self, function, *args)
background.Job.__init__ = named_job
for owner, name, label in [
        (collection, "load", "读取并检查方法文件（collection.load，含等第二个进程）"),
        (browse.Browse, "__init__", "交叉索引（Browse）"),
        (pages.Page, "read_source", "MkDocs 读取页面源文件"),
        (pages.Page, "render", "MkDocs 把 Markdown 转成 HTML"),
        (build, "_build_page", "MkDocs 套模板并写出页面"),
        (background.Job, "result", lambda job: getattr(job, "probe_label", "等搜索索引（搜索进程）"))]:
    timed(owner, name, label)
collecting = []
def collector(phase, info):
    if phase == "start":
        collecting.append(time.perf_counter())
    elif collecting:
        add("Python 垃圾回收（分散在以上各步中）", time.perf_counter() - collecting.pop())
gc.callbacks.append(collector)
atexit.register(lambda: open(os.environ["KB_PHASES_PROBE"], "w").write(
    json.dumps({"total": time.perf_counter() - start, "steps": totals})))
sys.argv = ["mkdocs"] + sys.argv[1:]
runpy.run_module("mkdocs", run_name="__main__")
"""


def phases(corpus_dir: str) -> dict:
    """One first build (empty cache) of ``corpus_dir`` with its steps timed."""
    with tempfile.TemporaryDirectory(prefix="kb-phases-") as work:
        report = os.path.join(work, "phases.json")
        env = dict(methods_env([METHODS, corpus_dir]), KB_PHASES_PROBE=report, KB_CACHE_DIR=os.path.join(work, "cache"))
        run = measure([sys.executable, "-c", PHASES_PROBE, "build", "-q", "--strict", "-d", os.path.join(work, "site")],
                      ROOT, env)
        if run.returncode != 0 or not os.path.isfile(report):
            sys.stderr.write(run.stderr[-4000:])
            raise SystemExit("分阶段计时的构建失败。")
        with open(report, encoding="utf-8") as handle:
            return json.load(handle)


# Report --------------------------------------------------------------------------


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def ok(good: bool) -> str:
    return "达标" if good else "**未达标**"


def best(builds: list[Build]) -> Build:
    return min(builds, key=lambda b: b.run.seconds)


def report(results: dict[int, Sizes], checks: dict, served: dict, probe: list[dict], steps: dict,
           largest: int, real: int, repeat: int) -> str:
    lines = [f"N 为合成方法数；每次构建另加 methods/ 中的 {real} 个真实方法（与 bench/common.build 相同）。"
             f"每个数字是{'一次' if repeat == 1 else f' {repeat} 次中最快一次'}构建，各在新进程中运行。"
             "“首次”从空的缓存目录开始（如 CI 上的全新克隆）；“再次”是紧接着的同样构建，"
             "用上首次留下的 jieba 分句缓存（.cache/，见 methodkb/segment.py）。"
             "纯 Material：同样的主题设置和 Markdown 扩展，不用钩子和 overrides/，plugins: []"
             "（本项目的构建也不用 Material 的搜索插件）；方法页是方法文件本身（含开头的字段）。"
             "“同样的页面”还把钩子生成的索引页、来源页和数据文件（同一段代码 methodkb.pages.site_pages 生成）"
             "作为普通文件放进 docs/，是目标所说的“同样页面的纯 Material 构建”；"
             "“只有方法页”不含这些生成页（上一版报告用的基线）。"
             "峰值内存是构建进程和它分叉出的进程中最大的一个（wait4 的 ru_maxrss：取各进程的最大值，不相加）；首次构建时通常是载入了 jieba 词典的搜索进程。",
             "",
             "| N | 带钩子首次 | 带钩子再次 | 纯 Material（同样的页面） | 纯 Material（只有方法页） "
             "| 时间比：首次 | 时间比：再次 | 每个方法：首次 | 每个方法：纯 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n, r in results.items():
        methods, plain = n + real, r.plain.run.seconds
        lines.append(
            f"| {n} | {r.first.run.seconds:.1f} 秒 | {r.again.run.seconds:.1f} 秒 | {plain:.1f} 秒 "
            f"| {r.bare.run.seconds:.1f} 秒 | {r.first.run.seconds / plain:.2f}× | {r.again.run.seconds / plain:.2f}× "
            f"| {r.first.run.seconds / methods * 1000:.1f} ms | {plain / methods * 1000:.1f} ms |")
    lines += ["", "| N | 构建 | 峰值内存 | 输出 | HTML 页 |", "|---|---|---|---|---|"]
    for n, r in results.items():
        for which, label in (("first", "带钩子首次"), ("again", "带钩子再次"),
                             ("plain", "纯 Material（同样的页面）"), ("bare", "纯 Material（只有方法页）")):
            b = getattr(r, which)
            lines.append(f"| {n} | {label} | {mb(b.run.peak_kb)} | {size(b.bytes)} | {b.html_pages} |")
    sizes = list(results)
    if len(sizes) > 1:
        lines += ["", "随 N 增长（边际：两种规模之间每多一个方法多花的时间；指数 k：时间 ∝ 方法数^k，含固定开销时小于 1）：", "",
                  "| 从 → 到 | 带钩子首次：边际 | 指数 k | 纯 Material：边际 | 指数 k |", "|---|---|---|---|---|"]
        margins = []
        for a, b in zip(sizes, sizes[1:]):
            row, step = [], b - a
            for which in ("first", "plain"):
                ta, tb = getattr(results[a], which).run.seconds, getattr(results[b], which).run.seconds
                margin = (tb - ta) / step * 1000
                k = math.log(tb / ta) / math.log((b + real) / (a + real))
                row += [f"{margin:.1f} ms", f"{k:.2f}"]
                if which == "first":
                    margins.append(margin)
            lines.append(f"| {a} → {b} | " + " | ".join(row) + " |")
        if len(margins) > 1:
            growth = margins[-1] / margins[0] if margins[0] > 0 else float("inf")
            lines += ["", f"带钩子时，最后一段的边际代价是第一段的 {growth:.2f} 倍"
                          f"（{'接近线性' if growth <= 1.3 else '明显超过线性'}；噪声下 1.3 倍以内视为线性）。"]
    if steps:
        lines += ["", f"N={largest} 首次构建时，构建进程里各步骤的时间（分步计时的同一构建，共 {steps['total']:.1f} 秒；"
                      "相关方法、生成页和搜索索引同时在第二个进程里生成，这里只计等它们的时间）：", "", "| 步骤 | 时间 |", "|---|---|"]
        for label, seconds in sorted(steps["steps"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {label} | {seconds:.1f} 秒 |")
    if checks:
        lines += ["", "只运行 scripts/check.py（只检查合成语料目录）：", "", "| N | 时间 | 峰值内存 | 每个方法 |", "|---|---|---|---|"]
        for n, run in checks.items():
            lines.append(f"| {n} | {run.seconds:.1f} 秒 | {mb(run.peak_kb)} | {run.seconds / n * 1000:.2f} ms |")
    if served:
        lines += ["", "mkdocs serve 运行时编辑一个方法（在语料的临时副本中给一个方法的正文末尾加一句话），"
                      "到所服务的方法页出现这句话为止（每 100 ms 查看一次页面；MkDocs 每次都重新构建全站，"
                      "--dirty 只跳过未改动的方法页的渲染，检查和生成页仍全部重做；--dirty 总会发出警告，只能不加 --strict）：", "",
                  "| N | 方式 | 首次构建（启动到可访问） | 编辑到页面更新 | 其中 MkDocs 记录的构建 |", "|---|---|---|---|---|"]
        for (n, dirty), s in served.items():
            built = f"{s.built_seconds:.1f} 秒" if s.built_seconds is not None else "—"
            lines.append(f"| {n} | {'--dirty' if dirty else '完整重建'} | {s.first_seconds:.1f} 秒 "
                         f"| {s.edit_seconds:.1f} 秒 | {built} |")
    lines += ["", "搜索索引 search/index.js（gzip 后，按全部方法平均）：", "", "| N | gzip 后 | 每个方法 |", "|---|---|---|"]
    for n, r in results.items():
        if r.first.index_gzip is not None:
            lines.append(f"| {n} | {size(r.first.index_gzip)} | {r.first.index_gzip / (n + real) / 1024:.2f} KB |")
    lines += ["", "目标（2 核机器）："]
    for n, r in results.items():
        for which, label in (("first", "首次"), ("again", "再次")):
            ratio = getattr(r, which).run.seconds / r.plain.run.seconds
            lines.append(f"- N={n}：带钩子的{label}构建为纯 Material 的 {ratio:.2f} 倍（目标 ≤ {MAX_RATIO}）：{ok(ratio <= MAX_RATIO)}")
    for n, run in checks.items():
        if n >= 5000:
            lines.append(f"- check.py 检查 {n} 个方法 {run.seconds:.1f} 秒（目标 < {MAX_CHECK_SECONDS:.0f} 秒）："
                         f"{ok(run.seconds < MAX_CHECK_SECONDS)}")
    for n, r in results.items():
        if n >= 5000 and r.first.index_gzip is not None:
            per = r.first.index_gzip / (n + real)
            lines.append(f"- N={n}：搜索索引每个方法 {per / 1024:.2f} KB（gzip，目标 < 2 KB）：{ok(per < MAX_INDEX_GZIP_PER_METHOD)}")
    if not any(n >= 5000 for n in results):
        lines.append("- 本次没有测 5000 个方法，check.py 和索引大小的目标未核对。")
    if probe:
        lines += ["", "jieba 词典（带计数的同一构建连续两次；为了在一个进程里计数，用 KB_BACKGROUND=0 依次完成。"
                      "平常分叉的构建里，搜索进程在启动时总会预先载入一次词典）："]
        for number, p in enumerate(probe, 1):
            if p["loads"]:
                source = "重新解析了词典文本并写缓存" if p["parsed_text_dictionary"] else "从 jieba 的缓存读取"
                loaded = f"词典载入 {p['loads']} 次（{source}，{p['load_seconds']:.2f} 秒）"
            else:
                loaded = "没有载入词典（所有的词和分句都在上次留下的分句缓存里）"
            lines.append(f"- 第 {number} 次构建：{loaded}，{p['html_pages']} 个 HTML 页；add_word {p['add_word']} 次，"
                         f"jieba 切分的分句 {p['cut_for_search']} 个（其余取自分句缓存）。")
        first, last = probe[0]["cache_mtime"], probe[-1]["cache_mtime"]
        same = len(probe) > 1 and first is not None and first == last
        lines.append(f"- 缓存文件 {probe[0]['cache']}：" + ("两次构建之间没有重写，后一次构建直接读取。" if same else "两次构建之间被重写。"))
    lines += ["", "这台机器只有 2 个核，且可能同时在运行其他任务（如测试），数字有噪声；比较时看比值和趋势。"]
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


def positive_int(value: str) -> int:
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，现在是“{value}”")
    return int(value)


def main() -> None:
    parser = Parser(
        prog="python bench/build_bench.py",
        description="比较带本项目钩子的构建和同样 Markdown 的纯 Material 构建（时间、峰值内存、输出大小），"
                    "并测 scripts/check.py、mkdocs serve 编辑后的重建和搜索索引大小。")
    parser.add_argument("--sizes", type=sizes_arg, default=[100, 1000, 5000], metavar="N,N…",
                        help="合成方法数（默认 100,1000,5000）")
    parser.add_argument("--repeat", type=positive_int, default=1, metavar="次数", help="每种构建重复几次，取最快一次（默认 1）")
    parser.add_argument("--serve-sizes", type=sizes_arg, metavar="N,N…",
                        help="在哪些规模下测 mkdocs serve 的重建（默认与 --sizes 相同）")
    parser.add_argument("--no-serve", action="store_true", help="不测 mkdocs serve")
    parser.add_argument("--no-dirty", action="store_true", help="不测 mkdocs serve --dirty")
    parser.add_argument("--no-phases", action="store_true", help="不测最大规模下构建各阶段的时间")
    parser.add_argument("--markdown", metavar="文件", help="把结果表格另存为 Markdown 文件")
    args = parser.parse_args()
    real = len(find_files([METHODS]))
    results: dict[int, Sizes] = {}
    checks: dict[int, Run] = {}
    served: dict[tuple[int, bool], Served] = {}
    for n in args.sizes:
        folder = corpus(n)
        with tempfile.TemporaryDirectory(prefix=f"kb-build-{n}-") as work:
            plain = plain_project(os.path.join(work, "plain"), [METHODS, folder], generated_pages([METHODS, folder]))
            bare = plain_project(os.path.join(work, "bare"), [METHODS, folder], None)
            runs: dict[str, list[Build]] = {"first": [], "again": [], "plain": [], "bare": []}
            for number in range(args.repeat):
                # Alternate them, so that background load falls on all alike. A first build starts
                # from an empty cache folder; the build again reuses what the first one left there.
                cache = os.path.join(work, f"cache-{number}")
                site = os.path.join(work, "site")
                for which, build in (("first", lambda: build_with_hooks(site, folder, cache)),
                                     ("again", lambda: build_with_hooks(site, folder, cache)),
                                     ("plain", lambda: build_plain(site, plain)),
                                     ("bare", lambda: build_plain(site, bare))):
                    runs[which].append(build())
                    shutil.rmtree(site)
            results[n] = result = Sizes(*(best(runs[k]) for k in ("first", "again", "plain", "bare")))
        print(f"N={n}：带钩子首次 {result.first.run.seconds:.1f} 秒，再次 {result.again.run.seconds:.1f} 秒，"
              f"纯 Material {result.plain.run.seconds:.1f} 秒（只有方法页 {result.bare.run.seconds:.1f} 秒）", flush=True)
        checks[n] = run_check(folder)
        print(f"N={n}：scripts/check.py {checks[n].seconds:.1f} 秒", flush=True)
        if not args.no_serve and n in (args.serve_sizes or args.sizes):
            timeout = max(120.0, 10 * result.first.run.seconds)
            for dirty in (False,) if args.no_dirty else (False, True):
                served[(n, dirty)] = s = serve_rebuild(folder, dirty, timeout)
                print(f"N={n}：mkdocs serve{' --dirty' if dirty else ''} 编辑后 {s.edit_seconds:.1f} 秒页面更新", flush=True)
    steps = [] if args.no_phases else phases(corpus(args.sizes[-1]))
    probe = jieba_probe(corpus(args.sizes[0]))
    text = report(results, checks, served, probe, steps, args.sizes[-1], real, args.repeat)
    print("\n" + text, end="")
    if args.markdown:
        os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
        with open(args.markdown, "w", encoding="utf-8") as handle:
            handle.write("# 构建的代价\n\n由 `python bench/build_bench.py` 生成。\n\n" + text)
        print(f"\n已写入 {args.markdown}")


if __name__ == "__main__":
    main()
