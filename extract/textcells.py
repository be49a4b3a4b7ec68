"""One line of a text dump → cells, and what each cell looks like (amount, code, label).

Plain dumps separate cells by one space and lose positions; layout dumps (pdftotext -layout)
separate them by runs of spaces and keep each cell's character offset, which later places
cells in their column when a row leaves some blank.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex as re

from ..patterns import AMOUNT, CODE, CODE_PART, NULL_AMOUNT
from .textpages import PLAIN


@dataclass(frozen=True)
class Cell:
    text: str
    start: int   # offset of the first printed character in the line
    end: int     # offset after the last printed character

    @property
    def is_amount(self) -> bool:
        return is_amount(self.text)

    @property
    def is_code_shaped(self) -> bool:
        return bool(CODE.match(self.text))


def is_amount(text: str) -> bool:
    t = unicodedata.normalize("NFKC", text).strip()
    return bool(t) and (t in NULL_AMOUNT or bool(AMOUNT.match(t)))


_PLAIN_GAP = re.compile(r"[ \t]+|(?<=[^\s\u3000])\u3000")


def split_cells(text: str, style: str, gap: int) -> list[Cell]:
    """Cells of one line. In plain style every run of ASCII spaces separates cells (an
    ideographic-space indent stays on its cell: it carries the row's level); in layout style
    only runs of at least `gap` spaces do. Some dumps put a full-width space U+3000 between
    cells: in plain style the first U+3000 after a printed character separates (any further
    ones are the next cell's indent)."""
    pattern = _PLAIN_GAP if style == PLAIN else re.compile(r"[ \t]{%d,}" % gap)
    cells, pos = [], 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            cells.append(_cell(text, pos, m.start()))
        pos = m.end()
    if pos < len(text):
        cells.append(_cell(text, pos, len(text)))
    return [c for c in cells if c.text.strip()]


def _cell(text: str, start: int, end: int) -> Cell:
    piece = text[start:end]
    # an ideographic indent belongs to the label; trailing ones are noise
    piece = piece.rstrip(" \t\u3000")
    lead = len(piece) - len(piece.lstrip(" \t"))
    return Cell(piece[lead:], start + lead, start + lead + len(piece[lead:]))


def leading_codes(cells: list[Cell]) -> int:
    """How many leading cells form a classification code: 2080505, or 类/款/项 parts printed
    in separate columns (208 05 05). Returns 0 when the first cell is not code-shaped."""
    if not cells or not cells[0].is_code_shaped:
        return 0
    n = 1
    if len(cells[0].text) == 3:
        while n < 3 and n < len(cells) and CODE_PART.match(cells[n].text):
            n += 1
    return n
