"""Characters → words → text lines, for the parts of a page outside ruled cells (titles, units,
notes, prose, unruled tables) and for the lines inside a cell."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Iterable

import regex as re

from ..chars import join_wrapped
from .geometry import Char


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    chars: tuple[Char, ...] = ()


@dataclass(frozen=True)
class TextLine:
    words: tuple[Word, ...]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def text(self) -> str:
        """Words joined; a space only where two Latin letters or digits meet across a gap (in
        Chinese a gap is layout, not a space: 20 万以上 is 20万以上)."""
        out = ""
        for w in self.words:
            if out and _latin(out[-1]) and _latin(w.text[0]):
                out += " "
            out += w.text
        return out

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,-"


def group_lines(chars: Iterable[Char], line_tol: float = 0.5) -> list[list[Char]]:
    """Characters on one baseline: a character joins a line when its vertical centre lies
    within `line_tol` × its size of the line's centre. Lines sorted top to bottom, characters
    left to right.

    The hot loop of every page (each character passes here once, cells' lines included): one
    sort of (centre, x0, character) keys, a character's fields unpacked once, no call per
    character but the sort's."""
    keyed = sorted([((c[2] + c[4]) / 2, c[1], c) for c in chars])
    lines: list[list[Char]] = []
    line: list[Char] = []
    centre = 0.0
    n = 0
    for cy, _, c in keyed:
        size = c[5]
        if not size > 1.0:
            size = 1.0
        if lines and abs(cy - centre) <= line_tol * size:
            line.append(c)
            n += 1
            centre += (cy - centre) / n
        else:
            line = [c]
            lines.append(line)
            centre, n = cy, 1
    for line in lines:
        if len(line) > 1:
            line.sort(key=_x0)
    return lines


_x0 = itemgetter(1)          # Char.x0: the key of a line's characters, left to right


def split_words(line: list[Char], gap: float) -> list[Word]:
    """Cut a line of characters into words where the horizontal gap exceeds `gap` × size;
    whitespace characters only separate; digits meeting Chinese with any visible gap are two
    cells (534.77 | 一、…).

    A word's top, bottom and size are kept as its characters come (the same first-wins
    comparisons as min/max over them), not recomputed over the word's characters."""
    words: list[Word] = []
    cur: list[Char] = []
    texts: list[str] = []
    top = bottom = wsize = 0.0
    prev_text = ""
    prev_x1 = 0.0
    for c in line:
        t, x0, ctop, x1, cbottom, csize = c
        if not t.strip():
            if cur:
                words.append(Word("".join(texts), cur[0][1], top, cur[-1][3], bottom, wsize,
                                  tuple(cur)))
                cur = []
                texts = []
            continue
        if cur:
            space = x0 - prev_x1
            size = csize if csize > 1.0 else 1.0
            if space > gap * size or (space > 0.15 * size and _numeric(prev_text) != _numeric(t)):
                words.append(Word("".join(texts), cur[0][1], top, cur[-1][3], bottom, wsize,
                                  tuple(cur)))
                cur = []
                texts = []
        if cur:
            if ctop < top:
                top = ctop
            if cbottom > bottom:
                bottom = cbottom
            if csize > wsize:
                wsize = csize
        else:
            top, bottom, wsize = ctop, cbottom, csize
        cur.append(c)
        texts.append(t)
        prev_text, prev_x1 = t, x1
    if cur:
        words.append(Word("".join(texts), cur[0][1], top, cur[-1][3], bottom, wsize, tuple(cur)))
    return words


_SIGN = re.compile(r"^[-+－—]$")
_HEAD = re.compile(r"^[-+]?\d{1,3}$")                 # 1 | 234.00, - | 220,580 (sign alone)
_THOUSANDS = re.compile(r"^\d{3}(?:,\d{3})*(?:\.\d+)?$")
_DIGITS = re.compile(r"^[-+]?[\d,]*\d\.?$|^\.\d+$|^\d+$")


def _number_pieces(a: Word, b: Word) -> bool:
    """Two words that are the pieces of one printed number: a sign and its digits
    (- 220,580), digits and their thousands group (1 234.00), an integer part and its decimals
    across the point (102. 7, 5 .00). Only pieces a space or less apart, so that amounts of
    neighbouring columns stay apart (12.00 34.00 never joins: neither is a piece)."""
    if b.x0 - a.x1 > 0.6 * max(a.size, b.size):
        return False
    if _SIGN.match(a.text):
        return bool(_DIGITS.match(b.text) or _THOUSANDS.match(b.text))
    if a.text.endswith(".") and b.text.isdigit():
        return bool(_DIGITS.match(a.text))
    if b.text.startswith(".") and b.text[1:].isdigit():
        return a.text.replace(",", "").isdigit()
    return bool(_HEAD.match(a.text) and _THOUSANDS.match(b.text))


def join_number_pieces(words: list[Word]) -> list[Word]:
    """Numbers the text layer printed as several objects with a gap between (a sign drawn
    apart, 1 234.00 with a thin space) are one word, as their glyphs are one number."""
    out: list[Word] = []
    for w in words:
        if out and _number_pieces(out[-1], w):
            a = out.pop()
            w = Word(a.text + w.text, a.x0, min(a.top, w.top), w.x1, max(a.bottom, w.bottom),
                     max(a.size, w.size), a.chars + w.chars)
        out.append(w)
    return out


def text_lines(chars: Iterable[Char], gap: float = 0.4, line_tol: float = 0.5) -> list[TextLine]:
    out = []
    for line in group_lines(chars, line_tol):
        words = join_number_pieces(split_words(line, gap))
        if not words:
            continue
        first = words[0]
        x0, top, x1, bottom, size = first.x0, first.top, first.x1, first.bottom, first.size
        for w in words:          # min/max's own first-wins comparisons, in one pass
            if w.x0 < x0:
                x0 = w.x0
            if w.top < top:
                top = w.top
            if w.x1 > x1:
                x1 = w.x1
            if w.bottom > bottom:
                bottom = w.bottom
            if w.size > size:
                size = w.size
        out.append(TextLine(tuple(words), x0, top, x1, bottom, size))
    return out


def cell_text(lines: list[TextLine]) -> str:
    """The lines of one cell as one string: wrapped Chinese rejoined without spaces."""
    return join_wrapped([ln.text for ln in lines])
