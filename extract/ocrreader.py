"""The OCR reader: a scanned page (an image, no text layer) → the same `PageGeom` the PDF
readers build, so the whole table engine (grids, headers, sides, stitching, normalization,
checks) applies unchanged.

Per page:
1. render it with PDFium (already a dependency) at `Settings.ocr_dpi`, in grey;
2. measure its rotation from the dark pixels and turn it back (`imagerules.skew_angle`);
3. rulings: long runs of dark pixels (`imagerules.page_edges`);
4. recognize text with RapidOCR (`ocrengine`), a box and a confidence per character;
5. undo OCR confusions inside amounts and codes (`ocrfix`), never in labels;
6. each character's box is tightened to the ink it covers (a detector's box is padded), in
   points, as a `Char`.

The page comes back as an `OcrPage`: a `PageGeom` that also says it was read by OCR and
carries the recognized numbers with their confidence, and how long each stage took (bench/).

`ocr_pages` decides, page by page, which pages are read this way (`Settings.ocr`):
auto: a page with no text layer, when the extra is installed; always: every page; never: none.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Iterator

import regex as re

from ..errors import InputError
from ..settings import Settings
from . import ocrengine
from .geometry import Char, PageGeom
from .ocrfix import fix_glyphs
from .source import Source

OCR_MODES = ("auto", "always", "never")
# a number as the table engine will read it from a cell: what gets a confidence
_NUMBER = re.compile(r"-?[0-9][0-9,]*(?:\.[0-9]+)?")


@dataclass(frozen=True)
class OcrPage(PageGeom):
    """A page read by OCR. `numbers`: (text, confidence) of every number recognized on it,
    the lowest confidence of its characters; `skew`: the rotation measured and undone, in
    degrees; `stages`: seconds per stage."""

    reader: str = "ocr"
    confidences: tuple[float, ...] = ()      # of each of `chars`
    skew: float = 0.0
    numbers: tuple[tuple[str, float], ...] = ()
    stages: tuple[tuple[str, float], ...] = ()


def wants_ocr(geom: PageGeom, settings: Settings) -> bool:
    mode = settings.ocr
    if mode == "always":
        return True
    return mode == "auto" and not geom.chars and ocrengine.available()


def ocr_pages(source: Source, pages: Iterator[PageGeom], settings: Settings,
              password: str | None = None) -> Iterator[PageGeom]:
    """The pages of `pages`, those that want OCR (see `wants_ocr`) read again from their
    image. PDFium is opened here a second time, in the thread that reads the pages."""
    if settings.ocr not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {settings.ocr!r}; choose from {', '.join(OCR_MODES)}")
    if settings.ocr == "always" and not ocrengine.available():
        raise InputError("cannot be read by OCR: the OCR extra is not installed",
                         file=source.name, hint=ocrengine.INSTALL_HINT)
    pdf = None
    try:
        for geom in pages:
            # a page the reader refused (damaged, or content past max_page_content) is said so
            # as it is: rendering it would decode what was refused
            if geom.error is None and wants_ocr(geom, settings):
                if pdf is None:
                    import pypdfium2 as pdfium
                    pdf = pdfium.PdfDocument(str(source.path), password=password)
                try:
                    geom = read_page(pdf, geom.number, settings)
                except InputError:
                    raise
                except Exception as e:      # noqa: BLE001 - this page is lost, not the document
                    geom = replace(geom, error=f"it cannot be read by OCR ({type(e).__name__}: {e})")
            yield geom
    finally:
        if pdf is not None:
            pdf.close()
        close = getattr(pages, "close", None)
        if close:
            close()


def render(pdf, number: int, dpi: float):
    """Page `number` (1-based) of an open pypdfium2 document as a grey numpy image, and the
    page's size in points."""
    import numpy as np
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    return np.asarray(image), float(width), float(height)


def read_page(pdf, number: int, settings: Settings) -> OcrPage:
    t0 = time.perf_counter()
    gray, width, height = render(pdf, number, settings.ocr_dpi)
    t1 = time.perf_counter()
    return read_image(gray, number, width, height, settings, stages=(("render", t1 - t0),))


def read_image(gray, number: int, width: float, height: float, settings: Settings, *,
               stages: tuple = ()) -> OcrPage:
    """A grey page image (numpy uint8) of a page `width` × `height` points → OcrPage."""
    import numpy as np

    from . import imagerules     # numpy: imported only when a page is read by OCR (start-up)
    t0 = time.perf_counter()
    threshold = imagerules.otsu(gray)
    dark = imagerules.ink(gray, threshold)
    angle = imagerules.skew_angle(dark, float(settings.ocr_max_skew))
    if abs(angle) >= 0.02:
        from PIL import Image
        gray = np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.BILINEAR,
                                                       fillcolor=255))
        dark = imagerules.ink(gray, threshold)
    scale = width / gray.shape[1]              # points per pixel
    t1 = time.perf_counter()
    words, timing = _recognize(gray, settings.ocr_detect_side)
    t2 = time.perf_counter()
    boxes = [(min(g.x0 for g in w.glyphs), min(g.top for g in w.glyphs),
              max(g.x1 for g in w.glyphs), max(g.bottom for g in w.glyphs))
             for w in words if w.glyphs]
    min_px = max(4, int(round(settings.ocr_min_ruling / scale)))
    edges = imagerules.page_edges(dark, scale, settings.ocr_min_ruling,
                                  imagerules.text_mask(dark.shape, boxes), settings.ocr_long_ruling)
    text_ink = imagerules.erase_lines(dark, min_px)
    chars: list[Char] = []
    confidences: list[float] = []
    numbers: list[tuple[str, float]] = []
    for word in words:
        if word.confidence < settings.ocr_min_text_score:
            continue        # a speck or a smudge read as text
        if not any(ch.isalnum() for ch in word.text):
            continue        # symbols alone (■ for a filled box, a dash for a blank): no text
        # every character of a piece is kept, however unsure: a digit dropped from inside a
        # number would change it silently, a kept one carries its low confidence to it
        glyphs = [g for g in fix_glyphs(word.glyphs) if g.text.strip()]
        if not glyphs:
            continue
        top, bottom = _ink_rows(text_ink, glyphs)
        for g in glyphs:
            chars.append(Char(g.text, g.x0 * scale, top * scale, g.x1 * scale, bottom * scale,
                              (bottom - top) * scale))
            confidences.append(g.confidence)
        numbers += _numbers(glyphs)
    t3 = time.perf_counter()
    detect, recognize = timing if timing else (t2 - t1, 0.0)
    stages = tuple(stages) + (("rules", (t1 - t0) + (t3 - t2)), ("detect", detect),
                              ("recognize", recognize))
    return OcrPage(number, width, height, tuple(chars), edges, confidences=tuple(confidences),
                   skew=angle,
                   numbers=tuple(numbers), stages=stages)


def _recognize(gray, detect_side: int = 0):
    """Words of the page, and (detect, recognize) seconds when the engine reports them."""
    import numpy as np
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    start = time.perf_counter()
    words = ocrengine.recognize(rgb, detect_side=detect_side)
    took = time.perf_counter() - start
    split = ocrengine.last_timing()
    if split:
        det, rec = split
        scale = took / max(det + rec, 1e-9)       # the rest (pre/post-processing) shared out
        return words, (det * scale, rec * scale)
    return words, None


def _ink_rows(text_ink, glyphs) -> tuple[float, float]:
    """The rows with ink under a word's characters (its box tightened to the print)."""
    top = int(min(g.top for g in glyphs))
    bottom = int(max(g.bottom for g in glyphs)) + 1
    x0, x1 = int(min(g.x0 for g in glyphs)), int(max(g.x1 for g in glyphs)) + 1
    h, w = text_ink.shape
    top, bottom = max(0, top), min(h, bottom)
    x0, x1 = max(0, x0), min(w, x1)
    if bottom <= top or x1 <= x0:
        return float(min(g.top for g in glyphs)), float(max(g.bottom for g in glyphs))
    rows = text_ink[top:bottom, x0:x1].any(axis=1).nonzero()[0]
    if len(rows) == 0:
        return float(top), float(bottom)
    return float(top + rows[0]), float(top + rows[-1] + 1)


def _numbers(glyphs) -> list[tuple[str, float]]:
    text = "".join(g.text for g in glyphs)
    out = []
    for m in _NUMBER.finditer(text):
        conf = min(g.confidence for g in glyphs[m.start():m.end()])
        out.append((m.group(0), conf))
    return out


class OcrRecord:
    """What a document's reading keeps of its OCR'd pages: their numbers, the numbers of their
    grid cells (a number the recognizer gave in pieces is whole in its cell), and the pages
    without a text layer that were not OCR'd (the extra missing)."""

    def __init__(self) -> None:
        self.pages: list[int] = []
        self.numbers: list[tuple[int, str, float]] = []
        self.unread: list[int] = []

    def add(self, geom: PageGeom, items) -> None:
        if not isinstance(geom, OcrPage):
            if not geom.chars:
                self.unread.append(geom.number)
            return
        self.pages.append(geom.number)
        self.numbers += [(geom.number, text, conf) for text, conf in geom.numbers]
        confidence = dict(zip(geom.chars, geom.confidences))
        for piece in getattr(items, "items", ()):
            grid = getattr(getattr(piece, "source", None), "g", None)
            for cell in getattr(grid, "cells", ()):
                if not cell.chars:
                    continue
                text = cell.text.replace(" ", "")
                if _NUMBER.fullmatch(text):
                    conf = min(confidence.get(c, 1.0) for c in cell.chars)
                    self.numbers.append((geom.number, text, conf))

    def warnings(self, settings: Settings) -> tuple[str, ...]:
        out = []
        if self.pages:
            out.append(f"{len(self.pages)} page(s) read by OCR: {_ranges(self.pages)}")
        if self.unread and settings.ocr != "never":
            out.append(f"page(s) {_ranges(self.unread)} have no text layer and were not read: "
                       f"{ocrengine.INSTALL_HINT} reads them by OCR")
        return tuple(out)


def no_text_layer(source: Source, settings: Settings) -> InputError:
    """The error for a document without any text: how to get it read."""
    if settings.ocr != "never" and not ocrengine.available():
        return InputError("has no text layer (scanned images only); it needs OCR first",
                          file=source.name,
                          hint=f"{ocrengine.INSTALL_HINT} reads it by OCR (or e.g. ocrmypdf in.pdf out.pdf)")
    if settings.ocr == "never":
        return InputError("has no text layer (scanned images only); it needs OCR first",
                          file=source.name, hint="drop --ocr never to read it by OCR")
    return InputError("has no text layer, and OCR recognized no text on its pages",
                      file=source.name, hint="is it blank? look at it with yusuan inspect")


def _ranges(pages: list[int]) -> str:
    """1, 2, 3, 5 → 1-3, 5"""
    out, start, prev = [], None, None
    for p in sorted(set(pages)):
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = p
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(out)
