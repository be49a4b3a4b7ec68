"""Read the hand-written expected tables (tests/expected/*.txt) and expand them into the facts
yusuan must produce. Test code only: nothing here calls yusuan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
SEED_EXPECTED = HERE / "expected" / "taishan_2024_tables.txt"


@dataclass
class Row:
    side: str | None
    page: int
    code: str | None
    level: int
    ordinal: str | None
    name: str
    amounts: list[str]
    text: str | None


@dataclass
class Table:
    no: int
    label: str | None = None
    title: str = ""
    kind: str | None = None
    pages: tuple[int, ...] = ()
    unit: str | None = None
    note: str | None = None
    header: list[tuple[str, str]] = field(default_factory=list)   # (path, role)
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def sides(self) -> list[str]:
        names = [p.rsplit("/", 1)[0] for p, role in self.header if role == "name" and "/" in p]
        return names if len(names) > 1 else []

    def column_key(self, row: Row, local: str) -> str:
        return f"{row.side}/{local}" if row.side else local


def load(path: Path = SEED_EXPECTED) -> list[Table]:
    tables: list[Table] = []
    for raw in path.read_text("utf-8").splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("table:"):
            tables.append(Table(no=int(line.split(":", 1)[1])))
            continue
        t = tables[-1]
        if "|" in line:
            parts = [p.strip() for p in line.split("|")]
            side, page, code, level, ordinal, name, amounts = parts[:7]
            text = parts[7] if len(parts) > 7 else None
            t.rows.append(Row(side or None, int(page), code or None, int(level), ordinal or None,
                              name, amounts.split(), text))
            continue
        keyword, _, value = line.partition(":")
        value = value.strip()
        if keyword == "label":
            t.label = value
        elif keyword == "title":
            t.title = value
        elif keyword == "kind":
            t.kind = value
        elif keyword == "pages":
            t.pages = tuple(int(p) for p in value.split())
        elif keyword == "unit":
            t.unit = value
        elif keyword == "note":
            t.note = value.replace("\\n", "\n")
        elif keyword == "header":
            for spec in value.split():
                path, _, role = spec.partition(":")
                t.header.append((path, role or "amount"))
        elif keyword == "columns":
            t.columns = value.split()
    for t in tables:
        for r in t.rows:
            assert len(r.amounts) == len(t.columns), (t.no, r.name, r.amounts)
    return tables


def facts(tables: list[Table]) -> set[tuple]:
    """(table_no, row_no, page, side, code, level, ordinal, name, column, value) per amount cell."""
    out = set()
    for t in tables:
        for row_no, r in enumerate(t.rows, 1):
            for local, value in zip(t.columns, r.amounts):
                out.add((t.no, row_no, r.page, r.side, r.code, r.level, r.ordinal, r.name,
                         t.column_key(r, local), value))
    return out
