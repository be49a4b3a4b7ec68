"""Small PDFs drawn cell by cell for the layout classes of tests/test_layout_classes.py: each
table is a list of printed lines, each line a list of (x, text) pieces at a font size, with or
without rulings. Test code: the expected values are the strings written here by hand."""

from __future__ import annotations

from pathlib import Path

# the font, and its one registration, shared by every test drawer
from pdfgen import FONT, register  # noqa: E402


def width(text: str, size: float = 9.0) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    register()
    return stringWidth(text, FONT, size)


def draw(path: Path, pages: list[list[tuple[float, list[tuple[float, str]]]]], size: float = 9.0,
         rules: list[list[tuple[float, float, float, float]]] | None = None) -> Path:
    """`pages`: per page, lines as (y from the top, [(x, text), …]); `rules`: per page, line
    segments (x0, top, x1, bottom) to stroke."""
    from reportlab.pdfgen import canvas
    register()
    width, height = 595.0, 842.0
    c = canvas.Canvas(str(path), pagesize=(width, height))
    for n, lines in enumerate(pages):
        c.setFont(FONT, size)
        for y, pieces in lines:
            for x, text in pieces:
                c.drawString(x, height - y, text)
        for x0, top, x1, bottom in (rules or [[]] * len(pages))[n]:
            c.line(x0, height - top, x1, height - bottom)
        c.showPage()
    c.save()
    return path


def right(x1: float, text: str, size: float = 9.0) -> tuple[float, str]:
    """A piece right-aligned at x1 (amounts are printed so)."""
    return (x1 - width(text, size), text)
