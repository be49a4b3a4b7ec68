"""The ingestion store: every document read, kept in one embedded DuckDB file and queried with SQL.

Three tables, keyed by the source file's sha256 (`doc_id`), so that re-ingesting a file adds
nothing and a changed file is a new document:

* `documents`: one row per source file (department, year, 预算/决算, counts, check summary);
  when a newer file of the same document arrives (department_key, scope, year, type and
  kind: see `_supersede`), the older row is kept and gets `superseded_by` = the newer doc_id,
  so queries can read the current figures and history stays auditable;
* `tables`: one row per printed table (label, title, kind, header paths and roles);
* `facts`: one row per amount cell, exactly the facts schema of `normalize.frames`;
* `checks` (schema version 2): one row per accounting identity tested, with the cells it
  covers, what it expected and found, the difference, the rounding flag and its status;
* `skipped`: files read that hold no tables (a publication's text-only part, a provenance
  note): recorded so that they are not read again, but they are not documents;
* `indicators`: the standard indicators of each document in 万元 (`normalize.indicators`),
  which `yusuan indicators` turns into a panel (`panel.py`).

A document is loaded in one transaction: a run killed midway leaves the store as it was, and
the next run loads that document again. `write_hive` writes the same facts as a
hive-partitioned Parquet dataset for readers that do not want a database file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from decimal import ROUND_HALF_EVEN, Decimal
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .errors import OutputError
from .model import Document
from .normalize.frames import facts_columns
from .normalize.writers import arrow_table

SCHEMA_VERSION = 7

# The schema as it was at version 1. These statements are never edited: every store, new or
# old, starts from them and then runs MIGRATIONS up to SCHEMA_VERSION, so that a store created
# today and one created years ago end up with the same tables.
BASE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY,   -- sha256 of the source file
        file_name VARCHAR,
        source_path VARCHAR,
        department VARCHAR,
        year INTEGER,
        doc_type VARCHAR,             -- 预算 | 决算
        unit VARCHAR,
        pages INTEGER,
        tables INTEGER,
        facts INTEGER,
        ingested_at TIMESTAMP,        -- UTC
        yusuan_version VARCHAR,
        checks_passed INTEGER,
        checks_failed INTEGER,
        checks_skipped INTEGER,
        warnings VARCHAR,             -- JSON list
        superseded_by VARCHAR         -- doc_id of the newer document of the same department, year, type
    )""",
    """CREATE TABLE IF NOT EXISTS tables (
        doc_id VARCHAR,
        table_no INTEGER,
        label VARCHAR,
        title VARCHAR,
        kind VARCHAR,
        unit VARCHAR,
        pages VARCHAR,                -- JSON list
        rows INTEGER,
        columns INTEGER,
        header VARCHAR,               -- JSON list of {"path", "role"}
        note VARCHAR,
        warnings VARCHAR,             -- JSON list
        PRIMARY KEY (doc_id, table_no)
    )""",
    """CREATE TABLE IF NOT EXISTS facts (
        doc_id VARCHAR,
        source VARCHAR,
        table_no INTEGER,
        table_label VARCHAR,
        table_title VARCHAR,
        table_kind VARCHAR,
        page INTEGER,
        row_no INTEGER,
        side VARCHAR,
        code VARCHAR,
        code_system VARCHAR,
        level INTEGER,
        parent_code VARCHAR,
        ordinal VARCHAR,
        name VARCHAR,
        "column" VARCHAR,
        value DECIMAL(38, 6),
        unit VARCHAR,
        checked BOOLEAN
    )""",
)

# version -> the statements that take a store of the version before it to this one. Columns
# are only ever added (ALTER TABLE ... ADD COLUMN), never dropped or renamed, so that queries
# written against an older store keep working. Version 1 is BASE_SCHEMA itself.
MIGRATIONS: dict[int, list[str]] = {
    1: [],
    # every check of every document: its cells, pages, amounts and result (documents loaded
    # before this version have none: their checks were only counted in `documents`)
    2: ["""CREATE TABLE IF NOT EXISTS checks (
        doc_id VARCHAR,
        check_no INTEGER,             -- order in the document's manifest, 1-based
        family VARCHAR,               -- hierarchy | total | columns | balance | cross_table | prose
        rule VARCHAR,
        status VARCHAR,               -- pass | fail | skip
        tables INTEGER[],
        "rows" STRUCT(table_no INTEGER, row_no INTEGER)[],
        pages INTEGER[],
        cells STRUCT(table_no INTEGER, row_no INTEGER, "column" VARCHAR)[],
        expected DECIMAL(38, 10),
        found DECIMAL(38, 10),
        difference DECIMAL(38, 10),
        tolerance DECIMAL(38, 10),
        rounding BOOLEAN,             -- passed only within the rounding of the printed amounts
        unit VARCHAR,
        note VARCHAR,
        PRIMARY KEY (doc_id, check_no)
    )""",
        # passes that hold only within the rounding of the printed amounts (NULL: loaded before)
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS checks_rounding INTEGER"],
    # each fact's table year (a document may print 2025's execution beside 2026's budget)
    3: ["ALTER TABLE facts ADD COLUMN IF NOT EXISTS year INTEGER"],
    # facts.labels: the row's label path (an outline printed in several label columns)
    4: ["ALTER TABLE facts ADD COLUMN IF NOT EXISTS labels VARCHAR"],
    # which document a file is (normalize.identity): superseding compares department_key,
    # scope, year, type and kind, so a department's 部门预算 and its 单位预算 are two
    # documents; a file without tables is recorded in `skipped` (not read again), not as a
    # document. Documents stored before this version keep NULL in the new columns.
    5: ["ALTER TABLE documents ADD COLUMN IF NOT EXISTS scope VARCHAR",
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS department_key VARCHAR",
        "ALTER TABLE documents ADD COLUMN IF NOT EXISTS region VARCHAR",
        """CREATE TABLE IF NOT EXISTS skipped (
            doc_id VARCHAR PRIMARY KEY,   -- sha256 of the source file
            file_name VARCHAR,
            source_path VARCHAR,
            reason VARCHAR,
            ingested_at TIMESTAMP,        -- UTC
            yusuan_version VARCHAR
        )"""],
    # the OCR confidence of each amount (NULL: read from a text layer)
    6: ["ALTER TABLE facts ADD COLUMN IF NOT EXISTS confidence DOUBLE"],
    # 7: the standard indicators of each document (normalize/indicators.py), in 万元
    7: ["""CREATE TABLE IF NOT EXISTS indicators (
        doc_id VARCHAR,
        source VARCHAR,
        indicator VARCHAR,            -- id from catalogue.toml: income_total, function_201 …
        label VARCHAR,
        value DECIMAL(38, 6),         -- in 万元; NULL when the document does not print it
        unit VARCHAR,
        printed_value DECIMAL(38, 6),
        printed_unit VARCHAR,
        table_no INTEGER,
        table_label VARCHAR,
        table_title VARCHAR,
        table_kind VARCHAR,
        row_no INTEGER,
        code VARCHAR,
        row_name VARCHAR,
        "column" VARCHAR,
        page INTEGER,
        checked BOOLEAN,
        reason VARCHAR                -- why there is no value
    )"""],
}

# Hive's own name for a missing partition value: DuckDB and Arrow read it back as NULL and
# still type `year` as an integer (a literal like "unknown" would turn every year into text).
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


class Store:
    """An embedded DuckDB database of ingested documents; `Store(path)` opens or creates it.

    Usable as a context manager. One process at a time may write a DuckDB file: load
    documents from one process (extract in parallel elsewhere, load here). While another
    process has the file open (a `duckdb` shell, a dashboard; even read-only), opening is
    retried for `busy_timeout` seconds, then refused with the other process's pid."""

    def __init__(self, path: str | Path, busy_timeout: float = 0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = _connect(self.path, busy_timeout)
        try:
            _upgrade(self.con, self.path)
        except BaseException:
            self.con.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def has(self, doc_id: str) -> bool:
        """Is this file stored, as a document or in the list of files skipped (no tables)?"""
        # fetchall, not fetchone: DuckDB refuses other work while a result is left unfinished
        return bool(self.con.execute("SELECT 1 FROM documents WHERE doc_id = ? UNION ALL "
                                     "SELECT 1 FROM skipped WHERE doc_id = ?",
                                     [doc_id, doc_id]).fetchall())

    def load(self, doc: Document, version: str) -> str:
        """Add `doc` (read by yusuan `version`): "loaded"; "skipped" when that file is already
        stored; "no tables" when it holds none: it is then recorded in table `skipped` (so it
        is not read again), not as a document.

        Everything is written in one transaction, superseding included, so that the store
        never holds part of a document. The facts are built before it starts: an amount that
        does not fit the store's decimal fails before anything is written."""
        if self.has(doc.doc_id):
            return "skipped"
        if not doc.tables:
            try:
                self.con.execute("INSERT INTO skipped VALUES (?, ?, ?, ?, ?, ?)", [
                    doc.doc_id, doc.name, doc.source, "no tables found", _now(), version])
            except duckdb.Error as e:
                raise OutputError(f"cannot be recorded in the store ({type(e).__name__}: {e})",
                                  file=doc.source) from e
            return NO_TABLES
        facts = facts_table(doc)
        indicators = indicator_table(doc)
        try:
            with _transaction(self.con):
                row = document_row(doc, version)
                notes = _supersede(self.con, doc)
                if notes:
                    row["warnings"] = _json(list(doc.warnings) + notes)
                _insert_document(self.con, row)
                _insert_arrow(self.con, "tables", table_rows(doc))
                _insert_arrow(self.con, "facts", facts)
                _insert_arrow(self.con, "checks", check_rows(doc))
                _insert_arrow(self.con, "indicators", indicators)
        except duckdb.Error as e:     # disk full, a locked file …: this document is not stored
            raise OutputError(f"cannot be loaded into the store ({type(e).__name__}: {e})",
                              file=doc.source, hint="nothing of it was stored; run again") from e
        return "loaded"


NO_TABLES = "no tables"


# ------------------------------------------------------------------------------- opening

# DuckDB's words for a file locked by another process: "Could not set lock on file …:
# Conflicting lock is held in /usr/bin/python3 (PID 4242) by user …"
_LOCKED = re.compile(r"Could not set lock|Conflicting lock")
_LOCK_PID = re.compile(r"\(PID (?P<pid>\d+)\)")
# Seconds between two attempts to open a busy store (doubling up to this).
_RETRY_MAX_WAIT = 2.0


def _connect(path: Path, busy_timeout: float) -> duckdb.DuckDBPyConnection:
    import time
    deadline = time.monotonic() + max(busy_timeout, 0)
    wait = 0.05
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.Error as e:
            locked = _LOCKED.search(str(e))
            if locked is None:
                raise OutputError(f"cannot open the store: {e}", file=str(path)) from e
            left = deadline - time.monotonic()
            if left <= 0:
                pid = _LOCK_PID.search(str(e))
                who = f" (pid {pid.group('pid')})" if pid else ""
                waited = f" after waiting {busy_timeout:g} s" if busy_timeout else ""
                raise OutputError(f"the store is open in another process{who}{waited}; close it "
                                  "or run later", file=str(path),
                                  hint="--busy-timeout sets how long ingest waits") from e
            time.sleep(min(wait, left))    # the last attempt right at the deadline
            wait = min(wait * 2, _RETRY_MAX_WAIT)


# ------------------------------------------------------------------------------- schema

def _upgrade(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Bring the store to SCHEMA_VERSION in one transaction (a failed migration changes
    nothing); refuse a store written by a newer yusuan, whose tables this code may misread."""
    stored = _stored_version(con)
    if stored > SCHEMA_VERSION:
        raise OutputError(f"the store has schema version {stored}, newer than the version "
                          f"{SCHEMA_VERSION} this yusuan ({__version__}) knows",
                          file=str(path), hint="upgrade yusuan to use this store")
    if stored == SCHEMA_VERSION:
        return
    with _transaction(con):
        for statement in BASE_SCHEMA:
            con.execute(statement)
        for version in range(stored + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                con.execute(statement)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


def _stored_version(con: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version; 0 for a new (empty) database."""
    has_meta = con.execute("SELECT 1 FROM information_schema.tables "
                           "WHERE table_schema = 'main' AND table_name = 'meta'").fetchall()
    if not has_meta:
        return 0
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT; on any exception (an interrupt too) ROLLBACK and re-raise."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


# ------------------------------------------------------------------------------- rows

def document_row(doc: Document, version: str) -> dict:
    """The `documents` row of `doc`, not yet superseded."""
    checks = doc.check_summary
    return {
        "doc_id": doc.doc_id, "file_name": doc.name, "source_path": doc.source,
        "department": doc.department, "year": doc.year, "doc_type": doc.doc_type, "unit": doc.unit,
        "pages": doc.page_count, "tables": len(doc.tables),
        "facts": sum(len(row.values) + len(row.percents) for table in doc.tables for row in table.rows),
        "ingested_at": _now(),
        "yusuan_version": version, "checks_passed": checks["passed"],
        "checks_failed": checks["failed"], "checks_skipped": checks["skipped"],
        "warnings": _json(doc.warnings), "superseded_by": None,
        "checks_rounding": checks["rounding"],
        "scope": doc.scope, "department_key": doc.department_key, "region": doc.region,
    }


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def table_rows(doc: Document) -> pa.Table:
    """The `tables` rows of `doc`, one per printed table."""
    return pa.table({
        "doc_id": pa.array([doc.doc_id] * len(doc.tables), pa.string()),
        "table_no": pa.array([t.no for t in doc.tables], pa.int32()),
        "label": pa.array([t.label for t in doc.tables], pa.string()),
        "title": pa.array([t.title for t in doc.tables], pa.string()),
        "kind": pa.array([t.kind for t in doc.tables], pa.string()),
        "unit": pa.array([t.unit for t in doc.tables], pa.string()),
        "pages": pa.array([_json(t.pages) for t in doc.tables], pa.string()),
        "rows": pa.array([len(t.rows) for t in doc.tables], pa.int32()),
        "columns": pa.array([len(t.columns) for t in doc.tables], pa.int32()),
        "header": pa.array([_json([{"path": c.key, "role": c.role} for c in t.columns])
                            for t in doc.tables], pa.string()),
        "note": pa.array([t.note for t in doc.tables], pa.string()),
        "warnings": pa.array([_json(t.warnings) for t in doc.tables], pa.string()),
    })


_CHECK_PLACES = Decimal(10) ** -10
_CELL = pa.struct([("table_no", pa.int32()), ("row_no", pa.int32()), ("column", pa.string())])
_ROW = pa.struct([("table_no", pa.int32()), ("row_no", pa.int32())])


def _check_amount(value: Decimal | None) -> Decimal | None:
    """Check amounts in DECIMAL(38, 10): a figure in 元 compared in 亿元 can have more places
    than facts ever do; beyond 10 they are rounded (the facts themselves stay exact)."""
    return None if value is None else value.quantize(_CHECK_PLACES, rounding=ROUND_HALF_EVEN)


def check_rows(doc: Document) -> pa.Table:
    """The `checks` rows of `doc`, one per check, in manifest order."""
    checks = doc.checks
    amount = pa.decimal128(38, 10)
    return pa.table({
        "doc_id": pa.array([doc.doc_id] * len(checks), pa.string()),
        "check_no": pa.array(range(1, len(checks) + 1), pa.int32()),
        "family": pa.array([c.name for c in checks], pa.string()),
        "rule": pa.array([c.rule for c in checks], pa.string()),
        "status": pa.array([c.status for c in checks], pa.string()),
        "tables": pa.array([list(c.tables) for c in checks], pa.list_(pa.int32())),
        "rows": pa.array([[{"table_no": t, "row_no": r} for t, r in c.rows] for c in checks],
                         pa.list_(_ROW)),
        "pages": pa.array([list(c.pages) for c in checks], pa.list_(pa.int32())),
        "cells": pa.array([[{"table_no": t, "row_no": r, "column": k} for t, r, k in c.cells]
                           for c in checks], pa.list_(_CELL)),
        "expected": pa.array([_check_amount(c.expected) for c in checks], amount),
        "found": pa.array([_check_amount(c.found) for c in checks], amount),
        "difference": pa.array([_check_amount(c.difference) for c in checks], amount),
        "tolerance": pa.array([_check_amount(c.tolerance) for c in checks], amount),
        "rounding": pa.array([c.rounding for c in checks], pa.bool_()),
        "unit": pa.array([c.unit for c in checks], pa.string()),
        "note": pa.array([c.note for c in checks], pa.string()),
    })


def facts_table(doc: Document) -> pa.Table:
    """The facts of `doc` as Arrow, typed like the facts.parquet the writers produce, so that
    the store, the Parquet outputs and the hive dataset hold the same exact decimals."""
    try:
        return arrow_table(facts_columns(doc.tables, doc))
    except OutputError as e:
        raise e.located(file=doc.source) from None


def indicator_table(doc: Document) -> pa.Table:
    """The `indicators` rows of `doc`: every catalogue indicator, a missing one with its reason."""
    from .normalize.indicators import indicator_columns
    try:
        return arrow_table(indicator_columns(doc))
    except OutputError as e:
        raise e.located(file=doc.source) from None


def _json(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _insert_document(con: duckdb.DuckDBPyConnection, row: dict) -> None:
    names = ", ".join(row)
    marks = ", ".join("?" * len(row))
    con.execute(f"INSERT INTO documents ({names}) VALUES ({marks})", list(row.values()))


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Bulk insert, matching columns by name: a store migrated to columns this code does not
    fill yet still takes new documents (those columns stay NULL)."""
    con.register("_yusuan_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _yusuan_rows")
    finally:
        con.unregister("_yusuan_rows")


def _supersede(con: duckdb.DuckDBPyConnection, doc: Document) -> list[str]:
    """Mark the current stored documents that `doc` is a newer file of as replaced by it, and
    return the warnings for `doc`. Nothing is deleted.

    The same document: the same department_key, scope, year and type, and the same kind,
    i.e. the two share a table kind (a 一般公共预算 table and a 政府性基金 table of one city
    are two documents; a copy that lost two of its twelve tables is still the same one). A
    document lacking key, year or type supersedes nothing. When `doc` has fewer tables or
    more failed checks than the one it would replace (a damaged copy), both stay current and
    `doc` gets a warning saying why."""
    if doc.department_key is None or doc.year is None or doc.doc_type is None or not doc.tables:
        return []
    kinds = sorted({t.kind for t in doc.tables if t.kind})
    if kinds:
        same_kind = ("EXISTS (SELECT 1 FROM tables t WHERE t.doc_id = d.doc_id AND t.kind IN ("
                     + ", ".join("?" * len(kinds)) + "))")
    else:
        same_kind = "NOT EXISTS (SELECT 1 FROM tables t WHERE t.doc_id = d.doc_id AND t.kind IS NOT NULL)"
    rows = con.execute(
        "SELECT doc_id, file_name, tables, checks_failed FROM documents d WHERE department_key = ? "
        "AND scope IS NOT DISTINCT FROM ? AND year = ? AND doc_type = ? AND doc_id <> ? "
        f"AND superseded_by IS NULL AND {same_kind} ORDER BY ingested_at, doc_id",
        [doc.department_key, doc.scope, doc.year, doc.doc_type, doc.doc_id, *kinds]).fetchall()
    failed = doc.check_summary["failed"]
    notes = []
    for old_id, old_name, old_tables, old_failed in rows:
        worse = []
        if len(doc.tables) < (old_tables or 0):
            worse.append(f"{len(doc.tables)} tables where it has {old_tables}")
        if failed > (old_failed or 0):
            worse.append(f"{failed} failed checks where it has {old_failed or 0}")
        if worse:
            notes.append(f"not superseding {old_name} ({old_id[:12]}), the same document: this "
                         f"file has {' and '.join(worse)}; both stay current (is this a damaged "
                         "copy?)")
            continue
        con.execute("UPDATE documents SET superseded_by = ? WHERE doc_id = ?", [doc.doc_id, old_id])
    return notes


# ------------------------------------------------------------------------------- hive dataset

def write_hive(doc: Document, root: Path, version: str = __version__) -> Path:
    """Write the facts of `doc` to root/facts/year=Y/doc_type=T/<doc_id>.parquet, its
    indicators likewise under root/indicators/, and its document row to
    root/documents/<doc_id>.json; returns the facts' Parquet file.

    Read it with `read_parquet('root/facts/**/*.parquet', hive_partitioning = true)`: year and
    doc_type come from the folder names, a missing one as NULL. (`year` is the document's
    year there: the partition wins over the facts column of the same name, which holds each
    table's year; read with hive_partitioning = false, or query the store, for that one.) A
    document without tables is only recorded, in root/skipped/<doc_id>.json (returned), so
    that it is not read again. Each file is written to a temporary name beside it and renamed, so
    a reader never sees half a file. The JSON holds `warnings` as a list, and no
    `superseded_by`: files are written once, and only the store knows later documents (of one
    department, year and type, the newest `ingested_at` is the current one)."""
    root = Path(root)
    if not doc.tables:           # nothing to query: recorded so that it is not read again
        target = root / "skipped" / f"{doc.doc_id}.json"
        text = json.dumps({"doc_id": doc.doc_id, "file_name": doc.name, "source_path": doc.source,
                           "reason": "no tables found", "ingested_at": _now().isoformat(),
                           "yusuan_version": version}, ensure_ascii=False, indent=2) + "\n"
        _write_atomically(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        return target
    year = NULL_PARTITION if doc.year is None else str(doc.year)
    doc_type = doc.doc_type or NULL_PARTITION
    target = root / "facts" / f"year={year}" / f"doc_type={doc_type}" / f"{doc.doc_id}.parquet"
    facts = facts_table(doc)
    _write_atomically(target, lambda tmp: pq.write_table(facts, tmp))
    indicators = indicator_table(doc)
    _write_atomically(root / "indicators" / f"year={year}" / f"doc_type={doc_type}" / f"{doc.doc_id}.parquet",
                      lambda tmp: pq.write_table(indicators, tmp))
    row = document_row(doc, version)
    del row["superseded_by"]
    row.update(ingested_at=row["ingested_at"].isoformat(), warnings=list(doc.warnings))
    text = json.dumps(row, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(root / "documents" / f"{doc.doc_id}.json",
                      lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target


def _write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a hidden temporary file in target's folder (same file system, and a
    name no `*.parquet` glob matches), then rename it onto target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ------------------------------------------------------------------------------- queries
# Queries users run on a store (`duckdb store.duckdb`, or `Store(path).con.sql(...)`). Amounts
# are compared in 万元, whatever unit a document printed (0.01 元 = 0.000001 万元 is still
# exact in DECIMAL(38, 6)); an unknown unit gives NULL rather than a wrong number.

_IN_WAN = """CAST(f.value * CASE f.unit WHEN '元' THEN 0.0001 WHEN '千元' THEN 0.1
        WHEN '万元' THEN 1 WHEN '百万元' THEN 100 WHEN '千万元' THEN 1000 WHEN '亿元' THEN 10000
        END AS DECIMAL(38, 6))"""

# Where a document prints both, the 支出总体情况表 (all funds) is preferred to the
# 一般公共预算支出表 (general budget funds only).
_PREFER_SUMMARY = ("row_number() OVER (PARTITION BY d.doc_id ORDER BY "
                   "f.table_kind = 'expenditure_summary' DESC, f.table_no, f.row_no)")

# (a) 一般公共服务支出 (功能分类 201) by department and year: the 201 row's first amount column
# (合计 / 小计) of the expenditure tables, current documents only.
GENERAL_PUBLIC_SERVICES_SQL = f"""
WITH first_amount AS (
    SELECT doc_id, table_no,
           list_filter(from_json(header, '[{{"path": "VARCHAR", "role": "VARCHAR"}}]'),
                       lambda h: h.role = 'amount')[1].path AS "column"
    FROM tables
    WHERE kind IN ('expenditure_summary', 'general_expenditure_by_function')
), candidates AS (
    SELECT d.department, d.year, d.doc_type, {_IN_WAN} AS amount_wan,
           f.table_label, d.doc_id, {_PREFER_SUMMARY} AS pick
    FROM facts f
    JOIN first_amount a ON a.doc_id = f.doc_id AND a.table_no = f.table_no AND a."column" = f."column"
    JOIN documents d ON d.doc_id = f.doc_id
    WHERE f.code = '201' AND d.superseded_by IS NULL
)
SELECT department, year, doc_type, amount_wan, table_label, doc_id
FROM candidates WHERE pick = 1
ORDER BY department, year, doc_type
"""

# (b) 基本支出 year on year per department: the 合计 row's 基本支出 column of the expenditure
# tables, against the same department's document of the same type one year earlier.
BASIC_EXPENDITURE_YOY_SQL = f"""
WITH basic AS (
    SELECT d.department, d.doc_type, d.year, {_IN_WAN} AS amount_wan, {_PREFER_SUMMARY} AS pick
    FROM facts f
    JOIN documents d ON d.doc_id = f.doc_id
    WHERE d.superseded_by IS NULL AND d.department IS NOT NULL AND d.year IS NOT NULL
      AND f.table_kind IN ('expenditure_summary', 'general_expenditure_by_function')
      AND f.level = 0 AND f.name = '合计'
      AND (f."column" = '基本支出' OR ends_with(f."column", '/基本支出'))
), yearly AS (
    SELECT * FROM basic WHERE pick = 1
)
SELECT cur.department, cur.doc_type, cur.year, cur.amount_wan, prev.amount_wan AS previous_wan,
       cur.amount_wan - prev.amount_wan AS change_wan,
       round(100 * (cur.amount_wan - prev.amount_wan) / nullif(prev.amount_wan, 0), 2) AS change_pct
FROM yearly cur
LEFT JOIN yearly prev ON prev.department = cur.department AND prev.doc_type = cur.doc_type
                     AND prev.year = cur.year - 1
ORDER BY cur.department, cur.doc_type, cur.year
"""

# (c) Every failed check of every document (superseded ones included, with what replaced
# them), one line per cell it covers: where it is printed and the amount printed there.
FAILED_CHECKS_SQL = """
WITH failed AS (
    SELECT c.doc_id, c.check_no, c.family, c.rule, c.expected, c.found, c.difference,
           -- a check naming no cell still gives its line
           unnest(CASE WHEN len(c.cells) = 0 THEN [NULL] ELSE c.cells END) AS cell
    FROM checks c
    WHERE c.status = 'fail'
)
SELECT d.doc_id, d.file_name, d.department, d.year, d.doc_type, x.check_no, x.family, x.rule,
       x.expected, x.found, x.difference, f.page, f.table_label, f.table_title, f.code, f.name,
       f."column", f.value, f.unit, d.superseded_by
FROM failed x
JOIN documents d ON d.doc_id = x.doc_id
LEFT JOIN facts f ON f.doc_id = x.doc_id AND f.table_no = x.cell.table_no
                 AND f.row_no = x.cell.row_no AND f."column" = x.cell."column"
ORDER BY d.department, d.year, d.doc_type, d.file_name, x.check_no, f.table_no, f.row_no
"""
