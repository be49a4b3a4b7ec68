"""Character-level helpers shared by every path: spaces, keys for comparison, joins, similarity.

Printed text is kept as printed; these functions only build *keys* to compare strings that
differ in spacing, full/half width or quotes, and join the pieces of wrapped Chinese text.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import regex as re

IDEOGRAPHIC_SPACE = "\u3000"
# Whitespace a disclosure uses: ASCII, the ideographic space, no-break space, tabs.
SPACES = " \t\u3000\u00a0"
_WS = re.compile(r"[\s\u3000\u00a0]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞]")
_YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?)")
_OWNER_PREFIX = re.compile(r"^(?:预算单位|部门|单位|本部门|本单位)(?=\S{3})")
_HAN = re.compile(r"\p{Han}")


def compact(text: str) -> str:
    """Remove every kind of whitespace (wrapped Chinese text has none of its own)."""
    return _WS.sub("", text)


def squeeze(text: str) -> str:
    """Strip and collapse runs of whitespace to one ASCII space."""
    return _WS.sub(" ", text).strip()


def key(text: str) -> str:
    """A comparison key: NFKC (full-width → half-width), no whitespace, no quotes."""
    return _QUOTES.sub("", compact(unicodedata.normalize("NFKC", text)))


def title_key(title: str) -> str:
    """Key for a table title: also drop a leading year (2024年度) and a leading 部门/单位,
    which vary between documents of one kind."""
    k = key(digit_years(title))
    k = _YEAR_PREFIX.sub("", k)
    k = _OWNER_PREFIX.sub("", k)
    return k


# a year whose zeros the text layer holds as the letter O (2O21年: an Acrobat export whose
# font maps the glyph of 0 to O); only before 年, so words with an O stay as printed
_LETTER_O_YEAR = re.compile(r"(?<![A-Za-z0-9])(?:19|2[0Oo])[0-9Oo]{2}(?=\s*年)")


def digit_years(text: str) -> str:
    """2O21年 → 2021年: a year printed with the letter O read as the year it shows."""
    if "O" not in text and "o" not in text:
        return text
    return _LETTER_O_YEAR.sub(lambda m: m.group().replace("O", "0").replace("o", "0"), text)


# what may stand before a table's title proper: an outline ordinal (一、 （二） 3.), the year,
# the issuer (江苏省高级人民法院, 哈尔滨市本级): 一、2017年度江苏省高级人民法院部门收支预算总表
_ORDINAL_HEAD = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]、?"
                           r"|\d{1,2}[、.．](?!\d))")
_TITLE_CUT = re.compile(r"(?:19|20)\d{2}年度?|(?=部门|单位)")
_ISSUER_END = frozenset("院局委厅办会部处室心馆所站队校学社团府省市区县镇乡道司级")


def title_keys(title: str) -> tuple[str, ...]:
    """The keys a printed title may be known by: its title_key, and that of the title proper
    after an ordinal, a year or an issuer printed before it (the issuer: a name ending as
    names of offices and places end, 院 局 委 … 市 区 县 本级)."""
    k = _ORDINAL_HEAD.sub("", key(digit_years(title)))
    out = [title_key(k)]
    for m in _TITLE_CUT.finditer(k):
        if m.start() == 0 and m.end() == 0:
            continue
        head = _YEAR_SUFFIX.sub("", k[:m.start()])
        if head and head[-1] not in _ISSUER_END:
            continue
        tail = title_key(k[m.end():])
        if len(tail) >= 4 and tail not in out:
            out.append(tail)
    return tuple(out)


_YEAR_SUFFIX = re.compile(r"(?:19|20)\d{2}年度?$")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def join_wrapped(pieces: list[str]) -> str:
    """Join the lines of a wrapped cell. Chinese wraps anywhere without a space, so pieces are
    glued directly; only two Latin letters meeting get a space between them."""
    out = ""
    for piece in pieces:
        piece = piece.strip(SPACES) if out else piece.rstrip(SPACES)
        if not piece:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and piece[0].isascii() and piece[0].isalpha():
            out += " "
        out += piece
    return out


def bigrams(text: str) -> Counter:
    return Counter(text[i:i + 2] for i in range(len(text) - 1)) if len(text) > 1 else Counter([text])


def dice(a: str, b: str) -> float:
    """Similarity 0..1 of two strings by shared character bigrams (Sørensen–Dice)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ba, bb = bigrams(a), bigrams(b)
    shared = sum((ba & bb).values())
    return 2.0 * shared / (sum(ba.values()) + sum(bb.values()))


def char_overlap(a: str, b: str) -> float:
    """Similarity 0..1 of two strings as multisets of characters, order ignored.

    Used for headers of text dumps, whose fragments come out in reading order of a merged-cell
    grid (a group label, then a tall cell to its right, then the group's leaves): the
    characters survive, their order does not."""
    if not a or not b:
        return 0.0
    ca, cb = Counter(a), Counter(b)
    return 2.0 * sum((ca & cb).values()) / (len(a) + len(b))


def display_width(text: str) -> int:
    """Columns a string takes in a monospaced dump: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
