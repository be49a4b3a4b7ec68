"""Write a Document: per table CSV and Parquet, facts, manifest.json — all or nothing.

Everything of one input is written into a hidden temporary folder beside the target and
renamed into place at the end, so an interrupted or failed run never leaves a half-written
output folder; an older output of the same input is replaced only once the new one is complete.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import regex as re

from ..errors import OutputError
from ..model import CheckCounts, CheckSpill, Document, Table, counted
from .amounts import format_amount
from ..settings import DEFAULT, Settings
from .checks import check_item
from .frames import FACT_COLUMNS, Columns, facts_columns, prose_columns, table_columns
from .indicators import document_indicators, indicator_columns
from .spreadsheet import formula_safe
from .ocr import ocr_summary

if TYPE_CHECKING:
    import pyarrow as pa

# pyarrow (and numpy under it) is imported by the functions that write Parquet, not here:
# a run that writes CSV only, or `--help`, starts 0.2 s sooner without it.
# One decimal type for every amount in every Parquet file yusuan writes, so that files of
# different documents and years concatenate (38 digits, 6 after the point: 0.01 元 in 万元).
DECIMAL_PRECISION, DECIMAL_SCALE = 38, 6
FORMATS = ("csv", "parquet")                 # the default outputs
ALL_FORMATS = FORMATS + ("xlsx",)            # xlsx: OUT/<doc>/<doc>.xlsx (the `xlsx` extra)
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
# Characters of a title kept in a file name (the manifest keeps the whole title), and bytes:
# every file system takes 255 bytes per name, and NN_ + title + .parquet must fit.
FILENAME_CHARS = 60
FILENAME_BYTES = 180


def table_filename(table: Table) -> str:
    """NN_<title>: printable characters only (no NUL, ESC, BEL, path separators or spaces),
    cut on a character boundary to a length every file system takes."""
    def clean(text: str | None) -> str:
        text = "".join(ch for ch in _UNSAFE.sub("", text or "") if ch.isprintable())
        text = text.lstrip(".")                     # never a hidden file
        text = text[:FILENAME_CHARS]
        while len(text.encode("utf-8")) > FILENAME_BYTES:
            text = text[:-1]
        return text
    title = clean(table.title) or clean(table.label) or "table"
    return f"{table.no:02d}_{title}"


def write_csv(cols: Columns, path: Path) -> None:
    """UTF-8 with BOM (Excel opens it as Chinese); amounts exactly as printed, blank = empty.
    A text cell Excel would read as a formula (=1+1, @SUM(…), an ordinal --) gets a leading '
    (formula_safe); amounts are numbers, never prefixed (-12.00 stays)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(cols.names)
        out.writerows(csv_rows(cols))


def csv_rows(cols: Columns):
    """The CSV rows of `cols` (no header), cells as write_csv writes them."""
    series = []
    for n in cols.names:
        values = cols.data[n]
        if n in cols.amounts:
            series.append([format_amount(v) for v in values])
        elif n in cols.bools:
            series.append(["true" if v else "false" for v in values])
        elif n in cols.floats:
            series.append(["" if v is None else f"{v:.4f}" for v in values])
        elif n in cols.ints:
            series.append(["" if v is None else v for v in values])
        else:
            series.append(["" if v is None else formula_safe(v) if isinstance(v, str) else v
                           for v in values])
    return zip(*series)


def arrow_table(cols: Columns) -> pa.Table:
    """The columns typed for Parquet and the store: exact decimals, int32, bool, string.
    (arrays.array: the arrays pa.array makes, without pyarrow importing pandas.)"""
    import pyarrow as pa
    from .arrays import array
    decimal = pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
    arrays, fields = [], []
    for n in cols.names:
        values = cols.data[n]
        if n in cols.amounts:
            try:
                arr = array(values, decimal)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
                raise OutputError(f"column {n}: an amount needs more than 6 decimals ({e})") from e
        elif n in cols.ints:
            arr = array(values, pa.int32())
        elif n in cols.bools:
            arr = array(values, pa.bool_())
        elif n in cols.floats:
            arr = array(values, pa.float64())
        else:
            arr = array(values, pa.string())
        arrays.append(arr)
        fields.append(pa.field(n, arr.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(cols: Columns, path: Path) -> None:
    import pyarrow.parquet as pq
    pq.write_table(arrow_table(cols), path)


def manifest(doc: Document, files: dict, version: str, settings: Settings | None = None,
             items: bool = True, tables=None, summary: dict | None = None) -> dict:
    """The manifest as a dict; without `items`, its check items are left empty (the writer
    streams them: see write_manifest). `tables` and `summary`: the tables' entries (or what
    stands for them) and the checks' summary, when the caller has them already."""
    if tables is None:
        summaries = doc.table_check_summaries()
        tables = [table_entry(t, summaries[t.no], files.get(t.no, {})) for t in doc.tables]
    return {
        "yusuan_version": version,
        "extracted_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source": {"name": doc.name, "path": doc.source, "sha256": doc.sha256, "reader": doc.reader,
                   "pages": doc.page_count, "absolute_path": str(Path(doc.source).absolute())},
        "document": {"department": doc.department, "year": doc.year, "doc_type": doc.doc_type,
                     "unit": doc.unit, "scope": doc.scope, "department_key": doc.department_key,
                     "region": doc.region},
        "tables_found": len(doc.tables),
        "tables": tables,
        "facts": files.get("facts", {}),
        "prose_facts": files.get("prose", {}),
        "checks": {"summary": doc.check_summary if summary is None else summary,
                   "items": [check_item(doc, c) for c in doc.checks] if items else []},
        "warnings": list(doc.warnings),
        # appended: how each page was read, and for OCR'd pages what a check covers
        "pages": [{"page": n, "reader": doc.page_reader(n)} for n in range(1, doc.page_count + 1)],
        "ocr": ocr_summary(doc, settings or DEFAULT),
        "indicators": files.get("indicators", {}),
        "workbook": files.get("workbook", {}),
    }


def table_entry(t: Table, checks: dict, files: dict) -> dict:
    """A table as the manifest lists it."""
    return {
        "no": t.no, "label": t.label, "title": t.title, "kind": t.kind, "unit": t.unit,
        "entity": t.entity, "pages": list(t.pages), "rows": len(t.rows),
        "columns": len(t.columns), "two_sided": t.is_two_sided,
        "header": [{"path": c.key, "role": c.role} for c in t.columns],
        "header_source": t.header_source, "note": t.note, "warnings": list(t.warnings),
        "checks": checks,
        "files": files,
        "year": t.year,
    }


_ITEMS = "\u0000checks-items\u0000"


def manifest_text(data: dict) -> str:
    """manifest.json: indented, with one check per line. (json's indenting encoder is pure
    Python and slow on hundreds of checks; each check is encoded by the C encoder instead.)"""
    items = data.get("checks", {}).get("items")
    if not items:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    shell = {**data, "checks": {**data["checks"], "items": _ITEMS}}
    text = json.dumps(shell, ensure_ascii=False, indent=2)
    lines = ",\n      ".join(json.dumps(c, ensure_ascii=False) for c in items)
    return text.replace(json.dumps(_ITEMS), "[\n      " + lines + "\n    ]") + "\n"


_TABLES = "\u0000tables\u0000"


def write_manifest(fh, data: dict, items: Iterable[dict], tables: Iterable[str] | None = None) -> None:
    """manifest_text of `data` with these check items, written into `fh` as the items come:
    neither the items (one per check: millions in a long dump) nor the text are ever all in
    memory. `tables`: the tables' entries as table_json gives them, written in place of
    data["tables"] as they come."""
    shell = {**data, "checks": {**data["checks"], "items": _ITEMS}}
    if tables is not None:
        shell["tables"] = _TABLES
    head, tail = json.dumps(shell, ensure_ascii=False, indent=2).split(json.dumps(_ITEMS))
    if tables is not None:
        before, after = head.split(json.dumps(_TABLES))
        fh.write(before)
        first = True
        for entry in tables:
            fh.write(("[\n    " if first else ",\n    ") + entry)
            first = False
        fh.write("[]" if first else "\n  ]")
        head = after
    fh.write(head)
    first = True
    for item in items:
        fh.write(("[\n      " if first else ",\n      ") + json.dumps(item, ensure_ascii=False))
        first = False
    fh.write("[]" if first else "\n    ]")
    fh.write(tail + "\n")


def table_json(entry: dict) -> str:
    """A table's entry as the indented manifest prints it in its list of tables, for
    write_manifest."""
    return json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def write_facts(doc: Document, folder: Path, formats, chunk_rows: int) -> dict:
    """facts.csv / facts.parquet, written a few tables at a time (about `chunk_rows` facts:
    one Parquet row group each), so that the facts of a long document are never all in
    memory; {format: path relative to folder}. The same rows as facts_columns(doc.tables)."""
    facts = FactsWriter(doc, folder, formats, chunk_rows)
    book = CheckBook(doc.checks)
    try:
        for table in doc.tables:
            facts.add(table, book.table(table.no)[0] | book.extra_cells)
    finally:
        written = facts.close()
    return written


class FactsWriter:
    """facts.csv / facts.parquet written as tables are added, a chunk of about `chunk_rows`
    facts at a time (at least one chunk, maybe empty: a Parquet file needs its schema)."""

    def __init__(self, doc: Document, folder: Path, formats, chunk_rows: int) -> None:
        self.doc, self.folder, self.formats, self.chunk_rows = doc, folder, formats, chunk_rows
        self.written: dict = {}
        self.fh = self.out = self.parquet = None
        self.run: list[Table] = []
        self.checked: set = set()
        self.size = self.chunks = 0
        if "csv" in formats:
            self.fh = open(folder / "facts.csv", "w", encoding="utf-8-sig", newline="")
            self.out = csv.writer(self.fh)
            self.out.writerow(FACT_COLUMNS)
            self.written["csv"] = "facts.csv"

    def add(self, table: Table, checked) -> None:
        """A table, and the cells of it (at least) that a passing check covers."""
        self.run.append(table)
        self.checked |= checked
        self.size += sum(len(r.values) + len(r.percents) for r in table.rows)
        if self.size >= self.chunk_rows:
            self._flush()

    def _flush(self) -> None:
        cols = facts_columns(self.run, self.doc, frozenset(self.checked))
        if self.out is not None:
            self.out.writerows(csv_rows(cols))
        if "parquet" in self.formats:
            import pyarrow.parquet as pq
            table = arrow_table(cols)
            if self.parquet is None:
                self.parquet = pq.ParquetWriter(self.folder / "facts.parquet", table.schema)
            self.parquet.write_table(table)
        self.run, self.checked, self.size, self.chunks = [], set(), 0, self.chunks + 1

    def close(self) -> dict:
        """The last chunk written, the files closed: {format: path relative to folder}."""
        try:
            if self.run or not self.chunks:
                self._flush()
            if "parquet" in self.formats:
                self.written["parquet"] = "facts.parquet"
        finally:
            if self.fh is not None:
                self.fh.close()
            if self.parquet is not None:
                self.parquet.close()
        return self.written


class CheckBook:
    """A document's checks as the writer needs them beside its tables: each table's own
    checks (those of one table following each other in table order, as run_checks makes
    them) summed up per table as they were made (model.CheckCounts), and the cells and
    counts of the others (across tables, figures of the text: few). Gives each table its
    checked cells and its checks' summary, and the summary of all, without reading the
    checks again (but for checks given otherwise than in a CheckSpill: counted first)."""

    def __init__(self, checks) -> None:
        tally = checks.tally if isinstance(checks, CheckSpill) else CheckCounts(checks)
        self.summary = tally.summary
        self.extra_cells = tally.extra_cells       # cells of passing checks not "own"
        self._extra = tally.extra_counts
        self._rest = tally.owned()
        self._next = next(self._rest, None)

    def table(self, no: int) -> tuple[set, dict]:
        """The cells of table `no` its own passing checks cover, and the summary of every
        check of the table (as Document.table_check_summary). Tables are asked in order."""
        counts = list(self._extra.get(no, (0, 0, 0, 0)))
        cells: frozenset = frozenset()
        while self._next is not None and self._next[0] <= no:
            at, own_cells, own_counts = self._next
            if at == no:
                cells = own_cells
                counts = [a + b for a, b in zip(counts, own_counts)]
            self._next = next(self._rest, None)
        return set(cells), counted(counts)


def write_document(doc: Document, out_dir: Path, name: str, formats=FORMATS, version: str = "",
                   warnings: list | None = None, settings: Settings | None = None) -> Path:
    """Write every output of `doc` into out_dir/name atomically; returns that folder. What
    an output could not hold as it should (an amount Excel cannot keep as a number) is
    appended to `warnings` when given (and kept in the manifest).

    One pass over the tables writes each table's files, its facts and its entry of the
    manifest (kept in a temporary file until the manifest is written), its checks read
    beside it (CheckBook): a long document's tables are never all in memory."""
    unknown = set(formats) - set(ALL_FORMATS)
    if unknown:
        raise OutputError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    settings = settings or DEFAULT
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-{os.getpid()}-", dir=out_dir))
    _open_up(tmp)
    try:
        files: dict = {}
        book = CheckBook(doc.checks)
        first: dict = {}              # the first table of each kind: what the indicators read
        checked: set = set(book.extra_cells)      # the passing cells of those tables
        # the manifest's entry of each table, one JSON line each, until the manifest is written
        entries = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        try:
            facts = FactsWriter(doc, tmp, formats, settings.facts_chunk_rows) if doc.tables else None
            rows = 0
            try:
                if doc.tables:
                    (tmp / "tables").mkdir()
                for table in doc.tables:
                    written = _write_formats(table_columns(table), tmp,
                                             f"tables/{table_filename(table)}", formats)
                    cells, summary = book.table(table.no)
                    facts.add(table, cells | book.extra_cells)
                    if table.kind not in first:
                        first[table.kind] = table
                        checked |= cells
                    rows += sum(len(r.values) + len(r.percents) for r in table.rows)
                    entries.write(json.dumps(table_entry(table, summary, written),
                                             ensure_ascii=False) + "\n")
            finally:
                written = facts.close() if facts is not None else {}
            files["facts"] = {"rows": rows}
            if doc.tables:
                files["facts"].update(written)
            prose = prose_columns(doc)
            files["prose"] = {"rows": len(prose)}
            if len(prose):
                files["prose"].update(_write_formats(prose, tmp, "prose", formats))
            indicators = indicator_columns(doc, document_indicators(doc, first=first,
                                                                    checked=frozenset(checked)))
            files["indicators"] = {"rows": len(indicators),
                                   "values": sum(v is not None for v in indicators.data["value"])}
            if doc.tables:        # like facts: a document without tables writes its manifest only
                files["indicators"].update(_write_formats(indicators, tmp, "indicators", formats))
            if "xlsx" in formats:
                from .xlsx import write_workbook
                files["workbook"] = {"xlsx": f"{name}.xlsx",
                                     "warnings": write_workbook(doc, tmp / f"{name}.xlsx")}
                if warnings is not None:
                    warnings += [f"workbook: {w}" for w in files["workbook"]["warnings"]]
            entries.seek(0)
            with open(tmp / "manifest.json", "w", encoding="utf-8") as fh:
                write_manifest(fh, {**manifest(doc, files, version, items=False, tables=(),
                                               summary=book.summary),
                                    "formats": list(formats)},
                               (check_item(doc, c) for c in doc.checks),
                               (table_json(json.loads(line)) for line in entries))
        finally:
            entries.close()
        _swap_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _write_formats(cols: Columns, folder: Path, stem: str, formats) -> dict:
    """stem.csv and/or stem.parquet in folder; {format: path relative to folder}."""
    written = {}
    if "csv" in formats:
        write_csv(cols, folder / f"{stem}.csv")
        written["csv"] = f"{stem}.csv"
    if "parquet" in formats:
        write_parquet(cols, folder / f"{stem}.parquet")
        written["parquet"] = f"{stem}.parquet"
    return written


def _open_up(folder: Path) -> None:
    """mkdtemp makes a private folder (0700); the output is an ordinary one (0777 - umask)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


# .NAME.tmp-PID-XXXXXXXX / .NAME.old-PID-XXXXXXXX (and .NAME.tmp-XXXXXXXX of yusuan before
# the PID): XXXXXXXX is mkdtemp's eight random characters
_TEMPORARY = re.compile(r"^\..+\.(?:tmp|old)-(?:(?P<pid>\d+)-)?[a-z0-9_]{8}$")


def remove_stale_temporaries(out_dir: Path, older_than: float) -> list[Path]:
    """Remove the temporary folders of out_dir that a killed run left behind: older than
    `older_than` seconds, and whose process (named in the folder's name) is gone. Returns
    what was removed; a folder that cannot be removed is left, silently (it is hidden)."""
    import time
    removed = []
    try:
        entries = list(Path(out_dir).iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMPORARY.match(entry.name)
        if not m or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            if now - entry.stat().st_mtime < older_than:
                continue
        except OSError:
            continue
        if m.group("pid") and _alive(int(m.group("pid"))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True                   # it exists, as another user's
    return True


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Rename the finished folder into place; an older output is moved aside first and
    removed only after the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
        os.replace(target, old / "previous")
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
