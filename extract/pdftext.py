"""Characters → words → text lines, for the parts of a page outside ruled cells (titles, units,
notes, prose, unruled tables) and for the lines inside a cell."""

from __future__ import annotations

from dataclasses import dataclass
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
    left to right."""
    keyed = sorted(((c.top + c.bottom) / 2, c.x0, c) for c in chars)
    lines: list[list[Char]] = []
    centre = 0.0
    n = 0
    for cy, _, c in keyed:
        size = c.size if c.size > 1.0 else 1.0
        if lines and abs(cy - centre) <= line_tol * size:
            lines[-1].append(c)
            n += 1
            centre += (cy - centre) / n
        else:
            lines.append([c])
            centre, n = cy, 1
    for line in lines:
        line.sort(key=_x0)
    return lines


def _x0(c: Char) -> float:
    return c.x0


def split_words(line: list[Char], gap: float) -> list[Word]:
    """Cut a line of characters into words where the horizontal gap exceeds `gap` × size;
    whitespace characters only separate; digits meeting Chinese with any visible gap are two
    cells (534.77 | 一、…)."""
    words: list[Word] = []
    cur: list[Char] = []
    prev = None
    for c in line:
        t = c.text
        if not t.strip():
            if cur:
                words.append(_word(cur))
                cur = []
            prev = None
            continue
        if prev is not None:
            space = c.x0 - prev.x1
            size = c.size if c.size > 1.0 else 1.0
            if space > gap * size or (space > 0.15 * size and _numeric(prev.text) != _numeric(t)):
                words.append(_word(cur))
                cur = []
        cur.append(c)
        prev = c
    if cur:
        words.append(_word(cur))
    return words


def _word(cur: list[Char]) -> Word:
    return Word("".join(c.text for c in cur), cur[0].x0, min(c.top for c in cur), cur[-1].x1,
                max(c.bottom for c in cur), max(c.size for c in cur), tuple(cur))


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
        if words:
            out.append(TextLine(tuple(words), min(w.x0 for w in words), min(w.top for w in words),
                                max(w.x1 for w in words), max(w.bottom for w in words),
                                max(w.size for w in words)))
    return out


def cell_text(lines: list[TextLine]) -> str:
    """The lines of one cell as one string: wrapped Chinese rejoined without spaces."""
    return join_wrapped([ln.text for ln in lines])
