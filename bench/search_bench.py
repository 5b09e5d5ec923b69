"""Search quality and speed: this project's search against Material's stock search
(with jieba, configured as its docs say) and Pagefind 1.5 (extended), on the same pages.

Usage: python bench/search_bench.py [--synthetic N] [--skip-synthetic] [--ours-only] [--misses]

Every query in bench/queries.yml (the tuning set, with its held-out and unseen parts) and
bench/queries-cadres.yml (the cadres' set, frozen: never tuned on) is typed into each
engine's own search box in headless Chromium; the result list is read off the page, and
for this project the "分类" line of hubs above it comes first. Prints hit@1, hit@5 and MRR
for each set, for the cadres' set also by kind, and median / p95 latency from the input
event to the results on the page. Then the latency of this project's search with N
synthetic methods added (default 5000) and its index size.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from urllib.parse import unquote, urlparse

import yaml
from common import ROOT, build, corpus, percentile

from browser import chromium, serve_site



def _queries(name: str, group: str) -> list[dict]:
    with open(os.path.join(ROOT, "bench", name), encoding="utf-8") as handle:
        return [dict(q, group=group) for q in yaml.safe_load(handle)]


QUERIES = _queries("queries.yml", "tuning") + _queries("queries-cadres.yml", "cadres")
# (label, keep): the rows of the table, each a subset of the queries.
SUBSETS = [
    ("调优集", lambda q: q["group"] == "tuning" and q.get("answerable", True)),
    ("调优集·留出", lambda q: q["group"] == "tuning" and q.get("holdout")),
    ("调优集·新写", lambda q: q["group"] == "tuning" and q.get("unseen") and q.get("answerable", True)),
    ("调优集·第六轮", lambda q: q["group"] == "tuning" and q.get("batch") == 6 and q.get("answerable", True)),
    ("调优集·第七轮", lambda q: q["group"] == "tuning" and q.get("batch") == 7 and q.get("answerable", True)),
    ("调优集·第八轮", lambda q: q["group"] == "tuning" and q.get("batch") == 8 and q.get("answerable", True)),
    ("干部集", lambda q: q["group"] == "cadres"),
] + [(f"干部集·{kind}", lambda q, kind=kind: q["group"] == "cadres" and q["kind"] == kind)
     for kind in ("行话", "问句", "错字", "繁体", "全拼", "首字母", "分类")]

OURS = """async (q) => {
  const input = document.querySelector('.kb-search__input');
  const root = document.querySelector('.kb-search');
  await window.kbSearch('');  // the index is loaded before timing starts
  const done = new Promise(r => root.addEventListener('kb-search-rendered', r, {once: true}));
  const start = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await done;
  const ms = performance.now() - start;
  // document order: the "分类" line of hubs, then the ranked entries
  return [ms, [...root.querySelectorAll('a.kb-search__hub, a.kb-search__link')].map(a => a.href)];
}"""

# Material and Pagefind answer asynchronously: wait until the result area has changed
# and then stayed the same for 400 ms; the latency is the time of its last change.
SETTLE = """async ([q, inputSel, areaSel, linkSel]) => {
  const input = document.querySelector(inputSel);
  const area = () => document.querySelector(areaSel);
  input.value = '';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(r => setTimeout(r, 150));
  const before = area() ? area().innerHTML : '';
  const start = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: q.slice(-1)}));
  let last = before, changedAt = null;
  while (performance.now() - start < 5000) {
    await new Promise(r => requestAnimationFrame(r));
    const now = area() ? area().innerHTML : '';
    if (now !== last) { last = now; if (now !== before) changedAt = performance.now(); }
    else if (changedAt !== null && performance.now() - changedAt > 400) break;
  }
  const ms = (changedAt || performance.now()) - start;
  return [ms, [...document.querySelectorAll(linkSel)].map(a => a.href)];
}"""

PAGEFIND_PAGE = """<!doctype html><html lang="zh"><meta charset="utf-8">
<link href="../pagefind/pagefind-ui.css" rel="stylesheet"><script src="../pagefind/pagefind-ui.js"></script>
<div id="search"></div>
<script>new PagefindUI({element: "#search", showSubResults: false, debounceTimeoutMs: 0, resetStyles: false});</script>
</html>"""


def expected(query: dict) -> list[str]:
    targets = query["expect"] if isinstance(query["expect"], list) else [query["expect"]]
    return [str(t) if str(t).endswith("/") else f"methods/{t}/" for t in targets]


def page_path(href: str, base: str) -> str:
    path = unquote(urlparse(href).path)
    prefix = urlparse(base).path.rstrip("/") + "/"
    path = path[len(prefix):] if path.startswith(prefix) else path.lstrip("/")
    return path.removesuffix("index.html")


def run(engine: str, base: str, browser, path: str, measure) -> list[dict]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + path)
    measure(page, "社区")  # warm-up: each engine loads its index before the timed queries
    out = []
    for query in QUERIES:
        ms, hrefs = measure(page, str(query["q"]))
        ranked = []
        for href in hrefs:
            target = page_path(href.split("#")[0], base)
            if target not in ranked:
                ranked.append(target)
        ranks = [ranked.index(t) + 1 for t in expected(query) if t in ranked]
        out.append({"q": query, "rank": min(ranks) if ranks else None, "ms": ms, "top": ranked[:3]})
    page.close()
    return out


def report(engine: str, results: list[dict]) -> dict:
    rows = {}
    for subset, keep in SUBSETS:
        chosen = [r for r in results if keep(r["q"])]
        n = len(chosen)
        rows[subset] = (n, sum(r["rank"] == 1 for r in chosen) / n, sum(bool(r["rank"] and r["rank"] <= 5) for r in chosen) / n,
                        sum(1 / r["rank"] for r in chosen if r["rank"]) / n)
    times = [r["ms"] for r in results]
    rows["ms"] = (statistics.median(times), percentile(times, 0.95))
    return rows


def main(synthetic: int, skip_synthetic: bool, ours_only: bool, misses: bool) -> None:
    with tempfile.TemporaryDirectory() as work:
        ours, stock = os.path.join(work, "ours"), os.path.join(work, "stock")
        print(f"构建本项目的网站：{build(ours):.1f} 秒")
        if ours_only:
            with chromium() as browser, serve_site(ours) as base:
                results = run("ours", base, browser, "/", lambda p, q: p.evaluate(OURS, q))
            # Tuning runs see the tuning set only: the cadres' set is measured by the full run.
            print_table({"本项目": report("ours", results)}, [s for s, _ in SUBSETS if s.startswith("调优集")])
            if misses:
                print_misses(results)
            return
        print(f"构建 Material 原生搜索版：{build_stock(stock):.1f} 秒")
        pagefind = os.path.join(work, "pagefind")
        shutil.copytree(ours, pagefind)
        subprocess.run([sys.executable, "-m", "pagefind", "--site", pagefind, "--quiet"], check=True)
        os.makedirs(os.path.join(pagefind, "pagefind-bench"))
        with open(os.path.join(pagefind, "pagefind-bench", "index.html"), "w", encoding="utf-8") as handle:
            handle.write(PAGEFIND_PAGE)
        table = {}
        with chromium() as browser:
            with serve_site(ours) as base:
                table["本项目"] = report("ours", run("ours", base, browser, "/", lambda p, q: p.evaluate(OURS, q)))
            with serve_site(stock) as base:
                table["Material + jieba"] = report("stock", run("stock", base, browser, "/", lambda p, q: p.evaluate(
                    SETTLE, [q, ".md-search__input", ".md-search-result", ".md-search-result__item > a.md-search-result__link"])))
            with serve_site(pagefind) as base:
                table["Pagefind 1.5 extended"] = report("pagefind", run("pagefind", base, browser, "/pagefind-bench/", lambda p, q: p.evaluate(
                    SETTLE, [q, ".pagefind-ui__search-input", ".pagefind-ui__results-area", "a.pagefind-ui__result-link"])))
        print_table(table)
        size = os.path.getsize(os.path.join(ours, "search", "index.js"))
        print(f"\n本项目索引（{len(QUERIES)} 条查询所用网站）：{size / 1024:.0f} KB，gzip 后 {gzip_size(os.path.join(ours, 'search', 'index.js')) / 1024:.0f} KB")
    if not skip_synthetic:
        scale(synthetic)


def print_misses(results: list[dict]) -> None:
    """The tuning set's queries whose relevant page is not first (the cadres' set is measured, not looked into)."""
    print("\n调优集中未排第一的查询：")
    for r in results:
        if r["q"]["group"] == "tuning" and r["rank"] != 1:
            print(f"  {r['q']['q']}：名次 {r['rank']}，前三 {r['top']}")


def build_stock(site: str) -> float:
    """The same site with Material's search plugin, configured as its Chinese-search docs say."""
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = handle.read()
    config = config.replace("plugins: []", "plugins:\n  - search:\n      separator: '[\\s\\u200b\\-]'")
    path = os.path.join(ROOT, ".mkdocs-stock-search.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(config)
    try:
        return build(site, config=path)
    finally:
        os.remove(path)


def gzip_size(path: str) -> int:
    with open(path, "rb") as handle:
        return len(gzip.compress(handle.read()))


def print_table(table: dict, subsets: list[str] | None = None) -> None:
    print("\n| 搜索 | 查询集 | 条数 | hit@1 | hit@5 | MRR |")
    print("|---|---|---|---|---|---|")
    for engine, rows in table.items():
        for subset in subsets or [s for s, _ in SUBSETS]:
            n, h1, h5, mrr = rows[subset]
            print(f"| {engine} | {subset} | {n} | {h1:.3f} | {h5:.3f} | {mrr:.3f} |")
    print("\n| 搜索 | 延迟中位数 | 延迟 p95 |")
    print("|---|---|---|")
    for engine, rows in table.items():
        print(f"| {engine} | {rows['ms'][0]:.1f} ms | {rows['ms'][1]:.1f} ms |")


def scale(n: int) -> None:
    """This project's search with N synthetic methods: latency and index size per method."""
    folder = corpus(n)
    with tempfile.TemporaryDirectory() as site:
        print(f"\n构建真实方法 + {n} 个合成方法：{build(site, folder):.1f} 秒")
        path = os.path.join(site, "search", "index.js")
        methods = n + len([f for _, _, fs in os.walk(os.path.join(ROOT, "methods")) for f in fs if f.endswith(".md")])
        raw, packed = os.path.getsize(path), gzip_size(path)
        print(f"索引：{raw / 1024 / 1024:.1f} MB，gzip 后 {packed / 1024 / 1024:.2f} MB；"
              f"每个方法 {raw / methods / 1024:.2f} KB，gzip 后 {packed / methods / 1024:.2f} KB")
        with serve_site(site) as base, chromium() as browser:
            results = run("ours", base, browser, "/", lambda p, q: p.evaluate(OURS, q))
            results += run("ours", base, browser, "/", lambda p, q: p.evaluate(OURS, q))
        times = [r["ms"] for r in results]
        print(f"{len(times)} 次查询（在 {methods} 个方法中）：延迟中位数 {statistics.median(times):.1f} ms，"
              f"p95 {percentile(times, 0.95):.1f} ms，最长 {max(times):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="比较本项目的搜索、Material 原生搜索和 Pagefind 的准确率与速度。")
    parser.add_argument("--synthetic", type=int, default=5000, help="测速时加入的合成方法数（默认 5000）")
    parser.add_argument("--skip-synthetic", action="store_true", help="不做大规模测速")
    parser.add_argument("--ours-only", action="store_true", help="只测本项目的搜索、只报调优集（调试用，不做比较和测速）")
    parser.add_argument("--misses", action="store_true", help="和 --ours-only 一起：列出调优集中未排第一的查询")
    args = parser.parse_args()
    main(args.synthetic, args.skip_synthetic, args.ours_only, args.misses)
