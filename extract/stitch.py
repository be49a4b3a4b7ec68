"""Rows of a table stitched over pages: a label cut by the page break is one row.

A ruled row whose cell breaks across pages prints the first part of its label at the foot of
one page, with no amounts (`当 年 收 入`), and the rest with the amounts at the head of the
next (`小计  37,188.34`). Read page by page they are two rows, the first empty; joined they
are the row `当年收入小计`. The join needs all of:

1. the first part is the last row of its page and prints no amount;
2. the second part is the first row of the next page and prints amounts;
3. neither prints a code, and the second part's label starts no row of its own (no ordinal,
   no code): 一、基本支出 at a page foot is a heading, not half a label.
"""

from __future__ import annotations

from ..model import AMOUNT, CODE, NAME, Column, RawRow
from ..patterns import ORDINAL


def _label_cells(columns: tuple[Column, ...]) -> list[int]:
    return [i for i, c in enumerate(columns) if c.role == NAME]


def _prints(row: RawRow, idx: list[int]) -> bool:
    return any(row.cells[i] for i in idx)


def _starts_row(text: str) -> bool:
    m = ORDINAL.match(text)
    return bool(m and m.group("ordinal"))


def rejoin_page_break_labels(columns: tuple[Column, ...], rows: tuple[RawRow, ...]) -> tuple[RawRow, ...]:
    names = _label_cells(columns)
    amounts = [i for i, c in enumerate(columns) if c.role == AMOUNT]
    codes = [i for i, c in enumerate(columns) if c.role == CODE]
    if not names or not amounts:
        return rows
    out: list[RawRow] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and row.page == prev.page + 1 and not _prints(prev, amounts) \
                and _prints(prev, names) and _prints(row, amounts) \
                and not _prints(prev, codes) and not _prints(row, codes) \
                and not any(row.cells[i] and _starts_row(row.cells[i].strip()) for i in names):
            cells = list(row.cells)
            for i in names:
                cells[i] = (prev.cells[i] or "") + (row.cells[i] or "").strip() or None
            out[-1] = RawRow(page=prev.page, cells=tuple(cells), line=prev.line, spans=row.spans)
            continue
        out.append(row)
    return tuple(out)
