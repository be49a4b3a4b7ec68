"""What a document read by OCR tells its user beyond its tables: how many of its amounts a
passing check covers (those are right, or two errors cancel), how many the recognizer was
unsure of; and row names put right against the known names of their codes."""

from __future__ import annotations

from ..model import Document
from ..settings import DEFAULT, Settings


def ocr_summary(doc: Document, settings: Settings = DEFAULT) -> dict | None:
    """For manifest.json and the summary line: None when no page was read by OCR. Counts
    the amounts (cells with a value) printed on OCR'd pages."""
    if not doc.ocr_pages:
        return None
    checked = doc.checked_cells
    cells = covered = low = 0
    for table in doc.tables:
        for row in table.rows:
            if row.page not in doc.ocr_pages:
                continue
            for column, value in row.values.items():
                if value is None:
                    continue
                cells += 1
                covered += (table.no, row.row_no, column) in checked
                conf = doc.confidence(row.page, value)
                low += conf is not None and conf < settings.ocr_min_confidence
    return {"pages": list(doc.ocr_pages), "cells": cells, "checked": covered,
            "low_confidence": low, "threshold": settings.ocr_min_confidence}


def summary_text(summary: dict | None) -> str:
    """`OCR 3 pages: 41 of 52 amounts under a passing check, 2 below confidence 0.9`."""
    if not summary:
        return ""
    return (f"OCR {len(summary['pages'])} page(s): {summary['checked']} of {summary['cells']} "
            f"amounts under a passing check, {summary['low_confidence']} below confidence "
            f"{summary['threshold']:g}")


# ----------------------------------------------------------------------------- code names

_NAMES: dict | None = None


def known_names() -> dict[tuple[str, str], tuple[str, ...]]:
    """(code, system) → the names the reference (codenames.tsv, data built by
    tests/build_codenames.py) knows for it."""
    global _NAMES
    if _NAMES is None:
        from pathlib import Path
        names: dict[tuple[str, str], tuple[str, ...]] = {}
        path = Path(__file__).resolve().parent.parent / "codenames.tsv"
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            code, system, name = line.split("\t")
            names[(code, system)] = names.get((code, system), ()) + (name,)
        _NAMES = names
    return _NAMES


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def reference_name(code: str | None, system: str | None, name: str) -> str | None:
    """The known name of `code` that an OCR'd `name` misreads by one or two characters
    (`般公共服务支出` for 201), or None: the name is right, the code unknown, or the name too
    far from every known one to be a misreading (a name of another year, say)."""
    if not code or not system:
        return None
    known = known_names().get((code, system), ())
    if name in known:
        return None
    best = None
    for ref in known:
        d = edit_distance(name, ref)
        if 0 < d <= min(2, max(1, len(ref) // 4)) and (best is None or d < best[0]):
            best = (d, ref)
    return best[1] if best else None


def with_reference_names(tables, ocr_pages):
    """Tables whose OCR'd rows carry their code's known name where the OCR reading is one or
    two characters off; each change is a warning of its table, with the OCR reading."""
    from dataclasses import replace
    if not ocr_pages:
        return tables
    out = []
    for table in tables:
        rows, notes = [], []
        for row in table.rows:
            ref = reference_name(row.code, row.code_system, row.name) if row.page in ocr_pages else None
            if ref is not None:
                notes.append(f"page {row.page}: {row.code} read by OCR as {row.name!r}, "
                             f"taken as its known name {ref!r}")
                row = replace(row, name=ref)
            rows.append(row)
        out.append(replace(table, rows=tuple(rows), warnings=table.warnings + tuple(notes))
                   if notes else table)
    return tuple(out)
