"""Typed tables → columns with stable names: one tidy table per printed table, and the long
table of facts (one row per amount cell of every table).

`Columns` is the one place that decides names, order and types; the writers (CSV, Parquet)
and the pandas API (`Table.to_frame()`, `Document.facts()`) all take it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..model import Document, Spill, Table

# The facts schema: stable across documents, years and versions (new columns are only ever
# appended at the end).
FACT_COLUMNS = (
    "doc_id", "source", "table_no", "table_label", "table_title", "table_kind", "page", "row_no",
    "side", "code", "code_system", "level", "parent_code", "ordinal", "name", "column", "value",
    "unit", "checked", "year",
    "labels",     # the row's label path, outer to inner (服务C/案件审判经费/会议费); else the name
    "confidence",  # an OCR'd amount's recognizer confidence (0..1); empty from a text layer
)
INT_COLUMNS = ("table_no", "page", "row_no", "level", "year")
PERCENT_UNIT = "%"     # the unit of a percent column's facts (为预算%, 比上年增长%)
BASE_COLUMNS = ("row_no", "side", "code", "name", "ordinal", "level", "parent_code", "page")


@dataclass
class Columns:
    """Named columns of equal length. `kinds` says which hold integers and exact amounts."""

    names: list[str]
    data: dict[str, list] = field(default_factory=dict)
    ints: set[str] = field(default_factory=set)
    amounts: set[str] = field(default_factory=set)
    bools: set[str] = field(default_factory=set)
    floats: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.data[self.names[0]]) if self.names else 0

    def frame(self):
        import pandas as pd
        frame = pd.DataFrame({n: self.data[n] for n in self.names}, columns=self.names)
        for n in self.ints:
            frame[n] = frame[n].astype("Int64")
        for n in self.amounts:
            frame[n] = frame[n].astype(object)
        for n in self.bools:
            frame[n] = frame[n].astype(bool)
        for n in self.floats:
            frame[n] = frame[n].astype("Float64")
        frame.attrs["amount_columns"] = [n for n in self.names if n in self.amounts]
        return frame


def local_key(column_key: str, side: str | None) -> str:
    """A two-sided table's amount column without its side: 收入/预算 → 预算."""
    if side and column_key.startswith(side + "/"):
        return column_key[len(side) + 1:]
    return column_key


def table_columns(table: Table) -> Columns:
    """row_no, (side), code, name, ordinal, level, parent_code, the amount columns by header
    path (below the side in a two-sided table), text columns, page."""
    sided = table.is_two_sided
    amount_names, text_names = column_names(table)
    name_of: dict[str, str] = {}       # amount column key -> its name below its own side
    for column in table.amount_columns:
        name_of[column.key] = column.key
        if sided:
            side = next(s.label for s in table.sides if column.path[:len(s.prefix)] == s.prefix)
            name_of[column.key] = local_key(column.key, side)
    base = [c for c in BASE_COLUMNS if c != "page" and (sided or c != "side")]
    names = base + amount_names + text_names + ["page"]
    data: dict[str, list] = {n: [] for n in names}
    for row in table.rows:
        data["row_no"].append(row.row_no)
        if sided:
            data["side"].append(row.side)
        for n in ("code", "name", "ordinal", "level", "parent_code"):
            data[n].append(getattr(row, n))
        # by the column's side, not the row's: a label drawn across two sides (当年支出小计)
        # makes a row of the side they share, whose amount stands in one side's column
        values = {name_of.get(k) or (local_key(k, row.side) if sided else k): v
                  for k, v in (*row.values.items(), *row.percents.items())}
        for n in amount_names:
            data[n].append(values.get(n))
        for n in text_names:
            data[n].append(row.texts.get(n))
        data["page"].append(row.page)
    return Columns(names, data, {"row_no", "level", "page"}, set(amount_names))


def column_names(table: Table) -> tuple[list[str], list[str]]:
    """The names of a table's amount and text columns in its tidy table; ValueError when two
    clash (normalizing makes them unique: see normalize.tables.unique_columns)."""
    sided = table.is_two_sided
    amount_names: list[str] = []
    # percent columns (unit %) follow the amounts: exact values too, never amounts
    for column in table.amount_columns + table.percent_columns:
        name = column.key
        if sided:
            side = next(s.label for s in table.sides if column.path[:len(s.prefix)] == s.prefix)
            name = local_key(column.key, side)
        if name not in amount_names:
            amount_names.append(name)
    text_names = [c.key for c in table.text_columns]
    clash = (set(amount_names) | set(text_names)) & set(BASE_COLUMNS)
    if clash or len(set(amount_names) | set(text_names)) < len(amount_names) + len(text_names):
        raise ValueError(f"table {table.label or table.title}: column names clash: "
                         f"{sorted(clash) or amount_names + text_names}")
    return amount_names, text_names


def facts_columns(tables: Iterable[Table], doc: Document | None = None,
                  checked: frozenset | None = None) -> Columns:
    """`checked`: doc.checked_cells when known already (a writer asking chunk by chunk)."""
    data: dict[str, list] = {n: [] for n in FACT_COLUMNS}
    doc_id, source = (doc.doc_id, doc.name) if doc else (None, None)
    if checked is None:
        checked = doc.checked_cells if doc else frozenset()
    for table in tables:
        for row in table.rows:
            # a percentage (为预算%) is a fact of its own with unit %, after the row's amounts
            cells = [(c, v, table.unit) for c, v in row.values.items()]
            cells += [(c, v, PERCENT_UNIT) for c, v in row.percents.items()]
            for column, value, unit in cells:
                for n, v in zip(FACT_COLUMNS, (
                        doc_id, source, table.no, table.label, table.title, table.kind, row.page,
                        row.row_no, row.side, row.code, row.code_system, row.level,
                        row.parent_code, row.ordinal, row.name, column, value, unit,
                        (table.no, row.row_no, column) in checked, table.year, row.labels,
                        doc.confidence(row.page, value) if doc else None)):
                    data[n].append(v)
    return Columns(list(FACT_COLUMNS), data, set(INT_COLUMNS), {"value"}, {"checked"},
                   {"confidence"})


PROSE_COLUMNS = ("doc_id", "source", "page", "subject", "item", "text", "value", "unit", "check",
                 "table_no", "row_no", "code", "column", "rounding")


def prose_columns(doc: Document) -> Columns:
    """Figures stated in the text, one row each, with the check that compared it with the
    tables (pass / fail / skip) and the cell it was compared with."""
    by_text = {}
    checks = doc.checks
    # the prose checks come last (run_checks): a long document's are read from the end
    if isinstance(checks, Spill) and doc.prose:
        checks = _tail(checks, lambda c: c.name == "prose")
    for c in checks:
        if c.name == "prose":
            # the rule is “prose p.N: “<text>” = <table> <row> [<column>]”, or without the
            # comparison when skipped; <text> itself may hold ” (a “…（项）”25.77万元 item)
            cut = c.rule.find("” = ")
            # what the columns need of it, not the check (a long dump states thousands)
            by_text.setdefault(c.rule[:cut + 1] if cut >= 0 else c.rule,
                               (c.status, c.cells[0] if c.cells else None, c.rounding))
    data: dict[str, list] = {n: [] for n in PROSE_COLUMNS}
    for fact in doc.prose:
        check = by_text.get(f"prose p.{fact.page}: “{fact.text}”")
        status, cell, rounding = check or (None, None, False)
        table_no, row_no, column = cell or (None, None, None)
        row = row_of(doc, table_no, row_no) if table_no is not None else None
        for n, v in zip(PROSE_COLUMNS, (doc.doc_id, doc.name, fact.page, fact.subject, fact.item,
                                        fact.text, fact.value, fact.unit,
                                        status, table_no, row_no,
                                        row.code if row else None, column, bool(rounding))):
            data[n].append(v)
    return Columns(list(PROSE_COLUMNS), data, {"page", "table_no", "row_no"}, {"value"}, {"rounding"})


def _tail(items, wanted):
    """The items from the first of the last run of wanted ones (read backwards)."""
    start = len(items)
    while start > 0 and wanted(items[start - 1]):
        start -= 1
    return (items[i] for i in range(start, len(items)))


def table_of(doc: Document, no: int) -> Table | None:
    """Table number `no` of the document (tables are numbered in order: looked up by
    position first)."""
    tables = doc.tables
    if 0 < no <= len(tables) and tables[no - 1].no == no:
        return tables[no - 1]
    return next((t for t in tables if t.no == no), None)


def row_of(doc: Document, table_no: int, row_no: int):
    """Row `row_no` of table `table_no` (the first so numbered), or None."""
    table = table_of(doc, table_no)
    if table is None:
        return None
    rows = table.rows
    if 0 < row_no <= len(rows) and rows[row_no - 1].row_no == row_no:
        return rows[row_no - 1]
    return next((r for r in rows if r.row_no == row_no), None)


def table_frame(table: Table):
    return table_columns(table).frame()


def facts_frame(tables: Iterable[Table], doc: Document | None = None):
    return facts_columns(tables, doc).frame()
