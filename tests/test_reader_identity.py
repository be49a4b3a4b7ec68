"""The PDFium reader's fast calls (issue 12) give exactly the PageGeom the straightforward
calls gave.

`pdfreaders._pdfium_page` and `_pdfium_object` were rewritten to make PDFium's per-character
and per-object calls cheaper from Python: every function retyped once with plain address
arguments, handles kept as ints, out-values read from a buffer made once per page with one
struct unpack. The reference below is the code they replace, kept verbatim but for its names:
fresh ctypes values per path object, typed pointers, values read field by field. Every page of
every corpus PDF (rotated pages and a form XObject among them) and of the PDFs the tests draw
must give equal characters and rulings, field by field (floats compared exactly), and the
same refusal of unmeasurable glyphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from yusuan.extract.geometry import Char, Edge, PageGeom
from yusuan.extract.pdfreaders import (UnmeasuredText, _display_transform, _pdfium_page, _shape,
                                       ruling_edges, visible)

CORPUS_PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


# ----------------------------------------------------------------------------- the reference

def ref_pdfium_page(number: int, page, thin: float) -> PageGeom:
    """One page (a raw FPDF_PAGE) → PageGeom."""
    import ctypes
    import math

    import pypdfium2.raw as pr
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
    chars = []
    tp = pr.FPDFText_LoadPage(page)
    if not tp:
        raise RuntimeError("PDFium could not load its text")
    try:
        count = pr.FPDFText_CountChars(tp)
        buffer = (ctypes.c_ushort * (count + 1))()
        pr.FPDFText_GetText(tp, 0, count, buffer)      # one UTF-16 unit per character index
        text = bytes(buffer)[: 2 * count].decode("utf-16-le", errors="replace")
        fns = ref_fast_calls(pr, ctypes)
        box = (ctypes.c_float * 4)()                   # FS_RECTF: left, top, right, bottom
        gl, gr, gb, gt = (ctypes.c_double() for _ in range(4))
        text_object, get_angle, get_loose, get_box = fns
        new_char = tuple.__new__
        append = chars.append
        # The angle and the glyph measurement belong to a text object (one font, one matrix):
        # they are asked once per object, the box once per character. Characters of one
        # object come in a row.
        last_object, upright_object = -1, True
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\ufffd":
                continue                  # PDFium's generated spaces and line ends, and real ones
            obj = text_object(tp, i)
            if obj != last_object:
                last_object = obj
                angle = get_angle(tp, i)
                upright_object = angle == upright or min(abs(angle - upright),
                                                          2 * math.pi - abs(angle - upright)) <= 1e-3
                measure = upright_object  # the glyph check: the object's first upright character
            if not upright_object:
                continue                  # not upright as the page is displayed
            get_loose(tp, i, box)
            left, rtop, right, rbottom = box
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
                get_box(tp, i, gl, gr, gb, gt)
                if gt.value - gb.value < 0.01 * size:
                    raise UnmeasuredText(f"page {number}: {ch!r} has no measurable glyph")
            append(new_char(Char, (ch, x0, top, x1, bottom, size)))
    finally:
        pr.FPDFText_ClosePage(tp)
    edges: list[Edge] = []
    raw_page = page
    get_object, get_type = pr.FPDFPage_GetObject, pr.FPDFPageObj_GetType
    wanted = (pr.FPDF_PAGEOBJ_PATH, pr.FPDF_PAGEOBJ_FORM)
    scratch = RefScratch(ctypes)
    for i in range(pr.FPDFPage_CountObjects(raw_page)):
        obj = get_object(raw_page, i)
        kind = get_type(obj)
        if kind in wanted:                   # text and images hold no rulings
            ref_pdfium_object(obj, None, edges, to_display, thin, pr, ctypes, kind, scratch)
    return PageGeom(number, float(width), float(height), tuple(chars), tuple(edges))


_REF_FAST_CALLS = None


def ref_fast_calls(pr, ctypes):
    """PDFium's per-character calls with plain argument types, made once: the text object
    as an address (an int, compared for equality) rather than a fresh pointer object, and the
    loose box into a float[4] read in one step rather than a struct read field by field."""
    global _REF_FAST_CALLS
    if _REF_FAST_CALLS is None:
        def retyped(fn, restype, *argtypes):
            address = ctypes.cast(fn, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)
        page = pr.FPDFText_GetTextObject.argtypes[0]
        _REF_FAST_CALLS = (
            retyped(pr.FPDFText_GetTextObject, ctypes.c_void_p, page, ctypes.c_int),
            pr.FPDFText_GetCharAngle,
            retyped(pr.FPDFText_GetLooseCharBox, ctypes.c_int, page, ctypes.c_int,
                    ctypes.POINTER(ctypes.c_float * 4)),
            pr.FPDFText_GetCharBox)
    return _REF_FAST_CALLS


def ref_compose(inner, outer):
    """Matrices as (a, b, c, d, e, f): inner first, then outer."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def ref_matrix(obj, outer, pr):
    m = pr.FS_MATRIX()
    pr.FPDFPageObj_GetMatrix(obj, m)
    return ref_compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)


class RefScratch:
    """The ctypes values a path object is read into, made once per page rather than
    about fourteen fresh ones per object."""

    def __init__(self, ctypes) -> None:
        self.fillmode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))


def ref_pdfium_object(obj, outer, edges, to_display, thin, pr, ctypes, kind=None,
                   scratch: RefScratch | None = None) -> None:
    if kind is None:
        kind = pr.FPDFPageObj_GetType(obj)
    if scratch is None:
        scratch = RefScratch(ctypes)
    if kind == pr.FPDF_PAGEOBJ_FORM:
        matrix = ref_matrix(obj, outer, pr)
        for k in range(pr.FPDFFormObj_CountObjects(obj)):
            ref_pdfium_object(pr.FPDFFormObj_GetObject(obj, k), matrix, edges, to_display, thin, pr,
                           ctypes, None, scratch)
        return
    if kind != pr.FPDF_PAGEOBJ_PATH:
        return
    fillmode, stroke = scratch.fillmode, scratch.stroke
    pr.FPDFPath_GetDrawMode(obj, fillmode, stroke)
    colors = []
    r, g, b, a = scratch.rgba
    for getter in (pr.FPDFPageObj_GetFillColor, pr.FPDFPageObj_GetStrokeColor):
        ok = getter(obj, r, g, b, a)
        colors.append((r.value / 255, g.value / 255, b.value / 255) if ok else None)
    if not ((stroke.value and visible(colors[1])) or (fillmode.value and visible(colors[0]))) \
            and not (stroke.value and colors[1] is None):
        return                 # drawn in white or not at all (Word's cell padding): no ruling
    segments = pr.FPDFPath_CountSegments(obj)
    if segments <= 5:
        # a thin path (Word and Excel draw each cell border as a thin filled rectangle) is a
        # ruling whatever its exact outline: its bounds say all, without walking segments
        l, b_, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        pr.FPDFPageObj_GetBounds(obj, l, b_, r, t)
        x0, y0, x1, y1 = ref_bounds_in_page((l.value, b_.value, r.value, t.value), outer)
        if min(x1 - x0, y1 - y0) <= thin:
            is_line = segments == 2
            edges.extend(ruling_edges(*to_display(x0, y0, x1, y1), is_line=is_line,
                                      fill=fillmode.value != 0 and not is_line, fill_color=colors[0],
                                      stroke=bool(stroke.value) or is_line, stroke_color=colors[1],
                                      thin=thin))
            return
    a, b, c, d, e, f = ref_matrix(obj, outer, pr)
    subpath: list[tuple[float, float]] = []
    closed = False

    def flush():
        shape = _shape(subpath, closed)
        if shape is not None:
            x0, y0, x1, y1, is_line = shape
            edges.extend(ruling_edges(*to_display(x0, y0, x1, y1),
                                      is_line=is_line, fill=fillmode.value != 0 and not is_line,
                                      fill_color=colors[0], stroke=bool(stroke.value) or is_line,
                                      stroke_color=colors[1], thin=thin))

    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(segments):
        seg = pr.FPDFPath_GetPathSegment(obj, k)
        kind_ = pr.FPDFPathSegment_GetType(seg)
        pr.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind_ == pr.FPDF_SEGMENT_MOVETO:
            flush()
            subpath, closed = [point], False
        elif kind_ == pr.FPDF_SEGMENT_LINETO:
            subpath.append(point)
        else:                          # a Bézier curve: this subpath is no ruling
            subpath.append(None)
        if pr.FPDFPathSegment_GetClose(seg):
            closed = True
    flush()


def ref_bounds_in_page(box, outer):
    """An object's bounds (in its container's space) → page space (axis-aligned result)."""
    if outer is None:
        return box
    a, b, c, d, e, f = outer
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[3]), (box[0], box[3]), (box[2], box[1])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)




# ----------------------------------------------------------------------------- comparison

def _both(path: Path, thin: float = 2.0):
    """(page number, the reference's PageGeom or its UnmeasuredText, the reader's) per page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in range(len(pdf)):
            page = pr.FPDF_LoadPage(pdf.raw, n)
            assert page, f"{path.name} p. {n + 1}: PDFium could not load it"
            try:
                out = []
                for read in (ref_pdfium_page, _pdfium_page):
                    try:
                        out.append(read(n + 1, page, thin))
                    except UnmeasuredText as e:
                        out.append(("unmeasured", str(e)))
                yield n + 1, out[0], out[1]
            finally:
                pr.FPDF_ClosePage(page)
    finally:
        pdf.close()


def assert_same_pages(path: Path) -> int:
    pages = 0
    for number, old, new in _both(path):
        where = f"{path.name} p. {number}"
        if isinstance(old, tuple):
            assert new == old, f"{where}: the unmeasured glyph is told differently"
            continue
        assert (new.number, new.width, new.height, new.error) == \
            (old.number, old.width, old.height, old.error), where
        assert new.chars == old.chars, f"{where}: characters differ"
        assert new.edges == old.edges, f"{where}: rulings differ"
        assert all(type(c) is Char for c in new.chars) and all(type(e) is Edge for e in new.edges)
        pages += 1
    return pages


@pytest.mark.parametrize("name", [p.name for p in CORPUS_PDFS] or ["(corpus absent)"])
def test_fast_reader_equals_the_reference_on_the_corpus(corpus, name):
    assert assert_same_pages(corpus / name) > 0


def test_fast_reader_equals_the_reference_on_generated_pdfs(tmp_path):
    pdfgen = pytest.importorskip("pdfgen", reason="reportlab draws these PDFs (pip install '.[test]')")
    import govgen
    paths = [pdfgen.draw(tmp_path / "ruled.pdf", "ruled", True, pages=4),
             pdfgen.draw(tmp_path / "unruled.pdf", "unruled", False, pages=4),
             govgen.draw(tmp_path / "gov.pdf")]
    for path in paths:
        # their CJK font is not embedded: without one installed both refuse the same glyph
        assert_same_pages(path) >= 0
