"""The wide panel of standard indicators over a store: one row per department, scope, year and
document type, one column per indicator (in 万元), and 预算 beside 决算 with the execution rate
wherever both are stored. What `yusuan indicators` writes (CSV, Parquet or an Excel workbook).

Documents are grouped by `department_key` and `scope` (documents of one department across
years and name variants; a store written before those columns groups by the printed
`department`). Only
current documents count (not superseded). Within a group, each indicator comes from the
first document that prints it (a publication printed as a tables file and a text file).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import regex as re

from .catalogue import default as default_catalogue
from .errors import InputError, OutputError
from .normalize.frames import Columns

ID_COLUMNS = ("department", "department_key", "scope", "region", "year", "doc_type", "documents",
              "doc_ids", "unchecked")     # unchecked: indicators no passing check covers
EXECUTION_ID_COLUMNS = ("department", "department_key", "scope", "region", "year", "doc_ids")
FILTER_KEYS = ("year", "department", "region", "scope", "doc_type")
RATE_PLACES = Decimal("0.01")
_YEARS = re.compile(r"^(?P<a>\d{4})?\s*(?:\.\.|-|–|~)\s*(?P<b>\d{4})?$")


@dataclass(frozen=True)
class Filter:
    """One --where condition: year=2024, year=2019..2024, department=普陀 (a substring of the
    printed name or the key), region=上海 (substring), scope=部门, doc_type=预算."""

    key: str
    text: str
    low: int | None = None
    high: int | None = None

    @classmethod
    def parse(cls, spec: str) -> "Filter":
        k, sep, v = spec.partition("=")
        k, v = k.strip(), v.strip()
        if not sep or k not in FILTER_KEYS or not v:
            raise InputError(f"--where {spec!r}: write KEY=VALUE with KEY one of "
                             f"{', '.join(FILTER_KEYS)} (year=2019..2024, department=普陀)")
        if k != "year":
            return cls(k, v)
        if v.isdigit() and len(v) == 4:
            return cls(k, v, int(v), int(v))
        m = _YEARS.match(v)
        if not m or not (m.group("a") or m.group("b")):
            raise InputError(f"--where {spec!r}: a year is 2024, or a range 2019..2024 (or 2019-2024, 2019.., ..2024)")
        return cls(k, v, int(m.group("a")) if m.group("a") else None,
                   int(m.group("b")) if m.group("b") else None)

    def sql(self, have: set[str]) -> tuple[str, list]:
        if self.key == "year":
            parts, args = [], []
            if self.low is not None:
                parts.append("year >= ?")
                args.append(self.low)
            if self.high is not None:
                parts.append("year <= ?")
                args.append(self.high)
            return " AND ".join(parts), args
        if self.key not in have:
            raise InputError(f"--where {self.key}=…: this store has no {self.key} column yet "
                             "(written by a later yusuan; ingest the files again with it)")
        if self.key == "department":
            if "department_key" in have:
                return "(contains(department, ?) OR contains(department_key, ?))", [self.text, self.text]
            return "contains(department, ?)", [self.text]
        if self.key == "region":
            return "contains(region, ?)", [self.text]
        return f"{self.key} = ?", [self.text]


def indicator_order(ids) -> list[str]:
    """Indicator ids in catalogue order; per-类 ids (function_201) by code after their entry."""
    order = {spec.id: n for n, spec in enumerate(default_catalogue().indicators)}

    def rank(i: str):
        if i in order:
            return (order[i], "")
        base, _, code = i.rpartition("_")
        return (order.get(base, len(order)), code or i)
    return sorted(set(ids), key=rank)


@dataclass
class Panel:
    """The panel: `rows` one per group (ID_COLUMNS then one value per indicator id), and the
    execution rows (预算 | 决算 | rate per indicator) of the groups stored as both types."""

    ids: list[str]
    labels: dict[str, str]
    rows: list[dict]
    execution: list[dict]

    def columns(self) -> Columns:
        names = list(ID_COLUMNS) + self.ids
        data = {n: [r.get(n) for r in self.rows] for n in names}
        return Columns(names, data, {"year", "documents"}, set(self.ids))

    def execution_columns(self) -> Columns:
        names = list(EXECUTION_ID_COLUMNS)
        for i in self.ids:
            names += [f"{i}_budget", f"{i}_final", f"{i}_rate"]
        data = {n: [r.get(n) for r in self.execution] for n in names}
        return Columns(names, data, {"year"}, set(names) - set(EXECUTION_ID_COLUMNS))


def build_panel(con, filters: list[Filter] = ()) -> Panel:
    """The panel of the current documents of a store (a DuckDB connection)."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'").fetchall()}
    where, args = ["superseded_by IS NULL"], []
    for f in filters:
        clause, more = f.sql(have)
        if clause:
            where.append(clause)
            args += more
    extra = [c if c in have else f"NULL AS {c}" for c in ("department_key", "scope", "region")]
    docs = con.execute(
        f"SELECT doc_id, department, {', '.join(extra)}, year, doc_type, tables FROM documents "
        f"WHERE {' AND '.join(where)} ORDER BY tables DESC NULLS LAST, ingested_at, doc_id",
        args).fetchall()
    values: dict[str, dict[str, Decimal | None]] = {}
    checked: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    if docs:
        con.execute("CREATE OR REPLACE TEMP TABLE _panel_docs (doc_id VARCHAR)")
        con.executemany("INSERT INTO _panel_docs VALUES (?)", [[d[0]] for d in docs])
        for doc_id, ind, label, value, ok in con.execute(
                "SELECT i.doc_id, i.indicator, i.label, i.value, i.checked FROM indicators i "
                "JOIN _panel_docs USING (doc_id)").fetchall():
            values.setdefault(doc_id, {})[ind] = tidy(value)
            if ok:
                checked.setdefault(doc_id, set()).add(ind)
            labels.setdefault(ind, label)
        con.execute("DROP TABLE _panel_docs")
    per_class = {spec.id for spec in default_catalogue().indicators
                 if any(sel.row == "classes" for sel in spec.sources)}
    # a per-类 indicator is a column per 类 printed; its bare id only says "no such table"
    ids = indicator_order(i for i in labels if i not in per_class)
    groups: dict[tuple, dict] = {}
    for doc_id, department, dkey, scope, region, year, doc_type, _ in docs:
        # a document naming no department is a group of its own
        group = (dkey or department or doc_id, scope, year, doc_type)
        row = groups.get(group)
        if row is None:
            row = groups[group] = {"department": department, "department_key": dkey, "scope": scope,
                                   "region": region, "year": year, "doc_type": doc_type,
                                   "documents": 0, "doc_ids": [], "unchecked": []}
        row["documents"] += 1
        row["doc_ids"].append(doc_id)
        for i in ids:
            if row.get(i) is None:
                row[i] = values.get(doc_id, {}).get(i)
                if row[i] is not None and i not in checked.get(doc_id, ()):
                    row["unchecked"].append(i)
    rows = sorted(groups.values(), key=lambda r: (r["department_key"] or r["department"] or "",
                                                  r["scope"] or "", r["year"] or 0, r["doc_type"] or ""))
    for r in rows:
        r["doc_ids"] = ";".join(r["doc_ids"])
        r["unchecked"] = " ".join(r["unchecked"]) or None
    return Panel(ids, labels, rows, _execution(rows, ids))


def tidy(value: Decimal | None) -> Decimal | None:
    """A stored DECIMAL(38, 6) with the zeros the store padded taken off again, keeping at
    least two decimals (47.910000 → 47.91, 15621.112300 → 15621.1123, 25 → 25.00)."""
    if value is None:
        return None
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return value.quantize(Decimal(1).scaleb(-places))


def _execution(rows: list[dict], ids: list[str]) -> list[dict]:
    """预算 beside 决算 of the same department, scope and year; rate = 决算 / 预算 × 100."""
    by: dict[tuple, dict[str, dict]] = {}
    for r in rows:
        who, kind = r["department_key"] or r["department"], r["doc_type"] or ""
        if who is None or r["year"] is None or kind[-2:] not in ("预算", "决算"):
            continue
        # 预算 | 决算, and a government's 政府预算 | 政府决算
        by.setdefault((who, r["scope"], r["year"], kind[:-2]), {})[kind[-2:]] = r
    out = []
    for (_, _, year, _), types in by.items():
        budget, final = types.get("预算"), types.get("决算")
        if budget is None or final is None:
            continue
        row = {"department": final["department"], "department_key": final["department_key"],
               "scope": final["scope"], "region": final["region"] or budget["region"], "year": year,
               "doc_ids": f"{budget['doc_ids']};{final['doc_ids']}"}
        for i in ids:
            b, f = budget.get(i), final.get(i)
            row[f"{i}_budget"], row[f"{i}_final"] = b, f
            row[f"{i}_rate"] = execution_rate(b, f)
        out.append(row)
    return out


def execution_rate(budget: Decimal | None, final: Decimal | None) -> Decimal | None:
    """决算 as a percentage of 预算, to 0.01 (None when either is missing or 预算 is 0)."""
    if budget is None or final is None or budget == 0:
        return None
    return (Decimal(final) * 100 / Decimal(budget)).quantize(RATE_PLACES, ROUND_HALF_UP)


# ------------------------------------------------------------------------------ writing

PANEL_SUFFIXES = (".csv", ".parquet", ".xlsx")


def write_panel(panel: Panel, out: Path) -> list[Path]:
    """Write the panel to `out` (.csv, .parquet or .xlsx), atomically. CSV and Parquet get the
    execution table beside them (<stem>.execution.csv) when there is one; a workbook gets it as
    its second sheet. Returns the files written."""
    from .normalize.writers import write_csv, write_parquet
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in PANEL_SUFFIXES:
        raise InputError(f"{out}: write the panel as .csv, .parquet or .xlsx")
    written = []
    if suffix == ".xlsx":
        from .normalize.xlsx import SheetRows, write_rows_workbook
        cols = panel.columns()
        sheets = [SheetRows("panel", cols.names, _tuples(cols),
                            labels=[_label(panel, n) for n in cols.names])]
        if panel.execution:
            ex = panel.execution_columns()
            sheets.append(SheetRows("execution", ex.names, _tuples(ex),
                                    labels=[_label(panel, n) for n in ex.names]))
        write_rows_workbook(sheets, out)
        return [out]
    writer = write_csv if suffix == ".csv" else write_parquet
    pairs = [(panel.columns(), out)]
    if panel.execution:
        pairs.append((panel.execution_columns(), out.with_name(f"{out.stem}.execution{out.suffix}")))
    for cols, path in pairs:
        _atomic(path, lambda tmp, cols=cols: writer(cols, tmp))
        written.append(path)
    return written


def _tuples(cols: Columns) -> list[tuple]:
    return list(zip(*(cols.data[n] for n in cols.names)))


_SUFFIX_LABELS = {"_budget": "预算", "_final": "决算", "_rate": "执行率%"}


def _label(panel: Panel, name: str) -> str:
    if name in panel.labels:
        return panel.labels[name]
    for suffix, word in _SUFFIX_LABELS.items():
        base = name[:-len(suffix)]
        if name.endswith(suffix) and base in panel.labels:
            return f"{panel.labels[base]} {word}"
    return {"department": "部门", "department_key": "部门键", "scope": "范围", "region": "地区",
            "year": "年度", "doc_type": "类型", "documents": "文件数", "doc_ids": "doc_id",
            "unchecked": "未经检查的指标"}.get(name, name)


def _atomic(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(name))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(name, 0o666 & ~mask)
        os.replace(name, path)
    except OSError as e:
        Path(name).unlink(missing_ok=True)
        raise OutputError(f"cannot be written: {e.strerror or e}", file=str(path)) from e
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
