"""A continued page's amounts put back in the columns where the table's own totals hold.

pdftotext squeezes the gaps of a page's columns that print nothing on that page, so a table
continued on the next page without its header stands compressed there: the amounts right of
its empty columns sit left of where the table's first page set their column, and no border
read off that page tells which of the empty columns they belong to (西南大学 2024 收入决算表,
p.11: 其他收入 93.68 and 8,527.01 fall under 经营收入, which prints nothing on either page).
The table's figures tell: its 合计 is the sum of its 类 and each 类 the sum of its 款 only
with those amounts in 其他收入.

So, for a table read from a layout dump whose own checks fail: on each page after its first,
the cells of one amount column that prints on that page only may move, together, to another
amount column that prints elsewhere but not there, past none that does (the page's columns
keep their order). A move is
taken when the table's own checks then fail fewer and pass no fewer, the best first, one
per column; the table says what moved. Tables whose checks pass, and PDFs, whose characters
stand where they printed, are left as read.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import AMOUNT, Table
from .checks import table_checks


def placed(table: Table, catalogue=None, doc_type: str | None = None) -> Table:
    """`table` with the moves its checks call for (none when they all pass). The checks run
    only for a table showing a squeeze's mark, and once per move tried."""
    keys = [c.key for c in table.columns if c.role == AMOUNT]
    pages = sorted({r.page for r in table.rows})[1:]
    if not any(True for page in pages for _ in _candidates(table, page, keys)):
        return table
    score = _score(table, catalogue, doc_type)
    if score[0] == 0:
        return table
    moves = []
    for page in pages:
        while True:
            best = None
            for a, b in _candidates(table, page, keys):
                moved = _moved(table, page, a, b)
                got = _score(moved, catalogue, doc_type)
                if got[0] < score[0] and got[1] <= score[1] and (best is None or got < best[0]):
                    best = (got, moved, a, b)
            if best is None:
                break
            score, table = best[0], best[1]
            moves.append(f"page {page}: the amounts under {best[2]} are read as {best[3]}'s, "
                         "where the table's totals hold (a layout dump squeezes the gaps of "
                         "columns a page leaves empty)")
            if score[0] == 0:
                break
    return replace(table, warnings=table.warnings + tuple(moves)) if moves else table


def _score(table: Table, catalogue, doc_type) -> tuple[int, int]:
    """(failed, −passed) of the table's own checks: lower is better."""
    checks = table_checks(table, catalogue, doc_type)
    return (sum(c.status == "fail" for c in checks), -sum(c.status == "pass" for c in checks))


def _candidates(table: Table, page: int, keys: list[str]):
    """(from, to) column pairs bearing a squeeze's mark: `from` prints on the page and on no
    other page of the table, `to` prints on another page and not on this one, and no column
    between them prints on this page. (A document's own error, a figure off in a column that
    prints throughout, bears no such mark: its checks are not run again and again.)"""
    rows = [r for r in table.rows if r.page == page]
    others = [r for r in table.rows if r.page != page]
    printed = {k for k in keys if any(r.values.get(k) is not None for r in rows)}
    elsewhere = {k for k in keys if any(r.values.get(k) is not None for r in others)}
    for i, a in enumerate(keys):
        if a not in printed or a in elsewhere:
            continue
        for step in (1, -1):
            j = i + step
            while 0 <= j < len(keys) and keys[j] not in printed:
                # only within one side: a row holds the keys of its own side
                if keys[j] in elsewhere and all((a in r.values) == (keys[j] in r.values) for r in rows):
                    yield a, keys[j]
                j += step


def _moved(table: Table, page: int, a: str, b: str) -> Table:
    def move(row):
        if row.page != page or row.values.get(a) is None:
            return row
        values = dict(row.values)
        values[b], values[a] = values[a], None
        return replace(row, values=values)
    return replace(table, rows=tuple(move(r) for r in table.rows))


__all__ = ["placed"]
