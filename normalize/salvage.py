"""A table that cannot be built never costs the document.

`build_table` types one raw table; when that raises something unexpected (a bug of ours, a
layout nobody foresaw), the table is built again with columns named by position (列1, 列2 …:
the first column the row label, the others amounts or text as their cells read), and when even
that fails it is kept without rows. Either way the table stays in the document, its warning
names the page, the table and the reason, and the other tables are untouched.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import ParseError
from ..model import AMOUNT, NAME, TEXT, Column, RawTable, Row, Table
from .amounts import parse_amount
from .frames import column_names
from .tables import normalize_table


def table_name(raw: RawTable, no: int) -> str:
    """How a warning names a table: its label and title as printed, else its number."""
    return " ".join(p for p in (raw.label, raw.title) if p) or f"no. {no}"


def where(raw: RawTable, no: int) -> str:
    pages = ", ".join(map(str, raw.pages)) if raw.pages else "?"
    return f"page{'s' if len(raw.pages) > 1 else ''} {pages}, table {table_name(raw, no)}"


def build_table(raw: RawTable, no: int, *, code_system: str | None = None,
                unit: str | None = None, year: int | None = None, catalogue=None) -> Table:
    try:
        table = normalize_table(raw, no, code_system=code_system, unit=unit, year=year,
                                catalogue=catalogue)
        column_names(table)          # the names its tidy table will have: none may clash
        return table
    except Exception as e:           # noqa: BLE001 - one table must not fail the document
        reason = f"{type(e).__name__}: {e}"
    try:
        table = positional_table(raw, no, unit=unit, year=year)
        note = f"{where(raw, no)}: could not be read ({reason}); kept with columns named by position"
    except Exception as e:           # noqa: BLE001
        table = Table(no=no, label=raw.label, title=raw.title, kind=raw.kind,
                      unit=raw.unit or unit, columns=(), rows=(), pages=raw.pages, note=raw.note,
                      entity=raw.entity, header_source=raw.header_source,
                      warnings=tuple(raw.warnings), year=year)
        note = (f"{where(raw, no)}: could not be read ({reason}; by position: "
                f"{type(e).__name__}: {e}); its rows are left out")
    return replace(table, warnings=table.warnings + (note,))


def positional_table(raw: RawTable, no: int, *, unit: str | None = None,
                     year: int | None = None) -> Table:
    """The rows as printed, one side, columns 列1…列n: 列1 the label, then each column an
    amount column when every printed cell in it reads as an amount, else a text column."""
    width = max([len(raw.columns)] + [len(r.cells) for r in raw.rows])
    cells = [tuple(r.cells) + (None,) * (width - len(r.cells)) for r in raw.rows]

    def amount(text: str | None) -> bool:
        try:
            parse_amount(text)
            return True
        except ParseError:
            return False
    columns = [Column(("列1",), NAME)]
    for j in range(1, width):
        role = AMOUNT if all(amount(c[j]) for c in cells) else TEXT
        columns.append(Column((f"列{j + 1}",), role))
    rows = []
    for n, (raw_row, cs) in enumerate(zip(raw.rows, cells), 1):
        values = {c.key: parse_amount(cs[j]) for j, c in enumerate(columns) if c.role == AMOUNT}
        texts = {c.key: cs[j] for j, c in enumerate(columns) if c.role == TEXT}
        rows.append(Row(row_no=n, page=raw_row.page, name=(cs[0] or "").strip(), values=values,
                        texts=texts, level=1))
    return Table(no=no, label=raw.label, title=raw.title, kind=raw.kind, unit=raw.unit or unit,
                 columns=tuple(columns), rows=tuple(rows), pages=raw.pages, note=raw.note,
                 entity=raw.entity, header_source="generic", warnings=tuple(raw.warnings),
                 year=year)
