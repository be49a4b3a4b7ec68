"""A continued table laid out at another scale: its columns mapped onto the table's.

A layout dump sets every page on a scale of its own (pdftotext squeezes a page's gaps to fit
its widest line), so a table continued without its header on the next page stands narrower
or wider than on its first page, and prints only the amount columns that hold a value on
that page (本年收入合计 and 财政拨款收入 of a unit without other income). Its columns then
neither line up with the table's nor match them one for one. They still come in the table's
order: its code and label columns, one for one (or only the last of them: a last page that
prints only 合计 across them), then amounts. The first amount column is the
table's first (a total: whatever a row prints, it prints its total), and the others stand
where the table's do once the page is brought to the table's scale — measured between the
label column's left edge and the first amount column's right edge, on both pages.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import AMOUNT, CODE
from .gridtable import Layout, Piece


def rescaled(head: Layout, piece: Piece) -> Piece | None:
    """`piece` (headerless, heading its page) read into the table whose layout is `head`, or
    None when its columns cannot be the table's at another scale."""
    ours, theirs = piece.layout, head
    if len(ours.columns) >= len(theirs.columns):
        return None
    mine = [j for j, c in enumerate(ours.columns) if c.role != AMOUNT]
    other = [j for j, c in enumerate(theirs.columns) if c.role != AMOUNT]
    # its code and label columns are the table's, or the last of them (a last page printing
    # only 合计 across the code and label columns)
    if not mine or len(mine) > len(other) or \
            [_kind(ours.columns[j].role) for j in mine] != [_kind(theirs.columns[j].role) for j in other[-len(mine):]]:
        return None
    other = other[-len(mine):]
    my_amounts = [j for j, c in enumerate(ours.columns) if c.role == AMOUNT]
    their_amounts = [j for j, c in enumerate(theirs.columns) if c.role == AMOUNT]
    # code and label columns first, then amounts, on both
    if not my_amounts or max(mine) > min(my_amounts) or max(other) > min(their_amounts):
        return None
    to = dict(zip(mine, other))
    if len(my_amounts) == len(their_amounts):
        to.update(zip(my_amounts, their_amounts))        # every amount column printed
        return _moved(piece, head, to)
    p0, t0 = ours.col_x[mine[-1]][0], theirs.col_x[other[-1]][0]
    p1, t1 = ours.col_x[my_amounts[0]][1], theirs.col_x[their_amounts[0]][1]
    if p1 <= p0 or t1 <= t0:
        return None
    scale = (t1 - t0) / (p1 - p0)
    to[my_amounts[0]] = their_amounts[0]
    free = their_amounts[1:]
    for j in my_amounts[1:]:
        x = t0 + (ours.col_x[j][1] - p0) * scale
        later = [k for k in free if k > to[j - 1]] if j - 1 in to else free
        if not later:
            return None
        best = min(later, key=lambda k: abs(theirs.col_x[k][1] - x))
        to[j] = best
        free = [k for k in free if k > best]
    return _moved(piece, head, to)


def _kind(role: str) -> str:
    """Codes are codes; a label column and a text column of an outline (采购品目大类 | 专项名称 |
    经济科目 …) may change roles when a page prints no row of the outer levels."""
    return role if role in (CODE, AMOUNT) else "label"


def _moved(piece: Piece, head: Layout, to: dict[int, int]) -> Piece:
    """The piece's rows with each cell moved to the table's column `to` names."""
    n = len(head.columns)
    rows = []
    for row in piece.rows:
        cells: list[str | None] = [None] * n
        for j, text in enumerate(row.cells):
            if j in to:
                cells[to[j]] = text
        rows.append(replace(row, cells=tuple(cells), spans=(),
                            labels=tuple((to[c], ls) for c, ls in row.labels if c in to)))
    return replace(piece, layout=head, rows=rows, source=None, caption_chars=[])


__all__ = ["rescaled"]
