"""Small PDFs drawn line by line for the tests of issue 9 (titles, labels, damaged pages, header
paths printed twice): a `Sheet` draws text lines and ruled tables where a test puts them.

Test code: every string and amount drawn is written by hand in the test that draws it, never
taken from yusuan's output. reportlab's built-in STSong-Light CID font needs no system font.
"""

from __future__ import annotations

from pathlib import Path

# the font, and its one registration, shared by every test drawer
from pdfgen import FONT, register as _register  # noqa: E402
SIZE = 9.0
ROW = 18.0             # height of a table row
MARGIN = 40.0
AMOUNT_W = 70.0
NAME_W = 160.0


class Sheet:
    """A PDF drawn page by page; y is measured from the page top (pdfplumber's convention)."""

    def __init__(self, path: Path, *, compress: bool = True) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas
        _register()
        self.path = Path(path)
        self.c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1 if compress else 0)
        self.w, self.h = A4
        self.y = MARGIN
        self.started = False

    # ------------------------------------------------------------------ text
    def text(self, s: str, *, x: float | None = None, size: float = SIZE, align: str = "left",
             gap: float = 6.0) -> Sheet:
        """One line of text at the current height (centred on the page with align="centre")."""
        self.started = True
        self.c.setFont(FONT, size)
        baseline = self.h - self.y - size * 0.88
        if align == "centre":
            self.c.drawCentredString(self.w / 2 if x is None else x, baseline, s)
        elif align == "right":
            self.c.drawRightString(self.w - MARGIN if x is None else x, baseline, s)
        else:
            self.c.drawString(MARGIN if x is None else x, baseline, s)
        self.y += size + gap
        return self

    def line_pair(self, left: str, right: str) -> Sheet:
        """单位名称：X at the left and 单位：万元 at the right of one line."""
        self.c.setFont(FONT, SIZE)
        baseline = self.h - self.y - SIZE * 0.88
        self.c.drawString(MARGIN, baseline, left)
        self.c.drawRightString(self.w - MARGIN, baseline, right)
        self.y += SIZE + 6
        return self

    def title(self, s: str) -> Sheet:
        return self.text(s, size=14, align="centre", gap=8)

    # ------------------------------------------------------------------ tables
    def table(self, header: list[str], rows: list[list[str]]) -> Sheet:
        """A ruled table: one header row of labels (the first column is the row label), then
        rows of a label and amounts (right-aligned), every cell bordered."""
        self.started = True
        widths = [NAME_W] + [AMOUNT_W] * (len(header) - 1)
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        self.c.setLineWidth(0.5)
        for r, cells in enumerate([header] + rows):
            top = self.y + r * ROW
            for k, cell in enumerate(cells):
                self.c.rect(xs[k], self.h - top - ROW, xs[k + 1] - xs[k], ROW)
                self.c.setFont(FONT, SIZE)
                baseline = self.h - top - 4 - SIZE * 0.88
                if r == 0:
                    self.c.drawCentredString((xs[k] + xs[k + 1]) / 2, baseline, cell)
                elif k == 0:
                    self.c.drawString(xs[k] + 3, baseline, cell)
                elif cell:
                    self.c.drawRightString(xs[k + 1] - 3, baseline, cell)
        self.y += (len(rows) + 1) * ROW + 14
        return self

    def page(self) -> Sheet:
        """End this page (an empty one too: a page without any character)."""
        self.c.showPage()
        self.y = MARGIN
        self.started = False
        return self

    def save(self) -> Path:
        if self.started:
            self.c.showPage()
        self.c.save()
        return self.path


# Two small tables a test can draw anywhere: 合计 equals its two rows in every column.
INCOME_HEADER = ["项目", "合计", "财政拨款", "其他收入"]
INCOME_ROWS = [["合计", "30.00", "20.00", "10.00"], ["行政运行", "18.00", "12.00", "6.00"],
               ["一般行政管理事务", "12.00", "8.00", "4.00"]]


def titled_table(sheet: Sheet, label: str | None, title: str, header=None, rows=None,
                 unit: str = "单位：万元") -> Sheet:
    """label line, title, 单位名称 / 单位 line, then the table."""
    if label:
        sheet.text(label, size=10)
    sheet.title(title)
    sheet.line_pair("单位名称：测试局", unit)
    return sheet.table(header or INCOME_HEADER, rows or INCOME_ROWS)
