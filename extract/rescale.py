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


def registered(head: Layout, page: Layout) -> Layout | None:
    """The table's layout `head` brought to the scale of a continued page whose own columns are
    `page`, for reading the page with the table's columns; None when the page stands at the
    table's scale already or no scale fits.

    A layout dump sets each page on a scale of its own, and a continued page may print fewer
    label columns (no row of an outline's outer level). The map x → s·x + t is pinned by the
    last amount column's right edge (amounts are right-aligned: the same edge on both pages)
    and by the page's first label column's left edge, matched in turn to each of the table's
    label columns; the candidate bringing the page's column edges nearest the table's, and
    nearer than the pages as they stand, is taken."""
    def edges(lay: Layout) -> list[tuple[str, float]]:
        return [("amount", x1) if c.role == AMOUNT else ("label", x0)
                for c, (x0, x1) in zip(lay.columns, lay.col_x)]
    theirs, ours = edges(head), edges(page)
    t_amounts = [x for k, x in theirs if k == "amount"]
    o_amounts = [x for k, x in ours if k == "amount"]
    t_labels = [x for k, x in theirs if k == "label"]
    o_labels = [x for k, x in ours if k == "label"]
    if not t_amounts or not o_amounts or not t_labels or not o_labels:
        return None
    hr, pr, pl = max(t_amounts), max(o_amounts), min(o_labels)
    width = hr - min(t_labels)
    if pr <= pl or width <= 0:
        return None

    def misfit(s: float, t: float) -> float:
        # mean distance of the page's edges, mapped, to the nearest table edge of their kind
        return sum(min(abs(s * x + t - y) for k2, y in theirs if k2 == k) for k, x in ours) / len(ours)

    best, best_fit = None, misfit(1.0, 0.0)
    for hl in t_labels:
        if hl >= hr:
            continue
        s = (hr - hl) / (pr - pl)
        if not 0.6 <= s <= 1.6:
            continue
        t = hr - s * pr
        fit = misfit(s, t)
        if fit < best_fit - 0.01 * width:
            best, best_fit = (s, t), fit
    if best is None or best_fit > 0.03 * width:
        return None
    s, t = best
    # the table's x-ranges in the page's coordinates (the inverse map)
    back = lambda x: (x - t) / s      # noqa: E731
    return replace(head,
                   col_x=tuple((back(a), back(b)) for a, b in head.col_x),
                   spans_x=tuple(tuple((back(a), back(b)) for a, b in xs) for xs in head.spans_x),
                   label_left=tuple(None if x is None else back(x) for x in head.label_left))


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


__all__ = ["registered", "rescaled"]
