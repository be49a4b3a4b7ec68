"""Readers: a PDF → one `PageGeom` at a time (characters with boxes and font size, ruling
edges, page size). Only one page is held in memory at a time.

Two readers build the same PageGeom: `pdfium` (pypdfium2, PDFium's C++ parser; the default)
and `pdfplumber` (pdfminer, pure Python; for comparison, and for drawing pages). Tests prove
that both give identical facts on every corpus PDF and every generated one.
"""

from __future__ import annotations

import struct
from typing import Iterator

from ..errors import InputError
from .geometry import Char, Edge, PageGeom
from .source import Source


# Pages read between two openings of a document: readers cache parsed objects per document.
REOPEN_EVERY = 100


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
        if w > thin and h > thin:
            return []          # a slanted line is a drawing, not a ruling
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


def pdfplumber_pages(source: Source, password: str | None = None, thin: float = 2.0,
                     reopen_every: int = REOPEN_EVERY, max_page_content: int = 0
                     ) -> Iterator[PageGeom]:
    """pdfplumber (pdfminer): the reference reader. pdfminer caches parsed objects for the
    whole document; reopening it every `reopen_every` pages keeps memory flat. A page whose
    content streams decode to more than `max_page_content` bytes (0: no limit) is unread:
    lost, with its reason, before pdfminer decodes it (see `content_size`)."""
    import pdfplumber

    def open_doc():
        try:
            return pdfplumber.open(source.path, password=password or "")
        except Exception as e:   # pdfminer raises many types for broken files
            raise _open_error(source, e, password) from e

    def close(pdf) -> None:
        try:
            pdf.close()
        except Exception:     # pdfminer may parse more while closing a broken file: the
            pass              # reading itself has said what was wrong, or had all it needed

    pdf = open_doc()
    try:
        try:                  # pdfplumber parses every page object here: a broken tree fails
            total = len(pdf.pages)
        except Exception as e:    # PdfminerException, MalformedPDFException, a TypeError …
            raise _open_error(source, e, password) from e
        for n in range(total):
            if n and reopen_every and n % reopen_every == 0:
                close(pdf)
                pdf = open_doc()
                try:
                    pdf.pages
                except Exception as e:
                    raise _open_error(source, e, password) from e
            try:
                page = pdf.pages[n]
            except Exception as e:      # a broken page object: this page only is lost
                yield unread_page(n + 1, f"{type(e).__name__}: {one_line(e)}")
                continue
            if max_page_content and content_size(page.page_obj.contents,
                                                 max_page_content) > max_page_content:
                page.close()            # never decoded: this page only is lost
                yield unread_page(n + 1, f"its content decodes to more than "
                                         f"{max_page_content >> 20} MB (a decompression bomb?)")
                continue
            try:
                geom = page_geom(n + 1, page, thin)
            except Exception as e:
                geom = unread_page(n + 1, f"{type(e).__name__}: {one_line(e)}")
            finally:
                try:
                    page.close()
                except Exception:
                    pass
            yield geom
        # pdfminer skips a page object it cannot parse without a word: the page tree's
        # count tells, and the pages missing are reported (as PDFium reports them)
        for n in range(total, declared_pages(pdf)):
            yield unread_page(n + 1, f"the PDF declares {declared_pages(pdf)} pages, pdfplumber "
                                     f"finds {total}: a page object is damaged (pages after it "
                                     "may be numbered one early)")
    finally:
        close(pdf)


def content_size(streams, limit: int) -> int:
    """Bytes a page's content streams decode to, counted up to just past `limit` (so a bomb is
    never decoded whole): FlateDecode, also nested, is inflated in bounded steps; a stream
    with another filter counts its encoded size (pdfminer decodes those as they come)."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
    total, sizes = 0, {}
    for stream in map(resolve1, streams or ()):     # an array of /Contents holds references
        if not isinstance(stream, PDFStream):
            continue
        key = stream.objid if stream.objid is not None else id(stream)
        if key not in sizes:
            if stream.rawdata is None:                # already decoded
                sizes[key] = len(stream.data or b"")
            else:
                data = stream.rawdata
                for name, _ in stream.get_filters():
                    if name not in LITERALS_FLATE_DECODE:
                        break
                    try:
                        data = zlib.decompressobj().decompress(data, limit + 1)
                    except zlib.error:
                        break                         # pdfminer says what is wrong with it
                sizes[key] = len(data)
        total += sizes[key]
        if total > limit:
            break
    return total


def declared_pages(pdf) -> int:
    """The page count a pdfplumber document's page tree declares (0 when it cannot tell)."""
    from pdfminer.pdftypes import resolve1
    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
        return int(count) if isinstance(count, int) and 0 < count < 100_000 else 0
    except Exception:            # noqa: BLE001 - a broken tree: nothing to compare with
        return 0


# ----------------------------------------------------------------------------- pypdfium2

def pdfium_pages(source: Source, password: str | None = None, thin: float = 2.0,
                 reopen_every: int = REOPEN_EVERY) -> Iterator[PageGeom]:
    """pypdfium2 (PDFium, C++): the same PageGeom as the pdfplumber reader, several times
    faster. Characters come with PDFium's loose boxes (advance × ascent/descent, which is what
    pdfminer reports), generated characters (spaces and line ends PDFium adds) left out;
    paths are classified like pdfminer's: a two-point subpath is a line, an axis-aligned
    four-sided one a rectangle, anything else a curve (not a ruling).

    PDFium caches what it parses for the whole document; reopening it every `reopen_every`
    pages keeps memory flat however long the document."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr

    def open_doc():
        try:
            return pdfium.PdfDocument(str(source.path), password=password)
        except pdfium.PdfiumError as e:
            raise _open_error(source, e, password) from e

    pdf = open_doc()
    try:
        total = len(pdf)
        for n in range(total):
            if n and reopen_every and n % reopen_every == 0:
                pdf.close()
                pdf = open_doc()
            page = pr.FPDF_LoadPage(pdf.raw, n)     # the raw API: no wrapper objects per page
            if not page:
                # a damaged page costs that page, not the document: it is read as empty and
                # the document says which page PDFium could not load, and why
                yield unread_page(n + 1, "PDFium could not load it")
                continue
            try:
                geom = _pdfium_page(n + 1, page, thin)
            except UnmeasuredText:
                raise
            except Exception as e:
                geom = unread_page(n + 1, f"{type(e).__name__}: {one_line(e)}")
            finally:
                pr.FPDF_ClosePage(page)
            yield geom
    finally:
        pdf.close()


def unread_page(number: int, reason: str) -> PageGeom:
    """A page the reader could not read: no characters, no rulings, and why."""
    return PageGeom(number, 0.0, 0.0, (), (), error=reason)


# (PDFium's FPDF_GetLastError is not set by FPDF_LoadPage: it may still hold the error of an
# earlier call, a password check of another file, so a failed page says no more than that.)


def _pdfium_page(number: int, page, thin: float) -> PageGeom:
    """One page (a raw FPDF_PAGE) → PageGeom."""
    import ctypes
    import math

    import pypdfium2.raw as pr
    fn = _calls()
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    width, height = pr.FPDF_GetPageWidthF(page), pr.FPDF_GetPageHeightF(page)   # as displayed
    rotation = (pr.FPDFPage_GetRotation(page) * 90) % 360
    if pr.FPDFPage_GetMediaBox(page, l, b, r, t):
        box = (l.value, b.value, r.value, t.value)
    else:                                  # no /MediaBox: the page's own size, unrotated
        box = (0.0, 0.0, height, width) if rotation in (90, 270) else (0.0, 0.0, width, height)
    X0, _, _, Y1 = box
    to_display = _display_transform(box, rotation)
    upright = (2 * math.pi - math.radians(rotation)) % (2 * math.pi)
    buf = _Buffers(ctypes)
    chars = []
    tp = pr.FPDFText_LoadPage(page)
    if not tp:
        raise RuntimeError("PDFium could not load its text")
    try:
        count = pr.FPDFText_CountChars(tp)
        buffer = (ctypes.c_ushort * (count + 1))()
        pr.FPDFText_GetText(tp, 0, count, buffer)      # one UTF-16 unit per character index
        text = bytes(buffer)[: 2 * count].decode("utf-16-le", errors="replace")
        tpa = ctypes.cast(tp, ctypes.c_void_p).value
        text_object, get_angle, get_loose, get_box = (fn.text_object, fn.char_angle,
                                                      fn.loose_box, fn.char_box)
        box_at, glyph_at = buf.floats_at, buf.glyph_at
        floats, glyph = buf.floats, buf.glyph
        unpack4f, unpack4d = _FLOAT4.unpack_from, _DOUBLE4.unpack_from
        new_char = tuple.__new__
        append = chars.append
        # The angle and the glyph measurement belong to a text object (one font, one matrix):
        # they are asked once per object, the box once per character. Characters of one
        # object come in a row.
        last_object, upright_object, measure = -1, True, False
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\ufffd":
                continue                  # PDFium's generated spaces and line ends, and real ones
            obj = text_object(tpa, i)
            if obj != last_object:
                last_object = obj
                angle = get_angle(tpa, i)
                upright_object = angle == upright or min(abs(angle - upright),
                                                          2 * math.pi - abs(angle - upright)) <= 1e-3
                measure = upright_object  # the glyph check: the object's first upright character
            if not upright_object:
                continue                  # not upright as the page is displayed
            get_loose(tpa, i, box_at)
            left, rtop, right, rbottom = unpack4f(floats)
            if rotation == 0:             # the common case, without the general transform
                x0, top, x1, bottom = left - X0, Y1 - rtop, right - X0, Y1 - rbottom
            else:
                x0, top, x1, bottom = to_display(left, rbottom, right, rtop)
            size = bottom - top           # pdfminer's size: the box height (font × matrix)
            if measure:
                # a glyph PDFium could not measure has a box flat to a thousandth of its size
                # (a hyphen or 一 is thin, not that thin): its font is neither embedded nor
                # installed, and one-character text objects of it are missing from the page
                measure = False
                get_box(tpa, i, glyph_at, glyph_at + 8, glyph_at + 16, glyph_at + 24)
                _, _, gb, gt = unpack4d(glyph)            # left, right, bottom, top
                if gt - gb < 0.01 * size:
                    raise UnmeasuredText(f"page {number}: {ch!r} has no measurable glyph")
            append(new_char(Char, (ch, x0, top, x1, bottom, size)))
    finally:
        pr.FPDFText_ClosePage(tp)
    edges: list[Edge] = []
    page_at = ctypes.cast(page, ctypes.c_void_p).value
    get_object, get_type = fn.get_object, fn.get_type
    path, form = fn.path, fn.form
    for i in range(fn.count_objects(page_at)):
        obj = get_object(page_at, i)
        kind = get_type(obj)
        if kind == path or kind == form:     # text and images hold no rulings
            _pdfium_object(obj, None, edges, to_display, thin, kind, fn, buf)
    return PageGeom(number, float(width), float(height), tuple(chars), tuple(edges))


_FLOAT2, _FLOAT4, _FLOAT6 = (struct.Struct(f"{n}f") for n in (2, 4, 6))
_DOUBLE4, _INT2, _UINT4 = struct.Struct("4d"), struct.Struct("2i"), struct.Struct("4I")


class _Calls:
    """PDFium's functions the reader calls per character and per page object, retyped once
    with plain argument types: every handle an address (an int, compared for equality) and
    every out-value a pointer into a buffer made once per page and read in one struct unpack,
    rather than ctypes making a pointer object of each handle a call returns, checking each
    typed argument, and each value read field by field from a fresh c_float or c_uint. (PDFium
    itself is unchanged: the same calls, the same values.)"""

    def __init__(self, pr, ctypes) -> None:
        vp, i, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_float

        def retyped(fn, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, vp).value)
        self.text_object = retyped(pr.FPDFText_GetTextObject, vp, vp, i)
        self.char_angle = retyped(pr.FPDFText_GetCharAngle, f, vp, i)
        self.loose_box = retyped(pr.FPDFText_GetLooseCharBox, i, vp, i, vp)
        self.char_box = retyped(pr.FPDFText_GetCharBox, i, vp, i, vp, vp, vp, vp)
        self.count_objects = retyped(pr.FPDFPage_CountObjects, i, vp)
        self.get_object = retyped(pr.FPDFPage_GetObject, vp, vp, i)
        self.get_type = retyped(pr.FPDFPageObj_GetType, i, vp)
        self.form_count = retyped(pr.FPDFFormObj_CountObjects, i, vp)
        self.form_object = retyped(pr.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong)
        self.matrix = retyped(pr.FPDFPageObj_GetMatrix, i, vp, vp)
        self.draw_mode = retyped(pr.FPDFPath_GetDrawMode, i, vp, vp, vp)
        self.fill_color = retyped(pr.FPDFPageObj_GetFillColor, i, vp, vp, vp, vp, vp)
        self.stroke_color = retyped(pr.FPDFPageObj_GetStrokeColor, i, vp, vp, vp, vp, vp)
        self.count_segments = retyped(pr.FPDFPath_CountSegments, i, vp)
        self.bounds = retyped(pr.FPDFPageObj_GetBounds, i, vp, vp, vp, vp, vp)
        self.segment = retyped(pr.FPDFPath_GetPathSegment, vp, vp, i)
        self.segment_type = retyped(pr.FPDFPathSegment_GetType, i, vp)
        self.segment_point = retyped(pr.FPDFPathSegment_GetPoint, i, vp, vp, vp)
        self.segment_close = retyped(pr.FPDFPathSegment_GetClose, i, vp)
        self.path, self.form = pr.FPDF_PAGEOBJ_PATH, pr.FPDF_PAGEOBJ_FORM
        self.moveto, self.lineto = pr.FPDF_SEGMENT_MOVETO, pr.FPDF_SEGMENT_LINETO


_CALLS: _Calls | None = None


def _calls() -> _Calls:
    global _CALLS
    if _CALLS is None:
        import ctypes

        import pypdfium2.raw as pr
        _CALLS = _Calls(pr, ctypes)
    return _CALLS


class _Buffers:
    """The out-values of one page's calls (a page is read in one thread: readers of several
    files at once, as in a Dask worker's threads, each have their own)."""

    def __init__(self, ctypes) -> None:
        self.floats = (ctypes.c_float * 6)()        # a box (4), a matrix (6) or a point (2)
        self.glyph = (ctypes.c_double * 4)()        # a glyph's box: left, right, bottom, top
        self.ints = (ctypes.c_int * 2)()            # a path's fill mode and stroke
        self.rgba = (ctypes.c_uint * 4)()
        self.floats_at, self.glyph_at = ctypes.addressof(self.floats), ctypes.addressof(self.glyph)
        self.ints_at, self.rgba_at = ctypes.addressof(self.ints), ctypes.addressof(self.rgba)


def _compose(inner, outer):
    """Matrices as (a, b, c, d, e, f): inner first, then outer."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _matrix(obj: int, outer, fn: _Calls, buf: _Buffers):
    fn.matrix(obj, buf.floats_at)                   # FS_MATRIX: six floats a … f
    return _compose(_FLOAT6.unpack_from(buf.floats), outer)


def _shows(color) -> bool:
    """`visible` of what PDFium gives: None or three floats."""
    return color is None or color[0] < 0.95 or color[1] < 0.95 or color[2] < 0.95


def _pdfium_object(obj: int, outer, edges, to_display, thin, kind: int, fn: _Calls,
                   buf: _Buffers) -> None:
    if kind == fn.form:
        matrix = _matrix(obj, outer, fn, buf)
        for k in range(fn.form_count(obj)):
            child = fn.form_object(obj, k)
            _pdfium_object(child, matrix, edges, to_display, thin, fn.get_type(child), fn, buf)
        return
    if kind != fn.path:
        return
    ints_at, rgba_at, rgba = buf.ints_at, buf.rgba_at, buf.rgba
    fn.draw_mode(obj, ints_at, ints_at + 4)
    fillmode, stroke = _INT2.unpack_from(buf.ints)
    if fn.fill_color(obj, rgba_at, rgba_at + 4, rgba_at + 8, rgba_at + 12):
        r, g, b, _ = _UINT4.unpack_from(rgba)
        fill_color = (r / 255, g / 255, b / 255)
    else:
        fill_color = None
    if fn.stroke_color(obj, rgba_at, rgba_at + 4, rgba_at + 8, rgba_at + 12):
        r, g, b, _ = _UINT4.unpack_from(rgba)
        stroke_color = (r / 255, g / 255, b / 255)
    else:
        stroke_color = None
    if not ((stroke and _shows(stroke_color)) or (fillmode and _shows(fill_color))) \
            and not (stroke and stroke_color is None):
        return                 # drawn in white or not at all (Word's cell padding): no ruling
    segments = fn.count_segments(obj)
    floats_at = buf.floats_at
    if segments <= 5:
        # a thin path (Word and Excel draw each cell border as a thin filled rectangle) is a
        # ruling whatever its exact outline: its bounds say all, without walking segments
        fn.bounds(obj, floats_at, floats_at + 4, floats_at + 8, floats_at + 12)
        bounds = _FLOAT4.unpack_from(buf.floats)
        x0, y0, x1, y1 = bounds if outer is None else _bounds_in_page(bounds, outer)
        if min(x1 - x0, y1 - y0) <= thin:
            is_line = segments == 2
            edges.extend(ruling_edges(*to_display(x0, y0, x1, y1), is_line=is_line,
                                      fill=fillmode != 0 and not is_line, fill_color=fill_color,
                                      stroke=bool(stroke) or is_line, stroke_color=stroke_color,
                                      thin=thin))
            return
    a, b, c, d, e, f = _matrix(obj, outer, fn, buf)
    subpath: list[tuple[float, float]] = []
    closed = False

    def flush():
        shape = _shape(subpath, closed)
        if shape is not None:
            x0, y0, x1, y1, is_line = shape
            edges.extend(ruling_edges(*to_display(x0, y0, x1, y1),
                                      is_line=is_line, fill=fillmode != 0 and not is_line,
                                      fill_color=fill_color, stroke=bool(stroke) or is_line,
                                      stroke_color=stroke_color, thin=thin))

    moveto, lineto = fn.moveto, fn.lineto
    floats, unpack2f = buf.floats, _FLOAT2.unpack_from
    for k in range(segments):
        seg = fn.segment(obj, k)
        kind_ = fn.segment_type(seg)
        fn.segment_point(seg, floats_at, floats_at + 4)
        x, y = unpack2f(floats)
        point = (a * x + c * y + e, b * x + d * y + f)
        if kind_ == moveto:
            flush()
            subpath, closed = [point], False
        elif kind_ == lineto:
            subpath.append(point)
        else:                          # a Bézier curve: this subpath is no ruling
            subpath.append(None)
        if fn.segment_close(seg):
            closed = True
    flush()

def _display_transform(box, rotation: int):
    """PDF user space (y up, unrotated) → top-left coordinates of the page as displayed
    (/Rotate applied clockwise), as (x0, top, x1, bottom) for a box given by two corners."""
    X0, Y0, X1, Y1 = box

    def point(x, y):
        if rotation == 90:
            return y - Y0, x - X0
        if rotation == 180:
            return X1 - x, y - Y0
        if rotation == 270:
            return Y1 - y, X1 - x
        return x - X0, Y1 - y

    def transform(xa, ya, xb, yb):
        (pa, qa), (pb, qb) = point(xa, ya), point(xb, yb)
        return min(pa, pb), min(qa, qb), max(pa, pb), max(qa, qb)

    def upright(xa, ya, xb, yb):
        # rotation 0 (nearly every page, every ruling): the same values and the same
        # first-wins choices as min and max above, without their calls
        pa, pb, qa, qb = xa - X0, xb - X0, Y1 - ya, Y1 - yb
        return (pb if pb < pa else pa, qb if qb < qa else qa,
                pb if pb > pa else pa, qb if qb > qa else qa)
    return upright if rotation == 0 else transform


class UnmeasuredText(Exception):
    """PDFium cannot measure some glyphs of this page (a CJK font neither embedded nor
    installed): its text page leaves out text objects of one such character."""


def _bounds_in_page(box, outer):
    """An object's bounds (in its container's space) → page space (axis-aligned result)."""
    if outer is None:
        return box
    a, b, c, d, e, f = outer
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[3]), (box[0], box[3]), (box[2], box[1])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _shape(points, closed: bool):
    """(x0, y0, x1, y1, is_line) for a straight line or an axis-aligned rectangle, else None."""
    if not points or None in points:
        return None
    if len(points) == 2 and not closed:
        (xa, ya), (xb, yb) = points
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), True
    pts = points[:-1] if len(points) == 5 and points[0] == points[-1] else points
    if len(pts) != 4:
        return None
    xs = sorted({round(p[0], 3) for p in pts})
    ys = sorted({round(p[1], 3) for p in pts})
    if len(xs) > 2 or len(ys) > 2:
        return None
    return xs[0], ys[0], xs[-1], ys[-1], False


READERS = {"pdfium": pdfium_pages, "pdfplumber": pdfplumber_pages}
DEFAULT_READER = "pdfium"


def open_pages(source: Source, reader: str | None = None, password: str | None = None,
               max_page_content: int = 0) -> Iterator[PageGeom]:
    """The pages of a PDF, one at a time, read by the named reader. `max_page_content`
    (bytes, 0: none) caps a page's decoded content where the reader lets it be measured
    first (pdfplumber; PDFium decodes inside one call: there the worker's memory
    watchdog is the limit)."""
    name = reader or DEFAULT_READER
    if name not in READERS:
        raise ValueError(f"unknown PDF reader {name!r}; choose from {', '.join(READERS)}")
    if name == "pdfplumber":
        return pdfplumber_pages(source, password, max_page_content=max_page_content)
    return READERS[name](source, password)


def _open_error(source: Source, e: Exception, password: str | None = None) -> InputError:
    name = type(e).__name__
    text = str(e).lower()
    if "password" in name.lower() or "password" in text or "encrypt" in text:
        if password:
            return InputError("is encrypted and the password given does not open it",
                              file=source.name, hint="check --password")
        return InputError("is encrypted and needs a password", file=source.name,
                          hint="pass --password")
    return InputError(f"is not a readable PDF ({name}: {one_line(e)})", file=source.name,
                      hint="is the file complete? try opening it in a PDF viewer")


# A library's message about a broken file may quote whole dictionaries of it: one line, cut.
MESSAGE_CHARS = 160


def one_line(e: Exception) -> str:
    text = " ".join(str(e).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"
