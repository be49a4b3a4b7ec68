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


# --------------------------------------------------------------------------- the dump as a stream

def _whole(path: Path, settings: Settings):
    """What the whole-text functions read of a dump: decoded at once, split at once."""
    from yusuan.errors import InputError
    from yusuan.extract.source import decode_text, open_source
    from yusuan.extract.textpages import detect_style, reading_order, split_pages
    try:
        text = decode_text(open_source(path))
    except InputError as e:
        return ("error", str(e))
    style = detect_style(text, settings)
    lines, count = split_pages(text, style, settings)
    return (style, reading_order(text, settings), lines, count)


def _streamed(path: Path, settings: Settings):
    from yusuan.errors import InputError
    from yusuan.extract.source import open_source
    from yusuan.extract.textstream import stream_lines, survey
    source = open_source(path)
    try:
        found = survey(source, settings)
    except InputError as e:
        return ("error", str(e)), None
    lines = list(stream_lines(source, found))
    return (found.style, found.reading_order, lines, max(ln.page for ln in lines)), found.pages


_SEED_TEXT = SAMPLE.read_text("utf-8")
_EDGES = {
    # line breaks, encodings and page marks the whole-text reader handles
    "crlf": _SEED_TEXT.replace("\n", "\r\n").encode("utf-8"),
    "cr": _SEED_TEXT.replace("\n", "\r").encode("utf-8"),
    "bom": b"\xef\xbb\xbf" + _SEED_TEXT.encode("utf-8"),
    "utf16": _SEED_TEXT.encode("utf-16"),
    "gb18030": _SEED_TEXT.encode("gb18030"),
    "no_final_break": _SEED_TEXT.rstrip("\n").encode("utf-8"),
    "form_feed_at_end": "合计      1.00\n\f项目      2.00\n\f".encode("utf-8"),
    "blank_pages": "a   1.00\n\f\n\f\n- 3 -\n\fb    2.00\n\f\n\n\f".encode("utf-8"),
    "page_number_last": "a   1.00\n\f- 2 -\n\f".encode("utf-8"),
    "page_number_ends": "a   1.00\n\f- 2 -".encode("utf-8"),
    # refused alike
    "control_characters": ("abc\x01\x02" * 30 + "\n").encode("utf-8") * 3,
    "whitespace_only": b" \n" * 1000,
    "nul_bytes": b"abc\x00" * 400,
    "big5": "中文繁體測試".encode("big5") * 300,
}


@pytest.mark.parametrize("name", sorted(_EDGES))
def test_a_streamed_dump_reads_as_the_whole_text_edge_cases(name, tmp_path):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(_EDGES[name])
    s = Settings()
    streamed, pages = _streamed(path, s)
    assert streamed == _whole(path, s)
    if pages is not None:                    # known before the lines are paged: right
        assert pages == streamed[3]


@pytest.mark.parametrize("path", _dumps(), ids=lambda p: p.stem)
def test_a_streamed_dump_reads_as_the_whole_text(path):
    s = Settings()
    streamed, pages = _streamed(path, s)
    assert streamed == _whole(path, s)
    if pages is not None:
        assert pages == streamed[3]


def test_the_table_finder_holds_a_table_of_lines_not_the_dump():
    """Twenty copies of the reference dump (240 tables, 19,600 lines) streamed through the
    finder: it reads the lines as it goes and lets each table's go, holding at most the
    lines from one table's start to the next (the prose between two copies' tables: about
    500), never a whole copy of 980; the tables are those of the whole list."""
    from yusuan import catalogue
    from yusuan.extract.textpages import PLAIN, split_pages
    from yusuan.extract.texttables import TextTableFinder
    s = Settings()
    lines, _ = split_pages("\n".join([_SEED_TEXT] * 20), PLAIN, s)
    most = 0

    def streamed():
        nonlocal most
        for ln in lines:
            most = max(most, len(finder.lines._held))
            yield ln
    finder = TextTableFinder(streamed(), PLAIN, catalogue.default(), s)
    tables = finder.tables()
    assert len(tables) == 240
    assert tables == TextTableFinder(lines, PLAIN, catalogue.default(), s).tables()[:240]
    assert 0 < most < 980, most


@pytest.mark.parametrize("path", _dumps(), ids=lambda p: p.stem)
def test_a_layout_dump_streamed_gives_the_pages_of_the_whole_text(path):
    """The PDF engine's pages of a dump: laid out page by page as its lines stream by, the
    same PageGeoms (characters, sizes, numbers, empty pages) as from the whole text."""
    from yusuan.extract.dumpreader import page_geoms, stream_geoms
    from yusuan.extract.source import decode_text, open_source
    from yusuan.extract.textpages import LAYOUT, split_pages
    from yusuan.extract.textstream import stream_lines, survey
    s = Settings()
    source = open_source(path)
    found = survey(source, s)
    if found.style != LAYOUT:
        pytest.skip("a plain dump: read by the text route, not the engine")
    lines, count = split_pages(decode_text(source), LAYOUT, s)
    assert list(stream_geoms(stream_lines(source, found), s)) == list(page_geoms(lines, count, s))


def test_a_dump_changed_between_its_two_passes_fails_with_a_reason(tmp_path):
    from yusuan.errors import InputError
    from yusuan.extract.source import open_source
    from yusuan.extract.textstream import stream_lines, survey
    path = tmp_path / "moving.txt"
    path.write_text(_SEED_TEXT, encoding="utf-8")
    source = open_source(path)
    found = survey(source, Settings())
    path.write_bytes(_SEED_TEXT.encode("utf-8") + b"\xff\xfe tail")    # no longer UTF-8
    with pytest.raises(InputError, match="changed while it was read: it no longer decodes as UTF-8"):
        list(stream_lines(source, found))
