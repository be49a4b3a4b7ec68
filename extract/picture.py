"""A picture of what yusuan read on one PDF page (`yusuan inspect`): the page rendered, and on
it each table region, its cell grid, its header band, each body row's boundary, and the cells
of failed checks in red. It is how a user sees why a table came out as it did.

The page is analysed on its own here (as the first page of any table on it); a continuation
page is read by the full run with the layout of the page before, which may differ in how its
repeated header is taken. Pillow comes with pdfplumber; PDFium renders the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..catalogue import Catalogue
from ..chars import compact
from ..errors import InputError
from ..model import Document
from ..normalize.amounts import parse_amount
from ..settings import Settings
from .gridtable import Piece
from .pdf import page_items
from .pdfreaders import UnmeasuredText, open_pages
from .source import Source

TABLE = (31, 119, 180)          # blue: the region of a table piece
GRID = (150, 150, 150)          # grey: the cell grid
HEADER = (255, 200, 0, 70)      # yellow fill: the header band
ROW = (44, 160, 44)             # green: a body row's boundary
FAILED = (214, 39, 40, 120)     # red fill: the amount a failed check found (the total)
SUMMED = (255, 127, 14, 70)     # orange fill: the amounts it summed
LOW_CONFIDENCE = (148, 103, 189, 110)   # purple fill: an OCR'd cell below the confidence threshold


@dataclass
class PagePicture:
    """What was drawn, for the command to report in words too."""

    page: int
    path: Path
    pieces: list[dict] = field(default_factory=list)
    failed_cells: int = 0
    reader: str = ""                # how the page was read: pdfium, pdfplumber, ocr
    low_confidence_cells: int = 0


def _page_geom(source: Source, page: int, reader: str | None, password: str | None):
    try:
        for geom in open_pages(source, reader, password):
            if geom.number == page:
                return geom
    except UnmeasuredText:
        # as read_pdf does: glyphs PDFium cannot measure (fonts neither embedded nor
        # installed) are read by pdfplumber
        return _page_geom(source, page, "pdfplumber", password)
    raise InputError(f"has no page {page}", file=source.name)


def failed_values(doc: Document | None, page: int) -> list[tuple[str, Decimal, bool]]:
    """(row name, amount, is the total) of each cell on `page` covered by a failed check; a
    check's first cell is the amount it found, the others what it summed."""
    if doc is None:
        return []
    rows = {(t.no, r.row_no): r for t in doc.tables for r in t.rows}
    out = []
    for check in doc.checks:
        if check.status != "fail":
            continue
        for n, (table_no, row_no, column) in enumerate(check.cells):
            row = rows.get((table_no, row_no))
            if row is not None and row.page == page and row.values.get(column) is not None:
                out.append((row.name, row.values[column], n == 0))
    return out


def draw_page(source: Source, page: int, out: Path, catalogue: Catalogue, settings: Settings, *,
              doc: Document | None = None, reader: str | None = None,
              password: str | None = None, scale: float = 2.0) -> PagePicture:
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    geom = _page_geom(source, page, reader, password)
    from .ocrreader import read_page, wants_ocr
    if wants_ocr(geom, settings):           # a scanned page: read from its image, as a run does
        pdf = pdfium.PdfDocument(str(source.path), password=password)
        try:
            geom = read_page(pdf, page, settings)
        finally:
            pdf.close()
    items = page_items(geom, catalogue, settings)
    pieces = [it for it in items.items if isinstance(it, Piece)]

    pdf = pdfium.PdfDocument(str(source.path), password=password)
    try:
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGBA")
        if getattr(geom, "skew", 0.0):      # OCR read the page turned straight: so is the picture
            image = image.rotate(geom.skew, resample=Image.BILINEAR, fillcolor=(255, 255, 255, 255))
    finally:
        pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)

    def box(x0, y0, x1, y1):
        return [x0 * scale, y0 * scale, x1 * scale, y1 * scale]

    wanted = failed_values(doc, page)
    picture = PagePicture(page, out, reader=getattr(geom, "reader", None) or reader or "pdfium")
    confidence = dict(zip(geom.chars, getattr(geom, "confidences", ())))
    for piece in pieces:
        gt = piece.source
        if gt is None:
            continue
        g = gt.g
        for cell in g.cells:
            if gt.first <= cell.r0 < gt.last:
                draw.rectangle(_xy(box, cell.box), outline=GRID, width=1)
        if gt.header_rows:
            top, bottom = g.ys[gt.header_rows[0]], g.ys[gt.header_rows[-1] + 1]
            draw.rectangle(box(g.xs[0], top, g.xs[-1], bottom), fill=HEADER)
        for r in gt.body_rows:
            draw.line(box(g.xs[0], g.ys[r + 1], g.xs[-1], g.ys[r + 1]), fill=ROW, width=2)
        draw.rectangle(box(g.xs[0], piece.top, g.xs[-1], piece.bottom), outline=TABLE, width=3)
        if confidence:
            picture.low_confidence_cells += _mark_low(draw, box, gt, confidence,
                                                      settings.ocr_min_confidence)
        marked = _mark_failed(draw, box, gt, wanted)
        picture.failed_cells += marked
        picture.pieces.append({"top": round(piece.top, 1), "bottom": round(piece.bottom, 1),
                               "header_rows": len(gt.header_rows), "rows": len(piece.rows),
                               "columns": [c.key for c in piece.columns], "failed_cells": marked})
    Image.alpha_composite(image, overlay).convert("RGB").save(out)
    return picture


def _mark_low(draw, box, gt, confidence: dict, threshold: float) -> int:
    """Fill the grid cells whose least sure character OCR read below `threshold`."""
    marked = 0
    for cell in gt.g.cells:
        if gt.first <= cell.r0 < gt.last and cell.chars:
            if min(confidence.get(c, 1.0) for c in cell.chars) < threshold:
                draw.rectangle(_xy(box, cell.box), fill=LOW_CONFIDENCE)
                marked += 1
    return marked


def _mark_failed(draw, box, gt, wanted: list[tuple[str, Decimal, bool]]) -> int:
    """Fill the grid cells printing a failed check's amount in the row of its label."""
    g, marked = gt.g, 0
    for name, value, is_total in wanted:
        head = compact(name)[:4]
        for r in gt.body_rows:
            cells = g.row_cells(r)
            if head and not any(compact(c.text).startswith(head) or head in compact(c.text)
                                for c in cells if c.text):
                continue
            for c in cells:
                if c.r0 == r and c.text and _amount(c.text) == value:
                    draw.rectangle(_xy(box, c.box), fill=FAILED if is_total else SUMMED)
                    marked += 1
    return marked


def _xy(box, b):
    return box(b.x0, b.top, b.x1, b.bottom)


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except Exception:
        return None
