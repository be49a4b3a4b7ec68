"""How wide a word printed, when its glyphs were squeezed.

A layout dump keeps where a word starts (its column) but sets every character one column
wide, so a CJK label takes half the width it printed at on the page: centred over its columns
there, it stands left of their middle in the dump and seems to end short of them. A PDF's
CJK glyphs are about as wide as their size; a glyph much narrower was squeezed.
"""

from __future__ import annotations

import unicodedata

from .pdftext import Word

# a wide (CJK) glyph narrower than this share of its size has been squeezed: a layout dump
# sets it one column wide, half the width it printed at (a PDF's CJK glyphs are square)
_SQUEEZED = 0.75


def printed_x1(w: Word) -> float:
    """Where a word's print ended on the page: its right edge, moved right by what its squeezed
    wide glyphs lost. A layout dump keeps where a word starts (its column) but sets a CJK
    label in half the width it printed at, so a label centred over its columns stands left of
    their middle; its start and its printed width still place it. A label joined from lines
    (因公出国 / （境）费) ends where its widest line does."""
    lines: dict[int, list] = {}
    for c in w.chars:
        lines.setdefault(round(c.top / max(c.size, 1.0)), []).append(c)
    out = w.x1
    for chars in lines.values():
        lost = sum(c.size - (c.x1 - c.x0) for c in chars
                   if c.x1 - c.x0 < _SQUEEZED * c.size and unicodedata.east_asian_width(c.text) in ("W", "F"))
        out = max(out, max(c.x1 for c in chars) + lost)
    return out


def character_width(chars, size: float) -> float:
    """How wide one whole character printed where `chars` stand, for measuring indentation
    in characters: the size, or a squeezed CJK glyph's width (a layout dump prints every
    character one column wide, an indent of one full-width space one column too)."""
    for c in chars:
        if unicodedata.east_asian_width(c.text) in ("W", "F") and c.x1 - c.x0 < _SQUEEZED * c.size:
            return c.x1 - c.x0
    return size
