"""A `pdftotext -layout` dump → one `PageGeom` per page, read by the PDF engine.

A layout dump keeps the positions: a character's column is its x and its line is its y. So
each page is laid out again as characters on a monospace grid, and the same table finder,
header rebuilding, sides, captions, notes and stitching read it as they read a PDF page:

- one character per grid cell, x = column × `dump_advance` points; wide characters (CJK,
  full-width forms: East Asian width W or F) take two columns, as pdftotext printed them;
- y = line × `dump_line_height`; every character has the font size `dump_font_size`, so that
  the engine's thresholds (stated in multiples of the font size) mean the same as on a PDF
  page: one space between two words is a visible gap, a blank line a paragraph break;
- spaces (also U+3000 and tabs, expanded to the next multiple of 8 columns) print nothing;
- no rulings: a dump has none, every table is an unruled one.

Pages are those of `textpages.split_pages` (form feeds, printed page numbers, running
headers), so a dump keeps its page numbers whichever way it marks them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Iterable, Iterator

from .. import pageprogress
from ..catalogue import Catalogue
from ..model import RawDocument
from ..settings import Settings
from .geometry import Char, PageGeom
from .textpages import LAYOUT, Line, split_pages

READER = "text-layout"
_TAB = 8


def columns_of(ch: str, wide: int = 2) -> int:
    """Columns a character takes in a monospace dump: `wide` for wide and full-width ones
    (CJK, U+3000, ＡＢＣ), 0 for combining marks, else 1."""
    if unicodedata.combining(ch):
        return 0
    return wide if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def line_chars(text: str, y: float, settings: Settings) -> list[Char]:
    """One dump line → its printed characters on the grid (spaces leave their columns empty)."""
    adv, size, wide = settings.dump_advance, settings.dump_font_size, settings.dump_wide_columns
    # the glyph box sits in the middle of its line, as a PDF glyph's box sits on its baseline
    top = y + (settings.dump_line_height - size) / 2
    out: list[Char] = []
    col = 0
    for ch in text:
        if ch == "\t":
            col = (col // _TAB + 1) * _TAB
            continue
        width = columns_of(ch, wide)
        if ch.isspace() or not ch.isprintable():
            col += width or 1
            continue
        if width:
            out.append(Char(ch, col * adv, top, (col + width) * adv, top + size, size))
        col += width
    return out


def page_geoms(lines: list[Line], page_count: int, settings: Settings) -> Iterator[PageGeom]:
    """The numbered lines of a dump → one PageGeom per page (blank lines keep their height)."""
    by_page: list[list[Line]] = [[] for _ in range(page_count)]
    for ln in lines:
        by_page[ln.page - 1].append(ln)
    lh = settings.dump_line_height
    for number, page in enumerate(by_page, 1):
        chars: list[Char] = []
        width = 0.0
        y = 0.0
        for ln in page:
            if ln.blank:
                y += settings.dump_blank_height
                continue
            cs = line_chars(ln.text, y, settings)
            y += lh
            chars += cs
            if cs:
                width = max(width, cs[-1].x1)
        yield PageGeom(number, width, max(y, lh), tuple(chars), ())


def stream_geoms(lines: Iterable[Line], settings: Settings) -> Iterator[PageGeom]:
    """page_geoms of a dump's lines as they come (in page order, as textstream gives them),
    one page at a time: only the page being laid out has its characters in memory."""
    def geom(number: int, page: list[Line]) -> PageGeom:
        alone = [Line(ln.no, 1, ln.text) for ln in page]        # a dump of this page only
        return replace(next(page_geoms(alone, 1, settings)), number=number)
    number, page = 1, []
    for ln in lines:
        while ln.page > number:
            yield geom(number, page)
            number, page = number + 1, []
        page.append(ln)
    yield geom(number, page)


def read_layout_dump(text: str | None, source, settings: Settings, catalogue: Catalogue,
                     lines: Iterable[Line] | None = None) -> RawDocument:
    """A layout dump's pages through the PDF engine: the tables it finds, captions, notes and
    continued tables included, with the engine's warnings. `lines`: the dump's lines as
    they are read (textstream.stream_lines) instead of its whole `text`."""
    from .pdf import Flow, page_items       # the engine (imports this module's neighbours)
    if lines is None:
        lines, page_count = split_pages(text, LAYOUT, settings)
        geoms = page_geoms(lines, page_count, settings)
    else:
        geoms, page_count = stream_geoms(lines, settings), None
    flow = Flow(catalogue, settings)
    for geom in geoms:
        flow.feed(page_items(geom, catalogue, settings))
        pageprogress.page(geom.number, page_count)
    page_count = geom.number
    pageprogress.page(page_count, page_count)
    tables = flow.finish()
    warnings = () if tables else ("no tables found",)
    return RawDocument(source=str(source.path), sha256=source.sha256, reader=READER,
                       page_count=page_count, tables=tuple(tables), text="\f".join(flow.text),
                       warnings=warnings)


__all__ = ["read_layout_dump", "stream_geoms", "page_geoms", "line_chars", "columns_of", "READER"]
