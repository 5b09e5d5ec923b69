"""Number formulas (数字口诀): how the text of a formula agrees with its parts.

A formula's meaning is data. ``reading`` says how the numbers in its text
relate to its parts; nothing here guesses a meaning from the digits.

- 逐位: each digit is one part, in order (13335 → parts numbered 1, 3, 3, 3, 5)
- 逐项: each Chinese numeral is one part (一分两统三定四变 → 1, 2, 3, 4)
- 计数: the leading number counts the parts (六个一 → six parts; 三事分流 → three)
- 整数: the number is a quantity, not a list of parts (西岗 “365”: 365 days)
"""

from __future__ import annotations

READINGS = {
    "逐位": "每个数字代表一部分",
    "逐项": "每个数词代表一部分",
    "计数": "开头的数表示共几项",
    "整数": "数字作为一个整体",
}
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_numbers(text: str) -> list[int]:
    """The Chinese numerals in ``text``, in order: 一分两统三定四变 → [1, 2, 3, 4]; 十大 → [10]."""
    numbers, run = [], ""
    for char in text + " ":
        if char in DIGITS or char in "十百":
            run += char
        elif run:
            numbers.append(_numeral_value(run))
            run = ""
    return numbers


def _numeral_value(run: str) -> int:
    total, current = 0, 0
    for char in run:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = current * 10 + DIGITS[char] if current else DIGITS[char]
    return total + current


def leading_number(text: str) -> int | None:
    digits = ""
    for char in text.translate(FULLWIDTH_DIGITS):
        if char.isdigit():
            digits += char
        elif digits:
            break
    if digits:
        return int(digits)
    numbers = chinese_numbers(text)
    return numbers[0] if numbers else None


def check(formula: dict) -> list[tuple[str, str]]:
    """Problems as (field path below formula, message)."""
    text = formula.get("text")
    reading = formula.get("reading")
    parts = formula.get("parts") or []
    if not isinstance(text, str) or not isinstance(parts, list):
        return []
    numbers = [p.get("number") if isinstance(p, dict) else None for p in parts]
    if text != text.translate(FULLWIDTH_DIGITS):
        return [("text", f"口诀“{text}”用了全角数字，应写作“{text.translate(FULLWIDTH_DIGITS)}”。")]
    if reading == "逐位":
        return _check_digits(text, numbers)
    if reading == "逐项":
        expected = chinese_numbers(text)
        if not expected:
            return [("reading", f"口诀“{text}”中没有汉字数词，读法不能是“逐项”。")]
        return _check_sequence(text, expected, numbers, "个数词")
    if reading == "计数":
        count = leading_number(text)
        if count is None:
            return [("reading", f"口诀“{text}”中没有数字，读法不能是“计数”。")]
        if parts and len(parts) != count:
            return [("parts", f"口诀“{text}”表示共 {count} 项，组成部分却列了 {len(parts)} 项。"
                              "来源只提到其中几项时，请把 parts 留空，在正文中说明。")]
        return []
    if reading == "整数":
        if not text.isdigit():
            return [("reading", f"读法“整数”只用于纯数字口诀，“{text}”不是。")]
        if not formula.get("meaning"):
            return [("meaning", f"读法为“整数”时要写明“{text}”整体指什么（meaning），例如“全年365天”。")]
    return []


def _check_digits(text: str, numbers: list) -> list[tuple[str, str]]:
    if not text.isdigit():
        return [("reading", f"读法“逐位”只用于纯数字口诀，“{text}”含有其他字，应选“逐项”或“计数”。")]
    return _check_sequence(text, [int(d) for d in text], numbers, "位数字")


def _check_sequence(text: str, expected: list[int], numbers: list, unit: str) -> list[tuple[str, str]]:
    if len(numbers) != len(expected):
        return [("parts", f"口诀“{text}”有 {len(expected)} {unit}，组成部分却有 {len(numbers)} 项；"
                          f"应按顺序列出 {len(expected)} 项，number 依次为 {'、'.join(map(str, expected))}。")]
    problems = []
    for index, (want, got) in enumerate(zip(expected, numbers)):
        if got != want:
            problems.append((f"parts[{index}].number",
                             f"口诀“{text}”第 {index + 1} 部分的数字是 {want}，这里却写了 {got}。"))
    return problems


# Shapes of formulas, for the formula index: how a cadre drafting a formula would group them.
SHAPES = {
    "digits": ("纯数字", "只由阿拉伯数字组成，如 13335、12345、4335；每位数字对应一部分（365 这类整数除外）。"),
    "paired": ("成对", "两个相同的数各带一个字，前后呼应，如“四小四大”：四个“小”抓手带动四个“大”目标。"),
    "chain": ("序列", "一串依次递增的汉字数词，每个数词领起一部分，如“一分两统三定四变”。"),
    "number_word": ("数字+字", "一个汉字数词加上说明，数表示共几项，如“六个一”“三事分流”“十大服务体系”。"),
}


def shape(formula: dict) -> str:
    text = formula.get("text") or ""
    if text.isdigit():
        return "digits"
    if formula.get("reading") == "逐项":
        return "chain"
    if len(text) == 4 and text[0] == text[2] and text[0] in DIGITS:
        return "paired"
    return "number_word"
