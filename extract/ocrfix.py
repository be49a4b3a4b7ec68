"""The usual OCR confusions, undone inside amounts and codes only.

A recognizer reads `2O1` for the code 201, `l,234.56` for 1,234.56, a full-width `，` for the
thousands comma, `1,234,56` where the decimal point was a comma, `13, 377.11` with a stray
space. Inside a piece of text that is otherwise a number these readings have one meaning, so
they are fixed. Anywhere else (a row label, a title, a note) nothing is changed: `l` in a
label stays `l`, and a label that reads oddly is left for the reader to see.

A piece is fixed only when the fixed text *is* an amount or a code (the whole piece), so a
label like `1.一般公共预算` (an ordinal) or `O类` is never touched.
"""

from __future__ import annotations

import regex as re

from .ocrengine import Glyph

# characters that may belong to a number as a recognizer prints it
_NUMBERISH = set("0123456789Ool,，.．。 -−－０１２３４５６７８９")
_MAP = {"O": "0", "o": "0", "l": "1", "，": ",", "．": ".", "。": ".", "−": "-", "－": "-",
        **{chr(0xFF10 + i): str(i) for i in range(10)}}
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_COMMA_FOR_DOT = re.compile(r"^(-?\d{1,3}(?:,\d{3})*),(\d{2})$")


def fix_number(text: str) -> str | None:
    """The amount or code `text` stands for, or None when it is not one. No spaces inside."""
    if not any(ch.isdigit() for ch in text):
        return None
    mapped = "".join(_MAP.get(ch, ch) for ch in text)
    m = _COMMA_FOR_DOT.match(mapped)
    if m:                  # no thousands group has two digits: the last comma was the point
        mapped = f"{m.group(1)}.{m.group(2)}"
    if _AMOUNT.match(mapped):
        return mapped
    return None


def fix_glyphs(glyphs: tuple[Glyph, ...] | list[Glyph]) -> list[Glyph]:
    """A recognized line piece with its numbers fixed: each maximal run of number-like
    characters that fixes into an amount or a code is replaced by the fixed characters,
    spread over the run's width with the run's lowest confidence. A space inside a run is
    dropped when the number reads on across it (a thousands group after it, or a gap
    narrower than a character); otherwise the run is two numbers."""
    out: list[Glyph] = []
    i, n = 0, len(glyphs)
    while i < n:
        if glyphs[i].text not in _NUMBERISH or glyphs[i].text == " ":
            out.append(glyphs[i])
            i += 1
            continue
        j = i
        while j < n and glyphs[j].text in _NUMBERISH:
            j += 1
        out += _fix_run(list(glyphs[i:j]))
        i = j
    return out


def _fix_run(run: list[Glyph]) -> list[Glyph]:
    # split at spaces that separate two numbers; keep those inside one
    parts: list[list[Glyph]] = [[]]
    for k, g in enumerate(run):
        if g.text == " " or (k and run[k].x0 - run[k - 1].x1 > 0.6 * (g.bottom - g.top)):
            left = "".join(x.text for x in parts[-1])
            right = "".join(x.text for x in run[k:] if x.text != " ")
            joined = fix_number(left + _first_number(right)) if left else None
            keep_together = joined is not None and (
                _GROUPED.match(joined) or _narrow(parts[-1], run[k:]))
            if g.text == " ":
                if not keep_together:
                    parts.append([])
                continue
            if not keep_together:
                parts.append([])
        parts[-1].append(g)
    out: list[Glyph] = []
    for part in parts:
        if not part:
            continue
        text = "".join(g.text for g in part)
        fixed = fix_number(text)
        if fixed is None or fixed == text and len(part) == len(fixed):
            out += part
            continue
        x0, x1 = part[0].x0, part[-1].x1
        top, bottom = min(g.top for g in part), max(g.bottom for g in part)
        conf = min(g.confidence for g in part)
        step = (x1 - x0) / len(fixed)
        out += [Glyph(ch, x0 + k * step, top, x0 + (k + 1) * step, bottom, conf)
                for k, ch in enumerate(fixed)]
    return out


def _first_number(text: str) -> str:
    m = re.match(r"[0-9Ool,，.．]+", text)
    return m.group(0) if m else ""


def _narrow(left: list[Glyph], right: list[Glyph]) -> bool:
    rest = [g for g in right if g.text != " "]
    if not left or not rest:
        return False
    return rest[0].x0 - left[-1].x1 <= 0.6 * (rest[0].bottom - rest[0].top)
