"""Typed tables → pandas DataFrames with stable columns: one tidy frame per table, and the
long table of facts (one row per amount cell of every table)."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..model import Document, Table

# The facts schema: stable across documents, years and versions (new columns are only ever
# appended at the end).
FACT_COLUMNS = (
    "doc_id", "source", "table_no", "table_label", "table_title", "table_kind", "page", "row_no",
    "side", "code", "code_system", "level", "parent_code", "ordinal", "name", "column", "value",
    "unit",
)
INT_COLUMNS = ("table_no", "page", "row_no", "level")


def local_key(table: Table, column_key: str, side: str | None) -> str:
    """A two-sided table's amount column without its side: 收入/预算 → 预算."""
    if side and column_key.startswith(side + "/"):
        return column_key[len(side) + 1:]
    return column_key


def table_frame(table: Table) -> pd.DataFrame:
    """code, name, level …, the amount columns by header path, text columns, page."""
    sided = table.is_two_sided
    amount_names: list[str] = []
    for column in table.amount_columns:
        name = column.key
        if sided:
            side = next(s.label for s in table.sides if column.path[:len(s.prefix)] == s.prefix)
            name = local_key(table, column.key, side)
        if name not in amount_names:
            amount_names.append(name)
    base = {"row_no", "side", "code", "name", "ordinal", "level", "parent_code", "page"}
    text_names = [c.key for c in table.text_columns]
    clash = (set(amount_names) | set(text_names)) & base
    if clash or len(set(amount_names) | set(text_names)) < len(amount_names) + len(text_names):
        raise ValueError(f"table {table.label or table.title}: column names clash: "
                         f"{sorted(clash) or amount_names + text_names}")
    records = []
    for row in table.rows:
        rec = {"row_no": row.row_no}
        if sided:
            rec["side"] = row.side
        rec.update(code=row.code, name=row.name, ordinal=row.ordinal, level=row.level,
                   parent_code=row.parent_code)
        for name in amount_names:
            rec[name] = None
        for key, value in row.values.items():
            rec[local_key(table, key, row.side) if sided else key] = value
        for name in text_names:
            rec[name] = row.texts.get(name)
        rec["page"] = row.page
        records.append(rec)
    columns = (["row_no"] + (["side"] if sided else []) +
               ["code", "name", "ordinal", "level", "parent_code"] + amount_names + text_names + ["page"])
    frame = pd.DataFrame.from_records(records, columns=columns)
    for col in ("row_no", "level", "page"):
        frame[col] = frame[col].astype("Int64")
    frame.attrs["amount_columns"] = amount_names
    frame.attrs["text_columns"] = text_names
    return frame


def fact_records(tables: Iterable[Table], doc: Document | None = None):
    for table in tables:
        for row in table.rows:
            for column, value in row.values.items():
                yield (doc.doc_id if doc else None, doc.name if doc else None, table.no, table.label,
                       table.title, table.kind, row.page, row.row_no, row.side, row.code,
                       row.code_system, row.level, row.parent_code, row.ordinal, row.name, column,
                       value, table.unit)


def facts_frame(tables: Iterable[Table], doc: Document | None = None) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(fact_records(tables, doc)), columns=list(FACT_COLUMNS))
    for col in INT_COLUMNS:
        frame[col] = frame[col].astype("Int64")
    frame.attrs["amount_columns"] = ["value"]
    return frame
