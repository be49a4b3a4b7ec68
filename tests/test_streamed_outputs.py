"""Text dumps and outputs written in bounded memory (issue 12) write what the whole-document
path wrote: facts written chunk by chunk equal facts_columns of every table at once, the
manifest streamed check by check equals manifest_text of the whole manifest, on the
reference dump and on every corpus layout dump (../shared)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import yusuan
from yusuan.normalize.checks import check_item
from yusuan.normalize.frames import facts_columns
from yusuan.normalize.writers import (arrow_table, csv_rows, manifest_text, write_document,
                                      write_manifest)
from yusuan.settings import Settings

from conftest import SAMPLE

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_TEXT = SHARED / "corpus-text"
SEED = SHARED / "seeds" / "000_448286f3f8ceb880.txt"


def _dumps() -> list[Path]:
    return [SAMPLE] + (sorted(CORPUS_TEXT.glob("*.txt")) if CORPUS_TEXT.is_dir() else [])


def _whole_facts_csv(doc) -> bytes:
    cols = facts_columns(doc.tables, doc)
    buf = io.StringIO(newline="")
    out = csv.writer(buf)
    out.writerow(cols.names)
    out.writerows(csv_rows(cols))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _without_timestamp(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if '"extracted_at"' not in ln]


@pytest.mark.parametrize("path", _dumps(), ids=lambda p: p.stem)
def test_facts_in_chunks_and_the_streamed_manifest_equal_the_whole(path, tmp_path):
    import pyarrow.parquet as pq
    doc = yusuan.read(path)
    # a chunk of 50 facts: every document with tables is written in several chunks
    folder = write_document(doc, tmp_path, "out", ("csv", "parquet"), "v",
                            settings=Settings(facts_chunk_rows=50))
    if doc.tables:
        assert (folder / "facts.csv").read_bytes() == _whole_facts_csv(doc)
        whole = arrow_table(facts_columns(doc.tables, doc))
        written = pq.read_table(folder / "facts.parquet")
        assert written.schema.equals(whole.schema) and written.equals(whole)
        # a chunk ends after the table that brings it to 50 facts: one before the last does
        before_last = sum(len(r.values) + len(r.percents) for t in doc.tables[:-1] for r in t.rows)
        if before_last >= 50:
            assert pq.ParquetFile(folder / "facts.parquet").metadata.num_row_groups >= 2
    text = (folder / "manifest.json").read_text("utf-8")
    data = json.loads(text)
    items = [json.loads(json.dumps(check_item(doc, c), ensure_ascii=False)) for c in doc.checks]
    assert data["checks"]["items"] == items
    # the text itself: as manifest_text lays out the whole manifest (one check a line)
    assert _without_timestamp(text) == _without_timestamp(manifest_text(data))


def test_a_streamed_manifest_without_checks_is_laid_out_as_the_whole():
    data = {"a": 1, "checks": {"summary": {"passed": 0}, "items": []}, "z": [1, 2]}
    buf = io.StringIO()
    write_manifest(buf, data, iter(()))
    assert buf.getvalue() == manifest_text(data)
    data["checks"]["items"] = [{"rule": "r1", "status": "pass"}, {"rule": "“二”", "status": "fail"}]
    buf = io.StringIO()
    write_manifest(buf, {**data, "checks": {**data["checks"], "items": []}}, iter(data["checks"]["items"]))
    assert buf.getvalue() == manifest_text(data)
    assert '\n      {"rule": "r1", "status": "pass"},\n      {"rule": "“二”"' in buf.getvalue()
