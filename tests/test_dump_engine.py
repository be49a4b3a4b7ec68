"""Layout dumps read by the PDF engine (extract/dumpreader.py): a dump page laid out again as
characters on a grid, then the same unruled-table finder, headers, sides, captions, notes and
stitching as a PDF page.

The dumps of the generated PDFs are made here (tests/dumps.grid_dump) from the characters the
PDF reader measures, laid out on a character grid the way pdftotext -layout lays them out;
the expected facts are the hand-written ones."""

from __future__ import annotations

import expected_tables
import pytest
from conftest import facts_of

import yusuan
from yusuan.extract.dumpreader import line_chars, page_geoms
from yusuan.extract.textpages import LAYOUT, split_pages
from yusuan.normalize.writers import write_document
from yusuan.settings import Settings


def test_a_line_is_laid_out_on_the_grid():
    s = Settings()                       # 5 pt a column, 10 pt glyphs, 20 pt a line
    chars = line_chars("合计  534.77\t1", 40.0, s)
    assert "".join(c.text for c in chars) == "合计534.771"
    # pdftotext gives a wide character one column: 合 0–5, 计 5–10, two spaces, 534.77 from
    # column 4; the tab runs to column 16
    assert [(c.x0, c.x1) for c in chars[:3]] == [(0, 5), (5, 10), (20, 25)]
    assert (chars[-1].x0, chars[-1].x1) == (80, 85)
    assert {(c.top, c.bottom, c.size) for c in chars} == {(45.0, 55.0, 10)}
    # a dump padded to display width: a wide character takes two columns, U+3000 is a space
    wide = line_chars("合计\u3000534", 0.0, s.with_(dump_wide_columns=2))
    assert [(c.text, c.x0) for c in wide] == [("合", 0), ("计", 10), ("5", 30), ("3", 35), ("4", 40)]


def test_pages_keep_their_lines_and_blank_lines_their_height():
    s = Settings()
    text = "表1\n\n收支总表\n\f第二页\n  10.00\n"
    lines, count = split_pages(text, LAYOUT, s)
    geoms = list(page_geoms(lines, count, s))
    assert [g.number for g in geoms] == [1, 2] and all(g.edges == () for g in geoms)
    tops = sorted({c.top for c in geoms[0].chars})
    assert tops == [5.0, 5.0 + 20 + 4]      # one text line, then a blank line, then the next
    assert "".join(c.text for c in geoms[1].chars) == "第二页10.00"


@pytest.fixture(scope="module", params=[False, True], ids=["headerless-continuation", "header-repeated"])
def headerless_dump(tmp_path_factory, request):
    """The generated unruled PDF, continued tables printing their header again or not, as a
    layout dump."""
    pdfgen = pytest.importorskip("pdfgen", reason="reportlab draws these PDFs (pip install '.[test]')")
    import dumps
    folder = tmp_path_factory.mktemp("griddump")
    pdf = pdfgen.draw(folder / "seed_unruled.pdf", "unruled", repeat_header=request.param)
    path = folder / "seed_unruled_layout.txt"
    # the PDF is set in 9 pt: a digit 4.5 pt wide is one column, a CJK character two
    path.write_text(dumps.grid_dump(pdf, advance=4.5, wide=2), "utf-8")
    return path


SETTINGS = Settings(dump_wide_columns=2)


def test_grid_dump_of_a_generated_pdf_finds_its_tables(headerless_dump, expected):
    doc = yusuan.read(headerless_dump, settings=SETTINGS)
    assert doc.reader == "text-layout" and doc.page_count == 23
    assert [(t.label, t.title, t.pages) for t in doc.tables] == \
        [(e.label, e.title, e.pages) for e in expected]
    assert all(t.header_source == "geometry" for t in doc.tables)
    assert [t.note for t in doc.tables] == [e.note for e in expected]


def test_grid_dump_of_a_generated_pdf_gives_every_fact(headerless_dump, expected, tmp_path):
    # 表2, 表3, 表11 and 表12 print header labels wrapped onto the next line of the dump,
    # where a child label stands too: read as the PDF since header words are joined first
    doc = yusuan.read(headerless_dump, settings=SETTINGS)
    got = facts_of(write_document(doc, tmp_path / "out", "dump") / "facts.csv")
    assert got == expected_tables.facts(expected)


def test_the_text_route_is_still_there(headerless_dump, expected):
    """Settings(layout_dump_engine=False) reads a layout dump by the text route (catalogue
    header trees)."""
    doc = yusuan.read(headerless_dump, settings=SETTINGS.with_(layout_dump_engine=False))
    assert all(t.header_source != "geometry" for t in doc.tables)
    assert [t.label for t in doc.tables][:12] == [e.label for e in expected]
