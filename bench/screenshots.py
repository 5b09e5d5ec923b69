"""Screenshots of built pages at phone and desktop widths, for looking at.

Usage: python bench/screenshots.py [PAGE …] [--all] [--full]
  PAGE    pages relative to site/ (default: home and 军门)
  --all   every page type: home, method, each index, filter, search results, collection
  --full  the whole page, not the first screen

Writes PNGs to bench/out/ and prints each file with the page's horizontal overflow in pixels
and what axe-core finds, of any impact (WCAG 2.2 A/AA, which includes target-size: tap targets
of 24×24 px or spaced apart, and axe's best practices; the tests fail on serious and critical).
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from browser import chromium, serve_site  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
# "#search=…" is not a URL of the site: it opens the page and types the query into the search box.
EVERY_TYPE = ["/", "/methods/junmen-13335/", "/methods/", "/provinces/", "/provinces/hunan/", "/themes/",
              "/themes/xieshang/", "/formulas/", "/lists/", "/lists/mz-2014-top/", "/filter/",
              "/filter/?province=%E6%B9%96%E5%8D%97%E7%9C%81", "/#search=矛盾纠纷", "/stats/", "/collections/",
              "/collections/hunan/", "/sources/mz-2018-42/", "/criteria/", "/reference/fields/", "/guide/"]


def axe_findings(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]})
    return [f"{v['id']}（{v['impact']}）" for v in result.response["violations"]]


def shoot(browser, base: str, where: str, label: str, full: bool) -> str:
    width, height = SIZES[label]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        path, _, query = where.partition("#search=")
        page.goto(base + path)
        if path.startswith("/filter/"):
            page.wait_for_function("document.querySelector('.kb-filter__count').textContent.startsWith('共')")
        if query:
            if page.locator(".kb-search__open").is_visible():
                page.locator(".kb-search__open").click()
            page.locator(".kb-search__input").fill(query)
            page.locator(".kb-search__results li").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        found = axe_findings(page)
        name = (where.strip("/").replace("/", "_").replace("#search=", "search_").replace("?", "_") or "home")
        name = name.replace("%", "")[:60] + f"_{label}.png"
        page.screenshot(path=os.path.join(OUT, name), full_page=full)
        return f"{name}: 横向溢出 {overflow}px；axe 发现 {len(found)} 项{('：' + '、'.join(found)) if found else ''}"
    finally:
        page.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="为页面截图（手机 390px、桌面 1280px）")
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)
    pages = EVERY_TYPE if args.all else args.pages or ["/", "/methods/junmen-13335/"]
    os.makedirs(OUT, exist_ok=True)
    with serve_site() as base, chromium() as browser:
        for where in pages:
            for label in SIZES:
                print(shoot(browser, base, where, label, args.full))


if __name__ == "__main__":
    main()
