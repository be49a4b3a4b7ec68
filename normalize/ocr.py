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
