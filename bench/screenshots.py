"""Screenshots of built pages at phone and desktop widths, for looking at.

Usage: python bench/screenshots.py [PAGE …]   (pages relative to site/, default: home and 军门)
Writes PNGs to bench/out/ and prints each file with the page's horizontal overflow in pixels.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

from browser import chromium, serve_site  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")


def main(pages: list[str]) -> None:
    os.makedirs(OUT, exist_ok=True)
    with serve_site() as base, chromium() as browser:
        for page_path in pages:
            for label, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + page_path)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                name = (page_path.strip("/").replace("/", "_") or "home") + f"_{label}.png"
                page.screenshot(path=os.path.join(OUT, name), full_page=True)
                print(f"{name}: 横向溢出 {overflow}px")
                page.close()


if __name__ == "__main__":
    main(sys.argv[1:] or ["/", "/methods/junmen-13335/"])
