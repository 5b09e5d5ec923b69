"""How fast the 筛选 page reacts with a large collection.

Usage: python bench/filter_bench.py [N] [--site DIR]
  N        synthetic methods added to the real ones (default 5000)
  --site   build into DIR, or reuse DIR when it already holds a built site

Builds the site, opens /filter/ in headless Chromium at phone and desktop
widths and changes the filters many times; prints the time per change (from
the change event until the new result is laid out — the work the page does),
the time until the next frame starts (which adds the wait for the screen's
refresh), and the size of the data file the page loads.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import tempfile

from common import build, corpus, percentile

from browser import chromium, serve_site

CHANGES = [("province", 1), ("theme", 1), ("kind", 1), ("theme", 2), ("list", 1), ("province", 3),
           ("category", 1), ("kind", 0), ("theme", 0), ("province", 0), ("list", 0), ("category", 0)]

MEASURE = """async ([field, index]) => {
  const select = document.querySelector(`#kb-filter select[name=${field}]`);
  const value = select.options[Math.min(index, select.options.length - 1)].value;
  const start = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  document.body.offsetHeight;               // force style and layout of the new result
  const laidOut = performance.now() - start;
  await new Promise(requestAnimationFrame);  // the next frame (includes waiting for vsync)
  return [laidOut, performance.now() - start];
}"""


def main(n: int, keep: str | None) -> None:
    folder = corpus(n)
    with tempfile.TemporaryDirectory() as scratch:
        site = keep or scratch
        if os.path.isfile(os.path.join(site, "data", "methods.json")):
            print(f"沿用已构建的网站：{site}")
        else:
            print(f"构建（真实方法 + {n} 个合成方法）：{build(site, folder):.1f} 秒")
        measure(site)


def measure(site: str) -> None:
    data = open(os.path.join(site, "data", "methods.json"), "rb").read()
    print(f"data/methods.json：{len(data) / 1024:.0f} KB，gzip 后 {len(gzip.compress(data)) / 1024:.0f} KB")
    handled, drawn = [], []
    with serve_site(site) as base, chromium() as browser:
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 844})
            page.goto(base + "/filter/")
            page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")
            for round_ in range(6):
                for change in CHANGES:
                    work, frame = page.evaluate(MEASURE, list(change))
                    if round_:  # the first round warms up the page and is not counted
                        handled.append(work)
                        drawn.append(frame)
            page.close()
    for label, values in (("每次筛选（事件 → 新结果完成排版）", handled), ("到下一帧开始（含等待屏幕刷新）", drawn)):
        print(f"{label}：{len(values)} 次，中位数 {statistics.median(values):.1f} ms，"
              f"p95 {percentile(values, 0.95):.1f} ms，最长 {max(values):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="测量筛选页在大量方法时的响应时间。")
    parser.add_argument("n", nargs="?", type=int, default=5000, help="合成方法的数量（默认 5000）")
    parser.add_argument("--site", help="构建到这个目录；目录里已有网站时直接沿用")
    args = parser.parse_args()
    main(args.n, args.site)
