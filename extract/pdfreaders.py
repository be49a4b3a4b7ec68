"""Readers: a PDF → one `PageGeom` at a time (characters with boxes and font size, ruling
edges, page size). Only one page is held in memory at a time.

`pdfplumber` (pdfminer, pure Python) is the reference reader.
"""

from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from .geometry import Char, Edge, PageGeom
from .source import Source


def visible(color) -> bool:
    """Is a colour not white? (None: the default, black.) Gray, RGB and CMYK."""
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return True          # a pattern or a named colour space: assume it shows
    if len(values) == 4:     # CMYK: white is no ink
        return any(v > 0.05 for v in values)
    return any(v < 0.95 for v in values)


def ruling_edges(x0: float, top: float, x1: float, bottom: float, *, is_line: bool, fill: bool,
                 fill_color, stroke: bool, stroke_color, thin: float) -> list[Edge]:
    """The rulings a drawn path contributes. A line, or a rectangle thinner than `thin`, that
    shows (stroked or filled in a colour that is not white) is one ruling: Word and Excel draw
    cell borders that way. A wider rectangle contributes its four sides only when its outline
    is stroked: filled backgrounds (Word paints cell padding white) are not rulings."""
    w, h = x1 - x0, bottom - top
    if is_line or w <= thin or h <= thin:
        if not ((stroke and visible(stroke_color)) or (fill and visible(fill_color))):
            return []
        if w >= h:
            y = (top + bottom) / 2
            return [Edge(x0, y, x1, y)]
        x = (x0 + x1) / 2
        return [Edge(x, top, x, bottom)]
    if not (stroke and visible(stroke_color)):
        return []
    return [Edge(x0, top, x1, top), Edge(x0, bottom, x1, bottom),
            Edge(x0, top, x0, bottom), Edge(x1, top, x1, bottom)]


def _layout_objects(container):
    """pdfminer layout objects of a page, form XObjects (LTFigure) opened up."""
    from pdfminer.layout import LTFigure
    for obj in container:
        if isinstance(obj, LTFigure):
            yield from _layout_objects(obj)
        else:
            yield obj


def page_geom(number: int, page, thin: float) -> PageGeom:
    """One pdfplumber page → PageGeom, read from its pdfminer layout objects directly.

    pdfplumber's `page.chars` / `page.rects` turn every object into a dict and resolve every
    attribute, about a fifth of the time of reading a page; the layout objects hold all we need.
    Coordinates are converted the way pdfplumber does (top = page top − y1), so both give the
    same numbers (checked on every corpus page)."""
    from pdfminer.layout import LTChar, LTLine, LTRect
    layout = page.layout
    left, top_edge = layout.x0, layout.y1
    chars, edges = [], []
    for obj in _layout_objects(layout):
        if isinstance(obj, LTChar):
            if obj.upright:
                chars.append(Char(obj.get_text(), obj.x0 - left, top_edge - obj.y1, obj.x1 - left,
                                  top_edge - obj.y0, obj.size))
        elif isinstance(obj, (LTRect, LTLine)):
            is_line = isinstance(obj, LTLine)
            edges += ruling_edges(obj.x0 - left, top_edge - obj.y1, obj.x1 - left, top_edge - obj.y0,
                                  is_line=is_line, fill=bool(obj.fill) and not is_line,
                                  fill_color=obj.non_stroking_color,
                                  stroke=bool(obj.stroke) or is_line,
                                  stroke_color=obj.stroking_color, thin=thin)
    return PageGeom(number, float(page.width), float(page.height), tuple(chars), tuple(edges))


def pdfplumber_pages(source: Source, password: str | None = None,
                     thin: float = 2.0) -> Iterator[PageGeom]:
    import io

    import pdfplumber
    try:
        pdf = pdfplumber.open(io.BytesIO(source.data), password=password or "")
    except Exception as e:   # pdfminer raises many types for broken files
        raise _open_error(source, e) from e
    with pdf:
        for n, page in enumerate(pdf.pages, 1):
            try:
                geom = page_geom(n, page, thin)
            except Exception as e:
                raise InputError(f"page cannot be read ({type(e).__name__}: {e})",
                                 file=source.name, page=n) from e
            finally:
                page.close()
            yield geom


READERS = {"pdfplumber": pdfplumber_pages}
DEFAULT_READER = "pdfplumber"


def open_pages(source: Source, reader: str | None = None, password: str | None = None
               ) -> Iterator[PageGeom]:
    """The pages of a PDF, one at a time, read by the named reader."""
    name = reader or DEFAULT_READER
    if name not in READERS:
        raise ValueError(f"unknown PDF reader {name!r}; choose from {', '.join(READERS)}")
    return READERS[name](source, password)


def _open_error(source: Source, e: Exception) -> InputError:
    name = type(e).__name__
    text = str(e).lower()
    if "password" in name.lower() or "password" in text or "encrypt" in text:
        return InputError("is encrypted and needs a password", file=source.name,
                          hint="pass --password")
    return InputError(f"is not a readable PDF ({name}: {e})", file=source.name,
                      hint="is the file complete? try opening it in a PDF viewer")
