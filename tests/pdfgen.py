"""Draw the hand-written reference tables (tests/expected/taishan_2024_tables.txt) as a PDF:
ruled (every cell bordered) or unruled (columns aligned by whitespace only), each table on the
pages the reference document prints it, continued tables with the header printed again or not
at all, wrapped labels and 绩效目标 text inside their cells, merged header cells for header
groups. reportlab's built-in STSong-Light CID font needs no system font.

    python tests/pdfgen.py samples/taishan_zonggonghui_2024_yusuan_ruled.pdf --style ruled

Test code: it draws from the hand-written tables, never from yusuan's output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from expected_tables import Table, load  # noqa: E402

FONT = "STSong-Light"
SIZE = 9.0
LINE = 12.0            # line height inside cells
PAD = 3.0
WIDTHS = {"code": 52.0, "name": 150.0, "amount": 58.0, "text": 210.0}
MARGIN = 36.0


def register() -> None:
    """The built-in CID font, registered once for every test drawer (pdfgen, gridgen, …)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    try:
        pdfmetrics.getFont(FONT)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, width: float) -> list[str]:
    per = max(1, int((width - 2 * PAD) // SIZE))
    return [text[i:i + per] for i in range(0, len(text), per)] or [""]


def _label(row, code_column: bool) -> tuple[str, int]:
    """The label as printed, and its indent in characters (depth for rows without codes)."""
    code = f"[{row.code}]" if row.code and not code_column else ""
    if row.code:
        indent = {3: 0, 5: 1, 7: 2}.get(len(row.code), 0)
    elif (row.ordinal or "").startswith("其中"):
        indent = 2
    else:
        indent = {0: 0, 1: 0, 2: 5, 3: 8}.get(row.level, 0)
        if row.level == 1 and row.ordinal == "--":
            indent = 2
    return code + (row.ordinal or "") + row.name, indent


class Drawer:
    def __init__(self, path: Path, style: str, repeat_header: bool, valign: str = "top"):
        from reportlab.pdfgen import canvas
        register()
        self.c = canvas.Canvas(str(path))
        self.style = style
        self.repeat_header = repeat_header
        # where a tall row prints its amounts: level with the label's first line (Word), its
        # last line (a spreadsheet export: Excel aligns cells at the bottom) or between
        self.valign = valign

    # ------------------------------------------------------------------ primitives
    def text(self, x, y_top, s, align="left", size=SIZE):
        """Draw with y measured from the page top (the text's top edge)."""
        self.c.setFont(FONT, size)
        y = self.h - y_top - size * 0.88
        if align == "left":
            self.c.drawString(x, y, s)
        elif align == "right":
            self.c.drawRightString(x, y, s)
        else:
            self.c.drawCentredString(x, y, s)

    def box(self, x0, top, x1, bottom):
        if self.style == "ruled":
            self.c.setLineWidth(0.5)
            self.c.rect(x0, self.h - bottom, x1 - x0, bottom - top)

    def new_page(self, landscape: bool):
        from reportlab.lib.pagesizes import A4, landscape as ls
        self.w, self.h = ls(A4) if landscape else A4
        self.c.setPageSize((self.w, self.h))

    # ------------------------------------------------------------------ tables
    def table_page(self, t: Table, page: int, first: bool, last: bool, department: str):
        cols = [(p, role) for p, role in t.header]
        widths = [WIDTHS[role] for _, role in cols]
        landscape = sum(widths) > 595 - 2 * MARGIN
        room = (842 if landscape else 595) - 2 * MARGIN
        n_amount = sum(1 for _, role in cols if role == "amount")
        fixed = sum(w for w, (_, role) in zip(widths, cols) if role != "amount")
        amount_w = min(WIDTHS["amount"], (room - fixed) / max(n_amount, 1))
        widths = [amount_w if role == "amount" else w for w, (_, role) in zip(widths, cols)]
        self.new_page(landscape=landscape)
        x = [MARGIN]
        for w in widths:
            x.append(x[-1] + w)
        y = MARGIN
        if first:
            self.text(MARGIN, y, t.label, size=10)
            y += 18
            self.text((x[0] + x[-1]) / 2, y, t.title, align="centre", size=14)
            y += 24
            self.text(MARGIN, y, f"单位名称：{department}")
            self.text(x[-1], y, f"单位：{t.unit}", align="right")
            y += 16
        if first or self.repeat_header:
            y = self.header(cols, x, y)
        rows = [r for r in t.rows if r.page == page]
        y = self.body(t, cols, x, y, rows)
        if last and t.note:
            y += 6
            for k, line in enumerate(t.note.split("\n")):
                self.text(MARGIN + (0 if k == 0 else 18), y, ("注：" if k == 0 else "") + line)
                y += LINE
        self.c.showPage()

    def header(self, cols, x, y):
        depth = max(len(p.split("/")) for p, _ in cols)
        height = 2 * LINE + 2 * PAD
        for d in range(depth):
            c = 0
            while c < len(cols):
                parts = cols[c][0].split("/")
                if d >= len(parts):
                    c += 1
                    continue
                e = c + 1
                while e < len(cols) and cols[e][0].split("/")[:d + 1] == parts[:d + 1] and d < len(parts) - 1:
                    e += 1
                bottom_d = depth if d == len(parts) - 1 else d + 1   # a leaf reaches the bottom
                top_y, bot_y = y + d * height, y + bottom_d * height
                self.box(x[c], top_y, x[e], bot_y)
                lines = _wrap(parts[d], x[e] - x[c])
                ty = (top_y + bot_y) / 2 - len(lines) * LINE / 2
                for k, line in enumerate(lines):
                    self.text((x[c] + x[e]) / 2, ty + k * LINE, line, align="centre")
                c = e
        return y + depth * height

    def body(self, t: Table, cols, x, y, rows):
        code_column = any(role == "code" for _, role in cols)
        sides = [k for k, (_, role) in enumerate(cols) if role == "name"]
        if t.sides:
            left = [r for r in rows if r.side == t.sides[0]]
            right = [r for r in rows if r.side == t.sides[1]]
            for k in range(max(len(left), len(right))):
                pair = [left[k] if k < len(left) else None, right[k] if k < len(right) else None]
                y = self.row(cols, x, y, pair, sides, code_column)
            return y
        for r in rows:
            y = self.row(cols, x, y, [r], sides[:1], code_column)
        return y

    def row(self, cols, x, y, rows, name_cols, code_column):
        """One printed line of the table: one row, or one row per side."""
        plan = []
        height_lines = 1
        for row, nc in zip(rows, name_cols):
            if row is None:
                continue
            label, indent = _label(row, code_column)
            name_lines = _wrap(label, x[nc + 1] - x[nc] - indent * SIZE)
            text_lines = []
            k = nc + 1
            amounts = []
            for j in range(nc + 1, len(cols)):
                role = cols[j][1]
                if role == "name":
                    break
                if role == "amount":
                    amounts.append(j)
                if role == "text" and row.text:
                    text_lines = [(j, line) for line in _wrap(row.text, x[j + 1] - x[j])]
            plan.append((row, nc, indent, name_lines, amounts, text_lines))
            height_lines = max(height_lines, len(name_lines), len(text_lines))
        h = height_lines * LINE + 2 * PAD
        for j in range(len(cols)):
            self.box(x[j], y, x[j + 1], y + h)
        for row, nc, indent, name_lines, amounts, text_lines in plan:
            if code_column and row.code:
                self.text(x[nc - 1] + PAD, y + PAD, row.code)
            for k, line in enumerate(name_lines):
                self.text(x[nc] + PAD + (indent * SIZE if k == 0 else 0), y + PAD + k * LINE, line)
            drop = {"top": 0.0, "middle": 0.5, "bottom": 1.0}[self.valign] * (height_lines - 1) * LINE
            for j, value in zip(amounts, row.amounts):
                self.text(x[j + 1] - PAD, y + PAD + drop, value, align="right")
            for k, (j, line) in enumerate(text_lines):
                self.text(x[j] + PAD, y + PAD + k * LINE, line)
        return y + h

    def prose_page(self, n: int, department: str):
        self.new_page(landscape=False)
        if n == 1:
            self.text(MARGIN, MARGIN, f"{department}2024年部门预算", size=16)
        else:
            self.text(MARGIN, MARGIN, f"第{n}页：本部门预算情况说明，详见各表。")
        self.c.showPage()


def draw(path: Path, style: str = "ruled", repeat_header: bool = True, pages: int = 23,
         department: str = "台山市总工会", valign: str = "top") -> Path:
    """Write the reference tables to `path` as a PDF and return the path."""
    tables = load()
    starts = {}
    for t in tables:
        for i, p in enumerate(t.pages):
            starts[p] = (t, i == 0, i == len(t.pages) - 1)
    d = Drawer(path, style, repeat_header, valign)
    for p in range(1, pages + 1):
        if p in starts:
            t, first, last = starts[p]
            d.table_page(t, p, first, last, department)
        else:
            d.prose_page(p, department)
    d.c.save()
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--style", choices=["ruled", "unruled"], default="ruled")
    ap.add_argument("--no-repeat-header", action="store_true",
                    help="continuation pages start with rows, no header (Shanghai style)")
    args = ap.parse_args(argv)
    draw(args.out, args.style, not args.no_repeat_header)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
