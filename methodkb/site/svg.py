"""Charts and the province tile map as inline SVG: no library, no network.

Each figure carries a <title> and <desc>, and every page that shows one also
shows the same figures as a table, so the numbers are there for screen readers.
A figure whose parts are links is a group of links, not an image: a screen reader
must reach each link, and an image may not hold anything focusable.
"""

from __future__ import annotations

from html import escape

TILE = 56   # tile size in the map, px
GAP = 4
SHADES = ["#f5f5f5", "#ffcdd2", "#ef9a9a", "#e57373", "#e53935", "#b71c1c"]  # 0, then rising counts
DARK_TEXT, LIGHT_TEXT = "#212121", "#ffffff"


def text_on(fill: str) -> str:
    """The text colour that reads better on ``fill`` (WCAG contrast ratio)."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda colour: _contrast(colour, fill))


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def shade(count: int, highest: int) -> str:
    if count <= 0:
        return SHADES[0]
    steps = len(SHADES) - 1
    return SHADES[1 + min(steps - 1, (count - 1) * steps // max(1, highest))]


def tile_map(provinces: dict, counts: dict[str, int], href) -> str:
    """One equal tile per provincial-level division, laid out roughly geographically,
    shaded by count, each tile a link (``href(name)``) when it has methods."""
    rows = max(p["tile"][0] for p in provinces.values()) + 1
    cols = max(p["tile"][1] for p in provinces.values()) + 1
    width, height = cols * (TILE + GAP), rows * (TILE + GAP)
    highest = max(counts.values(), default=0)
    total = sum(counts.values())
    shown = sum(1 for name in provinces if counts.get(name))
    out = [f'<svg class="kb-tilemap" viewBox="0 0 {width} {height}" role="group" aria-labelledby="kb-map-title kb-map-desc" '
           f'xmlns="http://www.w3.org/2000/svg">',
           '<title id="kb-map-title">各省级行政区收录的方法数</title>',
           f'<desc id="kb-map-desc">{len(provinces)} 个方块各代表一个省级行政区，颜色越深方法越多；'
           f'共 {total} 个方法，分布在 {shown} 个省级行政区。下方表格列出了全部数字。</desc>']
    for name, entry in provinces.items():
        row, col = entry["tile"]
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        count = counts.get(name, 0)
        fill = shade(count, highest)
        text = text_on(fill)
        tile = (f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="6" fill="{fill}" stroke="#bdbdbd"/>'
                f'<text x="{x + TILE / 2}" y="{y + 24}" text-anchor="middle" font-size="14" fill="{text}">{escape(entry["short"])}</text>'
                f'<text x="{x + TILE / 2}" y="{y + 44}" text-anchor="middle" font-size="15" font-weight="700" fill="{text}">{count}</text>')
        label = f"{name}：{count} 个方法"
        if count:
            out.append(f'<a href="{escape(href(name))}" aria-label="{escape(label)}"><title>{escape(label)}</title>{tile}</a>')
        else:
            out.append(f'<g aria-label="{escape(label)}"><title>{escape(label)}</title>{tile}</g>')
    out.append("</svg>")
    return "".join(out)


def bar_chart(title: str, rows: list[tuple[str, int]], href=None) -> str:
    """Horizontal bars, one per (label, count), longest first as given."""
    label_width, bar_width, row_height = 150, 210, 26
    highest = max((count for _, count in rows), default=0) or 1
    height = row_height * len(rows) + 8
    width = label_width + bar_width + 48
    role = "group" if href else "img"
    out = [f'<svg class="kb-chart" viewBox="0 0 {width} {height}" role="{role}" aria-label="{escape(title)}" '
           'xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(title)}</title>",
           f"<desc>{escape('；'.join(f'{label} {count}' for label, count in rows))}</desc>"]
    for index, (label, count) in enumerate(rows):
        y = index * row_height + 4
        length = round(bar_width * count / highest)
        text = escape(label if len(label) <= 10 else label[:9] + "…")
        item = (f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="currentColor">{text}</text>'
                f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 1)}" height="{row_height - 8}" rx="3" fill="#e53935"/>'
                f'<text x="{label_width + length + 6}" y="{y + 17}" font-size="13" fill="currentColor">{count}</text>')
        if href and href(label):
            out.append(f'<a href="{escape(href(label))}"><title>{escape(label)}：{count}</title>{item}</a>')
        else:
            out.append(f"<g><title>{escape(label)}：{count}</title>{item}</g>")
    out.append("</svg>")
    return "".join(out)
