"""Draw small tables of any layout as PDF pages: cells on a grid, each spanning rows and columns
(merged header groups, group labels spanning rows), ruled (every cell bordered) or unruled
(aligned by whitespace only). tests/pdfgen.py draws the reference document; this draws the
layouts it cannot (an outline printed in several label columns, a vertical summary with merged
group labels, a three-level header with a blank cell).

Test code: the tables are written by hand in the tests, never taken from yusuan's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# the font, and its one registration, shared by every test drawer
from pdfgen import FONT, register as _register  # noqa: E402

SIZE = 9.0
LINE = 12.0
PAD = 3.0
MARGIN = 36.0


@dataclass
class Cell:
    r: int                    # first grid row
    c: int                    # first grid column
    text: str
    rows: int = 1             # rows spanned
    cols: int = 1             # columns spanned
    align: str = "left"       # left | right | centre
    indent: int = 0           # leading characters of indentation (left-aligned text)


@dataclass
class Grid:
    """One page's table: column widths, the number of grid rows, the cells printed (text may
    be "" for a cell drawn empty). A grid row is one line high unless `lines` says more."""

    widths: list[float]
    n_rows: int
    cells: list[Cell]
    lines: dict[int, int] = field(default_factory=dict)    # grid row -> lines of height

    def covered(self) -> set[tuple[int, int]]:
        return {(r, c) for cell in self.cells for r in range(cell.r, cell.r + cell.rows)
                for c in range(cell.c, cell.c + cell.cols)}


@dataclass
class Page:
    grid: Grid
    label: str = ""
    title: str = ""
    entity: str = ""
    unit: str = "万元"
    note: str = ""


def _wrap(text: str, width: float) -> list[str]:
    per = max(1, int((width - 2 * PAD) // SIZE))
    return [text[i:i + per] for i in range(0, len(text), per)] or [""]


def header(r: int, c: int, text: str, rows: int = 1, cols: int = 1) -> Cell:
    return Cell(r, c, text, rows, cols, "centre")


def amount(r: int, c: int, text: str) -> Cell:
    return Cell(r, c, text, align="right")


def draw(path: Path, pages: list[Page], style: str = "ruled") -> Path:
    """Write `pages` to `path` (A4, landscape when the table is wide) and return the path."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas
    _register()
    cv = canvas.Canvas(str(path))
    for page in pages:
        g = page.grid
        w, h = landscape(A4) if sum(g.widths) > 595 - 2 * MARGIN else A4
        cv.setPageSize((w, h))

        def text(x, top, s, align="left", size=SIZE):
            cv.setFont(FONT, size)
            y = h - top - size * 0.88
            {"left": cv.drawString, "right": cv.drawRightString,
             "centre": cv.drawCentredString}[align](x, y, s)

        xs = [MARGIN]
        for width in g.widths:
            xs.append(xs[-1] + width)
        y = MARGIN
        if page.label:
            text(MARGIN, y, page.label, size=10)
            y += 18
        if page.title:
            text((xs[0] + xs[-1]) / 2, y, page.title, "centre", 14)
            y += 24
        if page.entity or page.title:
            if page.entity:
                text(MARGIN, y, f"部门名称：{page.entity}")
            text(xs[-1], y, f"单位：{page.unit}", "right")
            y += 16
        ys = [y]
        for r in range(g.n_rows):
            ys.append(ys[-1] + g.lines.get(r, 1) * LINE + 2 * PAD)
        cells = list(g.cells)
        taken = g.covered()
        # every grid position not under a printed cell is a blank cell of its own
        cells += [Cell(r, c, "") for r in range(g.n_rows) for c in range(len(g.widths))
                  if (r, c) not in taken]
        for cell in cells:
            x0, x1 = xs[cell.c], xs[cell.c + cell.cols]
            top, bottom = ys[cell.r], ys[cell.r + cell.rows]
            if style == "ruled":
                cv.setLineWidth(0.5)
                cv.rect(x0, h - bottom, x1 - x0, bottom - top)
            if not cell.text:
                continue
            # amounts (half-width digits) never wrap; labels wrap by full-width characters
            lines = [cell.text] if cell.align == "right" else _wrap(cell.text, x1 - x0 - cell.indent * SIZE)
            ty = (top + bottom) / 2 - len(lines) * LINE / 2 + (LINE - SIZE) / 2
            for k, line in enumerate(lines):
                if cell.align == "right":
                    text(x1 - PAD, ty + k * LINE, line, "right")
                elif cell.align == "centre":
                    text((x0 + x1) / 2, ty + k * LINE, line, "centre")
                else:
                    text(x0 + PAD + (cell.indent * SIZE if k == 0 else 0), ty + k * LINE, line)
        if page.note:
            text(MARGIN, ys[-1] + 6, "注：" + page.note)
        cv.showPage()
    cv.save()
    return path
