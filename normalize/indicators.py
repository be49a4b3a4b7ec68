"""Standard indicators of a document (收入总计, 基本支出, "三公"经费 …), read where the catalogue's
[[indicator]] entries say they are printed, in 万元.

Each indicator is one `IndicatorValue`: its value converted exactly (Decimal) from the unit
of the table it came from, the table, row, column and page it was read from, and whether a
passing check covers those cells. An indicator whose table, row or column the document does
not print has no value and says why: a missing figure is never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..catalogue import Catalogue, IndicatorSpec, Selector
from ..catalogue import default as default_catalogue
from ..chars import key
from ..model import Document, Row, Table
from .checks import SCALE, ZERO, Resolver
from .frames import Columns

WAN = "万元"


@dataclass(frozen=True)
class IndicatorValue:
    id: str
    label: str
    value: Decimal | None              # in 万元; None = not printed (see reason)
    printed: Decimal | None = None     # as printed, in printed_unit
    printed_unit: str | None = None
    table: Table | None = None
    rows: tuple[Row, ...] = ()
    column: str | None = None
    checked: bool = False
    reason: str | None = None          # why there is no value

    @property
    def page(self) -> int | None:
        return self.rows[0].page if self.rows else None


def in_wan(value: Decimal, unit: str | None) -> Decimal | None:
    """value printed in `unit` as 万元, exactly; None for an unknown unit."""
    if unit not in SCALE:
        return None
    # the units are powers of ten: shifting the point keeps every printed digit, exactly
    # (156,211,123 元 → 15621.1123 万元; 0.01 元 → 0.000001 万元)
    return value.scaleb((SCALE[unit] / SCALE[WAN]).adjusted())


class _Miss(Exception):
    """A source that this document does not print; the message says what is missing."""


def document_indicators(doc: Document, catalogue: Catalogue | None = None, *,
                        first: dict | None = None, checked=None) -> list[IndicatorValue]:
    """Every catalogue indicator of `doc`, in catalogue order (a per-类 indicator gives one
    value per 类 printed). `first` (the first table of each kind) and `checked` (the cells
    of those tables under a passing check, at least): when the caller has met them already,
    the document is not read again."""
    cat = catalogue or default_catalogue()
    res = Resolver(doc, cat, first=first)
    checked = doc.checked_cells if checked is None else checked
    out: list[IndicatorValue] = []
    for spec in cat.indicators:
        if spec.doc_types and doc.doc_type not in spec.doc_types:
            out.append(IndicatorValue(spec.id, spec.label, None,
                                      reason=f"not an indicator of a {doc.doc_type or 'document of unknown type'}"))
            continue
        out += _indicator(spec, res, cat, checked)
    return out


def _indicator(spec: IndicatorSpec, res: Resolver, cat: Catalogue, checked) -> list[IndicatorValue]:
    reasons = []
    for sel in spec.sources:
        try:
            if sel.row == "classes":
                return _classes(spec, sel, res, checked)
            table, rows, column, value = _read(sel, res)
        except _Miss as e:
            if str(e) not in reasons:
                reasons.append(str(e))
            continue
        return [_value(spec.id, spec.label, table, rows, column, value, checked)]
    return [IndicatorValue(spec.id, spec.label, None, reason="; ".join(reasons))]


def _value(id_: str, label: str, table: Table, rows: list[Row], column: str,
           value: Decimal | None, checked) -> IndicatorValue:
    common = dict(printed=value, printed_unit=table.unit, table=table, rows=tuple(rows),
                  column=column,
                  checked=all((table.no, r.row_no, column) in checked for r in rows))
    where = f"{_name(table)}: {' + '.join(r.name or '(unnamed row)' for r in rows)} [{column}]"
    if value is None:
        note = f"; its note: {table.note[:60]}" if table.note else ""
        return IndicatorValue(id_, label, None, **{**common, "checked": False},
                              reason=f"printed blank ({where}){note}")
    wan = in_wan(value, table.unit)
    if wan is None:
        return IndicatorValue(id_, label, None, **common,
                              reason=f"unit {table.unit or 'not printed'} is unknown ({where})")
    return IndicatorValue(id_, label, wan, **common)


def _name(table: Table) -> str:
    return table.label or table.title


def _table(sel: Selector, res: Resolver) -> Table:
    table = res.table(sel.kind)
    if table is None:
        kind = res.catalogue.kind(sel.kind) if res.catalogue else None
        raise _Miss(f"no {kind.name if kind else sel.kind} in the document")
    return table


def _read(sel: Selector, res: Resolver) -> tuple[Table, list[Row], str, Decimal | None]:
    """The table, rows, column and value `sel` points at (several rows are summed)."""
    table = _table(sel, res)
    rows = _rows(table, sel, res)
    column = _column(table, rows[0], sel, res)
    cells = [_cell(table, r, column, res) for r in rows]
    values = [v for v, _ in cells]
    total = None if all(v is None for v in values) else sum((v or ZERO for v in values), ZERO)
    return table, rows, cells[0][1], total


def _cell(table: Table, row: Row, column: str, res: Resolver) -> tuple[Decimal | None, str]:
    """The value of `row` in `column` (a key, or group:X = its 合计 leaf / the sum of its leaves)
    and the column key it is read from."""
    if column.startswith("group:"):
        value, k = res.value(table, row, column)
        return value, k or column
    return row.values.get(column), column


def _rows(table: Table, sel: Selector, res: Resolver) -> list[Row]:
    side = res.rows(table, sel)
    if sel.row.startswith("like:"):
        part = key(sel.row[len("like:"):])
        row = next((r for r in side if part in key(r.name)), None)
        if row is None:
            raise _Miss(f"{_name(table)}: no row named …{sel.row[len('like:'):]}…")
        return [row]
    if sel.row.startswith("codes:"):
        codes = sel.row[len("codes:"):].split("|")
        rows = [r for r in side if r.code in codes]
        if not rows:
            raise _Miss(f"{_name(table)}: no row coded {' or '.join(codes)}")
        return rows
    row = res.total(table, sel)
    if row is None:
        what = ("row named " + " / ".join(sel.row[len("named:"):].split("|"))
                if sel.row.startswith("named:") else "total row")
        raise _Miss(f"{_name(table)}: no {what}")
    return [row]


def _column(table: Table, row: Row, sel: Selector, res: Resolver) -> str:
    """The amount column key of `row` that `sel.column` names."""
    keys = list(row.values)
    col = sel.column
    if col == "first":
        if not keys:
            raise _Miss(f"{_name(table)}: no amount column")
        return keys[0]
    if col.startswith("group:"):
        _, k = res.value(table, row, col)
        if k is None:
            raise _Miss(f"{_name(table)}: no column group {col[len('group:'):]}")
        return col              # read as a group by _read
    if col.startswith("like:"):
        parts = [key(p) for p in col[len("like:"):].split("/")]
        for k in keys:
            path = [key(p) for p in k.split("/")]
            tail = path[-len(parts):]
            if len(path) >= len(parts) and all(p in e for p, e in zip(parts, tail)):
                return k
        raise _Miss(f"{_name(table)}: no column …{col[len('like:'):]}")
    wanted = tuple(col.split("/"))
    for k in keys:
        path = tuple(k.split("/"))
        if path[-len(wanted):] == wanted:
            return k
    raise _Miss(f"{_name(table)}: no column {col}")


def _classes(spec: IndicatorSpec, sel: Selector, res: Resolver, checked) -> list[IndicatorValue]:
    """One value per 类 the table prints: id_201 一般公共预算支出（功能分类）: 一般公共服务支出."""
    table = _table(sel, res)
    classes = res.classes(table, sel)
    if not classes:
        raise _Miss(f"{_name(table)}: prints no 类 rows")
    out = []
    for code, row in sorted(classes.items()):
        if not code.isdigit():
            continue               # a template's placeholder row (……)
        value, column = _cell(table, row, _column(table, row, sel, res), res)
        out.append(_value(f"{spec.id}_{code}", f"{spec.label}: {code} {row.name}", table, [row],
                          column, value, checked))
    return out


# ------------------------------------------------------------------------------ columns

INDICATOR_COLUMNS = (
    "doc_id", "source", "indicator", "label", "value", "unit", "printed_value", "printed_unit",
    "table_no", "table_label", "table_title", "table_kind", "row_no", "code", "row_name",
    "column", "page", "checked", "reason",
)


def indicator_columns(doc: Document, values: list[IndicatorValue] | None = None) -> Columns:
    """The indicators of `doc` as columns (indicators.csv / .parquet, the store's table).

    `value` is in 万元 (`unit`); `printed_value` as the table printed it. A value summed from
    several rows (人员经费 = 301 + 303) names the first row and joins their names."""
    values = document_indicators(doc) if values is None else values
    data: dict[str, list] = {n: [] for n in INDICATOR_COLUMNS}
    for v in values:
        t, first = v.table, (v.rows[0] if v.rows else None)
        for n, x in zip(INDICATOR_COLUMNS, (
                doc.doc_id, doc.name, v.id, v.label, v.value, WAN if v.value is not None else None,
                v.printed, v.printed_unit, t.no if t else None, t.label if t else None,
                t.title if t else None, t.kind if t else None, first.row_no if first else None,
                " + ".join(r.code for r in v.rows if r.code) or None,
                " + ".join(r.name for r in v.rows) or None, v.column, v.page,
                v.checked if v.value is not None else False, v.reason)):
            data[n].append(x)
    return Columns(list(INDICATOR_COLUMNS), data, {"table_no", "row_no", "page"},
                   {"value", "printed_value"}, {"checked"})
